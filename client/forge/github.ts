/** GitHub's REST API: /repos/{owner}/{repo} (a renamed repository redirects to /repositories/{id}), branches, contents. */
import { reposApiAdapter } from "./repos-api.js";

export const github = reposApiAdapter({ headCommitField: "sha", emptyRepositoryHasNoBranch: false });
