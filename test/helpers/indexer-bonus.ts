/**
 * The refund bonus part of the indexer's comparison with the chain (test/helpers/indexer-compare.ts): every campaign's
 * bonus and every account's share, quote, credit start, deposit and reclaimable amount against
 * `getBonus(campaignId, account, 0)` at the same block; the deposit lists against the logs; "can reclaim" and "refund
 * pays" against `staticCall`s; and the tables' raw bookkeeping (bonus start, cancellation, `creditDelay`, each backer's
 * `creditSince`, each depositor's record) against the escrow's storage words, which no view shows.
 */
import { AbiCoder, keccak256, ZeroAddress } from "ethers";

import { campaignBonusOf, OpenPledgeClient, type IndexedBonusDeposit, type IndexedCampaign, type IndexedPledge, type IndexerReader } from "../../client/node.js";
import type { TestChain } from "./indexer-chain.js";
import { graphql, succeeds } from "./indexer-queries.js";

/** A decoded escrow log, its arguments as decimal strings and lower-case addresses. */
interface EscrowLog {
  name: string;
  args: Record<string, unknown>;
  blockNumber: number;
  logIndex: number;
}

/** What the bonus comparison needs from the whole comparison. */
export interface BonusComparison {
  /** Records one value compared (a difference becomes a problem). */
  check: (what: string, indexed: unknown, onChain: unknown) => void;
  reader: IndexerReader;
  url: string;
  chain: TestChain;
  block: number;
  /** Every escrow event up to `block`, in chain order. */
  logs: EscrowLog[];
  /** Every campaign as the indexer answers it, by id. */
  campaigns: Map<bigint, IndexedCampaign>;
}

/** The escrow's `BonusOutcome`, by value. */
const OUTCOMES = ["none", "pending", "to-backers", "to-depositors"] as const;

// The escrow's storage (contracts/libraries/EscrowStorage.sol): its ERC-7201 namespace, and the slots of the members
// read here in its `Layout` (protocol 0, guardian 1, fee recipient 2, token flags 3, fee ledger 4, campaigns 5, backers
// 6, progress 7, milestones 8, objections 9, bonus deposits 10).
const LAYOUT = 0x8c77e53a9e82ae6149f406bb5111bc6144535612f6c97e3305fb5ee380c83500n;
const CAMPAIGNS = LAYOUT + 5n;
const BACKERS = LAYOUT + 6n;
const BONUS_DEPOSITS = LAYOUT + 10n;

function mappingSlot(key: bigint | string, slot: bigint): bigint {
  return BigInt(keccak256(AbiCoder.defaultAbiCoder().encode([typeof key === "string" ? "address" : "uint256", "uint256"], [key, slot])));
}

function bits(word: bigint, from: number, size: number): bigint {
  return (word >> BigInt(from)) & ((1n << BigInt(size)) - 1n);
}

const big = (value: unknown): bigint => BigInt(value as string);
const sum = (values: bigint[]): bigint => values.reduce((total, value) => total + value, 0n);
const orNull = (value: bigint): string | null => (value === 0n ? null : value.toString());

/** Compares everything about the refund bonus; differences go to `check`. */
export async function compareBonus(input: BonusComparison): Promise<void> {
  const { check, reader, chain, block, logs, campaigns } = input;
  const { escrow } = chain;
  const at = { blockTag: block };
  const signers = chain.signers.slice(0, 10);
  const backerRows = new Map<string, IndexedPledge>();
  const depositRows = new Map<string, IndexedBonusDeposit>();
  const outcomes = new Map<bigint, (typeof OUTCOMES)[number]>();
  const client = new OpenPledgeClient(chain.addresses, chain.connection.ethers.provider, { onFallback: () => undefined });

  for (const [id, campaign] of campaigns) {
    const c = (field: string, indexed: unknown, onChain: unknown) => check(`campaign ${id} ${field}`, indexed, onChain);
    const events = logs.filter((event) => event.args.campaignId === id.toString());
    const view = await escrow.getBonus(id, ZeroAddress, 0n, at);
    const outcome = OUTCOMES[Number(view.outcome)] ?? "none";
    outcomes.set(id, outcome);
    const bonus = campaign.bonus;
    c("bonus.pot (getBonus)", bonus.pot, view.pot.toString());
    c("bonus.maxPot (getBonus)", bonus.maxPot, view.maxPot.toString());
    c("bonus.startedAt (getBonus; null without a bonus)", bonus.startedAt, outcome === "none" ? null : view.startedAt.toString());
    c("bonus.creditEnd (getBonus; null without a bonus)", bonus.creditEnd, outcome === "none" ? null : view.creditEnd.toString());
    c("bonus.outcome (getBonus)", bonus.outcome, outcome);
    c("bonus.reservedForBackers (getBonus)", bonus.reservedForBackers, view.reservedForBackers.toString());
    c("bonus.reclaimed (getBonus)", bonus.reclaimed, view.reclaimed.toString());
    const shares = events.filter((event) => event.name === "RefundedWithBonus");
    c("bonus.paidToBackers (RefundedWithBonus)", bonus.paidToBackers, sum(shares.map((event) => big(event.args.bonus))).toString());
    const returned = events.filter((event) => event.name === "BonusReclaimed").map((event) => big(event.args.amount));
    c("bonus.returnedToDepositors (BonusReclaimed)", bonus.returnedToDepositors, sum(returned).toString());
    const deposits = events.filter((event) => event.name === "BonusDeposited");
    const depositors = [...new Set(deposits.map((event) => event.args.depositor as string))];
    c("bonus.depositorCount (BonusDeposited)", bonus.depositorCount, depositors.length);

    // Its backers: bonus paid, and the credit start `getBonus` shows while the bonus may go to backers.
    const backers = await reader.readAll((page) => reader.backers(id, page));
    for (const row of backers.items) {
      backerRows.set(`${id}/${row.backer}`, row);
      const p = (field: string, indexed: unknown, onChain: unknown) => check(`pledge ${id}/${row.backer} ${field}`, indexed, onChain);
      const paid = shares.filter((event) => event.args.backer === row.backer);
      p("bonusPaid (RefundedWithBonus)", row.bonusPaid, sum(paid.map((event) => big(event.args.bonus))).toString());
      if (outcome === "pending" || outcome === "to-backers") {
        p("creditSince (getBonus)", row.creditSince, orNull((await escrow.getBonus(id, row.backer, 0n, at)).creditSince));
      }
    }

    // Its depositors, in the order they first deposited, against the logs and `getBonus` for each.
    const list = await reader.readAll((page) => reader.bonusDeposits(id, page));
    c("bonus deposits: who, in order of first deposit", list.items.map((row) => row.depositor), depositors);
    for (const row of list.items) {
      depositRows.set(`${id}/${row.depositor}`, row);
      const d = (field: string, indexed: unknown, onChain: unknown) => check(`bonus deposit ${id}/${row.depositor} ${field}`, indexed, onChain);
      const mine = events.filter((event) => event.args.depositor === row.depositor);
      const made = mine.filter((event) => event.name === "BonusDeposited");
      const reclaim = mine.find((event) => event.name === "BonusReclaimed");
      d("deposited (BonusDeposited)", row.deposited, sum(made.map((event) => big(event.args.amount))).toString());
      d("reclaimed, amount, block (BonusReclaimed)", [row.reclaimed, row.reclaimedAmount, row.reclaimedAtBlock], [reclaim !== undefined, String(reclaim?.args.amount ?? "0"), reclaim === undefined ? null : String(reclaim.blockNumber)]);
      d("first deposit (block, log index)", [row.firstDepositedAtBlock, row.firstDepositedLogIndex], [String(made[0]?.blockNumber), made[0]?.logIndex]);
      d("updatedAtBlock", row.updatedAtBlock, String(mine.at(-1)?.blockNumber));
      const mineView = await escrow.getBonus(id, row.depositor, 0n, at);
      d("outstanding (getBonus deposited)", row.outstanding, mineView.deposited.toString());
      d("reclaimableNow (getBonus reclaimable)", row.reclaimableNow, mineView.reclaimable.toString());
    }
  }

  // ---------------------------------------------------------------- each account's side of `getBonus`
  for (const signer of signers) {
    const account = signer.address.toLowerCase();
    const [pledges, deposits] = await Promise.all([
      reader.readAll((page) => reader.accountPledges(account, page)),
      reader.readAll((page) => reader.accountBonusDeposits(account, page)),
    ]);
    const depositedTo = [...new Set(logs.filter((e) => e.name === "BonusDeposited" && e.args.depositor === account).map((e) => e.args.campaignId as string))];
    check(`account ${account} bonus deposits: campaigns`, deposits.items.map((item) => item.deposit.campaignId).sort(), depositedTo.sort());
    for (const item of deposits.items) {
      check(`account ${account} bonus deposit ${item.deposit.campaignId}: = the campaign's deposit row`, item.deposit, depositRows.get(`${item.deposit.campaignId}/${account}`));
      check(`account ${account} bonus deposit ${item.deposit.campaignId}: campaign = single campaign row`, item.campaign, campaigns.get(BigInt(item.campaign.id)));
    }
    // The chain's answers for every campaign at once, then compared in order.
    const answers = await Promise.all(
      [...campaigns.keys()].map(async (id) => ({
        id,
        view: await escrow.getBonus(id, account, 0n, at),
        reclaims: await succeeds(() => escrow.connect(signer).reclaimBonus.staticCall(id, at)),
        refunds: await succeeds(() => escrow.connect(signer).refund.staticCall(id, at)),
        fromClient: await client.getBonus(id, { account }),
      })),
    );
    for (const { id, view, reclaims, refunds, fromClient } of answers) {
      const a = (field: string, indexed: unknown, onChain: unknown) => check(`account ${account} campaign ${id} ${field}`, indexed, onChain);
      const outcome = outcomes.get(id);
      const mine = pledges.items.find((item) => item.pledge.campaignId === id.toString());
      const deposit = deposits.items.find((item) => item.deposit.campaignId === id.toString());
      a("bonusShare (getBonus share)", mine?.bonusShare ?? "0", view.share.toString());
      a("bonusQuote (getBonus quote, nothing added)", mine?.bonusQuote ?? "0", view.quote.toString());
      const shownSince = outcome === "pending" || outcome === "to-backers" ? (mine?.pledge.creditSince ?? null) : null;
      a("creditSince (getBonus)", shownSince, orNull(view.creditSince));
      a("bonus deposit outstanding (getBonus deposited)", deposit?.deposit.outstanding ?? "0", view.deposited.toString());
      a("bonus reclaimableNow (getBonus reclaimable)", deposit?.deposit.reclaimableNow ?? "0", view.reclaimable.toString());
      a("canReclaim iff reclaimBonus would succeed", deposit?.deposit.canReclaim ?? false, reclaims);
      const campaign = campaigns.get(id);
      if (campaign !== undefined) a("client: campaignBonusOf(indexer rows) = getBonus", campaignBonusOf(campaign, { pledge: mine, deposit: deposit?.deposit }), fromClient);
      if (mine === undefined) continue;
      a("pledge = the campaign's backers row", mine.pledge, backerRows.get(`${id}/${account}`));
      a("refundableBonusNow (the share, if a refund would succeed and the bonus goes to backers)", mine.refundableBonusNow, (refunds && outcome === "to-backers" ? view.share : 0n).toString());
      a("refundableTotalNow (pledge part + bonus)", mine.refundableTotalNow, (big(mine.refundableNow) + big(mine.refundableBonusNow)).toString());
    }
  }

  await compareStorage(input);
}

/** The tables' bonus bookkeeping against the escrow's storage words at `block` (through GraphQL, every row). */
async function compareStorage({ check, url, chain, block, campaigns }: BonusComparison): Promise<void> {
  const provider = chain.connection.ethers.provider;
  const escrowAddress = await chain.escrow.getAddress();
  const word = async (slot: bigint): Promise<bigint> => BigInt(await provider.getStorage(escrowAddress, slot, block));
  const tables = await graphql<{
    campaigns: { items: Array<Record<string, string | number>> };
    pledges: { items: Array<Record<string, string>> };
    bonusDeposits: { items: Array<Record<string, string | boolean>> };
  }>(
    url,
    "{ campaigns(limit: 1000) { items { id goal pledged status cancelledAt bonusPot bonusStartedAt creditDelay bonusReclaimed } } pledges(limit: 1000) { items { campaignId backer amount creditSince } } bonusDeposits(limit: 1000) { items { campaignId depositor deposited reclaimed } } }",
  );
  check("storage: every campaign in the tables", tables.campaigns.items.length, campaigns.size);
  for (const row of tables.campaigns.items) {
    const base = mappingSlot(big(row.id), CAMPAIGNS);
    const [slot0, slot3, slot4] = await Promise.all([word(base), word(base + 3n), word(base + 4n)]);
    const s = (field: string, indexed: unknown, onChain: unknown) => check(`campaign ${row.id} storage ${field}`, indexed, onChain);
    // The slot is the campaign's: its goal and total are where the layout says.
    s("slot 0 goal, pledged (where the layout puts them)", [row.goal, row.pledged], [bits(slot0, 0, 104).toString(), bits(slot0, 104, 104).toString()]);
    const started = big(row.bonusStartedAt);
    s("bonus flag (0x20)", started !== 0n, (bits(slot0, 240, 8) & 0x20n) !== 0n);
    s("bonusStart, creditDelay (slot 3)", [row.bonusStartedAt, row.creditDelay], [bits(slot3, 64, 32).toString(), bits(slot3, 96, 160).toString()]);
    const bonusEnd = row.status === "cancelled" && started !== 0n ? String(row.cancelledAt) : "0";
    s("bonusPot, bonusFrom, bonusEnd, bonusReclaimed (slot 4)", [row.bonusPot, row.bonusStartedAt, bonusEnd, row.bonusReclaimed], [bits(slot4, 0, 96), bits(slot4, 96, 32), bits(slot4, 128, 32), bits(slot4, 160, 96)].map(String));
  }
  const backerWords = await Promise.all(tables.pledges.items.map((row) => word(mappingSlot(row.backer ?? "", mappingSlot(big(row.campaignId), BACKERS)))));
  tables.pledges.items.forEach((row, index) => {
    const slot = backerWords[index] ?? 0n;
    check(`pledge ${row.campaignId}/${row.backer} storage amount, creditSince`, [row.amount, row.creditSince], [bits(slot, 0, 104).toString(), bits(slot, 208, 32).toString()]);
  });
  const depositWords = await Promise.all(
    tables.bonusDeposits.items.map((row) => word(mappingSlot(String(row.depositor), mappingSlot(big(row.campaignId), BONUS_DEPOSITS)))),
  );
  tables.bonusDeposits.items.forEach((row, index) => {
    const record = row.reclaimed === true ? "0" : row.deposited;
    check(`bonus deposit ${row.campaignId}/${row.depositor} storage (the escrow's record, zero once reclaimed)`, record, String(depositWords[index]));
  });
}
