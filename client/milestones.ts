/** Milestones: a plan's progress, objection weights, and the review (submit, object, withdraw an objection, settle). */
import { mapLimited } from "./concurrency.js";
import type { Connection } from "./connection.js";
import { withDecodedErrors } from "./errors.js";
import { ESCROW_INTERFACE, eventArg } from "./events.js";
import type { Transactions, TxResult } from "./transactions.js";

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

/** A submitted milestone: when its review ends. */
export interface SubmittedMilestone extends TxResult {
  reviewEnd: bigint;
}

export class Milestones {
  constructor(
    private readonly connection: Connection,
    private readonly transactions: Transactions,
  ) {}

  /** Milestone progress and plan of a campaign with milestones. */
  async getMilestoneProgress(campaignId: bigint): Promise<MilestoneProgress> {
    const escrow = this.connection.escrow;
    const progress = await withDecodedErrors(() => escrow.getMilestoneProgress(campaignId));
    const milestones = await Promise.all(Array.from({ length: Number(progress.count) }, (_, index) => escrow.getMilestone(campaignId, index)));
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
    return withDecodedErrors(() => this.connection.escrow.objectionWeightOf(campaignId, backer));
  }

  /** The objection weight of each of `backers`, a few requests at a time. */
  async objectionWeights(campaignId: bigint, backers: readonly string[]): Promise<Map<string, bigint>> {
    const weights = await mapLimited(backers, 8, (backer) => this.objectionWeightOf(campaignId, backer));
    return new Map(backers.map((backer, i) => [backer, weights[i] ?? 0n]));
  }

  /** Whether a backer objects to the milestone in review. */
  isObjecting(campaignId: bigint, backer: string): Promise<boolean> {
    return withDecodedErrors(() => this.connection.escrow.isObjecting(campaignId, backer));
  }

  /** Submits the current milestone's delivery (maintainer). */
  async submitMilestone(campaignId: bigint, deliveryURI: string): Promise<SubmittedMilestone> {
    const escrow = this.connection.escrowAsSigner;
    const result = await this.transactions.send(() => escrow.submitMilestone(campaignId, deliveryURI), { campaignId, action: "submitMilestone" });
    return { reviewEnd: eventArg(result.logs, ESCROW_INTERFACE, "MilestoneSubmitted", "reviewEnd"), ...result.tx };
  }

  /** Objects to the milestone in review with the signer's objection weight (pledges after the cutoff count for nothing). */
  async objectMilestone(campaignId: bigint): Promise<TxResult> {
    const escrow = this.connection.escrowAsSigner;
    return (await this.transactions.send(() => escrow.objectMilestone(campaignId), { campaignId, action: "objectMilestone" })).tx;
  }

  /** Withdraws the signer's objection. */
  async withdrawObjection(campaignId: bigint): Promise<TxResult> {
    const escrow = this.connection.escrowAsSigner;
    return (await this.transactions.send(() => escrow.withdrawObjection(campaignId), { campaignId, action: "withdrawObjection" })).tx;
  }

  /** Records a closed review window or a missed due date (anyone). */
  async settleMilestone(campaignId: bigint): Promise<TxResult> {
    const escrow = this.connection.escrowAsSigner;
    return (await this.transactions.send(() => escrow.settleMilestone(campaignId), { campaignId, action: "settleMilestone" })).tx;
  }
}
