// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title FalseReturnToken
/// @notice An ERC-20 that, once switched, answers transfers with `false` instead of reverting. Test helper.
contract FalseReturnToken is ERC20 {
    /// @notice Whether transfers now fail by returning false.
    bool public failing;

    /// @notice A token named "False Return" (FRT), 18 decimals, no supply, not failing yet.
    constructor() ERC20("False Return", "FRT") {}

    /// @notice Mints `amount` to `to`.
    /// @param to Recipient.
    /// @param amount Amount.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Switches the failure mode.
    /// @param failing_ Whether transfers return false.
    function setFailing(bool failing_) external {
        failing = failing_;
    }

    /// @inheritdoc ERC20
    function transfer(address to, uint256 value) public override returns (bool) {
        return failing ? false : super.transfer(to, value);
    }

    /// @inheritdoc ERC20
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        return failing ? false : super.transferFrom(from, to, value);
    }
}
