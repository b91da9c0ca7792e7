/**
 * The committed gas snapshot (`snapshots/gas.json`): what `npm run bench` measured when the code last changed gas on
 * purpose. The bench compares every run with it, so a gas change shows up as a diff of that file in review, like
 * Uniswap v4-core's `snapshots/`.
 */
import { readFile, writeFile } from "node:fs/promises";

export const GAS_SNAPSHOT_PATH = "snapshots/gas.json";

/** How far a figure may drift from the snapshot before the bench fails: 0.5%. */
export const GAS_DRIFT_TOLERANCE = 0.005;

export type GasFigures = Readonly<Record<string, number>>;

/** The snapshot on disk, or null when there is none yet. */
export async function readGasSnapshot(path = GAS_SNAPSHOT_PATH): Promise<GasFigures | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${path} must hold one object of operation names to gas figures`);
  }
  const figures: Record<string, number> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
      throw new Error(`${path}: ${name} must be a positive whole number of gas, not ${JSON.stringify(value)}`);
    }
    figures[name] = value;
  }
  return figures;
}

/** Writes the figures sorted by name, one per line, so that a change reads as a small diff. */
export async function writeGasSnapshot(figures: GasFigures, path = GAS_SNAPSHOT_PATH): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(figures).sort(([a], [b]) => a.localeCompare(b)));
  await writeFile(path, `${JSON.stringify(sorted, null, 2)}\n`);
}

/**
 * Every way a run differs from the snapshot beyond the tolerance: a figure that moved, an operation measured now but
 * not in the snapshot, or one in the snapshot no longer measured. Empty when the run matches.
 */
export function gasSnapshotDrift(measured: GasFigures, snapshot: GasFigures, tolerance = GAS_DRIFT_TOLERANCE): string[] {
  const problems: string[] = [];
  for (const [name, used] of Object.entries(measured)) {
    const recorded = snapshot[name];
    if (recorded === undefined) {
      problems.push(`${name}: ${used} gas, not in the snapshot`);
      continue;
    }
    const drift = (used - recorded) / recorded;
    if (Math.abs(drift) > tolerance) {
      const percent = (drift * 100).toFixed(2);
      problems.push(`${name}: ${used} gas, snapshot ${recorded} (${drift > 0 ? "+" : ""}${percent}%)`);
    }
  }
  for (const name of Object.keys(snapshot)) {
    if (!(name in measured)) problems.push(`${name}: in the snapshot, no longer measured`);
  }
  return problems;
}
