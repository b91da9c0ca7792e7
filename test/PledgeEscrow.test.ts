import { expect } from "chai";
import type { Signer } from "ethers";

import { signPermit } from "../client/index.js";
import {
  AttackerBacker__factory,
  FalseReturnToken__factory,
  FeeOnTransferToken__factory,
  NoReturnToken__factory,
  BonusPool__factory,
  RequestBoard__factory,
  ShareLedger__factory,
  PledgeEscrow__factory,
} from "../typechain-types/index.js";
import { shouldBehaveLikeAnEscrowOf } from "./behaviours/escrow.behaviour.js";
import { ERC20, ETHER } from "./helpers/currencies.js";
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
  latestDeadlineOf,
  loadWorld,
  MAX_AMOUNT,
  networkHelpers,
  now,
  openCampaign,
  SPEC,
  SPEC_HASH,
  State,
  terms,
  usd,
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

const { time } = networkHelpers;
const L = DEFAULT_LAST_CALL;
const C = DEFAULT_CLAIM_WINDOW;

/** An ETH campaign (goal 10 ETH unless given) of 30 days. */
async function ethCampaign(world: World, goal = eth("10")) {
  return openCampaign(world, { goal });
}

/** A PUSD campaign (goal 1,000 PUSD unless given) of 30 days. */
async function usdCampaign(world: World, goal = usd("1000")) {
  return openCampaign(world, { token: world.tokenAddress, goal });
}

async function approveAndPledge(world: World, backer: World["alice"], id: bigint, amount: bigint) {
  await (await world.token.connect(backer).approve(world.escrowAddress, amount)).wait();
  await (await world.escrow.connect(backer).pledgeToken(id, amount)).wait();
}

describe("PledgeEscrow", () => {
  describe("deployment", () => {
    it("records the registry it reads projects from", async () => {
      const { escrow, registry } = await loadWorld();
      expect(await escrow.registry()).to.equal(await registry.getAddress());
    });

    it("records the owner, the guardian and the fee recipient", async () => {
      const { escrow, owner, guardian, feeRecipient } = await loadWorld();
      expect([await escrow.owner(), await escrow.guardian(), await escrow.feeRecipient()]).to.deep.equal([
        owner.address,
        guardian.address,
        feeRecipient.address,
      ]);
    });

    it("records the fee, with no change pending", async () => {
      const { escrow } = await loadWorld();
      expect(await escrow.feeBps()).to.equal(FEE_BPS);
      expect(await escrow.pendingFee()).to.deep.equal([0n, 0n]);
    });

    it("exposes its limits and defaults as constants", async () => {
      const { escrow } = await loadWorld();
      expect(await escrow.MAX_FEE_BPS()).to.equal(500n);
      expect(await escrow.MAX_DURATION()).to.equal(365n * DAY);
      expect(await escrow.NATIVE_TOKEN()).to.equal(ETH);
      expect(await escrow.MIN_LAST_CALL()).to.equal(DAY);
      expect(await escrow.MAX_LAST_CALL()).to.equal(7n * DAY);
      expect(await escrow.DEFAULT_LAST_CALL()).to.equal(L);
      expect(await escrow.MIN_CLAIM_WINDOW()).to.equal(7n * DAY);
      expect(await escrow.MAX_CLAIM_WINDOW()).to.equal(180n * DAY);
      expect(await escrow.DEFAULT_CLAIM_WINDOW()).to.equal(C);
      expect(await escrow.FEE_CHANGE_DELAY()).to.equal(7n * DAY);
    });

    it("announces its guardian, fee recipient and fee in events", async () => {
      const { registry, owner, guardian, feeRecipient } = await loadWorld();
      const deployed = await new PledgeEscrow__factory(owner).deploy(
        await registry.getAddress(),
        owner.address,
        guardian.address,
        feeRecipient.address,
        100,
        await bonusPoolAddress(owner),
        await shareLedgerAddress(owner, await registry.getAddress()), await requestBoardAddress(owner, await registry.getAddress()),
      );
      const receipt = deployed.deploymentTransaction();
      await expect(receipt).to.emit(deployed, "GuardianChanged").withArgs(ETH, guardian.address);
      await expect(receipt).to.emit(deployed, "FeeRecipientChanged").withArgs(ETH, feeRecipient.address);
      await expect(receipt).to.emit(deployed, "FeeChanged").withArgs(0n, 100n);
    });

    it("refuses a zero registry: ZeroAddress", async () => {
      const { escrow, owner } = await loadWorld();
      const factory = new PledgeEscrow__factory(owner);
      await expect(factory.deploy(ETH, owner.address, owner.address, owner.address, 0, await bonusPoolAddress(owner), await shareLedgerAddress(owner, ETH), await requestBoardAddress(owner, ETH))).to.be.revertedWithCustomError(
        escrow,
        "ZeroAddress",
      );
    });

    it("refuses a zero fee recipient: ZeroAddress", async () => {
      const { escrow, registry, owner } = await loadWorld();
      const factory = new PledgeEscrow__factory(owner);
      await expect(factory.deploy(await registry.getAddress(), owner.address, owner.address, ETH, 0, await bonusPoolAddress(owner), await shareLedgerAddress(owner, await registry.getAddress()), await requestBoardAddress(owner, await registry.getAddress()))).to.be.revertedWithCustomError(
        escrow,
        "ZeroAddress",
      );
    });

    it("refuses a fee above the cap: FeeTooHigh(fee, cap)", async () => {
      const { escrow, registry, owner } = await loadWorld();
      const factory = new PledgeEscrow__factory(owner);
      await expect(factory.deploy(await registry.getAddress(), owner.address, owner.address, owner.address, 501, await bonusPoolAddress(owner), await shareLedgerAddress(owner, await registry.getAddress()), await requestBoardAddress(owner, await registry.getAddress())))
        .to.be.revertedWithCustomError(escrow, "FeeTooHigh")
        .withArgs(501n, 500n);
    });
  });

  describe("openCampaign", () => {
    /** Opens a PUSD campaign of 500 PUSD ending in 10 days; returns its deadline and the opening receipt. */
    async function openUsd(world: World) {
      const deadline = (await now()) + 10n * DAY;
      const sent = world.escrow.connect(world.maintainer).openCampaign(terms(deadline, { token: world.tokenAddress, goal: usd("500") }));
      return { deadline, sent };
    }

    it("emits CampaignOpened with the terms, the fee it records, the spec URI and the defaults", async () => {
      const world = await loadWorld();
      const { deadline, sent } = await openUsd(world);
      await expect(sent)
        .to.emit(world.escrow, "CampaignOpened")
        .withArgs(1n, 1n, world.maintainer.address, world.tokenAddress, usd("500"), deadline, FEE_BPS, SPEC, SPEC_HASH, L, C);
    });

    it("numbers campaigns from 1", async () => {
      const world = await loadWorld();
      await (await (await openUsd(world)).sent).wait();
      expect(await world.escrow.campaignCount()).to.equal(1n);
    });

    it("records the terms in getCampaign, funding with nothing pledged", async () => {
      const world = await loadWorld();
      const { deadline, sent } = await openUsd(world);
      await (await sent).wait();
      const campaign = await world.escrow.getCampaign(1n);
      expect(campaign.projectId).to.equal(1n);
      expect(campaign.token).to.equal(world.tokenAddress);
      expect(campaign.goal).to.equal(usd("500"));
      expect(campaign.pledged).to.equal(0n);
      expect(campaign.deadline).to.equal(deadline);
      expect(campaign.feeBps).to.equal(FEE_BPS);
      expect(campaign.state).to.equal(State.Funding);
      expect(campaign.plannedDeadline).to.equal(deadline);
      expect(campaign.lastCall).to.equal(L);
      expect(campaign.claimWindow).to.equal(C);
      expect(campaign.goalReachedAt).to.equal(0n);
    });

    it("commits to the spec URI and its document's content hash in one word, keeping neither itself", async () => {
      const world = await loadWorld();
      const { sent } = await openUsd(world);
      await (await sent).wait();
      const commitment = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["string", "bytes32"], [SPEC, SPEC_HASH]));
      expect((await world.escrow.getCampaign(1n)).specCommitment).to.equal(commitment);
    });

    it("records the block of the opening transaction as openedAtBlock", async () => {
      const world = await loadWorld();
      const { sent } = await openUsd(world);
      const receipt = await (await sent).wait();
      expect((await world.escrow.getCampaign(1n)).openedAtBlock).to.equal(BigInt(receipt?.blockNumber ?? 0));
    });

    it("leaves the spec URI in the CampaignOpened event of block openedAtBlock, where a reader finds it by id", async () => {
      const world = await loadWorld();
      const other = "https://github.com/openpledge/openpledge/issues/2";
      await (await world.escrow.connect(world.maintainer).openCampaign(terms((await now()) + 10n * DAY, { specURI: other }))).wait();
      const { sent } = await openUsd(world);
      await (await sent).wait();
      const campaign = await world.escrow.getCampaign(2n);
      const block = Number(campaign.openedAtBlock);
      const events = await world.escrow.queryFilter(world.escrow.filters.CampaignOpened(2n), block, block);
      expect(events.map((event) => [event.args.specURI, event.args.specHash])).to.deep.equal([[SPEC, SPEC_HASH]]);
      const [uri, documentHash] = [events[0]?.args.specURI ?? "", events[0]?.args.specHash ?? ethers.ZeroHash];
      expect(ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["string", "bytes32"], [uri, documentHash]))).to.equal(campaign.specCommitment);
    });

    it("keeps the fee it recorded when a later fee change takes effect", async () => {
      const world = await loadWorld();
      await (await (await openUsd(world)).sent).wait();
      await (await world.escrow.setFee(400)).wait();
      await time.increase(7n * DAY);
      expect(await world.escrow.feeBps()).to.equal(400n);
      expect((await world.escrow.getCampaign(1n)).feeBps).to.equal(FEE_BPS);
    });

    it("lists the view's fields in the order tools decode them", async () => {
      const { escrow } = await loadWorld();
      const fields = escrow.interface.getFunction("getCampaign").outputs[0]?.components?.map((field) => field.name);
      expect(fields).to.deep.equal([
        "projectId",
        "token",
        "goal",
        "pledged",
        "deadline",
        "feeBps",
        "state",
        "specCommitment",
        "openedAtBlock",
        "plannedDeadline",
        "lastCall",
        "claimWindow",
        "goalReachedAt",
      ]);
    });

    it("derives the weight cutoff (D0 - 2L) and the latest deadline (D0 + 2L) from the planned deadline", async () => {
      const world = await loadWorld();
      const { deadline } = await openCampaign(world, { lastCall: DAY });
      const campaign = await world.escrow.getCampaign(1n);
      expect(weightCutoffOf(campaign)).to.equal(deadline - 2n * DAY);
      expect(latestDeadlineOf(campaign)).to.equal(deadline + 2n * DAY);
    });

    it("reports ETH as the zero token of an ETH campaign", async () => {
      const world = await loadWorld();
      await ethCampaign(world);
      expect((await world.escrow.getCampaign(1n)).token).to.equal(ETH);
    });

    it("accepts a deadline exactly MAX_DURATION ahead", async () => {
      const world = await loadWorld();
      const next = (await now()) + 1n;
      await time.setNextBlockTimestamp(next);
      await (await world.escrow.connect(world.maintainer).openCampaign(terms(next + 365n * DAY))).wait();
      expect((await world.escrow.getCampaign(1n)).deadline).to.equal(next + 365n * DAY);
    });

    it("accepts the largest goal, 2^104 - 1", async () => {
      const world = await loadWorld();
      await openCampaign(world, { goal: MAX_AMOUNT });
      expect((await world.escrow.getCampaign(1n)).goal).to.equal(MAX_AMOUNT);
    });

    it("refuses a caller who does not maintain the project: NotProjectMaintainer", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 10n * DAY;
      await expectRevert(world, () => world.escrow.connect(world.alice).openCampaign(terms(deadline)), world.escrow, "NotProjectMaintainer", [
        1n,
        world.alice.address,
      ]);
      expect(await world.escrow.campaignCount()).to.equal(0n);
    });

    it("refuses an unknown project: UnknownProject, from the registry", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 10n * DAY;
      await expectRevert(
        world,
        () => world.escrow.connect(world.maintainer).openCampaign(terms(deadline, { projectId: 5n })),
        world.registry,
        "UnknownProject",
        [5n],
      );
    });

    describe("refuses bad terms, opening nothing", () => {
      const open = async (world: World, options: Parameters<typeof terms>[1]) => {
        const deadline = (await now()) + 10n * DAY;
        return () => world.escrow.connect(world.maintainer).openCampaign(terms(deadline, options));
      };

      it("an empty spec URI: EmptySpecURI", async () => {
        const world = await loadWorld();
        await expectRevert(world, await open(world, { specURI: "" }), world.escrow, "EmptySpecURI");
        expect(await world.escrow.campaignCount()).to.equal(0n);
      });

      it("a token off the allowlist: TokenNotAllowed", async () => {
        const world = await loadWorld();
        await expectRevert(world, await open(world, { token: world.stranger.address }), world.escrow, "TokenNotAllowed", [
          world.stranger.address,
        ]);
      });

      it("a zero goal: ZeroAmount", async () => {
        const world = await loadWorld();
        await expectRevert(world, await open(world, { goal: 0n }), world.escrow, "ZeroAmount");
      });

      it("a goal above 2^104 - 1: AmountTooLarge(goal, max)", async () => {
        const world = await loadWorld();
        await expectRevert(world, await open(world, { goal: MAX_AMOUNT + 1n }), world.escrow, "AmountTooLarge", [
          MAX_AMOUNT + 1n,
          MAX_AMOUNT,
        ]);
      });
    });

    for (const [what, offsets] of [
      ["less than two last calls ahead (4 days by default), or in the past", [2n * L - 1n, DAY, 0n, -1n]],
      ["more than MAX_DURATION ahead", [365n * DAY + 1n]],
    ] as const) {
      it(`refuses a deadline ${what}: InvalidDeadline(deadline, now + 2L, now + MAX_DURATION)`, async () => {
        const world = await loadWorld();
        for (const offset of offsets) {
          const blockTime = (await now()) + 1n;
          await time.setNextBlockTimestamp(blockTime);
          await expectRevert(
            world,
            () => world.escrow.connect(world.maintainer).openCampaign(terms(blockTime + offset)),
            world.escrow,
            "InvalidDeadline",
            [blockTime + offset, blockTime + 2n * L, blockTime + 365n * DAY],
          );
        }
        expect(await world.escrow.campaignCount()).to.equal(0n);
      });
    }

    it("is refused while paused: EnforcedPause", async () => {
      const world = await loadWorld();
      await (await world.escrow.connect(world.guardian).pause()).wait();
      const deadline = (await now()) + 10n * DAY;
      await expectRevert(world, () => world.escrow.connect(world.maintainer).openCampaign(terms(deadline)), world.escrow, "EnforcedPause");
    });

    it("is allowed again once the guardian unpauses", async () => {
      const world = await loadWorld();
      await (await world.escrow.connect(world.guardian).pause()).wait();
      await (await world.escrow.connect(world.guardian).unpause()).wait();
      await ethCampaign(world);
      expect(await world.escrow.campaignCount()).to.equal(1n);
    });

    it("keeps an open campaign's token usable after the token leaves the allowlist", async () => {
      const world = await loadWorld();
      const { id } = await usdCampaign(world);
      await (await world.escrow.setTokenAllowed(world.tokenAddress, false)).wait();
      await approveAndPledge(world, world.alice, id, usd("5"));
      expect(await world.escrow.pledgeOf(id, world.alice.address)).to.equal(usd("5"));
    });
  });

  describe("with ETH", () => {
    shouldBehaveLikeAnEscrowOf(ETHER);
  });

  describe("with an ERC-20", () => {
    shouldBehaveLikeAnEscrowOf(ERC20);

    it("spends exactly the approval a pledge uses", async () => {
      const world = await loadWorld();
      const { id } = await usdCampaign(world);
      await approveAndPledge(world, world.alice, id, usd("250"));
      expect(await world.token.allowance(world.alice.address, world.escrowAddress)).to.equal(0n);
    });

    it("refuses a pledge without an allowance: ERC20InsufficientAllowance, from the token", async () => {
      const world = await loadWorld();
      const { id } = await usdCampaign(world);
      await expectRevert(world, () => world.escrow.connect(world.alice).pledgeToken(id, usd("1")), world.token, "ERC20InsufficientAllowance", [
        world.escrowAddress,
        0n,
        usd("1"),
      ]);
    });
  });

  describe("pledgeWithPermit (ERC-20, one transaction)", () => {
    async function permitFor(world: World, signer: World["alice"], amount: bigint) {
      return signPermit(world.token, signer, world.escrowAddress, amount, (await now()) + DAY);
    }

    it("pledges with a permit and no prior approval", async () => {
      const world = await loadWorld();
      const { id } = await usdCampaign(world);
      const permit = await permitFor(world, world.alice, usd("40"));
      const sent = world.escrow.connect(world.alice).pledgeWithPermit(id, usd("40"), permit.deadline, permit.v, permit.r, permit.s);
      await expect(sent).to.changeTokenBalances(ethers, world.token, [world.alice, world.escrow], [-usd("40"), usd("40")]);
    });

    it("emits Pledged like any pledge", async () => {
      const world = await loadWorld();
      const { id } = await usdCampaign(world);
      const permit = await permitFor(world, world.alice, usd("40"));
      await expect(world.escrow.connect(world.alice).pledgeWithPermit(id, usd("40"), permit.deadline, permit.v, permit.r, permit.s))
        .to.emit(world.escrow, "Pledged")
        .withArgs(id, world.alice.address, usd("40"));
    });

    it("uses the permit: the backer's nonce moves on", async () => {
      const world = await loadWorld();
      const { id } = await usdCampaign(world);
      const permit = await permitFor(world, world.alice, usd("40"));
      await (await world.escrow.connect(world.alice).pledgeWithPermit(id, usd("40"), permit.deadline, permit.v, permit.r, permit.s)).wait();
      expect(await world.token.nonces(world.alice.address)).to.equal(1n);
    });

    it("still pledges when someone submitted the permit first", async () => {
      const world = await loadWorld();
      const { token, alice, stranger, escrowAddress } = world;
      const { id } = await usdCampaign(world);
      const permit = await permitFor(world, alice, usd("40"));
      // Someone copies the signature from the mempool and submits it first.
      await (await token.connect(stranger).permit(alice.address, escrowAddress, usd("40"), permit.deadline, permit.v, permit.r, permit.s)).wait();
      await expect(
        world.escrow.connect(alice).pledgeWithPermit(id, usd("40"), permit.deadline, permit.v, permit.r, permit.s),
      ).to.changeTokenBalances(ethers, token, [alice, world.escrow], [-usd("40"), usd("40")]);
    });

    it("refuses a bad permit when no allowance covers the amount: PermitFailed(allowance, amount)", async () => {
      const world = await loadWorld();
      const { id } = await usdCampaign(world);
      // Signed by bob for alice's tokens: the permit fails and alice approved nothing.
      const forged = await permitFor(world, world.bob, usd("40"));
      await expectRevert(
        world,
        () => world.escrow.connect(world.alice).pledgeWithPermit(id, usd("40"), forged.deadline, forged.v, forged.r, forged.s),
        world.escrow,
        "PermitFailed",
        [0n, usd("40")],
      );
    });

    it("ignores a bad permit when an approval already covers the amount", async () => {
      const world = await loadWorld();
      const { id } = await usdCampaign(world);
      const forged = await permitFor(world, world.bob, usd("40"));
      await (await world.token.connect(world.alice).approve(world.escrowAddress, usd("40"))).wait();
      await (await world.escrow.connect(world.alice).pledgeWithPermit(id, usd("40"), forged.deadline, forged.v, forged.r, forged.s)).wait();
      expect(await world.escrow.pledgeOf(id, world.alice.address)).to.equal(usd("40"));
    });

    it("refuses an ETH campaign: WrongToken(id, ETH)", async () => {
      const world = await loadWorld();
      const { id } = await ethCampaign(world);
      const permit = await permitFor(world, world.alice, usd("40"));
      await expectRevert(
        world,
        () => world.escrow.connect(world.alice).pledgeWithPermit(id, usd("40"), permit.deadline, permit.v, permit.r, permit.s),
        world.escrow,
        "WrongToken",
        [id, ETH],
      );
    });

    it("refuses a campaign that no longer funds: UnexpectedState(Failed, {Funding})", async () => {
      const world = await loadWorld();
      const { id, deadline } = await usdCampaign(world);
      const permit = await signPermit(world.token, world.alice, world.escrowAddress, usd("40"), deadline + DAY);
      await time.increaseTo(deadline + 1n);
      await expectRevert(
        world,
        () => world.escrow.connect(world.alice).pledgeWithPermit(id, usd("40"), permit.deadline, permit.v, permit.r, permit.s),
        world.escrow,
        "UnexpectedState",
        [id, State.Failed, EXPECTED.funding],
      );
    });

    it("is refused while paused: EnforcedPause", async () => {
      const world = await loadWorld();
      const { id } = await usdCampaign(world);
      await (await world.escrow.connect(world.guardian).pause()).wait();
      const permit = await permitFor(world, world.alice, usd("10"));
      await expectRevert(
        world,
        () => world.escrow.connect(world.alice).pledgeWithPermit(id, usd("10"), permit.deadline, permit.v, permit.r, permit.s),
        world.escrow,
        "EnforcedPause",
      );
    });
  });

  describe("cancelCampaign", () => {
    it("lets any maintainer of the project cancel, and emits CampaignCancelled", async () => {
      const world = await loadWorld();
      const { id } = await ethCampaign(world);
      await (await world.registry.connect(world.maintainer).addMaintainer(1n, world.bob.address)).wait();
      await expect(world.escrow.connect(world.bob).cancelCampaign(id)).to.emit(world.escrow, "CampaignCancelled").withArgs(id, world.bob.address);
    });

    it("leaves the campaign Cancelled", async () => {
      const world = await loadWorld();
      const { id } = await ethCampaign(world);
      await (await world.escrow.connect(world.maintainer).cancelCampaign(id)).wait();
      expect(await world.escrow.campaignState(id)).to.equal(State.Cancelled);
    });

    it("works at the deadline second", async () => {
      const world = await loadWorld();
      const { id, deadline } = await ethCampaign(world);
      await time.setNextBlockTimestamp(deadline);
      await (await world.escrow.connect(world.maintainer).cancelCampaign(id)).wait();
      expect(await world.escrow.campaignState(id)).to.equal(State.Cancelled);
    });

    it("is refused one second after the deadline: UnexpectedState(Failed, {Funding})", async () => {
      const world = await loadWorld();
      const { id, deadline } = await ethCampaign(world);
      await time.increaseTo(deadline + 1n);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).cancelCampaign(id), world.escrow, "UnexpectedState", [
        id,
        State.Failed,
        EXPECTED.funding,
      ]);
    });

    it("is refused a second time: UnexpectedState(Cancelled, {Funding})", async () => {
      const world = await loadWorld();
      const { id } = await ethCampaign(world);
      await (await world.escrow.connect(world.maintainer).cancelCampaign(id)).wait();
      await expectRevert(world, () => world.escrow.connect(world.maintainer).cancelCampaign(id), world.escrow, "UnexpectedState", [
        id,
        State.Cancelled,
        EXPECTED.funding,
      ]);
    });

    it("is refused to anyone but a maintainer: NotProjectMaintainer", async () => {
      const world = await loadWorld();
      const { id } = await ethCampaign(world);
      await expectRevert(world, () => world.escrow.connect(world.alice).cancelCampaign(id), world.escrow, "NotProjectMaintainer", [
        1n,
        world.alice.address,
      ]);
    });

    it("is refused for an unknown campaign: UnknownCampaign", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.escrow.connect(world.maintainer).cancelCampaign(77n), world.escrow, "UnknownCampaign", [77n]);
    });
  });

  describe("claim", () => {
    it("is refused to anyone but a maintainer: NotProjectMaintainer", async () => {
      const world = await loadWorld();
      const { id, deadline } = await ethCampaign(world, eth("1"));
      await (await world.escrow.connect(world.alice).pledge(id, { value: eth("1") })).wait();
      await time.increaseTo(deadline + 1n);
      await expectRevert(world, () => world.escrow.connect(world.alice).claim(id), world.escrow, "NotProjectMaintainer", [1n, world.alice.address]);
    });

    it("is refused for an unknown campaign: UnknownCampaign", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(9n), world.escrow, "UnknownCampaign", [9n]);
    });
  });

  describe("protocol owner and guardian", () => {
    it("setFeeRecipient changes the fee recipient and emits FeeRecipientChanged", async () => {
      const { escrow, alice, feeRecipient } = await loadWorld();
      await expect(escrow.setFeeRecipient(alice.address)).to.emit(escrow, "FeeRecipientChanged").withArgs(feeRecipient.address, alice.address);
      expect(await escrow.feeRecipient()).to.equal(alice.address);
    });

    it("setGuardian changes the guardian and emits GuardianChanged", async () => {
      const { escrow, bob, guardian } = await loadWorld();
      await expect(escrow.setGuardian(bob.address)).to.emit(escrow, "GuardianChanged").withArgs(guardian.address, bob.address);
      expect(await escrow.guardian()).to.equal(bob.address);
    });

    it("setTokenAllowed takes a token off the allowlist and emits TokenAllowlistChanged", async () => {
      const { escrow, tokenAddress } = await loadWorld();
      await expect(escrow.setTokenAllowed(tokenAddress, false)).to.emit(escrow, "TokenAllowlistChanged").withArgs(tokenAddress, false);
      expect(await escrow.isTokenAllowed(tokenAddress)).to.equal(false);
    });

    it("the guardian pauses and unpauses, with Paused and Unpaused", async () => {
      const { escrow, guardian } = await loadWorld();
      await expect(escrow.connect(guardian).pause()).to.emit(escrow, "Paused").withArgs(guardian.address);
      expect(await escrow.paused()).to.equal(true);
      await expect(escrow.connect(guardian).unpause()).to.emit(escrow, "Unpaused").withArgs(guardian.address);
      expect(await escrow.paused()).to.equal(false);
    });

    it("a new guardian pauses in the old one's place", async () => {
      const { escrow, bob } = await loadWorld();
      await (await escrow.setGuardian(bob.address)).wait();
      await expect(escrow.connect(bob).pause()).to.emit(escrow, "Paused").withArgs(bob.address);
    });

    for (const [name, call] of [
      ["setFee", (world: World) => world.escrow.connect(world.alice).setFee(1)],
      ["setFeeRecipient", (world: World) => world.escrow.connect(world.alice).setFeeRecipient(world.alice.address)],
      ["setGuardian", (world: World) => world.escrow.connect(world.alice).setGuardian(world.alice.address)],
      ["setTokenAllowed", (world: World) => world.escrow.connect(world.alice).setTokenAllowed(world.tokenAddress, false)],
    ] as const) {
      it(`${name} is the owner's alone: OwnableUnauthorizedAccount`, async () => {
        const world = await loadWorld();
        await expectRevert(world, () => call(world), world.escrow, "OwnableUnauthorizedAccount", [world.alice.address]);
        expect(await world.escrow.pendingFee()).to.deep.equal([0n, 0n]);
        expect(await world.escrow.isTokenAllowed(world.tokenAddress)).to.equal(true);
      });
    }

    it("refuses a zero fee recipient: ZeroAddress", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.escrow.setFeeRecipient(ETH), world.escrow, "ZeroAddress");
    });

    it("refuses to allow the zero address as a token: ZeroAddress", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.escrow.setTokenAllowed(ETH, true), world.escrow, "ZeroAddress");
    });

    it("refuses a pause by anyone but the guardian, the owner included: NotGuardian", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.escrow.connect(world.owner).pause(), world.escrow, "NotGuardian", [world.owner.address]);
    });

    it("refuses an unpause by anyone but the guardian: NotGuardian", async () => {
      const world = await loadWorld();
      await (await world.escrow.connect(world.guardian).pause()).wait();
      await expectRevert(world, () => world.escrow.connect(world.alice).unpause(), world.escrow, "NotGuardian", [world.alice.address]);
    });

    it("refuses a pause while paused: EnforcedPause", async () => {
      const world = await loadWorld();
      await (await world.escrow.connect(world.guardian).pause()).wait();
      await expectRevert(world, () => world.escrow.connect(world.guardian).pause(), world.escrow, "EnforcedPause");
    });

    it("refuses an unpause while not paused: ExpectedPause", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.escrow.connect(world.guardian).unpause(), world.escrow, "ExpectedPause");
    });

    it("hands protocol ownership over only once the new owner accepts", async () => {
      const { escrow, owner, alice } = await loadWorld();
      await (await escrow.transferOwnership(alice.address)).wait();
      expect(await escrow.owner()).to.equal(owner.address);
      await expect(escrow.connect(alice).acceptOwnership()).to.emit(escrow, "OwnershipTransferred").withArgs(owner.address, alice.address);
      expect(await escrow.owner()).to.equal(alice.address);
    });

    it("refuses the nominated owner's setters until they accept: OwnableUnauthorizedAccount", async () => {
      const world = await loadWorld();
      await (await world.escrow.transferOwnership(world.alice.address)).wait();
      await expectRevert(world, () => world.escrow.connect(world.alice).setFee(7), world.escrow, "OwnableUnauthorizedAccount", [world.alice.address]);
    });

    it("refuses the former owner's setters once the new owner accepted: OwnableUnauthorizedAccount", async () => {
      const world = await loadWorld();
      await (await world.escrow.transferOwnership(world.alice.address)).wait();
      await (await world.escrow.connect(world.alice).acceptOwnership()).wait();
      await expectRevert(world, () => world.escrow.setGuardian(world.owner.address), world.escrow, "OwnableUnauthorizedAccount", [world.owner.address]);
    });

    it("lets the new owner set the fee", async () => {
      const { escrow, alice } = await loadWorld();
      await (await escrow.transferOwnership(alice.address)).wait();
      await (await escrow.connect(alice).acceptOwnership()).wait();
      await (await escrow.connect(alice).setFee(7)).wait();
      expect((await escrow.pendingFee())[0]).to.equal(7n);
      await time.increase(7n * DAY);
      expect(await escrow.feeBps()).to.equal(7n);
    });
  });

  describe("hostile tokens", () => {
    it("refuses a fee-on-transfer token's pledge instead of crediting the wrong amount: TransferAmountMismatch", async () => {
      const world = await loadWorld();
      const { escrow, owner, maintainer, alice } = world;
      const fot = await new FeeOnTransferToken__factory(owner).deploy();
      const fotAddress = await fot.getAddress();
      await (await fot.mint(alice.address, 1000n)).wait();
      await (await escrow.setTokenAllowed(fotAddress, true)).wait();
      const deadline = (await now()) + 10n * DAY;
      await (await escrow.connect(maintainer).openCampaign(terms(deadline, { token: fotAddress, goal: 500n }))).wait();
      await (await fot.connect(alice).approve(world.escrowAddress, 1000n)).wait();
      await expect(escrow.connect(alice).pledgeToken(1n, 1000n)).to.be.revertedWithCustomError(escrow, "TransferAmountMismatch").withArgs(1000n, 990n);
      expect(await fot.balanceOf(alice.address)).to.equal(1000n);
      expect(await fot.balanceOf(world.escrowAddress)).to.equal(0n);
      expect(await escrow.pledgeOf(1n, alice.address)).to.equal(0n);
    });

    describe("a token that answers transfers with false", () => {
      /** A campaign in a token that can be switched to answer false; alice holds 1,000 and approved it all. */
      async function falseReturnCampaign(world: World) {
        const token = await new FalseReturnToken__factory(world.owner).deploy();
        const address = await token.getAddress();
        await (await token.mint(world.alice.address, 1000n)).wait();
        await (await world.escrow.setTokenAllowed(address, true)).wait();
        const deadline = (await now()) + 10n * DAY;
        await (await world.escrow.connect(world.maintainer).openCampaign(terms(deadline, { token: address, goal: 5000n }))).wait();
        await (await token.connect(world.alice).approve(world.escrowAddress, 1000n)).wait();
        return { token, address, deadline };
      }

      it("refuses the pledge: SafeERC20FailedOperation(token)", async () => {
        const world = await loadWorld();
        const { token, address } = await falseReturnCampaign(world);
        await (await token.setFailing(true)).wait();
        await expect(world.escrow.connect(world.alice).pledgeToken(1n, 500n))
          .to.be.revertedWithCustomError(world.escrow, "SafeERC20FailedOperation")
          .withArgs(address);
        expect(await token.balanceOf(world.escrowAddress)).to.equal(0n);
      });

      it("refuses the refund but keeps the pledge: SafeERC20FailedOperation(token)", async () => {
        const world = await loadWorld();
        const { token, address, deadline } = await falseReturnCampaign(world);
        await (await world.escrow.connect(world.alice).pledgeToken(1n, 500n)).wait();
        await time.increaseTo(deadline + 1n);
        await (await token.setFailing(true)).wait();
        await expect(world.escrow.connect(world.alice).refund(1n)).to.be.revertedWithCustomError(world.escrow, "SafeERC20FailedOperation").withArgs(address);
        expect(await world.escrow.pledgeOf(1n, world.alice.address)).to.equal(500n);
      });

      it("refunds in full once the token transfers again", async () => {
        const world = await loadWorld();
        const { token, deadline } = await falseReturnCampaign(world);
        await (await world.escrow.connect(world.alice).pledgeToken(1n, 500n)).wait();
        await time.increaseTo(deadline + 1n);
        await (await token.setFailing(true)).wait();
        await expect(world.escrow.connect(world.alice).refund(1n))
          .to.be.revertedWithCustomError(world.escrow, "SafeERC20FailedOperation")
          .withArgs(await token.getAddress());
        await (await token.setFailing(false)).wait();
        await (await world.escrow.connect(world.alice).refund(1n)).wait();
        expect(await token.balanceOf(world.alice.address)).to.equal(1000n);
      });
    });

    describe("a token whose functions return no bool (like USDT)", () => {
      /** Two campaigns in such a token: 1 (goal 1,000) succeeds with alice's 1,000; 2 fails with bob's 500. */
      async function noReturnCampaigns(world: World) {
        const usdt = await new NoReturnToken__factory(world.owner).deploy();
        await (await world.escrow.setTokenAllowed(await usdt.getAddress(), true)).wait();
        for (const backer of [world.alice, world.bob]) {
          await (await usdt.mint(backer.address, 1000n)).wait();
          await (await usdt.connect(backer).approve(world.escrowAddress, 1000n)).wait();
        }
        const deadline = (await now()) + 10n * DAY;
        const token = await usdt.getAddress();
        await (await world.escrow.connect(world.maintainer).openCampaign(terms(deadline, { token, goal: 1000n }))).wait();
        await (await world.escrow.connect(world.maintainer).openCampaign(terms(deadline, { token, goal: 5000n }))).wait();
        await (await world.escrow.connect(world.alice).pledgeToken(1n, 1000n)).wait();
        await (await world.escrow.connect(world.bob).pledgeToken(2n, 600n)).wait();
        await (await world.escrow.connect(world.bob).withdrawPledge(2n, 100n)).wait();
        await time.increaseTo(deadline + 1n);
        return usdt;
      }

      it("pays a claim, keeping the fee", async () => {
        const world = await loadWorld();
        const usdt = await noReturnCampaigns(world);
        await (await world.escrow.connect(world.maintainer).claim(1n)).wait();
        expect(await usdt.balanceOf(world.payout.address)).to.equal(1000n - feeOf(1000n));
        expect(await usdt.balanceOf(world.escrowAddress)).to.equal(500n + feeOf(1000n));
      });

      it("returns withdrawals and refunds", async () => {
        const world = await loadWorld();
        const usdt = await noReturnCampaigns(world);
        await (await world.escrow.connect(world.bob).refund(2n)).wait();
        expect(await usdt.balanceOf(world.bob.address)).to.equal(1000n);
      });
    });
  });

  describe("hostile backers and payout addresses", () => {
    const guardError = () => PledgeEscrow__factory.createInterface().encodeErrorResult("ReentrancyGuardReentrantCall");

    /** An attacker contract that pledged 1 ETH and alice 2 ETH to a campaign of 100 ETH. */
    async function attackedCampaign(world: World) {
      const attacker = await new AttackerBacker__factory(world.owner).deploy(world.escrowAddress);
      const campaign = await ethCampaign(world, eth("100"));
      await (await attacker.pledge(campaign.id, { value: eth("1") })).wait();
      await (await world.escrow.connect(world.alice).pledge(campaign.id, { value: eth("2") })).wait();
      return { attacker, ...campaign };
    }

    it("a backer re-entering from a withdrawal is stopped by the guard: ReentrancyGuardReentrantCall", async () => {
      const world = await loadWorld();
      const { attacker, id } = await attackedCampaign(world);
      await (await attacker.setMode(2, id)).wait();
      await expect(attacker.withdrawPledge(id, eth("0.5"))).to.changeEtherBalance(ethers, attacker, eth("0.5"));
      expect(await attacker.reentrySucceeded()).to.equal(false);
      expect(await attacker.reentryError()).to.equal(guardError());
    });

    it("a backer re-entering from its refund is refunded once, stopped by the guard: ReentrancyGuardReentrantCall", async () => {
      const world = await loadWorld();
      const { attacker, id, deadline } = await attackedCampaign(world);
      await (await attacker.setMode(2, id)).wait();
      await time.increaseTo(deadline + 1n);
      await expect(attacker.refund(id)).to.changeEtherBalances(ethers, [attacker, world.escrow], [eth("1"), -eth("1")]);
      expect(await attacker.reentrySucceeded()).to.equal(false);
      expect(await attacker.reentryError()).to.equal(guardError());
      await expect(world.escrow.connect(world.alice).refund(id)).to.changeEtherBalance(ethers, world.alice, eth("2"));
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });

    it("a backer that rejects ETH fails only its own refund: EthTransferFailed(backer, amount)", async () => {
      const world = await loadWorld();
      const { attacker: rejecter, id, deadline } = await attackedCampaign(world);
      await (await rejecter.setMode(1, id)).wait();
      await time.increaseTo(deadline + 1n);
      await expectRevert(world, () => rejecter.refund(id), world.escrow, "EthTransferFailed", [await rejecter.getAddress(), eth("1")]);
      await expect(world.escrow.connect(world.alice).refund(id)).to.changeEtherBalance(ethers, world.alice, eth("2"));
    });

    it("a backer that rejected ETH still has its refund once it accepts ETH", async () => {
      const world = await loadWorld();
      const { attacker: rejecter, id, deadline } = await attackedCampaign(world);
      await (await rejecter.setMode(1, id)).wait();
      await time.increaseTo(deadline + 1n);
      await expect(rejecter.refund(id))
        .to.be.revertedWithCustomError(world.escrow, "EthTransferFailed")
        .withArgs(await rejecter.getAddress(), eth("1"));
      await (await rejecter.setMode(0, id)).wait();
      await expect(rejecter.refund(id)).to.changeEtherBalance(ethers, rejecter, eth("1"));
    });

    describe("a payout address that rejects ETH or re-enters", () => {
      /** A won campaign (1 ETH by alice) and a lost one (alice 1 ETH of 100), both past their deadline. */
      async function hostilePayout(world: World) {
        const hostile = await new AttackerBacker__factory(world.owner).deploy(world.escrowAddress);
        const hostileAddress = await hostile.getAddress();
        await (await world.registry.connect(world.maintainer).setPayoutAddress(1n, hostileAddress)).wait();
        const win = await ethCampaign(world, eth("1"));
        const lose = await ethCampaign(world, eth("100"));
        await (await world.escrow.connect(world.alice).pledge(win.id, { value: eth("1") })).wait();
        await (await world.escrow.connect(world.alice).pledge(lose.id, { value: eth("1") })).wait();
        await time.increaseTo(lose.deadline + 1n);
        return { hostile, hostileAddress, win, lose };
      }

      it("a claim to a payout address that rejects ETH fails: EthTransferFailed(payout, amount)", async () => {
        const world = await loadWorld();
        const { hostile, hostileAddress, win, lose } = await hostilePayout(world);
        await (await hostile.setMode(1, lose.id)).wait();
        await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(win.id), world.escrow, "EthTransferFailed", [
          hostileAddress,
          eth("1") - feeOf(eth("1")),
        ]);
      });

      it("the backers of other campaigns still refund", async () => {
        const world = await loadWorld();
        const { hostile, lose } = await hostilePayout(world);
        await (await hostile.setMode(1, lose.id)).wait();
        await expect(world.escrow.connect(world.alice).refund(lose.id)).to.changeEtherBalance(ethers, world.alice, eth("1"));
      });

      it("a re-entering payout address gets its claim and nothing more, stopped by the guard of claim", async () => {
        const world = await loadWorld();
        const { hostile, win, lose } = await hostilePayout(world);
        await (await hostile.setMode(2, lose.id)).wait();
        await expect(world.escrow.connect(world.maintainer).claim(win.id)).to.changeEtherBalance(ethers, hostile, eth("1") - feeOf(eth("1")));
        expect(await hostile.reentrySucceeded()).to.equal(false);
        // What stopped it is the guard of `claim`, not a later check of `refund`.
        expect(await hostile.reentryError()).to.equal(guardError());
        expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(eth("1") + feeOf(eth("1")));
      });
    });

    describe("a fee recipient that rejects ETH", () => {
      /** A claimed 1 ETH campaign whose fee recipient rejects ETH. */
      async function rejectingFeeRecipient(world: World) {
        const rejecter = await new AttackerBacker__factory(world.owner).deploy(world.escrowAddress);
        await (await rejecter.setMode(1, 0n)).wait();
        const rejecterAddress = await rejecter.getAddress();
        await (await world.escrow.setFeeRecipient(rejecterAddress)).wait();
        const { id, deadline } = await ethCampaign(world, eth("1"));
        await (await world.escrow.connect(world.alice).pledge(id, { value: eth("1") })).wait();
        await time.increaseTo(deadline + 1n);
        return { rejecterAddress, id };
      }

      it("does not stop claims", async () => {
        const world = await loadWorld();
        const { id } = await rejectingFeeRecipient(world);
        await expect(world.escrow.connect(world.maintainer).claim(id)).to.changeEtherBalance(ethers, world.payout, eth("1") - feeOf(eth("1")));
      });

      it("fails only its own fee withdrawal, keeping the fees: EthTransferFailed(recipient, fees)", async () => {
        const world = await loadWorld();
        const { rejecterAddress, id } = await rejectingFeeRecipient(world);
        await (await world.escrow.connect(world.maintainer).claim(id)).wait();
        await expectRevert(world, () => world.escrow.withdrawFees(ETH), world.escrow, "EthTransferFailed", [rejecterAddress, feeOf(eth("1"))]);
        expect(await world.escrow.accruedFees(ETH)).to.equal(feeOf(eth("1")));
      });

      it("loses nothing: the fees go out once the owner names a recipient that accepts ETH", async () => {
        const world = await loadWorld();
        const { id } = await rejectingFeeRecipient(world);
        await (await world.escrow.connect(world.maintainer).claim(id)).wait();
        await (await world.escrow.setFeeRecipient(world.feeRecipient.address)).wait();
        await expect(world.escrow.withdrawFees(ETH)).to.changeEtherBalance(ethers, world.feeRecipient, feeOf(eth("1")));
      });
    });
  });

  describe("views", () => {
    it("campaignState follows a campaign from Funding to Succeeded to Claimed", async () => {
      const world = await loadWorld();
      const { id, deadline } = await ethCampaign(world, eth("1"));
      expect(await world.escrow.campaignState(id)).to.equal(State.Funding);
      await (await world.escrow.connect(world.alice).pledge(id, { value: eth("1") })).wait();
      await time.increaseTo(deadline + 1n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Succeeded);
      await (await world.escrow.connect(world.maintainer).claim(id)).wait();
      expect((await world.escrow.getCampaign(id)).state).to.equal(State.Claimed);
    });

    it("campaignState refuses an unknown id: UnknownCampaign", async () => {
      const { escrow } = await loadWorld();
      await expect(escrow.campaignState(0n)).to.be.revertedWithCustomError(escrow, "UnknownCampaign").withArgs(0n);
    });

    it("getCampaign refuses an unknown id: UnknownCampaign", async () => {
      const { escrow } = await loadWorld();
      await expect(escrow.getCampaign(2n)).to.be.revertedWithCustomError(escrow, "UnknownCampaign").withArgs(2n);
    });
  });
});
