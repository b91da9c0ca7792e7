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

    /// @notice The escrow's balance of each token covers every open pledge plus the accrued fees.
    function invariant_escrowHoldsWhatItOwes() public view {
        for (uint256 t = 0; t < 2; ++t) {
            uint256 owed = escrow.accruedFees(handler.tokenAddress(t));
            for (uint256 i = 0; i < handler.campaignCount(); ++i) {
                uint256 id = handler.campaignAt(i);
                if (handler.tokenIndexOf(id) != t || escrow.campaignState(id) == IPledgeEscrow.State.Claimed) continue;
                for (uint256 a = 0; a < handler.actorCount(); ++a) {
                    owed += escrow.pledgeOf(id, handler.actorAt(a));
                }
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

    /// @notice No backer ever gets back more than they put in.
    function invariant_noBackerReceivesMoreThanPledged() public view {
        for (uint256 a = 0; a < handler.actorCount(); ++a) {
            address actor = handler.actorAt(a);
            for (uint256 t = 0; t < 2; ++t) {
                assertGe(handler.paidIn(actor, t), handler.receivedBack(actor, t), "backer received more than pledged");
            }
        }
    }

    /// @notice Nothing is paid twice: one claim at most, one refund per backer at most, never both claim and refund.
    function invariant_nothingPaidTwice() public view {
        for (uint256 i = 0; i < handler.campaignCount(); ++i) {
            uint256 id = handler.campaignAt(i);
            assertTrue(handler.claimsOf(id) <= 1, "claimed twice");
            assertTrue(!(handler.claimsOf(id) == 1 && handler.refundedFrom(id)), "claimed and refunded");
            for (uint256 a = 0; a < handler.actorCount(); ++a) {
                assertTrue(handler.refundsOf(id, handler.actorAt(a)) <= 1, "refunded twice");
            }
        }
    }
}
