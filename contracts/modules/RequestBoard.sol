// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPledgeEscrow} from "../interfaces/IPledgeEscrow.sol";
import {IProtocolFees} from "../interfaces/IProtocolFees.sol";
import {IProjectRegistry} from "../interfaces/IProjectRegistry.sol";
import {IRequestBoard} from "../interfaces/IRequestBoard.sol";
import {Campaigns} from "../libraries/Campaigns.sol";
import {Currency} from "../libraries/Currency.sol";
import {EscrowStorage} from "../libraries/EscrowStorage.sol";
import {Limits} from "../libraries/Limits.sol";
import {MilestonePlans} from "../libraries/MilestonePlans.sol";

/// @title RequestBoard
/// @notice The escrow's feature request module: opening, accepting and declining requests. A request is a campaign
/// record flagged `FLAG_REQUEST`, with a zero goal and its expiry as deadline, so the escrow's own pledge, withdrawal
/// and refund paths serve it unchanged and at the same cost; acceptance rewrites the record's two hot slots with the
/// terms, which carries every pledge over in O(1).
/// @dev Deployed before the escrow and given to its constructor, like `BonusPool` (the escrow's creation code has no
/// room for it). The escrow reaches it through its fallback, so its functions cost the core no bytes: call them on
/// the escrow with `IRequestBoard`'s ABI. It refuses to run outside a delegated call. No function here moves money or
/// calls anything but the registry's views, so none needs the reentrancy lock.
contract RequestBoard is IRequestBoard {
    using Campaigns for EscrowStorage.Campaign;

    /// @notice The module was called directly: its functions only run as part of an escrow.
    error NotDelegated();

    /// @inheritdoc IRequestBoard
    uint256 public constant MIN_REQUEST_LIFETIME = Limits.MIN_REQUEST_LIFETIME;
    /// @inheritdoc IRequestBoard
    uint256 public constant MAX_REQUEST_LIFETIME = Limits.MAX_REQUEST_LIFETIME;
    /// @inheritdoc IRequestBoard
    uint256 public constant ACCEPTANCE_NOTICE = Limits.ACCEPTANCE_NOTICE;

    /// @inheritdoc IRequestBoard
    IProjectRegistry public immutable registry;

    address private immutable _SELF = address(this);

    // The last call is stored in hours and the claim window in days (`EscrowStorage.Campaign`).
    uint256 private constant _HOUR = 1 hours;
    uint256 private constant _DAY = 1 days;

    modifier onlyDelegated() {
        if (address(this) == _SELF) revert NotDelegated();
        _;
    }

    modifier whenNotPaused() {
        if (EscrowStorage.layout().protocol.paused) revert IProtocolFees.EnforcedPause();
        _;
    }

    /// @notice Deploys the module for `registry_`.
    /// @param registry_ The project registry of the escrow that will use it: its maintainers accept and decline.
    constructor(IProjectRegistry registry_) {
        registry = registry_;
    }

    /// @inheritdoc IRequestBoard
    function openRequest(uint256 projectId, address token, uint256 expiry, string calldata specURI, bytes32 specHash)
        external
        onlyDelegated
        whenNotPaused
        returns (uint256 requestId)
    {
        _checkRequest(projectId, token, expiry, specURI);
        EscrowStorage.Protocol storage protocol = EscrowStorage.layout().protocol;
        // Fixed now: a fee raised later must not reach backers who pledged and stopped watching.
        uint16 fee = Campaigns.feeInForce(protocol);
        requestId = protocol.campaignCount + 1;
        protocol.campaignCount = uint64(requestId);
        {
            // The campaign layout (`Campaigns.slot0`, `slot1`): goal zero (a pledge never reaches it, a withdrawal
            // never leaves it), the expiry as deadline, no last call, no claim window, no milestones.
            uint256 flags = Campaigns.STATUS_ACTIVE | Campaigns.FLAG_REQUEST
                | (token == Currency.NATIVE ? Campaigns.FLAG_NATIVE : 0);
            uint256 word0 = (expiry << 208) | (flags << 240);
            uint256 word1 = uint256(uint160(token)) | (uint256(fee) << 160) | (projectId << 176)
                | (uint256(Campaigns.toBlock(block.number)) << 224);
            bytes32 specCommitment = keccak256(abi.encode(specURI, specHash));
            EscrowStorage.Campaign storage c = EscrowStorage.layout().campaigns[requestId];
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                sstore(c.slot, word0)
                sstore(add(c.slot, 1), word1)
                sstore(add(c.slot, 2), specCommitment)
            }
        }
        emit IPledgeEscrow.RequestOpened(requestId, projectId, msg.sender, token, expiry, fee, specURI, specHash);
    }

    /// @inheritdoc IRequestBoard
    function acceptRequest(
        uint256 requestId,
        IPledgeEscrow.CampaignTerms calldata terms,
        IPledgeEscrow.MilestonePlan calldata plan
    ) external onlyDelegated whenNotPaused {
        EscrowStorage.Campaign storage c = EscrowStorage.layout().campaigns[requestId];
        uint256 word0 = Campaigns.slot0(c);
        _requireOpen(c, requestId, word0);
        uint256 word1 = Campaigns.slot1(c);
        Campaigns.requireMaintainer(registry, Campaigns.projectIdIn(word1));
        if (
            terms.projectId != Campaigns.projectIdIn(word1) || terms.token != Campaigns.tokenIn(word1)
                || keccak256(abi.encode(terms.specURI, terms.specHash)) != c.specCommitment
        ) revert IPledgeEscrow.RequestTermsMismatch(requestId);
        uint256 count;
        uint16 threshold;
        if (plan.milestones.length != 0) (count, threshold) = MilestonePlans.check(plan);
        // Backers pledged to a wish, not to these terms: each keeps the notice and a whole last call to leave before
        // the last call starts. Checked before the campaign rules so that a refusal names the deadline to pick.
        uint256 lastCall = terms.lastCall == 0 ? Limits.DEFAULT_LAST_CALL : terms.lastCall;
        if (lastCall > Limits.MAX_LAST_CALL) lastCall = Limits.MAX_LAST_CALL;
        uint256 earliest = block.timestamp + Limits.ACCEPTANCE_NOTICE + 2 * lastCall;
        uint256 latest = block.timestamp + Limits.MAX_DURATION;
        if (terms.deadline < earliest || terms.deadline > latest) {
            revert IPledgeEscrow.InvalidDeadline(terms.deadline, earliest, latest);
        }
        lastCall = _record(c, requestId, word0, word1, terms, count);
        if (count != 0) MilestonePlans.record(requestId, terms.deadline, lastCall, plan, threshold);
        uint256 pledged = Campaigns.pledgedOf(word0);
        emit IPledgeEscrow.RequestAccepted(requestId, msg.sender, pledged);
        // Far from the last call (the notice), so this records the time and moves no deadline.
        if (pledged >= terms.goal) c.reachGoal(requestId);
    }

    /// @inheritdoc IRequestBoard
    function declineRequest(uint256 requestId, string calldata reasonURI) external onlyDelegated {
        EscrowStorage.Campaign storage c = EscrowStorage.layout().campaigns[requestId];
        uint256 word0 = Campaigns.slot0(c);
        _requireOpen(c, requestId, word0);
        Campaigns.requireMaintainer(registry, Campaigns.projectIdIn(Campaigns.slot1(c)));
        if (bytes(reasonURI).length == 0) revert IPledgeEscrow.EmptyReasonURI();
        // Cancelled with the request flag is `Declined`: `refund` pays every backer in full from now on.
        Campaigns.setStatusIn(c, word0, Campaigns.STATUS_CANCELLED);
        emit IPledgeEscrow.RequestDeclined(requestId, msg.sender, reasonURI);
    }

    /// @dev The checks of `openRequest`; marks the token as used by the escrow.
    function _checkRequest(uint256 projectId, address token, uint256 expiry, string calldata specURI) private {
        // Reverts with the registry's `UnknownProject`: a request is for a project that exists.
        registry.ownerOf(projectId);
        if (projectId > type(uint32).max) revert IPledgeEscrow.ProjectIdOutOfRange(projectId);
        if (bytes(specURI).length == 0) revert IPledgeEscrow.EmptySpecURI();
        EscrowStorage.Layout storage store = EscrowStorage.layout();
        if (token != Currency.NATIVE) {
            uint8 tokenFlags = store.tokenFlags[token];
            if (tokenFlags & Campaigns.TOKEN_ALLOWED == 0) revert IPledgeEscrow.TokenNotAllowed(token);
            // From now on the escrow may owe some of this token (solvency checks list the tokens ever used).
            if (tokenFlags & Campaigns.TOKEN_USED == 0) store.tokenFlags[token] = tokenFlags | Campaigns.TOKEN_USED;
        }
        uint256 earliest = block.timestamp + Limits.MIN_REQUEST_LIFETIME;
        uint256 latest = block.timestamp + Limits.MAX_REQUEST_LIFETIME;
        if (expiry < earliest || expiry > latest) revert IPledgeEscrow.InvalidExpiry(expiry, earliest, latest);
        // An acceptance at the expiry sets a deadline at most `MAX_DURATION` later: it must fit 32 bits too.
        Campaigns.toTime(expiry + Limits.MAX_DURATION);

    }

    /// @dev Validates the terms as a new campaign's (`Campaigns.checkTerms`), rewrites the record's two hot slots with
    /// them in the layout of an opening (`Campaigns._record`), keeping the pledged total, and announces them like an
    /// opening; returns the last call in seconds, the default applied.
    function _record(
        EscrowStorage.Campaign storage c,
        uint256 requestId,
        uint256 word0,
        uint256 word1,
        IPledgeEscrow.CampaignTerms calldata terms,
        uint256 count
    ) private returns (uint256 lastCall) {
        uint256 claimWindow;
        uint256 dependencyVersion;
        uint256 dependencyShare;
        (lastCall, claimWindow, dependencyVersion, dependencyShare) = Campaigns.checkTerms(registry, terms);
        uint256 fee = _rewrite(c, word0, word1, terms, count, lastCall, claimWindow);
        Campaigns.announce(requestId, terms, fee, lastCall, claimWindow);
        if (terms.builderShareBps | dependencyShare != 0) {
            Campaigns.recordSplit(requestId, terms.builderShareBps, dependencyVersion, dependencyShare);
        }
    }

    /// @dev Writes the record's two hot slots in the layout of an opening (`Campaigns._record`); returns the fee.
    function _rewrite(
        EscrowStorage.Campaign storage c,
        uint256 word0,
        uint256 word1,
        IPledgeEscrow.CampaignTerms calldata terms,
        uint256 count,
        uint256 lastCall,
        uint256 claimWindow
    ) private returns (uint256 fee) {
        // The pledged total stays; the rest becomes the terms. The record's block becomes this one, where
        // `CampaignOpened` is; every value was range-checked by `checkTerms`.
        {
            uint256 flags = Campaigns.STATUS_ACTIVE | (Campaigns.flagsOf(word0) & Campaigns.FLAG_NATIVE)
                | (count != 0 ? Campaigns.FLAG_MILESTONES : 0);
            uint256 newWord0 = terms.goal | (uint256(uint104(word0 >> 104)) << 104) | (terms.deadline << 208)
                | (flags << 240) | ((lastCall / _HOUR) << 248);
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                sstore(c.slot, newWord0)
            }
        }
        // A fee lowered since the request opened reaches its backers; one raised does not.
        fee = Campaigns.feeBpsIn(word1);
        uint256 feeNow = Campaigns.feeInForce(EscrowStorage.layout().protocol);
        if (feeNow < fee) fee = feeNow;
        uint256 newWord1 = (word1 & type(uint160).max) | (fee << 160) | (terms.projectId << 176) | (count << 208)
            | ((claimWindow / _DAY) << 216) | (uint256(Campaigns.toBlock(block.number)) << 224);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(add(c.slot, 1), newWord1)
        }
    }

    /// @dev Reverts unless the record is a request open now: `UnknownCampaign`, or `UnexpectedState` with its state.
    function _requireOpen(EscrowStorage.Campaign storage c, uint256 requestId, uint256 word0) private view {
        uint256 flags = Campaigns.flagsOf(word0);
        if (flags == Campaigns.STATUS_NONE) revert IPledgeEscrow.UnknownCampaign(requestId);
        IPledgeEscrow.State current = Campaigns.stateOf(word0, c);
        if (current != IPledgeEscrow.State.Requested) {
            revert IPledgeEscrow.UnexpectedState(requestId, current, Campaigns.REQUESTED);
        }
    }
}
