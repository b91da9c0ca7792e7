/**
 * Builder and dependency shares (the escrow's `ShareLedger` module; its events come from the escrow's address): a
 * campaign's split as `getSplit` keeps it (builder, nominee, the builder share waiting for someone to accept), what
 * each campaign credited each builder and each project, each builder's and each project's credits per token as
 * `builderSharesOf` and `projectSharesOf` keep them, and every withdrawal. A claim's credits come before its
 * `CampaignClaimed`: they are added to the campaign's gross `claimed` here, the project's part and the fee there.
 */
import { ponder, type Context } from "ponder:registry";
import { builderCredit, builderShare, campaign, campaignSplit, projectCredit, projectShare, shareWithdrawal } from "ponder:schema";

import { lower } from "./json.ts";
import { bookShares } from "./protocol.ts";
import { campaignOf, record } from "./tables.ts";

const NOBODY = "0x0000000000000000000000000000000000000000";
/** The escrow keeps `waitingSince` in 32 bits, saturated rather than refused (`ShareLedger.creditShares`). */
const MAX_UINT32 = 2n ** 32n - 1n;

/** Where an event is, for the rows that remember their first credit. */
interface At {
  block: { number: bigint };
  log: { logIndex: number };
}

/** A campaign's split, as a copy (see `tables.ts`). */
async function splitOf(context: Context, campaignId: bigint) {
  const found = await context.db.find(campaignSplit, { campaignId });
  if (found === null) throw new Error(`share event for campaign ${campaignId}, which has no split: the tables are incomplete`);
  return { ...found };
}

/** Adds to what a campaign credited a builder. */
async function creditBuilder(
  context: Context,
  at: At,
  key: { campaignId: bigint; builder: `0x${string}`; token: `0x${string}` },
  added: { credited?: bigint; waitingTaken?: bigint },
): Promise<void> {
  const credited = added.credited ?? 0n;
  const waitingTaken = added.waitingTaken ?? 0n;
  await context.db
    .insert(builderCredit)
    .values({
      campaignId: key.campaignId,
      builder: key.builder,
      token: key.token,
      credited,
      waitingTaken,
      firstCreditedAtBlock: at.block.number,
      firstCreditedLogIndex: at.log.logIndex,
      updatedAtBlock: at.block.number,
    })
    .onConflictDoUpdate((row) => ({
      credited: row.credited + credited,
      waitingTaken: row.waitingTaken + waitingTaken,
      updatedAtBlock: at.block.number,
    }));
  await context.db
    .insert(builderShare)
    .values({ builder: key.builder, token: key.token, credited: credited + waitingTaken, withdrawn: 0n })
    .onConflictDoUpdate((row) => ({ credited: row.credited + credited + waitingTaken }));
}

/** Adds to what a campaign credited a project. */
async function creditProject(
  context: Context,
  at: At,
  key: { campaignId: bigint; projectId: bigint; token: `0x${string}` },
  added: { dependencyShares?: bigint; releasedBuilderShares?: bigint },
): Promise<void> {
  const dependencyShares = added.dependencyShares ?? 0n;
  const releasedBuilderShares = added.releasedBuilderShares ?? 0n;
  await context.db
    .insert(projectCredit)
    .values({
      campaignId: key.campaignId,
      projectId: key.projectId,
      token: key.token,
      dependencyShares,
      releasedBuilderShares,
      firstCreditedAtBlock: at.block.number,
      firstCreditedLogIndex: at.log.logIndex,
      updatedAtBlock: at.block.number,
    })
    .onConflictDoUpdate((row) => ({
      dependencyShares: row.dependencyShares + dependencyShares,
      releasedBuilderShares: row.releasedBuilderShares + releasedBuilderShares,
      updatedAtBlock: at.block.number,
    }));
  await context.db
    .insert(projectShare)
    .values({ projectId: key.projectId, token: key.token, dependencyShares, releasedBuilderShares, withdrawn: 0n })
    .onConflictDoUpdate((row) => ({
      dependencyShares: row.dependencyShares + dependencyShares,
      releasedBuilderShares: row.releasedBuilderShares + releasedBuilderShares,
    }));
}

/** A claim's credit is part of its gross amount: the campaign's `claimed` counts it (`CampaignClaimed` adds the rest). */
async function addToClaimed(context: Context, campaignId: bigint, amount: bigint): Promise<void> {
  await context.db.update(campaign, { id: campaignId }).set((row) => ({ claimed: row.claimed + amount }));
}

ponder.on("PledgeEscrow:CampaignSplitSet", async ({ event, context }) => {
  const { campaignId } = event.args;
  const row = await campaignOf(context, campaignId);
  await context.db.insert(campaignSplit).values({
    campaignId,
    projectId: row.projectId,
    token: row.token,
    builderShareBps: Number(event.args.builderShareBps),
    dependencyVersion: event.args.dependencyVersion,
    dependencyShareBps: Number(event.args.dependencyShareBps),
    builder: NOBODY,
    nominee: NOBODY,
    waiting: 0n,
    waitingSince: 0n,
    builderCredited: 0n,
    dependencyCredited: 0n,
    releasedToProject: 0n,
    updatedAtBlock: event.block.number,
  });
  await record(context, event, "CampaignSplitSet");
});

ponder.on("PledgeEscrow:BuilderNominated", async ({ event, context }) => {
  await context.db
    .update(campaignSplit, { campaignId: event.args.campaignId })
    .set({ nominee: lower(event.args.nominee), updatedAtBlock: event.block.number });
  await record(context, event, "BuilderNominated");
});

ponder.on("PledgeEscrow:BuilderAccepted", async ({ event, context }) => {
  const { campaignId, waitingTaken } = event.args;
  const builder = lower(event.args.builder);
  const split = await splitOf(context, campaignId);
  // The nomination is cleared; what waited (only ever for a first builder) is the new builder's.
  await context.db
    .update(campaignSplit, { campaignId })
    .set({ builder, nominee: NOBODY, waiting: 0n, waitingSince: 0n, updatedAtBlock: event.block.number });
  if (waitingTaken > 0n) await creditBuilder(context, event, { campaignId, builder, token: split.token }, { waitingTaken });
  await record(context, event, "BuilderAccepted");
});

ponder.on("PledgeEscrow:BuilderShareCredited", async ({ event, context }) => {
  const { campaignId, amount } = event.args;
  const builder = lower(event.args.builder);
  const token = lower(event.args.token);
  const split = await splitOf(context, campaignId);
  const now = event.block.timestamp;
  await context.db.update(campaignSplit, { campaignId }).set({
    builderCredited: split.builderCredited + amount,
    // Nobody accepted yet: it waits in the campaign, and the acceptance window runs from this credit.
    ...(builder === NOBODY ? { waiting: split.waiting + amount, waitingSince: now < MAX_UINT32 ? now : MAX_UINT32 } : {}),
    updatedAtBlock: event.block.number,
  });
  if (builder !== NOBODY) await creditBuilder(context, event, { campaignId, builder, token }, { credited: amount });
  await addToClaimed(context, campaignId, amount);
  await bookShares(context, token, { credited: amount });
  await record(context, event, "BuilderShareCredited");
});

ponder.on("PledgeEscrow:DependencyShareCredited", async ({ event, context }) => {
  const { campaignId, dependencyId, amount } = event.args;
  const token = lower(event.args.token);
  const split = await splitOf(context, campaignId);
  await context.db
    .update(campaignSplit, { campaignId })
    .set({ dependencyCredited: split.dependencyCredited + amount, updatedAtBlock: event.block.number });
  await creditProject(context, event, { campaignId, projectId: dependencyId, token }, { dependencyShares: amount });
  await addToClaimed(context, campaignId, amount);
  await bookShares(context, token, { credited: amount });
  await record(context, event, "DependencyShareCredited");
});

ponder.on("PledgeEscrow:WaitingBuilderShareReleased", async ({ event, context }) => {
  const { campaignId, projectId, amount } = event.args;
  const split = await splitOf(context, campaignId);
  await context.db.update(campaignSplit, { campaignId }).set({
    waiting: 0n,
    waitingSince: 0n,
    releasedToProject: split.releasedToProject + amount,
    updatedAtBlock: event.block.number,
  });
  await creditProject(context, event, { campaignId, projectId, token: split.token }, { releasedBuilderShares: amount });
  await record(context, event, "WaitingBuilderShareReleased");
});

ponder.on("PledgeEscrow:BuilderSharesWithdrawn", async ({ event, context }) => {
  const { amount } = event.args;
  const builder = lower(event.args.builder);
  const token = lower(event.args.token);
  await context.db.update(builderShare, { builder, token }).set((row) => ({ withdrawn: row.withdrawn + amount }));
  await bookShares(context, token, { withdrawn: amount });
  await context.db.insert(shareWithdrawal).values({
    id: event.id,
    name: "BuilderSharesWithdrawn",
    builder,
    projectId: null,
    token,
    to: lower(event.args.to),
    by: builder,
    amount,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
  });
});

ponder.on("PledgeEscrow:ProjectSharesWithdrawn", async ({ event, context }) => {
  const { projectId, amount } = event.args;
  const token = lower(event.args.token);
  await context.db.update(projectShare, { projectId, token }).set((row) => ({ withdrawn: row.withdrawn + amount }));
  await bookShares(context, token, { withdrawn: amount });
  await context.db.insert(shareWithdrawal).values({
    id: event.id,
    name: "ProjectSharesWithdrawn",
    builder: null,
    projectId,
    token,
    to: lower(event.args.payout),
    by: lower(event.args.by),
    amount,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
  });
});
