// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPledgeEscrow} from "../../contracts/interfaces/IPledgeEscrow.sol";
import {BaseTest} from "./BaseTest.sol";

/// @title RefundBonusFuzzTest
/// @notice The share math of the refund bonus against an independent computation, for random pledge and withdrawal
/// times and amounts: each backer's credit start is worked out here as the pledge-weighted mean time of what is in
/// (rounded up to a whole second, restarted at any withdrawal, at the earliest the first deposit), and each share as
///     floor(pot x amount x held / max(goal x period, total credit))
/// with `held` from the credit start to the end of funding (the deadline, or the cancellation), the period from the
/// first deposit to the deadline and the total credit summed over the backers. The refunds must pay exactly those
/// shares (and the views show them before), they never add up to more than the pot nor than `reservedForBackers`
/// (which must equal the pot x the summed credit over the same denominator), the depositors reclaim exactly the rest
/// split by deposit, and what stays in the escrow is the rounding dust, less than a wei per backer.
contract RefundBonusFuzzTest is BaseTest {
    uint256 internal constant BACKERS = 3;
    uint256 internal constant STEPS = 8;
    address internal constant SPONSOR = address(0x5905);

    /// @notice What the test itself knows of each backer.
    struct Backer {
        uint256 amount;
        uint256 since; // pledge-weighted mean time of what is in, rounded up; restarted at a withdrawal
    }

    /// @notice One fuzzed scenario.
    struct Scenario {
        uint256 id;
        uint256 goal;
        uint256 deadline;
        uint256 start; // first deposit
        uint256 pot;
        uint256 maintainerPart;
        uint256 cancelledAt;
        uint256 pledged; // campaign total at the end of funding
    }

    Backer[BACKERS] internal _backers;

    /// @notice For random pledges and withdrawals of three backers at random times around a bonus deposited at a
    /// random time (before some pledges, after others) in two parts by the maintainer and a sponsor, the ERC-20
    /// campaign fails (every total stays below the goal) or is cancelled at a random time (totals may pass the goal
    /// then, before the last call): every view and payment is the independent computation's, to the wei.
    function testFuzzSharesMatchTheFormula(
        uint256 goalSeed,
        uint256 durationSeed,
        uint256 potSeed,
        uint256 depositStep,
        uint256[STEPS] memory actions,
        uint256 cancelSeed
    ) public {
        Scenario memory s;
        bool cancels = cancelSeed % 3 == 0;
        s.goal = bound(goalSeed, 100, 1e30);
        uint256 duration = bound(durationSeed, 4 days + 1, 60 days);
        s.deadline = START + duration;
        s.id = _open(_terms(address(token), s.goal, s.deadline, 0));
        uint256 min = _max(s.goal / 100, 1);
        s.pot = bound(potSeed, min, _min(s.goal / 10, type(uint96).max)); // the cap: 10% of the goal, 96 bits
        s.maintainerPart = bound(potSeed >> 128, min, s.pot);
        depositStep = bound(depositStep, 0, STEPS - 1);
        // Cancellations happen before the last call, so a total above the goal never moves the deadline.
        uint256 lastStepAt = s.deadline - 2 days - 1;

        for (uint256 step = 0; step < STEPS; ++step) {
            uint256 action = actions[step];
            uint256 at = bound(action >> 128, block.timestamp, cancels ? lastStepAt : s.deadline);
            VM.warp(at);
            if (step == depositStep) _depositInTwo(s);
            _act(s, action, cancels);
        }

        if (cancels) {
            s.cancelledAt = bound(cancelSeed >> 8, block.timestamp, lastStepAt);
            VM.warp(s.cancelledAt);
            VM.prank(MAINTAINER);
            escrow.cancelCampaign(s.id);
        } else {
            VM.warp(s.deadline + 1);
        }
        _assertSharesAndPayouts(s);
    }

    /// @notice One random step: a pledge (of up to a quarter of the goal, kept below it unless the campaign is to be
    /// cancelled) or a withdrawal (all or part) by one of the three backers.
    function _act(Scenario memory s, uint256 action, bool cancels) internal {
        uint256 who = action % BACKERS;
        address backer = _backer(who);
        Backer storage b = _backers[who];
        if ((action >> 8) % 3 != 0 || b.amount == 0) {
            uint256 room = cancels ? s.goal : s.goal - 1 - s.pledged;
            if (room == 0) return;
            uint256 amount = bound(action >> 16, 1, _max(room / 4, 1));
            _expectQuote(s, who, amount);
            _pledgeToken(backer, s.id, amount);
            uint256 from = s.start != 0 && b.since < s.start ? s.start : b.since;
            if (b.amount == 0) from = 0;
            b.since = _ceilDiv(b.amount * from + amount * block.timestamp, b.amount + amount);
            b.amount += amount;
            s.pledged += amount;
        } else {
            uint256 amount = (action >> 10) % 2 == 0 ? b.amount : bound(action >> 16, 1, b.amount);
            _withdraw(backer, s.id, amount);
            b.amount -= amount;
            b.since = block.timestamp;
            s.pledged -= amount;
        }
        if (s.start != 0) {
            IPledgeEscrow.BonusView memory v = escrow.getBonus(s.id, backer, 0);
            assertEq(v.creditSince, b.amount == 0 ? 0 : _from(s, who), "creditSince != pledge-weighted mean");
        }
    }

    /// @notice Before a pledge to a campaign with a bonus that will stay below its goal: the quote for the amount is
    /// what the share will be right after it if the campaign fails at its deadline (the figure shown to backers).
    function _expectQuote(Scenario memory s, uint256 who, uint256 amount) internal {
        if (s.start == 0 || s.pledged + amount >= s.goal) return;
        address backer = _backer(who);
        uint256 quote = escrow.getBonus(s.id, backer, amount).quote;
        uint256 snapshot = VM.snapshotState();
        _pledgeToken(backer, s.id, amount);
        assertEq(escrow.getBonus(s.id, backer, 0).share, quote, "share after the pledge != quote before it");
        assertLe(quote, s.pot, "quote above the pot");
        VM.revertToState(snapshot);
    }

    /// @notice The maintainer deposits part of the pot, a sponsor the rest (when there is a rest).
    function _depositInTwo(Scenario memory s) internal {
        _deposit(MAINTAINER, s.id, s.maintainerPart);
        if (s.pot > s.maintainerPart) _deposit(SPONSOR, s.id, s.pot - s.maintainerPart);
        s.start = block.timestamp;
    }

    /// @notice At the end of funding: shares in the views, then refunds that pay them, then the reclaims.
    function _assertSharesAndPayouts(Scenario memory s) internal {
        uint256 end = s.cancelledAt != 0 ? s.cancelledAt : s.deadline;
        uint256[BACKERS] memory credit;
        uint256 totalCredit;
        for (uint256 i = 0; i < BACKERS; ++i) {
            Backer storage b = _backers[i];
            credit[i] = b.amount == 0 || end <= _from(s, i) ? 0 : b.amount * (end - _from(s, i));
            totalCredit += credit[i];
        }
        uint256 denominator = s.deadline > s.start ? _max(s.goal * (s.deadline - s.start), totalCredit) : 0;
        uint256 reserved = denominator == 0 ? 0 : (s.pot * totalCredit) / denominator;
        IPledgeEscrow.BonusView memory v = escrow.getBonus(s.id, address(0), 0);
        assertEq(uint8(v.outcome), uint8(IPledgeEscrow.BonusOutcome.ToBackers), "outcome");
        assertEq(v.pot, s.pot, "pot");
        assertEq(v.startedAt, s.start, "startedAt");
        assertEq(v.creditEnd, end, "creditEnd");
        assertEq(v.reservedForBackers, reserved, "reservedForBackers != pot x total credit / denominator");

        uint256 paid;
        for (uint256 i = 0; i < BACKERS; ++i) {
            if (_backers[i].amount == 0) continue;
            uint256 share = denominator == 0 ? 0 : (s.pot * credit[i]) / denominator;
            address backer = _backer(i);
            assertEq(escrow.getBonus(s.id, backer, 0).share, share, "view: share != formula");
            uint256 before = token.balanceOf(backer);
            _refund(backer, s.id);
            assertEq(token.balanceOf(backer) - before, _backers[i].amount + share, "refund != pledge + share");
            paid += share;
        }
        assertLe(paid, reserved, "shares above reservedForBackers");
        assertLe(reserved, s.pot, "reservedForBackers above the pot");

        // The depositors split pot - reserved by deposit, cumulatively: the sponsor first, then the maintainer.
        uint256 left = s.pot - reserved;
        uint256 sponsorPart = s.pot - s.maintainerPart;
        uint256 sponsorGets = (left * sponsorPart) / s.pot;
        if (sponsorPart != 0) _reclaimExpecting(SPONSOR, s.id, sponsorGets);
        _reclaimExpecting(MAINTAINER, s.id, left - sponsorGets);
        uint256 dust = reserved - paid;
        assertEq(token.balanceOf(address(escrow)), dust, "escrow keeps more than the dust");
        assertLe(dust, BACKERS - 1, "dust above a wei per backer but one");
    }

    /// @notice A reclaim that must pay exactly `expected`.
    function _reclaimExpecting(address depositor, uint256 id, uint256 expected) internal {
        assertEq(escrow.getBonus(id, depositor, 0).reclaimable, expected, "view: reclaimable");
        uint256 before = token.balanceOf(depositor);
        VM.prank(depositor);
        escrow.reclaimBonus(id);
        assertEq(token.balanceOf(depositor) - before, expected, "reclaimed != the depositor's part");
    }

    /// @notice Mints, approves and deposits `amount` as `depositor`.
    function _deposit(address depositor, uint256 id, uint256 amount) internal {
        token.mint(depositor, amount);
        VM.prank(depositor);
        token.approve(address(escrow), amount);
        VM.prank(depositor);
        escrow.depositBonus(id, address(token), amount);
    }

    /// @notice When a backer's credit runs from: their credit start, at the earliest the first deposit.
    function _from(Scenario memory s, uint256 who) internal view returns (uint256) {
        return _max(_backers[who].since, s.start);
    }

    /// @notice The three backers.
    function _backer(uint256 who) internal pure returns (address) {
        return who == 0 ? ALICE : who == 1 ? BOB : CAROL;
    }

    /// @notice a / b rounded up.
    function _ceilDiv(uint256 a, uint256 b) internal pure returns (uint256) {
        return (a + b - 1) / b;
    }
}
