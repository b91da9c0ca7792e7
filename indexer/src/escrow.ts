/**
 * The escrow's campaign events: each keeps the campaign's row as the escrow keeps its storage (totals, deadline,
 * status, milestone progress, the refund bonus's pool and time credit), each backer's row as the escrow keeps `Backer`
 * (amount, weightless late part, credit start), and appends the event to the campaign's history with the running
 * totals. The bonus's own events are in `bonus.ts`.
 */
import { ponder, type Context } from "ponder:registry";
import { campaign, milestone, objection, pledge, project } from "ponder:schema";

import { creditAfterPledge, creditAfterWithdrawal } from "./credit.ts";
import { lower } from "./json.ts";
import { accrueFee } from "./protocol.ts";
import { pledgeToRequest, refundFromRequest, withdrawFromRequest } from "./requests.ts";
import { campaignOf, campaignOrNull, pledgeOf, record, requestOrNull } from "./tables.ts";

/** Records a campaign's new total, and its share of the goal in the campaign's and its project's ranking. */
async function setPledged(context: Context, row: { id: bigint; projectId: bigint; goal: bigint; fundedBps: bigint }, pledged: bigint) {
  const fundedBps = (pledged * 10_000n) / row.goal;
  await context.db.update(project, { id: row.projectId }).set((current) => ({ fundedBps: current.fundedBps + fundedBps - row.fundedBps }));
  return { pledged, fundedBps };
}

ponder.on("PledgeEscrow:CampaignOpened", async ({ event, context }) => {
  const { args } = event;
  // An accepted request goes on as this campaign (`RequestAccepted` follows): its pledges and backers carry over.
  const requested = await requestOrNull(context, args.campaignId);
  const pledged = requested?.pledged ?? 0n;
  const fundedBps = (pledged * 10_000n) / args.goal;
  await context.db.insert(campaign).values({
    id: args.campaignId,
    projectId: args.projectId,
    creator: lower(args.creator),
    token: lower(args.token),
    goal: args.goal,
    pledged,
    fundedBps,
    deadline: args.deadline,
    plannedDeadline: args.deadline,
    feeBps: Number(args.feeBps),
    specURI: args.specURI,
    specHash: args.specHash,
    lastCall: args.lastCall,
    claimWindow: args.claimWindow,
    openedAtBlock: event.block.number,
    openedAt: event.block.timestamp,
    goalReachedAt: 0n,
    status: "active",
    backerCount: requested?.backers ?? 0,
    claimed: 0n,
    claimedFees: 0n,
    refunded: 0n,
    milestoneCount: 0,
    initialShareBps: 0,
    reviewWindow: 0n,
    thresholdBps: 0,
    currentMilestone: 0,
    releasedBps: 0,
    reviewEnd: 0n,
    objectionWeight: 0n,
    lateTotal: 0n,
    refundedWeight: 0n,
    refundedPaid: 0n,
    cancelledAt: 0n,
    bonusPot: 0n,
    bonusStartedAt: 0n,
    creditDelay: 0n,
    bonusReclaimed: 0n,
    bonusReturned: 0n,
    bonusPaid: 0n,
    bonusDepositorCount: 0,
    requestOpener: requested?.opener ?? null,
    requestOpenedAt: requested?.openedAt ?? null,
    requestOpenedAtBlock: requested?.openedAtBlock ?? null,
    pledgedAtAcceptance: requested === null ? null : pledged,
  });
  await context.db
    .update(project, { id: args.projectId })
    .set((row) => ({ campaignCount: row.campaignCount + 1, fundedBps: row.fundedBps + fundedBps }));
  await record(context, event, "CampaignOpened");
});

ponder.on("PledgeEscrow:MilestonePlanSet", async ({ event, context }) => {
  const { args } = event;
  await context.db.update(campaign, { id: args.campaignId }).set({
    milestoneCount: args.milestones.length,
    initialShareBps: Number(args.initialShareBps),
    releasedBps: Number(args.initialShareBps),
    reviewWindow: args.reviewWindow,
    thresholdBps: Number(args.objectionThresholdBps),
  });
  await context.db.insert(milestone).values(
    args.milestones.map((planned, index) => ({
      campaignId: args.campaignId,
      index,
      shareBps: Number(planned.shareBps),
      due: BigInt(planned.due),
      outcome: "pending",
      overdue: false,
      objectionWeight: 0n,
    })),
  );
  await record(context, event, "MilestonePlanSet");
});

ponder.on("PledgeEscrow:GoalReached", async ({ event, context }) => {
  await context.db.update(campaign, { id: event.args.campaignId }).set({ goalReachedAt: event.block.timestamp });
  await record(context, event, "GoalReached");
});

ponder.on("PledgeEscrow:DeadlineExtended", async ({ event, context }) => {
  await context.db.update(campaign, { id: event.args.campaignId }).set({ deadline: event.args.newDeadline });
  await record(context, event, "DeadlineExtended");
});

ponder.on("PledgeEscrow:Pledged", async ({ event, context }) => {
  const { campaignId, amount } = event.args;
  const backer = lower(event.args.backer);
  const row = await campaignOrNull(context, campaignId);
  // No campaign row: an open request (requests.ts).
  if (row === null) return pledgeToRequest(context, event);
  // The escrow's rule (`_addPledge`): with milestones, a pledge after the weight cutoff carries no objection weight.
  const late = row.milestoneCount > 0 && event.block.timestamp > row.plannedDeadline - 2n * row.lastCall ? amount : 0n;
  const before = await pledgeOf(context, campaignId, backer);
  const backerTotal = (before?.amount ?? 0n) + amount;
  // With a bonus, the escrow moves the backer's credit start and the campaign's sum of delays (`RefundBonus.addPledge`).
  const credit =
    row.bonusStartedAt === 0n
      ? null
      : creditAfterPledge(row, { amount: before?.amount ?? 0n, creditSince: before?.creditSince ?? 0n }, amount, event.block.timestamp);
  if (before === null) {
    await context.db.insert(pledge).values({
      campaignId,
      backer,
      amount,
      late,
      contributed: amount,
      withdrawn: 0n,
      refunded: 0n,
      objectingTo: 0,
      firstPledgedAt: event.block.timestamp,
      firstPledgedAtBlock: event.block.number,
      firstPledgedLogIndex: event.log.logIndex,
      updatedAtBlock: event.block.number,
      creditSince: credit?.creditSince ?? 0n,
      bonusPaid: 0n,
      supportSince: 0n,
    });
  } else {
    await context.db.update(pledge, { campaignId, backer }).set({
      amount: backerTotal,
      late: before.late + late,
      contributed: before.contributed + amount,
      updatedAtBlock: event.block.number,
      creditSince: credit?.creditSince ?? before.creditSince,
    });
  }
  const campaignTotal = row.pledged + amount;
  await context.db.update(campaign, { id: campaignId }).set({
    ...(await setPledged(context, row, campaignTotal)),
    lateTotal: row.lateTotal + late,
    backerCount: row.backerCount + ((before?.amount ?? 0n) === 0n ? 1 : 0),
    creditDelay: credit?.creditDelay ?? row.creditDelay,
  });
  await record(context, event, "Pledged", { backer: backerTotal, campaign: campaignTotal });
});

ponder.on("PledgeEscrow:PledgeWithdrawn", async ({ event, context }) => {
  const { campaignId, amount } = event.args;
  const backer = lower(event.args.backer);
  const row = await campaignOrNull(context, campaignId);
  if (row === null) return withdrawFromRequest(context, event);
  const before = await pledgeOf(context, campaignId, backer);
  if (before === null) throw new Error(`withdrawal by ${backer} from campaign ${campaignId} without a pledge: the tables are incomplete`);
  // What is taken back comes out of the weightless late part first, as in the escrow.
  const lateTaken = amount < before.late ? amount : before.late;
  const backerTotal = before.amount - amount;
  // With a bonus, the credit of what remains restarts now (`RefundBonus.onWithdraw`).
  const credit = row.bonusStartedAt === 0n ? null : creditAfterWithdrawal(row, before, amount, event.block.timestamp);
  await context.db.update(pledge, { campaignId, backer }).set({
    amount: backerTotal,
    late: before.late - lateTaken,
    withdrawn: before.withdrawn + amount,
    updatedAtBlock: event.block.number,
    creditSince: credit?.creditSince ?? before.creditSince,
  });
  const campaignTotal = row.pledged - amount;
  await context.db.update(campaign, { id: campaignId }).set({
    ...(await setPledged(context, row, campaignTotal)),
    lateTotal: row.lateTotal - lateTaken,
    backerCount: row.backerCount - (backerTotal === 0n ? 1 : 0),
    creditDelay: credit?.creditDelay ?? row.creditDelay,
  });
  await record(context, event, "PledgeWithdrawn", { backer: backerTotal, campaign: campaignTotal });
});

ponder.on("PledgeEscrow:CampaignCancelled", async ({ event, context }) => {
  await context.db.update(campaign, { id: event.args.campaignId }).set({ status: "cancelled", cancelledAt: event.block.timestamp });
  await record(context, event, "CampaignCancelled");
});

ponder.on("PledgeEscrow:CampaignClaimed", async ({ event, context }) => {
  const { campaignId, amount, fee } = event.args;
  const row = await campaignOf(context, campaignId);
  // `amount` is the project's part: the builder and dependency shares of this claim, credited just before in the same
  // transaction, are in `claimed` already (shares.ts), so this makes it the claim's gross amount.
  const claimed = row.claimed + amount + fee;
  // Without milestones a claim takes everything; with them, the campaign is claimed once all of it was paid out
  // while it was still active (a rejected one stays rejected).
  const done = row.milestoneCount === 0 || (claimed === row.pledged && row.status === "active");
  await context.db
    .update(campaign, { id: campaignId })
    .set({ claimed, claimedFees: row.claimedFees + fee, status: done ? "claimed" : row.status });
  await accrueFee(context, row.token, fee);
  await record(context, event, "CampaignClaimed");
});

/**
 * A refund (`Refunded`, or `RefundedWithBonus` when a bonus share comes with it): the escrow deletes the backer's
 * record (its credit start too; the campaign's sum of delays stays, like its total); after a rejection it books the
 * pledge and the payment pro rata.
 */
async function refund(
  context: Context,
  event: Parameters<typeof record>[1] & { args: { backer: `0x${string}`; amount: bigint } },
  name: string,
  bonus: bigint,
): Promise<void> {
  const { campaignId, amount } = event.args;
  const backer = lower(event.args.backer);
  const row = await campaignOf(context, campaignId);
  const before = await pledgeOf(context, campaignId, backer);
  if (before === null) throw new Error(`refund to ${backer} from campaign ${campaignId} without a pledge: the tables are incomplete`);
  await context.db.update(pledge, { campaignId, backer }).set({
    amount: 0n,
    late: 0n,
    creditSince: 0n,
    refunded: before.refunded + amount,
    bonusPaid: before.bonusPaid + bonus,
    updatedAtBlock: event.block.number,
  });
  const rejected = row.status === "rejected";
  await context.db.update(campaign, { id: campaignId }).set({
    refunded: row.refunded + amount,
    bonusPaid: row.bonusPaid + bonus,
    backerCount: row.backerCount - (before.amount === 0n ? 0 : 1),
    refundedWeight: rejected ? row.refundedWeight + before.amount : row.refundedWeight,
    refundedPaid: rejected ? row.refundedPaid + amount : row.refundedPaid,
  });
  await record(context, event, name, { backer: 0n, campaign: row.pledged });
}

ponder.on("PledgeEscrow:Refunded", async ({ event, context }) => {
  // A declined or expired request has no campaign row.
  if ((await campaignOrNull(context, event.args.campaignId)) === null) return refundFromRequest(context, event);
  await refund(context, event, "Refunded", 0n);
});

ponder.on("PledgeEscrow:RefundedWithBonus", async ({ event, context }) => {
  await refund(context, event, "RefundedWithBonus", event.args.bonus);
});

ponder.on("PledgeEscrow:MilestoneSubmitted", async ({ event, context }) => {
  const { campaignId, index, reviewEnd } = event.args;
  await context.db.update(campaign, { id: campaignId }).set({ reviewEnd });
  await context.db.update(milestone, { campaignId, index: Number(index) }).set({
    deliveryURI: event.args.deliveryURI,
    submittedBy: lower(event.args.by),
    submittedAt: event.block.timestamp,
    reviewEnd,
  });
  await record(context, event, "MilestoneSubmitted");
});

ponder.on("PledgeEscrow:MilestoneObjected", async ({ event, context }) => {
  const { campaignId, index, weight, objectionWeight } = event.args;
  const backer = lower(event.args.backer);
  await context.db.update(campaign, { id: campaignId }).set({ objectionWeight });
  await context.db.update(pledge, { campaignId, backer }).set({ objectingTo: Number(index) + 1 });
  await context.db
    .insert(objection)
    .values({
      campaignId,
      index: Number(index),
      backer,
      weight,
      standing: true,
      objectedAtBlock: event.block.number,
      updatedAtBlock: event.block.number,
    })
    .onConflictDoUpdate({ weight, standing: true, updatedAtBlock: event.block.number });
  await record(context, event, "MilestoneObjected");
});

ponder.on("PledgeEscrow:ObjectionWithdrawn", async ({ event, context }) => {
  const { campaignId, index, objectionWeight } = event.args;
  const backer = lower(event.args.backer);
  await context.db.update(campaign, { id: campaignId }).set({ objectionWeight });
  await context.db.update(pledge, { campaignId, backer }).set({ objectingTo: 0 });
  await context.db
    .update(objection, { campaignId, index: Number(index), backer })
    .set({ standing: false, updatedAtBlock: event.block.number });
  await record(context, event, "ObjectionWithdrawn");
});

ponder.on("PledgeEscrow:MilestoneAccepted", async ({ event, context }) => {
  const { campaignId, index, releasedBps } = event.args;
  const row = await campaignOf(context, campaignId);
  await context.db.update(campaign, { id: campaignId }).set({
    releasedBps: Number(releasedBps),
    currentMilestone: Number(index) + 1,
    reviewEnd: 0n,
    objectionWeight: 0n,
  });
  await context.db
    .update(milestone, { campaignId, index: Number(index) })
    .set({ outcome: "accepted", objectionWeight: row.objectionWeight });
  await record(context, event, "MilestoneAccepted");
});

ponder.on("PledgeEscrow:MilestoneRejected", async ({ event, context }) => {
  const { campaignId, index, overdue, objectionWeight } = event.args;
  await context.db.update(campaign, { id: campaignId }).set({ status: "rejected" });
  await context.db
    .update(milestone, { campaignId, index: Number(index) })
    .set({ outcome: "rejected", overdue, objectionWeight });
  await record(context, event, "MilestoneRejected");
});
