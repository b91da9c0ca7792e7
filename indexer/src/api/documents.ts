/**
 * Titles and summaries of projects' metadata documents and campaigns' spec documents, for search and lists: fetched
 * here, outside Ponder's deterministic event handlers (a document can change or vanish; the chain cannot), with the
 * client's fetcher (size limit, timeout, pinned-hash check), a few at a time, and kept in memory. A document that cannot
 * be read is tried again later, not forever in a loop.
 */
import { db } from "ponder:api";
import { campaign, project } from "ponder:schema";
import { asc, gt } from "ponder";

import { readCampaignSpec, readProjectMetadata } from "../../../client/metadata.ts";

export interface DocumentTitle {
  title: string | null;
  summary: string | null;
}

const RETRY_MS = 10 * 60_000;
const REFRESH_MS = Number(process.env.OPENPLEDGE_DOCUMENTS_REFRESH_MS ?? "2000");
const CONCURRENCY = 8;
const gateway = process.env.OPENPLEDGE_IPFS_GATEWAY;

const projectTitles = new Map<bigint, DocumentTitle & { uri: string }>();
const campaignTitles = new Map<bigint, DocumentTitle>();
const failedAt = new Map<string, number>();

/** A project's title and summary, when its current metadata document was read. */
export function projectTitle(id: bigint, uri: string): DocumentTitle {
  const found = projectTitles.get(id);
  return found !== undefined && found.uri === uri ? found : { title: null, summary: null };
}

/** A campaign's title, when its spec document was read. */
export function campaignTitle(id: bigint): string | null {
  return campaignTitles.get(id)?.title ?? null;
}

/** Each project's searchable words: title, summary, repository and metadata link. */
const projectTexts = new Map<bigint, string>();

/** Text as lower-case words joined by single spaces: "Open-Source" and "open source" read alike. */
function normalized(text: string): string {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "")
    .join(" ");
}

function remember(id: bigint, parts: ReadonlyArray<string | null>): void {
  projectTexts.set(id, ` ${normalized(parts.filter((part) => part !== null).join(" "))} `);
}

/** Ids of projects where every word of `search` appears in the title, summary, repository or metadata link. */
export function projectsMatching(search: string): bigint[] {
  const words = normalized(search).split(" ").filter((word) => word !== "");
  const found: bigint[] = [];
  for (const [id, text] of projectTexts) if (words.every((word) => text.includes(word))) found.push(id);
  return found;
}

function due(uri: string): boolean {
  const failed = failedAt.get(uri);
  return failed === undefined || Date.now() - failed > RETRY_MS;
}

async function eachLimited<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

async function refreshProjects(): Promise<void> {
  const projects = await db.select({ id: project.id, uri: project.metadataURI, repository: project.repository }).from(project);
  for (const row of projects) {
    const document = projectTitle(row.id, row.uri);
    remember(row.id, [document.title, document.summary, row.repository, row.uri]);
  }
  const projectsToRead = projects.filter((row) => projectTitles.get(row.id)?.uri !== row.uri && due(row.uri));
  await eachLimited(projectsToRead, async (row) => {
    const result = await readProjectMetadata(row.uri, { gateway });
    if (result.status === "ok") {
      projectTitles.set(row.id, { uri: row.uri, title: result.document.name, summary: result.document.summary ?? null });
      remember(row.id, [result.document.name, result.document.summary ?? null, row.repository, row.uri]);
    } else failedAt.set(row.uri, Date.now());
  });
}

/** Campaigns whose spec is not read yet; a campaign's spec link never changes, so only new ids are looked up. */
const unreadSpecs = new Map<bigint, { uri: string; hash: string }>();
let campaignsSeenUpTo = 0n;

async function refreshCampaigns(): Promise<void> {
  const fresh = await db
    .select({ id: campaign.id, uri: campaign.specURI, hash: campaign.specHash })
    .from(campaign)
    .where(gt(campaign.id, campaignsSeenUpTo))
    .orderBy(asc(campaign.id))
    .limit(5_000);
  for (const row of fresh) {
    unreadSpecs.set(row.id, { uri: row.uri, hash: row.hash });
    campaignsSeenUpTo = row.id;
  }
  const campaignsToRead = [...unreadSpecs].filter(([, spec]) => due(`${spec.uri}#${spec.hash}`));
  await eachLimited(campaignsToRead, async ([id, spec]) => {
    const result = await readCampaignSpec(spec.uri, spec.hash, { gateway });
    if (result.status === "ok") {
      campaignTitles.set(id, { title: result.document.name, summary: result.document.summary ?? null });
      unreadSpecs.delete(id);
    } else failedAt.set(`${spec.uri}#${spec.hash}`, Date.now());
  });
}

/** Runs `refresh` every REFRESH_MS, one run at a time; the two kinds apart, so slow spec links never hold up titles. */
function every(refresh: () => Promise<void>): void {
  let running = false;
  const tick = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      await refresh();
    } catch {
      // The tables may not exist yet while Ponder starts; the next tick tries again.
    } finally {
      running = false;
    }
  };
  setInterval(() => void tick(), REFRESH_MS).unref();
  void tick();
}

if (process.env.OPENPLEDGE_DOCUMENTS !== "off") {
  every(refreshProjects);
  every(refreshCampaigns);
}
