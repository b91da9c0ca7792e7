import { expect } from "chai";
import type { BaseContract } from "ethers";

import {
  CampaignViews__factory,
  MilestoneReview__factory,
  ProtocolAdmin__factory,
  type IPledgeEscrow,
} from "../typechain-types/index.js";
import { DAY, ETH, eth, ethers, loadWorld, networkHelpers, now, terms, type World } from "./helpers/fixture.js";
import { expectRevert } from "./helpers/reverts.js";

/**
 * The escrow's modules (`contracts/modules/`): deployed by the escrow's constructor, they run only when the escrow
 * delegates a call to them, on its storage. Called directly, every function refuses with `NotDelegated`.
 */
type DirectCall = [name: string, call: (world: World, module: string) => Promise<unknown>];

/** Terms (goal 10 ETH, 7 days) and a plan of half on success and half at one milestone. */
async function milestonePlan(): Promise<{ campaignTerms: IPledgeEscrow.CampaignTermsStruct; plan: IPledgeEscrow.MilestonePlanStruct }> {
  const deadline = (await now()) + 7n * DAY;
  const plan = { initialShareBps: 5_000, reviewWindow: 3n * DAY, objectionThresholdBps: 0, milestones: [{ shareBps: 5_000, due: deadline + 10n * DAY }] };
  return { campaignTerms: terms(deadline), plan };
}

const modules: Array<[getter: "milestoneReview" | "campaignViews" | "protocolAdmin", connect: (address: string) => BaseContract, calls: DirectCall[]]> = [
  [
    "milestoneReview",
    (address) => MilestoneReview__factory.connect(address, ethers.provider),
    [
      ["openCampaignWithMilestones", async (world, address) => {
        const { campaignTerms, plan } = await milestonePlan();
        return MilestoneReview__factory.connect(address, world.maintainer).openCampaignWithMilestones(campaignTerms, plan);
      }],
      ["submitMilestone", (world, address) => MilestoneReview__factory.connect(address, world.maintainer).submitMilestone(1n, "ipfs://delivery")],
      ["objectMilestone", (world, address) => MilestoneReview__factory.connect(address, world.alice).objectMilestone(1n)],
      ["withdrawObjection", (world, address) => MilestoneReview__factory.connect(address, world.alice).withdrawObjection(1n)],
      ["settleMilestone", (world, address) => MilestoneReview__factory.connect(address, world.alice).settleMilestone(1n)],
      ["getMilestoneProgress", (world, address) => MilestoneReview__factory.connect(address, world.alice).getMilestoneProgress(1n)],
      ["getMilestone", (world, address) => MilestoneReview__factory.connect(address, world.alice).getMilestone(1n, 0n)],
      ["isObjecting", (world, address) => MilestoneReview__factory.connect(address, world.alice).isObjecting(1n, world.alice.address)],
      ["objectionWeightOf", (world, address) => MilestoneReview__factory.connect(address, world.alice).objectionWeightOf(1n, world.alice.address)],
    ],
  ],
  [
    "campaignViews",
    (address) => CampaignViews__factory.connect(address, ethers.provider),
    [
      ["campaignState", (world, address) => CampaignViews__factory.connect(address, world.alice).campaignState(1n)],
      ["getCampaign", (world, address) => CampaignViews__factory.connect(address, world.alice).getCampaign(1n)],
    ],
  ],
  [
    "protocolAdmin",
    (address) => ProtocolAdmin__factory.connect(address, ethers.provider),
    [
      ["setFee", (world, address) => ProtocolAdmin__factory.connect(address, world.owner).setFee(1)],
      ["setFeeRecipient", (world, address) => ProtocolAdmin__factory.connect(address, world.owner).setFeeRecipient(world.alice.address)],
      ["setGuardian", (world, address) => ProtocolAdmin__factory.connect(address, world.owner).setGuardian(world.alice.address)],
      ["setTokenAllowed", (world, address) => ProtocolAdmin__factory.connect(address, world.owner).setTokenAllowed(world.tokenAddress, false)],
      ["recoverStrayToken", (world, address) => ProtocolAdmin__factory.connect(address, world.owner).recoverStrayToken(world.tokenAddress, world.owner.address)],
      ["pause", (world, address) => ProtocolAdmin__factory.connect(address, world.guardian).pause()],
      ["unpause", (world, address) => ProtocolAdmin__factory.connect(address, world.guardian).unpause()],
    ],
  ],
];

describe("Escrow modules", () => {
  for (const [getter, connect, calls] of modules) {
    describe(getter, () => {
      it("is deployed by the escrow, which names it", async () => {
        const world = await loadWorld();
        const address = await world.escrow[getter]();
        expect(address).not.to.equal(ETH);
        expect(await ethers.provider.getCode(address)).not.to.equal("0x");
      });

      for (const [name, call] of calls) {
        it(`refuses ${name} called directly, not through its escrow: NotDelegated`, async () => {
          const world = await loadWorld();
          const address = await world.escrow[getter]();
          await expect(call(world, address)).to.be.revertedWithCustomError(connect(address), "NotDelegated");
        });
      }
    });
  }

  for (const getter of ["milestoneReview", "campaignViews", "protocolAdmin"] as const) {
    it(`refuses the ${getter} module as a payout address, which could never pass the money on: InvalidPayout`, async () => {
      const world = await loadWorld();
      const { campaignTerms, plan } = await milestonePlan();
      await (await world.escrow.connect(world.maintainer).openCampaignWithMilestones(campaignTerms, plan)).wait();
      await (await world.escrow.connect(world.alice).pledge(1n, { value: eth("10") })).wait();
      await networkHelpers.time.increaseTo(BigInt(campaignTerms.deadline) + 1n);
      const module = await world.escrow[getter]();
      await (await world.registry.connect(world.maintainer).setPayoutAddress(1n, module)).wait();
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(1n), world.escrow, "InvalidPayout", [module]);
    });
  }
});
