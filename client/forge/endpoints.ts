/** Which forges OpenPledge reads: the defaults, a forge list from the environment, and the forge of a host. */
import { ForgeError, ForgeListError } from "./errors.js";
import type { ForgeEndpoint, ForgeKind } from "./types.js";

/** github.com, gitlab.com and codeberg.org (Forgejo) at their public APIs. */
export const DEFAULT_FORGES: readonly ForgeEndpoint[] = Object.freeze([
  Object.freeze({ host: "github.com", kind: "github", apiBase: "https://api.github.com" }),
  Object.freeze({ host: "gitlab.com", kind: "gitlab", apiBase: "https://gitlab.com/api/v4" }),
  Object.freeze({ host: "codeberg.org", kind: "forgejo", apiBase: "https://codeberg.org/api/v1" }),
] satisfies ForgeEndpoint[]);

const KINDS: readonly ForgeKind[] = ["github", "gitlab", "forgejo"];
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[0-9]{1,5})?$/;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const EXAMPLE = `git.example.org=forgejo:https://git.example.org/api/v1`;

/** `base` (default DEFAULT_FORGES) with every forge of `overrides` added, replacing the one of the same host. */
export function forgesWith(overrides: readonly ForgeEndpoint[], base: readonly ForgeEndpoint[] = DEFAULT_FORGES): ForgeEndpoint[] {
  const hosts = new Set(overrides.map((forge) => forge.host.toLowerCase()));
  return [...base.filter((forge) => !hosts.has(forge.host.toLowerCase())).map((forge) => ({ ...forge })), ...overrides.map((forge) => ({ ...forge }))];
}

/** True when `host` (lower case, optional port) is a plain host name. */
export function isHostName(host: string): boolean {
  return HOST.test(host);
}

/** The API base of a forge list entry: https, or http on this machine only; no trailing slash, query or fragment. */
export function checkApiBase(text: string, context: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ForgeListError(`${context}: "${text}" is not a URL; write the forge's API base, e.g. https://git.example.org/api/v1`);
  }
  const local = url.protocol === "http:" && LOOPBACK.has(url.hostname);
  if (url.protocol !== "https:" && !local) {
    throw new ForgeListError(`${context}: the API base must start with https:// (http:// only for 127.0.0.1 or localhost), e.g. https://git.example.org/api/v1`);
  }
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
    throw new ForgeListError(`${context}: write the API base without a user name, password, query or #fragment (tokens go in GITHUB_TOKEN, GITLAB_TOKEN or FORGEJO_TOKEN)`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/**
 * Reads a forge list: comma-separated `host=kind:apiBase` entries, e.g.
 * "github.com=github:http://127.0.0.1:9/github,git.example.org=forgejo:https://git.example.org/api/v1" (env
 * OPENPLEDGE_FORGES, flag --forge). Kinds: github, gitlab, forgejo (also Gitea). Empty text: no forges.
 */
export function parseForgeList(text: string): ForgeEndpoint[] {
  const forges: ForgeEndpoint[] = [];
  for (const raw of text.split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    const context = `In the forge list, "${entry}"`;
    const equals = entry.indexOf("=");
    const colon = entry.indexOf(":", equals + 1);
    if (equals <= 0 || colon < 0) throw new ForgeListError(`${context} is not host=kind:apiBase; write e.g. ${EXAMPLE}`);
    const host = entry.slice(0, equals).trim().toLowerCase();
    const kind = entry.slice(equals + 1, colon).trim().toLowerCase();
    if (!isHostName(host)) throw new ForgeListError(`${context}: "${host}" is not a host name; write the host of the repository URLs, e.g. git.example.org`);
    if (!(KINDS as readonly string[]).includes(kind)) {
      throw new ForgeListError(`${context}: the kind "${kind}" is unknown; write github, gitlab or forgejo (Forgejo also covers Gitea)`);
    }
    if (forges.some((forge) => forge.host === host)) throw new ForgeListError(`${context}: ${host} is listed twice; keep one entry per host`);
    forges.push({ host, kind: kind as ForgeKind, apiBase: checkApiBase(entry.slice(colon + 1).trim(), context) });
  }
  return forges;
}

/** The forge list as text, the inverse of `parseForgeList` (tokens are not written). */
export function formatForgeList(forges: readonly ForgeEndpoint[]): string {
  return forges.map((forge) => `${forge.host}=${forge.kind}:${forge.apiBase}`).join(",");
}

/** Other names of the default forges' hosts, which serve no repository page of their own: alias → host. */
const FORGE_ALIASES: ReadonlyMap<string, string> = new Map([
  ["www.github.com", "github.com"],
  ["api.github.com", "github.com"],
  ["www.gitlab.com", "gitlab.com"],
  ["www.codeberg.org", "codeberg.org"],
]);

/** The default forge host `host` (any case) is another name of (www.github.com → github.com), else undefined. */
export function forgeAliasOf(host: string): string | undefined {
  return FORGE_ALIASES.get(host.toLowerCase());
}

/**
 * The forge serving `host`; a ForgeError "unknown-host" otherwise, naming the supported forges and how to add one
 * (or, for another name of a known forge's host such as www.github.com, the host to use instead).
 */
export function forgeFor(host: string, forges: readonly ForgeEndpoint[]): ForgeEndpoint {
  const wanted = host.toLowerCase();
  const forge = forges.find((candidate) => candidate.host.toLowerCase() === wanted);
  if (forge !== undefined) return forge;
  const alias = forgeAliasOf(wanted);
  if (alias !== undefined) {
    const kind = forges.find((candidate) => candidate.host.toLowerCase() === alias)?.kind ?? DEFAULT_FORGES.find((candidate) => candidate.host === alias)?.kind;
    const example = kind === "gitlab" ? `https://${alias}/group/name` : `https://${alias}/owner/name`;
    throw new ForgeError("unknown-host", `${wanted} is another name of ${alias}: use the repository's address on ${alias}, e.g. ${example}`);
  }
  const known = forges.map((candidate) => candidate.host);
  const supported = known.length === 0 ? "no forge is configured" : `OpenPledge reads repositories on ${listWords(known)} only`;
  throw new ForgeError(
    "unknown-host",
    `${supported}, not on ${host}. Use a repository on one of those, or add a self-hosted GitHub, GitLab or Forgejo/Gitea ` +
      `forge to OPENPLEDGE_FORGES (or --forge), e.g. OPENPLEDGE_FORGES="${wanted === "" ? "git.example.org" : wanted}=forgejo:https://${wanted === "" ? "git.example.org" : wanted}/api/v1"`,
  );
}

/** "a, b and c". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}
