// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title BlacklistToken
/// @notice An ERC-20 with a blacklist, like USDC's: a transfer to or from a blacklisted address reverts. Test helper.
contract BlacklistToken is ERC20 {
    /// @notice Addresses that may neither send nor receive the token.
    mapping(address account => bool) public blacklisted;

    /// @notice A transfer touched a blacklisted address.
    /// @param account The blacklisted address.
    error Blacklisted(address account);

    /// @notice A token named "Blacklist Dollar" (BLD), 18 decimals, no supply, nobody blacklisted.
    constructor() ERC20("Blacklist Dollar", "BLD") {}

    /// @notice Mints `amount` to `to`.
    /// @param to Recipient.
    /// @param amount Amount.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Puts `account` on the blacklist or takes it off.
    /// @param account The address.
    /// @param listed Whether it is blacklisted.
    function setBlacklisted(address account, bool listed) external {
        blacklisted[account] = listed;
    }

    /// @notice Refuses any movement to or from a blacklisted address, then transfers as usual.
    function _update(address from, address to, uint256 value) internal override {
        if (blacklisted[from]) revert Blacklisted(from);
        if (blacklisted[to]) revert Blacklisted(to);
        super._update(from, to, value);
    }
}
