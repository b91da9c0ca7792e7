import { getAddress, isAddress } from "ethers";

import { AmountError, amountWriter, describeError, formatAmountAbout, formatDate, type SpecCheck, type TokenInfo } from "../../client/index.js";
import { appRefusal } from "./refusals.js";
import { amountWords } from "./requests.js";

/** Escapes text for HTML. */
/** A browser's fetch failure in plain words: "(Failed to fetch)" says nothing to a reader; "(no answer)" does. */
export function plainFetchError(text: string): string {
  return text.replace(/\((?:TypeError: )?(?:Failed to fetch|NetworkError when attempting to fetch resource\.?|Load failed)\)/g, "(no answer)");
}

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

/**
 * A campaign's spec: a link to the URI of its opening event, saying whether a document is pinned by its content hash;
 * else a warning and no link (an opening event that is not this campaign's is never shown as the spec).
 */
export function specLink(spec: SpecCheck): string {
  if (spec.status === "verified") {
    const note = spec.pinned
      ? `<span class="muted" data-testid="spec-pinned"> (document pinned by its content hash)</span>`
      : `<span class="warning" data-testid="spec-unpinned"> (no document pinned: what this link shows can change)</span>`;
    return `${link(spec.uri)}${note}`;
  }
  const why =
    spec.status === "mismatch"
      ? "the node returned a spec that does not match the commitment the escrow stores"
      : `the spec could not be read (${spec.reason})`;
  return `<span class="warning" data-testid="spec-unverified" title="spec commitment ${esc(spec.commitment)}">Unverified: ${esc(why)}; it is not shown.</span>`;
}

/** A short form of an address, checksummed (the indexer answers in lower case): 0x1234…AbCd. */
export function short(address: string): string {
  const shown = isAddress(address) ? getAddress(address) : address;
  return `${shown.slice(0, 6)}…${shown.slice(-4)}`;
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

/**
 * Unix seconds as a date in the browser's time zone, to the second ("Thu 3 Dec 2026, 14:05:07 UTC+1"); its spaces
 * are no-break spaces, so that a date never breaks across lines (as text it still reads the same).
 */
export function date(seconds: bigint): string {
  return formatDate(seconds).replace(/ /g, "\u00a0");
}

/** Percentage of `part` in `whole`, rounded down, for progress bars. */
export function percent(part: bigint, whole: bigint): number {
  return whole === 0n ? 0 : Number((part * 100n) / whole);
}

/**
 * What to tell a person about a failed action: a notice for a declined request, else an error; a contract's refusal in
 * the app's own words when the client's name a command-line step (`refusals.ts`).
 */
export function explain(error: unknown, formatAmount?: (value: bigint) => string): { kind: "info" | "error"; text: string } {
  // The client's parse errors name what the command line typed: the app says it of the form's field.
  if (error instanceof AmountError) return { kind: "error", text: amountWords(error.message, "The amount") };
  // The client's TokenError (not exported): its next step names a command.
  if (error instanceof Error && error.name === "TokenError") return { kind: "error", text: error.message.replace(" (its owner adds tokens with protocol allow-token)", " (only the protocol's owner adds one)") };
  const report = describeError(error, formatAmount);
  if (report.kind === "rejected") return { kind: "info", text: report.text };
  if (report.kind !== "refused") return { kind: "error", text: report.text };
  return { kind: "error", text: `The contract refused: ${appRefusal(error, formatAmount) ?? report.text}` };
}

/** Thousands separators in the whole part of every number in an amount text: "10000.5 PUSD" → "10,000.5 PUSD". */
export function grouped(text: string): string {
  return text.replace(/(^|[^\d.,])(\d{4,})(?=\.\d|\b)/g, (_, before: string, digits: string) => `${before}${digits.replace(/\B(?=(\d{3})+$)/g, ",")}`);
}

/** Writes amounts of `token` with thousands separators ("10,000 PUSD"). */
export function amountOf(token: Pick<TokenInfo, "decimals" | "symbol">): (value: bigint) => string {
  const write = amountWriter(token);
  return (value) => grouped(write(value));
}

/**
 * Writes estimates of `token` ("plus about 0.04999 ETH"): rounded down to four significant digits, never up, since the
 * figures written this way are minimums.
 */
export function aboutOf(token: Pick<TokenInfo, "decimals" | "symbol">): (value: bigint) => string {
  return (value) => `${formatAmountAbout(value, token.decimals)} ${token.symbol}`;
}

const CHAINS: Record<number, string> = { 1: "Ethereum", 11155111: "Sepolia", 31337: "the local chain (31337)", 1337: "the local chain (1337)" };

/** A chain's name for people: "Sepolia", else "chain 8453". */
export function chainName(chainId: number): string {
  return CHAINS[chainId] ?? `chain ${chainId}`;
}
