/**
 * Checks that an indexer's answer is the JSON `client/indexer-api.ts` describes, field by field, before anything reads
 * it: an answer of another shape (another service on the port, an indexer of another version) is refused with the
 * path of the first field that is wrong, never half-read. Each schema is typed against the wire type, so `tsc` fails
 * here when the contract gains or changes a field. Fields the contract does not list are let through (an indexer newer
 * than this client may add some).
 */
import {
  BONUS_OUTCOMES,
  type AccountBonusDeposit,
  type AccountOwed,
  type AccountPledge,
  type Decimal,
  type IndexedAttestation,
  type IndexedBlock,
  type IndexedBonusDeposit,
  type IndexedBuilderCredit,
  type IndexedCampaign,
  type IndexedCampaignBonus,
  type IndexedCampaignState,
  type IndexedDependency,
  type IndexedDependencyCredit,
  type IndexedDependencyList,
  type IndexedEvent,
  type IndexedMilestone,
  type IndexedMilestoneProgress,
  type IndexedNomination,
  type IndexedPledge,
  type IndexedProject,
  type IndexedProjectBalance,
  type IndexedProjectCredit,
  type IndexedRequest,
  type IndexedRequestOrigin,
  type IndexedRequestState,
  type IndexedShareBalance,
  type IndexedSplit,
  type IndexerStatus,
  type ListPage,
  type MaintainerDashboard,
  type ProjectAttestations,
  type ProjectDependencies,
  type ProjectShares,
  type RequestAnswer,
} from "./indexer-api.js";

/** A field of an answer that is not what the contract says: `path` names it ("items[3].pledged"). */
export class SchemaError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`${path === "" ? "the answer" : path} is not ${expected}`);
    this.name = "SchemaError";
  }
}

/** Reads an unknown JSON value as `T`, or throws a `SchemaError` naming where it is not one. */
export type Schema<T> = (value: unknown, path: string) => T;

const field = (path: string, key: string | number) => (typeof key === "number" ? `${path}[${key}]` : path === "" ? key : `${path}.${key}`);

function check<T>(test: (value: unknown) => boolean, expected: string): Schema<T> {
  return (value, path) => {
    if (!test(value)) throw new SchemaError(path, expected);
    return value as T;
  };
}

export const text: Schema<string> = check((value) => typeof value === "string", "a string");
export const integer: Schema<number> = check((value) => Number.isSafeInteger(value), "a whole number");
export const real: Schema<number> = check((value) => typeof value === "number" && Number.isFinite(value), "a number");
export const flag: Schema<boolean> = check((value) => typeof value === "boolean", "true or false");
/** A non-negative integer of any size written in decimal. */
export const decimal: Schema<Decimal> = check((value) => typeof value === "string" && /^\d+$/.test(value), "a decimal integer string");
/** A 20-byte address in hex (the contract says lower case; any case is read). */
export const address: Schema<string> = check((value) => typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value), "an address");
/** A 32-byte value in hex. */
export const bytes32: Schema<string> = check((value) => typeof value === "string" && /^0x[0-9a-fA-F]{64}$/.test(value), "32 bytes in hex");
/** Any JSON object (its fields unchecked). */
export const record: Schema<Record<string, unknown>> = check(
  (value) => typeof value === "object" && value !== null && !Array.isArray(value),
  "an object",
);

export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  return (value, path) => (value === null ? null : schema(value, path));
}

export function oneOf<const T extends string>(values: readonly T[]): Schema<T> {
  return check((value) => (values as readonly unknown[]).includes(value), `one of ${values.join(", ")}`);
}

export function arrayOf<T>(schema: Schema<T>): Schema<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw new SchemaError(path, "a list");
    return value.map((item, index) => schema(item, field(path, index)));
  };
}

/** An object with every field of `T` checked by its schema (the mapped type makes leaving one out a type error). */
export function object<T>(fields: { [K in keyof T]-?: Schema<T[K]> }): Schema<T> {
  return (value, path) => {
    const source = record(value, path);
    for (const [key, schema] of Object.entries(fields) as Array<[string, Schema<unknown>]>) schema(source[key], field(path, key));
    return source as T;
  };
}

export const indexedBlock = object<IndexedBlock>({ number: decimal, timestamp: decimal });

export const indexerStatus = object<IndexerStatus>({
  chainId: integer,
  genesisHash: bytes32,
  registry: address,
  escrow: address,
  deploymentBlock: decimal,
  indexed: nullable(indexedBlock),
  head: indexedBlock,
  lagBlocks: decimal,
  ready: flag,
});

export function listPage<Row>(row: Schema<Row>): Schema<ListPage<Row>> {
  return object<ListPage<Row>>({ items: arrayOf(row), total: integer, now: decimal, indexed: nullable(indexedBlock) });
}

export const indexedProject = object<IndexedProject>({
  id: decimal,
  owner: address,
  pendingOwner: address,
  payout: address,
  metadataURI: text,
  repository: text,
  maintainers: arrayOf(address),
  registeredAtBlock: decimal,
  registeredAt: decimal,
  updatedAtBlock: decimal,
  title: nullable(text),
  summary: nullable(text),
  campaignCount: integer,
  fundingCount: integer,
  nextDeadline: nullable(decimal),
  fundedGoals: real,
  dependencyVersion: decimal,
  dependencyShareBps: integer,
});

const indexedMilestone = object<IndexedMilestone>({
  index: integer,
  shareBps: integer,
  due: decimal,
  deliveryURI: nullable(text),
  submittedAt: nullable(decimal),
  reviewEnd: nullable(decimal),
  status: oneOf(["pending", "overdue", "in-review", "settleable", "accepted", "rejected"]),
});

const indexedMilestoneProgress = object<IndexedMilestoneProgress>({
  count: integer,
  current: integer,
  initialShareBps: integer,
  releasedBps: integer,
  released: decimal,
  claimed: decimal,
  reviewEnd: decimal,
  objectionWeight: decimal,
  thresholdWeight: decimal,
  reviewWindow: decimal,
  objectionThresholdBps: integer,
  refunded: decimal,
  milestones: arrayOf(indexedMilestone),
});

const CAMPAIGN_STATE_NAMES: readonly IndexedCampaignState[] = ["Funding", "Succeeded", "Failed", "Cancelled", "Claimed", "Rejected", "Lapsed"];

const indexedCampaignBonus = object<IndexedCampaignBonus>({
  pot: decimal,
  maxPot: decimal,
  startedAt: nullable(decimal),
  creditEnd: nullable(decimal),
  outcome: oneOf(BONUS_OUTCOMES),
  reservedForBackers: decimal,
  reclaimed: decimal,
  paidToBackers: decimal,
  returnedToDepositors: decimal,
  depositorCount: integer,
});

const indexedRequestOrigin = object<IndexedRequestOrigin>({
  requestId: decimal,
  opener: address,
  openedAt: decimal,
  openedAtBlock: decimal,
  acceptedBy: address,
  acceptedAt: decimal,
  acceptedAtBlock: decimal,
  pledgedAtAcceptance: decimal,
});

export const indexedCampaign = object<IndexedCampaign>({
  id: decimal,
  projectId: decimal,
  creator: address,
  token: address,
  goal: decimal,
  pledged: decimal,
  deadline: decimal,
  plannedDeadline: decimal,
  feeBps: integer,
  specURI: text,
  specHash: bytes32,
  lastCall: decimal,
  claimWindow: decimal,
  openedAtBlock: decimal,
  openedAt: decimal,
  goalReachedAt: decimal,
  state: oneOf(CAMPAIGN_STATE_NAMES),
  hasMilestones: flag,
  backerCount: integer,
  claimed: decimal,
  refunded: decimal,
  title: nullable(text),
  milestones: nullable(indexedMilestoneProgress),
  bonus: indexedCampaignBonus,
  fromRequest: nullable(indexedRequestOrigin),
});

const REQUEST_STATE_NAMES: readonly IndexedRequestState[] = [...CAMPAIGN_STATE_NAMES, "Requested", "Declined", "Expired"];

const requestFields = {
  id: decimal,
  projectId: decimal,
  opener: address,
  token: address,
  expiry: decimal,
  feeBps: integer,
  specURI: text,
  specHash: bytes32,
  openedAt: decimal,
  openedAtBlock: decimal,
  state: oneOf(REQUEST_STATE_NAMES),
  pledged: decimal,
  backers: integer,
  outstanding: decimal,
  support: decimal,
  asOf: decimal,
  unfunded: flag,
  accepted: nullable(
    object<NonNullable<IndexedRequest["accepted"]>>({ maintainer: address, at: decimal, blockNumber: decimal, pledgedAtAcceptance: decimal }),
  ),
  declined: nullable(object<NonNullable<IndexedRequest["declined"]>>({ maintainer: address, at: decimal, blockNumber: decimal, reasonURI: text })),
  duplicateOf: arrayOf(decimal),
};

export const indexedRequest = object<IndexedRequest>(requestFields);

export const requestAnswer = object<RequestAnswer>({ ...requestFields, now: decimal, indexed: nullable(indexedBlock) });

export const indexedPledge = object<IndexedPledge>({
  campaignId: decimal,
  backer: address,
  pledged: decimal,
  contributed: decimal,
  withdrawn: decimal,
  refunded: decimal,
  weight: decimal,
  objecting: flag,
  firstPledgedAt: decimal,
  firstPledgedAtBlock: decimal,
  firstPledgedLogIndex: integer,
  updatedAtBlock: decimal,
  creditSince: nullable(decimal),
  bonusPaid: decimal,
});

export const accountPledge = object<AccountPledge>({
  pledge: indexedPledge,
  campaign: indexedCampaign,
  canWithdraw: flag,
  refundableNow: decimal,
  refundableBonusNow: decimal,
  refundableTotalNow: decimal,
  bonusShare: decimal,
  bonusQuote: decimal,
  canObject: flag,
  canWithdrawObjection: flag,
});

export const indexedBonusDeposit = object<IndexedBonusDeposit>({
  campaignId: decimal,
  depositor: address,
  deposited: decimal,
  outstanding: decimal,
  reclaimed: flag,
  reclaimedAmount: decimal,
  reclaimedAtBlock: nullable(decimal),
  reclaimableNow: decimal,
  canReclaim: flag,
  firstDepositedAt: decimal,
  firstDepositedAtBlock: decimal,
  firstDepositedLogIndex: integer,
  updatedAtBlock: decimal,
});

export const accountBonusDeposit = object<AccountBonusDeposit>({ deposit: indexedBonusDeposit, campaign: indexedCampaign });

export const indexedEvent = object<IndexedEvent>({
  name: text,
  args: record,
  blockNumber: decimal,
  timestamp: decimal,
  transactionHash: bytes32,
  logIndex: integer,
  totals: nullable(object<{ backer: Decimal; campaign: Decimal }>({ backer: decimal, campaign: decimal })),
});

/** `GET /api/accounts/:address/maintainer`: the dashboard, with the chain time and block it was worked out at. */
export type MaintainerPage = MaintainerDashboard & { now: Decimal; indexed: IndexedBlock | null };

export const maintainerPage = object<MaintainerPage>({
  account: address,
  projects: arrayOf(indexedProject),
  claimsAvailable: arrayOf(
    object<MaintainerDashboard["claimsAvailable"][number]>({ campaign: indexedCampaign, claimable: decimal, claimBy: nullable(decimal) }),
  ),
  milestonesDue: arrayOf(
    object<MaintainerDashboard["milestonesDue"][number]>({ campaign: indexedCampaign, index: integer, due: decimal, overdue: flag }),
  ),
  reviewsToSettle: arrayOf(object<MaintainerDashboard["reviewsToSettle"][number]>({ campaign: indexedCampaign, index: integer, reviewEnd: decimal })),
  ownershipOffers: arrayOf(indexedProject),
  now: decimal,
  indexed: nullable(indexedBlock),
});

const indexedDependency = object<IndexedDependency>({ projectId: decimal, shareBps: integer });

export const indexedDependencyList = object<IndexedDependencyList>({
  projectId: decimal,
  version: decimal,
  dependencies: arrayOf(indexedDependency),
  totalShareBps: integer,
  setAtBlock: nullable(decimal),
  setAt: nullable(decimal),
  transactionHash: nullable(bytes32),
});

export const projectDependencies = object<ProjectDependencies>({
  items: arrayOf(indexedDependencyList),
  total: integer,
  now: decimal,
  indexed: nullable(indexedBlock),
  projectId: decimal,
  current: indexedDependencyList,
});

export const indexedSplit = object<IndexedSplit>({
  campaignId: decimal,
  projectId: decimal,
  token: address,
  feeBps: integer,
  builder: nullable(address),
  nominee: nullable(address),
  builderShareBps: integer,
  dependencyVersion: decimal,
  dependencyShareBps: integer,
  dependencies: arrayOf(indexedDependency),
  waiting: decimal,
  waitingSince: nullable(decimal),
  releasableAt: nullable(decimal),
  canRelease: flag,
  builderCredited: decimal,
  dependencyCredited: decimal,
  releasedToProject: decimal,
  builders: arrayOf(object<IndexedBuilderCredit>({ builder: address, credited: decimal, waitingTaken: decimal })),
  dependencyCredits: arrayOf(object<IndexedDependencyCredit>({ projectId: decimal, credited: decimal })),
  now: decimal,
  indexed: nullable(indexedBlock),
});

const shareBalanceFields = { token: address, credited: decimal, withdrawn: decimal, owed: decimal };
const indexedShareBalance = object<IndexedShareBalance>(shareBalanceFields);
const indexedProjectBalance = object<IndexedProjectBalance>({ ...shareBalanceFields, dependencyShares: decimal, releasedBuilderShares: decimal });

export const accountOwed = object<AccountOwed>({
  account: address,
  asBuilder: arrayOf(indexedShareBalance),
  asMaintainer: arrayOf(
    object<AccountOwed["asMaintainer"][number]>({ projectId: decimal, payout: address, shares: arrayOf(indexedProjectBalance) }),
  ),
  nominations: arrayOf(
    object<IndexedNomination>({ campaignId: decimal, projectId: decimal, token: address, waiting: decimal, builderShareBps: integer }),
  ),
  now: decimal,
  indexed: nullable(indexedBlock),
});

export const projectShares = object<ProjectShares>({
  items: arrayOf(
    object<IndexedProjectCredit>({
      campaignId: decimal,
      campaignProjectId: decimal,
      token: address,
      dependencyShares: decimal,
      releasedBuilderShares: decimal,
      firstCreditedAtBlock: decimal,
      updatedAtBlock: decimal,
    }),
  ),
  total: integer,
  now: decimal,
  indexed: nullable(indexedBlock),
  projectId: decimal,
  payout: address,
  balances: arrayOf(indexedProjectBalance),
});

export const indexedAttestation = object<IndexedAttestation>({
  uid: bytes32,
  attester: address,
  recipient: address,
  registry: address,
  chainId: decimal,
  projectId: decimal,
  forgeHost: text,
  repositoryId: decimal,
  repositoryPath: text,
  repository: text,
  proofCommit: text,
  time: decimal,
  expirationTime: decimal,
  revocationTime: decimal,
  refUID: bytes32,
  blockNumber: decimal,
  logIndex: integer,
  transactionHash: bytes32,
  revokedAtBlock: nullable(decimal),
  revokedTransactionHash: nullable(bytes32),
});

export const projectAttestations = object<ProjectAttestations>({
  items: arrayOf(indexedAttestation),
  total: integer,
  now: decimal,
  indexed: nullable(indexedBlock),
  projectId: decimal,
  eas: nullable(address),
  schemaUID: bytes32,
});

/** An error answer's `{ error }`, if the body is one. */
export function errorText(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  return typeof error === "string" ? error : undefined;
}
