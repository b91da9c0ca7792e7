import { formatBps, mapLimited, type CampaignBonus, type CampaignDetails, type CampaignSplit } from "../../../client/index.js";
import { shareOfGoal } from "../bonus.js";
import type { Page, PageContext } from "../context.js";
import { documentBody, projectDocument, specDocument, titleOf, unavailableNote } from "../documents.js";
import { knownProjects, projectNames } from "../project-names.js";
import { amountOf, esc, link, percent, short, timeLeft } from "../ui.js";
import { bindBuilders, bindDependencyForm, buildersSection, dependenciesSection, dependencyForm } from "./dependencies.js";
import { verificationSection } from "../verification.js";
import { bindEdit, bindOpen, editForm, openForm } from "./maintain.js";
import { requestsSection } from "./requests.js";

/** A campaign card's split when claims pay more than the project and the fee: "Of every claim: 15% to the builder, 7.5% to 2 dependencies". */
function splitLine(campaign: CampaignDetails, split: CampaignSplit | undefined): string {
  if (split === undefined || (split.builderShareBps === 0n && split.dependencyShareBps === 0n)) return "";
  const parts: string[] = [];
  if (split.builderShareBps > 0n) parts.push(`${formatBps(split.builderShareBps)} to the builder`);
  if (split.dependencyShareBps > 0n) {
    const count = split.dependencies.length;
    parts.push(`${formatBps(split.dependencyShareBps)} to ${count} dependenc${count === 1 ? "y" : "ies"}`);
  }
  return `<div class="muted" data-testid="campaign-split-${campaign.id}">Of every claim: ${parts.join(", ")}.</div>`;
}

/** A campaign card's refund bonus while it may still go to backers: "Refund bonus 0.25 ETH (5% of the goal) …". */
function bonusLine(campaign: CampaignDetails, bonus: CampaignBonus | undefined, amount: (value: bigint) => string): string {
  if (bonus === undefined || bonus.outcome !== "pending") return "";
  return `<div data-testid="campaign-bonus-${campaign.id}"><strong>Refund bonus ${esc(amount(bonus.pot))}</strong> (${esc(shareOfGoal(bonus.pot, campaign.goal))} of the goal): ${campaign.state === "Funding" ? "if it fails" : "if nobody claims it in time"}, each backer gets their pledge back plus a share of it.</div>`;
}

/** One project (its metadata document, else what the chain knows) and its campaigns, titled by their specs. */
export async function projectPage(context: PageContext, projectId: bigint): Promise<Page> {
  const { reader } = context;
  const project = await reader.getProject(projectId);
  const listed = await reader.listCampaigns({ projectId });
  const [document, campaigns, verification] = await Promise.all([
    projectDocument(project.metadataURI),
    mapLimited(listed, 8, (campaign) => reader.getCampaign(campaign.id)),
    verificationSection(context, projectId, project.repository, { attesters: context.trusted, forges: context.forges, where: "project" }),
  ]);
  const [specs, bonuses, splits, dependencies] = await Promise.all([
    mapLimited(campaigns, 8, (campaign) => specDocument(campaign.spec)),
    mapLimited(campaigns, 8, (campaign) => reader.getBonus(campaign.id)),
    mapLimited(campaigns, 8, (campaign) => reader.getSplit(campaign.id)),
    reader.getDependencies(projectId),
  ]);
  const account = context.account;
  const owner = account !== undefined && account.toLowerCase() === project.owner.toLowerCase();
  const maintainer = account !== undefined && (owner || (await reader.isMaintainer(projectId, account)));
  const [names, known, bounds, maxFeeBps, requests] = await Promise.all([
    projectNames(context, dependencies.dependencies.map((dependency) => dependency.projectId)),
    owner ? knownProjects(context) : Promise.resolve([]),
    owner ? Promise.all([reader.registry.MAX_DEPENDENCIES(), reader.registry.MAX_DEPENDENCY_SHARE_BPS()]).then(([maxCount, maxTotalBps]) => ({ maxCount, maxTotalBps })) : Promise.resolve(undefined),
    maintainer ? reader.limits().then((limits) => limits.maxFeeBps) : Promise.resolve(0n),
    requestsSection(
      context,
      projectId,
      campaigns.map((campaign) => ({ id: campaign.id, specURI: campaign.spec.status === "verified" ? campaign.spec.uri : "", state: campaign.state })),
    ),
  ]);
  const terms = { dependencyShareBps: dependencies.totalShareBps, maxFeeBps };
  const withBuilder = campaigns.flatMap((campaign, index) => {
    const split = splits[index];
    return split !== undefined && split.builderShareBps > 0n ? [{ campaign, title: titleOf(specs[index], `Campaign ${campaign.id}`), split }] : [];
  });
  const cards = campaigns
    .map((campaign, index) => {
      const share = percent(campaign.pledged, campaign.goal);
      const amount = amountOf(campaign.token);
      const spec = specs[index];
      const uri = campaign.spec.status === "verified" ? campaign.spec.uri : "";
      const specNote =
        spec?.status === "rewritten"
          ? `<div class="warning" data-testid="campaign-rewritten-${campaign.id}">Spec document rewritten after opening: read the campaign page</div>`
          : `<div class="muted" data-testid="campaign-spec-${campaign.id}">${spec?.status === "ok" && spec.document.summary !== undefined ? esc(spec.document.summary) : link(uri)}</div>`;
      return `<li class="card">
        <a href="#/campaign/${campaign.id}" data-testid="campaign-link-${campaign.id}"><strong>${esc(titleOf(spec, `Campaign ${campaign.id}`))}</strong></a>
        <span class="state state-${campaign.state}">${campaign.state}</span>
        ${specNote}
        <div class="progress"><div class="bar" style="width:${Math.min(share, 100)}%"></div></div>
        <div>${esc(amount(campaign.pledged))} of ${esc(amount(campaign.goal))} (${share}%) · <span class="nowrap">${timeLeft(campaign.deadline, context.now)}</span>${campaign.deadline > campaign.plannedDeadline ? " · deadline extended (goal reached in the last call)" : ""}</div>
        ${bonusLine(campaign, bonuses[index], amount)}
        ${splitLine(campaign, splits[index])}
      </li>`;
    })
    .join("");
  const about = document.status === "ok" ? documentBody(document.document, "project") : unavailableNote("project", document.status === "unavailable" ? document.reason : "unreadable");
  return {
    html: `<p><a href="#/">← Projects</a></p>
      <h1 data-testid="project-title">${esc(titleOf(document, `Project ${projectId}`))}</h1>
      ${about}
      <dl class="fields">
        <dt>Project</dt><dd>${projectId}</dd>
        <dt>Metadata</dt><dd class="break" data-testid="metadata-uri">${link(project.metadataURI)}</dd>
        <dt>Repository</dt><dd class="break" data-testid="repository">${project.repository === "" ? "-" : link(project.repository)}</dd>
        <dt>Owner</dt><dd title="${esc(project.owner)}">${esc(short(project.owner))}</dd>
        <dt>Payout</dt><dd title="${esc(project.payout)}">${esc(short(project.payout))}</dd>
      </dl>
      ${verification.html}
      <h2>Campaigns</h2>
      ${campaigns.length === 0 ? `<p class="empty" data-testid="empty">No campaign yet. A maintainer opens one for a piece of work: a goal, a deadline and a spec saying what will be delivered.</p>` : `<ul class="list">${cards}</ul>`}
      ${requests.html}
      ${maintainer ? openForm(terms) : ""}
      ${maintainer ? buildersSection(withBuilder, owner) : ""}
      ${dependenciesSection(projectId, dependencies, names)}
      ${owner && bounds !== undefined ? dependencyForm(projectId, dependencies, known, bounds) : ""}
      ${owner ? editForm(project) : ""}`,
    bind(root) {
      verification.bind(root);
      requests.bind(root);
      if (maintainer) bindOpen(root, context, projectId, terms);
      if (owner) bindBuilders(root, context);
      if (owner && bounds !== undefined) bindDependencyForm(root, context, projectId, known, bounds, maxFeeBps);
      if (owner) bindEdit(root, context, project);
    },
  };
}
