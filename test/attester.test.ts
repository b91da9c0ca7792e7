import { createRequire } from "node:module";

import { expect } from "chai";
import { ZeroHash, type Filter } from "ethers";

import { Attester, errorLine, type CheckOutcome, type RecheckOutcome } from "../attester/attester.js";
import { EasWriter } from "../attester/eas-writer.js";
import { attesterForges, ForgeTokensError } from "../attester/forges.js";
import { SerialQueue } from "../attester/queue.js";
import { AttesterKeyError, resolveAttesterSigner } from "../attester/signer.js";
import { printable, printableLines } from "../attester/words.js";
import { proofEntryJson } from "../attester/examine.js";
import {
  formatDate,
  formatDateOf,
  easContract,
  OpenPledgeClient,
  OpenPledgeError,
  PROOF_FILE_PATH,
  proofFileText,
  readRepositoryAttestation,
  REPOSITORY_SCHEMA,
  REPOSITORY_SCHEMA_UID,
  schemaRegistryContract,
  type RepositoryAttestation,
} from "../client/index.js";
import { startLocalForge, type LocalForge } from "../scripts/lib/local-forge.js";
import { DAY, ethers, loadWorld, METADATA, networkHelpers, now, REPOSITORY, type World } from "./helpers/fixture.js";

const { time } = networkHelpers;
const require = createRequire(import.meta.url);
const PATH = "openpledge/openpledge";
const VALIDITY = 90n * DAY;

interface Setup {
  world: World;
  forge: LocalForge;
  attester: Attester;
  registry: string;
  repositoryId: bigint;
}

/** The proof file naming `projectId` of the test deployment. */
function proofOf(registry: string, projectId: bigint): string {
  return proofFileText([{ chainId: 31337n, registry, projectId }]);
}

/** The outcome narrowed to `kind`, failing the test with the outcome's message otherwise. */
function expectKind<K extends CheckOutcome["kind"]>(outcome: CheckOutcome, kind: K): Extract<CheckOutcome, { kind: K }> {
  expect(outcome.kind, outcome.message).to.equal(kind);
  return outcome as Extract<CheckOutcome, { kind: K }>;
}

/** The error a promise rejects with (the test fails if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

async function attestationOf(world: World, uid: string): Promise<RepositoryAttestation> {
  const found = await readRepositoryAttestation(easContract(world.eas.eas, ethers.provider), uid);
  if (found === undefined) throw new Error(`no attestation ${uid}`);
  return found;
}

describe("attester: checks a project's repository on its forge and attests it on EAS", () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge();
  });
  afterEach(async () => {
    await forge.close();
  });

  /** Project 1 (REPOSITORY on github.com) with its repository on the local forge, and an attester signing as account #0. */
  async function setup(options: { proof?: boolean } = {}): Promise<Setup> {
    const world = await loadWorld();
    const registry = await world.registry.getAddress();
    const repositoryId = forge.createRepository("github.com", PATH);
    if (options.proof !== false) forge.putFile("github.com", PATH, PROOF_FILE_PATH, proofOf(registry, 1n));
    const reader = new OpenPledgeClient({ registry, escrow: world.escrowAddress, eas: world.eas }, ethers.provider);
    const attester = new Attester({ reader, signer: world.owner, forges: forge.forges });
    return { world, forge, attester, registry, repositoryId };
  }

  it("refuses a repository without the proof file with the exact file to commit, attests once it is there, and reads back every field", async () => {
    const { world, attester, registry, repositoryId } = await setup({ proof: false });
    const missing = expectKind(await attester.check(1n), "refused");
    expect(missing.reason).to.equal("proof-missing");
    expect(missing.message).to.equal(
      `https://github.com/${PATH} has no ${PROOF_FILE_PATH} on its default branch main: commit this file there, then verify again:\n${proofOf(registry, 1n).trimEnd()}`,
    );
    const commit = forge.putFile("github.com", PATH, PROOF_FILE_PATH, proofOf(registry, 1n));
    const checkedAt = await now();
    const attested = expectKind(await attester.check(1n), "attested");
    const at = await now();
    expect(attested.replaced).to.deep.equal([]);
    const onChain = await attestationOf(world, attested.attestation.uid);
    expect(onChain).to.deep.equal({
      registry,
      chainId: 31337n,
      projectId: 1n,
      forgeHost: "github.com",
      repositoryId,
      repositoryPath: PATH,
      repository: REPOSITORY,
      proofCommit: commit,
      uid: attested.attestation.uid,
      attester: world.owner.address,
      recipient: registry,
      time: at,
      expirationTime: checkedAt + VALIDITY,
      revocationTime: 0n,
      refUID: ZeroHash,
    });
    expect(attested.attestation).to.deep.equal(onChain);
    expect(attested.message).to.equal(
      `project 1 is verified: github.com/${PATH} (repository #${repositoryId}) names it in its proof file at commit ${commit.slice(0, 7)}; ` +
        `attested ${formatDate(at)}, valid until ${formatDate(checkedAt + VALIDITY)}`,
    );
    expect(await attester.address()).to.equal(world.owner.address);
  });

  it("leaves a valid attestation unchanged (no transaction, a new commit alone changes nothing), renews it within 30 days of expiry, revokes it when the file is deleted", async () => {
    const { world, attester } = await setup();
    const first = expectKind(await attester.check(1n), "attested");
    const blockBefore = await ethers.provider.getBlockNumber();
    forge.putFile("github.com", PATH, "README.md", "# OpenPledge\nnow with more words\n");
    const kept = expectKind(await attester.check(1n), "unchanged");
    expect(await ethers.provider.getBlockNumber()).to.equal(blockBefore);
    expect(kept.attestation).to.deep.equal(first.attestation);
    const expiry = first.attestation.expirationTime;
    expect(kept.message).to.equal(
      `project 1 stays verified: github.com/${PATH} (repository #${first.attestation.repositoryId}) still names it; the attestation of ${formatDate(first.attestation.time)} ` +
        `holds until ${formatDate(expiry)} and is renewed from ${formatDate(expiry - 30n * DAY)}; nothing was sent`,
    );
    // A second more than 30 days left is still unchanged; 30 days left and it is renewed.
    await time.increaseTo(expiry - 30n * DAY - 1n);
    expectKind(await attester.check(1n), "unchanged");
    await time.increaseTo(expiry - 30n * DAY);
    const renewed = expectKind(await attester.check(1n), "attested");
    expect(renewed.replaced).to.deep.equal([first.attestation.uid]);
    expect(renewed.attestation.refUID).to.equal(first.attestation.uid);
    expect(renewed.message).to.match(/; it replaces 1 earlier attestation, now revoked$/);
    expect((await attestationOf(world, first.attestation.uid)).revocationTime).to.equal(await now());
    expect(renewed.attestation.expirationTime).to.equal(expiry - 30n * DAY + VALIDITY);

    forge.deleteFile("github.com", PATH, PROOF_FILE_PATH);
    const revoked = expectKind(await attester.check(1n), "revoked");
    expect(revoked.reason).to.equal("proof-missing");
    expect(revoked.revoked).to.deep.equal([renewed.attestation.uid]);
    expect(revoked.message).to.match(/^revoked this attester's 1 attestation of project 1: https:\/\/github\.com\/openpledge\/openpledge has no \.well-known\/openpledge\.json/);
    expect((await attestationOf(world, renewed.attestation.uid)).revocationTime).to.equal(await now());
    // Nothing live any more: the next check refuses, and sends nothing.
    const blockAfter = await ethers.provider.getBlockNumber();
    expect(expectKind(await attester.check(1n), "refused").reason).to.equal("proof-missing");
    expect(await ethers.provider.getBlockNumber()).to.equal(blockAfter);
  });

  it("two live attestations (a renewal cut short before its revocation) are replaced by one", async () => {
    const { world, attester } = await setup();
    const first = expectKind(await attester.check(1n), "attested");
    const writer = new EasWriter(world.eas, world.owner);
    const { uid: extra } = await writer.attest(first.attestation, first.attestation.expirationTime, first.attestation.uid);
    await time.increase(DAY);
    const merged = expectKind(await attester.check(1n), "attested");
    expect(merged.replaced).to.deep.equal([first.attestation.uid, extra]);
    expect(merged.attestation.refUID).to.equal(extra);
    expect((await attestationOf(world, extra)).revocationTime).to.not.equal(0n);
    expectKind(await attester.check(1n), "unchanged");
  });

  it("an expired attestation is not kept: the next check attests anew without revoking it", async () => {
    const { attester } = await setup();
    const first = expectKind(await attester.check(1n), "attested");
    await time.increaseTo(first.attestation.expirationTime);
    const again = expectKind(await attester.check(1n), "attested");
    expect(again.replaced).to.deep.equal([]);
    expect(again.attestation.refUID).to.equal(ZeroHash);
  });

  it("refuses a sock-puppet project that registers the famous URL, and leaves the real project's attestation untouched", async () => {
    const { world, attester, registry } = await setup();
    const real = expectKind(await attester.check(1n), "attested");
    await (await world.registry.connect(world.stranger).registerProject(METADATA, REPOSITORY, world.stranger.address)).wait();
    const puppet = expectKind(await attester.check(2n), "refused");
    expect(puppet.reason).to.equal("proof-other-project");
    expect(puppet.message).to.equal(
      `${PROOF_FILE_PATH} of https://github.com/${PATH} (commit ${real.attestation.proofCommit.slice(0, 7)}) names project 1 of registry ${registry} on chain 31337, ` +
        `not project 2 of registry ${registry} on chain 31337: only the repository's maintainers can add an entry for it; if that is you, add this entry to the file's "openpledge" list, then verify again: ` +
        `{"chainId":31337,"registry":"${registry}","projectId":2}`,
    );
    expect((await attestationOf(world, real.attestation.uid)).revocationTime).to.equal(0n);
    expectKind(await attester.check(1n), "unchanged");
  });

  it("revokes when the repository was renamed, giving the new URL; and when it was deleted", async () => {
    const { world, attester, repositoryId } = await setup();
    const first = expectKind(await attester.check(1n), "attested");
    forge.renameRepository("github.com", PATH, "openpledge/pledge-core");
    const renamed = expectKind(await attester.check(1n), "revoked");
    expect(renamed.reason).to.equal("renamed");
    expect(renamed.revoked).to.deep.equal([first.attestation.uid]);
    expect(renamed.message).to.equal(
      `revoked this attester's 1 attestation of project 1: the repository ${REPOSITORY} moved to https://github.com/openpledge/pledge-core (github.com repository #${repositoryId}): ` +
        "the old path can now be taken by someone else, so it proves nothing; its owner sets project 1's repository to https://github.com/openpledge/pledge-core with " +
        "npx hardhat project set-metadata 1 --repository https://github.com/openpledge/pledge-core, then verify again",
    );
    // The project follows the move: the new URL proves it again, once a day has passed since the last attestation
    // (the revocation does not count).
    await (await world.registry.connect(world.maintainer).setProjectMetadata(1n, METADATA, "https://github.com/openpledge/pledge-core")).wait();
    const attestedAt = first.attestation.time;
    const waiting = expectKind(await attester.check(1n), "retry-later");
    expect([waiting.reason, waiting.retryAt]).to.deep.equal(["write-budget", new Date(Number(attestedAt + DAY) * 1000)]);
    expect(waiting.message).to.equal(
      `github.com/openpledge/pledge-core (repository #${repositoryId}) names project 1, but this attester attested project 1 at ${formatDate(attestedAt)} ` +
        `and attests a project at most once per 24 hours (it pays the gas): nothing was sent; ask again after ${formatDate(attestedAt + DAY)}`,
    );
    await time.increaseTo(attestedAt + DAY);
    const moved = expectKind(await attester.check(1n), "attested");
    expect(moved.attestation).to.deep.include({ repositoryId, repositoryPath: "openpledge/pledge-core", repository: "https://github.com/openpledge/pledge-core" });
    forge.deleteRepository("github.com", "openpledge/pledge-core");
    const deleted = expectKind(await attester.check(1n), "revoked");
    expect(deleted.reason).to.equal("repository-not-found");
    expect(deleted.message).to.equal(
      "revoked this attester's 1 attestation of project 1: github.com has no public repository openpledge/pledge-core (project 1's repository https://github.com/openpledge/pledge-core): " +
        "it was deleted, made private or never existed; its owner sets the repository's URL with npx hardhat project set-metadata 1 --repository <repository URL>, then verify again",
    );
  });

  it("a rate-limited or broken forge changes nothing on chain: retry later, with when", async () => {
    const { world, attester } = await setup();
    const first = expectKind(await attester.check(1n), "attested");
    const block = await ethers.provider.getBlockNumber();
    const until = Math.floor(Date.now() / 1000) + 3600;
    forge.rateLimit("github.com", until);
    const limited = expectKind(await attester.check(1n), "retry-later");
    expect(limited.reason).to.equal("rate-limited");
    expect(limited.retryAt).to.deep.equal(new Date(until * 1000));
    expect(limited.message).to.equal(`github.com is rate limiting this attester: nothing was changed; try again after ${formatDate(BigInt(until))}; an API token raises the limit: its operator sets GITHUB_TOKEN`);
    forge.rateLimit("github.com", 0);
    forge.breakResponses("github.com", true);
    const broken = expectKind(await attester.check(1n), "retry-later");
    expect(broken.reason).to.equal("malformed-response");
    expect(broken.message).to.match(/^github\.com answered something that is not its API's \(.+\): nothing was changed; try again in a few minutes$/);
    forge.breakResponses("github.com", false);
    forge.misbehave("github.com", "server-error");
    expect(expectKind(await attester.check(1n), "retry-later").reason).to.equal("forge-unavailable");
    forge.misbehave("github.com", null);
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    expect((await attestationOf(world, first.attestation.uid)).revocationTime).to.equal(0n);
    expectKind(await attester.check(1n), "unchanged");
  });

  it("a malformed proof revokes a live attestation, and is refused without one; a proof over 8,192 bytes is refused", async () => {
    const { attester, registry } = await setup();
    expectKind(await attester.check(1n), "attested");
    forge.putFile("github.com", PATH, PROOF_FILE_PATH, '{ "openpledge": [ { "chainId": 31337, ');
    const revoked = expectKind(await attester.check(1n), "revoked");
    expect(revoked.reason).to.equal("proof-malformed");
    expect(revoked.message).to.include(`cannot be read: `);
    expect(revoked.message).to.include(`; to name project 1, it can be:\n${proofOf(registry, 1n).trimEnd()}`);
    expect(expectKind(await attester.check(1n), "refused").reason).to.equal("proof-malformed");
    forge.putFile("github.com", PATH, PROOF_FILE_PATH, '{ "openpledge": [ { "chainId": 31337, "registry": "0x1", "projectId": 1 } ] }');
    expect(expectKind(await attester.check(1n), "refused").reason).to.equal("proof-malformed");
    const huge = `${proofOf(registry, 1n).trimEnd().slice(0, -1)}, "padding": "${"x".repeat(8192)}" }\n`;
    forge.putFile("github.com", PATH, PROOF_FILE_PATH, huge);
    const tooLarge = expectKind(await attester.check(1n), "refused");
    expect(tooLarge.reason).to.equal("proof-too-large");
    expect(tooLarge.message).to.equal(
      `${PROOF_FILE_PATH} of https://github.com/${PATH} is larger than 8192 bytes: replace it with this file, then verify again:\n${proofOf(registry, 1n).trimEnd()}`,
    );
  });

  it("a changed repository string revokes the old attestation and attests the new repository when it proves the project (GitLab), else only revokes", async () => {
    const { world, attester, registry } = await setup();
    const first = expectKind(await attester.check(1n), "attested");
    const gitlabPath = "openpledge/core/openpledge";
    const gitlabId = forge.createRepository("gitlab.com", gitlabPath);
    const commit = forge.putFile("gitlab.com", gitlabPath, PROOF_FILE_PATH, proofOf(registry, 1n));
    const gitlabUrl = "https://gitlab.com/OpenPledge/core/OpenPledge";
    await (await world.registry.connect(world.maintainer).setProjectMetadata(1n, METADATA, gitlabUrl)).wait();
    // Within a day of the first attestation: nothing is sent; the old attestation names another string, readers drop it.
    const block = await ethers.provider.getBlockNumber();
    const early = expectKind(await attester.check(1n), "retry-later");
    expect(early.reason).to.equal("write-budget");
    expect(early.message).to.match(/; its earlier attestation names another repository string, so readers already do not count it; ask again after /);
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    await time.increase(DAY);
    const moved = expectKind(await attester.check(1n), "attested");
    expect(moved.replaced).to.deep.equal([first.attestation.uid]);
    expect(moved.attestation).to.deep.include({ forgeHost: "gitlab.com", repositoryId: gitlabId, repositoryPath: gitlabPath, repository: gitlabUrl, proofCommit: commit, refUID: first.attestation.uid });
    expect((await attestationOf(world, first.attestation.uid)).revocationTime).to.not.equal(0n);
    // A repository that does not name the project: refused, and the GitLab attestation is not revoked for it: it
    // names another repository string, so readers already count it void (review N3); the string set back revives it.
    forge.createRepository("gitlab.com", "someone/else");
    await (await world.registry.connect(world.maintainer).setProjectMetadata(1n, METADATA, "https://gitlab.com/someone/else")).wait();
    const other = await ethers.provider.getBlockNumber();
    const gone = expectKind(await attester.check(1n), "refused");
    expect(gone.reason).to.equal("proof-missing");
    expect(await ethers.provider.getBlockNumber()).to.equal(other);
    expect((await attestationOf(world, moved.attestation.uid)).revocationTime).to.equal(0n);
    await (await world.registry.connect(world.maintainer).setProjectMetadata(1n, METADATA, gitlabUrl)).wait();
    expect(expectKind(await attester.check(1n), "unchanged").attestation.uid).to.equal(moved.attestation.uid);
    // Once that repository stops naming the project, the attestation of the current string is revoked as before.
    forge.deleteFile("gitlab.com", gitlabPath, PROOF_FILE_PATH);
    expect(expectKind(await attester.check(1n), "revoked").revoked).to.deep.equal([moved.attestation.uid]);
  });

  it("verifies a Forgejo (Codeberg) repository, and a GitLab repository renamed after its attestation", async () => {
    const { world, attester, registry } = await setup();
    const codebergId = forge.createRepository("codeberg.org", "pledgers/tool");
    forge.putFile("codeberg.org", "pledgers/tool", PROOF_FILE_PATH, proofOf(registry, 2n));
    await (await world.registry.connect(world.stranger).registerProject(METADATA, "https://codeberg.org/pledgers/tool.git", world.stranger.address)).wait();
    const codeberg = expectKind(await attester.check(2n), "attested");
    expect(codeberg.attestation).to.deep.include({ forgeHost: "codeberg.org", repositoryId: codebergId, repositoryPath: "pledgers/tool", repository: "https://codeberg.org/pledgers/tool.git" });
    forge.renameRepository("codeberg.org", "pledgers/tool", "pledgers/tool2");
    const renamed = expectKind(await attester.check(2n), "revoked");
    expect(renamed.reason).to.equal("renamed");
    expect(renamed.message).to.include("moved to https://codeberg.org/pledgers/tool2 (codeberg.org repository #");

    forge.createRepository("gitlab.com", "group/app");
    forge.putFile("gitlab.com", "group/app", PROOF_FILE_PATH, proofOf(registry, 3n));
    await (await world.registry.connect(world.carol).registerProject(METADATA, "https://gitlab.com/group/app", world.carol.address)).wait();
    expectKind(await attester.check(3n), "attested");
    forge.renameRepository("gitlab.com", "group/app", "group/application");
    const moved = expectKind(await attester.check(3n), "revoked");
    expect(moved.reason).to.equal("renamed");
    expect(moved.message).to.include("moved to https://gitlab.com/group/application");
  });

  it("refuses a project without a repository, with a URL it cannot read, or on a forge it does not read; throws the client's error for an unknown project", async () => {
    const { world, attester } = await setup();
    await (await world.registry.connect(world.stranger).registerProject(METADATA, "", world.stranger.address)).wait();
    const none = expectKind(await attester.check(2n), "refused");
    expect(none.reason).to.equal("no-repository");
    expect(none.message).to.equal(
      "project 2 has no repository URL, so there is nothing to verify: its owner sets it with npx hardhat project set-metadata 2 --repository <repository URL>, then verify again",
    );
    await (await world.registry.connect(world.stranger).registerProject(METADATA, "git@github.com:foo/bar.git", world.stranger.address)).wait();
    expect(expectKind(await attester.check(3n), "refused").reason).to.equal("bad-url");
    await (await world.registry.connect(world.stranger).registerProject(METADATA, "https://git.example.org/foo/bar", world.stranger.address)).wait();
    const unsupported = expectKind(await attester.check(4n), "refused");
    expect(unsupported.reason).to.equal("unsupported-forge");
    expect(unsupported.message).to.match(/^project 4's repository is on git\.example\.org, which this attester does not read: .*OPENPLEDGE_FORGES/);
    const thrown = await rejection(attester.check(99n));
    expect(thrown).to.be.instanceOf(OpenPledgeError);
    expect((thrown as OpenPledgeError).errorName).to.equal("UnknownProject");
  });

  it("checks one project at a time: two checks at once attest once", async () => {
    const { attester } = await setup();
    const [a, b] = await Promise.all([attester.check(1n), attester.check(1n)]);
    expect([a.kind, b.kind]).to.deep.equal(["attested", "unchanged"]);
  });

  it("recheckAll checks every project it holds a live attestation of, in id order", async () => {
    const { world, attester, registry } = await setup();
    forge.createRepository("github.com", "carol/lib");
    forge.putFile("github.com", "carol/lib", PROOF_FILE_PATH, proofOf(registry, 2n));
    await (await world.registry.connect(world.carol).registerProject(METADATA, "https://github.com/carol/lib", world.carol.address)).wait();
    expect(await attester.recheckAll()).to.deep.equal([]);
    expectKind(await attester.check(2n), "attested");
    expectKind(await attester.check(1n), "attested");
    forge.deleteFile("github.com", "carol/lib", PROOF_FILE_PATH);
    const outcomes = await attester.recheckAll();
    expect(outcomes.map((outcome) => [outcome.projectId, outcome.kind])).to.deep.equal([
      [1n, "unchanged"],
      [2n, "revoked"],
    ]);
    expect((await attester.recheckAll()).map((outcome) => outcome.projectId)).to.deep.equal([1n]);
  });

  it("gas, as docs/attester.md gives it: an attestation 593,759, a renewal 616,237 plus 107,756 for the revocation it replaces, a revocation 107,756", async () => {
    const { attester } = await setup();
    /** Gas of every transaction mined by `step`. */
    const gasOf = async (step: () => Promise<unknown>): Promise<bigint[]> => {
      const from = await ethers.provider.getBlockNumber();
      await step();
      const gas: bigint[] = [];
      for (let number = from + 1; number <= (await ethers.provider.getBlockNumber()); number++) {
        for (const hash of (await ethers.provider.getBlock(number))!.transactions) gas.push((await ethers.provider.getTransactionReceipt(hash))!.gasUsed);
      }
      return gas;
    };
    // A uid is sent as calldata: each zero byte in it costs 12 gas less than the figures (a uid without any).
    const zeroBytes = (uid: string) => BigInt((uid.slice(2).match(/../g) ?? []).filter((pair) => pair === "00").length) * 12n;
    expect(await gasOf(() => attester.check(1n))).to.deep.equal([593_759n]);
    const first = (await attester.recheckAll())[0] as Extract<CheckOutcome, { kind: "unchanged" }>;
    expect(await gasOf(() => attester.check(1n))).to.deep.equal([]);
    await time.increase(61n * DAY);
    const discount = zeroBytes(first.attestation.uid);
    const renewal = await gasOf(() => attester.check(1n));
    expect(renewal).to.deep.equal([616_237n - discount, 107_756n - discount]);
    const renewed = (await attester.recheckAll())[0] as Extract<CheckOutcome, { kind: "unchanged" }>;
    forge.deleteFile("github.com", PATH, PROOF_FILE_PATH);
    expect(await gasOf(() => attester.check(1n))).to.deep.equal([107_756n - zeroBytes(renewed.attestation.uid)]);
  });

  it("registers the repository schema first on an EAS that lacks it (once), then attests", async () => {
    const { world, registry } = await setup();
    const deploy = async (name: string, ...args: unknown[]): Promise<string> => {
      const artifact = require(`../vendor/eas-contracts/${name}.json`) as { abi: never; bytecode: string };
      const contract = await new ethers.ContractFactory(artifact.abi, artifact.bytecode, world.owner).deploy(...args);
      return contract.getAddress();
    };
    const schemaRegistry = await deploy("SchemaRegistry");
    const eas = await deploy("EAS", schemaRegistry);
    const reader = new OpenPledgeClient({ registry, escrow: world.escrowAddress, eas: { eas, schemaRegistry } }, ethers.provider);
    const attester = new Attester({ reader, signer: world.owner, forges: forge.forges });
    const schemas = schemaRegistryContract(schemaRegistry, ethers.provider);
    expect(((await schemas.getFunction("getSchema").staticCall(REPOSITORY_SCHEMA_UID)) as { uid: string }).uid).to.equal(ZeroHash);
    const attested = expectKind(await attester.check(1n), "attested");
    const registered = (await schemas.getFunction("getSchema").staticCall(REPOSITORY_SCHEMA_UID)) as { uid: string; schema: string; revocable: boolean };
    expect([registered.uid, registered.schema, registered.revocable]).to.deep.equal([REPOSITORY_SCHEMA_UID, REPOSITORY_SCHEMA, true]);
    expect(await readRepositoryAttestation(easContract(eas, ethers.provider), attested.attestation.uid)).to.deep.equal(attested.attestation);
    // The schema is there now: the renewal sends the attestation and the revocation only.
    await time.increase(61n * DAY);
    const block = await ethers.provider.getBlockNumber();
    expectKind(await attester.check(1n), "attested");
    expect(await ethers.provider.getBlockNumber()).to.equal(block + 2);
  });

  /** Gas of every transaction mined since block `from`. */
  async function gasSince(from: number): Promise<bigint[]> {
    const gas: bigint[] = [];
    for (let number = from + 1; number <= (await ethers.provider.getBlockNumber()); number++) {
      for (const hash of (await ethers.provider.getBlock(number))!.transactions) gas.push((await ethers.provider.getTransactionReceipt(hash))!.gasUsed);
    }
    return gas;
  }

  it("H1: a proof switched off and on costs the attester one attestation and one revocation a day, not one per switch; a restarted attester reads the wait from the chain", async () => {
    const { world, attester, registry, repositoryId } = await setup();
    const first = expectKind(await attester.check(1n), "attested");
    // Off: the revocation is never delayed.
    forge.deleteFile("github.com", PATH, PROOF_FILE_PATH);
    expectKind(await attester.check(1n), "revoked");
    // Counted from the last attestation, not the revocation (review N3): each attestation is revoked at most once.
    const revokedAt = first.attestation.time;
    // On again, and asked again and again (the attack): nothing is sent until a day after the attestation.
    forge.putFile("github.com", PATH, PROOF_FILE_PATH, proofOf(registry, 1n));
    const block = await ethers.provider.getBlockNumber();
    const expected = {
      kind: "retry-later",
      projectId: 1n,
      reason: "write-budget",
      retryAt: new Date(Number(revokedAt + DAY) * 1000),
      message:
        `github.com/${PATH} (repository #${repositoryId}) names project 1, but this attester attested project 1 at ${formatDate(revokedAt)} ` +
        `and attests a project at most once per 24 hours (it pays the gas): nothing was sent; ask again after ${formatDate(revokedAt + DAY)}`,
    };
    for (let round = 0; round < 3; round++) {
      forge.deleteFile("github.com", PATH, PROOF_FILE_PATH);
      expectKind(await attester.check(1n), "refused");
      forge.putFile("github.com", PATH, PROOF_FILE_PATH, proofOf(registry, 1n));
      expect(await attester.check(1n)).to.deep.equal(expected);
    }
    // A new process (a restart) counts from the attestations on chain, so it waits just the same.
    const restarted = new Attester({ reader: new OpenPledgeClient({ registry, escrow: world.escrowAddress, eas: world.eas }, ethers.provider), signer: world.owner, forges: forge.forges });
    expect(await restarted.check(1n)).to.deep.equal(expected);
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    await time.increaseTo(revokedAt + DAY - 1n);
    expect(expectKind(await restarted.check(1n), "retry-later").reason).to.equal("write-budget");
    await time.increaseTo(revokedAt + DAY);
    expectKind(await restarted.check(1n), "attested");
  });

  it("H1: a daily gas budget refuses attestations beyond it with when it frees up, and never refuses a revocation", async () => {
    const { world, registry } = await setup();
    forge.createRepository("github.com", "carol/lib");
    forge.putFile("github.com", "carol/lib", PROOF_FILE_PATH, proofOf(registry, 2n));
    await (await world.registry.connect(world.carol).registerProject(METADATA, "https://github.com/carol/lib", world.carol.address)).wait();
    const reader = new OpenPledgeClient({ registry, escrow: world.escrowAddress, eas: world.eas }, ethers.provider);
    const warnings: string[] = [];
    const attester = new Attester({ reader, signer: world.owner, forges: forge.forges, dailyGasBudget: 800_000n, warn: (line) => warnings.push(line) });
    const from = await ethers.provider.getBlockNumber();
    const checkedAt = await now();
    expectKind(await attester.check(1n), "attested");
    const [spent] = await gasSince(from);
    const block = await ethers.provider.getBlockNumber();
    const refused = expectKind(await attester.check(2n), "retry-later");
    expect(refused.reason).to.equal("gas-budget");
    // The budget counts by the chain's time of the check that spent it: it frees up a day later.
    expect(refused.retryAt).to.deep.equal(new Date(Number(checkedAt + DAY) * 1000));
    expect(refused.message).to.match(
      new RegExp(
        `^github\\.com/carol/lib \\(repository #\\d+\\) names project 2, but this attester has spent ${spent!.toLocaleString("en-US")} gas of its daily budget of 800,000 in the last 24 hours ` +
          `and attesting takes about [\\d,]+ more: nothing was sent; ask again after ${formatDate(checkedAt + DAY)}$`,
      ),
    );
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    expect(warnings).to.deep.equal([
      `attester: the daily gas budget (800,000 gas) refused attesting project 2 (github.com/carol/lib): ${spent!.toLocaleString("en-US")} gas spent in the last 24 hours; many new projects at once may be an attack (see docs/attester.md)`,
    ]);
    // Over budget, a revocation still goes.
    forge.deleteFile("github.com", PATH, PROOF_FILE_PATH);
    expectKind(await attester.check(1n), "revoked");
    await time.increaseTo(checkedAt + DAY);
    expectKind(await attester.check(2n), "attested");
    // A budget smaller than one attestation says so: the operator raises it.
    const tiny = new Attester({ reader, signer: world.owner, forges: forge.forges, dailyGasBudget: 100_000n, warn: (line) => warnings.push(line) });
    await time.increase(DAY);
    forge.putFile("github.com", PATH, PROOF_FILE_PATH, proofOf(registry, 1n));
    const never = expectKind(await tiny.check(1n), "retry-later");
    expect([never.reason, never.retryAt]).to.deep.equal(["gas-budget", undefined]);
    expect(never.message).to.match(/of its daily budget of 100,000 in the last 24 hours and attesting takes about [\d,]+ more: nothing was sent; this attestation alone needs more than the whole budget: its operator raises --daily-gas-budget$/);
    expect(() => new Attester({ reader, signer: world.owner, forges: forge.forges, dailyGasBudget: 0n })).to.throw("the daily gas budget must be a positive amount of gas");
  });

  it("H1/M1: a padded repository string (/./ parts) is refused, not attested at 3.5 times the gas", async () => {
    const { world, attester, registry } = await setup();
    const padded = `https://github.com/${PATH}${"/.".repeat(900)}`;
    await (await world.registry.connect(world.stranger).registerProject(METADATA, padded, world.stranger.address)).wait();
    forge.putFile("github.com", PATH, PROOF_FILE_PATH, proofFileText([{ chainId: 31337n, registry, projectId: 1n }, { chainId: 31337n, registry, projectId: 2n }]));
    const block = await ethers.provider.getBlockNumber();
    const refused = expectKind(await attester.check(2n), "refused");
    expect(refused.reason).to.equal("bad-url");
    expect(refused.message).to.match(/^project 2's repository "https:\/\/github\.com\/openpledge\/openpledge\/\.\/\..*" is not a repository URL this attester reads \(.*use https:\/\/github\.com\/openpledge\/openpledge\); /);
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
  });

  it("M2: a recheck pass goes on past one project's error and past a forge's absurd Retry-After", async () => {
    const { world, attester, registry } = await setup();
    forge.createRepository("codeberg.org", "other/repo");
    await (await world.registry.connect(world.stranger).registerProject(METADATA, "https://codeberg.org/other/repo", world.stranger.address)).wait();
    forge.putFile("codeberg.org", "other/repo", PROOF_FILE_PATH, proofOf(registry, 2n));
    const one = expectKind(await attester.check(1n), "attested");
    const two = expectKind(await attester.check(2n), "attested");
    // An attestation of a project the registry does not have: its check throws UnknownProject.
    const writer = new EasWriter(world.eas, world.owner);
    await writer.attest({ ...one.attestation, projectId: 99n }, one.attestation.expirationTime, ZeroHash);
    forge.deleteFile("codeberg.org", "other/repo", PROOF_FILE_PATH);
    forge.rateLimit("github.com", 1e20);
    const outcomes: RecheckOutcome[] = await attester.recheckAll();
    expect(outcomes.map((outcome) => [outcome.projectId, outcome.kind])).to.deep.equal([
      [1n, "retry-later"],
      [2n, "revoked"],
      [99n, "failed"],
    ]);
    const limited = outcomes[0] as Extract<CheckOutcome, { kind: "retry-later" }>;
    expect([limited.reason, limited.retryAt, limited.message]).to.deep.equal(["rate-limited", undefined, "github.com is rate limiting this attester: nothing was changed; try again in a few minutes; an API token raises the limit: its operator sets GITHUB_TOKEN"]);
    expect((await attestationOf(world, two.attestation.uid)).revocationTime).to.not.equal(0n);
    expect(outcomes[2]!.message).to.equal(
      "project 99 could not be checked (UnknownProject: there is no project 99: check the id against the list of projects (project list, or the app's home page)): nothing more was changed for it; the next pass tries again",
    );
  });

  it("M3: the old path taken over by another repository (a new id) revokes and refuses, saying so; the new id is attested only after the owner sets the repository again", async () => {
    const { world, attester, registry, repositoryId } = await setup();
    const first = expectKind(await attester.check(1n), "attested");
    // The owner renames; a squatter creates the old path and copies the public proof file into it.
    forge.renameRepository("github.com", PATH, "openpledge/elsewhere");
    const squatterId = forge.createRepository("github.com", PATH);
    forge.putFile("github.com", PATH, PROOF_FILE_PATH, proofOf(registry, 1n));
    const outcomes = await attester.recheckAll();
    const revoked = expectKind(outcomes[0] as CheckOutcome, "revoked");
    expect([revoked.reason, revoked.revoked]).to.deep.equal(["repository-replaced", [first.attestation.uid]]);
    const confirm =
      `if the project really moved to #${squatterId}, its owner confirms it by changing the project's repository string and setting it back ` +
      `(an edit that sends the same string, such as a metadata-only change, does not count): npx hardhat project set-metadata 1 --repository "", then npx hardhat project set-metadata 1 --repository ${REPOSITORY}, then verify again`;
    expect(revoked.message).to.equal(
      `revoked this attester's 1 attestation of project 1: the repository at github.com/${PATH} is now #${squatterId}, not #${repositoryId} that was attested: ` +
        `it was deleted or renamed and the path reused, perhaps by someone else, so this attester does not attest the new repository on its own; ${confirm}`,
    );
    const revokedAt = (await attestationOf(world, first.attestation.uid)).revocationTime;
    // Asked again, even days later: refused, nothing sent.
    await time.increase(3n * DAY);
    const block = await ethers.provider.getBlockNumber();
    const refused = expectKind(await attester.check(1n), "refused");
    expect(refused.reason).to.equal("repository-replaced");
    expect(refused.message).to.equal(
      `the repository at github.com/${PATH} is now #${squatterId}, not #${repositoryId} that was attested (revoked ${formatDate(revokedAt)}): nothing was sent; ${confirm}`,
    );
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    // A metadata-only edit re-sends the same string: no confirmation (review N1, PoC Q1), still refused.
    await (await world.registry.connect(world.maintainer).setProjectMetadata(1n, "ipfs://edited-description", REPOSITORY)).wait();
    expect(await attester.check(1n)).to.deep.equal({ ...refused, message: refused.message });
    // The project's owner (not the squatter) confirms by clearing the repository and setting it back: attested.
    await (await world.registry.connect(world.maintainer).setProjectMetadata(1n, METADATA, "")).wait();
    await (await world.registry.connect(world.maintainer).setProjectMetadata(1n, METADATA, REPOSITORY)).wait();
    const again = expectKind(await attester.check(1n), "attested");
    expect(again.attestation.repositoryId).to.equal(squatterId);
  });

  it("a forge that cannot be reached is retry-later, its advice said once; a rate limit with a token set does not ask for one", async () => {
    const { world, registry } = await setup();
    const reader = new OpenPledgeClient({ registry, escrow: world.escrowAddress, eas: world.eas }, ethers.provider);
    const offline = new Attester({ reader, signer: world.owner, forges: [{ host: "github.com", kind: "github", apiBase: "http://127.0.0.1:9/github" }] });
    const unreachable = expectKind(await offline.check(1n), "retry-later");
    expect(unreachable.reason).to.equal("forge-unavailable");
    expect(unreachable.message).to.match(/^github\.com could not be asked now \(github\.com could not be reached at http:\/\/127\.0\.0\.1:9 \([^)]+\)\): nothing was changed; try again in a few minutes$/);
    const withToken = new Attester({ reader, signer: world.owner, forges: forge.forges.map((endpoint) => ({ ...endpoint, token: "t" })) });
    forge.rateLimit("github.com", 0);
    const until = Math.floor(Date.now() / 1000) + 600;
    forge.rateLimit("github.com", until);
    try {
      expect(expectKind(await withToken.check(1n), "retry-later").message).to.equal(`github.com is rate limiting this attester: nothing was changed; try again after ${formatDate(BigInt(until))}`);
    } finally {
      forge.rateLimit("github.com", 0);
    }
  });

  it("a renamed repository whose old path someone else took (without the proof file) is revoked as replaced, giving where the attested one went, never 'commit this file there'", async () => {
    const { world, attester, repositoryId } = await setup();
    const first = expectKind(await attester.check(1n), "attested");
    forge.renameRepository("github.com", PATH, "openpledge/elsewhere");
    const squatterId = forge.createRepository("github.com", PATH);
    const advice =
      `the repository at github.com/${PATH} is now #${squatterId}, not #${repositoryId} that was attested: it was renamed or deleted and the path reused, perhaps by someone else, ` +
      `so nothing there speaks for project 1; the attested repository #${repositoryId} is now at https://github.com/openpledge/elsewhere: if that is still the project's, ` +
      "its owner sets it with npx hardhat project set-metadata 1 --repository https://github.com/openpledge/elsewhere, then verify again";
    const revoked = expectKind((await attester.recheckAll())[0] as CheckOutcome, "revoked");
    expect([revoked.reason, revoked.revoked, revoked.message]).to.deep.equal([
      "repository-replaced",
      [first.attestation.uid],
      `revoked this attester's 1 attestation of project 1: ${advice}`,
    ]);
    expect(revoked.message).to.not.include("commit this file");
    // Asked again: refused the same way (nothing live to revoke), nothing sent.
    const block = await ethers.provider.getBlockNumber();
    const refused = expectKind(await attester.check(1n), "refused");
    expect([refused.reason, refused.message]).to.deep.equal(["repository-replaced", advice]);
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    // The attested repository deleted too: no new address to give, the command with a placeholder.
    forge.deleteRepository("github.com", "openpledge/elsewhere");
    expect(expectKind(await attester.check(1n), "refused").message).to.equal(
      `the repository at github.com/${PATH} is now #${squatterId}, not #${repositoryId} that was attested: it was renamed or deleted and the path reused, perhaps by someone else, ` +
        "so nothing there speaks for project 1; if the project's repository moved, its owner sets its new URL with npx hardhat project set-metadata 1 --repository <repository URL>, then verify again",
    );
    // A project this attester never attested there gets the file to commit, as before.
    await (await world.registry.connect(world.stranger).registerProject(METADATA, REPOSITORY, world.stranger.address)).wait();
    expect(expectKind(await attester.check(2n), "refused").reason).to.equal("proof-missing");
  });

  it("M3: a path taken over while the attestation expired unchecked is refused too, until the owner sets the repository again", async () => {
    const { world, attester, registry, repositoryId } = await setup();
    const first = expectKind(await attester.check(1n), "attested");
    forge.renameRepository("github.com", PATH, "openpledge/elsewhere");
    const squatterId = forge.createRepository("github.com", PATH);
    forge.putFile("github.com", PATH, PROOF_FILE_PATH, proofOf(registry, 1n));
    await time.increaseTo(first.attestation.expirationTime);
    const refused = expectKind(await attester.check(1n), "refused");
    expect(refused.message).to.equal(
      `the repository at github.com/${PATH} is now #${squatterId}, not #${repositoryId} that was attested (expired ${formatDate(first.attestation.expirationTime)}): nothing was sent; ` +
        `if the project really moved to #${squatterId}, its owner confirms it by changing the project's repository string and setting it back ` +
        `(an edit that sends the same string, such as a metadata-only change, does not count): npx hardhat project set-metadata 1 --repository "", then npx hardhat project set-metadata 1 --repository ${REPOSITORY}, then verify again`,
    );
    // The same string sent again (a metadata-only edit) does not confirm; another URL and back does.
    await (await world.registry.connect(world.maintainer).setProjectMetadata(1n, "ipfs://edited", REPOSITORY)).wait();
    expect(expectKind(await attester.check(1n), "refused").reason).to.equal("repository-replaced");
    await (await world.registry.connect(world.maintainer).setProjectMetadata(1n, METADATA, "https://github.com/openpledge/elsewhere")).wait();
    await (await world.registry.connect(world.maintainer).setProjectMetadata(1n, METADATA, REPOSITORY)).wait();
    expect(expectKind(await attester.check(1n), "attested").attestation.repositoryId).to.equal(squatterId);
  });

  it("L5: a live attestation on a forge no longer configured is not revoked: retry later, with a message to the operator", async () => {
    const { world, registry } = await setup();
    const selfHosted = { host: "git.example.org", kind: "forgejo" as const, apiBase: forge.forges.find((endpoint) => endpoint.host === "codeberg.org")!.apiBase };
    forge.createRepository("codeberg.org", "team/tool");
    forge.putFile("codeberg.org", "team/tool", PROOF_FILE_PATH, proofOf(registry, 2n));
    await (await world.registry.connect(world.stranger).registerProject(METADATA, "https://git.example.org/team/tool", world.stranger.address)).wait();
    const reader = new OpenPledgeClient({ registry, escrow: world.escrowAddress, eas: world.eas }, ethers.provider);
    const configured = new Attester({ reader, signer: world.owner, forges: [...forge.forges, selfHosted] });
    const attested = expectKind(await configured.check(2n), "attested");
    // Restarted without git.example.org in its list (an environment file not loaded).
    const slipped = new Attester({ reader, signer: world.owner, forges: forge.forges });
    const block = await ethers.provider.getBlockNumber();
    const outcomes = await slipped.recheckAll();
    expect(outcomes).to.deep.equal([
      {
        kind: "retry-later",
        projectId: 2n,
        reason: "forge-not-configured",
        message:
          "this attester holds a live attestation of project 2 on git.example.org, but git.example.org is no longer in its forge list: nothing was revoked or changed; " +
          "its operator adds git.example.org back (--forge or OPENPLEDGE_FORGES, host=kind:apiBase) and the project is checked again",
      },
    ]);
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    expect((await attestationOf(world, attested.attestation.uid)).revocationTime).to.equal(0n);
    // Without a live attestation there, it is refused as before (nothing to keep).
    await (await world.registry.connect(world.carol).registerProject(METADATA, "https://git.example.org/team/other", world.carol.address)).wait();
    expect(expectKind(await slipped.check(3n), "refused").reason).to.equal("unsupported-forge");
  });

  /** The test chain's provider, refusing every log read wider than `maxBlocks` (as capped public RPCs do) and recording each. */
  function cappedProvider(maxBlocks: number): { provider: typeof ethers.provider; reads: Filter[] } {
    const reads: Filter[] = [];
    const target = ethers.provider;
    const provider = new Proxy(target, {
      get(object, key, receiver) {
        // The client asks a runner for its provider: this one, so every read goes through the cap.
        if (key === "provider") return receiver;
        if (key === "getLogs") {
          return async (filter: Filter) => {
            const { fromBlock, toBlock } = filter;
            if (typeof fromBlock !== "number" || typeof toBlock !== "number" || toBlock - fromBlock + 1 > maxBlocks) {
              throw new Error(`query exceeds max block range ${maxBlocks}`);
            }
            reads.push(filter);
            return object.getLogs(filter);
          };
        }
        const value = Reflect.get(object, key, object) as unknown;
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(object) : value;
      },
    });
    return { provider, reads };
  }

  it("N5: a replaced repository's confirmation is read with paged log reads, so a node that caps log ranges can re-verify it", async () => {
    const { world, registry } = await setup();
    const { provider, reads } = cappedProvider(20);
    const reader = new OpenPledgeClient({ registry, escrow: world.escrowAddress, eas: world.eas }, provider, { pageSize: 20 });
    const attester = new Attester({ reader, signer: world.owner, forges: forge.forges });
    expectKind(await attester.check(1n), "attested");
    forge.renameRepository("github.com", PATH, "openpledge/elsewhere");
    const squatterId = forge.createRepository("github.com", PATH);
    forge.putFile("github.com", PATH, PROOF_FILE_PATH, proofOf(registry, 1n));
    expect(expectKind(await attester.check(1n), "revoked").reason).to.equal("repository-replaced");
    await time.increase(DAY);
    expect(expectKind(await attester.check(1n), "refused").reason).to.equal("repository-replaced");
    await (await world.registry.connect(world.maintainer).setProjectMetadata(1n, METADATA, "")).wait();
    await (await world.registry.connect(world.maintainer).setProjectMetadata(1n, METADATA, REPOSITORY)).wait();
    expect(expectKind(await attester.check(1n), "attested").attestation.repositoryId).to.equal(squatterId);
    expect(reads.length).to.be.greaterThan(0);
  });

  it("N4: the attester scans each block's logs once: a recheck pass reads the history once, a check after it only the new blocks", async () => {
    const { world, registry } = await setup();
    for (const [path, id] of [["carol/lib", 2n], ["carol/app", 3n]] as const) {
      forge.createRepository("github.com", path);
      forge.putFile("github.com", path, PROOF_FILE_PATH, proofOf(registry, id));
      await (await world.registry.connect(world.carol).registerProject(METADATA, `https://github.com/${path}`, world.carol.address)).wait();
    }
    const { provider, reads } = cappedProvider(10_000);
    const reader = new OpenPledgeClient({ registry, escrow: world.escrowAddress, eas: world.eas }, provider);
    const attester = new Attester({ reader, signer: world.owner, forges: forge.forges });
    for (const id of [1n, 2n, 3n]) expectKind(await attester.check(id), "attested");
    await time.increase(61n * DAY);
    forge.deleteFile("github.com", "carol/app", PROOF_FILE_PATH);
    reads.length = 0;
    const outcomes = await attester.recheckAll();
    expect(outcomes.map((outcome) => [outcome.projectId, outcome.kind])).to.deep.equal([
      [1n, "attested"],
      [2n, "attested"],
      [3n, "revoked"],
    ]);
    // Every block is read at most once over the pass (no read from block 0 per project), oldest first.
    expect(reads.length).to.be.greaterThan(0);
    const ranges = reads.map((filter) => [filter.fromBlock as number, filter.toBlock as number] as const);
    for (let index = 1; index < ranges.length; index++) expect(ranges[index]![0]).to.be.greaterThan(ranges[index - 1]![1]);
    // The next pass reads only the blocks written after the last one read (the pass's own last revocation), then a
    // check with no new block reads no log at all; the cached revocation is the chain's.
    const lastRead = ranges.at(-1)![1];
    reads.length = 0;
    const again = await attester.recheckAll();
    expect(again.map((outcome) => [outcome.projectId, outcome.kind])).to.deep.equal([
      [1n, "unchanged"],
      [2n, "unchanged"],
    ]);
    expect(reads.map((filter) => [filter.fromBlock, filter.toBlock])).to.deep.equal([[lastRead + 1, await ethers.provider.getBlockNumber()]]);
    reads.length = 0;
    expectKind(await attester.check(2n), "unchanged");
    expect(reads).to.deep.equal([]);
    // A restarted attester reads the same from the chain.
    const restarted = new Attester({ reader: new OpenPledgeClient({ registry, escrow: world.escrowAddress, eas: world.eas }, ethers.provider), signer: world.owner, forges: forge.forges });
    expect((await restarted.recheckAll()).map((outcome) => [outcome.projectId, outcome.kind])).to.deep.equal([
      [1n, "unchanged"],
      [2n, "unchanged"],
    ]);
  });

  it("N2: renewals of an unchanged claim are never refused by the daily gas budget, which others' new projects filled; the refusal is logged (PoC Q2)", async () => {
    const { world, registry } = await setup();
    const warnings: string[] = [];
    const reader = new OpenPledgeClient({ registry, escrow: world.escrowAddress, eas: world.eas }, ethers.provider);
    const attester = new Attester({ reader, signer: world.owner, forges: forge.forges, dailyGasBudget: 2_000_000n, warn: (line) => warnings.push(line) });
    const first = expectKind(await attester.check(1n), "attested");
    await time.increase(61n * DAY);
    // The attacker: projects 2 to 5 naming one repository whose proof lists them all.
    forge.createRepository("github.com", "attacker/tool");
    forge.putFile("github.com", "attacker/tool", PROOF_FILE_PATH, proofFileText([2n, 3n, 4n, 5n].map((projectId) => ({ chainId: 31337n, registry, projectId }))));
    for (let index = 0; index < 4; index++) {
      await (await world.registry.connect(world.stranger).registerProject(METADATA, "https://github.com/attacker/tool", world.stranger.address)).wait();
    }
    expect([2n, 3n, 4n].map(() => "attested")).to.deep.equal([(await attester.check(2n)).kind, (await attester.check(3n)).kind, (await attester.check(4n)).kind]);
    const fifth = expectKind(await attester.check(5n), "retry-later");
    expect(fifth.reason).to.equal("gas-budget");
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(
      /^attester: the daily gas budget \(2,000,000 gas\) refused attesting project 5 \(github\.com\/attacker\/tool\): [\d,]+ gas spent in the last 24 hours; many new projects at once may be an attack \(see docs\/attester\.md\)$/,
    );
    // Project 1's renewal goes through all the same.
    const renewed = expectKind(await attester.check(1n), "attested");
    expect([renewed.replaced, renewed.attestation.refUID]).to.deep.equal([[first.attestation.uid], first.attestation.uid]);
    expect(warnings).to.have.length(1);
  });

  it("N3: a third party's check between set-metadata and the proof commit neither revokes nor delays the owner's verification (PoC Q3)", async () => {
    const { world, attester, registry } = await setup();
    const first = expectKind(await attester.check(1n), "attested");
    await time.increase(30n * DAY);
    const newHome = "https://github.com/openpledge/new-home";
    await (await world.registry.connect(world.maintainer).setProjectMetadata(1n, METADATA, newHome)).wait();
    // The watcher asks at once: the new repository is not there yet. Refused, nothing sent: the old attestation names
    // the old string, which readers no longer count.
    const block = await ethers.provider.getBlockNumber();
    const early = expectKind(await attester.check(1n), "refused");
    expect(early.reason).to.equal("repository-not-found");
    expect(early.message).to.equal(
      "github.com has no public repository openpledge/new-home (project 1's repository https://github.com/openpledge/new-home): it was deleted, made private or never existed; " +
        "its owner sets the repository's URL with npx hardhat project set-metadata 1 --repository <repository URL>, then verify again",
    );
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    // A minute later the owner pushes the proof and verifies: attested at once, the old attestation replaced.
    const newId = forge.createRepository("github.com", "openpledge/new-home");
    forge.putFile("github.com", "openpledge/new-home", PROOF_FILE_PATH, proofOf(registry, 1n));
    await time.increase(60n);
    const moved = expectKind(await attester.check(1n), "attested");
    expect([moved.attestation.repositoryId, moved.replaced]).to.deep.equal([newId, [first.attestation.uid]]);
    // A revocation does not count for the daily limit: proof off (revoked) and on again waits a day from the attestation.
    forge.deleteFile("github.com", "openpledge/new-home", PROOF_FILE_PATH);
    expectKind(await attester.check(1n), "revoked");
    forge.putFile("github.com", "openpledge/new-home", PROOF_FILE_PATH, proofOf(registry, 1n));
    expect(expectKind(await attester.check(1n), "retry-later").retryAt).to.deep.equal(new Date(Number(moved.attestation.time + DAY) * 1000));
  });

  it("N7: a self-hosted forge the operator lists as host:port verifies repository URLs on that port", async () => {
    const { world, registry } = await setup();
    const codeberg = forge.forges.find((endpoint) => endpoint.host === "codeberg.org")!;
    const onPort = { host: "git.example.org:8443", kind: "forgejo" as const, apiBase: codeberg.apiBase };
    const id = forge.createRepository("codeberg.org", "team/tool");
    forge.putFile("codeberg.org", "team/tool", PROOF_FILE_PATH, proofOf(registry, 2n));
    await (await world.registry.connect(world.carol).registerProject(METADATA, "https://git.example.org:8443/team/tool", world.carol.address)).wait();
    const reader = new OpenPledgeClient({ registry, escrow: world.escrowAddress, eas: world.eas }, ethers.provider);
    const attester = new Attester({ reader, signer: world.owner, forges: [...forge.forges, onPort] });
    const attested = expectKind(await attester.check(2n), "attested");
    expect(attested.attestation).to.deep.include({ forgeHost: "git.example.org:8443", repositoryId: id, repositoryPath: "team/tool" });
    // Another port of that host is still refused, with the listed forge's address form as advice.
    await (await world.registry.connect(world.carol).registerProject(METADATA, "https://git.example.org:9000/team/tool", world.carol.address)).wait();
    const refused = expectKind(await attester.check(3n), "refused");
    expect(refused.reason).to.equal("bad-url");
    expect(refused.message).to.include('names a port (:9000)');
  });

  it("L7: a repository string with line breaks and terminal escapes is quoted with them escaped", async () => {
    const { world, attester } = await setup();
    const hostile = "https://github.com/x/y\n2026-11-27 16:05 UTC recheck: project 7: attested \u001b[2K\u001b]0;owned\u0007";
    await (await world.registry.connect(world.stranger).registerProject(METADATA, hostile, world.stranger.address)).wait();
    const refused = expectKind(await attester.check(2n), "refused");
    expect(refused.reason).to.equal("bad-url");
    expect(refused.message).to.not.match(/[\u0000-\u001f\u007f-\u009f]/);
    expect(refused.message).to.include('"https://github.com/x/y\\u000a2026-11-27 16:05 UTC recheck: project 7: attested \\u001b[2K\\u001b]0;owned\\u0007"');
  });

  it("info tells the attester, chain, registry, EAS, schema, forges and validity", async () => {
    const { world, attester, registry } = await setup();
    const info = await attester.info();
    expect(info).to.deep.equal({
      attester: world.owner.address,
      chainId: 31337n,
      registry,
      eas: world.eas.eas,
      schemaUID: info.schemaUID,
      forges: ["github.com", "gitlab.com", "codeberg.org"],
      validityDays: 90n,
    });
    expect(info.schemaUID).to.match(/^0x[0-9a-f]{64}$/);
  });
});

describe("attester: its parts", () => {
  it("the forge list: defaults, --forge before OPENPLEDGE_FORGES; tokens by host, never by kind (review M5)", () => {
    expect(attesterForges("", {}).map((forge) => forge.host)).to.deep.equal(["github.com", "gitlab.com", "codeberg.org"]);
    const env = { OPENPLEDGE_FORGES: "git.example.org=forgejo:https://git.example.org/api/v1", GITHUB_TOKEN: "ghp_x", FORGEJO_TOKEN: " fj " };
    // FORGEJO_TOKEN is Codeberg's: the self-hosted Forgejo gets none.
    expect(attesterForges("", env)).to.deep.equal([
      { host: "github.com", kind: "github", apiBase: "https://api.github.com", token: "ghp_x" },
      { host: "gitlab.com", kind: "gitlab", apiBase: "https://gitlab.com/api/v4" },
      { host: "codeberg.org", kind: "forgejo", apiBase: "https://codeberg.org/api/v1", token: "fj" },
      { host: "git.example.org", kind: "forgejo", apiBase: "https://git.example.org/api/v1" },
    ]);
    // The review's case: a community Forgejo and a GitHub Enterprise host receive neither FORGEJO_TOKEN nor GITHUB_TOKEN.
    const hosts = "git.community.example=forgejo:https://git.community.example/api/v1,ghe.corp.example=github:https://ghe.corp.example/api/v3";
    const secrets = { FORGEJO_TOKEN: "codeberg-secret", GITHUB_TOKEN: "ghp_secret" };
    expect(attesterForges(hosts, secrets).map((forge) => [forge.host, forge.token])).to.deep.equal([
      ["github.com", "ghp_secret"],
      ["gitlab.com", undefined],
      ["codeberg.org", "codeberg-secret"],
      ["git.community.example", undefined],
      ["ghe.corp.example", undefined],
    ]);
    // A self-hosted host's token only from OPENPLEDGE_FORGE_TOKENS, by its exact host; it also overrides a default host's variable.
    const perHost = { ...secrets, OPENPLEDGE_FORGE_TOKENS: " GHE.corp.example = ghe-token , codeberg.org=cb2" };
    expect(attesterForges(hosts, perHost).map((forge) => [forge.host, forge.token])).to.deep.equal([
      ["github.com", "ghp_secret"],
      ["gitlab.com", undefined],
      ["codeberg.org", "cb2"],
      ["git.community.example", undefined],
      ["ghe.corp.example", "ghe-token"],
    ]);
    // An item without a token is refused, with what to write.
    expect(() => attesterForges("", { OPENPLEDGE_FORGE_TOKENS: "git.example.org" })).to.throw(
      ForgeTokensError,
      'OPENPLEDGE_FORGE_TOKENS must be a comma-separated list of host=TOKEN, e.g. "git.example.org=abc123" (an item has no host or no token)',
    );
    expect(attesterForges("github.com=github:http://127.0.0.1:9/github", env)).to.deep.equal([
      { host: "gitlab.com", kind: "gitlab", apiBase: "https://gitlab.com/api/v4" },
      { host: "codeberg.org", kind: "forgejo", apiBase: "https://codeberg.org/api/v1", token: "fj" },
      { host: "github.com", kind: "github", apiBase: "http://127.0.0.1:9/github", token: "ghp_x" },
    ]);
  });

  it("the queue runs jobs one after another, a failure not stopping the next", async () => {
    const queue = new SerialQueue();
    const order: string[] = [];
    const slow = queue.run(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      order.push("slow");
      throw new Error("boom");
    });
    const fast = queue.run(async () => {
      order.push("fast");
      return 2;
    });
    expect((await rejection(slow)).message).to.equal("boom");
    expect(await fast).to.equal(2);
    expect(order).to.deep.equal(["slow", "fast"]);
  });

  it("the key: ATTESTER_PRIVATE_KEY wherever it is set; --from on a local chain; refused on a real chain without it", async () => {
    const provider = ethers.provider;
    const [local] = await ethers.getSigners();
    const fromSigner = async () => local!;
    const key = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    const withKey = await resolveAttesterSigner({ chainId: 11155111n, networkName: "sepolia", provider, fetchKey: async () => key, localSigner: fromSigner });
    expect([withKey.source, await withKey.signer.getAddress()]).to.deep.equal(["ATTESTER_PRIVATE_KEY", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"]);
    const bare = await resolveAttesterSigner({ chainId: 1n, networkName: "mainnet", provider, fetchKey: async () => key.slice(2), localSigner: fromSigner });
    expect(await bare.signer.getAddress()).to.equal("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    const onLocal = await resolveAttesterSigner({ chainId: 31337n, networkName: "hardhat", provider, fetchKey: async () => undefined, localSigner: fromSigner });
    expect([onLocal.source, await onLocal.signer.getAddress()]).to.deep.equal(["--from", local!.address]);
    const refusal = resolveAttesterSigner({ chainId: 11155111n, networkName: "sepolia", provider, fetchKey: async () => "", localSigner: fromSigner });
    const refused = await rejection(refusal);
    expect(refused).to.be.instanceOf(AttesterKeyError);
    expect(refused.message).to.equal(
      "network 'sepolia' (chain 11155111) is not a local chain and ATTESTER_PRIVATE_KEY is not set, so there is no attester key: " +
        "store the attester account's key with npx hardhat keystore set ATTESTER_PRIVATE_KEY (or set the environment variable), or ask a running attester with --attester-url <url> (or OPENPLEDGE_ATTESTER_URL)",
    );
    const bad = resolveAttesterSigner({ chainId: 1n, networkName: "mainnet", provider, fetchKey: async () => "not a key", localSigner: fromSigner });
    const badKey = await rejection(bad);
    expect(badKey).to.be.instanceOf(AttesterKeyError);
    expect(badKey.message).to.match(/^ATTESTER_PRIVATE_KEY is not a private key: set it to the attester account's key, 64 hex digits/);
    expect(badKey.message).to.not.include("not a key");
  });

  it("dates are the client's (formatDate); an invalid Date is an unknown time, not a RangeError (review M2)", () => {
    const zone = process.env.TZ;
    process.env.TZ = "UTC";
    try {
      expect(formatDate(1_795_795_500n)).to.equal("Fri 27 Nov 2026, 16:05:00 UTC");
      expect(formatDateOf(new Date(1e20 * 1000))).to.equal("an unknown time");
      expect(formatDateOf(new Date(1_795_795_500_000))).to.equal("Fri 27 Nov 2026, 16:05:00 UTC");
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("control characters are written as visible escapes (review L7); proof entries keep every digit (review I4)", () => {
    expect(printable("a\nb\r\u001b[31mred\u009b\u007f\tc")).to.equal("a\\u000ab\\u000d\\u001b[31mred\\u009b\\u007f\\u0009c");
    expect(printableLines("line one\nline \u001b two")).to.equal("line one\nline \\u001b two");
    const big = 2n ** 64n + 1n;
    expect(proofEntryJson({ chainId: big, registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3", projectId: big + 2n })).to.equal(
      '{"chainId":18446744073709551617,"registry":"0x5FbDB2315678afecb367f032d93F642f64180aa3","projectId":18446744073709551619}',
    );
  });

  it("an error line for logs: first line, every URL cut to its origin (keys in user names, paths, queries), controls escaped (review L2)", () => {
    const error = new Error('server response 401 (requestUrl="https://user:pw@rpc.example/v2/KEY?apikey=SECRET", info={}) \u001b[2K\nmore');
    expect(errorLine(error)).to.equal('server response 401 (requestUrl="https://rpc.example/…", info={}) \\u001b[2K');
    expect(errorLine(new Error("could not reach http://127.0.0.1:8545 or HTTP://Node.example:8545/"))).to.equal("could not reach http://127.0.0.1:8545 or HTTP://Node.example:8545");
    expect(errorLine("plain text")).to.equal("plain text");
  });
});
