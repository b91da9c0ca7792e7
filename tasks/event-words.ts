/** A campaign's events told in words: amounts in the token's units, times as dates, shares in percent. */
import { formatBps, formatDate, formatDuration, type CampaignEvent, type PledgeTotals } from "../client/node.js";
import { projectText, type ProjectNames } from "./project-names.js";

/** Writes an amount of the campaign's token ("1.5 ETH"). */
export type AmountText = (value: bigint) => string;

/** What the words of an event know about its campaign: its token, and whether it has milestones (no claim window). */
export interface EventCampaign {
  token?: { native: boolean; symbol: string; address: string };
  hasMilestones?: boolean;
  /** Names of the projects the events name, from their metadata, when readable. */
  names?: ProjectNames;
}

/** Milestones are numbered from 1, as in `campaign show` and the app. */
function milestone(index: unknown): string {
  return `milestone ${big(index) + 1n}`;
}

type Args = Readonly<Record<string, unknown>>;

function big(value: unknown): bigint {
  return typeof value === "bigint" ? value : 0n;
}

/** "(their pledge 1 ETH, total 3 ETH)", summed from the events since the opening; empty when the read began later. */
function totalsText(totals: PledgeTotals | undefined, amount: AmountText): string {
  return totals === undefined ? "" : ` (their pledge ${amount(totals.backer)}, total ${amount(totals.campaign)})`;
}

const WORDS: Record<string, (a: Args, amount: AmountText, totals: PledgeTotals | undefined, campaign: EventCampaign) => string> = {
  CampaignOpened: (a, amount, _totals, campaign) => {
    const token = campaign.token === undefined || campaign.token.native ? "" : ` in ${campaign.token.symbol}`;
    const claim = campaign.hasMilestones === true ? "" : `, claim window ${formatDuration(big(a.claimWindow))}`;
    const pinned = typeof a.specHash === "string" && /^0x0*$/.test(a.specHash) ? "not pinned" : "document pinned";
    return `opened by ${a.creator} for project ${a.projectId}${token}: goal ${amount(big(a.goal))}, deadline ${formatDate(big(a.deadline))}, last call ${formatDuration(big(a.lastCall))}${claim}, fee ${formatBps(big(a.feeBps))}, spec ${a.specURI} (${pinned})`;
  },
  MilestonePlanSet: (a) => {
    const milestones = Array.isArray(a.milestones) ? (a.milestones as Array<{ shareBps: bigint; due: bigint }>) : [];
    const plan = milestones.map((m, i) => `${milestone(BigInt(i))} ${formatBps(big(m.shareBps))} due ${formatDate(big(m.due))}`).join("; ");
    return `milestone plan: ${formatBps(big(a.initialShareBps))} on success, then ${plan}; review window ${formatDuration(big(a.reviewWindow))}, objections above ${formatBps(big(a.objectionThresholdBps))} of the weight reject`;
  },
  Pledged: (a, amount, totals) => `${a.backer} pledged ${amount(big(a.amount))}${totalsText(totals, amount)}`,
  PledgeWithdrawn: (a, amount, totals) => `${a.backer} withdrew ${amount(big(a.amount))}${totalsText(totals, amount)}`,
  GoalReached: (a) => `the total reached the goal; the deadline is ${formatDate(big(a.deadline))}`,
  DeadlineExtended: (a) =>
    `the total reached or fell below the goal in the last call, so the deadline moved from ${formatDate(big(a.previousDeadline))} to ${formatDate(big(a.newDeadline))} (${formatDuration(big(a.newDeadline) - big(a.previousDeadline))} later): every other backer keeps a whole last call to react`,
  CampaignCancelled: (a) => `cancelled by ${a.by}; backers can refund`,
  CampaignClaimed: (a, amount) => `${a.by} claimed ${amount(big(a.amount))} to ${a.payout} (fee ${amount(big(a.fee))})`,
  Refunded: (a, amount, totals) =>
    `${a.backer} took back ${amount(big(a.amount))}${totals === undefined ? "" : ` (their pledge now 0, the total stays ${amount(totals.campaign)} as raised)`}`,
  MilestoneSubmitted: (a) => `${milestone(a.index)} delivered by ${a.by} (${a.deliveryURI}); objections until ${formatDate(big(a.reviewEnd))}`,
  MilestoneObjected: (a, amount) =>
    `${a.backer} objects to ${milestone(a.index)} with ${amount(big(a.weight))} (objections now ${amount(big(a.objectionWeight))})`,
  ObjectionWithdrawn: (a, amount) =>
    `${a.backer} withdrew their objection to ${milestone(a.index)} (objections now ${amount(big(a.objectionWeight))})`,
  MilestoneAccepted: (a) => `${milestone(a.index)} accepted: ${formatBps(big(a.releasedBps))} released so far`,
  MilestoneRejected: (a, amount) =>
    a.overdue === true
      ? `${milestone(a.index)} rejected: it was not delivered by its due date`
      : `${milestone(a.index)} rejected by objections of ${amount(big(a.objectionWeight))}`,
  BonusDeposited: (a, amount) => `${a.depositor} deposited ${amount(big(a.amount))} into the refund bonus (it now holds ${amount(big(a.pot))})`,
  RefundedWithBonus: (a, amount, totals) =>
    `${a.backer} took back ${amount(big(a.amount))} plus ${amount(big(a.bonus))} of the refund bonus${totals === undefined ? "" : ` (their pledge now 0, the total stays ${amount(totals.campaign)} as raised)`}`,
  BonusReclaimed: (a, amount) => `${a.depositor} reclaimed ${amount(big(a.amount))} of the refund bonus`,
  CampaignSplitSet: (a) => {
    const builder = big(a.builderShareBps) === 0n ? "no builder share" : `${formatBps(big(a.builderShareBps))} of each claim to its builder`;
    const dependencies =
      big(a.dependencyShareBps) === 0n
        ? "no dependency shares"
        : `${formatBps(big(a.dependencyShareBps))} to the project's dependencies (version ${big(a.dependencyVersion)} of its list, frozen)`;
    return `split set at opening: ${builder}, ${dependencies}`;
  },
  BuilderNominated: (a) =>
    isZero(a.nominee) ? `${a.by} cleared the builder nomination` : `${a.by} nominated ${a.nominee} as the builder; they accept to take the role`,
  BuilderAccepted: (a, amount) => {
    const role = isZero(a.previous) ? "became the builder" : `took the builder role over from ${a.previous}`;
    return `${a.builder} ${role}${big(a.waitingTaken) === 0n ? "" : `, taking the ${amount(big(a.waitingTaken))} of builder share that waited`}`;
  },
  BuilderShareCredited: (a, amount) =>
    isZero(a.builder)
      ? `${amount(big(a.amount))} of builder share waits for a builder to accept (nobody has yet)`
      : `${amount(big(a.amount))} of builder share credited to ${a.builder}, to withdraw`,
  DependencyShareCredited: (a, amount, _totals, campaign) =>
    `${amount(big(a.amount))} credited to dependency ${projectText(big(a.dependencyId), campaign.names ?? {})}, for its maintainers to withdraw`,
  WaitingBuilderShareReleased: (a, amount, _totals, campaign) =>
    `${amount(big(a.amount))} of builder share nobody accepted released to ${projectText(big(a.projectId), campaign.names ?? {})}'s credit, for its maintainers to withdraw`,
};

function isZero(address: unknown): boolean {
  return typeof address !== "string" || /^0x0{40}$/.test(address);
}

/** One event of a campaign in words; an event this client does not know is listed with its raw arguments. */
export function describeEvent(event: CampaignEvent, amount: AmountText, campaign: EventCampaign = {}): string {
  const words = WORDS[event.name];
  if (words !== undefined) return words(event.args, amount, event.totals, campaign);
  return Object.entries(event.args)
    .filter(([key]) => key !== "campaignId")
    .map(([key, value]) => `${key} ${String(value)}`)
    .join(", ");
}
