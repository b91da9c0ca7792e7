// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPledgeEscrow} from "../interfaces/IPledgeEscrow.sol";
import {IProjectRegistry} from "../interfaces/IProjectRegistry.sol";
import {EscrowStorage} from "./EscrowStorage.sol";
import {Currency} from "./Currency.sol";
import {Limits} from "./Limits.sol";

/// @title Campaigns
/// @notice A campaign's life: its terms at opening, its state at any time, and the rules of its end (the last call).
/// @dev Used by the escrow and by its milestone module over the same storage.
library Campaigns {
    // `Campaign.flags`: the status in the low three bits, then what kind of campaign it is.
    uint8 internal constant STATUS_MASK = 0x07;
    uint8 internal constant STATUS_NONE = 0;
    uint8 internal constant STATUS_ACTIVE = 1;
    uint8 internal constant STATUS_CANCELLED = 2;
    uint8 internal constant STATUS_CLAIMED = 3;
    uint8 internal constant STATUS_REJECTED = 4;
    uint8 internal constant FLAG_NATIVE = 0x08;
    uint8 internal constant FLAG_MILESTONES = 0x10;
    // 0x20 is `RefundBonus.FLAG_BONUS`. A campaign whose claims credit a builder or dependencies
    // (`EscrowStorage.Split`).
    uint8 internal constant FLAG_SPLIT = 0x40;
    // A feature request (`RequestBoard`): no terms yet, `deadline` is its expiry, `goal` zero. Cleared at acceptance.
    uint8 internal constant FLAG_REQUEST = 0x80;

    uint8 internal constant TOKEN_ALLOWED = 0x01;
    uint8 internal constant TOKEN_USED = 0x02;

    // Expected states of `UnexpectedState`: bit `1 << uint8(state)` for each state that allows the call.
    bytes32 internal constant FUNDING = bytes32(uint256(1) << uint8(IPledgeEscrow.State.Funding));
    bytes32 internal constant SUCCEEDED = bytes32(uint256(1) << uint8(IPledgeEscrow.State.Succeeded));
    bytes32 internal constant REJECTED = bytes32(uint256(1) << uint8(IPledgeEscrow.State.Rejected));
    bytes32 internal constant REQUESTED = bytes32(uint256(1) << uint8(IPledgeEscrow.State.Requested));
    // Refunded in full: what `refund` pays without looking further.
    bytes32 internal constant REFUNDED_IN_FULL = bytes32(
        (uint256(1) << uint8(IPledgeEscrow.State.Failed)) | (uint256(1) << uint8(IPledgeEscrow.State.Cancelled))
            | (uint256(1) << uint8(IPledgeEscrow.State.Lapsed)) | (uint256(1) << uint8(IPledgeEscrow.State.Declined))
            | (uint256(1) << uint8(IPledgeEscrow.State.Expired))
    );
    bytes32 internal constant REFUNDABLE =
        REFUNDED_IN_FULL | bytes32(uint256(1) << uint8(IPledgeEscrow.State.Rejected));

    // The last call is stored in hours and the claim window in days, so both fit in the bytes left in hot slots.
    uint256 private constant _HOUR = 1 hours;
    uint256 private constant _DAY = 1 days;

    /// @notice Validates and stores a new campaign's terms and emits `CampaignOpened`.
    /// @param registry The registry that says who maintains the project.
    /// @param terms The terms.
    /// @param milestoneCount Number of milestones of its plan (zero: whole amount on success).
    /// @return campaignId The new campaign's id.
    function open(IProjectRegistry registry, IPledgeEscrow.CampaignTerms calldata terms, uint8 milestoneCount)
        internal
        returns (uint256 campaignId)
    {
        (uint256 lastCall, uint256 claimWindow, uint256 dependencyVersion, uint256 dependencyShare) =
            checkTerms(registry, terms);
        address token = terms.token;
        uint16 fee;
        (campaignId, fee) = _record(terms, token, milestoneCount, lastCall, claimWindow);
        announce(campaignId, terms, fee, lastCall, claimWindow);
        uint256 builderShare = terms.builderShareBps;
        if (builderShare | dependencyShare != 0) {
            recordSplit(campaignId, builderShare, dependencyVersion, dependencyShare);
        }
    }

    /// @notice Stores the shares of a campaign that has any and flags it, so that its claims credit them: the only
    /// cost a campaign without shares pays for them is the flag test in `claim`.
    /// @param campaignId The new campaign.
    /// @param builderShare The builder share, in basis points (checked by `checkTerms`).
    /// @param dependencyVersion The version of the project's dependency list frozen now.
    /// @param dependencyShare Its total share, in basis points.
    function recordSplit(uint256 campaignId, uint256 builderShare, uint256 dependencyVersion, uint256 dependencyShare)
        internal
    {
        EscrowStorage.Layout storage store = EscrowStorage.layout();
        EscrowStorage.Campaign storage c = store.campaigns[campaignId];
        EscrowStorage.Split storage split = store.splits[campaignId];
        // Slot 0 of the split written whole (no builder yet), in `EscrowStorage.Split`'s layout. The registry keeps
        // versions in 32 bits and shares at most 5,000; `checkTerms` bounded the builder share below 10,000.
        uint256 word = (builderShare << 160) | (dependencyVersion << 176) | (dependencyShare << 208);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(split.slot, word)
        }
        c.flags |= FLAG_SPLIT;
        emit IPledgeEscrow.CampaignSplitSet(campaignId, builderShare, dependencyVersion, dependencyShare);
    }

    /// @notice Validates a new campaign's terms; every value checked here fits the bits it is stored in.
    /// @param registry The registry that says who maintains the project.
    /// @param terms The terms.
    /// @return lastCall The last call in seconds, the default applied.
    /// @return claimWindow The claim window in seconds, the default applied.
    /// @return dependencyVersion The version of the project's dependency list the campaign freezes.
    /// @return dependencyShare That list's total share, in basis points.
    function checkTerms(IProjectRegistry registry, IPledgeEscrow.CampaignTerms calldata terms)
        internal
        view
        returns (uint256 lastCall, uint256 claimWindow, uint256 dependencyVersion, uint256 dependencyShare)
    {
        uint256 projectId = terms.projectId;
        bool maintainer;
        // One registry call: the maintainer check and the dependency list now in force.
        (maintainer, dependencyVersion, dependencyShare) = registry.openingTermsFor(projectId, msg.sender);
        if (!maintainer) revert IPledgeEscrow.NotProjectMaintainer(projectId, msg.sender);
        if (projectId > type(uint32).max) revert IPledgeEscrow.ProjectIdOutOfRange(projectId);
        // Builder + dependencies + the largest fee never exceed the gross amount, whatever fee the campaign records.
        uint256 maxBuilderShare = Limits.BPS - Limits.MAX_FEE_BPS - dependencyShare;
        if (terms.builderShareBps > maxBuilderShare) {
            revert IPledgeEscrow.SharesTooLarge(terms.builderShareBps, dependencyShare, maxBuilderShare);
        }
        if (bytes(terms.specURI).length == 0) revert IPledgeEscrow.EmptySpecURI();
        address token = terms.token;
        if (token != Currency.NATIVE && EscrowStorage.layout().tokenFlags[token] & TOKEN_ALLOWED == 0) {
            revert IPledgeEscrow.TokenNotAllowed(token);
        }
        uint256 goal = terms.goal;
        if (goal == 0) revert IPledgeEscrow.ZeroAmount();
        if (goal > Limits.MAX_AMOUNT) revert IPledgeEscrow.AmountTooLarge(goal, Limits.MAX_AMOUNT);
        lastCall = terms.lastCall == 0 ? Limits.DEFAULT_LAST_CALL : terms.lastCall;
        if (lastCall < Limits.MIN_LAST_CALL || lastCall > Limits.MAX_LAST_CALL || lastCall % _HOUR != 0) {
            revert IPledgeEscrow.InvalidLastCall(lastCall, Limits.MIN_LAST_CALL, Limits.MAX_LAST_CALL);
        }
        claimWindow = terms.claimWindow == 0 ? Limits.DEFAULT_CLAIM_WINDOW : terms.claimWindow;
        if (claimWindow < Limits.MIN_CLAIM_WINDOW || claimWindow > Limits.MAX_CLAIM_WINDOW || claimWindow % _DAY != 0) {
            revert IPledgeEscrow.InvalidClaimWindow(claimWindow, Limits.MIN_CLAIM_WINDOW, Limits.MAX_CLAIM_WINDOW);
        }
        // Pledges standing at `deadline - 2 * lastCall` carry the objection weight, so that moment must come after
        // the opening: a campaign runs at least two last calls.
        uint256 deadline = terms.deadline;
        uint256 earliest = block.timestamp + 2 * lastCall;
        uint256 latest = block.timestamp + Limits.MAX_DURATION;
        if (deadline < earliest || deadline > latest) revert IPledgeEscrow.InvalidDeadline(deadline, earliest, latest);
        // Every deadline an extension can reach must fit the 32 bits it is stored in.
        toTime(deadline + 2 * lastCall);
    }

    /// @notice Emits `CampaignOpened` with every term, the defaults applied: the event is where the spec URI lives.
    /// @param campaignId The new campaign's id.
    /// @param terms The terms.
    /// @param fee The fee it records.
    /// @param lastCall The last call in seconds.
    /// @param claimWindow The claim window in seconds.
    function announce(
        uint256 campaignId,
        IPledgeEscrow.CampaignTerms calldata terms,
        uint256 fee,
        uint256 lastCall,
        uint256 claimWindow
    ) internal {
        emit IPledgeEscrow.CampaignOpened(
            campaignId,
            terms.projectId,
            msg.sender,
            terms.token,
            terms.goal,
            terms.deadline,
            fee,
            terms.specURI,
            terms.specHash,
            lastCall,
            claimWindow
        );
    }

    /// @notice Numbers and stores a new campaign whose terms were checked (`checkTerms`).
    /// @param terms The terms.
    /// @param token The token (zero for ETH).
    /// @param milestoneCount Number of milestones of its plan.
    /// @param lastCall The last call in seconds.
    /// @param claimWindow The claim window in seconds.
    /// @return campaignId The new campaign's id.
    /// @return fee The fee it records.
    function _record(
        IPledgeEscrow.CampaignTerms calldata terms,
        address token,
        uint8 milestoneCount,
        uint256 lastCall,
        uint256 claimWindow
    ) private returns (uint256 campaignId, uint16 fee) {
        EscrowStorage.Layout storage store = EscrowStorage.layout();
        if (token != Currency.NATIVE) {
            // Same slot as the allowlist check just read; written once per token, by its first campaign: from then on
            // the escrow may owe some of it.
            uint8 tokenFlags = store.tokenFlags[token];
            if (tokenFlags & TOKEN_USED == 0) store.tokenFlags[token] = tokenFlags | TOKEN_USED;
        }
        EscrowStorage.Protocol storage protocol = store.protocol;
        fee = feeInForce(protocol);
        // 64 bits: one opening per second would take 584 billion years to wrap, and each one costs a registry call.
        campaignId = protocol.campaignCount + 1;
        protocol.campaignCount = uint64(campaignId);

        // The two hot slots are written whole, in the layout `slot0` and `slot1` read (a field-by-field write reads and
        // rewrites the slot once per field); every value was range-checked by `checkTerms`.
        uint256 flags = STATUS_ACTIVE | (token == Currency.NATIVE ? FLAG_NATIVE : 0)
            | (milestoneCount != 0 ? FLAG_MILESTONES : 0);
        uint256 word0 = terms.goal | (terms.deadline << 208) | (flags << 240) | ((lastCall / _HOUR) << 248);
        uint256 word1 = uint256(uint160(token)) | (uint256(fee) << 160) | (terms.projectId << 176)
            | (uint256(milestoneCount) << 208) | ((claimWindow / _DAY) << 216);
        word1 |= uint256(toBlock(block.number)) << 224;
        // The spec's URI and document hash are only in the event (storing the URI was a third of the cost of opening):
        // one word commits to both, so a reader can check the event it is given, then the document it fetches.
        bytes32 specCommitment = keccak256(abi.encode(terms.specURI, terms.specHash));
        EscrowStorage.Campaign storage c = store.campaigns[campaignId];
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(c.slot, word0)
            sstore(add(c.slot, 1), word1)
            sstore(add(c.slot, 2), specCommitment)
        }
    }

    /// @notice Reverts with `NotProjectMaintainer` unless the caller maintains the project (the registry refuses an
    /// unknown project with its own `UnknownProject`): the one maintainer check of opening, cancelling and submitting.
    /// @param registry The registry.
    /// @param projectId The project.
    function requireMaintainer(IProjectRegistry registry, uint256 projectId) internal view {
        if (!registry.isMaintainer(projectId, msg.sender)) {
            revert IPledgeEscrow.NotProjectMaintainer(projectId, msg.sender);
        }
    }

    /// @notice The fee new campaigns record now: an announced change applies from its effective time on.
    /// @param protocol The protocol slot.
    /// @return The fee in basis points.
    function feeInForce(EscrowStorage.Protocol storage protocol) internal view returns (uint16) {
        uint256 from = protocol.pendingFeeFrom;
        return from != 0 && block.timestamp >= from ? protocol.pendingFeeBps : protocol.feeBps;
    }

    /// @notice The storage of an existing campaign; reverts for unknown ids.
    /// @param campaignId The campaign.
    /// @return c Its storage.
    function load(uint256 campaignId) internal view returns (EscrowStorage.Campaign storage c) {
        c = EscrowStorage.layout().campaigns[campaignId];
        if (c.flags == STATUS_NONE) revert IPledgeEscrow.UnknownCampaign(campaignId);
    }

    /// @notice The token of a campaign whose flags are known, zero for ETH; reads slot 1 only for ERC-20 campaigns.
    /// @param c The campaign.
    /// @param flags Its flags.
    /// @return The token.
    function tokenOf(EscrowStorage.Campaign storage c, uint256 flags) internal view returns (address) {
        return flags & FLAG_NATIVE != 0 ? Currency.NATIVE : c.token;
    }

    /// @notice Slot 0 of a campaign as one word: `goal` in bits 0-103, `pledged` 104-207, `deadline` 208-239, `flags`
    /// 240-247, `lastCallHours` 248-255 (Solidity packs from the low bits up, in declaration order).
    /// @param c The campaign.
    /// @return word The slot.
    function slot0(EscrowStorage.Campaign storage c) internal view returns (uint256 word) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word := sload(c.slot)
        }
    }

    /// @notice Slot 1 of a campaign as one word: `token` in bits 0-159, `feeBps` 160-175, `projectId` 176-207,
    /// `milestoneCount` 208-215, `claimWindowDays` 216-223, `openedAtBlock` 224-255.
    /// @param c The campaign.
    /// @return word The slot.
    function slot1(EscrowStorage.Campaign storage c) internal view returns (uint256 word) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word := sload(add(c.slot, 1))
        }
    }

    /// @notice The goal, from slot 0.
    /// @param word0 Slot 0.
    /// @return The goal.
    function goalOf(uint256 word0) internal pure returns (uint256) {
        return uint104(word0);
    }

    /// @notice The total pledged, from slot 0.
    /// @param word0 Slot 0.
    /// @return The total.
    function pledgedOf(uint256 word0) internal pure returns (uint256) {
        return uint104(word0 >> 104);
    }

    /// @notice The current deadline, from slot 0.
    /// @param word0 Slot 0.
    /// @return The deadline.
    function deadlineOf(uint256 word0) internal pure returns (uint256) {
        return uint32(word0 >> 208);
    }

    /// @notice The flags byte, from slot 0.
    /// @param word0 Slot 0.
    /// @return The flags.
    function flagsOf(uint256 word0) internal pure returns (uint256) {
        return uint8(word0 >> 240);
    }

    /// @notice The token, from slot 1.
    /// @param word1 Slot 1.
    /// @return The token.
    function tokenIn(uint256 word1) internal pure returns (address) {
        return address(uint160(word1));
    }

    /// @notice The fee recorded at opening, from slot 1.
    /// @param word1 Slot 1.
    /// @return The fee in basis points.
    function feeBpsIn(uint256 word1) internal pure returns (uint256) {
        return uint16(word1 >> 160);
    }

    /// @notice The project, from slot 1.
    /// @param word1 Slot 1.
    /// @return The project id.
    function projectIdIn(uint256 word1) internal pure returns (uint256) {
        return uint32(word1 >> 176);
    }

    /// @notice The number of milestones, from slot 1.
    /// @param word1 Slot 1.
    /// @return The count.
    function milestoneCountIn(uint256 word1) internal pure returns (uint256) {
        return uint8(word1 >> 208);
    }

    /// @notice The state of a campaign at the current block, pending milestone decisions aside.
    /// @param c The campaign.
    /// @return The state.
    function state(EscrowStorage.Campaign storage c) internal view returns (IPledgeEscrow.State) {
        return stateOf(slot0(c), c);
    }

    /// @notice The state of a campaign whose slot 0 the caller already read: every path that moves money asks for the
    /// state, and field-by-field reads would cost a warm read each.
    /// @param word0 The campaign's slot 0 (`slot0`).
    /// @param c The campaign, for the claim window (read only past a successful deadline).
    /// @return The state.
    function stateOf(uint256 word0, EscrowStorage.Campaign storage c) internal view returns (IPledgeEscrow.State) {
        uint256 flags = flagsOf(word0);
        uint256 recorded = flags & STATUS_MASK;
        if (recorded == STATUS_CANCELLED) {
            return flags & FLAG_REQUEST == 0 ? IPledgeEscrow.State.Cancelled : IPledgeEscrow.State.Declined;
        }
        if (recorded == STATUS_CLAIMED) return IPledgeEscrow.State.Claimed;
        if (recorded == STATUS_REJECTED) return IPledgeEscrow.State.Rejected;
        uint256 deadline = deadlineOf(word0);
        if (block.timestamp <= deadline) {
            return flags & FLAG_REQUEST == 0 ? IPledgeEscrow.State.Funding : IPledgeEscrow.State.Requested;
        }
        if (pledgedOf(word0) < goalOf(word0)) return IPledgeEscrow.State.Failed;
        // Without milestones, a success nobody claims in time goes back to its backers; with milestones, the due
        // dates already bound every wait. A request past its expiry always ends here (goal zero, no milestones, no
        // claim window), so the paths of a campaign with terms never test its flag.
        if (flags & FLAG_MILESTONES == 0 && block.timestamp > deadline + uint256(c.claimWindowDays) * _DAY) {
            return flags & FLAG_REQUEST == 0 ? IPledgeEscrow.State.Lapsed : IPledgeEscrow.State.Expired;
        }
        return IPledgeEscrow.State.Succeeded;
    }

    /// @notice Reverts unless the campaign takes pledges and withdrawals: funding, or an open request (a request takes
    /// them exactly as a campaign does). `UnknownCampaign` for an unknown id, `UnexpectedState` otherwise.
    /// @param c The campaign.
    /// @param campaignId Its id.
    /// @param word0 Its slot 0 (`slot0`), as the caller read it.
    function requireFunding(EscrowStorage.Campaign storage c, uint256 campaignId, uint256 word0) internal view {
        // Funding or requested is exactly: recorded as active, deadline (or expiry) not passed. Only a refusal works
        // out the whole state.
        uint256 flags = flagsOf(word0);
        if (flags & STATUS_MASK == STATUS_ACTIVE && block.timestamp <= deadlineOf(word0)) return;
        if (flags == STATUS_NONE) revert IPledgeEscrow.UnknownCampaign(campaignId);
        // What the call needed is the state this kind of record takes pledges in.
        revert IPledgeEscrow.UnexpectedState(
            campaignId, stateOf(word0, c), flags & FLAG_REQUEST == 0 ? FUNDING : REQUESTED
        );
    }

    /// @notice `requireFunding` for what only a campaign with terms allows (a bonus, a cancellation): refuses an open
    /// request too.
    /// @param c The campaign.
    /// @param campaignId Its id.
    /// @param word0 Its slot 0 (`slot0`), as the caller read it.
    function requireCampaignFunding(EscrowStorage.Campaign storage c, uint256 campaignId, uint256 word0)
        internal
        view
    {
        uint256 flags = flagsOf(word0);
        if (flags & (STATUS_MASK | FLAG_REQUEST) == STATUS_ACTIVE && block.timestamp <= deadlineOf(word0)) return;
        if (flags == STATUS_NONE) revert IPledgeEscrow.UnknownCampaign(campaignId);
        revert IPledgeEscrow.UnexpectedState(campaignId, stateOf(word0, c), FUNDING);
    }

    /// @notice A campaign's recorded status.
    /// @param c The campaign.
    /// @return The status.
    function status(EscrowStorage.Campaign storage c) internal view returns (uint8) {
        return c.flags & STATUS_MASK;
    }

    /// @notice Records a new status, keeping the campaign's kind.
    /// @param c The campaign.
    /// @param newStatus The status.
    function setStatus(EscrowStorage.Campaign storage c, uint8 newStatus) internal {
        c.flags = (c.flags & ~STATUS_MASK) | newStatus;
    }

    /// @notice `setStatus` for a caller that holds slot 0 as it stands (`slot0`, nothing written to it since): writes
    /// the word back with the new status, without reading the slot again.
    /// @param c The campaign.
    /// @param word0 Its slot 0, current.
    /// @param newStatus The status.
    function setStatusIn(EscrowStorage.Campaign storage c, uint256 word0, uint8 newStatus) internal {
        uint256 word = (word0 & ~(uint256(STATUS_MASK) << 240)) | (uint256(newStatus) << 240);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(c.slot, word)
        }
    }

    /// @notice A campaign's last call in seconds.
    /// @param c The campaign.
    /// @return The last call.
    function lastCallOf(EscrowStorage.Campaign storage c) internal view returns (uint256) {
        return uint256(c.lastCallHours) * _HOUR;
    }

    /// @notice A campaign's claim window in seconds.
    /// @param c The campaign.
    /// @return The claim window.
    function claimWindowOf(EscrowStorage.Campaign storage c) internal view returns (uint256) {
        return uint256(c.claimWindowDays) * _DAY;
    }

    /// @notice The deadline a campaign was opened with.
    /// @param c The campaign.
    /// @return The planned deadline.
    function plannedDeadlineOf(EscrowStorage.Campaign storage c) internal view returns (uint256) {
        uint256 planned = c.plannedDeadline;
        return planned != 0 ? planned : c.deadline;
    }

    /// @notice The latest deadline a campaign can reach: its planned deadline plus two last calls.
    /// @param plannedDeadline The planned deadline.
    /// @param lastCall The last call in seconds.
    /// @return The latest deadline.
    function latestDeadline(uint256 plannedDeadline, uint256 lastCall) internal pure returns (uint256) {
        return plannedDeadline + 2 * lastCall;
    }

    /// @notice Records that the total reaches the goal now. In the last call, moves the deadline to one whole last
    /// call from now, so every other backer can still leave; refused when that would pass the latest deadline.
    /// @param c The campaign.
    /// @param campaignId Its id.
    function reachGoal(EscrowStorage.Campaign storage c, uint256 campaignId) internal {
        uint256 lastCall = lastCallOf(c);
        uint256 deadline = c.deadline;
        if (block.timestamp > deadline - lastCall) {
            uint256 latest = latestDeadline(plannedDeadlineOf(c), lastCall);
            uint256 extended = block.timestamp + lastCall;
            if (extended > latest) revert IPledgeEscrow.GoalReachedTooLate(campaignId, latest - lastCall);
            moveDeadline(c, campaignId, deadline, extended);
            deadline = extended;
        }
        c.goalReachedAt = toTime(block.timestamp);
        emit IPledgeEscrow.GoalReached(campaignId, deadline);
    }

    /// @notice Checks a withdrawal that takes the total below the goal. In the last call, a goal that has stood for
    /// more than a whole last call is what the other backers stayed for: the total may not fall below it any more
    /// (withdrawal griefing). Until then everybody may leave in full, and whoever would fill the gap this leaves gets
    /// a whole last call too, as long as a pledge may still reach the goal (up to planned deadline + last call).
    /// @param c The campaign.
    /// @param campaignId Its id.
    /// @param amount The amount withdrawn.
    /// @param above What stands above the goal: all that may leave once the goal is locked (less than `amount`).
    function leaveGoal(EscrowStorage.Campaign storage c, uint256 campaignId, uint256 amount, uint256 above) internal {
        uint256 deadline = c.deadline;
        uint256 lastCall = lastCallOf(c);
        if (block.timestamp <= deadline - lastCall) return;
        if (block.timestamp > uint256(c.goalReachedAt) + lastCall) {
            revert IPledgeEscrow.GoalLocked(campaignId, amount, above);
        }
        uint256 lastCrossing = latestDeadline(plannedDeadlineOf(c), lastCall) - lastCall;
        uint256 extended = block.timestamp + lastCall;
        moveDeadline(c, campaignId, deadline, extended < lastCrossing ? extended : lastCrossing);
    }

    /// @notice Moves the deadline later (never earlier) and says so. The first move records the planned deadline.
    /// @param c The campaign.
    /// @param campaignId Its id.
    /// @param deadline Its current deadline.
    /// @param extended The new deadline; nothing happens unless it is later.
    function moveDeadline(EscrowStorage.Campaign storage c, uint256 campaignId, uint256 deadline, uint256 extended)
        internal
    {
        if (extended <= deadline) return;
        if (c.plannedDeadline == 0) c.plannedDeadline = uint32(deadline);
        c.deadline = uint32(extended);
        emit IPledgeEscrow.DeadlineExtended(campaignId, deadline, extended);
    }

    /// @notice A time as the 32 bits it is stored in; refuses what does not fit rather than truncate it.
    /// @param time The time in unix seconds.
    /// @return The same time.
    function toTime(uint256 time) internal pure returns (uint32) {
        if (time > type(uint32).max) revert IPledgeEscrow.TimeOutOfRange(time);
        return uint32(time);
    }

    /// @notice A block number as the 32 bits it is stored in; refuses what does not fit rather than truncate it.
    /// @param blockNumber The block number.
    /// @return The same block number.
    function toBlock(uint256 blockNumber) internal pure returns (uint32) {
        if (blockNumber > type(uint32).max) revert IPledgeEscrow.BlockNumberOutOfRange(blockNumber);
        return uint32(blockNumber);
    }
}
