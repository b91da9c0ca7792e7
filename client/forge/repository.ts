/** The public reads: a repository by path or by id, and the proof file at the head of its default branch. */
import type { ForgeAdapter, RawFileContent } from "./adapter.js";
import { ForgeError } from "./errors.js";
import { forgejo } from "./forgejo.js";
import { github } from "./github.js";
import { gitlab } from "./gitlab.js";
import { isBranchName, isRepositoryPath } from "./shape.js";
import { MAX_PROOF_BYTES, PROOF_FILE_PATH, type ForgeEndpoint, type ForgeRepository, type ForgeRequestOptions, type ProofFile } from "./types.js";

const ADAPTERS: Readonly<Record<ForgeEndpoint["kind"], ForgeAdapter>> = { github, gitlab, forgejo };

function adapterOf(endpoint: ForgeEndpoint): ForgeAdapter {
  const adapter = ADAPTERS[endpoint.kind];
  if (adapter === undefined) throw new ForgeError("unknown-host", `${endpoint.host} is configured with the kind "${String(endpoint.kind)}"; use github, gitlab or forgejo.`);
  return adapter;
}

/**
 * The repository at `path` (owner/name; GitLab group/…/name) as the forge reports it now. A renamed repository is
 * followed (GitHub and Forgejo redirect, within the API's origin, at most 3 times; GitLab answers the moved project),
 * so compare the answer's `normalizedPath` with the one asked for. ForgeError "not-found" when there is none.
 */
export async function lookupRepository(endpoint: ForgeEndpoint, path: string, options: ForgeRequestOptions = {}): Promise<ForgeRepository> {
  return adapterOf(endpoint).lookup(endpoint, path.replace(/^\/+|\/+$/g, ""), options);
}

/** The repository with the numeric `id` (stable across renames), wherever it is now. */
export async function lookupRepositoryById(endpoint: ForgeEndpoint, id: bigint, options: ForgeRequestOptions = {}): Promise<ForgeRepository> {
  if (id <= 0n) throw new ForgeError("not-found", `#${id} is not a repository id; ids are positive whole numbers.`);
  const repository = await adapterOf(endpoint).lookupById(endpoint, id, options);
  if (repository.id !== id) {
    throw new ForgeError("malformed-response", `${endpoint.host} answered repository #${repository.id} when asked for #${id}; try again later, or check the forge list.`);
  }
  return repository;
}

/** The proof file of `repository`: the head commit of its default branch, then the file at that commit. */
export async function fetchProofFile(endpoint: ForgeEndpoint, repository: ForgeRepository, options: ForgeRequestOptions = {}): Promise<ProofFile> {
  const adapter = adapterOf(endpoint);
  if (!isRepositoryPath(repository.path) || !isBranchName(repository.defaultBranch)) {
    throw new ForgeError("not-found", `"${repository.path}" (branch "${repository.defaultBranch}") is not a repository path and branch; look the repository up with lookupRepository first.`);
  }
  const commit = await adapter.headCommit(endpoint, repository, options);
  const raw = await adapter.file(endpoint, repository, commit, PROOF_FILE_PATH, options);
  return { commit, ...decodeProofContent(endpoint, repository, raw) };
}

function tooLarge(endpoint: ForgeEndpoint, repository: ForgeRepository, size: number): ForgeError {
  return new ForgeError(
    "too-large",
    `${PROOF_FILE_PATH} in ${endpoint.host}/${repository.path} is ${size.toLocaleString("en-US")} bytes; it may be at most ` +
      `${MAX_PROOF_BYTES.toLocaleString("en-US")} bytes. Keep only the "openpledge" entries in it.`,
  );
}

/** The file's text: refused by its declared size before decoding, and by its real size after (a forge may lie). */
export function decodeProofContent(endpoint: ForgeEndpoint, repository: ForgeRepository, raw: RawFileContent): { text: string; size: number } {
  if (raw.size > MAX_PROOF_BYTES) throw tooLarge(endpoint, repository, raw.size);
  if (raw.encoding !== "base64" || raw.content === null) {
    throw new ForgeError("malformed-response", `${endpoint.host} answered ${PROOF_FILE_PATH} without its content (encoding "${raw.encoding ?? "none"}"); try again later.`);
  }
  const base64 = raw.content.replace(/\s+/g, "");
  if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
    throw new ForgeError("malformed-response", `${endpoint.host} answered ${PROOF_FILE_PATH} with content that is not base64; try again later.`);
  }
  const decodedLength = (base64.length / 4) * 3 - (base64.endsWith("==") ? 2 : base64.endsWith("=") ? 1 : 0);
  if (decodedLength > MAX_PROOF_BYTES) throw tooLarge(endpoint, repository, decodedLength);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  // Bytes that are not UTF-8 become U+FFFD, which parseProof refuses with words the maintainer can act on.
  return { text: new TextDecoder("utf-8").decode(bytes), size: bytes.length };
}
