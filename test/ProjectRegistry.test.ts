import { expect } from "chai";

import { ethers, loadWorld, METADATA, REPOSITORY } from "./helpers/fixture.js";
import { expectRevert } from "./helpers/reverts.js";

describe("ProjectRegistry", () => {
  describe("registerProject", () => {
    it("assigns sequential ids, makes the registrant owner and first maintainer, and emits", async () => {
      const world = await loadWorld();
      const { registry, alice, bob } = world;
      await expect(registry.connect(alice).registerProject("https://example.org/p.json", "", bob.address))
        .to.emit(registry, "ProjectRegistered")
        .withArgs(2n, alice.address, bob.address, "https://example.org/p.json", "")
        .and.to.emit(registry, "MaintainerAdded")
        .withArgs(2n, alice.address);
      expect(await registry.projectCount()).to.equal(2n);
      const project = await registry.getProject(2n);
      expect(project.owner).to.equal(alice.address);
      expect(project.pendingOwner).to.equal(ethers.ZeroAddress);
      expect(project.payout).to.equal(bob.address);
      expect(project.metadataURI).to.equal("https://example.org/p.json");
      expect(project.repository).to.equal("");
      expect(await registry.isMaintainer(2n, alice.address)).to.equal(true);
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

    it("rejects an empty metadata URI", async () => {
      const world = await loadWorld();
      await expectRevert(
        world,
        () => world.registry.connect(world.alice).registerProject("", REPOSITORY, world.alice.address),
        world.registry,
        "EmptyMetadataURI",
      );
      expect(await world.registry.projectCount()).to.equal(1n);
    });

    it("rejects a zero payout address", async () => {
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
    it("transfers in two steps and clears the nomination", async () => {
      const { registry, maintainer, alice } = await loadWorld();
      await expect(registry.connect(maintainer).transferProjectOwnership(1n, alice.address))
        .to.emit(registry, "ProjectOwnershipTransferStarted")
        .withArgs(1n, maintainer.address, alice.address);
      expect((await registry.getProject(1n)).owner).to.equal(maintainer.address);
      expect((await registry.getProject(1n)).pendingOwner).to.equal(alice.address);
      await expect(registry.connect(alice).acceptProjectOwnership(1n))
        .to.emit(registry, "ProjectOwnershipTransferred")
        .withArgs(1n, maintainer.address, alice.address);
      const project = await registry.getProject(1n);
      expect(project.owner).to.equal(alice.address);
      expect(project.pendingOwner).to.equal(ethers.ZeroAddress);
      // The former owner lost the owner's powers.
      await expect(registry.connect(maintainer).setPayoutAddress(1n, maintainer.address))
        .to.be.revertedWithCustomError(registry, "NotProjectOwner")
        .withArgs(1n, maintainer.address);
    });

    it("lets the owner cancel a nomination with the zero address", async () => {
      const { registry, maintainer, alice } = await loadWorld();
      await (await registry.connect(maintainer).transferProjectOwnership(1n, alice.address)).wait();
      await (await registry.connect(maintainer).transferProjectOwnership(1n, ethers.ZeroAddress)).wait();
      await expect(registry.connect(alice).acceptProjectOwnership(1n))
        .to.be.revertedWithCustomError(registry, "NotPendingOwner")
        .withArgs(1n, alice.address);
      expect((await registry.getProject(1n)).owner).to.equal(maintainer.address);
    });

    it("refuses a transfer by a non-owner and acceptance by a non-nominee", async () => {
      const world = await loadWorld();
      const { registry, maintainer, alice, bob } = world;
      await expectRevert(
        world,
        () => registry.connect(alice).transferProjectOwnership(1n, alice.address),
        registry,
        "NotProjectOwner",
        [1n, alice.address],
      );
      await (await registry.connect(maintainer).transferProjectOwnership(1n, alice.address)).wait();
      await expectRevert(world, () => registry.connect(bob).acceptProjectOwnership(1n), registry, "NotPendingOwner", [
        1n,
        bob.address,
      ]);
      expect((await registry.getProject(1n)).pendingOwner).to.equal(alice.address);
    });

    it("refuses to act on an unknown project", async () => {
      const world = await loadWorld();
      const { registry, alice } = world;
      await expectRevert(world, () => registry.connect(alice).acceptProjectOwnership(7n), registry, "UnknownProject", [7n]);
      await expectRevert(
        world,
        () => registry.connect(alice).transferProjectOwnership(7n, alice.address),
        registry,
        "UnknownProject",
        [7n],
      );
      await expect(registry.getProject(0n)).to.be.revertedWithCustomError(registry, "UnknownProject").withArgs(0n);
      await expect(registry.isMaintainer(2n, alice.address))
        .to.be.revertedWithCustomError(registry, "UnknownProject")
        .withArgs(2n);
      await expect(registry.payoutOf(2n)).to.be.revertedWithCustomError(registry, "UnknownProject").withArgs(2n);
    });
  });

  describe("maintainers", () => {
    it("are added and removed by the owner, with events", async () => {
      const { registry, maintainer, alice } = await loadWorld();
      await expect(registry.connect(maintainer).addMaintainer(1n, alice.address))
        .to.emit(registry, "MaintainerAdded")
        .withArgs(1n, alice.address);
      expect(await registry.isMaintainer(1n, alice.address)).to.equal(true);
      await expect(registry.connect(maintainer).removeMaintainer(1n, alice.address))
        .to.emit(registry, "MaintainerRemoved")
        .withArgs(1n, alice.address);
      expect(await registry.isMaintainer(1n, alice.address)).to.equal(false);
    });

    it("lets the owner remove themselves as maintainer and stay owner", async () => {
      const { registry, maintainer } = await loadWorld();
      await (await registry.connect(maintainer).removeMaintainer(1n, maintainer.address)).wait();
      expect(await registry.isMaintainer(1n, maintainer.address)).to.equal(false);
      expect((await registry.getProject(1n)).owner).to.equal(maintainer.address);
    });

    it("rejects bad additions and removals", async () => {
      const world = await loadWorld();
      const { registry, maintainer, alice } = world;
      await expectRevert(world, () => registry.connect(alice).addMaintainer(1n, alice.address), registry, "NotProjectOwner", [
        1n,
        alice.address,
      ]);
      await expectRevert(
        world,
        () => registry.connect(maintainer).addMaintainer(1n, ethers.ZeroAddress),
        registry,
        "ZeroAddress",
      );
      await expectRevert(
        world,
        () => registry.connect(maintainer).addMaintainer(1n, maintainer.address),
        registry,
        "AlreadyMaintainer",
        [1n, maintainer.address],
      );
      await expectRevert(
        world,
        () => registry.connect(maintainer).removeMaintainer(1n, alice.address),
        registry,
        "NotMaintainer",
        [1n, alice.address],
      );
      await expectRevert(
        world,
        () => registry.connect(alice).removeMaintainer(1n, maintainer.address),
        registry,
        "NotProjectOwner",
        [1n, alice.address],
      );
      await expectRevert(world, () => registry.connect(alice).addMaintainer(9n, alice.address), registry, "UnknownProject", [
        9n,
      ]);
      expect(await registry.isMaintainer(1n, maintainer.address)).to.equal(true);
      expect(await registry.isMaintainer(1n, alice.address)).to.equal(false);
    });
  });

  describe("payout and metadata", () => {
    it("are changed by the owner, with events", async () => {
      const { registry, maintainer, alice } = await loadWorld();
      await expect(registry.connect(maintainer).setPayoutAddress(1n, alice.address))
        .to.emit(registry, "PayoutAddressChanged")
        .withArgs(1n, alice.address);
      expect(await registry.payoutOf(1n)).to.equal(alice.address);
      await expect(registry.connect(maintainer).setProjectMetadata(1n, "ipfs://new", "https://git.example/new"))
        .to.emit(registry, "ProjectMetadataChanged")
        .withArgs(1n, "ipfs://new", "https://git.example/new");
      const project = await registry.getProject(1n);
      expect([project.metadataURI, project.repository]).to.deep.equal(["ipfs://new", "https://git.example/new"]);
    });

    it("reject a non-owner, a zero payout and empty metadata", async () => {
      const world = await loadWorld();
      const { registry, maintainer, alice, payout } = world;
      await (await registry.connect(maintainer).addMaintainer(1n, alice.address)).wait();
      // A maintainer is not the owner: it cannot redirect the project's money.
      await expectRevert(world, () => registry.connect(alice).setPayoutAddress(1n, alice.address), registry, "NotProjectOwner", [
        1n,
        alice.address,
      ]);
      await expectRevert(
        world,
        () => registry.connect(maintainer).setPayoutAddress(1n, ethers.ZeroAddress),
        registry,
        "ZeroAddress",
      );
      await expectRevert(
        world,
        () => registry.connect(alice).setProjectMetadata(1n, "ipfs://x", ""),
        registry,
        "NotProjectOwner",
        [1n, alice.address],
      );
      await expectRevert(
        world,
        () => registry.connect(maintainer).setProjectMetadata(1n, "", REPOSITORY),
        registry,
        "EmptyMetadataURI",
      );
      const project = await registry.getProject(1n);
      expect([project.payout, project.metadataURI, project.repository]).to.deep.equal([payout.address, METADATA, REPOSITORY]);
    });
  });
});
