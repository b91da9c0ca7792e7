// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPledgeEscrow} from "../../contracts/interfaces/IPledgeEscrow.sol";
import {IProtocolFees} from "../../contracts/interfaces/IProtocolFees.sol";
import {BaseTest, ExpectedStates} from "./BaseTest.sol";

/// @title PledgeEscrowFuzzTest
/// @notice Fuzzed amounts, fees, times and specs against the escrow's exact accounting, boundary seconds and record of
/// an opening.
contract PledgeEscrowFuzzTest is BaseTest {
    /// @notice A campaign with the default last call (2 days) and claim window (90 days), ending `duration` from now.
    function _openFor(address tokenAddress, uint256 goal, uint256 duration) internal returns (uint256 id) {
        id = _open(_terms(tokenAddress, goal, block.timestamp + duration, 0));
    }

    /// @notice Pledges, a partial withdrawal and refunds of a failed campaign return every wei to its backer.
    function testFuzzFailedCampaignRefundsExactly(uint256 a, uint256 b, uint256 withdrawn) public {
        a = bound(a, 1, 1e30);
        b = bound(b, 1, 1e30);
        withdrawn = bound(withdrawn, 0, a - 1);
        uint256 id = _openFor(address(token), a + b + 1, 7 days);
        _pledgeToken(ALICE, id, a);
        _pledgeToken(BOB, id, b);
        if (withdrawn != 0) _withdraw(ALICE, id, withdrawn);
        VM.warp(block.timestamp + 7 days + 1);
        _assertState(id, IPledgeEscrow.State.Failed, "not failed");
        _refund(BOB, id);
        _refund(ALICE, id);
        assertEq(token.balanceOf(ALICE), a, "alice");
        assertEq(token.balanceOf(BOB), b, "bob");
        assertEq(token.balanceOf(address(escrow)), 0, "escrow");
    }

    /// @notice A claim splits the total exactly into payout and fee, for any total and any allowed fee.
    function testFuzzClaimSplitsTotalExactly(uint256 goal, uint256 extra, uint16 feeBps) public {
        feeBps = uint16(bound(feeBps, 0, escrow.MAX_FEE_BPS()));
        escrow.setFee(feeBps);
        VM.warp(block.timestamp + escrow.FEE_CHANGE_DELAY());
        goal = bound(goal, 1, type(uint104).max / 2);
        extra = bound(extra, 0, type(uint104).max / 2);
        uint256 id = _openFor(address(0), goal, 4 days);
        assertEq(escrow.getCampaign(id).feeBps, feeBps, "recorded fee");
        _pledgeEth(ALICE, id, goal);
        if (extra != 0) _pledgeEth(BOB, id, extra);
        VM.warp(block.timestamp + 4 days + 1);
        _claim(id);
        uint256 total = goal + extra;
        uint256 fee = (total * feeBps) / 10_000;
        assertEq(PAYOUT.balance, total - fee, "payout");
        assertEq(escrow.accruedFees(address(0)), fee, "fee");
        assertEq(address(escrow).balance, fee, "escrow keeps the fee only");
        assertTrue(fee * 10_000 <= total * feeBps, "fee rounds down");
    }

    /// @notice A fee change applies to the campaigns opened from `FEE_CHANGE_DELAY` after it on, never to those
    /// opened before (front-running an opening with a fee change gains nothing); a second change before it takes
    /// effect replaces the first.
    function testFuzzFeeChangeIsDelayed(uint16 newFee, uint256 openAfter, uint16 replacement) public {
        newFee = uint16(bound(newFee, 0, escrow.MAX_FEE_BPS()));
        openAfter = bound(openAfter, 0, 2 * escrow.FEE_CHANGE_DELAY());
        uint256 effectiveAt = START + escrow.FEE_CHANGE_DELAY();
        VM.expectEmit();
        emit IProtocolFees.FeeChangeScheduled(0, newFee, effectiveAt);
        escrow.setFee(newFee);
        VM.warp(START + openAfter);
        uint256 expected = openAfter >= escrow.FEE_CHANGE_DELAY() ? newFee : 0;
        assertEq(escrow.feeBps(), expected, "feeBps()");
        (uint16 pendingBps, uint256 pendingAt) = escrow.pendingFee();
        assertEq(pendingAt, openAfter >= escrow.FEE_CHANGE_DELAY() ? 0 : effectiveAt, "pendingFee() effectiveAt");
        assertEq(pendingBps, openAfter >= escrow.FEE_CHANGE_DELAY() ? 0 : newFee, "pendingFee() fee");
        uint256 id = _openFor(address(0), 1 ether, 4 days);
        assertEq(escrow.getCampaign(id).feeBps, expected, "fee recorded at opening");

        // A replacement announced now restarts the delay from now; the fee in force meanwhile is the current one.
        replacement = uint16(bound(replacement, 0, escrow.MAX_FEE_BPS()));
        escrow.setFee(replacement);
        assertEq(escrow.feeBps(), expected, "fee in force after a replacement");
        VM.warp(block.timestamp + escrow.FEE_CHANGE_DELAY() - 1);
        assertEq(escrow.feeBps(), expected, "one second before the replacement");
        VM.warp(block.timestamp + 1);
        assertEq(escrow.feeBps(), replacement, "replacement in force");
        assertEq(escrow.getCampaign(id).feeBps, expected, "an open campaign keeps its fee");
    }

    /// @notice Pledges that do not reach the goal are accepted up to and including the deadline second, and never
    /// after it; claim and refund open exactly one second after the deadline.
    function testFuzzDeadlineBoundary(uint256 lastCallHours, uint256 duration, uint256 at) public {
        uint256 lastCall = bound(lastCallHours, 24, 168) * 1 hours;
        duration = bound(duration, 2 * lastCall, 365 days);
        at = bound(at, 0, duration + 30 days);
        uint256 deadline = START + duration;
        uint256 id = _open(_terms(address(0), 2 ether, deadline, lastCall));
        VM.warp(START + at);
        VM.deal(ALICE, 1 ether);
        if (START + at <= deadline) {
            VM.prank(ALICE);
            escrow.pledge{value: 1 ether}(id);
            assertEq(escrow.pledgeOf(id, ALICE), 1 ether, "pledge at or before deadline");
            assertEq(escrow.getCampaign(id).deadline, deadline, "no crossing, no extension");
            VM.prank(MAINTAINER);
            VM.expectRevert(_unexpectedState(id, IPledgeEscrow.State.Funding, ExpectedStates.SUCCEEDED));
            escrow.claim(id);
        } else {
            VM.prank(ALICE);
            VM.expectRevert(_unexpectedState(id, IPledgeEscrow.State.Failed, ExpectedStates.FUNDING));
            escrow.pledge{value: 1 ether}(id);
            assertEq(escrow.pledgeOf(id, ALICE), 0, "no pledge after deadline");
        }
    }

    /// @notice Any deadline outside [now + 2L, now + MAX_DURATION] is refused with its bounds, for any last call.
    function testFuzzOpenRejectsDeadlinesOutOfRange(uint256 deadline, uint256 lastCallHours) public {
        uint256 lastCall = lastCallHours % 8 == 0 ? 0 : bound(lastCallHours, 24, 168) * 1 hours;
        uint256 effective = lastCall == 0 ? escrow.DEFAULT_LAST_CALL() : lastCall;
        uint256 earliest = block.timestamp + 2 * effective;
        uint256 latest = block.timestamp + escrow.MAX_DURATION();
        if (deadline % 3 == 0) deadline = earliest - 1 - bound(deadline, 0, 2);
        VM.assume(deadline < earliest || deadline > latest);
        VM.prank(MAINTAINER);
        VM.expectRevert(abi.encodeWithSelector(IPledgeEscrow.InvalidDeadline.selector, deadline, earliest, latest));
        escrow.openCampaign(_terms(address(0), 1 ether, deadline, lastCall));
        assertEq(escrow.campaignCount(), 0, "no campaign");
        // The earliest deadline itself is accepted.
        _open(_terms(address(0), 1 ether, earliest, lastCall));
    }

    /// @notice A last call that is not a whole number of hours in [1 day, 7 days], or a claim window that is not a
    /// whole number of days in [7 days, 180 days], is refused with its bounds (zero means the default).
    function testFuzzOpenRejectsBadLastCallOrClaimWindow(uint256 lastCall, uint256 claimWindow) public {
        lastCall = bound(lastCall, 1, 30 days);
        bool lastCallOk = lastCall >= 1 days && lastCall <= 7 days && lastCall % 1 hours == 0;
        claimWindow = bound(claimWindow, 1, 400 days);
        bool windowOk = claimWindow >= 7 days && claimWindow <= 180 days && claimWindow % 1 days == 0;
        IPledgeEscrow.CampaignTerms memory terms = _terms(address(0), 1 ether, START + 30 days, lastCall);
        terms.claimWindow = claimWindow;
        VM.prank(MAINTAINER);
        if (!lastCallOk) {
            VM.expectRevert(abi.encodeWithSelector(IPledgeEscrow.InvalidLastCall.selector, lastCall, 1 days, 7 days));
        } else if (!windowOk) {
            VM.expectRevert(
                abi.encodeWithSelector(IPledgeEscrow.InvalidClaimWindow.selector, claimWindow, 7 days, 180 days)
            );
        }
        escrow.openCampaign(terms);
        if (lastCallOk && windowOk) {
            IPledgeEscrow.CampaignView memory c = escrow.getCampaign(1);
            assertEq(c.lastCall, lastCall, "last call");
            assertEq(c.claimWindow, claimWindow, "claim window");
        }
    }

    /// @notice The escrow keeps only a commitment to the spec and the opening block: any non-empty spec URI and any
    /// document hash, opened in any block a uint32 holds, are found again in that block's `CampaignOpened` event, and
    /// `getCampaign` commits to both.
    function testFuzzOpenRecordsSpecHashAndBlock(string memory specURI, bytes32 specHash, uint256 blockNumber) public {
        VM.assume(bytes(specURI).length != 0);
        blockNumber = bound(blockNumber, 1, type(uint32).max);
        VM.roll(blockNumber);
        IPledgeEscrow.CampaignTerms memory terms = _terms(address(0), 1 ether, START + 30 days, 0);
        terms.specURI = specURI;
        terms.specHash = specHash;
        VM.expectEmit();
        emit IPledgeEscrow.CampaignOpened(
            1, PROJECT_ID, MAINTAINER, address(0), 1 ether, START + 30 days, 0, specURI, specHash, 2 days, 90 days
        );
        uint256 id = _open(terms);
        IPledgeEscrow.CampaignView memory c = escrow.getCampaign(id);
        assertTrue(
            c.specCommitment == keccak256(abi.encode(specURI, specHash)), "specCommitment != keccak256(uri, doc hash)"
        );
        assertEq(c.openedAtBlock, blockNumber, "openedAtBlock");
    }

    /// @notice A block number past what 32 bits hold is refused with `BlockNumberOutOfRange`, never truncated.
    function testFuzzOpenRefusesBlockNumbersPast32Bits(uint256 blockNumber) public {
        blockNumber = bound(blockNumber, uint256(type(uint32).max) + 1, type(uint64).max);
        VM.roll(blockNumber);
        VM.prank(MAINTAINER);
        VM.expectRevert(abi.encodeWithSelector(IPledgeEscrow.BlockNumberOutOfRange.selector, blockNumber));
        escrow.openCampaign(_terms(address(0), 1 ether, START + 30 days, 0));
        assertEq(escrow.campaignCount(), 0, "no campaign");
    }
}
