/**
 * `npm run bench:indexer`: the indexer at the scale of issue 11, measured. Long (tens of minutes at full scale): not
 * part of CI.
 *
 * 1. Starts a `hardhat node` on 127.0.0.1, deploys OpenPledge and the PUSD test token through Ignition (as every seed
 *    does), serves the projects' and campaigns' documents on 127.0.0.1 (the indexer's IPFS gateway: titles to search),
 *    and seeds 10,000 campaigns (1,000 of them with milestone plans), 50,000 pledges from 2,000 backers, over 500
 *    projects of 200 owners, then claims, refunds, milestone deliveries and objections three weeks and a half later
 *    (`scripts/lib/seed-scale.ts`: blocks of hundreds of raw transactions).
 * 2. For each database (embedded PGlite, then a throwaway Debian Postgres on 127.0.0.1 when installed):
 *    - the time the indexer takes to catch up from zero (start → tables at the chain's head), and its memory (VmRSS and
 *      VmHWM of the Ponder process, the proportional set size of its process tree, and of Postgres);
 *    - p50/p95 of the API's list queries as the app makes them (pages of 50), sequentially, idle;
 *    - the same while a second indexer catches up from zero on the same machine (and the same Postgres server): the
 *      indexer asked is complete, so its answers stay comparable, and it serves while a re-index or a new API
 *      instance's indexer writes beside it — the load a deployment sees.
 * 3. The same lists through the client's RPC fallback (`OpenPledgeClient` without an indexer: logs from the chain) and
 *    through the client with the indexer (every page of the list), for the ratio.
 *
 * Writes reports/indexer-bench.json and prints a table. Every server binds 127.0.0.1 and is stopped on the way out,
 * errors and Ctrl-C included.
 *
 * Environment: OPENPLEDGE_BENCH_SCALE (default 1; 0.1 for a quick run), OPENPLEDGE_BENCH_SAMPLES (per query, default
 * 200), OPENPLEDGE_BENCH_RPC_SAMPLES (per fallback read, default 10), OPENPLEDGE_BENCH_DATABASES (default
 * "pglite,postgres").
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { JsonRpcProvider } from "ethers";
import { network } from "hardhat";

import { startDocumentHost, type DocumentHost } from "../app/scripts/documents.js";
import { IndexerReader, OpenPledgeClient, readDeployment } from "../client/node.js";
import { startIndexer, type RunningIndexer } from "./lib/indexer.js";
import { startLocalNode, type LocalNode } from "./lib/local-node.js";
import { postgresBinaries, startPostgres, type RunningPostgres } from "./lib/postgres.js";
import { deployProtocolWithTestToken } from "./lib/protocol.js";
import { countsFor, seedScale, type SeedResult } from "./lib/seed-scale.js";

const SCALE = Number(process.env.OPENPLEDGE_BENCH_SCALE ?? "1");
const SAMPLES = Number(process.env.OPENPLEDGE_BENCH_SAMPLES ?? "200");
const RPC_SAMPLES = Number(process.env.OPENPLEDGE_BENCH_RPC_SAMPLES ?? "10");
const DATABASES = (process.env.OPENPLEDGE_BENCH_DATABASES ?? "pglite,postgres").split(",").map((name) => name.trim());
const WARMUP = 10;
const TARGET_P95_MS = 50;
const CATCH_UP_TIMEOUT_MS = 60 * 60_000;
const REPORT = path.resolve("reports", "indexer-bench.json");
const DEPLOYMENT_ID = `bench-indexer-${process.pid}`;
const deploymentDir = path.resolve("deploy", "deployments", DEPLOYMENT_ID);

if (!(SCALE > 0) || !Number.isInteger(SAMPLES) || SAMPLES < 1 || !Number.isInteger(RPC_SAMPLES) || RPC_SAMPLES < 1) {
  console.error("OPENPLEDGE_BENCH_SCALE must be above 0, OPENPLEDGE_BENCH_SAMPLES and OPENPLEDGE_BENCH_RPC_SAMPLES whole numbers from 1");
  process.exit(2);
}

// ------------------------------------------------------------------ what is running, stopped on every way out

const folders: string[] = [];
const stoppers: Array<() => Promise<void>> = [];
let node: LocalNode | undefined;
let documents: DocumentHost | undefined;
let closing = false;

function removeFiles(): void {
  rmSync(deploymentDir, { recursive: true, force: true });
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
}

/** Stops what runs, newest first (indexers before Postgres and the node they read), and removes what was written. */
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
  await documents?.stop().catch(() => undefined);
  await node?.stop().catch(() => undefined);
  removeFiles();
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    console.error(`\nbench:indexer: ${signal}, stopping the node, the indexers and Postgres…`);
    void shutdown().then(() => process.exit(130));
  });
}
process.on("exit", removeFiles);

function tempFolder(prefix: string): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.push(folder);
  return folder;
}

/** Starts a server and registers its stop, so that it is stopped on any way out. */
function track<T extends { stop(): Promise<void> }>(server: T): T {
  let stopped = false;
  const stop = server.stop.bind(server);
  const once = async () => {
    if (stopped) return;
    stopped = true;
    await stop();
  };
  stoppers.push(once);
  server.stop = once;
  return server;
}

// ------------------------------------------------------------------ measuring

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
}

function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    n: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    mean: round(sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

/** One list query of the app: its name and its path on the indexer. */
interface QueryCase {
  name: string;
  path: string;
}

async function timeGet(url: string): Promise<number> {
  const start = performance.now();
  const response = await fetch(url);
  const body = await response.text();
  const elapsed = performance.now() - start;
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 300)}`);
  return elapsed;
}

async function measureIdle(indexer: RunningIndexer, cases: readonly QueryCase[]): Promise<Record<string, Stats>> {
  const results: Record<string, Stats> = {};
  for (const query of cases) {
    for (let i = 0; i < WARMUP; i++) await timeGet(`${indexer.url}${query.path}`);
    const samples: number[] = [];
    for (let i = 0; i < SAMPLES; i++) samples.push(await timeGet(`${indexer.url}${query.path}`));
    results[query.name] = stats(samples);
  }
  return results;
}

/** Round-robin over the queries against `indexer` until `busy` settles (at most SAMPLES each). */
async function measureWhile(indexer: RunningIndexer, cases: readonly QueryCase[], busy: Promise<unknown>): Promise<Record<string, Stats>> {
  let done = false;
  void busy.finally(() => (done = true)).catch(() => undefined);
  const samples = new Map<string, number[]>(cases.map((query) => [query.name, []]));
  while (!done) {
    let full = true;
    for (const query of cases) {
      const list = samples.get(query.name) as number[];
      if (list.length >= SAMPLES || done) continue;
      full = false;
      list.push(await timeGet(`${indexer.url}${query.path}`));
    }
    if (full) break;
  }
  await busy;
  return Object.fromEntries([...samples].map(([name, list]) => [name, stats(list)]));
}

interface ProcessMemory {
  pid: number;
  command: string;
  /** Peak resident set (VmHWM), MiB. */
  peakRssMb: number;
  /** Resident set at the end (VmRSS), MiB. */
  rssMb: number;
}

interface MemoryReport {
  /** The Ponder process (`ponder start`), where PGlite lives too. */
  ponder: ProcessMemory | undefined;
  /** Highest proportional set size (Pss, shared pages split) of the indexer's process tree while sampled, MiB. */
  treePeakPssMb: number;
  treeEndPssMb: number;
  /** Postgres's server and backends (Pss summed), highest while sampled, MiB; null without Postgres. */
  postgresPeakPssMb: number | null;
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return undefined;
  }
}

function kbField(text: string | undefined, field: string): number {
  const match = text === undefined ? null : new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text);
  return match === null ? 0 : Number(match[1]);
}

/** Every process's parent, from /proc. */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProc(Number(name), "stat");
    if (stat === undefined) continue;
    // pid (comm) state ppid ...: comm may hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    map.set(Number(name), Number(fields[1]));
  }
  return map;
}

function tree(root: number, parentOf: Map<number, number>): number[] {
  const found = [root];
  for (let i = 0; i < found.length; i++) for (const [pid, parent] of parentOf) if (parent === found[i]) found.push(pid);
  return found.filter((pid) => readProc(pid, "status") !== undefined);
}

function commandOf(pid: number): string {
  return (readProc(pid, "cmdline") ?? "").replaceAll("\0", " ").trim();
}

function pssMb(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + kbField(readProc(pid, "smaps_rollup"), "Pss"), 0) / 1024;
}

/** Samples the memory of an indexer's process tree (and of Postgres's) every half second until stopped. */
function sampleMemory(indexer: RunningIndexer, postgresPort?: number): { stop(): MemoryReport } {
  const root = indexer.child.pid ?? 0;
  let treePeak = 0;
  let postgresPeak: number | null = postgresPort === undefined ? null : 0;
  let ponderPid: number | undefined;
  const postgresPids = (parentOf: Map<number, number>): number[] => {
    if (postgresPort === undefined) return [];
    for (const pid of parentOf.keys()) {
      const command = commandOf(pid);
      if (command.includes("postgres") && command.includes(`-p ${postgresPort} `)) return tree(pid, parentOf);
    }
    return [];
  };
  const sample = () => {
    const parentOf = parents();
    const pids = tree(root, parentOf);
    treePeak = Math.max(treePeak, pssMb(pids));
    ponderPid ??= pids.find((pid) => /ponder(\.js)?\s+start/.test(commandOf(pid)) || commandOf(pid).includes("node_modules/.bin/ponder start"));
    if (postgresPeak !== null) postgresPeak = Math.max(postgresPeak, pssMb(postgresPids(parentOf)));
  };
  sample();
  const timer = setInterval(sample, 500);
  return {
    stop(): MemoryReport {
      clearInterval(timer);
      sample();
      const pids = tree(root, parents());
      const status = ponderPid === undefined ? undefined : readProc(ponderPid, "status");
      return {
        ponder:
          ponderPid === undefined || status === undefined
            ? undefined
            : { pid: ponderPid, command: commandOf(ponderPid).slice(0, 120), peakRssMb: Math.round(kbField(status, "VmHWM") / 1024), rssMb: Math.round(kbField(status, "VmRSS") / 1024) },
        treePeakPssMb: Math.round(treePeak),
        treeEndPssMb: Math.round(pssMb(pids)),
        postgresPeakPssMb: postgresPeak === null ? null : Math.round(postgresPeak),
      };
    },
  };
}

interface CatchUp {
  /** From spawning the indexer to its tables at the chain's head, seconds. */
  seconds: number;
  /** From spawning to its HTTP server answering, seconds. */
  serving: number;
  blocks: number;
}

/** Starts an indexer from zero and resolves once its tables reach the chain's head. */
async function catchUp(options: Parameters<typeof startIndexer>[0], head: number): Promise<{ indexer: RunningIndexer; done: Promise<CatchUp> }> {
  const start = performance.now();
  const indexer = track(await startIndexer({ ...options, waitReady: false, reset: true }));
  const serving = (performance.now() - start) / 1000;
  const done = (async (): Promise<CatchUp> => {
    const reader = new IndexerReader(indexer.url, { timeoutMs: 30_000 });
    for (;;) {
      if (indexer.child.exitCode !== null) throw new Error(`the indexer exited with ${indexer.child.exitCode}:\n${indexer.output().slice(-3000)}`);
      const status = await reader.status().catch(() => undefined);
      if (status !== undefined && status.ready && status.indexed !== null && Number(status.indexed.number) >= head) {
        return { seconds: (performance.now() - start) / 1000, serving, blocks: head };
      }
      if (performance.now() - start > CATCH_UP_TIMEOUT_MS) throw new Error(`the indexer did not catch up within ${CATCH_UP_TIMEOUT_MS / 60_000} minutes:\n${indexer.output().slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  return { indexer, done };
}

// ------------------------------------------------------------------ the run

interface DatabaseResult {
  catchUp: CatchUp;
  memory: MemoryReport;
  rows: Record<string, number>;
  idle: Record<string, Stats>;
  /** While a second indexer catches up from zero beside it. */
  whileAnotherCatchesUp: Record<string, Stats>;
  secondCatchUp: CatchUp;
  secondMemory: MemoryReport;
  /** Postgres only: EXPLAIN ANALYZE of the SQL behind the heaviest lists. */
  explain?: Record<string, { executionMs: number; plan: string }>;
}

function loadAverage(): string {
  return os.loadavg().map((value) => value.toFixed(2)).join(" ");
}

async function main(): Promise<void> {
  const began = new Date();
  const counts = countsFor(SCALE);
  console.log(`bench:indexer: scale ${SCALE} (${counts.campaigns} campaigns, ${counts.milestoneCampaigns} with milestones, ${counts.pledges} pledges, ${counts.projects} projects, ${counts.backers} backers); load average ${loadAverage()} on ${os.cpus().length} cores`);
  node = await startLocalNode();
  documents = await startDocumentHost();
  const connection = await network.create({ network: "localhost", override: { url: node.rpcUrl } });
  let token: string;
  try {
    const [deployer] = await connection.ethers.getSigners();
    if (deployer === undefined) throw new Error("the node has no accounts");
    const roles = { owner: deployer.address, guardian: deployer.address, feeRecipient: deployer.address, feeBps: 250 };
    ({ tokenAddress: token } = await deployProtocolWithTestToken(connection, deployer, { roles, deploymentId: DEPLOYMENT_ID }));
  } finally {
    await connection.close();
  }
  const addresses = await readDeployment(path.resolve("deploy", "deployments"), DEPLOYMENT_ID);
  console.log(`deployed: registry ${addresses.registry}, escrow ${addresses.escrow}, PUSD ${token}`);

  const seed = await seedScale({ rpcUrl: node.rpcUrl, registry: addresses.registry, escrow: addresses.escrow, token }, counts, documents, (line) => console.log(`  seed: ${line}`));
  console.log(
    `seeded ${seed.transactions.toLocaleString("en-US")} transactions in ${seed.blocks} blocks in ${seed.seconds.toFixed(0)} s ` +
      `(${Math.round(seed.transactions / seed.seconds)} tx/s); chain at block ${seed.lastBlock}`,
  );
  const head = seed.lastBlock;

  const cases = queryCases(seed);
  const indexerEnv = { OPENPLEDGE_IPFS_GATEWAY: documents.gateway };
  const results: Record<string, DatabaseResult> = {};
  let rpcFallback: Record<string, Stats> | undefined;
  let indexerClient: Record<string, Stats> | undefined;
  let listSizes: Record<string, number> | undefined;
  const loadBefore = loadAverage();

  for (const database of DATABASES) {
    let postgres: RunningPostgres | undefined;
    let first: { directory?: string; databaseUrl?: string; schema?: string };
    let second: typeof first;
    if (database === "pglite") {
      first = { directory: tempFolder("openpledge-bench-pglite-a-") };
      second = { directory: tempFolder("openpledge-bench-pglite-b-") };
    } else if (database === "postgres") {
      if (postgresBinaries() === undefined) {
        console.log("postgres: not installed (apt-get install postgresql): skipped");
        continue;
      }
      postgres = track(await startPostgres());
      first = { databaseUrl: postgres.url, schema: "bench_a" };
      second = { databaseUrl: postgres.url, schema: "bench_b" };
    } else {
      throw new Error(`OPENPLEDGE_BENCH_DATABASES: unknown database "${database}" (pglite, postgres)`);
    }
    console.log(`${database}: indexer catching up from zero (load average ${loadAverage()})…`);
    const base = { rpcUrl: node.rpcUrl, deploymentId: DEPLOYMENT_ID, env: indexerEnv };
    const a = await catchUp({ ...base, ...first }, head);
    const memoryA = sampleMemory(a.indexer, postgres?.port);
    const caughtUp = await a.done;
    console.log(`${database}: caught up with ${head} blocks in ${caughtUp.seconds.toFixed(1)} s`);
    const rows = await rowCounts(a.indexer);
    await checkAnswers(a.indexer, seed);
    console.log(`${database}: ${SAMPLES} requests per query, idle (load average ${loadAverage()})…`);
    const idle = await measureIdle(a.indexer, cases);
    const memory = memoryA.stop();
    const explain = postgres === undefined ? undefined : explainQueries(postgres, first.schema ?? "", seed, await new IndexerReader(a.indexer.url).status());
    if (rpcFallback === undefined) {
      console.log("client: the same lists through the RPC fallback and through the indexer…");
      ({ rpcFallback, indexerClient, listSizes } = await clientReads(node.rpcUrl, addresses, a.indexer.url, seed));
    }
    console.log(`${database}: queries while a second indexer catches up from zero (load average ${loadAverage()})…`);
    const b = await catchUp({ ...base, ...second }, head);
    const memoryB = sampleMemory(b.indexer, postgres?.port);
    const during = await measureWhile(a.indexer, cases, b.done);
    const secondCatchUp = await b.done;
    const secondMemory = memoryB.stop();
    await b.indexer.stop();
    await a.indexer.stop();
    await postgres?.stop();
    results[database] = { catchUp: caughtUp, memory, rows, idle, whileAnotherCatchesUp: during, secondCatchUp, secondMemory, explain };
    printDatabase(database, results[database]);
  }

  const report = {
    date: began.toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAverageAtStart: loadBefore,
      loadAverageAtEnd: loadAverage(),
      note: "load average: other work on the machine (tests of other engineers) shares its cores",
    },
    scale: SCALE,
    counts,
    seed: { ...seed, hotCampaign: seed.hotCampaign.toString() },
    samplesPerQuery: SAMPLES,
    targetP95Ms: TARGET_P95_MS,
    queries: cases,
    databases: results,
    client: { samples: RPC_SAMPLES, listSizes, rpcFallback, indexer: indexerClient },
  };
  mkdirSync(path.dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
  printClient(rpcFallback, indexerClient, listSizes, results);
  const misses = Object.entries(results).flatMap(([database, result]) =>
    Object.entries(result.idle)
      .filter(([, value]) => value.p95 > TARGET_P95_MS)
      .map(([name, value]) => `${database} ${name} (p95 ${value.p95} ms)`),
  );
  console.log(misses.length === 0 ? `\nevery query's idle p95 is under ${TARGET_P95_MS} ms` : `\nidle p95 above ${TARGET_P95_MS} ms: ${misses.join(", ")}`);
  console.log(`written: ${path.relative(process.cwd(), REPORT)}`);
}

/** The list queries the app makes, about the seed's busiest rows. */
function queryCases(seed: SeedResult): QueryCase[] {
  const cases: QueryCase[] = [];
  for (const sort of ["newest", "most-funded", "ending-soon"]) cases.push({ name: `projects ${sort}`, path: `/api/projects?sort=${sort}&limit=50` });
  cases.push({ name: `projects search "${seed.searchWord}"`, path: `/api/projects?search=${seed.searchWord}&limit=50` });
  for (const sort of ["newest", "most-funded", "ending-soon"]) cases.push({ name: `campaigns ${sort}`, path: `/api/campaigns?sort=${sort}&limit=50` });
  cases.push({ name: "campaigns of a project", path: `/api/campaigns?project=1&sort=newest&limit=50` });
  cases.push({ name: "campaign backers", path: `/api/campaigns/${seed.hotCampaign}/backers?limit=50` });
  cases.push({ name: "campaign history", path: `/api/campaigns/${seed.hotCampaign}/history?limit=50` });
  cases.push({ name: "my pledges (100), page 1", path: `/api/accounts/${seed.heavyBacker}/pledges?limit=50` });
  cases.push({ name: "my pledges (100), page 2", path: `/api/accounts/${seed.heavyBacker}/pledges?limit=50&offset=50` });
  cases.push({ name: "maintainer page", path: `/api/accounts/${seed.busyMaintainer}/maintainer` });
  // Builder and dependency shares: the pages the app shows for a campaign, a project and an account.
  cases.push({ name: "campaign split", path: `/api/campaigns/${seed.hotCampaign}/split` });
  cases.push({ name: "project dependencies", path: "/api/projects/1/dependencies?limit=50" });
  cases.push({ name: "project shares", path: "/api/projects/1/shares?limit=50" });
  cases.push({ name: "owed to a busy maintainer", path: `/api/accounts/${seed.busyMaintainer}/owed` });
  return cases;
}

/** Row counts of the tables, through the API's totals. */
async function rowCounts(indexer: RunningIndexer): Promise<Record<string, number>> {
  const reader = new IndexerReader(indexer.url, { timeoutMs: 60_000 });
  const [projects, campaigns] = await Promise.all([reader.projects({ limit: 1 }), reader.campaigns({ limit: 1 })]);
  return { projects: projects.total, campaigns: campaigns.total };
}

/** Each query answers what the seed holds (a benchmark of wrong answers would be worth nothing). */
async function checkAnswers(indexer: RunningIndexer, seed: SeedResult): Promise<void> {
  const reader = new IndexerReader(indexer.url, { timeoutMs: 60_000 });
  const fail = (what: string) => {
    throw new Error(`the indexer's answer does not match the seed: ${what}`);
  };
  const [projects, campaigns, backers, pledges, maintainer, search] = await Promise.all([
    reader.projects({ limit: 50 }),
    reader.campaigns({ limit: 50 }),
    reader.backers(seed.hotCampaign, { limit: 50 }),
    reader.accountPledges(seed.heavyBacker, { limit: 50 }),
    reader.maintainer(seed.busyMaintainer),
    reader.projects({ search: seed.searchWord, limit: 50 }),
  ]);
  if (projects.total !== seed.counts.projects) fail(`${projects.total} projects, not ${seed.counts.projects}`);
  if (campaigns.total !== seed.counts.campaigns) fail(`${campaigns.total} campaigns, not ${seed.counts.campaigns}`);
  if (backers.total < seed.counts.hotCampaignBackers) fail(`${backers.total} backers of the hot campaign, fewer than ${seed.counts.hotCampaignBackers}`);
  if (pledges.total !== seed.counts.heavyBackerPledges) fail(`${pledges.total} pledges of the heavy backer, not ${seed.counts.heavyBackerPledges}`);
  if (maintainer.projects.length !== seed.counts.busyMaintainerProjects) fail(`${maintainer.projects.length} projects of the busy maintainer, not ${seed.counts.busyMaintainerProjects}`);
  // Titles come from the documents, read outside the handlers: they may lag the tables a little.
  if (search.total < seed.searchMatches) console.log(`  (search "${seed.searchWord}" finds ${search.total} of ${seed.searchMatches} titled projects: documents still being read)`);
}

interface Addresses {
  registry: string;
  escrow: string;
  deploymentBlock?: number;
}

/** The four lists the client reads, through the RPC fallback and through the indexer (all pages). */
async function clientReads(
  rpcUrl: string,
  addresses: Addresses,
  indexerUrl: string,
  seed: SeedResult,
): Promise<{ rpcFallback: Record<string, Stats>; indexerClient: Record<string, Stats>; listSizes: Record<string, number> }> {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  const onFallback = (fallback: { message: string }) => {
    throw new Error(`the client fell back to the chain: ${fallback.message}`);
  };
  const viaChain = new OpenPledgeClient(addresses, provider);
  const viaIndexer = new OpenPledgeClient(addresses, provider, { indexerUrl, indexerTimeoutMs: 60_000, onFallback });
  const reads: Array<[string, (client: OpenPledgeClient) => Promise<unknown[]>]> = [
    ["listProjects", (client) => client.listProjects()],
    ["listCampaigns", (client) => client.listCampaigns()],
    ["campaignBackers", (client) => client.campaignBackers(seed.hotCampaign)],
    ["campaignHistory", (client) => client.campaignHistory(seed.hotCampaign)],
  ];
  const rpcFallback: Record<string, Stats> = {};
  const indexerClient: Record<string, Stats> = {};
  const listSizes: Record<string, number> = {};
  try {
    for (const [name, read] of reads) {
      for (const [client, into] of [
        [viaChain, rpcFallback],
        [viaIndexer, indexerClient],
      ] as const) {
        const rows = await read(client);
        listSizes[name] = rows.length;
        const samples: number[] = [];
        for (let i = 0; i < RPC_SAMPLES; i++) {
          const start = performance.now();
          await read(client);
          samples.push(performance.now() - start);
        }
        into[name] = stats(samples);
      }
    }
  } finally {
    provider.destroy();
  }
  return { rpcFallback, indexerClient, listSizes };
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the SQL the API runs for its heaviest lists (written out here as `indexer/src/api`
 * builds it with Drizzle: Ponder's columns are snake_case), run with psql against the indexer's schema.
 */
function explainQueries(postgres: RunningPostgres, schema: string, seed: SeedResult, status: { head: { timestamp: string } }): Record<string, { executionMs: number; plan: string }> {
  const bin = postgresBinaries();
  if (bin === undefined) return {};
  const now = status.head.timestamp;
  const account = `'${seed.heavyBacker}'`;
  const queries: Record<string, string> = {
    "campaigns most-funded": "SELECT * FROM campaign ORDER BY funded_bps DESC, id DESC LIMIT 50",
    "campaigns count": "SELECT count(*) FROM campaign",
    "campaigns ending-soon": `SELECT * FROM campaign WHERE status = 'active' AND deadline >= ${now} ORDER BY deadline ASC, id ASC LIMIT 50`,
    "campaigns ending-soon count": `SELECT count(*) FROM campaign WHERE status = 'active' AND deadline >= ${now}`,
    "projects most-funded": "SELECT * FROM project ORDER BY funded_bps DESC, id DESC LIMIT 50",
    "projects ending-soon":
      `SELECT project.* FROM project LEFT JOIN (SELECT project_id, min(deadline) AS next_deadline FROM campaign WHERE status = 'active' AND deadline >= ${now} GROUP BY project_id) next ON next.project_id = project.id ORDER BY next.next_deadline ASC NULLS LAST, project.id DESC LIMIT 50`,
    "project totals (50 projects)":
      `SELECT project_id, count(*) FILTER (WHERE status = 'active' AND deadline >= ${now}), min(deadline) FILTER (WHERE status = 'active' AND deadline >= ${now}) FROM campaign WHERE project_id IN (SELECT id FROM project ORDER BY id DESC LIMIT 50) GROUP BY project_id`,
    "my pledges": `SELECT * FROM pledge WHERE backer = ${account} ORDER BY updated_at_block DESC, campaign_id DESC LIMIT 50`,
    "campaign backers": `SELECT * FROM pledge WHERE campaign_id = ${seed.hotCampaign} ORDER BY amount DESC, first_pledged_at_block ASC, first_pledged_log_index ASC LIMIT 50`,
    "campaign history": `SELECT * FROM campaign_event WHERE campaign_id = ${seed.hotCampaign} ORDER BY block_number ASC, log_index ASC LIMIT 50`,
    "maintainer's campaigns":
      `SELECT * FROM campaign WHERE project_id IN (SELECT id FROM project WHERE owner = '${seed.busyMaintainer}') AND status IN ('active', 'rejected') ORDER BY id`,
  };
  const plans: Record<string, { executionMs: number; plan: string }> = {};
  for (const [name, query] of Object.entries(queries)) {
    const plan = execFileSync(path.join(bin, "psql"), [postgres.url, "-X", "-q", "-A", "-t", "-c", `SET search_path TO "${schema}"`, "-c", `EXPLAIN (ANALYZE, BUFFERS) ${query}`], { encoding: "utf8" });
    const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? "NaN");
    plans[name] = { executionMs, plan: plan.trim() };
  }
  return plans;
}

// ------------------------------------------------------------------ printing

const ms = (value: number) => (Number.isNaN(value) ? "-" : value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString("en-US"));

function printDatabase(database: string, result: DatabaseResult): void {
  const names = Object.keys(result.idle);
  const width = Math.max(...names.map((name) => name.length));
  console.log(`\n${database}: caught up from zero in ${result.catchUp.seconds.toFixed(1)} s (${result.catchUp.blocks} blocks; serving after ${result.catchUp.serving.toFixed(1)} s)`);
  const memory = result.memory;
  console.log(
    `${database}: memory: Ponder process peak ${memory.ponder?.peakRssMb ?? "?"} MiB RSS (${memory.ponder?.rssMb ?? "?"} MiB at the end); ` +
      `indexer's process tree peak ${memory.treePeakPssMb} MiB PSS` +
      (memory.postgresPeakPssMb === null ? "" : `; Postgres peak ${memory.postgresPeakPssMb} MiB PSS`),
  );
  console.log(`${database}: a second indexer from zero beside it caught up in ${result.secondCatchUp.seconds.toFixed(1)} s`);
  if (result.explain !== undefined) {
    console.log(`${database}: EXPLAIN ANALYZE execution times: ${Object.entries(result.explain).map(([name, value]) => `${name} ${ms(value.executionMs)} ms`).join("; ")}`);
  }
  console.log(`\n${"query".padEnd(width)}  idle p50   p95   p99 | catching up p50   p95   (n)`);
  for (const name of names) {
    const idle = result.idle[name] as Stats;
    const busy = result.whileAnotherCatchesUp[name] as Stats;
    const flag = idle.p95 > TARGET_P95_MS ? "  > target" : "";
    console.log(
      `${name.padEnd(width)}  ${ms(idle.p50).padStart(8)} ${ms(idle.p95).padStart(5)} ${ms(idle.p99).padStart(5)} | ${ms(busy.p50).padStart(15)} ${ms(busy.p95).padStart(5)} (${busy.n})${flag}`,
    );
  }
}

function printClient(
  rpcFallback: Record<string, Stats> | undefined,
  indexerClient: Record<string, Stats> | undefined,
  listSizes: Record<string, number> | undefined,
  results: Record<string, DatabaseResult>,
): void {
  if (rpcFallback === undefined || indexerClient === undefined || listSizes === undefined) return;
  const pages: Record<string, string> = { listProjects: "projects newest", listCampaigns: "campaigns newest", campaignBackers: "campaign backers", campaignHistory: "campaign history" };
  const firstDatabase = Object.values(results)[0];
  console.log(`\nclient reads (${RPC_SAMPLES} each, ms)   rows  RPC p50  indexer p50  ratio | API page of 50 p50  ratio`);
  for (const name of Object.keys(rpcFallback)) {
    const chain = rpcFallback[name] as Stats;
    const indexed = indexerClient[name] as Stats;
    const page = firstDatabase?.idle[pages[name] ?? ""];
    console.log(
      `${name.padEnd(34)} ${String(listSizes[name]).padStart(5)} ${ms(chain.p50).padStart(8)} ${ms(indexed.p50).padStart(12)} ${(chain.p50 / indexed.p50).toFixed(1).padStart(6)} | ` +
        `${page === undefined ? "-" : ms(page.p50).padStart(18)} ${page === undefined ? "" : (chain.p50 / page.p50).toFixed(0).padStart(6)}`,
    );
  }
}

try {
  await main();
} catch (error) {
  console.error(`bench:indexer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
} finally {
  await shutdown();
}
process.exit(process.exitCode ?? 0);
