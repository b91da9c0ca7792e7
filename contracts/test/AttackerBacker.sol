// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPledgeEscrow} from "../interfaces/IPledgeEscrow.sol";

/// @title AttackerBacker
/// @notice A contract backer (and possible payout address) that either rejects ETH or, on receiving it, tries to
/// re-enter the escrow to be paid twice. Test helper.
contract AttackerBacker {
    /// @notice What the contract does when it receives ETH.
    enum Mode {
        Accept,
        Reject,
        Reenter
    }

    /// @notice This contract refuses ETH (mode `Reject`).
    error EthRejected();

    /// @notice The escrow under attack.
    IPledgeEscrow public immutable escrow;
    /// @notice Current behaviour.
    Mode public mode;
    /// @notice Campaign the re-entry targets.
    uint256 public targetCampaign;
    /// @notice Whether the last re-entry attempt succeeded.
    bool public reentrySucceeded;
    /// @notice Revert data of the last failed re-entry attempt.
    bytes public reentryError;

    /// @notice An attacker of `escrow_` that accepts ETH until told otherwise.
    /// @param escrow_ The escrow.
    constructor(IPledgeEscrow escrow_) {
        escrow = escrow_;
    }

    /// @notice Sets the behaviour on receiving ETH.
    /// @param mode_ The behaviour.
    /// @param campaignId Campaign targeted by re-entry.
    function setMode(Mode mode_, uint256 campaignId) external {
        mode = mode_;
        targetCampaign = campaignId;
    }

    /// @notice Pledges the ETH sent.
    /// @param campaignId Campaign.
    function pledge(uint256 campaignId) external payable {
        escrow.pledge{value: msg.value}(campaignId);
    }

    /// @notice Withdraws part of its pledge.
    /// @param campaignId Campaign.
    /// @param amount Amount.
    function withdrawPledge(uint256 campaignId, uint256 amount) external {
        escrow.withdrawPledge(campaignId, amount);
    }

    /// @notice Asks for its refund.
    /// @param campaignId Campaign.
    function refund(uint256 campaignId) external {
        escrow.refund(campaignId);
    }

    /// @notice Rejects the ETH, or tries to be refunded again from inside the payment, as the mode says.
    receive() external payable {
        if (mode == Mode.Reject) revert EthRejected();
        if (mode == Mode.Reenter) {
            try escrow.refund(targetCampaign) {
                reentrySucceeded = true;
            } catch (bytes memory err) {
                reentryError = err;
            }
        }
    }
}
