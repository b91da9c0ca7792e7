/**
 * Every custom error of the protocol in plain words: amounts in the token's units, times as dates, shares in percent,
 * durations in days and hours, and what to do instead. A message only uses what the error's arguments and the
 * optional context (the campaign the call was about, the call, the escrow's limits) tell; without context it still
 * reads well.
 *
 * The table is keyed by the contracts' ABIs (`ContractErrorName`, derived from typechain's `as const` ABIs): an error
 * a contract gains without a message here, or a message for an error no contract has, does not compile, and each
 * message's arguments are typed by the error's inputs.
 */
import { ZeroAddress } from "ethers";

import type { ContractErrorArgs, ContractErrorName, EscrowFunctionName } from "./abi.js";
import { formatAmount } from "./amounts.js";
import { formatBps, formatDate, formatDuration } from "./format.js";
import type { ProtocolLimits } from "./limits.js";
import { CAMPAIGN_STATES, statesIn, type CampaignState } from "./states.js";
import type { CampaignTimes } from "./timeline.js";

/** What a message may use beyond the error's own arguments. */
export interface ErrorContext {
  /** Writes an amount of the token the call was about ("1.5 ETH"); without it, amounts are base units. */
  amount?: (value: bigint) => string;
  /** Writes a unix time; local dates by default. */
  date?: (seconds: bigint) => string;
  /** The campaign the call was about, as it stood just after the failure. */
  campaign?: CampaignTimes;
  /** The protocol's own addresses, to say which one an address is. */
  contracts?: { escrow: string; registry: string };
  /** The escrow function that was called, to say what was refused. */
  action?: EscrowFunctionName;
  /** The escrow's limits (read from its constants), to say what would have been allowed. */
  limits?: ProtocolLimits;
  /** The amount the call asked for, in base units (a bonus deposit that does not fit is told how much does). */
  requested?: bigint;
}

/** The writers a message uses, every one total (any argument value prints). */
export interface Words {
  amount(value: unknown): string;
  date(value: unknown): string;
  duration(value: unknown): string;
  percent(value: unknown): string;
  state(value: unknown): string;
  campaign: CampaignTimes | undefined;
  contracts: ErrorContext["contracts"];
  action: EscrowFunctionName | undefined;
  limits: ProtocolLimits | undefined;
  requested: bigint | undefined;
}

/** A message for error `N`: its decoded arguments and the writers in, a sentence out. */
export type ErrorMessage<N extends ContractErrorName> = (args: ContractErrorArgs<N>, words: Words) => string;

/** One message per contract error, exactly: a missing or an extra key is a compile error. */
export type ErrorMessages = { readonly [N in ContractErrorName]: ErrorMessage<N> };

const UINT32_MAX = 4_294_967_295n;

/** "Name: sentence", the sentence in plain words; "Name: reverted with Name" for an error this client does not know. */
export function describe(name: string, args: Readonly<Record<string, unknown>>, context: ErrorContext = {}): string {
  if (!isContractErrorName(name)) return `${name}: reverted with ${name}`;
  // The arguments were decoded with this error's own ABI fragment, so they have the types its message expects.
  const message = ERROR_MESSAGES[name] as (args: Readonly<Record<string, unknown>>, words: Words) => string;
  return `${name}: ${message(args, wordsFor(context))}`;
}

/** Whether `name` is an error of the protocol's ABIs (one the messages know). */
export function isContractErrorName(name: string): name is ContractErrorName {
  return Object.hasOwn(ERROR_MESSAGES, name);
}

function wordsFor(context: ErrorContext): Words {
  const date = context.date ?? formatDate;
  const writeAmount = context.amount;
  return {
    // Without the token's units, an amount is a count of the token's smallest unit, and says so (never a bare number).
    amount: (value) =>
      typeof value !== "bigint" ? String(value) : writeAmount !== undefined ? writeAmount(value) : `${value} base units of the token (wei for ETH)`,
    date: (value) => (typeof value === "bigint" ? date(value) : String(value)),
    duration: (value) => (typeof value === "bigint" ? formatDuration(value) : String(value)),
    percent: (value) => (typeof value === "bigint" || typeof value === "number" ? formatBps(value) : String(value)),
    state: (value) => CAMPAIGN_STATES[Number(value)] ?? String(value),
    campaign: context.campaign,
    contracts: context.contracts,
    action: context.action,
    limits: context.limits,
    requested: context.requested,
  };
}

function ether(value: unknown): string {
  return typeof value === "bigint" ? `${formatAmount(value, 18)} ETH` : String(value);
}

function tokenName(token: string): string {
  return token === ZeroAddress ? "ETH" : `token ${token}`;
}

/** "Funding", "Succeeded or Rejected", "Failed, Cancelled, Lapsed or Rejected". */
function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "none";
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}

function sentence(text: string): string {
  return text === "" ? "" : `${text[0]?.toUpperCase()}${text.slice(1)}.`;
}

// ------------------------------------------------------------------ wrong state

/** Which kind of call a wrong state refused, from the call when known, else from the states that would allow it. */
type StateCall = "pledge" | "withdraw" | "cancel" | "claim" | "submit" | "refund" | "deposit bonus" | "reclaim bonus" | "other";

const CALLS: Partial<Record<EscrowFunctionName, StateCall>> = {
  pledge: "pledge",
  pledgeToken: "pledge",
  pledgeWithPermit: "pledge",
  withdrawPledge: "withdraw",
  cancelCampaign: "cancel",
  claim: "claim",
  submitMilestone: "submit",
  refund: "refund",
  depositBonus: "deposit bonus",
  reclaimBonus: "reclaim bonus",
};

function stateCall(action: EscrowFunctionName | undefined, allowed: readonly CampaignState[]): StateCall {
  const known = action === undefined ? undefined : CALLS[action];
  if (known !== undefined) return known;
  // Only a reclaim waits for a decided campaign, Claimed included.
  if (allowed.includes("Claimed")) return "reclaim bonus";
  if (allowed.includes("Failed")) return "refund";
  if (allowed.includes("Rejected") && allowed.includes("Succeeded")) return "claim";
  return "other";
}

/** "pledges are only accepted" ...: what the campaign refused, to be followed by "while it is <states>". */
const REFUSED: Record<StateCall, string> = {
  pledge: "pledges are only accepted",
  withdraw: "pledges can only be withdrawn",
  cancel: "it can only be cancelled",
  claim: "it can only be claimed",
  submit: "milestones can only be submitted",
  refund: "refunds are only paid",
  "deposit bonus": "a refund bonus can only be deposited",
  "reclaim bonus": "a refund bonus can only be reclaimed",
  other: "this call is only allowed",
};

function unexpectedState(a: ContractErrorArgs<"UnexpectedState">, w: Words): string {
  const current = w.state(a.current);
  const allowed = statesIn(a.expectedStates);
  if (allowed.includes("Requested") || REQUEST_STATES.has(current)) return requestState(a.campaignId, current, allowed, w);
  const call = stateCall(w.action, allowed);
  const head = `campaign ${a.campaignId} is ${current}; ${REFUSED[call]} while it is ${orList(allowed)}.`;
  let reason = "";
  if (call === "deposit bonus") reason = noDepositReason(current, w);
  else if (call === "reclaim bonus") reason = notDecidedReason(current, w);
  else if (allowed.includes("Funding")) reason = notFundingReason(current, w);
  else if (allowed.includes("Succeeded")) reason = notSucceededReason(current, call, w);
  else if (call === "refund") reason = notRefundableReason(current, w);
  return reason === "" ? head : `${head} ${sentence(reason)}`;
}

// ------------------------------------------------------------------ feature requests

const REQUEST_STATES: ReadonlySet<string> = new Set(["Requested", "Declined", "Expired"]);

/** Which call on a request a wrong state refused. */
type RequestCall = StateCall | "accept" | "decline";

const REQUEST_CALLS: Partial<Record<EscrowFunctionName, RequestCall>> = { acceptRequest: "accept", declineRequest: "decline" };

/**
 * A wrong state of a feature request, or a request's state where a campaign's was needed: what it is now and what to
 * do instead. A request is open (Requested) until a maintainer accepts it (then it is a campaign, Funding and on) or
 * declines it, or it expires; declined and expired ones are refunded in full.
 */
function requestState(id: bigint, current: string, allowed: readonly CampaignState[], w: Words): string {
  const call: RequestCall = (w.action === undefined ? undefined : REQUEST_CALLS[w.action]) ?? stateCall(w.action, allowed);
  const expiry = w.campaign === undefined ? undefined : w.campaign.deadline;
  const on = (prefix: string) => (expiry === undefined ? "" : ` ${prefix} ${w.date(expiry)}`);
  const refund = `take your pledge back with refund (request refund ${id})`;
  switch (current) {
    case "Requested":
      switch (call) {
        case "refund":
          return `request ${id} is still open: refunds are paid only once it is declined or has expired; withdraw instead while it is open (request withdraw ${id} <amount>), or wait for its expiry${on("on")} and refund then`;
        case "cancel":
          return `request ${id} is an open feature request, not a campaign: it cannot be cancelled; a maintainer declines it instead (request decline ${id} --reason <link or text>), and its backers then refund in full`;
        case "deposit bonus":
          return `request ${id} is an open feature request: a refund bonus can be deposited only once a maintainer accepts it as a campaign; pledge to it instead (request pledge ${id} <amount>)`;
        case "claim":
        case "submit":
          return `request ${id} is an open feature request, not accepted yet: there is nothing to claim or deliver until a maintainer accepts it (request accept ${id}) and the campaign succeeds`;
        default:
          return `request ${id} is an open feature request${on("until")}; this call needs a campaign in state ${orList(allowed)}: a maintainer accepts it first (request accept ${id})`;
      }
    case "Expired": {
      const head = `request ${id} expired${on("on")} without being accepted`;
      switch (call) {
        case "pledge":
          return `${head}: it takes no more pledges; if you pledged to it, ${refund}; open a new request to ask again (request open)`;
        case "withdraw":
          return `${head}: pledges are no longer withdrawn but refunded in full: ${refund}`;
        case "accept":
        case "decline":
          return `${head}: it can no longer be accepted or declined; its backers refund in full (request refund ${id}); to take the work on, open a campaign for it (campaign open), or ask for a new request`;
        default:
          return `${head}: there is nothing to claim, cancel or deposit into; if you pledged to it, ${refund}`;
      }
    }
    case "Declined": {
      const head = `request ${id} was declined by a maintainer of its project (request show ${id} gives the reason)`;
      switch (call) {
        case "pledge":
          return `${head}: it takes no more pledges; if you pledged to it, ${refund}`;
        case "withdraw":
          return `${head}: pledges are no longer withdrawn but refunded in full: ${refund}`;
        case "accept":
        case "decline":
          return `${head}: it can no longer be accepted or declined; to take the work on, open a campaign for it (campaign open)`;
        default:
          return `${head}: there is nothing to claim, cancel or deposit into; if you pledged to it, ${refund}`;
      }
    }
    default:
      // An accepted request is a campaign: only a call that needs an open request gets here.
      return call === "accept" || call === "decline"
        ? `request ${id} is no longer open: a maintainer accepted it, and it is campaign ${id} now (${current}); campaign show ${id} tells its terms`
        : `campaign ${id} is ${current}; this call is only allowed on an open feature request (Requested), and campaign ${id} was accepted already: campaign show ${id} tells what it takes now`;
  }
}

function invalidExpiry(a: ContractErrorArgs<"InvalidExpiry">, w: Words): string {
  const when = a.expiry < a.earliest ? "too soon" : "too far ahead";
  return (
    `a request expiring ${w.date(a.expiry)} expires ${when}: the expiry must be between ${w.date(a.earliest)} and ${w.date(a.latest)}; ` +
    "choose an expiry in that range (a transaction is mined a few seconds after it is sent: give the shortest lifetime a day to spare)"
  );
}

/** Why a campaign in `state` accepts no pledges, withdrawals or cancellation, and what a backer can do instead. */
function notFundingReason(state: string, w: Words): string {
  const c = w.campaign;
  switch (state) {
    case "Succeeded": {
      const closed = `it reached its goal by its deadline${c ? ` (${w.date(c.deadline)})` : ""}, so pledges and withdrawals are closed`;
      if (c === undefined) return closed;
      if (c.hasMilestones) {
        return `${closed}: the money is released milestone by milestone, and backers with objection weight can object to a milestone in review`;
      }
      return `${closed}: the project may claim it until ${w.date(c.deadline + c.claimWindow)}; if it does not, every backer can take their pledge back with a refund from ${w.date(c.deadline + c.claimWindow + 1n)}`;
    }
    case "Failed":
      return `it missed its goal at its deadline${c ? ` (${w.date(c.deadline)})` : ""}; backers take their pledges back with a refund`;
    case "Cancelled":
      return "a maintainer cancelled it; backers take their pledges back with a refund";
    case "Claimed":
      return "it succeeded and was paid out to the project; there is nothing left to pledge to or take back";
    case "Rejected":
      return "a milestone was rejected or not delivered in time; backers refund their share of what was not released";
    case "Lapsed":
      return `${lapsedStory(w)}; every backer can take their whole pledge back with a refund`;
    default:
      return "";
  }
}

/** Why a campaign in `state` cannot be claimed or take a milestone, and what happens instead. */
function notSucceededReason(state: string, call: StateCall, w: Words): string {
  const c = w.campaign;
  switch (state) {
    case "Funding":
      return `it is still funding${c ? ` until ${w.date(c.deadline)}` : ""}; claim after its deadline if it reaches its goal`;
    case "Failed":
      return "it missed its goal; its backers take their pledges back";
    case "Cancelled":
      return "it was cancelled; its backers take their pledges back";
    case "Claimed":
      return "everything has already been paid out";
    case "Rejected":
      return call === "submit"
        ? "a milestone was rejected: no more can be submitted, but what was released can still be claimed"
        : "a milestone was rejected; what was released can still be claimed, and backers refund the rest";
    case "Lapsed":
      return `${lapsedStory(w)}; it can no longer be claimed, and every backer can take their pledge back`;
    default:
      return "";
  }
}

/** Why a campaign in `state` cannot be refunded, and what a backer can do instead. */
function notRefundableReason(state: string, w: Words): string {
  const c = w.campaign;
  switch (state) {
    case "Funding":
      return `it is still funding${c ? ` until ${w.date(c.deadline)}` : ""}; take your pledge back with a withdrawal instead`;
    case "Succeeded":
      if (c === undefined) return "it reached its goal; refunds open only if it is not claimed in time or a milestone is rejected";
      if (c.hasMilestones) {
        return "it reached its goal and no milestone has been rejected; refunds open only if one is rejected or not delivered by its due date";
      }
      return `it reached its goal: the project may claim it until ${w.date(c.deadline + c.claimWindow)}; only if it does not can backers refund, from ${w.date(c.deadline + c.claimWindow + 1n)}`;
    case "Claimed":
      return "it succeeded and was paid out to the project; there is nothing to refund";
    default:
      return "";
  }
}

/** Why a campaign in `state` takes no bonus deposit, and where a bonus would still help. */
function noDepositReason(state: string, w: Words): string {
  const c = w.campaign;
  const elsewhere = "deposit into a campaign that is still funding instead (campaign list shows them)";
  if (state === "Cancelled") {
    return `a maintainer cancelled it, which stopped the credit: its backers' refunds carry the bonus their pledges earned until then, and its depositors reclaim the rest; ${elsewhere}`;
  }
  if (state === "Funding") return "";
  return `its funding ended at its deadline${c ? ` (${w.date(c.deadline)})` : ""}: a bonus only counts while backers can still pledge; ${elsewhere}`;
}

/** Why a campaign's bonus is not decided yet, and when it will be: the reclaim waits for it. */
function notDecidedReason(state: string, w: Words): string {
  const c = w.campaign;
  switch (state) {
    case "Funding": {
      const end = c === undefined ? "at its deadline" : `at its deadline (${w.date(c.deadline)}; later if a last-call extension moves it)`;
      const after = c === undefined ? "after it" : `from ${w.date(c.deadline + 1n)}`;
      return (
        `the bonus is decided when the campaign ends, ${end}: if it fails, reclaim what the backers' shares leave ${after}; ` +
        `if it succeeds, reclaim all of your deposit once it is claimed${c?.hasMilestones === true ? " (with milestones, as soon as it succeeds)" : ""}`
      );
    }
    case "Succeeded": {
      const windowEnd = c === undefined ? "its claim window ends" : `its claim window ends on ${w.date(c.deadline + c.claimWindow)}`;
      const after = c === undefined ? "after it" : `from ${w.date(c.deadline + c.claimWindow + 1n)}`;
      return (
        `it reached its goal: the bonus is decided when the campaign is claimed or ${windowEnd}; reclaim all of your ` +
        `deposit once it is claimed, or what the backers' shares leave ${after} if nobody claims it`
      );
    }
    default:
      return "";
  }
}

/** The bonus cap as a share of the goal: from the escrow's constant, else from the campaign's goal, else unsaid. */
function bonusCapShare(max: bigint, w: Words): string {
  if (w.limits !== undefined) return ` (${w.percent(w.limits.maxBonusBps)} of its goal)`;
  const goal = w.campaign?.goal;
  return goal === undefined || goal === 0n ? "" : ` (${w.percent((max * 10_000n) / goal)} of its goal)`;
}

/** The smallest first deposit as a share of the goal: from the escrow's constant, else from the campaign's goal. */
function bonusMinShare(min: bigint, w: Words): string {
  if (w.limits !== undefined) return ` (${w.percent(w.limits.minFirstBonusBps)} of its goal)`;
  const goal = w.campaign?.goal;
  return goal === undefined || goal === 0n ? "" : ` (${w.percent((min * 10_000n) / goal)} of its goal)`;
}

function bonusTooLarge(a: ContractErrorArgs<"BonusTooLarge">, w: Words): string {
  const head = `campaign ${a.campaignId}'s refund bonus may hold at most ${w.amount(a.max)}${bonusCapShare(a.max, w)}, and this deposit would take it to ${w.amount(a.pot)}`;
  const requested = w.requested;
  if (requested === undefined || requested > a.pot) return `${head}: deposit less (campaign show tells how much it holds)`;
  const room = a.max - (a.pot - requested);
  return room <= 0n
    ? `${head}: it is full, so deposit nothing more; back the campaign with a pledge instead`
    : `${head}: deposit at most ${w.amount(room)}`;
}

function lapsedStory(w: Words): string {
  const c = w.campaign;
  const by = c === undefined ? "the end of its claim window" : w.date(c.deadline + c.claimWindow);
  return `it succeeded but nobody claimed it by ${by}, so it lapsed`;
}

// ------------------------------------------------------------------ the end of a campaign

function goalLocked(a: ContractErrorArgs<"GoalLocked">, w: Words): string {
  const room =
    a.available === 0n
      ? "you cannot withdraw anything now (the total would fall below the goal)"
      : `you can withdraw at most ${w.amount(a.available)} now, not ${w.amount(a.requested)}`;
  const c = w.campaign;
  const outcome = c === undefined ? "the campaign succeeds after its deadline" : `the campaign succeeds at ${w.date(c.deadline + 1n)}`;
  return `the goal has stood for more than a whole last call: ${room}; ${outcome}`;
}

function goalReachedTooLate(a: ContractErrorArgs<"GoalReachedTooLate">, w: Words): string {
  const c = w.campaign;
  const latest = c === undefined ? "" : ` (${w.date(c.plannedDeadline + 2n * c.lastCall)})`;
  const room = c === undefined ? 0n : c.goal - c.pledged - 1n;
  const instead =
    c === undefined || room <= 0n
      ? "pledge less, so the total stays below the goal, or nothing"
      : `pledge at most ${w.amount(room)}, so the total stays below the goal, or nothing`;
  return (
    `a pledge may reach the goal only until ${w.date(a.latest)}, so that the other backers keep a whole last call ` +
    `before the latest deadline${latest}: ${instead}; the campaign then fails and every backer gets their pledge back`
  );
}

function invalidDeadline(a: ContractErrorArgs<"InvalidDeadline">, w: Words): string {
  if (a.deadline < a.earliest && w.action === "acceptRequest") {
    return (
      `the deadline ${w.date(a.deadline)} is too early: an accepted request leaves its backers a notice to withdraw, then ` +
      `two last calls, so its deadline can be ${w.date(a.earliest)} at the earliest (a transaction is mined a few seconds ` +
      "after it is sent: add a day); choose a later deadline, or a shorter last call"
    );
  }
  if (a.deadline < a.earliest) {
    const minimum = w.limits === undefined ? "the escrow's minimum" : `the ${w.duration(w.limits.minLastCall)} minimum`;
    return (
      `the deadline ${w.date(a.deadline)} is too early: a campaign runs at least two last calls, so its deadline can ` +
      `be ${w.date(a.earliest)} at the earliest (a transaction is mined a few seconds after it is sent: with --days, ` +
      `add a day); choose a later deadline, or a shorter last call if yours is longer than ${minimum}`
    );
  }
  const longest = w.limits === undefined ? "" : ` (a campaign runs at most ${w.duration(w.limits.maxDuration)})`;
  return `the deadline ${w.date(a.deadline)} is too far ahead: it can be ${w.date(a.latest)} at the latest${longest}`;
}

function invalidMilestoneDue(a: ContractErrorArgs<"InvalidMilestoneDue">, w: Words): string {
  const span = w.limits === undefined ? "" : `, none more than ${w.duration(w.limits.maxMilestoneSpan)} after the deadline`;
  return (
    `milestone ${a.index} cannot fall due ${w.date(a.due)}: the first must fall due more than a review window after ` +
    `the latest possible deadline (the planned deadline plus two last calls), each one more than a review window after ` +
    `the one before${span}`
  );
}

function invalidReviewWindow(a: ContractErrorArgs<"InvalidReviewWindow">, w: Words): string {
  const bounds =
    w.limits === undefined
      ? "the escrow's bounds"
      : `${w.duration(w.limits.minReviewWindow)} to ${w.duration(w.limits.maxReviewWindow)}`;
  return `a review window of ${w.duration(a.reviewWindow)} is outside ${bounds}: choose one within them`;
}

function invalidPayout(a: ContractErrorArgs<"InvalidPayout">, w: Words): string {
  const payout = a.payout.toLowerCase();
  // Anything else refused is one of the modules the escrow deployed and delegates to.
  const which =
    w.contracts === undefined
      ? "one of the protocol's own contracts (the escrow, its modules or the registry)"
      : payout === w.contracts.escrow.toLowerCase()
        ? "the escrow itself"
        : payout === w.contracts.registry.toLowerCase()
          ? "the project registry"
          : "one of the escrow's own modules";
  if (w.action === "withdrawBuilderShares") {
    return `${a.payout} is one of OpenPledge's own contracts (${which}), which could never pass the money on: give another --to, or leave it out to receive it yourself`;
  }
  return (
    `the project's payout address ${a.payout} is ${which}, which could never pass the money on: the project ` +
    (w.action === "withdrawProjectShares"
      ? "owner must set another payout address before its credits can be withdrawn"
      : "owner must set another payout address before anyone claims")
  );
}

/** Solidity's panic codes, in words. */
function panic(a: ContractErrorArgs<"Panic">): string {
  const known: Record<string, string> = {
    "1": "an internal check failed",
    "17": "an arithmetic overflow or underflow",
    "18": "a division by zero",
    "50": "an array index out of bounds",
  };
  return `the contract stopped with ${known[String(a.code)] ?? `panic code ${a.code}`} (a bug: please report it)`;
}

function noMilestones(a: ContractErrorArgs<"NoMilestones">, w: Words): string {
  if (w.campaign?.hasMilestones === true) {
    return `campaign ${a.campaignId} has no milestone with that number: its milestones are numbered from 1 to the count campaign show lists`;
  }
  if (w.campaign?.hasMilestones === false || w.action !== undefined) {
    return `campaign ${a.campaignId} has no milestone plan: it pays out all at once when claimed, so there is nothing to submit, object to or settle`;
  }
  return `campaign ${a.campaignId} has no milestone plan, or no milestone with that number: campaign show lists its milestones, if any`;
}

function nothingToClaim(a: ContractErrorArgs<"NothingToClaim">, w: Words): string {
  const c = w.campaign;
  if (c?.state === "Rejected") {
    return `nothing more to claim in campaign ${a.campaignId}: it was rejected, and whatever was released before has been claimed; the rest goes back to the backers as refunds`;
  }
  if (c?.hasMilestones === true) {
    return `nothing more to claim in campaign ${a.campaignId} yet: everything released has been claimed; the next share is released when the next milestone is accepted (submit it, then settle it after its review window)`;
  }
  return `nothing more to claim in campaign ${a.campaignId}: everything released has been claimed; a milestone campaign releases its next share when a milestone is accepted`;
}

// ------------------------------------------------------------------ every error

export const ERROR_MESSAGES: ErrorMessages = {
  // registry
  EmptyMetadataURI: () => "the project needs a metadata URI",
  ZeroAddress: () => "an address that must be set is the zero address",
  UnknownProject: (a) =>
    `there is no project ${a.projectId}: check the id against the list of projects (project list, or the app's home page)`,
  NotProjectOwner: (a) =>
    `${a.caller} is not the owner of project ${a.projectId}: only its owner changes its maintainers, payout address, metadata and dependency list, and nominates the first builder of its campaigns; act as the owner (--from; project show ${a.projectId} names it)`,
  NotPendingOwner: (a) => `${a.caller} was not nominated as owner of project ${a.projectId}`,
  AlreadyMaintainer: (a) => `${a.account} already maintains project ${a.projectId}`,
  NotMaintainer: (a) => `${a.account} does not maintain project ${a.projectId}`,
  SelfDependency: (a) => `project ${a.projectId} cannot list itself as a dependency: leave it out of the list`,
  DuplicateDependency: (a) => `project ${a.dependencyId} is listed twice: list each dependency once, with its whole share`,
  ZeroDependencyShare: (a) => `project ${a.dependencyId} is listed with a share of 0%: give it a share, or leave it out`,
  TooManyDependencies: (a) => `a dependency list holds at most ${a.max} projects, not ${a.count}: keep the ${a.max} that matter most`,
  DependencySharesTooLarge: (a, w) =>
    `the dependency shares add up to ${w.percent(a.totalShareBps)}, above the most a list may give (${w.percent(a.max)}): lower the shares so they add up to ${w.percent(a.max)} or less`,
  TooManyDependencyVersions: (a) =>
    `project ${a.projectId} has declared every dependency list version the registry can number, so its list cannot change again: its campaigns keep the current one (project dependencies ${a.projectId}); a different list needs a new project (project register)`,
  // escrow: opening
  UnknownCampaign: (a) => `there is no campaign ${a.campaignId}: check the id against the list of campaigns (campaign list, or the app's home page)`,
  NotProjectMaintainer: (a) =>
    `${a.caller} is not a maintainer of project ${a.projectId}: act as one of its maintainers (--from), or ask the project's owner to add this account (project add-maintainer)`,
  NotGuardian: (a) => `${a.caller} is not the guardian`,
  TokenNotAllowed: (a, w) =>
    w.action === "acceptRequest"
      ? `the request's token ${a.token} was taken off the escrow's allowlist after it was opened, so it cannot become a campaign: decline it (request decline <id> --reason <link or text>) so its backers refund in full, and open a campaign in an allowed token instead`
      : `token ${a.token} is not allowed for new ${w.action === "openRequest" ? "requests" : "campaigns"}: use ETH or an allowed token; only the protocol owner adds a token to the escrow's allowlist (protocol allow-token <address>)`,
  EmptySpecURI: (_a, w) =>
    w.action === "openRequest"
      ? "the request needs a spec URI (the issue that says what is asked for)"
      : "the campaign needs a spec URI (the issue or specification it funds)",
  ZeroAmount: () => "the amount must be more than zero",
  AmountTooLarge: (a, w) => `amount ${w.amount(a.amount)} is above the largest a campaign can hold (${w.amount(a.max)})`,
  InvalidDeadline: invalidDeadline,
  InvalidLastCall: (a, w) =>
    `a last call of ${w.duration(a.lastCall)} is not allowed: it must be a whole number of hours from ${w.duration(a.min)} to ${w.duration(a.max)}, or left out for the default`,
  InvalidClaimWindow: (a, w) =>
    `a claim window of ${w.duration(a.claimWindow)} is not allowed: it must be a whole number of days from ${w.duration(a.min)} to ${w.duration(a.max)}, or left out for the default`,
  TimeOutOfRange: (a, w) =>
    `${w.date(a.time)} is after ${w.date(UINT32_MAX)}, the last second the escrow can store (it keeps times in 32 bits): choose an earlier date`,
  BlockNumberOutOfRange: (a) =>
    `block ${a.blockNumber} does not fit the 32 bits the escrow records a campaign's opening block in: campaigns on this chain need an escrow that stores wider block numbers`,
  ProjectIdOutOfRange: (a) =>
    `project ${a.projectId} is beyond the project ids this escrow can record (it keeps them in 32 bits): its campaigns need a new escrow deployment`,
  FeeTooHigh: (a, w) => `a fee of ${w.percent(a.feeBps)} is above the cap of ${w.percent(a.maxFeeBps)}: choose ${w.percent(a.maxFeeBps)} or less`,
  InvalidMilestoneCount: (a) => `a plan has 1 to ${a.max} milestones, not ${a.count}`,
  InvalidMilestoneShares: (a, w) =>
    `milestone shares must each be more than zero and add up to 100% with the initial share, but they make ${w.percent(a.totalBps)}: change the shares so the initial share and every milestone's add up to 100%`,
  InvalidMilestoneDue: invalidMilestoneDue,
  InvalidReviewWindow: invalidReviewWindow,
  // escrow: feature requests
  InvalidExpiry: invalidExpiry,
  RequestTermsMismatch: (a) =>
    `the terms do not repeat request ${a.requestId}'s project, token and spec: accept with the request's own project, token and spec: the client fills them (request accept ${a.requestId} --goal <amount> --deadline <date>)`,
  EmptyReasonURI: () => "declining a request needs a reason for its backers: give a link to a comment or a short reason (--reason <link or text>)",
  InvalidObjectionThreshold: (a, w) => `an objection threshold of ${w.percent(a.thresholdBps)} must be below 100%`,
  // escrow: a campaign's life
  WrongToken: (a) =>
    a.token === ZeroAddress
      ? `campaign ${a.campaignId} takes ETH, not a token: pledge ETH (campaign pledge ${a.campaignId} <amount in ETH> sends it)`
      : `campaign ${a.campaignId} takes token ${a.token}, not ETH: pledge that token (campaign pledge ${a.campaignId} <amount in the token's units> approves or permits it and pledges it)`,
  UnexpectedState: unexpectedState,
  GoalLocked: goalLocked,
  GoalReachedTooLate: goalReachedTooLate,
  InsufficientPledge: (a, w) =>
    a.available === 0n
      ? `asked to withdraw ${w.amount(a.requested)} but there is no pledge to withdraw from: nothing can be taken back`
      : `asked to withdraw ${w.amount(a.requested)} but the pledge is ${w.amount(a.available)}: withdraw at most ${w.amount(a.available)}`,
  NothingToRefund: (a) =>
    `${a.backer} has nothing to refund in campaign ${a.campaignId}: it refunded already (a refund pays the whole pledge, with any bonus share, once), or it never pledged from this account or withdrew all of it; campaign show ${a.campaignId} --from ${a.backer} shows its pledge: refund as the account that pledged (--from)`,
  TransferAmountMismatch: (a, w) =>
    `the token delivered ${w.amount(a.received)} instead of ${w.amount(a.expected)} (fee-on-transfer tokens are not supported)`,
  PermitFailed: (a, w) => `the permit failed and the allowance (${w.amount(a.allowance)}) does not cover ${w.amount(a.amount)}`,
  EthTransferFailed: (a) => `${a.to} refused ${ether(a.amount)}`,
  InvalidPayout: invalidPayout,
  // escrow: refund bonus
  BonusTooLarge: bonusTooLarge,
  BonusTooSmall: (a, w) =>
    `campaign ${a.campaignId} has no refund bonus yet, and a first deposit must be at least ${w.amount(a.min)}${bonusMinShare(a.min, w)}, not ${w.amount(a.amount)}: deposit at least ${w.amount(a.min)} (later deposits may be any amount), or pledge instead`,
  BonusValueMismatch: (a) =>
    a.amount === 0n
      ? `a bonus in a token takes no ETH, but ${ether(a.sent)} was sent: send none (the token is pulled with an approval)`
      : `a bonus deposit of ${ether(a.amount)} must send exactly that much ETH, not ${ether(a.sent)}: send ${ether(a.amount)} with it (campaign bonus does)`,
  NothingToReclaim: (a) =>
    `${a.depositor} has no refund bonus deposit left in campaign ${a.campaignId}: it never deposited into it from this account, or it already reclaimed its part (each depositor reclaims once, all of what is theirs); account pledges --account ${a.depositor} lists its deposits and what each reclaim paid: reclaim as the account that deposited (--from), after the campaign is decided`,
  InvalidModule: (a) =>
    `${a.module} is not a module for this escrow (no code, not a share ledger, or the share ledger of another registry): deploy the refund bonus module (BonusPool) and the share module (ShareLedger, for this registry) first and give their addresses to the escrow`,
  // escrow: builder and dependency shares
  SharesTooLarge: (a, w) =>
    a.maxBuilderShareBps === 0n
      ? `no builder share fits: the project's dependencies take ${w.percent(a.dependencyShareBps)} and the protocol fee may take up to the rest; open the campaign without a builder share, or have the project's owner lower the dependency shares first (project set-dependencies)`
      : `a builder share of ${w.percent(a.builderShareBps)} is too large: with the project's dependency shares (${w.percent(a.dependencyShareBps)}) and the largest protocol fee${w.limits === undefined ? "" : ` (${w.percent(w.limits.maxFeeBps)})`}, the builder may get at most ${w.percent(a.maxBuilderShareBps)}; choose that or less (--builder-share ${w.percent(a.maxBuilderShareBps)})`,
  NoBuilderShare: (a) =>
    `campaign ${a.campaignId} has no builder share, so it has no builder: a builder share is set when a campaign opens (--builder-share)`,
  NotBuilder: (a) =>
    `${a.caller} is not the builder of campaign ${a.campaignId}: once a builder has accepted, only that builder can hand the role on (campaign assign-builder --from the builder)`,
  NotNominee: (a) =>
    `${a.caller} is not nominated as the builder of campaign ${a.campaignId}: the project's owner (or the current builder) must nominate this account first (campaign assign-builder), then it accepts`,
  NoWaitingBuilderShare: (a) =>
    `no builder share waits in campaign ${a.campaignId}, so there is nothing to release: no claim has credited one yet, a builder accepted and took it, or it was released to the project already (campaign show ${a.campaignId} tells which; funds show lists what is owed)`,
  BuilderShareStillWaiting: (a, w) =>
    `the builder share of campaign ${a.campaignId} waits for a builder to accept until ${w.date(a.releasableAt)}: nominate one (campaign assign-builder), or release it to the project after that date`,
  NothingToWithdraw: (a, w) =>
    `nothing is owed in ${tokenName(a.token)} ${w.action === "withdrawProjectShares" ? "to this project" : w.action === "withdrawBuilderShares" ? "to this account as a builder" : "to this recipient"}: it was withdrawn already, or it is owed in another token; funds show lists what is owed to an account and to the projects it maintains, token by token (withdraw with --token)`,
  // escrow: milestones
  EmptyDeliveryURI: () => "the delivery needs a URI",
  NoMilestones: noMilestones,
  AllMilestonesAccepted: (a) => `every milestone of campaign ${a.campaignId} is already accepted`,
  MilestoneInReview: (a, w) => `the current milestone of campaign ${a.campaignId} is in review until ${w.date(a.reviewEnd)}`,
  NotInReview: (a) =>
    `no milestone of campaign ${a.campaignId} is in review: objections are taken only while a delivery is in review, after the maintainers submit it (campaign show says when one is)`,
  NoStake: (a) =>
    `${a.backer} has no objection weight in campaign ${a.campaignId} (no pledge, or only pledges made after the weight cutoff): only backers who pledged before the weight cutoff can object (campaign show lists it and your weight)`,
  AlreadyObjected: (a) => `${a.backer} already objects to the milestone of campaign ${a.campaignId}`,
  NotObjecting: (a) => `${a.backer} does not object to the milestone of campaign ${a.campaignId}`,
  NothingToSettle: (a) => `nothing to settle in campaign ${a.campaignId} yet`,
  NothingToClaim: nothingToClaim,
  // escrow: protocol
  NoFees: (a) => `no fees have accrued in ${tokenName(a.token)}`,
  OwnershipCannotBeRenounced: () =>
    "the escrow's ownership cannot be renounced, since without an owner the fee recipient could never change again: hand it over in two steps instead (transferOwnership, then acceptOwnership by the new owner)",
  TokenInUse: (a) =>
    `${tokenName(a.token)} has been pledged to a campaign (or is ETH), so the escrow may owe part of its balance: none of it can be recovered`,
  NothingToRecover: (a) => `the escrow holds none of token ${a.token}`,
  // inherited and token errors
  EnforcedPause: () =>
    "the protocol is paused by its guardian: no new campaigns or feature requests, acceptances of requests, pledges or bonus deposits until it is unpaused; withdrawals, claims, refunds, bonus reclaims and declining a request still work, so wait, or take your pledge back",
  ExpectedPause: () => "the protocol is not paused",
  OwnableUnauthorizedAccount: (a) => `${a.account} is not the protocol owner`,
  OwnableInvalidOwner: (a) => `${a.owner} cannot own the protocol (the zero address is not an owner)`,
  ReentrancyGuardReentrantCall: () => "re-entrant call refused",
  SafeERC20FailedOperation: (a) => `the token ${a.token} refused the transfer`,
  ERC20InsufficientAllowance: (a, w) => `allowance ${w.amount(a.allowance)} is below the ${w.amount(a.needed)} needed`,
  ERC20InsufficientBalance: (a, w) => `balance ${w.amount(a.balance)} is below the ${w.amount(a.needed)} needed`,
  Error: (a) => `reverted: ${a.reason}`,
  Panic: panic,
};
