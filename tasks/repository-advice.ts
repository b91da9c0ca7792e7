/**
 * What the command line tells a project's owner about its repository string: the command that changes it, and a
 * warning (never a refusal) when an attester could not verify the string as written.
 */
import { DEFAULT_FORGES, forgeFor, forgesWith, parseForgeList, parseRepositoryUrl, type ForgeEndpoint } from "../client/node.js";
import { printable, setRepositoryCommand } from "../attester/words.js";

export { setRepositoryCommand };

/** The forges a repository string is read against (no tokens: nothing is fetched): `--forge`, else OPENPLEDGE_FORGES, on the defaults. */
export function readerForges(option: string, env: NodeJS.ProcessEnv = process.env): ForgeEndpoint[] {
  const text = option.trim() !== "" ? option : (env.OPENPLEDGE_FORGES ?? "");
  return text.trim() === "" ? [...DEFAULT_FORGES] : forgesWith(parseForgeList(text));
}

/**
 * Why an attester could not verify `repository` as project `id`'s repository, with what to write instead; undefined
 * when it reads as a repository on one of `forges`. The project's owner may still keep it (it is only a warning).
 */
export function repositoryWarning(id: bigint | string, repository: string, forges: readonly ForgeEndpoint[]): string | undefined {
  if (repository.trim() === "") {
    return `project ${id} names no repository, so no attester can verify it: its owner sets one with ${setRepositoryCommand(id, "https://github.com/<owner>/<name>")}`;
  }
  try {
    const ref = parseRepositoryUrl(repository, forges);
    forgeFor(ref.host, forges);
    return undefined;
  } catch (error) {
    return `no attester can verify project ${id}'s repository as written: ${printable((error as Error).message)}; to fix it, its owner runs ${setRepositoryCommand(id)}`;
  }
}
