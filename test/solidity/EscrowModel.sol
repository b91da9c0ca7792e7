// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PledgeEscrow} from "../../contracts/PledgeEscrow.sol";
import {IPledgeEscrow} from "../../contracts/interfaces/IPledgeEscrow.sol";
import {ExpectedStates} from "./BaseTest.sol";
import {TestBase} from "./Vm.sol";

/// @title EscrowModel
/// @notice The end-of-campaign rules of issue 8, written again from the issue and the notes rather than from the
/// contract, as a model the invariant handler checks every call against: what a campaign's deadline, goal time,
/// total, late parts, weights and state must be after the calls that succeeded, and what each call must do next
/// (succeed, or revert with exactly which error). Times: D0 planned deadline, D current deadline, L last call,
/// C claim window.
/// @dev Kept apart from `EscrowHandler`, whose runtime and creation code are already past a real chain's limits (24 and
/// 48 KiB; the test runner lifts both), like the refund bonus model (`BonusModel`). Only the bound handler may book
/// calls.
contract EscrowModel is TestBase {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant FEE_CHANGE_DELAY = 7 days;

    /// @notice What a campaign was opened with (defaults applied).
    struct Terms {
        uint256 tokenIndex;
        bool milestones;
        uint256 goal;
        uint256 planned;
        uint256 lastCall;
        uint256 claimWindow;
        uint256 feeBps;
    }

    /// @notice What the rules make of a campaign from the calls that succeeded.
    struct Model {
        uint256 deadline;
        uint256 pledged;
        uint256 lateTotal;
        uint256 goalReachedAt;
        bool crossedInLastCall;
        uint256 leftGoalAt;
        bool cancelled;
        bool claimed;
        uint256 lastClaimAt;
        uint256 deadlineHighWater;
    }

    /// @notice `bind` was called a second time.
    error AlreadyBound();

    /// @notice Someone other than the bound handler tried to book a call.
    error OnlyHandler();

    /// @notice The escrow whose campaigns are modelled.
    PledgeEscrow public immutable escrow;
    /// @notice The one handler allowed to book calls (bound once, right after deployment).
    address public handler;

    mapping(uint256 campaignId => Terms) internal _terms;
    mapping(uint256 campaignId => Model) internal _model;
    /// @notice Each backer's pledge, as the rules make it.
    mapping(uint256 campaignId => mapping(address actor => uint256)) public pledgeOf;
    /// @notice The part of each pledge made after the weight cutoff.
    mapping(uint256 campaignId => mapping(address actor => uint256)) public lateOf;
    /// @notice A backer's weight as it stood at the cutoff, then lowered by each later observation: after the cutoff
    /// the weight may only go down (late pledges carry none, withdrawals take the late part first).
    mapping(uint256 campaignId => mapping(address actor => uint256)) public weightCap;

    // The fee schedule announced through `setFee`.
    uint256 internal _feeCurrent;
    uint256 internal _feePending;
    uint256 internal _feeFrom;

    /// @notice Starts from the fee the escrow records now.
    constructor(PledgeEscrow escrow_) {
        escrow = escrow_;
        _feeCurrent = escrow_.feeBps();
    }

    /// @notice Binds the handler, once.
    function bind(address handler_) external {
        if (handler != address(0)) revert AlreadyBound();
        handler = handler_;
    }

    modifier onlyHandler() {
        if (msg.sender != handler) revert OnlyHandler();
        _;
    }

    // ------------------------------------------------------------------ views

    /// @notice What a campaign was opened with.
    function termsOf(uint256 id) external view returns (Terms memory) {
        return _terms[id];
    }

    /// @notice What the rules make of a campaign so far.
    function modelOf(uint256 id) external view returns (Model memory) {
        return _model[id];
    }

    /// @notice The fee a campaign opened now must record.
    function fee() public view returns (uint256) {
        return _feeFrom != 0 && block.timestamp >= _feeFrom ? _feePending : _feeCurrent;
    }

    /// @notice The state the rules give a campaign now. With milestones, once decided, the milestone rules decide
    /// (not modelled here): the escrow's own answer is used.
    function state(uint256 id) public view returns (IPledgeEscrow.State) {
        Terms storage t = _terms[id];
        Model storage m = _model[id];
        if (m.cancelled) return IPledgeEscrow.State.Cancelled;
        if (m.claimed) return IPledgeEscrow.State.Claimed;
        if (block.timestamp <= m.deadline) return IPledgeEscrow.State.Funding;
        if (m.pledged < t.goal) return IPledgeEscrow.State.Failed;
        if (t.milestones) return escrow.campaignState(id);
        if (block.timestamp > m.deadline + t.claimWindow) return IPledgeEscrow.State.Lapsed;
        return IPledgeEscrow.State.Succeeded;
    }

    /// @notice Whether now is in the campaign's last call, (D - L, D].
    function inLastCall(uint256 id) public view returns (bool) {
        return block.timestamp > _model[id].deadline - _terms[id].lastCall;
    }

    /// @notice Whether the goal stands and was reached at most L ago: the honest window [t, t + L], in which every
    /// backer must be able to withdraw in full.
    function inHonestWindow(uint256 id) external view returns (bool) {
        Model storage m = _model[id];
        return !m.cancelled && m.goalReachedAt != 0 && m.pledged >= _terms[id].goal
            && block.timestamp <= m.goalReachedAt + _terms[id].lastCall;
    }

    /// @notice What a pledge must do: revert with this error, or (empty) succeed.
    function expectedPledge(uint256 id, uint256 amount) external view returns (bytes memory) {
        Terms storage t = _terms[id];
        Model storage m = _model[id];
        IPledgeEscrow.State s = state(id);
        if (s != IPledgeEscrow.State.Funding) return ExpectedStates.revertData(id, s, ExpectedStates.FUNDING);
        bool crossing = m.pledged < t.goal && m.pledged + amount >= t.goal;
        // A crossing in the last call moves the deadline to now + L, which may not pass D0 + 2L.
        if (crossing && inLastCall(id) && block.timestamp > t.planned + t.lastCall) {
            return abi.encodeWithSelector(IPledgeEscrow.GoalReachedTooLate.selector, id, t.planned + t.lastCall);
        }
        return "";
    }

    /// @notice What a withdrawal must do: revert with this error, or (empty) succeed.
    function expectedWithdrawal(uint256 id, address actor, uint256 amount) external view returns (bytes memory) {
        Terms storage t = _terms[id];
        Model storage m = _model[id];
        IPledgeEscrow.State s = state(id);
        if (s != IPledgeEscrow.State.Funding) return ExpectedStates.revertData(id, s, ExpectedStates.FUNDING);
        if (amount == 0) return abi.encodeWithSelector(IPledgeEscrow.ZeroAmount.selector);
        uint256 pledged = pledgeOf[id][actor];
        if (amount > pledged) return abi.encodeWithSelector(IPledgeEscrow.InsufficientPledge.selector, amount, pledged);
        // In the last call, the total may not fall below a goal that has stood for more than L.
        bool belowGoal = m.pledged >= t.goal && m.pledged - amount < t.goal;
        if (belowGoal && inLastCall(id) && block.timestamp > m.goalReachedAt + t.lastCall) {
            return abi.encodeWithSelector(IPledgeEscrow.GoalLocked.selector, id, amount, m.pledged - t.goal);
        }
        return "";
    }

    /// @notice What a claim of a campaign without milestones must do (from D + 1 to D + C only).
    function expectedClaim(uint256 id) external view returns (bytes memory) {
        IPledgeEscrow.State s = state(id);
        if (_terms[id].milestones || s == IPledgeEscrow.State.Succeeded) return "";
        return ExpectedStates.revertData(id, s, ExpectedStates.SUCCEEDED);
    }

    /// @notice What a refund must do and pay: the whole pledge when Failed, Cancelled or Lapsed; pledge x unreleased /
    /// total, rounded down, after a rejection.
    function expectedRefund(uint256 id, address actor)
        external
        view
        returns (bytes memory expected, uint256 payment, IPledgeEscrow.State s)
    {
        s = _terms[id].milestones ? escrow.campaignState(id) : state(id);
        bool full = s == IPledgeEscrow.State.Failed || s == IPledgeEscrow.State.Cancelled
            || s == IPledgeEscrow.State.Lapsed;
        uint256 pledged = pledgeOf[id][actor];
        if (!full && s != IPledgeEscrow.State.Rejected) {
            expected = ExpectedStates.revertData(id, s, ExpectedStates.REFUNDABLE);
        } else if (pledged == 0) {
            expected = abi.encodeWithSelector(IPledgeEscrow.NothingToRefund.selector, id, actor);
        } else if (full) {
            payment = pledged;
        } else {
            uint256 total = _model[id].pledged;
            uint256 unreleased = total - (total * escrow.getMilestoneProgress(id).releasedBps) / BPS;
            payment = (pledged * unreleased) / total;
        }
    }

    /// @notice Whether the revert data is the expected error. With milestones, pledges, withdrawals and cancellations
    /// report the recorded state, which lags a rejection that time decided and nobody recorded yet: for
    /// `UnexpectedState` there, the error, the campaign and the expected states are compared, not the current state.
    function sameError(uint256 id, bytes calldata reason, bytes calldata expected) external view returns (bool) {
        if (keccak256(reason) == keccak256(expected)) return true;
        if (!_terms[id].milestones || bytes4(expected) != IPledgeEscrow.UnexpectedState.selector) return false;
        if (reason.length != expected.length || bytes4(reason) != bytes4(expected)) return false;
        (uint256 reasonId,, bytes32 reasonExpected) = abi.decode(reason[4:], (uint256, uint8, bytes32));
        (,, bytes32 expectedStates) = abi.decode(expected[4:], (uint256, uint8, bytes32));
        return reasonId == id && reasonExpected == expectedStates;
    }

    // ------------------------------------------------------------------ booking what succeeded

    /// @notice Books an opened campaign; returns what differs between its record and its terms ("" when nothing).
    function register(uint256 id, IPledgeEscrow.CampaignTerms calldata terms, bool milestones, uint256 feeBps)
        external
        onlyHandler
        returns (string memory problem)
    {
        problem = _book(id, terms, milestones, feeBps, 0);
    }

    /// @notice Books an accepted request as a campaign that already holds each backer's pledge (`amounts` of
    /// `backers`), all of it weight: the goal counts as reached at the acceptance when they reach it. Returns what
    /// differs between its record and its terms ("" when nothing).
    function registerAccepted(
        uint256 id,
        IPledgeEscrow.CampaignTerms calldata terms,
        bool milestones,
        uint256 feeBps,
        address[] calldata backers,
        uint256[] calldata amounts
    ) external onlyHandler returns (string memory problem) {
        uint256 pledged;
        for (uint256 i = 0; i < backers.length; ++i) {
            pledgeOf[id][backers[i]] = amounts[i];
            // Pledged before the acceptance, so before the cutoff (at least the notice away): all of it is weight.
            weightCap[id][backers[i]] = amounts[i];
            pledged += amounts[i];
        }
        _model[id].pledged = pledged;
        problem = _book(id, terms, milestones, feeBps, pledged >= terms.goal ? block.timestamp : 0);
    }

    /// @notice Books a campaign's terms and compares its record with them (`goalReachedAt` as given).
    function _book(
        uint256 id,
        IPledgeEscrow.CampaignTerms calldata terms,
        bool milestones,
        uint256 feeBps,
        uint256 goalReachedAt
    ) internal returns (string memory problem) {
        uint256 lastCall = terms.lastCall == 0 ? 2 days : terms.lastCall;
        uint256 claimWindow = terms.claimWindow == 0 ? 90 days : terms.claimWindow;
        _terms[id] = Terms({
            tokenIndex: terms.token == address(0) ? 0 : 1,
            milestones: milestones,
            goal: terms.goal,
            planned: terms.deadline,
            lastCall: lastCall,
            claimWindow: claimWindow,
            feeBps: feeBps
        });
        Model storage m = _model[id];
        m.deadline = terms.deadline;
        m.deadlineHighWater = terms.deadline;
        m.goalReachedAt = goalReachedAt;
        IPledgeEscrow.CampaignView memory c = escrow.getCampaign(id);
        bool same = c.plannedDeadline == terms.deadline && c.lastCall == lastCall && c.claimWindow == claimWindow
            && c.feeBps == feeBps && c.goal == terms.goal && c.goalReachedAt == goalReachedAt
            && c.deadline == terms.deadline && c.pledged == m.pledged;
        if (!same) problem = "opened campaign's record != terms (defaults, fee schedule)";
    }

    /// @notice Books a successful pledge: a crossing records the goal time and, in the last call, moves the deadline
    /// to now + L; with milestones, a pledge after the cutoff D0 - 2L is late. Returns which path it took.
    function bookPledge(uint256 id, address actor, uint256 amount) external onlyHandler returns (bytes32 path) {
        Terms storage t = _terms[id];
        Model storage m = _model[id];
        if (m.pledged < t.goal && m.pledged + amount >= t.goal) {
            m.crossedInLastCall = inLastCall(id);
            if (m.crossedInLastCall) m.deadline = block.timestamp + t.lastCall;
            m.goalReachedAt = block.timestamp;
            path = m.crossedInLastCall ? bytes32("crossingInLastCall") : bytes32("crossingBeforeLastCall");
        }
        m.pledged += amount;
        pledgeOf[id][actor] += amount;
        if (t.milestones && block.timestamp > t.planned - 2 * t.lastCall) {
            lateOf[id][actor] += amount;
            m.lateTotal += amount;
            if (path == "") path = "latePledge";
        }
    }

    /// @notice Books a successful withdrawal: the late part goes first. One that takes the total below the goal in
    /// the last call moves the deadline to now + L, but never past D0 + L (the last second a pledge may still reach
    /// the goal), so whoever would fill the gap gets a whole last call too. Returns which path it took.
    function bookWithdrawal(uint256 id, address actor, uint256 amount) external onlyHandler returns (bytes32 path) {
        Terms storage t = _terms[id];
        Model storage m = _model[id];
        if (m.pledged >= t.goal && m.pledged - amount < t.goal && inLastCall(id)) {
            m.leftGoalAt = block.timestamp;
            uint256 refill = block.timestamp + t.lastCall;
            if (refill > t.planned + t.lastCall) refill = t.planned + t.lastCall;
            path = "leftGoalInLastCall";
            if (refill > m.deadline) {
                m.deadline = refill;
                path = "leftGoalExtended";
            }
        }
        uint256 late = lateOf[id][actor];
        uint256 lateTaken = amount < late ? amount : late;
        lateOf[id][actor] = late - lateTaken;
        _model[id].lateTotal -= lateTaken;
        pledgeOf[id][actor] -= amount;
        _model[id].pledged -= amount;
    }

    /// @notice Books a successful refund: nothing is left of the pledge.
    function bookRefund(uint256 id, address actor) external onlyHandler {
        pledgeOf[id][actor] = 0;
        lateOf[id][actor] = 0;
    }

    /// @notice Books a cancellation.
    function bookCancel(uint256 id) external onlyHandler {
        _model[id].cancelled = true;
    }

    /// @notice Books a successful claim (a campaign without milestones is then Claimed).
    function bookClaim(uint256 id) external onlyHandler {
        if (!_terms[id].milestones) _model[id].claimed = true;
        _model[id].lastClaimAt = block.timestamp;
    }

    /// @notice Books an announced fee: the one in force stays until the delay has passed.
    function bookFee(uint256 newFeeBps) external onlyHandler {
        _feeCurrent = fee();
        _feePending = newFeeBps;
        _feeFrom = block.timestamp + FEE_CHANGE_DELAY;
    }

    // ------------------------------------------------------------------ observations

    /// @notice Compares the escrow's record of a campaign with the model and keeps the deadline's high-water mark;
    /// returns the first difference ("" when none).
    function observe(uint256 id) external onlyHandler returns (string memory) {
        Terms storage t = _terms[id];
        Model storage m = _model[id];
        IPledgeEscrow.CampaignView memory c = escrow.getCampaign(id);
        if (c.deadline < m.deadlineHighWater) return "deadline went down";
        if (c.deadline > m.deadlineHighWater) m.deadlineHighWater = c.deadline;
        if (c.deadline > t.planned + 2 * t.lastCall) return "deadline past planned + 2L";
        if (c.deadline != m.deadline) return "deadline != model";
        if (c.pledged != m.pledged) return "total != model";
        if (c.goalReachedAt != m.goalReachedAt) return "goalReachedAt != model";
        if (!t.milestones && escrow.campaignState(id) != state(id)) return "state != model";
        return "";
    }

    /// @notice Checks one backer's weight (pledge less late part; the pledge without milestones) and, after the
    /// cutoff, that it did not grow; returns the first difference ("" when none).
    function observeBacker(uint256 id, address actor) external onlyHandler returns (string memory) {
        Terms storage t = _terms[id];
        uint256 weight = escrow.objectionWeightOf(id, actor);
        if (weight != pledgeOf[id][actor] - (t.milestones ? lateOf[id][actor] : 0)) {
            return "objection weight != pledge - late part";
        }
        if (!t.milestones) return "";
        uint256 cap = weightCap[id][actor];
        weightCap[id][actor] = weight;
        if (block.timestamp > t.planned - 2 * t.lastCall && weight > cap) return "weight grew after the cutoff";
        return "";
    }
}
