// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPledgeEscrow} from "../interfaces/IPledgeEscrow.sol";
import {Campaigns} from "./Campaigns.sol";
import {EscrowStorage} from "./EscrowStorage.sol";
import {Limits} from "./Limits.sol";

/// @title MilestonePlans
/// @notice The rules of a milestone plan and its recording, for the two ways a campaign gets one: opened with it
/// (`MilestoneReview`) or a request accepted with it (`RequestBoard`).
library MilestonePlans {
    /// @notice Checks what of a plan does not depend on the campaign's dates: the number of milestones, the review
    /// window and the objection threshold.
    /// @param plan The plan.
    /// @return count Its number of milestones.
    /// @return threshold Its objection threshold, the default applied.
    function check(IPledgeEscrow.MilestonePlan calldata plan) internal pure returns (uint256 count, uint16 threshold) {
        count = plan.milestones.length;
        if (count == 0 || count > Limits.MAX_MILESTONES) {
            revert IPledgeEscrow.InvalidMilestoneCount(count, Limits.MAX_MILESTONES);
        }
        uint256 reviewWindow = plan.reviewWindow;
        if (reviewWindow < Limits.MIN_REVIEW_WINDOW || reviewWindow > Limits.MAX_REVIEW_WINDOW) {
            revert IPledgeEscrow.InvalidReviewWindow(reviewWindow);
        }
        threshold = plan.objectionThresholdBps;
        if (threshold == 0) threshold = Limits.DEFAULT_OBJECTION_THRESHOLD_BPS;
        if (threshold >= Limits.BPS) revert IPledgeEscrow.InvalidObjectionThreshold(threshold);
    }

    /// @notice Checks the due dates and shares of a plan `check` passed against the campaign's deadline and last
    /// call, stores it and emits `MilestonePlanSet`.
    /// @param campaignId The campaign, whose other terms are recorded.
    /// @param deadline Its deadline.
    /// @param lastCall Its last call in seconds.
    /// @param plan The plan.
    /// @param threshold Its objection threshold (`check`).
    function record(
        uint256 campaignId,
        uint256 deadline,
        uint256 lastCall,
        IPledgeEscrow.MilestonePlan calldata plan,
        uint16 threshold
    ) internal {
        EscrowStorage.Layout storage store = EscrowStorage.layout();
        uint256 count = plan.milestones.length;
        uint256 reviewWindow = plan.reviewWindow;
        uint256 totalBps = plan.initialShareBps;
        // The first milestone falls due more than one review window after the latest deadline a last-call extension
        // can reach, so no extension leaves the maintainers less time to deliver it than the backers have to review
        // it. A milestone submitted at the last second of its due date is reviewed before the next one falls due, so
        // on-time delivery never makes the next one overdue.
        uint256 earliestDue = Campaigns.latestDeadline(deadline, lastCall) + reviewWindow + 1;
        for (uint256 i = 0; i < count; ++i) {
            IPledgeEscrow.Milestone calldata milestone = plan.milestones[i];
            if (milestone.shareBps == 0) revert IPledgeEscrow.InvalidMilestoneShares(0);
            if (milestone.due < earliestDue || milestone.due > deadline + Limits.MAX_MILESTONE_SPAN) {
                revert IPledgeEscrow.InvalidMilestoneDue(i, milestone.due);
            }
            totalBps += milestone.shareBps;
            earliestDue = uint256(milestone.due) + reviewWindow + 1;
            store.milestones[campaignId][i] = milestone;
        }
        if (totalBps != Limits.BPS) revert IPledgeEscrow.InvalidMilestoneShares(totalBps);
        // The last review window must end in time too: a delivery on its due date could not be reviewed otherwise.
        Campaigns.toTime(earliestDue - 1);

        EscrowStorage.Progress storage p = store.progress[campaignId];
        p.releasedBps = plan.initialShareBps;
        p.thresholdBps = threshold;
        p.reviewWindow = uint32(reviewWindow);

        emit IPledgeEscrow.MilestonePlanSet(campaignId, plan.initialShareBps, reviewWindow, threshold, plan.milestones);
    }
}
