/**
 * The escrow's protocol-level events: owner, fee and its scheduled change, fee recipient, guardian, pause, token
 * allowlist, the fee ledger per token, stray tokens recovered. Each is also kept as it came, for the record.
 */
import { ponder, type Context } from "ponder:registry";
import { protocol, protocolEvent, token } from "ponder:schema";

import { lower, toJson } from "./json.ts";

const NOBODY = "0x0000000000000000000000000000000000000000";

/** The protocol row, created by the escrow's constructor events. */
async function updateProtocol(context: Context, values: Partial<typeof protocol.$inferInsert>): Promise<void> {
  await context.db
    .insert(protocol)
    .values({
      id: 1,
      owner: NOBODY,
      pendingOwner: NOBODY,
      feeBps: 0,
      pendingFeeBps: 0,
      pendingFeeFrom: 0n,
      feeRecipient: NOBODY,
      guardian: NOBODY,
      paused: false,
      ...values,
    })
    .onConflictDoUpdate(values);
}

async function updateToken(context: Context, address: string, change: (row: typeof token.$inferSelect) => Partial<typeof token.$inferInsert>) {
  const key = lower(address);
  const found = await context.db.find(token, { address: key });
  // A copy: Ponder's cached row would change under `change` once the insert below runs.
  const row = found !== null ? { ...found } : {
    address: key,
    allowed: false,
    feesAccrued: 0n,
    feesWithdrawn: 0n,
    strayRecovered: 0n,
    sharesCredited: 0n,
    sharesWithdrawn: 0n,
  };
  await context.db.insert(token).values({ ...row, ...change(row) }).onConflictDoUpdate(change(row));
}

interface ProtocolLog {
  id: string;
  args: object;
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: `0x${string}` };
}

async function record(context: Context, event: ProtocolLog, name: string): Promise<void> {
  await context.db.insert(protocolEvent).values({
    id: event.id,
    name,
    args: toJson(event.args) as Record<string, unknown>,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
}

ponder.on("PledgeEscrow:OwnershipTransferStarted", async ({ event, context }) => {
  await updateProtocol(context, { pendingOwner: lower(event.args.newOwner) });
  await record(context, event, "OwnershipTransferStarted");
});

ponder.on("PledgeEscrow:OwnershipTransferred", async ({ event, context }) => {
  await updateProtocol(context, { owner: lower(event.args.newOwner), pendingOwner: NOBODY });
  await record(context, event, "OwnershipTransferred");
});

ponder.on("PledgeEscrow:FeeChanged", async ({ event, context }) => {
  await updateProtocol(context, { feeBps: Number(event.args.newFeeBps), pendingFeeBps: 0, pendingFeeFrom: 0n });
  await record(context, event, "FeeChanged");
});

ponder.on("PledgeEscrow:FeeChangeScheduled", async ({ event, context }) => {
  // The escrow writes the fee in force back with the schedule (an earlier scheduled fee may have come due meanwhile).
  await updateProtocol(context, {
    feeBps: Number(event.args.currentFeeBps),
    pendingFeeBps: Number(event.args.newFeeBps),
    pendingFeeFrom: event.args.effectiveAt,
  });
  await record(context, event, "FeeChangeScheduled");
});

ponder.on("PledgeEscrow:FeeRecipientChanged", async ({ event, context }) => {
  await updateProtocol(context, { feeRecipient: lower(event.args.newRecipient) });
  await record(context, event, "FeeRecipientChanged");
});

ponder.on("PledgeEscrow:GuardianChanged", async ({ event, context }) => {
  await updateProtocol(context, { guardian: lower(event.args.newGuardian) });
  await record(context, event, "GuardianChanged");
});

ponder.on("PledgeEscrow:Paused", async ({ event, context }) => {
  await updateProtocol(context, { paused: true });
  await record(context, event, "Paused");
});

ponder.on("PledgeEscrow:Unpaused", async ({ event, context }) => {
  await updateProtocol(context, { paused: false });
  await record(context, event, "Unpaused");
});

ponder.on("PledgeEscrow:TokenAllowlistChanged", async ({ event, context }) => {
  await updateToken(context, event.args.token, () => ({ allowed: event.args.allowed }));
  await record(context, event, "TokenAllowlistChanged");
});

ponder.on("PledgeEscrow:FeesWithdrawn", async ({ event, context }) => {
  await updateToken(context, event.args.token, (row) => ({ feesWithdrawn: row.feesWithdrawn + event.args.amount }));
  await record(context, event, "FeesWithdrawn");
});

ponder.on("PledgeEscrow:StrayTokensRecovered", async ({ event, context }) => {
  await updateToken(context, event.args.token, (row) => ({ strayRecovered: row.strayRecovered + event.args.amount }));
  await record(context, event, "StrayTokensRecovered");
});

/** What the escrow owes in shares, per token: credits by claims add to it, withdrawals take from it. */
export async function bookShares(context: Context, tokenAddress: string, change: { credited?: bigint; withdrawn?: bigint }): Promise<void> {
  await updateToken(context, tokenAddress, (current) => ({
    sharesCredited: current.sharesCredited + (change.credited ?? 0n),
    sharesWithdrawn: current.sharesWithdrawn + (change.withdrawn ?? 0n),
  }));
}

/** The fee ledger grows with every claim (the escrow's `_accrueFee`); the claim itself is a campaign event. */
export async function accrueFee(context: Context, tokenAddress: string, fee: bigint): Promise<void> {
  if (fee === 0n) return;
  await updateToken(context, tokenAddress, (current) => ({ feesAccrued: current.feesAccrued + fee }));
}
