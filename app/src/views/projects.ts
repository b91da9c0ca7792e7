import type { Page, PageContext } from "../context.js";
import { esc, link, short } from "../ui.js";

/** Every registered project, from the registry's events. */
export async function projectsPage(context: PageContext): Promise<Page> {
  const projects = await context.reader.listProjects();
  const rows = projects
    .map(
      (project) => `<li class="card">
        <a href="#/project/${project.id}" data-testid="project-link-${project.id}"><strong>Project ${project.id}</strong></a>
        <div class="muted">${esc(project.metadataURI)}</div>
        ${project.repository === "" ? "" : `<div>${link(project.repository)}</div>`}
        <div class="muted">owner ${esc(short(project.owner))} · pays out to ${esc(short(project.payout))}</div>
      </li>`,
    )
    .join("");
  return { html: `<h1>Projects</h1>${projects.length === 0 ? "<p>No project is registered yet.</p>" : `<ul class="list">${rows}</ul>`}` };
}
