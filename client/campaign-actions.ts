import { ZeroHash } from "ethers";
/** A campaign's life from the signer's side: open it, pledge (ETH, approval or permit), withdraw, cancel, claim, refund. */
import type { IPledgeEscrow } from "../typechain-types/interfaces/IPledgeEscrow.js";
import { IPledgeToken__factory } from "../typechain-types/factories/interfaces/IPledgeToken__factory.js";
import { refundIn } from "./bonus.js";
import type { CampaignDetails, Campaigns } from "./campaigns.js";
import type { Connection } from "./connection.js";
import { deadlineExtendedIn, ESCROW_INTERFACE, eventArg, eventValue, hasEscrowEvent } from "./events.js";
import { signPermit } from "./permit.js";
import { claimSharesIn, type ClaimShares } from "./shares.js";
import { isLatePledge } from "./timeline.js";
import { normalizeToken, type Amount, type Tokens } from "./tokens.js";
import type { Mined, Transactions, TxResult } from "./transactions.js";

/** A milestone plan, as `openCampaign` takes it. */
export interface MilestonePlanInput {
  initialShareBps: number;
  reviewWindowSeconds: bigint;
  /** Zero for the escrow's default threshold. */
  objectionThresholdBps: number;
  milestones: Array<{ shareBps: number; due: bigint }>;
}

/** What `openCampaign` takes. */
export interface OpenCampaignInput {
  projectId: bigint;
  specURI: string;
  /**
   * The spec document's content hash (`specHashOf(document)`), so backers can tell when the document at `specURI` is
   * rewritten; omitted when the URI points at no fixed document (an issue page): the campaign then pins none.
   */
  specHash?: string;
  /** "ETH" or an ERC-20 address. */
  token: string;
  goal: Amount;
  /** Unix time of the last second for pledges (the planned deadline). */
  deadline: bigint;
  /** Length of the last call in seconds, a whole number of hours within the escrow's bounds; omitted: its default. */
  lastCallSeconds?: bigint;
  /** Claim window in seconds, a whole number of days within the escrow's bounds; omitted: its default. */
  claimWindowSeconds?: bigint;
  /** Share of every claim reserved for the builder of the work, in basis points; omitted: none. */
  builderShareBps?: bigint;
  milestones?: MilestonePlanInput;
}

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

/** How an ERC-20 pledge gets its allowance: a permit, an approval, or whichever fits ("auto"). */
export type AllowanceMode = "auto" | "permit" | "approve";

/** A move of the deadline by a last-call extension. */
export interface DeadlineMove {
  from: bigint;
  to: bigint;
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
  deadlineExtended: DeadlineMove | null;
}

/** A mined withdrawal, and whether it moved the deadline. */
export interface WithdrawalResult extends TxResult {
  /** The amount withdrawn, in base units. */
  amount: bigint;
  /** Set when the withdrawal took the total below the goal in the last call and so moved the deadline. */
  deadlineExtended: DeadlineMove | null;
}

/** A mined claim: what went to the payout address, the fee set aside, and the builder and dependency shares credited. */
export interface ClaimResult extends TxResult {
  /** What the payout address received: the gross amount less the fee and the shares. */
  amount: bigint;
  fee: bigint;
  payout: string;
  /** The builder and dependency shares the claim credited (none for a campaign without shares). */
  shares: ClaimShares;
}

/** A mined refund: what came back to the signer. */
export interface RefundResult extends TxResult {
  /** The pledge part (all of the pledge, or a rejected campaign's pro-rata share of it). */
  amount: bigint;
  /** The share of the refund bonus paid with it (`RefundedWithBonus`); 0 when none. */
  bonus: bigint;
}

/** How long a permit signed for a pledge stays valid. */
const PERMIT_LIFETIME = 3_600n;

export class CampaignActions {
  constructor(
    private readonly connection: Connection,
    private readonly tokens: Tokens,
    private readonly campaigns: Campaigns,
    private readonly transactions: Transactions,
  ) {}

  /** Opens a campaign, with a milestone plan when `milestones` is given; returns its id and recorded terms. */
  async openCampaign(input: OpenCampaignInput): Promise<OpenedCampaign> {
    const token = normalizeToken(input.token);
    const goal = await this.tokens.toBaseUnits(input.goal, token);
    const escrow = this.connection.escrowAsSigner;
    const plan = input.milestones;
    const terms: IPledgeEscrow.CampaignTermsStruct = {
      projectId: input.projectId,
      specURI: input.specURI,
      specHash: input.specHash ?? ZeroHash,
      token,
      goal,
      deadline: input.deadline,
      lastCall: input.lastCallSeconds ?? 0n,
      claimWindow: input.claimWindowSeconds ?? 0n,
      builderShareBps: input.builderShareBps ?? 0n,
    };
    const result = await this.transactions.send(
      () => (plan === undefined ? escrow.openCampaign(terms) : escrow.openCampaignWithMilestones(terms, toPlan(plan))),
      { token, action: plan === undefined ? "openCampaign" : "openCampaignWithMilestones" },
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
    const campaign = await this.campaigns.getCampaign(campaignId);
    const value = await this.tokens.toBaseUnits(amount, campaign.token.address);
    const escrow = this.connection.escrowAsSigner;
    const outcome = async (allowance: PledgeResult["allowance"], result: Mined): Promise<PledgeResult> => ({
      amount: value,
      allowance,
      ...(await this.pledgeOutcome(campaign, result)),
      ...result.tx,
    });
    if (campaign.token.native) {
      return outcome("none", await this.transactions.send(() => escrow.pledge(campaignId, { value }), { campaignId, action: "pledge" }));
    }
    const signer = this.connection.signer;
    const spender = this.connection.addresses.escrow;
    const token = IPledgeToken__factory.connect(campaign.token.address, signer);
    const allowance = await token.allowance(await signer.getAddress(), spender);
    const usePermit = mode === "permit" || (mode === "auto" && allowance < value && (await this.tokens.supportsPermit(campaign.token.address)));
    if (usePermit) {
      const permit = await signPermit(token, signer, spender, value, (await this.connection.chainTime()) + PERMIT_LIFETIME);
      const result = await this.transactions.send(
        () => escrow.pledgeWithPermit(campaignId, value, permit.deadline, permit.v, permit.r, permit.s),
        { campaignId, action: "pledgeWithPermit" },
      );
      return outcome("permit", result);
    }
    const approved = allowance < value;
    if (approved) await this.transactions.send(() => token.approve(spender, value), { campaignId });
    return outcome(
      approved ? "approved" : "existing",
      await this.transactions.send(() => escrow.pledgeToken(campaignId, value), { campaignId, action: "pledgeToken" }),
    );
  }

  /**
   * Takes back part or all of the signer's pledge while the campaign funds. `deadlineExtended` is set when the
   * withdrawal took the total below the goal in the last call and so moved the deadline.
   */
  async withdrawPledge(campaignId: bigint, amount: Amount): Promise<WithdrawalResult> {
    const campaign = await this.campaigns.getCampaign(campaignId);
    const value = await this.tokens.toBaseUnits(amount, campaign.token.address);
    const escrow = this.connection.escrowAsSigner;
    const result = await this.transactions.send(() => escrow.withdrawPledge(campaignId, value), { campaignId, action: "withdrawPledge" });
    return { ...result.tx, amount: value, deadlineExtended: deadlineExtendedIn(result.logs) };
  }

  /** Cancels a funding campaign (maintainer). */
  async cancelCampaign(campaignId: bigint): Promise<TxResult> {
    const escrow = this.connection.escrowAsSigner;
    return (await this.transactions.send(() => escrow.cancelCampaign(campaignId), { campaignId, action: "cancelCampaign" })).tx;
  }

  /** Claims what a succeeded campaign releases to the payout address (maintainer); returns amount and fee. */
  async claim(campaignId: bigint): Promise<ClaimResult> {
    const escrow = this.connection.escrowAsSigner;
    const result = await this.transactions.send(() => escrow.claim(campaignId), { campaignId, action: "claim" });
    const arg = (name: string) => eventArg(result.logs, ESCROW_INTERFACE, "CampaignClaimed", name);
    const payout = eventValue(result.logs, ESCROW_INTERFACE, "CampaignClaimed", "payout");
    return { amount: arg("amount"), fee: arg("fee"), payout: String(payout), shares: claimSharesIn(result.logs), ...result.tx };
  }

  /**
   * Refunds the signer's pledge of a failed, cancelled, lapsed or rejected campaign; returns the pledge part paid and
   * the refund bonus share that came with it (failed, cancelled and lapsed campaigns with a bonus).
   */
  async refund(campaignId: bigint): Promise<RefundResult> {
    const escrow = this.connection.escrowAsSigner;
    const result = await this.transactions.send(() => escrow.refund(campaignId), { campaignId, action: "refund" });
    return { ...refundIn(result.logs), ...result.tx };
  }

  /** What a mined pledge changed: whether it is late, whether it reached the goal and moved the deadline. */
  private async pledgeOutcome(campaign: CampaignDetails, result: Mined): Promise<Pick<PledgeResult, "late" | "goalReached" | "deadlineExtended">> {
    let late = false;
    if (campaign.hasMilestones) {
      const block = await this.connection.provider.getBlock(result.tx.blockNumber);
      late = block !== null && isLatePledge(campaign, BigInt(block.timestamp));
    }
    return { late, goalReached: hasEscrowEvent(result.logs, "GoalReached"), deadlineExtended: deadlineExtendedIn(result.logs) };
  }
}

/** A milestone plan as the escrow takes it. */
export function toPlan(plan: MilestonePlanInput): IPledgeEscrow.MilestonePlanStruct {
  return {
    initialShareBps: plan.initialShareBps,
    reviewWindow: plan.reviewWindowSeconds,
    objectionThresholdBps: plan.objectionThresholdBps,
    milestones: plan.milestones.map((milestone) => ({ shareBps: milestone.shareBps, due: milestone.due })),
  };
}
