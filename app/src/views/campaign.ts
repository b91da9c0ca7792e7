import {
  amountWriter,
  campaignTimeline,
  formatBps,
  formatDuration,
  type CampaignDetails,
  type CampaignTimeline,
  type MilestoneProgress,
} from "../../../client/index.js";
import type { Page, PageContext } from "../context.js";
import { date, esc, percent, specLink, timeLeft } from "../ui.js";

/**
 * One campaign: goal, progress, state, how it ends (deadline and its extensions, last call, weight cutoff, claim
 * window), milestones, the connected backer's pledge and objection weight, and the actions.
 */
export async function campaignPage(context: PageContext, campaignId: bigint): Promise<Page> {
  const { reader, account } = context;
  const campaign = await reader.getCampaign(campaignId);
  const progress = campaign.hasMilestones ? await reader.getMilestoneProgress(campaignId) : undefined;
  const yourPledge = account === undefined ? 0n : await reader.pledgeOf(campaignId, account);
  const yourWeight = account === undefined || !campaign.hasMilestones ? undefined : await reader.objectionWeightOf(campaignId, account);
  const maintainer = account === undefined ? false : await reader.isMaintainer(campaign.projectId, account);
  const objecting = account !== undefined && progress !== undefined && (await reader.isObjecting(campaignId, account));
  const amount = amountWriter(campaign.token);
  const share = percent(campaign.pledged, campaign.goal);
  const timeline = campaignTimeline(campaign, context.now);

  const html = `<p><a href="#/project/${campaign.projectId}">← Project ${campaign.projectId}</a></p>
    <h1>Campaign ${campaign.id} <span class="state state-${campaign.state}" data-testid="state">${campaign.state}</span></h1>
    <p class="muted" data-testid="spec">Funds ${specLink(campaign.spec)}</p>
    <div class="progress" data-testid="progress"><div class="bar" data-testid="bar" style="width:${Math.min(share, 100)}%"></div></div>
    <p data-testid="progress-text">${esc(amount(campaign.pledged))} pledged of ${esc(amount(campaign.goal))} (${share}%)</p>
    <p data-testid="all-or-nothing"><strong>All or nothing:</strong> if the total is below ${esc(amount(campaign.goal))} at the deadline, every backer takes back their whole pledge.
      <span data-testid="shill">The project's own addresses can pledge too, and nothing on chain tells their pledges apart, but a pledge that reaches the goal in the last call moves the deadline, so you always see the goal reached with at least ${esc(formatDuration(campaign.lastCall))} left to take your pledge back.</span></p>
    <dl class="fields">
      <dt>Deadline</dt><dd data-testid="deadline">${esc(deadlineText(campaign, timeline, context.now))}</dd>
      <dt>Last call</dt><dd data-testid="last-call">${esc(lastCallText(campaign, timeline, amount))}</dd>
      ${campaign.hasMilestones ? `<dt>Objection weight</dt><dd data-testid="weight-cutoff">Pledges after ${esc(date(campaign.weightCutoff))} carry no objection weight: they count toward the goal, but give no say in the review of milestones.</dd>` : ""}
      ${claimWindowRow(campaign)}
      <dt>Token</dt><dd>${campaign.token.native ? "ETH" : `${esc(campaign.token.symbol)} ${esc(campaign.token.address)}`}</dd>
      <dt>Protocol fee</dt><dd data-testid="fee">${formatBps(campaign.feeBps)} of what is claimed</dd>
      <dt>Your pledge</dt><dd data-testid="your-pledge">${account === undefined ? "connect a wallet" : esc(amount(yourPledge))}</dd>
      ${yourWeight === undefined ? "" : `<dt>Your objection weight</dt><dd data-testid="your-weight">${esc(weightText(yourWeight, yourPledge, campaign, amount))}</dd>`}
    </dl>
    ${progress === undefined ? "" : milestonesSection(progress, context.now, amount)}
    <section class="actions">${actions(campaign, progress, timeline, amount, { connected: account !== undefined, yourPledge, maintainer, objecting })}</section>`;

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

/** "Thu 3 Dec 2026, 14:05:07 UTC · 2 d 4 h left · extended from …". */
function deadlineText(campaign: CampaignDetails, timeline: CampaignTimeline, now: bigint): string {
  const parts = [date(campaign.deadline), timeLeft(campaign.deadline, now)];
  if (timeline.extendedBy > 0n) {
    parts.push(`extended from ${date(campaign.plannedDeadline)}, because the total reached or fell below the goal in the last call`);
  }
  return parts.join(" · ");
}

/** When the last call runs, and what it means for this campaign now. */
function lastCallText(campaign: CampaignDetails, timeline: CampaignTimeline, amount: (value: bigint) => string): string {
  const length = formatDuration(campaign.lastCall);
  if (campaign.state !== "Funding") return `The last ${length} before the deadline, from ${date(timeline.lastCallStart)}.`;
  const rule = `From ${date(timeline.lastCallStart)}, once the goal has stood for more than ${length}, the total can no longer fall below the goal.`;
  const now: string[] = [];
  if (timeline.goalReachedAt !== null) {
    now.push(`The goal was reached ${date(timeline.goalReachedAt)}.`);
    if (timeline.goalLocked) now.push(`It has stood long enough: withdrawals can only take out what stands above ${amount(campaign.goal)}.`);
    else {
      const freeUntil = timeline.goalLockedFrom === null ? campaign.deadline : timeline.goalLockedFrom - 1n;
      now.push(`Until ${date(freeUntil)} every backer can still take their whole pledge back.`);
    }
  } else {
    now.push(`A pledge that reaches the goal in the last call moves the deadline to one last call after it, never past ${date(campaign.latestDeadline)}.`);
    if (campaign.deadline > timeline.lastGoalCrossing) {
      now.push(`From ${date(timeline.lastGoalCrossing + 1n)} the goal can no longer be reached, so that every backer keeps a whole last call.`);
    }
  }
  return [rule, ...now].join(" ");
}

/** The claim window of a campaign without milestones, in the words that fit its state. */
function claimWindowRow(campaign: CampaignDetails): string {
  if (campaign.hasMilestones) return "";
  const claimBy = campaign.deadline + campaign.claimWindow;
  let text: string;
  if (campaign.state === "Funding") {
    text = `If it succeeds, the maintainers must claim within ${formatDuration(campaign.claimWindow)} of the deadline; after that every backer can take their pledge back.`;
  } else if (campaign.state === "Succeeded") {
    text = `The maintainers must claim by ${date(claimBy)}; after that every backer can take their pledge back.`;
  } else if (campaign.state === "Lapsed") {
    text = `Nobody claimed it by ${date(claimBy)}: it lapsed, and every backer can take their whole pledge back.`;
  } else {
    return "";
  }
  return `<dt>Claim window</dt><dd data-testid="claim-window">${esc(text)}</dd>`;
}

/** The connected backer's objection weight, and why it is less than their pledge when it is. */
function weightText(weight: bigint, pledge: bigint, campaign: CampaignDetails, amount: (value: bigint) => string): string {
  if (weight === pledge) return amount(weight);
  return `${amount(weight)}: the other ${amount(pledge - weight)} of your pledge came after ${date(campaign.weightCutoff)} and carries none.`;
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
      return `<tr data-testid="milestone-${index}"><td>${index + 1}</td><td>${formatBps(milestone.shareBps)}</td><td>${date(milestone.due)}</td><td>${esc(status)}</td></tr>`;
    })
    .join("");
  const objections =
    progress.reviewEnd === 0n
      ? ""
      : `<p data-testid="objections">Objections: ${esc(amount(progress.objectionWeight))} — the milestone is rejected above ${esc(amount(progress.thresholdWeight))} (${formatBps(progress.objectionThresholdBps)} of the pledges that carry objection weight).</p>`;
  return `<h2>Milestones</h2>
    <p>${formatBps(progress.releasedBps)} released (${esc(amount(progress.released))}), ${esc(amount(progress.claimed))} claimed, ${esc(amount(progress.refunded))} refunded. Review window ${formatDuration(progress.reviewWindow)}.</p>
    <table class="milestones"><thead><tr><th>#</th><th>Share</th><th>Due</th><th>Status</th></tr></thead><tbody>${rows}</tbody></table>
    ${objections}`;
}

interface Viewer {
  connected: boolean;
  yourPledge: bigint;
  maintainer: boolean;
  objecting: boolean;
}

function actions(
  campaign: CampaignDetails,
  progress: MilestoneProgress | undefined,
  timeline: CampaignTimeline,
  amount: (value: bigint) => string,
  viewer: Viewer,
): string {
  if (!viewer.connected) return `<p>Connect a wallet to pledge or manage this campaign.</p>`;
  const parts: string[] = [];
  const state = campaign.state;
  if (state === "Funding") {
    parts.push(`<label>Amount (${esc(campaign.token.symbol)}) <input data-testid="pledge-amount" inputmode="decimal" placeholder="0.5"></label>
      <button data-testid="pledge-button">Pledge</button>`);
    if (viewer.yourPledge > 0n) {
      const above = campaign.pledged - campaign.goal;
      const most = above < viewer.yourPledge ? above : viewer.yourPledge;
      const limit = timeline.goalLocked ? ` <span class="muted" data-testid="withdraw-limit">at most ${esc(amount(most))} now (the goal is locked)</span>` : "";
      parts.push(`<label>Take back <input data-testid="withdraw-amount" inputmode="decimal"></label><button data-testid="withdraw-button">Withdraw</button>${limit}`);
    }
    if (viewer.maintainer) parts.push(`<button data-testid="cancel-button" class="secondary">Cancel campaign</button>`);
  }
  if ((state === "Failed" || state === "Cancelled" || state === "Rejected" || state === "Lapsed") && viewer.yourPledge > 0n) {
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
