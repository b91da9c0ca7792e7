// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title ReentrantToken
/// @notice An ERC-20 (with permit) that, once armed, calls back into the escrow from inside a transfer the escrow
/// makes or pulls (`transfer` or `transferFrom`), and records how that re-entrant call ended. It can also hold a
/// pledge of its own, so a re-entrant withdrawal has something to take. Test helper.
contract ReentrantToken is ERC20, ERC20Permit {
    /// @notice The escrow it calls.
    address public immutable escrow;
    /// @notice Calldata of the re-entrant call (empty: none).
    bytes public reentryCall;
    /// @notice How many re-entrant calls were attempted.
    uint256 public attempts;
    /// @notice Whether the last re-entrant call succeeded.
    bool public reentrySucceeded;
    /// @notice Revert data of the last re-entrant call that failed.
    bytes public reentryError;

    /// @notice A call made through `execute` failed.
    /// @param reason Its revert data.
    error CallFailed(bytes reason);

    /// @notice A token that calls back into `escrow_` once armed.
    /// @param escrow_ The escrow.
    constructor(address escrow_) ERC20("Reentrant", "RE") ERC20Permit("Reentrant") {
        escrow = escrow_;
    }

    /// @notice Mints `amount` to `to`.
    /// @param to Recipient.
    /// @param amount Amount.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Lets the escrow pull `amount` from this contract and calls it with `data` (acting as a backer).
    /// @param amount Allowance given to the escrow.
    /// @param data The calldata.
    function execute(uint256 amount, bytes calldata data) external {
        _approve(address(this), escrow, amount);
        (bool ok, bytes memory result) = escrow.call(data);
        if (!ok) revert CallFailed(result);
    }

    /// @notice Arms the re-entrant call made during the next transfer the escrow makes or pulls.
    /// @param data Its calldata.
    function arm(bytes calldata data) external {
        reentryCall = data;
    }

    /// @notice The selector of the last recorded revert (zero when none).
    /// @return selector The first four bytes of the revert data.
    function reentrySelector() external view returns (bytes4 selector) {
        bytes memory err = reentryError;
        if (err.length >= 4) selector = bytes4(err);
    }

    /// @notice Makes the armed re-entrant call, once, when the escrow moves tokens; then transfers as usual.
    function _update(address from, address to, uint256 value) internal override {
        bytes memory data = reentryCall;
        if (data.length != 0 && msg.sender == escrow) {
            delete reentryCall;
            ++attempts;
            (bool ok, bytes memory result) = escrow.call(data);
            reentrySucceeded = ok;
            if (!ok) reentryError = result;
        }
        super._update(from, to, value);
    }
}
