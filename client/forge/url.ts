/** Repository URLs: `https://<host>/<owner>/<name>` (GitLab: `https://<host>/<group>/<subgroup>/<name>`), checked. */
import { DEFAULT_FORGES, forgeAliasOf } from "./endpoints.js";
import { RepositoryUrlError } from "./errors.js";
import type { ForgeEndpoint, ForgeKind, RepositoryRef } from "./types.js";

const SEGMENT = /^[A-Za-z0-9_.-]+$/;
/** The longest repository string taken: GitHub's longest owner/name (39 + 100 characters) and more fit in it. */
export const MAX_REPOSITORY_URL_LENGTH = 200;
const MAX_GITLAB_DEPTH = 21; // GitLab nests groups 20 deep, plus the project
const EXAMPLE = "https://github.com/owner/name";
/** Printable ASCII without space: every other character is refused (whitespace, controls, look-alikes). */
const NOT_PLAIN = /[^\x21-\x7e]/;
/** Characters shown escaped in a message: controls, invisible and direction-changing characters. */
const HIDDEN = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** A string quoted for a message: JSON-escaped, with controls and invisible characters as \uXXXX (never raw). */
export function quoteForMessage(text: string): string {
  return JSON.stringify(text).replace(HIDDEN, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Checks a repository URL and refuses any string that is not already its repository's plain address: https only,
 * the host in lower case without a port (unless `forges` lists that host:port), no user name, query, fragment, %-escape, backslash, "." or ".." part, empty
 * part, whitespace or other character outside printable ASCII, at most MAX_REPOSITORY_URL_LENGTH characters. One
 * trailing "/" or ".git" is allowed and dropped. GitHub and Forgejo take exactly owner/name, GitLab group/…/name (the
 * kind comes from `forges`, default DEFAULT_FORGES; an unlisted host is left for `forgeFor` to refuse). Another name of
 * a known forge's host (www.github.com, api.github.com, …) is refused unless `forges` lists it. Throws a
 * RepositoryUrlError saying what to give instead: the plain address ("use https://github.com/owner/name") when one
 * can be derived. Browsers resolve what is refused here, so a string's text could start with one repository while its
 * link leads to another.
 */
export function parseRepositoryUrl(url: string, forges: readonly ForgeEndpoint[] = DEFAULT_FORGES): RepositoryRef {
  const plain = plainAddressOf(url, forges);
  const instead = plain === undefined ? `write the repository's plain address, e.g. ${EXAMPLE}` : `use ${plain}`;
  const quoted = quoteForMessage(url);
  if (url.length > MAX_REPOSITORY_URL_LENGTH) {
    throw new RepositoryUrlError(url, `${quoteForMessage(url.slice(0, 80)).slice(0, -1)}…" (${url.length} characters) is longer than ${MAX_REPOSITORY_URL_LENGTH} characters; ${instead}`);
  }
  if (NOT_PLAIN.test(url)) {
    throw new RepositoryUrlError(url, `${quoted} contains a space, tab, line break or other character that cannot be in a repository address; ${instead}`);
  }
  if (url.includes("\\")) throw new RepositoryUrlError(url, `${quoted} contains a backslash, which browsers read as /; ${instead}`);
  if (url.includes("%")) throw new RepositoryUrlError(url, `${quoted} contains a %-escape, which browsers decode; ${instead}`);
  const ref = parseLoosely(url, forges);
  const afterScheme = url.slice(url.indexOf("://") + 3);
  const slash = afterScheme.indexOf("/");
  const authority = slash < 0 ? afterScheme : afterScheme.slice(0, slash);
  const rawSegments = slash < 0 ? [] : afterScheme.slice(slash + 1).split("/");
  const port = /:[0-9]*$/.exec(authority);
  // A port only where the operator lists that very host:port as a forge (a self-hosted forge on its own port).
  if (port !== null && !listsHostPort(authority, forges)) throw new RepositoryUrlError(url, `${quoted} names a port (${port[0]}); ${instead}`);
  if (rawSegments.some((segment) => segment === "." || segment === "..")) {
    throw new RepositoryUrlError(url, `${quoted} contains "." or ".." parts, which browsers resolve; ${instead}`);
  }
  const alias = aliasOf(ref.host, forges);
  if (alias !== undefined) {
    const target = forges.find((forge) => forge.host.toLowerCase() === alias);
    const advice = plain === undefined ? `give it as ${suggestionFor(alias, target?.kind)}` : `use ${plain}`;
    throw new RepositoryUrlError(url, `${quoted} names ${ref.host}, another name of ${alias}; ${advice}`);
  }
  if (![ref.url, `${ref.url}/`, `${ref.url}.git`].includes(url)) {
    const empty = rawSegments.slice(0, -1).some((segment) => segment === "");
    throw new RepositoryUrlError(url, empty ? `${quoted} has an empty part (//); ${instead}` : `${quoted} is not written as the repository's plain address; ${instead}`);
  }
  return ref;
}

/** Whether `forges` lists `authority` ("host:port", as written) as a forge's host. */
function listsHostPort(authority: string, forges: readonly ForgeEndpoint[]): boolean {
  return forges.some((forge) => forge.host.includes(":") && forge.host.toLowerCase() === authority);
}

/** The known forge host `host` is another name of, unless `forges` serves `host` itself. */
function aliasOf(host: string, forges: readonly ForgeEndpoint[]): string | undefined {
  if (forges.some((forge) => forge.host.toLowerCase() === host)) return undefined;
  return forgeAliasOf(host);
}

/** "https://github.com/owner/name", or GitLab's group form. */
function suggestionFor(host: string, kind: ForgeKind | undefined): string {
  return kind === "gitlab" ? `https://${host}/group/name (or group/subgroup/name)` : `https://${host}/owner/name`;
}

/** The plain address a browser would take `url` to, when it is a repository's (and short enough); else undefined. */
function plainAddressOf(url: string, forges: readonly ForgeEndpoint[]): string | undefined {
  if (url.length > 8192) return undefined;
  try {
    let ref = parseLoosely(url.trim(), forges);
    if (ref.host.includes(":") && !listsHostPort(ref.host, forges)) return undefined;
    const alias = aliasOf(ref.host, forges);
    if (alias !== undefined) {
      const segments = ref.path.split("/");
      const path = ref.host === "api.github.com" && segments[0] === "repos" ? segments.slice(1).join("/") : ref.path;
      ref = parseLoosely(`https://${alias}/${path}`, forges);
    }
    return ref.url.length <= MAX_REPOSITORY_URL_LENGTH ? ref.url : undefined;
  } catch {
    return undefined;
  }
}

/** What a browser makes of `text` as a repository's address (resolving ".", "..", escapes; empty parts skipped). */
function parseLoosely(text: string, forges: readonly ForgeEndpoint[]): RepositoryRef {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new RepositoryUrlError(text, `${quoteForMessage(text)} is not a URL; give the repository's web address, e.g. ${EXAMPLE}`);
  }
  const quoted = quoteForMessage(text);
  if (parsed.protocol !== "https:") {
    throw new RepositoryUrlError(text, `${quoted} does not start with https://; give the repository's https address, e.g. ${EXAMPLE}`);
  }
  if (parsed.username !== "" || parsed.password !== "") {
    throw new RepositoryUrlError(text, `${quoted} contains a user name or password; give the repository's address without them, e.g. ${EXAMPLE}`);
  }
  if (parsed.search !== "" || parsed.hash !== "" || text.includes("?") || text.includes("#")) {
    throw new RepositoryUrlError(text, `${quoted} has a ?query or #fragment; give the repository's address without it, e.g. ${EXAMPLE}`);
  }
  const host = parsed.host.toLowerCase();
  const kind = forges.find((forge) => forge.host.toLowerCase() === host)?.kind;
  let path = parsed.pathname.replace(/\/+$/, "");
  if (/\.git$/i.test(path)) path = path.slice(0, -4);
  const segments = path.split("/").filter((segment) => segment !== "");
  const suggestion = suggestionFor(host, kind);
  for (const segment of segments) {
    if (!SEGMENT.test(segment) || segment === "." || segment === ".." || segment === "-") {
      throw new RepositoryUrlError(
        text,
        `${quoted} is not a repository's address (the part ${quoteForMessage(segment)} cannot be in a repository path); give it as ${suggestion}`,
      );
    }
  }
  if (segments.length < 2) throw new RepositoryUrlError(text, `${quoted} names no repository; give it as ${suggestion}`);
  const most = kind === "gitlab" || kind === undefined ? MAX_GITLAB_DEPTH : 2;
  if (segments.length > most) {
    const root = `https://${host}/${segments.slice(0, 2).join("/")}`;
    throw new RepositoryUrlError(
      text,
      kind === "gitlab"
        ? `${quoted} nests deeper than GitLab allows; give the project's address, e.g. ${suggestion}`
        : `${quoted} names a page inside a repository; give the repository's own address, e.g. ${root}`,
    );
  }
  const repositoryPath = segments.join("/");
  return { url: `https://${host}/${repositoryPath}`, host, path: repositoryPath, normalizedPath: repositoryPath.toLowerCase() };
}
