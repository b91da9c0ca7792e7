/**
 * What the pages that read the indexer share: how far its lists lag behind the chain, the one line a page shows when
 * it reads the chain instead, paging links, and amounts of any campaign's token.
 */
import type { IndexedBlock, TokenInfo } from "../../client/index.js";
import type { PageContext } from "./context.js";
import { IndexerUnavailable, PAGE_SIZE } from "./indexer.js";
import { amountOf, esc, plainFetchError } from "./ui.js";

/** "The lists on this page are 3 blocks behind the chain …" when they are; nothing when they are up to date. */
export function lagNote(context: PageContext, indexed: IndexedBlock | null, what = "The lists on this page"): string {
  if (indexed === null) return `<p class="notice" data-testid="lag">${esc(what)} are empty until the indexer has read its first block.</p>`;
  const behind = context.block - Number(indexed.number);
  if (behind <= 0) return "";
  return `<p class="notice" data-testid="lag">${esc(what)} are ${behind} block${behind === 1 ? "" : "s"} behind the chain (they show block ${esc(indexed.number)}; the chain is at block ${context.block}): what happened since appears in a moment.</p>`;
}

/**
 * Why a page reads the chain instead of the indexer, in one line: none is configured for this build, or the one it
 * has cannot be used now (the error's words). `then` says what the page does instead.
 */
export function fallbackNote(context: PageContext, error: unknown, then: string): string {
  const why =
    context.indexer === undefined
      ? "No indexer is configured for this build (OPENPLEDGE_INDEXER_URL)"
      : error instanceof IndexerUnavailable
        ? `The ${error.message.replace(/^the /, "")}`
        : `The indexer could not be read (${error instanceof Error ? error.message : String(error)})`;
  return `<p class="notice" data-testid="indexer-fallback">${esc(plainFetchError(why))}: ${esc(then)}.</p>`;
}

/** Which page of a list the route asks for (`?<key>=2`), as an offset. */
export function offsetOf(query: URLSearchParams, key = "page"): number {
  const page = Number(query.get(key) ?? "1");
  return Number.isInteger(page) && page > 1 ? (page - 1) * PAGE_SIZE : 0;
}

/**
 * "Showing 51–100 of 120 · ← Previous · Next →", with links to the same route and query at another page; nothing when
 * everything fits on one page.
 */
export function pager(path: string, query: URLSearchParams, total: number, offset: number, key = "page", testid = "pager"): string {
  if (total <= PAGE_SIZE && offset === 0) return "";
  const page = Math.floor(offset / PAGE_SIZE) + 1;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const to = (target: number) => {
    const next = new URLSearchParams(query);
    if (target <= 1) next.delete(key);
    else next.set(key, String(target));
    const text = next.toString();
    return `#/${path}${text === "" ? "" : `?${text}`}`;
  };
  const first = Math.min(offset + 1, total);
  const last = Math.min(offset + PAGE_SIZE, total);
  return `<nav class="pager" data-testid="${testid}">
    <span>Showing ${first.toLocaleString("en")}–${last.toLocaleString("en")} of ${total.toLocaleString("en")} (page ${page} of ${pages})</span>
    ${page > 1 ? `<a href="${esc(to(page - 1))}" data-testid="${testid}-previous">← Previous</a>` : ""}
    ${page < pages ? `<a href="${esc(to(page + 1))}" data-testid="${testid}-next">Next →</a>` : ""}
  </nav>`;
}

/**
 * Writers of amounts in each of `tokens` (addresses; the zero address is ETH), from the chain's symbol and decimals;
 * `writer` picks how (exact amounts by default, `aboutOf` for estimates).
 */
export async function tokenWriters(
  context: PageContext,
  tokens: Iterable<string>,
  writer: (token: Pick<TokenInfo, "decimals" | "symbol">) => (value: bigint) => string = amountOf,
): Promise<(token: string) => (value: bigint) => string> {
  const unique = [...new Set([...tokens].map((token) => token.toLowerCase()))];
  const infos = await Promise.all(unique.map((token) => context.reader.token(token)));
  const writers = new Map(unique.map((token, index) => [token, writer(infos[index] ?? { decimals: 18, symbol: "?" })]));
  return (token) => {
    const writer = writers.get(token.toLowerCase());
    if (writer === undefined) throw new Error(`no amount writer for token ${token}`);
    return writer;
  };
}

/** A decimal string from the indexer as a bigint (0 when missing). */
export function big(value: string | null | undefined): bigint {
  return value === null || value === undefined || value === "" ? 0n : BigInt(value);
}
