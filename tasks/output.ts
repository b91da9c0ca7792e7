/** Prints task results: aligned text for people, JSON for scripts (bigints as decimal strings). */

export type Row = Record<string, string | number | bigint | boolean | null | undefined>;

/** JSON with bigints written as strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item), 2);
}

/** "key  value" lines, keys padded to one column. */
export function formatFields(fields: Row): string {
  const entries = Object.entries(fields).filter(([, value]) => value !== undefined);
  const width = Math.max(0, ...entries.map(([key]) => key.length));
  return entries.map(([key, value]) => `${key.padEnd(width)}  ${value === null ? "-" : String(value)}`).join("\n");
}

/** A table with a header row; columns as wide as their widest cell. */
export function formatTable(rows: Row[], columns: string[]): string {
  if (rows.length === 0) return "(none)";
  const cells = rows.map((row) => columns.map((column) => (row[column] === undefined || row[column] === null ? "-" : String(row[column]))));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((line) => (line[i] ?? "").length)));
  const line = (values: string[]) => values.map((value, i) => value.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return [line(columns), line(widths.map((width) => "-".repeat(width))), ...cells.map(line)].join("\n");
}
