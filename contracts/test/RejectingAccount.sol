// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title RejectingAccount
/// @notice A contract account (a builder, or a project's payout address) that calls the escrow like any account and,
/// once switched, refuses every ETH payment it is sent. Test helper.
contract RejectingAccount {
    /// @notice The escrow it calls.
    address public immutable escrow;
    /// @notice Whether it now refuses ETH.
    bool public rejecting;

    /// @notice This account refuses ETH.
    error EthRejected();

    /// @notice A call made through `execute` failed.
    /// @param reason Its revert data.
    error CallFailed(bytes reason);

    /// @notice An account of `escrow_` that accepts ETH until told otherwise.
    /// @param escrow_ The escrow.
    constructor(address escrow_) {
        escrow = escrow_;
    }

    /// @notice Switches the refusal of ETH.
    /// @param rejecting_ Whether ETH is refused.
    function setRejecting(bool rejecting_) external {
        rejecting = rejecting_;
    }

    /// @notice Calls the escrow with `data` (acting as a builder or maintainer).
    /// @param data The calldata.
    function execute(bytes calldata data) external {
        (bool ok, bytes memory result) = escrow.call(data);
        if (!ok) revert CallFailed(result);
    }

    /// @notice Refuses the ETH while rejecting, accepts it otherwise.
    receive() external payable {
        if (rejecting) revert EthRejected();
    }
}
