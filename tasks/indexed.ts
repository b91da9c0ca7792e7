/** What the tasks say about the indexer: how far it lags, and the refusal of a task that needs one when there is none. */
import { DEFAULT_INDEXER_URL, IndexerUnavailableError, type IndexerReader, type IndexerStatus, type OpenPledgeClient } from "../client/node.js";
import { UsageError } from "./context.js";

/** "indexer at block 41, 3 blocks behind the chain", for a list read from the indexer; undefined for one read from the chain. */
export function indexerLine(status: IndexerStatus | undefined): string | undefined {
  if (status === undefined) return undefined;
  const lag = BigInt(status.lagBlocks);
  const behind = lag === 0n ? "up to date with the chain" : `${lag} block${lag === 1n ? "" : "s"} behind the chain`;
  return `indexer at block ${status.indexed?.number ?? "none yet"}, ${behind}`;
}

/** A list's text, and under it where it was read from when that was the indexer. */
export function withIndexerLine(text: string, client: OpenPledgeClient): string {
  const line = indexerLine(client.indexerStatus);
  return line === undefined ? text : `${text}\n(${line})`;
}

/**
 * The indexer of a task that only the indexer can answer, once it is fit to (reachable, on this chain and deployment,
 * caught up); otherwise a one-line refusal saying how to get one.
 */
export async function requireIndexer(client: OpenPledgeClient, task: string): Promise<{ reader: IndexerReader; status: IndexerStatus }> {
  const reader = client.indexer;
  if (reader === undefined) {
    throw new UsageError(
      `${task} reads the OpenPledge indexer, and none is set: start it with npm run indexer (it serves ${DEFAULT_INDEXER_URL}), then give --indexer ${DEFAULT_INDEXER_URL} or set OPENPLEDGE_INDEXER_URL`,
    );
  }
  try {
    return { reader, status: (await client.usableIndexer()) as IndexerStatus };
  } catch (error) {
    if (!(error instanceof IndexerUnavailableError)) throw error;
    throw new UsageError(`${task} reads the OpenPledge indexer, but the indexer at ${error.url} ${error.reason}: ${error.hint}`);
  }
}
