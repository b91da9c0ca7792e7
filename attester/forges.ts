/**
 * The forges an attester reads: `--forge` (a forge list), else the environment's OPENPLEDGE_FORGES, each on top of
 * github.com, gitlab.com and codeberg.org (an entry for one of those hosts replaces it). API tokens go by host, never
 * by kind: GITHUB_TOKEN to github.com only, GITLAB_TOKEN to gitlab.com only, FORGEJO_TOKEN to codeberg.org only; any
 * other host (a self-hosted forge) gets a token only from OPENPLEDGE_FORGE_TOKENS="host=TOKEN,host=TOKEN", so the
 * admin of a forge added to the list never receives another forge's token.
 */
import { DEFAULT_FORGES, forgesWith, parseForgeList, type ForgeEndpoint } from "../client/index.js";

/** The one host each well-known token variable is sent to. */
export const HOST_TOKEN_VARIABLES: Readonly<Record<string, string>> = { "github.com": "GITHUB_TOKEN", "gitlab.com": "GITLAB_TOKEN", "codeberg.org": "FORGEJO_TOKEN" };

/** A refusal of OPENPLEDGE_FORGE_TOKENS. */
export class ForgeTokensError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ForgeTokensError";
  }
}

/** OPENPLEDGE_FORGE_TOKENS text ("git.example.org=TOKEN,ghe.corp.example=TOKEN2") as host (lower case) → token. */
export function parseForgeTokens(text: string): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const item of text.split(",")) {
    if (item.trim() === "") continue;
    const at = item.indexOf("=");
    const host = (at < 0 ? "" : item.slice(0, at)).trim().toLowerCase();
    const token = (at < 0 ? "" : item.slice(at + 1)).trim();
    if (!/^[a-z0-9.-]+(:\d+)?$/.test(host) || token === "") {
      throw new ForgeTokensError('OPENPLEDGE_FORGE_TOKENS must be a comma-separated list of host=TOKEN, e.g. "git.example.org=abc123" (an item has no host or no token)');
    }
    tokens.set(host, token);
  }
  return tokens;
}

/** The forge list given (`--forge` text, empty when left out), else the environment's, with tokens by host from the environment. */
export function attesterForges(option: string, env: NodeJS.ProcessEnv = process.env): ForgeEndpoint[] {
  const text = option.trim() !== "" ? option : (env.OPENPLEDGE_FORGES ?? "");
  const forges = text.trim() === "" ? DEFAULT_FORGES.map((forge) => ({ ...forge })) : forgesWith(parseForgeList(text));
  const perHost = parseForgeTokens(env.OPENPLEDGE_FORGE_TOKENS ?? "");
  return forges.map((forge) => {
    const host = forge.host.toLowerCase();
    const variable = HOST_TOKEN_VARIABLES[host];
    const token = perHost.get(host) ?? (variable === undefined ? undefined : env[variable]?.trim());
    const { token: _dropped, ...bare } = forge;
    return token === undefined || token === "" ? bare : { ...bare, token };
  });
}
