/**
 * Metadata documents: the JSON a project's metadata URI and a campaign's spec URI point at (schemas in `schemas/`),
 * fetched over `ipfs://` (through a gateway) or `https://` with a size limit and a timeout, validated strictly, and,
 * for a campaign whose spec is pinned, checked against the content hash the campaign committed to. Browser-safe:
 * only `fetch` and ethers' hashing. A document that is missing, too slow, too large or malformed is `unavailable`
 * with a reason, never an exception: callers show what the chain knows instead.
 */
import { getBytes, sha256, toUtf8Bytes } from "ethers";

import { readCapped } from "./capped-body.js";
import { checkSpecDocument, type SpecDocumentCheck } from "./spec.js";

/** A link in a metadata document. */
export interface MetadataLink {
  label: string;
  url: string;
}

/** A project's metadata document (`schemas/project-metadata.schema.json`). */
export interface ProjectMetadata {
  name: string;
  summary?: string;
  /** Markdown. */
  description?: string;
  links?: MetadataLink[];
  image?: string;
}

/** A campaign's spec document (`schemas/campaign-spec.schema.json`). */
export interface CampaignSpecDocument extends ProjectMetadata {
  deliverables?: string[];
}

/** A validation's outcome: the typed document, or every problem found (one line each, field first). */
export type Validation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const SAFE_URL = /^(https:\/\/|ipfs:\/\/)\S+$/i;

type Check = (value: unknown, field: string, errors: string[]) => void;

function text(min: number, max: number): Check {
  return (value, field, errors) => {
    if (typeof value !== "string") errors.push(`${field}: must be a string`);
    else if (value.length < min || value.length > max) {
      errors.push(`${field}: must be ${min > 0 ? `${min} to ${max}` : `at most ${max}`} characters long (it is ${value.length})`);
    }
  };
}

function url(max: number): Check {
  return (value, field, errors) => {
    text(1, max)(value, field, errors);
    if (typeof value === "string" && !SAFE_URL.test(value)) errors.push(`${field}: must start with https:// or ipfs://`);
  };
}

function list(maxItems: number, item: Check): Check {
  return (value, field, errors) => {
    if (!Array.isArray(value)) {
      errors.push(`${field}: must be a list`);
      return;
    }
    if (value.length > maxItems) errors.push(`${field}: at most ${maxItems} entries (it has ${value.length})`);
    value.forEach((entry: unknown, index) => item(entry, `${field}[${index}]`, errors));
  };
}

function object(required: readonly string[], fields: Readonly<Record<string, Check>>): Check {
  return (value, field, errors) => {
    const prefix = field === "" ? "" : `${field}.`;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      errors.push(`${field === "" ? "document" : field}: must be a JSON object`);
      return;
    }
    const record = value as Record<string, unknown>;
    for (const name of required) if (!(name in record)) errors.push(`${prefix}${name}: missing`);
    for (const [name, entry] of Object.entries(record)) {
      const check = fields[name];
      if (check === undefined) errors.push(`${prefix}${name}: unknown field`);
      else check(entry, `${prefix}${name}`, errors);
    }
  };
}

const LINK = object(["label", "url"], { label: text(1, 100), url: url(2000) });

/** The fields of a project document, as in `schemas/project-metadata.schema.json` (a unit test compares them). */
export const PROJECT_METADATA_FIELDS: Readonly<Record<string, Check>> = {
  $schema: text(0, 200),
  name: text(1, 100),
  summary: text(0, 280),
  description: text(0, 20_000),
  links: list(20, LINK),
  image: url(2000),
};

/** The fields of a campaign spec document, as in `schemas/campaign-spec.schema.json`. */
export const CAMPAIGN_SPEC_FIELDS: Readonly<Record<string, Check>> = {
  ...PROJECT_METADATA_FIELDS,
  deliverables: list(50, text(1, 500)),
};

function validate<T>(value: unknown, fields: Readonly<Record<string, Check>>): Validation<T> {
  const errors: string[] = [];
  object(["name"], fields)(value, "", errors);
  return errors.length === 0 ? { ok: true, value: value as T } : { ok: false, errors };
}

/** Checks a parsed JSON value against the project metadata schema. */
export function validateProjectMetadata(value: unknown): Validation<ProjectMetadata> {
  return validate<ProjectMetadata>(value, PROJECT_METADATA_FIELDS);
}

/** Checks a parsed JSON value against the campaign spec schema. */
export function validateCampaignSpec(value: unknown): Validation<CampaignSpecDocument> {
  return validate<CampaignSpecDocument>(value, CAMPAIGN_SPEC_FIELDS);
}

/** The public IPFS gateway used when none is configured. */
export const DEFAULT_IPFS_GATEWAY = "https://ipfs.io/ipfs/";

/**
 * The URL to fetch a document URI from: `ipfs://<cid>/<path>` through `gateway` (ending in `/ipfs/`), `https://` as
 * it is; `http://` only on this machine (127.0.0.1, localhost: local chains and tests). Anything else: undefined.
 */
export function documentUrl(uri: string, gateway: string = DEFAULT_IPFS_GATEWAY): string | undefined {
  const trimmed = uri.trim();
  const ipfs = /^ipfs:\/\/(?:ipfs\/)?(\S+)$/i.exec(trimmed);
  if (ipfs !== null) return `${gateway.endsWith("/") ? gateway : `${gateway}/`}${ipfs[1]}`;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (parsed.protocol === "https:") return parsed.href;
  if (parsed.protocol === "http:" && (parsed.hostname === "127.0.0.1" || parsed.hostname === "localhost")) return parsed.href;
  return undefined;
}

/** How a document fetch may run: the gateway for `ipfs://`, a timeout, a size limit, and the `fetch` to use. */
export interface DocumentFetchOptions {
  gateway?: string;
  /** Milliseconds before giving up (default 8000). */
  timeoutMs?: number;
  /** Largest document accepted, in bytes (default 256 KiB). */
  maxBytes?: number;
  fetch?: typeof fetch;
}

/** A fetched document, or why there is none. */
export type FetchedDocument =
  | { status: "fetched"; url: string; bytes: Uint8Array }
  | { status: "unavailable"; url: string | undefined; reason: string };

/** Fetches the document at `uri` (see `documentUrl`) within the timeout and size limit; never throws. */
export async function fetchDocument(uri: string, options: DocumentFetchOptions = {}): Promise<FetchedDocument> {
  const url = documentUrl(uri, options.gateway);
  if (url === undefined) return { status: "unavailable", url, reason: "the link is not an ipfs:// or https:// address" };
  const timeoutMs = options.timeoutMs ?? 8_000;
  const maxBytes = options.maxBytes ?? 262_144;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await (options.fetch ?? fetch)(url, { signal: controller.signal, redirect: "follow", credentials: "omit" });
    // A redirect must land where a link may point in the first place (https, or http on this machine only).
    if (response.url !== "" && response.url !== url && documentUrl(response.url, options.gateway) !== response.url) {
      return { status: "unavailable", url, reason: "the server redirected to an address that is not https://" };
    }
    if (!response.ok) return { status: "unavailable", url, reason: `the server answered ${response.status}` };
    const declared = Number(response.headers.get("content-length") ?? "0");
    if (declared > maxBytes) return { status: "unavailable", url, reason: `the document is larger than ${maxBytes} bytes` };
    const bytes = await readCapped(response, maxBytes);
    if (bytes === null) {
      // Over the cap: stop the download too, not only the reading.
      controller.abort();
      return { status: "unavailable", url, reason: `the document is larger than ${maxBytes} bytes` };
    }
    return { status: "fetched", url, bytes };
  } catch (error) {
    const reason = controller.signal.aborted ? `no answer within ${timeoutMs / 1000} s` : `it could not be fetched (${error instanceof Error ? error.message : String(error)})`;
    return { status: "unavailable", url, reason };
  } finally {
    clearTimeout(timer);
  }
}

/** A document read from a URI: valid and shown, or unavailable with a reason (the page then shows the chain's data). */
export type MetadataResult<T> =
  | { status: "ok"; url: string; document: T; check: SpecDocumentCheck }
  /** The campaign pinned a content hash and the document there now has another one: never shown as the spec. */
  | { status: "rewritten"; url: string; check: "rewritten" }
  | { status: "unavailable"; url: string | undefined; reason: string };

function parse<T>(bytes: Uint8Array, validator: (value: unknown) => Validation<T>): Validation<T> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, errors: ["the document is not JSON"] };
  }
  return validator(value);
}

async function read<T>(
  uri: string,
  pinnedHash: string | undefined,
  validator: (value: unknown) => Validation<T>,
  options: DocumentFetchOptions,
): Promise<MetadataResult<T>> {
  const fetched = await fetchDocument(uri, options);
  if (fetched.status === "unavailable") return fetched;
  const check: SpecDocumentCheck = pinnedHash === undefined ? "not pinned" : checkSpecDocument(fetched.bytes, pinnedHash);
  if (check === "rewritten") return { status: "rewritten", url: fetched.url, check };
  const parsed = parse(fetched.bytes, validator);
  if (!parsed.ok) {
    const more = parsed.errors.length > 3 ? `; and ${parsed.errors.length - 3} more` : "";
    return { status: "unavailable", url: fetched.url, reason: `the document is malformed: ${parsed.errors.slice(0, 3).join("; ")}${more}` };
  }
  return { status: "ok", url: fetched.url, document: parsed.value, check };
}

/** A project's metadata document, fetched from its metadata URI and validated. */
export function readProjectMetadata(uri: string, options: DocumentFetchOptions = {}): Promise<MetadataResult<ProjectMetadata>> {
  return read(uri, undefined, validateProjectMetadata, options);
}

/**
 * A campaign's spec document, fetched from its spec URI, checked against the content hash the campaign pinned (zero:
 * none) before it is parsed, and validated.
 */
export function readCampaignSpec(uri: string, pinnedHash: string, options: DocumentFetchOptions = {}): Promise<MetadataResult<CampaignSpecDocument>> {
  return read(uri, pinnedHash, validateCampaignSpec, options);
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/**
 * The IPFS CIDv1 of a document stored as one raw block (codec raw, sha2-256), in base32: what `ipfs add
 * --cid-version 1 --raw-leaves` gives for a file under 256 KiB, so `ipfs://<cid>` names exactly these bytes.
 */
export function ipfsCidOf(document: string | Uint8Array): string {
  const digest = getBytes(sha256(typeof document === "string" ? toUtf8Bytes(document) : document));
  const bytes = new Uint8Array([0x01, 0x55, 0x12, 0x20, ...digest]);
  let bits = 0;
  let buffer = 0;
  let out = "b";
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}
