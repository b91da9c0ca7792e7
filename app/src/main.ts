import "./style.css";

import { JsonRpcProvider } from "ethers";
import deployments, { forgeList, indexerUrl } from "virtual:openpledge-deployments";

import { NotARequestError, OpenPledgeClient } from "../../client/index.js";
import type { AppDeployment } from "../deployments.js";
import type { Page, PageContext } from "./context.js";
import { AppIndexer } from "./indexer.js";
import { StatusBanner } from "./status.js";
import { trustedAttesters } from "./trust.js";
import { chainName, esc, explain, short } from "./ui.js";
import { forgesOf } from "./verification.js";
import { campaignPage } from "./views/campaign.js";
import { maintainerPage } from "./views/maintainer.js";
import { owedPage } from "./views/owed.js";
import { pledgesPage } from "./views/pledges.js";
import { projectPage } from "./views/project.js";
import { projectsPage } from "./views/projects.js";
import { requestPage } from "./views/request.js";
import { settingsPage } from "./views/settings.js";
import { WalletManager } from "./wallet.js";

function element(selector: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(selector);
  if (found === null) throw new Error(`page skeleton misses ${selector}`);
  return found;
}
const header = element("#header");
const content = element("#content");
const banner = element("#status");

const wallet = new WalletManager();
const status = new StatusBanner(banner, content);
let renderCount = 0;

/** The deployment chosen by `?chain=<id>` (or `?deployment=<id>`), else the first one. */
function selectedDeployment(): AppDeployment | undefined {
  const params = new URLSearchParams(window.location.search);
  const byId = params.get("deployment");
  const byChain = params.get("chain");
  return (
    deployments.find((deployment) => deployment.id === byId) ??
    deployments.find((deployment) => String(deployment.chainId) === byChain) ??
    (byChain === null && byId === null ? deployments[0] : undefined)
  );
}

function readerFor(deployment: AppDeployment): OpenPledgeClient | undefined {
  const connection = wallet.connection;
  if (connection !== undefined && connection.chainId === deployment.chainId) return new OpenPledgeClient(deployment, connection.provider);
  if (deployment.rpcUrl !== undefined) {
    return new OpenPledgeClient(deployment, new JsonRpcProvider(deployment.rpcUrl, deployment.chainId, { staticNetwork: true, cacheTimeout: -1 }));
  }
  return undefined;
}

function renderHeader(deployment: AppDeployment | undefined): void {
  const connection = wallet.connection;
  const options = deployments
    .map((item) => `<option value="${esc(item.id)}" ${item === deployment ? "selected" : ""}>chain ${item.chainId} (${esc(item.id)})</option>`)
    .join("");
  const walletButtons = wallet
    .discovered()
    .map(
      (found) =>
        `<button data-wallet="${esc(found.info.uuid)}" data-testid="wallet-${esc(found.info.rdns || found.info.uuid)}">${found.info.icon === "" ? "" : `<img src="${esc(found.info.icon)}" alt="">`}${esc(found.info.name)}</button>`,
    )
    .join("");
  const wrongChain = connection !== undefined && deployment !== undefined && connection.chainId !== deployment.chainId;
  const here = route().path[0] ?? "";
  const nav = (href: string, label: string, testid: string, active: boolean) =>
    `<a href="${href}" data-testid="${testid}"${active ? ` aria-current="page"` : ""}>${label}</a>`;
  header.innerHTML = `<a href="#/" class="brand">OpenPledge</a>
    <nav class="nav">${nav("#/", "Projects", "nav-projects", here === "" || here === "project" || here === "campaign" || here === "request")}${nav("#/pledges", "My pledges", "nav-pledges", here === "pledges")}${nav("#/maintainer", "Maintainer", "nav-maintainer", here === "maintainer")}${nav("#/owed", "Owed to you", "nav-owed", here === "owed")}${nav("#/settings", "Settings", "nav-settings", here === "settings")}</nav>
    <label>Chain <select data-testid="chain-select">${options}</select></label>
    <span class="wallet">${
      connection === undefined
        ? walletButtons === ""
          ? `<span class="muted" data-testid="no-wallet">No wallet found in this browser.</span>`
          : `<span class="muted">Connect:</span> ${walletButtons}`
        : `<span data-testid="account" title="${esc(connection.account)}">${esc(connection.wallet.info.name)} · ${esc(short(connection.account))}</span>
           ${wrongChain && deployment !== undefined ? `<button data-testid="switch-chain">Switch to ${esc(chainName(deployment.chainId))}</button>` : ""}
           <button data-testid="disconnect" class="secondary">Disconnect</button>`
    }</span>`;
  header.querySelector("select")?.addEventListener("change", (event) => {
    const params = new URLSearchParams(window.location.search);
    params.set("deployment", (event.target as HTMLSelectElement).value);
    params.delete("chain");
    window.location.search = params.toString();
  });
  for (const button of header.querySelectorAll<HTMLButtonElement>("[data-wallet]")) {
    button.addEventListener("click", () => {
      wallet.connect(button.dataset.wallet ?? "").catch((error: unknown) => {
        const { kind, text } = explain(error);
        status.failed(kind, text);
      });
    });
  }
  header.querySelector('[data-testid="disconnect"]')?.addEventListener("click", () => wallet.disconnect());
  header.querySelector('[data-testid="switch-chain"]')?.addEventListener("click", () => {
    if (deployment === undefined) return;
    wallet.switchChain(deployment.chainId, deployment.rpcUrl).catch((error: unknown) => {
      const { kind, text } = explain(error);
      status.failed(kind, text);
    });
  });
}

/** The hash route: `#/campaign/3?history=2` is path ["campaign", "3"] and query history=2. */
function route(): { path: string[]; query: URLSearchParams } {
  const hash = window.location.hash.replace(/^#\/?/, "");
  const mark = hash.indexOf("?");
  const path = (mark === -1 ? hash : hash.slice(0, mark)).split("/").filter((part) => part !== "");
  return { path, query: new URLSearchParams(mark === -1 ? "" : hash.slice(mark + 1)) };
}

async function pageFor(context: PageContext): Promise<Page> {
  const { path } = route();
  if (path[0] === "project" && /^\d+$/.test(path[1] ?? "")) return projectPage(context, BigInt(path[1] ?? "0"));
  if (path[0] === "campaign" && /^\d+$/.test(path[1] ?? "")) return campaignPage(context, BigInt(path[1] ?? "0"));
  if ((path[0] === "request" || path[0] === "requests") && /^\d+$/.test(path[1] ?? "")) {
    // A campaign opened as one is no request: its campaign page.
    const id = BigInt(path[1] ?? "0");
    return requestPage(context, id).catch((error: unknown) => {
      if (error instanceof NotARequestError) return campaignPage(context, id);
      throw error;
    });
  }
  if (path[0] === "pledges") return pledgesPage(context);
  if (path[0] === "maintainer") return maintainerPage(context);
  if (path[0] === "owed") return owedPage(context);
  return projectsPage(context);
}

/** A reader of this build's indexer for `deployment` (a new one per page, so that its status is checked afresh). */
function indexerFor(deployment: AppDeployment, head?: number): AppIndexer | undefined {
  return indexerUrl === null ? undefined : new AppIndexer(indexerUrl, deployment, head);
}

const LOADING = `<div class="loading" data-testid="loading" role="progressbar" aria-label="Loading"><span class="spinner"></span> Reading the chain…</div>`;

let busy = false;

/**
 * Runs one wallet action at a time (every action button is disabled meanwhile, so a second click cannot send a
 * second transaction), shows pending / confirmed / failed, and re-renders after a confirmed one.
 */
async function act<Result extends { hash: string }>(
  deployment: AppDeployment,
  label: string,
  action: (writer: OpenPledgeClient) => Promise<Result>,
  formatAmount?: (value: bigint) => string,
  outcome?: (result: Result) => string,
): Promise<void> {
  const live = wallet.connection;
  if (live === undefined) {
    status.failed("error", `Connect a wallet on ${chainName(deployment.chainId)} first.`);
    return;
  }
  if (live.chainId !== deployment.chainId) {
    status.failed("error", `Your wallet is on ${chainName(live.chainId)}: switch to ${chainName(deployment.chainId)} first.`);
    return;
  }
  if (busy) return;
  busy = true;
  for (const button of content.querySelectorAll("button")) button.disabled = true;
  status.pending(label);
  let hash: string | undefined;
  let said: string | undefined;
  try {
    const result = await action(new OpenPledgeClient(deployment, await wallet.signer()));
    hash = result.hash;
    said = outcome?.(result);
  } catch (error) {
    const { kind, text } = explain(error, formatAmount);
    status.failed(kind, text);
  } finally {
    busy = false;
    for (const button of content.querySelectorAll("button")) button.disabled = false;
  }
  if (hash === undefined) return;
  // The lists come from the indexer: give it a moment to index the transaction's block before showing them again.
  const indexer = indexerFor(deployment);
  if (indexer !== undefined) {
    const receipt = await live.provider.getTransactionReceipt(hash).catch(() => null);
    if (receipt !== null) await indexer.waitFor(receipt.blockNumber);
  }
  await render();
  status.confirmed(label, hash, said);
}

async function render(): Promise<void> {
  const ticket = ++renderCount;
  const deployment = selectedDeployment();
  renderHeader(deployment);
  if (deployment === undefined) {
    content.innerHTML = `<h1>No deployment</h1><p>This build knows no OpenPledge deployment for the chain asked for. Known: ${
      deployments.map((item) => `chain ${item.chainId} (${esc(item.id)})`).join(", ") || "none"
    }.</p>`;
    return;
  }
  if (route().path[0] === "settings") {
    // The trusted attesters need no chain: the page shows without a wallet too.
    const page = settingsPage(
      deployment.chainId,
      window.localStorage,
      (message) => void render().then(() => status.failed("info", message)),
      () => status.clear(),
    );
    content.innerHTML = page.html;
    page.bind?.(content);
    content.dataset.ready = String(ticket);
    return;
  }
  const reader = readerFor(deployment);
  if (reader === undefined) {
    const on = wallet.connection?.chainId;
    content.innerHTML =
      on === undefined
        ? `<h1>Connect a wallet</h1><p data-testid="need-wallet">Connect a wallet on ${esc(chainName(deployment.chainId))} to read this deployment.</p>`
        : `<h1>Switch to ${esc(chainName(deployment.chainId))}</h1><p data-testid="need-switch">Your wallet is on ${esc(chainName(on))}; this deployment is on ${esc(chainName(deployment.chainId))}. Use the switch button above, or switch in your wallet.</p>`;
    content.dataset.ready = String(ticket);
    return;
  }
  if (content.dataset.ready === undefined || content.querySelector(".loading") !== null) content.innerHTML = LOADING;
  const connection = wallet.connection;
  const account = connection !== undefined && connection.chainId === deployment.chainId ? connection.account : undefined;
  try {
    const latest = await reader.provider.getBlock("latest");
    const context: PageContext = {
      deployment,
      reader,
      wallet,
      status,
      now: BigInt(latest?.timestamp ?? Math.floor(Date.now() / 1000)),
      block: latest?.number ?? 0,
      indexer: indexerFor(deployment, latest?.number),
      query: route().query,
      account,
      trusted: trustedAttesters(window.localStorage, deployment.chainId),
      forges: () => forgesOf(forgeList),
      act: (label, action, formatAmount, outcome) => act(deployment, label, action, formatAmount, outcome),
    };
    const page = await pageFor(context);
    if (ticket !== renderCount) return;
    content.innerHTML = page.html;
    page.bind?.(content);
    content.dataset.ready = String(ticket);
  } catch (error) {
    if (ticket !== renderCount) return;
    content.innerHTML = `<h1>Could not show this page</h1><p data-testid="page-error">${esc(explain(error).text)}</p>`;
    content.dataset.ready = String(ticket);
  }
}

wallet.subscribe(() => void render());
window.addEventListener("hashchange", () => {
  status.clear();
  void render();
});
void render();
