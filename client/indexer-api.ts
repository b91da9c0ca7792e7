/**
 * The JSON the OpenPledge indexer answers on `/api/...` (served by `indexer/src/api`): the one contract between the
 * indexer and its readers (this client, the CLI, the web app). JSON has no 256-bit integers, so every amount, id,
 * time (unix seconds) and block number is a decimal string; addresses are lower-case hex.
 *
 * States that change with time alone (funding ending, claim windows lapsing, review windows closing, due dates
 * passing) are worked out at query time from the chain's latest block time, which every answer reports as `now`.
 */

/** A decimal integer of any size, as a string. */
export type Decimal = string;

/** A block the indexer has processed. */
export interface IndexedBlock {
  number: Decimal;
  timestamp: Decimal;
}

/** `GET /api/status`: which chain and deployment the indexer follows, and how far behind the chain it is. */
export interface IndexerStatus {
  chainId: number;
  /** Hash of the chain's block 0: a local chain started again has another one. */
  genesisHash: string;
  registry: string;
  escrow: string;
  deploymentBlock: Decimal;
  /** The latest block whose events are in the tables (null before the first). */
  indexed: IndexedBlock | null;
  /** The chain's latest block as the indexer's RPC reports it now. */
  head: IndexedBlock;
  /** Blocks the tables are behind the chain. */
  lagBlocks: Decimal;
  /** True once the indexer has caught up with the chain at least once (before that, lists are incomplete). */
  ready: boolean;
}

/** Every list answer: one page of rows, how many match in all, and the chain time states were worked out at. */
export interface ListPage<Row> {
  items: Row[];
  total: number;
  /** The chain's latest block time used for every time-dependent field. */
  now: Decimal;
  indexed: IndexedBlock | null;
}

/** Orders of the project and campaign lists. */
export const LIST_SORTS = ["newest", "most-funded", "ending-soon"] as const;
export type ListSort = (typeof LIST_SORTS)[number];

/** A project: the registry's record with every change applied, its maintainers, and what its campaigns add up to. */
export interface IndexedProject {
  id: Decimal;
  owner: string;
  /** Nominated owner who has not accepted yet (zero address: none). */
  pendingOwner: string;
  payout: string;
  metadataURI: string;
  repository: string;
  maintainers: string[];
  registeredAtBlock: Decimal;
  registeredAt: Decimal;
  /** Block of the registration or of the latest change to owner, payout or metadata. */
  updatedAtBlock: Decimal;
  /** From the metadata document, once the indexer could read it (null: not read, unreadable or untitled). */
  title: string | null;
  summary: string | null;
  campaignCount: number;
  /** Campaigns funding now. */
  fundingCount: number;
  /** The earliest deadline of a campaign funding now (null: none). */
  nextDeadline: Decimal | null;
  /**
   * What "most funded" ranks by: the sum over the project's campaigns of pledged ÷ goal, to the basis point (1 = one
   * goal's worth), a measure that does not add up amounts of different tokens.
   */
  fundedGoals: number;
  /** Its dependency list's current version (0: never declared), which campaigns opened now freeze. */
  dependencyVersion: Decimal;
  /** That version's total share of every claim, in basis points. */
  dependencyShareBps: number;
}

/** A milestone of a plan, with what happened to it. */
export interface IndexedMilestone {
  index: number;
  shareBps: number;
  due: Decimal;
  deliveryURI: string | null;
  submittedAt: Decimal | null;
  reviewEnd: Decimal | null;
  /** `pending` until decided; `due` and `in-review` and `settleable` are worked out at `now`. */
  status: "pending" | "overdue" | "in-review" | "settleable" | "accepted" | "rejected";
}

/** A campaign's milestone plan and progress, as `getMilestoneProgress` would answer at `now`. */
export interface IndexedMilestoneProgress {
  count: number;
  current: number;
  initialShareBps: number;
  releasedBps: number;
  released: Decimal;
  claimed: Decimal;
  reviewEnd: Decimal;
  objectionWeight: Decimal;
  thresholdWeight: Decimal;
  reviewWindow: Decimal;
  objectionThresholdBps: number;
  refunded: Decimal;
  milestones: IndexedMilestone[];
}

/** The states of the escrow's `State` enum, by name (the client's `CAMPAIGN_STATES`). */
export type IndexedCampaignState = "Funding" | "Succeeded" | "Failed" | "Cancelled" | "Claimed" | "Rejected" | "Lapsed";

/** Where a campaign's refund bonus goes (the escrow's `BonusOutcome`), at `now`. */
export const BONUS_OUTCOMES = ["none", "pending", "to-backers", "to-depositors"] as const;
export type IndexedBonusOutcome = (typeof BONUS_OUTCOMES)[number];

/**
 * A campaign's refund bonus as `getBonus(campaignId, anyone, 0)` answers at `now` (its campaign-wide fields), and what
 * has been paid out of it so far.
 */
export interface IndexedCampaignBonus {
  /** All bonus deposited. */
  pot: Decimal;
  /** The most it may hold (`MAX_BONUS_BPS` of the goal). */
  maxPot: Decimal;
  /** The first deposit: credit runs from here (null: no bonus). */
  startedAt: Decimal | null;
  /** When credit stops: the cancellation, else the current deadline (null: no bonus). */
  creditEnd: Decimal | null;
  /**
   * `none` without a bonus; `pending` while funding, or succeeded without milestones and not claimed yet;
   * `to-backers` once failed, cancelled or lapsed (refunds carry the shares); `to-depositors` once claimed, or
   * succeeded with milestones (rejected included).
   */
  outcome: IndexedBonusOutcome;
  /** What the backers' shares add up to at most if funding ended at `creditEnd` without going through (0 once to depositors). */
  reservedForBackers: Decimal;
  /** Deposits already reclaimed (what was deposited, as the escrow counts it for the depositors' split). */
  reclaimed: Decimal;
  /** Paid to backers with their refunds so far (the `bonus` of `RefundedWithBonus`). */
  paidToBackers: Decimal;
  /** Paid back to depositors by `reclaimBonus` so far (`BonusReclaimed`). */
  returnedToDepositors: Decimal;
  /** Accounts that deposited. */
  depositorCount: number;
}

/** A campaign: its terms from `CampaignOpened`, its totals, and its state at `now`. */
export interface IndexedCampaign {
  id: Decimal;
  projectId: Decimal;
  creator: string;
  /** Zero address: ETH. */
  token: string;
  goal: Decimal;
  pledged: Decimal;
  /** Current deadline (later than planned once the goal was reached in the last call). */
  deadline: Decimal;
  plannedDeadline: Decimal;
  feeBps: number;
  specURI: string;
  specHash: string;
  lastCall: Decimal;
  claimWindow: Decimal;
  openedAtBlock: Decimal;
  openedAt: Decimal;
  goalReachedAt: Decimal;
  /** As `campaignState` answers at `now`, milestone decisions that time has made included. */
  state: IndexedCampaignState;
  hasMilestones: boolean;
  /** Backers whose pledge is above zero. */
  backerCount: number;
  /** Paid out by claims so far, gross: the project's part, the fee, and the builder and dependency shares credited. */
  claimed: Decimal;
  /** Returned to backers by refunds so far. */
  refunded: Decimal;
  /** From the spec document once read (null: not read, unreadable, or none). */
  title: string | null;
  milestones: IndexedMilestoneProgress | null;
  /** Its refund bonus (outcome `none` and zeros without one). */
  bonus: IndexedCampaignBonus;
  /** The feature request it was before a maintainer accepted it (null: opened as a campaign). */
  fromRequest: IndexedRequestOrigin | null;
}

/** Where a campaign that was a feature request came from; accepted in the campaign's opening block by its creator. */
export interface IndexedRequestOrigin {
  /** The request's id: the campaign's own. */
  requestId: Decimal;
  opener: string;
  openedAt: Decimal;
  openedAtBlock: Decimal;
  /** The maintainer who accepted it (the campaign's creator). */
  acceptedBy: string;
  acceptedAt: Decimal;
  acceptedAtBlock: Decimal;
  /** What stood pledged when it was accepted (`RequestAccepted.pledged`). */
  pledgedAtAcceptance: Decimal;
}

/** A request's states: open (`Requested`), `Declined`, `Expired`, or once accepted its campaign's state. */
export type IndexedRequestState = IndexedCampaignState | "Requested" | "Declined" | "Expired";

/**
 * A feature request (`GET /api/requests/:id`, `GET /api/projects/:id/requests`): its opening, its money, its support
 * (Σ pledge × seconds held in the request phase, the refund bonus's accumulator, worked out at `asOf`), and how it ended.
 */
export interface IndexedRequest {
  id: Decimal;
  projectId: Decimal;
  opener: string;
  /** Zero address: ETH. */
  token: string;
  /** The last second it may be pledged to or accepted. */
  expiry: Decimal;
  feeBps: number;
  specURI: string;
  specHash: string;
  openedAt: Decimal;
  openedAtBlock: Decimal;
  /** At `now`: Requested, Declined, Expired, or the campaign's state once accepted. */
  state: IndexedRequestState;
  /** Pledged now, as the escrow's record says (refunds leave it; after acceptance, the campaign's total). */
  pledged: Decimal;
  /** Backers with a pledge in now (after acceptance, the campaign's). */
  backers: number;
  /** What backers still have in: Σ pledged − withdrawn − refunded of the id (a closed request refunded in full: 0). */
  outstanding: Decimal;
  /** Σ pledge × seconds held, at `asOf` (wei·seconds: divide by 86,400 for token-days). */
  support: Decimal;
  /** When support is counted to: now while open, else the acceptance, the decline or the expiry. */
  asOf: Decimal;
  /** Nothing is pledged to it now: lists show these collapsed, below the others. */
  unfunded: boolean;
  accepted: { maintainer: string; at: Decimal; blockNumber: Decimal; pledgedAtAcceptance: Decimal } | null;
  declined: { maintainer: string; at: Decimal; blockNumber: Decimal; reasonURI: string } | null;
  /** Other requests of the same project with the same spec URI, by id ("same issue as #N"). */
  duplicateOf: Decimal[];
}

/** One backer's pledge to one campaign. */
export interface IndexedPledge {
  campaignId: Decimal;
  backer: string;
  /** Their pledge now (zero after a refund or a full withdrawal). */
  pledged: Decimal;
  /** Everything they ever pledged. */
  contributed: Decimal;
  withdrawn: Decimal;
  refunded: Decimal;
  /** Objection weight (`objectionWeightOf`): the pledge less what came after the weight cutoff. */
  weight: Decimal;
  /** As `isObjecting` answers. */
  objecting: boolean;
  firstPledgedAt: Decimal;
  /** Block and log index of the first pledge: backers in the order they first pledged, as the logs have them. */
  firstPledgedAtBlock: Decimal;
  firstPledgedLogIndex: number;
  updatedAtBlock: Decimal;
  /**
   * When the bonus credit of the pledge standing runs from (`getBonus`'s `creditSince` while the bonus may still go to
   * backers): the pledge-weighted mean time it came in, restarted at a withdrawal, at the earliest the bonus's start.
   * Null without a bonus or a pledge.
   */
  creditSince: Decimal | null;
  /** Bonus shares paid with refunds (the `bonus` of `RefundedWithBonus`). */
  bonusPaid: Decimal;
}

/** A pledge on the "my pledges" page: the campaign, and what its backer can do at `now`. */
export interface AccountPledge {
  pledge: IndexedPledge;
  campaign: IndexedCampaign;
  /** The campaign funds: the backer may add or take back. */
  canWithdraw: boolean;
  /**
   * What `refund` would pay now for the pledge (the `amount` of `Refunded`, or of `RefundedWithBonus`; zero: nothing
   * to refund now).
   */
  refundableNow: Decimal;
  /** The bonus share that refund would add now (the `bonus` of `RefundedWithBonus`; zero: none). */
  refundableBonusNow: Decimal;
  /** What refund would pay now in all: the pledge part plus the bonus share. */
  refundableTotalNow: Decimal;
  /**
   * The backer's share of the bonus if funding ended at its `creditEnd` without going through (`getBonus`'s `share`):
   * what its refund adds once the bonus goes to backers; zero once it goes to depositors, and without a bonus.
   */
  bonusShare: Decimal;
  /**
   * The backer's share if the campaign failed at its current deadline, pledge as it stands (`getBonus`'s `quote` for
   * no added amount): the "plus about X" figure, a guaranteed minimum for a failure. Zero unless funding.
   */
  bonusQuote: Decimal;
  /** A milestone is in review, the backer has weight and does not object yet. */
  canObject: boolean;
  /** The backer objects to the milestone in review and its window is open. */
  canWithdrawObjection: boolean;
}

/** A depositor's refund bonus in one campaign, and what `reclaimBonus` would pay it at `now`. */
export interface IndexedBonusDeposit {
  campaignId: Decimal;
  depositor: string;
  /** Everything the account deposited. */
  deposited: Decimal;
  /** What the escrow still holds as its deposit (`getBonus`'s `deposited`: zero once reclaimed). */
  outstanding: Decimal;
  /** Whether it reclaimed already. */
  reclaimed: boolean;
  /** What its reclaim paid back (zero before, and zero when the backers' shares took it all). */
  reclaimedAmount: Decimal;
  reclaimedAtBlock: Decimal | null;
  /** What `reclaimBonus` would pay now (`getBonus`'s `reclaimable`; zero until the campaign is decided). */
  reclaimableNow: Decimal;
  /** `reclaimBonus` would succeed now: the campaign is decided and the deposit not reclaimed (it may pay zero). */
  canReclaim: boolean;
  firstDepositedAt: Decimal;
  /** Block and log index of the first deposit: depositors in the order they first deposited. */
  firstDepositedAtBlock: Decimal;
  firstDepositedLogIndex: number;
  updatedAtBlock: Decimal;
}

/** A bonus deposit on an account's page: the deposit and its campaign. */
export interface AccountBonusDeposit {
  deposit: IndexedBonusDeposit;
  campaign: IndexedCampaign;
}

/** A maintainer's page: what waits for the account as a maintainer or owner. */
export interface MaintainerDashboard {
  account: string;
  /** Projects the account owns or maintains. */
  projects: IndexedProject[];
  /**
   * Campaigns of projects the account maintains with money it can claim now, and how much (fee included). An owner
   * who is not also a maintainer is not offered claims: the escrow would refuse them.
   */
  claimsAvailable: Array<{ campaign: IndexedCampaign; claimable: Decimal; claimBy: Decimal | null }>;
  /** Milestones to submit: the current milestone of a succeeded campaign not yet submitted, and its due date. */
  milestonesDue: Array<{ campaign: IndexedCampaign; index: number; due: Decimal; overdue: boolean }>;
  /** Milestones whose review window closed: anyone may settle them now. */
  reviewsToSettle: Array<{ campaign: IndexedCampaign; index: number; reviewEnd: Decimal }>;
  /** Ownership of a project offered to the account, waiting for it to accept. */
  ownershipOffers: IndexedProject[];
}

/** An event of a campaign's history; `args` as decoded, integers as decimal strings. */
export interface IndexedEvent {
  name: string;
  args: Record<string, unknown>;
  blockNumber: Decimal;
  timestamp: Decimal;
  transactionHash: string;
  logIndex: number;
  /**
   * On `Pledged`, `PledgeWithdrawn`, `Refunded` and `RefundedWithBonus`: the backer's pledge and the campaign total
   * just after.
   */
  totals: { backer: Decimal; campaign: Decimal } | null;
}

/** One entry of a dependency list: the project depended on and its share of every claim, in basis points. */
export interface IndexedDependency {
  projectId: Decimal;
  shareBps: number;
}

/** One version of a project's dependency list (as `getDependencies(projectId, version)` answers). */
export interface IndexedDependencyList {
  projectId: Decimal;
  /** 0: the project never declared a list (an empty one). */
  version: Decimal;
  dependencies: IndexedDependency[];
  totalShareBps: number;
  /** Where `DependenciesSet` declared it (null for version 0). */
  setAtBlock: Decimal | null;
  setAt: Decimal | null;
  transactionHash: string | null;
}

/** `GET /api/projects/:id/dependencies`: the current version, and a page of every version declared, oldest first. */
export interface ProjectDependencies extends ListPage<IndexedDependencyList> {
  projectId: Decimal;
  /** The version campaigns opened now freeze (version 0 and empty when none was declared). */
  current: IndexedDependencyList;
}

/** What one campaign's claims credited one builder. */
export interface IndexedBuilderCredit {
  builder: string;
  /** Builder shares of claims made while it was the builder. */
  credited: Decimal;
  /** The waiting builder shares it took on accepting. */
  waitingTaken: Decimal;
}

/** What one campaign's claims credited one dependency. */
export interface IndexedDependencyCredit {
  projectId: Decimal;
  credited: Decimal;
}

/**
 * `GET /api/campaigns/:id/split`: who a campaign's claims pay besides its project and the fee (as `getSplit` answers
 * at `now`), and what they credited so far. A campaign without shares answers zeros and empty lists.
 */
export interface IndexedSplit {
  campaignId: Decimal;
  projectId: Decimal;
  /** Zero address: ETH. */
  token: string;
  /** The protocol fee the campaign recorded at opening. */
  feeBps: number;
  /** The builder who accepted (null: nobody yet). */
  builder: string | null;
  /** Nominated and not accepted yet (null: nobody). */
  nominee: string | null;
  builderShareBps: number;
  /** The dependency list version frozen at opening (0: none). */
  dependencyVersion: Decimal;
  dependencyShareBps: number;
  /** The frozen version's list. */
  dependencies: IndexedDependency[];
  /** Builder shares credited while nobody had accepted: whoever accepts takes them. */
  waiting: Decimal;
  /** The last waiting credit (null: nothing waits). */
  waitingSince: Decimal | null;
  /** From when anyone may release `waiting` to the campaign's project: 180 days after `waitingSince` (null: nothing waits). */
  releasableAt: Decimal | null;
  /** `releaseWaitingBuilderShare` would succeed at `now`. */
  canRelease: boolean;
  /** Every builder share its claims credited (to a builder or waiting). */
  builderCredited: Decimal;
  /** Every dependency share its claims credited. */
  dependencyCredited: Decimal;
  /** Waiting builder shares released to the campaign's project. */
  releasedToProject: Decimal;
  /** Each account credited as its builder, in the order of its first credit. */
  builders: IndexedBuilderCredit[];
  /** Each dependency credited, in list order of the frozen version. */
  dependencyCredits: IndexedDependencyCredit[];
  now: Decimal;
  indexed: IndexedBlock | null;
}

/** Credits in one token: everything credited, withdrawn, and what is owed now (credited − withdrawn). */
export interface IndexedShareBalance {
  /** Zero address: ETH. */
  token: string;
  credited: Decimal;
  withdrawn: Decimal;
  /** As `builderSharesOf` or `projectSharesOf` answers. */
  owed: Decimal;
}

/** A project's credits in one token, by where they came from. */
export interface IndexedProjectBalance extends IndexedShareBalance {
  /** Dependency shares of other projects' campaigns. */
  dependencyShares: Decimal;
  /** Its own campaigns' builder shares nobody accepted, released to it. */
  releasedBuilderShares: Decimal;
}

/** A campaign whose builder role is offered to an account that has not accepted. */
export interface IndexedNomination {
  campaignId: Decimal;
  projectId: Decimal;
  token: string;
  /** What accepting takes now. */
  waiting: Decimal;
  builderShareBps: number;
}

/**
 * `GET /api/accounts/:address/owed`: what is owed to an account as a builder (per token), to the projects it maintains
 * (per project and token, withdrawn by a maintainer to the project's payout address), and the builder roles offered
 * to it. Tokens and projects that were ever credited are listed, those owed nothing now included.
 */
export interface AccountOwed {
  account: string;
  asBuilder: IndexedShareBalance[];
  asMaintainer: Array<{ projectId: Decimal; payout: string; shares: IndexedProjectBalance[] }>;
  nominations: IndexedNomination[];
  now: Decimal;
  indexed: IndexedBlock | null;
}

/** What one campaign credited a project: dependency shares, or (its own campaign) released builder shares. */
export interface IndexedProjectCredit {
  campaignId: Decimal;
  /** The crediting campaign's project (the dependent; the project itself for a released builder share). */
  campaignProjectId: Decimal;
  token: string;
  dependencyShares: Decimal;
  releasedBuilderShares: Decimal;
  firstCreditedAtBlock: Decimal;
  updatedAtBlock: Decimal;
}

/**
 * `GET /api/projects/:id/shares`: a page of the campaigns that credited the project (first credit first), and its
 * credits per token: credited, withdrawn, owed.
 */
export interface ProjectShares extends ListPage<IndexedProjectCredit> {
  projectId: Decimal;
  /** Where a withdrawal sends them now. */
  payout: string;
  balances: IndexedProjectBalance[];
}

/** `GET /api/requests/:id`: one request, with the chain time and block it was worked out at. */
export interface RequestAnswer extends IndexedRequest {
  now: Decimal;
  indexed: IndexedBlock | null;
}

/**
 * One attestation of OpenPledge's repository schema (EAS), about this deployment's registry and chain: the claim it
 * decodes to, EAS's record of it (times in unix seconds, 0: never), and where `Attested` (and `Revoked`) were logged.
 */
export interface IndexedAttestation {
  uid: string;
  attester: string;
  /** EAS's recipient: the registry. */
  recipient: string;
  /** The claim's registry and chain: always this deployment's (the indexer leaves out any other). */
  registry: string;
  chainId: Decimal;
  projectId: Decimal;
  forgeHost: string;
  repositoryId: Decimal;
  repositoryPath: string;
  /** The registry's repository string when the attester checked it. */
  repository: string;
  proofCommit: string;
  time: Decimal;
  /** 0: never expires. */
  expirationTime: Decimal;
  /** 0: not revoked. */
  revocationTime: Decimal;
  /** The attestation it renewed or replaced (the zero hash: none). */
  refUID: string;
  blockNumber: Decimal;
  logIndex: number;
  transactionHash: string;
  /** Where `Revoked` was logged (null: not revoked). */
  revokedAtBlock: Decimal | null;
  revokedTransactionHash: string | null;
}

/**
 * `GET /api/projects/:id/attestations`: a page of every repository attestation naming the project, whoever attested,
 * revoked and expired ones included, oldest first (in log order); which attesters to trust is the reader's choice.
 */
export interface ProjectAttestations extends ListPage<IndexedAttestation> {
  projectId: Decimal;
  /** The EAS contract the indexer follows (null: the chain has none it knows of, and the list is empty). */
  eas: string | null;
  schemaUID: string;
}

/** An error answer: what went wrong, in words. */
export interface IndexerError {
  error: string;
}
