/**
 * What time alone decides, worked out from a campaign's row at a given chain time: the escrow's own rules
 * (`Campaigns.stateOf`, `Milestones.outcome` / `currentState` / `released` / `refundAfterRejection`, the
 * `getMilestoneProgress` view), mirrored line by line so that an answer equals what the chain's views would say at a
 * block with that time. The tests compare both, field by field, at several chain times.
 */
import type { campaign, milestone } from "ponder:schema";

import type {
  IndexedCampaignState,
  IndexedMilestone,
  IndexedMilestoneProgress,
} from "../../../client/indexer-api.ts";

const BPS = 10_000n;

export type CampaignRow = typeof campaign.$inferSelect;
export type MilestoneRow = typeof milestone.$inferSelect;

/** `Campaigns.stateOf`: the state from the recorded status, the deadline and the claim window. */
export function baseState(row: CampaignRow, now: bigint): IndexedCampaignState {
  if (row.status === "cancelled") return "Cancelled";
  if (row.status === "claimed") return "Claimed";
  if (row.status === "rejected") return "Rejected";
  if (now <= row.deadline) return "Funding";
  if (row.pledged < row.goal) return "Failed";
  if (row.milestoneCount === 0 && now > row.deadline + row.claimWindow) return "Lapsed";
  return "Succeeded";
}

type Outcome = "none" | "accept" | "reject-by-objection" | "reject-overdue";

/** `Milestones.outcome`: what time has decided about the current milestone and nobody has recorded yet. */
export function outcome(row: CampaignRow, plan: readonly MilestoneRow[], now: bigint): { decided: Outcome; index: number } {
  if (baseState(row, now) !== "Succeeded" || row.milestoneCount === 0) return { decided: "none", index: 0 };
  const index = row.currentMilestone;
  if (index === row.milestoneCount) return { decided: "none", index };
  if (row.reviewEnd !== 0n) {
    if (now <= row.reviewEnd) return { decided: "none", index };
    const weightTotal = row.pledged - row.lateTotal;
    const rejected = row.objectionWeight * BPS > weightTotal * BigInt(row.thresholdBps);
    return { decided: rejected ? "reject-by-objection" : "accept", index };
  }
  if (now > dueOf(plan, index)) return { decided: "reject-overdue", index };
  return { decided: "none", index };
}

function dueOf(plan: readonly MilestoneRow[], index: number): bigint {
  const found = plan.find((item) => item.index === index);
  if (found === undefined) throw new Error(`milestone ${index} of a plan is missing from the tables`);
  return found.due;
}

/** `Milestones.currentState` (what `campaignState` answers): the state with every pending milestone decision applied. */
export function stateAt(row: CampaignRow, plan: readonly MilestoneRow[], now: bigint): IndexedCampaignState {
  const current = baseState(row, now);
  if (current !== "Succeeded" || row.milestoneCount === 0) return current;
  const { decided, index } = outcome(row, plan, now);
  if (decided === "reject-by-objection" || decided === "reject-overdue") return "Rejected";
  if (decided === "accept" && index + 1 < row.milestoneCount && now > dueOf(plan, index + 1)) return "Rejected";
  return current;
}

/** The progress as `settle` would leave it now: released share, status, current milestone. */
export function settled(row: CampaignRow, plan: readonly MilestoneRow[], now: bigint): { releasedBps: bigint; rejected: boolean; current: number } {
  let releasedBps = BigInt(row.releasedBps);
  let current = row.currentMilestone;
  let { decided, index } = outcome(row, plan, now);
  if (decided === "accept") {
    releasedBps += BigInt(plan.find((item) => item.index === index)?.shareBps ?? 0);
    current = index + 1;
    // After an acceptance the next milestone is judged from scratch: not in review, due or not.
    decided = current < row.milestoneCount && now > dueOf(plan, current) ? "reject-overdue" : "none";
  }
  const rejected = row.status === "rejected" || decided === "reject-by-objection" || decided === "reject-overdue";
  return { releasedBps, rejected, current };
}

/** `Milestones.released` after settling: what has been released to the project, fees included. */
export function releasedAt(row: CampaignRow, plan: readonly MilestoneRow[], now: bigint): bigint {
  const after = settled(row, plan, now);
  if (after.rejected && row.refundedWeight === row.pledged) return row.pledged - row.refundedPaid;
  return (row.pledged * after.releasedBps) / BPS;
}

/** `getMilestoneProgress` at `now`, and each milestone's standing. */
export function progressAt(row: CampaignRow, plan: readonly MilestoneRow[], now: bigint): IndexedMilestoneProgress {
  const { decided, index } = outcome(row, plan, now);
  let current = row.currentMilestone;
  let releasedBps = BigInt(row.releasedBps);
  let reviewEnd = row.reviewEnd;
  let objectionWeight = row.objectionWeight;
  if (decided === "accept") {
    current = index + 1;
    releasedBps += BigInt(plan.find((item) => item.index === index)?.shareBps ?? 0);
    reviewEnd = 0n;
    objectionWeight = 0n;
  }
  const base = baseState(row, now);
  let shownBps = 0n;
  let released = 0n;
  if (base === "Succeeded" || base === "Claimed" || base === "Rejected") {
    shownBps = releasedBps;
    released = row.status === "rejected" && row.refundedWeight === row.pledged ? row.pledged - row.refundedPaid : (row.pledged * releasedBps) / BPS;
  }
  const milestones: IndexedMilestone[] = [...plan]
    .sort((a, b) => a.index - b.index)
    .map((item) => ({
      index: item.index,
      shareBps: item.shareBps,
      due: item.due.toString(),
      deliveryURI: item.deliveryURI ?? null,
      submittedAt: item.submittedAt?.toString() ?? null,
      reviewEnd: item.reviewEnd?.toString() ?? null,
      status: milestoneStatus(row, item, now, base),
    }));
  return {
    count: row.milestoneCount,
    current,
    initialShareBps: row.initialShareBps,
    releasedBps: Number(shownBps),
    released: released.toString(),
    claimed: row.claimed.toString(),
    reviewEnd: reviewEnd.toString(),
    objectionWeight: objectionWeight.toString(),
    thresholdWeight: (((row.pledged - row.lateTotal) * BigInt(row.thresholdBps)) / BPS).toString(),
    reviewWindow: row.reviewWindow.toString(),
    objectionThresholdBps: row.thresholdBps,
    refunded: row.refundedPaid.toString(),
    milestones,
  };
}

function milestoneStatus(row: CampaignRow, item: MilestoneRow, now: bigint, base: IndexedCampaignState): IndexedMilestone["status"] {
  if (item.outcome === "accepted") return "accepted";
  if (item.outcome === "rejected") return "rejected";
  if (item.index !== row.currentMilestone || base !== "Succeeded") return "pending";
  if (row.reviewEnd !== 0n) return now <= row.reviewEnd ? "in-review" : "settleable";
  return now > item.due ? "overdue" : "pending";
}

/** What `refund` would pay a backer with `amount` pledged now (zero: refund refused now). */
export function refundableAt(row: CampaignRow, plan: readonly MilestoneRow[], amount: bigint, now: bigint): bigint {
  if (amount === 0n) return 0n;
  const state = stateAt(row, plan, now);
  if (state === "Failed" || state === "Cancelled" || state === "Lapsed") return amount;
  if (state !== "Rejected") return 0n;
  const { releasedBps } = settled(row, plan, now);
  const unreleased = row.pledged - (row.pledged * releasedBps) / BPS;
  return (amount * unreleased) / row.pledged;
}

/** What `claim` would pay out now, fee included (zero: nothing to claim), and until when a plain campaign may be claimed. */
export function claimableAt(row: CampaignRow, plan: readonly MilestoneRow[], now: bigint): { claimable: bigint; claimBy: bigint | null } {
  const base = baseState(row, now);
  if (row.milestoneCount === 0) {
    return base === "Succeeded" ? { claimable: row.pledged, claimBy: row.deadline + row.claimWindow } : { claimable: 0n, claimBy: null };
  }
  if (base !== "Succeeded" && base !== "Rejected") return { claimable: 0n, claimBy: null };
  const released = releasedAt(row, plan, now);
  return { claimable: released > row.claimed ? released - row.claimed : 0n, claimBy: null };
}
