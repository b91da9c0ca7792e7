// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPledgeEscrow} from "../interfaces/IPledgeEscrow.sol";
import {Campaigns} from "./Campaigns.sol";
import {EscrowStorage} from "./EscrowStorage.sol";
import {Limits} from "./Limits.sol";

/// @title RefundBonus
/// @notice The refund bonus of a dominant assurance contract (Tabarrok, 1998): when a campaign with a bonus fails, is
/// cancelled or lapses unclaimed, each backer's refund is their pledge plus
///     bonus x credit / max(goal x period, total credit),     credit = pledge x time held in the bonus period,
/// where the period runs from the first bonus deposit to the deadline (the final one, or the one in force when the
/// campaign was cancelled) and credit stops at the end of funding (the deadline, or the cancellation). A failed
/// campaign's credit is below `goal x period`, so the bonus is a fixed rate that no other pledge can dilute and the
/// shares can never add up to more than the bonus; a cancelled or lapsed one above its goal divides by its total
/// credit, to which a pledge made at the last second adds nothing. What the shares leave returns to the depositors.
/// README, "Refund bonus", gives the reasoning.
/// @dev O(1) on every path: each backer keeps the pledge-weighted mean time its credit runs from (`creditSince`, in the
/// backer's slot), the campaign keeps the sum of pledge x delay since the bonus started (`creditDelay`, slot 3), so
/// the total credit is `pledged x (end - start) - creditDelay` whatever the number of backers.
library RefundBonus {
    /// @notice Set in a campaign's flags by its first bonus deposit.
    uint8 internal constant FLAG_BONUS = 0x20;

    // Slot 3: `plannedDeadline` 0-31, `goalReachedAt` 32-63, `bonusStart` 64-95, `creditDelay` 96-255.
    uint256 private constant _START_SHIFT = 64;
    uint256 private constant _DELAY_SHIFT = 96;
    uint256 private constant _LOW_96 = (1 << 96) - 1;
    // Backer slot: `amount` 0-103, `late` 104-207, `creditSince` 208-239.
    uint256 private constant _SINCE_SHIFT = 208;
    // The `late` field, kept as it is when a pledge rewrites the amount and the credit start.
    uint256 private constant _LATE_MASK = ((1 << 104) - 1) << 104;

    /// @notice Records `added` more from a backer of a campaign with a bonus, in one write of the backer's slot: the
    /// amount, and a credit start that is the pledge-weighted mean of the old one (at the earliest the bonus start) and
    /// now, rounded up against the backer.
    /// @param c The campaign.
    /// @param b The backer.
    /// @param added The amount pledged; the caller checked that the campaign total stays within 104 bits.
    function addPledge(EscrowStorage.Campaign storage c, EscrowStorage.Backer storage b, uint256 added) internal {
        (uint256 word3, uint256 start) = _slot3(c);
        uint256 word = _word(b);
        // Every quantity is bounded: amounts below 2^104, delays below 2^25 seconds, so no product reaches 2^130.
        unchecked {
            uint256 before = uint104(word);
            uint256 total = before + added;
            uint256 oldDelay = _delayOf(word, start);
            uint256 newDelay = (before * oldDelay + added * (block.timestamp - start) + total - 1) / total;
            _setCreditDelay(c, word3, (word3 >> _DELAY_SHIFT) + total * newDelay - before * oldDelay);
            uint256 updated = (word & _LATE_MASK) | total | ((start + newDelay) << _SINCE_SHIFT);
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                sstore(b.slot, updated)
            }
        }
    }

    /// @notice Restarts the credit of what a backer leaves in after a withdrawal: otherwise a backer who pledged early
    /// could take out a sliver to make the campaign fail and keep the credit of the rest.
    /// @param c The campaign.
    /// @param b The backer, whose `amount` is already what remains.
    /// @param taken The amount withdrawn.
    function onWithdraw(EscrowStorage.Campaign storage c, EscrowStorage.Backer storage b, uint256 taken) internal {
        (uint256 word3, uint256 start) = _slot3(c);
        uint256 word = _word(b);
        unchecked {
            uint256 remaining = uint104(word);
            // The backer's old term is part of the sum, so taking it out cannot go below zero.
            uint256 creditDelay = (word3 >> _DELAY_SHIFT) - (remaining + taken) * _delayOf(word, start)
                + remaining * (block.timestamp - start);
            _setCreditDelay(c, word3, creditDelay);
        }
        uint256 updated = (word & ((1 << _SINCE_SHIFT) - 1)) | (block.timestamp << _SINCE_SHIFT);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(b.slot, updated)
        }
    }

    /// @notice A refunding backer's bonus: their credit over the campaign's denominator, times the bonus (rounded
    /// down: the shares never add up to more than the depositors set aside for them, `reservedForBackers`).
    /// @param c The campaign.
    /// @param word0 Its slot 0.
    /// @param amount The backer's pledge.
    /// @param since The backer's `creditSince`.
    /// @return The bonus share.
    function shareOf(EscrowStorage.Campaign storage c, uint256 word0, uint256 amount, uint256 since)
        internal
        view
        returns (uint256)
    {
        Pool memory p = pool(c, word0, false);
        if (p.denominator == 0) return 0;
        uint256 from = since > p.start ? since : p.start;
        return (p.pot * amount * (p.end - from)) / p.denominator;
    }

    /// @notice What the backers' shares of a campaign add up to at most if its funding ended at `end` without going
    /// through: the bonus times the total credit over the denominator, rounded down. The depositors share the rest.
    /// @param c The campaign.
    /// @param word0 Its slot 0.
    /// @return The amount set aside for backers.
    function reservedForBackers(EscrowStorage.Campaign storage c, uint256 word0) internal view returns (uint256) {
        Pool memory p = pool(c, word0, true);
        if (p.denominator == 0) return 0;
        return (p.pot * p.totalCredit) / p.denominator;
    }

    /// @notice A campaign's bonus as the share formula needs it.
    /// @param pot The bonus deposited.
    /// @param start When credit started (the first deposit).
    /// @param end When credit stops: the cancellation, else the current deadline.
    /// @param totalCredit The backers' credit at `end`: pledge x time held, summed.
    /// @param denominator `max(goal x period, totalCredit)`, period = deadline - start; zero when the period is empty.
    struct Pool {
        uint256 pot;
        uint256 start;
        uint256 end;
        uint256 totalCredit;
        uint256 denominator;
    }

    /// @notice Reads a campaign's bonus pool (slot 4) and works out its credit. Below the goal at the end, the total
    /// credit is below the goal's and the denominator is the goal's: slot 3 (the credit sum) is read only at or above
    /// the goal, where the total credit may exceed it.
    /// @param c The campaign.
    /// @param word0 Its slot 0.
    /// @param withTotal Whether to work out the total credit below the goal too (a refund does not need it there).
    /// @return p The pool (`totalCredit` zero when not worked out).
    function pool(EscrowStorage.Campaign storage c, uint256 word0, bool withTotal)
        internal
        view
        returns (Pool memory p)
    {
        uint256 word4;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word4 := sload(add(c.slot, 4))
        }
        uint256 deadline = Campaigns.deadlineOf(word0);
        uint256 cancelledAt = uint32(word4 >> 128);
        uint256 start = uint32(word4 >> 96);
        p.pot = uint96(word4);
        p.start = start;
        p.end = cancelledAt != 0 ? cancelledAt : deadline;
        if (deadline <= start) return p;
        // A cancellation stops credit but not the period: cancelling early pays the credit earned so far at the
        // campaign's rate, and a pledge held for a moment before a cancel earns a moment's worth, not the whole rate.
        unchecked {
            uint256 goal = Campaigns.goalOf(word0);
            uint256 pledged = Campaigns.pledgedOf(word0);
            uint256 goalCredit = goal * (deadline - start);
            p.denominator = goalCredit;
            if (withTotal || pledged >= goal) {
                p.totalCredit = pledged * (p.end - start) - c.creditDelay;
                if (p.totalCredit > goalCredit) p.denominator = p.totalCredit;
            }
        }
    }

    /// @notice Whether a campaign's bonus goes to its backers: funding did not go through (failed, cancelled, or a
    /// success nobody claimed in time). A rejected milestone is not a failure of funding: the bonus then goes back.
    /// @param current The campaign's state.
    /// @return True when refunds carry the bonus.
    function paysBackers(IPledgeEscrow.State current) internal pure returns (bool) {
        return current == IPledgeEscrow.State.Failed || current == IPledgeEscrow.State.Cancelled
            || current == IPledgeEscrow.State.Lapsed;
    }

    /// @notice The most bonus a campaign may hold: `MAX_BONUS_BPS` of its goal, and what 96 bits hold.
    /// @param goal The goal.
    /// @return The cap.
    function cap(uint256 goal) internal pure returns (uint256) {
        uint256 byGoal = (goal * Limits.MAX_BONUS_BPS) / Limits.BPS;
        return byGoal < type(uint96).max ? byGoal : type(uint96).max;
    }

    /// @notice The least a campaign's first bonus deposit may be: `MIN_FIRST_BONUS_BPS` of its goal (at least one
    /// unit).
    /// @param goal The goal.
    /// @return The minimum.
    function minFirstDeposit(uint256 goal) internal pure returns (uint256) {
        uint256 min = (goal * Limits.MIN_FIRST_BONUS_BPS) / Limits.BPS;
        if (min == 0) return 1;
        // A goal so large that its 1% passes the 96-bit cap: the whole cap is then the least (and the most).
        uint256 max = cap(goal);
        return min < max ? min : max;
    }

    /// @dev A backer's delay since the bonus start; a credit start before it (a pledge made before the bonus) counts
    /// from the start.
    function _delayOf(uint256 backerWord, uint256 start) private pure returns (uint256) {
        uint256 since = uint32(backerWord >> _SINCE_SHIFT);
        return since > start ? since - start : 0;
    }

    function _slot3(EscrowStorage.Campaign storage c) private view returns (uint256 word3, uint256 start) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word3 := sload(add(c.slot, 3))
        }
        start = uint32(word3 >> _START_SHIFT);
    }

    /// @dev Below 2^129 (pledged < 2^104, delays < 2^25 seconds), so the 160 bits always hold it.
    function _setCreditDelay(EscrowStorage.Campaign storage c, uint256 word3, uint256 creditDelay) private {
        uint256 word = (word3 & _LOW_96) | (creditDelay << _DELAY_SHIFT);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(add(c.slot, 3), word)
        }
    }

    function _word(EscrowStorage.Backer storage b) private view returns (uint256 word) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word := sload(b.slot)
        }
    }
}
