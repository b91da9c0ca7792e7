import { expect } from "chai";

import { signPermit } from "../client/index.js";
import {
  ReentrantReceiver__factory,
  ReentrantToken__factory,
  type IPledgeEscrow,
  type ReentrantReceiver,
  type ReentrantToken,
} from "../typechain-types/index.js";
import { DAY, ETH, eth, ethers, feeOf, loadWorld, networkHelpers, now, openCampaign, State, terms, type World } from "./helpers/fixture.js";
import { expectRevert } from "./helpers/reverts.js";

// Tests that kill the mutants a mutation run left alive (issue 8): each re-entry into a guarded function asserts that
// the guard's own error stopped it (the same call without the guard would succeed or fail with another error), and
// two rounding and view cases the other suites never reach. The ETH `pledge` carries no guard (issue 9: it calls out
// to nobody), so re-entering it is an ordinary pledge.
const { time } = networkHelpers;
const fee = feeOf;

async function guardSelector(world: World): Promise<string> {
  return world.escrow.interface.getError("ReentrancyGuardReentrantCall")!.selector;
}

async function deployReceiver(world: World): Promise<{ receiver: ReentrantReceiver; address: string }> {
  const receiver = await new ReentrantReceiver__factory(world.owner).deploy(world.escrowAddress, { value: eth("5") });
  return { receiver, address: await receiver.getAddress() };
}

/** An allowed ERC-20 that calls back into the escrow from inside the escrow's transfers, minted to alice. */
async function deployReentrantToken(world: World, allow = true): Promise<{ token: ReentrantToken; address: string }> {
  const token = await new ReentrantToken__factory(world.owner).deploy(world.escrowAddress);
  const address = await token.getAddress();
  if (allow) await (await world.escrow.setTokenAllowed(address, true)).wait();
  await (await token.mint(world.alice.address, 1_000n)).wait();
  return { token, address };
}

describe("Mutation survivors (issue 8)", () => {
  describe("re-entry is stopped by the guard itself", () => {
    it("claim: a payout contract re-entering refund gets ReentrancyGuardReentrantCall", async () => {
      const world = await loadWorld();
      const { escrow, registry, maintainer, alice } = world;
      const { receiver, address } = await deployReceiver(world);
      const win = await openCampaign(world, { goal: eth("1") });
      const lose = await openCampaign(world, { goal: eth("100") });
      await (await escrow.connect(alice).pledge(win.id, { value: eth("1") })).wait();
      // The payout contract is also a backer of a failed campaign: without the guard its refund would go through.
      await (await receiver.execute(escrow.interface.encodeFunctionData("pledge", [lose.id]), { value: eth("1") })).wait();
      await (await registry.connect(maintainer).setPayoutAddress(1n, address)).wait();
      await time.increaseTo(lose.deadline + 1n);
      await (await receiver.arm(escrow.interface.encodeFunctionData("refund", [lose.id]), 0n)).wait();
      await expect(escrow.connect(maintainer).claim(win.id)).to.changeEtherBalance(ethers, receiver, eth("1") - fee(eth("1")));
      expect(await receiver.attempts()).to.equal(1n);
      expect(await receiver.reentrySucceeded()).to.equal(false);
      expect(await receiver.reentrySelector()).to.equal(await guardSelector(world));
      expect(await escrow.pledgeOf(lose.id, address)).to.equal(eth("1"));
      // Its refund, asked for properly, is intact.
      await expect(receiver.execute(escrow.interface.encodeFunctionData("refund", [lose.id]))).to.changeEtherBalance(
        ethers,
        receiver,
        eth("1"),
      );
    });

    it("claim: a payout contract re-entering the ETH pledge (unguarded: it calls out to nobody) pledges like any backer", async () => {
      const world = await loadWorld();
      const { escrow, registry, maintainer, alice } = world;
      const { receiver, address } = await deployReceiver(world);
      const win = await openCampaign(world, { goal: eth("1") });
      await (await escrow.connect(alice).pledge(win.id, { value: eth("1") })).wait();
      const open = await openCampaign(world, { goal: eth("100"), duration: 60n * DAY });
      await (await registry.connect(maintainer).setPayoutAddress(1n, address)).wait();
      await time.increaseTo(win.deadline + 1n);
      await (await receiver.arm(escrow.interface.encodeFunctionData("pledge", [open.id]), eth("1"))).wait();
      // The claim has settled its books before it pays: the pledge made from inside the payment is an ordinary one.
      await expect(escrow.connect(maintainer).claim(win.id)).to.changeEtherBalance(ethers, receiver, eth("1") - fee(eth("1")) - eth("1"));
      expect(await receiver.reentrySucceeded()).to.equal(true);
      expect(await escrow.pledgeOf(open.id, address)).to.equal(eth("1"));
      expect(await escrow.campaignState(win.id)).to.equal(State.Claimed);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(eth("1") + fee(eth("1")));
    });

    it("withdrawFees: a fee recipient re-entering withdrawFees gets ReentrancyGuardReentrantCall, not NoFees", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, alice } = world;
      const { receiver, address } = await deployReceiver(world);
      await (await escrow.setFeeRecipient(address)).wait();
      const win = await openCampaign(world, { goal: eth("10") });
      await (await escrow.connect(alice).pledge(win.id, { value: eth("10") })).wait();
      await time.increaseTo(win.deadline + 1n);
      await (await escrow.connect(maintainer).claim(win.id)).wait();
      await (await receiver.arm(escrow.interface.encodeFunctionData("withdrawFees", [ETH]), 0n)).wait();
      await expect(escrow.connect(world.stranger).withdrawFees(ETH)).to.changeEtherBalance(ethers, receiver, fee(eth("10")));
      expect(await receiver.attempts()).to.equal(1n);
      expect(await receiver.reentrySelector()).to.equal(await guardSelector(world));
      expect(await escrow.accruedFees(ETH)).to.equal(0n);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });

    it("withdrawFees: a fee recipient re-entering refund gets ReentrancyGuardReentrantCall", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, alice } = world;
      const { receiver, address } = await deployReceiver(world);
      await (await escrow.setFeeRecipient(address)).wait();
      const win = await openCampaign(world, { goal: eth("10") });
      const lose = await openCampaign(world, { goal: eth("100") });
      await (await escrow.connect(alice).pledge(win.id, { value: eth("10") })).wait();
      await (await receiver.execute(escrow.interface.encodeFunctionData("pledge", [lose.id]), { value: eth("1") })).wait();
      await time.increaseTo(lose.deadline + 1n);
      await (await escrow.connect(maintainer).claim(win.id)).wait();
      await (await receiver.arm(escrow.interface.encodeFunctionData("refund", [lose.id]), 0n)).wait();
      await (await escrow.withdrawFees(ETH)).wait();
      expect(await receiver.reentrySelector()).to.equal(await guardSelector(world));
      expect(await escrow.pledgeOf(lose.id, address)).to.equal(eth("1"));
    });

    it("pledgeToken: a token re-entering withdrawPledge from transferFrom gets ReentrancyGuardReentrantCall", async () => {
      const world = await loadWorld();
      const { escrow, alice } = world;
      const { token, address } = await deployReentrantToken(world);
      const { id } = await openCampaign(world, { token: address, goal: 10_000n });
      // The token holds a pledge of its own that a re-entrant withdrawal could take.
      await (await token.mint(address, 50n)).wait();
      await (await token.execute(50n, escrow.interface.encodeFunctionData("pledgeToken", [id, 50n]))).wait();
      await (await token.arm(escrow.interface.encodeFunctionData("withdrawPledge", [id, 50n]))).wait();
      await (await token.connect(alice).approve(world.escrowAddress, 100n)).wait();
      await (await escrow.connect(alice).pledgeToken(id, 100n)).wait();
      expect(await token.attempts()).to.equal(1n);
      expect(await token.reentrySucceeded()).to.equal(false);
      expect(await token.reentrySelector()).to.equal(await guardSelector(world));
      expect(await escrow.pledgeOf(id, address)).to.equal(50n);
      expect(await escrow.pledgeOf(id, alice.address)).to.equal(100n);
      expect(await token.balanceOf(world.escrowAddress)).to.equal(150n);
    });

    it("pledgeWithPermit: a token re-entering withdrawPledge from transferFrom gets ReentrancyGuardReentrantCall", async () => {
      const world = await loadWorld();
      const { escrow, alice } = world;
      const { token, address } = await deployReentrantToken(world);
      const { id } = await openCampaign(world, { token: address, goal: 10_000n });
      await (await token.mint(address, 50n)).wait();
      await (await token.execute(50n, escrow.interface.encodeFunctionData("pledgeToken", [id, 50n]))).wait();
      await (await token.arm(escrow.interface.encodeFunctionData("withdrawPledge", [id, 50n]))).wait();
      const permit = await signPermit(token, alice, world.escrowAddress, 100n, (await now()) + DAY);
      await (await escrow.connect(alice).pledgeWithPermit(id, 100n, permit.deadline, permit.v, permit.r, permit.s)).wait();
      expect(await token.reentrySelector()).to.equal(await guardSelector(world));
      expect(await escrow.pledgeOf(id, address)).to.equal(50n);
      expect(await escrow.pledgeOf(id, alice.address)).to.equal(100n);
    });

    it("withdrawPledge: a token re-entering withdrawPledge from transfer gets ReentrancyGuardReentrantCall", async () => {
      const world = await loadWorld();
      const { escrow, alice } = world;
      const { token, address } = await deployReentrantToken(world);
      const { id } = await openCampaign(world, { token: address, goal: 10_000n });
      await (await token.mint(address, 50n)).wait();
      await (await token.execute(50n, escrow.interface.encodeFunctionData("pledgeToken", [id, 50n]))).wait();
      await (await token.connect(alice).approve(world.escrowAddress, 100n)).wait();
      await (await escrow.connect(alice).pledgeToken(id, 100n)).wait();
      await (await token.arm(escrow.interface.encodeFunctionData("withdrawPledge", [id, 50n]))).wait();
      await (await escrow.connect(alice).withdrawPledge(id, 100n)).wait();
      expect(await token.reentrySelector()).to.equal(await guardSelector(world));
      expect(await escrow.pledgeOf(id, address)).to.equal(50n);
      expect(await token.balanceOf(alice.address)).to.equal(1_000n);
    });

    it("recoverStrayToken: a stray token re-entering withdrawFees from transfer gets ReentrancyGuardReentrantCall", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, alice, bob } = world;
      const win = await openCampaign(world, { goal: eth("10") });
      await (await escrow.connect(alice).pledge(win.id, { value: eth("10") })).wait();
      await time.increaseTo(win.deadline + 1n);
      await (await escrow.connect(maintainer).claim(win.id)).wait();
      // A token no campaign ever used, sent to the escrow by mistake.
      const { token } = await deployReentrantToken(world, false);
      await (await token.connect(alice).transfer(world.escrowAddress, 300n)).wait();
      await (await token.arm(escrow.interface.encodeFunctionData("withdrawFees", [ETH]))).wait();
      await expect(escrow.recoverStrayToken(await token.getAddress(), bob.address))
        .to.emit(escrow, "StrayTokensRecovered")
        .withArgs(await token.getAddress(), bob.address, 300n);
      expect(await token.balanceOf(bob.address)).to.equal(300n);
      expect(await token.reentrySelector()).to.equal(await guardSelector(world));
      expect(await escrow.accruedFees(ETH)).to.equal(fee(eth("10")));
    });
  });

  describe("rounding and pending decisions", () => {
    it("claim keeps a rejected campaign Rejected when every pro-rata refund rounded to zero", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, payout, alice, bob, carol } = world;
      const deadline = (await now()) + 30n * DAY;
      const plan: IPledgeEscrow.MilestonePlanStruct = {
        initialShareBps: 9_000,
        reviewWindow: 3n * DAY,
        objectionThresholdBps: 0,
        milestones: [{ shareBps: 1_000, due: deadline + 10n * DAY }],
      };
      await (await escrow.connect(maintainer).openCampaignWithMilestones(terms(deadline, { goal: 3n }), plan)).wait();
      const id = await escrow.campaignCount();
      for (const backer of [alice, bob, carol]) await (await escrow.connect(backer).pledge(id, { value: 1n })).wait();
      await time.increaseTo(deadline + 1n);
      // 90% of 3 wei rounds down to 2 released; the unreleased 1 wei x 1 / 3 rounds to 0 for each backer.
      await expect(escrow.connect(maintainer).claim(id)).to.changeEtherBalance(ethers, payout, 2n);
      await time.increaseTo(deadline + 10n * DAY + 1n);
      for (const backer of [alice, bob, carol]) {
        await expect(escrow.connect(backer).refund(id)).to.emit(escrow, "Refunded").withArgs(id, backer.address, 0n);
      }
      expect((await escrow.getMilestoneProgress(id)).refunded).to.equal(0n);
      // Everyone refunded nothing: the last wei is the project's, and the campaign stays Rejected, not Claimed.
      await expect(escrow.connect(maintainer).claim(id)).to.changeEtherBalance(ethers, payout, 1n);
      expect(await escrow.campaignState(id)).to.equal(State.Rejected);
      const progress = await escrow.getMilestoneProgress(id);
      expect([progress.released, progress.claimed]).to.deep.equal([3n, 3n]);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
      await expectRevert(world, () => escrow.connect(maintainer).claim(id), escrow, "NothingToClaim", [id]);
    });

    /**
     * 20% on success (claimed), then milestones of 30% and 50%; carol (1 of 10 ETH) objected to the first, whose window
     * has closed: an acceptance time decided and nobody recorded.
     */
    async function acceptanceUnrecorded(world: World) {
      const { escrow, maintainer, alice, bob, carol } = world;
      const deadline = (await now()) + 30n * DAY;
      const plan: IPledgeEscrow.MilestonePlanStruct = {
        initialShareBps: 2_000,
        reviewWindow: 3n * DAY,
        objectionThresholdBps: 0,
        milestones: [
          { shareBps: 3_000, due: deadline + 10n * DAY },
          { shareBps: 5_000, due: deadline + 20n * DAY },
        ],
      };
      await (await escrow.connect(maintainer).openCampaignWithMilestones(terms(deadline), plan)).wait();
      const id = await escrow.campaignCount();
      await (await escrow.connect(alice).pledge(id, { value: eth("6") })).wait();
      await (await escrow.connect(bob).pledge(id, { value: eth("3") })).wait();
      await (await escrow.connect(carol).pledge(id, { value: eth("1") })).wait();
      await time.increaseTo(deadline + 1n);
      await (await escrow.connect(maintainer).claim(id)).wait();
      await (await escrow.connect(maintainer).submitMilestone(id, "ipfs://first")).wait();
      const reviewEnd = (await escrow.getMilestoneProgress(id)).reviewEnd;
      await (await escrow.connect(carol).objectMilestone(id)).wait();
      const inReview = await escrow.getMilestoneProgress(id);
      expect([inReview.current, inReview.releasedBps, inReview.objectionWeight]).to.deep.equal([0n, 2_000n, eth("1")]);
      await time.increaseTo(reviewEnd + 1n);
      return id;
    }

    it("getMilestoneProgress applies an acceptance that time decided and nobody recorded", async () => {
      const world = await loadWorld();
      const id = await acceptanceUnrecorded(world);
      // Nobody has called settle, claim, submit or refund: the view still shows what time decided.
      const progress = await world.escrow.getMilestoneProgress(id);
      expect(progress.current).to.equal(1n);
      expect(progress.releasedBps).to.equal(5_000n);
      expect(progress.released).to.equal(eth("5"));
      expect(progress.claimed).to.equal(eth("2"));
      expect(progress.reviewEnd).to.equal(0n);
      expect(progress.objectionWeight).to.equal(0n);
    });

    it("the claim then pays exactly the difference the view showed, and records what it showed", async () => {
      const world = await loadWorld();
      const id = await acceptanceUnrecorded(world);
      await expect(world.escrow.connect(world.maintainer).claim(id)).to.changeEtherBalance(ethers, world.payout, eth("3") - fee(eth("3")));
      const recorded = await world.escrow.getMilestoneProgress(id);
      expect([recorded.current, recorded.releasedBps, recorded.released, recorded.reviewEnd]).to.deep.equal([1n, 5_000n, eth("5"), 0n]);
    });
  });
});
