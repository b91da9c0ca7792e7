import { isAddress, ZeroAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { formatBps, formatDate, formatDuration, withDecodedErrors, type ProtocolLimits } from "../client/node.js";
import { runTask, UsageError, type CommonArgs } from "./context.js";
import { formatFields } from "./output.js";
import { bpsOf } from "./parse.js";

/** The protocol's roles, its fee and any announced fee change, and the escrow's limits (read from its constants). */
export async function show(args: CommonArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    ({ client }) => client.protocolStatus(),
    (status) =>
      formatFields({
        owner: status.owner,
        "pending owner": status.pendingOwner === ZeroAddress ? null : status.pendingOwner,
        guardian: status.guardian === ZeroAddress ? "none (nobody can pause)" : status.guardian,
        "fee recipient": status.feeRecipient,
        paused: status.paused ? "yes: no new campaigns or pledges" : "no",
        fee: `${formatBps(status.feeBps)} of what is claimed, for campaigns opened now (at most ${formatBps(status.limits.maxFeeBps)})`,
        "fee change":
          status.pendingFee === null
            ? "none announced"
            : `${formatBps(status.pendingFee.feeBps)} for campaigns opened from ${formatDate(status.pendingFee.effectiveAt)} on`,
        campaigns: status.campaignCount,
        ...limitRows(status.limits),
      }),
  );
}

/** Announces a new protocol fee (owner only); it applies to campaigns opened a delay later. */
export async function setFee(args: CommonArgs & { percent: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, writer }) => {
      const feeBps = bpsOf(args.percent, "the fee");
      const before = await client.protocolStatus();
      const scheduled = await (await writer()).setFee(feeBps);
      return { ...scheduled, replaced: before.pendingFee, delay: before.limits.feeChangeDelay };
    },
    (result) => {
      const replaced =
        result.replaced === null
          ? ""
          : ` It replaces the change to ${formatBps(result.replaced.feeBps)} announced for ${formatDate(result.replaced.effectiveAt)}.`;
      return (
        `The protocol fee becomes ${formatBps(result.newFeeBps)} for campaigns opened from ${formatDate(result.effectiveAt)} on ` +
        `(in ${formatDuration(result.delay)}); until then new campaigns record ${formatBps(result.currentFeeBps)}, and campaigns ` +
        `already open keep their own fee.${replaced} (tx ${result.hash})`
      );
    },
  );
}

/** Adds an ERC-20 to the escrow's allowlist for new campaigns, or takes it off with `--remove` (owner only). */
export async function allowToken(args: CommonArgs & { token: string; remove: boolean }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, writer }) => {
      if (!isAddress(args.token) || args.token.toLowerCase() === ZeroAddress) {
        throw new UsageError(`protocol allow-token takes an ERC-20's address, not "${args.token}" (ETH is always allowed)`);
      }
      // Reading its symbol and decimals first refuses an address that is no token contract, in words.
      const token = await client.token(args.token);
      const escrow = (await writer()).escrow;
      const receipt = await withDecodedErrors(async () => (await escrow.setTokenAllowed(args.token, !args.remove)).wait());
      return { token: token.address, symbol: token.symbol, allowed: !args.remove, hash: receipt?.hash ?? "" };
    },
    (result) =>
      result.allowed
        ? `New campaigns may now take ${result.symbol} (${result.token}) (tx ${result.hash})`
        : `New campaigns can no longer take ${result.symbol} (${result.token}); campaigns already open keep it (tx ${result.hash})`,
  );
}

/** The escrow's limits in words: what a new campaign may choose, and what it gets when it chooses nothing. */
function limitRows(limits: ProtocolLimits): Record<string, string> {
  const d = formatDuration;
  return {
    "fee delay": `${d(limits.feeChangeDelay)} between announcing a fee and new campaigns recording it`,
    "longest campaign": `${d(limits.maxDuration)} from opening to the planned deadline`,
    "last call": `${d(limits.defaultLastCall)} by default; ${d(limits.minLastCall)} to ${d(limits.maxLastCall)} in whole hours`,
    "claim window": `${d(limits.defaultClaimWindow)} by default; ${d(limits.minClaimWindow)} to ${d(limits.maxClaimWindow)} in whole days (campaigns without milestones)`,
    "milestone plans": `1 to ${limits.maxMilestones} milestones, the last due at most ${d(limits.maxMilestoneSpan)} after the deadline`,
    "review window": `${d(limits.minReviewWindow)} to ${d(limits.maxReviewWindow)}`,
    "objection threshold": `objections above ${formatBps(limits.defaultObjectionThresholdBps)} of the objection weight reject a milestone, unless the plan sets another share`,
    "refund bonus": `at most ${formatBps(limits.maxBonusBps)} of a campaign's goal, its first deposit at least ${formatBps(limits.minFirstBonusBps)} (campaign bonus <id> <amount> deposits one)`,
  };
}
