import { readFile } from "node:fs/promises";
import path from "node:path";

/** Addresses of one Ignition deployment of the OpenPledge module. */
export interface OpenPledgeAddresses {
  registry: string;
  escrow: string;
}

/** Ignition's default deployment id for a chain. */
export function defaultDeploymentId(chainId: bigint): string {
  return `chain-${chainId}`;
}

/**
 * Reads the registry and escrow addresses that Ignition recorded for `deploymentId` under `deploymentsDir`
 * (the project's `deploy/deployments`). Throws a one-line error when the deployment or a contract is missing.
 */
export async function readDeployment(deploymentsDir: string, deploymentId: string): Promise<OpenPledgeAddresses> {
  const file = path.join(deploymentsDir, deploymentId, "deployed_addresses.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new Error(`No Ignition deployment '${deploymentId}' (looked for ${file}). Deploy first.`);
  }
  const addresses = JSON.parse(text) as Record<string, string>;
  const registry = addresses["OpenPledge#ProjectRegistry"];
  const escrow = addresses["OpenPledge#PledgeEscrow"];
  if (registry === undefined || escrow === undefined) {
    throw new Error(`Deployment '${deploymentId}' has no OpenPledge module (${file}).`);
  }
  return { registry, escrow };
}
