/**
 * `npm run app`: starts a local node on 127.0.0.1 (port 8545, or a free port when 8545 is taken, said so), serves the
 * demo's metadata and spec documents (also as the app's IPFS gateway), deploys OpenPledge with Ignition, seeds demo
 * projects, campaigns and pledges, starts a local forge (GitHub's, GitLab's and Forgejo's APIs on 127.0.0.1: project 1's
 * repository is there with its proof file, and the app's path check asks it, never the real github.com), starts the indexer beside the node (its tables in a temporary PGlite folder; the
 * app's lists, search, "my pledges" and maintainer's page read it), serves the web app, and prints the URLs and the test
 * accounts to import. Ctrl-C (SIGINT, to the process or its group), SIGTERM or SIGHUP (to this process, or to npm: see
 * `followAncestors`) stops everything and removes the temporary deployment (`deploy/deployments/local-app`), so that a
 * later `npm run build:app` does not list a dead chain, and the indexer's folder.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { HDNodeWallet, JsonRpcProvider } from "ethers";
import { createServer, type ViteDevServer } from "vite";

import { startIndexer, type RunningIndexer } from "../../scripts/lib/indexer.js";
import { startLocalForge, type LocalForge } from "../../scripts/lib/local-forge.js";
import { portTaken, startLocalNode, type LocalNode } from "../../scripts/lib/local-node.js";
import { startDocumentHost, type DocumentHost } from "./documents.js";
import { deployAndSeed } from "./seed.js";

/** The tests run this script on a port and deployment of their own; people get 8545 and `local-app`. */
const DEPLOYMENT_ID = process.env.OPENPLEDGE_APP_DEPLOYMENT ?? "local-app";
const PREFERRED_PORT = Number(process.env.OPENPLEDGE_APP_NODE_PORT ?? "8545");
const deploymentDir = path.resolve("deploy", "deployments", DEPLOYMENT_ID);
/** Hardhat's default accounts come from this public mnemonic: anyone can spend from them on any network. */
const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";
const ROLES = [
  "deployer, protocol owner",
  "owner of project 1",
  "backer",
  "backer",
  "backer",
  "owner of projects 2 and 3 (dependencies of project 1)",
  "builder of campaign 9 (accepted; its share waits in Owed to you)",
  "nominated builder of campaign 10 (not yet accepted)",
  "no role yet",
  "payout of project 1",
];

/** The indexer's PGlite tables: a folder of this run's own, removed with the deployment. */
const indexerDir = mkdtempSync(path.join(os.tmpdir(), "openpledge-app-indexer-"));
const removeDeployment = () => {
  rmSync(deploymentDir, { recursive: true, force: true });
  rmSync(indexerDir, { recursive: true, force: true });
};
let node: LocalNode | undefined;
let indexer: RunningIndexer | undefined;
let documents: DocumentHost | undefined;
let forge: LocalForge | undefined;
let server: ViteDevServer | undefined;
let closing = false;

async function shutdown(code: number): Promise<void> {
  if (closing) return;
  closing = true;
  // First what must not be left behind, synchronously: nothing after this line can keep it from happening.
  rmSync(deploymentDir, { recursive: true, force: true });
  // The indexer first (it reads the node), then its folder.
  await indexer?.stop().catch(() => undefined);
  removeDeployment();
  await Promise.allSettled([server?.close(), documents?.stop(), forge?.close(), node?.stop()]);
  process.exit(code);
}
const onSignal = () => void shutdown(0);
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
process.on("SIGHUP", onSignal);
// Whatever else ends the process (an uncaught error, another library's process.exit): still no stale deployment.
process.on("exit", removeDeployment);

/**
 * Leaves the ending of the process to `shutdown`: Vite's own SIGTERM / stdin-end handler calls process.exit while the
 * cleanup is still running (how the deployment used to be left behind).
 */
function ownSignals(): void {
  for (const listener of process.listeners("SIGTERM")) if (listener !== onSignal) process.off("SIGTERM", listener);
  for (const listener of process.stdin.listeners("end")) process.stdin.off("end", listener as () => void);
}

/**
 * The processes that started this one (tsx, the shell of the npm script, npm): up to three levels. A SIGTERM sent to
 * `npm run app`'s own process ends npm and its shell without passing it on, which would leave this process, the node
 * and the deployment behind; so when one of them is gone, this process shuts down as if it had the signal.
 */
function ancestors(levels: number): number[] {
  const found: number[] = [];
  let pid = process.ppid;
  for (let level = 0; level < levels && pid > 1; level++) {
    found.push(pid);
    try {
      pid = Number(execFileSync("ps", ["-o", "ppid=", "-p", String(pid)], { encoding: "utf8" }).trim());
    } catch {
      break;
    }
  }
  return found;
}

function followAncestors(): void {
  const watched = ancestors(3);
  const timer = setInterval(() => {
    for (const pid of watched) {
      try {
        process.kill(pid, 0);
      } catch {
        clearInterval(timer);
        console.log(`\nThe process that started this one (${pid}) is gone: stopping.`);
        void shutdown(0);
        return;
      }
    }
  }, 1_000);
  timer.unref();
}

function printAccounts(): void {
  const root = HDNodeWallet.fromPhrase(HARDHAT_MNEMONIC, undefined, "m/44'/60'/0'/0");
  console.log("\nTest accounts to import in your wallet (chain id 31337):");
  console.log("  PUBLIC TEST KEYS: Hardhat's well-known default accounts. Anyone can take what they hold on any real network;");
  console.log("  import them only into a wallet you use for local testing, and never send real funds to them.");
  ROLES.forEach((role, index) => {
    const account = root.deriveChild(index);
    console.log(`  #${index} ${account.address} (${role})\n     private key ${account.privateKey}`);
  });
}

try {
  const preferredTaken = await portTaken(PREFERRED_PORT);
  node = await startLocalNode(preferredTaken ? undefined : PREFERRED_PORT);
  if (preferredTaken) {
    console.log(`Port ${PREFERRED_PORT} is taken (another node or program listens there): this run's local node uses port ${node.port} instead.`);
    console.log(`Point your wallet's local network at ${node.rpcUrl}, not at port ${PREFERRED_PORT}.`);
  }
  removeDeployment();
  console.log(`local node: ${node.rpcUrl} (chain 31337)`);
  documents = await startDocumentHost();
  forge = await startLocalForge();
  await deployAndSeed(node.rpcUrl, DEPLOYMENT_ID, documents, { forge });
  console.log("indexer: starting beside the node (about 30 s: it reads every event since the deployment)…");
  indexer = await startIndexer({
    rpcUrl: node.rpcUrl,
    deploymentId: DEPLOYMENT_ID,
    port: process.env.OPENPLEDGE_APP_INDEXER_PORT === undefined ? undefined : Number(process.env.OPENPLEDGE_APP_INDEXER_PORT),
    directory: indexerDir,
    env: { OPENPLEDGE_IPFS_GATEWAY: documents.gateway },
  });
  process.env.OPENPLEDGE_INDEXER_URL = indexer.url;
  process.env.OPENPLEDGE_DEPLOYMENT_IDS = DEPLOYMENT_ID;
  process.env.OPENPLEDGE_RPC_URL = node.rpcUrl;
  process.env.OPENPLEDGE_IPFS_GATEWAY = documents.gateway;
  process.env.OPENPLEDGE_FORGES = forge.forgeList;
  server = await createServer({ configFile: path.resolve("app", "vite.config.ts"), server: { host: "127.0.0.1", port: 5173 } });
  await server.listen();
  ownSignals();
  followAncestors();
  const url = server.resolvedUrls?.local[0] ?? "http://127.0.0.1:5173/";
  console.log(`\nOpenPledge app: ${url}`);
  console.log(`Indexer (the app's lists, search, my pledges, maintainer's page): ${indexer.url} (its state: ${indexer.url}/api/status)`);
  console.log(`  its tables (PGlite, removed on exit): ${indexerDir}`);
  console.log(`Demo documents (metadata, specs; the app's IPFS gateway): ${documents.url}`);
  console.log(`Local forge (the app asks it whether a verified repository moved; OPENPLEDGE_FORGES for the command line): ${forge.forgeList}`);
  console.log(`Add the local chain to your wallet: RPC ${node.rpcUrl}, chain id 31337, currency ETH.`);
  console.log("The command line on this chain:");
  console.log(`  LOCALHOST_RPC_URL=${node.rpcUrl} OPENPLEDGE_INDEXER_URL=${indexer.url} npx hardhat campaign list --network localhost --deployment-id ${DEPLOYMENT_ID}`);
  printAccounts();
  console.log(
    "\nSeeded: project 1 with campaigns 1 (failed), 2 (succeeded), 3 (milestone in review), 4 (ETH), 5 (PUSD), 7 (lapsed: refundable),",
    "8 (goal reached in the last call: deadline extended), 9 (claimed with shares: 15% to its builder, account 6, and",
    "5% and 2.5% to projects 2 and 3), 10 (builder share 10%: account 7 nominated, not yet accepted); project 2 with",
    "campaign 6; project 3 (a dependency of project 1, no campaign). Project 1's repository is verified by account 0",
    "(the local default attester, for 90 days); projects 2 and 3 are not.",
  );
  const ahead = await clockAhead(node.rpcUrl);
  if (ahead >= 1) {
    console.log(
      `The local chain's clock runs about ${ahead} day${ahead === 1 ? "" : "s"} ahead of yours (the seed moved it to end campaigns):`,
      "dates the chain wrote, such as the verification's, read that much later than today.",
    );
  }
  console.log(`Ctrl-C stops the app, the indexer and the node, and removes ${path.relative(process.cwd(), deploymentDir)} and the indexer's tables.`);
} catch (error) {
  console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
}

/** How many whole days the chain's latest block is ahead of this computer's clock (the seed moves it on). */
async function clockAhead(rpcUrl: string): Promise<number> {
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
  try {
    const latest = await provider.getBlock("latest");
    return latest === null ? 0 : Math.floor((latest.timestamp - Date.now() / 1000) / 86_400);
  } catch {
    return 0;
  } finally {
    provider.destroy();
  }
}
