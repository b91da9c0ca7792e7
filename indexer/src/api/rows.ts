/** Table rows turned into the API's JSON (client/indexer-api.ts), with what time decides worked out at `now`. */
import { db } from "ponder:api";
import { and, asc, eq, gte, inArray, sql } from "ponder";
import { bonusDeposit, campaign, maintainer, milestone, pledge, project } from "ponder:schema";

import type { IndexedBonusDeposit, IndexedCampaign, IndexedPledge, IndexedProject } from "../../../client/indexer-api.ts";
import { bonusOutcomeAt, campaignBonusAt, creditSinceOf, progressAt, reclaimableOf, stateAt, type CampaignRow, type MilestoneRow } from "./derive.ts";
import { campaignTitle, projectTitle } from "./documents.ts";

export type ProjectRow = typeof project.$inferSelect;
export type PledgeRow = typeof pledge.$inferSelect;
export type BonusDepositRow = typeof bonusDeposit.$inferSelect;

/** The plans of the milestone campaigns among `rows`, by campaign id. */
export async function plansOf(rows: readonly CampaignRow[]): Promise<Map<bigint, MilestoneRow[]>> {
  const ids = rows.filter((row) => row.milestoneCount > 0).map((row) => row.id);
  const plans = new Map<bigint, MilestoneRow[]>();
  if (ids.length === 0) return plans;
  const found = await db.select().from(milestone).where(inArray(milestone.campaignId, ids)).orderBy(asc(milestone.campaignId), asc(milestone.index));
  for (const row of found) {
    const plan = plans.get(row.campaignId) ?? [];
    plan.push(row);
    plans.set(row.campaignId, plan);
  }
  return plans;
}

/** One campaign in JSON. */
export function campaignJson(row: CampaignRow, plan: readonly MilestoneRow[], now: bigint): IndexedCampaign {
  return {
    id: row.id.toString(),
    projectId: row.projectId.toString(),
    creator: row.creator,
    token: row.token,
    goal: row.goal.toString(),
    pledged: row.pledged.toString(),
    deadline: row.deadline.toString(),
    plannedDeadline: row.plannedDeadline.toString(),
    feeBps: row.feeBps,
    specURI: row.specURI,
    specHash: row.specHash,
    lastCall: row.lastCall.toString(),
    claimWindow: row.claimWindow.toString(),
    openedAtBlock: row.openedAtBlock.toString(),
    openedAt: row.openedAt.toString(),
    goalReachedAt: row.goalReachedAt.toString(),
    state: stateAt(row, plan, now),
    hasMilestones: row.milestoneCount > 0,
    backerCount: row.backerCount,
    claimed: row.claimed.toString(),
    refunded: row.refunded.toString(),
    title: campaignTitle(row.id),
    milestones: row.milestoneCount > 0 ? progressAt(row, plan, now) : null,
    bonus: campaignBonusAt(row, now),
    fromRequest:
      row.requestOpener === null || row.requestOpenedAt === null || row.requestOpenedAtBlock === null || row.pledgedAtAcceptance === null
        ? null
        : {
            requestId: row.id.toString(),
            opener: row.requestOpener,
            openedAt: row.requestOpenedAt.toString(),
            openedAtBlock: row.requestOpenedAtBlock.toString(),
            acceptedBy: row.creator,
            acceptedAt: row.openedAt.toString(),
            acceptedAtBlock: row.openedAtBlock.toString(),
            pledgedAtAcceptance: row.pledgedAtAcceptance.toString(),
          },
  };
}

/** Campaign rows in JSON, their plans read in one query. */
export async function campaignsJson(rows: readonly CampaignRow[], now: bigint): Promise<IndexedCampaign[]> {
  const plans = await plansOf(rows);
  return rows.map((row) => campaignJson(row, plans.get(row.id) ?? [], now));
}

/** Project rows in JSON, with their maintainers and what their campaigns add up to (two queries for the page). */
export async function projectsJson(rows: readonly ProjectRow[], now: bigint): Promise<IndexedProject[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [maintainers, totals] = await Promise.all([
    db.select().from(maintainer).where(inArray(maintainer.projectId, ids)).orderBy(asc(maintainer.addedAtBlock)),
    db
      .select({
        projectId: campaign.projectId,
        fundingCount: sql<string>`count(*) filter (where ${campaign.status} = 'active' and ${campaign.deadline} >= ${now})`,
        nextDeadline: sql<string | null>`min(${campaign.deadline}) filter (where ${campaign.status} = 'active' and ${campaign.deadline} >= ${now})`,
      })
      .from(campaign)
      .where(inArray(campaign.projectId, ids))
      .groupBy(campaign.projectId),
  ]);
  return rows.map((row) => {
    const total = totals.find((item) => item.projectId === row.id);
    const document = projectTitle(row.id, row.metadataURI);
    return {
      id: row.id.toString(),
      owner: row.owner,
      pendingOwner: row.pendingOwner,
      payout: row.payout,
      metadataURI: row.metadataURI,
      repository: row.repository,
      maintainers: maintainers.filter((item) => item.projectId === row.id).map((item) => item.account),
      registeredAtBlock: row.registeredAtBlock.toString(),
      registeredAt: row.registeredAt.toString(),
      updatedAtBlock: row.updatedAtBlock.toString(),
      title: document.title,
      summary: document.summary,
      campaignCount: row.campaignCount,
      fundingCount: Number(total?.fundingCount ?? 0),
      nextDeadline: total?.nextDeadline === null || total?.nextDeadline === undefined ? null : BigInt(total.nextDeadline).toString(),
      fundedGoals: Number(row.fundedBps) / 10_000,
      dependencyVersion: row.dependencyVersion.toString(),
      dependencyShareBps: row.dependencyShareBps,
    };
  });
}

/** A pledge in JSON; `objecting` as `isObjecting` answers, from its campaign's row. */
export function pledgeJson(row: PledgeRow, campaignRow: CampaignRow): IndexedPledge {
  return {
    campaignId: row.campaignId.toString(),
    backer: row.backer,
    pledged: row.amount.toString(),
    contributed: row.contributed.toString(),
    withdrawn: row.withdrawn.toString(),
    refunded: row.refunded.toString(),
    weight: (row.amount - row.late).toString(),
    objecting: campaignRow.reviewEnd !== 0n && row.objectingTo === campaignRow.currentMilestone + 1,
    firstPledgedAt: row.firstPledgedAt.toString(),
    firstPledgedAtBlock: row.firstPledgedAtBlock.toString(),
    firstPledgedLogIndex: row.firstPledgedLogIndex,
    updatedAtBlock: row.updatedAtBlock.toString(),
    creditSince: creditSinceOf(campaignRow, row.amount, row.creditSince)?.toString() ?? null,
    bonusPaid: row.bonusPaid.toString(),
  };
}

/** A bonus deposit in JSON, with what `reclaimBonus` would pay at `now`. */
export function depositJson(row: BonusDepositRow, campaignRow: CampaignRow, now: bigint): IndexedBonusDeposit {
  const outcome = bonusOutcomeAt(campaignRow, now);
  const outstanding = row.reclaimed ? 0n : row.deposited;
  return {
    campaignId: row.campaignId.toString(),
    depositor: row.depositor,
    deposited: row.deposited.toString(),
    outstanding: outstanding.toString(),
    reclaimed: row.reclaimed,
    reclaimedAmount: row.reclaimedAmount.toString(),
    reclaimedAtBlock: row.reclaimedAtBlock?.toString() ?? null,
    reclaimableNow: reclaimableOf(campaignRow, outcome, outstanding).toString(),
    canReclaim: outstanding > 0n && (outcome === "to-backers" || outcome === "to-depositors"),
    firstDepositedAt: row.firstDepositedAt.toString(),
    firstDepositedAtBlock: row.firstDepositedAtBlock.toString(),
    firstDepositedLogIndex: row.firstDepositedLogIndex,
    updatedAtBlock: row.updatedAtBlock.toString(),
  };
}

/** SQL for "funding at `now`": recorded active, deadline not passed. */
export function fundingAt(now: bigint) {
  return and(eq(campaign.status, "active"), gte(campaign.deadline, now));
}
