import { readdir } from "node:fs/promises";

import { LOCAL_CHAIN_IDS, readDeployment } from "../client/node.js";

/** A deployment the web app can use, as it is written into the page at build time. */
export interface AppDeployment {
  id: string;
  chainId: number;
  registry: string;
  escrow: string;
  deploymentBlock?: number;
  /** EAS beside the deployment (local chains); elsewhere the client knows EAS's own addresses (`KNOWN_EAS`). */
  eas?: { eas: string; schemaRegistry: string };
  /** JSON-RPC endpoint for reading without a wallet (local chains). */
  rpcUrl?: string;
}

/**
 * Every OpenPledge deployment Ignition wrote under `deploymentsDir` (or only `onlyIds`), with its chain id from the
 * Ignition journal. Folders without the OpenPledge module are skipped.
 */
export async function collectDeployments(
  deploymentsDir: string,
  options: { onlyIds?: string[]; localRpcUrl?: string } = {},
): Promise<AppDeployment[]> {
  let ids: string[];
  try {
    ids = (await readdir(deploymentsDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return [];
  }
  if (options.onlyIds !== undefined) ids = ids.filter((id) => options.onlyIds?.includes(id));
  const deployments: AppDeployment[] = [];
  for (const id of ids.sort()) {
    let addresses;
    try {
      addresses = await readDeployment(deploymentsDir, id);
    } catch {
      continue;
    }
    const { chainId } = addresses;
    if (chainId === undefined) continue;
    const local = LOCAL_CHAIN_IDS.has(chainId);
    deployments.push({ id, ...addresses, chainId, rpcUrl: local ? options.localRpcUrl ?? "http://127.0.0.1:8545" : undefined });
  }
  return deployments;
}
