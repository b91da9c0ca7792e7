/**
 * Every custom error of the protocol in plain words: amounts in the token's units, times as dates, shares in percent,
 * durations in days and hours, and what to do instead. A message only uses what the error's arguments and the
 * optional context (the campaign the call was about) tell; without context it still reads well.
 */
import { ZeroAddress } from "ethers";

import { formatAmount } from "./amounts.js";
import { formatBps, formatDate, formatDuration } from "./format.js";
import { CAMPAIGN_STATES } from "./states.js";
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
}

type Args = Readonly<Record<string, unknown>>;

/** The writers a message uses, every one total (any argument value prints). */
interface Words {
  amount(value: unknown): string;
  date(value: unknown): string;
  duration(value: unknown): string;
  percent(value: unknown): string;
  state(value: unknown): string;
  campaign: CampaignTimes | undefined;
  contracts: ErrorContext["contracts"];
}

const LAST_STORABLE_TIME = 4_294_967_295n;

/** "Name: sentence", the sentence in plain words; "Name: reverted with Name" for an error nobody described. */
export function describe(name: string, args: Args, context: ErrorContext = {}): string {
  const message = MESSAGES[name];
  const text = message === undefined ? `reverted with ${name}` : message(args, wordsFor(context));
  return `${name}: ${text}`;
}

function wordsFor(context: ErrorContext): Words {
  const date = context.date ?? formatDate;
  const writeAmount = context.amount;
  return {
    amount: (value) => (typeof value === "bigint" && writeAmount !== undefined ? writeAmount(value) : String(value)),
    date: (value) => (typeof value === "bigint" ? date(value) : String(value)),
    duration: (value) => (typeof value === "bigint" ? formatDuration(value) : String(value)),
    percent: (value) => (typeof value === "bigint" || typeof value === "number" ? formatBps(value) : String(value)),
    state: (value) => CAMPAIGN_STATES[Number(value)] ?? String(value),
    campaign: context.campaign,
    contracts: context.contracts,
  };
}

function big(value: unknown): bigint {
  return typeof value === "bigint" ? value : 0n;
}

function ether(value: unknown): string {
  return typeof value === "bigint" ? `${formatAmount(value, 18)} ETH` : String(value);
}

// ------------------------------------------------------------------ states

/** Why a campaign in `state` accepts no pledges or withdrawals, and what a backer can do instead. */
function notFundingReason(state: string, w: Words): string {
  const c = w.campaign;
  switch (state) {
    case "Succeeded":
      return `it reached its goal by its deadline${c ? ` (${w.date(c.deadline)})` : ""}; pledges and withdrawals are closed`;
    case "Failed":
      return `it missed its goal at its deadline${c ? ` (${w.date(c.deadline)})` : ""}; backers take their pledges back with a refund`;
    case "Cancelled":
      return "a maintainer cancelled it; backers take their pledges back with a refund";
    case "Claimed":
      return "it succeeded and was paid out to the project";
    case "Rejected":
      return "a milestone was rejected or not delivered in time; backers refund their share of what was not released";
    case "Lapsed":
      return `${lapsedStory(w)}; every backer can take their whole pledge back with a refund`;
    default:
      return "";
  }
}

/** Why a campaign in `state` cannot be claimed or take a milestone, and what happens instead. */
function notSucceededReason(state: string, w: Words): string {
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
      return "a milestone was rejected: no more can be submitted, but what was released can still be claimed";
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
      if (c === undefined) return "it reached its goal";
      if (c.hasMilestones) {
        return "it reached its goal and no milestone has been rejected; refunds open only if one is rejected or not delivered by its due date";
      }
      return `it reached its goal: the project may claim it until ${w.date(c.deadline + c.claimWindow)}; only if it does not can backers refund, from ${w.date(c.deadline + c.claimWindow + 1n)}`;
    case "Claimed":
      return "it succeeded and was paid out to the project";
    default:
      return "";
  }
}

function lapsedStory(w: Words): string {
  const c = w.campaign;
  const by = c === undefined ? "the end of its claim window" : w.date(c.deadline + c.claimWindow);
  return `it succeeded but nobody claimed it by ${by}, so it lapsed`;
}

function withReason(text: string, reason: string): string {
  return reason === "" ? text : `${text}: ${reason}`;
}

// ------------------------------------------------------------------ the end of a campaign

function goalLocked(a: Args, w: Words): string {
  const available = big(a.available);
  const room =
    available === 0n
      ? "you cannot withdraw anything now (the total would fall below the goal)"
      : `you can withdraw at most ${w.amount(available)} now, not ${w.amount(a.requested)}`;
  const c = w.campaign;
  const outcome = c === undefined ? "the campaign succeeds after its deadline" : `the campaign succeeds at ${w.date(c.deadline + 1n)}`;
  return `the goal has stood for more than a whole last call: ${room}; ${outcome}`;
}

function goalReachedTooLate(a: Args, w: Words): string {
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

function invalidDeadline(a: Args, w: Words): string {
  const deadline = big(a.deadline);
  if (deadline < big(a.earliest)) {
    return (
      `the deadline ${w.date(deadline)} is too early: a campaign runs at least two last calls, so its deadline can ` +
      `be ${w.date(a.earliest)} at the earliest (a transaction is mined a few seconds after it is sent: with --days, ` +
      `add a day); choose a later deadline, or a shorter last call if yours is longer than the 1-day minimum`
    );
  }
  return `the deadline ${w.date(deadline)} is too far ahead: it can be ${w.date(a.latest)} at the latest`;
}

function invalidPayout(a: Args, w: Words): string {
  const payout = String(a.payout).toLowerCase();
  const which =
    w.contracts === undefined
      ? "the escrow or the registry"
      : payout === w.contracts.escrow.toLowerCase()
        ? "the escrow itself"
        : payout === w.contracts.registry.toLowerCase()
          ? "the project registry"
          : "the escrow or the registry";
  return (
    `the project's payout address ${String(a.payout)} is ${which}, which could never pass the money on: the project ` +
    "owner must set another payout address before anyone claims"
  );
}

// ------------------------------------------------------------------ every error

const MESSAGES: Record<string, (a: Args, w: Words) => string> = {
  // registry
  EmptyMetadataURI: () => "the project needs a metadata URI",
  ZeroAddress: () => "an address that must be set is the zero address",
  UnknownProject: (a) => `there is no project ${a.projectId}`,
  NotProjectOwner: (a) => `${a.caller} is not the owner of project ${a.projectId}`,
  NotPendingOwner: (a) => `${a.caller} was not nominated as owner of project ${a.projectId}`,
  AlreadyMaintainer: (a) => `${a.account} already maintains project ${a.projectId}`,
  NotMaintainer: (a) => `${a.account} does not maintain project ${a.projectId}`,
  // escrow: opening
  UnknownCampaign: (a) => `there is no campaign ${a.campaignId}`,
  NotProjectMaintainer: (a) => `${a.caller} is not a maintainer of project ${a.projectId}`,
  NotGuardian: (a) => `${a.caller} is not the guardian`,
  TokenNotAllowed: (a) => `token ${a.token} is not allowed for new campaigns`,
  EmptySpecURI: () => "the campaign needs a spec URI (the issue or specification it funds)",
  ZeroAmount: () => "the amount must be more than zero",
  AmountTooLarge: (a, w) => `amount ${w.amount(a.amount)} is above the largest a campaign can hold (${w.amount(a.max)})`,
  InvalidDeadline: invalidDeadline,
  InvalidLastCall: (a, w) =>
    `a last call of ${w.duration(a.lastCall)} is not allowed: it must be a whole number of hours from ${w.duration(a.min)} to ${w.duration(a.max)}, or left out for the default`,
  InvalidClaimWindow: (a, w) =>
    `a claim window of ${w.duration(a.claimWindow)} is not allowed: it must be a whole number of days from ${w.duration(a.min)} to ${w.duration(a.max)}, or left out for the default`,
  TimeOutOfRange: (a, w) =>
    `${w.date(a.time)} is after ${w.date(LAST_STORABLE_TIME)}, the last second the escrow can store: choose an earlier date`,
  ProjectIdOutOfRange: (a) =>
    `project ${a.projectId} is beyond the 4,294,967,295 project ids this escrow can record: its campaigns need a new escrow deployment`,
  FeeTooHigh: (a, w) => `a fee of ${w.percent(a.feeBps)} is above the cap of ${w.percent(a.maxFeeBps)}: choose ${w.percent(a.maxFeeBps)} or less`,
  InvalidMilestoneCount: (a) => `a plan has 1 to ${a.max} milestones, not ${a.count}`,
  InvalidMilestoneShares: (a, w) =>
    `milestone shares must each be more than zero and add up to 100% with the initial share (they make ${w.percent(a.totalBps)})`,
  InvalidMilestoneDue: (a, w) =>
    `milestone ${a.index} cannot fall due ${w.date(a.due)}: the first must fall due after the latest possible deadline (the planned deadline plus two last calls), each one more than a review window after the one before, none more than 3 years after the deadline`,
  InvalidReviewWindow: (a, w) => `a review window of ${w.duration(a.reviewWindow)} is outside 1 day to 30 days`,
  InvalidObjectionThreshold: (a, w) => `an objection threshold of ${w.percent(a.thresholdBps)} must be below 100%`,
  // escrow: a campaign's life
  WrongToken: (a) => `campaign ${a.campaignId} takes ${a.token === ZeroAddress ? "ETH" : `token ${a.token}`}`,
  NotFunding: (a, w) => withReason(`campaign ${a.campaignId} is not funding (it is ${w.state(a.state)})`, notFundingReason(w.state(a.state), w)),
  NotSucceeded: (a, w) =>
    withReason(`campaign ${a.campaignId} has nothing to claim or submit (it is ${w.state(a.state)})`, notSucceededReason(w.state(a.state), w)),
  NotRefundable: (a, w) =>
    withReason(`campaign ${a.campaignId} cannot be refunded (it is ${w.state(a.state)})`, notRefundableReason(w.state(a.state), w)),
  GoalLocked: goalLocked,
  GoalReachedTooLate: goalReachedTooLate,
  InsufficientPledge: (a, w) => `asked for ${w.amount(a.requested)} but the pledge is ${w.amount(a.available)}`,
  NothingToRefund: (a) => `${a.backer} has nothing to refund in campaign ${a.campaignId}`,
  TransferAmountMismatch: (a, w) =>
    `the token delivered ${w.amount(a.received)} instead of ${w.amount(a.expected)} (fee-on-transfer tokens are not supported)`,
  PermitFailed: (a, w) => `the permit failed and the allowance (${w.amount(a.allowance)}) does not cover ${w.amount(a.amount)}`,
  EthTransferFailed: (a) => `${a.to} refused ${ether(a.amount)}`,
  InvalidPayout: invalidPayout,
  // escrow: milestones
  EmptyDeliveryURI: () => "the delivery needs a URI",
  NoMilestones: (a) => `campaign ${a.campaignId} has no such milestone plan`,
  AllMilestonesAccepted: (a) => `every milestone of campaign ${a.campaignId} is already accepted`,
  MilestoneInReview: (a, w) => `the current milestone of campaign ${a.campaignId} is in review until ${w.date(a.reviewEnd)}`,
  NotInReview: (a) => `no milestone of campaign ${a.campaignId} is in review`,
  NoStake: (a) => `${a.backer} has no objection weight in campaign ${a.campaignId} (no pledge, or only pledges made after the weight cutoff)`,
  AlreadyObjected: (a) => `${a.backer} already objects to the milestone of campaign ${a.campaignId}`,
  NotObjecting: (a) => `${a.backer} does not object to the milestone of campaign ${a.campaignId}`,
  NothingToSettle: (a) => `nothing to settle in campaign ${a.campaignId} yet`,
  NothingToClaim: (a) => `nothing more to claim in campaign ${a.campaignId} yet`,
  // escrow: protocol
  NoFees: (a) => `no fees have accrued in ${a.token === ZeroAddress ? "ETH" : `token ${a.token}`}`,
  OwnershipCannotBeRenounced: () =>
    "the escrow's ownership cannot be renounced, since without an owner the fee recipient could never change again: hand it over in two steps instead (transferOwnership, then acceptOwnership by the new owner)",
  TokenInUse: (a) =>
    `${a.token === ZeroAddress ? "ETH" : `token ${a.token}`} has been pledged to a campaign (or is ETH), so the escrow may owe part of its balance: none of it can be recovered`,
  NothingToRecover: (a) => `the escrow holds none of token ${a.token}`,
  // inherited and token errors
  EnforcedPause: () => "the protocol is paused: no new campaigns or pledges",
  ExpectedPause: () => "the protocol is not paused",
  OwnableUnauthorizedAccount: (a) => `${a.account} is not the protocol owner`,
  ReentrancyGuardReentrantCall: () => "re-entrant call refused",
  SafeERC20FailedOperation: (a) => `the token ${a.token} refused the transfer`,
  ERC20InsufficientAllowance: (a, w) => `allowance ${w.amount(a.allowance)} is below the ${w.amount(a.needed)} needed`,
  ERC20InsufficientBalance: (a, w) => `balance ${w.amount(a.balance)} is below the ${w.amount(a.needed)} needed`,
  Error: (a) => `reverted: ${a.reason}`,
};
