/**
 * Ignition's deployment files, read with `node:fs`: only the `node` entry point exports this module.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

import { defaultDeploymentId, MissingDeploymentError, rememberedDeployment, type OpenPledgeAddresses } from "./addresses.js";

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
  const journal = await readJournal(path.join(folder, "journal.jsonl"));
  const eas = addresses["LocalEAS#EAS"];
  const schemaRegistry = addresses["LocalEAS#SchemaRegistry"];
  return {
    registry,
    escrow,
    deploymentBlock: journal.firstBlock,
    chainId: journal.chainId,
    ...(eas !== undefined && schemaRegistry !== undefined ? { eas: { eas, schemaRegistry } } : {}),
  };
}

/** The chain id and the lowest block of a confirmed transaction that an Ignition journal records, where it has them. */
async function readJournal(journalFile: string): Promise<{ chainId?: number; firstBlock?: number }> {
  let journal: string;
  try {
    journal = await readFile(journalFile, "utf8");
  } catch {
    return {};
  }
  let chainId: number | undefined;
  let firstBlock: number | undefined;
  for (const line of journal.split("\n")) {
    if (!line.includes("chainId") && !line.includes("blockNumber")) continue;
    const entry = JSON.parse(line) as { chainId?: unknown; receipt?: { blockNumber?: unknown } };
    if (chainId === undefined && typeof entry.chainId === "number") chainId = entry.chainId;
    const block = entry.receipt?.blockNumber;
    if (typeof block === "number" && (firstBlock === undefined || block < firstBlock)) firstBlock = block;
  }
  return { chainId, firstBlock };
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
  const remembered = rememberedDeployment(options.provider);
  if (options.deploymentId === undefined && remembered !== undefined) return remembered;
  return readDeployment(options.deploymentsDir, options.deploymentId ?? defaultDeploymentId(options.chainId));
}
