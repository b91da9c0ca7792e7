import { formatAmount } from "../../../client/amounts.js";
import type { CampaignDetails, MilestoneProgress } from "../../../client/client.js";
import type { Page, PageContext } from "../context.js";
import { date, esc, link, percent, timeLeft } from "../ui.js";

/** One campaign: goal, progress, time left, state, milestones, the connected backer's pledge, and the actions. */
export async function campaignPage(context: PageContext, campaignId: bigint): Promise<Page> {
  const { reader, account } = context;
  const campaign = await reader.getCampaign(campaignId);
  const progress = campaign.hasMilestones ? await reader.getMilestoneProgress(campaignId) : undefined;
  const yourPledge = account === undefined ? 0n : await reader.pledgeOf(campaignId, account);
  const maintainer = account === undefined ? false : await reader.isMaintainer(campaign.projectId, account);
  const objecting = account !== undefined && progress !== undefined && (await reader.escrow.isObjecting(campaignId, account));
  const amount = (value: bigint) => `${formatAmount(value, campaign.token.decimals)} ${campaign.token.symbol}`;
  const share = percent(campaign.pledged, campaign.goal);

  const html = `<p><a href="#/project/${campaign.projectId}">← Project ${campaign.projectId}</a></p>
    <h1>Campaign ${campaign.id} <span class="state state-${campaign.state}" data-testid="state">${campaign.state}</span></h1>
    <p class="muted">Funds ${link(campaign.specURI)}</p>
    <div class="progress" data-testid="progress"><div class="bar" data-testid="bar" style="width:${Math.min(share, 100)}%"></div></div>
    <p data-testid="progress-text">${esc(amount(campaign.pledged))} pledged of ${esc(amount(campaign.goal))} (${share}%)</p>
    <dl class="fields">
      <dt>Deadline</dt><dd>${date(campaign.deadline)} · <span data-testid="time-left">${timeLeft(campaign.deadline, context.now)}</span></dd>
      <dt>Token</dt><dd>${campaign.token.native ? "ETH" : `${esc(campaign.token.symbol)} ${esc(campaign.token.address)}`}</dd>
      <dt>Protocol fee</dt><dd>${Number(campaign.feeBps) / 100}% of what is claimed</dd>
      <dt>Your pledge</dt><dd data-testid="your-pledge">${account === undefined ? "connect a wallet" : esc(amount(yourPledge))}</dd>
    </dl>
    ${progress === undefined ? "" : milestonesSection(progress, context.now, amount)}
    <section class="actions">${actions(campaign, progress, { connected: account !== undefined, yourPledge, maintainer, objecting })}</section>`;

  return {
    html,
    bind(root) {
      const value = (id: string) => (root.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)?.value ?? "").trim();
      const on = (id: string, handler: () => Promise<void>) =>
        root.querySelector(`[data-testid="${id}"]`)?.addEventListener("click", () => void handler());
      const act = (label: string, action: Parameters<PageContext["act"]>[1]) => context.act(label, action, amount);
      on("pledge-button", () => act("Pledge", (writer) => writer.pledge(campaignId, value("pledge-amount"))));
      on("withdraw-button", () => act("Withdraw", (writer) => writer.withdrawPledge(campaignId, value("withdraw-amount"))));
      on("refund-button", () => act("Refund", (writer) => writer.refund(campaignId)));
      on("claim-button", () => act("Claim", (writer) => writer.claim(campaignId)));
      on("cancel-button", () => act("Cancel", (writer) => writer.cancelCampaign(campaignId)));
      on("submit-button", () => act("Submit milestone", (writer) => writer.submitMilestone(campaignId, value("submit-uri"))));
      on("object-button", () => act("Object", (writer) => writer.objectMilestone(campaignId)));
      on("withdraw-objection-button", () => act("Withdraw objection", (writer) => writer.withdrawObjection(campaignId)));
    },
  };
}

function milestonesSection(progress: MilestoneProgress, now: bigint, amount: (value: bigint) => string): string {
  const rows = progress.milestones
    .map((milestone, index) => {
      const i = BigInt(index);
      let status = "upcoming";
      if (i < progress.current) status = "accepted";
      else if (i === progress.current && progress.reviewEnd !== 0n) {
        status = now <= progress.reviewEnd ? `in review until ${date(progress.reviewEnd)}` : "review closed";
      } else if (i === progress.current) status = now > milestone.due ? "overdue" : "awaiting delivery";
      return `<tr data-testid="milestone-${index}"><td>${index + 1}</td><td>${Number(milestone.shareBps) / 100}%</td><td>${date(milestone.due)}</td><td>${esc(status)}</td></tr>`;
    })
    .join("");
  const objections =
    progress.reviewEnd === 0n
      ? ""
      : `<p data-testid="objections">Objections: ${esc(amount(progress.objectionWeight))} — the milestone is rejected above ${esc(amount(progress.thresholdWeight))} (${Number(progress.objectionThresholdBps) / 100}% of the total).</p>`;
  return `<h2>Milestones</h2>
    <p>${Number(progress.releasedBps) / 100}% released (${esc(amount(progress.released))}), ${esc(amount(progress.claimed))} claimed, ${esc(amount(progress.refunded))} refunded. Review window ${Number(progress.reviewWindow) / 86_400} days.</p>
    <table class="milestones"><thead><tr><th>#</th><th>Share</th><th>Due</th><th>Status</th></tr></thead><tbody>${rows}</tbody></table>
    ${objections}`;
}

interface Viewer {
  connected: boolean;
  yourPledge: bigint;
  maintainer: boolean;
  objecting: boolean;
}

function actions(campaign: CampaignDetails, progress: MilestoneProgress | undefined, viewer: Viewer): string {
  if (!viewer.connected) return `<p>Connect a wallet to pledge or manage this campaign.</p>`;
  const parts: string[] = [];
  const state = campaign.state;
  if (state === "Funding") {
    parts.push(`<label>Amount (${esc(campaign.token.symbol)}) <input data-testid="pledge-amount" inputmode="decimal" placeholder="0.5"></label>
      <button data-testid="pledge-button">Pledge</button>`);
    if (viewer.yourPledge > 0n) {
      parts.push(`<label>Take back <input data-testid="withdraw-amount" inputmode="decimal"></label><button data-testid="withdraw-button">Withdraw</button>`);
    }
    if (viewer.maintainer) parts.push(`<button data-testid="cancel-button" class="secondary">Cancel campaign</button>`);
  }
  if ((state === "Failed" || state === "Cancelled" || state === "Rejected") && viewer.yourPledge > 0n) {
    parts.push(`<button data-testid="refund-button">Refund my pledge</button>`);
  }
  if (viewer.maintainer && (state === "Succeeded" || state === "Rejected")) {
    parts.push(`<button data-testid="claim-button">Claim to the payout address</button>`);
  }
  if (progress !== undefined && state === "Succeeded") {
    const inReview = progress.reviewEnd !== 0n;
    if (viewer.maintainer && !inReview && progress.current < progress.count) {
      parts.push(`<label>Delivery URI <input data-testid="submit-uri" placeholder="https://…/releases/v1"></label><button data-testid="submit-button">Submit milestone ${progress.current + 1n}</button>`);
    }
    if (inReview && viewer.yourPledge > 0n) {
      parts.push(
        viewer.objecting
          ? `<button data-testid="withdraw-objection-button" class="secondary">Withdraw my objection</button>`
          : `<button data-testid="object-button" class="secondary">Object to this milestone</button>`,
      );
    }
  }
  return parts.length === 0 ? `<p class="muted">Nothing to do here for this account.</p>` : parts.map((part) => `<div class="action">${part}</div>`).join("");
}
