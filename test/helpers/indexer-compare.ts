/**
 * Compares everything an indexer answers with what the chain's views and logs say at the same block, field by field,
 * and collects every difference in words (an empty list: they agree). The indexer works time-dependent fields out at
 * the chain's latest block time: call this once `syncIndexer` says it has indexed the latest block, with no block
 * mined meanwhile.
 */
import { AbiCoder, keccak256, Result, ZeroAddress, type EventFragment, type ParamType } from "ethers";

import {
  CAMPAIGN_STATES,
  IndexerReader,
  OpenPledgeClient,
  type IndexedCampaign,
  type IndexedPledge,
  type IndexedProject,
  type IndexerFallback,
} from "../../client/node.js";
import { compareBonus } from "./indexer-bonus.js";
import type { TestChain } from "./indexer-chain.js";
import { graphql, succeeds } from "./indexer-queries.js";

export { graphql } from "./indexer-queries.js";

/** A decoded log of the registry or the escrow. */
interface Decoded {
  name: string;
  args: Record<string, unknown>;
  blockNumber: number;
  logIndex: number;
  transactionHash: string;
}

/** A value as JSON compares it: integers as decimal strings, hex in lower case, structs by name. */
export function normal(value: unknown, type?: ParamType): unknown {
  if (typeof value === "bigint" || typeof value === "number") return value.toString();
  if (typeof value === "string") return /^0x[0-9a-fA-F]*$/.test(value) ? value.toLowerCase() : value;
  if (type?.isTuple() === true && value instanceof Result) {
    return Object.fromEntries(type.components.map((component, index) => [component.name, normal(value[index], component)]));
  }
  if (type?.isArray() === true && Array.isArray(value)) return value.map((item) => normal(item, type.arrayChildren));
  if (Array.isArray(value)) return value.map((item) => normal(item));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, normal(item)]));
  }
  return value;
}

interface ParsedLog {
  fragment: EventFragment;
  args: Result;
  blockNumber: number;
  index: number;
  transactionHash: string;
}

function decode(log: ParsedLog | undefined): Decoded | undefined {
  if (log === undefined) return undefined;
  const fragment = log.fragment;
  return {
    name: fragment.name,
    args: Object.fromEntries(fragment.inputs.map((input, index) => [input.name, normal(log.args[index], input)])),
    blockNumber: log.blockNumber,
    logIndex: log.index,
    transactionHash: log.transactionHash,
  };
}

/** Every event of the registry and the escrow up to `block`, in chain order. */
export async function chainLogs(chain: TestChain, block: number): Promise<{ registry: Decoded[]; escrow: Decoded[] }> {
  const from = chain.addresses.deploymentBlock ?? 0;
  const provider = chain.connection.ethers.provider;
  const [registry, escrow] = await Promise.all(
    [chain.registry, chain.escrow].map(async (contract) => {
      const address = await contract.getAddress();
      const raw = await provider.getLogs({ address, fromBlock: from, toBlock: block });
      return raw.map((log) => {
        const parsed = contract.interface.parseLog(log);
        return parsed === null ? undefined : { fragment: parsed.fragment, args: parsed.args, blockNumber: log.blockNumber, index: log.index, transactionHash: log.transactionHash };
      });
    }),
  );
  const decoded = (logs: Array<ParsedLog | undefined> = []) =>
    logs
      .map(decode)
      .filter((item): item is Decoded => item !== undefined)
      .sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
  return { registry: decoded(registry), escrow: decoded(escrow) };
}

/** The events of a refund: without a bonus share, and with one (`amount` is the pledge part in both). */
const REFUNDS = ["Refunded", "RefundedWithBonus"];
const sum = (values: bigint[]): bigint => values.reduce((total, value) => total + value, 0n);
const big = (value: unknown): bigint => BigInt(value as string);

/** JSON with bigints as strings, Results as arrays: for deep comparisons and messages. */
export function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? `${item}n` : item instanceof Result ? [...item] : item)));
}

/** What a comparison found. */
export interface Comparison {
  problems: string[];
  /** How many values were compared. */
  checked: number;
  campaigns: Map<bigint, IndexedCampaign>;
}

/**
 * Compares the indexer at `url` with the chain at `block` (the latest; the indexer must have indexed it): every project,
 * campaign, milestone, pledge, history, the protocol's row and tokens, every account's pledges page and maintainer
 * page, the refund bonus (test/helpers/indexer-bonus.ts), and the client's indexer-backed lists against its reads of
 * the chain.
 */
export async function compareWithChain(url: string, chain: TestChain, block: number): Promise<Comparison> {
  const problems: string[] = [];
  let checked = 0;
  const check = (what: string, indexed: unknown, onChain: unknown): void => {
    checked++;
    const a = JSON.stringify(plain(indexed));
    const b = JSON.stringify(plain(onChain));
    if (a !== b) problems.push(`${what}: indexer ${a}, chain ${b}`);
  };
  const reader = new IndexerReader(url);
  const at = { blockTag: block };
  const { registry, escrow } = chain;
  const accounts = chain.signers.map((signer) => signer.address.toLowerCase());
  const logs = await chainLogs(chain, block);
  const headBlock = await chain.connection.ethers.provider.getBlock(block);
  const now = BigInt(headBlock?.timestamp ?? 0);

  // ---------------------------------------------------------------- campaigns
  const campaignCount = Number(await escrow.campaignCount(at));
  const campaignList = await reader.readAll((page) => reader.campaigns(page));
  check("campaign list: total", campaignList.total, campaignCount);
  check("campaign list: now", campaignList.now, now.toString());
  check("campaign list: indexed block", campaignList.indexed?.number, block.toString());
  const campaigns = new Map<bigint, IndexedCampaign>();
  const chainStates = new Map<bigint, string>();
  const pledgedNow = new Map<bigint, bigint>();
  for (let id = 1n; id <= BigInt(campaignCount); id++) {
    const indexed = await reader.campaign(id);
    campaigns.set(id, indexed);
    check(`campaign ${id}: list row = single row`, campaignList.items.find((item) => item.id === id.toString()), indexed);
    const view = await escrow.getCampaign(id, at);
    const state = CAMPAIGN_STATES[Number(await escrow.campaignState(id, at))] ?? "?";
    chainStates.set(id, state);
    pledgedNow.set(id, view.pledged);
    const c = (field: string, indexedValue: unknown, chainValue: unknown) => check(`campaign ${id} ${field}`, indexedValue, chainValue);
    c("projectId", indexed.projectId, view.projectId.toString());
    c("token", indexed.token, view.token.toLowerCase());
    c("goal", indexed.goal, view.goal.toString());
    c("pledged", indexed.pledged, view.pledged.toString());
    c("deadline", indexed.deadline, view.deadline.toString());
    c("plannedDeadline", indexed.plannedDeadline, view.plannedDeadline.toString());
    c("feeBps", indexed.feeBps, Number(view.feeBps));
    c("state (campaignState)", indexed.state, state);
    c("openedAtBlock", indexed.openedAtBlock, view.openedAtBlock.toString());
    c("lastCall", indexed.lastCall, view.lastCall.toString());
    c("claimWindow", indexed.claimWindow, view.claimWindow.toString());
    c("goalReachedAt", indexed.goalReachedAt, view.goalReachedAt.toString());
    c("specCommitment", keccak256(AbiCoder.defaultAbiCoder().encode(["string", "bytes32"], [indexed.specURI, indexed.specHash])), view.specCommitment);
    const events = logs.escrow.filter((event) => event.args.campaignId === id.toString());
    const opened = events.find((event) => event.name === "CampaignOpened");
    c("creator", indexed.creator, opened?.args.creator);
    c("openedAt", indexed.openedAt, (await chain.connection.ethers.provider.getBlock(Number(view.openedAtBlock)))?.timestamp.toString());
    c("claimed (CampaignClaimed amount + fee)", indexed.claimed, sum(events.filter((e) => e.name === "CampaignClaimed").map((e) => big(e.args.amount) + big(e.args.fee))).toString());
    c("refunded (Refunded, RefundedWithBonus)", indexed.refunded, sum(events.filter((e) => REFUNDS.includes(e.name)).map((e) => big(e.args.amount))).toString());
    const backers = [...new Set(events.filter((e) => e.name === "Pledged").map((e) => e.args.backer as string))];
    let standing = 0;
    for (const backer of backers) if ((await escrow.pledgeOf(id, backer, at)) > 0n) standing++;
    c("backerCount (pledgeOf > 0)", indexed.backerCount, standing);
    c("hasMilestones", indexed.hasMilestones, events.some((e) => e.name === "MilestonePlanSet"));

    if (indexed.hasMilestones) {
      const progress = await escrow.getMilestoneProgress(id, at);
      const m = indexed.milestones;
      if (m === null) {
        problems.push(`campaign ${id}: milestones null with a plan`);
      } else {
        for (const field of ["count", "current", "releasedBps", "released", "claimed", "reviewEnd", "objectionWeight", "thresholdWeight", "reviewWindow", "objectionThresholdBps", "refunded"] as const) {
          c(`milestones.${field}`, String(m[field]), progress[field].toString());
        }
        const plan = events.find((e) => e.name === "MilestonePlanSet");
        c("milestones.initialShareBps", String(m.initialShareBps), plan?.args.initialShareBps);
        check(`campaign ${id} milestones: how many`, m.milestones.length, Number(progress.count));
        for (const item of m.milestones) {
          const planned = await escrow.getMilestone(id, item.index, at);
          c(`milestone ${item.index} shareBps`, item.shareBps, Number(planned.shareBps));
          c(`milestone ${item.index} due`, item.due, planned.due.toString());
          const submitted = events.filter((e) => e.name === "MilestoneSubmitted" && e.args.index === String(item.index)).at(-1);
          c(`milestone ${item.index} deliveryURI`, item.deliveryURI, submitted?.args.deliveryURI ?? null);
          c(`milestone ${item.index} reviewEnd`, item.reviewEnd, submitted?.args.reviewEnd ?? null);
          const submittedAt = submitted === undefined ? null : (await chain.connection.ethers.provider.getBlock(submitted.blockNumber))?.timestamp.toString();
          c(`milestone ${item.index} submittedAt`, item.submittedAt, submittedAt);
          // What the views imply: accepted milestones lie before `current`; the rejected one is `current` of a rejected campaign.
          const before = BigInt(item.index) < progress.current;
          if (item.status === "accepted" || (before && item.status !== "settleable")) c(`milestone ${item.index} status: accepted iff before current`, item.status, before ? "accepted" : "not accepted");
          if (item.status === "rejected") c(`milestone ${item.index} status rejected: campaign state, current`, [state, String(item.index)], ["Rejected", progress.current.toString()]);
          if (item.status === "in-review") c(`milestone ${item.index} in review: reviewEnd`, progress.reviewEnd > 0n && now <= progress.reviewEnd, true);
        }
      }
    } else {
      c("milestones", indexed.milestones, null);
    }

    // ---------------------------------------------------------------- backers
    const indexedBackers = await reader.readAll((page) => reader.backers(id, page));
    check(`campaign ${id} backers: who`, indexedBackers.items.map((item) => item.backer).sort(), [...backers].sort());
    const order = [...indexedBackers.items].sort(
      (a, b) => (big(b.pledged) > big(a.pledged) ? 1 : big(b.pledged) < big(a.pledged) ? -1 : 0) || Number(a.firstPledgedAtBlock) - Number(b.firstPledgedAtBlock) || a.firstPledgedLogIndex - b.firstPledgedLogIndex,
    );
    check(`campaign ${id} backers: order (largest first, then first pledge)`, indexedBackers.items.map((item) => item.backer), order.map((item) => item.backer));
    for (const item of indexedBackers.items) await comparePledge(item);

    async function comparePledge(item: IndexedPledge): Promise<void> {
      const p = (field: string, indexedValue: unknown, chainValue: unknown) => check(`pledge ${id}/${item.backer} ${field}`, indexedValue, chainValue);
      p("pledged (pledgeOf)", item.pledged, (await escrow.pledgeOf(id, item.backer, at)).toString());
      p("weight (objectionWeightOf)", item.weight, (await escrow.objectionWeightOf(id, item.backer, at)).toString());
      p("objecting (isObjecting)", item.objecting, await escrow.isObjecting(id, item.backer, at));
      const mine = events.filter((e) => e.args.backer === item.backer);
      p("contributed", item.contributed, sum(mine.filter((e) => e.name === "Pledged").map((e) => big(e.args.amount))).toString());
      p("withdrawn", item.withdrawn, sum(mine.filter((e) => e.name === "PledgeWithdrawn").map((e) => big(e.args.amount))).toString());
      p("refunded", item.refunded, sum(mine.filter((e) => REFUNDS.includes(e.name)).map((e) => big(e.args.amount))).toString());
      const first = mine.find((e) => e.name === "Pledged");
      p("first pledge (block, log index)", [item.firstPledgedAtBlock, item.firstPledgedLogIndex], [String(first?.blockNumber), first?.logIndex]);
      p("updatedAtBlock", item.updatedAtBlock, String(mine.filter((e) => ["Pledged", "PledgeWithdrawn", ...REFUNDS].includes(e.name)).at(-1)?.blockNumber));
    }

    // ---------------------------------------------------------------- history
    const history = await reader.readAll((page) => reader.history(id, page));
    check(
      `campaign ${id} history: events`,
      // Integers compared as decimals (the indexer's JSON has a struct's small integers as numbers).
      history.items.map((item) => [item.name, item.blockNumber, item.logIndex, item.transactionHash, normal(item.args)]),
      events.map((e) => [e.name, String(e.blockNumber), e.logIndex, e.transactionHash, e.args]),
    );
    let total = 0n;
    const perBacker = new Map<string, bigint>();
    const totals = events.map((e) => {
      const backer = e.args.backer as string;
      if (e.name === "Pledged") {
        perBacker.set(backer, (perBacker.get(backer) ?? 0n) + big(e.args.amount));
        total += big(e.args.amount);
      } else if (e.name === "PledgeWithdrawn") {
        perBacker.set(backer, (perBacker.get(backer) ?? 0n) - big(e.args.amount));
        total -= big(e.args.amount);
      } else if (REFUNDS.includes(e.name)) {
        perBacker.set(backer, 0n);
      } else {
        return null;
      }
      return { backer: (perBacker.get(backer) ?? 0n).toString(), campaign: total.toString() };
    });
    check(`campaign ${id} history: running totals`, history.items.map((item) => item.totals), totals);
  }

  // ---------------------------------------------------------------- projects
  const projectCount = Number(await registry.projectCount(at));
  const projectList = await reader.readAll((page) => reader.projects(page));
  check("project list: total", projectList.total, projectCount);
  const projects = new Map<bigint, IndexedProject>();
  for (let id = 1n; id <= BigInt(projectCount); id++) {
    const indexed = await reader.project(id);
    projects.set(id, indexed);
    const p = (field: string, indexedValue: unknown, chainValue: unknown) => check(`project ${id} ${field}`, indexedValue, chainValue);
    p("list row = single row", projectList.items.find((item) => item.id === id.toString()), indexed);
    const view = await registry.getProject(id, at);
    p("owner", indexed.owner, view.owner.toLowerCase());
    p("pendingOwner", indexed.pendingOwner, view.pendingOwner.toLowerCase());
    p("payout", indexed.payout, view.payout.toLowerCase());
    p("metadataURI", indexed.metadataURI, view.metadataURI);
    p("repository", indexed.repository, view.repository);
    const maintainers: string[] = [];
    for (const account of accounts) if (await registry.isMaintainer(id, account, at)) maintainers.push(account);
    p("maintainers (isMaintainer of every account)", [...indexed.maintainers].sort(), maintainers.sort());
    const events = logs.registry.filter((e) => e.args.projectId === id.toString());
    const registered = events.find((e) => e.name === "ProjectRegistered");
    p("registeredAtBlock", indexed.registeredAtBlock, String(registered?.blockNumber));
    p("registeredAt", indexed.registeredAt, (await chain.connection.ethers.provider.getBlock(registered?.blockNumber ?? 0))?.timestamp.toString());
    const changes = events.filter((e) => ["ProjectRegistered", "ProjectOwnershipTransferred", "PayoutAddressChanged", "ProjectMetadataChanged"].includes(e.name));
    p("updatedAtBlock", indexed.updatedAtBlock, String(changes.at(-1)?.blockNumber));
    const own = [...campaigns.values()].filter((campaign) => campaign.projectId === id.toString());
    p("campaignCount", indexed.campaignCount, own.length);
    const funding = own.filter((campaign) => chainStates.get(BigInt(campaign.id)) === "Funding");
    p("fundingCount", indexed.fundingCount, funding.length);
    const deadlines = funding.map((campaign) => big(campaign.deadline));
    p("nextDeadline", indexed.nextDeadline, deadlines.length === 0 ? null : deadlines.reduce((a, b) => (a < b ? a : b)).toString());
    // Each campaign's share of its goal to the basis point, rounded down, summed (what "most funded" ranks by).
    const fundedBps = own.reduce((total, campaign) => total + ((pledgedNow.get(BigInt(campaign.id)) ?? 0n) * 10_000n) / big(campaign.goal), 0n);
    p("fundedGoals", indexed.fundedGoals, Number(fundedBps) / 10_000);
  }

  // ---------------------------------------------------------------- protocol and tokens (GraphQL)
  const graph = await graphql<{ protocol: Record<string, unknown> | null; tokens: { items: Array<Record<string, unknown>> } }>(
    url,
    "{ protocol(id: 1) { owner pendingOwner feeBps pendingFeeBps pendingFeeFrom feeRecipient guardian paused } tokens(limit: 100) { items { address allowed feesAccrued feesWithdrawn strayRecovered } } }",
  );
  const [pendingFeeBps, pendingFeeFrom] = await escrow.pendingFee(at);
  // The table keeps the fee and its scheduled change as the events left them; time puts a change in force (no event).
  const row = graph.protocol ?? {};
  const inForce = big(row.pendingFeeFrom ?? "0") !== 0n && now >= big(row.pendingFeeFrom);
  const protocolNow = { ...row, feeBps: inForce ? row.pendingFeeBps : row.feeBps, pendingFeeBps: inForce ? 0 : row.pendingFeeBps, pendingFeeFrom: inForce ? "0" : row.pendingFeeFrom };
  check("protocol (the scheduled fee applied at the chain's time)", protocolNow, {
    owner: (await escrow.owner(at)).toLowerCase(),
    pendingOwner: (await escrow.pendingOwner(at)).toLowerCase(),
    feeBps: Number(await escrow.feeBps(at)),
    pendingFeeBps: Number(pendingFeeBps),
    pendingFeeFrom: pendingFeeFrom.toString(),
    feeRecipient: (await escrow.feeRecipient(at)).toLowerCase(),
    guardian: (await escrow.guardian(at)).toLowerCase(),
    paused: await escrow.paused(at),
  });
  const tokenRows = graph.tokens.items;
  for (const address of [ZeroAddress.toLowerCase(), chain.tokenAddress.toLowerCase()]) {
    const row = tokenRows.find((item) => item.address === address);
    const accrued = await escrow.accruedFees(address, at);
    check(`token ${address} fees accrued less withdrawn (accruedFees)`, row === undefined ? "0" : (big(row.feesAccrued) - big(row.feesWithdrawn)).toString(), accrued.toString());
    if (address !== ZeroAddress.toLowerCase()) check(`token ${address} allowed (isTokenAllowed)`, row?.allowed ?? false, await escrow.isTokenAllowed(address, at));
  }

  // ---------------------------------------------------------------- accounts: my pledges, maintainer
  for (const signer of chain.signers.slice(0, 10)) {
    const account = signer.address.toLowerCase();
    const mine = await reader.readAll((page) => reader.accountPledges(account, page));
    const pledgedTo = [...new Set(logs.escrow.filter((e) => e.name === "Pledged" && e.args.backer === account).map((e) => e.args.campaignId as string))];
    check(`account ${account} pledges: campaigns`, mine.items.map((item) => item.pledge.campaignId).sort(), pledgedTo.sort());
    for (const item of mine.items) {
      const id = BigInt(item.campaign.id);
      const a = (field: string, indexedValue: unknown, chainValue: unknown) => check(`account ${account} campaign ${id} ${field}`, indexedValue, chainValue);
      a("campaign = single campaign row", item.campaign, campaigns.get(id));
      const pledged = await escrow.pledgeOf(id, account, at);
      a("canWithdraw (Funding, pledge)", item.canWithdraw, chainStates.get(id) === "Funding" && pledged > 0n);
      a("refundableNow > 0 iff refund would succeed", big(item.refundableNow) > 0n, await succeeds(() => escrow.connect(signer).refund.staticCall(id, at)));
      a("canObject iff objectMilestone would succeed", item.canObject, await succeeds(() => escrow.connect(signer).objectMilestone.staticCall(id, at)));
      a("canWithdrawObjection iff withdrawObjection would succeed", item.canWithdrawObjection, await succeeds(() => escrow.connect(signer).withdrawObjection.staticCall(id, at)));
    }

    const page = await reader.maintainer(account);
    const maintained: string[] = [];
    const offered: string[] = [];
    for (let id = 1n; id <= BigInt(projectCount); id++) {
      const view = await registry.getProject(id, at);
      if (view.owner.toLowerCase() === account || (await registry.isMaintainer(id, account, at))) maintained.push(id.toString());
      if (view.pendingOwner.toLowerCase() === account) offered.push(id.toString());
    }
    check(`maintainer ${account}: projects`, page.projects.map((item) => item.id), maintained);
    check(`maintainer ${account}: ownership offers`, page.ownershipOffers.map((item) => item.id), offered);
    for (const id of offered) check(`maintainer ${account}: offer of project ${id} can be accepted`, await succeeds(() => registry.connect(signer).acceptProjectOwnership.staticCall(BigInt(id), at)), true);
    // Claims: listed exactly when a claim by this maintainer would succeed.
    const claimable = new Set(page.claimsAvailable.map((item) => item.campaign.id));
    for (const campaign of campaigns.values()) {
      if (!maintained.includes(campaign.projectId)) continue;
      const id = BigInt(campaign.id);
      check(`maintainer ${account}: campaign ${id} claimable iff claim would succeed`, claimable.has(campaign.id), await succeeds(() => escrow.connect(signer).claim.staticCall(id, at)));
      const due = page.milestonesDue.find((item) => item.campaign.id === campaign.id);
      if (due !== undefined) {
        check(`maintainer ${account}: campaign ${id} milestone ${due.index} due: listed as submittable (not overdue) iff submit would succeed`, !due.overdue, await succeeds(() => escrow.connect(signer).submitMilestone.staticCall(id, "https://example.org/delivery", at)));
      }
      const settle = page.reviewsToSettle.find((item) => item.campaign.id === campaign.id);
      if (settle !== undefined) check(`maintainer ${account}: campaign ${id} review to settle: settle would succeed`, await succeeds(() => escrow.connect(signer).settleMilestone.staticCall(id, at)), true);
    }
  }

  // ---------------------------------------------------------------- refund bonus
  await compareBonus({ check, reader, url, chain, block, logs: logs.escrow, campaigns });

  // ---------------------------------------------------------------- the client: indexer path = RPC path
  const fallbacks: IndexerFallback[] = [];
  const provider = chain.connection.ethers.provider;
  const viaIndexer = new OpenPledgeClient(chain.addresses, provider, { indexerUrl: url, onFallback: (fallback) => fallbacks.push(fallback) });
  const viaChain = new OpenPledgeClient(chain.addresses, provider, { onFallback: () => undefined });
  check("client listProjects: indexer = chain", await viaIndexer.listProjects(), await viaChain.listProjects());
  check("client listCampaigns: indexer = chain", await viaIndexer.listCampaigns(), await viaChain.listCampaigns());
  for (let id = 1n; id <= BigInt(campaignCount); id++) {
    check(`client campaignBackers(${id}): indexer = chain`, await viaIndexer.campaignBackers(id), await viaChain.campaignBackers(id));
    check(`client campaignHistory(${id}): indexer = chain`, await viaIndexer.campaignHistory(id), await viaChain.campaignHistory(id));
  }
  check("client: no fallback to the chain", fallbacks.map((fallback) => fallback.message), []);

  // Nothing was mined meanwhile (a comparison at two blocks would mean nothing).
  check("chain head unchanged during the comparison", (await provider.getBlockNumber()), block);
  return { problems, checked, campaigns };
}


/**
 * Every row of every table the indexer keeps, through its GraphQL API (the tables found by introspection, every scalar
 * column), sorted: two indexers of the same chain must answer the same.
 */
export async function dumpTables(url: string): Promise<Record<string, unknown[]>> {
  const schema = await graphql<{ __schema: { queryType: { fields: Array<{ name: string; type: { name: string | null; ofType: { name: string | null } | null } }> } } }>(
    url,
    "{ __schema { queryType { fields { name type { name ofType { name } } } } } }",
  );
  const typeName = (field: { type: { name: string | null; ofType: { name: string | null } | null } }) => field.type.name ?? field.type.ofType?.name ?? "";
  const lists = schema.__schema.queryType.fields.filter((field) => typeName(field).endsWith("Page"));
  if (lists.length === 0) throw new Error(`no lists in the indexer's GraphQL schema: ${JSON.stringify(schema)}`);
  const dump: Record<string, unknown[]> = {};
  for (const list of lists) {
    const itemType = typeName(list).replace(/Page$/, "");
    const type = await graphql<{ __type: { fields: Array<{ name: string; type: { kind: string; ofType: { kind: string } | null } }> } }>(
      url,
      `{ __type(name: "${itemType}") { fields { name type { kind ofType { kind } } } } }`,
    );
    const columns = type.__type.fields.filter((field) => field.type.kind === "SCALAR" || field.type.ofType?.kind === "SCALAR").map((field) => field.name);
    const rows: unknown[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Record<string, { items: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }> = await graphql(
        url,
        `{ ${list.name}(limit: 1000${after === null ? "" : `, after: ${JSON.stringify(after)}`}) { items { ${columns.join(" ")} } pageInfo { hasNextPage endCursor } } }`,
      );
      const answer = page[list.name];
      if (answer === undefined) throw new Error(`no ${list.name} in the answer`);
      rows.push(...answer.items);
      if (!answer.pageInfo.hasNextPage) break;
      after = answer.pageInfo.endCursor;
    }
    dump[list.name] = rows.map((row) => JSON.stringify(row)).sort().map((row) => JSON.parse(row) as unknown);
  }
  return dump;
}
