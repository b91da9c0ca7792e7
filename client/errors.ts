import { Interface, isHexString, ZeroAddress, type ErrorDescription, type Result } from "ethers";

import { IPledgeToken__factory, PledgeEscrow__factory, ProjectRegistry__factory } from "../typechain-types/index.js";
import { AmountError } from "./amounts.js";
import { CAMPAIGN_STATES } from "./states.js";

/** Every custom error the protocol's contracts (and a standard ERC-20) can revert with. */
const INTERFACES: readonly Interface[] = [
  PledgeEscrow__factory.createInterface(),
  ProjectRegistry__factory.createInterface(),
  IPledgeToken__factory.createInterface(),
  new Interface([
    "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
    "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
    "error Error(string reason)",
  ]),
];

/** A contract call that reverted with a known custom error, decoded. */
export class OpenPledgeError extends Error {
  constructor(
    /** The custom error's name, as in the contract (`NotFunding`, `EnforcedPause`, ...). */
    readonly errorName: string,
    /** The error's arguments by name. */
    readonly args: Readonly<Record<string, unknown>>,
    /** The raw revert data. */
    readonly data: string,
  ) {
    super(describe(errorName, args));
    this.name = "OpenPledgeError";
  }

  /** The message with amount arguments written by `formatAmount` (for example in the campaign token's units). */
  describe(formatAmount: (value: bigint) => string): string {
    return describe(this.errorName, this.args, (value) => (typeof value === "bigint" ? formatAmount(value) : String(value)));
  }
}

/** Decodes revert data into an `OpenPledgeError`, or returns undefined when no known error matches. */
export function decodeRevertData(data: string): OpenPledgeError | undefined {
  for (const contractInterface of INTERFACES) {
    let parsed: ErrorDescription | null = null;
    try {
      parsed = contractInterface.parseError(data);
    } catch {
      parsed = null;
    }
    if (parsed !== null) return new OpenPledgeError(parsed.name, namedArgs(parsed.fragment.inputs, parsed.args), data);
  }
  return undefined;
}

/**
 * Turns whatever a failed call threw into an `OpenPledgeError` when it carries the revert data of a known custom
 * error; anything else is returned unchanged.
 */
export function toOpenPledgeError(error: unknown): unknown {
  const data = findRevertData(error, 0);
  if (data === undefined) return error;
  return decodeRevertData(data) ?? error;
}

/** Runs `call`, rethrowing a revert as an `OpenPledgeError`. */
export async function withDecodedErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toOpenPledgeError(error);
  }
}

function findRevertData(error: unknown, depth: number): string | undefined {
  if (depth > 5 || typeof error !== "object" || error === null) return undefined;
  const record = error as Record<string, unknown>;
  const data = record.data;
  if (typeof data === "string" && isHexString(data) && data.length >= 10) return data;
  for (const key of ["error", "info", "cause", "data"]) {
    const found = findRevertData(record[key], depth + 1);
    if (found !== undefined) return found;
  }
  // Hardhat's JSON-RPC errors carry the data in their message: "... (return data: 0x...)".
  const message = typeof record.message === "string" ? record.message : "";
  const inMessage = /return data: (0x[0-9a-fA-F]{8,})/.exec(message)?.[1];
  return inMessage;
}

function namedArgs(inputs: ReadonlyArray<{ name: string }>, values: Result): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  inputs.forEach((input, i) => {
    args[input.name === "" ? String(i) : input.name] = values[i];
  });
  return args;
}

function state(value: unknown): string {
  return CAMPAIGN_STATES[Number(value)] ?? String(value);
}

/** Writes an amount argument of an error; plain base units unless a token-aware formatter is given. */
type AmountWriter = (value: unknown) => string;

const MESSAGES: Record<string, (a: Readonly<Record<string, unknown>>, amount: AmountWriter) => string> = {
  // registry
  EmptyMetadataURI: () => "the project needs a metadata URI",
  ZeroAddress: () => "an address that must be set is the zero address",
  UnknownProject: (a) => `there is no project ${a.projectId}`,
  NotProjectOwner: (a) => `${a.caller} is not the owner of project ${a.projectId}`,
  NotPendingOwner: (a) => `${a.caller} was not nominated as owner of project ${a.projectId}`,
  AlreadyMaintainer: (a) => `${a.account} already maintains project ${a.projectId}`,
  NotMaintainer: (a) => `${a.account} does not maintain project ${a.projectId}`,
  // escrow
  UnknownCampaign: (a) => `there is no campaign ${a.campaignId}`,
  NotProjectMaintainer: (a) => `${a.caller} is not a maintainer of project ${a.projectId}`,
  NotGuardian: (a) => `${a.caller} is not the guardian`,
  TokenNotAllowed: (a) => `token ${a.token} is not allowed for new campaigns`,
  EmptySpecURI: () => "the campaign needs a spec URI (the issue or specification it funds)",
  ZeroAmount: () => "the amount must be more than zero",
  AmountTooLarge: (a, amount) => `amount ${amount(a.amount)} is above the largest a campaign can hold (${amount(a.max)})`,
  InvalidDeadline: (a) => `deadline ${a.deadline} must be between ${a.earliest} and ${a.latest}`,
  FeeTooHigh: (a) => `fee ${a.feeBps} bps is above the cap of ${a.maxFeeBps} bps`,
  WrongToken: (a) => `campaign ${a.campaignId} takes ${a.token === ZeroAddress ? "ETH" : `token ${a.token}`}`,
  NotFunding: (a) => `campaign ${a.campaignId} is not funding (it is ${state(a.state)})`,
  NotSucceeded: (a) => `campaign ${a.campaignId} has nothing to claim or submit (it is ${state(a.state)})`,
  NotRefundable: (a) => `campaign ${a.campaignId} cannot be refunded (it is ${state(a.state)})`,
  InsufficientPledge: (a, amount) => `asked for ${amount(a.requested)} but the pledge is ${amount(a.available)}`,
  NothingToRefund: (a) => `${a.backer} has nothing to refund in campaign ${a.campaignId}`,
  TransferAmountMismatch: (a, amount) => `the token delivered ${amount(a.received)} instead of ${amount(a.expected)} (fee-on-transfer tokens are not supported)`,
  PermitFailed: (a, amount) => `the permit failed and the allowance (${amount(a.allowance)}) does not cover ${amount(a.amount)}`,
  EthTransferFailed: (a) => `${a.to} refused ${a.amount} wei of ETH`,
  NoFees: (a) => `no fees have accrued in token ${a.token}`,
  InvalidMilestoneCount: (a) => `a plan has 1 to ${a.max} milestones, not ${a.count}`,
  InvalidMilestoneShares: (a) => `milestone shares must be positive and add up to 10000 bps with the initial share (they make ${a.totalBps})`,
  InvalidMilestoneDue: (a) => `milestone ${a.index} due date ${a.due} is too early or too late`,
  EmptyDeliveryURI: () => "the delivery needs a URI",
  InvalidReviewWindow: (a) => `review window of ${a.reviewWindow} s is outside 1 to 30 days`,
  InvalidObjectionThreshold: (a) => `objection threshold ${a.thresholdBps} bps must be below 10000`,
  NoMilestones: (a) => `campaign ${a.campaignId} has no such milestone plan`,
  AllMilestonesAccepted: (a) => `every milestone of campaign ${a.campaignId} is already accepted`,
  MilestoneInReview: (a) => `the current milestone of campaign ${a.campaignId} is in review until ${a.reviewEnd}`,
  NotInReview: (a) => `no milestone of campaign ${a.campaignId} is in review`,
  NoStake: (a) => `${a.backer} has no pledge in campaign ${a.campaignId}`,
  AlreadyObjected: (a) => `${a.backer} already objects to the milestone of campaign ${a.campaignId}`,
  NotObjecting: (a) => `${a.backer} does not object to the milestone of campaign ${a.campaignId}`,
  NothingToSettle: (a) => `nothing to settle in campaign ${a.campaignId} yet`,
  NothingToClaim: (a) => `nothing more to claim in campaign ${a.campaignId} yet`,
  // inherited and token errors
  EnforcedPause: () => "the protocol is paused: no new campaigns or pledges",
  ExpectedPause: () => "the protocol is not paused",
  OwnableUnauthorizedAccount: (a) => `${a.account} is not the protocol owner`,
  ReentrancyGuardReentrantCall: () => "re-entrant call refused",
  SafeERC20FailedOperation: (a) => `the token ${a.token} refused the transfer`,
  ERC20InsufficientAllowance: (a, amount) => `allowance ${amount(a.allowance)} is below the ${amount(a.needed)} needed`,
  ERC20InsufficientBalance: (a, amount) => `balance ${amount(a.balance)} is below the ${amount(a.needed)} needed`,
  Error: (a) => `reverted: ${a.reason}`,
};

function describe(name: string, args: Readonly<Record<string, unknown>>, amount: AmountWriter = String): string {
  const message = MESSAGES[name];
  const text = message === undefined ? `reverted with ${name}` : message(args, amount);
  return `${name}: ${text}`;
}

/** Whether an error is the user declining a request in their wallet (EIP-1193 code 4001 / ethers ACTION_REJECTED). */
export function isUserRejection(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const record = current as Record<string, unknown>;
    if (record.code === "ACTION_REJECTED" || record.code === 4001) return true;
    current = record.error ?? record.info ?? record.cause;
  }
  return false;
}

/** A failure told in one line: declined in the wallet, refused by a contract, or anything else. */
export interface ErrorReport {
  kind: "rejected" | "refused" | "error";
  text: string;
}

/**
 * Tells what went wrong in one line, for the command line and the web app alike: a declined wallet request, a
 * contract's custom error in plain words (amounts written by `formatAmount` when given), a bad amount, or the short
 * message of anything else.
 */
export function describeError(error: unknown, formatAmount?: (value: bigint) => string): ErrorReport {
  if (isUserRejection(error)) return { kind: "rejected", text: "You rejected the request in your wallet; nothing was sent." };
  const decoded = error instanceof OpenPledgeError ? error : toOpenPledgeError(error);
  if (decoded instanceof OpenPledgeError) {
    return { kind: "refused", text: formatAmount === undefined ? decoded.message : decoded.describe(formatAmount) };
  }
  if (error instanceof AmountError) return { kind: "error", text: error.message };
  if (typeof error === "object" && error !== null) {
    const record = error as { shortMessage?: unknown; message?: unknown };
    const text = typeof record.shortMessage === "string" ? record.shortMessage : String(record.message ?? error);
    return { kind: "error", text: text.split("\n")[0] ?? text };
  }
  return { kind: "error", text: String(error) };
}
