/**
 * Starts the indexer (`indexer/scripts/start.ts`) as a child process on 127.0.0.1 for the tests, the app and the
 * benchmark, waits until it serves, and stops it (and Ponder under it) on request.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

import { freePort } from "./local-node.js";

/** How to start an indexer. */
export interface IndexerOptions {
  rpcUrl: string;
  deploymentId: string;
  /** Default: a free port. */
  port?: number;
  /** PGlite folder (default: one per chain under indexer/.ponder). Ignored with `databaseUrl`. */
  directory?: string;
  /** Postgres connection string (default: embedded PGlite). */
  databaseUrl?: string;
  /** Postgres schema (default: one per chain). */
  schema?: string;
  reset?: boolean;
  /** Extra environment for the indexer (the IPFS gateway for documents, say). */
  env?: Record<string, string>;
  /** Where the indexer's output goes (default: kept in `output` only). */
  echo?: boolean;
  /** Resolve once `/ready` answers and the tables reached the chain's head; default true. */
  waitReady?: boolean;
}

/** A running indexer. */
export interface RunningIndexer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the indexer printed so far. */
  output(): string;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  /** Stops it (SIGTERM, then SIGKILL after 10 s); safe to call twice. */
  stop(): Promise<void>;
}

const START = path.resolve("indexer", "scripts", "start.ts");
const TSX = path.resolve("node_modules", ".bin", "tsx");

/** The launcher's exit code when its port was taken (indexer/scripts/start.ts). */
const PORT_TAKEN = 4;

/**
 * Starts an indexer and waits until its API answers (and, by default, its backfill is done). A free port it chose
 * that another program takes before the indexer binds it (other test runs on the machine) is replaced by another.
 */
export async function startIndexer(options: IndexerOptions): Promise<RunningIndexer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || options.port !== undefined || attempt === 3) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function startOnce(options: IndexerOptions): Promise<RunningIndexer> {
  const port = options.port ?? (await freePort());
  const args = [START, "--rpc", options.rpcUrl, "--deployment", options.deploymentId, "--port", String(port)];
  if (options.directory !== undefined) args.push("--dir", options.directory);
  if (options.schema !== undefined) args.push("--schema", options.schema);
  if (options.reset === true) args.push("--reset");
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, OPENPLEDGE_INDEXER_LOG_FORMAT: "pretty" };
  delete env.DATABASE_URL;
  delete env.DATABASE_SCHEMA;
  if (options.databaseUrl !== undefined) env.DATABASE_URL = options.databaseUrl;
  const child = spawn(TSX, args, { detached: true, stdio: ["ignore", "pipe", "pipe"], env });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (options.echo === true) process.stdout.write(chunk);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    // To the launcher only: it passes the signal on to Ponder once, which then unlocks its schema as it stops (a
    // second signal makes Ponder quit at once, and the next start waits for the lock to expire).
    child.kill("SIGTERM");
    const timer = setTimeout(() => signalGroup(child.pid ?? 0, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const running: RunningIndexer = { url, port, child, output: () => output, exited, stop };
  const readyPath = options.waitReady === false ? "/health" : "/ready";
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode === PORT_TAKEN) throw new PortTakenError(`the indexer exited with ${PORT_TAKEN} (port ${port} was taken):\n${output}`);
    if (child.exitCode !== null) throw new Error(`the indexer exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${url}${readyPath}`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) {
        if (options.waitReady !== false) await waitForHead(running, deadline - Date.now());
        return running;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the indexer did not answer ${readyPath} within 180 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Waits until the indexer's tables include block `blockNumber` (or later). */
export async function waitForBlock(indexer: RunningIndexer, blockNumber: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${indexer.url}/api/status`);
    if (response.ok) {
      const status = (await response.json()) as { indexed: { number: string } | null };
      if (status.indexed !== null && Number(status.indexed.number) >= blockNumber) return;
    }
    if (Date.now() > deadline) throw new Error(`the indexer did not reach block ${blockNumber} within ${timeoutMs} ms:\n${indexer.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the tables include the chain's latest block (Ponder's `/ready` means only "backfill done"). */
export async function waitForHead(indexer: RunningIndexer, timeoutMs = 60_000): Promise<void> {
  const response = await fetch(`${indexer.url}/api/status`);
  const status = (await response.json()) as { head: { number: string } };
  await waitForBlock(indexer, Number(status.head.number), timeoutMs);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
