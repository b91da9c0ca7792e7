/**
 * The indexer's rows as the client's own types, exactly as the chain's logs and views give them: bigints instead of
 * decimal strings, checksummed addresses, block numbers as numbers, event arguments typed by the escrow's ABI (uints as
 * bigints, structs and lists as ethers `Result`s), lists in the order of the log scan, a bonus as `getBonus` has it,
 * dependency lists, splits and what is owed as the client's shares methods answer them (client/shares.ts).
 */
import { getAddress, Result, type Interface, type ParamType } from "ethers";

import type { RepositoryAttestation } from "./attestations.js";
import type { CampaignBonus } from "./bonus.js";
import type { CampaignFromRequest, CampaignListing } from "./campaigns.js";
import { ESCROW_INTERFACE, type CampaignEvent } from "./events.js";
import type { BackerStanding } from "./history.js";
import type {
  AccountOwed,
  AccountPledge,
  IndexedAttestation,
  IndexedBonusDeposit,
  IndexedCampaign,
  IndexedDependency,
  IndexedDependencyList,
  IndexedEvent,
  IndexedPledge,
  IndexedProject,
  IndexedRequest,
  IndexedShareBalance,
  IndexedSplit,
} from "./indexer-api.js";
import { SchemaError } from "./indexer-schema.js";
import type { ProjectListing } from "./projects.js";
import type { CampaignSplit, DependencyList, DependencyShare, Owed, OwedShare } from "./shares.js";
import type { RequestDetails } from "./requests.js";

/** The request a campaign was accepted from, as `getCampaignDetails` tells it (null: opened as a campaign). */
export function campaignFromRequestOf(campaign: IndexedCampaign): CampaignFromRequest | null {
  const origin = campaign.fromRequest;
  if (origin === null) return null;
  return { requestId: BigInt(origin.requestId), acceptedAt: BigInt(origin.acceptedAt), maintainer: getAddress(origin.acceptedBy) };
}

/** An indexed request as the client's `RequestDetails` (`getRequest` and `listRequests` read from the chain). */
export function requestDetailsOf(request: IndexedRequest): RequestDetails {
  const { accepted, declined } = request;
  return {
    requestId: BigInt(request.id),
    projectId: BigInt(request.projectId),
    opener: getAddress(request.opener),
    token: getAddress(request.token),
    expiry: BigInt(request.expiry),
    feeBps: BigInt(request.feeBps),
    specURI: request.specURI,
    specHash: request.specHash.toLowerCase(),
    openedAt: BigInt(request.openedAt),
    openedAtBlock: Number(request.openedAtBlock),
    state: request.state,
    pledged: BigInt(request.pledged),
    backers: request.backers,
    outstanding: BigInt(request.outstanding),
    support: BigInt(request.support),
    asOf: BigInt(request.asOf),
    accepted:
      accepted === null
        ? null
        : { maintainer: getAddress(accepted.maintainer), at: BigInt(accepted.at), blockNumber: Number(accepted.blockNumber), pledgedAtAcceptance: BigInt(accepted.pledgedAtAcceptance) },
    declined:
      declined === null ? null : { maintainer: getAddress(declined.maintainer), at: BigInt(declined.at), blockNumber: Number(declined.blockNumber), reasonURI: declined.reasonURI },
    duplicateOf: request.duplicateOf.map((id) => BigInt(id)),
  };
}

/** A project row as `listProjects` answers from the registry's events. */
export function projectListingOf(project: IndexedProject): ProjectListing {
  return {
    id: BigInt(project.id),
    owner: getAddress(project.owner),
    payout: getAddress(project.payout),
    metadataURI: project.metadataURI,
    repository: project.repository,
    blockNumber: Number(project.registeredAtBlock),
  };
}

/** A campaign row as `listCampaigns` answers from `CampaignOpened` (its deadline the planned one, as the event has it). */
export function campaignListingOf(campaign: IndexedCampaign): CampaignListing {
  return {
    id: BigInt(campaign.id),
    projectId: BigInt(campaign.projectId),
    creator: getAddress(campaign.creator),
    token: getAddress(campaign.token),
    goal: BigInt(campaign.goal),
    deadline: BigInt(campaign.plannedDeadline),
    feeBps: BigInt(campaign.feeBps),
    specURI: campaign.specURI,
    specHash: campaign.specHash.toLowerCase(),
    lastCall: BigInt(campaign.lastCall),
    claimWindow: BigInt(campaign.claimWindow),
    blockNumber: Number(campaign.openedAtBlock),
  };
}

/**
 * A campaign's refund bonus as `getBonus` answers it for an account and no amount added, from the indexer's campaign
 * row and the account's rows: its pledge (from its "my pledges" page) and its deposit (from its bonus deposits page),
 * each left out when it has none. (A quote for an amount not yet pledged is the chain's to answer: `getBonus`.)
 */
export function campaignBonusOf(campaign: IndexedCampaign, account: { pledge?: AccountPledge; deposit?: IndexedBonusDeposit } = {}): CampaignBonus {
  const { bonus } = campaign;
  const { pledge, deposit } = account;
  const live = bonus.outcome === "pending" || bonus.outcome === "to-backers";
  const since = live ? (pledge?.pledge.creditSince ?? null) : null;
  return {
    pot: BigInt(bonus.pot),
    maxPot: BigInt(bonus.maxPot),
    startedAt: bonus.startedAt === null ? null : BigInt(bonus.startedAt),
    creditEnd: bonus.creditEnd === null ? null : BigInt(bonus.creditEnd),
    outcome: bonus.outcome,
    reservedForBackers: BigInt(bonus.reservedForBackers),
    reclaimed: BigInt(bonus.reclaimed),
    account: {
      share: BigInt(pledge?.bonusShare ?? 0),
      creditSince: since === null ? null : BigInt(since),
      quote: BigInt(pledge?.bonusQuote ?? 0),
      deposited: BigInt(deposit?.outstanding ?? 0),
      reclaimable: BigInt(deposit?.reclaimableNow ?? 0),
    },
  };
}

/** A backer's standing as `campaignBackers` sums it from the events. */
export function backerStandingOf(pledge: IndexedPledge): BackerStanding {
  return {
    backer: getAddress(pledge.backer),
    pledged: BigInt(pledge.pledged),
    contributed: BigInt(pledge.contributed),
    refunded: BigInt(pledge.refunded),
  };
}

/**
 * A campaign's backers in the order the log scan finds them, by the log of their first pledge (the indexer answers
 * largest pledge first).
 */
export function inFirstPledgeOrder(pledges: readonly IndexedPledge[]): IndexedPledge[] {
  const keyOf = (pledge: IndexedPledge): bigint[] => [BigInt(pledge.firstPledgedAtBlock), BigInt(pledge.firstPledgedLogIndex)];
  const keyed = pledges.map((pledge) => ({ pledge, key: keyOf(pledge) }));
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  return keyed.map(({ pledge }) => pledge);
}

/**
 * Rows in the order the log scan finds their opening events: by block, then by id. For projects that is the order of
 * their ids; a campaign accepted from a feature request is listed where its `CampaignOpened` is, at the acceptance,
 * after campaigns opened later with higher ids. (Two openings in one block are taken in id order.)
 */
export function byId<Row extends { id: bigint; blockNumber: number }>(rows: Row[]): Row[] {
  return rows.sort((a, b) => compareKeys([BigInt(a.blockNumber), a.id], [BigInt(b.blockNumber), b.id]));
}

/** Events oldest first, as the log scan finds them. */
export function inLogOrder(events: CampaignEvent[]): CampaignEvent[] {
  return events.sort((a, b) => compareKeys([BigInt(a.blockNumber), BigInt(a.logIndex)], [BigInt(b.blockNumber), BigInt(b.logIndex)]));
}

function compareKeys(a: readonly bigint[], b: readonly bigint[]): number {
  for (let i = 0; i < a.length; i++) {
    const left = a[i] as bigint;
    const right = b[i] as bigint;
    if (left !== right) return left < right ? -1 : 1;
  }
  return 0;
}

/**
 * An indexed event as `campaignHistory` reads it from the logs: its arguments typed by the escrow's ABI, the running
 * totals where the event moves a pledge. An event this client's ABI does not know keeps its arguments as they came.
 * Throws a `SchemaError` for an argument that is not what its ABI type needs.
 */
export function campaignEventOf(event: IndexedEvent): CampaignEvent {
  const fragment = (ESCROW_INTERFACE as Interface).getEvent(event.name);
  let args = event.args;
  if (fragment !== null) {
    args = {};
    for (const input of fragment.inputs) args[input.name] = argumentOf(input, event.args[input.name], `args.${input.name}`);
  }
  const converted: CampaignEvent = {
    name: event.name,
    args,
    blockNumber: Number(event.blockNumber),
    transactionHash: event.transactionHash.toLowerCase(),
    logIndex: event.logIndex,
  };
  if (event.totals !== null) converted.totals = { backer: BigInt(event.totals.backer), campaign: BigInt(event.totals.campaign) };
  return converted;
}

/** A JSON value as ethers decodes an argument of `type`. */
function argumentOf(type: ParamType, value: unknown, path: string): unknown {
  if (type.isArray()) {
    if (!Array.isArray(value)) throw new SchemaError(path, `a list (${type.format()})`);
    return Result.fromItems(value.map((item, index) => argumentOf(type.arrayChildren, item, `${path}[${index}]`)));
  }
  if (type.isTuple()) {
    const source = value as Record<string, unknown> | unknown[] | null;
    if (typeof source !== "object" || source === null) throw new SchemaError(path, `a struct (${type.format()})`);
    const items = type.components.map((component, index) =>
      argumentOf(component, Array.isArray(source) ? source[index] : source[component.name], `${path}.${component.name}`),
    );
    return Result.fromItems(items, type.components.map((component) => component.name));
  }
  if (/^u?int\d*$/.test(type.baseType)) {
    const text = typeof value === "number" && Number.isSafeInteger(value) ? String(value) : value;
    if (typeof text !== "string" || !/^-?\d+$/.test(text)) throw new SchemaError(path, `an integer (${type.baseType})`);
    return BigInt(text);
  }
  if (type.baseType === "address") {
    if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value)) throw new SchemaError(path, "an address");
    return getAddress(value);
  }
  if (type.baseType === "bool") {
    if (typeof value !== "boolean") throw new SchemaError(path, "true or false");
    return value;
  }
  if (typeof value !== "string") throw new SchemaError(path, `a string (${type.baseType})`);
  // bytes32 and bytes as ethers writes them: lower-case hex; strings as they are.
  return type.baseType === "string" ? value : value.toLowerCase();
}

function dependencySharesOf(entries: readonly IndexedDependency[]): DependencyShare[] {
  return entries.map((entry) => ({ projectId: BigInt(entry.projectId), shareBps: BigInt(entry.shareBps) }));
}

/** A version of a dependency list as `getDependencies` answers it. */
export function dependencyListOf(list: IndexedDependencyList): DependencyList {
  return {
    projectId: BigInt(list.projectId),
    version: BigInt(list.version),
    dependencies: dependencySharesOf(list.dependencies),
    totalShareBps: BigInt(list.totalShareBps),
  };
}

/** A campaign's split as `getSplit` answers it (what was credited so far is the indexer's own: see `IndexedSplit`). */
export function campaignSplitOf(split: IndexedSplit): CampaignSplit {
  return {
    campaignId: BigInt(split.campaignId),
    projectId: BigInt(split.projectId),
    token: getAddress(split.token),
    feeBps: BigInt(split.feeBps),
    builder: split.builder === null ? null : getAddress(split.builder),
    nominee: split.nominee === null ? null : getAddress(split.nominee),
    builderShareBps: BigInt(split.builderShareBps),
    dependencyVersion: BigInt(split.dependencyVersion),
    dependencyShareBps: BigInt(split.dependencyShareBps),
    dependencies: dependencySharesOf(split.dependencies),
    waiting: BigInt(split.waiting),
    releasableAt: split.releasableAt === null ? null : BigInt(split.releasableAt),
  };
}

/** The credits owed now (above zero), ETH first, then by token address. */
function owedSharesOf(balances: readonly IndexedShareBalance[]): OwedShare[] {
  return balances
    .map((balance) => ({ token: getAddress(balance.token), amount: BigInt(balance.owed) }))
    .filter((share) => share.amount !== 0n)
    .sort((a, b) => (a.token === b.token ? 0 : BigInt(a.token) < BigInt(b.token) ? -1 : 1));
}

/**
 * What is owed to an account as `getOwed` answers it: builder credits and the credits of the projects it maintains
 * above zero (projects by id), and the builder roles offered to it (by campaign id).
 */
export function owedOf(owed: AccountOwed): Owed {
  return {
    account: getAddress(owed.account),
    asBuilder: owedSharesOf(owed.asBuilder),
    asMaintainer: owed.asMaintainer
      .map((entry) => ({ projectId: BigInt(entry.projectId), payout: getAddress(entry.payout), shares: owedSharesOf(entry.shares) }))
      .filter((entry) => entry.shares.length > 0)
      .sort((a, b) => compareKeys([a.projectId], [b.projectId])),
    nominations: owed.nominations
      .map((nomination) => ({
        campaignId: BigInt(nomination.campaignId),
        token: getAddress(nomination.token),
        waiting: BigInt(nomination.waiting),
        builderShareBps: BigInt(nomination.builderShareBps),
      }))
      .sort((a, b) => compareKeys([a.campaignId], [b.campaignId])),
  };
}

/**
 * An indexed repository attestation as `findRepositoryAttestations` reads it from the chain: bigints, checksummed
 * addresses, hashes in lower case, the strings as attested.
 */
export function repositoryAttestationOf(attestation: IndexedAttestation): RepositoryAttestation {
  return {
    registry: getAddress(attestation.registry),
    chainId: BigInt(attestation.chainId),
    projectId: BigInt(attestation.projectId),
    forgeHost: attestation.forgeHost,
    repositoryId: BigInt(attestation.repositoryId),
    repositoryPath: attestation.repositoryPath,
    repository: attestation.repository,
    proofCommit: attestation.proofCommit,
    uid: attestation.uid.toLowerCase(),
    attester: getAddress(attestation.attester),
    recipient: getAddress(attestation.recipient),
    time: BigInt(attestation.time),
    expirationTime: BigInt(attestation.expirationTime),
    revocationTime: BigInt(attestation.revocationTime),
    refUID: attestation.refUID.toLowerCase(),
  };
}
