/**
 * The end of a campaign, worked out from its terms and totals: when the last call starts, whether the goal is locked,
 * the weight cutoff, the latest possible deadline and the claim window. Pure functions of what `getCampaign` returns,
 * so the command line, the web app and the error messages tell the same story.
 */
import type { CampaignState } from "./states.js";

/** What the timeline needs to know about a campaign (a `CampaignDetails` has all of it). */
export interface CampaignTimes {
  /** Current deadline: the last second for pledges. */
  deadline: bigint;
  /** The deadline the campaign was opened with. */
  plannedDeadline: bigint;
  /** Length of the last call, in seconds. */
  lastCall: bigint;
  /** Seconds after the deadline in which a campaign without milestones must be claimed. */
  claimWindow: bigint;
  /** When the total last reached the goal; zero if never, stale while the total is below the goal. */
  goalReachedAt: bigint;
  goal: bigint;
  pledged: bigint;
  hasMilestones: boolean;
  state: CampaignState;
}

/** Every date that decides how a campaign ends, and where it stands at a given time. */
export interface CampaignTimeline {
  /** First second of the last call (the last call is the final `lastCall` seconds up to the deadline). */
  lastCallStart: bigint;
  /** Whether `now` is in the last call of a funding campaign. */
  inLastCall: boolean;
  /** How far last-call extensions have moved the deadline (zero: not extended). */
  extendedBy: bigint;
  /** Pledges after this second carry no objection weight; null for a campaign without milestones. */
  weightCutoff: bigint | null;
  /** When the total reached the goal, while it stands at or above it; null otherwise. */
  goalReachedAt: bigint | null;
  /**
   * From this second on, while funding, a withdrawal that takes the total below the goal is refused (the goal has
   * stood for more than a whole last call and the last call has begun); null when that cannot happen before the
   * deadline.
   */
  goalLockedFrom: bigint | null;
  /** Whether `now` is at or after `goalLockedFrom` while funding. */
  goalLocked: boolean;
  /** The latest the deadline can ever be moved to. */
  latestDeadline: bigint;
  /** The last second at which a pledge may still reach the goal (later ones are refused: `GoalReachedTooLate`). */
  lastGoalCrossing: bigint;
  /** Last second for the claim of a campaign without milestones; null with milestones (no claim window). */
  claimBy: bigint | null;
}

/** The campaign's timeline as it stands at `now` (unix seconds, normally the latest block's time). */
export function campaignTimeline(campaign: CampaignTimes, now: bigint): CampaignTimeline {
  const lastCallStart = campaign.deadline - campaign.lastCall + 1n;
  const funding = campaign.state === "Funding";
  const goalMet = campaign.pledged >= campaign.goal && campaign.goalReachedAt !== 0n;
  const lockFrom = goalMet ? max(lastCallStart, campaign.goalReachedAt + campaign.lastCall + 1n) : null;
  const goalLockedFrom = lockFrom !== null && lockFrom <= campaign.deadline ? lockFrom : null;
  return {
    lastCallStart,
    inLastCall: funding && now >= lastCallStart,
    extendedBy: campaign.deadline - campaign.plannedDeadline,
    weightCutoff: campaign.hasMilestones ? weightCutoff(campaign) : null,
    goalReachedAt: goalMet ? campaign.goalReachedAt : null,
    goalLockedFrom,
    goalLocked: funding && goalLockedFrom !== null && now >= goalLockedFrom,
    latestDeadline: campaign.plannedDeadline + 2n * campaign.lastCall,
    lastGoalCrossing: campaign.plannedDeadline + campaign.lastCall,
    claimBy: campaign.hasMilestones ? null : campaign.deadline + campaign.claimWindow,
  };
}

/** Whether a pledge made at `at` carries no objection weight: it is to a campaign with milestones, after the cutoff. */
export function isLatePledge(
  campaign: Pick<CampaignTimes, "hasMilestones" | "plannedDeadline" | "lastCall">,
  at: bigint,
): boolean {
  return campaign.hasMilestones && at > weightCutoff(campaign);
}

/** Pledges standing at this second carry the objection weight: the planned deadline minus two last calls. */
export function weightCutoff(campaign: Pick<CampaignTimes, "plannedDeadline" | "lastCall">): bigint {
  return campaign.plannedDeadline - 2n * campaign.lastCall;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
