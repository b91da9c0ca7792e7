import { ZeroAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { isUnset } from "./argv.js";
import { parseId, runTask, UsageError, viewer, type CommonArgs } from "./context.js";
import { withIndexerLine } from "./indexed.js";
import { formatFields, formatTable } from "./output.js";
import { pageSizeOf } from "./parse.js";
import { currentDependenciesText } from "./shares.js";
import { printable } from "../attester/words.js";
import { UNSET_KEEP } from "./argv.js";
import { readerForges, repositoryWarning } from "./repository-advice.js";
import { pathCheckOf, pathLine, readVerification, trustedAttestersOf, verifiedLine } from "./verification-view.js";

/** "Registered project 3 (tx …)", with a `Warning:` line on stderr when no attester could verify the repository. */
function withWarning(text: string, warning: string | undefined): string {
  if (warning !== undefined) console.error(`Warning: ${warning}`);
  return text;
}

export async function register(
  args: CommonArgs & { metadata: string; repository: string; payout: string; forge?: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ writer, account, signer }) => {
      const forges = readerForges(args.forge ?? "");
      const payout = isUnset(args.payout) ? (await signer()).address : await account(args.payout);
      const result = await (await writer()).registerProject({ metadataURI: args.metadata, repository: args.repository, payout });
      return { ...result, warning: repositoryWarning(result.projectId, args.repository, forges) };
    },
    (result) => withWarning(`Registered project ${result.projectId} (tx ${result.hash})`, result.warning),
  );
}

/**
 * `project set-metadata <id> [--metadata URI] [--repository URL]` (owner only): what is not given stays as it is; an
 * empty --repository clears it. Changing the repository string and setting it back (--repository "", then the URL)
 * confirms it to attesters (a path now answering another repository id is attested again only after that); sending
 * the same string again, as a metadata-only edit does, confirms nothing.
 */
export async function setMetadata(
  args: CommonArgs & { id: string; metadata: string; repository: string; forge?: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, writer, signer }) => {
      const forges = readerForges(args.forge ?? "");
      const project = await client.getProject(parseId(args.id, "project id"));
      const me = (await signer()).address;
      if (project.owner.toLowerCase() !== me.toLowerCase()) {
        throw new UsageError(`project ${project.id} is owned by ${project.owner}, not ${me}: only its owner changes its metadata or repository; run this with --from <the owner's account>`);
      }
      const metadataURI = args.metadata === UNSET_KEEP ? project.metadataURI : args.metadata;
      const repository = args.repository === UNSET_KEEP ? project.repository : args.repository.trim();
      if (metadataURI.trim() === "") throw new UsageError("--metadata cannot be empty: give the metadata URI (ipfs:// or https://), or leave --metadata out to keep it");
      const result = await (await writer()).setProjectMetadata(project.id, metadataURI, repository);
      return {
        projectId: project.id,
        hash: result.hash,
        metadataURI,
        repository,
        repositoryChanged: repository !== project.repository,
        warning: repositoryWarning(project.id, repository, forges),
      };
    },
    (result) => {
      const repository = result.repository === "" ? "no repository" : `repository ${result.repository}`;
      const then = result.repository === "" ? "" : `; an attester verifies it after project verify ${result.projectId}`;
      const what = result.repositoryChanged ? `now names ${repository}${then}` : `keeps ${repository}, set again${then}`;
      return withWarning(`Project ${result.projectId} ${what}; metadata ${result.metadataURI} (tx ${result.hash})`, result.warning);
    },
  );
}

export async function show(args: CommonArgs & { id: string; attesters: string; forge?: string; skipPathCheck?: boolean }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, account, chainId }) => {
      const project = await client.getProject(parseId(args.id, "project id"));
      const you = await viewer(args, account);
      const { list, text } = await currentDependenciesText(client, project.id);
      const verification = await readVerification(client, project.id, trustedAttestersOf(args.attesters, chainId));
      const pathCheck = await pathCheckOf(client, verification, { forge: args.forge ?? "", skip: args.skipPathCheck === true });
      return {
        ...project,
        dependencies: list.dependencies,
        dependenciesText: text,
        youMaintain: you === undefined ? null : await client.isMaintainer(project.id, you),
        verification: verification.known ? verification.verification : { state: "unknown", reason: verification.reason },
        pathCheck,
        verifiedText: verifiedLine(verification, pathCheck),
        pathText: pathLine(pathCheck),
      };
    },
    (project) =>
      formatFields({
        project: project.id,
        owner: project.owner,
        "pending owner": project.pendingOwner === ZeroAddress ? null : project.pendingOwner,
        payout: project.payout,
        metadata: project.metadataURI,
        repository: project.repository === "" ? null : project.repository,
        verified: project.verifiedText,
        "path check": project.pathText,
        dependencies: project.dependenciesText,
        "you maintain it": project.youMaintain,
      }),
  );
}

export async function list(args: CommonArgs & { pageSize: string; indexer: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    ({ client }) => client.listProjects({ pageSize: pageSizeOf(args.pageSize) }),
    (projects, { client }) =>
      withIndexerLine(
        formatTable(
          projects.map((project) => ({
            id: project.id,
            owner: project.owner,
            payout: project.payout,
            metadata: project.metadataURI,
            repository: project.repository === "" ? null : printable(project.repository),
          })),
          ["id", "owner", "payout", "metadata", "repository"],
        ),
        client,
      ),
  );
}

export async function addMaintainer(args: CommonArgs & { id: string; account: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ writer, account }) => {
      const maintainer = await account(args.account);
      return { maintainer, ...(await (await writer()).addMaintainer(parseId(args.id, "project id"), maintainer)) };
    },
    (result) => `${result.maintainer} now maintains project ${args.id} (tx ${result.hash})`,
  );
}

export async function removeMaintainer(args: CommonArgs & { id: string; account: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ writer, account }) => {
      const maintainer = await account(args.account);
      return { maintainer, ...(await (await writer()).removeMaintainer(parseId(args.id, "project id"), maintainer)) };
    },
    (result) => `${result.maintainer} no longer maintains project ${args.id} (tx ${result.hash})`,
  );
}

export async function setPayout(args: CommonArgs & { id: string; payout: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ writer, account }) => {
      const payout = await account(args.payout);
      return { payout, ...(await (await writer()).setPayoutAddress(parseId(args.id, "project id"), payout)) };
    },
    (result) => `Project ${args.id} now pays out to ${result.payout} (tx ${result.hash})`,
  );
}
