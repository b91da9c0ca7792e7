/**
 * Reading the OpenPledge indexer's REST API (`client/indexer-api.ts` is the contract): projects, campaigns, backers,
 * histories, refund bonus deposits, an account's pledges and deposits and a maintainer's dashboard, dependency lists,
 * campaigns' splits, what is owed to an account and what credited a project, answered from
 * tables instead of a scan of the chain's logs. Browser-safe: `fetch` only, every request bounded by a timeout. Answers
 * come back as the wire types (bigints as decimal strings, addresses in lower case), checked field by field first;
 * `client/indexer-convert.ts` turns them into the client's own types. An indexer that cannot be reached, fails, or answers something else than its JSON
 * throws one `IndexerUnavailableError`, whose message says what to do; a request the indexer refuses (an unknown
 * campaign) throws an `IndexerRequestError` with its words.
 */
import { isAddress } from "ethers";

import type {
  AccountBonusDeposit,
  AccountOwed,
  AccountPledge,
  IndexedBonusDeposit,
  IndexedDependencyList,
  IndexedSplit,
  IndexedCampaign,
  IndexedCampaignState,
  IndexedEvent,
  IndexedPledge,
  IndexedProject,
  IndexerStatus,
  ListPage,
  ListSort,
  ProjectAttestations,
  ProjectDependencies,
  ProjectShares,
  IndexedRequest,
  RequestAnswer,
} from "./indexer-api.js";
import { campaignSplitOf, dependencyListOf, owedOf, repositoryAttestationOf, requestDetailsOf } from "./indexer-convert.js";
import {
  accountBonusDeposit,
  accountOwed,
  accountPledge,
  errorText,
  indexedBonusDeposit,
  indexedCampaign,
  indexedDependencyList,
  indexedEvent,
  indexedPledge,
  indexedProject,
  indexerStatus,
  listPage,
  indexedSplit,
  maintainerPage,
  projectAttestations,
  projectDependencies,
  projectShares,
  indexedRequest,
  requestAnswer,
  SchemaError,
  type MaintainerPage,
  type Schema,
} from "./indexer-schema.js";

import type { RepositoryAttestation } from "./attestations.js";
import type { RequestDetails } from "./requests.js";
import type { CampaignSplit, DependencyList, Owed } from "./shares.js";

export type { MaintainerPage } from "./indexer-schema.js";

/** Where `npm run indexer` listens. */
export const DEFAULT_INDEXER_URL = "http://127.0.0.1:42069";
/** The most rows the indexer returns per page. */
export const INDEXER_PAGE_LIMIT = 500;
/** How long one request may take, headers and body, before the indexer counts as unavailable. */
export const DEFAULT_INDEXER_TIMEOUT_MS = 10_000;
/** How often `readAll` starts again when the tables change between its pages, before giving up. */
const READ_ALL_ATTEMPTS = 3;

/** Why an indexer cannot be used: its `kind`, and the words of `reason` and `hint`. */
export type IndexerUnavailableKind =
  /** Nothing answered: connection refused, unknown host, network down. */
  | "unreachable"
  /** No complete answer within the timeout. */
  | "timeout"
  /** It answered, with an HTTP error of its own (5xx). */
  | "failed"
  /** It answered something that is not the indexer's JSON: another service, another version. */
  | "bad-answer"
  /** It has not caught up with the chain yet: lists would be incomplete. */
  | "not-ready"
  /** It follows another chain or deployment than the client's. */
  | "other-deployment"
  /** Its tables changed under every attempt to read all pages of a list. */
  | "changing";

const HINTS: Record<IndexerUnavailableKind, string> = {
  unreachable: "start it with npm run indexer (or check the URL)",
  timeout: "check that it is running and not overloaded (npm run indexer starts it)",
  failed: "see the indexer's log",
  "bad-answer": "check that the URL is the OpenPledge indexer's and that it is as new as this client",
  "not-ready": "wait until it has caught up",
  "other-deployment": "point the indexer URL at the indexer of this deployment, or restart the indexer for it",
  changing: "try again",
};

/** The indexer cannot be used now; `message` is one line saying why and what to do. */
export class IndexerUnavailableError extends Error {
  /** What would fix it, in words ("start it with npm run indexer"). */
  readonly hint: string;

  constructor(
    readonly url: string,
    readonly kind: IndexerUnavailableKind,
    /** What is wrong, in words, to follow "the indexer at <url>". */
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    const hint = HINTS[kind];
    super(`the indexer at ${url} ${reason}: ${hint}, or leave the indexer URL out to read from the chain`, options);
    this.name = "IndexerUnavailableError";
    this.hint = hint;
  }
}

/** The indexer refused a request (HTTP 4xx with its `{ error }`): an unknown campaign or project, a bad parameter. */
export class IndexerRequestError extends Error {
  constructor(
    readonly url: string,
    readonly path: string,
    readonly status: number,
    /** The indexer's own words. */
    readonly error: string,
  ) {
    super(`the indexer at ${url} refused ${path}: ${error} (HTTP ${status})`);
    this.name = "IndexerRequestError";
  }

  /** Whether the indexer knows no such project, campaign or account (yet: it may lag the chain). */
  get notFound(): boolean {
    return this.status === 404;
  }
}

/** Options of an `IndexerReader`. */
export interface IndexerReaderOptions {
  /** Milliseconds one request may take, body included (default 10,000). */
  timeoutMs?: number;
  /** The `fetch` to use (default: the global one). */
  fetch?: typeof globalThis.fetch;
}

/** Which rows of a list: at most `limit` (the indexer's default 50, at most 500) from `offset`. */
export interface PageQuery {
  limit?: number;
  offset?: number;
}

/** A page of the project list. */
export interface ProjectQuery extends PageQuery {
  /** Words to find in the title, summary, metadata URI or repository. */
  search?: string;
  sort?: ListSort;
}

/** A page of the campaign list. */
export interface CampaignQuery extends PageQuery {
  /** Only this project's campaigns. */
  project?: bigint | number | string;
  /** Only campaigns this address has pledged to. */
  backer?: string;
  state?: IndexedCampaignState;
  sort?: ListSort;
}

/** An id as the API takes it: a positive whole number. */
type Id = bigint | number | string;

/** A page of a list, fetched by `readAll` (`Page`: a list answer with more fields than its rows, such as `ProjectShares`). */
export type PageReader<Row, Page extends ListPage<Row> = ListPage<Row>> = (page: Required<PageQuery>) => Promise<Page>;

/**
 * A reader of one indexer's REST API. Each method is one request (`readAll` reads every page of a list) and returns
 * the wire types unchanged; `waitUntilIndexed` waits for the indexer to reach a block, for whoever compares its
 * answers with the chain's.
 */
export class IndexerReader {
  /** The indexer's base URL, without a trailing slash. */
  readonly url: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof globalThis.fetch;

  constructor(url: string, options: IndexerReaderOptions = {}) {
    this.url = indexerBaseUrl(url);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_INDEXER_TIMEOUT_MS;
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** Which chain and deployment the indexer follows, how far it has got, and whether it has caught up. */
  async status(): Promise<IndexerStatus> {
    return this.get("/api/status", indexerStatus);
  }

  /** A page of projects (newest first unless `sort` says otherwise). */
  async projects(query: ProjectQuery = {}): Promise<ListPage<IndexedProject>> {
    return this.get("/api/projects", listPage(indexedProject), { search: query.search, sort: query.sort, ...pageParams(query) });
  }

  /** One project; an `IndexerRequestError` with `notFound` for an id the indexer does not know. */
  async project(id: Id): Promise<IndexedProject> {
    return this.get(`/api/projects/${idText(id, "project id")}`, indexedProject);
  }

  /** A page of campaigns, of one project or one backer, in one state. */
  async campaigns(query: CampaignQuery = {}): Promise<ListPage<IndexedCampaign>> {
    return this.get("/api/campaigns", listPage(indexedCampaign), {
      project: query.project === undefined ? undefined : idText(query.project, "project id"),
      backer: query.backer === undefined ? undefined : addressText(query.backer),
      state: query.state,
      sort: query.sort,
      ...pageParams(query),
    });
  }

  /** One campaign, its state worked out at the chain's latest block time. */
  async campaign(id: Id): Promise<IndexedCampaign> {
    return this.get(`/api/campaigns/${idText(id, "campaign id")}`, indexedCampaign);
  }

  /** A page of a campaign's backers, largest pledge first, those who took everything back included. */
  async backers(campaignId: Id, page: PageQuery = {}): Promise<ListPage<IndexedPledge>> {
    return this.get(`/api/campaigns/${idText(campaignId, "campaign id")}/backers`, listPage(indexedPledge), pageParams(page));
  }

  /** A page of a campaign's events, oldest first. */
  async history(campaignId: Id, page: PageQuery = {}): Promise<ListPage<IndexedEvent>> {
    return this.get(`/api/campaigns/${idText(campaignId, "campaign id")}/history`, listPage(indexedEvent), pageParams(page));
  }

  /** A page of an account's pledges, with what it can do about each now. */
  async accountPledges(account: string, page: PageQuery = {}): Promise<ListPage<AccountPledge>> {
    return this.get(`/api/accounts/${addressText(account)}/pledges`, listPage(accountPledge), pageParams(page));
  }

  /** A page of a campaign's refund bonus deposits, in the order they were first made, with what each may reclaim now. */
  async bonusDeposits(campaignId: Id, page: PageQuery = {}): Promise<ListPage<IndexedBonusDeposit>> {
    return this.get(`/api/campaigns/${idText(campaignId, "campaign id")}/bonus-deposits`, listPage(indexedBonusDeposit), pageParams(page));
  }

  /** A page of an account's refund bonus deposits (latest first), with their campaigns and what it may reclaim now. */
  async accountBonusDeposits(account: string, page: PageQuery = {}): Promise<ListPage<AccountBonusDeposit>> {
    return this.get(`/api/accounts/${addressText(account)}/bonus-deposits`, listPage(accountBonusDeposit), pageParams(page));
  }

  /** What waits for an account as a maintainer or owner: claims, milestones due, reviews to settle, ownership offers. */
  async maintainer(account: string): Promise<MaintainerPage> {
    return this.get(`/api/accounts/${addressText(account)}/maintainer`, maintainerPage);
  }

  /** A project's current dependency list, and a page of every version it declared, oldest first. */
  async dependencies(projectId: Id, page: PageQuery = {}): Promise<ProjectDependencies> {
    return this.get(`/api/projects/${idText(projectId, "project id")}/dependencies`, projectDependencies, pageParams(page));
  }

  /** One version of a project's dependency list (0: the empty list of a project that never declared one). */
  async dependencyList(projectId: Id, version: Id): Promise<IndexedDependencyList> {
    return this.get(`/api/projects/${idText(projectId, "project id")}/dependencies/${idText(version, "version")}`, indexedDependencyList);
  }

  /** Who a campaign's claims pay besides its project and the fee, what waits for its builder, what was credited. */
  async split(campaignId: Id): Promise<IndexedSplit> {
    return this.get(`/api/campaigns/${idText(campaignId, "campaign id")}/split`, indexedSplit);
  }

  /** What is owed to an account as a builder and to the projects it maintains, and the builder roles offered to it. */
  async owed(account: string): Promise<AccountOwed> {
    return this.get(`/api/accounts/${addressText(account)}/owed`, accountOwed);
  }

  /** A page of the campaigns that credited a project, and its credits per token: credited, withdrawn, owed. */
  async projectShares(projectId: Id, page: PageQuery = {}): Promise<ProjectShares> {
    return this.get(`/api/projects/${idText(projectId, "project id")}/shares`, projectShares, pageParams(page));
  }

  /**
   * A page of a project's feature requests, ranked (those with money in first, then support, pledged, id): the open
   * ones, or every one with `includeClosed` (accepted, declined and expired too).
   */
  async requests(projectId: Id, query: PageQuery & { includeClosed?: boolean } = {}): Promise<ListPage<IndexedRequest>> {
    return this.get(`/api/projects/${idText(projectId, "project id")}/requests`, listPage(indexedRequest), {
      all: query.includeClosed === true ? 1 : undefined,
      ...pageParams(query),
    });
  }

  /** One feature request; an `IndexerRequestError` with `notFound` for an id that is no request (or not indexed yet). */
  async request(id: Id): Promise<RequestAnswer> {
    return this.get(`/api/requests/${idText(id, "request id")}`, requestAnswer);
  }

  /** A project's feature requests as the client's `RequestDetails`, ranked, every page read. */
  async listRequests(projectId: bigint, options: { includeClosed?: boolean } = {}): Promise<RequestDetails[]> {
    const all = await this.readAll((page) => this.requests(projectId, { ...page, includeClosed: options.includeClosed }));
    return all.items.map(requestDetailsOf);
  }

  /** One feature request as the client's `RequestDetails`. */
  async getRequest(requestId: bigint): Promise<RequestDetails> {
    return requestDetailsOf(await this.request(requestId));
  }

  /**
   * A page of the repository attestations (EAS) naming a project, whoever attested, revoked and expired ones included,
   * oldest first.
   */
  async attestations(projectId: Id, page: PageQuery = {}): Promise<ProjectAttestations> {
    return this.get(`/api/projects/${idText(projectId, "project id")}/attestations`, projectAttestations, pageParams(page));
  }

  /**
   * Every repository attestation naming a project, as `findRepositoryAttestations(connection, { projectId })` reads
   * them from the chain's logs: oldest first, revoked ones with their revocation time; which attesters to trust is
   * the caller's choice (`client/verification.ts`).
   */
  async projectAttestations(projectId: bigint): Promise<RepositoryAttestation[]> {
    const all = await this.readAll((page) => this.attestations(projectId, page));
    return all.items.map(repositoryAttestationOf);
  }

  // The shares as the client's own types, as `OpenPledgeClient`'s methods of the same names answer from the chain.

  /** One version of a project's dependency list: the current one unless `version` is given (0 is the empty list). */
  async getDependencies(projectId: bigint, version?: bigint): Promise<DependencyList> {
    return dependencyListOf(version === undefined ? (await this.dependencies(projectId, { limit: 1 })).current : await this.dependencyList(projectId, version));
  }

  /** A campaign's split: its token, fee, builder share, builder, nominee, what waits, and the dependency list it froze. */
  async getSplit(campaignId: bigint): Promise<CampaignSplit> {
    return campaignSplitOf(await this.split(campaignId));
  }

  /** What is owed to an account: builder credits, the credits of the projects it maintains, the builder roles offered to it. */
  async getOwed(account: string): Promise<Owed> {
    return owedOf(await this.owed(account));
  }

  /**
   * Every row of a list, page by page (500 at a time): `reader.readAll((page) => reader.backers(id, page))`. All
   * pages must come from one indexed block with one total; when the tables change in between, the read starts over
   * (three times at most, then an `IndexerUnavailableError` of kind `changing`). The answer is the first page's,
   * with every row.
   */
  async readAll<Row, Page extends ListPage<Row> = ListPage<Row>>(read: PageReader<Row, Page>): Promise<Page> {
    let block: string | undefined;
    for (let attempt = 1; attempt <= READ_ALL_ATTEMPTS; attempt++) {
      const first = await read({ limit: INDEXER_PAGE_LIMIT, offset: 0 });
      const items = [...first.items];
      block = first.indexed?.number;
      let complete = true;
      while (items.length < first.total) {
        const page = await read({ limit: INDEXER_PAGE_LIMIT, offset: items.length });
        if (page.indexed?.number !== block || page.total !== first.total || page.items.length === 0) {
          complete = false;
          break;
        }
        items.push(...page.items);
      }
      if (complete) return { ...first, items };
    }
    throw new IndexerUnavailableError(this.url, "changing", `indexed new blocks while every one of ${READ_ALL_ATTEMPTS} reads of a list was under way (last at block ${block})`);
  }

  /**
   * Waits until the indexer has caught up and indexed `block` (or a later one); an indexer that is not up yet is
   * asked again until `timeoutMs` (default 30 s) has passed. Returns its status then.
   */
  async waitUntilIndexed(block: bigint | number, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<IndexerStatus> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    const giveUpAt = Date.now() + timeoutMs;
    let last = "did not answer";
    for (;;) {
      try {
        const status = await this.status();
        if (status.ready && status.indexed !== null && BigInt(status.indexed.number) >= BigInt(block)) return status;
        last = status.indexed === null ? "had indexed no block" : `was at block ${status.indexed.number}`;
      } catch (error) {
        if (!(error instanceof IndexerUnavailableError)) throw error;
        last = error.reason;
      }
      if (Date.now() >= giveUpAt) {
        throw new IndexerUnavailableError(this.url, "not-ready", `had not indexed block ${block} after ${timeoutMs / 1000} s (it ${last})`);
      }
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
    }
  }

  /** One GET of the API: the answer checked against `schema`, every failure turned into one of the two errors. */
  private async get<T>(path: string, schema: Schema<T>, params: Record<string, string | number | undefined> = {}): Promise<T> {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, String(value));
    const search = query.toString();
    const target = `${this.url}${path}${search === "" ? "" : `?${search}`}`;
    let status: number;
    let body: string;
    try {
      const response = await this.fetch(target, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(this.timeoutMs) });
      status = response.status;
      body = await response.text();
    } catch (error) {
      throw this.unreachable(error, path);
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    const refusal = errorText(json);
    if (status >= 400 && status < 500 && refusal !== undefined) throw new IndexerRequestError(this.url, path, status, refusal);
    if (status >= 500) {
      throw new IndexerUnavailableError(this.url, "failed", `failed to answer GET ${path} (HTTP ${status}${refusal === undefined ? "" : `: ${refusal}`})`);
    }
    if (status < 200 || status >= 300) {
      throw new IndexerUnavailableError(this.url, "bad-answer", `has no GET ${path} (HTTP ${status}, not the indexer's JSON error)`);
    }
    if (json === undefined) throw new IndexerUnavailableError(this.url, "bad-answer", `answered GET ${path} with something that is not JSON`);
    try {
      return schema(json, "");
    } catch (error) {
      if (!(error instanceof SchemaError)) throw error;
      throw new IndexerUnavailableError(this.url, "bad-answer", `answered GET ${path} with JSON of another shape (${error.message})`, { cause: error });
    }
  }

  /** A failed `fetch` in words: refused, unknown host, timed out. */
  private unreachable(error: unknown, path: string): IndexerUnavailableError {
    const name = error instanceof Error ? error.name : "";
    if (name === "TimeoutError" || name === "AbortError") {
      return new IndexerUnavailableError(this.url, "timeout", `did not answer GET ${path} within ${this.timeoutMs / 1000} s`, { cause: error });
    }
    const code = codeOf(error);
    const words =
      code === "ECONNREFUSED"
        ? "refuses connections (nothing listens there)"
        : code === "ENOTFOUND" || code === "EAI_AGAIN"
          ? "cannot be found (unknown host)"
          : `could not be reached (${code ?? (error instanceof Error ? error.message : String(error))})`;
    return new IndexerUnavailableError(this.url, "unreachable", words, { cause: error });
  }
}

/** An indexer URL as a base to append paths to: http(s) only, without a trailing slash, query or fragment. */
export function indexerBaseUrl(url: string): string {
  const parsed = URL.canParse(url.trim()) ? new URL(url.trim()) : undefined;
  if (parsed === undefined || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    throw new TypeError(`the indexer URL must be an http:// or https:// address, such as ${DEFAULT_INDEXER_URL}; not "${url}"`);
  }
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, "");
}

function pageParams(page: PageQuery): Record<string, number | undefined> {
  return { limit: page.limit, offset: page.offset };
}

function idText(id: Id, what: string): string {
  const value = String(id).trim();
  if (!/^\d+$/.test(value)) throw new TypeError(`${what} must be a whole number, not "${String(id)}"`);
  return BigInt(value).toString();
}

function addressText(account: string): string {
  if (!isAddress(account)) throw new TypeError(`"${account}" is not an address`);
  return account.toLowerCase();
}

/** The system error code under a failed `fetch` (Node puts it in `cause`, sometimes one level further). */
function codeOf(error: unknown): string | undefined {
  for (let value = error, depth = 0; typeof value === "object" && value !== null && depth < 4; depth++) {
    const code = (value as { code?: unknown }).code;
    if (typeof code === "string") return code;
    value = (value as { cause?: unknown }).cause;
  }
  return undefined;
}
