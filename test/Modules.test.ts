import { expect } from "chai";
import type { BaseContract } from "ethers";

import {
  BonusPool__factory,
  CampaignViews__factory,
  IRequestBoard__factory,
  MilestoneReview__factory,
  PledgeEscrow__factory,
  ProjectRegistry__factory,
  ProtocolAdmin__factory,
  RequestBoard__factory,
  ShareLedger__factory,
  type IPledgeEscrow,
} from "../typechain-types/index.js";
import { DAY, ETH, eth, ethers, loadWorld, networkHelpers, now, SPEC, SPEC_HASH, terms, type World } from "./helpers/fixture.js";
import { expectRevert } from "./helpers/reverts.js";

/**
 * The escrow's modules (`contracts/modules/`): deployed by the escrow's constructor (the refund bonus module
 * `BonusPool` and the share module `ShareLedger` before it, and given to it), they run only when the escrow delegates a
 * call to them, on its storage. Called directly, every function refuses with `NotDelegated`.
 */
type DirectCall = [name: string, call: (world: World, module: string) => Promise<unknown>];

/** Terms (goal 10 ETH, 7 days) and a plan of half on success and half at one milestone. */
async function milestonePlan(): Promise<{ campaignTerms: IPledgeEscrow.CampaignTermsStruct; plan: IPledgeEscrow.MilestonePlanStruct }> {
  const deadline = (await now()) + 7n * DAY;
  const plan = { initialShareBps: 5_000, reviewWindow: 3n * DAY, objectionThresholdBps: 0, milestones: [{ shareBps: 5_000, due: deadline + 10n * DAY }] };
  return { campaignTerms: terms(deadline), plan };
}

/** A request module for the world's registry, for an escrow deployed by hand. */
async function requestBoardFor(world: World): Promise<string> {
  return (await new RequestBoard__factory(world.owner).deploy(await world.registry.getAddress())).getAddress();
}

type ModuleGetter = "milestoneReview" | "campaignViews" | "protocolAdmin" | "bonusPool" | "shareLedger";
/** Modules deployed on their own before the escrow and given to its constructor. */
const DEPLOYED_BEFORE: readonly ModuleGetter[] = ["bonusPool", "shareLedger"];

const modules: Array<[getter: ModuleGetter, connect: (address: string) => BaseContract, calls: DirectCall[]]> = [
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
  [
    "bonusPool",
    (address) => BonusPool__factory.connect(address, ethers.provider),
    [
      // With a campaign open and the value a deposit takes: what would go through the escrow.
      ["depositBonus", async (world, address) => {
        await (await world.escrow.connect(world.maintainer).openCampaign(terms((await now()) + 7n * DAY))).wait();
        return BonusPool__factory.connect(address, world.maintainer).depositBonus(1n, ETH, eth("0.1"), { value: eth("0.1") });
      }],
      ["reclaimBonus", (world, address) => BonusPool__factory.connect(address, world.maintainer).reclaimBonus(1n)],
      ["getBonus", (world, address) => BonusPool__factory.connect(address, world.alice).getBonus(1n, world.alice.address, eth("1"))],
    ],
  ],
  [
    "shareLedger",
    (address) => ShareLedger__factory.connect(address, ethers.provider),
    [
      // With a campaign with a builder share open: what would go through the escrow (creditShares has no forwarder).
      ["creditShares", async (world, address) => {
        await (await world.escrow.connect(world.maintainer).openCampaign(terms((await now()) + 7n * DAY, { builderShareBps: 1_000n }))).wait();
        return ShareLedger__factory.connect(address, world.maintainer).creditShares(1n, 1n, ETH, eth("1"));
      }],
      ["nominateBuilder", async (world, address) => {
        await (await world.escrow.connect(world.maintainer).openCampaign(terms((await now()) + 7n * DAY, { builderShareBps: 1_000n }))).wait();
        return ShareLedger__factory.connect(address, world.maintainer).nominateBuilder(1n, world.bob.address);
      }],
      ["acceptBuilder", (world, address) => ShareLedger__factory.connect(address, world.bob).acceptBuilder(1n)],
      ["releaseWaitingBuilderShare", (world, address) => ShareLedger__factory.connect(address, world.alice).releaseWaitingBuilderShare(1n)],
      ["withdrawBuilderShares", (world, address) => ShareLedger__factory.connect(address, world.bob).withdrawBuilderShares(ETH, world.bob.address)],
      ["withdrawProjectShares", (world, address) => ShareLedger__factory.connect(address, world.maintainer).withdrawProjectShares(1n, ETH)],
      ["getSplit", (world, address) => ShareLedger__factory.connect(address, world.alice).getSplit(1n)],
      ["builderSharesOf", (world, address) => ShareLedger__factory.connect(address, world.alice).builderSharesOf(world.bob.address, ETH)],
      ["projectSharesOf", (world, address) => ShareLedger__factory.connect(address, world.alice).projectSharesOf(1n, ETH)],
    ],
  ],
];

describe("Escrow modules", () => {
  for (const [getter, connect, calls] of modules) {
    describe(getter, () => {
      it(DEPLOYED_BEFORE.includes(getter) ? "is deployed before the escrow, which names it" : "is deployed by the escrow, which names it", async () => {
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

  it("runs the refund bonus module's code: BonusPool's runtime code is at the address the escrow names", async () => {
    const world = await loadWorld();
    const address = await world.escrow.bonusPool();
    const deployed = await ethers.provider.getCode(address);
    const fresh = await (await new BonusPool__factory(world.owner).deploy()).getAddress();
    // Same code but for the immutable address of its own deployment, which is the only difference.
    const own = (await ethers.provider.getCode(fresh)).toLowerCase();
    expect(deployed.length).to.equal(own.length);
    expect(deployed.toLowerCase().split(address.slice(2).toLowerCase()).join("")).to.equal(own.split(fresh.slice(2).toLowerCase()).join(""));
  });

  it("runs the share module's code for the escrow's registry: ShareLedger's runtime code is at the address the escrow names", async () => {
    const world = await loadWorld();
    const address = await world.escrow.shareLedger();
    const ledger = ShareLedger__factory.connect(address, ethers.provider);
    expect(await ledger.registry()).to.equal(await world.registry.getAddress());
    const deployed = (await ethers.provider.getCode(address)).toLowerCase();
    const fresh = await (await new ShareLedger__factory(world.owner).deploy(await world.registry.getAddress())).getAddress();
    const own = (await ethers.provider.getCode(fresh)).toLowerCase();
    // Same code and registry but for the immutable address of its own deployment (its guard against direct calls).
    expect(deployed.length).to.equal(own.length);
    expect(deployed.split(address.slice(2).toLowerCase()).join("")).to.equal(own.split(fresh.slice(2).toLowerCase()).join(""));
  });

  describe("the constructor refuses a share module that is not a ledger of its registry: InvalidModule(module)", () => {
    const cases: Array<[name: string, module: (world: World) => Promise<string>]> = [
      ["the zero address", async () => ETH],
      ["an account", async (world) => world.stranger.address],
      ["a contract that is no share ledger (the refund bonus module)", async (world) => world.escrow.bonusPool()],
      // It answers `registry()` with this very registry, but has no `creditShares`: every claim with shares would revert.
      ["an escrow of the same registry, passed by mistake for its ledger", async (world) => world.escrow.getAddress()],
      [
        "a contract that answers every call with a word that is no address",
        async (world) => {
          // Runtime: PUSH32 0xff..ff PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN; the init code copies it and returns it.
          const runtime = "7f" + "ff".repeat(32) + "60005260206000f3";
          const initcode = "0x6029600c60003960296000f3" + runtime;
          const receipt = await (await world.owner.sendTransaction({ data: initcode })).wait();
          return receipt?.contractAddress ?? ETH;
        },
      ],
      [
        "a share ledger built for another registry",
        async (world) => {
          const other = await new ProjectRegistry__factory(world.owner).deploy();
          return (await new ShareLedger__factory(world.owner).deploy(await other.getAddress())).getAddress();
        },
      ],
    ];
    for (const [name, module] of cases) {
      it(`refuses ${name}`, async () => {
        const world = await loadWorld();
        const shareLedger = await module(world);
        const factory = new PledgeEscrow__factory(world.owner);
        const registry = await world.registry.getAddress();
        await expect(
          factory.deploy(registry, world.owner.address, world.guardian.address, world.feeRecipient.address, 0, await world.escrow.bonusPool(), shareLedger, await requestBoardFor(world)),
        )
          .to.be.revertedWithCustomError(world.escrow, "InvalidModule")
          .withArgs(shareLedger);
      });
    }

    it("takes a share ledger built for its own registry", async () => {
      const world = await loadWorld();
      const registry = await world.registry.getAddress();
      const ledger = await (await new ShareLedger__factory(world.owner).deploy(registry)).getAddress();
      const escrow = await new PledgeEscrow__factory(world.owner).deploy(
        registry,
        world.owner.address,
        world.guardian.address,
        world.feeRecipient.address,
        0,
        await world.escrow.bonusPool(),
        ledger,
        await requestBoardFor(world),
      );
      expect(await escrow.shareLedger()).to.equal(ledger);
    });
  });

  describe("the constructor refuses a refund bonus module without code: InvalidModule(module)", () => {
    for (const [name, module] of [
      ["the zero address", (_world: World) => ETH],
      ["an account", (world: World) => world.stranger.address],
    ] as const) {
      it(`refuses ${name}`, async () => {
        const world = await loadWorld();
        const bonusPool = module(world);
        const factory = new PledgeEscrow__factory(world.owner);
        await expect(
          factory.deploy(await world.registry.getAddress(), world.owner.address, world.guardian.address, world.feeRecipient.address, 0, bonusPool, await world.escrow.shareLedger(), await requestBoardFor(world)),
        )
          .to.be.revertedWithCustomError(world.escrow, "InvalidModule")
          .withArgs(bonusPool);
      });
    }
  });

  for (const getter of ["milestoneReview", "campaignViews", "protocolAdmin", "bonusPool", "shareLedger"] as const) {
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

  describe("requestBoard (named by escrow.requestBoard(): the escrow's fallback runs it)", () => {
    const requestBoardOf = (world: World) => world.escrow.requestBoard();
    const NO_PLAN = { initialShareBps: 0, reviewWindow: 0, objectionThresholdBps: 0, milestones: [] };

    it("is deployed before the escrow, which names it", async () => {
      const world = await loadWorld();
      const address = await requestBoardOf(world);
      expect(address).not.to.equal(ETH);
      expect(await ethers.provider.getCode(address)).not.to.equal("0x");
      expect(await RequestBoard__factory.connect(address, ethers.provider).registry()).to.equal(await world.registry.getAddress());
    });

    const calls: DirectCall[] = [
      ["openRequest", async (world, address) =>
        RequestBoard__factory.connect(address, world.stranger).openRequest(1n, ETH, (await now()) + 30n * DAY, SPEC, SPEC_HASH)],
      ["acceptRequest", async (world, address) => {
        // With a request open on the escrow: what would go through the escrow.
        await (await IRequestBoard__factory.connect(world.escrowAddress, world.stranger).openRequest(1n, ETH, (await now()) + 30n * DAY, SPEC, SPEC_HASH)).wait();
        return RequestBoard__factory.connect(address, world.maintainer).acceptRequest(1n, terms((await now()) + 20n * DAY), NO_PLAN);
      }],
      ["declineRequest", async (world, address) => {
        await (await IRequestBoard__factory.connect(world.escrowAddress, world.stranger).openRequest(1n, ETH, (await now()) + 30n * DAY, SPEC, SPEC_HASH)).wait();
        return RequestBoard__factory.connect(address, world.maintainer).declineRequest(1n, "ipfs://no");
      }],
    ];
    for (const [name, call] of calls) {
      it(`refuses ${name} called directly, not through its escrow: its own NotDelegated`, async () => {
        const world = await loadWorld();
        const address = await requestBoardOf(world);
        await expect(call(world, address)).to.be.revertedWithCustomError(RequestBoard__factory.connect(address, ethers.provider), "NotDelegated");
      });
    }

    it("runs the request module's code for the escrow's registry: RequestBoard's runtime code is at the address the escrow names", async () => {
      const world = await loadWorld();
      const address = await requestBoardOf(world);
      const deployed = (await ethers.provider.getCode(address)).toLowerCase();
      const fresh = await requestBoardFor(world);
      const own = (await ethers.provider.getCode(fresh)).toLowerCase();
      // Same code and registry but for the immutable address of its own deployment (its guard against direct calls).
      expect(deployed.length).to.equal(own.length);
      expect(deployed.split(address.slice(2).toLowerCase()).join("")).to.equal(own.split(fresh.slice(2).toLowerCase()).join(""));
    });

    describe("the constructor refuses a request module that is not a board of its registry: InvalidModule(module)", () => {
      const cases: Array<[name: string, module: (world: World) => Promise<string>]> = [
        ["the zero address", async () => ETH],
        ["an account", async (world) => world.stranger.address],
        // It answers `registry()` with this very registry and refuses direct calls with NotDelegated, but not the board's.
        ["the share ledger of the same registry", async (world) => world.escrow.shareLedger()],
        ["an escrow of the same registry, passed by mistake for its board", async (world) => world.escrow.getAddress()],
        [
          "a request board built for another registry",
          async (world) => {
            const other = await new ProjectRegistry__factory(world.owner).deploy();
            return (await new RequestBoard__factory(world.owner).deploy(await other.getAddress())).getAddress();
          },
        ],
      ];
      for (const [name, module] of cases) {
        it(`refuses ${name}`, async () => {
          const world = await loadWorld();
          const requestBoard = await module(world);
          const factory = new PledgeEscrow__factory(world.owner);
          await expect(
            factory.deploy(
              await world.registry.getAddress(),
              world.owner.address,
              world.guardian.address,
              world.feeRecipient.address,
              0,
              await world.escrow.bonusPool(),
              await world.escrow.shareLedger(),
              requestBoard,
            ),
          )
            .to.be.revertedWithCustomError(world.escrow, "InvalidModule")
            .withArgs(requestBoard);
        });
      }

      it("takes a request board built for its own registry, and answers IRequestBoard with it", async () => {
        const world = await loadWorld();
        const requestBoard = await requestBoardFor(world);
        const escrow = await new PledgeEscrow__factory(world.owner).deploy(
          await world.registry.getAddress(),
          world.owner.address,
          world.guardian.address,
          world.feeRecipient.address,
          0,
          await world.escrow.bonusPool(),
          await world.escrow.shareLedger(),
          requestBoard,
        );
        expect(await escrow.requestBoard()).to.equal(requestBoard);
      });
    });

    it("refuses the request module as a payout address, which could never pass the money on: InvalidPayout", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 7n * DAY;
      await (await world.escrow.connect(world.maintainer).openCampaign(terms(deadline))).wait();
      await (await world.escrow.connect(world.alice).pledge(1n, { value: eth("10") })).wait();
      await networkHelpers.time.increaseTo(deadline + 1n);
      const module = await requestBoardOf(world);
      await (await world.registry.connect(world.maintainer).setPayoutAddress(1n, module)).wait();
      await expectRevert(world, () => world.escrow.connect(world.maintainer).claim(1n), world.escrow, "InvalidPayout", [module]);
    });
  });

  describe("the escrow's fallback", () => {
    it("reverts a call with a selector no module knows, without a reason, moving nothing", async () => {
      const world = await loadWorld();
      await expect(world.stranger.sendTransaction({ to: world.escrowAddress, data: "0xdeadbeef" })).to.be.revertedWithoutReason(ethers);
      await expect(world.stranger.sendTransaction({ to: world.escrowAddress, data: "0xdeadbeef00000000" })).to.be.revertedWithoutReason(ethers);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });

    it("refuses ETH sent with empty calldata (no receive; the fallback takes no ETH)", async () => {
      const world = await loadWorld();
      const before = await ethers.provider.getBalance(world.escrowAddress);
      await expect(world.stranger.sendTransaction({ to: world.escrowAddress, value: eth("1") })).to.be.revertedWithoutReason(ethers);
      await expect(world.stranger.sendTransaction({ to: world.escrowAddress, value: eth("1"), data: "0xdeadbeef" })).to.be.revertedWithoutReason(ethers);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(before);
    });
  });
});
