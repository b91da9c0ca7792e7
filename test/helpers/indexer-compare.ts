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
  IndexerRequestError,
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

/** The events of a claim's credits: part of its gross amount, not of what `CampaignClaimed` says the project got. */
const SHARE_CREDITS = ["BuilderShareCredited", "DependencyShareCredited"];

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
  // Campaigns: every id with a `CampaignOpened` (a feature request has none until it is accepted; requests have their
  // own comparison, test/helpers/indexer-requests.ts).
  const campaignIds = [...new Set(logs.escrow.filter((e) => e.name === "CampaignOpened").map((e) => BigInt(e.args.campaignId as string)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const requestIds = new Set(logs.escrow.filter((e) => e.name === "RequestOpened").map((e) => e.args.requestId as string));
  check("campaign count: campaigns and requests (campaignCount)", campaignIds.filter((id) => !requestIds.has(id.toString())).length + requestIds.size, Number(await escrow.campaignCount(at)));
  const campaignList = await reader.readAll((page) => reader.campaigns(page));
  check("campaign list: total", campaignList.total, campaignIds.length);
  check("campaign list: now", campaignList.now, now.toString());
  check("campaign list: indexed block", campaignList.indexed?.number, block.toString());
  const campaigns = new Map<bigint, IndexedCampaign>();
  const chainStates = new Map<bigint, string>();
  const pledgedNow = new Map<bigint, bigint>();
  for (const id of campaignIds) {
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
    // A campaign accepted from a feature request: its request's events are in its history too.
    const events = logs.escrow.filter((event) => event.args.campaignId === id.toString() || event.args.requestId === id.toString());
    const opened = events.find((event) => event.name === "CampaignOpened");
    c("creator", indexed.creator, opened?.args.creator);
    c("openedAt", indexed.openedAt, (await chain.connection.ethers.provider.getBlock(Number(view.openedAtBlock)))?.timestamp.toString());
    // Gross: the project's part and the fee (`CampaignClaimed`), and the shares the claims credited just before.
    const grossClaimed = sum(events.filter((e) => e.name === "CampaignClaimed").map((e) => big(e.args.amount) + big(e.args.fee))) + sum(events.filter((e) => SHARE_CREDITS.includes(e.name)).map((e) => big(e.args.amount)));
    c("claimed (CampaignClaimed amount + fee, and the shares credited)", indexed.claimed, grossClaimed.toString());
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
    const pledgedTo = [...new Set(logs.escrow.filter((e) => e.name === "Pledged" && e.args.backer === account && campaigns.has(BigInt(e.args.campaignId as string))).map((e) => e.args.campaignId as string))];
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

  // ---------------------------------------------------------------- builder and dependency shares
  await compareShares({ check, reader, chain, block, logs, campaigns, projectCount });

  // ---------------------------------------------------------------- the client: indexer path = RPC path
  const fallbacks: IndexerFallback[] = [];
  const provider = chain.connection.ethers.provider;
  const viaIndexer = new OpenPledgeClient(chain.addresses, provider, { indexerUrl: url, onFallback: (fallback) => fallbacks.push(fallback) });
  const viaChain = new OpenPledgeClient(chain.addresses, provider, { onFallback: () => undefined });
  check("client listProjects: indexer = chain", await viaIndexer.listProjects(), await viaChain.listProjects());
  check("client listCampaigns: indexer = chain", await viaIndexer.listCampaigns(), await viaChain.listCampaigns());
  for (const id of campaignIds) {
    check(`client campaignBackers(${id}): indexer = chain`, await viaIndexer.campaignBackers(id), await viaChain.campaignBackers(id));
    check(`client campaignHistory(${id}): indexer = chain`, await viaIndexer.campaignHistory(id), await viaChain.campaignHistory(id));
  }
  // Shares as the client's types (the reader's getDependencies, getSplit, getOwed) = the client's reads of the chain.
  for (const id of campaignIds) check(`client getSplit(${id}): indexer = chain`, await reader.getSplit(id), await viaChain.getSplit(id));
  for (let id = 1n; id <= BigInt(projectCount); id++) {
    const current = await viaChain.getDependencies(id);
    check(`client getDependencies(${id}): indexer = chain`, await reader.getDependencies(id), current);
    for (let version = 0n; version <= current.version; version++) {
      check(`client getDependencies(${id}, ${version}): indexer = chain`, await reader.getDependencies(id, version), await viaChain.getDependencies(id, version));
    }
  }
  for (const signer of chain.signers.slice(0, 10)) check(`client getOwed(${signer.address}): indexer = chain`, await reader.getOwed(signer.address), await viaChain.getOwed(signer.address));
  check("client: no fallback to the chain", fallbacks.map((fallback) => fallback.message), []);

  // Nothing was mined meanwhile (a comparison at two blocks would mean nothing).
  check("chain head unchanged during the comparison", (await provider.getBlockNumber()), block);
  return { problems, checked, campaigns };
}


/** What the shares comparison needs from the whole comparison. */
interface SharesComparison {
  check: (what: string, indexed: unknown, onChain: unknown) => void;
  reader: IndexerReader;
  chain: TestChain;
  block: number;
  logs: { registry: Decoded[]; escrow: Decoded[] };
  campaigns: Map<bigint, IndexedCampaign>;
  projectCount: number;
}

/** `Limits.BUILDER_ACCEPT_WINDOW`. */
const BUILDER_ACCEPT_WINDOW = 180n * 86_400n;
const NOBODY = ZeroAddress.toLowerCase();
const orNull = (address: string): string | null => (address.toLowerCase() === NOBODY ? null : address.toLowerCase());

/**
 * Builder and dependency shares: every project's dependency lists (`getProject`'s current version and total, and
 * `getDependencies` for every version), every campaign's split (`getSplit`) with what its claims credited each
 * recipient (the logs), every account's credits (`builderSharesOf`) and its projects' (`projectSharesOf`) per token,
 * the builder roles offered to it, what credited each project, and the tokens' share ledger (what the escrow owes).
 */
export async function compareShares(input: SharesComparison): Promise<void> {
  const { check, reader, chain, block, logs, campaigns, projectCount } = input;
  const { registry, escrow } = chain;
  const at = { blockTag: block };
  const provider = chain.connection.ethers.provider;
  const tokens = [NOBODY, chain.tokenAddress.toLowerCase()];
  const events = logs.escrow;
  const tokenOfCampaign = (id: string): string => campaigns.get(BigInt(id))?.token ?? "?";
  const timeOf = async (blockNumber: number): Promise<string> => String((await provider.getBlock(blockNumber))?.timestamp);

  // ------------------------------------------------ dependency lists
  const declared = logs.registry.filter((e) => e.name === "DependenciesSet");
  for (let id = 1n; id <= BigInt(projectCount); id++) {
    const d = (field: string, indexedValue: unknown, chainValue: unknown) => check(`project ${id} dependencies ${field}`, indexedValue, chainValue);
    const view = await registry.getProject(id, at);
    const indexedProject = await reader.project(id);
    d("project row: dependencyVersion (getProject)", indexedProject.dependencyVersion, view.dependencyVersion.toString());
    d("project row: dependencyShareBps (getProject)", indexedProject.dependencyShareBps, Number(view.dependencyShareBps));
    const page = await reader.readAll((p) => reader.dependencies(id, p));
    const count = Number(view.dependencyVersion);
    d("versions declared", page.total, count);
    d("current version", page.current.version, view.dependencyVersion.toString());
    for (let version = 0; version <= count; version++) {
      const list = await registry.getDependencies(id, version, at);
      const entries = list.map((entry) => ({ projectId: entry.projectId.toString(), shareBps: Number(entry.shareBps) }));
      const single = await reader.dependencyList(id, version);
      const v = (field: string, indexedValue: unknown, chainValue: unknown) => d(`version ${version} ${field}`, indexedValue, chainValue);
      v("entries (getDependencies)", single.dependencies, entries);
      v("totalShareBps", single.totalShareBps, entries.reduce((total, entry) => total + entry.shareBps, 0));
      if (version === count) v("= current", page.current, single);
      if (version === 0) {
        v("never declared: no event", [single.version, single.setAtBlock, single.transactionHash], ["0", null, null]);
        continue;
      }
      v("= its row in the list of versions", page.items[version - 1], single);
      const log = declared.find((e) => e.args.projectId === id.toString() && e.args.version === String(version));
      v("where declared (DependenciesSet)", [single.setAtBlock, single.setAt, single.transactionHash], [String(log?.blockNumber), log === undefined ? undefined : await timeOf(log.blockNumber), log?.transactionHash]);
    }
    const beyond = await reader.dependencyList(id, count + 1).then(
      () => "answered",
      (error: unknown) => (error instanceof IndexerRequestError && error.notFound ? "not found" : String(error)),
    );
    d(`version ${count + 1} (never declared)`, beyond, "not found");

    // What campaigns credited the project, and its credits per token.
    const shares = await reader.readAll((p) => reader.projectShares(id, p));
    d("shares: payout", shares.payout, view.payout.toLowerCase());
    const credits = new Map<string, { campaignId: string; campaignProjectId: string; token: string; dependencyShares: bigint; releasedBuilderShares: bigint }>();
    for (const e of events) {
      const dependency = e.name === "DependencyShareCredited" && e.args.dependencyId === id.toString();
      const released = e.name === "WaitingBuilderShareReleased" && e.args.projectId === id.toString();
      if (!dependency && !released) continue;
      const campaignId = e.args.campaignId as string;
      const entry = credits.get(campaignId) ?? { campaignId, campaignProjectId: campaigns.get(BigInt(campaignId))?.projectId ?? "?", token: tokenOfCampaign(campaignId), dependencyShares: 0n, releasedBuilderShares: 0n };
      if (dependency) entry.dependencyShares += big(e.args.amount);
      else entry.releasedBuilderShares += big(e.args.amount);
      credits.set(campaignId, entry);
    }
    d(
      "shares: credits by campaign (DependencyShareCredited, WaitingBuilderShareReleased), first credit first",
      shares.items.map((item) => ({ campaignId: item.campaignId, campaignProjectId: item.campaignProjectId, token: item.token, dependencyShares: item.dependencyShares, releasedBuilderShares: item.releasedBuilderShares })),
      [...credits.values()].map((entry) => ({ ...entry, dependencyShares: entry.dependencyShares.toString(), releasedBuilderShares: entry.releasedBuilderShares.toString() })),
    );
    d("shares: total", shares.total, credits.size);
    for (const token of tokens) {
      const row = shares.balances.find((item) => item.token === token);
      const ofToken = [...credits.values()].filter((entry) => entry.token === token);
      const dependencyShares = sum(ofToken.map((entry) => entry.dependencyShares));
      const releasedBuilderShares = sum(ofToken.map((entry) => entry.releasedBuilderShares));
      const withdrawn = sum(events.filter((e) => e.name === "ProjectSharesWithdrawn" && e.args.projectId === id.toString() && e.args.token === token).map((e) => big(e.args.amount)));
      d(`shares in ${token}: owed (projectSharesOf)`, row?.owed ?? "0", (await escrow.projectSharesOf(id, token, at)).toString());
      d(`shares in ${token}: credited, of dependencies, released, withdrawn (logs)`, [row?.credited ?? "0", row?.dependencyShares ?? "0", row?.releasedBuilderShares ?? "0", row?.withdrawn ?? "0"], [String(dependencyShares + releasedBuilderShares), String(dependencyShares), String(releasedBuilderShares), String(withdrawn)]);
    }
  }

  // ------------------------------------------------ campaigns' splits
  const builderAccounts = new Set<string>();
  const waitingByToken = new Map<string, bigint>();
  const nominees = new Map<string, string[]>();
  for (const [id, campaign] of campaigns) {
    const sp = (field: string, indexedValue: unknown, chainValue: unknown) => check(`campaign ${id} split ${field}`, indexedValue, chainValue);
    const split = await reader.split(id);
    const view = await escrow.getSplit(id, at);
    const frozen = view.dependencyVersion === 0n ? [] : await registry.getDependencies(BigInt(campaign.projectId), view.dependencyVersion, at);
    sp("(getSplit)", {
      builder: split.builder,
      nominee: split.nominee,
      builderShareBps: split.builderShareBps,
      dependencyVersion: split.dependencyVersion,
      dependencyShareBps: split.dependencyShareBps,
      waiting: split.waiting,
      releasableAt: split.releasableAt,
    }, {
      builder: orNull(view.builder),
      nominee: orNull(view.nominee),
      builderShareBps: Number(view.builderShareBps),
      dependencyVersion: view.dependencyVersion.toString(),
      dependencyShareBps: Number(view.dependencyShareBps),
      waiting: view.waiting.toString(),
      releasableAt: view.releasableAt === 0n ? null : view.releasableAt.toString(),
    });
    sp("campaign terms", [split.campaignId, split.projectId, split.token, split.feeBps], [campaign.id, campaign.projectId, campaign.token, campaign.feeBps]);
    sp("frozen list (getDependencies of the frozen version)", split.dependencies, frozen.map((entry) => ({ projectId: entry.projectId.toString(), shareBps: Number(entry.shareBps) })));
    sp("canRelease iff releaseWaitingBuilderShare would succeed", split.canRelease, await succeeds(() => escrow.releaseWaitingBuilderShare.staticCall(id, at)));
    const mine = events.filter((e) => e.args.campaignId === id.toString());
    const amounts = (name: string) => sum(mine.filter((e) => e.name === name).map((e) => big(e.args.amount)));
    sp("builderCredited, dependencyCredited, releasedToProject (logs)", [split.builderCredited, split.dependencyCredited, split.releasedToProject], [amounts("BuilderShareCredited"), amounts("DependencyShareCredited"), amounts("WaitingBuilderShareReleased")].map(String));
    const lastWaiting = mine.filter((e) => e.name === "BuilderShareCredited" && e.args.builder === NOBODY).at(-1);
    sp("waitingSince (the last waiting credit's block time)", split.waitingSince, view.waiting === 0n || lastWaiting === undefined ? null : await timeOf(lastWaiting.blockNumber));
    if (split.releasableAt !== null) sp("releasableAt = waitingSince + 180 days", BigInt(split.releasableAt) - BigInt(split.waitingSince ?? "0"), BUILDER_ACCEPT_WINDOW);
    // Each builder credited, in the order of its first credit: shares of claims, and waiting shares taken on accepting.
    const builders = new Map<string, { builder: string; credited: bigint; waitingTaken: bigint }>();
    for (const e of mine) {
      const builder = e.args.builder as string;
      const credit = e.name === "BuilderShareCredited" && builder !== NOBODY ? big(e.args.amount) : 0n;
      const taken = e.name === "BuilderAccepted" ? big(e.args.waitingTaken) : 0n;
      if (credit === 0n && taken === 0n) continue;
      const entry = builders.get(builder) ?? { builder, credited: 0n, waitingTaken: 0n };
      entry.credited += credit;
      entry.waitingTaken += taken;
      builders.set(builder, entry);
    }
    sp("builders (BuilderShareCredited, BuilderAccepted)", split.builders, [...builders.values()].map((entry) => ({ builder: entry.builder, credited: entry.credited.toString(), waitingTaken: entry.waitingTaken.toString() })));
    sp(
      "dependency credits in list order (DependencyShareCredited)",
      split.dependencyCredits,
      frozen.map((entry) => ({
        projectId: entry.projectId.toString(),
        credited: sum(mine.filter((e) => e.name === "DependencyShareCredited" && e.args.dependencyId === entry.projectId.toString()).map((e) => big(e.args.amount))).toString(),
      })),
    );
    for (const e of mine) if (e.name === "BuilderAccepted" || e.name === "BuilderNominated") builderAccounts.add((e.args.builder ?? e.args.nominee) as string);
    waitingByToken.set(campaign.token, (waitingByToken.get(campaign.token) ?? 0n) + view.waiting);
    if (view.nominee !== ZeroAddress) {
      const nominee = view.nominee.toLowerCase();
      nominees.set(nominee, [...(nominees.get(nominee) ?? []), id.toString()]);
    }
  }

  // ------------------------------------------------ accounts: what is owed to them
  for (const e of events) if (e.name === "BuilderShareCredited" && e.args.builder !== NOBODY) builderAccounts.add(e.args.builder as string);
  for (const signer of chain.signers.slice(0, 10)) builderAccounts.add(signer.address.toLowerCase());
  builderAccounts.delete(NOBODY);
  const owedToBuilders = new Map<string, bigint>();
  for (const account of builderAccounts) {
    const o = (field: string, indexedValue: unknown, chainValue: unknown) => check(`account ${account} owed ${field}`, indexedValue, chainValue);
    const owed = await reader.owed(account);
    for (const token of tokens) {
      const row = owed.asBuilder.find((item) => item.token === token);
      const chainOwed = await escrow.builderSharesOf(account, token, at);
      owedToBuilders.set(token, (owedToBuilders.get(token) ?? 0n) + chainOwed);
      const credited =
        sum(events.filter((e) => e.name === "BuilderShareCredited" && e.args.builder === account && e.args.token === token).map((e) => big(e.args.amount))) +
        sum(events.filter((e) => e.name === "BuilderAccepted" && e.args.builder === account && tokenOfCampaign(e.args.campaignId as string) === token).map((e) => big(e.args.waitingTaken)));
      const withdrawn = sum(events.filter((e) => e.name === "BuilderSharesWithdrawn" && e.args.builder === account && e.args.token === token).map((e) => big(e.args.amount)));
      o(`as builder in ${token}: owed (builderSharesOf)`, row?.owed ?? "0", chainOwed.toString());
      o(`as builder in ${token}: credited, withdrawn (logs)`, [row?.credited ?? "0", row?.withdrawn ?? "0"], [credited.toString(), withdrawn.toString()]);
    }
    const maintained: Array<{ projectId: string; payout: string; shares: Array<{ token: string; owed: string }> }> = [];
    for (let id = 1n; id <= BigInt(projectCount); id++) {
      if (!(await registry.isMaintainer(id, account, at))) continue;
      const credited = events.some((e) => (e.name === "DependencyShareCredited" && e.args.dependencyId === id.toString()) || (e.name === "WaitingBuilderShareReleased" && e.args.projectId === id.toString()));
      if (!credited) continue;
      const shares: Array<{ token: string; owed: string }> = [];
      for (const token of tokens) {
        const ever = events.some((e) => (e.name === "DependencyShareCredited" && e.args.dependencyId === id.toString() && e.args.token === token) || (e.name === "WaitingBuilderShareReleased" && e.args.projectId === id.toString() && tokenOfCampaign(e.args.campaignId as string) === token));
        if (ever) shares.push({ token, owed: (await escrow.projectSharesOf(id, token, at)).toString() });
      }
      maintained.push({ projectId: id.toString(), payout: (await registry.getProject(id, at)).payout.toLowerCase(), shares });
    }
    o("as maintainer: projects, payouts, owed per token (isMaintainer, projectSharesOf)", owed.asMaintainer.map((item) => ({ projectId: item.projectId, payout: item.payout, shares: item.shares.map((share) => ({ token: share.token, owed: share.owed })) })), maintained);
    const offered = nominees.get(account) ?? [];
    o("nominations (getSplit nominee)", owed.nominations.map((item) => item.campaignId), offered);
    for (const item of owed.nominations) {
      const view = await escrow.getSplit(BigInt(item.campaignId), at);
      o(`nomination ${item.campaignId}: waiting, share`, [item.waiting, item.builderShareBps], [view.waiting.toString(), Number(view.builderShareBps)]);
      const nominee = chain.signers.find((signer) => signer.address.toLowerCase() === account);
      if (nominee !== undefined) o(`nomination ${item.campaignId}: acceptBuilder would succeed`, await succeeds(() => escrow.connect(nominee).acceptBuilder.staticCall(BigInt(item.campaignId), at)), true);
    }
  }

  // ------------------------------------------------ tokens: what the escrow owes in shares
  const graph = await graphql<{ tokens: { items: Array<{ address: string; sharesCredited: string; sharesWithdrawn: string }> } }>(
    reader.url,
    "{ tokens(limit: 100) { items { address sharesCredited sharesWithdrawn } } }",
  );
  for (const token of tokens) {
    const row = graph.tokens.items.find((item) => item.address === token);
    let owedToProjects = 0n;
    for (let id = 1n; id <= BigInt(projectCount); id++) owedToProjects += await escrow.projectSharesOf(id, token, at);
    const owed = (owedToBuilders.get(token) ?? 0n) + owedToProjects + (waitingByToken.get(token) ?? 0n);
    check(`token ${token}: shares credited − withdrawn = Σ builderSharesOf + Σ projectSharesOf + Σ waiting`, row === undefined ? "0" : (big(row.sharesCredited) - big(row.sharesWithdrawn)).toString(), owed.toString());
  }
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
