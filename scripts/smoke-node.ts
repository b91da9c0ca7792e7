/**
 * Deploys OpenPledge with Ignition to a real JSON-RPC node (`hardhat node` on 127.0.0.1, a free port) with the
 * parameters in deploy/parameters/localhost.json and EAS beside it (deploy/modules/LocalEAS.ts), checks the deployment against them, and always stops the node.
 *
 * Run: `npm run smoke:node`.
 */
import { rm } from "node:fs/promises";
import path from "node:path";

import { hardhatOnNode, startLocalNode } from "./lib/local-node.js";

const node = await startLocalNode();
const deploymentId = `smoke-${node.port}`;
const deploymentDir = path.resolve("deploy", "deployments", deploymentId);
let failed = false;
try {
  const steps: string[][] = [
    ["ignition", "deploy", "deploy/modules/OpenPledge.ts", "--parameters", "deploy/parameters/localhost.json", "--deployment-id", deploymentId],
    // EAS beside it, in the same deployment, as `npm run deploy:local` does (verified repositories are attestations there).
    ["ignition", "deploy", "deploy/modules/LocalEAS.ts", "--deployment-id", deploymentId],
    ["run", "scripts/check-deployment.ts"],
  ];
  process.env.DEPLOYMENT_ID = deploymentId;
  process.env.PARAMETERS = "deploy/parameters/localhost.json";
  for (const step of steps) {
    const result = await hardhatOnNode(node.rpcUrl, step);
    process.stdout.write(result.stdout);
    if (result.code !== 0) {
      process.stderr.write(result.stderr);
      throw new Error(`hardhat ${step.join(" ")} failed with exit code ${result.code}`);
    }
  }
} catch (error) {
  console.error(`smoke-node: ${error instanceof Error ? error.message : String(error)}`);
  failed = true;
} finally {
  await node.stop();
  await rm(deploymentDir, { recursive: true, force: true });
}
if (failed) process.exitCode = 1;
