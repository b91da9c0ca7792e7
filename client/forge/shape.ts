/** Reading fields out of a forge's JSON answer; anything ill-shaped is a ForgeError "malformed-response". */
import type { RawFileContent } from "./adapter.js";
import { ForgeError } from "./errors.js";

const SEGMENT = /^[A-Za-z0-9_.-]+$/;
const COMMIT = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

function malformed(host: string, what: string): ForgeError {
  return new ForgeError("malformed-response", `${host} answered ${what} in a shape its API does not use; try again later, or check the forge list.`);
}

/** The answer as an object (not an array, not null). */
export function objectOf(json: unknown, host: string, what: string): Record<string, unknown> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw malformed(host, what);
  return json as Record<string, unknown>;
}

/** A non-empty string field. */
export function stringField(object: Record<string, unknown>, key: string, host: string, what: string): string {
  const value = object[key];
  if (typeof value !== "string" || value === "") throw malformed(host, what);
  return value;
}

/** A positive whole-number field (a numeric repository id), as a bigint. */
export function idField(object: Record<string, unknown>, key: string, host: string, what: string): bigint {
  const value = object[key];
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return BigInt(value);
  if (typeof value === "string" && /^[1-9][0-9]{0,18}$/.test(value)) return BigInt(value);
  throw malformed(host, what);
}

/** A non-negative whole-number field (a size in bytes). */
export function sizeField(object: Record<string, unknown>, key: string, host: string, what: string): number {
  const value = object[key];
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) throw malformed(host, what);
  return value;
}

/** A commit id (40 hex digits, or 64 for SHA-256 repositories), lower case. */
export function commitField(object: Record<string, unknown>, key: string, host: string, what: string): string {
  const value = object[key];
  if (typeof value !== "string" || !COMMIT.test(value.toLowerCase())) throw malformed(host, what);
  return value.toLowerCase();
}

/** A repository path as a forge reports it: `minSegments`..`maxSegments` plain segments. */
export function pathField(object: Record<string, unknown>, key: string, host: string, what: string, minSegments: number, maxSegments: number): string {
  const value = stringField(object, key, host, what);
  const segments = value.split("/");
  if (!isRepositoryPath(value) || segments.length < minSegments || segments.length > maxSegments) throw malformed(host, what);
  return value;
}

/** True when `path` is segments of letters, digits, "_", "." and "-" (never "." or ".."), joined by "/". */
export function isRepositoryPath(path: string): boolean {
  return path.split("/").every((segment) => SEGMENT.test(segment) && segment !== "." && segment !== "..");
}

/** A branch name as git allows it (no "..", no control characters, no leading or trailing "/"), at most 255 bytes. */
export function isBranchName(name: string): boolean {
  return name !== "" && name.length <= 255 && !name.includes("..") && !/[\u0000-\u001f\u007f ~^:?*[\\]/.test(name) && !name.startsWith("/") && !name.endsWith("/") && name !== "@";
}

/** The default branch field: a branch name git allows. */
export function branchField(object: Record<string, unknown>, key: string, host: string, what: string): string {
  const value = stringField(object, key, host, what);
  if (!isBranchName(value)) throw malformed(host, what);
  return value;
}

/** size, encoding and content of a contents answer (GitHub and Forgejo share the shape). */
export function fileContentOf(object: Record<string, unknown>, host: string): RawFileContent {
  const what = "a file";
  const size = sizeField(object, "size", host, what);
  const encoding = object["encoding"];
  const content = object["content"];
  if ((encoding !== null && encoding !== undefined && typeof encoding !== "string") || (content !== null && content !== undefined && typeof content !== "string")) {
    throw malformed(host, what);
  }
  return { size, encoding: typeof encoding === "string" ? encoding : null, content: typeof content === "string" ? content : null };
}
