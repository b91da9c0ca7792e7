/**
 * Seeds a local `hardhat node` at scale for the indexer's benchmark (`scripts/bench-indexer.ts`): projects with
 * maintainers, ETH and PUSD campaigns (some with milestone plans), pledges from thousands of backers, then, a few weeks
 * of chain time later, claims, refunds, milestone deliveries and objections, so that every list has rows in every state.
 *
 * Fast because it never waits for a transaction: automine is off, every account's nonce is counted here, transactions
 * are signed here (wallets derived from a mnemonic) and sent raw in JSON-RPC batches, a block's worth at a time, then
 * one `evm_mine` packs them into one block (hundreds of transactions each). Ids are read back from the events (the
 * order within a block is the node's), and every phase checks that each of its transactions left its event: a reverted
 * transaction stops the seeding with what failed.
 */
import { HDNodeWallet, Interface, Mnemonic, Transaction, ZeroAddress, parseEther, parseUnits } from "ethers";

import { specHashOf } from "../../client/index.js";
import { PledgeEscrow__factory, ProjectRegistry__factory, TestToken__factory } from "../../typechain-types/index.js";

/** How much to seed. */
export interface ScaleCounts {
  projects: number;
  /** Accounts that own projects (the busy maintainer, owner 0, owns `busyMaintainerProjects` of them). */
  owners: number;
  backers: number;
  /** All campaigns, milestone campaigns included. */
  campaigns: number;
  /** Campaigns (among `campaigns`) opened with a milestone plan. */
  milestoneCampaigns: number;
  /** All pledges (the heavy backer's and the hot campaign's included). */
  pledges: number;
  /** Pledges of backer 0, each to another campaign: the "my pledges" page. */
  heavyBackerPledges: number;
  /** Distinct backers of campaign 1 (the hot campaign): its backers and history pages. */
  hotCampaignBackers: number;
  busyMaintainerProjects: number;
  /** Campaigns (among `campaigns`) of the busy maintainer's projects. */
  busyMaintainerCampaigns: number;
}

/** The scale (10,000 campaigns, 50,000 pledges, 1,000 milestone campaigns), times `scale` (at least a little of each). */
export function countsFor(scale: number): ScaleCounts {
  const of = (n: number, min: number) => Math.max(min, Math.round(n * scale));
  const backers = of(2_000, 120);
  return {
    projects: of(500, 25),
    owners: of(200, 10),
    backers,
    campaigns: of(10_000, 200),
    milestoneCampaigns: of(1_000, 20),
    pledges: of(50_000, 1_000),
    heavyBackerPledges: Math.min(100, of(10_000, 200)),
    hotCampaignBackers: Math.min(of(1_000, 100), backers - 1),
    busyMaintainerProjects: Math.min(20, of(500, 25)),
    busyMaintainerCampaigns: of(400, 20),
  };
}

/** Addresses of the deployment to seed. */
export interface SeedTarget {
  rpcUrl: string;
  registry: string;
  escrow: string;
  token: string;
}

/** Serves documents (metadata and specs) by their IPFS CID: `app/scripts/documents.ts`. */
export interface DocumentPins {
  pin(body: string): string;
}

/** What was seeded, and the accounts and campaigns the benchmark's queries are about. */
export interface SeedResult {
  counts: ScaleCounts;
  /** Per phase: transactions, blocks, seconds. */
  phases: Array<{ name: string; transactions: number; blocks: number; seconds: number }>;
  transactions: number;
  blocks: number;
  seconds: number;
  firstBlock: number;
  lastBlock: number;
  /** Backer 0: `heavyBackerPledges` pledges. */
  heavyBacker: string;
  /** Owner 0: `busyMaintainerProjects` projects. */
  busyMaintainer: string;
  busyMaintainerCampaigns: number;
  /** Campaign with `hotCampaignBackers` backers. */
  hotCampaign: bigint;
  /** A word found in some project titles (search). */
  searchWord: string;
  searchMatches: number;
  settlement: { claims: number; refunds: number; submissions: number; objections: number };
}

const DAY = 86_400;
/** Hardhat's default accounts (account 0 deploys and owns the protocol); the bench's own accounts come from another. */
const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";
const BENCH_MNEMONIC = "candy maple cake sugar pudding cream honey rich smooth crumble sweet treat";
const GWEI = 1_000_000_000n;
/** Share of a block's gas limit filled with declared gas (the rest: slack). */
const BLOCK_FILL = 0.95;
const RPC_BATCH = 200;
const WORDS = ["parser", "compiler", "graph", "crypto", "router", "storage", "vector", "stream", "render", "ledger", "kernel", "browser", "shell", "codec", "cache", "lint", "test", "docs", "sync", "proxy"];
const SEARCH_WORD = "parser";

/** Declared gas per kind of transaction: what a block is packed by (measured use is below each). */
const GAS = {
  register: 320_000n,
  addMaintainer: 90_000n,
  mint: 90_000n,
  approve: 70_000n,
  open: 320_000n,
  openMilestones: 520_000n,
  pledge: 140_000n,
  pledgeToken: 170_000n,
  claim: 200_000n,
  refund: 120_000n,
  submit: 200_000n,
  object: 150_000n,
};

interface TxSpec {
  from: HDNodeWallet;
  to: string;
  data: string;
  value?: bigint;
  gas: bigint;
}

/** A deterministic pseudo-random source (mulberry32): the same seed, the same chain. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** JSON-RPC over HTTP with batches; an error in any answer throws with the method and the node's words. */
export class Rpc {
  constructor(readonly url: string) {}

  async call<T>(method: string, params: unknown[] = []): Promise<T> {
    const [result] = await this.batch<T>([{ method, params }]);
    return result as T;
  }

  /**
   * One JSON-RPC batch. A connection that breaks (a kept-alive socket the node closed as it was reused) is tried
   * again, twice at most; raw transactions that the first attempt delivered then answer "already known" or "nonce too
   * low", which counts as sent.
   */
  async batch<T>(requests: Array<{ method: string; params: unknown[] }>): Promise<T[]> {
    if (requests.length === 0) return [];
    const body = JSON.stringify(requests.map((request, id) => ({ jsonrpc: "2.0", id, ...request })));
    for (let attempt = 1; ; attempt++) {
      let answers: Array<{ id: number; result?: T; error?: { message: string } }>;
      try {
        const response = await fetch(this.url, { method: "POST", headers: { "content-type": "application/json" }, body });
        if (!response.ok) throw new Error(`the node answered HTTP ${response.status} to ${requests[0]?.method}`);
        answers = (await response.json()) as typeof answers;
      } catch (error) {
        const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
        if (attempt < 3 && error instanceof TypeError) {
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
          continue;
        }
        throw new Error(`${requests[0]?.method} to ${this.url}: ${error instanceof Error ? error.message : String(error)}${cause}`, { cause: error });
      }
      const results: T[] = new Array(requests.length);
      for (const answer of answers) {
        const request = requests[answer.id];
        if (answer.error !== undefined) {
          const resent = attempt > 1 && request?.method === "eth_sendRawTransaction" && /already known|nonce too low|known transaction/i.test(answer.error.message);
          if (!resent) throw new Error(`${request?.method} failed: ${answer.error.message}`);
        }
        results[answer.id] = answer.result as T;
      }
      return results;
    }
  }
}

/** Signs and sends transactions a block at a time, counting nonces, and mines each block. */
class Sender {
  private readonly nonces = new Map<string, number>();
  blocks = 0;
  transactions = 0;

  constructor(
    private readonly rpc: Rpc,
    private readonly chainId: bigint,
    private readonly blockGasLimit: bigint,
  ) {}

  /** Reads the next nonce of each wallet from the node. */
  async loadNonces(wallets: readonly HDNodeWallet[]): Promise<void> {
    for (let i = 0; i < wallets.length; i += RPC_BATCH) {
      const slice = wallets.slice(i, i + RPC_BATCH);
      const counts = await this.rpc.batch<string>(slice.map((wallet) => ({ method: "eth_getTransactionCount", params: [wallet.address, "pending"] })));
      slice.forEach((wallet, j) => this.nonces.set(wallet.address, Number(counts[j])));
    }
  }

  private sign(spec: TxSpec): string {
    const nonce = this.nonces.get(spec.from.address) ?? 0;
    this.nonces.set(spec.from.address, nonce + 1);
    const tx = Transaction.from({
      type: 2,
      chainId: this.chainId,
      nonce,
      to: spec.to,
      data: spec.data,
      value: spec.value ?? 0n,
      gasLimit: spec.gas,
      maxFeePerGas: 4n * GWEI,
      maxPriorityFeePerGas: 1n,
    });
    tx.signature = spec.from.signingKey.sign(tx.unsignedHash);
    return tx.serialized;
  }

  /**
   * Sends `specs` in order (each sender's nonces follow it), packing blocks up to BLOCK_FILL of the gas limit by
   * declared gas; returns the first and last block mined.
   */
  async send(specs: readonly TxSpec[]): Promise<{ first: number; last: number; blocks: number }> {
    const budget = (this.blockGasLimit * BigInt(Math.round(BLOCK_FILL * 100))) / 100n;
    let first = -1;
    let last = -1;
    let blocks = 0;
    let start = 0;
    while (start < specs.length) {
      let end = start;
      let gas = 0n;
      while (end < specs.length && gas + (specs[end] as TxSpec).gas <= budget) gas += (specs[end++] as TxSpec).gas;
      const chunk = specs.slice(start, end).map((spec) => this.sign(spec));
      // Full blocks would raise the base fee 12.5% a block: keep it at 1 gwei, as on a quiet chain.
      await this.rpc.call("hardhat_setNextBlockBaseFeePerGas", ["0x" + GWEI.toString(16)]);
      const sends: Array<Promise<unknown>> = [];
      for (let i = 0; i < chunk.length; i += RPC_BATCH) {
        sends.push(this.rpc.batch(chunk.slice(i, i + RPC_BATCH).map((raw) => ({ method: "eth_sendRawTransaction", params: [raw] }))));
      }
      await Promise.all(sends);
      let included = 0;
      for (let attempt = 0; included < chunk.length; attempt++) {
        if (attempt === 4) throw new Error(`${chunk.length - included} of ${chunk.length} transactions stayed in the node's mempool after ${attempt} blocks`);
        await this.rpc.call("hardhat_setNextBlockBaseFeePerGas", ["0x" + GWEI.toString(16)]);
        await this.rpc.call("evm_mine");
        const block = await this.rpc.call<{ number: string; transactions: string[] }>("eth_getBlockByNumber", ["latest", false]);
        included += block.transactions.length;
        const number = Number(block.number);
        if (first < 0) first = number;
        last = number;
        blocks++;
      }
      this.transactions += chunk.length;
      start = end;
    }
    this.blocks += blocks;
    return { first, last, blocks };
  }
}

interface Log {
  topics: string[];
  data: string;
  blockNumber: string;
}

/** Seeds the deployment; `log` hears each phase as it ends. */
export async function seedScale(
  target: SeedTarget,
  counts: ScaleCounts,
  documents: DocumentPins,
  log: (line: string) => void = () => undefined,
): Promise<SeedResult> {
  const began = performance.now();
  const rpc = new Rpc(target.rpcUrl);
  const rand = random(20_260_101);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const registryInterface: Interface = ProjectRegistry__factory.createInterface();
  const escrowInterface: Interface = PledgeEscrow__factory.createInterface();
  const tokenInterface: Interface = TestToken__factory.createInterface();

  const chainId = BigInt(await rpc.call<string>("eth_chainId"));
  const latest = await rpc.call<{ gasLimit: string }>("eth_getBlockByNumber", ["latest", false]);
  const sender = new Sender(rpc, chainId, BigInt(latest.gasLimit));
  const deployer = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(HARDHAT_MNEMONIC), "m/44'/60'/0'/0/0");
  const root = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(BENCH_MNEMONIC), "m/44'/60'/0'/0");
  const accounts = Array.from({ length: counts.owners + counts.backers }, (_, i) => root.deriveChild(i));
  const owners = accounts.slice(0, counts.owners);
  const backers = accounts.slice(counts.owners);
  const heavyBacker = backers[0] as HDNodeWallet;
  const busyMaintainer = owners[0] as HDNodeWallet;

  const startBlock = Number(await rpc.call<string>("eth_blockNumber"));
  await rpc.call("evm_setAutomine", [false]);
  // Funding: a balance each, set directly (no transactions).
  for (let i = 0; i < accounts.length; i += RPC_BATCH) {
    await rpc.batch(accounts.slice(i, i + RPC_BATCH).map((wallet) => ({ method: "hardhat_setBalance", params: [wallet.address, "0x" + parseEther("100000").toString(16)] })));
  }
  await sender.loadNonces([deployer, ...accounts]);

  const phases: SeedResult["phases"] = [];
  async function phase(name: string, specs: readonly TxSpec[], event: { iface: Interface; address: string; name: string }, expected = specs.length): Promise<Log[]> {
    const start = performance.now();
    const { first, last, blocks } = await sender.send(specs);
    const topic = event.iface.getEvent(event.name)?.topicHash;
    const logs = specs.length === 0 ? [] : await rpc.call<Log[]>("eth_getLogs", [{ address: event.address, topics: [topic], fromBlock: "0x" + first.toString(16), toBlock: "0x" + last.toString(16) }]);
    if (logs.length !== expected) {
      throw new Error(`${name}: ${expected} transactions should have left ${expected} ${event.name} events, but blocks ${first}-${last} hold ${logs.length}: some reverted`);
    }
    const seconds = (performance.now() - start) / 1000;
    phases.push({ name, transactions: specs.length, blocks, seconds });
    log(`${name}: ${specs.length.toLocaleString("en-US")} transactions in ${blocks} blocks, ${seconds.toFixed(1)} s`);
    return logs;
  }

  // Projects: owner 0 registers busyMaintainerProjects of them, the others are shared round the other owners.
  const projectOwner: HDNodeWallet[] = [];
  const projectUris: string[] = [];
  const projectSpecs: TxSpec[] = [];
  let searchMatches = 0;
  for (let i = 0; i < counts.projects; i++) {
    const owner = i < counts.busyMaintainerProjects ? busyMaintainer : (owners[1 + (i % (owners.length - 1))] as HDNodeWallet);
    const word = WORDS[i % WORDS.length] as string;
    if (word === SEARCH_WORD) searchMatches++;
    const name = `${word[0]?.toUpperCase()}${word.slice(1)} ${pick(WORDS)} ${i + 1}`;
    const uri = documents.pin(JSON.stringify({ name, summary: `An open-source ${word} library, bench project ${i + 1}` }));
    projectOwner.push(owner);
    projectUris.push(uri);
    projectSpecs.push({
      from: owner,
      to: target.registry,
      data: registryInterface.encodeFunctionData("registerProject", [uri, `https://github.com/bench-${i % 50}/${word}-${i + 1}`, owner.address]),
      gas: GAS.register,
    });
  }
  const registered = await phase("register projects", projectSpecs, { iface: registryInterface, address: target.registry, name: "ProjectRegistered" });
  // ProjectRegistered(projectId indexed, owner indexed, payout, metadataURI, repository): ids by metadata URI.
  const projectIdOf = new Map<string, bigint>();
  for (const entry of registered) {
    const parsed = registryInterface.parseLog(entry);
    if (parsed !== null) projectIdOf.set(parsed.args.metadataURI as string, parsed.args.projectId as bigint);
  }
  const projectIds = projectUris.map((uri) => {
    const id = projectIdOf.get(uri);
    if (id === undefined) throw new Error(`no ProjectRegistered event for ${uri}`);
    return id;
  });

  // Maintainers for half the projects (another owner), and PUSD for every backer, approved to the escrow.
  const setup: TxSpec[] = [];
  let maintainersAdded = 0;
  for (let i = 0; i < counts.projects; i += 2) {
    const other = owners[(i * 7 + 3) % owners.length] as HDNodeWallet;
    if (other.address === (projectOwner[i] as HDNodeWallet).address) continue;
    setup.push({ from: projectOwner[i] as HDNodeWallet, to: target.registry, data: registryInterface.encodeFunctionData("addMaintainer", [projectIds[i], other.address]), gas: GAS.addMaintainer });
    maintainersAdded++;
  }
  await phase("add maintainers", setup, { iface: registryInterface, address: target.registry, name: "MaintainerAdded" }, maintainersAdded);
  const mints = backers.map((backer) => ({ from: deployer, to: target.token, data: tokenInterface.encodeFunctionData("mint", [backer.address, parseUnits("10000000", 6)]), gas: GAS.mint }));
  await phase("mint PUSD to backers", mints, { iface: tokenInterface, address: target.token, name: "Transfer" });
  const approvals = backers.map((backer) => ({ from: backer, to: target.token, data: tokenInterface.encodeFunctionData("approve", [target.escrow, 2n ** 255n]), gas: GAS.approve }));
  await phase("approve the escrow", approvals, { iface: tokenInterface, address: target.token, name: "Approval" });

  // Campaigns: projects' popularity skewed (a few projects hold many campaigns); 1 in 5 in PUSD; deadlines 8 to 60
  // days ahead; milestone plans spread through the list.
  const chainStart = Number((await rpc.call<{ timestamp: string }>("eth_getBlockByNumber", ["latest", false])).timestamp);
  interface Planned {
    project: number;
    token: boolean;
    goal: bigint;
    deadline: number;
    milestones: number;
    spec: string;
    pledged: bigint;
    backers: HDNodeWallet[];
    id?: bigint;
  }
  const planned: Planned[] = [];
  const milestoneEvery = counts.campaigns / counts.milestoneCampaigns;
  const campaignSpecs: TxSpec[] = [];
  for (let i = 0; i < counts.campaigns; i++) {
    // The first ones (the hot campaign among them) go to the busy maintainer's projects.
    const project = i < counts.busyMaintainerCampaigns ? i % counts.busyMaintainerProjects : counts.busyMaintainerProjects + Math.floor(Math.pow(rand(), 1.6) * (counts.projects - counts.busyMaintainerProjects));
    const token = i % 5 === 4;
    const milestones = Math.floor(i / milestoneEvery) !== Math.floor((i + 1) / milestoneEvery) ? 2 + (i % 2) : 0;
    const goal = token ? parseUnits(String(100 + Math.floor(rand() * 5_000)), 6) : parseEther((0.5 + rand() * 10).toFixed(3));
    const deadline = chainStart + 8 * DAY + Math.floor(rand() * 52 * DAY);
    const document = JSON.stringify({ name: `Bench campaign ${i + 1}: ${pick(WORDS)} ${pick(WORDS)}`, summary: `Work item ${i + 1}`, deliverables: ["code", "tests"] });
    const spec = documents.pin(document);
    const owner = projectOwner[project] as HDNodeWallet;
    const terms = { projectId: projectIds[project], specURI: spec, specHash: specHashOf(document), token: token ? target.token : ZeroAddress, goal, deadline: BigInt(deadline), lastCall: 0n, claimWindow: 0n, builderShareBps: 0n };
    const data =
      milestones === 0
        ? escrowInterface.encodeFunctionData("openCampaign", [terms])
        : escrowInterface.encodeFunctionData("openCampaignWithMilestones", [
            terms,
            {
              initialShareBps: 2_000,
              reviewWindow: 3 * DAY,
              objectionThresholdBps: 0,
              milestones: Array.from({ length: milestones }, (_, k) => ({ shareBps: k === 0 ? 4_000 : Math.floor(4_000 / (milestones - 1)) + (k === milestones - 1 ? 4_000 % (milestones - 1) : 0), due: deadline + (k + 1) * 10 * DAY })),
            },
          ]);
    planned.push({ project, token, goal, deadline, milestones, spec, pledged: 0n, backers: [] });
    campaignSpecs.push({ from: owner, to: target.escrow, data, gas: milestones === 0 ? GAS.open : GAS.openMilestones });
  }
  const opened = await phase("open campaigns", campaignSpecs, { iface: escrowInterface, address: target.escrow, name: "CampaignOpened" });
  const campaignIdOf = new Map<string, bigint>();
  for (const entry of opened) {
    const parsed = escrowInterface.parseLog(entry);
    if (parsed !== null) campaignIdOf.set(parsed.args.specURI as string, parsed.args.campaignId as bigint);
  }
  for (const campaign of planned) {
    campaign.id = campaignIdOf.get(campaign.spec);
    if (campaign.id === undefined) throw new Error(`no CampaignOpened event for ${campaign.spec}`);
  }

  // Pledges: the hot campaign's backers, the heavy backer's 100, the rest at random (popular campaigns more so).
  const pledgeSpecs: TxSpec[] = [];
  const pledgeTo = (campaign: Planned, backer: HDNodeWallet) => {
    const amount = campaign.token ? parseUnits(String(5 + Math.floor(rand() * 400)), 6) : parseEther((0.01 + rand() * 1.5).toFixed(3));
    campaign.pledged += amount;
    if (!campaign.backers.includes(backer)) campaign.backers.push(backer);
    pledgeSpecs.push(
      campaign.token
        ? { from: backer, to: target.escrow, data: escrowInterface.encodeFunctionData("pledgeToken", [campaign.id, amount]), gas: GAS.pledgeToken }
        : { from: backer, to: target.escrow, data: escrowInterface.encodeFunctionData("pledge", [campaign.id]), value: amount, gas: GAS.pledge },
    );
  };
  const hot = planned[0] as Planned;
  for (let b = 1; b <= counts.hotCampaignBackers; b++) pledgeTo(hot, backers[b] as HDNodeWallet);
  const stride = Math.max(1, Math.floor(counts.campaigns / counts.heavyBackerPledges));
  for (let k = 0; k < counts.heavyBackerPledges; k++) pledgeTo(planned[(1 + k * stride) % counts.campaigns] as Planned, heavyBacker);
  while (pledgeSpecs.length < counts.pledges) {
    // Popularity skewed, the popular ones spread through the list (7,919 is prime: a permutation of the indexes).
    const campaign = planned[(Math.floor(Math.pow(rand(), 1.8) * counts.campaigns) * 7_919) % counts.campaigns] as Planned;
    pledgeTo(campaign, backers[1 + Math.floor(rand() * (backers.length - 1))] as HDNodeWallet);
  }
  // Interleaved, as a busy chain would have them (each backer's own pledges stay in order).
  const shuffled = pledgeSpecs.map((spec) => ({ spec, key: rand() })).sort((a, b) => a.key - b.key).map((entry) => entry.spec);
  await phase("pledge", shuffled, { iface: escrowInterface, address: target.escrow, name: "Pledged" });

  // Three weeks and a half later: campaigns with earlier deadlines ended. Some plain successes are claimed, some
  // failures refunded, some milestone successes deliver their first milestone, and some of those are objected to.
  await rpc.call("evm_increaseTime", [25 * DAY]);
  await rpc.call("evm_mine");
  const endedBy = chainStart + 24 * DAY;
  const ended = planned.filter((campaign) => campaign.deadline < endedBy && campaign.pledged > 0n);
  const claims: TxSpec[] = [];
  const refunds: TxSpec[] = [];
  const submissions: TxSpec[] = [];
  const submitted: Planned[] = [];
  for (const [i, campaign] of ended.entries()) {
    const owner = projectOwner[campaign.project] as HDNodeWallet;
    if (campaign.pledged >= campaign.goal) {
      if (campaign.milestones === 0 && i % 2 === 0) {
        claims.push({ from: owner, to: target.escrow, data: escrowInterface.encodeFunctionData("claim", [campaign.id]), gas: GAS.claim });
      } else if (campaign.milestones > 0 && i % 2 === 0 && campaign.deadline + 10 * DAY > chainStart + 26 * DAY) {
        // Only before the first milestone's due date (deadline + 10 days): earlier ones are overdue (rejected) now.
        submissions.push({ from: owner, to: target.escrow, data: escrowInterface.encodeFunctionData("submitMilestone", [campaign.id, `https://github.com/bench/delivery/${campaign.id}`]), gas: GAS.submit });
        submitted.push(campaign);
      }
    } else {
      for (const [j, backer] of campaign.backers.entries()) {
        if ((i + j) % 3 === 0) refunds.push({ from: backer, to: target.escrow, data: escrowInterface.encodeFunctionData("refund", [campaign.id]), gas: GAS.refund });
      }
    }
  }
  await phase("claim", claims, { iface: escrowInterface, address: target.escrow, name: "CampaignClaimed" });
  await phase("refund", refunds, { iface: escrowInterface, address: target.escrow, name: "Refunded" });
  await phase("submit milestones", submissions, { iface: escrowInterface, address: target.escrow, name: "MilestoneSubmitted" });
  const objections: TxSpec[] = [];
  for (const [i, campaign] of submitted.entries()) {
    if (i % 3 !== 0) continue;
    for (const backer of campaign.backers.slice(0, 2)) objections.push({ from: backer, to: target.escrow, data: escrowInterface.encodeFunctionData("objectMilestone", [campaign.id]), gas: GAS.object });
  }
  await phase("object", objections, { iface: escrowInterface, address: target.escrow, name: "MilestoneObjected" });
  await rpc.call("evm_setAutomine", [true]);

  const busyIndexes = new Set(Array.from({ length: counts.busyMaintainerProjects }, (_, i) => i));
  const lastBlock = Number(await rpc.call<string>("eth_blockNumber"));
  return {
    counts,
    phases,
    transactions: sender.transactions,
    blocks: sender.blocks,
    seconds: (performance.now() - began) / 1000,
    firstBlock: startBlock + 1,
    lastBlock,
    heavyBacker: heavyBacker.address.toLowerCase(),
    busyMaintainer: busyMaintainer.address.toLowerCase(),
    busyMaintainerCampaigns: planned.filter((campaign) => busyIndexes.has(campaign.project)).length,
    hotCampaign: hot.id as bigint,
    searchWord: SEARCH_WORD,
    searchMatches,
    settlement: { claims: claims.length, refunds: refunds.length, submissions: submissions.length, objections: objections.length },
  };
}
