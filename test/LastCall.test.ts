import { expect } from "chai";

import type { IPledgeEscrow } from "../typechain-types/index.js";
import {
  DAY,
  DEFAULT_LAST_CALL,
  eth,
  ethers,
  EXPECTED,
  feeOf,
  latestDeadlineOf,
  loadWorld,
  networkHelpers,
  now,
  openCampaign,
  State,
  terms,
  weightCutoffOf,
  type World,
} from "./helpers/fixture.js";
import { expectRevert } from "./helpers/reverts.js";

// The end of a campaign (issue 8, attacks 1-4), written as the attacker first. D0 = planned deadline, D = current
// deadline, L = last call (the default, 2 days, unless a test says otherwise).
const { time } = networkHelpers;
const L = DEFAULT_LAST_CALL;
const REVIEW = 3n * DAY;
const fee = feeOf;
const at = (second: bigint) => time.setNextBlockTimestamp(second);

interface MilestoneOptions {
  goal?: bigint;
  deadline?: bigint;
  initialShareBps?: number;
  shares?: number[];
  thresholdBps?: number;
}

/** Opens a milestone campaign (goal 10 ETH, 30 days, 20% on success and two 40% milestones by default). */
async function openWithMilestones(world: World, options: MilestoneOptions = {}) {
  const deadline = options.deadline ?? (await now()) + 30n * DAY;
  const shares = options.shares ?? [4_000, 4_000];
  const plan: IPledgeEscrow.MilestonePlanStruct = {
    initialShareBps: options.initialShareBps ?? 2_000,
    reviewWindow: REVIEW,
    objectionThresholdBps: options.thresholdBps ?? 0,
    milestones: shares.map((shareBps, i) => ({ shareBps, due: deadline + 2n * L + BigInt(i + 1) * 10n * DAY })),
  };
  await (
    await world.escrow.connect(world.maintainer).openCampaignWithMilestones(terms(deadline, { goal: options.goal ?? eth("10") }), plan)
  ).wait();
  return { id: await world.escrow.campaignCount(), deadline };
}

async function pledge(world: World, backer: World["alice"], id: bigint, amount: bigint) {
  await (await world.escrow.connect(backer).pledge(id, { value: amount })).wait();
}

async function withdraw(world: World, backer: World["alice"], id: bigint, amount: bigint) {
  await (await world.escrow.connect(backer).withdrawPledge(id, amount)).wait();
}

/** Submits the current milestone as the maintainer and returns the last second of its review window. */
async function submit(world: World, id: bigint): Promise<bigint> {
  await (await world.escrow.connect(world.maintainer).submitMilestone(id, "ipfs://delivery")).wait();
  return (await world.escrow.getMilestoneProgress(id)).reviewEnd;
}

/** Pro-rata refund after a rejection: pledge x unreleased / total. */
function proRata(pledged: bigint, total: bigint, releasedBps: bigint): bigint {
  return (pledged * (total - (total * releasedBps) / 10_000n)) / total;
}

describe("Last call (issue 8)", () => {
  describe("attack 1: governance capture by a pledge at the deadline second", () => {
    it("gives the maintainer's second wallet no objection weight for a pledge at the deadline second", async () => {
      const world = await loadWorld();
      const { escrow, alice, bob, stranger: puppet } = world;
      const { id, deadline } = await openWithMilestones(world);
      await pledge(world, alice, id, eth("6"));
      await pledge(world, bob, id, eth("4"));
      await at(deadline);
      await pledge(world, puppet, id, eth("10") + 1n);
      expect(await escrow.pledgeOf(id, puppet.address)).to.equal(eth("10") + 1n);
      expect(await escrow.objectionWeightOf(id, puppet.address)).to.equal(0n);
      expect(await escrow.objectionWeightOf(id, alice.address)).to.equal(eth("6"));
      // The threshold is measured on the weight that stood at the cutoff: the honest 10 ETH.
      expect((await escrow.getMilestoneProgress(id)).thresholdWeight).to.equal(eth("5"));
      // The goal was met long before: no extension.
      expect((await escrow.getCampaign(id)).deadline).to.equal(deadline);
    });

    /**
     * The puppet's 10 ETH + 1 wei came at the deadline second, after the honest 6 + 4; the initial 20% was claimed and
     * the milestone is in review.
     */
    async function captureAttempt(world: World) {
      const { escrow, maintainer, alice, bob, stranger: puppet } = world;
      const { id, deadline } = await openWithMilestones(world);
      await pledge(world, alice, id, eth("6"));
      await pledge(world, bob, id, eth("4"));
      await at(deadline);
      await pledge(world, puppet, id, eth("10") + 1n);
      await time.increaseTo(deadline + 1n);
      await (await escrow.connect(maintainer).claim(id)).wait();
      const reviewEnd = await submit(world, id);
      return { id, reviewEnd, total: eth("20") + 1n };
    }

    /** The honest backers object and the window closes. */
    async function honestRejection(world: World) {
      const attempt = await captureAttempt(world);
      await (await world.escrow.connect(world.alice).objectMilestone(attempt.id)).wait();
      await (await world.escrow.connect(world.bob).objectMilestone(attempt.id)).wait();
      await time.increaseTo(attempt.reviewEnd + 1n);
      return attempt;
    }

    it("refuses the puppet's objection: NoStake", async () => {
      const world = await loadWorld();
      const { id } = await captureAttempt(world);
      await expectRevert(world, () => world.escrow.connect(world.stranger).objectMilestone(id), world.escrow, "NoStake", [
        id,
        world.stranger.address,
      ]);
    });

    it("lets the honest objections reject the bad milestone (MilestoneRejected with their 10 ETH)", async () => {
      const world = await loadWorld();
      const { id } = await honestRejection(world);
      expect(await world.escrow.campaignState(id)).to.equal(State.Rejected);
      await expect(world.escrow.settleMilestone(id)).to.emit(world.escrow, "MilestoneRejected").withArgs(id, 0n, false, eth("10"));
    });

    it("refunds each honest backer the 80% never released, to the wei", async () => {
      const world = await loadWorld();
      const { id, total } = await honestRejection(world);
      expect(proRata(eth("6"), total, 2_000n)).to.equal(eth("4.8"));
      expect(proRata(eth("4"), total, 2_000n)).to.equal(eth("3.2"));
      await expect(world.escrow.connect(world.alice).refund(id)).to.changeEtherBalance(ethers, world.alice, eth("4.8"));
      await expect(world.escrow.connect(world.bob).refund(id)).to.changeEtherBalance(ethers, world.bob, eth("3.2"));
    });

    it("leaves the project only the initial share: NothingToClaim", async () => {
      const world = await loadWorld();
      const { id } = await honestRejection(world);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "NothingToClaim", [id]);
    });

    it("counts the same pledge made at the cutoff second (deadline - 2L): it outweighs the honest objections", async () => {
      const world = await loadWorld();
      const { escrow, alice, bob, stranger: puppet } = world;
      const { id, deadline } = await openWithMilestones(world);
      await pledge(world, alice, id, eth("6"));
      await pledge(world, bob, id, eth("4"));
      await at(deadline - 2n * L);
      await pledge(world, puppet, id, eth("10") + 1n);
      expect(await escrow.objectionWeightOf(id, puppet.address)).to.equal(eth("10") + 1n);
      await time.increaseTo(deadline + 1n);
      const reviewEnd = await submit(world, id);
      await (await escrow.connect(alice).objectMilestone(id)).wait();
      await (await escrow.connect(bob).objectMilestone(id)).wait();
      await time.increaseTo(reviewEnd + 1n);
      // 10 ETH of 20 ETH + 1 wei is not more than half: accepted. This is why the honest backers get a window.
      expect(await escrow.campaignState(id)).to.equal(State.Succeeded);
      expect((await escrow.getMilestoneProgress(id)).current).to.equal(1n);
    });

    it("leaves the honest backers, who see that pledge, free to withdraw in full up to deadline - L", async () => {
      const world = await loadWorld();
      const { escrow, alice, bob, stranger: puppet } = world;
      const { id, deadline } = await openWithMilestones(world);
      await pledge(world, alice, id, eth("6"));
      await pledge(world, bob, id, eth("4"));
      await at(deadline - 2n * L);
      await pledge(world, puppet, id, eth("10") + 1n);
      await at(deadline - L - 1n);
      await expect(escrow.connect(bob).withdrawPledge(id, eth("4"))).to.changeEtherBalance(ethers, bob, eth("4"));
      await at(deadline - L);
      await expect(escrow.connect(alice).withdrawPledge(id, eth("6"))).to.changeEtherBalance(ethers, alice, eth("6"));
      // Whatever the puppet does with its own money, none of the honest money is left in the campaign.
      expect((await escrow.getCampaign(id)).pledged).to.equal(eth("10") + 1n);
    });
  });

  describe("attack 2: last-second veto", () => {
    /** Alice 6 and bob 4 before the cutoff, a whale 11 at the deadline second; the single 100% milestone is in review. */
    async function vetoAttempt(world: World) {
      const { id, deadline } = await openWithMilestones(world, { initialShareBps: 0, shares: [10_000] });
      await pledge(world, world.alice, id, eth("6"));
      await pledge(world, world.bob, id, eth("4"));
      await at(deadline);
      await pledge(world, world.stranger, id, eth("11"));
      await time.increaseTo(deadline + 1n);
      const reviewEnd = await submit(world, id);
      return { id, reviewEnd };
    }

    it("refuses the objection of a whale who pledged more than half at the deadline second: NoStake", async () => {
      const world = await loadWorld();
      const { id } = await vetoAttempt(world);
      await expectRevert(world, () => world.escrow.connect(world.stranger).objectMilestone(id), world.escrow, "NoStake", [
        id,
        world.stranger.address,
      ]);
      expect((await world.escrow.getMilestoneProgress(id)).objectionWeight).to.equal(0n);
      expect(await world.escrow.isObjecting(id, world.stranger.address)).to.equal(false);
    });

    it("lets the honest milestone be accepted and claimed whole, whale money included", async () => {
      const world = await loadWorld();
      const { id, reviewEnd } = await vetoAttempt(world);
      await time.increaseTo(reviewEnd + 1n);
      const total = eth("21");
      const claim = world.escrow.connect(world.maintainer).claim(id);
      await expect(claim).to.emit(world.escrow, "MilestoneAccepted").withArgs(id, 0n, 10_000n);
      await expect(claim).to.changeEtherBalance(ethers, world.payout, total - fee(total));
      expect(await world.escrow.campaignState(id)).to.equal(State.Claimed);
    });

    it("gives the whale nothing back, there being nothing unreleased: UnexpectedState(Claimed, refundable)", async () => {
      const world = await loadWorld();
      const { id, reviewEnd } = await vetoAttempt(world);
      await time.increaseTo(reviewEnd + 1n);
      await (await world.escrow.connect(world.maintainer).claim(id)).wait();
      await expectRevert(world, () => world.escrow.connect(world.stranger).refund(id), world.escrow, "UnexpectedState", [
        id,
        State.Claimed,
        EXPECTED.refundable,
      ]);
    });
  });

  describe("attack 3: shill success at the deadline second", () => {
    /** Alice 6 and bob 4 of a goal of 100 ETH; the shill's 90 reaches the goal at the deadline second D0. */
    async function shilled(world: World) {
      const { id, deadline } = await openCampaign(world, { goal: eth("100") });
      await pledge(world, world.alice, id, eth("6"));
      await pledge(world, world.bob, id, eth("4"));
      await at(deadline);
      await pledge(world, world.stranger, id, eth("90"));
      return { id, deadline };
    }

    it("extends the deadline by one last call when the shill pledge reaches the goal at the deadline second", async () => {
      const world = await loadWorld();
      const { escrow, alice, bob, stranger: shill } = world;
      const { id, deadline } = await openCampaign(world, { goal: eth("100") });
      await pledge(world, alice, id, eth("6"));
      await pledge(world, bob, id, eth("4"));
      await at(deadline);
      const sent = escrow.connect(shill).pledge(id, { value: eth("90") });
      await expect(sent).to.emit(escrow, "DeadlineExtended").withArgs(id, deadline, deadline + L);
      await expect(sent).to.emit(escrow, "GoalReached").withArgs(id, deadline + L);
    });

    it("records the extension in the view: deadline D0 + L, planned deadline kept, goal reached at D0, still funding", async () => {
      const world = await loadWorld();
      const { id, deadline } = await shilled(world);
      const campaign = await world.escrow.getCampaign(id);
      expect(campaign.deadline).to.equal(deadline + L);
      expect(campaign.plannedDeadline).to.equal(deadline);
      expect(campaign.goalReachedAt).to.equal(deadline);
      expect(campaign.state).to.equal(State.Funding);
    });

    it("emits DeadlineExtended before GoalReached, then Pledged", async () => {
      const world = await loadWorld();
      const { escrow, alice, stranger: shill } = world;
      const { id, deadline } = await openCampaign(world, { goal: eth("100") });
      await pledge(world, alice, id, eth("10"));
      await at(deadline);
      const receipt = await (await escrow.connect(shill).pledge(id, { value: eth("90") })).wait();
      const names = (receipt?.logs ?? []).map((log) => escrow.interface.parseLog(log)?.name);
      expect(names).to.deep.equal(["DeadlineExtended", "GoalReached", "Pledged"]);
    });

    it("lets an honest backer withdraw in full past the planned deadline, without moving the deadline again", async () => {
      const world = await loadWorld();
      const { id, deadline } = await shilled(world);
      // Leaving below the goal moves the deadline at most to D0 + L, the last second a pledge may reach the goal: it
      // is there already.
      await at(deadline + 1n);
      const left = world.escrow.connect(world.alice).withdrawPledge(id, eth("6"));
      await expect(left).to.changeEtherBalance(ethers, world.alice, eth("6"));
      await expect(left).not.to.emit(world.escrow, "DeadlineExtended");
    });

    it("never locks a goal reached in the last call: an honest backer leaves in full at the new deadline second", async () => {
      const world = await loadWorld();
      const { id, deadline } = await shilled(world);
      // goalReachedAt + L is the new deadline: the lock would start one second after it, so it never applies.
      await at(deadline + L);
      const left = world.escrow.connect(world.alice).withdrawPledge(id, eth("6"));
      await expect(left).to.changeEtherBalance(ethers, world.alice, eth("6"));
      await expect(left).not.to.emit(world.escrow, "DeadlineExtended");
    });

    /** Both honest backers left during the extension; time is one second past the new deadline. */
    async function abandoned(world: World) {
      const { id, deadline } = await shilled(world);
      await at(deadline + 1n);
      await withdraw(world, world.alice, id, eth("6"));
      await at(deadline + L);
      await withdraw(world, world.bob, id, eth("4"));
      await time.increaseTo(deadline + L + 1n);
      return { id };
    }

    it("fails once the honest backers left: the claim is refused with UnexpectedState(Failed, {Succeeded})", async () => {
      const world = await loadWorld();
      const { id } = await abandoned(world);
      expect(await world.escrow.campaignState(id)).to.equal(State.Failed);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "UnexpectedState", [
        id,
        State.Failed,
        EXPECTED.succeeded,
      ]);
    });

    it("refunds the shill, and nothing to the backers who already left", async () => {
      const world = await loadWorld();
      const { id } = await abandoned(world);
      await expect(world.escrow.connect(world.stranger).refund(id)).to.changeEtherBalance(ethers, world.stranger, eth("90"));
      await expectRevert(world, () => world.escrow.connect(world.alice).refund(id), world.escrow, "NothingToRefund", [id, world.alice.address]);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });

    it("refuses the shill's pledge one second after a deadline the honest exit left below the goal: UnexpectedState(Failed)", async () => {
      const world = await loadWorld();
      const { id, deadline } = await shilled(world);
      await at(deadline + L);
      await withdraw(world, world.alice, id, eth("6"));
      await at(deadline + L + 1n);
      await expectRevert(world, () => world.escrow.connect(world.stranger).pledge(id, { value: eth("6") }), world.escrow, "UnexpectedState", [
        id,
        State.Failed,
        EXPECTED.funding,
      ]);
    });

    it("refunds the remaining backers in full when an honest exit at the new deadline second left it below the goal", async () => {
      const world = await loadWorld();
      const { id, deadline } = await shilled(world);
      await at(deadline + L);
      await withdraw(world, world.alice, id, eth("6"));
      await time.increaseTo(deadline + L + 1n);
      await expect(world.escrow.connect(world.bob).refund(id)).to.changeEtherBalance(ethers, world.bob, eth("4"));
      await expect(world.escrow.connect(world.stranger).refund(id)).to.changeEtherBalance(ethers, world.stranger, eth("90"));
    });

    it("decides for the shill once nobody left by the new deadline: a withdrawal after it is refused", async () => {
      const world = await loadWorld();
      const { id, deadline } = await shilled(world);
      await at(deadline + L + 1n);
      await expectRevert(world, () => world.escrow.connect(world.alice).withdrawPledge(id, eth("6")), world.escrow, "UnexpectedState", [
        id,
        State.Succeeded,
        EXPECTED.funding,
      ]);
      expect(await world.escrow.pledgeOf(id, world.alice.address)).to.equal(eth("6"));
    });

    it("pays the claim in full once nobody left by the new deadline", async () => {
      const world = await loadWorld();
      const { id, deadline } = await shilled(world);
      await time.increaseTo(deadline + L + 1n);
      await expect(world.escrow.connect(world.maintainer).claim(id)).to.changeEtherBalance(ethers, world.payout, eth("100") - fee(eth("100")));
    });
  });

  describe("attack 4: withdrawal griefing", () => {
    it("refuses, in the last call, to withdraw below a goal that stood for weeks, with what is available", async () => {
      const world = await loadWorld();
      const { escrow, alice, stranger: griefer } = world;
      const { id, deadline } = await openCampaign(world, { goal: eth("10") });
      await pledge(world, griefer, id, eth("10"));
      await pledge(world, alice, id, eth("1"));
      await at(deadline - L + 1n);
      await expectRevert(world, () => escrow.connect(griefer).withdrawPledge(id, eth("10")), escrow, "GoalLocked", [
        id,
        eth("10"),
        eth("1"),
      ]);
      await expectRevert(world, () => escrow.connect(griefer).withdrawPledge(id, eth("1") + 1n), escrow, "GoalLocked", [
        id,
        eth("1") + 1n,
        eth("1"),
      ]);
      expect(await escrow.pledgeOf(id, griefer.address)).to.equal(eth("10"));
    });

    /** Alice 10, the griefer 2 and bob 3 of a goal of 10 (5 above it), the goal standing for weeks; time is D - L + 1. */
    async function lockedAboveGoal(world: World) {
      const { id, deadline } = await openCampaign(world, { goal: eth("10") });
      await pledge(world, world.alice, id, eth("10"));
      await pledge(world, world.stranger, id, eth("2"));
      await pledge(world, world.bob, id, eth("3"));
      await at(deadline - L + 1n);
      return id;
    }

    it("offers as available the part above the goal: GoalLocked(id, requested, total - goal)", async () => {
      const world = await loadWorld();
      const id = await lockedAboveGoal(world);
      await expectRevert(world, () => world.escrow.connect(world.alice).withdrawPledge(id, eth("6")), world.escrow, "GoalLocked", [
        id,
        eth("6"),
        eth("5"),
      ]);
    });

    it("never lets a pledge cover more than itself, whatever is available: InsufficientPledge", async () => {
      const world = await loadWorld();
      const id = await lockedAboveGoal(world);
      await expectRevert(world, () => world.escrow.connect(world.stranger).withdrawPledge(id, eth("2") + 1n), world.escrow, "InsufficientPledge", [
        eth("2") + 1n,
        eth("2"),
      ]);
    });

    it("lets exactly what is available leave, down to the goal", async () => {
      const world = await loadWorld();
      const id = await lockedAboveGoal(world);
      await expect(world.escrow.connect(world.alice).withdrawPledge(id, eth("5"))).to.changeEtherBalance(ethers, world.alice, eth("5"));
      expect((await world.escrow.getCampaign(id)).pledged).to.equal(eth("10"));
    });

    it("lets the griefer take out the part above the goal in the last call", async () => {
      const world = await loadWorld();
      const { escrow, alice, stranger: griefer } = world;
      const { id, deadline } = await openCampaign(world, { goal: eth("10") });
      await pledge(world, griefer, id, eth("10"));
      await pledge(world, alice, id, eth("1"));
      await at(deadline);
      await expect(escrow.connect(griefer).withdrawPledge(id, eth("1"))).to.changeEtherBalance(ethers, griefer, eth("1"));
      const campaign = await escrow.getCampaign(id);
      expect(campaign.pledged).to.equal(eth("10"));
      await time.increaseTo(deadline + 1n);
      expect(await escrow.campaignState(id)).to.equal(State.Succeeded);
    });

    it("lets the griefer leave before the last call, and a refill in the last call extends the deadline", async () => {
      const world = await loadWorld();
      const { escrow, alice, bob, stranger: griefer } = world;
      const { id, deadline } = await openCampaign(world, { goal: eth("10") });
      await pledge(world, griefer, id, eth("10"));
      await pledge(world, alice, id, eth("1"));
      await at(deadline - L);
      await expect(escrow.connect(griefer).withdrawPledge(id, eth("10"))).to.changeEtherBalance(ethers, griefer, eth("10"));
      // The others have the whole last call to refill; a refill at the deadline second gets a new last call.
      await at(deadline);
      await expect(escrow.connect(bob).pledge(id, { value: eth("9") }))
        .to.emit(escrow, "DeadlineExtended")
        .withArgs(id, deadline, deadline + L);
      await time.increaseTo(deadline + L + 1n);
      expect(await escrow.campaignState(id)).to.equal(State.Succeeded);
      expect((await escrow.getCampaign(id)).pledged).to.equal(eth("10"));
    });
  });

  describe("boundary seconds", () => {
    it("withdrawal below a standing goal: free at D - L, locked at D - L + 1", async () => {
      const world = await loadWorld();
      const { escrow, alice, stranger } = world;
      const deadline = (await now()) + 30n * DAY;
      const free = await openCampaign(world, { goal: eth("10"), deadline });
      const locked = await openCampaign(world, { goal: eth("10"), deadline });
      for (const { id } of [free, locked]) {
        await pledge(world, stranger, id, eth("10"));
        await pledge(world, alice, id, eth("1"));
      }
      await at(deadline - L);
      await expect(escrow.connect(stranger).withdrawPledge(free.id, eth("10"))).to.changeEtherBalance(ethers, stranger, eth("10"));
      await at(deadline - L + 1n);
      await expectRevert(world, () => escrow.connect(stranger).withdrawPledge(locked.id, eth("10")), escrow, "GoalLocked", [
        locked.id,
        eth("10"),
        eth("1"),
      ]);
    });

    it("goal reached in the last call: free up to and including goalReachedAt + L, the new deadline: never locked", async () => {
      const world = await loadWorld();
      const { escrow, alice, stranger } = world;
      const deadline = (await now()) + 30n * DAY;
      const free = await openCampaign(world, { goal: eth("10"), deadline });
      const kept = await openCampaign(world, { goal: eth("10"), deadline });
      await pledge(world, alice, free.id, eth("5"));
      await pledge(world, alice, kept.id, eth("5"));
      const reached = deadline - DAY;
      await at(reached);
      await pledge(world, stranger, free.id, eth("5"));
      await at(reached + 1n);
      await pledge(world, stranger, kept.id, eth("5"));
      expect((await escrow.getCampaign(free.id)).goalReachedAt).to.equal(reached);
      expect((await escrow.getCampaign(kept.id)).goalReachedAt).to.equal(reached + 1n);
      // goalReachedAt + L is the extended deadline second itself, and the lock starts only after it.
      expect((await escrow.getCampaign(free.id)).deadline).to.equal(reached + L);
      expect((await escrow.getCampaign(kept.id)).deadline).to.equal(reached + 1n + L);
      await at(reached + L);
      const left = escrow.connect(alice).withdrawPledge(free.id, eth("5"));
      await expect(left).to.changeEtherBalance(ethers, alice, eth("5"));
      // The gap gets the rest of the time a pledge may reach the goal: the deadline moves to min(now + L, D0 + L).
      await expect(left).to.emit(escrow, "DeadlineExtended").withArgs(free.id, reached + L, deadline + L);
      // goalReachedAt + L + 1 is past the deadline: the campaign is decided, not locked.
      await at(reached + 1n + L + 1n);
      await expectRevert(world, () => escrow.connect(alice).withdrawPledge(kept.id, eth("5")), escrow, "UnexpectedState", [
        kept.id,
        State.Succeeded,
        EXPECTED.funding,
      ]);
    });

    it("goal reached at D - L exactly: no extension, free up to and including D (the lock would start at D + 1)", async () => {
      const world = await loadWorld();
      const { escrow, alice, stranger } = world;
      const deadline = (await now()) + 30n * DAY;
      const free = await openCampaign(world, { goal: eth("10"), deadline });
      const kept = await openCampaign(world, { goal: eth("10"), deadline: deadline + 1n });
      await pledge(world, alice, free.id, eth("5"));
      await pledge(world, alice, kept.id, eth("5"));
      await at(deadline - L);
      await expect(escrow.connect(stranger).pledge(free.id, { value: eth("5") }))
        .to.emit(escrow, "GoalReached")
        .withArgs(free.id, deadline);
      await at(deadline - L + 1n);
      await expect(escrow.connect(stranger).pledge(kept.id, { value: eth("5") })).not.to.emit(escrow, "DeadlineExtended");
      expect((await escrow.getCampaign(free.id)).deadline).to.equal(deadline);
      expect((await escrow.getCampaign(kept.id)).deadline).to.equal(deadline + 1n);
      // At the deadline second the goal has stood exactly L: still free, and the gap gets a whole last call.
      await at(deadline);
      const left = escrow.connect(alice).withdrawPledge(free.id, eth("5"));
      await expect(left).to.changeEtherBalance(ethers, alice, eth("5"));
      await expect(left).to.emit(escrow, "DeadlineExtended").withArgs(free.id, deadline, deadline + L);
      // The first extension, of either kind, keeps the planned deadline (and so the latest one).
      expect((await escrow.getCampaign(free.id)).plannedDeadline).to.equal(deadline);
      await at(deadline + 2n);
      await expectRevert(world, () => escrow.connect(alice).withdrawPledge(kept.id, eth("5")), escrow, "UnexpectedState", [
        kept.id,
        State.Succeeded,
        EXPECTED.funding,
      ]);
    });

    it("weight cutoff: a pledge at D0 - 2L carries weight, one at D0 - 2L + 1 does not", async () => {
      const world = await loadWorld();
      const { escrow, alice, bob } = world;
      const { id, deadline } = await openWithMilestones(world);
      expect(weightCutoffOf(await escrow.getCampaign(id))).to.equal(deadline - 2n * L);
      await at(deadline - 2n * L);
      await pledge(world, alice, id, eth("3"));
      await at(deadline - 2n * L + 1n);
      await pledge(world, bob, id, eth("7"));
      expect(await escrow.objectionWeightOf(id, alice.address)).to.equal(eth("3"));
      expect(await escrow.objectionWeightOf(id, bob.address)).to.equal(0n);
      expect(await escrow.pledgeOf(id, bob.address)).to.equal(eth("7"));
      expect((await escrow.getMilestoneProgress(id)).thresholdWeight).to.equal(eth("1.5"));
    });

    it("a campaign without milestones tracks nothing as late", async () => {
      const world = await loadWorld();
      const { escrow, alice } = world;
      const { id, deadline } = await openCampaign(world);
      await at(deadline);
      await pledge(world, alice, id, eth("3"));
      expect(await escrow.objectionWeightOf(id, alice.address)).to.equal(eth("3"));
    });

    it("crossing the goal: allowed at D0 + L (deadline moves to D0 + 2L), refused at D0 + L + 1", async () => {
      const world = await loadWorld();
      const { escrow, alice, stranger } = world;
      const deadline = (await now()) + 30n * DAY;
      const allowed = await openCampaign(world, { goal: eth("10"), deadline });
      const refused = await openCampaign(world, { goal: eth("10"), deadline: deadline + 1n });
      const plannedB = deadline + 1n;
      await pledge(world, alice, allowed.id, eth("6"));
      await pledge(world, alice, refused.id, eth("6"));
      // A shill reaches each goal at its deadline second; the honest backer leaves; the shill comes back.
      await at(deadline);
      await pledge(world, stranger, allowed.id, eth("4"));
      await at(plannedB);
      await pledge(world, stranger, refused.id, eth("4"));
      await at(deadline + 2n);
      // Leaving below the goal (it had stood only 2 seconds) is free; the deadline is already D0 + L, where it stays.
      await expect(escrow.connect(alice).withdrawPledge(allowed.id, eth("6"))).not.to.emit(escrow, "DeadlineExtended");
      await at(deadline + 3n);
      await withdraw(world, alice, refused.id, eth("6"));
      await at(deadline + 4n);
      await pledge(world, stranger, refused.id, eth("6")); // crosses again: deadline plannedB + 3 + L
      await at(deadline + 5n);
      await withdraw(world, stranger, refused.id, eth("1")); // the goal stood 1 second: free
      // Reaching the goal again is allowed up to D0 + L, and then gives exactly one last call, up to D0 + 2L.
      await at(deadline + L);
      await expect(escrow.connect(stranger).pledge(allowed.id, { value: eth("6") }))
        .to.emit(escrow, "DeadlineExtended")
        .withArgs(allowed.id, deadline + L, deadline + 2n * L);
      expect((await escrow.getCampaign(allowed.id)).deadline).to.equal(latestDeadlineOf(await escrow.getCampaign(allowed.id)));
      await at(plannedB + L + 1n);
      await expectRevert(world, () => escrow.connect(stranger).pledge(refused.id, { value: eth("1") }), escrow, "GoalReachedTooLate", [
        refused.id,
        plannedB + L,
      ]);
      await time.increaseTo(plannedB + L + 1n);
      expect(await escrow.campaignState(refused.id)).to.equal(State.Funding);
    });

    it("a pledge that stays below the goal is still taken after D0 + L during an extension", async () => {
      const world = await loadWorld();
      const { escrow, alice, stranger } = world;
      const { id, deadline } = await openCampaign(world, { goal: eth("10") });
      await pledge(world, alice, id, eth("6"));
      await at(deadline);
      await pledge(world, stranger, id, eth("4"));
      await at(deadline + 1n);
      await withdraw(world, alice, id, eth("6"));
      await at(deadline + L);
      await pledge(world, stranger, id, eth("6")); // crosses again: deadline D0 + 2L
      await at(deadline + L + 1n);
      await withdraw(world, stranger, id, eth("1")); // below the goal again (goal stood 1 second)
      await at(deadline + L + 2n);
      await expect(escrow.connect(alice).pledge(id, { value: eth("0.5") }))
        .to.emit(escrow, "Pledged")
        .withArgs(id, alice.address, eth("0.5"));
      expect((await escrow.getCampaign(id)).pledged).to.equal(eth("9.5"));
      await expectRevert(world, () => escrow.connect(alice).pledge(id, { value: eth("0.5") }), escrow, "GoalReachedTooLate", [
        id,
        deadline + L,
      ]);
      // Nobody can make it succeed any more: it fails at D0 + 2L + 1 and refunds in full.
      await time.increaseTo(deadline + 2n * L + 1n);
      expect(await escrow.campaignState(id)).to.equal(State.Failed);
      await expect(escrow.connect(alice).refund(id)).to.changeEtherBalance(ethers, alice, eth("0.5"));
    });

    it("a pledge/withdraw loop cannot push the deadline past D0 + 2L", async () => {
      const world = await loadWorld();
      const { escrow, alice, stranger } = world;
      const { id, deadline } = await openCampaign(world, { goal: eth("10") });
      await pledge(world, alice, id, eth("5"));
      const latest = deadline + 2n * L;
      let second = deadline - L + 1n;
      let extensions = 0;
      for (;;) {
        await at(second);
        if (second > deadline + L) {
          await expectRevert(world, () => escrow.connect(stranger).pledge(id, { value: eth("5") }), escrow, "GoalReachedTooLate", [
            id,
            deadline + L,
          ]);
          break;
        }
        await expect(escrow.connect(stranger).pledge(id, { value: eth("5") })).to.emit(escrow, "DeadlineExtended");
        extensions += 1;
        const current = (await escrow.getCampaign(id)).deadline;
        expect(current).to.equal(second + L);
        expect(current).to.be.at.most(latest);
        await at(second + 1n);
        await withdraw(world, stranger, id, eth("5"));
        second += 6n * 60n * 60n; // every six hours
      }
      expect(extensions).to.be.greaterThan(8);
      expect((await escrow.getCampaign(id)).deadline).to.be.at.most(latest);
      await time.increaseTo(latest + 1n);
      expect(await escrow.campaignState(id)).to.equal(State.Failed);
    });
  });

  describe("late part bookkeeping", () => {
    /** alice 5 ETH before the cutoff and 3 after it, bob 2 ETH before: total 10, weight total 7. */
    async function lateCampaign(world: World, options: MilestoneOptions = {}) {
      const campaign = await openWithMilestones(world, options);
      await pledge(world, world.alice, campaign.id, eth("5"));
      await pledge(world, world.bob, campaign.id, eth("2"));
      await at(campaign.deadline - 2n * L + 1n);
      await pledge(world, world.alice, campaign.id, eth("3"));
      return campaign;
    }

    it("records a late pledge in the pledge and the total but not in the weight", async () => {
      const world = await loadWorld();
      const { escrow, alice } = world;
      const { id } = await lateCampaign(world);
      expect(await escrow.pledgeOf(id, alice.address)).to.equal(eth("8"));
      expect(await escrow.objectionWeightOf(id, alice.address)).to.equal(eth("5"));
      expect((await escrow.getCampaign(id)).pledged).to.equal(eth("10"));
      expect((await escrow.getMilestoneProgress(id)).thresholdWeight).to.equal(eth("3.5"));
    });

    it("takes a withdrawal out of the late part first: the weight stays while the late part covers it", async () => {
      const world = await loadWorld();
      const { escrow, alice } = world;
      const { id } = await lateCampaign(world);
      await withdraw(world, alice, id, eth("2"));
      expect(await escrow.pledgeOf(id, alice.address)).to.equal(eth("6"));
      expect(await escrow.objectionWeightOf(id, alice.address)).to.equal(eth("5"));
      expect((await escrow.getMilestoneProgress(id)).thresholdWeight).to.equal(eth("3.5"));
    });

    it("takes what exceeds the late part out of the weight", async () => {
      const world = await loadWorld();
      const { escrow, alice } = world;
      const { id } = await lateCampaign(world);
      // 3 late: of 4 withdrawn, 3 are late and 1 is weight.
      await withdraw(world, alice, id, eth("4"));
      expect(await escrow.pledgeOf(id, alice.address)).to.equal(eth("4"));
      expect(await escrow.objectionWeightOf(id, alice.address)).to.equal(eth("4"));
      expect((await escrow.getMilestoneProgress(id)).thresholdWeight).to.equal(eth("3"));
    });

    it("never raises the weight: a late pledge withdrawn again leaves it where it was", async () => {
      const world = await loadWorld();
      const { escrow, alice } = world;
      const { id } = await lateCampaign(world);
      await withdraw(world, alice, id, eth("4"));
      await pledge(world, alice, id, eth("1"));
      await withdraw(world, alice, id, eth("1"));
      expect(await escrow.objectionWeightOf(id, alice.address)).to.equal(eth("4"));
    });

    it("leaves no weight to a backer who withdrew everything, and the threshold on the others' weight", async () => {
      const world = await loadWorld();
      const { escrow, alice } = world;
      const { id } = await lateCampaign(world);
      await withdraw(world, alice, id, eth("8"));
      expect(await escrow.objectionWeightOf(id, alice.address)).to.equal(0n);
      expect((await escrow.getMilestoneProgress(id)).thresholdWeight).to.equal(eth("1"));
    });

    // Threshold 50% of the weight total 7 = 3.5. Bob's 2 does not exceed it; alice's 5 does (on 10 it would not).
    it("accepts a milestone whose objections do not exceed half the weight total (bob's 2 of 7)", async () => {
      const world = await loadWorld();
      const { id, deadline } = await lateCampaign(world);
      await time.increaseTo(deadline + 1n);
      const reviewEnd = await submit(world, id);
      await (await world.escrow.connect(world.bob).objectMilestone(id)).wait();
      await time.increaseTo(reviewEnd + 1n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Succeeded);
    });

    it("rejects a milestone on objections above half the weight total, not the whole total (alice's 5 of 7, not of 10)", async () => {
      const world = await loadWorld();
      const { id, deadline } = await lateCampaign(world);
      await time.increaseTo(deadline + 1n);
      const reviewEnd = await submit(world, id);
      await expect(world.escrow.connect(world.alice).objectMilestone(id))
        .to.emit(world.escrow, "MilestoneObjected")
        .withArgs(id, 0n, world.alice.address, eth("5"), eth("5"));
      await time.increaseTo(reviewEnd + 1n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Rejected);
    });

    it("refunds after a rejection pay the whole pledge, late part included, x unreleased / total", async () => {
      const world = await loadWorld();
      const { escrow, alice, bob } = world;
      const { id, deadline } = await lateCampaign(world);
      await time.increaseTo(deadline + 1n);
      const reviewEnd = await submit(world, id);
      await (await escrow.connect(alice).objectMilestone(id)).wait();
      await time.increaseTo(reviewEnd + 1n);
      const total = eth("10");
      await expect(escrow.connect(alice).refund(id)).to.changeEtherBalance(ethers, alice, proRata(eth("8"), total, 2_000n));
      await expect(escrow.connect(bob).refund(id)).to.changeEtherBalance(ethers, bob, proRata(eth("2"), total, 2_000n));
      expect(proRata(eth("8"), total, 2_000n)).to.equal(eth("6.4"));
      expect(await escrow.pledgeOf(id, alice.address)).to.equal(0n);
      expect(await escrow.objectionWeightOf(id, alice.address)).to.equal(0n);
    });
  });

  describe("two-step withdrawal griefing (review finding F1)", () => {
    /**
     * A whale's 10 of a goal of 10 stood for weeks; alice has 1 in. The whale dips below the goal at D0 - L (free), bob
     * refills at t = D0 - L + 10 (deadline t + L), and the whale takes 7 more out at that new deadline second, when
     * bob's goal has stood exactly L. Leaving below the goal moves the deadline to min(now + L, D0 + L): a filler may
     * still reach the goal until D0 + L. Returns the campaign at that point: total 3.
     */
    async function twoStepGriefing(world: World) {
      const { escrow, alice, bob, stranger: whale } = world;
      const { id, deadline: d0 } = await openCampaign(world, { goal: eth("10") });
      await pledge(world, whale, id, eth("10"));
      await pledge(world, alice, id, eth("1"));
      await at(d0 - L);
      const dip = escrow.connect(whale).withdrawPledge(id, eth("2"));
      await expect(dip).to.changeEtherBalance(ethers, whale, eth("2"));
      await expect(dip).not.to.emit(escrow, "DeadlineExtended");
      const t = d0 - L + 10n;
      await at(t);
      const refill = escrow.connect(bob).pledge(id, { value: eth("1") });
      await expect(refill).to.emit(escrow, "DeadlineExtended").withArgs(id, d0, t + L);
      await expect(refill).to.emit(escrow, "GoalReached").withArgs(id, t + L);
      // Not locked at t + L (the goal has not stood more than L): the whale leaves, and the deadline moves again, to
      // D0 + L (now + L would be later, but no pledge could reach the goal after D0 + L).
      await at(t + L);
      const leave = escrow.connect(whale).withdrawPledge(id, eth("7"));
      await expect(leave).to.changeEtherBalance(ethers, whale, eth("7"));
      await expect(leave).to.emit(escrow, "DeadlineExtended").withArgs(id, t + L, d0 + L);
      const campaign = await escrow.getCampaign(id);
      expect([campaign.pledged, campaign.deadline, campaign.plannedDeadline]).to.deep.equal([eth("3"), d0 + L, d0]);
      return { id, d0, t };
    }

    /** After the griefing, carol re-crosses at D0 + L, the last second allowed. */
    async function refilledAtTheLastSecond(world: World) {
      const griefed = await twoStepGriefing(world);
      await at(griefed.d0 + L);
      await pledge(world, world.carol, griefed.id, eth("7"));
      return griefed;
    }

    it("leaves a filler time to re-cross up to D0 + L, which moves the deadline to the latest, D0 + 2L", async () => {
      const world = await loadWorld();
      const { id, d0 } = await twoStepGriefing(world);
      await at(d0 + L);
      const filled = world.escrow.connect(world.carol).pledge(id, { value: eth("7") });
      await expect(filled).to.emit(world.escrow, "DeadlineExtended").withArgs(id, d0 + L, d0 + 2n * L);
      await expect(filled).to.emit(world.escrow, "GoalReached").withArgs(id, d0 + 2n * L);
      const campaign = await world.escrow.getCampaign(id);
      expect(campaign.goalReachedAt).to.equal(d0 + L);
      expect(latestDeadlineOf(campaign)).to.equal(d0 + 2n * L);
    });

    it("lets the whale's last 1 leave at the latest deadline second, where the goal has stood exactly L; the deadline stays", async () => {
      const world = await loadWorld();
      const { id, d0 } = await refilledAtTheLastSecond(world);
      await at(d0 + 2n * L);
      const last = world.escrow.connect(world.stranger).withdrawPledge(id, eth("1"));
      await expect(last).to.changeEtherBalance(ethers, world.stranger, eth("1"));
      await expect(last).not.to.emit(world.escrow, "DeadlineExtended");
      expect((await world.escrow.getCampaign(id)).deadline).to.equal(d0 + 2n * L);
    });

    it("is decided at the latest deadline + 1 whatever happens: griefing costs time, never money", async () => {
      const world = await loadWorld();
      const { id, d0 } = await refilledAtTheLastSecond(world);
      await at(d0 + 2n * L);
      await withdraw(world, world.stranger, id, eth("1"));
      await time.increaseTo(d0 + 2n * L + 1n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Failed);
      await expect(world.escrow.connect(world.alice).refund(id)).to.changeEtherBalance(ethers, world.alice, eth("1"));
      await expect(world.escrow.connect(world.bob).refund(id)).to.changeEtherBalance(ethers, world.bob, eth("1"));
      await expect(world.escrow.connect(world.carol).refund(id)).to.changeEtherBalance(ethers, world.carol, eth("7"));
      await expectRevert(world, () => world.escrow.connect(world.stranger).refund(id), world.escrow, "NothingToRefund", [id, world.stranger.address]);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });

    /** After the griefing, carol re-crosses 100 s before D0 + L and the whale's last 1 leaves 50 s later. */
    async function refilledEarlierAndLeft(world: World) {
      const griefed = await twoStepGriefing(world);
      await at(griefed.d0 + L - 100n);
      await pledge(world, world.carol, griefed.id, eth("7"));
      await at(griefed.d0 + L - 50n);
      await withdraw(world, world.stranger, griefed.id, eth("1"));
      return griefed;
    }

    it("moves the deadline to now + L on a re-crossing before D0 + L; leaving after it, past D0 + L already, moves nothing", async () => {
      const world = await loadWorld();
      const { id, d0 } = await twoStepGriefing(world);
      await at(d0 + L - 100n);
      await expect(world.escrow.connect(world.carol).pledge(id, { value: eth("7") }))
        .to.emit(world.escrow, "DeadlineExtended")
        .withArgs(id, d0 + L, d0 + 2n * L - 100n);
      await at(d0 + L - 50n);
      const last = world.escrow.connect(world.stranger).withdrawPledge(id, eth("1"));
      await expect(last).to.changeEtherBalance(ethers, world.stranger, eth("1"));
      await expect(last).not.to.emit(world.escrow, "DeadlineExtended");
    });

    it("refuses a re-crossing at D0 + L + 1 while the campaign still funds: GoalReachedTooLate(id, D0 + L)", async () => {
      const world = await loadWorld();
      const { id, d0 } = await refilledEarlierAndLeft(world);
      await at(d0 + L + 1n);
      await expectRevert(world, () => world.escrow.connect(world.carol).pledge(id, { value: eth("1") }), world.escrow, "GoalReachedTooLate", [
        id,
        d0 + L,
      ]);
      await time.increaseTo(d0 + L + 1n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Funding);
      expect((await world.escrow.getCampaign(id)).deadline).to.equal(d0 + 2n * L - 100n);
    });

    it("fails at its deadline + 1 once it can no longer reach the goal: no claim, every backer refunded in full", async () => {
      const world = await loadWorld();
      const { id, d0 } = await refilledEarlierAndLeft(world);
      await time.increaseTo(d0 + 2n * L - 99n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Failed);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "UnexpectedState", [
        id,
        State.Failed,
        EXPECTED.succeeded,
      ]);
      await expect(world.escrow.connect(world.alice).refund(id)).to.changeEtherBalance(ethers, world.alice, eth("1"));
      await expect(world.escrow.connect(world.bob).refund(id)).to.changeEtherBalance(ethers, world.bob, eth("1"));
      await expect(world.escrow.connect(world.carol).refund(id)).to.changeEtherBalance(ethers, world.carol, eth("7"));
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });
  });

  describe("a goal reached before the last call (review finding F6)", () => {
    /** Alice 5 of a goal of 10; the stranger's 6 reaches it at t, 100 s before the last call (no extension). */
    async function reachedBeforeLastCall(world: World) {
      const deadline = (await now()) + 30n * DAY;
      const { id } = await openCampaign(world, { goal: eth("10"), deadline });
      await pledge(world, world.alice, id, eth("5"));
      const t = deadline - L - 100n;
      await at(t);
      await expect(world.escrow.connect(world.stranger).pledge(id, { value: eth("6") }))
        .to.emit(world.escrow, "GoalReached")
        .withArgs(id, deadline);
      return { id, deadline, t };
    }

    it("does not move the deadline", async () => {
      const world = await loadWorld();
      const { id, deadline } = await reachedBeforeLastCall(world);
      expect((await world.escrow.getCampaign(id)).deadline).to.equal(deadline);
    });

    it("is free to leave at t + L, in the last call, where it has stood exactly L; the gap gets a last call", async () => {
      const world = await loadWorld();
      const { id, deadline, t } = await reachedBeforeLastCall(world);
      await at(t + L);
      const left = world.escrow.connect(world.alice).withdrawPledge(id, eth("5"));
      await expect(left).to.changeEtherBalance(ethers, world.alice, eth("5"));
      await expect(left).to.emit(world.escrow, "DeadlineExtended").withArgs(id, deadline, t + 2n * L);
    });

    it("is locked at t + L + 1, well before the deadline: GoalLocked(id, requested, total - goal)", async () => {
      const world = await loadWorld();
      const { id, deadline, t } = await reachedBeforeLastCall(world);
      await at(t + L + 1n);
      await expectRevert(world, () => world.escrow.connect(world.alice).withdrawPledge(id, eth("5")), world.escrow, "GoalLocked", [
        id,
        eth("5"),
        eth("1"),
      ]);
      await time.increaseTo(t + L + 1n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Funding);
      expect((await world.escrow.getCampaign(id)).deadline).to.equal(deadline);
    });

    it("lets only what stands above the goal leave once locked: total - goal, then nothing", async () => {
      const world = await loadWorld();
      const { id, t } = await reachedBeforeLastCall(world);
      await at(t + L + 1n);
      await expect(world.escrow.connect(world.alice).withdrawPledge(id, eth("1"))).to.changeEtherBalance(ethers, world.alice, eth("1"));
      await expectRevert(world, () => world.escrow.connect(world.stranger).withdrawPledge(id, eth("6")), world.escrow, "GoalLocked", [
        id,
        eth("6"),
        0n,
      ]);
    });
  });

  describe("the first due date (review finding F4)", () => {
    /** A campaign of one 100% milestone due at `due`, ending at `d0`. */
    const open = (world: World, d0: bigint, due: bigint) => () =>
      world.escrow.connect(world.maintainer).openCampaignWithMilestones(terms(d0), {
        initialShareBps: 0,
        reviewWindow: REVIEW,
        objectionThresholdBps: 0,
        milestones: [{ shareBps: 10_000, due }],
      });

    it("refuses latestDeadline + 1 and latestDeadline + reviewWindow: InvalidMilestoneDue", async () => {
      const world = await loadWorld();
      const d0 = (await now()) + 30n * DAY;
      const latest = d0 + 2n * L;
      await expectRevert(world, open(world, d0, latest + 1n), world.escrow, "InvalidMilestoneDue", [0n, latest + 1n]);
      await expectRevert(world, open(world, d0, latest + REVIEW), world.escrow, "InvalidMilestoneDue", [0n, latest + REVIEW]);
      expect(await world.escrow.campaignCount()).to.equal(0n);
    });

    it("accepts latestDeadline + reviewWindow + 1, which the maintainers can always reach, however far a whale pushes the deadline", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, payout, alice, stranger: whale } = world;
      const d0 = (await now()) + 30n * DAY;
      const latest = d0 + 2n * L;
      const due = latest + REVIEW + 1n;
      await (await open(world, d0, due)()).wait();
      const id = await escrow.campaignCount();
      expect(latestDeadlineOf(await escrow.getCampaign(id))).to.equal(latest);
      // A whale (no weight) drives the deadline to the latest: crosses at D0, dips at D0 + L - 1, re-crosses at D0 + L.
      await pledge(world, alice, id, eth("9"));
      await at(d0);
      await pledge(world, whale, id, eth("1"));
      await at(d0 + L - 1n);
      await expect(escrow.connect(whale).withdrawPledge(id, eth("1"))).not.to.emit(escrow, "DeadlineExtended");
      await at(d0 + L);
      await expect(escrow.connect(whale).pledge(id, { value: eth("1") }))
        .to.emit(escrow, "DeadlineExtended")
        .withArgs(id, d0 + L, latest);
      // Decided at latest + 1; the maintainers still have more than a review window, up to the due second itself.
      await time.increaseTo(latest + 1n);
      expect(await escrow.campaignState(id)).to.equal(State.Succeeded);
      await at(due);
      await expect(escrow.connect(maintainer).submitMilestone(id, "ipfs://delivery"))
        .to.emit(escrow, "MilestoneSubmitted")
        .withArgs(id, 0n, maintainer.address, "ipfs://delivery", due + REVIEW);
      await time.increaseTo(due + REVIEW + 1n);
      await expect(escrow.connect(maintainer).claim(id)).to.changeEtherBalance(ethers, payout, eth("10") - fee(eth("10")));
    });
  });

  describe("documented, not prevented: a campaign funded only after its weight cutoff (review finding F2)", () => {
    /** The shortest campaign: its weight cutoff (D0 - 2L) is the opening second, so alice's 10 ETH is all late. */
    async function allLate(world: World) {
      const openAt = (await now()) + 100n;
      await at(openAt);
      const { id, deadline } = await openWithMilestones(world, { deadline: openAt + 2n * L, initialShareBps: 0, shares: [5_000, 5_000] });
      expect(weightCutoffOf(await world.escrow.getCampaign(id))).to.equal(openAt);
      await pledge(world, world.alice, id, eth("10"));
      await time.increaseTo(deadline + 1n);
      const reviewEnd = await submit(world, id);
      return { id, reviewEnd };
    }

    it("gives its backers no weight to object with: NoStake, a threshold and objection weight of zero", async () => {
      const world = await loadWorld();
      const { id } = await allLate(world);
      expect(await world.escrow.pledgeOf(id, world.alice.address)).to.equal(eth("10"));
      expect(await world.escrow.objectionWeightOf(id, world.alice.address)).to.equal(0n);
      await expectRevert(world, () => world.escrow.connect(world.alice).objectMilestone(id), world.escrow, "NoStake", [id, world.alice.address]);
      const progress = await world.escrow.getMilestoneProgress(id);
      expect([progress.thresholdWeight, progress.objectionWeight]).to.deep.equal([0n, 0n]);
    });

    it("lets its milestones pass unopposed and be paid", async () => {
      const world = await loadWorld();
      const { id, reviewEnd } = await allLate(world);
      await time.increaseTo(reviewEnd + 1n);
      const half = eth("5");
      const claim = world.escrow.connect(world.maintainer).claim(id);
      await expect(claim).to.emit(world.escrow, "MilestoneAccepted").withArgs(id, 0n, 5_000n);
      await expect(claim).to.changeEtherBalance(ethers, world.payout, half - fee(half));
    });
  });
});
