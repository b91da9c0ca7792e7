/**
 * A real `hardhat node` on 127.0.0.1 with OpenPledge and the PUSD permit token deployed through Ignition under a
 * deployment id of its own (recorded in deploy/deployments/<id>/, where the indexer reads it; removed by `stop`), and
 * the indexer's side of a test: waiting until it has indexed the chain's latest block.
 */
import { rm } from "node:fs/promises";
import path from "node:path";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { parseUnits } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { readDeployment, type OpenPledgeAddresses } from "../../client/node.js";
import type { IndexerStatus } from "../../client/index.js";
import { startLocalNode, type LocalNode } from "../../scripts/lib/local-node.js";
import { deployProtocolWithTestToken } from "../../scripts/lib/protocol.js";
import type { RunningIndexer } from "../../scripts/lib/indexer.js";
import type { PledgeEscrow, ProjectRegistry, TestToken } from "../../typechain-types/index.js";

export const HOUR = 3_600n;
export const DAY = 86_400n;
export const FEE_BPS = 250;

/** A node with the protocol deployed; accounts 0 (protocol owner and guardian) and 9 (fee recipient). */
export interface TestChain {
  node: LocalNode;
  connection: NetworkConnection;
  signers: HardhatEthersSigner[];
  registry: ProjectRegistry;
  escrow: PledgeEscrow;
  token: TestToken;
  tokenAddress: string;
  deploymentId: string;
  addresses: OpenPledgeAddresses;
  /** Stops the node (the deployment's folder stays until `removeDeployment`). */
  stop(): Promise<void>;
  /** Removes deploy/deployments/<deploymentId>. */
  removeDeployment(): Promise<void>;
}

/**
 * Starts a node (on `port`, or a free one) and deploys the protocol and the token with the helper the demo, the bench
 * and the app use (Ignition modules, recorded under `deploymentId`); mints 1,000,000 PUSD to accounts 1-8.
 */
export async function startChain(options: { port?: number; deploymentId?: string } = {}): Promise<TestChain> {
  const node = await startLocalNode(options.port);
  const deploymentId = options.deploymentId ?? `indexer-test-${node.port}-${Date.now()}`;
  let connection: NetworkConnection | undefined;
  try {
    connection = await network.create({ network: "localhost", override: { url: node.rpcUrl } });
    const signers = await connection.ethers.getSigners();
    const [deployer] = signers;
    if (deployer === undefined) throw new Error("the node has no accounts");
    const roles = { owner: deployer.address, guardian: deployer.address, feeRecipient: signers[9]?.address ?? deployer.address, feeBps: FEE_BPS };
    const mintTo = { accounts: signers.slice(1, 9).map((signer) => signer.address), amount: parseUnits("1000000", 6) };
    const deployed = await deployProtocolWithTestToken(connection, deployer, { roles, mintTo, deploymentId });
    const addresses = await readDeployment(path.resolve("deploy", "deployments"), deploymentId);
    const opened = connection;
    return {
      node,
      connection,
      signers,
      ...deployed,
      deploymentId,
      addresses,
      stop: async () => {
        await opened.close().catch(() => undefined);
        await node.stop();
      },
      removeDeployment: () => rm(path.resolve("deploy", "deployments", deploymentId), { recursive: true, force: true }),
    };
  } catch (error) {
    await connection?.close().catch(() => undefined);
    await node.stop();
    await rm(path.resolve("deploy", "deployments", deploymentId), { recursive: true, force: true });
    throw error;
  }
}

/** The chain's latest block. */
export async function headOf(chain: TestChain): Promise<{ number: number; timestamp: bigint }> {
  const block = await chain.connection.ethers.provider.getBlock("latest");
  if (block === null) throw new Error("no latest block");
  return { number: block.number, timestamp: BigInt(block.timestamp) };
}

/** Moves chain time forward by `seconds` and mines a block at that time. */
export async function advance(chain: TestChain, seconds: bigint): Promise<void> {
  await chain.connection.ethers.provider.send("evm_increaseTime", [Number(seconds)]);
  await chain.connection.ethers.provider.send("evm_mine", []);
}

/** Mines the next block at `time` exactly (later than the latest block). */
export async function mineAt(chain: TestChain, time: bigint): Promise<void> {
  await chain.connection.ethers.provider.send("evm_setNextBlockTimestamp", [Number(time)]);
  await chain.connection.ethers.provider.send("evm_mine", []);
}

/** Sets the time of the next transaction's block. */
export async function nextAt(chain: TestChain, time: bigint): Promise<void> {
  await chain.connection.ethers.provider.send("evm_setNextBlockTimestamp", [Number(time)]);
}

/** The indexer's status. */
export async function statusOf(indexer: RunningIndexer): Promise<IndexerStatus> {
  const response = await fetch(`${indexer.url}/api/status`);
  if (!response.ok) throw new Error(`GET /api/status: HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as IndexerStatus;
}

/**
 * Waits until the indexer has indexed the chain's latest block and its answers are worked out at that block's time
 * (its view of the head is refreshed at most every half second); returns that block.
 */
export async function syncIndexer(indexer: RunningIndexer, chain: TestChain, timeoutMs = 60_000): Promise<{ number: number; timestamp: bigint }> {
  const head = await headOf(chain);
  const giveUpAt = Date.now() + timeoutMs;
  let last: IndexerStatus | undefined;
  for (;;) {
    if (indexer.child.exitCode !== null) throw new Error(`the indexer exited with ${indexer.child.exitCode}:\n${indexer.output().slice(-3000)}`);
    try {
      last = await statusOf(indexer);
      if (
        last.ready &&
        last.indexed !== null &&
        Number(last.indexed.number) >= head.number &&
        Number(last.head.number) === head.number &&
        BigInt(last.head.timestamp) === head.timestamp
      ) {
        return head;
      }
    } catch {
      // Restarting: ask again.
    }
    if (Date.now() > giveUpAt) {
      throw new Error(`the indexer did not reach block ${head.number} within ${timeoutMs} ms (last status ${JSON.stringify(last)}):\n${indexer.output().slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
