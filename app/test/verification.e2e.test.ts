/**
 * Verified repositories in the web app, in headless Chromium: the seeded project 1 verified by the local default
 * attester (badge, repository and its numeric id, the forge confirming its path), project 2 unverified (the warning),
 * the same beside a campaign's pledge form; Settings changing the trusted attesters (the badge turns into the warning
 * and back); and, on projects this test registers and attests, a repository moved on the local forge, a revoked
 * attestation, one void because the project changed its repository, and one expired.
 * No indexer here: the project page and the pledge form read the attestations from the chain.
 */
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";
import { JsonRpcProvider, ZeroHash } from "ethers";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { build, preview, type PreviewServer } from "vite";

import { easContract, encodeRepositoryClaim, formatDate, OpenPledgeClient, REPOSITORY_SCHEMA_UID, type OpenPledgeAddresses, type RepositoryAttestation } from "../../client/index.js";
import { readDeployment } from "../../client/node.js";
import { startLocalForge, type LocalForge } from "../../scripts/lib/local-forge.js";
import { freePort, startLocalNode, type LocalNode } from "../../scripts/lib/local-node.js";
import { startDocumentHost, type DocumentHost } from "../scripts/documents.js";
import { deployAndSeed, SEEDED_REPOSITORY } from "../scripts/seed.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const REPORTS = path.resolve("reports", "app");
const DAY = 86_400n;
const LOCAL_ATTESTER = "OpenPledge local attester";
const SCOPE = "Verified means an attester you trust checked that this project's maintainers control this repository; it does not vouch for the campaign, the payout address or delivery.";
/** A day as the app writes it: "Fri 27 Nov 2026" in the browser's zone (the test's). */
const day = (seconds: bigint) => formatDate(seconds).split(",")[0];

describe("web app: verified repositories (headless Chromium, local forge)", function () {
  this.timeout(240_000);
  let node: LocalNode | undefined;
  let documents: DocumentHost | undefined;
  let forge: LocalForge | undefined;
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  let provider: JsonRpcProvider;
  let addresses: OpenPledgeAddresses;
  let deploymentId = "";
  let appUrl = "";
  const outDir = path.resolve("app", "dist-verification-e2e");

  before(async () => {
    node = await startLocalNode();
    deploymentId = `app-verification-${node.port}`;
    documents = await startDocumentHost();
    forge = await startLocalForge();
    await deployAndSeed(node.rpcUrl, deploymentId, documents, { forge });
    addresses = await readDeployment(path.resolve("deploy", "deployments"), deploymentId);
    provider = new JsonRpcProvider(node.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });

    // The production build, knowing only this deployment, no indexer, and the local forge's API bases.
    process.env.OPENPLEDGE_DEPLOYMENT_IDS = deploymentId;
    process.env.OPENPLEDGE_RPC_URL = node.rpcUrl;
    process.env.OPENPLEDGE_IPFS_GATEWAY = documents.gateway;
    process.env.OPENPLEDGE_FORGES = forge.forgeList;
    delete process.env.OPENPLEDGE_INDEXER_URL;
    const configFile = path.resolve("app", "vite.config.ts");
    await build({ configFile, logLevel: "warn", build: { outDir } });
    const port = await freePort();
    server = await preview({ configFile, build: { outDir }, preview: { host: "127.0.0.1", port, strictPort: true } });
    appUrl = `http://127.0.0.1:${port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    await mkdir(REPORTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.httpServer.close(() => resolve())));
    provider?.destroy();
    await forge?.close();
    await node?.stop();
    await documents?.stop();
    delete process.env.OPENPLEDGE_DEPLOYMENT_IDS;
    delete process.env.OPENPLEDGE_RPC_URL;
    delete process.env.OPENPLEDGE_IPFS_GATEWAY;
    delete process.env.OPENPLEDGE_FORGES;
    await rm(outDir, { recursive: true, force: true });
    if (deploymentId !== "") await rm(path.resolve("deploy", "deployments", deploymentId), { recursive: true, force: true });
  });

  /** A browser context of its own (its own localStorage: its own trusted attesters). */
  async function context(): Promise<BrowserContext> {
    if (browser === undefined) throw new Error("no browser");
    return browser.newContext({ viewport: { width: 1100, height: 900 }, timezoneId: TIME_ZONE });
  }

  /** Opens `route` and waits for its verification (or the settings) to be shown. */
  async function show(page: Page, route: string): Promise<void> {
    await rendered(page, route);
    await page.waitForSelector('[data-testid="verification"], [data-testid="trust-settings"], [data-testid="page-error"]');
  }

  /**
   * Opens `route` (the same route again: reloads) and waits until the app rendered it: the old page's ready mark is
   * removed first, so that a page still showing is never read as the new one.
   */
  async function rendered(page: Page, route: string): Promise<void> {
    const target = `${appUrl}${route}`;
    if (page.url().startsWith(appUrl)) await page.evaluate(() => document.querySelector("#content")?.removeAttribute("data-ready"));
    if (page.url() === target) await page.reload();
    else await page.goto(target);
    await page.waitForSelector("#content[data-ready]");
  }

  /** An element's text, its white space collapsed (dates keep no-break spaces: read as spaces). */
  const text = async (page: Page, id: string) => ((await page.textContent(`[data-testid="${id}"]`)) ?? "").replace(/[\s\u00a0]+/g, " ").trim();

  /** The status banner's message. */
  const banner = async (page: Page) => ((await page.textContent("#status")) ?? "").replace(/[\s\u00a0]+/g, " ").trim();

  /** The path check's answer once the forge replied. */
  async function pathCheck(page: Page): Promise<{ state: string; text: string }> {
    await page.waitForSelector('[data-testid="verification-path"][data-state]');
    return { state: (await page.getAttribute('[data-testid="verification-path"]', "data-state")) ?? "", text: await text(page, "verification-path") };
  }

  const reader = () => new OpenPledgeClient(addresses, provider);
  const latestOf = async (projectId: bigint): Promise<RepositoryAttestation> => {
    const found = await reader().verification.attestationsOf(projectId);
    const latest = found.at(-1);
    if (latest === undefined) throw new Error(`project ${projectId} has no attestation`);
    return latest;
  };
  const chainNow = async () => BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);

  /** Attests, as account 0 (the local default attester), that `projectId` controls `repository` (id `repositoryId`). */
  async function attest(projectId: bigint, repository: string, repositoryPath: string, repositoryId: bigint, validFor: bigint): Promise<RepositoryAttestation> {
    const eas = easContract(addresses.eas?.eas ?? "", await provider.getSigner(0));
    const claim = { registry: addresses.registry, chainId: 31337n, projectId, forgeHost: "github.com", repositoryId, repositoryPath, repository, proofCommit: "a".repeat(40) };
    const sent = (await eas.getFunction("attest")({
      schema: REPOSITORY_SCHEMA_UID,
      data: { recipient: addresses.registry, expirationTime: (await chainNow()) + validFor, revocable: true, refUID: ZeroHash, data: encodeRepositoryClaim(claim), value: 0n },
    })) as { wait(): Promise<unknown> };
    await sent.wait();
    return latestOf(projectId);
  }

  /** Registers a project as account 1 with `repository`, and creates it on the local forge. */
  async function registered(repository: string, repositoryPath: string): Promise<{ projectId: bigint; repositoryId: bigint }> {
    const owner = new OpenPledgeClient(addresses, await provider.getSigner(1));
    const name = repositoryPath.split("/")[1] ?? repositoryPath;
    const metadataURI = documents?.put(`/projects/${name}.json`, `${JSON.stringify({ name, summary: `The ${name} project.` })}\n`) ?? "";
    const { projectId } = await owner.registerProject({ metadataURI, repository, payout: await (await provider.getSigner(1)).getAddress() });
    const repositoryId = forge?.createRepository("github.com", repositoryPath) ?? 0n;
    return { projectId, repositoryId };
  }

  it("the seeded project 1 is verified (badge, repository id, the forge confirms its path); project 2 is not; the pledge forms say the same", async () => {
    const seeded = await latestOf(1n);
    const browserContext = await context();
    const page = await browserContext.newPage();
    await show(page, "#/project/1");
    expect(await page.getAttribute('[data-testid="verification"]', "data-state")).to.equal("verified");
    expect(await text(page, "verified-badge")).to.equal(`✓ Verified by ${LOCAL_ATTESTER} on ${day(seeded.time)}, until ${day(seeded.expirationTime)}`);
    expect(seeded.expirationTime - seeded.time).to.equal(90n * DAY);
    expect(await text(page, "verified-repository")).to.equal(
      `This project controls github.com/${SEEDED_REPOSITORY.path} (repository #${seeded.repositoryId}): ${LOCAL_ATTESTER} read its proof file at commit ${seeded.proofCommit.slice(0, 7)}. You choose whom you trust in Settings.`,
    );
    expect(await text(page, "verification-scope")).to.equal(SCOPE);
    expect(await pathCheck(page)).to.deep.equal({ state: "same", text: `github.com confirms that repository #${seeded.repositoryId} is still at ${SEEDED_REPOSITORY.path}.` });
    expect(await page.textContent("#content")).not.to.match(/\b1[6-9]\d{8}\b|\bseconds\b/);
    await page.screenshot({ path: path.join(REPORTS, "verification-verified.png"), fullPage: true });
    // The forge limiting requests: one plain sentence (no address, no command-line advice); the badge stands.
    forge?.rateLimit("github.com", Math.floor(Date.now() / 1000) + 3_600);
    await show(page, "#/project/1");
    expect(await pathCheck(page)).to.deep.equal({
      state: "unknown",
      text: `github.com could not be asked just now whether the repository is still at ${SEEDED_REPOSITORY.path}; the verification above stands as the attester checked it, and you can reload the page later to check again.`,
    });
    expect(await page.getAttribute('[data-testid="verified-badge"]', "class")).to.equal("verified");
    forge?.rateLimit("github.com", 0);

    await show(page, "#/project/2");
    expect(await page.getAttribute('[data-testid="verification"]', "data-state")).to.equal("unverified");
    expect(await page.locator('[data-testid="verified-badge"]').count()).to.equal(0);
    expect(await text(page, "verification-warning")).to.equal(
      "Not verified. Anyone can register any repository URL: nobody you trust has checked that this project controls https://github.com/example/lib. Check on the repository itself that its .well-known/openpledge.json names project 2 on chain 31337. Ask the maintainers to have it verified (they commit .well-known/openpledge.json to the repository and ask an attester to check it), or, if someone you trust has verified it, add them in Settings.",
    );
    await page.screenshot({ path: path.join(REPORTS, "verification-unverified.png"), fullPage: true });

    // Beside the pledge form of a funding campaign: campaign 4 (project 1) verified, campaign 6 (project 2) not.
    await show(page, "#/campaign/4");
    expect(await text(page, "verified-badge")).to.match(new RegExp(`^✓ Verified by ${LOCAL_ATTESTER} on `));
    // Beside the Pledge button: a heading saying what the badge is about, and what "verified" does not cover.
    expect(await text(page, "verification-heading")).to.equal("Repository");
    expect(await text(page, "verification-scope")).to.equal(SCOPE);
    expect((await pathCheck(page)).state).to.equal("same");
    await show(page, "#/campaign/6");
    expect(await text(page, "verification-warning")).to.contain("nobody you trust has checked that this project controls https://github.com/example/lib. Check on the repository itself that its .well-known/openpledge.json names project 2 on chain 31337 before you pledge.");
    // A feature request's pledge form too: one asked of project 1 (verified), one of project 2 (not).
    const asker = new OpenPledgeClient(addresses, await provider.getSigner(3));
    const expiry = (await chainNow()) + 40n * DAY;
    const askedOf1 = (await asker.openRequest({ projectId: 1n, token: "ETH", expiry, specURI: "https://github.com/openpledge/openpledge/issues/90" })).requestId;
    const askedOf2 = (await asker.openRequest({ projectId: 2n, token: "ETH", expiry, specURI: "https://github.com/example/lib/issues/90" })).requestId;
    await show(page, `#/request/${askedOf1}`);
    expect(await text(page, "verified-badge")).to.match(new RegExp(`^✓ Verified by ${LOCAL_ATTESTER} on `));
    await show(page, `#/request/${askedOf2}`);
    expect(await page.getAttribute('[data-testid="verification"]', "data-state")).to.equal("unverified");
    expect(await text(page, "verification-warning")).to.contain("before you pledge.");
    // A campaign that no longer funds has no pledge form: no verification there.
    await rendered(page, "#/campaign/1");
    expect(await text(page, "state")).to.equal("Failed");
    expect(await page.locator('[data-testid="verification"]').count()).to.equal(0);
    await browserContext.close();
  });

  it("settings: removing the default attester turns the badge into the warning; adding it back (with a name) restores it; reset brings the default", async () => {
    const browserContext = await context();
    const page = await browserContext.newPage();
    await show(page, "#/settings");
    expect(await text(page, "attester-name-0")).to.equal(LOCAL_ATTESTER);
    // No empty warning strip before any refusal.
    expect(await page.isHidden('[data-testid="trust-error"]')).to.equal(true);
    expect(await text(page, "attester-address-0")).to.equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    expect(await page.isDisabled('[data-testid="reset-attesters"]')).to.equal(true);
    await page.click('[data-testid="remove-attester-0"]');
    await page.waitForSelector('[data-testid="trust-empty"]');
    expect(await banner(page)).to.equal(`You no longer trust ${LOCAL_ATTESTER} (0xf39F…2266). You trust no attester now: no project shows as verified until you add one or reset to the default.`);

    await show(page, "#/project/1");
    expect(await page.getAttribute('[data-testid="verification"]', "data-state")).to.equal("unverified");
    expect(await text(page, "verification-warning")).to.match(/^Not verified\. Anyone can register any repository URL: nobody you trust has checked that this project controls https:\/\/github\.com\/openpledge\/openpledge\./);
    // Read from the chain (no indexer here), only the trusted attesters' attestations are asked for: none is named
    // as untrusted (app.e2e.test.ts checks that line with the indexer, which answers every attester's).
    expect(await page.locator('[data-testid="verification-untrusted"]').count()).to.equal(0);

    // Refusals say what to write; then the attester goes back in under a name of the reader's own.
    await show(page, "#/settings");
    await page.fill('[data-testid="attester-address"]', "0x1234");
    await page.fill('[data-testid="attester-name"]', "Mine");
    await page.click('[data-testid="add-attester"]');
    expect(await text(page, "trust-error")).to.equal('"0x1234" is not an address: paste the attester\'s address, 0x followed by 40 hexadecimal characters.');
    await page.fill('[data-testid="attester-address"]', "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    await page.fill('[data-testid="attester-name"]', " ");
    await page.click('[data-testid="add-attester"]');
    expect(await text(page, "trust-error")).to.equal("Give the attester a name you will recognise, e.g. \"Alice's attester\".");
    await page.fill('[data-testid="attester-name"]', "My own local attester");
    await page.click('[data-testid="add-attester"]');
    await page.waitForSelector('[data-testid="attester-name-0"]');
    expect(await text(page, "attester-name-0")).to.equal("My own local attester");
    expect(await banner(page)).to.equal("You now trust My own local attester (0xf39F…2266) on the local chain (31337).");
    await page.fill('[data-testid="attester-address"]', "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    await page.fill('[data-testid="attester-name"]', "Again");
    await page.click('[data-testid="add-attester"]');
    expect(await text(page, "trust-error")).to.equal('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 is in your list already, as "My own local attester": remove it first to give it another name.');
    // The refusal replaces the message of the addition before it.
    expect(await page.isHidden("#status")).to.equal(true);
    await page.screenshot({ path: path.join(REPORTS, "verification-settings.png"), fullPage: true });

    await show(page, "#/project/1");
    expect(await text(page, "verified-badge")).to.match(/^✓ Verified by My own local attester on /);
    // The list is this browser's: another browser (context) still has the default.
    const other = await context();
    const fresh = await other.newPage();
    await show(fresh, "#/project/1");
    expect(await text(fresh, "verified-badge")).to.match(new RegExp(`^✓ Verified by ${LOCAL_ATTESTER} on `));
    await other.close();

    // At 390 px the settings page and the project page's verification scroll no wider than the screen.
    const narrow = await browserContext.newPage();
    await narrow.setViewportSize({ width: 390, height: 800 });
    for (const route of ["#/settings", "#/project/1", "#/campaign/6"]) {
      await show(narrow, route);
      expect(await narrow.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), route).to.equal(true);
    }
    await narrow.close();

    await show(page, "#/settings");
    await page.click('[data-testid="reset-attesters"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="attester-name-0"]')?.textContent === "OpenPledge local attester");
    expect(await page.isDisabled('[data-testid="reset-attesters"]')).to.equal(true);
    await show(page, "#/project/1");
    expect(await text(page, "verified-badge")).to.match(new RegExp(`^✓ Verified by ${LOCAL_ATTESTER} on `));
    await browserContext.close();
  });

  it("a repository moved on the forge is a warning; a revoked attestation, one for a repository the project changed since, and an expired one are each told with their dates", async () => {
    const browserContext = await context();
    const page = await browserContext.newPage();

    // Moved: the forge answers repository #id at another path (the old one may go to someone else).
    const moved = await registered("https://github.com/acme/widget", "acme/widget");
    const attestation = await attest(moved.projectId, "https://github.com/acme/widget", "acme/widget", moved.repositoryId, 90n * DAY);
    await show(page, `#/project/${moved.projectId}`);
    expect(await text(page, "verification"), `${JSON.stringify((await reader().getProject(moved.projectId)).repository)} ${JSON.stringify(attestation.repository)}`).to.match(/Verified by/);
    expect(await text(page, "verified-badge")).to.match(new RegExp(`^✓ Verified by ${LOCAL_ATTESTER} on `));
    expect((await pathCheck(page)).state).to.equal("same");
    forge?.renameRepository("github.com", "acme/widget", "acme/gadget");
    await show(page, `#/project/${moved.projectId}`);
    const check = await pathCheck(page);
    expect(check.state).to.equal("moved");
    expect(check.text).to.match(/^Repository moved\. .*acme\/gadget.*acme\/widget.*someone else.*\. Pledge only once the maintainers set the project's repository to the new address and have it verified again\.$/);
    expect(await page.getAttribute('[data-testid="verified-badge"]', "class")).to.equal("warning");
    expect(await text(page, "verified-badge")).to.equal(`Verified by ${LOCAL_ATTESTER} on ${day(attestation.time)}, but the repository has moved since: see below.`);
    // One message: the repository line no longer says the project controls it.
    expect(await text(page, "verified-repository")).to.equal(
      `When it was verified, this project controlled github.com/acme/widget (repository #${moved.repositoryId}): ${LOCAL_ATTESTER} read its proof file at commit aaaaaaa. You choose whom you trust in Settings.`,
    );
    expect(await page.getAttribute('[data-testid="verification"]', "data-state")).to.equal("moved");
    await page.screenshot({ path: path.join(REPORTS, "verification-moved.png"), fullPage: true });

    // Revoked by the attester: the badge goes, the warning gives both dates.
    const eas = easContract(addresses.eas?.eas ?? "", await provider.getSigner(0));
    await ((await eas.getFunction("revoke")({ schema: REPOSITORY_SCHEMA_UID, data: { uid: attestation.uid, value: 0n } })) as { wait(): Promise<unknown> }).wait();
    const revoked = await latestOf(moved.projectId);
    expect(revoked.revocationTime).to.be.greaterThan(0n);
    await show(page, `#/project/${moved.projectId}`);
    expect(await page.getAttribute('[data-testid="verification"]', "data-state")).to.equal("revoked");
    expect(await page.locator('[data-testid="verified-badge"]').count()).to.equal(0);
    expect(await text(page, "verification-warning")).to.equal(
      `Verification revoked. ${LOCAL_ATTESTER} verified github.com/acme/widget (repository #${moved.repositoryId}) on ${day(attestation.time)} and revoked it on ${day(revoked.revocationTime)} (an attester revokes when the proof file is gone, names another project, or the repository moved). Anyone can register any repository URL: nobody you trust has checked that this project controls https://github.com/acme/widget. Ask the maintainers to have it verified (they commit .well-known/openpledge.json to the repository and ask an attester to check it) again.`,
    );

    // Repository changed: a live attestation of the old string is void once the project names another.
    const changed = await registered("https://github.com/acme/tool", "acme/tool");
    const before = await attest(changed.projectId, "https://github.com/acme/tool", "acme/tool", changed.repositoryId, 90n * DAY);
    const owner = new OpenPledgeClient(addresses, await provider.getSigner(1));
    await owner.setProjectMetadata(changed.projectId, (await owner.getProject(changed.projectId)).metadataURI, "https://github.com/someone-else/tool");
    await show(page, `#/project/${changed.projectId}`);
    expect(await page.getAttribute('[data-testid="verification"]', "data-state")).to.equal("repository-changed");
    expect(await text(page, "verification-warning")).to.equal(
      `Repository changed since it was verified. ${LOCAL_ATTESTER} verified https://github.com/acme/tool on ${day(before.time)}, but the project changed its repository since to https://github.com/someone-else/tool: the project changed its repository after the attestation, and nobody you trust has checked the new one. Ask the maintainers to have it verified (they commit .well-known/openpledge.json to the repository and ask an attester to check it).`,
    );

    // Expired: an attestation for an hour, and the chain's clock two hours on.
    const brief = await registered("https://github.com/acme/brief", "acme/brief");
    const short = await attest(brief.projectId, "https://github.com/acme/brief", "acme/brief", brief.repositoryId, 3_600n);
    await show(page, `#/project/${brief.projectId}`);
    expect(await page.getAttribute('[data-testid="verification"]', "data-state")).to.equal("verified");
    await provider.send("evm_increaseTime", [7_200]);
    await provider.send("evm_mine", []);
    await show(page, `#/project/${brief.projectId}`);
    expect(await page.getAttribute('[data-testid="verification"]', "data-state")).to.equal("expired");
    expect(await text(page, "verification-warning")).to.equal(
      `Verification expired. ${LOCAL_ATTESTER} verified github.com/acme/brief (repository #${brief.repositoryId}) on ${day(short.time)}; that ended on ${day(short.expirationTime)} and nobody you trust has checked it since. Anyone can register any repository URL: nobody you trust has checked that this project controls https://github.com/acme/brief today. Ask the maintainers to have it verified (they commit .well-known/openpledge.json to the repository and ask an attester to check it) again.`,
    );
    await browserContext.close();
  });

  it("an impostor registering project 1's repository: both cards say so, with project numbers; its page names the verified project 1, and so does its pledge form", async () => {
    const impostorSigner = await provider.getSigner(12);
    const impostorClient = new OpenPledgeClient(addresses, impostorSigner);
    const metadataURI = documents?.put("/projects/impostor.json", `${JSON.stringify({ name: "OpenPledge", summary: "All-or-nothing crowdfunding." })}\n`) ?? "";
    const { projectId } = await impostorClient.registerProject({ metadataURI, repository: `${SEEDED_REPOSITORY.url}/`, payout: await impostorSigner.getAddress() });
    const browserContext = await context();
    const page = await browserContext.newPage();
    // No indexer here: the list reads every project from the registry's events and compares their repositories.
    await rendered(page, "#/");
    expect(await text(page, `project-twins-${projectId}`)).to.equal("Project #1 names the same repository: check which one you mean.");
    expect(await text(page, "project-twins-1")).to.equal(`Project #${projectId} names the same repository: check which one you mean.`);
    expect(await page.locator('[data-testid="project-twins-2"]').count()).to.equal(0);
    expect(await text(page, `project-facts-${projectId}`)).to.match(new RegExp(`^Project ${projectId} · owner 0x[0-9a-fA-F]{4}…[0-9a-fA-F]{4} · pays out to `));
    await page.screenshot({ path: path.join(REPORTS, "verification-impostor-list.png"), fullPage: true });

    await show(page, `#/project/${projectId}`);
    expect(await page.getAttribute('[data-testid="verification"]', "data-state")).to.equal("unverified");
    expect(await text(page, "verification-twin")).to.equal("Project #1 is verified for this repository; this one is not. Make sure you are funding the project you mean.");
    expect(await page.getAttribute('[data-testid="verification-twin-link-1"]', "href")).to.equal("#/project/1");
    await page.screenshot({ path: path.join(REPORTS, "verification-impostor.png"), fullPage: true });
    // Its campaign's pledge form says the same.
    const deadline = (await chainNow()) + 30n * DAY;
    const { campaignId } = await impostorClient.openCampaign({ projectId, specURI: "https://github.com/openpledge/openpledge/issues/99", token: "ETH", goal: "1", deadline });
    await show(page, `#/campaign/${campaignId}`);
    expect(await text(page, "verification-heading")).to.equal("Repository");
    expect(await text(page, "verification-twin")).to.equal("Project #1 is verified for this repository; this one is not. Make sure you are funding the project you mean.");
    // Project 1, verified, is never told so; nor is project 2 (another repository).
    await show(page, "#/project/1");
    expect(await page.locator('[data-testid="verified-badge"]').count()).to.equal(1);
    expect(await page.locator('[data-testid="verification-twin"]').count()).to.equal(0);
    await show(page, "#/project/2");
    expect(await page.locator('[data-testid="verification-twin"]').count()).to.equal(0);
    await browserContext.close();
  });
});
