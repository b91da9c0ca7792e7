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

/**
 * Reads a human amount ("0.5", "100", "1000.25") as base units of a token with `decimals` decimals.
 * Refuses negatives, zero, exponents, a decimal comma ("0,5") and thousands separators ("1,000": one reading of it is
 * a thousand, another one point zero, so neither is guessed), and more fractional digits than the token has.
 */
export function parseAmount(input: string, decimals: number): bigint {
  const text = input.trim().replaceAll("_", "");
  if (/^-/.test(text)) {
    throw new AmountError(input, decimals, "amounts are positive (to take back part of a pledge, withdraw that amount instead)");
  }
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) {
    throw new AmountError(input, decimals, `thousands separators are not accepted: write ${text.replaceAll(",", "")}`);
  }
  if (text.includes(",")) {
    const decimal = /^\d+,\d+$/.test(text) ? `: write ${text.replace(",", ".")}` : ", as in 1.5";
    throw new AmountError(input, decimals, `use a dot as the decimal point${decimal}; commas are not accepted`);
  }
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

/**
 * Writes base units as a human amount, without trailing zeros and with thousands separators ("1.5", "10,000",
 * "12,345.678"), as every amount people read is written; `{ grouped: false }` for a form field's value, which
 * `parseAmount` reads back ("10000").
 */
export function formatAmount(value: bigint, decimals: number, options: { grouped?: boolean } = {}): string {
  const text = formatUnits(value, decimals);
  const plain = text.endsWith(".0") ? text.slice(0, -2) : text;
  if (options.grouped === false) return plain;
  const [whole = "", fraction] = plain.split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = sign === "" ? whole : whole.slice(1);
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
}

/**
 * Writes base units rounded down to `significant` significant digits ("0.06399" for 0.0639999...), grouped like
 * `formatAmount`: for the figures people read as estimates ("plus about 0.06399 ETH"). Rounding down keeps a figure
 * that is a guaranteed minimum one.
 */
export function formatAmountAbout(value: bigint, decimals: number, significant = 4): string {
  if (value <= 0n) return formatAmount(value, decimals);
  const scale = 10n ** BigInt(Math.max(0, value.toString().length - significant));
  return formatAmount((value / scale) * scale, decimals);
}
