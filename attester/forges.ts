/**
 * The forges an attester reads: `--forge` (a forge list), else the environment's OPENPLEDGE_FORGES, each on top of
 * github.com, gitlab.com and codeberg.org (an entry for one of those hosts replaces it); API tokens from GITHUB_TOKEN,
 * GITLAB_TOKEN and FORGEJO_TOKEN, by the forge's kind.
 */
import { DEFAULT_FORGES, forgesWith, parseForgeList, type ForgeEndpoint, type ForgeKind } from "../client/index.js";

const TOKEN_VARIABLES: Readonly<Record<ForgeKind, string>> = { github: "GITHUB_TOKEN", gitlab: "GITLAB_TOKEN", forgejo: "FORGEJO_TOKEN" };

/** The forge list given (`--forge` text, empty when left out), else the environment's, with tokens from the environment. */
export function attesterForges(option: string, env: NodeJS.ProcessEnv = process.env): ForgeEndpoint[] {
  const text = option.trim() !== "" ? option : (env.OPENPLEDGE_FORGES ?? "");
  const forges = text.trim() === "" ? DEFAULT_FORGES.map((forge) => ({ ...forge })) : forgesWith(parseForgeList(text));
  return forges.map((forge) => {
    const token = env[TOKEN_VARIABLES[forge.kind]]?.trim();
    return token === undefined || token === "" ? forge : { ...forge, token };
  });
}
