/**
 * The "repos" API that GitHub's REST API and Forgejo's (and Gitea's) API v1 share, route for route:
 * /repos/{owner}/{repo} (a renamed repository redirects: GitHub to /repositories/{id}, Forgejo to its new path),
 * /repositories/{id}, branches and contents. They differ in two fields, which `ReposApiDialect` names.
 */
import { checkOwnerName, encodePath, missingBranch, missingFile, missingRepository, missingRepositoryId, type ForgeAdapter, type RawFileContent } from "./adapter.js";
import { ForgeError } from "./errors.js";
import { forgeGet } from "./http.js";
import { branchField, commitField, fileContentOf, idField, objectOf, pathField } from "./shape.js";
import type { ForgeEndpoint, ForgeRepository } from "./types.js";

/** Where the two forges' answers differ. */
export interface ReposApiDialect {
  /** The field of a branch's `commit` holding its id: GitHub's `sha`, Forgejo's `id`. */
  headCommitField: "sha" | "id";
  /** Forgejo reports an empty repository (`empty: true`) with no default branch; the proof read then finds no commit. */
  emptyRepositoryHasNoBranch: boolean;
}

function repositoryOf(endpoint: ForgeEndpoint, json: unknown, dialect: ReposApiDialect): ForgeRepository {
  const what = "a repository";
  const object = objectOf(json, endpoint.host, what);
  const path = pathField(object, "full_name", endpoint.host, what, 2, 2);
  const branchless = dialect.emptyRepositoryHasNoBranch && object["empty"] === true && (object["default_branch"] === "" || object["default_branch"] === null);
  return {
    host: endpoint.host,
    kind: endpoint.kind,
    id: idField(object, "id", endpoint.host, what),
    path,
    normalizedPath: path.toLowerCase(),
    defaultBranch: branchless ? "main" : branchField(object, "default_branch", endpoint.host, what),
    webUrl: `https://${endpoint.host}/${path}`,
  };
}

/** The adapter of a forge that speaks the repos API in `dialect`. */
export function reposApiAdapter(dialect: ReposApiDialect): ForgeAdapter {
  return {
    async lookup(endpoint, path, options) {
      checkOwnerName(endpoint, path);
      const answer = await forgeGet(endpoint, `/repos/${encodePath(path)}`, { missing: missingRepository(endpoint, path) }, options);
      return repositoryOf(endpoint, answer.json, dialect);
    },

    async lookupById(endpoint, id, options) {
      const answer = await forgeGet(endpoint, `/repositories/${id}`, { missing: missingRepositoryId(endpoint, id) }, options);
      return repositoryOf(endpoint, answer.json, dialect);
    },

    async headCommit(endpoint, repository, options) {
      const route = `/repos/${encodePath(repository.path)}/branches/${encodeURIComponent(repository.defaultBranch)}`;
      const answer = await forgeGet(endpoint, route, { missing: missingBranch(endpoint, repository) }, options);
      const what = "a branch";
      const commit = objectOf(objectOf(answer.json, endpoint.host, what)["commit"], endpoint.host, what);
      return commitField(commit, dialect.headCommitField, endpoint.host, what);
    },

    async file(endpoint, repository, commit, filePath, options): Promise<RawFileContent> {
      const route = `/repos/${encodePath(repository.path)}/contents/${encodePath(filePath)}?ref=${commit}`;
      const missing = missingFile(endpoint, repository, filePath);
      const answer = await forgeGet(endpoint, route, { missing }, options);
      if (Array.isArray(answer.json)) throw new ForgeError("not-found", `${missing} (${filePath} is a directory there)`);
      const object = objectOf(answer.json, endpoint.host, "a file");
      if (object["type"] !== "file") throw new ForgeError("not-found", `${missing} (${filePath} is a ${String(object["type"])} there, not a file)`);
      return fileContentOf(object, endpoint.host);
    },
  };
}
