/**
 * When a client has an indexer: whether it can be used now (reachable, following this client's chain and deployment,
 * caught up), and reads that fall back to the chain's logs when it cannot, saying so once rather than silently.
 */
import type { Connection } from "./connection.js";
import type { IndexerStatus } from "./indexer-api.js";
import { SchemaError } from "./indexer-schema.js";
import { IndexerReader, IndexerRequestError, IndexerUnavailableError } from "./indexer.js";

/** Why a read went to the chain instead of the indexer. */
export interface IndexerFallback {
  /** The indexer's URL. */
  url: string;
  /** What is wrong with the indexer, or "not-indexed" for a campaign it does not know (yet). */
  kind: IndexerUnavailableError["kind"] | "not-indexed";
  /** One line: what happened, that the chain is read instead, and what would fix it. */
  message: string;
  error: Error;
}

/** Receives each fallback to the chain (once per kind of trouble while reads keep falling back, not per read). */
export type FallbackListener = (fallback: IndexerFallback) => void;

/** The indexer does not know the campaign (or project) a read is about: it may lag the chain by a few blocks. */
export class NotIndexedError extends Error {
  constructor(
    readonly what: string,
    readonly refusal: IndexerRequestError,
  ) {
    super(`the indexer at ${refusal.url} does not know ${what} (${refusal.error}): it may not have indexed it yet`, { cause: refusal });
    this.name = "NotIndexedError";
  }
}

export class IndexerSource {
  private chain: Promise<{ chainId: bigint; genesisHash: string }> | undefined;
  /** The kind of fallback told last, while reads keep falling back (undefined once the indexer answers). */
  private told: IndexerFallback["kind"] | undefined;
  /** The status the last read from the indexer was based on (undefined when the last read fell back). */
  lastStatus: IndexerStatus | undefined;

  constructor(
    readonly reader: IndexerReader,
    private readonly connection: Connection,
    private readonly onFallback: FallbackListener,
  ) {}

  /**
   * The indexer's status once it is fit to answer for this client: it answers, follows this chain (same chain id
   * and block 0) and this deployment's registry and escrow, and has caught up. Otherwise an `IndexerUnavailableError`
   * saying which of these fails.
   */
  async usableStatus(): Promise<IndexerStatus> {
    const status = await this.reader.status();
    const { addresses } = this.connection;
    if (this.chain === undefined) {
      this.chain = this.readChain();
      // A node's hiccup is not remembered.
      this.chain.catch(() => (this.chain = undefined));
    }
    const chain = await this.chain;
    const url = this.reader.url;
    if (BigInt(status.chainId) !== chain.chainId) {
      throw new IndexerUnavailableError(url, "other-deployment", `follows chain ${status.chainId}, not this client's chain ${chain.chainId}`);
    }
    if (status.genesisHash.toLowerCase() !== chain.genesisHash.toLowerCase()) {
      throw new IndexerUnavailableError(url, "other-deployment", `follows another chain ${status.chainId} than this node's (another block 0: a restarted local node?)`);
    }
    if (status.escrow.toLowerCase() !== addresses.escrow.toLowerCase() || status.registry.toLowerCase() !== addresses.registry.toLowerCase()) {
      throw new IndexerUnavailableError(url, "other-deployment", `follows the deployment with escrow ${status.escrow}, not this client's ${addresses.escrow}`);
    }
    if (!status.ready) {
      const at = status.indexed === null ? "has indexed no block yet" : `is at block ${status.indexed.number}`;
      throw new IndexerUnavailableError(url, "not-ready", `is still catching up with the chain (it ${at} of ${status.head.number})`);
    }
    return status;
  }

  /**
   * `fromIndexer` when the indexer is fit to answer, else `fromChain`, telling the listener why: once per kind of
   * trouble, until the indexer answers again. Only the indexer's unavailability, its malformed rows and a campaign it does not know
   * lead to the chain; any other error is thrown.
   */
  async read<T>(what: string, fromIndexer: (reader: IndexerReader) => Promise<T>, fromChain: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      const status = await this.usableStatus();
      result = await fromIndexer(this.reader);
      this.lastStatus = status;
    } catch (error) {
      const fallback = this.fallbackOf(error, what);
      if (fallback === undefined) throw error;
      this.lastStatus = undefined;
      if (this.told !== fallback.kind) this.onFallback(fallback);
      this.told = fallback.kind;
      return fromChain();
    }
    this.told = undefined;
    return result;
  }

  private fallbackOf(error: unknown, what: string): IndexerFallback | undefined {
    const url = this.reader.url;
    if (error instanceof IndexerUnavailableError) {
      return { url, kind: error.kind, message: `the indexer at ${url} ${error.reason}: reading ${what} from the chain instead (${error.hint})`, error };
    }
    if (error instanceof NotIndexedError) return { url, kind: "not-indexed", message: `${error.message}; reading ${what} from the chain instead`, error };
    if (error instanceof SchemaError) {
      return { url, kind: "bad-answer", message: `the indexer at ${url} answered a row this client cannot read (${error.message}): reading ${what} from the chain instead`, error };
    }
    return undefined;
  }

  private async readChain(): Promise<{ chainId: bigint; genesisHash: string }> {
    const provider = this.connection.provider;
    const [network, genesis] = await Promise.all([provider.getNetwork(), provider.getBlock(0)]);
    return { chainId: network.chainId, genesisHash: genesis?.hash ?? "" };
  }
}

/** Rethrows the indexer's "not found" as a `NotIndexedError` (so that the chain is asked), anything else as it is. */
export async function notIndexedAs<T>(what: string, read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof IndexerRequestError && error.notFound) throw new NotIndexedError(what, error);
    throw error;
  }
}

/** The default listener: a warning on the console. */
export function warnOnFallback(fallback: IndexerFallback): void {
  console.warn(`OpenPledge: ${fallback.message}`);
}
