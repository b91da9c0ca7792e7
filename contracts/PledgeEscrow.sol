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

    /// @notice Shortest last call.
    uint256 public constant MIN_LAST_CALL = 1 days;

    /// @notice Longest last call.
    uint256 public constant MAX_LAST_CALL = 7 days;

    /// @notice Last call of a campaign whose terms give none.
    uint256 public constant DEFAULT_LAST_CALL = 2 days;

    /// @notice Shortest claim window.
    uint256 public constant MIN_CLAIM_WINDOW = 7 days;

    /// @notice Longest claim window.
    uint256 public constant MAX_CLAIM_WINDOW = 180 days;

    /// @notice Claim window of a campaign whose terms give none.
    uint256 public constant DEFAULT_CLAIM_WINDOW = 90 days;

    /// @notice Time between the announcement of a new protocol fee and the first campaign that records it.
    uint256 public constant FEE_CHANGE_DELAY = 7 days;

    uint256 private constant _BPS = 10_000;
    uint256 private constant _MAX_AMOUNT = type(uint104).max;
    // The last call is stored in hours and the claim window in days, so both fit in the bytes left in hot slots.
    uint256 private constant _HOUR = 1 hours;
    uint256 private constant _DAY = 1 days;

    // `Campaign.flags`: the status in the low three bits, then what kind of campaign it is.
    uint8 private constant _STATUS_MASK = 0x07;
    uint8 private constant _STATUS_NONE = 0;
    uint8 private constant _STATUS_ACTIVE = 1;
    uint8 private constant _STATUS_CANCELLED = 2;
    uint8 private constant _STATUS_CLAIMED = 3;
    uint8 private constant _STATUS_REJECTED = 4;
    uint8 private constant _FLAG_NATIVE = 0x08;
    uint8 private constant _FLAG_MILESTONES = 0x10;

    uint8 private constant _TOKEN_ALLOWED = 0x01;
    uint8 private constant _TOKEN_USED = 0x02;

    /// @dev What time has decided about a campaign's current milestone and nobody has recorded yet.
    enum Outcome {
        None,
        Accept,
        RejectByObjection,
        RejectOverdue
    }

    /// @dev Slot 0 holds all that a pledge, a withdrawal and an ETH refund touch, so each reads one cold slot.
    /// Slot 1 is written when the campaign opens, so reaching the goal updates a slot that is already non-zero;
    /// slot 2 is written only by the first deadline extension.
    struct Campaign {
        // slot 0
        uint104 goal;
        uint104 pledged;
        uint32 deadline; // current deadline: the planned one, or later after a last-call extension
        uint8 flags; // status | _FLAG_NATIVE | _FLAG_MILESTONES
        uint8 lastCallHours;
        // slot 1
        address token;
        uint16 feeBps;
        uint32 projectId;
        uint8 milestoneCount;
        uint32 goalReachedAt;
        uint8 claimWindowDays;
        // slot 2
        uint32 plannedDeadline; // zero until the first extension: the deadline is the planned one until then
        // slot 3..
        string specURI;
    }

    /// @dev A backer's pledge and the part of it made after the weight cutoff, in one slot.
    struct Backer {
        uint104 amount;
        uint104 late;
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
        uint104 lateTotal; // pledges made after the weight cutoff and still in: they carry no objection weight
        // slot 2
        uint104 refundedWeight;
        uint104 refundedPaid;
    }

    /// @notice The registry whose maintainers and payout addresses this escrow trusts.
    IProjectRegistry public immutable registry;

    /// @notice Account allowed to pause and unpause new campaigns and pledges.
    address public guardian;
    // The fee new campaigns record, and an announced one that replaces it from `_pendingFeeFrom` on (zero: none).
    uint16 private _feeBps;
    uint16 private _pendingFeeBps;
    uint32 private _pendingFeeFrom;
    /// @notice Account that receives accrued protocol fees.
    address public feeRecipient;
    /// @notice Number of campaigns opened; ids run from 1 to this number.
    uint256 public campaignCount;

    // Per ERC-20: allowed for new campaigns, and whether any campaign ever used it (then the escrow may owe some).
    mapping(address token => uint8) private _tokenFlags;
    /// @notice Protocol fees of successful claims, per token, not yet sent to the fee recipient.
    mapping(address token => uint256) public accruedFees;
    mapping(uint256 campaignId => mapping(address backer => Backer)) private _backers;
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
        _feeBps = feeBps_;
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
    function openCampaign(CampaignTerms calldata terms) external whenNotPaused returns (uint256 campaignId) {
        campaignId = _open(terms, 0);
    }

    /// @inheritdoc IPledgeEscrow
    function openCampaignWithMilestones(CampaignTerms calldata terms, MilestonePlan calldata plan)
        external
        whenNotPaused
        returns (uint256 campaignId)
    {
        uint256 count = plan.milestones.length;
        if (count == 0 || count > MAX_MILESTONES) revert InvalidMilestoneCount(count, MAX_MILESTONES);
        if (plan.reviewWindow < MIN_REVIEW_WINDOW || plan.reviewWindow > MAX_REVIEW_WINDOW) {
            revert InvalidReviewWindow(plan.reviewWindow);
        }
        uint16 threshold =
            plan.objectionThresholdBps == 0 ? DEFAULT_OBJECTION_THRESHOLD_BPS : plan.objectionThresholdBps;
        if (threshold >= _BPS) revert InvalidObjectionThreshold(threshold);

        campaignId = _open(terms, uint8(count));

        uint256 totalBps = plan.initialShareBps;
        // The first milestone falls due more than one review window after the latest deadline a last-call extension
        // can reach, so no extension leaves the maintainers less time to deliver it than the backers have to review
        // it. A milestone submitted at the last second of its due date is reviewed before the next one falls due, so
        // on-time delivery never makes the next one overdue.
        uint256 deadline = terms.deadline;
        uint256 earliestDue = _latestDeadline(deadline, _campaigns[campaignId].lastCallHours) + plan.reviewWindow + 1;
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
        // The last review window must end in time too: a delivery on its due date could not be reviewed otherwise.
        _toTime(earliestDue - 1);

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
        _setStatus(c, _STATUS_CANCELLED);
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
            _setStatus(c, _STATUS_CLAIMED);
            gross = total;
        } else {
            if (state != State.Succeeded && state != State.Rejected) revert NotSucceeded(campaignId, state);
            Progress storage p = _progress[campaignId];
            _settle(campaignId, c, p);
            uint256 claimed = p.claimed;
            gross = _released(c, p, total) - claimed;
            if (gross == 0) revert NothingToClaim(campaignId);
            p.claimed = uint104(claimed + gross);
            if (claimed + gross == total && _status(c) == _STATUS_ACTIVE) _setStatus(c, _STATUS_CLAIMED);
        }

        uint256 fee = (gross * c.feeBps) / _BPS;
        uint256 amount = gross - fee;
        address token = c.token;
        if (fee != 0) accruedFees[token] += fee;
        address payout = registry.payoutOf(projectId);
        // Neither contract could ever pass the money on: an ERC-20 claim would be lost in the escrow's balance.
        if (payout == address(this) || payout == address(registry)) revert InvalidPayout(payout);

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
        // Fits: submissions come by the due date, and every due date plus a window was checked at opening.
        p.reviewEnd = uint32(reviewEnd);
        emit MilestoneSubmitted(campaignId, index, msg.sender, deliveryURI, reviewEnd);
    }

    // ---------------------------------------------------------------- backers

    /// @inheritdoc IPledgeEscrow
    function objectMilestone(uint256 campaignId) external {
        _load(campaignId);
        Progress storage p = _progress[campaignId];
        _checkInReview(campaignId, p);
        uint256 weight = _weightOf(_backers[campaignId][msg.sender]);
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

        uint256 weight = _weightOf(_backers[campaignId][msg.sender]);
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

    /// @inheritdoc IPledgeEscrow
    function pledge(uint256 campaignId) external payable whenNotPaused nonReentrant {
        Campaign storage c = _load(campaignId);
        if (c.flags & _FLAG_NATIVE == 0) revert WrongToken(campaignId, c.token);
        _addPledge(campaignId, c, msg.value);
    }

    /// @inheritdoc IPledgeEscrow
    function pledgeToken(uint256 campaignId, uint256 amount) external whenNotPaused nonReentrant {
        Campaign storage c = _load(campaignId);
        if (c.flags & _FLAG_NATIVE != 0) revert WrongToken(campaignId, NATIVE_TOKEN);
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
        if (c.flags & _FLAG_NATIVE != 0) revert WrongToken(campaignId, NATIVE_TOKEN);
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
        Backer storage b = _backers[campaignId][msg.sender];
        uint256 available = b.amount;
        if (amount > available) revert InsufficientPledge(amount, available);

        uint256 total = c.pledged;
        uint256 campaignTotal = total - amount;
        uint256 goal = c.goal;
        if (campaignTotal < goal && total >= goal) _leaveGoal(campaignId, c, amount, total - goal);

        uint256 backerTotal = available - amount;
        // What is taken back comes out of the weightless late part first: weight is never gained by a withdrawal.
        uint256 late = b.late;
        if (late != 0) {
            uint256 lateTaken = amount < late ? amount : late;
            b.late = uint104(late - lateTaken);
            _progress[campaignId].lateTotal -= uint104(lateTaken);
        }
        b.amount = uint104(backerTotal);
        c.pledged = uint104(campaignTotal);

        emit PledgeWithdrawn(campaignId, msg.sender, amount, backerTotal, campaignTotal);
        _send(_tokenOf(c), msg.sender, amount);
    }

    /// @inheritdoc IPledgeEscrow
    function refund(uint256 campaignId) external nonReentrant {
        Campaign storage c = _load(campaignId);
        State state = _state(c);
        if (state != State.Failed && state != State.Cancelled && state != State.Lapsed) {
            // Only a campaign with milestones whose current milestone was rejected refunds after success.
            if (state == State.Succeeded && c.milestoneCount != 0) {
                _settle(campaignId, c, _progress[campaignId]);
                state = _state(c);
            }
            if (state != State.Rejected) revert NotRefundable(campaignId, state);
        }
        Backer storage b = _backers[campaignId][msg.sender];
        uint256 amount = b.amount;
        if (amount == 0) revert NothingToRefund(campaignId, msg.sender);
        uint256 payment = state == State.Rejected ? _refundAfterRejection(campaignId, c, amount) : amount;

        // The campaign total is left as raised: it is the record of the campaign, and only pledges move money.
        b.amount = 0;
        b.late = 0;

        emit Refunded(campaignId, msg.sender, payment);
        // A pro-rata share can round to zero; booking it must not depend on a transfer of nothing.
        if (payment != 0) _send(_tokenOf(c), msg.sender, payment);
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
        // A change that took effect becomes the fee before the next one is announced; one that has not is replaced.
        uint16 current = feeBps();
        uint256 effectiveAt = block.timestamp + FEE_CHANGE_DELAY;
        _feeBps = current;
        _pendingFeeBps = newFeeBps;
        _pendingFeeFrom = _toTime(effectiveAt);
        emit FeeChangeScheduled(current, newFeeBps, effectiveAt);
    }

    /// @inheritdoc IPledgeEscrow
    function feeBps() public view returns (uint16) {
        uint256 from = _pendingFeeFrom;
        return from != 0 && block.timestamp >= from ? _pendingFeeBps : _feeBps;
    }

    /// @inheritdoc IPledgeEscrow
    function pendingFee() external view returns (uint16 newFeeBps, uint256 effectiveAt) {
        uint256 from = _pendingFeeFrom;
        if (from > block.timestamp) return (_pendingFeeBps, from);
    }

    /// @inheritdoc IPledgeEscrow
    function isTokenAllowed(address token) external view returns (bool) {
        return _tokenFlags[token] & _TOKEN_ALLOWED != 0;
    }

    /// @inheritdoc IPledgeEscrow
    function recoverStrayToken(address token, address to) external onlyOwner nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        // The escrow owes nothing in a token no campaign ever used: all of its balance was sent here by mistake.
        if (token == NATIVE_TOKEN || _tokenFlags[token] & _TOKEN_USED != 0) revert TokenInUse(token);
        uint256 amount = IERC20(token).balanceOf(address(this));
        if (amount == 0) revert NothingToRecover(token);
        emit StrayTokensRecovered(token, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    /// @notice Refused: ownership is only handed over, in two steps (`transferOwnership`, `acceptOwnership`).
    function renounceOwnership() public view override onlyOwner {
        revert OwnershipCannotBeRenounced();
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
        uint8 flags = _tokenFlags[token];
        _tokenFlags[token] = allowed ? flags | _TOKEN_ALLOWED : flags & ~_TOKEN_ALLOWED;
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
        uint256 weightTotal = total - p.lateTotal;
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
            progress.released = _status(c) == _STATUS_REJECTED && p.refundedWeight == total
                ? total - p.refundedPaid
                : (total * releasedBps) / _BPS;
        }
        progress.claimed = p.claimed;
        progress.thresholdWeight = (weightTotal * p.thresholdBps) / _BPS;
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
        _load(campaignId);
        Progress storage p = _progress[campaignId];
        // The submitted milestone stays current, with its review end, until its acceptance is recorded; a rejection
        // keeps both for good. Either way the objections to it are the ones that decided, or will decide, it.
        return p.reviewEnd != 0 && _objectingTo[campaignId][backer] == uint256(p.current) + 1;
    }

    /// @inheritdoc IPledgeEscrow
    function pledgeOf(uint256 campaignId, address backer) external view returns (uint256) {
        return _backers[campaignId][backer].amount;
    }

    /// @inheritdoc IPledgeEscrow
    function objectionWeightOf(uint256 campaignId, address backer) external view returns (uint256) {
        return _weightOf(_backers[campaignId][backer]);
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
            specURI: c.specURI,
            plannedDeadline: _plannedDeadline(c),
            lastCall: _lastCall(c),
            claimWindow: uint256(c.claimWindowDays) * _DAY,
            goalReachedAt: c.goalReachedAt
        });
    }

    // ---------------------------------------------------------------- internals

    /// @notice Validates and stores a new campaign's terms and emits `CampaignOpened`.
    /// @param terms The terms.
    /// @param milestoneCount Number of milestones of its plan (zero: whole amount on success).
    /// @return campaignId The new campaign's id.
    function _open(CampaignTerms calldata terms, uint8 milestoneCount) private returns (uint256 campaignId) {
        (uint256 lastCall, uint256 claimWindow) = _checkTerms(terms);
        address token = terms.token;
        uint16 fee = feeBps();
        if (token != NATIVE_TOKEN) {
            // Same slot as the allowlist check just read; written once per token, by its first campaign.
            uint8 tokenFlags = _tokenFlags[token];
            if (tokenFlags & _TOKEN_USED == 0) _tokenFlags[token] = tokenFlags | _TOKEN_USED;
        }

        campaignId = ++campaignCount;
        Campaign storage c = _campaigns[campaignId];
        c.goal = uint104(terms.goal);
        c.deadline = uint32(terms.deadline);
        c.flags = _STATUS_ACTIVE | (token == NATIVE_TOKEN ? _FLAG_NATIVE : 0)
            | (milestoneCount != 0 ? _FLAG_MILESTONES : 0);
        c.lastCallHours = uint8(lastCall / _HOUR);
        c.token = token;
        c.feeBps = fee;
        c.projectId = uint32(terms.projectId);
        c.milestoneCount = milestoneCount;
        c.claimWindowDays = uint8(claimWindow / _DAY);
        c.specURI = terms.specURI;

        emit CampaignOpened(
            campaignId,
            terms.projectId,
            msg.sender,
            token,
            terms.goal,
            terms.deadline,
            fee,
            terms.specURI,
            lastCall,
            claimWindow
        );
    }

    /// @notice Validates a new campaign's terms; every value checked here fits the bits it is stored in.
    /// @param terms The terms.
    /// @return lastCall The last call in seconds, the default applied.
    /// @return claimWindow The claim window in seconds, the default applied.
    function _checkTerms(CampaignTerms calldata terms) private view returns (uint256 lastCall, uint256 claimWindow) {
        uint256 projectId = terms.projectId;
        _checkMaintainer(projectId);
        if (projectId > type(uint32).max) revert ProjectIdOutOfRange(projectId);
        if (bytes(terms.specURI).length == 0) revert EmptySpecURI();
        address token = terms.token;
        if (token != NATIVE_TOKEN && _tokenFlags[token] & _TOKEN_ALLOWED == 0) revert TokenNotAllowed(token);
        uint256 goal = terms.goal;
        if (goal == 0) revert ZeroAmount();
        if (goal > _MAX_AMOUNT) revert AmountTooLarge(goal, _MAX_AMOUNT);
        lastCall = terms.lastCall == 0 ? DEFAULT_LAST_CALL : terms.lastCall;
        if (lastCall < MIN_LAST_CALL || lastCall > MAX_LAST_CALL || lastCall % _HOUR != 0) {
            revert InvalidLastCall(lastCall, MIN_LAST_CALL, MAX_LAST_CALL);
        }
        claimWindow = terms.claimWindow == 0 ? DEFAULT_CLAIM_WINDOW : terms.claimWindow;
        if (claimWindow < MIN_CLAIM_WINDOW || claimWindow > MAX_CLAIM_WINDOW || claimWindow % _DAY != 0) {
            revert InvalidClaimWindow(claimWindow, MIN_CLAIM_WINDOW, MAX_CLAIM_WINDOW);
        }
        // Pledges standing at `deadline - 2 * lastCall` carry the objection weight, so that moment must come after
        // the opening: a campaign runs at least two last calls.
        uint256 deadline = terms.deadline;
        uint256 earliest = block.timestamp + 2 * lastCall;
        uint256 latest = block.timestamp + MAX_DURATION;
        if (deadline < earliest || deadline > latest) revert InvalidDeadline(deadline, earliest, latest);
        // Every deadline an extension can reach must fit the 32 bits it is stored in.
        _toTime(deadline + 2 * lastCall);
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
            // The threshold is measured on the weight that can object: pledges made after the cutoff count for
            // neither side.
            uint256 weightTotal = uint256(c.pledged) - p.lateTotal;
            bool rejected = uint256(p.objectionWeight) * _BPS > weightTotal * p.thresholdBps;
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
            _setStatus(c, _STATUS_REJECTED);
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
        if (_status(c) == _STATUS_REJECTED && p.refundedWeight == total) return total - p.refundedPaid;
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
        uint256 total = c.pledged;
        uint256 campaignTotal = total + amount;
        if (campaignTotal > _MAX_AMOUNT) revert AmountTooLarge(campaignTotal, _MAX_AMOUNT);
        uint256 goal = c.goal;
        if (total < goal && campaignTotal >= goal) _reachGoal(campaignId, c);

        Backer storage b = _backers[campaignId][msg.sender];
        uint256 backerTotal = b.amount + amount;
        c.pledged = uint104(campaignTotal);
        b.amount = uint104(backerTotal);
        // Objection weight is what stood at the cutoff (`plannedDeadline - 2 * lastCall`): a pledge after it buys
        // no say, so nobody can take over or veto the review at the last second. Before any extension the current
        // deadline is the planned one; after one, every pledge is later than both cutoffs anyway.
        if (c.flags & _FLAG_MILESTONES != 0 && block.timestamp > uint256(c.deadline) - 2 * _lastCall(c)) {
            b.late += uint104(amount);
            _progress[campaignId].lateTotal += uint104(amount);
        }

        emit Pledged(campaignId, msg.sender, amount, backerTotal, campaignTotal);
    }

    /// @notice Records that the total reaches the goal now. In the last call, moves the deadline to one whole last
    /// call from now, so every other backer can still leave; refused when that would pass the latest deadline.
    /// @param campaignId The campaign.
    /// @param c Its storage.
    function _reachGoal(uint256 campaignId, Campaign storage c) private {
        uint256 lastCall = _lastCall(c);
        uint256 deadline = c.deadline;
        if (block.timestamp > deadline - lastCall) {
            uint256 latest = _latestDeadline(_plannedDeadline(c), c.lastCallHours);
            uint256 extended = block.timestamp + lastCall;
            if (extended > latest) revert GoalReachedTooLate(campaignId, latest - lastCall);
            _moveDeadline(campaignId, c, deadline, extended);
            deadline = extended;
        }
        c.goalReachedAt = _toTime(block.timestamp);
        emit GoalReached(campaignId, deadline);
    }

    /// @notice Checks a withdrawal that takes the total below the goal. In the last call, a goal that has stood for
    /// more than a whole last call is what the other backers stayed for: the total may not fall below it any more
    /// (withdrawal griefing). Until then everybody may leave in full, and whoever would fill the gap this leaves gets
    /// a whole last call too, as long as a pledge may still reach the goal (up to planned deadline + last call).
    /// @param campaignId The campaign.
    /// @param c Its storage.
    /// @param amount The amount withdrawn.
    /// @param above What stands above the goal: all that may leave once the goal is locked (less than `amount`).
    function _leaveGoal(uint256 campaignId, Campaign storage c, uint256 amount, uint256 above) private {
        uint256 deadline = c.deadline;
        uint256 lastCall = _lastCall(c);
        if (block.timestamp <= deadline - lastCall) return;
        if (block.timestamp > uint256(c.goalReachedAt) + lastCall) revert GoalLocked(campaignId, amount, above);
        uint256 lastCrossing = _latestDeadline(_plannedDeadline(c), c.lastCallHours) - lastCall;
        uint256 extended = block.timestamp + lastCall;
        _moveDeadline(campaignId, c, deadline, extended < lastCrossing ? extended : lastCrossing);
    }

    /// @notice Moves the deadline later (never earlier) and says so. The first move records the planned deadline, so
    /// slot 2 stays empty for every campaign that never extends.
    /// @param campaignId The campaign.
    /// @param c Its storage.
    /// @param deadline Its current deadline.
    /// @param extended The new deadline; nothing happens unless it is later.
    function _moveDeadline(uint256 campaignId, Campaign storage c, uint256 deadline, uint256 extended) private {
        if (extended <= deadline) return;
        if (c.plannedDeadline == 0) c.plannedDeadline = uint32(deadline);
        c.deadline = uint32(extended);
        emit DeadlineExtended(campaignId, deadline, extended);
    }

    /// @notice A backer's objection weight: their pledge less its weightless late part.
    /// @param b The backer's record.
    /// @return The weight.
    function _weightOf(Backer storage b) private view returns (uint256) {
        return uint256(b.amount) - b.late;
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

    /// @notice A time as the 32 bits it is stored in; refuses what does not fit rather than truncate it.
    /// @param time The time in unix seconds.
    /// @return The same time.
    function _toTime(uint256 time) private pure returns (uint32) {
        if (time > type(uint32).max) revert TimeOutOfRange(time);
        return uint32(time);
    }

    /// @notice The latest deadline a campaign can reach: its planned deadline plus two last calls.
    /// @param plannedDeadline The planned deadline.
    /// @param lastCallHours The last call in hours.
    /// @return The latest deadline.
    function _latestDeadline(uint256 plannedDeadline, uint256 lastCallHours) private pure returns (uint256) {
        return plannedDeadline + 2 * lastCallHours * _HOUR;
    }

    /// @notice The deadline a campaign was opened with.
    /// @param c The campaign's storage.
    /// @return The planned deadline.
    function _plannedDeadline(Campaign storage c) private view returns (uint256) {
        uint256 planned = c.plannedDeadline;
        return planned != 0 ? planned : c.deadline;
    }

    /// @notice A campaign's last call in seconds.
    /// @param c The campaign's storage.
    /// @return The last call.
    function _lastCall(Campaign storage c) private view returns (uint256) {
        return uint256(c.lastCallHours) * _HOUR;
    }

    /// @notice The token of a campaign, zero for ETH.
    /// @param c The campaign's storage.
    /// @return The token.
    function _tokenOf(Campaign storage c) private view returns (address) {
        return c.flags & _FLAG_NATIVE != 0 ? NATIVE_TOKEN : c.token;
    }

    /// @notice A campaign's recorded status.
    /// @param c The campaign's storage.
    /// @return The status.
    function _status(Campaign storage c) private view returns (uint8) {
        return c.flags & _STATUS_MASK;
    }

    /// @notice Records a new status, keeping the campaign's kind.
    /// @param c The campaign's storage.
    /// @param status The status.
    function _setStatus(Campaign storage c, uint8 status) private {
        c.flags = (c.flags & ~_STATUS_MASK) | status;
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
        if (c.flags == _STATUS_NONE) revert UnknownCampaign(campaignId);
    }

    /// @notice The state of a campaign at the current block.
    /// @param c The campaign's storage.
    /// @return The state.
    function _state(Campaign storage c) private view returns (State) {
        uint8 flags = c.flags;
        uint8 status = flags & _STATUS_MASK;
        if (status == _STATUS_CANCELLED) return State.Cancelled;
        if (status == _STATUS_CLAIMED) return State.Claimed;
        if (status == _STATUS_REJECTED) return State.Rejected;
        uint256 deadline = c.deadline;
        if (block.timestamp <= deadline) return State.Funding;
        if (c.pledged < c.goal) return State.Failed;
        // Without milestones, a success nobody claims in time goes back to its backers; with milestones, the due
        // dates already bound every wait.
        if (flags & _FLAG_MILESTONES == 0 && block.timestamp > deadline + uint256(c.claimWindowDays) * _DAY) {
            return State.Lapsed;
        }
        return State.Succeeded;
    }
}
