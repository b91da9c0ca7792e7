import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { network } from "hardhat";

import { deployProtocol, deployTestToken } from "../../scripts/lib/protocol.js";
import type { PledgeEscrow, ProjectRegistry, TestToken } from "../../typechain-types/index.js";

export const connection = await network.getOrCreate();
export const { ethers, networkHelpers } = connection;

export const DAY = 24n * 60n * 60n;
export const FEE_BPS = 250n;
export const METADATA = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
export const REPOSITORY = "https://github.com/openpledge/openpledge";
export const SPEC = "https://github.com/openpledge/openpledge/issues/1";
export const ETH = "0x0000000000000000000000000000000000000000";

/** The named accounts every test uses, and the deployed protocol. */
export interface World {
  registry: ProjectRegistry;
  escrow: PledgeEscrow;
  token: TestToken;
  escrowAddress: string;
  tokenAddress: string;
  projectId: bigint;
  owner: HardhatEthersSigner;
  guardian: HardhatEthersSigner;
  feeRecipient: HardhatEthersSigner;
  maintainer: HardhatEthersSigner;
  payout: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  stranger: HardhatEthersSigner;
}

/** Protocol deployed through the Ignition module, one project, an allowed 6-decimals permit token. */
async function deployWorld(): Promise<World> {
  const [owner, guardian, feeRecipient, maintainer, payout, alice, bob, carol, stranger] = await ethers.getSigners();
  const { registry, escrow } = await deployProtocol(connection, owner, {
    owner: owner.address,
    guardian: guardian.address,
    feeRecipient: feeRecipient.address,
    feeBps: Number(FEE_BPS),
  });
  const token = await deployTestToken(owner, "Pledge Test USD", "PUSD", 6);
  const tokenAddress = await token.getAddress();
  await (await escrow.setTokenAllowed(tokenAddress, true)).wait();
  for (const backer of [alice, bob, carol, stranger]) {
    await (await token.mint(backer.address, 1_000_000n * 10n ** 6n)).wait();
  }
  await (await registry.connect(maintainer).registerProject(METADATA, REPOSITORY, payout.address)).wait();
  return {
    registry,
    escrow,
    token,
    escrowAddress: await escrow.getAddress(),
    tokenAddress,
    projectId: 1n,
    owner,
    guardian,
    feeRecipient,
    maintainer,
    payout,
    alice,
    bob,
    carol,
    stranger,
  };
}

export function loadWorld(): Promise<World> {
  return networkHelpers.loadFixture(deployWorld);
}

/** Unix time of the latest block. */
export async function now(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest());
}

/** Opens a campaign as the maintainer and returns its id and deadline. */
export async function openCampaign(
  world: World,
  options: { token?: string; goal?: bigint; duration?: bigint } = {},
): Promise<{ id: bigint; deadline: bigint }> {
  const deadline = (await now()) + (options.duration ?? 30n * DAY);
  await (
    await world.escrow
      .connect(world.maintainer)
      .openCampaign(world.projectId, SPEC, options.token ?? ETH, options.goal ?? ethers.parseEther("10"), deadline)
  ).wait();
  return { id: await world.escrow.campaignCount(), deadline };
}

/** Everything a failed call must leave untouched: balances of the given accounts in ETH and the token. */
export async function balancesOf(world: World, accounts: string[]): Promise<bigint[]> {
  const all = [world.escrowAddress, ...accounts];
  return Promise.all([
    ...all.map((account) => ethers.provider.getBalance(account)),
    ...all.map((account) => world.token.balanceOf(account)),
  ]);
}
