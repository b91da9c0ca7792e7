// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PledgeEscrow} from "../../contracts/PledgeEscrow.sol";
import {IPledgeEscrow} from "../../contracts/interfaces/IPledgeEscrow.sol";
import {ExpectedStates} from "./BaseTest.sol";
import {EscrowModel} from "./EscrowModel.sol";

/// @title BonusModel
/// @notice The refund bonus of issue 12, written again from the design (not from the contract) as a model the
/// invariant handler checks every bonus call against: the pot, its cap and the least first deposit, when credit starts
/// and stops, each backer's credit start (the pledge-weighted mean time, rounded up, restarted at any withdrawal),
/// each backer's credit (pledge x time held until the cancellation or the deadline) and share
/// floor(pot x credit / max(goal x period, total credit)) with the period from the first deposit to the deadline, what
/// the backers' shares may take at most (`reserved`, the same with the total credit), where the bonus goes, and each
/// depositor's exact part of what is left for depositors.
/// @dev The backers' credit is summed over the handler's four actors here (the contract keeps a running sum): a
/// second, independent way to the same total credit. A backer's `stake` is their pledge as funding left it:
/// refunds do not clear it, so `reserved` stays what it was at the end of funding while refunds are paid. Only the
/// bound handler may book calls.
contract BonusModel {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant MAX_BONUS_BPS = 1_000;
    uint256 internal constant MIN_FIRST_BONUS_BPS = 100;
    uint256 internal constant ACTORS = 4;

    /// @notice Where a campaign's bonus goes (`IPledgeEscrow.BonusOutcome`).
    enum Outcome {
        None,
        Pending,
        ToBackers,
        ToDepositors
    }

    /// @notice A campaign's bonus as the rules make it.
    struct Pool {
        uint256 pot;
        uint256 start; // first deposit (zero: no bonus)
        uint256 cancelledAt; // credit stops here when cancelled with a bonus, else at the deadline
        uint256 reclaimedDeposits; // deposits already reclaimed, for the cumulative split
    }

    /// @notice `bind` was called a second time.
    error AlreadyBound();

    /// @notice Someone other than the bound handler tried to book a call.
    error OnlyHandler();

    /// @notice The escrow whose campaigns are modelled.
    PledgeEscrow public immutable escrow;
    /// @notice The end-of-campaign model (terms, total, deadline, state).
    EscrowModel public immutable model;
    /// @notice The one handler allowed to book calls.
    address public handler;

    mapping(uint256 campaignId => Pool) internal _pools;
    /// @notice Each depositor's deposit not yet reclaimed.
    mapping(uint256 campaignId => mapping(address depositor => uint256)) public depositOf;
    /// @notice Each backer's pledge as funding left it (refunds do not clear it).
    mapping(uint256 campaignId => mapping(address backer => uint256)) public stakeOf;
    /// @notice Each backer's credit start as the rules make it (zero: counts from the bonus start).
    mapping(uint256 campaignId => mapping(address backer => uint256)) public sinceOf;

    /// @notice Models the bonus of `escrow_`'s campaigns on top of `model_`.
    constructor(PledgeEscrow escrow_, EscrowModel model_) {
        escrow = escrow_;
        model = model_;
    }

    /// @notice Binds the handler, once.
    function bind(address handler_) external {
        if (handler != address(0)) revert AlreadyBound();
        handler = handler_;
    }

    modifier onlyHandler() {
        if (msg.sender != handler) revert OnlyHandler();
        _;
    }

    // ------------------------------------------------------------------ views

    /// @notice A campaign's bonus pool.
    function poolOf(uint256 id) external view returns (Pool memory) {
        return _pools[id];
    }

    /// @notice The most bonus a campaign may hold: 10% of its goal.
    function cap(uint256 id) public view returns (uint256) {
        return (model.termsOf(id).goal * MAX_BONUS_BPS) / BPS;
    }

    /// @notice The least a first deposit may be: 1% of the goal, at least one unit, at most the cap.
    function minFirstDeposit(uint256 id) public view returns (uint256) {
        uint256 min = (model.termsOf(id).goal * MIN_FIRST_BONUS_BPS) / BPS;
        if (min == 0) return 1;
        return min < cap(id) ? min : cap(id);
    }

    /// @notice When credit stops: the cancellation, else the current deadline.
    function creditEnd(uint256 id) public view returns (uint256) {
        uint256 cancelledAt = _pools[id].cancelledAt;
        return cancelledAt != 0 ? cancelledAt : model.modelOf(id).deadline;
    }

    /// @notice Where the bonus goes: to backers when funding did not go through (failed, cancelled, lapsed), to
    /// depositors when it did (claimed, or succeeded with milestones, a later rejection included), undecided while
    /// funding or while a success without milestones may still be claimed.
    function outcome(uint256 id) public view returns (Outcome) {
        if (_pools[id].start == 0) return Outcome.None;
        IPledgeEscrow.State s = model.state(id);
        if (s == IPledgeEscrow.State.Failed || s == IPledgeEscrow.State.Cancelled || s == IPledgeEscrow.State.Lapsed) {
            return Outcome.ToBackers;
        }
        if (s == IPledgeEscrow.State.Funding) return Outcome.Pending;
        if (s == IPledgeEscrow.State.Succeeded && !model.termsOf(id).milestones) return Outcome.Pending;
        return Outcome.ToDepositors;
    }

    /// @notice A backer's credit: pledge x time held from their credit start (at the earliest the bonus start) to
    /// when credit stops.
    function creditOf(uint256 id, address backer) public view returns (uint256) {
        uint256 end = creditEnd(id);
        uint256 from = _from(id, backer);
        return end > from ? stakeOf[id][backer] * (end - from) : 0;
    }

    /// @notice The backers' credit summed over the four actors.
    function totalCredit(uint256 id) public view returns (uint256 credit) {
        for (uint256 i = 0; i < ACTORS; ++i) {
            credit += creditOf(id, actorAt(i));
        }
    }

    /// @notice What shares divide by: the credit of the goal held through the whole period (first deposit to the
    /// deadline), or the total credit when above it; zero when the period is empty.
    function denominator(uint256 id) public view returns (uint256) {
        uint256 start = _pools[id].start;
        uint256 deadline = model.modelOf(id).deadline;
        if (start == 0 || deadline <= start) return 0;
        uint256 goalCredit = model.termsOf(id).goal * (deadline - start);
        uint256 credit = totalCredit(id);
        return credit > goalCredit ? credit : goalCredit;
    }

    /// @notice A backer's share if funding ends without going through: floor(pot x credit / denominator).
    function shareOf(uint256 id, address backer) public view returns (uint256) {
        uint256 d = denominator(id);
        return d == 0 ? 0 : (_pools[id].pot * creditOf(id, backer)) / d;
    }

    /// @notice What the backers' shares add up to at most: floor(pot x total credit / denominator).
    function reserved(uint256 id) public view returns (uint256) {
        uint256 d = denominator(id);
        return d == 0 ? 0 : (_pools[id].pot * totalCredit(id)) / d;
    }

    /// @notice What a reclaim by `depositor` must do now: revert with `expected` (no deposit first, then not decided),
    /// or pay `amount` (the whole deposit once the funding went through; else the difference of the cumulative split
    /// of `pot - reserved` by deposit).
    function expectedReclaim(uint256 id, address depositor)
        external
        view
        returns (bytes memory expected, uint256 amount)
    {
        uint256 deposit = depositOf[id][depositor];
        if (deposit == 0) return (abi.encodeWithSelector(IPledgeEscrow.NothingToReclaim.selector, id, depositor), 0);
        Outcome decided = outcome(id);
        if (decided != Outcome.ToBackers && decided != Outcome.ToDepositors) {
            return (ExpectedStates.revertData(id, model.state(id), ExpectedStates.DECIDED), 0);
        }
        if (decided == Outcome.ToDepositors) return ("", deposit);
        Pool storage p = _pools[id];
        uint256 left = p.pot - reserved(id);
        amount = (left * (p.reclaimedDeposits + deposit)) / p.pot - (left * p.reclaimedDeposits) / p.pot;
    }

    /// @notice What a deposit must do: revert with this error, or (empty) succeed. In the contract's order: funding,
    /// the campaign's token, a non-zero amount, the ETH sent (exactly the amount for ETH, none for an ERC-20), the cap,
    /// and for a first deposit the least it may be.
    function expectedDeposit(uint256 id, address token, uint256 amount, uint256 value)
        external
        view
        returns (bytes memory)
    {
        IPledgeEscrow.State s = model.state(id);
        if (s != IPledgeEscrow.State.Funding) return ExpectedStates.revertData(id, s, ExpectedStates.FUNDING);
        address campaignToken = model.termsOf(id).tokenIndex == 0 ? address(0) : escrow.getCampaign(id).token;
        if (token != campaignToken) {
            return abi.encodeWithSelector(IPledgeEscrow.WrongToken.selector, id, campaignToken);
        }
        if (amount == 0) return abi.encodeWithSelector(IPledgeEscrow.ZeroAmount.selector);
        uint256 sent = campaignToken == address(0) ? amount : 0;
        if (value != sent) return abi.encodeWithSelector(IPledgeEscrow.BonusValueMismatch.selector, value, sent);
        // An amount above the cap by itself is named as it is, otherwise the pot it would make.
        uint256 pot = amount > cap(id) ? amount : _pools[id].pot + amount;
        if (pot > cap(id)) return abi.encodeWithSelector(IPledgeEscrow.BonusTooLarge.selector, id, pot, cap(id));
        if (_pools[id].start == 0 && amount < minFirstDeposit(id)) {
            return abi.encodeWithSelector(IPledgeEscrow.BonusTooSmall.selector, id, amount, minFirstDeposit(id));
        }
        return "";
    }

    /// @notice The actor a seed names (the handler's four backers).
    function actorAt(uint256 seed) public pure returns (address) {
        return address(uint160(0xB0000 + (seed % ACTORS)));
    }

    // ------------------------------------------------------------------ booking what succeeded

    /// @notice Books a deposit: the first one starts the bonus period now.
    function bookDeposit(uint256 id, address depositor, uint256 amount) external onlyHandler {
        Pool storage p = _pools[id];
        if (p.start == 0) p.start = block.timestamp;
        p.pot += amount;
        depositOf[id][depositor] += amount;
    }

    /// @notice Books a pledge: with a bonus, the credit start becomes the pledge-weighted mean of the old one (at the
    /// earliest the bonus start) and now, rounded up to a whole second; before any bonus nothing is recorded (every
    /// pledge then counts from the bonus start).
    function bookPledge(uint256 id, address backer, uint256 amount) external onlyHandler {
        uint256 before = stakeOf[id][backer];
        uint256 total = before + amount;
        stakeOf[id][backer] = total;
        uint256 start = _pools[id].start;
        if (start == 0) return;
        uint256 weighted = before * (_from(id, backer) - start) + amount * (block.timestamp - start);
        sinceOf[id][backer] = start + (weighted + total - 1) / total;
    }

    /// @notice Books a withdrawal: with a bonus, the credit of what remains restarts now.
    function bookWithdrawal(uint256 id, address backer, uint256 amount) external onlyHandler {
        stakeOf[id][backer] -= amount;
        if (_pools[id].start != 0) sinceOf[id][backer] = block.timestamp;
    }

    /// @notice Books a cancellation: with a bonus, credit stops now.
    function bookCancel(uint256 id) external onlyHandler {
        if (_pools[id].start != 0) _pools[id].cancelledAt = block.timestamp;
    }

    /// @notice Books a reclaim: the deposit counts as reclaimed for the depositors after it.
    function bookReclaim(uint256 id, address depositor) external onlyHandler {
        _pools[id].reclaimedDeposits += depositOf[id][depositor];
        depositOf[id][depositor] = 0;
    }

    // ------------------------------------------------------------------ observations

    /// @notice Compares the escrow's view of a campaign's bonus with the model, for the four backers and the given
    /// depositors; returns the first difference ("" when none).
    function observe(uint256 id, address[] calldata depositors) external view returns (string memory) {
        Pool storage p = _pools[id];
        IPledgeEscrow.BonusView memory v = escrow.getBonus(id, address(0), 0);
        if (v.pot != p.pot) return "bonus: pot != deposits";
        if (v.maxPot != cap(id)) return "bonus: maxPot != 10% of the goal";
        if (uint8(v.outcome) != uint8(outcome(id))) return "bonus: outcome != rules";
        if (p.start == 0) return "";
        if (v.startedAt != p.start) return "bonus: startedAt != first deposit";
        if (v.creditEnd != creditEnd(id)) return "bonus: creditEnd != cancellation or deadline";
        if (v.reclaimed != p.reclaimedDeposits) return "bonus: reclaimed != deposits reclaimed";
        bool toDepositors = outcome(id) == Outcome.ToDepositors;
        if (!toDepositors && v.reservedForBackers != reserved(id)) return "bonus: reservedForBackers != model";
        for (uint256 i = 0; i < ACTORS; ++i) {
            address backer = actorAt(i);
            if (escrow.pledgeOf(id, backer) == 0) continue;
            IPledgeEscrow.BonusView memory b = escrow.getBonus(id, backer, 0);
            if (toDepositors) {
                if (b.share != 0) return "bonus: a share once the bonus goes to depositors";
                continue;
            }
            if (b.creditSince != _from(id, backer)) return "bonus: creditSince != pledge-weighted mean";
            if (b.share != shareOf(id, backer)) return "bonus: share != model";
        }
        for (uint256 i = 0; i < depositors.length; ++i) {
            IPledgeEscrow.BonusView memory d = escrow.getBonus(id, depositors[i], 0);
            if (d.deposited != depositOf[id][depositors[i]]) return "bonus: deposited != model";
        }
        return "";
    }

    // ------------------------------------------------------------------ internals

    /// @notice When a backer's credit runs from: their credit start, at the earliest the bonus start.
    function _from(uint256 id, address backer) internal view returns (uint256) {
        uint256 since = sinceOf[id][backer];
        uint256 start = _pools[id].start;
        return since > start ? since : start;
    }
}
