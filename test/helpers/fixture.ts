import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { network } from "hardhat";

import type { EasAddresses } from "../../client/index.js";
import { deployProtocolWithTestToken, PUSD } from "../../scripts/lib/protocol.js";
import type { IPledgeEscrow, PledgeEscrow, ProjectRegistry, TestToken } from "../../typechain-types/index.js";

export { EXPECTED, expectedStates, State } from "./states.js";

export const connection = await network.getOrCreate();
export const { ethers, networkHelpers } = connection;

export const HOUR = 60n * 60n;
export const DAY = 24n * 60n * 60n;
/** Last call and claim window of a campaign whose terms leave them at zero. */
export const DEFAULT_LAST_CALL = 2n * DAY;
export const DEFAULT_CLAIM_WINDOW = 90n * DAY;
export const FEE_BPS = 250n;
/** The most a campaign's goal or total can be: totals are stored in 104 bits. */
export const MAX_AMOUNT = 2n ** 104n - 1n;
export const METADATA = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
export const REPOSITORY = "https://github.com/openpledge/openpledge";
export const SPEC = "https://github.com/openpledge/openpledge/issues/1";
/** The content hash the test campaigns commit to: that of a spec document, as a maintainer would give it. */
export const SPEC_HASH = ethers.keccak256(ethers.toUtf8Bytes('{"name":"Offline mode","summary":"Work without a network"}'));
export const ETH = "0x0000000000000000000000000000000000000000";

/** An amount of ETH in wei. */
export const eth = (amount: string): bigint => ethers.parseEther(amount);
/** An amount of the test token (PUSD, 6 decimals; every backer holds a million) in base units. */
export const usd = (amount: string): bigint => ethers.parseUnits(amount, PUSD.decimals);
/** The protocol fee a campaign opened with the fixture's fee takes of `gross` (rounded down). */
export const feeOf = (gross: bigint, feeBps = FEE_BPS): bigint => (gross * feeBps) / 10_000n;

/** The named accounts every test uses, and the deployed protocol. */
export interface World {
  registry: ProjectRegistry;
  /** EAS and its schema registry, deployed beside the protocol (`deploy/modules/LocalEAS.ts`). */
  eas: EasAddresses;
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

/** Protocol deployed through the Ignition modules, one project, an allowed 6-decimals permit token. */
async function deployWorld(): Promise<World> {
  const [owner, guardian, feeRecipient, maintainer, payout, alice, bob, carol, stranger] = await ethers.getSigners();
  const { registry, escrow, token, tokenAddress, eas } = await deployProtocolWithTestToken(connection, owner, {
    roles: { owner: owner.address, guardian: guardian.address, feeRecipient: feeRecipient.address, feeBps: Number(FEE_BPS) },
    mintTo: { accounts: [alice, bob, carol, stranger].map((backer) => backer.address), amount: usd("1000000") },
  });
  await (await registry.connect(maintainer).registerProject(METADATA, REPOSITORY, payout.address)).wait();
  if (eas === undefined) throw new Error("the test chain should have EAS deployed beside the protocol");
  return {
    registry,
    eas,
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

/** What a test may set of a campaign's terms; everything else takes the fixture's defaults. */
export interface TermsOptions {
  projectId?: bigint;
  specURI?: string;
  specHash?: string;
  token?: string;
  goal?: bigint;
  lastCall?: bigint;
  claimWindow?: bigint;
  builderShareBps?: bigint;
}

/** The terms of a campaign of project 1 (ETH, goal 10 ETH, default last call and claim window) ending at `deadline`. */
export function terms(deadline: bigint, options: TermsOptions = {}): IPledgeEscrow.CampaignTermsStruct {
  return {
    projectId: options.projectId ?? 1n,
    specURI: options.specURI ?? SPEC,
    specHash: options.specHash ?? SPEC_HASH,
    token: options.token ?? ETH,
    goal: options.goal ?? ethers.parseEther("10"),
    deadline,
    lastCall: options.lastCall ?? 0n,
    claimWindow: options.claimWindow ?? 0n,
    builderShareBps: options.builderShareBps ?? 0n,
  };
}

/**
 * Opens a campaign as the maintainer and returns its id and deadline (30 days ahead unless `duration` or an
 * absolute `deadline` is given).
 */
export async function openCampaign(
  world: World,
  options: TermsOptions & { duration?: bigint; deadline?: bigint } = {},
): Promise<{ id: bigint; deadline: bigint }> {
  const deadline = options.deadline ?? (await now()) + (options.duration ?? 30n * DAY);
  await (await world.escrow.connect(world.maintainer).openCampaign(terms(deadline, options))).wait();
  return { id: await world.escrow.campaignCount(), deadline };
}

/** The times of a campaign's view from which its derived times follow. */
export interface PlannedTimes {
  plannedDeadline: bigint;
  lastCall: bigint;
}

/** Derived (no longer in `CampaignView`): pledges after `plannedDeadline - 2 * lastCall` carry no objection weight. */
export function weightCutoffOf(campaign: PlannedTimes): bigint {
  return campaign.plannedDeadline - 2n * campaign.lastCall;
}

/** Derived (no longer in `CampaignView`): the deadline never moves past `plannedDeadline + 2 * lastCall`. */
export function latestDeadlineOf(campaign: PlannedTimes): bigint {
  return campaign.plannedDeadline + 2n * campaign.lastCall;
}

/** Everything a failed call must leave untouched: balances of the given accounts in ETH and the token. */
export async function balancesOf(world: World, accounts: string[]): Promise<bigint[]> {
  const all = [world.escrowAddress, ...accounts];
  return Promise.all([
    ...all.map((account) => ethers.provider.getBalance(account)),
    ...all.map((account) => world.token.balanceOf(account)),
  ]);
}
