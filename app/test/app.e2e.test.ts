import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";

import { expect } from "chai";
import { JsonRpcProvider, parseEther } from "ethers";
import { chromium, type Browser, type Page } from "playwright-core";
import { build, preview, type PreviewServer } from "vite";

import { freePort, startLocalNode, type LocalNode } from "../../scripts/lib/local-node.js";
import { PledgeEscrow__factory, ProjectRegistry__factory } from "../../typechain-types/index.js";
import { formatDate, readDeployment } from "../../client/node.js";
import { OpenPledgeClient, specHashOf } from "../../client/index.js";
import { startDocumentHost, type DocumentHost } from "../scripts/documents.js";
import { deployAndSeed } from "../scripts/seed.js";
import { installWallet, type WalletControl } from "./wallet.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The browser shows local dates: it runs in this process's time zone, so the test can write the same dates. */
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const REPORTS = path.resolve("reports", "app");

describe("web app in headless Chromium, with an injected EIP-6963 wallet", function () {
  this.timeout(300_000);
  let node: LocalNode | undefined;
  let server: PreviewServer | undefined;
  let documents: DocumentHost | undefined;
  let browser: Browser | undefined;
  let provider: JsonRpcProvider;
  let appUrl = "";
  let accounts: string[] = [];
  let deploymentId = "";
  let escrowAddress = "";
  const outDir = path.resolve("app", "dist-e2e");

  before(async () => {
    node = await startLocalNode();
    deploymentId = `app-e2e-${node.port}`;
    documents = await startDocumentHost();
    await deployAndSeed(node.rpcUrl, deploymentId, documents);
    escrowAddress = (await readDeployment(path.resolve("deploy", "deployments"), deploymentId)).escrow;
    provider = new JsonRpcProvider(node.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
    accounts = (await provider.send("eth_accounts", [])) as string[];

    // The production build, as `npm run build:app` makes it, knowing only this test's deployment.
    process.env.OPENPLEDGE_DEPLOYMENT_IDS = deploymentId;
    process.env.OPENPLEDGE_RPC_URL = node.rpcUrl;
    process.env.OPENPLEDGE_IPFS_GATEWAY = documents.gateway;
    const configFile = path.resolve("app", "vite.config.ts");
    await build({ configFile, logLevel: "warn", build: { outDir } });
    const port = await freePort();
    server = await preview({ configFile, build: { outDir }, preview: { host: "127.0.0.1", port, strictPort: true } });
    appUrl = `http://127.0.0.1:${port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Every host but this machine fails at once: no test reaches the network (issue pages are not fetched).
      args: ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    await mkdir(REPORTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.httpServer.close(() => resolve())));
    provider?.destroy();
    await node?.stop();
    await documents?.stop();
    delete process.env.OPENPLEDGE_DEPLOYMENT_IDS;
    delete process.env.OPENPLEDGE_RPC_URL;
    delete process.env.OPENPLEDGE_IPFS_GATEWAY;
    await rm(outDir, { recursive: true, force: true });
    if (deploymentId !== "") await rm(path.resolve("deploy", "deployments", deploymentId), { recursive: true, force: true });
  });

  async function open(route: string, control: WalletControl, options: Parameters<typeof installWallet>[3] & { width?: number } = {}): Promise<Page> {
    if (browser === undefined) throw new Error("no browser");
    const page = await browser.newPage({ viewport: { width: options.width ?? 1100, height: 900 }, timezoneId: TIME_ZONE });
    await installWallet(page, provider, control, options);
    await page.goto(`${appUrl}${route}`);
    await page.waitForSelector("#content[data-ready]");
    return page;
  }

  /** Clicks a wallet's button and waits until the page has rendered again for the connected account. */
  async function connect(page: Page, rdns = "org.openpledge.testwallet"): Promise<void> {
    const before = await page.getAttribute("#content", "data-ready");
    await page.click(`[data-testid="wallet-${rdns}"]`);
    await page.waitForSelector('[data-testid="account"]');
    await page.waitForFunction((ticket) => document.querySelector("#content")?.getAttribute("data-ready") !== ticket, before);
  }

  async function settled(page: Page): Promise<{ state: string; text: string }> {
    const banner = page.locator("#status");
    await page.waitForFunction(() => {
      const state = document.querySelector<HTMLElement>("#status")?.dataset.state;
      return state !== undefined && state !== "pending";
    });
    return { state: (await banner.getAttribute("data-state")) ?? "", text: (await banner.textContent()) ?? "" };
  }

  /** An element's text, its white space collapsed (dates keep no-break spaces so as never to break: read as spaces). */
  const text = async (page: Page, id: string) => ((await page.textContent(`[data-testid="${id}"]`)) ?? "").replace(/[\s\u00a0]+/g, " ").trim();

  it("shows projects, a project's campaigns and a campaign with its milestones (screenshots in reports/app)", async () => {
    const page = await open("#/", { account: accounts[3] ?? "", rejectNext: false });
    await page.waitForSelector('[data-testid="project-link-2"]');
    await page.screenshot({ path: path.join(REPORTS, "projects.png"), fullPage: true });
    // Titles and summaries come from the projects' metadata documents (on IPFS, through the configured gateway).
    expect(await text(page, "project-link-1")).to.equal("OpenPledge");
    expect(await text(page, "project-summary-2")).to.equal("A small parsing library, funded one issue at a time.");
    await page.click('[data-testid="project-link-1"]');
    await page.waitForSelector('[data-testid="campaign-link-5"]');
    expect(await text(page, "project-title")).to.equal("OpenPledge");
    expect(await page.innerHTML('[data-testid="project-description"]')).to.contain("<strong>specific work</strong>");
    // Campaigns are titled by their spec documents; an issue page is no document: the chain's name and the link.
    expect(await text(page, "campaign-link-5")).to.equal("Stablecoin pledges");
    expect(await text(page, "campaign-link-1")).to.equal("Campaign 1");
    // The spec URI is read from the opening event and shown because it hashes to what the escrow stores.
    expect(await text(page, "campaign-spec-2")).to.equal("https://github.com/openpledge/openpledge/issues/12");
    await page.screenshot({ path: path.join(REPORTS, "project.png"), fullPage: true });
    await page.click('[data-testid="campaign-link-3"]');
    await page.waitForSelector('[data-testid="milestone-1"]');
    expect(await text(page, "state")).to.equal("Succeeded");
    expect(await text(page, "campaign-title")).to.equal("Web app for backers");
    expect(await text(page, "spec")).to.match(/^Funds ipfs:\/\/b[a-z2-7]{58} \(document pinned by its content hash\)$/);
    expect(await text(page, "spec-verified")).to.equal("This document is the one pinned by its content hash when the campaign opened.");
    expect(await text(page, "deliverables")).to.contain("Release 0.9");
    expect(await text(page, "fee")).to.match(/^\d+(\.\d+)?% of what is claimed$/);
    expect(await text(page, "milestone-0")).to.match(/50%.*in review until/);
    expect(await text(page, "objections")).to.match(
      /^Objections: 1\.5 ETH — the milestone is rejected above 1\.75 ETH \(50% of the pledges that carry objection weight\)\.$/,
    );
    // The delivery under review, and how concentrated the objection weight is.
    expect(await text(page, "review")).to.match(/^Under review: milestone 1, delivered at https:\/\/github\.com\/openpledge\/openpledge\/releases\/tag\/v0\.9\. If objections pass the threshold by .+, the campaign is rejected/);
    expect(await text(page, "check-largest")).to.equal("The largest pledge holds 57.14% of the objection weight; the 2 largest hold 100% (2 backers in all).");
    expect(await text(page, "check-maintainers")).to.equal("The project's maintainers' own addresses hold 0% of the objection weight.");
    expect(await text(page, "check-threshold")).to.equal("A milestone is rejected when objections pass 50% of the weight (1.75 ETH).");
    expect(await text(page, "weight-cutoff")).to.match(/^Pledges after .+ carry no objection weight: they count toward the goal, but give no say/);
    await page.screenshot({ path: path.join(REPORTS, "campaign-milestones.png"), fullPage: true });
    await page.close();
  });

  it("a backer chooses among wallets, connects, pledges ETH and sees the progress bar move", async () => {
    const control = { account: accounts[3] ?? "", rejectNext: false };
    const page = await open("#/campaign/4", control, {
      wallets: [
        { name: "Test Wallet", rdns: "org.openpledge.testwallet" },
        { name: "Other Wallet", rdns: "org.example.other" },
      ],
    });
    expect(await page.locator('[data-testid^="wallet-"]').count()).to.equal(2);
    await connect(page);
    expect(await text(page, "progress-text")).to.equal("1.75 ETH pledged of 5 ETH (35%)");
    expect(await text(page, "your-pledge")).to.equal("1.25 ETH");
    await page.fill('[data-testid="pledge-amount"]', "1");
    await page.click('[data-testid="pledge-button"]');
    expect((await settled(page)).state).to.equal("confirmed");
    await page.waitForSelector('[data-testid="progress-text"]:has-text("55%")');
    expect(await text(page, "progress-text")).to.equal("2.75 ETH pledged of 5 ETH (55%)");
    expect(await page.getAttribute('[data-testid="bar"]', "style")).to.equal("width:55%");
    expect(await text(page, "your-pledge")).to.equal("2.25 ETH");
    expect(await PledgeEscrow__factory.connect(escrowAddress, provider).pledgeOf(4n, control.account)).to.equal(parseEther("2.25"));
    await page.screenshot({ path: path.join(REPORTS, "campaign-pledged.png"), fullPage: true });

    // A rejected signature is a notice, not an error page; nothing changes.
    control.rejectNext = true;
    await page.fill('[data-testid="pledge-amount"]', "1");
    await page.click('[data-testid="pledge-button"]');
    const rejected = await settled(page);
    expect(rejected).to.deep.equal({ state: "info", text: "You rejected the request in your wallet; nothing was sent." });
    expect(await text(page, "progress-text")).to.equal("2.75 ETH pledged of 5 ETH (55%)");

    // A revert shows the custom error in plain words.
    await page.fill('[data-testid="withdraw-amount"]', "5");
    await page.click('[data-testid="withdraw-button"]');
    const reverted = await settled(page);
    expect(reverted.state).to.equal("failed");
    expect(reverted.text).to.match(/^The contract refused: InsufficientPledge: asked .*5 ETH but the pledge is 2\.25 ETH/);

    // More than the wallet holds: a plain message, not ethers' "could not coalesce error".
    await page.fill('[data-testid="pledge-amount"]', "100000");
    await page.click('[data-testid="pledge-button"]');
    const broke = await settled(page);
    expect(broke.state).to.equal("failed");
    expect(broke.text).not.to.match(/coalesce|0x[0-9a-f]{40}/i);
    expect(broke.text).to.match(/enough/i);
    await page.screenshot({ path: path.join(REPORTS, "campaign-revert.png"), fullPage: true });
    await page.close();
  });

  it("pledges an ERC-20 with a permit signed in the wallet", async () => {
    const page = await open("#/campaign/5", { account: accounts[4] ?? "", rejectNext: false });
    await connect(page);
    expect(await text(page, "progress-text")).to.equal("2,500 PUSD pledged of 10,000 PUSD (25%)");
    await page.fill('[data-testid="pledge-amount"]', "100");
    await page.click('[data-testid="pledge-button"]');
    expect((await settled(page)).state).to.equal("confirmed");
    await page.waitForSelector('[data-testid="progress-text"]:has-text("2,600")');
    expect(await text(page, "your-pledge")).to.equal("100 PUSD");
    await page.close();
  });

  it("a backer of a failed campaign takes their refund", async () => {
    const backer = accounts[2] ?? "";
    const page = await open("#/campaign/1", { account: backer, rejectNext: false });
    await connect(page);
    expect(await text(page, "state")).to.equal("Failed");
    expect(await text(page, "your-pledge")).to.equal("1 ETH");
    const before = await provider.getBalance(backer);
    await page.click('[data-testid="refund-button"]');
    expect((await settled(page)).state).to.equal("confirmed");
    await page.waitForSelector('[data-testid="your-pledge"]:has-text("0 ETH")');
    const after = await provider.getBalance(backer);
    expect(after > before).to.equal(true);
    expect(after - before < parseEther("1")).to.equal(true); // 1 ETH back, minus the gas
    expect(await PledgeEscrow__factory.connect(escrowAddress, provider).pledgeOf(1n, backer)).to.equal(0n);
    await page.close();
  });

  it("a backer refunds a lapsed campaign in full from its page", async () => {
    const backer = accounts[2] ?? "";
    const page = await open("#/campaign/7", { account: backer, rejectNext: false });
    await connect(page);
    const escrow = PledgeEscrow__factory.connect(escrowAddress, provider);
    const campaign = await escrow.getCampaign(7n);
    expect(await text(page, "state")).to.equal("Lapsed");
    expect(await text(page, "claim-window")).to.equal(
      `Nobody claimed it by ${formatDate(campaign.deadline + campaign.claimWindow)}: it lapsed, and every backer can take their whole pledge back.`,
    );
    expect(await text(page, "your-pledge")).to.equal("0.6 ETH");
    expect(await page.locator('[data-testid="claim-button"]').count()).to.equal(0);
    await page.screenshot({ path: path.join(REPORTS, "campaign-lapsed.png"), fullPage: true });
    const before = await provider.getBalance(backer);
    await page.click('[data-testid="refund-button"]');
    expect((await settled(page)).state).to.equal("confirmed");
    await page.waitForSelector('[data-testid="your-pledge"]:has-text("0 ETH")');
    const gained = (await provider.getBalance(backer)) - before;
    expect(gained > parseEther("0.59") && gained < parseEther("0.6")).to.equal(true); // the whole 0.6 ETH, minus the gas
    expect(await escrow.pledgeOf(7n, backer)).to.equal(0n);
    expect(await page.locator('[data-testid="refund-button"]').count()).to.equal(0);
    await page.close();
  });

  it("shows a goal reached in the last call: the deadline moved, and every backer may still leave in full", async () => {
    const backer = accounts[4] ?? "";
    const page = await open("#/campaign/8", { account: backer, rejectNext: false });
    await connect(page);
    const escrow = PledgeEscrow__factory.connect(escrowAddress, provider);
    const campaign = await escrow.getCampaign(8n);
    expect(campaign.deadline > campaign.plannedDeadline).to.equal(true);
    expect(await text(page, "state")).to.equal("Funding");
    expect(await text(page, "progress-text")).to.equal("3 ETH pledged of 3 ETH (100%)");
    const deadline = await text(page, "deadline");
    expect(deadline.startsWith(`${formatDate(campaign.deadline)} · `)).to.equal(true);
    expect(deadline.endsWith(` · extended from ${formatDate(campaign.plannedDeadline)}, because the total reached or fell below the goal in the last call`)).to.equal(true);
    expect(await text(page, "last-call")).to.equal(
      `From ${formatDate(campaign.deadline - campaign.lastCall + 1n)}, once the goal has stood for more than 1 day, the total can no longer fall below the goal. ` +
        `The goal was reached ${formatDate(campaign.goalReachedAt)}. ` +
        `Until ${formatDate(campaign.deadline)} every backer can still take their whole pledge back.`,
    );
    expect(await text(page, "shill")).to.match(/^The project's own addresses can pledge too, .* at least 1 day left to take your pledge back\.$/);
    expect(await text(page, "claim-window")).to.match(/^If it succeeds, the maintainers must claim within 90 days of the deadline;/);
    await page.screenshot({ path: path.join(REPORTS, "campaign-extended.png"), fullPage: true });

    // The goal has not stood for a whole last call yet: the first backer takes their whole pledge back.
    expect(await text(page, "your-pledge")).to.equal("1 ETH");
    await page.fill('[data-testid="withdraw-amount"]', "1");
    await page.click('[data-testid="withdraw-button"]');
    expect((await settled(page)).state).to.equal("confirmed");
    await page.waitForSelector('[data-testid="progress-text"]:has-text("66%")');
    expect(await text(page, "your-pledge")).to.equal("0 ETH");
    expect(await escrow.pledgeOf(8n, backer)).to.equal(0n);
    await page.close();
  });

  it("a maintainer on the wrong chain switches, then claims a succeeded campaign; account changes are followed", async () => {
    const control = { account: accounts[3] ?? "", rejectNext: false };
    const page = await open("#/campaign/2", control, { chainId: "0x1" });
    await connect(page);
    // On another chain the page asks to switch, not to connect.
    expect(await text(page, "switch-chain")).to.equal("Switch to the local chain (31337)");
    expect(await text(page, "your-pledge")).to.equal("switch your wallet to the local chain (31337)");
    expect(await text(page, "connect-first")).to.equal("Switch your wallet to the local chain (31337) to pledge or manage this campaign.");
    await page.click('[data-testid="switch-chain"]');
    await page.waitForSelector('[data-testid="switch-chain"]', { state: "detached" });
    expect(await page.locator('[data-testid="claim-button"]').count()).to.equal(0);
    control.account = accounts[1] ?? "";
    await page.evaluate((account) => (window as unknown as { __emitWallet: (e: string, a: unknown) => void }).__emitWallet("accountsChanged", [account]), control.account);
    await page.waitForSelector('[data-testid="claim-button"]');
    const payout = accounts[9] ?? "";
    const before = await provider.getBalance(payout);
    await page.click('[data-testid="claim-button"]');
    expect((await settled(page)).state).to.equal("confirmed");
    await page.waitForSelector('[data-testid="state"]:has-text("Claimed")');
    expect(await provider.getBalance(payout)).to.equal(before + parseEther("2.5"));
    await page.close();
  });

  it("never turns a URI from the chain into a script link", async () => {
    const registry = ProjectRegistry__factory.connect(
      (await readDeployment(path.resolve("deploy", "deployments"), deploymentId)).registry,
      await provider.getSigner(6),
    );
    await (await registry.registerProject("ipfs://x", "javascript:alert(document.domain)", accounts[6] ?? "")).wait();
    const page = await open("#/project/3", { account: accounts[6] ?? "", rejectNext: false });
    expect(await page.textContent("#content")).to.contain("javascript:alert(document.domain)");
    expect(await page.locator('a[href^="javascript"]').count()).to.equal(0);
    await page.close();
  });

  it("falls back to window.ethereum when no wallet announces itself", async () => {
    const page = await open("#/", { account: accounts[5] ?? "", rejectNext: false }, { legacyOnly: true });
    await connect(page, "window.ethereum");
    expect(await text(page, "account")).to.match(/^Browser wallet · 0x/);
    await page.close();
  });

  it("campaign documents: pinned and verified, unpinned, rewritten after opening, malformed, missing; projects without a document", async () => {
    const addresses = await readDeployment(path.resolve("deploy", "deployments"), deploymentId);
    const maintainer = new OpenPledgeClient(addresses, await provider.getSigner(1));
    const host = documents;
    if (host === undefined) throw new Error("no document host");
    const deadline = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0) + 30n * 86_400n;
    const original = JSON.stringify({ name: "Original plan", summary: "Ten features." });
    const rewrittenUri = host.put("/specs/rewritten.json", original);
    const rewritten = await maintainer.openCampaign({ projectId: 1n, specURI: rewrittenUri, specHash: specHashOf(original), token: "ETH", goal: "1", deadline });
    host.put("/specs/rewritten.json", JSON.stringify({ name: "Original plan", summary: "Two features." }));
    const malformedUri = host.put("/specs/malformed.json", JSON.stringify({ name: "", script: "<script>alert(1)</script>" }));
    const malformed = await maintainer.openCampaign({ projectId: 1n, specURI: malformedUri, token: "ETH", goal: "1", deadline });
    const notJson = await maintainer.openCampaign({ projectId: 1n, specURI: host.put("/specs/not-json.json", "{ name: oops"), token: "ETH", goal: "1", deadline });
    const missing = await maintainer.openCampaign({ projectId: 1n, specURI: `${host.url}/specs/missing.json`, token: "ETH", goal: "1", deadline });

    const backer = { account: accounts[4] ?? "", rejectNext: false };
    let page = await open(`#/campaign/${rewritten.campaignId}`, backer);
    expect(await text(page, "spec-rewritten")).to.match(/^Warning: this campaign's spec document was rewritten\. The document now at .* is not the one its maintainers pinned/);
    expect(await text(page, "campaign-title")).to.equal(`Campaign ${rewritten.campaignId}`);
    expect(await page.textContent("#content")).not.to.contain("Two features");
    await page.screenshot({ path: path.join(REPORTS, "campaign-spec-rewritten.png"), fullPage: true });
    await page.close();
    for (const [id, reason] of [
      [malformed.campaignId, /^Spec document unavailable: the document is malformed: name: must be 1 to 100 characters long \(it is 0\); script: unknown field\. Shown: what the chain knows\.$/],
      [notJson.campaignId, /^Spec document unavailable: the document is malformed: the document is not JSON\. Shown: what the chain knows\.$/],
      [missing.campaignId, /^Spec document unavailable: the server answered 404\. Shown: what the chain knows\.$/],
    ] as const) {
      page = await open(`#/campaign/${id}`, backer);
      expect(await text(page, "spec-document-unavailable")).to.match(reason);
      expect(await text(page, "campaign-title")).to.equal(`Campaign ${id}`);
      expect(await text(page, "progress-text")).to.equal("0 ETH pledged of 1 ETH (0%)");
      await page.close();
    }

    // Campaign 4's https document is pinned and matches; campaign 5's is not pinned: the page says it can change.
    page = await open("#/campaign/4", backer);
    expect(await text(page, "campaign-title")).to.equal("Audit of the escrow contract");
    expect(await text(page, "spec-verified")).to.contain("pinned by its content hash");
    expect(await page.innerHTML('[data-testid="spec-description"]')).to.contain("<code>PledgeEscrow.sol</code>");
    await connect(page);
    const campaign4 = await PledgeEscrow__factory.connect(escrowAddress, provider).getCampaign(4n);
    expect(await text(page, "promise-main")).to.equal(`All or nothing: if 5 ETH is not pledged by ${formatDate(campaign4.deadline)}, you take back your 0.5 ETH at any time.`);
    expect(await text(page, "promise-last-call")).to.equal(
      "Last call: if the goal is reached in the last 2 days before the deadline, the deadline moves so that every backer still has 2 days to take their pledge back after seeing it.",
    );
    await page.close();
    page = await open("#/campaign/5", backer);
    expect(await text(page, "spec-can-change")).to.equal("This document is not pinned: whoever controls the page can change what it says after you pledge.");
    await page.close();

    // A project whose document is missing, and one whose document tries to run code: neither breaks, nothing runs.
    const owner = new OpenPledgeClient(addresses, await provider.getSigner(7));
    const nothing = await owner.registerProject({ metadataURI: "ipfs://bafkreimissingmissingmissingmissingmissingmissingmissing", payout: accounts[7] ?? "" });
    const hostile = JSON.stringify({
      name: "<img src=x onerror=\"window.__pwned=1\">Hostile",
      description: "<script>window.__pwned=1</script>\n\n[click me](javascript:window.__pwned=1) and [fine](https://example.org/a_b_)\n\n<a href=\"javascript:alert(1)\">raw</a>",
      links: [{ label: "Docs", url: "https://example.org/docs" }],
    });
    const attack = await owner.registerProject({ metadataURI: host.pin(hostile), payout: accounts[7] ?? "" });
    page = await open("#/", backer);
    expect(await text(page, `project-unavailable-${nothing.projectId}`)).to.equal(`Project ${nothing.projectId} · document unavailable`);
    await page.goto(`${appUrl}#/project/${nothing.projectId}`);
    await page.waitForSelector('[data-testid="project-document-unavailable"]');
    expect(await text(page, "project-document-unavailable")).to.match(/^Project document unavailable: the server answered 404\. Shown: what the chain knows\.$/);
    expect(await text(page, "project-title")).to.equal(`Project ${nothing.projectId}`);
    await page.goto(`${appUrl}#/project/${attack.projectId}`);
    await page.waitForSelector('[data-testid="project-description"]');
    expect(await text(page, "project-title")).to.equal('<img src=x onerror="window.__pwned=1">Hostile');
    expect(await page.locator("#content script, #content img[src=x], #content a[href^=javascript]").count()).to.equal(0);
    expect(await text(page, "project-description")).to.contain("<script>window.__pwned=1</script>");
    expect(await text(page, "project-description")).to.contain("click me (javascript:window.__pwned=1)");
    expect(await page.getAttribute('[data-testid="project-description"] a', "href")).to.equal("https://example.org/a_b_");
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).to.equal(undefined);
    await page.screenshot({ path: path.join(REPORTS, "project-hostile-document.png"), fullPage: true });
    await page.close();
  });

  it("at 390 px: no horizontal scroll, dates never break; a favicon, no failed request, a styled loading state", async () => {
    const failed: string[] = [];
    const control = { account: accounts[3] ?? "", rejectNext: false };
    const page = await open("#/campaign/3", control, { width: 390 });
    page.on("response", (response) => {
      if (response.status() >= 400 && response.url().startsWith(appUrl)) failed.push(`${response.status()} ${response.url()}`);
    });
    await page.reload();
    await page.waitForSelector('[data-testid="milestone-1"]');
    await connect(page);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.scroll).to.be.at.most(widths.client);
    // Nothing sticks out on the right either (the page could hide what overflows).
    const overflowing = () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>("body *"))
          .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .map((element) => `${element.tagName} ${element.textContent?.slice(0, 40) ?? ""}`),
      );
    expect(await overflowing()).to.deep.equal([]);
    // Every date is one unbreakable run: its box is one line high.
    const lines = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>(".nowrap")).map((element) => element.getClientRects().length),
    );
    expect(lines.length).to.be.greaterThan(0);
    expect(lines.every((count) => count === 1)).to.equal(true);
    expect(await text(page, "your-weight")).to.equal("1.5 ETH");
    await page.screenshot({ path: path.join(REPORTS, "campaign-390px.png"), fullPage: true });
    await page.goto(`${appUrl}#/`);
    await page.waitForSelector('[data-testid="project-link-1"]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).to.equal(true);
    expect(await overflowing()).to.deep.equal([]);
    await page.screenshot({ path: path.join(REPORTS, "projects-390px.png"), fullPage: true });
    const favicon = await page.evaluate(async () => (await fetch(document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? "/none")).status);
    expect(favicon).to.equal(200);
    expect(failed).to.deep.equal([]);
    await page.close();
    const html = await readFile(path.join(outDir, "index.html"), "utf8");
    expect(html).to.contain('data-testid="loading"');
    expect(html).to.contain("Reading the chain");
  });

  it("a maintainer registers a project, edits its metadata URI and payout, and opens campaigns with and without milestones", async () => {
    const host = documents;
    if (host === undefined) throw new Error("no document host");
    const addresses = await readDeployment(path.resolve("deploy", "deployments"), deploymentId);
    const reader = new OpenPledgeClient(addresses, provider);
    const account = accounts[8] ?? "";
    const page = await open("#/", { account, rejectNext: false });
    await connect(page);
    await page.click('[data-testid="register-project"] summary');
    await page.fill('[data-testid="register-metadata"]', host.put("/projects/eight.json", JSON.stringify({ name: "Project Eight", summary: "First words." })));
    await page.fill('[data-testid="register-repository"]', "https://github.com/example/eight");
    expect(await page.inputValue('[data-testid="register-payout"]')).to.equal(account);
    await page.click('[data-testid="register-button"]');
    expect((await settled(page)).state).to.equal("confirmed");
    const projectLink = page.locator('a:has-text("Project Eight")');
    await projectLink.waitFor();
    const projectId = BigInt(((await projectLink.getAttribute("href")) ?? "").replace("#/project/", ""));
    await projectLink.click();
    await page.waitForSelector('[data-testid="edit-project"]');
    // The empty state says what comes next.
    expect(await text(page, "empty")).to.equal(
      "No campaign yet. A maintainer opens one for a piece of work: a goal, a deadline and a spec saying what will be delivered.",
    );

    // Editing the metadata URI sends the repository back unchanged; the payout is its own call.
    await page.click('[data-testid="edit-project"] summary');
    await page.fill('[data-testid="edit-metadata"]', host.pin(JSON.stringify({ name: "Project Eight, renamed" })));
    await page.click('[data-testid="edit-metadata-button"]');
    expect((await settled(page)).state).to.equal("confirmed");
    await page.waitForSelector('[data-testid="project-title"]:has-text("renamed")');
    await page.click('[data-testid="edit-project"] summary');
    await page.fill('[data-testid="edit-payout"]', accounts[9] ?? "");
    await page.click('[data-testid="edit-payout-button"]');
    expect((await settled(page)).state).to.equal("confirmed");
    const project = await reader.getProject(projectId);
    expect(project.repository).to.equal("https://github.com/example/eight");
    expect(project.payout.toLowerCase()).to.equal(accounts[9]?.toLowerCase());
    expect(project.metadataURI).to.match(/^ipfs:\/\/b/);

    // A milestone campaign whose spec document is pinned by its hash.
    const spec = JSON.stringify({ name: "Eight's first release", deliverables: ["Beta", "Final"] });
    await page.waitForSelector('[data-testid="open-campaign"]');
    await page.click('[data-testid="open-campaign"] summary');
    await page.fill('[data-testid="open-spec"]', host.put("/specs/eight.json", spec));
    await page.fill('[data-testid="open-goal"]', "2");
    await page.check('[data-testid="open-with-milestones"]');
    await page.fill('[data-testid="open-milestones"]', "60, 30\n20, 60");
    await page.click('[data-testid="open-button"]');
    await page.waitForSelector('#status:has-text("Open campaign")');
    const opened = await settled(page);
    expect(opened).to.deep.include({ state: "confirmed" });
    expect(opened.text).to.match(/^Open campaign \(spec pinned\): confirmed/);
    const listed = await reader.listCampaigns({ projectId });
    expect(listed.length).to.equal(1);
    expect(listed[0]?.specHash).to.equal(specHashOf(spec));
    await page.click(`[data-testid="campaign-link-${listed[0]?.id}"]`);
    await page.waitForSelector('[data-testid="milestone-1"]');
    expect(await text(page, "campaign-title")).to.equal("Eight's first release");
    expect(await text(page, "spec-verified")).to.contain("pinned by its content hash");
    expect(await text(page, "promise-milestones")).to.match(/^Milestones: if it succeeds, 20% is released at once/);
    await page.screenshot({ path: path.join(REPORTS, "campaign-opened-in-app.png"), fullPage: true });

    // An issue page: no document to pin, no milestones.
    await page.goto(`${appUrl}#/project/${projectId}`);
    await page.waitForSelector('[data-testid="open-campaign"]');
    await page.click('[data-testid="open-campaign"] summary');
    await page.fill('[data-testid="open-spec"]', "https://github.com/example/eight/issues/1");
    await page.uncheck('[data-testid="open-pin"]');
    await page.fill('[data-testid="open-goal"]', "1.5");
    await page.click('[data-testid="open-button"]');
    await page.waitForSelector('#status:has-text("Open campaign: ")');
    expect((await settled(page)).state).to.equal("confirmed");
    const second = (await reader.listCampaigns({ projectId }))[1];
    expect(second?.specHash).to.equal(`0x${"0".repeat(64)}`);
    expect(second?.goal).to.equal(parseEther("1.5"));
    await page.close();
  });

  // Last: it moves the chain's clock past campaign 3's review window.
  it("a rejected milestone campaign: the milestone shows as rejected and a backer sees and gets the exact refund", async () => {
    const backer = accounts[2] ?? "";
    const page = await open("#/campaign/3", { account: backer, rejectNext: false });
    await connect(page);
    expect(await text(page, "your-weight")).to.equal("2 ETH");
    expect(await text(page, "promise-main")).to.equal(
      "The goal was reached. 20% is released; the other 2.8 ETH is released milestone by milestone. You can still object to each delivery while it is in review; if a milestone is rejected, you get back 1.6 ETH.",
    );
    await page.click('[data-testid="object-button"]');
    expect((await settled(page)).state).to.equal("confirmed");
    await provider.send("evm_increaseTime", [4 * 86_400]);
    await provider.send("evm_mine", []);
    await page.reload();
    await page.waitForSelector('[data-testid="state"]:has-text("Rejected")');
    await connect(page);
    expect(await text(page, "milestone-0")).to.match(/^150%.*rejected$/);
    expect(await page.getAttribute('[data-testid="milestone-0"]', "class")).to.equal("rejected");
    expect(await text(page, "promise-main")).to.equal("A milestone was rejected: you get 1.6 ETH back: 20% was already released.");
    await page.screenshot({ path: path.join(REPORTS, "campaign-rejected.png"), fullPage: true });
    const before = await provider.getBalance(backer);
    await page.click('[data-testid="refund-button"]');
    expect((await settled(page)).state).to.equal("confirmed");
    const gained = (await provider.getBalance(backer)) - before;
    expect(gained > parseEther("1.59") && gained < parseEther("1.6")).to.equal(true); // 1.6 ETH, minus the gas
    await page.close();
  });
});

describe("npm run app (app/scripts/serve.ts)", function () {
  this.timeout(240_000);

  it("says when its port is taken and which it uses, prints the public test keys, and removes its deployment on Ctrl-C", async () => {
    // Something listens on the port the script prefers.
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const address = holder.address();
    const taken = typeof address === "object" && address !== null ? address.port : 0;
    const deployment = `app-serve-test-${taken}`;
    const deploymentDir = path.resolve("deploy", "deployments", deployment);
    const child = spawn(path.resolve("node_modules/.bin/tsx"), ["app/scripts/serve.ts"], {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, OPENPLEDGE_APP_NODE_PORT: String(taken), OPENPLEDGE_APP_DEPLOYMENT: deployment },
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (output.includes("Ctrl-C stops")) {
            clearInterval(timer);
            resolve();
          } else if (child.exitCode !== null || output.includes("Error:")) {
            clearInterval(timer);
            reject(new Error(`serve.ts failed:\n${output}`));
          }
        }, 250);
      });
      expect(output).to.match(new RegExp(`Port ${taken} is taken \\(another node or program listens there\\): this run's local node uses port \\d+ instead\\.`));
      expect(output).to.contain("PUBLIC TEST KEYS: Hardhat's well-known default accounts.");
      expect(output).to.contain("#0 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 (deployer, protocol owner)");
      expect(output).to.contain("private key 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
      expect(existsSync(deploymentDir)).to.equal(true);
      // Ctrl-C in a terminal: SIGINT to the whole process group.
      process.kill(-(child.pid ?? 0), "SIGINT");
      expect(await exited).to.equal(0);
      expect(existsSync(deploymentDir)).to.equal(false);
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid ?? 0), "SIGKILL");
      await new Promise<void>((resolve) => holder.close(() => resolve()));
      await rm(deploymentDir, { recursive: true, force: true });
    }
  });
});
