/**
 * The refund bonus's time credit as the escrow keeps it (`contracts/libraries/RefundBonus.sol`, `addPledge` and
 * `onWithdraw`), replayed from `Pledged` and `PledgeWithdrawn` with their blocks' times: each backer's `creditSince`
 * and the campaign's `creditDelay`, to the same second and the same rounding. Pure functions of the rows, so that the
 * handlers stay plain bookkeeping.
 */

/** What a pledge or a withdrawal leaves: the backer's credit start and the campaign's sum of delays. */
export interface Credit {
  creditSince: bigint;
  creditDelay: bigint;
}

/** A backer's delay since the bonus start; a credit start before it (a pledge from before the bonus) counts from it. */
function delayOf(since: bigint, start: bigint): bigint {
  return since > start ? since - start : 0n;
}

/**
 * `RefundBonus.addPledge`: `added` more from a backer who had `before`: the credit start becomes the pledge-weighted mean
 * of the old one (at the earliest the bonus start) and now, rounded up against the backer.
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
