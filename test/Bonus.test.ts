import { expect } from "chai";
import type { ContractTransactionReceipt, ContractTransactionResponse, LogDescription } from "ethers";

import { signPermit } from "../client/index.js";
import {
  FeeOnTransferToken__factory,
  ReentrantReceiver__factory,
  ReentrantToken__factory,
  type IPledgeEscrow,
} from "../typechain-types/index.js";
import { ERC20, ETHER, type Currency } from "./helpers/currencies.js";
import {
  DAY,
  DEFAULT_CLAIM_WINDOW,
  DEFAULT_LAST_CALL,
  ETH,
  eth,
  ethers,
  EXPECTED,
  expectedStates,
  feeOf,
  loadWorld,
  MAX_AMOUNT,
  networkHelpers,
  now,
  openCampaign,
  State,
  terms,
  type World,
} from "./helpers/fixture.js";
import { expectRevert } from "./helpers/reverts.js";

// The refund bonus (issue 12), written as its attackers first: farming by pledge and withdraw, a whale at the start, a
// depositor taking the bonus back early, a cancel to save it, a wrong token, a late deposit, dust backers, a
// maintainer dealing with themselves, and re-entry. Every amount paid is compared to the wei with what the rule gives,
// computed here in plain BigInt arithmetic (`BonusBook` and the formulas written out in the tests):
//   credit = pledge x (E - max(creditSince, S)),   share = floor(pot x credit / max(goal x D, total credit))
// S = the first deposit (startedAt), E = the end of credit (the cancellation, else the final deadline), D = the period,
// from S to the deadline (the one in force at a cancellation: a cancel stops credit, not the period), L = the last
// call (2 days), C = the claim window (90 days). Below the goal the total credit is below goal x D, so the bonus is a
// fixed rate that no other pledge dilutes; above it the shares are scaled to fit the pot by the total credit, to which a
// pledge made at the last second adds nothing.
const { time } = networkHelpers;
const L = DEFAULT_LAST_CALL;
const C = DEFAULT_CLAIM_WINDOW;
const at = (second: bigint) => time.setNextBlockTimestamp(second);

type Account = World["alice"];
type BonusView = IPledgeEscrow.BonusViewStructOutput;

/** `IPledgeEscrow.BonusOutcome`. */
const Outcome = { None: 0n, Pending: 1n, ToBackers: 2n, ToDepositors: 3n } as const;
/** What `reclaimBonus` expects: every decided state. */
const DECIDED = expectedStates("Failed", "Cancelled", "Lapsed", "Claimed", "Rejected");
const MAX_BONUS_BPS = 1_000n;

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
const max = (a: bigint, b: bigint) => (a > b ? a : b);

/** The bonus cap of a goal: 10% of it (and at most what 96 bits hold). */
const capOf = (goal: bigint) => {
  const byGoal = (goal * MAX_BONUS_BPS) / 10_000n;
  return byGoal < 2n ** 96n - 1n ? byGoal : 2n ** 96n - 1n;
};

/** What the credits are divided by: the goal's credit over the period, or the total credit when above it. */
function denominatorOf(p: { goal: bigint; start: bigint; deadline: bigint; totalCredit: bigint }): bigint {
  if (p.deadline <= p.start) return 0n;
  return max(p.goal * (p.deadline - p.start), p.totalCredit);
}

/**
 * The rule of the design, kept independently of the contract: pledges and their credit start (the pledge-weighted mean
 * pledge time, rounded up, restarted by any withdrawal), the pot, the depositors, and a cancellation. Its figures are
 * what the escrow must pay.
 */
class BonusBook {
  start: bigint | null = null;
  cancelledAt: bigint | null = null;
  pot = 0n;
  total = 0n;
  readonly backers = new Map<string, { amount: bigint; since: bigint | null }>();
  readonly deposits = new Map<string, bigint>();
  /** Deposits already reclaimed, in the order of the reclaims (the split is cumulative). */
  reclaimedDeposits = 0n;

  constructor(readonly goal: bigint) {}

  deposit(who: string, amount: bigint, second: bigint): void {
    if (this.start === null) this.start = second;
    this.pot += amount;
    this.deposits.set(who, (this.deposits.get(who) ?? 0n) + amount);
  }

  pledge(who: string, amount: bigint, second: bigint): void {
    const backer = this.backers.get(who) ?? { amount: 0n, since: null };
    const total = backer.amount + amount;
    if (this.start !== null) {
      // Before the first deposit nothing is tracked: every pledge then counts from the start.
      const old = backer.since !== null && backer.since > this.start ? backer.since : this.start;
      backer.since = ceilDiv(backer.amount * old + amount * second, total);
    }
    backer.amount = total;
    this.total += amount;
    this.backers.set(who, backer);
  }

  withdraw(who: string, amount: bigint, second: bigint): void {
    const backer = this.backers.get(who);
    if (backer === undefined || backer.amount < amount) throw new Error(`the book has no ${amount} from ${who}`);
    backer.amount -= amount;
    this.total -= amount;
    if (this.start !== null) backer.since = second;
  }

  cancel(second: bigint): void {
    if (this.start !== null) this.cancelledAt = second;
  }

  end(deadline: bigint): bigint {
    return this.cancelledAt ?? deadline;
  }

  /** Σ pledge x time held to the end of credit, over the backers standing at the end of funding. */
  totalCredit(deadline: bigint): bigint {
    if (this.start === null) return 0n;
    const end = this.end(deadline);
    let credit = 0n;
    for (const [who, backer] of this.backers) credit += backer.amount * (end - this.sinceOf(who));
    return credit;
  }

  denominator(deadline: bigint): bigint {
    if (this.start === null) return 0n;
    return denominatorOf({ goal: this.goal, start: this.start, deadline, totalCredit: this.totalCredit(deadline) });
  }

  sinceOf(who: string): bigint {
    const since = this.backers.get(who)?.since ?? null;
    if (this.start === null) return 0n;
    return since !== null && since > this.start ? since : this.start;
  }

  shareOf(who: string, deadline: bigint): bigint {
    const backer = this.backers.get(who);
    const denominator = this.denominator(deadline);
    if (backer === undefined || denominator === 0n) return 0n;
    return (this.pot * backer.amount * (this.end(deadline) - this.sinceOf(who))) / denominator;
  }

  /** The share of `who` with `amount` more pledged at `second`, if the campaign failed at `deadline`. */
  quoteOf(who: string, amount: bigint, second: bigint, deadline: bigint): bigint {
    if (this.start === null || deadline <= this.start) return 0n;
    const backer = this.backers.get(who) ?? { amount: 0n, since: null };
    const total = backer.amount + amount;
    if (total === 0n) return 0n;
    const since = ceilDiv(backer.amount * this.sinceOf(who) + amount * second, total);
    return (this.pot * total * (deadline - since)) / (this.goal * (deadline - this.start));
  }

  /** The total credit over the denominator, times the pot: what all shares add up to at most. */
  reserved(deadline: bigint): bigint {
    const denominator = this.denominator(deadline);
    return denominator === 0n ? 0n : (this.pot * this.totalCredit(deadline)) / denominator;
  }

  /** What the next reclaim by `who` pays when `left` is what the depositors share: the cumulative split. */
  reclaim(who: string, left: bigint): bigint {
    const deposited = this.deposits.get(who) ?? 0n;
    const before = this.reclaimedDeposits;
    this.reclaimedDeposits += deposited;
    this.deposits.delete(who);
    return (left * (before + deposited)) / this.pot - (left * before) / this.pot;
  }
}

// ---------------------------------------------------------------- actions at chosen seconds

/** The value a bonus deposit of `amount` carries: all of it in ETH, none for an ERC-20. */
const valueFor = (currency: Currency, amount: bigint) => (currency === ETHER ? amount : 0n);

async function minedAt(receipt: ContractTransactionReceipt | null): Promise<bigint> {
  if (receipt === null) throw new Error("no receipt");
  const block = await receipt.getBlock();
  return BigInt(block.timestamp);
}

/** The escrow's events of a receipt, in order. */
function escrowEvents(world: World, receipt: ContractTransactionReceipt | null): LogDescription[] {
  if (receipt === null) throw new Error("no receipt");
  return receipt.logs
    .filter((log) => log.address === world.escrowAddress)
    .map((log) => world.escrow.interface.parseLog(log))
    .filter((parsed): parsed is LogDescription => parsed !== null);
}

/** Gives `depositor` the money of a deposit and the escrow its allowance (nothing is sent). */
async function prepareDeposit(currency: Currency, world: World, depositor: Account, amount: bigint): Promise<void> {
  await currency.fund(world, depositor, amount);
  await currency.prepare(world, depositor, amount);
}

/** The bonus deposit call alone, with the value it carries. */
function depositCall(currency: Currency, world: World, depositor: Account, id: bigint, amount: bigint): Promise<ContractTransactionResponse> {
  return world.escrow.connect(depositor).depositBonus(id, currency.tokenOf(world), amount, { value: valueFor(currency, amount) });
}

/** Funds and approves, then sends the bonus deposit (at `second` when given). */
async function sendDeposit(
  currency: Currency,
  world: World,
  depositor: Account,
  id: bigint,
  amount: bigint,
  second?: bigint,
): Promise<ContractTransactionResponse> {
  await prepareDeposit(currency, world, depositor, amount);
  if (second !== undefined) await at(second);
  return depositCall(currency, world, depositor, id, amount);
}

async function depositAt(currency: Currency, world: World, depositor: Account, id: bigint, amount: bigint, second?: bigint): Promise<bigint> {
  return minedAt(await (await sendDeposit(currency, world, depositor, id, amount, second)).wait());
}

/** Funds and approves, then pledges (at `second` when given); returns the second it was mined at. */
async function pledgeAt(currency: Currency, world: World, backer: Account, id: bigint, amount: bigint, second?: bigint): Promise<bigint> {
  await currency.fund(world, backer, amount);
  await currency.prepare(world, backer, amount);
  if (second !== undefined) await at(second);
  return minedAt(await (await currency.send(world, backer, id, amount)).wait());
}

async function withdrawAt(world: World, backer: Account, id: bigint, amount: bigint, second?: bigint): Promise<bigint> {
  if (second !== undefined) await at(second);
  return minedAt(await (await world.escrow.connect(backer).withdrawPledge(id, amount)).wait());
}

async function cancelAt(world: World, id: bigint, second?: bigint): Promise<bigint> {
  if (second !== undefined) await at(second);
  return minedAt(await (await world.escrow.connect(world.maintainer).cancelCampaign(id)).wait());
}

/**
 * Refunds `backer` and returns what its one event says it was paid (`Refunded(id, backer, pledge)`, or
 * `RefundedWithBonus(id, backer, pledge, share)` when the share is not zero), after checking that exactly that left the
 * escrow.
 */
async function refundOf(currency: Currency, world: World, backer: Account, id: bigint): Promise<{ pledge: bigint; bonus: bigint }> {
  const escrowBefore = await currency.balanceOf(world, world.escrowAddress);
  const receipt = await (await world.escrow.connect(backer).refund(id)).wait();
  const events = escrowEvents(world, receipt).filter((event) => event.name === "Refunded" || event.name === "RefundedWithBonus");
  expect(events, "one refund event").to.have.length(1);
  const [event] = events;
  expect([event.args[0], event.args[1]]).to.deep.equal([id, backer.address]);
  const pledge = event.args[2] as bigint;
  const bonus = event.name === "RefundedWithBonus" ? (event.args[3] as bigint) : 0n;
  if (event.name === "RefundedWithBonus") expect(bonus, "RefundedWithBonus is emitted only with a share").to.be.greaterThan(0n);
  expect(escrowBefore - (await currency.balanceOf(world, world.escrowAddress))).to.equal(pledge + bonus);
  return { pledge, bonus };
}

/** Reclaims as `depositor` and returns the amount of `BonusReclaimed`, after checking that exactly that left the escrow. */
async function reclaimOf(currency: Currency, world: World, depositor: Account, id: bigint): Promise<bigint> {
  const escrowBefore = await currency.balanceOf(world, world.escrowAddress);
  const receipt = await (await world.escrow.connect(depositor).reclaimBonus(id)).wait();
  const events = escrowEvents(world, receipt).filter((event) => event.name === "BonusReclaimed");
  expect(events).to.have.length(1);
  expect([events[0].args[0], events[0].args[1]]).to.deep.equal([id, depositor.address]);
  const amount = events[0].args[2] as bigint;
  expect(escrowBefore - (await currency.balanceOf(world, world.escrowAddress))).to.equal(amount);
  return amount;
}

async function bonusOf(world: World, id: bigint, account = ETH, amount = 0n): Promise<BonusView> {
  return world.escrow.getBonus(id, account, amount);
}

/** A campaign in `currency` opened at second T (goal 10 units, deadline T + 30 days unless given). */
async function openAt(world: World, currency: Currency, options: { goal?: bigint; duration?: bigint; claimWindow?: bigint } = {}) {
  const T = (await now()) + 10n;
  const deadline = T + (options.duration ?? 30n * DAY);
  await at(T);
  const { id } = await openCampaign(world, {
    token: currency.tokenOf(world),
    goal: options.goal ?? currency.amount("10"),
    deadline,
    claimWindow: options.claimWindow,
  });
  return { id, T, deadline };
}

/** A campaign with milestones in `currency`: 20% on success, 80% at one milestone; review window 3 days. */
async function openWithMilestonesAt(world: World, currency: Currency, goal: bigint) {
  const T = (await now()) + 10n;
  const deadline = T + 30n * DAY;
  const plan: IPledgeEscrow.MilestonePlanStruct = {
    initialShareBps: 2_000,
    reviewWindow: 3n * DAY,
    objectionThresholdBps: 0,
    milestones: [{ shareBps: 8_000, due: deadline + 2n * L + 10n * DAY }],
  };
  await at(T);
  await (
    await world.escrow.connect(world.maintainer).openCampaignWithMilestones(terms(deadline, { token: currency.tokenOf(world), goal }), plan)
  ).wait();
  return { id: await world.escrow.campaignCount(), T, deadline };
}

/** An account with no history, impersonated, with gas money: one of many small backers. */
async function freshAccount(label: string): Promise<Account> {
  const address = ethers.getAddress(ethers.dataSlice(ethers.id(`openpledge bonus test ${label}`), 12));
  await networkHelpers.impersonateAccount(address);
  await networkHelpers.setBalance(address, eth("10"));
  return ethers.getSigner(address);
}

describe("Refund bonus (issue 12)", () => {
  for (const currency of [ETHER, ERC20]) {
    const u = currency.amount;
    const goal = u("10");
    const pot = u("1"); // the cap: 10% of the goal

    describe(`in ${currency.name}`, () => {
      describe("deposits", () => {
        it("takes each deposit into the escrow and emits BonusDeposited(id, depositor, amount, pot) with the pot so far", async () => {
          const world = await loadWorld();
          const { id } = await openAt(world, currency);
          const first = sendDeposit(currency, world, world.maintainer, id, u("0.4"));
          await expect(first).to.emit(world.escrow, "BonusDeposited").withArgs(id, world.maintainer.address, u("0.4"), u("0.4"));
          await currency.expectMoves(world, first, [world.maintainer, world.escrow], [-u("0.4"), u("0.4")]);
          const second = sendDeposit(currency, world, world.carol, id, u("0.6"));
          await expect(second).to.emit(world.escrow, "BonusDeposited").withArgs(id, world.carol.address, u("0.6"), pot);
          await currency.expectMoves(world, second, [world.carol, world.escrow], [-u("0.6"), u("0.6")]);
          const view = await bonusOf(world, id, world.carol.address);
          expect([view.pot, view.maxPot, view.deposited, view.outcome]).to.deep.equal([pot, capOf(goal), u("0.6"), Outcome.Pending]);
        });

        it("starts the bonus period at the first deposit only", async () => {
          const world = await loadWorld();
          const { id, T } = await openAt(world, currency);
          const S = await depositAt(currency, world, world.maintainer, id, u("0.1"), T + 100n);
          await depositAt(currency, world, world.carol, id, u("0.1"), T + 5_000n);
          expect((await bonusOf(world, id)).startedAt).to.equal(S);
        });

        it("refuses a token that is not the campaign's: WrongToken(id, campaign token)", async () => {
          const world = await loadWorld();
          const { id } = await openAt(world, currency);
          const wrong = currency === ETHER ? world.tokenAddress : ETH;
          await currency.prepare(world, world.maintainer, u("1"));
          await expectRevert(
            world,
            () => world.escrow.connect(world.maintainer).depositBonus(id, wrong, u("0.5"), { value: valueFor(currency, u("0.5")) }),
            world.escrow,
            "WrongToken",
            [id, currency.tokenOf(world)],
          );
          // Another allowed ERC-20 is no better: only the campaign's own token.
          const other = await new FeeOnTransferToken__factory(world.owner).deploy();
          await (await world.escrow.setTokenAllowed(await other.getAddress(), true)).wait();
          await expectRevert(
            world,
            () => world.escrow.connect(world.maintainer).depositBonus(id, other, u("0.5")),
            world.escrow,
            "WrongToken",
            [id, currency.tokenOf(world)],
          );
          expect((await bonusOf(world, id)).pot).to.equal(0n);
        });

        if (currency === ETHER) {
          it("refuses ETH that is not exactly the amount, either way: BonusValueMismatch(sent, amount)", async () => {
            const world = await loadWorld();
            const { id } = await openAt(world, currency);
            const deposit = (value: bigint) => () => world.escrow.connect(world.maintainer).depositBonus(id, ETH, u("0.5"), { value });
            await expectRevert(world, deposit(u("0.5") - 1n), world.escrow, "BonusValueMismatch", [u("0.5") - 1n, u("0.5")]);
            await expectRevert(world, deposit(u("0.5") + 1n), world.escrow, "BonusValueMismatch", [u("0.5") + 1n, u("0.5")]);
            await expectRevert(world, deposit(0n), world.escrow, "BonusValueMismatch", [0n, u("0.5")]);
            expect((await bonusOf(world, id)).pot).to.equal(0n);
          });
        } else {
          it("refuses ETH sent with an ERC-20 deposit: BonusValueMismatch(sent, 0)", async () => {
            const world = await loadWorld();
            const { id } = await openAt(world, currency);
            await currency.fund(world, world.maintainer, u("0.5"));
            await currency.prepare(world, world.maintainer, u("0.5"));
            const deposit = (value: bigint) => () =>
              world.escrow.connect(world.maintainer).depositBonus(id, world.tokenAddress, u("0.5"), { value });
            await expectRevert(world, deposit(1n), world.escrow, "BonusValueMismatch", [1n, 0n]);
            await expectRevert(world, deposit(u("0.5")), world.escrow, "BonusValueMismatch", [u("0.5"), 0n]);
            expect((await bonusOf(world, id)).pot).to.equal(0n);
          });
        }

        it("refuses a deposit of zero: ZeroAmount", async () => {
          const world = await loadWorld();
          const { id } = await openAt(world, currency);
          await expectRevert(
            world,
            () => world.escrow.connect(world.maintainer).depositBonus(id, currency.tokenOf(world), 0n),
            world.escrow,
            "ZeroAmount",
          );
        });

        it("refuses a deposit while paused: EnforcedPause", async () => {
          const world = await loadWorld();
          const { id } = await openAt(world, currency);
          await (await world.escrow.connect(world.guardian).pause()).wait();
          await prepareDeposit(currency, world, world.maintainer, u("0.5"));
          await expectRevert(world, () => depositCall(currency, world, world.maintainer, id, u("0.5")), world.escrow, "EnforcedPause");
        });

        it("takes a pot up to 10% of the goal and refuses one wei more: BonusTooLarge(id, pot, max)", async () => {
          const world = await loadWorld();
          // An odd goal: the cap is rounded down.
          const oddGoal = u("10") + 7n;
          const cap = (oddGoal * 1_000n) / 10_000n;
          const { id } = await openAt(world, currency, { goal: oddGoal });
          expect(await world.escrow.MAX_BONUS_BPS()).to.equal(MAX_BONUS_BPS);
          expect((await bonusOf(world, id)).maxPot).to.equal(cap);
          await prepareDeposit(currency, world, world.maintainer, cap + 1n);
          await expectRevert(world, () => depositCall(currency, world, world.maintainer, id, cap + 1n), world.escrow, "BonusTooLarge", [
            id,
            cap + 1n,
            cap,
          ]);
          await depositAt(currency, world, world.maintainer, id, cap - 5n);
          // A second depositor cannot pass the cap either.
          await prepareDeposit(currency, world, world.carol, 6n);
          await expectRevert(world, () => depositCall(currency, world, world.carol, id, 6n), world.escrow, "BonusTooLarge", [id, cap + 1n, cap]);
          await depositAt(currency, world, world.carol, id, 5n);
          expect((await bonusOf(world, id)).pot).to.equal(cap);
          await prepareDeposit(currency, world, world.stranger, 1n);
          await expectRevert(world, () => depositCall(currency, world, world.stranger, id, 1n), world.escrow, "BonusTooLarge", [
            id,
            cap + 1n,
            cap,
          ]);
        });

        it("refuses a first deposit under 1% of the goal: BonusTooSmall(id, amount, min); later ones may be a single unit", async () => {
          const world = await loadWorld();
          const oddGoal = u("10") + 99n;
          const min = (oddGoal * 100n) / 10_000n;
          expect(await world.escrow.MIN_FIRST_BONUS_BPS()).to.equal(100n);
          const { id } = await openAt(world, currency, { goal: oddGoal });
          await prepareDeposit(currency, world, world.stranger, min - 1n);
          await expectRevert(world, () => depositCall(currency, world, world.stranger, id, min - 1n), world.escrow, "BonusTooSmall", [
            id,
            min - 1n,
            min,
          ]);
          expect((await bonusOf(world, id)).outcome).to.equal(Outcome.None);
          await depositAt(currency, world, world.maintainer, id, min);
          await expect(sendDeposit(currency, world, world.stranger, id, 1n))
            .to.emit(world.escrow, "BonusDeposited")
            .withArgs(id, world.stranger.address, 1n, min + 1n);
        });

        it("lets a goal too small for a 1% in whole units take a first deposit of one unit", async () => {
          const world = await loadWorld();
          const { id } = await openAt(world, currency, { goal: 50n });
          await prepareDeposit(currency, world, world.maintainer, 6n);
          await expectRevert(world, () => depositCall(currency, world, world.maintainer, id, 6n), world.escrow, "BonusTooLarge", [id, 6n, 5n]);
          await expect(sendDeposit(currency, world, world.maintainer, id, 1n))
            .to.emit(world.escrow, "BonusDeposited")
            .withArgs(id, world.maintainer.address, 1n, 1n);
        });

        it("caps the pot at what 96 bits hold for the largest goals: BonusTooLarge(id, 2^96, 2^96 - 1)", async () => {
          const world = await loadWorld();
          const { id } = await openAt(world, currency, { goal: MAX_AMOUNT });
          expect((await bonusOf(world, id)).maxPot).to.equal(2n ** 96n - 1n);
          await prepareDeposit(currency, world, world.maintainer, 2n ** 96n);
          await expectRevert(world, () => depositCall(currency, world, world.maintainer, id, 2n ** 96n), world.escrow, "BonusTooLarge", [
            id,
            2n ** 96n,
            2n ** 96n - 1n,
          ]);
        });

        it("takes a deposit at the deadline second and refuses one a second later: UnexpectedState(Failed, {Funding})", async () => {
          const world = await loadWorld();
          const { id, deadline } = await openAt(world, currency);
          await prepareDeposit(currency, world, world.carol, u("0.5"));
          await depositAt(currency, world, world.maintainer, id, u("0.5"), deadline);
          await at(deadline + 1n);
          await expectRevert(
            world,
            () => depositCall(currency, world, world.carol, id, u("0.5")),
            world.escrow,
            "UnexpectedState",
            [id, State.Failed, EXPECTED.funding],
          );
        });

        it("refuses a deposit into a campaign that reached its goal once its deadline passed: UnexpectedState(Succeeded, {Funding})", async () => {
          const world = await loadWorld();
          const { id, deadline } = await openAt(world, currency);
          await pledgeAt(currency, world, world.alice, id, goal);
          await time.increaseTo(deadline + 1n);
          await prepareDeposit(currency, world, world.maintainer, u("0.5"));
          await expectRevert(world, () => depositCall(currency, world, world.maintainer, id, u("0.5")), world.escrow, "UnexpectedState", [
            id,
            State.Succeeded,
            EXPECTED.funding,
          ]);
        });

        it("refuses a deposit into a cancelled campaign: UnexpectedState(Cancelled, {Funding})", async () => {
          const world = await loadWorld();
          const { id } = await openAt(world, currency);
          await cancelAt(world, id);
          await prepareDeposit(currency, world, world.maintainer, u("0.5"));
          await expectRevert(world, () => depositCall(currency, world, world.maintainer, id, u("0.5")), world.escrow, "UnexpectedState", [
            id,
            State.Cancelled,
            EXPECTED.funding,
          ]);
        });

        it("refuses a deposit into an unknown campaign: UnknownCampaign", async () => {
          const world = await loadWorld();
          await prepareDeposit(currency, world, world.maintainer, u("0.5"));
          await expectRevert(world, () => depositCall(currency, world, world.maintainer, 99n, u("0.5")), world.escrow, "UnknownCampaign", [99n]);
        });
      });

      describe("attack: bonus farming by pledge and withdraw", () => {
        /** Alice 5 units at S + 10 keeps the campaign honest and failing; the bonus is the cap, deposited at S = T + 1000. */
        async function farmed(world: World) {
          const { id, T, deadline } = await openAt(world, currency);
          const S = await depositAt(currency, world, world.maintainer, id, pot, T + 1_000n);
          await pledgeAt(currency, world, world.alice, id, u("5"), S + 10n);
          return { id, S, deadline, D: deadline - S };
        }

        it("pays a pledge made at the deadline second no bonus: the pledge alone, Refunded and not RefundedWithBonus", async () => {
          const world = await loadWorld();
          const { id, deadline } = await farmed(world);
          await pledgeAt(currency, world, world.stranger, id, u("4"), deadline);
          expect((await bonusOf(world, id, world.stranger.address)).share).to.equal(0n);
          await time.increaseTo(deadline + 1n);
          const refund = world.escrow.connect(world.stranger).refund(id);
          await expect(refund).to.emit(world.escrow, "Refunded").withArgs(id, world.stranger.address, u("4"));
          await expect(refund).not.to.emit(world.escrow, "RefundedWithBonus");
          await currency.expectMoves(world, refund, [world.stranger, world.escrow], [u("4"), -u("4")]);
        });

        it("pays a pledge made one second before the deadline one second of credit, to the wei", async () => {
          const world = await loadWorld();
          const { id, deadline, D } = await farmed(world);
          await pledgeAt(currency, world, world.stranger, id, u("4"), deadline - 1n);
          await time.increaseTo(deadline + 1n);
          const expected = (pot * u("4") * 1n) / (goal * D);
          // At most one second's worth of the full rate pot x pledge / goal.
          expect(expected).to.be.at.most((pot * u("4")) / goal / D + 1n);
          expect(await refundOf(currency, world, world.stranger, id)).to.deep.equal({ pledge: u("4"), bonus: expected });
          // The honest backer's share is what it held for, whatever the farmer did.
          expect(await refundOf(currency, world, world.alice, id)).to.deep.equal({
            pledge: u("5"),
            bonus: (pot * u("5") * (D - 10n)) / (goal * D),
          });
        });

        it("restarts the credit of what remains after a withdrawal: the early whale's sliver leaves it one last stretch of credit", async () => {
          const world = await loadWorld();
          const { id, S, deadline, D } = await farmed(world);
          // The whale brings the total to the goal at S + 20, then takes out one base unit before the last call.
          await pledgeAt(currency, world, world.stranger, id, u("5"), S + 20n);
          const withdrawn = await withdrawAt(world, world.stranger, id, 1n, deadline - L - 10n);
          const view = await bonusOf(world, id, world.stranger.address);
          expect(view.creditSince).to.equal(withdrawn);
          await time.increaseTo(deadline + 1n);
          expect(await world.escrow.campaignState(id)).to.equal(State.Failed);
          const restarted = (pot * (u("5") - 1n) * (deadline - withdrawn)) / (goal * D);
          const kept = (pot * (u("5") - 1n) * (deadline - S - 20n)) / (goal * D);
          expect(restarted).to.be.lessThan(kept / 10n);
          expect(await refundOf(currency, world, world.stranger, id)).to.deep.equal({ pledge: u("5") - 1n, bonus: restarted });
        });

        it("pays a whale split over two addresses, one pulled to sink the campaign, exactly the formula for the one it held", async () => {
          let world = await loadWorld();
          const run = async (split: boolean) => {
            const { id, S, deadline, D } = await farmed(world);
            if (split) {
              await pledgeAt(currency, world, world.stranger, id, u("2"), S + 20n);
              await pledgeAt(currency, world, world.carol, id, u("3"), S + 30n);
              // The goal is reached; the whale pulls its second address out before the last call.
              await withdrawAt(world, world.carol, id, u("3"), deadline - L - 10n);
            }
            await time.increaseTo(deadline + 1n);
            return { id, S, deadline, D };
          };
          const { id, S, deadline, D } = await run(true);
          expect(await world.escrow.campaignState(id)).to.equal(State.Failed);
          const kept = (pot * u("2") * (deadline - S - 20n)) / (goal * D);
          expect(await refundOf(currency, world, world.stranger, id)).to.deep.equal({ pledge: u("2"), bonus: kept });
          expect(kept * goal).to.be.at.most(pot * u("2"));
          expect((await bonusOf(world, id, world.carol.address)).share).to.equal(0n);
          const alice = (await refundOf(currency, world, world.alice, id)).bonus;
          // The honest backer loses nothing to it: the same share as without the whale.
          world = await loadWorld();
          const alone = await run(false);
          expect((await refundOf(currency, world, world.alice, alone.id)).bonus).to.equal(alice);
          expect(alice).to.equal((pot * u("5") * (D - 10n)) / (goal * D));
        });

        it("credits a pledge withdrawn in full and made again only from the new pledge", async () => {
          const world = await loadWorld();
          const { id, S, deadline, D } = await farmed(world);
          await pledgeAt(currency, world, world.stranger, id, u("4"), S + 20n);
          await withdrawAt(world, world.stranger, id, u("4"), S + 30n);
          expect((await bonusOf(world, id, world.stranger.address)).share).to.equal(0n);
          await pledgeAt(currency, world, world.stranger, id, u("4"), deadline - 60n);
          expect((await bonusOf(world, id, world.stranger.address)).creditSince).to.equal(deadline - 60n);
          await time.increaseTo(deadline + 1n);
          expect(await refundOf(currency, world, world.stranger, id)).to.deep.equal({
            pledge: u("4"),
            bonus: (pot * u("4") * 60n) / (goal * D),
          });
        });

        it("averages the credit start of a pledge added to, weighted by amount and rounded up against the backer", async () => {
          const world = await loadWorld();
          const { id, S, deadline, D } = await farmed(world);
          const first = u("1") + 1n;
          const second = u("2");
          const t1 = await pledgeAt(currency, world, world.stranger, id, first, S + 70n);
          const t2 = await pledgeAt(currency, world, world.stranger, id, second, S + 1_000n);
          const weighted = first * t1 + second * t2;
          const total = first + second;
          // The mean is not a whole second here, so rounding matters: up, never in the backer's favour.
          expect(weighted % total).not.to.equal(0n);
          const since = ceilDiv(weighted, total);
          expect((await bonusOf(world, id, world.stranger.address)).creditSince).to.equal(since);
          await time.increaseTo(deadline + 1n);
          expect(await refundOf(currency, world, world.stranger, id)).to.deep.equal({
            pledge: total,
            bonus: (pot * total * (deadline - since)) / (goal * D),
          });
        });

        it("counts pledges made before the first deposit from the deposit: the full rate pot x pledge / goal", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openAt(world, currency);
          await pledgeAt(currency, world, world.alice, id, u("4"), T + 10n);
          const S = await depositAt(currency, world, world.maintainer, id, pot, T + 1_000n);
          expect((await bonusOf(world, id, world.alice.address)).creditSince).to.equal(S);
          await time.increaseTo(deadline + 1n);
          expect(await refundOf(currency, world, world.alice, id)).to.deep.equal({ pledge: u("4"), bonus: (pot * u("4")) / goal });
        });

        it("keeps the credit of a pledge made before the deposit through a later top-up (its start counts as the deposit)", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openAt(world, currency);
          await pledgeAt(currency, world, world.alice, id, u("3"), T + 10n);
          const S = await depositAt(currency, world, world.maintainer, id, pot, T + 1_000n);
          const t = await pledgeAt(currency, world, world.alice, id, u("1"), S + 86_400n);
          const since = ceilDiv(u("3") * S + u("1") * t, u("4"));
          expect((await bonusOf(world, id, world.alice.address)).creditSince).to.equal(since);
          await time.increaseTo(deadline + 1n);
          expect((await refundOf(currency, world, world.alice, id)).bonus).to.equal((pot * u("4") * (deadline - since)) / (goal * (deadline - S)));
        });
      });

      if (currency === ERC20) {
        describe("a pledge with a permit", () => {
          it("starts its credit like any pledge, and is paid its share on failure", async () => {
            const world = await loadWorld();
            const { id, T, deadline } = await openAt(world, currency);
            const S = await depositAt(currency, world, world.maintainer, id, pot, T + 1_000n);
            const permit = await signPermit(world.token, world.alice, world.escrowAddress, u("3"), deadline);
            await at(T + 5_000n);
            await (await world.escrow.connect(world.alice).pledgeWithPermit(id, u("3"), permit.deadline, permit.v, permit.r, permit.s)).wait();
            expect((await bonusOf(world, id, world.alice.address)).creditSince).to.equal(T + 5_000n);
            await time.increaseTo(deadline + 1n);
            expect(await refundOf(currency, world, world.alice, id)).to.deep.equal({
              pledge: u("3"),
              bonus: (pot * u("3") * (deadline - T - 5_000n)) / (goal * (deadline - S)),
            });
          });
        });
      }

      describe("one backer slot for the pledge, its weightless part and its credit start", () => {
        it("keeps a late pledge's credit start and its weightless part apart through a top-up and a withdrawal", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openWithMilestonesAt(world, currency, goal);
          const S = await depositAt(currency, world, world.maintainer, id, pot, T + 100n);
          const t1 = await pledgeAt(currency, world, world.alice, id, u("3"), T + 200n);
          // After the weight cutoff (deadline - 2L): weightless, but credited.
          const t2 = await pledgeAt(currency, world, world.alice, id, u("2") + 1n, deadline - L);
          expect(await world.escrow.objectionWeightOf(id, world.alice.address)).to.equal(u("3"));
          expect(await world.escrow.pledgeOf(id, world.alice.address)).to.equal(u("5") + 1n);
          expect((await bonusOf(world, id, world.alice.address)).creditSince).to.equal(ceilDiv(u("3") * t1 + (u("2") + 1n) * t2, u("5") + 1n));
          // A withdrawal takes the late part first and restarts the credit of the rest.
          const tw = await withdrawAt(world, world.alice, id, u("1"), deadline - L + 100n);
          expect(await world.escrow.objectionWeightOf(id, world.alice.address)).to.equal(u("3"));
          expect((await bonusOf(world, id, world.alice.address)).creditSince).to.equal(tw);
          await time.increaseTo(deadline + 1n);
          expect(await refundOf(currency, world, world.alice, id)).to.deep.equal({
            pledge: u("4") + 1n,
            bonus: (pot * (u("4") + 1n) * (deadline - tw)) / (goal * (deadline - S)),
          });
        });
      });

      describe("attack: a whale pledging at the start to take the bonus of a campaign it lets fail", () => {
        /** The whale pledges just under the goal before the bonus; alice pledges 0.5 at mid-period. */
        async function whaleRun(world: World, withWhale: boolean) {
          const { id, T, deadline } = await openAt(world, currency);
          if (withWhale) await pledgeAt(currency, world, world.stranger, id, goal - u("0.5") - 1n, T + 10n);
          const S = await depositAt(currency, world, world.maintainer, id, pot, T + 1_000n);
          const mid = S + (deadline - S) / 2n;
          await pledgeAt(currency, world, world.alice, id, u("0.5"), mid);
          await time.increaseTo(deadline + 1n);
          return { id, S, deadline, mid };
        }

        it("pays the whale exactly pot x pledge / goal, no more, and the depositor the rest", async () => {
          const world = await loadWorld();
          const { id, S, deadline, mid } = await whaleRun(world, true);
          const whale = goal - u("0.5") - 1n;
          const D = deadline - S;
          const whaleShare = (pot * whale) / goal;
          const aliceShare = (pot * u("0.5") * (deadline - mid)) / (goal * D);
          const reserved = (pot * (whale * D + u("0.5") * (deadline - mid))) / (goal * D);
          expect((await bonusOf(world, id)).reservedForBackers).to.equal(reserved);
          const paid = await refundOf(currency, world, world.stranger, id);
          expect(paid).to.deep.equal({ pledge: whale, bonus: whaleShare });
          expect(paid.bonus * goal).to.be.at.most(pot * whale);
          expect((await refundOf(currency, world, world.alice, id)).bonus).to.equal(aliceShare);
          expect(await reclaimOf(currency, world, world.maintainer, id)).to.equal(pot - reserved);
          expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(reserved - whaleShare - aliceShare);
          expect(reserved - whaleShare - aliceShare).to.be.lessThan(2n);
        });

        it("does not dilute the other backers: alice's share is the same with and without the whale", async () => {
          let world = await loadWorld();
          const withWhale = await whaleRun(world, true);
          const diluted = (await refundOf(currency, world, world.alice, withWhale.id)).bonus;
          world = await loadWorld();
          const alone = await whaleRun(world, false);
          expect([alone.S, alone.mid, alone.deadline]).to.deep.equal([withWhale.S, withWhale.mid, withWhale.deadline]);
          const undiluted = (await refundOf(currency, world, world.alice, alone.id)).bonus;
          expect(diluted).to.equal(undiluted);
          expect(undiluted).to.equal((pot * u("0.5") * (alone.deadline - alone.mid)) / (goal * (alone.deadline - alone.S)));
        });
      });

      describe("attack: depositors taking the bonus back before the decision", () => {
        /** A campaign with a bonus from the maintainer; alice 4 units. */
        async function pending(world: World, pledged = u("4")) {
          const opened = await openAt(world, currency);
          await depositAt(currency, world, world.maintainer, opened.id, pot, opened.T + 100n);
          await pledgeAt(currency, world, world.alice, opened.id, pledged);
          return opened;
        }

        it("refuses a reclaim while the campaign funds: UnexpectedState(Funding, decided)", async () => {
          const world = await loadWorld();
          const { id, deadline } = await pending(world);
          await at(deadline);
          await expectRevert(world, () => world.escrow.connect(world.maintainer).reclaimBonus(id), world.escrow, "UnexpectedState", [
            id,
            State.Funding,
            DECIDED,
          ]);
        });

        it("refuses the depositor a withdrawal of the bonus as a pledge (InsufficientPledge) or a refund of it (NothingToRefund)", async () => {
          const world = await loadWorld();
          const { id, deadline } = await pending(world);
          await expectRevert(world, () => world.escrow.connect(world.maintainer).withdrawPledge(id, pot), world.escrow, "InsufficientPledge", [
            pot,
            0n,
          ]);
          await time.increaseTo(deadline + 1n);
          await expectRevert(world, () => world.escrow.connect(world.maintainer).refund(id), world.escrow, "NothingToRefund", [
            id,
            world.maintainer.address,
          ]);
        });

        it("refuses a reclaim of a success without milestones until claimed or lapsed: UnexpectedState(Succeeded, decided) up to D + C", async () => {
          const world = await loadWorld();
          const { id, deadline } = await pending(world, goal);
          await at(deadline + 1n);
          await expectRevert(world, () => world.escrow.connect(world.maintainer).reclaimBonus(id), world.escrow, "UnexpectedState", [
            id,
            State.Succeeded,
            DECIDED,
          ]);
          expect((await bonusOf(world, id, world.maintainer.address)).outcome).to.equal(Outcome.Pending);
          await at(deadline + C);
          await expectRevert(world, () => world.escrow.connect(world.maintainer).reclaimBonus(id), world.escrow, "UnexpectedState", [
            id,
            State.Succeeded,
            DECIDED,
          ]);
        });

        it("tells an account that deposited nothing so even before the decision: NothingToReclaim(id, account)", async () => {
          const world = await loadWorld();
          const { id } = await pending(world);
          await expectRevert(world, () => world.escrow.connect(world.stranger).reclaimBonus(id), world.escrow, "NothingToReclaim", [
            id,
            world.stranger.address,
          ]);
        });

        it("refuses a reclaim from an account that deposited nothing: NothingToReclaim(id, account)", async () => {
          const world = await loadWorld();
          const { id, deadline } = await pending(world);
          await time.increaseTo(deadline + 1n);
          // A backer is no depositor either.
          for (const account of [world.stranger, world.alice]) {
            await expectRevert(world, () => world.escrow.connect(account).reclaimBonus(id), world.escrow, "NothingToReclaim", [id, account.address]);
          }
        });

        it("pays a reclaim once: the second is NothingToReclaim(id, depositor)", async () => {
          const world = await loadWorld();
          const { id, deadline } = await pending(world);
          await time.increaseTo(deadline + 1n);
          await (await world.escrow.connect(world.maintainer).reclaimBonus(id)).wait();
          await expectRevert(world, () => world.escrow.connect(world.maintainer).reclaimBonus(id), world.escrow, "NothingToReclaim", [
            id,
            world.maintainer.address,
          ]);
        });

        it("refuses a reclaim of a decided campaign that never had a bonus: NothingToReclaim(id, account)", async () => {
          const world = await loadWorld();
          const { id, deadline } = await openAt(world, currency);
          await pledgeAt(currency, world, world.alice, id, u("4"));
          await time.increaseTo(deadline + 1n);
          await expectRevert(world, () => world.escrow.connect(world.maintainer).reclaimBonus(id), world.escrow, "NothingToReclaim", [
            id,
            world.maintainer.address,
          ]);
        });

        it("leaves refunds with their bonus and reclaims open while paused: a pause stops only deposits", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openAt(world, currency);
          const S = await depositAt(currency, world, world.maintainer, id, pot, T + 100n);
          const t = await pledgeAt(currency, world, world.alice, id, u("4"), T + 200n);
          await time.increaseTo(deadline + 1n);
          await (await world.escrow.connect(world.guardian).pause()).wait();
          const share = (pot * u("4") * (deadline - t)) / (goal * (deadline - S));
          expect(await refundOf(currency, world, world.alice, id)).to.deep.equal({ pledge: u("4"), bonus: share });
          expect(await reclaimOf(currency, world, world.maintainer, id)).to.equal(pot - share);
        });

        it("refuses a reclaim of an unknown campaign: UnknownCampaign", async () => {
          const world = await loadWorld();
          await expectRevert(world, () => world.escrow.connect(world.maintainer).reclaimBonus(99n), world.escrow, "UnknownCampaign", [99n]);
        });
      });

      describe("attack: a cancel to save the bonus", () => {
        it("pays each backer its credit up to the cancellation at the campaign's rate; the depositor gets only the rest", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openAt(world, currency);
          await pledgeAt(currency, world, world.bob, id, u("2"), T + 10n);
          const S = await depositAt(currency, world, world.maintainer, id, pot, T + 1_000n);
          const pledgedAt = await pledgeAt(currency, world, world.alice, id, u("4"), S + 100n);
          const Tc = await cancelAt(world, id, S + 10n * DAY);
          const view = await bonusOf(world, id, world.alice.address);
          expect([view.creditEnd, view.outcome]).to.deep.equal([Tc, Outcome.ToBackers]);
          // The period runs to the deadline: credit earned up to the cancel is paid at the rate a failure would pay.
          const D = deadline - S;
          const alice = (pot * u("4") * (Tc - pledgedAt)) / (goal * D);
          const bob = (pot * u("2") * (Tc - S)) / (goal * D);
          const reserved = (pot * (u("4") * (Tc - pledgedAt) + u("2") * (Tc - S))) / (goal * D);
          expect(view.share).to.equal(alice);
          expect(view.reservedForBackers).to.equal(reserved);
          // Credit stops at the cancellation, not at the deadline the campaign would have run to.
          await time.increaseTo(deadline + 1n);
          expect((await bonusOf(world, id)).creditEnd).to.equal(Tc);
          expect(await refundOf(currency, world, world.alice, id)).to.deep.equal({ pledge: u("4"), bonus: alice });
          expect(await refundOf(currency, world, world.bob, id)).to.deep.equal({ pledge: u("2"), bonus: bob });
          expect(await reclaimOf(currency, world, world.maintainer, id)).to.equal(pot - reserved);
          expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(reserved - alice - bob);
        });

        it("cannot hand a sponsor's pot to the maintainer's whale by a cancel a second after the deposit: one second's worth", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openAt(world, currency);
          // The maintainer's friend pledges just under the goal before a sponsor (carol) deposits the bonus.
          await pledgeAt(currency, world, world.stranger, id, goal - 1n, T + 10n);
          const S = await depositAt(currency, world, world.carol, id, pot, T + 1_000n);
          await cancelAt(world, id, S + 1n);
          const whale = (pot * (goal - 1n) * 1n) / (goal * (deadline - S));
          expect(whale).to.be.at.most(pot / (deadline - S));
          expect(await refundOf(currency, world, world.stranger, id)).to.deep.equal({ pledge: goal - 1n, bonus: whale });
          expect(await reclaimOf(currency, world, world.carol, id)).to.equal(pot - whale);
        });

        it("returns the whole bonus when the campaign is cancelled with nothing pledged", async () => {
          const world = await loadWorld();
          const { id, T } = await openAt(world, currency);
          await depositAt(currency, world, world.maintainer, id, pot, T + 1_000n);
          await cancelAt(world, id, T + 2_000n);
          expect((await bonusOf(world, id)).reservedForBackers).to.equal(0n);
          const reclaim = world.escrow.connect(world.maintainer).reclaimBonus(id);
          await expect(reclaim).to.emit(world.escrow, "BonusReclaimed").withArgs(id, world.maintainer.address, pot);
          await currency.expectMoves(world, reclaim, [world.maintainer, world.escrow], [pot, -pot]);
        });
      });

      describe("extremes", () => {
        it("pays the largest pot on a goal of 50 x 2^96 and the largest total without overflow, to the wei", async function () {
          this.timeout(60_000);
          const world = await loadWorld();
          const maxPot = 2n ** 96n - 1n;
          const bigGoal = 50n * 2n ** 96n;
          const { id, T, deadline } = await openAt(world, currency, { goal: bigGoal, duration: 365n * DAY });
          await pledgeAt(currency, world, world.alice, id, MAX_AMOUNT - 1n, T + 10n);
          const S = await depositAt(currency, world, world.maintainer, id, maxPot, T + 100n);
          // A second backer for a credit that is not the whole period.
          const t = await pledgeAt(currency, world, world.bob, id, 1n, T + 200n);
          // Far above its goal, never claimed: it lapses, and the total credit is the denominator.
          await time.increaseTo(deadline + C + 1n);
          const D = deadline - S;
          const credit = (MAX_AMOUNT - 1n) * D + (deadline - t);
          expect(credit).to.be.greaterThan(bigGoal * D);
          const aliceShare = (maxPot * (MAX_AMOUNT - 1n) * D) / credit;
          const bobShare = (maxPot * (deadline - t)) / credit;
          expect((await bonusOf(world, id)).reservedForBackers).to.equal(maxPot);
          expect(await refundOf(currency, world, world.alice, id)).to.deep.equal({ pledge: MAX_AMOUNT - 1n, bonus: aliceShare });
          expect(await refundOf(currency, world, world.bob, id)).to.deep.equal({ pledge: 1n, bonus: bobShare });
          expect(await reclaimOf(currency, world, world.maintainer, id)).to.equal(0n);
          expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(maxPot - aliceShare - bobShare);
        });

        it("takes a bonus up to the cap on the largest goal: its 1% minimum cannot pass the 96-bit cap", async () => {
          const world = await loadWorld();
          const maxPot = 2n ** 96n - 1n;
          const { id } = await openAt(world, currency, { goal: MAX_AMOUNT });
          expect((await bonusOf(world, id)).maxPot).to.equal(maxPot);
          // The least a first deposit may be is then the cap itself.
          await prepareDeposit(currency, world, world.maintainer, maxPot - 1n);
          await expectRevert(world, () => depositCall(currency, world, world.maintainer, id, maxPot - 1n), world.escrow, "BonusTooSmall", [
            id,
            maxPot - 1n,
            maxPot,
          ]);
          await expect(sendDeposit(currency, world, world.maintainer, id, maxPot))
            .to.emit(world.escrow, "BonusDeposited")
            .withArgs(id, world.maintainer.address, maxPot, maxPot);
        });
      });

      describe("a bonus deposited at the deadline second: no credit period", () => {
        it("pays backers no bonus, quotes nothing, and returns the whole pot to its depositor", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openAt(world, currency);
          await pledgeAt(currency, world, world.alice, id, u("4"), T + 10n);
          await depositAt(currency, world, world.maintainer, id, pot, deadline);
          const view = await bonusOf(world, id, world.alice.address, u("1"));
          expect([view.outcome, view.startedAt, view.creditEnd, view.share, view.quote, view.reservedForBackers]).to.deep.equal([
            Outcome.Pending,
            deadline,
            deadline,
            0n,
            0n,
            0n,
          ]);
          await time.increaseTo(deadline + 1n);
          expect(await refundOf(currency, world, world.alice, id)).to.deep.equal({ pledge: u("4"), bonus: 0n });
          expect(await reclaimOf(currency, world, world.maintainer, id)).to.equal(pot);
          expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(0n);
        });
      });

      describe("rounding with many dust backers", () => {
        it("pays 36 dust backers and 3 depositors of an odd pot exactly: shares + reclaims + dust = pot, dust < backers", async function () {
          this.timeout(120_000);
          const world = await loadWorld();
          const dustGoal = 1_000_003n;
          const { id, T, deadline } = await openAt(world, currency, { goal: dustGoal });
          const book = new BonusBook(dustGoal);
          expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(0n);
          const backers: Account[] = [];
          for (let i = 0; i < 36; i++) backers.push(await freshAccount(`dust ${currency.name} ${i}`));
          const amountOf = (i: number) => (i % 6 === 0 ? 1n : i % 6 === 1 ? 3n : BigInt(1 + ((i * 7_919) % 29_989)));
          // Four of them pledge before the bonus.
          for (let i = 0; i < 4; i++) {
            const second = await pledgeAt(currency, world, backers[i], id, amountOf(i), T + 100n + BigInt(i) * 10n);
            book.pledge(backers[i].address, amountOf(i), second);
          }
          // An odd pot from three depositors.
          const deposits: Array<[Account, bigint]> = [
            [world.maintainer, 33_333n],
            [world.carol, 33_331n],
            [world.stranger, 33_335n],
          ];
          let second = T + 1_000n;
          for (const [depositor, amount] of deposits) {
            book.deposit(depositor.address, amount, await depositAt(currency, world, depositor, id, amount, second));
            second += 3_601n;
          }
          expect(book.pot).to.equal(99_999n);
          // The rest pledge at odd times; every third adds to its pledge later and every fifth takes some out.
          for (let i = 4; i < backers.length; i++) {
            const when = T + 20_000n + BigInt(i) * 61_379n;
            book.pledge(backers[i].address, amountOf(i), await pledgeAt(currency, world, backers[i], id, amountOf(i), when));
          }
          for (let i = 0; i < backers.length; i += 3) {
            const when = T + 2_300_000n + BigInt(i) * 977n;
            book.pledge(backers[i].address, 7n, await pledgeAt(currency, world, backers[i], id, 7n, when));
          }
          for (let i = 5; i < backers.length; i += 5) {
            const amount = (book.backers.get(backers[i].address)?.amount ?? 0n) / 2n;
            if (amount === 0n) continue;
            book.withdraw(backers[i].address, amount, await withdrawAt(world, backers[i], id, amount, T + 2_400_000n + BigInt(i)));
          }
          expect(book.total).to.be.lessThan(dustGoal);
          await time.increaseTo(deadline + 1n);

          const reserved = book.reserved(deadline);
          const view = await bonusOf(world, id);
          expect(view.reservedForBackers).to.equal(reserved);
          expect(view.outcome).to.equal(Outcome.ToBackers);
          const left = book.pot - reserved;
          // Refunds and reclaims interleaved: the depositors' parts do not depend on when the backers are paid.
          let shares = 0n;
          let reclaimed = 0n;
          let nonZero = 0;
          for (let i = 0; i < backers.length; i++) {
            if (i % 12 === 0) {
              const [depositor] = deposits[i / 12];
              const expected = book.reclaim(depositor.address, left);
              expect(await reclaimOf(currency, world, depositor, id)).to.equal(expected);
              reclaimed += expected;
            }
            const backer = book.backers.get(backers[i].address);
            const expected = book.shareOf(backers[i].address, deadline);
            expect(await refundOf(currency, world, backers[i], id)).to.deep.equal({ pledge: backer?.amount, bonus: expected });
            shares += expected;
            if (expected > 0n) nonZero++;
          }
          expect(nonZero, "the test needs shares of both kinds").to.be.within(5, backers.length - 5);
          const dust = reserved - shares;
          expect(shares).to.be.at.most(reserved);
          expect(reserved).to.be.at.most(book.pot);
          expect(reclaimed).to.equal(left);
          expect(shares + reclaimed + dust).to.equal(book.pot);
          expect(dust).to.be.lessThan(BigInt(backers.length));
          // Everything owed was paid: the escrow keeps the dust alone.
          expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(dust);
        });
      });

      describe("self-dealing: a maintainer pledging into their own failing campaign", () => {
        interface SelfDeal {
          title: string;
          deposit: bigint;
          /** [account, amount, seconds after S (negative: before the deposit)]; the maintainer's and its puppet's. */
          own: Array<["maintainer" | "puppet", bigint, bigint | "deadline"]>;
          honest?: Array<[bigint, bigint]>;
          cancelAfter?: bigint;
          withdraw?: ["maintainer" | "puppet", bigint, bigint];
        }
        const deals: SelfDeal[] = [
          { title: "just under the goal, before the deposit", deposit: pot, own: [["maintainer", goal - 1n, -500n]] },
          { title: "half the goal right at the start, with honest backers", deposit: pot, own: [["maintainer", u("5"), 10n]], honest: [[u("2"), 50_000n]] },
          { title: "one unit at the deadline second", deposit: u("0.3"), own: [["maintainer", u("1"), "deadline"]] },
          {
            title: "with a sock-puppet second wallet, both early",
            deposit: pot,
            own: [
              ["maintainer", u("4"), -200n],
              ["puppet", u("5") + 3n, 10n],
            ],
            honest: [[u("0.7"), 700_000n]],
          },
          {
            title: "with a puppet that pledges, withdraws and pledges again",
            deposit: u("0.9"),
            own: [
              ["maintainer", u("3"), 10n],
              ["puppet", u("6"), 20n],
            ],
            withdraw: ["puppet", u("2"), 1_000_000n],
          },
          {
            title: "then cancels",
            deposit: pot,
            own: [
              ["maintainer", u("6"), -10n],
              ["puppet", u("3"), 50n],
            ],
            honest: [[u("0.5"), 100n]],
            cancelAfter: 5n * DAY,
          },
        ];

        for (const deal of deals) {
          it(`never gets back more than it put in: ${deal.title}`, async () => {
            const world = await loadWorld();
            const puppet = world.stranger;
            const accountOf = (name: "maintainer" | "puppet") => (name === "maintainer" ? world.maintainer : puppet);
            const { id, T, deadline } = await openAt(world, currency);
            const book = new BonusBook(goal);
            const S0 = T + 1_000n;
            const timeOf = (offset: bigint | "deadline") => (offset === "deadline" ? deadline : S0 + offset);
            let putIn = deal.deposit;
            const actions: Array<[bigint, () => Promise<void>]> = [];
            actions.push([S0, async () => book.deposit(world.maintainer.address, deal.deposit, await depositAt(currency, world, world.maintainer, id, deal.deposit, S0))]);
            for (const [name, amount, offset] of deal.own) {
              putIn += amount;
              const account = accountOf(name);
              actions.push([timeOf(offset), async () => book.pledge(account.address, amount, await pledgeAt(currency, world, account, id, amount, timeOf(offset)))]);
            }
            for (const [amount, offset] of deal.honest ?? []) {
              actions.push([timeOf(offset), async () => book.pledge(world.alice.address, amount, await pledgeAt(currency, world, world.alice, id, amount, timeOf(offset)))]);
            }
            if (deal.withdraw !== undefined) {
              const [name, amount, offset] = deal.withdraw;
              const account = accountOf(name);
              actions.push([timeOf(offset), async () => book.withdraw(account.address, amount, await withdrawAt(world, account, id, amount, timeOf(offset)))]);
              // What was taken out goes back in soon after: a pledge-and-withdraw cycle, not a smaller stake.
              actions.push([timeOf(offset + 100n), async () => book.pledge(account.address, amount, await pledgeAt(currency, world, account, id, amount, timeOf(offset + 100n)))]);
            }
            if (deal.cancelAfter !== undefined) {
              const cancelAfter = deal.cancelAfter;
              actions.push([timeOf(cancelAfter), async () => book.cancel(await cancelAt(world, id, timeOf(cancelAfter)))]);
            }
            actions.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
            for (const [, act] of actions) await act();
            expect(book.total).to.be.lessThan(goal);
            await time.increaseTo(deadline + 1n);

            let got = 0n;
            for (const name of ["maintainer", "puppet"] as const) {
              const account = accountOf(name);
              if ((book.backers.get(account.address)?.amount ?? 0n) === 0n) continue;
              const paid = await refundOf(currency, world, account, id);
              expect(paid.bonus).to.equal(book.shareOf(account.address, deadline));
              got += paid.pledge + paid.bonus;
            }
            const honestShare = book.shareOf(world.alice.address, deadline);
            if (deal.honest !== undefined) expect((await refundOf(currency, world, world.alice, id)).bonus).to.equal(honestShare);
            const reserved = book.reserved(deadline);
            const reclaim = await reclaimOf(currency, world, world.maintainer, id);
            expect(reclaim).to.equal(deal.deposit - reserved);
            got += reclaim;
            const dust = await currency.balanceOf(world, world.escrowAddress);
            expect(got).to.be.at.most(putIn);
            // Exactly: what it put in, less the honest backers' shares and the rounding dust left in the escrow.
            expect(got).to.equal(putIn - honestShare - dust);
            expect(dust).to.be.lessThan(4n);
          });
        }
      });

      describe("self-dealing on a sponsor's bonus", () => {
        it("pays a maintainer who backs their own failing campaign from the start the formula's share of a sponsor's bonus, no more", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openAt(world, currency);
          const own = goal - u("1");
          await pledgeAt(currency, world, world.maintainer, id, own, T + 10n);
          const S = await depositAt(currency, world, world.carol, id, pot, T + 1_000n);
          const t = await pledgeAt(currency, world, world.alice, id, u("0.5"), S + 1_000n);
          await time.increaseTo(deadline + 1n);
          const D = deadline - S;
          const maintainer = await refundOf(currency, world, world.maintainer, id);
          // What the README discloses to sponsors: at most bonus x pledge / goal, for the capital held the whole period.
          expect(maintainer).to.deep.equal({ pledge: own, bonus: (pot * own) / goal });
          const alice = (pot * u("0.5") * (deadline - t)) / (goal * D);
          expect((await refundOf(currency, world, world.alice, id)).bonus).to.equal(alice);
          const reserved = (pot * (own * D + u("0.5") * (deadline - t))) / (goal * D);
          expect(await reclaimOf(currency, world, world.carol, id)).to.equal(pot - reserved);
          expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(reserved - maintainer.bonus - alice);
        });
      });

      describe("funding that goes through: the bonus goes back to its depositors", () => {
        it("lets each depositor of a claimed campaign reclaim exactly its deposit", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openAt(world, currency);
          const deposits: Array<[Account, bigint]> = [
            [world.maintainer, u("0.3") + 1n],
            [world.carol, u("0.2")],
            [world.stranger, u("0.5") - 2n],
          ];
          for (const [depositor, amount] of deposits) await depositAt(currency, world, depositor, id, amount, undefined);
          // The maintainer's deposit came in two parts: they add up.
          await depositAt(currency, world, world.maintainer, id, 1n, undefined);
          deposits[0][1] += 1n;
          await pledgeAt(currency, world, world.alice, id, u("6"), T + 5_000n);
          await pledgeAt(currency, world, world.bob, id, u("4"), T + 6_000n);
          await time.increaseTo(deadline + 1n);
          await (await world.escrow.connect(world.maintainer).claim(id)).wait();
          const view = await bonusOf(world, id, world.alice.address);
          expect([view.outcome, view.share, view.reservedForBackers]).to.deep.equal([Outcome.ToDepositors, 0n, 0n]);
          for (const [depositor, amount] of deposits) {
            expect((await bonusOf(world, id, depositor.address)).reclaimable).to.equal(amount);
            const reclaim = world.escrow.connect(depositor).reclaimBonus(id);
            await expect(reclaim).to.emit(world.escrow, "BonusReclaimed").withArgs(id, depositor.address, amount);
            await currency.expectMoves(world, reclaim, [depositor, world.escrow], [amount, -amount]);
          }
          expect((await bonusOf(world, id)).reclaimed).to.equal(pot);
          // What stays is the protocol fee of the claim, and nothing else.
          expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(feeOf(goal));
          expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(await world.escrow.accruedFees(currency.tokenOf(world)));
        });

        it("pays no bonus with the refunds of a rejected milestone and returns the bonus whole to its depositors", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openWithMilestonesAt(world, currency, goal);
          await depositAt(currency, world, world.maintainer, id, u("0.6"), T + 100n);
          await depositAt(currency, world, world.carol, id, u("0.4"), T + 200n);
          await pledgeAt(currency, world, world.alice, id, u("6"), T + 300n);
          await pledgeAt(currency, world, world.bob, id, u("3"), T + 400n);
          await pledgeAt(currency, world, world.stranger, id, u("1"), T + 500n);
          await time.increaseTo(deadline + 1n);
          // A success with milestones is final for the bonus at once.
          expect((await bonusOf(world, id, world.maintainer.address)).outcome).to.equal(Outcome.ToDepositors);
          expect(await reclaimOf(currency, world, world.maintainer, id)).to.equal(u("0.6"));
          await (await world.escrow.connect(world.maintainer).claim(id)).wait();
          await (await world.escrow.connect(world.maintainer).submitMilestone(id, "ipfs://delivery")).wait();
          const { reviewEnd } = await world.escrow.getMilestoneProgress(id);
          await (await world.escrow.connect(world.alice).objectMilestone(id)).wait();
          await time.increaseTo(reviewEnd + 1n);
          // Pro rata of the 80% never released: 6 x 8 / 10, and nothing more.
          const refund = world.escrow.connect(world.alice).refund(id);
          await expect(refund).to.emit(world.escrow, "Refunded").withArgs(id, world.alice.address, u("4.8"));
          await expect(refund).not.to.emit(world.escrow, "RefundedWithBonus");
          await currency.expectMoves(world, refund, [world.alice, world.escrow], [u("4.8"), -u("4.8")]);
          expect(await world.escrow.campaignState(id)).to.equal(State.Rejected);
          expect((await bonusOf(world, id, world.bob.address)).share).to.equal(0n);
          expect(await refundOf(currency, world, world.bob, id)).to.deep.equal({ pledge: u("2.4"), bonus: 0n });
          expect(await reclaimOf(currency, world, world.carol, id)).to.equal(u("0.4"));
        });

        it("pays the bonus to the backers of a campaign with milestones that fails", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openWithMilestonesAt(world, currency, goal);
          const S = await depositAt(currency, world, world.maintainer, id, pot, T + 100n);
          const t = await pledgeAt(currency, world, world.alice, id, u("6"), T + 300n);
          await time.increaseTo(deadline + 1n);
          expect(await world.escrow.campaignState(id)).to.equal(State.Failed);
          const share = (pot * u("6") * (deadline - t)) / (goal * (deadline - S));
          expect(await refundOf(currency, world, world.alice, id)).to.deep.equal({ pledge: u("6"), bonus: share });
          expect(await reclaimOf(currency, world, world.maintainer, id)).to.equal(pot - share);
        });
      });

      describe("a success that lapses unclaimed: refunds carry the bonus scaled by goal / pledged", () => {
        it("pays each share on max(goal credit, total credit), credit to the deadline, Σ ≤ pot, and the rest to the depositor", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openAt(world, currency);
          const S = await depositAt(currency, world, world.maintainer, id, pot, T + 1_000n);
          const ta = await pledgeAt(currency, world, world.alice, id, u("6"), S + 100n);
          const D = deadline - S;
          const tb = await pledgeAt(currency, world, world.bob, id, u("7") + 1n, S + D / 2n);
          const total = u("13") + 1n;
          await at(deadline + C);
          await expectRevert(world, () => world.escrow.connect(world.maintainer).reclaimBonus(id), world.escrow, "UnexpectedState", [
            id,
            State.Succeeded,
            DECIDED,
          ]);
          await time.increaseTo(deadline + C + 1n);
          expect(await world.escrow.campaignState(id)).to.equal(State.Lapsed);
          const view = await bonusOf(world, id, world.alice.address);
          expect([view.outcome, view.creditEnd]).to.deep.equal([Outcome.ToBackers, deadline]);
          const credit = u("6") * (deadline - ta) + (u("7") + 1n) * (deadline - tb);
          // Bob's half period keeps the total credit under the goal's: the shares are the failure's rate.
          expect(credit).to.be.lessThan(goal * D);
          expect(total).to.be.greaterThan(goal);
          const alice = (pot * u("6") * (deadline - ta)) / (goal * D);
          const bob = (pot * (u("7") + 1n) * (deadline - tb)) / (goal * D);
          const reserved = (pot * credit) / (goal * D);
          expect(view.reservedForBackers).to.equal(reserved);
          expect(await refundOf(currency, world, world.alice, id)).to.deep.equal({ pledge: u("6"), bonus: alice });
          expect(await refundOf(currency, world, world.bob, id)).to.deep.equal({ pledge: u("7") + 1n, bonus: bob });
          expect(alice + bob).to.be.at.most(reserved);
          expect(reserved).to.be.at.most(pot);
          expect(await reclaimOf(currency, world, world.maintainer, id)).to.equal(pot - reserved);
          expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(reserved - alice - bob);
        });

        it("gives the depositors nothing back when every pledge held the whole period: BonusReclaimed(id, depositor, 0)", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openAt(world, currency);
          await pledgeAt(currency, world, world.alice, id, u("7"), T + 10n);
          await pledgeAt(currency, world, world.bob, id, u("5"), T + 20n);
          await depositAt(currency, world, world.maintainer, id, pot, T + 1_000n);
          await time.increaseTo(deadline + C + 1n);
          expect((await bonusOf(world, id)).reservedForBackers).to.equal(pot);
          const reclaim = world.escrow.connect(world.maintainer).reclaimBonus(id);
          await expect(reclaim).to.emit(world.escrow, "BonusReclaimed").withArgs(id, world.maintainer.address, 0n);
          await currency.expectMoves(world, reclaim, [world.maintainer, world.escrow], [0n, 0n]);
          const alice = (pot * u("7")) / u("12");
          const bob = (pot * u("5")) / u("12");
          expect((await refundOf(currency, world, world.alice, id)).bonus).to.equal(alice);
          expect((await refundOf(currency, world, world.bob, id)).bonus).to.equal(bob);
          expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(pot - alice - bob);
          expect(pot - alice - bob).to.be.lessThan(2n);
        });
      });

      describe("a cancel after the goal was reached: shares scaled down to fit", () => {
        it("divides by the total credit once it passes the goal's (credit to the cancellation): Σ ≤ pot, nothing back", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openAt(world, currency);
          await pledgeAt(currency, world, world.alice, id, u("6"), T + 10n);
          const S = await depositAt(currency, world, world.maintainer, id, pot, T + 1_000n);
          const tb = await pledgeAt(currency, world, world.stranger, id, u("9") + 3n, S + 100n);
          const Tc = await cancelAt(world, id, deadline - DAY - 13n);
          const D = deadline - S;
          const credit = u("6") * (Tc - S) + (u("9") + 3n) * (Tc - tb);
          expect(credit).to.be.greaterThan(goal * D);
          const alice = (pot * u("6") * (Tc - S)) / credit;
          const whale = (pot * (u("9") + 3n) * (Tc - tb)) / credit;
          // Every credit counts: the whole pot is set aside for the backers.
          expect((await bonusOf(world, id)).reservedForBackers).to.equal(pot);
          expect(await refundOf(currency, world, world.stranger, id)).to.deep.equal({ pledge: u("9") + 3n, bonus: whale });
          expect(await refundOf(currency, world, world.alice, id)).to.deep.equal({ pledge: u("6"), bonus: alice });
          // At the failure's rate the two would take about pot x 14.5 / 10: more than the pot.
          expect(alice + whale).to.be.at.most(pot);
          expect(await reclaimOf(currency, world, world.maintainer, id)).to.equal(0n);
          expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(pot - alice - whale);
          expect(pot - alice - whale).to.be.lessThan(2n);
        });

        it("keeps the failure's rate while the total credit is under the goal's, above the goal in amount", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openAt(world, currency);
          await pledgeAt(currency, world, world.alice, id, u("6"), T + 10n);
          const S = await depositAt(currency, world, world.maintainer, id, pot, T + 1_000n);
          const tb = await pledgeAt(currency, world, world.stranger, id, u("9") + 3n, S + 100n);
          const Tc = await cancelAt(world, id, S + 7n * DAY + 13n);
          const D = deadline - S;
          const credit = u("6") * (Tc - S) + (u("9") + 3n) * (Tc - tb);
          expect(credit).to.be.lessThan(goal * D);
          const alice = (pot * u("6") * (Tc - S)) / (goal * D);
          const whale = (pot * (u("9") + 3n) * (Tc - tb)) / (goal * D);
          const reserved = (pot * credit) / (goal * D);
          expect((await bonusOf(world, id)).reservedForBackers).to.equal(reserved);
          expect(await refundOf(currency, world, world.stranger, id)).to.deep.equal({ pledge: u("9") + 3n, bonus: whale });
          expect(await refundOf(currency, world, world.alice, id)).to.deep.equal({ pledge: u("6"), bonus: alice });
          expect(await reclaimOf(currency, world, world.maintainer, id)).to.equal(pot - reserved);
          expect(await currency.balanceOf(world, world.escrowAddress)).to.equal(reserved - alice - whale);
        });

        /** Alice holds 9 from the start; the maintainer cancels 3 days before the deadline, optionally after a whale. */
        async function dilutedCancel(world: World, whale: bigint) {
          const { id, T, deadline } = await openAt(world, currency);
          const S = await depositAt(currency, world, world.maintainer, id, pot, T + 1_000n);
          const t = await pledgeAt(currency, world, world.alice, id, u("9"), S + 100n);
          // Before the last call, so that reaching the goal moves no deadline.
          if (whale !== 0n) await pledgeAt(currency, world, world.stranger, id, whale, deadline - 3n * DAY - 1n);
          await cancelAt(world, id, deadline - 3n * DAY);
          return { id, S, t, deadline, Tc: deadline - 3n * DAY };
        }

        it("attack: a whale pledged a second before the cancel takes the total a hundredfold over the goal, and dilutes nobody", async () => {
          let world = await loadWorld();
          const whale = u("1000");
          const attacked = await dilutedCancel(world, whale);
          const share = (pot * u("9") * (attacked.Tc - attacked.t)) / (goal * (attacked.deadline - attacked.S));
          expect((await refundOf(currency, world, world.alice, attacked.id)).bonus).to.equal(share);
          const whaleShare = (pot * whale * 1n) / (goal * (attacked.deadline - attacked.S));
          expect(await refundOf(currency, world, world.stranger, attacked.id)).to.deep.equal({ pledge: whale, bonus: whaleShare });
          // The maintainer gets back what a cancel without the whale would have given back, less the whale's second.
          const reclaimed = await reclaimOf(currency, world, world.maintainer, attacked.id);
          world = await loadWorld();
          const honest = await dilutedCancel(world, 0n);
          expect((await refundOf(currency, world, world.alice, honest.id)).bonus).to.equal(share);
          const reclaimedHonest = await reclaimOf(currency, world, world.maintainer, honest.id);
          expect(reclaimedHonest - reclaimed).to.be.within(whaleShare, whaleShare + 1n);
        });

        it("attack: a whale pledged in the very block of the cancel earns nothing and dilutes nobody", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openAt(world, currency);
          const S = await depositAt(currency, world, world.maintainer, id, pot, T + 1_000n);
          const t = await pledgeAt(currency, world, world.alice, id, u("9"), S + 100n);
          const whale = u("1000");
          await currency.fund(world, world.stranger, whale);
          await currency.prepare(world, world.stranger, whale);
          const Tc = deadline - 3n * DAY;
          await ethers.provider.send("evm_setAutomine", [false]);
          try {
            await at(Tc);
            const pledged = await currency.send(world, world.stranger, id, whale);
            const cancelled = await world.escrow.connect(world.maintainer).cancelCampaign(id);
            await networkHelpers.mine();
            expect(await minedAt(await pledged.wait())).to.equal(Tc);
            expect(await minedAt(await cancelled.wait())).to.equal(Tc);
          } finally {
            await ethers.provider.send("evm_setAutomine", [true]);
          }
          expect((await world.escrow.getCampaign(id)).pledged).to.equal(u("9") + whale);
          const refund = world.escrow.connect(world.stranger).refund(id);
          await expect(refund).to.emit(world.escrow, "Refunded").withArgs(id, world.stranger.address, whale);
          await expect(refund).not.to.emit(world.escrow, "RefundedWithBonus");
          const share = (pot * u("9") * (Tc - t)) / (goal * (deadline - S));
          expect(await refundOf(currency, world, world.alice, id)).to.deep.equal({ pledge: u("9"), bonus: share });
          expect(await reclaimOf(currency, world, world.maintainer, id)).to.equal(pot - share);
        });

        it("counts the period of a campaign cancelled after a last-call extension to the extended deadline", async () => {
          const world = await loadWorld();
          const { id, T, deadline: D0 } = await openAt(world, currency);
          const book = new BonusBook(goal);
          book.deposit(world.maintainer.address, pot, await depositAt(currency, world, world.maintainer, id, pot, T + 1_000n));
          book.pledge(world.alice.address, u("4"), await pledgeAt(currency, world, world.alice, id, u("4"), T + 2_000n));
          const reached = await pledgeAt(currency, world, world.bob, id, u("6"), D0 - L / 2n);
          book.pledge(world.bob.address, u("6"), reached);
          const D1 = reached + L;
          expect((await world.escrow.getCampaign(id)).deadline).to.equal(D1);
          book.cancel(await cancelAt(world, id, D1 - 10n));
          expect(book.denominator(D1)).to.equal(goal * (D1 - T - 1_000n));
          await time.increaseTo(D1 + 1n);
          expect((await bonusOf(world, id)).reservedForBackers).to.equal(book.reserved(D1));
          expect((await refundOf(currency, world, world.alice, id)).bonus).to.equal(book.shareOf(world.alice.address, D1));
          expect((await refundOf(currency, world, world.bob, id)).bonus).to.equal(book.shareOf(world.bob.address, D1));
          expect(await reclaimOf(currency, world, world.maintainer, id)).to.equal(pot - book.reserved(D1));
        });
      });

      describe("deadline extension by last call", () => {
        it("moves the credit end with the deadline; the quote shown before each pledge is a lower bound of the share on failure", async () => {
          const world = await loadWorld();
          const { id, T, deadline: D0 } = await openAt(world, currency);
          const book = new BonusBook(goal);
          book.deposit(world.maintainer.address, pot, await depositAt(currency, world, world.maintainer, id, pot, T + 1_000n));
          /** Pledges at `second` after reading the quote for that very second (the pending block's time). */
          const quotedPledge = async (backer: Account, amount: bigint, second: bigint) => {
            await currency.fund(world, backer, amount);
            await currency.prepare(world, backer, amount);
            await at(second);
            const { deadline } = await world.escrow.getCampaign(id);
            const { quote } = await world.escrow.getBonus(id, backer.address, amount, { blockTag: "pending" });
            expect(quote).to.equal(book.quoteOf(backer.address, amount, second, deadline));
            const mined = await minedAt(await (await currency.send(world, backer, id, amount)).wait());
            expect(mined).to.equal(second);
            book.pledge(backer.address, amount, mined);
            // With nothing else moving, the quote is exactly the share the pledge now has at that deadline.
            expect((await bonusOf(world, id, backer.address)).share).to.equal(quote);
            return quote;
          };
          const aliceQuote = await quotedPledge(world.alice, u("4"), T + 2_000n);
          const carolQuote = await quotedPledge(world.carol, u("0.5"), T + 3_000n);
          const topUpQuote = await quotedPledge(world.alice, u("1") + 1n, D0 - 3n * L);
          // Bob reaches the goal in the last call: the deadline moves one last call on, and the credit end with it.
          const reachedAt = await pledgeAt(currency, world, world.bob, id, u("4.5") - 1n, D0 - L / 2n);
          book.pledge(world.bob.address, u("4.5") - 1n, reachedAt);
          expect((await world.escrow.getCampaign(id)).deadline).to.equal(reachedAt + L);
          expect((await bonusOf(world, id)).creditEnd).to.equal(reachedAt + L);
          // Then he leaves within his last call: the goal is missed and the deadline moves to the last crossing.
          book.withdraw(world.bob.address, u("1"), await withdrawAt(world, world.bob, id, u("1"), reachedAt + L - 1n));
          const E = D0 + L;
          expect((await world.escrow.getCampaign(id)).deadline).to.equal(E);
          expect((await bonusOf(world, id)).creditEnd).to.equal(E);
          await time.increaseTo(E + 1n);
          expect(await world.escrow.campaignState(id)).to.equal(State.Failed);
          const alice = await refundOf(currency, world, world.alice, id);
          const carol = await refundOf(currency, world, world.carol, id);
          expect(alice.bonus).to.equal(book.shareOf(world.alice.address, E));
          expect(carol.bonus).to.equal(book.shareOf(world.carol.address, E));
          expect(carol.bonus).to.be.greaterThan(carolQuote);
          // Alice's quote for her top-up was for both of her pledges together.
          expect(alice.bonus).to.be.at.least(topUpQuote);
          expect(alice.bonus).to.be.greaterThan(aliceQuote);
          expect((await refundOf(currency, world, world.bob, id)).bonus).to.equal(book.shareOf(world.bob.address, E));
        });

        it("quotes the share of a pledge made at the second the view runs in: one mined later is short by those seconds only", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openAt(world, currency);
          const S = await depositAt(currency, world, world.maintainer, id, pot, T + 1_000n);
          await currency.prepare(world, world.alice, u("4"));
          const readAt = await now();
          const { quote } = await world.escrow.getBonus(id, world.alice.address, u("4"));
          const D = deadline - S;
          expect(quote).to.equal((pot * u("4") * (deadline - readAt)) / (goal * D));
          const lag = 24n;
          await at(readAt + lag);
          await (await currency.send(world, world.alice, id, u("4"))).wait();
          await time.increaseTo(deadline + 1n);
          const { bonus } = await refundOf(currency, world, world.alice, id);
          expect(bonus).to.equal((pot * u("4") * (deadline - readAt - lag)) / (goal * D));
          // What a client shows from the latest block is high by at most the credit of the seconds until the pledge lands.
          expect(quote - bonus).to.be.at.most((pot * u("4") * lag) / (goal * D) + 1n);
        });

        it("never quotes more than the whole bonus: a pledge whose credit passes the goal's is quoted its share of the pot", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openAt(world, currency);
          // Alice alone holds twice the goal from before the bonus: whatever happens, her share is at most the pot.
          await pledgeAt(currency, world, world.alice, id, u("20"), T + 10n);
          const S = await depositAt(currency, world, world.maintainer, id, pot, T + 1_000n);
          const D = deadline - S;
          expect((await bonusOf(world, id, world.alice.address, 0n)).quote, "alice's quote").to.equal(pot);
          // Bob asks about a pledge of twice the goal: it would be paid at most the whole pot, not twice it.
          const readAt = await now();
          const credit = u("20") * (deadline - readAt);
          expect(credit).to.be.greaterThan(goal * D);
          expect((await bonusOf(world, id, world.bob.address, u("20"))).quote, "bob's quote").to.equal((pot * credit) / max(goal * D, credit));
          // What a cancel now pays alice is her credit so far over the goal's: below the pot, as any real outcome.
          const Tc = await cancelAt(world, id);
          expect((await refundOf(currency, world, world.alice, id)).bonus).to.equal((pot * u("20") * (Tc - S)) / max(goal * D, u("20") * (Tc - S)));
        });

        it("raises the quote with a later deposit: the figure shown stays a lower bound", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openAt(world, currency);
          const S = await depositAt(currency, world, world.maintainer, id, u("0.5"), T + 1_000n);
          await currency.prepare(world, world.alice, u("4"));
          await at(T + 2_000n);
          const { quote } = await world.escrow.getBonus(id, world.alice.address, u("4"), { blockTag: "pending" });
          await (await currency.send(world, world.alice, id, u("4"))).wait();
          expect(quote).to.equal((u("0.5") * u("4") * (deadline - T - 2_000n)) / (goal * (deadline - S)));
          await depositAt(currency, world, world.carol, id, u("0.5"), T + 3_000n);
          await time.increaseTo(deadline + 1n);
          const { bonus } = await refundOf(currency, world, world.alice, id);
          expect(bonus).to.equal((pot * u("4") * (deadline - T - 2_000n)) / (goal * (deadline - S)));
          expect(bonus).to.be.greaterThan(quote);
        });
      });

      describe("getBonus", () => {
        const fields = (view: BonusView) => ({
          pot: view.pot,
          maxPot: view.maxPot,
          startedAt: view.startedAt,
          creditEnd: view.creditEnd,
          outcome: view.outcome,
          reservedForBackers: view.reservedForBackers,
          reclaimed: view.reclaimed,
          share: view.share,
          creditSince: view.creditSince,
          quote: view.quote,
          deposited: view.deposited,
          reclaimable: view.reclaimable,
        });
        const none = { pot: 0n, startedAt: 0n, creditEnd: 0n, outcome: Outcome.None, reservedForBackers: 0n, reclaimed: 0n, share: 0n, creditSince: 0n, quote: 0n, deposited: 0n, reclaimable: 0n };

        it("shows a campaign without a bonus as None with its cap only, whatever the account", async () => {
          const world = await loadWorld();
          const { id } = await openAt(world, currency);
          await pledgeAt(currency, world, world.alice, id, u("4"));
          expect(fields(await bonusOf(world, id, world.alice.address, u("1")))).to.deep.equal({ ...none, maxPot: capOf(goal) });
        });

        it("refuses an unknown campaign: UnknownCampaign", async () => {
          const world = await loadWorld();
          await expect(bonusOf(world, 99n)).to.be.revertedWithCustomError(world.escrow, "UnknownCampaign").withArgs(99n);
        });

        it("shows every field while funding, after a failure, after a reclaim, and for a success claimed", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openAt(world, currency);
          const S = await depositAt(currency, world, world.maintainer, id, u("0.7"), T + 1_000n);
          const t = await pledgeAt(currency, world, world.alice, id, u("3"), T + 5_000n);
          // The maintainer deposits and backs at once.
          await depositAt(currency, world, world.carol, id, u("0.2"), T + 6_000n);
          const tc = await pledgeAt(currency, world, world.carol, id, u("2"), T + 7_000n);
          const D = deadline - S;
          const potNow = u("0.9");
          const base = { pot: potNow, maxPot: capOf(goal), startedAt: S, creditEnd: deadline, reclaimed: 0n };
          const reserved = (potNow * (u("3") * (deadline - t) + u("2") * (deadline - tc))) / (goal * D);
          const aliceShare = (potNow * u("3") * (deadline - t)) / (goal * D);
          const carolShare = (potNow * u("2") * (deadline - tc)) / (goal * D);
          // Funding: alice's quote for 1 more now (the latest block's second, as a call on it).
          const latest = await now();
          const since = ceilDiv(u("3") * t + u("1") * latest, u("4"));
          expect(fields(await bonusOf(world, id, world.alice.address, u("1")))).to.deep.equal({
            ...base,
            outcome: Outcome.Pending,
            reservedForBackers: reserved,
            share: aliceShare,
            creditSince: t,
            quote: (potNow * u("4") * (deadline - since)) / (goal * D),
            deposited: 0n,
            reclaimable: 0n,
          });
          // A depositor who also backs; a quote for nothing more is the share itself.
          expect(fields(await bonusOf(world, id, world.carol.address, 0n))).to.deep.equal({
            ...base,
            outcome: Outcome.Pending,
            reservedForBackers: reserved,
            share: carolShare,
            creditSince: tc,
            quote: carolShare,
            deposited: u("0.2"),
            reclaimable: 0n,
          });
          // Nobody: no share, no quote.
          expect(fields(await bonusOf(world, id, ETH, 0n))).to.deep.equal({
            ...base,
            outcome: Outcome.Pending,
            reservedForBackers: reserved,
            share: 0n,
            creditSince: 0n,
            quote: 0n,
            deposited: 0n,
            reclaimable: 0n,
          });
          // Failed: shares are final, quotes gone, depositors' parts of the rest reclaimable (cumulative split).
          await time.increaseTo(deadline + 1n);
          const left = potNow - reserved;
          const maintainerPart = (left * u("0.7")) / potNow;
          const afterFailure = { ...base, outcome: Outcome.ToBackers, reservedForBackers: reserved, quote: 0n };
          expect(fields(await bonusOf(world, id, world.maintainer.address, u("1")))).to.deep.equal({
            ...afterFailure,
            share: 0n,
            creditSince: 0n,
            deposited: u("0.7"),
            reclaimable: maintainerPart,
          });
          expect(fields(await bonusOf(world, id, world.carol.address, u("1")))).to.deep.equal({
            ...afterFailure,
            share: carolShare,
            creditSince: tc,
            deposited: u("0.2"),
            reclaimable: (left * u("0.2")) / potNow,
          });
          expect(await reclaimOf(currency, world, world.maintainer, id)).to.equal(maintainerPart);
          expect(await refundOf(currency, world, world.alice, id)).to.deep.equal({ pledge: u("3"), bonus: aliceShare });
          const afterReclaim = { ...afterFailure, reclaimed: u("0.7") };
          // Alice refunded: nothing left to her; the maintainer reclaimed: nothing left to them.
          expect(fields(await bonusOf(world, id, world.alice.address))).to.deep.equal({
            ...afterReclaim,
            share: 0n,
            creditSince: 0n,
            deposited: 0n,
            reclaimable: 0n,
          });
          expect(fields(await bonusOf(world, id, world.maintainer.address))).to.deep.equal({
            ...afterReclaim,
            share: 0n,
            creditSince: 0n,
            deposited: 0n,
            reclaimable: 0n,
          });
          expect((await bonusOf(world, id, world.carol.address)).reclaimable).to.equal(left - maintainerPart);
          expect(await reclaimOf(currency, world, world.carol, id)).to.equal(left - maintainerPart);
          expect((await bonusOf(world, id)).reclaimed).to.equal(potNow);
        });

        it("shows a success without milestones as Pending (share on the total, no quote) until claimed, then ToDepositors", async () => {
          const world = await loadWorld();
          const { id, T, deadline } = await openAt(world, currency);
          const S = await depositAt(currency, world, world.carol, id, pot, T + 1_000n);
          const t = await pledgeAt(currency, world, world.alice, id, u("12"), T + 2_000n);
          await time.increaseTo(deadline + 1n);
          const D = deadline - S;
          const credit = u("12") * (deadline - t);
          const share = (pot * credit) / max(goal * D, credit);
          // Alone above the goal's credit: the whole pot would be hers.
          expect(share).to.equal(pot);
          expect(fields(await bonusOf(world, id, world.alice.address, u("1")))).to.deep.equal({
            pot,
            maxPot: capOf(goal),
            startedAt: S,
            creditEnd: deadline,
            outcome: Outcome.Pending,
            reservedForBackers: share,
            reclaimed: 0n,
            share,
            creditSince: t,
            quote: 0n,
            deposited: 0n,
            reclaimable: 0n,
          });
          await (await world.escrow.connect(world.maintainer).claim(id)).wait();
          expect(fields(await bonusOf(world, id, world.carol.address, u("1")))).to.deep.equal({
            pot,
            maxPot: capOf(goal),
            startedAt: S,
            creditEnd: deadline,
            outcome: Outcome.ToDepositors,
            reservedForBackers: 0n,
            reclaimed: 0n,
            share: 0n,
            creditSince: 0n,
            quote: 0n,
            deposited: pot,
            reclaimable: pot,
          });
          expect((await bonusOf(world, id, world.alice.address)).share).to.equal(0n);
        });
      });
    });
  }

  describe("a fee-on-transfer token as bonus", () => {
    it("is refused instead of crediting more than the escrow received: TransferAmountMismatch(amount, received)", async () => {
      const world = await loadWorld();
      const fot = await new FeeOnTransferToken__factory(world.owner).deploy();
      const fotAddress = await fot.getAddress();
      await (await world.escrow.setTokenAllowed(fotAddress, true)).wait();
      const { id } = await openCampaign(world, { token: fotAddress, goal: 10_000n });
      await (await fot.mint(world.maintainer.address, 1_000n)).wait();
      await (await fot.connect(world.maintainer).approve(world.escrowAddress, 1_000n)).wait();
      await expect(world.escrow.connect(world.maintainer).depositBonus(id, fotAddress, 1_000n))
        .to.be.revertedWithCustomError(world.escrow, "TransferAmountMismatch")
        .withArgs(1_000n, 990n);
      expect(await fot.balanceOf(world.maintainer.address)).to.equal(1_000n);
      expect(await fot.balanceOf(world.escrowAddress)).to.equal(0n);
      expect((await bonusOf(world, id)).pot).to.equal(0n);
    });
  });

  describe("re-entry through token hooks and ETH receivers", () => {
    const guard = (world: World) => world.escrow.interface.getError("ReentrancyGuardReentrantCall")!.selector;
    const call = (world: World, name: "refund" | "reclaimBonus", id: bigint) =>
      name === "refund" ? world.escrow.interface.encodeFunctionData("refund", [id]) : world.escrow.interface.encodeFunctionData("reclaimBonus", [id]);

    /** An ETH campaign with a bonus of 1 ETH from the maintainer, backed by a re-entrant receiver (2 ETH) and alice (3 ETH). */
    async function ethCampaignWithReceiver(world: World, bonus = eth("1")) {
      const receiver = await new ReentrantReceiver__factory(world.owner).deploy(world.escrowAddress, { value: eth("5") });
      const address = await receiver.getAddress();
      const { id, T, deadline } = await openAt(world, ETHER);
      const S = await depositAt(ETHER, world, world.maintainer, id, bonus, T + 1_000n);
      await at(T + 2_000n);
      await (await receiver.execute(world.escrow.interface.encodeFunctionData("pledge", [id]), { value: eth("2") })).wait();
      await pledgeAt(ETHER, world, world.alice, id, eth("3"), T + 3_000n);
      return { receiver, address, id, T, S, deadline };
    }

    it("refund with bonus: an ETH backer re-entering refund is paid once, stopped by ReentrancyGuardReentrantCall", async () => {
      const world = await loadWorld();
      const { receiver, address, id, T, S, deadline } = await ethCampaignWithReceiver(world);
      await time.increaseTo(deadline + 1n);
      await (await receiver.arm(call(world, "refund", id), 0n)).wait();
      const share = (eth("1") * eth("2") * (deadline - T - 2_000n)) / (eth("10") * (deadline - S));
      const refund = receiver.execute(call(world, "refund", id));
      await expect(refund).to.emit(world.escrow, "RefundedWithBonus").withArgs(id, address, eth("2"), share);
      await expect(refund).not.to.emit(world.escrow, "Refunded");
      await expect(refund).to.changeEtherBalances(ethers, [receiver, world.escrow], [eth("2") + share, -(eth("2") + share)]);
      expect(await receiver.attempts()).to.equal(1n);
      expect(await receiver.reentrySucceeded()).to.equal(false);
      expect(await receiver.reentrySelector()).to.equal(guard(world));
      expect(await world.escrow.pledgeOf(id, address)).to.equal(0n);
      // Alice's refund and the depositor's rest are intact.
      const aliceShare = (eth("1") * eth("3") * (deadline - T - 3_000n)) / (eth("10") * (deadline - S));
      expect(await refundOf(ETHER, world, world.alice, id)).to.deep.equal({ pledge: eth("3"), bonus: aliceShare });
      const reserved = (eth("1") * (eth("2") * (deadline - T - 2_000n) + eth("3") * (deadline - T - 3_000n))) / (eth("10") * (deadline - S));
      expect(await reclaimOf(ETHER, world, world.maintainer, id)).to.equal(eth("1") - reserved);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(reserved - share - aliceShare);
    });

    it("refund with bonus: a backer who also deposited, re-entering reclaimBonus from its refund, is stopped by the guard", async () => {
      const world = await loadWorld();
      const { receiver, address, id, deadline } = await ethCampaignWithReceiver(world, eth("0.5"));
      // The receiver sponsors too (the pot reaches the cap).
      await at(deadline - 10n);
      await (
        await receiver.execute(world.escrow.interface.encodeFunctionData("depositBonus", [id, ETH, eth("0.5")]), { value: eth("0.5") })
      ).wait();
      await time.increaseTo(deadline + 1n);
      await (await receiver.arm(call(world, "reclaimBonus", id), 0n)).wait();
      await (await receiver.execute(call(world, "refund", id))).wait();
      expect(await receiver.reentrySucceeded()).to.equal(false);
      expect(await receiver.reentrySelector()).to.equal(guard(world));
      // Its deposit is still there, reclaimable once, properly.
      const { reclaimable, deposited } = await bonusOf(world, id, address);
      expect(deposited).to.equal(eth("0.5"));
      await expect(receiver.execute(call(world, "reclaimBonus", id)))
        .to.emit(world.escrow, "BonusReclaimed")
        .withArgs(id, address, reclaimable);
    });

    it("reclaimBonus: an ETH depositor re-entering reclaimBonus is paid once, stopped by the guard", async () => {
      const world = await loadWorld();
      const receiver = await new ReentrantReceiver__factory(world.owner).deploy(world.escrowAddress, { value: eth("5") });
      const address = await receiver.getAddress();
      const { id, deadline } = await openAt(world, ETHER);
      await (await receiver.execute(world.escrow.interface.encodeFunctionData("depositBonus", [id, ETH, eth("0.6")]), { value: eth("0.6") })).wait();
      await depositAt(ETHER, world, world.carol, id, eth("0.4"));
      await pledgeAt(ETHER, world, world.alice, id, eth("10"));
      await time.increaseTo(deadline + 1n);
      await (await world.escrow.connect(world.maintainer).claim(id)).wait();
      await (await receiver.arm(call(world, "reclaimBonus", id), 0n)).wait();
      const reclaim = receiver.execute(call(world, "reclaimBonus", id));
      await expect(reclaim).to.changeEtherBalances(ethers, [receiver, world.escrow], [eth("0.6"), -eth("0.6")]);
      expect(await receiver.attempts()).to.equal(1n);
      expect(await receiver.reentrySelector()).to.equal(guard(world));
      expect(await reclaimOf(ETHER, world, world.carol, id)).to.equal(eth("0.4"));
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(feeOf(eth("10")));
    });

    it("refund with bonus: an ETH backer re-entering depositBonus (into another campaign) from its refund is stopped by the guard", async () => {
      const world = await loadWorld();
      const { receiver, id, deadline } = await ethCampaignWithReceiver(world);
      const other = await openCampaign(world, { goal: eth("10"), deadline: deadline + 30n * DAY });
      await time.increaseTo(deadline + 1n);
      await (await receiver.arm(world.escrow.interface.encodeFunctionData("depositBonus", [other.id, ETH, eth("0.5")]), eth("0.5"))).wait();
      await (await receiver.execute(call(world, "refund", id))).wait();
      expect(await receiver.reentrySelector()).to.equal(guard(world));
      expect((await bonusOf(world, other.id)).pot).to.equal(0n);
    });

    /**
     * A campaign in a re-entrant ERC-20 (goal 10,000) with a bonus of 400 from the maintainer and 100 from the token
     * itself, backed by the token (500) and alice (3,000). The token keeps 400 and an allowance of 100: enough for a
     * re-entrant deposit of its own, were it not for the guard.
     */
    async function reentrantTokenCampaign(world: World) {
      const token = await new ReentrantToken__factory(world.owner).deploy(world.escrowAddress);
      const address = await token.getAddress();
      await (await world.escrow.setTokenAllowed(address, true)).wait();
      for (const account of [world.alice, world.maintainer]) {
        await (await token.mint(account.address, 10_000n)).wait();
        await (await token.connect(account).approve(world.escrowAddress, 10_000n)).wait();
      }
      await (await token.mint(address, 1_000n)).wait();
      const T = (await now()) + 10n;
      const deadline = T + 30n * DAY;
      await at(T);
      const { id } = await openCampaign(world, { token: address, goal: 10_000n, deadline });
      await at(T + 1_000n);
      await (await world.escrow.connect(world.maintainer).depositBonus(id, address, 400n)).wait();
      await at(T + 2_000n);
      await (await token.execute(900n, world.escrow.interface.encodeFunctionData("depositBonus", [id, address, 100n]))).wait();
      await at(T + 3_000n);
      await (await token.execute(600n, world.escrow.interface.encodeFunctionData("pledgeToken", [id, 500n]))).wait();
      await at(T + 4_000n);
      await (await world.escrow.connect(world.alice).pledgeToken(id, 3_000n)).wait();
      return { token, address, id, T, S: T + 1_000n, deadline };
    }

    it("depositBonus: a token re-entering depositBonus from the deposit's transferFrom is stopped by the guard", async () => {
      const world = await loadWorld();
      const { token, address, id } = await reentrantTokenCampaign(world);
      await (await token.arm(world.escrow.interface.encodeFunctionData("depositBonus", [id, address, 100n]))).wait();
      await expect(world.escrow.connect(world.alice).depositBonus(id, address, 50n))
        .to.emit(world.escrow, "BonusDeposited")
        .withArgs(id, world.alice.address, 50n, 550n);
      expect(await token.attempts()).to.equal(1n);
      expect(await token.reentrySucceeded()).to.equal(false);
      expect(await token.reentrySelector()).to.equal(guard(world));
      expect((await bonusOf(world, id, address)).deposited).to.equal(100n);
      expect(await token.balanceOf(world.escrowAddress)).to.equal(400n + 100n + 500n + 3_000n + 50n);
    });

    it("refund with bonus: a token re-entering refund from the refund's transfer is stopped by the guard; each is paid once", async () => {
      const world = await loadWorld();
      const { token, address, id, T, S, deadline } = await reentrantTokenCampaign(world);
      await time.increaseTo(deadline + 1n);
      await (await token.arm(call(world, "refund", id))).wait();
      const D = deadline - S;
      const aliceShare = (500n * 3_000n * (deadline - T - 4_000n)) / (10_000n * D);
      const tokenShare = (500n * 500n * (deadline - T - 3_000n)) / (10_000n * D);
      await expect(world.escrow.connect(world.alice).refund(id))
        .to.emit(world.escrow, "RefundedWithBonus")
        .withArgs(id, world.alice.address, 3_000n, aliceShare);
      expect(await token.reentrySelector()).to.equal(guard(world));
      expect(await world.escrow.pledgeOf(id, address)).to.equal(500n);
      expect(await token.balanceOf(world.alice.address)).to.equal(10_000n - 3_000n + 3_000n + aliceShare);
      const before = await token.balanceOf(address);
      await (await token.execute(0n, call(world, "refund", id))).wait();
      expect((await token.balanceOf(address)) - before).to.equal(500n + tokenShare);
    });

    it("reclaimBonus: a token re-entering reclaimBonus from another depositor's reclaim is stopped by the guard", async () => {
      const world = await loadWorld();
      const { token, address, id, deadline } = await reentrantTokenCampaign(world);
      await time.increaseTo(deadline + 1n);
      const { reservedForBackers } = await bonusOf(world, id);
      const left = 500n - reservedForBackers;
      await (await token.arm(call(world, "reclaimBonus", id))).wait();
      const maintainerPart = (left * 400n) / 500n;
      await expect(world.escrow.connect(world.maintainer).reclaimBonus(id))
        .to.emit(world.escrow, "BonusReclaimed")
        .withArgs(id, world.maintainer.address, maintainerPart);
      expect(await token.reentrySelector()).to.equal(guard(world));
      expect((await bonusOf(world, id, address)).deposited).to.equal(100n);
      await expect(token.execute(0n, call(world, "reclaimBonus", id)))
        .to.emit(world.escrow, "BonusReclaimed")
        .withArgs(id, address, left - maintainerPart);
    });
  });
});
