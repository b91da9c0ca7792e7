/**
 * The attester's own attestations, kept in memory by uid. An attestation's data never changes, and its revocation
 * time changes only when this attester revokes it (EAS lets only the attester revoke): so each block is scanned once,
 * from the deployment's block the first time, then only the blocks after the last one scanned (paged reads through
 * the client's connection). One process per attester key: another process revoking with the same key is not seen.
 */
import {
  easContract,
  findRepositoryAttestations,
  readRepositoryAttestation,
  type Connection,
  type RepositoryAttestation,
} from "../client/index.js";

export class OwnAttestations {
  private readonly byUid = new Map<string, RepositoryAttestation>();
  private scannedTo: number | undefined;
  private running: Promise<unknown> = Promise.resolve();

  private readonly connection: Connection;
  private readonly easAddress: string;
  private readonly me: string;

  constructor(connection: Connection, easAddress: string, me: string) {
    this.connection = connection;
    this.easAddress = easAddress;
    this.me = me;
  }

  /** Every attestation of this attester about the deployment, oldest first, after scanning the blocks not read yet. */
  all(): Promise<RepositoryAttestation[]> {
    const next = this.running.then(() => this.scan());
    this.running = next.catch(() => undefined);
    return next;
  }

  /** This attester's attestations of `projectId`, oldest first. */
  async of(projectId: bigint): Promise<RepositoryAttestation[]> {
    return (await this.all()).filter((attestation) => attestation.projectId === projectId);
  }

  /** Reads `uid` again after this attester revoked it (its one change). */
  async revoked(uid: string): Promise<void> {
    const fresh = await readRepositoryAttestation(easContract(this.easAddress, this.connection.provider), uid);
    if (fresh !== undefined && this.byUid.has(uid)) this.byUid.set(uid, fresh);
  }

  /** The last block scanned, undefined before the first scan. */
  lastScanned(): number | undefined {
    return this.scannedTo;
  }

  private async scan(): Promise<RepositoryAttestation[]> {
    const toBlock = await this.connection.provider.getBlockNumber();
    if (this.scannedTo === undefined || toBlock > this.scannedTo) {
      const fromBlock = this.scannedTo === undefined ? undefined : this.scannedTo + 1;
      const found = await findRepositoryAttestations(this.connection, { attesters: [this.me], range: { fromBlock, toBlock } });
      for (const attestation of found) if (!this.byUid.has(attestation.uid)) this.byUid.set(attestation.uid, attestation);
      this.scannedTo = toBlock;
    }
    return [...this.byUid.values()];
  }
}
