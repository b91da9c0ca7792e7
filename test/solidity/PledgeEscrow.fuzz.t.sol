// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PledgeEscrow} from "../../contracts/PledgeEscrow.sol";
import {ProjectRegistry} from "../../contracts/ProjectRegistry.sol";
import {IPledgeEscrow} from "../../contracts/interfaces/IPledgeEscrow.sol";
import {TestToken} from "../../contracts/test/TestToken.sol";
import {TestBase} from "./Vm.sol";

/// @title PledgeEscrowFuzzTest
/// @notice Fuzzed amounts, fees and times against the escrow's exact accounting and boundary seconds.
contract PledgeEscrowFuzzTest is TestBase {
    address internal constant MAINTAINER = address(0xA11CE);
    address internal constant PAYOUT = address(0xBEEF);
    address internal constant FEE_RECIPIENT = address(0xFEE);
    address internal constant ALICE = address(0xA1);
    address internal constant BOB = address(0xB0B);
    uint256 internal constant START = 1_800_000_000;

    ProjectRegistry internal registry;
    PledgeEscrow internal escrow;
    TestToken internal token;

    function setUp() public {
        VM.warp(START);
        registry = new ProjectRegistry();
        escrow = new PledgeEscrow(registry, address(this), address(this), FEE_RECIPIENT, 0);
        token = new TestToken("Test", "TST", 6);
        escrow.setTokenAllowed(address(token), true);
        VM.prank(MAINTAINER);
        registry.registerProject("ipfs://project", "", PAYOUT);
    }

    function _open(address tokenAddress, uint256 goal, uint256 duration) internal returns (uint256 id) {
        VM.prank(MAINTAINER);
        id = escrow.openCampaign(1, "spec", tokenAddress, goal, block.timestamp + duration);
    }

    function _pledgeEth(address backer, uint256 id, uint256 amount) internal {
        VM.deal(backer, backer.balance + amount);
        VM.prank(backer);
        escrow.pledge{value: amount}(id);
    }

    function _pledgeToken(address backer, uint256 id, uint256 amount) internal {
        token.mint(backer, amount);
        VM.prank(backer);
        token.approve(address(escrow), amount);
        VM.prank(backer);
        escrow.pledgeToken(id, amount);
    }

    /// @notice Pledges, a partial withdrawal and refunds of a failed campaign return every wei to its backer.
    function testFuzz_failedCampaignRefundsExactly(uint256 a, uint256 b, uint256 withdrawn) public {
        a = bound(a, 1, 1e30);
        b = bound(b, 1, 1e30);
        withdrawn = bound(withdrawn, 0, a - 1);
        uint256 id = _open(address(token), a + b + 1, 7 days);
        _pledgeToken(ALICE, id, a);
        _pledgeToken(BOB, id, b);
        if (withdrawn != 0) {
            VM.prank(ALICE);
            escrow.withdrawPledge(id, withdrawn);
        }
        VM.warp(block.timestamp + 7 days + 1);
        assertTrue(escrow.campaignState(id) == IPledgeEscrow.State.Failed, "not failed");
        VM.prank(BOB);
        escrow.refund(id);
        VM.prank(ALICE);
        escrow.refund(id);
        assertEq(token.balanceOf(ALICE), a, "alice");
        assertEq(token.balanceOf(BOB), b, "bob");
        assertEq(token.balanceOf(address(escrow)), 0, "escrow");
    }

    /// @notice A claim splits the total exactly into payout and fee, for any total and any allowed fee.
    function testFuzz_claimSplitsTotalExactly(uint256 goal, uint256 extra, uint16 feeBps) public {
        feeBps = uint16(bound(feeBps, 0, escrow.MAX_FEE_BPS()));
        escrow.setFee(feeBps);
        goal = bound(goal, 1, type(uint104).max / 2);
        extra = bound(extra, 0, type(uint104).max / 2);
        uint256 id = _open(address(0), goal, 1 days);
        _pledgeEth(ALICE, id, goal);
        if (extra != 0) _pledgeEth(BOB, id, extra);
        VM.warp(block.timestamp + 1 days + 1);
        VM.prank(MAINTAINER);
        escrow.claim(id);
        uint256 total = goal + extra;
        uint256 fee = (total * feeBps) / 10_000;
        assertEq(PAYOUT.balance, total - fee, "payout");
        assertEq(escrow.accruedFees(address(0)), fee, "fee");
        assertEq(address(escrow).balance, fee, "escrow keeps the fee only");
        assertTrue(fee * 10_000 <= total * feeBps, "fee rounds down");
    }

    /// @notice Pledges are accepted up to and including the deadline second, and never after it; claim and refund
    /// open exactly one second after the deadline.
    function testFuzz_deadlineBoundary(uint256 duration, uint256 at) public {
        duration = bound(duration, 1, 365 days);
        at = bound(at, 0, duration + 30 days);
        uint256 id = _open(address(0), 1 ether, duration);
        uint256 deadline = START + duration;
        VM.warp(START + at);
        VM.deal(ALICE, 1 ether);
        if (START + at <= deadline) {
            VM.prank(ALICE);
            escrow.pledge{value: 1 ether}(id);
            assertEq(escrow.pledgeOf(id, ALICE), 1 ether, "pledge at or before deadline");
            VM.prank(MAINTAINER);
            VM.expectRevert(
                abi.encodeWithSelector(IPledgeEscrow.NotSucceeded.selector, id, IPledgeEscrow.State.Funding)
            );
            escrow.claim(id);
        } else {
            VM.prank(ALICE);
            VM.expectRevert(abi.encodeWithSelector(IPledgeEscrow.NotFunding.selector, id, IPledgeEscrow.State.Failed));
            escrow.pledge{value: 1 ether}(id);
            assertEq(escrow.pledgeOf(id, ALICE), 0, "no pledge after deadline");
        }
    }

    /// @notice Any deadline outside (now, now + MAX_DURATION] is refused with its bounds.
    function testFuzz_openRejectsDeadlinesOutOfRange(uint256 deadline) public {
        uint256 latest = block.timestamp + escrow.MAX_DURATION();
        VM.assume(deadline <= block.timestamp || deadline > latest);
        VM.prank(MAINTAINER);
        VM.expectRevert(
            abi.encodeWithSelector(IPledgeEscrow.InvalidDeadline.selector, deadline, block.timestamp + 1, latest)
        );
        escrow.openCampaign(1, "spec", address(0), 1 ether, deadline);
        assertEq(escrow.campaignCount(), 0, "no campaign");
    }
}
