import { Interface, isHexString, type ErrorDescription, type InterfaceAbi, type Result } from "ethers";

import { ERROR_ABIS, ERROR_INPUT_NAMES, type ContractErrorArgs, type ContractErrorName } from "./abi.js";
import { AmountError, formatAmount } from "./amounts.js";
import { describe, isContractErrorName, type ErrorContext } from "./error-messages.js";
import { DurationError } from "./format.js";
import { TokenError } from "./tokens.js";

export type { ErrorContext } from "./error-messages.js";

/** Every custom error the protocol's contracts (and a standard ERC-20) can revert with. */
const INTERFACES: readonly Interface[] = ERROR_ABIS.map((abi) => new Interface(abi as InterfaceAbi));

/** A contract call that reverted with a known custom error, decoded. */
export class OpenPledgeError extends Error {
  constructor(
    /** The custom error's name, as in the contract's ABI (`UnexpectedState`, `EnforcedPause`, ...). */
    readonly errorName: ContractErrorName,
    /** The error's arguments by name. */
    readonly args: Readonly<Record<string, unknown>>,
    /** The raw revert data. */
    readonly data: string,
    /** What the message knows beyond the arguments: the token's units, the campaign's dates, the call, the limits. */
    readonly context: Readonly<ErrorContext> = {},
  ) {
    super(describe(errorName, args, context));
    this.name = "OpenPledgeError";
  }

  /** Whether this is error `name`, its arguments then typed by the ABI. */
  is<N extends ContractErrorName>(name: N): this is OpenPledgeError & { errorName: N; args: ContractErrorArgs<N> } {
    return this.errorName === name;
  }

  /** The same error told with more context (the campaign it was about, its token); the message is written anew. */
  withContext(context: ErrorContext): OpenPledgeError {
    const told = new OpenPledgeError(this.errorName, this.args, this.data, { ...this.context, ...context });
    told.stack = this.stack;
    return told;
  }

  /**
   * The message with amounts written by `formatAmount` (for example in the campaign token's units), or with a whole
   * context; what the error already knows is kept unless replaced.
   */
  describe(format: ((value: bigint) => string) | ErrorContext): string {
    const context = typeof format === "function" ? { amount: format } : format;
    return describe(this.errorName, this.args, { ...this.context, ...context });
  }
}

/** Decodes revert data into an `OpenPledgeError`, or returns undefined when no known error matches. */
export function decodeRevertData(data: string): OpenPledgeError | undefined {
  for (const contractInterface of INTERFACES) {
    let parsed: ErrorDescription | null = null;
    try {
      parsed = contractInterface.parseError(data);
    } catch {
      parsed = null;
    }
    if (parsed !== null && isContractErrorName(parsed.name)) {
      return new OpenPledgeError(parsed.name, namedArgs(parsed.name, parsed.fragment.inputs, parsed.args), data);
    }
  }
  return undefined;
}

/**
 * Turns whatever a failed call threw into an `OpenPledgeError` when it carries the revert data of a known custom
 * error; anything else is returned unchanged.
 */
export function toOpenPledgeError(error: unknown): unknown {
  const data = findRevertData(error, 0);
  if (data === undefined) return error;
  return decodeRevertData(data) ?? error;
}

/** Runs `call`, rethrowing a revert as an `OpenPledgeError`. */
export async function withDecodedErrors<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toOpenPledgeError(error);
  }
}

function findRevertData(error: unknown, depth: number): string | undefined {
  if (depth > 5 || typeof error !== "object" || error === null) return undefined;
  const record = error as Record<string, unknown>;
  const data = record.data;
  if (typeof data === "string" && isHexString(data) && data.length >= 10) return data;
  for (const key of ["error", "info", "cause", "data"]) {
    const found = findRevertData(record[key], depth + 1);
    if (found !== undefined) return found;
  }
  // Hardhat's JSON-RPC errors carry the data in their message: "... (return data: 0x...)".
  const message = typeof record.message === "string" ? record.message : "";
  const inMessage = /return data: (0x[0-9a-fA-F]{8,})/.exec(message)?.[1];
  return inMessage;
}

/** The arguments by name; ethers leaves `Error(string)` and `Panic(uint256)` unnamed, so the names come from the ABIs. */
function namedArgs(name: string, inputs: ReadonlyArray<{ name: string }>, values: Result): Record<string, unknown> {
  const names = ERROR_INPUT_NAMES.get(name) ?? [];
  const args: Record<string, unknown> = {};
  inputs.forEach((input, i) => {
    args[input.name || names[i] || String(i)] = values[i];
  });
  return args;
}

/** Whether an error is the user declining a request in their wallet (EIP-1193 code 4001 / ethers ACTION_REJECTED). */
export function isUserRejection(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const record = current as Record<string, unknown>;
    if (record.code === "ACTION_REJECTED" || record.code === 4001) return true;
    current = record.error ?? record.info ?? record.cause;
  }
  return false;
}

/** A failure told in one line: declined in the wallet, refused by a contract, or anything else. */
export interface ErrorReport {
  kind: "rejected" | "refused" | "error";
  text: string;
}

/**
 * Tells what went wrong in one line, for the command line and the web app alike: a declined wallet request, a
 * contract's custom error in plain words (amounts written by `format` when given, or with the context the client
 * attached: the campaign's token and dates), a bad amount or duration, or the short message of anything else.
 */
export function describeError(error: unknown, format?: ((value: bigint) => string) | ErrorContext): ErrorReport {
  if (isUserRejection(error)) return { kind: "rejected", text: "You rejected the request in your wallet; nothing was sent." };
  const decoded = error instanceof OpenPledgeError ? error : toOpenPledgeError(error);
  if (decoded instanceof OpenPledgeError) {
    return { kind: "refused", text: format === undefined ? decoded.message : decoded.describe(format) };
  }
  if (error instanceof AmountError || error instanceof DurationError || error instanceof TokenError) {
    return { kind: "error", text: error.message };
  }
  const plain = plainNodeError(error);
  if (plain !== undefined) return { kind: "error", text: plain };
  if (typeof error === "object" && error !== null) {
    const record = error as { shortMessage?: unknown; message?: unknown };
    const text = typeof record.shortMessage === "string" ? record.shortMessage : String(record.message ?? error);
    return { kind: "error", text: text.split("\n")[0] ?? text };
  }
  return { kind: "error", text: String(error) };
}

/** Every message in an error and the errors it wraps (ethers' `error`, `info`, `cause`; a wallet's `data`). */
function messagesIn(error: unknown): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const walk = (value: unknown, depth: number) => {
    if (depth > 6 || typeof value !== "object" || value === null || seen.has(value)) return;
    seen.add(value);
    const record = value as Record<string, unknown>;
    for (const key of ["message", "shortMessage", "reason"]) {
      if (typeof record[key] === "string") found.push(record[key]);
    }
    for (const key of ["error", "info", "cause", "data", "payload"]) walk(record[key], depth + 1);
  };
  walk(error, 0);
  return found;
}

/**
 * A node's or ethers' own failure that people meet, in plain words with a next step (never wei): an account without
 * the ETH for the amount and the gas, and an address given as a token that is no ERC-20 contract. Undefined for
 * anything else.
 */
export function plainNodeError(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const record = error as { code?: unknown; info?: { method?: unknown } };
  const messages = messagesIn(error);
  const funds = messages.find((message) => /doesn't have enough funds|insufficient funds/i.test(message));
  if (record.code === "INSUFFICIENT_FUNDS" || funds !== undefined) {
    // Hardhat's node: "The max upfront cost is: <wei> and the sender's balance is: <wei>."
    const figures = /upfront cost is: (\d+) and the sender's balance is: (\d+)/.exec(funds ?? "");
    // Six decimals are enough to compare what is needed with what is held; gas makes the rest noise.
    const eth = (wei: string) => `${formatAmount((BigInt(wei) / 10n ** 12n) * 10n ** 12n, 18)} ETH`;
    const detail = figures === null ? "" : ` (it needs ${eth(figures[1] ?? "0")} with the gas, and holds ${eth(figures[2] ?? "0")})`;
    return `The account does not hold enough ETH for this amount and the transaction's gas${detail}: send a smaller amount, or add ETH to the account first. Nothing was sent.`;
  }
  const method = record.info?.method ?? (error as { invocation?: { method?: unknown } }).invocation?.method;
  const tokenCall = method === "symbol" || method === "decimals" || method === "nonces" || method === "DOMAIN_SEPARATOR";
  // No code there ("could not decode result data"), or a contract that has no such function (Hardhat: "function
  // selector was not recognized"): either way the address is no token.
  const noSuchFunction = messages.some((message) => /function selector was not recognized/i.test(message));
  if (tokenCall && (record.code === "BAD_DATA" || record.code === "CALL_EXCEPTION" || noSuchFunction)) {
    return "That token address is not an ERC-20 token contract (it answers no symbol or decimals): give ETH, or the address of a token the escrow allows (its owner adds tokens with protocol allow-token).";
  }
  return undefined;
}
