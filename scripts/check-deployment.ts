/**
 * Checks an Ignition deployment of OpenPledge on the selected network: the runtime code on chain is byte for byte
 * the code the tests and the bench run (the artifacts of the `default` build profile, immutables aside), the escrow
 * is wired to the registry, and the roles and fee are the module parameters given. Exits non-zero otherwise.
 *
 * Run: `DEPLOYMENT_ID=chain-31337 PARAMETERS=deploy/parameters/localhost.json hardhat run scripts/check-deployment.ts --network localhost`
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

import hre, { artifacts, network } from "hardhat";

import {
  defaultDeploymentId,
  easAddressesOf,
  easContract,
  readDeployment,
  REPOSITORY_SCHEMA,
  REPOSITORY_SCHEMA_UID,
  schemaRegistryContract,
} from "../client/node.js";
import { PledgeEscrow__factory, ProjectRegistry__factory, RequestBoard__factory, ShareLedger__factory } from "../typechain-types/index.js";

interface ModuleParameters {
  OpenPledge: { owner: string; guardian: string; feeRecipient: string; feeBps: number };
}

const connection = await network.create();
const { ethers } = connection;
const chainId = (await ethers.provider.getNetwork()).chainId;
const deploymentId = process.env.DEPLOYMENT_ID ?? defaultDeploymentId(chainId);
const deployment = await readDeployment(path.join(hre.config.paths.ignition, "deployments"), deploymentId);
const { registry, escrow } = deployment;
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
const codeProblems = await Promise.all([
  compareRuntimeCode("ProjectRegistry", registry),
  compareRuntimeCode("PledgeEscrow", escrow),
  // The escrow's modules are deployed by its constructor, the refund bonus, share and request modules before it (and given to it): each
  // one's code is checked at the address the escrow names, so an escrow pointed at another module is caught.
  escrowContract.milestoneReview().then((module) => compareRuntimeCode("MilestoneReview", module)),
  escrowContract.campaignViews().then((module) => compareRuntimeCode("CampaignViews", module)),
  escrowContract.protocolAdmin().then((module) => compareRuntimeCode("ProtocolAdmin", module)),
  escrowContract.bonusPool().then((module) => compareRuntimeCode("BonusPool", module)),
  escrowContract.shareLedger().then((module) => compareRuntimeCode("ShareLedger", module)),
  // The request module behind the escrow's fallback, named by the escrow's own (checked) code, not by the module.
  escrowContract.requestBoard().then((module) => compareRuntimeCode("RequestBoard", module)),
  // The share and request modules carry their registry as an immutable (masked above): it must be the escrow's, or
  // dependency shares would follow another registry's lists and strangers would accept requests.
  escrowContract
    .shareLedger()
    .then((module) => sameRegistry("ShareLedger", ShareLedger__factory.connect(module, ethers.provider))),
  escrowContract
    .requestBoard()
    .then((module) => sameRegistry("RequestBoard", RequestBoard__factory.connect(module, ethers.provider))),
]);
const problems = [
  ...codeProblems,
  ...(await checkEas()),
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

/**
 * Compares the code at `address` with the tested artifact of `contractName`. Immutables are written into the code at
 * deployment, so their byte ranges (listed by the compiler) are taken from the chain; everything else must be equal.
 */
async function compareRuntimeCode(contractName: string, address: string): Promise<string | null> {
  const artifact = await artifacts.readArtifact(contractName);
  const onChain = await ethers.provider.getCode(address);
  const tested = Buffer.from(artifact.deployedBytecode.slice(2), "hex");
  const deployed = Buffer.from(onChain.slice(2), "hex");
  if (tested.length !== deployed.length) {
    return `${contractName} runtime code is ${deployed.length} bytes on chain, ${tested.length} bytes as tested`;
  }
  for (const [id, ranges] of Object.entries(artifact.immutableReferences ?? {})) {
    // The compiler writes an immutable once per place that reads it: every copy must hold the same value, or custom
    // creation code could show one address to the getters checked here and use another (say, in the fallback).
    const [first, ...others] = ranges.map(({ start, length }) => deployed.subarray(start, start + length));
    if (first !== undefined && others.some((copy) => !copy.equals(first))) {
      return `${contractName} on chain holds different values in the copies of one immutable (AST id ${id})`;
    }
    for (const { start, length } of ranges) deployed.copy(tested, start, start, start + length);
  }
  if (!tested.equals(deployed)) return `${contractName} runtime code on chain differs from the tested build`;
  console.log(`${contractName}: ${deployed.length} bytes of runtime code, identical to the tested build`);
  return null;
}

/** Whether a module built for a registry (`registry()`) serves the deployment's registry. */
async function sameRegistry(contractName: string, module: { registry(): Promise<string> }): Promise<string | null> {
  const served = await module.registry();
  return served === registry ? null : `${contractName} serves registry ${served}, expected ${registry}`;
}

/**
 * The attestation service verified repositories live on: EAS's own on a chain it runs on (its code is EAS's business;
 * only its presence is checked), or the one `LocalEAS.ts` deployed beside OpenPledge, whose code must be the vendored
 * package's (immutables aside), wired to its schema registry, with OpenPledge's repository schema registered.
 */
async function checkEas(): Promise<string[]> {
  const { eas, schemaRegistry } = easAddressesOf(chainId, deployment);
  if ((await ethers.provider.getCode(eas)) === "0x") return [`no EAS contract at ${eas}`];
  const problems: string[] = [];
  if (deployment.eas !== undefined) {
    const require = createRequire(import.meta.url);
    for (const [name, address] of [["EAS", eas], ["SchemaRegistry", schemaRegistry]] as const) {
      const shipped = Buffer.from((require(`../vendor/eas-contracts/${name}.json`) as { deployedBytecode: string }).deployedBytecode.slice(2), "hex");
      const deployed = Buffer.from((await ethers.provider.getCode(address)).slice(2), "hex");
      // The package's artifact leaves immutables as zero bytes: every other byte must be the package's.
      const same = shipped.length === deployed.length && shipped.every((byte, i) => byte === 0 || byte === deployed[i]);
      if (!same) problems.push(`${name} at ${address} is not the code of @ethereum-attestation-service/eas-contracts 1.9.0`);
      else console.log(`${name}: ${deployed.length} bytes of runtime code, the vendored package's`);
    }
    const wiredTo = (await easContract(eas, ethers.provider).getFunction("getSchemaRegistry").staticCall()) as string;
    if (wiredTo !== schemaRegistry) problems.push(`EAS uses schema registry ${wiredTo}, expected ${schemaRegistry}`);
  }
  const schema = (await schemaRegistryContract(schemaRegistry, ethers.provider).getFunction("getSchema").staticCall(REPOSITORY_SCHEMA_UID)) as {
    schema: string;
  };
  if (schema.schema === "" && deployment.eas === undefined) {
    console.log("repository schema not registered yet on this chain: the first attester registers it");
  } else if (schema.schema !== REPOSITORY_SCHEMA) {
    problems.push(`schema ${REPOSITORY_SCHEMA_UID} is "${schema.schema}", expected OpenPledge's repository schema`);
  } else {
    console.log(`repository schema ${REPOSITORY_SCHEMA_UID} registered on EAS ${eas}`);
  }
  return problems;
}
