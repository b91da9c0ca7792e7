// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPledgeEscrow} from "../../contracts/interfaces/IPledgeEscrow.sol";
import {IRequestBoard} from "../../contracts/interfaces/IRequestBoard.sol";
import {BaseTest} from "./BaseTest.sol";

/// @title RequestsFuzzTest
/// @notice The feature request rules of issue 14 for random inputs: the expiry bounds (`InvalidExpiry` with the exact
/// bounds), the acceptance notice (`InvalidDeadline` with the exact earliest deadline, for any last call, the default
/// and the 7-day cap included), the fee of an accepted request (the lower of the one recorded at opening and the one in
/// force at acceptance, for any schedule of fee announcements), and refunds after a decline or an expiry (exactly each
/// backer's pledge, for random pledges and withdrawals, once, and nothing left in the escrow).
contract RequestsFuzzTest is BaseTest {
    uint256 internal constant MIN_LIFETIME = 7 days;
    uint256 internal constant MAX_LIFETIME = 365 days;
    uint256 internal constant NOTICE = 7 days;
    uint256 internal constant FEE_DELAY = 7 days;
    uint256 internal constant BACKERS = 3;
    uint256 internal constant STEPS = 10;

    /// @notice The escrow's request functions, at its own address.
    IRequestBoard internal board;

    /// @notice The base deployment, and the request ABI bound to the escrow.
    function setUp() public override {
        super.setUp();
        board = IRequestBoard(address(escrow));
    }

    /// @notice Any expiry: accepted exactly from now + 7 days to now + 365 days (both included, at any time), with the
    /// record's deadline the expiry and its state Requested; refused otherwise with `InvalidExpiry(expiry, earliest,
    /// latest)`. A quarter of the runs try the four boundary seconds.
    function testFuzzExpiryBounds(uint256 elapsedSeed, uint256 expirySeed) public {
        VM.warp(START + bound(elapsedSeed, 0, 5 * 365 days));
        uint256 earliest = block.timestamp + MIN_LIFETIME;
        uint256 latest = block.timestamp + MAX_LIFETIME;
        uint256 expiry;
        uint256 kind = expirySeed % 8;
        if (kind == 0) expiry = earliest - 1;
        else if (kind == 1) expiry = earliest;
        else if (kind == 2) expiry = latest;
        else if (kind == 3) expiry = latest + 1;
        else expiry = bound(expirySeed >> 3, 0, latest + 400 days);
        bool valid = expiry >= earliest && expiry <= latest;
        if (!valid) {
            VM.expectRevert(abi.encodeWithSelector(IPledgeEscrow.InvalidExpiry.selector, expiry, earliest, latest));
        }
        uint256 id = board.openRequest(PROJECT_ID, address(0), expiry, SPEC_URI, SPEC_HASH);
        if (!valid) return;
        IPledgeEscrow.CampaignView memory c = escrow.getCampaign(id);
        assertEq(c.deadline, expiry, "request deadline != expiry");
        assertEq(c.goal, 0, "request goal");
        _assertState(id, IPledgeEscrow.State.Requested, "opened request");
        VM.warp(expiry);
        _assertState(id, IPledgeEscrow.State.Requested, "request at its expiry");
        VM.warp(expiry + 1);
        _assertState(id, IPledgeEscrow.State.Expired, "request after its expiry");
    }

    /// @notice For any last call (none: the default 2 days; 1 to 7 days; above 7 days, which counts as 7 here and is
    /// then refused by the campaign rules) at any second of a request's life, an acceptance is refused with
    /// `InvalidDeadline(deadline, now + 7 days + 2 x last call, now + 365 days)` exactly when the deadline is before
    /// that earliest one (one second before it included), and goes through at it or later, keeping the pledges.
    function testFuzzAcceptanceNotice(uint256 lastCallSeed, uint256 deadlineSeed, uint256 elapsedSeed) public {
        uint256 expiry = START + 60 days;
        uint256 id = board.openRequest(PROJECT_ID, address(0), expiry, SPEC_URI, SPEC_HASH);
        _pledgeEth(ALICE, id, 1 ether);
        VM.warp(bound(elapsedSeed, START, expiry));
        uint256 lastCallKind = lastCallSeed % 4;
        uint256 lastCall;
        if (lastCallKind == 1 || lastCallKind == 2) lastCall = bound(lastCallSeed >> 2, 24, 168) * 1 hours;
        else if (lastCallKind == 3) lastCall = bound(lastCallSeed >> 2, 169, 400) * 1 hours;
        uint256 counted = lastCall == 0 ? DEFAULT_LAST_CALL : _min(lastCall, 7 days);
        uint256 earliest = block.timestamp + NOTICE + 2 * counted;
        uint256 latest = block.timestamp + 365 days;

        IPledgeEscrow.MilestonePlan memory none;
        IPledgeEscrow.CampaignTerms memory terms = _terms(address(0), 1 ether, earliest - 1, lastCall);
        VM.prank(MAINTAINER);
        VM.expectRevert(abi.encodeWithSelector(IPledgeEscrow.InvalidDeadline.selector, earliest - 1, earliest, latest));
        board.acceptRequest(id, terms, none);

        terms.deadline = bound(deadlineSeed, block.timestamp, earliest + 200 days);
        if (terms.deadline < earliest) {
            VM.expectRevert(
                abi.encodeWithSelector(IPledgeEscrow.InvalidDeadline.selector, terms.deadline, earliest, latest)
            );
        } else if (lastCall > 7 days) {
            VM.expectRevert(
                abi.encodeWithSelector(IPledgeEscrow.InvalidLastCall.selector, lastCall, 1 days, 7 days)
            );
        }
        VM.prank(MAINTAINER);
        board.acceptRequest(id, terms, none);
        if (terms.deadline < earliest || lastCall > 7 days) return;
        _assertState(id, IPledgeEscrow.State.Funding, "accepted request");
        IPledgeEscrow.CampaignView memory c = escrow.getCampaign(id);
        assertEq(c.deadline, terms.deadline, "accepted deadline");
        assertEq(c.pledged, 1 ether, "accepted request lost pledges");
        assertEq(c.goalReachedAt, block.timestamp, "pledges at the goal: reached at the acceptance");
        assertEq(escrow.pledgeOf(id, ALICE), 1 ether, "backer's pledge after acceptance");
    }

    /// @notice For any schedule of up to four fee announcements at random times (each replacing the one pending, in
    /// force 7 days after it), a request opened at a random step records the fee in force then, and its acceptance
    /// at a random later time records the lower of that and the fee in force at acceptance.
    function testFuzzAcceptedFeeIsTheLowerOfRecordedAndInForce(
        uint256[4] memory fees,
        uint256[4] memory gaps,
        uint256 openStep,
        uint256 acceptGap
    ) public {
        uint256 current = 0; // `_initialFeeBps()`
        uint256 pending;
        uint256 pendingFrom;
        uint256 id;
        uint256 recorded;
        openStep = bound(openStep, 0, 4);
        for (uint256 step = 0; step <= 4; ++step) {
            if (step == openStep) {
                recorded = _feeInForce(current, pending, pendingFrom);
                assertEq(escrow.feeBps(), recorded, "fee in force != schedule");
                id = board.openRequest(PROJECT_ID, address(0), block.timestamp + MAX_LIFETIME, SPEC_URI, SPEC_HASH);
                assertEq(escrow.getCampaign(id).feeBps, recorded, "request: fee recorded at opening");
            }
            if (step == 4) break;
            VM.warp(block.timestamp + bound(gaps[step], 0, 20 days));
            current = _feeInForce(current, pending, pendingFrom);
            pending = bound(fees[step], 0, 500);
            pendingFrom = block.timestamp + FEE_DELAY;
            escrow.setFee(uint16(pending));
        }
        VM.warp(block.timestamp + bound(acceptGap, 0, 20 days));
        uint256 inForce = _feeInForce(current, pending, pendingFrom);
        assertEq(escrow.feeBps(), inForce, "fee in force at acceptance != schedule");
        IPledgeEscrow.MilestonePlan memory none;
        VM.prank(MAINTAINER);
        board.acceptRequest(id, _terms(address(0), 1 ether, block.timestamp + 30 days, 0), none);
        assertEq(escrow.getCampaign(id).feeBps, _min(recorded, inForce), "accepted fee != min(recorded, in force)");
    }

    /// @notice Three backers pledge and withdraw at random (ETH or the ERC-20), now and then the token leaves the
    /// allowlist (the request can then not be accepted: `TokenNotAllowed`, but its backers still withdraw); then the
    /// request is declined or expires. Pledges and withdrawals are refused from then on with `UnexpectedState(..,
    /// Declined|Expired, Requested)`; each backer's refund pays exactly what they have in, once (`NothingToRefund` for
    /// one with nothing in, and for a second refund); the escrow holds nothing for it at the end.
    function testFuzzRefundAfterDeclineOrExpiryPaysEachPledge(
        uint256[STEPS] memory actions,
        uint256 endSeed,
        bool inToken
    ) public {
        uint256 expiry = START + 7 days + bound(endSeed >> 8, 0, 30 days);
        uint256 id = board.openRequest(PROJECT_ID, inToken ? address(token) : address(0), expiry, SPEC_URI, SPEC_HASH);
        (uint256[BACKERS] memory pledged, uint256 total) = _pledgeAndWithdraw(id, expiry, actions, inToken);

        IPledgeEscrow.State ended;
        if (endSeed % 2 == 0) {
            VM.prank(MAINTAINER);
            board.declineRequest(id, "ipfs://not-planned");
            ended = IPledgeEscrow.State.Declined;
        } else {
            VM.warp(expiry + 1 + bound(endSeed >> 64, 0, 400 days));
            ended = IPledgeEscrow.State.Expired;
        }
        _assertState(id, ended, "request ended");
        _assertClosed(id, ended, inToken);

        for (uint256 b = 0; b < BACKERS; ++b) {
            address backer = _backer(b);
            if (pledged[b] != 0) {
                uint256 before = _balanceOf(backer, inToken);
                _refund(backer, id);
                assertEq(_balanceOf(backer, inToken) - before, pledged[b], "refund != the whole pledge");
            }
            VM.expectRevert(abi.encodeWithSelector(IPledgeEscrow.NothingToRefund.selector, id, backer));
            _refund(backer, id);
        }
        assertEq(_balanceOf(address(escrow), inToken), 0, "escrow kept some of the request's money");
        assertEq(escrow.getCampaign(id).pledged, total, "refunds changed the request's recorded total");
    }

    /// @notice Random pledges and withdrawals of three backers until the expiry (see the test above), the record's
    /// total checked against their sum at each step; returns each backer's pledge and the total.
    function _pledgeAndWithdraw(uint256 id, uint256 expiry, uint256[STEPS] memory actions, bool inToken)
        internal
        returns (uint256[BACKERS] memory pledged, uint256 total)
    {
        bool delisted;
        for (uint256 step = 0; step < STEPS; ++step) {
            uint256 action = actions[step];
            VM.warp(bound(action >> 128, block.timestamp, expiry));
            uint256 b = action % BACKERS;
            address backer = _backer(b);
            if ((action >> 8) % 3 != 0 || pledged[b] == 0) {
                uint256 amount = bound(action >> 16, 1, 1e24);
                if (inToken) _pledgeToken(backer, id, amount);
                else _pledgeEth(backer, id, amount);
                pledged[b] += amount;
                total += amount;
            } else {
                uint256 amount = bound(action >> 16, 1, pledged[b]);
                uint256 before = _balanceOf(backer, inToken);
                _withdraw(backer, id, amount);
                assertEq(_balanceOf(backer, inToken) - before, amount, "request withdrawal paid");
                pledged[b] -= amount;
                total -= amount;
            }
            assertEq(escrow.getCampaign(id).pledged, total, "request total != sum of pledges");
            if (inToken && !delisted && (action >> 100) % 7 == 0) {
                delisted = true;
                _delistAndFailAcceptance(id);
            }
        }
    }

    /// @notice The token leaves the allowlist: the request can no longer be accepted (`TokenNotAllowed`).
    function _delistAndFailAcceptance(uint256 id) internal {
        escrow.setTokenAllowed(address(token), false);
        IPledgeEscrow.MilestonePlan memory none;
        VM.prank(MAINTAINER);
        VM.expectRevert(abi.encodeWithSelector(IPledgeEscrow.TokenNotAllowed.selector, address(token)));
        board.acceptRequest(id, _terms(address(token), 1, block.timestamp + 30 days, 0), none);
    }

    /// @notice After a decline or an expiry: pledges and withdrawals are refused naming the state and Requested.
    function _assertClosed(uint256 id, IPledgeEscrow.State ended, bool inToken) internal {
        bytes memory refusal = _unexpectedState(id, ended, bytes32(uint256(1) << uint8(IPledgeEscrow.State.Requested)));
        VM.deal(ATTACKER, 1);
        VM.prank(ATTACKER);
        VM.expectRevert(refusal);
        if (inToken) escrow.pledgeToken(id, 1);
        else escrow.pledge{value: 1}(id);
        VM.prank(ATTACKER);
        VM.expectRevert(refusal);
        escrow.withdrawPledge(id, 1);
    }

    /// @notice The fee in force now under a schedule: `current`, or `pending` from `pendingFrom` on.
    function _feeInForce(uint256 current, uint256 pending, uint256 pendingFrom) internal view returns (uint256) {
        return pendingFrom != 0 && block.timestamp >= pendingFrom ? pending : current;
    }

    /// @notice Backer `index` of three.
    function _backer(uint256 index) internal pure returns (address) {
        return index == 0 ? ALICE : index == 1 ? BOB : CAROL;
    }

    /// @notice An account's ETH or test token balance.
    function _balanceOf(address account, bool inToken) internal view returns (uint256) {
        return inToken ? token.balanceOf(account) : account.balance;
    }
}
