import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { formatDate } from "../client/node.js";
import { parseId, runTask, type CommonArgs } from "./context.js";

export async function submit(args: CommonArgs & { id: string; uri: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ writer }) => (await writer()).submitMilestone(parseId(args.id, "campaign id"), args.uri),
    (result) => `Submitted; backers may object until ${formatDate(result.reviewEnd)} (tx ${result.hash})`,
  );
}

export async function object(args: CommonArgs & { id: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ writer }) => (await writer()).objectMilestone(parseId(args.id, "campaign id")),
    (result) => `Objected to the milestone in review of campaign ${args.id} (tx ${result.hash})`,
  );
}

export async function withdrawObjection(args: CommonArgs & { id: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ writer }) => (await writer()).withdrawObjection(parseId(args.id, "campaign id")),
    (result) => `Withdrew the objection in campaign ${args.id} (tx ${result.hash})`,
  );
}

export async function settle(args: CommonArgs & { id: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ client, writer }) => {
      const id = parseId(args.id, "campaign id");
      const tx = await (await writer()).settleMilestone(id);
      return { ...tx, state: (await client.getCampaign(id)).state };
    },
    (result) => `Settled campaign ${args.id}: it is ${result.state} (tx ${result.hash})`,
  );
}
