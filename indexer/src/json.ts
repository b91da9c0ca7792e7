/** Event arguments as JSON: integers of any size as decimal strings, addresses in lower case. */

/** A decoded event argument turned into a JSON value. */
export function toJson(value: unknown): unknown {
  // Small integer types (uint8 to uint48) decode as numbers: integers are decimal strings in the API either way.
  if (typeof value === "bigint" || typeof value === "number") return value.toString();
  if (typeof value === "string") return /^0x[0-9a-fA-F]{40}$/.test(value) ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJson(item)]));
  }
  return value;
}

/** An address as the tables keep it. */
export function lower(address: string): `0x${string}` {
  return address.toLowerCase() as `0x${string}`;
}
