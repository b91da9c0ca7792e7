/**
 * Metadata and spec documents for the pages: fetched once per page load (a pinned spec never changes; others are
 * read again on reload), through the build's IPFS gateway, with a timeout, and rendered safely. A missing or malformed
 * document never breaks a page: it says "document unavailable" and the page shows what the chain knows.
 */
import { ipfsGateway } from "virtual:openpledge-deployments";

import {
  documentUrl,
  readCampaignSpec,
  readProjectMetadata,
  type CampaignSpecDocument,
  type MetadataResult,
  type ProjectMetadata,
  type SpecCheck,
} from "../../client/index.js";
import { renderMarkdown } from "./markdown.js";
import { esc, plainFetchError } from "./ui.js";

export const GATEWAY = ipfsGateway;
const TIMEOUT_MS = 6_000;
const projects = new Map<string, Promise<MetadataResult<ProjectMetadata>>>();
const specs = new Map<string, Promise<MetadataResult<CampaignSpecDocument> | undefined>>();

/** A project's metadata document (cached for this page load). */
export function projectDocument(uri: string): Promise<MetadataResult<ProjectMetadata>> {
  let found = projects.get(uri);
  if (found === undefined) {
    found = readProjectMetadata(uri, { gateway: GATEWAY, timeoutMs: TIMEOUT_MS });
    projects.set(uri, found);
  }
  return found;
}

/** A campaign's spec document, checked against its pinned hash; undefined when the chain shows no spec to read. */
export function specDocument(spec: SpecCheck): Promise<MetadataResult<CampaignSpecDocument> | undefined> {
  if (spec.status !== "verified") return Promise.resolve(undefined);
  const key = `${spec.uri}\n${spec.hash}`;
  let found = specs.get(key);
  if (found === undefined) {
    found = readCampaignSpec(spec.uri, spec.hash, { gateway: GATEWAY, timeoutMs: TIMEOUT_MS });
    specs.set(key, found);
  }
  return found;
}

/** A title from a document, or the chain's name for the thing. */
export function titleOf(result: MetadataResult<ProjectMetadata> | undefined, fallback: string): string {
  return result?.status === "ok" ? result.document.name : fallback;
}

/** The summary line of a document, if any. */
export function summaryOf(result: MetadataResult<ProjectMetadata> | undefined): string {
  return result?.status === "ok" && result.document.summary !== undefined ? result.document.summary : "";
}

/** A link to an https:// or ipfs:// address (through the gateway), else the label as text. */
function linkTo(uri: string, label: string): string {
  const href = /^(https|ipfs):\/\//i.test(uri) ? documentUrl(uri, GATEWAY) : undefined;
  return href === undefined ? esc(label) : `<a href="${esc(href)}" rel="noreferrer noopener nofollow" target="_blank">${esc(label)}</a>`;
}

/** The body of a valid document: summary, rendered description, deliverables, links, image. */
export function documentBody(document: CampaignSpecDocument, kind: "project" | "spec"): string {
  const parts: string[] = [];
  if (document.image !== undefined) {
    const src = documentUrl(document.image, GATEWAY);
    if (src !== undefined) parts.push(`<img class="doc-image" src="${esc(src)}" alt="" referrerpolicy="no-referrer">`);
  }
  if (document.summary !== undefined) parts.push(`<p class="summary" data-testid="${kind}-summary">${esc(document.summary)}</p>`);
  if (document.description !== undefined) {
    parts.push(`<div class="markdown" data-testid="${kind}-description">${renderMarkdown(document.description, GATEWAY)}</div>`);
  }
  if (document.deliverables !== undefined && document.deliverables.length > 0) {
    parts.push(`<h3>Deliverables</h3><ol data-testid="deliverables">${document.deliverables.map((item) => `<li>${esc(item)}</li>`).join("")}</ol>`);
  }
  if (document.links !== undefined && document.links.length > 0) {
    parts.push(
      `<ul class="links">${document.links.map((item) => `<li>${linkTo(item.url, item.label)}</li>`).join("")}</ul>`,
    );
  }
  return parts.join("\n");
}

/** "Document unavailable: <why>. Shown: what the chain knows." */
export function unavailableNote(kind: "project" | "spec", reason: string): string {
  const what = kind === "project" ? "Project document" : "Spec document";
  return `<p class="warning" data-testid="${kind}-document-unavailable">${what} unavailable: ${esc(plainFetchError(reason))}. Shown: what the chain knows.</p>`;
}
