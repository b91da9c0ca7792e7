/**
 * Builder and dependency shares in words: where each unit of a claim goes (amounts in the campaign's token, shares in
 * percent, times as dates), who the builder is, and the checks the app makes before it sends a dependency list or a
 * builder share, so that the contract's refusals are rare and every one says what to do instead. The figures come
 * from the client (`getSplit`, `splitAmount`, `getDependencies`); this module only words and checks them.
 */
import { formatBps, formatDuration, percentToBps, type CampaignSplit, type DependencyShare, type SplitBreakdown, type SplitCredits } from "../../client/index.js";
import { date, esc, short } from "./ui.js";

/** A project's name from its metadata document, when one could be read. */
export type ProjectNames = ReadonlyMap<bigint, string>;

/** "project 12 (ethers)", or "project 12" without a readable document. */
export function projectLabel(projectId: bigint, names: ProjectNames): string {
  const name = names.get(projectId);
  return name === undefined ? `project ${projectId}` : `project ${projectId} (${name})`;
}

/** A date kept on one line. */
function when(seconds: bigint): string {
  return `<span class="nowrap">${esc(date(seconds))}</span>`;
}

/** An address shortened, the whole address in its title. */
function who(address: string): string {
  return `<span title="${esc(address)}">${esc(short(address))}</span>`;
}

/** What the project keeps of every claim, in basis points: what the fee, the builder and the dependencies leave. */
export function projectShareBps(split: Pick<CampaignSplit, "feeBps" | "builderShareBps" | "dependencyShareBps">): bigint {
  return 10_000n - split.feeBps - split.builderShareBps - split.dependencyShareBps;
}

/**
 * The builder's state in a sentence, with what waits and until when: "0x12ab…cdEF accepted the role", "0x12ab…cdEF is
 * nominated and has not accepted yet: …", "nobody has accepted yet: 0.1 ETH waits until <date>; …".
 */
export function builderState(split: CampaignSplit, amount: (value: bigint) => string, acceptWindow: bigint): string {
  const waiting = split.waiting > 0n && split.releasableAt !== null ? { amount: esc(amount(split.waiting)), until: when(split.releasableAt) } : undefined;
  if (split.builder !== null) {
    const handing = split.nominee === null ? "" : `; they are handing it on to ${who(split.nominee)}, who has not accepted yet`;
    return `${who(split.builder)} accepted the role${handing}`;
  }
  if (split.nominee !== null) {
    const waits =
      waiting === undefined
        ? "until they do, the builder's part of a claim waits in the campaign"
        : `${waiting.amount} waits for them until ${waiting.until}; after that anyone can release it to the project`;
    return `${who(split.nominee)} is nominated and has not accepted yet: ${waits}`;
  }
  return waiting === undefined
    ? `nobody is nominated yet: until a builder accepts, the builder's part of a claim waits in the campaign, for ${formatDuration(acceptWindow)} after that claim at most, then it goes to the project`
    : `nobody has accepted yet: ${waiting.amount} waits until ${waiting.until}; a builder who accepts before then takes it, and after it anyone can release it to the project`;
}

/**
 * The builder in a few words, after "to the builder": "0x12ab…cdEF (accepted)", "0x12ab…cdEF (nominated, not yet
 * accepted)", "(none yet: the share waits until <date>)" or "(none yet)"; `builderState` says the rest.
 */
export function builderBrief(split: CampaignSplit): string {
  if (split.builder !== null) return `${who(split.builder)} (accepted)`;
  if (split.nominee !== null) return `${who(split.nominee)} (nominated, not yet accepted)`;
  return split.waiting > 0n && split.releasableAt !== null ? `(none yet: the share waits until ${when(split.releasableAt)})` : "(none yet)";
}

/**
 * "7.5 ETH to the project, 1.5 ETH to the builder 0x… (accepted), 0.5 ETH to project 12 (ethers), 0.5 ETH to the
 * protocol fee": every part with an amount, in the order the escrow pays them out after the project's.
 */
export function splitAmounts(split: CampaignSplit, breakdown: SplitBreakdown, amount: (value: bigint) => string, names: ProjectNames): string {
  const parts = [`${esc(amount(breakdown.project))} to the project`];
  if (split.builderShareBps > 0n) parts.push(`${esc(amount(breakdown.builder))} to the builder ${builderBrief(split)}`);
  for (const dependency of breakdown.dependencies) parts.push(`${esc(amount(dependency.amount))} to ${esc(projectLabel(dependency.projectId, names))}`);
  if (breakdown.fee > 0n) parts.push(`${esc(amount(breakdown.fee))} to the protocol fee`);
  return parts.join(", ");
}

/**
 * What the claims already made paid, from the campaign's events (`getSplitCredits`), not its current split: each
 * builder by the address that was credited (a builder who handed the role on keeps their credit), what still waits for
 * a builder to accept, what was released to the project after nobody accepted in time, and each dependency's credit.
 * The project's part and the fee are what the claims' `CampaignClaimed` events sent and set aside (exact, however many
 * releases each rounded on its own):
 * "1.55 ETH to the project, 0.3 ETH to the builder 0x…, 0.1 ETH to project 2 (example-lib)".
 */
export function claimedAmounts(
  split: CampaignSplit,
  credits: SplitCredits,
  amount: (value: bigint) => string,
  names: ProjectNames,
): string {
  const parts = [`${esc(amount(credits.toProject))} to the project`];
  for (const credit of credits.toBuilders) parts.push(`${esc(amount(credit.amount))} to the builder ${who(credit.builder)}`);
  if (credits.waiting > 0n) {
    const until = split.releasableAt === null ? "" : ` (until ${when(split.releasableAt)}; after that anyone can release it to the project)`;
    parts.push(`${esc(amount(credits.waiting))} waits for a builder to accept${until}`);
  }
  if (credits.releasedToProject > 0n) parts.push(`${esc(amount(credits.releasedToProject))} of the builder's share released to the project (no builder accepted in time)`);
  for (const dependency of credits.toDependencies) parts.push(`${esc(amount(dependency.amount))} to ${esc(projectLabel(dependency.projectId, names))}`);
  if (credits.fees > 0n) parts.push(`${esc(amount(credits.fees))} to the protocol fee`);
  return parts.join(", ");
}

/** "75% to the project, 15% to the builder, 5% to project 12 (ethers), 5% to the protocol fee". */
export function splitPercents(split: CampaignSplit, names: ProjectNames): string {
  const parts = [`${formatBps(projectShareBps(split))} to the project`];
  if (split.builderShareBps > 0n) parts.push(`${formatBps(split.builderShareBps)} to the builder`);
  for (const dependency of split.dependencies) parts.push(`${formatBps(dependency.shareBps)} to ${projectLabel(dependency.projectId, names)}`);
  parts.push(split.feeBps > 0n ? `${formatBps(split.feeBps)} to the protocol fee` : "no protocol fee");
  return parts.join(", ");
}

/** A dependency list in words: "5% to project 2 (example-lib) and 2.5% to project 3 (hashkit)". */
export function dependencyWords(dependencies: readonly DependencyShare[], names: ProjectNames): string {
  const parts = dependencies.map((dependency) => `${formatBps(dependency.shareBps)} to ${projectLabel(dependency.projectId, names)}`);
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts.at(-1) ?? ""}`;
}

// ------------------------------------------------------------------ checks before sending

/** A project the dependency picker knows: its id and, when its document could be read, its name. */
export interface KnownProject {
  id: bigint;
  name: string | undefined;
}

/** One row of the dependency form, as typed. */
export interface DependencyRow {
  project: string;
  share: string;
}

/** The registry's bounds on a dependency list (`MAX_DEPENDENCIES`, `MAX_DEPENDENCY_SHARE_BPS`). */
export interface DependencyBounds {
  maxCount: bigint;
  maxTotalBps: bigint;
}

/** A form the app refuses to send, with what to do instead. */
export class FormError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FormError";
  }
}

/**
 * The project a picker's text names: "12", "#12", "12 · ethers" (what the suggestions fill in) or a registered
 * project's name, case aside.
 */
export function resolveProject(text: string, known: readonly KnownProject[], row: number): bigint {
  const typed = text.trim();
  const byId = /^#?(\d+)(?:\s*·.*)?$/.exec(typed);
  if (byId !== null) {
    const id = BigInt(byId[1] ?? "0");
    if (!known.some((project) => project.id === id)) {
      throw new FormError(`Row ${row}: there is no project ${id} on this chain: pick one from the suggestions (its id or its name), or remove the row.`);
    }
    return id;
  }
  const matches = known.filter((project) => project.name !== undefined && project.name.toLowerCase() === typed.toLowerCase());
  if (matches.length === 1) return matches[0]?.id ?? 0n;
  if (matches.length > 1) {
    throw new FormError(`Row ${row}: "${typed}" names ${matches.length} projects (${matches.map((project) => project.id).join(", ")}): type the id of the one you mean.`);
  }
  throw new FormError(`Row ${row}: no project is named "${typed}" on this chain: pick one from the suggestions, or type its id (a number), or remove the row.`);
}

/** "2.5" for 0.025 moved two places: the percent someone who typed a fraction meant, when it has at most two decimals. */
function asPercent(fraction: string): string | undefined {
  const match = /^(\d*)\.(\d+)$/.exec(fraction);
  if (match === null) return undefined;
  const digits = `${match[1] ?? ""}${(match[2] ?? "").slice(0, 2).padEnd(2, "0")}`.replace(/^0+(?=\d)/, "");
  const rest = (match[2] ?? "").slice(2);
  if (rest.length > 2 || /^0*$/.test(`${digits}${rest}`)) return undefined;
  return rest.replace(/0+$/, "") === "" ? digits : `${digits}.${rest.replace(/0+$/, "")}`;
}

/**
 * What is wrong with a share as typed, in words, while it is typed; undefined when it reads as a percent above 0 (or
 * is still empty): "2,5" → write 2.5, with a dot; "0.025" → 0.025%? write 2.5 for 2.5 percent.
 */
export function shareProblem(text: string): string | undefined {
  const typed = text.trim();
  if (typed === "") return undefined;
  const bps = percentToBps(typed);
  if (bps === 0) return "0% pays this project nothing: give it a share, or remove the row.";
  if (bps !== undefined) return undefined;
  const bare = typed.replace(/\s*%$/, "");
  if (/^\d*,\d+$/.test(bare)) {
    const dotted = bare.replace(",", ".");
    return percentToBps(dotted) === undefined ? `Write the share with a dot, not a comma, and at most two decimals, such as 2.5.` : `Write ${dotted}, with a dot.`;
  }
  if (/^\d*\.\d{3,}$/.test(bare)) {
    const meant = asPercent(bare);
    const hint = meant !== undefined && Number(bare) < 1 ? ` If you meant ${meant} percent, write ${meant}.` : "";
    return `${bare}%? A share is in percent with at most two decimals (0.01% is the smallest).${hint}`;
  }
  if (/^\d+(\.\d+)?$/.test(bare)) return `${bare}% is more than the whole claim: write a percent up to 100, such as 2.5.`;
  return `"${typed}" is not a share: write a percent with digits and a dot, such as 2.5.`;
}

/**
 * The dependency list the form's rows say, checked as the registry would check it: each row a known project other
 * than this one, listed once, with a share above 0% in percent with at most two decimals; at most `maxCount` rows and
 * a total of at most `maxTotalBps`. Blank rows are left out; no row at all is the empty list (stop sharing).
 */
export function dependencyList(rows: readonly DependencyRow[], self: bigint, known: readonly KnownProject[], bounds: DependencyBounds): DependencyShare[] {
  const list: DependencyShare[] = [];
  const rowOf = new Map<bigint, number>();
  rows.forEach((row, index) => {
    const number = index + 1;
    if (row.project.trim() === "" && row.share.trim() === "") return;
    if (row.project.trim() === "") throw new FormError(`Row ${number}: choose a project (its id or its name), or remove the row.`);
    const projectId = resolveProject(row.project, known, number);
    if (projectId === self) {
      throw new FormError(`Row ${number}: project ${projectId} is this project, and a project cannot list itself as a dependency: remove the row.`);
    }
    const earlier = rowOf.get(projectId);
    if (earlier !== undefined) {
      throw new FormError(`Rows ${earlier} and ${number} both list project ${projectId}: keep one row for it, with its whole share.`);
    }
    rowOf.set(projectId, number);
    if (row.share.trim() === "") throw new FormError(`Row ${number}: give project ${projectId} a share in percent, such as 2.5, or remove the row.`);
    const bps = percentToBps(row.share);
    if (bps === undefined) {
      throw new FormError(`Row ${number}: ${shareProblem(row.share) ?? `"${row.share.trim()}" is not a share: write a percent from 0.01 to 100, with at most two decimals, such as 2.5.`}`);
    }
    if (bps === 0) throw new FormError(`Row ${number}: a share of 0% pays project ${projectId} nothing: give it a share, or remove the row.`);
    list.push({ projectId, shareBps: BigInt(bps) });
  });
  if (BigInt(list.length) > bounds.maxCount) {
    throw new FormError(`${list.length} dependencies: a list holds at most ${bounds.maxCount}; keep the ${bounds.maxCount} that matter most.`);
  }
  const total = list.reduce((sum, dependency) => sum + dependency.shareBps, 0n);
  if (total > bounds.maxTotalBps) {
    throw new FormError(`The shares add up to ${formatBps(total)}, above the ${formatBps(bounds.maxTotalBps)} a dependency list may give: lower them.`);
  }
  return list;
}

/**
 * The largest builder share a campaign of a project may have: what its dependency shares and the largest protocol fee
 * leave of 100% (the escrow's `SharesTooLarge` rule).
 */
export function maxBuilderShareBps(dependencyShareBps: bigint, maxFeeBps: bigint): bigint {
  const left = 10_000n - maxFeeBps - dependencyShareBps;
  return left > 0n ? left : 0n;
}

/** The builder share typed in the opening form, checked against `maxBps`: empty or 0 is none. */
export function builderShareOf(text: string, dependencyShareBps: bigint, maxFeeBps: bigint): bigint {
  const typed = text.trim();
  if (typed === "") return 0n;
  const bps = percentToBps(typed);
  if (bps === undefined) {
    throw new FormError(`"${typed}" is not a builder share: write a percent with at most two decimals, such as 15, or leave it empty for none.`);
  }
  const max = maxBuilderShareBps(dependencyShareBps, maxFeeBps);
  if (BigInt(bps) > max) {
    throw new FormError(
      `A builder share of ${formatBps(bps)} is more than this project's campaigns can give: its dependencies take ${formatBps(dependencyShareBps)} and the protocol fee may take up to ${formatBps(maxFeeBps)}, so the builder may get at most ${formatBps(max)}. Lower the builder share.`,
    );
  }
  return BigInt(bps);
}
