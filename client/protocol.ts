/** The protocol as a whole: its roles, its fee and any announced change, its limits, and announcing a new fee. */
import type { Connection } from "./connection.js";
import { ESCROW_INTERFACE, eventArg } from "./events.js";
import { readLimits, type ProtocolLimits } from "./limits.js";
import type { Transactions, TxResult } from "./transactions.js";

/** An announced protocol fee that has not taken effect yet. */
export interface PendingFee {
  /** The announced fee, in basis points. */
  feeBps: bigint;
  /** First second at which new campaigns record it. */
  effectiveAt: bigint;
}

/** The protocol's roles and fee. */
export interface ProtocolStatus {
  owner: string;
  /** Nominated owner who has not accepted yet (zero address: none). */
  pendingOwner: string;
  guardian: string;
  feeRecipient: string;
  paused: boolean;
  /** The fee a campaign opened now records, in basis points. */
  feeBps: bigint;
  pendingFee: PendingFee | null;
  campaignCount: bigint;
  /** The escrow's bounds and defaults, its fee cap and fee delay among them. */
  limits: ProtocolLimits;
}

/** A fee change the owner announced. */
export interface ScheduledFee extends TxResult {
  /** The fee new campaigns record until `effectiveAt`, in basis points. */
  currentFeeBps: bigint;
  newFeeBps: bigint;
  effectiveAt: bigint;
}

export class Protocol {
  private limitsRead: Promise<ProtocolLimits> | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly transactions: Transactions,
  ) {}

  /** The escrow's limits and defaults, read from its constants once per client. */
  limits(): Promise<ProtocolLimits> {
    if (this.limitsRead === undefined) {
      const read = readLimits(this.connection.escrow);
      this.limitsRead = read;
      // A failed read (a node hiccup) is not remembered.
      read.catch(() => {
        if (this.limitsRead === read) this.limitsRead = undefined;
      });
    }
    return this.limitsRead;
  }

  /** The protocol's roles, its fee now, any announced change, and its limits. */
  async protocolStatus(): Promise<ProtocolStatus> {
    const escrow = this.connection.escrow;
    const [owner, pendingOwner, guardian, feeRecipient, paused, feeBps, pending, campaignCount, limits] = await Promise.all([
      escrow.owner(),
      escrow.pendingOwner(),
      escrow.guardian(),
      escrow.feeRecipient(),
      escrow.paused(),
      escrow.feeBps(),
      escrow.pendingFee(),
      escrow.campaignCount(),
      this.limits(),
    ]);
    return {
      owner,
      pendingOwner,
      guardian,
      feeRecipient,
      paused,
      feeBps,
      pendingFee: pending.effectiveAt === 0n ? null : { feeBps: pending.newFeeBps, effectiveAt: pending.effectiveAt },
      campaignCount,
      limits,
    };
  }

  /**
   * Announces a protocol fee (owner only): campaigns opened from `effectiveAt` on record it, those opened before keep
   * theirs. A change announced earlier that has not taken effect is replaced.
   */
  async setFee(feeBps: number): Promise<ScheduledFee> {
    const escrow = this.connection.escrowAsSigner;
    const result = await this.transactions.send(() => escrow.setFee(feeBps), { action: "setFee" });
    const arg = (name: string) => eventArg(result.logs, ESCROW_INTERFACE, "FeeChangeScheduled", name);
    return { currentFeeBps: arg("currentFeeBps"), newFeeBps: arg("newFeeBps"), effectiveAt: arg("effectiveAt"), ...result.tx };
  }
}
