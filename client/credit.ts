/**
 * Money × time held, as the escrow's refund bonus keeps it (`contracts/libraries/RefundBonus.sol`, `addPledge` and
 * `onWithdraw`): each backer's `creditSince` is the pledge-weighted mean time of what is in, rounded up against the
 * backer, and any withdrawal restarts the credit of what remains. A feature request's support is the same sum, kept
 * off chain from `Pledged` and `PledgeWithdrawn` and their blocks' times: `creditDelay` = Σ pledge × (since − start),
 * so that support(t) = pledged × (t − start) − creditDelay. Pure functions, shared by the client and the indexer.
 */
import { formatAmountAbout } from "./amounts.js";

/** What a pledge or a withdrawal leaves: the backer's credit start and the sum of delays over every backer. */
export interface Credit {
  creditSince: bigint;
  creditDelay: bigint;
}

/** Seconds in a day: support is shown in token-days. */
export const SECONDS_PER_DAY = 86_400n;

/** A backer's delay since the credit start; a credit start before it (a pledge from before the bonus) counts from it. */
function delayOf(since: bigint, start: bigint): bigint {
  return since > start ? since - start : 0n;
}

/**
 * `RefundBonus.addPledge`: `added` more from a backer who had `before`: the credit start becomes the pledge-weighted mean
 * of the old one (at the earliest the credit start) and now, rounded up against the backer.
 */
export function creditAfterPledge(
  campaign: { bonusStartedAt: bigint; creditDelay: bigint },
  backer: { amount: bigint; creditSince: bigint },
  added: bigint,
  now: bigint,
): Credit {
  const start = campaign.bonusStartedAt;
  const before = backer.amount;
  const total = before + added;
  if (total === 0n) return { creditSince: backer.creditSince, creditDelay: campaign.creditDelay };
  const oldDelay = delayOf(backer.creditSince, start);
  const newDelay = (before * oldDelay + added * (now - start) + total - 1n) / total;
  return { creditSince: start + newDelay, creditDelay: campaign.creditDelay + total * newDelay - before * oldDelay };
}

/** `RefundBonus.onWithdraw`: the credit of what remains after `taken` restarts now. */
export function creditAfterWithdrawal(
  campaign: { bonusStartedAt: bigint; creditDelay: bigint },
  backer: { amount: bigint; creditSince: bigint },
  taken: bigint,
  now: bigint,
): Credit {
  const start = campaign.bonusStartedAt;
  const remaining = backer.amount - taken;
  return {
    creditSince: now,
    creditDelay: campaign.creditDelay - backer.amount * delayOf(backer.creditSince, start) + remaining * (now - start),
  };
}

/** A request's support accumulator: what is pledged, since when the credit runs, and the sum of delays. */
export interface SupportAccumulator {
  /** The credit start: the request's opening time. */
  start: bigint;
  pledged: bigint;
  creditDelay: bigint;
}

/** One pledge or withdrawal of a backer, at its block's time. */
export interface PledgeMove {
  backer: string;
  kind: "pledge" | "withdrawal";
  amount: bigint;
  /** Unix seconds. */
  at: bigint;
}

/** A backer's standing in an accumulator. */
export interface BackerCredit {
  amount: bigint;
  creditSince: bigint;
}

/** The accumulator of a request opened at `start` after `moves` (in chain order), and each backer's credit. */
export function accumulateSupport(
  start: bigint,
  moves: readonly PledgeMove[],
): SupportAccumulator & { backers: Map<string, BackerCredit> } {
  const backers = new Map<string, BackerCredit>();
  let pledged = 0n;
  let creditDelay = 0n;
  for (const move of moves) {
    const key = move.backer.toLowerCase();
    const backer = backers.get(key) ?? { amount: 0n, creditSince: start };
    const accumulator = { bonusStartedAt: start, creditDelay };
    if (move.kind === "pledge") {
      const credit = creditAfterPledge(accumulator, backer, move.amount, move.at);
      backers.set(key, { amount: backer.amount + move.amount, creditSince: credit.creditSince });
      creditDelay = credit.creditDelay;
      pledged += move.amount;
    } else {
      const credit = creditAfterWithdrawal(accumulator, backer, move.amount, move.at);
      backers.set(key, { amount: backer.amount - move.amount, creditSince: credit.creditSince });
      creditDelay = credit.creditDelay;
      pledged -= move.amount;
    }
  }
  return { start, pledged, creditDelay, backers };
}

/** Σ pledge × seconds held at `at` (unix seconds): pledged × (at − start) − creditDelay, never below zero. */
export function supportAt(accumulator: SupportAccumulator, at: bigint): bigint {
  const support = accumulator.pledged * (at - accumulator.start) - accumulator.creditDelay;
  return support > 0n ? support : 0n;
}

/** Support (base units × seconds) as token-days for people, to 4 significant digits rounded down: "12.5 ETH·days". */
export function formatSupport(support: bigint, decimals: number, symbol: string): string {
  return `${formatAmountAbout(support / SECONDS_PER_DAY, decimals)} ${symbol}·days`;
}
