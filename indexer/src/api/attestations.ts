/**
 * `GET /api/projects/:id/attestations`: the repository attestations (EAS) naming a project, whoever attested, revoked
 * and expired ones included, in log order (oldest first), as `findRepositoryAttestations` lists them from the chain.
 * Trust (which attesters count) and what an attestation means today are the client's (client/verification.ts).
 */
import { db } from "ponder:api";
import { attestation } from "ponder:schema";
import { asc, count, eq } from "ponder";

import { REPOSITORY_SCHEMA_UID } from "../../../client/attestations.ts";
import type { IndexedAttestation } from "../../../client/indexer-api.ts";

const NOBODY = "0x0000000000000000000000000000000000000000";

/** The EAS contract the indexer follows (null: none on this chain). */
export function easAddress(): string | null {
  const eas = (process.env.OPENPLEDGE_EAS ?? "").toLowerCase();
  return eas === "" || eas === NOBODY ? null : eas;
}

export const SCHEMA_UID = REPOSITORY_SCHEMA_UID.toLowerCase();

function attestationJson(row: typeof attestation.$inferSelect): IndexedAttestation {
  return {
    uid: row.uid,
    attester: row.attester,
    recipient: row.recipient,
    registry: (process.env.OPENPLEDGE_REGISTRY ?? "").toLowerCase(),
    chainId: process.env.OPENPLEDGE_CHAIN_ID ?? "0",
    projectId: row.projectId.toString(),
    forgeHost: row.forgeHost,
    repositoryId: row.repositoryId.toString(),
    repositoryPath: row.repositoryPath,
    repository: row.repository,
    proofCommit: row.proofCommit,
    time: row.time.toString(),
    expirationTime: row.expirationTime.toString(),
    revocationTime: row.revocationTime.toString(),
    refUID: row.refUID,
    blockNumber: row.blockNumber.toString(),
    logIndex: row.logIndex,
    transactionHash: row.transactionHash,
    revokedAtBlock: row.revokedAtBlock?.toString() ?? null,
    revokedTransactionHash: row.revokedTransactionHash ?? null,
  };
}

/** A page of a project's attestations, oldest first, and how many it has in all. */
export async function projectAttestations(projectId: bigint, page: { limit: number; offset: number }): Promise<{ items: IndexedAttestation[]; total: number }> {
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(attestation)
      .where(eq(attestation.projectId, projectId))
      .orderBy(asc(attestation.blockNumber), asc(attestation.logIndex))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ value: count() }).from(attestation).where(eq(attestation.projectId, projectId)),
  ]);
  return { items: rows.map(attestationJson), total: total[0]?.value ?? 0 };
}
