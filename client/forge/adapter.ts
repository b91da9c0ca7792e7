/** What each forge module provides: the three calls the public functions are built from. */
import { ForgeError } from "./errors.js";
import { isRepositoryPath } from "./shape.js";
import type { ForgeEndpoint, ForgeRepository, ForgeRequestOptions } from "./types.js";

/** The proof file's entry as a forge answers it, before the size check and decoding. */
export interface RawFileContent {
  size: number;
  encoding: string | null;
  content: string | null;
}

/** One forge API (GitHub, GitLab or Forgejo). */
export interface ForgeAdapter {
  lookup(endpoint: ForgeEndpoint, path: string, options: ForgeRequestOptions): Promise<ForgeRepository>;
  lookupById(endpoint: ForgeEndpoint, id: bigint, options: ForgeRequestOptions): Promise<ForgeRepository>;
  headCommit(endpoint: ForgeEndpoint, repository: ForgeRepository, options: ForgeRequestOptions): Promise<string>;
  file(endpoint: ForgeEndpoint, repository: ForgeRepository, commit: string, filePath: string, options: ForgeRequestOptions): Promise<RawFileContent>;
}

/** The repository's path, each segment URL-encoded, for owner/name routes. */
export function encodePath(path: string): string {
  return path.split("/").map(encodeURIComponent).join("/");
}

/** "github.com/foo/bar" for messages. */
export function named(endpoint: ForgeEndpoint, path: string): string {
  return `${endpoint.host}/${path}`;
}

/** The not-found words for a repository. */
export function missingRepository(endpoint: ForgeEndpoint, path: string): string {
  return `${named(endpoint, path)} does not exist, or is private (OpenPledge reads public repositories only); check the repository URL, or make the repository public.`;
}

/** The not-found words for a repository id. */
export function missingRepositoryId(endpoint: ForgeEndpoint, id: bigint): string {
  return `${endpoint.host} has no public repository #${id} any more: it was deleted or made private.`;
}

/** The not-found words for the default branch. */
export function missingBranch(endpoint: ForgeEndpoint, repository: ForgeRepository): string {
  return `${named(endpoint, repository.path)} has no commit on its default branch "${repository.defaultBranch}"; push a commit with the proof file to it.`;
}

/** The not-found words for a file. */
export function missingFile(endpoint: ForgeEndpoint, repository: ForgeRepository, filePath: string): string {
  return `${named(endpoint, repository.path)} has no file ${filePath} on its default branch "${repository.defaultBranch}"; commit it there.`;
}

/** Refuses a path that is not owner/name before anything is sent. */
export function checkOwnerName(endpoint: ForgeEndpoint, path: string): void {
  if (path.split("/").length !== 2 || !isRepositoryPath(path)) {
    throw new ForgeError("not-found", `"${path}" is not a repository path on ${endpoint.host}; give it as owner/name.`);
  }
}
