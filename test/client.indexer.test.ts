/**
 * The client's indexer reader and its use: parsing and refusing answers, reading every page, converting rows to the
 * client's types, falling back to the chain and saying so, and the tasks that read lists or need the indexer. The
 * indexer here is a local HTTP server on 127.0.0.1 answering canned JSON, built from what the chain's logs say: these
 * tests check our side of the contract (client/indexer-api.ts); the real indexer is tested against the chain elsewhere.
 */
import { expect } from "chai";

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { Result, ZeroAddress, ZeroHash } from "ethers";

import {
  backerStandingOf,
  campaignBonusOf,
  campaignEventOf,
  campaignListingOf,
  campaignSplitOf,
  DEFAULT_INDEXER_URL,
  dependencyListOf,
  formatDate,
  indexerBaseUrl,
  IndexerReader,
  IndexerRequestError,
  IndexerUnavailableError,
  inFirstPledgeOrder,
  OpenPledgeClient,
  owedOf,
  projectListingOf,
  SchemaError,
  type AccountBonusDeposit,
  type AccountOwed,
  type AccountPledge,
  type BackerStanding,
  type CampaignEvent,
  type CampaignListing,
  type IndexedCampaign,
  type IndexedBonusDeposit,
  type IndexedCampaignBonus,
  type IndexedDependencyList,
  type IndexedEvent,
  type IndexedPledge,
  type IndexedProject,
  type IndexedRequest,
  type IndexedSplit,
  type IndexerFallback,
  type IndexerStatus,
  type ListPage,
  type MaintainerPage,
  type ProjectDependencies,
  type ProjectListing,
  type ProjectShares,
  type RequestDetails,
} from "../client/node.js";
import { runTask, runTaskJson } from "./helpers/capture.js";
import { DAY, ethers, loadWorld, now, SPEC, type World } from "./helpers/fixture.js";

// ------------------------------------------------------------------ a canned indexer

interface Answer {
  status?: number;
  /** JSON to send; `raw` sends text as it is. */
  body?: unknown;
  raw?: string;
  delayMs?: number;
}

type Handler = (match: RegExpExecArray, url: URL) => Answer;

/** An HTTP server on 127.0.0.1 answering each path with the last route whose pattern matches it. */
class FakeIndexer {
  readonly requests: string[] = [];
  private readonly routes: Array<[RegExp, Handler]> = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeIndexer> {
    let fake: FakeIndexer | undefined;
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      void fake?.answer(url).then(({ status, text }) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    fake = new FakeIndexer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return fake;
  }

  on(pattern: RegExp, handler: Handler): this {
    this.routes.push([pattern, handler]);
    return this;
  }

  async answer(url: URL): Promise<{ status: number; text: string }> {
    this.requests.push(`${url.pathname}${url.search}`);
    for (const [pattern, handler] of [...this.routes].reverse()) {
      const match = pattern.exec(url.pathname);
      if (match === null) continue;
      const answer = handler(match, url);
      if (answer.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      return { status: answer.status ?? 200, text: answer.raw ?? JSON.stringify(answer.body) };
    }
    return { status: 404, text: "404 Not Found" };
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A URL nothing listens on: a server's port, once it is closed. */
async function deadUrl(): Promise<string> {
  const fake = await FakeIndexer.start();
  await fake.stop();
  return fake.url;
}

const BLOCK = { number: "40", timestamp: "1700000000" };

/** One page of `rows` as the API answers it: `limit` from `offset`, at most `cap` rows. */
function pageOf<Row>(rows: Row[], url: URL, cap = 500, indexed: { number: string; timestamp: string } | null = BLOCK): ListPage<Row> {
  const offset = Number(url.searchParams.get("offset") ?? "0");
  const limit = Math.min(Number(url.searchParams.get("limit") ?? "50"), cap);
  return { items: rows.slice(offset, offset + limit), total: rows.length, now: "1700000000", indexed };
}

// ------------------------------------------------------------------ wire rows, from what the chain says

const lower = (address: string) => address.toLowerCase();

function wireProject(project: ProjectListing, overrides: Partial<IndexedProject> = {}): IndexedProject {
  return {
    id: String(project.id),
    owner: lower(project.owner),
    pendingOwner: ZeroAddress,
    payout: lower(project.payout),
    metadataURI: project.metadataURI,
    repository: project.repository,
    maintainers: [],
    registeredAtBlock: String(project.blockNumber),
    registeredAt: "1700000000",
    updatedAtBlock: String(project.blockNumber),
    title: null,
    summary: null,
    campaignCount: 0,
    fundingCount: 0,
    nextDeadline: null,
    fundedGoals: 0,
    dependencyVersion: "0",
    dependencyShareBps: 0,
    ...overrides,
  };
}

function wireCampaign(campaign: CampaignListing, overrides: Partial<IndexedCampaign> = {}): IndexedCampaign {
  return {
    id: String(campaign.id),
    projectId: String(campaign.projectId),
    creator: lower(campaign.creator),
    token: lower(campaign.token),
    goal: String(campaign.goal),
    pledged: "0",
    deadline: String(campaign.deadline + 3_600n),
    plannedDeadline: String(campaign.deadline),
    feeBps: Number(campaign.feeBps),
    specURI: campaign.specURI,
    specHash: campaign.specHash,
    lastCall: String(campaign.lastCall),
    claimWindow: String(campaign.claimWindow),
    openedAtBlock: String(campaign.blockNumber),
    openedAt: "1700000000",
    goalReachedAt: "0",
    state: "Funding",
    hasMilestones: false,
    backerCount: 0,
    claimed: "0",
    refunded: "0",
    title: null,
    milestones: null,
    bonus: NO_BONUS,
    fromRequest: null,
    ...overrides,
  };
}

/** A campaign without a refund bonus, as the indexer answers it. */
const NO_BONUS: IndexedCampaignBonus = {
  pot: "0",
  maxPot: "0",
  startedAt: null,
  creditEnd: null,
  outcome: "none",
  reservedForBackers: "0",
  reclaimed: "0",
  paidToBackers: "0",
  returnedToDepositors: "0",
  depositorCount: 0,
};

/** A bonus deposit of `deposited` units not reclaimed, of a campaign still undecided. */
function wireDeposit(campaignId: bigint, depositor: string, deposited = "1000"): IndexedBonusDeposit {
  return {
    campaignId: String(campaignId),
    depositor: lower(depositor),
    deposited,
    outstanding: deposited,
    reclaimed: false,
    reclaimedAmount: "0",
    reclaimedAtBlock: null,
    reclaimableNow: "0",
    canReclaim: false,
    firstDepositedAt: "1700000000",
    firstDepositedAtBlock: "7",
    firstDepositedLogIndex: 1,
    updatedAtBlock: "7",
  };
}

/** What a refund pays now, in a campaign without a bonus (its pledge part only). */
function refundWithoutBonus(refundableNow: string): Pick<AccountPledge, "refundableNow" | "refundableBonusNow" | "refundableTotalNow" | "bonusShare" | "bonusQuote"> {
  return { refundableNow, refundableBonusNow: "0", refundableTotalNow: refundableNow, bonusShare: "0", bonusQuote: "0" };
}

function wirePledge(campaignId: bigint, standing: BackerStanding, order: number): IndexedPledge {
  return {
    campaignId: String(campaignId),
    backer: lower(standing.backer),
    pledged: String(standing.pledged),
    contributed: String(standing.contributed),
    withdrawn: String(standing.contributed - standing.pledged - standing.refunded),
    refunded: String(standing.refunded),
    weight: String(standing.pledged),
    objecting: false,
    firstPledgedAt: String(1_700_000_000 + order),
    firstPledgedAtBlock: String(100 + order),
    firstPledgedLogIndex: 0,
    updatedAtBlock: "1",
    creditSince: null,
    bonusPaid: "0",
  };
}

/** An event argument as JSON: integers as decimal strings, addresses in lower case, structs and lists as arrays. */
function jsonArg(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return [...(value as unknown[])].map(jsonArg);
  if (typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value)) return lower(value);
  return value;
}

function wireEvent(event: CampaignEvent): IndexedEvent {
  return {
    name: event.name,
    args: Object.fromEntries(Object.entries(event.args).map(([key, value]) => [key, jsonArg(value)])),
    blockNumber: String(event.blockNumber),
    timestamp: "1700000000",
    transactionHash: event.transactionHash,
    logIndex: event.logIndex,
    totals: event.totals === undefined ? null : { backer: String(event.totals.backer), campaign: String(event.totals.campaign) },
  };
}

/** Plain data of anything ethers decoded (its `Result`s as arrays), for comparing. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? `${item}n` : item instanceof Result ? [...item] : item)));
}

async function statusOf(world: World, overrides: Partial<IndexerStatus> = {}): Promise<IndexerStatus> {
  const [head, genesis] = await Promise.all([ethers.provider.getBlock("latest"), ethers.provider.getBlock(0)]);
  const block = { number: String(head?.number), timestamp: String(head?.timestamp) };
  return {
    chainId: 31337,
    genesisHash: genesis?.hash ?? "",
    registry: lower(world.registry.target as string),
    escrow: lower(world.escrowAddress),
    deploymentBlock: "0",
    indexed: block,
    head: block,
    lagBlocks: "0",
    ready: true,
    ...overrides,
  };
}

function addressesOf(world: World) {
  return { registry: world.registry.target as string, escrow: world.escrowAddress };
}

/** A world with two projects, an ETH campaign three backers pledged to (one took part back) and a milestone campaign. */
async function seed(world: World): Promise<{ plain: bigint; milestones: bigint }> {
  const maintainer = new OpenPledgeClient(addressesOf(world), world.maintainer);
  await (await world.registry.connect(world.stranger).registerProject("ipfs://second", "", world.stranger.address)).wait();
  const deadline = (await now()) + 10n * DAY;
  const opened = await maintainer.openCampaign({ projectId: 1n, specURI: SPEC, token: "ETH", goal: "1", deadline, lastCallSeconds: DAY });
  const staged = await maintainer.openCampaign({
    projectId: 1n,
    specURI: "https://example.org/spec",
    specHash: ethers.keccak256("0x01"),
    token: "ETH",
    goal: "1",
    deadline,
    lastCallSeconds: DAY,
    milestones: { initialShareBps: 2_000, reviewWindowSeconds: DAY, objectionThresholdBps: 0, milestones: [{ shareBps: 8_000, due: deadline + 20n * DAY }] },
  });
  await new OpenPledgeClient(addressesOf(world), world.alice).pledge(opened.campaignId, "0.3");
  await new OpenPledgeClient(addressesOf(world), world.bob).pledge(opened.campaignId, "0.5");
  await new OpenPledgeClient(addressesOf(world), world.carol).pledge(opened.campaignId, "0.2");
  await new OpenPledgeClient(addressesOf(world), world.alice).withdrawPledge(opened.campaignId, "0.1");
  await new OpenPledgeClient(addressesOf(world), world.carol).pledge(staged.campaignId, "0.4");
  return { plain: opened.campaignId, milestones: staged.campaignId };
}

/** A fake indexer answering for `world` with what the chain's logs say; lists in pages of at most two rows. */
async function indexerOf(world: World, status: Partial<IndexerStatus> = {}): Promise<FakeIndexer> {
  const chain = new OpenPledgeClient(addressesOf(world), ethers.provider);
  const projects = (await chain.listProjects()).map((project) => wireProject(project)).reverse();
  const campaigns = (await chain.listCampaigns()).map((campaign) => wireCampaign(campaign)).reverse();
  const backers = new Map<string, IndexedPledge[]>();
  const histories = new Map<string, IndexedEvent[]>();
  for (const campaign of campaigns) {
    const standings = await chain.campaignBackers(BigInt(campaign.id));
    const rows = standings.map((standing, order) => wirePledge(BigInt(campaign.id), standing, order));
    backers.set(campaign.id, rows.sort((a, b) => Number(BigInt(b.pledged) - BigInt(a.pledged))));
    histories.set(campaign.id, (await chain.campaignHistory(BigInt(campaign.id))).map(wireEvent));
  }
  const fixedStatus = await statusOf(world, status);
  const fake = await FakeIndexer.start();
  const unknown = { status: 404, body: { error: "no such campaign" } };
  fake
    .on(/^\/api\/status$/, () => ({ body: fixedStatus }))
    .on(/^\/api\/projects$/, (_match, url) => ({ body: pageOf(projects, url, 2) }))
    .on(/^\/api\/campaigns$/, (_match, url) => {
      const project = url.searchParams.get("project");
      return { body: pageOf(campaigns.filter((campaign) => project === null || campaign.projectId === project), url, 2) };
    })
    .on(/^\/api\/campaigns\/(\d+)\/backers$/, (match, url) => {
      const rows = backers.get(match[1] ?? "");
      return rows === undefined ? unknown : { body: pageOf(rows, url, 2) };
    })
    .on(/^\/api\/campaigns\/(\d+)\/history$/, (match, url) => {
      const rows = histories.get(match[1] ?? "");
      return rows === undefined ? unknown : { body: pageOf(rows, url, 2) };
    });
  return fake;
}

/** Runs `body` with a fake indexer, always stopping it. */
async function withIndexer<T>(fake: FakeIndexer, body: (fake: FakeIndexer) => Promise<T>): Promise<T> {
  try {
    return await body(fake);
  } finally {
    await fake.stop();
  }
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

// ------------------------------------------------------------------ tests

describe("indexer reader", () => {
  let fake: FakeIndexer;
  beforeEach(async () => {
    fake = await FakeIndexer.start();
  });
  afterEach(() => fake.stop());

  const status: IndexerStatus = {
    chainId: 31337,
    genesisHash: `0x${"ab".repeat(32)}`,
    registry: `0x${"11".repeat(20)}`,
    escrow: `0x${"22".repeat(20)}`,
    deploymentBlock: "0",
    indexed: BLOCK,
    head: { number: "43", timestamp: "1700000036" },
    lagBlocks: "3",
    ready: true,
  };

  it("reads the status and every list and record, with the query in the URL", async () => {
    const project = wireProject({ id: 1n, owner: `0x${"AB".repeat(20)}`, payout: `0x${"cd".repeat(20)}`, metadataURI: "ipfs://x", repository: "", blockNumber: 3 });
    const campaign = wireCampaign({ ...campaignRow(), id: 2n });
    const pledge = wirePledge(2n, { backer: `0x${"ef".repeat(20)}`, pledged: 1n, contributed: 2n, refunded: 0n }, 0);
    const event: IndexedEvent = { name: "Pledged", args: {}, blockNumber: "5", timestamp: "6", transactionHash: `0x${"12".repeat(32)}`, logIndex: 0, totals: null };
    const mine: AccountPledge = { pledge, campaign, canWithdraw: true, ...refundWithoutBonus("0"), canObject: false, canWithdrawObjection: false };
    const deposit = wireDeposit(2n, `0x${"ab".repeat(20)}`);
    const dashboard: MaintainerPage = {
      account: `0x${"ab".repeat(20)}`,
      projects: [project],
      claimsAvailable: [{ campaign, claimable: "5", claimBy: null }],
      milestonesDue: [{ campaign, index: 0, due: "9", overdue: false }],
      reviewsToSettle: [{ campaign, index: 0, reviewEnd: "9" }],
      ownershipOffers: [],
      now: "1",
      indexed: null,
    };
    const page = <Row>(items: Row[]): ListPage<Row> => ({ items, total: items.length, now: "1", indexed: null });
    fake
      .on(/^\/api\/status$/, () => ({ body: status }))
      .on(/^\/api\/projects$/, () => ({ body: page([project]) }))
      .on(/^\/api\/projects\/1$/, () => ({ body: project }))
      .on(/^\/api\/campaigns$/, () => ({ body: page([campaign]) }))
      .on(/^\/api\/campaigns\/2$/, () => ({ body: campaign }))
      .on(/^\/api\/campaigns\/2\/backers$/, () => ({ body: page([pledge]) }))
      .on(/^\/api\/campaigns\/2\/history$/, () => ({ body: page([event]) }))
      .on(/^\/api\/accounts\/0x[0-9a-f]+\/pledges$/, () => ({ body: page([mine]) }))
      .on(/^\/api\/accounts\/0x[0-9a-f]+\/maintainer$/, () => ({ body: dashboard }))
      .on(/^\/api\/campaigns\/2\/bonus-deposits$/, () => ({ body: page([deposit]) }))
      .on(/^\/api\/accounts\/0x[0-9a-f]+\/bonus-deposits$/, () => ({ body: page([{ deposit, campaign }]) }));
    const reader = new IndexerReader(`${fake.url}/`);
    const account = `0x${"AB".repeat(20)}`;
    expect(await reader.status()).to.deep.equal(status);
    expect((await reader.projects({ search: "tool kit", sort: "most-funded", limit: 10, offset: 5 })).items).to.deep.equal([project]);
    expect(await reader.project(1n)).to.deep.equal(project);
    expect((await reader.campaigns({ project: 1, backer: account, state: "Funding", sort: "ending-soon" })).items).to.deep.equal([campaign]);
    expect(await reader.campaign("2")).to.deep.equal(campaign);
    expect((await reader.backers(2n, { limit: 1 })).items).to.deep.equal([pledge]);
    expect((await reader.history(2n)).items).to.deep.equal([event]);
    expect((await reader.accountPledges(account)).items).to.deep.equal([mine]);
    expect(await reader.maintainer(account)).to.deep.equal(dashboard);
    expect((await reader.bonusDeposits(2n, { limit: 5, offset: 1 })).items).to.deep.equal([deposit]);
    expect((await reader.accountBonusDeposits(account)).items).to.deep.equal([{ deposit, campaign }]);
    expect(fake.requests).to.include.members([
      "/api/campaigns/2/bonus-deposits?limit=5&offset=1",
      "/api/accounts/0xabababababababababababababababababababab/bonus-deposits",
      "/api/projects?search=tool+kit&sort=most-funded&limit=10&offset=5",
      "/api/campaigns?project=1&backer=0xabababababababababababababababababababab&state=Funding&sort=ending-soon",
      "/api/campaigns/2/backers?limit=1",
      "/api/accounts/0xabababababababababababababababababababab/pledges",
    ]);
  });

  it("reads a campaign's bonus for an account from the rows as getBonus answers it", () => {
    const bonus: IndexedCampaignBonus = { ...NO_BONUS, pot: "50", maxPot: "100", startedAt: "1700000100", creditEnd: "1700864100", outcome: "pending", reservedForBackers: "7" };
    const campaign = wireCampaign(campaignRow(), { bonus });
    const pledge: AccountPledge = {
      pledge: { ...wirePledge(1n, { backer: ZeroAddress, pledged: 9n, contributed: 9n, refunded: 0n }, 0), creditSince: "1700000200" },
      campaign,
      canWithdraw: true,
      ...refundWithoutBonus("0"),
      bonusShare: "3",
      bonusQuote: "4",
      canObject: false,
      canWithdrawObjection: false,
    };
    const deposit = { ...wireDeposit(1n, ZeroAddress, "20"), reclaimableNow: "0" };
    const account = { share: 3n, creditSince: 1_700_000_200n, quote: 4n, deposited: 20n, reclaimable: 0n };
    const common = { pot: 50n, maxPot: 100n, startedAt: 1_700_000_100n, creditEnd: 1_700_864_100n, reclaimed: 0n };
    expect(campaignBonusOf(campaign, { pledge, deposit })).to.deep.equal({ ...common, outcome: "pending", reservedForBackers: 7n, account });
    // Once it goes to depositors, getBonus shows no credit start (and the indexer no share); nothing of the account's without rows.
    const decided = wireCampaign(campaignRow(), { bonus: { ...bonus, outcome: "to-depositors", reservedForBackers: "0" } });
    const reclaimable = { ...deposit, reclaimableNow: "20", canReclaim: true };
    expect(campaignBonusOf(decided, { pledge: { ...pledge, bonusShare: "0", bonusQuote: "0" }, deposit: reclaimable }).account).to.deep.equal({ share: 0n, creditSince: null, quote: 0n, deposited: 20n, reclaimable: 20n });
    expect(campaignBonusOf(wireCampaign(campaignRow()))).to.deep.equal({
      pot: 0n,
      maxPot: 0n,
      startedAt: null,
      creditEnd: null,
      outcome: "none",
      reservedForBackers: 0n,
      reclaimed: 0n,
      account: { share: 0n, creditSince: null, quote: 0n, deposited: 0n, reclaimable: 0n },
    });
  });

  it("reads a project's dependency lists, a campaign's split, what is owed and what credited a project, and converts them to the client's types", async () => {
    const dave = `0x${"da".repeat(20)}`;
    const builder = `0x${"b1".repeat(20)}`;
    const token = `0x${"7e".repeat(20)}`;
    const page = { now: "1700000000", indexed: BLOCK };
    const version = (number: string, dependencies: Array<{ projectId: string; shareBps: number }>): IndexedDependencyList => ({
      projectId: "1",
      version: number,
      dependencies,
      totalShareBps: dependencies.reduce((total, entry) => total + entry.shareBps, 0),
      setAtBlock: number === "0" ? null : String(10 + Number(number)),
      setAt: number === "0" ? null : "1700000000",
      transactionHash: number === "0" ? null : `0x${"12".repeat(32)}`,
    });
    const first = version("1", [{ projectId: "2", shareBps: 250 }, { projectId: "3", shareBps: 100 }]);
    const second = version("2", [{ projectId: "2", shareBps: 250 }]);
    const lists: ProjectDependencies = { items: [first, second], total: 2, ...page, projectId: "1", current: second };
    const split: IndexedSplit = {
      campaignId: "4",
      projectId: "1",
      token: ZeroAddress,
      feeBps: 250,
      builder: null,
      nominee: dave,
      builderShareBps: 1_000,
      dependencyVersion: "1",
      dependencyShareBps: 350,
      dependencies: first.dependencies,
      waiting: "120",
      waitingSince: "1700000000",
      releasableAt: "1715552000",
      canRelease: false,
      builderCredited: "120",
      dependencyCredited: "42",
      releasedToProject: "0",
      builders: [],
      dependencyCredits: [{ projectId: "2", credited: "30" }, { projectId: "3", credited: "12" }],
      ...page,
    };
    const balance = (tokenOf: string, owed: string, credited = "9") => ({ token: tokenOf, credited, withdrawn: String(Number(credited) - Number(owed)), owed });
    const owed: AccountOwed = {
      account: dave,
      asBuilder: [balance(ZeroAddress, "0"), balance(token, "5")],
      asMaintainer: [
        { projectId: "3", payout: builder, shares: [{ ...balance(ZeroAddress, "4"), dependencyShares: "9", releasedBuilderShares: "0" }] },
        { projectId: "5", payout: builder, shares: [{ ...balance(token, "0"), dependencyShares: "9", releasedBuilderShares: "0" }] },
      ],
      nominations: [{ campaignId: "4", projectId: "1", token: ZeroAddress, waiting: "120", builderShareBps: 1_000 }],
      ...page,
    };
    const credits: ProjectShares = {
      items: [{ campaignId: "4", campaignProjectId: "1", token: ZeroAddress, dependencyShares: "30", releasedBuilderShares: "0", firstCreditedAtBlock: "20", updatedAtBlock: "20" }],
      total: 1,
      ...page,
      projectId: "2",
      payout: builder,
      balances: [{ ...balance(ZeroAddress, "30", "30"), dependencyShares: "30", releasedBuilderShares: "0" }],
    };
    fake
      .on(/^\/api\/projects\/1\/dependencies$/, () => ({ body: lists }))
      .on(/^\/api\/projects\/1\/dependencies\/0$/, () => ({ body: version("0", []) }))
      .on(/^\/api\/projects\/1\/dependencies\/1$/, () => ({ body: first }))
      .on(/^\/api\/campaigns\/4\/split$/, () => ({ body: split }))
      .on(/^\/api\/accounts\/0x[0-9a-f]+\/owed$/, () => ({ body: owed }))
      .on(/^\/api\/projects\/2\/shares$/, () => ({ body: credits }));
    const reader = new IndexerReader(fake.url);
    expect(await reader.dependencies(1n, { limit: 2 })).to.deep.equal(lists);
    expect(await reader.readAll((p) => reader.dependencies(1n, p))).to.deep.equal(lists);
    expect(await reader.dependencyList(1n, 1n)).to.deep.equal(first);
    expect(await reader.split(4n)).to.deep.equal(split);
    expect(await reader.owed(dave.toUpperCase().replace("0X", "0x"))).to.deep.equal(owed);
    expect(await reader.projectShares(2n, { offset: 1 })).to.deep.equal(credits);
    expect(fake.requests).to.include.members(["/api/projects/1/dependencies?limit=2", `/api/accounts/${dave}/owed`, "/api/projects/2/shares?offset=1"]);
    // As OpenPledgeClient's getDependencies, getSplit and getOwed answer from the chain.
    expect(await reader.getDependencies(1n)).to.deep.equal({ projectId: 1n, version: 2n, dependencies: [{ projectId: 2n, shareBps: 250n }], totalShareBps: 250n });
    expect(await reader.getDependencies(1n, 0n)).to.deep.equal({ projectId: 1n, version: 0n, dependencies: [], totalShareBps: 0n });
    expect(await reader.getDependencies(1n, 1n)).to.deep.equal(dependencyListOf(first));
    expect(await reader.getSplit(4n)).to.deep.equal({
      campaignId: 4n,
      projectId: 1n,
      token: ZeroAddress,
      feeBps: 250n,
      builder: null,
      nominee: ethers.getAddress(dave),
      builderShareBps: 1_000n,
      dependencyVersion: 1n,
      dependencyShareBps: 350n,
      dependencies: [{ projectId: 2n, shareBps: 250n }, { projectId: 3n, shareBps: 100n }],
      waiting: 120n,
      releasableAt: 1_715_552_000n,
    });
    expect(campaignSplitOf({ ...split, builder, nominee: null, waiting: "0", waitingSince: null, releasableAt: null })).to.include({ builder: ethers.getAddress(builder), nominee: null, waiting: 0n, releasableAt: null });
    // Only what is owed now: zero balances and projects with nothing left are left out.
    expect(await reader.getOwed(dave)).to.deep.equal({
      account: ethers.getAddress(dave),
      asBuilder: [{ token: ethers.getAddress(token), amount: 5n }],
      asMaintainer: [{ projectId: 3n, payout: ethers.getAddress(builder), shares: [{ token: ZeroAddress, amount: 4n }] }],
      nominations: [{ campaignId: 4n, token: ZeroAddress, waiting: 120n, builderShareBps: 1_000n }],
    });
    expect(owedOf({ ...owed, asBuilder: [], asMaintainer: [], nominations: [] })).to.deep.equal({ account: ethers.getAddress(dave), asBuilder: [], asMaintainer: [], nominations: [] });
    // A split whose answer is of another shape is refused, naming the field.
    fake.on(/^\/api\/campaigns\/4\/split$/, () => ({ body: { ...split, builder: "nobody" } }));
    expect((await rejection(reader.getSplit(4n))).message).to.include("(builder is not an address)");
    fake.on(/^\/api\/projects\/1\/dependencies\/1$/, () => ({ body: { ...first, dependencies: [{ projectId: "2", shareBps: "250" }] } }));
    expect((await rejection(reader.getDependencies(1n, 1n))).message).to.include("(dependencies[0].shareBps is not a whole number)");
    fake.on(/^\/api\/accounts\/0x[0-9a-f]+\/owed$/, () => ({ body: { ...owed, nominations: undefined } }));
    expect((await rejection(reader.getOwed(dave))).message).to.include("(nominations is not a list)");
  });

  it("reads a project's ranked requests and one request as the client's RequestDetails, all=1 for the closed ones; refuses a request of another shape", async () => {
    const maintainer = `0x${"ab".repeat(20)}`;
    const wire: IndexedRequest = {
      id: "5",
      projectId: "1",
      opener: `0x${"cd".repeat(20)}`,
      token: ZeroAddress,
      expiry: "1702592000",
      feeBps: 250,
      specURI: "https://github.com/o/r/issues/5",
      specHash: ZeroHash,
      openedAt: "1700000000",
      openedAtBlock: "12",
      state: "Funding",
      pledged: "3000000000000000007",
      backers: 3,
      outstanding: "3000000000000000007",
      support: "259200000000000000000000",
      asOf: "1700086400",
      unfunded: false,
      accepted: { maintainer, at: "1700086400", blockNumber: "30", pledgedAtAcceptance: "3000000000000000000" },
      declined: null,
      duplicateOf: ["2", "9"],
    };
    const details: RequestDetails = {
      requestId: 5n,
      projectId: 1n,
      opener: ethers.getAddress(wire.opener),
      token: ZeroAddress,
      expiry: 1702592000n,
      feeBps: 250n,
      specURI: wire.specURI,
      specHash: ZeroHash,
      openedAt: 1700000000n,
      openedAtBlock: 12,
      state: "Funding",
      pledged: 3000000000000000007n,
      backers: 3,
      outstanding: 3000000000000000007n,
      support: 259200000000000000000000n,
      asOf: 1700086400n,
      accepted: { maintainer: ethers.getAddress(maintainer), at: 1700086400n, blockNumber: 30, pledgedAtAcceptance: 3000000000000000000n },
      declined: null,
      duplicateOf: [2n, 9n],
    };
    fake.on(/^\/api\/projects\/1\/requests$/, () => ({ body: { items: [wire], total: 1, now: "1700090000", indexed: BLOCK } }));
    fake.on(/^\/api\/requests\/5$/, () => ({ body: { ...wire, now: "1700090000", indexed: BLOCK } }));
    const reader = new IndexerReader(fake.url);
    expect(await reader.listRequests(1n, { includeClosed: true })).to.deep.equal([details]);
    expect(await reader.getRequest(5n)).to.deep.equal(details);
    expect(fake.requests).to.deep.equal(["/api/projects/1/requests?all=1&limit=500&offset=0", "/api/requests/5"]);
    await reader.requests(1n);
    expect(fake.requests.at(-1)).to.equal("/api/projects/1/requests");
    fake.on(/^\/api\/requests\/5$/, () => ({ body: { ...wire, state: "Open", now: "1", indexed: null } }));
    const refused = await rejection(reader.getRequest(5n));
    expect(refused).to.be.instanceOf(IndexerUnavailableError);
    expect(refused.message).to.match(/answered GET \/api\/requests\/5 with JSON of another shape \(state is not one of Funding, .*Requested, Declined, Expired\)/);
  });

  it("refuses an id or an address that is none, and a URL that is not http(s)", async () => {
    const reader = new IndexerReader(fake.url);
    expect((await rejection(reader.campaign("1; drop"))).message).to.equal('campaign id must be a whole number, not "1; drop"');
    expect((await rejection(reader.accountPledges("alice"))).message).to.equal('"alice" is not an address');
    expect(indexerBaseUrl(" https://indexer.example/api-prefix/?x=1#top ")).to.equal("https://indexer.example/api-prefix");
    expect(() => new IndexerReader("ftp://x")).to.throw(TypeError, `the indexer URL must be an http:// or https:// address, such as ${DEFAULT_INDEXER_URL}; not "ftp://x"`);
    expect(() => new IndexerReader("not a url")).to.throw(TypeError, /not "not a url"/);
  });

  it("an indexer nobody runs is unavailable, in words that say to start it", async () => {
    const url = await deadUrl();
    const error = await rejection(new IndexerReader(url).status());
    expect(error).to.be.instanceOf(IndexerUnavailableError);
    expect((error as IndexerUnavailableError).kind).to.equal("unreachable");
    expect(error.message).to.equal(
      `the indexer at ${url} refuses connections (nothing listens there): start it with npm run indexer (or check the URL), or leave the indexer URL out to read from the chain`,
    );
    expect(error.message).not.to.include("\n");
  });

  it("names an unknown host and any other network failure", async () => {
    const failing = (error: unknown) => new IndexerReader("http://indexer.invalid", { fetch: () => Promise.reject(error) });
    const unknownHost = Object.assign(new TypeError("fetch failed"), { cause: { code: "ENOTFOUND" } });
    expect((await rejection(failing(unknownHost).status())).message).to.match(/^the indexer at http:\/\/indexer.invalid cannot be found \(unknown host\): /);
    expect((await rejection(failing(new TypeError("Failed to fetch")).status())).message).to.include("could not be reached (Failed to fetch)");
    expect((await rejection(failing("offline").status())).message).to.include("could not be reached (offline)");
  });

  it("an indexer that does not answer in time is unavailable, body included", async () => {
    fake.on(/^\/api\/status$/, () => ({ body: status, delayMs: 300 }));
    const error = (await rejection(new IndexerReader(fake.url, { timeoutMs: 50 }).status())) as IndexerUnavailableError;
    expect([error.kind, error.reason]).to.deep.equal(["timeout", "did not answer GET /api/status within 0.05 s"]);
  });

  it("an answer that is not the indexer's JSON is unavailable, naming the first wrong field", async () => {
    const reader = new IndexerReader(fake.url);
    fake.on(/^\/api\/status$/, () => ({ raw: "<html>hello</html>" }));
    expect((await rejection(reader.status())).message).to.include("answered GET /api/status with something that is not JSON: check that the URL is the OpenPledge indexer's");
    fake.on(/^\/api\/status$/, () => ({ body: { ...status, lagBlocks: -1 } }));
    expect((await rejection(reader.status())).message).to.include("with JSON of another shape (lagBlocks is not a decimal integer string)");
    fake.on(/^\/api\/status$/, () => ({ body: { ...status, indexed: { number: "1" } } }));
    expect((await rejection(reader.status())).message).to.include("(indexed.timestamp is not a decimal integer string)");
    fake.on(/^\/api\/status$/, () => ({ body: [] }));
    expect((await rejection(reader.status())).message).to.include("(the answer is not an object)");
    fake.on(/^\/api\/projects$/, () => ({ body: { items: {}, total: 0, now: "1", indexed: null } }));
    expect((await rejection(reader.projects())).message).to.include("(items is not a list)");
    fake.on(/^\/api\/campaigns$/, () => ({ body: { items: [wireCampaign(campaignRow(), { state: "Open" as never })], total: 1, now: "1", indexed: null } }));
    expect((await rejection(reader.campaigns())).message).to.include("(items[0].state is not one of Funding, Succeeded, Failed, Cancelled, Claimed, Rejected, Lapsed)");
    fake.on(/^\/api\/campaigns\/3$/, () => ({ body: wireCampaign(campaignRow(), { bonus: { ...NO_BONUS, outcome: "paid" as never } }) }));
    expect((await rejection(reader.campaign(3n))).message).to.include("(bonus.outcome is not one of none, pending, to-backers, to-depositors)");
    fake.on(/^\/api\/campaigns\/3$/, () => ({ body: { ...wireCampaign(campaignRow()), bonus: undefined } }));
    expect((await rejection(reader.campaign(3n))).message).to.include("(bonus is not an object)");
    fake.on(/^\/api\/accounts\/0x[0-9a-f]+\/bonus-deposits$/, () => ({ body: { items: [{ deposit: { ...wireDeposit(1n, ZeroAddress), reclaimableNow: "-1" }, campaign: wireCampaign(campaignRow()) }], total: 1, now: "1", indexed: null } }));
    expect((await rejection(reader.accountBonusDeposits(ZeroAddress))).message).to.include("(items[0].deposit.reclaimableNow is not a decimal integer string)");
    // A route the indexer does not have: its server's own 404, not the API's { error }.
    expect((await rejection(reader.maintainer(ZeroAddress))).message).to.include("has no GET /api/accounts/0x0000000000000000000000000000000000000000/maintainer (HTTP 404, not the indexer's JSON error)");
  });

  it("a request the indexer refuses keeps its words; its own failure is unavailable", async () => {
    const reader = new IndexerReader(fake.url);
    fake.on(/^\/api\/campaigns\/9$/, () => ({ status: 404, body: { error: "no campaign 9" } }));
    const refused = (await rejection(reader.campaign(9n))) as IndexerRequestError;
    expect(refused).to.be.instanceOf(IndexerRequestError);
    expect([refused.notFound, refused.message]).to.deep.equal([true, `the indexer at ${fake.url} refused /api/campaigns/9: no campaign 9 (HTTP 404)`]);
    fake.on(/^\/api\/projects$/, () => ({ status: 400, body: { error: "limit is at most 500" } }));
    expect(((await rejection(reader.projects({ limit: 501 }))) as IndexerRequestError).notFound).to.equal(false);
    fake.on(/^\/api\/status$/, () => ({ status: 503, body: { error: "database locked" } }));
    expect((await rejection(reader.status())).message).to.include("failed to answer GET /api/status (HTTP 503: database locked): see the indexer's log");
    fake.on(/^\/api\/status$/, () => ({ status: 500, raw: "boom" }));
    expect(((await rejection(reader.status())) as IndexerUnavailableError).reason).to.equal("failed to answer GET /api/status (HTTP 500)");
  });

  it("reads every page of a list from one indexed block, starting over when the tables change", async () => {
    const rows = [1, 2, 3, 4, 5].map((id) => wireProject(projectRow(BigInt(id))));
    let reads = 0;
    fake.on(/^\/api\/projects$/, (_match, url) => {
      reads++;
      // The second page of the first attempt comes from a newer block.
      const block = reads === 2 ? { number: "41", timestamp: "1" } : BLOCK;
      return { body: pageOf(rows, url, 2, block) };
    });
    const reader = new IndexerReader(fake.url);
    const all = await reader.readAll((page) => reader.projects(page));
    expect(all.items.map((row) => row.id)).to.deep.equal(["1", "2", "3", "4", "5"]);
    expect([all.total, reads]).to.deep.equal([5, 5]);
    expect(fake.requests.at(-1)).to.equal("/api/projects?limit=500&offset=4");

    fake.on(/^\/api\/projects$/, (_match, url) => ({ body: { ...pageOf(rows, url, 2), total: url.searchParams.get("offset") === "0" ? 5 : 6 } }));
    const changing = (await rejection(reader.readAll((page) => reader.projects(page)))) as IndexerUnavailableError;
    expect([changing.kind, changing.message]).to.deep.equal([
      "changing",
      `the indexer at ${fake.url} indexed new blocks while every one of 3 reads of a list was under way (last at block 40): try again, or leave the indexer URL out to read from the chain`,
    ]);
  });

  it("waits until the indexer has caught up with a block, or says how far it got", async () => {
    let asked = 0;
    fake.on(/^\/api\/status$/, () => {
      asked++;
      if (asked === 1) return { raw: "starting" };
      if (asked === 2) return { body: { ...status, indexed: null, ready: false } };
      return { body: { ...status, indexed: { number: String(38 + asked), timestamp: "1" } } };
    });
    const reader = new IndexerReader(fake.url);
    const reached = await reader.waitUntilIndexed(42n, { intervalMs: 5 });
    expect([reached.indexed?.number, asked]).to.deep.equal(["42", 4]);
    const late = (await rejection(reader.waitUntilIndexed(1_000, { timeoutMs: 30, intervalMs: 5 }))) as IndexerUnavailableError;
    expect(late.message).to.match(/^the indexer at \S+ had not indexed block 1000 after 0.03 s \(it was at block \d+\): wait until it has caught up/);
    fake.on(/^\/api\/status$/, () => ({ status: 401, body: { error: "who are you" } }));
    expect(await rejection(reader.waitUntilIndexed(1))).to.be.instanceOf(IndexerRequestError);
    const nothing = (await rejection(new IndexerReader(await deadUrl()).waitUntilIndexed(1, { timeoutMs: 0 }))) as IndexerUnavailableError;
    expect(nothing.reason).to.match(/after 0 s \(it refuses connections \(nothing listens there\)\)$/);
    fake.on(/^\/api\/status$/, () => ({ body: { ...status, indexed: null, ready: true } }));
    expect((await rejection(reader.waitUntilIndexed(1, { timeoutMs: 0 }))).message).to.include("(it had indexed no block)");
  });
});

/** A campaign listing of campaign 1 with plausible terms. */
function campaignRow(): CampaignListing {
  return {
    id: 1n,
    projectId: 1n,
    creator: `0x${"ab".repeat(20)}`,
    token: ZeroAddress,
    goal: 5n,
    deadline: 100n,
    feeBps: 250n,
    specURI: "s",
    specHash: ZeroHash,
    lastCall: 10n,
    claimWindow: 20n,
    blockNumber: 4,
  };
}

function projectRow(id: bigint): ProjectListing {
  return { id, owner: `0x${"ab".repeat(20)}`, payout: `0x${"cd".repeat(20)}`, metadataURI: `ipfs://${id}`, repository: "", blockNumber: Number(id) };
}

describe("indexer rows as the client's types", () => {
  it("projects, campaigns and backers: bigints, checksummed addresses, the planned deadline", () => {
    const project = projectListingOf(wireProject(projectRow(7n)));
    expect(project).to.deep.equal({ ...projectRow(7n), owner: ethers.getAddress(`0x${"ab".repeat(20)}`), payout: ethers.getAddress(`0x${"cd".repeat(20)}`) });
    const row = campaignRow();
    expect(campaignListingOf(wireCampaign(row, { specHash: `0x${"AB".repeat(32)}` }))).to.deep.equal({
      ...row,
      creator: ethers.getAddress(row.creator),
      specHash: `0x${"ab".repeat(32)}`,
    });
    const standing = { backer: ethers.getAddress(`0x${"ef".repeat(20)}`), pledged: 0n, contributed: 3n, refunded: 3n };
    expect(backerStandingOf(wirePledge(1n, standing, 0))).to.deep.equal(standing);
  });

  it("backers in the order of their first pledge's log", () => {
    const row = (backer: string, block: number, logIndex: number) =>
      ({ ...wirePledge(1n, { backer: `0x${backer.repeat(40)}`, pledged: 1n, contributed: 1n, refunded: 0n }, 0), firstPledgedAtBlock: String(block), firstPledgedLogIndex: logIndex }) as IndexedPledge;
    const order = (rows: IndexedPledge[]) => inFirstPledgeOrder(rows).map((pledge) => pledge.backer.slice(2, 3));
    expect(order([row("c", 3, 0), row("a", 1, 0), row("b", 2, 0)])).to.deep.equal(["a", "b", "c"]);
    // In one block: by log index.
    expect(order([row("b", 9, 2), row("c", 9, 1), row("a", 8, 5)])).to.deep.equal(["a", "c", "b"]);
  });

  it("events with arguments typed by the ABI: structs by name or position, bools, bytes; unknown events as they came", () => {
    const base = { blockNumber: "5", timestamp: "6", transactionHash: `0x${"AB".repeat(32)}`, logIndex: 1, totals: null };
    const plan = campaignEventOf({
      ...base,
      name: "MilestonePlanSet",
      args: { campaignId: "1", initialShareBps: 2000, reviewWindow: "86400", objectionThresholdBps: "0", milestones: [{ shareBps: "8000", due: 99 }, ["2000", "100"]] },
    });
    expect(plain(plan)).to.deep.equal({
      name: "MilestonePlanSet",
      args: { campaignId: "1n", initialShareBps: "2000n", reviewWindow: "86400n", objectionThresholdBps: "0n", milestones: [["8000n", "99n"], ["2000n", "100n"]] },
      blockNumber: 5,
      transactionHash: `0x${"ab".repeat(32)}`,
      logIndex: 1,
    });
    const milestones = plan.args.milestones as Result;
    expect((milestones[0] as Result).getValue("due")).to.equal(99n);
    const rejected = campaignEventOf({ ...base, name: "MilestoneRejected", args: { campaignId: "1", index: "0", overdue: true, objectionWeight: "0" } });
    expect(rejected.args.overdue).to.equal(true);
    const opened = campaignEventOf({
      ...base,
      name: "CampaignOpened",
      args: { campaignId: "1", projectId: "1", creator: `0x${"ab".repeat(20)}`, token: ZeroAddress, goal: "1", deadline: "2", feeBps: "0", specURI: "Spec", specHash: `0x${"CD".repeat(32)}`, lastCall: "3", claimWindow: "4" },
    });
    expect([opened.args.creator, opened.args.specURI, opened.args.specHash]).to.deep.equal([ethers.getAddress(`0x${"ab".repeat(20)}`), "Spec", `0x${"cd".repeat(32)}`]);
    const pledged = campaignEventOf({ ...base, name: "Pledged", args: { campaignId: "1", backer: ZeroAddress, amount: "5" }, totals: { backer: "5", campaign: "7" } });
    expect(pledged.totals).to.deep.equal({ backer: 5n, campaign: 7n });
    const future = campaignEventOf({ ...base, name: "BonusPaid", args: { amount: "5" } });
    expect(future.args).to.deep.equal({ amount: "5" });
  });

  it("refuses an argument that is not what its ABI type needs, naming it", () => {
    const base = { blockNumber: "5", timestamp: "6", transactionHash: `0x${"ab".repeat(32)}`, logIndex: 1, totals: null };
    const event = (name: string, args: Record<string, unknown>) => () => campaignEventOf({ ...base, name, args });
    const plan = { campaignId: "1", initialShareBps: "0", reviewWindow: "1", objectionThresholdBps: "0" };
    expect(event("Pledged", { campaignId: "1", backer: ZeroAddress, amount: "1.5" })).to.throw(SchemaError, "args.amount is not an integer (uint256)");
    expect(event("Pledged", { campaignId: "1", backer: "bob", amount: "1" })).to.throw(SchemaError, "args.backer is not an address");
    expect(event("MilestoneRejected", { campaignId: "1", index: "0", overdue: "yes", objectionWeight: "0" })).to.throw(SchemaError, "args.overdue is not true or false");
    expect(event("MilestoneSubmitted", { campaignId: "1", index: "0", by: ZeroAddress, deliveryURI: 5, reviewEnd: "1" })).to.throw(SchemaError, "args.deliveryURI is not a string (string)");
    expect(event("MilestonePlanSet", { ...plan, milestones: "none" })).to.throw(SchemaError, "args.milestones is not a list ((uint16,uint32)[])");
    expect(event("MilestonePlanSet", { ...plan, milestones: [null] })).to.throw(SchemaError, "args.milestones[0] is not a struct ((uint16,uint32))");
    expect(event("MilestonePlanSet", { ...plan, milestones: [{ shareBps: "1" }] })).to.throw(SchemaError, "args.milestones[0].due is not an integer (uint32)");
  });
});

describe("OpenPledgeClient with an indexer", () => {
  /** A client of the world reading from `url`, with the fallbacks it reports. */
  function indexedClient(world: World, url: string): { client: OpenPledgeClient; fallbacks: IndexerFallback[] } {
    const fallbacks: IndexerFallback[] = [];
    const client = new OpenPledgeClient(addressesOf(world), ethers.provider, { indexerUrl: url, onFallback: (fallback) => fallbacks.push(fallback) });
    return { client, fallbacks };
  }

  it("lists projects, campaigns, backers and histories exactly as the chain's logs do, from every page", async () => {
    const world = await loadWorld();
    const ids = await seed(world);
    const chain = new OpenPledgeClient(addressesOf(world), ethers.provider);
    await withIndexer(await indexerOf(world, { lagBlocks: "2" }), async (fake) => {
      const { client, fallbacks } = indexedClient(world, fake.url);
      expect(client.indexer?.url).to.equal(fake.url);
      expect(client.indexerStatus).to.equal(undefined);
      expect(await client.listProjects()).to.deep.equal(await chain.listProjects());
      expect(client.indexerStatus?.lagBlocks).to.equal("2");
      expect(await client.listCampaigns()).to.deep.equal(await chain.listCampaigns());
      expect(await client.listCampaigns({ projectId: 2n })).to.deep.equal([]);
      for (const id of [ids.plain, ids.milestones]) {
        expect(await client.campaignBackers(id)).to.deep.equal(await chain.campaignBackers(id));
        expect(plain(await client.campaignHistory(id))).to.deep.equal(plain(await chain.campaignHistory(id)));
      }
      expect((await client.getCampaign(ids.milestones)).spec.status).to.equal("verified");
      expect(fallbacks).to.deep.equal([]);
      expect(fake.requests.filter((request) => request.startsWith("/api/campaigns/1/backers"))).to.have.length(2);
      // A block range is the chain's: the indexer only knows now.
      const before = fake.requests.length;
      expect(await client.listProjects({ fromBlock: 0 })).to.deep.equal(await chain.listProjects());
      expect(fake.requests.length).to.equal(before);
    });
  });

  it("falls back to the chain when the indexer is down, saying so once until it answers again", async () => {
    const world = await loadWorld();
    await seed(world);
    const chain = new OpenPledgeClient(addressesOf(world), ethers.provider);
    const url = await deadUrl();
    const { client, fallbacks } = indexedClient(world, url);
    expect(await client.listProjects()).to.deep.equal(await chain.listProjects());
    expect(await client.listCampaigns()).to.deep.equal(await chain.listCampaigns());
    expect(fallbacks.map((fallback) => [fallback.kind, fallback.message])).to.deep.equal([
      ["unreachable", `the indexer at ${url} refuses connections (nothing listens there): reading the projects from the chain instead (start it with npm run indexer (or check the URL))`],
    ]);
    expect(client.indexerStatus).to.equal(undefined);
  });

  it("falls back while the indexer catches up, follows another chain or deployment, or does not know a campaign", async () => {
    const world = await loadWorld();
    const ids = await seed(world);
    const chain = new OpenPledgeClient(addressesOf(world), ethers.provider);
    const cases: Array<[Partial<IndexerStatus>, RegExp]> = [
      [{ ready: false, indexed: null }, /is still catching up with the chain \(it has indexed no block yet of \d+\): reading the projects from the chain instead \(wait until it has caught up\)$/],
      [{ ready: false, indexed: { number: "3", timestamp: "1" } }, /\(it is at block 3 of \d+\)/],
      [{ chainId: 1 }, /follows chain 1, not this client's chain 31337/],
      [{ genesisHash: `0x${"00".repeat(32)}` }, /follows another chain 31337 than this node's \(another block 0: a restarted local node\?\)/],
      [{ escrow: `0x${"99".repeat(20)}` }, /follows the deployment with escrow 0x9999999999999999999999999999999999999999, not this client's 0x/],
    ];
    for (const [status, message] of cases) {
      await withIndexer(await indexerOf(world, status), async (fake) => {
        const { client, fallbacks } = indexedClient(world, fake.url);
        expect(await client.listProjects()).to.deep.equal(await chain.listProjects());
        expect(fallbacks).to.have.length(1);
        expect(fallbacks[0]?.message).to.match(message);
      });
    }
    await withIndexer(await indexerOf(world), async (fake) => {
      const { client, fallbacks } = indexedClient(world, fake.url);
      // A campaign opened after the indexer's last block: the chain knows it.
      fake.on(/^\/api\/campaigns\/\d+\/(backers|history)$/, () => ({ status: 404, body: { error: "unknown campaign" } }));
      expect(await client.campaignBackers(ids.plain)).to.deep.equal(await chain.campaignBackers(ids.plain));
      expect(fallbacks.map((fallback) => fallback.message)).to.deep.equal([
        `the indexer at ${fake.url} does not know campaign ${ids.plain} (unknown campaign): it may not have indexed it yet; reading the backers of campaign ${ids.plain} from the chain instead`,
      ]);
      // Answering again ends the run of failures: the next one is told again.
      await client.listProjects();
      fake.on(/^\/api\/projects$/, () => ({ body: { items: [{ ...wireProject(projectRow(1n)), owner: "0x12" }], total: 1, now: "1", indexed: BLOCK } }));
      await client.listProjects();
      fake.on(/^\/api\/campaigns\/\d+\/history$/, (_match, url) => ({
        body: pageOf([{ name: "Pledged", args: { campaignId: "1", backer: "someone", amount: "1" }, blockNumber: "1", timestamp: "1", transactionHash: ZeroHash, logIndex: 0, totals: null }], url),
      }));
      expect(plain(await client.campaignHistory(ids.plain))).to.deep.equal(plain(await chain.campaignHistory(ids.plain)));
      // Once per kind of trouble: the history's unreadable row is not told again.
      expect(fallbacks.map((fallback) => fallback.kind)).to.deep.equal(["not-indexed", "bad-answer"]);
      expect(fallbacks[1]?.message).to.include("answered GET /api/projects with JSON of another shape (items[0].owner is not an address)");
      const fresh = indexedClient(world, fake.url);
      await fresh.client.campaignHistory(ids.plain);
      expect(fresh.fallbacks[0]?.message).to.equal(
        `the indexer at ${fake.url} answered a row this client cannot read (args.backer is not an address): reading the history of campaign ${ids.plain} from the chain instead`,
      );
      // What is not the indexer's trouble is thrown.
      const error = await rejection(client.readIndexed("nothing", () => Promise.reject(new RangeError("a bug")), () => Promise.resolve(1)));
      expect(error).to.be.instanceOf(RangeError);
      // Another campaign the indexer refuses for another reason: thrown as the indexer said it.
      fake.on(/^\/api\/campaigns\/\d+\/backers$/, () => ({ status: 400, body: { error: "bad id" } }));
      expect(await rejection(client.campaignBackers(ids.plain))).to.be.instanceOf(IndexerRequestError);
    });
  });

  it("without an indexer URL reads the chain, and warns on the console by default", async () => {
    const world = await loadWorld();
    const client = new OpenPledgeClient(addressesOf(world), ethers.provider, { indexerUrl: " " });
    expect([client.indexer, await client.usableIndexer()]).to.deep.equal([undefined, undefined]);
    expect(await client.readIndexed("x", () => Promise.resolve("indexer"), () => Promise.resolve("chain"))).to.equal("chain");
    const url = await deadUrl();
    const warned: unknown[] = [];
    const warn = console.warn;
    console.warn = (...parts: unknown[]) => warned.push(...parts);
    try {
      const defaulted = new OpenPledgeClient(addressesOf(world), ethers.provider, { indexerUrl: url, indexerTimeoutMs: 1_000 });
      expect(await defaulted.readIndexed("x", () => Promise.resolve("indexer"), () => Promise.resolve("chain"))).to.equal("chain");
    } finally {
      console.warn = warn;
    }
    expect(warned).to.deep.equal([`OpenPledge: the indexer at ${url} refuses connections (nothing listens there): reading x from the chain instead (start it with npm run indexer (or check the URL))`]);
  });
});

describe("tasks with an indexer", () => {
  const saved = process.env.OPENPLEDGE_INDEXER_URL;
  afterEach(() => {
    if (saved === undefined) delete process.env.OPENPLEDGE_INDEXER_URL;
    else process.env.OPENPLEDGE_INDEXER_URL = saved;
  });

  it("list tasks read the indexer given by --indexer or OPENPLEDGE_INDEXER_URL and say how far it lags", async () => {
    const world = await loadWorld();
    const ids = await seed(world);
    await withIndexer(await indexerOf(world, { lagBlocks: "3", indexed: { number: "17", timestamp: "1" } }), async (fake) => {
      const listed = await runTask(["campaign", "list"], { project: "1", pageSize: "", indexer: fake.url });
      expect(listed.stdout).to.include("(indexer at block 17, 3 blocks behind the chain)");
      expect(listed.stdout).to.include(SPEC);
      expect(listed.stderr).to.equal("");
      const json = await runTaskJson<Array<{ id: string; state: string; currentDeadline: string; spec: { status: string; pinned: boolean } }>>(["campaign", "list"], {
        project: "",
        pageSize: "",
        indexer: fake.url,
      });
      expect(json.map((row) => [row.id, row.state, row.spec.status, row.spec.pinned])).to.deep.equal([
        ["1", "Funding", "indexed", false],
        ["2", "Funding", "indexed", true],
      ]);
      process.env.OPENPLEDGE_INDEXER_URL = fake.url;
      const requests = fake.requests.length;
      expect((await runTask(["project", "list"], { pageSize: "" })).stdout).to.include("(indexer at block 17, 3 blocks behind the chain)");
      expect((await runTask(["campaign", "backers"], { id: String(ids.plain), pageSize: "" })).stdout).to.include("(indexer at block 17");
      expect((await runTask(["campaign", "history"], { id: String(ids.plain), pageSize: "" })).stdout).to.include("(indexer at block 17");
      expect(fake.requests.length).to.be.greaterThan(requests);
      // --indexer none reads the chain whatever the environment says.
      const chainOnly = await runTask(["campaign", "list"], { project: "", pageSize: "", indexer: "none" });
      expect(chainOnly.stdout).not.to.include("indexer at block");
      expect(chainOnly.stdout).to.include(SPEC);
    });
    await withIndexer(await indexerOf(world, { lagBlocks: "1" }), async (fake) => {
      expect((await runTask(["project", "list"], { pageSize: "", indexer: fake.url })).stdout).to.match(/\(indexer at block \d+, 1 block behind the chain\)$/);
    });
    await withIndexer(await indexerOf(world), async (fake) => {
      expect((await runTask(["project", "list"], { pageSize: "", indexer: fake.url })).stdout).to.match(/\(indexer at block \d+, up to date with the chain\)$/);
    });
  });

  it("a list task whose indexer is down reads the chain and warns once; a URL that is none is refused", async () => {
    const world = await loadWorld();
    await seed(world);
    const url = await deadUrl();
    const run = await runTask(["campaign", "list"], { project: "", pageSize: "", indexer: url });
    expect(run.failed).to.equal(false);
    expect(run.stderr).to.equal(`Warning: the indexer at ${url} refuses connections (nothing listens there): reading the campaigns from the chain instead (start it with npm run indexer (or check the URL))`);
    expect(run.stdout).to.include("Funding");
    const bad = await runTask(["project", "list"], { pageSize: "", indexer: "localhost:42069" });
    expect([bad.failed, bad.stderr]).to.deep.equal([true, `Error: the indexer URL must be an http:// or https:// address, such as ${DEFAULT_INDEXER_URL}; not "localhost:42069"`]);
  });

  it("account tasks refuse without an indexer, or with one that cannot answer, saying how to start it", async () => {
    await loadWorld();
    delete process.env.OPENPLEDGE_INDEXER_URL;
    const none = await runTask(["account", "pledges"], { from: "5" });
    expect([none.failed, none.stderr]).to.deep.equal([
      true,
      `Error: account pledges reads the OpenPledge indexer, and none is set: start it with npm run indexer (it serves ${DEFAULT_INDEXER_URL}), then give --indexer ${DEFAULT_INDEXER_URL} or set OPENPLEDGE_INDEXER_URL`,
    ]);
    const url = await deadUrl();
    const down = await runTask(["account", "maintainer"], { indexer: url });
    expect(down.stderr).to.equal(`Error: account maintainer reads the OpenPledge indexer, but the indexer at ${url} refuses connections (nothing listens there): start it with npm run indexer (or check the URL)`);
    const world = await loadWorld();
    await withIndexer(await indexerOf(world, { escrow: `0x${"99".repeat(20)}` }), async (fake) => {
      expect((await runTask(["account", "pledges"], { indexer: fake.url })).stderr).to.include("follows the deployment with escrow 0x9999999999999999999999999999999999999999");
      fake.on(/^\/api\/status$/, () => ({ status: 403, body: { error: "forbidden" } }));
      expect((await runTask(["account", "pledges"], { indexer: fake.url })).stderr).to.equal(`Error: the indexer at ${fake.url} refused /api/status: forbidden (HTTP 403)`);
    });
  });

  it("account pledges: each pledge in its token, what can be done now and until when", async () => {
    const world = await loadWorld();
    await seed(world);
    const chain = new OpenPledgeClient(addressesOf(world), ethers.provider);
    const [first, second] = await chain.listCampaigns();
    if (first === undefined || second === undefined) throw new Error("the seed opened two campaigns");
    const alice = lower(world.alice.address);
    const pledge = (campaign: CampaignListing, pledged: string) => ({ ...wirePledge(campaign.id, { backer: alice, pledged: BigInt(pledged), contributed: 300000000000000000n, refunded: 0n }, 0) });
    const progress = {
      count: 1,
      current: 0,
      initialShareBps: 2000,
      releasedBps: 2000,
      released: "1",
      claimed: "0",
      reviewEnd: "1800000000",
      objectionWeight: "0",
      thresholdWeight: "0",
      reviewWindow: "86400",
      objectionThresholdBps: 0,
      refunded: "0",
      milestones: [{ index: 0, shareBps: 8000, due: "1900000000", deliveryURI: "https://x/release", submittedAt: "1", reviewEnd: "1800000000", status: "in-review" as const }],
    };
    const rows: AccountPledge[] = [
      { pledge: pledge(first, "200000000000000000"), campaign: wireCampaign(first, { title: "Offline mode" }), canWithdraw: true, ...refundWithoutBonus("0"), canObject: false, canWithdrawObjection: false },
      { pledge: pledge(second, "0"), campaign: wireCampaign(second, { state: "Failed" }), canWithdraw: false, ...refundWithoutBonus("300000000000000000"), canObject: false, canWithdrawObjection: false },
      { pledge: pledge(second, "1"), campaign: wireCampaign(second, { state: "Succeeded", milestones: progress, hasMilestones: true }), canWithdraw: false, ...refundWithoutBonus("0"), canObject: true, canWithdrawObjection: false },
      { pledge: pledge(second, "1"), campaign: wireCampaign(second, { state: "Succeeded", milestones: progress }), canWithdraw: false, ...refundWithoutBonus("0"), canObject: false, canWithdrawObjection: true },
      { pledge: pledge(first, "0"), campaign: wireCampaign(first, { state: "Claimed" }), canWithdraw: false, ...refundWithoutBonus("0"), canObject: false, canWithdrawObjection: false },
      // With a refund bonus: a failed campaign whose refund carries a share, and a funding one with a quote.
      {
        pledge: pledge(second, "300000000000000000"),
        campaign: wireCampaign(second, { state: "Failed" }),
        canWithdraw: false,
        refundableNow: "300000000000000000",
        refundableBonusNow: "25000000000000000",
        refundableTotalNow: "325000000000000000",
        bonusShare: "25000000000000000",
        bonusQuote: "0",
        canObject: false,
        canWithdrawObjection: false,
      },
      {
        pledge: pledge(first, "250000000000000000"),
        campaign: wireCampaign(first, { title: "Sync" }),
        canWithdraw: true,
        ...refundWithoutBonus("0"),
        bonusShare: "12345678901234567",
        bonusQuote: "12345678901234567",
        canObject: false,
        canWithdrawObjection: false,
      },
    ];
    const deposits: AccountBonusDeposit[] = [
      { deposit: { ...wireDeposit(second.id, world.alice.address, "100000000000000000"), reclaimableNow: "40000000000000000", canReclaim: true }, campaign: wireCampaign(second, { state: "Failed" }) },
      { deposit: wireDeposit(first.id, world.alice.address, "20000000000000000"), campaign: wireCampaign(first) },
    ];
    await withIndexer(await indexerOf(world), async (fake) => {
      fake.on(/^\/api\/accounts\/(0x[0-9a-f]{40})\/pledges$/, (match, url) => ({ body: pageOf(match[1] === alice ? rows : [], url) }));
      fake.on(/^\/api\/accounts\/(0x[0-9a-f]{40})\/bonus-deposits$/, (match, url) => ({ body: pageOf(match[1] === alice ? deposits : [], url) }));
      const run = await runTask(["account", "pledges"], { account: world.alice.address, indexer: fake.url });
      expect(run.stderr).to.equal("");
      const lines = run.stdout.split("\n");
      expect(lines[0]).to.match(new RegExp(`^Pledges of ${world.alice.address} \\(indexer at block \\d+, up to date with the chain, chain time .+\\)$`));
      expect(run.stdout).to.include("Offline mode");
      expect(run.stdout).to.include(`add or take back until ${formatDate(BigInt(wireCampaign(first).deadline))} (campaign withdraw ${first.id} <amount>)`);
      expect(run.stdout).to.include(`refund 0.3 ETH now (campaign refund ${second.id})`);
      expect(run.stdout).to.include(`object to milestone 1 until ${formatDate(1_800_000_000n)} (milestone object ${second.id})`);
      expect(run.stdout).to.include(`withdraw your objection to milestone 1 until ${formatDate(1_800_000_000n)} (milestone withdraw-objection ${second.id})`);
      expect(run.stdout).to.include("nothing now");
      expect(run.stdout).to.include("0.2 ETH");
      // The refund bonus: what a refund adds, what a failure would add (rounded down), and the deposits.
      expect(run.stdout).to.include(`refund 0.3 ETH plus 0.025 ETH of refund bonus now (campaign refund ${second.id})`);
      expect(run.stdout).to.include("0.025 ETH with your refund");
      expect(run.stdout).to.include("plus about 0.01234 ETH if it fails at its deadline");
      expect(run.stdout).to.include("Refund bonus deposits (final until the campaign is decided");
      expect(run.stdout).to.include(`reclaim 0.04 ETH now (campaign reclaim-bonus ${second.id})`);
      expect(run.stdout).to.include("held until the campaign is decided");
      for (const baseUnits of ["25000000000000000", "12345678901234567", "40000000000000000"]) expect(run.stdout).not.to.include(baseUnits);
      const json = await runTaskJson<{ account: string; pledges: AccountPledge[] }>(["account", "pledges"], { account: "", from: "5", indexer: fake.url });
      expect([json.account, json.pledges]).to.deep.equal([world.alice.address, rows]);
    });
  });

  it("account maintainer: projects, claims, milestones due, reviews to settle and ownership offers", async () => {
    const world = await loadWorld();
    await seed(world);
    const chain = new OpenPledgeClient(addressesOf(world), ethers.provider);
    const [first, second] = await chain.listCampaigns();
    const [one, two] = await chain.listProjects();
    if (first === undefined || second === undefined || one === undefined || two === undefined) throw new Error("the seed made two of each");
    const me = lower(world.maintainer.address);
    const dashboard: MaintainerPage = {
      account: me,
      projects: [wireProject(one, { title: "Tool" }), wireProject(two, { maintainers: [me] })],
      claimsAvailable: [
        { campaign: wireCampaign(first), claimable: "1000000000000000000", claimBy: "1800000000" },
        { campaign: wireCampaign(second), claimable: "200000000000000000", claimBy: null },
      ],
      milestonesDue: [
        { campaign: wireCampaign(second), index: 0, due: "1900000000", overdue: false },
        { campaign: wireCampaign(second), index: 1, due: "1700000000", overdue: true },
      ],
      reviewsToSettle: [{ campaign: wireCampaign(second), index: 0, reviewEnd: "1800000000" }],
      ownershipOffers: [wireProject(two, { pendingOwner: me })],
      now: "1750000000",
      indexed: BLOCK,
    };
    await withIndexer(await indexerOf(world), async (fake) => {
      fake.on(/^\/api\/accounts\/0x[0-9a-f]{40}\/maintainer$/, () => ({ body: dashboard }));
      const run = await runTask(["account", "maintainer"], { account: world.maintainer.address, indexer: fake.url });
      expect(run.stderr).to.equal("");
      const out = run.stdout;
      expect(out).to.match(new RegExp(`^Maintainer view of ${world.maintainer.address} \\(indexer at block \\d+, up to date with the chain, chain time ${escape(formatDate(1_750_000_000n))}\\)`));
      expect(out).to.match(/\n1\s+owner\s+Tool\s+0\s+0\n/);
      expect(out).to.match(/\n2\s+maintainer\s+ipfs:\/\/second\s+/);
      expect(out).to.include(`1 ETH      ${formatDate(1_800_000_000n)}  campaign claim ${first.id}`);
      expect(out).to.include(`0.2 ETH    no limit`);
      expect(out).to.include(`${formatDate(1_900_000_000n)}`);
      expect(out).to.include(`milestone submit ${second.id} <delivery URI>`);
      expect(out).to.include(`${formatDate(1_700_000_000n)} (overdue: not submitted in time, the campaign is rejected)  milestone settle ${second.id} records it`);
      expect(out).to.include(`milestone settle ${second.id}\n`);
      expect(out).to.match(/Ownership offered to you \(accept it in the web app, or with the client's acceptProjectOwnership\)\nproject\s+offered by\s+title\n[- ]+\n2\s+0x[0-9a-f]{40}\s+ipfs:\/\/second$/);
    });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
