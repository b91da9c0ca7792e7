/** Repository URLs: `https://<host>/<owner>/<name>` (GitLab: `https://<host>/<group>/<subgroup>/<name>`), checked. */
import { DEFAULT_FORGES } from "./endpoints.js";
import { RepositoryUrlError } from "./errors.js";
import type { ForgeEndpoint, RepositoryRef } from "./types.js";

const SEGMENT = /^[A-Za-z0-9_.-]+$/;
const MAX_URL_LENGTH = 2048;
const MAX_GITLAB_DEPTH = 21; // GitLab nests groups 20 deep, plus the project

/**
 * Checks a repository URL: https only; a trailing "/" and ".git" are dropped; GitHub and Forgejo take exactly
 * owner/name, GitLab group/…/name (the kind comes from `forges`, default DEFAULT_FORGES; an unlisted host is left
 * for `forgeFor` to refuse). Throws a RepositoryUrlError saying what to give instead.
 */
export function parseRepositoryUrl(url: string, forges: readonly ForgeEndpoint[] = DEFAULT_FORGES): RepositoryRef {
  const text = url.trim();
  const example = "https://github.com/owner/name";
  if (text.length > MAX_URL_LENGTH) throw new RepositoryUrlError(url, `The repository URL is longer than ${MAX_URL_LENGTH} characters; give the repository's address, e.g. ${example}`);
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new RepositoryUrlError(url, `"${text}" is not a URL; give the repository's web address, e.g. ${example}`);
  }
  if (parsed.protocol !== "https:") {
    throw new RepositoryUrlError(url, `"${text}" does not start with https://; give the repository's https address, e.g. ${example}`);
  }
  if (parsed.username !== "" || parsed.password !== "") {
    throw new RepositoryUrlError(url, `"${text}" contains a user name or password; give the repository's address without them, e.g. ${example}`);
  }
  if (parsed.search !== "" || parsed.hash !== "" || text.includes("?") || text.includes("#")) {
    throw new RepositoryUrlError(url, `"${text}" has a ?query or #fragment; give the repository's address without it, e.g. ${example}`);
  }
  const host = parsed.host.toLowerCase();
  const kind = forges.find((forge) => forge.host.toLowerCase() === host)?.kind;
  let path = parsed.pathname.replace(/\/+$/, "");
  if (/\.git$/i.test(path)) path = path.slice(0, -4);
  const segments = path.split("/").slice(1);
  const suggestion = kind === "gitlab" ? `https://${host}/group/name (or group/subgroup/name)` : `https://${host}/owner/name`;
  for (const segment of segments) {
    if (!SEGMENT.test(segment) || segment === "." || segment === ".." || segment === "-") {
      throw new RepositoryUrlError(
        url,
        `"${text}" is not a repository's address (the part "${segment}" cannot be in a repository path); give it as ${suggestion}`,
      );
    }
  }
  if (segments.length < 2) throw new RepositoryUrlError(url, `"${text}" names no repository; give it as ${suggestion}`);
  const most = kind === "gitlab" || kind === undefined ? MAX_GITLAB_DEPTH : 2;
  if (segments.length > most) {
    const root = `https://${host}/${segments.slice(0, 2).join("/")}`;
    throw new RepositoryUrlError(
      url,
      kind === "gitlab"
        ? `"${text}" nests deeper than GitLab allows; give the project's address, e.g. ${suggestion}`
        : `"${text}" names a page inside a repository; give the repository's own address, e.g. ${root}`,
    );
  }
  const repositoryPath = segments.join("/");
  return { url: `https://${host}/${repositoryPath}`, host, path: repositoryPath, normalizedPath: repositoryPath.toLowerCase() };
}
