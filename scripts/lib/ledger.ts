import type { ContractTransactionResponse } from "ethers";

/** A token the ledger follows: ETH (address null) or an ERC-20. */
export interface TrackedToken {
  symbol: string;
  decimals: number;
  address: string | null;
  balanceOf(account: string): Promise<bigint>;
}

/** One movement of value the script intends: `amount` of `token` from `from` to `to`. */
export interface Flow {
  token: TrackedToken;
  from: string;
  to: string;
  amount: bigint;
}

/** A transaction the script sent, with what it cost. */
export interface Step {
  label: string;
  actor: string;
  gasUsed: bigint;
  gasCostWei: bigint;
  flows: Flow[];
}

/** A tracked account whose balance did not change by what the script intended. */
export interface Mismatch {
  account: string;
  symbol: string;
  expected: bigint;
  actual: bigint;
}

/**
 * Records what every transaction is meant to move, and the gas it cost, then checks the chain's balances
 * against it to the wei. The expected figures come from the script's intentions, never from the chain.
 */
export class Ledger {
  readonly steps: Step[] = [];
  private readonly expectedDelta = new Map<string, bigint>();
  private readonly before = new Map<string, bigint>();

  constructor(
    private readonly eth: TrackedToken,
    private readonly tokens: TrackedToken[],
    private readonly accounts: Map<string, string>,
  ) {}

  /** Reads every tracked balance; call before the first step. */
  async open(): Promise<void> {
    for (const [address] of this.accounts) {
      for (const token of this.tokens) this.before.set(key(address, token), await token.balanceOf(address));
    }
  }

  /** Waits for `sent`, records its gas (charged to `actor` in ETH) and the flows it is meant to cause. */
  async record(label: string, actor: string, sent: Promise<ContractTransactionResponse>, flows: Flow[] = []): Promise<Step> {
    const receipt = await (await sent).wait();
    if (receipt === null || receipt.status !== 1) throw new Error(`${label}: transaction failed`);
    const gasCostWei = receipt.gasUsed * receipt.gasPrice;
    this.add(actor, this.eth, -gasCostWei);
    for (const flow of flows) {
      this.add(flow.from, flow.token, -flow.amount);
      this.add(flow.to, flow.token, flow.amount);
    }
    const step = { label, actor, gasUsed: receipt.gasUsed, gasCostWei, flows };
    this.steps.push(step);
    return step;
  }

  /** Balance before the first step. */
  balanceBefore(address: string, token: TrackedToken): bigint {
    return this.before.get(key(address, token)) ?? 0n;
  }

  /** Compares every tracked balance change with the recorded intentions; returns the rows that differ. */
  async reconcile(): Promise<{ rows: Array<Mismatch & { name: string; after: bigint }>; mismatches: Mismatch[] }> {
    const rows: Array<Mismatch & { name: string; after: bigint }> = [];
    for (const [address, name] of this.accounts) {
      for (const token of this.tokens) {
        const after = await token.balanceOf(address);
        const actual = after - this.balanceBefore(address, token);
        const expected = this.expectedDelta.get(key(address, token)) ?? 0n;
        rows.push({ account: address, name, symbol: token.symbol, expected, actual, after });
      }
    }
    return { rows, mismatches: rows.filter((row) => row.expected !== row.actual) };
  }

  private add(address: string, token: TrackedToken, amount: bigint): void {
    if (!this.accounts.has(address)) return;
    const k = key(address, token);
    this.expectedDelta.set(k, (this.expectedDelta.get(k) ?? 0n) + amount);
  }
}

function key(address: string, token: TrackedToken): string {
  return `${address.toLowerCase()}:${token.symbol}`;
}
