import {
  getAddress,
  isAddress,
  toBeHex,
  zeroPadValue,
  ZeroAddress,
  type ContractTransactionResponse,
  type Log,
  type Provider,
  type Signer,
} from "ethers";

import {
  IPledgeToken__factory,
  PledgeEscrow__factory,
  ProjectRegistry__factory,
  type IPledgeEscrow,
  type PledgeEscrow,
  type ProjectRegistry,
} from "../typechain-types/index.js";
import { formatAmount, parseAmount } from "./amounts.js";
import type { OpenPledgeAddresses } from "./deployment.js";
import { OpenPledgeError, toOpenPledgeError, withDecodedErrors } from "./errors.js";
import { CAMPAIGN_STATES, type CampaignState } from "./states.js";
import { DEFAULT_PAGE_SIZE, getLogsPaged, type LogRange } from "./logs.js";
import { signPermit } from "./permit.js";
import { mapLimited } from "./concurrency.js";
import { isLatePledge } from "./timeline.js";

export { CAMPAIGN_STATES, type CampaignState } from "./states.js";

/** An amount either in base units or as a human decimal string in the token's units ("0.5"). */
export type Amount = bigint | string;

/** A pledged token: ETH or an ERC-20, with what is needed to show amounts. */
export interface TokenInfo {
  address: string;
  symbol: string;
  decimals: number;
  native: boolean;
}

/** A mined transaction. */
export interface TxResult {
  hash: string;
  blockNumber: number;
  gasUsed: bigint;
}

/** A project as stored in the registry. */
export interface ProjectDetails {
  id: bigint;
  owner: string;
  pendingOwner: string;
  payout: string;
  metadataURI: string;
  repository: string;
}

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
  specURI: string;
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
}

/** Where a campaign with milestones stands. */
export interface MilestoneProgress {
  count: bigint;
  current: bigint;
  releasedBps: bigint;
  released: bigint;
  claimed: bigint;
  reviewEnd: bigint;
  objectionWeight: bigint;
  thresholdWeight: bigint;
  reviewWindow: bigint;
  objectionThresholdBps: bigint;
  refunded: bigint;
  milestones: Array<{ shareBps: bigint; due: bigint }>;
}

/** A milestone plan, as `openCampaign` takes it. */
export interface MilestonePlanInput {
  initialShareBps: number;
  reviewWindowSeconds: bigint;
  /** Zero for the default (more than half of the total rejects). */
  objectionThresholdBps: number;
  milestones: Array<{ shareBps: number; due: bigint }>;
}

/** What `openCampaign` takes. */
export interface OpenCampaignInput {
  projectId: bigint;
  specURI: string;
  /** "ETH" or an ERC-20 address. */
  token: string;
  goal: Amount;
  /** Unix time of the last second for pledges (the planned deadline). */
  deadline: bigint;
  /** Length of the last call in seconds, a whole number of hours from 1 to 7 days; omitted: the escrow's default. */
  lastCallSeconds?: bigint;
  /** Claim window in seconds, a whole number of days from 7 to 180; omitted: the escrow's default. */
  claimWindowSeconds?: bigint;
  milestones?: MilestonePlanInput;
}

/** How an ERC-20 pledge gets its allowance: a permit, an approval, or whichever fits ("auto"). */
export type AllowanceMode = "auto" | "permit" | "approve";

/** A new campaign, with the terms the escrow recorded (its defaults applied). */
export interface OpenedCampaign extends TxResult {
  campaignId: bigint;
  /** The planned deadline. */
  deadline: bigint;
  /** Length of the last call, in seconds. */
  lastCall: bigint;
  /** Claim window, in seconds. */
  claimWindow: bigint;
  /** The protocol fee the campaign recorded, in basis points. */
  feeBps: bigint;
}

/** A mined pledge, and what it changed about the end of the campaign. */
export interface PledgeResult extends TxResult {
  /** The amount pledged, in base units. */
  amount: bigint;
  /** How an ERC-20 allowance was obtained ("none" for ETH). */
  allowance: "none" | "permit" | "approved" | "existing";
  /** True when the pledge came after the weight cutoff of a campaign with milestones: it carries no objection weight. */
  late: boolean;
  /** True when this pledge took the total to the goal. */
  goalReached: boolean;
  /** Set when the pledge reached the goal in the last call and so moved the deadline. */
  deadlineExtended: { from: bigint; to: bigint } | null;
}

/** What a mined withdrawal did besides moving money. */
export interface WithdrawalOutcome {
  /** The amount withdrawn, in base units. */
  amount: bigint;
  /** Set when the withdrawal took the total below the goal in the last call and so moved the deadline. */
  deadlineExtended: { from: bigint; to: bigint } | null;
}

/** The bounds and defaults of a campaign's terms, as the escrow defines them (seconds). */
export interface CampaignRules {
  defaultLastCall: bigint;
  minLastCall: bigint;
  maxLastCall: bigint;
  defaultClaimWindow: bigint;
  minClaimWindow: bigint;
  maxClaimWindow: bigint;
  /** Longest time from opening to the planned deadline. */
  maxDuration: bigint;
}

/** An announced protocol fee that has not taken effect yet. */
export interface PendingFee {
  /** The announced fee, in basis points. */
  feeBps: bigint;
  /** First second at which new campaigns record it. */
  effectiveAt: bigint;
}

/** The protocol's roles and fee. */
export interface ProtocolStatus {
  owner: string;
  /** Nominated owner who has not accepted yet (zero address: none). */
  pendingOwner: string;
  guardian: string;
  feeRecipient: string;
  paused: boolean;
  /** The fee a campaign opened now records, in basis points. */
  feeBps: bigint;
  pendingFee: PendingFee | null;
  /** Time between announcing a fee and its taking effect, in seconds. */
  feeChangeDelay: bigint;
  maxFeeBps: bigint;
  campaignCount: bigint;
}

/** A fee change the owner announced. */
export interface ScheduledFee extends TxResult {
  /** The fee new campaigns record until `effectiveAt`, in basis points. */
  currentFeeBps: bigint;
  newFeeBps: bigint;
  effectiveAt: bigint;
}

/** What a failed call was about, so that its error can be told in the token's units and the campaign's dates. */
interface ErrorSubject {
  campaignId?: bigint;
  token?: string;
}

/** A project as its registry events describe it: registered, then changed. */
export interface ProjectListing {
  id: bigint;
  owner: string;
  payout: string;
  metadataURI: string;
  repository: string;
  blockNumber: number;
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
  specURI: string;
  lastCall: bigint;
  claimWindow: bigint;
  blockNumber: number;
}

/** One event of a campaign's history, decoded. */
export interface CampaignEvent {
  name: string;
  args: Record<string, unknown>;
  blockNumber: number;
  transactionHash: string;
  logIndex: number;
}

/** A backer's standing in a campaign, from the events. */
export interface BackerStanding {
  backer: string;
  /** Their pledge now (zero after a refund or a full withdrawal). */
  pledged: bigint;
  /** Everything they ever pledged. */
  contributed: bigint;
  refunded: bigint;
}

const ESCROW_INTERFACE = PledgeEscrow__factory.createInterface();

/** The name of an event the escrow emits. */
export type EscrowEventName = Parameters<typeof ESCROW_INTERFACE.getEvent>[0];
const REGISTRY_INTERFACE = ProjectRegistry__factory.createInterface();
const CAMPAIGN_EVENTS = [
  "CampaignOpened",
  "GoalReached",
  "DeadlineExtended",
  "MilestonePlanSet",
  "Pledged",
  "PledgeWithdrawn",
  "CampaignCancelled",
  "CampaignClaimed",
  "Refunded",
  "MilestoneSubmitted",
  "MilestoneObjected",
  "ObjectionWithdrawn",
  "MilestoneAccepted",
  "MilestoneRejected",
] as const;

/**
 * A typed client of one OpenPledge deployment: every user action and view, amounts in base units or in the token's
 * units, reverts rethrown as `OpenPledgeError`, and history read from events page by page.
 */
export class OpenPledgeClient {
  readonly registry: ProjectRegistry;
  readonly escrow: PledgeEscrow;
  private readonly tokens = new Map<string, Promise<TokenInfo>>();
  private rules: Promise<CampaignRules> | undefined;

  constructor(
    readonly addresses: OpenPledgeAddresses,
    private readonly runner: Signer | Provider,
    private readonly paging: { pageSize?: number } = {},
  ) {
    this.registry = ProjectRegistry__factory.connect(addresses.registry, runner);
    this.escrow = PledgeEscrow__factory.connect(addresses.escrow, runner);
  }

  /** The provider behind the runner. */
  get provider(): Provider {
    const provider = "provider" in this.runner && this.runner.provider !== null ? this.runner.provider : this.runner;
    if (!("getBlockNumber" in provider)) throw new Error("the client's runner has no provider");
    return provider as Provider;
  }

  /** The signer that sends transactions; throws for a read-only client. */
  get signer(): Signer {
    if (!("signTransaction" in this.runner)) throw new Error("this client is read-only: connect it with a signer");
    return this.runner as Signer;
  }

  /** The signing account's address. */
  account(): Promise<string> {
    return this.signer.getAddress();
  }

  // ------------------------------------------------------------------ tokens and amounts

  /** ETH ("ETH" or the zero address) or an ERC-20's symbol and decimals, cached. */
  token(ref: string): Promise<TokenInfo> {
    const address = normalizeToken(ref);
    let info = this.tokens.get(address);
    if (info === undefined) {
      info = this.readToken(address);
      this.tokens.set(address, info);
    }
    return info;
  }

  /** An amount in base units: a bigint as it is, a string read in the token's units. */
  async toBaseUnits(amount: Amount, tokenRef: string): Promise<bigint> {
    if (typeof amount === "bigint") return amount;
    return parseAmount(amount, (await this.token(tokenRef)).decimals);
  }

  /** Base units written in the token's units, with its symbol ("1.5 ETH"). */
  async format(value: bigint, tokenRef: string): Promise<string> {
    const info = await this.token(tokenRef);
    return `${formatAmount(value, info.decimals)} ${info.symbol}`;
  }

  // ------------------------------------------------------------------ projects

  /** Registers a project owned by the signer; returns its id. */
  async registerProject(input: { metadataURI: string; repository?: string; payout: string }) {
    const result = await this.send(() =>
      this.registry.connect(this.signer).registerProject(input.metadataURI, input.repository ?? "", input.payout),
    );
    const projectId = eventArg(result.logs, REGISTRY_INTERFACE, "ProjectRegistered", "projectId");
    return { projectId, ...result.tx };
  }

  /** Adds a maintainer (owner only). */
  async addMaintainer(projectId: bigint, account: string): Promise<TxResult> {
    return (await this.send(() => this.registry.connect(this.signer).addMaintainer(projectId, account))).tx;
  }

  /** Removes a maintainer (owner only). */
  async removeMaintainer(projectId: bigint, account: string): Promise<TxResult> {
    return (await this.send(() => this.registry.connect(this.signer).removeMaintainer(projectId, account))).tx;
  }

  /** Sets the payout address (owner only). */
  async setPayoutAddress(projectId: bigint, payout: string): Promise<TxResult> {
    return (await this.send(() => this.registry.connect(this.signer).setPayoutAddress(projectId, payout))).tx;
  }

  /** Replaces metadata URI and repository (owner only). */
  async setProjectMetadata(projectId: bigint, metadataURI: string, repository: string): Promise<TxResult> {
    return (await this.send(() => this.registry.connect(this.signer).setProjectMetadata(projectId, metadataURI, repository)))
      .tx;
  }

  /** Nominates a new owner (owner only); the nominee then calls `acceptProjectOwnership`. */
  async transferProjectOwnership(projectId: bigint, newOwner: string): Promise<TxResult> {
    return (await this.send(() => this.registry.connect(this.signer).transferProjectOwnership(projectId, newOwner))).tx;
  }

  /** Accepts a nomination as owner. */
  async acceptProjectOwnership(projectId: bigint): Promise<TxResult> {
    return (await this.send(() => this.registry.connect(this.signer).acceptProjectOwnership(projectId))).tx;
  }

  /** A project's record. */
  async getProject(projectId: bigint): Promise<ProjectDetails> {
    const project = await withDecodedErrors(() => this.registry.getProject(projectId));
    return {
      id: projectId,
      owner: project.owner,
      pendingOwner: project.pendingOwner,
      payout: project.payout,
      metadataURI: project.metadataURI,
      repository: project.repository,
    };
  }

  /** Whether an account maintains a project. */
  isMaintainer(projectId: bigint, account: string): Promise<boolean> {
    return withDecodedErrors(() => this.registry.isMaintainer(projectId, account));
  }

  // ------------------------------------------------------------------ campaigns

  /** Opens a campaign, with a milestone plan when `milestones` is given; returns its id and recorded terms. */
  async openCampaign(input: OpenCampaignInput): Promise<OpenedCampaign> {
    const token = normalizeToken(input.token);
    const goal = await this.toBaseUnits(input.goal, token);
    const escrow = this.escrow.connect(this.signer);
    const plan = input.milestones;
    const terms = {
      projectId: input.projectId,
      specURI: input.specURI,
      token,
      goal,
      deadline: input.deadline,
      lastCall: input.lastCallSeconds ?? 0n,
      claimWindow: input.claimWindowSeconds ?? 0n,
    };
    const result = await this.send(
      () => (plan === undefined ? escrow.openCampaign(terms) : escrow.openCampaignWithMilestones(terms, toPlan(plan))),
      { token },
    );
    const arg = (name: string) => eventArg(result.logs, ESCROW_INTERFACE, "CampaignOpened", name);
    return {
      campaignId: arg("campaignId"),
      deadline: arg("deadline"),
      lastCall: arg("lastCall"),
      claimWindow: arg("claimWindow"),
      feeBps: arg("feeBps"),
      ...result.tx,
    };
  }

  /**
   * Pledges to a campaign from the signer. ETH is sent with the call; an ERC-20 is pulled after a permit or an
   * approval, only when the allowance in place does not already cover the amount ("auto" prefers a permit when the
   * token supports EIP-2612 with an EIP-5267 domain). The result tells whether the pledge carries no objection weight
   * (late) and whether it reached the goal and moved the deadline.
   */
  async pledge(campaignId: bigint, amount: Amount, mode: AllowanceMode = "auto"): Promise<PledgeResult> {
    const campaign = await this.getCampaign(campaignId);
    const value = await this.toBaseUnits(amount, campaign.token.address);
    const escrow = this.escrow.connect(this.signer);
    const about = { campaignId };
    const outcome = async (allowance: PledgeResult["allowance"], result: { tx: TxResult; logs: readonly Log[] }) => ({
      amount: value,
      allowance,
      ...(await this.pledgeOutcome(campaign, result)),
      ...result.tx,
    });
    if (campaign.token.native) return outcome("none", await this.send(() => escrow.pledge(campaignId, { value }), about));
    const owner = await this.account();
    const token = IPledgeToken__factory.connect(campaign.token.address, this.signer);
    const allowance = await token.allowance(owner, this.addresses.escrow);
    const usePermit = mode === "permit" || (mode === "auto" && allowance < value && (await this.supportsPermit(token.target as string)));
    if (usePermit) {
      const latest = await this.provider.getBlock("latest");
      const deadline = BigInt(latest?.timestamp ?? Math.floor(Date.now() / 1000)) + 3600n;
      const permit = await signPermit(token, this.signer, this.addresses.escrow, value, deadline);
      const result = await this.send(
        () => escrow.pledgeWithPermit(campaignId, value, permit.deadline, permit.v, permit.r, permit.s),
        about,
      );
      return outcome("permit", result);
    }
    const approved = allowance < value;
    if (approved) await this.send(() => token.approve(this.addresses.escrow, value), about);
    return outcome(approved ? "approved" : "existing", await this.send(() => escrow.pledgeToken(campaignId, value), about));
  }

  /** Takes back part or all of the signer's pledge while the campaign is funding. */
  /**
   * Takes back part or all of the signer's pledge while the campaign funds. `deadlineExtended` is set when the
   * withdrawal took the total below the goal in the last call and so moved the deadline.
   */
  async withdrawPledge(campaignId: bigint, amount: Amount): Promise<TxResult & WithdrawalOutcome> {
    const campaign = await this.getCampaign(campaignId);
    const value = await this.toBaseUnits(amount, campaign.token.address);
    const result = await this.send(() => this.escrow.connect(this.signer).withdrawPledge(campaignId, value), { campaignId });
    return { ...result.tx, amount: value, deadlineExtended: deadlineExtendedIn(result.logs) };
  }

  /** Cancels a funding campaign (maintainer). */
  async cancelCampaign(campaignId: bigint): Promise<TxResult> {
    return (await this.send(() => this.escrow.connect(this.signer).cancelCampaign(campaignId), { campaignId })).tx;
  }

  /** Claims what a succeeded campaign releases to the payout address (maintainer); returns amount and fee. */
  async claim(campaignId: bigint) {
    const result = await this.send(() => this.escrow.connect(this.signer).claim(campaignId), { campaignId });
    const amount = eventArg(result.logs, ESCROW_INTERFACE, "CampaignClaimed", "amount");
    const fee = eventArg(result.logs, ESCROW_INTERFACE, "CampaignClaimed", "fee");
    const payout = eventValue(result.logs, ESCROW_INTERFACE, "CampaignClaimed", "payout");
    return { amount, fee, payout: String(payout), ...result.tx };
  }

  /** Refunds the signer's pledge of a failed, cancelled, lapsed or rejected campaign; returns the amount paid. */
  async refund(campaignId: bigint) {
    const result = await this.send(() => this.escrow.connect(this.signer).refund(campaignId), { campaignId });
    const amount = eventArg(result.logs, ESCROW_INTERFACE, "Refunded", "amount");
    return { amount, ...result.tx };
  }

  /** Submits the current milestone's delivery (maintainer). */
  async submitMilestone(campaignId: bigint, deliveryURI: string) {
    const result = await this.send(() => this.escrow.connect(this.signer).submitMilestone(campaignId, deliveryURI), { campaignId });
    const reviewEnd = eventArg(result.logs, ESCROW_INTERFACE, "MilestoneSubmitted", "reviewEnd");
    return { reviewEnd, ...result.tx };
  }

  /** Objects to the milestone in review with the signer's objection weight (pledges made after the cutoff count for nothing). */
  async objectMilestone(campaignId: bigint): Promise<TxResult> {
    return (await this.send(() => this.escrow.connect(this.signer).objectMilestone(campaignId), { campaignId })).tx;
  }

  /** Withdraws the signer's objection. */
  async withdrawObjection(campaignId: bigint): Promise<TxResult> {
    return (await this.send(() => this.escrow.connect(this.signer).withdrawObjection(campaignId), { campaignId })).tx;
  }

  /** Records a closed review window or a missed due date (anyone). */
  async settleMilestone(campaignId: bigint): Promise<TxResult> {
    return (await this.send(() => this.escrow.connect(this.signer).settleMilestone(campaignId), { campaignId })).tx;
  }

  // ------------------------------------------------------------------ protocol

  /**
   * Announces a protocol fee (owner only): campaigns opened from `effectiveAt` on record it, those opened before keep
   * theirs. A change announced earlier that has not taken effect is replaced.
   */
  async setFee(feeBps: number): Promise<ScheduledFee> {
    const result = await this.send(() => this.escrow.connect(this.signer).setFee(feeBps));
    const arg = (name: string) => eventArg(result.logs, ESCROW_INTERFACE, "FeeChangeScheduled", name);
    return { currentFeeBps: arg("currentFeeBps"), newFeeBps: arg("newFeeBps"), effectiveAt: arg("effectiveAt"), ...result.tx };
  }

  /** The protocol's roles, its fee now and any announced change. */
  async protocolStatus(): Promise<ProtocolStatus> {
    const escrow = this.escrow;
    const [owner, pendingOwner, guardian, feeRecipient, paused, feeBps, pending, feeChangeDelay, maxFeeBps, campaignCount] =
      await Promise.all([
        escrow.owner(),
        escrow.pendingOwner(),
        escrow.guardian(),
        escrow.feeRecipient(),
        escrow.paused(),
        escrow.feeBps(),
        escrow.pendingFee(),
        escrow.FEE_CHANGE_DELAY(),
        escrow.MAX_FEE_BPS(),
        escrow.campaignCount(),
      ]);
    return {
      owner,
      pendingOwner,
      guardian,
      feeRecipient,
      paused,
      feeBps,
      pendingFee: pending.effectiveAt === 0n ? null : { feeBps: pending.newFeeBps, effectiveAt: pending.effectiveAt },
      feeChangeDelay,
      maxFeeBps,
      campaignCount,
    };
  }

  /** The bounds and defaults of a new campaign's last call, claim window and duration (constants of the escrow). */
  campaignRules(): Promise<CampaignRules> {
    this.rules ??= (async () => {
      const escrow = this.escrow;
      const [defaultLastCall, minLastCall, maxLastCall, defaultClaimWindow, minClaimWindow, maxClaimWindow, maxDuration] =
        await Promise.all([
          escrow.DEFAULT_LAST_CALL(),
          escrow.MIN_LAST_CALL(),
          escrow.MAX_LAST_CALL(),
          escrow.DEFAULT_CLAIM_WINDOW(),
          escrow.MIN_CLAIM_WINDOW(),
          escrow.MAX_CLAIM_WINDOW(),
          escrow.MAX_DURATION(),
        ]);
      return { defaultLastCall, minLastCall, maxLastCall, defaultClaimWindow, minClaimWindow, maxClaimWindow, maxDuration };
    })();
    return this.rules;
  }

  /** The latest block's time, in unix seconds: "now" as the escrow sees it. */
  async chainTime(): Promise<bigint> {
    const latest = await this.provider.getBlock("latest");
    if (latest === null) throw new Error("the node returned no latest block");
    return BigInt(latest.timestamp);
  }

  /** A campaign's terms, totals and state. */
  async getCampaign(campaignId: bigint): Promise<CampaignDetails> {
    const campaign = await withDecodedErrors(() => this.escrow.getCampaign(campaignId));
    const token = await this.token(campaign.token);
    const hasMilestones = await this.escrow.getMilestoneProgress(campaignId).then(
      () => true,
      (error: unknown) => {
        // Only the escrow's own answer means "no plan"; a network failure must not hide a campaign's milestones.
        const decoded = toOpenPledgeError(error);
        if (decoded instanceof OpenPledgeError && decoded.errorName === "NoMilestones") return false;
        throw decoded;
      },
    );
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
      state: stateName(campaign.state),
      specURI: campaign.specURI,
      hasMilestones,
      plannedDeadline: campaign.plannedDeadline,
      lastCall: campaign.lastCall,
      claimWindow: campaign.claimWindow,
      weightCutoff: campaign.plannedDeadline - 2n * campaign.lastCall,
      goalReachedAt: campaign.goalReachedAt,
      latestDeadline: campaign.plannedDeadline + 2n * campaign.lastCall,
    };
  }

  /** Milestone progress and plan of a campaign with milestones. */
  async getMilestoneProgress(campaignId: bigint): Promise<MilestoneProgress> {
    const progress = await withDecodedErrors(() => this.escrow.getMilestoneProgress(campaignId));
    const milestones = await Promise.all(
      Array.from({ length: Number(progress.count) }, (_, index) => this.escrow.getMilestone(campaignId, index)),
    );
    return {
      count: progress.count,
      current: progress.current,
      releasedBps: progress.releasedBps,
      released: progress.released,
      claimed: progress.claimed,
      reviewEnd: progress.reviewEnd,
      objectionWeight: progress.objectionWeight,
      thresholdWeight: progress.thresholdWeight,
      reviewWindow: progress.reviewWindow,
      objectionThresholdBps: progress.objectionThresholdBps,
      refunded: progress.refunded,
      milestones: milestones.map((milestone) => ({ shareBps: milestone.shareBps, due: milestone.due })),
    };
  }

  /** A backer's objection weight: their pledge less what they pledged after the weight cutoff. */
  objectionWeightOf(campaignId: bigint, backer: string): Promise<bigint> {
    return withDecodedErrors(() => this.escrow.objectionWeightOf(campaignId, backer));
  }

  /** The objection weight of each of `backers`, a few requests at a time. */
  async objectionWeights(campaignId: bigint, backers: readonly string[]): Promise<Map<string, bigint>> {
    const weights = await mapLimited(backers, 8, (backer) => this.objectionWeightOf(campaignId, backer));
    return new Map(backers.map((backer, i) => [backer, weights[i] ?? 0n]));
  }

  /** A backer's current pledge. */
  pledgeOf(campaignId: bigint, backer: string): Promise<bigint> {
    return withDecodedErrors(() => this.escrow.pledgeOf(campaignId, backer));
  }

  // ------------------------------------------------------------------ history from events

  /** Every registered project as it stands now: `ProjectRegistered` events with every later change applied. */
  async listProjects(range: LogRange = {}): Promise<ProjectListing[]> {
    const names = ["ProjectRegistered", "ProjectOwnershipTransferred", "PayoutAddressChanged", "ProjectMetadataChanged"] as const;
    const topics = names.map((name) => REGISTRY_INTERFACE.getEvent(name).topicHash);
    const projects = new Map<bigint, ProjectListing>();
    for (const log of await this.logs(this.addresses.registry, [topics], range)) {
      const parsed = REGISTRY_INTERFACE.parseLog(log);
      if (parsed === null) throw new Error(`undecodable registry log in ${log.transactionHash}`);
      const id = parsed.args.projectId as bigint;
      if (parsed.name === "ProjectRegistered") {
        projects.set(id, {
          id,
          owner: parsed.args.owner as string,
          payout: parsed.args.payout as string,
          metadataURI: parsed.args.metadataURI as string,
          repository: parsed.args.repository as string,
          blockNumber: log.blockNumber,
        });
        continue;
      }
      const project = projects.get(id);
      if (project === undefined) continue;
      if (parsed.name === "ProjectOwnershipTransferred") project.owner = parsed.args.newOwner as string;
      else if (parsed.name === "PayoutAddressChanged") project.payout = parsed.args.payout as string;
      else {
        project.metadataURI = parsed.args.metadataURI as string;
        project.repository = parsed.args.repository as string;
      }
    }
    return [...projects.values()];
  }

  /** Every campaign, or a project's, from `CampaignOpened` events. */
  async listCampaigns(filter: { projectId?: bigint } = {}, range: LogRange = {}): Promise<CampaignListing[]> {
    const topic = ESCROW_INTERFACE.getEvent("CampaignOpened").topicHash;
    const projectTopic = filter.projectId === undefined ? null : zeroPadValue(toBeHex(filter.projectId), 32);
    const logs = await this.logs(this.addresses.escrow, [topic, null, projectTopic], range);
    return logs.map((log) => {
      const args = decodeEscrowLog(log).args;
      return {
        id: args.campaignId as bigint,
        projectId: args.projectId as bigint,
        creator: args.creator as string,
        token: args.token as string,
        goal: args.goal as bigint,
        deadline: args.deadline as bigint,
        feeBps: args.feeBps as bigint,
        specURI: args.specURI as string,
        lastCall: args.lastCall as bigint,
        claimWindow: args.claimWindow as bigint,
        blockNumber: log.blockNumber,
      };
    });
  }

  /** Every event of one campaign, oldest first: opening, pledges, withdrawals, the goal, milestones, claims, refunds. */
  campaignHistory(campaignId: bigint, range: LogRange = {}): Promise<CampaignEvent[]> {
    return this.escrowEvents(CAMPAIGN_EVENTS, range, campaignId);
  }

  /**
   * The escrow's events of the given names, decoded, oldest first, read page by page from the deployment block (or
   * `range`); only one campaign's when `campaignId` is given (events whose first indexed argument is the campaign).
   */
  async escrowEvents(names: readonly EscrowEventName[], range: LogRange = {}, campaignId?: bigint): Promise<CampaignEvent[]> {
    const topics = names.map((name) => ESCROW_INTERFACE.getEvent(name).topicHash);
    const campaignTopic = campaignId === undefined ? [] : [zeroPadValue(toBeHex(campaignId), 32)];
    const logs = await this.logs(this.addresses.escrow, [topics, ...campaignTopic], range);
    return logs.map((log) => {
      const parsed = decodeEscrowLog(log);
      return {
        name: parsed.name,
        args: parsed.args,
        blockNumber: log.blockNumber,
        transactionHash: log.transactionHash,
        logIndex: log.index,
      };
    });
  }

  /** Every backer of a campaign with their standing, from its events, in order of first pledge. */
  async campaignBackers(campaignId: bigint, range: LogRange = {}): Promise<BackerStanding[]> {
    const backers = new Map<string, BackerStanding>();
    const standing = (backer: string): BackerStanding => {
      let entry = backers.get(backer);
      if (entry === undefined) {
        entry = { backer, pledged: 0n, contributed: 0n, refunded: 0n };
        backers.set(backer, entry);
      }
      return entry;
    };
    for (const event of await this.campaignHistory(campaignId, range)) {
      const backer = event.args.backer;
      if (typeof backer !== "string") continue;
      if (event.name === "Pledged") {
        const entry = standing(backer);
        entry.pledged = event.args.backerTotal as bigint;
        entry.contributed += event.args.amount as bigint;
      } else if (event.name === "PledgeWithdrawn") {
        standing(backer).pledged = event.args.backerTotal as bigint;
      } else if (event.name === "Refunded") {
        const entry = standing(backer);
        entry.pledged = 0n;
        entry.refunded += event.args.amount as bigint;
      }
    }
    return [...backers.values()];
  }

  // ------------------------------------------------------------------ internals

  private async readToken(address: string): Promise<TokenInfo> {
    if (address === ZeroAddress) return { address, symbol: "ETH", decimals: 18, native: true };
    const token = IPledgeToken__factory.connect(address, this.runner);
    const [symbol, decimals] = await Promise.all([token.symbol(), token.decimals()]);
    return { address, symbol, decimals: Number(decimals), native: false };
  }

  private async supportsPermit(address: string): Promise<boolean> {
    const token = IPledgeToken__factory.connect(address, this.runner);
    try {
      await Promise.all([token.eip712Domain(), token.nonces(ZeroAddress)]);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Sends, waits for the receipt, and keeps only the escrow's logs (a token's logs may share an event's shape). A
   * revert is rethrown as an `OpenPledgeError` told with what the call was about: the campaign's token and dates.
   */
  private async send(
    sent: () => Promise<ContractTransactionResponse>,
    about: ErrorSubject = {},
  ): Promise<{ tx: TxResult; logs: readonly Log[] }> {
    try {
      return await withDecodedErrors(async () => {
        const receipt = await (await sent()).wait();
        if (receipt === null) throw new Error("transaction was dropped");
        const ours = new Set([this.addresses.escrow.toLowerCase(), this.addresses.registry.toLowerCase()]);
        return {
          tx: { hash: receipt.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed },
          logs: receipt.logs.filter((log) => ours.has(log.address.toLowerCase())),
        };
      });
    } catch (error) {
      throw error instanceof OpenPledgeError ? await this.explain(error, about) : error;
    }
  }

  /** The error with the context that makes it plain: the campaign (as it stands now) and its token, when known. */
  private async explain(error: OpenPledgeError, about: ErrorSubject): Promise<OpenPledgeError> {
    const named = error.args.campaignId;
    const campaignId = about.campaignId ?? (typeof named === "bigint" ? named : undefined);
    const campaign = campaignId === undefined ? undefined : await this.getCampaign(campaignId).catch(() => undefined);
    const token = campaign?.token ?? (about.token === undefined ? undefined : await this.token(about.token).catch(() => undefined));
    return error.withContext({
      amount: token === undefined ? undefined : (value) => `${formatAmount(value, token.decimals)} ${token.symbol}`,
      campaign,
      contracts: { escrow: this.addresses.escrow, registry: this.addresses.registry },
    });
  }

  /** What a mined pledge changed: whether it is late, whether it reached the goal and moved the deadline. */
  private async pledgeOutcome(
    campaign: CampaignDetails,
    result: { tx: TxResult; logs: readonly Log[] },
  ): Promise<Pick<PledgeResult, "late" | "goalReached" | "deadlineExtended">> {
    const events = result.logs.map((log) => ESCROW_INTERFACE.parseLog(log)).filter((parsed) => parsed !== null);
    let late = false;
    if (campaign.hasMilestones) {
      const block = await this.provider.getBlock(result.tx.blockNumber);
      late = block !== null && isLatePledge(campaign, BigInt(block.timestamp));
    }
    return {
      late,
      goalReached: events.some((parsed) => parsed.name === "GoalReached"),
      deadlineExtended: deadlineExtendedIn(result.logs),
    };
  }

  private async logs(address: string, topics: Array<string | string[] | null>, range: LogRange): Promise<Log[]> {
    const fromBlock = range.fromBlock ?? this.addresses.deploymentBlock ?? 0;
    const toBlock = range.toBlock ?? (await this.provider.getBlockNumber());
    const pageSize = range.pageSize ?? this.paging.pageSize ?? DEFAULT_PAGE_SIZE;
    return getLogsPaged(this.provider, { address, topics }, fromBlock, toBlock, pageSize);
  }
}

/** "ETH", the zero address or an ERC-20 address, as a checksummed address (zero for ETH). */
export function normalizeToken(ref: string): string {
  if (ref.toUpperCase() === "ETH") return ZeroAddress;
  if (!isAddress(ref)) throw new Error(`"${ref}" is neither ETH nor a token address`);
  return getAddress(ref);
}

function stateName(value: bigint): CampaignState {
  const name = CAMPAIGN_STATES[Number(value)];
  if (name === undefined) throw new Error(`unknown campaign state ${value}`);
  return name;
}

function toPlan(plan: MilestonePlanInput): IPledgeEscrow.MilestonePlanStruct {
  return {
    initialShareBps: plan.initialShareBps,
    reviewWindow: plan.reviewWindowSeconds,
    objectionThresholdBps: plan.objectionThresholdBps,
    milestones: plan.milestones.map((milestone) => ({ shareBps: milestone.shareBps, due: milestone.due })),
  };
}

function decodeEscrowLog(log: Log): { name: string; args: Record<string, unknown> } {
  const parsed = ESCROW_INTERFACE.parseLog(log);
  if (parsed === null) throw new Error(`undecodable escrow log in ${log.transactionHash}`);
  const args: Record<string, unknown> = {};
  parsed.fragment.inputs.forEach((input, i) => {
    args[input.name] = parsed.args[i];
  });
  return { name: parsed.name, args };
}

type ContractInterface = typeof ESCROW_INTERFACE | typeof REGISTRY_INTERFACE;

function eventValue(logs: readonly Log[], contractInterface: ContractInterface, event: string, arg: string): unknown {
  for (const log of logs) {
    let parsed;
    try {
      parsed = contractInterface.parseLog(log);
    } catch {
      parsed = null;
    }
    if (parsed?.name === event) return parsed.args.getValue(arg);
  }
  throw new Error(`no ${event} event in the receipt`);
}

function eventArg(logs: readonly Log[], contractInterface: ContractInterface, event: string, arg: string): bigint {
  const value = eventValue(logs, contractInterface, event, arg);
  if (typeof value !== "bigint") throw new Error(`${event}.${arg} is not a number`);
  return value;
}

/** The deadline move a transaction's `DeadlineExtended` event records, if any. */
function deadlineExtendedIn(logs: readonly Log[]): { from: bigint; to: bigint } | null {
  for (const log of logs) {
    const parsed = ESCROW_INTERFACE.parseLog(log);
    if (parsed?.name === "DeadlineExtended") {
      return { from: parsed.args.previousDeadline as bigint, to: parsed.args.newDeadline as bigint };
    }
  }
  return null;
}
