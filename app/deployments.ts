import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { readDeployment } from "../client/deployment.js";

/** A deployment the web app can use, as it is written into the page at build time. */
export interface AppDeployment {
  id: string;
  chainId: number;
  registry: string;
  escrow: string;
  deploymentBlock?: number;
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
    const chainId = await chainIdOf(path.join(deploymentsDir, id, "journal.jsonl"));
    if (chainId === undefined) continue;
    const local = chainId === 31337 || chainId === 1337;
    deployments.push({ id, chainId, ...addresses, rpcUrl: local ? options.localRpcUrl ?? "http://127.0.0.1:8545" : undefined });
  }
  return deployments;
}

async function chainIdOf(journalFile: string): Promise<number | undefined> {
  let journal: string;
  try {
    journal = await readFile(journalFile, "utf8");
  } catch {
    return undefined;
  }
  const first = journal.split("\n").find((line) => line.includes("chainId"));
  if (first === undefined) return undefined;
  const entry = JSON.parse(first) as { chainId?: unknown };
  return typeof entry.chainId === "number" ? entry.chainId : undefined;
}
