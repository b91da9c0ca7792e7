// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title NoReturnToken
/// @notice An ERC-20 whose transfer, transferFrom and approve return nothing (like USDT on Ethereum). Test helper.
contract NoReturnToken {
    /// @notice Balances.
    mapping(address => uint256) public balanceOf;
    /// @notice Allowances.
    mapping(address => mapping(address => uint256)) public allowance;
    /// @notice Total supply.
    uint256 public totalSupply;

    /// @notice The sender has less than the amount.
    error InsufficientBalance();

    /// @notice The spender may move less than the amount.
    error InsufficientAllowance();

    /// @notice Standard ERC-20 Transfer event.
    /// @param from Sender.
    /// @param to Recipient.
    /// @param value Amount.
    event Transfer(address indexed from, address indexed to, uint256 value);

    /// @notice Standard ERC-20 Approval event.
    /// @param owner Owner.
    /// @param spender Spender.
    /// @param value Amount.
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// @notice Mints `amount` to `to`.
    /// @param to Recipient.
    /// @param amount Amount.
    function mint(address to, uint256 amount) external {
        balanceOf[to] += amount;
        totalSupply += amount;
        emit Transfer(address(0), to, amount);
    }

    /// @notice Approves without returning a value.
    /// @param spender Spender.
    /// @param amount Amount.
    function approve(address spender, uint256 amount) external {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
    }

    /// @notice Transfers without returning a value.
    /// @param to Recipient.
    /// @param amount Amount.
    function transfer(address to, uint256 amount) external {
        _move(msg.sender, to, amount);
    }

    /// @notice Transfers from an approved account without returning a value.
    /// @param from Sender.
    /// @param to Recipient.
    /// @param amount Amount.
    function transferFrom(address from, address to, uint256 amount) external {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed < amount) revert InsufficientAllowance();
        if (allowed != type(uint256).max) allowance[from][msg.sender] = allowed - amount;
        _move(from, to, amount);
    }

    /// @notice Moves a balance, reverting (not returning false) when it is short.
    function _move(address from, address to, uint256 amount) private {
        if (balanceOf[from] < amount) revert InsufficientBalance();
        balanceOf[from] -= amount;
        balanceOf[to] += amount;
        emit Transfer(from, to, amount);
    }
}
