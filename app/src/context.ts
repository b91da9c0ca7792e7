import type { OpenPledgeClient } from "../../client/index.js";
import type { AppDeployment } from "../deployments.js";
import type { StatusBanner } from "./status.js";
import type { WalletManager } from "./wallet.js";

/** What a page needs: the deployment, a reading client, the wallet, and a way to act. */
export interface PageContext {
  deployment: AppDeployment;
  reader: OpenPledgeClient;
  wallet: WalletManager;
  status: StatusBanner;
  /** The chain's latest block time (local chains move their clock). */
  now: bigint;
  /** The connected account when the wallet is on this deployment's chain. */
  account: string | undefined;
  /**
   * Runs a wallet action with a writing client, showing pending / confirmed / failed, and re-renders after success.
   * `formatAmount` writes amounts of a refusal in the page's token.
   */
  act(
    label: string,
    action: (writer: OpenPledgeClient) => Promise<{ hash: string }>,
    formatAmount?: (value: bigint) => string,
  ): Promise<void>;
}

/** A rendered page: its HTML, and a function that wires its buttons once it is in the document. */
export interface Page {
  html: string;
  bind?(root: HTMLElement): void;
}
