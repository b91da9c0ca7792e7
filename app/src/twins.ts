/**
 * Other projects of the registry that name the same repository as a project (an impostor registers the real
 * project's URL: anyone can): found through the indexer's search when the build has one, else from the registry's
 * project events (the read the projects list makes without an indexer). Reads are bounded: at most `MAX_TWINS`
 * other projects are looked at, and their verification read, per page.
 */
import {
  mapLimited,
  parseRepositoryUrl,
  verificationOf,
  type ForgeEndpoint,
  type IndexedProject,
  type ListPage,
  type ListSort,
  type OpenPledgeClient,
  type ProjectListing,
  type ProjectVerification,
  type RepositoryAttestation,
  type TrustedAttester,
} from "../../client/index.js";
import { esc } from "./ui.js";

/** At most this many other projects naming the same repository are read (their verification too). */
export const MAX_TWINS = 10;

/**
 * The repository a URL names, as one key: "github.com/openpledge/openpledge" for a forge's URL (its path in lower
 * case, without ".git" or a trailing "/"), else the URL trimmed, in lower case, without a trailing "/" or ".git".
 */
export function repositoryKey(url: string, forges?: readonly ForgeEndpoint[]): string {
  try {
    const ref = parseRepositoryUrl(url.trim(), forges);
    return `${ref.host.toLowerCase()}/${ref.normalizedPath}`;
  } catch {
    return url
      .trim()
      .toLowerCase()
      .replace(/\/+$/, "")
      .replace(/\.git$/, "")
      .replace(/^https?:\/\//, "");
  }
}

/** What the twin search reads with: a page's context, narrowed. */
export interface TwinReaders {
  reader: Pick<OpenPledgeClient, "verification" | "listProjects">;
  indexer?:
    | {
        projects(query: { search?: string; sort?: ListSort; limit?: number; offset?: number }): Promise<ListPage<IndexedProject>>;
        projectAttestations(projectId: bigint): Promise<RepositoryAttestation[]>;
      }
    | undefined;
  deployment: { registry: string; chainId: number };
  now: bigint;
  forges(): ForgeEndpoint[];
}

function forgesOrDefault(context: Pick<TwinReaders, "forges">): ForgeEndpoint[] | undefined {
  try {
    return context.forges();
  } catch {
    return undefined;
  }
}

/**
 * The ids (lowest first, at most `MAX_TWINS`) and repository strings of other projects naming the same repository
 * as `repository`: from the indexer's search (the key's words, then exact keys) when it answers, else the registry's
 * project events.
 */
export async function projectsNaming(context: TwinReaders, projectId: bigint, repository: string): Promise<{ id: bigint; repository: string }[]> {
  if (repository.trim() === "") return [];
  const forges = forgesOrDefault(context);
  const key = repositoryKey(repository, forges);
  let candidates: { id: bigint; repository: string }[] | undefined;
  if (context.indexer !== undefined) {
    try {
      const found = await context.indexer.projects({ search: key, sort: "newest", limit: 50, offset: 0 });
      candidates = found.items.map((item) => ({ id: BigInt(item.id), repository: item.repository }));
    } catch {
      // The chain answers.
    }
  }
  candidates ??= (await context.reader.listProjects()).map((item: ProjectListing) => ({ id: item.id, repository: item.repository }));
  return candidates
    .filter((item) => item.id !== projectId && item.repository !== "" && repositoryKey(item.repository, forges) === key)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, MAX_TWINS);
}

/** Of the other projects naming `repository`, those verified for it by an attester the reader trusts. */
export async function verifiedTwins(context: TwinReaders, projectId: bigint, repository: string, trusted: readonly TrustedAttester[]): Promise<bigint[]> {
  const twins = await projectsNaming(context, projectId, repository);
  const verifications = await mapLimited(twins, 4, async (twin): Promise<ProjectVerification | undefined> => {
    try {
      if (context.indexer !== undefined) {
        try {
          const attestations = await context.indexer.projectAttestations(twin.id);
          const { registry, chainId } = context.deployment;
          return verificationOf({ projectId: twin.id, registry, chainId: BigInt(chainId), repository: twin.repository, attestations, trusted, now: context.now });
        } catch {
          // The chain answers.
        }
      }
      return await context.reader.verification.getVerification(twin.id, { attesters: trusted });
    } catch {
      return undefined;
    }
  });
  return twins.filter((_, index) => verifications[index]?.state === "verified").map((twin) => twin.id);
}

/** "#1", "#1 and #3", "#1, #3 and #7", each a link to its project. */
function projectLinks(ids: readonly bigint[], testid: string): string {
  const links = ids.map((id) => `<a href="#/project/${id}" data-testid="${testid}-${id}">#${id}</a>`);
  return links.length <= 1 ? links.join("") : `${links.slice(0, -1).join(", ")} and ${links.at(-1)}`;
}

/** On an unverified project: another project is verified for its repository, in one plain warning. */
export function verifiedTwinHtml(ids: readonly bigint[]): string {
  if (ids.length === 0) return "";
  const one = ids.length === 1;
  return `<p class="warning" data-testid="verification-twin"><strong>${one ? "Project" : "Projects"} ${projectLinks(ids, "verification-twin-link")} ${one ? "is" : "are"} verified for this repository; this one is not.</strong> Make sure you are funding the project you mean.</p>`;
}

/** On a list card: other projects name the same repository. */
export function twinsCardHtml(projectId: bigint | string, ids: readonly bigint[]): string {
  if (ids.length === 0) return "";
  const one = ids.length === 1;
  return `<div class="warning" data-testid="project-twins-${esc(projectId)}">${one ? "Project" : "Projects"} ${projectLinks(ids, `project-twin-${esc(projectId)}`)} ${one ? "names" : "name"} the same repository: check which one you mean.</div>`;
}
