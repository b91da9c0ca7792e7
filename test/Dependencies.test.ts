import { expect } from "chai";

import type { IProjectRegistry } from "../typechain-types/index.js";
import { ethers, loadWorld, METADATA, networkHelpers, type World } from "./helpers/fixture.js";
import { expectRevert } from "./helpers/reverts.js";

// Dependency lists in the registry (issue 13), attacker first: a project listing itself, an unknown or zero id, a
// duplicate, a zero share, a 17th entry, a total one basis point above half, a maintainer (or anyone but the owner)
// redirecting the project's money, and the packed storage read back at every word boundary. The escrow side (what a
// campaign freezes and what its claims credit) is in Shares.test.ts.

type Account = World["alice"];
type Entry = [projectId: bigint, shareBps: bigint];

const MAX_DEPENDENCIES = 16n;
const MAX_DEPENDENCY_SHARE_BPS = 5_000n;
/** The project every test lists dependencies for: the fixture's, owned by `maintainer`. */
const OWN = 1n;

const asStructs = (entries: Entry[]): IProjectRegistry.DependencyStruct[] =>
  entries.map(([projectId, shareBps]) => ({ projectId, shareBps }));

/** A list as the registry returns it, as plain [id, share] pairs. */
function entriesOf(list: Array<{ projectId: bigint; shareBps: bigint }>): Entry[] {
  return list.map((dependency) => [dependency.projectId, dependency.shareBps]);
}

/** Registers `count` more projects (ids 2, 3, ...) owned by `owner`; returns their ids. */
async function registerProjects(world: World, count: number, owner: Account = world.carol): Promise<bigint[]> {
  const first = (await world.registry.projectCount()) + 1n;
  for (let i = 0; i < count; i++) {
    await (await world.registry.connect(owner).registerProject(`${METADATA}#${i}`, "", owner.address)).wait();
  }
  return Array.from({ length: count }, (_, i) => first + BigInt(i));
}

/** Sets the fixture project's list as its owner and returns the receipt. */
async function setList(world: World, entries: Entry[], projectId = OWN) {
  return (await world.registry.connect(world.maintainer).setDependencies(projectId, asStructs(entries))).wait();
}

/** The storage slot of `_projects[projectId]`'s first word (owner | dependencyVersion | dependencyShareBps). */
function projectSlot(projectId: bigint): string {
  // ProjectRegistry's storage: projectCount at slot 0, `_projects` at slot 1.
  return ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "uint256"], [projectId, 1n]));
}

describe("ProjectRegistry: dependency lists (issue 13)", () => {
  it("bounds a list at 16 entries and 5,000 basis points: MAX_DEPENDENCIES, MAX_DEPENDENCY_SHARE_BPS", async () => {
    const { registry } = await loadWorld();
    expect(await registry.MAX_DEPENDENCIES()).to.equal(MAX_DEPENDENCIES);
    expect(await registry.MAX_DEPENDENCY_SHARE_BPS()).to.equal(MAX_DEPENDENCY_SHARE_BPS);
  });

  describe("a project that never declared a list", () => {
    it("is at version 0 with a total of 0, and its version 0 and any undeclared version read as empty", async () => {
      const world = await loadWorld();
      const project = await world.registry.getProject(OWN);
      expect([project.dependencyVersion, project.dependencyShareBps]).to.deep.equal([0n, 0n]);
      expect(await world.registry.getDependencies(OWN, 0n)).to.deep.equal([]);
      expect(await world.registry.getDependencies(OWN, 1n)).to.deep.equal([]);
      expect(await world.registry.getDependencies(OWN, 2n ** 256n - 1n)).to.deep.equal([]);
      expect(await world.registry.openingTermsFor(OWN, world.maintainer.address)).to.deep.equal([true, 0n, 0n]);
    });
  });

  describe("setDependencies", () => {
    it("appends version 1 and emits DependenciesSet(projectId, 1, list, total)", async () => {
      const world = await loadWorld();
      const [a, b] = await registerProjects(world, 2);
      const list: Entry[] = [
        [b, 250n],
        [a, 100n],
      ];
      const call = world.registry.connect(world.maintainer).setDependencies(OWN, asStructs(list));
      await expect(call)
        .to.emit(world.registry, "DependenciesSet")
        .withArgs(OWN, 1n, list, 350n);
      expect(entriesOf(await world.registry.getDependencies(OWN, 1n))).to.deep.equal(list);
    });

    it("returns the new version", async () => {
      const world = await loadWorld();
      const [a] = await registerProjects(world, 1);
      expect(await world.registry.connect(world.maintainer).setDependencies.staticCall(OWN, asStructs([[a, 1n]]))).to.equal(1n);
      await setList(world, [[a, 1n]]);
      await setList(world, [[a, 2n]]);
      expect(await world.registry.connect(world.maintainer).setDependencies.staticCall(OWN, asStructs([]))).to.equal(3n);
    });

    it("reports the current version and its total in getProject and openingTermsFor, for maintainers and others alike", async () => {
      const world = await loadWorld();
      const [a, b] = await registerProjects(world, 2);
      await setList(world, [
        [a, 1_200n],
        [b, 34n],
      ]);
      const project = await world.registry.getProject(OWN);
      expect([project.owner, project.dependencyVersion, project.dependencyShareBps, project.payout]).to.deep.equal([
        world.maintainer.address,
        1n,
        1_234n,
        world.payout.address,
      ]);
      expect(await world.registry.openingTermsFor(OWN, world.maintainer.address)).to.deep.equal([true, 1n, 1_234n]);
      expect(await world.registry.openingTermsFor(OWN, world.stranger.address)).to.deep.equal([false, 1n, 1_234n]);
    });

    it("keeps every earlier version readable as it was: versions are append-only", async () => {
      const world = await loadWorld();
      const [a, b, c] = await registerProjects(world, 3);
      const versions: Entry[][] = [
        [
          [a, 100n],
          [b, 200n],
        ],
        [[c, 4_999n]],
        [
          [b, 1n],
          [c, 2n],
          [a, 3n],
        ],
      ];
      for (const list of versions) await setList(world, list);
      for (const [index, list] of versions.entries()) {
        expect(entriesOf(await world.registry.getDependencies(OWN, BigInt(index + 1))), `version ${index + 1}`).to.deep.equal(list);
      }
      const project = await world.registry.getProject(OWN);
      expect([project.dependencyVersion, project.dependencyShareBps]).to.deep.equal([3n, 6n]);
      expect(await world.registry.getDependencies(OWN, 4n)).to.deep.equal([]);
    });

    it("takes an empty list to stop sharing: a new version with a total of 0, the earlier one kept", async () => {
      const world = await loadWorld();
      const [a] = await registerProjects(world, 1);
      await setList(world, [[a, 500n]]);
      await expect(world.registry.connect(world.maintainer).setDependencies(OWN, []))
        .to.emit(world.registry, "DependenciesSet")
        .withArgs(OWN, 2n, [], 0n);
      const project = await world.registry.getProject(OWN);
      expect([project.dependencyVersion, project.dependencyShareBps]).to.deep.equal([2n, 0n]);
      expect(await world.registry.getDependencies(OWN, 2n)).to.deep.equal([]);
      expect(entriesOf(await world.registry.getDependencies(OWN, 1n))).to.deep.equal([[a, 500n]]);
    });

    it("takes a total of exactly 5,000 basis points", async () => {
      const world = await loadWorld();
      const [a, b] = await registerProjects(world, 2);
      await setList(world, [
        [a, 4_999n],
        [b, 1n],
      ]);
      expect((await world.registry.getProject(OWN)).dependencyShareBps).to.equal(5_000n);
    });

    it("takes a single dependency of 5,000 basis points", async () => {
      const world = await loadWorld();
      const [a] = await registerProjects(world, 1);
      await setList(world, [[a, 5_000n]]);
      expect(entriesOf(await world.registry.getDependencies(OWN, 1n))).to.deep.equal([[a, 5_000n]]);
    });

    it("lets a dependency list the project that lists it: each list is its own project's", async () => {
      const world = await loadWorld();
      const [a] = await registerProjects(world, 1);
      await setList(world, [[a, 100n]]);
      await (await world.registry.connect(world.carol).setDependencies(a, asStructs([[OWN, 200n]]))).wait();
      expect(entriesOf(await world.registry.getDependencies(OWN, 1n))).to.deep.equal([[a, 100n]]);
      expect(entriesOf(await world.registry.getDependencies(a, 1n))).to.deep.equal([[OWN, 200n]]);
      expect((await world.registry.getProject(a)).dependencyVersion).to.equal(1n);
    });
  });

  describe("refusals", () => {
    it("refuses a project listing itself, first or later in the list: SelfDependency(projectId)", async () => {
      const world = await loadWorld();
      const [a] = await registerProjects(world, 1);
      for (const list of [
        [[OWN, 100n]],
        [
          [a, 100n],
          [OWN, 100n],
        ],
      ] as Entry[][]) {
        await expectRevert(
          world,
          () => world.registry.connect(world.maintainer).setDependencies(OWN, asStructs(list)),
          world.registry,
          "SelfDependency",
          [OWN],
        );
      }
      expect((await world.registry.getProject(OWN)).dependencyVersion).to.equal(0n);
    });

    it("refuses an id no project has, and id 0: UnknownProject(id)", async () => {
      const world = await loadWorld();
      const [a] = await registerProjects(world, 1);
      for (const unknown of [a + 1n, 0n, 2n ** 32n - 1n]) {
        await expectRevert(
          world,
          () => world.registry.connect(world.maintainer).setDependencies(OWN, asStructs([[a, 100n], [unknown, 100n]])),
          world.registry,
          "UnknownProject",
          [unknown],
        );
      }
      expect((await world.registry.getProject(OWN)).dependencyVersion).to.equal(0n);
    });

    it("refuses a dependency listed twice, even apart: DuplicateDependency(id)", async () => {
      const world = await loadWorld();
      const [a, b, c] = await registerProjects(world, 3);
      await expectRevert(
        world,
        () =>
          world.registry.connect(world.maintainer).setDependencies(
            OWN,
            asStructs([
              [a, 100n],
              [b, 100n],
              [c, 100n],
              [b, 1n],
            ]),
          ),
        world.registry,
        "DuplicateDependency",
        [b],
      );
    });

    it("refuses a share of zero: ZeroDependencyShare(id)", async () => {
      const world = await loadWorld();
      const [a, b] = await registerProjects(world, 2);
      await expectRevert(
        world,
        () =>
          world.registry.connect(world.maintainer).setDependencies(
            OWN,
            asStructs([
              [a, 100n],
              [b, 0n],
            ]),
          ),
        world.registry,
        "ZeroDependencyShare",
        [b],
      );
    });

    it("refuses a 17th entry: TooManyDependencies(17, 16)", async () => {
      const world = await loadWorld();
      const ids = await registerProjects(world, 17);
      await expectRevert(
        world,
        () => world.registry.connect(world.maintainer).setDependencies(OWN, asStructs(ids.map((id) => [id, 1n]))),
        world.registry,
        "TooManyDependencies",
        [17n, MAX_DEPENDENCIES],
      );
      expect((await world.registry.getProject(OWN)).dependencyVersion).to.equal(0n);
    });

    it("refuses a total of 5,001 basis points: DependencySharesTooLarge(5001, 5000)", async () => {
      const world = await loadWorld();
      const [a, b] = await registerProjects(world, 2);
      await expectRevert(
        world,
        () =>
          world.registry.connect(world.maintainer).setDependencies(
            OWN,
            asStructs([
              [a, 5_000n],
              [b, 1n],
            ]),
          ),
        world.registry,
        "DependencySharesTooLarge",
        [5_001n, MAX_DEPENDENCY_SHARE_BPS],
      );
    });

    it("adds shares in full width: sixteen shares of 65,535 are refused with their true total, not a wrapped one", async () => {
      const world = await loadWorld();
      const ids = await registerProjects(world, 16);
      await expectRevert(
        world,
        () => world.registry.connect(world.maintainer).setDependencies(OWN, asStructs(ids.map((id) => [id, 65_535n]))),
        world.registry,
        "DependencySharesTooLarge",
        [16n * 65_535n, MAX_DEPENDENCY_SHARE_BPS],
      );
    });

    it("refuses anyone but the owner, a maintainer who is not the owner included: NotProjectOwner(projectId, caller)", async () => {
      const world = await loadWorld();
      const [a] = await registerProjects(world, 1);
      await (await world.registry.connect(world.maintainer).addMaintainer(OWN, world.alice.address)).wait();
      for (const caller of [world.alice, world.stranger, world.payout]) {
        await expectRevert(
          world,
          () => world.registry.connect(caller).setDependencies(OWN, asStructs([[a, 100n]])),
          world.registry,
          "NotProjectOwner",
          [OWN, caller.address],
        );
      }
      expect((await world.registry.getProject(OWN)).dependencyVersion).to.equal(0n);
    });

    it("follows ownership: the new owner sets the list, the former owner (still a maintainer) is refused", async () => {
      const world = await loadWorld();
      const [a] = await registerProjects(world, 1);
      await (await world.registry.connect(world.maintainer).transferProjectOwnership(OWN, world.bob.address)).wait();
      // Nominated is not owner yet.
      await expectRevert(
        world,
        () => world.registry.connect(world.bob).setDependencies(OWN, asStructs([[a, 100n]])),
        world.registry,
        "NotProjectOwner",
        [OWN, world.bob.address],
      );
      await (await world.registry.connect(world.bob).acceptProjectOwnership(OWN)).wait();
      await (await world.registry.connect(world.bob).setDependencies(OWN, asStructs([[a, 100n]]))).wait();
      expect(await world.registry.isMaintainer(OWN, world.maintainer.address)).to.equal(true);
      await expectRevert(
        world,
        () => world.registry.connect(world.maintainer).setDependencies(OWN, asStructs([])),
        world.registry,
        "NotProjectOwner",
        [OWN, world.maintainer.address],
      );
      expect((await world.registry.getProject(OWN)).dependencyVersion).to.equal(1n);
    });

    it("refuses an unknown project: UnknownProject, for setDependencies, getDependencies and openingTermsFor", async () => {
      const world = await loadWorld();
      await expectRevert(world, () => world.registry.connect(world.maintainer).setDependencies(9n, []), world.registry, "UnknownProject", [9n]);
      await expect(world.registry.getDependencies(9n, 0n)).to.be.revertedWithCustomError(world.registry, "UnknownProject").withArgs(9n);
      await expect(world.registry.getDependencies(0n, 1n)).to.be.revertedWithCustomError(world.registry, "UnknownProject").withArgs(0n);
      await expect(world.registry.openingTermsFor(9n, world.maintainer.address))
        .to.be.revertedWithCustomError(world.registry, "UnknownProject")
        .withArgs(9n);
    });

    it("refuses a version past 2^32 - 1: TooManyDependencyVersions(projectId), and takes the last one before it", async () => {
      const world = await loadWorld();
      const [a] = await registerProjects(world, 1);
      // Four billion declarations cannot be made in a test: the head is moved there in storage (owner kept).
      const slot = projectSlot(OWN);
      const head = BigInt(await ethers.provider.getStorage(await world.registry.getAddress(), slot));
      const withVersion = (version: bigint) => (head & ((1n << 160n) - 1n)) | (version << 160n);
      await networkHelpers.setStorageAt(await world.registry.getAddress(), slot, withVersion(2n ** 32n - 2n));
      expect((await world.registry.getProject(OWN)).dependencyVersion).to.equal(2n ** 32n - 2n);
      await expect(world.registry.connect(world.maintainer).setDependencies(OWN, asStructs([[a, 7n]])))
        .to.emit(world.registry, "DependenciesSet")
        .withArgs(OWN, 2n ** 32n - 1n, [[a, 7n]], 7n);
      expect(entriesOf(await world.registry.getDependencies(OWN, 2n ** 32n - 1n))).to.deep.equal([[a, 7n]]);
      await expectRevert(
        world,
        () => world.registry.connect(world.maintainer).setDependencies(OWN, asStructs([])),
        world.registry,
        "TooManyDependencyVersions",
        [OWN],
      );
      const project = await world.registry.getProject(OWN);
      expect([project.owner, project.dependencyVersion, project.dependencyShareBps]).to.deep.equal([world.maintainer.address, 2n ** 32n - 1n, 7n]);
    });
  });

  describe("packing: five entries to a word, read back exactly across word boundaries", () => {
    for (const count of [1, 4, 5, 6, 10, 11, 15, 16]) {
      it(`reads a list of ${count} back in order, ids and shares exact`, async () => {
        const world = await loadWorld();
        const ids = await registerProjects(world, count);
        // Listed out of id order, with shares that differ in every bit position a neighbour could bleed into.
        const list: Entry[] = ids
          .slice()
          .reverse()
          .map((id, i) => [id, BigInt(1 + ((i * 97) % 300))]);
        await setList(world, list);
        expect(entriesOf(await world.registry.getDependencies(OWN, 1n))).to.deep.equal(list);
        const total = list.reduce((sum, [, share]) => sum + share, 0n);
        expect((await world.registry.getProject(OWN)).dependencyShareBps).to.equal(total);
      });
    }

    it("reads a shorter list declared after a longer one without any of the longer one's entries", async () => {
      const world = await loadWorld();
      const ids = await registerProjects(world, 16);
      await setList(world, ids.map((id) => [id, 300n] as Entry));
      const shorter: Entry[] = ids.slice(0, 6).map((id) => [id, 1n]);
      await setList(world, shorter);
      expect(entriesOf(await world.registry.getDependencies(OWN, 2n))).to.deep.equal(shorter);
      expect(await world.registry.getDependencies(OWN, 1n)).to.have.length(16);
    });

    it("keeps the widest id and share apart: project id 2^32 - 1 with 5,000 basis points, between two neighbours", async () => {
      const world = await loadWorld();
      const ids = await registerProjects(world, 9);
      // A project at the top of the 32-bit id range, registered by writing its owner (no test registers 4 billion).
      const top = 2n ** 32n - 1n;
      await networkHelpers.setStorageAt(await world.registry.getAddress(), projectSlot(top), BigInt(world.carol.address));
      expect((await world.registry.getProject(top)).owner).to.equal(world.carol.address);
      // The top id at the last place of word 0 and at the first of word 1, around other entries.
      for (const position of [4, 5]) {
        const list: Entry[] = ids.map((id, i) => [id, BigInt(10 + i)] as Entry);
        list.splice(position, 0, [top, 4_000n]);
        await setList(world, list);
        const version = (await world.registry.getProject(OWN)).dependencyVersion;
        expect(entriesOf(await world.registry.getDependencies(OWN, version)), `at position ${position}`).to.deep.equal(list);
      }
      await setList(world, [[top, 5_000n]]);
      expect(entriesOf(await world.registry.getDependencies(OWN, 3n))).to.deep.equal([[top, 5_000n]]);
    });
  });
});
