import { expect } from "chai";

import {
  checkSolvency,
  decodeRevertData,
  formatDate,
  OpenPledgeClient,
  OpenPledgeError,
  splitAmount,
  splitBasis,
  type CampaignSplit,
  type MilestonePlanInput,
} from "../client/node.js";
import { PledgeEscrow__factory, ProjectRegistry__factory } from "../typechain-types/index.js";
import { DAY, ETH, ethers, loadWorld, networkHelpers, now, SPEC, type World } from "./helpers/fixture.js";
import { clientFor, failureOf, readerFor } from "./helpers/client.js";

const { time } = networkHelpers;
const ESCROW = PledgeEscrow__factory.createInterface();
const REGISTRY = ProjectRegistry__factory.createInterface();
const BUILDER_ACCEPT_WINDOW = 180n * DAY;
const PUSD = 10n ** 6n;

/** An error of the escrow's or the registry's ABI built from its arguments, as a node would return it. */
function contractError(name: string, args: unknown[]): OpenPledgeError {
  const contract = ESCROW.getError(name) === null ? REGISTRY : ESCROW;
  const decoded = decodeRevertData(contract.encodeErrorResult(name, args));
  if (decoded === undefined) throw new Error(`${name} did not decode`);
  return decoded;
}

/** Registers projects 2 (by carol) and 3 (by the stranger), each paying out to its owner. */
async function registerDependencies(world: World): Promise<{ ethersId: bigint; viemId: bigint }> {
  const ethersId = (await clientFor(world, world.carol).registerProject({ metadataURI: "ipfs://ethers", payout: world.carol.address })).projectId;
  const viemId = (await clientFor(world, world.stranger).registerProject({ metadataURI: "ipfs://viem", payout: world.stranger.address })).projectId;
  return { ethersId, viemId };
}

/** Project 1 depends on project 2 for 5% and project 3 for 3.33% (version 1). */
async function withDependencies(world: World): Promise<{ ethersId: bigint; viemId: bigint }> {
  const ids = await registerDependencies(world);
  await clientFor(world, world.maintainer).setDependencies(1n, [
    { projectId: ids.ethersId, shareBps: 500n },
    { projectId: ids.viemId, shareBps: 333n },
  ]);
  return ids;
}

/** Opens a campaign of project 1 through the client, with a builder share; 5 days, a one-day last call. */
async function openWithShare(
  world: World,
  builderShareBps: bigint,
  options: { goal?: string; token?: string; milestones?: (deadline: bigint) => MilestonePlanInput } = {},
): Promise<{ id: bigint; deadline: bigint }> {
  const deadline = (await now()) + 5n * DAY;
  const { campaignId } = await clientFor(world, world.maintainer).openCampaign({
    projectId: 1n,
    specURI: SPEC,
    token: options.token ?? "ETH",
    goal: options.goal ?? "10",
    deadline,
    lastCallSeconds: DAY,
    builderShareBps,
    milestones: options.milestones?.(deadline),
  });
  return { id: campaignId, deadline };
}

/** Pledges `amount` (base units) from alice and moves past the deadline: the campaign succeeded. */
async function fund(world: World, campaign: { id: bigint; deadline: bigint }, amount: bigint): Promise<void> {
  await clientFor(world, world.alice).pledge(campaign.id, amount);
  await time.increaseTo(campaign.deadline + 1n);
}

describe("client: builder and dependency shares", () => {
  describe("dependency lists", () => {
    it("declares versions, reads the current one and any earlier one, and version 0 as empty", async () => {
      const world = await loadWorld();
      const { ethersId, viemId } = await registerDependencies(world);
      const owner = clientFor(world, world.maintainer);
      const reader = readerFor(world);
      expect(await reader.getDependencies(1n)).to.deep.equal({ projectId: 1n, version: 0n, dependencies: [], totalShareBps: 0n });
      expect((await owner.setDependencies(1n, [{ projectId: ethersId, shareBps: 250n }])).version).to.equal(1n);
      expect((await owner.setDependencies(1n, [{ projectId: viemId, shareBps: 100n }, { projectId: ethersId, shareBps: 150n }])).version).to.equal(2n);
      expect((await owner.setDependencies(1n, [])).version).to.equal(3n);
      expect(await reader.getDependencies(1n)).to.deep.equal({ projectId: 1n, version: 3n, dependencies: [], totalShareBps: 0n });
      expect(await reader.getDependencies(1n, 2n)).to.deep.equal({
        projectId: 1n,
        version: 2n,
        dependencies: [
          { projectId: viemId, shareBps: 100n },
          { projectId: ethersId, shareBps: 150n },
        ],
        totalShareBps: 250n,
      });
      expect((await reader.getDependencies(1n, 1n)).dependencies).to.deep.equal([{ projectId: ethersId, shareBps: 250n }]);
      const project = await reader.getProject(1n);
      expect([project.dependencyVersion, project.dependencyShareBps]).to.deep.equal([3n, 0n]);
    });

    it("refuses a list in words, in percent, with what to do instead", async () => {
      const world = await loadWorld();
      const { ethersId } = await registerDependencies(world);
      const owner = clientFor(world, world.maintainer);
      await owner.addMaintainer(1n, world.alice.address);
      const notOwner = await failureOf(clientFor(world, world.alice).setDependencies(1n, [{ projectId: ethersId, shareBps: 100n }]), "NotProjectOwner");
      expect(notOwner.message).to.equal(
        `NotProjectOwner: ${world.alice.address} is not the owner of project 1: only its owner changes its maintainers, payout address, metadata and dependency list, and nominates the first builder of its campaigns; act as the owner (--from; project show 1 names it)`,
      );
      const tooLarge = await failureOf(owner.setDependencies(1n, [{ projectId: ethersId, shareBps: 5_001n }]), "DependencySharesTooLarge");
      expect(tooLarge.message).to.equal("DependencySharesTooLarge: the dependency shares add up to 50.01%, above the most a list may give (50%): lower the shares so they add up to 50% or less");
      expect((await failureOf(owner.setDependencies(1n, [{ projectId: 1n, shareBps: 100n }]), "SelfDependency")).message).to.match(/cannot list itself as a dependency: leave it out of the list$/);
      const unknown = await failureOf(owner.setDependencies(1n, [{ projectId: 9n, shareBps: 100n }]), "UnknownProject");
      expect([unknown.args.projectId, unknown.message]).to.deep.equal([
        9n,
        "UnknownProject: there is no project 9: check the id against the list of projects (project list, or the app's home page)",
      ]);
      expect((await failureOf(owner.setDependencies(1n, [{ projectId: ethersId, shareBps: 0n }]), "ZeroDependencyShare")).message).to.match(/listed with a share of 0%: give it a share, or leave it out$/);
      const twice = [{ projectId: ethersId, shareBps: 100n }, { projectId: ethersId, shareBps: 100n }];
      expect((await failureOf(owner.setDependencies(1n, twice), "DuplicateDependency")).message).to.match(/listed twice: list each dependency once, with its whole share$/);
      const seventeen = Array.from({ length: 17 }, () => ({ projectId: ethersId, shareBps: 1n }));
      expect((await failureOf(owner.setDependencies(1n, seventeen), "TooManyDependencies")).message).to.match(/at most 16 projects, not 17: keep the 16 that matter most$/);
    });
  });

  describe("a campaign's split", () => {
    it("freezes the project's list at opening: a later version changes only campaigns opened after it", async () => {
      const world = await loadWorld();
      const { ethersId, viemId } = await withDependencies(world);
      const first = await openWithShare(world, 1_500n);
      await clientFor(world, world.maintainer).setDependencies(1n, [{ projectId: viemId, shareBps: 1_000n }]);
      const second = await openWithShare(world, 0n);
      const reader = readerFor(world);
      expect(await reader.getSplit(first.id)).to.deep.equal({
        campaignId: first.id,
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
      const later = await reader.getSplit(second.id);
      expect([later.builderShareBps, later.dependencyVersion, later.dependencyShareBps, later.dependencies]).to.deep.equal([0n, 2n, 1_000n, [{ projectId: viemId, shareBps: 1_000n }]]);
    });

    it("reads a campaign without shares as no builder, no dependencies; an unknown campaign is refused in words", async () => {
      const world = await loadWorld();
      const { id } = await openWithShare(world, 0n, { token: world.tokenAddress, goal: "100" });
      const split = await readerFor(world).getSplit(id);
      expect([split.token, split.builderShareBps, split.dependencyVersion, split.dependencies, split.builder, split.waiting]).to.deep.equal([world.tokenAddress, 0n, 0n, [], null, 0n]);
      await failureOf(readerFor(world).getSplit(99n), "UnknownCampaign");
    });

    it("refuses a builder share that does not fit beside the dependencies and the largest fee, in percent", async () => {
      const world = await loadWorld();
      await withDependencies(world);
      const refused = await failureOf(openWithShare(world, 8_668n), "SharesTooLarge");
      expect(refused.args).to.deep.include({ builderShareBps: 8_668n, dependencyShareBps: 833n, maxBuilderShareBps: 8_667n });
      expect(refused.message).to.equal(
        "SharesTooLarge: a builder share of 86.68% is too large: with the project's dependency shares (8.33%) and the largest protocol fee (5%), the builder may get at most 86.67%; choose that or less (--builder-share 86.67%)",
      );
      expect((await openWithShare(world, 8_667n)).id).to.equal(1n);
    });

    it("splitAmount rounds each share down on its own, skips a dependency share of zero and leaves the dust to the project", () => {
      const split = { feeBps: 250n, builderShareBps: 1_500n, dependencies: [{ projectId: 2n, shareBps: 500n }, { projectId: 3n, shareBps: 333n }] };
      expect(splitAmount(split, 10_000n)).to.deep.equal({ gross: 10_000n, fee: 250n, builder: 1_500n, dependencies: [{ projectId: 2n, amount: 500n }, { projectId: 3n, amount: 333n }], project: 7_417n });
      expect(splitAmount(split, 7n)).to.deep.equal({ gross: 7n, fee: 0n, builder: 1n, dependencies: [], project: 6n });
      expect(splitAmount(split, 29n)).to.deep.equal({ gross: 29n, fee: 0n, builder: 4n, dependencies: [{ projectId: 2n, amount: 1n }], project: 24n });
      expect(splitAmount({ feeBps: 0n, builderShareBps: 0n, dependencies: [] }, 5n).project).to.equal(5n);
      expect(() => splitAmount(split, -1n)).to.throw(RangeError);
    });

    it("pays each recipient of an ETH claim exactly what splitAmount says, to the wei, and the claim's result tells the shares", async () => {
      const world = await loadWorld();
      const { ethersId, viemId } = await withDependencies(world);
      const campaign = await openWithShare(world, 1_500n);
      const owner = clientFor(world, world.maintainer);
      await owner.nominateBuilder(campaign.id, world.bob.address);
      await clientFor(world, world.bob).acceptBuilder(campaign.id);
      const gross = 10_000_000_000_000_000_007n;
      await fund(world, campaign, gross);
      const split = await readerFor(world).getSplit(campaign.id);
      expect(splitBasis(await readerFor(world).getCampaign(campaign.id))).to.deep.equal({ kind: "claimable", gross });
      const expected = splitAmount(split, gross);
      const [payoutBefore, escrowBefore] = await Promise.all([ethers.provider.getBalance(world.payout.address), ethers.provider.getBalance(world.escrowAddress)]);
      const claimed = await owner.claim(campaign.id);
      expect([claimed.amount, claimed.fee]).to.deep.equal([expected.project, expected.fee]);
      expect(claimed.shares).to.deep.equal({ builder: { amount: expected.builder, to: world.bob.address }, dependencies: expected.dependencies });
      expect(await ethers.provider.getBalance(world.payout.address)).to.equal(payoutBefore + expected.project);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(escrowBefore - expected.project);
      expect([
        await world.escrow.builderSharesOf(world.bob.address, ETH),
        await world.escrow.projectSharesOf(ethersId, ETH),
        await world.escrow.projectSharesOf(viemId, ETH),
        await world.escrow.accruedFees(ETH),
      ]).to.deep.equal([expected.builder, expected.dependencies[0]?.amount, expected.dependencies[1]?.amount, expected.fee]);
      expect(expected.fee + expected.builder + (expected.dependencies[0]?.amount ?? 0n) + (expected.dependencies[1]?.amount ?? 0n) + expected.project).to.equal(gross);
    });

    it("pays an ERC-20 claim whose shares round, each to the base unit", async () => {
      const world = await loadWorld();
      const { ethersId, viemId } = await withDependencies(world);
      const campaign = await openWithShare(world, 1_234n, { token: world.tokenAddress, goal: "1" });
      const gross = 1_000_007n;
      await fund(world, campaign, gross);
      const expected = splitAmount(await readerFor(world).getSplit(campaign.id), gross);
      const payoutBefore = await world.token.balanceOf(world.payout.address);
      const claimed = await clientFor(world, world.maintainer).claim(campaign.id);
      expect(claimed.amount).to.equal(expected.project);
      expect(await world.token.balanceOf(world.payout.address)).to.equal(payoutBefore + expected.project);
      expect([
        (await readerFor(world).getSplit(campaign.id)).waiting,
        await world.escrow.projectSharesOf(ethersId, world.tokenAddress),
        await world.escrow.projectSharesOf(viemId, world.tokenAddress),
      ]).to.deep.equal([expected.builder, expected.dependencies[0]?.amount, expected.dependencies[1]?.amount]);
      expect(claimed.shares.builder).to.deep.equal({ amount: expected.builder, to: null });
    });

    it("splits every release of a milestone campaign alike, and splitBasis tells what the next claim or release pays", async () => {
      const world = await loadWorld();
      const { ethersId } = await withDependencies(world);
      const plan = (deadline: bigint): MilestonePlanInput => ({
        initialShareBps: 3_000,
        reviewWindowSeconds: DAY,
        objectionThresholdBps: 0,
        milestones: [{ shareBps: 7_000, due: deadline + 20n * DAY }],
      });
      const campaign = await openWithShare(world, 1_000n, { milestones: plan });
      const reader = readerFor(world);
      const gross = 10_000_000_000_000_000_001n;
      expect(splitBasis(await reader.getCampaign(campaign.id))).to.deep.equal({ kind: "goal", gross: ethers.parseEther("10") });
      await fund(world, campaign, gross);
      const split = await reader.getSplit(campaign.id);
      const owner = clientFor(world, world.maintainer);
      let progress = await reader.getMilestoneProgress(campaign.id);
      const first = splitBasis(await reader.getCampaign(campaign.id), progress);
      expect(first).to.deep.equal({ kind: "claimable", gross: (gross * 3_000n) / 10_000n });
      const firstClaim = await owner.claim(campaign.id);
      expect(firstClaim.amount).to.equal(splitAmount(split, first.gross).project);
      progress = await reader.getMilestoneProgress(campaign.id);
      const next = splitBasis(await reader.getCampaign(campaign.id), progress);
      expect(next).to.deep.equal({ kind: "next release", gross: gross - (gross * 3_000n) / 10_000n, milestone: 0n });
      await owner.submitMilestone(campaign.id, "ipfs://delivery");
      await time.increase(DAY + 1n);
      await owner.settleMilestone(campaign.id);
      progress = await reader.getMilestoneProgress(campaign.id);
      expect(splitBasis(await reader.getCampaign(campaign.id), progress)).to.deep.equal({ kind: "claimable", gross: next.gross });
      const secondClaim = await owner.claim(campaign.id);
      const second = splitAmount(split, next.gross);
      expect([secondClaim.amount, secondClaim.fee, secondClaim.shares.builder?.amount]).to.deep.equal([second.project, second.fee, second.builder]);
      expect(await world.escrow.projectSharesOf(ethersId, ETH)).to.equal(splitAmount(split, first.gross).dependencies[0]!.amount + second.dependencies[0]!.amount);
      progress = await reader.getMilestoneProgress(campaign.id);
      expect(splitBasis(await reader.getCampaign(campaign.id), progress)).to.deep.equal({ kind: "claimed", gross });
    });
  });

  describe("the builder", () => {
    it("is nominated by the project's owner (again to replace, zero to clear), not a co-maintainer, accepted by the nominee, and then hands the role on alone", async () => {
      const world = await loadWorld();
      const campaign = await openWithShare(world, 1_000n);
      const owner = clientFor(world, world.maintainer);
      const reader = readerFor(world);
      await owner.addMaintainer(1n, world.alice.address);
      const coMaintainer = await failureOf(clientFor(world, world.alice).nominateBuilder(campaign.id, world.alice.address), "NotProjectOwner");
      expect(coMaintainer.args).to.deep.include({ projectId: 1n, caller: world.alice.address });
      await owner.nominateBuilder(campaign.id, world.carol.address);
      await owner.nominateBuilder(campaign.id, world.bob.address);
      expect((await reader.getSplit(campaign.id)).nominee).to.equal(world.bob.address);
      const notNominee = await failureOf(clientFor(world, world.carol).acceptBuilder(campaign.id), "NotNominee");
      expect(notNominee.message).to.match(/is not nominated as the builder of campaign 1: the project's owner \(or the current builder\) must nominate this account first \(campaign assign-builder\), then it accepts$/);
      await owner.nominateBuilder(campaign.id, ethers.ZeroAddress);
      expect((await reader.getSplit(campaign.id)).nominee).to.equal(null);
      await owner.nominateBuilder(campaign.id, world.bob.address);
      expect((await clientFor(world, world.bob).acceptBuilder(campaign.id)).waitingTaken).to.equal(0n);
      expect([(await reader.getSplit(campaign.id)).builder, (await reader.getSplit(campaign.id)).nominee]).to.deep.equal([world.bob.address, null]);
      const notBuilder = await failureOf(owner.nominateBuilder(campaign.id, world.maintainer.address), "NotBuilder");
      expect(notBuilder.message).to.match(/only that builder can hand the role on \(campaign assign-builder --from the builder\)$/);
      await clientFor(world, world.bob).nominateBuilder(campaign.id, world.carol.address);
      await clientFor(world, world.carol).acceptBuilder(campaign.id);
      expect((await reader.getSplit(campaign.id)).builder).to.equal(world.carol.address);
    });

    it("keeps what a builder was credited before handing the role on; later claims pay the new builder", async () => {
      const world = await loadWorld();
      const plan = (deadline: bigint): MilestonePlanInput => ({ initialShareBps: 5_000, reviewWindowSeconds: DAY, objectionThresholdBps: 0, milestones: [{ shareBps: 5_000, due: deadline + 20n * DAY }] });
      const campaign = await openWithShare(world, 2_000n, { milestones: plan });
      const owner = clientFor(world, world.maintainer);
      await owner.nominateBuilder(campaign.id, world.bob.address);
      await clientFor(world, world.bob).acceptBuilder(campaign.id);
      await fund(world, campaign, ethers.parseEther("10"));
      await owner.claim(campaign.id);
      await clientFor(world, world.bob).nominateBuilder(campaign.id, world.carol.address);
      await clientFor(world, world.carol).acceptBuilder(campaign.id);
      await owner.submitMilestone(campaign.id, "ipfs://delivery");
      await time.increase(DAY + 1n);
      await owner.settleMilestone(campaign.id);
      await owner.claim(campaign.id);
      const reader = readerFor(world);
      expect([(await reader.getOwed(world.bob.address)).asBuilder, (await reader.getOwed(world.carol.address)).asBuilder]).to.deep.equal([
        [{ token: ETH, amount: ethers.parseEther("1") }],
        [{ token: ETH, amount: ethers.parseEther("1") }],
      ]);
      expect(await reader.getSplitCredits(campaign.id)).to.deep.include({
        campaignId: campaign.id,
        token: ETH,
        toBuilders: [
          { builder: world.bob.address, amount: ethers.parseEther("1") },
          { builder: world.carol.address, amount: ethers.parseEther("1") },
        ],
        waiting: 0n,
        releasedToProject: 0n,
        toDependencies: [],
      });
      // Two claims, each rounded on its own: what they sent and set aside is read from their events, to the wei.
      const credits = await reader.getSplitCredits(campaign.id);
      const feeBps = (await world.escrow.getCampaign(campaign.id)).feeBps;
      const half = ethers.parseEther("5");
      expect(credits.fees).to.equal(2n * ((half * feeBps) / 10_000n));
      expect(credits.toProject).to.equal(2n * (half - (half * feeBps) / 10_000n - (half * 2_000n) / 10_000n));
      expect(credits.toProject + credits.fees + ethers.parseEther("2")).to.equal(ethers.parseEther("10"));
    });

    it("tells who a campaign's claims paid, from its events: a waiting share, then the builder who took it, not the current one", async () => {
      const world = await loadWorld();
      const { ethersId, viemId } = await withDependencies(world);
      const campaign = await openWithShare(world, 1_500n);
      await fund(world, campaign, ethers.parseEther("10"));
      await clientFor(world, world.maintainer).claim(campaign.id);
      const reader = readerFor(world);
      const dependencies = [
        { projectId: ethersId, amount: ethers.parseEther("0.5") },
        { projectId: viemId, amount: ethers.parseEther("0.333") },
      ];
      expect(await reader.getSplitCredits(campaign.id)).to.deep.include({
        campaignId: campaign.id,
        token: ETH,
        toBuilders: [],
        waiting: ethers.parseEther("1.5"),
        releasedToProject: 0n,
        toDependencies: dependencies,
      });
      await clientFor(world, world.maintainer).nominateBuilder(campaign.id, world.bob.address);
      await clientFor(world, world.bob).acceptBuilder(campaign.id);
      await clientFor(world, world.bob).nominateBuilder(campaign.id, world.carol.address);
      await clientFor(world, world.carol).acceptBuilder(campaign.id);
      expect(await reader.getSplitCredits(campaign.id)).to.deep.include({
        campaignId: campaign.id,
        token: ETH,
        toBuilders: [{ builder: world.bob.address, amount: ethers.parseEther("1.5") }],
        waiting: 0n,
        releasedToProject: 0n,
        toDependencies: dependencies,
      });
    });

    it("refuses a builder on a campaign without a builder share, saying it is set at opening", async () => {
      const world = await loadWorld();
      const campaign = await openWithShare(world, 0n);
      const refused = await failureOf(clientFor(world, world.maintainer).nominateBuilder(campaign.id, world.bob.address), "NoBuilderShare");
      expect(refused.message).to.equal("NoBuilderShare: campaign 1 has no builder share, so it has no builder: a builder share is set when a campaign opens (--builder-share)");
    });

    it("lets a share credited before anyone accepted wait: the first builder to accept takes it", async () => {
      const world = await loadWorld();
      const campaign = await openWithShare(world, 1_500n);
      await fund(world, campaign, ethers.parseEther("10"));
      await clientFor(world, world.maintainer).claim(campaign.id);
      const claimedAt = await now();
      const reader = readerFor(world);
      const split = await reader.getSplit(campaign.id);
      expect([split.waiting, split.releasableAt]).to.deep.equal([ethers.parseEther("1.5"), claimedAt + BUILDER_ACCEPT_WINDOW]);
      await clientFor(world, world.maintainer).nominateBuilder(campaign.id, world.bob.address);
      expect((await reader.getOwed(world.bob.address)).nominations).to.deep.equal([{ campaignId: campaign.id, token: ETH, waiting: ethers.parseEther("1.5"), builderShareBps: 1_500n }]);
      const accepted = await clientFor(world, world.bob).acceptBuilder(campaign.id);
      expect(accepted.waitingTaken).to.equal(ethers.parseEther("1.5"));
      expect(await reader.getOwed(world.bob.address)).to.deep.equal({ account: world.bob.address, asBuilder: [{ token: ETH, amount: ethers.parseEther("1.5") }], asMaintainer: [], nominations: [] });
      const after = await reader.getSplit(campaign.id);
      expect([after.waiting, after.releasableAt]).to.deep.equal([0n, null]);
    });

    it("releases a share nobody accepted to the project after 180 days, not a second sooner, told as a date", async () => {
      const world = await loadWorld();
      const campaign = await openWithShare(world, 1_500n);
      await fund(world, campaign, ethers.parseEther("10"));
      await clientFor(world, world.maintainer).claim(campaign.id);
      const releasableAt = (await readerFor(world).getSplit(campaign.id)).releasableAt ?? 0n;
      const stranger = clientFor(world, world.stranger);
      await time.setNextBlockTimestamp(releasableAt - 1n);
      const early = await failureOf(stranger.releaseWaitingBuilderShare(campaign.id), "BuilderShareStillWaiting");
      expect(early.message).to.equal(
        `BuilderShareStillWaiting: the builder share of campaign 1 waits for a builder to accept until ${formatDate(releasableAt)}: nominate one (campaign assign-builder), or release it to the project after that date`,
      );
      await time.setNextBlockTimestamp(releasableAt);
      const released = await stranger.releaseWaitingBuilderShare(campaign.id);
      expect([released.amount, released.projectId]).to.deep.equal([ethers.parseEther("1.5"), 1n]);
      expect(await readerFor(world).getSplitCredits(campaign.id)).to.deep.include({
        campaignId: campaign.id,
        token: ETH,
        toBuilders: [],
        waiting: 0n,
        releasedToProject: ethers.parseEther("1.5"),
        toDependencies: [],
      });
      expect((await readerFor(world).getOwed(world.maintainer.address)).asMaintainer).to.deep.equal([
        { projectId: 1n, payout: world.payout.address, shares: [{ token: ETH, amount: ethers.parseEther("1.5") }] },
      ]);
      const again = await failureOf(stranger.releaseWaitingBuilderShare(campaign.id), "NoWaitingBuilderShare");
      expect(again.message).to.match(/^NoWaitingBuilderShare: no builder share waits in campaign 1, so there is nothing to release: .+ \(campaign show 1 tells which; funds show lists what is owed\)$/);
    });
  });

  describe("what is owed, and its withdrawal", () => {
    it("owes a builder in ETH and in every token a campaign used, and the maintainers of a dependency its credit, only while they maintain it", async () => {
      const world = await loadWorld();
      const { ethersId } = await withDependencies(world);
      await clientFor(world, world.carol).addMaintainer(ethersId, world.bob.address);
      const inEth = await openWithShare(world, 1_000n);
      const inToken = await openWithShare(world, 1_000n, { token: world.tokenAddress, goal: "100" });
      const owner = clientFor(world, world.maintainer);
      for (const campaign of [inEth, inToken]) {
        await owner.nominateBuilder(campaign.id, world.bob.address);
        await clientFor(world, world.bob).acceptBuilder(campaign.id);
      }
      await clientFor(world, world.alice).pledge(inEth.id, "10");
      await clientFor(world, world.alice).pledge(inToken.id, "100");
      await time.increaseTo(inToken.deadline + 1n);
      await owner.claim(inEth.id);
      await owner.claim(inToken.id);
      const reader = readerFor(world, 4);
      const bob = await reader.getOwed(world.bob.address);
      expect(bob.asBuilder).to.deep.equal([
        { token: ETH, amount: ethers.parseEther("1") },
        { token: world.tokenAddress, amount: 10n * PUSD },
      ]);
      expect(bob.asMaintainer).to.deep.equal([
        { projectId: ethersId, payout: world.carol.address, shares: [{ token: ETH, amount: ethers.parseEther("0.5") }, { token: world.tokenAddress, amount: 5n * PUSD }] },
      ]);
      // With an indexer that cannot answer, the same, read from the chain, and the fallback told.
      const told: string[] = [];
      const withIndexer = new OpenPledgeClient({ registry: world.registry.target as string, escrow: world.escrowAddress }, ethers.provider, {
        indexerUrl: "http://127.0.0.1:9",
        indexerTimeoutMs: 2_000,
        onFallback: (fallback) => told.push(fallback.message),
      });
      expect(await withIndexer.getOwed(world.bob.address)).to.deep.equal(bob);
      expect(told).to.have.length(1);
      await clientFor(world, world.carol).removeMaintainer(ethersId, world.bob.address);
      expect((await reader.getOwed(world.bob.address)).asMaintainer).to.deep.equal([]);
      expect((await reader.getOwed(world.alice.address))).to.deep.equal({ account: world.alice.address, asBuilder: [], asMaintainer: [], nominations: [] });
    });

    it("sends a builder's credit to the address of their choice, each token apart, and refuses nothing to withdraw in words", async () => {
      const world = await loadWorld();
      const campaign = await openWithShare(world, 1_000n, { token: world.tokenAddress, goal: "100" });
      await clientFor(world, world.maintainer).nominateBuilder(campaign.id, world.bob.address);
      await clientFor(world, world.bob).acceptBuilder(campaign.id);
      await fund(world, campaign, 100n * PUSD);
      await clientFor(world, world.maintainer).claim(campaign.id);
      const bob = clientFor(world, world.bob);
      const none = await failureOf(bob.withdrawBuilderShares("ETH"), "NothingToWithdraw");
      expect(none.message).to.equal(
        "NothingToWithdraw: nothing is owed in ETH to this account as a builder: it was withdrawn already, or it is owed in another token; funds show lists what is owed to an account and to the projects it maintains, token by token (withdraw with --token)",
      );
      await failureOf(bob.withdrawBuilderShares(world.tokenAddress, ethers.ZeroAddress), "ZeroAddress");
      const protocol = await failureOf(bob.withdrawBuilderShares(world.tokenAddress, world.escrowAddress), "InvalidPayout");
      expect(protocol.args.payout).to.equal(world.escrowAddress);
      expect(protocol.message).to.equal(
        `InvalidPayout: ${world.escrowAddress} is one of OpenPledge's own contracts (the escrow itself), which could never pass the money on: give another --to, or leave it out to receive it yourself`,
      );
      const before = await world.token.balanceOf(world.stranger.address);
      const withdrawn = await bob.withdrawBuilderShares(world.tokenAddress, world.stranger.address);
      expect([withdrawn.amount, withdrawn.token, withdrawn.to]).to.deep.equal([10n * PUSD, world.tokenAddress, world.stranger.address]);
      expect(await world.token.balanceOf(world.stranger.address)).to.equal(before + 10n * PUSD);
      expect((await readerFor(world).getOwed(world.bob.address)).asBuilder).to.deep.equal([]);
    });

    it("pays a project's credit to its payout address at the time of the withdrawal, on a maintainer's call only", async () => {
      const world = await loadWorld();
      const { ethersId } = await withDependencies(world);
      const campaign = await openWithShare(world, 0n);
      await fund(world, campaign, ethers.parseEther("10"));
      await clientFor(world, world.maintainer).claim(campaign.id);
      const refused = await failureOf(clientFor(world, world.alice).withdrawProjectShares(ethersId, "ETH"), "NotProjectMaintainer");
      expect(refused.args).to.deep.include({ projectId: ethersId, caller: world.alice.address });
      await clientFor(world, world.carol).setPayoutAddress(ethersId, world.bob.address);
      const before = await ethers.provider.getBalance(world.bob.address);
      const paid = await clientFor(world, world.carol).withdrawProjectShares(ethersId, "ETH");
      expect([paid.amount, paid.payout, paid.token]).to.deep.equal([ethers.parseEther("0.5"), world.bob.address, ETH]);
      expect(await ethers.provider.getBalance(world.bob.address)).to.equal(before + ethers.parseEther("0.5"));
      const none = await failureOf(clientFor(world, world.carol).withdrawProjectShares(ethersId, "ETH"), "NothingToWithdraw");
      expect(none.message).to.match(/^NothingToWithdraw: nothing is owed in ETH to this project: /);
    });
  });

  describe("history and solvency", () => {
    it("lists the split's events in a campaign's history, the credits just before the claim, the totals still adding up", async () => {
      const world = await loadWorld();
      await withDependencies(world);
      const campaign = await openWithShare(world, 1_500n);
      await clientFor(world, world.maintainer).nominateBuilder(campaign.id, world.bob.address);
      await fund(world, campaign, ethers.parseEther("10"));
      await clientFor(world, world.maintainer).claim(campaign.id);
      await clientFor(world, world.bob).acceptBuilder(campaign.id);
      const history = await readerFor(world).campaignHistory(campaign.id);
      expect(history.map((event) => event.name)).to.deep.equal([
        "CampaignOpened",
        "CampaignSplitSet",
        "BuilderNominated",
        "GoalReached",
        "Pledged",
        "BuilderShareCredited",
        "DependencyShareCredited",
        "DependencyShareCredited",
        "CampaignClaimed",
        "BuilderAccepted",
      ]);
      expect(history[1]?.args).to.deep.include({ builderShareBps: 1_500n, dependencyVersion: 1n, dependencyShareBps: 833n });
      expect(history[5]?.args).to.deep.include({ builder: ethers.ZeroAddress, amount: ethers.parseEther("1.5") });
      expect(history[9]?.args).to.deep.include({ builder: world.bob.address, waitingTaken: ethers.parseEther("1.5") });
    });

    it("owes builder credits, project credits and waiting builder shares until withdrawn, equal to the escrow's own credits, and holds them", async () => {
      const world = await loadWorld();
      const { ethersId, viemId } = await withDependencies(world);
      const owner = clientFor(world, world.maintainer);
      const accepted = await openWithShare(world, 1_000n);
      const waiting = await openWithShare(world, 2_000n);
      const released = await openWithShare(world, 500n, { token: world.tokenAddress, goal: "100" });
      await owner.nominateBuilder(accepted.id, world.bob.address);
      await clientFor(world, world.bob).acceptBuilder(accepted.id);
      await clientFor(world, world.alice).pledge(accepted.id, 10_000_000_000_000_000_003n);
      await clientFor(world, world.alice).pledge(waiting.id, "10");
      await clientFor(world, world.alice).pledge(released.id, 100_000_007n);
      await time.increaseTo(released.deadline + 1n);
      for (const campaign of [accepted, waiting, released]) await owner.claim(campaign.id);
      await time.increase(BUILDER_ACCEPT_WINDOW);
      await clientFor(world, world.stranger).releaseWaitingBuilderShare(released.id);
      await clientFor(world, world.carol).withdrawProjectShares(ethersId, "ETH");

      const report = await checkSolvency(readerFor(world, 3));
      const [eth, pusd] = report.tokens;
      const onChain = async (token: string) => ({
        builderShares: await world.escrow.builderSharesOf(world.bob.address, token),
        projectShares: (await world.escrow.projectSharesOf(1n, token)) + (await world.escrow.projectSharesOf(ethersId, token)) + (await world.escrow.projectSharesOf(viemId, token)),
        waitingBuilderShares: (
          await Promise.all(
            [accepted, waiting, released].map(async (campaign) =>
              (await world.escrow.getCampaign(campaign.id)).token === token ? (await world.escrow.getSplit(campaign.id)).waiting : 0n,
            ),
          )
        ).reduce((sum, value) => sum + value, 0n),
      });
      const ethCredits = await onChain(ETH);
      const pusdCredits = await onChain(world.tokenAddress);
      expect(ethCredits.waitingBuilderShares).to.equal(ethers.parseEther("2"));
      expect(pusdCredits.projectShares > 0n && ethCredits.builderShares > 0n).to.equal(true);
      expect({ builderShares: eth?.breakdown.builderShares, projectShares: eth?.breakdown.projectShares, waitingBuilderShares: eth?.breakdown.waitingBuilderShares }).to.deep.equal(ethCredits);
      expect({ builderShares: pusd?.breakdown.builderShares, projectShares: pusd?.breakdown.projectShares, waitingBuilderShares: pusd?.breakdown.waitingBuilderShares }).to.deep.equal(pusdCredits);
      expect([eth?.breakdown.unclaimedSuccess, pusd?.breakdown.unclaimedSuccess]).to.deep.equal([0n, 0n]);
      expect(report.tokens.map((entry) => [entry.owed === entry.held, entry.surplus, entry.status])).to.deep.equal([
        [true, 0n, "OK"],
        [true, 0n, "OK"],
      ]);
      expect(eth?.held).to.equal(ethCredits.builderShares + ethCredits.projectShares + ethCredits.waitingBuilderShares + (await world.escrow.accruedFees(ETH)));
    });
  });

  describe("refusals in words", () => {
    it("every new refusal says what to do instead, in percent and dates, never in basis points", () => {
      const says = (name: string, args: unknown[], pattern: RegExp) => expect(contractError(name, args).message, name).to.match(pattern);
      says("SharesTooLarge", [500n, 5_000n, 0n], /^SharesTooLarge: no builder share fits: the project's dependencies take 50% .+; open the campaign without a builder share, or have the project's owner lower the dependency shares first \(project set-dependencies\)$/);
      says("SharesTooLarge", [2_000n, 500n, 1_500n], /^SharesTooLarge: a builder share of 20% is too large: with the project's dependency shares \(5%\) and the largest protocol fee, the builder may get at most 15%; choose that or less \(--builder-share 15%\)$/);
      says("TooManyDependencyVersions", [1n], /cannot change again: .+; a different list needs a new project \(project register\)$/);
      says("NoWaitingBuilderShare", [4n], /no builder share waits in campaign 4, so there is nothing to release/);
      says("NothingToWithdraw", [ETH], /funds show lists what is owed to an account and to the projects it maintains, token by token \(withdraw with --token\)$/);
      says("NotBuilder", [3n, ETH], /only that builder can hand the role on/);
      says("DependencySharesTooLarge", [6_000n, 5_000n], /add up to 60%, above the most a list may give \(50%\): lower the shares so they add up to 50% or less$/);
      for (const name of ["SharesTooLarge", "DependencySharesTooLarge"]) {
        expect(contractError(name, name === "SharesTooLarge" ? [2_000n, 500n, 1_500n] : [6_000n, 5_000n]).message).to.not.match(/\b\d{3,}\b/);
      }
    });
  });
});
