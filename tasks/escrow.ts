import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { checkSolvency, formatAmount, formatDate, type OwedBreakdown, type SolvencyReport, type TokenSolvency } from "../client/node.js";
import { runTask, type CommonArgs } from "./context.js";
import { formatTable } from "./output.js";
import { pageSizeOf } from "./parse.js";

const OWED_TO: ReadonlyArray<readonly [keyof OwedBreakdown, string]> = [
  ["funding", "pledges of funding campaigns"],
  ["refundable", "unrefunded pledges of failed, cancelled and lapsed campaigns"],
  ["unclaimedSuccess", "unclaimed successful campaigns"],
  ["unreleased", "unreleased milestone shares"],
  ["releasedUnclaimed", "released, unclaimed milestone shares"],
  ["rejectedUnrefunded", "unrefunded parts of rejected campaigns"],
  ["bonus", "refund bonuses not yet paid to backers or reclaimed by depositors (rounding dust included)"],
  [
    "bonusRounding",
    "refund bonus rounding kept by design: every backer has refunded and every depositor has reclaimed, and the shares' rounding (under one base unit per backer) stays in the escrow; nobody has to take it",
  ],
  ["fees", "accrued protocol fees"],
  ["builderShares", "builder shares credited to builders, not yet withdrawn"],
  ["projectShares", "projects' credits (dependency shares, released builder shares), not yet withdrawn"],
  ["waitingBuilderShares", "builder shares waiting in campaigns for a builder to accept (or their release to the project)"],
];

/**
 * Checks, per token, that the escrow holds what it owes; prints owed, held, surplus and OK or SHORT, and exits with
 * code 1 when any token is short.
 */
export async function solvency(args: CommonArgs & { pageSize: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  const report = await runTask(hre, args, ({ client }) => checkSolvency(client, { pageSize: pageSizeOf(args.pageSize) }), formatReport);
  if (report === undefined || report.ok) return;
  const short = report.tokens
    .filter((entry) => entry.status === "SHORT")
    .map((entry) => `${amountOf(entry, entry.shortfall)} short (holds ${amountOf(entry, entry.held)}, owes ${amountOf(entry, entry.owed)})`);
  console.error(`Error: the escrow holds less than it owes: ${short.join("; ")}`);
  process.exitCode = 1;
}

function formatReport(report: SolvencyReport): string {
  const table = formatTable(
    report.tokens.map((entry) => ({
      token: entry.token.native ? "ETH" : `${entry.token.symbol} ${entry.token.address}`,
      owed: amountOf(entry, entry.owed),
      held: amountOf(entry, entry.held),
      surplus: amountOf(entry, entry.surplus),
      status: entry.status === "OK" ? "OK" : `SHORT by ${amountOf(entry, entry.shortfall)}`,
    })),
    ["token", "owed", "held", "surplus", "status"],
  );
  const owed = report.tokens.map((entry) => {
    const parts = OWED_TO.filter(([key]) => entry.breakdown[key] !== 0n).map(([key, what]) => `${amountOf(entry, entry.breakdown[key])} ${what}`);
    return `${entry.token.symbol} owed: ${parts.length === 0 ? "nothing" : parts.join("; ")}`;
  });
  const surplus = report.tokens.some((entry) => entry.surplus !== 0n)
    ? ["surplus: ETH forced into the escrow or tokens sent to it by mistake; nobody is owed it"]
    : [];
  const recoverable = report.tokens
    .filter((entry) => entry.recoverable !== 0n)
    .map((entry) => `${amountOf(entry, entry.recoverable)}: no campaign ever used ${entry.token.symbol}, so the protocol owner can send it back (recoverStrayToken)`);
  return [`Escrow ${report.escrow} at block ${report.blockNumber} (${formatDate(report.timestamp)})`, table, "", ...owed, ...surplus, ...recoverable].join("\n");
}

function amountOf(entry: TokenSolvency, value: bigint): string {
  return `${formatAmount(value, entry.token.decimals)} ${entry.token.symbol}`;
}
