/**
 * The indexer's HTTP API on 127.0.0.1: Ponder's GraphQL (`/graphql`) and SQL over HTTP (`/sql/*`) over every table,
 * and `/api/...`, the lists the client, the CLI and the web app read (client/indexer-api.ts), with what time decides
 * worked out at the chain's latest block time.
 */
import { db } from "ponder:api";
import schema, { bonusDeposit, campaign, campaignEvent, pledge, project } from "ponder:schema";
import { Hono, type Context } from "hono";
import { and, asc, count, desc, eq, inArray, lt, or, sql, client, graphql } from "ponder";

import {
  LIST_SORTS,
  type AccountBonusDeposit,
  type AccountPledge,
  type IndexedCampaign,
  type IndexedEvent,
  type IndexerStatus,
  type ListPage,
  type ListSort,
  type MaintainerDashboard,
  type ProjectAttestations,
  type ProjectDependencies,
  type ProjectShares,
  type RequestAnswer,
} from "../../../client/indexer-api.ts";
import { easAddress, projectAttestations, SCHEMA_UID } from "./attestations.ts";
import { chainHead, indexedBlock } from "./chain-time.ts";
import { backerBonusAt, bonusOutcomeAt, claimableAt, outcome, refundableAt, stateAt } from "./derive.ts";
import { projectsMatching } from "./documents.ts";
import { campaignJson, campaignsJson, depositJson, fundingAt, plansOf, pledgeJson, projectsJson } from "./rows.ts";
import { oneRequest, projectRequests } from "./requests.ts";
import { dependencyVersion, dependencyVersions, owedJson, projectSharesJson, splitJson } from "./shares.ts";

const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 50;
const NOBODY = "0x0000000000000000000000000000000000000000";

const app = new Hono();

app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));

/** A refusal in words, with what to do instead. */
class BadRequest extends Error {}

/** Asked for something the tables do not hold (yet). */
class NotIndexed extends Error {}


function page(c: Context): { limit: number; offset: number } {
  const limit = Number(c.req.query("limit") ?? DEFAULT_LIMIT);
  const offset = Number(c.req.query("offset") ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new BadRequest(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
  if (!Number.isInteger(offset) || offset < 0) throw new BadRequest("offset must be a whole number from 0 up");
  return { limit, offset };
}

function sortOf(c: Context): ListSort {
  const sort = c.req.query("sort") ?? "newest";
  if (!(LIST_SORTS as readonly string[]).includes(sort)) throw new BadRequest(`sort must be one of ${LIST_SORTS.join(", ")}`);
  return sort as ListSort;
}

function idOf(text: string | undefined, what: string): bigint {
  if (text === undefined || !/^\d{1,30}$/.test(text)) throw new BadRequest(`${what} must be a whole number`);
  return BigInt(text);
}

function addressOf(text: string | undefined): `0x${string}` {
  if (text === undefined || !/^0x[0-9a-fA-F]{40}$/.test(text)) throw new BadRequest("the account must be an address: 0x and 40 hex digits");
  return text.toLowerCase() as `0x${string}`;
}

/** The chain time and where the tables stand, for every answer. */
async function moment(): Promise<{ now: bigint; indexed: Awaited<ReturnType<typeof indexedBlock>> }> {
  const [head, indexed] = await Promise.all([chainHead(), indexedBlock()]);
  return { now: BigInt(head.timestamp), indexed };
}

function list<Row>(items: Row[], total: number, at: Awaited<ReturnType<typeof moment>>): ListPage<Row> {
  return { items, total, now: at.now.toString(), indexed: at.indexed };
}

app.get("/api/status", async (c) => {
  const [head, indexed, ready] = await Promise.all([
    chainHead(),
    indexedBlock(),
    db.execute(sql.raw(`SELECT value FROM "${(process.env.OPENPLEDGE_SCHEMA ?? "openpledge").replaceAll('"', '""')}"."_ponder_meta" WHERE key = 'app'`)),
  ]);
  const meta = (ready as unknown as { rows: Array<{ value: { is_ready?: number } }> }).rows[0]?.value;
  const status: IndexerStatus = {
    chainId: Number(process.env.OPENPLEDGE_CHAIN_ID),
    genesisHash: process.env.OPENPLEDGE_GENESIS_HASH ?? "",
    registry: process.env.OPENPLEDGE_REGISTRY ?? "",
    escrow: process.env.OPENPLEDGE_ESCROW ?? "",
    deploymentBlock: process.env.OPENPLEDGE_START_BLOCK ?? "0",
    indexed,
    head,
    lagBlocks: (indexed === null ? BigInt(head.number) : BigInt(head.number) - BigInt(indexed.number)).toString(),
    ready: meta?.is_ready === 1,
  };
  return c.json(status);
});

app.get("/api/projects", async (c) => {
  const { limit, offset } = page(c);
  const sort = sortOf(c);
  const search = (c.req.query("search") ?? "").trim();
  const at = await moment();
  // Words, in any order and whatever the punctuation, in the title, summary, repository or link; or a project id.
  const matches = search === "" ? [] : projectsMatching(search);
  if (/^\d{1,30}$/.test(search)) matches.push(BigInt(search));
  const matching = search === "" ? undefined : matches.length === 0 ? sql`false` : inArray(project.id, matches);
  // Ending soon: the earliest deadline among each project's funding campaigns, one range scan of the funding index.
  const next = db
    .select({ projectId: campaign.projectId, deadline: sql<bigint>`min(${campaign.deadline})`.as("next_deadline") })
    .from(campaign)
    .where(fundingAt(at.now))
    .groupBy(campaign.projectId)
    .as("next");
  const query = db.select({ row: project }).from(project);
  const [found, total] = await Promise.all([
    sort === "ending-soon"
      ? query
          .leftJoin(next, eq(next.projectId, project.id))
          .where(matching)
          .orderBy(sql`${next.deadline} asc nulls last`, desc(project.id))
          .limit(limit)
          .offset(offset)
      : query
          .where(matching)
          .orderBy(...(sort === "newest" ? [desc(project.id)] : [desc(project.fundedBps), desc(project.id)]))
          .limit(limit)
          .offset(offset),
    db.select({ value: count() }).from(project).where(matching),
  ]);
  const rows = found.map((item) => item.row);
  return c.json(list(await projectsJson(rows, at.now), total[0]?.value ?? 0, at));
});

app.get("/api/projects/:id", async (c) => {
  const id = idOf(c.req.param("id"), "the project id");
  const at = await moment();
  const rows = await db.select().from(project).where(eq(project.id, id));
  if (rows.length === 0) return c.json({ error: `no project ${id} is indexed (yet): check the id, or wait for the indexer to catch up` }, 404);
  const [found] = await projectsJson(rows, at.now);
  return c.json(found);
});

async function projectRow(id: bigint) {
  const rows = await db.select().from(project).where(eq(project.id, id));
  const row = rows[0];
  if (row === undefined) throw new NotIndexed(`no project ${id} is indexed (yet): check the id, or wait for the indexer to catch up`);
  return row;
}

app.get("/api/projects/:id/dependencies", async (c) => {
  const { limit, offset } = page(c);
  const row = await projectRow(idOf(c.req.param("id"), "the project id"));
  const at = await moment();
  const [versions, current] = await Promise.all([dependencyVersions(row.id, { limit, offset }), dependencyVersion(row.id, row.dependencyVersion)]);
  if (current === undefined) throw new Error(`project ${row.id}'s current dependency list ${row.dependencyVersion} is not in the tables`);
  const answer: ProjectDependencies = { ...list(versions.items, versions.total, at), projectId: row.id.toString(), current };
  return c.json(answer);
});

app.get("/api/projects/:id/dependencies/:version", async (c) => {
  const row = await projectRow(idOf(c.req.param("id"), "the project id"));
  const version = idOf(c.req.param("version"), "the version");
  const found = await dependencyVersion(row.id, version);
  if (found === undefined) {
    throw new NotIndexed(`project ${row.id} has declared no dependency list version ${version} (yet): its versions run from 0 to ${row.dependencyVersion}`);
  }
  return c.json(found);
});

app.get("/api/projects/:id/shares", async (c) => {
  const { limit, offset } = page(c);
  const row = await projectRow(idOf(c.req.param("id"), "the project id"));
  const at = await moment();
  const credits = await projectSharesJson(row, { limit, offset });
  const answer: ProjectShares = { ...list(credits.items, credits.total, at), projectId: row.id.toString(), payout: credits.payout, balances: credits.balances };
  return c.json(answer);
});

app.get("/api/projects/:id/requests", async (c) => {
  const { limit, offset } = page(c);
  const row = await projectRow(idOf(c.req.param("id"), "the project id"));
  const allText = c.req.query("all");
  if (allText !== undefined && allText !== "0" && allText !== "1") throw new BadRequest("all must be 1 (every request) or 0 (the open ones)");
  const at = await moment();
  const ranked = await projectRequests(row.id, at.now, allText === "1");
  return c.json(list(ranked.slice(offset, offset + limit), ranked.length, at));
});

// Every attestation naming the id, whether or not a project of that id is indexed (yet): anyone may attest anything.
app.get("/api/projects/:id/attestations", async (c) => {
  const { limit, offset } = page(c);
  const id = idOf(c.req.param("id"), "the project id");
  const at = await moment();
  const found = await projectAttestations(id, { limit, offset });
  const answer: ProjectAttestations = { ...list(found.items, found.total, at), projectId: id.toString(), eas: easAddress(), schemaUID: SCHEMA_UID };
  return c.json(answer);
});

app.get("/api/requests/:id", async (c) => {
  const id = idOf(c.req.param("id"), "the request id");
  const at = await moment();
  const found = await oneRequest(id, at.now);
  if (found === undefined) throw new NotIndexed(`no request ${id} is indexed (yet): check the id (a campaign opened as one is no request), or wait for the indexer to catch up`);
  const answer: RequestAnswer = { ...found, now: at.now.toString(), indexed: at.indexed };
  return c.json(answer);
});

app.get("/api/campaigns", async (c) => {
  const { limit, offset } = page(c);
  const sort = sortOf(c);
  const projectText = c.req.query("project");
  const backerText = c.req.query("backer");
  const state = c.req.query("state");
  if (state !== undefined && !["Funding", "Cancelled", "Claimed"].includes(state)) {
    throw new BadRequest("state filters Funding, Cancelled or Claimed campaigns; other states depend on time: read them from each campaign's state");
  }
  const at = await moment();
  const filters = [
    projectText === undefined ? undefined : eq(campaign.projectId, idOf(projectText, "the project id")),
    backerText === undefined
      ? undefined
      : inArray(campaign.id, db.select({ id: pledge.campaignId }).from(pledge).where(eq(pledge.backer, addressOf(backerText)))),
    state === "Funding" ? fundingAt(at.now) : state === "Cancelled" ? eq(campaign.status, "cancelled") : state === "Claimed" ? eq(campaign.status, "claimed") : undefined,
    sort === "ending-soon" ? fundingAt(at.now) : undefined,
  ].filter((filter) => filter !== undefined);
  const where = filters.length === 0 ? undefined : and(...filters);
  const order =
    sort === "newest"
      ? [desc(campaign.id)]
      : sort === "most-funded"
        ? [desc(campaign.fundedBps), desc(campaign.id)]
        : [asc(campaign.deadline), asc(campaign.id)];
  const [rows, total] = await Promise.all([
    db.select().from(campaign).where(where).orderBy(...order).limit(limit).offset(offset),
    db.select({ value: count() }).from(campaign).where(where),
  ]);
  return c.json(list(await campaignsJson(rows, at.now), total[0]?.value ?? 0, at));
});

async function campaignRow(id: bigint) {
  const rows = await db.select().from(campaign).where(eq(campaign.id, id));
  const row = rows[0];
  if (row === undefined) throw new NotIndexed(`no campaign ${id} is indexed (yet): check the id, or wait for the indexer to catch up`);
  return row;
}

app.onError((error, c) => {
  if (error instanceof NotIndexed) return c.json({ error: error.message }, 404);
  if (error instanceof BadRequest) return c.json({ error: error.message }, 400);
  return c.json({ error: `the indexer failed to answer: ${error.message}` }, 500);
});

app.get("/api/campaigns/:id", async (c) => {
  const row = await campaignRow(idOf(c.req.param("id"), "the campaign id"));
  const at = await moment();
  const [found] = await campaignsJson([row], at.now);
  return c.json(found);
});

app.get("/api/campaigns/:id/split", async (c) => {
  const row = await campaignRow(idOf(c.req.param("id"), "the campaign id"));
  return c.json(await splitJson(row, await moment()));
});

app.get("/api/accounts/:address/owed", async (c) => {
  const account = addressOf(c.req.param("address"));
  return c.json(await owedJson(account, await moment()));
});

app.get("/api/campaigns/:id/backers", async (c) => {
  const { limit, offset } = page(c);
  const row = await campaignRow(idOf(c.req.param("id"), "the campaign id"));
  const at = await moment();
  const where = eq(pledge.campaignId, row.id);
  const [rows, total] = await Promise.all([
    db.select().from(pledge).where(where).orderBy(desc(pledge.amount), asc(pledge.firstPledgedAtBlock), asc(pledge.firstPledgedLogIndex)).limit(limit).offset(offset),
    db.select({ value: count() }).from(pledge).where(where),
  ]);
  return c.json(list(rows.map((item) => pledgeJson(item, row)), total[0]?.value ?? 0, at));
});

app.get("/api/campaigns/:id/history", async (c) => {
  const { limit, offset } = page(c);
  const row = await campaignRow(idOf(c.req.param("id"), "the campaign id"));
  const at = await moment();
  const where = eq(campaignEvent.campaignId, row.id);
  const [rows, total] = await Promise.all([
    db.select().from(campaignEvent).where(where).orderBy(asc(campaignEvent.blockNumber), asc(campaignEvent.logIndex)).limit(limit).offset(offset),
    db.select({ value: count() }).from(campaignEvent).where(where),
  ]);
  const items: IndexedEvent[] = rows.map((item) => ({
    name: item.name,
    args: item.args as Record<string, unknown>,
    blockNumber: item.blockNumber.toString(),
    timestamp: item.timestamp.toString(),
    transactionHash: item.transactionHash,
    logIndex: item.logIndex,
    totals: item.backerTotal === null || item.campaignTotal === null ? null : { backer: item.backerTotal.toString(), campaign: item.campaignTotal.toString() },
  }));
  return c.json(list(items, total[0]?.value ?? 0, at));
});

app.get("/api/accounts/:address/pledges", async (c) => {
  const { limit, offset } = page(c);
  const backer = addressOf(c.req.param("address"));
  const at = await moment();
  // Campaigns only: pledges to requests not accepted are on the requests' pages.
  const where = and(eq(pledge.backer, backer), inArray(pledge.campaignId, db.select({ id: campaign.id }).from(campaign)));
  const [rows, total] = await Promise.all([
    db.select().from(pledge).where(where).orderBy(desc(pledge.updatedAtBlock), desc(pledge.campaignId)).limit(limit).offset(offset),
    db.select({ value: count() }).from(pledge).where(where),
  ]);
  const campaigns = rows.length === 0 ? [] : await db.select().from(campaign).where(inArray(campaign.id, rows.map((row) => row.campaignId)));
  const plans = await plansOf(campaigns);
  const items: AccountPledge[] = rows.map((row) => {
    const campaignRow = campaigns.find((item) => item.id === row.campaignId);
    if (campaignRow === undefined) throw new Error(`pledge to campaign ${row.campaignId}, which is not in the tables`);
    const plan = plans.get(campaignRow.id) ?? [];
    const json = pledgeJson(row, campaignRow);
    const state = stateAt(campaignRow, plan, at.now);
    const inReview = state === "Succeeded" && campaignRow.reviewEnd !== 0n && at.now <= campaignRow.reviewEnd;
    const weight = row.amount - row.late;
    const refundable = refundableAt(campaignRow, plan, row.amount, at.now);
    const bonus = backerBonusAt(campaignRow, row.amount, row.creditSince, at.now);
    // A refund carries the share once the bonus goes to backers (a rejection's refunds carry none).
    const refundableBonus = refundable > 0n && bonusOutcomeAt(campaignRow, at.now) === "to-backers" ? bonus.share : 0n;
    return {
      pledge: json,
      campaign: campaignJson(campaignRow, plan, at.now),
      canWithdraw: state === "Funding" && row.amount > 0n,
      refundableNow: refundable.toString(),
      refundableBonusNow: refundableBonus.toString(),
      refundableTotalNow: (refundable + refundableBonus).toString(),
      bonusShare: bonus.share.toString(),
      bonusQuote: bonus.quote.toString(),
      canObject: inReview && weight > 0n && !json.objecting,
      canWithdrawObjection: inReview && json.objecting,
    };
  });
  return c.json(list(items, total[0]?.value ?? 0, at));
});

app.get("/api/campaigns/:id/bonus-deposits", async (c) => {
  const { limit, offset } = page(c);
  const row = await campaignRow(idOf(c.req.param("id"), "the campaign id"));
  const at = await moment();
  const where = eq(bonusDeposit.campaignId, row.id);
  const [rows, total] = await Promise.all([
    db.select().from(bonusDeposit).where(where).orderBy(asc(bonusDeposit.firstDepositedAtBlock), asc(bonusDeposit.firstDepositedLogIndex)).limit(limit).offset(offset),
    db.select({ value: count() }).from(bonusDeposit).where(where),
  ]);
  return c.json(list(rows.map((item) => depositJson(item, row, at.now)), total[0]?.value ?? 0, at));
});

app.get("/api/accounts/:address/bonus-deposits", async (c) => {
  const { limit, offset } = page(c);
  const depositor = addressOf(c.req.param("address"));
  const at = await moment();
  const where = eq(bonusDeposit.depositor, depositor);
  const [rows, total] = await Promise.all([
    db.select().from(bonusDeposit).where(where).orderBy(desc(bonusDeposit.updatedAtBlock), desc(bonusDeposit.campaignId)).limit(limit).offset(offset),
    db.select({ value: count() }).from(bonusDeposit).where(where),
  ]);
  const campaigns = rows.length === 0 ? [] : await db.select().from(campaign).where(inArray(campaign.id, rows.map((row) => row.campaignId)));
  const plans = await plansOf(campaigns);
  const items: AccountBonusDeposit[] = rows.map((row) => {
    const campaignRow = campaigns.find((item) => item.id === row.campaignId);
    if (campaignRow === undefined) throw new Error(`bonus deposit to campaign ${row.campaignId}, which is not in the tables`);
    return { deposit: depositJson(row, campaignRow, at.now), campaign: campaignJson(campaignRow, plans.get(campaignRow.id) ?? [], at.now) };
  });
  return c.json(list(items, total[0]?.value ?? 0, at));
});

app.get("/api/accounts/:address/maintainer", async (c) => {
  const account = addressOf(c.req.param("address"));
  const at = await moment();
  const { maintainer: maintainerTable } = schema;
  const maintainerOf = await db.select({ id: maintainerTable.projectId }).from(maintainerTable).where(eq(maintainerTable.account, account));
  // Only maintainers claim and submit (an owner is not one unless added): owned projects are listed, not acted on.
  const ids = maintainerOf.map((row) => row.id);
  const [maintained, offered] = await Promise.all([
    db
      .select()
      .from(project)
      .where(ids.length === 0 ? eq(project.owner, account) : or(eq(project.owner, account), inArray(project.id, ids)))
      .orderBy(asc(project.id)),
    db.select().from(project).where(and(eq(project.pendingOwner, account), sql`${project.pendingOwner} <> ${NOBODY}`)).orderBy(asc(project.id)),
  ]);
  // Campaigns that may still want something of a maintainer: rejected ones (what was released), and active ones past
  // their deadline (a funding campaign has nothing to claim, submit or settle yet).
  const campaigns =
    ids.length === 0
      ? []
      : await db
          .select()
          .from(campaign)
          .where(
            and(
              inArray(campaign.projectId, ids),
              or(eq(campaign.status, "rejected"), and(eq(campaign.status, "active"), lt(campaign.deadline, at.now))),
            ),
          )
          .orderBy(asc(campaign.id));
  const plans = await plansOf(campaigns);
  const dashboard: MaintainerDashboard & { now: string; indexed: Awaited<ReturnType<typeof indexedBlock>> } = {
    account,
    projects: await projectsJson(maintained, at.now),
    claimsAvailable: [],
    milestonesDue: [],
    reviewsToSettle: [],
    ownershipOffers: await projectsJson(offered, at.now),
    now: at.now.toString(),
    indexed: at.indexed,
  };
  for (const row of campaigns) {
    const plan = plans.get(row.id) ?? [];
    // Only campaigns with something to do are written out: a busy maintainer has hundreds of others.
    let json: IndexedCampaign | undefined;
    const asJson = (): IndexedCampaign => (json ??= campaignJson(row, plan, at.now));
    const { claimable, claimBy } = claimableAt(row, plan, at.now);
    if (claimable > 0n) dashboard.claimsAvailable.push({ campaign: asJson(), claimable: claimable.toString(), claimBy: claimBy?.toString() ?? null });
    if (row.milestoneCount === 0 || stateAt(row, plan, at.now) !== "Succeeded") continue;
    const decided = outcome(row, plan, at.now);
    if (decided.decided === "accept") {
      dashboard.reviewsToSettle.push({ campaign: asJson(), index: decided.index, reviewEnd: row.reviewEnd.toString() });
    } else if (row.reviewEnd === 0n && row.currentMilestone < row.milestoneCount) {
      const next = plan.find((item) => item.index === row.currentMilestone);
      if (next !== undefined) dashboard.milestonesDue.push({ campaign: asJson(), index: next.index, due: next.due.toString(), overdue: at.now > next.due });
    }
  }
  return c.json(dashboard);
});

export default app;
