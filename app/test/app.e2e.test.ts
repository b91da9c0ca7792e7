import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { formatEther, getAddress, JsonRpcProvider, parseEther, ZeroAddress, ZeroHash } from "ethers";
import { chromium, type Browser, type Page } from "playwright-core";
import { build, preview, type PreviewServer } from "vite";

import { startIndexer, type RunningIndexer } from "../../scripts/lib/indexer.js";
import { freePort, startLocalNode, type LocalNode } from "../../scripts/lib/local-node.js";
import { PledgeEscrow__factory, ProjectRegistry__factory } from "../../typechain-types/index.js";
import { formatDate, readDeployment } from "../../client/node.js";
import { easContract, encodeRepositoryClaim, OpenPledgeClient, REPOSITORY_SCHEMA_UID, specHashOf } from "../../client/index.js";
import { startDocumentHost, type DocumentHost } from "../scripts/documents.js";
import { deployAndSeed } from "../scripts/seed.js";
import { dayOf } from "../src/requests.js";
import { installWallet, type WalletControl } from "./wallet.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** The browser shows local dates: it runs in this process's time zone, so the test can write the same dates. */
const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const REPORTS = path.resolve("reports", "app");
/** An address as the app shortens it: 0x90F7…b906. */
const short = (address: string | undefined) => `${getAddress(address ?? "").slice(0, 6)}…${getAddress(address ?? "").slice(-4)}`;

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
  let indexer: RunningIndexer | undefined;
  let indexerDir = "";
  const outDir = path.resolve("app", "dist-e2e");

  before(async () => {
    node = await startLocalNode();
    deploymentId = `app-e2e-${node.port}`;
    documents = await startDocumentHost();
    await deployAndSeed(node.rpcUrl, deploymentId, documents);
    escrowAddress = (await readDeployment(path.resolve("deploy", "deployments"), deploymentId)).escrow;
    provider = new JsonRpcProvider(node.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
    accounts = (await provider.send("eth_accounts", [])) as string[];

    // The indexer beside the node (its tables in a folder of this run's own), as `npm run app` starts it; its port is
    // known before it is up, so the build goes on meanwhile.
    indexerDir = await mkdtemp(path.join(os.tmpdir(), "openpledge-app-e2e-indexer-"));
    const indexerPort = await freePort();
    const indexerStarted = startIndexer({ rpcUrl: node.rpcUrl, deploymentId, port: indexerPort, directory: indexerDir, env: { OPENPLEDGE_IPFS_GATEWAY: documents.gateway } });

    // The production build, as `npm run build:app` makes it, knowing only this test's deployment and indexer.
    process.env.OPENPLEDGE_DEPLOYMENT_IDS = deploymentId;
    process.env.OPENPLEDGE_RPC_URL = node.rpcUrl;
    process.env.OPENPLEDGE_IPFS_GATEWAY = documents.gateway;
    process.env.OPENPLEDGE_INDEXER_URL = `http://127.0.0.1:${indexerPort}`;
    const configFile = path.resolve("app", "vite.config.ts");
    indexerStarted.catch(() => undefined); // awaited below; a failure is reported there
    await build({ configFile, logLevel: "warn", build: { outDir } });
    indexer = await indexerStarted;
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
    await indexer?.stop();
    if (indexerDir !== "") await rm(indexerDir, { recursive: true, force: true });
    await node?.stop();
    await documents?.stop();
    delete process.env.OPENPLEDGE_INDEXER_URL;
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

  /**
   * Whether the "about X ETH" in `shown` is the chain's `quote` rounded down to four significant digits, give or take
   * what a few seconds of chain time change (the page and the test ask at different moments).
   */
  function about(shown: string, quote: bigint): boolean {
    const figure = /about ([\d.,]+) ETH/.exec(shown)?.[1];
    if (figure === undefined) return false;
    const value = parseEther(figure.replaceAll(",", ""));
    return value <= quote + quote / 10_000n && quote - value <= quote / 1_000n;
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
    // Campaign 4's refund bonus at a glance (the seed deposits 0.25 ETH on its 5 ETH goal); campaign 5 has none yet.
    expect(await text(page, "campaign-bonus-4")).to.equal("Refund bonus 0.25 ETH (5% of the goal): if it fails, each backer gets their pledge back plus a share of it.");
    expect(await page.locator('[data-testid="campaign-bonus-5"]').count()).to.equal(0);
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

  it("a campaign's backers and history come from the indexer, in tokens and dates; a lagging indexer is told in words", async () => {
    const page = await open("#/campaign/3", { account: accounts[3] ?? "", rejectNext: false });
    await page.waitForSelector('[data-testid="backers"]');
    expect(await page.locator('[data-testid="indexer-fallback"]').count()).to.equal(0);
    expect(await text(page, "backer-count")).to.equal("(2)");
    // Largest pledge first; amounts in ETH, first pledges as dates; the objecting backer is marked.
    const history = await (await fetch(`${indexer?.url}/api/campaigns/3/history`)).json() as { items: Array<{ name: string; timestamp: string }> };
    const firstPledge = history.items.find((item) => item.name === "Pledged");
    expect(await text(page, "backer-0")).to.equal(`${short(accounts[2])} 2 ETH 2 ETH - ${formatDate(BigInt(firstPledge?.timestamp ?? "0"))}`);
    expect(await text(page, "backer-1")).to.match(/^0x90F7…b906 1\.5 ETH 1\.5 ETH - .+ objects$/);
    expect(await text(page, "event-0")).to.match(/^.+ \d{4}, \d\d:\d\d:\d\d .*Opened by 0x7099…79C8: goal 3 ETH, deadline .+$/);
    expect(await text(page, "history")).to.contain("Milestone plan: 20% released at success, then 2 milestones");
    expect(await text(page, "history")).to.contain(`${short(accounts[2])} pledged 2 ETH (their pledge 2 ETH; total 2 ETH)`);
    expect(await text(page, "history")).to.contain("0x90F7…b906 pledged 1.5 ETH (their pledge 1.5 ETH; total 3.5 ETH)");
    expect(await text(page, "history")).to.match(/delivered milestone 1 at https:\/\/github\.com\/openpledge\/openpledge\/releases\/tag\/v0\.9; review until /);
    expect(await text(page, "history")).to.contain("0x90F7…b906 objected to milestone 1 with 1.5 ETH of weight (objections now 1.5 ETH)");
    expect(await page.textContent('[data-testid="campaign-lists"]')).not.to.match(/\d{16,}|\bbps\b|\bwei\b/);
    // The campaign's state is still the chain's.
    expect(await text(page, "state")).to.equal("Succeeded");
    await page.screenshot({ path: path.join(REPORTS, "campaign-backers-history.png"), fullPage: true });

    // An indexer three blocks behind: the lists say so (its answers rewritten on their way to the page).
    const head = await provider.getBlockNumber();
    await page.route(/\/api\/campaigns\/3\/(backers|history)/, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { indexed: { number: string } };
      body.indexed.number = String(head - 3);
      await route.fulfill({ response, json: body });
    });
    await page.reload();
    await page.waitForSelector('[data-testid="lag"]');
    expect(await text(page, "lag")).to.equal(
      `The backers and history below are 3 blocks behind the chain (they show block ${head - 3}; the chain is at block ${head}): what happened since appears in a moment.`,
    );
    await page.close();
  });

  it("falls back to reading the chain when the indexer is down, and says so in one line", async () => {
    const page = await open("#/", { account: accounts[3] ?? "", rejectNext: false });
    await page.route(`${indexer?.url}/**`, (route) => route.abort("connectionrefused"));
    await page.reload();
    await page.waitForSelector('[data-testid="indexer-fallback"]');
    expect(await text(page, "indexer-fallback")).to.equal(
      `The indexer at ${indexer?.url} could not be reached (no answer): projects are read from the chain instead, without search or sort.`,
    );
    expect(await page.locator('[data-testid="project-search"]').count()).to.equal(0);
    expect(await text(page, "project-link-1")).to.equal("OpenPledge");
    expect(await text(page, "project-link-2")).to.equal("example-lib");
    await page.screenshot({ path: path.join(REPORTS, "projects-indexer-down.png"), fullPage: true });
    await page.goto(`${appUrl}#/campaign/3`);
    await page.waitForSelector('[data-testid="backers"]');
    expect(await text(page, "indexer-fallback")).to.match(/^The indexer at .* could not be reached .*: the backers and history below are read from the chain instead \(the first 50 of each\)\.$/);
    expect(await text(page, "backer-count")).to.equal("(2)");
    expect(await text(page, "history")).to.contain("0x90F7…b906 pledged 1.5 ETH (their pledge 1.5 ETH; total 3.5 ETH)");
    expect(await text(page, "state")).to.equal("Succeeded");
    await connect(page);
    await page.goto(`${appUrl}#/pledges`);
    await page.waitForSelector('[data-testid="pledges-unavailable"]');
    expect(await text(page, "indexer-fallback")).to.match(/: this list needs it \(reading it from the chain would scan every campaign\)\.$/);
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
    const page = await open(`#/project/${await registry.projectCount()}`, { account: accounts[6] ?? "", rejectNext: false });
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

  it("the projects list from the indexer: search by title, summary and repository, each sort, the empty search", async () => {
    const host = documents;
    if (host === undefined || indexer === undefined) throw new Error("no document host or indexer");
    const addresses = await readDeployment(path.resolve("deploy", "deployments"), deploymentId);
    // Two more projects: "Yak" with a campaign funded twenty times over (most funded), then "Zebra" (newest).
    const yakOwner = new OpenPledgeClient(addresses, await provider.getSigner(6));
    const yak = await yakOwner.registerProject({ metadataURI: host.pin(JSON.stringify({ name: "Yak shaving kit", summary: "Tools nobody asked for." })), repository: "https://github.com/example/yak", payout: accounts[6] ?? "" });
    const later = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0) + 20n * 86_400n;
    const { campaignId } = await yakOwner.openCampaign({ projectId: yak.projectId, specURI: "https://github.com/example/yak/issues/1", token: "ETH", goal: "0.1", deadline: later });
    await new OpenPledgeClient(addresses, await provider.getSigner(7)).pledge(campaignId, "2");
    const zebra = await new OpenPledgeClient(addresses, await provider.getSigner(7)).registerProject({
      metadataURI: host.pin(JSON.stringify({ name: "Zebra crossing", summary: "Striped pedestrian widgets." })),
      repository: "https://github.com/example/zebra",
      payout: accounts[7] ?? "",
    });
    // The indexer reads documents apart from the chain's events: wait until it has titled both new projects.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const found = (await (await fetch(`${indexer.url}/api/projects?search=striped`)).json()) as { total: number };
      const yakFound = (await (await fetch(`${indexer.url}/api/projects?search=nobody%20asked`)).json()) as { total: number };
      if (found.total === 1 && yakFound.total === 1) break;
      if (Date.now() > deadline) throw new Error("the indexer did not read the new projects' documents within 60 s");
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const order = (page: Page) => page.$$eval('[data-testid="project-list"] > li', (items) => items.map((item) => item.getAttribute("data-testid")));
    const page = await open("#/", { account: accounts[3] ?? "", rejectNext: false });
    await page.waitForSelector('[data-testid="project-list"]');
    const total = Number((await (await fetch(`${indexer.url}/api/projects`)).json() as { total: number }).total);
    expect(await text(page, "project-count")).to.equal(`${total} projects, newest first.`);
    // The seeded project 1 is verified by the local default attester (the indexer's attestations, judged in the
    // browser for its trusted list): a small mark; project 2 is not verified: none.
    expect(await text(page, "project-verified-1")).to.equal("✓ Verified");
    expect(await page.getAttribute('[data-testid="project-verified-1"]', "title")).to.match(/^Verified by OpenPledge local attester on \w{3} \d{1,2} \w{3} \d{4}: github\.com\/openpledge\/openpledge \(repository #\d+\)\. The project's page checks that the repository is still there\.$/);
    expect(await page.locator('[data-testid="project-verified-2"]').count()).to.equal(0);
    expect(await text(page, "verified-legend")).to.equal(
      "✓ Verified: an attester you trust checked that the project's maintainers controlled its repository; open the project to see whether the repository is still there. A card without the mark is not verified.",
    );
    // Project 2's owner attests its own repository (anyone can attest under the schema): still no mark, and its page
    // names the attestation as one by an attester the reader does not trust (the indexer answers every attester's).
    const selfAttester = await provider.getSigner(5);
    const claim = { registry: addresses.registry, chainId: 31337n, projectId: 2n, forgeHost: "github.com", repositoryId: 42n, repositoryPath: "example/lib", repository: "https://github.com/example/lib", proofCommit: "b".repeat(40) };
    const attested = (await easContract(addresses.eas?.eas ?? "", selfAttester).getFunction("attest")({
      schema: REPOSITORY_SCHEMA_UID,
      data: { recipient: addresses.registry, expirationTime: 0n, revocable: true, refUID: ZeroHash, data: encodeRepositoryClaim(claim), value: 0n },
    })) as { wait(): Promise<unknown> };
    await attested.wait();
    await page.goto(`${appUrl}#/project/2`);
    await page.waitForSelector('[data-testid="verification-untrusted"]');
    expect(await page.getAttribute('[data-testid="verification"]', "data-state")).to.equal("unverified");
    expect(await text(page, "verification-untrusted")).to.equal(`Also attested by ${await selfAttester.getAddress()}, whom you do not trust: if you know who runs it and trust it, add it in Settings.`);
    await page.goto(`${appUrl}#/`);
    await page.waitForSelector('[data-testid="project-list"]');
    expect(await page.locator('[data-testid="project-verified-2"]').count()).to.equal(0);
    expect((await order(page))[0]).to.equal(`project-${zebra.projectId}`);
    expect(await text(page, `project-facts-${yak.projectId}`)).to.equal(`Project ${yak.projectId} · 1 campaign · 1 funding now · next deadline ` + formatDate(later));

    // Most funded: Yak's 2 ETH on a 0.1 ETH goal; ending soon: project 1, whose campaign 8 ends first.
    await page.selectOption('[data-testid="sort-select"]', "most-funded");
    await page.waitForSelector('[data-testid="project-count"]:has-text("most funded first")');
    expect((await order(page))[0]).to.equal(`project-${yak.projectId}`);
    expect(await page.evaluate(() => window.location.hash)).to.equal("#/?sort=most-funded");
    await page.screenshot({ path: path.join(REPORTS, "projects-most-funded.png"), fullPage: true });
    await page.selectOption('[data-testid="sort-select"]', "ending-soon");
    await page.waitForSelector('[data-testid="project-count"]:has-text("ending soon first")');
    expect((await order(page)).slice(0, 3)).to.deep.equal(["project-1", `project-${yak.projectId}`, "project-2"]);
    await page.selectOption('[data-testid="sort-select"]', "newest");
    await page.waitForSelector('[data-testid="project-count"]:has-text("newest first")');
    expect((await order(page))[0]).to.equal(`project-${zebra.projectId}`);

    // Search: a title, a summary, a repository; none.
    const search = async (words: string) => {
      await page.fill('[data-testid="search-input"]', words);
      await page.click('[data-testid="search-button"]');
      await page.waitForFunction((expected) => document.querySelector("#content")?.textContent?.includes(`“${expected}”`) === true, words);
    };
    await search("zebra");
    expect(await order(page)).to.deep.equal([`project-${zebra.projectId}`]);
    expect(await text(page, "project-count")).to.equal("1 project match “zebra”, newest first.");
    expect(await text(page, `project-summary-${zebra.projectId}`)).to.equal("Striped pedestrian widgets.");
    await page.screenshot({ path: path.join(REPORTS, "projects-search.png"), fullPage: true });
    await search("parsing library");
    expect(await order(page)).to.deep.equal(["project-2"]);
    await search("example/yak");
    expect(await order(page)).to.deep.equal([`project-${yak.projectId}`]);
    await search("no such words");
    expect(await text(page, "empty-search")).to.equal(
      "No project matches “no such words”. Search looks in titles, summaries and repository addresses: try fewer or other words, or show every project.",
    );
    await page.click('[data-testid="clear-search"]');
    await page.waitForSelector('[data-testid="project-list"]');

    // An impostor registers project 1's repository (anyone can): both cards say another project names it, and the
    // impostor's page names the verified project 1, with a link (the indexer's search finds it).
    const impostorSigner = await provider.getSigner(12);
    const impostor = await new OpenPledgeClient(addresses, impostorSigner).registerProject({
      metadataURI: host.pin(JSON.stringify({ name: "OpenPledge", summary: "All-or-nothing crowdfunding, the real one (not)." })),
      repository: "https://github.com/OpenPledge/openpledge.git",
      payout: await impostorSigner.getAddress(),
    });
    for (const giveUp = Date.now() + 60_000; ; ) {
      const found = (await (await fetch(`${indexer.url}/api/projects?search=${encodeURIComponent("github.com/openpledge/openpledge")}`)).json()) as { total: number };
      if (found.total === 2) break;
      if (Date.now() > giveUp) throw new Error("the indexer did not index the impostor within 60 s");
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await page.goto(`${appUrl}#/?sort=newest&page=1`);
    await page.waitForSelector(`[data-testid="project-twins-${impostor.projectId}"]`);
    expect(await text(page, `project-twins-${impostor.projectId}`)).to.equal("Project #1 names the same repository: check which one you mean.");
    expect(await text(page, "project-twins-1")).to.equal(`Project #${impostor.projectId} names the same repository: check which one you mean.`);
    expect(await text(page, `project-facts-${impostor.projectId}`)).to.equal(`Project ${impostor.projectId} · 0 campaigns`);
    expect(await page.locator(`[data-testid="project-verified-${impostor.projectId}"]`).count()).to.equal(0);
    await page.screenshot({ path: path.join(REPORTS, "projects-impostor.png"), fullPage: true });
    await page.goto(`${appUrl}#/project/${impostor.projectId}`);
    await page.waitForSelector('[data-testid="verification-twin"]');
    expect(await page.getAttribute('[data-testid="verification"]', "data-state")).to.equal("unverified");
    expect(await text(page, "verification-twin")).to.equal("Project #1 is verified for this repository; this one is not. Make sure you are funding the project you mean.");
    expect(await page.getAttribute('[data-testid="verification-twin-link-1"]', "href")).to.equal("#/project/1");
    await page.screenshot({ path: path.join(REPORTS, "project-impostor.png"), fullPage: true });
    // Project 1 itself is verified: no such line there.
    await page.goto(`${appUrl}#/project/1`);
    await page.waitForSelector('[data-testid="verified-badge"]');
    expect(await page.locator('[data-testid="verification-twin"]').count()).to.equal(0);
    await page.close();
  });

  it("my pledges: what I pledged where; refund one, withdraw an objection and object once, from the list", async () => {
    const backer = accounts[3] ?? "";
    const escrow = PledgeEscrow__factory.connect(escrowAddress, provider);
    const page = await open("#/pledges", { account: backer, rejectNext: false });
    expect(await text(page, "pledges-connect")).to.match(/^Connect a wallet on this chain/);
    await connect(page);
    await page.waitForSelector('[data-testid="pledges"]');
    expect(await text(page, "pledges-summary")).to.equal("4 campaigns you pledged to; 1 to take a refund from; 1 with a milestone in review.");
    expect(await text(page, "refundable-7")).to.equal("Campaign 7 Lapsed 0.4 ETH to take back Refund");
    expect(await text(page, "review-3")).to.match(/^Web app for backers Succeeded Milestone 1 is in review until .+: read the delivery on the campaign's page\. You object with 1\.5 ETH of weight\. Withdraw objection$/);
    // Campaign 4 has a refund bonus (seeded): what a failure would add to the pledge, about, as the chain quotes it.
    const quote4 = (await new OpenPledgeClient(await readDeployment(path.resolve("deploy", "deployments"), deploymentId), provider).getBonus(4n, { account: backer })).account.quote;
    expect(await text(page, "withdrawable-4")).to.match(
      /^Audit of the escrow contract Funding Your pledge: 2\.25 ETH\. If this campaign fails you get it back plus about 0\.\d+ ETH of its refund bonus\. While it funds you can take it back/,
    );
    expect(about(await text(page, "funding-bonus-4"), quote4)).to.equal(true);
    expect(await text(page, "pledge-bonus-4")).to.match(/^about 0\.\d+ ETH if it fails$/);
    expect(await text(page, "pledge-2")).to.equal("Campaign 2 Claimed 1 ETH 1 ETH - -");
    await page.screenshot({ path: path.join(REPORTS, "my-pledges.png"), fullPage: true });

    await page.click('[data-testid="withdraw-objection-3"]');
    expect((await settled(page)).state).to.equal("confirmed");
    await page.waitForSelector('[data-testid="object-3"]');
    expect(await escrow.isObjecting(3n, backer)).to.equal(false);
    expect(await text(page, "review-3")).to.contain("You can object with 1.5 ETH of weight.");
    await page.click('[data-testid="object-3"]');
    expect((await settled(page)).state).to.equal("confirmed");
    await page.waitForSelector('[data-testid="withdraw-objection-3"]');
    expect(await escrow.isObjecting(3n, backer)).to.equal(true);

    const before = await provider.getBalance(backer);
    await page.click('[data-testid="refund-7"]');
    const refunded = await settled(page);
    expect(refunded.state).to.equal("confirmed");
    expect(refunded.text).to.match(/^Refund from campaign 7: confirmed/);
    await page.waitForSelector('[data-testid="refundable-empty"]');
    expect(await escrow.pledgeOf(7n, backer)).to.equal(0n);
    const gained = (await provider.getBalance(backer)) - before;
    expect(gained > parseEther("0.39") && gained < parseEther("0.4")).to.equal(true); // 0.4 ETH, minus the gas
    expect(await text(page, "pledge-7")).to.equal("Campaign 7 Lapsed 0 ETH 0.4 ETH 0.4 ETH -");
    await page.setViewportSize({ width: 390, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).to.equal(true);
    await page.screenshot({ path: path.join(REPORTS, "my-pledges-390px.png"), fullPage: true });

    // An account that never pledged is told what to do.
    const other = await open("#/pledges", { account: accounts[8] ?? "", rejectNext: false });
    await connect(other);
    await other.waitForSelector('[data-testid="pledges-empty"]');
    expect(await text(other, "pledges-empty")).to.match(/^You have not pledged to any campaign on this chain yet\. Find a piece of work/);
    await other.close();
    await page.close();
  });

  it("the maintainer's page: claims available (claim one), milestones due, reviews to settle, an ownership offer accepted", async () => {
    const maintainer = accounts[1] ?? "";
    const addresses = await readDeployment(path.resolve("deploy", "deployments"), deploymentId);
    // The owner of project 2 offers it to account 1.
    await new OpenPledgeClient(addresses, await provider.getSigner(5)).transferProjectOwnership(2n, maintainer);
    const page = await open("#/maintainer", { account: maintainer, rejectNext: false });
    expect(await text(page, "maintainer-connect")).to.match(/^Connect a wallet on this chain/);
    await connect(page);
    await page.waitForSelector('[data-testid="maintained"]');
    expect(await text(page, "maintained-1")).to.match(/^OpenPledge owner · \d+ campaigns, \d+ funding$/);
    // Campaign 2 was claimed from its page earlier; campaign 3 released 20% of 3.5 ETH when it succeeded.
    expect(await page.locator('[data-testid="claimable-2"]').count()).to.equal(0);
    expect(await text(page, "claimable-3")).to.match(/^Web app for backers \(project 1\) 0\.7 ETH to claim to the project's payout address(, by .+: after that every backer takes their pledge back)?\. Claim$/);
    expect(await text(page, "due-empty")).to.match(/^No milestone waits for a delivery\./);
    expect(await text(page, "settle-empty")).to.match(/^No review has ended unsettled\./);
    expect(await text(page, "offer-2")).to.equal(`example-lib Its owner ${short(accounts[5])} offers you the ownership of this project (https://github.com/example/lib). Accept`);
    await page.screenshot({ path: path.join(REPORTS, "maintainer.png"), fullPage: true });

    const payout = accounts[9] ?? "";
    const before = await provider.getBalance(payout);
    await page.click('[data-testid="claim-3"]');
    expect((await settled(page)).state).to.equal("confirmed");
    await page.waitForSelector('[data-testid="claims-empty"]');
    expect(await provider.getBalance(payout)).to.equal(before + parseEther("0.7"));

    await page.click('[data-testid="accept-2"]');
    expect((await settled(page)).state).to.equal("confirmed");
    await page.waitForSelector('[data-testid="offers-empty"]');
    expect((await new OpenPledgeClient(addresses, provider).getProject(2n)).owner).to.equal(getAddress(maintainer));
    expect(await text(page, "maintained-2")).to.match(/^example-lib owner/);
    await page.close();
  });

  // Late: it moves the chain's clock past campaign 3's review window (only the refund bonus tests come after it).
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

  it("a sponsor deposits an ERC-20 refund bonus, the wallet approving it first", async () => {
    const sponsor = accounts[4] ?? "";
    const page = await open("#/campaign/5", { account: sponsor, rejectNext: false });
    await connect(page);
    expect(await text(page, "bonus-none")).to.match(/^No refund bonus yet\. Anyone .* up to 10% of the goal: if the campaign then fails, each backer gets their pledge back plus a share of it\.$/);
    await page.click('[data-testid="deposit-bonus"] summary');
    expect(await text(page, "deposit-cap")).to.equal(
      "At most 1,000 PUSD more (the bonus may hold 10% of the goal, 1,000 PUSD). The first deposit must be at least 100 PUSD (1% of the goal); later ones may be any amount.",
    );
    expect(await text(page, "deposit-final")).to.match(/Your wallet is first asked to let the escrow take this much PUSD, when your allowance does not already cover it\.$/);
    // Below the first deposit's minimum: refused, in words that say how much it takes.
    await page.fill('[data-testid="deposit-amount"]', "40");
    await page.click('[data-testid="deposit-button"]');
    const tooSmall = await settled(page);
    expect(tooSmall.state).to.equal("failed");
    expect(tooSmall.text, tooSmall.text).to.match(/^The contract refused: BonusTooSmall: .*at least 100 PUSD \(1% of its goal\).*40 PUSD/);
    await page.fill('[data-testid="deposit-amount"]', "150");
    await page.click('[data-testid="deposit-button"]');
    const deposited = await settled(page);
    expect(deposited.state, deposited.text).to.equal("confirmed");
    expect(deposited.text).to.match(/^Deposit a refund bonus: confirmed \(transaction 0x[0-9a-f]{8}…\)\. You deposited 150 PUSD \(after approving the escrow to take it\); the bonus is now 150 PUSD\.$/);
    await page.waitForSelector('[data-testid="bonus-pot"]');
    expect(await text(page, "bonus-pot")).to.equal("150 PUSD, 1.5% of the goal (it may hold up to 1,000 PUSD).");
    expect(await text(page, "bonus-deposited")).to.match(/^You deposited 150 PUSD\. It stays in until the campaign is decided/);
    // Account 4 pledged 100 PUSD earlier: a failure would now add its share.
    expect(await text(page, "bonus-yours")).to.match(/^If this campaign fails you get your 100 PUSD back plus about [\d.]+ PUSD \(for a failure at its deadline, .+\)\.$/);
    // At 390 px the bonus, its terms and the forms fit without sideways scroll.
    await page.setViewportSize({ width: 390, height: 900 });
    await page.click('[data-testid="deposit-bonus"] summary');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).to.equal(true);
    const sticking = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('[data-testid="bonus"] *'))
        .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map((element) => `${element.tagName} ${element.textContent?.slice(0, 40) ?? ""}`),
    );
    expect(sticking).to.deep.equal([]);
    await page.screenshot({ path: path.join(REPORTS, "campaign-bonus-390px.png"), fullPage: true });
    const addresses = await readDeployment(path.resolve("deploy", "deployments"), deploymentId);
    const bonus = await new OpenPledgeClient(addresses, provider).getBonus(5n, { account: sponsor });
    expect(bonus.pot).to.equal(150_000_000n);
    expect(bonus.account.deposited).to.equal(150_000_000n);
    await page.close();
  });

  // Last: it moves the chain's clock past the new campaign's deadline.
  it("the refund bonus's wording: a quote that reaches the goal is a most, not a promise; the figure comes before its terms; a maintainer's self-dealing with and without a deposit", async () => {
    const addresses = await readDeployment(path.resolve("deploy", "deployments"), deploymentId);
    const reader = new OpenPledgeClient(addresses, provider);
    const [maintainer, backer] = [accounts[1] ?? "", accounts[3] ?? ""];
    const now = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
    const { campaignId: id } = await new OpenPledgeClient(addresses, await provider.getSigner(1)).openCampaign({
      projectId: 1n,
      specURI: "https://github.com/openpledge/openpledge/issues/12#wording",
      token: "ETH",
      goal: "5",
      deadline: now + 5n * 86_400n,
      lastCallSeconds: 86_400n,
    });
    // 1.75 of 5 ETH pledged, and a sponsor's bonus of 0.25 ETH (5% of the goal).
    await new OpenPledgeClient(addresses, await provider.getSigner(2)).pledge(id, "1.75");
    await new OpenPledgeClient(addresses, await provider.getSigner(10)).depositBonus(id, "0.25");

    let page = await open(`#/campaign/${id}`, { account: backer, rejectNext: false });
    await connect(page);
    const typeAmount = async (typed: string) => {
      await page.fill('[data-testid="pledge-amount"]', typed);
      await page.waitForSelector(`[data-testid="pledge-quote"][data-for="${typed}"]`);
      return text(page, "pledge-quote");
    };
    /** The "at most X ETH" of a line, in wei. */
    const most = (shown: string) => parseEther((/at most ([\d.,]+) ETH/.exec(shown)?.[1] ?? "-1").replaceAll(",", ""));
    // Short of the goal: the plain failure quote, a minimum.
    const three = await typeAmount("3");
    expect(three, three).to.match(/^If this campaign fails you get your 3 ETH back plus about 0\.\d+ ETH: a minimum for a failure at its deadline; read the terms below\.$/);
    expect(about(three, (await reader.getBonus(id, { account: backer, amount: parseEther("3") })).account.quote)).to.equal(true);
    // Exactly to the goal: it would reach it, so the figure is a most.
    const exact = await typeAmount("3.25");
    expect(exact, exact).to.match(
      /^This pledge would reach the goal: the total would be 5 ETH of 5 ETH, so the campaign could then fail only if others withdraw \(and a withdrawal restarts the credit of what stays in\), or if it is cancelled \(or succeeds and nobody claims it in time\)\. If it failed at its deadline you would get your 3\.25 ETH back plus at most 0\.\d+ ETH: if the backers' credit then adds up to more than the goal's, the shares are scaled down so that together they fit in the bonus\. Not a promise; read the terms below\.$/,
    );
    const exactQuote = (await reader.getBonus(id, { account: backer, amount: parseEther("3.25") })).account.quote;
    expect(most(exact) >= exactQuote && most(exact) - exactQuote <= exactQuote / 1_000n, `${most(exact)} vs ${exactQuote}`).to.equal(true);
    expect(exact).not.to.match(/minimum|about/);
    // Far past the goal: the chain's figure is the whole bonus, and the line says so.
    const ten = await typeAmount("10");
    expect(ten, ten).to.match(/^This pledge would reach the goal: the total would be 11\.75 ETH of 5 ETH, so the campaign could then fail only if others withdraw /);
    expect(ten).to.contain("you would get your 10 ETH back plus at most 0.25 ETH, the whole bonus: ");
    expect((await reader.getBonus(id, { account: backer, amount: parseEther("10") })).account.quote).to.equal(parseEther("0.25"));
    // The figure first, then its terms (all six), after the pledge form.
    expect(await page.locator('[data-testid="bonus-terms"] li').count()).to.equal(6);
    // (a string, not a function: the test's compiler would wrap named helpers in a function the page does not have)
    const order = (await page.evaluate(`(() => {
      const at = (id) => document.querySelector('[data-testid="' + id + '"]');
      const before = (a, b) => a !== null && b !== null && (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
      return { quoteFirst: before(at("pledge-quote"), at("bonus-terms")), rateFirst: before(at("bonus-rate"), at("bonus-terms")) };
    })()`)) as { quoteFirst: boolean; rateFirst: boolean };
    expect(order).to.deep.equal({ quoteFirst: true, rateFirst: true });
    expect(await text(page, "term-minimum")).to.match(/A pledge that takes the total to the goal is the exception: its figure is a most, never more than the whole bonus\.$/);
    await page.screenshot({ path: path.join(REPORTS, "campaign-bonus-reaches-goal.png"), fullPage: true });
    await page.close();

    // A maintainer who deposited nothing: a sponsor's bonus pays their pledge like anyone's, so no "never more than you put in".
    page = await open(`#/campaign/${id}`, { account: maintainer, rejectNext: false });
    await connect(page);
    const without = await text(page, "bonus-self-dealing");
    expect(without).to.equal(
      "You maintain this project. You have deposited nothing into this bonus: if it fails, a maintainer backing their own campaign earns a share at the same rate as any backer, sponsors' deposits included, so your pledge comes back with its share on top, like anyone's. " +
        "Below the goal it takes nothing from other backers' shares, and a cancellation does not keep the bonus for you: it pays backers what they earned until then.",
    );
    expect(without).not.to.match(/more than you put in/);
    await page.close();

    // Once the maintainer deposits, "never more than you put in" is said of that deposit only.
    await new OpenPledgeClient(addresses, await provider.getSigner(1)).depositBonus(id, "0.05");
    expect((await reader.getBonus(id, { account: maintainer })).account.deposited).to.equal(parseEther("0.05"));
    page = await open(`#/campaign/${id}`, { account: maintainer, rejectNext: false });
    await connect(page);
    expect(await text(page, "bonus-self-dealing")).to.equal(
      "You maintain this project. If it fails, a pledge of yours earns a share of the whole bonus at the same rate as any backer's, sponsors' deposits included. " +
        "Of your own deposit of 0.05 ETH you never get back more than you put in: it pays the backers' shares (yours among them) first, and you reclaim what they leave. " +
        "What other depositors put in is not yours: your pledge earns from it like anyone's, so with a sponsor's bonus in it you can get back more than you put in. " +
        "Below the goal it takes nothing from other backers' shares, and a cancellation does not keep the bonus for you: it pays backers what they earned until then.",
    );
    await page.close();
  });

  it("the refund bonus: a sponsor deposits, a backer sees the quote follow what they type and pledges, the campaign fails, refunds carry the bonus, the sponsor reclaims the rest", async () => {
    const addresses = await readDeployment(path.resolve("deploy", "deployments"), deploymentId);
    const reader = new OpenPledgeClient(addresses, provider);
    const escrow = PledgeEscrow__factory.connect(escrowAddress, provider);
    const [maintainer, early, backer, sponsor] = [accounts[1] ?? "", accounts[2] ?? "", accounts[3] ?? "", accounts[10] ?? ""];
    const now = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
    const opened = await new OpenPledgeClient(addresses, await provider.getSigner(1)).openCampaign({
      projectId: 1n,
      specURI: "https://github.com/openpledge/openpledge/issues/12",
      token: "ETH",
      goal: "4",
      deadline: now + 5n * 86_400n,
      lastCallSeconds: 86_400n,
    });
    const id = opened.campaignId;
    // A pledge before any bonus: its credit counts from the first deposit.
    await new OpenPledgeClient(addresses, await provider.getSigner(2)).pledge(id, "1");

    // The sponsor: the cap, the finality, a deposit above the cap refused in words, then a deposit.
    let page = await open(`#/campaign/${id}`, { account: sponsor, rejectNext: false });
    await connect(page);
    await page.click('[data-testid="deposit-bonus"] summary');
    expect(await text(page, "deposit-cap")).to.equal(
      "At most 0.4 ETH more (the bonus may hold 10% of the goal, 0.4 ETH). The first deposit must be at least 0.04 ETH (1% of the goal); later ones may be any amount.",
    );
    expect(await text(page, "deposit-final")).to.equal(
      "A deposit is final until the campaign is decided: nobody can take it back while backers rely on it. If the campaign succeeds, it comes back to you. " +
        "If it fails or is cancelled (or lapses unclaimed), backers' shares are paid first and you reclaim what they leave. " +
        "The bonus goes to whoever backs a failing campaign, the maintainers' own addresses included: their pledges earn shares at the same rate as anyone's.",
    );
    await page.fill('[data-testid="deposit-amount"]', "0.5");
    await page.click('[data-testid="deposit-button"]');
    const tooMuch = await settled(page);
    expect(tooMuch.state).to.equal("failed");
    expect(tooMuch.text, tooMuch.text).to.match(/^The contract refused: BonusTooLarge: .*may hold at most 0\.4 ETH \(10% of its goal\), and this deposit would take it to 0\.5 ETH: deposit at most 0\.4 ETH/);
    await page.fill('[data-testid="deposit-amount"]', "0.2");
    await page.click('[data-testid="deposit-button"]');
    const deposit = await settled(page);
    expect(deposit.state).to.equal("confirmed");
    expect(deposit.text).to.match(/You deposited 0\.2 ETH; the bonus is now 0\.2 ETH\.$/);
    await page.waitForSelector('[data-testid="bonus-pot"]');
    expect(await text(page, "bonus-pot")).to.equal("0.2 ETH, 5% of the goal (it may hold up to 0.4 ETH).");
    expect(await text(page, "bonus-where")).to.equal(
      "If the campaign fails, is cancelled, or succeeds but nobody claims it within its claim window, each backer's refund is their pledge plus their share of the bonus, " +
        "and the depositors take back what the shares leave. If it succeeds, the bonus goes back to whoever deposited it, each their own part.",
    );
    expect(await text(page, "bonus-deposited")).to.equal(
      "You deposited 0.2 ETH. It stays in until the campaign is decided: a success gives it back to you; a failure or a cancellation pays backers' shares first, and you reclaim what they leave.",
    );
    await page.click('[data-testid="deposit-bonus"] summary');
    expect(await text(page, "deposit-cap")).to.equal("At most 0.2 ETH more (the bonus may hold 10% of the goal, 0.4 ETH).");
    expect((await reader.getBonus(id, { account: sponsor })).account.deposited).to.equal(parseEther("0.2"));
    await page.close();

    // A backer: the terms before pledging, and the quote following what they type.
    page = await open(`#/campaign/${id}`, { account: backer, rejectNext: false });
    await connect(page);
    expect(await text(page, "bonus-rate")).to.match(
      /^A share is a rate, not a split: a backer gets 5% of their pledge \(the bonus ÷ the goal\) for a pledge in through the whole bonus period, less for part of it\. Other backers' pledges do not lower it\. The bonus period runs from .+ to .+\.$/,
    );
    expect(await text(page, "term-minimum")).to.match(/^The figure is a minimum for a failure at the deadline \(.+\): more bonus, or a deadline the last call moves later, only raise it, and no other pledge can lower it\. It is worked out as of the latest block/);
    expect(await text(page, "term-withdrawal")).to.equal("A withdrawal restarts the credit of what remains: take back part of your pledge and the rest counts only from then.");
    expect(await text(page, "term-late")).to.match(/^A late pledge earns little: /);
    expect(await text(page, "term-cancel")).to.match(/^A cancellation ends the credit then: .* so cancelling costs the maintainers the bonus earned so far\.$/);
    expect(await text(page, "term-above-goal")).to.match(/^A total above the goal scales the shares down: /);
    expect(await text(page, "term-success")).to.equal(
      "If the campaign succeeds, your pledge is paid out like any pledge, with no bonus, and the last-call rules may hold it: once the goal has stood for more than 1 day, you can no longer take back what keeps the total at the goal.",
    );
    expect(await page.locator('[data-testid="bonus-self-dealing"]').count()).to.equal(0);
    expect(await text(page, "pledge-quote")).to.equal("Type an amount to see what a failure would pay you back.");
    const typeAmount = async (typed: string) => {
      await page.fill('[data-testid="pledge-amount"]', typed);
      await page.waitForSelector(`[data-testid="pledge-quote"][data-for="${typed}"]`);
      return text(page, "pledge-quote");
    };
    const one = await typeAmount("1");
    expect(one).to.match(/^If this campaign fails you get your 1 ETH back plus about 0\.\d+ ETH: a minimum for a failure at its deadline; read the terms below\.$/);
    expect(about(one, (await reader.getBonus(id, { account: backer, amount: parseEther("1") })).account.quote)).to.equal(true);
    const two = await typeAmount("2");
    expect(two, two).to.match(/^If this campaign fails you get your 2 ETH back plus about 0\.\d+ ETH/);
    expect(about(two, (await reader.getBonus(id, { account: backer, amount: parseEther("2") })).account.quote)).to.equal(true);
    expect(two).not.to.equal(one);
    expect(await typeAmount("1,5")).to.equal('bad amount "1,5": use a dot as the decimal point: write 1.5; commas are not accepted.');
    await page.screenshot({ path: path.join(REPORTS, "campaign-bonus-quote.png"), fullPage: true });
    await page.fill('[data-testid="pledge-amount"]', "2");
    await page.click('[data-testid="pledge-button"]');
    expect((await settled(page)).state).to.equal("confirmed");
    await page.waitForSelector('[data-testid="your-pledge"]:has-text("2 ETH")');
    expect(await text(page, "bonus-yours")).to.match(/^If this campaign fails you get your 2 ETH back plus about 0\.\d+ ETH \(for a failure at its deadline, .+\)\. Your pledge's credit counts from .+\.$/);
    expect(about(await text(page, "bonus-yours"), (await reader.getBonus(id, { account: backer })).account.quote)).to.equal(true);
    expect(await text(page, "withdraw-bonus-note")).to.equal("A withdrawal restarts the bonus credit of what you leave in: it counts from then.");
    await page.close();

    // A maintainer of the project reads what pledging into their own campaign does with their bonus.
    page = await open(`#/campaign/${id}`, { account: maintainer, rejectNext: false });
    await connect(page);
    // They deposited nothing (the sponsor did): no "never more than you put in", but the same rate as any backer.
    expect(await text(page, "bonus-self-dealing")).to.match(
      /^You maintain this project\. You have deposited nothing into this bonus: if it fails, a maintainer backing their own campaign earns a share at the same rate as any backer, sponsors' deposits included/,
    );
    expect(await text(page, "bonus-self-dealing")).not.to.match(/more than you put in/);
    expect(await text(page, "cancel-bonus-note")).to.equal(
      "With a refund bonus, cancelling pays every backer their pledge plus what it earned of the bonus until now; the depositors take back the rest.",
    );
    await page.screenshot({ path: path.join(REPORTS, "campaign-bonus-maintainer.png"), fullPage: true });
    await page.close();

    // Past the deadline with 3 ETH of 4: the campaign failed, and each refund carries the backer's share.
    await provider.send("evm_increaseTime", [6 * 86_400]);
    await provider.send("evm_mine", []);
    page = await open(`#/campaign/${id}`, { account: backer, rejectNext: false });
    await connect(page);
    expect(await text(page, "state")).to.equal("Failed");
    const share = (await reader.getBonus(id, { account: backer })).account.share;
    expect(share > parseEther("0.09") && share < parseEther("0.1")).to.equal(true);
    const shareText = formatEther(share);
    expect(await text(page, "promise-main")).to.equal(`The campaign did not reach 4 ETH: you get your 2 ETH back in full plus ${shareText} ETH of the refund bonus, at any time.`);
    expect(await text(page, "bonus-yours")).to.equal(`Your refund: your 2 ETH plus ${shareText} ETH of the bonus (${formatEther(parseEther("2") + share)} ETH in all).`);
    expect(await text(page, "bonus-where")).to.match(/^The campaign failed: the bonus goes to its backers\. /);
    expect(await text(page, "refund-button")).to.equal(`Refund ${formatEther(parseEther("2") + share)} ETH`);
    expect(await text(page, "refund-parts")).to.equal(`your 2 ETH pledge plus ${shareText} ETH of the refund bonus`);
    expect(await page.locator('[data-testid="deposit-bonus"]').count()).to.equal(0);
    await page.screenshot({ path: path.join(REPORTS, "campaign-bonus-failed.png"), fullPage: true });
    let before = await provider.getBalance(backer);
    await page.click('[data-testid="refund-button"]');
    const refunded = await settled(page);
    expect(refunded.state, refunded.text).to.equal("confirmed");
    expect(refunded.text).to.match(new RegExp(`You got 2 ETH back plus ${shareText.replace(".", "\\.")} ETH of the refund bonus\\.$`));
    let gained = (await provider.getBalance(backer)) - before;
    expect(gained > parseEther("2") + share - parseEther("0.01") && gained < parseEther("2") + share).to.equal(true); // minus the gas
    // Once refunded, the campaign's page still says what came back (read from the campaign's events).
    await page.waitForSelector('[data-testid="bonus-refunded"]');
    expect(await text(page, "bonus-refunded")).to.match(
      new RegExp(`^You were refunded ${formatEther(parseEther("2") + share).replace(".", "\\.")} ETH on .+: your 2 ETH pledge plus ${shareText.replace(".", "\\.")} ETH of the refund bonus\\.$`),
    );
    expect(await page.locator('[data-testid="refund-button"]').count()).to.equal(0);
    await page.close();

    // The early backer refunds from My pledges: their whole pledge held the whole period, so 5% of it.
    page = await open("#/pledges", { account: early, rejectNext: false });
    await connect(page);
    await page.waitForSelector(`[data-testid="refundable-${id}"]`);
    expect(await text(page, `refundable-${id}`)).to.equal(`Campaign ${id} Failed 1 ETH plus 0.05 ETH of the refund bonus to take back Refund`);
    expect(await text(page, `pledge-bonus-${id}`)).to.equal("0.05 ETH with your refund");
    await page.screenshot({ path: path.join(REPORTS, "my-pledges-bonus.png"), fullPage: true });
    await page.click(`[data-testid="refund-${id}"]`);
    const fromList = await settled(page);
    expect(fromList.state).to.equal("confirmed");
    expect(fromList.text).to.match(/You got 1 ETH back plus 0\.05 ETH of the refund bonus\.$/);
    await page.waitForSelector(`[data-testid="pledge-bonus-${id}"]:has-text("received")`);
    expect(await text(page, `pledge-bonus-${id}`)).to.equal("0.05 ETH received");
    expect(await escrow.pledgeOf(id, early)).to.equal(0n);
    await page.close();

    // The sponsor reclaims what the shares leave, from the campaign's page; My pledges lists the deposit.
    const left = (await reader.getBonus(id, { account: sponsor })).account.reclaimable;
    expect(left > 0n && left < parseEther("0.06")).to.equal(true);
    page = await open(`#/pledges`, { account: sponsor, rejectNext: false });
    await connect(page);
    await page.waitForSelector(`[data-testid="deposit-${id}"]`);
    expect(await text(page, `deposit-${id}`)).to.equal(
      `Campaign ${id} Failed You deposited 0.2 ETH. The funding did not go through: the backers' shares come first, and you can reclaim ${formatEther(left)} ETH. Reclaim ${formatEther(left)} ETH`,
    );
    await page.goto(`${appUrl}#/campaign/${id}`);
    await page.waitForSelector('[data-testid="reclaim-button"]');
    expect(await text(page, "bonus-deposited")).to.equal(`You deposited 0.2 ETH: you can reclaim ${formatEther(left)} ETH of it (the backers' shares take the rest) now. Reclaim ${formatEther(left)} ETH`);
    before = await provider.getBalance(sponsor);
    await page.click('[data-testid="reclaim-button"]');
    const reclaimed = await settled(page);
    expect(reclaimed.state).to.equal("confirmed");
    expect(reclaimed.text).to.match(new RegExp(`You reclaimed ${formatEther(left).replace(".", "\\.")} ETH\\.$`));
    gained = (await provider.getBalance(sponsor)) - before;
    expect(gained > left - parseEther("0.01") && gained < left).to.equal(true); // minus the gas
    expect(await page.locator('[data-testid="reclaim-button"]').count()).to.equal(0);
    expect((await reader.getBonus(id, { account: sponsor })).account.deposited).to.equal(0n);
    // Once reclaimed, the campaign's page still says what came back of the deposit.
    await page.waitForSelector('[data-testid="bonus-reclaimed"]');
    expect(await text(page, "bonus-reclaimed")).to.match(
      new RegExp(`^You reclaimed ${formatEther(left).replace(".", "\\.")} ETH on .+ of the 0\\.2 ETH you deposited \\(the backers' shares took the other ${formatEther(parseEther("0.2") - left).replace(".", "\\.")} ETH\\)\\.$`),
    );
    expect(await page.locator('[data-testid="bonus-deposited"]').count()).to.equal(0);
    await page.goto(`${appUrl}#/pledges`);
    await page.waitForSelector(`[data-testid="deposit-${id}"]`);
    expect(await text(page, `deposit-${id}`)).to.equal(`Campaign ${id} Failed You deposited 0.2 ETH. You reclaimed ${formatEther(left)} ETH.`);
    // Nothing on these pages is in wei, unix seconds or basis points.
    expect(await page.textContent("#content")).not.to.match(/(?<![.\d])\d{12,}|\bbps\b|\bwei\b/);
    await page.close();
  });

  // Last: it moves the chain's clock past its campaigns' deadlines, then 181 days further.
  it("builder and dependency shares: the owner sets dependencies and opens a campaign with a builder share, nominates a builder who accepts; after the claim the builder and a dependency's maintainer withdraw from Owed to you; a waiting share is released", async () => {
    const host = documents;
    if (host === undefined) throw new Error("no document host");
    const addresses = await readDeployment(path.resolve("deploy", "deployments"), deploymentId);
    const reader = new OpenPledgeClient(addresses, provider);
    const escrow = PledgeEscrow__factory.connect(escrowAddress, provider);
    const [owner, depOwner, depPayout, builder, backer, payout, builderWallet] = [11, 12, 13, 14, 15, 16, 17].map((index) => accounts[index] ?? "");
    const noWeiOrBps = /(?<![.\d])\d{12,}|\bbps\b|\bwei\b/;
    const eth = ZeroAddress.toLowerCase();

    // The seed's campaign 9: claimed with a builder share and project 1's two dependencies.
    let page = await open("#/campaign/9", { account: backer, rejectNext: false });
    await page.waitForSelector('[data-testid="split"]');
    expect(await text(page, "split-amounts")).to.equal(
      `Of the 2 ETH claimed: 1.55 ETH to the project, 0.3 ETH to the builder ${short(accounts[6])}, 0.1 ETH to project 2 (example-lib), 0.05 ETH to project 3 (hashkit).`,
    );
    expect(await text(page, "split-percents")).to.equal("Of every claim: 77.5% to the project, 15% to the builder, 5% to project 2 (example-lib), 2.5% to project 3 (hashkit), no protocol fee.");
    await page.close();
    // Its campaign 10 offers account 7 the builder role: "Owed to you" lists it, to accept.
    page = await open("#/owed", { account: accounts[7] ?? "", rejectNext: false });
    await connect(page);
    await page.waitForSelector('[data-testid="nomination-10"]');
    expect(await text(page, "nomination-10")).to.equal("Campaign 10: you are nominated as its builder, for 10% of every claim. Accept the builder role");
    await page.close();

    // Two projects the new one builds on: "Parser kit" (paid to account 13) and "Logger" (paid to its owner).
    const dependencyOwner = new OpenPledgeClient(addresses, await provider.getSigner(12));
    const parser = (await dependencyOwner.registerProject({ metadataURI: host.pin(JSON.stringify({ name: "Parser kit" })), payout: depPayout })).projectId;
    const logger = (await dependencyOwner.registerProject({ metadataURI: host.pin(JSON.stringify({ name: "Logger" })), payout: depOwner })).projectId;
    const ownerClient = new OpenPledgeClient(addresses, await provider.getSigner(11));
    const id = (await ownerClient.registerProject({ metadataURI: host.pin(JSON.stringify({ name: "Shared app" })), payout })).projectId;

    // The owner sets the dependency list on the project's page: checked before anything is sent.
    page = await open(`#/project/${id}`, { account: owner, rejectNext: false });
    await connect(page);
    expect(await text(page, "dependencies")).to.equal("This project has declared no dependencies: its campaigns share nothing with the projects it builds on.");
    await page.click('[data-testid="set-dependencies"] summary');
    await page.fill('[data-testid="dependency-project-0"]', String(id));
    await page.fill('[data-testid="dependency-share-0"]', "5");
    await page.click('[data-testid="dependencies-button"]');
    expect(await settled(page)).to.deep.equal({ state: "failed", text: `Row 1: project ${id} is this project, and a project cannot list itself as a dependency: remove the row.` });
    // The form is far down the page: its refusal shows next to it too, and the row says its problem as it is typed.
    expect(await page.textContent('[data-testid="set-dependencies"] .inline-status[role="alert"]')).to.equal(
      `Row 1: project ${id} is this project, and a project cannot list itself as a dependency: remove the row.`,
    );
    expect(await text(page, "dependency-problem-0")).to.equal(`Project ${id} is this project: a project cannot list itself; remove the row.`);
    // A project by its name, another by its id; more than 50% in all: the total says so, and saving is refused.
    await page.fill('[data-testid="dependency-project-0"]', "Parser kit");
    await page.click('[data-testid="dependency-add"]');
    await page.fill('[data-testid="dependency-project-1"]', String(logger));
    await page.fill('[data-testid="dependency-share-1"]', "46");
    expect(await text(page, "dependency-total")).to.equal(
      "Total: 51% of every claim (at most 50%), 2 of at most 16 projects; a new campaign's builder share may then be at most 44%. Lower the shares by 1% before saving.",
    );
    await page.click('[data-testid="dependencies-button"]');
    expect(await settled(page)).to.deep.equal({ state: "failed", text: "The shares add up to 51%, above the 50% a dependency list may give: lower them." });
    // A row added and removed again; an unknown name refused in words.
    await page.click('[data-testid="dependency-add"]');
    await page.fill('[data-testid="dependency-project-2"]', "No such project");
    await page.fill('[data-testid="dependency-share-2"]', "1");
    await page.fill('[data-testid="dependency-share-1"]', "2.5");
    await page.click('[data-testid="dependencies-button"]');
    expect(await settled(page)).to.deep.equal({
      state: "failed",
      text: 'Row 3: no project is named "No such project" on this chain: pick one from the suggestions, or type its id (a number), or remove the row.',
    });
    await page.click('[data-testid="dependency-remove-2"]');
    expect(await page.locator('[data-testid="dependency-row-2"]').count()).to.equal(0);
    // A share that does not read as a percent: the row says why as it is typed, and the total says it leaves it out.
    await page.fill('[data-testid="dependency-share-1"]', "2,5");
    expect(await text(page, "dependency-problem-1")).to.equal("Write 2.5, with a dot.");
    expect(await text(page, "dependency-total")).to.match(/^Total: 5% of every claim .* Not counted: the share of row 2, which does not read as a percent \(see the row\)\.$/);
    await page.fill('[data-testid="dependency-share-1"]', "0.025");
    expect(await text(page, "dependency-problem-1")).to.equal("0.025%? A share is in percent with at most two decimals (0.01% is the smallest). If you meant 2.5 percent, write 2.5.");
    await page.fill('[data-testid="dependency-share-1"]', "2.5");
    expect(await page.locator('[data-testid="dependency-problem-1"]').isHidden()).to.equal(true);
    expect(await text(page, "dependency-total")).to.equal(
      "Total: 7.5% of every claim (at most 50%), 2 of at most 16 projects; a new campaign's builder share may then be at most 87.5%.",
    );
    await page.screenshot({ path: path.join(REPORTS, "project-dependency-form.png"), fullPage: true });
    // The page was read while account 11 owned the project; it no longer does: the contract's refusal, in words.
    await ownerClient.transferProjectOwnership(id, depOwner);
    await dependencyOwner.acceptProjectOwnership(id);
    await page.click('[data-testid="dependencies-button"]');
    expect(await settled(page)).to.deep.equal({
      state: "failed",
      text: `The contract refused: ${short(owner)} is not the owner of project ${id}: only its owner changes its payout address, its metadata and its dependency list, and nominates its campaigns' builders; connect the owner's account`,
    });
    await dependencyOwner.transferProjectOwnership(id, owner);
    await ownerClient.acceptProjectOwnership(id);
    await page.click('[data-testid="dependencies-button"]');
    let said = await settled(page);
    expect(said.state, said.text).to.equal("confirmed");
    expect(said.text).to.match(/\. Version 1 of the dependency list is saved \(7\.5% in all\): campaigns opened from now on freeze it; campaigns already open keep theirs\.$/);
    expect(await page.textContent('[data-testid="set-dependencies"] + .inline-status')).to.equal(said.text);
    expect((await reader.getDependencies(id)).dependencies).to.deep.equal([
      { projectId: parser, shareBps: 500n },
      { projectId: logger, shareBps: 250n },
    ]);
    await page.waitForSelector('[data-testid="dependency-list"]');
    expect(await text(page, "dependencies")).to.equal(
      `Every claim of a campaign opened now gives 5% to project ${parser} (Parser kit) and 2.5% to project ${logger} (Logger): 7.5% in all (version 1 of the list). Each campaign keeps the version it opened with.`,
    );

    // The opening form's builder share: its most given the dependencies, checked before sending.
    await page.click('[data-testid="open-campaign"] summary');
    expect(await text(page, "open-builder-max")).to.match(/^At most 87\.5%: this project's dependencies take 7\.5% of every claim and the protocol fee may take up to 5%\./);
    await page.fill('[data-testid="open-spec"]', "https://github.com/example/shared/issues/1");
    await page.uncheck('[data-testid="open-pin"]');
    await page.fill('[data-testid="open-goal"]', "2");
    await page.fill('[data-testid="open-days"]', "5");
    await page.fill('[data-testid="open-builder-share"]', "90");
    await page.click('[data-testid="open-button"]');
    expect(await settled(page)).to.deep.equal({
      state: "failed",
      text: "A builder share of 90% is more than this project's campaigns can give: its dependencies take 7.5% and the protocol fee may take up to 5%, so the builder may get at most 87.5%. Lower the builder share.",
    });
    await page.fill('[data-testid="open-builder-share"]', "15");
    await page.click('[data-testid="open-button"]');
    said = await settled(page);
    expect(said.state, said.text).to.equal("confirmed");
    const campaignId = (await reader.listCampaigns({ projectId: id }))[0]?.id ?? 0n;
    expect(said.text).to.match(new RegExp(`Campaign ${campaignId} is open with a builder share of 15%: the project's owner nominates its builder, below or on its page\\.$`));
    expect(await reader.getSplit(campaignId)).to.deep.include({ builderShareBps: 1_500n, dependencyVersion: 1n, dependencyShareBps: 750n, builder: null, nominee: null });

    // The maintainer nominates the builder from the project's page.
    await page.waitForSelector(`[data-testid="builder-campaign-${campaignId}"]`);
    expect(await text(page, `builder-state-${campaignId}`)).to.equal("15% of every claim to the builder: no builder nominated yet.");
    expect(await text(page, `campaign-split-${campaignId}`)).to.equal("Of every claim: 15% to the builder, 7.5% to 2 dependencies.");
    await page.fill(`[data-testid="assign-address-${campaignId}"]`, "0x1234");
    await page.click(`[data-testid="assign-button-${campaignId}"]`);
    expect(await settled(page)).to.deep.equal({ state: "failed", text: '"0x1234" is not an address: paste the builder\'s whole 0x… address (42 characters).' });
    await page.fill(`[data-testid="assign-address-${campaignId}"]`, builder);
    await page.click(`[data-testid="assign-button-${campaignId}"]`);
    said = await settled(page);
    expect(said.state, said.text).to.equal("confirmed");
    expect(said.text).to.match(new RegExp(`${short(builder)} is nominated for campaign ${campaignId}: they accept on the campaign's page, connected with that address\\.$`));
    expect((await reader.getSplit(campaignId)).nominee).to.equal(getAddress(builder));
    await page.waitForSelector(`[data-testid="builder-state-${campaignId}"]:has-text("nominated")`);
    expect(await text(page, `builder-state-${campaignId}`)).to.equal(`15% of every claim to the builder: ${short(builder)} nominated, not yet accepted.`);
    expect(await page.textContent("#content")).not.to.match(noWeiOrBps);
    await page.screenshot({ path: path.join(REPORTS, "project-shares.png"), fullPage: true });
    await page.close();

    // The nominee reads where the money goes, and accepts on the campaign's page.
    page = await open(`#/campaign/${campaignId}`, { account: builder, rejectNext: false });
    await connect(page);
    expect(await text(page, "split-amounts")).to.equal(
      `Of the 2 ETH goal, if it is reached and claimed: 1.55 ETH to the project, 0.3 ETH to the builder ${short(builder)} (nominated, not yet accepted), 0.1 ETH to project ${parser} (Parser kit), 0.05 ETH to project ${logger} (Logger).`,
    );
    expect(await text(page, "split-percents")).to.equal(`Of every claim: 77.5% to the project, 15% to the builder, 5% to project ${parser} (Parser kit), 2.5% to project ${logger} (Logger), no protocol fee.`);
    expect(await text(page, "split-dependencies")).to.equal(
      `Dependencies: version 1 of project ${id} (Shared app)'s list, frozen when this campaign opened: 5% to project ${parser} (Parser kit) and 2.5% to project ${logger} (Logger), 7.5% in all, to each project's payout address when its maintainers withdraw it.`,
    );
    expect(await text(page, "accept-builder-note")).to.equal("You are nominated as this campaign's builder: accepting gives you 15% of every claim from then on, to withdraw from Owed to you.");
    expect(await page.locator('[data-testid="nominate-button"]').count()).to.equal(0);
    await page.click('[data-testid="accept-builder-button"]');
    said = await settled(page);
    expect(said.state, said.text).to.equal("confirmed");
    expect(said.text).to.match(new RegExp(`You are the builder of campaign ${campaignId}\\.$`));
    await page.waitForSelector('[data-testid="handon-address"]');
    expect(await text(page, "split-builder")).to.match(new RegExp(`^The builder gets 15% of every claim: ${short(builder)} accepted the role\\. The project's owner nominates the builder`));
    expect((await reader.getSplit(campaignId)).builder).to.equal(getAddress(builder));
    await page.close();

    // A second campaign with a builder share nobody accepts; both fund, and the clock passes their deadlines.
    const now = BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
    const waitingId = (await ownerClient.openCampaign({ projectId: id, specURI: "https://github.com/example/shared/issues/2", token: "ETH", goal: "1", deadline: now + 5n * 86_400n, builderShareBps: 1_000n })).campaignId;
    const backerClient = new OpenPledgeClient(addresses, await provider.getSigner(15));
    await backerClient.pledge(campaignId, "2");
    await backerClient.pledge(waitingId, "1");
    await provider.send("evm_increaseTime", [6 * 86_400]);
    await provider.send("evm_mine", []);

    // The maintainer claims from the campaign's page: the payout gets the project's part only.
    page = await open(`#/campaign/${campaignId}`, { account: owner, rejectNext: false });
    await connect(page);
    expect(await text(page, "split-amounts")).to.equal(
      `Of the 2 ETH to claim: 1.55 ETH to the project, 0.3 ETH to the builder ${short(builder)} (accepted), 0.1 ETH to project ${parser} (Parser kit), 0.05 ETH to project ${logger} (Logger).`,
    );
    expect(await page.locator('[data-testid="nominate-button"]').count()).to.equal(0); // a builder accepted: only they hand on
    await page.screenshot({ path: path.join(REPORTS, "campaign-split.png"), fullPage: true });
    let before = await provider.getBalance(payout);
    await page.click('[data-testid="claim-button"]');
    said = await settled(page);
    expect(said.state, said.text).to.equal("confirmed");
    expect(said.text).to.match(
      new RegExp(`1\\.55 ETH went to the payout address ${short(payout)}; 0\\.3 ETH credited to the builder ${short(builder)}, 0\\.1 ETH to project ${parser}, 0\\.05 ETH to project ${logger} \\(recipients withdraw it from Owed to you\\)\\.$`),
    );
    expect(await provider.getBalance(payout)).to.equal(before + parseEther("1.55"));
    await page.waitForSelector('[data-testid="state"]:has-text("Claimed")');
    expect(await text(page, "split-amounts")).to.match(/^Of the 2 ETH claimed: 1\.55 ETH to the project, 0\.3 ETH to the builder /);
    expect(await escrow.builderSharesOf(builder, ZeroAddress)).to.equal(parseEther("0.3"));
    expect(await escrow.projectSharesOf(parser, ZeroAddress)).to.equal(parseEther("0.1"));
    expect(await escrow.projectSharesOf(logger, ZeroAddress)).to.equal(parseEther("0.05"));
    expect(await page.textContent("#content")).not.to.match(noWeiOrBps);
    await page.close();

    // The builder finds it under "Owed to you" and has it sent to another wallet of theirs.
    page = await open("#/", { account: builder, rejectNext: false });
    await connect(page);
    await page.click('[data-testid="nav-owed"]');
    await page.waitForSelector(`[data-testid="owed-builder-${eth}"]`);
    expect(await text(page, `owed-builder-${eth}`)).to.match(/^0\.3 ETH from the campaigns you build\. Send to Withdraw 0\.3 ETH Leave “Send to” empty to receive it at /);
    expect(await text(page, "owed-projects-empty")).to.match(/^Nothing is owed to a project you maintain\./);
    await page.screenshot({ path: path.join(REPORTS, "owed-builder.png"), fullPage: true });
    await page.fill(`[data-testid="withdraw-to-${eth}"]`, escrowAddress);
    await page.click(`[data-testid="withdraw-builder-${eth}"]`);
    expect(await settled(page)).to.deep.equal({
      state: "failed",
      text: `${short(escrowAddress)} is one of OpenPledge's own contracts, which could never pass the money on: leave the field empty to receive it yourself, or give another address.`,
    });
    await page.fill(`[data-testid="withdraw-to-${eth}"]`, builderWallet);
    before = await provider.getBalance(builderWallet);
    await page.click(`[data-testid="withdraw-builder-${eth}"]`);
    said = await settled(page);
    expect(said.state, said.text).to.equal("confirmed");
    expect(said.text).to.match(new RegExp(`0\\.3 ETH went to ${short(builderWallet)}\\.$`));
    expect(await provider.getBalance(builderWallet)).to.equal(before + parseEther("0.3"));
    expect(await escrow.builderSharesOf(builder, ZeroAddress)).to.equal(0n);
    await page.waitForSelector('[data-testid="owed-builder-empty"]');
    await page.setViewportSize({ width: 390, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).to.equal(true);
    // The builder hands the role on from the campaign's page (not to themselves); what they were credited stays theirs.
    await page.setViewportSize({ width: 1100, height: 900 });
    await page.goto(`${appUrl}#/campaign/${campaignId}`);
    await page.waitForSelector('[data-testid="handon-address"]');
    await page.fill('[data-testid="handon-address"]', builder);
    await page.click('[data-testid="handon-button"]');
    expect(await settled(page)).to.deep.equal({ state: "failed", text: "That is your own address: you are the builder already. Type the next builder's address." });
    await page.fill('[data-testid="handon-address"]', builderWallet);
    await page.click('[data-testid="handon-button"]');
    said = await settled(page);
    expect(said.state, said.text).to.equal("confirmed");
    expect(said.text).to.match(new RegExp(`${short(builderWallet)} is nominated: once they accept on this page, later claims pay them; what was credited to you stays yours\\.$`));
    await page.waitForSelector('[data-testid="split-builder"]:has-text("handing it on")');
    expect(await text(page, "split-builder")).to.match(
      new RegExp(`^The builder gets 15% of every claim: ${short(builder)} accepted the role; they are handing it on to ${short(builderWallet)}, who has not accepted yet\\.`),
    );
    expect(await reader.getSplit(campaignId)).to.deep.include({ builder: getAddress(builder), nominee: getAddress(builderWallet) });
    // The next builder accepts: what was claimed still names who was credited, not the builder now.
    await new OpenPledgeClient(addresses, await provider.getSigner(17)).acceptBuilder(campaignId);
    await page.reload();
    await page.waitForSelector(`[data-testid="split-builder"]:has-text("${short(builderWallet)} accepted the role")`);
    expect(await text(page, "split-amounts")).to.equal(
      `Of the 2 ETH claimed: 1.55 ETH to the project, 0.3 ETH to the builder ${short(builder)}, 0.1 ETH to project ${parser} (Parser kit), 0.05 ETH to project ${logger} (Logger).`,
    );
    await page.close();

    // The dependencies' maintainer withdraws Parser kit's share: it goes to Parser kit's payout address.
    page = await open("#/owed", { account: depOwner, rejectNext: false });
    await connect(page);
    await page.waitForSelector(`[data-testid="owed-project-${parser}-${eth}"]`);
    expect(await text(page, `owed-project-${parser}-${eth}`)).to.equal(
      `project ${parser} (Parser kit): 0.1 ETH, paid to its payout address ${short(depPayout)}. Withdraw 0.1 ETH to the payout address`,
    );
    expect(await text(page, `owed-project-${logger}-${eth}`)).to.equal(
      `project ${logger} (Logger): 0.05 ETH, paid to its payout address ${short(depOwner)}. Withdraw 0.05 ETH to the payout address`,
    );
    expect(await page.textContent("#content")).not.to.match(noWeiOrBps);
    await page.screenshot({ path: path.join(REPORTS, "owed-projects.png"), fullPage: true });
    before = await provider.getBalance(depPayout);
    await page.click(`[data-testid="withdraw-project-${parser}-${eth}"]`);
    said = await settled(page);
    expect(said.state, said.text).to.equal("confirmed");
    expect(said.text).to.match(new RegExp(`0\\.1 ETH went to project ${parser}'s payout address ${short(depPayout)}\\.$`));
    expect(await provider.getBalance(depPayout)).to.equal(before + parseEther("0.1"));
    expect(await escrow.projectSharesOf(parser, ZeroAddress)).to.equal(0n);
    await page.waitForSelector(`[data-testid="owed-project-${parser}-${eth}"]`, { state: "detached" });
    expect(await page.locator(`[data-testid="owed-project-${logger}-${eth}"]`).count()).to.equal(1);
    await page.close();

    // The second campaign is claimed without a builder: its share waits, then anyone releases it to the project.
    await ownerClient.claim(waitingId);
    const waiting = await reader.getSplit(waitingId);
    expect(waiting.waiting).to.equal(parseEther("0.1"));
    page = await open(`#/campaign/${waitingId}`, { account: backer, rejectNext: false });
    await connect(page);
    expect(await text(page, "split-builder")).to.equal(
      `The builder gets 10% of every claim: nobody has accepted yet: 0.1 ETH waits until ${formatDate(waiting.releasableAt ?? 0n)}; a builder who accepts before then takes it, and after it anyone can release it to the project. The project's owner nominates the builder, who accepts on this page; once one has accepted, only they can hand the role on. Recipients withdraw what is owed to them from Owed to you.`,
    );
    expect(await text(page, "split-amounts")).to.equal(
      `Of the 1 ETH claimed: 0.825 ETH to the project, 0.1 ETH waits for a builder to accept (until ${formatDate(waiting.releasableAt ?? 0n)}; after that anyone can release it to the project), 0.05 ETH to project ${parser} (Parser kit), 0.025 ETH to project ${logger} (Logger).`,
    );
    expect(await text(page, "release-later")).to.equal(`From ${formatDate(waiting.releasableAt ?? 0n)}, if no builder has accepted, anyone can release the 0.1 ETH that waits to the project.`);
    await page.screenshot({ path: path.join(REPORTS, "campaign-split-waiting.png"), fullPage: true });
    await provider.send("evm_increaseTime", [181 * 86_400]);
    await provider.send("evm_mine", []);
    await page.reload();
    await page.waitForSelector('[data-testid="split"]');
    await connect(page);
    await page.waitForSelector('[data-testid="release-builder-share-button"]');
    await page.click('[data-testid="release-builder-share-button"]');
    said = await settled(page);
    expect(said.state, said.text).to.equal("confirmed");
    expect(said.text).to.match(/0\.1 ETH went to the project's credit: its maintainers withdraw it to its payout address from Owed to you\.$/);
    expect(await escrow.projectSharesOf(id, ZeroAddress)).to.equal(parseEther("0.1"));
    await page.waitForSelector('[data-testid="release-builder-share-button"]', { state: "detached" });
    // What was claimed names where the builder's part went: released, not to a builder.
    expect(await text(page, "split-amounts")).to.equal(
      `Of the 1 ETH claimed: 0.825 ETH to the project, 0.1 ETH of the builder's share released to the project (no builder accepted in time), 0.05 ETH to project ${parser} (Parser kit), 0.025 ETH to project ${logger} (Logger).`,
    );
    await page.close();
    // The project's maintainer sees it owed to the project.
    page = await open("#/owed", { account: owner, rejectNext: false });
    await connect(page);
    await page.waitForSelector(`[data-testid="owed-project-${id}-${eth}"]`);
    expect(await text(page, `owed-project-${id}-${eth}`)).to.match(new RegExp(`^project ${id} \\(Shared app\\): 0\\.1 ETH, paid to its payout address ${short(payout)}\\.`));
    await page.close();
  });

  it("feature requests: anyone asks from a project's page, two wallets pledge, the list ranks by support (not money alone); a maintainer accepts with terms and the campaign keeps the pledges; another is declined and refunded", async () => {
    const host = documents;
    if (host === undefined) throw new Error("no document host");
    const addresses = await readDeployment(path.resolve("deploy", "deployments"), deploymentId);
    const reader = new OpenPledgeClient(addresses, provider);
    const [owner, asker, second] = [18, 19, 10].map((index) => accounts[index] ?? "");
    const noWeiOrBps = /(?<![.\d])\d{12,}|\bbps\b|\bwei\b/;
    const DAY = 86_400n;
    const chainNow = async () => BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
    const ownerClient = new OpenPledgeClient(addresses, await provider.getSigner(18));
    const projectId = (await ownerClient.registerProject({ metadataURI: host.pin(JSON.stringify({ name: "Wishlist" })), payout: owner })).projectId;
    const issue = "https://github.com/example/wishlist/issues/1";

    // Anyone with a wallet asks, from the project's page; an expiry too soon is refused in words before sending.
    let page = await open(`#/project/${projectId}`, { account: asker, rejectNext: false });
    await connect(page);
    await page.waitForSelector('[data-testid="requests"]');
    expect(await text(page, "requests-why")).to.match(/^Ranked by support: each pledge's amount times how long it has been held \(shown in token·days\)\. Not by money alone.+Not by the number of backers/);
    expect(await text(page, "requests-empty")).to.match(/^No request with money in yet\./);
    await page.click('[data-testid="ask-feature"] summary');
    expect(await text(page, "ask-expiry-range")).to.match(/^Between .+ and .+: at least 7 days, so that the maintainers have time to answer, and at most 365 days\./);
    await page.fill('[data-testid="ask-spec"]', issue);
    await page.fill('[data-testid="ask-expiry"]', dayOf((await chainNow()) + 2n * DAY));
    await page.click('[data-testid="ask-button"]');
    let said = await settled(page);
    expect(said.state).to.equal("failed");
    expect(said.text).to.match(/^Pick an expiry on or after .+: a request stays open at least 7 days, so that the maintainers have time to answer\.$/);
    await page.fill('[data-testid="ask-expiry"]', dayOf((await chainNow()) + 30n * DAY));
    await page.click('[data-testid="ask-button"]');
    said = await settled(page);
    expect(said.state, said.text).to.equal("confirmed");
    const wanted = BigInt(/Request #(\d+) is open until /.exec(said.text)?.[1] ?? "0");
    const asked = await reader.getRequest(wanted);
    expect(asked).to.deep.include({ projectId, specURI: issue, state: "Requested", pledged: 0n });
    expect(formatDate(asked.expiry)).to.contain(new Date(Number(asked.expiry) * 1000).getFullYear().toString());
    // Nothing pledged yet: the request is collapsed under "1 unfunded request".
    await page.waitForSelector('[data-testid="requests-unfunded-summary"]');
    expect(await text(page, "requests-unfunded-summary")).to.equal("1 unfunded request — show");
    await page.close();

    // Two more, by another wallet: the same issue again (a duplicate), and one the maintainers will decline.
    const secondClient = new OpenPledgeClient(addresses, await provider.getSigner(10));
    const expiry = (await chainNow()) + 40n * DAY;
    const duplicate = (await secondClient.openRequest({ projectId, token: "ETH", expiry, specURI: issue })).requestId;
    const unwanted = (await secondClient.openRequest({ projectId, token: "ETH", expiry, specURI: "https://github.com/example/wishlist/issues/2" })).requestId;

    // Two wallets pledge to the first request from its page, as to a campaign.
    page = await open(`#/request/${wanted}`, { account: asker, rejectNext: false });
    await connect(page);
    expect(await text(page, "state")).to.equal("Open");
    expect(await text(page, "request-state")).to.match(/^Open until .+ \(\d+ d \d+ h left\)\. A maintainer of project \d+ can accept it with terms/);
    expect(await text(page, "request-duplicates")).to.match(/^The same spec asked more than once; each is ranked on its own:/);
    expect(await text(page, `request-duplicate-${duplicate}`)).to.equal(`#${duplicate}: open`);
    await page.fill('[data-testid="pledge-amount"]', "1");
    await page.click('[data-testid="pledge-button"]');
    said = await settled(page);
    expect(said.state, said.text).to.equal("confirmed");
    expect(said.text).to.match(new RegExp(`You pledged 1 ETH to request #${wanted}\\.$`));
    await page.waitForSelector('[data-testid="your-pledge"]:has-text("1 ETH")');
    await page.close();
    page = await open(`#/request/${wanted}`, { account: second, rejectNext: false });
    await connect(page);
    await page.fill('[data-testid="pledge-amount"]', "0.75");
    await page.click('[data-testid="pledge-button"]');
    expect((await settled(page)).state).to.equal("confirmed");
    // A withdrawal restarts the support of what stays in; the page says so beside the field.
    expect(await text(page, "withdraw-note")).to.match(/A withdrawal restarts the support of what you leave in/);
    await page.fill('[data-testid="withdraw-amount"]', "0.25");
    await page.click('[data-testid="withdraw-button"]');
    said = await settled(page);
    expect(said.state, said.text).to.equal("confirmed");
    expect(said.text).to.match(/You took back 0\.25 ETH\.$/);
    expect(await reader.pledgeOf(wanted, second)).to.equal(parseEther("0.5"));
    await page.close();

    // A day later, the duplicate gets more money than the first has, but only now: the first still ranks above it.
    await provider.send("evm_increaseTime", [86_400]);
    await provider.send("evm_mine", []);
    await secondClient.pledge(duplicate, "3");
    await new OpenPledgeClient(addresses, await provider.getSigner(19)).pledge(unwanted, "0.3");
    page = await open(`#/project/${projectId}`, { account: asker, rejectNext: false });
    await page.waitForSelector('[data-testid="requests-ranked"]');
    const order = await page.$$eval('[data-testid="requests-ranked"] > li', (items) => items.map((item) => item.getAttribute("data-testid")));
    expect(order).to.deep.equal([`request-${wanted}`, `request-${duplicate}`, `request-${unwanted}`]);
    // About 1.5 ETH·days: 1 ETH and 0.5 ETH held a day (and a few seconds).
    expect(await text(page, `request-line-${wanted}`)).to.match(/^1\.5\d{0,2} ETH·days of support · 1\.5 ETH pledged by 2 backers · open until .+ \(\d+ d \d+ h left\)$/);
    expect(await text(page, `request-line-${duplicate}`)).to.match(/^0(\.\d+)? ETH·days of support · 3 ETH pledged by 1 backer · open until /);
    expect(await text(page, `request-duplicate-${wanted}`)).to.equal(`same issue as #${duplicate} (open)`);
    expect(await text(page, `request-duplicate-${duplicate}`)).to.equal(`same issue as #${wanted} (open)`);
    expect(await page.locator('[data-testid="requests-unfunded"]').count()).to.equal(0);
    expect(await page.textContent("#content")).not.to.match(noWeiOrBps);
    await page.screenshot({ path: path.join(REPORTS, "project-requests.png"), fullPage: true });
    await page.close();

    // The maintainer's page lists the requests waiting for their answer, ranked, each linking to its page.
    page = await open("#/maintainer", { account: owner, rejectNext: false });
    await connect(page);
    await page.waitForSelector(`[data-testid="waiting-requests-${projectId}"]`);
    const waiting = await page.$$eval(`[data-testid="waiting-requests-${projectId}"] li`, (items) => items.map((item) => item.getAttribute("data-testid")));
    expect(waiting).to.deep.equal([`waiting-request-${wanted}`, `waiting-request-${duplicate}`, `waiting-request-${unwanted}`]);
    expect(await page.getAttribute(`[data-testid="waiting-request-link-${wanted}"]`, "href")).to.equal(`#/request/${wanted}`);
    await page.close();

    // An id that is no request nor campaign: said so, with the way back.
    page = await open("#/request/99999", { account: asker, rejectNext: false });
    expect(await text(page, "request-missing")).to.match(/^There is no request #99999 on this chain/);
    expect(await page.getAttribute('[data-testid="request-missing-home"]', "href")).to.equal("#/");
    await page.close();

    // The maintainer accepts with terms: a deadline before the notice and two last calls is refused in words first.
    page = await open(`#/request/${wanted}`, { account: owner, rejectNext: false });
    await connect(page);
    await page.waitForSelector('[data-testid="accept-request"]');
    await page.click('[data-testid="accept-request"] summary');
    expect(await text(page, "accept-earliest")).to.match(/^The deadline can be .+ at the earliest: 7 days of notice plus two last calls \(2 days each\) from now\. The backers pledged to a wish, not to these terms/);
    await page.fill('[data-testid="accept-goal"]', "0");
    await page.click('[data-testid="accept-button"]');
    expect(await settled(page)).to.deep.equal({ state: "failed", text: "The goal must be more than zero." });
    await page.fill('[data-testid="accept-goal"]', "2");
    await page.fill('[data-testid="accept-deadline"]', dayOf((await chainNow()) + 9n * DAY));
    await page.click('[data-testid="accept-button"]');
    said = await settled(page);
    expect(said.state).to.equal("failed");
    expect(said.text).to.match(/^Pick a deadline on or after .+: backers get 7 days of notice plus two last calls from now to decide\.$/);
    await page.fill('[data-testid="accept-deadline"]', dayOf((await chainNow()) + 30n * DAY));
    await page.fill('[data-testid="accept-builder-share"]', "10");
    await page.click('[data-testid="accept-button"]');
    said = await settled(page);
    expect(said.state, said.text).to.equal("confirmed");
    expect(said.text).to.match(new RegExp(`Request #${wanted} is now campaign #${wanted}, keeping its 1\\.5 ETH of pledges\\.$`));
    await page.waitForSelector('[data-testid="request-campaign-link"]');
    expect(await text(page, "state")).to.equal("Accepted");
    expect(await text(page, "request-state")).to.match(new RegExp(`^Accepted .+ by ${short(owner)}, with terms: it is now campaign #${wanted}, which keeps the 1\\.5 ETH pledged here\\.`));
    await page.click('[data-testid="request-campaign-link"]');
    await page.waitForSelector('[data-testid="from-request"]');
    expect(await text(page, "from-request")).to.match(new RegExp(`^From request #${wanted}, accepted .+ by ${short(owner)}: the pledges made to the request count toward this campaign`));
    expect(await text(page, "state")).to.equal("Funding");
    expect(await text(page, "progress-text")).to.equal("1.5 ETH pledged of 2 ETH (75%)");
    expect(await text(page, "split-percents")).to.match(/^Of every claim: .*10% to the builder/);
    expect(await page.textContent("#content")).not.to.match(noWeiOrBps);
    await page.screenshot({ path: path.join(REPORTS, "campaign-from-request.png"), fullPage: true });
    await page.close();

    // The other is declined: no reason is refused in words; then its backer takes the whole pledge back.
    page = await open(`#/request/${unwanted}`, { account: owner, rejectNext: false });
    await connect(page);
    await page.click('[data-testid="decline-request"] summary');
    await page.click('[data-testid="decline-button"]');
    expect(await settled(page)).to.deep.equal({ state: "failed", text: "Give a reason: a link to a comment, or a short text that says why, so that backers know." });
    await page.fill('[data-testid="decline-reason"]', "https://github.com/example/wishlist/issues/2#issuecomment-1");
    await page.click('[data-testid="decline-button"]');
    said = await settled(page);
    expect(said.state, said.text).to.equal("confirmed");
    await page.waitForSelector('[data-testid="state"]:has-text("Declined")');
    expect(await text(page, "request-state")).to.match(
      new RegExp(`^Declined .+ by ${short(owner)}\\. Their reason: https://github\\.com/example/wishlist/issues/2#issuecomment-1\\. Every backer takes their whole pledge back with Refund, at any time\\.$`),
    );
    await page.close();
    page = await open(`#/request/${unwanted}`, { account: asker, rejectNext: false });
    await connect(page);
    expect(await page.locator('[data-testid="pledge-button"]').count()).to.equal(0);
    expect(await text(page, "refund-button")).to.equal("Refund my 0.3 ETH");
    const before = await provider.getBalance(escrowAddress);
    await page.click('[data-testid="refund-button"]');
    said = await settled(page);
    expect(said.state, said.text).to.equal("confirmed");
    expect(said.text).to.match(/You got 0\.3 ETH back\.$/);
    expect(await provider.getBalance(escrowAddress)).to.equal(before - parseEther("0.3"));
    expect(await reader.pledgeOf(unwanted, asker)).to.equal(0n);
    // Refunded in full: what was pledged is told as history, and nothing is left to refund.
    await page.waitForSelector('[data-testid="request-pledged"]:has-text("all refunded")');
    expect(await text(page, "request-pledged")).to.equal("0.3 ETH pledged when declined; all refunded");
    expect(await page.locator('[data-testid="refund-button"]').count()).to.equal(0);
    expect(await page.locator('[data-testid="request-decline-reason"] a').count()).to.equal(1);
    await page.close();

    // On the project's page the accepted and the declined requests have left the list: the duplicate stays.
    page = await open(`#/project/${projectId}`, { account: asker, rejectNext: false });
    await page.waitForSelector('[data-testid="requests-ranked"]');
    const left = await page.$$eval('[data-testid="requests-ranked"] > li', (items) => items.map((item) => item.getAttribute("data-testid")));
    expect(left).to.deep.equal([`request-${duplicate}`]);
    expect(await text(page, `request-duplicate-${duplicate}`)).to.equal(`same issue as #${wanted} (already funded as campaign ${wanted})`);
    expect(await page.getAttribute(`[data-testid="request-duplicate-${duplicate}"] a[href="#/campaign/${wanted}"]`, "href")).to.equal(`#/campaign/${wanted}`);
    expect(await page.locator(`[data-testid="campaign-link-${wanted}"]`).count()).to.equal(1);
    // Asking again for the same issue warns (it does not refuse), with links to the campaign and the open request.
    await connect(page);
    await page.click('[data-testid="ask-feature"] summary');
    await page.fill('[data-testid="ask-spec"]', issue);
    expect(await text(page, "ask-same")).to.equal(`This issue is already campaign ${wanted}, funding now; request #${duplicate}, open. Pledging there adds to it; a new request would be ranked on its own. You can still ask.`);
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
      // The local forge the app asks whether project 1's verified repository moved: it answers for it.
      const forgeList = /Local forge \(the app asks it whether a verified repository moved; OPENPLEDGE_FORGES for the command line\): (\S+)/.exec(output)?.[1] ?? "";
      const githubBase = /github\.com=github:(http:\/\/127\.0\.0\.1:\d+\/github)/.exec(forgeList)?.[1];
      expect(githubBase).to.be.a("string");
      const repository = (await (await fetch(`${githubBase}/repos/openpledge/openpledge`)).json()) as { full_name: string };
      expect(repository.full_name).to.equal("openpledge/openpledge");
      expect(output).to.contain("Project 1's repository is verified by account 0");
      // The seed moves the chain's clock on: the banner says so, so that the verification's date does not look wrong.
      expect(output).to.match(/The local chain's clock runs about \d+ days? ahead of yours \(the seed moved it to end campaigns\): dates the chain wrote, such as the verification's, read that much later than today\./);
      // The indexer beside the node: its URL printed, its API answering for this deployment, its tables in a folder
      // of this run's own.
      const indexerUrl = /Indexer \(the app's lists, search, my pledges, maintainer's page\): (http:\/\/127\.0\.0\.1:\d+) \(its state: /.exec(output)?.[1];
      expect(indexerUrl).to.be.a("string");
      const status = (await (await fetch(`${indexerUrl}/api/status`)).json()) as { chainId: number; ready: boolean };
      expect(status).to.deep.include({ chainId: 31337, ready: true });
      const indexerDir = /its tables \(PGlite, removed on exit\): (\S+)/.exec(output)?.[1];
      expect(existsSync(indexerDir ?? "")).to.equal(true);
      // Ctrl-C in a terminal: SIGINT to the whole process group.
      process.kill(-(child.pid ?? 0), "SIGINT");
      expect(await exited).to.equal(0);
      expect(existsSync(deploymentDir)).to.equal(false);
      expect(existsSync(indexerDir ?? "")).to.equal(false);
      // The indexer stopped with it.
      let answered = true;
      await fetch(`${indexerUrl}/api/status`, { signal: AbortSignal.timeout(2_000) }).catch(() => (answered = false));
      expect(answered).to.equal(false);
      // The local forge too.
      let forgeAnswered = true;
      await fetch(`${githubBase}/repos/openpledge/openpledge`, { signal: AbortSignal.timeout(2_000) }).catch(() => (forgeAnswered = false));
      expect(forgeAnswered).to.equal(false);
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid ?? 0), "SIGKILL");
      await new Promise<void>((resolve) => holder.close(() => resolve()));
      await rm(deploymentDir, { recursive: true, force: true });
    }
  });
});
