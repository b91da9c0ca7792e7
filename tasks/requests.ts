/**
 * Feature requests on the command line: anyone opens one for a project and anyone pledges to it; a maintainer of the
 * project accepts it as a campaign (with a goal and a deadline) or declines it; a declined or expired request refunds
 * every backer in full. Amounts in the token's units, times as dates, the fee and shares in percent, support in
 * token·days. Each refusal says what to do instead.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import {
  amountWriter,
  formatDate,
  formatAmount,
  formatDuration,
  NotARequestError,
  OpenPledgeError,
  type OpenPledgeClient,
  type RequestDetails,
  type TokenInfo,
} from "../client/node.js";
import { isUnset } from "./argv.js";
import { planOf, type PlanArgs } from "./campaigns.js";
import { parseId, runTask, UsageError, viewer, type CommonArgs } from "./context.js";
import { bpsOf, dateOrDurationOf, durationOf, pageSizeOf, wholeDaysOf } from "./parse.js";
import { duplicatesText, formatRequest, formatRequestList, isOpen, supportText, type RequestListShown, type RequestShown } from "./request-view.js";

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
async function readRequest(client: OpenPledgeClient, idText: string, instead?: (id: bigint) => string): Promise<{ request: RequestDetails; token: TokenInfo }> {
  const id = parseId(idText, "request id");
  let request: RequestDetails;
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
      const [now, limits] = await Promise.all([client.chainTime(), client.requestLimits()]);
      const expiry = dateOrDurationOf(isUnset(args.expires) ? DEFAULT_LIFETIME : args.expires, now, "--expires");
      const [earliest, latest] = [now + limits.minLifetime, now + limits.maxLifetime];
      // The transaction lands in a later block than `now`: the shortest lifetime is counted from then, so a minute of room.
      if (expiry < earliest + 60n || expiry > latest) {
        throw new UsageError(
          `--expires gives ${formatDate(expiry)}, but a request runs more than ${formatDuration(limits.minLifetime)} and at most ${formatDuration(limits.maxLifetime)}: give a date from ${formatDate(earliest + 60n)} to ${formatDate(latest)}, or a duration like 30d`,
        );
      }
      const opened = await (await writer()).openRequest({ projectId, token: args.token, expiry, specURI: args.spec.trim() });
      const request = await client.getRequest(opened.requestId);
      return { ...opened, request, token: await client.token(request.token) };
    },
    ({ request, token, hash }) => {
      const id = request.requestId;
      const duplicates = duplicatesText(request.duplicateOf);
      return [
        `Opened request #${id} for project ${request.projectId} (tx ${hash}): it takes ${token.symbol} pledges until ${formatDate(request.expiry)}.`,
        `Backers pledge with request pledge ${id} <amount>; a maintainer of project ${request.projectId} accepts it as a campaign (request accept ${id} --goal <amount> --deadline <date>) or declines it.`,
        `If neither happens by then, it expires and every backer takes their whole pledge back (request refund ${id}).`,
        ...(duplicates === undefined ? [] : [`Note: ${duplicates} (request list ${request.projectId} ranks them): backers may prefer the one with more support.`]),
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
      const [now, limits, protocol] = await Promise.all([client.chainTime(), client.requestLimits(), client.limits()]);
      const deadline = dateOrDurationOf(args.deadline, now, "--deadline");
      const effectiveLastCall = lastCall ?? protocol.defaultLastCall;
      // A little room: the transaction lands in a later block than `now`.
      const earliest = earliestAcceptedDeadline(now, limits.acceptanceNotice, effectiveLastCall) + 60n;
      if (deadline < earliest) {
        const days = (earliest - now + 86_399n) / 86_400n;
        throw new UsageError(
          `--deadline gives ${formatDate(deadline)}, but an accepted request's backers keep ${formatDuration(limits.acceptanceNotice)} plus two last calls (${formatDuration(2n * effectiveLastCall)}) to withdraw from terms they dislike: give ${formatDate(earliest)} or later, e.g. --deadline ${days}d`,
        );
      }
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
      const campaign = await client.getCampaign(accepted.campaignId);
      return { ...accepted, requestId: request.requestId, backers: request.backers, campaign };
    },
    ({ requestId, campaign, goalReached, backers, hash }) => {
      const write = amountWriter(campaign.token);
      const percent = campaign.goal === 0n ? 0n : (campaign.pledged * 100n) / campaign.goal;
      const lastCallStart = campaign.deadline - campaign.lastCall + 1n;
      return [
        `Accepted request #${requestId}: it is campaign ${campaign.id} now (tx ${hash}).`,
        `Goal ${write(campaign.goal)}, deadline ${formatDate(campaign.deadline)}, last call ${formatDuration(campaign.lastCall)} (from ${formatDate(lastCallStart)}); it keeps the ${write(campaign.pledged)} ${backers === 1 ? "its backer" : `its ${backers} backers`} pledged (${percent}% of the goal)${goalReached ? ": that already reaches the goal" : ""}.`,
        `Backers who dislike the terms take their pledge back with campaign withdraw ${campaign.id} <amount> before the last call; campaign show ${campaign.id} gives every date.`,
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
        throw new UsageError(`give the backers the reason as a URI with --reason, e.g. --reason ${request.specURI.startsWith("http") ? `${request.specURI}#issuecomment-<n>` : "https://<a comment explaining why>"}`);
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
