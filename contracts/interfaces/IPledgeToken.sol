// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

/// @title IPledgeToken
/// @notice What the client and the tasks may ask of a pledged ERC-20: metadata, and EIP-2612 permit with its
/// EIP-5267 domain where the token has them. Declared only so that typed bindings are generated; nothing implements it
/// in this repository but the test token.
interface IPledgeToken is IERC20Metadata, IERC20Permit, IERC5267 {}
