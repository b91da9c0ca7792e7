// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IPledgeEscrow} from "../interfaces/IPledgeEscrow.sol";
import {Campaigns} from "../libraries/Campaigns.sol";
import {Currency} from "../libraries/Currency.sol";
import {EscrowStorage} from "../libraries/EscrowStorage.sol";
import {RefundBonus} from "../libraries/RefundBonus.sol";

/// @title BonusPool
/// @notice The escrow's refund bonus module: deposits, the depositors' reclaim and the bonus views. What pledges,
/// withdrawals, cancellations and refunds do with the bonus stays in the escrow (`RefundBonus`), so those paths make
/// no extra call.
/// @dev Deployed on its own and given to the escrow's constructor, not deployed by it like the other modules: the
/// escrow's creation code, which carries theirs, would pass EIP-3860's 49,152 bytes with this one in. So it cannot
/// learn its escrow from its deployer; it only refuses to run outside a delegated call (on its own storage nothing
/// exists, so a direct call could do nothing anyway). `scripts/check-deployment.ts` checks its code at the address the
/// escrow names. The reentrancy guard is transient storage at OpenZeppelin's fixed slot: delegated, it is the escrow's
/// own lock.
contract BonusPool is ReentrancyGuardTransient {
    using Campaigns for EscrowStorage.Campaign;

    /// @notice The module was called directly: its functions only run as part of an escrow.
    error NotDelegated();

    address private immutable _SELF = address(this);

    modifier onlyDelegated() {
        if (address(this) == _SELF) revert NotDelegated();
        _;
    }

    // Expected states of a reclaim: every decided one (a success without milestones is decided once claimed or lapsed).
    bytes32 private constant _DECIDED = bytes32(
        (uint256(1) << uint8(IPledgeEscrow.State.Failed)) | (uint256(1) << uint8(IPledgeEscrow.State.Cancelled))
            | (uint256(1) << uint8(IPledgeEscrow.State.Lapsed)) | (uint256(1) << uint8(IPledgeEscrow.State.Claimed))
            | (uint256(1) << uint8(IPledgeEscrow.State.Rejected))
    );

    /// @notice Adds to a campaign's bonus (see `IPledgeEscrow.depositBonus`); the escrow checks the pause first.
    /// @param campaignId The campaign.
    /// @param token The campaign's token.
    /// @param amount The amount.
    function depositBonus(uint256 campaignId, address token, uint256 amount)
        external
        payable
        onlyDelegated
        nonReentrant
    {
        EscrowStorage.Campaign storage c = EscrowStorage.layout().campaigns[campaignId];
        uint256 word0 = Campaigns.slot0(c);
        // A request has no goal to size a bonus by yet: deposits start once it is accepted.
        c.requireCampaignFunding(campaignId, word0);
        uint256 flags = Campaigns.flagsOf(word0);
        address campaignToken = c.tokenOf(flags);
        if (token != campaignToken) revert IPledgeEscrow.WrongToken(campaignId, campaignToken);
        if (amount == 0) revert IPledgeEscrow.ZeroAmount();
        uint256 sent = campaignToken == Currency.NATIVE ? amount : 0;
        if (msg.value != sent) revert IPledgeEscrow.BonusValueMismatch(msg.value, sent);
        uint256 max = RefundBonus.cap(Campaigns.goalOf(word0));
        // An amount above the cap is refused as such, not by an overflow of the sum.
        uint256 pot = amount > max ? amount : c.bonusPot + amount;
        if (pot > max) revert IPledgeEscrow.BonusTooLarge(campaignId, pot, max);

        if (flags & RefundBonus.FLAG_BONUS == 0) {
            // A bonus makes every later pledge and withdrawal of the campaign update its credit (about 5,000 gas more
            // each) and fixes when credit starts: a first deposit must be worth that to backers, not a griefing wei.
            uint256 min = RefundBonus.minFirstDeposit(Campaigns.goalOf(word0));
            if (amount < min) revert IPledgeEscrow.BonusTooSmall(campaignId, amount, min);
            // The first deposit starts the credit of every pledge standing (their credit start is before it) and of
            // every later one; `requireFunding` passed, so now is at most the deadline and fits 32 bits.
            c.flags = uint8(flags | RefundBonus.FLAG_BONUS);
            c.bonusStart = uint32(block.timestamp);
            c.bonusFrom = uint32(block.timestamp);
        }
        c.bonusPot = uint96(pot);
        EscrowStorage.layout().bonusDeposits[campaignId][msg.sender] += amount;

        emit IPledgeEscrow.BonusDeposited(campaignId, msg.sender, amount, pot);
        if (campaignToken != Currency.NATIVE) Currency.pull(campaignToken, amount);
    }

    /// @notice Pays the caller back their part of a decided campaign's bonus (see `IPledgeEscrow.reclaimBonus`).
    /// @param campaignId The campaign.
    function reclaimBonus(uint256 campaignId) external onlyDelegated nonReentrant {
        EscrowStorage.Campaign storage c = Campaigns.load(campaignId);
        uint256 word0 = Campaigns.slot0(c);
        // Whoever has no deposit is told so first: waiting for the decision would not give them anything.
        uint256 deposited = EscrowStorage.layout().bonusDeposits[campaignId][msg.sender];
        if (deposited == 0) revert IPledgeEscrow.NothingToReclaim(campaignId, msg.sender);
        IPledgeEscrow.BonusOutcome decided = _outcome(c, word0);
        if (decided != IPledgeEscrow.BonusOutcome.ToBackers && decided != IPledgeEscrow.BonusOutcome.ToDepositors) {
            revert IPledgeEscrow.UnexpectedState(campaignId, c.state(), _DECIDED);
        }
        uint256 reclaimed = c.bonusReclaimed;
        uint256 amount = _reclaimable(c, word0, decided, reclaimed, deposited);

        c.bonusReclaimed = uint96(reclaimed + deposited);
        delete EscrowStorage.layout().bonusDeposits[campaignId][msg.sender];

        emit IPledgeEscrow.BonusReclaimed(campaignId, msg.sender, amount);
        if (amount != 0) Currency.send(c.tokenOf(Campaigns.flagsOf(word0)), msg.sender, amount);
    }

    /// @notice A campaign's bonus and what it means for an account (see `IPledgeEscrow.getBonus`).
    /// @param campaignId The campaign.
    /// @param account The backer or depositor.
    /// @param amount An amount the account might pledge now.
    /// @return view_ The bonus.
    function getBonus(uint256 campaignId, address account, uint256 amount)
        external
        view
        onlyDelegated
        returns (IPledgeEscrow.BonusView memory view_)
    {
        EscrowStorage.Campaign storage c = Campaigns.load(campaignId);
        uint256 word0 = Campaigns.slot0(c);
        IPledgeEscrow.BonusOutcome decided = _outcome(c, word0);
        RefundBonus.Pool memory p = RefundBonus.pool(c, word0, true);
        view_.pot = p.pot;
        view_.maxPot = RefundBonus.cap(Campaigns.goalOf(word0));
        view_.outcome = decided;
        view_.reclaimed = c.bonusReclaimed;
        if (decided == IPledgeEscrow.BonusOutcome.None) return view_;
        view_.startedAt = p.start;
        view_.creditEnd = p.end;
        view_.deposited = EscrowStorage.layout().bonusDeposits[campaignId][account];
        if (decided == IPledgeEscrow.BonusOutcome.ToDepositors) {
            if (view_.deposited != 0) {
                view_.reclaimable = _reclaimable(c, word0, decided, view_.reclaimed, view_.deposited);
            }
            return view_;
        }
        view_.reservedForBackers = p.denominator == 0 ? 0 : (p.pot * p.totalCredit) / p.denominator;
        EscrowStorage.Backer storage b = EscrowStorage.layout().backers[campaignId][account];
        uint256 pledged = b.amount;
        uint256 since = b.creditSince > p.start ? b.creditSince : p.start;
        if (pledged != 0) {
            view_.creditSince = since;
            view_.share = p.denominator == 0 ? 0 : (p.pot * pledged * (p.end - since)) / p.denominator;
        }
        if (decided == IPledgeEscrow.BonusOutcome.ToBackers) {
            if (view_.deposited != 0) {
                view_.reclaimable = _reclaimable(c, word0, decided, view_.reclaimed, view_.deposited);
            }
        } else if (Campaigns.stateOf(word0, c) == IPledgeEscrow.State.Funding) {
            view_.quote = _quote(p, Campaigns.goalOf(word0), pledged, since, amount);
        }
    }

    /// @dev What `RefundBonus.addPledge` would record with `amount` more now, held to the deadline (`p.end` while
    /// funding); a failure is below the goal, so its credit is below the goal's and the goal's is the denominator.
    function _quote(RefundBonus.Pool memory p, uint256 goal, uint256 pledged, uint256 since, uint256 amount)
        private
        view
        returns (uint256)
    {
        uint256 total = pledged + amount;
        if (total == 0 || p.end <= p.start) return 0;
        uint256 held = (pledged * (p.end - since) + amount * (p.end - block.timestamp)) / total;
        // A pledge whose own credit passes the goal's could only be in a failure that it alone would decide: at most
        // the whole bonus.
        uint256 quote = (p.pot * total * held) / (goal * (p.end - p.start));
        return quote < p.pot ? quote : p.pot;
    }

    /// @dev Where the bonus goes. A success is final for it once claimed, or at once with milestones (their
    /// rejection refunds what is unreleased, but it is not a failure of funding); without milestones it is decided when
    /// claimed or when the claim window lapses.
    function _outcome(EscrowStorage.Campaign storage c, uint256 word0)
        private
        view
        returns (IPledgeEscrow.BonusOutcome)
    {
        if (Campaigns.flagsOf(word0) & RefundBonus.FLAG_BONUS == 0) return IPledgeEscrow.BonusOutcome.None;
        IPledgeEscrow.State current = Campaigns.stateOf(word0, c);
        if (RefundBonus.paysBackers(current)) return IPledgeEscrow.BonusOutcome.ToBackers;
        if (current == IPledgeEscrow.State.Funding) return IPledgeEscrow.BonusOutcome.Pending;
        if (current == IPledgeEscrow.State.Succeeded && Campaigns.flagsOf(word0) & Campaigns.FLAG_MILESTONES == 0) {
            return IPledgeEscrow.BonusOutcome.Pending;
        }
        return IPledgeEscrow.BonusOutcome.ToDepositors;
    }

    /// @dev A depositor's exact part of what is left for depositors: each reclaim takes the difference of the
    /// cumulative split, so the depositors' parts add up to the remainder to the wei (the last takes any rounding).
    function _reclaimable(
        EscrowStorage.Campaign storage c,
        uint256 word0,
        IPledgeEscrow.BonusOutcome decided,
        uint256 reclaimed,
        uint256 deposited
    ) private view returns (uint256) {
        uint256 pot = c.bonusPot;
        uint256 left =
            decided == IPledgeEscrow.BonusOutcome.ToBackers ? pot - RefundBonus.reservedForBackers(c, word0) : pot;
        return (left * (reclaimed + deposited)) / pot - (left * reclaimed) / pot;
    }
}
