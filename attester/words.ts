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

/** A Date as "2026-11-27 16:05 UTC"; "an unknown time" for an invalid Date (a forge's absurd Retry-After). */
export function utcDateOf(date: Date): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) return "an unknown time";
  return utcDate(BigInt(Math.floor(ms / 1000)));
}

/**
 * `text` with every control character (C0, DEL, C1: newlines, tabs, ANSI/OSC escapes) written as a visible \u escape,
 * for strings that come from the chain or a forge before they reach a log line or a terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Like `printable`, but keeps line breaks (\n): for multi-line messages whose parts were already made printable. */
export function printableLines(text: string): string {
  return text.split("\n").map(printable).join("\n");
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
