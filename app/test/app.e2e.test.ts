import { mkdir, rm } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";
import { JsonRpcProvider, parseEther } from "ethers";
import { chromium, type Browser, type Page } from "playwright-core";
import { build, preview, type PreviewServer } from "vite";

import { freePort, startLocalNode, type LocalNode } from "../../scripts/lib/local-node.js";
import { PledgeEscrow__factory, ProjectRegistry__factory } from "../../typechain-types/index.js";
import { formatDate, readDeployment } from "../../client/node.js";
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
    await deployAndSeed(node.rpcUrl, deploymentId);
    escrowAddress = (await readDeployment(path.resolve("deploy", "deployments"), deploymentId)).escrow;
    provider = new JsonRpcProvider(node.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
    accounts = (await provider.send("eth_accounts", [])) as string[];

    // The production build, as `npm run build:app` makes it, knowing only this test's deployment.
    process.env.OPENPLEDGE_DEPLOYMENT_IDS = deploymentId;
    process.env.OPENPLEDGE_RPC_URL = node.rpcUrl;
    const configFile = path.resolve("app", "vite.config.ts");
    await build({ configFile, logLevel: "warn", build: { outDir } });
    const port = await freePort();
    server = await preview({ configFile, build: { outDir }, preview: { host: "127.0.0.1", port, strictPort: true } });
    appUrl = `http://127.0.0.1:${port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    await mkdir(REPORTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.httpServer.close(() => resolve())));
    provider?.destroy();
    await node?.stop();
    delete process.env.OPENPLEDGE_DEPLOYMENT_IDS;
    delete process.env.OPENPLEDGE_RPC_URL;
    await rm(outDir, { recursive: true, force: true });
    if (deploymentId !== "") await rm(path.resolve("deploy", "deployments", deploymentId), { recursive: true, force: true });
  });

  async function open(route: string, control: WalletControl, options: Parameters<typeof installWallet>[3] = {}): Promise<Page> {
    if (browser === undefined) throw new Error("no browser");
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, timezoneId: TIME_ZONE });
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

  const text = async (page: Page, id: string) => ((await page.textContent(`[data-testid="${id}"]`)) ?? "").trim();

  it("shows projects, a project's campaigns and a campaign with its milestones (screenshots in reports/app)", async () => {
    const page = await open("#/", { account: accounts[3] ?? "", rejectNext: false });
    await page.waitForSelector('[data-testid="project-link-2"]');
    await page.screenshot({ path: path.join(REPORTS, "projects.png"), fullPage: true });
    await page.click('[data-testid="project-link-1"]');
    await page.waitForSelector('[data-testid="campaign-link-5"]');
    // The spec URI is read from the opening event and shown because it hashes to what the escrow stores.
    expect(await text(page, "campaign-spec-5")).to.equal("https://github.com/openpledge/openpledge/issues/15");
    await page.screenshot({ path: path.join(REPORTS, "project.png"), fullPage: true });
    await page.click('[data-testid="campaign-link-3"]');
    await page.waitForSelector('[data-testid="milestone-1"]');
    expect(await text(page, "state")).to.equal("Succeeded");
    expect(await text(page, "spec")).to.equal("Funds https://github.com/openpledge/openpledge/issues/13");
    expect(await page.getAttribute('[data-testid="spec"] a', "href")).to.equal("https://github.com/openpledge/openpledge/issues/13");
    expect(await text(page, "fee")).to.match(/^\d+(\.\d+)?% of what is claimed$/);
    expect(await text(page, "milestone-0")).to.match(/50%.*in review until/);
    expect(await text(page, "objections")).to.match(
      /^Objections: 1\.5 ETH — the milestone is rejected above 1\.75 ETH \(50% of the pledges that carry objection weight\)\.$/,
    );
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
    expect(reverted.text).to.equal("The contract refused: InsufficientPledge: asked for 5 ETH but the pledge is 2.25 ETH");
    await page.screenshot({ path: path.join(REPORTS, "campaign-revert.png"), fullPage: true });
    await page.close();
  });

  it("pledges an ERC-20 with a permit signed in the wallet", async () => {
    const page = await open("#/campaign/5", { account: accounts[4] ?? "", rejectNext: false });
    await connect(page);
    expect(await text(page, "progress-text")).to.equal("2500 PUSD pledged of 10000 PUSD (25%)");
    await page.fill('[data-testid="pledge-amount"]', "100");
    await page.click('[data-testid="pledge-button"]');
    expect((await settled(page)).state).to.equal("confirmed");
    await page.waitForSelector('[data-testid="progress-text"]:has-text("2600")');
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
});
