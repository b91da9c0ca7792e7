/**
 * The escrow's limits and defaults, read from its public constants (never copied into the client): what the command
 * line, the web app and the error messages tell people about fees, last calls, claim windows and milestone plans.
 */
import type { PledgeEscrow } from "../typechain-types/PledgeEscrow.js";

/** Which constant of the escrow each limit is read from. */
const CONSTANTS = {
  maxFeeBps: "MAX_FEE_BPS",
  feeChangeDelay: "FEE_CHANGE_DELAY",
  maxDuration: "MAX_DURATION",
  defaultLastCall: "DEFAULT_LAST_CALL",
  minLastCall: "MIN_LAST_CALL",
  maxLastCall: "MAX_LAST_CALL",
  defaultClaimWindow: "DEFAULT_CLAIM_WINDOW",
  minClaimWindow: "MIN_CLAIM_WINDOW",
  maxClaimWindow: "MAX_CLAIM_WINDOW",
  maxMilestones: "MAX_MILESTONES",
  maxMilestoneSpan: "MAX_MILESTONE_SPAN",
  minReviewWindow: "MIN_REVIEW_WINDOW",
  maxReviewWindow: "MAX_REVIEW_WINDOW",
  defaultObjectionThresholdBps: "DEFAULT_OBJECTION_THRESHOLD_BPS",
  maxBonusBps: "MAX_BONUS_BPS",
  minFirstBonusBps: "MIN_FIRST_BONUS_BPS",
  builderAcceptWindow: "BUILDER_ACCEPT_WINDOW",
} as const satisfies Record<string, keyof PledgeEscrow>;

/**
 * The escrow's bounds and defaults (durations in seconds, shares in basis points): the fee cap and the delay before a
 * fee change applies; the longest campaign; the last call's and the claim window's default and bounds; the most
 * milestones a plan may have, how far past the deadline the last may fall due, and the review window's bounds; the
 * objection threshold used when a plan gives none; the largest refund bonus and the smallest first deposit into one, as shares of the goal;
 * how long a builder share waits for a builder to accept before it can be released to the project.
 */
export type ProtocolLimits = { readonly [K in keyof typeof CONSTANTS]: bigint };

/** Reads every limit from the escrow's constants, all at once. */
export async function readLimits(escrow: Pick<PledgeEscrow, (typeof CONSTANTS)[keyof typeof CONSTANTS]>): Promise<ProtocolLimits> {
  const entries = Object.entries(CONSTANTS) as Array<[keyof typeof CONSTANTS, (typeof CONSTANTS)[keyof typeof CONSTANTS]]>;
  const values = await Promise.all(entries.map(([, constant]) => escrow[constant]()));
  return Object.fromEntries(entries.map(([key], i) => [key, values[i]])) as ProtocolLimits;
}
