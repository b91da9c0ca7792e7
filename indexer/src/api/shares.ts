/**
 * Builder and dependency shares in the API's JSON (client/indexer-api.ts): a project's dependency lists, a campaign's
 * split as `getSplit` answers at `now` with what it credited each recipient, what is owed to an account, and what
 * credited a project. Each answer reads a handful of rows by key.
 */
import { db } from "ponder:api";
import { and, asc, count, eq, inArray } from "ponder";
import {
  builderCredit,
  builderShare,
  campaignSplit,
  dependencyList,
  maintainer,
  project,
  projectCredit,
  projectShare,
  type DependencyEntry,
} from "ponder:schema";

import type {
  AccountOwed,
  IndexedBlock,
  IndexedDependency,
  IndexedDependencyList,
  IndexedProjectBalance,
  IndexedProjectCredit,
  IndexedShareBalance,
  IndexedSplit,
} from "../../../client/indexer-api.ts";
import type { CampaignRow } from "./derive.ts";
import type { ProjectRow } from "./rows.ts";

/** `Limits.BUILDER_ACCEPT_WINDOW`: how long a waiting builder share stays the builder's to accept. */
export const BUILDER_ACCEPT_WINDOW = 180n * 86_400n;
const NOBODY = "0x0000000000000000000000000000000000000000";

/** Where an answer was worked out: the chain's time and the block the tables stand at. */
export interface Moment {
  now: bigint;
  indexed: IndexedBlock | null;
}

type DependencyListRow = typeof dependencyList.$inferSelect;
type SplitRow = typeof campaignSplit.$inferSelect;
type ProjectShareRow = typeof projectShare.$inferSelect;

function entriesJson(entries: readonly DependencyEntry[]): IndexedDependency[] {
  return entries.map((entry) => ({ projectId: entry.projectId, shareBps: entry.shareBps }));
}

/** A version of a dependency list in JSON; without a row, the empty version 0 of a project that never declared one. */
export function dependencyListJson(projectId: bigint, row: DependencyListRow | undefined): IndexedDependencyList {
  if (row === undefined) {
    return { projectId: projectId.toString(), version: "0", dependencies: [], totalShareBps: 0, setAtBlock: null, setAt: null, transactionHash: null };
  }
  return {
    projectId: row.projectId.toString(),
    version: row.version.toString(),
    dependencies: entriesJson(row.dependencies),
    totalShareBps: row.totalShareBps,
    setAtBlock: row.setAtBlock.toString(),
    setAt: row.setAt.toString(),
    transactionHash: row.transactionHash,
  };
}

/** One version of a project's list (version 0: the empty one); undefined for a version never declared. */
export async function dependencyVersion(projectId: bigint, version: bigint): Promise<IndexedDependencyList | undefined> {
  if (version === 0n) return dependencyListJson(projectId, undefined);
  const rows = await db.select().from(dependencyList).where(and(eq(dependencyList.projectId, projectId), eq(dependencyList.version, version)));
  return rows[0] === undefined ? undefined : dependencyListJson(projectId, rows[0]);
}

/** A page of a project's versions, oldest first, and how many there are. */
export async function dependencyVersions(projectId: bigint, page: { limit: number; offset: number }): Promise<{ items: IndexedDependencyList[]; total: number }> {
  const where = eq(dependencyList.projectId, projectId);
  const [rows, total] = await Promise.all([
    db.select().from(dependencyList).where(where).orderBy(asc(dependencyList.version)).limit(page.limit).offset(page.offset),
    db.select({ value: count() }).from(dependencyList).where(where),
  ]);
  return { items: rows.map((row) => dependencyListJson(projectId, row)), total: total[0]?.value ?? 0 };
}

const orNull = (address: string): string | null => (address === NOBODY ? null : address);

/** A campaign's split at `at.now`: zeros and empty lists for a campaign without shares. */
export async function splitJson(campaignRow: CampaignRow, at: Moment): Promise<IndexedSplit> {
  const id = campaignRow.id;
  const [splits, builders, credits] = await Promise.all([
    db.select().from(campaignSplit).where(eq(campaignSplit.campaignId, id)),
    db.select().from(builderCredit).where(eq(builderCredit.campaignId, id)).orderBy(asc(builderCredit.firstCreditedAtBlock), asc(builderCredit.firstCreditedLogIndex)),
    db.select().from(projectCredit).where(eq(projectCredit.campaignId, id)),
  ]);
  const split: SplitRow | undefined = splits[0];
  const frozen = split === undefined || split.dependencyVersion === 0n ? undefined : await dependencyVersion(campaignRow.projectId, split.dependencyVersion);
  const dependencies = frozen?.dependencies ?? [];
  const waiting = split?.waiting ?? 0n;
  const releasableAt = waiting === 0n || split === undefined ? null : split.waitingSince + BUILDER_ACCEPT_WINDOW;
  return {
    campaignId: id.toString(),
    projectId: campaignRow.projectId.toString(),
    token: campaignRow.token,
    feeBps: campaignRow.feeBps,
    builder: orNull(split?.builder ?? NOBODY),
    nominee: orNull(split?.nominee ?? NOBODY),
    builderShareBps: split?.builderShareBps ?? 0,
    dependencyVersion: (split?.dependencyVersion ?? 0n).toString(),
    dependencyShareBps: split?.dependencyShareBps ?? 0,
    dependencies,
    waiting: waiting.toString(),
    waitingSince: releasableAt === null ? null : (split?.waitingSince ?? 0n).toString(),
    releasableAt: releasableAt?.toString() ?? null,
    canRelease: releasableAt !== null && at.now >= releasableAt,
    builderCredited: (split?.builderCredited ?? 0n).toString(),
    dependencyCredited: (split?.dependencyCredited ?? 0n).toString(),
    releasedToProject: (split?.releasedToProject ?? 0n).toString(),
    builders: builders.map((row) => ({ builder: row.builder, credited: row.credited.toString(), waitingTaken: row.waitingTaken.toString() })),
    dependencyCredits: dependencies.map((entry) => ({
      projectId: entry.projectId,
      credited: (credits.find((row) => row.projectId.toString() === entry.projectId)?.dependencyShares ?? 0n).toString(),
    })),
    now: at.now.toString(),
    indexed: at.indexed,
  };
}

function balanceJson(token: string, credited: bigint, withdrawn: bigint): IndexedShareBalance {
  return { token, credited: credited.toString(), withdrawn: withdrawn.toString(), owed: (credited - withdrawn).toString() };
}

function projectBalanceJson(row: ProjectShareRow): IndexedProjectBalance {
  return {
    ...balanceJson(row.token, row.dependencyShares + row.releasedBuilderShares, row.withdrawn),
    dependencyShares: row.dependencyShares.toString(),
    releasedBuilderShares: row.releasedBuilderShares.toString(),
  };
}

/** A project's credits per token, ETH first then by token address. */
export async function projectBalances(projectIds: readonly bigint[]): Promise<ProjectShareRow[]> {
  if (projectIds.length === 0) return [];
  return db.select().from(projectShare).where(inArray(projectShare.projectId, [...projectIds])).orderBy(asc(projectShare.projectId), asc(projectShare.token));
}

/** What is owed to `account`: as a builder, to the projects it maintains, and the builder roles offered to it. */
export async function owedJson(account: `0x${string}`, at: Moment): Promise<AccountOwed> {
  // The zero address is nobody: it is never credited, and it stands for "none" in the split's columns.
  const somebody = account !== NOBODY;
  const [asBuilder, maintained, nominated] = await Promise.all([
    somebody ? db.select().from(builderShare).where(eq(builderShare.builder, account)).orderBy(asc(builderShare.token)) : [],
    db.select({ projectId: maintainer.projectId }).from(maintainer).where(eq(maintainer.account, account)).orderBy(asc(maintainer.projectId)),
    somebody ? db.select().from(campaignSplit).where(eq(campaignSplit.nominee, account)).orderBy(asc(campaignSplit.campaignId)) : [],
  ]);
  const ids = maintained.map((row) => row.projectId);
  const [balances, projects] = await Promise.all([
    projectBalances(ids),
    ids.length === 0 ? [] : db.select({ id: project.id, payout: project.payout }).from(project).where(inArray(project.id, ids)),
  ]);
  return {
    account,
    asBuilder: asBuilder.map((row) => balanceJson(row.token, row.credited, row.withdrawn)),
    asMaintainer: ids
      .map((id) => ({
        projectId: id.toString(),
        payout: projects.find((row) => row.id === id)?.payout ?? NOBODY,
        shares: balances.filter((row) => row.projectId === id).map(projectBalanceJson),
      }))
      .filter((entry) => entry.shares.length > 0),
    nominations: nominated.map((row) => ({
      campaignId: row.campaignId.toString(),
      projectId: row.projectId.toString(),
      token: row.token,
      waiting: row.waiting.toString(),
      builderShareBps: row.builderShareBps,
    })),
    now: at.now.toString(),
    indexed: at.indexed,
  };
}

/** A page of what campaigns credited a project (first credit first), its balances and its payout address now. */
export async function projectSharesJson(
  projectRow: ProjectRow,
  page: { limit: number; offset: number },
): Promise<{ items: IndexedProjectCredit[]; total: number; payout: string; balances: IndexedProjectBalance[] }> {
  const where = eq(projectCredit.projectId, projectRow.id);
  const [rows, total, balances] = await Promise.all([
    db
      .select({ credit: projectCredit, campaignProjectId: campaignSplit.projectId })
      .from(projectCredit)
      .innerJoin(campaignSplit, eq(campaignSplit.campaignId, projectCredit.campaignId))
      .where(where)
      .orderBy(asc(projectCredit.firstCreditedAtBlock), asc(projectCredit.firstCreditedLogIndex))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(projectCredit).where(where),
    projectBalances([projectRow.id]),
  ]);
  return {
    items: rows.map(({ credit, campaignProjectId }) => ({
      campaignId: credit.campaignId.toString(),
      campaignProjectId: campaignProjectId.toString(),
      token: credit.token,
      dependencyShares: credit.dependencyShares.toString(),
      releasedBuilderShares: credit.releasedBuilderShares.toString(),
      firstCreditedAtBlock: credit.firstCreditedAtBlock.toString(),
      updatedAtBlock: credit.updatedAtBlock.toString(),
    })),
    total: total[0]?.value ?? 0,
    payout: projectRow.payout,
    balances: balances.map(projectBalanceJson),
  };
}
