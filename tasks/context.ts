import path from "node:path";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { isAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";

import { OpenPledgeClient } from "../client/client.js";
import { resolveDeployment } from "../client/deployment.js";
import { toJson } from "./output.js";

/** Options every OpenPledge task takes. */
export interface CommonArgs {
  from: string;
  json: boolean;
  deploymentId: string;
}

/** What a task action works with. */
export interface TaskContext {
  client: OpenPledgeClient;
  connection: NetworkConnection;
  signer: HardhatEthersSigner;
  chainId: bigint;
  json: boolean;
  /** An account given as an address, or as the index of one of the network's accounts. */
  account(ref: string): Promise<string>;
}

/** A problem with what the user typed, reported as one line. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Connects to the selected network, finds the OpenPledge deployment of its chain (Ignition's files, or the
 * in-process deployment of this process) and the signing account, runs `action`, and prints its result: `human` for
 * people, the raw result with `--json`. Any failure is one line on stderr and exit code 1.
 */
export async function runTask<T>(
  hre: HardhatRuntimeEnvironment,
  args: CommonArgs,
  action: (context: TaskContext) => Promise<T>,
  human: (result: T, context: TaskContext) => string | Promise<string>,
): Promise<void> {
  try {
    const context = await openContext(hre, args);
    const result = await action(context);
    console.log(args.json ? toJson(result) : await human(result, context));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Error: ${message.split("\n")[0]}`);
    process.exitCode = 1;
  }
}

async function openContext(hre: HardhatRuntimeEnvironment, args: CommonArgs): Promise<TaskContext> {
  const connection = await hre.network.getOrCreate();
  const { ethers } = connection;
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const addresses = await resolveDeployment({
    provider: connection.provider,
    chainId,
    deploymentsDir: path.join(hre.config.paths.ignition, "deployments"),
    deploymentId: args.deploymentId === "" ? undefined : args.deploymentId,
  });
  const code = await ethers.provider.getCode(addresses.escrow);
  if (code === "0x") {
    throw new UsageError(
      `network '${connection.networkName}' (chain ${chainId}) has no contract at the deployment's escrow ${addresses.escrow}: wrong network, or a restarted node? Deploy again.`,
    );
  }
  const signers = await ethers.getSigners();
  const account = async (ref: string): Promise<string> => {
    if (isAddress(ref)) return ethers.getAddress(ref);
    const signer = /^\d+$/.test(ref) ? signers[Number(ref)] : undefined;
    if (signer === undefined) {
      throw new UsageError(`"${ref}" is neither an address nor the index of one of the ${signers.length} accounts of this network`);
    }
    return signer.address;
  };
  const fromAddress = await account(args.from);
  const signer = signers.find((candidate) => candidate.address === fromAddress);
  if (signer === undefined) throw new UsageError(`account ${fromAddress} cannot sign on network '${connection.networkName}'`);
  const client = new OpenPledgeClient(addresses, signer);
  return { client, connection, signer, chainId, json: args.json, account };
}

/** A positive whole number typed by the user (an id). */
export function parseId(text: string, what: string): bigint {
  if (!/^\d+$/.test(text.trim()) || BigInt(text.trim()) === 0n) throw new UsageError(`${what} must be a positive whole number, not "${text}"`);
  return BigInt(text.trim());
}
