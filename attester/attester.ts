/**
 * An OpenPledge attester: checks that a project's repository (the registry's repository string) exists at that path
 * on its forge and that the proof file on its default branch names the project, then attests it on EAS (recipient:
 * the registry), renews it before it expires, and revokes it once the proof is gone, the repository moved or the
 * project changed its repository. A forge that cannot be asked now (rate limit, outage, garbage) changes nothing.
 * One check at a time per attester, so its transactions never race for a nonce.
 */
import { getAddress, ZeroHash, type Signer } from "ethers";

import {
  easAddressesOf,
  easContract,
  findRepositoryAttestations,
  isAttestationLive,
  readRepositoryAttestation,
  REPOSITORY_SCHEMA_UID,
  type EasAddresses,
  type ForgeEndpoint,
  type OpenPledgeClient,
  type RepositoryAttestation,
  type RepositoryClaim,
} from "../client/index.js";
import { EasWriter } from "./eas-writer.js";
import { examineRepository, type CheckReason, type ProvenRepository, type RetryReason } from "./examine.js";
import { SerialQueue } from "./queue.js";
import { shortCommit, utcDate, wholeDays } from "./words.js";

export type { CheckReason, RetryReason } from "./examine.js";

/** 90 days: how long an attestation holds unless renewed. */
export const DEFAULT_VALIDITY_SECONDS = 90n * 86_400n;
/** 30 days: an attestation with less left is renewed by the next check. */
export const DEFAULT_RENEW_WITHIN_SECONDS = 30n * 86_400n;

export interface AttesterOptions {
  /** A read-only client of the deployment. */
  reader: OpenPledgeClient;
  /** The attester's key, connected to the deployment's chain. */
  signer: Signer;
  forges: readonly ForgeEndpoint[];
  /** Expiration = the chain's time + this (default 90 days). */
  validitySeconds?: bigint;
  /** Re-attest when less than this is left (default 30 days). */
  renewWithinSeconds?: bigint;
  fetch?: typeof fetch;
}

export type CheckOutcome =
  | { kind: "attested"; projectId: bigint; attestation: RepositoryAttestation; replaced: string[]; message: string }
  | { kind: "unchanged"; projectId: bigint; attestation: RepositoryAttestation; message: string }
  | { kind: "revoked"; projectId: bigint; reason: CheckReason; revoked: string[]; message: string }
  | { kind: "refused"; projectId: bigint; reason: CheckReason; message: string }
  | { kind: "retry-later"; projectId: bigint; reason: RetryReason; retryAt?: Date; message: string };

/** What an attester is, for its service's front page. */
export interface AttesterInfo {
  attester: string;
  chainId: bigint;
  registry: string;
  eas: string;
  schemaUID: string;
  forges: string[];
  validityDays: bigint;
}

/** Whether `attestation` states exactly what the forge proves now for the registry's current repository string. */
function sameClaim(attestation: RepositoryAttestation, proven: ProvenRepository, repository: string): boolean {
  return (
    attestation.forgeHost === proven.forgeHost &&
    attestation.repositoryId === proven.repositoryId &&
    attestation.repositoryPath === proven.repositoryPath &&
    attestation.repository === repository
  );
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export class Attester {
  private readonly reader: OpenPledgeClient;
  private readonly signer: Signer;
  private readonly forges: readonly ForgeEndpoint[];
  private readonly validity: bigint;
  private readonly renewWithin: bigint;
  private readonly fetcher: typeof fetch | undefined;
  private readonly queue = new SerialQueue();
  private chain?: Promise<{ chainId: bigint; eas: EasAddresses; writer: EasWriter; me: string }>;

  constructor(options: AttesterOptions) {
    this.reader = options.reader;
    this.signer = options.signer;
    this.forges = options.forges;
    this.validity = options.validitySeconds ?? DEFAULT_VALIDITY_SECONDS;
    this.renewWithin = options.renewWithinSeconds ?? DEFAULT_RENEW_WITHIN_SECONDS;
    this.fetcher = options.fetch;
    if (this.validity <= this.renewWithin) throw new Error("an attestation's validity must be longer than the time before expiry it is renewed within");
  }

  /** The attester's account (the signer's address). */
  async address(): Promise<string> {
    return (await this.onChain()).me;
  }

  /** The attester's account, chain, registry, EAS, schema, forges and validity. */
  async info(): Promise<AttesterInfo> {
    const { chainId, eas, me } = await this.onChain();
    return {
      attester: me,
      chainId,
      registry: getAddress(this.reader.addresses.registry),
      eas: eas.eas,
      schemaUID: REPOSITORY_SCHEMA_UID,
      forges: this.forges.map((forge) => forge.host),
      validityDays: wholeDays(this.validity),
    };
  }

  /** Checks one project and attests, renews, revokes or leaves its attestation as the forge's answer says. */
  check(projectId: bigint): Promise<CheckOutcome> {
    return this.queue.run(() => this.checkNow(projectId));
  }

  /** Checks every project this attester holds a live attestation of, in id order. */
  async recheckAll(): Promise<CheckOutcome[]> {
    const { me } = await this.onChain();
    const now = await this.reader.chainTime();
    const held = (await findRepositoryAttestations(this.reader.connection, { attesters: [me] })).filter((attestation) => isAttestationLive(attestation, now));
    const ids = [...new Set(held.map((attestation) => attestation.projectId))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const outcomes: CheckOutcome[] = [];
    for (const id of ids) outcomes.push(await this.check(id));
    return outcomes;
  }

  private onChain() {
    this.chain ??= (async () => {
      const { chainId } = await this.reader.provider.getNetwork();
      const eas = easAddressesOf(chainId, this.reader.addresses);
      return { chainId, eas, writer: new EasWriter(eas, this.signer), me: getAddress(await this.signer.getAddress()) };
    })();
    return this.chain;
  }

  private async checkNow(projectId: bigint): Promise<CheckOutcome> {
    const project = await this.reader.getProject(projectId);
    const { chainId, eas, writer, me } = await this.onChain();
    const registry = getAddress(this.reader.addresses.registry);
    const now = await this.reader.chainTime();
    const live = (await findRepositoryAttestations(this.reader.connection, { attesters: [me], projectId })).filter((attestation) => isAttestationLive(attestation, now));
    const examination = await examineRepository(project.repository, { chainId, registry, projectId }, this.forges, { fetch: this.fetcher });

    if (examination.kind === "retry") {
      return { kind: "retry-later", projectId, reason: examination.reason, retryAt: examination.retryAt, message: examination.message };
    }
    if (examination.kind === "failed") {
      if (live.length === 0) return { kind: "refused", projectId, reason: examination.reason, message: examination.message };
      const revoked: string[] = [];
      for (const attestation of live) {
        await writer.revoke(attestation.uid);
        revoked.push(attestation.uid);
      }
      return {
        kind: "revoked",
        projectId,
        reason: examination.reason,
        revoked,
        message: `revoked this attester's ${plural(revoked.length, "attestation")} of project ${projectId}: ${examination.message}`,
      };
    }

    const proven = examination.repository;
    // Kept only when it is this attester's one live attestation of the project: two live ones (a renewal cut short
    // between its attestation and its revocation) are replaced by one.
    const kept = live.length === 1 ? live.find((attestation) => sameClaim(attestation, proven, project.repository) && attestation.expirationTime - now > this.renewWithin) : undefined;
    if (kept !== undefined) {
      return {
        kind: "unchanged",
        projectId,
        attestation: kept,
        message: `project ${projectId} stays verified: ${proven.forgeHost}/${proven.repositoryPath} (repository #${proven.repositoryId}) still names it; the attestation of ${utcDate(kept.time)} holds until ${utcDate(kept.expirationTime)} and is renewed from ${utcDate(kept.expirationTime - this.renewWithin)}; nothing was sent`,
      };
    }

    await writer.ensureSchema();
    const claim: RepositoryClaim = {
      registry,
      chainId,
      projectId,
      forgeHost: proven.forgeHost,
      repositoryId: proven.repositoryId,
      repositoryPath: proven.repositoryPath,
      repository: project.repository,
      proofCommit: proven.proofCommit,
    };
    const previous = live.at(-1)?.uid ?? ZeroHash;
    const { uid } = await writer.attest(claim, now + this.validity, previous);
    const replaced: string[] = [];
    for (const attestation of live) {
      await writer.revoke(attestation.uid);
      replaced.push(attestation.uid);
    }
    const attestation = await readRepositoryAttestation(easContract(eas.eas, this.reader.provider), uid);
    if (attestation === undefined) throw new Error(`EAS does not return the attestation ${uid} it just recorded`);
    const renewed = replaced.length === 0 ? "" : `; it replaces ${plural(replaced.length, "earlier attestation")}, now revoked`;
    return {
      kind: "attested",
      projectId,
      attestation,
      replaced,
      message: `project ${projectId} is verified: ${proven.forgeHost}/${proven.repositoryPath} (repository #${proven.repositoryId}) names it in its proof file at commit ${shortCommit(proven.proofCommit)}; attested ${utcDate(attestation.time)}, valid until ${utcDate(attestation.expirationTime)}${renewed}`,
    };
  }
}
