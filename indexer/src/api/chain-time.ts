/**
 * "Now" as the chain sees it: the latest block's time from the RPC (a local chain's clock moves with `chain advance`,
 * never with the wall clock), asked at most every half second, and where the tables stand.
 */
import { db, publicClients } from "ponder:api";
import { sql } from "ponder";

import type { IndexedBlock } from "../../../client/indexer-api.ts";

const FRESH_MS = 500;
/** The schema Ponder keeps its tables in (`scripts/start.ts` passes it). */
const SCHEMA = (process.env.OPENPLEDGE_SCHEMA ?? "openpledge").replaceAll('"', '""');
let cached: { at: number; head: IndexedBlock } | undefined;

/** The chain's latest block (number and time). */
export async function chainHead(): Promise<IndexedBlock> {
  if (cached !== undefined && Date.now() - cached.at < FRESH_MS) return cached.head;
  const block = await publicClients.openpledge.getBlock({ blockTag: "latest" });
  const head = { number: block.number.toString(), timestamp: block.timestamp.toString() };
  cached = { at: Date.now(), head };
  return head;
}

/** The latest block whose events are in the tables (null before the first checkpoint). */
export async function indexedBlock(): Promise<IndexedBlock | null> {
  const result = await db.execute(sql.raw(`SELECT latest_checkpoint FROM "${SCHEMA}"."_ponder_checkpoint" LIMIT 1`));
  const row = (result as unknown as { rows: Array<{ latest_checkpoint: string }> }).rows[0];
  if (row === undefined) return null;
  // A checkpoint string starts with the block's timestamp (10 digits), chain id (16) and block number (16).
  const checkpoint = row.latest_checkpoint;
  return { timestamp: BigInt(checkpoint.slice(0, 10)).toString(), number: BigInt(checkpoint.slice(26, 42)).toString() };
}
