// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title EscrowModule
/// @notice What every module of the escrow shares: it is deployed by the escrow's constructor and runs only when the
/// escrow delegates a call to it, on the escrow's storage, with the escrow's address and balance.
/// @dev Modules exist for bytes: each deployed contract must stay under 22,000 bytes with the coming features in
/// (docs/development.md, "Layout"). They keep all state in the escrow's namespaces (`EscrowStorage`) and have none
/// of their own.
abstract contract EscrowModule {
    /// @notice The module was called directly: its functions only run as part of its escrow.
    error NotDelegated();

    address private immutable _ESCROW;

    /// @notice Records the deployer, the escrow, as the only contract that may delegate to this module.
    constructor() {
        _ESCROW = msg.sender;
    }

    modifier onlyDelegated() {
        // Called directly, a module would run on its own empty storage: harmless, but never meaningful.
        if (address(this) != _ESCROW) revert NotDelegated();
        _;
    }
}
