// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPledgeEscrow} from "../interfaces/IPledgeEscrow.sol";

/// @title EscrowStorage
/// @notice The escrow's whole ledger, at one ERC-7201 namespace, so that the escrow and the milestone module it
/// delegates to read and write the same slots whatever else either contract inherits.
/// @dev Where the bits of the coming features go is decided here (docs/development.md, "Layout"): every hot path
/// reads one slot per record, and new fields take the free bits marked below before any new slot.
/// @custom:storage-location erc7201:openpledge.storage.PledgeEscrow
library EscrowStorage {
    /// @dev keccak256(abi.encode(uint256(keccak256("openpledge.storage.PledgeEscrow")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _LOCATION = 0x8c77e53a9e82ae6149f406bb5111bc6144535612f6c97e3305fb5ee380c83500;

    /// @dev What every opening and every pledge reads, in one slot: the pause flag (pledges), the fee and the
    /// campaign counter (openings). 136 of 256 bits used.
    struct Protocol {
        uint64 campaignCount;
        uint16 feeBps;
        uint16 pendingFeeBps; // an announced fee, in force from `pendingFeeFrom` (zero: none)
        uint32 pendingFeeFrom;
        bool paused;
    }

    /// @dev Slot 0 holds all that a pledge, a withdrawal and an ETH refund touch: one cold slot each. Slot 1 holds what
    /// a claim and an ERC-20 path add; both are written at opening. Slot 2 is the spec's hash. Slot 3 is written when
    /// the goal is first reached or a refund bonus is first deposited, so a campaign with neither never pays for it;
    /// with a bonus, pledges and withdrawals keep its time credit there (one more slot on those paths, none without).
    /// Slot 4 is the bonus pool: a refund with a bonus reads it (and slot 3 only if the campaign ended at or above its
    /// goal); deposits, cancellation and the depositors' reclaim write it. A campaign without a bonus never touches
    /// the bonus fields.
    struct Campaign {
        // slot 0
        uint104 goal;
        uint104 pledged;
        uint32 deadline; // current deadline: the planned one, or later after a last-call move
        uint8 flags; // status (3 bits) | NATIVE | MILESTONES | BONUS | SPLIT; bit 7 is for the coming request kind
        uint8 lastCallHours;
        // slot 1
        address token;
        uint16 feeBps;
        uint32 projectId;
        uint8 milestoneCount;
        uint8 claimWindowDays;
        uint32 openedAtBlock;
        // slot 2
        bytes32 specCommitment;
        // slot 3
        uint32 plannedDeadline; // zero until the deadline first moves: until then it is `deadline`
        uint32 goalReachedAt;
        uint32 bonusStart; // first bonus deposit: time credit runs from here (zero: no bonus)
        // Sum over current backers of pledge x (credit start - bonusStart): with the pledged total it gives the total
        // credit in O(1) (`RefundBonus`). Below 2^129 (pledged < 2^104, delay < 2^25 seconds).
        uint160 creditDelay;
        // slot 4
        uint96 bonusPot; // all bonus deposited; capped at a share of the goal and at 2^96 - 1
        uint32 bonusFrom; // `bonusStart` again: the refund of a campaign that ended below its goal reads this slot only
        uint32 bonusEnd; // cancellation time when cancelled (credit stops there), else zero: it stops at `deadline`
        uint96 bonusReclaimed; // deposits already reclaimed, for the depositors' exact split of what is theirs
    }

    /// @dev A backer's pledge, the part of it made after the weight cutoff, and when its bonus credit starts, in one
    /// slot. `creditSince` is the pledge-weighted mean time of what is in (rounded up, against the backer), restarted
    /// at every withdrawal; kept only while the campaign has a bonus (before, every pledge counts from `bonusStart`).
    struct Backer {
        uint104 amount;
        uint104 late;
        uint32 creditSince;
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

    /// @dev Who else a campaign's claims pay, written at opening only by campaigns with shares (`FLAG_SPLIT`). Slot 0
    /// is what a claim reads; the nominee and what waits for a builder are only touched by the builder's paths and by a
    /// claim while no builder has accepted.
    struct Split {
        // slot 0
        address builder;
        uint16 builderShareBps;
        uint32 dependencyVersion;
        uint16 dependencyShareBps;
        // slot 1
        address nominee;
        // slot 2
        uint104 waiting; // builder shares credited while no builder had accepted (below the campaign's total)
        uint32 waitingSince; // the last such credit: the builder acceptance window runs from here
    }

    /// @dev Everything the escrow keeps, in the order it was laid out; new members go at the end only.
    struct Layout {
        Protocol protocol;
        address guardian;
        address feeRecipient;
        // Per ERC-20: allowed for new campaigns, and whether any campaign ever used it (then the escrow may owe some).
        mapping(address token => uint8) tokenFlags;
        // Protocol fees of claims not yet withdrawn, plus one: a ledger that never goes back to zero costs the next
        // claim a slot update instead of a new slot (see `ProtocolFees`).
        mapping(address token => uint256) feeLedger;
        mapping(uint256 campaignId => Campaign) campaigns;
        mapping(uint256 campaignId => mapping(address backer => Backer)) backers;
        mapping(uint256 campaignId => Progress) progress;
        mapping(uint256 campaignId => mapping(uint256 index => IPledgeEscrow.Milestone)) milestones;
        // One more than the index of the milestone a backer objects to; stale values of past milestones count for
        // nothing, so nothing ever has to be cleared.
        mapping(uint256 campaignId => mapping(address backer => uint256)) objectingTo;
        // Refund bonus deposited per depositor, until reclaimed.
        mapping(uint256 campaignId => mapping(address depositor => uint256)) bonusDeposits;
        // Builder and dependency shares (#13): the split frozen at opening, and the credits each recipient pulls.
        mapping(uint256 campaignId => Split) splits;
        mapping(address builder => mapping(address token => uint256)) builderShares;
        mapping(uint256 projectId => mapping(address token => uint256)) projectShares;
    }

    /// @notice The escrow's storage.
    /// @return store The layout at its namespace.
    function layout() internal pure returns (Layout storage store) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            store.slot := _LOCATION
        }
    }
}
