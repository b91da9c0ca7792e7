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
        ++successes["pledge"];
    }

    function withdrawPledge(uint256 actorSeed, uint256 campaignSeed, uint256 amount) external atCurrentTime {
        if (_campaigns.length == 0) return;
        address actor = actorAt(actorSeed);
        uint256 id = _pick(campaignSeed);
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
        VM.prank(maintainer);
        try escrow.claim(id) {
            uint256 got = _balance(tokenIndex, payout) - before;
            ghostClaimed[tokenIndex] += got;
            ++claimsOf[id];
            ++successes["claim"];
        } catch {}
    }

    function refund(uint256 actorSeed, uint256 campaignSeed) external atCurrentTime {
        if (_campaigns.length == 0) return;
        address actor = actorAt(actorSeed);
        uint256 id = _pick(campaignSeed);
        uint256 tokenIndex = tokenIndexOf[id];
        uint256 before = _balance(tokenIndex, actor);
        VM.prank(actor);
        try escrow.refund(id) {
            uint256 got = _balance(tokenIndex, actor) - before;
            ghostRefunded[tokenIndex] += got;
            receivedBack[actor][tokenIndex] += got;
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
        currentTime += bound(seconds_, 0, 12 days);
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
