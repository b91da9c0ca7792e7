import path from "node:path";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { isAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";

import { describeError, OpenPledgeClient, resolveDeployment } from "../client/node.js";
import { isUnset } from "./argv.js";
import { toJson } from "./output.js";

/** Options every OpenPledge task takes. */
export interface CommonArgs {
  from: string;
  json: boolean;
  deploymentId: string;
  /** `--indexer`, on the tasks that read lists: the indexer's URL, "none", or unset for `OPENPLEDGE_INDEXER_URL`. */
  indexer?: string;
}

/** What a task action works with. */
export interface TaskContext {
  /** A read-only client: views need no account, so they work without a key on real networks. */
  client: OpenPledgeClient;
  connection: NetworkConnection;
  chainId: bigint;
  json: boolean;
  /** The `--from` account that signs; resolved only when a task writes (or asks for it). */
  signer(): Promise<HardhatEthersSigner>;
  /** A client that signs as `--from`. */
  writer(): Promise<OpenPledgeClient>;
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
 * in-process deployment of this process), runs `action`, and prints its result: `human` for people, the raw result
 * with `--json`. Any failure is one line on stderr and exit code 1. A result that cannot be written for people
 * (after a transaction was mined) is printed as JSON instead, never as a failure. Returns the result (undefined after
 * a failure), for what a task still has to say about it (warnings, an exit code).
 */
export async function runTask<T>(
  hre: HardhatRuntimeEnvironment,
  args: CommonArgs,
  action: (context: TaskContext) => Promise<T>,
  human: (result: T, context: TaskContext) => string | Promise<string>,
): Promise<T | undefined> {
  let context: TaskContext;
  let result: T;
  try {
    context = await openContext(hre, args);
    result = await action(context);
  } catch (error) {
    failTask(error);
    return undefined;
  }
  if (args.json) {
    console.log(toJson(result));
    return result;
  }
  try {
    console.log(await human(result, context));
  } catch {
    console.log(toJson(result));
  }
  return result;
}

/** Prints a failure as one line on stderr and sets exit code 1. */
export function failTask(error: unknown): void {
  console.error(`Error: ${describeError(error).text}`);
  process.exitCode = 1;
}

/** Prints a warning as one line on stderr (also with `--json`: stdout stays the result alone). */
export function warn(text: string): void {
  console.error(`Warning: ${text}`);
}

async function openContext(hre: HardhatRuntimeEnvironment, args: CommonArgs): Promise<TaskContext> {
  const connection = await hre.network.getOrCreate();
  const { ethers } = connection;
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const addresses = await resolveDeployment({
    provider: connection.provider,
    chainId,
    deploymentsDir: path.join(hre.config.paths.ignition, "deployments"),
    deploymentId: isUnset(args.deploymentId) ? undefined : args.deploymentId,
  });
  if (addresses.chainId !== undefined && BigInt(addresses.chainId) !== chainId) {
    throw new UsageError(`deployment '${args.deploymentId}' is on chain ${addresses.chainId}, but network '${connection.networkName}' is chain ${chainId}`);
  }
  const code = await ethers.provider.getCode(addresses.escrow);
  if (code === "0x") {
    throw new UsageError(
      `network '${connection.networkName}' (chain ${chainId}) has no contract at the deployment's escrow ${addresses.escrow}: wrong network, or a restarted node? Deploy again.`,
    );
  }
  let signers: HardhatEthersSigner[] | undefined;
  const allSigners = async () => (signers ??= await ethers.getSigners());
  const account = async (ref: string): Promise<string> => {
    if (isAddress(ref)) return ethers.getAddress(ref);
    const all = /^\d+$/.test(ref) ? await allSigners() : [];
    const signer = all[Number(ref)];
    if (signer === undefined) {
      throw new UsageError(`"${ref}" is neither an address nor the index of one of the ${(await allSigners()).length} accounts of this network`);
    }
    return signer.address;
  };
  const signer = async (): Promise<HardhatEthersSigner> => {
    const fromAddress = await account(args.from);
    const found = (await allSigners()).find((candidate) => candidate.address === fromAddress);
    if (found === undefined) throw new UsageError(`account ${fromAddress} cannot sign on network '${connection.networkName}'`);
    return found;
  };
  const indexerUrl = indexerUrlOf(args.indexer);
  return {
    client: new OpenPledgeClient(addresses, ethers.provider, { indexerUrl, onFallback: (fallback) => warn(fallback.message) }),
    connection,
    chainId,
    json: args.json,
    signer,
    writer: async () => new OpenPledgeClient(addresses, await signer()),
    account,
  };
}

/**
 * The indexer a task reads from: `--indexer <url>`, else the environment's `OPENPLEDGE_INDEXER_URL`; none when
 * neither is set or `--indexer none` is given.
 */
export function indexerUrlOf(option: string | undefined): string | undefined {
  const given = option === undefined || isUnset(option) ? (process.env.OPENPLEDGE_INDEXER_URL ?? "") : option;
  return given.trim() === "" || given.trim() === "none" ? undefined : given.trim();
}

/** A positive whole number typed by the user (an id). */
export function parseId(text: string, what: string): bigint {
  if (!/^\d+$/.test(text.trim()) || BigInt(text.trim()) === 0n) throw new UsageError(`${what} must be a positive whole number, not "${text}"`);
  return BigInt(text.trim());
}

/**
 * The account a view is told for: `--from` (an address needs no key to be shown), nobody when the network has no accounts and `--from`
 * was left at its default; an unknown `--from` is refused, as a transaction refuses it.
 */
export async function viewer(args: CommonArgs, account: (ref: string) => Promise<string>): Promise<string | undefined> {
  try {
    return await account(args.from);
  } catch (error) {
    if (args.from === "0" && error instanceof UsageError && /index of one of the 0 accounts/.test(error.message)) return undefined;
    throw error;
  }
}
