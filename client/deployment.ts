import { readFile } from "node:fs/promises";
import path from "node:path";

/** Addresses of one deployment of the OpenPledge module, and the block it started at (for reading events). */
export interface OpenPledgeAddresses {
  registry: string;
  escrow: string;
  deploymentBlock?: number;
}

/** A deployment that could not be found, with the one-line reason. */
export class MissingDeploymentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingDeploymentError";
  }
}

/** Ignition's default deployment id for a chain. */
export function defaultDeploymentId(chainId: bigint): string {
  return `chain-${chainId}`;
}

/**
 * Reads the registry and escrow addresses that Ignition recorded for `deploymentId` under `deploymentsDir`
 * (the project's `deploy/deployments`), and the first block of the deployment from its journal.
 */
export async function readDeployment(deploymentsDir: string, deploymentId: string): Promise<OpenPledgeAddresses> {
  const folder = path.join(deploymentsDir, deploymentId);
  const file = path.join(folder, "deployed_addresses.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new MissingDeploymentError(
      `no OpenPledge deployment '${deploymentId}' (looked for ${file}); deploy with hardhat ignition deploy first`,
    );
  }
  const addresses = JSON.parse(text) as Record<string, string>;
  const registry = addresses["OpenPledge#ProjectRegistry"];
  const escrow = addresses["OpenPledge#PledgeEscrow"];
  if (registry === undefined || escrow === undefined) {
    throw new MissingDeploymentError(`deployment '${deploymentId}' has no OpenPledge module (${file})`);
  }
  return { registry, escrow, deploymentBlock: await firstBlock(path.join(folder, "journal.jsonl")) };
}

/** The lowest block number of a confirmed transaction in an Ignition journal, if it has any. */
async function firstBlock(journalFile: string): Promise<number | undefined> {
  let journal: string;
  try {
    journal = await readFile(journalFile, "utf8");
  } catch {
    return undefined;
  }
  let lowest: number | undefined;
  for (const line of journal.split("\n")) {
    if (!line.includes("blockNumber")) continue;
    const entry = JSON.parse(line) as { receipt?: { blockNumber?: unknown } };
    const block = entry.receipt?.blockNumber;
    if (typeof block === "number" && (lowest === undefined || block < lowest)) lowest = block;
  }
  return lowest;
}

const inMemory = new WeakMap<object, OpenPledgeAddresses>();

/**
 * Remembers a deployment made on an in-process chain, which Ignition does not write to disk: the chain and its
 * deployment both live only as long as the process and its connection (`connection.provider`).
 */
export function rememberDeployment(provider: object, addresses: OpenPledgeAddresses): void {
  inMemory.set(provider, addresses);
}

/**
 * The deployment to use on a connection: the one Ignition wrote for `deploymentId` (default `chain-<id>`), or, for
 * an in-process chain without one on disk, the deployment made in this process.
 */
export async function resolveDeployment(options: {
  provider: object;
  chainId: bigint;
  deploymentsDir: string;
  deploymentId?: string;
}): Promise<OpenPledgeAddresses> {
  const remembered = inMemory.get(options.provider);
  if (options.deploymentId === undefined && remembered !== undefined) return remembered;
  return readDeployment(options.deploymentsDir, options.deploymentId ?? defaultDeploymentId(options.chainId));
}
