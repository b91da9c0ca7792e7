// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPledgeEscrow} from "../interfaces/IPledgeEscrow.sol";
import {IProjectRegistry} from "../interfaces/IProjectRegistry.sol";
import {Campaigns} from "../libraries/Campaigns.sol";
import {EscrowStorage} from "../libraries/EscrowStorage.sol";
import {Limits} from "../libraries/Limits.sol";
import {MilestonePlans} from "../libraries/MilestonePlans.sol";
import {Milestones} from "../libraries/Milestones.sol";
import {RefundBonus} from "../libraries/RefundBonus.sol";
import {EscrowModule} from "./EscrowModule.sol";

/// @title MilestoneReview
/// @notice The escrow's milestone module: opening campaigns with a plan, milestone plans, submissions, objections and
/// their views, and cancellation (a maintainer's rare path, here for the core's bytes). The escrow deploys it in its
/// own constructor and delegates these calls to it, so it runs on the escrow's storage, with the escrow's address and
/// balance; what claims and refunds need of milestones (outcome, release, pro-rata refund) stays in the escrow
/// (`Milestones`), so the hot paths make no extra call.
contract MilestoneReview is EscrowModule {
    using Campaigns for EscrowStorage.Campaign;

    IProjectRegistry private immutable _REGISTRY;

    /// @notice Deployed by the escrow, which it serves.
    /// @param registry The escrow's registry.
    constructor(IProjectRegistry registry) {
        _REGISTRY = registry;
    }

    /// @notice Cancels a funding campaign (see `IPledgeEscrow.cancelCampaign`); only a maintainer.
    /// @param campaignId The campaign.
    function cancelCampaign(uint256 campaignId) external onlyDelegated {
        EscrowStorage.Campaign storage c = Campaigns.load(campaignId);
        Campaigns.requireMaintainer(_REGISTRY, c.projectId);
        uint256 word0 = Campaigns.slot0(c);
        // A request has no terms to cancel: a maintainer declines it (`RequestBoard.declineRequest`).
        c.requireCampaignFunding(campaignId, word0);
        c.setStatus(Campaigns.STATUS_CANCELLED);
        // Credit stops now, the period does not: backers are paid what they earned until now, depositors keep the rest.
        if (Campaigns.flagsOf(word0) & RefundBonus.FLAG_BONUS != 0) c.bonusEnd = uint32(block.timestamp);
        emit IPledgeEscrow.CampaignCancelled(campaignId, msg.sender);
    }

    /// @notice Opens a campaign whose funds are released as a first share on success, then per accepted milestone;
    /// the escrow delegates `IPledgeEscrow.openCampaignWithMilestones` here after its pause check.
    /// @param terms The campaign's terms.
    /// @param plan The milestone plan.
    /// @return campaignId The new campaign's id.
    function openCampaignWithMilestones(
        IPledgeEscrow.CampaignTerms calldata terms,
        IPledgeEscrow.MilestonePlan calldata plan
    ) external onlyDelegated returns (uint256 campaignId) {
        (uint256 count, uint16 threshold) = MilestonePlans.check(plan);
        campaignId = Campaigns.open(_REGISTRY, terms, uint8(count));
        MilestonePlans.record(
            campaignId, terms.deadline, EscrowStorage.layout().campaigns[campaignId].lastCallOf(), plan, threshold
        );
    }

    /// @notice Submits the current milestone for review (see `IPledgeEscrow.submitMilestone`).
    /// @param campaignId The campaign.
    /// @param deliveryURI Where the delivered work is.
    function submitMilestone(uint256 campaignId, string calldata deliveryURI) external onlyDelegated {
        EscrowStorage.Campaign storage c = Campaigns.load(campaignId);
        Campaigns.requireMaintainer(_REGISTRY, c.projectId);
        uint256 count = c.milestoneCount;
        if (count == 0) revert IPledgeEscrow.NoMilestones(campaignId);
        if (bytes(deliveryURI).length == 0) revert IPledgeEscrow.EmptyDeliveryURI();
        IPledgeEscrow.State current = Milestones.currentState(campaignId, c);
        if (current != IPledgeEscrow.State.Succeeded) {
            revert IPledgeEscrow.UnexpectedState(campaignId, current, Campaigns.SUCCEEDED);
        }
        EscrowStorage.Progress storage p = EscrowStorage.layout().progress[campaignId];
        Milestones.settle(campaignId, c, p);
        uint256 index = p.current;
        if (index == count) revert IPledgeEscrow.AllMilestonesAccepted(campaignId);
        if (p.reviewEnd != 0) revert IPledgeEscrow.MilestoneInReview(campaignId, p.reviewEnd);

        uint256 reviewEnd = block.timestamp + p.reviewWindow;
        // Fits: submissions come by the due date, and every due date plus a window was checked at opening.
        p.reviewEnd = uint32(reviewEnd);
        emit IPledgeEscrow.MilestoneSubmitted(campaignId, index, msg.sender, deliveryURI, reviewEnd);
    }

    /// @notice Objects to the milestone in review with the caller's weight (see `IPledgeEscrow.objectMilestone`).
    /// @param campaignId The campaign.
    function objectMilestone(uint256 campaignId) external onlyDelegated {
        Campaigns.load(campaignId);
        EscrowStorage.Layout storage store = EscrowStorage.layout();
        EscrowStorage.Progress storage p = store.progress[campaignId];
        _checkInReview(campaignId, p);
        uint256 weight = Milestones.weightOf(store.backers[campaignId][msg.sender]);
        if (weight == 0) revert IPledgeEscrow.NoStake(campaignId, msg.sender);
        uint256 index = p.current;
        if (store.objectingTo[campaignId][msg.sender] == index + 1) {
            revert IPledgeEscrow.AlreadyObjected(campaignId, msg.sender);
        }

        store.objectingTo[campaignId][msg.sender] = index + 1;
        uint256 objectionWeight = p.objectionWeight + weight;
        p.objectionWeight = uint104(objectionWeight);
        emit IPledgeEscrow.MilestoneObjected(campaignId, index, msg.sender, weight, objectionWeight);
    }

    /// @notice Takes back the caller's objection (see `IPledgeEscrow.withdrawObjection`).
    /// @param campaignId The campaign.
    function withdrawObjection(uint256 campaignId) external onlyDelegated {
        Campaigns.load(campaignId);
        EscrowStorage.Layout storage store = EscrowStorage.layout();
        EscrowStorage.Progress storage p = store.progress[campaignId];
        _checkInReview(campaignId, p);
        uint256 index = p.current;
        if (store.objectingTo[campaignId][msg.sender] != index + 1) {
            revert IPledgeEscrow.NotObjecting(campaignId, msg.sender);
        }

        uint256 weight = Milestones.weightOf(store.backers[campaignId][msg.sender]);
        delete store.objectingTo[campaignId][msg.sender];
        uint256 objectionWeight = p.objectionWeight - weight;
        p.objectionWeight = uint104(objectionWeight);
        emit IPledgeEscrow.ObjectionWithdrawn(campaignId, index, msg.sender, weight, objectionWeight);
    }

    /// @notice Records what time decided about the current milestone (see `IPledgeEscrow.settleMilestone`).
    /// @param campaignId The campaign.
    function settleMilestone(uint256 campaignId) external onlyDelegated {
        EscrowStorage.Campaign storage c = Campaigns.load(campaignId);
        EscrowStorage.Progress storage p = EscrowStorage.layout().progress[campaignId];
        (Milestones.Outcome decided,) = Milestones.outcome(campaignId, c, p);
        if (decided == Milestones.Outcome.None) revert IPledgeEscrow.NothingToSettle(campaignId);
        Milestones.settle(campaignId, c, p);
    }

    /// @notice Release and review progress (see `IPledgeEscrow.getMilestoneProgress`).
    /// @param campaignId The campaign.
    /// @return progress The progress, pending decisions applied.
    function getMilestoneProgress(uint256 campaignId)
        external
        view
        onlyDelegated
        returns (IPledgeEscrow.MilestoneProgressView memory progress)
    {
        EscrowStorage.Campaign storage c = Campaigns.load(campaignId);
        if (c.milestoneCount == 0) revert IPledgeEscrow.NoMilestones(campaignId);
        EscrowStorage.Layout storage store = EscrowStorage.layout();
        EscrowStorage.Progress storage p = store.progress[campaignId];
        uint256 total = c.pledged;
        progress.count = c.milestoneCount;
        progress.current = p.current;
        progress.reviewEnd = p.reviewEnd;
        progress.objectionWeight = p.objectionWeight;
        uint256 releasedBps = p.releasedBps;
        (Milestones.Outcome decided, uint256 index) = Milestones.outcome(campaignId, c, p);
        if (decided == Milestones.Outcome.Accept) {
            progress.current = index + 1;
            releasedBps += store.milestones[campaignId][index].shareBps;
            progress.reviewEnd = 0;
            progress.objectionWeight = 0;
        }
        IPledgeEscrow.State current = c.state();
        if (
            current == IPledgeEscrow.State.Succeeded || current == IPledgeEscrow.State.Claimed
                || current == IPledgeEscrow.State.Rejected
        ) {
            progress.releasedBps = releasedBps;
            progress.released = c.status() == Campaigns.STATUS_REJECTED && p.refundedWeight == total
                ? total - p.refundedPaid
                : (total * releasedBps) / Limits.BPS;
        }
        progress.claimed = p.claimed;
        progress.thresholdWeight = ((total - p.lateTotal) * p.thresholdBps) / Limits.BPS;
        progress.reviewWindow = p.reviewWindow;
        progress.objectionThresholdBps = p.thresholdBps;
        progress.refunded = p.refundedPaid;
    }

    /// @notice One milestone of a campaign's plan (see `IPledgeEscrow.getMilestone`).
    /// @param campaignId The campaign.
    /// @param index The milestone's index.
    /// @return The milestone.
    function getMilestone(uint256 campaignId, uint256 index)
        external
        view
        onlyDelegated
        returns (IPledgeEscrow.Milestone memory)
    {
        EscrowStorage.Campaign storage c = Campaigns.load(campaignId);
        if (index >= c.milestoneCount) revert IPledgeEscrow.NoMilestones(campaignId);
        return EscrowStorage.layout().milestones[campaignId][index];
    }

    /// @notice Whether a backer objects to the milestone in review (see `IPledgeEscrow.isObjecting`).
    /// @param campaignId The campaign.
    /// @param backer The backer.
    /// @return True while their objection counts.
    function isObjecting(uint256 campaignId, address backer) external view onlyDelegated returns (bool) {
        Campaigns.load(campaignId);
        EscrowStorage.Layout storage store = EscrowStorage.layout();
        EscrowStorage.Progress storage p = store.progress[campaignId];
        // The submitted milestone stays current, with its review end, until its acceptance is recorded; a rejection
        // keeps both for good. Either way the objections to it are the ones that decided, or will decide, it.
        return p.reviewEnd != 0 && store.objectingTo[campaignId][backer] == uint256(p.current) + 1;
    }

    /// @notice A backer's objection weight (see `IPledgeEscrow.objectionWeightOf`).
    /// @param campaignId The campaign.
    /// @param backer The backer.
    /// @return The weight.
    function objectionWeightOf(uint256 campaignId, address backer) external view onlyDelegated returns (uint256) {
        return Milestones.weightOf(EscrowStorage.layout().backers[campaignId][backer]);
    }

    function _checkInReview(uint256 campaignId, EscrowStorage.Progress storage p) private view {
        uint256 reviewEnd = p.reviewEnd;
        if (reviewEnd == 0 || block.timestamp > reviewEnd) revert IPledgeEscrow.NotInReview(campaignId);
    }
}
