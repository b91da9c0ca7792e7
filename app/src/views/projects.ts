import {
  LIST_SORTS,
  mapLimited,
  verificationOf,
  type IndexedProject,
  type ListSort,
  type MetadataResult,
  type ProjectMetadata,
  type ForgeEndpoint,
  type ProjectVerification,
} from "../../../client/index.js";
import type { Page, PageContext } from "../context.js";
import { projectDocument, summaryOf, titleOf } from "../documents.js";
import { PAGE_SIZE } from "../indexer.js";
import { fallbackNote, lagNote, offsetOf, pager } from "../lists.js";
import { date, esc, link, short } from "../ui.js";
import { MAX_TWINS, repositoryKey, twinsCardHtml } from "../twins.js";
import { day } from "../verification.js";
import { bindRegister, registerForm } from "./maintain.js";

const SORT_LABELS: Record<ListSort, string> = { "most-funded": "Most funded", "ending-soon": "Ending soon", newest: "Newest" };
/** What each order ranks by, said under the list. */
const SORT_NOTES: Record<ListSort, string> = {
  "most-funded": " (by what their campaigns raised as a share of each goal, added up)",
  "ending-soon": "",
  newest: "",
};

const EMPTY = `<div class="empty" data-testid="empty"><p><strong>No project is registered on this chain yet.</strong></p>
    <p>To start one, register it with <code>npx hardhat project register</code> (or from a local chain: <code>npm run app</code> seeds demo projects), then open a campaign for a piece of work.</p></div>`;

/**
 * The projects: from the indexer, searched (title, summary, repository) and sorted (most funded, ending soon, newest),
 * 50 a page; without an indexer (none configured, or it cannot be used now) every project from the registry's events,
 * and one line saying so.
 */
export async function projectsPage(context: PageContext): Promise<Page> {
  let note: string;
  if (context.indexer === undefined) note = fallbackNote(context, undefined, "projects are read from the chain instead, without search or sort");
  else {
    try {
      return await indexedProjects(context);
    } catch (error) {
      note = fallbackNote(context, error, "projects are read from the chain instead, without search or sort");
    }
  }
  return chainProjects(context, note);
}

function withRegister(context: PageContext, html: string): Page {
  const account = context.account;
  return { html: `${html}${account === undefined ? "" : registerForm(account)}`, bind: (root) => bindRegister(root, context) };
}

async function indexedProjects(context: PageContext): Promise<Page> {
  const indexer = context.indexer;
  if (indexer === undefined) throw new Error("no indexer");
  const search = (context.query.get("search") ?? "").trim();
  const asked = context.query.get("sort") ?? "";
  const sort: ListSort = (LIST_SORTS as readonly string[]).includes(asked) ? (asked as ListSort) : "newest";
  const offset = offsetOf(context.query);
  const answer = await indexer.projects({ search, sort, limit: PAGE_SIZE, offset });
  // The indexer titles what it could read; the rest is read here, so that a missing document says so.
  const documents = await mapLimited(answer.items, 8, (project) =>
    project.title === null ? projectDocument(project.metadataURI) : Promise.resolve(undefined),
  );
  const now = BigInt(answer.now);
  const [verified, twins] = await Promise.all([verifiedMarks(context, answer.items, now), indexedTwins(context, answer.items)]);
  const rows = answer.items.map((project, index) => projectRow(project, documents[index], now, verified?.[index], twins[index] ?? [])).join("");
  const options = LIST_SORTS.map((value) => `<option value="${value}" ${value === sort ? "selected" : ""}>${SORT_LABELS[value]}</option>`).join("");
  const form = `<form class="search" data-testid="project-search" role="search">
      <label class="grow">Search <input type="search" name="search" data-testid="search-input" value="${esc(search)}" placeholder="title, summary or repository"></label>
      <label>Sort <select name="sort" data-testid="sort-select">${options}</select></label>
      <button data-testid="search-button">Search</button>
    </form>`;
  let body: string;
  if (answer.total === 0 && search !== "") {
    body = `<div class="empty" data-testid="empty-search"><p><strong>No project matches “${esc(search)}”.</strong></p>
      <p>Search looks in titles, summaries and repository addresses: try fewer or other words, or <a href="#/?sort=${sort}" data-testid="clear-search">show every project</a>.</p></div>`;
  } else if (answer.total === 0) body = EMPTY;
  else if (answer.items.length === 0) body = `<p class="empty" data-testid="empty-page">This page is past the last project: <a href="#/?sort=${sort}">go back to the first page</a>.</p>`;
  else {
    const found = search === "" ? `${answer.total.toLocaleString("en")} project${answer.total === 1 ? "" : "s"}` : `${answer.total.toLocaleString("en")} project${answer.total === 1 ? "" : "s"} match “${esc(search)}”`;
    const legend = verified === undefined ? "" : `<p class="muted" data-testid="verified-legend">${esc(VERIFIED_LEGEND)}</p>`;
    body = `<p class="muted" data-testid="project-count">${found}, ${esc(SORT_LABELS[sort].toLowerCase())} first${esc(SORT_NOTES[sort])}.</p>${legend}<ul class="list" data-testid="project-list">${rows}</ul>`;
  }
  const query = new URLSearchParams();
  if (search !== "") query.set("search", search);
  if (sort !== "newest") query.set("sort", sort);
  const page = withRegister(context, `<h1>Projects</h1>${form}${lagNote(context, answer.indexed)}${body}${pager("", query, answer.total, offset)}`);
  return {
    html: page.html,
    bind(root) {
      page.bind?.(root);
      const formElement = root.querySelector<HTMLFormElement>('[data-testid="project-search"]');
      const go = () => {
        const next = new URLSearchParams();
        const words = (root.querySelector<HTMLInputElement>('[data-testid="search-input"]')?.value ?? "").trim();
        const order = root.querySelector<HTMLSelectElement>('[data-testid="sort-select"]')?.value ?? "newest";
        if (words !== "") next.set("search", words);
        if (order !== "newest") next.set("sort", order);
        const text = next.toString();
        window.location.hash = `#/${text === "" ? "" : `?${text}`}`;
      };
      formElement?.addEventListener("submit", (event) => {
        event.preventDefault();
        go();
      });
      root.querySelector('[data-testid="sort-select"]')?.addEventListener("change", go);
    },
  };
}

/**
 * Each listed project's verification for the reader's trusted attesters, from the indexer's attestations (one read
 * per project on the page, judged by the client's rules at the indexer's time); undefined when the indexer cannot
 * answer them all (an indexer without the route): the list then shows no marks, and the project page still tells.
 */
async function verifiedMarks(context: PageContext, projects: readonly IndexedProject[], now: bigint): Promise<ProjectVerification[] | undefined> {
  const indexer = context.indexer;
  if (indexer === undefined) return undefined;
  try {
    return await mapLimited(projects, 8, async (project) =>
      verificationOf({
        projectId: BigInt(project.id),
        registry: context.deployment.registry,
        chainId: BigInt(context.deployment.chainId),
        repository: project.repository,
        attestations: await indexer.projectAttestations(BigInt(project.id)),
        trusted: context.trusted,
        now,
      }),
    );
  } catch {
    return undefined;
  }
}

/** What the list's mark says, and what it does not (the list does not ask the forge; the project's page does). */
export const VERIFIED_LEGEND =
  "✓ Verified: an attester you trust checked that the project's maintainers controlled its repository; open the project to see whether the repository is still there. A card without the mark is not verified.";

/**
 * For each listed project, the other projects (lowest ids first, at most `MAX_TWINS`) that name the same repository:
 * the page's own cards, then one indexer search per repository on the page (50 at most); none when the search fails.
 */
async function indexedTwins(context: PageContext, projects: readonly IndexedProject[]): Promise<bigint[][]> {
  const indexer = context.indexer;
  let forges: ForgeEndpoint[] | undefined;
  try {
    forges = context.forges();
  } catch {
    forges = undefined;
  }
  const keys = [...new Set(projects.filter((project) => project.repository !== "").map((project) => repositoryKey(project.repository, forges)))];
  const found = new Map<string, Set<bigint>>();
  for (const project of projects) {
    if (project.repository === "") continue;
    const key = repositoryKey(project.repository, forges);
    const ids = found.get(key) ?? new Set<bigint>();
    ids.add(BigInt(project.id));
    found.set(key, ids);
  }
  if (indexer !== undefined) {
    await mapLimited(keys, 4, async (key) => {
      try {
        const answer = await indexer.projects({ search: key, sort: "newest", limit: 50, offset: 0 });
        for (const item of answer.items) if (item.repository !== "" && repositoryKey(item.repository, forges) === key) found.get(key)?.add(BigInt(item.id));
      } catch {
        // The page's own cards still tell.
      }
    });
  }
  return projects.map((project) => {
    if (project.repository === "") return [];
    const id = BigInt(project.id);
    return [...(found.get(repositoryKey(project.repository, forges)) ?? [])]
      .filter((other) => other !== id)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, MAX_TWINS);
  });
}

/** "✓ Verified" beside a listed project whose repository an attester the reader trusts verified; nothing otherwise. */
function verifiedMark(project: IndexedProject, verification: ProjectVerification | undefined): string {
  const attestation = verification?.attestation;
  if (verification?.state !== "verified" || attestation === undefined) return "";
  const title = `Verified by ${verification.attesterName ?? short(attestation.attester)} on ${day(attestation.time).replace(/\u00a0/g, " ")}: ${attestation.forgeHost}/${attestation.repositoryPath} (repository #${attestation.repositoryId}). The project's page checks that the repository is still there.`;
  return ` <span class="verified-mark" data-testid="project-verified-${project.id}" title="${esc(title)}">✓ Verified</span>`;
}

function projectRow(project: IndexedProject, document: MetadataResult<ProjectMetadata> | undefined, now: bigint, verification: ProjectVerification | undefined, twins: readonly bigint[]): string {
  const title = project.title ?? titleOf(document, `Project ${project.id}`);
  const summary = project.title !== null ? (project.summary ?? "") : summaryOf(document);
  const unreadable = project.title === null && document?.status !== "ok";
  const parts = [`Project ${project.id}`, `${project.campaignCount} campaign${project.campaignCount === 1 ? "" : "s"}`];
  if (project.fundingCount > 0) parts.push(`${project.fundingCount} funding now`);
  if (project.nextDeadline !== null && BigInt(project.nextDeadline) >= now) {
    parts.push(`next deadline <span class="nowrap">${date(BigInt(project.nextDeadline))}</span>`);
  }
  // "Most funded" ranks by each campaign's pledges as a share of its own goal, added up (tokens never are): a ranking,
  // not a figure a backer can read, so the card shows none.
  return `<li class="card" data-testid="project-${project.id}">
    <a href="#/project/${project.id}" data-testid="project-link-${project.id}"><strong>${esc(title)}</strong></a>${verifiedMark(project, verification)}
    ${summary === "" ? "" : `<div data-testid="project-summary-${project.id}">${esc(summary)}</div>`}
    ${unreadable ? `<div class="muted" data-testid="project-unavailable-${project.id}">Project ${project.id} · document unavailable</div>` : ""}
    ${project.repository === "" ? "" : `<div>${link(project.repository)}</div>`}
    ${twinsCardHtml(project.id, twins)}
    <div class="muted" data-testid="project-facts-${project.id}">${parts.join(" · ")}</div>
  </li>`;
}

/** Every registered project, from the registry's events, titled by its metadata document when one can be read. */
async function chainProjects(context: PageContext, note: string): Promise<Page> {
  const projects = await context.reader.listProjects();
  const documents = await mapLimited(projects, 8, (project) => projectDocument(project.metadataURI));
  let forges: ForgeEndpoint[] | undefined;
  try {
    forges = context.forges();
  } catch {
    forges = undefined;
  }
  // Every project is on this page: the ones naming the same repository are found among them.
  const keys = projects.map((project) => (project.repository === "" ? "" : repositoryKey(project.repository, forges)));
  const rows = projects
    .map((project, index) => {
      const document = documents[index];
      const twins = keys[index] === "" ? [] : projects.filter((other, at) => at !== index && keys[at] === keys[index]).map((other) => other.id).slice(0, MAX_TWINS);
      const summary = summaryOf(document);
      return `<li class="card" data-testid="project-${project.id}">
        <a href="#/project/${project.id}" data-testid="project-link-${project.id}"><strong>${esc(titleOf(document, `Project ${project.id}`))}</strong></a>
        ${summary === "" ? "" : `<div data-testid="project-summary-${project.id}">${esc(summary)}</div>`}
        ${document?.status === "ok" ? "" : `<div class="muted" data-testid="project-unavailable-${project.id}">Project ${project.id} · document unavailable</div>`}
        ${project.repository === "" ? "" : `<div>${link(project.repository)}</div>`}
        ${twinsCardHtml(project.id, twins)}
        <div class="muted" data-testid="project-facts-${project.id}">Project ${project.id} · owner ${esc(short(project.owner))} · pays out to ${esc(short(project.payout))}</div>
      </li>`;
    })
    .join("");
  return withRegister(context, `<h1>Projects</h1>${note}${projects.length === 0 ? EMPTY : `<ul class="list">${rows}</ul>`}`);
}
