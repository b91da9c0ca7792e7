/**
 * The refund bonus in words: how big it is and where it goes, what it means for the connected account (as a backer
 * and as a depositor), the terms to read before pledging, the deposit form and the reclaim button. Amounts in the
 * campaign's token, times as dates, rates in percent: the chain's `getBonus` view (through the client) gives the
 * figures, this module only words them.
 */
import { formatBps, formatDuration, type CampaignBonus, type CampaignDetails } from "../../client/index.js";
import { aboutOf, date, esc } from "./ui.js";

/** A share of the goal in percent, rounded down to 0.01%: "5%". */
export function shareOfGoal(value: bigint, goal: bigint): string {
  return goal === 0n ? "0%" : formatBps((value * 10_000n) / goal);
}

/** What the bonus section needs about the viewer. */
export interface BonusViewer {
  /** The connected account, when there is one on this chain. */
  account: string | undefined;
  /** The account's pledge now. */
  pledge: bigint;
  /** True when the account maintains the campaign's project. */
  maintainer: boolean;
  /** The least a first deposit may be (the escrow's `MIN_FIRST_BONUS_BPS` of the goal); undefined once there is a bonus. */
  firstDepositMin?: bigint;
  /** What the account's own events on this campaign say it was paid (refunds, reclaims); undefined when not read. */
  paid?: AccountPaid;
}

/** The connected account's refunds and bonus reclaims on one campaign, summed from its events. */
export interface AccountPaid {
  /** Pledge parts refunded (`Refunded`, and the `amount` of `RefundedWithBonus`). */
  refunded: bigint;
  /** Bonus shares received with those refunds (the `bonus` of `RefundedWithBonus`). */
  bonusReceived: bigint;
  /** When the last refund was mined (unix seconds); undefined without one. */
  refundedAt: bigint | undefined;
  /** Deposited into the bonus (`BonusDeposited`), in all. */
  deposited: bigint;
  /** Reclaimed of those deposits (`BonusReclaimed`). */
  reclaimed: bigint;
  /** Whether a `BonusReclaimed` of the account's was read (a reclaim may pay 0 only by never happening: it refuses). */
  hasReclaimed: boolean;
  /** When the last reclaim was mined (unix seconds); undefined without one. */
  reclaimedAt: bigint | undefined;
}

type Writer = (value: bigint) => string;

/** "Thu 3 Dec 2026, 14:05:07 UTC" kept on one line. */
function when(seconds: bigint): string {
  return `<span class="nowrap">${esc(date(seconds))}</span>`;
}

/** Where the bonus goes, for a campaign not decided yet (funding, or a success whose claim window is open). */
function whereItGoes(campaign: CampaignDetails): string {
  const fails = campaign.hasMilestones
    ? "If the campaign fails or is cancelled"
    : "If the campaign fails, is cancelled, or succeeds but nobody claims it within its claim window";
  const milestones = campaign.hasMilestones
    ? " A milestone rejected later is not a failure of funding: its refunds carry no bonus, and the bonus goes back to the depositors."
    : "";
  return `${fails}, each backer's refund is their pledge <strong>plus their share of the bonus</strong>, and the depositors take back what the shares leave. If it succeeds, the bonus goes back to whoever deposited it, each their own part.${milestones}`;
}

/** What the decision made of the bonus (or what is still open), in the words of the campaign's state. */
function decision(campaign: CampaignDetails, bonus: CampaignBonus, amount: Writer): string {
  if (bonus.outcome === "pending") {
    if (campaign.state === "Succeeded") {
      return `<strong>The goal was reached.</strong> If the maintainers claim by ${when(campaign.deadline + campaign.claimWindow)}, the bonus goes back to its depositors; if they do not, the campaign lapses and every backer's refund carries their share of it.`;
    }
    return whereItGoes(campaign);
  }
  if (bonus.outcome === "to-backers") {
    const how = campaign.state === "Cancelled" ? "was cancelled" : campaign.state === "Lapsed" ? "lapsed: nobody claimed it in time" : "failed";
    const left = bonus.pot - bonus.reservedForBackers;
    return `<strong>The campaign ${esc(how)}: the bonus goes to its backers.</strong> Each backer's refund is their pledge plus their share; the shares take at most ${esc(amount(bonus.reservedForBackers))}, and the depositors take back the other ${esc(amount(left))}, each in proportion to their deposit.`;
  }
  const why = campaign.state === "Rejected" ? "The funding went through (a milestone was rejected later, which is not a failure of funding: refunds carry no bonus)" : "The funding went through";
  return `<strong>${esc(why)}:</strong> the bonus goes back to whoever deposited it, each their own part.`;
}

/** The connected backer's figure: what a failure pays them, or what their refund carries. */
function yourShare(campaign: CampaignDetails, bonus: CampaignBonus, viewer: BonusViewer, amount: Writer): string {
  if (viewer.account === undefined || viewer.pledge === 0n) return "";
  const pledge = esc(amount(viewer.pledge));
  const since =
    bonus.account.creditSince !== null && bonus.startedAt !== null && bonus.account.creditSince > bonus.startedAt
      ? ` Your pledge's credit counts from ${when(bonus.account.creditSince)}.`
      : "";
  let text: string;
  if (bonus.outcome === "pending" && campaign.state === "Funding") {
    text = `<strong>If this campaign fails you get your ${pledge} back plus about ${esc(aboutOf(campaign.token)(bonus.account.quote))}</strong> (for a failure at its deadline, ${when(campaign.deadline)}).${since}`;
    // At or above the goal the campaign can only fail if backers withdraw below it (or it is cancelled): say so rather
    // than present the figure as the likely outcome.
    if (campaign.pledged >= campaign.goal) {
      text += ` The total is at its goal now (${esc(amount(campaign.pledged))} of ${esc(amount(campaign.goal))}): the campaign fails only if backers withdraw below it, and a cancellation pays only the credit earned until then.`;
    }
  } else if (bonus.outcome === "pending") {
    text = `If the maintainers do not claim by ${when(campaign.deadline + campaign.claimWindow)}, you get your ${pledge} back plus ${esc(amount(bonus.account.share))}.`;
  } else if (bonus.outcome === "to-backers") {
    text = `<strong>Your refund: your ${pledge} plus ${esc(amount(bonus.account.share))} of the bonus</strong> (${esc(amount(viewer.pledge + bonus.account.share))} in all).`;
  } else {
    return "";
  }
  return `<p data-testid="bonus-yours">${text}</p>`;
}

/**
 * What the connected account was paid on this campaign once done, from its events: the refund (pledge plus bonus
 * share received) and the reclaim of its bonus deposit. Nothing before either happened.
 */
function yourPayments(bonus: CampaignBonus, viewer: BonusViewer, amount: Writer): string {
  const paid = viewer.paid;
  if (viewer.account === undefined || paid === undefined) return "";
  const lines: string[] = [];
  const on = (at: bigint | undefined) => (at === undefined ? "" : ` on ${when(at)}`);
  if (paid.refunded > 0n || paid.bonusReceived > 0n) {
    const refunded = esc(amount(paid.refunded));
    const text =
      paid.bonusReceived > 0n
        ? `<strong>You were refunded ${esc(amount(paid.refunded + paid.bonusReceived))}</strong>${on(paid.refundedAt)}: your ${refunded} pledge plus ${esc(amount(paid.bonusReceived))} of the refund bonus.`
        : `<strong>You were refunded your ${refunded} pledge</strong>${on(paid.refundedAt)}${bonus.outcome === "to-depositors" ? ", with no bonus share (the bonus went back to its depositors)" : ", with no bonus share (your pledge earned none)"}.`;
    lines.push(`<p data-testid="bonus-refunded">${text}</p>`);
  }
  if (paid.hasReclaimed) {
    const reclaimed = esc(amount(paid.reclaimed));
    const kept = paid.deposited > paid.reclaimed ? paid.deposited - paid.reclaimed : 0n;
    const rest = kept === 0n ? " (all of it)" : ` (the backers' shares took the other ${esc(amount(kept))})`;
    lines.push(`<p data-testid="bonus-reclaimed"><strong>You reclaimed ${reclaimed}</strong>${on(paid.reclaimedAt)} of the ${esc(amount(paid.deposited))} you deposited${rest}.</p>`);
  }
  return lines.join("\n");
}

/** The connected depositor's deposit, and what they can reclaim. */
function yourDeposit(bonus: CampaignBonus, viewer: BonusViewer, amount: Writer): string {
  if (viewer.account === undefined || bonus.account.deposited === 0n) return "";
  const deposited = esc(amount(bonus.account.deposited));
  if (bonus.outcome === "pending") {
    return `<p data-testid="bonus-deposited">You deposited ${deposited}. It stays in until the campaign is decided: a success gives it back to you; a failure or a cancellation pays backers' shares first, and you reclaim what they leave.</p>`;
  }
  if (bonus.account.reclaimable === 0n) {
    return `<p data-testid="bonus-deposited">You deposited ${deposited}: the backers' shares take all of it, so nothing comes back to you.</p>`;
  }
  const back = esc(amount(bonus.account.reclaimable));
  const part = bonus.account.reclaimable === bonus.account.deposited ? "all of it" : `${back} of it (the backers' shares take the rest)`;
  return `<div class="action" data-testid="bonus-deposited"><span>You deposited ${deposited}: you can reclaim ${part} now.</span>
    <button data-testid="reclaim-button">Reclaim ${back}</button></div>`;
}

/**
 * The terms to read before pledging into a campaign with a bonus, in the style of the other disclosures. The campaign
 * page puts them after the figures they qualify (the viewer's "plus about X" and the pledge form's quote); none once
 * the campaign no longer funds.
 */
export function bonusTerms(campaign: CampaignDetails, bonus: CampaignBonus): string {
  if (campaign.state !== "Funding" || bonus.outcome !== "pending") return "";
  const deadline = when(campaign.deadline);
  const lastCall = esc(formatDuration(campaign.lastCall));
  const aboveGoal = campaign.hasMilestones
    ? "if the campaign reached its goal and is then cancelled"
    : "if the campaign reached its goal and is then cancelled, or lapses unclaimed";
  return `<section class="promises" data-testid="bonus-terms-section"><h3>Before you pledge for the bonus</h3><ul data-testid="bonus-terms">
    <li data-testid="term-minimum"><strong>The figure is a minimum for a failure at the deadline</strong> (${deadline}): more bonus, or a deadline the last call moves later, only raise it, and no other pledge can lower it. It is worked out as of the latest block, so the seconds until your pledge is mined are not in it. A pledge that takes the total to the goal is the exception: its figure is a most, never more than the whole bonus.</li>
    <li data-testid="term-withdrawal"><strong>A withdrawal restarts the credit of what remains:</strong> take back part of your pledge and the rest counts only from then.</li>
    <li data-testid="term-late"><strong>A late pledge earns little:</strong> a share grows with the part of the bonus period (${when(bonus.startedAt ?? campaign.deadline)} to the deadline) the pledge was in; one made in the last hours earns almost nothing.</li>
    <li data-testid="term-cancel"><strong>A cancellation ends the credit then:</strong> the maintainers can still cancel, but every backer then gets what their pledge earned until that moment, at the same rate, so cancelling costs the maintainers the bonus earned so far.</li>
    <li data-testid="term-above-goal"><strong>A total above the goal scales the shares down:</strong> ${esc(aboveGoal)}, and the backers' credit adds up to more than the goal's, each share is scaled down so that together they fit in the bonus.</li>
    <li data-testid="term-success"><strong>If the campaign succeeds, your pledge is paid out like any pledge</strong>, with no bonus, and the last-call rules may hold it: once the goal has stood for more than ${lastCall}, you can no longer take back what keeps the total at the goal.</li>
  </ul></section>`;
}

/**
 * For a connected maintainer: what pledging into their own campaign does. "Never more than you put in" is said only
 * of their own deposit, and only when they have one (in the bonus now, or reclaimed): a sponsor's bonus pays a
 * maintainer's pledge like any backer's, so a maintainer who deposited nothing ends up ahead in a failure.
 */
function selfDealing(bonus: CampaignBonus, viewer: BonusViewer, amount: Writer): string {
  if (!viewer.maintainer) return "";
  const own = bonus.account.deposited > 0n ? bonus.account.deposited : (viewer.paid?.deposited ?? 0n);
  const after = "Below the goal it takes nothing from other backers' shares, and a cancellation does not keep the bonus for you: it pays backers what they earned until then.";
  const text =
    own > 0n
      ? `If it fails, a pledge of yours earns a share of the whole bonus at the same rate as any backer's, sponsors' deposits included. Of your own deposit of ${esc(amount(own))} you never get back more than you put in: it pays the backers' shares (yours among them) first, and you reclaim what they leave. What other depositors put in is not yours: your pledge earns from it like anyone's, so with a sponsor's bonus in it you can get back more than you put in.`
      : `You have deposited nothing into this bonus: if it fails, a maintainer backing their own campaign earns a share at the same rate as any backer, sponsors' deposits included, so your pledge comes back with its share on top, like anyone's.`;
  return `<p class="warning" data-testid="bonus-self-dealing"><strong>You maintain this project.</strong> ${text} ${after}</p>`;
}

/** The form to add to the bonus while the campaign funds (anyone connected: maintainers and sponsors). */
function depositForm(campaign: CampaignDetails, bonus: CampaignBonus, amount: Writer, firstMin: bigint | undefined): string {
  const room = bonus.maxPot > bonus.pot ? bonus.maxPot - bonus.pot : 0n;
  const cap = `the bonus may hold ${esc(shareOfGoal(bonus.maxPot, campaign.goal))} of the goal, ${esc(amount(bonus.maxPot))}`;
  if (room === 0n) {
    return `<p class="muted" data-testid="deposit-full">The bonus is full: ${cap}.</p>`;
  }
  const approval = campaign.token.native
    ? ""
    : ` Your wallet is first asked to let the escrow take this much ${esc(campaign.token.symbol)}, when your allowance does not already cover it.`;
  return `<details class="maintain" data-testid="deposit-bonus"><summary>Deposit a refund bonus</summary>
    <div class="form">
      <p data-testid="deposit-cap">At most ${esc(amount(room))} more (${cap}).${
        firstMin === undefined ? "" : ` The first deposit must be at least ${esc(amount(firstMin))} (${esc(shareOfGoal(firstMin, campaign.goal))} of the goal); later ones may be any amount.`
      }</p>
      <p class="warning" data-testid="deposit-final"><strong>A deposit is final until the campaign is decided:</strong> nobody can take it back while backers rely on it. If the campaign succeeds, it comes back to you. If it fails or is cancelled${campaign.hasMilestones ? "" : " (or lapses unclaimed)"}, backers' shares are paid first and you reclaim what they leave. The bonus goes to whoever backs a failing campaign, the maintainers' own addresses included: their pledges earn shares at the same rate as anyone's.${approval}</p>
      <label>Amount (${esc(campaign.token.symbol)}) <input data-testid="deposit-amount" inputmode="decimal" placeholder="${esc(amount(room).split(" ")[0] ?? "")}"></label>
      <button data-testid="deposit-button">Deposit</button>
    </div></details>`;
}

/**
 * The campaign page's refund bonus section: none when the campaign has no bonus and no longer funds; else the pot,
 * where it goes, the viewer's share, what they were refunded and reclaimed, their deposit, and while it funds the
 * disclosures and the deposit form (the terms come after the pledge form: `bonusTerms`).
 */
export function bonusSection(campaign: CampaignDetails, bonus: CampaignBonus, viewer: BonusViewer, amount: Writer): string {
  const funding = campaign.state === "Funding";
  const form = funding && viewer.account !== undefined ? depositForm(campaign, bonus, amount, bonus.pot === 0n ? viewer.firstDepositMin : undefined) : "";
  if (bonus.outcome === "none") {
    if (!funding) return "";
    return `<section class="promises" data-testid="bonus"><h2>Refund bonus</h2>
      <p data-testid="bonus-none">No refund bonus yet. Anyone (the maintainers, a sponsor who wants the work done) can deposit one, up to ${esc(shareOfGoal(bonus.maxPot, campaign.goal))} of the goal: if the campaign then fails, each backer gets their pledge back plus a share of it.</p>
      ${form}</section>`;
  }
  const rate = shareOfGoal(bonus.pot, campaign.goal);
  const period =
    bonus.startedAt === null || bonus.creditEnd === null ? "" : ` The bonus period runs from ${when(bonus.startedAt)} to ${when(bonus.creditEnd)}${campaign.state === "Cancelled" ? " (the cancellation)" : ""}.`;
  return `<section class="promises" data-testid="bonus"><h2>Refund bonus</h2>
    <p data-testid="bonus-pot"><strong>${esc(amount(bonus.pot))}</strong>, ${esc(rate)} of the goal (it may hold up to ${esc(amount(bonus.maxPot))}).</p>
    <p data-testid="bonus-where">${decision(campaign, bonus, amount)}</p>
    ${
      funding
        ? `<p data-testid="bonus-rate">A share is a rate, not a split: a backer gets ${esc(rate)} of their pledge (the bonus ÷ the goal) for a pledge in through the whole bonus period, less for part of it. Other backers' pledges do not lower it.${period}</p>`
        : ""
    }
    ${yourShare(campaign, bonus, viewer, amount)}
    ${yourPayments(bonus, viewer, amount)}
    ${yourDeposit(bonus, viewer, amount)}
    ${funding ? `<p data-testid="bonus-maintainers">The project's maintainers can pledge into their own campaign like anyone, and nothing on chain tells their pledges apart: if it fails, their pledges earn shares at the same rate, which takes nothing from yours below the goal.</p>` : ""}
    ${funding ? selfDealing(bonus, viewer, amount) : ""}
    ${form}
  </section>`;
}

/** The pledge form's line, before anything is typed. */
export function quotePlaceholder(bonus: CampaignBonus): string {
  if (bonus.outcome !== "pending") return "";
  return `<p class="muted" data-testid="pledge-quote" aria-live="polite">Type an amount to see what a failure would pay you back.</p>`;
}

/**
 * The pledge form's line for an amount typed: "If this campaign fails you get your 1 ETH back plus about 0.0499 ETH",
 * from the chain's quote for that amount (which includes the pledge the account already has). When the amount would
 * take the total to the goal, the campaign fails only if others withdraw, and the chain's figure is then capped at the
 * whole bonus: the line says so and gives it as a most, not as a promise.
 */
export function quoteText(campaign: CampaignDetails, bonus: CampaignBonus, pledge: bigint, typed: bigint, amount: Writer): string {
  const total = pledge + typed;
  const quote = bonus.account.quote;
  const mix = pledge === 0n ? "" : ` (your ${amount(pledge)} now and these ${amount(typed)})`;
  const after = campaign.pledged + typed;
  if (after < campaign.goal) {
    return `If this campaign fails you get your ${amount(total)} back plus about ${aboutOf(campaign.token)(quote)}${mix}: a minimum for a failure at its deadline; read the terms below.`;
  }
  const reach =
    campaign.pledged >= campaign.goal
      ? `The goal is already reached: with this pledge the total would be ${amount(after)} of ${amount(campaign.goal)}`
      : `This pledge would reach the goal: the total would be ${amount(after)} of ${amount(campaign.goal)}`;
  const other = campaign.hasMilestones ? "" : " (or succeeds and nobody claims it in time)";
  const most = quote >= bonus.pot ? `at most ${amount(quote)}, the whole bonus` : `at most ${amount(quote)}`;
  return `${reach}, so the campaign could then fail only if others withdraw (and a withdrawal restarts the credit of what stays in), or if it is cancelled${other}. If it failed at its deadline you would get your ${amount(total)} back${mix} plus ${most}: if the backers' credit then adds up to more than the goal's, the shares are scaled down so that together they fit in the bonus. Not a promise; read the terms below.`;
}
