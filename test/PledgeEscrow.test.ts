import { expect } from "chai";

import { signPermit } from "../client/permit.js";
import {
  AttackerBacker__factory,
  FalseReturnToken__factory,
  FeeOnTransferToken__factory,
  NoReturnToken__factory,
  PledgeEscrow__factory,
} from "../typechain-types/index.js";
import {
  DAY,
  ETH,
  ethers,
  FEE_BPS,
  latestDeadlineOf,
  loadWorld,
  networkHelpers,
  now,
  openCampaign,
  SPEC,
  terms,
  weightCutoffOf,
  type World,
} from "./helpers/fixture.js";
import { expectRevert } from "./helpers/reverts.js";

const { time } = networkHelpers;
const State = { Funding: 0n, Succeeded: 1n, Failed: 2n, Cancelled: 3n, Claimed: 4n } as const;
const LAST_CALL = 2n * DAY; // the default
const CLAIM_WINDOW = 90n * DAY; // the default
const MAX_AMOUNT = 2n ** 104n - 1n;
const usd = (amount: string): bigint => ethers.parseUnits(amount, 6);
const eth = (amount: string): bigint => ethers.parseEther(amount);

async function ethCampaign(world: World, goal = eth("10")) {
  return openCampaign(world, { goal });
}

async function usdCampaign(world: World, goal = usd("1000")) {
  return openCampaign(world, { token: world.tokenAddress, goal });
}

async function approveAndPledge(world: World, backer: World["alice"], id: bigint, amount: bigint) {
  await (await world.token.connect(backer).approve(world.escrowAddress, amount)).wait();
  await (await world.escrow.connect(backer).pledgeToken(id, amount)).wait();
}

describe("PledgeEscrow", () => {
  describe("deployment", () => {
    it("records registry, roles and fee, and emits them", async () => {
      const { escrow, registry, owner, guardian, feeRecipient } = await loadWorld();
      expect(await escrow.registry()).to.equal(await registry.getAddress());
      expect(await escrow.owner()).to.equal(owner.address);
      expect(await escrow.guardian()).to.equal(guardian.address);
      expect(await escrow.feeRecipient()).to.equal(feeRecipient.address);
      expect(await escrow.feeBps()).to.equal(FEE_BPS);
      expect(await escrow.MAX_FEE_BPS()).to.equal(500n);
      expect(await escrow.MAX_DURATION()).to.equal(365n * DAY);
      expect(await escrow.NATIVE_TOKEN()).to.equal(ETH);
      expect(await escrow.MIN_LAST_CALL()).to.equal(DAY);
      expect(await escrow.MAX_LAST_CALL()).to.equal(7n * DAY);
      expect(await escrow.DEFAULT_LAST_CALL()).to.equal(LAST_CALL);
      expect(await escrow.MIN_CLAIM_WINDOW()).to.equal(7n * DAY);
      expect(await escrow.MAX_CLAIM_WINDOW()).to.equal(180n * DAY);
      expect(await escrow.DEFAULT_CLAIM_WINDOW()).to.equal(CLAIM_WINDOW);
      expect(await escrow.FEE_CHANGE_DELAY()).to.equal(7n * DAY);
      expect(await escrow.pendingFee()).to.deep.equal([0n, 0n]);
      const deployed = await new PledgeEscrow__factory(owner).deploy(
        await registry.getAddress(),
        owner.address,
        guardian.address,
        feeRecipient.address,
        100,
      );
      const receipt = deployed.deploymentTransaction();
      await expect(receipt).to.emit(deployed, "GuardianChanged").withArgs(ETH, guardian.address);
      await expect(receipt).to.emit(deployed, "FeeRecipientChanged").withArgs(ETH, feeRecipient.address);
      await expect(receipt).to.emit(deployed, "FeeChanged").withArgs(0n, 100n);
    });

    it("rejects a zero registry, a zero fee recipient and a fee above the cap", async () => {
      const { escrow, registry, owner } = await loadWorld();
      const factory = new PledgeEscrow__factory(owner);
      const registryAddress = await registry.getAddress();
      await expect(factory.deploy(ETH, owner.address, owner.address, owner.address, 0)).to.be.revertedWithCustomError(
        escrow,
        "ZeroAddress",
      );
      await expect(factory.deploy(registryAddress, owner.address, owner.address, ETH, 0)).to.be.revertedWithCustomError(
        escrow,
        "ZeroAddress",
      );
      await expect(factory.deploy(registryAddress, owner.address, owner.address, owner.address, 501))
        .to.be.revertedWithCustomError(escrow, "FeeTooHigh")
        .withArgs(501n, 500n);
    });
  });

  describe("openCampaign", () => {
    it("opens a campaign with frozen terms and the current fee, and emits", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, tokenAddress } = world;
      const deadline = (await now()) + 10n * DAY;
      await expect(escrow.connect(maintainer).openCampaign(terms(deadline, { token: tokenAddress, goal: usd("500") })))
        .to.emit(escrow, "CampaignOpened")
        .withArgs(1n, 1n, maintainer.address, tokenAddress, usd("500"), deadline, FEE_BPS, SPEC, LAST_CALL, CLAIM_WINDOW);
      expect(await escrow.campaignCount()).to.equal(1n);
      // A later fee change does not touch the open campaign, even once it has taken effect.
      await (await escrow.setFee(400)).wait();
      await time.increase(7n * DAY);
      expect(await escrow.feeBps()).to.equal(400n);
      const campaign = await escrow.getCampaign(1n);
      expect(campaign.projectId).to.equal(1n);
      expect(campaign.token).to.equal(tokenAddress);
      expect(campaign.goal).to.equal(usd("500"));
      expect(campaign.pledged).to.equal(0n);
      expect(campaign.deadline).to.equal(deadline);
      expect(campaign.feeBps).to.equal(FEE_BPS);
      expect(campaign.state).to.equal(State.Funding);
      expect(campaign.specURI).to.equal(SPEC);
      expect(campaign.plannedDeadline).to.equal(deadline);
      expect(campaign.lastCall).to.equal(LAST_CALL);
      expect(campaign.claimWindow).to.equal(CLAIM_WINDOW);
      expect(campaign.goalReachedAt).to.equal(0n);
      // The weight cutoff and the latest deadline are derived from the planned deadline and the last call.
      expect(weightCutoffOf(campaign)).to.equal(deadline - 2n * LAST_CALL);
      expect(latestDeadlineOf(campaign)).to.equal(deadline + 2n * LAST_CALL);
      const fields = escrow.interface.getFunction("getCampaign").outputs[0]?.components?.map((field) => field.name);
      expect(fields).to.deep.equal([
        "projectId",
        "token",
        "goal",
        "pledged",
        "deadline",
        "feeBps",
        "state",
        "specURI",
        "plannedDeadline",
        "lastCall",
        "claimWindow",
        "goalReachedAt",
      ]);
      expect(await escrow.campaignState(1n)).to.equal(State.Funding);
    });

    it("accepts a deadline exactly MAX_DURATION ahead and the largest goal", async () => {
      const world = await loadWorld();
      const next = (await now()) + 1n;
      await time.setNextBlockTimestamp(next);
      await (await world.escrow.connect(world.maintainer).openCampaign(terms(next + 365n * DAY, { goal: MAX_AMOUNT }))).wait();
      const campaign = await world.escrow.getCampaign(1n);
      expect(campaign.deadline).to.equal(next + 365n * DAY);
      expect(campaign.goal).to.equal(MAX_AMOUNT);
    });

    it("rejects a caller who is not a maintainer, and an unknown project", async () => {
      const world = await loadWorld();
      const { escrow, registry, alice, maintainer } = world;
      const deadline = (await now()) + 10n * DAY;
      await expectRevert(
        world,
        () => escrow.connect(alice).openCampaign(terms(deadline)),
        escrow,
        "NotProjectMaintainer",
        [1n, alice.address],
      );
      await expectRevert(
        world,
        () => escrow.connect(maintainer).openCampaign(terms(deadline, { projectId: 5n })),
        registry,
        "UnknownProject",
        [5n],
      );
      expect(await escrow.campaignCount()).to.equal(0n);
    });

    it("rejects an empty spec, a token off the allowlist, a zero or oversized goal", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, stranger } = world;
      const deadline = (await now()) + 10n * DAY;
      const open = (specURI: string, token: string, goal: bigint) => () =>
        escrow.connect(maintainer).openCampaign(terms(deadline, { specURI, token, goal }));
      await expectRevert(world, open("", ETH, eth("1")), escrow, "EmptySpecURI");
      await expectRevert(world, open(SPEC, stranger.address, eth("1")), escrow, "TokenNotAllowed", [stranger.address]);
      await expectRevert(world, open(SPEC, ETH, 0n), escrow, "ZeroAmount");
      await expectRevert(world, open(SPEC, ETH, MAX_AMOUNT + 1n), escrow, "AmountTooLarge", [MAX_AMOUNT + 1n, MAX_AMOUNT]);
      expect(await escrow.campaignCount()).to.equal(0n);
    });

    it("rejects a deadline less than two last calls ahead or too far ahead", async () => {
      const world = await loadWorld();
      const { escrow, maintainer } = world;
      // Campaigns now last at least two last calls: 4 days with the default last call of 2 days.
      for (const offset of [2n * LAST_CALL - 1n, DAY, 0n, -1n, 365n * DAY + 1n]) {
        const blockTime = (await now()) + 1n;
        await time.setNextBlockTimestamp(blockTime);
        await expectRevert(
          world,
          () => escrow.connect(maintainer).openCampaign(terms(blockTime + offset)),
          escrow,
          "InvalidDeadline",
          [blockTime + offset, blockTime + 2n * LAST_CALL, blockTime + 365n * DAY],
        );
      }
      expect(await escrow.campaignCount()).to.equal(0n);
    });

    it("is refused while paused and allowed again after unpause", async () => {
      const world = await loadWorld();
      const { escrow, guardian, maintainer } = world;
      await (await escrow.connect(guardian).pause()).wait();
      const deadline = (await now()) + 10n * DAY;
      await expectRevert(world, () => escrow.connect(maintainer).openCampaign(terms(deadline)), escrow, "EnforcedPause");
      await (await escrow.connect(guardian).unpause()).wait();
      await (await escrow.connect(maintainer).openCampaign(terms(deadline))).wait();
      expect(await escrow.campaignCount()).to.equal(1n);
    });

    it("keeps an open campaign's token usable after the token leaves the allowlist", async () => {
      const world = await loadWorld();
      const { id } = await usdCampaign(world);
      await (await world.escrow.setTokenAllowed(world.tokenAddress, false)).wait();
      await approveAndPledge(world, world.alice, id, usd("5"));
      expect(await world.escrow.pledgeOf(id, world.alice.address)).to.equal(usd("5"));
    });
  });

  describe("pledge (ETH)", () => {
    it("takes the ETH, records the pledge and the total, and emits", async () => {
      const world = await loadWorld();
      const { escrow, alice, bob } = world;
      const { id } = await ethCampaign(world);
      const sent = escrow.connect(alice).pledge(id, { value: eth("1") });
      await expect(sent)
        .to.emit(escrow, "Pledged")
        .withArgs(id, alice.address, eth("1"), eth("1"), eth("1"));
      await expect(sent).to.changeEtherBalances(ethers, [alice, escrow], [-eth("1"), eth("1")]);
      await expect(escrow.connect(bob).pledge(id, { value: eth("2") }))
        .to.emit(escrow, "Pledged")
        .withArgs(id, bob.address, eth("2"), eth("2"), eth("3"));
      await expect(escrow.connect(alice).pledge(id, { value: eth("0.5") }))
        .to.emit(escrow, "Pledged")
        .withArgs(id, alice.address, eth("0.5"), eth("1.5"), eth("3.5"));
      expect(await escrow.pledgeOf(id, alice.address)).to.equal(eth("1.5"));
      expect(await escrow.pledgeOf(id, bob.address)).to.equal(eth("2"));
      expect((await escrow.getCampaign(id)).pledged).to.equal(eth("3.5"));
    });

    it("accepts a pledge at the deadline second and refuses one a second later", async () => {
      const world = await loadWorld();
      const { escrow, alice, bob } = world;
      const { id, deadline } = await ethCampaign(world);
      await time.setNextBlockTimestamp(deadline);
      await (await escrow.connect(alice).pledge(id, { value: eth("1") })).wait();
      expect(await escrow.pledgeOf(id, alice.address)).to.equal(eth("1"));
      await expectRevert(world, () => escrow.connect(bob).pledge(id, { value: eth("1") }), escrow, "NotFunding", [
        id,
        State.Failed,
      ]);
    });

    it("refuses a total above what a campaign can hold", async () => {
      const world = await loadWorld();
      const { escrow, alice } = world;
      const { id } = await ethCampaign(world);
      await networkHelpers.setBalance(alice.address, MAX_AMOUNT * 2n);
      await expectRevert(world, () => escrow.connect(alice).pledge(id, { value: MAX_AMOUNT + 1n }), escrow, "AmountTooLarge", [
        MAX_AMOUNT + 1n,
        MAX_AMOUNT,
      ]);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });

    it("rejects zero, the wrong token, an unknown campaign, a cancelled campaign and a pause", async () => {
      const world = await loadWorld();
      const { escrow, alice, maintainer, guardian, tokenAddress } = world;
      const { id } = await ethCampaign(world);
      const { id: usdId } = await usdCampaign(world);
      await expectRevert(world, () => escrow.connect(alice).pledge(id, { value: 0n }), escrow, "ZeroAmount");
      await expectRevert(world, () => escrow.connect(alice).pledge(usdId, { value: eth("1") }), escrow, "WrongToken", [
        usdId,
        tokenAddress,
      ]);
      await expectRevert(world, () => escrow.connect(alice).pledge(99n, { value: eth("1") }), escrow, "UnknownCampaign", [99n]);
      await (await escrow.connect(guardian).pause()).wait();
      await expectRevert(world, () => escrow.connect(alice).pledge(id, { value: eth("1") }), escrow, "EnforcedPause");
      await (await escrow.connect(guardian).unpause()).wait();
      await (await escrow.connect(maintainer).cancelCampaign(id)).wait();
      await expectRevert(world, () => escrow.connect(alice).pledge(id, { value: eth("1") }), escrow, "NotFunding", [
        id,
        State.Cancelled,
      ]);
      expect(await escrow.pledgeOf(id, alice.address)).to.equal(0n);
    });
  });

  describe("pledgeToken (ERC-20, approve + pledge)", () => {
    it("pulls the tokens and records the pledge", async () => {
      const world = await loadWorld();
      const { escrow, token, alice, escrowAddress } = world;
      const { id } = await usdCampaign(world);
      await (await token.connect(alice).approve(escrowAddress, usd("250"))).wait();
      const sent = escrow.connect(alice).pledgeToken(id, usd("250"));
      await expect(sent)
        .to.emit(escrow, "Pledged")
        .withArgs(id, alice.address, usd("250"), usd("250"), usd("250"));
      await expect(sent).to.changeTokenBalances(ethers, token, [alice, escrow], [-usd("250"), usd("250")]);
      expect(await token.allowance(alice.address, escrowAddress)).to.equal(0n);
    });

    it("rejects zero, ETH campaigns, a missing allowance and totals above the cap", async () => {
      const world = await loadWorld();
      const { escrow, token, alice, bob, escrowAddress } = world;
      const { id } = await usdCampaign(world);
      const { id: ethId } = await ethCampaign(world);
      await expectRevert(world, () => escrow.connect(alice).pledgeToken(id, 0n), escrow, "ZeroAmount");
      await expectRevert(world, () => escrow.connect(alice).pledgeToken(ethId, usd("1")), escrow, "WrongToken", [ethId, ETH]);
      await expectRevert(world, () => escrow.connect(alice).pledgeToken(id, usd("1")), token, "ERC20InsufficientAllowance", [
        escrowAddress,
        0n,
        usd("1"),
      ]);
      await (await token.mint(bob.address, MAX_AMOUNT)).wait();
      await approveAndPledge(world, bob, id, MAX_AMOUNT - 1n);
      await (await token.connect(alice).approve(escrowAddress, 2n)).wait();
      await expectRevert(world, () => escrow.connect(alice).pledgeToken(id, 2n), escrow, "AmountTooLarge", [
        MAX_AMOUNT + 1n,
        MAX_AMOUNT,
      ]);
      // Exactly at the cap still fits.
      await (await escrow.connect(alice).pledgeToken(id, 1n)).wait();
      expect((await escrow.getCampaign(id)).pledged).to.equal(MAX_AMOUNT);
    });
  });

  describe("pledgeWithPermit (ERC-20, one transaction)", () => {
    it("pledges with a permit and no prior approval", async () => {
      const world = await loadWorld();
      const { escrow, token, alice, escrowAddress } = world;
      const { id } = await usdCampaign(world);
      const permit = await signPermit(token, alice, escrowAddress, usd("40"), (await now()) + DAY);
      const sent = escrow.connect(alice).pledgeWithPermit(id, usd("40"), permit.deadline, permit.v, permit.r, permit.s);
      await expect(sent)
        .to.emit(escrow, "Pledged")
        .withArgs(id, alice.address, usd("40"), usd("40"), usd("40"));
      await expect(sent).to.changeTokenBalances(ethers, token, [alice, escrow], [-usd("40"), usd("40")]);
      expect(await token.nonces(alice.address)).to.equal(1n);
    });

    it("still succeeds when the permit was front-run", async () => {
      const world = await loadWorld();
      const { escrow, token, alice, stranger, escrowAddress } = world;
      const { id } = await usdCampaign(world);
      const permit = await signPermit(token, alice, escrowAddress, usd("40"), (await now()) + DAY);
      // Someone copies the signature from the mempool and submits it first.
      await (
        await token.connect(stranger).permit(alice.address, escrowAddress, usd("40"), permit.deadline, permit.v, permit.r, permit.s)
      ).wait();
      await expect(
        escrow.connect(alice).pledgeWithPermit(id, usd("40"), permit.deadline, permit.v, permit.r, permit.s),
      ).to.changeTokenBalances(ethers, token, [alice, escrow], [-usd("40"), usd("40")]);
      expect(await escrow.pledgeOf(id, alice.address)).to.equal(usd("40"));
    });

    it("rejects a bad permit when no allowance covers the amount, and ETH campaigns", async () => {
      const world = await loadWorld();
      const { escrow, token, alice, bob, escrowAddress } = world;
      const { id } = await usdCampaign(world);
      const { id: ethId } = await ethCampaign(world);
      // Signed by bob for alice's tokens: the permit fails and alice approved nothing.
      const forged = await signPermit(token, bob, escrowAddress, usd("40"), (await now()) + DAY);
      await expectRevert(
        world,
        () => escrow.connect(alice).pledgeWithPermit(id, usd("40"), forged.deadline, forged.v, forged.r, forged.s),
        escrow,
        "PermitFailed",
        [0n, usd("40")],
      );
      await expectRevert(
        world,
        () => escrow.connect(alice).pledgeWithPermit(ethId, usd("40"), forged.deadline, forged.v, forged.r, forged.s),
        escrow,
        "WrongToken",
        [ethId, ETH],
      );
      // The same bad permit is ignored when an approval already covers the pledge.
      await (await token.connect(alice).approve(escrowAddress, usd("40"))).wait();
      await (await escrow.connect(alice).pledgeWithPermit(id, usd("40"), forged.deadline, forged.v, forged.r, forged.s)).wait();
      expect(await escrow.pledgeOf(id, alice.address)).to.equal(usd("40"));
    });
  });

  describe("pause", () => {
    it("blocks every kind of new pledge, and nothing else", async () => {
      const world = await loadWorld();
      const { escrow, token, guardian, alice, escrowAddress } = world;
      const { id } = await usdCampaign(world);
      await approveAndPledge(world, alice, id, usd("10"));
      await (await escrow.connect(guardian).pause()).wait();
      await (await token.connect(alice).approve(escrowAddress, usd("10"))).wait();
      await expectRevert(world, () => escrow.connect(alice).pledgeToken(id, usd("10")), escrow, "EnforcedPause");
      const permit = await signPermit(token, alice, escrowAddress, usd("10"), (await now()) + DAY);
      await expectRevert(
        world,
        () => escrow.connect(alice).pledgeWithPermit(id, usd("10"), permit.deadline, permit.v, permit.r, permit.s),
        escrow,
        "EnforcedPause",
      );
      await expect(escrow.connect(alice).withdrawPledge(id, usd("10"))).to.changeTokenBalance(ethers, token, alice, usd("10"));
    });
  });

  describe("withdrawPledge", () => {
    it("returns part, then the rest, of a pledge while funding", async () => {
      const world = await loadWorld();
      const { escrow, alice, bob } = world;
      const { id } = await ethCampaign(world);
      await (await escrow.connect(alice).pledge(id, { value: eth("3") })).wait();
      await (await escrow.connect(bob).pledge(id, { value: eth("1") })).wait();
      const sent = escrow.connect(alice).withdrawPledge(id, eth("1"));
      await expect(sent)
        .to.emit(escrow, "PledgeWithdrawn")
        .withArgs(id, alice.address, eth("1"), eth("2"), eth("3"));
      await expect(sent).to.changeEtherBalances(ethers, [alice, escrow], [eth("1"), -eth("1")]);
      await expect(escrow.connect(alice).withdrawPledge(id, eth("2")))
        .to.emit(escrow, "PledgeWithdrawn")
        .withArgs(id, alice.address, eth("2"), 0n, eth("1"));
      expect(await escrow.pledgeOf(id, alice.address)).to.equal(0n);
      expect((await escrow.getCampaign(id)).pledged).to.equal(eth("1"));
    });

    it("returns ERC-20 pledges, also while paused and at the deadline second", async () => {
      const world = await loadWorld();
      const { escrow, token, alice, guardian } = world;
      const { id, deadline } = await usdCampaign(world);
      await approveAndPledge(world, alice, id, usd("100"));
      await (await escrow.connect(guardian).pause()).wait();
      await time.setNextBlockTimestamp(deadline);
      await expect(escrow.connect(alice).withdrawPledge(id, usd("60"))).to.changeTokenBalances(
        ethers,
        token,
        [alice, escrow],
        [usd("60"), -usd("60")],
      );
      expect(await escrow.pledgeOf(id, alice.address)).to.equal(usd("40"));
    });

    it("rejects zero, more than pledged, unknown campaigns and campaigns no longer funding", async () => {
      const world = await loadWorld();
      const { escrow, alice, bob } = world;
      const { id, deadline } = await ethCampaign(world);
      await (await escrow.connect(alice).pledge(id, { value: eth("1") })).wait();
      await expectRevert(world, () => escrow.connect(alice).withdrawPledge(id, 0n), escrow, "ZeroAmount");
      await expectRevert(world, () => escrow.connect(alice).withdrawPledge(id, eth("1") + 1n), escrow, "InsufficientPledge", [
        eth("1") + 1n,
        eth("1"),
      ]);
      await expectRevert(world, () => escrow.connect(bob).withdrawPledge(id, 1n), escrow, "InsufficientPledge", [1n, 0n]);
      await expectRevert(world, () => escrow.connect(alice).withdrawPledge(42n, 1n), escrow, "UnknownCampaign", [42n]);
      await time.increaseTo(deadline + 1n);
      await expectRevert(world, () => escrow.connect(alice).withdrawPledge(id, eth("1")), escrow, "NotFunding", [
        id,
        State.Failed,
      ]);
      expect(await escrow.pledgeOf(id, alice.address)).to.equal(eth("1"));
    });
  });

  describe("cancelCampaign", () => {
    it("lets a maintainer cancel before the deadline; backers then refund", async () => {
      const world = await loadWorld();
      const { escrow, registry, maintainer, alice, bob } = world;
      const { id } = await ethCampaign(world);
      await (await escrow.connect(alice).pledge(id, { value: eth("4") })).wait();
      await (await registry.connect(maintainer).addMaintainer(1n, bob.address)).wait();
      await expect(escrow.connect(bob).cancelCampaign(id)).to.emit(escrow, "CampaignCancelled").withArgs(id, bob.address);
      expect(await escrow.campaignState(id)).to.equal(State.Cancelled);
      await expect(escrow.connect(alice).refund(id)).to.changeEtherBalances(ethers, [alice, escrow], [eth("4"), -eth("4")]);
    });

    it("works at the deadline second and not after it, nor twice, nor by others", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, alice } = world;
      const first = await ethCampaign(world);
      const second = await ethCampaign(world);
      await expectRevert(world, () => escrow.connect(alice).cancelCampaign(first.id), escrow, "NotProjectMaintainer", [
        1n,
        alice.address,
      ]);
      await expectRevert(world, () => escrow.connect(maintainer).cancelCampaign(77n), escrow, "UnknownCampaign", [77n]);
      await time.setNextBlockTimestamp(first.deadline);
      await (await escrow.connect(maintainer).cancelCampaign(first.id)).wait();
      await expectRevert(world, () => escrow.connect(maintainer).cancelCampaign(first.id), escrow, "NotFunding", [
        first.id,
        State.Cancelled,
      ]);
      await time.increaseTo(second.deadline + 1n);
      await expectRevert(world, () => escrow.connect(maintainer).cancelCampaign(second.id), escrow, "NotFunding", [
        second.id,
        State.Failed,
      ]);
    });
  });

  describe("claim", () => {
    it("pays total minus fee to the payout address once the deadline has passed with the goal met", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, payout, alice, bob } = world;
      const { id, deadline } = await ethCampaign(world, eth("10"));
      await (await escrow.connect(alice).pledge(id, { value: eth("6") })).wait();
      await (await escrow.connect(bob).pledge(id, { value: eth("4") })).wait();
      // At the deadline second the campaign is still funding.
      await time.setNextBlockTimestamp(deadline);
      await expectRevert(world, () => escrow.connect(maintainer).claim(id), escrow, "NotSucceeded", [id, State.Funding]);
      expect(await escrow.campaignState(id)).to.equal(State.Funding);
      await time.setNextBlockTimestamp(deadline + 1n);
      const fee = (eth("10") * FEE_BPS) / 10_000n;
      const sent = escrow.connect(maintainer).claim(id);
      await expect(sent)
        .to.emit(escrow, "CampaignClaimed")
        .withArgs(id, payout.address, maintainer.address, eth("10") - fee, fee);
      await expect(sent).to.changeEtherBalances(ethers, [payout, escrow], [eth("10") - fee, -(eth("10") - fee)]);
      expect(await escrow.accruedFees(ETH)).to.equal(fee);
      expect(await escrow.campaignState(id)).to.equal(State.Claimed);
      await expectRevert(world, () => escrow.connect(maintainer).claim(id), escrow, "NotSucceeded", [id, State.Claimed]);
      // A claimed campaign cannot be refunded.
      await expectRevert(world, () => escrow.connect(alice).refund(id), escrow, "NotRefundable", [id, State.Claimed]);
    });

    it("succeeds with the goal met exactly, fails one unit short", async () => {
      const world = await loadWorld();
      const { escrow, alice } = world;
      const exact = await usdCampaign(world, usd("100"));
      const short = await usdCampaign(world, usd("100"));
      await approveAndPledge(world, alice, exact.id, usd("100"));
      await approveAndPledge(world, alice, short.id, usd("100") - 1n);
      await time.increaseTo(short.deadline + 1n);
      expect(await escrow.campaignState(exact.id)).to.equal(State.Succeeded);
      expect(await escrow.campaignState(short.id)).to.equal(State.Failed);
    });

    it("pays ERC-20 campaigns to the payout address current at claim time, also while paused", async () => {
      const world = await loadWorld();
      const { escrow, token, registry, maintainer, guardian, alice, bob, carol } = world;
      const { id, deadline } = await usdCampaign(world, usd("300"));
      await approveAndPledge(world, alice, id, usd("200"));
      await approveAndPledge(world, bob, id, usd("100"));
      await (await registry.connect(maintainer).setPayoutAddress(1n, carol.address)).wait();
      await (await escrow.connect(guardian).pause()).wait();
      await time.increaseTo(deadline + 1n);
      const fee = (usd("300") * FEE_BPS) / 10_000n;
      await expect(escrow.connect(maintainer).claim(id)).to.changeTokenBalances(
        ethers,
        token,
        [carol, escrow],
        [usd("300") - fee, -(usd("300") - fee)],
      );
      expect(await escrow.accruedFees(world.tokenAddress)).to.equal(fee);
      expect(await token.balanceOf(world.escrowAddress)).to.equal(fee);
    });

    it("charges nothing when the campaign was opened with a zero fee", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, payout, alice } = world;
      await (await escrow.setFee(0)).wait();
      await time.increase(7n * DAY);
      const { id, deadline } = await ethCampaign(world, eth("1"));
      expect((await escrow.getCampaign(id)).feeBps).to.equal(0n);
      await (await escrow.setFee(500)).wait();
      await (await escrow.connect(alice).pledge(id, { value: eth("1") })).wait();
      await time.increaseTo(deadline + 1n);
      await expect(escrow.connect(maintainer).claim(id)).to.changeEtherBalance(ethers, payout, eth("1"));
      expect(await escrow.accruedFees(ETH)).to.equal(0n);
    });

    it("rejects non-maintainers, unknown and failed campaigns", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, alice } = world;
      const { id, deadline } = await ethCampaign(world, eth("10"));
      await (await escrow.connect(alice).pledge(id, { value: eth("1") })).wait();
      await time.increaseTo(deadline + 1n);
      await expectRevert(world, () => escrow.connect(alice).claim(id), escrow, "NotProjectMaintainer", [1n, alice.address]);
      await expectRevert(world, () => escrow.connect(maintainer).claim(9n), escrow, "UnknownCampaign", [9n]);
      await expectRevert(world, () => escrow.connect(maintainer).claim(id), escrow, "NotSucceeded", [id, State.Failed]);
    });
  });

  describe("refund", () => {
    it("returns each backer exactly their pledge, in any order, years later, also while paused", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, guardian, alice, bob, carol } = world;
      const { id, deadline } = await ethCampaign(world, eth("100"));
      await (await escrow.connect(alice).pledge(id, { value: eth("1") })).wait();
      await (await escrow.connect(bob).pledge(id, { value: eth("2") })).wait();
      await (await escrow.connect(carol).pledge(id, { value: eth("3") })).wait();
      await (await escrow.connect(alice).pledge(id, { value: eth("0.25") })).wait();
      await time.increaseTo(deadline + 3n * 365n * DAY);
      await (await escrow.connect(guardian).pause()).wait();
      const sent = escrow.connect(carol).refund(id);
      await expect(sent)
        .to.emit(escrow, "Refunded")
        .withArgs(id, carol.address, eth("3"));
      await expect(sent).to.changeEtherBalances(ethers, [carol, escrow], [eth("3"), -eth("3")]);
      await expect(escrow.connect(alice).refund(id)).to.changeEtherBalance(ethers, alice, eth("1.25"));
      await expect(escrow.connect(bob).refund(id)).to.changeEtherBalance(ethers, bob, eth("2"));
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
      await expectRevert(world, () => escrow.connect(bob).refund(id), escrow, "NothingToRefund", [id, bob.address]);
      // The record of what was raised stays; a refunded campaign cannot be claimed.
      expect((await escrow.getCampaign(id)).pledged).to.equal(eth("6.25"));
      await expectRevert(world, () => escrow.connect(maintainer).claim(id), escrow, "NotSucceeded", [id, State.Failed]);
    });

    it("returns ERC-20 pledges of a failed campaign", async () => {
      const world = await loadWorld();
      const { escrow, token, alice } = world;
      const { id, deadline } = await usdCampaign(world, usd("1000"));
      await approveAndPledge(world, alice, id, usd("70"));
      await time.increaseTo(deadline + 1n);
      await expect(escrow.connect(alice).refund(id)).to.changeTokenBalances(
        ethers,
        token,
        [alice, escrow],
        [usd("70"), -usd("70")],
      );
    });

    it("is refused while funding, after success, for unknown campaigns and to non-backers", async () => {
      const world = await loadWorld();
      const { escrow, alice, stranger } = world;
      const { id, deadline } = await ethCampaign(world, eth("1"));
      await (await escrow.connect(alice).pledge(id, { value: eth("1") })).wait();
      await expectRevert(world, () => escrow.connect(alice).refund(id), escrow, "NotRefundable", [id, State.Funding]);
      await time.increaseTo(deadline + 1n);
      await expectRevert(world, () => escrow.connect(alice).refund(id), escrow, "NotRefundable", [id, State.Succeeded]);
      await expectRevert(world, () => escrow.connect(alice).refund(3n), escrow, "UnknownCampaign", [3n]);
      const failed = await ethCampaign(world, eth("1"));
      await time.increaseTo(failed.deadline + 1n);
      await expectRevert(world, () => escrow.connect(stranger).refund(failed.id), escrow, "NothingToRefund", [
        failed.id,
        stranger.address,
      ]);
    });
  });

  describe("protocol fees", () => {
    it("are sent to the fee recipient by anyone, per token, once", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, feeRecipient, alice, stranger, token, tokenAddress } = world;
      const ethWin = await ethCampaign(world, eth("2"));
      const usdWin = await usdCampaign(world, usd("400"));
      await (await escrow.connect(alice).pledge(ethWin.id, { value: eth("2") })).wait();
      await approveAndPledge(world, alice, usdWin.id, usd("400"));
      await time.increaseTo(usdWin.deadline + 1n);
      await (await escrow.connect(maintainer).claim(ethWin.id)).wait();
      await (await escrow.connect(maintainer).claim(usdWin.id)).wait();
      const ethFee = (eth("2") * FEE_BPS) / 10_000n;
      const usdFee = (usd("400") * FEE_BPS) / 10_000n;
      const sent = escrow.connect(stranger).withdrawFees(ETH);
      await expect(sent)
        .to.emit(escrow, "FeesWithdrawn")
        .withArgs(ETH, feeRecipient.address, ethFee);
      await expect(sent).to.changeEtherBalances(ethers, [feeRecipient, escrow], [ethFee, -ethFee]);
      await expect(escrow.withdrawFees(tokenAddress)).to.changeTokenBalances(
        ethers,
        token,
        [feeRecipient, escrow],
        [usdFee, -usdFee],
      );
      await expectRevert(world, () => escrow.withdrawFees(ETH), escrow, "NoFees", [ETH]);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
      expect(await token.balanceOf(world.escrowAddress)).to.equal(0n);
    });
  });

  describe("a fee recipient that rejects ETH", () => {
    it("only fails its own fee withdrawal; claims and refunds go on", async () => {
      const world = await loadWorld();
      const { escrow, owner, maintainer, payout, alice } = world;
      const rejecter = await new AttackerBacker__factory(owner).deploy(world.escrowAddress);
      await (await rejecter.setMode(1, 0n)).wait();
      const rejecterAddress = await rejecter.getAddress();
      await (await escrow.setFeeRecipient(rejecterAddress)).wait();
      const { id, deadline } = await ethCampaign(world, eth("1"));
      await (await escrow.connect(alice).pledge(id, { value: eth("1") })).wait();
      await time.increaseTo(deadline + 1n);
      const fee = (eth("1") * FEE_BPS) / 10_000n;
      await expect(escrow.connect(maintainer).claim(id)).to.changeEtherBalance(ethers, payout, eth("1") - fee);
      await expectRevert(world, () => escrow.withdrawFees(ETH), escrow, "EthTransferFailed", [rejecterAddress, fee]);
      expect(await escrow.accruedFees(ETH)).to.equal(fee);
      // The owner points fees somewhere that accepts ETH; nothing was lost.
      await (await escrow.setFeeRecipient(world.feeRecipient.address)).wait();
      await expect(escrow.withdrawFees(ETH)).to.changeEtherBalance(ethers, world.feeRecipient, fee);
    });
  });

  describe("protocol owner and guardian", () => {
    it("set fee, fee recipient, guardian and allowlist, with events", async () => {
      const { escrow, alice, bob, guardian, feeRecipient, tokenAddress } = await loadWorld();
      const at = (await now()) + 1n;
      await time.setNextBlockTimestamp(at);
      await expect(escrow.setFee(500))
        .to.emit(escrow, "FeeChangeScheduled")
        .withArgs(FEE_BPS, 500n, at + 7n * DAY);
      expect(await escrow.feeBps()).to.equal(FEE_BPS);
      await time.increaseTo(at + 7n * DAY);
      expect(await escrow.feeBps()).to.equal(500n);
      await expect(escrow.setFeeRecipient(alice.address))
        .to.emit(escrow, "FeeRecipientChanged")
        .withArgs(feeRecipient.address, alice.address);
      expect(await escrow.feeRecipient()).to.equal(alice.address);
      await expect(escrow.setGuardian(bob.address)).to.emit(escrow, "GuardianChanged").withArgs(guardian.address, bob.address);
      expect(await escrow.guardian()).to.equal(bob.address);
      await expect(escrow.setTokenAllowed(tokenAddress, false))
        .to.emit(escrow, "TokenAllowlistChanged")
        .withArgs(tokenAddress, false);
      expect(await escrow.isTokenAllowed(tokenAddress)).to.equal(false);
      await expect(escrow.connect(bob).pause()).to.emit(escrow, "Paused").withArgs(bob.address);
      await expect(escrow.connect(bob).unpause()).to.emit(escrow, "Unpaused").withArgs(bob.address);
    });

    it("reject callers without the role and bad values", async () => {
      const world = await loadWorld();
      const { escrow, alice, owner, guardian, tokenAddress } = world;
      for (const call of [
        () => escrow.connect(alice).setFee(1),
        () => escrow.connect(alice).setFeeRecipient(alice.address),
        () => escrow.connect(alice).setGuardian(alice.address),
        () => escrow.connect(alice).setTokenAllowed(tokenAddress, false),
      ]) {
        await expectRevert(world, call, escrow, "OwnableUnauthorizedAccount", [alice.address]);
      }
      await expectRevert(world, () => escrow.setFee(501), escrow, "FeeTooHigh", [501n, 500n]);
      await expectRevert(world, () => escrow.setFeeRecipient(ETH), escrow, "ZeroAddress");
      await expectRevert(world, () => escrow.setTokenAllowed(ETH, true), escrow, "ZeroAddress");
      await expectRevert(world, () => escrow.connect(owner).pause(), escrow, "NotGuardian", [owner.address]);
      await expectRevert(world, () => escrow.connect(alice).unpause(), escrow, "NotGuardian", [alice.address]);
      await (await escrow.connect(guardian).pause()).wait();
      await expectRevert(world, () => escrow.connect(guardian).pause(), escrow, "EnforcedPause");
      await (await escrow.connect(guardian).unpause()).wait();
      await expectRevert(world, () => escrow.connect(guardian).unpause(), escrow, "ExpectedPause");
      expect(await escrow.feeBps()).to.equal(FEE_BPS);
      expect(await escrow.isTokenAllowed(tokenAddress)).to.equal(true);
    });

    it("hand protocol ownership over in two steps", async () => {
      const { escrow, owner, alice } = await loadWorld();
      await (await escrow.transferOwnership(alice.address)).wait();
      expect(await escrow.owner()).to.equal(owner.address);
      await expect(escrow.connect(alice).acceptOwnership())
        .to.emit(escrow, "OwnershipTransferred")
        .withArgs(owner.address, alice.address);
      await (await escrow.connect(alice).setFee(7)).wait();
      expect((await escrow.pendingFee())[0]).to.equal(7n);
      await time.increase(7n * DAY);
      expect(await escrow.feeBps()).to.equal(7n);
    });
  });

  describe("hostile tokens", () => {
    it("refuses a fee-on-transfer token instead of crediting the wrong amount", async () => {
      const world = await loadWorld();
      const { escrow, owner, maintainer, alice } = world;
      const fot = await new FeeOnTransferToken__factory(owner).deploy();
      const fotAddress = await fot.getAddress();
      await (await fot.mint(alice.address, 1000n)).wait();
      await (await escrow.setTokenAllowed(fotAddress, true)).wait();
      const deadline = (await now()) + 10n * DAY;
      await (await escrow.connect(maintainer).openCampaign(terms(deadline, { token: fotAddress, goal: 500n }))).wait();
      await (await fot.connect(alice).approve(world.escrowAddress, 1000n)).wait();
      await expect(escrow.connect(alice).pledgeToken(1n, 1000n))
        .to.be.revertedWithCustomError(escrow, "TransferAmountMismatch")
        .withArgs(1000n, 990n);
      expect(await fot.balanceOf(alice.address)).to.equal(1000n);
      expect(await fot.balanceOf(world.escrowAddress)).to.equal(0n);
      expect(await escrow.pledgeOf(1n, alice.address)).to.equal(0n);
    });

    it("refuses a token that answers a transfer with false, and keeps the pledge for a later refund", async () => {
      const world = await loadWorld();
      const { escrow, owner, maintainer, alice } = world;
      const frt = await new FalseReturnToken__factory(owner).deploy();
      const frtAddress = await frt.getAddress();
      await (await frt.mint(alice.address, 1000n)).wait();
      await (await escrow.setTokenAllowed(frtAddress, true)).wait();
      const deadline = (await now()) + 10n * DAY;
      await (await escrow.connect(maintainer).openCampaign(terms(deadline, { token: frtAddress, goal: 5000n }))).wait();
      await (await frt.connect(alice).approve(world.escrowAddress, 1000n)).wait();
      await (await frt.setFailing(true)).wait();
      await expectRevert(world, () => escrow.connect(alice).pledgeToken(1n, 500n), escrow, "SafeERC20FailedOperation", [
        frtAddress,
      ]);
      await (await frt.setFailing(false)).wait();
      await (await escrow.connect(alice).pledgeToken(1n, 500n)).wait();
      await time.increaseTo(deadline + 1n);
      await (await frt.setFailing(true)).wait();
      await expectRevert(world, () => escrow.connect(alice).refund(1n), escrow, "SafeERC20FailedOperation", [frtAddress]);
      expect(await escrow.pledgeOf(1n, alice.address)).to.equal(500n);
      await (await frt.setFailing(false)).wait();
      await (await escrow.connect(alice).refund(1n)).wait();
      expect(await frt.balanceOf(alice.address)).to.equal(1000n);
    });

    it("works with a token whose functions return no bool", async () => {
      const world = await loadWorld();
      const { escrow, owner, maintainer, payout, alice, bob } = world;
      const usdt = await new NoReturnToken__factory(owner).deploy();
      const usdtAddress = await usdt.getAddress();
      await (await escrow.setTokenAllowed(usdtAddress, true)).wait();
      for (const backer of [alice, bob]) {
        await (await usdt.mint(backer.address, 1000n)).wait();
        await (await usdt.connect(backer).approve(world.escrowAddress, 1000n)).wait();
      }
      const deadline = (await now()) + 10n * DAY;
      await (await escrow.connect(maintainer).openCampaign(terms(deadline, { token: usdtAddress, goal: 1000n }))).wait();
      await (await escrow.connect(maintainer).openCampaign(terms(deadline, { token: usdtAddress, goal: 5000n }))).wait();
      await (await escrow.connect(alice).pledgeToken(1n, 1000n)).wait();
      await (await escrow.connect(bob).pledgeToken(2n, 600n)).wait();
      await (await escrow.connect(bob).withdrawPledge(2n, 100n)).wait();
      await time.increaseTo(deadline + 1n);
      await (await escrow.connect(maintainer).claim(1n)).wait();
      await (await escrow.connect(bob).refund(2n)).wait();
      expect(await usdt.balanceOf(payout.address)).to.equal(1000n - (1000n * FEE_BPS) / 10_000n);
      expect(await usdt.balanceOf(bob.address)).to.equal(1000n);
      expect(await usdt.balanceOf(world.escrowAddress)).to.equal((1000n * FEE_BPS) / 10_000n);
    });
  });

  describe("hostile backers and payout addresses", () => {
    it("a re-entrant backer is refunded once and cannot re-enter", async () => {
      const world = await loadWorld();
      const { escrow, owner, alice } = world;
      const attacker = await new AttackerBacker__factory(owner).deploy(world.escrowAddress);
      const { id, deadline } = await ethCampaign(world, eth("100"));
      await (await attacker.pledge(id, { value: eth("1") })).wait();
      await (await escrow.connect(alice).pledge(id, { value: eth("2") })).wait();
      await (await attacker.setMode(2, id)).wait();
      // Withdrawing while funding tries to re-enter too.
      await (await attacker.withdrawPledge(id, eth("0.5"))).wait();
      expect(await attacker.reentrySucceeded()).to.equal(false);
      const guardError = escrow.interface.encodeErrorResult("ReentrancyGuardReentrantCall");
      expect(await attacker.reentryError()).to.equal(guardError);
      await time.increaseTo(deadline + 1n);
      await expect(attacker.refund(id)).to.changeEtherBalances(ethers, [attacker, escrow], [eth("0.5"), -eth("0.5")]);
      expect(await attacker.reentrySucceeded()).to.equal(false);
      expect(await attacker.reentryError()).to.equal(guardError);
      await expect(escrow.connect(alice).refund(id)).to.changeEtherBalance(ethers, alice, eth("2"));
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });

    it("a backer that rejects ETH cannot block other backers' refunds", async () => {
      const world = await loadWorld();
      const { escrow, owner, alice } = world;
      const rejecter = await new AttackerBacker__factory(owner).deploy(world.escrowAddress);
      const { id, deadline } = await ethCampaign(world, eth("100"));
      await (await rejecter.pledge(id, { value: eth("1") })).wait();
      await (await escrow.connect(alice).pledge(id, { value: eth("2") })).wait();
      await (await rejecter.setMode(1, id)).wait();
      await time.increaseTo(deadline + 1n);
      await expectRevert(world, () => rejecter.refund(id), escrow, "EthTransferFailed", [await rejecter.getAddress(), eth("1")]);
      await expect(escrow.connect(alice).refund(id)).to.changeEtherBalance(ethers, alice, eth("2"));
      // Its own money is still there for it.
      await (await rejecter.setMode(0, id)).wait();
      await expect(rejecter.refund(id)).to.changeEtherBalance(ethers, rejecter, eth("1"));
    });

    it("a payout address that rejects ETH or re-enters cannot take or lock anyone's funds", async () => {
      const world = await loadWorld();
      const { escrow, registry, owner, maintainer, payout, alice } = world;
      const hostile = await new AttackerBacker__factory(owner).deploy(world.escrowAddress);
      const hostileAddress = await hostile.getAddress();
      await (await registry.connect(maintainer).setPayoutAddress(1n, hostileAddress)).wait();
      const win = await ethCampaign(world, eth("1"));
      const lose = await ethCampaign(world, eth("100"));
      await (await escrow.connect(alice).pledge(win.id, { value: eth("1") })).wait();
      await (await escrow.connect(alice).pledge(lose.id, { value: eth("1") })).wait();
      await time.increaseTo(lose.deadline + 1n);
      await (await hostile.setMode(1, lose.id)).wait();
      const fee = (eth("1") * FEE_BPS) / 10_000n;
      await expectRevert(world, () => escrow.connect(maintainer).claim(win.id), escrow, "EthTransferFailed", [
        hostileAddress,
        eth("1") - fee,
      ]);
      // Backers of other campaigns are not affected.
      await expect(escrow.connect(alice).refund(lose.id)).to.changeEtherBalance(ethers, alice, eth("1"));
      // A re-entering payout gets its claim and nothing more.
      await (await hostile.setMode(2, lose.id)).wait();
      await expect(escrow.connect(maintainer).claim(win.id)).to.changeEtherBalance(ethers, hostile, eth("1") - fee);
      expect(await hostile.reentrySucceeded()).to.equal(false);
      // What stopped it is the guard of `claim`, not a later check of `refund`.
      expect(await hostile.reentryError()).to.equal(escrow.interface.encodeErrorResult("ReentrancyGuardReentrantCall"));
      // The owner can always point the payout somewhere that accepts ETH.
      await (await registry.connect(maintainer).setPayoutAddress(1n, payout.address)).wait();
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(fee);
    });
  });

  describe("views", () => {
    it("follow a campaign through its states and reject unknown ids", async () => {
      const world = await loadWorld();
      const { escrow, maintainer, alice } = world;
      const { id, deadline } = await ethCampaign(world, eth("1"));
      expect(await escrow.campaignState(id)).to.equal(State.Funding);
      await (await escrow.connect(alice).pledge(id, { value: eth("1") })).wait();
      await time.increaseTo(deadline + 1n);
      expect(await escrow.campaignState(id)).to.equal(State.Succeeded);
      await (await escrow.connect(maintainer).claim(id)).wait();
      expect((await escrow.getCampaign(id)).state).to.equal(State.Claimed);
      await expect(escrow.campaignState(0n)).to.be.revertedWithCustomError(escrow, "UnknownCampaign").withArgs(0n);
      await expect(escrow.getCampaign(2n)).to.be.revertedWithCustomError(escrow, "UnknownCampaign").withArgs(2n);
    });
  });
});
