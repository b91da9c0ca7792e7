/** The tokens campaigns take: ETH or an ERC-20, their symbols and decimals (cached), and amounts in their units. */
import { getAddress, isAddress, ZeroAddress, type ContractRunner } from "ethers";

import { IPledgeToken__factory } from "../typechain-types/factories/interfaces/IPledgeToken__factory.js";
import { formatAmount, parseAmount } from "./amounts.js";

/** An amount either in base units or as a human decimal string in the token's units ("0.5"). */
export type Amount = bigint | string;

/** A pledged token: ETH or an ERC-20, with what is needed to show amounts. */
export interface TokenInfo {
  address: string;
  symbol: string;
  decimals: number;
  native: boolean;
}

/** "ETH", the zero address or an ERC-20 address, as a checksummed address (zero for ETH). */
export function normalizeToken(ref: string): string {
  if (ref.toUpperCase() === "ETH") return ZeroAddress;
  if (!isAddress(ref)) throw new Error(`"${ref}" is neither ETH nor a token address`);
  return getAddress(ref);
}

/** Writes base units of a token with its symbol ("1.5 ETH"). */
export function amountWriter(token: Pick<TokenInfo, "decimals" | "symbol">): (value: bigint) => string {
  return (value) => `${formatAmount(value, token.decimals)} ${token.symbol}`;
}

export class Tokens {
  private readonly cache = new Map<string, Promise<TokenInfo>>();

  constructor(private readonly runner: ContractRunner) {}

  /** ETH ("ETH" or the zero address) or an ERC-20's symbol and decimals, cached. */
  token(ref: string): Promise<TokenInfo> {
    const address = normalizeToken(ref);
    let info = this.cache.get(address);
    if (info === undefined) {
      info = this.read(address);
      this.cache.set(address, info);
      // A failed read (a node hiccup) is not remembered.
      info.catch(() => this.cache.delete(address));
    }
    return info;
  }

  /** An amount in base units: a bigint as it is, a string read in the token's units. */
  async toBaseUnits(amount: Amount, tokenRef: string): Promise<bigint> {
    if (typeof amount === "bigint") return amount;
    return parseAmount(amount, (await this.token(tokenRef)).decimals);
  }

  /** Base units written in the token's units, with its symbol ("1.5 ETH"). */
  async format(value: bigint, tokenRef: string): Promise<string> {
    return amountWriter(await this.token(tokenRef))(value);
  }

  /** Whether an ERC-20 takes EIP-2612 permits and tells its EIP-712 domain (EIP-5267). */
  async supportsPermit(address: string): Promise<boolean> {
    const token = IPledgeToken__factory.connect(address, this.runner);
    try {
      await Promise.all([token.eip712Domain(), token.nonces(ZeroAddress)]);
      return true;
    } catch {
      return false;
    }
  }

  private async read(address: string): Promise<TokenInfo> {
    if (address === ZeroAddress) return { address, symbol: "ETH", decimals: 18, native: true };
    const token = IPledgeToken__factory.connect(address, this.runner);
    let answers: [string, bigint];
    try {
      answers = await Promise.all([token.symbol(), token.decimals()]);
    } catch (error) {
      // No code at the address, or a contract without these functions: either way, no token to count in.
      if (isNetworkFailure(error)) throw error;
      throw new TokenError(
        `That token address is not an ERC-20 token contract (it answers no symbol or decimals): give ETH, or the address of a token the escrow allows (its owner adds tokens with protocol allow-token). It was ${address}.`,
      );
    }
    const [symbol, decimals] = answers;
    return { address, symbol, decimals: Number(decimals), native: false };
  }
}

/** An address that was given as a token is none. */
export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TokenError";
  }
}

/** Whether the node could not be reached at all (then the address may well be a token: say nothing about it). */
function isNetworkFailure(error: unknown): boolean {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === "NETWORK_ERROR" || code === "TIMEOUT" || code === "SERVER_ERROR";
}
