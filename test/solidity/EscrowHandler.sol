// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PledgeEscrow} from "../../contracts/PledgeEscrow.sol";
import {IPledgeEscrow} from "../../contracts/interfaces/IPledgeEscrow.sol";
import {TestToken} from "../../contracts/test/TestToken.sol";
import {TestBase} from "./Vm.sol";

/// @title EscrowHandler
/// @notice Drives the escrow through random sequences of open / pledge / withdraw / cancel / claim / refund /
/// fee withdrawal with time jumps, and keeps ghost ledgers of every wei that moved, measured by balance changes.
contract EscrowHandler is TestBase {
    uint256 internal constant ACTORS = 4;
    /// @notice Token index 0 is ETH, 1 is the ERC-20.
    uint256 internal constant TOKENS = 2;

    PledgeEscrow public immutable escrow;
    TestToken public immutable token;
    address public immutable maintainer;
    address public immutable payout;
    address public immutable feeRecipient;

    uint256 public currentTime;
    uint256[] internal _campaigns;
    mapping(uint256 campaignId => uint256) public tokenIndexOf;

    mapping(uint256 tokenIndex => uint256) public ghostPledged;
    mapping(uint256 tokenIndex => uint256) public ghostWithdrawn;
    mapping(uint256 tokenIndex => uint256) public ghostRefunded;
    mapping(uint256 tokenIndex => uint256) public ghostClaimed;
    mapping(uint256 tokenIndex => uint256) public ghostFeesWithdrawn;
    mapping(address actor => mapping(uint256 tokenIndex => uint256)) public paidIn;
    mapping(address actor => mapping(uint256 tokenIndex => uint256)) public receivedBack;
    mapping(uint256 campaignId => uint256) public claimsOf;
    mapping(uint256 campaignId => bool) public hasMilestones;
    mapping(uint256 campaignId => uint256) public ghostCampaignIn;
    mapping(uint256 campaignId => uint256) public ghostCampaignOut;
    mapping(uint256 campaignId => uint256) public ghostClaimedGross;
    mapping(uint256 campaignId => uint256) public ghostRefundedFrom;
    mapping(uint256 campaignId => mapping(address actor => uint256)) public paidInto;
    mapping(uint256 campaignId => mapping(address actor => uint256)) public receivedFrom;
    mapping(uint256 campaignId => bool) public refundedFrom;
    mapping(uint256 campaignId => mapping(address actor => uint256)) public refundsOf;
    mapping(bytes32 action => uint256) public successes;

    constructor(PledgeEscrow escrow_, TestToken token_, address maintainer_, address payout_, address feeRecipient_) {
        escrow = escrow_;
        token = token_;
        maintainer = maintainer_;
        payout = payout_;
        feeRecipient = feeRecipient_;
        currentTime = block.timestamp;
    }

    modifier atCurrentTime() {
        VM.warp(currentTime);
        _;
    }

    // ------------------------------------------------------------------ actions

    function openCampaign(uint256 tokenSeed, uint256 goal, uint256 duration) external atCurrentTime {
        uint256 tokenIndex = tokenSeed % TOKENS;
        goal = bound(goal, 1, 100 ether);
        duration = bound(duration, 1, 20 days);
        VM.prank(maintainer);
        uint256 id = escrow.openCampaign(1, "spec", _tokenAddress(tokenIndex), goal, currentTime + duration);
        _campaigns.push(id);
        tokenIndexOf[id] = tokenIndex;
        ++successes["open"];
    }

    /// @notice Opens a campaign with 1 to 3 milestones, random shares, due dates, window and threshold.
    function openMilestoneCampaign(uint256 tokenSeed, uint256 goal, uint256 duration, uint256 planSeed)
        external
        atCurrentTime
    {
        uint256 tokenIndex = tokenSeed % TOKENS;
        goal = bound(goal, 1, 20 ether);
        duration = bound(duration, 1, 20 days);
        uint256 deadline = currentTime + duration;
        uint256 count = 1 + (planSeed % 3);
        IPledgeEscrow.MilestonePlan memory plan;
        plan.initialShareBps = uint16(bound(planSeed >> 8, 0, 5_000));
        plan.reviewWindow = uint32(bound(planSeed >> 24, 1 days, 4 days));
        plan.objectionThresholdBps = uint16(bound(planSeed >> 40, 0, 9_999));
        plan.milestones = new IPledgeEscrow.Milestone[](count);
        uint256 left = 10_000 - plan.initialShareBps;
        uint256 due = deadline;
        for (uint256 i = 0; i < count; ++i) {
            uint256 share = i + 1 == count ? left : bound(planSeed >> (56 + 16 * i), 1, left - (count - i - 1));
            left -= share;
            due += plan.reviewWindow + bound(planSeed >> (104 + 16 * i), 1, 10 days);
            plan.milestones[i] = IPledgeEscrow.Milestone({shareBps: uint16(share), due: uint32(due)});
        }
        VM.prank(maintainer);
        uint256 id = escrow.openCampaignWithMilestones(1, "spec", _tokenAddress(tokenIndex), goal, deadline, plan);
        _campaigns.push(id);
        tokenIndexOf[id] = tokenIndex;
        hasMilestones[id] = true;
        ++successes["openMilestones"];
    }

    function submitMilestone(uint256 campaignSeed) external atCurrentTime {
        if (_campaigns.length == 0) return;
        uint256 id = _pickMilestoneCampaign(campaignSeed, false);
        VM.prank(maintainer);
        try escrow.submitMilestone(id, "delivery") {
            ++successes["submit"];
        } catch {}
    }

    function objectMilestone(uint256 actorSeed, uint256 campaignSeed) external atCurrentTime {
        if (_campaigns.length == 0) return;
        uint256 id = _pickMilestoneCampaign(campaignSeed, true);
        VM.prank(_backerOf(id, actorSeed));
        try escrow.objectMilestone(id) {
            ++successes["object"];
        } catch {}
    }

    function withdrawObjection(uint256 actorSeed, uint256 campaignSeed) external atCurrentTime {
        if (_campaigns.length == 0) return;
        uint256 id = _pickMilestoneCampaign(campaignSeed, true);
        VM.prank(_backerOf(id, actorSeed));
        try escrow.withdrawObjection(id) {
            ++successes["unobject"];
        } catch {}
    }

    function settleMilestone(uint256 campaignSeed) external atCurrentTime {
        if (_campaigns.length == 0) return;
        try escrow.settleMilestone(_pick(campaignSeed)) {
            ++successes["settle"];
        } catch {}
    }

    function pledge(uint256 actorSeed, uint256 campaignSeed, uint256 amount) external atCurrentTime {
        if (_campaigns.length == 0) return;
        address actor = actorAt(actorSeed);
        uint256 id = _pick(campaignSeed);
        if (escrow.campaignState(id) != IPledgeEscrow.State.Funding) return;
        amount = bound(amount, 1, 60 ether);
        uint256 tokenIndex = tokenIndexOf[id];
        uint256 heldBefore = _balance(tokenIndex, address(escrow));
        if (tokenIndex == 0) {
            VM.deal(actor, amount);
            VM.prank(actor);
            escrow.pledge{value: amount}(id);
        } else {
            token.mint(actor, amount);
            VM.prank(actor);
            token.approve(address(escrow), amount);
            VM.prank(actor);
            escrow.pledgeToken(id, amount);
        }
        assertEq(_balance(tokenIndex, address(escrow)) - heldBefore, amount, "pledge: escrow received");
        ghostPledged[tokenIndex] += amount;
        paidIn[actor][tokenIndex] += amount;
        ghostCampaignIn[id] += amount;
        paidInto[id][actor] += amount;
        ++successes["pledge"];
    }

    function withdrawPledge(uint256 actorSeed, uint256 campaignSeed, uint256 amount) external atCurrentTime {
        if (_campaigns.length == 0) return;
        uint256 id = _pick(campaignSeed);
        address actor = _backerOf(id, actorSeed);
        uint256 pledged = escrow.pledgeOf(id, actor);
        if (pledged == 0 || escrow.campaignState(id) != IPledgeEscrow.State.Funding) return;
        amount = bound(amount, 1, pledged);
        uint256 tokenIndex = tokenIndexOf[id];
        uint256 before = _balance(tokenIndex, actor);
        VM.prank(actor);
        escrow.withdrawPledge(id, amount);
        uint256 got = _balance(tokenIndex, actor) - before;
        assertEq(got, amount, "withdraw: backer received");
        ghostWithdrawn[tokenIndex] += got;
        receivedBack[actor][tokenIndex] += got;
        ghostCampaignOut[id] += got;
        receivedFrom[id][actor] += got;
        ++successes["withdraw"];
    }

    function cancelCampaign(uint256 campaignSeed) external atCurrentTime {
        if (_campaigns.length == 0) return;
        uint256 id = _pick(campaignSeed);
        if (escrow.campaignState(id) != IPledgeEscrow.State.Funding) return;
        VM.prank(maintainer);
        escrow.cancelCampaign(id);
        ++successes["cancel"];
    }

    function claim(uint256 campaignSeed) external atCurrentTime {
        if (_campaigns.length == 0) return;
        uint256 id = _pick(campaignSeed);
        uint256 tokenIndex = tokenIndexOf[id];
        uint256 before = _balance(tokenIndex, payout);
        uint256 feesBefore = escrow.accruedFees(_tokenAddress(tokenIndex));
        VM.prank(maintainer);
        try escrow.claim(id) {
            uint256 got = _balance(tokenIndex, payout) - before;
            uint256 gross = got + escrow.accruedFees(_tokenAddress(tokenIndex)) - feesBefore;
            ghostClaimed[tokenIndex] += got;
            ghostCampaignOut[id] += gross;
            ghostClaimedGross[id] += gross;
            ++claimsOf[id];
            ++successes["claim"];
        } catch {}
    }

    function refund(uint256 actorSeed, uint256 campaignSeed) external atCurrentTime {
        if (_campaigns.length == 0) return;
        uint256 id = _pick(campaignSeed);
        address actor = _backerOf(id, actorSeed);
        uint256 tokenIndex = tokenIndexOf[id];
        uint256 before = _balance(tokenIndex, actor);
        bool afterRejection = escrow.campaignState(id) == IPledgeEscrow.State.Rejected;
        VM.prank(actor);
        try escrow.refund(id) {
            if (afterRejection) ++successes["refundAfterRejection"];
            uint256 got = _balance(tokenIndex, actor) - before;
            ghostRefunded[tokenIndex] += got;
            receivedBack[actor][tokenIndex] += got;
            ghostCampaignOut[id] += got;
            ghostRefundedFrom[id] += got;
            receivedFrom[id][actor] += got;
            refundedFrom[id] = true;
            ++refundsOf[id][actor];
            ++successes["refund"];
        } catch {}
    }

    function withdrawFees(uint256 tokenSeed) external atCurrentTime {
        uint256 tokenIndex = tokenSeed % TOKENS;
        uint256 before = _balance(tokenIndex, feeRecipient);
        try escrow.withdrawFees(_tokenAddress(tokenIndex)) {
            ghostFeesWithdrawn[tokenIndex] += _balance(tokenIndex, feeRecipient) - before;
            ++successes["fees"];
        } catch {}
    }

    function skipTime(uint256 seconds_) external {
        currentTime += bound(seconds_, 0, 6 days);
        VM.warp(currentTime);
    }

    // ------------------------------------------------------------------ views for the invariants

    function campaignCount() external view returns (uint256) {
        return _campaigns.length;
    }

    function campaignAt(uint256 index) external view returns (uint256) {
        return _campaigns[index];
    }

    function actorAt(uint256 seed) public pure returns (address) {
        return address(uint160(0xB0000 + (seed % ACTORS)));
    }

    function actorCount() external pure returns (uint256) {
        return ACTORS;
    }

    function tokenAddress(uint256 tokenIndex) external view returns (address) {
        return _tokenAddress(tokenIndex);
    }

    function balanceOf(uint256 tokenIndex, address account) external view returns (uint256) {
        return _balance(tokenIndex, account);
    }

    // ------------------------------------------------------------------ internals

    /// @dev The first actor from `seed` on with a pledge in the campaign (or the seed's actor when none has).
    function _backerOf(uint256 id, uint256 seed) internal view returns (address) {
        for (uint256 i = 0; i < ACTORS; ++i) {
            address actor = actorAt(seed + i);
            if (escrow.pledgeOf(id, actor) != 0) return actor;
        }
        return actorAt(seed);
    }

    /// @dev From `seed` on, the first succeeded campaign with milestones that has a milestone in review
    /// (`inReview`) or none (`!inReview`); any campaign when there is no such one.
    function _pickMilestoneCampaign(uint256 seed, bool inReview) internal view returns (uint256) {
        for (uint256 i = 0; i < _campaigns.length; ++i) {
            uint256 id = _campaigns[(seed + i) % _campaigns.length];
            if (!hasMilestones[id] || escrow.campaignState(id) != IPledgeEscrow.State.Succeeded) continue;
            uint256 reviewEnd = escrow.getMilestoneProgress(id).reviewEnd;
            if (inReview == (reviewEnd >= block.timestamp)) return id;
        }
        return _pick(seed);
    }

    function _pick(uint256 seed) internal view returns (uint256) {
        return _campaigns[seed % _campaigns.length];
    }

    function _tokenAddress(uint256 tokenIndex) internal view returns (address) {
        return tokenIndex == 0 ? address(0) : address(token);
    }

    function _balance(uint256 tokenIndex, address account) internal view returns (uint256) {
        return tokenIndex == 0 ? account.balance : token.balanceOf(account);
    }
}
