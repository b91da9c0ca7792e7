/** What the user typed on the command line, read strictly: anything unclear is a one-line `UsageError`. */
import { DurationError, parseDuration, percentToBps } from "../client/node.js";
import { UsageError } from "./context.js";

const DAY = 86_400n;

/** A positive number of days ("7", "0.5") as whole seconds. */
export function daysOf(text: string, what: string): bigint {
  const seconds = /^\d+(\.\d+)?$/.test(text.trim()) ? Math.round(Number(text) * Number(DAY)) : NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1) throw new UsageError(`${what} must be a positive number of days (at least one second), not "${text}"`);
  return BigInt(seconds);
}

/** A whole number of days ("90") as seconds. */
export function wholeDaysOf(text: string, what: string): bigint {
  if (!/^\d+$/.test(text.trim()) || BigInt(text.trim()) === 0n) throw new UsageError(`${what} must be a whole number of days, not "${text}"`);
  return BigInt(text.trim()) * DAY;
}

/** A duration with its unit ("2d", "36h") as seconds. */
export function durationOf(text: string, what: string): bigint {
  try {
    return parseDuration(text);
  } catch (error) {
    if (error instanceof DurationError) throw new UsageError(`${what} takes days or hours with their unit, e.g. 2d or 36h; not "${text}"`);
    throw error;
  }
}

/** A percentage with at most two decimals ("50", "33.33") as basis points; anything else is refused, never rounded. */
export function bpsOf(text: string, what: string): number {
  const bps = percentToBps(text);
  if (bps === undefined) throw new UsageError(`${what} must be a percentage from 0 to 100 with at most two decimals, not "${text}"`);
  return bps;
}

/** A `--page-size` option: blocks per log request, empty for the client's default. */
export function pageSizeOf(text: string): number | undefined {
  if (text === "") return undefined;
  const size = Number(text);
  if (!Number.isInteger(size) || size < 1) throw new UsageError(`--page-size must be a positive whole number, not "${text}"`);
  return size;
}

/**
 * `--deadline`: a local date ("2026-12-31", the last second of that day) or date and time ("2026-12-31T18:00"), as
 * unix seconds; a whole number of seconds is still read, for scripts.
 */
export function deadlineDateOf(text: string, what = "--deadline"): bigint {
  const trimmed = text.trim();
  if (/^\d{9,}$/.test(trimmed)) return BigInt(trimmed);
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(trimmed);
  const [year, month, day, hours, minutes, seconds] = (match?.slice(1) ?? []).map((part) => (part === undefined ? undefined : Number(part)));
  if (match === null || year === undefined || month === undefined || day === undefined) {
    throw new UsageError(`${what} takes a local date, e.g. 2026-12-31 (its last second) or 2026-12-31T18:00; not "${text}"`);
  }
  const date = hours === undefined ? new Date(year, month - 1, day, 23, 59, 59) : new Date(year, month - 1, day, hours, minutes ?? 0, seconds ?? 0);
  if (Number.isNaN(date.getTime()) || date.getMonth() !== month - 1 || date.getDate() !== day) {
    throw new UsageError(`${what}: "${text}" is not a date`);
  }
  return BigInt(Math.floor(date.getTime() / 1000));
}

/**
 * A time given as a duration from `now` ("30d", "36h") or as a local date ("2026-12-31", its last second, or
 * "2026-12-31T18:00"), as unix seconds: `request open --expires` and `request accept --deadline`.
 */
export function dateOrDurationOf(text: string, now: bigint, what: string): bigint {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?\s*(d|h|days?|hours?)$/i.test(trimmed)) return now + durationOf(trimmed, what);
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed) || /^\d{9,}$/.test(trimmed)) return deadlineDateOf(trimmed, what);
  throw new UsageError(`${what} takes a time from now with its unit, e.g. 30d or 36h, or a local date, e.g. 2026-12-31 (its last second) or 2026-12-31T18:00; not "${text}"`);
}

/** Room between the latest block (or the clock) and the block a transaction will be mined in. */
export const MINING_MARGIN = 60n;

/**
 * When a transaction sent now will be mined, at the latest and at the earliest: the later of the latest block's time
 * and the wall clock, plus `MINING_MARGIN` (`latest`); the latest block's time plus one second (`earliest`: no block
 * can be older). A duration ("7d") counts from `latest`, so that it lasts at least that long once mined.
 */
export interface MiningTime {
  earliest: bigint;
  latest: bigint;
}

/** `MiningTime` from the latest block's time and the wall clock (`clock`, unix seconds; default now). */
export function miningTimeOf(chainTime: bigint, clock: bigint = BigInt(Math.floor(Date.now() / 1000))): MiningTime {
  return { earliest: chainTime + 1n, latest: (clock > chainTime ? clock : chainTime) + MINING_MARGIN };
}

/** A time given as a duration (counted from when the transaction is mined) or as a local date; `duration` is null for a date. */
export interface GivenTime {
  at: bigint;
  duration: bigint | null;
}

/**
 * `dateOrDurationOf` with the duration counted from `mining.latest` (the transaction lasts at least that long once
 * mined) and kept apart, for the bounds to be told as durations.
 */
export function givenTimeOf(text: string, mining: MiningTime, what: string): GivenTime {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?\s*(d|h|days?|hours?)$/i.test(trimmed)) {
    const duration = durationOf(trimmed, what);
    return { at: mining.latest + duration, duration };
  }
  return { at: dateOrDurationOf(trimmed, mining.latest, what), duration: null };
}
