/**
 * The indexer's tables: what the registry's and the escrow's events say, and EAS's repository attestations about the
 * registry, as rows a list can sort and filter. Only facts recorded by events live here; what time alone changes (a
 * deadline passing, a review window closing) is worked out when a query asks, from the chain's time then
 * (src/api/derive.ts).
 */
import { index, onchainTable, primaryKey } from "ponder";

/** A registered project, every change applied. */
export const project = onchainTable(
  "project",
  (t) => ({
    id: t.bigint().primaryKey(),
    owner: t.hex().notNull(),
    pendingOwner: t.hex().notNull(),
    payout: t.hex().notNull(),
    metadataURI: t.text().notNull(),
    repository: t.text().notNull(),
    registeredAtBlock: t.bigint().notNull(),
    registeredAt: t.bigint().notNull(),
    updatedAtBlock: t.bigint().notNull(),
    campaignCount: t.integer().notNull(),
    /** Sum of its campaigns' `fundedBps`: what "most funded" ranks projects by, whatever their tokens. */
    fundedBps: t.bigint().notNull(),
    /** Its dependency list's current version (zero: never declared) and that version's total share. */
    dependencyVersion: t.bigint().notNull(),
    dependencyShareBps: t.integer().notNull(),
  }),
  (table) => ({
    ownerIndex: index().on(table.owner),
    pendingOwnerIndex: index().on(table.pendingOwner),
    fundedIndex: index().on(table.fundedBps, table.id),
  }),
);

/**
 * One version of a project's dependency list (`DependenciesSet`): versions are append-only, and a campaign keeps paying
 * the one it froze at opening whatever comes later.
 */
export const dependencyList = onchainTable(
  "dependency_list",
  (t) => ({
    projectId: t.bigint().notNull(),
    version: t.bigint().notNull(),
    /** The entries in list order: the project depended on and its share of each claim, in basis points. */
    dependencies: t.json().$type<DependencyEntry[]>().notNull(),
    totalShareBps: t.integer().notNull(),
    setAtBlock: t.bigint().notNull(),
    setAt: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.projectId, table.version] }) }),
);

/** A dependency list's entry as the `dependency_list` table keeps it (JSON: the id as a decimal string). */
export interface DependencyEntry {
  projectId: string;
  shareBps: number;
}

/** A maintainer of a project (the owner is one too, as the registry answers `isMaintainer`). */
export const maintainer = onchainTable(
  "maintainer",
  (t) => ({
    projectId: t.bigint().notNull(),
    account: t.hex().notNull(),
    addedAtBlock: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.projectId, table.account] }), accountIndex: index().on(table.account) }),
);

/**
 * A campaign: its terms from `CampaignOpened`, its totals, its recorded status, and its milestone progress (the
 * escrow's `Progress`), so that one row answers `getCampaign`, `campaignState` and `getMilestoneProgress`.
 */
export const campaign = onchainTable(
  "campaign",
  (t) => ({
    id: t.bigint().primaryKey(),
    projectId: t.bigint().notNull(),
    creator: t.hex().notNull(),
    token: t.hex().notNull(),
    goal: t.bigint().notNull(),
    pledged: t.bigint().notNull(),
    /** pledged × 10,000 ÷ goal, rounded down: "most funded" ranks by the share of the goal, whatever the token. */
    fundedBps: t.bigint().notNull(),
    deadline: t.bigint().notNull(),
    plannedDeadline: t.bigint().notNull(),
    feeBps: t.integer().notNull(),
    specURI: t.text().notNull(),
    specHash: t.hex().notNull(),
    lastCall: t.bigint().notNull(),
    claimWindow: t.bigint().notNull(),
    openedAtBlock: t.bigint().notNull(),
    openedAt: t.bigint().notNull(),
    goalReachedAt: t.bigint().notNull(),
    /** What the escrow records: active, cancelled, claimed or rejected (time decides the rest). */
    status: t.text().notNull(),
    backerCount: t.integer().notNull(),
    /** Gross of every claim: the project's part, the fee, and the builder and dependency shares credited. */
    claimed: t.bigint().notNull(),
    claimedFees: t.bigint().notNull(),
    refunded: t.bigint().notNull(),
    // Milestone plan and progress (zero without a plan).
    milestoneCount: t.integer().notNull(),
    initialShareBps: t.integer().notNull(),
    reviewWindow: t.bigint().notNull(),
    thresholdBps: t.integer().notNull(),
    currentMilestone: t.integer().notNull(),
    releasedBps: t.integer().notNull(),
    reviewEnd: t.bigint().notNull(),
    objectionWeight: t.bigint().notNull(),
    lateTotal: t.bigint().notNull(),
    refundedWeight: t.bigint().notNull(),
    refundedPaid: t.bigint().notNull(),
    /** When `CampaignCancelled` was mined (zero: not cancelled): with a bonus, credit stops there. */
    cancelledAt: t.bigint().notNull(),
    // Refund bonus (the escrow's slot 3 `bonusStart`, `creditDelay` and slot 4; zero without a bonus).
    /** All bonus deposited (`BonusDeposited.pot`). */
    bonusPot: t.bigint().notNull(),
    /** The first deposit's block time: credit runs from here (zero: no bonus). */
    bonusStartedAt: t.bigint().notNull(),
    /** Σ pledge × (credit start − bonus start) over current backers, kept as `RefundBonus` keeps it. */
    creditDelay: t.bigint().notNull(),
    /** Deposits already reclaimed (the escrow's `bonusReclaimed`: what was deposited, not what was paid back). */
    bonusReclaimed: t.bigint().notNull(),
    /** Paid back to depositors by `reclaimBonus` (`BonusReclaimed` amounts). */
    bonusReturned: t.bigint().notNull(),
    /** Paid to backers with their refunds (the `bonus` of `RefundedWithBonus`). */
    bonusPaid: t.bigint().notNull(),
    bonusDepositorCount: t.integer().notNull(),
    // A campaign that was a feature request first (null otherwise): its opener, its opening, and what stood pledged
    // when a maintainer (its creator) accepted it in this campaign's opening block.
    requestOpener: t.hex(),
    requestOpenedAt: t.bigint(),
    requestOpenedAtBlock: t.bigint(),
    pledgedAtAcceptance: t.bigint(),
  }),
  (table) => ({
    projectIndex: index().on(table.projectId, table.status, table.deadline),
    fundingIndex: index().on(table.status, table.deadline),
    fundedIndex: index().on(table.fundedBps, table.id),
    creatorIndex: index().on(table.creator),
  }),
);

/**
 * A feature request (`RequestOpened`): a campaign record without terms that anyone opens and backs, until a maintainer
 * accepts it (it goes on as the campaign of the same id, from its `CampaignOpened`) or declines it, or it expires (by
 * time alone: no event). Its pledges are in `pledge` like any campaign's, each backer's `supportSince` the
 * pledge-weighted mean time of what is in (restarted by a withdrawal), so that its support, Σ pledge × seconds held, is
 * `pledged × (asOf − supportStart) − creditDelay` at any time `asOf` of the request phase (src/api/requests.ts).
 */
export const request = onchainTable(
  "request",
  (t) => ({
    id: t.bigint().primaryKey(),
    projectId: t.bigint().notNull(),
    opener: t.hex().notNull(),
    token: t.hex().notNull(),
    /** The last second it may be pledged to or accepted. */
    expiry: t.bigint().notNull(),
    feeBps: t.integer().notNull(),
    specURI: t.text().notNull(),
    specHash: t.hex().notNull(),
    openedAt: t.bigint().notNull(),
    openedAtBlock: t.bigint().notNull(),
    /** What the events recorded: requested, accepted or declined (expired is the time past `expiry`). */
    status: t.text().notNull(),
    /**
     * Pledged in the request phase, withdrawals taken off (the escrow's record: refunds leave it, as for a campaign).
     * Frozen at acceptance: later pledges are the campaign's.
     */
    pledged: t.bigint().notNull(),
    /** Paid back by refunds after a decline or the expiry. */
    refunded: t.bigint().notNull(),
    /** Backers with a pledge in (until acceptance; the campaign counts them after). */
    backers: t.integer().notNull(),
    /** Σ pledge × (creditSince − supportStart) over the backers, kept as the refund bonus keeps its own. */
    creditDelay: t.bigint().notNull(),
    /** When support starts counting: the opening's block time. */
    supportStart: t.bigint().notNull(),
    /** When support stopped counting: the acceptance or the decline (zero: still open, or only expired). */
    frozenAt: t.bigint().notNull(),
    acceptedBy: t.hex(),
    acceptedAt: t.bigint(),
    acceptedAtBlock: t.bigint(),
    pledgedAtAcceptance: t.bigint(),
    declinedBy: t.hex(),
    declinedAt: t.bigint(),
    declinedAtBlock: t.bigint(),
    reasonURI: t.text(),
  }),
  (table) => ({ projectIndex: index().on(table.projectId, table.status), specIndex: index().on(table.projectId, table.specURI) }),
);

/** One milestone of a plan, and what happened to it. */
export const milestone = onchainTable(
  "milestone",
  (t) => ({
    campaignId: t.bigint().notNull(),
    index: t.integer().notNull(),
    shareBps: t.integer().notNull(),
    due: t.bigint().notNull(),
    deliveryURI: t.text(),
    submittedBy: t.hex(),
    submittedAt: t.bigint(),
    reviewEnd: t.bigint(),
    /** pending, accepted or rejected, as recorded by events. */
    outcome: t.text().notNull(),
    overdue: t.boolean().notNull(),
    objectionWeight: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.campaignId, table.index] }) }),
);

/** A backer's pledge to a campaign (`Backer` in the escrow: amount and weightless late part), with its history's sums. */
export const pledge = onchainTable(
  "pledge",
  (t) => ({
    campaignId: t.bigint().notNull(),
    backer: t.hex().notNull(),
    amount: t.bigint().notNull(),
    late: t.bigint().notNull(),
    contributed: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
    refunded: t.bigint().notNull(),
    /** One more than the milestone the backer objects to (the escrow's `objectingTo`; zero: none). */
    objectingTo: t.integer().notNull(),
    firstPledgedAt: t.bigint().notNull(),
    /** Where the first pledge's event is: backers listed in the order they first pledged, as the logs have them. */
    firstPledgedAtBlock: t.bigint().notNull(),
    firstPledgedLogIndex: t.integer().notNull(),
    updatedAtBlock: t.bigint().notNull(),
    /**
     * The backer slot's `creditSince`: the pledge-weighted mean time its bonus credit runs from, rounded up, restarted
     * at a withdrawal; zero while the campaign has no bonus (a pledge from before the bonus counts from its start) and
     * after a refund.
     */
    creditSince: t.bigint().notNull(),
    /** Bonus shares paid with refunds (the `bonus` of `RefundedWithBonus`). */
    bonusPaid: t.bigint().notNull(),
    /**
     * A feature request's pledge (zero for a campaign's): when its support credit runs from, by the bonus's rule with
     * the request's opening as start (the escrow keeps no such slot; `creditSince` stays the escrow's). Kept as it was
     * at acceptance; zero after a refund.
     */
    supportSince: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.campaignId, table.backer] }),
    backerIndex: index().on(table.backer),
    campaignAmountIndex: index().on(table.campaignId, table.amount),
  }),
);

/** A depositor's refund bonus in a campaign (the escrow's `bonusDeposits`), and what `reclaimBonus` paid back. */
export const bonusDeposit = onchainTable(
  "bonus_deposit",
  (t) => ({
    campaignId: t.bigint().notNull(),
    depositor: t.hex().notNull(),
    /** Everything deposited. */
    deposited: t.bigint().notNull(),
    /** Whether `reclaimBonus` ran (the escrow's record is then zero). */
    reclaimed: t.boolean().notNull(),
    /** What it paid back (zero until then, and zero when the backers' shares took it all). */
    reclaimedAmount: t.bigint().notNull(),
    reclaimedAtBlock: t.bigint(),
    firstDepositedAt: t.bigint().notNull(),
    firstDepositedAtBlock: t.bigint().notNull(),
    firstDepositedLogIndex: t.integer().notNull(),
    updatedAtBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.campaignId, table.depositor] }),
    depositorIndex: index().on(table.depositor, table.updatedAtBlock),
  }),
);

/** An objection to a milestone by a backer, and whether it still stands. */
export const objection = onchainTable(
  "objection",
  (t) => ({
    campaignId: t.bigint().notNull(),
    index: t.integer().notNull(),
    backer: t.hex().notNull(),
    weight: t.bigint().notNull(),
    standing: t.boolean().notNull(),
    objectedAtBlock: t.bigint().notNull(),
    updatedAtBlock: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.campaignId, table.index, table.backer] }) }),
);

/** Every escrow event about a campaign, decoded, with the running totals the pledge events no longer carry. */
export const campaignEvent = onchainTable(
  "campaign_event",
  (t) => ({
    id: t.text().primaryKey(),
    campaignId: t.bigint().notNull(),
    name: t.text().notNull(),
    args: t.json().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
    backerTotal: t.bigint(),
    campaignTotal: t.bigint(),
  }),
  (table) => ({ campaignIndex: index().on(table.campaignId, table.blockNumber, table.logIndex) }),
);

/** The protocol's settings as its events left them (one row, id 1). */
export const protocol = onchainTable("protocol", (t) => ({
  id: t.integer().primaryKey(),
  owner: t.hex().notNull(),
  pendingOwner: t.hex().notNull(),
  feeBps: t.integer().notNull(),
  pendingFeeBps: t.integer().notNull(),
  pendingFeeFrom: t.bigint().notNull(),
  feeRecipient: t.hex().notNull(),
  guardian: t.hex().notNull(),
  paused: t.boolean().notNull(),
}));

/** An ERC-20 (or ETH, the zero address) the escrow has seen: allowlisted now, and its fee ledger. */
export const token = onchainTable("token", (t) => ({
  address: t.hex().primaryKey(),
  allowed: t.boolean().notNull(),
  feesAccrued: t.bigint().notNull(),
  feesWithdrawn: t.bigint().notNull(),
  strayRecovered: t.bigint().notNull(),
  /** Builder and dependency shares credited by claims (`BuilderShareCredited`, `DependencyShareCredited`). */
  sharesCredited: t.bigint().notNull(),
  /** Credits withdrawn (`BuilderSharesWithdrawn`, `ProjectSharesWithdrawn`): the escrow owes the difference. */
  sharesWithdrawn: t.bigint().notNull(),
}));

/** Every protocol-level event (fees, allowlist, pause, ownership), decoded, for the record. */
export const protocolEvent = onchainTable("protocol_event", (t) => ({
  id: t.text().primaryKey(),
  name: t.text().notNull(),
  args: t.json().notNull(),
  blockNumber: t.bigint().notNull(),
  timestamp: t.bigint().notNull(),
  transactionHash: t.hex().notNull(),
}));

/**
 * A campaign's split (`CampaignSplitSet`; only campaigns with a builder share or dependency shares have one): its terms
 * frozen at opening, the builder and the nominee, the builder share waiting for someone to accept, and what its claims
 * credited so far.
 */
export const campaignSplit = onchainTable(
  "campaign_split",
  (t) => ({
    campaignId: t.bigint().primaryKey(),
    projectId: t.bigint().notNull(),
    token: t.hex().notNull(),
    builderShareBps: t.integer().notNull(),
    dependencyVersion: t.bigint().notNull(),
    dependencyShareBps: t.integer().notNull(),
    /** The builder who accepted (zero: nobody yet). */
    builder: t.hex().notNull(),
    /** Nominated and not accepted yet (zero: nobody). */
    nominee: t.hex().notNull(),
    /** Builder shares credited while nobody had accepted (the escrow's `waiting`). */
    waiting: t.bigint().notNull(),
    /** The block time of the last such credit (the escrow's `waitingSince`; zero when nothing waits). */
    waitingSince: t.bigint().notNull(),
    /** Every builder share its claims credited (`BuilderShareCredited`), to a builder or waiting. */
    builderCredited: t.bigint().notNull(),
    /** Every dependency share its claims credited (`DependencyShareCredited`). */
    dependencyCredited: t.bigint().notNull(),
    /** Waiting builder shares released to the campaign's project (`WaitingBuilderShareReleased`). */
    releasedToProject: t.bigint().notNull(),
    updatedAtBlock: t.bigint().notNull(),
  }),
  (table) => ({ nomineeIndex: index().on(table.nominee), builderIndex: index().on(table.builder) }),
);

/** What one campaign credited one builder: shares of its claims, and the waiting shares taken on accepting. */
export const builderCredit = onchainTable(
  "builder_credit",
  (t) => ({
    campaignId: t.bigint().notNull(),
    builder: t.hex().notNull(),
    token: t.hex().notNull(),
    /** `BuilderShareCredited` to this builder. */
    credited: t.bigint().notNull(),
    /** `BuilderAccepted.waitingTaken`. */
    waitingTaken: t.bigint().notNull(),
    firstCreditedAtBlock: t.bigint().notNull(),
    firstCreditedLogIndex: t.integer().notNull(),
    updatedAtBlock: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.campaignId, table.builder] }), builderIndex: index().on(table.builder) }),
);

/** What one campaign credited one project: dependency shares of its claims, and its own waiting builder shares released. */
export const projectCredit = onchainTable(
  "project_credit",
  (t) => ({
    campaignId: t.bigint().notNull(),
    projectId: t.bigint().notNull(),
    token: t.hex().notNull(),
    /** `DependencyShareCredited` to this project. */
    dependencyShares: t.bigint().notNull(),
    /** `WaitingBuilderShareReleased` (only to the campaign's own project). */
    releasedBuilderShares: t.bigint().notNull(),
    firstCreditedAtBlock: t.bigint().notNull(),
    firstCreditedLogIndex: t.integer().notNull(),
    updatedAtBlock: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.campaignId, table.projectId] }),
    projectIndex: index().on(table.projectId, table.firstCreditedAtBlock, table.firstCreditedLogIndex),
  }),
);

/** A builder's credits in one token (the escrow's `builderSharesOf` = credited − withdrawn). */
export const builderShare = onchainTable(
  "builder_share",
  (t) => ({
    builder: t.hex().notNull(),
    token: t.hex().notNull(),
    credited: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.builder, table.token] }) }),
);

/** A project's credits in one token (the escrow's `projectSharesOf` = dependency shares + released − withdrawn). */
export const projectShare = onchainTable(
  "project_share",
  (t) => ({
    projectId: t.bigint().notNull(),
    token: t.hex().notNull(),
    dependencyShares: t.bigint().notNull(),
    releasedBuilderShares: t.bigint().notNull(),
    withdrawn: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.projectId, table.token] }) }),
);

/** Every withdrawal of credits: `BuilderSharesWithdrawn` (builder set) or `ProjectSharesWithdrawn` (project set). */
export const shareWithdrawal = onchainTable(
  "share_withdrawal",
  (t) => ({
    id: t.text().primaryKey(),
    name: t.text().notNull(),
    builder: t.hex(),
    projectId: t.bigint(),
    token: t.hex().notNull(),
    /** Who received it: the builder's `to`, or the project's payout address then. */
    to: t.hex().notNull(),
    /** Who withdrew: the builder, or the maintainer. */
    by: t.hex().notNull(),
    amount: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ builderIndex: index().on(table.builder), projectIndex: index().on(table.projectId) }),
);

/**
 * A repository attestation (EAS, OpenPledge's schema) about this registry and chain, whoever attested: the claim its
 * data decodes to and EAS's record (`getAttestation` when `Attested` was logged; `Revoked` sets `revocationTime` to its
 * block time, as EAS does). Attestations under another schema, of data of another shape, or naming another registry
 * or chain are not kept. Which attesters to trust is the reader's choice.
 */
export const attestation = onchainTable(
  "attestation",
  (t) => ({
    uid: t.hex().primaryKey(),
    projectId: t.bigint().notNull(),
    attester: t.hex().notNull(),
    /** EAS's recipient: the registry. */
    recipient: t.hex().notNull(),
    /** Unix seconds; `expirationTime` and `revocationTime` zero: never, not revoked. */
    time: t.bigint().notNull(),
    expirationTime: t.bigint().notNull(),
    revocationTime: t.bigint().notNull(),
    refUID: t.hex().notNull(),
    forgeHost: t.text().notNull(),
    repositoryId: t.bigint().notNull(),
    repositoryPath: t.text().notNull(),
    /** The registry's repository string when the attester checked it. */
    repository: t.text().notNull(),
    proofCommit: t.text().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    transactionHash: t.hex().notNull(),
    revokedAtBlock: t.bigint(),
    revokedTransactionHash: t.hex(),
  }),
  (table) => ({ projectIndex: index().on(table.projectId, table.blockNumber, table.logIndex) }),
);
