// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPledgeEscrow} from "../../contracts/interfaces/IPledgeEscrow.sol";
import {BaseTest} from "./BaseTest.sol";

/// @title MilestonesFuzzTest
/// @notice Fuzzed shares, pledges and thresholds against the milestone rules: pro-rata refunds that never exceed a
/// pledge, released + refunded + held = pledged, and the objection threshold's exact edge.
contract MilestonesFuzzTest is BaseTest {
    uint256 internal constant DEADLINE = START + 7 days;
    uint32 internal constant WINDOW = 2 days;

    address[3] internal backers = [ALICE, BOB, CAROL];

    /// @notice Two milestones due 10 and 20 days after the deadline, the second taking what the others leave.
    function _openTwoMilestones(uint256 initialBps, uint256 firstBps, uint16 thresholdBps)
        internal
        returns (uint256 id)
    {
        IPledgeEscrow.MilestonePlan memory plan;
        plan.initialShareBps = uint16(initialBps);
        plan.reviewWindow = WINDOW;
        plan.objectionThresholdBps = thresholdBps;
        plan.milestones = new IPledgeEscrow.Milestone[](2);
        uint16 secondBps = uint16(10_000 - initialBps - firstBps);
        plan.milestones[0] = IPledgeEscrow.Milestone({shareBps: uint16(firstBps), due: uint32(DEADLINE + 10 days)});
        plan.milestones[1] = IPledgeEscrow.Milestone({shareBps: secondBps, due: uint32(DEADLINE + 20 days)});
        id = _openWithMilestones(_terms(address(0), 1, DEADLINE, 0), plan);
    }

    /// @notice After the second milestone is rejected, each backer gets pledge x unreleased / total rounded down,
    /// never more than they pledged; once all refunded the dust is the project's, and every wei is accounted for.
    function testFuzzRejectionRefundsProRata(uint256 initialBps, uint256 firstBps, uint256[3] memory amounts)
        public
    {
        initialBps = bound(initialBps, 0, 9_998);
        firstBps = bound(firstBps, 1, 9_999 - initialBps);
        uint256 id = _openTwoMilestones(initialBps, firstBps, 0);
        uint256 total;
        for (uint256 i = 0; i < 3; ++i) {
            amounts[i] = bound(amounts[i], 1, 1e30);
            _pledgeEth(backers[i], id, amounts[i]);
            total += amounts[i];
        }
        VM.warp(DEADLINE + 1);
        _submit(id, "first");
        VM.warp(block.timestamp + WINDOW + 1);
        _submit(id, "second");
        for (uint256 i = 0; i < 3; ++i) {
            _object(backers[i], id);
        }
        VM.warp(block.timestamp + WINDOW + 1);
        _assertState(id, IPledgeEscrow.State.Rejected, "not rejected");

        uint256 unreleased = total - (total * (initialBps + firstBps)) / 10_000;
        uint256 refunded;
        for (uint256 i = 0; i < 3; ++i) {
            _refund(backers[i], id);
            uint256 expected = (amounts[i] * unreleased) / total;
            assertEq(backers[i].balance, expected, "pro-rata refund");
            assertTrue(expected <= amounts[i], "refund above pledge");
            refunded += expected;
        }
        assertTrue(refunded <= unreleased, "refunds above the unreleased part");
        assertTrue(unreleased - refunded <= 3, "dust above one unit per backer");
        _claim(id);
        assertEq(PAYOUT.balance + refunded, total, "released + refunded != pledged");
        assertEq(address(escrow).balance, 0, "escrow keeps nothing");
    }

    /// @notice Objections reject a milestone exactly when their weight exceeds the threshold share of the total.
    function testFuzzThresholdEdge(uint256 objecting, uint256 others, uint16 thresholdBps) public {
        thresholdBps = uint16(bound(thresholdBps, 1, 9_999));
        objecting = bound(objecting, 1, 1e30);
        others = bound(others, 1, 1e30);
        uint256 id = _openTwoMilestones(0, 5_000, thresholdBps);
        _pledgeEth(backers[0], id, objecting);
        _pledgeEth(backers[1], id, others);
        VM.warp(DEADLINE + 1);
        _submit(id, "first");
        _object(backers[0], id);
        VM.warp(block.timestamp + WINDOW + 1);
        bool exceeds = objecting * 10_000 > (objecting + others) * thresholdBps;
        _assertState(id, exceeds ? IPledgeEscrow.State.Rejected : IPledgeEscrow.State.Succeeded, "threshold edge");
    }

    /// @notice The first due date must come more than one review window after the latest deadline (planned + 2L,
    /// which an extension can reach): any earlier one is refused with `InvalidMilestoneDue(0, due)`, the earliest
    /// second the rules allow is accepted.
    function testFuzzFirstDueAfterLatestDeadline(uint256 due, uint256 lastCallHours) public {
        uint256 lastCall = bound(lastCallHours, 24, 84) * 1 hours; // 2L <= 7 days: DEADLINE stays valid
        uint256 latest = DEADLINE + 2 * lastCall;
        uint256 earliestDue = latest + WINDOW + 1;
        due = due % 2 == 0 ? earliestDue - 1 - bound(due, 0, 3) : bound(due, START, earliestDue - 1);
        IPledgeEscrow.CampaignTerms memory terms = _terms(address(0), 1, DEADLINE, lastCall);
        IPledgeEscrow.MilestonePlan memory plan;
        plan.reviewWindow = WINDOW;
        plan.milestones = new IPledgeEscrow.Milestone[](1);
        plan.milestones[0] = IPledgeEscrow.Milestone({shareBps: 10_000, due: uint32(due)});
        VM.prank(MAINTAINER);
        VM.expectRevert(abi.encodeWithSelector(IPledgeEscrow.InvalidMilestoneDue.selector, 0, due));
        escrow.openCampaignWithMilestones(terms, plan);
        plan.milestones[0].due = uint32(earliestDue);
        uint256 id = _openWithMilestones(terms, plan);
        IPledgeEscrow.CampaignView memory c = escrow.getCampaign(id);
        assertEq(c.plannedDeadline + 2 * c.lastCall, latest, "latest deadline");
    }
}
