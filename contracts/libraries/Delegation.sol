// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Delegation
/// @notice Runs the current call in one of the escrow's modules, on the escrow's storage, and ends the call with what
/// the module returned or reverted with.
/// @dev It ends the call itself: code a modifier runs after `_;` never runs on a forwarder, so a forwarder must never
/// carry `nonReentrant` (its lock would stay set for the rest of the transaction); the module function carries it.
library Delegation {
    /// @notice Delegates the whole calldata to `module` and returns or reverts with its result.
    /// @param module The module.
    function delegate(address module) internal {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), module, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }

    /// @notice `delegate` for view functions: the modules' views write nothing, so the cast only satisfies the
    /// compiler (a view may not delegatecall).
    /// @param module The module.
    function delegateView(address module) internal view {
        _asView(delegate)(module);
    }

    function _asView(function(address) internal fn) private pure returns (function(address) internal view viewFn) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            viewFn := fn
        }
    }
}
