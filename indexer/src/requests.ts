/**
 * Feature requests: `RequestOpened`, `RequestAccepted`, `RequestDeclined` in the `request` table and the id's history,
 * and what the escrow's pledge events do to a request before it is accepted (escrow.ts hands them here when the id has
 * no campaign row): the backer's pledge row and its `supportSince` (the refund bonus's rule, credit.ts, with the
 * request's opening as start; `creditSince` stays the escrow's slot, zero), the request's total, backers and sum of
 * delays, and the event in the id's history. Refunds after a decline or the expiry pay the whole pledge and leave the
 * total and the credit as they were (the escrow's record).
 */
import { ponder, type Context } from "ponder:registry";
import { campaignEvent, pledge, request } from "ponder:schema";

import { creditAfterPledge, creditAfterWithdrawal } from "./credit.ts";
import { lower, toJson } from "./json.ts";
import { pledgeOf, record, requestOf } from "./tables.ts";

type RequestRow = typeof request.$inferSelect;
type PledgeLog = Parameters<typeof record>[1] & { args: { backer: `0x${string}`; amount: bigint } };

/** A request event in the id's history (a campaign's once accepted), as the client's log scan lists it. */
interface RequestLog {
  id: string;
  args: { requestId: bigint };
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: `0x${string}` };
  log: { logIndex: number };
}

async function recordRequest(context: Context, event: RequestLog, name: string): Promise<void> {
  await context.db.insert(campaignEvent).values({
    id: event.id,
    campaignId: event.args.requestId,
    name,
    args: toJson(event.args) as Record<string, unknown>,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
    backerTotal: null,
    campaignTotal: null,
  });
}

/** The request's credit as `creditAfterPledge` / `creditAfterWithdrawal` take a campaign's: start = its opening. */
function creditBase(row: RequestRow): { bonusStartedAt: bigint; creditDelay: bigint } {
  return { bonusStartedAt: row.supportStart, creditDelay: row.creditDelay };
}

ponder.on("PledgeEscrow:RequestOpened", async ({ event, context }) => {
  const { args } = event;
  await context.db.insert(request).values({
    id: args.requestId,
    projectId: args.projectId,
    opener: lower(args.opener),
    token: lower(args.token),
    expiry: args.expiry,
    feeBps: Number(args.feeBps),
    specURI: args.specURI,
    specHash: args.specHash,
    openedAt: event.block.timestamp,
    openedAtBlock: event.block.number,
    status: "requested",
    pledged: 0n,
    refunded: 0n,
    backers: 0,
    creditDelay: 0n,
    supportStart: event.block.timestamp,
    frozenAt: 0n,
    acceptedBy: null,
    acceptedAt: null,
    acceptedAtBlock: null,
    pledgedAtAcceptance: null,
    declinedBy: null,
    declinedAt: null,
    declinedAtBlock: null,
    reasonURI: null,
  });
  await recordRequest(context, event, "RequestOpened");
});

// `CampaignOpened` (escrow.ts) came first in the same transaction and carried the pledges over to the campaign's row.
ponder.on("PledgeEscrow:RequestAccepted", async ({ event, context }) => {
  const { requestId, pledged } = event.args;
  await context.db.update(request, { id: requestId }).set({
    status: "accepted",
    frozenAt: event.block.timestamp,
    acceptedBy: lower(event.args.maintainer),
    acceptedAt: event.block.timestamp,
    acceptedAtBlock: event.block.number,
    pledgedAtAcceptance: pledged,
  });
  await recordRequest(context, event, "RequestAccepted");
});

ponder.on("PledgeEscrow:RequestDeclined", async ({ event, context }) => {
  await context.db.update(request, { id: event.args.requestId }).set({
    status: "declined",
    frozenAt: event.block.timestamp,
    declinedBy: lower(event.args.maintainer),
    declinedAt: event.block.timestamp,
    declinedAtBlock: event.block.number,
    reasonURI: event.args.reasonURI,
  });
  await recordRequest(context, event, "RequestDeclined");
});

/** `Pledged` to an open request. */
export async function pledgeToRequest(context: Context, event: PledgeLog): Promise<void> {
  const { campaignId: requestId, amount } = event.args;
  const backer = lower(event.args.backer);
  const row = await requestOf(context, requestId);
  const before = await pledgeOf(context, requestId, backer);
  const credit = creditAfterPledge(creditBase(row), { amount: before?.amount ?? 0n, creditSince: before?.supportSince ?? 0n }, amount, event.block.timestamp);
  const backerTotal = (before?.amount ?? 0n) + amount;
  if (before === null) {
    await context.db.insert(pledge).values({
      campaignId: requestId,
      backer,
      amount,
      late: 0n,
      contributed: amount,
      withdrawn: 0n,
      refunded: 0n,
      objectingTo: 0,
      firstPledgedAt: event.block.timestamp,
      firstPledgedAtBlock: event.block.number,
      firstPledgedLogIndex: event.log.logIndex,
      updatedAtBlock: event.block.number,
      creditSince: 0n,
      bonusPaid: 0n,
      supportSince: credit.creditSince,
    });
  } else {
    await context.db.update(pledge, { campaignId: requestId, backer }).set({
      amount: backerTotal,
      contributed: before.contributed + amount,
      updatedAtBlock: event.block.number,
      supportSince: credit.creditSince,
    });
  }
  const total = row.pledged + amount;
  await context.db.update(request, { id: requestId }).set({
    pledged: total,
    backers: row.backers + ((before?.amount ?? 0n) === 0n ? 1 : 0),
    creditDelay: credit.creditDelay,
  });
  await record(context, event, "Pledged", { backer: backerTotal, campaign: total });
}

/** `PledgeWithdrawn` from an open request: the credit of what remains restarts now. */
export async function withdrawFromRequest(context: Context, event: PledgeLog): Promise<void> {
  const { campaignId: requestId, amount } = event.args;
  const backer = lower(event.args.backer);
  const row = await requestOf(context, requestId);
  const before = await pledgeOf(context, requestId, backer);
  if (before === null) throw new Error(`withdrawal by ${backer} from request ${requestId} without a pledge: the tables are incomplete`);
  const credit = creditAfterWithdrawal(creditBase(row), { amount: before.amount, creditSince: before.supportSince }, amount, event.block.timestamp);
  const backerTotal = before.amount - amount;
  await context.db.update(pledge, { campaignId: requestId, backer }).set({
    amount: backerTotal,
    withdrawn: before.withdrawn + amount,
    updatedAtBlock: event.block.number,
    supportSince: credit.creditSince,
  });
  const total = row.pledged - amount;
  await context.db.update(request, { id: requestId }).set({
    pledged: total,
    backers: row.backers - (backerTotal === 0n ? 1 : 0),
    creditDelay: credit.creditDelay,
  });
  await record(context, event, "PledgeWithdrawn", { backer: backerTotal, campaign: total });
}

/**
 * `Refunded` by a declined or expired request: the whole pledge back, the backer's record deleted (its credit start
 * too); the request's total and sum of delays stay, so its frozen support does.
 */
export async function refundFromRequest(context: Context, event: PledgeLog): Promise<void> {
  const { campaignId: requestId, amount } = event.args;
  const backer = lower(event.args.backer);
  const row = await requestOf(context, requestId);
  const before = await pledgeOf(context, requestId, backer);
  if (before === null) throw new Error(`refund to ${backer} from request ${requestId} without a pledge: the tables are incomplete`);
  await context.db.update(pledge, { campaignId: requestId, backer }).set({
    amount: 0n,
    supportSince: 0n,
    refunded: before.refunded + amount,
    updatedAtBlock: event.block.number,
  });
  await context.db.update(request, { id: requestId }).set({
    refunded: row.refunded + amount,
    backers: row.backers - (before.amount === 0n ? 0 : 1),
  });
  await record(context, event, "Refunded", { backer: 0n, campaign: row.pledged });
}
