/**
 * Feature requests in words and dates, with no DOM and no chain: how a project's requests are ranked and split
 * (open with money in, open with none, closed), what a request's support means, the "same issue as #N" marks, and
 * the dates the request forms work with (an expiry picked as a day, the earliest deadline an acceptance may set).
 * The figures come from the client (`listRequests`, `getRequest`, `formatSupport`); this module only orders and
 * words them, so that it is tested on its own (`app/test/requests.test.ts`).
 */

const DAY = 86_400n;

/** What ranking and the list need of a request (the client's `RequestDetails` has all of it). */
export interface RankedRequestFields {
  requestId: bigint;
  state: string;
  pledged: bigint;
  support: bigint;
  expiry: bigint;
}

/** A project's requests as its page lists them. */
export interface RequestSections<R extends RankedRequestFields> {
  /** Open, with money in: most support first, then most pledged, then the oldest. */
  ranked: R[];
  /** Open, with nothing pledged (shown collapsed), oldest first. */
  unfunded: R[];
}

function compareRank(a: RankedRequestFields, b: RankedRequestFields): number {
  if (a.support !== b.support) return a.support > b.support ? -1 : 1;
  if (a.pledged !== b.pledged) return a.pledged > b.pledged ? -1 : 1;
  return a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0;
}

/**
 * Splits requests into the ranked list and the unfunded ones. Only open requests are listed: a request is open while
 * the chain says `Requested` and its expiry has not passed at `now` (the chain's time): accepted, declined and
 * expired ones drop out by themselves, with no transaction.
 */
export function requestSections<R extends RankedRequestFields>(requests: readonly R[], now: bigint): RequestSections<R> {
  const open = requests.filter((request) => request.state === "Requested" && request.expiry >= now);
  return {
    ranked: open.filter((request) => request.pledged > 0n).sort(compareRank),
    unfunded: open.filter((request) => request.pledged === 0n).sort(compareRank),
  };
}

/** Why the list is ordered this way, in one line. */
export const RANKING_WHY =
  "Ranked by support: each pledge's amount times how long it has been held (shown in token·days). Not by money alone, since money raised just before a ranking and taken back after would count: a withdrawal restarts the credit of what stays in. Not by the number of backers, since one person can split their money across many wallets: that adds nothing here.";

/** A duplicate as the client tells it: another request of the same project for the same spec URI. */
export interface DuplicateFields {
  requestId: bigint;
  /** Its state now: Requested (open), Declined, Expired, or a campaign's state once accepted. */
  state: string;
  /** The campaign it became when accepted (its own id), else null. */
  campaignId: bigint | null;
}

/** Where a duplicate stands, in words: "open", "declined", "expired", "already funded as campaign 1". */
export function duplicateStatus(duplicate: DuplicateFields): string {
  if (duplicate.campaignId !== null || !["Requested", "Declined", "Expired"].includes(duplicate.state)) {
    const campaign = duplicate.campaignId ?? duplicate.requestId;
    if (duplicate.state === "Funding" || duplicate.state === "Succeeded" || duplicate.state === "Claimed") return `already funded as campaign ${campaign}`;
    return `accepted as campaign ${campaign}, now ${duplicate.state.toLowerCase()}`;
  }
  return duplicate.state === "Requested" ? "open" : duplicate.state.toLowerCase();
}

/** The duplicates of request `self`, each once, oldest first. */
export function otherDuplicates<D extends DuplicateFields>(duplicates: readonly D[], self?: bigint): D[] {
  const byId = new Map<bigint, D>();
  for (const duplicate of duplicates) if (duplicate.requestId !== self && !byId.has(duplicate.requestId)) byId.set(duplicate.requestId, duplicate);
  return [...byId.values()].sort((a, b) => (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0));
}

/**
 * "same issue as #3 (open), #1 (already funded as campaign 1)"; nothing when the request has no duplicate. Each
 * duplicate says where it stands, so that nobody pledges here believing #1 still waits for money.
 */
export function duplicateWords(duplicates: readonly DuplicateFields[], self?: bigint): string {
  const others = otherDuplicates(duplicates, self);
  return others.length === 0 ? "" : `same issue as ${others.map((duplicate) => `#${duplicate.requestId} (${duplicateStatus(duplicate)})`).join(", ")}`;
}

/** What a request's money needs of it. */
export interface PledgedFields {
  state: string;
  pledged: bigint;
  /** What is still in: live pledges, to refund once declined or expired. */
  outstanding: bigint;
  backers: number;
  accepted: unknown;
}

/**
 * A request's money in words: "1.5 ETH pledged by 2 backers" while open (or once accepted: the campaign's page tells
 * the rest); once declined or expired, what was pledged then and what is still to refund: "0.7 ETH pledged when
 * declined; all refunded", "0.7 ETH pledged when it expired; 0.3 ETH still to refund by 1 backer".
 */
export function pledgedWords(request: PledgedFields, amount: (value: bigint) => string): string {
  const closed = request.accepted === null && (request.state === "Declined" || request.state === "Expired");
  if (!closed) return `${amount(request.pledged)} pledged by ${backerWords(request.backers)}`;
  const when = request.state === "Declined" ? "when declined" : "when it expired";
  if (request.pledged === 0n) return `nothing was pledged ${when}`;
  const left = request.outstanding === 0n ? "all refunded" : `${amount(request.outstanding)} still to refund by ${backerWords(request.backers)}`;
  return `${amount(request.pledged)} pledged ${when}; ${left}`;
}

/** Requests in one token, ranked among themselves. */
export interface TokenGroup<R> {
  token: string;
  requests: R[];
}

/**
 * Requests grouped by token, each group keeping the order it is given (ranked): ETH·days and PUSD·days do not
 * compare, so requests in different tokens are never ranked against each other. ETH first, then by token address.
 */
export function groupByToken<R extends { token: string }>(requests: readonly R[]): TokenGroup<R>[] {
  const groups = new Map<string, R[]>();
  for (const request of requests) {
    const key = request.token.toLowerCase();
    const list = groups.get(key) ?? [];
    list.push(request);
    groups.set(key, list);
  }
  const ETH = "0x0000000000000000000000000000000000000000";
  return [...groups.entries()]
    .sort(([a], [b]) => (a === b ? 0 : a === ETH ? -1 : b === ETH ? 1 : a < b ? -1 : 1))
    .map(([token, list]) => ({ token, requests: list }));
}

/** What a spec URI is compared by: trimmed, without a trailing slash. */
export function specKey(uri: string): string {
  return uri.trim().replace(/\/+$/, "");
}

/** What already covers a spec URL someone is about to ask for: funding campaigns and open requests of the project. */
export interface SameSpec {
  campaigns: bigint[];
  requests: bigint[];
}

/**
 * The project's funding campaigns and open requests for `specURI` (compared trimmed, without a trailing slash): the
 * "Ask for a feature" form warns before a duplicate is opened, and links to them; it does not refuse (markets decide).
 */
export function sameSpec(
  specURI: string,
  campaigns: readonly { id: bigint; specURI: string; state: string }[],
  requests: readonly { requestId: bigint; specURI: string; state: string }[],
): SameSpec {
  const key = specKey(specURI);
  if (key === "") return { campaigns: [], requests: [] };
  return {
    campaigns: campaigns.filter((campaign) => campaign.state === "Funding" && specKey(campaign.specURI) === key).map((campaign) => campaign.id),
    requests: requests.filter((request) => request.state === "Requested" && specKey(request.specURI) === key).map((request) => request.requestId),
  };
}

/**
 * A parse error of an amount typed in a form, in the app's words for that field ("The goal must be more than zero."),
 * from the client's `bad amount "0": must be more than zero`. `what` names the field: "The goal", "The amount".
 */
export function amountWords(message: string, what: string): string {
  const reason = message;
  if (/more than zero/.test(reason)) return `${what} must be more than zero.`;
  if (/amounts are positive/.test(reason)) return `${what} must be a positive number; to take back part of a pledge, withdraw that amount instead.`;
  const separators = /thousands separators are not accepted: write (\S+)/.exec(reason);
  if (separators !== null) return `${what}: write it without thousands separators, as ${separators[1]}.`;
  const comma = /use a dot as the decimal point: write (\S+);/.exec(reason);
  if (comma !== null) return `${what}: use a dot as the decimal point, as ${comma[1]}.`;
  if (/use a dot/.test(reason)) return `${what}: use a dot as the decimal point, as in 1.5.`;
  const decimals = /the token has (\d+) decimals, the amount has (\d+)/.exec(reason);
  if (decimals !== null) return `${what} has more decimals than the token: at most ${decimals[1]} digits after the dot.`;
  return `${what} must be a number such as 0.5 or 100.`;
}

/** "1 backer", "3 backers". */
export function backerWords(count: number): string {
  return `${count.toLocaleString("en")} backer${count === 1 ? "" : "s"}`;
}

/** "N unfunded requests — show" (the collapsed list's summary). */
export function unfundedSummary(count: number): string {
  return `${count.toLocaleString("en")} unfunded request${count === 1 ? "" : "s"} — show`;
}

/**
 * The earliest deadline a maintainer may give when accepting a request at `now`: the acceptance notice plus two last
 * calls (the default last call when none is given, and never more than `maxLastCall` counted), as the escrow checks
 * it. Backers pledged to a wish, not to the terms: each keeps the notice and a whole last call to leave.
 */
export function earliestAcceptanceDeadline(now: bigint, acceptanceNotice: bigint, lastCall: bigint | undefined, defaultLastCall: bigint, maxLastCall: bigint): bigint {
  let counted = lastCall === undefined || lastCall === 0n ? defaultLastCall : lastCall;
  if (counted > maxLastCall) counted = maxLastCall;
  return now + acceptanceNotice + 2n * counted;
}

/** The day a date field shows for `seconds`, in the browser's time zone: "2026-12-27". */
export function dayOf(seconds: bigint): string {
  const when = new Date(Number(seconds) * 1000);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}`;
}

/**
 * The last second of a day picked in a date field ("2026-12-27"), in the browser's time zone, as unix seconds: a
 * request expires, or a campaign's pledges close, at the end of the day the person picked. Throws in words for a
 * text that is no day.
 */
export function endOfDay(day: string): bigint {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (match === null) throw new Error(`"${day.trim()}" is not a date: pick one in the calendar (year, month, day).`);
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const when = new Date(year, month - 1, date, 23, 59, 59);
  if (when.getFullYear() !== year || when.getMonth() !== month - 1 || when.getDate() !== date) {
    throw new Error(`"${day.trim()}" is not a date: pick one in the calendar (year, month, day).`);
  }
  return BigInt(Math.floor(when.getTime() / 1000));
}

/** Whole days, for the words of a duration the escrow fixes: "7 days", "1 day". */
export function days(seconds: bigint): string {
  const whole = seconds / DAY;
  if (whole * DAY !== seconds) {
    const hours = seconds / 3_600n;
    return `${hours} hour${hours === 1n ? "" : "s"}`;
  }
  return `${whole} day${whole === 1n ? "" : "s"}`;
}
