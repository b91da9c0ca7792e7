/**
 * A project page's shares: its dependency list for everyone (the current version, what each project gets), the
 * owner's editor of that list (a project picker by id or name, a share in percent, rows added and removed, the total
 * and the registry's bounds checked before anything is sent), and the maintainers' list of the project's campaigns
 * with a builder share, where the owner nominates a builder while none has accepted.
 */
import { isAddress } from "ethers";

import { formatBps, percentToBps, type CampaignDetails, type CampaignSplit, type DependencyList } from "../../../client/index.js";
import type { PageContext } from "../context.js";
import { dependencyList, dependencyWords, FormError, maxBuilderShareBps, resolveProject, shareProblem, type DependencyBounds, type DependencyRow, type KnownProject, type ProjectNames } from "../shares.js";
import { esc, short } from "../ui.js";

/** The project's dependency list now, for every visitor. */
export function dependenciesSection(projectId: bigint, list: DependencyList, names: ProjectNames): string {
  const body =
    list.dependencies.length === 0
      ? list.version === 0n
        ? "This project has declared no dependencies: its campaigns share nothing with the projects it builds on."
        : `This project's dependency list (version ${list.version}) is empty: campaigns opened since share nothing with other projects.`
      : `Every claim of a campaign opened now gives ${esc(dependencyWords(list.dependencies, names))}: ${formatBps(list.totalShareBps)} in all (version ${list.version} of the list). Each campaign keeps the version it opened with.`;
  return `<h2>Dependencies</h2><p data-testid="dependencies">${body}</p>
    ${list.dependencies.length === 0 ? "" : `<ul data-testid="dependency-list">${list.dependencies.map((dependency) => `<li data-testid="dependency-${dependency.projectId}"><a href="#/project/${dependency.projectId}">${esc(names.get(dependency.projectId) ?? `Project ${dependency.projectId}`)}</a> <span class="muted">project ${dependency.projectId}</span>: ${formatBps(dependency.shareBps)}</li>`).join("")}</ul>`}`;
}

/** "2 · example-lib": what the picker's suggestions fill in. */
function pickerValue(project: KnownProject): string {
  return project.name === undefined ? String(project.id) : `${project.id} · ${project.name}`;
}

function rowHtml(index: number, project: string, share: string): string {
  return `<div class="action dependency-row" data-row="${index}" data-testid="dependency-row-${index}">
      <label>Project <input list="dependency-projects" data-testid="dependency-project-${index}" value="${esc(project)}" placeholder="id or name" size="22"></label>
      <label>Share <input data-testid="dependency-share-${index}" value="${esc(share)}" inputmode="decimal" placeholder="2.5" size="6"> %</label>
      <button type="button" class="secondary" data-testid="dependency-remove-${index}" data-remove="${index}">Remove</button>
      <span class="warning row-problem" data-testid="dependency-problem-${index}" role="alert" aria-live="polite" hidden></span>
    </div>`;
}

/** The owner's form to declare a new version of the dependency list, filled with the current one. */
export function dependencyForm(projectId: bigint, list: DependencyList, known: readonly KnownProject[], bounds: DependencyBounds): string {
  const byId = new Map(known.map((project) => [project.id, project]));
  const rows = list.dependencies.map((dependency, index) =>
    rowHtml(index, pickerValue(byId.get(dependency.projectId) ?? { id: dependency.projectId, name: undefined }), formatBps(dependency.shareBps).replace("%", "")),
  );
  if (rows.length === 0) rows.push(rowHtml(0, "", ""));
  const options = known
    .filter((project) => project.id !== projectId)
    .map((project) => `<option value="${esc(pickerValue(project))}"></option>`)
    .join("");
  return `<details class="maintain" data-testid="set-dependencies" data-inline-status><summary>Set the dependency list (owner)</summary>
    <form class="form">
      <p class="muted">Each project listed gets its share of every claim of this project's campaigns opened from now on, paid to its own payout address when its maintainers withdraw it; campaigns already open keep the list they opened with. At most ${bounds.maxCount} projects and ${formatBps(bounds.maxTotalBps)} in all; not this project itself. Save an empty list to stop sharing.</p>
      <datalist id="dependency-projects">${options}</datalist>
      <div class="dependency-rows" data-testid="dependency-rows">${rows.join("")}</div>
      <button type="button" class="secondary" data-testid="dependency-add">Add a dependency</button>
      <p data-testid="dependency-total"></p>
      <button data-testid="dependencies-button">Save the dependency list</button>
    </form></details>`;
}

/** The rows as typed, in their order on the page. */
function rowsOf(root: HTMLElement): DependencyRow[] {
  return [...root.querySelectorAll<HTMLElement>(".dependency-row")].map((row) => ({
    project: row.querySelector<HTMLInputElement>('input[list="dependency-projects"]')?.value ?? "",
    share: row.querySelector<HTMLInputElement>('input[data-testid^="dependency-share-"]')?.value ?? "",
  }));
}

/**
 * "Total: 7.5% of every claim (at most 50%), 2 of at most 16 projects; a new campaign's builder share may then be at
 * most 87.5%.", and which rows' shares it leaves out because they do not read as a percent.
 */
function totalText(rows: readonly DependencyRow[], bounds: DependencyBounds, maxFeeBps: bigint): { text: string; over: boolean } {
  const filled = rows.filter((row) => row.project.trim() !== "" || row.share.trim() !== "");
  const total = filled.reduce((sum, row) => sum + BigInt(percentToBps(row.share) ?? 0), 0n);
  const unreadable = rows.flatMap((row, index) => (row.share.trim() !== "" && percentToBps(row.share) === undefined ? [index + 1] : []));
  const left =
    unreadable.length === 0
      ? ""
      : ` Not counted: the share of row${unreadable.length === 1 ? "" : "s"} ${unreadable.join(", ")}, which does not read as a percent (see the row).`;
  const over = total > bounds.maxTotalBps || BigInt(filled.length) > bounds.maxCount || unreadable.length > 0;
  const builder = maxBuilderShareBps(total, maxFeeBps);
  const text = `Total: ${formatBps(total)} of every claim (at most ${formatBps(bounds.maxTotalBps)}), ${filled.length} of at most ${bounds.maxCount} projects; a new campaign's builder share may then be at most ${formatBps(builder)}.${
    total > bounds.maxTotalBps ? ` Lower the shares by ${formatBps(total - bounds.maxTotalBps)} before saving.` : ""
  }${BigInt(filled.length) > bounds.maxCount ? ` Remove ${filled.length - Number(bounds.maxCount)} of the projects before saving.` : ""}${left}`;
  return { text, over };
}

/**
 * Each row's problem next to it as it is typed: its share when it does not read as a percent, its project once the
 * field is left (not while a name is half typed) when it names no project, this project or one listed above.
 */
function showRowProblems(form: HTMLElement, projectId: bigint, known: readonly KnownProject[]): void {
  const seen = new Map<bigint, number>();
  [...form.querySelectorAll<HTMLElement>(".dependency-row")].forEach((element, index) => {
    const number = index + 1;
    const projectInput = element.querySelector<HTMLInputElement>('input[list="dependency-projects"]');
    const share = element.querySelector<HTMLInputElement>('input[data-testid^="dependency-share-"]')?.value ?? "";
    const problemBox = element.querySelector<HTMLElement>(".row-problem");
    if (problemBox === null) return;
    const typed = projectInput?.value.trim() ?? "";
    let problem: string | undefined;
    if (typed !== "") {
      try {
        const id = resolveProject(typed, known, number);
        const earlier = seen.get(id);
        if (id === projectId) problem = `Project ${id} is this project: a project cannot list itself; remove the row.`;
        else if (earlier !== undefined) problem = `Row ${earlier} lists project ${id} already: keep one row for it, with its whole share.`;
        else seen.set(id, number);
      } catch (error) {
        // Not while the name is being typed: the suggestions may still complete it.
        if (document.activeElement !== projectInput) problem = error instanceof Error ? error.message.replace(/^Row \d+: /, "") : String(error);
      }
    }
    const shareSays = shareProblem(share);
    const said = [problem, shareSays].filter((part): part is string => part !== undefined).join(" ");
    problemBox.textContent = said;
    problemBox.hidden = said === "";
  });
}

export function bindDependencyForm(root: HTMLElement, context: PageContext, projectId: bigint, known: readonly KnownProject[], bounds: DependencyBounds, maxFeeBps: bigint): void {
  const form = root.querySelector<HTMLElement>('[data-testid="set-dependencies"]');
  const rowsBox = root.querySelector<HTMLElement>('[data-testid="dependency-rows"]');
  const total = root.querySelector<HTMLElement>('[data-testid="dependency-total"]');
  if (form === null || rowsBox === null || total === null) return;
  let next = rowsBox.querySelectorAll(".dependency-row").length;
  const refresh = () => {
    const { text, over } = totalText(rowsOf(form), bounds, maxFeeBps);
    total.textContent = text;
    total.className = over ? "warning" : "muted";
    showRowProblems(form, projectId, known);
  };
  refresh();
  form.addEventListener("input", refresh);
  form.addEventListener("focusout", refresh);
  form.addEventListener("click", (event) => {
    const target = event.target as HTMLElement;
    const remove = target.closest<HTMLElement>("[data-remove]");
    if (remove !== null) {
      rowsBox.querySelector(`[data-row="${remove.dataset.remove ?? ""}"]`)?.remove();
      refresh();
    }
  });
  root.querySelector('[data-testid="dependency-add"]')?.addEventListener("click", () => {
    rowsBox.insertAdjacentHTML("beforeend", rowHtml(next++, "", ""));
    refresh();
  });
  root.querySelector('[data-testid="dependencies-button"]')?.addEventListener("click", (event) => {
    event.preventDefault();
    let list;
    try {
      list = dependencyList(rowsOf(form), projectId, known, bounds);
    } catch (error) {
      context.status.failed("error", error instanceof Error ? error.message : String(error));
      return;
    }
    const chosen = list;
    void context.act("Save the dependency list", (writer) => writer.setDependencies(projectId, chosen), undefined, (result) =>
      chosen.length === 0
        ? `Version ${result.version} of the dependency list is saved, empty: campaigns opened from now on share nothing with other projects; campaigns already open keep theirs.`
        : `Version ${result.version} of the dependency list is saved (${formatBps(chosen.reduce((sum, dependency) => sum + dependency.shareBps, 0n))} in all): campaigns opened from now on freeze it; campaigns already open keep theirs.`,
    );
  });
}

/** One campaign with a builder share, as the maintainers' builder list shows it. */
export interface BuilderCampaign {
  campaign: CampaignDetails;
  title: string;
  split: CampaignSplit;
}

/**
 * The maintainers' list of the project's campaigns with a builder share: who is builder, who is nominated, and for the
 * project's owner (only they nominate a first builder) a form to nominate.
 */
export function buildersSection(campaigns: readonly BuilderCampaign[], owner: boolean): string {
  if (campaigns.length === 0) return "";
  const rows = campaigns
    .map(({ campaign, title, split }) => {
      const id = campaign.id;
      const state =
        split.builder !== null
          ? `<span title="${esc(split.builder)}">${esc(short(split.builder))}</span> (accepted)${split.nominee === null ? "" : `, handing on to ${esc(short(split.nominee))}`}: only they can hand the role on`
          : split.nominee !== null
            ? `<span title="${esc(split.nominee)}">${esc(short(split.nominee))}</span> nominated, not yet accepted`
            : "no builder nominated yet";
      const form =
        split.builder !== null || !owner
          ? ""
          : `<div class="action"><label>${split.nominee === null ? "Nominate" : "Nominate instead"} <input data-testid="assign-address-${id}" placeholder="0x… the builder's address" size="44"></label>
             <button data-testid="assign-button-${id}" data-assign="${id}">Nominate</button></div>`;
      return `<li class="card" data-testid="builder-campaign-${id}"><a href="#/campaign/${id}">${esc(title)}</a> <span class="state state-${campaign.state}">${campaign.state}</span>
        <div data-testid="builder-state-${id}">${formatBps(split.builderShareBps)} of every claim to the builder: ${state}.</div>${form}</li>`;
    })
    .join("");
  return `<h2>Builders of this project's campaigns</h2>
    <p class="muted" data-testid="builders-note">The builder is who does the work a campaign funds. ${
      owner
        ? "As the project's owner you nominate them, here or on the campaign's page"
        : "The project's owner nominates them (not any maintainer, so that nobody can name themselves or step in before the real builder accepts)"
    }; they accept on the campaign's page, connected with that address, and withdraw their share from “Owed to you”.</p>
    <ul class="list" data-testid="builder-campaigns" data-inline-status>${rows}</ul>`;
}

export function bindBuilders(root: HTMLElement, context: PageContext): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>("button[data-assign]")) {
    const id = BigInt(button.dataset.assign ?? "0");
    button.addEventListener("click", () => {
      const typed = (root.querySelector<HTMLInputElement>(`[data-testid="assign-address-${id}"]`)?.value ?? "").trim();
      try {
        if (typed === "") throw new FormError(`Type the builder's address (0x…) for campaign ${id}, then nominate.`);
        if (!isAddress(typed)) throw new FormError(`"${typed}" is not an address: paste the builder's whole 0x… address (42 characters).`);
      } catch (error) {
        context.status.failed("error", error instanceof Error ? error.message : String(error));
        return;
      }
      void context.act(`Nominate a builder for campaign ${id}`, (writer) => writer.nominateBuilder(id, typed), undefined, () =>
        `${short(typed)} is nominated for campaign ${id}: they accept on the campaign's page, connected with that address.`,
      );
    });
  }
}
