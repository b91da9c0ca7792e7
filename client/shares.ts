/**
 * Builder and dependency shares: a project's versioned dependency list, a campaign's split (its builder, the nominee,
 * the builder share waiting for someone to accept, the dependency list it froze), what one claim pays each recipient
 * (the contract's rounding, to the wei), what is owed to an account, and the builder's and a project's withdrawals.
 */
import { getAddress, ZeroAddress, type Log } from "ethers";

import type { IProjectRegistry } from "../typechain-types/ProjectRegistry.js";
import type { CampaignDetails } from "./campaigns.js";
import type { Connection } from "./connection.js";
import { withDecodedErrors } from "./errors.js";
import { decodeEscrowLog, decodeLog, ESCROW_INTERFACE, eventArg, eventValue, REGISTRY_INTERFACE } from "./events.js";
import { mapLimited } from "./concurrency.js";
import type { LogRange } from "./logs.js";
import type { MilestoneProgress } from "./milestones.js";
import { normalizeToken } from "./tokens.js";
import type { Transactions, TxResult } from "./transactions.js";

/** One project a project depends on, and its share of every claim of the depending project's campaigns. */
export interface DependencyShare {
  projectId: bigint;
  /** Basis points of the gross amount of each claim (10,000 = 100%). */
  shareBps: bigint;
}

/** One version of a project's dependency list. */
export interface DependencyList {
  projectId: bigint;
  /** The version read (0: the project never declared a list; such a list is empty). */
  version: bigint;
  dependencies: DependencyShare[];
  /** The sum of the shares, in basis points. */
  totalShareBps: bigint;
}

/** Who a campaign's claims pay besides its project and the protocol fee, frozen at its opening. */
export interface CampaignSplit {
  campaignId: bigint;
  projectId: bigint;
  /** The campaign's token: the zero address for ETH. */
  token: string;
  /** The protocol fee the campaign recorded at opening, in basis points. */
  feeBps: bigint;
  /** The builder who accepted; null while nobody has. */
  builder: string | null;
  /** Nominated (by the project's owner, or by the builder to hand the role on) and not yet accepted; null when nobody is. */
  nominee: string | null;
  /** The builder's share of every claim, in basis points (0: the campaign has no builder). */
  builderShareBps: bigint;
  /** The version of the project's dependency list the campaign froze (0: none). */
  dependencyVersion: bigint;
  /** That version's total share, in basis points. */
  dependencyShareBps: bigint;
  /** The frozen version's list. */
  dependencies: DependencyShare[];
  /** Builder shares credited while nobody had accepted: the builder who accepts takes them. */
  waiting: bigint;
  /** From when, nobody having accepted, anyone may release `waiting` to the project; null when nothing waits. */
  releasableAt: bigint | null;
}

/** What one claim of `gross` pays each recipient, rounded exactly as the escrow rounds. */
export interface SplitBreakdown {
  gross: bigint;
  fee: bigint;
  builder: bigint;
  /** Each dependency's share in list order; a share that rounds to zero is left out, as the escrow skips it. */
  dependencies: { projectId: bigint; amount: bigint }[];
  /** gross − fee − builder − Σ dependencies: the rounding dust goes to the project. */
  project: bigint;
}

/** A credit in one token (the zero address for ETH). */
export interface OwedShare {
  token: string;
  amount: bigint;
}

/** A campaign whose builder role is offered to the account: accepting takes what waits in it. */
export interface BuilderNomination {
  campaignId: bigint;
  /** The campaign's token (the zero address for ETH). */
  token: string;
  /** Builder shares waiting in the campaign, credited to whoever accepts (0: nothing credited yet). */
  waiting: bigint;
  /** The campaign's builder share, in basis points. */
  builderShareBps: bigint;
}

/** What is owed to one account: tokens in address order (ETH first), projects by id, nominations by campaign id. */
export interface Owed {
  account: string;
  /** Its builder credits, per token (`builderSharesOf(account, token)` above zero). */
  asBuilder: OwedShare[];
  /** The projects it maintains that have credits (dependency shares, released builder shares), paid to their payout address. */
  asMaintainer: { projectId: bigint; payout: string; shares: OwedShare[] }[];
  /** Campaigns whose builder role the account is nominated for and has not accepted yet. */
  nominations: BuilderNomination[];
}

/** What a campaign's claims credited so far, and to whom, from its events (not its current split). */
export interface SplitCredits {
  campaignId: bigint;
  /** The campaign's token: the zero address for ETH. */
  token: string;
  /** Credited to each builder, including waiting shares they took at acceptance, in first-credit order. */
  toBuilders: { builder: string; amount: bigint }[];
  /** Builder shares still waiting for a builder to accept. */
  waiting: bigint;
  /** Waiting builder shares released to the campaign's project after nobody accepted in time. */
  releasedToProject: bigint;
  /** Credited to each dependency, in first-credit order. */
  toDependencies: { projectId: bigint; amount: bigint }[];
  /** Sent to the project's payout address by its claims (`CampaignClaimed.amount`, summed): exact, whatever rounding. */
  toProject: bigint;
  /** Protocol fees of its claims (`CampaignClaimed.fee`, summed). */
  fees: bigint;
}

/** A mined `setDependencies`: the version it declared. */
export interface DependenciesSetResult extends TxResult {
  version: bigint;
}

/** A mined acceptance of the builder role, and the waiting builder shares it took. */
export interface BuilderAcceptedResult extends TxResult {
  waitingTaken: bigint;
}

/** A mined release of a waiting builder share to the campaign's project. */
export interface WaitingReleasedResult extends TxResult {
  amount: bigint;
  /** The project credited. */
  projectId: bigint;
}

/** A mined withdrawal of builder credits. */
export interface BuilderSharesWithdrawal extends TxResult {
  amount: bigint;
  token: string;
  /** Who received them. */
  to: string;
}

/** A mined withdrawal of a project's credits to its payout address. */
export interface ProjectSharesWithdrawal extends TxResult {
  amount: bigint;
  token: string;
  /** The project's payout address at the time, which received them. */
  payout: string;
}

const BPS = 10_000n;

/**
 * What one claim of `gross` pays, exactly as the escrow computes it: the fee, the builder's share and each dependency's
 * share each rounded down on their own, dependencies whose share rounds to zero skipped, the project taking the rest
 * (the rounding dust included).
 */
export function splitAmount(split: Pick<CampaignSplit, "feeBps" | "builderShareBps" | "dependencies">, gross: bigint): SplitBreakdown {
  if (gross < 0n) throw new RangeError(`a claim's gross amount cannot be negative (${gross})`);
  const fee = (gross * split.feeBps) / BPS;
  const builder = (gross * split.builderShareBps) / BPS;
  const dependencies = split.dependencies
    .map((dependency) => ({ projectId: dependency.projectId, amount: (gross * dependency.shareBps) / BPS }))
    .filter((share) => share.amount !== 0n);
  const shared = dependencies.reduce((sum, share) => sum + share.amount, 0n);
  return { gross, fee, builder, dependencies, project: gross - fee - builder - shared };
}

/**
 * Which amount a campaign's split is best told for, now: "goal" and "total" while it funds (its goal, or its total once
 * that is more), "claimable" for what the next claim pays out (a succeeded campaign, or released milestone shares not
 * yet claimed), "next release" for what the next milestone releases when accepted (nothing claimable meanwhile),
 * "claimed" once everything was paid out, "none" when nothing will be (failed, cancelled, lapsed; a rejected campaign
 * with nothing left to claim).
 */
export type SplitBasisKind = "goal" | "total" | "claimable" | "next release" | "claimed" | "none";

/** The amount a split is told for, and what it is. */
export interface SplitBasis {
  kind: SplitBasisKind;
  /** The gross amount (0 for "none"). */
  gross: bigint;
  /** For "next release": the milestone it comes from, numbered from 0. */
  milestone?: bigint;
}

/**
 * The amount to tell a campaign's split for (see `SplitBasisKind`); `progress` is its milestone progress, for a campaign
 * with milestones. A milestone's release is the escrow's, to the wei: total × released share, rounded down, less what was
 * released before.
 */
export function splitBasis(
  campaign: Pick<CampaignDetails, "state" | "goal" | "pledged" | "hasMilestones">,
  progress?: Pick<MilestoneProgress, "current" | "releasedBps" | "released" | "claimed" | "milestones">,
): SplitBasis {
  const { state, goal, pledged } = campaign;
  if (state === "Funding") return pledged > goal ? { kind: "total", gross: pledged } : { kind: "goal", gross: goal };
  if (state === "Failed" || state === "Cancelled" || state === "Lapsed") return { kind: "none", gross: 0n };
  if (!campaign.hasMilestones || progress === undefined) {
    return state === "Claimed" ? { kind: "claimed", gross: pledged } : { kind: "claimable", gross: pledged };
  }
  if (progress.released > progress.claimed) return { kind: "claimable", gross: progress.released - progress.claimed };
  const next = progress.milestones[Number(progress.current)];
  if (state === "Succeeded" && next !== undefined) {
    const after = (pledged * (progress.releasedBps + next.shareBps)) / BPS;
    return { kind: "next release", gross: after - progress.released, milestone: progress.current };
  }
  if (state === "Rejected") return { kind: "none", gross: 0n };
  return { kind: "claimed", gross: progress.claimed };
}

/** The builder and dependency shares one claim credited, as its receipt tells them. */
export interface ClaimShares {
  /** The builder's share; `to` is null when nobody had accepted (the share then waits in the campaign). Null: none. */
  builder: { amount: bigint; to: string | null } | null;
  /** Each dependency's share, in list order (a share that rounded to zero is not credited, so not listed). */
  dependencies: { projectId: bigint; amount: bigint }[];
}

/** The shares a claim's receipt credited (`BuilderShareCredited`, `DependencyShareCredited`). */
export function claimSharesIn(logs: readonly Log[]): ClaimShares {
  const shares: ClaimShares = { builder: null, dependencies: [] };
  for (const log of logs) {
    const parsed = ESCROW_INTERFACE.parseLog(log);
    if (parsed?.name === "BuilderShareCredited") {
      const to = String(parsed.args.builder);
      shares.builder = { amount: parsed.args.amount as bigint, to: someone(to) };
    } else if (parsed?.name === "DependencyShareCredited") {
      shares.dependencies.push({ projectId: parsed.args.dependencyId as bigint, amount: parsed.args.amount as bigint });
    }
  }
  return shares;
}

/** A campaign's split credits from its logs (`BuilderShareCredited`, `BuilderAccepted`, `WaitingBuilderShareReleased`, `DependencyShareCredited`), in chain order. */
export function splitCreditsIn(campaignId: bigint, token: string, logs: readonly Log[]): SplitCredits {
  const builders = new Map<string, bigint>();
  const dependencies = new Map<bigint, bigint>();
  let waiting = 0n;
  let releasedToProject = 0n;
  let toProject = 0n;
  let fees = 0n;
  const credit = (builder: string, amount: bigint) => builders.set(builder, (builders.get(builder) ?? 0n) + amount);
  for (const log of logs) {
    const parsed = ESCROW_INTERFACE.parseLog(log);
    if (parsed === null || (parsed.args.campaignId as bigint) !== campaignId) continue;
    if (parsed.name === "BuilderShareCredited") {
      const to = someone(getAddress(String(parsed.args.builder)));
      if (to === null) waiting += parsed.args.amount as bigint;
      else credit(to, parsed.args.amount as bigint);
    } else if (parsed.name === "BuilderAccepted") {
      const taken = parsed.args.waitingTaken as bigint;
      if (taken !== 0n) {
        credit(getAddress(String(parsed.args.builder)), taken);
        waiting -= taken;
      }
    } else if (parsed.name === "WaitingBuilderShareReleased") {
      releasedToProject += parsed.args.amount as bigint;
      waiting -= parsed.args.amount as bigint;
    } else if (parsed.name === "DependencyShareCredited") {
      const projectId = parsed.args.dependencyId as bigint;
      dependencies.set(projectId, (dependencies.get(projectId) ?? 0n) + (parsed.args.amount as bigint));
    } else if (parsed.name === "CampaignClaimed") {
      toProject += parsed.args.amount as bigint;
      fees += parsed.args.fee as bigint;
    }
  }
  return {
    campaignId,
    token,
    toBuilders: [...builders].map(([builder, amount]) => ({ builder, amount })),
    waiting: waiting < 0n ? 0n : waiting,
    releasedToProject,
    toDependencies: [...dependencies].map(([projectId, amount]) => ({ projectId, amount })),
    toProject,
    fees,
  };
}

/** The registry's dependency structs in the client's terms. */
function dependenciesOf(list: readonly IProjectRegistry.DependencyStructOutput[]): DependencyShare[] {
  return list.map((dependency) => ({ projectId: dependency.projectId, shareBps: dependency.shareBps }));
}

/** An address, or null for the zero address. */
function someone(address: string): string | null {
  return address === ZeroAddress ? null : address;
}

export class Shares {
  constructor(
    private readonly connection: Connection,
    private readonly transactions: Transactions,
  ) {}

  /** One version of a project's dependency list: the current one unless `version` is given (0 is the empty list). */
  async getDependencies(projectId: bigint, version?: bigint): Promise<DependencyList> {
    const registry = this.connection.registry;
    const read = version ?? BigInt((await withDecodedErrors(() => registry.getProject(projectId))).dependencyVersion);
    const dependencies = dependenciesOf(await withDecodedErrors(() => registry.getDependencies(projectId, read)));
    return { projectId, version: read, dependencies, totalShareBps: dependencies.reduce((sum, entry) => sum + entry.shareBps, 0n) };
  }

  /**
   * Declares a new version of a project's dependency list (owner only); empty to stop sharing. Campaigns opened from
   * now on freeze it; campaigns already open keep theirs.
   */
  async setDependencies(projectId: bigint, dependencies: readonly DependencyShare[]): Promise<DependenciesSetResult> {
    const registry = this.connection.registryAsSigner;
    const list = dependencies.map((dependency) => ({ projectId: dependency.projectId, shareBps: dependency.shareBps }));
    const result = await this.transactions.send(() => registry.setDependencies(projectId, list));
    return { version: eventArg(result.logs, REGISTRY_INTERFACE, "DependenciesSet", "version"), ...result.tx };
  }

  /** A campaign's split: its token, fee, builder share, builder, nominee, what waits, and the dependency list it froze. */
  async getSplit(campaignId: bigint): Promise<CampaignSplit> {
    const escrow = this.connection.escrow;
    const [view, campaign] = await Promise.all([
      withDecodedErrors(() => escrow.getSplit(campaignId)),
      withDecodedErrors(() => escrow.getCampaign(campaignId)),
    ]);
    const dependencies =
      view.dependencyVersion === 0n
        ? []
        : dependenciesOf(await withDecodedErrors(() => this.connection.registry.getDependencies(campaign.projectId, view.dependencyVersion)));
    return {
      campaignId,
      projectId: campaign.projectId,
      token: getAddress(campaign.token),
      feeBps: campaign.feeBps,
      builder: someone(view.builder),
      nominee: someone(view.nominee),
      builderShareBps: view.builderShareBps,
      dependencyVersion: view.dependencyVersion,
      dependencyShareBps: view.dependencyShareBps,
      dependencies,
      waiting: view.waiting,
      releasableAt: view.waiting === 0n ? null : view.releasableAt,
    };
  }

  /**
   * Who a campaign's claims paid shares to, from its events: each `BuilderShareCredited` to its builder (or waiting when
   * the builder is zero), waiting shares moved to a builder by `BuilderAccepted.waitingTaken` or to the project by
   * `WaitingBuilderShareReleased`, each `DependencyShareCredited`, and what each `CampaignClaimed` sent the project
   * and set aside as fee (so that a campaign claimed several times is told to the wei).
   */
  async getSplitCredits(campaignId: bigint, range: LogRange = {}): Promise<SplitCredits> {
    const campaign = await withDecodedErrors(() => this.connection.escrow.getCampaign(campaignId));
    const names = ["BuilderShareCredited", "BuilderAccepted", "WaitingBuilderShareReleased", "DependencyShareCredited", "CampaignClaimed"] as const;
    const topics = names.map((name) => ESCROW_INTERFACE.getEvent(name).topicHash);
    const id = `0x${campaignId.toString(16).padStart(64, "0")}`;
    const logs = [...(await this.connection.logs(this.connection.addresses.escrow, [topics, id], range))].sort(
      (a, b) => a.blockNumber - b.blockNumber || a.index - b.index,
    );
    return splitCreditsIn(campaignId, getAddress(campaign.token), logs);
  }

  /**
   * Nominates the builder of a campaign with a builder share (the project's owner while nobody has accepted; afterwards only
   * the builder, to hand the role on); the zero address clears the nomination.
   */
  async nominateBuilder(campaignId: bigint, nominee: string): Promise<TxResult> {
    const escrow = this.connection.escrowAsSigner;
    return (await this.transactions.send(() => escrow.nominateBuilder(campaignId, nominee), { campaignId, action: "nominateBuilder" })).tx;
  }

  /** The signer, nominated, becomes the campaign's builder; returns the waiting builder shares it took. */
  async acceptBuilder(campaignId: bigint): Promise<BuilderAcceptedResult> {
    const escrow = this.connection.escrowAsSigner;
    const result = await this.transactions.send(() => escrow.acceptBuilder(campaignId), { campaignId, action: "acceptBuilder" });
    return { waitingTaken: eventArg(result.logs, ESCROW_INTERFACE, "BuilderAccepted", "waitingTaken"), ...result.tx };
  }

  /** Credits a builder share that waited 180 days without a builder to the campaign's project (anyone may). */
  async releaseWaitingBuilderShare(campaignId: bigint): Promise<WaitingReleasedResult> {
    const escrow = this.connection.escrowAsSigner;
    const result = await this.transactions.send(() => escrow.releaseWaitingBuilderShare(campaignId), {
      campaignId,
      action: "releaseWaitingBuilderShare",
    });
    const arg = (name: string) => eventArg(result.logs, ESCROW_INTERFACE, "WaitingBuilderShareReleased", name);
    return { amount: arg("amount"), projectId: arg("projectId"), ...result.tx };
  }

  /**
   * What is owed to `account`: its builder credits in ETH and in every token a campaign was opened in, the credits of
   * every project it maintains now (read from the registry's maintainer events, checked against the registry), and
   * the campaigns whose builder role it is nominated for.
   */
  async getOwed(account: string, range: LogRange = {}): Promise<Owed> {
    const who = getAddress(account);
    const escrow = this.connection.escrow;
    const [tokens, projects, nominations] = await Promise.all([this.tokensUsed(range), this.maintainedProjects(who, range), this.nominationsOf(who, range)]);
    const credits = async (read: (token: string) => Promise<bigint>): Promise<OwedShare[]> =>
      (await mapLimited(tokens, 8, async (token) => ({ token, amount: await read(token) })))
        .filter((share) => share.amount !== 0n)
        .sort((a, b) => byValue(BigInt(a.token), BigInt(b.token)));
    const asBuilder = await credits((token) => escrow.builderSharesOf(who, token));
    const maintained = await mapLimited(projects, 4, async (projectId) => ({
      projectId,
      payout: await this.connection.registry.payoutOf(projectId),
      shares: await credits((token) => escrow.projectSharesOf(projectId, token)),
    }));
    return { account: who, asBuilder, asMaintainer: maintained.filter((entry) => entry.shares.length > 0), nominations };
  }

  /** Sends the signer's whole builder credit in `token` ("ETH" or an address) to `to` (default: the signer). */
  async withdrawBuilderShares(token: string, to?: string): Promise<BuilderSharesWithdrawal> {
    const escrow = this.connection.escrowAsSigner;
    const address = normalizeToken(token);
    const recipient = to ?? (await this.connection.signer.getAddress());
    const result = await this.transactions.send(() => escrow.withdrawBuilderShares(address, recipient), {
      token: address,
      action: "withdrawBuilderShares",
    });
    const value = (name: string) => eventValue(result.logs, ESCROW_INTERFACE, "BuilderSharesWithdrawn", name);
    return { amount: eventArg(result.logs, ESCROW_INTERFACE, "BuilderSharesWithdrawn", "amount"), token: address, to: String(value("to")), ...result.tx };
  }

  /** Sends a project's whole credit in `token` to its payout address (a maintainer of it only). */
  async withdrawProjectShares(projectId: bigint, token: string): Promise<ProjectSharesWithdrawal> {
    const escrow = this.connection.escrowAsSigner;
    const address = normalizeToken(token);
    const result = await this.transactions.send(() => escrow.withdrawProjectShares(projectId, address), {
      token: address,
      action: "withdrawProjectShares",
    });
    const payout = eventValue(result.logs, ESCROW_INTERFACE, "ProjectSharesWithdrawn", "payout");
    return { amount: eventArg(result.logs, ESCROW_INTERFACE, "ProjectSharesWithdrawn", "amount"), token: address, payout: String(payout), ...result.tx };
  }

  /** ETH and every token a campaign was opened in, from the escrow's `CampaignOpened` events (ETH first). */
  async tokensUsed(range: LogRange = {}): Promise<string[]> {
    const topic = ESCROW_INTERFACE.getEvent("CampaignOpened").topicHash;
    const logs = await this.connection.logs(this.connection.addresses.escrow, [topic], range);
    const tokens = new Set<string>([ZeroAddress]);
    for (const log of logs) tokens.add(getAddress(String(decodeEscrowLog(log).args.token)));
    return [...tokens];
  }

  /** The projects `account` maintains now: every `MaintainerAdded` for it, checked against the registry, by id. */
  async maintainedProjects(account: string, range: LogRange = {}): Promise<bigint[]> {
    const topic = REGISTRY_INTERFACE.getEvent("MaintainerAdded").topicHash;
    const logs = await this.connection.logs(this.connection.addresses.registry, [topic, null, addressTopic(account)], range);
    const candidates = [...new Set(logs.map((log) => decodeLog(REGISTRY_INTERFACE, log).args.projectId as bigint))];
    const current = await mapLimited(candidates, 8, async (projectId) => ((await this.connection.registry.isMaintainer(projectId, account)) ? projectId : undefined));
    return current.filter((projectId): projectId is bigint => projectId !== undefined).sort(byValue);
  }

  /** The campaigns whose builder role `account` is nominated for now: its `BuilderNominated` events, checked against each split. */
  private async nominationsOf(account: string, range: LogRange): Promise<BuilderNomination[]> {
    const topic = ESCROW_INTERFACE.getEvent("BuilderNominated").topicHash;
    const logs = await this.connection.logs(this.connection.addresses.escrow, [topic, null, addressTopic(account)], range);
    const candidates = [...new Set(logs.map((log) => decodeEscrowLog(log).args.campaignId as bigint))];
    const found = await mapLimited(candidates, 8, async (campaignId): Promise<BuilderNomination | undefined> => {
      const split = await this.getSplit(campaignId);
      if (split.nominee !== account) return undefined;
      return { campaignId, token: split.token, waiting: split.waiting, builderShareBps: split.builderShareBps };
    });
    return found.filter((entry): entry is BuilderNomination => entry !== undefined).sort((a, b) => byValue(a.campaignId, b.campaignId));
  }
}

function byValue(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The topic of an indexed address. */
function addressTopic(address: string): string {
  return `0x${getAddress(address).slice(2).toLowerCase().padStart(64, "0")}`;
}
