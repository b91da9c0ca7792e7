import { mapLimited } from "../../../client/index.js";
import type { Page, PageContext } from "../context.js";
import { projectDocument, summaryOf, titleOf } from "../documents.js";
import { esc, link, short } from "../ui.js";
import { bindRegister, registerForm } from "./maintain.js";

/** Every registered project, from the registry's events, titled by its metadata document when one can be read. */
export async function projectsPage(context: PageContext): Promise<Page> {
  const projects = await context.reader.listProjects();
  const documents = await mapLimited(projects, 8, (project) => projectDocument(project.metadataURI));
  const rows = projects
    .map((project, index) => {
      const document = documents[index];
      const summary = summaryOf(document);
      return `<li class="card">
        <a href="#/project/${project.id}" data-testid="project-link-${project.id}"><strong>${esc(titleOf(document, `Project ${project.id}`))}</strong></a>
        ${summary === "" ? "" : `<div data-testid="project-summary-${project.id}">${esc(summary)}</div>`}
        ${document?.status === "ok" ? "" : `<div class="muted" data-testid="project-unavailable-${project.id}">Project ${project.id} · document unavailable</div>`}
        ${project.repository === "" ? "" : `<div>${link(project.repository)}</div>`}
        <div class="muted">owner ${esc(short(project.owner))} · pays out to ${esc(short(project.payout))}</div>
      </li>`;
    })
    .join("");
  const empty = `<div class="empty" data-testid="empty"><p><strong>No project is registered on this chain yet.</strong></p>
    <p>To start one, register it with <code>npx hardhat project register</code> (or from a local chain: <code>npm run app</code> seeds demo projects), then open a campaign for a piece of work.</p></div>`;
  const account = context.account;
  return {
    html: `<h1>Projects</h1>${projects.length === 0 ? empty : `<ul class="list">${rows}</ul>`}${account === undefined ? "" : registerForm(account)}`,
    bind: (root) => bindRegister(root, context),
  };
}
