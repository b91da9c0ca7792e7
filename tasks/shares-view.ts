/**
 * Builder and dependency shares written for people: a dependency list and a campaign's split in percent, what one
 * claim pays each recipient in the token's units, and the builder, the nominee and what waits, with dates.
 */
import {
  formatAmount,
  formatBps,
  formatDate,
  splitAmount,
  type CampaignSplit,
  type DependencyShare,
  type SplitBasis,
  type SplitCredits,
  type TokenInfo,
} from "../client/node.js";
import type { Row } from "./output.js";
import { projectText, type ProjectNames } from "./project-names.js";

/** What `campaign show` tells of a campaign's split. */
export interface SplitShown {
  split: CampaignSplit;
  /** The amount the split is told for now. */
  basis: SplitBasis;
  /** Names of the dependencies' projects, from their metadata, when readable. */
  names: ProjectNames;
  /** What its claims credited so far and to whom, from its events: told instead of the current split once it paid everything out. */
  credits?: SplitCredits;
}

/** "2.5% to project 12 (ethers), 1% to project 7"; "none" for an empty list. */
export function dependencyText(dependencies: readonly DependencyShare[], names: ProjectNames): string {
  if (dependencies.length === 0) return "none";
  return dependencies.map((dependency) => `${formatBps(dependency.shareBps)} to ${projectText(dependency.projectId, names)}`).join(", ");
}

/** What the amount a split is told for is, in words: "(its goal, if it ends there)". */
function basisWords(basis: SplitBasis): string {
  switch (basis.kind) {
    case "goal":
      return "its goal, if it ends there";
    case "total":
      return "its total so far";
    case "claimable":
      return "what the next claim pays out";
    case "next release":
      return `what milestone ${(basis.milestone ?? 0n) + 1n} releases once accepted`;
    case "claimed":
      return "all it paid out";
    case "none":
      return "nothing: it pays nothing out";
  }
}

/**
 * One claim of the basis amount, recipient by recipient: "of 10 ETH (its goal, if it ends there): 7.5 to the project,
 * 1.5 to the builder 0x…, 0.5 to project 12 (ethers), 0.25 to the protocol fee". The builder's part is said to wait while
 * nobody has accepted. Once it paid everything out, the parts are what its claims credited (`credits`), to whom they went.
 */
export function splitLine({ split, basis, names, credits }: SplitShown, token: Pick<TokenInfo, "decimals" | "symbol">): string {
  const number = (value: bigint) => formatAmount(value, token.decimals);
  const parts = splitAmount(split, basis.gross);
  if (basis.kind === "claimed" && credits !== undefined) {
    // What the claims sent and set aside, from their events: each claim rounded on its own, so these are exact.
    const paid = [
      `${number(credits.toProject)} to the project`,
      ...credits.toBuilders.map((entry) => `${number(entry.amount)} to the builder ${entry.builder}`),
      ...(credits.waiting === 0n ? [] : [`${number(credits.waiting)} waiting for a builder to accept`]),
      ...(credits.releasedToProject === 0n ? [] : [`${number(credits.releasedToProject)} released to the project`]),
      ...credits.toDependencies.map((dependency) => `${number(dependency.amount)} to ${projectText(dependency.projectId, names)}`),
      `${number(credits.fees)} to the protocol fee`,
    ];
    return `of ${number(basis.gross)} ${token.symbol} (${basisWords(basis)}): ${paid.join(", ")}`;
  }
  const builder =
    split.builderShareBps === 0n
      ? []
      : [`${number(parts.builder)} to the builder ${split.builder ?? "(waiting in the campaign until one accepts)"}`];
  const shares = [
    `${number(parts.project)} to the project`,
    ...builder,
    ...parts.dependencies.map((dependency) => `${number(dependency.amount)} to ${projectText(dependency.projectId, names)}`),
    `${number(parts.fee)} to the protocol fee`,
  ];
  return `of ${number(basis.gross)} ${token.symbol} (${basisWords(basis)}): ${shares.join(", ")}`;
}

/** The split's rows of `campaign show`: the shares in percent, one claim in the token's units, the builder's state. */
export function splitRows(shown: SplitShown, token: Pick<TokenInfo, "decimals" | "symbol">, now: bigint): Row {
  const { split, basis, names } = shown;
  const amount = (value: bigint) => `${formatAmount(value, token.decimals)} ${token.symbol}`;
  const rest = 10_000n - split.feeBps - split.builderShareBps - split.dependencyShareBps;
  const percents = [
    split.builderShareBps === 0n ? undefined : `the builder ${formatBps(split.builderShareBps)}`,
    split.dependencies.length === 0
      ? undefined
      : `dependencies ${formatBps(split.dependencyShareBps)} (${dependencyText(split.dependencies, names)}; version ${split.dependencyVersion} of the project's list, frozen at opening)`,
    `the protocol fee ${formatBps(split.feeBps)}`,
    `the project the rest, ${formatBps(rest)} (with the rounding)`,
  ].filter((part): part is string => part !== undefined);
  const id = split.campaignId;
  return {
    shares: `of each claim: ${percents.join(", ")}`,
    split: basis.kind === "none" ? undefined : splitLine(shown, token),
    builder:
      split.builderShareBps === 0n
        ? undefined
        : split.builder === null
          ? `nobody has accepted yet${split.nominee === null ? `: the project's owner nominates one (campaign assign-builder ${id} <address>)` : ""}`
          : `${split.builder}; only they can hand the role on (campaign assign-builder ${id} <address> --from the builder)`,
    nominee:
      split.nominee === null
        ? undefined
        : `${split.nominee}, not accepted yet: they accept with campaign accept-builder ${id} (--from the nominee)`,
    waiting:
      split.releasableAt === null
        ? undefined
        : `${amount(split.waiting)} of builder share credited while nobody had accepted: whoever accepts first takes it; ` +
          (split.releasableAt <= now
            ? `since ${formatDate(split.releasableAt)} anyone may release it to the project instead (campaign release-builder-share ${id})`
            : `from ${formatDate(split.releasableAt)} anyone may release it to the project instead (campaign release-builder-share ${id})`),
  };
}
