import { expect } from "chai";

import type { IPledgeEscrow } from "../typechain-types/index.js";
import { DAY, ETH, ethers, FEE_BPS, latestDeadlineOf, loadWorld, networkHelpers, now, terms, type World } from "./helpers/fixture.js";
import { expectRevert } from "./helpers/reverts.js";

const { time } = networkHelpers;
const State = { Funding: 0n, Succeeded: 1n, Failed: 2n, Cancelled: 3n, Claimed: 4n, Rejected: 5n } as const;
const eth = (amount: string): bigint => ethers.parseEther(amount);
const REVIEW = 3n * DAY;
/** Two default last calls: the latest deadline is this far past the planned one. */
const EXTENSION = 4n * DAY;
/** The first milestone falls due more than one review window after the latest deadline: at this offset at the earliest. */
const FIRST_DUE = EXTENSION + REVIEW + 1n;
const fee = (gross: bigint): bigint => (gross * FEE_BPS) / 10_000n;

interface PlanOptions {
  initialShareBps?: number;
  shares?: number[];
  dueOffsets?: bigint[];
  reviewWindow?: bigint;
  thresholdBps?: number;
  goal?: bigint;
  token?: string;
}

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

/** Opens a milestone campaign (goal 10 ETH by default); returns its id, deadline and due dates. */
async function openWithMilestones(world: World, options: PlanOptions = {}) {
  const deadline = (await now()) + 7n * DAY;
  const milestonePlan = plan(deadline, options);
  await (
    await world.escrow
      .connect(world.maintainer)
      .openCampaignWithMilestones(terms(deadline, { token: options.token ?? ETH, goal: options.goal ?? eth("10") }), milestonePlan)
  ).wait();
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

async function submit(world: World, id: bigint, uri = "https://github.com/openpledge/openpledge/releases/v1") {
  const sent = await world.escrow.connect(world.maintainer).submitMilestone(id, uri);
  await sent.wait();
  return BigInt((await world.escrow.getMilestoneProgress(id)).reviewEnd);
}

describe("Milestones", () => {
  describe("openCampaignWithMilestones", () => {
    it("stores the plan, applies the default threshold and emits it", async () => {
      const world = await loadWorld();
      const { escrow, maintainer } = world;
      const deadline = (await now()) + 7n * DAY;
      const milestonePlan = plan(deadline);
      const sent = escrow.connect(maintainer).openCampaignWithMilestones(terms(deadline), milestonePlan);
      await expect(sent).to.emit(escrow, "CampaignOpened");
      await expect(sent)
        .to.emit(escrow, "MilestonePlanSet")
        .withArgs(1n, 2_000n, REVIEW, 5_000n, [
          [4_000n, deadline + 10n * DAY],
          [4_000n, deadline + 20n * DAY],
        ]);
      const first = await escrow.getMilestone(1n, 0n);
      expect([first.shareBps, first.due]).to.deep.equal([4_000n, deadline + 10n * DAY]);
      const progress = await escrow.getMilestoneProgress(1n);
      expect(progress.count).to.equal(2n);
      expect(progress.current).to.equal(0n);
      expect(progress.releasedBps).to.equal(0n);
      expect(progress.released).to.equal(0n);
      expect(progress.reviewWindow).to.equal(REVIEW);
      expect(progress.objectionThresholdBps).to.equal(5_000n);
      await expect(escrow.getMilestone(1n, 2n)).to.be.revertedWithCustomError(escrow, "NoMilestones").withArgs(1n);
    });

    it("rejects bad plans with a specific error and creates nothing", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, alice, guardian } = world;
      const deadline = (await now()) + 7n * DAY;
      const span = 3n * 365n * DAY;
      const open = (p: IPledgeEscrow.MilestonePlanStruct, by = maintainer) => () =>
        escrow.connect(by).openCampaignWithMilestones(terms(deadline), p);
      const cases: Array<[IPledgeEscrow.MilestonePlanStruct, string, unknown[]]> = [
        [plan(deadline, { shares: [], initialShareBps: 10_000 }), "InvalidMilestoneCount", [0n, 10n]],
        [plan(deadline, { shares: Array<number>(11).fill(900), initialShareBps: 100 }), "InvalidMilestoneCount", [11n, 10n]],
        [plan(deadline, { shares: [5_000, 0], initialShareBps: 5_000 }), "InvalidMilestoneShares", [0n]],
        [plan(deadline, { shares: [4_000, 4_000], initialShareBps: 1_000 }), "InvalidMilestoneShares", [9_000n]],
        [plan(deadline, { shares: [4_000, 4_000], initialShareBps: 2_001 }), "InvalidMilestoneShares", [10_001n]],
        [plan(deadline, { dueOffsets: [0n, 10n * DAY] }), "InvalidMilestoneDue", [0n, deadline]],
        // The first milestone must fall due more than one review window after the latest deadline an extension can
        // reach (deadline + 2L + review).
        [plan(deadline, { dueOffsets: [DAY, 10n * DAY] }), "InvalidMilestoneDue", [0n, deadline + DAY]],
        [plan(deadline, { dueOffsets: [EXTENSION, 10n * DAY] }), "InvalidMilestoneDue", [0n, deadline + EXTENSION]],
        [plan(deadline, { dueOffsets: [EXTENSION + 1n, 10n * DAY] }), "InvalidMilestoneDue", [0n, deadline + EXTENSION + 1n]],
        [plan(deadline, { dueOffsets: [FIRST_DUE - 1n, 10n * DAY] }), "InvalidMilestoneDue", [0n, deadline + FIRST_DUE - 1n]],
        [plan(deadline, { dueOffsets: [FIRST_DUE, FIRST_DUE] }), "InvalidMilestoneDue", [1n, deadline + FIRST_DUE]],
        // The next due date must leave a whole review window after the previous one.
        [plan(deadline, { dueOffsets: [FIRST_DUE, FIRST_DUE + REVIEW] }), "InvalidMilestoneDue", [1n, deadline + FIRST_DUE + REVIEW]],
        [plan(deadline, { dueOffsets: [FIRST_DUE, span + 1n] }), "InvalidMilestoneDue", [1n, deadline + span + 1n]],
        [plan(deadline, { reviewWindow: DAY - 1n }), "InvalidReviewWindow", [DAY - 1n]],
        [plan(deadline, { reviewWindow: 30n * DAY + 1n }), "InvalidReviewWindow", [30n * DAY + 1n]],
        [plan(deadline, { thresholdBps: 10_000 }), "InvalidObjectionThreshold", [10_000n]],
      ];
      for (const [badPlan, error, args] of cases) await expectRevert(world, open(badPlan), escrow, error, args);
      await expectRevert(world, open(plan(deadline), alice), escrow, "NotProjectMaintainer", [1n, alice.address]);
      await (await escrow.connect(guardian).pause()).wait();
      await expectRevert(world, open(plan(deadline)), escrow, "EnforcedPause");
      expect(await escrow.campaignCount()).to.equal(0n);
    });

    it("accepts the edges: one milestone, ten milestones, the longest span and window", async () => {
      const world = await loadWorld();
      const { escrow, maintainer } = world;
      const deadline = (await now()) + 7n * DAY;
      const one = plan(deadline, { shares: [10_000], initialShareBps: 0, dueOffsets: [3n * 365n * DAY], reviewWindow: 30n * DAY });
      await (await escrow.connect(maintainer).openCampaignWithMilestones(terms(deadline, { goal: 1n }), one)).wait();
      const ten = plan(deadline, { shares: Array<number>(10).fill(1_000), initialShareBps: 0, reviewWindow: DAY, thresholdBps: 9_999 });
      await (await escrow.connect(maintainer).openCampaignWithMilestones(terms(deadline, { goal: 1n }), ten)).wait();
      // The earliest first due date: one review window and one second after the latest deadline.
      const tight = plan(deadline, { shares: [10_000], initialShareBps: 0, dueOffsets: [FIRST_DUE] });
      await (await escrow.connect(maintainer).openCampaignWithMilestones(terms(deadline, { goal: 1n }), tight)).wait();
      expect((await escrow.getMilestone(3n, 0n)).due).to.equal(latestDeadlineOf(await escrow.getCampaign(3n)) + REVIEW + 1n);
      expect((await escrow.getMilestoneProgress(1n)).count).to.equal(1n);
      expect((await escrow.getMilestoneProgress(2n)).count).to.equal(10n);
      expect((await escrow.getMilestoneProgress(2n)).objectionThresholdBps).to.equal(9_999n);
    });
  });

  describe("release", () => {
    it("pays the initial share on success, each milestone after its window, then is Claimed", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, payout } = world;
      const { id } = await fundedCampaign(world);
      const total = eth("10");
      expect(await escrow.campaignState(id)).to.equal(State.Succeeded);
      const initial = (total * 2_000n) / 10_000n;
      const firstClaim = escrow.connect(maintainer).claim(id);
      await expect(firstClaim)
        .to.emit(escrow, "CampaignClaimed")
        .withArgs(id, payout.address, maintainer.address, initial - fee(initial), fee(initial));
      await expect(firstClaim).to.changeEtherBalance(ethers, payout, initial - fee(initial));
      await expectRevert(world, () => escrow.connect(maintainer).claim(id), escrow, "NothingToClaim", [id]);

      const reviewEnd = await submit(world, id);
      // At the last second of the window the milestone is still in review: nothing more to claim.
      await time.setNextBlockTimestamp(reviewEnd);
      await expectRevert(world, () => escrow.connect(maintainer).claim(id), escrow, "NothingToClaim", [id]);
      await time.setNextBlockTimestamp(reviewEnd + 1n);
      const share = (total * 4_000n) / 10_000n;
      const secondClaim = escrow.connect(maintainer).claim(id);
      await expect(secondClaim).to.emit(escrow, "MilestoneAccepted").withArgs(id, 0n, 6_000n);
      await expect(secondClaim).to.changeEtherBalance(ethers, payout, share - fee(share));

      const secondEnd = await submit(world, id, "https://github.com/openpledge/openpledge/releases/v2");
      await time.increaseTo(secondEnd + 1n);
      // Anyone can record the outcome; the claim then pays the last share and the campaign is Claimed.
      await expect(escrow.connect(world.stranger).settleMilestone(id)).to.emit(escrow, "MilestoneAccepted").withArgs(id, 1n, 10_000n);
      await expect(escrow.connect(maintainer).claim(id)).to.changeEtherBalance(ethers, payout, share - fee(share));
      expect(await escrow.campaignState(id)).to.equal(State.Claimed);
      const progress = await escrow.getMilestoneProgress(id);
      expect([progress.current, progress.releasedBps, progress.released, progress.claimed]).to.deep.equal([2n, 10_000n, total, total]);
      expect(await escrow.accruedFees(ETH)).to.equal(fee(initial) + 2n * fee(share));
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(await escrow.accruedFees(ETH));
      await expectRevert(world, () => escrow.connect(maintainer).claim(id), escrow, "NotSucceeded", [id, State.Claimed]);
      await expectRevert(world, () => submit(world, id), escrow, "NotSucceeded", [id, State.Claimed]);
    });

    it("submission: only maintainers, only after success, one at a time, and none after the last", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, alice } = world;
      const plain = await openWithMilestones(world);
      await expectRevert(world, () => submit(world, plain.id), escrow, "NotSucceeded", [plain.id, State.Funding]);
      const deadline = (await now()) + 7n * DAY;
      await (await escrow.connect(maintainer).openCampaign(terms(deadline, { goal: eth("1") }))).wait();
      await expectRevert(world, () => submit(world, 2n), escrow, "NoMilestones", [2n]);
      await expect(escrow.getMilestoneProgress(2n)).to.be.revertedWithCustomError(escrow, "NoMilestones").withArgs(2n);
      await time.increaseTo(plain.deadline + 1n);
      await expectRevert(world, () => submit(world, plain.id), escrow, "NotSucceeded", [plain.id, State.Failed]);

      const { id } = await fundedCampaign(world, { shares: [10_000], initialShareBps: 0 });
      await expectRevert(
        world,
        () => escrow.connect(alice).submitMilestone(id, "x"),
        escrow,
        "NotProjectMaintainer",
        [1n, alice.address],
      );
      const reviewEnd = await submit(world, id);
      await expectRevert(world, () => submit(world, id), escrow, "MilestoneInReview", [id, reviewEnd]);
      await time.increaseTo(reviewEnd + 1n);
      await expectRevert(world, () => submit(world, id), escrow, "AllMilestonesAccepted", [id]);
      await expect(escrow.settleMilestone(id)).to.emit(escrow, "MilestoneAccepted").withArgs(id, 0n, 10_000n);
      await expectRevert(world, () => escrow.settleMilestone(id), escrow, "NothingToSettle", [id]);
      await expectRevert(world, () => escrow.settleMilestone(99n), escrow, "UnknownCampaign", [99n]);
    });

    it("on-time delivery never makes the next milestone overdue, even with the tightest due dates", async () => {
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

    it("refuses an empty delivery and claims of milestone campaigns that did not succeed", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, alice } = world;
      const funding = await openWithMilestones(world);
      await expectRevert(world, () => escrow.connect(maintainer).claim(funding.id), escrow, "NotSucceeded", [
        funding.id,
        State.Funding,
      ]);
      const cancelled = await openWithMilestones(world);
      await (await escrow.connect(maintainer).cancelCampaign(cancelled.id)).wait();
      await expectRevert(world, () => escrow.connect(maintainer).claim(cancelled.id), escrow, "NotSucceeded", [
        cancelled.id,
        State.Cancelled,
      ]);
      await (await escrow.connect(alice).pledge(funding.id, { value: eth("1") })).wait();
      await time.increaseTo(funding.deadline + 1n);
      await expectRevert(world, () => escrow.connect(maintainer).claim(funding.id), escrow, "NotSucceeded", [
        funding.id,
        State.Failed,
      ]);
      const { id } = await fundedCampaign(world);
      await expectRevert(world, () => escrow.connect(maintainer).submitMilestone(id, ""), escrow, "EmptyDeliveryURI");
    });

    it("emits the submission with its review window", async () => {
      const world = await loadWorld();
      const { escrow, maintainer } = world;
      const { id } = await fundedCampaign(world);
      const at = (await now()) + 5n;
      await time.setNextBlockTimestamp(at);
      await expect(escrow.connect(maintainer).submitMilestone(id, "ipfs://report"))
        .to.emit(escrow, "MilestoneSubmitted")
        .withArgs(id, 0n, maintainer.address, "ipfs://report", at + REVIEW);
    });
  });

  describe("objections", () => {
    it("weigh each backer's pledge and can be withdrawn during the window, boundary seconds included", async () => {
      const world = await loadWorld();
      const { escrow, alice, bob } = world;
      const { id } = await fundedCampaign(world);
      await expectRevert(world, () => escrow.connect(alice).objectMilestone(id), escrow, "NotInReview", [id]);
      const reviewEnd = await submit(world, id);
      await expect(escrow.connect(alice).objectMilestone(id))
        .to.emit(escrow, "MilestoneObjected")
        .withArgs(id, 0n, alice.address, eth("6"), eth("6"));
      expect(await escrow.isObjecting(id, alice.address)).to.equal(true);
      await expectRevert(world, () => escrow.connect(alice).objectMilestone(id), escrow, "AlreadyObjected", [id, alice.address]);
      await expectRevert(world, () => escrow.connect(bob).withdrawObjection(id), escrow, "NotObjecting", [id, bob.address]);
      await expect(escrow.connect(alice).withdrawObjection(id))
        .to.emit(escrow, "ObjectionWithdrawn")
        .withArgs(id, 0n, alice.address, eth("6"), 0n);
      expect(await escrow.isObjecting(id, alice.address)).to.equal(false);
      await time.setNextBlockTimestamp(reviewEnd);
      await (await escrow.connect(bob).objectMilestone(id)).wait();
      expect((await escrow.getMilestoneProgress(id)).objectionWeight).to.equal(eth("3"));
      await expectRevert(world, () => escrow.connect(alice).objectMilestone(id), escrow, "NotInReview", [id]);
      await expectRevert(world, () => escrow.connect(bob).withdrawObjection(id), escrow, "NotInReview", [id]);
      await expectRevert(world, () => escrow.connect(alice).objectMilestone(77n), escrow, "UnknownCampaign", [77n]);
      await expectRevert(world, () => escrow.connect(alice).withdrawObjection(77n), escrow, "UnknownCampaign", [77n]);
      // Bob's 30% did not exceed the threshold: the milestone is accepted, and his objection does not carry over.
      await time.increaseTo(reviewEnd + 1n);
      expect(await escrow.campaignState(id)).to.equal(State.Succeeded);
      const progress = await escrow.getMilestoneProgress(id);
      expect([progress.current, progress.releasedBps, progress.objectionWeight, progress.reviewEnd]).to.deep.equal([1n, 6_000n, 0n, 0n]);
      await submit(world, id);
      expect(await escrow.isObjecting(id, bob.address)).to.equal(false);
    });

    it("have no weight for whoever has no pledge, including a backer who withdrew", async () => {
      const world = await loadWorld();
      const { escrow, alice, bob, stranger } = world;
      const campaign = await openWithMilestones(world, { goal: eth("1") });
      await (await escrow.connect(alice).pledge(campaign.id, { value: eth("1") })).wait();
      await (await escrow.connect(bob).pledge(campaign.id, { value: eth("1") })).wait();
      await (await escrow.connect(bob).withdrawPledge(campaign.id, eth("1"))).wait();
      await time.increaseTo(campaign.deadline + 1n);
      await submit(world, campaign.id);
      await expectRevert(world, () => escrow.connect(bob).objectMilestone(campaign.id), escrow, "NoStake", [campaign.id, bob.address]);
      await expectRevert(world, () => escrow.connect(stranger).objectMilestone(campaign.id), escrow, "NoStake", [
        campaign.id,
        stranger.address,
      ]);
      // Pledging after the deadline to buy weight is impossible.
      await expectRevert(world, () => escrow.connect(stranger).pledge(campaign.id, { value: eth("5") }), escrow, "NotFunding", [
        campaign.id,
        State.Succeeded,
      ]);
    });

    it("at exactly the threshold accept the milestone; one wei more rejects it", async () => {
      const world = await loadWorld();
      const { escrow, alice, bob } = world;
      // Threshold 60%: alice (6 of 10 ETH) alone meets it exactly.
      const exact = await fundedCampaign(world, { thresholdBps: 6_000 });
      const end = await submit(world, exact.id);
      await (await escrow.connect(alice).objectMilestone(exact.id)).wait();
      expect((await escrow.getMilestoneProgress(exact.id)).thresholdWeight).to.equal(eth("6"));
      await time.increaseTo(end + 1n);
      expect(await escrow.campaignState(exact.id)).to.equal(State.Succeeded);
      await expect(escrow.settleMilestone(exact.id)).to.emit(escrow, "MilestoneAccepted").withArgs(exact.id, 0n, 6_000n);

      const over = await openWithMilestones(world, { thresholdBps: 6_000 });
      await (await escrow.connect(alice).pledge(over.id, { value: eth("6") + 1n })).wait();
      await (await escrow.connect(bob).pledge(over.id, { value: eth("4") - 1n })).wait();
      await time.increaseTo(over.deadline + 1n);
      const overEnd = await submit(world, over.id);
      await (await escrow.connect(alice).objectMilestone(over.id)).wait();
      await time.increaseTo(overEnd + 1n);
      expect(await escrow.campaignState(over.id)).to.equal(State.Rejected);
      await expect(escrow.settleMilestone(over.id))
        .to.emit(escrow, "MilestoneRejected")
        .withArgs(over.id, 0n, false, eth("6") + 1n);
    });
  });

  describe("rejection and refunds", () => {
    it("refunds every backer pledge x unreleased / total, and the dust goes to the project once all refunded", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, payout, alice, bob, carol } = world;
      // 1/3 released on success, so the unreleased part does not divide evenly.
      const campaign = await openWithMilestones(world, { initialShareBps: 3_333, shares: [6_667], goal: 10n });
      await (await escrow.connect(alice).pledge(campaign.id, { value: 5n })).wait();
      await (await escrow.connect(bob).pledge(campaign.id, { value: 3n })).wait();
      await (await escrow.connect(carol).pledge(campaign.id, { value: 3n })).wait();
      await time.increaseTo(campaign.deadline + 1n);
      const total = 11n;
      const released = (total * 3_333n) / 10_000n; // 3
      const unreleased = total - released; // 8
      await (await escrow.connect(maintainer).claim(campaign.id)).wait();
      const end = await submit(world, campaign.id);
      await (await escrow.connect(alice).objectMilestone(campaign.id)).wait();
      await (await escrow.connect(bob).objectMilestone(campaign.id)).wait();
      await time.increaseTo(end + 1n);
      await expectRevert(world, () => submit(world, campaign.id), escrow, "NotSucceeded", [campaign.id, State.Rejected]);

      const aliceShare = (5n * unreleased) / total; // 3
      const refund = escrow.connect(alice).refund(campaign.id);
      await expect(refund).to.emit(escrow, "MilestoneRejected").withArgs(campaign.id, 0n, false, 8n);
      await expect(refund).to.emit(escrow, "Refunded").withArgs(campaign.id, alice.address, aliceShare);
      await expect(refund).to.changeEtherBalance(ethers, alice, aliceShare);
      await expectRevert(world, () => escrow.connect(alice).refund(campaign.id), escrow, "NothingToRefund", [
        campaign.id,
        alice.address,
      ]);
      await expect(escrow.connect(bob).refund(campaign.id)).to.changeEtherBalance(ethers, bob, (3n * unreleased) / total);
      // Before the last refund nothing more is claimable.
      await expectRevert(world, () => escrow.connect(maintainer).claim(campaign.id), escrow, "NothingToClaim", [campaign.id]);
      await expect(escrow.connect(carol).refund(campaign.id)).to.changeEtherBalance(ethers, carol, (3n * unreleased) / total);
      const refunded = aliceShare + 2n * ((3n * unreleased) / total); // 3 + 2 + 2 = 7
      const progress = await escrow.getMilestoneProgress(campaign.id);
      expect(progress.refunded).to.equal(refunded);
      expect(progress.released).to.equal(total - refunded);
      // The 1 wei of dust is released to the project.
      await expect(escrow.connect(maintainer).claim(campaign.id)).to.changeEtherBalance(ethers, payout, unreleased - refunded);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
      expect(await escrow.campaignState(campaign.id)).to.equal(State.Rejected);
    });

    it("a missed due date lets anyone record the rejection, then backers refund the unreleased part", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, alice, stranger } = world;
      const { id, dues } = await fundedCampaign(world);
      await expectRevert(world, () => escrow.connect(alice).refund(id), escrow, "NotRefundable", [id, State.Succeeded]);
      await (await escrow.connect(maintainer).claim(id)).wait();
      const firstDue = dues[0] ?? 0n;
      await time.setNextBlockTimestamp(firstDue);
      await expectRevert(world, () => escrow.connect(stranger).settleMilestone(id), escrow, "NothingToSettle", [id]);
      await time.setNextBlockTimestamp(firstDue + 1n);
      await expect(escrow.connect(stranger).settleMilestone(id)).to.emit(escrow, "MilestoneRejected").withArgs(id, 0n, true, 0n);
      expect(await escrow.campaignState(id)).to.equal(State.Rejected);
      // Nothing can be objected to, submitted or settled any more.
      await expectRevert(world, () => escrow.connect(alice).objectMilestone(id), escrow, "NotInReview", [id]);
      await expectRevert(world, () => submit(world, id), escrow, "NotSucceeded", [id, State.Rejected]);
      await expectRevert(world, () => escrow.settleMilestone(id), escrow, "NothingToSettle", [id]);
      await expectRevert(world, () => escrow.connect(stranger).refund(id), escrow, "NothingToRefund", [id, stranger.address]);
      await expect(escrow.connect(alice).refund(id)).to.changeEtherBalance(ethers, alice, (eth("6") * 8_000n) / 10_000n);
    });

    it("a milestone accepted late still leaves the next one's due date binding", async () => {
      const world = await loadWorld();
      const { escrow, maintainer } = world;
      const { id, dues } = await fundedCampaign(world);
      const end = await submit(world, id);
      // Nobody records the acceptance until after the second milestone's due date.
      await time.increaseTo((dues[1] ?? 0n) + 1n);
      expect(end).to.be.lessThan(dues[1] ?? 0n);
      expect(await escrow.campaignState(id)).to.equal(State.Rejected);
      const progress = await escrow.getMilestoneProgress(id);
      expect([progress.current, progress.releasedBps]).to.deep.equal([1n, 6_000n]);
      const settle = escrow.settleMilestone(id);
      await expect(settle).to.emit(escrow, "MilestoneAccepted").withArgs(id, 0n, 6_000n);
      await expect(settle).to.emit(escrow, "MilestoneRejected").withArgs(id, 1n, true, 0n);
      // The accepted 60% is the project's; 40% is refundable.
      await expect(escrow.connect(maintainer).claim(id)).to.changeEtherBalance(ethers, world.payout, eth("6") - fee(eth("6")));
      await expect(escrow.connect(world.bob).refund(id)).to.changeEtherBalance(ethers, world.bob, (eth("3") * 4_000n) / 10_000n);
    });

    it("works for ERC-20 campaigns, and a failed milestone campaign refunds in full", async () => {
      const world = await loadWorld();
      const { escrow, token, tokenAddress, alice, escrowAddress } = world;
      const usd = (amount: string) => ethers.parseUnits(amount, 6);
      const failed = await openWithMilestones(world, { token: tokenAddress, goal: usd("1000") });
      const won = await openWithMilestones(world, { token: tokenAddress, goal: usd("100"), initialShareBps: 0, shares: [10_000] });
      await (await token.connect(alice).approve(escrowAddress, usd("300"))).wait();
      await (await escrow.connect(alice).pledgeToken(failed.id, usd("200"))).wait();
      await (await escrow.connect(alice).pledgeToken(won.id, usd("100"))).wait();
      await time.increaseTo(won.deadline + 1n);
      await expect(escrow.connect(alice).refund(failed.id)).to.changeTokenBalance(ethers, token, alice, usd("200"));
      const end = await submit(world, won.id);
      await (await escrow.connect(alice).objectMilestone(won.id)).wait();
      await time.increaseTo(end + 1n);
      await expect(escrow.connect(alice).refund(won.id)).to.changeTokenBalance(ethers, token, alice, usd("100"));
      expect(await token.balanceOf(escrowAddress)).to.equal(0n);
    });
  });

  describe("edges found in review", () => {
    it("an objection to a past milestone does not count, cannot be withdrawn, and a new one counts once", async () => {
      const world = await loadWorld();
      const { escrow, alice } = world;
      const { id } = await fundedCampaign(world);
      await expectRevert(world, () => escrow.connect(alice).withdrawObjection(id), escrow, "NotInReview", [id]);
      const end = await submit(world, id);
      await (await escrow.connect(alice).objectMilestone(id)).wait();
      await time.increaseTo(end + 1n);
      // Alice's 60% > 50%: rejected. Her objection decided the outcome, so it still counts after the window.
      expect(await escrow.isObjecting(id, alice.address)).to.equal(true);
      // Use a fresh campaign where alice's objection fails the threshold.
      const other = await fundedCampaign(world, { thresholdBps: 9_000 });
      const firstEnd = await submit(world, other.id);
      await (await escrow.connect(alice).objectMilestone(other.id)).wait();
      await time.increaseTo(firstEnd + 1n);
      await (await escrow.settleMilestone(other.id)).wait();
      await expectRevert(world, () => escrow.connect(alice).withdrawObjection(other.id), escrow, "NotInReview", [other.id]);
      await submit(world, other.id);
      expect(await escrow.isObjecting(other.id, alice.address)).to.equal(false);
      await expectRevert(world, () => escrow.connect(alice).withdrawObjection(other.id), escrow, "NotObjecting", [
        other.id,
        alice.address,
      ]);
      await (await escrow.connect(alice).objectMilestone(other.id)).wait();
      expect((await escrow.getMilestoneProgress(other.id)).objectionWeight).to.equal(eth("6"));
    });

    it("a rejected backer's zero share books without a transfer, so a contract that refuses ETH is no obstacle", async () => {
      const world = await loadWorld();
      const { escrow, owner, maintainer, alice } = world;
      const { AttackerBacker__factory } = await import("../typechain-types/index.js");
      const rejecter = await new AttackerBacker__factory(owner).deploy(world.escrowAddress);
      const campaign = await openWithMilestones(world, { initialShareBps: 9_000, shares: [1_000], goal: 11n });
      await (await escrow.connect(alice).pledge(campaign.id, { value: 10n })).wait();
      await (await rejecter.pledge(campaign.id, { value: 1n })).wait();
      await (await rejecter.setMode(1, campaign.id)).wait();
      await time.increaseTo((campaign.dues[0] ?? 0n) + 1n);
      await (await escrow.settleMilestone(campaign.id)).wait();
      // 1 wei x 2 unreleased / 11 rounds to 0.
      await expect(rejecter.refund(campaign.id)).to.emit(escrow, "Refunded").withArgs(campaign.id, await rejecter.getAddress(), 0n);
      await expect(escrow.connect(alice).refund(campaign.id)).to.changeEtherBalance(ethers, alice, (10n * 2n) / 11n);
      // Everyone refunded: the project gets the released 90% plus the dust.
      await (await escrow.connect(maintainer).claim(campaign.id)).wait();
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(await escrow.accruedFees(ETH));
    });

    it("more revert paths: non-maintainer claim, plain-campaign settle, unknown ids, thresholds above 100%", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, alice } = world;
      const { id, dues } = await fundedCampaign(world);
      await expectRevert(world, () => escrow.connect(alice).claim(id), escrow, "NotProjectMaintainer", [1n, alice.address]);
      const deadline = (await now()) + 7n * DAY;
      await (await escrow.connect(maintainer).openCampaign(terms(deadline, { goal: eth("1") }))).wait();
      const plainId = await escrow.campaignCount();
      await expectRevert(world, () => escrow.settleMilestone(plainId), escrow, "NothingToSettle", [plainId]);
      await expectRevert(world, () => submit(world, 99n), escrow, "UnknownCampaign", [99n]);
      await expect(escrow.getMilestone(99n, 0n)).to.be.revertedWithCustomError(escrow, "UnknownCampaign").withArgs(99n);
      await expect(escrow.isObjecting(99n, alice.address)).to.be.revertedWithCustomError(escrow, "UnknownCampaign").withArgs(99n);
      await expect(escrow.getMilestoneProgress(99n)).to.be.revertedWithCustomError(escrow, "UnknownCampaign").withArgs(99n);
      const later = (await now()) + 7n * DAY;
      await expectRevert(
        world,
        () => escrow.connect(maintainer).openCampaignWithMilestones(terms(later, { goal: 1n }), plan(later, { thresholdBps: 10_001 })),
        escrow,
        "InvalidObjectionThreshold",
        [10_001n],
      );
      // Overdue but not yet recorded: a submission is refused as Rejected.
      await time.increaseTo((dues[0] ?? 0n) + 1n);
      await expectRevert(world, () => submit(world, id), escrow, "NotSucceeded", [id, State.Rejected]);
    });

    it("refunds are refused while the last acceptance is pending and after everything was claimed", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, alice } = world;
      const { id } = await fundedCampaign(world, { shares: [10_000], initialShareBps: 0 });
      const end = await submit(world, id);
      await time.increaseTo(end + 1n);
      await expectRevert(world, () => escrow.connect(alice).refund(id), escrow, "NotRefundable", [id, State.Succeeded]);
      await (await escrow.connect(maintainer).claim(id)).wait();
      await expectRevert(world, () => escrow.connect(alice).refund(id), escrow, "NotRefundable", [id, State.Claimed]);
    });
  });
});
