/** The proof file's content: `{ "openpledge": [ { "chainId", "registry", "projectId" } ] }`, read strictly. */
import { getAddress } from "ethers";

import { ProofError } from "./errors.js";
import { PROOF_FILE_PATH } from "./types.js";

/** One registration a repository claims: project `projectId` of the registry at `registry` on chain `chainId`. */
export interface ProofEntry {
  chainId: bigint;
  registry: string;
  projectId: bigint;
}

const MAX_UINT256 = (1n << 256n) - 1n;
/** The placeholders of an example entry when the project checked is not known. */
const PLACEHOLDER = { chainId: "<chain id>", registry: "<registry address>", projectId: "<project id>" } as const;

/** How an example writes each field: the project checked's values, or placeholders. */
interface Example {
  chainId: string;
  registry: string;
  projectId: string;
}

function exampleOf(expected: ProofEntry | undefined): Example {
  if (expected === undefined) return PLACEHOLDER;
  const number = (value: bigint) => {
    const json = jsonNumber(value);
    return typeof json === "number" ? String(json) : `"${json}"`;
  };
  return { chainId: number(expected.chainId), registry: getAddress(expected.registry.toLowerCase()), projectId: number(expected.projectId) };
}

/** One entry as an example: `{ "chainId": 31337, "registry": "0x…", "projectId": 1 }`. */
function entryText(example: Example): string {
  return `{ "chainId": ${example.chainId}, "registry": "${example.registry}", "projectId": ${example.projectId} }`;
}

function fileText(example: Example): string {
  return `{ "openpledge": [ ${entryText(example)} ] }`;
}

function wholeNumber(value: unknown, field: string, where: string, example: string): bigint {
  const say = `${where}: "${field}" must be a positive whole number, e.g. "${field}": ${example}`;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new ProofError("invalid", Number.isInteger(value) && value > 0 ? `${say} (write a number this large as a decimal string, e.g. "${field}": "${BigInt(value)}")` : say);
    }
    return BigInt(value);
  }
  if (typeof value === "string") {
    if (!/^[1-9][0-9]{0,77}$/.test(value) || BigInt(value) > MAX_UINT256) throw new ProofError("invalid", `${say} or a decimal string such as "${example.replace(/"/g, "")}"`);
    return BigInt(value);
  }
  throw new ProofError("invalid", value === undefined ? `${where}: "${field}" is missing; add e.g. "${field}": ${example}` : say);
}

function registryOf(value: unknown, where: string, example: string): string {
  const say = `${where}: "registry" must be the registry's address, e.g. "registry": "${example}"`;
  if (value === undefined) throw new ProofError("invalid", `${where}: "registry" is missing; add the registry's address, e.g. "registry": "${example}"`);
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value)) throw new ProofError("invalid", say);
  const mixed = value.slice(2) !== value.slice(2).toLowerCase() && value.slice(2) !== value.slice(2).toUpperCase();
  const address = getAddress(value.toLowerCase());
  if (mixed && address !== value) {
    throw new ProofError("invalid", `${where}: "registry" ${value} has a wrong upper/lower-case checksum (a typo?); copy the address again, e.g. "${address}" if that is the one you mean, or write it all in lower case`);
  }
  return address;
}

/**
 * The entries of a proof file. Throws ProofError "malformed-json" when the text is not JSON, "invalid" when it does
 * not have a non-empty "openpledge" list of { chainId, registry, projectId } (the message says which field and what
 * to write). Unknown keys are ignored. `expected`: the project being checked, whose entry the messages show as the
 * example (else placeholders such as "<registry address>").
 */
export function parseProof(text: string, expected?: ProofEntry): ProofEntry[] {
  const example = exampleOf(expected);
  const EXAMPLE = fileText(example);
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (body.includes("\uFFFD")) {
    throw new ProofError("malformed-json", `${PROOF_FILE_PATH} is not plain UTF-8 text; save it as UTF-8 with this content: ${EXAMPLE}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message})` : "";
    throw new ProofError("malformed-json", `${PROOF_FILE_PATH} is not valid JSON${detail}; write it like this: ${EXAMPLE}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new ProofError("invalid", `${PROOF_FILE_PATH} must be a JSON object with an "openpledge" list; write it like this: ${EXAMPLE}`);
  }
  const list = (json as Record<string, unknown>)["openpledge"];
  if (!Array.isArray(list) || list.length === 0) {
    throw new ProofError("invalid", `${PROOF_FILE_PATH} has no "openpledge" list with at least one entry; write it like this: ${EXAMPLE}`);
  }
  return list.map((entry: unknown, index) => {
    const where = `${PROOF_FILE_PATH}, entry ${index + 1} of "openpledge"`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw new ProofError("invalid", `${where} must be an object like ${entryText(example)}`);
    }
    const fields = entry as Record<string, unknown>;
    return {
      chainId: wholeNumber(fields["chainId"], "chainId", where, example.chainId),
      registry: registryOf(fields["registry"], where, example.registry),
      projectId: wholeNumber(fields["projectId"], "projectId", where, example.projectId),
    };
  });
}

/** True when one of `entries` is `project` (same chain id, registry address in any case, project id). */
export function proofNames(entries: readonly ProofEntry[], project: ProofEntry): boolean {
  const registry = project.registry.toLowerCase();
  return entries.some((entry) => entry.chainId === project.chainId && entry.projectId === project.projectId && entry.registry.toLowerCase() === registry);
}

function jsonNumber(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

/** The proof file a maintainer commits for `entries`: pretty JSON, checksummed addresses, ending with a newline. */
export function proofFileText(entries: readonly ProofEntry[]): string {
  const openpledge = entries.map((entry) => ({ chainId: jsonNumber(entry.chainId), registry: getAddress(entry.registry.toLowerCase()), projectId: jsonNumber(entry.projectId) }));
  return `${JSON.stringify({ openpledge }, null, 2)}\n`;
}
