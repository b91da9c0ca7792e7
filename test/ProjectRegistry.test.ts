import { expect } from "chai";

import { ethers, loadWorld, METADATA, REPOSITORY, type World } from "./helpers/fixture.js";
import { expectRevert } from "./helpers/reverts.js";

describe("ProjectRegistry", () => {
  describe("registerProject", () => {
    it("numbers projects in order: the fixture's is 1, the next 2", async () => {
      const { registry, alice, bob } = await loadWorld();
      await (await registry.connect(alice).registerProject("https://example.org/p.json", "", bob.address)).wait();
      expect(await registry.projectCount()).to.equal(2n);
    });

    it("emits ProjectRegistered, then MaintainerAdded for the registrant", async () => {
      const { registry, alice, bob } = await loadWorld();
      await expect(registry.connect(alice).registerProject("https://example.org/p.json", "", bob.address))
        .to.emit(registry, "ProjectRegistered")
        .withArgs(2n, alice.address, bob.address, "https://example.org/p.json", "")
        .and.to.emit(registry, "MaintainerAdded")
        .withArgs(2n, alice.address);
    });

    it("makes the registrant owner and first maintainer, with no nomination pending", async () => {
      const { registry, alice, bob } = await loadWorld();
      await (await registry.connect(alice).registerProject("https://example.org/p.json", "", bob.address)).wait();
      const project = await registry.getProject(2n);
      expect([project.owner, project.pendingOwner]).to.deep.equal([alice.address, ethers.ZeroAddress]);
      expect(await registry.isMaintainer(2n, alice.address)).to.equal(true);
    });

    it("stores the payout address, the metadata URI and an empty repository", async () => {
      const { registry, alice, bob } = await loadWorld();
      await (await registry.connect(alice).registerProject("https://example.org/p.json", "", bob.address)).wait();
      const project = await registry.getProject(2n);
      expect([project.payout, project.metadataURI, project.repository]).to.deep.equal([bob.address, "https://example.org/p.json", ""]);
      expect(await registry.payoutOf(2n)).to.equal(bob.address);
    });

    it("stores the repository of the fixture project", async () => {
      const { registry, maintainer, payout } = await loadWorld();
      const project = await registry.getProject(1n);
      expect([project.owner, project.payout, project.metadataURI, project.repository]).to.deep.equal([
        maintainer.address,
        payout.address,
        METADATA,
        REPOSITORY,
      ]);
    });

    it("refuses an empty metadata URI: EmptyMetadataURI", async () => {
      const world = await loadWorld();
      await expectRevert(
        world,
        () => world.registry.connect(world.alice).registerProject("", REPOSITORY, world.alice.address),
        world.registry,
        "EmptyMetadataURI",
      );
      expect(await world.registry.projectCount()).to.equal(1n);
    });

    it("refuses a zero payout address: ZeroAddress", async () => {
      const world = await loadWorld();
      await expectRevert(
        world,
        () => world.registry.connect(world.alice).registerProject(METADATA, REPOSITORY, ethers.ZeroAddress),
        world.registry,
        "ZeroAddress",
      );
      expect(await world.registry.projectCount()).to.equal(1n);
    });
  });

  describe("ownership", () => {
    it("nominates a new owner first: ProjectOwnershipTransferStarted, the owner unchanged", async () => {
      const { registry, maintainer, alice } = await loadWorld();
      await expect(registry.connect(maintainer).transferProjectOwnership(1n, alice.address))
        .to.emit(registry, "ProjectOwnershipTransferStarted")
        .withArgs(1n, maintainer.address, alice.address);
      const project = await registry.getProject(1n);
      expect([project.owner, project.pendingOwner]).to.deep.equal([maintainer.address, alice.address]);
    });

    it("hands ownership over when the nominee accepts, clearing the nomination: ProjectOwnershipTransferred", async () => {
      const { registry, maintainer, alice } = await loadWorld();
      await (await registry.connect(maintainer).transferProjectOwnership(1n, alice.address)).wait();
      await expect(registry.connect(alice).acceptProjectOwnership(1n))
        .to.emit(registry, "ProjectOwnershipTransferred")
        .withArgs(1n, maintainer.address, alice.address);
      const project = await registry.getProject(1n);
      expect([project.owner, project.pendingOwner]).to.deep.equal([alice.address, ethers.ZeroAddress]);
    });

    it("takes the owner's powers from the former owner: NotProjectOwner", async () => {
      const world = await loadWorld();
      const { registry, maintainer, alice } = world;
      await (await registry.connect(maintainer).transferProjectOwnership(1n, alice.address)).wait();
      await (await registry.connect(alice).acceptProjectOwnership(1n)).wait();
      await expectRevert(world, () => registry.connect(maintainer).setPayoutAddress(1n, maintainer.address), registry, "NotProjectOwner", [
        1n,
        maintainer.address,
      ]);
    });

    it("lets the owner cancel a nomination with the zero address: the former nominee is refused, NotPendingOwner", async () => {
      const world = await loadWorld();
      const { registry, maintainer, alice } = world;
      await (await registry.connect(maintainer).transferProjectOwnership(1n, alice.address)).wait();
      await (await registry.connect(maintainer).transferProjectOwnership(1n, ethers.ZeroAddress)).wait();
      await expectRevert(world, () => registry.connect(alice).acceptProjectOwnership(1n), registry, "NotPendingOwner", [1n, alice.address]);
      expect((await registry.getProject(1n)).owner).to.equal(maintainer.address);
    });

    it("refuses a nomination by anyone but the owner: NotProjectOwner", async () => {
      const world = await loadWorld();
      await expectRevert(
        world,
        () => world.registry.connect(world.alice).transferProjectOwnership(1n, world.alice.address),
        world.registry,
        "NotProjectOwner",
        [1n, world.alice.address],
      );
    });

    it("refuses acceptance by anyone but the nominee: NotPendingOwner, the nomination kept", async () => {
      const world = await loadWorld();
      const { registry, maintainer, alice, bob } = world;
      await (await registry.connect(maintainer).transferProjectOwnership(1n, alice.address)).wait();
      await expectRevert(world, () => registry.connect(bob).acceptProjectOwnership(1n), registry, "NotPendingOwner", [1n, bob.address]);
      expect((await registry.getProject(1n)).pendingOwner).to.equal(alice.address);
    });
  });

  describe("unknown projects", () => {
    const calls: Array<[string, (world: World) => Promise<unknown>, bigint]> = [
      ["acceptProjectOwnership", (world) => world.registry.connect(world.alice).acceptProjectOwnership(7n), 7n],
      ["transferProjectOwnership", (world) => world.registry.connect(world.alice).transferProjectOwnership(7n, world.alice.address), 7n],
      ["addMaintainer", (world) => world.registry.connect(world.alice).addMaintainer(9n, world.alice.address), 9n],
      ["getProject", (world) => world.registry.getProject(0n), 0n],
      ["isMaintainer", (world) => world.registry.isMaintainer(2n, world.alice.address), 2n],
      ["payoutOf", (world) => world.registry.payoutOf(2n), 2n],
    ];
    for (const [name, call, id] of calls) {
      it(`${name} refuses an unknown project: UnknownProject`, async () => {
        const world = await loadWorld();
        await expect(call(world)).to.be.revertedWithCustomError(world.registry, "UnknownProject").withArgs(id);
      });
    }
  });

  describe("maintainers", () => {
    it("are added by the owner: MaintainerAdded", async () => {
      const { registry, maintainer, alice } = await loadWorld();
      await expect(registry.connect(maintainer).addMaintainer(1n, alice.address)).to.emit(registry, "MaintainerAdded").withArgs(1n, alice.address);
      expect(await registry.isMaintainer(1n, alice.address)).to.equal(true);
    });

    it("are removed by the owner: MaintainerRemoved", async () => {
      const { registry, maintainer, alice } = await loadWorld();
      await (await registry.connect(maintainer).addMaintainer(1n, alice.address)).wait();
      await expect(registry.connect(maintainer).removeMaintainer(1n, alice.address))
        .to.emit(registry, "MaintainerRemoved")
        .withArgs(1n, alice.address);
      expect(await registry.isMaintainer(1n, alice.address)).to.equal(false);
    });

    it("include the owner, who may remove themselves and stay owner", async () => {
      const { registry, maintainer } = await loadWorld();
      await (await registry.connect(maintainer).removeMaintainer(1n, maintainer.address)).wait();
      expect(await registry.isMaintainer(1n, maintainer.address)).to.equal(false);
      expect((await registry.getProject(1n)).owner).to.equal(maintainer.address);
    });

    it("are added by the owner alone: NotProjectOwner", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.registry.connect(world.alice).addMaintainer(1n, world.alice.address), world.registry, "NotProjectOwner", [
        1n,
        world.alice.address,
      ]);
      expect(await world.registry.isMaintainer(1n, world.alice.address)).to.equal(false);
    });

    it("are removed by the owner alone: NotProjectOwner", async () => {
      const world = await loadWorld();
      await expectRevert(
        world,
        () => world.registry.connect(world.alice).removeMaintainer(1n, world.maintainer.address),
        world.registry,
        "NotProjectOwner",
        [1n, world.alice.address],
      );
      expect(await world.registry.isMaintainer(1n, world.maintainer.address)).to.equal(true);
    });

    it("cannot be the zero address: ZeroAddress", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.registry.connect(world.maintainer).addMaintainer(1n, ethers.ZeroAddress), world.registry, "ZeroAddress");
    });

    it("are added once: AlreadyMaintainer", async () => {
      const world = await loadWorld();
      await expectRevert(
        world,
        () => world.registry.connect(world.maintainer).addMaintainer(1n, world.maintainer.address),
        world.registry,
        "AlreadyMaintainer",
        [1n, world.maintainer.address],
      );
    });

    it("cannot be removed when they are not maintainers: NotMaintainer", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.registry.connect(world.maintainer).removeMaintainer(1n, world.alice.address), world.registry, "NotMaintainer", [
        1n,
        world.alice.address,
      ]);
    });
  });

  describe("payoutForMaintainer", () => {
    it("answers a maintainer with the project's payout address", async () => {
      const { registry, maintainer, payout } = await loadWorld();
      expect(await registry.payoutForMaintainer(1n, maintainer.address)).to.equal(payout.address);
    });

    it("answers anyone else with the zero address", async () => {
      const { registry, alice } = await loadWorld();
      expect(await registry.payoutForMaintainer(1n, alice.address)).to.equal(ethers.ZeroAddress);
    });

    it("answers the zero address for an unknown project, without reverting", async () => {
      const { registry, maintainer } = await loadWorld();
      expect(await registry.payoutForMaintainer(2n, maintainer.address)).to.equal(ethers.ZeroAddress);
    });

    it("follows a payout change and a removed maintainer", async () => {
      const { registry, maintainer, alice, bob } = await loadWorld();
      await (await registry.connect(maintainer).addMaintainer(1n, alice.address)).wait();
      await (await registry.connect(maintainer).setPayoutAddress(1n, bob.address)).wait();
      expect(await registry.payoutForMaintainer(1n, alice.address)).to.equal(bob.address);
      await (await registry.connect(maintainer).removeMaintainer(1n, alice.address)).wait();
      expect(await registry.payoutForMaintainer(1n, alice.address)).to.equal(ethers.ZeroAddress);
    });
  });

  describe("payout address and metadata", () => {
    /** The fixture project with alice as a second maintainer (not owner). */
    async function withSecondMaintainer(): Promise<World> {
      const world = await loadWorld();
      await (await world.registry.connect(world.maintainer).addMaintainer(1n, world.alice.address)).wait();
      return world;
    }

    it("the owner changes the payout address: PayoutAddressChanged", async () => {
      const { registry, maintainer, alice } = await loadWorld();
      await expect(registry.connect(maintainer).setPayoutAddress(1n, alice.address)).to.emit(registry, "PayoutAddressChanged").withArgs(1n, alice.address);
      expect(await registry.payoutOf(1n)).to.equal(alice.address);
    });

    it("the owner changes the metadata and repository: ProjectMetadataChanged", async () => {
      const { registry, maintainer } = await loadWorld();
      await expect(registry.connect(maintainer).setProjectMetadata(1n, "ipfs://new", "https://git.example/new"))
        .to.emit(registry, "ProjectMetadataChanged")
        .withArgs(1n, "ipfs://new", "https://git.example/new");
      const project = await registry.getProject(1n);
      expect([project.metadataURI, project.repository]).to.deep.equal(["ipfs://new", "https://git.example/new"]);
    });

    it("a maintainer who is not the owner cannot redirect the project's money: NotProjectOwner", async () => {
      const world = await withSecondMaintainer();
      await expectRevert(world, () => world.registry.connect(world.alice).setPayoutAddress(1n, world.alice.address), world.registry, "NotProjectOwner", [
        1n,
        world.alice.address,
      ]);
      expect(await world.registry.payoutOf(1n)).to.equal(world.payout.address);
    });

    it("a maintainer who is not the owner cannot change the metadata: NotProjectOwner", async () => {
      const world = await withSecondMaintainer();
      await expectRevert(world, () => world.registry.connect(world.alice).setProjectMetadata(1n, "ipfs://x", ""), world.registry, "NotProjectOwner", [
        1n,
        world.alice.address,
      ]);
    });

    it("refuses a zero payout address: ZeroAddress", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.registry.connect(world.maintainer).setPayoutAddress(1n, ethers.ZeroAddress), world.registry, "ZeroAddress");
    });

    it("refuses empty metadata: EmptyMetadataURI, keeping the old", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.registry.connect(world.maintainer).setProjectMetadata(1n, "", REPOSITORY), world.registry, "EmptyMetadataURI");
      const project = await world.registry.getProject(1n);
      expect([project.metadataURI, project.repository]).to.deep.equal([METADATA, REPOSITORY]);
    });
  });
});
