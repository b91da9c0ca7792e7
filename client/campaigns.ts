/** Reading campaigns: one campaign's terms, totals, state and spec; every campaign from the opening events. */
import { formatAmount } from "./amounts.js";
import type { Connection } from "./connection.js";
import { OpenPledgeError, toOpenPledgeError, withDecodedErrors } from "./errors.js";
import { decodeEscrowLog, escrowTopics, idTopic } from "./events.js";
import type { LogRange } from "./logs.js";
import type { SpecCheck, Specs } from "./spec.js";
import { stateName, type CampaignState } from "./states.js";

/** The states of a request not (yet) accepted: no `RequestAccepted` event to look for. */
const REQUEST_STATES: ReadonlySet<CampaignState> = new Set(["Requested", "Declined", "Expired"]);
import { weightCutoff } from "./timeline.js";
import type { TokenInfo, Tokens } from "./tokens.js";

/** A campaign as stored in the escrow, with amounts also written in the token's units. */
export interface CampaignDetails {
  id: bigint;
  projectId: bigint;
  token: TokenInfo;
  goal: bigint;
  pledged: bigint;
  goalText: string;
  pledgedText: string;
  /** Last second for pledges: the planned deadline, or later once a pledge reached the goal in the last call. */
  deadline: bigint;
  feeBps: bigint;
  state: CampaignState;
  /** The spec URI from the opening event, checked against the hash the escrow stores (show it only when verified). */
  spec: SpecCheck;
  /** The block the campaign was opened in (its `CampaignOpened` event is there). */
  openedAtBlock: bigint;
  hasMilestones: boolean;
  /** The deadline the campaign was opened with. */
  plannedDeadline: bigint;
  /** Length of the last call, in seconds. */
  lastCall: bigint;
  /** Time after success in which a campaign without milestones must be claimed, in seconds. */
  claimWindow: bigint;
  /** Pledges made after this second carry no objection weight. */
  weightCutoff: bigint;
  /** When the total last reached the goal (zero if never; stale while the total is below the goal). */
  goalReachedAt: bigint;
  /** The latest the deadline can be moved to by last-call extensions. */
  latestDeadline: bigint;
  /** Set for a campaign that was a feature request until a maintainer accepted it (its `RequestAccepted` event). */
  fromRequest: CampaignFromRequest | null;
}

/** The feature request a campaign came from: the same id, accepted by `maintainer` at `acceptedAt` (unix seconds). */
export interface CampaignFromRequest {
  requestId: bigint;
  acceptedAt: bigint;
  maintainer: string;
}

/** A campaign as announced by its `CampaignOpened` event. */
export interface CampaignListing {
  id: bigint;
  projectId: bigint;
  creator: string;
  token: string;
  goal: bigint;
  /** The planned deadline (last-call extensions are `DeadlineExtended` events). */
  deadline: bigint;
  feeBps: bigint;
  /** The spec URI as the event tells it. */
  specURI: string;
  /** The spec document's content hash the campaign committed to (zero: none). */
  specHash: string;
  lastCall: bigint;
  claimWindow: bigint;
  blockNumber: number;
}

export class Campaigns {
  constructor(
    private readonly connection: Connection,
    private readonly tokens: Tokens,
    private readonly specs: Specs,
  ) {}

  /** A campaign's terms, totals, state and checked spec. */
  async getCampaign(campaignId: bigint): Promise<CampaignDetails> {
    const campaign = await withDecodedErrors(() => this.connection.escrow.getCampaign(campaignId));
    const state = stateName(campaign.state);
    const [token, hasMilestones, spec] = await Promise.all([
      this.tokens.token(campaign.token),
      this.hasMilestones(campaignId),
      this.specs.check(campaignId, campaign.specCommitment, campaign.openedAtBlock),
    ]);
    // After the spec: its read of the opening block also tells whether a request was accepted there.
    const fromRequest = REQUEST_STATES.has(state) ? null : await this.fromRequest(campaignId, campaign.openedAtBlock);
    return {
      id: campaignId,
      projectId: campaign.projectId,
      token,
      goal: campaign.goal,
      pledged: campaign.pledged,
      goalText: formatAmount(campaign.goal, token.decimals),
      pledgedText: formatAmount(campaign.pledged, token.decimals),
      deadline: campaign.deadline,
      feeBps: campaign.feeBps,
      state,
      spec,
      openedAtBlock: campaign.openedAtBlock,
      hasMilestones,
      plannedDeadline: campaign.plannedDeadline,
      lastCall: campaign.lastCall,
      claimWindow: campaign.claimWindow,
      weightCutoff: weightCutoff(campaign),
      goalReachedAt: campaign.goalReachedAt,
      latestDeadline: campaign.plannedDeadline + 2n * campaign.lastCall,
      fromRequest,
    };
  }

  /** A backer's current pledge. */
  pledgeOf(campaignId: bigint, backer: string): Promise<bigint> {
    return withDecodedErrors(() => this.connection.escrow.pledgeOf(campaignId, backer));
  }

  /** Every campaign, or a project's, from `CampaignOpened` events. */
  async listCampaigns(filter: { projectId?: bigint } = {}, range: LogRange = {}): Promise<CampaignListing[]> {
    const projectTopic = filter.projectId === undefined ? null : idTopic(filter.projectId);
    const escrow = this.connection.addresses.escrow;
    const [logs, acceptances] = await Promise.all([
      this.connection.logs(escrow, [escrowTopics(["CampaignOpened"]), null, projectTopic], range),
      this.connection.logs(escrow, [escrowTopics(["RequestAccepted"])], range),
    ]);
    // A campaign accepted from a request has its `RequestAccepted` in its opening block (the same transaction).
    const acceptedBy = new Map(acceptances.map((log) => {
      const args = decodeEscrowLog(log).args;
      return [`${args.requestId as bigint}@${log.blockNumber}`, args.maintainer as string];
    }));
    return logs.map((log) => {
      const args = decodeEscrowLog(log).args;
      const listing: CampaignListing = {
        id: args.campaignId as bigint,
        projectId: args.projectId as bigint,
        creator: args.creator as string,
        token: args.token as string,
        goal: args.goal as bigint,
        deadline: args.deadline as bigint,
        feeBps: args.feeBps as bigint,
        specURI: args.specURI as string,
        specHash: args.specHash as string,
        lastCall: args.lastCall as bigint,
        claimWindow: args.claimWindow as bigint,
        blockNumber: log.blockNumber,
      };
      this.specs.remember(listing.id, listing.specURI, listing.specHash, log.blockNumber);
      this.specs.rememberOrigin(listing.id, log.blockNumber, acceptedBy.get(`${listing.id}@${log.blockNumber}`) ?? null);
      return listing;
    });
  }

  /**
   * The request a campaign was accepted from (a `RequestAccepted` event in its opening block), else null; null too when
   * the node does not answer for that block (as the spec then shows unavailable).
   */
  private async fromRequest(campaignId: bigint, openedAtBlock: bigint): Promise<CampaignFromRequest | null> {
    let maintainer: string | null;
    try {
      maintainer = await this.specs.acceptedBy(campaignId, openedAtBlock);
    } catch {
      return null;
    }
    if (maintainer === null) return null;
    const block = await this.connection.provider.getBlock(Number(openedAtBlock));
    if (block === null) throw new Error(`the node returned no block ${openedAtBlock}`);
    return { requestId: campaignId, acceptedAt: BigInt(block.timestamp), maintainer };
  }

  /** Whether a campaign has a milestone plan: only the escrow's own `NoMilestones` answer means it has none. */
  private hasMilestones(campaignId: bigint): Promise<boolean> {
    return this.connection.escrow.getMilestoneProgress(campaignId).then(
      () => true,
      (error: unknown) => {
        // A network failure must not hide a campaign's milestones.
        const decoded = toOpenPledgeError(error);
        if (decoded instanceof OpenPledgeError && decoded.errorName === "NoMilestones") return false;
        throw decoded;
      },
    );
  }
}
