/**
 * `npm run app`: starts a local node on 127.0.0.1, deploys OpenPledge with Ignition, seeds demo projects, campaigns
 * and pledges, and serves the web app, printing its URL. Ctrl-C stops the app and the node.
 */
import { rm } from "node:fs/promises";
import path from "node:path";

import { createServer } from "vite";

import { portTaken, startLocalNode } from "../../scripts/lib/local-node.js";
import { deployAndSeed } from "./seed.js";

const DEPLOYMENT_ID = "local-app";
const deploymentDir = path.resolve("deploy", "deployments", DEPLOYMENT_ID);

const node = await startLocalNode((await portTaken(8545)) ? undefined : 8545);
let closing = false;
async function shutdown(code: number): Promise<never> {
  if (!closing) {
    closing = true;
    await node.stop();
    await rm(deploymentDir, { recursive: true, force: true });
  }
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  await rm(deploymentDir, { recursive: true, force: true });
  console.log(`local node: ${node.rpcUrl} (chain 31337; its 20 accounts are Hardhat's well-known test keys)`);
  await deployAndSeed(node.rpcUrl, DEPLOYMENT_ID);
  process.env.OPENPLEDGE_DEPLOYMENT_IDS = DEPLOYMENT_ID;
  process.env.OPENPLEDGE_RPC_URL = node.rpcUrl;
  const server = await createServer({ configFile: path.resolve("app", "vite.config.ts"), server: { host: "127.0.0.1", port: 5173 } });
  await server.listen();
  const url = server.resolvedUrls?.local[0] ?? "http://127.0.0.1:5173/";
  console.log(`\nOpenPledge app: ${url}`);
  console.log("Add the local chain to your wallet (RPC above, chain id 31337) and import a Hardhat test account to act.");
  console.log(
    "Seeded: project 1 with campaigns 1 (failed), 2 (succeeded), 3 (milestone in review), 4 (ETH), 5 (PUSD), 7 (lapsed: refundable),",
    "8 (goal reached in the last call: deadline extended); project 2 with campaign 6.",
  );
  console.log("Ctrl-C stops the app and the node.");
} catch (error) {
  console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown(1);
}
