import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { formatAmount } from "../client/amounts.js";
import { mapLimited } from "../client/concurrency.js";
import type { AllowanceMode, MilestonePlanInput } from "../client/client.js";
import { parseId, runTask, UsageError, type CommonArgs, type TaskContext } from "./context.js";
import { formatFields, formatTable, formatTime } from "./output.js";
import { pageSizeOf } from "./projects.js";

const DAY = 86_400n;

export interface OpenArgs extends CommonArgs {
  project: string;
  spec: string;
  token: string;
  goal: string;
  days: string;
  deadline: string;
  milestones: string;
  initialShare: string;
  reviewDays: string;
  threshold: string;
}

export async function open(args: OpenArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, writer }) => {
      const latest = await client.provider.getBlock("latest");
      const now = BigInt(latest?.timestamp ?? 0);
      const deadline = deadlineOf(args, now);
      const milestones = args.milestones === "" ? undefined : planOf(args, deadline);
      const projectId = parseId(args.project, "--project");
      const result = await (await writer()).openCampaign({ projectId, specURI: args.spec, token: args.token, goal: args.goal, deadline, milestones });
      return { ...result, deadline };
    },
    (result) => `Opened campaign ${result.campaignId}, funding until ${formatTime(result.deadline)} (tx ${result.hash})`,
  );
}

export async function list(args: CommonArgs & { project: string; pageSize: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ client }) => {
      const projectId = args.project === "" ? undefined : parseId(args.project, "--project");
      const listed = await client.listCampaigns({ projectId }, { pageSize: pageSizeOf(args.pageSize) });
      return mapLimited(listed, 8, async (campaign) => ({ ...campaign, state: (await client.getCampaign(campaign.id)).state }));
    },
    async (campaigns, { client }) =>
      formatTable(
        await Promise.all(
          campaigns.map(async (campaign) => ({
            id: campaign.id,
            project: campaign.projectId,
            goal: await client.format(campaign.goal, campaign.token),
            deadline: formatTime(campaign.deadline),
            state: campaign.state,
            spec: campaign.specURI,
          })),
        ),
        ["id", "project", "goal", "deadline", "state", "spec"],
      ),
  );
}

export async function show(args: CommonArgs & { id: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, signer }) => {
      const id = parseId(args.id, "campaign id");
      const campaign = await client.getCampaign(id);
      const you = await signer().catch(() => undefined);
      const yourPledge = you === undefined ? null : await client.pledgeOf(id, you.address);
      const milestones = campaign.hasMilestones ? await client.getMilestoneProgress(id) : undefined;
      return { campaign, yourPledge, milestones };
    },
    ({ campaign, yourPledge, milestones }) => {
      const amount = (value: bigint) => `${formatAmount(value, campaign.token.decimals)} ${campaign.token.symbol}`;
      const lines = formatFields({
        campaign: campaign.id,
        project: campaign.projectId,
        state: campaign.state,
        spec: campaign.specURI,
        token: campaign.token.native ? "ETH" : `${campaign.token.symbol} ${campaign.token.address}`,
        goal: amount(campaign.goal),
        pledged: `${amount(campaign.pledged)} (${campaign.goal === 0n ? 0 : (campaign.pledged * 100n) / campaign.goal}%)`,
        deadline: formatTime(campaign.deadline),
        fee: `${campaign.feeBps} bps`,
        "your pledge": yourPledge === null ? null : amount(yourPledge),
      });
      if (milestones === undefined) return lines;
      const plan = milestones.milestones
        .map((m, i) => `  ${i}: ${Number(m.shareBps) / 100}% due ${formatTime(m.due)}${BigInt(i) < milestones.current ? " (accepted)" : ""}`)
        .join("\n");
      const review =
        milestones.reviewEnd === 0n
          ? null
          : `until ${formatTime(milestones.reviewEnd)}, objections ${amount(milestones.objectionWeight)} of ${amount(milestones.thresholdWeight)} to exceed`;
      return `${lines}\n${formatFields({
        milestones: `${milestones.current}/${milestones.count} accepted, ${Number(milestones.releasedBps) / 100}% released`,
        released: amount(milestones.released),
        claimed: amount(milestones.claimed),
        refunded: amount(milestones.refunded),
        "in review": review,
      })}\nplan:\n${plan}`;
    },
  );
}

export async function backers(args: CommonArgs & { id: string; pageSize: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ client }) => {
      const id = parseId(args.id, "campaign id");
      const campaign = await client.getCampaign(id);
      return { token: campaign.token, backers: await client.campaignBackers(id, { pageSize: pageSizeOf(args.pageSize) }) };
    },
    ({ token, backers: standings }) =>
      formatTable(
        standings.map((standing) => ({
          backer: standing.backer,
          pledged: formatAmount(standing.pledged, token.decimals),
          contributed: formatAmount(standing.contributed, token.decimals),
          refunded: formatAmount(standing.refunded, token.decimals),
        })),
        ["backer", "pledged", "contributed", "refunded"],
      ),
  );
}

export async function history(args: CommonArgs & { id: string; pageSize: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    ({ client }) => client.campaignHistory(parseId(args.id, "campaign id"), { pageSize: pageSizeOf(args.pageSize) }),
    (events) =>
      formatTable(
        events.map((event) => ({
          block: event.blockNumber,
          event: event.name,
          details: Object.entries(event.args)
            .filter(([key]) => key !== "campaignId" && key !== "specURI")
            .map(([key, value]) => `${key}=${String(value)}`)
            .join(" "),
        })),
        ["block", "event", "details"],
      ),
  );
}

export async function pledge(args: CommonArgs & { id: string; amount: string; allowance: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ writer }) => {
      const mode = allowanceModeOf(args.allowance);
      return (await writer()).pledge(parseId(args.id, "campaign id"), args.amount, mode);
    },
    async (result, context) => `Pledged ${await amountText(context, args.id, result.amount)} to campaign ${args.id} (tx ${result.hash})`,
  );
}

export async function withdraw(args: CommonArgs & { id: string; amount: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ writer }) => (await writer()).withdrawPledge(parseId(args.id, "campaign id"), args.amount),
    (result) => `Withdrew ${args.amount} from campaign ${args.id} (tx ${result.hash})`,
  );
}

export async function cancel(args: CommonArgs & { id: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ writer }) => (await writer()).cancelCampaign(parseId(args.id, "campaign id")),
    (result) => `Cancelled campaign ${args.id}; backers can refund (tx ${result.hash})`,
  );
}

export async function claim(args: CommonArgs & { id: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ writer }) => (await writer()).claim(parseId(args.id, "campaign id")),
    async (result, context) =>
      `Claimed ${await amountText(context, args.id, result.amount)} to ${result.payout} (fee ${await amountText(context, args.id, result.fee)}) (tx ${result.hash})`,
  );
}

export async function refund(args: CommonArgs & { id: string }, hre: HardhatRuntimeEnvironment) {
  await runTask(
    hre,
    args,
    async ({ writer }) => (await writer()).refund(parseId(args.id, "campaign id")),
    async (result, context) => `Refunded ${await amountText(context, args.id, result.amount)} from campaign ${args.id} (tx ${result.hash})`,
  );
}

async function amountText(context: TaskContext, id: string, value: bigint): Promise<string> {
  const campaign = await context.client.getCampaign(BigInt(id));
  return `${formatAmount(value, campaign.token.decimals)} ${campaign.token.symbol}`;
}

function allowanceModeOf(text: string): AllowanceMode {
  if (text === "auto" || text === "permit" || text === "approve") return text;
  throw new UsageError(`--allowance must be auto, permit or approve, not "${text}"`);
}

function deadlineOf(args: OpenArgs, now: bigint): bigint {
  if (args.deadline !== "") {
    if (!/^\d+$/.test(args.deadline)) throw new UsageError(`--deadline must be a unix time in seconds, not "${args.deadline}"`);
    return BigInt(args.deadline);
  }
  return now + daysOf(args.days, "--days");
}

/** `--milestones "60:10,40:20"`: share in percent and due date in days after the deadline, per milestone. */
function planOf(args: OpenArgs, deadline: bigint): MilestonePlanInput {
  const milestones = args.milestones.split(",").map((part) => {
    const match = /^\s*([\d.]+)\s*:\s*([\d.]+)\s*$/.exec(part);
    if (match === null) throw new UsageError(`--milestones takes "share%:days-after-deadline,...", e.g. "60:10,40:20"; not "${part}"`);
    return { shareBps: percentToBps(match[1] ?? "", "a milestone's share"), due: deadline + daysOf(match[2] ?? "", "a milestone's days") };
  });
  return {
    initialShareBps: percentToBps(args.initialShare, "--initial-share"),
    reviewWindowSeconds: daysOf(args.reviewDays, "--review-days"),
    objectionThresholdBps: args.threshold === "" ? 0 : percentToBps(args.threshold, "--threshold"),
    milestones,
  };
}

/** A percentage with at most two decimals ("50", "33.33") as basis points; anything else is refused, never rounded. */
function percentToBps(text: string, what: string): number {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim());
  const bps = match === null ? NaN : Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  if (!Number.isInteger(bps) || bps > 10_000) throw new UsageError(`${what} must be a percentage from 0 to 100 with at most two decimals, not "${text}"`);
  return bps;
}

/** A positive number of days ("7", "0.5") as whole seconds. */
export function daysOf(text: string, what: string): bigint {
  const seconds = /^\d+(\.\d+)?$/.test(text.trim()) ? Math.round(Number(text) * Number(DAY)) : NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1) throw new UsageError(`${what} must be a positive number of days (at least one second), not "${text}"`);
  return BigInt(seconds);
}
