/**
 * Fails unless `hardhat test --coverage` covered every line of the production contracts.
 * Reads `coverage/lcov.info` (the test helpers under `contracts/test/` are not instrumented).
 *
 * Run after `hardhat test --coverage`: `hardhat run scripts/check-coverage.ts`.
 */
import { readFile } from "node:fs/promises";

const REQUIRED_PERCENT = 100;

const lcov = await readFile("coverage/lcov.info", "utf8");
let found = 0;
let hit = 0;
const files: string[] = [];
for (const record of lcov.split("end_of_record")) {
  const source = /^SF:(.+)$/m.exec(record)?.[1];
  if (source === undefined || !source.includes("contracts/")) continue;
  const lines = Number(/^LF:(\d+)$/m.exec(record)?.[1] ?? 0);
  const covered = Number(/^LH:(\d+)$/m.exec(record)?.[1] ?? 0);
  found += lines;
  hit += covered;
  files.push(`${source.slice(source.indexOf("contracts/"))}: ${covered}/${lines} lines`);
}
if (found === 0) throw new Error("coverage/lcov.info lists no contract lines: did the coverage run happen?");

const percent = (hit * 100) / found;
for (const file of files) console.log(file);
console.log(`line coverage of contracts/: ${percent.toFixed(2)}% (${hit}/${found})`);
if (percent < REQUIRED_PERCENT) {
  console.error(`line coverage below ${REQUIRED_PERCENT}%`);
  process.exitCode = 1;
}
