/** GitLab's API v4: /projects/{url-encoded path} (an old path answers the moved project), /projects/{id}, branches, files. */
import { missingBranch, missingFile, missingRepository, missingRepositoryId, type ForgeAdapter } from "./adapter.js";
import { ForgeError } from "./errors.js";
import { forgeGet } from "./http.js";
import { commitField, idField, isBranchName, isRepositoryPath, objectOf, pathField, sizeField } from "./shape.js";
import type { ForgeEndpoint, ForgeRepository } from "./types.js";

function repositoryOf(endpoint: ForgeEndpoint, json: unknown): ForgeRepository {
  const what = "a project";
  const object = objectOf(json, endpoint.host, what);
  const path = pathField(object, "path_with_namespace", endpoint.host, what, 2, 21);
  const branch = object["default_branch"];
  if (branch !== null && branch !== undefined && (typeof branch !== "string" || !isBranchName(branch))) {
    throw new ForgeError("malformed-response", `${endpoint.host} answered a project in a shape its API does not use; try again later.`);
  }
  return {
    host: endpoint.host,
    kind: endpoint.kind,
    id: idField(object, "id", endpoint.host, what),
    path,
    normalizedPath: path.toLowerCase(),
    // An empty project has no default branch (null); the proof read then says there is no commit.
    defaultBranch: typeof branch === "string" ? branch : "main",
    webUrl: `https://${endpoint.host}/${path}`,
  };
}

export const gitlab: ForgeAdapter = {
  async lookup(endpoint, path, options) {
    if (path.split("/").length < 2 || !isRepositoryPath(path)) {
      throw new ForgeError("not-found", `"${path}" is not a project path on ${endpoint.host}; give it as group/name or group/subgroup/name.`);
    }
    const answer = await forgeGet(endpoint, `/projects/${encodeURIComponent(path)}`, { missing: missingRepository(endpoint, path) }, options);
    return repositoryOf(endpoint, answer.json);
  },

  async lookupById(endpoint, id, options) {
    const answer = await forgeGet(endpoint, `/projects/${id}`, { missing: missingRepositoryId(endpoint, id) }, options);
    return repositoryOf(endpoint, answer.json);
  },

  async headCommit(endpoint, repository, options) {
    const route = `/projects/${repository.id}/repository/branches/${encodeURIComponent(repository.defaultBranch)}`;
    const answer = await forgeGet(endpoint, route, { missing: missingBranch(endpoint, repository) }, options);
    const what = "a branch";
    const commit = objectOf(objectOf(answer.json, endpoint.host, what)["commit"], endpoint.host, what);
    return commitField(commit, "id", endpoint.host, what);
  },

  async file(endpoint, repository, commit, filePath, options) {
    const route = `/projects/${repository.id}/repository/files/${encodeURIComponent(filePath)}?ref=${commit}`;
    const answer = await forgeGet(endpoint, route, { missing: missingFile(endpoint, repository, filePath) }, options);
    const object = objectOf(answer.json, endpoint.host, "a file");
    const encoding = object["encoding"];
    const content = object["content"];
    if (typeof encoding !== "string" || typeof content !== "string") {
      throw new ForgeError("malformed-response", `${endpoint.host} answered a file in a shape its API does not use; try again later.`);
    }
    return { size: sizeField(object, "size", endpoint.host, "a file"), encoding, content };
  },
};
