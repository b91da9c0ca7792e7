/**
 * Feature requests: open one, read one or a project's (ranked by support: money × time held), accept one into a
 * campaign with terms the maintainer chooses (project, token and spec come from the request), decline one. A request
 * is a campaign record in the escrow (same ids, same pledge ledger), so pledging, withdrawing and refunding are the
 * campaign actions. The escrow answers `IRequestBoard` at its own address (its fallback): the calls go through that ABI.
 */
import { ZeroHash, type Log } from "ethers";

import type { IPledgeEscrow } from "../typechain-types/interfaces/IPledgeEscrow.js";
import { IRequestBoard__factory } from "../typechain-types/factories/interfaces/IRequestBoard__factory.js";
import type { IRequestBoard } from "../typechain-types/interfaces/IRequestBoard.js";
import { toPlan, type MilestonePlanInput } from "./campaign-actions.js";
import { mapLimited } from "./concurrency.js";
import type { Connection } from "./connection.js";
import { accumulateSupport, supportAt, type PledgeMove } from "./credit.js";
import { withDecodedErrors } from "./errors.js";
import { decodeEscrowLog, ESCROW_INTERFACE, escrowTopics, eventArg, hasEscrowEvent, idTopic } from "./events.js";
import type { LogRange } from "./logs.js";
import { stateName, type CampaignState } from "./states.js";
import { normalizeToken, type Amount, type Tokens } from "./tokens.js";
import type { Transactions, TxResult } from "./transactions.js";

/** The escrow's bounds on requests, in seconds. */
export interface RequestLimits {
  /** Shortest time from opening to expiry. */
  minLifetime: bigint;
  /** Longest time from opening to expiry. */
  maxLifetime: bigint;
  /** Least time backers of an accepted request keep, before its last call, to withdraw from terms they dislike. */
  acceptanceNotice: bigint;
}

/** What `openRequest` takes. */
export interface OpenRequestInput {
  projectId: bigint;
  /** "ETH" (or the zero address) or an ERC-20 address the escrow allows. */
  token: string;
  /** Unix time of the last second for pledges and acceptance. */
  expiry: bigint;
  /** The feature asked for (an issue). */
  specURI: string;
  /** The spec document's content hash (`specHashOf(document)`); omitted: none pinned. */
  specHash?: string;
}

/** How a request was accepted. */
export interface RequestAcceptance {
  maintainer: string;
  /** Unix seconds. */
  at: bigint;
  blockNumber: number;
  /** What was pledged to it when it was accepted, in base units. */
  pledgedAtAcceptance: bigint;
}

/** How a request was declined. */
export interface RequestDecline {
  maintainer: string;
  /** Unix seconds. */
  at: bigint;
  blockNumber: number;
  reasonURI: string;
}

/** A request as its events and the escrow tell it now. */
export interface RequestDetails {
  requestId: bigint;
  projectId: bigint;
  opener: string;
  /** The token's address (zero for ETH). */
  token: string;
  /** Last second for pledges and acceptance (unix seconds). */
  expiry: bigint;
  /** The fee fixed at opening, in basis points (acceptance takes this or the fee in force then, whichever is lower). */
  feeBps: bigint;
  specURI: string;
  specHash: string;
  /** Unix seconds. */
  openedAt: bigint;
  openedAtBlock: number;
  /** Requested, Declined or Expired; Funding and on once accepted. */
  state: CampaignState;
  /** What is pledged now, in base units. */
  pledged: bigint;
  /** Backers with a pledge in now. */
  backers: number;
  /** Σ pledge × seconds held at `asOf` (base units × seconds; `formatSupport` writes it in token-days). */
  support: bigint;
  /** When the support is counted: now while open, else the acceptance, decline or expiry (frozen there). */
  asOf: bigint;
  accepted: RequestAcceptance | null;
  declined: RequestDecline | null;
  /** Other requests of the same project with the same spec URI, by id. */
  duplicateOf: bigint[];
  /**
   * The same requests as `duplicateOf`, each with its state and, once accepted, its campaign (the same id): "already
   * funded as campaign 1" for an accepted one, "#4 (expired)" for a closed one. `OpenPledgeClient.getRequest` and
   * `listRequests` always fill it (`FullRequestDetails`); optional here only for readers that convert other sources.
   */
  duplicates?: RequestDuplicate[];
  /**
   * What is still in from backers, in base units: Σ Pledged − PledgeWithdrawn − Refunded (− RefundedWithBonus) of this
   * id, i.e. what remains to withdraw or refund. `pledged` stays the record of the total (refunds do not lower it), so
   * a declined or expired request whose backers all refunded has `pledged` > 0 and `outstanding` 0. Always filled by
   * `OpenPledgeClient.getRequest` and `listRequests` (`FullRequestDetails`).
   */
  outstanding?: bigint;
}

/** Another request for the same spec: its id, its state and, once accepted, its campaign (the request's own id). */
export interface RequestDuplicate {
  requestId: bigint;
  /** Requested, Declined, Expired; Funding and on once accepted. */
  state: CampaignState;
  /** The campaign it became (the same id) once accepted, else null. */
  campaignId: bigint | null;
}

/** What every read of `OpenPledgeClient` fills in a request: its duplicates with their states and what is still in. */
export interface RequestStanding {
  duplicates: RequestDuplicate[];
  outstanding: bigint;
}

/** A request as `OpenPledgeClient.getRequest` and `listRequests` return it: `duplicates` and `outstanding` always set. */
export type FullRequestDetails = RequestDetails & RequestStanding;

/** The states of a request that was never accepted (the others are a campaign's: the request was accepted). */
const REQUEST_STATES: readonly CampaignState[] = ["Requested", "Declined", "Expired"];

/** The campaign a request became (its own id) when its state says it was accepted, else null. */
export function campaignOfRequest(requestId: bigint, state: CampaignState): bigint | null {
  return REQUEST_STATES.includes(state) ? null : requestId;
}

/** What a maintainer chooses to accept a request; its project, token and spec come from the request. */
export interface AcceptRequestInput {
  /** In base units, or a decimal string in the request's token's units. */
  goal: Amount;
  /** Unix time of the last second for pledges (the planned deadline). */
  deadline: bigint;
  /** Length of the last call in seconds; omitted: the escrow's default. */
  lastCall?: bigint;
  /** Claim window in seconds; omitted: the escrow's default. */
  claimWindow?: bigint;
  /** Share of every claim reserved for the builder, in basis points; omitted: none. */
  builderShareBps?: bigint;
  milestones?: MilestonePlanInput;
}

/** A mined acceptance: the campaign (the request's own id) and whether the pledges already reach its goal. */
export interface AcceptedRequest extends TxResult {
  campaignId: bigint;
  goalReached: boolean;
}

/** A mined request opening. */
export interface OpenedRequest extends TxResult {
  requestId: bigint;
}

/** The id is a campaign that never was a feature request. */
export class NotARequestError extends Error {
  constructor(readonly campaignId: bigint) {
    super(`campaign ${campaignId} is not a feature request (it was opened as a campaign): campaign show ${campaignId} tells it`);
    this.name = "NotARequestError";
  }
}

/** The `RequestOpened` event of a request: the fields of the details it fixes, and its block. */
type Opening = Pick<
  RequestDetails,
  "requestId" | "projectId" | "opener" | "token" | "expiry" | "feeBps" | "specURI" | "specHash"
> & { blockNumber: number };

const NO_PLAN: IPledgeEscrow.MilestonePlanStruct = { initialShareBps: 0, reviewWindow: 0n, objectionThresholdBps: 0, milestones: [] };

export class Requests {
  constructor(
    private readonly connection: Connection,
    private readonly tokens: Tokens,
    private readonly transactions: Transactions,
  ) {}

  /** The board's interface at the escrow's address, reading. */
  get board(): IRequestBoard {
    return IRequestBoard__factory.connect(this.connection.addresses.escrow, this.connection.runner);
  }

  /** The escrow's bounds on a request's lifetime and the notice backers get after acceptance, in seconds. */
  async requestLimits(): Promise<RequestLimits> {
    const board = this.board;
    const [minLifetime, maxLifetime, acceptanceNotice] = await withDecodedErrors(() =>
      Promise.all([board.MIN_REQUEST_LIFETIME(), board.MAX_REQUEST_LIFETIME(), board.ACCEPTANCE_NOTICE()]),
    );
    return { minLifetime, maxLifetime, acceptanceNotice };
  }

  /** Opens a request for a project (anyone may); returns its id. */
  async openRequest(input: OpenRequestInput): Promise<OpenedRequest> {
    const token = normalizeToken(input.token);
    const board = IRequestBoard__factory.connect(this.connection.addresses.escrow, this.connection.signer);
    const result = await this.transactions.send(
      () => board.openRequest(input.projectId, token, input.expiry, input.specURI, input.specHash ?? ZeroHash),
      { token, action: "openRequest" },
    );
    return { requestId: eventArg(result.logs, ESCROW_INTERFACE, "RequestOpened", "requestId"), ...result.tx };
  }

  /** A request: its terms, state, money, backers, support, how it ended and its duplicates. */
  async getRequest(requestId: bigint, range: LogRange = {}): Promise<FullRequestDetails> {
    const record = await withDecodedErrors(() => this.connection.escrow.getCampaign(requestId));
    const openings = await this.openings(record.projectId, range);
    if (!openings.some((opening) => opening.requestId === requestId)) throw new NotARequestError(requestId);
    const [details] = await this.detailsOf(openings, [requestId], range);
    if (details === undefined) throw new NotARequestError(requestId);
    return details;
  }

  /**
   * A project's requests, ranked (`compareRequests`): open ones first; by token (ETH, then tokens by address: support
   * in different tokens does not compare), then support, then pledged, descending, then id; with `includeClosed`, the
   * declined, expired and accepted ones follow in the same order.
   */
  async listRequests(projectId: bigint, options: { includeClosed?: boolean } & LogRange = {}): Promise<FullRequestDetails[]> {
    const { includeClosed = false, ...range } = options;
    const openings = await this.openings(projectId, range);
    const all = await this.detailsOf(
      openings,
      openings.map((opening) => opening.requestId),
      range,
    );
    const shown = includeClosed ? all : all.filter((request) => request.state === "Requested");
    return shown.sort(compareRequests);
  }

  /**
   * Accepts an open request into a campaign (a maintainer of its project): the terms repeat the request's project,
   * token and spec, read from its `RequestOpened` event. `goalReached` tells whether the pledges already reach the goal.
   */
  async acceptRequest(requestId: bigint, input: AcceptRequestInput, range: LogRange = {}): Promise<AcceptedRequest> {
    const record = await withDecodedErrors(() => this.connection.escrow.getCampaign(requestId));
    const opening = (await this.openings(record.projectId, range)).find((candidate) => candidate.requestId === requestId);
    if (opening === undefined) throw new NotARequestError(requestId);
    const goal = await this.tokens.toBaseUnits(input.goal, opening.token);
    const terms: IPledgeEscrow.CampaignTermsStruct = {
      projectId: opening.projectId,
      specURI: opening.specURI,
      specHash: opening.specHash,
      token: opening.token,
      goal,
      deadline: input.deadline,
      lastCall: input.lastCall ?? 0n,
      claimWindow: input.claimWindow ?? 0n,
      builderShareBps: input.builderShareBps ?? 0n,
    };
    const plan = input.milestones === undefined ? NO_PLAN : toPlan(input.milestones);
    const board = IRequestBoard__factory.connect(this.connection.addresses.escrow, this.connection.signer);
    const result = await this.transactions.send(() => board.acceptRequest(requestId, terms, plan), { campaignId: requestId, action: "acceptRequest" });
    return {
      campaignId: eventArg(result.logs, ESCROW_INTERFACE, "CampaignOpened", "campaignId"),
      goalReached: hasEscrowEvent(result.logs, "GoalReached"),
      ...result.tx,
    };
  }

  /** Declines an open request (a maintainer of its project), saying why: its backers then refund in full. */
  async declineRequest(requestId: bigint, reasonURI: string): Promise<TxResult> {
    const board = IRequestBoard__factory.connect(this.connection.addresses.escrow, this.connection.signer);
    return (await this.transactions.send(() => board.declineRequest(requestId, reasonURI), { campaignId: requestId, action: "declineRequest" })).tx;
  }

  /** Every `RequestOpened` event of a project, in chain order. */
  private async openings(projectId: bigint, range: LogRange): Promise<Opening[]> {
    const logs = await this.connection.logs(this.connection.addresses.escrow, [escrowTopics(["RequestOpened"]), null, idTopic(projectId)], range);
    return logs.map((log) => {
      const args = decodeEscrowLog(log).args;
      return {
        requestId: args.requestId as bigint,
        projectId: args.projectId as bigint,
        opener: args.opener as string,
        token: args.token as string,
        expiry: args.expiry as bigint,
        feeBps: args.feeBps as bigint,
        specURI: args.specURI as string,
        specHash: args.specHash as string,
        blockNumber: log.blockNumber,
      };
    });
  }

  /**
   * What is still in from backers for each of `ids` (Σ Pledged − PledgeWithdrawn − Refunded − RefundedWithBonus), from
   * one log read: `RequestDetails.outstanding`.
   */
  async outstandingOf(ids: readonly bigint[], range: LogRange = {}): Promise<Map<bigint, bigint>> {
    const result = new Map<bigint, bigint>(ids.map((id) => [id, 0n]));
    if (ids.length === 0) return result;
    const moves = await this.connection.logs(
      this.connection.addresses.escrow,
      [escrowTopics(["Pledged", "PledgeWithdrawn", "Refunded", "RefundedWithBonus"]), ids.map(idTopic)],
      range,
    );
    for (const [id, logs] of byCampaign(moves)) result.set(id, outstandingIn(logs));
    return result;
  }

  /** The details of the requests `ids` among a project's `openings` (for their duplicates), from three log reads. */
  private async detailsOf(openings: readonly Opening[], ids: readonly bigint[], range: LogRange): Promise<FullRequestDetails[]> {
    if (ids.length === 0) return [];
    const wanted = new Set(ids);
    const idTopics = ids.map(idTopic);
    const escrow = this.connection.addresses.escrow;
    // The records of the duplicates too, for their states.
    const specs = new Set(openings.filter((o) => wanted.has(o.requestId)).map((o) => o.specURI));
    const read = [...new Set([...ids, ...openings.filter((o) => specs.has(o.specURI)).map((o) => o.requestId)])];
    const [endings, moves, recordList, now] = await Promise.all([
      this.connection.logs(escrow, [escrowTopics(["RequestAccepted", "RequestDeclined"]), idTopics], range),
      this.connection.logs(escrow, [escrowTopics(["Pledged", "PledgeWithdrawn", "Refunded", "RefundedWithBonus"]), idTopics], range),
      withDecodedErrors(() => mapLimited(read, 8, (id) => this.connection.escrow.getCampaign(id))),
      this.connection.chainTime(),
    ]);
    const stateById = new Map<bigint, CampaignState>(read.map((id, index) => [id, stateName(recordList[index]!.state)]));
    const records = ids.map((id) => recordList[read.indexOf(id)]);
    const times = await this.blockTimes([...openings.filter((o) => wanted.has(o.requestId)).map((o) => o.blockNumber), ...endings.map((l) => l.blockNumber), ...moves.map((l) => l.blockNumber)]);
    const timeOf = (block: number): bigint => times.get(block) ?? 0n;
    const movesOf = byCampaign(moves);
    const result: FullRequestDetails[] = [];
    ids.forEach((id, index) => {
      const opening = openings.find((candidate) => candidate.requestId === id);
      const record = records[index];
      if (opening === undefined || record === undefined) return;
      const accepted = acceptanceOf(endings, id, timeOf);
      const declined = declineOf(endings, id, timeOf);
      const openedAt = timeOf(opening.blockNumber);
      const frozenAt = accepted?.at ?? declined?.at ?? opening.expiry;
      const asOf = now < frozenAt ? now : frozenAt;
      const own = movesOf.get(id) ?? [];
      const requestPhase = own
        .filter((log) => (accepted === null || log.blockNumber < accepted.blockNumber) && timeOf(log.blockNumber) <= asOf)
        .flatMap((log) => pledgeMoveOf(log, timeOf));
      const accumulator = accumulateSupport(openedAt, requestPhase);
      const duplicateIds = openings.filter((other) => other.requestId !== id && other.specURI === opening.specURI).map((other) => other.requestId);
      result.push({
        requestId: id,
        projectId: opening.projectId,
        opener: opening.opener,
        token: opening.token,
        expiry: opening.expiry,
        feeBps: opening.feeBps,
        specURI: opening.specURI,
        specHash: opening.specHash,
        openedAt,
        openedAtBlock: opening.blockNumber,
        state: stateName(record.state),
        pledged: record.pledged,
        backers: backersNow(own),
        support: supportAt(accumulator, asOf),
        asOf,
        accepted,
        declined,
        duplicateOf: duplicateIds,
        duplicates: duplicateIds.map((requestId) => {
          const state = stateById.get(requestId) ?? "Requested";
          return { requestId, state, campaignId: campaignOfRequest(requestId, state) };
        }),
        outstanding: outstandingIn(own),
      });
    });
    return result;
  }

  /** The time of each block, read once. */
  private async blockTimes(blocks: readonly number[]): Promise<Map<number, bigint>> {
    const read = await mapLimited([...new Set(blocks)], 8, async (number) => {
      const block = await this.connection.provider.getBlock(number);
      if (block === null) throw new Error(`the node returned no block ${number}`);
      return [number, BigInt(block.timestamp)] as const;
    });
    return new Map(read);
  }
}

/**
 * The order of a list of requests: open ones first; then by token (ETH first, then tokens by address: support in
 * different tokens, ETH·days and token·days, does not compare); then support, then pledged, descending; then the older id.
 */
export function compareRequests(a: RequestDetails, b: RequestDetails): number {
  const open = Number(b.state === "Requested") - Number(a.state === "Requested");
  if (open !== 0) return open;
  const tokenA = BigInt(a.token);
  const tokenB = BigInt(b.token);
  if (tokenA !== tokenB) return tokenA < tokenB ? -1 : 1;
  if (a.support !== b.support) return a.support > b.support ? -1 : 1;
  if (a.pledged !== b.pledged) return a.pledged > b.pledged ? -1 : 1;
  return a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0;
}

function acceptanceOf(logs: readonly Log[], id: bigint, timeOf: (block: number) => bigint): RequestAcceptance | null {
  for (const log of logs) {
    const { name, args } = decodeEscrowLog(log);
    if (name === "RequestAccepted" && args.requestId === id) {
      return { maintainer: args.maintainer as string, at: timeOf(log.blockNumber), blockNumber: log.blockNumber, pledgedAtAcceptance: args.pledged as bigint };
    }
  }
  return null;
}

function declineOf(logs: readonly Log[], id: bigint, timeOf: (block: number) => bigint): RequestDecline | null {
  for (const log of logs) {
    const { name, args } = decodeEscrowLog(log);
    if (name === "RequestDeclined" && args.requestId === id) {
      return { maintainer: args.maintainer as string, at: timeOf(log.blockNumber), blockNumber: log.blockNumber, reasonURI: args.reasonURI as string };
    }
  }
  return null;
}

/** A `Pledged` or `PledgeWithdrawn` log as a move of the accumulator; a refund is none (it only comes after the request phase). */
function pledgeMoveOf(log: Log, timeOf: (block: number) => bigint): PledgeMove[] {
  const { name, args } = decodeEscrowLog(log);
  const base = { backer: args.backer as string, amount: args.amount as bigint, at: timeOf(log.blockNumber) };
  if (name === "Pledged") return [{ ...base, kind: "pledge" }];
  if (name === "PledgeWithdrawn") return [{ ...base, kind: "withdrawal" }];
  return [];
}

/** The logs of pledge moves by campaign id, in their order. */
function byCampaign(logs: readonly Log[]): Map<bigint, Log[]> {
  const result = new Map<bigint, Log[]>();
  for (const log of logs) {
    const id = decodeEscrowLog(log).args.campaignId as bigint;
    const list = result.get(id) ?? [];
    list.push(log);
    result.set(id, list);
  }
  return result;
}

/** What is still in after a campaign's pledges, withdrawals and refunds (a refund takes a backer's whole pledge). */
function outstandingIn(logs: readonly Log[]): bigint {
  return [...pledgesIn(logs).values()].reduce((total, amount) => total + amount, 0n);
}

/** Each backer's pledge after a campaign's pledges, withdrawals and refunds, by lowercase address. */
function pledgesIn(logs: readonly Log[]): Map<string, bigint> {
  const amounts = new Map<string, bigint>();
  for (const log of logs) {
    const { name, args } = decodeEscrowLog(log);
    const backer = (args.backer as string).toLowerCase();
    const amount = args.amount as bigint;
    const before = amounts.get(backer) ?? 0n;
    if (name === "Pledged") amounts.set(backer, before + amount);
    else if (name === "PledgeWithdrawn") amounts.set(backer, before - amount);
    else amounts.set(backer, 0n);
  }
  return amounts;
}

/** How many backers have a pledge in after a request's pledges, withdrawals and refunds (a refund takes all of it). */
function backersNow(logs: readonly Log[]): number {
  return [...pledgesIn(logs).values()].filter((amount) => amount > 0n).length;
}
