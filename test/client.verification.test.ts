import { expect } from "chai";

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

import { ZeroHash } from "ethers";

import {
  DEFAULT_ATTESTERS,
  defaultAttesters,
  easContract,
  encodeRepositoryClaim,
  formatDate,
  formatDateOf,
  formatDay,
  OpenPledgeClient,
  OpenPledgeError,
  parseTrustedAttesters,
  REPOSITORY_SCHEMA_UID,
  checkRepositoryPath,
  ForgeError,
  forgeFor,
  lookupRepositoryById,
  TrustedAttesterError,
  verificationOf,
  type IndexedAttestation,
  type IndexerFallback,
  type IndexerStatus,
  type ProjectAttestations,
  type RepositoryAttestation,
  type RepositoryClaim,
  type TrustedAttester,
} from "../client/index.js";
import { startLocalForge, type LocalForge } from "../scripts/lib/local-forge.js";
import { DAY, ethers, loadWorld, METADATA, networkHelpers, REPOSITORY, type World } from "./helpers/fixture.js";

type Signer = World["alice"];

/** 2030-01-02 03:04:05 UTC: attestations are made at known times, so their dates are known. */
const T0 = BigInt(Date.UTC(2030, 0, 2, 3, 4, 5) / 1000);
const LOCAL = "OpenPledge local attester (0xf39F…2266)";
const ATTESTED = "github.com/openpledge/openpledge (repository #123456789)";
const UNVERIFIED_WARNING = `no attester you trust has verified that this project controls ${REPOSITORY}: anyone can register any repository URL`;

/** A read-only client of the world's deployment, EAS included. */
function readerOf(world: World): OpenPledgeClient {
  return new OpenPledgeClient({ registry: world.registry.target as string, escrow: world.escrowAddress, eas: world.eas }, ethers.provider);
}

/** The claim an attester makes about project 1 of the world's registry on this chain. */
function claimOf(world: World, overrides: Partial<RepositoryClaim> = {}): RepositoryClaim {
  return {
    registry: world.registry.target as string,
    chainId: 31337n,
    projectId: 1n,
    forgeHost: "github.com",
    repositoryId: 123456789n,
    repositoryPath: "openpledge/openpledge",
    repository: REPOSITORY,
    proofCommit: "9fceb02d0ae598e95dc970b74767f19372d61af8",
    ...overrides,
  };
}

/** `signer` attests `claim` at unix time `at` (the next block's time), valid for `validity` seconds; returns its uid. */
async function attest(world: World, signer: Signer, at: bigint, options: { claim?: RepositoryClaim; validity?: bigint; refUID?: string } = {}): Promise<string> {
  await networkHelpers.time.setNextBlockTimestamp(at);
  const contract = easContract(world.eas.eas, signer);
  const tx = await contract.getFunction("attest")({
    schema: REPOSITORY_SCHEMA_UID,
    data: {
      recipient: world.registry.target as string,
      expirationTime: at + (options.validity ?? 90n * DAY),
      revocable: true,
      refUID: options.refUID ?? ZeroHash,
      data: encodeRepositoryClaim(options.claim ?? claimOf(world)),
      value: 0n,
    },
  });
  const receipt = (await tx.wait()) as { logs: Array<{ topics: string[]; data: string }> };
  const attested = receipt.logs.map((log) => contract.interface.parseLog(log)).find((parsed) => parsed?.name === "Attested");
  return attested!.args.uid as string;
}

/** `signer` revokes its attestation `uid` at unix time `at`. */
async function revoke(world: World, signer: Signer, uid: string, at: bigint): Promise<void> {
  await networkHelpers.time.setNextBlockTimestamp(at);
  await (await easContract(world.eas.eas, signer).getFunction("revoke")({ schema: REPOSITORY_SCHEMA_UID, data: { uid, value: 0n } })).wait();
}

describe("client: verified repositories (client.verification)", () => {
  // Dates are written in the machine's zone (formatDate): the expected texts below are in UTC.
  let zone: string | undefined;
  before(() => {
    zone = process.env.TZ;
    process.env.TZ = "UTC";
  });
  after(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });
  describe("trusted attesters", () => {
    it("trusts Hardhat's account #0 on the local chain by default, nobody elsewhere", () => {
      expect(DEFAULT_ATTESTERS).to.deep.equal({ "31337": [{ address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", name: "OpenPledge local attester" }] });
      expect(defaultAttesters(31337n)).to.deep.equal([{ address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", name: "OpenPledge local attester" }]);
      expect(defaultAttesters(1n)).to.deep.equal([]);
      // A copy: changing it leaves the defaults alone.
      defaultAttesters(31337n)[0]!.name = "changed";
      expect(DEFAULT_ATTESTERS["31337"]![0]!.name).to.equal("OpenPledge local attester");
    });

    it("reads default, none, names and bare addresses; blank text is the default", () => {
      const local = { address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", name: "OpenPledge local attester" };
      expect(parseTrustedAttesters("default", 31337n)).to.deep.equal([local]);
      expect(parseTrustedAttesters("  ", 31337n)).to.deep.equal([local]);
      expect(parseTrustedAttesters("default", 1n)).to.deep.equal([]);
      expect(parseTrustedAttesters("none", 31337n)).to.deep.equal([]);
      expect(parseTrustedAttesters(" NONE ", 31337n)).to.deep.equal([]);
      expect(
        parseTrustedAttesters(
          "default, 0x70997970c51812dc3a010c7d01b50e0d17dc79c8=Alice's attester ,0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC,0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266=Other name",
          31337n,
        ),
      ).to.deep.equal([
        local,
        { address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", name: "Alice's attester" },
        { address: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", name: "attester 0x3C44…93BC" },
      ]);
      // A bare default address keeps its default name, even without "default".
      expect(parseTrustedAttesters("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", 31337n)).to.deep.equal([local]);
      expect(parseTrustedAttesters("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", 1n)).to.deep.equal([
        { address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", name: "attester 0xf39F…2266" },
      ]);
    });

    it("refuses what is not an address, a wrong checksum, and none with others, saying what to write", () => {
      const how =
        'write the list as comma-separated entries, each an attester address (0x and 40 hex digits, optionally followed by "=its name"), ' +
        '"default" for the chain\'s default attesters, or "none" alone to trust no attester: for example ' +
        "\"default,0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266=Alice's attester\"";
      expect(() => parseTrustedAttesters("default,0x1234=Bob", 31337n))
        .to.throw(TrustedAttesterError)
        .with.property("message", `"0x1234" is not an attester address: ${how}`);
      expect(() => parseTrustedAttesters("alice", 31337n)).to.throw(TrustedAttesterError, `"alice" is not an attester address: ${how}`);
      expect(() => parseTrustedAttesters("0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266", 31337n))
        .to.throw(TrustedAttesterError)
        .with.property(
          "message",
          "the address 0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266 has a wrong checksum (its mix of upper and lower case letters): copy it again, or write it all in lower case",
        );
      expect(() => parseTrustedAttesters("none, default", 31337n))
        .to.throw(TrustedAttesterError)
        .with.property("message", `"none" trusts no attester and cannot be combined with other entries (none, default): ${how}`);
    });
  });

  it("writes attestation times as the rest of the client does (formatDate), and days as formatDay", () => {
    const zone = process.env.TZ;
    process.env.TZ = "UTC";
    try {
      const at = BigInt(Date.UTC(2026, 10, 27, 16, 5, 59) / 1000);
      expect(formatDate(at)).to.equal("Fri 27 Nov 2026, 16:05:59 UTC");
      expect(formatDay(at + 90n * DAY)).to.equal("Thu 25 Feb 2027");
      expect(formatDay(0n)).to.equal("Thu 1 Jan 1970");
      expect(formatDay(8_640_000_000_000n)).to.equal("Sat 13 Sep 275760");
      expect(formatDateOf(new Date(Number(at) * 1000))).to.equal("Fri 27 Nov 2026, 16:05:59 UTC");
      expect(formatDateOf(new Date(Number.NaN))).to.equal("an unknown time");
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  describe("a project's verification", () => {
    it("unverified: no attestation at all", async () => {
      const world = await loadWorld();
      const verification = await readerOf(world).getVerification(1n);
      expect(verification).to.deep.equal({
        projectId: 1n,
        state: "unverified",
        trusted: defaultAttesters(31337n),
        untrusted: [],
        repository: REPOSITORY,
        summary: `Not verified: no attester you trust has verified that this project controls ${REPOSITORY}`,
        warnings: [UNVERIFIED_WARNING],
      });
    });

    it("verified: the default attester's live attestation of the project's current repository", async () => {
      const world = await loadWorld();
      const uid = await attest(world, world.owner, T0);
      const client = readerOf(world);
      const verification = await client.verification.getVerification(1n);
      expect(verification.state).to.equal("verified");
      expect(verification.summary).to.equal(`Verified by ${LOCAL} on Wed 2 Jan 2030, 03:04:05 UTC, until Tue 2 Apr 2030: ${ATTESTED}`);
      expect(verification.warnings).to.deep.equal([]);
      expect(verification.attesterName).to.equal("OpenPledge local attester");
      expect(verification.attestation).to.deep.include({ ...claimOf(world), uid, attester: world.owner.address, time: T0, expirationTime: T0 + 90n * DAY, revocationTime: 0n });
      expect(verification.untrusted).to.deep.equal([]);
      expect(await client.getVerification(1n)).to.deep.equal(verification);
      expect((await client.verification.attestationsOf(1n)).map((attestation) => attestation.uid)).to.deep.equal([uid]);
    });

    it("an attestation by an attester you don't trust is not a verification (anyone can attest under the schema)", async () => {
      const world = await loadWorld();
      const uid = await attest(world, world.stranger, T0);
      const client = readerOf(world);
      const verification = await client.getVerification(1n);
      expect(verification.state).to.equal("unverified");
      expect(verification.attestation).to.equal(undefined);
      // Read from the chain, only the trusted attesters' attestations are asked for (review M4): the stranger's is not listed.
      expect(verification.untrusted).to.deep.equal([]);
      expect(verification.summary).to.equal(`Not verified: no attester you trust has verified that this project controls ${REPOSITORY}`);
      expect(verification.warnings).to.deep.equal([UNVERIFIED_WARNING]);
      expect(await client.verification.attestationsOf(1n)).to.deep.equal([]);
      expect((await client.verification.attestationsOf(1n, { attesters: [{ address: world.stranger.address, name: "Stranger" }] })).map((attestation) => attestation.uid)).to.deep.equal([uid]);
      // Trusted by the reader, the same attestation verifies; trusting nobody, nothing does.
      const stranger: TrustedAttester = { address: world.stranger.address, name: "Stranger's attester" };
      const trusting = await client.getVerification(1n, { attesters: [stranger] });
      expect(trusting.state).to.equal("verified");
      expect(trusting.summary).to.equal(`Verified by Stranger's attester (0x2361…1E8f) on Wed 2 Jan 2030, 03:04:05 UTC, until Tue 2 Apr 2030: ${ATTESTED}`);
      expect(trusting.untrusted).to.deep.equal([]);
      const nobody = await client.getVerification(1n, { attesters: [] });
      expect(nobody.state).to.equal("unverified");
      expect(nobody.trusted).to.deep.equal([]);
      expect(nobody.warnings).to.deep.equal([
        UNVERIFIED_WARNING,
        "you trust no attester, so no project can show as verified: add one to your trusted list (OPENPLEDGE_TRUSTED_ATTESTERS, --attesters, the app's settings); " +
          "on this local chain the default attester is Hardhat's account #0 (--attesters default)",
      ]);
    });

    it("read from the chain, only the trusted attesters' attestations are fetched: junk by anyone else costs the reader nothing (review M4)", async () => {
      const world = await loadWorld();
      for (let i = 0n; i < 6n; i++) await attest(world, world.stranger, T0 + i, { claim: claimOf(world, { proofCommit: "c".repeat(40) }) });
      const uid = await attest(world, world.owner, T0 + 10n);
      const provider = ethers.provider as unknown as { call: (tx: { data?: string }) => Promise<string> };
      const original = provider.call;
      const selector = easContract(world.eas.eas, ethers.provider).interface.getFunction("getAttestation")!.selector;
      let reads = 0;
      provider.call = function (this: unknown, tx: { data?: string }) {
        if (tx.data?.startsWith(selector) === true) reads += 1;
        return original.call(this, tx);
      };
      try {
        const verification = await readerOf(world).getVerification(1n);
        expect(verification.state).to.equal("verified");
        expect(verification.attestation?.uid).to.equal(uid);
        expect(verification.untrusted).to.deep.equal([]);
        expect(reads).to.equal(1);
      } finally {
        provider.call = original;
      }
    });

    it("revoked: the trusted attester's latest attestation was revoked", async () => {
      const world = await loadWorld();
      const uid = await attest(world, world.owner, T0);
      await revoke(world, world.owner, uid, T0 + DAY + 60n);
      const verification = await readerOf(world).getVerification(1n);
      expect(verification.state).to.equal("revoked");
      expect(verification.attestation).to.deep.include({ uid, revocationTime: T0 + DAY + 60n });
      expect(verification.summary).to.equal(`Not verified: ${LOCAL} revoked its verification of ${ATTESTED} on Thu 3 Jan 2030, 03:05:05 UTC`);
      expect(verification.warnings).to.deep.equal([
        `OpenPledge local attester revoked its verification of ${ATTESTED} on Thu 3 Jan 2030, 03:05:05 UTC: a later check of the repository failed ` +
          `(proof file gone or changed, repository moved or deleted), so nothing shows that this project controls ${REPOSITORY} any more`,
      ]);
    });

    it("expired: the trusted attester's attestation ran out and was not renewed", async () => {
      const world = await loadWorld();
      const uid = await attest(world, world.owner, T0, { validity: 10n * DAY });
      const client = readerOf(world);
      await networkHelpers.time.increaseTo(T0 + 10n * DAY - 1n);
      expect((await client.getVerification(1n)).state).to.equal("verified");
      await networkHelpers.time.increaseTo(T0 + 10n * DAY);
      const verification = await client.getVerification(1n);
      expect(verification.state).to.equal("expired");
      expect(verification.attestation?.uid).to.equal(uid);
      expect(verification.summary).to.equal(`Not verified: ${LOCAL}'s verification of ${ATTESTED} expired on Sat 12 Jan 2030, 03:04:05 UTC`);
      expect(verification.warnings).to.deep.equal([
        `OpenPledge local attester's verification of ${ATTESTED} expired on Sat 12 Jan 2030, 03:04:05 UTC and was not renewed: ` +
          `nothing shows that this project still controls ${REPOSITORY}; the project can ask to be verified again`,
      ]);
    });

    it("repository changed: the project named another repository after the attestation", async () => {
      const world = await loadWorld();
      const uid = await attest(world, world.owner, T0);
      await (await world.registry.connect(world.maintainer).setProjectMetadata(1n, METADATA, "https://github.com/someone/else")).wait();
      const verification = await readerOf(world).getVerification(1n);
      expect(verification.state).to.equal("repository-changed");
      expect(verification.repository).to.equal("https://github.com/someone/else");
      expect(verification.attestation?.uid).to.equal(uid);
      expect(verification.summary).to.equal(`Not verified: the project changed its repository after ${LOCAL} verified ${ATTESTED} on Wed 2 Jan 2030, 03:04:05 UTC`);
      expect(verification.warnings).to.deep.equal([
        `the project changed its repository after the attestation: OpenPledge local attester verified ${REPOSITORY} (${ATTESTED}), ` +
          "the project now names https://github.com/someone/else, which no attester you trust has verified",
      ]);
      // Back to the attested repository, the attestation holds again.
      await (await world.registry.connect(world.maintainer).setProjectMetadata(1n, METADATA, REPOSITORY)).wait();
      expect((await readerOf(world).getVerification(1n)).state).to.equal("verified");
    });

    it("an attestation naming another registry, chain or project in its data is ignored", async () => {
      const world = await loadWorld();
      await attest(world, world.owner, T0, { claim: claimOf(world, { registry: world.escrowAddress }) });
      await attest(world, world.owner, T0 + 1n, { claim: claimOf(world, { chainId: 1n }) });
      await attest(world, world.owner, T0 + 2n, { claim: claimOf(world, { projectId: 2n }) });
      const client = readerOf(world);
      expect(await client.verification.attestationsOf(1n)).to.deep.equal([]);
      const verification = await client.getVerification(1n);
      expect(verification.state).to.equal("unverified");
      expect(verification.warnings).to.deep.equal([UNVERIFIED_WARNING]);
    });

    it("the latest attestation by a trusted attester wins; a renewal replaces the one it revoked", async () => {
      const world = await loadWorld();
      const alice: TrustedAttester = { address: world.alice.address, name: "Alice's attester" };
      const trusted = [...defaultAttesters(31337n), alice];
      const client = readerOf(world);
      const first = await attest(world, world.owner, T0);
      const second = await attest(world, world.alice, T0 + DAY, { claim: claimOf(world, { proofCommit: "a".repeat(40) }) });
      let verification = await client.getVerification(1n, { attesters: trusted });
      expect(verification.attestation?.uid).to.equal(second);
      expect(verification.summary).to.equal(`Verified by Alice's attester (0x9965…A4dc) on Thu 3 Jan 2030, 03:04:05 UTC, until Wed 3 Apr 2030: ${ATTESTED}`);
      expect(verification.warnings).to.deep.equal([]);
      // The default attester renews: attests again, then revokes the old one; the renewal is the latest.
      const renewed = await attest(world, world.owner, T0 + 2n * DAY, { refUID: first });
      await revoke(world, world.owner, first, T0 + 2n * DAY + 1n);
      verification = await client.getVerification(1n, { attesters: trusted });
      expect(verification.attestation?.uid).to.equal(renewed);
      expect(verification.attestation?.refUID).to.equal(first);
      expect(verification.warnings).to.deep.equal([]);
      // Alice's check fails later and she revokes: the default attester's live one still verifies, with her word as a warning.
      const third = await attest(world, world.alice, T0 + 3n * DAY);
      await revoke(world, world.alice, second, T0 + 3n * DAY + 1n);
      await revoke(world, world.alice, third, T0 + 4n * DAY);
      verification = await client.getVerification(1n, { attesters: trusted });
      expect(verification.state).to.equal("verified");
      expect(verification.attestation?.uid).to.equal(renewed);
      expect(verification.warnings).to.deep.equal([`Alice's attester revoked its own verification of ${ATTESTED} on Sun 6 Jan 2030, 03:04:05 UTC: its latest check failed`]);
      // Once the default attester revokes too, the latest trusted attestation (Alice's third) tells the state.
      await revoke(world, world.owner, renewed, T0 + 5n * DAY);
      verification = await client.getVerification(1n, { attesters: trusted });
      expect(verification.state).to.equal("revoked");
      expect(verification.attestation?.uid).to.equal(third);
    });

    it("an unknown project is the client's error", async () => {
      const world = await loadWorld();
      try {
        await readerOf(world).getVerification(99n);
        expect.fail("expected UnknownProject");
      } catch (error) {
        expect(error).to.be.instanceOf(OpenPledgeError);
        expect((error as OpenPledgeError).errorName).to.equal("UnknownProject");
      }
    });
  });

  it("verificationOf judges attestations fetched elsewhere (the indexer's) without the network", () => {
    const attestation = {
      ...{
        registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        chainId: 31337n,
        projectId: 7n,
        forgeHost: "codeberg.org",
        repositoryId: 42n,
        repositoryPath: "foo/bar",
        repository: "https://codeberg.org/foo/bar",
        proofCommit: "b".repeat(40),
      },
      uid: ethers.keccak256("0x01"),
      attester: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
      recipient: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      time: T0,
      expirationTime: 0n,
      revocationTime: 0n,
      refUID: ZeroHash,
    };
    const verification = verificationOf({ projectId: 7n, repository: "https://codeberg.org/foo/bar", attestations: [attestation], trusted: defaultAttesters(31337n), now: T0 + 1000n * DAY });
    expect(verification.state).to.equal("verified");
    expect(verification.summary).to.equal(`Verified by ${LOCAL} on Wed 2 Jan 2030, 03:04:05 UTC, with no end date: codeberg.org/foo/bar (repository #42)`);
    const empty = verificationOf({ projectId: 7n, repository: "", attestations: [], trusted: defaultAttesters(31337n), now: T0 });
    expect(empty.summary).to.equal("Not verified: the project names no repository");
    expect(empty.warnings).to.deep.equal(["the project names no repository, so there is nothing to verify: do not take any link it gives for its code"]);
  });

  /** An attestation of project 7 on the registry 0x5FbD…0aa3 of chain 31337 by the default attester, fed directly. */
  function fedAttestation(overrides: Partial<RepositoryAttestation> = {}): RepositoryAttestation {
    return {
      registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      chainId: 31337n,
      projectId: 7n,
      forgeHost: "codeberg.org",
      repositoryId: 42n,
      repositoryPath: "foo/bar",
      repository: "https://codeberg.org/foo/bar",
      proofCommit: "b".repeat(40),
      uid: ethers.keccak256("0x01"),
      attester: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
      recipient: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      time: T0,
      expirationTime: T0 + 90n * DAY,
      revocationTime: 0n,
      refUID: ZeroHash,
      ...overrides,
    };
  }

  it("verificationOf ignores attestations about another project, registry or chain fed to it (review L6)", () => {
    const judge = (attestation: RepositoryAttestation) =>
      verificationOf({
        projectId: 7n,
        registry: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
        chainId: 31337n,
        repository: "https://codeberg.org/foo/bar",
        attestations: [attestation],
        trusted: defaultAttesters(31337n),
        now: T0 + DAY,
      });
    expect(judge(fedAttestation()).state).to.equal("verified");
    const otherRegistry = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
    // Project 2 on another registry and chain (the review's proof of concept), then each field alone.
    for (const other of [
      { projectId: 2n, registry: otherRegistry, recipient: otherRegistry, chainId: 1n },
      { projectId: 8n },
      { registry: otherRegistry, recipient: otherRegistry },
      { registry: otherRegistry },
      { recipient: otherRegistry },
      { chainId: 1n },
    ]) {
      const verification = judge(fedAttestation(other));
      expect(verification.state, JSON.stringify(Object.keys(other))).to.equal("unverified");
      expect(verification.attestation).to.equal(undefined);
      expect(verification.untrusted).to.deep.equal([]);
      expect(verification.summary).to.equal("Not verified: no attester you trust has verified that this project controls https://codeberg.org/foo/bar");
    }
    // Without a registry and chain to compare, the project id is still compared.
    expect(verificationOf({ projectId: 7n, repository: "https://codeberg.org/foo/bar", attestations: [fedAttestation({ projectId: 2n })], trusted: defaultAttesters(31337n), now: T0 }).state).to.equal("unverified");
  });

  it("an expiration past what a date can hold reads \"with no end date in practice\", never unix seconds (review I2)", () => {
    const verification = verificationOf({
      projectId: 7n,
      registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      chainId: 31337n,
      repository: "https://codeberg.org/foo/bar",
      attestations: [fedAttestation({ expirationTime: 2n ** 64n - 1n })],
      trusted: defaultAttesters(31337n),
      now: T0 + DAY,
    });
    expect(verification.state).to.equal("verified");
    expect(verification.summary).to.equal(`Verified by ${LOCAL} on Wed 2 Jan 2030, 03:04:05 UTC, with no end date in practice: codeberg.org/foo/bar (repository #42)`);
    expect(JSON.stringify(verification, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value))).not.to.include("1970");
  });

  describe("through the indexer", () => {
    /** The indexer's row of an attestation, as its route answers it. */
    function wireOf(attestation: RepositoryAttestation, overrides: Partial<IndexedAttestation> = {}): IndexedAttestation {
      return {
        uid: attestation.uid,
        attester: attestation.attester.toLowerCase(),
        recipient: attestation.recipient.toLowerCase(),
        registry: attestation.registry.toLowerCase(),
        chainId: String(attestation.chainId),
        projectId: String(attestation.projectId),
        forgeHost: attestation.forgeHost,
        repositoryId: String(attestation.repositoryId),
        repositoryPath: attestation.repositoryPath,
        repository: attestation.repository,
        proofCommit: attestation.proofCommit,
        time: String(attestation.time),
        expirationTime: String(attestation.expirationTime),
        revocationTime: String(attestation.revocationTime),
        refUID: attestation.refUID,
        blockNumber: "20",
        logIndex: 0,
        transactionHash: ethers.keccak256("0x02"),
        revokedAtBlock: null,
        revokedTransactionHash: null,
        ...overrides,
      };
    }

    /** An indexer on 127.0.0.1 answering its status (caught up with the chain) and project 1's attestations as `rows`. */
    async function fakeIndexer(world: World, rows: IndexedAttestation[]): Promise<{ url: string; paths: string[]; close: () => Promise<void> }> {
      const [head, genesis] = await Promise.all([ethers.provider.getBlock("latest"), ethers.provider.getBlock(0)]);
      const block = { number: String(head!.number), timestamp: String(head!.timestamp) };
      const status: IndexerStatus = {
        chainId: 31337,
        genesisHash: genesis!.hash!,
        registry: (world.registry.target as string).toLowerCase(),
        escrow: world.escrowAddress.toLowerCase(),
        deploymentBlock: "0",
        indexed: block,
        head: block,
        lagBlocks: "0",
        ready: true,
      };
      const page: ProjectAttestations = { items: rows, total: rows.length, now: block.timestamp, indexed: block, projectId: "1", eas: world.eas.eas.toLowerCase(), schemaUID: REPOSITORY_SCHEMA_UID };
      const paths: string[] = [];
      const server = createServer((request, response) => {
        const url = new URL(request.url ?? "/", "http://127.0.0.1");
        paths.push(url.pathname);
        const body = url.pathname === "/api/status" ? status : url.pathname === "/api/projects/1/attestations" ? page : undefined;
        response.writeHead(body === undefined ? 404 : 200, { "content-type": "application/json" });
        response.end(JSON.stringify(body ?? { error: "no such route" }));
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const close = () => {
        server.closeAllConnections();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      };
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths, close };
    }

    it("reads the attestations from the client's indexer when it can answer, else from the chain (and says so)", async () => {
      const world = await loadWorld();
      const uid = await attest(world, world.owner, T0);
      const [onChain] = await readerOf(world).verification.attestationsOf(1n);
      // The indexer has seen a revocation the chain has not (yet): its word is the one read.
      const indexer = await fakeIndexer(world, [wireOf(onChain!, { revocationTime: String(T0 + DAY) })]);
      const fallbacks: IndexerFallback[] = [];
      try {
        const addresses = { registry: world.registry.target as string, escrow: world.escrowAddress, eas: world.eas };
        const client = new OpenPledgeClient(addresses, ethers.provider, { indexerUrl: indexer.url, onFallback: (fallback) => fallbacks.push(fallback) });
        const verification = await client.getVerification(1n);
        expect(verification.state).to.equal("revoked");
        expect(verification.attestation).to.deep.equal({ ...onChain, revocationTime: T0 + DAY });
        expect(indexer.paths).to.include("/api/projects/1/attestations");
        expect(fallbacks).to.deep.equal([]);
        await indexer.close();
        const fromChain = await client.getVerification(1n);
        expect(fromChain.state).to.equal("verified");
        expect(fromChain.attestation?.uid).to.equal(uid);
        expect(fallbacks.map((fallback) => fallback.kind)).to.deep.equal(["unreachable"]);
      } finally {
        await indexer.close().catch(() => undefined);
      }
    });

    it("attestations by attesters you don't trust are listed when the indexer answers (the chain read skips them)", async () => {
      const world = await loadWorld();
      await attest(world, world.stranger, T0);
      const reader = readerOf(world);
      const [byStranger] = await reader.verification.attestationsOf(1n, { attesters: [{ address: world.stranger.address, name: "Stranger" }] });
      const indexer = await fakeIndexer(world, [wireOf(byStranger!)]);
      try {
        const addresses = { registry: world.registry.target as string, escrow: world.escrowAddress, eas: world.eas };
        const client = new OpenPledgeClient(addresses, ethers.provider, { indexerUrl: indexer.url, onFallback: () => undefined });
        expect((await client.verification.attestationsOf(1n)).map((attestation) => attestation.uid)).to.deep.equal([byStranger!.uid]);
        const verification = await client.getVerification(1n);
        expect(verification.state).to.equal("unverified");
        expect(verification.untrusted.map((attestation) => attestation.uid)).to.deep.equal([byStranger!.uid]);
        expect(verification.warnings).to.deep.equal([
          UNVERIFIED_WARNING,
          "1 live attestation of this project by an attester you don't trust (0x2361…1E8f): anyone can attest under OpenPledge's schema, " +
            "so they prove nothing unless you add the attester to your trusted list (OPENPLEDGE_TRUSTED_ATTESTERS, --attesters, the app's settings)",
        ]);
      } finally {
        await indexer.close();
      }
    });
  });

  describe("is the repository still at its attested path? (the local forge)", () => {
    let forge: LocalForge;
    before(async () => {
      forge = await startLocalForge();
    });
    after(async () => {
      await forge.close();
    });

    /** What checkRepositoryPath reads of an attestation. */
    const at = (forgeHost: string, repositoryId: bigint, repositoryPath: string) => ({ forgeHost, repositoryId, repositoryPath });

    for (const [host, path, renamed] of [
      ["github.com", "Path-Check/Tool", "Other-Owner/Tool"],
      ["gitlab.com", "path-check/libs/tool", "path-check/apps/Tool"],
      ["codeberg.org", "path-check/tool", "Other-Owner/tool2"],
    ] as const) {
      it(`${host}: same, then moved after a rename, then gone once deleted`, async () => {
        const id = forge.createRepository(host, path);
        const attested = at(host, id, path.toLowerCase());
        expect(await checkRepositoryPath(attested, { forges: forge.forges })).to.deep.equal({ state: "same" });
        forge.renameRepository(host, path, renamed);
        expect(await checkRepositoryPath(attested, { forges: forge.forges })).to.deep.equal({
          state: "moved",
          currentPath: renamed,
          message: `${host} repository #${id} is now at ${renamed}, not ${path.toLowerCase()}: the old path may now belong to someone else`,
        });
        forge.deleteRepository(host, renamed);
        expect(await checkRepositoryPath(attested, { forges: forge.forges })).to.deep.equal({
          state: "gone",
          message: `${host} repository #${id} (${path.toLowerCase()} when verified) is gone or private now: the path ${path.toLowerCase()} may now belong to someone else`,
        });
      });
    }

    it("unknown: a forge that is not configured, or that cannot answer now", async () => {
      const host = "git.example.org";
      let unknownHost: ForgeError | undefined;
      try {
        forgeFor(host, forge.forges);
      } catch (error) {
        unknownHost = error as ForgeError;
      }
      expect(unknownHost?.reason).to.equal("unknown-host");
      expect(await checkRepositoryPath(at(host, 5n, "a/b"), { forges: forge.forges })).to.deep.equal({
        state: "unknown",
        message: `could not check where git.example.org repository #5 (a/b when verified) is now: ${unknownHost!.message}`,
      });
      const id = forge.createRepository("github.com", "path-check/flaky");
      forge.misbehave("github.com", "server-error");
      try {
        let failure: ForgeError | undefined;
        await lookupRepositoryById(forgeFor("github.com", forge.forges), id).catch((error: unknown) => {
          failure = error as ForgeError;
        });
        expect(failure?.reason).to.equal("unavailable");
        expect(await checkRepositoryPath(at("github.com", id, "path-check/flaky"), { forges: forge.forges })).to.deep.equal({
          state: "unknown",
          message: `could not check where github.com repository #${id} (path-check/flaky when verified) is now: ${failure!.message}`,
        });
      } finally {
        forge.misbehave("github.com", null);
      }
      expect(await checkRepositoryPath(at("github.com", id, "path-check/flaky"), { forges: forge.forges })).to.deep.equal({ state: "same" });
    });

    it("getVerification checks the path only when asked, and warns when the repository moved", async () => {
      const world = await loadWorld();
      const id = forge.createRepository("github.com", "OpenPledge-Check/OpenPledge");
      const claim = claimOf(world, { repositoryId: id, repositoryPath: "openpledge-check/openpledge" });
      await attest(world, world.owner, T0, { claim });
      const client = readerOf(world);
      const requests = forge.requests.length;
      const unchecked = await client.getVerification(1n);
      expect(unchecked.pathCheck).to.equal(undefined);
      expect(forge.requests.length).to.equal(requests);
      const same = await client.getVerification(1n, { pathCheck: { forges: forge.forges } });
      expect(same.pathCheck).to.deep.equal({ state: "same" });
      expect(same.warnings).to.deep.equal([]);
      expect(await client.verification.checkRepositoryPath(same.attestation!, { forges: forge.forges })).to.deep.equal({ state: "same" });
      forge.renameRepository("github.com", "OpenPledge-Check/OpenPledge", "someone/openpledge");
      const moved = await client.getVerification(1n, { pathCheck: { forges: forge.forges } });
      const message = `github.com repository #${id} is now at someone/openpledge, not openpledge-check/openpledge: the old path may now belong to someone else`;
      expect(moved.state).to.equal("verified");
      expect(moved.summary).to.equal(`Verified by ${LOCAL} on Wed 2 Jan 2030, 03:04:05 UTC, until Tue 2 Apr 2030: github.com/openpledge-check/openpledge (repository #${id})`);
      expect(moved.pathCheck).to.deep.equal({ state: "moved", currentPath: "someone/openpledge", message });
      expect(moved.warnings).to.deep.equal([message]);
    });
  });
});
