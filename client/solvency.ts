/**
 * The escrow's solvency, checked off chain: per token, what the escrow owes (from its events, with its views where
 * only the current state can tell) against what it holds. A per-token "held vs owed" counter on chain would cost
 * every pledge about 5,000 gas; reading it here costs nothing on chain.
 */
import { ZeroAddress } from "ethers";

import { IPledgeToken__factory } from "../typechain-types/factories/interfaces/IPledgeToken__factory.js";
import type { OpenPledgeClient } from "./client.js";
import { mapLimited } from "./concurrency.js";
import type { CampaignEvent, EscrowEventName } from "./events.js";
import type { LogRange } from "./logs.js";
import { CAMPAIGN_STATES, type CampaignState } from "./states.js";
import type { TokenInfo } from "./tokens.js";

/** What the escrow owes in one token, by who it is owed to (base units). */
export interface OwedBreakdown {
  /** Pledges of campaigns still funding and of open feature requests (their backers'). */
  funding: bigint;
  /** Pledges of failed, cancelled and lapsed campaigns and of declined and expired requests, not yet refunded (their backers'). */
  refundable: bigint;
  /** Totals of succeeded campaigns without milestones, not yet claimed (the project's, within the claim window). */
  unclaimedSuccess: bigint;
  /** Succeeded campaigns with milestones: what is not released yet (the project's or the backers', by the reviews). */
  unreleased: bigint;
  /** Released milestone shares, the initial share included, not yet claimed (the project's). */
  releasedUnclaimed: bigint;
  /** Rejected campaigns: the unreleased part not yet refunded pro rata, rounding dust included (the backers'). */
  rejectedUnrefunded: bigint;
  /**
   * Refund bonuses not yet paid out: what backers' refunds have still to carry and depositors have still to reclaim,
   * with the rounding dust of the shares while someone has still to take their part.
   */
  bonus: bigint;
  /**
   * Rounding of refund bonuses kept by design: what is left of a bonus once every backer has refunded and every
   * depositor has reclaimed (less than one base unit per backer; it never moves, nobody has to take it).
   */
  bonusRounding: bigint;
  /** Protocol fees accrued and not yet withdrawn (the fee recipient's). */
  fees: bigint;
  /** Builder shares credited to builders who accepted (or took them on accepting), not yet withdrawn. */
  builderShares: bigint;
  /** Projects' credits not yet withdrawn: dependency shares, and builder shares released to a campaign's project. */
  projectShares: bigint;
  /** Builder shares waiting in campaigns for a builder to accept (or for their release to the project). */
  waitingBuilderShares: bigint;
}

/** The builder and dependency shares credited and not yet withdrawn, in one token. */
type ShareCredits = Pick<OwedBreakdown, "builderShares" | "projectShares" | "waitingBuilderShares">;

/** One token's solvency. */
export interface TokenSolvency {
  token: TokenInfo;
  /** Everything the escrow owes in this token. */
  owed: bigint;
  /** The escrow's balance of the token. */
  held: bigint;
  /** What it holds beyond what it owes: ETH forced into it, tokens sent to it by mistake. */
  surplus: bigint;
  /**
   * The part of the surplus the protocol owner can send back to whoever sent it by mistake (`recoverStrayToken`):
   * all of it for an ERC-20 no campaign ever used, nothing otherwise.
   */
  recoverable: bigint;
  /** What it owes beyond what it holds. */
  shortfall: bigint;
  status: "OK" | "SHORT";
  breakdown: OwedBreakdown;
  /** Number of campaigns in this token. */
  campaigns: number;
}

/** The escrow's solvency at one block, every token it has a campaign, an allowlisting or a fee in. */
export interface SolvencyReport {
  escrow: string;
  blockNumber: number;
  /** The block's time, unix seconds. */
  timestamp: bigint;
  tokens: TokenSolvency[];
  /** True when no token is short. */
  ok: boolean;
}

/** One campaign's money, as its events tell it. */
export interface CampaignLedger {
  id: bigint;
  token: string;
  milestones: boolean;
  /** The total now: its pledges less its withdrawals (refunds leave it as raised). */
  pledged: bigint;
  /** Paid back to backers by refunds. */
  refunded: bigint;
  /** Paid out by claims: what the payout address received, the fee, and the builder and dependency shares credited. */
  claimed: bigint;
  cancelled: boolean;
  /** Refund bonus deposited (0 without one; absent in ledgers made before the bonus). */
  bonusDeposited?: bigint;
  /** Refund bonus paid out: backers' shares with their refunds and depositors' reclaims. */
  bonusPaid?: bigint;
  /** Depositors of the bonus who have not reclaimed yet (absent: unknown, counted as some). */
  bonusUnreclaimed?: number;
}

const EVENTS: readonly EscrowEventName[] = [
  "RequestOpened",
  "CampaignOpened",
  "MilestonePlanSet",
  "Pledged",
  "PledgeWithdrawn",
  "CampaignCancelled",
  "CampaignClaimed",
  "Refunded",
  "RefundedWithBonus",
  "TokenAllowlistChanged",
  "FeesWithdrawn",
  "BonusDeposited",
  "BonusReclaimed",
  "BuilderShareCredited",
  "DependencyShareCredited",
  "BuilderAccepted",
  "WaitingBuilderShareReleased",
  "BuilderSharesWithdrawn",
  "ProjectSharesWithdrawn",
];

/**
 * Reads every escrow event from the deployment block (page by page) up to `range.toBlock` or the latest block, and
 * the views that only the state at that block can answer (a campaign's state, what its milestones released, accrued
 * fees), and compares per token what the escrow owes with what it holds, all at that one block.
 */
export async function checkSolvency(client: OpenPledgeClient, range: LogRange = {}): Promise<SolvencyReport> {
  const provider = client.provider;
  const blockNumber = range.toBlock ?? (await provider.getBlockNumber());
  const block = await provider.getBlock(blockNumber);
  if (block === null) throw new Error(`the node has no block ${blockNumber}`);
  const blockTag = blockNumber;
  const events = await client.escrowEvents(EVENTS, { ...range, toBlock: blockNumber });
  const { ledgers, tokens, shares } = readLedgers(events);

  const owedByCampaign = await mapLimited([...ledgers.values()], 8, async (ledger) => {
    const state = knownFinalState(ledger) ?? CAMPAIGN_STATES[Number(await client.escrow.campaignState(ledger.id, { blockTag }))];
    if (state === undefined) throw new Error(`campaign ${ledger.id} is in a state this client does not know`);
    const released = ledger.milestones && (state === "Succeeded" || state === "Rejected" || state === "Claimed")
      ? (await client.escrow.getMilestoneProgress(ledger.id, { blockTag })).released
      : 0n;
    return { token: ledger.token, owed: owedBy(ledger, state, released) };
  });

  const report = await mapLimited([...tokens], 4, async (address): Promise<TokenSolvency> => {
    const token = await client.token(address);
    const breakdown = emptyBreakdown();
    let campaigns = 0;
    for (const entry of owedByCampaign) {
      if (entry.token !== address) continue;
      campaigns++;
      for (const key of Object.keys(breakdown) as Array<keyof OwedBreakdown>) breakdown[key] += entry.owed[key];
    }
    breakdown.fees = await client.escrow.accruedFees(address, { blockTag });
    Object.assign(breakdown, shares.get(address) ?? emptyCredits());
    const owed = Object.values(breakdown).reduce((sum, value) => sum + value, 0n);
    const held = await balanceOf(client, address, blockTag);
    const surplus = held > owed ? held - owed : 0n;
    return {
      token,
      owed,
      held,
      surplus,
      recoverable: !token.native && campaigns === 0 ? surplus : 0n,
      shortfall: owed > held ? owed - held : 0n,
      status: held >= owed ? "OK" : "SHORT",
      breakdown,
      campaigns,
    };
  });
  return {
    escrow: client.addresses.escrow,
    blockNumber,
    timestamp: BigInt(block.timestamp),
    tokens: report,
    ok: report.every((entry) => entry.status === "OK"),
  };
}

/**
 * Each campaign's money from its events, every token the escrow may hold (ETH first), and per token the builder and
 * dependency shares credited and not yet withdrawn: a claim's credits count as paid out of its campaign (they are part
 * of its gross amount) and as owed to their recipients until withdrawn; an acceptance or a release only moves a waiting
 * share to a builder's or a project's credit.
 */
function readLedgers(events: readonly CampaignEvent[]): {
  ledgers: Map<bigint, CampaignLedger>;
  tokens: Set<string>;
  shares: Map<string, ShareCredits>;
} {
  const ledgers = new Map<bigint, CampaignLedger>();
  const tokens = new Set<string>([ZeroAddress]);
  const shares = new Map<string, ShareCredits>();
  const creditsIn = (token: unknown): ShareCredits => {
    const found = shares.get(token as string) ?? emptyCredits();
    shares.set(token as string, found);
    return found;
  };
  // Per campaign, the depositors who have not reclaimed yet (a depositor reclaims once, after every deposit).
  const waiting = new Map<bigint, Set<string>>();
  const waitingIn = (id: unknown): Set<string> => {
    const found = waiting.get(id as bigint) ?? new Set<string>();
    waiting.set(id as bigint, found);
    return found;
  };
  const ledger = (id: unknown): CampaignLedger => {
    const found = ledgers.get(id as bigint);
    if (found === undefined) throw new Error(`an event of campaign ${String(id)} comes before its opening`);
    return found;
  };
  for (const { name, args } of events) {
    switch (name) {
      case "RequestOpened": {
        // A feature request is a campaign record from here: its pledges come before any `CampaignOpened`.
        const token = args.token as string;
        tokens.add(token);
        ledgers.set(args.requestId as bigint, { id: args.requestId as bigint, token, milestones: false, pledged: 0n, refunded: 0n, claimed: 0n, cancelled: false });
        break;
      }
      case "CampaignOpened": {
        const token = args.token as string;
        tokens.add(token);
        // An accepted request keeps the pledges it took before: the same record, now with terms.
        if (ledgers.has(args.campaignId as bigint)) break;
        ledgers.set(args.campaignId as bigint, {
          id: args.campaignId as bigint,
          token,
          milestones: false,
          pledged: 0n,
          refunded: 0n,
          claimed: 0n,
          cancelled: false,
        });
        break;
      }
      case "MilestonePlanSet":
        ledger(args.campaignId).milestones = true;
        break;
      case "Pledged":
        ledger(args.campaignId).pledged += args.amount as bigint;
        break;
      case "PledgeWithdrawn":
        ledger(args.campaignId).pledged -= args.amount as bigint;
        break;
      case "CampaignCancelled":
        ledger(args.campaignId).cancelled = true;
        break;
      case "CampaignClaimed":
        ledger(args.campaignId).claimed += (args.amount as bigint) + (args.fee as bigint);
        break;
      case "Refunded":
        ledger(args.campaignId).refunded += args.amount as bigint;
        break;
      case "BonusDeposited": {
        const entry = ledger(args.campaignId);
        entry.bonusDeposited = (entry.bonusDeposited ?? 0n) + (args.amount as bigint);
        waitingIn(args.campaignId).add(String(args.depositor));
        break;
      }
      case "RefundedWithBonus": {
        const entry = ledger(args.campaignId);
        entry.refunded += args.amount as bigint;
        entry.bonusPaid = (entry.bonusPaid ?? 0n) + (args.bonus as bigint);
        break;
      }
      case "BonusReclaimed": {
        const entry = ledger(args.campaignId);
        entry.bonusPaid = (entry.bonusPaid ?? 0n) + (args.amount as bigint);
        waitingIn(args.campaignId).delete(String(args.depositor));
        break;
      }
      case "BuilderShareCredited": {
        ledger(args.campaignId).claimed += args.amount as bigint;
        const credits = creditsIn(args.token);
        if (args.builder === ZeroAddress) credits.waitingBuilderShares += args.amount as bigint;
        else credits.builderShares += args.amount as bigint;
        break;
      }
      case "DependencyShareCredited":
        ledger(args.campaignId).claimed += args.amount as bigint;
        creditsIn(args.token).projectShares += args.amount as bigint;
        break;
      case "BuilderAccepted": {
        const credits = creditsIn(ledger(args.campaignId).token);
        credits.waitingBuilderShares -= args.waitingTaken as bigint;
        credits.builderShares += args.waitingTaken as bigint;
        break;
      }
      case "WaitingBuilderShareReleased": {
        const credits = creditsIn(ledger(args.campaignId).token);
        credits.waitingBuilderShares -= args.amount as bigint;
        credits.projectShares += args.amount as bigint;
        break;
      }
      case "BuilderSharesWithdrawn":
        creditsIn(args.token).builderShares -= args.amount as bigint;
        break;
      case "ProjectSharesWithdrawn":
        creditsIn(args.token).projectShares -= args.amount as bigint;
        break;
      case "TokenAllowlistChanged":
      case "FeesWithdrawn":
        tokens.add(args.token as string);
        break;
    }
  }
  for (const [id, depositors] of waiting) {
    const entry = ledgers.get(id);
    if (entry !== undefined) entry.bonusUnreclaimed = depositors.size;
  }
  return { ledgers, tokens, shares };
}

/** A state the events alone settle for good (cancelled; claimed without milestones), so no view is needed. */
function knownFinalState(ledger: CampaignLedger): CampaignState | undefined {
  if (ledger.cancelled) return "Cancelled";
  if (!ledger.milestones && ledger.claimed !== 0n) return "Claimed";
  return undefined;
}

/** What the escrow owes for one campaign in `state`; `released` is what its milestones released (with milestones). */
export function owedBy(ledger: Readonly<CampaignLedger>, state: CampaignState, released: bigint): OwedBreakdown {
  const owed = emptyBreakdown();
  const { pledged, refunded, claimed } = ledger;
  // Whatever the state, a bonus is owed until paid: to backers with their refunds, to depositors by their reclaims.
  const bonusLeft = (ledger.bonusDeposited ?? 0n) - (ledger.bonusPaid ?? 0n);
  // Once every backer of a failed, cancelled or lapsed campaign has refunded and every depositor has reclaimed, what
  // is left is the shares' rounding, kept by design (docs/rules.md, "Money nobody has taken yet"): nobody is to take it.
  const toBackers = state === "Failed" || state === "Cancelled" || state === "Lapsed";
  if (toBackers && pledged === refunded && ledger.bonusUnreclaimed === 0) owed.bonusRounding = bonusLeft;
  else owed.bonus = bonusLeft;
  switch (state) {
    case "Funding":
    case "Requested":
      owed.funding = pledged;
      break;
    case "Failed":
    case "Cancelled":
    case "Lapsed":
    case "Declined":
    case "Expired":
      owed.refundable = pledged - refunded;
      break;
    case "Succeeded":
      if (ledger.milestones) {
        owed.releasedUnclaimed = released - claimed;
        owed.unreleased = pledged - released;
      } else {
        owed.unclaimedSuccess = pledged - claimed;
      }
      break;
    case "Rejected":
      owed.releasedUnclaimed = released - claimed;
      owed.rejectedUnrefunded = pledged - released - refunded;
      break;
    case "Claimed":
      owed.releasedUnclaimed = ledger.milestones ? released - claimed : 0n;
      break;
  }
  return owed;
}

function emptyBreakdown(): OwedBreakdown {
  return {
    funding: 0n,
    refundable: 0n,
    unclaimedSuccess: 0n,
    unreleased: 0n,
    releasedUnclaimed: 0n,
    rejectedUnrefunded: 0n,
    bonus: 0n,
    bonusRounding: 0n,
    fees: 0n,
    ...emptyCredits(),
  };
}

function emptyCredits(): ShareCredits {
  return { builderShares: 0n, projectShares: 0n, waitingBuilderShares: 0n };
}

async function balanceOf(client: OpenPledgeClient, token: string, blockTag: number): Promise<bigint> {
  const escrow = client.addresses.escrow;
  if (token === ZeroAddress) return client.provider.getBalance(escrow, blockTag);
  return IPledgeToken__factory.connect(token, client.provider).balanceOf(escrow, { blockTag });
}
