/** Forgejo's (and Gitea's) API v1: GitHub's routes (a renamed repository redirects to its new path), its own field names. */
import { reposApiAdapter } from "./repos-api.js";

export const forgejo = reposApiAdapter({ headCommitField: "id", emptyRepositoryHasNoBranch: true });
