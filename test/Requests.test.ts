import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import type { ContractTransactionReceipt } from "ethers";

import { signPermit } from "../client/index.js";
import { AttackerBacker__factory, IRequestBoard__factory, ReentrantToken__factory, TestToken__factory, type IPledgeEscrow } from "../typechain-types/index.js";
import {
  DAY,
  ETH,
  eth,
  ethers,
  EXPECTED,
  FEE_BPS,
  feeOf,
  HOUR,
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
  type TermsOptions,
  type World,
} from "./helpers/fixture.js";
import { expectRevert } from "./helpers/reverts.js";

/**
 * Feature requests (issue 14), attacker first: a request is a campaign record in state `Requested` that anyone opens
 * and anyone pledges to; a maintainer of its project accepts it (it becomes a funding campaign, every pledge kept) or
 * declines it; an expired or declined request refunds every backer in full. Calls go to the escrow's address with
 * `IRequestBoard`'s ABI (its fallback runs the `RequestBoard` module); events and errors are the escrow's.
 */
const { time } = networkHelpers;
const at = (second: bigint) => time.setNextBlockTimestamp(second);

const MIN_LIFETIME = 7n * DAY;
const MAX_LIFETIME = 365n * DAY;
const NOTICE = 7n * DAY;
const LIFETIME = 30n * DAY;
const DEFAULT_LAST_CALL = 2n * DAY;
/** The plan that means "no milestones": an empty list, the other fields ignored. */
const NO_PLAN: IPledgeEscrow.MilestonePlanStruct = { initialShareBps: 0, reviewWindow: 0, objectionThresholdBps: 0, milestones: [] };

function board(world: World, signer: HardhatEthersSigner) {
  return IRequestBoard__factory.connect(world.escrowAddress, signer);
}

interface RequestOptions {
  token?: string;
  expiry?: bigint;
  opener?: HardhatEthersSigner;
  specURI?: string;
  specHash?: string;
  projectId?: bigint;
}

/** Opens a request (by the stranger unless told, ETH, 30 days); returns its id and expiry. */
async function openRequest(world: World, options: RequestOptions = {}): Promise<{ id: bigint; expiry: bigint; receipt: ContractTransactionReceipt }> {
  const expiry = options.expiry ?? (await now()) + LIFETIME;
  const tx = await board(world, options.opener ?? world.stranger).openRequest(
    options.projectId ?? world.projectId,
    options.token ?? ETH,
    expiry,
    options.specURI ?? SPEC,
    options.specHash ?? SPEC_HASH,
  );
  const receipt = await tx.wait();
  if (receipt === null) throw new Error("no receipt");
  return { id: await world.escrow.campaignCount(), expiry, receipt };
}

/** Accepts request `id` as the maintainer with the fixture's terms (goal 10 ETH unless told), deadline 30 days ahead. */
async function accept(
  world: World,
  id: bigint,
  options: TermsOptions & { deadline?: bigint; plan?: IPledgeEscrow.MilestonePlanStruct } = {},
): Promise<{ deadline: bigint; receipt: ContractTransactionReceipt }> {
  const deadline = options.deadline ?? (await now()) + 30n * DAY;
  const tx = await board(world, world.maintainer).acceptRequest(id, terms(deadline, options), options.plan ?? NO_PLAN);
  const receipt = await tx.wait();
  if (receipt === null) throw new Error("no receipt");
  return { deadline, receipt };
}

async function pledgeEth(world: World, id: bigint, backer: HardhatEthersSigner, amount: bigint): Promise<ContractTransactionReceipt> {
  const receipt = await (await world.escrow.connect(backer).pledge(id, { value: amount })).wait();
  if (receipt === null) throw new Error("no receipt");
  return receipt;
}

async function pledgeUsd(world: World, id: bigint, backer: HardhatEthersSigner, amount: bigint): Promise<void> {
  await (await world.token.connect(backer).approve(world.escrowAddress, amount)).wait();
  await (await world.escrow.connect(backer).pledgeToken(id, amount)).wait();
}

/** The escrow's holdings of `token` equal, to the wei, what the given records owe their backers plus the fees accrued. */
async function expectSolvent(world: World, token: string, ids: bigint[], backers: HardhatEthersSigner[]): Promise<void> {
  let owed = await world.escrow.accruedFees(token);
  for (const id of ids) for (const backer of backers) owed += await world.escrow.pledgeOf(id, backer.address);
  const held = token === ETH ? await ethers.provider.getBalance(world.escrowAddress) : await world.token.balanceOf(world.escrowAddress);
  expect(held, "escrow holdings = pledges + fees").to.equal(owed);
}

/** Names of the escrow's events in a receipt, in order. */
function eventNames(world: World, receipt: ContractTransactionReceipt): string[] {
  return receipt.logs.flatMap((log) => {
    const parsed = world.escrow.interface.parseLog(log);
    return parsed === null ? [] : [parsed.name];
  });
}

const commitment = (specURI: string, specHash: string) =>
  ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["string", "bytes32"], [specURI, specHash]));

describe("Feature requests", () => {
  describe("openRequest", () => {
    it("a stranger opens an ETH request: RequestOpened with the fee in force, a Requested record with goal 0 and the expiry as deadline", async () => {
      const world = await loadWorld();
      const expiry = (await now()) + LIFETIME;
      const sent = board(world, world.stranger).openRequest(1n, ETH, expiry, SPEC, SPEC_HASH);
      await expect(sent).to.emit(world.escrow, "RequestOpened").withArgs(1n, 1n, world.stranger.address, ETH, expiry, FEE_BPS, SPEC, SPEC_HASH);
      await expect(sent).not.to.emit(world.escrow, "CampaignOpened");
      const receipt = await (await sent).wait();
      const view = await world.escrow.getCampaign(1n);
      expect(view.state).to.equal(State.Requested);
      expect(view.goal).to.equal(0n);
      expect(view.pledged).to.equal(0n);
      expect(view.deadline).to.equal(expiry);
      expect(view.feeBps).to.equal(FEE_BPS);
      expect(view.projectId).to.equal(1n);
      expect(view.token).to.equal(ETH);
      expect(view.specCommitment).to.equal(commitment(SPEC, SPEC_HASH));
      expect(view.openedAtBlock).to.equal(BigInt(receipt?.blockNumber ?? 0));
      expect([view.plannedDeadline, view.lastCall, view.claimWindow, view.goalReachedAt]).to.deep.equal([expiry, 0n, 0n, 0n]);
      expect(await world.escrow.campaignState(1n)).to.equal(State.Requested);
    });

    it("a stranger opens a request in the allowlisted test token", async () => {
      const world = await loadWorld();
      const expiry = (await now()) + LIFETIME;
      await expect(board(world, world.stranger).openRequest(1n, world.tokenAddress, expiry, SPEC, ethers.ZeroHash))
        .to.emit(world.escrow, "RequestOpened")
        .withArgs(1n, 1n, world.stranger.address, world.tokenAddress, expiry, FEE_BPS, SPEC, ethers.ZeroHash);
      const view = await world.escrow.getCampaign(1n);
      expect([view.token, view.state]).to.deep.equal([world.tokenAddress, State.Requested]);
    });

    it("refuses an unregistered project with the registry's UnknownProject(projectId)", async () => {
      const world = await loadWorld();
      const expiry = (await now()) + LIFETIME;
      await expectRevert(world, () => board(world, world.stranger).openRequest(99n, ETH, expiry, SPEC, SPEC_HASH), world.registry, "UnknownProject", [99n]);
      expect(await world.escrow.campaignCount()).to.equal(0n);
    });

    it("refuses an empty spec URI: EmptySpecURI", async () => {
      const world = await loadWorld();
      const expiry = (await now()) + LIFETIME;
      await expectRevert(world, () => board(world, world.stranger).openRequest(1n, ETH, expiry, "", SPEC_HASH), world.escrow, "EmptySpecURI", []);
    });

    it("refuses a token off the allowlist: TokenNotAllowed(token)", async () => {
      const world = await loadWorld();
      const other = await (await new TestToken__factory(world.owner).deploy("Other", "OTH", 18)).getAddress();
      const expiry = (await now()) + LIFETIME;
      await expectRevert(world, () => board(world, world.stranger).openRequest(1n, other, expiry, SPEC, SPEC_HASH), world.escrow, "TokenNotAllowed", [other]);
    });

    it("refuses an expiry one second before the earliest or after the latest: InvalidExpiry(expiry, now + 7d, now + 365d)", async () => {
      const world = await loadWorld();
      for (const offset of [MIN_LIFETIME - 1n, MAX_LIFETIME + 1n]) {
        const t = (await now()) + 1n;
        await at(t);
        await expectRevert(
          world,
          () => board(world, world.stranger).openRequest(1n, ETH, t + offset, SPEC, SPEC_HASH),
          world.escrow,
          "InvalidExpiry",
          [t + offset, t + MIN_LIFETIME, t + MAX_LIFETIME],
        );
      }
      expect(await world.escrow.campaignCount()).to.equal(0n);
    });

    it("takes an expiry exactly at the earliest and exactly at the latest", async () => {
      const world = await loadWorld();
      for (const offset of [MIN_LIFETIME, MAX_LIFETIME]) {
        const t = (await now()) + 1n;
        await at(t);
        const { id } = await openRequest(world, { expiry: t + offset });
        expect((await world.escrow.getCampaign(id)).deadline).to.equal(t + offset);
      }
      expect(await world.escrow.campaignCount()).to.equal(2n);
    });

    it("is refused while paused: EnforcedPause", async () => {
      const world = await loadWorld();
      await (await world.escrow.connect(world.guardian).pause()).wait();
      const expiry = (await now()) + LIFETIME;
      await expectRevert(world, () => board(world, world.stranger).openRequest(1n, ETH, expiry, SPEC, SPEC_HASH), world.escrow, "EnforcedPause", []);
    });

    it("records the fee in force at opening: an announced change once it takes effect, not before", async () => {
      const world = await loadWorld();
      await (await world.escrow.connect(world.owner).setFee(100)).wait();
      const before = await openRequest(world);
      expect((await world.escrow.getCampaign(before.id)).feeBps).to.equal(FEE_BPS);
      await time.increase(7n * DAY);
      const expiry = (await now()) + LIFETIME;
      await expect(board(world, world.stranger).openRequest(1n, ETH, expiry, SPEC, SPEC_HASH))
        .to.emit(world.escrow, "RequestOpened")
        .withArgs(2n, 1n, world.stranger.address, ETH, expiry, 100n, SPEC, SPEC_HASH);
      expect((await world.escrow.getCampaign(2n)).feeBps).to.equal(100n);
    });

    it("takes no ETH: openRequest sent with value reverts, nothing opened", async () => {
      const world = await loadWorld();
      const expiry = (await now()) + LIFETIME;
      const data = IRequestBoard__factory.createInterface().encodeFunctionData("openRequest", [1n, ETH, expiry, SPEC, SPEC_HASH]);
      await expect(world.stranger.sendTransaction({ to: world.escrowAddress, data, value: 1n })).to.be.revertedWithoutReason(ethers);
      expect(await world.escrow.campaignCount()).to.equal(0n);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });

    it("shares the campaigns' id counter: campaign 1, request 2, campaign 3", async () => {
      const world = await loadWorld();
      expect((await openCampaign(world)).id).to.equal(1n);
      expect((await openRequest(world)).id).to.equal(2n);
      expect((await openCampaign(world)).id).to.equal(3n);
      expect(await world.escrow.campaignState(2n)).to.equal(State.Requested);
      expect(await world.escrow.campaignState(3n)).to.equal(State.Funding);
    });
  });

  describe("pledges and withdrawals", () => {
    it("takes ETH pledges and withdrawals at any time while open, the last second before expiry included", async () => {
      const world = await loadWorld();
      const { id, expiry } = await openRequest(world);
      await expect(world.escrow.connect(world.alice).pledge(id, { value: eth("3") }))
        .to.emit(world.escrow, "Pledged")
        .withArgs(id, world.alice.address, eth("3"));
      await expectSolvent(world, ETH, [id], [world.alice]);
      await expect(world.escrow.connect(world.alice).withdrawPledge(id, eth("1")))
        .to.emit(world.escrow, "PledgeWithdrawn")
        .withArgs(id, world.alice.address, eth("1"));
      await expectSolvent(world, ETH, [id], [world.alice]);
      await at(expiry - 1n);
      await pledgeEth(world, id, world.bob, eth("1"));
      await at(expiry);
      await expect(world.escrow.connect(world.alice).withdrawPledge(id, eth("2"))).to.changeEtherBalance(ethers, world.alice, eth("2"));
      expect(await world.escrow.pledgeOf(id, world.alice.address)).to.equal(0n);
      expect((await world.escrow.getCampaign(id)).pledged).to.equal(eth("1"));
      await expectSolvent(world, ETH, [id], [world.alice, world.bob]);
    });

    it("takes pledgeToken and pledgeWithPermit to a token request, and their withdrawal", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world, { token: world.tokenAddress });
      await pledgeUsd(world, id, world.alice, usd("100"));
      const permit = await signPermit(world.token, world.bob, world.escrowAddress, usd("50"), (await now()) + DAY);
      await expect(world.escrow.connect(world.bob).pledgeWithPermit(id, usd("50"), permit.deadline, permit.v, permit.r, permit.s))
        .to.emit(world.escrow, "Pledged")
        .withArgs(id, world.bob.address, usd("50"));
      await expectSolvent(world, world.tokenAddress, [id], [world.alice, world.bob]);
      expect((await world.escrow.getCampaign(id)).pledged).to.equal(usd("150"));
      await expect(world.escrow.connect(world.bob).withdrawPledge(id, usd("50"))).to.changeTokenBalance(ethers, world.token, world.bob, usd("50"));
      await expectSolvent(world, world.tokenAddress, [id], [world.alice, world.bob]);
    });

    for (const ending of ["Expired", "Declined"] as const) {
      it(`refuses pledges and withdrawals once ${ending}: UnexpectedState(id, ${ending}, Requested)`, async () => {
        const world = await loadWorld();
        const request = await openRequest(world);
        const tokenRequest = await openRequest(world, { token: world.tokenAddress });
        await pledgeEth(world, request.id, world.alice, eth("1"));
        await pledgeUsd(world, tokenRequest.id, world.alice, usd("10"));
        if (ending === "Expired") await time.increaseTo(tokenRequest.expiry + 1n);
        else {
          await (await board(world, world.maintainer).declineRequest(request.id, "ipfs://no")).wait();
          await (await board(world, world.maintainer).declineRequest(tokenRequest.id, "ipfs://no")).wait();
        }
        const state = State[ending];
        await expectRevert(world, () => world.escrow.connect(world.bob).pledge(request.id, { value: eth("1") }), world.escrow, "UnexpectedState", [request.id, state, EXPECTED.requested]);
        await expectRevert(world, () => world.escrow.connect(world.alice).withdrawPledge(request.id, eth("1")), world.escrow, "UnexpectedState", [request.id, state, EXPECTED.requested]);
        await (await world.token.connect(world.bob).approve(world.escrowAddress, usd("10"))).wait();
        await expectRevert(world, () => world.escrow.connect(world.bob).pledgeToken(tokenRequest.id, usd("10")), world.escrow, "UnexpectedState", [tokenRequest.id, state, EXPECTED.requested]);
        const permit = await signPermit(world.token, world.carol, world.escrowAddress, usd("10"), (await now()) + DAY);
        await expectRevert(
          world,
          () => world.escrow.connect(world.carol).pledgeWithPermit(tokenRequest.id, usd("10"), permit.deadline, permit.v, permit.r, permit.s),
          world.escrow,
          "UnexpectedState",
          [tokenRequest.id, state, EXPECTED.requested],
        );
        await expectRevert(world, () => world.escrow.connect(world.alice).withdrawPledge(tokenRequest.id, usd("10")), world.escrow, "UnexpectedState", [tokenRequest.id, state, EXPECTED.requested]);
      });
    }

    it("refuses the other kind of token: WrongToken(id, token)", async () => {
      const world = await loadWorld();
      const ethRequest = await openRequest(world);
      const tokenRequest = await openRequest(world, { token: world.tokenAddress });
      await expectRevert(world, () => world.escrow.connect(world.alice).pledge(tokenRequest.id, { value: 1n }), world.escrow, "WrongToken", [tokenRequest.id, world.tokenAddress]);
      await (await world.token.connect(world.alice).approve(world.escrowAddress, 1n)).wait();
      await expectRevert(world, () => world.escrow.connect(world.alice).pledgeToken(ethRequest.id, 1n), world.escrow, "WrongToken", [ethRequest.id, ETH]);
    });

    it("never emits GoalReached for a pledge to a request (its goal is zero)", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await expect(world.escrow.connect(world.alice).pledge(id, { value: 1n })).not.to.emit(world.escrow, "GoalReached");
      await expect(world.escrow.connect(world.bob).pledge(id, { value: eth("100") })).not.to.emit(world.escrow, "GoalReached");
      expect((await world.escrow.getCampaign(id)).goalReachedAt).to.equal(0n);
    });

    it("costs a new backer the same gas as a pledge to a campaign, within 1%", async () => {
      const world = await loadWorld();
      const campaign = await openCampaign(world, { goal: eth("1000") });
      const request = await openRequest(world);
      const toCampaign = (await pledgeEth(world, campaign.id, world.alice, eth("1"))).gasUsed;
      const toRequest = (await pledgeEth(world, request.id, world.alice, eth("1"))).gasUsed;
      const difference = toRequest > toCampaign ? toRequest - toCampaign : toCampaign - toRequest;
      expect(difference * 100n, `request ${toRequest} gas, campaign ${toCampaign} gas`).to.be.at.most(toCampaign);
    });

    it("costs the same gas as for a campaign, within 1%: a second ETH pledge, a token pledge, a withdrawal", async () => {
      const world = await loadWorld();
      const within = (request: bigint, campaign: bigint, what: string) => {
        const difference = request > campaign ? request - campaign : campaign - request;
        expect(difference * 100n, `${what}: request ${request} gas, campaign ${campaign} gas`).to.be.at.most(campaign);
      };
      const campaign = await openCampaign(world, { goal: eth("1000") });
      const request = await openRequest(world);
      await pledgeEth(world, campaign.id, world.alice, eth("1"));
      await pledgeEth(world, request.id, world.alice, eth("1"));
      within((await pledgeEth(world, request.id, world.alice, eth("1"))).gasUsed, (await pledgeEth(world, campaign.id, world.alice, eth("1"))).gasUsed, "second ETH pledge");
      const withdraw = async (id: bigint) => (await (await world.escrow.connect(world.alice).withdrawPledge(id, eth("1"))).wait())?.gasUsed ?? 0n;
      within(await withdraw(request.id), await withdraw(campaign.id), "withdrawal");
      const tokenCampaign = await openCampaign(world, { token: world.tokenAddress, goal: usd("100000") });
      const tokenRequest = await openRequest(world, { token: world.tokenAddress });
      // The escrow already holds the token: neither measured pledge pays for its first balance.
      await pledgeUsd(world, tokenCampaign.id, world.carol, usd("1"));
      await (await world.token.connect(world.bob).approve(world.escrowAddress, usd("1000"))).wait();
      const pledgeToken = async (id: bigint) => (await (await world.escrow.connect(world.bob).pledgeToken(id, usd("10"))).wait())?.gasUsed ?? 0n;
      const campaignTokenGas = await pledgeToken(tokenCampaign.id);
      within(await pledgeToken(tokenRequest.id), campaignTokenGas, "new backer token pledge");
    });
  });

  describe("acceptRequest", () => {
    it("only a maintainer of the request's project: NotProjectMaintainer(projectId, caller) for a stranger, the opener, another project's maintainer", async () => {
      const world = await loadWorld();
      await (await world.registry.connect(world.carol).registerProject("ipfs://other", "", world.carol.address)).wait();
      const { id } = await openRequest(world, { opener: world.bob });
      const deadline = (await now()) + 30n * DAY;
      for (const caller of [world.stranger, world.bob, world.carol]) {
        await expectRevert(world, () => board(world, caller).acceptRequest(id, terms(deadline), NO_PLAN), world.escrow, "NotProjectMaintainer", [1n, caller.address]);
      }
      expect(await world.escrow.campaignState(id)).to.equal(State.Requested);
    });

    const mismatches: Array<[string, TermsOptions]> = [
      ["another project", { projectId: 2n }],
      ["another token", { token: "TOKEN" }],
      ["another spec URI", { specURI: `${SPEC}#other` }],
      ["another spec hash", { specHash: ethers.ZeroHash }],
    ];
    for (const [what, options] of mismatches) {
      it(`refuses terms naming ${what}: RequestTermsMismatch(requestId)`, async () => {
        const world = await loadWorld();
        // The maintainer maintains project 2 too: only the request's own terms decide.
        await (await world.registry.connect(world.maintainer).registerProject("ipfs://other", "", world.payout.address)).wait();
        const { id } = await openRequest(world);
        const deadline = (await now()) + 30n * DAY;
        const actual = { ...options, token: options.token === "TOKEN" ? world.tokenAddress : options.token };
        await expectRevert(world, () => board(world, world.maintainer).acceptRequest(id, terms(deadline, actual), NO_PLAN), world.escrow, "RequestTermsMismatch", [id]);
      });
    }

    it("validates the terms as a campaign's: ZeroAmount, AmountTooLarge, InvalidLastCall, InvalidClaimWindow, SharesTooLarge", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world, { expiry: (await now()) + 300n * DAY });
      const deadline = (await now()) + 60n * DAY;
      const maintainer = board(world, world.maintainer);
      await expectRevert(world, () => maintainer.acceptRequest(id, terms(deadline, { goal: 0n }), NO_PLAN), world.escrow, "ZeroAmount", []);
      await expectRevert(world, () => maintainer.acceptRequest(id, terms(deadline, { goal: MAX_AMOUNT + 1n }), NO_PLAN), world.escrow, "AmountTooLarge", [MAX_AMOUNT + 1n, MAX_AMOUNT]);
      for (const lastCall of [HOUR, 8n * DAY, DAY + 30n * 60n]) {
        await expectRevert(world, () => maintainer.acceptRequest(id, terms(deadline, { lastCall }), NO_PLAN), world.escrow, "InvalidLastCall", [lastCall, DAY, 7n * DAY]);
      }
      for (const claimWindow of [6n * DAY, 181n * DAY, 8n * DAY + HOUR]) {
        await expectRevert(world, () => maintainer.acceptRequest(id, terms(deadline, { claimWindow }), NO_PLAN), world.escrow, "InvalidClaimWindow", [claimWindow, 7n * DAY, 180n * DAY]);
      }
      await expectRevert(world, () => maintainer.acceptRequest(id, terms(deadline, { builderShareBps: 9_501n }), NO_PLAN), world.escrow, "SharesTooLarge", [9_501n, 0n, 9_500n]);
      expect(await world.escrow.campaignState(id)).to.equal(State.Requested);
    });

    it("refuses a deadline more than 365 days ahead: InvalidDeadline(deadline, now + notice + 2 last calls, now + 365d)", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      const t = (await now()) + 1n;
      await at(t);
      const deadline = t + 365n * DAY + 1n;
      await expectRevert(world, () => board(world, world.maintainer).acceptRequest(id, terms(deadline), NO_PLAN), world.escrow, "InvalidDeadline", [
        deadline,
        t + NOTICE + 2n * DEFAULT_LAST_CALL,
        t + 365n * DAY,
      ]);
    });

    for (const [label, lastCall, effective] of [
      ["the default last call (2 days)", 0n, DEFAULT_LAST_CALL],
      ["a last call of 7 days", 7n * DAY, 7n * DAY],
    ] as const) {
      it(`with ${label}: takes deadline = now + 7d + 2 last calls, refuses one second less with InvalidDeadline(deadline, earliest, now + 365d)`, async () => {
        const world = await loadWorld();
        const first = await openRequest(world);
        const second = await openRequest(world);
        let t = (await now()) + 1n;
        await at(t);
        const earliestEarly = t + NOTICE + 2n * effective;
        await expectRevert(world, () => board(world, world.maintainer).acceptRequest(first.id, terms(earliestEarly - 1n, { lastCall }), NO_PLAN), world.escrow, "InvalidDeadline", [
          earliestEarly - 1n,
          earliestEarly,
          t + 365n * DAY,
        ]);
        t = (await now()) + 1n;
        await at(t);
        const earliest = t + NOTICE + 2n * effective;
        await accept(world, second.id, { deadline: earliest, lastCall });
        const view = await world.escrow.getCampaign(second.id);
        expect([view.state, view.deadline, view.lastCall]).to.deep.equal([State.Funding, earliest, effective]);
      });
    }

    it("cannot be accepted twice: UnexpectedState(id, Funding, Requested)", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await accept(world, id);
      const deadline = (await now()) + 40n * DAY;
      await expectRevert(world, () => board(world, world.maintainer).acceptRequest(id, terms(deadline, { goal: 1n }), NO_PLAN), world.escrow, "UnexpectedState", [id, State.Funding, EXPECTED.requested]);
      expect((await world.escrow.getCampaign(id)).goal).to.equal(eth("10"));
    });

    it("refuses an expired request (UnexpectedState(id, Expired, Requested)) and a declined one (Declined), an unknown id (UnknownCampaign)", async () => {
      const world = await loadWorld();
      const expired = await openRequest(world);
      const declined = await openRequest(world);
      await (await board(world, world.maintainer).declineRequest(declined.id, "ipfs://no")).wait();
      await time.increaseTo(expired.expiry + 1n);
      const deadline = (await now()) + 30n * DAY;
      const maintainer = board(world, world.maintainer);
      await expectRevert(world, () => maintainer.acceptRequest(expired.id, terms(deadline), NO_PLAN), world.escrow, "UnexpectedState", [expired.id, State.Expired, EXPECTED.requested]);
      await expectRevert(world, () => maintainer.acceptRequest(declined.id, terms(deadline), NO_PLAN), world.escrow, "UnexpectedState", [declined.id, State.Declined, EXPECTED.requested]);
      await expectRevert(world, () => maintainer.acceptRequest(9n, terms(deadline), NO_PLAN), world.escrow, "UnknownCampaign", [9n]);
    });

    it("is refused while paused: EnforcedPause", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await (await world.escrow.connect(world.guardian).pause()).wait();
      const deadline = (await now()) + 30n * DAY;
      await expectRevert(world, () => board(world, world.maintainer).acceptRequest(id, terms(deadline), NO_PLAN), world.escrow, "EnforcedPause", []);
    });

    it("a token removed from the allowlist while open: acceptance refused TokenNotAllowed, backers still withdraw and refund in full on decline or expiry", async () => {
      const world = await loadWorld();
      const toDecline = await openRequest(world, { token: world.tokenAddress });
      const toExpire = await openRequest(world, { token: world.tokenAddress });
      for (const id of [toDecline.id, toExpire.id]) {
        await pledgeUsd(world, id, world.alice, usd("100"));
        await pledgeUsd(world, id, world.bob, usd("40"));
      }
      await (await world.escrow.connect(world.owner).setTokenAllowed(world.tokenAddress, false)).wait();
      const deadline = (await now()) + 20n * DAY;
      await expectRevert(
        world,
        () => board(world, world.maintainer).acceptRequest(toDecline.id, terms(deadline, { token: world.tokenAddress, goal: usd("100") }), NO_PLAN),
        world.escrow,
        "TokenNotAllowed",
        [world.tokenAddress],
      );
      await expect(world.escrow.connect(world.bob).withdrawPledge(toDecline.id, usd("15"))).to.changeTokenBalance(ethers, world.token, world.bob, usd("15"));
      await expectSolvent(world, world.tokenAddress, [toDecline.id, toExpire.id], [world.alice, world.bob]);
      await (await board(world, world.maintainer).declineRequest(toDecline.id, "ipfs://token-gone")).wait();
      await expect(world.escrow.connect(world.alice).refund(toDecline.id)).to.changeTokenBalance(ethers, world.token, world.alice, usd("100"));
      await expect(world.escrow.connect(world.bob).refund(toDecline.id)).to.changeTokenBalance(ethers, world.token, world.bob, usd("25"));
      await time.increaseTo(toExpire.expiry + 1n);
      await expect(world.escrow.connect(world.alice).refund(toExpire.id)).to.changeTokenBalance(ethers, world.token, world.alice, usd("100"));
      await expect(world.escrow.connect(world.bob).refund(toExpire.id)).to.changeTokenBalance(ethers, world.token, world.bob, usd("40"));
      expect(await world.token.balanceOf(world.escrowAddress)).to.equal(0n);
    });

    it("carries every pledge over: pledged and each pledgeOf kept, the record rewritten with the terms, the acceptance block", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await pledgeEth(world, id, world.alice, eth("3"));
      await pledgeEth(world, id, world.bob, eth("2"));
      const { deadline, receipt } = await accept(world, id, { goal: eth("10"), lastCall: DAY, claimWindow: 30n * DAY });
      const view = await world.escrow.getCampaign(id);
      expect(view.state).to.equal(State.Funding);
      expect([view.goal, view.pledged, view.deadline, view.plannedDeadline]).to.deep.equal([eth("10"), eth("5"), deadline, deadline]);
      expect([view.lastCall, view.claimWindow, view.feeBps, view.goalReachedAt]).to.deep.equal([DAY, 30n * DAY, FEE_BPS, 0n]);
      expect(view.openedAtBlock).to.equal(BigInt(receipt.blockNumber));
      expect(await world.escrow.pledgeOf(id, world.alice.address)).to.equal(eth("3"));
      expect(await world.escrow.pledgeOf(id, world.bob.address)).to.equal(eth("2"));
      await expectSolvent(world, ETH, [id], [world.alice, world.bob]);
    });

    it("emits CampaignOpened (creator: the accepting maintainer) then RequestAccepted(id, maintainer, pledged)", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await pledgeEth(world, id, world.alice, eth("4"));
      const deadline = (await now()) + 30n * DAY;
      const sent = board(world, world.maintainer).acceptRequest(id, terms(deadline), NO_PLAN);
      await expect(sent)
        .to.emit(world.escrow, "CampaignOpened")
        .withArgs(id, 1n, world.maintainer.address, ETH, eth("10"), deadline, FEE_BPS, SPEC, SPEC_HASH, DEFAULT_LAST_CALL, 90n * DAY);
      await expect(sent).to.emit(world.escrow, "RequestAccepted").withArgs(id, world.maintainer.address, eth("4"));
      const receipt = await (await sent).wait();
      if (receipt === null) throw new Error("no receipt");
      expect(eventNames(world, receipt)).to.deep.equal(["CampaignOpened", "RequestAccepted"]);
    });

    it("after acceptance withdrawals follow the campaign's rules: free before the last call, GoalLocked in it once the goal stood a last call", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await pledgeEth(world, id, world.alice, eth("4"));
      const { deadline } = await accept(world, id, { goal: eth("10") });
      await pledgeEth(world, id, world.bob, eth("7"));
      const reachedAt = (await world.escrow.getCampaign(id)).goalReachedAt;
      expect(reachedAt).to.equal(await now());
      // The last second before the last call: a backer leaves freely (the total stays at the goal).
      await at(deadline - DEFAULT_LAST_CALL);
      await expect(world.escrow.connect(world.alice).withdrawPledge(id, eth("1"))).to.changeEtherBalance(ethers, world.alice, eth("1"));
      // In the last call, the goal has stood longer than a last call: the total may not fall below it.
      await at(deadline - DEFAULT_LAST_CALL + 1n);
      await expectRevert(world, () => world.escrow.connect(world.bob).withdrawPledge(id, eth("6")), world.escrow, "GoalLocked", [id, eth("6"), 0n]);
      await expectSolvent(world, ETH, [id], [world.alice, world.bob]);
    });

    it("pledges reaching the goal at acceptance: GoalReached(id, deadline) at acceptance time, and a backer still withdraws in full in the notice window", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await pledgeEth(world, id, world.alice, eth("6"));
      await pledgeEth(world, id, world.bob, eth("6"));
      const t = (await now()) + 1n;
      await at(t);
      const deadline = t + NOTICE + 2n * DEFAULT_LAST_CALL;
      const sent = board(world, world.maintainer).acceptRequest(id, terms(deadline, { goal: eth("10") }), NO_PLAN);
      await expect(sent).to.emit(world.escrow, "GoalReached").withArgs(id, deadline);
      const receipt = await (await sent).wait();
      if (receipt === null) throw new Error("no receipt");
      expect(eventNames(world, receipt)).to.deep.equal(["CampaignOpened", "RequestAccepted", "GoalReached"]);
      expect((await world.escrow.getCampaign(id)).goalReachedAt).to.equal(t);
      // The last second of the notice window: the last call has not begun.
      await at(t + NOTICE);
      await expect(world.escrow.connect(world.bob).withdrawPledge(id, eth("6"))).to.changeEtherBalance(ethers, world.bob, eth("6"));
      // And the second one after it, still before the last call: alice leaves in full too.
      await at(deadline - DEFAULT_LAST_CALL);
      await expect(world.escrow.connect(world.alice).withdrawPledge(id, eth("6"))).to.changeEtherBalance(ethers, world.alice, eth("6"));
      expect((await world.escrow.getCampaign(id)).deadline).to.equal(deadline);
      await expectSolvent(world, ETH, [id], [world.alice, world.bob]);
    });

    it("fee: a raise announced after opening and in force at acceptance does not apply (the request's lower fee stays)", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world, { expiry: (await now()) + 60n * DAY });
      await (await world.escrow.connect(world.owner).setFee(400)).wait();
      await time.increase(7n * DAY + 1n);
      const deadline = (await now()) + 30n * DAY;
      await expect(board(world, world.maintainer).acceptRequest(id, terms(deadline), NO_PLAN))
        .to.emit(world.escrow, "CampaignOpened")
        .withArgs(id, 1n, world.maintainer.address, ETH, eth("10"), deadline, FEE_BPS, SPEC, SPEC_HASH, DEFAULT_LAST_CALL, 90n * DAY);
      expect((await world.escrow.getCampaign(id)).feeBps).to.equal(FEE_BPS);
      expect((await openCampaign(world)).id).to.equal(2n);
      expect((await world.escrow.getCampaign(2n)).feeBps).to.equal(400n);
    });

    it("fee: a cut announced after opening and in force at acceptance applies (the lower fee)", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world, { expiry: (await now()) + 60n * DAY });
      await pledgeEth(world, id, world.alice, eth("10"));
      await (await world.escrow.connect(world.owner).setFee(100)).wait();
      // Not yet in force: the request's fee stays.
      expect((await world.escrow.getCampaign(id)).feeBps).to.equal(FEE_BPS);
      await time.increase(7n * DAY + 1n);
      const { deadline } = await accept(world, id, { goal: eth("10") });
      expect((await world.escrow.getCampaign(id)).feeBps).to.equal(100n);
      await time.increaseTo(deadline + 1n);
      await expect(world.escrow.connect(world.maintainer).claim(id)).to.changeEtherBalance(ethers, world.payout, eth("10") - feeOf(eth("10"), 100n));
      expect(await world.escrow.accruedFees(ETH)).to.equal(feeOf(eth("10"), 100n));
    });

    it("with a builder share and a milestone plan: CampaignOpened, CampaignSplitSet, MilestonePlanSet, RequestAccepted, GoalReached in that order", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await pledgeEth(world, id, world.alice, eth("10"));
      const t = (await now()) + 1n;
      await at(t);
      const deadline = t + 30n * DAY;
      const plan: IPledgeEscrow.MilestonePlanStruct = { initialShareBps: 5_000, reviewWindow: 3n * DAY, objectionThresholdBps: 0, milestones: [{ shareBps: 5_000, due: deadline + 10n * DAY }] };
      const sent = board(world, world.maintainer).acceptRequest(id, terms(deadline, { builderShareBps: 1_000n }), plan);
      await expect(sent).to.emit(world.escrow, "CampaignSplitSet").withArgs(id, 1_000n, 0n, 0n);
      await expect(sent).to.emit(world.escrow, "MilestonePlanSet").withArgs(id, 5_000n, 3n * DAY, 5_000n, [[5_000n, deadline + 10n * DAY]]);
      const receipt = await (await sent).wait();
      if (receipt === null) throw new Error("no receipt");
      expect(eventNames(world, receipt)).to.deep.equal(["CampaignOpened", "CampaignSplitSet", "MilestonePlanSet", "RequestAccepted", "GoalReached"]);
      const progress = await world.escrow.getMilestoneProgress(id);
      expect([progress.count, progress.current, progress.reviewWindow, progress.objectionThresholdBps]).to.deep.equal([1n, 0n, 3n * DAY, 5_000n]);
      expect((await world.escrow.getSplit(id)).builderShareBps).to.equal(1_000n);
      // Succeeds; the first claim pays the initial share minus the fee and the builder share (credited, waiting).
      await time.increaseTo(deadline + 1n);
      const gross = eth("5");
      await expect(world.escrow.connect(world.maintainer).claim(id)).to.changeEtherBalance(ethers, world.payout, gross - feeOf(gross) - gross / 10n);
    });

    it("an empty milestone list means no milestones: the plan's other fields are ignored, no MilestonePlanSet", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      const deadline = (await now()) + 30n * DAY;
      const ignored: IPledgeEscrow.MilestonePlanStruct = { initialShareBps: 1, reviewWindow: 1, objectionThresholdBps: 10_001, milestones: [] };
      const sent = board(world, world.maintainer).acceptRequest(id, terms(deadline), ignored);
      await expect(sent).not.to.emit(world.escrow, "MilestonePlanSet");
      await (await sent).wait();
      await expect(world.escrow.getMilestoneProgress(id)).to.be.revertedWithCustomError(world.escrow, "NoMilestones").withArgs(id);
      expect(await world.escrow.campaignState(id)).to.equal(State.Funding);
    });

    it("freezes the dependency list in force at acceptance (set after opening): CampaignSplitSet, SharesTooLarge counts it", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await pledgeEth(world, id, world.alice, eth("10"));
      await (await world.registry.connect(world.carol).registerProject("ipfs://dependency", "", world.carol.address)).wait();
      await (await world.registry.connect(world.maintainer).setDependencies(1n, [{ projectId: 2, shareBps: 1_000 }])).wait();
      const deadline = (await now()) + 30n * DAY;
      const maintainer = board(world, world.maintainer);
      await expectRevert(world, () => maintainer.acceptRequest(id, terms(deadline, { builderShareBps: 8_501n }), NO_PLAN), world.escrow, "SharesTooLarge", [8_501n, 1_000n, 8_500n]);
      await expect(maintainer.acceptRequest(id, terms(deadline), NO_PLAN)).to.emit(world.escrow, "CampaignSplitSet").withArgs(id, 0n, 1n, 1_000n);
      await time.increaseTo(deadline + 1n);
      const gross = eth("10");
      await expect(world.escrow.connect(world.maintainer).claim(id)).to.changeEtherBalance(ethers, world.payout, gross - feeOf(gross) - gross / 10n);
      expect(await world.escrow.projectSharesOf(2n, ETH)).to.equal(gross / 10n);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(feeOf(gross) + gross / 10n);
    });

    it("refuses a bad milestone plan as openCampaignWithMilestones does: InvalidMilestoneShares", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      const deadline = (await now()) + 30n * DAY;
      const plan: IPledgeEscrow.MilestonePlanStruct = { initialShareBps: 5_000, reviewWindow: 3n * DAY, objectionThresholdBps: 0, milestones: [{ shareBps: 4_000, due: deadline + 10n * DAY }] };
      await expectRevert(world, () => board(world, world.maintainer).acceptRequest(id, terms(deadline), plan), world.escrow, "InvalidMilestoneShares", [9_000n]);
    });

    it("checks a milestone plan as openCampaignWithMilestones does: InvalidMilestoneCount, InvalidReviewWindow, InvalidMilestoneDue at the earliest due - 1, the earliest due taken", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      const deadline = (await now()) + 30n * DAY;
      const review = 3n * DAY;
      const earliestDue = deadline + 2n * DEFAULT_LAST_CALL + review + 1n;
      const maintainer = board(world, world.maintainer);
      const eleven = Array.from({ length: 11 }, (_, i) => ({ shareBps: 500, due: earliestDue + BigInt(i) * 10n * DAY }));
      await expectRevert(world, () => maintainer.acceptRequest(id, terms(deadline), { initialShareBps: 4_500, reviewWindow: review, objectionThresholdBps: 0, milestones: eleven }), world.escrow, "InvalidMilestoneCount", [11n, 10n]);
      const one = (due: bigint) => ({ initialShareBps: 5_000, reviewWindow: review, objectionThresholdBps: 0, milestones: [{ shareBps: 5_000, due }] });
      await expectRevert(world, () => maintainer.acceptRequest(id, terms(deadline), { ...one(earliestDue), reviewWindow: 0n }), world.escrow, "InvalidReviewWindow", [0n]);
      await expectRevert(world, () => maintainer.acceptRequest(id, terms(deadline), one(earliestDue - 1n)), world.escrow, "InvalidMilestoneDue", [0n, earliestDue - 1n]);
      await expectRevert(world, () => maintainer.acceptRequest(id, terms(deadline), { ...one(earliestDue), objectionThresholdBps: 10_000 }), world.escrow, "InvalidObjectionThreshold", [10_000n]);
      await (await maintainer.acceptRequest(id, terms(deadline), one(earliestDue))).wait();
      expect((await world.escrow.getMilestone(id, 0n)).due).to.equal(earliestDue);
    });

    it("refuses to accept or decline a campaign that never was a request: UnexpectedState(id, Funding, Requested)", async () => {
      const world = await loadWorld();
      const { id } = await openCampaign(world);
      await (await world.escrow.connect(world.alice).pledge(id, { value: eth("1") })).wait();
      const deadline = (await now()) + 30n * DAY;
      await expectRevert(world, () => board(world, world.maintainer).acceptRequest(id, terms(deadline, { goal: 1n }), NO_PLAN), world.escrow, "UnexpectedState", [id, State.Funding, EXPECTED.requested]);
      await expectRevert(world, () => board(world, world.maintainer).declineRequest(id, "ipfs://no"), world.escrow, "UnexpectedState", [id, State.Funding, EXPECTED.requested]);
      expect(await world.escrow.campaignState(id)).to.equal(State.Funding);
    });

    it("full life, success: the claim pays the payout the total minus the fee", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await pledgeEth(world, id, world.alice, eth("7"));
      const { deadline } = await accept(world, id, { goal: eth("10") });
      await pledgeEth(world, id, world.bob, eth("5"));
      await expectSolvent(world, ETH, [id], [world.alice, world.bob]);
      await time.increaseTo(deadline + 1n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Succeeded);
      await expect(world.escrow.connect(world.maintainer).claim(id))
        .to.emit(world.escrow, "CampaignClaimed")
        .withArgs(id, world.payout.address, world.maintainer.address, eth("12") - feeOf(eth("12")), feeOf(eth("12")));
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(feeOf(eth("12")));
      expect(await world.escrow.campaignState(id)).to.equal(State.Claimed);
    });

    it("full life in the token: the claim pays the payout the total minus the fee in the token", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world, { token: world.tokenAddress });
      await pledgeUsd(world, id, world.alice, usd("600"));
      const { deadline } = await accept(world, id, { token: world.tokenAddress, goal: usd("1000") });
      await pledgeUsd(world, id, world.bob, usd("400"));
      await expectSolvent(world, world.tokenAddress, [id], [world.alice, world.bob]);
      await time.increaseTo(deadline + 1n);
      await expect(world.escrow.connect(world.maintainer).claim(id)).to.changeTokenBalance(ethers, world.token, world.payout, usd("1000") - feeOf(usd("1000")));
      expect(await world.token.balanceOf(world.escrowAddress)).to.equal(feeOf(usd("1000")));
    });

    it("an accepted request is an ordinary campaign: unclaimed past its claim window it is Lapsed (not Expired) and refunds in full", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await pledgeEth(world, id, world.alice, eth("10"));
      const { deadline } = await accept(world, id, { goal: eth("10"), claimWindow: 7n * DAY });
      await time.increaseTo(deadline + 7n * DAY + 1n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Lapsed);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "UnexpectedState", [id, State.Lapsed, EXPECTED.succeeded]);
      await expect(world.escrow.connect(world.alice).refund(id)).to.changeEtherBalance(ethers, world.alice, eth("10"));
    });

    it("full life, failure: every backer refunds in full", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await pledgeEth(world, id, world.alice, eth("3"));
      const { deadline } = await accept(world, id, { goal: eth("10") });
      await pledgeEth(world, id, world.bob, eth("2"));
      await time.increaseTo(deadline + 1n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Failed);
      await expect(world.escrow.connect(world.alice).refund(id)).to.changeEtherBalance(ethers, world.alice, eth("3"));
      await expect(world.escrow.connect(world.bob).refund(id)).to.changeEtherBalance(ethers, world.bob, eth("2"));
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });

    it("cancel after acceptance works as for a campaign: CampaignCancelled, refunds in full", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await pledgeEth(world, id, world.alice, eth("3"));
      await accept(world, id);
      await expect(world.escrow.connect(world.maintainer).cancelCampaign(id)).to.emit(world.escrow, "CampaignCancelled").withArgs(id, world.maintainer.address);
      expect(await world.escrow.campaignState(id)).to.equal(State.Cancelled);
      await expect(world.escrow.connect(world.alice).refund(id)).to.changeEtherBalance(ethers, world.alice, eth("3"));
    });
  });

  describe("declineRequest", () => {
    it("only a maintainer: NotProjectMaintainer for a stranger and the opener", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world, { opener: world.bob });
      for (const caller of [world.stranger, world.bob]) {
        await expectRevert(world, () => board(world, caller).declineRequest(id, "ipfs://no"), world.escrow, "NotProjectMaintainer", [1n, caller.address]);
      }
    });

    it("refuses an empty reason: EmptyReasonURI", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await expectRevert(world, () => board(world, world.maintainer).declineRequest(id, ""), world.escrow, "EmptyReasonURI", []);
    });

    it("works while paused: RequestDeclined(id, maintainer, reason), state Declined", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await pledgeEth(world, id, world.alice, eth("1"));
      await (await world.escrow.connect(world.guardian).pause()).wait();
      await expect(board(world, world.maintainer).declineRequest(id, "ipfs://why")).to.emit(world.escrow, "RequestDeclined").withArgs(id, world.maintainer.address, "ipfs://why");
      expect(await world.escrow.campaignState(id)).to.equal(State.Declined);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "UnexpectedState", [id, State.Declined, EXPECTED.succeeded]);
      await expect(world.escrow.connect(world.alice).refund(id)).to.changeEtherBalance(ethers, world.alice, eth("1"));
    });

    it("not after expiry (UnexpectedState(id, Expired, Requested)), not twice (Declined)", async () => {
      const world = await loadWorld();
      const expired = await openRequest(world);
      const declined = await openRequest(world);
      await (await board(world, world.maintainer).declineRequest(declined.id, "ipfs://no")).wait();
      await expectRevert(world, () => board(world, world.maintainer).declineRequest(declined.id, "ipfs://again"), world.escrow, "UnexpectedState", [declined.id, State.Declined, EXPECTED.requested]);
      await time.increaseTo(expired.expiry + 1n);
      await expectRevert(world, () => board(world, world.maintainer).declineRequest(expired.id, "ipfs://late"), world.escrow, "UnexpectedState", [expired.id, State.Expired, EXPECTED.requested]);
    });

    it("refund after decline pays each backer in full, a year later, needing nobody else; a second refund: NothingToRefund", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await pledgeEth(world, id, world.alice, eth("2"));
      await pledgeEth(world, id, world.bob, eth("1"));
      await (await world.escrow.connect(world.alice).withdrawPledge(id, eth("0.5"))).wait();
      await (await board(world, world.maintainer).declineRequest(id, "ipfs://no")).wait();
      await expect(world.escrow.connect(world.bob).refund(id)).to.emit(world.escrow, "Refunded").withArgs(id, world.bob.address, eth("1"));
      await expectSolvent(world, ETH, [id], [world.alice, world.bob]);
      await time.increase(365n * DAY);
      await expect(world.escrow.connect(world.alice).refund(id)).to.changeEtherBalance(ethers, world.alice, eth("1.5"));
      await expectRevert(world, () => world.escrow.connect(world.alice).refund(id), world.escrow, "NothingToRefund", [id, world.alice.address]);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });
  });

  describe("expiry", () => {
    it("refund after expiry pays each backer in full; the record reads Expired", async () => {
      const world = await loadWorld();
      const { id, expiry } = await openRequest(world, { token: world.tokenAddress });
      await pledgeUsd(world, id, world.alice, usd("30"));
      await pledgeUsd(world, id, world.bob, usd("12"));
      await expectRevert(world, () => world.escrow.connect(world.alice).refund(id), world.escrow, "UnexpectedState", [id, State.Requested, EXPECTED.refundable]);
      await time.increaseTo(expiry + 1n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Expired);
      await expect(world.escrow.connect(world.alice).refund(id)).to.changeTokenBalance(ethers, world.token, world.alice, usd("30"));
      await expect(world.escrow.connect(world.bob).refund(id)).to.changeTokenBalance(ethers, world.token, world.bob, usd("12"));
      expect(await world.token.balanceOf(world.escrowAddress)).to.equal(0n);
    });

    it("claim of an open or expired request is refused: UnexpectedState(id, Requested|Expired, Succeeded)", async () => {
      const world = await loadWorld();
      const { id, expiry } = await openRequest(world);
      await pledgeEth(world, id, world.alice, eth("1"));
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "UnexpectedState", [id, State.Requested, EXPECTED.succeeded]);
      await time.increaseTo(expiry + 1n);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "UnexpectedState", [id, State.Expired, EXPECTED.succeeded]);
    });

    it("cancelCampaign and depositBonus refuse an open request: UnexpectedState(id, Requested, Funding)", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).cancelCampaign(id), world.escrow, "UnexpectedState", [id, State.Requested, EXPECTED.funding]);
      await expectRevert(world, () => world.escrow.connect(world.alice).depositBonus(id, ETH, eth("0.1"), { value: eth("0.1") }), world.escrow, "UnexpectedState", [id, State.Requested, EXPECTED.funding]);
    });
  });

  describe("attacks", () => {
    async function reentrantRequest(world: World) {
      const token = await new ReentrantToken__factory(world.owner).deploy(world.escrowAddress);
      const address = await token.getAddress();
      await (await world.escrow.connect(world.owner).setTokenAllowed(address, true)).wait();
      await (await token.mint(world.alice.address, 1_000n)).wait();
      const { id } = await openRequest(world, { token: address });
      // The token holds a pledge of its own that a re-entrant call could take.
      await (await token.mint(address, 50n)).wait();
      await (await token.execute(50n, world.escrow.interface.encodeFunctionData("pledgeToken", [id, 50n]))).wait();
      return { token, address, id };
    }
    const guard = (world: World) => world.escrow.interface.getError("ReentrancyGuardReentrantCall")!.selector;

    it("a token re-entering withdrawPledge from a request pledge's transferFrom gets ReentrancyGuardReentrantCall", async () => {
      const world = await loadWorld();
      const { token, address, id } = await reentrantRequest(world);
      await (await token.arm(world.escrow.interface.encodeFunctionData("withdrawPledge", [id, 50n]))).wait();
      await (await token.connect(world.alice).approve(world.escrowAddress, 100n)).wait();
      await (await world.escrow.connect(world.alice).pledgeToken(id, 100n)).wait();
      expect(await token.attempts()).to.equal(1n);
      expect(await token.reentrySucceeded()).to.equal(false);
      expect(await token.reentrySelector()).to.equal(guard(world));
      expect(await world.escrow.pledgeOf(id, address)).to.equal(50n);
      expect(await token.balanceOf(world.escrowAddress)).to.equal(150n);
    });

    it("a token re-entering refund from a declined request's refund transfer gets ReentrancyGuardReentrantCall; its own refund is intact", async () => {
      const world = await loadWorld();
      const { token, address, id } = await reentrantRequest(world);
      await (await token.connect(world.alice).approve(world.escrowAddress, 100n)).wait();
      await (await world.escrow.connect(world.alice).pledgeToken(id, 100n)).wait();
      await (await board(world, world.maintainer).declineRequest(id, "ipfs://no")).wait();
      await (await token.arm(world.escrow.interface.encodeFunctionData("refund", [id]))).wait();
      await (await world.escrow.connect(world.alice).refund(id)).wait();
      expect(await token.reentrySelector()).to.equal(guard(world));
      expect(await token.balanceOf(world.alice.address)).to.equal(1_000n);
      expect(await world.escrow.pledgeOf(id, address)).to.equal(50n);
      expect(await token.balanceOf(world.escrowAddress)).to.equal(50n);
      await (await token.execute(0n, world.escrow.interface.encodeFunctionData("refund", [id]))).wait();
      expect(await token.balanceOf(world.escrowAddress)).to.equal(0n);
    });

    it("a token re-entering withdrawPledge from an open request's withdrawal transfer gets ReentrancyGuardReentrantCall", async () => {
      const world = await loadWorld();
      const { token, address, id } = await reentrantRequest(world);
      await (await token.connect(world.alice).approve(world.escrowAddress, 100n)).wait();
      await (await world.escrow.connect(world.alice).pledgeToken(id, 100n)).wait();
      await (await token.arm(world.escrow.interface.encodeFunctionData("withdrawPledge", [id, 50n]))).wait();
      await (await world.escrow.connect(world.alice).withdrawPledge(id, 100n)).wait();
      expect(await token.reentrySelector()).to.equal(guard(world));
      expect(await world.escrow.pledgeOf(id, address)).to.equal(50n);
      expect(await token.balanceOf(world.alice.address)).to.equal(1_000n);
      expect(await token.balanceOf(world.escrowAddress)).to.equal(50n);
    });

    it("an ETH backer re-entering refund from an expired request's refund gets ReentrancyGuardReentrantCall, paid once", async () => {
      const world = await loadWorld();
      const { id, expiry } = await openRequest(world);
      const attacker = await new AttackerBacker__factory(world.owner).deploy(world.escrowAddress);
      const attackerAddress = await attacker.getAddress();
      await (await attacker.pledge(id, { value: eth("1") })).wait();
      await pledgeEth(world, id, world.alice, eth("3"));
      await time.increaseTo(expiry + 1n);
      await (await attacker.setMode(2, id)).wait();
      await expect(attacker.refund(id)).to.changeEtherBalance(ethers, attacker, eth("1"));
      expect(await attacker.reentrySucceeded()).to.equal(false);
      expect((await attacker.reentryError()).slice(0, 10)).to.equal(guard(world));
      expect(await world.escrow.pledgeOf(id, attackerAddress)).to.equal(0n);
      await expectSolvent(world, ETH, [id], [world.alice]);
      await expect(world.escrow.connect(world.alice).refund(id)).to.changeEtherBalance(ethers, world.alice, eth("3"));
    });

    it("dust pledges of 1 wei from many backers: solvent to the wei at every step, each refunded its wei", async () => {
      const world = await loadWorld();
      const backers = (await ethers.getSigners()).slice(5);
      const { id } = await openRequest(world);
      for (const backer of backers) {
        await pledgeEth(world, id, backer, 1n);
        await expectSolvent(world, ETH, [id], backers);
      }
      await (await world.escrow.connect(backers[0]).withdrawPledge(id, 1n)).wait();
      await expectSolvent(world, ETH, [id], backers);
      const { deadline } = await accept(world, id, { goal: eth("1") });
      expect((await world.escrow.getCampaign(id)).pledged).to.equal(BigInt(backers.length - 1));
      await time.increaseTo(deadline + 1n);
      await expectRevert(world, () => world.escrow.connect(backers[0]).refund(id), world.escrow, "NothingToRefund", [id, backers[0].address]);
      for (const backer of backers.slice(1)) {
        await expect(world.escrow.connect(backer).refund(id)).to.emit(world.escrow, "Refunded").withArgs(id, backer.address, 1n);
        await expectSolvent(world, ETH, [id], backers);
      }
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });

    it("a maintainer accepting with a goal far below the pledges cannot claim before the deadline; backers keep the notice window and leave", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await pledgeEth(world, id, world.alice, eth("5"));
      await pledgeEth(world, id, world.bob, eth("5"));
      const t = (await now()) + 1n;
      await at(t);
      const deadline = t + NOTICE + 2n * DEFAULT_LAST_CALL;
      await (await board(world, world.maintainer).acceptRequest(id, terms(deadline, { goal: 1n }), NO_PLAN)).wait();
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "UnexpectedState", [id, State.Funding, EXPECTED.succeeded]);
      await at(t + NOTICE);
      await expect(world.escrow.connect(world.alice).withdrawPledge(id, eth("5"))).to.changeEtherBalance(ethers, world.alice, eth("5"));
      await at(deadline - DEFAULT_LAST_CALL);
      await expect(world.escrow.connect(world.bob).withdrawPledge(id, eth("5"))).to.changeEtherBalance(ethers, world.bob, eth("5"));
      await expectSolvent(world, ETH, [id], [world.alice, world.bob]);
      await time.increaseTo(deadline + 1n);
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(id), world.escrow, "UnexpectedState", [id, State.Failed, EXPECTED.succeeded]);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });

    it("acceptance at the last second before expiry works; one second later it is Expired", async () => {
      const world = await loadWorld();
      const last = await openRequest(world);
      const late = await openRequest(world, { expiry: last.expiry });
      await pledgeEth(world, last.id, world.alice, eth("1"));
      await at(last.expiry);
      const deadline = last.expiry + 30n * DAY;
      await (await board(world, world.maintainer).acceptRequest(last.id, terms(deadline), NO_PLAN)).wait();
      expect(await world.escrow.campaignState(last.id)).to.equal(State.Funding);
      expect(await world.escrow.pledgeOf(last.id, world.alice.address)).to.equal(eth("1"));
      await expectRevert(world, () => board(world, world.maintainer).acceptRequest(late.id, terms(deadline), NO_PLAN), world.escrow, "UnexpectedState", [late.id, State.Expired, EXPECTED.requested]);
    });

    it("a refund bonus deposited after acceptance pays backers of the request phase and later ones; every wei of pledges and pot goes back out", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await pledgeEth(world, id, world.alice, eth("4"));
      const { deadline } = await accept(world, id, { goal: eth("10") });
      await expect(world.escrow.connect(world.carol).depositBonus(id, ETH, eth("0.5"), { value: eth("0.5") }))
        .to.emit(world.escrow, "BonusDeposited")
        .withArgs(id, world.carol.address, eth("0.5"), eth("0.5"));
      await pledgeEth(world, id, world.bob, eth("2"));
      await time.increaseTo(deadline + 1n);
      expect(await world.escrow.campaignState(id)).to.equal(State.Failed);
      const paid: bigint[] = [];
      for (const backer of [world.alice, world.bob]) {
        const receipt = await (await world.escrow.connect(backer).refund(id)).wait();
        const event = receipt?.logs.map((log) => world.escrow.interface.parseLog(log)).find((parsed) => parsed?.name === "RefundedWithBonus");
        expect(event, "RefundedWithBonus").not.to.equal(undefined);
        expect(event?.args[2]).to.equal(backer === world.alice ? eth("4") : eth("2"));
        paid.push(BigInt(event?.args[3] ?? 0n));
      }
      // The request-phase backer held more money longer: the larger bonus.
      expect(paid[0]).to.be.greaterThan(paid[1]);
      await (await world.escrow.connect(world.carol).reclaimBonus(id)).wait();
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });

    it("while paused: pledges to a request refused (EnforcedPause), withdrawals, decline and refunds still work", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await pledgeEth(world, id, world.alice, eth("2"));
      await (await world.escrow.connect(world.guardian).pause()).wait();
      await expectRevert(world, () => world.escrow.connect(world.bob).pledge(id, { value: eth("1") }), world.escrow, "EnforcedPause", []);
      await expect(world.escrow.connect(world.alice).withdrawPledge(id, eth("1"))).to.changeEtherBalance(ethers, world.alice, eth("1"));
      await (await board(world, world.maintainer).declineRequest(id, "ipfs://paused")).wait();
      await expect(world.escrow.connect(world.alice).refund(id)).to.changeEtherBalance(ethers, world.alice, eth("1"));
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });

    it("the owner cannot sweep a request's pledges as stray tokens: opening a request marks its token used (TokenInUse), even once off the allowlist", async () => {
      const world = await loadWorld();
      const fresh = await new TestToken__factory(world.owner).deploy("Fresh", "FRS", 18);
      const address = await fresh.getAddress();
      await (await fresh.mint(world.alice.address, 1_000n)).wait();
      await (await world.escrow.connect(world.owner).setTokenAllowed(address, true)).wait();
      const { id } = await openRequest(world, { token: address });
      await (await world.escrow.connect(world.owner).setTokenAllowed(address, false)).wait();
      await (await fresh.connect(world.alice).approve(world.escrowAddress, 700n)).wait();
      await (await world.escrow.connect(world.alice).pledgeToken(id, 700n)).wait();
      await expectRevert(world, () => world.escrow.connect(world.owner).recoverStrayToken(address, world.owner.address), world.escrow, "TokenInUse", [address]);
      expect(await fresh.balanceOf(world.escrowAddress)).to.equal(700n);
      await (await board(world, world.maintainer).declineRequest(id, "ipfs://no")).wait();
      await (await world.escrow.connect(world.alice).refund(id)).wait();
      expect(await fresh.balanceOf(world.alice.address)).to.equal(1_000n);
    });

    it("solvency to the wei across requests and campaigns in both tokens through pledges, acceptance, decline, expiry, claim and refunds", async () => {
      const world = await loadWorld();
      const backers = [world.alice, world.bob, world.carol];
      const a = await openRequest(world);
      const b = await openRequest(world);
      const c = await openRequest(world, { token: world.tokenAddress });
      const ids = [a.id, b.id, c.id];
      const check = async () => {
        await expectSolvent(world, ETH, [a.id, b.id], backers);
        await expectSolvent(world, world.tokenAddress, [c.id], backers);
      };
      await pledgeEth(world, a.id, world.alice, eth("4") + 3n);
      await check();
      await pledgeEth(world, b.id, world.bob, 7n);
      await check();
      await pledgeUsd(world, c.id, world.carol, usd("9") + 1n);
      await check();
      await (await world.escrow.connect(world.alice).withdrawPledge(a.id, 3n)).wait();
      await check();
      const { deadline } = await accept(world, a.id, { goal: eth("5") });
      await check();
      await pledgeEth(world, a.id, world.carol, eth("1"));
      await check();
      await (await board(world, world.maintainer).declineRequest(b.id, "ipfs://no")).wait();
      await (await world.escrow.connect(world.bob).refund(b.id)).wait();
      await check();
      await time.increaseTo(c.expiry + 1n);
      await (await world.escrow.connect(world.carol).refund(c.id)).wait();
      await check();
      await time.increaseTo(deadline + 1n);
      await (await world.escrow.connect(world.maintainer).claim(a.id)).wait();
      // Claimed: what stays is the fee.
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(feeOf(eth("5")));
      expect(await world.token.balanceOf(world.escrowAddress)).to.equal(0n);
      expect(ids.length).to.equal(3);
    });
  });
});
