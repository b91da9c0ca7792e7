// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PledgeEscrow} from "../../contracts/PledgeEscrow.sol";
import {IPledgeEscrow} from "../../contracts/interfaces/IPledgeEscrow.sol";
import {ProjectRegistry} from "../../contracts/ProjectRegistry.sol";
import {TestToken} from "../../contracts/test/TestToken.sol";
import {EscrowHandler} from "./EscrowHandler.sol";
import {TestBase} from "./Vm.sol";

/// @title PledgeEscrowInvariantTest
/// @notice Money invariants of the escrow over random sequences of every user action with time jumps.
contract PledgeEscrowInvariantTest is TestBase {
    address internal constant MAINTAINER = address(0xA11CE);
    address internal constant PAYOUT = address(0xBEEF);
    address internal constant FEE_RECIPIENT = address(0xFEE);

    PledgeEscrow internal escrow;
    EscrowHandler internal handler;

    function setUp() public {
        ProjectRegistry registry = new ProjectRegistry();
        escrow = new PledgeEscrow(registry, address(this), address(this), FEE_RECIPIENT, 300);
        TestToken token = new TestToken("Test", "TST", 18);
        escrow.setTokenAllowed(address(token), true);
        VM.prank(MAINTAINER);
        registry.registerProject("ipfs://project", "", PAYOUT);
        handler = new EscrowHandler(escrow, token, MAINTAINER, PAYOUT, FEE_RECIPIENT);
    }

    /// @notice Only the handler is called by the fuzzer.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice The escrow's balance of each token covers every open pledge, the unpaid released funds and the unpaid
    /// refunds of campaigns with milestones, plus the accrued fees.
    function invariant_escrowHoldsWhatItOwes() public view {
        for (uint256 t = 0; t < 2; ++t) {
            uint256 owed = escrow.accruedFees(handler.tokenAddress(t));
            for (uint256 i = 0; i < handler.campaignCount(); ++i) {
                uint256 id = handler.campaignAt(i);
                if (handler.tokenIndexOf(id) == t) owed += _owedBy(id);
            }
            assertGe(handler.balanceOf(t, address(escrow)), owed, "escrow holds less than it owes");
        }
    }

    /// @notice Every wei pledged is still held, or was claimed, taken as fees, withdrawn or refunded.
    function invariant_conservation() public view {
        for (uint256 t = 0; t < 2; ++t) {
            uint256 accounted = handler.balanceOf(t, address(escrow)) + handler.ghostClaimed(t)
                + handler.ghostFeesWithdrawn(t) + handler.ghostWithdrawn(t) + handler.ghostRefunded(t);
            assertEq(handler.ghostPledged(t), accounted, "pledged != held + claimed + fees + withdrawn + refunded");
        }
    }

    /// @notice No backer ever gets back more than they put in, from any campaign or in all.
    function invariant_noBackerReceivesMoreThanPledged() public view {
        for (uint256 a = 0; a < handler.actorCount(); ++a) {
            address actor = handler.actorAt(a);
            for (uint256 t = 0; t < 2; ++t) {
                assertGe(handler.paidIn(actor, t), handler.receivedBack(actor, t), "backer received more than pledged");
            }
            for (uint256 i = 0; i < handler.campaignCount(); ++i) {
                uint256 id = handler.campaignAt(i);
                assertGe(handler.paidInto(id, actor), handler.receivedFrom(id, actor), "more than pledged to campaign");
            }
        }
    }

    /// @notice Nothing is paid twice: no campaign pays out more than came in; a campaign without milestones is
    /// claimed at most once and never both claimed and refunded; each backer is refunded at most once.
    function invariant_nothingPaidTwice() public view {
        for (uint256 i = 0; i < handler.campaignCount(); ++i) {
            uint256 id = handler.campaignAt(i);
            assertGe(handler.ghostCampaignIn(id), handler.ghostCampaignOut(id), "campaign paid out more than came in");
            if (!handler.hasMilestones(id)) {
                assertTrue(handler.claimsOf(id) <= 1, "claimed twice");
                assertTrue(!(handler.claimsOf(id) == 1 && handler.refundedFrom(id)), "claimed and refunded");
            }
            for (uint256 a = 0; a < handler.actorCount(); ++a) {
                assertTrue(handler.refundsOf(id, handler.actorAt(a)) <= 1, "refunded twice");
            }
        }
    }

    /// @notice For campaigns with milestones: released + refunded + held = pledged, with what was paid out never
    /// more than what was released, and the contract's books equal to what actually moved.
    function invariant_milestoneAccounting() public view {
        for (uint256 i = 0; i < handler.campaignCount(); ++i) {
            uint256 id = handler.campaignAt(i);
            if (!handler.hasMilestones(id)) continue;
            IPledgeEscrow.State state = escrow.campaignState(id);
            if (state == IPledgeEscrow.State.Funding || state == IPledgeEscrow.State.Failed) continue;
            if (state == IPledgeEscrow.State.Cancelled) continue;
            IPledgeEscrow.MilestoneProgressView memory progress = escrow.getMilestoneProgress(id);
            uint256 total = escrow.getCampaign(id).pledged;
            assertEq(progress.claimed, handler.ghostClaimedGross(id), "claimed books != paid out");
            assertEq(progress.refunded, handler.ghostRefundedFrom(id), "refunded books != refunds paid");
            assertGe(progress.released, progress.claimed, "paid out more than released");
            assertGe(total, progress.released + progress.refunded, "released + refunded > pledged");
            uint256 held = handler.ghostCampaignIn(id) - handler.ghostCampaignOut(id);
            assertEq(held + progress.claimed + progress.refunded, total, "released + refunded + held != pledged");
        }
    }

    /// @notice What the escrow still owes for one campaign, from the contract's own state.
    function _owedBy(uint256 id) internal view returns (uint256 owed) {
        IPledgeEscrow.State state = escrow.campaignState(id);
        if (state == IPledgeEscrow.State.Claimed && !handler.hasMilestones(id)) return 0;
        if (handler.hasMilestones(id) && state != IPledgeEscrow.State.Funding && state != IPledgeEscrow.State.Failed
                && state != IPledgeEscrow.State.Cancelled) {
            IPledgeEscrow.MilestoneProgressView memory progress = escrow.getMilestoneProgress(id);
            uint256 total = escrow.getCampaign(id).pledged;
            return total - progress.claimed - progress.refunded;
        }
        for (uint256 a = 0; a < handler.actorCount(); ++a) {
            owed += escrow.pledgeOf(id, handler.actorAt(a));
        }
    }
}
