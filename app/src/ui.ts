import { AmountError } from "../../client/amounts.js";
import { OpenPledgeError } from "../../client/errors.js";

/** Escapes text for HTML. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * A link to a URI from the chain, only for schemes that cannot run code (http, https, ipfs); anything else, such as
 * `javascript:`, is shown as text.
 */
export function link(uri: string): string {
  return /^(https?|ipfs):\/\//i.test(uri) ? `<a href="${esc(uri)}" rel="noreferrer noopener" target="_blank">${esc(uri)}</a>` : esc(uri);
}

/** A short form of an address: 0x1234…abcd. */
export function short(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** "3 d 4 h left", "2 h 5 min left" or "ended". */
export function timeLeft(deadline: bigint, now: bigint): string {
  if (now > deadline) return "ended";
  const seconds = Number(deadline - now);
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  if (days > 0) return `${days} d ${hours} h left`;
  if (hours > 0) return `${hours} h ${minutes} min left`;
  return `${Math.max(minutes, 1)} min left`;
}

/** Unix seconds as a readable UTC date. */
export function date(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

/** Percentage of `part` in `whole`, rounded down, for progress bars. */
export function percent(part: bigint, whole: bigint): number {
  return whole === 0n ? 0 : Number((part * 100n) / whole);
}

/** Whether an error is the user declining a request in their wallet (EIP-1193 code 4001 / ethers ACTION_REJECTED). */
export function isUserRejection(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const record = current as Record<string, unknown>;
    if (record.code === "ACTION_REJECTED" || record.code === 4001) return true;
    current = record.error ?? record.info ?? record.cause;
  }
  return false;
}

/** What to tell a person about a failed action. */
export function explain(error: unknown, formatAmount?: (value: bigint) => string): { kind: "info" | "error"; text: string } {
  if (isUserRejection(error)) return { kind: "info", text: "You rejected the request in your wallet; nothing was sent." };
  if (error instanceof OpenPledgeError) {
    return { kind: "error", text: `The contract refused: ${formatAmount === undefined ? error.message : error.describe(formatAmount)}` };
  }
  if (error instanceof AmountError) return { kind: "error", text: error.message };
  const record = error as { shortMessage?: unknown; message?: unknown };
  const text = typeof record.shortMessage === "string" ? record.shortMessage : String(record.message ?? error);
  return { kind: "error", text };
}
