import { expect } from "chai";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import {
  EveryoneMaintainsRegistry__factory,
  PledgeEscrow__factory,
  ProjectRegistry__factory,
  TestToken__factory,
  type IPledgeEscrow,
} from "../typechain-types/index.js";
import {
  DAY,
  DEFAULT_CLAIM_WINDOW,
  DEFAULT_LAST_CALL,
  ETH,
  ethers,
  FEE_BPS,
  HOUR,
  latestDeadlineOf,
  loadWorld,
  METADATA,
  networkHelpers,
  now,
  openCampaign,
  SPEC,
  State,
  terms,
  weightCutoffOf,
  type World,
} from "./helpers/fixture.js";
import { expectRevert } from "./helpers/reverts.js";

// Issue 8, "nothing locked forever" and "smaller promises": claim window, bounded terms, 32-bit times, project ids,
// ownership, payout addresses, the fee delay and `isObjecting`.
const { time } = networkHelpers;
const L = DEFAULT_LAST_CALL;
const C = DEFAULT_CLAIM_WINDOW;
const REVIEW = 3n * DAY;
const MAX_TIME = 2n ** 32n - 1n;
const eth = (amount: string): bigint => ethers.parseEther(amount);
const usd = (amount: string): bigint => ethers.parseUnits(amount, 6);
const fee = (gross: bigint, bps = FEE_BPS): bigint => (gross * bps) / 10_000n;
const at = (second: bigint) => time.setNextBlockTimestamp(second);

function plan(deadline: bigint, options: { shares?: number[]; initialShareBps?: number; firstDue?: bigint } = {}) {
  const shares = options.shares ?? [4_000, 4_000];
  const firstDue = options.firstDue ?? deadline + 2n * L + 10n * DAY;
  const milestonePlan: IPledgeEscrow.MilestonePlanStruct = {
    initialShareBps: options.initialShareBps ?? 2_000,
    reviewWindow: REVIEW,
    objectionThresholdBps: 0,
    milestones: shares.map((shareBps, i) => ({ shareBps, due: firstDue + BigInt(i) * 10n * DAY })),
  };
  return milestonePlan;
}

/** A milestone campaign funded by alice 6, bob 3, carol 1 (goal 10 ETH); time is just after its deadline. */
async function fundedMilestones(world: World, options: { shares?: number[]; initialShareBps?: number; firstDue?: bigint } = {}) {
  const deadline = (await now()) + 30n * DAY;
  const milestonePlan = plan(deadline, options);
  await (await world.escrow.connect(world.maintainer).openCampaignWithMilestones(terms(deadline), milestonePlan)).wait();
  const id = await world.escrow.campaignCount();
  await (await world.escrow.connect(world.alice).pledge(id, { value: eth("6") })).wait();
  await (await world.escrow.connect(world.bob).pledge(id, { value: eth("3") })).wait();
  await (await world.escrow.connect(world.carol).pledge(id, { value: eth("1") })).wait();
  await time.increaseTo(deadline + 1n);
  return { id, deadline, dues: milestonePlan.milestones.map((m) => BigInt(m.due)) };
}

async function submit(world: World, id: bigint): Promise<bigint> {
  await (await world.escrow.connect(world.maintainer).submitMilestone(id, "ipfs://delivery")).wait();
  return (await world.escrow.getMilestoneProgress(id)).reviewEnd;
}

async function approveAndPledge(world: World, backer: World["alice"], id: bigint, amount: bigint) {
  await (await world.token.connect(backer).approve(world.escrowAddress, amount)).wait();
  await (await world.escrow.connect(backer).pledgeToken(id, amount)).wait();
}

describe("Trust v2 (issue 8)", () => {
  describe("claim window", () => {
    it("allows the claim at D + C, the last second of the claim window", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, payout, alice } = world;
      const { id, deadline } = await openCampaign(world, { goal: eth("1") });
      await (await escrow.connect(alice).pledge(id, { value: eth("1") })).wait();
      await at(deadline + C);
      await expect(escrow.connect(maintainer).claim(id)).to.changeEtherBalance(ethers, payout, eth("1") - fee(eth("1")));
      expect(await escrow.campaignState(id)).to.equal(State.Claimed);
      // A claimed campaign never lapses.
      await time.increaseTo(deadline + C + 1n);
      expect(await escrow.campaignState(id)).to.equal(State.Claimed);
    });

    it("lapses from D + C + 1: the claim is refused with NotSucceeded(id, Lapsed)", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, alice } = world;
      const { id, deadline } = await openCampaign(world, { goal: eth("1") });
      await (await escrow.connect(alice).pledge(id, { value: eth("1") })).wait();
      await time.increaseTo(deadline + C);
      expect(await escrow.campaignState(id)).to.equal(State.Succeeded);
      await at(deadline + C + 1n);
      await expectRevert(world, () => escrow.connect(maintainer).claim(id), escrow, "NotSucceeded", [id, State.Lapsed]);
      await time.increaseTo(deadline + C + 1n);
      expect((await escrow.getCampaign(id)).state).to.equal(State.Lapsed);
    });

    it("refunds every backer of a lapsed ETH campaign in full, and only once", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, alice, bob } = world;
      const { id, deadline } = await openCampaign(world, { goal: eth("10"), claimWindow: 7n * DAY });
      await (await escrow.connect(alice).pledge(id, { value: eth("6") })).wait();
      await (await escrow.connect(bob).pledge(id, { value: eth("4") })).wait();
      await at(deadline + 7n * DAY);
      await expectRevert(world, () => escrow.connect(alice).refund(id), escrow, "NotRefundable", [id, State.Succeeded]);
      await at(deadline + 7n * DAY + 1n);
      const refund = escrow.connect(alice).refund(id);
      await expect(refund).to.emit(escrow, "Refunded").withArgs(id, alice.address, eth("6"));
      await expect(refund).to.changeEtherBalances(ethers, [alice, escrow], [eth("6"), -eth("6")]);
      await expect(escrow.connect(bob).refund(id)).to.changeEtherBalance(ethers, bob, eth("4"));
      await expectRevert(world, () => escrow.connect(alice).refund(id), escrow, "NothingToRefund", [id, alice.address]);
      await expectRevert(world, () => escrow.connect(maintainer).claim(id), escrow, "NotSucceeded", [id, State.Lapsed]);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });

    it("refunds every backer of a lapsed ERC-20 campaign in full, and only once", async () => {
      const world = await loadWorld();
      const { escrow, token, maintainer, alice, bob } = world;
      const { id, deadline } = await openCampaign(world, { token: world.tokenAddress, goal: usd("100") });
      await approveAndPledge(world, alice, id, usd("70"));
      await approveAndPledge(world, bob, id, usd("30"));
      await time.increaseTo(deadline + C + 1n);
      await expect(escrow.connect(alice).refund(id)).to.changeTokenBalances(ethers, token, [alice, escrow], [usd("70"), -usd("70")]);
      await expect(escrow.connect(bob).refund(id)).to.changeTokenBalance(ethers, token, bob, usd("30"));
      await expectRevert(world, () => escrow.connect(bob).refund(id), escrow, "NothingToRefund", [id, bob.address]);
      await expectRevert(world, () => escrow.connect(maintainer).claim(id), escrow, "NotSucceeded", [id, State.Lapsed]);
      expect(await token.balanceOf(world.escrowAddress)).to.equal(0n);
    });

    it("counts the claim window from the extended deadline", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, alice, bob } = world;
      const { id, deadline } = await openCampaign(world, { goal: eth("10"), claimWindow: 7n * DAY });
      await (await escrow.connect(alice).pledge(id, { value: eth("5") })).wait();
      await at(deadline);
      await (await escrow.connect(bob).pledge(id, { value: eth("5") })).wait();
      const extended = deadline + L;
      expect((await escrow.getCampaign(id)).deadline).to.equal(extended);
      await at(extended + 7n * DAY);
      await (await escrow.connect(maintainer).claim(id)).wait();
      expect(await escrow.campaignState(id)).to.equal(State.Claimed);
    });

    it("never lapses a campaign with milestones: released shares stay claimable", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, payout } = world;
      const { id, deadline } = await fundedMilestones(world, { firstDue: (await now()) + 30n * DAY + 2n * L + 200n * DAY });
      await time.increaseTo(deadline + C + 1n);
      expect(await escrow.campaignState(id)).to.equal(State.Succeeded);
      const initial = (eth("10") * 2_000n) / 10_000n;
      await expect(escrow.connect(maintainer).claim(id)).to.changeEtherBalance(ethers, payout, initial - fee(initial));
      await expectRevert(world, () => escrow.connect(world.alice).refund(id), escrow, "NotRefundable", [id, State.Succeeded]);
    });
  });

  describe("terms: last call and claim window", () => {
    it("applies the defaults for zero: last call 2 days, claim window 90 days", async () => {
      const world = await loadWorld();
      const { escrow, maintainer } = world;
      const deadline = (await now()) + 10n * DAY;
      await expect(escrow.connect(maintainer).openCampaign(terms(deadline)))
        .to.emit(escrow, "CampaignOpened")
        .withArgs(1n, 1n, maintainer.address, ETH, eth("10"), deadline, FEE_BPS, SPEC, 2n * DAY, 90n * DAY);
      const campaign = await escrow.getCampaign(1n);
      expect([campaign.lastCall, campaign.claimWindow]).to.deep.equal([2n * DAY, 90n * DAY]);
    });

    it("accepts whole hours from 1 to 7 days of last call and whole days from 7 to 180 of claim window", async () => {
      const world = await loadWorld();
      const { escrow } = world;
      const cases: Array<[bigint, bigint]> = [
        [DAY, 7n * DAY],
        [DAY + HOUR, 8n * DAY],
        [7n * DAY, 180n * DAY],
      ];
      for (const [lastCall, claimWindow] of cases) {
        const { id } = await openCampaign(world, { lastCall, claimWindow });
        const campaign = await escrow.getCampaign(id);
        expect([campaign.lastCall, campaign.claimWindow]).to.deep.equal([lastCall, claimWindow]);
      }
    });

    it("rejects a last call that is not whole hours, too short or too long with InvalidLastCall", async () => {
      const world = await loadWorld();
      const { escrow, maintainer } = world;
      const deadline = (await now()) + 30n * DAY;
      for (const lastCall of [DAY + 1n, DAY - HOUR, 1n, 7n * DAY + HOUR, 7n * DAY + 1n]) {
        await expectRevert(world, () => escrow.connect(maintainer).openCampaign(terms(deadline, { lastCall })), escrow, "InvalidLastCall", [
          lastCall,
          DAY,
          7n * DAY,
        ]);
      }
      expect(await escrow.campaignCount()).to.equal(0n);
    });

    it("rejects a claim window that is not whole days, too short or too long with InvalidClaimWindow", async () => {
      const world = await loadWorld();
      const { escrow, maintainer } = world;
      const deadline = (await now()) + 30n * DAY;
      for (const claimWindow of [7n * DAY + HOUR, 6n * DAY, 1n, 181n * DAY, 180n * DAY + 1n]) {
        await expectRevert(
          world,
          () => escrow.connect(maintainer).openCampaign(terms(deadline, { claimWindow })),
          escrow,
          "InvalidClaimWindow",
          [claimWindow, 7n * DAY, 180n * DAY],
        );
      }
      expect(await escrow.campaignCount()).to.equal(0n);
    });

    it("sets the earliest deadline two last calls ahead: InvalidDeadline(deadline, now + 2L, now + 365 days)", async () => {
      const world = await loadWorld();
      const { escrow, maintainer } = world;
      for (const lastCall of [DAY, 7n * DAY]) {
        const blockTime = (await now()) + 1n;
        await at(blockTime);
        await expectRevert(
          world,
          () => escrow.connect(maintainer).openCampaign(terms(blockTime + 2n * lastCall - 1n, { lastCall })),
          escrow,
          "InvalidDeadline",
          [blockTime + 2n * lastCall - 1n, blockTime + 2n * lastCall, blockTime + 365n * DAY],
        );
        const next = blockTime + 1n;
        await at(next);
        await (await escrow.connect(maintainer).openCampaign(terms(next + 2n * lastCall, { lastCall }))).wait();
        expect(weightCutoffOf(await escrow.getCampaign(await escrow.campaignCount()))).to.equal(next);
      }
    });
  });

  describe("32-bit times and project ids", () => {
    // The 2106 tests run on a chain of their own, so that moving its clock never touches the shared fixture's.
    let far: NetworkConnection;
    before(async () => {
      far = await network.create();
    });

    /** A fresh registry and escrow on a chain 30 days before the last second a uint32 can hold (February 2106). */
    async function deployNear2106() {
      const [owner, guardian, feeRecipient, maintainer, payout, alice] = await far.ethers.getSigners();
      const registry = await new ProjectRegistry__factory(owner).deploy();
      const escrow = await new PledgeEscrow__factory(owner).deploy(
        await registry.getAddress(),
        owner.address,
        guardian.address,
        feeRecipient.address,
        Number(FEE_BPS),
      );
      await (await registry.connect(maintainer).registerProject(METADATA, "", payout.address)).wait();
      await far.networkHelpers.time.increaseTo(MAX_TIME - 30n * DAY);
      return { escrow, maintainer, payout, alice, owner };
    }
    const loadNear2106 = () => far.networkHelpers.loadFixture(deployNear2106);
    const farAt = (second: bigint) => far.networkHelpers.time.setNextBlockTimestamp(second);

    it("refuses a deadline whose latest extension (deadline + 2L) passes 2^32 - 1 with TimeOutOfRange", async () => {
      const { escrow, maintainer } = await loadNear2106();
      const deadline = MAX_TIME - 2n * L + 1n;
      await expect(escrow.connect(maintainer).openCampaign(terms(deadline)))
        .to.be.revertedWithCustomError(escrow, "TimeOutOfRange")
        .withArgs(MAX_TIME + 1n);
      await expect(escrow.connect(maintainer).openCampaign(terms(MAX_TIME + 5n)))
        .to.be.revertedWithCustomError(escrow, "TimeOutOfRange")
        .withArgs(MAX_TIME + 5n + 2n * L);
      expect(await escrow.campaignCount()).to.equal(0n);
    });

    it("accepts a deadline whose latest extension is 2^32 - 1 exactly", async () => {
      const { escrow, maintainer } = await loadNear2106();
      await (await escrow.connect(maintainer).openCampaign(terms(MAX_TIME - 2n * L))).wait();
      const campaign = await escrow.getCampaign(1n);
      expect(campaign.deadline).to.equal(MAX_TIME - 2n * L);
      expect(latestDeadlineOf(campaign)).to.equal(MAX_TIME);
    });

    /** A plan whose last milestone falls due at `lastDue`, reviewed for 5 days; the first falls due 12 days before 2^32 - 1. */
    function planEndingAt(lastDue: bigint): IPledgeEscrow.MilestonePlanStruct {
      return {
        initialShareBps: 0,
        reviewWindow: 5n * DAY,
        objectionThresholdBps: 0,
        milestones: [
          { shareBps: 5_000, due: MAX_TIME - 12n * DAY },
          { shareBps: 5_000, due: lastDue },
        ],
      };
    }

    it("refuses a plan whose last review window would end after 2^32 - 1 with TimeOutOfRange (review finding F8)", async () => {
      const { escrow, maintainer } = await loadNear2106();
      // Planned deadline 20 days before 2^32 - 1, L = 1 day: latest deadline 18 days before, first due after 13 days before.
      const campaignTerms = terms(MAX_TIME - 20n * DAY, { goal: eth("1"), lastCall: DAY });
      const open = (lastDue: bigint) => escrow.connect(maintainer).openCampaignWithMilestones(campaignTerms, planEndingAt(lastDue));
      // Every due date is valid on its own; a delivery on the last one could not be reviewed before 2106.
      await expect(open(MAX_TIME - 5n * DAY + 1n))
        .to.be.revertedWithCustomError(escrow, "TimeOutOfRange")
        .withArgs(MAX_TIME + 1n);
      await expect(open(MAX_TIME)).to.be.revertedWithCustomError(escrow, "TimeOutOfRange").withArgs(MAX_TIME + 5n * DAY);
      expect(await escrow.campaignCount()).to.equal(0n);
      // The last window may end at 2^32 - 1 exactly.
      await expect(open(MAX_TIME - 5n * DAY)).to.emit(escrow, "MilestonePlanSet");
      expect((await escrow.getMilestone(1n, 1n)).due).to.equal(MAX_TIME - 5n * DAY);
    });

    it("reviews a delivery made on a due date just before 2106 until 2^32 - 1 exactly, then lets the objectors refund", async () => {
      const { escrow, maintainer, alice } = await loadNear2106();
      const deadline = MAX_TIME - 20n * DAY;
      const due = MAX_TIME - 5n * DAY;
      const onlyOne: IPledgeEscrow.MilestonePlanStruct = {
        initialShareBps: 0,
        reviewWindow: 5n * DAY,
        objectionThresholdBps: 0,
        milestones: [{ shareBps: 10_000, due }],
      };
      await (await escrow.connect(maintainer).openCampaignWithMilestones(terms(deadline, { goal: eth("1"), lastCall: DAY }), onlyOne)).wait();
      await (await escrow.connect(alice).pledge(1n, { value: eth("1") })).wait();
      // Submitted at its due date, the last second it may be: the window ends at the last second a uint32 holds.
      await farAt(due);
      await expect(escrow.connect(maintainer).submitMilestone(1n, "ipfs://delivery"))
        .to.emit(escrow, "MilestoneSubmitted")
        .withArgs(1n, 0n, maintainer.address, "ipfs://delivery", MAX_TIME);
      expect((await escrow.getMilestoneProgress(1n)).reviewEnd).to.equal(MAX_TIME);
      await farAt(MAX_TIME);
      await expect(escrow.connect(alice).objectMilestone(1n))
        .to.emit(escrow, "MilestoneObjected")
        .withArgs(1n, 0n, alice.address, eth("1"), eth("1"));
      await far.networkHelpers.time.increaseTo(MAX_TIME + 1n);
      expect(await escrow.campaignState(1n)).to.equal(State.Rejected);
      await expect(escrow.connect(alice).refund(1n)).to.changeEtherBalance(far.ethers, alice, eth("1"));
    });

    it("refuses a fee change that would take effect after 2^32 - 1 with TimeOutOfRange", async () => {
      const { escrow } = await loadNear2106();
      await farAt(MAX_TIME - 7n * DAY);
      await expect(escrow.setFee(100)).to.emit(escrow, "FeeChangeScheduled").withArgs(FEE_BPS, 100n, MAX_TIME);
      await farAt(MAX_TIME - 7n * DAY + 1n);
      await expect(escrow.setFee(200)).to.be.revertedWithCustomError(escrow, "TimeOutOfRange").withArgs(MAX_TIME + 1n);
      expect(await escrow.pendingFee()).to.deep.equal([100n, MAX_TIME]);
    });

    /** An escrow whose registry says every account maintains every project, however large its id. */
    async function deployWithLargeProjectIds() {
      const [owner, , feeRecipient, maintainer, payout, alice] = await ethers.getSigners();
      const registry = await new EveryoneMaintainsRegistry__factory(owner).deploy(payout.address);
      const escrow = await new PledgeEscrow__factory(owner).deploy(
        await registry.getAddress(),
        owner.address,
        owner.address,
        feeRecipient.address,
        Number(FEE_BPS),
      );
      return { escrow, maintainer, payout, alice };
    }

    it("refuses a project id above 2^32 - 1 with ProjectIdOutOfRange", async () => {
      const { escrow, maintainer } = await networkHelpers.loadFixture(deployWithLargeProjectIds);
      const deadline = (await now()) + 10n * DAY;
      for (const projectId of [2n ** 32n, 2n ** 64n + 1n, 2n ** 256n - 1n]) {
        await expect(escrow.connect(maintainer).openCampaign(terms(deadline, { projectId })))
          .to.be.revertedWithCustomError(escrow, "ProjectIdOutOfRange")
          .withArgs(projectId);
      }
      expect(await escrow.campaignCount()).to.equal(0n);
    });

    it("runs a campaign of project 2^32 - 1 to its claim", async () => {
      const { escrow, maintainer, payout, alice } = await networkHelpers.loadFixture(deployWithLargeProjectIds);
      const deadline = (await now()) + 10n * DAY;
      await (await escrow.connect(maintainer).openCampaign(terms(deadline, { projectId: MAX_TIME, goal: eth("1") }))).wait();
      expect((await escrow.getCampaign(1n)).projectId).to.equal(MAX_TIME);
      await (await escrow.connect(alice).pledge(1n, { value: eth("1") })).wait();
      await time.increaseTo(deadline + 1n);
      await expect(escrow.connect(maintainer).claim(1n))
        .to.emit(escrow, "CampaignClaimed")
        .withArgs(1n, payout.address, maintainer.address, eth("1") - fee(eth("1")), fee(eth("1")));
    });

    it("leaves the shared chain's clock in the present after the 2106 tests", async () => {
      await loadWorld();
      expect(await now()).to.be.lessThan(MAX_TIME - 365n * DAY);
      expect(BigInt(await far.networkHelpers.time.latest())).to.be.greaterThan(MAX_TIME - 365n * DAY);
    });
  });

  describe("ownership", () => {
    it("refuses renounceOwnership: OwnershipCannotBeRenounced for the owner", async () => {
      const world = await loadWorld();
      const { escrow, owner } = world;
      await expectRevert(world, () => escrow.connect(owner).renounceOwnership(), escrow, "OwnershipCannotBeRenounced");
      expect(await escrow.owner()).to.equal(owner.address);
    });

    it("refuses renounceOwnership to anyone else with OwnableUnauthorizedAccount", async () => {
      const world = await loadWorld();
      const { escrow, owner, alice } = world;
      await expectRevert(world, () => escrow.connect(alice).renounceOwnership(), escrow, "OwnableUnauthorizedAccount", [alice.address]);
      expect(await escrow.owner()).to.equal(owner.address);
      // The owner can still do what only an owner can.
      await (await escrow.connect(owner).setFeeRecipient(alice.address)).wait();
      expect(await escrow.feeRecipient()).to.equal(alice.address);
    });
  });

  describe("payout address", () => {
    it("refuses to pay an ETH claim to the escrow or the registry, then pays once the owner fixes it", async () => {
      const world = await loadWorld();
      const { escrow, registry, maintainer, payout, alice } = world;
      const registryAddress = await registry.getAddress();
      const { id, deadline } = await openCampaign(world, { goal: eth("1") });
      await (await escrow.connect(alice).pledge(id, { value: eth("1") })).wait();
      await time.increaseTo(deadline + 1n);
      for (const bad of [world.escrowAddress, registryAddress]) {
        await (await registry.connect(maintainer).setPayoutAddress(1n, bad)).wait();
        await expectRevert(world, () => escrow.connect(maintainer).claim(id), escrow, "InvalidPayout", [bad]);
        expect(await escrow.campaignState(id)).to.equal(State.Succeeded);
      }
      await (await registry.connect(maintainer).setPayoutAddress(1n, payout.address)).wait();
      await expect(escrow.connect(maintainer).claim(id)).to.changeEtherBalance(ethers, payout, eth("1") - fee(eth("1")));
    });

    it("refuses to pay an ERC-20 claim to the escrow or the registry, then pays once the owner fixes it", async () => {
      const world = await loadWorld();
      const { escrow, registry, token, maintainer, payout, alice } = world;
      const registryAddress = await registry.getAddress();
      const { id, deadline } = await openCampaign(world, { token: world.tokenAddress, goal: usd("100") });
      await approveAndPledge(world, alice, id, usd("100"));
      await time.increaseTo(deadline + 1n);
      for (const bad of [world.escrowAddress, registryAddress]) {
        await (await registry.connect(maintainer).setPayoutAddress(1n, bad)).wait();
        await expectRevert(world, () => escrow.connect(maintainer).claim(id), escrow, "InvalidPayout", [bad]);
      }
      expect(await token.balanceOf(world.escrowAddress)).to.equal(usd("100"));
      await (await registry.connect(maintainer).setPayoutAddress(1n, payout.address)).wait();
      await expect(escrow.connect(maintainer).claim(id)).to.changeTokenBalance(ethers, token, payout, usd("100") - fee(usd("100")));
    });

    it("refuses a milestone claim to the escrow too", async () => {
      const world = await loadWorld();
      const { escrow, registry, maintainer } = world;
      const { id } = await fundedMilestones(world);
      await (await registry.connect(maintainer).setPayoutAddress(1n, world.escrowAddress)).wait();
      await expectRevert(world, () => escrow.connect(maintainer).claim(id), escrow, "InvalidPayout", [world.escrowAddress]);
      expect((await escrow.getMilestoneProgress(id)).claimed).to.equal(0n);
    });
  });

  describe("fee delay", () => {
    it("schedules a fee change FEE_CHANGE_DELAY ahead, reports it as pending and keeps the current fee", async () => {
      const world = await loadWorld();
      const { escrow } = world;
      const t = (await now()) + 1n;
      await at(t);
      const sent = escrow.setFee(400);
      await expect(sent).to.emit(escrow, "FeeChangeScheduled").withArgs(FEE_BPS, 400n, t + 7n * DAY);
      await expect(sent).not.to.emit(escrow, "FeeChanged");
      expect(await escrow.pendingFee()).to.deep.equal([400n, t + 7n * DAY]);
      expect(await escrow.feeBps()).to.equal(FEE_BPS);
    });

    it("records the old fee in a campaign opened the second before effectiveAt, the new one from effectiveAt", async () => {
      const world = await loadWorld();
      const { escrow, maintainer } = world;
      const t = (await now()) + 1n;
      await at(t);
      await (await escrow.setFee(400)).wait();
      const effectiveAt = t + 7n * DAY;
      await at(effectiveAt - 1n);
      await expect(escrow.connect(maintainer).openCampaign(terms(effectiveAt + 10n * DAY)))
        .to.emit(escrow, "CampaignOpened")
        .withArgs(1n, 1n, maintainer.address, ETH, eth("10"), effectiveAt + 10n * DAY, FEE_BPS, SPEC, L, C);
      await at(effectiveAt);
      await (await escrow.connect(maintainer).openCampaign(terms(effectiveAt + 10n * DAY))).wait();
      expect((await escrow.getCampaign(1n)).feeBps).to.equal(FEE_BPS);
      expect((await escrow.getCampaign(2n)).feeBps).to.equal(400n);
      expect(await escrow.feeBps()).to.equal(400n);
      expect(await escrow.pendingFee()).to.deep.equal([0n, 0n]);
    });

    it("charges each campaign the fee it recorded, whatever the fee at claim time", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, payout, alice } = world;
      await (await escrow.setFee(500)).wait();
      const { id, deadline } = await openCampaign(world, { goal: eth("1"), duration: 30n * DAY });
      await (await escrow.connect(alice).pledge(id, { value: eth("1") })).wait();
      await time.increaseTo(deadline + 1n);
      expect(await escrow.feeBps()).to.equal(500n);
      await expect(escrow.connect(maintainer).claim(id)).to.changeEtherBalance(ethers, payout, eth("1") - fee(eth("1")));
      expect(await escrow.accruedFees(ETH)).to.equal(fee(eth("1")));
    });

    it("replaces a pending change with a second setFee", async () => {
      const world = await loadWorld();
      const { escrow } = world;
      const t = (await now()) + 1n;
      await at(t);
      await (await escrow.setFee(400)).wait();
      await at(t + 1n);
      await expect(escrow.setFee(100))
        .to.emit(escrow, "FeeChangeScheduled")
        .withArgs(FEE_BPS, 100n, t + 1n + 7n * DAY);
      expect(await escrow.pendingFee()).to.deep.equal([100n, t + 1n + 7n * DAY]);
      await time.increaseTo(t + 7n * DAY);
      expect(await escrow.feeBps()).to.equal(FEE_BPS);
      await time.increaseTo(t + 1n + 7n * DAY);
      expect(await escrow.feeBps()).to.equal(100n);
    });

    it("announces the next change from the fee in effect", async () => {
      const world = await loadWorld();
      const { escrow } = world;
      await (await escrow.setFee(400)).wait();
      await time.increase(7n * DAY);
      const t = (await now()) + 1n;
      await at(t);
      await expect(escrow.setFee(0)).to.emit(escrow, "FeeChangeScheduled").withArgs(400n, 0n, t + 7n * DAY);
      expect(await escrow.feeBps()).to.equal(400n);
      await time.increaseTo(t + 7n * DAY);
      expect(await escrow.feeBps()).to.equal(0n);
    });

    it("caps the fee: FeeTooHigh above MAX_FEE_BPS, the cap itself accepted", async () => {
      const world = await loadWorld();
      const { escrow } = world;
      await expectRevert(world, () => escrow.setFee(501), escrow, "FeeTooHigh", [501n, 500n]);
      expect(await escrow.pendingFee()).to.deep.equal([0n, 0n]);
      await (await escrow.setFee(500)).wait();
      expect((await escrow.pendingFee())[0]).to.equal(500n);
    });
  });

  describe("isObjecting", () => {
    it("is true during the review window", async () => {
      const world = await loadWorld();
      const { escrow, alice, bob } = world;
      const { id } = await fundedMilestones(world);
      await submit(world, id);
      await (await escrow.connect(alice).objectMilestone(id)).wait();
      expect(await escrow.isObjecting(id, alice.address)).to.equal(true);
      expect(await escrow.isObjecting(id, bob.address)).to.equal(false);
    });

    it("stays true after the window closed while a rejection is pending, and after it is recorded", async () => {
      const world = await loadWorld();
      const { escrow, alice } = world;
      const { id } = await fundedMilestones(world);
      const reviewEnd = await submit(world, id);
      await (await escrow.connect(alice).objectMilestone(id)).wait();
      await time.increaseTo(reviewEnd + 1n);
      expect(await escrow.isObjecting(id, alice.address)).to.equal(true);
      await expect(escrow.settleMilestone(id)).to.emit(escrow, "MilestoneRejected").withArgs(id, 0n, false, eth("6"));
      expect(await escrow.isObjecting(id, alice.address)).to.equal(true);
      // Even after alice took her refund.
      await (await escrow.connect(alice).refund(id)).wait();
      expect(await escrow.isObjecting(id, alice.address)).to.equal(true);
    });

    it("stays true after the window closed while an acceptance is pending, and turns false once it is recorded", async () => {
      const world = await loadWorld();
      const { escrow, bob } = world;
      const { id } = await fundedMilestones(world);
      const reviewEnd = await submit(world, id);
      await (await escrow.connect(bob).objectMilestone(id)).wait();
      await time.increaseTo(reviewEnd + 1n);
      expect(await escrow.isObjecting(id, bob.address)).to.equal(true);
      await expect(escrow.settleMilestone(id)).to.emit(escrow, "MilestoneAccepted").withArgs(id, 0n, 6_000n);
      expect(await escrow.isObjecting(id, bob.address)).to.equal(false);
    });

    it("stays true for the objector of an accepted milestone while the acceptance is pending, even once the next is overdue", async () => {
      const world = await loadWorld();
      const { escrow, bob } = world;
      const { id, dues } = await fundedMilestones(world);
      await submit(world, id);
      await (await escrow.connect(bob).objectMilestone(id)).wait(); // 3 of 10: not enough, milestone 0 is accepted
      await time.increaseTo((dues[1] ?? 0n) + 1n);
      // Time has decided both: milestone 0 accepted, milestone 1 overdue. Bob's objection still describes milestone 0.
      expect(await escrow.campaignState(id)).to.equal(State.Rejected);
      expect(await escrow.isObjecting(id, bob.address)).to.equal(true);
      const settled = escrow.settleMilestone(id);
      await expect(settled).to.emit(escrow, "MilestoneAccepted").withArgs(id, 0n, 6_000n);
      await expect(settled).to.emit(escrow, "MilestoneRejected").withArgs(id, 1n, true, 0n);
      expect(await escrow.campaignState(id)).to.equal(State.Rejected);
      expect(await escrow.isObjecting(id, bob.address)).to.equal(false);
    });

    it("is false for an overdue rejection", async () => {
      const world = await loadWorld();
      const { escrow, alice } = world;
      const { id, dues } = await fundedMilestones(world);
      await time.increaseTo((dues[0] ?? 0n) + 1n);
      await expect(escrow.settleMilestone(id)).to.emit(escrow, "MilestoneRejected").withArgs(id, 0n, true, 0n);
      expect(await escrow.isObjecting(id, alice.address)).to.equal(false);
    });
  });
});
