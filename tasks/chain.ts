import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { formatDate, formatDuration, LOCAL_CHAIN_IDS } from "../client/node.js";
import { failTask, UsageError } from "./context.js";
import { toJson } from "./output.js";
import { daysOf } from "./parse.js";

/** Moves a local chain's clock forward and mines a block (for the walkthrough: reach a deadline). */
export async function advance(args: { days: string; seconds: string; json: boolean }, hre: HardhatRuntimeEnvironment) {
  try {
    const connection = await hre.network.getOrCreate();
    const chainId = (await connection.ethers.provider.getNetwork()).chainId;
    if (!LOCAL_CHAIN_IDS.has(Number(chainId))) throw new UsageError(`refusing to move time on chain ${chainId}: only local chains`);
    if (args.seconds === "" && args.days === "") throw new UsageError("give --days or --seconds");
    if (args.seconds !== "" && !/^\d+$/.test(args.seconds)) throw new UsageError(`--seconds must be a positive whole number, not "${args.seconds}"`);
    const seconds = args.seconds !== "" ? Number(args.seconds) : Number(daysOf(args.days, "--days"));
    if (seconds < 1) throw new UsageError("--seconds must be at least 1");
    await connection.networkHelpers.time.increase(seconds);
    const timestamp = await connection.networkHelpers.time.latest();
    const result = { advancedSeconds: seconds, timestamp, time: new Date(timestamp * 1000).toISOString() };
    console.log(args.json ? toJson(result) : `Chain time is now ${formatDate(timestamp)} (moved ${formatDuration(seconds)} forward)`);
  } catch (error) {
    failTask(error);
  }
}
