/**
 * A campaign's refund bonus written for people: the pot in tokens and as a share of the goal, where it goes, what it
 * means for one backer ("if this campaign fails you get your pledge back plus about X") and for each depositor, and
 * the disclosures a pledge or a deposit needs before it is made. Amounts in the token's units, times as dates, shares
 * in percent.
 */
import { amountWriter, formatAmountAbout, formatBps, formatDate, type CampaignBonus, type CampaignDetails, type TokenInfo } from "../client/node.js";
import type { Row } from "./output.js";

/** One depositor's bonus, summed from the campaign's events, with what they can reclaim now. */
export interface DepositorStanding {
  depositor: string;
  /** Everything they deposited. */
  deposited: bigint;
  /** What they reclaimed (null before their reclaim). */
  reclaimed: bigint | null;
  /** What `reclaimBonus` would pay them now (0 until decided, and after their reclaim). */
  reclaimable: bigint;
}

/** What `campaign show` says about a bonus. */
export interface BonusShown {
  bonus: CampaignBonus;
  depositors: DepositorStanding[];
  /** Whether the account shown maintains the campaign's project (null: no account). */
  youMaintain: boolean | null;
}

/** "5% of the goal" (rounded down to a hundredth of a percent; "under 0.01%" for a pot that rounds to none). */
export function shareOfGoal(value: bigint, goal: bigint): string {
  if (goal === 0n) return "";
  const bps = (value * 10_000n) / goal;
  return bps === 0n && value !== 0n ? "under 0.01% of the goal" : `${formatBps(bps)} of the goal`;
}

/**
 * An amount rounded down to four significant digits, for the figures that are estimates ("about 0.02499 ETH"):
 * rounding down keeps a guaranteed minimum one.
 */
export function aboutAmount(value: bigint, token: Pick<TokenInfo, "decimals" | "symbol">): string {
  return `${formatAmountAbout(value, token.decimals)} ${token.symbol}`;
}

/** "if this campaign fails you get your 0.5 ETH back plus about 0.02499 ETH". */
export function failureQuote(pledge: bigint, share: bigint, token: TokenInfo): string {
  return `if this campaign fails you get your ${amountWriter(token)(pledge)} back plus about ${aboutAmount(share, token)}`;
}

/** The bonus rows of `campaign show`; none for a campaign without a bonus. */
export function bonusRows(campaign: CampaignDetails, shown: BonusShown | null, yourPledge: bigint | null, claimBy: bigint | null): Row {
  if (shown === null || shown.bonus.outcome === "none") return {};
  const { bonus } = shown;
  const amount = amountWriter(campaign.token);
  const you = bonus.account;
  return {
    "refund bonus": `${amount(bonus.pot)} (${shareOfGoal(bonus.pot, campaign.goal)}; it may hold at most ${amount(bonus.maxPot)}, ${shareOfGoal(bonus.maxPot, campaign.goal)})`,
    "bonus goes": whereItGoes(campaign, bonus, claimBy),
    "bonus credit": creditText(campaign, bonus),
    "your bonus": yourPledge === null || yourPledge === 0n ? undefined : yourBonusText(campaign, bonus, yourPledge),
    "your credit since": you.creditSince === null || bonus.outcome === "to-depositors" ? undefined : formatDate(you.creditSince),
    "your bonus deposit": you.deposited === 0n ? undefined : depositText(bonus, you.deposited, you.reclaimable, amount),
    // Said while pledging is still possible: a maintainer's pledge would get part of their own bonus back.
    "self-dealing": shown.youMaintain === true && campaign.state === "Funding" ? selfDealing(campaign.token) : undefined,
  };
}

/** The depositors' block of `campaign show`: each one's deposit and what they can reclaim now. */
export function depositorLines(campaign: CampaignDetails, shown: BonusShown | null): string | undefined {
  if (shown === null || shown.depositors.length === 0) return undefined;
  const amount = amountWriter(campaign.token);
  const decided = shown.bonus.outcome === "to-backers" || shown.bonus.outcome === "to-depositors";
  const lines = shown.depositors.map((d) => {
    const what =
      d.reclaimed !== null
        ? `reclaimed ${amount(d.reclaimed)}`
        : decided
          ? `reclaimable now: ${amount(d.reclaimable)} (campaign reclaim-bonus ${campaign.id} --from ${d.depositor})`
          : "final until the campaign is decided";
    return `  ${d.depositor}: deposited ${amount(d.deposited)}; ${what}`;
  });
  return `bonus depositors:\n${lines.join("\n")}`;
}

function whereItGoes(campaign: CampaignDetails, bonus: CampaignBonus, claimBy: bigint | null): string {
  const amount = amountWriter(campaign.token);
  switch (bonus.outcome) {
    case "pending":
      if (campaign.state === "Succeeded") {
        return `back to its depositors if the campaign is claimed by ${claimBy === null ? "the end of its claim window" : formatDate(claimBy)}; to its backers, with their refunds, if nobody claims it by then`;
      }
      return "to the backers if the campaign fails or is cancelled (each refund adds the backer's share; the depositors reclaim the rest); back to its depositors if it succeeds and is claimed";
    case "to-backers":
      return `to the backers: each refund adds the backer's share (${amount(bonus.reservedForBackers)} in all); the depositors reclaim the other ${amount(bonus.pot - bonus.reservedForBackers)}`;
    case "to-depositors":
      return "back to its depositors, each their whole deposit: the funding went through";
    default:
      return "nowhere: the campaign has no bonus";
  }
}

function creditText(campaign: CampaignDetails, bonus: CampaignBonus): string | undefined {
  if (bonus.startedAt === null || bonus.creditEnd === null) return undefined;
  const from = `from the first deposit (${formatDate(bonus.startedAt)})`;
  const rate = shareOfGoal(bonus.pot, campaign.goal).replace(" of the goal", "");
  if (campaign.state === "Cancelled") {
    return `ran ${from} until the cancellation (${formatDate(bonus.creditEnd)}), of a period to the deadline (${formatDate(campaign.deadline)}): each backer earns what their pledge held until the cancellation`;
  }
  if (campaign.state === "Funding") {
    return (
      `runs ${from} to the deadline (${formatDate(bonus.creditEnd)}): a pledge held all that time earns ${rate} of itself if the campaign fails, ` +
      "a later one less; a withdrawal restarts the credit of what is left"
    );
  }
  return `ran ${from} to the deadline (${formatDate(bonus.creditEnd)}): a pledge held all that time earns ${rate} of itself, a later one less`;
}

function yourBonusText(campaign: CampaignDetails, bonus: CampaignBonus, pledge: bigint): string {
  const amount = amountWriter(campaign.token);
  const share = bonus.account.share;
  switch (bonus.outcome) {
    case "pending":
      return campaign.state === "Funding"
        ? `${failureQuote(pledge, share, campaign.token)} (at its deadline; less if it is cancelled sooner)`
        : `if nobody claims it in time you get your ${amount(pledge)} back plus about ${aboutAmount(share, campaign.token)}`;
    case "to-backers":
      return `your refund pays your ${amount(pledge)} back plus ${amount(share)} of the bonus (campaign refund ${campaign.id})`;
    default:
      return "no bonus for backers: the funding went through";
  }
}

function depositText(bonus: CampaignBonus, deposited: bigint, reclaimable: bigint, amount: (value: bigint) => string): string {
  if (bonus.outcome === "pending") return `${amount(deposited)}, final until the campaign is decided`;
  return `${amount(deposited)}; you can reclaim ${amount(reclaimable)} now (campaign reclaim-bonus)`;
}

/** Said after a withdrawal from a campaign with a bonus: the credit of what is left restarted. */
export function withdrawalBonusText(campaign: CampaignDetails, left: bigint, share: bigint): string {
  if (left === 0n) return "You have no pledge left in it, so no share of its refund bonus.";
  return `The refund bonus credit of the ${amountWriter(campaign.token)(left)} you left in restarted now: ${failureQuote(left, share, campaign.token)}.`;
}

/** Said to a maintainer of the campaign's project: pledging into it gets part of their own bonus back. */
export function selfDealing(token: Pick<TokenInfo, "symbol">): string {
  return (
    `you maintain this project: if you pledge into it and it fails, part of the bonus your refund carries is the ` +
    `project's own deposit coming back; with what the depositors reclaim, you never get more ${token.symbol} back than you put in`
  );
}

/** Said before every pledge to a campaign with a bonus: a success pays the pledge out like any other. */
export const FARMER_DISCLOSURE =
  "the bonus is paid only if the campaign fails, is cancelled or is not claimed in time: if it succeeds, this pledge is " +
  "paid out to the project like any other, and in the last call the goal can lock it in (a withdrawal that takes the " +
  "total below the goal is then refused)";

/** Said before every deposit: final until the campaign is decided, and a cancel pays it to the backers. */
export function depositNotice(campaign: CampaignDetails): string[] {
  return [
    `a bonus deposit is final until campaign ${campaign.id} is decided: if it succeeds and is claimed, you reclaim all of it (campaign reclaim-bonus ${campaign.id});`,
    "if it fails, or nobody claims it in time, each backer's refund takes their share and you reclaim what is left;",
    "a cancel pays the bonus to the backers like a failure (so the maintainers cannot cancel to keep it)",
  ];
}
