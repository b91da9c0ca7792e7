/**
 * A local forge for the tests, the demo and the web app's e2e: one HTTP server on 127.0.0.1 answering GitHub's,
 * GitLab's and Forgejo's APIs in their real shapes (github.com under /github, gitlab.com under /gitlab/api/v4,
 * codeberg.org under /codeberg/api/v1), with repositories that can be renamed and deleted, rate limits, broken
 * answers and a few hostile behaviours a malicious self-hosted forge could show. CORS is open: a browser reads it.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";

import type { ForgeEndpoint, ForgeKind } from "../../client/index.js";

/** Hostile behaviours of a forge, for tests (one at a time per host; null = behave). */
export type ForgeMisbehaviour =
  | "lie-about-size" // a contents answer declares 100 bytes but carries 20,000
  | "huge-body" // every answer is 200 with a 2 MiB JSON body, streamed without a length
  | "huge-declared" // every answer declares a 5 MiB Content-Length
  | "endless-redirect" // every answer redirects one step deeper within the API
  | "foreign-redirect" // every answer redirects to another origin
  | "wrong-id" // a lookup by id answers another repository's id
  | "silent" // never answers (the request hangs until the client gives up)
  | "server-error" // every answer is 502
  | "not-json" // every answer is 200 with an HTML page
  | "wrong-shape" // every answer is 200 with JSON missing the fields the API has
  | "gzip-bomb" // every answer is 200 with a small gzip body that inflates to 8 MiB
  | "trickle"; // every answer is 200 and sends one byte every 100 ms, never ending

/** One request the forge received (for tests: which paths and headers were sent). */
export interface ForgeRequestLog {
  host: string;
  method: string;
  path: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** The local forge and its controls. */
export interface LocalForge {
  /** http://127.0.0.1:PORT */
  url: string;
  /** github.com → `${url}/github`, gitlab.com → `${url}/gitlab/api/v4`, codeberg.org → `${url}/codeberg/api/v1`. */
  forges: ForgeEndpoint[];
  /** The same as OPENPLEDGE_FORGES text. */
  forgeList: string;
  /** A new repository (new numeric id per host) with a README on its default branch "main". */
  createRepository(host: string, path: string): bigint;
  /** Commits `text` at `filePath` on the default branch; returns the new commit's sha (40 hex). */
  putFile(host: string, path: string, filePath: string, text: string): string;
  /** Commits the removal of `filePath`; returns the new commit's sha. */
  deleteFile(host: string, path: string, filePath: string): string;
  /** Same id, new path; the old path redirects (GitHub to /repositories/{id}, Forgejo to the new path; GitLab answers). */
  renameRepository(host: string, oldPath: string, newPath: string): void;
  deleteRepository(host: string, path: string): void;
  /** Answers the forge's rate-limit response until then (unix seconds; 0 = off). */
  rateLimit(host: string, untilUnixSeconds: number): void;
  /** Answers 200 with a truncated JSON body while on. */
  breakResponses(host: string, on: boolean): void;
  /** A hostile behaviour while set (null = behave). */
  misbehave(host: string, behaviour: ForgeMisbehaviour | null): void;
  /** The requests received, oldest first (the latest 10,000: a long-running demo server does not grow without end). */
  requests: ForgeRequestLog[];
  close(): Promise<void>;
}

interface FileEntry {
  path: string;
  text: string;
}

interface Commit {
  sha: string;
  message: string;
  time: Date;
  files: Map<string, FileEntry>;
}

interface Repository {
  id: bigint;
  path: string;
  ownerId: number;
  created: Date;
  head: Commit;
  commits: Map<string, Commit>;
}

interface ForgeHost {
  host: string;
  kind: ForgeKind;
  prefix: string;
  repositories: Map<bigint, Repository>;
  byPath: Map<string, bigint>;
  aliases: Map<string, bigint>;
  owners: Map<string, number>;
  nextId: bigint;
  rateLimitUntil: number;
  broken: boolean;
  misbehaviour: ForgeMisbehaviour | null;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  raw?: string;
}

const HOSTS: readonly { host: string; kind: ForgeKind; prefix: string; firstId: bigint }[] = [
  { host: "github.com", kind: "github", prefix: "/github", firstId: 700_000_001n },
  { host: "gitlab.com", kind: "gitlab", prefix: "/gitlab/api/v4", firstId: 50_000_001n },
  { host: "codeberg.org", kind: "forgejo", prefix: "/codeberg/api/v1", firstId: 300_001n },
];

const GITHUB_CONTENT_LIMIT = 1_048_576;
const MAX_LOGGED_REQUESTS = 10_000;
const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-expose-headers":
    "Location, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, X-RateLimit-Used, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-ResetTime",
};

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

function blobSha(text: string): string {
  return sha1(`blob ${Buffer.byteLength(text)}\0${text}`);
}

/** GitHub's base64: a newline after every 60 characters. */
function githubBase64(text: string): string {
  const plain = Buffer.from(text).toString("base64");
  return `${plain.replace(/(.{60})/g, "$1\n")}${plain.length % 60 === 0 ? "" : "\n"}`;
}

function nameOf(path: string): string {
  return path.split("/").pop() ?? path;
}

/** Starts the local forge on 127.0.0.1 (`port` 0 or omitted: any free port). */
export async function startLocalForge(options: { port?: number } = {}): Promise<LocalForge> {
  const hosts = new Map<string, ForgeHost>();
  for (const entry of HOSTS) {
    hosts.set(entry.host, {
      host: entry.host,
      kind: entry.kind,
      prefix: entry.prefix,
      repositories: new Map(),
      byPath: new Map(),
      aliases: new Map(),
      owners: new Map(),
      nextId: entry.firstId,
      rateLimitUntil: 0,
      broken: false,
      misbehaviour: null,
    });
  }
  const requests: ForgeRequestLog[] = [];
  let commitCounter = 0;
  let gzipBomb: Buffer | undefined;
  const trickles = new Set<ReturnType<typeof setInterval>>();
  let url = "";

  const hostOf = (host: string): ForgeHost => {
    const state = hosts.get(host.toLowerCase());
    if (state === undefined) throw new Error(`The local forge serves github.com, gitlab.com and codeberg.org, not ${host}`);
    return state;
  };
  const baseOf = (state: ForgeHost): string => `${url}${state.prefix}`;
  const repositoryAt = (state: ForgeHost, path: string): Repository => {
    const id = state.byPath.get(path.toLowerCase());
    const repository = id === undefined ? undefined : state.repositories.get(id);
    if (repository === undefined) throw new Error(`The local forge has no repository ${state.host}/${path}`);
    return repository;
  };
  const ownerId = (state: ForgeHost, path: string): number => {
    const owner = path.split("/")[0]?.toLowerCase() ?? "";
    let id = state.owners.get(owner);
    if (id === undefined) {
      id = 1000 + state.owners.size * 7 + state.host.length;
      state.owners.set(owner, id);
    }
    return id;
  };
  const commit = (state: ForgeHost, repository: Repository, message: string, files: Map<string, FileEntry>): string => {
    commitCounter += 1;
    const sha = sha1(`${state.host}\n${repository.id}\n${commitCounter}\n${message}`);
    const entry: Commit = { sha, message, time: new Date(), files };
    repository.commits.set(sha, entry);
    repository.head = entry;
    return sha;
  };

  // Resolution of an owner/name (GitHub, Forgejo) or a GitLab path: the repository, the rename it moved by, or none.
  type Found = { repository: Repository; moved: boolean } | undefined;
  const find = (state: ForgeHost, path: string): Found => {
    const key = path.toLowerCase();
    const current = state.byPath.get(key);
    if (current !== undefined) return { repository: state.repositories.get(current)!, moved: false };
    const alias = state.aliases.get(key);
    if (alias !== undefined && state.repositories.has(alias)) return { repository: state.repositories.get(alias)!, moved: true };
    return undefined;
  };
  const findFile = (repository: Repository, ref: string | null, filePath: string): FileEntry | undefined => {
    const commitEntry = ref === null || ref === "" ? repository.head : repository.commits.get(ref.toLowerCase());
    return commitEntry?.files.get(filePath.toLowerCase());
  };

  // --- answers in each forge's shapes ---
  const githubNotFound = (): Reply => ({ status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" } });
  const forgejoNotFound = (state: ForgeHost): Reply => ({ status: 404, body: { errors: [], message: "The target couldn't be found.", url: `${baseOf(state)}/swagger` } });
  const gitlabNotFound = (what: string): Reply => ({ status: 404, body: { message: `404 ${what} Not Found` } });

  const githubRepository = (state: ForgeHost, repository: Repository): unknown => {
    const [owner = ""] = repository.path.split("/");
    const api = `${baseOf(state)}/repos/${repository.path}`;
    return {
      id: Number(repository.id),
      node_id: Buffer.from(`010:Repository${repository.id}`).toString("base64"),
      name: nameOf(repository.path),
      full_name: repository.path,
      private: false,
      owner: { login: owner, id: repository.ownerId, node_id: Buffer.from(`04:User${repository.ownerId}`).toString("base64"), type: "User", site_admin: false, html_url: `https://github.com/${owner}`, url: `${baseOf(state)}/users/${owner}` },
      html_url: `https://github.com/${repository.path}`,
      description: null,
      fork: false,
      url: api,
      branches_url: `${api}/branches{/branch}`,
      contents_url: `${api}/contents/{+path}`,
      created_at: repository.created.toISOString().replace(/\.\d+Z$/, "Z"),
      updated_at: repository.head.time.toISOString().replace(/\.\d+Z$/, "Z"),
      pushed_at: repository.head.time.toISOString().replace(/\.\d+Z$/, "Z"),
      git_url: `git://github.com/${repository.path}.git`,
      clone_url: `https://github.com/${repository.path}.git`,
      size: 12,
      stargazers_count: 0,
      watchers_count: 0,
      language: null,
      has_issues: true,
      archived: false,
      disabled: false,
      visibility: "public",
      forks: 0,
      open_issues: 0,
      default_branch: "main",
      network_count: 0,
      subscribers_count: 1,
    };
  };
  const forgejoRepository = (state: ForgeHost, repository: Repository): unknown => {
    const [owner = ""] = repository.path.split("/");
    return {
      id: Number(repository.id),
      owner: { id: repository.ownerId, login: owner, login_name: "", full_name: "", email: `${owner}@noreply.codeberg.org`, avatar_url: `https://codeberg.org/avatars/${repository.ownerId}`, username: owner },
      name: nameOf(repository.path),
      full_name: repository.path,
      description: "",
      empty: false,
      private: false,
      fork: false,
      template: false,
      parent: null,
      mirror: false,
      size: 25,
      language: "",
      html_url: `https://codeberg.org/${repository.path}`,
      url: `${baseOf(state)}/repos/${repository.path}`,
      ssh_url: `ssh://git@codeberg.org/${repository.path}.git`,
      clone_url: `https://codeberg.org/${repository.path}.git`,
      website: "",
      stars_count: 0,
      forks_count: 0,
      watchers_count: 1,
      open_issues_count: 0,
      default_branch: "main",
      archived: false,
      created_at: repository.created.toISOString(),
      updated_at: repository.head.time.toISOString(),
      permissions: { admin: false, push: false, pull: true },
      has_issues: true,
      object_format_name: "sha1",
    };
  };
  const gitlabProject = (repository: Repository): unknown => {
    const segments = repository.path.split("/");
    const namespace = segments.slice(0, -1).join("/");
    return {
      id: Number(repository.id),
      description: null,
      name: nameOf(repository.path),
      name_with_namespace: segments.join(" / "),
      path: nameOf(repository.path),
      path_with_namespace: repository.path,
      created_at: repository.created.toISOString(),
      default_branch: "main",
      tag_list: [],
      topics: [],
      ssh_url_to_repo: `git@gitlab.com:${repository.path}.git`,
      http_url_to_repo: `https://gitlab.com/${repository.path}.git`,
      web_url: `https://gitlab.com/${repository.path}`,
      readme_url: `https://gitlab.com/${repository.path}/-/blob/main/README.md`,
      forks_count: 0,
      avatar_url: null,
      star_count: 0,
      last_activity_at: repository.head.time.toISOString(),
      namespace: { id: repository.ownerId, name: segments[segments.length - 2] ?? "", path: segments[segments.length - 2] ?? "", kind: segments.length > 2 ? "group" : "user", full_path: namespace, parent_id: null, web_url: `https://gitlab.com/${namespace}` },
      visibility: "public",
      empty_repo: false,
      archived: false,
    };
  };
  const branchOf = (state: ForgeHost, repository: Repository): unknown => {
    const head = repository.head;
    if (state.kind === "github") {
      return {
        name: "main",
        commit: { sha: head.sha, node_id: Buffer.from(`06:Commit${head.sha}`).toString("base64"), commit: { message: head.message, author: { name: "Maintainer", date: head.time.toISOString() } }, url: `${baseOf(state)}/repos/${repository.path}/commits/${head.sha}` },
        _links: { self: `${baseOf(state)}/repos/${repository.path}/branches/main`, html: `https://github.com/${repository.path}/tree/main` },
        protected: false,
        protection_url: `${baseOf(state)}/repos/${repository.path}/branches/main/protection`,
      };
    }
    if (state.kind === "gitlab") {
      return {
        name: "main",
        merged: false,
        protected: true,
        default: true,
        developers_can_push: false,
        developers_can_merge: false,
        can_push: false,
        web_url: `https://gitlab.com/${repository.path}/-/tree/main`,
        commit: { id: head.sha, short_id: head.sha.slice(0, 8), created_at: head.time.toISOString(), parent_ids: [], title: head.message, message: head.message, author_name: "Maintainer", authored_date: head.time.toISOString(), committed_date: head.time.toISOString(), web_url: `https://gitlab.com/${repository.path}/-/commit/${head.sha}` },
      };
    }
    return {
      name: "main",
      commit: { id: head.sha, message: `${head.message}\n`, url: `https://codeberg.org/${repository.path}/commit/${head.sha}`, author: { name: "Maintainer", email: "maintainer@example.org", username: "" }, timestamp: head.time.toISOString(), verification: { verified: false, reason: "gpg.error.not_signed_commit" } },
      protected: false,
      required_approvals: 0,
      user_can_push: false,
      user_can_merge: false,
    };
  };
  const contentsOf = (state: ForgeHost, repository: Repository, file: FileEntry, ref: string): unknown => {
    const size = Buffer.byteLength(file.text);
    const sha = blobSha(file.text);
    const lying = state.misbehaviour === "lie-about-size";
    const text = lying ? `${file.text}${" ".repeat(20_000)}` : file.text;
    const declared = lying ? 100 : size;
    if (state.kind === "gitlab") {
      return {
        file_name: nameOf(file.path),
        file_path: file.path,
        size: declared,
        encoding: "base64",
        content_sha256: createHash("sha256").update(text).digest("hex"),
        ref,
        blob_id: sha,
        commit_id: repository.head.sha,
        last_commit_id: repository.head.sha,
        execute_filemode: false,
        content: Buffer.from(text).toString("base64"),
      };
    }
    if (state.kind === "github") {
      const big = size > GITHUB_CONTENT_LIMIT;
      return {
        name: nameOf(file.path),
        path: file.path,
        sha,
        size: declared,
        url: `${baseOf(state)}/repos/${repository.path}/contents/${file.path}?ref=${ref}`,
        html_url: `https://github.com/${repository.path}/blob/${ref}/${file.path}`,
        git_url: `${baseOf(state)}/repos/${repository.path}/git/blobs/${sha}`,
        download_url: `https://raw.githubusercontent.com/${repository.path}/${ref}/${file.path}`,
        type: "file",
        content: big ? "" : githubBase64(text),
        encoding: big ? "none" : "base64",
        _links: { self: `${baseOf(state)}/repos/${repository.path}/contents/${file.path}?ref=${ref}`, git: `${baseOf(state)}/repos/${repository.path}/git/blobs/${sha}`, html: `https://github.com/${repository.path}/blob/${ref}/${file.path}` },
      };
    }
    return {
      name: nameOf(file.path),
      path: file.path,
      sha,
      last_commit_sha: repository.head.sha,
      type: "file",
      size: declared,
      encoding: "base64",
      content: Buffer.from(text).toString("base64"),
      target: null,
      url: `${baseOf(state)}/repos/${repository.path}/contents/${file.path}?ref=${ref}`,
      html_url: `https://codeberg.org/${repository.path}/src/commit/${ref}/${file.path}`,
      git_url: `${baseOf(state)}/repos/${repository.path}/git/blobs/${sha}`,
      download_url: `https://codeberg.org/${repository.path}/raw/commit/${ref}/${file.path}`,
      submodule_git_url: null,
      _links: { self: `${baseOf(state)}/repos/${repository.path}/contents/${file.path}?ref=${ref}`, git: `${baseOf(state)}/repos/${repository.path}/git/blobs/${sha}`, html: `https://codeberg.org/${repository.path}/src/commit/${ref}/${file.path}` },
    };
  };
  const directoryOf = (state: ForgeHost, repository: Repository, commitEntry: Commit, directory: string): unknown[] | undefined => {
    const prefix = `${directory.toLowerCase()}/`;
    const inside = [...commitEntry.files.values()].filter((file) => file.path.toLowerCase().startsWith(prefix));
    if (inside.length === 0) return undefined;
    return inside.map((file) => ({ name: nameOf(file.path), path: file.path, sha: blobSha(file.text), size: Buffer.byteLength(file.text), type: "file", url: `${baseOf(state)}/repos/${repository.path}/contents/${file.path}` }));
  };

  const rateLimited = (state: ForgeHost): Reply => {
    const now = Math.floor(Date.now() / 1000);
    const wait = Math.max(1, state.rateLimitUntil - now);
    if (state.kind === "github") {
      return {
        status: 403,
        headers: { "x-ratelimit-limit": "60", "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(state.rateLimitUntil), "x-ratelimit-used": "60", "x-ratelimit-resource": "core" },
        body: { message: "API rate limit exceeded for 127.0.0.1. (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)", documentation_url: "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting" },
      };
    }
    if (state.kind === "gitlab") {
      return {
        status: 429,
        headers: {
          "retry-after": String(wait),
          "ratelimit-name": "throttle_unauthenticated_api",
          "ratelimit-limit": "500",
          "ratelimit-observed": "501",
          "ratelimit-remaining": "0",
          "ratelimit-reset": String(state.rateLimitUntil),
          "ratelimit-resettime": new Date(state.rateLimitUntil * 1000).toUTCString(),
          "content-type": "text/plain",
        },
        raw: "Retry later\n",
      };
    }
    return { status: 429, headers: { "retry-after": String(wait) }, body: { message: "Too Many Requests", url: `${baseOf(state)}/swagger` } };
  };

  // --- routes ---
  const githubOrForgejo = (state: ForgeHost, segments: string[], query: URLSearchParams, rawRest: string): Reply => {
    const notFound = state.kind === "github" ? githubNotFound() : forgejoNotFound(state);
    let repository: Repository | undefined;
    let rest: string[];
    if (segments[0] === "repositories" && segments[1] !== undefined && /^[0-9]+$/.test(segments[1])) {
      repository = state.repositories.get(BigInt(segments[1]));
      if (repository !== undefined && state.misbehaviour === "wrong-id") {
        return { status: 200, body: { ...(state.kind === "github" ? githubRepository(state, repository) : forgejoRepository(state, repository)) as object, id: Number(repository.id) + 1 } };
      }
      rest = segments.slice(2);
    } else if (segments[0] === "repos" && segments.length >= 3) {
      const found = find(state, `${segments[1]}/${segments[2]}`);
      if (found === undefined) return notFound;
      if (found.moved) {
        const suffix = rawRest.split("/").slice(3).join("/");
        const tail = `${suffix === "" ? "" : `/${suffix}`}${query.toString() === "" ? "" : `?${query.toString()}`}`;
        const location = state.kind === "github" ? `${baseOf(state)}/repositories/${found.repository.id}${tail}` : `${baseOf(state)}/repos/${found.repository.path}${tail}`;
        return { status: 301, headers: { location }, body: state.kind === "github" ? { message: "Moved Permanently", url: location, documentation_url: "https://docs.github.com/v3/#http-redirects" } : undefined };
      }
      repository = found.repository;
      rest = segments.slice(3);
    } else {
      return notFound;
    }
    if (repository === undefined) return notFound;
    if (rest.length === 0) return { status: 200, body: state.kind === "github" ? githubRepository(state, repository) : forgejoRepository(state, repository) };
    if (rest[0] === "branches" && rest.length === 2) return rest[1]?.toLowerCase() === "main" ? { status: 200, body: branchOf(state, repository) } : notFound;
    if (rest[0] === "contents" && rest.length >= 2) {
      const filePath = rest.slice(1).join("/");
      const ref = query.get("ref");
      const commitEntry = ref === null || ref === "" ? repository.head : repository.commits.get(ref.toLowerCase());
      if (commitEntry === undefined) return state.kind === "github" ? { status: 404, body: { message: `No commit found for the ref ${ref}`, documentation_url: "https://docs.github.com/rest/repos/contents#get-repository-content" } } : notFound;
      const file = findFile(repository, commitEntry.sha, filePath);
      if (file !== undefined) return { status: 200, body: contentsOf(state, repository, file, commitEntry.sha) };
      const listing = directoryOf(state, repository, commitEntry, filePath);
      return listing === undefined ? notFound : { status: 200, body: listing };
    }
    return notFound;
  };

  const gitlabRoute = (state: ForgeHost, segments: string[], query: URLSearchParams): Reply => {
    if (segments[0] !== "projects" || segments[1] === undefined) return { status: 404, body: { error: "404 Not Found" } };
    const key = segments[1];
    let repository: Repository | undefined;
    if (/^[0-9]+$/.test(key)) {
      repository = state.repositories.get(BigInt(key));
      if (repository !== undefined && state.misbehaviour === "wrong-id" && segments.length === 2) {
        return { status: 200, body: { ...(gitlabProject(repository) as object), id: Number(repository.id) + 1 } };
      }
    } else {
      repository = find(state, key)?.repository;
    }
    if (repository === undefined) return gitlabNotFound("Project");
    const rest = segments.slice(2);
    if (rest.length === 0) return { status: 200, body: gitlabProject(repository) };
    if (rest[0] === "repository" && rest[1] === "branches" && rest.length === 3) return rest[2] === "main" ? { status: 200, body: branchOf(state, repository) } : gitlabNotFound("Branch");
    if (rest[0] === "repository" && rest[1] === "files" && rest.length === 3) {
      const ref = query.get("ref");
      if (ref === null || ref === "") return { status: 400, body: { error: "ref is missing, ref is empty" } };
      const commitEntry = ref === "main" ? repository.head : repository.commits.get(ref.toLowerCase());
      if (commitEntry === undefined) return gitlabNotFound("Commit");
      const file = findFile(repository, commitEntry.sha, rest[2] ?? "");
      return file === undefined ? gitlabNotFound("File") : { status: 200, body: contentsOf(state, repository, file, ref) };
    }
    return { status: 404, body: { error: "404 Not Found" } };
  };

  const misbehaving = (state: ForgeHost, request: IncomingMessage, response: ServerResponse): boolean => {
    const behaviour = state.misbehaviour;
    const send = (status: number, headers: Record<string, string>, body: string | Buffer): void => {
      response.writeHead(status, { ...CORS_HEADERS, ...headers });
      response.end(body);
    };
    switch (behaviour) {
      case "silent":
        return true; // never answered; the socket is destroyed on close
      case "huge-body": {
        response.writeHead(200, { ...CORS_HEADERS, "content-type": "application/json" });
        const chunk = `"${"x".repeat(65_534)}",`;
        let sent = 0;
        response.write("[");
        const pump = (): void => {
          while (sent < 32) {
            sent += 1;
            if (!response.write(chunk)) {
              response.once("drain", pump);
              return;
            }
          }
          response.end('"end"]');
        };
        response.on("error", () => undefined);
        pump();
        return true;
      }
      case "huge-declared":
        response.writeHead(200, { ...CORS_HEADERS, "content-type": "application/json", "content-length": String(5 * 1_048_576) });
        response.on("error", () => undefined);
        response.write('{"id": 1, "full_name": "a/b", ');
        return true; // the rest never comes; a client trusting the length would wait
      case "endless-redirect": {
        const next = `${request.url ?? "/"}${(request.url ?? "").includes("?") ? "&" : "?"}hop=1`;
        send(301, { location: `${url}${next.startsWith(state.prefix) ? "" : state.prefix}${next}` }, "");
        return true;
      }
      case "foreign-redirect":
        send(301, { location: "http://169.254.169.254/latest/meta-data/iam/security-credentials/" }, "");
        return true;
      case "server-error":
        send(502, { "content-type": "text/html" }, "<html><body><h1>502 Bad Gateway</h1></body></html>");
        return true;
      case "not-json":
        send(200, { "content-type": "text/html" }, "<!DOCTYPE html><html><body>Sign in to continue</body></html>");
        return true;
      case "gzip-bomb": {
        gzipBomb ??= gzipSync(Buffer.concat([Buffer.from('{"padding":"'), Buffer.alloc(8 * 1_048_576, 0x61), Buffer.from('"}')]), { level: 9 });
        send(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": String(gzipBomb.length) }, gzipBomb);
        return true;
      }
      case "trickle": {
        response.writeHead(200, { ...CORS_HEADERS, "content-type": "application/json" });
        response.on("error", () => undefined);
        response.write("[");
        const timer = setInterval(() => {
          if (response.destroyed || response.writableEnded) clearInterval(timer);
          else response.write("1,");
        }, 100);
        response.on("close", () => clearInterval(timer));
        trickles.add(timer);
        return true;
      }
      case "wrong-shape":
        send(200, { "content-type": "application/json" }, JSON.stringify({ id: "not a number", full_name: 42, path_with_namespace: ["x"], commit: null, type: "file", size: -1 }));
        return true;
      default:
        return false;
    }
  };

  const server = createServer((request, response) => {
    const target = new URL(request.url ?? "/", "http://127.0.0.1");
    const state = [...hosts.values()].find((candidate) => target.pathname === candidate.prefix || target.pathname.startsWith(`${candidate.prefix}/`));
    requests.push({ host: state?.host ?? "", method: request.method ?? "", path: request.url ?? "", headers: { ...request.headers } });
    if (requests.length > MAX_LOGGED_REQUESTS) requests.splice(0, requests.length - MAX_LOGGED_REQUESTS);
    if (request.method === "OPTIONS") {
      response.writeHead(204, {
        ...CORS_HEADERS,
        "access-control-allow-methods": "GET, OPTIONS",
        "access-control-allow-headers": "Accept, Authorization, PRIVATE-TOKEN, Content-Type, X-GitHub-Api-Version",
        "access-control-max-age": "600",
      });
      response.end();
      return;
    }
    const reply = (answer: Reply): void => {
      const headers: Record<string, string> = { ...CORS_HEADERS, ...answer.headers };
      let body = "";
      if (answer.raw !== undefined) body = answer.raw;
      else if (answer.body !== undefined) {
        body = JSON.stringify(answer.body);
        headers["content-type"] ??= "application/json; charset=utf-8";
      }
      headers["content-length"] = String(Buffer.byteLength(body));
      response.writeHead(answer.status, headers);
      response.end(body);
    };
    if (state === undefined) {
      reply({ status: 404, body: { message: "Not Found: the local forge serves /github, /gitlab/api/v4 and /codeberg/api/v1" } });
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      reply({ status: 404, body: { message: "Not Found" } });
      return;
    }
    if (state.rateLimitUntil > Math.floor(Date.now() / 1000)) {
      reply(rateLimited(state));
      return;
    }
    if (misbehaving(state, request, response)) return;
    if (state.broken) {
      reply({ status: 200, raw: '{"id": 1, "name": "truncat', headers: { "content-type": "application/json; charset=utf-8" } });
      return;
    }
    const rawRest = target.pathname.slice(state.prefix.length).replace(/^\//, "");
    let segments: string[];
    try {
      segments = rawRest === "" ? [] : rawRest.split("/").map((segment) => decodeURIComponent(segment));
    } catch {
      reply({ status: 400, body: { message: "Bad Request" } });
      return;
    }
    reply(state.kind === "gitlab" ? gitlabRoute(state, segments, target.searchParams) : githubOrForgejo(state, segments, target.searchParams, rawRest));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const forges: ForgeEndpoint[] = HOSTS.map((entry) => ({ host: entry.host, kind: entry.kind, apiBase: `${url}${entry.prefix}` }));

  return {
    url,
    forges,
    forgeList: forges.map((forge) => `${forge.host}=${forge.kind}:${forge.apiBase}`).join(","),
    requests,
    createRepository(host, path) {
      const state = hostOf(host);
      const key = path.toLowerCase();
      if (state.byPath.has(key)) throw new Error(`The local forge already has ${state.host}/${path}`);
      const id = state.nextId;
      state.nextId += 1n;
      const readme: FileEntry = { path: "README.md", text: `# ${nameOf(path)}\n` };
      const repository: Repository = { id, path, ownerId: ownerId(state, path), created: new Date(), head: undefined as unknown as Commit, commits: new Map() };
      state.repositories.set(id, repository);
      state.byPath.set(key, id);
      state.aliases.delete(key); // an old path taken by someone else now names the new repository
      commit(state, repository, "Initial commit", new Map([[readme.path.toLowerCase(), readme]]));
      return id;
    },
    putFile(host, path, filePath, text) {
      const state = hostOf(host);
      const repository = repositoryAt(state, path);
      const files = new Map(repository.head.files);
      files.set(filePath.toLowerCase(), { path: filePath, text });
      return commit(state, repository, `Add ${filePath}`, files);
    },
    deleteFile(host, path, filePath) {
      const state = hostOf(host);
      const repository = repositoryAt(state, path);
      const files = new Map(repository.head.files);
      if (!files.delete(filePath.toLowerCase())) throw new Error(`${state.host}/${path} has no file ${filePath}`);
      return commit(state, repository, `Remove ${filePath}`, files);
    },
    renameRepository(host, oldPath, newPath) {
      const state = hostOf(host);
      const repository = repositoryAt(state, oldPath);
      const newKey = newPath.toLowerCase();
      if (state.byPath.has(newKey) && state.byPath.get(newKey) !== repository.id) throw new Error(`The local forge already has ${state.host}/${newPath}`);
      state.byPath.delete(oldPath.toLowerCase());
      state.byPath.set(newKey, repository.id);
      state.aliases.delete(newKey);
      state.aliases.set(oldPath.toLowerCase(), repository.id);
      repository.path = newPath;
      repository.ownerId = ownerId(state, newPath);
    },
    deleteRepository(host, path) {
      const state = hostOf(host);
      const repository = repositoryAt(state, path);
      state.repositories.delete(repository.id);
      state.byPath.delete(path.toLowerCase());
      for (const [alias, id] of state.aliases) if (id === repository.id) state.aliases.delete(alias);
    },
    rateLimit(host, untilUnixSeconds) {
      hostOf(host).rateLimitUntil = untilUnixSeconds;
    },
    breakResponses(host, on) {
      hostOf(host).broken = on;
    },
    misbehave(host, behaviour) {
      hostOf(host).misbehaviour = behaviour;
    },
    async close() {
      for (const timer of trickles) clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error))));
    },
  };
}
