/** The shapes shared by the forge modules: which forges exist, a repository as a forge reports it, the proof file. */

/** The three forge APIs OpenPledge reads (Forgejo also covers Gitea and Codeberg). */
export type ForgeKind = "github" | "gitlab" | "forgejo";

/** One forge: the web host repository URLs name, its API's kind and base URL, and an optional API token. */
export interface ForgeEndpoint {
  host: string;
  kind: ForgeKind;
  apiBase: string;
  token?: string;
}

/** A repository URL, checked: `https://<host>/<path>` with `path` as written and `normalizedPath` in lower case. */
export interface RepositoryRef {
  url: string;
  host: string;
  path: string;
  normalizedPath: string;
}

/** A repository as its forge reports it now: the numeric id survives renames, the path does not. */
export interface ForgeRepository {
  host: string;
  kind: ForgeKind;
  id: bigint;
  path: string;
  normalizedPath: string;
  defaultBranch: string;
  webUrl: string;
}

/** How a forge request runs: the `fetch` to use (default the global one) and the time limit per request. */
export interface ForgeRequestOptions {
  fetch?: typeof fetch;
  /** Milliseconds per request, reading the whole answer included; default 10,000. */
  timeoutMs?: number;
}

/** The proof file as read from the head commit of the default branch: its text and size in bytes. */
export interface ProofFile {
  commit: string;
  text: string;
  size: number;
}

/** Where a maintainer commits the proof file, on the repository's default branch. */
export const PROOF_FILE_PATH = ".well-known/openpledge.json";
/** The largest proof file read, in bytes. */
export const MAX_PROOF_BYTES = 8192;
/** The largest API answer read, in bytes (the reader stops there, whatever the headers claim). */
export const MAX_RESPONSE_BYTES = 1_048_576;
/** Default time limit per forge request. */
export const DEFAULT_FORGE_TIMEOUT_MS = 10_000;
/** Renames followed per lookup at most (GitHub and Forgejo answer a renamed repository with a redirect). */
export const MAX_REDIRECTS = 3;
