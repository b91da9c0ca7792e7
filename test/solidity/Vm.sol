// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IVm
/// @notice The cheatcodes these tests use, served by Hardhat's Solidity test runner (EDR); forge-std cannot be
/// installed here, so only what is used is declared.
interface IVm {
    /// @notice Sets block.timestamp.
    /// @param timestamp The new timestamp.
    function warp(uint256 timestamp) external;

    /// @notice Sets block.number.
    /// @param blockNumber The new block number.
    function roll(uint256 blockNumber) external;

    /// @notice Makes the next call come from `sender`.
    /// @param sender The caller to impersonate.
    function prank(address sender) external;

    /// @notice Makes every following call come from `sender` until `stopPrank`.
    /// @param sender The caller to impersonate.
    function startPrank(address sender) external;

    /// @notice Ends a `startPrank`.
    function stopPrank() external;

    /// @notice Sets the ETH balance of `account`.
    /// @param account The account.
    /// @param balance The new balance.
    function deal(address account, uint256 balance) external;

    /// @notice Expects the next call to revert with exactly `revertData`.
    /// @param revertData The expected revert data.
    function expectRevert(bytes calldata revertData) external;

    /// @notice Expects the next call to emit an event with the same topics and data as the next one emitted here.
    function expectEmit() external;

    /// @notice Discards the fuzz run when `condition` is false.
    /// @param condition The condition.
    function assume(bool condition) external;

    /// @notice Takes a snapshot of the whole state (balances, storage, block environment).
    /// @return snapshotId The snapshot.
    function snapshotState() external returns (uint256 snapshotId);

    /// @notice Goes back to a snapshot taken with `snapshotState` (the snapshot stays usable).
    /// @param snapshotId The snapshot.
    /// @return success Whether the snapshot existed.
    function revertToState(uint256 snapshotId) external returns (bool success);
}

/// @title TestBase
/// @notice Cheatcode handle, bounding and assertions shared by the Solidity tests.
abstract contract TestBase {
    /// @notice Selector-by-selector view of a target for the invariant fuzzer.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    /// @notice `bound` was asked for an empty range.
    /// @param min The lower end.
    /// @param max The upper end, below it.
    error BoundMinAboveMax(uint256 min, uint256 max);

    /// @notice The cheatcode address every Solidity test runner serves.
    IVm internal constant VM = IVm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice Maps `x` into [min, max] uniformly enough for fuzzing, keeping small values as they are.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        if (min > max) revert BoundMinAboveMax(min, max);
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        return min + (x % (size + 1));
    }

    /// @notice Reverts with `what` and both values unless they are equal.
    function assertEq(uint256 a, uint256 b, string memory what) internal pure {
        if (a != b) revert(string.concat(what, ": ", _str(a), " != ", _str(b)));
    }

    /// @notice Reverts with `what` and both values unless `a >= b`.
    function assertGe(uint256 a, uint256 b, string memory what) internal pure {
        if (a < b) revert(string.concat(what, ": ", _str(a), " < ", _str(b)));
    }

    /// @notice Reverts with `what` and both values unless `a <= b`.
    function assertLe(uint256 a, uint256 b, string memory what) internal pure {
        if (a > b) revert(string.concat(what, ": ", _str(a), " > ", _str(b)));
    }

    /// @notice Reverts with `what` unless `condition` holds.
    function assertTrue(bool condition, string memory what) internal pure {
        if (!condition) revert(what);
    }

    /// @notice A number in decimal, for assertion messages.
    function _str(uint256 value) internal pure returns (string memory) {
        if (value == 0) return "0";
        uint256 digits;
        for (uint256 v = value; v != 0; v /= 10) ++digits;
        bytes memory out = new bytes(digits);
        for (; value != 0; value /= 10) out[--digits] = bytes1(uint8(48 + (value % 10)));
        return string(out);
    }
}
