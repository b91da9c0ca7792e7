// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPledgeEscrow} from "../interfaces/IPledgeEscrow.sol";
import {Campaigns} from "./Campaigns.sol";
import {EscrowStorage} from "./EscrowStorage.sol";
import {Limits} from "./Limits.sol";

/// @title Milestones
/// @notice What time and the backers decided about a campaign's milestones, and what that releases or refunds: the
/// part of milestone review that claims and refunds need, so the escrow runs it without calling its module.
library Milestones {
    using Campaigns for EscrowStorage.Campaign;

    /// @dev What time has decided about a campaign's current milestone and nobody has recorded yet.
    enum Outcome {
        None,
        Accept,
        RejectByObjection,
        RejectOverdue
    }

    /// @notice What time has decided about the current milestone of a succeeded campaign, not yet recorded.
    /// @param campaignId The campaign.
    /// @param c The campaign.
    /// @param p Its progress.
    /// @return outcome The pending decision.
    /// @return index The milestone it concerns.
    function outcome(uint256 campaignId, EscrowStorage.Campaign storage c, EscrowStorage.Progress storage p)
        internal
        view
        returns (Outcome, uint256 index)
    {
        if (c.state() != IPledgeEscrow.State.Succeeded || c.milestoneCount == 0) return (Outcome.None, 0);
        index = p.current;
        if (index == c.milestoneCount) return (Outcome.None, index);
        uint256 reviewEnd = p.reviewEnd;
        if (reviewEnd != 0) {
            if (block.timestamp <= reviewEnd) return (Outcome.None, index);
            // The threshold is measured on the weight that can object: pledges made after the cutoff count for
            // neither side.
            uint256 weightTotal = uint256(c.pledged) - p.lateTotal;
            bool rejected = uint256(p.objectionWeight) * Limits.BPS > weightTotal * p.thresholdBps;
            return (rejected ? Outcome.RejectByObjection : Outcome.Accept, index);
        }
        if (block.timestamp > EscrowStorage.layout().milestones[campaignId][index].due) {
            return (Outcome.RejectOverdue, index);
        }
        return (Outcome.None, index);
    }

    /// @notice Records a pending decision: accepts a milestone whose window closed (and then, if the next one is
    /// already overdue, rejects it) or rejects the current milestone. At most two steps, whatever the plan.
    /// @param campaignId The campaign.
    /// @param c The campaign.
    /// @param p Its progress.
    function settle(uint256 campaignId, EscrowStorage.Campaign storage c, EscrowStorage.Progress storage p) internal {
        (Outcome decided, uint256 index) = outcome(campaignId, c, p);
        if (decided == Outcome.Accept) {
            uint256 releasedBps = p.releasedBps + EscrowStorage.layout().milestones[campaignId][index].shareBps;
            p.releasedBps = uint16(releasedBps);
            p.current = uint8(index + 1);
            p.reviewEnd = 0;
            p.objectionWeight = 0;
            emit IPledgeEscrow.MilestoneAccepted(campaignId, index, releasedBps);
            (decided, index) = outcome(campaignId, c, p);
        }
        if (decided == Outcome.RejectByObjection || decided == Outcome.RejectOverdue) {
            c.setStatus(Campaigns.STATUS_REJECTED);
            emit IPledgeEscrow.MilestoneRejected(
                campaignId, index, decided == Outcome.RejectOverdue, p.objectionWeight
            );
        }
    }

    /// @notice The state of a campaign with every pending milestone decision applied.
    /// @param campaignId The campaign.
    /// @param c The campaign.
    /// @return current The state.
    function currentState(uint256 campaignId, EscrowStorage.Campaign storage c)
        internal
        view
        returns (IPledgeEscrow.State current)
    {
        current = c.state();
        if (current != IPledgeEscrow.State.Succeeded || c.milestoneCount == 0) return current;
        (Outcome decided, uint256 index) = outcome(campaignId, c, EscrowStorage.layout().progress[campaignId]);
        if (decided == Outcome.RejectByObjection || decided == Outcome.RejectOverdue) {
            return IPledgeEscrow.State.Rejected;
        }
        if (decided == Outcome.Accept && index + 1 < c.milestoneCount) {
            if (block.timestamp > EscrowStorage.layout().milestones[campaignId][index + 1].due) {
                return IPledgeEscrow.State.Rejected;
            }
        }
    }

    /// @notice What has been released to the project of a campaign with milestones. After a rejection, once every
    /// backer has taken their refund, the rounding dust left over is released to the project too.
    /// @param c The campaign.
    /// @param p Its progress.
    /// @param total The campaign total.
    /// @return The amount released, fees included.
    function released(EscrowStorage.Campaign storage c, EscrowStorage.Progress storage p, uint256 total)
        internal
        view
        returns (uint256)
    {
        if (c.status() == Campaigns.STATUS_REJECTED && p.refundedWeight == total) return total - p.refundedPaid;
        return (total * p.releasedBps) / Limits.BPS;
    }

    /// @notice Books a backer's refund after a rejection: pledge x unreleased / total, rounded down.
    /// @param p The campaign's progress.
    /// @param total The campaign total.
    /// @param amount The backer's pledge.
    /// @return payment What the backer receives.
    function refundAfterRejection(EscrowStorage.Progress storage p, uint256 total, uint256 amount)
        internal
        returns (uint256 payment)
    {
        uint256 unreleased = total - (total * p.releasedBps) / Limits.BPS;
        payment = (amount * unreleased) / total;
        p.refundedWeight += uint104(amount);
        p.refundedPaid += uint104(payment);
    }

    /// @notice A backer's objection weight: their pledge less its weightless late part.
    /// @param b The backer's record.
    /// @return The weight.
    function weightOf(EscrowStorage.Backer storage b) internal view returns (uint256) {
        return uint256(b.amount) - b.late;
    }
}
