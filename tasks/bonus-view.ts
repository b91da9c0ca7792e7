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
    "your bonus deposit": you.deposited === 0n ? undefined : depositText(campaign, bonus, you.deposited, you.reclaimable),
    // Said while pledging is still possible: what a maintainer's own pledge would earn of the bonus.
    "self-dealing": shown.youMaintain === true && campaign.state === "Funding" ? selfDealing(campaign.token, you.deposited) : undefined,
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
      return campaign.hasMilestones
        ? "to the backers if the campaign fails or is cancelled (each refund adds the share the backer's pledge earned; the depositors reclaim the rest); back to its depositors if it succeeds"
        : "to the backers if the campaign fails, is cancelled, or succeeds but nobody claims it within its claim window (each refund adds the share the backer's pledge earned; the depositors reclaim the rest); back to its depositors if it succeeds and is claimed";
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
  const ran = `ran ${from} to the deadline (${formatDate(bonus.creditEnd)})`;
  switch (bonus.outcome) {
    // A succeeded campaign whose claim window is open: the bonus may still go to its backers.
    case "pending":
      return `${ran}: if nobody claims the campaign in time, a pledge held all that time earns ${rate} of itself, a later one less`;
    case "to-backers":
      return `${ran}: the bonus went to the backers, each refund paying the share its pledge earned (${amountWriter(campaign.token)(bonus.reservedForBackers)} in all)`;
    default:
      return `${ran}: the funding went through, so no backer earned any of it; it went back to its depositors`;
  }
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

function depositText(campaign: CampaignDetails, bonus: CampaignBonus, deposited: bigint, reclaimable: bigint): string {
  const amount = amountWriter(campaign.token);
  if (bonus.outcome === "pending") return `${amount(deposited)}, final until the campaign is decided`;
  return `${amount(deposited)}; you can reclaim ${amount(reclaimable)} now (campaign reclaim-bonus ${campaign.id})`;
}

/** Said after a withdrawal from a campaign with a bonus: the credit of what is left restarted. */
export function withdrawalBonusText(campaign: CampaignDetails, left: bigint, share: bigint): string {
  if (left === 0n) return "You have no pledge left in it, so no share of its refund bonus.";
  return `The refund bonus credit of the ${amountWriter(campaign.token)(left)} you left in restarted now: ${failureQuote(left, share, campaign.token)}.`;
}

/**
 * Said to a maintainer of the campaign's project before they pledge into it. Only the part of a refund's bonus that is
 * their own deposit coming back is bounded by what they put in; a share of anyone else's deposit is earned at the same
 * rate as any backer's, so a maintainer who deposited nothing gains like any backer.
 */
export function selfDealing(token: Pick<TokenInfo, "decimals" | "symbol">, deposited: bigint): string {
  const others = "a share of anyone else's deposit, a sponsor's included, you earn at the same rate as any backer (sponsors are told so when they deposit)";
  if (deposited === 0n) {
    return `you maintain this project: if you pledge into it and it fails, your pledge earns a share of the bonus like any backer's: ${others}`;
  }
  return (
    `you maintain this project and deposited ${amountWriter(token)(deposited)} into its bonus: if you pledge into it and it fails, part of the ` +
    `bonus your refund carries is your own deposit coming back, and with what you reclaim you never get more of your deposit back than you put in; ${others}`
  );
}

/** Said before every pledge to a campaign with a bonus: a success pays the pledge out like any other. */
export const FARMER_DISCLOSURE =
  "the bonus is paid only if the campaign fails, is cancelled or is not claimed in time: if it succeeds, this pledge is " +
  "paid out to the project like any other, and in the last call the goal can lock it in (a withdrawal that takes the " +
  "total below the goal is then refused)";

/** Said before every deposit: final until the campaign is decided, what a cancel does, and who may earn a share. */
export function depositNotice(campaign: CampaignDetails): string[] {
  return [
    `a bonus deposit is final until campaign ${campaign.id} is decided: if it succeeds and is claimed, you reclaim all of it (campaign reclaim-bonus ${campaign.id});`,
    "if it fails, or nobody claims it in time, each backer's refund takes their share and you reclaim what is left;",
    "a cancel stops the credit: each backer's refund takes the share its pledge earned until then, at the campaign's rate, and you reclaim the rest;",
    "any backer earns a share, the project's maintainers included, at the same rate",
  ];
}
