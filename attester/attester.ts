/**
 * An OpenPledge attester: checks that a project's repository (the registry's repository string) exists at that path
 * on its forge and that the proof file on its default branch names the project, then attests it on EAS (recipient:
 * the registry), renews it before it expires, and revokes it once the proof is gone, the repository moved or the
 * project changed its repository. A forge that cannot be asked now (rate limit, outage, garbage) changes nothing.
 * One check at a time per attester, so its transactions never race for a nonce.
 */
import { Contract, getAddress, Interface, toBeHex, zeroPadValue, ZeroHash, type Signer } from "ethers";

import {
  easAddressesOf,
  easContract,
  forgeFor,
  formatDate,
  isAttestationLive,
  lookupRepositoryById,
  readRepositoryAttestation,
  REPOSITORY_SCHEMA_UID,
  type EasAddresses,
  type ForgeEndpoint,
  type OpenPledgeClient,
  type RepositoryAttestation,
  type RepositoryClaim,
} from "../client/index.js";
import { EasWriter } from "./eas-writer.js";
import { OwnAttestations } from "./own-attestations.js";
import { examineRepository, type CheckReason, type ProvenRepository, type RetryReason } from "./examine.js";
import { SerialQueue } from "./queue.js";
import { printable, printableLines, setRepositoryCommand, shortCommit, wholeDays } from "./words.js";

export type { CheckReason, RetryReason } from "./examine.js";

/** 90 days: how long an attestation holds unless renewed. */
export const DEFAULT_VALIDITY_SECONDS = 90n * 86_400n;
/** 30 days: an attestation with less left is renewed by the next check. */
export const DEFAULT_RENEW_WITHIN_SECONDS = 30n * 86_400n;
/**
 * 24 hours of chain time: after this attester attested a project, it attests that project again only this much later
 * (a revocation is never delayed, and does not count: each attestation is revoked at most once, so a proof switched
 * off and on still costs at most one attestation and one revocation a day). Counted from its own attestations on
 * chain, so a restart keeps it.
 */
export const DEFAULT_ATTEST_INTERVAL_SECONDS = 86_400n;
/** The gas a revocation takes, about (measured: 107,756), for the daily gas budget's estimate of a renewal. */
const REVOCATION_GAS = 110_000n;
const DAY_SECONDS = 86_400n;
const PROJECT_COUNT_ABI = ["function projectCount() view returns (uint256)"] as const;
const REPOSITORY_EVENTS = new Interface([
  "event ProjectRegistered(uint256 indexed projectId, address indexed owner, address payout, string metadataURI, string repository)",
  "event ProjectMetadataChanged(uint256 indexed projectId, string metadataURI, string repository)",
]);

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
  /** After attesting a project, attest it again only this much later, in chain time (default 24 hours). */
  attestIntervalSeconds?: bigint;
  /**
   * At most this much gas on attestations (and the revocations they replace) per 24 hours of chain time, counted in
   * this process's memory (a restart starts afresh); undefined: no limit. Revocations alone and renewals of an
   * unchanged claim (same forge, repository id, path and repository string) are never refused.
   */
  dailyGasBudget?: bigint;
  /** Where warnings for the operator go (a refusal by the daily gas budget); default: standard error. */
  warn?: (line: string) => void;
  fetch?: typeof fetch;
}

export type CheckOutcome =
  | { kind: "attested"; projectId: bigint; attestation: RepositoryAttestation; replaced: string[]; message: string }
  | { kind: "unchanged"; projectId: bigint; attestation: RepositoryAttestation; message: string }
  | { kind: "revoked"; projectId: bigint; reason: CheckReason; revoked: string[]; message: string }
  | { kind: "refused"; projectId: bigint; reason: CheckReason; message: string }
  | { kind: "retry-later"; projectId: bigint; reason: RetryReason; retryAt?: Date; message: string };

/** A project a recheck pass could not check (the chain or a transaction failed): the pass went on with the next one. */
export interface CheckFailure {
  kind: "failed";
  projectId: bigint;
  message: string;
}

/** One project's result in a recheck pass. */
export type RecheckOutcome = CheckOutcome | CheckFailure;

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

/** Chain seconds as a Date, or undefined past what a Date holds. */
function dateOf(seconds: bigint): Date | undefined {
  const date = new Date(Number(seconds) * 1000);
  return Number.isFinite(date.getTime()) ? date : undefined;
}

/**
 * An error's first line for the operator's log: control characters escaped, every URL cut to its origin (an RPC
 * provider's key sits in the user name, the path or the query: "https://eth.example/v2/KEY" → "https://eth.example/…").
 */
export function errorLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = (text.split("\n")[0] ?? "").replace(/\bhttps?:\/\/(?:[^\s"'/@]*@)?([^\s"'/?#]+)[^\s"']*/gi, (url: string, host: string) => {
    const scheme = url.slice(0, url.indexOf(":"));
    const origin = `${scheme}://${host}`;
    return url.length > origin.length && !/^https?:\/\/[^\s"'/?#]+\/?$/i.test(url) ? `${origin}/…` : origin;
  });
  return printable(line);
}

/** "24 hours", "90 minutes". */
function wholeHours(seconds: bigint): string {
  return seconds % 3600n === 0n ? `${seconds / 3600n} hours` : `${seconds / 60n} minutes`;
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
  private readonly attestInterval: bigint;
  private readonly gasBudget: bigint | undefined;
  /** Gas this process spent, by chain time, for the daily gas budget. */
  private readonly spent: { at: bigint; gas: bigint }[] = [];
  private readonly fetcher: typeof fetch | undefined;
  private readonly warn: (line: string) => void;
  private readonly queue = new SerialQueue();
  private chain?: Promise<{ chainId: bigint; eas: EasAddresses; writer: EasWriter; me: string; own: OwnAttestations }>;

  constructor(options: AttesterOptions) {
    this.reader = options.reader;
    this.signer = options.signer;
    this.forges = options.forges;
    this.validity = options.validitySeconds ?? DEFAULT_VALIDITY_SECONDS;
    this.renewWithin = options.renewWithinSeconds ?? DEFAULT_RENEW_WITHIN_SECONDS;
    this.attestInterval = options.attestIntervalSeconds ?? DEFAULT_ATTEST_INTERVAL_SECONDS;
    this.gasBudget = options.dailyGasBudget;
    this.fetcher = options.fetch;
    this.warn = options.warn ?? ((line) => console.error(line));
    if (this.gasBudget !== undefined && this.gasBudget <= 0n) throw new Error("the daily gas budget must be a positive amount of gas");
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

  /** How many projects the registry has (ids 1 to this), read now. */
  async projectCount(): Promise<bigint> {
    const registry = new Contract(this.reader.addresses.registry, PROJECT_COUNT_ABI, this.reader.provider);
    return (await registry.getFunction("projectCount").staticCall()) as bigint;
  }

  /** Checks one project and attests, renews, revokes or leaves its attestation as the forge's answer says. */
  check(projectId: bigint): Promise<CheckOutcome> {
    return this.queue.run(() => this.checkNow(projectId));
  }

  /**
   * Checks every project this attester holds a live attestation of, in id order. One project's error (the chain, a
   * transaction) is that project's "failed" outcome; the pass goes on with the next.
   */
  async recheckAll(): Promise<RecheckOutcome[]> {
    const { own } = await this.onChain();
    const now = await this.reader.chainTime();
    // One read of the history for the pass; each check then scans only the blocks written since.
    const held = (await own.all()).filter((attestation) => isAttestationLive(attestation, now));
    const ids = [...new Set(held.map((attestation) => attestation.projectId))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const outcomes: RecheckOutcome[] = [];
    for (const id of ids) {
      try {
        outcomes.push(await this.check(id));
      } catch (error) {
        outcomes.push({ kind: "failed", projectId: id, message: `project ${id} could not be checked (${errorLine(error)}): nothing more was changed for it; the next pass tries again` });
      }
    }
    return outcomes;
  }

  /** Gas this attester spent in the 24 hours of chain time before `now` (this process only). */
  private spentSince(now: bigint): bigint {
    return this.spent.filter((entry) => entry.at > now - DAY_SECONDS).reduce((sum, entry) => sum + entry.gas, 0n);
  }

  private record(now: bigint, gas: bigint | undefined): void {
    if (gas !== undefined) this.spent.push({ at: now, gas });
  }

  /** When `need` more gas fits the daily budget again: the time enough of the last 24 hours' spending falls out. */
  private budgetFreeAt(now: bigint, need: bigint): bigint | undefined {
    if (this.gasBudget === undefined || need > this.gasBudget) return undefined;
    const window = this.spent.filter((entry) => entry.at > now - DAY_SECONDS);
    let total = window.reduce((sum, entry) => sum + entry.gas, 0n);
    for (const entry of window) {
      if (total + need <= this.gasBudget) break;
      total -= entry.gas;
      if (total + need <= this.gasBudget) return entry.at + DAY_SECONDS;
    }
    return now;
  }

  /** The web address the forge now gives for the repository `attestation` names (by its numeric id); undefined when it cannot tell. */
  private async whereNow(attestation: RepositoryAttestation): Promise<string | undefined> {
    try {
      const found = await lookupRepositoryById(forgeFor(attestation.forgeHost, this.forges), attestation.repositoryId, { fetch: this.fetcher });
      return found.webUrl;
    } catch {
      return undefined;
    }
  }

  /**
   * Whether the project's owner changed its repository string (setProjectMetadata with another string than the one
   * before it) after chain time `since`. A metadata-only edit sends the same string again and does not count; setting
   * another URL (or none) and then the same one back does, deliberately. Paged reads from the deployment's block.
   */
  private async repositoryChangedAfter(projectId: bigint, since: bigint): Promise<boolean> {
    const registry = getAddress(this.reader.addresses.registry);
    const idTopic = zeroPadValue(toBeHex(projectId), 32);
    const topics = (name: string) => [REPOSITORY_EVENTS.getEvent(name)!.topicHash, idTopic];
    const registered = await this.reader.connection.logs(registry, topics("ProjectRegistered"), {});
    const changed = await this.reader.connection.logs(registry, topics("ProjectMetadataChanged"), {});
    const repositoryOf = (log: (typeof changed)[number]) => REPOSITORY_EVENTS.parseLog(log)?.args.getValue("repository") as string | undefined;
    let before = registered[0] === undefined ? undefined : repositoryOf(registered[0]);
    for (const log of changed) {
      const repository = repositoryOf(log);
      if (repository !== undefined && repository !== before) {
        const block = await this.reader.provider.getBlock(log.blockNumber);
        if (block !== null && BigInt(block.timestamp) > since) return true;
      }
      before = repository;
    }
    return false;
  }

  private onChain() {
    this.chain ??= (async () => {
      const { chainId } = await this.reader.provider.getNetwork();
      const eas = easAddressesOf(chainId, this.reader.addresses);
      const me = getAddress(await this.signer.getAddress());
      return { chainId, eas, writer: new EasWriter(eas, this.signer), me, own: new OwnAttestations(this.reader.connection, eas.eas, me) };
    })();
    return this.chain;
  }

  private async checkNow(projectId: bigint): Promise<CheckOutcome> {
    const outcome = await this.decide(projectId);
    // Messages quote on-chain strings and forge answers: no control character reaches a log line or a terminal.
    return { ...outcome, message: printableLines(outcome.message) };
  }

  private async decide(projectId: bigint): Promise<CheckOutcome> {
    const project = await this.reader.getProject(projectId);
    const { chainId, eas, writer, own } = await this.onChain();
    const registry = getAddress(this.reader.addresses.registry);
    const now = await this.reader.chainTime();
    const mine = await own.of(projectId);
    const live = mine.filter((attestation) => isAttestationLive(attestation, now));
    // Live attestations of the registry's current repository string: the only ones readers count. One of an earlier
    // string is void already ("repository-changed"); it is revoked only together with the next attestation.
    const current = live.filter((attestation) => attestation.repository === project.repository);
    const examination = await examineRepository(project.repository, { chainId, registry, projectId }, this.forges, { fetch: this.fetcher });

    const revokeAll = async (which: readonly RepositoryAttestation[] = current): Promise<string[]> => {
      const revoked: string[] = [];
      for (const attestation of which) {
        this.record(now, (await writer.revoke(attestation.uid)).gasUsed);
        await own.revoked(attestation.uid);
        revoked.push(attestation.uid);
      }
      return revoked;
    };

    if (examination.kind === "retry") {
      return { kind: "retry-later", projectId, reason: examination.reason, retryAt: examination.retryAt, message: examination.message };
    }
    if (examination.kind === "failed" && examination.found !== undefined) {
      // The path answers another repository than the one this attester attested there (renamed or deleted, the path
      // then taken): its proof file says nothing about the project's own repository, so no advice to commit there.
      const found = examination.found;
      const earlier = [...mine]
        .reverse()
        .find((attestation) => attestation.forgeHost === found.forgeHost && attestation.repositoryPath === found.repositoryPath && attestation.repository === project.repository && attestation.repositoryId !== found.repositoryId);
      if (earlier !== undefined) {
        const movedTo = await this.whereNow(earlier);
        const advice =
          movedTo === undefined
            ? `if the project's repository moved, its owner sets its new URL with ${setRepositoryCommand(projectId)}, then verify again`
            : `the attested repository #${earlier.repositoryId} is now at ${movedTo}: if that is still the project's, its owner sets it with ${setRepositoryCommand(projectId, movedTo)}, then verify again`;
        const what =
          `the repository at ${found.forgeHost}/${found.repositoryPath} is now #${found.repositoryId}, not #${earlier.repositoryId} that was attested: ` +
          `it was renamed or deleted and the path reused, perhaps by someone else, so nothing there speaks for project ${projectId}; ${advice}`;
        if (current.length === 0) return { kind: "refused", projectId, reason: "repository-replaced", message: what };
        const revoked = await revokeAll();
        return { kind: "revoked", projectId, reason: "repository-replaced", revoked, message: `revoked this attester's ${plural(revoked.length, "attestation")} of project ${projectId}: ${what}` };
      }
    }
    if (examination.kind === "failed") {
      // The forge of a live attestation is no longer in this attester's list: its operator's configuration changed,
      // not the project. Revoking would punish every project there for a slip (an environment file not loaded).
      if (examination.reason === "unsupported-forge" && examination.host !== undefined && live.some((attestation) => attestation.forgeHost === examination.host)) {
        return {
          kind: "retry-later",
          projectId,
          reason: "forge-not-configured",
          message:
            `this attester holds a live attestation of project ${projectId} on ${examination.host}, but ${examination.host} is no longer in its forge list: nothing was revoked or changed; ` +
            `its operator adds ${examination.host} back (--forge or OPENPLEDGE_FORGES, host=kind:apiBase) and the project is checked again`,
        };
      }
      if (current.length === 0) return { kind: "refused", projectId, reason: examination.reason, message: examination.message };
      const revoked = await revokeAll();
      return {
        kind: "revoked",
        projectId,
        reason: examination.reason,
        revoked,
        message: `revoked this attester's ${plural(revoked.length, "attestation")} of project ${projectId}: ${examination.message}`,
      };
    }

    const proven = examination.repository;
    const where = `${proven.forgeHost}/${proven.repositoryPath}`;
    // The same path (and repository string) now answers with another numeric id than this attester attested: the
    // repository was deleted or renamed and the path reused, maybe by someone else. Revoke, refuse, and attest the
    // new id only once the project's owner confirms it by setting the repository again.
    const samePath = (attestation: RepositoryAttestation) =>
      attestation.forgeHost === proven.forgeHost && attestation.repositoryPath === proven.repositoryPath && attestation.repository === project.repository;
    const replacedLive = current.find((attestation) => samePath(attestation) && attestation.repositoryId !== proven.repositoryId);
    const confirm =
      `if the project really moved to #${proven.repositoryId}, its owner confirms it by changing the project's repository string and setting it back ` +
      `(an edit that sends the same string, such as a metadata-only change, does not count): ${setRepositoryCommand(projectId, '""')}, then ${setRepositoryCommand(projectId, project.repository)}, then verify again`;
    if (replacedLive !== undefined) {
      const revoked = await revokeAll();
      return {
        kind: "revoked",
        projectId,
        reason: "repository-replaced",
        revoked,
        message:
          `revoked this attester's ${plural(revoked.length, "attestation")} of project ${projectId}: the repository at ${where} is now #${proven.repositoryId}, not #${replacedLive.repositoryId} that was attested: ` +
          `it was deleted or renamed and the path reused, perhaps by someone else, so this attester does not attest the new repository on its own; ${confirm}`,
      };
    }
    // The same once this attester's latest attestation of the project is over (revoked, or expired while no one
    // rechecked): the owner confirms by setting the repository after it ended.
    const latest = mine.at(-1);
    if (live.length === 0 && latest !== undefined && samePath(latest) && latest.repositoryId !== proven.repositoryId) {
      const ended = latest.revocationTime !== 0n ? latest.revocationTime : latest.expirationTime;
      if (!(await this.repositoryChangedAfter(projectId, ended))) {
        return {
          kind: "refused",
          projectId,
          reason: "repository-replaced",
          message: `the repository at ${where} is now #${proven.repositoryId}, not #${latest.repositoryId} that was attested (${latest.revocationTime !== 0n ? "revoked" : "expired"} ${formatDate(ended)}): nothing was sent; ${confirm}`,
        };
      }
    }

    // Kept only when it is this attester's one live attestation of the project: two live ones (a renewal cut short
    // between its attestation and its revocation) are replaced by one.
    const kept = live.length === 1 ? live.find((attestation) => sameClaim(attestation, proven, project.repository) && attestation.expirationTime - now > this.renewWithin) : undefined;
    if (kept !== undefined) {
      return {
        kind: "unchanged",
        projectId,
        attestation: kept,
        message: `project ${projectId} stays verified: ${where} (repository #${proven.repositoryId}) still names it; the attestation of ${formatDate(kept.time)} holds until ${formatDate(kept.expirationTime)} and is renewed from ${formatDate(kept.expirationTime - this.renewWithin)}; nothing was sent`,
      };
    }

    // Writes per project: one attestation per interval after this attester's last attestation of it (read from the
    // chain), so a proof file switched on and off cannot make it pay without end. Revocations do not count: anyone can
    // set one off in a transition window (a check between set-metadata and the proof commit), and each attestation is
    // revoked at most once, so the bound stays one attestation and one revocation a day.
    const lastAt = mine.reduce((at, attestation) => (attestation.time > at ? attestation.time : at), 0n);
    const nextAttest = lastAt + this.attestInterval;
    if (mine.length > 0 && now < nextAttest) {
      const stale = live.some((attestation) => attestation.repository !== project.repository)
        ? "; its earlier attestation names another repository string, so readers already do not count it"
        : live.length === 0
          ? ""
          : `; its live attestation holds until ${formatDate(live.at(-1)!.expirationTime)}`;
      return {
        kind: "retry-later",
        projectId,
        reason: "write-budget",
        retryAt: dateOf(nextAttest),
        message:
          `${where} (repository #${proven.repositoryId}) names project ${projectId}, but this attester attested project ${projectId} at ${formatDate(lastAt)} and attests a project at most once per ${wholeHours(this.attestInterval)} (it pays the gas): ` +
          `nothing was sent${stale}; ask again after ${formatDate(nextAttest)}`,
      };
    }

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
    const expiration = now + this.validity;
    // A renewal of an unchanged claim is never refused by the gas budget (like a revocation): their number is bounded
    // by the live attestations, each renewed once per validity minus renewal window, and others cannot crowd them out.
    const renewal = live.some((attestation) => sameClaim(attestation, proven, project.repository));
    if (this.gasBudget !== undefined && !renewal) {
      const need = (await writer.estimateAttest(claim, expiration, previous)) + REVOCATION_GAS * BigInt(live.length);
      const spent = this.spentSince(now);
      if (spent + need > this.gasBudget) {
        const freeAt = this.budgetFreeAt(now, need);
        const when =
          freeAt === undefined
            ? `this attestation alone needs more than the whole budget: its operator raises --daily-gas-budget`
            : `ask again after ${formatDate(freeAt)}`;
        this.warn(`attester: the daily gas budget (${this.gasBudget.toLocaleString("en-US")} gas) refused attesting project ${projectId} (${where}): ${spent.toLocaleString("en-US")} gas spent in the last 24 hours; many new projects at once may be an attack (see docs/attester.md)`);
        return {
          kind: "retry-later",
          projectId,
          reason: "gas-budget",
          retryAt: freeAt === undefined ? undefined : dateOf(freeAt),
          message:
            `${where} (repository #${proven.repositoryId}) names project ${projectId}, but this attester has spent ${spent.toLocaleString("en-US")} gas of its daily budget of ${this.gasBudget.toLocaleString("en-US")} ` +
            `in the last 24 hours and attesting takes about ${need.toLocaleString("en-US")} more: nothing was sent; ${when}`,
        };
      }
    }

    this.record(now, (await writer.ensureSchema())?.gasUsed);
    const attested = await writer.attest(claim, expiration, previous);
    this.record(now, attested.gasUsed);
    const replaced = await revokeAll(live);
    const attestation = await readRepositoryAttestation(easContract(eas.eas, this.reader.provider), attested.uid);
    if (attestation === undefined) throw new Error(`EAS does not return the attestation ${attested.uid} it just recorded`);
    const renewed = replaced.length === 0 ? "" : `; it replaces ${plural(replaced.length, "earlier attestation")}, now revoked`;
    return {
      kind: "attested",
      projectId,
      attestation,
      replaced,
      message: `project ${projectId} is verified: ${where} (repository #${proven.repositoryId}) names it in its proof file at commit ${shortCommit(proven.proofCommit)}; attested ${formatDate(attestation.time)}, valid until ${formatDate(attestation.expirationTime)}${renewed}`,
    };
  }
}
