import type { Filter, Log, Provider } from "ethers";

/** Where to read events from, and how many blocks to ask a node for at once. */
export interface LogRange {
  /** First block to read (defaults to the deployment's block). */
  fromBlock?: number;
  /** Last block to read (defaults to the latest block). */
  toBlock?: number;
  /** Blocks per `eth_getLogs` request; public RPCs often cap it (defaults to 5,000). */
  pageSize?: number;
}

export const DEFAULT_PAGE_SIZE = 5_000;

const RANGE_ERROR = /range|limit|too many|exceed|10000 results|block count|response size/i;
/** Rate limiting is not a page that is too large: smaller pages would only make it worse. */
const RATE_LIMITED = /rate.?limit|429|too many requests/i;

/**
 * Reads logs matching `filter` over [fromBlock, toBlock] in pages of `pageSize` blocks. When a node refuses a page
 * as too large, the page is halved and retried, down to a single block, so it works against RPCs with range limits.
 */
export async function getLogsPaged(
  provider: Provider,
  filter: Omit<Filter, "fromBlock" | "toBlock">,
  fromBlock: number,
  toBlock: number,
  pageSize: number = DEFAULT_PAGE_SIZE,
): Promise<Log[]> {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error(`page size must be a positive integer, not ${pageSize}`);
  const logs: Log[] = [];
  let size = pageSize;
  let start = fromBlock;
  while (start <= toBlock) {
    const end = Math.min(start + size - 1, toBlock);
    try {
      logs.push(...(await provider.getLogs({ ...filter, fromBlock: start, toBlock: end })));
      start = end + 1;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (size === 1 || !RANGE_ERROR.test(message) || RATE_LIMITED.test(message)) throw error;
      size = Math.max(1, Math.floor(size / 2));
    }
  }
  return logs;
}
