/**
 * EAS's `Attested` and `Revoked` of OpenPledge's repository schema with the registry as recipient (the config's filter):
 * each attestation read back with `getAttestation` and decoded as `findRepositoryAttestations` does
 * (client/attestations.ts), so that the `attestation` table holds exactly what the client reads from the chain's logs.
 */
import { ponder } from "ponder:registry";
import { attestation } from "ponder:schema";

import { decodeRepositoryClaim, REPOSITORY_SCHEMA_UID, type RepositoryClaim } from "../../client/attestations.ts";
import { EAS_ABI } from "../../client/eas-abi.ts";
import { lower } from "./json.ts";

const ZERO_HASH = "0x0000000000000000000000000000000000000000000000000000000000000000";

/** The claim an attestation's data makes, if it is about this registry on this chain (anyone can attest anything). */
function claimAboutThisDeployment(data: `0x${string}`): RepositoryClaim | undefined {
  let claim: RepositoryClaim;
  try {
    claim = decodeRepositoryClaim(data);
  } catch {
    return undefined;
  }
  const registry = process.env.OPENPLEDGE_REGISTRY ?? "";
  const chainId = BigInt(process.env.OPENPLEDGE_CHAIN_ID ?? "0");
  return claim.registry.toLowerCase() === registry.toLowerCase() && claim.chainId === chainId ? claim : undefined;
}

ponder.on("EAS:Attested", async ({ event, context }) => {
  const found = await context.client.readContract({
    abi: EAS_ABI,
    address: event.log.address,
    functionName: "getAttestation",
    args: [event.args.uid],
  });
  if (found.uid === ZERO_HASH || found.schema.toLowerCase() !== REPOSITORY_SCHEMA_UID.toLowerCase()) return;
  const claim = claimAboutThisDeployment(found.data);
  if (claim === undefined) return;
  await context.db.insert(attestation).values({
    uid: lower(found.uid),
    projectId: claim.projectId,
    attester: lower(found.attester),
    recipient: lower(found.recipient),
    time: found.time,
    expirationTime: found.expirationTime,
    revocationTime: found.revocationTime,
    refUID: lower(found.refUID),
    forgeHost: claim.forgeHost,
    repositoryId: claim.repositoryId,
    repositoryPath: claim.repositoryPath,
    repository: claim.repository,
    proofCommit: claim.proofCommit,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    transactionHash: event.transaction.hash,
    // Revoked later in the same block: `Revoked` (handled next) says where.
    revokedAtBlock: null,
    revokedTransactionHash: null,
  });
});

ponder.on("EAS:Revoked", async ({ event, context }) => {
  const row = await context.db.find(attestation, { uid: lower(event.args.uid) });
  // One the table does not keep (data of another shape, or about another registry or chain).
  if (row === null) return;
  // EAS records the revocation at its block's time.
  await context.db.update(attestation, { uid: row.uid }).set({
    revocationTime: event.block.timestamp,
    revokedAtBlock: event.block.number,
    revokedTransactionHash: event.transaction.hash,
  });
});
