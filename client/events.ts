/** The contracts' events: decoding logs, reading an event's argument from a receipt, topics of a campaign. */
import { AbiCoder, toBeHex, toUtf8String, Utf8ErrorFuncs, zeroPadValue, type Interface, type Log } from "ethers";

import { PledgeEscrow__factory } from "../typechain-types/factories/PledgeEscrow__factory.js";
import { ProjectRegistry__factory } from "../typechain-types/factories/ProjectRegistry__factory.js";
import type { EscrowEventName } from "./abi.js";

export type { EscrowEventName } from "./abi.js";

export const ESCROW_INTERFACE = PledgeEscrow__factory.createInterface();
export const REGISTRY_INTERFACE = ProjectRegistry__factory.createInterface();

type ContractInterface = typeof ESCROW_INTERFACE | typeof REGISTRY_INTERFACE;

/** One event of a campaign's history, decoded. */
export interface CampaignEvent {
  name: string;
  args: Record<string, unknown>;
  blockNumber: number;
  transactionHash: string;
  logIndex: number;
  /**
   * On `Pledged`, `PledgeWithdrawn`, `Refunded` and `RefundedWithBonus`: the backer's pledge and the campaign's total just after it,
   * summed from the events since the campaign opened (the events themselves carry only the amount). Absent when the
   * history read does not start at the campaign's opening.
   */
  totals?: PledgeTotals;
}

/** A backer's pledge and the campaign's total, just after an event. */
export interface PledgeTotals {
  backer: bigint;
  campaign: bigint;
}

/**
 * Every event the escrow emits about one campaign (its first indexed argument is the campaign id), its split's
 * included: the shares a claim credits come just before its `CampaignClaimed`. A campaign that was a feature request
 * starts with its `RequestOpened` and the pledges it took then; its `RequestAccepted` follows its `CampaignOpened`. A builder's or a project's withdrawal
 * of credits is no campaign's (it pays what many claims credited).
 */
export const CAMPAIGN_EVENTS = [
  "RequestOpened",
  "RequestDeclined",
  "CampaignOpened",
  "RequestAccepted",
  "GoalReached",
  "DeadlineExtended",
  "MilestonePlanSet",
  "Pledged",
  "PledgeWithdrawn",
  "CampaignCancelled",
  "CampaignClaimed",
  "Refunded",
  "RefundedWithBonus",
  "MilestoneSubmitted",
  "MilestoneObjected",
  "ObjectionWithdrawn",
  "MilestoneAccepted",
  "MilestoneRejected",
  "BonusDeposited",
  "BonusReclaimed",
  "CampaignSplitSet",
  "BuilderNominated",
  "BuilderAccepted",
  "BuilderShareCredited",
  "DependencyShareCredited",
  "WaitingBuilderShareReleased",
] as const satisfies readonly EscrowEventName[];

/** The topic of an indexed uint256 (a campaign or project id). */
export function idTopic(id: bigint): string {
  return zeroPadValue(toBeHex(id), 32);
}

/** The topic hashes of escrow events. */
export function escrowTopics(names: readonly EscrowEventName[]): string[] {
  return names.map((name) => ESCROW_INTERFACE.getEvent(name).topicHash);
}

/**
 * A log's event name and arguments by name; throws for a log that is not one of the contract's events. A string
 * argument that is not valid UTF-8 (anyone can register a project or open a campaign with such bytes) is read with
 * U+FFFD in place of the bad bytes instead of failing the whole list it is part of; it then never matches a hash or
 * commitment made of the original bytes.
 */
export function decodeLog(contractInterface: Interface, log: Log): { name: string; args: Record<string, unknown> } {
  const parsed = contractInterface.parseLog(log);
  if (parsed === null) throw new Error(`undecodable log in ${log.transactionHash}`);
  const args: Record<string, unknown> = {};
  let unreadable = false;
  parsed.fragment.inputs.forEach((input, i) => {
    try {
      args[input.name] = parsed.args[i];
    } catch {
      unreadable = true;
    }
  });
  if (!unreadable) return { name: parsed.name, args };
  // Decode the data again with every string read as bytes, then turn the bytes into text leniently.
  const data = parsed.fragment.inputs.filter((input) => !input.indexed);
  const raw = AbiCoder.defaultAbiCoder().decode(
    data.map((input) => (input.type === "string" ? "bytes" : input.format())),
    log.data,
  );
  data.forEach((input, i) => {
    const value: unknown = raw[i];
    args[input.name] = input.type === "string" && typeof value === "string" ? toUtf8String(value, Utf8ErrorFuncs.replace) : value;
  });
  return { name: parsed.name, args };
}

/** An escrow log's event name and arguments by name (see `decodeLog`). */
export function decodeEscrowLog(log: Log): { name: string; args: Record<string, unknown> } {
  return decodeLog(ESCROW_INTERFACE, log);
}

/** An escrow log as a history entry. */
export function toCampaignEvent(log: Log): CampaignEvent {
  const { name, args } = decodeEscrowLog(log);
  return { name, args, blockNumber: log.blockNumber, transactionHash: log.transactionHash, logIndex: log.index };
}

/** The value of `arg` in the first `event` among a receipt's logs; throws when there is none. */
export function eventValue(logs: readonly Log[], contractInterface: ContractInterface, event: string, arg: string): unknown {
  for (const log of logs) {
    let parsed;
    try {
      parsed = contractInterface.parseLog(log);
    } catch {
      parsed = null;
    }
    if (parsed?.name === event) return parsed.args.getValue(arg);
  }
  throw new Error(`no ${event} event in the receipt`);
}

/** A number argument of the first `event` among a receipt's logs. */
export function eventArg(logs: readonly Log[], contractInterface: ContractInterface, event: string, arg: string): bigint {
  const value = eventValue(logs, contractInterface, event, arg);
  if (typeof value !== "bigint") throw new Error(`${event}.${arg} is not a number`);
  return value;
}

/** Whether a receipt's logs hold escrow event `name`. */
export function hasEscrowEvent(logs: readonly Log[], name: EscrowEventName): boolean {
  return logs.some((log) => ESCROW_INTERFACE.parseLog(log)?.name === name);
}

/** The deadline move a transaction's `DeadlineExtended` event records, if any. */
export function deadlineExtendedIn(logs: readonly Log[]): { from: bigint; to: bigint } | null {
  for (const log of logs) {
    const parsed = ESCROW_INTERFACE.parseLog(log);
    if (parsed?.name === "DeadlineExtended") {
      return { from: parsed.args.previousDeadline as bigint, to: parsed.args.newDeadline as bigint };
    }
  }
  return null;
}
