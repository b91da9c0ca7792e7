import { expect } from "chai";
import type { Signer } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import {
  EveryoneMaintainsRegistry__factory,
  IRequestBoard__factory,
  BonusPool__factory,
  RequestBoard__factory,
  ShareLedger__factory,
  PledgeEscrow__factory,
  ProjectRegistry__factory,
  type IPledgeEscrow,
  type PledgeEscrow,
} from "../typechain-types/index.js";
import {
  DAY,
  DEFAULT_CLAIM_WINDOW,
  DEFAULT_LAST_CALL,
  ETH,
  eth,
  ethers,
  EXPECTED,
  FEE_BPS,
  feeOf,
  HOUR,
  latestDeadlineOf,
  loadWorld,
  METADATA,
  networkHelpers,
  now,
  openCampaign,
  SPEC,
  SPEC_HASH,
  State,
  terms,
  weightCutoffOf,
  type World,
} from "./helpers/fixture.js";
import { expectRevert } from "./helpers/reverts.js";

/** A refund bonus module for an escrow deployed by hand (the escrow takes it in its constructor). */
async function bonusPoolAddress(deployer: Signer): Promise<string> {
  return (await new BonusPool__factory(deployer).deploy()).getAddress();
}

/** A share module for an escrow of `registry` deployed by hand (the escrow takes it in its constructor). */
async function shareLedgerAddress(deployer: Signer, registry: string): Promise<string> {
  return (await new ShareLedger__factory(deployer).deploy(registry)).getAddress();
}

/** A request module for an escrow of `registry` deployed by hand (the escrow takes it in its constructor). */
async function requestBoardAddress(deployer: Signer, registry: string): Promise<string> {
  return (await new RequestBoard__factory(deployer).deploy(registry)).getAddress();
}

// Issue 8, "nothing locked forever" and "smaller promises": claim window, bounded terms, 32-bit times, project ids,
// ownership, payout addresses, the fee delay and `isObjecting`. What every currency shares (claims at D + C, lapsed
// refunds, refused payout addresses) is in the shared escrow behaviour (test/behaviours/escrow.behaviour.ts).
const { time } = networkHelpers;
const L = DEFAULT_LAST_CALL;
const C = DEFAULT_CLAIM_WINDOW;
const REVIEW = 3n * DAY;
const MAX_TIME = 2n ** 32n - 1n;
const fee = feeOf;
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

describe("Trust v2 (issue 8)", () => {
  describe("claim window", () => {
    it("never lapses a claimed campaign", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, alice } = world;
      const { id, deadline } = await openCampaign(world, { goal: eth("1") });
      await (await escrow.connect(alice).pledge(id, { value: eth("1") })).wait();
      await at(deadline + C);
      await (await escrow.connect(maintainer).claim(id)).wait();
      await time.increaseTo(deadline + C + 1n);
      expect(await escrow.campaignState(id)).to.equal(State.Claimed);
    });

    it("is Succeeded up to D + C and Lapsed from D + C + 1", async () => {
      const world = await loadWorld();
      const { escrow, alice } = world;
      const { id, deadline } = await openCampaign(world, { goal: eth("1") });
      await (await escrow.connect(alice).pledge(id, { value: eth("1") })).wait();
      await time.increaseTo(deadline + C);
      expect(await escrow.campaignState(id)).to.equal(State.Succeeded);
      await time.increaseTo(deadline + C + 1n);
      expect((await escrow.getCampaign(id)).state).to.equal(State.Lapsed);
    });

    describe("of 7 days, the shortest", () => {
      /** Alice 6 and bob 4 of a goal of 10 ETH, with a claim window of 7 days. */
      async function shortWindow(world: World) {
        const campaign = await openCampaign(world, { goal: eth("10"), claimWindow: 7n * DAY });
        await (await world.escrow.connect(world.alice).pledge(campaign.id, { value: eth("6") })).wait();
        await (await world.escrow.connect(world.bob).pledge(campaign.id, { value: eth("4") })).wait();
        return campaign;
      }

      it("refuses a refund at its last second, D + 7 days: UnexpectedState(Succeeded, refundable)", async () => {
        const world = await loadWorld();
        const { id, deadline } = await shortWindow(world);
        await at(deadline + 7n * DAY);
        await expectRevert(world, () => world.escrow.connect(world.alice).refund(id), world.escrow, "UnexpectedState", [
          id,
          State.Succeeded,
          EXPECTED.refundable,
        ]);
      });

      it("refunds in full one second later, D + 7 days + 1", async () => {
        const world = await loadWorld();
        const { id, deadline } = await shortWindow(world);
        await at(deadline + 7n * DAY + 1n);
        const refund = world.escrow.connect(world.alice).refund(id);
        await expect(refund).to.emit(world.escrow, "Refunded").withArgs(id, world.alice.address, eth("6"));
        await expect(refund).to.changeEtherBalances(ethers, [world.alice, world.escrow], [eth("6"), -eth("6")]);
      });

      it("refunds a lapsed campaign only once: NothingToRefund", async () => {
        const world = await loadWorld();
        const { id, deadline } = await shortWindow(world);
        await time.increaseTo(deadline + 7n * DAY + 1n);
        await (await world.escrow.connect(world.alice).refund(id)).wait();
        await expectRevert(world, () => world.escrow.connect(world.alice).refund(id), world.escrow, "NothingToRefund", [id, world.alice.address]);
      });

      it("refuses the claim once lapsed: UnexpectedState(Lapsed, {Succeeded})", async () => {
        const world = await loadWorld();
        const { id, deadline } = await shortWindow(world);
        await at(deadline + 7n * DAY + 1n);
        await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "UnexpectedState", [
          id,
          State.Lapsed,
          EXPECTED.succeeded,
        ]);
      });
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

    describe("does not apply to a campaign with milestones", () => {
      async function pastTheWindow(world: World) {
        const { id, deadline } = await fundedMilestones(world, { firstDue: (await now()) + 30n * DAY + 2n * L + 200n * DAY });
        await time.increaseTo(deadline + C + 1n);
        return id;
      }

      it("never lapses: still Succeeded after D + C", async () => {
        const world = await loadWorld();
        const id = await pastTheWindow(world);
        expect(await world.escrow.campaignState(id)).to.equal(State.Succeeded);
      });

      it("keeps the released shares claimable after D + C", async () => {
        const world = await loadWorld();
        const id = await pastTheWindow(world);
        const initial = (eth("10") * 2_000n) / 10_000n;
        await expect(world.escrow.connect(world.maintainer).claim(id)).to.changeEtherBalance(ethers, world.payout, initial - fee(initial));
      });

      it("refuses refunds after D + C: UnexpectedState(Succeeded, refundable)", async () => {
        const world = await loadWorld();
        const id = await pastTheWindow(world);
        await expectRevert(world, () => world.escrow.connect(world.alice).refund(id), world.escrow, "UnexpectedState", [
          id,
          State.Succeeded,
          EXPECTED.refundable,
        ]);
      });
    });
  });

  describe("terms: last call and claim window", () => {
    it("applies the defaults for zero: last call 2 days, claim window 90 days, in the event", async () => {
      const world = await loadWorld();
      const { escrow, maintainer } = world;
      const deadline = (await now()) + 10n * DAY;
      await expect(escrow.connect(maintainer).openCampaign(terms(deadline)))
        .to.emit(escrow, "CampaignOpened")
        .withArgs(1n, 1n, maintainer.address, ETH, eth("10"), deadline, FEE_BPS, SPEC, SPEC_HASH, 2n * DAY, 90n * DAY);
    });

    it("applies the defaults for zero in the view too", async () => {
      const world = await loadWorld();
      await openCampaign(world);
      const campaign = await world.escrow.getCampaign(1n);
      expect([campaign.lastCall, campaign.claimWindow]).to.deep.equal([2n * DAY, 90n * DAY]);
    });

    for (const [lastCall, claimWindow] of [
      [DAY, 7n * DAY],
      [DAY + HOUR, 8n * DAY],
      [7n * DAY, 180n * DAY],
    ] as const) {
      it(`accepts a last call of ${lastCall / HOUR} hours and a claim window of ${claimWindow / DAY} days`, async () => {
        const world = await loadWorld();
        const { id } = await openCampaign(world, { lastCall, claimWindow });
        const campaign = await world.escrow.getCampaign(id);
        expect([campaign.lastCall, campaign.claimWindow]).to.deep.equal([lastCall, claimWindow]);
      });
    }

    for (const [what, lastCall] of [
      ["not whole hours", DAY + 1n],
      ["under a day", DAY - HOUR],
      ["of one second", 1n],
      ["over 7 days", 7n * DAY + HOUR],
      ["over 7 days by a second", 7n * DAY + 1n],
    ] as const) {
      it(`refuses a last call ${what}: InvalidLastCall(lastCall, 1 day, 7 days)`, async () => {
        const world = await loadWorld();
        const deadline = (await now()) + 30n * DAY;
        await expectRevert(world, () => world.escrow.connect(world.maintainer).openCampaign(terms(deadline, { lastCall })), world.escrow, "InvalidLastCall", [
          lastCall,
          DAY,
          7n * DAY,
        ]);
        expect(await world.escrow.campaignCount()).to.equal(0n);
      });
    }

    for (const [what, claimWindow] of [
      ["not whole days", 7n * DAY + HOUR],
      ["under 7 days", 6n * DAY],
      ["of one second", 1n],
      ["over 180 days", 181n * DAY],
      ["over 180 days by a second", 180n * DAY + 1n],
    ] as const) {
      it(`refuses a claim window ${what}: InvalidClaimWindow(claimWindow, 7 days, 180 days)`, async () => {
        const world = await loadWorld();
        const deadline = (await now()) + 30n * DAY;
        await expectRevert(
          world,
          () => world.escrow.connect(world.maintainer).openCampaign(terms(deadline, { claimWindow })),
          world.escrow,
          "InvalidClaimWindow",
          [claimWindow, 7n * DAY, 180n * DAY],
        );
        expect(await world.escrow.campaignCount()).to.equal(0n);
      });
    }

    for (const lastCall of [DAY, 7n * DAY]) {
      it(`sets the earliest deadline two last calls of ${lastCall / DAY} day(s) ahead: InvalidDeadline one second before`, async () => {
        const world = await loadWorld();
        const { escrow, maintainer } = world;
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
      });
    }
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
        await bonusPoolAddress(owner),
        await shareLedgerAddress(owner, await registry.getAddress()), await requestBoardAddress(owner, await registry.getAddress()),
      );
      await (await registry.connect(maintainer).registerProject(METADATA, "", payout.address)).wait();
      await far.networkHelpers.time.increaseTo(MAX_TIME - 30n * DAY);
      return { escrow, maintainer, payout, alice, owner };
    }
    const loadNear2106 = () => far.networkHelpers.loadFixture(deployNear2106);
    const farAt = (second: bigint) => far.networkHelpers.time.setNextBlockTimestamp(second);

    it("refuses a feature request whose latest acceptance deadline (expiry + 365 days) passes 2^32 - 1 with TimeOutOfRange", async () => {
      const { escrow, alice } = await loadNear2106();
      const board = IRequestBoard__factory.connect(await escrow.getAddress(), alice);
      const expiry = BigInt(await far.networkHelpers.time.latest()) + 10n * DAY;
      await expect(board.openRequest(1n, ETH, expiry, SPEC, SPEC_HASH))
        .to.be.revertedWithCustomError(escrow, "TimeOutOfRange")
        .withArgs(expiry + 365n * DAY);
      expect(await escrow.campaignCount()).to.equal(0n);
    });

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

    /** Opens, on the 2106 chain, a campaign whose planned deadline is 20 days before 2^32 - 1 and whose plan ends at `lastDue`. */
    function openEndingAt(escrow: PledgeEscrow, maintainer: World["maintainer"], lastDue: bigint) {
      // L = 1 day: latest deadline 18 days before 2^32 - 1, first due (13 days before) after it plus a review window.
      const campaignTerms = terms(MAX_TIME - 20n * DAY, { goal: eth("1"), lastCall: DAY });
      return escrow.connect(maintainer).openCampaignWithMilestones(campaignTerms, planEndingAt(lastDue));
    }

    it("refuses a plan whose last review window would end one second after 2^32 - 1: TimeOutOfRange (review finding F8)", async () => {
      const { escrow, maintainer } = await loadNear2106();
      // Every due date is valid on its own; a delivery on the last one could not be reviewed before 2106.
      await expect(openEndingAt(escrow, maintainer, MAX_TIME - 5n * DAY + 1n))
        .to.be.revertedWithCustomError(escrow, "TimeOutOfRange")
        .withArgs(MAX_TIME + 1n);
      expect(await escrow.campaignCount()).to.equal(0n);
    });

    it("refuses a plan whose last milestone falls due at 2^32 - 1: TimeOutOfRange(due + review window)", async () => {
      const { escrow, maintainer } = await loadNear2106();
      await expect(openEndingAt(escrow, maintainer, MAX_TIME))
        .to.be.revertedWithCustomError(escrow, "TimeOutOfRange")
        .withArgs(MAX_TIME + 5n * DAY);
    });

    it("accepts a plan whose last review window ends at 2^32 - 1 exactly", async () => {
      const { escrow, maintainer } = await loadNear2106();
      await expect(openEndingAt(escrow, maintainer, MAX_TIME - 5n * DAY)).to.emit(escrow, "MilestonePlanSet");
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

    it("schedules a fee change that takes effect at 2^32 - 1 exactly", async () => {
      const { escrow } = await loadNear2106();
      await farAt(MAX_TIME - 7n * DAY);
      await expect(escrow.setFee(100)).to.emit(escrow, "FeeChangeScheduled").withArgs(FEE_BPS, 100n, MAX_TIME);
    });

    it("refuses a fee change that would take effect after 2^32 - 1: TimeOutOfRange, keeping the pending one", async () => {
      const { escrow } = await loadNear2106();
      await farAt(MAX_TIME - 7n * DAY);
      await (await escrow.setFee(100)).wait();
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
        await bonusPoolAddress(owner),
        await shareLedgerAddress(owner, await registry.getAddress()), await requestBoardAddress(owner, await registry.getAddress()),
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

    it("refuses a feature request for a project id above 2^32 - 1 with ProjectIdOutOfRange", async () => {
      const { escrow, alice } = await networkHelpers.loadFixture(deployWithLargeProjectIds);
      const board = IRequestBoard__factory.connect(await escrow.getAddress(), alice);
      const expiry = (await now()) + 30n * DAY;
      for (const projectId of [2n ** 32n, 2n ** 256n - 1n]) {
        await expect(board.openRequest(projectId, ETH, expiry, SPEC, SPEC_HASH))
          .to.be.revertedWithCustomError(escrow, "ProjectIdOutOfRange")
          .withArgs(projectId);
      }
      await (await board.openRequest(MAX_TIME, ETH, expiry, SPEC, SPEC_HASH)).wait();
      expect((await escrow.getCampaign(1n)).projectId).to.equal(MAX_TIME);
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
    it("refuses a milestone claim to the escrow too: InvalidPayout", async () => {
      const world = await loadWorld();
      const { escrow, registry, maintainer } = world;
      const { id } = await fundedMilestones(world);
      await (await registry.connect(maintainer).setPayoutAddress(1n, world.escrowAddress)).wait();
      await expectRevert(world, () => escrow.connect(maintainer).claim(id), escrow, "InvalidPayout", [world.escrowAddress]);
      expect((await escrow.getMilestoneProgress(id)).claimed).to.equal(0n);
    });
  });

  describe("fee delay", () => {
    it("schedules a fee change FEE_CHANGE_DELAY ahead: FeeChangeScheduled, not FeeChanged", async () => {
      const world = await loadWorld();
      const t = (await now()) + 1n;
      await at(t);
      const sent = world.escrow.setFee(400);
      await expect(sent).to.emit(world.escrow, "FeeChangeScheduled").withArgs(FEE_BPS, 400n, t + 7n * DAY);
      await expect(sent).not.to.emit(world.escrow, "FeeChanged");
    });

    it("reports a scheduled change as pending and keeps the current fee meanwhile", async () => {
      const world = await loadWorld();
      const t = (await now()) + 1n;
      await at(t);
      await (await world.escrow.setFee(400)).wait();
      expect(await world.escrow.pendingFee()).to.deep.equal([400n, t + 7n * DAY]);
      expect(await world.escrow.feeBps()).to.equal(FEE_BPS);
    });

    /** Schedules 400 bps at t; returns the second it takes effect. */
    async function scheduled(world: World): Promise<bigint> {
      const t = (await now()) + 1n;
      await at(t);
      await (await world.escrow.setFee(400)).wait();
      return t + 7n * DAY;
    }

    it("records the old fee in a campaign opened the second before the change takes effect", async () => {
      const world = await loadWorld();
      const effectiveAt = await scheduled(world);
      await at(effectiveAt - 1n);
      await expect(world.escrow.connect(world.maintainer).openCampaign(terms(effectiveAt + 10n * DAY)))
        .to.emit(world.escrow, "CampaignOpened")
        .withArgs(1n, 1n, world.maintainer.address, ETH, eth("10"), effectiveAt + 10n * DAY, FEE_BPS, SPEC, SPEC_HASH, L, C);
      expect((await world.escrow.getCampaign(1n)).feeBps).to.equal(FEE_BPS);
    });

    it("records the new fee in a campaign opened at the second it takes effect, and clears the pending change", async () => {
      const world = await loadWorld();
      const effectiveAt = await scheduled(world);
      await at(effectiveAt);
      await (await world.escrow.connect(world.maintainer).openCampaign(terms(effectiveAt + 10n * DAY))).wait();
      expect((await world.escrow.getCampaign(1n)).feeBps).to.equal(400n);
      expect(await world.escrow.feeBps()).to.equal(400n);
      expect(await world.escrow.pendingFee()).to.deep.equal([0n, 0n]);
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

    it("replaces a pending change with a second setFee, whose delay starts anew", async () => {
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

    it("refuses a fee above MAX_FEE_BPS: FeeTooHigh(fee, cap)", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.escrow.setFee(501), world.escrow, "FeeTooHigh", [501n, 500n]);
      expect(await world.escrow.pendingFee()).to.deep.equal([0n, 0n]);
    });

    it("accepts the cap itself, MAX_FEE_BPS", async () => {
      const world = await loadWorld();
      await (await world.escrow.setFee(500)).wait();
      expect((await world.escrow.pendingFee())[0]).to.equal(500n);
    });
  });

  describe("isObjecting", () => {
    it("is true for an objector during the review window, false for the others", async () => {
      const world = await loadWorld();
      const { escrow, alice, bob } = world;
      const { id } = await fundedMilestones(world);
      await submit(world, id);
      await (await escrow.connect(alice).objectMilestone(id)).wait();
      expect(await escrow.isObjecting(id, alice.address)).to.equal(true);
      expect(await escrow.isObjecting(id, bob.address)).to.equal(false);
    });

    /** Alice (6 of 10) objected to milestone 0 and its window has closed: a rejection time decided, not recorded. */
    async function rejectionPending(world: World) {
      const { id } = await fundedMilestones(world);
      const reviewEnd = await submit(world, id);
      await (await world.escrow.connect(world.alice).objectMilestone(id)).wait();
      await time.increaseTo(reviewEnd + 1n);
      return id;
    }

    it("stays true after the window closed while a rejection is pending", async () => {
      const world = await loadWorld();
      const id = await rejectionPending(world);
      expect(await world.escrow.isObjecting(id, world.alice.address)).to.equal(true);
    });

    it("stays true once the rejection is recorded (MilestoneRejected)", async () => {
      const world = await loadWorld();
      const id = await rejectionPending(world);
      await expect(world.escrow.settleMilestone(id)).to.emit(world.escrow, "MilestoneRejected").withArgs(id, 0n, false, eth("6"));
      expect(await world.escrow.isObjecting(id, world.alice.address)).to.equal(true);
    });

    it("stays true after the objector took their refund", async () => {
      const world = await loadWorld();
      const id = await rejectionPending(world);
      await (await world.escrow.connect(world.alice).refund(id)).wait();
      expect(await world.escrow.isObjecting(id, world.alice.address)).to.equal(true);
    });

    /** Bob (3 of 10) objected to milestone 0 and its window has closed: an acceptance time decided, not recorded. */
    async function acceptancePending(world: World) {
      const { id, dues } = await fundedMilestones(world);
      const reviewEnd = await submit(world, id);
      await (await world.escrow.connect(world.bob).objectMilestone(id)).wait();
      await time.increaseTo(reviewEnd + 1n);
      return { id, dues };
    }

    it("stays true after the window closed while an acceptance is pending", async () => {
      const world = await loadWorld();
      const { id } = await acceptancePending(world);
      expect(await world.escrow.isObjecting(id, world.bob.address)).to.equal(true);
    });

    it("turns false once the acceptance is recorded (MilestoneAccepted)", async () => {
      const world = await loadWorld();
      const { id } = await acceptancePending(world);
      await expect(world.escrow.settleMilestone(id)).to.emit(world.escrow, "MilestoneAccepted").withArgs(id, 0n, 6_000n);
      expect(await world.escrow.isObjecting(id, world.bob.address)).to.equal(false);
    });

    it("stays true for the objector of an accepted milestone while the acceptance is pending, even once the next is overdue", async () => {
      const world = await loadWorld();
      const { id, dues } = await acceptancePending(world);
      await time.increaseTo((dues[1] ?? 0n) + 1n);
      // Time has decided both: milestone 0 accepted, milestone 1 overdue. Bob's objection still describes milestone 0.
      expect(await world.escrow.campaignState(id)).to.equal(State.Rejected);
      expect(await world.escrow.isObjecting(id, world.bob.address)).to.equal(true);
    });

    it("turns false once both are recorded: MilestoneAccepted, then MilestoneRejected(overdue)", async () => {
      const world = await loadWorld();
      const { id, dues } = await acceptancePending(world);
      await time.increaseTo((dues[1] ?? 0n) + 1n);
      const settled = world.escrow.settleMilestone(id);
      await expect(settled).to.emit(world.escrow, "MilestoneAccepted").withArgs(id, 0n, 6_000n);
      await expect(settled).to.emit(world.escrow, "MilestoneRejected").withArgs(id, 1n, true, 0n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Rejected);
      expect(await world.escrow.isObjecting(id, world.bob.address)).to.equal(false);
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
