// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPledgeEscrow} from "../interfaces/IPledgeEscrow.sol";
import {Campaigns} from "../libraries/Campaigns.sol";
import {EscrowStorage} from "../libraries/EscrowStorage.sol";
import {Milestones} from "../libraries/Milestones.sol";
import {EscrowModule} from "./EscrowModule.sol";

/// @title CampaignViews
/// @notice The escrow's read module: a campaign's whole record and its state with pending milestone decisions applied.
/// Nothing on chain depends on these views, so they run here, delegated, and leave the escrow's bytes to what moves
/// money.
contract CampaignViews is EscrowModule {
    using Campaigns for EscrowStorage.Campaign;

    /// @notice A campaign's state (see `IPledgeEscrow.campaignState`).
    /// @param campaignId The campaign.
    /// @return The state.
    function campaignState(uint256 campaignId) external view onlyDelegated returns (IPledgeEscrow.State) {
        return Milestones.currentState(campaignId, Campaigns.load(campaignId));
    }

    /// @notice A campaign's record (see `IPledgeEscrow.getCampaign`).
    /// @param campaignId The campaign.
    /// @return The record.
    function getCampaign(uint256 campaignId) external view onlyDelegated returns (IPledgeEscrow.CampaignView memory) {
        EscrowStorage.Campaign storage c = Campaigns.load(campaignId);
        return IPledgeEscrow.CampaignView({
            projectId: c.projectId,
            token: c.token,
            goal: c.goal,
            pledged: c.pledged,
            deadline: c.deadline,
            feeBps: c.feeBps,
            state: Milestones.currentState(campaignId, c),
            specCommitment: c.specCommitment,
            openedAtBlock: c.openedAtBlock,
            plannedDeadline: c.plannedDeadlineOf(),
            lastCall: c.lastCallOf(),
            claimWindow: c.claimWindowOf(),
            goalReachedAt: c.goalReachedAt
        });
    }
}
