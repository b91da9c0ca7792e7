/**
 * Builder and dependency shares on the command line: a project's dependency list, a campaign's builder (nominate,
 * accept, release what waited), and what is owed to an account and its withdrawal. Shares in percent, amounts in the
 * token's units, times as dates.
 */
import { ZeroAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import {
  amountWriter,
  formatBps,
  normalizeToken,
  OpenPledgeError,
  type BuilderSharesWithdrawal,
  type CampaignSplit,
  type DependencyList,
  type DependencyShare,
  type OpenPledgeClient,
  type Owed,
  type OwedShare,
  type ProjectSharesWithdrawal,
  type TokenInfo,
} from "../client/node.js";
import { isUnset } from "./argv.js";
import { parseId, runTask, UsageError, viewer, type CommonArgs } from "./context.js";
import { formatTable } from "./output.js";
import { bpsOf } from "./parse.js";
import { projectNames, projectText, type ProjectNames } from "./project-names.js";
import { withIndexerLine } from "./indexed.js";
import { dependencyText } from "./shares-view.js";

// ------------------------------------------------------------------ dependency lists

/** `12:2.5%` (or `12:2.5`) as a dependency; anything else is refused with the form to use. */
export function dependencyOf(text: string): DependencyShare {
  const match = /^\s*(\d+)\s*:\s*([^:]+)$/.exec(text);
  if (match === null) throw new UsageError(`a dependency is written <project id>:<percent>, e.g. 12:2.5%; not "${text}"`);
  if (/^\s*\d*,\d+\s*%?\s*$/.test(match[2] ?? "")) {
    throw new UsageError(`the share of project ${match[1]} takes a dot as the decimal point, e.g. ${match[1]}:${(match[2] ?? "").trim().replace(",", ".")}; commas are not accepted: not "${text}"`);
  }
  return { projectId: parseId(match[1] ?? "", "a dependency's project id"), shareBps: BigInt(bpsOf(match[2] ?? "", `the share of project ${match[1]}`)) };
}

/**
 * `project set-dependencies`'s list: `none` alone clears it; nothing at all is refused (saying how to set or clear), as is
 * `none` beside dependencies.
 */
export function dependencyListOf(texts: readonly string[]): DependencyShare[] {
  const none = texts.filter((text) => text.trim().toLowerCase() === "none").length;
  if (texts.length === 0) {
    throw new UsageError("give the dependencies after the project id as <project>:<percent> ..., e.g. 2:5% 3:2.5%; or none to clear the list");
  }
  if (none > 0 && texts.length > 1) throw new UsageError("none clears the list, so it stands alone: give either none or the dependencies as <project>:<percent> ...");
  return none === 1 ? [] : texts.map(dependencyOf);
}

/** "5% to project 2 (ethers)", with a note when the share is below 1% (a likely "2:0.05" for 5%). */
function confirmedText(dependencies: readonly DependencyShare[], names: ProjectNames): string {
  return dependencies
    .map((dependency) => `${formatBps(dependency.shareBps)} to ${projectText(dependency.projectId, names)}${dependency.shareBps < 100n ? " (below 1%: write 5% for five percent)" : ""}`)
    .join(", ");
}

/** A dependency list told for people: its version and each share in percent, with the projects' names when known. */
interface ListShown extends DependencyList {
  current: bigint;
  names: ProjectNames;
}

function listText(list: ListShown): string {
  if (list.version === 0n) {
    return `Project ${list.projectId} has never declared a dependency list: its campaigns share nothing with dependencies (project set-dependencies ${list.projectId} <project>:<percent> ... declares one)`;
  }
  const which = list.version === list.current ? "the current version" : `not the current one, which is version ${list.current}`;
  const head = `Project ${list.projectId}'s dependency list, version ${list.version} (${which}): ${formatBps(list.totalShareBps)} of every claim of the campaigns that froze it`;
  if (list.dependencies.length === 0) return `${head}: no dependencies`;
  const table = formatTable(
    list.dependencies.map((dependency) => ({ project: projectText(dependency.projectId, list.names), share: formatBps(dependency.shareBps) })),
    ["project", "share"],
  );
  return `${head}\n${table}`;
}

export async function setDependencies(args: CommonArgs & { id: string; dependencies: string[] }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, writer }) => {
      const projectId = parseId(args.id, "project id");
      const dependencies = dependencyListOf(args.dependencies);
      const set = await (await writer()).setDependencies(projectId, dependencies);
      const names = await projectNames(client, dependencies.map((dependency) => dependency.projectId));
      return { ...set, projectId, dependencies, totalShareBps: dependencies.reduce((sum, entry) => sum + entry.shareBps, 0n), names };
    },
    (set) =>
      set.dependencies.length === 0
        ? `Project ${set.projectId}'s dependency list is now version ${set.version}, empty: campaigns opened from now on share nothing with dependencies; campaigns already open keep the version they froze (tx ${set.hash})`
        : `Project ${set.projectId}'s dependency list is now version ${set.version}: ${confirmedText(set.dependencies, set.names)}; ${formatBps(set.totalShareBps)} in all of every claim of the campaigns opened from now on; campaigns already open keep the version they froze (tx ${set.hash})`,
  );
}

export async function dependencies(args: CommonArgs & { id: string; listVersion: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client }): Promise<ListShown> => {
      const projectId = parseId(args.id, "project id");
      const project = await client.getProject(projectId);
      const version = isUnset(args.listVersion) ? undefined : versionOf(args.listVersion);
      if (version !== undefined && version > project.dependencyVersion) {
        throw new UsageError(`project ${projectId} has declared ${project.dependencyVersion} version(s) of its dependency list, so there is no version ${version}: give 1 to ${project.dependencyVersion}, or leave --list-version out for the current one`);
      }
      const list = await client.getDependencies(projectId, version);
      return { ...list, current: project.dependencyVersion, names: await projectNames(client, list.dependencies.map((dependency) => dependency.projectId)) };
    },
    listText,
  );
}

function versionOf(text: string): bigint {
  if (!/^\d+$/.test(text.trim())) throw new UsageError(`--list-version must be a whole number (1 for the first list), not "${text}"`);
  return BigInt(text.trim());
}

/** `project show`'s line about the current dependency list. */
export async function currentDependenciesText(client: OpenPledgeClient, projectId: bigint): Promise<{ list: DependencyList; text: string }> {
  const list = await client.getDependencies(projectId);
  if (list.version === 0n) return { list, text: "none declared" };
  const names = await projectNames(client, list.dependencies.map((dependency) => dependency.projectId));
  const entries = list.dependencies.length === 0 ? "empty" : `${dependencyText(list.dependencies, names)}; ${formatBps(list.totalShareBps)} in all`;
  return { list, text: `${entries} (version ${list.version}; campaigns opened from now on freeze it)` };
}

// ------------------------------------------------------------------ a campaign's builder

/** A campaign's split with its token, for the words of the builder tasks. */
async function splitWithToken(client: OpenPledgeClient, campaignId: bigint): Promise<{ split: CampaignSplit; token: TokenInfo }> {
  const split = await client.getSplit(campaignId);
  return { split, token: await client.token(split.token) };
}

export async function assignBuilder(args: CommonArgs & { id: string; account: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, writer, account }) => {
      const id = parseId(args.id, "campaign id");
      const nominee = args.account.trim().toLowerCase() === "none" ? ZeroAddress : await account(args.account);
      const nominated = await (await writer()).nominateBuilder(id, nominee);
      return { ...nominated, campaignId: id, nominee: nominee === ZeroAddress ? null : nominee, split: await client.getSplit(id) };
    },
    ({ campaignId, nominee, split, hash }) =>
      nominee === null
        ? `Cleared the builder nomination of campaign ${campaignId}: nobody can accept the role until someone is nominated again (tx ${hash})`
        : `Nominated ${nominee} as the builder of campaign ${campaignId} (${formatBps(split.builderShareBps)} of each claim${split.builder === null ? "" : `; ${split.builder} stays the builder until then`}): they take the role with campaign accept-builder ${campaignId} --from ${nominee} (tx ${hash})`,
  );
}

export async function acceptBuilder(args: CommonArgs & { id: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, writer, signer }) => {
      const id = parseId(args.id, "campaign id");
      const me = (await signer()).address;
      const before = await client.getSplit(id);
      if (before.builder !== null && before.builder.toLowerCase() === me.toLowerCase()) {
        throw new UsageError(`${me} is already the builder of campaign ${id}: there is nothing to accept (funds show --from ${me} lists what it is owed)`);
      }
      const accepted = await (await writer()).acceptBuilder(id);
      return { ...accepted, campaignId: id, builder: me, ...(await splitWithToken(client, id)) };
    },
    ({ campaignId, builder, split, token, waitingTaken, hash }) => {
      const took =
        waitingTaken === 0n
          ? ""
          : `; the ${amountWriter(token)(waitingTaken)} of builder share that waited is now yours (funds withdraw --token ${token.native ? "ETH" : token.address} --from ${builder})`;
      return `${builder} is now the builder of campaign ${campaignId}: ${formatBps(split.builderShareBps)} of each claim is credited to you from now on${took} (tx ${hash})`;
    },
  );
}

export async function releaseBuilderShare(args: CommonArgs & { id: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, writer }) => {
      const id = parseId(args.id, "campaign id");
      const released = await (await writer()).releaseWaitingBuilderShare(id);
      return { ...released, campaignId: id, ...(await splitWithToken(client, id)) };
    },
    ({ campaignId, amount, projectId, token, hash }) =>
      `Released ${amountWriter(token)(amount)} of builder share nobody accepted in campaign ${campaignId} to project ${projectId}'s credit: a maintainer of the project withdraws it to its payout address (funds withdraw --project ${projectId}) (tx ${hash})`,
  );
}

// ------------------------------------------------------------------ funds owed

type FundsArgs = CommonArgs & { account: string; indexer?: string };

/** What is owed to an account, with the tokens it is owed in and the projects' names. */
interface OwedShown extends Owed {
  /** Projects whose payout address is the account and that have credits (withdrawn by a maintainer, paid to it). */
  asPayout: { projectId: bigint; shares: OwedShare[] }[];
  tokens: Record<string, TokenInfo>;
  names: ProjectNames;
}

async function tokensOf(client: OpenPledgeClient, addresses: readonly string[]): Promise<Record<string, TokenInfo>> {
  const unique = [...new Set(addresses)];
  return Object.fromEntries(await Promise.all(unique.map(async (address) => [address, await client.token(address)] as const)));
}

function sharesText(shares: readonly OwedShare[], tokens: Record<string, TokenInfo>): string {
  return shares.map((share) => amountText(share.amount, tokens[share.token])).join(", ");
}

function amountText(amount: bigint, token: TokenInfo | undefined): string {
  return token === undefined ? `${amount} base units` : amountWriter(token)(amount);
}

function owedText(owed: OwedShown): string {
  const lines: string[] = [];
  if (owed.asBuilder.length > 0) {
    lines.push(`as a builder: ${sharesText(owed.asBuilder, owed.tokens)} (funds withdraw --from ${owed.account}; --to sends it elsewhere)`);
  }
  for (const project of owed.asMaintainer) {
    lines.push(`to ${projectText(project.projectId, owed.names)}, which it maintains: ${sharesText(project.shares, owed.tokens)}, paid to its payout address ${project.payout} (funds withdraw --project ${project.projectId} --from ${owed.account})`);
  }
  for (const nomination of owed.nominations) {
    const waits = nomination.waiting === 0n ? "nothing waits yet" : `${amountText(nomination.waiting, owed.tokens[nomination.token])} waits for the builder`;
    lines.push(
      `nominated as the builder of campaign ${nomination.campaignId} (${formatBps(nomination.builderShareBps)} of each claim), not accepted: ${waits} (campaign accept-builder ${nomination.campaignId} --from ${owed.account})`,
    );
  }
  const paidHere = owed.asPayout
    .filter((project) => !owed.asMaintainer.some((entry) => entry.projectId === project.projectId))
    .map(
      (project) =>
        `${projectText(project.projectId, owed.names)}'s credits (${sharesText(project.shares, owed.tokens)}) are paid to this address when one of its maintainers withdraws them (funds withdraw --project ${project.projectId} --from <maintainer>)`,
    );
  if (lines.length === 0) {
    const nothing = `Nothing is owed to ${owed.account}: no builder share, and no credit for a project it maintains`;
    return paidHere.length === 0 ? nothing : `${nothing}; ${paidHere.join("; ")}`;
  }
  return `Owed to ${owed.account}:\n${[...lines, ...paidHere].map((line) => `  ${line}`).join("\n")}`;
}

/** `--account`, else `--from`, as an address. */
async function accountOf(args: FundsArgs, account: (ref: string) => Promise<string>): Promise<string> {
  const who = isUnset(args.account) ? await viewer(args, account) : await account(args.account);
  if (who === undefined) throw new UsageError("this network has no accounts: give the account to look at with --account <address>");
  return who;
}

export async function fundsShow(args: FundsArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, account }): Promise<OwedShown> => {
      const owed = await client.getOwed(await accountOf(args, account));
      const asPayout = await payoutCredits(client, owed.account);
      const addresses = [
        ...owed.asBuilder.map((share) => share.token),
        ...owed.asMaintainer.flatMap((entry) => entry.shares.map((share) => share.token)),
        ...asPayout.flatMap((entry) => entry.shares.map((share) => share.token)),
        ...owed.nominations.map((entry) => entry.token),
      ];
      const projectIds = [...owed.asMaintainer, ...asPayout].map((entry) => entry.projectId);
      const [tokens, names] = await Promise.all([tokensOf(client, addresses), projectNames(client, projectIds)]);
      return { ...owed, asPayout, tokens, names };
    },
    (owed, { client }) => withIndexerLine(owedText(owed), client),
  );
}

/** The projects whose payout address (the registry's, now) is `account`, with their credits above zero. */
async function payoutCredits(client: OpenPledgeClient, account: string): Promise<{ projectId: bigint; shares: OwedShare[] }[]> {
  const listed = (await client.listProjects()).filter((project) => project.payout.toLowerCase() === account.toLowerCase());
  if (listed.length === 0) return [];
  const tokens = await client.shares.tokensUsed();
  const found = await Promise.all(
    listed.map(async (project) => {
      if ((await client.registry.payoutOf(project.id)).toLowerCase() !== account.toLowerCase()) return { projectId: project.id, shares: [] };
      const shares = await Promise.all(tokens.map(async (token) => ({ token, amount: await client.escrow.projectSharesOf(project.id, token) })));
      return { projectId: project.id, shares: shares.filter((share) => share.amount !== 0n) };
    }),
  );
  return found.filter((entry) => entry.shares.length > 0).sort((a, b) => (a.projectId < b.projectId ? -1 : a.projectId > b.projectId ? 1 : 0));
}

type Withdrawal = (BuilderSharesWithdrawal & { kind: "builder" }) | (ProjectSharesWithdrawal & { kind: "project"; projectId: bigint });

export async function fundsWithdraw(args: CommonArgs & { token: string; to: string; project: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, writer, account, signer }): Promise<{ withdrawals: Withdrawal[]; tokens: Record<string, TokenInfo> }> => {
      const only = isUnset(args.token) ? undefined : normalizeToken(args.token);
      const sender = await writer();
      const withdrawals: Withdrawal[] = [];
      if (args.project !== "") {
        if (!isUnset(args.to)) {
          throw new UsageError("a project's credits always go to its payout address: leave --to out (the project's owner changes the payout address with project set-payout)");
        }
        const projectId = parseId(args.project, "--project");
        const tokens = only === undefined ? await owedTokens(client, (token) => client.escrow.projectSharesOf(projectId, token)) : [only];
        if (tokens.length === 0) {
          const exists = await client.getProject(projectId).then(
            () => true,
            (error: unknown) => {
              if (error instanceof OpenPledgeError && error.errorName === "UnknownProject") return false;
              throw error;
            },
          );
          if (!exists) throw new UsageError(`there is no project ${projectId} (project list shows the ids)`);
          throw new UsageError(`nothing is owed to project ${projectId} in any token: funds show --account <a maintainer> lists what is owed to the projects an account maintains`);
        }
        for (const token of tokens) withdrawals.push({ kind: "project", projectId, ...(await sender.withdrawProjectShares(projectId, token)) });
      } else {
        const me = (await signer()).address;
        const to = isUnset(args.to) ? me : await account(args.to);
        const tokens = only === undefined ? await owedTokens(client, (token) => client.escrow.builderSharesOf(me, token)) : [only];
        if (tokens.length === 0) {
          throw new UsageError(`nothing is owed to ${me} as a builder in any token: funds show --account ${me} lists what is owed to it, and to the projects it maintains (withdraw those with --project)`);
        }
        for (const token of tokens) withdrawals.push({ kind: "builder", ...(await sender.withdrawBuilderShares(token, to)) });
      }
      return { withdrawals, tokens: await tokensOf(client, withdrawals.map((entry) => entry.token)) };
    },
    ({ withdrawals, tokens }) =>
      withdrawals
        .map((entry) =>
          entry.kind === "builder"
            ? `Sent ${amountText(entry.amount, tokens[entry.token])} of builder shares to ${entry.to} (tx ${entry.hash})`
            : `Sent ${amountText(entry.amount, tokens[entry.token])} of project ${entry.projectId}'s credits to its payout address ${entry.payout} (tx ${entry.hash})`,
        )
        .join("\n"),
  );
}

/** The tokens (ETH and every token a campaign used) in which `credit` is above zero. */
async function owedTokens(client: OpenPledgeClient, credit: (token: string) => Promise<bigint>): Promise<string[]> {
  const tokens = await client.shares.tokensUsed();
  const credits = await Promise.all(tokens.map(async (token) => ((await credit(token)) > 0n ? token : undefined)));
  return credits.filter((token): token is string => token !== undefined);
}

