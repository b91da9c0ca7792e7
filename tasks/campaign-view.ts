/** A campaign written for people: its end (deadlines, last call, goal lock, claim window) in dates and words. */
import {
  amountWriter,
  describeSpec,
  formatBps,
  formatDate,
  formatDuration,
  type CampaignDetails,
  type CampaignTimeline,
  type MilestoneProgress,
} from "../client/node.js";
import { bonusRows, depositorLines, type BonusShown } from "./bonus-view.js";
import { formatFields, type Row } from "./output.js";
import { splitRows, type SplitShown } from "./shares-view.js";

/** What `campaign show` prints about. */
export interface CampaignView {
  campaign: CampaignDetails;
  timeline: CampaignTimeline;
  /** The latest block's time. */
  now: bigint;
  yourPledge: bigint | null;
  yourWeight: bigint | null;
  milestones: MilestoneProgress | undefined;
  /** The last delivery submitted (milestone index from 0, its URI); null when none is in or past review. */
  delivery?: { index: bigint; uri: string } | null;
  /** The refund bonus and its depositors; null (or absent) without one. */
  bonus?: BonusShown | null;
  /** The builder and dependency shares; null (or absent) for a campaign without any. */
  split?: SplitShown | null;
}

/** The whole `campaign show` text. */
export function formatCampaign(view: CampaignView): string {
  const { campaign, milestones } = view;
  const amount = amountWriter(campaign.token);
  const bonus = view.bonus ?? null;
  const split = view.split ?? null;
  const fields = formatFields({
    ...termsRows(view),
    ...(split === null ? {} : splitRows(split, campaign.token, view.now)),
    ...endRows(view),
    ...yourRows(view),
    ...bonusRows(campaign, bonus, view.yourPledge, view.timeline.claimBy),
  });
  const depositors = depositorLines(campaign, bonus);
  const lines = depositors === undefined ? fields : `${fields}\n${depositors}`;
  if (milestones === undefined) return lines;
  const statuses = milestoneStatuses(view, milestones);
  // Numbered from 1, as the app numbers them.
  const plan = milestones.milestones.map((m, i) => `  milestone ${i + 1}: ${formatBps(m.shareBps)} due ${formatDate(m.due)}: ${statuses[i]}`).join("\n");
  const inReview = campaign.state !== "Rejected" && milestones.reviewEnd !== 0n && view.now <= milestones.reviewEnd;
  const delivery = view.delivery ?? null;
  return `${lines}\n${formatFields({
    milestones: `${milestones.current}/${milestones.count} accepted, ${formatBps(milestones.releasedBps)} released`,
    released: amount(milestones.released),
    claimed: amount(milestones.claimed),
    refunded: amount(milestones.refunded),
    "in review": inReview
      ? `milestone ${milestones.current + 1n} until ${formatDate(milestones.reviewEnd)}, objections ${amount(milestones.objectionWeight)} of ${amount(milestones.thresholdWeight)} to exceed`
      : undefined,
    delivery: delivery === null || milestones.reviewEnd === 0n ? undefined : `${delivery.uri} (milestone ${delivery.index + 1n})`,
  })}\nplan:\n${plan}`;
}

/**
 * Where each milestone stands, in words: accepted, in review (or its review closed, waiting to be settled), rejected
 * by objections, overdue (not delivered by its due date, which rejects the campaign), due, or never reached.
 */
function milestoneStatuses({ campaign, now }: CampaignView, progress: MilestoneProgress): string[] {
  const amount = amountWriter(campaign.token);
  const current = Number(progress.current);
  const inReview = progress.reviewEnd !== 0n;
  const objected = progress.objectionWeight > progress.thresholdWeight;
  const objections = `objections ${amount(progress.objectionWeight)} of ${amount(progress.thresholdWeight)} to exceed`;
  // After a rejection the review of the current milestone decided it, or the next one due was never delivered.
  const rejected = campaign.state !== "Rejected" ? -1 : inReview && !objected ? current + 1 : current;
  return progress.milestones.map((milestone, i) => {
    if (i < current) return "accepted";
    if (rejected >= 0) {
      if (i < rejected) return `accepted (its review closed on ${formatDate(progress.reviewEnd)}; settle records it)`;
      if (i > rejected) return "never reached: the campaign was rejected";
      return i === current && inReview && objected
        ? `rejected: objections of ${amount(progress.objectionWeight)} exceeded ${amount(progress.thresholdWeight)}`
        : `rejected: overdue, not delivered by its due date`;
    }
    if (i > current) return "to come";
    if (inReview) {
      return now <= progress.reviewEnd
        ? `in review until ${formatDate(progress.reviewEnd)} (see "in review" above)`
        : `review closed on ${formatDate(progress.reviewEnd)} with ${objections}: accepted once settled (milestone settle ${campaign.id})`;
    }
    if (campaign.state === "Funding") return "first, once the campaign succeeds";
    return milestone.due < now ? "overdue: not delivered by its due date" : "next: the maintainers submit its delivery for review";
  });
}

function termsRows({ campaign, timeline }: CampaignView): Row {
  const amount = amountWriter(campaign.token);
  const percent = campaign.goal === 0n ? 0n : (campaign.pledged * 100n) / campaign.goal;
  return {
    campaign: campaign.id,
    project: campaign.projectId,
    origin:
      campaign.fromRequest === null || campaign.fromRequest === undefined
        ? undefined
        : `from request #${campaign.fromRequest.requestId}, accepted ${formatDate(campaign.fromRequest.acceptedAt)} by ${campaign.fromRequest.maintainer} (request show ${campaign.fromRequest.requestId} tells its backers and support)`,
    state: stateText(campaign, timeline),
    spec: describeSpec(campaign.spec),
    token: campaign.token.native ? "ETH" : `${campaign.token.symbol} ${campaign.token.address}`,
    goal: amount(campaign.goal),
    pledged: `${amount(campaign.pledged)} (${percent}%)`,
    fee: `${formatBps(campaign.feeBps)} of what is claimed`,
  };
}

function stateText(campaign: CampaignDetails, timeline: CampaignTimeline): string {
  if (campaign.state === "Lapsed") return "Lapsed: it succeeded but was not claimed in time";
  if (timeline.inLastCall) return "Funding, in its last call";
  return campaign.state;
}

/** The end of the campaign: every date that decides it, in words. */
function endRows({ campaign, timeline, now }: CampaignView): Row {
  const funding = campaign.state === "Funding";
  const extended =
    timeline.extendedBy === 0n
      ? "(as planned)"
      : `(extended by ${formatDuration(timeline.extendedBy)}: the total reached or fell below the goal in the last call)`;
  return {
    "planned deadline": formatDate(campaign.plannedDeadline),
    deadline: `${formatDate(campaign.deadline)} ${extended}`,
    "last call": `the last ${formatDuration(campaign.lastCall)}, from ${formatDate(timeline.lastCallStart)}`,
    "weight cutoff": timeline.weightCutoff === null ? undefined : `pledges after ${formatDate(timeline.weightCutoff)} carry no objection weight`,
    "goal reached": timeline.goalReachedAt === null ? undefined : formatDate(timeline.goalReachedAt),
    "goal locked": funding ? goalLockText(timeline, now) : undefined,
    "latest deadline": funding
      ? `${formatDate(timeline.latestDeadline)} (a pledge may reach the goal until ${formatDate(timeline.lastGoalCrossing)})`
      : undefined,
    // The claim window bounds only a campaign without milestones that may still be, or has just been, claimable.
    "claim window":
      campaign.hasMilestones || !["Funding", "Succeeded", "Lapsed"].includes(campaign.state)
        ? undefined
        : `${formatDuration(campaign.claimWindow)} after the deadline`,
    "claim by":
      campaign.state === "Succeeded" && timeline.claimBy !== null
        ? `${formatDate(timeline.claimBy)}, or backers can take their pledges back`
        : undefined,
    lapsed:
      campaign.state === "Lapsed" && timeline.claimBy !== null
        ? `not claimed by ${formatDate(timeline.claimBy)}: every backer can take their whole pledge back (campaign refund ${campaign.id})`
        : undefined,
  };
}

function goalLockText(timeline: CampaignTimeline, now: bigint): string | undefined {
  const from = timeline.goalLockedFrom;
  if (from === null) return timeline.goalReachedAt === null ? undefined : "no: the goal will not have stood a whole last call by the deadline";
  const when = from <= now ? "since" : "from";
  return `withdrawals that take the total below the goal are refused ${when} ${formatDate(from)}`;
}

function yourRows({ campaign, yourPledge, yourWeight }: CampaignView): Row {
  const amount = amountWriter(campaign.token);
  return {
    "your pledge": yourPledge === null ? null : amount(yourPledge),
    "your objection weight": campaign.hasMilestones && yourWeight !== null ? amount(yourWeight) : undefined,
  };
}
