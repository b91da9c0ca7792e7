// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPledgeEscrow} from "../../contracts/interfaces/IPledgeEscrow.sol";
import {TestToken} from "../../contracts/test/TestToken.sol";
import {BaseTest} from "./BaseTest.sol";
import {BonusModel} from "./BonusModel.sol";
import {EscrowHandler} from "./EscrowHandler.sol";
import {EscrowModel} from "./EscrowModel.sol";
import {RequestModel} from "./RequestModel.sol";
import {SharesModel} from "./SharesModel.sol";

/// @title PledgeEscrowInvariantTest
/// @notice Money and end-of-campaign invariants of the escrow over random sequences of every user action, at random
/// times and at each campaign's boundary seconds (see `EscrowHandler`), refund bonus deposits, refunds and reclaims
/// included, and builder and dependency shares: dependency lists, builder shares at opening, nominations,
/// acceptances, claims that credit the shares, releases of waiting shares and every recipient's withdrawal; and
/// feature requests: openings, pledges and withdrawals to them, acceptances, declines, expiries and their refunds.
contract PledgeEscrowInvariantTest is BaseTest {
    EscrowHandler internal handler;
    EscrowModel internal model;
    BonusModel internal bonus;
    SharesModel internal shares;
    RequestModel internal requests;

    /// @notice The base deployment with a 3% fee, plus six dependency candidates (projects 2 to 7, each with its
    /// owner and a payout address), a second maintainer of every project, the handler, its models and a token no
    /// campaign uses.
    function setUp() public override {
        super.setUp();
        model = new EscrowModel(escrow);
        bonus = new BonusModel(escrow, model);
        shares = new SharesModel(escrow, address(token), MAINTAINER, PAYOUT);
        for (uint256 p = 1; p <= shares.PROJECTS(); ++p) {
            address owner = shares.ownerOf(p);
            address second = shares.secondMaintainerOf(p);
            if (p != PROJECT_ID) _registerProject(owner, shares.payoutAt(p, 0));
            VM.prank(owner);
            registry.addMaintainer(p, second);
        }
        assertEq(registry.projectCount(), shares.PROJECTS(), "dependency candidates registered");
        TestToken stray = new TestToken("Stray", "STR", 18);
        requests = new RequestModel(escrow, shares);
        handler = new EscrowHandler(
            escrow, token, stray, model, bonus, shares, requests, MAINTAINER, PAYOUT, FEE_RECIPIENT, address(this)
        );
        model.bind(address(handler));
        bonus.bind(address(handler));
        shares.bind(address(handler));
        requests.bind(address(handler));
    }

    /// @notice A fee, so that every claim accrues some and fee withdrawals have something to move.
    function _initialFeeBps() internal pure override returns (uint16) {
        return 300;
    }

    /// @notice Only the handler is called by the fuzzer.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice Only the handler's actions (not its views, nor the probe it calls on itself).
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        bytes4[] memory selectors = new bytes4[](52);
        selectors[0] = EscrowHandler.openCampaign.selector;
        selectors[1] = EscrowHandler.openMilestoneCampaign.selector;
        selectors[2] = EscrowHandler.pledge.selector;
        selectors[3] = EscrowHandler.withdrawPledge.selector;
        selectors[4] = EscrowHandler.crossThenLeave.selector;
        selectors[5] = EscrowHandler.probeHonestWindows.selector;
        selectors[6] = EscrowHandler.cancelCampaign.selector;
        selectors[7] = EscrowHandler.claim.selector;
        selectors[8] = EscrowHandler.submitMilestone.selector;
        selectors[9] = EscrowHandler.settleMilestone.selector;
        selectors[10] = EscrowHandler.objectMilestone.selector;
        selectors[11] = EscrowHandler.withdrawObjection.selector;
        selectors[12] = EscrowHandler.refund.selector;
        selectors[13] = EscrowHandler.withdrawFees.selector;
        selectors[14] = EscrowHandler.setFee.selector;
        selectors[15] = EscrowHandler.skipTime.selector;
        selectors[16] = EscrowHandler.warpToMoment.selector;
        // The actions at the heart of the end-of-campaign rules, two or three times as likely.
        selectors[17] = EscrowHandler.pledge.selector;
        selectors[18] = EscrowHandler.withdrawPledge.selector;
        selectors[19] = EscrowHandler.actAtMoment.selector;
        selectors[20] = EscrowHandler.actAtMoment.selector;
        selectors[21] = EscrowHandler.crossThenLeave.selector;
        selectors[22] = EscrowHandler.donate.selector;
        selectors[23] = EscrowHandler.recoverStrayToken.selector;
        // The refund bonus: deposits (twice as likely, so that most campaigns get one), at boundary seconds too,
        // pledges and withdrawals on campaigns with a bonus, reclaims, and the payout of everything a decided
        // campaign holds.
        selectors[24] = EscrowHandler.depositBonus.selector;
        selectors[25] = EscrowHandler.depositBonus.selector;
        selectors[26] = EscrowHandler.depositAtMoment.selector;
        selectors[27] = EscrowHandler.reclaimBonus.selector;
        selectors[28] = EscrowHandler.settleBonus.selector;
        selectors[29] = EscrowHandler.pledgeWithBonus.selector;
        selectors[30] = EscrowHandler.withdrawWithBonus.selector;
        _shareSelectors(selectors);
        _requestSelectors(selectors);
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector({addr: address(handler), selectors: selectors});
    }

    /// @notice The builder and dependency share actions, at indices 31 to 42: dependency lists (twice as likely, so
    /// that most runs open campaigns that freeze one), nominations and acceptances (twice as likely, so that claims
    /// find builders), releases after the window (twice as likely: a share must have waited first), every recipient's
    /// withdrawal, and a campaign with shares taken through to its claim (twice as likely, so that most runs claim
    /// some).
    function _shareSelectors(bytes4[] memory selectors) internal pure {
        selectors[31] = EscrowHandler.setDependencies.selector;
        selectors[32] = EscrowHandler.setDependencies.selector;
        selectors[33] = EscrowHandler.nominateBuilder.selector;
        selectors[34] = EscrowHandler.nominateBuilder.selector;
        selectors[35] = EscrowHandler.acceptBuilder.selector;
        selectors[36] = EscrowHandler.acceptBuilder.selector;
        selectors[37] = EscrowHandler.releaseWaitingBuilderShare.selector;
        selectors[38] = EscrowHandler.releaseWaitingBuilderShare.selector;
        selectors[39] = EscrowHandler.withdrawBuilderShares.selector;
        selectors[40] = EscrowHandler.withdrawProjectShares.selector;
        selectors[41] = EscrowHandler.claimWithShares.selector;
        selectors[42] = EscrowHandler.claimWithShares.selector;
    }

    /// @notice The feature request actions, at indices 43 to 51: openings (twice as likely), acceptances (twice as
    /// likely), declines, time past an expiry (with refunds), and claims, cancellations and bonus deposits tried on
    /// requests. Pledges, withdrawals, refunds and claims reach requests through the actions above too.
    function _requestSelectors(bytes4[] memory selectors) internal pure {
        selectors[43] = EscrowHandler.openRequest.selector;
        selectors[44] = EscrowHandler.openRequest.selector;
        selectors[45] = EscrowHandler.acceptRequest.selector;
        selectors[46] = EscrowHandler.acceptRequest.selector;
        selectors[47] = EscrowHandler.declineRequest.selector;
        selectors[48] = EscrowHandler.passRequestExpiry.selector;
        selectors[49] = EscrowHandler.touchRequest.selector;
        selectors[50] = EscrowHandler.pledge.selector;
        selectors[51] = EscrowHandler.refund.selector;
    }

    /// @notice The handler's request paths, driven with chosen seeds, agree with the models: three requests of project
    /// 1 in ETH are opened (at the earliest expiry), pledged to and withdrawn from; one is accepted (terms tried until
    /// the random builder share is one the rules allow), one declined, one expires and refunds its backers; a claim, a
    /// cancellation and a bonus deposit on the declined one are refused. So the invariant runs above reach them.
    function testHandlerDrivesEveryRequestPath() public {
        // Token seed 258: ETH, spec "spec"; expiry seed 0: the earliest expiry.
        handler.openRequest(0, 0, 258, 0);
        handler.pledge(0, 0, 10);
        handler.pledge(1, 0, 18);
        handler.withdrawPledge(0, 0, 2);
        for (uint256 seed = 0; seed < 32 && handler.successes("acceptRequest") == 0; ++seed) {
            handler.acceptRequest(0, seed << 128, 4, 1);
        }
        handler.openRequest(1, 0, 258, 0);
        handler.openRequest(2, 0, 258, 0);
        handler.pledge(2, 1, 10); // a campaign exists now: campaign seed 1 (top bits clear) names request 2
        handler.pledge(3, 2, 18);
        handler.declineRequest(0, 260);
        handler.touchRequest(1, 0);
        handler.touchRequest(1, 1);
        handler.touchRequest(1, 2);
        handler.passRequestExpiry(0, 1);
        assertEq(handler.violations(), 0, handler.firstViolation());
        assertEq(handler.successes("openRequest"), 3, "requests opened");
        assertEq(handler.successes("pledgeRequest"), 4, "request pledges");
        assertEq(handler.successes("withdrawRequest"), 1, "request withdrawals");
        assertEq(handler.successes("acceptRequest"), 1, "requests accepted");
        assertEq(handler.successes("declineRequest"), 1, "requests declined");
        assertEq(handler.successes("refundExpired"), 1, "refunds of an expired request");
        assertEq(handler.successes("claimRequestRefused"), 1, "claims of a request refused");
        assertEq(handler.successes("touchRequest"), 2, "cancellation and deposit tried on a request");
        assertEq(uint256(escrow.campaignState(requests.idAt(0))), uint256(IPledgeEscrow.State.Funding), "accepted");
    }

    /// @notice Every call the handler made did what the rules say, to the exact error: pledges (crossings, extensions,
    /// refused late crossings, late parts), withdrawals (the goal lock), claims (the claim window), refunds (in full,
    /// or pro rata), objections (no weight, no objection), fee changes (delayed), and every full withdrawal probed
    /// while the goal had stood less than one last call went through.
    function invariantRulesHoldOnEveryCall() public view {
        assertEq(handler.violations(), 0, handler.firstViolation());
    }

    /// @notice The escrow's balance of each token covers every open pledge, the unpaid released funds and the unpaid
    /// refunds of campaigns with milestones, every bonus not paid out yet (a whole pot while undecided; once decided,
    /// each unrefunded backer's share and each depositor's reclaimable part, as the escrow's own view says), the
    /// accrued fees, and every builder's credit, every project's credit and every builder share still waiting.
    function invariantEscrowHoldsWhatItOwes() public view {
        for (uint256 t = 0; t < 2; ++t) {
            uint256 owed = escrow.accruedFees(handler.tokenAddress(t)) + _sharesOwed(t);
            for (uint256 i = 0; i < handler.campaignCount(); ++i) {
                uint256 id = handler.campaignAt(i);
                if (handler.tokenIndexOf(id) == t) owed += _owedBy(id) + _bonusOwedBy(id);
            }
            assertGe(handler.balanceOf(t, address(escrow)), owed, "escrow holds less than it owes");
        }
    }

    /// @notice To the wei, what came in (pledges, bonus deposits, and tokens sent outside any pledge) is still held,
    /// or was claimed, taken as fees, withdrawn, refunded, paid as bonus shares, reclaimed by depositors, recovered as
    /// stray (the stray token's index is 2), or withdrawn as builder or dependency shares.
    function invariantConservation() public view {
        for (uint256 t = 0; t < 3; ++t) {
            EscrowHandler.BonusLedger memory b = handler.bonusByToken(t);
            uint256 accounted = handler.balanceOf(t, address(escrow)) + handler.ghostClaimed(t)
                + handler.ghostFeesWithdrawn(t) + handler.ghostWithdrawn(t) + handler.ghostRefunded(t)
                + handler.ghostRecovered(t) + b.paid + b.reclaimed + handler.sharesByToken(t).withdrawn;
            assertEq(
                handler.ghostPledged(t) + handler.ghostDonated(t) + b.deposited,
                accounted,
                "came in != held + claimed + fees + withdrawn + refunded + bonus paid + reclaimed + recovered + shares"
            );
        }
    }

    /// @notice Per token, to the wei: what claims credited (builder credits, waiting builder shares and dependency
    /// credits, as the model's floor(gross x share / 10,000) makes them, and as the escrow's views moved) is what
    /// builders and projects withdrew plus what the escrow still owes them (its views: every builder's and project's
    /// credit, every campaign's waiting share). Acceptances and releases only move credit between recipients.
    function invariantSharesCreditedEqualWithdrawnPlusOwed() public view {
        for (uint256 t = 0; t < 2; ++t) {
            uint256 credited = shares.creditedTotal(t);
            EscrowHandler.SharesLedger memory ledger = handler.sharesByToken(t);
            assertEq(ledger.credited, credited, "shares: credited by claims != the model's shares");
            assertEq(credited, ledger.withdrawn + _sharesOwed(t), "shares: credited != withdrawn + owed");
        }
    }

    /// @notice Every claim split its gross amount exactly: summed per token, what the payout addresses received plus
    /// the fees accrued plus the shares credited is the gross released (the whole total of each claimed campaign
    /// without milestones, what the escrow's books add to the claimed amount of one with milestones), to the wei (the
    /// handler checks each claim's parts against the model too). No campaign ever released more than came into it.
    function invariantClaimsSplitExactly() public view {
        for (uint256 t = 0; t < 2; ++t) {
            EscrowHandler.SharesLedger memory ledger = handler.sharesByToken(t);
            assertEq(
                ledger.grossReleased,
                handler.ghostClaimed(t) + ledger.feesAccrued + ledger.credited,
                "claims: gross released != payout + fee + builder + dependencies"
            );
            assertEq(shares.grossTotal(t), ledger.grossReleased, "claims: gross booked in the model");
        }
        for (uint256 i = 0; i < handler.campaignCount(); ++i) {
            uint256 id = handler.campaignAt(i);
            uint256 released = handler.ghostClaimedGross(id);
            assertLe(released, handler.ghostCampaignIn(id), "claims: released more than came in");
            assertLe(released, escrow.getCampaign(id).pledged, "claims: released more than raised");
        }
    }

    /// @notice Nothing is paid twice: no builder and no project ever withdrew more than was credited to it (the
    /// model's credits: its claims' shares, what it took on accepting, what was released to it), and what it may still
    /// withdraw is exactly the difference. Every campaign's split stays what it froze at opening.
    function invariantNoShareWithdrawnTwice() public view {
        for (uint256 t = 0; t < 2; ++t) {
            address tokenAddress_ = handler.tokenAddress(t);
            for (uint256 b = 0; b < shares.BUILDERS(); ++b) {
                address builder = shares.builderAt(b);
                uint256 credited = shares.creditedToBuilder(builder, t);
                uint256 withdrawn = shares.withdrawnByBuilder(builder, t);
                assertLe(withdrawn, credited, "shares: a builder withdrew more than was credited to it");
                assertEq(escrow.builderSharesOf(builder, tokenAddress_), credited - withdrawn, "shares: builder owed");
            }
            for (uint256 p = 1; p <= shares.PROJECTS(); ++p) {
                uint256 credited = shares.creditedToProject(p, t);
                uint256 withdrawn = shares.withdrawnByProject(p, t);
                assertLe(withdrawn, credited, "shares: a project withdrew more than was credited to it");
                assertEq(escrow.projectSharesOf(p, tokenAddress_), credited - withdrawn, "shares: project owed");
            }
        }
        for (uint256 i = 0; i < handler.campaignCount(); ++i) {
            uint256 id = handler.campaignAt(i);
            SharesModel.Split memory frozen = shares.splitOf(id);
            IPledgeEscrow.SplitView memory split = escrow.getSplit(id);
            assertEq(split.builderShareBps, frozen.builderShareBps, "shares: builder share changed");
            assertEq(split.dependencyShareBps, frozen.dependencyShareBps, "shares: dependency share changed");
            assertEq(split.builder == frozen.builder ? 1 : 0, 1, "shares: builder changed without an acceptance");
        }
    }

    /// @notice No backer ever gets back more than they put in, from any campaign or in all.
    function invariantNoBackerReceivesMoreThanPledged() public view {
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

    /// @notice Nothing is paid twice: no campaign pays out more than came in, pledges or bonus; a campaign without
    /// milestones is claimed at most once and never both claimed and refunded; each backer is refunded at most once
    /// (so paid one share at most), each depositor reclaims at most once.
    function invariantNothingPaidTwice() public view {
        for (uint256 i = 0; i < handler.campaignCount(); ++i) {
            uint256 id = handler.campaignAt(i);
            assertGe(handler.ghostCampaignIn(id), handler.ghostCampaignOut(id), "campaign paid out more than came in");
            EscrowHandler.BonusLedger memory b = handler.bonusOf(id);
            assertGe(b.deposited, b.paid + b.reclaimed, "bonus paid out more than deposited");
            for (uint256 d = 0; d < handler.depositorCount(); ++d) {
                assertTrue(handler.reclaimsOf(id, handler.depositorAt(d)) <= 1, "reclaimed twice");
            }
            if (!handler.hasMilestones(id)) {
                assertTrue(handler.claimsOf(id) <= 1, "claimed twice");
                assertTrue(!(handler.claimsOf(id) == 1 && handler.refundedFrom(id)), "claimed and refunded");
            }
            for (uint256 a = 0; a < handler.actorCount(); ++a) {
                assertTrue(handler.refundsOf(id, handler.actorAt(a)) <= 1, "refunded twice");
            }
        }
    }

    /// @notice The refund bonus of each campaign: the escrow's pot is exactly what was deposited; bonus paid to backers
    /// plus bonus reclaimed never passes it, and nothing leaves while undecided; backers' shares never pass
    /// `reservedForBackers` (the escrow's figure equal to the model's, summed over the backers), nor the pot; once the
    /// bonus goes to depositors backers get none of it. Once every backer was refunded and every depositor reclaimed,
    /// paid + reclaimed + dust = deposited to the wei, where the dust is what `reserved` leaves of the shares paid (at
    /// most one wei per refund but one) and the depositors took exactly `pot - reserved`; after a success they took the
    /// whole pot.
    function invariantBonusAccounting() public view {
        for (uint256 i = 0; i < handler.campaignCount(); ++i) {
            uint256 id = handler.campaignAt(i);
            EscrowHandler.BonusLedger memory b = handler.bonusOf(id);
            (uint256 deposited, uint256 paid, uint256 reclaimed) = (b.deposited, b.paid, b.reclaimed);
            IPledgeEscrow.BonusView memory v = escrow.getBonus(id, address(0), 0);
            assertEq(v.pot, deposited, "bonus: pot != deposited");
            assertLe(paid + reclaimed, deposited, "bonus: paid + reclaimed > deposited");
            if (v.outcome == IPledgeEscrow.BonusOutcome.None || v.outcome == IPledgeEscrow.BonusOutcome.Pending) {
                assertEq(paid + reclaimed, 0, "bonus: paid out while undecided");
                continue;
            }
            if (v.outcome == IPledgeEscrow.BonusOutcome.ToDepositors) {
                assertEq(paid, 0, "bonus: backers paid although the funding went through");
                if (_everyoneSettled(id)) assertEq(reclaimed, deposited, "bonus: depositors did not get it all back");
                continue;
            }
            uint256 reserved = v.reservedForBackers;
            assertEq(reserved, bonus.reserved(id), "bonus: reservedForBackers != the backers' summed credit");
            assertLe(reserved, deposited, "bonus: reserved > pot");
            assertLe(paid, reserved, "bonus: shares paid > reservedForBackers");
            if (!_everyoneSettled(id)) continue;
            uint256 dust = reserved - paid;
            assertEq(reclaimed, deposited - reserved, "bonus: depositors' parts != pot - reserved");
            assertEq(paid + reclaimed + dust, deposited, "bonus: paid + reclaimed + dust != deposited");
            assertLe(dust, b.refunds == 0 ? 0 : b.refunds - 1, "bonus: more dust than one wei per refund but one");
        }
    }

    /// @notice For campaigns with milestones: released + refunded + held = pledged, with what was paid out never
    /// more than what was released, and the contract's books equal to what actually moved.
    function invariantMilestoneAccounting() public view {
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

    /// @notice The deadline starts at the planned one, never goes down (high-water mark of every observation) and
    /// never passes the latest deadline, planned + 2 x last call; it is exactly what the rules make of the crossings.
    function invariantDeadlineBounded() public view {
        for (uint256 i = 0; i < handler.campaignCount(); ++i) {
            uint256 id = handler.campaignAt(i);
            IPledgeEscrow.CampaignView memory c = escrow.getCampaign(id);
            EscrowModel.Model memory m = model.modelOf(id);
            assertEq(c.plannedDeadline, model.termsOf(id).planned, "planned deadline changed");
            assertLe(c.deadline, c.plannedDeadline + 2 * c.lastCall, "deadline past the latest deadline");
            assertGe(c.deadline, c.plannedDeadline, "deadline before the planned one");
            assertGe(c.deadline, m.deadlineHighWater, "deadline went down");
            assertEq(c.deadline, m.deadline, "deadline != what the crossings make of it");
        }
    }

    /// @notice The honest window, from the rule's inputs: the escrow remembers the last crossing's second t, and the
    /// campaign funds until at least t + L (exactly t + L while the goal a last-call crossing reached stands), so
    /// every backer can leave in full during [t, t + L]; no crossing after D0 + L was accepted; after a withdrawal
    /// took the total below the goal in the last call at w, the campaign funds until at least min(w + L, D0 + L), so
    /// whoever would fill the gap has a whole last call. The handler also probes the withdrawals at the seconds it
    /// visits.
    function invariantHonestWindow() public view {
        for (uint256 i = 0; i < handler.campaignCount(); ++i) {
            uint256 id = handler.campaignAt(i);
            EscrowModel.Model memory m = model.modelOf(id);
            if (m.goalReachedAt == 0) continue;
            IPledgeEscrow.CampaignView memory c = escrow.getCampaign(id);
            assertEq(c.goalReachedAt, m.goalReachedAt, "goalReachedAt != second of the last crossing");
            assertGe(c.deadline, m.goalReachedAt + c.lastCall, "deadline < goal reached + L");
            if (m.crossedInLastCall && c.pledged >= c.goal) {
                assertEq(c.deadline, m.goalReachedAt + c.lastCall, "last-call crossing: D != t + L");
            }
            assertLe(m.goalReachedAt, c.plannedDeadline + c.lastCall, "a crossing after planned + L was accepted");
            if (m.leftGoalAt == 0) continue;
            uint256 refill = m.leftGoalAt + c.lastCall;
            if (refill > c.plannedDeadline + c.lastCall) refill = c.plannedDeadline + c.lastCall;
            assertGe(c.deadline, refill, "left the goal in the last call: D < min(w + L, D0 + L)");
        }
    }

    /// @notice Objection weights: each backer's weight is their pledge less its late part, never more than the
    /// pledge, and after the cutoff never more than what stood before (it only goes down); the weights add up to the
    /// total less the late total, the base of the threshold. Without milestones the weight is the pledge.
    function invariantObjectionWeights() public view {
        for (uint256 i = 0; i < handler.campaignCount(); ++i) {
            uint256 id = handler.campaignAt(i);
            IPledgeEscrow.CampaignView memory c = escrow.getCampaign(id);
            bool afterCutoff = block.timestamp > c.plannedDeadline - 2 * c.lastCall;
            uint256 sum;
            for (uint256 a = 0; a < handler.actorCount(); ++a) {
                address actor = handler.actorAt(a);
                uint256 weight = escrow.objectionWeightOf(id, actor);
                uint256 pledged = escrow.pledgeOf(id, actor);
                assertLe(weight, pledged, "weight above pledge");
                if (!handler.hasMilestones(id)) {
                    assertEq(weight, pledged, "weight != pledge without milestones");
                    continue;
                }
                assertEq(weight, pledged - model.lateOf(id, actor), "weight != pledge - late part");
                if (afterCutoff) assertLe(weight, model.weightCap(id, actor), "weight grew after the cutoff");
                sum += weight;
            }
            if (!handler.hasMilestones(id)) continue;
            EscrowModel.Model memory m = model.modelOf(id);
            uint256 weightTotal = escrow.getCampaign(id).pledged - m.lateTotal;
            if (!handler.refundedFrom(id)) assertEq(sum, weightTotal, "sum of weights != total - late total");
            IPledgeEscrow.MilestoneProgressView memory progress = escrow.getMilestoneProgress(id);
            assertEq(
                progress.thresholdWeight,
                (weightTotal * progress.objectionThresholdBps) / 10_000,
                "threshold not measured on the weight total"
            );
        }
    }

    /// @notice A Lapsed campaign was never claimed; every claim of a campaign without milestones happened within
    /// (D, D + C]; a campaign with milestones never lapses.
    function invariantClaimWindow() public view {
        for (uint256 i = 0; i < handler.campaignCount(); ++i) {
            uint256 id = handler.campaignAt(i);
            IPledgeEscrow.State state = escrow.campaignState(id);
            if (handler.hasMilestones(id)) {
                assertTrue(state != IPledgeEscrow.State.Lapsed, "a campaign with milestones lapsed");
                continue;
            }
            if (state == IPledgeEscrow.State.Lapsed) assertEq(handler.claimsOf(id), 0, "a lapsed campaign was claimed");
            if (handler.claimsOf(id) == 0) continue;
            IPledgeEscrow.CampaignView memory c = escrow.getCampaign(id);
            uint256 claimedAt = model.modelOf(id).lastClaimAt;
            assertTrue(claimedAt > c.deadline, "claimed before the deadline");
            assertLe(claimedAt, c.deadline + c.claimWindow, "claimed after the claim window");
        }
    }

    /// @notice Whether every backer of a campaign was refunded (or left) and every depositor reclaimed.
    function _everyoneSettled(uint256 id) internal view returns (bool) {
        for (uint256 a = 0; a < handler.actorCount(); ++a) {
            if (escrow.pledgeOf(id, handler.actorAt(a)) != 0) return false;
        }
        for (uint256 d = 0; d < handler.depositorCount(); ++d) {
            if (bonus.depositOf(id, handler.depositorAt(d)) != 0) return false;
        }
        return true;
    }

    /// @notice Every request not accepted: its total is the sum of its backers' pledges while open (the model's too),
    /// and the escrow holds at least what is left of them for it (added to what it owes per token, with the
    /// campaigns); nobody got more back from it than they put in, nobody was refunded twice; it was never claimed,
    /// and its state is only ever Requested, Declined or Expired.
    function invariantRequestsPledgesAndStates() public view {
        uint256[2] memory owed;
        for (uint256 i = 0; i < requests.count(); ++i) {
            uint256 id = requests.idAt(i);
            if (requests.isAccepted(id)) continue;
            IPledgeEscrow.CampaignView memory c = escrow.getCampaign(id);
            uint256 sum;
            for (uint256 a = 0; a < handler.actorCount(); ++a) {
                address actor = handler.actorAt(a);
                sum += escrow.pledgeOf(id, actor);
                assertGe(handler.paidInto(id, actor), handler.receivedFrom(id, actor), "request: more back than in");
                assertLe(handler.refundsOf(id, actor), 1, "request: refunded twice");
            }
            owed[handler.tokenIndexOf(id)] += sum;
            assertEq(sum, requests.requestOf(id).held, "request: held != the model's");
            if (c.state == IPledgeEscrow.State.Requested) {
                assertEq(c.pledged, sum, "request: pledged total != sum of its backers' pledges");
            }
            assertEq(requests.requestOf(id).claims, 0, "request: claimed");
            assertTrue(
                c.state == IPledgeEscrow.State.Requested || c.state == IPledgeEscrow.State.Declined
                    || c.state == IPledgeEscrow.State.Expired,
                "request: state other than Requested, Declined, Expired"
            );
            assertEq(c.goal, 0, "request: goal");
        }
        for (uint256 t = 0; t < 2; ++t) {
            uint256 campaignsOwe = escrow.accruedFees(handler.tokenAddress(t)) + _sharesOwed(t);
            for (uint256 i = 0; i < handler.campaignCount(); ++i) {
                uint256 id = handler.campaignAt(i);
                if (handler.tokenIndexOf(id) == t) campaignsOwe += _owedBy(id) + _bonusOwedBy(id);
            }
            assertGe(handler.balanceOf(t, address(escrow)), campaignsOwe + owed[t], "escrow holds less than it owes");
        }
    }

    /// @notice An accepted request's campaign kept exactly the pledges it had: its total right after the acceptance
    /// was the request's, which is the sum of what each backer had then; its claims never released more than that
    /// plus what came in since, and it was claimed only as a campaign (after the acceptance).
    function invariantAcceptedRequestsKeepTheirPledges() public view {
        for (uint256 i = 0; i < requests.count(); ++i) {
            uint256 id = requests.idAt(i);
            if (!requests.isAccepted(id)) continue;
            RequestModel.Request memory r = requests.requestOf(id);
            uint256 sum;
            for (uint256 a = 0; a < handler.actorCount(); ++a) {
                sum += requests.pledgeAtAcceptance(id, handler.actorAt(a));
            }
            assertEq(r.pledgedAtAcceptance, sum, "accepted request: total != sum of the pledges it had");
            assertEq(r.onChainAtAcceptance, sum, "accepted request: campaign total != its pledges");
            assertEq(r.claims, 0, "accepted request: claimed as a request");
            assertTrue(escrow.campaignState(id) != IPledgeEscrow.State.Requested, "accepted request: Requested");
        }
    }

    /// @notice What the escrow still owes of one campaign's bonus, from the contract's own views: the whole pot while
    /// undecided; once decided, each unrefunded backer's share (when it goes to backers) and each depositor's part.
    function _bonusOwedBy(uint256 id) internal view returns (uint256 owed) {
        IPledgeEscrow.BonusView memory v = escrow.getBonus(id, address(0), 0);
        if (v.outcome == IPledgeEscrow.BonusOutcome.None) return 0;
        if (v.outcome == IPledgeEscrow.BonusOutcome.Pending) return v.pot;
        if (v.outcome == IPledgeEscrow.BonusOutcome.ToBackers) {
            for (uint256 a = 0; a < handler.actorCount(); ++a) {
                owed += escrow.getBonus(id, handler.actorAt(a), 0).share;
            }
        }
        for (uint256 d = 0; d < handler.depositorCount(); ++d) {
            owed += escrow.getBonus(id, handler.depositorAt(d), 0).reclaimable;
        }
    }

    /// @notice What the escrow owes in builder and dependency shares in one token, from its own views: every
    /// builder's credit, every project's credit, every campaign's waiting builder share.
    function _sharesOwed(uint256 t) internal view returns (uint256 owed) {
        address tokenAddress_ = handler.tokenAddress(t);
        for (uint256 b = 0; b < shares.BUILDERS(); ++b) {
            owed += escrow.builderSharesOf(shares.builderAt(b), tokenAddress_);
        }
        for (uint256 p = 1; p <= shares.PROJECTS(); ++p) {
            owed += escrow.projectSharesOf(p, tokenAddress_);
        }
        for (uint256 i = 0; i < handler.campaignCount(); ++i) {
            uint256 id = handler.campaignAt(i);
            if (handler.tokenIndexOf(id) == t) owed += escrow.getSplit(id).waiting;
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
