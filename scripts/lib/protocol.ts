import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";

import { rememberDeployment } from "../../client/deployment.js";
import OpenPledgeModule from "../../deploy/modules/OpenPledge.js";
import {
  PledgeEscrow__factory,
  ProjectRegistry__factory,
  TestToken__factory,
  type PledgeEscrow,
  type ProjectRegistry,
  type TestToken,
} from "../../typechain-types/index.js";

/** The deployed protocol, as typed contract handles connected to the deployer. */
export interface Protocol {
  registry: ProjectRegistry;
  escrow: PledgeEscrow;
}

/** Who holds each protocol role, and the fee, for a deployment. */
export interface ProtocolParameters {
  owner: string;
  guardian: string;
  feeRecipient: string;
  feeBps: number;
}

/**
 * Deploys registry and escrow through the project's Ignition module, exactly as
 * `hardhat ignition deploy deploy/modules/OpenPledge.ts` does, and returns typed handles. The deployment is
 * remembered for the connection, so the client and the tasks find it on an in-process chain too.
 */
export async function deployProtocol(
  connection: NetworkConnection,
  deployer: HardhatEthersSigner,
  parameters: ProtocolParameters,
): Promise<Protocol> {
  const { registry, escrow } = await connection.ignition.deploy(OpenPledgeModule, {
    parameters: { OpenPledge: { ...parameters } },
    defaultSender: deployer.address,
  });
  const addresses = { registry: await registry.getAddress(), escrow: await escrow.getAddress() };
  // In-process chains keep their deployment in memory: tasks and clients on this connection find it there.
  rememberDeployment(connection.provider, addresses);
  return {
    registry: ProjectRegistry__factory.connect(addresses.registry, deployer),
    escrow: PledgeEscrow__factory.connect(addresses.escrow, deployer),
  };
}

/** Deploys a mintable ERC-20 with EIP-2612 permit (tests, demo and local chains only). */
export async function deployTestToken(
  deployer: HardhatEthersSigner,
  name: string,
  symbol: string,
  decimals: number,
): Promise<TestToken> {
  const token = await new TestToken__factory(deployer).deploy(name, symbol, decimals);
  await token.waitForDeployment();
  return token;
}
