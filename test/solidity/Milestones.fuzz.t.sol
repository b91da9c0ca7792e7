// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PledgeEscrow} from "../../contracts/PledgeEscrow.sol";
import {ProjectRegistry} from "../../contracts/ProjectRegistry.sol";
import {IPledgeEscrow} from "../../contracts/interfaces/IPledgeEscrow.sol";
import {TestBase} from "./Vm.sol";

/// @title MilestonesFuzzTest
/// @notice Fuzzed shares, pledges and thresholds against the milestone rules: pro-rata refunds that never exceed a
/// pledge, released + refunded + held = pledged, and the objection threshold's exact edge.
contract MilestonesFuzzTest is TestBase {
    address internal constant MAINTAINER = address(0xA11CE);
    address internal constant PAYOUT = address(0xBEEF);
    address internal constant FEE_RECIPIENT = address(0xFEE);
    uint256 internal constant START = 1_800_000_000;
    uint256 internal constant DEADLINE = START + 7 days;
    uint32 internal constant WINDOW = 2 days;

    PledgeEscrow internal escrow;
    address[3] internal backers = [address(0xB1), address(0xB2), address(0xB3)];

    function setUp() public {
        VM.warp(START);
        ProjectRegistry registry = new ProjectRegistry();
        escrow = new PledgeEscrow(registry, address(this), address(this), FEE_RECIPIENT, 0);
        VM.prank(MAINTAINER);
        registry.registerProject("ipfs://project", "", PAYOUT);
    }

    function _open(uint256 initialBps, uint256 firstBps, uint16 thresholdBps) internal returns (uint256 id) {
        IPledgeEscrow.MilestonePlan memory plan;
        plan.initialShareBps = uint16(initialBps);
        plan.reviewWindow = WINDOW;
        plan.objectionThresholdBps = thresholdBps;
        plan.milestones = new IPledgeEscrow.Milestone[](2);
        uint16 secondBps = uint16(10_000 - initialBps - firstBps);
        plan.milestones[0] = IPledgeEscrow.Milestone({shareBps: uint16(firstBps), due: uint32(DEADLINE + 10 days)});
        plan.milestones[1] = IPledgeEscrow.Milestone({shareBps: secondBps, due: uint32(DEADLINE + 20 days)});
        VM.prank(MAINTAINER);
        id = escrow.openCampaignWithMilestones(_terms(), plan);
    }

    /// @dev Goal 1 wei, default last call (2 days) and claim window.
    function _terms() internal pure returns (IPledgeEscrow.CampaignTerms memory) {
        return IPledgeEscrow.CampaignTerms({
            projectId: 1,
            specURI: "spec",
            token: address(0),
            goal: 1,
            deadline: DEADLINE,
            lastCall: 0,
            claimWindow: 0
        });
    }

    function _pledge(uint256 id, address backer, uint256 amount) internal {
        VM.deal(backer, amount);
        VM.prank(backer);
        escrow.pledge{value: amount}(id);
    }

    /// @notice After the second milestone is rejected, each backer gets pledge x unreleased / total rounded down,
    /// never more than they pledged; once all refunded the dust is the project's, and every wei is accounted for.
    function testFuzz_rejectionRefundsProRata(uint256 initialBps, uint256 firstBps, uint256[3] memory amounts)
        public
    {
        initialBps = bound(initialBps, 0, 9_998);
        firstBps = bound(firstBps, 1, 9_999 - initialBps);
        uint256 id = _open(initialBps, firstBps, 0);
        uint256 total;
        for (uint256 i = 0; i < 3; ++i) {
            amounts[i] = bound(amounts[i], 1, 1e30);
            _pledge(id, backers[i], amounts[i]);
            total += amounts[i];
        }
        VM.warp(DEADLINE + 1);
        VM.prank(MAINTAINER);
        escrow.submitMilestone(id, "first");
        VM.warp(block.timestamp + WINDOW + 1);
        VM.prank(MAINTAINER);
        escrow.submitMilestone(id, "second");
        for (uint256 i = 0; i < 3; ++i) {
            VM.prank(backers[i]);
            escrow.objectMilestone(id);
        }
        VM.warp(block.timestamp + WINDOW + 1);
        assertTrue(escrow.campaignState(id) == IPledgeEscrow.State.Rejected, "not rejected");

        uint256 unreleased = total - (total * (initialBps + firstBps)) / 10_000;
        uint256 refunded;
        for (uint256 i = 0; i < 3; ++i) {
            VM.prank(backers[i]);
            escrow.refund(id);
            uint256 expected = (amounts[i] * unreleased) / total;
            assertEq(backers[i].balance, expected, "pro-rata refund");
            assertTrue(expected <= amounts[i], "refund above pledge");
            refunded += expected;
        }
        assertTrue(refunded <= unreleased, "refunds above the unreleased part");
        assertTrue(unreleased - refunded <= 3, "dust above one unit per backer");
        VM.prank(MAINTAINER);
        escrow.claim(id);
        assertEq(PAYOUT.balance + refunded, total, "released + refunded != pledged");
        assertEq(address(escrow).balance, 0, "escrow keeps nothing");
    }

    /// @notice Objections reject a milestone exactly when their weight exceeds the threshold share of the total.
    function testFuzz_thresholdEdge(uint256 objecting, uint256 others, uint16 thresholdBps) public {
        thresholdBps = uint16(bound(thresholdBps, 1, 9_999));
        objecting = bound(objecting, 1, 1e30);
        others = bound(others, 1, 1e30);
        uint256 id = _open(0, 5_000, thresholdBps);
        _pledge(id, backers[0], objecting);
        _pledge(id, backers[1], others);
        VM.warp(DEADLINE + 1);
        VM.prank(MAINTAINER);
        escrow.submitMilestone(id, "first");
        VM.prank(backers[0]);
        escrow.objectMilestone(id);
        VM.warp(block.timestamp + WINDOW + 1);
        bool exceeds = objecting * 10_000 > (objecting + others) * thresholdBps;
        IPledgeEscrow.State expected = exceeds ? IPledgeEscrow.State.Rejected : IPledgeEscrow.State.Succeeded;
        assertTrue(escrow.campaignState(id) == expected, "threshold edge");
    }

    /// @notice The first due date must come more than one review window after the latest deadline (planned + 2L,
    /// which an extension can reach): any earlier one is refused with `InvalidMilestoneDue(0, due)`, the earliest
    /// second the rules allow is accepted.
    function testFuzz_firstDueAfterLatestDeadline(uint256 due, uint256 lastCallHours) public {
        uint256 lastCall = bound(lastCallHours, 24, 84) * 1 hours; // 2L <= 7 days: DEADLINE stays valid
        uint256 latest = DEADLINE + 2 * lastCall;
        uint256 earliestDue = latest + WINDOW + 1;
        due = due % 2 == 0 ? earliestDue - 1 - bound(due, 0, 3) : bound(due, START, earliestDue - 1);
        IPledgeEscrow.CampaignTerms memory terms = _terms();
        terms.lastCall = lastCall;
        IPledgeEscrow.MilestonePlan memory plan;
        plan.reviewWindow = WINDOW;
        plan.milestones = new IPledgeEscrow.Milestone[](1);
        plan.milestones[0] = IPledgeEscrow.Milestone({shareBps: 10_000, due: uint32(due)});
        VM.prank(MAINTAINER);
        VM.expectRevert(abi.encodeWithSelector(IPledgeEscrow.InvalidMilestoneDue.selector, 0, due));
        escrow.openCampaignWithMilestones(terms, plan);
        plan.milestones[0].due = uint32(earliestDue);
        VM.prank(MAINTAINER);
        uint256 id = escrow.openCampaignWithMilestones(terms, plan);
        IPledgeEscrow.CampaignView memory c = escrow.getCampaign(id);
        assertEq(c.plannedDeadline + 2 * c.lastCall, latest, "latest deadline");
    }
}
