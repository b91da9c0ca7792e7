import { expect } from "chai";

import { OpenPledgeClient, OpenPledgeError, splitAmount, type CampaignSplit } from "../client/node.js";
import { DAY, ETH, ethers, loadWorld, networkHelpers, now, SPEC, type World } from "./helpers/fixture.js";

const { time } = networkHelpers;

function clientFor(world: World, signer: World["alice"]): OpenPledgeClient {
  return new OpenPledgeClient({ registry: world.registry.target as string, escrow: world.escrowAddress }, signer);
}

function readerFor(world: World): OpenPledgeClient {
  return new OpenPledgeClient({ registry: world.registry.target as string, escrow: world.escrowAddress }, ethers.provider);
}

/** The error a call fails with, which must be an `OpenPledgeError` named `name`. */
async function failureOf(call: Promise<unknown>, name: string): Promise<OpenPledgeError> {
  try {
    await call;
  } catch (error) {
    expect(error).to.be.instanceOf(OpenPledgeError);
    const decoded = error as OpenPledgeError;
    expect(decoded.errorName).to.equal(name);
    return decoded;
  }
  throw new Error(`expected ${name}, but the call succeeded`);
}

/** Registers projects 2 (ethers, by carol) and 3 (viem, by the stranger), each paying out to its owner. */
async function registerDependencies(world: World): Promise<{ ethersId: bigint; viemId: bigint }> {
  const ethersId = (await clientFor(world, world.carol).registerProject({ metadataURI: "ipfs://ethers", payout: world.carol.address })).projectId;
  const viemId = (await clientFor(world, world.stranger).registerProject({ metadataURI: "ipfs://viem", payout: world.stranger.address })).projectId;
  return { ethersId, viemId };
}

/** Opens an ETH campaign of project 1 through the client with a builder share; a one-day last call. */
async function openWithShare(world: World, builderShareBps: bigint, goal = "10", token = "ETH"): Promise<{ id: bigint; deadline: bigint }> {
  const deadline = (await now()) + 5n * DAY;
  const { campaignId } = await clientFor(world, world.maintainer).openCampaign({
    projectId: 1n,
    specURI: SPEC,
    token,
    goal,
    deadline,
    lastCallSeconds: DAY,
    builderShareBps,
  });
  return { id: campaignId, deadline };
}

describe("client: builder and dependency shares", () => {
  it("declares a dependency list, reads every version, and a campaign's split pays each recipient what splitAmount says, to the wei", async () => {
    const world = await loadWorld();
    const { ethersId, viemId } = await registerDependencies(world);
    const owner = clientFor(world, world.maintainer);
    const set = await owner.setDependencies(1n, [
      { projectId: ethersId, shareBps: 500n },
      { projectId: viemId, shareBps: 333n },
    ]);
    expect(set.version).to.equal(1n);
    expect(await readerFor(world).getDependencies(1n)).to.deep.equal({
      projectId: 1n,
      version: 1n,
      dependencies: [
        { projectId: ethersId, shareBps: 500n },
        { projectId: viemId, shareBps: 333n },
      ],
      totalShareBps: 833n,
    });

    const { id, deadline } = await openWithShare(world, 1_500n);
    const split = await readerFor(world).getSplit(id);
    expect(split).to.deep.equal({
      campaignId: id,
      projectId: 1n,
      token: ETH,
      feeBps: 250n,
      builder: null,
      nominee: null,
      builderShareBps: 1_500n,
      dependencyVersion: 1n,
      dependencyShareBps: 833n,
      dependencies: [
        { projectId: ethersId, shareBps: 500n },
        { projectId: viemId, shareBps: 333n },
      ],
      waiting: 0n,
      releasableAt: null,
    } satisfies CampaignSplit);

    await owner.nominateBuilder(id, world.bob.address);
    expect((await readerFor(world).getSplit(id)).nominee).to.equal(world.bob.address);
    expect((await clientFor(world, world.bob).acceptBuilder(id)).waitingTaken).to.equal(0n);
    await clientFor(world, world.alice).pledge(id, 10_000_000_000_000_000_007n);
    await time.increaseTo(deadline + 1n);
    const payoutBefore = await ethers.provider.getBalance(world.payout.address);
    const claimed = await owner.claim(id);

    const expected = splitAmount(split, 10_000_000_000_000_000_007n);
    expect(expected.fee + expected.builder + expected.dependencies.reduce((sum, d) => sum + d.amount, 0n) + expected.project).to.equal(expected.gross);
    expect([claimed.amount, claimed.fee]).to.deep.equal([expected.project, expected.fee]);
    expect(await ethers.provider.getBalance(world.payout.address)).to.equal(payoutBefore + expected.project);
    expect(await world.escrow.builderSharesOf(world.bob.address, ETH)).to.equal(expected.builder);
    expect(await world.escrow.projectSharesOf(ethersId, ETH)).to.equal(expected.dependencies[0]?.amount);
    expect(await world.escrow.projectSharesOf(viemId, ETH)).to.equal(expected.dependencies[1]?.amount);

    expect(await readerFor(world).getOwed(world.bob.address)).to.deep.equal({
      account: world.bob.address,
      asBuilder: [{ token: ETH, amount: expected.builder }],
      asMaintainer: [],
      nominations: [],
    });
    expect((await readerFor(world).getOwed(world.carol.address)).asMaintainer).to.deep.equal([
      { projectId: ethersId, payout: world.carol.address, shares: [{ token: ETH, amount: expected.dependencies[0]?.amount }] },
    ]);

    const bobBefore = await ethers.provider.getBalance(world.bob.address);
    const withdrawn = await clientFor(world, world.bob).withdrawBuilderShares("ETH");
    const receipt = await ethers.provider.getTransactionReceipt(withdrawn.hash);
    expect(withdrawn.amount).to.equal(expected.builder);
    expect(await ethers.provider.getBalance(world.bob.address)).to.equal(bobBefore + expected.builder - (receipt?.fee ?? 0n));
    const paid = await clientFor(world, world.carol).withdrawProjectShares(ethersId, "ETH");
    expect([paid.amount, paid.payout]).to.deep.equal([expected.dependencies[0]?.amount, world.carol.address]);
    await failureOf(clientFor(world, world.bob).withdrawBuilderShares("ETH"), "NothingToWithdraw");
  });
});
