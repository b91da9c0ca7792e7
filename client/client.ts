/**
 * `OpenPledgeClient`: one object for one deployment, composed of modules with one job each (projects, campaigns and
 * their actions, milestones, history, protocol). Its methods only hand over to them; use the modules directly
 * (`client.campaigns`, `client.history`, ...) or the flat methods, as callers always have.
 */
import { getAddress, type Provider, type Signer } from "ethers";

import type { PledgeEscrow } from "../typechain-types/PledgeEscrow.js";
import type { ProjectRegistry } from "../typechain-types/ProjectRegistry.js";
import type { OpenPledgeAddresses } from "./addresses.js";
import { findRepositoryAttestations } from "./attestations.js";
import { Bonuses, type BonusDepositResult, type BonusQuery, type BonusReclaimResult, type CampaignBonus } from "./bonus.js";
import {
  CampaignActions,
  type AllowanceMode,
  type ClaimResult,
  type OpenCampaignInput,
  type OpenedCampaign,
  type PledgeResult,
  type RefundResult,
  type WithdrawalResult,
} from "./campaign-actions.js";
import { Campaigns, type CampaignDetails, type CampaignListing } from "./campaigns.js";
import { Connection, type ClientOptions } from "./connection.js";
import type { CampaignEvent, EscrowEventName } from "./events.js";
import { History, type BackerStanding } from "./history.js";
import type { IndexerStatus } from "./indexer-api.js";
import { backerStandingOf, byId, campaignEventOf, campaignListingOf, inFirstPledgeOrder, inLogOrder, projectListingOf } from "./indexer-convert.js";
import { IndexerSource, notIndexedAs, warnOnFallback } from "./indexer-source.js";
import { IndexerReader } from "./indexer.js";
import type { ProtocolLimits } from "./limits.js";
import type { LogRange } from "./logs.js";
import { Milestones, type MilestoneProgress, type SubmittedMilestone } from "./milestones.js";
import { Projects, type ProjectDetails, type ProjectListing } from "./projects.js";
import { Protocol, type ProtocolStatus, type ScheduledFee } from "./protocol.js";
import {
  campaignOfRequest,
  compareRequests,
  Requests,
  type FullRequestDetails,
  type AcceptedRequest,
  type AcceptRequestInput,
  type OpenedRequest,
  type OpenRequestInput,
  type RequestDetails,
  type RequestLimits,
} from "./requests.js";
import {
  Shares,
  type BuilderAcceptedResult,
  type BuilderSharesWithdrawal,
  type CampaignSplit,
  type SplitCredits,
  type DependenciesSetResult,
  type DependencyList,
  type DependencyShare,
  type Owed,
  type ProjectSharesWithdrawal,
  type WaitingReleasedResult,
} from "./shares.js";
import { Specs } from "./spec.js";
import { Tokens, type Amount, type TokenInfo } from "./tokens.js";
import { Transactions, type ErrorSources, type TxResult } from "./transactions.js";
import { Verification, type ProjectVerification, type VerificationOptions } from "./verification.js";

/**
 * A typed client of one OpenPledge deployment: every user action and view, amounts in base units or in the token's
 * units, reverts rethrown as `OpenPledgeError` in plain words, and history read from events page by page.
 */
export class OpenPledgeClient {
  readonly connection: Connection;
  readonly tokens: Tokens;
  readonly projects: Projects;
  readonly campaigns: Campaigns;
  readonly actions: CampaignActions;
  readonly bonuses: Bonuses;
  readonly shares: Shares;
  readonly milestones: Milestones;
  readonly history: History;
  readonly protocol: Protocol;
  readonly requests: Requests;
  /** Whether an attester the reader trusts verified a project's repository (EAS attestations). */
  readonly verification: Verification;
  /** The indexer's reader when the client was given `indexerUrl` (for what only the indexer answers), else undefined. */
  readonly indexer: IndexerReader | undefined;
  private readonly indexed: IndexerSource | undefined;
  private readonly specs: Specs;

  constructor(addresses: OpenPledgeAddresses, runner: Signer | Provider, options: ClientOptions = {}) {
    const connection = new Connection(addresses, runner, options);
    const tokens = new Tokens(runner);
    const specs = new Specs(connection);
    const campaigns = new Campaigns(connection, tokens, specs);
    const sources: ErrorSources = {
      campaign: (id) => campaigns.getCampaign(id),
      token: (ref) => tokens.token(ref),
      limits: () => protocol.limits(),
    };
    const transactions = new Transactions(connection, sources);
    const protocol = new Protocol(connection, transactions);
    this.connection = connection;
    this.tokens = tokens;
    this.campaigns = campaigns;
    this.protocol = protocol;
    this.projects = new Projects(connection, transactions);
    this.actions = new CampaignActions(connection, tokens, campaigns, transactions);
    this.bonuses = new Bonuses(connection, tokens, campaigns, transactions);
    this.shares = new Shares(connection, transactions);
    this.milestones = new Milestones(connection, transactions);
    this.history = new History(connection, tokens);
    this.requests = new Requests(connection, tokens, transactions);
    // The indexer answers every attester's attestations; the chain is asked only for the trusted attesters' (review M4).
    this.verification = new Verification(connection, this.projects, (projectId, attesters) =>
      this.readIndexed(
        `the attestations of project ${projectId}`,
        (reader) => reader.projectAttestations(projectId),
        () => findRepositoryAttestations(connection, { projectId, attesters }),
      ),
    );
    this.specs = specs;
    const url = options.indexerUrl?.trim() ?? "";
    this.indexer = url === "" ? undefined : new IndexerReader(url, { timeoutMs: options.indexerTimeoutMs });
    this.indexed = this.indexer && new IndexerSource(this.indexer, connection, options.onFallback ?? warnOnFallback);
  }

  // ------------------------------------------------------------------ connection

  get addresses(): OpenPledgeAddresses {
    return this.connection.addresses;
  }
  get registry(): ProjectRegistry {
    return this.connection.registry;
  }
  get escrow(): PledgeEscrow {
    return this.connection.escrow;
  }
  /** The provider behind the runner. */
  get provider(): Provider {
    return this.connection.provider;
  }
  /** The signer that sends transactions; throws for a read-only client. */
  get signer(): Signer {
    return this.connection.signer;
  }
  /** The signing account's address. */
  account(): Promise<string> {
    return this.connection.signer.getAddress();
  }
  /** The latest block's time, in unix seconds: "now" as the escrow sees it. */
  chainTime(): Promise<bigint> {
    return this.connection.chainTime();
  }

  // ------------------------------------------------------------------ tokens

  /** ETH ("ETH" or the zero address) or an ERC-20's symbol and decimals, cached. */
  token(ref: string): Promise<TokenInfo> {
    return this.tokens.token(ref);
  }
  /** An amount in base units: a bigint as it is, a string read in the token's units. */
  toBaseUnits(amount: Amount, tokenRef: string): Promise<bigint> {
    return this.tokens.toBaseUnits(amount, tokenRef);
  }
  /** Base units written in the token's units, with its symbol ("1.5 ETH"). */
  format(value: bigint, tokenRef: string): Promise<string> {
    return this.tokens.format(value, tokenRef);
  }

  // ------------------------------------------------------------------ projects

  registerProject(input: { metadataURI: string; repository?: string; payout: string }): Promise<TxResult & { projectId: bigint }> {
    return this.projects.registerProject(input);
  }
  addMaintainer(projectId: bigint, account: string): Promise<TxResult> {
    return this.projects.addMaintainer(projectId, account);
  }
  removeMaintainer(projectId: bigint, account: string): Promise<TxResult> {
    return this.projects.removeMaintainer(projectId, account);
  }
  setPayoutAddress(projectId: bigint, payout: string): Promise<TxResult> {
    return this.projects.setPayoutAddress(projectId, payout);
  }
  setProjectMetadata(projectId: bigint, metadataURI: string, repository: string): Promise<TxResult> {
    return this.projects.setProjectMetadata(projectId, metadataURI, repository);
  }
  transferProjectOwnership(projectId: bigint, newOwner: string): Promise<TxResult> {
    return this.projects.transferProjectOwnership(projectId, newOwner);
  }
  acceptProjectOwnership(projectId: bigint): Promise<TxResult> {
    return this.projects.acceptProjectOwnership(projectId);
  }
  getProject(projectId: bigint): Promise<ProjectDetails> {
    return this.projects.getProject(projectId);
  }
  isMaintainer(projectId: bigint, account: string): Promise<boolean> {
    return this.projects.isMaintainer(projectId, account);
  }
  /**
   * Whether an attester the reader trusts (`options.attesters`, default: the chain's default attesters) verified that the
   * project controls the repository it names: state, a one-line summary and warnings in plain words.
   */
  getVerification(projectId: bigint, options: VerificationOptions = {}): Promise<ProjectVerification> {
    return this.verification.getVerification(projectId, options);
  }
  /** Every project as it stands now: from the indexer when the client has one (and no block range is asked), else the logs. */
  listProjects(range: LogRange = {}): Promise<ProjectListing[]> {
    return this.readIndexed(
      "the projects",
      async (reader) => byId((await reader.readAll((page) => reader.projects(page))).items.map(projectListingOf)),
      () => this.projects.listProjects(range),
      range,
    );
  }

  // ------------------------------------------------------------------ campaigns

  getCampaign(campaignId: bigint): Promise<CampaignDetails> {
    return this.campaigns.getCampaign(campaignId);
  }
  pledgeOf(campaignId: bigint, backer: string): Promise<bigint> {
    return this.campaigns.pledgeOf(campaignId, backer);
  }
  /** Every campaign, or a project's: from the indexer when the client has one (and no block range is asked), else the logs. */
  listCampaigns(filter: { projectId?: bigint } = {}, range: LogRange = {}): Promise<CampaignListing[]> {
    return this.readIndexed(
      filter.projectId === undefined ? "the campaigns" : `the campaigns of project ${filter.projectId}`,
      async (reader) => {
        const rows = await reader.readAll((page) => reader.campaigns({ project: filter.projectId, ...page }));
        const listings = byId(rows.items.map(campaignListingOf));
        // As from the logs: the spec of each is known, for `getCampaign` to check against the escrow's commitment.
        for (const listing of listings) this.specs.remember(listing.id, listing.specURI, listing.specHash, listing.blockNumber);
        // And whether it was accepted from a request in its opening block, for `getCampaign`'s `fromRequest`.
        for (const row of rows.items) this.specs.rememberOrigin(BigInt(row.id), Number(row.openedAtBlock), row.fromRequest === null ? null : getAddress(row.fromRequest.acceptedBy));
        return listings;
      },
      () => this.campaigns.listCampaigns(filter, range),
      range,
    );
  }
  openCampaign(input: OpenCampaignInput): Promise<OpenedCampaign> {
    return this.actions.openCampaign(input);
  }
  pledge(campaignId: bigint, amount: Amount, mode: AllowanceMode = "auto"): Promise<PledgeResult> {
    return this.actions.pledge(campaignId, amount, mode);
  }
  withdrawPledge(campaignId: bigint, amount: Amount): Promise<WithdrawalResult> {
    return this.actions.withdrawPledge(campaignId, amount);
  }
  cancelCampaign(campaignId: bigint): Promise<TxResult> {
    return this.actions.cancelCampaign(campaignId);
  }
  claim(campaignId: bigint): Promise<ClaimResult> {
    return this.actions.claim(campaignId);
  }
  refund(campaignId: bigint): Promise<RefundResult> {
    return this.actions.refund(campaignId);
  }

  // ------------------------------------------------------------------ feature requests

  /** The escrow's bounds on a request's lifetime and the notice backers get after acceptance, in seconds. */
  requestLimits(): Promise<RequestLimits> {
    return this.requests.requestLimits();
  }
  /** Opens a feature request for a project (anyone may); pledge to it, withdraw and refund with `pledge`, `withdrawPledge`, `refund`. */
  openRequest(input: OpenRequestInput): Promise<OpenedRequest> {
    return this.requests.openRequest(input);
  }
  /**
   * A request: terms, state, money, backers, support (money × time held), acceptance or decline, duplicates; from the
   * indexer when the client has one (and no block range is asked), else the logs (`NotARequestError` for a plain campaign).
   */
  getRequest(requestId: bigint, range: LogRange = {}): Promise<FullRequestDetails> {
    const what = `request ${requestId}`;
    return this.readIndexed(
      what,
      async (reader) => {
        const request = await notIndexedAs(what, reader.getRequest(requestId));
        const siblings = request.duplicateOf.length === 0 ? [] : await reader.listRequests(request.projectId, { includeClosed: true });
        const [full] = await this.withStanding([request], siblings);
        return full!;
      },
      () => this.requests.getRequest(requestId, range),
      range,
    );
  }
  /**
   * A project's open requests ranked (`compareRequests`): by token first (ETH, then tokens by address: ETH·days and
   * PUSD·days do not compare), then support, then pledged, then id; `includeClosed` adds the others after them, in the
   * same order. From the indexer when the client has one (and no block range is asked), else the logs; either way each
   * carries `duplicates` and `outstanding`.
   */
  listRequests(projectId: bigint, options: { includeClosed?: boolean } & LogRange = {}): Promise<FullRequestDetails[]> {
    const { includeClosed, ...range } = options;
    return this.readIndexed(
      `the requests of project ${projectId}`,
      async (reader) => {
        const shown = await reader.listRequests(projectId, { includeClosed });
        const siblings = includeClosed === true || !shown.some((request) => request.duplicateOf.length > 0) ? shown : await reader.listRequests(projectId, { includeClosed: true });
        return (await this.withStanding(shown, siblings)).sort(compareRequests);
      },
      () => this.requests.listRequests(projectId, options),
      range,
    );
  }
  /** Indexed requests with their duplicates' states (from `siblings`, the project's requests) and what is still in (from the logs). */
  private async withStanding(requests: readonly RequestDetails[], siblings: readonly RequestDetails[]): Promise<FullRequestDetails[]> {
    const outstanding = await this.requests.outstandingOf(requests.filter((request) => request.outstanding === undefined).map((request) => request.requestId));
    return requests.map((request) => ({
      ...request,
      duplicates:
        request.duplicates ??
        request.duplicateOf.map((requestId) => {
          const state = siblings.find((other) => other.requestId === requestId)?.state ?? "Requested";
          return { requestId, state, campaignId: campaignOfRequest(requestId, state) };
        }),
      outstanding: request.outstanding ?? outstanding.get(request.requestId) ?? 0n,
    }));
  }
  /** Accepts an open request into a campaign (a maintainer): project, token and spec are filled from the request. */
  acceptRequest(requestId: bigint, input: AcceptRequestInput): Promise<AcceptedRequest> {
    return this.requests.acceptRequest(requestId, input);
  }
  /** Declines an open request (a maintainer), saying why: its backers refund in full. */
  declineRequest(requestId: bigint, reasonURI: string): Promise<TxResult> {
    return this.requests.declineRequest(requestId, reasonURI);
  }

  // ------------------------------------------------------------------ refund bonus

  /**
   * A campaign's refund bonus: the pot and its cap, when credit runs, where it goes; for `options.account` their share
   * if the campaign fails, the "plus about X" of pledging `options.amount` more now, and their deposit.
   */
  getBonus(campaignId: bigint, options: BonusQuery = {}): Promise<CampaignBonus> {
    return this.bonuses.getBonus(campaignId, options);
  }
  /** Deposits into a funding campaign's refund bonus (ETH with the call, an ERC-20 after an approval); final until the campaign is decided. */
  depositBonus(campaignId: bigint, amount: Amount): Promise<BonusDepositResult> {
    return this.bonuses.depositBonus(campaignId, amount);
  }
  /** Takes back the signer's part of a decided campaign's refund bonus. */
  reclaimBonus(campaignId: bigint): Promise<BonusReclaimResult> {
    return this.bonuses.reclaimBonus(campaignId);
  }

  // ------------------------------------------------------------------ builder and dependency shares

  /** One version of a project's dependency list: the current one unless `version` is given (0: never declared, empty). */
  getDependencies(projectId: bigint, version?: bigint): Promise<DependencyList> {
    return this.shares.getDependencies(projectId, version);
  }
  /** Declares a new version of a project's dependency list (owner only; empty to stop sharing); returns its version. */
  setDependencies(projectId: bigint, dependencies: DependencyShare[]): Promise<DependenciesSetResult> {
    return this.shares.setDependencies(projectId, dependencies);
  }
  /** Who a campaign's claims pay besides its project and the fee: builder, nominee, what waits, the dependency list it froze. */
  getSplit(campaignId: bigint): Promise<CampaignSplit> {
    return this.shares.getSplit(campaignId);
  }
  /** What a campaign's claims credited so far, and to whom (each builder paid, what waits, what was released, each dependency), from its events. */
  getSplitCredits(campaignId: bigint, range: LogRange = {}): Promise<SplitCredits> {
    return this.shares.getSplitCredits(campaignId, range);
  }
  /** Nominates a campaign's builder (the project's owner before anyone accepted, then the builder to hand on); zero address clears. */
  nominateBuilder(campaignId: bigint, nominee: string): Promise<TxResult> {
    return this.shares.nominateBuilder(campaignId, nominee);
  }
  /** The signer, nominated, becomes the builder and takes the builder shares waiting in the campaign. */
  acceptBuilder(campaignId: bigint): Promise<BuilderAcceptedResult> {
    return this.shares.acceptBuilder(campaignId);
  }
  /** Credits a builder share nobody accepted within 180 days of its last credit to the campaign's project. */
  releaseWaitingBuilderShare(campaignId: bigint): Promise<WaitingReleasedResult> {
    return this.shares.releaseWaitingBuilderShare(campaignId);
  }
  /**
   * What is owed to an account as builder and to the projects it maintains, in ETH and every token a campaign used, and
   * the builder roles offered to it: from the indexer when the client has one (and no block range is asked), else the
   * logs and the escrow's credits.
   */
  getOwed(account: string, range: LogRange = {}): Promise<Owed> {
    return this.readIndexed(
      `what is owed to ${account}`,
      (reader) => reader.getOwed(account),
      () => this.shares.getOwed(account, range),
      range,
    );
  }
  /** Sends the signer's builder credit in `token` ("ETH" or an address) to `to` (default: the signer). */
  withdrawBuilderShares(token: string, to?: string): Promise<BuilderSharesWithdrawal> {
    return this.shares.withdrawBuilderShares(token, to);
  }
  /** Sends a project's credit in `token` to its payout address (a maintainer of it only). */
  withdrawProjectShares(projectId: bigint, token: string): Promise<ProjectSharesWithdrawal> {
    return this.shares.withdrawProjectShares(projectId, token);
  }

  // ------------------------------------------------------------------ milestones

  getMilestoneProgress(campaignId: bigint): Promise<MilestoneProgress> {
    return this.milestones.getMilestoneProgress(campaignId);
  }
  objectionWeightOf(campaignId: bigint, backer: string): Promise<bigint> {
    return this.milestones.objectionWeightOf(campaignId, backer);
  }
  objectionWeights(campaignId: bigint, backers: readonly string[]): Promise<Map<string, bigint>> {
    return this.milestones.objectionWeights(campaignId, backers);
  }
  isObjecting(campaignId: bigint, backer: string): Promise<boolean> {
    return this.milestones.isObjecting(campaignId, backer);
  }
  submitMilestone(campaignId: bigint, deliveryURI: string): Promise<SubmittedMilestone> {
    return this.milestones.submitMilestone(campaignId, deliveryURI);
  }
  objectMilestone(campaignId: bigint): Promise<TxResult> {
    return this.milestones.objectMilestone(campaignId);
  }
  withdrawObjection(campaignId: bigint): Promise<TxResult> {
    return this.milestones.withdrawObjection(campaignId);
  }
  settleMilestone(campaignId: bigint): Promise<TxResult> {
    return this.milestones.settleMilestone(campaignId);
  }

  // ------------------------------------------------------------------ history

  escrowEvents(names: readonly EscrowEventName[], range: LogRange = {}, campaignId?: bigint): Promise<CampaignEvent[]> {
    return this.history.escrowEvents(names, range, campaignId);
  }
  /** A campaign's events, oldest first, with running totals: from the indexer when the client has one (and no block range is asked), else the logs. */
  campaignHistory(campaignId: bigint, range: LogRange = {}): Promise<CampaignEvent[]> {
    const what = `campaign ${campaignId}`;
    return this.readIndexed(
      `the history of ${what}`,
      async (reader) => inLogOrder((await notIndexedAs(what, reader.readAll((page) => reader.history(campaignId, page)))).items.map(campaignEventOf)),
      () => this.history.campaignHistory(campaignId, range),
      range,
    );
  }
  /** A campaign's backers in order of first pledge: from the indexer when the client has one (and no block range is asked), else the logs. */
  campaignBackers(campaignId: bigint, range: LogRange = {}): Promise<BackerStanding[]> {
    const what = `campaign ${campaignId}`;
    return this.readIndexed(
      `the backers of ${what}`,
      async (reader) => inFirstPledgeOrder((await notIndexedAs(what, reader.readAll((page) => reader.backers(campaignId, page)))).items).map(backerStandingOf),
      () => this.history.campaignBackers(campaignId, range),
      range,
    );
  }

  // ------------------------------------------------------------------ indexer

  /** The indexer status the last read from the indexer was based on; undefined without an indexer or after a fallback. */
  get indexerStatus(): IndexerStatus | undefined {
    return this.indexed?.lastStatus;
  }

  /**
   * The indexer's status when it can answer for this client (reachable, on this chain and deployment, caught up);
   * else an `IndexerUnavailableError` saying why. Undefined when the client has no indexer.
   */
  async usableIndexer(): Promise<IndexerStatus | undefined> {
    return this.indexed?.usableStatus();
  }

  /**
   * `fromIndexer` when the client has an indexer fit to answer, else `fromChain`: the rule of the list methods, for
   * reads of one's own. A fallback is told to `onFallback` (once per kind of trouble until the indexer answers again); a `range` with a block bound
   * always reads the chain, which the indexer cannot answer for.
   */
  readIndexed<T>(what: string, fromIndexer: (reader: IndexerReader) => Promise<T>, fromChain: () => Promise<T>, range: LogRange = {}): Promise<T> {
    if (this.indexed === undefined || range.fromBlock !== undefined || range.toBlock !== undefined) return fromChain();
    return this.indexed.read(what, fromIndexer, fromChain);
  }

  // ------------------------------------------------------------------ protocol

  limits(): Promise<ProtocolLimits> {
    return this.protocol.limits();
  }
  protocolStatus(): Promise<ProtocolStatus> {
    return this.protocol.protocolStatus();
  }
  setFee(feeBps: number): Promise<ScheduledFee> {
    return this.protocol.setFee(feeBps);
  }
}
