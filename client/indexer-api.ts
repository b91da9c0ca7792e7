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
  /** Paid to the project so far, fees included. */
  claimed: Decimal;
  /** Returned to backers by refunds so far. */
  refunded: Decimal;
  /** From the spec document once read (null: not read, unreadable, or none). */
  title: string | null;
  milestones: IndexedMilestoneProgress | null;
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
}

/** A pledge on the "my pledges" page: the campaign, and what its backer can do at `now`. */
export interface AccountPledge {
  pledge: IndexedPledge;
  campaign: IndexedCampaign;
  /** The campaign funds: the backer may add or take back. */
  canWithdraw: boolean;
  /** What `refund` would pay now (zero: nothing to refund now). */
  refundableNow: Decimal;
  /** A milestone is in review, the backer has weight and does not object yet. */
  canObject: boolean;
  /** The backer objects to the milestone in review and its window is open. */
  canWithdrawObjection: boolean;
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
  /** On `Pledged`, `PledgeWithdrawn` and `Refunded`: the backer's pledge and the campaign total just after. */
  totals: { backer: Decimal; campaign: Decimal } | null;
}

/** An error answer: what went wrong, in words. */
export interface IndexerError {
  error: string;
}
