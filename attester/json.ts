/** Check outcomes as JSON: bigints as decimal strings, dates as ISO strings (the service's bodies, `--json`). */
import type { CheckOutcome } from "./attester.js";

/** JSON text of any value with bigints as strings. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item), 2);
}

/** The outcome as the service answers it. */
export function outcomeJson(outcome: CheckOutcome): unknown {
  return JSON.parse(jsonText(outcome)) as unknown;
}
