/**
 * A campaign's refund bonus (a dominant assurance contract): what it holds and where it goes, what it means for one
 * account (their share if the campaign fails, the "plus about X" of a pledge not yet made, their deposit), depositing
 * into it (ETH with the call, an ERC-20 after an approval as a pledge takes one) and a depositor's reclaim.
 */
import { ZeroAddress } from "ethers";

import { IPledgeToken__factory } from "../typechain-types/factories/interfaces/IPledgeToken__factory.js";
import type { IPledgeEscrow } from "../typechain-types/interfaces/IPledgeEscrow.js";
import type { Campaigns } from "./campaigns.js";
import type { Connection } from "./connection.js";
import { withDecodedErrors } from "./errors.js";
import { ESCROW_INTERFACE, eventArg, hasEscrowEvent } from "./events.js";
import type { Amount, Tokens } from "./tokens.js";
import type { Transactions, TxResult } from "./transactions.js";

/**
 * Where a campaign's bonus goes: "none" without a bonus; "pending" while it funds, or succeeded without milestones and
 * not yet claimed (nor lapsed); "to-backers" once it failed, was cancelled or lapsed (each refund carries a share,
 * depositors reclaim what the shares leave); "to-depositors" once the funding went through (claimed, or succeeded
 * with milestones; a rejected milestone does not change it).
 */
export type BonusOutcome = "none" | "pending" | "to-backers" | "to-depositors";

/** The escrow's `BonusOutcome` enum, in its order. */
export const BONUS_OUTCOMES = ["none", "pending", "to-backers", "to-depositors"] as const satisfies readonly BonusOutcome[];

/** A campaign's refund bonus, in base units and unix seconds, and what it means for one account. */
export interface CampaignBonus {
  /** Everything deposited. */
  pot: bigint;
  /** The most it may hold (the escrow's `MAX_BONUS_BPS` of the goal). */
  maxPot: bigint;
  /** The first deposit, from which time credit runs; null without a bonus. */
  startedAt: bigint | null;
  /** When credit stops: the cancellation, else the current deadline (later if it moves); null without a bonus. */
  creditEnd: bigint | null;
  outcome: BonusOutcome;
  /** What the backers' shares add up to at most if funding ended at `creditEnd` without going through (0 once to depositors). */
  reservedForBackers: bigint;
  /** Deposits already reclaimed. */
  reclaimed: bigint;
  /** For `options.account` (the zero address when omitted). */
  account: {
    /** Their share if funding ends without going through (what their refund adds once it goes to backers); 0 once to depositors. */
    share: bigint;
    /** When the credit of their pledge runs from; null without a pledge or a bonus. */
    creditSince: bigint | null;
    /**
     * Their share with `options.amount` more pledged now, if the campaign fails at its current deadline: the "plus about
     * X" to show before a pledge (a guaranteed minimum for a failure; 0 unless funding with a bonus).
     */
    quote: bigint;
    /** Their bonus deposit not yet reclaimed. */
    deposited: bigint;
    /** What `reclaimBonus` would pay them now (0 until decided). */
    reclaimable: bigint;
  };
}

/** A mined bonus deposit. */
export interface BonusDepositResult extends TxResult {
  /** The amount deposited, in base units. */
  amount: bigint;
  /** The campaign's bonus after it. */
  pot: bigint;
  /** How an ERC-20 allowance was obtained ("none" for ETH). */
  allowance: "none" | "approved" | "existing";
}

/** A mined reclaim: what came back to the depositor. */
export interface BonusReclaimResult extends TxResult {
  amount: bigint;
}

/** What `getBonus` takes: the account it is told for, and an amount it might pledge now (in base units or the token's). */
export interface BonusQuery {
  account?: string;
  amount?: Amount;
}

export class Bonuses {
  constructor(
    private readonly connection: Connection,
    private readonly tokens: Tokens,
    private readonly campaigns: Campaigns,
    private readonly transactions: Transactions,
  ) {}

  /** A campaign's refund bonus, and what it means for `options.account` and a pledge of `options.amount` more now. */
  async getBonus(campaignId: bigint, options: BonusQuery = {}): Promise<CampaignBonus> {
    const escrow = this.connection.escrow;
    let amount = 0n;
    if (typeof options.amount === "bigint") amount = options.amount;
    else if (options.amount !== undefined) {
      const { token } = await withDecodedErrors(() => escrow.getCampaign(campaignId));
      amount = await this.tokens.toBaseUnits(options.amount, token);
    }
    const view = await withDecodedErrors(() => escrow.getBonus(campaignId, options.account ?? ZeroAddress, amount));
    return bonusOf(view);
  }

  /**
   * Adds `amount` to a campaign's refund bonus from the signer, in the campaign's token: ETH is sent with the call, an
   * ERC-20 is pulled after an approval, asked for only when the allowance in place does not cover it. Final until the
   * campaign is decided.
   */
  async depositBonus(campaignId: bigint, amount: Amount): Promise<BonusDepositResult> {
    const campaign = await this.campaigns.getCampaign(campaignId);
    const token = campaign.token.address;
    const value = await this.tokens.toBaseUnits(amount, token);
    const escrow = this.connection.escrowAsSigner;
    const about = { campaignId, action: "depositBonus", requested: value } as const;
    let allowance: BonusDepositResult["allowance"] = "none";
    if (!campaign.token.native) {
      const signer = this.connection.signer;
      const spender = this.connection.addresses.escrow;
      const erc20 = IPledgeToken__factory.connect(token, signer);
      const approved = (await erc20.allowance(await signer.getAddress(), spender)) < value;
      if (approved) await this.transactions.send(() => erc20.approve(spender, value), { campaignId });
      allowance = approved ? "approved" : "existing";
    }
    const result = await this.transactions.send(
      () => escrow.depositBonus(campaignId, token, value, { value: campaign.token.native ? value : 0n }),
      about,
    );
    return { amount: value, pot: eventArg(result.logs, ESCROW_INTERFACE, "BonusDeposited", "pot"), allowance, ...result.tx };
  }

  /** Takes back the signer's part of a decided campaign's bonus: all of it if the funding went through, else what the backers' shares leave. */
  async reclaimBonus(campaignId: bigint): Promise<BonusReclaimResult> {
    const escrow = this.connection.escrowAsSigner;
    const result = await this.transactions.send(() => escrow.reclaimBonus(campaignId), { campaignId, action: "reclaimBonus" });
    return { amount: eventArg(result.logs, ESCROW_INTERFACE, "BonusReclaimed", "amount"), ...result.tx };
  }
}

/** The escrow's `BonusView` in the client's terms. */
export function bonusOf(view: IPledgeEscrow.BonusViewStructOutput): CampaignBonus {
  const outcome = BONUS_OUTCOMES[Number(view.outcome)];
  if (outcome === undefined) throw new Error(`unknown bonus outcome ${view.outcome}`);
  const some = outcome !== "none";
  return {
    pot: view.pot,
    maxPot: view.maxPot,
    startedAt: some ? view.startedAt : null,
    creditEnd: some ? view.creditEnd : null,
    outcome,
    reservedForBackers: view.reservedForBackers,
    reclaimed: view.reclaimed,
    account: {
      share: view.share,
      creditSince: view.creditSince === 0n ? null : view.creditSince,
      quote: view.quote,
      deposited: view.deposited,
      reclaimable: view.reclaimable,
    },
  };
}

/**
 * What a refund's receipt paid: the pledge part and the bonus share. A refund with a share emits `RefundedWithBonus`
 * instead of `Refunded`.
 */
export function refundIn(logs: Parameters<typeof hasEscrowEvent>[0]): { amount: bigint; bonus: bigint } {
  if (!hasEscrowEvent(logs, "RefundedWithBonus")) return { amount: eventArg(logs, ESCROW_INTERFACE, "Refunded", "amount"), bonus: 0n };
  return {
    amount: eventArg(logs, ESCROW_INTERFACE, "RefundedWithBonus", "amount"),
    bonus: eventArg(logs, ESCROW_INTERFACE, "RefundedWithBonus", "bonus"),
  };
}
