/** Forges (GitHub, GitLab, Forgejo/Gitea): repository URLs, API reads and the proof file. Browser-safe: global fetch only. */
export { DEFAULT_FORGES, forgeFor, forgesWith, formatForgeList, parseForgeList } from "./endpoints.js";
export { ForgeError, ForgeListError, ProofError, RepositoryUrlError, type ForgeErrorReason, type ProofErrorReason } from "./errors.js";
export { retryAtOf } from "./http.js";
export { parseProof, proofFileText, proofNames, type ProofEntry } from "./proof.js";
export { fetchProofFile, lookupRepository, lookupRepositoryById } from "./repository.js";
export {
  DEFAULT_FORGE_TIMEOUT_MS,
  MAX_PROOF_BYTES,
  MAX_REDIRECTS,
  MAX_RESPONSE_BYTES,
  PROOF_FILE_PATH,
  type ForgeEndpoint,
  type ForgeKind,
  type ForgeRepository,
  type ForgeRequestOptions,
  type ProofFile,
  type RepositoryRef,
} from "./types.js";
export { parseRepositoryUrl } from "./url.js";
