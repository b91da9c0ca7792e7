// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PledgeEscrow} from "../../contracts/PledgeEscrow.sol";
import {IPledgeEscrow} from "../../contracts/interfaces/IPledgeEscrow.sol";
import {IProjectRegistry} from "../../contracts/interfaces/IProjectRegistry.sol";
import {ExpectedStates} from "./BaseTest.sol";
import {SharesModel} from "./SharesModel.sol";

/// @title RequestModel
/// @notice The feature request rules of issue 14, written from the design rather than from the contract, as a model
/// the invariant handler checks every call on a request against while it is a request (open, declined or expired):
/// who may open, accept and decline, the expiry and notice bounds, what pledges, withdrawals and refunds must do, and
/// that nothing else (claims, cancellations, bonus deposits) touches a request. Once accepted, a request is a
/// campaign: `EscrowModel` takes it over with the pledges it had, and this model keeps what it had at acceptance.
/// @dev Kept apart from `EscrowHandler` (past a real chain's size limits already), like the other models. Only the
/// bound handler may book calls.
contract RequestModel {
    uint256 internal constant MIN_REQUEST_LIFETIME = 7 days;
    uint256 internal constant MAX_REQUEST_LIFETIME = 365 days;
    uint256 internal constant ACCEPTANCE_NOTICE = 7 days;
    uint256 internal constant MAX_DURATION = 365 days;
    uint256 internal constant DEFAULT_LAST_CALL = 2 days;
    uint256 internal constant MAX_LAST_CALL = 7 days;
    uint256 internal constant ACTORS = 4;

    /// @notice What a request was opened with, and what became of it.
    struct Request {
        uint256 projectId;
        uint256 tokenIndex;
        address token;
        uint256 expiry;
        uint256 feeBps;
        string specURI;
        bytes32 specHash;
        bool declined;
        bool accepted;
        uint256 pledged; // the record's total: pledges less withdrawals (refunds leave it as raised)
        uint256 held; // what the escrow holds for it: pledged less refunds
        uint256 pledgedAtAcceptance;
        uint256 onChainAtAcceptance; // the escrow's total, read right after the acceptance
        uint256 claims; // claims that went through while it was a request (the rules allow none)
    }

    /// @notice `bind` was called a second time.
    error AlreadyBound();

    /// @notice Someone other than the bound handler tried to book a call.
    error OnlyHandler();

    /// @notice The escrow whose requests are modelled.
    PledgeEscrow public immutable escrow;
    /// @notice Who maintains which project (the share model's registry of owners and second maintainers).
    SharesModel public immutable shares;
    /// @notice The one handler allowed to book calls.
    address public handler;

    mapping(uint256 requestId => Request) internal _requests;
    uint256[] internal _ids;
    /// @notice Each backer's pledge to each request, as the rules make it.
    mapping(uint256 requestId => mapping(address actor => uint256)) public pledgeOf;
    /// @notice Each backer's pledge at the moment the request was accepted.
    mapping(uint256 requestId => mapping(address actor => uint256)) public pledgeAtAcceptance;

    /// @notice Models the requests of `escrow_`, whose maintainers `shares_` knows.
    constructor(PledgeEscrow escrow_, SharesModel shares_) {
        escrow = escrow_;
        shares = shares_;
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

    /// @notice How many requests the handler opened.
    function count() external view returns (uint256) {
        return _ids.length;
    }

    /// @notice The id of the `index`-th request opened.
    function idAt(uint256 index) external view returns (uint256) {
        return _ids[index];
    }

    /// @notice Whether a request was accepted: from then on it is a campaign, modelled by `EscrowModel`.
    function isAccepted(uint256 id) external view returns (bool) {
        return _requests[id].accepted;
    }

    /// @notice A request as opened, and what became of it.
    function requestOf(uint256 id) external view returns (Request memory) {
        return _requests[id];
    }

    /// @notice The state the rules give a request now (an accepted one is the campaign model's business).
    function state(uint256 id) public view returns (IPledgeEscrow.State) {
        Request storage r = _requests[id];
        if (r.declined) return IPledgeEscrow.State.Declined;
        if (block.timestamp > r.expiry) return IPledgeEscrow.State.Expired;
        return IPledgeEscrow.State.Requested;
    }

    /// @notice What an opening must do: the registry's `UnknownProject`, `EmptySpecURI`, `TokenNotAllowed`, or
    /// `InvalidExpiry` with the bounds of now, in this order; empty when it must succeed.
    function expectedOpen(uint256 projectId, address token, bool allowed, uint256 expiry, bytes calldata specURI)
        external
        view
        returns (bytes memory)
    {
        if (projectId == 0 || projectId > shares.PROJECTS()) {
            return abi.encodeWithSelector(IProjectRegistry.UnknownProject.selector, projectId);
        }
        if (specURI.length == 0) return abi.encodeWithSelector(IPledgeEscrow.EmptySpecURI.selector);
        if (!allowed) return abi.encodeWithSelector(IPledgeEscrow.TokenNotAllowed.selector, token);
        uint256 earliest = block.timestamp + MIN_REQUEST_LIFETIME;
        uint256 latest = block.timestamp + MAX_REQUEST_LIFETIME;
        if (expiry < earliest || expiry > latest) {
            return abi.encodeWithSelector(IPledgeEscrow.InvalidExpiry.selector, expiry, earliest, latest);
        }
        return "";
    }

    /// @notice What a pledge to a request must do: taken while open, else `UnexpectedState(.., Requested)`.
    function expectedPledge(uint256 id, uint256 amount) external view returns (bytes memory) {
        IPledgeEscrow.State s = state(id);
        if (s != IPledgeEscrow.State.Requested) return ExpectedStates.revertData(id, s, ExpectedStates.REQUESTED);
        if (amount == 0) return abi.encodeWithSelector(IPledgeEscrow.ZeroAmount.selector);
        return "";
    }

    /// @notice What a withdrawal from a request must do: any part of the pledge at any time while open.
    function expectedWithdrawal(uint256 id, address actor, uint256 amount) external view returns (bytes memory) {
        IPledgeEscrow.State s = state(id);
        if (s != IPledgeEscrow.State.Requested) return ExpectedStates.revertData(id, s, ExpectedStates.REQUESTED);
        if (amount == 0) return abi.encodeWithSelector(IPledgeEscrow.ZeroAmount.selector);
        uint256 pledged = pledgeOf[id][actor];
        if (amount > pledged) return abi.encodeWithSelector(IPledgeEscrow.InsufficientPledge.selector, amount, pledged);
        return "";
    }

    /// @notice What a refund of a request must do and pay: the whole pledge once declined or expired.
    function expectedRefund(uint256 id, address actor) external view returns (bytes memory expected, uint256 payment) {
        IPledgeEscrow.State s = state(id);
        if (s == IPledgeEscrow.State.Requested) {
            expected = ExpectedStates.revertData(id, s, ExpectedStates.REFUNDABLE);
        } else if (pledgeOf[id][actor] == 0) {
            expected = abi.encodeWithSelector(IPledgeEscrow.NothingToRefund.selector, id, actor);
        } else {
            payment = pledgeOf[id][actor];
        }
    }

    /// @notice What a claim of a request by `caller` must do: always refused, first for a caller who does not
    /// maintain its project, else because it is not a success.
    function expectedClaim(uint256 id, address caller) external view returns (bytes memory) {
        uint256 projectId = _requests[id].projectId;
        if (!shares.isMaintainer(projectId, caller)) {
            return abi.encodeWithSelector(IPledgeEscrow.NotProjectMaintainer.selector, projectId, caller);
        }
        return ExpectedStates.revertData(id, state(id), ExpectedStates.SUCCEEDED);
    }

    /// @notice What a cancellation of a request by `caller` must do: always refused (a maintainer declines it).
    function expectedCancel(uint256 id, address caller) external view returns (bytes memory) {
        uint256 projectId = _requests[id].projectId;
        if (!shares.isMaintainer(projectId, caller)) {
            return abi.encodeWithSelector(IPledgeEscrow.NotProjectMaintainer.selector, projectId, caller);
        }
        return ExpectedStates.revertData(id, state(id), ExpectedStates.FUNDING);
    }

    /// @notice What a bonus deposit into a request must do: always refused (a request has no goal to size it by).
    function expectedDeposit(uint256 id) external view returns (bytes memory) {
        return ExpectedStates.revertData(id, state(id), ExpectedStates.FUNDING);
    }

    /// @notice What a decline must do: open only, by a maintainer of its project, with a reason.
    function expectedDecline(uint256 id, address caller, bool emptyReason) external view returns (bytes memory) {
        IPledgeEscrow.State s = state(id);
        if (s != IPledgeEscrow.State.Requested) return ExpectedStates.revertData(id, s, ExpectedStates.REQUESTED);
        uint256 projectId = _requests[id].projectId;
        if (!shares.isMaintainer(projectId, caller)) {
            return abi.encodeWithSelector(IPledgeEscrow.NotProjectMaintainer.selector, projectId, caller);
        }
        if (emptyReason) return abi.encodeWithSelector(IPledgeEscrow.EmptyReasonURI.selector);
        return "";
    }

    /// @notice What an acceptance (without a milestone plan, or with a valid one) must do: open only, by a maintainer,
    /// with the request's project, token and spec, a deadline at least now + notice + 2 x last call (the default
    /// applied, at most `MAX_LAST_CALL` counted), then the campaign rules (`campaignRule`: the share model's answer).
    function expectedAccept(uint256 id, address caller, IPledgeEscrow.CampaignTerms calldata terms, bytes calldata rule)
        external
        view
        returns (bytes memory)
    {
        IPledgeEscrow.State s = state(id);
        if (s != IPledgeEscrow.State.Requested) return ExpectedStates.revertData(id, s, ExpectedStates.REQUESTED);
        Request storage r = _requests[id];
        if (!shares.isMaintainer(r.projectId, caller)) {
            return abi.encodeWithSelector(IPledgeEscrow.NotProjectMaintainer.selector, r.projectId, caller);
        }
        if (
            terms.projectId != r.projectId || terms.token != r.token
                || keccak256(bytes(terms.specURI)) != keccak256(bytes(r.specURI)) || terms.specHash != r.specHash
        ) return abi.encodeWithSelector(IPledgeEscrow.RequestTermsMismatch.selector, id);
        uint256 earliest = earliestDeadline(terms.lastCall);
        if (terms.deadline < earliest) {
            return abi.encodeWithSelector(
                IPledgeEscrow.InvalidDeadline.selector, terms.deadline, earliest, block.timestamp + MAX_DURATION
            );
        }
        return rule;
    }

    /// @notice The earliest deadline an acceptance now may set with `lastCall` (zero: the default).
    function earliestDeadline(uint256 lastCall) public view returns (uint256) {
        uint256 counted = lastCall == 0 ? DEFAULT_LAST_CALL : lastCall;
        if (counted > MAX_LAST_CALL) counted = MAX_LAST_CALL;
        return block.timestamp + ACCEPTANCE_NOTICE + 2 * counted;
    }

    /// @notice The fee an acceptance now records: the request's, or the one in force if lower.
    function acceptanceFee(uint256 id, uint256 feeInForce) external view returns (uint256) {
        uint256 recorded = _requests[id].feeBps;
        return feeInForce < recorded ? feeInForce : recorded;
    }

    /// @notice Compares the escrow's record of a request with the model; returns the first difference ("" when none).
    function observe(uint256 id) external view returns (string memory) {
        Request storage r = _requests[id];
        if (r.accepted) return "";
        IPledgeEscrow.CampaignView memory c = escrow.getCampaign(id);
        if (c.state != state(id)) return "request: state != model";
        if (c.pledged != r.pledged) return "request: total != model";
        if (c.goal != 0) return "request: goal != 0";
        if (c.deadline != r.expiry) return "request: deadline != expiry";
        if (c.feeBps != r.feeBps) return "request: fee != the fee in force at opening";
        if (c.projectId != r.projectId || c.token != r.token) return "request: project or token != opened";
        uint256 sum;
        uint256 held;
        for (uint256 a = 0; a < ACTORS; ++a) {
            address actor = address(uint160(0xB0000 + a));
            uint256 onChain = escrow.pledgeOf(id, actor);
            if (onChain != pledgeOf[id][actor]) return "request: a backer's pledge != model";
            sum += onChain;
            held += onChain;
        }
        if (held != r.held) return "request: held != pledges left";
        if (!r.declined && state(id) == IPledgeEscrow.State.Requested && sum != c.pledged) {
            return "request: total != sum of its backers' pledges";
        }
        return "";
    }

    // ------------------------------------------------------------------ booking what succeeded

    /// @notice Books an opened request.
    function bookOpen(
        uint256 id,
        uint256 projectId,
        uint256 tokenIndex,
        address token,
        uint256 expiry,
        uint256 feeBps,
        string calldata specURI,
        bytes32 specHash
    ) external onlyHandler {
        _ids.push(id);
        Request storage r = _requests[id];
        r.projectId = projectId;
        r.tokenIndex = tokenIndex;
        r.token = token;
        r.expiry = expiry;
        r.feeBps = feeBps;
        r.specURI = specURI;
        r.specHash = specHash;
    }

    /// @notice Books a pledge to an open request.
    function bookPledge(uint256 id, address actor, uint256 amount) external onlyHandler {
        pledgeOf[id][actor] += amount;
        _requests[id].pledged += amount;
        _requests[id].held += amount;
    }

    /// @notice Books a withdrawal from an open request.
    function bookWithdrawal(uint256 id, address actor, uint256 amount) external onlyHandler {
        pledgeOf[id][actor] -= amount;
        _requests[id].pledged -= amount;
        _requests[id].held -= amount;
    }

    /// @notice Books a refund: the pledge is paid back, the record's total stays as raised.
    function bookRefund(uint256 id, address actor) external onlyHandler {
        _requests[id].held -= pledgeOf[id][actor];
        pledgeOf[id][actor] = 0;
    }

    /// @notice Books a decline.
    function bookDecline(uint256 id) external onlyHandler {
        _requests[id].declined = true;
    }

    /// @notice Books a claim of a request that went through (none should).
    function bookClaim(uint256 id) external onlyHandler {
        ++_requests[id].claims;
    }

    /// @notice Books an acceptance, with the escrow's total read right after it: what each backer had then is kept;
    /// returns the backers and their pledges.
    function bookAccept(uint256 id, uint256 onChain)
        external
        onlyHandler
        returns (address[] memory backers, uint256[] memory amounts)
    {
        Request storage r = _requests[id];
        r.accepted = true;
        r.onChainAtAcceptance = onChain;
        r.pledgedAtAcceptance = r.pledged;
        backers = new address[](ACTORS);
        amounts = new uint256[](ACTORS);
        for (uint256 a = 0; a < ACTORS; ++a) {
            address actor = address(uint160(0xB0000 + a));
            backers[a] = actor;
            amounts[a] = pledgeOf[id][actor];
            pledgeAtAcceptance[id][actor] = amounts[a];
        }
    }
}
