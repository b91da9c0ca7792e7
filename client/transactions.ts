/**
 * Sending a transaction: wait for its receipt, keep the protocol's own logs, and rethrow a revert as an
 * `OpenPledgeError` told with what the call was about (the campaign as it stands, its token, the call, the limits).
 */
import type { ContractTransactionResponse, Log } from "ethers";

import type { EscrowFunctionName } from "./abi.js";
import type { CampaignDetails } from "./campaigns.js";
import type { Connection } from "./connection.js";
import { OpenPledgeError, withDecodedErrors } from "./errors.js";
import type { ProtocolLimits } from "./limits.js";
import { amountWriter, type TokenInfo } from "./tokens.js";

/** A mined transaction. */
export interface TxResult {
  hash: string;
  blockNumber: number;
  gasUsed: bigint;
}

/** A mined transaction and the protocol's logs in its receipt. */
export interface Mined {
  tx: TxResult;
  logs: readonly Log[];
}

/** What a call was about, so that its error can be told in the token's units and the campaign's dates. */
export interface CallSubject {
  campaignId?: bigint;
  token?: string;
  action?: EscrowFunctionName;
  /** The amount the call asked for, in base units (a deposit that would overfill the bonus is told how much still fits). */
  requested?: bigint;
}

/** What the explanation of an error reads: the campaign, a token, the limits. */
export interface ErrorSources {
  campaign(campaignId: bigint): Promise<CampaignDetails>;
  token(ref: string): Promise<TokenInfo>;
  limits(): Promise<ProtocolLimits>;
}

export class Transactions {
  constructor(
    private readonly connection: Connection,
    private readonly sources: ErrorSources,
  ) {}

  /** Sends, waits for the receipt and keeps only the escrow's and the registry's logs (a token's may look alike). */
  async send(sent: () => Promise<ContractTransactionResponse>, about: CallSubject = {}): Promise<Mined> {
    const { escrow, registry } = this.connection.addresses;
    const ours = new Set([escrow.toLowerCase(), registry.toLowerCase()]);
    try {
      return await withDecodedErrors(async () => {
        const receipt = await (await sent()).wait();
        if (receipt === null) throw new Error("transaction was dropped");
        return {
          tx: { hash: receipt.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed },
          logs: receipt.logs.filter((log) => ours.has(log.address.toLowerCase())),
        };
      });
    } catch (error) {
      throw error instanceof OpenPledgeError ? await this.explain(error, about) : error;
    }
  }

  /** The error with the context that makes it plain; whatever cannot be read is left out, never a second failure. */
  async explain(error: OpenPledgeError, about: CallSubject): Promise<OpenPledgeError> {
    const named = error.args.campaignId;
    const campaignId = about.campaignId ?? (typeof named === "bigint" ? named : undefined);
    const [campaign, limits] = await Promise.all([
      campaignId === undefined ? undefined : this.sources.campaign(campaignId).catch(() => undefined),
      this.sources.limits().catch(() => undefined),
    ]);
    const token = campaign?.token ?? (about.token === undefined ? undefined : await this.sources.token(about.token).catch(() => undefined));
    const { escrow, registry } = this.connection.addresses;
    return error.withContext({
      amount: token === undefined ? undefined : amountWriter(token),
      campaign,
      contracts: { escrow, registry },
      action: about.action,
      requested: about.requested,
      limits,
    });
  }
}
