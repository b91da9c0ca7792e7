/**
 * What the forge says about a project's repository string: the repository it names (its numeric id, its current
 * path) and whether the proof file on its default branch names the project. Reads only; the attester decides what to
 * put on chain from the answer. Each failure is told in plain words with what the project's maintainers do about it.
 */
import {
  fetchProofFile,
  ForgeError,
  forgeFor,
  formatDateOf,
  lookupRepository,
  MAX_PROOF_BYTES,
  parseProof,
  parseRepositoryUrl,
  PROOF_FILE_PATH,
  proofFileText,
  proofNames,
  type ForgeEndpoint,
  type ForgeRepository,
  type ProofEntry,
  type ProofFile,
  type RepositoryRef,
} from "../client/index.js";
import { HOST_TOKEN_VARIABLES } from "./forges.js";
import { printable, setRepositoryCommand } from "./words.js";

/** Why a repository does not (or no longer does) prove the project. */
export type CheckReason =
  | "no-repository"
  | "bad-url"
  | "unsupported-forge"
  | "repository-not-found"
  | "renamed"
  | "proof-missing"
  | "proof-too-large"
  | "proof-malformed"
  | "proof-other-project"
  /** The path now answers with another numeric repository id than the one this attester attested (deleted or renamed, then reused). */
  | "repository-replaced";

/** Why the forge could not be asked now (nothing changes on chain; ask again later). */
export type RetryReason =
  | "rate-limited"
  | "forge-unavailable"
  | "malformed-response"
  /** This attester attested the project less than a day ago (chain time): it attests again after retryAt. */
  | "write-budget"
  /** This attester's daily gas budget is spent: it attests again after retryAt. */
  | "gas-budget"
  /** The project's live attestation is on a forge this attester no longer lists: the operator's configuration changed. */
  | "forge-not-configured";

/** The repository the forge answered for, when its proof file names the project. */
export interface ProvenRepository {
  forgeHost: string;
  repositoryId: bigint;
  repositoryPath: string;
  proofCommit: string;
  /** The repository's web page, as the forge gives it. */
  webUrl: string;
}

export type Examination =
  | { kind: "proven"; repository: ProvenRepository }
  | {
      kind: "failed";
      reason: CheckReason;
      message: string;
      /** The URL's host (unsupported-forge). */
      host?: string;
      /** The repository the path answers now, when its proof file failed (missing, too large, unreadable, naming others). */
      found?: { forgeHost: string; repositoryId: bigint; repositoryPath: string };
    }
  | { kind: "retry"; reason: RetryReason; retryAt?: Date; message: string };

/** How project `id`'s owner changes its repository string (the registry's owner-only setProjectMetadata). */
const setRepository = (id: bigint) => `its owner sets it with ${setRepositoryCommand(id)}`;

/** The proof entry that names `project`, and the file text to commit. */
function proofToCommit(project: ProofEntry): string {
  return proofFileText([project]).trimEnd();
}

/** A forge's time to come back, if it is a date JavaScript can hold (an absurd Retry-After gives none). */
function validDate(date: Date | undefined): Date | undefined {
  return date !== undefined && Number.isFinite(date.getTime()) ? date : undefined;
}

/** One proof entry as JSON, its numbers written exactly (no Number() rounding above 2^53). */
export function proofEntryJson(entry: ProofEntry): string {
  return `{"chainId":${entry.chainId},"registry":${JSON.stringify(entry.registry)},"projectId":${entry.projectId}}`;
}

/** Where the operator puts an API token for `host`: GITHUB_TOKEN for github.com…, else OPENPLEDGE_FORGE_TOKENS. */
function tokenVariableOf(host: string): string {
  return HOST_TOKEN_VARIABLES[host.toLowerCase()] ?? `OPENPLEDGE_FORGE_TOKENS="${host}=TOKEN"`;
}

/** A forge error that means "ask again later", as a retry; undefined for the others. */
function retryOf(error: ForgeError, host: string, endpoint: ForgeEndpoint): Examination | undefined {
  const retryAt = validDate(error.retryAt);
  const later = retryAt === undefined ? "try again in a few minutes" : `try again after ${formatDateOf(retryAt)}`;
  const said = printable(error.message);
  if (error.reason === "rate-limited") {
    const token = endpoint.token !== undefined ? "" : `; an API token raises the limit: its operator sets ${tokenVariableOf(host)}`;
    return { kind: "retry", reason: "rate-limited", retryAt, message: `${host} is rate limiting this attester: nothing was changed; ${later}${token}` };
  }
  if (error.reason === "unavailable") {
    // The forge error's own advice ("; try again later…") is replaced by the attester's, said once.
    const cause = said.split("; ")[0]!.replace(/\.$/, "");
    return { kind: "retry", reason: "forge-unavailable", retryAt, message: `${host} could not be asked now (${cause}): nothing was changed; ${later}` };
  }
  if (error.reason === "malformed-response") {
    return { kind: "retry", reason: "malformed-response", retryAt, message: `${host} answered something that is not its API's (${said}): nothing was changed; ${later}` };
  }
  return undefined;
}

function foundOf(found: ForgeRepository): { forgeHost: string; repositoryId: bigint; repositoryPath: string } {
  return { forgeHost: found.host.toLowerCase(), repositoryId: found.id, repositoryPath: found.normalizedPath };
}

/**
 * Examines `repositoryText` (the registry's repository string of `project`) on `forges`: the repository must exist
 * at that very path, and its default branch's proof file must name the project.
 */
export async function examineRepository(
  repositoryText: string,
  project: ProofEntry,
  forges: readonly ForgeEndpoint[],
  options: { fetch?: typeof fetch } = {},
): Promise<Examination> {
  const id = project.projectId;
  // The registry's string, as written by the project's owner: shown only with its control characters escaped.
  const shown = printable(repositoryText);
  if (repositoryText.trim() === "") {
    return { kind: "failed", reason: "no-repository", message: `project ${id} has no repository URL, so there is nothing to verify: ${setRepository(id)}, then verify again` };
  }
  let ref: RepositoryRef;
  try {
    ref = parseRepositoryUrl(repositoryText, forges);
  } catch (error) {
    return { kind: "failed", reason: "bad-url", message: `project ${id}'s repository "${shown}" is not a repository URL this attester reads (${printable((error as Error).message)}); ${setRepository(id)}, then verify again` };
  }
  let endpoint: ForgeEndpoint;
  try {
    endpoint = forgeFor(ref.host, forges);
  } catch (error) {
    return { kind: "failed", reason: "unsupported-forge", host: ref.host, message: `project ${id}'s repository is on ${ref.host}, which this attester does not read: ${printable((error as Error).message)}` };
  }
  const request = { fetch: options.fetch };
  let found: ForgeRepository;
  try {
    found = await lookupRepository(endpoint, ref.path, request);
  } catch (error) {
    if (!(error instanceof ForgeError)) throw error;
    const retry = retryOf(error, ref.host, endpoint);
    if (retry !== undefined) return retry;
    if (error.reason === "not-found") {
      return {
        kind: "failed",
        reason: "repository-not-found",
        message: `${ref.host} has no public repository ${ref.path} (project ${id}'s repository ${shown}): it was deleted, made private or never existed; its owner sets the repository's URL with ${setRepositoryCommand(id)}, then verify again`,
      };
    }
    return { kind: "retry", reason: "malformed-response", message: `${ref.host} answered something this attester cannot read (${printable(error.message)}): nothing was changed; try again later` };
  }
  if (found.normalizedPath !== ref.normalizedPath) {
    return {
      kind: "failed",
      reason: "renamed",
      message: `the repository ${shown} moved to ${found.webUrl} (${ref.host} repository #${found.id}): the old path can now be taken by someone else, so it proves nothing; its owner sets project ${id}'s repository to ${found.webUrl} with ${setRepositoryCommand(id, found.webUrl)}, then verify again`,
    };
  }
  let file: ProofFile;
  try {
    file = await fetchProofFile(endpoint, found, request);
  } catch (error) {
    if (!(error instanceof ForgeError)) throw error;
    const retry = retryOf(error, ref.host, endpoint);
    if (retry !== undefined) return retry;
    if (error.reason === "not-found") {
      return {
        kind: "failed",
        reason: "proof-missing",
        found: foundOf(found),
        message: `${found.webUrl} has no ${PROOF_FILE_PATH} on its default branch ${found.defaultBranch}: commit this file there, then verify again:\n${proofToCommit(project)}`,
      };
    }
    if (error.reason === "too-large") {
      return {
        kind: "failed",
        reason: "proof-too-large",
        found: foundOf(found),
        message: `${PROOF_FILE_PATH} of ${found.webUrl} is larger than ${MAX_PROOF_BYTES} bytes: replace it with this file, then verify again:\n${proofToCommit(project)}`,
      };
    }
    return { kind: "retry", reason: "malformed-response", message: `${ref.host} answered something this attester cannot read (${printable(error.message)}): nothing was changed; try again later` };
  }
  let entries: ProofEntry[];
  try {
    entries = parseProof(file.text, project);
  } catch (error) {
    return {
      kind: "failed",
      reason: "proof-malformed",
      found: foundOf(found),
      message: `${PROOF_FILE_PATH} of ${found.webUrl} (commit ${file.commit.slice(0, 7)}) cannot be read: ${printable((error as Error).message)}; to name project ${id}, it can be:\n${proofToCommit(project)}`,
    };
  }
  if (!proofNames(entries, project)) {
    const named = entries.map((entry) => `project ${entry.projectId} of registry ${entry.registry} on chain ${entry.chainId}`).join(", ");
    return {
      kind: "failed",
      reason: "proof-other-project",
      found: foundOf(found),
      message: `${PROOF_FILE_PATH} of ${found.webUrl} (commit ${file.commit.slice(0, 7)}) names ${named}, not project ${id} of registry ${project.registry} on chain ${project.chainId}: only the repository's maintainers can add an entry for it; if that is you, add this entry to the file's "openpledge" list, then verify again: ${proofEntryJson(project)}`,
    };
  }
  return {
    kind: "proven",
    repository: { forgeHost: found.host.toLowerCase(), repositoryId: found.id, repositoryPath: found.normalizedPath, proofCommit: file.commit, webUrl: found.webUrl },
  };
}
