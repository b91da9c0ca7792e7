/**
 * Where the indexer keeps its tables, keyed by the chain they were built from: an embedded PGlite folder per chain by
 * default, a Postgres schema per chain when `DATABASE_URL` is set. A database that holds another chain's tables is
 * refused (or, asked with `--reset`, emptied), never resumed: its rows would describe blocks that do not exist.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import pg from "pg";

import { describe, keyOf, sameChain, type ChainIdentity } from "./chain.ts";

/** Where Ponder is told to keep its tables. */
export type DatabasePlace = { kind: "pglite"; directory: string; schema: string } | { kind: "postgres"; url: string; schema: string };

/** A database holds another chain's tables. */
export class OtherChainError extends Error {
  constructor(where: string, found: ChainIdentity, wanted: ChainIdentity) {
    super(
      `${where} holds the tables of ${describe(found)}, but the RPC serves ${describe(wanted)}. ` +
        "It is another chain (a local chain started again has the same id and addresses): start with `--reset` to empty it, " +
        "or leave out --dir / --schema (and OPENPLEDGE_INDEXER_DIR / DATABASE_SCHEMA) so that each chain gets its own.",
    );
    this.name = "OtherChainError";
  }
}

const MARKER = "openpledge-chain.json";

/** The PGlite folder for a chain (or the one asked for), checked or reset. */
export async function preparePglite(identity: ChainIdentity, options: { directory?: string; baseDir: string; reset: boolean }): Promise<DatabasePlace> {
  const directory = path.resolve(options.directory ?? path.join(options.baseDir, `chain-${identity.chainId}-${keyOf(identity)}`));
  const marker = path.join(directory, MARKER);
  const found = await readFile(marker, "utf8").then(
    (text) => JSON.parse(text) as ChainIdentity,
    () => undefined,
  );
  if (options.reset) await rm(directory, { recursive: true, force: true });
  else if (found !== undefined && !sameChain(found, identity)) throw new OtherChainError(`The indexer's folder ${directory}`, found, identity);
  await mkdir(directory, { recursive: true });
  await writeFile(marker, JSON.stringify(identity, null, 2));
  // PGlite wants a folder of its own: the marker sits beside it.
  return { kind: "pglite", directory: path.join(directory, "pglite"), schema: "openpledge" };
}

/** The Postgres schema for a chain (or the one asked for), checked against the record of what it holds, or reset. */
export async function preparePostgres(identity: ChainIdentity, options: { url: string; schema?: string; reset: boolean }): Promise<DatabasePlace> {
  const schema = options.schema ?? `openpledge_${identity.chainId}_${keyOf(identity)}`;
  const client = new pg.Client({ connectionString: options.url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot reach the Postgres of DATABASE_URL (${error instanceof Error ? error.message : String(error)}): start it, or unset DATABASE_URL to use the embedded database`);
  }
  try {
    await client.query("CREATE SCHEMA IF NOT EXISTS openpledge_meta");
    await client.query(
      "CREATE TABLE IF NOT EXISTS openpledge_meta.indexed_chain (schema_name text PRIMARY KEY, identity jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
    );
    const rows = await client.query<{ identity: ChainIdentity }>("SELECT identity FROM openpledge_meta.indexed_chain WHERE schema_name = $1", [schema]);
    const found = rows.rows[0]?.identity;
    if (options.reset) {
      await client.query(`DROP SCHEMA IF EXISTS "${schema.replaceAll('"', '""')}" CASCADE`);
      await client.query("DELETE FROM openpledge_meta.indexed_chain WHERE schema_name = $1", [schema]);
    } else if (found !== undefined && !sameChain(found, identity)) {
      throw new OtherChainError(`Postgres schema "${schema}"`, found, identity);
    } else if (found === undefined) {
      const existing = await client.query("SELECT 1 FROM information_schema.schemata WHERE schema_name = $1", [schema]);
      if (existing.rowCount !== 0) {
        throw new Error(`Postgres schema "${schema}" exists but no OpenPledge indexer recorded which chain it holds: choose another DATABASE_SCHEMA, or start with --reset to empty it`);
      }
    }
    await client.query(
      "INSERT INTO openpledge_meta.indexed_chain (schema_name, identity) VALUES ($1, $2) ON CONFLICT (schema_name) DO NOTHING",
      [schema, JSON.stringify(identity)],
    );
  } finally {
    await client.end();
  }
  return { kind: "postgres", url: options.url, schema };
}
