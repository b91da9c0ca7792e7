/**
 * Feature requests on the command line: anyone opens one for a project and anyone pledges to it; a maintainer of the
 * project accepts it as a campaign (with a goal and a deadline) or declines it; a declined or expired request refunds
 * every backer in full. Amounts in the token's units, times as dates, the fee and shares in percent, support in
 * token·days. Each refusal says what to do instead.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import {
  amountWriter,
  campaignTimeline,
  formatDate,
  formatAmount,
  formatDuration,
  NotARequestError,
  OpenPledgeError,
  type FullRequestDetails,
  type OpenPledgeClient,
  type RequestDetails,
  type TokenInfo,
} from "../client/node.js";
import { isUnset } from "./argv.js";
import { planOf, type PlanArgs } from "./campaigns.js";
import { parseId, runTask, UsageError, viewer, type CommonArgs } from "./context.js";
import { bpsOf, durationOf, givenTimeOf, miningTimeOf, pageSizeOf, wholeDaysOf, type MiningTime } from "./parse.js";
import { duplicatesText, formatRequest, fundingDuplicates, formatRequestList, isOpen, supportText, type RequestListShown, type RequestShown } from "./request-view.js";

/** A request's expiry when `--expires` is left out. */
const DEFAULT_LIFETIME = "30d";
/** The longest last call `acceptRequest` counts in the earliest deadline (the escrow caps it there). */
const NOTICE_LAST_CALL_CAP = 7n * 86_400n;

// ------------------------------------------------------------------ refusals that say what to do instead

/** What a backer or maintainer does with a request that no longer takes pledges, by what they tried. */
type Attempt = "pledge" | "withdraw" | "accept" | "decline";

/**
 * The refusal of `attempt` on a request that is not open: why (declined, expired, accepted) and what to do instead.
 * Undefined while it is open.
 */
export function notOpenText(request: RequestDetails, attempt: Attempt, amount?: string): string | undefined {
  if (isOpen(request)) return undefined;
  const id = request.requestId;
  const refund = `every backer takes their whole pledge back with request refund ${id}`;
  if (request.accepted !== null) {
    const accepted = `request #${id} was accepted ${formatDate(request.accepted.at)} by ${request.accepted.maintainer}: it is campaign ${id} now (${request.state}), with a goal and a deadline`;
    if (attempt === "pledge") return `${accepted}; read its terms with campaign show ${id}, then pledge with campaign pledge ${id} ${amount ?? "<amount>"}`;
    if (attempt === "withdraw") return `${accepted}; while it funds, take your pledge back with campaign withdraw ${id} ${amount ?? "<amount>"} (campaign show ${id} says until when)`;
    return `${accepted}; there is nothing left to ${attempt}`;
  }
  const why =
    request.declined !== null
      ? `request #${id} was declined ${formatDate(request.declined.at)} by ${request.declined.maintainer} (reason: ${request.declined.reasonURI})`
      : `request #${id} expired after ${formatDate(request.expiry)}, nobody having accepted it`;
  if (attempt === "pledge") return `${why}: it takes no more pledges; ${refund}. To ask again, open a new request (request open ${request.projectId} --spec ${request.specURI})`;
  if (attempt === "withdraw") return `${why}: ${refund} (not a withdrawal)`;
  return `${why}: it can no longer be accepted or declined; to take the work on, open a campaign (campaign open --project ${request.projectId} --spec ${request.specURI} --goal <amount>)`;
}

/** Throws `notOpenText` as a one-line refusal when the request is not open. */
function requireOpen(request: RequestDetails, attempt: Attempt, amount?: string): void {
  const text = notOpenText(request, attempt, amount);
  if (text !== undefined) throw new UsageError(text);
}

/** The refusal of a refund, with what to do instead; undefined when the request refunds (declined or expired). */
export function notRefundableText(request: RequestDetails, pledge: bigint, backer: string, token: TokenInfo): string | undefined {
  const id = request.requestId;
  const amount = amountWriter(token);
  if (isOpen(request)) {
    const yours = pledge === 0n ? "you have no pledge in it" : `take your ${amount(pledge)} back with request withdraw ${id} ${plainAmount(pledge, token)}`;
    return `request #${id} is open until ${formatDate(request.expiry)}, so there is no refund yet: ${yours}; if nobody accepts it by then, or a maintainer declines it, request refund ${id} pays every backer in full`;
  }
  if (request.accepted !== null) {
    return `request #${id} was accepted ${formatDate(request.accepted.at)}: it is campaign ${id} now (${request.state}); take your pledge back with campaign withdraw ${id} <amount> while it funds, or campaign refund ${id} if it fails (campaign show ${id} says which)`;
  }
  if (pledge === 0n) {
    return `${backer} has no pledge in request #${id}: it never pledged, or took it back already (request show ${id} --from <account> shows an account's pledge)`;
  }
  return undefined;
}

/** `request accept`'s earliest deadline: now + the acceptance notice + two last calls (each counted at most 7 days). */
export function earliestAcceptedDeadline(now: bigint, acceptanceNotice: bigint, lastCall: bigint): bigint {
  const counted = lastCall < NOTICE_LAST_CALL_CAP ? lastCall : NOTICE_LAST_CALL_CAP;
  return now + acceptanceNotice + 2n * counted;
}

// ------------------------------------------------------------------ reading

async function tokensOf(client: OpenPledgeClient, addresses: readonly string[]): Promise<Record<string, TokenInfo>> {
  const unique = [...new Set(addresses)];
  return Object.fromEntries(await Promise.all(unique.map(async (address) => [address, await client.token(address)] as const)));
}

/**
 * A request and its token. An id that is a campaign opened as such is refused with the campaign task to use instead
 * (`instead`, e.g. "campaign pledge 3 1"), or `campaign show` when none is given.
 */
async function readRequest(client: OpenPledgeClient, idText: string, instead?: (id: bigint) => string): Promise<{ request: FullRequestDetails; token: TokenInfo }> {
  const id = parseId(idText, "request id");
  let request: FullRequestDetails;
  try {
    request = await client.getRequest(id);
  } catch (error) {
    if (error instanceof OpenPledgeError && error.errorName === "UnknownCampaign") {
      throw new UsageError(`there is no request #${id}: request list <project id> lists a project's open requests`);
    }
    if (!(error instanceof NotARequestError)) throw error;
    throw new UsageError(`#${id} is campaign ${id}, opened as a campaign, not a feature request: ${instead === undefined ? `campaign show ${id} tells it` : `use ${instead(id)}`}`);
  }
  return { request, token: await client.token(request.token) };
}

// ------------------------------------------------------------------ tasks

/**
 * `--expires` as the request's expiry. A duration counts from when the transaction will be mined (`mining.latest`) and
 * must be from the shortest to the longest lifetime (7d to 365d), the longest capped at what the escrow takes however
 * early the block comes; a date must be at least the shortest lifetime after `mining.latest` and at most the longest
 * after `mining.earliest`.
 */
export function requestExpiryOf(text: string, mining: MiningTime, minLifetime: bigint, maxLifetime: bigint): bigint {
  const given = givenTimeOf(text, mining, "--expires");
  const [earliest, latest] = [mining.latest + minLifetime, mining.earliest + maxLifetime];
  const bounds = `give a duration from ${formatDuration(minLifetime)} to ${formatDuration(maxLifetime)} (e.g. 30d), or a date from ${formatDate(earliest)} to ${formatDate(latest)}`;
  if (given.duration !== null) {
    if (given.duration < minLifetime || given.duration > maxLifetime) {
      throw new UsageError(`--expires ${text.trim()} is ${formatDuration(given.duration)}, but a request stays open from ${formatDuration(minLifetime)} to ${formatDuration(maxLifetime)}: ${bounds}`);
    }
    return given.at < latest ? given.at : latest;
  }
  if (given.at < earliest || given.at > latest) {
    throw new UsageError(`--expires gives ${formatDate(given.at)}, but a request stays open from ${formatDuration(minLifetime)} to ${formatDuration(maxLifetime)} after it is opened: ${bounds}`);
  }
  return given.at;
}

export interface OpenRequestArgs extends CommonArgs {
  project: string;
  spec: string;
  token: string;
  expires: string;
}

export async function open(args: OpenRequestArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, writer }) => {
      const projectId = parseId(args.project, "project id");
      if (args.spec.trim() === "") throw new UsageError(`give the feature asked for with --spec <uri>, e.g. --spec https://github.com/<owner>/<repo>/issues/<n>`);
      const [now, limits] = await Promise.all([nextBlockTime(client), client.requestLimits()]);
      const expiry = requestExpiryOf(isUnset(args.expires) ? DEFAULT_LIFETIME : args.expires, miningTimeOf(now), limits.minLifetime, limits.maxLifetime);
      const opened = await (await writer()).openRequest({ projectId, token: args.token, expiry, specURI: args.spec.trim() });
      const request = await client.getRequest(opened.requestId);
      return { ...opened, request, token: await client.token(request.token) };
    },
    ({ request, token, hash }) => {
      const id = request.requestId;
      const funding = fundingDuplicates(request.duplicates);
      // A campaign funding the same issue gets its own warning; the note tells the other duplicates.
      const duplicates = duplicatesText(request.duplicates.filter((duplicate) => !funding.includes(duplicate)));
      return [
        `Opened request #${id} for project ${request.projectId} (tx ${hash}): it takes ${token.symbol} pledges until ${formatDate(request.expiry)}.`,
        `Backers pledge with request pledge ${id} <amount>; a maintainer of project ${request.projectId} accepts it as a campaign (request accept ${id} --goal <amount> --deadline <date>) or declines it.`,
        `If neither happens by then, it expires and every backer takes their whole pledge back (request refund ${id}).`,
        ...funding.map(
          (campaign) =>
            `Warning: the same issue is already a funding campaign, campaign ${campaign.campaignId} (accepted from request #${campaign.requestId}): backers should pledge there (campaign pledge ${campaign.campaignId} <amount>; campaign show ${campaign.campaignId} gives its terms) rather than to this request.`,
        ),
        ...(duplicates === undefined ? [] : [`Note: ${duplicates} (request list ${request.projectId} --all lists them).`]),
      ].join("\n");
    },
  );
}

export async function list(args: CommonArgs & { project: string; all: boolean; pageSize: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client }): Promise<RequestListShown> => {
      const projectId = parseId(args.project, "project id");
      const requests = await client.listRequests(projectId, { includeClosed: args.all, pageSize: pageSizeOf(args.pageSize) });
      // No request at all may mean no such project: the registry's refusal says so ("there is no project 2").
      if (requests.length === 0) await client.getProject(projectId);
      return { projectId, requests, tokens: await tokensOf(client, requests.map((request) => request.token)), all: args.all };
    },
    formatRequestList,
  );
}

export async function show(args: CommonArgs & { id: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, account }): Promise<RequestShown> => {
      const { request, token } = await readRequest(client, args.id);
      const you = await viewer(args, account);
      const [now, yourPledge] = await Promise.all([client.chainTime(), you === undefined ? null : client.pledgeOf(request.requestId, you)]);
      return { request, token, now, yourPledge };
    },
    formatRequest,
  );
}

export async function pledge(args: CommonArgs & { id: string; amount: string; allowance: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, writer, signer }) => {
      const { request, token } = await readRequest(client, args.id, (id) => `campaign pledge ${id} ${args.amount}`);
      requireOpen(request, "pledge", args.amount);
      const value = await client.toBaseUnits(args.amount, request.token);
      const pledged = await (await writer()).pledge(request.requestId, value, allowanceModeOf(args.allowance));
      const backer = (await signer()).address;
      const [after, yours] = await Promise.all([client.getRequest(request.requestId), client.pledgeOf(request.requestId, backer)]);
      return { ...pledged, request: after, token, yourPledge: yours };
    },
    ({ request, token, amount, yourPledge, hash }) => {
      const write = amountWriter(token);
      const id = request.requestId;
      return (
        `Pledged ${write(amount)} to request #${id} (tx ${hash}): it holds ${write(request.pledged)} from ${request.backers} backer${request.backers === 1 ? "" : "s"}, support ${supportText(request.support, token)}.\n` +
        `Your ${write(yourPledge)} adds ${supportText(yourPledge * 86_400n, token)} of support per day it stays in; take it back any time while the request is open (request withdraw ${id} <amount>), which restarts the count of what you leave in. ` +
        `If it expires (after ${formatDate(request.expiry)}) or is declined, request refund ${id} pays it all back.`
      );
    },
  );
}

export async function withdraw(args: CommonArgs & { id: string; amount: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, writer, signer }) => {
      const { request, token } = await readRequest(client, args.id, (id) => `campaign withdraw ${id} ${args.amount}`);
      requireOpen(request, "withdraw", args.amount);
      const backer = (await signer()).address;
      const value = await client.toBaseUnits(args.amount, request.token);
      const pledgedBefore = await client.pledgeOf(request.requestId, backer);
      if (value > pledgedBefore) {
        const write = amountWriter(token);
        throw new UsageError(
          pledgedBefore === 0n
            ? `${backer} has no pledge in request #${request.requestId} to withdraw (request show ${request.requestId} --from <account> shows an account's pledge)`
            : `${backer} has ${write(pledgedBefore)} in request #${request.requestId}: withdraw at most that, e.g. request withdraw ${request.requestId} ${plainAmount(pledgedBefore, token)}`,
        );
      }
      const withdrawn = await (await writer()).withdrawPledge(request.requestId, value);
      return { ...withdrawn, requestId: request.requestId, token, left: await client.pledgeOf(request.requestId, backer) };
    },
    ({ requestId, token, amount, left, hash }) => {
      const write = amountWriter(token);
      const rest = left === 0n ? "you have nothing left in it" : `the support of the ${write(left)} you left in counts from now`;
      return `Withdrew ${write(amount)} from request #${requestId}: ${rest} (tx ${hash})`;
    },
  );
}

/**
 * `request accept --deadline` as the campaign's deadline. A duration counts from when the transaction will be mined
 * (`mining.latest`): at least the acceptance notice plus two last calls (each counted at most 7 days), at most the
 * longest campaign (`maxDuration`, capped at what the escrow takes however early the block comes); a date likewise.
 */
export function acceptedDeadlineOf(text: string, mining: MiningTime, acceptanceNotice: bigint, lastCall: bigint, maxDuration: bigint): bigint {
  const given = givenTimeOf(text, mining, "--deadline");
  const shortest = earliestAcceptedDeadline(0n, acceptanceNotice, lastCall);
  const [earliest, latest] = [mining.latest + shortest, mining.earliest + maxDuration];
  const why = `an accepted request's backers keep ${formatDuration(acceptanceNotice)} plus two last calls (${formatDuration(shortest - acceptanceNotice)}) to withdraw from terms they dislike, and a campaign runs at most ${formatDuration(maxDuration)}`;
  const bounds = `give a duration from ${formatDuration(shortest)} to ${formatDuration(maxDuration)}, or a date from ${formatDate(earliest)} to ${formatDate(latest)}`;
  if (given.duration !== null) {
    if (given.duration < shortest || given.duration > maxDuration) throw new UsageError(`--deadline ${text.trim()} is ${formatDuration(given.duration)}, but ${why}: ${bounds}`);
    return given.at < latest ? given.at : latest;
  }
  if (given.at < earliest || given.at > latest) throw new UsageError(`--deadline gives ${formatDate(given.at)}, but ${why}: ${bounds}`);
  return given.at;
}

export interface AcceptArgs extends CommonArgs, PlanArgs {
  id: string;
  goal: string;
  deadline: string;
  lastCall: string;
  claimDays: string;
  builderShare: string;
}

export async function accept(args: AcceptArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, writer }) => {
      const { request, token } = await readRequest(client, args.id);
      requireOpen(request, "accept");
      if (args.goal.trim() === "") throw new UsageError(`give the campaign's goal with --goal <amount in ${token.symbol}>, e.g. --goal 5`);
      if (args.deadline.trim() === "") throw new UsageError(`give the campaign's deadline with --deadline <date or duration>, e.g. --deadline 30d`);
      const lastCall = isUnset(args.lastCall) ? undefined : durationOf(args.lastCall, "--last-call");
      const claimWindow = isUnset(args.claimDays) ? undefined : wholeDaysOf(args.claimDays, "--claim-days");
      if (claimWindow !== undefined && args.milestones !== "") {
        throw new UsageError("--claim-days is for campaigns without milestones: with --milestones, the due dates bound every wait and released shares stay claimable; leave --claim-days out");
      }
      const [now, limits, protocol] = await Promise.all([nextBlockTime(client), client.requestLimits(), client.limits()]);
      const effectiveLastCall = lastCall ?? protocol.defaultLastCall;
      const deadline = acceptedDeadlineOf(args.deadline, miningTimeOf(now), limits.acceptanceNotice, effectiveLastCall, protocol.maxDuration);
      const milestones = args.milestones === "" ? undefined : planOf(args, deadline, effectiveLastCall);
      const builderShareBps = isUnset(args.builderShare) ? undefined : BigInt(bpsOf(args.builderShare, "--builder-share"));
      const accepted = await (await writer()).acceptRequest(request.requestId, {
        goal: args.goal,
        deadline,
        lastCall,
        claimWindow,
        builderShareBps,
        milestones,
      });
      const [campaign, acceptedAt] = await Promise.all([client.getCampaign(accepted.campaignId), client.chainTime()]);
      return { ...accepted, requestId: request.requestId, backers: request.backers, campaign, timeline: campaignTimeline(campaign, acceptedAt) };
    },
    ({ requestId, campaign, timeline, goalReached, backers, hash }) => {
      const write = amountWriter(campaign.token);
      const percent = campaign.goal === 0n ? 0n : (campaign.pledged * 100n) / campaign.goal;
      const { lastCallStart, goalLockedFrom } = timeline;
      const lastCallRule =
        goalLockedFrom === null
          ? `in the last call (from ${formatDate(lastCallStart)}) too, as long as the goal has not stood for a whole last call (campaign show ${campaign.id} tells when that starts)`
          : `from ${formatDate(goalLockedFrom)}, as the goal will then have stood for a whole last call, withdrawals that take the total below the goal are refused`;
      return [
        `Accepted request #${requestId}: it is campaign ${campaign.id} now (tx ${hash}).`,
        `Goal ${write(campaign.goal)}, deadline ${formatDate(campaign.deadline)}, last call ${formatDuration(campaign.lastCall)} (from ${formatDate(lastCallStart)}); it keeps the ${write(campaign.pledged)} ${backers === 1 ? "its backer" : `its ${backers} backers`} pledged (${percent}% of the goal)${goalReached ? ": that already reaches the goal" : ""}.`,
        `Backers who dislike the terms take their pledge back in full with campaign withdraw ${campaign.id} <amount> until ${formatDate((goalLockedFrom ?? lastCallStart) - 1n)}; ${lastCallRule}. campaign show ${campaign.id} gives every date.`,
      ].join("\n");
    },
  );
}

export async function decline(args: CommonArgs & { id: string; reason: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, writer }) => {
      const { request, token } = await readRequest(client, args.id);
      requireOpen(request, "decline");
      if (args.reason.trim() === "") {
        throw new UsageError(
          `give the backers the reason with --reason: a link to a comment or a short reason, e.g. --reason ${request.specURI.startsWith("http") ? `${request.specURI}#issuecomment-<n>` : `"out of scope for this project"`}`,
        );
      }
      const declined = await (await writer()).declineRequest(request.requestId, args.reason.trim());
      return { ...declined, request, token, reason: args.reason.trim() };
    },
    ({ request, token, reason, hash }) => {
      const id = request.requestId;
      const owed = request.pledged === 0n ? "nobody had pledged to it" : `${backersSubject(request.backers)} their ${amountWriter(token)(request.pledged)} back in full with request refund ${id}`;
      return `Declined request #${id} (reason: ${reason}): ${owed} (tx ${hash})`;
    },
  );
}

export async function refund(args: CommonArgs & { id: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, writer, signer }) => {
      const { request, token } = await readRequest(client, args.id, (id) => `campaign refund ${id}`);
      const backer = (await signer()).address;
      const pledge = await client.pledgeOf(request.requestId, backer);
      const refused = notRefundableText(request, pledge, backer, token);
      if (refused !== undefined) throw new UsageError(refused);
      const refunded = await (await writer()).refund(request.requestId);
      return { ...refunded, request, token };
    },
    ({ request, token, amount, hash }) => {
      const why = request.declined !== null ? "declined" : "expired";
      return `Refunded ${amountWriter(token)(amount)} from request #${request.requestId} (${why}): your whole pledge (tx ${hash})`;
    },
  );
}

/** "its backer takes" / "its 3 backers take". */
function backersSubject(count: number): string {
  return count === 1 ? "its backer takes" : `its ${count} backers take`;
}

function allowanceModeOf(text: string): "auto" | "permit" | "approve" {
  if (text === "auto" || text === "permit" || text === "approve") return text;
  throw new UsageError(`--allowance must be auto, permit or approve, not "${text}"`);
}

/** An amount as a command takes it back ("1000.5": no grouping, no symbol). */
function plainAmount(value: bigint, token: TokenInfo): string {
  return formatAmount(value, token.decimals, { grouped: false });
}

/**
 * The chain's time as `miningTimeOf` takes it: one second before the block that would be mined now (the node's pending
 * block), else the latest block's time. A local chain whose clock was moved keeps its offset, so an idle one mines its
 * next block well after its latest block's time: counting from the latest block would make "7d" too short.
 */
async function nextBlockTime(client: OpenPledgeClient): Promise<bigint> {
  // Asked over raw JSON-RPC: ethers refuses to parse a pending block, whose number is null.
  const rpc = client.provider as { send?: (method: string, params: unknown[]) => Promise<unknown> };
  if (typeof rpc.send === "function") {
    const pending = (await rpc.send("eth_getBlockByNumber", ["pending", false]).catch(() => null)) as { timestamp?: unknown } | null;
    // One second before it: `miningTimeOf` takes the time of the block before the one that will be mined.
    if (typeof pending?.timestamp === "string") return BigInt(pending.timestamp) - 1n;
  }
  return client.chainTime();
}
