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
import { formatFields, type Row } from "./output.js";

/** What `campaign show` prints about. */
export interface CampaignView {
  campaign: CampaignDetails;
  timeline: CampaignTimeline;
  /** The latest block's time. */
  now: bigint;
  yourPledge: bigint | null;
  yourWeight: bigint | null;
  milestones: MilestoneProgress | undefined;
}

/** The whole `campaign show` text. */
export function formatCampaign(view: CampaignView): string {
  const { campaign, milestones } = view;
  const amount = amountWriter(campaign.token);
  const lines = formatFields({ ...termsRows(view), ...endRows(view), ...yourRows(view) });
  if (milestones === undefined) return lines;
  const plan = milestones.milestones
    .map((m, i) => `  ${i}: ${formatBps(m.shareBps)} due ${formatDate(m.due)}${BigInt(i) < milestones.current ? " (accepted)" : ""}`)
    .join("\n");
  const review =
    milestones.reviewEnd === 0n
      ? null
      : `until ${formatDate(milestones.reviewEnd)}, objections ${amount(milestones.objectionWeight)} of ${amount(milestones.thresholdWeight)} to exceed`;
  return `${lines}\n${formatFields({
    milestones: `${milestones.current}/${milestones.count} accepted, ${formatBps(milestones.releasedBps)} released`,
    released: amount(milestones.released),
    claimed: amount(milestones.claimed),
    refunded: amount(milestones.refunded),
    "in review": review,
  })}\nplan:\n${plan}`;
}

function termsRows({ campaign, timeline }: CampaignView): Row {
  const amount = amountWriter(campaign.token);
  const percent = campaign.goal === 0n ? 0n : (campaign.pledged * 100n) / campaign.goal;
  return {
    campaign: campaign.id,
    project: campaign.projectId,
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
    "claim window": campaign.hasMilestones ? undefined : `${formatDuration(campaign.claimWindow)} after the deadline`,
    "claim by":
      campaign.state === "Succeeded" && timeline.claimBy !== null
        ? `${formatDate(timeline.claimBy)}, or backers can take their pledges back`
        : undefined,
    lapsed:
      campaign.state === "Lapsed" && timeline.claimBy !== null
        ? `not claimed by ${formatDate(timeline.claimBy)}: every backer can take their whole pledge back (campaign refund)`
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
