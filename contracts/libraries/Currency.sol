// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IPledgeEscrow} from "../interfaces/IPledgeEscrow.sol";

/// @title Currency
/// @notice Moves ETH or an ERC-20 in and out of the escrow: the zero address stands for ETH.
/// @dev Like Uniswap v4-core's `CurrencyLibrary`, the one place that knows how value moves.
library Currency {
    using SafeERC20 for IERC20;

    /// @notice The token address that stands for native ETH.
    address internal constant NATIVE = address(0);

    /// @notice Pulls `amount` of `token` from the caller and refuses a token that delivers anything else (fee on
    /// transfer, rebasing), since the escrow would then owe more than it holds.
    /// @param token The ERC-20.
    /// @param amount The amount.
    function pull(address token, uint256 amount) internal {
        uint256 balanceBefore = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert IPledgeEscrow.TransferAmountMismatch(amount, received);
    }

    /// @notice Sends `amount` of `token` (ETH for the zero address) to `to`; reverts if the transfer fails.
    /// @param token The token.
    /// @param to The recipient.
    /// @param amount The amount.
    function send(address token, address to, uint256 amount) internal {
        if (token == NATIVE) {
            (bool ok,) = to.call{value: amount}("");
            if (!ok) revert IPledgeEscrow.EthTransferFailed(to, amount);
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
    }
}
