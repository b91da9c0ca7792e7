import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";

import { KNOWN_EAS, rememberDeployment, type EasAddresses, type OpenPledgeAddresses } from "../../client/index.js";
import LocalEASModule from "../../deploy/modules/LocalEAS.js";
import OpenPledgeModule from "../../deploy/modules/OpenPledge.js";
import TestTokenModule from "../../deploy/modules/TestToken.js";
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
  /** EAS deployed beside OpenPledge (a chain without EAS of its own), else undefined: the client uses EAS's own. */
  eas: EasAddresses | undefined;
}

/** Who holds each protocol role, and the fee, for a deployment. */
export interface ProtocolParameters {
  owner: string;
  guardian: string;
  feeRecipient: string;
  feeBps: number;
}

/** Name, symbol and decimals of a test token. */
export interface TestTokenParameters {
  name: string;
  symbol: string;
  decimals: number;
}

/** The permit test token the demo, the bench, the tests and the app seed use: Pledge Test USD, 6 decimals. */
export const PUSD: TestTokenParameters = { name: "Pledge Test USD", symbol: "PUSD", decimals: 6 };

/** What `deployProtocolWithTestToken` deploys and hands out. */
export interface TestDeploymentOptions {
  /** The protocol roles and fee. The owner must be the deployer: it puts the token on the allowlist. */
  roles: ProtocolParameters;
  /** The test token (default PUSD). */
  token?: TestTokenParameters;
  /** Mints `amount` base units of the token to each of `accounts`. */
  mintTo?: { accounts: readonly string[]; amount: bigint };
  /**
   * Ignition deployment id, for a chain outside this process: Ignition then records both modules under
   * `deploy/deployments/<id>/`, where the client, the tasks and the app find them. In-process chains keep nothing on
   * disk.
   */
  deploymentId?: string;
}

/** The protocol and its allowed test token. */
export interface TestDeployment extends Protocol {
  token: TestToken;
  tokenAddress: string;
}

/**
 * Deploys registry and escrow through the project's Ignition module, exactly as
 * `hardhat ignition deploy deploy/modules/OpenPledge.ts` does (and EAS through `LocalEAS.ts` on a chain without
 * it, as `npm run deploy:local` does), and returns typed handles. The deployment is
 * remembered for the connection, so the client and the tasks find it on an in-process chain too.
 */
export async function deployProtocol(
  connection: NetworkConnection,
  deployer: HardhatEthersSigner,
  parameters: ProtocolParameters,
  deploymentId?: string,
): Promise<Protocol> {
  const { registry, escrow } = await connection.ignition.deploy(OpenPledgeModule, {
    parameters: { OpenPledge: { ...parameters } },
    defaultSender: deployer.address,
    deploymentId,
  });
  const addresses: OpenPledgeAddresses = { registry: await registry.getAddress(), escrow: await escrow.getAddress() };
  // A chain without EAS of its own (a local one) gets the package's EAS beside OpenPledge, in the same deployment, as
  // `npm run deploy:local` does: verified repositories are attestations there.
  const chainId = (await connection.ethers.provider.getNetwork()).chainId;
  if (KNOWN_EAS[chainId.toString()] === undefined) {
    const { eas, schemaRegistry } = await connection.ignition.deploy(LocalEASModule, { defaultSender: deployer.address, deploymentId });
    addresses.eas = { eas: await eas.getAddress(), schemaRegistry: await schemaRegistry.getAddress() };
  }
  // In-process chains keep their deployment in memory: tasks and clients on this connection find it there.
  rememberDeployment(connection.provider, addresses);
  return {
    registry: ProjectRegistry__factory.connect(addresses.registry, deployer),
    escrow: PledgeEscrow__factory.connect(addresses.escrow, deployer),
    eas: addresses.eas,
  };
}

/**
 * The one way the demo, the bench, the tests and the app seed set up a chain: the protocol through Ignition (as
 * `deployProtocol`), a mintable permit test token through its Ignition module (`deploy/modules/TestToken.ts`), the
 * token on the escrow's allowlist, and `mintTo.amount` of it minted to each of `mintTo.accounts`.
 */
export async function deployProtocolWithTestToken(
  connection: NetworkConnection,
  deployer: HardhatEthersSigner,
  { roles, token: tokenParameters = PUSD, mintTo, deploymentId }: TestDeploymentOptions,
): Promise<TestDeployment> {
  if (roles.owner !== deployer.address) {
    throw new Error(`the deployer ${deployer.address} must own the protocol to allow the test token (owner: ${roles.owner})`);
  }
  const protocol = await deployProtocol(connection, deployer, roles, deploymentId);
  const { token: deployed } = await connection.ignition.deploy(TestTokenModule, {
    parameters: { TestToken: { ...tokenParameters } },
    defaultSender: deployer.address,
    deploymentId,
  });
  const tokenAddress = await deployed.getAddress();
  const token = TestToken__factory.connect(tokenAddress, deployer);
  await (await protocol.escrow.setTokenAllowed(tokenAddress, true)).wait();
  if (mintTo !== undefined) {
    for (const account of mintTo.accounts) await (await token.mint(account, mintTo.amount)).wait();
  }
  return { ...protocol, token, tokenAddress };
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
