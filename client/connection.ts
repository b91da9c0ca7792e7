/**
 * One deployment on one chain: its addresses, its typed contracts, the runner (a signer, or a provider for reading
 * only), the chain's time and its logs read page by page. Every module of the client works through one of these.
 */
import type { Log, Provider, Signer } from "ethers";

import { PledgeEscrow__factory } from "../typechain-types/factories/PledgeEscrow__factory.js";
import { ProjectRegistry__factory } from "../typechain-types/factories/ProjectRegistry__factory.js";
import type { PledgeEscrow } from "../typechain-types/PledgeEscrow.js";
import type { ProjectRegistry } from "../typechain-types/ProjectRegistry.js";
import type { OpenPledgeAddresses } from "./addresses.js";
import type { FallbackListener } from "./indexer-source.js";
import { DEFAULT_PAGE_SIZE, getLogsPaged, type LogRange } from "./logs.js";

/** Options of a client. */
export interface ClientOptions {
  /** Blocks per `eth_getLogs` request when a call gives none (defaults to 5,000). */
  pageSize?: number;
  /**
   * The OpenPledge indexer's URL (`npm run indexer` serves http://127.0.0.1:42069): lists of projects and
   * campaigns, a campaign's backers and its history are then read from it instead of the chain's logs, falling back
   * to the logs when it is unreachable, not caught up or following another deployment. Empty: no indexer.
   */
  indexerUrl?: string;
  /** Milliseconds one request to the indexer may take (defaults to 10,000). */
  indexerTimeoutMs?: number;
  /** Told each time reads fall back from the indexer to the chain, once per kind of trouble until it answers again (defaults to `console.warn`). */
  onFallback?: FallbackListener;
}

export class Connection {
  readonly registry: ProjectRegistry;
  readonly escrow: PledgeEscrow;

  constructor(
    readonly addresses: OpenPledgeAddresses,
    readonly runner: Signer | Provider,
    private readonly options: ClientOptions = {},
  ) {
    this.registry = ProjectRegistry__factory.connect(addresses.registry, runner);
    this.escrow = PledgeEscrow__factory.connect(addresses.escrow, runner);
  }

  /** The provider behind the runner. */
  get provider(): Provider {
    const provider = "provider" in this.runner && this.runner.provider !== null ? this.runner.provider : this.runner;
    if (!("getBlockNumber" in provider)) throw new Error("the client's runner has no provider");
    return provider as Provider;
  }

  /** The signer that sends transactions; throws for a read-only client. */
  get signer(): Signer {
    if (!("signTransaction" in this.runner)) throw new Error("this client is read-only: connect it with a signer");
    return this.runner as Signer;
  }

  /** The escrow, signing as the client's signer. */
  get escrowAsSigner(): PledgeEscrow {
    return this.escrow.connect(this.signer);
  }

  /** The registry, signing as the client's signer. */
  get registryAsSigner(): ProjectRegistry {
    return this.registry.connect(this.signer);
  }

  /** The latest block's time, in unix seconds: "now" as the escrow sees it. */
  async chainTime(): Promise<bigint> {
    const latest = await this.provider.getBlock("latest");
    if (latest === null) throw new Error("the node returned no latest block");
    return BigInt(latest.timestamp);
  }

  /** The last block a read covers: `range.toBlock`, or the latest block. */
  async lastBlock(range: LogRange): Promise<number> {
    return range.toBlock ?? (await this.provider.getBlockNumber());
  }

  /** Logs of `address` matching `topics` over `range` (from the deployment's block by default), page by page. */
  async logs(address: string, topics: Array<string | string[] | null>, range: LogRange): Promise<Log[]> {
    const fromBlock = range.fromBlock ?? this.addresses.deploymentBlock ?? 0;
    const toBlock = await this.lastBlock(range);
    const pageSize = range.pageSize ?? this.options.pageSize ?? DEFAULT_PAGE_SIZE;
    return getLogsPaged(this.provider, { address, topics }, fromBlock, toBlock, pageSize);
  }
}
