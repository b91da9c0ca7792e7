import { readFile } from "node:fs/promises";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import {
  amountWriter,
  campaignListingOf,
  campaignTimeline,
  describeSpec,
  formatAmount,
  formatBps,
  formatDate,
  formatDuration,
  mapLimited,
  specHashOf,
  splitBasis,
  type AllowanceMode,
  type BackerStanding,
  type CampaignDetails,
  type CampaignListing,
  type CampaignSplit,
  type CampaignState,
  type MilestonePlanInput,
  type MilestoneProgress,
  type OpenedCampaign,
  type OpenPledgeClient,
  type ProtocolLimits,
  type SpecCheck,
} from "../client/node.js";
import { isUnset } from "./argv.js";
import { pledgeDisclosure, readBonusShown } from "./bonus.js";
import { withdrawalBonusText } from "./bonus-view.js";
import { formatCampaign } from "./campaign-view.js";
import { parseId, runTask, UsageError, viewer, warn, type CommonArgs, type TaskContext } from "./context.js";
import { describeEvent } from "./event-words.js";
import { withIndexerLine } from "./indexed.js";
import { formatFields, formatTable } from "./output.js";
import { bpsOf, daysOf, deadlineDateOf, durationOf, pageSizeOf, wholeDaysOf } from "./parse.js";
import { projectNames, projectText, type ProjectNames } from "./project-names.js";
import { dependencyText, type SplitShown } from "./shares-view.js";

/** `campaign show` of a feature request not accepted: what it is by its state, and the request task to use instead. */
export function requestNotCampaignText(id: bigint, state: CampaignState): string {
  if (state === "Requested") {
    return `#${id} is an open feature request, not a campaign (yet): it has no goal or deadline until a maintainer accepts it; request show ${id} tells it`;
  }
  const ended = state === "Declined" ? "was declined by a maintainer" : "expired without being accepted";
  return `#${id} is a feature request that ${ended}, not a campaign: it can never be accepted; request show ${id} tells it, and its backers take their whole pledge back with request refund ${id}`;
}

/** The states of a feature request not accepted (yet): `request show` tells those. */
const REQUEST_STATES: ReadonlySet<CampaignState> = new Set(["Requested", "Declined", "Expired"]);

export interface OpenArgs extends CommonArgs {
  project: string;
  spec: string;
  token: string;
  goal: string;
  days: string;
  deadline: string;
  specFile: string;
  lastCall: string;
  claimDays: string;
  milestones: string;
  initialShare: string;
  reviewDays: string;
  threshold: string;
  builderShare: string;
}

/** A campaign just opened, with the escrow's limits its terms were chosen within. */
interface Opened extends OpenedCampaign {
  limits: ProtocolLimits;
  /** Whether the last call and the claim window are the escrow's defaults (not given). */
  defaultLastCall: boolean;
  defaultClaimWindow: boolean;
  hasMilestones: boolean;
  spec: string;
  /** The pinned document's hash and the file it was read from; null when the campaign pins none. */
  pinned: { file: string; hash: string } | null;
  /** The builder share and the dependency list it froze. */
  split: CampaignSplit;
  /** Names of the dependencies' projects, when their metadata can be read. */
  names: ProjectNames;
}

export async function open(args: OpenArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, writer }): Promise<Opened> => {
      const projectId = parseId(args.project, "--project");
      const lastCallSeconds = isUnset(args.lastCall) ? undefined : durationOf(args.lastCall, "--last-call");
      const claimWindowSeconds = isUnset(args.claimDays) ? undefined : wholeDaysOf(args.claimDays, "--claim-days");
      if (claimWindowSeconds !== undefined && args.milestones !== "") {
        throw new UsageError("--claim-days is for campaigns without milestones: with --milestones, the due dates bound every wait and released shares stay claimable; leave --claim-days out");
      }
      const pinned = args.specFile === "" ? null : { file: args.specFile, hash: specHashOf(await specDocument(args.specFile)) };
      const [now, limits] = await Promise.all([client.chainTime(), client.limits()]);
      const deadline = deadlineOf(args, now);
      const milestones = args.milestones === "" ? undefined : planOf(args, deadline, lastCallSeconds ?? limits.defaultLastCall);
      const builderShareBps = isUnset(args.builderShare) ? undefined : BigInt(bpsOf(args.builderShare, "--builder-share"));
      const opened = await (await writer()).openCampaign({
        projectId,
        specURI: args.spec,
        specHash: pinned?.hash,
        token: args.token,
        goal: args.goal,
        deadline,
        lastCallSeconds,
        claimWindowSeconds,
        builderShareBps,
        milestones,
      });
      const split = await client.getSplit(opened.campaignId);
      return {
        ...opened,
        limits,
        defaultLastCall: lastCallSeconds === undefined,
        defaultClaimWindow: claimWindowSeconds === undefined,
        hasMilestones: milestones !== undefined,
        spec: args.spec,
        pinned,
        split,
        names: await projectNames(client, split.dependencies.map((dependency) => dependency.projectId)),
      };
    },
    openedText,
  );
}

async function specDocument(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new UsageError(`--spec-file: cannot read "${file}"${typeof code === "string" ? ` (${code})` : ""}: give the path of a local copy of the spec document`);
  }
}

function openedText(opened: Opened): string {
  const { limits } = opened;
  const lastCallNote = opened.defaultLastCall
    ? `the escrow's default; ${formatDuration(limits.minLastCall)} to ${formatDuration(limits.maxLastCall)} with --last-call`
    : "as given";
  const claimNote = opened.defaultClaimWindow
    ? `the escrow's default; ${formatDuration(limits.minClaimWindow)} to ${formatDuration(limits.maxClaimWindow)} with --claim-days`
    : "as given";
  const fields = formatFields({
    spec:
      opened.pinned === null
        ? `the spec is not pinned: what ${opened.spec} shows can change; pin a document with --spec-file`
        : `${opened.spec}, pinned to the document in ${opened.pinned.file} (hash ${opened.pinned.hash}): backers can tell if it is rewritten`,
    "planned deadline": formatDate(opened.deadline),
    "last call": `${formatDuration(opened.lastCall)} (${lastCallNote}), from ${formatDate(opened.deadline - opened.lastCall + 1n)}`,
    "weight cutoff": opened.hasMilestones
      ? `pledges after ${formatDate(opened.deadline - 2n * opened.lastCall)} carry no objection weight`
      : undefined,
    "latest deadline": formatDate(opened.deadline + 2n * opened.lastCall),
    "claim window": opened.hasMilestones
      ? undefined
      : `${formatDuration(opened.claimWindow)} after the deadline (${claimNote}): unclaimed after it, backers take their pledges back`,
    fee: `${formatBps(opened.feeBps)} of what is claimed`,
    "builder share":
      opened.split.builderShareBps === 0n
        ? undefined
        : `${formatBps(opened.split.builderShareBps)} of each claim, for the builder the project's owner nominates (campaign assign-builder ${opened.campaignId} <address>) and who accepts; until one does it waits in the campaign`,
    dependencies:
      opened.split.dependencyVersion === 0n || opened.split.dependencies.length === 0
        ? undefined
        : `${formatBps(opened.split.dependencyShareBps)} of each claim: ${dependencyText(opened.split.dependencies, opened.names)} (version ${opened.split.dependencyVersion} of project ${opened.split.projectId}'s list, frozen for this campaign)`,
  });
  return `Opened campaign ${opened.campaignId} (tx ${opened.hash})\n${fields}`;
}

/** A spec as the indexer read it from the opening event (the chain's list checks it against the escrow's commitment). */
interface IndexedSpec {
  status: "indexed";
  uri: string;
  hash: string;
  pinned: boolean;
}

/** A campaign of the list: its opening terms, its state and deadline now, and its spec. */
type ListedCampaign = CampaignListing & { state: CampaignState; currentDeadline: bigint; spec: SpecCheck | IndexedSpec };

export async function list(args: CommonArgs & { project: string; pageSize: string; indexer: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ client }) => {
      const projectId = args.project === "" ? undefined : parseId(args.project, "--project");
      return client.readIndexed<ListedCampaign[]>(
        projectId === undefined ? "the campaigns" : `the campaigns of project ${projectId}`,
        async (reader) => {
          const rows = await reader.readAll((page) => reader.campaigns({ project: projectId, ...page }));
          const listed = rows.items.map((row) => ({
            ...campaignListingOf(row),
            state: row.state,
            currentDeadline: BigInt(row.deadline),
            spec: { status: "indexed" as const, uri: row.specURI, hash: row.specHash, pinned: BigInt(row.specHash) !== 0n },
          }));
          return listed.sort((a, b) => (a.id < b.id ? -1 : 1));
        },
        async () => {
          const listed = await client.campaigns.listCampaigns({ projectId }, { pageSize: pageSizeOf(args.pageSize) });
          return mapLimited(listed, 8, async (campaign) => {
            const details = await client.getCampaign(campaign.id);
            return { ...campaign, state: details.state, currentDeadline: details.deadline, spec: details.spec };
          });
        },
      );
    },
    async (campaigns, { client }) =>
      withIndexerLine(
        formatTable(
          await Promise.all(
            campaigns.map(async (campaign) => ({
              id: campaign.id,
              project: campaign.projectId,
              goal: await client.format(campaign.goal, campaign.token),
              deadline: formatDate(campaign.currentDeadline),
              state: campaign.state,
              // The list keeps to the URI; `campaign show` says whether a document is pinned.
              spec: campaign.spec.status === "verified" || campaign.spec.status === "indexed" ? campaign.spec.uri : describeSpec(campaign.spec),
            })),
          ),
          ["id", "project", "goal", "deadline", "state", "spec"],
        ),
        client,
      ),
  );
}

export async function show(args: CommonArgs & { id: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, account }) => {
      const id = parseId(args.id, "campaign id");
      const [campaign, now] = await Promise.all([client.getCampaign(id), client.chainTime()]);
      if (REQUEST_STATES.has(campaign.state)) {
        throw new UsageError(requestNotCampaignText(id, campaign.state));
      }
      const you = await viewer(args, account);
      const yourPledge = you === undefined ? null : await client.pledgeOf(id, you);
      const yourWeight = you === undefined || !campaign.hasMilestones ? null : await client.objectionWeightOf(id, you);
      const milestones = campaign.hasMilestones ? await client.getMilestoneProgress(id) : undefined;
      // The delivery under review (or last reviewed): only the submission event has its URI.
      const submitted =
        milestones === undefined || milestones.reviewEnd === 0n
          ? []
          : await client.escrowEvents(["MilestoneSubmitted"], { fromBlock: Number(campaign.openedAtBlock) }, id);
      const last = submitted.at(-1);
      const delivery = last === undefined ? null : { index: last.args.index as bigint, uri: String(last.args.deliveryURI) };
      const bonus = await readBonusShown(client, campaign, you);
      const split = await readSplitShown(client, campaign, milestones);
      return { campaign, timeline: campaignTimeline(campaign, now), now, yourPledge, yourWeight, milestones, delivery, bonus, split };
    },
    formatCampaign,
  );
}

/** A campaign's split as `campaign show` tells it; null for a campaign without builder or dependency shares. */
async function readSplitShown(client: OpenPledgeClient, campaign: CampaignDetails, milestones: MilestoneProgress | undefined): Promise<SplitShown | null> {
  const split = await client.getSplit(campaign.id);
  if (split.builderShareBps === 0n && split.dependencyShareBps === 0n) return null;
  const basis = splitBasis(campaign, milestones);
  const credits = basis.kind === "claimed" ? await client.getSplitCredits(campaign.id) : undefined;
  const ids = [...split.dependencies.map((dependency) => dependency.projectId), ...(credits?.toDependencies ?? []).map((dependency) => dependency.projectId)];
  const names = await projectNames(client, ids);
  return { split, basis, names, ...(credits === undefined ? {} : { credits }) };
}

/** A backer's standing, with their objection weight in a campaign with milestones. */
type WeighedStanding = BackerStanding & { objectionWeight?: bigint };

export async function backers(args: CommonArgs & { id: string; pageSize: string; indexer: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ client }) => {
      const id = parseId(args.id, "campaign id");
      const campaign = await client.getCampaign(id);
      const standings: WeighedStanding[] = await client.campaignBackers(id, { pageSize: pageSizeOf(args.pageSize) });
      if (!campaign.hasMilestones) return { token: campaign.token, hasMilestones: false, backers: standings };
      const weights = await client.objectionWeights(id, standings.map((standing) => standing.backer));
      const weighed = standings.map((standing) => ({ ...standing, objectionWeight: weights.get(standing.backer) ?? 0n }));
      return { token: campaign.token, hasMilestones: true, backers: weighed };
    },
    ({ token, hasMilestones, backers: standings }, { client }) => {
      const amount = (value: bigint | undefined) =>
        value === undefined ? undefined : `${formatAmount(value, token.decimals)} ${token.symbol}`;
      const columns = ["backer", "pledged", "contributed", "refunded"];
      if (hasMilestones) columns.push("objection weight");
      const table = formatTable(
        standings.map((standing) => ({
          backer: standing.backer,
          pledged: amount(standing.pledged),
          contributed: amount(standing.contributed),
          refunded: amount(standing.refunded),
          "objection weight": amount(standing.objectionWeight),
        })),
        columns,
      );
      return withIndexerLine(table, client);
    },
  );
}

export async function history(args: CommonArgs & { id: string; pageSize: string; indexer: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    ({ client }) => client.campaignHistory(parseId(args.id, "campaign id"), { pageSize: pageSizeOf(args.pageSize) }),
    async (events, { client }) => {
      const campaign = await client.getCampaign(parseId(args.id, "campaign id"));
      const amount = amountWriter(campaign.token);
      const projectIds = events.flatMap((event) => (event.name === "DependencyShareCredited" ? [BigInt(String(event.args.dependencyId))] : event.name === "WaitingBuilderShareReleased" ? [BigInt(String(event.args.projectId))] : []));
      const about = { token: campaign.token, hasMilestones: campaign.hasMilestones, names: await projectNames(client, projectIds) };
      const table = formatTable(
        events.map((event) => ({ block: event.blockNumber, event: event.name, details: describeEvent(event, amount, about) })),
        ["block", "event", "details"],
      );
      return withIndexerLine(table, client);
    },
  );
}

export async function pledge(args: CommonArgs & { id: string; amount: string; allowance: string }, hre: HardhatRuntimeEnvironment) {
  const result = await runTask(
    hre,
    args,
    async ({ client, writer, signer }) => {
      const id = parseId(args.id, "campaign id");
      const mode = allowanceModeOf(args.allowance);
      const before = await client.getCampaign(id);
      // With a refund bonus, the quote and the disclosures are said before the pledge is sent.
      const value = await client.toBaseUnits(args.amount, before.token.address);
      const disclosure = await pledgeDisclosure(client, before, (await signer()).address, value);
      if (!args.json && disclosure.lines.length > 0) console.log(disclosure.lines.join("\n"));
      const pledged = await (await writer()).pledge(id, value, mode);
      return { ...pledged, bonusQuote: disclosure.bonus?.account.quote ?? null, campaign: await client.getCampaign(id) };
    },
    async (pledged, context) => {
      const reached = pledged.goalReached ? "; the total reached the goal" : "";
      return `Pledged ${await amountText(context, args.id, pledged.amount)} to campaign ${args.id}${reached} (tx ${pledged.hash})`;
    },
  );
  if (result === undefined) return;
  if (result.late) {
    warn(`pledges after ${formatDate(result.campaign.weightCutoff)} carry no objection weight: this one counts toward the goal but gives you no say in milestone reviews`);
  }
  if (result.deadlineExtended !== null) {
    warn(`this pledge reached the goal in the last call: the deadline moves to ${formatDate(result.deadlineExtended.to)}, so every other backer keeps a whole last call to withdraw`);
  }
}

export async function withdraw(args: CommonArgs & { id: string; amount: string }, hre: HardhatRuntimeEnvironment) {
  const result = await runTask(
    hre,
    args,
    async ({ client, writer, signer }) => {
      const id = parseId(args.id, "campaign id");
      const withdrawn = await (await writer()).withdrawPledge(id, args.amount);
      const backer = (await signer()).address;
      const [bonus, left] = await Promise.all([client.getBonus(id, { account: backer }), client.pledgeOf(id, backer)]);
      return { ...withdrawn, left, bonus: bonus.outcome === "none" ? null : bonus };
    },
    async (withdrawn, context) => {
      const line = `Withdrew ${await amountText(context, args.id, withdrawn.amount)} from campaign ${args.id} (tx ${withdrawn.hash})`;
      if (withdrawn.bonus === null) return line;
      const campaign = await context.client.getCampaign(BigInt(args.id));
      return `${line}\n${withdrawalBonusText(campaign, withdrawn.left, withdrawn.bonus.account.share)}`;
    },
  );
  if (result?.deadlineExtended) {
    warn(`this withdrawal took the total below the goal in the last call: the deadline moves to ${formatDate(result.deadlineExtended.to)}, so whoever fills the gap gets a whole last call`);
  }
}

export async function cancel(args: CommonArgs & { id: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ client, writer }) => {
      const id = parseId(args.id, "campaign id");
      const cancelled = await (await writer()).cancelCampaign(id);
      return { ...cancelled, bonus: await client.getBonus(id) };
    },
    async (result, context) => {
      const { bonus } = result;
      const write = async (value: bigint) => amountText(context, args.id, value);
      if (bonus.outcome !== "to-backers") return `Cancelled campaign ${args.id}; backers can refund (tx ${result.hash})`;
      // Credit stopped now: the backers' refunds carry what their pledges earned until now, the depositors reclaim the rest.
      const rest = bonus.pot - bonus.reservedForBackers;
      const shares =
        bonus.reservedForBackers === 0n
          ? `no backer's pledge earned any of its ${await write(bonus.pot)} refund bonus, so its depositors reclaim all of it (campaign reclaim-bonus ${args.id})`
          : `each refund adds the share of its ${await write(bonus.pot)} refund bonus the backer's pledge earned until now, at the campaign's rate ` +
            `(${await write(bonus.reservedForBackers)} in all); the depositors reclaim the other ${await write(rest)} (campaign reclaim-bonus ${args.id})`;
      return `Cancelled campaign ${args.id}; backers can refund (campaign refund ${args.id}): credit stopped now, ${shares} (tx ${result.hash})`;
    },
  );
}

export async function claim(args: CommonArgs & { id: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ writer }) => (await writer()).claim(parseId(args.id, "campaign id")),
    async (result, context) => {
      const amount = (value: bigint) => amountText(context, args.id, value);
      const { builder, dependencies } = result.shares;
      const names = await projectNames(context.client, dependencies.map((share) => share.projectId));
      const credited = [
        builder === null
          ? undefined
          : builder.to === null
            ? `${await amount(builder.amount)} of builder share waits in the campaign for a builder to accept`
            : `${await amount(builder.amount)} credited to the builder ${builder.to}`,
        ...(await Promise.all(dependencies.map(async (share) => `${await amount(share.amount)} credited to ${projectText(share.projectId, names)}`))),
      ].filter((part): part is string => part !== undefined);
      const shares = credited.length === 0 ? "" : `; ${credited.join(", ")}, for them to withdraw (funds show)`;
      return `Claimed ${await amount(result.amount)} to ${result.payout} (fee ${await amount(result.fee)})${shares} (tx ${result.hash})`;
    },
  );
}

export async function refund(args: CommonArgs & { id: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ writer }) => (await writer()).refund(parseId(args.id, "campaign id")),
    async (result, context) => {
      const bonus = result.bonus === 0n ? "" : `, plus ${await amountText(context, args.id, result.bonus)} of its refund bonus`;
      return `Refunded ${await amountText(context, args.id, result.amount)} from campaign ${args.id}${bonus} (tx ${result.hash})`;
    },
  );
}

async function amountText(context: TaskContext, id: string, value: bigint): Promise<string> {
  return amountWriter((await context.client.getCampaign(BigInt(id))).token)(value);
}

function allowanceModeOf(text: string): AllowanceMode {
  if (text === "auto" || text === "permit" || text === "approve") return text;
  throw new UsageError(`--allowance must be auto, permit or approve, not "${text}"`);
}

function deadlineOf(args: OpenArgs, now: bigint): bigint {
  if (args.deadline !== "") return deadlineDateOf(args.deadline);
  return now + daysOf(args.days, "--days");
}

/** The options of a milestone plan, shared by `campaign open` and `request accept`. */
export type PlanArgs = Pick<OpenArgs, "milestones" | "initialShare" | "reviewDays" | "threshold">;

/**
 * `--milestones "60:10,40:20"`: share in percent and due date in days after the planned deadline, per milestone. The
 * first must fall due after the latest deadline an extension can reach (the deadline plus two last calls).
 */
export function planOf(args: PlanArgs, deadline: bigint, lastCall: bigint): MilestonePlanInput {
  const milestones = args.milestones.split(",").map((part) => {
    const match = /^\s*([\d.]+)\s*:\s*([\d.]+)\s*$/.exec(part);
    if (match === null) throw new UsageError(`--milestones takes "share%:days-after-deadline,...", e.g. "60:10,40:20"; not "${part}"`);
    return { shareBps: bpsOf(match[1] ?? "", "a milestone's share"), due: deadline + daysOf(match[2] ?? "", "a milestone's days") };
  });
  const latestDeadline = deadline + 2n * lastCall;
  const reviewWindowSeconds = daysOf(args.reviewDays, "--review-days");
  const first = milestones[0];
  if (first !== undefined && first.due <= latestDeadline + reviewWindowSeconds) {
    throw new UsageError(
      `the first milestone falls due ${formatDate(first.due)}, but it must fall due more than one review window after ${formatDate(latestDeadline)}, the latest the deadline can move to (two last calls after it): give it more than ${formatDuration(2n * lastCall + reviewWindowSeconds)} after the deadline`,
    );
  }
  return {
    initialShareBps: bpsOf(args.initialShare, "--initial-share"),
    reviewWindowSeconds,
    objectionThresholdBps: isUnset(args.threshold) ? 0 : bpsOf(args.threshold, "--threshold"),
    milestones,
  };
}
