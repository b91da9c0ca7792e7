import { expect } from "chai";

import { UNSET } from "../tasks/argv.js";
import { gasBudgetOf, outcomeText, recheckMsOf, serveUntil } from "../tasks/attester.js";
import { UsageError } from "../tasks/context.js";
import { formatDate, formatDay, OpenPledgeClient, PROOF_FILE_PATH, proofFileText } from "../client/index.js";
import { readVerification, verifiedLine } from "../tasks/verification-view.js";
import { startLocalForge, type LocalForge } from "../scripts/lib/local-forge.js";
import hre from "hardhat";
import { runTask, runTaskJson, type TaskRun } from "./helpers/capture.js";
import { DAY, ethers, loadWorld, METADATA, networkHelpers, now, REPOSITORY, type World } from "./helpers/fixture.js";

const PATH = "openpledge/openpledge";
/** Hardhat's account #1 and its well-known key (the local chain's), used as a separate attester key. */
const KEY_1 = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const ACCOUNT_1 = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

/** The value printed next to `label` by a "label  value" listing. */
function field(stdout: string, label: string): string | undefined {
  const line = stdout.split("\n").find((candidate) => candidate.startsWith(`${label}  `));
  return line?.slice(label.length).trim();
}

/**
 * A run without the attester service's log lines: in these tests the service runs in the task's process, so what it
 * logs ("<date> verify: project 1: attested: …") lands in the task's captured stdout.
 */
function withoutServiceLog(run: TaskRun): TaskRun {
  return { ...run, stdout: run.stdout.split("\n").filter((line) => !/ verify: project \d+: /.test(line)).join("\n") };
}

/** Nothing a person reads is in unix seconds: no bare number of ten digits (repository ids have at most nine here). */
function noUnixSeconds(text: string): void {
  expect(text.replace(/0x[0-9a-fA-F]+/g, "0x")).to.not.match(/\b\d{10,}\b/);
}

interface AttestedJson {
  kind: string;
  attestation: { uid: string; attester: string; time: string; expirationTime: string; repositoryId: string; proofCommit: string };
}

describe("tasks: verified repositories (in-process, local forge)", () => {
  let forge: LocalForge;
  let world: World;
  let registry: string;
  let repositoryId: bigint;
  let commit: string;
  let savedEnv: Record<string, string | undefined>;

  beforeEach(async () => {
    savedEnv = { ATTESTER_PRIVATE_KEY: process.env.ATTESTER_PRIVATE_KEY, OPENPLEDGE_ATTESTER_URL: process.env.OPENPLEDGE_ATTESTER_URL, OPENPLEDGE_FORGES: process.env.OPENPLEDGE_FORGES };
    delete process.env.ATTESTER_PRIVATE_KEY;
    delete process.env.OPENPLEDGE_ATTESTER_URL;
    forge = await startLocalForge();
    process.env.OPENPLEDGE_FORGES = forge.forgeList;
    world = await loadWorld();
    registry = await world.registry.getAddress();
    repositoryId = forge.createRepository("github.com", PATH);
    commit = forge.putFile("github.com", PATH, PROOF_FILE_PATH, proofFileText([{ chainId: 31337n, registry, projectId: 1n }]));
  });
  afterEach(async () => {
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await forge.close();
  });

  it("project proof prints exactly the file on stdout (for > .well-known/openpledge.json) and where to commit it on stderr", async () => {
    const run = await runTask(["project", "proof"], { id: "1" });
    expect(run.failed).to.equal(false);
    // console.log ends the text with the newline the file ends with: stdout is the file, byte for byte.
    expect(`${run.stdout}\n`).to.equal(proofFileText([{ chainId: 31337n, registry, projectId: 1n }]));
    expect(run.stderr).to.equal(
      `Commit the file printed below as ${PROOF_FILE_PATH} on the default branch of ${REPOSITORY}, then run npx hardhat project verify 1. ` +
        `To write it from the repository's root: mkdir -p .well-known && npx hardhat project proof 1 --network <network> > ${PROOF_FILE_PATH}`,
    );
    const json = await runTaskJson<{ path: string; text: string }>(["project", "proof"], { id: "1" });
    expect(json).to.deep.include({ path: PROOF_FILE_PATH, text: proofFileText([{ chainId: 31337n, registry, projectId: 1n }]) });
    await (await world.registry.connect(world.stranger).registerProject(METADATA, "", world.stranger.address)).wait();
    const second = await runTask(["project", "proof"], { id: "2" });
    expect(`${second.stdout}\n`).to.equal(proofFileText([{ chainId: 31337n, registry, projectId: 2n }]));
    expect(second.stderr).to.equal(
      `Commit the file printed below as ${PROOF_FILE_PATH} on the default branch of the project's repository, then run npx hardhat project verify 2. ` +
        `To write it from the repository's root: mkdir -p .well-known && npx hardhat project proof 2 --network <network> > ${PROOF_FILE_PATH}\n` +
        "Warning: project 2 names no repository, so no attester can verify it: its owner sets one with npx hardhat project set-metadata 2 --repository https://github.com/<owner>/<name>",
    );
    const unknown = await runTask(["project", "proof"], { id: "9" });
    expect([unknown.failed, unknown.stderr]).to.deep.equal([true, "Error: UnknownProject: there is no project 9: check the id against the list of projects (project list, or the app's home page)"]);
  });

  it("project show says NO before verification; project verify attests in-process as --from; project show then says who verified it, when and until when", async () => {
    const before = await runTask(["project", "show"], { id: "1" });
    expect(field(before.stdout, "verified")).to.equal(`NO — no attester you trust has verified that this project controls ${REPOSITORY}: anyone can register any repository URL`);
    const checkedAt = await now();
    const verified = await runTask(["project", "verify"], { id: "1" });
    expect(verified.failed, verified.stderr).to.equal(false);
    const at = await now();
    const lines = verified.stdout.split("\n");
    expect(lines[0]).to.equal(
      `Attested: project 1 is verified: github.com/${PATH} (repository #${repositoryId}) names it in its proof file at commit ${commit.slice(0, 7)}; ` +
        `attested ${formatDate(at)}, valid until ${formatDate(checkedAt + 90n * DAY)}`,
    );
    expect(lines[1]).to.match(/^attestation 0x[0-9a-f]{64}$/);
    expect(lines).to.have.length(2);
    noUnixSeconds(verified.stdout);
    const shown = await runTask(["project", "show"], { id: "1" });
    expect(field(shown.stdout, "verified")).to.equal(
      `yes, by OpenPledge local attester (0xf39F…2266) on ${formatDate(at)}, until ${formatDay(checkedAt + 90n * DAY)}: ` +
        `github.com/${PATH} (repository #${repositoryId}), proof commit ${commit.slice(0, 7)}`,
    );
    noUnixSeconds(shown.stdout);
    // A reader who trusts nobody sees it unverified, told of the attester they do not trust.
    const distrust = await runTask(["project", "show"], { id: "1", attesters: "none" });
    const distrusted = field(distrust.stdout, "verified") ?? "";
    expect(distrusted.startsWith(`NO — no attester you trust has verified that this project controls ${REPOSITORY}: anyone can register any repository URL; `)).to.equal(true);
    // Read from the chain (no indexer), only trusted attesters' attestations are asked for (review M4): none here.
    expect(distrusted).to.equal(
      `NO — no attester you trust has verified that this project controls ${REPOSITORY}: anyone can register any repository URL; ` +
        "you trust no attester, so no project can show as verified: add one to your trusted list (OPENPLEDGE_TRUSTED_ATTESTERS, --attesters, the app's settings); on this local chain the default attester is Hardhat's account #0 (--attesters default)",
    );
    const json = await runTaskJson<{ verification: { state: string } }>(["project", "show"], { id: "1" });
    expect(json.verification.state).to.equal("verified");
    // Checked again: unchanged, nothing sent.
    const block = await ethers.provider.getBlockNumber();
    const again = await runTask(["project", "verify"], { id: "1" });
    expect(again.stdout.split("\n")[0]).to.match(/^Unchanged: project 1 stays verified: /);
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
  });

  it("project verify refuses with exit code 1 and the file to commit; after the file is deleted it revokes, and project show says so", async () => {
    await (await world.registry.connect(world.stranger).registerProject(METADATA, "https://github.com/stranger/tool", world.stranger.address)).wait();
    forge.createRepository("github.com", "stranger/tool");
    const refused = await runTask(["project", "verify"], { id: "2" });
    expect(refused.failed).to.equal(true);
    expect(refused.stdout).to.equal(
      `Refused: https://github.com/stranger/tool has no ${PROOF_FILE_PATH} on its default branch main: commit this file there, then verify again:\n` +
        proofFileText([{ chainId: 31337n, registry, projectId: 2n }]).trimEnd(),
    );
    const attested = await runTaskJson<AttestedJson>(["project", "verify"], { id: "1" });
    expect([attested.kind, attested.attestation.attester]).to.deep.equal(["attested", world.owner.address]);
    forge.deleteFile("github.com", PATH, PROOF_FILE_PATH);
    const revoked = await runTask(["project", "verify"], { id: "1" });
    expect(revoked.failed).to.equal(false);
    expect(revoked.stdout.split("\n")[0]).to.match(/^Revoked: revoked this attester's 1 attestation of project 1: https:\/\/github\.com\/openpledge\/openpledge has no /);
    expect(revoked.stdout.split("\n").at(-1)).to.equal(`revoked ${attested.attestation.uid}`);
    const shown = await runTask(["project", "show"], { id: "1" });
    expect(field(shown.stdout, "verified")).to.match(
      new RegExp(`^NO — OpenPledge local attester revoked its verification of github\\.com/${PATH} \\(repository #${repositoryId}\\) on ${formatDate(await now())}: a later check of the repository failed`),
    );
  });

  it("project verify signs with ATTESTER_PRIVATE_KEY when it is set (not --from)", async () => {
    process.env.ATTESTER_PRIVATE_KEY = KEY_1;
    const attested = await runTaskJson<AttestedJson>(["project", "verify"], { id: "1" });
    expect(attested.attestation.attester).to.equal(ACCOUNT_1);
    // Account #1 is not a default attester: project show does not count it, unless the reader trusts it.
    expect(field((await runTask(["project", "show"], { id: "1" })).stdout, "verified")).to.match(/^NO — /);
    const trusting = await runTask(["project", "show"], { id: "1", attesters: `${ACCOUNT_1}=Key one` });
    expect(field(trusting.stdout, "verified")).to.match(/^yes, by Key one \(0x7099…79C8\) on /);
    process.env.ATTESTER_PRIVATE_KEY = "not a key";
    const bad = await runTask(["project", "verify"], { id: "1" });
    expect(bad.failed).to.equal(true);
    expect(bad.stderr).to.match(/^Error: ATTESTER_PRIVATE_KEY is not a private key: /);
  });

  it("project verify --attester-url asks an attester service (attester serve), OPENPLEDGE_ATTESTER_URL too, and tells a 429 with the last outcome", async () => {
    const printed: string[] = [];
    const log = console.log;
    console.log = (...parts: unknown[]) => printed.push(parts.map(String).join(" "));
    const served = await serveUntil(
      { host: "127.0.0.1", port: "0", recheckHours: "0", forge: forge.forgeList, from: "0", json: false, deploymentId: UNSET.deployment },
      hre,
      async (url) => {
        const remote = withoutServiceLog(await runTask(["project", "verify"], { id: "1", attesterUrl: url }));
        expect(remote.failed, remote.stderr).to.equal(false);
        const [line, attestationLine] = remote.stdout.split("\n");
        expect(line).to.match(new RegExp(`^Attested: project 1 is verified: github\\.com/${PATH} \\(repository #${repositoryId}\\)`));
        expect(attestationLine).to.match(/^attestation 0x[0-9a-f]{64}$/);
        process.env.OPENPLEDGE_ATTESTER_URL = url;
        // Within the service's minute: not a new check; the earlier outcome, marked as such, with when it was.
        const json = await runTaskJson<{ kind: string; attesterUrl: string; cooldown: { error: string; checkedAt: string; retryAt: string }; attestation: { uid: string } }>(["project", "verify"], { id: "1" });
        expect([json.kind, json.attesterUrl, json.attestation.uid]).to.deep.equal(["attested", url, attestationLine!.slice("attestation ".length)]);
        expect(json.cooldown.error).to.match(/^project 1 was checked less than 60 seconds ago, at /);
        const at = formatDate(Math.floor(Date.parse(json.cooldown.checkedAt) / 1000));
        const again = formatDate(Math.floor(Date.parse(json.cooldown.retryAt) / 1000));
        const soon = await runTask(["project", "verify"], { id: "1" });
        expect(soon.failed).to.equal(false);
        expect(soon.stdout).to.equal(
          `Not checked now: the attester at ${url} checked project 1 less than a minute ago, at ${at}, and checks a project at most once a minute: ask again after ${again}. ` +
            `Its earlier outcome, which may no longer hold:\nEarlier outcome (${at}) — ${remote.stdout}`,
        );
        // An earlier outcome that is not verified exits with code 1, also when repeated within the minute.
        await (await world.registry.connect(world.stranger).registerProject(METADATA, "https://github.com/stranger/none", world.stranger.address)).wait();
        const refused = withoutServiceLog(await runTask(["project", "verify"], { id: "2" }));
        expect([refused.failed, refused.stdout.split("\n")[0]]).to.deep.equal([true, "Refused: github.com has no public repository stranger/none (project 2's repository https://github.com/stranger/none): it was deleted, made private or never existed; its owner sets the repository's URL with npx hardhat project set-metadata 2 --repository <repository URL>, then verify again"]);
        const refusedAgain = await runTask(["project", "verify"], { id: "2" });
        expect(refusedAgain.failed).to.equal(true);
        expect(refusedAgain.stdout.split("\n")[1]).to.match(/^Earlier outcome \(.+\) — Refused: github\.com has no public repository stranger\/none /);
        const unknown = await runTask(["project", "verify"], { id: "8", attesterUrl: url });
        const schemeless = await runTask(["project", "verify"], { id: "1", attesterUrl: url.replace("http://", "") });
        expect([schemeless.failed, schemeless.stderr]).to.deep.equal([
          true,
          `Error: the attester URL "${url.replace("http://", "")}" does not start with http:// or https://: write it whole, e.g. ${url}`,
        ]);
        expect([unknown.failed, unknown.stderr]).to.deep.equal([
          true,
          `Error: the attester at ${url} refused: there is no project 8: check the id against the list of projects (project list, or the app's home page)`,
        ]);
        const front = (await (await fetch(`${url}/`)).json()) as { attester: string };
        expect(front.attester).to.equal(world.owner.address);
      },
    ).finally(() => {
      console.log = log;
    });
    expect(printed[0]).to.equal(
      `Attester ${world.owner.address} serving ${served} for chain 31337 (registry ${registry}, EAS ${world.eas.eas}); forges: github.com, gitlab.com, codeberg.org; ` +
        "attestations hold 90 days; no rechecks. Ctrl-C stops it.",
    );
    expect(process.exitCode ?? 0).to.equal(0);
    expect(served).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The service is stopped once `until` settles.
    let reached = true;
    try {
      await fetch(`${served}/`);
    } catch {
      reached = false;
    }
    expect(reached).to.equal(false);
    delete process.env.OPENPLEDGE_ATTESTER_URL;
    const nobody = await runTask(["project", "verify"], { id: "1", attesterUrl: served });
    expect(nobody.failed).to.equal(true);
    expect(nobody.stderr).to.match(new RegExp(`^Error: the attester at ${served!.replace(/\./g, "\\.")} cannot be reached \\(.+\\): check the URL, or leave --attester-url out to check in this process$`));
  });

  it("project set-metadata changes the repository and/or metadata (owner only, keeping what is not given); register and set-metadata warn when no attester could verify the URL", async () => {
    const ok = await runTask(["project", "register"], { metadata: METADATA, repository: "https://github.com/me/tool", from: "2" });
    expect(ok.stdout).to.match(/^Registered project 2 \(tx 0x[0-9a-f]{64}\)$/);
    expect(ok.stderr).to.equal("");
    const issues = await runTask(["project", "register"], { metadata: METADATA, repository: "https://github.com/me/tool/issues", from: "2" });
    expect(issues.failed).to.equal(false);
    expect(issues.stdout).to.match(/^Registered project 3 \(tx 0x[0-9a-f]{64}\)$/);
    expect(issues.stderr).to.equal(
      'Warning: no attester can verify project 3\'s repository as written: "https://github.com/me/tool/issues" names a page inside a repository; give the repository\'s own address, e.g. https://github.com/me/tool; ' +
        "to fix it, its owner runs npx hardhat project set-metadata 3 --repository <repository URL>",
    );
    const none = await runTask(["project", "register"], { metadata: METADATA, from: "2" });
    expect(none.stderr).to.equal(
      "Warning: project 4 names no repository, so no attester can verify it: its owner sets one with npx hardhat project set-metadata 4 --repository https://github.com/<owner>/<name>",
    );
    // project list shows each project's repository string (not whether it is verified: project show tells that).
    const listed = (await runTask(["project", "list"], { pageSize: "5000", indexer: "none" })).stdout.split("\n");
    expect(listed[0]).to.match(/^id\s+owner\s+payout\s+metadata\s+repository$/);
    expect(listed.slice(2).map((line) => line.split(/\s+/).at(-1))).to.deep.equal([REPOSITORY, "https://github.com/me/tool", "https://github.com/me/tool/issues", "-"]);
    const json = await runTaskJson<{ projectId: string; warning?: string }>(["project", "register"], { metadata: METADATA, repository: "https://example.org/me/tool", from: "2" });
    expect(json.warning).to.match(/^no attester can verify project 5's repository as written: .*example\.org/);

    const client = new OpenPledgeClient({ registry, escrow: world.escrowAddress, eas: world.eas }, ethers.provider);
    // The repository alone: the metadata stays.
    const fixed = await runTask(["project", "set-metadata"], { id: "3", repository: "https://github.com/me/tool", from: "2" });
    expect(fixed.failed, fixed.stderr).to.equal(false);
    expect(fixed.stdout).to.match(
      new RegExp(`^Project 3 now names repository https://github\\.com/me/tool; an attester verifies it after project verify 3; metadata ${METADATA.replace(/[./]/g, "\\$&")} \\(tx 0x[0-9a-f]{64}\\)$`),
    );
    expect(await client.getProject(3n)).to.deep.include({ repository: "https://github.com/me/tool", metadataURI: METADATA });
    // The metadata alone: the repository stays.
    await runTask(["project", "set-metadata"], { id: "3", metadata: "ipfs://new-metadata", from: "2" });
    expect(await client.getProject(3n)).to.deep.include({ repository: "https://github.com/me/tool", metadataURI: "ipfs://new-metadata" });
    // Nothing given: both set again (that confirms the repository to attesters).
    const again = await runTask(["project", "set-metadata"], { id: "3", from: "2" });
    expect(again.stdout).to.match(/^Project 3 keeps repository https:\/\/github\.com\/me\/tool, set again; an attester verifies it after project verify 3; metadata ipfs:\/\/new-metadata \(tx /);
    // A URL no attester reads is set, with the warning.
    const wrong = await runTask(["project", "set-metadata"], { id: "3", repository: "https://github.com/me/tool/issues", from: "2" });
    expect([wrong.failed, wrong.stderr]).to.deep.equal([false, issues.stderr]);
    // An empty --repository clears it.
    const cleared = await runTask(["project", "set-metadata"], { id: "3", repository: "", from: "2" });
    expect(cleared.stdout).to.match(/^Project 3 now names no repository; metadata ipfs:\/\/new-metadata \(tx 0x[0-9a-f]{64}\)$/);
    expect(cleared.stderr).to.equal(
      "Warning: project 3 names no repository, so no attester can verify it: its owner sets one with npx hardhat project set-metadata 3 --repository https://github.com/<owner>/<name>",
    );
    expect((await client.getProject(3n)).repository).to.equal("");
    // Not the owner: refused before any transaction, saying who is.
    const signers = await ethers.getSigners();
    const block = await ethers.provider.getBlockNumber();
    const stranger = await runTask(["project", "set-metadata"], { id: "3", repository: "https://github.com/me/tool", from: "0" });
    expect([stranger.failed, stranger.stderr]).to.deep.equal([
      true,
      `Error: project 3 is owned by ${signers[2]!.address}, not ${signers[0]!.address}: only its owner changes its metadata or repository; run this with --from <the owner's account>`,
    ]);
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
    const empty = await runTask(["project", "set-metadata"], { id: "3", metadata: "", from: "2" });
    expect([empty.failed, empty.stderr]).to.deep.equal([true, "Error: --metadata cannot be empty: give the metadata URI (ipfs:// or https://), or leave --metadata out to keep it"]);
  });

  it("project show asks the forge whether the attested path still leads to the attested repository: moved, not checked (with why), skipped", async () => {
    const unverified = await runTask(["project", "show"], { id: "1" });
    expect(field(unverified.stdout, "path check")).to.equal(undefined);
    await runTask(["project", "verify"], { id: "1" });
    const same = await runTask(["project", "show"], { id: "1" });
    expect(field(same.stdout, "path check")).to.equal("the attested path still leads to the attested repository (asked its forge just now)");
    const verifiedSame = field(same.stdout, "verified")!;
    expect(verifiedSame).to.match(/^yes, by OpenPledge local attester .*, proof commit [0-9a-f]{7}$/);
    // Renamed, and someone else takes the old path: the verified line says so, and the path check row warns.
    forge.renameRepository("github.com", PATH, "openpledge/elsewhere");
    forge.createRepository("github.com", PATH);
    const moved = await runTask(["project", "show"], { id: "1" });
    const warning = `github.com repository #${repositoryId} is now at openpledge/elsewhere, not ${PATH}: the old path may now belong to someone else`;
    expect(field(moved.stdout, "verified")).to.equal(`${verifiedSame}; but ${warning}`);
    expect(field(moved.stdout, "path check")).to.equal(`WARNING — ${warning}: follow the repository link only after checking it is the project's`);
    const json = await runTaskJson<{ pathCheck: { state: string; currentPath: string } }>(["project", "show"], { id: "1" });
    expect(json.pathCheck).to.deep.include({ state: "moved", currentPath: "openpledge/elsewhere" });
    // Skipped on request: the attestation alone.
    const skipped = await runTask(["project", "show"], { id: "1", skipPathCheck: true });
    expect([field(skipped.stdout, "verified"), field(skipped.stdout, "path check")]).to.deep.equal([verifiedSame, "not checked (--skip-path-check)"]);
    // A forge that cannot be asked: not checked, with why, and not a failure.
    const unreachable = await runTask(["project", "show"], { id: "1", forge: "github.com=github:http://127.0.0.1:9/github" });
    expect(unreachable.failed).to.equal(false);
    expect(field(unreachable.stdout, "verified")).to.equal(verifiedSame);
    expect(field(unreachable.stdout, "path check")).to.match(
      new RegExp(`^not checked — could not check where github\\.com repository #${repositoryId} \\(${PATH} when verified\\) is now: .+[^.] \\(the line above is what the attestation says\\)$`),
    );
    // Deleted: gone.
    forge.deleteRepository("github.com", "openpledge/elsewhere");
    expect(field((await runTask(["project", "show"], { id: "1" })).stdout, "path check")).to.equal(
      `WARNING — github.com repository #${repositoryId} (${PATH} when verified) is gone or private now: the path ${PATH} may now belong to someone else: follow the repository link only after checking it is the project's`,
    );
  });

  it("project verify by an attester the reader does not trust (--from 1) says so and how to trust it; on a local chain the one-write-a-day limit names chain advance", async () => {
    const saved = process.env.OPENPLEDGE_TRUSTED_ATTESTERS;
    delete process.env.OPENPLEDGE_TRUSTED_ATTESTERS;
    try {
      const run = await runTask(["project", "verify"], { id: "1", from: "1" });
      expect(run.failed, run.stderr).to.equal(false);
      const lines = run.stdout.split("\n");
      expect(lines[0]).to.match(/^Attested: project 1 is verified: /);
      expect(lines.at(-1)).to.equal(
        `Note: this attestation is by ${ACCOUNT_1} (0x7099…79C8), which is not on the default trusted list, so project show 1 says NO unless you add it: --attesters default,${ACCOUNT_1} (or OPENPLEDGE_TRUSTED_ATTESTERS)`,
      );
      expect(field((await runTask(["project", "show"], { id: "1" })).stdout, "verified")).to.match(/^NO — /);
      expect(field((await runTask(["project", "show"], { id: "1", attesters: `default,${ACCOUNT_1}` })).stdout, "verified")).to.match(/^yes, by /);
      // Trusted (the default attester, account #0): no note.
      const trusted = await runTask(["project", "verify"], { id: "1" });
      expect(trusted.stdout).to.not.include("Note:");
      // Account #0 revokes on a deleted proof; the file put back within 24 hours waits, and the local chain's way past it is named.
      forge.deleteFile("github.com", PATH, PROOF_FILE_PATH);
      await runTask(["project", "verify"], { id: "1" });
      forge.putFile("github.com", PATH, PROOF_FILE_PATH, proofFileText([{ chainId: 31337n, registry, projectId: 1n }]));
      const waiting = await runTask(["project", "verify"], { id: "1" });
      expect(waiting.failed).to.equal(true);
      expect(waiting.stdout.split("\n")[0]).to.match(/^Retry later: .* attested project 1 at .* and attests a project at most once per 24 hours \(it pays the gas\)/);
      expect(waiting.stdout.split("\n").at(-1)).to.equal("On this local chain, npx hardhat chain advance --days 1 moves the clock past that wait; then run project verify again");
      const advanced = await runTask(["chain", "advance"], { days: "1", seconds: "" });
      expect(advanced.failed, advanced.stderr).to.equal(false);
      expect((await runTask(["project", "verify"], { id: "1" })).stdout).to.match(/^Attested: project 1 is verified: /);
    } finally {
      if (saved === undefined) delete process.env.OPENPLEDGE_TRUSTED_ATTESTERS;
      else process.env.OPENPLEDGE_TRUSTED_ATTESTERS = saved;
    }
  });

  it("--recheck-hours is refused above 576 (a timer cannot hold more; review L4); --daily-gas-budget must be a positive amount of gas", async () => {
    expect(recheckMsOf("576")).to.equal(576 * 3_600_000);
    expect(recheckMsOf("0")).to.equal(0);
    expect(() => recheckMsOf("577")).to.throw(UsageError, "--recheck-hours must be at most 576 (24 days), not 577: for rarer rechecks, use 0 and run npx hardhat attester recheck from cron");
    expect(() => recheckMsOf("1000")).to.throw(UsageError, "--recheck-hours must be at most 576 (24 days), not 1000: ");
    const served = await runTask(["attester", "serve"], { recheckHours: "1000", port: "0" });
    expect([served.failed, served.stderr]).to.deep.equal([
      true,
      "Error: --recheck-hours must be at most 576 (24 days), not 1000: for rarer rechecks, use 0 and run npx hardhat attester recheck from cron",
    ]);
    expect([gasBudgetOf(""), gasBudgetOf("10_000_000"), gasBudgetOf("2,000,000")]).to.deep.equal([undefined, 10_000_000n, 2_000_000n]);
    const bad = await runTask(["attester", "recheck"], { dailyGasBudget: "lots" });
    expect([bad.failed, bad.stderr]).to.deep.equal([
      true,
      'Error: --daily-gas-budget must be a positive whole amount of gas, e.g. 10000000 (about 16 attestations a day), not "lots"',
    ]);
    expect(() => gasBudgetOf("0")).to.throw(UsageError, "--daily-gas-budget must be a positive whole amount of gas");
  });

  it("a second attester serve on a port in use is refused with what to do", async () => {
    const args = { host: "127.0.0.1", port: "0", recheckHours: "0", forge: forge.forgeList, from: "0", json: false, deploymentId: UNSET.deployment };
    const log = console.log;
    console.log = () => undefined;
    try {
      await serveUntil(args, hre, async (url) => {
        const port = new URL(url).port;
        const second = await runTask(["attester", "serve"], { ...args, port });
        expect([second.failed, second.stderr]).to.deep.equal([
          true,
          `Error: 127.0.0.1:${port} is already in use (another attester serve?): stop it, or give another --port (0: any free port)`,
        ]);
      });
    } finally {
      console.log = log;
    }
  });

  it("printed outcomes and verified lines escape control characters from the chain (review L7)", () => {
    const printed = outcomeText({ kind: "failed", projectId: 7n, message: "line one\nfake \u001b[2Kline\r" });
    expect(printed).to.equal("Failed: line one\nfake \\u001b[2Kline\\u000d");
    const line = verifiedLine({ known: false, reason: "a\nb\u001b]0;title\u0007" });
    expect(line).to.equal("unknown — a\\u000ab\\u001b]0;title\\u0007");
  });

  it("project show tells a chain without EAS as unknown, and refuses an --attesters list it cannot read", async () => {
    const withoutEas = new OpenPledgeClient({ registry, escrow: world.escrowAddress }, ethers.provider);
    const shown = await readVerification(withoutEas, 1n, []);
    expect(verifiedLine(shown)).to.equal(
      "unknown — chain 31337 has no Ethereum Attestation Service that OpenPledge knows of: on a local chain deploy it with npx hardhat ignition deploy deploy/modules/LocalEAS.ts " +
        "(npm run deploy:local does), elsewhere add its addresses to client/attestations.ts",
    );
    const bad = await runTask(["project", "show"], { id: "1", attesters: "0x1234" });
    expect(bad.failed).to.equal(true);
    expect(bad.stderr.split("\n")).to.have.length(1);
    expect(bad.stderr).to.match(/^Error: .*0x1234.*write the list as comma-separated entries/);
  });

  it("attester recheck prints each outcome; renews within 30 days of expiry", async () => {
    const empty = await runTask(["attester", "recheck"], {});
    expect(empty.stdout).to.equal("This attester holds no live attestation of any project of this deployment: nothing to recheck (project verify <id> attests one)");
    const first = await runTaskJson<AttestedJson>(["project", "verify"], { id: "1" });
    await networkHelpers.time.increaseTo(BigInt(first.attestation.expirationTime) - 30n * DAY);
    const run = await runTask(["attester", "recheck"], {});
    expect(run.failed).to.equal(false);
    const lines = run.stdout.split("\n");
    expect(lines[0]).to.match(/^project 1: Attested: project 1 is verified: .*; it replaces 1 earlier attestation, now revoked$/);
    expect(lines.at(-1)).to.equal(`revoked ${first.attestation.uid}`);
  });
});
