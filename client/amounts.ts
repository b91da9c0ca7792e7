import { formatUnits, parseUnits } from "ethers";

/** A human amount that cannot be read as a positive number of the token's units. */
export class AmountError extends Error {
  constructor(
    readonly input: string,
    readonly decimals: number,
    reason: string,
  ) {
    super(`bad amount "${input}": ${reason}`);
    this.name = "AmountError";
  }
}

const DECIMAL = /^(\d+)(\.(\d+))?$/;
/** Commas only as thousands separators in whole groups of three: "1,000" or "12,345.5", never "0,5". */
const THOUSANDS = /^\d{1,3}(,\d{3})+(\.\d+)?$/;

/**
 * Reads a human amount ("0.5", "100", "1,000.25") as base units of a token with `decimals` decimals.
 * Refuses negatives, zero, exponents, a decimal comma ("0,5") and more fractional digits than the token has.
 */
export function parseAmount(input: string, decimals: number): bigint {
  const trimmed = input.trim().replaceAll("_", "");
  if (trimmed.includes(",") && !THOUSANDS.test(trimmed)) {
    throw new AmountError(input, decimals, "use a dot as the decimal point (commas only group thousands, as in 1,000.5)");
  }
  const text = trimmed.replaceAll(",", "");
  const match = DECIMAL.exec(text);
  if (match === null) throw new AmountError(input, decimals, "expected a positive decimal number such as 0.5 or 100");
  const fraction = match[3] ?? "";
  if (fraction.length > decimals) {
    throw new AmountError(input, decimals, `the token has ${decimals} decimals, the amount has ${fraction.length}`);
  }
  const value = parseUnits(text, decimals);
  if (value === 0n) throw new AmountError(input, decimals, "must be more than zero");
  return value;
}

/** Writes base units as a human amount, without trailing zeros ("1.5", "100"). */
export function formatAmount(value: bigint, decimals: number): string {
  const text = formatUnits(value, decimals);
  return text.endsWith(".0") ? text.slice(0, -2) : text;
}
