/** Projects' names from their metadata documents, when they can be read: "project 12 (ethers)", else "project 12". */
import { mapLimited, readProjectMetadata, type OpenPledgeClient } from "../client/node.js";

/** How long one metadata document may take: a name is a courtesy, never worth a slow command. */
const NAME_TIMEOUT_MS = 3_000;

/** Project id (as decimal text, so the map survives `--json`) to the name its metadata document gives. */
export type ProjectNames = Record<string, string>;

/** The names of `projectIds` that have a readable metadata document; the others are left out. */
export async function projectNames(client: OpenPledgeClient, projectIds: readonly bigint[]): Promise<ProjectNames> {
  const unique = [...new Set(projectIds)];
  const found = await mapLimited(unique, 4, async (projectId): Promise<[string, string] | undefined> => {
    try {
      const { metadataURI } = await client.getProject(projectId);
      const read = await readProjectMetadata(metadataURI, { timeoutMs: NAME_TIMEOUT_MS });
      return read.status === "ok" ? [String(projectId), read.document.name] : undefined;
    } catch {
      return undefined;
    }
  });
  return Object.fromEntries(found.filter((entry): entry is [string, string] => entry !== undefined));
}

/** "project 12 (ethers)", or "project 12" without a name. */
export function projectText(projectId: bigint, names: ProjectNames): string {
  const name = names[String(projectId)];
  return name === undefined ? `project ${projectId}` : `project ${projectId} (${name})`;
}
