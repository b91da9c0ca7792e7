import { expect } from "chai";

import type { IPledgeEscrow } from "../../typechain-types/index.js";
import { pledgeIn, type Currency } from "../helpers/currencies.js";
import {
  DAY,
  DEFAULT_CLAIM_WINDOW,
  EXPECTED,
  feeOf,
  loadWorld,
  MAX_AMOUNT,
  networkHelpers,
  now,
  openCampaign,
  State,
  terms,
  type World,
} from "../helpers/fixture.js";
import { expectRevert } from "../helpers/reverts.js";

const { time } = networkHelpers;

/**
 * Everything the escrow does the same way whatever a campaign is pledged in, run once for ETH and once for the
 * ERC-20 (like OpenZeppelin's `shouldBehaveLike...`): pledges, withdrawals, claims, refunds, fee withdrawals and the
 * refunds of a milestone campaign, each rule with its boundary second and its exact refusal.
 */
export function shouldBehaveLikeAnEscrowOf(currency: Currency): void {
  const unit = currency.amount;
  const goal = unit("10");

  /** A campaign in this currency (goal 10 units, 30 days, default last call and claim window). */
  async function campaign(world: World, options: { goal?: bigint } = {}) {
    return openCampaign(world, { token: currency.tokenOf(world), goal: options.goal ?? goal });
  }

  /** A campaign that reached its goal (alice 6, bob 4); time is one second past its deadline. */
  async function succeeded(world: World) {
    const opened = await campaign(world);
    await pledgeIn(currency, world, world.alice, opened.id, unit("6"));
    await pledgeIn(currency, world, world.bob, opened.id, unit("4"));
    await time.increaseTo(opened.deadline + 1n);
    return opened;
  }

  /** A campaign that missed its goal (alice 1, bob 2, carol 3); time is one second past its deadline. */
  async function failed(world: World) {
    const opened = await campaign(world);
    await pledgeIn(currency, world, world.alice, opened.id, unit("1"));
    await pledgeIn(currency, world, world.bob, opened.id, unit("2"));
    await pledgeIn(currency, world, world.carol, opened.id, unit("3"));
    await time.increaseTo(opened.deadline + 1n);
    return opened;
  }

  describe("pledging", () => {
    it("takes the amount from the backer into the escrow", async () => {
      const world = await loadWorld();
      const { id } = await campaign(world);
      await currency.prepare(world, world.alice, unit("1"));
      const sent = currency.send(world, world.alice, id, unit("1"));
      await currency.expectMoves(world, sent, [world.alice, world.escrow], [-unit("1"), unit("1")]);
    });

    it("emits Pledged with the campaign, the backer and the amount", async () => {
      const world = await loadWorld();
      const { id } = await campaign(world);
      await currency.prepare(world, world.alice, unit("1"));
      await expect(currency.send(world, world.alice, id, unit("1")))
        .to.emit(world.escrow, "Pledged")
        .withArgs(id, world.alice.address, unit("1"));
    });

    it("adds each pledge to the backer's pledge and to the campaign total", async () => {
      const world = await loadWorld();
      const { id } = await campaign(world);
      await pledgeIn(currency, world, world.alice, id, unit("1"));
      await pledgeIn(currency, world, world.bob, id, unit("2"));
      await pledgeIn(currency, world, world.alice, id, unit("0.5"));
      expect(await world.escrow.pledgeOf(id, world.alice.address)).to.equal(unit("1.5"));
      expect(await world.escrow.pledgeOf(id, world.bob.address)).to.equal(unit("2"));
      expect((await world.escrow.getCampaign(id)).pledged).to.equal(unit("3.5"));
    });

    it("accepts a pledge at the deadline second", async () => {
      const world = await loadWorld();
      const { id, deadline } = await campaign(world);
      await currency.prepare(world, world.alice, unit("1"));
      await time.setNextBlockTimestamp(deadline);
      await (await currency.send(world, world.alice, id, unit("1"))).wait();
      expect(await world.escrow.pledgeOf(id, world.alice.address)).to.equal(unit("1"));
    });

    it("refuses a pledge one second after the deadline: UnexpectedState(Failed, {Funding})", async () => {
      const world = await loadWorld();
      const { id, deadline } = await campaign(world);
      await currency.prepare(world, world.alice, unit("1"));
      await time.setNextBlockTimestamp(deadline + 1n);
      await expectRevert(world, () => currency.send(world, world.alice, id, unit("1")), world.escrow, "UnexpectedState", [
        id,
        State.Failed,
        EXPECTED.funding,
      ]);
    });

    it("refuses a pledge to a cancelled campaign: UnexpectedState(Cancelled, {Funding})", async () => {
      const world = await loadWorld();
      const { id } = await campaign(world);
      await (await world.escrow.connect(world.maintainer).cancelCampaign(id)).wait();
      await currency.prepare(world, world.alice, unit("1"));
      await expectRevert(world, () => currency.send(world, world.alice, id, unit("1")), world.escrow, "UnexpectedState", [
        id,
        State.Cancelled,
        EXPECTED.funding,
      ]);
    });

    it("refuses a pledge of zero: ZeroAmount", async () => {
      const world = await loadWorld();
      const { id } = await campaign(world);
      await expectRevert(world, () => currency.send(world, world.alice, id, 0n), world.escrow, "ZeroAmount");
    });

    it("refuses a pledge to an unknown campaign: UnknownCampaign", async () => {
      const world = await loadWorld();
      await currency.prepare(world, world.alice, unit("1"));
      await expectRevert(world, () => currency.send(world, world.alice, 99n, unit("1")), world.escrow, "UnknownCampaign", [99n]);
    });

    it("refuses a pledge while paused: EnforcedPause", async () => {
      const world = await loadWorld();
      const { id } = await campaign(world);
      await (await world.escrow.connect(world.guardian).pause()).wait();
      await currency.prepare(world, world.alice, unit("1"));
      await expectRevert(world, () => currency.send(world, world.alice, id, unit("1")), world.escrow, "EnforcedPause");
    });

    it("refuses the other currency's pledge entry point: WrongToken(id, campaign token)", async () => {
      const world = await loadWorld();
      const { id } = await campaign(world);
      await expectRevert(world, () => currency.sendWrong(world, world.alice, id, unit("1")), world.escrow, "WrongToken", [
        id,
        currency.tokenOf(world),
      ]);
    });

    it("refuses a pledge that takes the total above 2^104 - 1: AmountTooLarge(total, max)", async () => {
      const world = await loadWorld();
      const { id } = await campaign(world);
      await currency.fund(world, world.bob, MAX_AMOUNT - 1n);
      await pledgeIn(currency, world, world.bob, id, MAX_AMOUNT - 1n);
      await currency.prepare(world, world.alice, 2n);
      await expectRevert(world, () => currency.send(world, world.alice, id, 2n), world.escrow, "AmountTooLarge", [
        MAX_AMOUNT + 1n,
        MAX_AMOUNT,
      ]);
    });

    it("accepts a pledge that takes the total to exactly 2^104 - 1", async () => {
      const world = await loadWorld();
      const { id } = await campaign(world);
      await currency.fund(world, world.bob, MAX_AMOUNT - 1n);
      await pledgeIn(currency, world, world.bob, id, MAX_AMOUNT - 1n);
      await pledgeIn(currency, world, world.alice, id, 1n);
      expect((await world.escrow.getCampaign(id)).pledged).to.equal(MAX_AMOUNT);
    });
  });

  describe("withdrawing a pledge", () => {
    /** A campaign alice pledged 3 units to and bob 1. */
    async function pledged(world: World) {
      const opened = await campaign(world);
      await pledgeIn(currency, world, world.alice, opened.id, unit("3"));
      await pledgeIn(currency, world, world.bob, opened.id, unit("1"));
      return opened;
    }

    it("returns part of a pledge from the escrow to the backer", async () => {
      const world = await loadWorld();
      const { id } = await pledged(world);
      const sent = world.escrow.connect(world.alice).withdrawPledge(id, unit("1"));
      await currency.expectMoves(world, sent, [world.alice, world.escrow], [unit("1"), -unit("1")]);
      expect(await world.escrow.pledgeOf(id, world.alice.address)).to.equal(unit("2"));
    });

    it("emits PledgeWithdrawn with the campaign, the backer and the amount", async () => {
      const world = await loadWorld();
      const { id } = await pledged(world);
      await expect(world.escrow.connect(world.alice).withdrawPledge(id, unit("1")))
        .to.emit(world.escrow, "PledgeWithdrawn")
        .withArgs(id, world.alice.address, unit("1"));
    });

    it("returns the rest of a pledge, leaving the backer nothing and the others' total", async () => {
      const world = await loadWorld();
      const { id } = await pledged(world);
      await (await world.escrow.connect(world.alice).withdrawPledge(id, unit("1"))).wait();
      await (await world.escrow.connect(world.alice).withdrawPledge(id, unit("2"))).wait();
      expect(await world.escrow.pledgeOf(id, world.alice.address)).to.equal(0n);
      expect((await world.escrow.getCampaign(id)).pledged).to.equal(unit("1"));
    });

    it("returns a pledge at the deadline second", async () => {
      const world = await loadWorld();
      const { id, deadline } = await pledged(world);
      await time.setNextBlockTimestamp(deadline);
      const sent = world.escrow.connect(world.alice).withdrawPledge(id, unit("3"));
      await currency.expectMoves(world, sent, [world.alice], [unit("3")]);
    });

    it("returns a pledge while paused", async () => {
      const world = await loadWorld();
      const { id } = await pledged(world);
      await (await world.escrow.connect(world.guardian).pause()).wait();
      const sent = world.escrow.connect(world.alice).withdrawPledge(id, unit("3"));
      await currency.expectMoves(world, sent, [world.alice], [unit("3")]);
    });

    it("refuses a withdrawal one second after the deadline: UnexpectedState(Failed, {Funding})", async () => {
      const world = await loadWorld();
      const { id, deadline } = await pledged(world);
      await time.increaseTo(deadline + 1n);
      await expectRevert(world, () => world.escrow.connect(world.alice).withdrawPledge(id, unit("3")), world.escrow, "UnexpectedState", [
        id,
        State.Failed,
        EXPECTED.funding,
      ]);
      expect(await world.escrow.pledgeOf(id, world.alice.address)).to.equal(unit("3"));
    });

    it("refuses a withdrawal of zero: ZeroAmount", async () => {
      const world = await loadWorld();
      const { id } = await pledged(world);
      await expectRevert(world, () => world.escrow.connect(world.alice).withdrawPledge(id, 0n), world.escrow, "ZeroAmount");
    });

    it("refuses more than the pledge: InsufficientPledge(requested, pledged)", async () => {
      const world = await loadWorld();
      const { id } = await pledged(world);
      await expectRevert(
        world,
        () => world.escrow.connect(world.alice).withdrawPledge(id, unit("3") + 1n),
        world.escrow,
        "InsufficientPledge",
        [unit("3") + 1n, unit("3")],
      );
    });

    it("refuses an account that pledged nothing: InsufficientPledge(requested, 0)", async () => {
      const world = await loadWorld();
      const { id } = await pledged(world);
      await expectRevert(world, () => world.escrow.connect(world.carol).withdrawPledge(id, 1n), world.escrow, "InsufficientPledge", [
        1n,
        0n,
      ]);
    });

    it("refuses an unknown campaign: UnknownCampaign", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.escrow.connect(world.alice).withdrawPledge(42n, 1n), world.escrow, "UnknownCampaign", [42n]);
    });
  });

  describe("claiming", () => {
    it("pays the total minus the fee from the escrow to the payout address", async () => {
      const world = await loadWorld();
      const { id } = await succeeded(world);
      const sent = world.escrow.connect(world.maintainer).claim(id);
      await currency.expectMoves(world, sent, [world.payout, world.escrow], [goal - feeOf(goal), -(goal - feeOf(goal))]);
    });

    it("emits CampaignClaimed with the payout address, the maintainer, the amount paid and the fee", async () => {
      const world = await loadWorld();
      const { id } = await succeeded(world);
      await expect(world.escrow.connect(world.maintainer).claim(id))
        .to.emit(world.escrow, "CampaignClaimed")
        .withArgs(id, world.payout.address, world.maintainer.address, goal - feeOf(goal), feeOf(goal));
    });

    it("keeps the fee in the escrow as accrued fees of the token", async () => {
      const world = await loadWorld();
      const { id } = await succeeded(world);
      await (await world.escrow.connect(world.maintainer).claim(id)).wait();
      expect(await world.escrow.accruedFees(currency.tokenOf(world))).to.equal(feeOf(goal));
      expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(feeOf(goal));
    });

    it("leaves the campaign Claimed", async () => {
      const world = await loadWorld();
      const { id } = await succeeded(world);
      await (await world.escrow.connect(world.maintainer).claim(id)).wait();
      expect(await world.escrow.campaignState(id)).to.equal(State.Claimed);
    });

    it("succeeds with the goal met exactly", async () => {
      const world = await loadWorld();
      const { id, deadline } = await campaign(world);
      await pledgeIn(currency, world, world.alice, id, goal);
      await time.increaseTo(deadline + 1n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Succeeded);
    });

    it("fails one base unit short of the goal", async () => {
      const world = await loadWorld();
      const { id, deadline } = await campaign(world);
      await pledgeIn(currency, world, world.alice, id, goal - 1n);
      await time.increaseTo(deadline + 1n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Failed);
    });

    it("pays the payout address the project has at claim time", async () => {
      const world = await loadWorld();
      const { id } = await succeeded(world);
      await (await world.registry.connect(world.maintainer).setPayoutAddress(1n, world.carol.address)).wait();
      const sent = world.escrow.connect(world.maintainer).claim(id);
      await currency.expectMoves(world, sent, [world.carol, world.payout], [goal - feeOf(goal), 0n]);
    });

    it("pays while paused", async () => {
      const world = await loadWorld();
      const { id } = await succeeded(world);
      await (await world.escrow.connect(world.guardian).pause()).wait();
      const sent = world.escrow.connect(world.maintainer).claim(id);
      await currency.expectMoves(world, sent, [world.payout], [goal - feeOf(goal)]);
    });

    it("pays at the last second of the claim window, D + C", async () => {
      const world = await loadWorld();
      const { id, deadline } = await succeeded(world);
      await time.setNextBlockTimestamp(deadline + DEFAULT_CLAIM_WINDOW);
      const sent = world.escrow.connect(world.maintainer).claim(id);
      await currency.expectMoves(world, sent, [world.payout], [goal - feeOf(goal)]);
    });

    it("refuses a claim at the deadline second, while funding: UnexpectedState(Funding, {Succeeded})", async () => {
      const world = await loadWorld();
      const { id, deadline } = await campaign(world);
      await pledgeIn(currency, world, world.alice, id, goal);
      await time.setNextBlockTimestamp(deadline);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "UnexpectedState", [
        id,
        State.Funding,
        EXPECTED.succeeded,
      ]);
    });

    it("refuses a second claim: UnexpectedState(Claimed, {Succeeded})", async () => {
      const world = await loadWorld();
      const { id } = await succeeded(world);
      await (await world.escrow.connect(world.maintainer).claim(id)).wait();
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "UnexpectedState", [
        id,
        State.Claimed,
        EXPECTED.succeeded,
      ]);
    });

    it("refuses a claim of a failed campaign: UnexpectedState(Failed, {Succeeded})", async () => {
      const world = await loadWorld();
      const { id } = await failed(world);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "UnexpectedState", [
        id,
        State.Failed,
        EXPECTED.succeeded,
      ]);
    });

    it("refuses a claim from one second after the claim window, D + C + 1: UnexpectedState(Lapsed, {Succeeded})", async () => {
      const world = await loadWorld();
      const { id, deadline } = await succeeded(world);
      await time.setNextBlockTimestamp(deadline + DEFAULT_CLAIM_WINDOW + 1n);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "UnexpectedState", [
        id,
        State.Lapsed,
        EXPECTED.succeeded,
      ]);
    });

    it("refuses to pay the escrow itself as payout address: InvalidPayout", async () => {
      const world = await loadWorld();
      const { id } = await succeeded(world);
      await (await world.registry.connect(world.maintainer).setPayoutAddress(1n, world.escrowAddress)).wait();
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "InvalidPayout", [
        world.escrowAddress,
      ]);
      expect(await world.escrow.campaignState(id)).to.equal(State.Succeeded);
    });

    it("refuses to pay the registry as payout address: InvalidPayout", async () => {
      const world = await loadWorld();
      const { id } = await succeeded(world);
      const registryAddress = await world.registry.getAddress();
      await (await world.registry.connect(world.maintainer).setPayoutAddress(1n, registryAddress)).wait();
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "InvalidPayout", [
        registryAddress,
      ]);
    });

    it("pays once the project owner replaces a refused payout address", async () => {
      const world = await loadWorld();
      const { id } = await succeeded(world);
      await (await world.registry.connect(world.maintainer).setPayoutAddress(1n, world.escrowAddress)).wait();
      await expect(world.escrow.connect(world.maintainer).claim(id))
        .to.be.revertedWithCustomError(world.escrow, "InvalidPayout")
        .withArgs(world.escrowAddress);
      await (await world.registry.connect(world.maintainer).setPayoutAddress(1n, world.payout.address)).wait();
      const sent = world.escrow.connect(world.maintainer).claim(id);
      await currency.expectMoves(world, sent, [world.payout], [goal - feeOf(goal)]);
    });
  });

  describe("refunds", () => {
    it("returns each backer of a failed campaign exactly their pledge, in any order", async () => {
      const world = await loadWorld();
      const { id } = await failed(world);
      const sent = world.escrow.connect(world.carol).refund(id);
      await currency.expectMoves(world, sent, [world.carol, world.escrow], [unit("3"), -unit("3")]);
      await currency.expectMoves(world, world.escrow.connect(world.alice).refund(id), [world.alice], [unit("1")]);
      await currency.expectMoves(world, world.escrow.connect(world.bob).refund(id), [world.bob], [unit("2")]);
      expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(0n);
    });

    it("emits Refunded with the campaign, the backer and the amount", async () => {
      const world = await loadWorld();
      const { id } = await failed(world);
      await expect(world.escrow.connect(world.carol).refund(id))
        .to.emit(world.escrow, "Refunded")
        .withArgs(id, world.carol.address, unit("3"));
    });

    it("returns a backer's pledges added together", async () => {
      const world = await loadWorld();
      const { id, deadline } = await campaign(world);
      await pledgeIn(currency, world, world.alice, id, unit("1"));
      await pledgeIn(currency, world, world.alice, id, unit("0.25"));
      await time.increaseTo(deadline + 1n);
      await currency.expectMoves(world, world.escrow.connect(world.alice).refund(id), [world.alice], [unit("1.25")]);
    });

    it("still refunds years later, and while paused", async () => {
      const world = await loadWorld();
      const { id } = await failed(world);
      await time.increase(3n * 365n * DAY);
      await (await world.escrow.connect(world.guardian).pause()).wait();
      await currency.expectMoves(world, world.escrow.connect(world.bob).refund(id), [world.bob], [unit("2")]);
    });

    it("keeps the total raised as the record of the campaign once everyone refunded", async () => {
      const world = await loadWorld();
      const { id } = await failed(world);
      for (const backer of [world.alice, world.bob, world.carol]) await (await world.escrow.connect(backer).refund(id)).wait();
      expect((await world.escrow.getCampaign(id)).pledged).to.equal(unit("6"));
    });

    it("returns the pledges of a cancelled campaign", async () => {
      const world = await loadWorld();
      const { id } = await campaign(world);
      await pledgeIn(currency, world, world.alice, id, unit("4"));
      await (await world.escrow.connect(world.maintainer).cancelCampaign(id)).wait();
      const sent = world.escrow.connect(world.alice).refund(id);
      await currency.expectMoves(world, sent, [world.alice, world.escrow], [unit("4"), -unit("4")]);
    });

    it("returns every backer of a lapsed campaign their whole pledge", async () => {
      const world = await loadWorld();
      const { id, deadline } = await succeeded(world);
      await time.increaseTo(deadline + DEFAULT_CLAIM_WINDOW + 1n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Lapsed);
      await currency.expectMoves(world, world.escrow.connect(world.alice).refund(id), [world.alice, world.escrow], [unit("6"), -unit("6")]);
      await currency.expectMoves(world, world.escrow.connect(world.bob).refund(id), [world.bob], [unit("4")]);
      expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(0n);
    });

    it("refuses a second refund: NothingToRefund", async () => {
      const world = await loadWorld();
      const { id } = await failed(world);
      await (await world.escrow.connect(world.bob).refund(id)).wait();
      await expectRevert(world, () => world.escrow.connect(world.bob).refund(id), world.escrow, "NothingToRefund", [id, world.bob.address]);
    });

    it("refuses an account that pledged nothing: NothingToRefund", async () => {
      const world = await loadWorld();
      const { id } = await failed(world);
      await expectRevert(world, () => world.escrow.connect(world.stranger).refund(id), world.escrow, "NothingToRefund", [
        id,
        world.stranger.address,
      ]);
    });

    it("refuses a refund while funding: UnexpectedState(Funding, {Failed, Cancelled, Lapsed, Rejected})", async () => {
      const world = await loadWorld();
      const { id } = await campaign(world);
      await pledgeIn(currency, world, world.alice, id, unit("1"));
      await expectRevert(world, () => world.escrow.connect(world.alice).refund(id), world.escrow, "UnexpectedState", [
        id,
        State.Funding,
        EXPECTED.refundable,
      ]);
    });

    it("refuses a refund of a succeeded campaign, up to the last second of its claim window", async () => {
      const world = await loadWorld();
      const { id, deadline } = await succeeded(world);
      await time.setNextBlockTimestamp(deadline + DEFAULT_CLAIM_WINDOW);
      await expectRevert(world, () => world.escrow.connect(world.alice).refund(id), world.escrow, "UnexpectedState", [
        id,
        State.Succeeded,
        EXPECTED.refundable,
      ]);
    });

    it("refuses a refund of a claimed campaign: UnexpectedState(Claimed, refundable)", async () => {
      const world = await loadWorld();
      const { id } = await succeeded(world);
      await (await world.escrow.connect(world.maintainer).claim(id)).wait();
      await expectRevert(world, () => world.escrow.connect(world.alice).refund(id), world.escrow, "UnexpectedState", [
        id,
        State.Claimed,
        EXPECTED.refundable,
      ]);
    });

    it("refuses an unknown campaign: UnknownCampaign", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.escrow.connect(world.alice).refund(3n), world.escrow, "UnknownCampaign", [3n]);
    });
  });

  describe("protocol fees", () => {
    /** A claimed campaign whose fee has accrued. */
    async function claimed(world: World) {
      const opened = await succeeded(world);
      await (await world.escrow.connect(world.maintainer).claim(opened.id)).wait();
      return opened;
    }

    it("sends the accrued fees of the token to the fee recipient, whoever asks", async () => {
      const world = await loadWorld();
      await claimed(world);
      const sent = world.escrow.connect(world.stranger).withdrawFees(currency.tokenOf(world));
      await currency.expectMoves(world, sent, [world.feeRecipient, world.escrow], [feeOf(goal), -feeOf(goal)]);
    });

    it("emits FeesWithdrawn with the token, the fee recipient and the amount", async () => {
      const world = await loadWorld();
      await claimed(world);
      await expect(world.escrow.withdrawFees(currency.tokenOf(world)))
        .to.emit(world.escrow, "FeesWithdrawn")
        .withArgs(currency.tokenOf(world), world.feeRecipient.address, feeOf(goal));
    });

    it("refuses a second withdrawal with nothing accrued since: NoFees", async () => {
      const world = await loadWorld();
      await claimed(world);
      await (await world.escrow.withdrawFees(currency.tokenOf(world))).wait();
      await expectRevert(world, () => world.escrow.withdrawFees(currency.tokenOf(world)), world.escrow, "NoFees", [
        currency.tokenOf(world),
      ]);
    });

    it("charges nothing to a campaign opened with a zero fee, whatever the fee at claim time", async () => {
      const world = await loadWorld();
      await (await world.escrow.setFee(0)).wait();
      await time.increase(7n * DAY);
      const { id, deadline } = await campaign(world);
      expect((await world.escrow.getCampaign(id)).feeBps).to.equal(0n);
      await (await world.escrow.setFee(500)).wait();
      await pledgeIn(currency, world, world.alice, id, goal);
      await time.increaseTo(deadline + 1n);
      await currency.expectMoves(world, world.escrow.connect(world.maintainer).claim(id), [world.payout], [goal]);
      expect(await world.escrow.accruedFees(currency.tokenOf(world))).to.equal(0n);
    });
  });

  describe("milestone campaigns", () => {
    /** A campaign releasing 20% on success and 80% at one milestone (alice 6, bob 4); time is past its deadline. */
    async function withMilestone(world: World) {
      const deadline = (await now()) + 30n * DAY;
      const plan: IPledgeEscrow.MilestonePlanStruct = {
        initialShareBps: 2_000,
        reviewWindow: 3n * DAY,
        objectionThresholdBps: 0,
        milestones: [{ shareBps: 8_000, due: deadline + 20n * DAY }],
      };
      const campaignTerms = terms(deadline, { token: currency.tokenOf(world), goal });
      await (await world.escrow.connect(world.maintainer).openCampaignWithMilestones(campaignTerms, plan)).wait();
      const id = await world.escrow.campaignCount();
      await pledgeIn(currency, world, world.alice, id, unit("6"));
      await pledgeIn(currency, world, world.bob, id, unit("4"));
      await time.increaseTo(deadline + 1n);
      return { id };
    }

    it("pays the initial share on success", async () => {
      const world = await loadWorld();
      const { id } = await withMilestone(world);
      const initial = (goal * 2_000n) / 10_000n;
      await currency.expectMoves(world, world.escrow.connect(world.maintainer).claim(id), [world.payout], [initial - feeOf(initial)]);
    });

    it("refunds each backer pledge x unreleased / total after the milestone is rejected", async () => {
      const world = await loadWorld();
      const { id } = await withMilestone(world);
      await (await world.escrow.connect(world.maintainer).submitMilestone(id, "ipfs://delivery")).wait();
      const reviewEnd = (await world.escrow.getMilestoneProgress(id)).reviewEnd;
      await (await world.escrow.connect(world.alice).objectMilestone(id)).wait();
      await time.increaseTo(reviewEnd + 1n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Rejected);
      await currency.expectMoves(world, world.escrow.connect(world.alice).refund(id), [world.alice], [(unit("6") * 8_000n) / 10_000n]);
      await currency.expectMoves(world, world.escrow.connect(world.bob).refund(id), [world.bob], [(unit("4") * 8_000n) / 10_000n]);
    });

    it("refunds a failed milestone campaign in full", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 30n * DAY;
      const plan: IPledgeEscrow.MilestonePlanStruct = {
        initialShareBps: 0,
        reviewWindow: 3n * DAY,
        objectionThresholdBps: 0,
        milestones: [{ shareBps: 10_000, due: deadline + 20n * DAY }],
      };
      await (await world.escrow.connect(world.maintainer).openCampaignWithMilestones(terms(deadline, { token: currency.tokenOf(world), goal }), plan)).wait();
      const id = await world.escrow.campaignCount();
      await pledgeIn(currency, world, world.alice, id, unit("2"));
      await time.increaseTo(deadline + 1n);
      await currency.expectMoves(world, world.escrow.connect(world.alice).refund(id), [world.alice, world.escrow], [unit("2"), -unit("2")]);
      expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(0n);
    });
  });
}
