import { mapLimited } from "../../../client/index.js";
import type { Page, PageContext } from "../context.js";
import { esc, link, percent, short, specLink, timeLeft } from "../ui.js";

/** One project and its campaigns. */
export async function projectPage(context: PageContext, projectId: bigint): Promise<Page> {
  const { reader } = context;
  const project = await reader.getProject(projectId);
  const listed = await reader.listCampaigns({ projectId });
  const campaigns = await mapLimited(listed, 8, (campaign) => reader.getCampaign(campaign.id));
  const cards = campaigns
    .map((campaign) => {
      const share = percent(campaign.pledged, campaign.goal);
      return `<li class="card">
        <a href="#/campaign/${campaign.id}" data-testid="campaign-link-${campaign.id}"><strong>Campaign ${campaign.id}</strong></a>
        <span class="state state-${campaign.state}">${campaign.state}</span>
        <div class="muted" data-testid="campaign-spec-${campaign.id}">${specLink(campaign.spec)}</div>
        <div class="progress"><div class="bar" style="width:${Math.min(share, 100)}%"></div></div>
        <div>${esc(campaign.pledgedText)} of ${esc(campaign.goalText)} ${esc(campaign.token.symbol)} (${share}%) · ${timeLeft(campaign.deadline, context.now)}${campaign.deadline > campaign.plannedDeadline ? " · deadline extended (goal reached in the last call)" : ""}</div>
      </li>`;
    })
    .join("");
  return {
    html: `<p><a href="#/">← Projects</a></p>
      <h1>Project ${projectId}</h1>
      <dl class="fields">
        <dt>Metadata</dt><dd>${esc(project.metadataURI)}</dd>
        <dt>Repository</dt><dd>${project.repository === "" ? "-" : link(project.repository)}</dd>
        <dt>Owner</dt><dd title="${esc(project.owner)}">${esc(short(project.owner))}</dd>
        <dt>Payout</dt><dd title="${esc(project.payout)}">${esc(short(project.payout))}</dd>
      </dl>
      <h2>Campaigns</h2>
      ${campaigns.length === 0 ? "<p>No campaign yet.</p>" : `<ul class="list">${cards}</ul>`}`,
  };
}
