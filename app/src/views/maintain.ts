/**
 * Maintainers act from the app: register a project, edit its metadata URI (its repository sent back unchanged: the
 * registry call overwrites both) and payout, and open a campaign, with or without milestones and a builder share,
 * pinning the spec document's content hash when the spec URL serves a document.
 */
import { fetchDocument, formatBps, specHashOf, type MilestonePlanInput, type OpenCampaignInput, type ProjectDetails } from "../../../client/index.js";
import type { PageContext } from "../context.js";
import { GATEWAY } from "../documents.js";
import { builderShareOf, maxBuilderShareBps } from "../shares.js";
import { esc } from "../ui.js";

const DAY = 86_400n;

function field(root: HTMLElement, id: string): string {
  return (root.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[data-testid="${id}"]`)?.value ?? "").trim();
}

function checked(root: HTMLElement, id: string): boolean {
  return root.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)?.checked ?? false;
}

function on(root: HTMLElement, id: string, handler: () => Promise<void>): void {
  root.querySelector(`[data-testid="${id}"]`)?.addEventListener("click", (event) => {
    event.preventDefault();
    void handler();
  });
}

/** The form to register a project (anyone connected). */
export function registerForm(account: string): string {
  return `<details class="maintain" data-testid="register-project"><summary>Register a project</summary>
    <form class="form">
      <label>Metadata URI <input data-testid="register-metadata" placeholder="ipfs://… or https://…/project.json"></label>
      <label>Repository <input data-testid="register-repository" placeholder="https://github.com/…"></label>
      <label>Payout address <input data-testid="register-payout" value="${esc(account)}"></label>
      <p class="muted">The metadata document follows <code>schemas/project-metadata.schema.json</code> (name, summary, description in Markdown, links, image). You become the project's owner.</p>
      <button data-testid="register-button">Register</button>
    </form></details>`;
}

export function bindRegister(root: HTMLElement, context: PageContext): void {
  on(root, "register-button", () =>
    context.act("Register project", (writer) =>
      writer.registerProject({ metadataURI: field(root, "register-metadata"), repository: field(root, "register-repository"), payout: field(root, "register-payout") }),
    ),
  );
}

/** The owner's form to edit a project's metadata URI and payout. */
export function editForm(project: ProjectDetails): string {
  return `<details class="maintain" data-testid="edit-project" data-inline-status><summary>Edit this project (owner)</summary>
    <form class="form">
      <label>Metadata URI <input data-testid="edit-metadata" value="${esc(project.metadataURI)}"></label>
      <p class="muted">The repository stays ${esc(project.repository === "" ? "empty" : project.repository)}: it is sent back unchanged.</p>
      <button data-testid="edit-metadata-button">Save metadata URI</button>
      <label>Payout address <input data-testid="edit-payout" value="${esc(project.payout)}"></label>
      <button data-testid="edit-payout-button">Save payout address</button>
    </form></details>`;
}

export function bindEdit(root: HTMLElement, context: PageContext, project: ProjectDetails): void {
  on(root, "edit-metadata-button", () =>
    context.act("Save metadata URI", (writer) => writer.setProjectMetadata(project.id, field(root, "edit-metadata"), project.repository)),
  );
  on(root, "edit-payout-button", () => context.act("Save payout address", (writer) => writer.setPayoutAddress(project.id, field(root, "edit-payout"))));
}

/** The builder share's limits for a project's new campaigns: its dependency list's total, and the largest fee. */
export interface BuilderShareTerms {
  dependencyShareBps: bigint;
  maxFeeBps: bigint;
}

/** The builder share field: the most it may be, and why (`prefix` names its test ids: "open", "accept"). */
export function builderShareField(terms: BuilderShareTerms, prefix = "open"): string {
  const max = maxBuilderShareBps(terms.dependencyShareBps, terms.maxFeeBps);
  const why =
    terms.dependencyShareBps === 0n
      ? `the protocol fee may take up to ${formatBps(terms.maxFeeBps)}`
      : `this project's dependencies take ${formatBps(terms.dependencyShareBps)} of every claim and the protocol fee may take up to ${formatBps(terms.maxFeeBps)}`;
  return `<label>Builder share <input data-testid="${prefix}-builder-share" inputmode="decimal" placeholder="none" size="6"> %
        <span class="muted" data-testid="${prefix}-builder-max">At most ${formatBps(max)}: ${why}. The builder (who does the work) gets this share of every claim; leave it empty for none. The project's owner nominates the builder once the campaign is open, and they accept on its page.</span></label>`;
}

/** The milestone fields of a campaign's terms (`prefix` names their test ids: "open", "accept"). */
export function milestoneFields(prefix: string): string {
  return `<label class="inline"><input type="checkbox" data-testid="${prefix}-with-milestones"> With milestones</label>
      <fieldset class="milestone-plan">
        <label>Milestones, one a line: share %, due (days after the deadline) <textarea data-testid="${prefix}-milestones" rows="3" placeholder="50, 30&#10;30, 60"></textarea></label>
        <label>Review window <input data-testid="${prefix}-review-days" value="7" size="4"> days</label>
        <label>Objection threshold <input data-testid="${prefix}-threshold" placeholder="default" size="6"> %</label>
        <p class="muted">What the milestones leave of 100% is released when the campaign succeeds.</p>
      </fieldset>`;
}

/** A maintainer's form to open a campaign. */
export function openForm(terms: BuilderShareTerms): string {
  return `<details class="maintain" data-testid="open-campaign" data-inline-status><summary>Open a campaign (maintainer)</summary>
    <form class="form">
      <label>Spec URL <input data-testid="open-spec" placeholder="ipfs://… or https://…/spec.json, or an issue page"></label>
      <label class="inline"><input type="checkbox" data-testid="open-pin" checked> Pin the document at this URL by its content hash (backers are warned if it is rewritten; leave unticked for an issue page)</label>
      <label>Token <input data-testid="open-token" value="ETH"></label>
      <label>Goal <input data-testid="open-goal" inputmode="decimal" placeholder="5"></label>
      <label>Deadline: in <input data-testid="open-days" inputmode="numeric" value="30" size="4"> days</label>
      ${milestoneFields("open")}
      ${builderShareField(terms)}
      <p class="muted" data-testid="open-bonus-hint">A refund bonus (backers of a campaign that fails get their pledge back plus a share of it) is deposited on the campaign's page once it is open: the earlier, the more each pledge's share can grow.</p>
      <button data-testid="open-button">Open campaign</button>
    </form></details>`;
}

/** Reads the milestone lines: "50, 30" is 50% due 30 days after the deadline; undefined when "With milestones" is off. */
export function milestonePlanOf(root: HTMLElement, deadline: bigint, prefix: string): MilestonePlanInput | undefined {
  return checked(root, `${prefix}-with-milestones`) ? milestonePlan(root, deadline, prefix) : undefined;
}

function milestonePlan(root: HTMLElement, deadline: bigint, prefix: string): MilestonePlanInput {
  const milestones = field(root, `${prefix}-milestones`)
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => {
      const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*,\s*(\d+)\s*$/.exec(line);
      if (match === null) throw new Error(`Milestone ${index + 1}: write "share %, days after the deadline", such as "50, 30".`);
      return { shareBps: Math.round(Number(match[1]) * 100), due: deadline + BigInt(match[2] ?? "0") * DAY };
    });
  if (milestones.length === 0) throw new Error("Give at least one milestone, or untick “With milestones”.");
  const total = milestones.reduce((sum, milestone) => sum + milestone.shareBps, 0);
  if (total > 10_000) throw new Error(`The milestones' shares add up to ${total / 100}%, more than 100%.`);
  const threshold = field(root, `${prefix}-threshold`);
  return {
    initialShareBps: 10_000 - total,
    reviewWindowSeconds: BigInt(field(root, `${prefix}-review-days`) || "7") * DAY,
    objectionThresholdBps: threshold === "" ? 0 : Math.round(Number(threshold) * 100),
    milestones,
  };
}

export function bindOpen(root: HTMLElement, context: PageContext, projectId: bigint, terms: BuilderShareTerms): void {
  on(root, "open-button", async () => {
    let input: OpenCampaignInput;
    // Pending from the click on: fetching the spec document to pin it comes before the wallet.
    context.status.pending("Open campaign");
    try {
      const days = field(root, "open-days");
      if (!/^\d+$/.test(days)) throw new Error("Give the deadline as a whole number of days from now.");
      const deadline = context.now + BigInt(days) * DAY;
      const specURI = field(root, "open-spec");
      input = { projectId, specURI, token: field(root, "open-token") || "ETH", goal: field(root, "open-goal"), deadline };
      const builderShareBps = builderShareOf(field(root, "open-builder-share"), terms.dependencyShareBps, terms.maxFeeBps);
      if (builderShareBps > 0n) input.builderShareBps = builderShareBps;
      const milestones = milestonePlanOf(root, deadline, "open");
      if (milestones !== undefined) input.milestones = milestones;
      if (checked(root, "open-pin") && specURI !== "") {
        const fetched = await fetchDocument(specURI, { gateway: GATEWAY });
        if (fetched.status === "unavailable") {
          throw new Error(`The spec document could not be fetched to pin it (${fetched.reason}). Untick “Pin” for an issue page.`);
        }
        input.specHash = specHashOf(fetched.bytes);
      }
    } catch (error) {
      context.status.failed("error", error instanceof Error ? error.message : String(error));
      return;
    }
    const opened = input;
    await context.act(`Open campaign${opened.specHash === undefined ? "" : " (spec pinned)"}`, (writer) => writer.openCampaign(opened), undefined, (result) =>
      opened.builderShareBps === undefined
        ? `Campaign ${result.campaignId} is open.`
        : `Campaign ${result.campaignId} is open with a builder share of ${formatBps(opened.builderShareBps)}: the project's owner nominates its builder, below or on its page.`,
    );
  });
}
