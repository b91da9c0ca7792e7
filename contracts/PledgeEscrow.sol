// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IPledgeEscrow} from "./interfaces/IPledgeEscrow.sol";
import {IProjectRegistry} from "./interfaces/IProjectRegistry.sol";

/// @title PledgeEscrow
/// @notice Holds the pledges of all-or-nothing campaigns. A campaign that reaches its goal by its deadline pays
/// the project's payout address (minus the protocol fee fixed at opening); one that does not, or that is
/// cancelled, lets every backer take back exactly what they pledged, at any later time.
/// @dev Privileged roles can only tune future campaigns (fee, fee recipient, token allowlist) or pause new
/// campaigns and pledges. None of them can move, freeze or redirect escrowed funds: withdrawals, refunds and
/// claims ignore the pause, and terms are frozen per campaign.
contract PledgeEscrow is IPledgeEscrow, Ownable2Step, Pausable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Hard cap of the protocol fee, in basis points (5%).
    uint16 public constant MAX_FEE_BPS = 500;

    /// @notice Longest time between opening a campaign and its deadline.
    uint256 public constant MAX_DURATION = 365 days;

    /// @notice Token address that stands for native ETH.
    address public constant NATIVE_TOKEN = address(0);

    uint256 private constant _BPS = 10_000;
    uint256 private constant _MAX_AMOUNT = type(uint104).max;

    uint8 private constant _STATUS_NONE = 0;
    uint8 private constant _STATUS_ACTIVE = 1;
    uint8 private constant _STATUS_CANCELLED = 2;
    uint8 private constant _STATUS_CLAIMED = 3;

    /// @dev Slot 0 holds all that pledge, withdraw and ETH refund touch, so each reads one cold slot.
    struct Campaign {
        // slot 0
        uint104 goal;
        uint104 pledged;
        uint32 deadline;
        uint8 status;
        bool native;
        // slot 1
        address token;
        uint16 feeBps;
        uint64 projectId;
        // slot 2..
        string specURI;
    }

    /// @notice The registry whose maintainers and payout addresses this escrow trusts.
    IProjectRegistry public immutable registry;

    /// @notice Account allowed to pause and unpause new campaigns and pledges.
    address public guardian;
    /// @notice Protocol fee for campaigns opened from now on, in basis points.
    uint16 public feeBps;
    /// @notice Account that receives accrued protocol fees.
    address public feeRecipient;
    /// @notice Number of campaigns opened; ids run from 1 to this number.
    uint256 public campaignCount;

    /// @notice Whether new campaigns may use an ERC-20.
    mapping(address token => bool) public isTokenAllowed;
    /// @notice Protocol fees of successful claims, per token, not yet sent to the fee recipient.
    mapping(address token => uint256) public accruedFees;
    /// @inheritdoc IPledgeEscrow
    mapping(uint256 campaignId => mapping(address backer => uint256)) public pledgeOf;

    mapping(uint256 campaignId => Campaign) private _campaigns;

    /// @notice Deploys the escrow for `registry_` with its roles and initial fee.
    /// @param registry_ The project registry.
    /// @param owner_ The protocol owner (fee, fee recipient, allowlist, guardian).
    /// @param guardian_ The guardian (pause); may be zero.
    /// @param feeRecipient_ The fee recipient.
    /// @param feeBps_ The initial fee in basis points, at most `MAX_FEE_BPS`.
    constructor(IProjectRegistry registry_, address owner_, address guardian_, address feeRecipient_, uint16 feeBps_)
        Ownable(owner_)
    {
        if (address(registry_) == address(0) || feeRecipient_ == address(0)) revert ZeroAddress();
        if (feeBps_ > MAX_FEE_BPS) revert FeeTooHigh(feeBps_, MAX_FEE_BPS);
        registry = registry_;
        guardian = guardian_;
        feeRecipient = feeRecipient_;
        feeBps = feeBps_;
        emit GuardianChanged(address(0), guardian_);
        emit FeeRecipientChanged(address(0), feeRecipient_);
        emit FeeChanged(0, feeBps_);
    }

    modifier onlyGuardian() {
        if (msg.sender != guardian) revert NotGuardian(msg.sender);
        _;
    }

    // ---------------------------------------------------------------- maintainers

    /// @inheritdoc IPledgeEscrow
    function openCampaign(uint256 projectId, string calldata specURI, address token, uint256 goal, uint256 deadline)
        external
        whenNotPaused
        returns (uint256 campaignId)
    {
        _checkMaintainer(projectId);
        if (bytes(specURI).length == 0) revert EmptySpecURI();
        _checkTerms(token, goal, deadline);

        campaignId = ++campaignCount;
        Campaign storage c = _campaigns[campaignId];
        c.goal = uint104(goal);
        c.deadline = uint32(deadline);
        c.status = _STATUS_ACTIVE;
        c.native = token == NATIVE_TOKEN;
        c.token = token;
        c.feeBps = feeBps;
        c.projectId = uint64(projectId);
        c.specURI = specURI;

        emit CampaignOpened(campaignId, projectId, msg.sender, token, goal, deadline, c.feeBps, specURI);
    }

    /// @inheritdoc IPledgeEscrow
    function cancelCampaign(uint256 campaignId) external {
        Campaign storage c = _load(campaignId);
        _checkMaintainer(c.projectId);
        State state = _state(c);
        if (state != State.Funding) revert NotFunding(campaignId, state);
        c.status = _STATUS_CANCELLED;
        emit CampaignCancelled(campaignId, msg.sender);
    }

    /// @inheritdoc IPledgeEscrow
    function claim(uint256 campaignId) external nonReentrant {
        Campaign storage c = _load(campaignId);
        uint256 projectId = c.projectId;
        _checkMaintainer(projectId);
        State state = _state(c);
        if (state != State.Succeeded) revert NotSucceeded(campaignId, state);

        c.status = _STATUS_CLAIMED;
        uint256 total = c.pledged;
        uint256 fee = (total * c.feeBps) / _BPS;
        uint256 amount = total - fee;
        address token = c.token;
        if (fee != 0) accruedFees[token] += fee;
        address payout = registry.payoutOf(projectId);

        emit CampaignClaimed(campaignId, payout, msg.sender, amount, fee);
        _send(token, payout, amount);
    }

    // ---------------------------------------------------------------- backers

    /// @inheritdoc IPledgeEscrow
    function pledge(uint256 campaignId) external payable whenNotPaused nonReentrant {
        Campaign storage c = _load(campaignId);
        if (!c.native) revert WrongToken(campaignId, c.token);
        _addPledge(campaignId, c, msg.value);
    }

    /// @inheritdoc IPledgeEscrow
    function pledgeToken(uint256 campaignId, uint256 amount) external whenNotPaused nonReentrant {
        Campaign storage c = _load(campaignId);
        if (c.native) revert WrongToken(campaignId, NATIVE_TOKEN);
        _addPledge(campaignId, c, amount);
        _pull(c.token, amount);
    }

    /// @inheritdoc IPledgeEscrow
    function pledgeWithPermit(
        uint256 campaignId,
        uint256 amount,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external whenNotPaused nonReentrant {
        Campaign storage c = _load(campaignId);
        if (c.native) revert WrongToken(campaignId, NATIVE_TOKEN);
        _addPledge(campaignId, c, amount);
        address token = c.token;
        // A permit can be front-run (its signature is public once in the mempool); the pledge still goes
        // through when the allowance it created, or any other, covers the amount.
        try IERC20Permit(token).permit(msg.sender, address(this), amount, permitDeadline, v, r, s) {}
        catch {
            uint256 allowance = IERC20(token).allowance(msg.sender, address(this));
            if (allowance < amount) revert PermitFailed(allowance, amount);
        }
        _pull(token, amount);
    }

    /// @inheritdoc IPledgeEscrow
    function withdrawPledge(uint256 campaignId, uint256 amount) external nonReentrant {
        Campaign storage c = _load(campaignId);
        State state = _state(c);
        if (state != State.Funding) revert NotFunding(campaignId, state);
        if (amount == 0) revert ZeroAmount();
        uint256 available = pledgeOf[campaignId][msg.sender];
        if (amount > available) revert InsufficientPledge(amount, available);

        uint256 backerTotal = available - amount;
        uint256 campaignTotal = c.pledged - amount;
        pledgeOf[campaignId][msg.sender] = backerTotal;
        c.pledged = uint104(campaignTotal);

        emit PledgeWithdrawn(campaignId, msg.sender, amount, backerTotal, campaignTotal);
        _send(c.native ? NATIVE_TOKEN : c.token, msg.sender, amount);
    }

    /// @inheritdoc IPledgeEscrow
    function refund(uint256 campaignId) external nonReentrant {
        Campaign storage c = _load(campaignId);
        State state = _state(c);
        if (state != State.Failed && state != State.Cancelled) revert NotRefundable(campaignId, state);
        uint256 amount = pledgeOf[campaignId][msg.sender];
        if (amount == 0) revert NothingToRefund(campaignId, msg.sender);

        // The campaign total is left as raised: it is the record of the campaign, and only pledges move money.
        pledgeOf[campaignId][msg.sender] = 0;

        emit Refunded(campaignId, msg.sender, amount);
        _send(c.native ? NATIVE_TOKEN : c.token, msg.sender, amount);
    }

    // ---------------------------------------------------------------- protocol

    /// @inheritdoc IPledgeEscrow
    function withdrawFees(address token) external nonReentrant {
        uint256 amount = accruedFees[token];
        if (amount == 0) revert NoFees(token);
        accruedFees[token] = 0;
        address recipient = feeRecipient;
        emit FeesWithdrawn(token, recipient, amount);
        _send(token, recipient, amount);
    }

    /// @inheritdoc IPledgeEscrow
    function setFee(uint16 newFeeBps) external onlyOwner {
        if (newFeeBps > MAX_FEE_BPS) revert FeeTooHigh(newFeeBps, MAX_FEE_BPS);
        emit FeeChanged(feeBps, newFeeBps);
        feeBps = newFeeBps;
    }

    /// @inheritdoc IPledgeEscrow
    function setFeeRecipient(address newRecipient) external onlyOwner {
        if (newRecipient == address(0)) revert ZeroAddress();
        emit FeeRecipientChanged(feeRecipient, newRecipient);
        feeRecipient = newRecipient;
    }

    /// @inheritdoc IPledgeEscrow
    function setGuardian(address newGuardian) external onlyOwner {
        emit GuardianChanged(guardian, newGuardian);
        guardian = newGuardian;
    }

    /// @inheritdoc IPledgeEscrow
    function setTokenAllowed(address token, bool allowed) external onlyOwner {
        if (token == NATIVE_TOKEN) revert ZeroAddress();
        isTokenAllowed[token] = allowed;
        emit TokenAllowlistChanged(token, allowed);
    }

    /// @inheritdoc IPledgeEscrow
    function pause() external onlyGuardian {
        _pause();
    }

    /// @inheritdoc IPledgeEscrow
    function unpause() external onlyGuardian {
        _unpause();
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IPledgeEscrow
    function campaignState(uint256 campaignId) external view returns (State) {
        return _state(_load(campaignId));
    }

    /// @inheritdoc IPledgeEscrow
    function getCampaign(uint256 campaignId) external view returns (CampaignView memory) {
        Campaign storage c = _load(campaignId);
        return CampaignView({
            projectId: c.projectId,
            token: c.token,
            goal: c.goal,
            pledged: c.pledged,
            deadline: c.deadline,
            feeBps: c.feeBps,
            state: _state(c),
            specURI: c.specURI
        });
    }

    // ---------------------------------------------------------------- internals

    /// @notice Checks that the campaign funds and records `amount` more from the caller; moves no money.
    /// @param campaignId The campaign.
    /// @param c Its storage.
    /// @param amount The amount added.
    function _addPledge(uint256 campaignId, Campaign storage c, uint256 amount) private {
        State state = _state(c);
        if (state != State.Funding) revert NotFunding(campaignId, state);
        if (amount == 0) revert ZeroAmount();
        uint256 campaignTotal = uint256(c.pledged) + amount;
        if (campaignTotal > _MAX_AMOUNT) revert AmountTooLarge(campaignTotal, _MAX_AMOUNT);
        uint256 backerTotal = pledgeOf[campaignId][msg.sender] + amount;

        c.pledged = uint104(campaignTotal);
        pledgeOf[campaignId][msg.sender] = backerTotal;

        emit Pledged(campaignId, msg.sender, amount, backerTotal, campaignTotal);
    }

    /// @notice Pulls `amount` of `token` from the caller and refuses tokens that deliver anything else.
    /// @param token The ERC-20.
    /// @param amount The amount.
    function _pull(address token, uint256 amount) private {
        uint256 balanceBefore = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert TransferAmountMismatch(amount, received);
    }

    /// @notice Sends `amount` of `token` (zero for ETH) to `to`, reverting if the transfer fails.
    /// @param token The token.
    /// @param to The recipient.
    /// @param amount The amount.
    function _send(address token, address to, uint256 amount) private {
        if (token == NATIVE_TOKEN) {
            (bool ok,) = to.call{value: amount}("");
            if (!ok) revert EthTransferFailed(to, amount);
        } else {
            IERC20(token).safeTransfer(to, amount);
        }
    }

    /// @notice Validates the terms of a new campaign.
    /// @param token The token.
    /// @param goal The goal.
    /// @param deadline The deadline.
    function _checkTerms(address token, uint256 goal, uint256 deadline) private view {
        if (token != NATIVE_TOKEN && !isTokenAllowed[token]) revert TokenNotAllowed(token);
        if (goal == 0) revert ZeroAmount();
        if (goal > _MAX_AMOUNT) revert AmountTooLarge(goal, _MAX_AMOUNT);
        uint256 latest = block.timestamp + MAX_DURATION;
        if (deadline <= block.timestamp || deadline > latest) {
            revert InvalidDeadline(deadline, block.timestamp + 1, latest);
        }
    }

    /// @notice Reverts unless the caller maintains the project.
    /// @param projectId The project.
    function _checkMaintainer(uint256 projectId) private view {
        if (!registry.isMaintainer(projectId, msg.sender)) revert NotProjectMaintainer(projectId, msg.sender);
    }

    /// @notice The storage of an existing campaign; reverts for unknown ids.
    /// @param campaignId The campaign.
    /// @return c Its storage.
    function _load(uint256 campaignId) private view returns (Campaign storage c) {
        c = _campaigns[campaignId];
        if (c.status == _STATUS_NONE) revert UnknownCampaign(campaignId);
    }

    /// @notice The state of a campaign at the current block.
    /// @param c The campaign's storage.
    /// @return The state.
    function _state(Campaign storage c) private view returns (State) {
        uint8 status = c.status;
        if (status == _STATUS_CANCELLED) return State.Cancelled;
        if (status == _STATUS_CLAIMED) return State.Claimed;
        if (block.timestamp <= c.deadline) return State.Funding;
        return c.pledged >= c.goal ? State.Succeeded : State.Failed;
    }
}
