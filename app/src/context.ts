import type { ForgeEndpoint, OpenPledgeClient, TrustedAttester } from "../../client/index.js";
import type { AppDeployment } from "../deployments.js";
import type { AppIndexer } from "./indexer.js";
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
  /** The chain's latest block number, as this page read it (to say how far the indexer's lists lag behind). */
  block: number;
  /** The indexer this build reads lists from; undefined when none is configured. */
  indexer: AppIndexer | undefined;
  /** The query of the page's route: `#/?search=lib&sort=newest` gives search and sort. */
  query: URLSearchParams;
  /** The connected account when the wallet is on this deployment's chain. */
  account: string | undefined;
  /** The attesters this browser trusts on the deployment's chain (Settings; the chain's default until changed). */
  trusted: TrustedAttester[];
  /** The forges the browser asks whether a verified repository is still at its path (the build's `OPENPLEDGE_FORGES` over the defaults). */
  forges(): ForgeEndpoint[];
  /**
   * Runs a wallet action with a writing client, showing pending / confirmed / failed, and re-renders after success.
   * `formatAmount` writes amounts of a refusal in the page's token; `outcome` says in words what a confirmed action
   * did ("You got 1 ETH back plus 0.05 ETH of the refund bonus."), shown after "confirmed".
   */
  act<Result extends { hash: string }>(
    label: string,
    action: (writer: OpenPledgeClient) => Promise<Result>,
    formatAmount?: (value: bigint) => string,
    outcome?: (result: Result) => string,
  ): Promise<void>;
}

/** A rendered page: its HTML, and a function that wires its buttons once it is in the document. */
export interface Page {
  html: string;
  bind?(root: HTMLElement): void;
}
