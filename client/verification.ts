/**
 * What the repository attestations on EAS mean for a project today, for one reader: whether an attester the reader
 * trusts verified that the project controls the repository it names, in one line of plain words and warnings when not
 * (or no longer). Browser-safe: the chain is read through the client's connection, a forge through `fetch`.
 */
import { getAddress, isAddress } from "ethers";

import { findRepositoryAttestations, isAttestationLive, type RepositoryAttestation } from "./attestations.js";
import { defaultAttesters, shortAddress, type TrustedAttester } from "./attesters.js";
import type { Connection } from "./connection.js";
import { formatDate, formatDay } from "./format.js";
import { LOCAL_CHAIN_IDS } from "./states.js";
import { DEFAULT_FORGES, ForgeError, forgeFor, lookupRepositoryById, type ForgeEndpoint } from "./forge/index.js";
import type { Projects } from "./projects.js";

/**
 * - `verified`: the latest live attestation by a trusted attester names the project's current repository string;
 * - `repository-changed`: a trusted attester's attestation is live, but the project named another repository since
 *   (the attestation is void: it vouches for the old one);
 * - `revoked` / `expired`: the latest attestation by a trusted attester was revoked / ran out, none is live;
 * - `unverified`: no attester the reader trusts ever attested this project.
 */
export type VerificationState = "verified" | "unverified" | "revoked" | "expired" | "repository-changed";

/** Whether the repository an attestation names is still at the path it names, on its forge (by its numeric id). */
export type PathCheck =
  | { state: "same" }
  | { state: "moved"; currentPath: string; message: string }
  | { state: "gone"; message: string }
  | { state: "unknown"; message: string };

/** A project's verification as one reader sees it (with the attesters they trust). */
export interface ProjectVerification {
  projectId: bigint;
  state: VerificationState;
  /** The attestation the state is about: the latest by a trusted attester (live and matching, when verified). */
  attestation?: RepositoryAttestation;
  /** The trusted name of that attestation's attester. */
  attesterName?: string;
  /** The attesters the state was judged with. */
  trusted: TrustedAttester[];
  /**
   * Live attestations of this project by attesters not in `trusted` ("not trusted by you"), oldest first, among those
   * judged: `getVerification` lists them only when the attestations come from the client's indexer. Read from the
   * chain, only the trusted attesters' attestations are asked for (anyone can add attestations, and each costs the
   * reader a call), so this is empty then; that says nothing about whether others attested.
   */
  untrusted: RepositoryAttestation[];
  /** The project's repository string in the registry now. */
  repository: string;
  /** The forge's answer for the attestation's repository, when a path check was asked for a verified project. */
  pathCheck?: PathCheck;
  /** One line in plain words, with dates. */
  summary: string;
  /** What a reader should know before trusting the repository link: empty when verified and nothing is amiss. */
  warnings: string[];
}

/**
 * What `verificationOf` judges: the attestations of one project, the project's repository now, whom the reader trusts.
 * Attestations about another project, or (when given) another registry or chain, are ignored.
 */
export interface VerificationInput {
  projectId: bigint;
  /**
   * The registry the project is in: attestations about another registry (or with another EAS recipient) are ignored.
   * Give it (and `chainId`) whenever the attestations were not read by this client (e.g. an indexer's rows).
   */
  registry?: string;
  /** The chain the registry is on: attestations about another chain are ignored. */
  chainId?: bigint;
  /** The project's repository string in the registry now. */
  repository: string;
  /** The project's attestations (any attester, revoked ones included), e.g. from `attestationsOf` or the indexer. */
  attestations: readonly RepositoryAttestation[];
  trusted: readonly TrustedAttester[];
  /** Now, in unix seconds (the chain's time). */
  now: bigint;
}

/** The last second JavaScript dates can hold (year 275760): an attester may set any 64-bit expiration time. */
const MAX_DATE_SECONDS = 8_640_000_000_000n;
const beyondDates = (seconds: bigint) => seconds < 0n || seconds > MAX_DATE_SECONDS;

/** A chain time as the client writes dates (`formatDate`); a time no date can hold in words, never unix seconds. */
function dateText(seconds: bigint): string {
  if (beyondDates(seconds)) return seconds < 0n ? "a time before 1970" : "a time past the year 275760";
  return formatDate(seconds);
}

/** "github.com/foo/bar (repository #123456)": the repository an attestation is about. */
export function attestedRepository(attestation: Pick<RepositoryAttestation, "forgeHost" | "repositoryPath" | "repositoryId">): string {
  return `${attestation.forgeHost}/${attestation.repositoryPath} (repository #${attestation.repositoryId})`;
}

/** Attestations by time, oldest first; equal times keep their order (the order of the logs). */
function byTime(attestations: readonly RepositoryAttestation[]): RepositoryAttestation[] {
  return attestations.map((attestation, index) => ({ attestation, index })).sort((a, b) => (a.attestation.time === b.attestation.time ? a.index - b.index : a.attestation.time < b.attestation.time ? -1 : 1)).map(({ attestation }) => attestation);
}

/**
 * A project's verification from its attestations, whom the reader trusts and the time now (no network): the rules of
 * `VerificationState`. The app and the indexer's readers judge attestations they fetched themselves with it.
 */
export function verificationOf(input: VerificationInput): ProjectVerification {
  const trusted = input.trusted.map((attester) => ({ address: getAddress(attester.address), name: attester.name }));
  const nameOf = (address: string) => trusted.find((attester) => attester.address === getAddress(address))?.name;
  const registry = input.registry === undefined ? undefined : getAddress(input.registry);
  const aboutThisProject = (attestation: RepositoryAttestation) =>
    attestation.projectId === input.projectId &&
    (input.chainId === undefined || attestation.chainId === input.chainId) &&
    (registry === undefined || (sameAddress(attestation.registry, registry) && sameAddress(attestation.recipient, registry)));
  const all = byTime(input.attestations.filter(aboutThisProject));
  const byTrusted = all.filter((attestation) => nameOf(attestation.attester) !== undefined);
  const live = (attestation: RepositoryAttestation) => isAttestationLive(attestation, input.now);
  const untrusted = all.filter((attestation) => nameOf(attestation.attester) === undefined && live(attestation));
  const liveTrusted = byTrusted.filter(live);
  const matching = liveTrusted.filter((attestation) => attestation.repository === input.repository);
  const attestation = matching.at(-1) ?? liveTrusted.at(-1) ?? byTrusted.at(-1);
  const state: VerificationState =
    attestation === undefined
      ? "unverified"
      : matching.length > 0
        ? "verified"
        : liveTrusted.length > 0
          ? "repository-changed"
          : attestation.revocationTime !== 0n
            ? "revoked"
            : "expired";
  const base = { projectId: input.projectId, state, trusted, untrusted, repository: input.repository };
  const warnings: string[] = [];
  const project = input.repository === "" ? "this project" : input.repository;
  if (attestation === undefined) {
    const summary =
      input.repository === ""
        ? "Not verified: the project names no repository"
        : `Not verified: no attester you trust has verified that this project controls ${input.repository}`;
    warnings.push(
      input.repository === ""
        ? "the project names no repository, so there is nothing to verify: do not take any link it gives for its code"
        : `no attester you trust has verified that this project controls ${input.repository}: anyone can register any repository URL`,
    );
    if (trusted.length === 0) {
      warnings.push(
        "you trust no attester, so no project can show as verified: add one to your trusted list (OPENPLEDGE_TRUSTED_ATTESTERS, --attesters, the app's settings); " +
          (input.chainId !== undefined && LOCAL_CHAIN_IDS.has(Number(input.chainId))
            ? "on this local chain the default attester is Hardhat's account #0 (--attesters default)"
            : "OpenPledge runs no attester on real chains yet"),
      );
    }
    return { ...base, summary, warnings: [...warnings, ...untrustedWarnings(untrusted)] };
  }
  const attesterName = nameOf(attestation.attester)!;
  const who = `${attesterName} (${shortAddress(attestation.attester)})`;
  const what = attestedRepository(attestation);
  const on = dateText(attestation.time);
  let summary: string;
  if (state === "verified") {
    const until =
      attestation.expirationTime === 0n
        ? "with no end date"
        : beyondDates(attestation.expirationTime)
          ? "with no end date in practice"
          : `until ${formatDay(attestation.expirationTime)}`;
    summary = `Verified by ${who} on ${on}, ${until}: ${what}`;
  } else if (state === "repository-changed") {
    summary = `Not verified: the project changed its repository after ${who} verified ${what} on ${on}`;
    warnings.push(
      `the project changed its repository after the attestation: ${attesterName} verified ${attestation.repository} (${what}), ` +
        `the project now names ${input.repository === "" ? "no repository" : input.repository}, which no attester you trust has verified`,
    );
  } else if (state === "revoked") {
    const at = dateText(attestation.revocationTime);
    summary = `Not verified: ${who} revoked its verification of ${what} on ${at}`;
    warnings.push(
      `${attesterName} revoked its verification of ${what} on ${at}: a later check of the repository failed (proof file gone or changed, ` +
        `repository moved or deleted), so nothing shows that this project controls ${project} any more`,
    );
  } else {
    const at = dateText(attestation.expirationTime);
    summary = `Not verified: ${who}'s verification of ${what} expired on ${at}`;
    warnings.push(
      `${attesterName}'s verification of ${what} expired on ${at} and was not renewed: nothing shows that this project still controls ${project}; ` +
        "the project can ask to be verified again",
    );
  }
  if (state === "verified") {
    // A trusted attester whose own latest word on this project is a later revocation disagrees with the verification.
    for (const attester of trusted) {
      const latest = byTrusted.filter((other) => other.attester === attester.address).at(-1);
      if (latest !== undefined && latest.revocationTime !== 0n && latest.time > attestation.time) {
        warnings.push(`${attester.name} revoked its own verification of ${attestedRepository(latest)} on ${dateText(latest.revocationTime)}: its latest check failed`);
      }
    }
  } else {
    warnings.push(...untrustedWarnings(untrusted));
  }
  return { ...base, attestation, attesterName, summary, warnings };
}

/** Whether two address strings name the same address (any case); a string that is no address matches nothing. */
function sameAddress(a: string, b: string): boolean {
  return isAddress(a) && isAddress(b) && getAddress(a.toLowerCase()) === getAddress(b.toLowerCase());
}

/** The warning about live attestations only by attesters the reader does not trust. */
function untrustedWarnings(untrusted: readonly RepositoryAttestation[]): string[] {
  if (untrusted.length === 0) return [];
  const attesters = [...new Set(untrusted.map((attestation) => attestation.attester))].map(shortAddress);
  const count = untrusted.length === 1 ? "1 live attestation" : `${untrusted.length} live attestations`;
  return [
    `${count} of this project by ${attesters.length === 1 ? "an attester" : "attesters"} you don't trust (${attesters.join(", ")}): ` +
      "anyone can attest under OpenPledge's schema, so they prove nothing unless you add the attester to your trusted list (OPENPLEDGE_TRUSTED_ATTESTERS, --attesters, the app's settings)",
  ];
}

/** Which forges answer a path check, and how they are fetched. */
export interface PathCheckOptions {
  /** The forges by host (default: `DEFAULT_FORGES`; the local forge in tests, `OPENPLEDGE_FORGES` on the command line). */
  forges?: readonly ForgeEndpoint[];
  /** The `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
  /** Milliseconds per forge request (default 10,000). */
  timeoutMs?: number;
}

/**
 * Whether the repository an attestation names is still at its attested path: its forge is asked for the repository by
 * its numeric id (which survives renames). "moved" and "gone" mean the attested path may now belong to someone else;
 * "unknown" when the forge is not configured or could not answer (the message says why). Never throws for the forge.
 */
export async function checkRepositoryPath(
  attestation: Pick<RepositoryAttestation, "forgeHost" | "repositoryId" | "repositoryPath">,
  options: PathCheckOptions = {},
): Promise<PathCheck> {
  const repository = `${attestation.forgeHost} repository #${attestation.repositoryId}`;
  try {
    const endpoint = forgeFor(attestation.forgeHost, options.forges ?? DEFAULT_FORGES);
    const found = await lookupRepositoryById(endpoint, attestation.repositoryId, { fetch: options.fetch, timeoutMs: options.timeoutMs });
    if (found.normalizedPath === attestation.repositoryPath.toLowerCase()) return { state: "same" };
    return {
      state: "moved",
      currentPath: found.path,
      message: `${repository} is now at ${found.path}, not ${attestation.repositoryPath}: the old path may now belong to someone else`,
    };
  } catch (error) {
    if (!(error instanceof ForgeError)) throw error;
    if (error.reason === "not-found") {
      return {
        state: "gone",
        message:
          `${repository} (${attestation.repositoryPath} when verified) is gone or private now: ` +
          `the path ${attestation.repositoryPath} may now belong to someone else`,
      };
    }
    return { state: "unknown", message: `could not check where ${repository} (${attestation.repositoryPath} when verified) is now: ${error.message}` };
  }
}

/** Options of `getVerification`. */
export interface VerificationOptions {
  /** Whom to trust (default: `defaultAttesters` of the chain). */
  attesters?: readonly TrustedAttester[];
  /**
   * Also ask the forge whether a verified repository is still at its attested path (`checkRepositoryPath`): the answer
   * is in `pathCheck`, and a warning when it moved, is gone, or could not be checked. Default: no forge is contacted.
   */
  pathCheck?: PathCheckOptions;
}

/**
 * Reads a project's attestations: an indexer answers every attester's; a read from the chain asks the node only for
 * `attesters`' (checksummed addresses; empty: none).
 */
export type AttestationSource = (projectId: bigint, attesters: readonly string[]) => Promise<RepositoryAttestation[]>;

/** A project's verification, judged from EAS's attestations on the client's chain (`client.verification`). */
export class Verification {
  /**
   * `attestations` reads a project's attestations (the client reads them from its indexer when it has one fit to
   * answer: every attester's); by default, and when the indexer cannot answer, they are read from EAS's logs on the
   * chain, asking the node only for the given attesters' (the attester is an indexed topic of `Attested`).
   */
  constructor(
    private readonly connection: Connection,
    private readonly projects: Projects,
    private readonly attestations: AttestationSource = (projectId, attesters) => findRepositoryAttestations(connection, { projectId, attesters }),
  ) {}

  /**
   * The project's verification for a reader who trusts `options.attesters` (default: the chain's default attesters),
   * judged at the chain's time. Throws the client's error for an unknown project.
   */
  async getVerification(projectId: bigint, options: VerificationOptions = {}): Promise<ProjectVerification> {
    const network = await this.connection.provider.getNetwork();
    const trusted = options.attesters ?? defaultAttesters(network.chainId);
    const [project, attestations, now] = await Promise.all([
      this.projects.getProject(projectId),
      this.attestationsOf(projectId, { attesters: trusted }),
      this.connection.chainTime(),
    ]);
    const verification = verificationOf({
      projectId,
      registry: this.connection.addresses.registry,
      chainId: network.chainId,
      repository: project.repository,
      attestations,
      trusted,
      now,
    });
    if (options.pathCheck === undefined || verification.state !== "verified" || verification.attestation === undefined) return verification;
    const pathCheck = await checkRepositoryPath(verification.attestation, options.pathCheck);
    return { ...verification, pathCheck, warnings: pathCheck.state === "same" ? verification.warnings : [...verification.warnings, pathCheck.message] };
  }

  /** Whether the repository an attestation names is still at its attested path on its forge (`checkRepositoryPath`). */
  checkRepositoryPath(attestation: RepositoryAttestation, options: PathCheckOptions = {}): Promise<PathCheck> {
    return checkRepositoryPath(attestation, options);
  }

  /**
   * The repository attestations of the project on this registry and chain, revoked ones included, oldest first: from
   * the client's indexer (when it can answer) every attester's; read from the chain, only those by
   * `options.attesters` (default: the chain's default attesters), since anyone can add attestations and each one read
   * costs a call to the node.
   */
  async attestationsOf(projectId: bigint, options: { attesters?: readonly TrustedAttester[] } = {}): Promise<RepositoryAttestation[]> {
    const attesters = options.attesters ?? defaultAttesters((await this.connection.provider.getNetwork()).chainId);
    return this.attestations(projectId, attesters.map((attester) => getAddress(attester.address)));
  }
}
