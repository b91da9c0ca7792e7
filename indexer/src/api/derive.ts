/**
 * What time alone decides, worked out from a campaign's row at a given chain time: the escrow's own rules
 * (`Campaigns.stateOf`, `Milestones.outcome` / `currentState` / `released` / `refundAfterRejection`, the
 * `getMilestoneProgress` view), mirrored line by line so that an answer equals what the chain's views would say at a
 * block with that time. The tests compare both, field by field, at several chain times.
 */
import type { campaign, milestone } from "ponder:schema";

import type {
  IndexedBonusOutcome,
  IndexedCampaignBonus,
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

// ---------------------------------------------------------------- refund bonus (`RefundBonus`, `BonusPool`)

const MAX_BONUS_BPS = 1_000n;
const MAX_UINT96 = (1n << 96n) - 1n;

/** `RefundBonus.cap`: the most bonus a campaign may hold. */
export function maxPotOf(goal: bigint): bigint {
  const byGoal = (goal * MAX_BONUS_BPS) / BPS;
  return byGoal < MAX_UINT96 ? byGoal : MAX_UINT96;
}

/** `BonusPool._outcome`: where the bonus goes at `now` (from `Campaigns.stateOf`, milestone decisions aside). */
export function bonusOutcomeAt(row: CampaignRow, now: bigint): IndexedBonusOutcome {
  if (row.bonusStartedAt === 0n) return "none";
  const base = baseState(row, now);
  if (base === "Failed" || base === "Cancelled" || base === "Lapsed") return "to-backers";
  if (base === "Funding") return "pending";
  if (base === "Succeeded" && row.milestoneCount === 0) return "pending";
  return "to-depositors";
}

/** `RefundBonus.Pool`: the bonus, when credit started and stops, the backers' total credit and the denominator. */
interface Pool {
  pot: bigint;
  start: bigint;
  /** When credit stops: the cancellation, else the current deadline. */
  end: bigint;
  /** Pledge × time held in the bonus period, summed: `pledged × (end − start) − creditDelay`. */
  totalCredit: bigint;
  /** max(goal × (deadline − start), total credit): zero when the period is empty. */
  denominator: bigint;
}

/**
 * `RefundBonus.pool`. A cancellation stops credit but not the period (it runs to the deadline in force). The escrow
 * works the total credit out only at or above the goal for a refund; below it the total is below the goal's credit
 * anyway, so the denominator is the same.
 */
function poolOf(row: CampaignRow): Pool {
  const start = row.bonusStartedAt;
  // The escrow records the cancellation time for a campaign with a bonus (and no bonus comes after a cancellation).
  const end = row.status === "cancelled" && row.cancelledAt !== 0n ? row.cancelledAt : row.deadline;
  if (row.deadline <= start) return { pot: row.bonusPot, start, end, totalCredit: 0n, denominator: 0n };
  const goalCredit = row.goal * (row.deadline - start);
  const totalCredit = row.pledged * (end - start) - row.creditDelay;
  return { pot: row.bonusPot, start, end, totalCredit, denominator: totalCredit > goalCredit ? totalCredit : goalCredit };
}

/** `RefundBonus.shareOf`: a backer's share for `amount` whose credit runs from `since` (what a refund pays with it). */
export function bonusShareOf(row: CampaignRow, amount: bigint, since: bigint): bigint {
  const pool = poolOf(row);
  if (pool.denominator === 0n) return 0n;
  const from = since > pool.start ? since : pool.start;
  return (pool.pot * amount * (pool.end - from)) / pool.denominator;
}

/** `RefundBonus.reservedForBackers`: what the backers' shares add up to at most. */
export function reservedForBackersOf(row: CampaignRow): bigint {
  const pool = poolOf(row);
  return pool.denominator === 0n ? 0n : (pool.pot * pool.totalCredit) / pool.denominator;
}

/** `BonusPool._reclaimable`: a depositor's exact part of what is left for the depositors (zero until decided). */
export function reclaimableOf(row: CampaignRow, outcome: IndexedBonusOutcome, deposited: bigint): bigint {
  if (deposited === 0n || (outcome !== "to-backers" && outcome !== "to-depositors")) return 0n;
  const pot = row.bonusPot;
  const left = outcome === "to-backers" ? pot - reservedForBackersOf(row) : pot;
  return (left * (row.bonusReclaimed + deposited)) / pot - (left * row.bonusReclaimed) / pot;
}

/** The campaign-wide fields of `getBonus` at `now`, and what was paid out so far. */
export function campaignBonusAt(row: CampaignRow, now: bigint): IndexedCampaignBonus {
  const outcome = bonusOutcomeAt(row, now);
  const started = outcome !== "none";
  return {
    pot: row.bonusPot.toString(),
    maxPot: maxPotOf(row.goal).toString(),
    startedAt: started ? row.bonusStartedAt.toString() : null,
    creditEnd: started ? poolOf(row).end.toString() : null,
    outcome,
    reservedForBackers: (outcome === "pending" || outcome === "to-backers" ? reservedForBackersOf(row) : 0n).toString(),
    reclaimed: row.bonusReclaimed.toString(),
    paidToBackers: row.bonusPaid.toString(),
    returnedToDepositors: row.bonusReturned.toString(),
    depositorCount: row.bonusDepositorCount,
  };
}

/** When a standing pledge's credit runs from, as `getBonus` says it (null without a bonus or a pledge). */
export function creditSinceOf(row: CampaignRow, amount: bigint, creditSince: bigint): bigint | null {
  if (row.bonusStartedAt === 0n || amount === 0n) return null;
  return creditSince > row.bonusStartedAt ? creditSince : row.bonusStartedAt;
}

/** A backer's side of `getBonus(campaignId, backer, 0)` at `now`: its share and its quote. */
export function backerBonusAt(row: CampaignRow, amount: bigint, creditSince: bigint, now: bigint): { share: bigint; quote: bigint } {
  const outcome = bonusOutcomeAt(row, now);
  const since = creditSinceOf(row, amount, creditSince);
  if ((outcome !== "pending" && outcome !== "to-backers") || since === null) return { share: 0n, quote: 0n };
  const share = bonusShareOf(row, amount, since);
  // `BonusPool._quote` with nothing added: held to the current deadline, over the goal's credit (a failure is below
  // it), at most the whole bonus (a pledge whose own credit passes the goal's); only while funding.
  const { start, end, pot } = poolOf(row);
  const quote = baseState(row, now) === "Funding" && end > start ? (pot * amount * (end - since)) / (row.goal * (end - start)) : 0n;
  return { share, quote: quote < pot ? quote : pot };
}
