/**
 * How the attester writes times, accounts and commits for people: UTC dates to the minute ("2026-11-27 16:05 UTC"),
 * never unix seconds; addresses and commits shortened where a line names them beside other things.
 */

/** Unix seconds as "2026-11-27 16:05 UTC". */
export function utcDate(seconds: bigint): string {
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return "a date past the year 275760";
  const two = (n: number) => String(n).padStart(2, "0");
  return `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())} UTC`;
}

/** A Date as "2026-11-27 16:05 UTC". */
export function utcDateOf(date: Date): string {
  return utcDate(BigInt(Math.floor(date.getTime() / 1000)));
}

/** "0xf39F…2266". */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** The first 7 characters of a commit id, as forges show them. */
export function shortCommit(commit: string): string {
  return commit.slice(0, 7);
}

/** Whole days in a number of seconds, for "valid for 90 days". */
export function wholeDays(seconds: bigint): bigint {
  return seconds / 86_400n;
}
