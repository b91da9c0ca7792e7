import { ZeroAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { isUnset } from "./argv.js";
import { parseId, runTask, viewer, type CommonArgs } from "./context.js";
import { withIndexerLine } from "./indexed.js";
import { formatFields, formatTable } from "./output.js";
import { pageSizeOf } from "./parse.js";
import { currentDependenciesText } from "./shares.js";
import { readVerification, trustedAttestersOf, verifiedLine } from "./verification-view.js";

export async function register(
  args: CommonArgs & { metadata: string; repository: string; payout: string },
  hre: HardhatRuntimeEnvironment,
): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ writer, account, signer }) => {
      const payout = isUnset(args.payout) ? (await signer()).address : await account(args.payout);
      return (await writer()).registerProject({ metadataURI: args.metadata, repository: args.repository, payout });
    },
    (result) => `Registered project ${result.projectId} (tx ${result.hash})`,
  );
}

export async function show(args: CommonArgs & { id: string; attesters: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, account, chainId }) => {
      const project = await client.getProject(parseId(args.id, "project id"));
      const you = await viewer(args, account);
      const { list, text } = await currentDependenciesText(client, project.id);
      const verification = await readVerification(client, project.id, trustedAttestersOf(args.attesters, chainId));
      return {
        ...project,
        dependencies: list.dependencies,
        dependenciesText: text,
        youMaintain: you === undefined ? null : await client.isMaintainer(project.id, you),
        verification: verification.known ? verification.verification : { state: "unknown", reason: verification.reason },
        verifiedText: verifiedLine(verification),
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
          projects.map((project) => ({ id: project.id, owner: project.owner, payout: project.payout, metadata: project.metadataURI })),
          ["id", "owner", "payout", "metadata"],
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
