/**
 * The web app's reader of the OpenPledge indexer's `/api` (its answers are typed in `client/indexer-api.ts`): lists,
 * search and dashboards answered from tables instead of scans of the chain's logs. Every request is bounded by a
 * timeout; an indexer that cannot be reached, fails, follows another chain or deployment, or has not caught up yet
 * throws an `IndexerUnavailable` whose message says so in one line, and the pages fall back to reading the chain.
 */
import {
  IndexerReader,
  IndexerRequestError,
  IndexerUnavailableError,
  type AccountBonusDeposit,
  type AccountPledge,
  type IndexedCampaign,
  type IndexedEvent,
  type IndexedPledge,
  type IndexedProject,
  type IndexerStatus,
  type ListPage,
  type ListSort,
  type MaintainerPage,
  type RepositoryAttestation,
} from "../../client/index.js";
import type { AppDeployment } from "../deployments.js";

/** Rows per page of every list the app shows. */
export const PAGE_SIZE = 50;
const TIMEOUT_MS = 8_000;
/** How long a page waits for the indexer to reach the block it read before showing lists that lag. */
const CATCH_UP_MS = 2_000;

/** The indexer cannot be used now: `reason` says why in words ("does not answer at http://…"). */
export class IndexerUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`the indexer ${reason}`);
    this.name = "IndexerUnavailable";
  }
}

/** The indexer answered, but refused the request (an unknown campaign, say): its own words. */
export class IndexerRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "IndexerRefused";
  }
}

/** A page of rows: at most `limit` from `offset`. */
export interface PageRequest {
  limit?: number;
  offset?: number;
}



/**
 * One indexer, for one deployment, read through the client's `IndexerReader` (answers checked field by field).
 * `ready()` checks once (per instance: the app makes one per page it renders) that it follows this deployment's chain
 * and escrow and has caught up; every list read goes through it first.
 */
export class AppIndexer {
  readonly url: string;
  private readonly reader: IndexerReader;
  private checked: Promise<IndexerStatus> | undefined;

  constructor(
    url: string,
    private readonly deployment: AppDeployment,
    /** The chain's latest block as the page read it: `ready()` gives the indexer a moment to get there. */
    private readonly head?: number,
  ) {
    this.reader = new IndexerReader(url, { timeoutMs: TIMEOUT_MS });
    this.url = this.reader.url;
  }

  /**
   * The indexer's status, once it is known to follow this deployment and to have caught up at least once; when it is
   * behind the block the page read, it gets up to `CATCH_UP_MS` to get there (one new block, usually), after which
   * the page shows its lists as they are and says how far behind they are.
   */
  ready(): Promise<IndexerStatus> {
    this.checked ??= (async () => {
      let status = await this.status();
      if (status.chainId !== this.deployment.chainId || status.escrow.toLowerCase() !== this.deployment.escrow.toLowerCase()) {
        throw new IndexerUnavailable(`at ${this.url} follows another deployment (chain ${status.chainId}, escrow ${status.escrow})`);
      }
      if (!status.ready) throw new IndexerUnavailable(`at ${this.url} is still catching up with the chain (at block ${status.indexed?.number ?? "none"} of ${status.head.number})`);
      const giveUp = Date.now() + CATCH_UP_MS;
      while (this.head !== undefined && Number(status.indexed?.number ?? -1) < this.head && Date.now() < giveUp) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        status = await this.status();
      }
      return status;
    })();
    return this.checked;
  }

  status(): Promise<IndexerStatus> {
    return this.call(() => this.reader.status());
  }

  async projects(query: { search?: string; sort?: ListSort } & PageRequest): Promise<ListPage<IndexedProject>> {
    await this.ready();
    return this.call(() => this.reader.projects({ search: query.search === "" ? undefined : query.search, sort: query.sort, ...pageOf(query) }));
  }

  async campaigns(query: { project?: bigint; sort?: ListSort } & PageRequest): Promise<ListPage<IndexedCampaign>> {
    await this.ready();
    return this.call(() => this.reader.campaigns({ project: query.project, sort: query.sort, ...pageOf(query) }));
  }

  async backers(campaignId: bigint, page: PageRequest = {}): Promise<ListPage<IndexedPledge>> {
    await this.ready();
    return this.call(() => this.reader.backers(campaignId, pageOf(page)));
  }

  async history(campaignId: bigint, page: PageRequest = {}): Promise<ListPage<IndexedEvent>> {
    await this.ready();
    return this.call(() => this.reader.history(campaignId, pageOf(page)));
  }

  async accountPledges(account: string, page: PageRequest = {}): Promise<ListPage<AccountPledge>> {
    await this.ready();
    return this.call(() => this.reader.accountPledges(account, pageOf(page)));
  }

  async accountBonusDeposits(account: string, page: PageRequest = {}): Promise<ListPage<AccountBonusDeposit>> {
    await this.ready();
    return this.call(() => this.reader.accountBonusDeposits(account, pageOf(page)));
  }

  /** Every repository attestation (EAS) naming the project, whoever attested, revoked and expired ones included. */
  async projectAttestations(projectId: bigint): Promise<RepositoryAttestation[]> {
    await this.ready();
    return this.call(() => this.reader.projectAttestations(projectId));
  }

  async maintainer(account: string): Promise<MaintainerPage> {
    await this.ready();
    return this.call(() => this.reader.maintainer(account));
  }

  /**
   * Waits (at most `timeoutMs`) until the indexer has indexed `block`, so that a page rendered after a confirmed
   * transaction shows it in its lists; returns false when it did not get there in time (the page then says how far
   * behind the lists are).
   */
  async waitFor(block: number, timeoutMs = 6_000): Promise<boolean> {
    const giveUp = Date.now() + timeoutMs;
    for (;;) {
      try {
        const status = await this.reader.status();
        if (status.indexed !== null && Number(status.indexed.number) >= block) return true;
      } catch {
        return false;
      }
      if (Date.now() > giveUp) return false;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** One read, its failures as the app's two errors. */
  private async call<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (error instanceof IndexerUnavailableError) throw new IndexerUnavailable(`at ${error.url} ${error.reason}`);
      if (error instanceof IndexerRequestError) throw new IndexerRefused(error.status, error.error);
      throw error;
    }
  }
}

function pageOf(page: PageRequest): { limit: number; offset: number } {
  return { limit: page.limit ?? PAGE_SIZE, offset: page.offset ?? 0 };
}
