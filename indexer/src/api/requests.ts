/**
 * Feature requests as the API answers them: each with its support at its `asOf` (now while open; the acceptance, the
 * decline or the expiry once it is not), its state at `now`, and the other requests of its project for the same spec;
 * a project's list ranked by support, then pledged, then id. Support is the refund bonus's accumulator with the
 * request's opening as start: Σ pledge × (asOf − creditSince) = pledged × (asOf − start) − creditDelay.
 */
import { db } from "ponder:api";
import { campaign, request } from "ponder:schema";
import { eq, inArray } from "ponder";

import type { IndexedRequest, IndexedRequestState } from "../../../client/indexer-api.ts";
import { stateAt, type CampaignRow } from "./derive.ts";
import { plansOf } from "./rows.ts";

export type RequestRow = typeof request.$inferSelect;

/** Until when support counts: the acceptance or the decline, else the expiry once passed, else `now`. */
export function asOfRequest(row: RequestRow, now: bigint): bigint {
  if (row.frozenAt !== 0n) return row.frozenAt;
  return now < row.expiry ? now : row.expiry;
}

/** Σ pledge × seconds held at `asOf` (no earlier than the opening). */
export function supportOf(row: RequestRow, asOf: bigint): bigint {
  const support = row.pledged * (asOf - row.supportStart) - row.creditDelay;
  return support > 0n ? support : 0n;
}

/** Open now: neither accepted nor declined, and not past its expiry (the escrow's `Requested`). */
export function isOpen(row: RequestRow, now: bigint): boolean {
  return row.status === "requested" && now <= row.expiry;
}

function requestState(row: RequestRow, accepted: { row: CampaignRow; state: IndexedRequestState } | undefined, now: bigint): IndexedRequestState {
  if (accepted !== undefined) return accepted.state;
  if (row.status === "declined") return "Declined";
  return now <= row.expiry ? "Requested" : "Expired";
}

/** Requests in JSON, with their campaigns' totals and states once accepted; `siblings`: every request of their projects. */
export async function requestsJson(rows: readonly RequestRow[], siblings: readonly RequestRow[], now: bigint): Promise<IndexedRequest[]> {
  const acceptedIds = rows.filter((row) => row.status === "accepted").map((row) => row.id);
  const campaigns = acceptedIds.length === 0 ? [] : await db.select().from(campaign).where(inArray(campaign.id, acceptedIds));
  const plans = await plansOf(campaigns);
  return rows.map((row) => {
    const campaignRow = campaigns.find((item) => item.id === row.id);
    if (row.status === "accepted" && campaignRow === undefined) throw new Error(`request ${row.id} was accepted, but its campaign is not in the tables`);
    const accepted = campaignRow === undefined ? undefined : { row: campaignRow, state: stateAt(campaignRow, plans.get(row.id) ?? [], now) };
    const asOf = asOfRequest(row, now);
    const pledged = accepted?.row.pledged ?? row.pledged;
    const backers = accepted?.row.backerCount ?? row.backers;
    // What backers still have in: Σ pledged − withdrawn − refunded of the id (claims do not take it from them).
    const outstanding = accepted === undefined ? row.pledged - row.refunded : accepted.row.pledged - accepted.row.refunded;
    return {
      id: row.id.toString(),
      projectId: row.projectId.toString(),
      opener: row.opener,
      token: row.token,
      expiry: row.expiry.toString(),
      feeBps: row.feeBps,
      specURI: row.specURI,
      specHash: row.specHash,
      openedAt: row.openedAt.toString(),
      openedAtBlock: row.openedAtBlock.toString(),
      state: requestState(row, accepted, now),
      pledged: pledged.toString(),
      backers,
      outstanding: outstanding.toString(),
      support: supportOf(row, asOf).toString(),
      asOf: asOf.toString(),
      unfunded: backers === 0,
      accepted:
        row.acceptedBy === null || row.acceptedAt === null || row.acceptedAtBlock === null || row.pledgedAtAcceptance === null
          ? null
          : { maintainer: row.acceptedBy, at: row.acceptedAt.toString(), blockNumber: row.acceptedAtBlock.toString(), pledgedAtAcceptance: row.pledgedAtAcceptance.toString() },
      declined:
        row.declinedBy === null || row.declinedAt === null || row.declinedAtBlock === null || row.reasonURI === null
          ? null
          : { maintainer: row.declinedBy, at: row.declinedAt.toString(), blockNumber: row.declinedAtBlock.toString(), reasonURI: row.reasonURI },
      duplicateOf: siblings
        .filter((other) => other.projectId === row.projectId && other.specURI === row.specURI && other.id !== row.id)
        .map((other) => other.id)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .map((id) => id.toString()),
    };
  });
}

/**
 * The ranking (the client's `compareRequests`): open ones first; then by token (ETH, then tokens by address: support in
 * different tokens does not compare); then support desc, pledged desc, id asc. An unfunded request has neither support
 * nor money: it comes last among the open ones of its token, by id.
 */
export function byRank(a: IndexedRequest, b: IndexedRequest): number {
  const keys: Array<[bigint, bigint]> = [
    [a.state === "Requested" ? 0n : 1n, b.state === "Requested" ? 0n : 1n],
    [BigInt(a.token), BigInt(b.token)],
    [BigInt(b.support), BigInt(a.support)],
    [BigInt(b.pledged), BigInt(a.pledged)],
    [BigInt(a.id), BigInt(b.id)],
  ];
  for (const [left, right] of keys) if (left !== right) return left < right ? -1 : 1;
  return 0;
}

/** A project's requests, ranked: the open ones, or all of them (`all`: the closed ones after the open ones). */
export async function projectRequests(projectId: bigint, now: bigint, all: boolean): Promise<IndexedRequest[]> {
  const rows = await db.select().from(request).where(eq(request.projectId, projectId));
  const shown = all ? rows : rows.filter((row) => isOpen(row, now));
  return (await requestsJson(shown, rows, now)).sort(byRank);
}

/** One request (undefined: none of that id). */
export async function oneRequest(id: bigint, now: bigint): Promise<IndexedRequest | undefined> {
  const [row] = await db.select().from(request).where(eq(request.id, id));
  if (row === undefined) return undefined;
  const siblings = await db.select().from(request).where(eq(request.projectId, row.projectId));
  const [json] = await requestsJson([row], siblings, now);
  return json;
}
