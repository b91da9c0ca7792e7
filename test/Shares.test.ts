import { expect } from "chai";
import type { ContractTransactionReceipt, LogDescription, TransactionReceipt } from "ethers";

import {
  BlacklistToken__factory,
  ReentrantReceiver__factory,
  ReentrantToken__factory,
  RejectingAccount__factory,
  type IPledgeEscrow,
  type IProjectRegistry,
} from "../typechain-types/index.js";
import { ERC20, ETHER, pledgeIn, type Currency } from "./helpers/currencies.js";
import {
  DAY,
  ETH,
  eth,
  ethers,
  EXPECTED,
  FEE_BPS,
  loadWorld,
  MAX_AMOUNT,
  METADATA,
  networkHelpers,
  now,
  openCampaign,
  State,
  terms,
  type World,
} from "./helpers/fixture.js";
import { expectRevert } from "./helpers/reverts.js";

// Builder and dependency shares (issue 13), from the escrow's side and as their attackers first: shares that would eat
// the fee or the project's part, rounding that would create or lose a wei, a maintainer who replaces the builder just
// before a claim (or after being paid), a nominee nobody asked, a waiting share taken early, a dependency list changed
// under a running campaign, recipients that reject ETH, are blacklisted by the token or re-enter the escrow, and a claim
// with sixteen dependencies. Every amount is compared to the wei with the rule written out here in BigInt:
//   fee = floor(gross x feeBps / 10,000), builder = floor(gross x builderBps / 10,000),
//   dependency i = floor(gross x share_i / 10,000) (skipped when 0), project = gross - fee - builder - sum(dependencies).
// The registry side (versions, refusals, packing) is in Dependencies.test.ts.
const { time } = networkHelpers;
const BPS = 10_000n;
const MAX_FEE_BPS = 500n;
const ACCEPT_WINDOW = 180n * DAY;
const ZERO = ethers.ZeroAddress;

type Account = World["alice"];
type Dependency = [projectId: bigint, shareBps: bigint];
type SplitView = IPledgeEscrow.SplitViewStructOutput;

const guardSelector = (world: World) => world.escrow.interface.getError("ReentrancyGuardReentrantCall")!.selector;
const asStructs = (list: Dependency[]): IProjectRegistry.DependencyStruct[] => list.map(([projectId, shareBps]) => ({ projectId, shareBps }));

/** What one claim of `gross` pays, by the rule. */
function splitOf(gross: bigint, builderShareBps: bigint, dependencies: Dependency[], feeBps = FEE_BPS) {
  const fee = (gross * feeBps) / BPS;
  const builder = (gross * builderShareBps) / BPS;
  const credited = dependencies.map(([projectId, share]) => ({ projectId, amount: (gross * share) / BPS })).filter((d) => d.amount > 0n);
  const project = gross - fee - builder - credited.reduce((sum, d) => sum + d.amount, 0n);
  return { fee, builder, dependencies: credited, project };
}

/** The escrow's events of a receipt, in order. */
function escrowEvents(world: World, receipt: TransactionReceipt | null): LogDescription[] {
  if (receipt === null) throw new Error("no receipt");
  return receipt.logs
    .filter((log) => log.address === world.escrowAddress)
    .map((log) => world.escrow.interface.parseLog(log))
    .filter((parsed): parsed is LogDescription => parsed !== null);
}

/** The share and claim events of a receipt as [name, ...args], in order. */
function claimEvents(world: World, receipt: TransactionReceipt | null): unknown[][] {
  const names = ["BuilderShareCredited", "DependencyShareCredited", "CampaignClaimed"];
  return escrowEvents(world, receipt)
    .filter((event) => names.includes(event.name))
    .map((event) => [event.name, ...event.args]);
}

/** The events one claim must emit, in order: builder (if > 0), each dependency (if > 0) in list order, the claim. */
function expectedClaimEvents(
  world: World,
  id: bigint,
  token: string,
  builder: string,
  expected: ReturnType<typeof splitOf>,
  by: Account = world.maintainer,
  payout = world.payout.address,
): unknown[][] {
  const events: unknown[][] = [];
  if (expected.builder > 0n) events.push(["BuilderShareCredited", id, builder, token, expected.builder]);
  for (const d of expected.dependencies) events.push(["DependencyShareCredited", id, d.projectId, token, d.amount]);
  events.push(["CampaignClaimed", id, payout, by.address, expected.project, expected.fee]);
  return events;
}

/** A deterministic address nobody holds the key of: a payout that only receives. */
const addressOf = (label: string) => ethers.getAddress(ethers.dataSlice(ethers.id(`openpledge shares test ${label}`), 12));

/** The accounts past the fixture's nine: owners and maintainers of dependency projects. */
async function extraSigners(): Promise<Account[]> {
  return (await ethers.getSigners()).slice(9);
}

/** Registers `count` dependency projects owned by the first extra signer, each with its own receive-only payout. */
async function registerDependencies(world: World, count: number): Promise<{ ids: bigint[]; owner: Account; payouts: string[] }> {
  const [owner] = await extraSigners();
  const first = (await world.registry.projectCount()) + 1n;
  const payouts: string[] = [];
  for (let i = 0; i < count; i++) {
    const payout = addressOf(`dependency payout ${first + BigInt(i)}`);
    payouts.push(payout);
    await (await world.registry.connect(owner).registerProject(`${METADATA}#dep${i}`, "", payout)).wait();
  }
  return { ids: payouts.map((_, i) => first + BigInt(i)), owner, payouts };
}

/** Sets the fixture project's dependency list (as its owner, the maintainer). */
async function setDependencies(world: World, list: Dependency[]): Promise<void> {
  await (await world.registry.connect(world.maintainer).setDependencies(1n, asStructs(list))).wait();
}

/** Opens a campaign in `currency` and has alice pledge `pledge` (default: the goal); its deadline then passes. */
async function succeeded(
  world: World,
  currency: Currency,
  options: { builderShareBps?: bigint; goal?: bigint; pledge?: bigint } = {},
): Promise<{ id: bigint; gross: bigint; token: string }> {
  const goal = options.goal ?? currency.amount("10");
  const token = currency.tokenOf(world);
  const { id, deadline } = await openCampaign(world, { token, goal, builderShareBps: options.builderShareBps ?? 0n });
  const gross = options.pledge ?? goal;
  await currency.fund(world, world.alice, gross);
  await pledgeIn(currency, world, world.alice, id, gross);
  await time.increaseTo(deadline + 1n);
  return { id, gross, token };
}

/** `nominee` becomes the campaign's builder: nominated by the maintainer, accepted by itself. */
async function appoint(world: World, id: bigint, nominee: Account): Promise<void> {
  await (await world.escrow.connect(world.maintainer).nominateBuilder(id, nominee.address)).wait();
  await (await world.escrow.connect(nominee).acceptBuilder(id)).wait();
}

async function claim(world: World, id: bigint, by: Account = world.maintainer): Promise<ContractTransactionReceipt | null> {
  return (await world.escrow.connect(by).claim(id)).wait();
}

async function minedAt(receipt: ContractTransactionReceipt | null): Promise<bigint> {
  if (receipt === null) throw new Error("no receipt");
  return BigInt((await receipt.getBlock()).timestamp);
}

function splitTuple(split: SplitView): unknown[] {
  return [split.builder, split.nominee, split.builderShareBps, split.dependencyVersion, split.dependencyShareBps, split.waiting, split.releasableAt];
}

/** The ETH and fixture-token holdings of the escrow. */
async function escrowHoldings(world: World): Promise<[bigint, bigint]> {
  return [await ethers.provider.getBalance(world.escrowAddress), await world.token.balanceOf(world.escrowAddress)];
}

/** A campaign with milestones in `currency`: 20% on success, two milestones of 40%; review window 3 days. */
async function openWithMilestones(world: World, currency: Currency, builderShareBps: bigint) {
  const deadline = (await now()) + 7n * DAY;
  const plan: IPledgeEscrow.MilestonePlanStruct = {
    initialShareBps: 2_000,
    reviewWindow: 3n * DAY,
    objectionThresholdBps: 0,
    milestones: [
      { shareBps: 4_000, due: deadline + 10n * DAY },
      { shareBps: 4_000, due: deadline + 20n * DAY },
    ],
  };
  const campaignTerms = terms(deadline, { token: currency.tokenOf(world), goal: currency.amount("10"), builderShareBps });
  await (await world.escrow.connect(world.maintainer).openCampaignWithMilestones(campaignTerms, plan)).wait();
  return { id: await world.escrow.campaignCount(), deadline, dues: [deadline + 10n * DAY, deadline + 20n * DAY] };
}

describe("Builder and dependency shares (issue 13)", () => {
  describe("opening: shares + the largest fee never exceed the amount", () => {
    it("opens a builder share of 9,500 bps without dependencies, and refuses 9,501: SharesTooLarge(9501, 0, 9500)", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 30n * DAY;
      await expectRevert(
        world,
        () => world.escrow.connect(world.maintainer).openCampaign(terms(deadline, { builderShareBps: 9_501n })),
        world.escrow,
        "SharesTooLarge",
        [9_501n, 0n, 9_500n],
      );
      expect(await world.escrow.campaignCount()).to.equal(0n);
      await expect(world.escrow.connect(world.maintainer).openCampaign(terms(deadline, { builderShareBps: 9_500n })))
        .to.emit(world.escrow, "CampaignSplitSet")
        .withArgs(1n, 9_500n, 0n, 0n);
    });

    it("takes the frozen dependency total off the builder's maximum: 4,500 with 5,000 of dependencies, 4,501 refused", async () => {
      const world = await loadWorld();
      const { ids } = await registerDependencies(world, 2);
      await setDependencies(world, [
        [ids[0], 4_000n],
        [ids[1], 1_000n],
      ]);
      const deadline = (await now()) + 30n * DAY;
      await expectRevert(
        world,
        () => world.escrow.connect(world.maintainer).openCampaign(terms(deadline, { builderShareBps: 4_501n })),
        world.escrow,
        "SharesTooLarge",
        [4_501n, 5_000n, 4_500n],
      );
      await expect(world.escrow.connect(world.maintainer).openCampaign(terms(deadline, { builderShareBps: 4_500n })))
        .to.emit(world.escrow, "CampaignSplitSet")
        .withArgs(1n, 4_500n, 1n, 5_000n);
    });

    it("refuses a builder share that would wrap 16 bits, and the largest uint256: SharesTooLarge with the value given", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 30n * DAY;
      for (const share of [65_536n, 65_536n + 100n, 2n ** 256n - 1n]) {
        await expectRevert(
          world,
          () => world.escrow.connect(world.maintainer).openCampaign(terms(deadline, { builderShareBps: share })),
          world.escrow,
          "SharesTooLarge",
          [share, 0n, 9_500n],
        );
      }
    });

    it("applies the same bound to openCampaignWithMilestones: 8,266 with 1,234 of dependencies, 8,267 refused", async () => {
      const world = await loadWorld();
      const { ids } = await registerDependencies(world, 1);
      await setDependencies(world, [[ids[0], 1_234n]]);
      const deadline = (await now()) + 7n * DAY;
      const plan = { initialShareBps: 5_000, reviewWindow: 3n * DAY, objectionThresholdBps: 0, milestones: [{ shareBps: 5_000, due: deadline + 10n * DAY }] };
      await expectRevert(
        world,
        () => world.escrow.connect(world.maintainer).openCampaignWithMilestones(terms(deadline, { builderShareBps: 8_267n }), plan),
        world.escrow,
        "SharesTooLarge",
        [8_267n, 1_234n, 8_266n],
      );
      await expect(world.escrow.connect(world.maintainer).openCampaignWithMilestones(terms(deadline, { builderShareBps: 8_266n }), plan))
        .to.emit(world.escrow, "CampaignSplitSet")
        .withArgs(1n, 8_266n, 1n, 1_234n);
    });

    it("asks for a maintainer before anything else: a stranger's oversized share is NotProjectMaintainer", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 30n * DAY;
      await expectRevert(
        world,
        () => world.escrow.connect(world.stranger).openCampaign(terms(deadline, { builderShareBps: 9_501n })),
        world.escrow,
        "NotProjectMaintainer",
        [1n, world.stranger.address],
      );
    });

    it("emits CampaignSplitSet(id, builder, version, total) right after CampaignOpened, before MilestonePlanSet", async () => {
      const world = await loadWorld();
      const { ids } = await registerDependencies(world, 1);
      await setDependencies(world, [[ids[0], 300n]]);
      await setDependencies(world, [[ids[0], 250n]]);
      const { id } = await openWithMilestones(world, ETHER, 1_000n);
      const [opening] = await world.escrow.queryFilter(world.escrow.filters.CampaignOpened(id));
      const events = escrowEvents(world, await opening.getTransactionReceipt());
      expect(events.map((event) => event.name)).to.deep.equal(["CampaignOpened", "CampaignSplitSet", "MilestonePlanSet"]);
      expect([...events[1].args]).to.deep.equal([id, 1_000n, 2n, 250n]);
    });

    it("emits CampaignSplitSet for a campaign with dependency shares alone (builder share 0)", async () => {
      const world = await loadWorld();
      const { ids } = await registerDependencies(world, 1);
      await setDependencies(world, [[ids[0], 1n]]);
      const deadline = (await now()) + 30n * DAY;
      const opening = world.escrow.connect(world.maintainer).openCampaign(terms(deadline));
      await expect(opening).to.emit(world.escrow, "CampaignSplitSet").withArgs(1n, 0n, 1n, 1n);
      const events = escrowEvents(world, await (await opening).wait());
      expect(events.map((event) => event.name)).to.deep.equal(["CampaignOpened", "CampaignSplitSet"]);
      expect(splitTuple(await world.escrow.getSplit(1n))).to.deep.equal([ZERO, ZERO, 0n, 1n, 1n, 0n, 0n]);
    });

    it("emits no CampaignSplitSet and records no split for a campaign without shares, nor for an empty list declared", async () => {
      const world = await loadWorld();
      const { ids } = await registerDependencies(world, 1);
      const deadline = (await now()) + 30n * DAY;
      await expect(world.escrow.connect(world.maintainer).openCampaign(terms(deadline))).not.to.emit(world.escrow, "CampaignSplitSet");
      await setDependencies(world, [[ids[0], 100n]]);
      await setDependencies(world, []);
      await expect(world.escrow.connect(world.maintainer).openCampaign(terms(deadline))).not.to.emit(world.escrow, "CampaignSplitSet");
      for (const id of [1n, 2n]) expect(splitTuple(await world.escrow.getSplit(id))).to.deep.equal([ZERO, ZERO, 0n, 0n, 0n, 0n, 0n]);
    });

    it("reports the split at opening with getSplit: no builder, no nominee, nothing waiting", async () => {
      const world = await loadWorld();
      const { ids } = await registerDependencies(world, 2);
      await setDependencies(world, [
        [ids[0], 100n],
        [ids[1], 200n],
      ]);
      const { id } = await openCampaign(world, { builderShareBps: 1_500n });
      expect(splitTuple(await world.escrow.getSplit(id))).to.deep.equal([ZERO, ZERO, 1_500n, 1n, 300n, 0n, 0n]);
    });

    it("freezes the widest values exactly: version 2^32 - 1, 5,000 bps of dependencies and 4,500 of builder, then pays that list", async () => {
      const world = await loadWorld();
      const { ids } = await registerDependencies(world, 1);
      // Four billion declarations cannot be made in a test: the registry's head is moved there in storage (owner kept).
      const registry = await world.registry.getAddress();
      const slot = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [1n, 1n]));
      const head = BigInt(await ethers.provider.getStorage(registry, slot));
      await networkHelpers.setStorageAt(registry, slot, (head & ((1n << 160n) - 1n)) | ((2n ** 32n - 2n) << 160n));
      await setDependencies(world, [[ids[0], 5_000n]]);
      const { id, gross } = await succeeded(world, ETHER, { builderShareBps: 4_500n });
      expect(splitTuple(await world.escrow.getSplit(id))).to.deep.equal([ZERO, ZERO, 4_500n, 2n ** 32n - 1n, 5_000n, 0n, 0n]);
      await appoint(world, id, world.bob);
      expect(splitTuple(await world.escrow.getSplit(id))).to.deep.equal([world.bob.address, ZERO, 4_500n, 2n ** 32n - 1n, 5_000n, 0n, 0n]);
      const receipt = await claim(world, id);
      expect(claimEvents(world, receipt)).to.deep.equal(expectedClaimEvents(world, id, ETH, world.bob.address, splitOf(gross, 4_500n, [[ids[0], 5_000n]])));
    });

    it("refuses getSplit of an unknown campaign: UnknownCampaign", async () => {
      const world = await loadWorld();
      await expect(world.escrow.getSplit(7n)).to.be.revertedWithCustomError(world.escrow, "UnknownCampaign").withArgs(7n);
    });
  });

  for (const currency of [ETHER, ERC20]) {
    const u = currency.amount;

    describe(`a claim's split in ${currency.name}`, () => {
      it("credits the builder, then each dependency in list order, then pays the project the rest: events and balances to the wei", async () => {
        const world = await loadWorld();
        const { ids, payouts } = await registerDependencies(world, 2);
        const list: Dependency[] = [
          [ids[1], 700n],
          [ids[0], 300n],
        ];
        await setDependencies(world, list);
        const { id, gross, token } = await succeeded(world, currency, { builderShareBps: 1_500n, pledge: u("12") + 7n });
        await appoint(world, id, world.bob);
        const expected = splitOf(gross, 1_500n, list);
        const before = await currency.balanceOf(world, world.payout.address);
        const escrowBefore = await currency.balanceOf(world, world.escrowAddress);
        const receipt = await claim(world, id);
        expect(claimEvents(world, receipt)).to.deep.equal(expectedClaimEvents(world, id, token, world.bob.address, expected));
        expect((await currency.balanceOf(world, world.payout.address)) - before).to.equal(expected.project);
        expect(escrowBefore - (await currency.balanceOf(world, world.escrowAddress))).to.equal(expected.project);
        expect(await world.escrow.accruedFees(token)).to.equal(expected.fee);
        expect(await world.escrow.builderSharesOf(world.bob.address, token)).to.equal(expected.builder);
        expect(await world.escrow.projectSharesOf(ids[1], token)).to.equal(expected.dependencies[0].amount);
        expect(await world.escrow.projectSharesOf(ids[0], token)).to.equal(expected.dependencies[1].amount);
        // Nothing was sent to the dependencies' payouts: they pull.
        for (const payout of payouts) expect(await currency.balanceOf(world, payout)).to.equal(0n);
        // The escrow holds exactly the fee and the credits.
        expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(
          expected.fee + expected.builder + expected.dependencies.reduce((sum, d) => sum + d.amount, 0n),
        );
        expect(await world.escrow.campaignState(id)).to.equal(State.Claimed);
      });

      it("gives the rounding dust of an odd amount to the project: gross - fee - floor shares", async () => {
        const world = await loadWorld();
        const { ids } = await registerDependencies(world, 3);
        const list: Dependency[] = [
          [ids[0], 1n],
          [ids[1], 17n],
          [ids[2], 3_333n],
        ];
        await setDependencies(world, list);
        const gross = u("3") + 9_999n;
        const { id, token } = await succeeded(world, currency, { builderShareBps: 333n, goal: gross });
        await appoint(world, id, world.bob);
        const expected = splitOf(gross, 333n, list);
        // Each share lost a fraction of a unit: the dust is there to go to the project.
        const exact = (gross * (333n + 1n + 17n + 3_333n)) / BPS;
        expect(expected.builder + expected.dependencies.reduce((sum, d) => sum + d.amount, 0n)).to.be.lessThan(exact + 1n);
        const receipt = await claim(world, id);
        expect(claimEvents(world, receipt)).to.deep.equal(expectedClaimEvents(world, id, token, world.bob.address, expected));
        expect(expected.project + expected.fee + expected.builder + expected.dependencies.reduce((s, d) => s + d.amount, 0n)).to.equal(gross);
      });

      it("skips a dependency whose share rounds to zero: no event, no credit; the builder share that rounds to zero neither", async () => {
        const world = await loadWorld();
        const { ids } = await registerDependencies(world, 3);
        const list: Dependency[] = [
          [ids[0], 1n],
          [ids[1], 5_000n - 2n],
          [ids[2], 1n],
        ];
        await setDependencies(world, list);
        // 150 base units: 1 bps of it is 0.015, rounded to 0; 4,998 bps is 74.97, rounded to 74; 1 bps builder is 0.
        const { id, token } = await succeeded(world, currency, { builderShareBps: 1n, goal: 150n });
        await appoint(world, id, world.bob);
        const receipt = await claim(world, id);
        const expected = splitOf(150n, 1n, list);
        expect(expected.dependencies).to.deep.equal([{ projectId: ids[1], amount: 74n }]);
        expect(claimEvents(world, receipt)).to.deep.equal([
          ["DependencyShareCredited", id, ids[1], token, 74n],
          ["CampaignClaimed", id, world.payout.address, world.maintainer.address, 150n - 3n - 74n, 3n],
        ]);
        expect(await world.escrow.projectSharesOf(ids[0], token)).to.equal(0n);
        expect(await world.escrow.projectSharesOf(ids[2], token)).to.equal(0n);
        expect(await world.escrow.builderSharesOf(world.bob.address, token)).to.equal(0n);
      });

      it("pays a claim of one base unit whole to the project: no share event, no fee", async () => {
        const world = await loadWorld();
        const { ids } = await registerDependencies(world, 1);
        await setDependencies(world, [[ids[0], 5_000n]]);
        const { id, token } = await succeeded(world, currency, { builderShareBps: 4_500n, goal: 1n });
        const before = await currency.balanceOf(world, world.payout.address);
        const receipt = await claim(world, id);
        expect(claimEvents(world, receipt)).to.deep.equal([["CampaignClaimed", id, world.payout.address, world.maintainer.address, 1n, 0n]]);
        expect((await currency.balanceOf(world, world.payout.address)) - before).to.equal(1n);
        expect((await world.escrow.getSplit(id)).waiting).to.equal(0n);
        expect(await world.escrow.projectSharesOf(ids[0], token)).to.equal(0n);
      });

      it("splits exactly among sixteen dependencies with tiny shares of an odd amount", async () => {
        const world = await loadWorld();
        const { ids } = await registerDependencies(world, 16);
        const list: Dependency[] = ids.map((id, i) => [id, BigInt(1 + i * 7)]);
        await setDependencies(world, list);
        const gross = 1_003n;
        const { id, token } = await succeeded(world, currency, { builderShareBps: 77n, goal: gross });
        await appoint(world, id, world.bob);
        const expected = splitOf(gross, 77n, list);
        // Some of them round to zero at this size, some do not.
        expect(expected.dependencies.length).to.be.greaterThan(0);
        expect(expected.dependencies.length).to.be.lessThan(16);
        const before = await currency.balanceOf(world, world.payout.address);
        const receipt = await claim(world, id);
        expect(claimEvents(world, receipt)).to.deep.equal(expectedClaimEvents(world, id, token, world.bob.address, expected));
        expect((await currency.balanceOf(world, world.payout.address)) - before).to.equal(expected.project);
        for (const [dependency] of list) {
          const amount = expected.dependencies.find((d) => d.projectId === dependency)?.amount ?? 0n;
          expect(await world.escrow.projectSharesOf(dependency, token), `project ${dependency}`).to.equal(amount);
        }
      });

      it("pays the largest split of the largest amount without overflow: 4,500 builder + 5,000 dependencies + fee", async () => {
        const world = await loadWorld();
        const { ids } = await registerDependencies(world, 2);
        const list: Dependency[] = [
          [ids[0], 2_501n],
          [ids[1], 2_499n],
        ];
        await setDependencies(world, list);
        await currency.fund(world, world.alice, MAX_AMOUNT);
        const { id, token } = await succeeded(world, currency, { builderShareBps: 4_500n, goal: MAX_AMOUNT });
        await appoint(world, id, world.bob);
        const expected = splitOf(MAX_AMOUNT, 4_500n, list);
        const before = await currency.balanceOf(world, world.payout.address);
        const receipt = await claim(world, id);
        expect(claimEvents(world, receipt)).to.deep.equal(expectedClaimEvents(world, id, token, world.bob.address, expected));
        expect((await currency.balanceOf(world, world.payout.address)) - before).to.equal(expected.project);
        // What is left to the project is the 250 bps the largest fee would have taken, minus this fee, plus the dust.
        expect(expected.project).to.be.at.least((MAX_AMOUNT * (MAX_FEE_BPS - FEE_BPS)) / BPS);
      });

      it("pays nothing to the project when the fee and shares take it all (5% fee, 95% builder): no transfer, CampaignClaimed(amount 0)", async () => {
        const world = await loadWorld();
        await (await world.escrow.connect(world.owner).setFee(Number(MAX_FEE_BPS))).wait();
        await time.increase(7n * DAY);
        const { id, gross, token } = await succeeded(world, currency, { builderShareBps: BPS - MAX_FEE_BPS, goal: u("10") });
        await appoint(world, id, world.bob);
        const before = await currency.balanceOf(world, world.payout.address);
        const receipt = await claim(world, id);
        const expected = splitOf(gross, BPS - MAX_FEE_BPS, [], MAX_FEE_BPS);
        expect(expected.project).to.equal(0n);
        expect(claimEvents(world, receipt)).to.deep.equal(expectedClaimEvents(world, id, token, world.bob.address, expected));
        expect(await currency.balanceOf(world, world.payout.address)).to.equal(before);
        if (currency === ERC20) {
          const transfers = (receipt?.logs ?? []).filter((log) => log.address === world.tokenAddress);
          expect(transfers, "no token transfer at all: the shares are credited, the project part is zero").to.have.length(0);
        }
        expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(gross);
      });

      it("pays a campaign without shares exactly as before: no share events, the whole net to the payout", async () => {
        const world = await loadWorld();
        const { id, gross, token } = await succeeded(world, currency, { pledge: u("10") + 3n });
        const receipt = await claim(world, id);
        const expected = splitOf(gross, 0n, []);
        expect(claimEvents(world, receipt)).to.deep.equal([["CampaignClaimed", id, world.payout.address, world.maintainer.address, expected.project, expected.fee]]);
        expect(await world.escrow.accruedFees(token)).to.equal(expected.fee);
      });
    });

    describe(`frozen dependency list in ${currency.name}`, () => {
      it("pays a dependency removed after opening its share of that campaign; a campaign opened after the change pays the new list", async () => {
        const world = await loadWorld();
        const { ids } = await registerDependencies(world, 2);
        const v1: Dependency[] = [
          [ids[0], 300n],
          [ids[1], 200n],
        ];
        const v2: Dependency[] = [[ids[1], 100n]];
        await setDependencies(world, v1);
        const token = currency.tokenOf(world);
        const goal = u("10");
        const first = await openCampaign(world, { token, goal });
        await setDependencies(world, v2);
        const second = await openCampaign(world, { token, goal, deadline: first.deadline });
        for (const campaign of [first, second]) await pledgeIn(currency, world, world.alice, campaign.id, goal);
        await time.increaseTo(first.deadline + 1n);
        expect((await world.escrow.getSplit(first.id)).dependencyVersion).to.equal(1n);
        expect((await world.escrow.getSplit(second.id)).dependencyVersion).to.equal(2n);
        const old = await claim(world, first.id);
        expect(claimEvents(world, old)).to.deep.equal(expectedClaimEvents(world, first.id, token, ZERO, splitOf(goal, 0n, v1)));
        const current = await claim(world, second.id);
        expect(claimEvents(world, current)).to.deep.equal(expectedClaimEvents(world, second.id, token, ZERO, splitOf(goal, 0n, v2)));
        expect(await world.escrow.projectSharesOf(ids[0], token)).to.equal((goal * 300n) / BPS);
        expect(await world.escrow.projectSharesOf(ids[1], token)).to.equal((goal * 200n) / BPS + (goal * 100n) / BPS);
      });

      it("keeps paying the frozen list after the project stops sharing (empty list); a campaign opened then pays none", async () => {
        const world = await loadWorld();
        const { ids } = await registerDependencies(world, 1);
        await setDependencies(world, [[ids[0], 1_000n]]);
        const token = currency.tokenOf(world);
        const goal = u("10");
        const first = await openCampaign(world, { token, goal });
        await setDependencies(world, []);
        const second = await openCampaign(world, { token, goal, deadline: first.deadline });
        for (const campaign of [first, second]) await pledgeIn(currency, world, world.alice, campaign.id, goal);
        await time.increaseTo(first.deadline + 1n);
        expect(claimEvents(world, await claim(world, first.id))).to.deep.equal(
          expectedClaimEvents(world, first.id, token, ZERO, splitOf(goal, 0n, [[ids[0], 1_000n]])),
        );
        expect(claimEvents(world, await claim(world, second.id))).to.deep.equal(expectedClaimEvents(world, second.id, token, ZERO, splitOf(goal, 0n, [])));
        expect(await world.escrow.projectSharesOf(ids[0], token)).to.equal(goal / 10n);
      });
    });
  }

  describe("builder nomination and acceptance", () => {
    async function withBuilderShare(world: World) {
      return openCampaign(world, { builderShareBps: 1_000n });
    }

    it("refuses a first nomination by anyone but the project's owner, a co-maintainer included: NotProjectOwner(projectId, caller)", async () => {
      const world = await loadWorld();
      const { id } = await withBuilderShare(world);
      await (await world.registry.connect(world.maintainer).addMaintainer(1n, world.carol.address)).wait();
      for (const caller of [world.carol, world.stranger, world.bob, world.payout]) {
        await expectRevert(world, () => world.escrow.connect(caller).nominateBuilder(id, caller.address), world.escrow, "NotProjectOwner", [
          1n,
          caller.address,
        ]);
      }
      expect((await world.escrow.getSplit(id)).nominee).to.equal(ZERO);
    });

    it("lets the owner nominate: BuilderNominated(id, nominee, owner); nobody is builder yet", async () => {
      const world = await loadWorld();
      const { id } = await withBuilderShare(world);
      await expect(world.escrow.connect(world.maintainer).nominateBuilder(id, world.bob.address))
        .to.emit(world.escrow, "BuilderNominated")
        .withArgs(id, world.bob.address, world.maintainer.address);
      const split = await world.escrow.getSplit(id);
      expect([split.builder, split.nominee]).to.deep.equal([ZERO, world.bob.address]);
    });

    it("refuses a co-maintainer replacing the owner's nominee with themselves before acceptance (front-running): NotProjectOwner", async () => {
      const world = await loadWorld();
      const { id, gross, token } = await succeeded(world, ETHER, { builderShareBps: 2_000n });
      await (await world.registry.connect(world.maintainer).addMaintainer(1n, world.carol.address)).wait();
      await (await world.escrow.connect(world.maintainer).nominateBuilder(id, world.bob.address)).wait();
      await claim(world, id, world.carol);
      await expectRevert(world, () => world.escrow.connect(world.carol).nominateBuilder(id, world.carol.address), world.escrow, "NotProjectOwner", [
        1n,
        world.carol.address,
      ]);
      await expectRevert(world, () => world.escrow.connect(world.carol).acceptBuilder(id), world.escrow, "NotNominee", [id, world.carol.address]);
      await expect(world.escrow.connect(world.bob).acceptBuilder(id)).to.emit(world.escrow, "BuilderAccepted").withArgs(id, world.bob.address, ZERO, gross / 5n);
      expect(await world.escrow.builderSharesOf(world.carol.address, token)).to.equal(0n);
    });

    it("follows the project's ownership: a new owner nominates, the former owner (still a maintainer) is refused", async () => {
      const world = await loadWorld();
      const { id } = await withBuilderShare(world);
      await (await world.registry.connect(world.maintainer).transferProjectOwnership(1n, world.carol.address)).wait();
      await (await world.registry.connect(world.carol).acceptProjectOwnership(1n)).wait();
      await expectRevert(world, () => world.escrow.connect(world.maintainer).nominateBuilder(id, world.bob.address), world.escrow, "NotProjectOwner", [
        1n,
        world.maintainer.address,
      ]);
      await expect(world.escrow.connect(world.carol).nominateBuilder(id, world.bob.address))
        .to.emit(world.escrow, "BuilderNominated")
        .withArgs(id, world.bob.address, world.carol.address);
    });

    it("makes nobody builder without accepting: NotNominee for anyone else, the nominating maintainer included", async () => {
      const world = await loadWorld();
      const { id } = await withBuilderShare(world);
      await (await world.escrow.connect(world.maintainer).nominateBuilder(id, world.bob.address)).wait();
      for (const caller of [world.maintainer, world.alice, world.stranger]) {
        await expectRevert(world, () => world.escrow.connect(caller).acceptBuilder(id), world.escrow, "NotNominee", [id, caller.address]);
      }
      await expect(world.escrow.connect(world.bob).acceptBuilder(id))
        .to.emit(world.escrow, "BuilderAccepted")
        .withArgs(id, world.bob.address, ZERO, 0n);
      const split = await world.escrow.getSplit(id);
      expect([split.builder, split.nominee]).to.deep.equal([world.bob.address, ZERO]);
    });

    it("refuses acceptance when nobody was nominated: NotNominee (the zero nominee is nobody)", async () => {
      const world = await loadWorld();
      const { id } = await withBuilderShare(world);
      await expectRevert(world, () => world.escrow.connect(world.bob).acceptBuilder(id), world.escrow, "NotNominee", [id, world.bob.address]);
    });

    it("replaces a nominee by nominating again: the first can no longer accept", async () => {
      const world = await loadWorld();
      const { id } = await withBuilderShare(world);
      await (await world.escrow.connect(world.maintainer).nominateBuilder(id, world.bob.address)).wait();
      await (await world.escrow.connect(world.maintainer).nominateBuilder(id, world.carol.address)).wait();
      await expectRevert(world, () => world.escrow.connect(world.bob).acceptBuilder(id), world.escrow, "NotNominee", [id, world.bob.address]);
      await (await world.escrow.connect(world.carol).acceptBuilder(id)).wait();
      expect((await world.escrow.getSplit(id)).builder).to.equal(world.carol.address);
    });

    it("clears a nomination with the zero address: BuilderNominated(id, 0, by), the former nominee refused", async () => {
      const world = await loadWorld();
      const { id } = await withBuilderShare(world);
      await (await world.escrow.connect(world.maintainer).nominateBuilder(id, world.bob.address)).wait();
      await expect(world.escrow.connect(world.maintainer).nominateBuilder(id, ZERO))
        .to.emit(world.escrow, "BuilderNominated")
        .withArgs(id, ZERO, world.maintainer.address);
      expect((await world.escrow.getSplit(id)).nominee).to.equal(ZERO);
      await expectRevert(world, () => world.escrow.connect(world.bob).acceptBuilder(id), world.escrow, "NotNominee", [id, world.bob.address]);
    });

    it("refuses a maintainer replacing a builder who accepted: NotBuilder(id, caller), the owner and any maintainer alike", async () => {
      const world = await loadWorld();
      const { id } = await withBuilderShare(world);
      await appoint(world, id, world.bob);
      await (await world.registry.connect(world.maintainer).addMaintainer(1n, world.carol.address)).wait();
      for (const caller of [world.maintainer, world.carol, world.stranger]) {
        await expectRevert(world, () => world.escrow.connect(caller).nominateBuilder(id, caller.address), world.escrow, "NotBuilder", [
          id,
          caller.address,
        ]);
        await expectRevert(world, () => world.escrow.connect(caller).nominateBuilder(id, ZERO), world.escrow, "NotBuilder", [id, caller.address]);
      }
      expect(splitTuple(await world.escrow.getSplit(id)).slice(0, 2)).to.deep.equal([world.bob.address, ZERO]);
    });

    it("keeps the builder against a maintainer nominating themselves just before a claim: the claim credits the builder", async () => {
      const world = await loadWorld();
      const { id, gross, token } = await succeeded(world, ETHER, { builderShareBps: 2_000n });
      await appoint(world, id, world.bob);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).nominateBuilder(id, world.maintainer.address), world.escrow, "NotBuilder", [
        id,
        world.maintainer.address,
      ]);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).acceptBuilder(id), world.escrow, "NotNominee", [
        id,
        world.maintainer.address,
      ]);
      const receipt = await claim(world, id);
      expect(claimEvents(world, receipt)[0]).to.deep.equal(["BuilderShareCredited", id, world.bob.address, token, gross / 5n]);
      expect(await world.escrow.builderSharesOf(world.maintainer.address, token)).to.equal(0n);
    });

    it("keeps the builder after being paid: the maintainer still cannot replace them, and the builder's credit stays", async () => {
      const world = await loadWorld();
      const { id, gross, token } = await succeeded(world, ETHER, { builderShareBps: 2_000n });
      await appoint(world, id, world.bob);
      await claim(world, id);
      await expect(world.escrow.connect(world.bob).withdrawBuilderShares(token, world.bob.address))
        .to.emit(world.escrow, "BuilderSharesWithdrawn")
        .withArgs(world.bob.address, token, world.bob.address, gross / 5n);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).nominateBuilder(id, world.maintainer.address), world.escrow, "NotBuilder", [
        id,
        world.maintainer.address,
      ]);
      expect((await world.escrow.getSplit(id)).builder).to.equal(world.bob.address);
    });

    it("lets only the builder hand the role on; the new builder must accept; past credits stay with the old builder", async () => {
      const world = await loadWorld();
      const { id } = await openWithMilestones(world, ETHER, 1_000n);
      await pledgeIn(ETHER, world, world.alice, id, eth("10"));
      await time.increaseTo((await world.escrow.getCampaign(id)).deadline + 1n);
      await appoint(world, id, world.bob);
      await claim(world, id); // the initial 20%
      const first = (eth("2") * 1_000n) / BPS;
      await expect(world.escrow.connect(world.bob).nominateBuilder(id, world.carol.address))
        .to.emit(world.escrow, "BuilderNominated")
        .withArgs(id, world.carol.address, world.bob.address);
      // Until carol accepts, bob is the builder, and a maintainer still cannot step in.
      await expectRevert(world, () => world.escrow.connect(world.maintainer).nominateBuilder(id, world.stranger.address), world.escrow, "NotBuilder", [
        id,
        world.maintainer.address,
      ]);
      expect(splitTuple(await world.escrow.getSplit(id)).slice(0, 2)).to.deep.equal([world.bob.address, world.carol.address]);
      await expect(world.escrow.connect(world.carol).acceptBuilder(id))
        .to.emit(world.escrow, "BuilderAccepted")
        .withArgs(id, world.carol.address, world.bob.address, 0n);
      await expectRevert(world, () => world.escrow.connect(world.bob).nominateBuilder(id, world.bob.address), world.escrow, "NotBuilder", [
        id,
        world.bob.address,
      ]);
      // The next release credits carol; bob keeps what the first one credited him.
      await (await world.escrow.connect(world.maintainer).submitMilestone(id, "ipfs://one")).wait();
      await time.increase(3n * DAY + 1n);
      const receipt = await claim(world, id);
      expect(claimEvents(world, receipt)[0]).to.deep.equal(["BuilderShareCredited", id, world.carol.address, ETH, (eth("4") * 1_000n) / BPS]);
      expect(await world.escrow.builderSharesOf(world.bob.address, ETH)).to.equal(first);
      expect(await world.escrow.builderSharesOf(world.carol.address, ETH)).to.equal((eth("4") * 1_000n) / BPS);
    });

    it("refuses a builder accepting a second time: NotNominee (acceptance clears the nomination)", async () => {
      const world = await loadWorld();
      const { id } = await withBuilderShare(world);
      await appoint(world, id, world.bob);
      await expectRevert(world, () => world.escrow.connect(world.bob).acceptBuilder(id), world.escrow, "NotNominee", [id, world.bob.address]);
    });

    it("lets the builder withdraw its own nomination of a successor with zero, and stay builder", async () => {
      const world = await loadWorld();
      const { id } = await withBuilderShare(world);
      await appoint(world, id, world.bob);
      await (await world.escrow.connect(world.bob).nominateBuilder(id, world.carol.address)).wait();
      await expect(world.escrow.connect(world.bob).nominateBuilder(id, ZERO)).to.emit(world.escrow, "BuilderNominated").withArgs(id, ZERO, world.bob.address);
      await expectRevert(world, () => world.escrow.connect(world.carol).acceptBuilder(id), world.escrow, "NotNominee", [id, world.carol.address]);
      expect(splitTuple(await world.escrow.getSplit(id)).slice(0, 2)).to.deep.equal([world.bob.address, ZERO]);
    });

    it("refuses a nomination for a campaign without a builder share: NoBuilderShare, with or without dependency shares", async () => {
      const world = await loadWorld();
      const { id: plain } = await openCampaign(world);
      const { ids } = await registerDependencies(world, 1);
      await setDependencies(world, [[ids[0], 100n]]);
      const { id: dependenciesOnly } = await openCampaign(world);
      for (const id of [plain, dependenciesOnly]) {
        await expectRevert(world, () => world.escrow.connect(world.maintainer).nominateBuilder(id, world.bob.address), world.escrow, "NoBuilderShare", [id]);
        await expectRevert(world, () => world.escrow.connect(world.bob).acceptBuilder(id), world.escrow, "NotNominee", [id, world.bob.address]);
      }
    });

    it("refuses an unknown campaign: UnknownCampaign, for nominate, accept and release", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.escrow.connect(world.maintainer).nominateBuilder(5n, world.bob.address), world.escrow, "UnknownCampaign", [5n]);
      await expectRevert(world, () => world.escrow.connect(world.bob).acceptBuilder(5n), world.escrow, "UnknownCampaign", [5n]);
      await expectRevert(world, () => world.escrow.connect(world.bob).releaseWaitingBuilderShare(5n), world.escrow, "UnknownCampaign", [5n]);
    });

    it("takes nominations in any state: funding, cancelled and failed campaigns, and while paused", async () => {
      const world = await loadWorld();
      const { id: cancelled } = await withBuilderShare(world);
      await (await world.escrow.connect(world.maintainer).cancelCampaign(cancelled)).wait();
      await expect(world.escrow.connect(world.maintainer).nominateBuilder(cancelled, world.bob.address))
        .to.emit(world.escrow, "BuilderNominated")
        .withArgs(cancelled, world.bob.address, world.maintainer.address);
      const { id: failed, deadline } = await withBuilderShare(world);
      await time.increaseTo(deadline + 1n);
      expect(await world.escrow.campaignState(failed)).to.equal(State.Failed);
      await (await world.escrow.connect(world.guardian).pause()).wait();
      await (await world.escrow.connect(world.maintainer).nominateBuilder(failed, world.bob.address)).wait();
      await expect(world.escrow.connect(world.bob).acceptBuilder(failed)).to.emit(world.escrow, "BuilderAccepted").withArgs(failed, world.bob.address, ZERO, 0n);
    });
  });

  for (const currency of [ETHER, ERC20]) {
    const u = currency.amount;

    describe(`waiting builder share in ${currency.name}`, () => {
      it("credits the share as waiting when nobody accepted: BuilderShareCredited(id, 0, token, amount), releasable 180 days on", async () => {
        const world = await loadWorld();
        const { id, gross, token } = await succeeded(world, currency, { builderShareBps: 1_234n });
        // A nominee who has not accepted does not count.
        await (await world.escrow.connect(world.maintainer).nominateBuilder(id, world.bob.address)).wait();
        const receipt = await claim(world, id);
        const at = await minedAt(receipt);
        const expected = splitOf(gross, 1_234n, []);
        expect(claimEvents(world, receipt)).to.deep.equal(expectedClaimEvents(world, id, token, ZERO, expected));
        expect(splitTuple(await world.escrow.getSplit(id))).to.deep.equal([ZERO, world.bob.address, 1_234n, 0n, 0n, expected.builder, at + ACCEPT_WINDOW]);
        expect(await world.escrow.builderSharesOf(ZERO, token)).to.equal(0n);
        expect(await world.escrow.builderSharesOf(world.bob.address, token)).to.equal(0n);
        expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(expected.fee + expected.builder);
      });

      it("gives the waiting share to the builder who accepts: BuilderAccepted(id, builder, 0, waitingTaken)", async () => {
        const world = await loadWorld();
        const { id, gross, token } = await succeeded(world, currency, { builderShareBps: 1_234n });
        await claim(world, id);
        const waiting = (gross * 1_234n) / BPS;
        await (await world.escrow.connect(world.maintainer).nominateBuilder(id, world.bob.address)).wait();
        await expect(world.escrow.connect(world.bob).acceptBuilder(id))
          .to.emit(world.escrow, "BuilderAccepted")
          .withArgs(id, world.bob.address, ZERO, waiting);
        expect(await world.escrow.builderSharesOf(world.bob.address, token)).to.equal(waiting);
        const split = await world.escrow.getSplit(id);
        expect([split.builder, split.waiting, split.releasableAt]).to.deep.equal([world.bob.address, 0n, 0n]);
        await expectRevert(world, () => world.escrow.connect(world.stranger).releaseWaitingBuilderShare(id), world.escrow, "NoWaitingBuilderShare", [id]);
      });

      it("refuses a release one second before 180 days: BuilderShareStillWaiting(id, releasableAt); anyone releases at that second", async () => {
        const world = await loadWorld();
        const { id, gross, token } = await succeeded(world, currency, { builderShareBps: 1_000n });
        const claimedAt = await minedAt(await claim(world, id));
        const releasableAt = claimedAt + ACCEPT_WINDOW;
        await time.setNextBlockTimestamp(releasableAt - 1n);
        await expectRevert(world, () => world.escrow.connect(world.stranger).releaseWaitingBuilderShare(id), world.escrow, "BuilderShareStillWaiting", [
          id,
          releasableAt,
        ]);
        const waiting = gross / 10n;
        await time.setNextBlockTimestamp(releasableAt);
        await expect(world.escrow.connect(world.stranger).releaseWaitingBuilderShare(id))
          .to.emit(world.escrow, "WaitingBuilderShareReleased")
          .withArgs(id, 1n, waiting);
        expect(await world.escrow.projectSharesOf(1n, token)).to.equal(waiting);
        const split = await world.escrow.getSplit(id);
        expect([split.waiting, split.releasableAt]).to.deep.equal([0n, 0n]);
        await expectRevert(world, () => world.escrow.connect(world.stranger).releaseWaitingBuilderShare(id), world.escrow, "NoWaitingBuilderShare", [id]);
        // The project's maintainer withdraws it to the payout address.
        const before = await currency.balanceOf(world, world.payout.address);
        await (await world.escrow.connect(world.maintainer).withdrawProjectShares(1n, token)).wait();
        expect((await currency.balanceOf(world, world.payout.address)) - before).to.equal(waiting);
        // A builder who comes later finds nothing.
        await appoint(world, id, world.bob);
        expect(await world.escrow.builderSharesOf(world.bob.address, token)).to.equal(0n);
      });

      it("lets a builder who accepts after the window but before the release take the waiting share", async () => {
        const world = await loadWorld();
        const { id, gross, token } = await succeeded(world, currency, { builderShareBps: 1_000n });
        await claim(world, id);
        await time.increase(ACCEPT_WINDOW + DAY);
        await (await world.escrow.connect(world.maintainer).nominateBuilder(id, world.bob.address)).wait();
        await expect(world.escrow.connect(world.bob).acceptBuilder(id)).to.emit(world.escrow, "BuilderAccepted").withArgs(id, world.bob.address, ZERO, gross / 10n);
        await expectRevert(world, () => world.escrow.connect(world.stranger).releaseWaitingBuilderShare(id), world.escrow, "NoWaitingBuilderShare", [id]);
        expect(await world.escrow.projectSharesOf(1n, token)).to.equal(0n);
      });

      it("counts the window from the LAST waiting credit: a second release restarts it", async () => {
        const world = await loadWorld();
        const { id } = await openWithMilestones(world, currency, 1_000n);
        await currency.fund(world, world.alice, u("10"));
        await pledgeIn(currency, world, world.alice, id, u("10"));
        await time.increaseTo((await world.escrow.getCampaign(id)).deadline + 1n);
        const firstAt = await minedAt(await claim(world, id));
        await (await world.escrow.connect(world.maintainer).submitMilestone(id, "ipfs://one")).wait();
        await time.increase(3n * DAY + 1n);
        const secondAt = await minedAt(await claim(world, id));
        const waiting = (u("2") * 1_000n) / BPS + (u("4") * 1_000n) / BPS;
        expect(splitTuple(await world.escrow.getSplit(id)).slice(5)).to.deep.equal([waiting, secondAt + ACCEPT_WINDOW]);
        await time.setNextBlockTimestamp(firstAt + ACCEPT_WINDOW);
        await expectRevert(world, () => world.escrow.connect(world.stranger).releaseWaitingBuilderShare(id), world.escrow, "BuilderShareStillWaiting", [
          id,
          secondAt + ACCEPT_WINDOW,
        ]);
        await time.setNextBlockTimestamp(secondAt + ACCEPT_WINDOW);
        await expect(world.escrow.connect(world.stranger).releaseWaitingBuilderShare(id))
          .to.emit(world.escrow, "WaitingBuilderShareReleased")
          .withArgs(id, 1n, waiting);
      });

      it("refuses a release with nothing waiting: NoWaitingBuilderShare, before any claim, without shares, with a builder", async () => {
        const world = await loadWorld();
        const { id: early } = await openCampaign(world, { token: currency.tokenOf(world), builderShareBps: 100n });
        const { id: plain } = await openCampaign(world, { token: currency.tokenOf(world) });
        for (const id of [early, plain]) {
          await expectRevert(world, () => world.escrow.connect(world.stranger).releaseWaitingBuilderShare(id), world.escrow, "NoWaitingBuilderShare", [id]);
        }
        const { id: withBuilder } = await succeeded(world, currency, { builderShareBps: 100n });
        await appoint(world, withBuilder, world.bob);
        await claim(world, withBuilder);
        await time.increase(ACCEPT_WINDOW + 1n);
        await expectRevert(world, () => world.escrow.connect(world.stranger).releaseWaitingBuilderShare(withBuilder), world.escrow, "NoWaitingBuilderShare", [
          withBuilder,
        ]);
      });
    });
  }

  describe("a waiting credit past 2106", () => {
    it("saturates its time at 2^32 - 1 instead of refusing the claim: releasable 180 days after that", async () => {
      const world = await loadWorld();
      const { id, dues } = await openWithMilestones(world, ETHER, 1_000n);
      await pledgeIn(ETHER, world, world.alice, id, eth("10"));
      // Nobody claims the initial release or submits the first milestone: it is overdue long after, the campaign Rejected.
      await time.increaseTo(2n ** 32n + 100n);
      expect(dues[0]).to.be.lessThan(2n ** 32n);
      const receipt = await claim(world, id);
      expect(claimEvents(world, receipt)[0]).to.deep.equal(["BuilderShareCredited", id, ZERO, ETH, (eth("2") * 1_000n) / BPS]);
      expect(await world.escrow.campaignState(id)).to.equal(State.Rejected);
      const releasableAt = 2n ** 32n - 1n + ACCEPT_WINDOW;
      expect((await world.escrow.getSplit(id)).releasableAt).to.equal(releasableAt);
      await expectRevert(world, () => world.escrow.connect(world.stranger).releaseWaitingBuilderShare(id), world.escrow, "BuilderShareStillWaiting", [
        id,
        releasableAt,
      ]);
      await time.setNextBlockTimestamp(releasableAt);
      await expect(world.escrow.connect(world.stranger).releaseWaitingBuilderShare(id))
        .to.emit(world.escrow, "WaitingBuilderShareReleased")
        .withArgs(id, 1n, (eth("2") * 1_000n) / BPS);
    });
  });

  describe("milestone campaigns", () => {
    for (const currency of [ETHER, ERC20]) {
      const u = currency.amount;
      it(`credits the builder and the dependencies their share of each release, in ${currency.name}`, async () => {
        const world = await loadWorld();
        const { ids } = await registerDependencies(world, 2);
        const list: Dependency[] = [
          [ids[0], 150n],
          [ids[1], 1n],
        ];
        await setDependencies(world, list);
        const { id } = await openWithMilestones(world, currency, 1_500n);
        const token = currency.tokenOf(world);
        const gross = u("10") + 13n;
        await currency.fund(world, world.alice, gross);
        await pledgeIn(currency, world, world.alice, id, gross);
        await time.increaseTo((await world.escrow.getCampaign(id)).deadline + 1n);
        await appoint(world, id, world.bob);
        const releases: bigint[] = [];
        let claimed = 0n;
        for (const [step, releasedBps] of [
          [0, 2_000n],
          [1, 6_000n],
          [2, 10_000n],
        ] as const) {
          if (step > 0) {
            await (await world.escrow.connect(world.maintainer).submitMilestone(id, `ipfs://${step}`)).wait();
            await time.increase(3n * DAY + 1n);
          }
          const release = (gross * releasedBps) / BPS - claimed;
          claimed += release;
          releases.push(release);
          const before = await currency.balanceOf(world, world.payout.address);
          const receipt = await claim(world, id);
          const expected = splitOf(release, 1_500n, list);
          expect(claimEvents(world, receipt), `release ${step}`).to.deep.equal(expectedClaimEvents(world, id, token, world.bob.address, expected));
          expect((await currency.balanceOf(world, world.payout.address)) - before).to.equal(expected.project);
        }
        const sum = (f: (release: bigint) => bigint) => releases.reduce((total, release) => total + f(release), 0n);
        expect(await world.escrow.builderSharesOf(world.bob.address, token)).to.equal(sum((r) => (r * 1_500n) / BPS));
        expect(await world.escrow.projectSharesOf(ids[0], token)).to.equal(sum((r) => (r * 150n) / BPS));
        expect(await world.escrow.projectSharesOf(ids[1], token)).to.equal(sum((r) => (r * 1n) / BPS));
        expect(await world.escrow.campaignState(id)).to.equal(State.Claimed);
      });
    }

    it("credits no share of what a rejected milestone leaves unreleased; backers get it back pro rata; the escrow ends empty", async () => {
      const world = await loadWorld();
      const { ids, owner } = await registerDependencies(world, 1);
      await setDependencies(world, [[ids[0], 500n]]);
      const { id } = await openWithMilestones(world, ETHER, 2_000n);
      await pledgeIn(ETHER, world, world.alice, id, eth("6"));
      await pledgeIn(ETHER, world, world.bob, id, eth("4"));
      await time.increaseTo((await world.escrow.getCampaign(id)).deadline + 1n);
      await appoint(world, id, world.carol);
      await claim(world, id); // 20% released: 2 ETH
      await (await world.escrow.connect(world.maintainer).submitMilestone(id, "ipfs://one")).wait();
      await (await world.escrow.connect(world.alice).objectMilestone(id)).wait();
      await time.increase(3n * DAY + 1n);
      await (await world.escrow.settleMilestone(id)).wait();
      expect(await world.escrow.campaignState(id)).to.equal(State.Rejected);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "NothingToClaim", [id]);
      const released = eth("2");
      expect(await world.escrow.builderSharesOf(world.carol.address, ETH)).to.equal((released * 2_000n) / BPS);
      expect(await world.escrow.projectSharesOf(ids[0], ETH)).to.equal((released * 500n) / BPS);
      await expect(world.escrow.connect(world.alice).refund(id)).to.emit(world.escrow, "Refunded").withArgs(id, world.alice.address, eth("4.8"));
      await expect(world.escrow.connect(world.bob).refund(id)).to.emit(world.escrow, "Refunded").withArgs(id, world.bob.address, eth("3.2"));
      await (await world.escrow.connect(world.carol).withdrawBuilderShares(ETH, world.carol.address)).wait();
      await (await world.escrow.connect(owner).withdrawProjectShares(ids[0], ETH)).wait();
      await (await world.escrow.connect(world.owner).withdrawFees(ETH)).wait();
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });
  });

  for (const currency of [ETHER, ERC20]) {
    describe(`withdrawals in ${currency.name}`, () => {
      /** A claimed campaign: builder bob (15%), dependencies [2: 3%, 3: 1%], 10 units + 7. */
      async function claimed(world: World) {
        const { ids, owner, payouts } = await registerDependencies(world, 2);
        const list: Dependency[] = [
          [ids[0], 300n],
          [ids[1], 100n],
        ];
        await setDependencies(world, list);
        const { id, gross, token } = await succeeded(world, currency, { builderShareBps: 1_500n, pledge: currency.amount("10") + 7n });
        await appoint(world, id, world.bob);
        await claim(world, id);
        return { id, token, ids, owner, payouts, expected: splitOf(gross, 1_500n, list) };
      }

      it("pays a builder's whole credit to themselves: BuilderSharesWithdrawn(builder, token, to, amount); a second time NothingToWithdraw", async () => {
        const world = await loadWorld();
        const { token, expected } = await claimed(world);
        const withdrawal = world.escrow.connect(world.bob).withdrawBuilderShares(token, world.bob.address);
        await expect(withdrawal).to.emit(world.escrow, "BuilderSharesWithdrawn").withArgs(world.bob.address, token, world.bob.address, expected.builder);
        await currency.expectMoves(world, withdrawal, [world.bob, world.escrow], [expected.builder, -expected.builder]);
        expect(await world.escrow.builderSharesOf(world.bob.address, token)).to.equal(0n);
        await expectRevert(world, () => world.escrow.connect(world.bob).withdrawBuilderShares(token, world.bob.address), world.escrow, "NothingToWithdraw", [
          token,
        ]);
      });

      it("pays a builder's credit to another address of their choice", async () => {
        const world = await loadWorld();
        const { token, expected } = await claimed(world);
        const elsewhere = addressOf("builder's cold wallet");
        const withdrawal = world.escrow.connect(world.bob).withdrawBuilderShares(token, elsewhere);
        await expect(withdrawal).to.emit(world.escrow, "BuilderSharesWithdrawn").withArgs(world.bob.address, token, elsewhere, expected.builder);
        await currency.expectMoves(world, withdrawal, [elsewhere, world.escrow], [expected.builder, -expected.builder]);
      });

      it("refuses a withdrawal by someone with no credit, and in the other token: NothingToWithdraw(token)", async () => {
        const world = await loadWorld();
        const { token } = await claimed(world);
        const other = currency === ETHER ? world.tokenAddress : ETH;
        await expectRevert(world, () => world.escrow.connect(world.stranger).withdrawBuilderShares(token, world.stranger.address), world.escrow, "NothingToWithdraw", [
          token,
        ]);
        await expectRevert(world, () => world.escrow.connect(world.bob).withdrawBuilderShares(other, world.bob.address), world.escrow, "NothingToWithdraw", [other]);
        await expectRevert(world, () => world.escrow.connect(world.maintainer).withdrawProjectShares(1n, token), world.escrow, "NothingToWithdraw", [token]);
      });

      it("refuses the zero address as recipient: ZeroAddress", async () => {
        const world = await loadWorld();
        const { token, expected } = await claimed(world);
        await expectRevert(world, () => world.escrow.connect(world.bob).withdrawBuilderShares(token, ZERO), world.escrow, "ZeroAddress");
        expect(await world.escrow.builderSharesOf(world.bob.address, token)).to.equal(expected.builder);
      });

      it("refuses the escrow, the registry and every module as recipient: InvalidPayout(to)", async () => {
        const world = await loadWorld();
        const { token, expected } = await claimed(world);
        const protocol = [
          world.escrowAddress,
          await world.registry.getAddress(),
          await world.escrow.milestoneReview(),
          await world.escrow.campaignViews(),
          await world.escrow.protocolAdmin(),
          await world.escrow.bonusPool(),
          await world.escrow.shareLedger(),
          await world.escrow.requestBoard(),
        ];
        for (const to of protocol) {
          await expectRevert(world, () => world.escrow.connect(world.bob).withdrawBuilderShares(token, to), world.escrow, "InvalidPayout", [to]);
        }
        expect(await world.escrow.builderSharesOf(world.bob.address, token)).to.equal(expected.builder);
      });

      it("pays a dependency's credit to its payout address on a withdrawal by its maintainer: ProjectSharesWithdrawn(id, token, payout, by, amount)", async () => {
        const world = await loadWorld();
        const { token, ids, owner, payouts, expected } = await claimed(world);
        const [, depMaintainer] = await extraSigners();
        await (await world.registry.connect(owner).addMaintainer(ids[1], depMaintainer.address)).wait();
        for (const [index, by] of [
          [0, owner],
          [1, depMaintainer],
        ] as const) {
          const amount = expected.dependencies[index].amount;
          const withdrawal = world.escrow.connect(by).withdrawProjectShares(ids[index], token);
          await expect(withdrawal).to.emit(world.escrow, "ProjectSharesWithdrawn").withArgs(ids[index], token, payouts[index], by.address, amount);
          await currency.expectMoves(world, withdrawal, [payouts[index], world.escrow], [amount, -amount]);
          expect(await world.escrow.projectSharesOf(ids[index], token)).to.equal(0n);
          await expectRevert(world, () => world.escrow.connect(by).withdrawProjectShares(ids[index], token), world.escrow, "NothingToWithdraw", [token]);
        }
      });

      it("lets only a maintainer of that project withdraw its credit: NotProjectMaintainer(projectId, caller)", async () => {
        const world = await loadWorld();
        const { token, ids, owner, expected } = await claimed(world);
        // The depending project's maintainer, the builder, a maintainer of the other dependency, a stranger, the payout.
        await (await world.registry.connect(owner).removeMaintainer(ids[1], owner.address)).wait();
        for (const caller of [world.maintainer, world.bob, owner, world.stranger]) {
          await expectRevert(world, () => world.escrow.connect(caller).withdrawProjectShares(ids[1], token), world.escrow, "NotProjectMaintainer", [
            ids[1],
            caller.address,
          ]);
        }
        await expectRevert(world, () => world.escrow.connect(world.maintainer).withdrawProjectShares(99n, token), world.escrow, "NotProjectMaintainer", [
          99n,
          world.maintainer.address,
        ]);
        expect(await world.escrow.projectSharesOf(ids[1], token)).to.equal(expected.dependencies[1].amount);
      });

      it("pays the payout address in force at withdrawal, not the one at the claim", async () => {
        const world = await loadWorld();
        const { token, ids, owner, payouts, expected } = await claimed(world);
        const moved = addressOf("dependency's new payout");
        await (await world.registry.connect(owner).setPayoutAddress(ids[0], moved)).wait();
        const amount = expected.dependencies[0].amount;
        const withdrawal = world.escrow.connect(owner).withdrawProjectShares(ids[0], token);
        await expect(withdrawal).to.emit(world.escrow, "ProjectSharesWithdrawn").withArgs(ids[0], token, moved, owner.address, amount);
        await currency.expectMoves(world, withdrawal, [moved, payouts[0], world.escrow], [amount, 0n, -amount]);
      });

      it("refuses a project whose payout is a protocol contract: InvalidPayout(payout)", async () => {
        const world = await loadWorld();
        const { token, ids, owner } = await claimed(world);
        for (const payout of [
          world.escrowAddress,
          await world.registry.getAddress(),
          await world.escrow.shareLedger(),
          await world.escrow.bonusPool(),
          await world.escrow.requestBoard(),
        ]) {
          await (await world.registry.connect(owner).setPayoutAddress(ids[0], payout)).wait();
          await expectRevert(world, () => world.escrow.connect(owner).withdrawProjectShares(ids[0], token), world.escrow, "InvalidPayout", [payout]);
        }
      });

      it("works while paused, for the builder and for a project", async () => {
        const world = await loadWorld();
        const { token, ids, owner, expected } = await claimed(world);
        await (await world.escrow.connect(world.guardian).pause()).wait();
        await expect(world.escrow.connect(world.bob).withdrawBuilderShares(token, world.bob.address))
          .to.emit(world.escrow, "BuilderSharesWithdrawn")
          .withArgs(world.bob.address, token, world.bob.address, expected.builder);
        await expect(world.escrow.connect(owner).withdrawProjectShares(ids[0], token))
          .to.emit(world.escrow, "ProjectSharesWithdrawn")
          .withArgs(ids[0], token, (await world.registry.getProject(ids[0])).payout, owner.address, expected.dependencies[0].amount);
      });

      it("does not cascade a dependency's credit into its own dependencies: all of it goes to its payout", async () => {
        const world = await loadWorld();
        const { token, ids, owner, payouts, expected } = await claimed(world);
        // Project ids[0] depends on ids[1] at 50%: its credit from project 1's claim is still all its own.
        await (await world.registry.connect(owner).setDependencies(ids[0], asStructs([[ids[1], 5_000n]]))).wait();
        const amount = expected.dependencies[0].amount;
        const withdrawal = world.escrow.connect(owner).withdrawProjectShares(ids[0], token);
        await expect(withdrawal).not.to.emit(world.escrow, "DependencyShareCredited");
        await currency.expectMoves(world, withdrawal, [payouts[0], payouts[1]], [amount, 0n]);
        expect(await world.escrow.projectSharesOf(ids[1], token)).to.equal(expected.dependencies[1].amount);
      });

      it("keeps the escrow solvent: after every withdrawal it holds the fee alone", async () => {
        const world = await loadWorld();
        const { token, ids, owner, expected } = await claimed(world);
        await (await world.escrow.connect(world.bob).withdrawBuilderShares(token, world.bob.address)).wait();
        for (const id of ids) await (await world.escrow.connect(owner).withdrawProjectShares(id, token)).wait();
        expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(expected.fee);
        expect(await world.escrow.accruedFees(token)).to.equal(expected.fee);
      });
    });
  }

  describe("recipients that refuse payment block nobody else", () => {
    it("an ETH-rejecting builder's withdrawal fails with EthTransferFailed(to, amount); it withdraws to another address; the rest is unaffected", async () => {
      const world = await loadWorld();
      const { ids, owner, payouts } = await registerDependencies(world, 1);
      await setDependencies(world, [[ids[0], 400n]]);
      const account = await new RejectingAccount__factory(world.owner).deploy(world.escrowAddress);
      const address = await account.getAddress();
      const { id, gross } = await succeeded(world, ETHER, { builderShareBps: 2_000n });
      await (await world.escrow.connect(world.maintainer).nominateBuilder(id, address)).wait();
      await (await account.execute(world.escrow.interface.encodeFunctionData("acceptBuilder", [id]))).wait();
      await (await account.setRejecting(true)).wait();
      const expected = splitOf(gross, 2_000n, [[ids[0], 400n]]);
      // The project's claim goes through: the builder is only credited.
      const before = await ethers.provider.getBalance(world.payout.address);
      expect(claimEvents(world, await claim(world, id))).to.deep.equal(expectedClaimEvents(world, id, ETH, address, expected));
      expect((await ethers.provider.getBalance(world.payout.address)) - before).to.equal(expected.project);
      const toSelf = world.escrow.interface.encodeFunctionData("withdrawBuilderShares", [ETH, address]);
      const failure = world.escrow.interface.encodeErrorResult("EthTransferFailed", [address, expected.builder]);
      await expectRevert(world, () => account.execute(toSelf), account, "CallFailed", [failure]);
      expect(await world.escrow.builderSharesOf(address, ETH)).to.equal(expected.builder);
      // The dependency withdraws regardless.
      await (await world.escrow.connect(owner).withdrawProjectShares(ids[0], ETH)).wait();
      expect(await ethers.provider.getBalance(payouts[0])).to.equal(expected.dependencies[0].amount);
      // And the builder takes its credit to an address that accepts it.
      const elsewhere = addressOf("rejecting builder's other wallet");
      const withdrawal = account.execute(world.escrow.interface.encodeFunctionData("withdrawBuilderShares", [ETH, elsewhere]));
      await expect(withdrawal).to.changeEtherBalances(ethers, [elsewhere, world.escrow], [expected.builder, -expected.builder]);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(expected.fee);
    });

    it("a dependency whose payout rejects ETH blocks nobody: the claim, the builder and the other dependency are paid; it withdraws after changing payout", async () => {
      const world = await loadWorld();
      const { ids, owner, payouts } = await registerDependencies(world, 2);
      const list: Dependency[] = [
        [ids[0], 250n],
        [ids[1], 750n],
      ];
      await setDependencies(world, list);
      const rejecting = await new RejectingAccount__factory(world.owner).deploy(world.escrowAddress);
      const rejectingAddress = await rejecting.getAddress();
      await (await rejecting.setRejecting(true)).wait();
      await (await world.registry.connect(owner).setPayoutAddress(ids[0], rejectingAddress)).wait();
      const { id, gross } = await succeeded(world, ETHER, { builderShareBps: 1_000n });
      await appoint(world, id, world.bob);
      const expected = splitOf(gross, 1_000n, list);
      await claim(world, id);
      await expect(world.escrow.connect(world.bob).withdrawBuilderShares(ETH, world.bob.address)).to.changeEtherBalance(ethers, world.bob, expected.builder);
      await (await world.escrow.connect(owner).withdrawProjectShares(ids[1], ETH)).wait();
      expect(await ethers.provider.getBalance(payouts[1])).to.equal(expected.dependencies[1].amount);
      const amount = expected.dependencies[0].amount;
      await expectRevert(world, () => world.escrow.connect(owner).withdrawProjectShares(ids[0], ETH), world.escrow, "EthTransferFailed", [rejectingAddress, amount]);
      expect(await world.escrow.projectSharesOf(ids[0], ETH)).to.equal(amount);
      await (await world.registry.connect(owner).setPayoutAddress(ids[0], payouts[0])).wait();
      await (await world.escrow.connect(owner).withdrawProjectShares(ids[0], ETH)).wait();
      expect(await ethers.provider.getBalance(payouts[0])).to.equal(amount);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(expected.fee);
    });

    it("a builder blacklisted by the token withdraws to another address; a blacklisted dependency payout blocks only its own withdrawal", async () => {
      const world = await loadWorld();
      const token = await new BlacklistToken__factory(world.owner).deploy();
      const tokenAddress = await token.getAddress();
      await (await world.escrow.setTokenAllowed(tokenAddress, true)).wait();
      const { ids, owner, payouts } = await registerDependencies(world, 2);
      const list: Dependency[] = [
        [ids[0], 500n],
        [ids[1], 1_000n],
      ];
      await setDependencies(world, list);
      const gross = 1_000_003n;
      const { id, deadline } = await openCampaign(world, { token: tokenAddress, goal: gross, builderShareBps: 2_500n });
      await (await token.mint(world.alice.address, gross)).wait();
      await (await token.connect(world.alice).approve(world.escrowAddress, gross)).wait();
      await (await world.escrow.connect(world.alice).pledgeToken(id, gross)).wait();
      await time.increaseTo(deadline + 1n);
      await appoint(world, id, world.bob);
      await (await token.setBlacklisted(world.bob.address, true)).wait();
      await (await token.setBlacklisted(payouts[0], true)).wait();
      const expected = splitOf(gross, 2_500n, list);
      expect(claimEvents(world, await claim(world, id))).to.deep.equal(expectedClaimEvents(world, id, tokenAddress, world.bob.address, expected));
      expect(await token.balanceOf(world.payout.address)).to.equal(expected.project);
      const held = await token.balanceOf(world.escrowAddress);
      await expect(world.escrow.connect(world.bob).withdrawBuilderShares(tokenAddress, world.bob.address))
        .to.be.revertedWithCustomError(token, "Blacklisted")
        .withArgs(world.bob.address);
      await expect(world.escrow.connect(owner).withdrawProjectShares(ids[0], tokenAddress))
        .to.be.revertedWithCustomError(token, "Blacklisted")
        .withArgs(payouts[0]);
      expect(await token.balanceOf(world.escrowAddress)).to.equal(held);
      expect(await world.escrow.builderSharesOf(world.bob.address, tokenAddress)).to.equal(expected.builder);
      expect(await world.escrow.projectSharesOf(ids[0], tokenAddress)).to.equal(expected.dependencies[0].amount);
      // The other dependency is paid; the builder takes its credit elsewhere; the blacklisted payout is moved.
      await (await world.escrow.connect(owner).withdrawProjectShares(ids[1], tokenAddress)).wait();
      expect(await token.balanceOf(payouts[1])).to.equal(expected.dependencies[1].amount);
      await (await world.escrow.connect(world.bob).withdrawBuilderShares(tokenAddress, world.carol.address)).wait();
      expect(await token.balanceOf(world.carol.address)).to.equal(expected.builder);
      const moved = addressOf("unlisted payout");
      await (await world.registry.connect(owner).setPayoutAddress(ids[0], moved)).wait();
      await (await world.escrow.connect(owner).withdrawProjectShares(ids[0], tokenAddress)).wait();
      expect(await token.balanceOf(moved)).to.equal(expected.dependencies[0].amount);
      expect(await token.balanceOf(world.escrowAddress)).to.equal(expected.fee);
    });
  });

  describe("re-entry through ETH receivers and token hooks", () => {
    it("a builder re-entering withdrawBuilderShares from its ETH receipt is paid once, stopped by ReentrancyGuardReentrantCall", async () => {
      const world = await loadWorld();
      const receiver = await new ReentrantReceiver__factory(world.owner).deploy(world.escrowAddress);
      const address = await receiver.getAddress();
      const { id, gross } = await succeeded(world, ETHER, { builderShareBps: 3_000n });
      await (await world.escrow.connect(world.maintainer).nominateBuilder(id, address)).wait();
      await (await receiver.execute(world.escrow.interface.encodeFunctionData("acceptBuilder", [id]))).wait();
      // A second campaign credits it too: there would be something to take twice.
      const second = await succeeded(world, ETHER, { builderShareBps: 3_000n });
      await (await world.escrow.connect(world.maintainer).nominateBuilder(second.id, address)).wait();
      await (await receiver.execute(world.escrow.interface.encodeFunctionData("acceptBuilder", [second.id]))).wait();
      await claim(world, id);
      const credit = (gross * 3_000n) / BPS;
      const withdraw = world.escrow.interface.encodeFunctionData("withdrawBuilderShares", [ETH, address]);
      await (await receiver.arm(withdraw, 0n)).wait();
      const withdrawal = receiver.execute(withdraw);
      await expect(withdrawal).to.changeEtherBalances(ethers, [receiver, world.escrow], [credit, -credit]);
      expect(await receiver.attempts()).to.equal(1n);
      expect(await receiver.reentrySucceeded()).to.equal(false);
      expect(await receiver.reentrySelector()).to.equal(guardSelector(world));
      expect(await world.escrow.builderSharesOf(address, ETH)).to.equal(0n);
    });

    it("a builder re-entering claim (as a maintainer) from its ETH receipt is stopped by the guard; the campaign stays claimable", async () => {
      const world = await loadWorld();
      const receiver = await new ReentrantReceiver__factory(world.owner).deploy(world.escrowAddress);
      const address = await receiver.getAddress();
      await (await world.registry.connect(world.maintainer).addMaintainer(1n, address)).wait();
      const first = await succeeded(world, ETHER, { builderShareBps: 3_000n });
      await (await world.escrow.connect(world.maintainer).nominateBuilder(first.id, address)).wait();
      await (await receiver.execute(world.escrow.interface.encodeFunctionData("acceptBuilder", [first.id]))).wait();
      await claim(world, first.id);
      const second = await succeeded(world, ETHER);
      await (await receiver.arm(world.escrow.interface.encodeFunctionData("claim", [second.id]), 0n)).wait();
      await (await receiver.execute(world.escrow.interface.encodeFunctionData("withdrawBuilderShares", [ETH, address]))).wait();
      expect(await receiver.reentrySelector()).to.equal(guardSelector(world));
      expect(await world.escrow.campaignState(second.id)).to.equal(State.Succeeded);
      await claim(world, second.id);
      expect(await world.escrow.campaignState(second.id)).to.equal(State.Claimed);
    });

    it("a payout re-entering withdrawProjectShares and withdrawBuilderShares from a claim or a withdrawal is stopped by the guard", async () => {
      const world = await loadWorld();
      const receiver = await new ReentrantReceiver__factory(world.owner).deploy(world.escrowAddress);
      const address = await receiver.getAddress();
      // The project's payout is the receiver, which also maintains the project and is the builder.
      await (await world.registry.connect(world.maintainer).setPayoutAddress(1n, address)).wait();
      await (await world.registry.connect(world.maintainer).addMaintainer(1n, address)).wait();
      // A waiting share is released to the project first, so the project has a credit of its own.
      const earlier = await succeeded(world, ETHER, { builderShareBps: 1_000n });
      await claim(world, earlier.id);
      await time.increase(ACCEPT_WINDOW);
      await (await world.escrow.releaseWaitingBuilderShare(earlier.id)).wait();
      const projectCredit = (earlier.gross * 1_000n) / BPS;
      const { id, gross } = await succeeded(world, ETHER, { builderShareBps: 1_000n });
      await (await world.escrow.connect(world.maintainer).nominateBuilder(id, address)).wait();
      await (await receiver.execute(world.escrow.interface.encodeFunctionData("acceptBuilder", [id]))).wait();
      // From the claim's payment to the payout: the builder credit was made before the payment, but cannot be taken in it.
      await (await receiver.arm(world.escrow.interface.encodeFunctionData("withdrawBuilderShares", [ETH, address]), 0n)).wait();
      await claim(world, id);
      expect(await receiver.reentrySelector()).to.equal(guardSelector(world));
      expect(await world.escrow.builderSharesOf(address, ETH)).to.equal((gross * 1_000n) / BPS);
      // From a project withdrawal's payment to the payout: neither can the project's credit be taken twice.
      await (await receiver.arm(world.escrow.interface.encodeFunctionData("withdrawProjectShares", [1n, ETH]), 0n)).wait();
      const withdrawal = world.escrow.connect(world.maintainer).withdrawProjectShares(1n, ETH);
      await expect(withdrawal).to.changeEtherBalances(ethers, [receiver, world.escrow], [projectCredit, -projectCredit]);
      expect(await receiver.attempts()).to.equal(2n);
      expect(await receiver.reentrySelector()).to.equal(guardSelector(world));
      expect(await world.escrow.projectSharesOf(1n, ETH)).to.equal(0n);
    });

    /** A claimed campaign in a re-entrant token: builder bob (20%), dependency 2 (10%) owned by the extra signer. */
    async function reentrantTokenClaimed(world: World) {
      const token = await new ReentrantToken__factory(world.owner).deploy(world.escrowAddress);
      const tokenAddress = await token.getAddress();
      await (await world.escrow.setTokenAllowed(tokenAddress, true)).wait();
      const { ids, owner } = await registerDependencies(world, 1);
      await setDependencies(world, [[ids[0], 1_000n]]);
      const { id, deadline } = await openCampaign(world, { token: tokenAddress, goal: 10_000n, builderShareBps: 2_000n });
      await (await token.mint(world.alice.address, 10_000n)).wait();
      await (await token.connect(world.alice).approve(world.escrowAddress, 10_000n)).wait();
      await (await world.escrow.connect(world.alice).pledgeToken(id, 10_000n)).wait();
      await time.increaseTo(deadline + 1n);
      await appoint(world, id, world.bob);
      return { token, tokenAddress, id, dependency: ids[0], owner };
    }

    it("a token re-entering withdrawBuilderShares from the claim's transfer is stopped by the guard", async () => {
      const world = await loadWorld();
      const { token, tokenAddress, id } = await reentrantTokenClaimed(world);
      await (await token.arm(world.escrow.interface.encodeFunctionData("withdrawBuilderShares", [tokenAddress, tokenAddress]))).wait();
      await claim(world, id);
      expect(await token.attempts()).to.equal(1n);
      expect(await token.reentrySelector()).to.equal(guardSelector(world));
      expect(await token.balanceOf(world.payout.address)).to.equal(10_000n - 250n - 2_000n - 1_000n);
    });

    it("a token re-entering withdrawBuilderShares and withdrawProjectShares from a share withdrawal is stopped by the guard; each is paid once", async () => {
      const world = await loadWorld();
      const { token, tokenAddress, id, dependency, owner } = await reentrantTokenClaimed(world);
      await claim(world, id);
      await (await token.arm(world.escrow.interface.encodeFunctionData("withdrawBuilderShares", [tokenAddress, world.bob.address]))).wait();
      await (await world.escrow.connect(world.bob).withdrawBuilderShares(tokenAddress, world.bob.address)).wait();
      expect(await token.reentrySelector()).to.equal(guardSelector(world));
      await (await token.arm(world.escrow.interface.encodeFunctionData("withdrawProjectShares", [dependency, tokenAddress]))).wait();
      await (await world.escrow.connect(owner).withdrawProjectShares(dependency, tokenAddress)).wait();
      expect(await token.attempts()).to.equal(2n);
      expect(await token.reentrySelector()).to.equal(guardSelector(world));
      expect(await token.balanceOf(world.bob.address)).to.equal(2_000n);
      expect(await token.balanceOf((await world.registry.getProject(dependency)).payout)).to.equal(1_000n);
      expect(await token.balanceOf(world.escrowAddress)).to.equal(250n);
    });
  });

  describe("gas and denial of service", () => {
    it("claims with sixteen dependencies and a builder, within 600,000 gas", async () => {
      const world = await loadWorld();
      const { ids } = await registerDependencies(world, 16);
      const list: Dependency[] = ids.map((id) => [id, 312n]);
      await setDependencies(world, list);
      const { id, gross } = await succeeded(world, ETHER, { builderShareBps: 4_500n });
      await appoint(world, id, world.bob);
      const receipt = await claim(world, id);
      const expected = splitOf(gross, 4_500n, list);
      expect(claimEvents(world, receipt)).to.deep.equal(expectedClaimEvents(world, id, ETH, world.bob.address, expected));
      expect(receipt?.gasUsed).to.be.lessThan(600_000n);
    });

    it("refuses no claim for a dependency list that changed (or a dependency that changed hands) since opening", async () => {
      const world = await loadWorld();
      const { ids, owner } = await registerDependencies(world, 2);
      await setDependencies(world, [
        [ids[0], 100n],
        [ids[1], 200n],
      ]);
      const { id, gross } = await succeeded(world, ETHER, { builderShareBps: 100n });
      await setDependencies(world, []);
      const [, newOwner] = await extraSigners();
      await (await world.registry.connect(owner).transferProjectOwnership(ids[0], newOwner.address)).wait();
      await (await world.registry.connect(newOwner).acceptProjectOwnership(ids[0])).wait();
      await (await world.registry.connect(newOwner).removeMaintainer(ids[0], owner.address)).wait();
      const receipt = await claim(world, id);
      expect(claimEvents(world, receipt)).to.deep.equal(
        expectedClaimEvents(world, id, ETH, ZERO, splitOf(gross, 100n, [
          [ids[0], 100n],
          [ids[1], 200n],
        ])),
      );
      // The former owner no longer maintains it: only a maintainer withdraws (an owner adds itself first, as for a claim).
      await expectRevert(world, () => world.escrow.connect(owner).withdrawProjectShares(ids[0], ETH), world.escrow, "NotProjectMaintainer", [
        ids[0],
        owner.address,
      ]);
      await expectRevert(world, () => world.escrow.connect(newOwner).withdrawProjectShares(ids[0], ETH), world.escrow, "NotProjectMaintainer", [
        ids[0],
        newOwner.address,
      ]);
      await (await world.registry.connect(newOwner).addMaintainer(ids[0], newOwner.address)).wait();
      await expect(world.escrow.connect(newOwner).withdrawProjectShares(ids[0], ETH))
        .to.emit(world.escrow, "ProjectSharesWithdrawn")
        .withArgs(ids[0], ETH, (await world.registry.getProject(ids[0])).payout, newOwner.address, (gross * 100n) / BPS);
    });
  });

  describe("the escrow's other paths with shares", () => {
    it("keeps a builder's credits per token: an ETH and an ERC-20 campaign; a withdrawal in one leaves the other", async () => {
      const world = await loadWorld();
      const inEth = await succeeded(world, ETHER, { builderShareBps: 500n });
      await appoint(world, inEth.id, world.bob);
      await claim(world, inEth.id);
      const inToken = await succeeded(world, ERC20, { builderShareBps: 700n });
      await appoint(world, inToken.id, world.bob);
      await claim(world, inToken.id);
      const ethCredit = (inEth.gross * 500n) / BPS;
      const tokenCredit = (inToken.gross * 700n) / BPS;
      expect(await world.escrow.builderSharesOf(world.bob.address, ETH)).to.equal(ethCredit);
      expect(await world.escrow.builderSharesOf(world.bob.address, world.tokenAddress)).to.equal(tokenCredit);
      await expect(world.escrow.connect(world.bob).withdrawBuilderShares(world.tokenAddress, world.bob.address)).to.changeTokenBalance(
        ethers,
        world.token,
        world.bob,
        tokenCredit,
      );
      expect(await world.escrow.builderSharesOf(world.bob.address, ETH)).to.equal(ethCredit);
      expect(await escrowHoldings(world)).to.deep.equal([ethCredit + (inEth.gross * FEE_BPS) / BPS, (inToken.gross * FEE_BPS) / BPS]);
    });

    it("credits the shares of a campaign of another project, whose packed slot carries its id, fee, window and block above the token", async () => {
      // Regression: the claim passed the token to the module with the rest of its slot above it, and the module's ABI
      // decoder refused every claim with shares.
      const world = await loadWorld();
      const [owner] = await extraSigners();
      await (await world.registry.connect(owner).registerProject(METADATA, "", owner.address)).wait();
      const { ids } = await registerDependencies(world, 1);
      await (await world.registry.connect(owner).setDependencies(2n, asStructs([[ids[0], 1_000n]]))).wait();
      const deadline = (await now()) + 30n * DAY;
      const campaignTerms = terms(deadline, { projectId: 2n, token: world.tokenAddress, goal: 10_000_000n, builderShareBps: 100n, claimWindow: 30n * DAY });
      await (await world.escrow.connect(owner).openCampaign(campaignTerms)).wait();
      const id = await world.escrow.campaignCount();
      await pledgeIn(ERC20, world, world.alice, id, 10_000_000n);
      await time.increaseTo(deadline + 1n);
      const receipt = await claim(world, id, owner);
      expect(claimEvents(world, receipt)).to.deep.equal(
        expectedClaimEvents(world, id, world.tokenAddress, ZERO, splitOf(10_000_000n, 100n, [[ids[0], 1_000n]]), owner, owner.address),
      );
    });

    it("refunds a cancelled and a lapsed campaign with shares in full, and credits nobody", async () => {
      const world = await loadWorld();
      const { ids } = await registerDependencies(world, 1);
      await setDependencies(world, [[ids[0], 1_000n]]);
      const cancelled = await openCampaign(world, { builderShareBps: 1_000n });
      await pledgeIn(ETHER, world, world.alice, cancelled.id, eth("3"));
      await (await world.escrow.connect(world.maintainer).cancelCampaign(cancelled.id)).wait();
      await expect(world.escrow.connect(world.alice).refund(cancelled.id)).to.changeEtherBalances(ethers, [world.alice, world.escrow], [eth("3"), -eth("3")]);
      const lapsed = await succeeded(world, ETHER, { builderShareBps: 1_000n });
      await time.increase(90n * DAY);
      expect(await world.escrow.campaignState(lapsed.id)).to.equal(State.Lapsed);
      await expect(world.escrow.connect(world.alice).refund(lapsed.id)).to.changeEtherBalances(ethers, [world.alice, world.escrow], [lapsed.gross, -lapsed.gross]);
      expect(await world.escrow.projectSharesOf(ids[0], ETH)).to.equal(0n);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });

    it("refunds a failed campaign with shares in full and credits nobody", async () => {
      const world = await loadWorld();
      const { ids } = await registerDependencies(world, 1);
      await setDependencies(world, [[ids[0], 1_000n]]);
      const { id, deadline } = await openCampaign(world, { builderShareBps: 1_000n });
      await pledgeIn(ETHER, world, world.alice, id, eth("3"));
      await time.increaseTo(deadline + 1n);
      await expect(world.escrow.connect(world.alice).refund(id)).to.changeEtherBalances(ethers, [world.alice, world.escrow], [eth("3"), -eth("3")]);
      expect(await world.escrow.projectSharesOf(ids[0], ETH)).to.equal(0n);
      expect((await world.escrow.getSplit(id)).waiting).to.equal(0n);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "UnexpectedState", [id, State.Failed, EXPECTED.succeeded]);
    });

    it("claims a campaign with a refund bonus and shares: the depositor reclaims in full, the shares are credited", async () => {
      const world = await loadWorld();
      const { ids } = await registerDependencies(world, 1);
      await setDependencies(world, [[ids[0], 1_000n]]);
      const { id, deadline } = await openCampaign(world, { builderShareBps: 1_000n });
      await (await world.escrow.connect(world.maintainer).depositBonus(id, ETH, eth("0.5"), { value: eth("0.5") })).wait();
      await pledgeIn(ETHER, world, world.alice, id, eth("10"));
      await time.increaseTo(deadline + 1n);
      const receipt = await claim(world, id);
      expect(claimEvents(world, receipt)).to.deep.equal(expectedClaimEvents(world, id, ETH, ZERO, splitOf(eth("10"), 1_000n, [[ids[0], 1_000n]])));
      await expect(world.escrow.connect(world.maintainer).reclaimBonus(id)).to.emit(world.escrow, "BonusReclaimed").withArgs(id, world.maintainer.address, eth("0.5"));
      const [escrowEth] = await escrowHoldings(world);
      expect(escrowEth).to.equal(eth("0.25") + eth("1") + eth("1"));
    });
  });
});
