/** What the escrow's handlers share: reading a campaign's and a backer's rows, and appending to a campaign's history. */
import type { Context } from "ponder:registry";
import { campaign, campaignEvent, pledge, request } from "ponder:schema";

import { toJson } from "./json.ts";

/** What the history keeps of any escrow event about a campaign. */
interface CampaignLog {
  id: string;
  args: { campaignId: bigint };
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: `0x${string}` };
  log: { logIndex: number };
}

/** Appends an event to its campaign's history. */
export async function record(
  context: Context,
  event: CampaignLog,
  name: string,
  totals?: { backer: bigint; campaign: bigint },
): Promise<void> {
  await context.db.insert(campaignEvent).values({
    id: event.id,
    campaignId: event.args.campaignId,
    name,
    args: toJson(event.args) as Record<string, unknown>,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
    logIndex: event.log.logIndex,
    backerTotal: totals?.backer ?? null,
    campaignTotal: totals?.campaign ?? null,
  });
}

/*
 * Rows are read as copies: Ponder's `find` may hand back its cached row itself, which a later `update` in the same
 * handler changes under the reader (a refund then read the backer's pledge as already zero).
 */

export async function campaignOf(context: Context, campaignId: bigint) {
  const found = await context.db.find(campaign, { id: campaignId });
  if (found === null) throw new Error(`event for campaign ${campaignId}, which was never opened: the tables are incomplete`);
  return { ...found };
}

export async function pledgeOf(context: Context, campaignId: bigint, backer: `0x${string}`) {
  const found = await context.db.find(pledge, { campaignId, backer });
  return found === null ? null : { ...found };
}

/** A campaign's row as a copy, or null: an open, declined or expired request has none (its row is `request`'s). */
export async function campaignOrNull(context: Context, campaignId: bigint) {
  const found = await context.db.find(campaign, { id: campaignId });
  return found === null ? null : { ...found };
}

export async function requestOf(context: Context, requestId: bigint) {
  const found = await context.db.find(request, { id: requestId });
  if (found === null) throw new Error(`event for campaign ${requestId}, which was never opened: the tables are incomplete`);
  return { ...found };
}

export async function requestOrNull(context: Context, requestId: bigint) {
  const found = await context.db.find(request, { id: requestId });
  return found === null ? null : { ...found };
}
