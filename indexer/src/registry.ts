/** The registry's events: projects, their owners, payout addresses, metadata, maintainers and dependency lists. */
import { ponder } from "ponder:registry";
import { dependencyList, maintainer, project } from "ponder:schema";

import { lower } from "./json.ts";

const NOBODY = "0x0000000000000000000000000000000000000000";

ponder.on("ProjectRegistry:ProjectRegistered", async ({ event, context }) => {
  await context.db.insert(project).values({
    id: event.args.projectId,
    owner: lower(event.args.owner),
    pendingOwner: NOBODY,
    payout: lower(event.args.payout),
    metadataURI: event.args.metadataURI,
    repository: event.args.repository,
    registeredAtBlock: event.block.number,
    registeredAt: event.block.timestamp,
    updatedAtBlock: event.block.number,
    campaignCount: 0,
    fundedBps: 0n,
    dependencyVersion: 0n,
    dependencyShareBps: 0,
  });
});

ponder.on("ProjectRegistry:ProjectOwnershipTransferStarted", async ({ event, context }) => {
  await context.db.update(project, { id: event.args.projectId }).set({ pendingOwner: lower(event.args.pendingOwner) });
});

ponder.on("ProjectRegistry:ProjectOwnershipTransferred", async ({ event, context }) => {
  await context.db
    .update(project, { id: event.args.projectId })
    .set({ owner: lower(event.args.newOwner), pendingOwner: NOBODY, updatedAtBlock: event.block.number });
});

ponder.on("ProjectRegistry:PayoutAddressChanged", async ({ event, context }) => {
  await context.db
    .update(project, { id: event.args.projectId })
    .set({ payout: lower(event.args.payout), updatedAtBlock: event.block.number });
});

ponder.on("ProjectRegistry:ProjectMetadataChanged", async ({ event, context }) => {
  await context.db.update(project, { id: event.args.projectId }).set({
    metadataURI: event.args.metadataURI,
    repository: event.args.repository,
    updatedAtBlock: event.block.number,
  });
});

ponder.on("ProjectRegistry:MaintainerAdded", async ({ event, context }) => {
  await context.db
    .insert(maintainer)
    .values({ projectId: event.args.projectId, account: lower(event.args.account), addedAtBlock: event.block.number });
});

ponder.on("ProjectRegistry:MaintainerRemoved", async ({ event, context }) => {
  await context.db.delete(maintainer, { projectId: event.args.projectId, account: lower(event.args.account) });
});

ponder.on("ProjectRegistry:DependenciesSet", async ({ event, context }) => {
  const { projectId, version, totalShareBps } = event.args;
  await context.db.insert(dependencyList).values({
    projectId,
    version,
    dependencies: event.args.dependencies.map((entry) => ({ projectId: entry.projectId.toString(), shareBps: Number(entry.shareBps) })),
    totalShareBps: Number(totalShareBps),
    setAtBlock: event.block.number,
    setAt: event.block.timestamp,
    transactionHash: event.transaction.hash,
  });
  // The new version is the one campaigns opened from now on freeze (`openingTermsFor`).
  await context.db.update(project, { id: projectId }).set({ dependencyVersion: version, dependencyShareBps: Number(totalShareBps) });
});
