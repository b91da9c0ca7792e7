import { expect } from "chai";

import { deployTestToken } from "../scripts/lib/protocol.js";
import { DAY, ETH, ethers, loadWorld, now, SPEC, type World } from "./helpers/fixture.js";

/** Tokens sent to the escrow by mistake: returnable only when no campaign ever used the token. */
describe("PledgeEscrow: stray tokens", function () {
  async function strayToken(world: World, amount: bigint) {
    const stray = await deployTestToken(world.owner, "Stray Dollar", "STRAY", 6);
    await (await stray.mint(world.stranger.address, amount)).wait();
    await (await stray.connect(world.stranger).transfer(world.escrowAddress, amount)).wait();
    return stray;
  }

  async function openWith(world: World, token: string) {
    const terms = { projectId: world.projectId, specURI: SPEC, specHash: ethers.ZeroHash, token, goal: 1_000n, deadline: (await now()) + 30n * DAY, lastCall: 0n, claimWindow: 0n, builderShareBps: 0n };
    await (await world.escrow.connect(world.maintainer).openCampaign(terms)).wait();
  }

  it("returns the whole balance of a token no campaign ever used to the address the owner names", async function () {
    const world = await loadWorld();
    const stray = await strayToken(world, 1_234n);
    const strayAddress = await stray.getAddress();

    await expect(world.escrow.connect(world.owner).recoverStrayToken(strayAddress, world.stranger.address))
      .to.emit(world.escrow, "StrayTokensRecovered")
      .withArgs(strayAddress, world.stranger.address, 1_234n);

    expect(await stray.balanceOf(world.escrowAddress)).to.equal(0n);
    expect(await stray.balanceOf(world.stranger.address)).to.equal(1_234n);
  });

  it("refuses a token that a campaign has used, even once it is off the allowlist", async function () {
    const world = await loadWorld();
    await openWith(world, world.tokenAddress);
    await (await world.escrow.connect(world.owner).setTokenAllowed(world.tokenAddress, false)).wait();
    expect(await world.escrow.isTokenAllowed(world.tokenAddress)).to.equal(false);

    await expect(world.escrow.connect(world.owner).recoverStrayToken(world.tokenAddress, world.owner.address))
      .to.be.revertedWithCustomError(world.escrow, "TokenInUse")
      .withArgs(world.tokenAddress);
  });

  it("keeps a token marked as used when it is allowed again", async function () {
    const world = await loadWorld();
    await openWith(world, world.tokenAddress);
    await (await world.escrow.connect(world.owner).setTokenAllowed(world.tokenAddress, false)).wait();
    await (await world.escrow.connect(world.owner).setTokenAllowed(world.tokenAddress, true)).wait();
    expect(await world.escrow.isTokenAllowed(world.tokenAddress)).to.equal(true);

    await expect(world.escrow.connect(world.owner).recoverStrayToken(world.tokenAddress, world.owner.address))
      .to.be.revertedWithCustomError(world.escrow, "TokenInUse")
      .withArgs(world.tokenAddress);
  });

  it("never takes ETH", async function () {
    const world = await loadWorld();
    await expect(world.escrow.connect(world.owner).recoverStrayToken(ETH, world.owner.address))
      .to.be.revertedWithCustomError(world.escrow, "TokenInUse")
      .withArgs(ETH);
  });

  it("is the protocol owner's alone", async function () {
    const world = await loadWorld();
    const stray = await strayToken(world, 10n);
    await expect(world.escrow.connect(world.stranger).recoverStrayToken(await stray.getAddress(), world.stranger.address))
      .to.be.revertedWithCustomError(world.escrow, "OwnableUnauthorizedAccount")
      .withArgs(world.stranger.address);
  });

  it("refuses the zero address as recipient", async function () {
    const world = await loadWorld();
    const stray = await strayToken(world, 10n);
    await expect(
      world.escrow.connect(world.owner).recoverStrayToken(await stray.getAddress(), ethers.ZeroAddress),
    ).to.be.revertedWithCustomError(world.escrow, "ZeroAddress");
  });

  it("says when there is nothing to return", async function () {
    const world = await loadWorld();
    const unused = await deployTestToken(world.owner, "Unused", "NONE", 18);
    const unusedAddress = await unused.getAddress();
    await expect(world.escrow.connect(world.owner).recoverStrayToken(unusedAddress, world.owner.address))
      .to.be.revertedWithCustomError(world.escrow, "NothingToRecover")
      .withArgs(unusedAddress);
  });

  it("marks a token used by a campaign with milestones too", async function () {
    const world = await loadWorld();
    const start = await now();
    const terms = { projectId: world.projectId, specURI: SPEC, specHash: ethers.ZeroHash, token: world.tokenAddress, goal: 1_000n, deadline: start + 30n * DAY, lastCall: 0n, claimWindow: 0n, builderShareBps: 0n };
    const plan = { initialShareBps: 0, reviewWindow: 3n * DAY, objectionThresholdBps: 0, milestones: [{ shareBps: 10_000, due: start + 40n * DAY }] };
    await (await world.escrow.connect(world.maintainer).openCampaignWithMilestones(terms, plan)).wait();

    await expect(world.escrow.connect(world.owner).recoverStrayToken(world.tokenAddress, world.owner.address))
      .to.be.revertedWithCustomError(world.escrow, "TokenInUse")
      .withArgs(world.tokenAddress);
  });
});
