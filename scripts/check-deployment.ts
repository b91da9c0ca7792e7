/**
 * Checks an Ignition deployment of OpenPledge on the selected network: the escrow is wired to the registry,
 * and the roles and fee are the module parameters given. Exits non-zero otherwise.
 *
 * Run: `DEPLOYMENT_ID=chain-31337 PARAMETERS=deploy/parameters/localhost.json hardhat run scripts/check-deployment.ts --network localhost`
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

import hre, { network } from "hardhat";

import { defaultDeploymentId, readDeployment } from "../client/deployment.js";
import { PledgeEscrow__factory, ProjectRegistry__factory } from "../typechain-types/index.js";

interface ModuleParameters {
  OpenPledge: { owner: string; guardian: string; feeRecipient: string; feeBps: number };
}

const connection = await network.create();
const { ethers } = connection;
const chainId = (await ethers.provider.getNetwork()).chainId;
const deploymentId = process.env.DEPLOYMENT_ID ?? defaultDeploymentId(chainId);
const { registry, escrow } = await readDeployment(path.join(hre.config.paths.ignition, "deployments"), deploymentId);
const expected = (JSON.parse(await readFile(process.env.PARAMETERS ?? "deploy/parameters/localhost.json", "utf8")) as ModuleParameters)
  .OpenPledge;

const escrowContract = PledgeEscrow__factory.connect(escrow, ethers.provider);
const registryContract = ProjectRegistry__factory.connect(registry, ethers.provider);
const actual = {
  registry: await escrowContract.registry(),
  owner: await escrowContract.owner(),
  guardian: await escrowContract.guardian(),
  feeRecipient: await escrowContract.feeRecipient(),
  feeBps: Number(await escrowContract.feeBps()),
  projects: await registryContract.projectCount(),
};
const problems = [
  actual.registry === registry ? null : `escrow.registry() is ${actual.registry}, expected ${registry}`,
  actual.owner === expected.owner ? null : `owner is ${actual.owner}, expected ${expected.owner}`,
  actual.guardian === expected.guardian ? null : `guardian is ${actual.guardian}, expected ${expected.guardian}`,
  actual.feeRecipient === expected.feeRecipient ? null : `fee recipient is ${actual.feeRecipient}, expected ${expected.feeRecipient}`,
  actual.feeBps === expected.feeBps ? null : `fee is ${actual.feeBps} bps, expected ${expected.feeBps}`,
].filter((problem): problem is string => problem !== null);

console.log(`chain ${chainId}, deployment ${deploymentId}: registry ${registry}, escrow ${escrow}`);
console.log(`owner ${actual.owner}, guardian ${actual.guardian}, fee ${actual.feeBps} bps to ${actual.feeRecipient}`);
if (problems.length > 0) {
  for (const problem of problems) console.error(`MISMATCH: ${problem}`);
  process.exitCode = 1;
} else {
  console.log("deployment matches its parameters");
}
