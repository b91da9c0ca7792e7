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

    /// @notice Most milestones a campaign may have.
    uint256 public constant MAX_MILESTONES = 10;

    /// @notice Latest a milestone may be due, counted from the campaign deadline.
    uint256 public constant MAX_MILESTONE_SPAN = 3 * 365 days;

    /// @notice Shortest review window.
    uint256 public constant MIN_REVIEW_WINDOW = 1 days;

    /// @notice Longest review window.
    uint256 public constant MAX_REVIEW_WINDOW = 30 days;

    /// @notice Objection threshold of a plan that gives none: more than half of the total rejects a milestone.
    uint16 public constant DEFAULT_OBJECTION_THRESHOLD_BPS = 5_000;

    uint256 private constant _BPS = 10_000;
    uint256 private constant _MAX_AMOUNT = type(uint104).max;

    uint8 private constant _STATUS_NONE = 0;
    uint8 private constant _STATUS_ACTIVE = 1;
    uint8 private constant _STATUS_CANCELLED = 2;
    uint8 private constant _STATUS_CLAIMED = 3;
    uint8 private constant _STATUS_REJECTED = 4;

    /// @dev What time has decided about a campaign's current milestone and nobody has recorded yet.
    enum Outcome {
        None,
        Accept,
        RejectByObjection,
        RejectOverdue
    }

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
        uint8 milestoneCount;
        // slot 2..
        string specURI;
    }

    /// @dev Release and review state of a campaign with milestones. Slot 0 is what objections and claims touch.
    struct Progress {
        // slot 0
        uint104 claimed;
        uint104 objectionWeight;
        uint32 reviewEnd;
        uint8 current;
        // slot 1
        uint16 releasedBps;
        uint16 thresholdBps;
        uint32 reviewWindow;
        uint104 refundedWeight;
        // slot 2
        uint104 refundedPaid;
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
    mapping(uint256 campaignId => Progress) private _progress;
    mapping(uint256 campaignId => mapping(uint256 index => Milestone)) private _milestones;
    /// @dev One more than the index of the milestone a backer objects to; stale values of past milestones count
    /// for nothing, so nothing ever has to be cleared.
    mapping(uint256 campaignId => mapping(address backer => uint256)) private _objectingTo;

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
        campaignId = _open(projectId, specURI, token, goal, deadline, 0);
    }

    /// @inheritdoc IPledgeEscrow
    function openCampaignWithMilestones(
        uint256 projectId,
        string calldata specURI,
        address token,
        uint256 goal,
        uint256 deadline,
        MilestonePlan calldata plan
    ) external whenNotPaused returns (uint256 campaignId) {
        uint256 count = plan.milestones.length;
        if (count == 0 || count > MAX_MILESTONES) revert InvalidMilestoneCount(count, MAX_MILESTONES);
        if (plan.reviewWindow < MIN_REVIEW_WINDOW || plan.reviewWindow > MAX_REVIEW_WINDOW) {
            revert InvalidReviewWindow(plan.reviewWindow);
        }
        uint16 threshold =
            plan.objectionThresholdBps == 0 ? DEFAULT_OBJECTION_THRESHOLD_BPS : plan.objectionThresholdBps;
        if (threshold >= _BPS) revert InvalidObjectionThreshold(threshold);

        campaignId = _open(projectId, specURI, token, goal, deadline, uint8(count));

        uint256 totalBps = plan.initialShareBps;
        // A milestone submitted at the last second of its due date is reviewed before the next one falls due,
        // so on-time delivery can never make the next milestone overdue.
        uint256 earliestDue = deadline + 1;
        for (uint256 i = 0; i < count; ++i) {
            Milestone calldata milestone = plan.milestones[i];
            if (milestone.shareBps == 0) revert InvalidMilestoneShares(0);
            if (milestone.due < earliestDue || milestone.due > deadline + MAX_MILESTONE_SPAN) {
                revert InvalidMilestoneDue(i, milestone.due);
            }
            totalBps += milestone.shareBps;
            earliestDue = uint256(milestone.due) + plan.reviewWindow + 1;
            _milestones[campaignId][i] = milestone;
        }
        if (totalBps != _BPS) revert InvalidMilestoneShares(totalBps);

        Progress storage p = _progress[campaignId];
        p.releasedBps = plan.initialShareBps;
        p.thresholdBps = threshold;
        p.reviewWindow = plan.reviewWindow;

        emit MilestonePlanSet(campaignId, plan.initialShareBps, plan.reviewWindow, threshold, plan.milestones);
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
        uint256 total = c.pledged;
        uint256 gross;
        if (c.milestoneCount == 0) {
            if (state != State.Succeeded) revert NotSucceeded(campaignId, state);
            c.status = _STATUS_CLAIMED;
            gross = total;
        } else {
            if (state != State.Succeeded && state != State.Rejected) revert NotSucceeded(campaignId, state);
            Progress storage p = _progress[campaignId];
            _settle(campaignId, c, p);
            uint256 claimed = p.claimed;
            gross = _released(c, p, total) - claimed;
            if (gross == 0) revert NothingToClaim(campaignId);
            p.claimed = uint104(claimed + gross);
            if (claimed + gross == total && c.status == _STATUS_ACTIVE) c.status = _STATUS_CLAIMED;
        }

        uint256 fee = (gross * c.feeBps) / _BPS;
        uint256 amount = gross - fee;
        address token = c.token;
        if (fee != 0) accruedFees[token] += fee;
        address payout = registry.payoutOf(projectId);

        emit CampaignClaimed(campaignId, payout, msg.sender, amount, fee);
        _send(token, payout, amount);
    }

    /// @inheritdoc IPledgeEscrow
    function submitMilestone(uint256 campaignId, string calldata deliveryURI) external {
        Campaign storage c = _load(campaignId);
        _checkMaintainer(c.projectId);
        uint256 count = c.milestoneCount;
        if (count == 0) revert NoMilestones(campaignId);
        if (bytes(deliveryURI).length == 0) revert EmptyDeliveryURI();
        State state = _currentState(campaignId, c);
        if (state != State.Succeeded) revert NotSucceeded(campaignId, state);
        Progress storage p = _progress[campaignId];
        _settle(campaignId, c, p);
        uint256 index = p.current;
        if (index == count) revert AllMilestonesAccepted(campaignId);
        if (p.reviewEnd != 0) revert MilestoneInReview(campaignId, p.reviewEnd);

        uint256 reviewEnd = block.timestamp + p.reviewWindow;
        p.reviewEnd = uint32(reviewEnd);
        emit MilestoneSubmitted(campaignId, index, msg.sender, deliveryURI, reviewEnd);
    }

    // ---------------------------------------------------------------- backers

    /// @inheritdoc IPledgeEscrow
    function objectMilestone(uint256 campaignId) external {
        _load(campaignId);
        Progress storage p = _progress[campaignId];
        _checkInReview(campaignId, p);
        uint256 weight = pledgeOf[campaignId][msg.sender];
        if (weight == 0) revert NoStake(campaignId, msg.sender);
        uint256 index = p.current;
        if (_objectingTo[campaignId][msg.sender] == index + 1) revert AlreadyObjected(campaignId, msg.sender);

        _objectingTo[campaignId][msg.sender] = index + 1;
        uint256 objectionWeight = p.objectionWeight + weight;
        p.objectionWeight = uint104(objectionWeight);
        emit MilestoneObjected(campaignId, index, msg.sender, weight, objectionWeight);
    }

    /// @inheritdoc IPledgeEscrow
    function withdrawObjection(uint256 campaignId) external {
        _load(campaignId);
        Progress storage p = _progress[campaignId];
        _checkInReview(campaignId, p);
        uint256 index = p.current;
        if (_objectingTo[campaignId][msg.sender] != index + 1) revert NotObjecting(campaignId, msg.sender);

        uint256 weight = pledgeOf[campaignId][msg.sender];
        delete _objectingTo[campaignId][msg.sender];
        uint256 objectionWeight = p.objectionWeight - weight;
        p.objectionWeight = uint104(objectionWeight);
        emit ObjectionWithdrawn(campaignId, index, msg.sender, weight, objectionWeight);
    }

    /// @inheritdoc IPledgeEscrow
    function settleMilestone(uint256 campaignId) external {
        Campaign storage c = _load(campaignId);
        Progress storage p = _progress[campaignId];
        (Outcome outcome,) = _outcome(campaignId, c, p);
        if (outcome == Outcome.None) revert NothingToSettle(campaignId);
        _settle(campaignId, c, p);
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
        if (state != State.Failed && state != State.Cancelled) {
            // Only a campaign with milestones whose current milestone was rejected refunds after success.
            if (state == State.Succeeded && c.milestoneCount != 0) {
                _settle(campaignId, c, _progress[campaignId]);
                state = _state(c);
            }
            if (state != State.Rejected) revert NotRefundable(campaignId, state);
        }
        uint256 amount = pledgeOf[campaignId][msg.sender];
        if (amount == 0) revert NothingToRefund(campaignId, msg.sender);
        uint256 payment = state == State.Rejected ? _refundAfterRejection(campaignId, c, amount) : amount;

        // The campaign total is left as raised: it is the record of the campaign, and only pledges move money.
        pledgeOf[campaignId][msg.sender] = 0;

        emit Refunded(campaignId, msg.sender, payment);
        // A pro-rata share can round to zero; booking it must not depend on a transfer of nothing.
        if (payment != 0) _send(c.native ? NATIVE_TOKEN : c.token, msg.sender, payment);
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
        return _currentState(campaignId, _load(campaignId));
    }

    /// @inheritdoc IPledgeEscrow
    function getMilestoneProgress(uint256 campaignId) external view returns (MilestoneProgressView memory progress) {
        Campaign storage c = _load(campaignId);
        if (c.milestoneCount == 0) revert NoMilestones(campaignId);
        Progress storage p = _progress[campaignId];
        uint256 total = c.pledged;
        progress.count = c.milestoneCount;
        progress.current = p.current;
        progress.reviewEnd = p.reviewEnd;
        progress.objectionWeight = p.objectionWeight;
        uint256 releasedBps = p.releasedBps;
        (Outcome outcome, uint256 index) = _outcome(campaignId, c, p);
        if (outcome == Outcome.Accept) {
            progress.current = index + 1;
            releasedBps += _milestones[campaignId][index].shareBps;
            progress.reviewEnd = 0;
            progress.objectionWeight = 0;
        }
        State state = _state(c);
        if (state == State.Succeeded || state == State.Claimed || state == State.Rejected) {
            progress.releasedBps = releasedBps;
            progress.released = c.status == _STATUS_REJECTED && p.refundedWeight == total
                ? total - p.refundedPaid
                : (total * releasedBps) / _BPS;
        }
        progress.claimed = p.claimed;
        progress.thresholdWeight = (total * p.thresholdBps) / _BPS;
        progress.reviewWindow = p.reviewWindow;
        progress.objectionThresholdBps = p.thresholdBps;
        progress.refunded = p.refundedPaid;
    }

    /// @inheritdoc IPledgeEscrow
    function getMilestone(uint256 campaignId, uint256 index) external view returns (Milestone memory) {
        Campaign storage c = _load(campaignId);
        if (index >= c.milestoneCount) revert NoMilestones(campaignId);
        return _milestones[campaignId][index];
    }

    /// @inheritdoc IPledgeEscrow
    function isObjecting(uint256 campaignId, address backer) external view returns (bool) {
        Campaign storage c = _load(campaignId);
        Progress storage p = _progress[campaignId];
        uint256 reviewEnd = p.reviewEnd;
        return c.status == _STATUS_ACTIVE && reviewEnd != 0 && block.timestamp <= reviewEnd
            && _objectingTo[campaignId][backer] == uint256(p.current) + 1;
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
            state: _currentState(campaignId, c),
            specURI: c.specURI
        });
    }

    // ---------------------------------------------------------------- internals

    /// @notice Validates and stores a new campaign's terms and emits `CampaignOpened`.
    /// @param projectId The project.
    /// @param specURI The funded work.
    /// @param token The token.
    /// @param goal The goal.
    /// @param deadline The deadline.
    /// @param milestoneCount Number of milestones of its plan (zero: whole amount on success).
    /// @return campaignId The new campaign's id.
    function _open(
        uint256 projectId,
        string calldata specURI,
        address token,
        uint256 goal,
        uint256 deadline,
        uint8 milestoneCount
    ) private returns (uint256 campaignId) {
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
        c.milestoneCount = milestoneCount;
        c.specURI = specURI;

        emit CampaignOpened(campaignId, projectId, msg.sender, token, goal, deadline, c.feeBps, specURI);
    }

    /// @notice What time has decided about the current milestone of a succeeded campaign, not yet recorded.
    /// @param campaignId The campaign.
    /// @param c Its storage.
    /// @param p Its progress.
    /// @return outcome The pending decision.
    /// @return index The milestone it concerns.
    function _outcome(uint256 campaignId, Campaign storage c, Progress storage p)
        private
        view
        returns (Outcome outcome, uint256 index)
    {
        if (_state(c) != State.Succeeded || c.milestoneCount == 0) return (Outcome.None, 0);
        index = p.current;
        if (index == c.milestoneCount) return (Outcome.None, index);
        uint256 reviewEnd = p.reviewEnd;
        if (reviewEnd != 0) {
            if (block.timestamp <= reviewEnd) return (Outcome.None, index);
            bool rejected = uint256(p.objectionWeight) * _BPS > uint256(c.pledged) * p.thresholdBps;
            return (rejected ? Outcome.RejectByObjection : Outcome.Accept, index);
        }
        if (block.timestamp > _milestones[campaignId][index].due) return (Outcome.RejectOverdue, index);
        return (Outcome.None, index);
    }

    /// @notice Records a pending decision: accepts a milestone whose window closed (and then, if the next one is
    /// already overdue, rejects it) or rejects the current milestone. At most two steps, whatever the plan.
    /// @param campaignId The campaign.
    /// @param c Its storage.
    /// @param p Its progress.
    function _settle(uint256 campaignId, Campaign storage c, Progress storage p) private {
        (Outcome outcome, uint256 index) = _outcome(campaignId, c, p);
        if (outcome == Outcome.Accept) {
            uint256 releasedBps = p.releasedBps + _milestones[campaignId][index].shareBps;
            p.releasedBps = uint16(releasedBps);
            p.current = uint8(index + 1);
            p.reviewEnd = 0;
            p.objectionWeight = 0;
            emit MilestoneAccepted(campaignId, index, releasedBps);
            (outcome, index) = _outcome(campaignId, c, p);
        }
        if (outcome == Outcome.RejectByObjection || outcome == Outcome.RejectOverdue) {
            c.status = _STATUS_REJECTED;
            emit MilestoneRejected(campaignId, index, outcome == Outcome.RejectOverdue, p.objectionWeight);
        }
    }

    /// @notice The state of a campaign with every pending milestone decision applied.
    /// @param campaignId The campaign.
    /// @param c Its storage.
    /// @return state The state.
    function _currentState(uint256 campaignId, Campaign storage c) private view returns (State state) {
        state = _state(c);
        if (state != State.Succeeded || c.milestoneCount == 0) return state;
        Progress storage p = _progress[campaignId];
        (Outcome outcome, uint256 index) = _outcome(campaignId, c, p);
        if (outcome == Outcome.RejectByObjection || outcome == Outcome.RejectOverdue) return State.Rejected;
        if (outcome == Outcome.Accept && index + 1 < c.milestoneCount) {
            if (block.timestamp > _milestones[campaignId][index + 1].due) return State.Rejected;
        }
    }

    /// @notice What has been released to the project of a campaign with milestones. After a rejection, once every
    /// backer has taken their refund, the rounding dust left over is released to the project too.
    /// @param c The campaign's storage.
    /// @param p Its progress.
    /// @param total The campaign total.
    /// @return The amount released, fees included.
    function _released(Campaign storage c, Progress storage p, uint256 total) private view returns (uint256) {
        if (c.status == _STATUS_REJECTED && p.refundedWeight == total) return total - p.refundedPaid;
        return (total * p.releasedBps) / _BPS;
    }

    /// @notice Books a backer's refund after a rejection: pledge x unreleased / total, rounded down.
    /// @param campaignId The campaign.
    /// @param c Its storage.
    /// @param amount The backer's pledge.
    /// @return payment What the backer receives.
    function _refundAfterRejection(uint256 campaignId, Campaign storage c, uint256 amount)
        private
        returns (uint256 payment)
    {
        Progress storage p = _progress[campaignId];
        uint256 total = c.pledged;
        uint256 unreleased = total - (total * p.releasedBps) / _BPS;
        payment = (amount * unreleased) / total;
        p.refundedWeight += uint104(amount);
        p.refundedPaid += uint104(payment);
    }

    /// @notice Reverts unless a milestone of the campaign is in its review window.
    /// @param campaignId The campaign.
    /// @param p Its progress.
    function _checkInReview(uint256 campaignId, Progress storage p) private view {
        uint256 reviewEnd = p.reviewEnd;
        if (reviewEnd == 0 || block.timestamp > reviewEnd) revert NotInReview(campaignId);
    }

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
        if (status == _STATUS_REJECTED) return State.Rejected;
        if (block.timestamp <= c.deadline) return State.Funding;
        return c.pledged >= c.goal ? State.Succeeded : State.Failed;
    }
}
