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

/** "same issue as #3" or "same issue as #3, #7"; nothing when the request has no duplicate. */
export function duplicateWords(duplicateOf: readonly bigint[], self?: bigint): string {
  const others = [...new Set(duplicateOf.filter((id) => id !== self))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return others.length === 0 ? "" : `same issue as ${others.map((id) => `#${id}`).join(", ")}`;
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
