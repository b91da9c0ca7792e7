// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPledgeEscrow} from "../interfaces/IPledgeEscrow.sol";
import {Campaigns} from "./Campaigns.sol";
import {EscrowStorage} from "./EscrowStorage.sol";
import {Limits} from "./Limits.sol";

/// @title RefundBonus
/// @notice The refund bonus of a dominant assurance contract (Tabarrok, 1998): when a campaign with a bonus fails, is
/// cancelled or lapses unclaimed, each backer's refund is their pledge plus
///     bonus x pledge x held / (max(goal, total pledged) x period)
/// where `period` runs from the first bonus deposit to the end of funding (the final deadline, or the cancellation)
/// and `held` is the part of it the pledge was in. Below the goal the denominator is the goal, so the bonus is a rate
/// that other pledges cannot dilute and the shares can never add up to more than the bonus; what they leave returns to
/// the depositors. README, "Refund bonus", gives the reasoning.
/// @dev O(1) on every path: each backer keeps the pledge-weighted mean time its credit runs from (`creditSince`, in the
/// backer's slot), the campaign keeps the sum of pledge x delay since the bonus started (`creditDelay`, slot 3), so
/// the total credit is `pledged x period - creditDelay` whatever the number of backers.
library RefundBonus {
    /// @notice Set in a campaign's flags by its first bonus deposit.
    uint8 internal constant FLAG_BONUS = 0x20;

    // Slot 3: `plannedDeadline` 0-31, `goalReachedAt` 32-63, `bonusStart` 64-95, `creditDelay` 96-255.
    uint256 private constant _START_SHIFT = 64;
    uint256 private constant _DELAY_SHIFT = 96;
    uint256 private constant _LOW_96 = (1 << 96) - 1;
    // Backer slot: `amount` 0-103, `late` 104-207, `creditSince` 208-239.
    uint256 private constant _SINCE_SHIFT = 208;

    /// @notice Records `added` more from a backer of a campaign with a bonus: the backer's credit start becomes the
    /// pledge-weighted mean of the old one (at the earliest the bonus start) and now, rounded up against the backer.
    /// @param c The campaign.
    /// @param b The backer, whose `amount` already includes `added`.
    /// @param added The amount just pledged.
    function onPledge(EscrowStorage.Campaign storage c, EscrowStorage.Backer storage b, uint256 added) internal {
        (uint256 word3, uint256 start) = _slot3(c);
        uint256 word = _word(b);
        uint256 total = uint104(word);
        uint256 before = total - added;
        uint256 oldDelay = _delayOf(word, start);
        uint256 newDelay = (before * oldDelay + added * (block.timestamp - start) + total - 1) / total;
        _setCreditDelay(c, word3, (word3 >> _DELAY_SHIFT) + total * newDelay - before * oldDelay);
        _setSince(b, word, start + newDelay);
    }

    /// @notice Restarts the credit of what a backer leaves in after a withdrawal: otherwise a backer who pledged early
    /// could take out a sliver to make the campaign fail and keep the credit of the rest.
    /// @param c The campaign.
    /// @param b The backer, whose `amount` is already what remains.
    /// @param taken The amount withdrawn.
    function onWithdraw(EscrowStorage.Campaign storage c, EscrowStorage.Backer storage b, uint256 taken) internal {
        (uint256 word3, uint256 start) = _slot3(c);
        uint256 word = _word(b);
        uint256 remaining = uint104(word);
        uint256 nowDelay = block.timestamp - start;
        _setCreditDelay(
            c, word3, (word3 >> _DELAY_SHIFT) - (remaining + taken) * _delayOf(word, start) + remaining * nowDelay
        );
        _setSince(b, word, block.timestamp);
    }

    /// @notice A refunding backer's bonus: their credit over the campaign's, times the bonus (rounded down: the shares
    /// never add up to more than the depositors set aside for them, `reservedForBackers`).
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
        (uint256 pot, uint256 start, uint256 end) = pool(c, word0);
        if (end <= start) return 0;
        uint256 from = since > start ? since : start;
        return (pot * amount * (end - from)) / (_base(word0) * (end - start));
    }

    /// @notice What the backers' shares of a campaign whose funding ended add up to at most: the bonus times the total
    /// credit over the credit of the goal (or of the total, when above it), rounded down. The depositors share the
    /// rest.
    /// @param c The campaign.
    /// @param word0 Its slot 0.
    /// @return The amount set aside for backers.
    function reservedForBackers(EscrowStorage.Campaign storage c, uint256 word0) internal view returns (uint256) {
        (uint256 pot, uint256 start, uint256 end) = pool(c, word0);
        if (end <= start) return 0;
        uint256 period = end - start;
        uint256 totalCredit = Campaigns.pledgedOf(word0) * period - c.creditDelay;
        return (pot * totalCredit) / (_base(word0) * period);
    }

    /// @notice The bonus pool: the bonus, when credit started and when it stops (the cancellation, else the current
    /// deadline).
    /// @param c The campaign.
    /// @param word0 Its slot 0.
    /// @return pot The bonus deposited.
    /// @return start When credit started.
    /// @return end When credit stops (or will, if the deadline does not move again).
    function pool(EscrowStorage.Campaign storage c, uint256 word0)
        internal
        view
        returns (uint256 pot, uint256 start, uint256 end)
    {
        uint256 word4;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word4 := sload(add(c.slot, 4))
        }
        pot = uint96(word4);
        start = uint32(word4 >> 96);
        end = uint32(word4 >> 128);
        if (end == 0) end = Campaigns.deadlineOf(word0);
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

    /// @dev Below the goal the shares are a fixed rate of the goal; above it (a cancelled or lapsed campaign that had
    /// reached it) they are scaled by goal / total so that they still fit the bonus.
    function _base(uint256 word0) private pure returns (uint256) {
        uint256 goal = Campaigns.goalOf(word0);
        uint256 pledged = Campaigns.pledgedOf(word0);
        return pledged > goal ? pledged : goal;
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

    /// @dev `since` is at most now: a mean of past times rounded up to a whole second.
    function _setSince(EscrowStorage.Backer storage b, uint256 word, uint256 since) private {
        uint256 updated = (word & ((1 << _SINCE_SHIFT) - 1)) | (since << _SINCE_SHIFT);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(b.slot, updated)
        }
    }
}
