import { expect } from "chai";

import { AttackerBacker__factory, type IPledgeEscrow } from "../typechain-types/index.js";
import {
  DAY,
  ETH,
  eth,
  ethers,
  EXPECTED,
  feeOf,
  latestDeadlineOf,
  loadWorld,
  networkHelpers,
  now,
  State,
  terms,
  type World,
} from "./helpers/fixture.js";
import { expectRevert } from "./helpers/reverts.js";

const { time } = networkHelpers;
const REVIEW = 3n * DAY;
/** Two default last calls: the latest deadline is this far past the planned one. */
const EXTENSION = 4n * DAY;
/** The first milestone falls due more than one review window after the latest deadline: at this offset at the earliest. */
const FIRST_DUE = EXTENSION + REVIEW + 1n;
const TOTAL = eth("10");
const INITIAL = (TOTAL * 2_000n) / 10_000n;
const SHARE = (TOTAL * 4_000n) / 10_000n;

interface PlanOptions {
  initialShareBps?: number;
  shares?: number[];
  dueOffsets?: bigint[];
  reviewWindow?: bigint;
  thresholdBps?: number;
  goal?: bigint;
}

/** A plan of 20% on success and two 40% milestones due 10 and 20 days after the deadline, unless told otherwise. */
function plan(deadline: bigint, options: PlanOptions = {}): IPledgeEscrow.MilestonePlanStruct {
  const shares = options.shares ?? [4_000, 4_000];
  const dueOffsets = options.dueOffsets ?? shares.map((_, i) => BigInt(i + 1) * 10n * DAY);
  return {
    initialShareBps: options.initialShareBps ?? 2_000,
    reviewWindow: options.reviewWindow ?? REVIEW,
    objectionThresholdBps: options.thresholdBps ?? 0,
    milestones: shares.map((shareBps, i) => ({ shareBps, due: deadline + (dueOffsets[i] ?? 0n) })),
  };
}

/** Opens an ETH milestone campaign ending in 7 days (goal 10 ETH by default); returns its id, deadline and due dates. */
async function openWithMilestones(world: World, options: PlanOptions = {}) {
  const deadline = (await now()) + 7n * DAY;
  const milestonePlan = plan(deadline, options);
  await (await world.escrow.connect(world.maintainer).openCampaignWithMilestones(terms(deadline, { goal: options.goal ?? TOTAL }), milestonePlan)).wait();
  const dues = milestonePlan.milestones.map((m) => BigInt(m.due));
  return { id: await world.escrow.campaignCount(), deadline, dues };
}

/** A funded milestone campaign: alice 6 ETH, bob 3 ETH, carol 1 ETH; time is just after the deadline. */
async function fundedCampaign(world: World, options: PlanOptions = {}) {
  const campaign = await openWithMilestones(world, options);
  const { escrow, alice, bob, carol } = world;
  await (await escrow.connect(alice).pledge(campaign.id, { value: eth("6") })).wait();
  await (await escrow.connect(bob).pledge(campaign.id, { value: eth("3") })).wait();
  await (await escrow.connect(carol).pledge(campaign.id, { value: eth("1") })).wait();
  await time.increaseTo(campaign.deadline + 1n);
  return campaign;
}

/** Submits the current milestone as the maintainer; returns the last second of its review window. */
async function submit(world: World, id: bigint, uri = "https://github.com/openpledge/openpledge/releases/v1") {
  await (await world.escrow.connect(world.maintainer).submitMilestone(id, uri)).wait();
  return BigInt((await world.escrow.getMilestoneProgress(id)).reviewEnd);
}

/** A funded campaign whose first milestone was rejected by alice's objection (60% of 10 ETH > 50%), not yet recorded. */
async function rejectedCampaign(world: World) {
  const campaign = await fundedCampaign(world);
  const end = await submit(world, campaign.id);
  await (await world.escrow.connect(world.alice).objectMilestone(campaign.id)).wait();
  await time.increaseTo(end + 1n);
  return campaign;
}

describe("Milestones", () => {
  describe("openCampaignWithMilestones", () => {
    it("emits MilestonePlanSet with the plan and the default threshold, 50%", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 7n * DAY;
      await expect(world.escrow.connect(world.maintainer).openCampaignWithMilestones(terms(deadline), plan(deadline)))
        .to.emit(world.escrow, "MilestonePlanSet")
        .withArgs(1n, 2_000n, REVIEW, 5_000n, [
          [4_000n, deadline + 10n * DAY],
          [4_000n, deadline + 20n * DAY],
        ]);
    });

    it("emits CampaignOpened too", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 7n * DAY;
      await expect(world.escrow.connect(world.maintainer).openCampaignWithMilestones(terms(deadline), plan(deadline))).to.emit(
        world.escrow,
        "CampaignOpened",
      );
    });

    it("stores each milestone's share and due date", async () => {
      const world = await loadWorld();
      const { deadline } = await openWithMilestones(world);
      const first = await world.escrow.getMilestone(1n, 0n);
      expect([first.shareBps, first.due]).to.deep.equal([4_000n, deadline + 10n * DAY]);
    });

    it("starts with nothing released, the first milestone current, and the plan's window and threshold", async () => {
      const world = await loadWorld();
      await openWithMilestones(world);
      const progress = await world.escrow.getMilestoneProgress(1n);
      expect([progress.count, progress.current, progress.releasedBps, progress.released]).to.deep.equal([2n, 0n, 0n, 0n]);
      expect([progress.reviewWindow, progress.objectionThresholdBps]).to.deep.equal([REVIEW, 5_000n]);
    });

    it("getMilestone refuses an index past the plan: NoMilestones", async () => {
      const world = await loadWorld();
      await openWithMilestones(world);
      await expect(world.escrow.getMilestone(1n, 2n)).to.be.revertedWithCustomError(world.escrow, "NoMilestones").withArgs(1n);
    });

    describe("refuses a bad plan with its own error, opening nothing", () => {
      const span = 3n * 365n * DAY;
      const cases: Array<[string, PlanOptions, string, (deadline: bigint) => unknown[]]> = [
        ["no milestone", { shares: [], initialShareBps: 10_000 }, "InvalidMilestoneCount", () => [0n, 10n]],
        ["eleven milestones", { shares: Array<number>(11).fill(900), initialShareBps: 100 }, "InvalidMilestoneCount", () => [11n, 10n]],
        ["a milestone of no share", { shares: [5_000, 0], initialShareBps: 5_000 }, "InvalidMilestoneShares", () => [0n]],
        ["shares below 100%", { initialShareBps: 1_000 }, "InvalidMilestoneShares", () => [9_000n]],
        ["shares above 100%", { initialShareBps: 2_001 }, "InvalidMilestoneShares", () => [10_001n]],
        ["a first due date at the deadline", { dueOffsets: [0n, 10n * DAY] }, "InvalidMilestoneDue", (d) => [0n, d]],
        // The first milestone must fall due more than one review window after the latest deadline an extension can
        // reach (deadline + 2L + review).
        ["a first due date a day after the deadline", { dueOffsets: [DAY, 10n * DAY] }, "InvalidMilestoneDue", (d) => [0n, d + DAY]],
        ["a first due date at the latest deadline", { dueOffsets: [EXTENSION, 10n * DAY] }, "InvalidMilestoneDue", (d) => [0n, d + EXTENSION]],
        [
          "a first due date one second after the latest deadline",
          { dueOffsets: [EXTENSION + 1n, 10n * DAY] },
          "InvalidMilestoneDue",
          (d) => [0n, d + EXTENSION + 1n],
        ],
        [
          "a first due date one review window after the latest deadline",
          { dueOffsets: [FIRST_DUE - 1n, 10n * DAY] },
          "InvalidMilestoneDue",
          (d) => [0n, d + FIRST_DUE - 1n],
        ],
        ["two milestones due at the same second", { dueOffsets: [FIRST_DUE, FIRST_DUE] }, "InvalidMilestoneDue", (d) => [1n, d + FIRST_DUE]],
        // The next due date must leave a whole review window after the previous one.
        [
          "a next due date only one review window after the previous",
          { dueOffsets: [FIRST_DUE, FIRST_DUE + REVIEW] },
          "InvalidMilestoneDue",
          (d) => [1n, d + FIRST_DUE + REVIEW],
        ],
        ["a due date more than three years out", { dueOffsets: [FIRST_DUE, span + 1n] }, "InvalidMilestoneDue", (d) => [1n, d + span + 1n]],
        ["a review window under a day", { reviewWindow: DAY - 1n }, "InvalidReviewWindow", () => [DAY - 1n]],
        ["a review window over 30 days", { reviewWindow: 30n * DAY + 1n }, "InvalidReviewWindow", () => [30n * DAY + 1n]],
        ["a threshold of 100%", { thresholdBps: 10_000 }, "InvalidObjectionThreshold", () => [10_000n]],
        ["a threshold above 100%", { thresholdBps: 10_001 }, "InvalidObjectionThreshold", () => [10_001n]],
      ];
      for (const [what, options, error, args] of cases) {
        it(`${what}: ${error}`, async () => {
          const world = await loadWorld();
          const deadline = (await now()) + 7n * DAY;
          await expectRevert(
            world,
            () => world.escrow.connect(world.maintainer).openCampaignWithMilestones(terms(deadline), plan(deadline, options)),
            world.escrow,
            error,
            args(deadline),
          );
          expect(await world.escrow.campaignCount()).to.equal(0n);
        });
      }
    });

    it("refuses a caller who does not maintain the project: NotProjectMaintainer", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 7n * DAY;
      await expectRevert(
        world,
        () => world.escrow.connect(world.alice).openCampaignWithMilestones(terms(deadline), plan(deadline)),
        world.escrow,
        "NotProjectMaintainer",
        [1n, world.alice.address],
      );
    });

    it("is refused while paused: EnforcedPause", async () => {
      const world = await loadWorld();
      await (await world.escrow.connect(world.guardian).pause()).wait();
      const deadline = (await now()) + 7n * DAY;
      await expectRevert(
        world,
        () => world.escrow.connect(world.maintainer).openCampaignWithMilestones(terms(deadline), plan(deadline)),
        world.escrow,
        "EnforcedPause",
      );
    });

    it("accepts one milestone of 100% due three years out, with a 30-day review window", async () => {
      const world = await loadWorld();
      await openWithMilestones(world, { shares: [10_000], initialShareBps: 0, dueOffsets: [3n * 365n * DAY], reviewWindow: 30n * DAY, goal: 1n });
      expect((await world.escrow.getMilestoneProgress(1n)).count).to.equal(1n);
    });

    it("accepts ten milestones, a one-day review window and a 99.99% threshold", async () => {
      const world = await loadWorld();
      await openWithMilestones(world, { shares: Array<number>(10).fill(1_000), initialShareBps: 0, reviewWindow: DAY, thresholdBps: 9_999, goal: 1n });
      const progress = await world.escrow.getMilestoneProgress(1n);
      expect([progress.count, progress.objectionThresholdBps]).to.deep.equal([10n, 9_999n]);
    });

    it("accepts the earliest first due date: one review window and one second after the latest deadline", async () => {
      const world = await loadWorld();
      await openWithMilestones(world, { shares: [10_000], initialShareBps: 0, dueOffsets: [FIRST_DUE], goal: 1n });
      expect((await world.escrow.getMilestone(1n, 0n)).due).to.equal(latestDeadlineOf(await world.escrow.getCampaign(1n)) + REVIEW + 1n);
    });
  });

  describe("release", () => {
    it("pays the initial share at the first claim after success, with its fee", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      expect(await world.escrow.campaignState(id)).to.equal(State.Succeeded);
      const claim = world.escrow.connect(world.maintainer).claim(id);
      await expect(claim)
        .to.emit(world.escrow, "CampaignClaimed")
        .withArgs(id, world.payout.address, world.maintainer.address, INITIAL - feeOf(INITIAL), feeOf(INITIAL));
      await expect(claim).to.changeEtherBalance(ethers, world.payout, INITIAL - feeOf(INITIAL));
    });

    it("has nothing more to claim until a milestone is accepted: NothingToClaim", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      await (await world.escrow.connect(world.maintainer).claim(id)).wait();
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "NothingToClaim", [id]);
    });

    it("keeps a milestone in review up to the last second of its window: NothingToClaim at reviewEnd", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      await (await world.escrow.connect(world.maintainer).claim(id)).wait();
      const reviewEnd = await submit(world, id);
      await time.setNextBlockTimestamp(reviewEnd);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "NothingToClaim", [id]);
    });

    it("accepts the milestone one second after its window and pays its share (MilestoneAccepted)", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      await (await world.escrow.connect(world.maintainer).claim(id)).wait();
      const reviewEnd = await submit(world, id);
      await time.setNextBlockTimestamp(reviewEnd + 1n);
      const claim = world.escrow.connect(world.maintainer).claim(id);
      await expect(claim).to.emit(world.escrow, "MilestoneAccepted").withArgs(id, 0n, 6_000n);
      await expect(claim).to.changeEtherBalance(ethers, world.payout, SHARE - feeOf(SHARE));
    });

    it("lets anyone record an acceptance with settleMilestone", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      const reviewEnd = await submit(world, id);
      await time.increaseTo(reviewEnd + 1n);
      await expect(world.escrow.connect(world.stranger).settleMilestone(id)).to.emit(world.escrow, "MilestoneAccepted").withArgs(id, 0n, 6_000n);
    });

    /** Every milestone of a funded campaign accepted and claimed. */
    async function claimedCampaign(world: World) {
      const { id } = await fundedCampaign(world);
      await (await world.escrow.connect(world.maintainer).claim(id)).wait();
      await time.increaseTo((await submit(world, id)) + 1n);
      await (await world.escrow.connect(world.maintainer).claim(id)).wait();
      await time.increaseTo((await submit(world, id, "https://github.com/openpledge/openpledge/releases/v2")) + 1n);
      await (await world.escrow.connect(world.maintainer).claim(id)).wait();
      return id;
    }

    it("is Claimed once the last share is paid, everything released and paid out", async () => {
      const world = await loadWorld();
      const id = await claimedCampaign(world);
      expect(await world.escrow.campaignState(id)).to.equal(State.Claimed);
      const progress = await world.escrow.getMilestoneProgress(id);
      expect([progress.current, progress.releasedBps, progress.released, progress.claimed]).to.deep.equal([2n, 10_000n, TOTAL, TOTAL]);
    });

    it("keeps only the fees of every claim", async () => {
      const world = await loadWorld();
      await claimedCampaign(world);
      expect(await world.escrow.accruedFees(ETH)).to.equal(feeOf(INITIAL) + 2n * feeOf(SHARE));
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(await world.escrow.accruedFees(ETH));
    });

    it("refuses a claim once Claimed: UnexpectedState(Claimed, {Succeeded, Rejected})", async () => {
      const world = await loadWorld();
      const id = await claimedCampaign(world);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "UnexpectedState", [
        id,
        State.Claimed,
        EXPECTED.succeededOrRejected,
      ]);
    });

    it("refuses a submission once Claimed: UnexpectedState(Claimed, {Succeeded})", async () => {
      const world = await loadWorld();
      const id = await claimedCampaign(world);
      await expectRevert(world, () => submit(world, id), world.escrow, "UnexpectedState", [id, State.Claimed, EXPECTED.succeeded]);
    });

    it("never makes the next milestone overdue by an on-time delivery, even with the tightest due dates", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, payout } = world;
      const { id, dues } = await fundedCampaign(world, { dueOffsets: [FIRST_DUE, FIRST_DUE + REVIEW + 1n] });
      const [firstDue, secondDue] = [dues[0] ?? 0n, dues[1] ?? 0n];
      await time.setNextBlockTimestamp(firstDue);
      const end = await submit(world, id);
      expect(end).to.equal(firstDue + REVIEW);
      // The window closes one second before the next due date: the next milestone can still be delivered.
      await time.setNextBlockTimestamp(end + 1n);
      await (await escrow.connect(maintainer).submitMilestone(id, "ipfs://second")).wait();
      expect(end + 1n).to.equal(secondDue);
      await time.increaseTo(secondDue + REVIEW + 1n);
      await (await escrow.connect(maintainer).claim(id)).wait();
      expect(await escrow.campaignState(id)).to.equal(State.Claimed);
      expect(await ethers.provider.getBalance(payout.address)).to.be.greaterThan(0n);
    });

    for (const [state, reach] of [
      ["Funding", async () => {}],
      ["Failed", async (_world: World, deadline: bigint) => void (await time.increaseTo(deadline + 1n))],
      ["Cancelled", async (world: World) => void (await (await world.escrow.connect(world.maintainer).cancelCampaign(1n)).wait())],
    ] as const) {
      it(`refuses a claim of a ${state} campaign: UnexpectedState(${state}, {Succeeded, Rejected})`, async () => {
        const world = await loadWorld();
        const { id, deadline } = await openWithMilestones(world);
        await (await world.escrow.connect(world.alice).pledge(id, { value: eth("1") })).wait();
        await reach(world, deadline);
        await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "UnexpectedState", [
          id,
          State[state],
          EXPECTED.succeededOrRejected,
        ]);
      });
    }

    it("refuses a claim to anyone but a maintainer: NotProjectMaintainer", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      await expectRevert(world, () => world.escrow.connect(world.alice).claim(id), world.escrow, "NotProjectMaintainer", [1n, world.alice.address]);
    });
  });

  describe("submitMilestone", () => {
    it("emits MilestoneSubmitted with the delivery and the end of its review window", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      const at = (await now()) + 5n;
      await time.setNextBlockTimestamp(at);
      await expect(world.escrow.connect(world.maintainer).submitMilestone(id, "ipfs://report"))
        .to.emit(world.escrow, "MilestoneSubmitted")
        .withArgs(id, 0n, world.maintainer.address, "ipfs://report", at + REVIEW);
    });

    it("refuses a submission while funding: UnexpectedState(Funding, {Succeeded})", async () => {
      const world = await loadWorld();
      const { id } = await openWithMilestones(world);
      await expectRevert(world, () => submit(world, id), world.escrow, "UnexpectedState", [id, State.Funding, EXPECTED.succeeded]);
    });

    it("refuses a submission for a failed campaign: UnexpectedState(Failed, {Succeeded})", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openWithMilestones(world);
      await time.increaseTo(deadline + 1n);
      await expectRevert(world, () => submit(world, id), world.escrow, "UnexpectedState", [id, State.Failed, EXPECTED.succeeded]);
    });

    it("refuses a submission for a campaign without milestones: NoMilestones", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 7n * DAY;
      await (await world.escrow.connect(world.maintainer).openCampaign(terms(deadline, { goal: eth("1") }))).wait();
      await expectRevert(world, () => submit(world, 1n), world.escrow, "NoMilestones", [1n]);
    });

    it("refuses an empty delivery: EmptyDeliveryURI", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).submitMilestone(id, ""), world.escrow, "EmptyDeliveryURI");
    });

    it("refuses anyone but a maintainer: NotProjectMaintainer", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      await expectRevert(world, () => world.escrow.connect(world.alice).submitMilestone(id, "x"), world.escrow, "NotProjectMaintainer", [
        1n,
        world.alice.address,
      ]);
    });

    it("refuses a second submission while one is in review: MilestoneInReview(id, reviewEnd)", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      const reviewEnd = await submit(world, id);
      await expectRevert(world, () => submit(world, id), world.escrow, "MilestoneInReview", [id, reviewEnd]);
    });

    it("refuses a submission once every milestone is accepted: AllMilestonesAccepted", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world, { shares: [10_000], initialShareBps: 0 });
      await time.increaseTo((await submit(world, id)) + 1n);
      await expectRevert(world, () => submit(world, id), world.escrow, "AllMilestonesAccepted", [id]);
    });

    it("refuses a submission once the current milestone is overdue, even unrecorded: UnexpectedState(Rejected, {Succeeded})", async () => {
      const world = await loadWorld();
      const { id, dues } = await fundedCampaign(world);
      await time.increaseTo((dues[0] ?? 0n) + 1n);
      await expectRevert(world, () => submit(world, id), world.escrow, "UnexpectedState", [id, State.Rejected, EXPECTED.succeeded]);
    });

    it("refuses an unknown campaign: UnknownCampaign", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => submit(world, 99n), world.escrow, "UnknownCampaign", [99n]);
    });
  });

  describe("settleMilestone", () => {
    it("records the acceptance of the last milestone, then has nothing to settle: NothingToSettle", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world, { shares: [10_000], initialShareBps: 0 });
      await time.increaseTo((await submit(world, id)) + 1n);
      await expect(world.escrow.settleMilestone(id)).to.emit(world.escrow, "MilestoneAccepted").withArgs(id, 0n, 10_000n);
      await expectRevert(world, () => world.escrow.settleMilestone(id), world.escrow, "NothingToSettle", [id]);
    });

    it("has nothing to settle for a campaign without milestones: NothingToSettle", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 7n * DAY;
      await (await world.escrow.connect(world.maintainer).openCampaign(terms(deadline, { goal: eth("1") }))).wait();
      await expectRevert(world, () => world.escrow.settleMilestone(1n), world.escrow, "NothingToSettle", [1n]);
    });

    it("refuses an unknown campaign: UnknownCampaign", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.escrow.settleMilestone(99n), world.escrow, "UnknownCampaign", [99n]);
    });
  });

  describe("objections", () => {
    it("are refused before any submission: NotInReview", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      await expectRevert(world, () => world.escrow.connect(world.alice).objectMilestone(id), world.escrow, "NotInReview", [id]);
    });

    it("weigh the backer's pledge: MilestoneObjected(id, index, backer, weight, objection weight)", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      await submit(world, id);
      await expect(world.escrow.connect(world.alice).objectMilestone(id))
        .to.emit(world.escrow, "MilestoneObjected")
        .withArgs(id, 0n, world.alice.address, eth("6"), eth("6"));
      expect(await world.escrow.isObjecting(id, world.alice.address)).to.equal(true);
    });

    it("count once: a second objection is refused with AlreadyObjected", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      await submit(world, id);
      await (await world.escrow.connect(world.alice).objectMilestone(id)).wait();
      await expectRevert(world, () => world.escrow.connect(world.alice).objectMilestone(id), world.escrow, "AlreadyObjected", [
        id,
        world.alice.address,
      ]);
    });

    it("can be withdrawn during the window: ObjectionWithdrawn", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      await submit(world, id);
      await (await world.escrow.connect(world.alice).objectMilestone(id)).wait();
      await expect(world.escrow.connect(world.alice).withdrawObjection(id))
        .to.emit(world.escrow, "ObjectionWithdrawn")
        .withArgs(id, 0n, world.alice.address, eth("6"), 0n);
      expect(await world.escrow.isObjecting(id, world.alice.address)).to.equal(false);
    });

    it("cannot be withdrawn by a backer who does not object: NotObjecting", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      await submit(world, id);
      await expectRevert(world, () => world.escrow.connect(world.bob).withdrawObjection(id), world.escrow, "NotObjecting", [id, world.bob.address]);
    });

    it("are accepted at the last second of the window", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      const reviewEnd = await submit(world, id);
      await time.setNextBlockTimestamp(reviewEnd);
      await (await world.escrow.connect(world.bob).objectMilestone(id)).wait();
      expect((await world.escrow.getMilestoneProgress(id)).objectionWeight).to.equal(eth("3"));
    });

    it("are refused after the window: NotInReview", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      const reviewEnd = await submit(world, id);
      await time.increaseTo(reviewEnd + 1n);
      await expectRevert(world, () => world.escrow.connect(world.alice).objectMilestone(id), world.escrow, "NotInReview", [id]);
    });

    it("cannot be withdrawn after the window: NotInReview", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      const reviewEnd = await submit(world, id);
      await (await world.escrow.connect(world.bob).objectMilestone(id)).wait();
      await time.increaseTo(reviewEnd + 1n);
      await expectRevert(world, () => world.escrow.connect(world.bob).withdrawObjection(id), world.escrow, "NotInReview", [id]);
    });

    it("cannot be withdrawn when no milestone was ever submitted: NotInReview", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      await expectRevert(world, () => world.escrow.connect(world.alice).withdrawObjection(id), world.escrow, "NotInReview", [id]);
    });

    it("are refused for an unknown campaign: UnknownCampaign", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.escrow.connect(world.alice).objectMilestone(77n), world.escrow, "UnknownCampaign", [77n]);
    });

    it("cannot be withdrawn for an unknown campaign: UnknownCampaign", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.escrow.connect(world.alice).withdrawObjection(77n), world.escrow, "UnknownCampaign", [77n]);
    });

    it("that do not exceed the threshold let the milestone be accepted, and do not carry over to the next", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world);
      const reviewEnd = await submit(world, id);
      await (await world.escrow.connect(world.bob).objectMilestone(id)).wait();
      // Bob's 30% does not exceed the 50% threshold.
      await time.increaseTo(reviewEnd + 1n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Succeeded);
      const progress = await world.escrow.getMilestoneProgress(id);
      expect([progress.current, progress.releasedBps, progress.objectionWeight, progress.reviewEnd]).to.deep.equal([1n, 6_000n, 0n, 0n]);
      await submit(world, id);
      expect(await world.escrow.isObjecting(id, world.bob.address)).to.equal(false);
    });

    it("that decided a rejection still count after the window", async () => {
      const world = await loadWorld();
      const { id } = await rejectedCampaign(world);
      expect(await world.escrow.isObjecting(id, world.alice.address)).to.equal(true);
    });

    describe("to a milestone that was accepted anyway (threshold 90%)", () => {
      /** Alice's 60% objected to milestone 0, which was accepted anyway and recorded; milestone 1 is not submitted yet. */
      async function nextInReview(world: World) {
        const { id } = await fundedCampaign(world, { thresholdBps: 9_000 });
        const end = await submit(world, id);
        await (await world.escrow.connect(world.alice).objectMilestone(id)).wait();
        await time.increaseTo(end + 1n);
        await (await world.escrow.settleMilestone(id)).wait();
        return id;
      }

      it("cannot be withdrawn once it is recorded: NotInReview", async () => {
        const world = await loadWorld();
        const id = await nextInReview(world);
        await expectRevert(world, () => world.escrow.connect(world.alice).withdrawObjection(id), world.escrow, "NotInReview", [id]);
      });

      it("do not count for the next milestone", async () => {
        const world = await loadWorld();
        const id = await nextInReview(world);
        await submit(world, id);
        expect(await world.escrow.isObjecting(id, world.alice.address)).to.equal(false);
      });

      it("cannot be withdrawn from the next milestone: NotObjecting", async () => {
        const world = await loadWorld();
        const id = await nextInReview(world);
        await submit(world, id);
        await expectRevert(world, () => world.escrow.connect(world.alice).withdrawObjection(id), world.escrow, "NotObjecting", [
          id,
          world.alice.address,
        ]);
      });

      it("leave the backer free to object to the next milestone, counted once", async () => {
        const world = await loadWorld();
        const id = await nextInReview(world);
        await submit(world, id);
        await (await world.escrow.connect(world.alice).objectMilestone(id)).wait();
        expect((await world.escrow.getMilestoneProgress(id)).objectionWeight).to.equal(eth("6"));
      });
    });

    describe("need a stake", () => {
      /** Alice pledged 1 ETH; bob pledged 1 ETH and withdrew it; time is past the deadline, a milestone in review. */
      async function inReview(world: World) {
        const campaign = await openWithMilestones(world, { goal: eth("1") });
        await (await world.escrow.connect(world.alice).pledge(campaign.id, { value: eth("1") })).wait();
        await (await world.escrow.connect(world.bob).pledge(campaign.id, { value: eth("1") })).wait();
        await (await world.escrow.connect(world.bob).withdrawPledge(campaign.id, eth("1"))).wait();
        await time.increaseTo(campaign.deadline + 1n);
        await submit(world, campaign.id);
        return campaign.id;
      }

      it("are refused to a backer who withdrew their pledge: NoStake", async () => {
        const world = await loadWorld();
        const id = await inReview(world);
        await expectRevert(world, () => world.escrow.connect(world.bob).objectMilestone(id), world.escrow, "NoStake", [id, world.bob.address]);
      });

      it("are refused to an account that never pledged: NoStake", async () => {
        const world = await loadWorld();
        const id = await inReview(world);
        await expectRevert(world, () => world.escrow.connect(world.stranger).objectMilestone(id), world.escrow, "NoStake", [
          id,
          world.stranger.address,
        ]);
      });

      it("cannot be bought after the deadline: the pledge is refused with UnexpectedState(Succeeded, {Funding})", async () => {
        const world = await loadWorld();
        const id = await inReview(world);
        await expectRevert(world, () => world.escrow.connect(world.stranger).pledge(id, { value: eth("5") }), world.escrow, "UnexpectedState", [
          id,
          State.Succeeded,
          EXPECTED.funding,
        ]);
      });
    });

    it("exactly at the threshold let the milestone be accepted", async () => {
      const world = await loadWorld();
      // Threshold 60%: alice (6 of 10 ETH) alone meets it exactly.
      const { id } = await fundedCampaign(world, { thresholdBps: 6_000 });
      const end = await submit(world, id);
      await (await world.escrow.connect(world.alice).objectMilestone(id)).wait();
      expect((await world.escrow.getMilestoneProgress(id)).thresholdWeight).to.equal(eth("6"));
      await time.increaseTo(end + 1n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Succeeded);
      await expect(world.escrow.settleMilestone(id)).to.emit(world.escrow, "MilestoneAccepted").withArgs(id, 0n, 6_000n);
    });

    it("one wei above the threshold reject the milestone", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openWithMilestones(world, { thresholdBps: 6_000 });
      await (await world.escrow.connect(world.alice).pledge(id, { value: eth("6") + 1n })).wait();
      await (await world.escrow.connect(world.bob).pledge(id, { value: eth("4") - 1n })).wait();
      await time.increaseTo(deadline + 1n);
      const end = await submit(world, id);
      await (await world.escrow.connect(world.alice).objectMilestone(id)).wait();
      await time.increaseTo(end + 1n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Rejected);
      await expect(world.escrow.settleMilestone(id)).to.emit(world.escrow, "MilestoneRejected").withArgs(id, 0n, false, eth("6") + 1n);
    });
  });

  describe("rejection and refunds", () => {
    /**
     * 1/3 released on success, so the unreleased part does not divide evenly: alice 5, bob 3, carol 3 wei (total 11,
     * 3 released and claimed, 8 unreleased); alice and bob objected, and the milestone's window closed.
     */
    async function unevenRejection(world: World) {
      const campaign = await openWithMilestones(world, { initialShareBps: 3_333, shares: [6_667], goal: 10n });
      await (await world.escrow.connect(world.alice).pledge(campaign.id, { value: 5n })).wait();
      await (await world.escrow.connect(world.bob).pledge(campaign.id, { value: 3n })).wait();
      await (await world.escrow.connect(world.carol).pledge(campaign.id, { value: 3n })).wait();
      await time.increaseTo(campaign.deadline + 1n);
      await (await world.escrow.connect(world.maintainer).claim(campaign.id)).wait();
      const end = await submit(world, campaign.id);
      await (await world.escrow.connect(world.alice).objectMilestone(campaign.id)).wait();
      await (await world.escrow.connect(world.bob).objectMilestone(campaign.id)).wait();
      await time.increaseTo(end + 1n);
      return campaign.id;
    }

    it("records the rejection at the first refund (MilestoneRejected) and pays pledge x unreleased / total, rounded down", async () => {
      const world = await loadWorld();
      const id = await unevenRejection(world);
      const refund = world.escrow.connect(world.alice).refund(id);
      await expect(refund).to.emit(world.escrow, "MilestoneRejected").withArgs(id, 0n, false, 8n);
      await expect(refund).to.emit(world.escrow, "Refunded").withArgs(id, world.alice.address, (5n * 8n) / 11n);
      await expect(refund).to.changeEtherBalance(ethers, world.alice, (5n * 8n) / 11n);
    });

    it("refuses a second refund: NothingToRefund", async () => {
      const world = await loadWorld();
      const id = await unevenRejection(world);
      await (await world.escrow.connect(world.alice).refund(id)).wait();
      await expectRevert(world, () => world.escrow.connect(world.alice).refund(id), world.escrow, "NothingToRefund", [id, world.alice.address]);
    });

    it("has nothing to claim while a backer has not refunded: NothingToClaim", async () => {
      const world = await loadWorld();
      const id = await unevenRejection(world);
      await (await world.escrow.connect(world.alice).refund(id)).wait();
      await (await world.escrow.connect(world.bob).refund(id)).wait();
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "NothingToClaim", [id]);
    });

    it("releases the rounding dust to the project once every backer refunded, and stays Rejected", async () => {
      const world = await loadWorld();
      const id = await unevenRejection(world);
      for (const backer of [world.alice, world.bob, world.carol]) await (await world.escrow.connect(backer).refund(id)).wait();
      const refunded = (5n * 8n) / 11n + 2n * ((3n * 8n) / 11n); // 3 + 2 + 2 = 7
      const progress = await world.escrow.getMilestoneProgress(id);
      expect([progress.refunded, progress.released]).to.deep.equal([refunded, 11n - refunded]);
      await expect(world.escrow.connect(world.maintainer).claim(id)).to.changeEtherBalance(ethers, world.payout, 8n - refunded);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Rejected);
    });

    it("refuses a submission after the rejection: UnexpectedState(Rejected, {Succeeded})", async () => {
      const world = await loadWorld();
      const id = await unevenRejection(world);
      await expectRevert(world, () => submit(world, id), world.escrow, "UnexpectedState", [id, State.Rejected, EXPECTED.succeeded]);
    });

    describe("a missed due date", () => {
      it("refuses a refund while the milestone is still only due: UnexpectedState(Succeeded, refundable)", async () => {
        const world = await loadWorld();
        const { id } = await fundedCampaign(world);
        await expectRevert(world, () => world.escrow.connect(world.alice).refund(id), world.escrow, "UnexpectedState", [
          id,
          State.Succeeded,
          EXPECTED.refundable,
        ]);
      });

      it("has nothing to settle at the due second: NothingToSettle", async () => {
        const world = await loadWorld();
        const { id, dues } = await fundedCampaign(world);
        await time.setNextBlockTimestamp(dues[0] ?? 0n);
        await expectRevert(world, () => world.escrow.connect(world.stranger).settleMilestone(id), world.escrow, "NothingToSettle", [id]);
      });

      it("lets anyone record the rejection one second after the due date: MilestoneRejected(overdue)", async () => {
        const world = await loadWorld();
        const { id, dues } = await fundedCampaign(world);
        await time.setNextBlockTimestamp((dues[0] ?? 0n) + 1n);
        await expect(world.escrow.connect(world.stranger).settleMilestone(id)).to.emit(world.escrow, "MilestoneRejected").withArgs(id, 0n, true, 0n);
        expect(await world.escrow.campaignState(id)).to.equal(State.Rejected);
      });

      /** A funded campaign whose initial share was claimed and whose first milestone's rejection is recorded. */
      async function overdue(world: World) {
        const { id, dues } = await fundedCampaign(world);
        await (await world.escrow.connect(world.maintainer).claim(id)).wait();
        await time.increaseTo((dues[0] ?? 0n) + 1n);
        await (await world.escrow.settleMilestone(id)).wait();
        return id;
      }

      it("leaves nothing to object to: NotInReview", async () => {
        const world = await loadWorld();
        const id = await overdue(world);
        await expectRevert(world, () => world.escrow.connect(world.alice).objectMilestone(id), world.escrow, "NotInReview", [id]);
      });

      it("leaves nothing to submit: UnexpectedState(Rejected, {Succeeded})", async () => {
        const world = await loadWorld();
        const id = await overdue(world);
        await expectRevert(world, () => submit(world, id), world.escrow, "UnexpectedState", [id, State.Rejected, EXPECTED.succeeded]);
      });

      it("leaves nothing more to settle: NothingToSettle", async () => {
        const world = await loadWorld();
        const id = await overdue(world);
        await expectRevert(world, () => world.escrow.settleMilestone(id), world.escrow, "NothingToSettle", [id]);
      });

      it("refunds nothing to an account that never pledged: NothingToRefund", async () => {
        const world = await loadWorld();
        const id = await overdue(world);
        await expectRevert(world, () => world.escrow.connect(world.stranger).refund(id), world.escrow, "NothingToRefund", [
          id,
          world.stranger.address,
        ]);
      });

      it("refunds each backer the unreleased part of their pledge", async () => {
        const world = await loadWorld();
        const id = await overdue(world);
        await expect(world.escrow.connect(world.alice).refund(id)).to.changeEtherBalance(ethers, world.alice, (eth("6") * 8_000n) / 10_000n);
      });
    });

    describe("a milestone accepted late, after the next one fell due", () => {
      /** Milestone 0 submitted; nobody records its acceptance until after milestone 1's due date. */
      async function lateAcceptance(world: World) {
        const { id, dues } = await fundedCampaign(world);
        const end = await submit(world, id);
        await time.increaseTo((dues[1] ?? 0n) + 1n);
        expect(end).to.be.lessThan(dues[1] ?? 0n);
        return id;
      }

      it("shows the acceptance and the overdue next milestone before anyone records them", async () => {
        const world = await loadWorld();
        const id = await lateAcceptance(world);
        expect(await world.escrow.campaignState(id)).to.equal(State.Rejected);
        const progress = await world.escrow.getMilestoneProgress(id);
        expect([progress.current, progress.releasedBps]).to.deep.equal([1n, 6_000n]);
      });

      it("records both at once: MilestoneAccepted, then MilestoneRejected(overdue)", async () => {
        const world = await loadWorld();
        const id = await lateAcceptance(world);
        const settle = world.escrow.settleMilestone(id);
        await expect(settle).to.emit(world.escrow, "MilestoneAccepted").withArgs(id, 0n, 6_000n);
        await expect(settle).to.emit(world.escrow, "MilestoneRejected").withArgs(id, 1n, true, 0n);
      });

      it("pays the project the accepted 60% and refunds the backers the rest", async () => {
        const world = await loadWorld();
        const id = await lateAcceptance(world);
        await (await world.escrow.settleMilestone(id)).wait();
        await expect(world.escrow.connect(world.maintainer).claim(id)).to.changeEtherBalance(ethers, world.payout, eth("6") - feeOf(eth("6")));
        await expect(world.escrow.connect(world.bob).refund(id)).to.changeEtherBalance(ethers, world.bob, (eth("3") * 4_000n) / 10_000n);
      });
    });

    describe("a backer whose pro-rata share rounds to zero", () => {
      /** 90% released; a contract that refuses ETH pledged 1 wei of 11: its share of the 2 unreleased rounds to 0. */
      async function zeroShare(world: World) {
        const rejecter = await new AttackerBacker__factory(world.owner).deploy(world.escrowAddress);
        const campaign = await openWithMilestones(world, { initialShareBps: 9_000, shares: [1_000], goal: 11n });
        await (await world.escrow.connect(world.alice).pledge(campaign.id, { value: 10n })).wait();
        await (await rejecter.pledge(campaign.id, { value: 1n })).wait();
        await (await rejecter.setMode(1, campaign.id)).wait();
        await time.increaseTo((campaign.dues[0] ?? 0n) + 1n);
        await (await world.escrow.settleMilestone(campaign.id)).wait();
        return { rejecter, id: campaign.id };
      }

      it("is booked without a transfer, so a contract that refuses ETH is no obstacle", async () => {
        const world = await loadWorld();
        const { rejecter, id } = await zeroShare(world);
        await expect(rejecter.refund(id)).to.emit(world.escrow, "Refunded").withArgs(id, await rejecter.getAddress(), 0n);
      });

      it("lets the project take the released 90% plus the dust once everyone refunded", async () => {
        const world = await loadWorld();
        const { rejecter, id } = await zeroShare(world);
        await (await rejecter.refund(id)).wait();
        await expect(world.escrow.connect(world.alice).refund(id)).to.changeEtherBalance(ethers, world.alice, (10n * 2n) / 11n);
        await (await world.escrow.connect(world.maintainer).claim(id)).wait();
        expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(await world.escrow.accruedFees(ETH));
      });
    });

    it("refuses a refund while the last acceptance is pending: UnexpectedState(Succeeded, refundable)", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world, { shares: [10_000], initialShareBps: 0 });
      await time.increaseTo((await submit(world, id)) + 1n);
      await expectRevert(world, () => world.escrow.connect(world.alice).refund(id), world.escrow, "UnexpectedState", [
        id,
        State.Succeeded,
        EXPECTED.refundable,
      ]);
    });

    it("refuses a refund once everything was claimed: UnexpectedState(Claimed, refundable)", async () => {
      const world = await loadWorld();
      const { id } = await fundedCampaign(world, { shares: [10_000], initialShareBps: 0 });
      await time.increaseTo((await submit(world, id)) + 1n);
      await (await world.escrow.connect(world.maintainer).claim(id)).wait();
      await expectRevert(world, () => world.escrow.connect(world.alice).refund(id), world.escrow, "UnexpectedState", [
        id,
        State.Claimed,
        EXPECTED.refundable,
      ]);
    });
  });

  describe("views", () => {
    it("getMilestoneProgress refuses a campaign without milestones: NoMilestones", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 7n * DAY;
      await (await world.escrow.connect(world.maintainer).openCampaign(terms(deadline, { goal: eth("1") }))).wait();
      await expect(world.escrow.getMilestoneProgress(1n)).to.be.revertedWithCustomError(world.escrow, "NoMilestones").withArgs(1n);
    });

    for (const [name, call] of [
      ["getMilestone", (world: World) => world.escrow.getMilestone(99n, 0n)],
      ["isObjecting", (world: World) => world.escrow.isObjecting(99n, world.alice.address)],
      ["getMilestoneProgress", (world: World) => world.escrow.getMilestoneProgress(99n)],
    ] as const) {
      it(`${name} refuses an unknown campaign: UnknownCampaign`, async () => {
        const world = await loadWorld();
        await expect(call(world)).to.be.revertedWithCustomError(world.escrow, "UnknownCampaign").withArgs(99n);
      });
    }
  });
});
