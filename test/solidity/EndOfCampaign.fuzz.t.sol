// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPledgeEscrow} from "../../contracts/interfaces/IPledgeEscrow.sol";
import {BaseTest, ExpectedStates} from "./BaseTest.sol";

/// @title EndOfCampaignFuzzTest
/// @notice The attacks of issue 8 at every boundary second: the attacker's pledge or withdrawal time, the honest
/// backers' reaction time, the last call L and the claim window C are fuzzed, with the fuzzed seconds pulled onto
/// the rule's boundaries (cutoff, start of the last call, goal + L, planned + L, D + C) half of the time.
/// 1. governance capture and 2. last-second veto: a pledge after the cutoff D0 - 2L carries no weight;
/// 3. shill success: a crossing at any second t leaves every other backer [t, t + L] to withdraw in full, and a
///    crossing after D0 + L is refused; 4. withdrawal griefing: a withdrawal below the goal is refused exactly in the
///    last call once the goal has stood more than L, and one that is allowed there gives whoever would fill the gap
///    a whole last call (up to D0 + L). Nothing locked forever: claimable until D + C, Lapsed and refunded after.
contract EndOfCampaignFuzzTest is BaseTest {
    /// @notice The honest backer of every attack.
    address internal constant HONEST = ALICE;
    uint32 internal constant WINDOW = 2 days;

    // ------------------------------------------------------------------ helpers

    /// @notice A last call of 1 to 7 days in whole hours.
    function _lastCall(uint256 seed) internal pure returns (uint256) {
        return bound(seed, 24, 168) * 1 hours;
    }

    /// @notice Half of the time within two seconds of `point`, otherwise anywhere; always in [lo, hi].
    function _near(uint256 seed, uint256 point, uint256 lo, uint256 hi) internal pure returns (uint256 t) {
        t = seed % 2 == 0 ? point + ((seed >> 1) % 5) : bound(seed >> 1, lo, hi);
        if (seed % 2 == 0) t = t < 2 ? 0 : t - 2;
        if (t < lo) t = lo;
        if (t > hi) t = hi;
    }

    /// @notice An ETH campaign with the default claim window.
    function _openEth(uint256 goal, uint256 deadline, uint256 lastCall) internal returns (uint256 id) {
        id = _open(_terms(address(0), goal, deadline, lastCall));
    }

    /// @notice One milestone of 100%, due a day after the latest deadline plus one review window; threshold 50%.
    function _openWithMilestone(uint256 goal, uint256 deadline, uint256 lastCall) internal returns (uint256 id) {
        IPledgeEscrow.MilestonePlan memory plan;
        plan.reviewWindow = WINDOW;
        plan.milestones = new IPledgeEscrow.Milestone[](1);
        uint256 due = deadline + 2 * lastCall + WINDOW + 1 days;
        plan.milestones[0] = IPledgeEscrow.Milestone({shareBps: 10_000, due: uint32(due)});
        id = _openWithMilestones(_terms(address(0), goal, deadline, lastCall), plan);
    }

    // ------------------------------------------------------------------ 1, 2: weights

    /// @notice Attack 1 (governance capture): a pledge made after the cutoff D0 - 2L carries no objection weight,
    /// one made at the cutoff second or before carries all of it, and leaves the honest backers any reaction second
    /// of the next L to leave in full; withdrawals take the late part out first, so the weight never grows. The
    /// threshold is measured on the weight total: honest backers who object always reject.
    function testFuzzPledgeAfterCutoffCarriesNoWeight(
        uint256 lastCallSeed,
        uint256 duration,
        uint256 early,
        uint256 late,
        uint256 lateAt,
        uint256 withdrawn
    ) public {
        uint256 lastCall = _lastCall(lastCallSeed);
        uint256 deadline = START + 2 * lastCall + bound(duration, 0, 30 days);
        uint256 cutoff = deadline - 2 * lastCall;
        early = bound(early, 1, 1e30);
        late = bound(late, 1, 1e30);
        uint256 id = _openWithMilestone(early, deadline, lastCall);
        IPledgeEscrow.CampaignView memory c = escrow.getCampaign(id);
        assertEq(c.plannedDeadline - 2 * c.lastCall, cutoff, "cutoff = D0 - 2L");
        _pledgeEth(HONEST, id, early); // reaches the goal at START, before any last call: no extension

        lateAt = _near(lateAt, cutoff + 1, START, deadline);
        VM.warp(lateAt);
        _pledgeEth(ATTACKER, id, late);
        uint256 attackerWeight = lateAt > cutoff ? 0 : late;
        assertEq(escrow.objectionWeightOf(id, ATTACKER), attackerWeight, "late pledge carries no weight");
        assertEq(escrow.pledgeOf(id, ATTACKER), late, "late pledge counts in the pledge");
        if (lateAt <= cutoff) _honestCanLeave(id, lateAt, lastCall, early, withdrawn);

        // The attacker tops up after the cutoff and takes some out: the late part goes first.
        VM.warp(lateAt > cutoff ? lateAt : cutoff + 1);
        _pledgeEth(ATTACKER, id, late);
        assertEq(escrow.objectionWeightOf(id, ATTACKER), attackerWeight, "top-up after the cutoff: no weight");
        withdrawn = bound(withdrawn, 1, 2 * late);
        _withdraw(ATTACKER, id, withdrawn);
        uint256 lateLeft = lateAt > cutoff ? 2 * late : late;
        uint256 expected = withdrawn <= lateLeft ? attackerWeight : attackerWeight - (withdrawn - lateLeft);
        assertEq(escrow.objectionWeightOf(id, ATTACKER), expected, "withdrawal takes the late part first");
        assertLe(escrow.objectionWeightOf(id, ATTACKER), attackerWeight, "weight grew by withdrawing");

        uint256 weightTotal = early + escrow.objectionWeightOf(id, ATTACKER);
        IPledgeEscrow.MilestoneProgressView memory progress = escrow.getMilestoneProgress(id);
        assertEq(progress.thresholdWeight, (weightTotal * 5_000) / 10_000, "threshold on the weight total");

        if (lateAt > cutoff) _honestObjectionRejects(id);
    }

    /// @notice The attacker pledged only after the cutoff: however large, it cannot outvote the honest objection.
    function _honestObjectionRejects(uint256 id) internal {
        VM.warp(escrow.getCampaign(id).deadline + 1);
        _submit(id, "bad delivery");
        _object(HONEST, id);
        VM.prank(ATTACKER);
        VM.expectRevert(abi.encodeWithSelector(IPledgeEscrow.NoStake.selector, id, ATTACKER));
        escrow.objectMilestone(id);
        VM.warp(block.timestamp + WINDOW + 1);
        _assertState(id, IPledgeEscrow.State.Rejected, "honest objection rejects");
    }

    /// @notice A pledge that carries weight came at `at` (at the cutoff or before): the honest backer can still take
    /// their whole pledge back at any reaction second of [at, at + L]. Checked in a snapshot, then undone.
    function _honestCanLeave(uint256 id, uint256 at, uint256 lastCall, uint256 pledged, uint256 reaction) internal {
        uint256 snapshot = VM.snapshotState();
        VM.warp(at + _near(reaction >> 128, lastCall, 0, lastCall));
        uint256 before = HONEST.balance;
        _withdraw(HONEST, id, pledged);
        assertEq(HONEST.balance - before, pledged, "honest backer left in full after a weighted pledge");
        VM.revertToState(snapshot);
    }

    /// @notice Attack 2 (last-second veto): a whale that pledges after the cutoff, at any second up to the deadline,
    /// has no weight to object with; the honest milestone is accepted and the whale's money is not refundable.
    function testFuzzLastSecondVetoHasNoWeight(uint256 lastCallSeed, uint256 honest, uint256 whale, uint256 whaleAt)
        public
    {
        uint256 lastCall = _lastCall(lastCallSeed);
        uint256 deadline = START + 2 * lastCall + 10 days;
        uint256 cutoff = deadline - 2 * lastCall;
        honest = bound(honest, 1, 1e30);
        whale = bound(whale, 1, 1e30);
        uint256 id = _openWithMilestone(honest, deadline, lastCall);
        _pledgeEth(HONEST, id, honest);
        whaleAt = _near(whaleAt, deadline, cutoff + 1, deadline);
        VM.warp(whaleAt);
        _pledgeEth(ATTACKER, id, whale);
        assertEq(escrow.getCampaign(id).deadline, deadline, "no crossing, no extension");

        VM.warp(deadline + 1);
        _submit(id, "honest delivery");
        VM.prank(ATTACKER);
        VM.expectRevert(abi.encodeWithSelector(IPledgeEscrow.NoStake.selector, id, ATTACKER));
        escrow.objectMilestone(id);
        VM.warp(block.timestamp + WINDOW + 1);
        _assertState(id, IPledgeEscrow.State.Succeeded, "milestone accepted");
        assertEq(escrow.getMilestoneProgress(id).releasedBps, 10_000, "everything released");
        VM.prank(ATTACKER);
        VM.expectRevert(_unexpectedState(id, IPledgeEscrow.State.Succeeded, ExpectedStates.REFUNDABLE));
        escrow.refund(id);
    }

    // ------------------------------------------------------------------ 3: crossings

    /// @notice Attack 3 (shill success): a crossing at any second t of the campaign, in the last call or before it,
    /// leaves every other backer a full withdrawal at any reaction second of [t, t + L]: in the last call the
    /// deadline moves to exactly t + L (DeadlineExtended, then GoalReached); before it, it stays. A withdrawal that
    /// takes the total back below the goal in the last call moves the deadline to min(now + L, D0 + L) if later. One
    /// second after the window, the goal is locked if the campaign still funds (only a crossing before the last call
    /// leaves it funding).
    function testFuzzCrossingLeavesEveryoneAWindow(
        uint256 lastCallSeed,
        uint256 honest,
        uint256 shill,
        uint256 crossAt,
        uint256 reaction
    ) public {
        Crossing memory x;
        x.lastCall = _lastCall(lastCallSeed);
        x.planned = START + 2 * x.lastCall + 10 days;
        x.honest = bound(honest, 1, 1e30);
        shill = bound(shill, 1, 1e30);
        x.id = _openEth(x.honest + shill, x.planned, x.lastCall);
        _pledgeEth(HONEST, x.id, x.honest);

        x.crossAt = _near(crossAt, x.planned - x.lastCall + 1, START, x.planned);
        x.deadline = x.crossAt > x.planned - x.lastCall ? x.crossAt + x.lastCall : x.planned;
        VM.warp(x.crossAt);
        VM.deal(ATTACKER, shill);
        if (x.deadline != x.planned) {
            VM.expectEmit();
            emit IPledgeEscrow.DeadlineExtended(x.id, x.planned, x.deadline);
        }
        VM.expectEmit();
        emit IPledgeEscrow.GoalReached(x.id, x.deadline);
        VM.prank(ATTACKER);
        escrow.pledge{value: shill}(x.id);
        IPledgeEscrow.CampaignView memory c = escrow.getCampaign(x.id);
        assertEq(c.deadline, x.deadline, "deadline after the crossing");
        assertEq(c.goalReachedAt, x.crossAt, "goalReachedAt");
        assertGe(c.deadline, x.crossAt + x.lastCall, "at least L of funding left");

        uint256 snapshot = VM.snapshotState();
        _honestLeavesInWindow(x, _near(reaction, x.lastCall, 0, x.lastCall));
        VM.revertToState(snapshot);
        _lockedAfterWindow(x);
    }

    /// @dev One attack-3 case: the campaign, its planned and current deadline, the crossing second, the honest pledge.
    struct Crossing {
        uint256 id;
        uint256 lastCall;
        uint256 planned;
        uint256 deadline;
        uint256 crossAt;
        uint256 honest;
    }

    /// @notice The honest backer reacts at any second of the window: their whole pledge comes back, and when that
    /// takes the total below the goal in the last call, whoever would fill the gap gets min(now + L, D0 + L).
    function _honestLeavesInWindow(Crossing memory x, uint256 reaction) internal {
        uint256 leaveAt = x.crossAt + reaction;
        VM.warp(leaveAt);
        _withdraw(HONEST, x.id, x.honest);
        assertEq(HONEST.balance, x.honest, "full withdrawal in the window");
        _assertState(x.id, IPledgeEscrow.State.Funding, "still funding");
        uint256 refill = leaveAt > x.deadline - x.lastCall ? _min(leaveAt + x.lastCall, x.planned + x.lastCall) : 0;
        assertEq(escrow.getCampaign(x.id).deadline, _max(x.deadline, refill), "time to refill");
    }

    /// @notice One second after the window, the goal that has stood more than L is locked if the campaign still funds
    /// in its last call; a campaign already decided refuses as such; before the last call withdrawals stay free.
    function _lockedAfterWindow(Crossing memory x) internal {
        uint256 at = x.crossAt + x.lastCall + 1;
        VM.warp(at);
        VM.prank(HONEST);
        if (at > x.deadline) {
            VM.expectRevert(_unexpectedState(x.id, IPledgeEscrow.State.Succeeded, ExpectedStates.FUNDING));
        } else if (at > x.deadline - x.lastCall) {
            VM.expectRevert(abi.encodeWithSelector(IPledgeEscrow.GoalLocked.selector, x.id, x.honest, 0));
        }
        escrow.withdrawPledge(x.id, x.honest);
    }

    /// @notice A pledge/withdraw loop (a shill crossing in the last call, then leaving within its window) extends the
    /// deadline each round (the leaving itself up to D0 + L), but never past D0 + 2L: a crossing after D0 + L is
    /// refused with GoalReachedTooLate(id, D0 + L), one at D0 + L or before is accepted and moves the deadline to
    /// now + L.
    function testFuzzCrossingAfterPlannedPlusLastCallReverts(uint256 lastCallSeed, uint256 seed) public {
        uint256 lastCall = _lastCall(lastCallSeed);
        uint256 deadline = START + 2 * lastCall + 5 days;
        uint256 goal = 10 ether;
        uint256 id = _openEth(goal, deadline, lastCall);
        _pledgeEth(HONEST, id, 1 ether);
        uint256 latestCrossing = deadline + lastCall;
        VM.deal(ATTACKER, 100 ether);

        for (uint256 round = 0; round < 4; ++round) {
            uint256 roundSeed = uint256(keccak256(abi.encode(seed, round)));
            uint256 d = escrow.getCampaign(id).deadline;
            // Cross anywhere in the current last call, often at the seconds around D0 + L.
            uint256 lo = block.timestamp > d - lastCall ? block.timestamp : d - lastCall + 1;
            uint256 crossAt = _near(roundSeed, latestCrossing + 1, lo, d);
            VM.warp(crossAt);
            VM.prank(ATTACKER);
            if (crossAt > latestCrossing) {
                VM.expectRevert(abi.encodeWithSelector(IPledgeEscrow.GoalReachedTooLate.selector, id, latestCrossing));
                escrow.pledge{value: goal - 1 ether}(id);
                // Pledging less, so that the total stays below the goal, is still accepted, and extends nothing.
                VM.prank(ATTACKER);
                escrow.pledge{value: goal - 1 ether - 1}(id);
                assertEq(escrow.getCampaign(id).deadline, d, "no extension without a crossing");
                VM.warp(d + 1);
                _assertState(id, IPledgeEscrow.State.Failed, "the loop ends in a failure");
                return;
            }
            escrow.pledge{value: goal - 1 ether}(id);
            assertEq(escrow.getCampaign(id).deadline, crossAt + lastCall, "extension to now + L");
            assertLe(crossAt + lastCall, deadline + 2 * lastCall, "deadline past D0 + 2L");
            // The shill leaves within the window (always allowed): whoever would fill the gap gets min(now + L,
            // D0 + L), and the loop goes on.
            uint256 leaveAt = crossAt + bound(roundSeed >> 128, 0, lastCall);
            VM.warp(leaveAt);
            _withdraw(ATTACKER, id, goal - 1 ether);
            uint256 refill = _min(leaveAt + lastCall, latestCrossing);
            assertEq(escrow.getCampaign(id).deadline, _max(crossAt + lastCall, refill), "refill extension");
        }
        assertLe(escrow.getCampaign(id).deadline, deadline + 2 * lastCall, "deadline past D0 + 2L");
    }

    // ------------------------------------------------------------------ 4: the goal lock

    /// @notice Attack 4 (withdrawal griefing): a withdrawal that takes the total below the goal is refused exactly
    /// when it comes in the last call and the goal has stood more than L, with GoalLocked(id, requested, total -
    /// goal); one allowed in the last call moves the deadline to min(now + L, D0 + L) if later, so whoever would
    /// fill the gap gets a whole last call; a withdrawal that keeps the goal is always accepted.
    function testFuzzWithdrawalBelowGoalRefusedExactlyWhenLocked(
        uint256 lastCallSeed,
        uint256 crossAt,
        uint256 withdrawAt,
        uint256 whale,
        uint256 amount
    ) public {
        uint256 lastCall = _lastCall(lastCallSeed);
        uint256 deadline = START + 2 * lastCall + 10 days;
        uint256 goal = 100 ether;
        uint256 id = _openEth(goal, deadline, lastCall);
        _pledgeEth(HONEST, id, 10 ether);
        whale = bound(whale, goal - 10 ether, 1e30);

        crossAt = _near(crossAt, deadline - 2 * lastCall, START, deadline);
        VM.warp(crossAt);
        _pledgeEth(ATTACKER, id, whale);
        uint256 d = escrow.getCampaign(id).deadline;
        uint256 locksAt = _max(crossAt + lastCall + 1, d - lastCall + 1);
        withdrawAt = _near(withdrawAt, locksAt, crossAt, d);
        VM.warp(withdrawAt);

        uint256 above = 10 ether + whale - goal;
        amount = bound(amount, 1, whale);
        bool inLastCall = withdrawAt > d - lastCall;
        bool locked = inLastCall && withdrawAt > crossAt + lastCall;
        VM.prank(ATTACKER);
        if (amount > above && locked) {
            VM.expectRevert(abi.encodeWithSelector(IPledgeEscrow.GoalLocked.selector, id, amount, above));
        }
        escrow.withdrawPledge(id, amount);
        if (amount > above && locked) {
            assertEq(escrow.pledgeOf(id, ATTACKER), whale, "withdrawal refused");
            // What the error says is available can always be taken.
            if (above != 0) _withdraw(ATTACKER, id, above);
            assertEq(escrow.getCampaign(id).pledged, goal, "the goal stays");
            return;
        }
        assertEq(escrow.pledgeOf(id, ATTACKER), whale - amount, "withdrawal accepted");
        uint256 refill = amount > above && inLastCall ? _min(withdrawAt + lastCall, deadline + lastCall) : 0;
        assertEq(escrow.getCampaign(id).deadline, _max(d, refill), "whoever fills the gap gets a last call");
    }

    // ------------------------------------------------------------------ nothing locked forever

    /// @notice A campaign without milestones is claimable from D + 1 up to and including D + C; from D + C + 1 it is
    /// Lapsed: the claim reverts UnexpectedState(id, Lapsed, {Succeeded}) and every backer refunds in full.
    function testFuzzClaimWindowBoundary(uint256 lastCallSeed, uint256 windowDays, uint256 at, uint256 pledged)
        public
    {
        uint256 lastCall = _lastCall(lastCallSeed);
        uint256 claimWindow = bound(windowDays, 7, 180) * 1 days;
        uint256 deadline = START + 2 * lastCall + 3 days;
        pledged = bound(pledged, 1, 1e30);
        IPledgeEscrow.CampaignTerms memory terms = _terms(address(0), pledged, deadline, lastCall);
        terms.claimWindow = claimWindow;
        uint256 id = _open(terms);
        _pledgeEth(HONEST, id, pledged);
        assertEq(escrow.getCampaign(id).claimWindow, claimWindow, "claim window");

        uint256 snapshot = VM.snapshotState();
        VM.warp(deadline + claimWindow);
        _claim(id);
        assertEq(PAYOUT.balance, pledged, "claimed at D + C");
        VM.revertToState(snapshot);
        VM.warp(deadline + claimWindow + 1);
        _assertState(id, IPledgeEscrow.State.Lapsed, "Lapsed at D + C + 1");
        VM.revertToState(snapshot);

        at = _near(at, deadline + claimWindow + 1, deadline + 1, deadline + claimWindow + 30 days);
        VM.warp(at);
        if (at <= deadline + claimWindow) {
            _assertState(id, IPledgeEscrow.State.Succeeded, "Succeeded");
            VM.prank(HONEST);
            VM.expectRevert(_unexpectedState(id, IPledgeEscrow.State.Succeeded, ExpectedStates.REFUNDABLE));
            escrow.refund(id);
            _claim(id);
            assertEq(PAYOUT.balance, pledged, "claimed");
        } else {
            VM.prank(MAINTAINER);
            VM.expectRevert(_unexpectedState(id, IPledgeEscrow.State.Lapsed, ExpectedStates.SUCCEEDED));
            escrow.claim(id);
            _refund(HONEST, id);
            assertEq(HONEST.balance, pledged, "lapsed: refunded in full");
            assertEq(address(escrow).balance, 0, "nothing left behind");
        }
    }
}
