/**
 * Times, durations and shares written for people: local dates (never unix seconds), "2 days 12 hours" (never a
 * number of seconds) and "2.5%" (never basis points). The command line, the error messages and the web app share them.
 */

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;
/** The last second JavaScript dates can hold (year 275760); later times are written as seconds. */
const MAX_DATE_SECONDS = 8_640_000_000_000n;

const MINUTE = 60n;
const HOUR = 3_600n;
const DAY = 86_400n;
const UNITS: ReadonlyArray<readonly [bigint, string]> = [
  [DAY, "day"],
  [HOUR, "hour"],
  [MINUTE, "minute"],
  [1n, "second"],
];

/**
 * Unix seconds as a date in the machine's time zone, to the second, with the zone's offset:
 * "Thu 3 Dec 2026, 14:05:07 UTC+1" (the `TZ` environment variable picks the zone).
 */
export function formatDate(seconds: bigint | number): string {
  const value = BigInt(seconds);
  if (value < 0n || value > MAX_DATE_SECONDS) return `${value} seconds after 1 January 1970`;
  const date = new Date(Number(value) * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  const day = `${WEEKDAYS[date.getDay()]} ${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}`;
  const clock = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  return `${day}, ${clock} ${zoneOf(date)}`;
}

/**
 * Unix seconds as the day in the machine's time zone: "Thu 25 Feb 2027" (for "valid until"); a time past what dates
 * hold as formatDate writes it.
 */
export function formatDay(seconds: bigint | number): string {
  const value = BigInt(seconds);
  if (value < 0n || value > MAX_DATE_SECONDS) return formatDate(value);
  const date = new Date(Number(value) * 1000);
  return `${WEEKDAYS[date.getDay()]} ${date.getDate()} ${MONTHS[date.getMonth()]} ${date.getFullYear()}`;
}

/** A Date as formatDate writes it (to the second); "an unknown time" for an invalid Date (a forge's absurd Retry-After). */
export function formatDateOf(date: Date): string {
  const ms = date.getTime();
  return Number.isFinite(ms) ? formatDate(Math.floor(ms / 1000)) : "an unknown time";
}

/** "UTC", "UTC+1", "UTC-3:30": the offset of the machine's zone at that date. */
function zoneOf(date: Date): string {
  const offset = -date.getTimezoneOffset();
  if (offset === 0) return "UTC";
  const sign = offset > 0 ? "+" : "-";
  const hours = Math.floor(Math.abs(offset) / 60);
  const minutes = Math.abs(offset) % 60;
  return `UTC${sign}${hours}${minutes === 0 ? "" : `:${String(minutes).padStart(2, "0")}`}`;
}

/** Seconds as a duration in words, exactly: "2 days", "1 day 12 hours", "1 hour 30 minutes", "0 seconds". */
export function formatDuration(seconds: bigint | number): string {
  let rest = BigInt(seconds);
  if (rest < 0n) return `minus ${formatDuration(-rest)}`;
  if (rest === 0n) return "0 seconds";
  const parts: string[] = [];
  for (const [size, name] of UNITS) {
    const count = rest / size;
    rest %= size;
    if (count !== 0n) parts.push(`${count} ${name}${count === 1n ? "" : "s"}`);
  }
  return parts.join(" ");
}

/** Basis points as a percentage: 250 -> "2.5%", 5000 -> "50%", 1 -> "0.01%". */
export function formatBps(bps: bigint | number): string {
  const value = BigInt(bps);
  const whole = value / 100n;
  const cents = value % 100n;
  if (cents === 0n) return `${whole}%`;
  return `${whole}.${String(cents).padStart(2, "0").replace(/0$/, "")}%`;
}

/** A duration the user typed that cannot be read. */
export class DurationError extends Error {
  constructor(
    readonly input: string,
    reason: string,
  ) {
    super(`bad duration "${input}": ${reason}`);
    this.name = "DurationError";
  }
}

/**
 * A duration typed as days or hours ("2d", "36h", "1.5d", "90 h") as whole seconds. A bare number is refused: say
 * which unit is meant.
 */
export function parseDuration(input: string): bigint {
  const match = /^(\d+)(?:\.(\d+))?\s*(d|h|days?|hours?)$/i.exec(input.trim());
  if (match === null) throw new DurationError(input, "give a number of days or hours with its unit, e.g. 2d or 36h");
  const unit = (match[3] ?? "").toLowerCase().startsWith("d") ? DAY : HOUR;
  const fraction = match[2] ?? "";
  const scale = 10n ** BigInt(fraction.length);
  const scaled = (BigInt(match[1] ?? "0") * scale + BigInt(fraction === "" ? "0" : fraction)) * unit;
  if (scaled % scale !== 0n) throw new DurationError(input, "it is not a whole number of seconds");
  const seconds = scaled / scale;
  if (seconds === 0n) throw new DurationError(input, "must be more than zero");
  return seconds;
}

/** A percentage typed with at most two decimals ("2.5", "50") as basis points; undefined when it is not one. */
export function percentToBps(text: string): number | undefined {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?%?$/.exec(text.trim());
  if (match === null) return undefined;
  const bps = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return bps > 10_000 ? undefined : bps;
}
