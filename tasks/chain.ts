import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { LOCAL_CHAIN_IDS } from "../client/states.js";
import { failTask } from "./context.js";
import { toJson } from "./output.js";

/** Moves a local chain's clock forward and mines a block (for the walkthrough: reach a deadline). */
export async function advance(args: { days: string; seconds: string; json: boolean }, hre: HardhatRuntimeEnvironment) {
  try {
    const connection = await hre.network.getOrCreate();
    const chainId = (await connection.ethers.provider.getNetwork()).chainId;
    if (!LOCAL_CHAIN_IDS.has(Number(chainId))) throw new Error(`refusing to move time on chain ${chainId}: only local chains`);
    const seconds = args.seconds !== "" ? Number(args.seconds) : Number(args.days) * 86_400;
    if (!Number.isInteger(seconds) || seconds <= 0) throw new Error(`give --days or --seconds as a positive amount`);
    await connection.networkHelpers.time.increase(seconds);
    const timestamp = await connection.networkHelpers.time.latest();
    const result = { advancedSeconds: seconds, timestamp, time: new Date(timestamp * 1000).toISOString() };
    console.log(args.json ? toJson(result) : `Chain time is now ${result.time} (+${seconds} s)`);
  } catch (error) {
    failTask(error);
  }
}
