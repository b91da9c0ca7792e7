/**
 * The refund bonus's own events: deposits (the pool and, at the first, the start of the credit period) and the
 * depositors' reclaims, in the campaign's row, the depositors' rows and the campaign's history. What pledges and
 * withdrawals do to the credit, and refunds paid with a share (`RefundedWithBonus`), are in `escrow.ts`.
 */
import { ponder, type Context } from "ponder:registry";
import { bonusDeposit, campaign } from "ponder:schema";

import { campaignOf, record } from "./tables.ts";
import { lower } from "./json.ts";

/** A depositor's row, as a copy (see `tables.ts`). */
async function depositOf(context: Context, campaignId: bigint, depositor: `0x${string}`) {
  const found = await context.db.find(bonusDeposit, { campaignId, depositor });
  return found === null ? null : { ...found };
}

ponder.on("PledgeEscrow:BonusDeposited", async ({ event, context }) => {
  const { campaignId, amount, pot } = event.args;
  const depositor = lower(event.args.depositor);
  const row = await campaignOf(context, campaignId);
  const found = await depositOf(context, campaignId, depositor);
  if (found === null) {
    await context.db.insert(bonusDeposit).values({
      campaignId,
      depositor,
      deposited: amount,
      reclaimed: false,
      reclaimedAmount: 0n,
      reclaimedAtBlock: null,
      firstDepositedAt: event.block.timestamp,
      firstDepositedAtBlock: event.block.number,
      firstDepositedLogIndex: event.log.logIndex,
      updatedAtBlock: event.block.number,
    });
  } else {
    await context.db
      .update(bonusDeposit, { campaignId, depositor })
      .set({ deposited: found.deposited + amount, updatedAtBlock: event.block.number });
  }
  // The first deposit starts the bonus period: every pledge standing counts from here.
  await context.db.update(campaign, { id: campaignId }).set({
    bonusPot: pot,
    bonusStartedAt: row.bonusStartedAt === 0n ? event.block.timestamp : row.bonusStartedAt,
    bonusDepositorCount: row.bonusDepositorCount + (found === null ? 1 : 0),
  });
  await record(context, event, "BonusDeposited");
});

ponder.on("PledgeEscrow:BonusReclaimed", async ({ event, context }) => {
  const { campaignId, amount } = event.args;
  const depositor = lower(event.args.depositor);
  const row = await campaignOf(context, campaignId);
  const found = await depositOf(context, campaignId, depositor);
  if (found === null) throw new Error(`bonus reclaimed by ${depositor} in campaign ${campaignId} without a deposit: the tables are incomplete`);
  const deposited = found.deposited;
  await context.db
    .update(bonusDeposit, { campaignId, depositor })
    .set({ reclaimed: true, reclaimedAmount: amount, reclaimedAtBlock: event.block.number, updatedAtBlock: event.block.number });
  // The escrow counts the deposit as reclaimed (for the depositors' cumulative split), whatever it paid back.
  await context.db.update(campaign, { id: campaignId }).set({
    bonusReclaimed: row.bonusReclaimed + deposited,
    bonusReturned: row.bonusReturned + amount,
  });
  await record(context, event, "BonusReclaimed");
});
