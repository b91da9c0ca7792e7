// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ReentrantReceiver
/// @notice An account (backer, maintainer, payout address or fee recipient) that, once armed, calls back into the
/// escrow when it receives ETH, and records how that re-entrant call ended. Test helper.
contract ReentrantReceiver {
    /// @notice The escrow it calls.
    address public immutable escrow;
    /// @notice Calldata of the re-entrant call (empty: just accept the ETH).
    bytes public reentryCall;
    /// @notice ETH sent along with the re-entrant call.
    uint256 public reentryValue;
    /// @notice How many re-entrant calls were attempted.
    uint256 public attempts;
    /// @notice Whether the last re-entrant call succeeded.
    bool public reentrySucceeded;
    /// @notice Revert data of the last re-entrant call that failed.
    bytes public reentryError;

    /// @notice A call made through `execute` failed.
    /// @param reason Its revert data.
    error CallFailed(bytes reason);

    /// @notice A receiver that calls back into `escrow_` once armed; ETH sent along funds its re-entrant pledges.
    /// @param escrow_ The escrow.
    constructor(address escrow_) payable {
        escrow = escrow_;
    }

    /// @notice Calls the escrow with `data` and the ETH sent (acting as a backer or maintainer).
    /// @param data The calldata.
    function execute(bytes calldata data) external payable {
        (bool ok, bytes memory result) = escrow.call{value: msg.value}(data);
        if (!ok) revert CallFailed(result);
    }

    /// @notice Arms the re-entrant call made on the next receipt of ETH.
    /// @param data Its calldata.
    /// @param value ETH sent with it (from this contract's balance).
    function arm(bytes calldata data, uint256 value) external {
        reentryCall = data;
        reentryValue = value;
    }

    /// @notice The selector of the last recorded revert (zero when none).
    /// @return selector The first four bytes of the revert data.
    function reentrySelector() external view returns (bytes4 selector) {
        bytes memory err = reentryError;
        if (err.length >= 4) selector = bytes4(err);
    }

    /// @notice Makes the armed re-entrant call, once, and records how it ended; accepts the ETH either way.
    receive() external payable {
        bytes memory data = reentryCall;
        if (data.length == 0) return;
        delete reentryCall;
        ++attempts;
        (bool ok, bytes memory result) = escrow.call{value: reentryValue}(data);
        reentrySucceeded = ok;
        if (!ok) reentryError = result;
    }
}
