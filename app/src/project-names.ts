/**
 * Projects' names for the share pages: from each project's metadata document (read once per page load, through the
 * build's gateway), so that "project 12" reads "project 12 (ethers)". A project whose document cannot be read keeps
 * its number only; one the registry does not know is left out.
 */
import { mapLimited } from "../../client/index.js";
import type { PageContext } from "./context.js";
import { projectDocument } from "./documents.js";
import type { KnownProject, ProjectNames } from "./shares.js";

/** The names of `ids`, by id (those with a readable document). */
export async function projectNames(context: PageContext, ids: Iterable<bigint>): Promise<ProjectNames> {
  const unique = [...new Set(ids)];
  const named = await mapLimited(unique, 8, async (id) => {
    try {
      const document = await projectDocument((await context.reader.getProject(id)).metadataURI);
      return document.status === "ok" ? ([id, document.document.name] as const) : undefined;
    } catch {
      return undefined;
    }
  });
  return new Map(named.filter((entry): entry is readonly [bigint, string] => entry !== undefined));
}

/** Every registered project with its name when its document can be read: what the dependency picker offers. */
export async function knownProjects(context: PageContext): Promise<KnownProject[]> {
  const projects = await context.reader.listProjects();
  const documents = await mapLimited(projects, 8, (project) => projectDocument(project.metadataURI));
  return projects.map((project, index) => {
    const document = documents[index];
    return { id: project.id, name: document?.status === "ok" ? document.document.name : undefined };
  });
}
