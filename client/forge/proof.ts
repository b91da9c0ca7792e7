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
const EXAMPLE = `{ "openpledge": [ { "chainId": 31337, "registry": "0x5FbDB2315678afecb367f032d93F642f64180aa3", "projectId": 1 } ] }`;

function wholeNumber(value: unknown, field: string, where: string, example: string): bigint {
  const say = `${where}: "${field}" must be a positive whole number, e.g. "${field}": ${example}`;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new ProofError("invalid", Number.isInteger(value) && value > 0 ? `${say} (write a number this large as a decimal string, e.g. "${field}": "${BigInt(value)}")` : say);
    }
    return BigInt(value);
  }
  if (typeof value === "string") {
    if (!/^[1-9][0-9]{0,77}$/.test(value) || BigInt(value) > MAX_UINT256) throw new ProofError("invalid", `${say} or a decimal string such as "${example}"`);
    return BigInt(value);
  }
  throw new ProofError("invalid", value === undefined ? `${where}: "${field}" is missing; add e.g. "${field}": ${example}` : say);
}

function registryOf(value: unknown, where: string): string {
  const say = `${where}: "registry" must be the registry's address, e.g. "registry": "0x5FbDB2315678afecb367f032d93F642f64180aa3"`;
  if (value === undefined) throw new ProofError("invalid", `${where}: "registry" is missing; add the registry's address, e.g. "registry": "0x5FbDB2315678afecb367f032d93F642f64180aa3"`);
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
 * to write). Unknown keys are ignored.
 */
export function parseProof(text: string): ProofEntry[] {
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
      throw new ProofError("invalid", `${where} must be an object like { "chainId": 31337, "registry": "0x5FbDB2315678afecb367f032d93F642f64180aa3", "projectId": 1 }`);
    }
    const fields = entry as Record<string, unknown>;
    return {
      chainId: wholeNumber(fields["chainId"], "chainId", where, "31337"),
      registry: registryOf(fields["registry"], where),
      projectId: wholeNumber(fields["projectId"], "projectId", where, "1"),
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
