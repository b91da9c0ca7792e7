// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IProjectRegistry} from "../interfaces/IProjectRegistry.sol";

/// @title ReferenceEscrow
/// @notice The bench's yardstick, never deployed: the least an all-or-nothing escrow can do plus the guarantees
/// OpenPledge keeps on its hot paths (a deadline check, a per-backer balance, a total, one event, the guardian's pause
/// read on pledges, the amount-checked ERC-20 pull, the maintainer check, the token allowlist and the spec hash on
/// open (a commitment to the spec URI and its document's hash), one registry call
/// and fee accrual on claims). It keeps none of the rest (last call, claim window, milestones, fee delay, allowlist,
/// reentrancy guard): `npm run bench` prints every OpenPledge hot path as a ratio to this contract's same call.
contract ReferenceEscrow {
    using SafeERC20 for IERC20;

    struct Campaign {
        uint104 goal;
        uint104 pledged;
        uint32 deadline;
        bool claimed;
        address token;
        uint32 projectId;
        uint16 feeBps;
        bytes32 specHash;
    }

    struct Protocol {
        uint64 campaignCount;
        uint16 feeBps;
        bool paused;
    }

    /// @notice A campaign was opened.
    /// @param id The campaign.
    /// @param projectId The project.
    /// @param token The token (zero for ETH).
    /// @param goal The goal.
    /// @param deadline The deadline.
    /// @param spec The spec URI.
    /// @param specHash The spec document's content hash.
    event Opened(
        uint256 indexed id,
        uint256 indexed projectId,
        address token,
        uint256 goal,
        uint256 deadline,
        string spec,
        bytes32 specHash
    );
    /// @notice A backer pledged.
    /// @param id The campaign.
    /// @param backer The backer.
    /// @param amount The amount.
    event Pledged(uint256 indexed id, address indexed backer, uint256 amount);
    /// @notice A backer was refunded.
    /// @param id The campaign.
    /// @param backer The backer.
    /// @param amount The amount.
    event Refunded(uint256 indexed id, address indexed backer, uint256 amount);
    /// @notice A campaign was claimed.
    /// @param id The campaign.
    /// @param payout Where the money went.
    /// @param amount The amount, fee deducted.
    /// @param fee The fee.
    event Claimed(uint256 indexed id, address indexed payout, uint256 amount, uint256 fee);

    /// @notice Any refusal: the reference escrow is measured, never used.
    error Refused();

    IProjectRegistry private immutable _REGISTRY;
    Protocol private _protocol;
    mapping(address token => uint256) private _fees;
    mapping(address token => bool) private _allowed;
    mapping(uint256 id => Campaign) private _campaigns;
    mapping(uint256 id => mapping(address backer => uint256)) private _pledges;

    /// @notice Sets the registry, the fee, and the one ERC-20 it allows.
    /// @param registry The registry.
    /// @param feeBps The fee in basis points.
    /// @param token The allowed ERC-20.
    constructor(IProjectRegistry registry, uint16 feeBps, address token) {
        _REGISTRY = registry;
        _protocol.feeBps = feeBps;
        // Fee ledgers open at one, as OpenPledge's do, so no claim pays for a new slot.
        _fees[address(0)] = 1;
        _fees[token] = 1;
        _allowed[token] = true;
    }

    /// @notice Opens a campaign: maintainer check, allowlist, spec hash.
    /// @param projectId The project.
    /// @param token The token (zero for ETH).
    /// @param goal The goal.
    /// @param deadline The deadline.
    /// @param spec The spec URI.
    /// @param specHash The spec document's content hash.
    /// @return id The campaign.
    function open(
        uint256 projectId,
        address token,
        uint256 goal,
        uint256 deadline,
        string calldata spec,
        bytes32 specHash
    ) external returns (uint256 id) {
        if (!_REGISTRY.isMaintainer(projectId, msg.sender)) revert Refused();
        if (token != address(0) && !_allowed[token]) revert Refused();
        Protocol storage protocol = _protocol;
        id = protocol.campaignCount + 1;
        protocol.campaignCount = uint64(id);
        Campaign storage c = _campaigns[id];
        c.goal = uint104(goal);
        c.deadline = uint32(deadline);
        c.token = token;
        c.projectId = uint32(projectId);
        c.feeBps = protocol.feeBps;
        c.specHash = keccak256(abi.encode(spec, specHash));
        emit Opened(id, projectId, token, goal, deadline, spec, specHash);
    }

    /// @notice Pledges ETH.
    /// @param id The campaign.
    function pledge(uint256 id) external payable {
        _add(id, msg.value);
    }

    /// @notice Pledges the campaign's ERC-20, checking the amount received.
    /// @param id The campaign.
    /// @param amount The amount.
    function pledgeToken(uint256 id, uint256 amount) external {
        _add(id, amount);
        IERC20 token = IERC20(_campaigns[id].token);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        if (token.balanceOf(address(this)) - before != amount) revert Refused();
    }

    /// @notice Refunds the caller's whole pledge of a failed campaign.
    /// @param id The campaign.
    function refund(uint256 id) external {
        Campaign storage c = _campaigns[id];
        if (block.timestamp <= c.deadline || c.pledged >= c.goal) revert Refused();
        uint256 amount = _pledges[id][msg.sender];
        if (amount == 0) revert Refused();
        delete _pledges[id][msg.sender];
        emit Refunded(id, msg.sender, amount);
        _send(c.token, msg.sender, amount);
    }

    /// @notice Pays a succeeded campaign to the project's payout, fee accrued.
    /// @param id The campaign.
    function claim(uint256 id) external {
        Campaign storage c = _campaigns[id];
        if (block.timestamp <= c.deadline || c.pledged < c.goal || c.claimed) revert Refused();
        address payout = _REGISTRY.payoutForMaintainer(c.projectId, msg.sender);
        if (payout == address(0)) revert Refused();
        c.claimed = true;
        uint256 gross = c.pledged;
        uint256 fee = (gross * c.feeBps) / 10_000;
        address token = c.token;
        _fees[token] += fee;
        emit Claimed(id, payout, gross - fee, fee);
        _send(token, payout, gross - fee);
    }

    /// @notice Books a pledge: pause, deadline, balance, total, event.
    /// @param id The campaign.
    /// @param amount The amount.
    function _add(uint256 id, uint256 amount) private {
        if (_protocol.paused) revert Refused();
        Campaign storage c = _campaigns[id];
        if (block.timestamp > c.deadline || amount == 0) revert Refused();
        c.pledged += uint104(amount);
        _pledges[id][msg.sender] += amount;
        emit Pledged(id, msg.sender, amount);
    }

    /// @notice Sends ETH or the ERC-20.
    /// @param token The token (zero for ETH).
    /// @param to The recipient.
    /// @param amount The amount.
    function _send(address token, address to, uint256 amount) private {
        if (token == address(0)) {
            (bool ok,) = to.call{value: amount}("");
            if (!ok) revert Refused();
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
    }
}
