import { ZeroAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { formatBps, formatDate, formatDuration } from "../client/format.js";
import { runTask, type CommonArgs } from "./context.js";
import { formatFields } from "./output.js";
import { bpsOf } from "./parse.js";

/** The protocol's roles, its fee and any announced fee change. */
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
        fee: `${formatBps(status.feeBps)} of what is claimed, for campaigns opened now (at most ${formatBps(status.maxFeeBps)})`,
        "fee change":
          status.pendingFee === null
            ? "none announced"
            : `${formatBps(status.pendingFee.feeBps)} for campaigns opened from ${formatDate(status.pendingFee.effectiveAt)} on`,
        campaigns: status.campaignCount,
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
      return { ...scheduled, replaced: before.pendingFee, delay: before.feeChangeDelay };
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
