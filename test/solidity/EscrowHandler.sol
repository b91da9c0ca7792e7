// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PledgeEscrow} from "../../contracts/PledgeEscrow.sol";
import {IPledgeEscrow} from "../../contracts/interfaces/IPledgeEscrow.sol";
import {IProjectRegistry} from "../../contracts/interfaces/IProjectRegistry.sol";
import {IProtocolFees} from "../../contracts/interfaces/IProtocolFees.sol";
import {IRequestBoard} from "../../contracts/interfaces/IRequestBoard.sol";
import {TestToken} from "../../contracts/test/TestToken.sol";
import {ExpectedStates} from "./BaseTest.sol";
import {BonusModel} from "./BonusModel.sol";
import {EscrowModel} from "./EscrowModel.sol";
import {RequestModel} from "./RequestModel.sol";
import {SharesModel} from "./SharesModel.sol";
import {TestBase} from "./Vm.sol";

/// @title EscrowHandler
/// @notice Drives the escrow through random sequences of open (with and without milestones, random last call and
/// claim window, tiny goals) / pledge (tiny ones, exact crossings, late ones) / withdraw / cancel / claim / refund /
/// submit / object / settle / fee change / fee withdrawal / stray tokens sent and recovered, at random times and at
/// the boundary seconds of each campaign (weight cutoff, last call, goal lock, latest crossing D0 + L, latest
/// deadline, deadline, claim window, review end, due date). Refund bonus: deposits (ETH and the ERC-20, by the
/// maintainer, two sponsors and the backers themselves; every refusal: wrong token, zero, wrong ETH value, over the
/// cap, after the deadline or the cancellation), at random times and at the boundary seconds, pledges and withdrawals
/// on campaigns with a bonus, refunds that carry a share, and the depositors' reclaims. Builder and dependency shares:
/// new versions of dependency lists (project 1's, whose campaigns freeze them, and the dependency projects', which
/// must not cascade; valid ones, removals, and every refusal), openings with random builder shares (none, tiny, any,
/// the largest the list leaves, one above it), nominations (by the maintainer, the builder handing on, strangers; a
/// maintainer replacing an accepted builder must fail), acceptances (taking what waited), claims that credit the
/// shares, releases of waiting shares (time jumps to the window's end), builders' withdrawals (to random addresses,
/// protocol contracts and zero refused) and projects' withdrawals (by their maintainers, to the payout at that time).
/// Feature requests: openings by anyone (of project 1, other projects, unknown ones; every token, one not allowed;
/// expiries at and around both bounds, and far outside; empty specs), pledges, withdrawals, refunds and claims (the
/// same actions, a quarter of the time on a request), acceptances (valid terms at the earliest deadline and later,
/// with and without milestones; notice violations, mismatches, strangers), declines (strangers, empty reasons), time
/// past an expiry, and cancellations and bonus deposits tried on requests; each checked against `RequestModel`, and an
/// accepted request handed to `EscrowModel` with the pledges it had.
/// It keeps ghost ledgers of every wei that moved, measured by balance changes, and checks every call's outcome
/// (success, or the exact error, and what it paid) against `EscrowModel`, `BonusModel` and `SharesModel`, the rules
/// written as models.
/// @dev The invariant runner ignores reverting handler calls (`failOnRevert: false`), so the handler never asserts by
/// reverting: a disagreement is recorded in `violations` / `firstViolation`, which an invariant checks after every
/// call.
contract EscrowHandler is TestBase {
    uint256 internal constant ACTORS = 4;
    /// @notice Token index 0 is ETH, 1 is the ERC-20.
    uint256 internal constant TOKENS = 2;
    uint256 internal constant BPS = 10_000;
    /// @notice Who deposits bonuses: the maintainer, two sponsors, and the four backers.
    uint256 internal constant DEPOSITORS = 7;
    address internal constant SPONSOR_A = address(0xD0001);
    address internal constant SPONSOR_B = address(0xD0002);

    /// @notice Revert data of a probe whose withdrawal went through (and was rolled back by this very revert).
    error ProbeSucceeded();

    /// @notice `probeWithdraw` is for the handler's own use.
    error OnlySelf();

    /// @notice The escrow under test.
    PledgeEscrow public immutable escrow;
    /// @notice The ERC-20 campaigns may use (token index 1).
    TestToken public immutable token;
    /// @notice A token no campaign uses, sent to the escrow by mistake.
    TestToken public immutable stray;
    /// @notice The rules, written as a model, every call is checked against.
    EscrowModel public immutable model;
    /// @notice The refund bonus rules, written as a model.
    BonusModel public immutable bonus;
    /// @notice The builder and dependency share rules, written as a model.
    SharesModel public immutable shares;
    /// @notice The feature request rules, written as a model, which also lists the requests the handler opened.
    RequestModel public immutable requests;
    /// @notice The maintainer of project 1, who opens, cancels, claims and submits.
    address public immutable maintainer;
    /// @notice Project 1's payout address.
    address public immutable payout;
    /// @notice Where fee withdrawals go.
    address public immutable feeRecipient;
    /// @notice The protocol owner, who sets fees and recovers stray tokens.
    address public immutable owner;

    /// @notice The handler's clock: time only moves forward, whatever the fuzzer's block time.
    uint256 public currentTime;
    uint256[] internal _campaigns;
    /// @notice Token index of each campaign (0: ETH, 1: the ERC-20).
    mapping(uint256 campaignId => uint256) public tokenIndexOf;

    /// @notice What pledges brought in, per token (this ledger and the next ones are measured by balance changes).
    mapping(uint256 tokenIndex => uint256) public ghostPledged;
    /// @notice What withdrawals while funding took out.
    mapping(uint256 tokenIndex => uint256) public ghostWithdrawn;
    /// @notice What refunds paid.
    mapping(uint256 tokenIndex => uint256) public ghostRefunded;
    /// @notice What claims paid to the payout address (fees excluded).
    mapping(uint256 tokenIndex => uint256) public ghostClaimed;
    /// @notice What fee withdrawals paid to the fee recipient.
    mapping(uint256 tokenIndex => uint256) public ghostFeesWithdrawn;
    /// @notice Sent to the escrow outside any pledge, and taken out by `recoverStrayToken` (index 2: the stray token).
    mapping(uint256 tokenIndex => uint256) public ghostDonated;
    /// @notice What `recoverStrayToken` returned.
    mapping(uint256 tokenIndex => uint256) public ghostRecovered;
    /// @notice Whether a campaign was ever opened in the ERC-20: from then on the escrow owes its balance.
    bool public tokenUsed;
    /// @notice What each actor pledged in all, per token.
    mapping(address actor => mapping(uint256 tokenIndex => uint256)) public paidIn;
    /// @notice What each actor got back in all (withdrawals and refunds), per token.
    mapping(address actor => mapping(uint256 tokenIndex => uint256)) public receivedBack;
    /// @notice Successful claims of each campaign.
    mapping(uint256 campaignId => uint256) public claimsOf;
    /// @notice Whether each campaign was opened with a milestone plan.
    mapping(uint256 campaignId => bool) public hasMilestones;
    /// @notice What came into each campaign.
    mapping(uint256 campaignId => uint256) public ghostCampaignIn;
    /// @notice What left each campaign: withdrawals, refunds and claims with their fees.
    mapping(uint256 campaignId => uint256) public ghostCampaignOut;
    /// @notice What each campaign paid out through claims, fees included.
    mapping(uint256 campaignId => uint256) public ghostClaimedGross;
    /// @notice What each campaign paid back through refunds.
    mapping(uint256 campaignId => uint256) public ghostRefundedFrom;
    /// @notice What each actor pledged to each campaign.
    mapping(uint256 campaignId => mapping(address actor => uint256)) public paidInto;
    /// @notice What each actor got back from each campaign.
    mapping(uint256 campaignId => mapping(address actor => uint256)) public receivedFrom;
    /// @notice Whether any refund of each campaign went through.
    mapping(uint256 campaignId => bool) public refundedFrom;
    /// @notice Successful refunds of each actor from each campaign.
    mapping(uint256 campaignId => mapping(address actor => uint256)) public refundsOf;
    /// @notice What moved of the refund bonus, per token (`bonusByToken`) and per campaign (`bonusOf`), measured by
    /// balance changes.
    struct BonusLedger {
        uint256 deposited;
        uint256 paid; // shares paid with refunds: what a refund paid above its pledge part
        uint256 reclaimed; // paid back to depositors
        uint256 refunds; // refunds made once the bonus went to backers (each may leave less than a wei of dust)
    }

    mapping(uint256 tokenIndex => BonusLedger) internal _bonusByToken;
    mapping(uint256 campaignId => BonusLedger) internal _bonusOf;
    /// @notice Successful reclaims of each depositor from each campaign.
    mapping(uint256 campaignId => mapping(address depositor => uint256)) public reclaimsOf;
    /// @notice What claims and share withdrawals moved, per token (`sharesByToken`), measured by balance changes and
    /// the escrow's views.
    struct SharesLedger {
        // Gross amount released (fee and shares included): the whole total of a campaign without milestones, what the
        // escrow's books add to the claimed amount of one with milestones.
        uint256 grossReleased;
        uint256 feesAccrued; // added to the accrued fees by claims
        uint256 credited; // builder credits, waiting shares and dependency credits, by the escrow's views
        uint256 withdrawn; // paid by builders' and projects' withdrawals, by the recipients' balances
    }

    mapping(uint256 tokenIndex => SharesLedger) internal _sharesByToken;
    /// @notice How often each interesting path was taken (successes and expected refusals alike).
    mapping(bytes32 action => uint256) public successes;

    /// @notice Number of disagreements between the escrow and the rules; the first one's description.
    uint256 public violations;
    /// @notice The first disagreement, with its campaign and second.
    string public firstViolation;

    /// @notice Wires the handler to the deployment the invariant test built.
    constructor(
        PledgeEscrow escrow_,
        TestToken token_,
        TestToken stray_,
        EscrowModel model_,
        BonusModel bonus_,
        SharesModel shares_,
        RequestModel requests_,
        address maintainer_,
        address payout_,
        address feeRecipient_,
        address owner_
    ) {
        escrow = escrow_;
        token = token_;
        stray = stray_;
        model = model_;
        bonus = bonus_;
        shares = shares_;
        requests = requests_;
        maintainer = maintainer_;
        payout = payout_;
        feeRecipient = feeRecipient_;
        owner = owner_;
        currentTime = block.timestamp;
    }

    modifier atCurrentTime() {
        VM.warp(currentTime);
        _;
    }

    // ------------------------------------------------------------------ opening

    /// @notice Opens a campaign without milestones: random goal (tiny ones too), last call, claim window, duration;
    /// half of the time the maintainer deposits a bonus at once, before any pledge.
    function openCampaign(uint256 tokenSeed, uint256 goal, uint256 duration, uint256 termsSeed)
        external
        atCurrentTime
    {
        _openCampaign(tokenSeed, goal, duration, termsSeed);
    }

    /// @notice See `openCampaign`; returns the new campaign (zero if refused).
    function _openCampaign(uint256 tokenSeed, uint256 goal, uint256 duration, uint256 termsSeed)
        internal
        returns (uint256 opened)
    {
        IPledgeEscrow.CampaignTerms memory terms = _randomTerms(tokenSeed, goal, duration, termsSeed, 100 ether);
        uint256 fee = model.fee();
        bytes memory expected = shares.expectedOpening(terms.builderShareBps);
        VM.prank(maintainer);
        try escrow.openCampaign(terms) returns (uint256 id) {
            _check(0, true, "", expected, "open");
            _register(id, terms, false, fee);
            ++successes["open"];
            if ((tokenSeed >> 128) % 2 == 0) _depositAtOpening(id, tokenSeed >> 129);
            opened = id;
        } catch (bytes memory reason) {
            _checkRefusedOpening(reason, expected, "open");
        }
    }

    /// @notice Opens a campaign with 1 to 3 milestones, random shares (initial share of 90% or more a quarter of the
    /// time, so pro-rata refunds of tiny pledges round to zero), the first due date from the earliest second the
    /// rules allow (latest deadline + review window + 1) on, random review window and threshold; half of the time the
    /// maintainer deposits a bonus at once.
    function openMilestoneCampaign(
        uint256 tokenSeed,
        uint256 goal,
        uint256 duration,
        uint256 termsSeed,
        uint256 planSeed
    ) external atCurrentTime {
        IPledgeEscrow.CampaignTerms memory terms = _randomTerms(tokenSeed, goal, duration, termsSeed, 20 ether);
        uint256 lastCall = terms.lastCall == 0 ? 2 days : terms.lastCall;
        IPledgeEscrow.MilestonePlan memory plan = _randomPlan(terms.deadline + 2 * lastCall, planSeed);
        uint256 fee = model.fee();
        bytes memory expected = shares.expectedOpening(terms.builderShareBps);
        VM.prank(maintainer);
        try escrow.openCampaignWithMilestones(terms, plan) returns (uint256 id) {
            _check(0, true, "", expected, "openWithMilestones");
            _register(id, terms, true, fee);
            ++successes["openMilestones"];
            if ((tokenSeed >> 128) % 2 == 0) _depositAtOpening(id, tokenSeed >> 129);
        } catch (bytes memory reason) {
            _checkRefusedOpening(reason, expected, "openWithMilestones");
        }
    }

    // ------------------------------------------------------------------ pledges and withdrawals

    /// @notice A pledge of a random kind: tiny (1-3 wei), exactly what reaches the goal, one wei short of it, or any.
    function pledge(uint256 actorSeed, uint256 campaignSeed, uint256 amount) external atCurrentTime {
        if (_toRequest(campaignSeed)) {
            uint256 requestId = _pickRequest(campaignSeed);
            if (!requests.isAccepted(requestId)) _pledgeRequest(actorAt(actorSeed), requestId, _requestAmount(amount));
            else _pledge(actorAt(actorSeed), requestId, _pledgeAmount(requestId, amount));
            return;
        }
        if (_campaigns.length == 0) return;
        uint256 id = _pick(campaignSeed);
        _pledge(actorAt(actorSeed), id, _pledgeAmount(id, amount));
    }

    /// @notice A withdrawal of a random kind: the whole pledge, what the goal lock leaves available, part of it,
    /// more than the pledge, or nothing.
    function withdrawPledge(uint256 actorSeed, uint256 campaignSeed, uint256 amount) external atCurrentTime {
        if (_toRequest(campaignSeed)) {
            uint256 requestId = _pickRequest(campaignSeed);
            address backer = _backerOf(requestId, actorSeed);
            if (!requests.isAccepted(requestId)) {
                _withdrawRequest(backer, requestId, _requestWithdrawAmount(requestId, backer, amount));
            } else {
                _withdraw(backer, requestId, _withdrawAmount(requestId, backer, amount));
            }
            return;
        }
        if (_campaigns.length == 0) return;
        uint256 id = _pick(campaignSeed);
        address actor = _backerOf(id, actorSeed);
        _withdraw(actor, id, _withdrawAmount(id, actor, amount));
    }

    /// @notice The shill loop: one actor reaches the goal exactly at a second of the current last call (its last
    /// second, or around D0 + L, the last second a crossing is accepted, or any), waits at most a last call and
    /// leaves in full (which the rules must allow, moving the deadline for whoever would fill the gap), so the
    /// campaign is below its goal again with a crossing on record. Repeated, it extends the deadline round after
    /// round until crossings are refused.
    function crossThenLeave(uint256 actorSeed, uint256 campaignSeed, uint256 delay) external atCurrentTime {
        if (_campaigns.length == 0) return;
        uint256 id = _pick(campaignSeed);
        EscrowModel.Terms memory t = model.termsOf(id);
        EscrowModel.Model memory m = model.modelOf(id);
        if (model.state(id) != IPledgeEscrow.State.Funding || m.pledged >= t.goal) return;
        uint256 mode = (delay >> 64) % 3;
        uint256 crossAt = mode == 0
            ? m.deadline // the last second: extends the most
            : mode == 1
                ? t.planned + t.lastCall - 1 + ((delay >> 66) % 3)
                : m.deadline - t.lastCall + bound(delay >> 66, 1, t.lastCall);
        if (crossAt > currentTime && crossAt <= m.deadline) _advance(crossAt - currentTime);
        address actor = actorAt(actorSeed);
        if (!_pledge(actor, id, t.goal - m.pledged)) return;
        _advance(bound(delay, 0, t.lastCall));
        _withdraw(actor, id, model.pledgeOf(id, actor));
    }

    /// @notice Probes the honest window and the goal lock of every campaign at the current second (see
    /// `_probeHonestWindows`).
    function probeHonestWindows() external atCurrentTime {
        _probeHonestWindows();
    }

    /// @notice Pranks `actor` into withdrawing `amount`, then reverts whatever happened: the state is left as it
    /// was, and the revert data says whether the withdrawal went through (`ProbeSucceeded`) or why it did not.
    function probeWithdraw(uint256 id, address actor, uint256 amount) external {
        if (msg.sender != address(this)) revert OnlySelf();
        VM.prank(actor);
        escrow.withdrawPledge(id, amount);
        revert ProbeSucceeded();
    }

    // ------------------------------------------------------------------ maintainers

    /// @notice A cancellation as the maintainer: accepted exactly while the campaign funds.
    function cancelCampaign(uint256 campaignSeed) external atCurrentTime {
        if (_campaigns.length == 0) return;
        uint256 id = _pick(campaignSeed);
        IPledgeEscrow.State state = model.state(id);
        bytes memory expected;
        if (state != IPledgeEscrow.State.Funding) {
            expected = ExpectedStates.revertData(id, state, ExpectedStates.FUNDING);
        }
        VM.prank(maintainer);
        try escrow.cancelCampaign(id) {
            _check(id, true, "", expected, "cancel");
            model.bookCancel(id);
            bonus.bookCancel(id);
            ++successes["cancel"];
            if (bonus.poolOf(id).start != 0) ++successes["cancelWithBonus"];
        } catch (bytes memory reason) {
            _check(id, false, reason, expected, "cancel");
        }
        _observe(id);
        _observeBonus(id);
    }

    /// @notice A claim at the current second; without milestones, it must succeed exactly from D + 1 to D + C.
    function claim(uint256 campaignSeed) external atCurrentTime {
        if (_toRequest(campaignSeed)) {
            uint256 requestId = _pickRequest(campaignSeed);
            if (!requests.isAccepted(requestId)) _claimRequest(requestId);
            else _claim(requestId);
            return;
        }
        if (_campaigns.length == 0) return;
        _claim(_pick(campaignSeed));
    }

    /// @notice A submission, half of the time objected to at once by a backer with weight.
    function submitMilestone(uint256 campaignSeed) external atCurrentTime {
        if (_campaigns.length == 0) return;
        uint256 id = _pickMilestoneCampaign(campaignSeed, false);
        if (_submit(id) && campaignSeed % 2 == 0) _object(id, _weightedBackerOf(id, campaignSeed >> 1));
    }

    /// @notice Records whatever time decided about a milestone, when there is something to record.
    function settleMilestone(uint256 campaignSeed) external atCurrentTime {
        if (_campaigns.length == 0) return;
        try escrow.settleMilestone(_pick(campaignSeed)) {
            ++successes["settle"];
        } catch {}
    }

    // ------------------------------------------------------------------ backers after the deadline

    /// @notice An objection from any actor (late backers too): refused with `NoStake` exactly when the actor has no
    /// weight, and adding exactly the actor's weight otherwise.
    function objectMilestone(uint256 actorSeed, uint256 campaignSeed) external atCurrentTime {
        if (_campaigns.length == 0) return;
        uint256 id = _pickMilestoneCampaign(campaignSeed, true);
        address actor = actorSeed % 3 == 0 ? actorAt(actorSeed) : _weightedBackerOf(id, actorSeed);
        if (hasMilestones[id]) _object(id, actor);
    }

    /// @notice Withdraws an objection, preferably of an actor who objects.
    function withdrawObjection(uint256 actorSeed, uint256 campaignSeed) external atCurrentTime {
        if (_campaigns.length == 0) return;
        uint256 id = _pickMilestoneCampaign(campaignSeed, true);
        address actor = _weightedBackerOf(id, actorSeed);
        for (uint256 i = 0; i < ACTORS; ++i) {
            if (escrow.isObjecting(id, actorAt(actorSeed + i))) actor = actorAt(actorSeed + i);
        }
        VM.prank(actor);
        try escrow.withdrawObjection(id) {
            ++successes["unobject"];
        } catch {}
    }

    /// @notice A refund: in full (exactly the pledge) when Failed, Cancelled or Lapsed; pledge x unreleased / total
    /// after a rejection; refused with the exact error otherwise.
    function refund(uint256 actorSeed, uint256 campaignSeed) external atCurrentTime {
        if (_toRequest(campaignSeed)) {
            uint256 requestId = _pickRequest(campaignSeed);
            if (!requests.isAccepted(requestId)) _refundRequest(_backerOf(requestId, actorSeed), requestId);
            else _refund(_backerOf(requestId, actorSeed), requestId);
            return;
        }
        if (_campaigns.length == 0) return;
        uint256 id = _pick(campaignSeed);
        _refund(_backerOf(id, actorSeed), id);
    }

    // ------------------------------------------------------------------ protocol

    /// @notice Sends the accrued fees of a token to the fee recipient.
    function withdrawFees(uint256 tokenSeed) external atCurrentTime {
        uint256 tokenIndex = tokenSeed % TOKENS;
        uint256 before = _balance(tokenIndex, feeRecipient);
        try escrow.withdrawFees(_tokenAddress(tokenIndex)) {
            ghostFeesWithdrawn[tokenIndex] += _balance(tokenIndex, feeRecipient) - before;
            ++successes["fees"];
        } catch {}
    }

    /// @notice Announces a fee (sometimes above the cap, which must be refused, sometimes the cap itself); campaigns
    /// opened from seven days on record it, the ones opened before keep theirs.
    function setFee(uint256 feeSeed) external atCurrentTime {
        // One time in eight the largest fee: with the largest builder share, a claim's parts then take all of it.
        uint256 newFee = feeSeed % 8 == 0
            ? bound(feeSeed >> 8, 501, 2_000)
            : feeSeed % 8 == 1 ? 500 : bound(feeSeed >> 8, 0, 500);
        bytes memory expected;
        if (newFee > 500) expected = abi.encodeWithSelector(IProtocolFees.FeeTooHigh.selector, newFee, 500);
        VM.prank(owner);
        try escrow.setFee(uint16(newFee)) {
            _check(0, true, "", expected, "setFee");
            model.bookFee(newFee);
            ++successes["setFee"];
        } catch (bytes memory reason) {
            _check(0, false, reason, expected, "setFee");
        }
        if (escrow.feeBps() != model.fee()) _violate("feeBps() != announced schedule", 0);
    }

    /// @notice Sends tokens to the escrow outside any pledge: the campaign ERC-20 (before or after a campaign uses it)
    /// or a token no campaign uses.
    function donate(uint256 which, uint256 amount) external atCurrentTime {
        amount = bound(amount, 1, 10 ether);
        uint256 tokenIndex = which % 2 == 0 ? 1 : 2;
        (tokenIndex == 1 ? token : stray).mint(address(escrow), amount);
        ghostDonated[tokenIndex] += amount;
        ++successes["donate"];
    }

    /// @notice The owner recovers a token's whole balance: refused with `TokenInUse` for ETH and for a token any
    /// campaign was opened with (the escrow owes its balance), with `NothingToRecover` when there is none.
    function recoverStrayToken(uint256 which) external atCurrentTime {
        uint256 tokenIndex = which % 3;
        address tokenAddress_ = tokenIndex == 2 ? address(stray) : _tokenAddress(tokenIndex);
        uint256 held = _balance(tokenIndex, address(escrow));
        bytes memory expected;
        if (tokenIndex == 0 || (tokenIndex == 1 && tokenUsed)) {
            expected = abi.encodeWithSelector(IProtocolFees.TokenInUse.selector, tokenAddress_);
        } else if (held == 0) {
            expected = abi.encodeWithSelector(IProtocolFees.NothingToRecover.selector, tokenAddress_);
        }
        uint256 before = _balance(tokenIndex, owner);
        VM.prank(owner);
        try escrow.recoverStrayToken(tokenAddress_, owner) {
            _check(0, true, "", expected, "recoverStrayToken");
            uint256 got = _balance(tokenIndex, owner) - before;
            if (got != held || _balance(tokenIndex, address(escrow)) != 0) _violate("recovered != whole balance", 0);
            ghostRecovered[tokenIndex] += got;
            ++successes["recover"];
        } catch (bytes memory reason) {
            _check(0, false, reason, expected, "recoverStrayToken");
        }
    }

    // ------------------------------------------------------------------ refund bonus

    /// @notice A bonus deposit of a random kind by the maintainer, a sponsor or a backer (see `_deposit`), three
    /// times out of four into a campaign that funds and has room under its cap, else into any.
    function depositBonus(uint256 depositorSeed, uint256 campaignSeed, uint256 amountSeed) external atCurrentTime {
        if (_campaigns.length == 0) return;
        uint256 id = _pick(campaignSeed);
        if ((campaignSeed >> 128) % 4 != 0) {
            for (uint256 i = 0; i < _campaigns.length; ++i) {
                uint256 candidate = _campaigns[(campaignSeed + i) % _campaigns.length];
                if (model.state(candidate) == IPledgeEscrow.State.Funding
                        && bonus.poolOf(candidate).pot < bonus.cap(candidate)) {
                    id = candidate;
                    break;
                }
            }
        }
        _deposit(depositorAt(depositorSeed), id, amountSeed);
    }

    /// @notice Jumps to a boundary second of one campaign (as `warpToMoment`: the deadline, twice as likely, the
    /// start of the last call, any second of it, the end of the claim window) and deposits there: a first deposit at
    /// the deadline second starts a bonus period of zero length, one second later it is refused.
    function depositAtMoment(uint256 campaignSeed, uint256 moment, uint256 jitter, uint256 amountSeed) external {
        uint8[5] memory kinds = [6, 6, 1, 10, 7];
        uint256 id = _warpToMoment(campaignSeed, kinds[moment % 5] + 11 * (moment >> 8), jitter);
        if (id != 0) _deposit(depositorAt(amountSeed >> 128), id, amountSeed);
    }

    /// @notice A pledge (at most an eighth of the goal, or of a random kind, see `_pledgeAmount`) to a campaign that
    /// funds with a bonus: when there is
    /// none, one is opened (a campaign without milestones, in either token, whose maintainer deposits at once). The
    /// credit start of the backer moves to the pledge-weighted mean.
    function pledgeWithBonus(uint256 actorSeed, uint256 campaignSeed, uint256 amount) external atCurrentTime {
        uint256 id = _pickFundingWithBonus(campaignSeed);
        if (id == 0 || bonus.poolOf(id).start == 0 || model.state(id) != IPledgeEscrow.State.Funding) {
            // Bit 128 of the token seed clear: the maintainer deposits at opening. No tiny goals: they take no bonus.
            uint256 seed = uint256(keccak256(abi.encode(campaignSeed, amount)));
            id = _openCampaign(seed & ~(uint256(1) << 128), (seed % 3) + 1 + (amount << 2), seed >> 64, seed >> 128);
            if (id == 0) return;
        }
        // Three times out of four at most an eighth of the goal, so that most campaigns with a bonus fail and pay it.
        uint256 goal = model.termsOf(id).goal;
        uint256 pledged = amount % 4 != 0 ? bound(amount >> 2, 1, goal / 8 + 1) : _pledgeAmount(id, amount >> 2);
        _pledge(actorAt(actorSeed), id, pledged);
    }

    /// @notice A withdrawal (of a random kind, see `_withdrawAmount`) from a campaign that funds with a bonus, when
    /// there is one: the credit of what remains restarts.
    function withdrawWithBonus(uint256 actorSeed, uint256 campaignSeed, uint256 amount) external atCurrentTime {
        uint256 id = _pickFundingWithBonus(campaignSeed);
        if (id == 0) return;
        address actor = _backerOf(id, actorSeed);
        _withdraw(actor, id, _withdrawAmount(id, actor, amount));
    }

    /// @notice A reclaim, preferably by a depositor who has a deposit in the campaign.
    function reclaimBonus(uint256 depositorSeed, uint256 campaignSeed) external atCurrentTime {
        if (_campaigns.length == 0) return;
        uint256 id = _pick(campaignSeed);
        address depositor = depositorAt(depositorSeed);
        for (uint256 i = 0; i < DEPOSITORS; ++i) {
            address candidate = depositorAt(depositorSeed + i);
            if (bonus.depositOf(id, candidate) != 0) {
                depositor = candidate;
                break;
            }
        }
        _reclaim(depositor, id);
    }

    /// @notice Takes a campaign with a bonus through to its end and pays out everything it still holds for it: from
    /// `campaignSeed` on, the first campaign with a bonus and a pledge or a deposit left; while it funds, time jumps
    /// past its deadline; a success without milestones is then claimed (one time in four) or left to lapse; then
    /// every backer's refund and every depositor's reclaim, refunds first or reclaims first. So the end state of a
    /// bonus (only dust left) is reached and checked in most runs.
    function settleBonus(uint256 campaignSeed, uint256 orderSeed) external atCurrentTime {
        for (uint256 i = 0; i < _campaigns.length; ++i) {
            uint256 id = _campaigns[(campaignSeed + i) % _campaigns.length];
            if (bonus.poolOf(id).start == 0 || !_bonusLeft(id)) continue;
            EscrowModel.Model memory m = model.modelOf(id);
            if (model.state(id) == IPledgeEscrow.State.Funding) _advance(m.deadline + 1 - currentTime);
            if (model.state(id) == IPledgeEscrow.State.Succeeded && !hasMilestones[id]) {
                if ((orderSeed >> 1) % 4 == 0) _claim(id);
                else _advance(m.deadline + model.termsOf(id).claimWindow + 1 - currentTime);
            }
            if (orderSeed % 2 == 0) {
                _refundAll(id);
                _reclaimAll(id);
            } else {
                _reclaimAll(id);
                _refundAll(id);
            }
            ++successes["settleBonus"];
            return;
        }
    }

    // ------------------------------------------------------------------ builder and dependency shares

    /// @notice A new version of a dependency list (see `_randomDependencies`): three times in four project 1's, whose
    /// campaigns freeze it, else a dependency project's (its own list must not cascade); by the owner, or now and then
    /// by its second maintainer or a stranger (`NotProjectOwner`). Checked against the model to the exact error, then
    /// the registry's record of the current version and of a random earlier one (versions never change).
    function setDependencies(uint256 projectSeed, uint256 listSeed, uint256 callerSeed) external atCurrentTime {
        uint256 projectId = projectSeed % 4 == 0 ? 2 + (projectSeed >> 2) % (shares.PROJECTS() - 1) : 1;
        address caller = shares.ownerOf(projectId);
        uint256 callerKind = callerSeed % 16;
        if (callerKind == 0) caller = shares.secondMaintainerOf(projectId);
        else if (callerKind == 1) caller = actorAt(callerSeed >> 4);
        _declareDependencies(projectId, caller, _randomDependencies(projectId, listSeed));
        uint256 earlier = bound(listSeed >> 200, 0, shares.versionOf(projectId));
        _observeDependencies(projectId, shares.versionOf(projectId));
        _observeDependencies(projectId, earlier);
    }

    /// @notice A new version of a dependency list by `caller`, checked against the model to the exact error and
    /// booked.
    function _declareDependencies(uint256 projectId, address caller, IProjectRegistry.Dependency[] memory list)
        internal
    {
        bytes memory expected = shares.expectedSetDependencies(projectId, caller, list);
        IProjectRegistry registry = shares.registry();
        VM.prank(caller);
        try registry.setDependencies(projectId, list) returns (uint256 version) {
            _check(0, true, "", expected, "setDependencies");
            uint256 booked = shares.bookDependencies(projectId, list);
            if (version != booked) _violate("setDependencies: version != last + 1", 0);
            ++successes["setDependencies"];
            if (list.length == 0) ++successes["dependenciesRemoved"];
            if (list.length > 5) ++successes["dependenciesPastOneWord"];
        } catch (bytes memory reason) {
            _check(0, false, reason, expected, "setDependencies");
            ++successes["setDependenciesRefused"];
        }
    }

    /// @notice Takes a campaign with shares through to a claim, so that most runs claim some: from `campaignSeed` on,
    /// the first campaign with shares that funds or succeeded, else a new one (with a builder share, and half of the
    /// time a new dependency list of project 1 first when it has none). While it funds, a backer fills it to its goal
    /// and time jumps past its deadline; the owner nominates a builder who accepts before the claim, or after it
    /// (taking the share that waited), or nobody accepts (the share waits); then half of the time the builder
    /// withdraws their credit (to a random address) and the second maintainer of the first dependency the project's.
    function claimWithShares(uint256 campaignSeed, uint256 flowSeed) external atCurrentTime {
        uint256 id = _pickSplitToClaim(campaignSeed);
        if (id == 0) id = _openSplitCampaign(campaignSeed, flowSeed);
        if (id == 0) return;
        if (model.state(id) == IPledgeEscrow.State.Funding) {
            EscrowModel.Model memory m = model.modelOf(id);
            uint256 goal = model.termsOf(id).goal;
            if (m.pledged < goal) _pledge(actorAt(flowSeed), id, goal - m.pledged);
            _advance(model.modelOf(id).deadline + 1 - currentTime);
        }
        uint256 flow = (flowSeed >> 8) % 3;
        if (flow == 0) _nominateAndAccept(id, flowSeed >> 10);
        _claim(id);
        ++successes["claimWithShares"];
        if (flow == 1) _nominateAndAccept(id, flowSeed >> 10);
        if ((flowSeed >> 16) % 2 != 0) return;
        SharesModel.Split memory split = shares.splitOf(id);
        if (split.builder != address(0)) {
            _withdrawBuilderShares(split.builder, split.tokenIndex, _shareRecipient(split.builder, flowSeed >> 20));
        }
        IProjectRegistry.Dependency[] memory list = shares.listOf(1, split.dependencyVersion);
        if (list.length != 0) {
            uint256 dependencyId = list[0].projectId;
            _withdrawProjectShares(dependencyId, shares.secondMaintainerOf(dependencyId), split.tokenIndex);
        }
    }

    /// @notice The owner nominates a would-be builder, who accepts, on a campaign with a builder share and none yet.
    function _nominateAndAccept(uint256 id, uint256 seed) internal {
        SharesModel.Split memory split = shares.splitOf(id);
        if (split.builderShareBps == 0 || split.builder != address(0)) return;
        address nominee = shares.builderAt(seed);
        _nominate(id, maintainer, nominee);
        _accept(id, nominee);
    }

    /// @notice From `seed` on, the first campaign with shares that funds or succeeded (zero when there is none).
    function _pickSplitToClaim(uint256 seed) internal view returns (uint256) {
        for (uint256 i = 0; i < _campaigns.length; ++i) {
            uint256 id = _campaigns[(seed + i) % _campaigns.length];
            SharesModel.Split memory split = shares.splitOf(id);
            if (split.builderShareBps == 0 && split.dependencyShareBps == 0) continue;
            IPledgeEscrow.State state = hasMilestones[id] ? escrow.campaignState(id) : model.state(id);
            if (state == IPledgeEscrow.State.Funding || state == IPledgeEscrow.State.Succeeded) return id;
        }
        return 0;
    }

    /// @notice Opens a campaign without milestones with a builder share (any, up to the largest; possibly none when
    /// project 1 has dependencies), half of the time after a new valid dependency list of project 1 when it has none.
    function _openSplitCampaign(uint256 seed, uint256 flowSeed) internal returns (uint256 id) {
        if (shares.totalOf(1, shares.versionOf(1)) == 0 && flowSeed % 2 == 0) {
            // Kinds 7 to 9 of `_randomDependencies`: the 50% total, tiny shares, any valid list.
            uint256 listSeed = uint256(keccak256(abi.encode(seed, flowSeed)));
            _declareDependencies(1, maintainer, _randomDependencies(1, (listSeed & ~uint256(15)) | (7 + listSeed % 3)));
        }
        IPledgeEscrow.CampaignTerms memory terms = _randomTerms(seed, seed >> 64, seed >> 128, seed >> 192, 100 ether);
        uint256 most = shares.maxBuilderShare();
        terms.builderShareBps = bound(flowSeed >> 32, shares.totalOf(1, shares.versionOf(1)) == 0 ? 1 : 0, most);
        uint256 fee = model.fee();
        VM.prank(maintainer);
        try escrow.openCampaign(terms) returns (uint256 opened) {
            _register(opened, terms, false, fee);
            ++successes["open"];
            id = opened;
        } catch {
            _violate("open refused valid terms with shares", 0);
        }
    }

    /// @notice A nomination, seven times in eight on a campaign with a builder share: by the project's owner (the
    /// maintainer, three times in eight), by its second maintainer (`NotProjectOwner` before anyone accepted), by the
    /// builder handing the role on, by a would-be builder or a stranger; once a builder accepted, the owner and the
    /// second maintainer try to replace them, which must fail (`NotBuilder`). The nominee is a would-be builder, or
    /// zero (clears).
    function nominateBuilder(uint256 campaignSeed, uint256 callerSeed, uint256 nomineeSeed) external atCurrentTime {
        if (_campaigns.length == 0) return;
        uint256 id = campaignSeed % 8 == 0 ? _pick(campaignSeed >> 3) : _pickWithBuilderShare(campaignSeed >> 3);
        address builder = shares.splitOf(id).builder;
        uint256 kind = callerSeed % 8;
        address caller = maintainer;
        if (kind == 3) caller = shares.secondMaintainerOf(1);
        else if (kind == 4 || kind == 5) caller = builder != address(0) ? builder : maintainer;
        else if (kind == 6) caller = shares.builderAt(callerSeed >> 3);
        else if (kind == 7) caller = actorAt(callerSeed >> 3);
        _nominate(id, caller, nomineeSeed % 8 == 0 ? address(0) : shares.builderAt(nomineeSeed >> 3));
    }

    /// @notice A nomination by `caller`, checked against the model to the exact error and booked.
    function _nominate(uint256 id, address caller, address nominee) internal {
        address builder = shares.splitOf(id).builder;
        bytes memory expected = shares.expectedNominate(id, caller);
        VM.prank(caller);
        try escrow.nominateBuilder(id, nominee) {
            _check(id, true, "", expected, "nominateBuilder");
            shares.bookNominate(id, nominee);
            ++successes[builder == address(0) ? bytes32("nominate") : bytes32("builderHandsOn")];
            if (nominee == address(0)) ++successes["nominationCleared"];
        } catch (bytes memory reason) {
            _check(id, false, reason, expected, "nominateBuilder");
            if (bytes4(reason) == IPledgeEscrow.NotBuilder.selector && shares.isMaintainer(1, caller)) {
                ++successes["maintainerCannotReplaceBuilder"];
            }
            if (bytes4(reason) == IPledgeEscrow.NotProjectOwner.selector && caller != maintainer) {
                ++successes["nominateNotOwner"];
            }
        }
        _observeSplit(id);
    }

    /// @notice An acceptance, on a campaign with a nominee when there is one: three times in four by the nominee
    /// (who becomes the builder and takes what waited), else by a would-be builder (`NotNominee` unless it is the
    /// nominee).
    function acceptBuilder(uint256 campaignSeed, uint256 callerSeed) external atCurrentTime {
        if (_campaigns.length == 0) return;
        uint256 id = _pick(campaignSeed);
        for (uint256 i = 0; i < _campaigns.length; ++i) {
            uint256 candidate = _campaigns[(campaignSeed + i) % _campaigns.length];
            if (shares.splitOf(candidate).nominee != address(0)) {
                id = candidate;
                break;
            }
        }
        address nominee = shares.splitOf(id).nominee;
        _accept(id, callerSeed % 4 != 0 && nominee != address(0) ? nominee : shares.builderAt(callerSeed >> 2));
    }

    /// @notice An acceptance by `caller`, checked against the model to the exact error (and what it took) and
    /// booked.
    function _accept(uint256 id, address caller) internal {
        SharesModel.Split memory split = shares.splitOf(id);
        address tokenAddress_ = _tokenAddress(split.tokenIndex);
        bytes memory expected = shares.expectedAccept(id, caller);
        uint256 before = escrow.builderSharesOf(caller, tokenAddress_);
        VM.prank(caller);
        try escrow.acceptBuilder(id) {
            _check(id, true, "", expected, "acceptBuilder");
            uint256 taken = shares.bookAccept(id, caller);
            if (escrow.builderSharesOf(caller, tokenAddress_) - before != taken) {
                _violate("acceptBuilder: credited != what waited", id);
            }
            ++successes[split.builder == address(0) ? bytes32("accept") : bytes32("acceptHandedOn")];
            if (taken != 0) ++successes["acceptTookWaiting"];
        } catch (bytes memory reason) {
            _check(id, false, reason, expected, "acceptBuilder");
        }
        _observeSplit(id);
        _observeCredits();
    }

    /// @notice A release of a waiting builder share by anyone, on a campaign where one waits when there is one: one
    /// time in four at the current second, else after a jump (time only moves forward) to the last second the share
    /// still waits (refused), to the first second it may be released, or up to 30 days later; after a release, half
    /// of the time a maintainer of project 1 withdraws the project's credit.
    function releaseWaitingBuilderShare(uint256 campaignSeed, uint256 timing, uint256 callerSeed) external {
        if (_campaigns.length == 0) return;
        uint256 id = _pick(campaignSeed);
        for (uint256 i = 0; i < _campaigns.length; ++i) {
            uint256 candidate = _campaigns[(campaignSeed + i) % _campaigns.length];
            if (shares.splitOf(candidate).waiting != 0) {
                id = candidate;
                break;
            }
        }
        uint256 at = shares.releasableAt(id);
        uint256 kind = timing % 4;
        if (at != 0 && kind != 0) {
            uint256 target = kind == 1 ? at - 1 : kind == 2 ? at : at + bound(timing >> 2, 1, 30 days);
            if (target > currentTime) currentTime = target;
        }
        VM.warp(currentTime);
        SharesModel.Split memory split = shares.splitOf(id);
        address tokenAddress_ = _tokenAddress(split.tokenIndex);
        bytes memory expected = shares.expectedRelease(id);
        uint256 before = escrow.projectSharesOf(1, tokenAddress_);
        VM.prank(actorAt(callerSeed));
        try escrow.releaseWaitingBuilderShare(id) {
            _check(id, true, "", expected, "releaseWaitingBuilderShare");
            uint256 released = shares.bookRelease(id);
            if (escrow.projectSharesOf(1, tokenAddress_) - before != released) {
                _violate("release: project credited != what waited", id);
            }
            ++successes["releaseWaiting"];
            if (block.timestamp == at) ++successes["releaseAtFirstSecond"];
            if (timing % 2 == 0) _withdrawProjectShares(1, shares.secondMaintainerOf(1), split.tokenIndex);
        } catch (bytes memory reason) {
            _check(id, false, reason, expected, "releaseWaitingBuilderShare");
            if (bytes4(reason) == IPledgeEscrow.BuilderShareStillWaiting.selector) ++successes["releaseTooEarly"];
        }
        _observeSplit(id);
        _observeCredits();
    }

    /// @notice A builder's withdrawal of one token, three times in four by a builder with a credit in it when there is
    /// one, to a random address (see `_shareRecipient`): exactly the whole credit, once.
    function withdrawBuilderShares(uint256 builderSeed, uint256 tokenSeed, uint256 toSeed) external atCurrentTime {
        uint256 tokenIndex = tokenSeed % TOKENS;
        address builder = shares.builderAt(builderSeed);
        if (builderSeed % 4 != 0) {
            for (uint256 i = 0; i < shares.BUILDERS(); ++i) {
                address candidate = shares.builderAt(builderSeed + i);
                if (shares.builderCredit(candidate, tokenIndex) != 0) {
                    builder = candidate;
                    break;
                }
            }
        }
        _withdrawBuilderShares(builder, tokenIndex, _shareRecipient(builder, toSeed));
    }

    /// @notice A builder's withdrawal to `to`, checked against the model (to the exact error, and what `to` received)
    /// and booked.
    function _withdrawBuilderShares(address builder, uint256 tokenIndex, address to) internal {
        (bytes memory expected, uint256 amount) = shares.expectedBuilderWithdrawal(builder, tokenIndex, to);
        uint256 before = _balance(tokenIndex, to);
        VM.prank(builder);
        try escrow.withdrawBuilderShares(_tokenAddress(tokenIndex), to) {
            _check(0, true, "", expected, "withdrawBuilderShares");
            uint256 got = _balance(tokenIndex, to) - before;
            if (got != amount) _violate("withdrawBuilderShares: paid != the builder's whole credit", 0);
            shares.bookBuilderWithdrawal(builder, tokenIndex, got);
            _sharesByToken[tokenIndex].withdrawn += got;
            ++successes["withdrawBuilderShares"];
            if (to != builder) ++successes["withdrawBuilderSharesElsewhere"];
        } catch (bytes memory reason) {
            _check(0, false, reason, expected, "withdrawBuilderShares");
            if (bytes4(reason) == IPledgeEscrow.InvalidPayout.selector) ++successes["withdrawToProtocolRefused"];
        }
        _observeCredits();
    }

    /// @notice A project's withdrawal of one token, three times in four of a project with a credit in it when there is
    /// one (project 8 is unknown); one time in four its owner first moves its payout address (now and then to a
    /// protocol contract, which withdrawals must refuse); by its owner, its second maintainer or a stranger. The payout
    /// address at that time receives exactly the whole credit.
    function withdrawProjectShares(uint256 projectSeed, uint256 tokenSeed, uint256 callerSeed) external atCurrentTime {
        uint256 tokenIndex = tokenSeed % TOKENS;
        uint256 projectCount = shares.PROJECTS();
        uint256 projectId = 1 + projectSeed % (projectCount + 1);
        if (projectSeed % 4 != 0) {
            for (uint256 i = 0; i < projectCount; ++i) {
                uint256 candidate = 1 + (projectSeed + i) % projectCount;
                if (shares.projectCredit(candidate, tokenIndex) != 0) {
                    projectId = candidate;
                    break;
                }
            }
        }
        if (projectId != 1 && projectId <= projectCount && (tokenSeed >> 8) % 4 == 0) {
            _movePayout(projectId, tokenSeed >> 10);
        }
        uint256 kind = callerSeed % 8;
        address caller = kind < 4
            ? shares.ownerOf(projectId)
            : kind < 6 ? shares.secondMaintainerOf(projectId) : actorAt(callerSeed >> 3);
        _withdrawProjectShares(projectId, caller, tokenIndex);
    }

    /// @notice A project's withdrawal by `caller`, checked against the model (to the exact error, and what its payout
    /// address at this time received) and booked.
    function _withdrawProjectShares(uint256 projectId, address caller, uint256 tokenIndex) internal {
        (bytes memory expected, uint256 amount, address to) =
            shares.expectedProjectWithdrawal(projectId, caller, tokenIndex);
        uint256 before = _balance(tokenIndex, to);
        VM.prank(caller);
        try escrow.withdrawProjectShares(projectId, _tokenAddress(tokenIndex)) {
            _check(0, true, "", expected, "withdrawProjectShares");
            uint256 got = _balance(tokenIndex, to) - before;
            if (got != amount) _violate("withdrawProjectShares: payout received != the project's whole credit", 0);
            shares.bookProjectWithdrawal(projectId, tokenIndex, got);
            _sharesByToken[tokenIndex].withdrawn += got;
            ++successes[projectId == 1 ? bytes32("withdrawReleasedShares") : bytes32("withdrawDependencyShares")];
            if (caller != shares.ownerOf(projectId)) ++successes["projectSharesBySecondMaintainer"];
            if (to != shares.payoutAt(projectId, 0) && projectId != 1) ++successes["withdrawProjectSharesMovedPayout"];
        } catch (bytes memory reason) {
            _check(0, false, reason, expected, "withdrawProjectShares");
            if (bytes4(reason) == IPledgeEscrow.InvalidPayout.selector) ++successes["projectPayoutProtocolRefused"];
        }
        _observeCredits();
    }

    // ------------------------------------------------------------------ feature requests

    /// @notice Opens a request as a random actor: mostly of project 1, else of a dependency project or of an unknown
    /// one; in ETH, the ERC-20 or a token not allowlisted; with an expiry from the earliest to the latest second the
    /// rules allow (exactly those two a quarter of the time), one second outside either, or far outside; now and then
    /// with an empty spec. Checked against the model to the exact error; a request opened is checked against its
    /// record (state, goal zero, expiry as deadline, the fee in force, project and token).
    function openRequest(uint256 openerSeed, uint256 projectSeed, uint256 tokenSeed, uint256 expirySeed)
        external
        atCurrentTime
    {
        uint256 projectKind = projectSeed % 8;
        uint256 projectId = projectKind < 5 ? 1 : projectKind < 7 ? 2 + (projectSeed >> 3) % 6 : 8;
        uint256 tokenIndex = tokenSeed % 8 == 0 ? 2 : tokenSeed % 2;
        address tokenAddress_ = tokenIndex == 2 ? address(stray) : _tokenAddress(tokenIndex);
        uint256 expiry = _requestExpiry(expirySeed);
        string memory specURI = (tokenSeed >> 8) % 16 == 0 ? "" : ((tokenSeed >> 12) % 2 == 0 ? "spec" : "issue-7");
        bytes32 specHash = bytes32(tokenSeed >> 16 & 0xff);
        bytes memory expected =
            requests.expectedOpen(projectId, tokenAddress_, tokenIndex != 2, expiry, bytes(specURI));
        uint256 fee = model.fee();
        VM.prank(actorAt(openerSeed));
        try IRequestBoard(address(escrow)).openRequest(projectId, tokenAddress_, expiry, specURI, specHash) returns (
            uint256 id
        ) {
            _check(id, true, "", expected, "openRequest");
            if (id != escrow.campaignCount()) _violate("openRequest: id != the shared campaign counter", id);
                        tokenIndexOf[id] = tokenIndex;
            if (tokenIndex == 1) tokenUsed = true;
            requests.bookOpen(id, projectId, tokenIndex, tokenAddress_, expiry, fee, specURI, specHash);
            _observeRequest(id);
            ++successes["openRequest"];
            if (projectId != 1) ++successes["openRequestOtherProject"];
        } catch (bytes memory reason) {
            _check(0, false, reason, expected, "openRequest");
            if (bytes4(reason) == IPledgeEscrow.InvalidExpiry.selector) ++successes["openRequestInvalidExpiry"];
        }
    }

    /// @notice An acceptance of a request (an open one from `requestSeed` on, when there is one) with random terms
    /// (see `_acceptanceTerms`): valid ones (deadline exactly the earliest a quarter of the time; half of the time a
    /// milestone plan), or a notice violation (a deadline before the earliest), a mismatch of project, token, spec URI
    /// or hash, a stranger or the second maintainer as caller. Checked against the model to the exact error; an
    /// accepted request keeps exactly its pledges and becomes a campaign the campaign model takes over.
    function acceptRequest(uint256 requestSeed, uint256 termsSeed, uint256 kindSeed, uint256 planSeed)
        external
        atCurrentTime
    {
        if (requests.count() == 0) return;
        uint256 id = _pickOpenRequest(requestSeed);
        RequestModel.Request memory r = requests.requestOf(id);
        (IPledgeEscrow.CampaignTerms memory terms, address caller) = _acceptanceTerms(r, termsSeed, kindSeed);
        IPledgeEscrow.MilestonePlan memory plan;
        uint256 lastCall = terms.lastCall == 0 ? 2 days : terms.lastCall;
        bool milestones = planSeed % 2 == 0;
        if (milestones) plan = _randomPlan(terms.deadline + 2 * lastCall, planSeed >> 1);
        bytes memory expected = requests.isAccepted(id)
            ? _acceptedRefusal(id)
            : requests.expectedAccept(id, caller, terms, shares.expectedOpening(terms.builderShareBps));
        uint256 fee = requests.acceptanceFee(id, model.fee());
        VM.prank(caller);
        try IRequestBoard(address(escrow)).acceptRequest(id, terms, plan) {
            _check(id, true, "", expected, "acceptRequest");
            _bookAcceptance(id, terms, milestones, fee);
        } catch (bytes memory reason) {
            _check(id, false, reason, expected, "acceptRequest");
            if (bytes4(reason) == IPledgeEscrow.InvalidDeadline.selector) ++successes["acceptNoticeTooShort"];
            if (bytes4(reason) == IPledgeEscrow.RequestTermsMismatch.selector) ++successes["acceptMismatch"];
            if (bytes4(reason) == IPledgeEscrow.NotProjectMaintainer.selector) ++successes["acceptNotMaintainer"];
            _observeRequest(id);
        }
    }

    /// @notice A decline of a request (an open one from `requestSeed` on, when there is one) by a maintainer of its
    /// project, now and then a stranger or with an empty reason.
    function declineRequest(uint256 requestSeed, uint256 callerSeed) external atCurrentTime {
        if (requests.count() == 0) return;
        uint256 id = _pickOpenRequest(requestSeed);
        uint256 projectId = requests.requestOf(id).projectId;
        uint256 kind = callerSeed % 8;
        address caller = kind == 0
            ? actorAt(callerSeed >> 3)
            : kind < 4 ? shares.secondMaintainerOf(projectId) : shares.ownerOf(projectId);
        bool emptyReason = (callerSeed >> 8) % 8 == 0;
        bytes memory expected =
            requests.isAccepted(id) ? _acceptedRefusal(id) : requests.expectedDecline(id, caller, emptyReason);
        VM.prank(caller);
        try IRequestBoard(address(escrow)).declineRequest(id, emptyReason ? "" : "not planned") {
            _check(id, true, "", expected, "declineRequest");
            requests.bookDecline(id);
            ++successes["declineRequest"];
        } catch (bytes memory reason) {
            _check(id, false, reason, expected, "declineRequest");
        }
        _observeRequest(id);
    }

    /// @notice Time passes up to a request's expiry: its last second, the first second after it, or up to 3 days
    /// later; then, half of the time, every backer of the request asks for a refund.
    function passRequestExpiry(uint256 requestSeed, uint256 jitter) external {
        if (requests.count() == 0) return;
        uint256 id = _pickOpenRequest(requestSeed);
        uint256 expiry = requests.requestOf(id).expiry;
        uint256 kind = jitter % 3;
        uint256 target = kind == 0 ? expiry : kind == 1 ? expiry + 1 : expiry + bound(jitter >> 2, 2, 3 days);
        if (target > currentTime) currentTime = target;
        VM.warp(currentTime);
        if (requests.isAccepted(id)) return;
        if ((jitter >> 1) % 2 == 0) {
            for (uint256 a = 0; a < ACTORS; ++a) {
                if (requests.pledgeOf(id, actorAt(a)) != 0) _refundRequest(actorAt(a), id);
            }
        }
        _observeRequest(id);
    }

    /// @notice What a request refuses whatever its state: a claim, a cancellation (by project 1's maintainer) and a
    /// bonus deposit; each to the exact error, and a claim of a request never goes through.
    function touchRequest(uint256 requestSeed, uint256 kind) external atCurrentTime {
        if (requests.count() == 0) return;
        uint256 id = requests.idAt(requestSeed % requests.count());
        if (requests.isAccepted(id)) return;
        uint256 which = kind % 3;
        if (which == 0) {
            _claimRequest(id);
            return;
        }
        bytes memory expected =
            which == 1 ? requests.expectedCancel(id, maintainer) : requests.expectedDeposit(id);
        address tokenAddress_ = _tokenAddress(tokenIndexOf[id]);
        uint256 value = tokenAddress_ == address(0) ? 1 ether : 0;
        VM.deal(maintainer, maintainer.balance + value);
        VM.prank(maintainer);
        if (which == 1) {
            try escrow.cancelCampaign(id) {
                _check(id, true, "", expected, "cancelRequest");
            } catch (bytes memory reason) {
                _check(id, false, reason, expected, "cancelRequest");
            }
        } else {
            try escrow.depositBonus{value: value}(id, tokenAddress_, 1 ether) {
                _check(id, true, "", expected, "depositBonusRequest");
            } catch (bytes memory reason) {
                _check(id, false, reason, expected, "depositBonusRequest");
            }
        }
        ++successes["touchRequest"];
        _observeRequest(id);
    }

    /// @notice Whether an action seed sends the action to a request: a quarter of the time when there is one, always
    /// when there is no campaign.
    function _toRequest(uint256 seed) internal view returns (bool) {
        if (requests.count() == 0) return false;
        return _campaigns.length == 0 || (seed >> 248) % 4 == 0;
    }

    /// @notice A request from a seed (accepted ones included).
    function _pickRequest(uint256 seed) internal view returns (uint256) {
        return requests.idAt(seed % requests.count());
    }

    /// @notice From `seed` on, the first request that is open (any request when none is).
    function _pickOpenRequest(uint256 seed) internal view returns (uint256) {
        for (uint256 i = 0; i < requests.count(); ++i) {
            uint256 id = requests.idAt((seed + i) % requests.count());
            if (!requests.isAccepted(id) && requests.state(id) == IPledgeEscrow.State.Requested) return id;
        }
        return _pickRequest(seed);
    }

    /// @notice An expiry of a random kind: the earliest or the latest second allowed, one second before or after
    /// them, any second between, or far outside.
    function _requestExpiry(uint256 seed) internal view returns (uint256) {
        uint256 earliest = currentTime + 7 days;
        uint256 latest = currentTime + 365 days;
        uint256 kind = seed % 10;
        if (kind == 0) return earliest;
        if (kind == 1) return latest;
        if (kind == 2) return earliest - 1;
        if (kind == 3) return latest + 1;
        if (kind == 4) return bound(seed >> 4, 0, earliest - 1);
        if (kind == 5) return bound(seed >> 4, latest + 1, latest + 3650 days);
        // Mostly within a few weeks, so that time reaches the expiry in most runs.
        return bound(seed >> 4, earliest, kind == 6 ? latest : earliest + 21 days);
    }

    /// @notice Request pledges: zero (refused), tiny, or up to 10 ETH.
    function _requestAmount(uint256 seed) internal pure returns (uint256) {
        uint256 kind = seed % 8;
        if (kind == 0) return 0;
        if (kind == 1) return bound(seed >> 3, 1, 3);
        return bound(seed >> 3, 1, 10 ether);
    }

    /// @notice Request withdrawals: all, part, more than the pledge, nothing.
    function _requestWithdrawAmount(uint256 id, address actor, uint256 seed) internal view returns (uint256) {
        uint256 pledged = requests.pledgeOf(id, actor);
        uint256 kind = seed % 8;
        if (kind == 0) return 0;
        if (kind == 1) return pledged + 1 + bound(seed >> 3, 0, 5);
        if (pledged == 0) return bound(seed >> 3, 1, 3);
        if (kind <= 4) return pledged;
        return bound(seed >> 3, 1, pledged);
    }

    /// @notice Terms of an acceptance and who sends it (see `acceptRequest`). A request of another project than 1 is
    /// never accepted (the campaign paths serve project 1): it is tried by project 1's maintainer, or by its own owner
    /// with project 1 in the terms.
    function _acceptanceTerms(RequestModel.Request memory r, uint256 termsSeed, uint256 kindSeed)
        internal
        view
        returns (IPledgeEscrow.CampaignTerms memory terms, address caller)
    {
        terms = _randomTerms(r.tokenIndex, termsSeed, termsSeed >> 64, termsSeed >> 128, 100 ether);
        terms.projectId = r.projectId;
        terms.token = r.token;
        terms.specURI = r.specURI;
        terms.specHash = r.specHash;
        uint256 earliest = requests.earliestDeadline(terms.lastCall);
        uint256 kind = kindSeed % 12;
        terms.deadline = (kindSeed >> 8) % 4 == 0 ? earliest : earliest + bound(kindSeed >> 10, 1, 30 days);
        caller = maintainer;
        if (kind == 0) {
            terms.deadline = earliest - 1 - bound(kindSeed >> 10, 0, 3 days);
        } else if (kind == 1) {
            uint256 field = (kindSeed >> 40) % 4;
            if (field == 0) terms.projectId = r.projectId == 1 ? 2 : 1;
            else if (field == 1) terms.token = r.tokenIndex == 0 ? address(token) : address(0);
            else if (field == 2) terms.specURI = string.concat(r.specURI, "#");
            else terms.specHash = bytes32(uint256(r.specHash) + 1);
        } else if (kind == 2) {
            caller = actorAt(kindSeed >> 4);
        } else if (kind == 3) {
            caller = shares.secondMaintainerOf(1);
        }
        if (r.projectId != 1 && kind % 2 == 0) {
            caller = shares.ownerOf(r.projectId);
            terms.projectId = 1;
        }
    }

    /// @notice Books an acceptance that went through: the record keeps exactly the request's total and every
    /// backer's pledge, and the campaign model takes it over with them.
    function _bookAcceptance(uint256 id, IPledgeEscrow.CampaignTerms memory terms, bool milestones, uint256 fee)
        internal
    {
        uint256 before = requests.requestOf(id).pledged;
        uint256 onChain = escrow.getCampaign(id).pledged;
        (address[] memory backers, uint256[] memory amounts) = requests.bookAccept(id, onChain);
        if (onChain != before) _violate("acceptRequest: total != the request's", id);
        for (uint256 a = 0; a < backers.length; ++a) {
            if (escrow.pledgeOf(id, backers[a]) != amounts[a]) _violate("acceptRequest: a pledge changed", id);
        }
        if (escrow.campaignState(id) != IPledgeEscrow.State.Funding) _violate("acceptRequest: not funding", id);
        _campaigns.push(id);
        hasMilestones[id] = milestones;
        string memory problem = model.registerAccepted(id, terms, milestones, fee, backers, amounts);
        if (bytes(problem).length != 0) _violate(problem, id);
        _observe(id);
        shares.bookOpening(id, terms.builderShareBps, tokenIndexOf[id], fee);
        _observeSplit(id);
        ++successes["acceptRequest"];
        if (milestones) ++successes["acceptRequestWithMilestones"];
        if (before != 0 && before >= terms.goal) ++successes["acceptRequestGoalReached"];
        if (terms.deadline == requests.earliestDeadline(terms.lastCall)) ++successes["acceptAtEarliestDeadline"];
    }

    /// @notice A pledge to a request that is not accepted, checked against the request model and booked.
    function _pledgeRequest(address actor, uint256 id, uint256 amount) internal {
        uint256 tokenIndex = tokenIndexOf[id];
        bytes memory expected = requests.expectedPledge(id, amount);
        uint256 heldBefore = _balance(tokenIndex, address(escrow));
        bool ok;
        bytes memory reason;
        if (tokenIndex == 0) {
            VM.deal(actor, amount);
            VM.prank(actor);
            try escrow.pledge{value: amount}(id) {
                ok = true;
            } catch (bytes memory r) {
                reason = r;
            }
        } else {
            token.mint(actor, amount);
            VM.prank(actor);
            token.approve(address(escrow), amount);
            VM.prank(actor);
            try escrow.pledgeToken(id, amount) {
                ok = true;
            } catch (bytes memory r) {
                reason = r;
            }
        }
        _check(id, ok, reason, expected, "pledgeRequest");
        if (ok) {
            if (_balance(tokenIndex, address(escrow)) - heldBefore != amount) _violate("pledgeRequest: received", id);
            requests.bookPledge(id, actor, amount);
            bonus.bookPledge(id, actor, amount);
            ghostPledged[tokenIndex] += amount;
            paidIn[actor][tokenIndex] += amount;
            ghostCampaignIn[id] += amount;
            paidInto[id][actor] += amount;
            ++successes["pledgeRequest"];
        }
        _observeRequest(id);
    }

    /// @notice A withdrawal from a request that is not accepted, checked against the request model and booked.
    function _withdrawRequest(address actor, uint256 id, uint256 amount) internal {
        uint256 tokenIndex = tokenIndexOf[id];
        bytes memory expected = requests.expectedWithdrawal(id, actor, amount);
        uint256 before = _balance(tokenIndex, actor);
        VM.prank(actor);
        try escrow.withdrawPledge(id, amount) {
            _check(id, true, "", expected, "withdrawRequest");
            uint256 got = _balance(tokenIndex, actor) - before;
            if (got != amount) _violate("withdrawRequest: backer received", id);
            requests.bookWithdrawal(id, actor, amount);
            bonus.bookWithdrawal(id, actor, amount);
            ghostWithdrawn[tokenIndex] += got;
            receivedBack[actor][tokenIndex] += got;
            ghostCampaignOut[id] += got;
            receivedFrom[id][actor] += got;
            ++successes["withdrawRequest"];
        } catch (bytes memory reason) {
            _check(id, false, reason, expected, "withdrawRequest");
            if (bytes4(reason) == IPledgeEscrow.UnexpectedState.selector) ++successes["withdrawClosedRequest"];
        }
        _observeRequest(id);
    }

    /// @notice A refund of a request that is not accepted: exactly the whole pledge once declined or expired.
    function _refundRequest(address actor, uint256 id) internal {
        uint256 tokenIndex = tokenIndexOf[id];
        (bytes memory expected, uint256 payment) = requests.expectedRefund(id, actor);
        IPledgeEscrow.State state = requests.state(id);
        uint256 before = _balance(tokenIndex, actor);
        VM.prank(actor);
        try escrow.refund(id) {
            _check(id, true, "", expected, "refundRequest");
            uint256 got = _balance(tokenIndex, actor) - before;
            if (got != payment) _violate("refundRequest: not the whole pledge", id);
            requests.bookRefund(id, actor);
            ghostRefunded[tokenIndex] += got;
            receivedBack[actor][tokenIndex] += got;
            ghostCampaignOut[id] += got;
            ghostRefundedFrom[id] += got;
            receivedFrom[id][actor] += got;
            refundedFrom[id] = true;
            ++refundsOf[id][actor];
            ++successes[state == IPledgeEscrow.State.Declined ? bytes32("refundDeclined") : bytes32("refundExpired")];
        } catch (bytes memory reason) {
            _check(id, false, reason, expected, "refundRequest");
        }
        _observeRequest(id);
    }

    /// @notice A claim of a request that is not accepted, as project 1's maintainer: refused, to the exact error.
    function _claimRequest(uint256 id) internal {
        bytes memory expected = requests.expectedClaim(id, maintainer);
        VM.prank(maintainer);
        try escrow.claim(id) {
            requests.bookClaim(id);
            _check(id, true, "", expected, "claimRequest");
        } catch (bytes memory reason) {
            _check(id, false, reason, expected, "claimRequest");
            ++successes["claimRequestRefused"];
        }
        _observeRequest(id);
    }

    /// @notice The refusal of an acceptance or a decline of a request already accepted: it is no longer open.
    function _acceptedRefusal(uint256 id) internal view returns (bytes memory) {
        IPledgeEscrow.State state = hasMilestones[id] ? escrow.campaignState(id) : model.state(id);
        return ExpectedStates.revertData(id, state, ExpectedStates.REQUESTED);
    }

    /// @notice Compares a request's record with the request model.
    function _observeRequest(uint256 id) internal {
        string memory problem = requests.observe(id);
        if (bytes(problem).length != 0) _violate(problem, id);
    }

    // ------------------------------------------------------------------ time

    /// @notice Lets time pass: a few minutes to hours, or up to three days.
    function skipTime(uint256 seconds_) external {
        _advance(seconds_ % 2 == 0 ? bound(seconds_ >> 1, 0, 6 hours) : bound(seconds_ >> 1, 0, 3 days));
        _probeHonestWindows();
    }

    /// @notice Jumps to a boundary second of one campaign (half of the time exactly, else one or two seconds off):
    /// the weight cutoff, the start of the last call, the goal lock (the first second the goal has stood more than L
    /// in the last call, and the second before), the latest crossing (D0 + L), the latest deadline, the deadline, the
    /// end of the claim window, the end of the review window, the due date, or any second of the last call. Time only
    /// moves forward.
    function warpToMoment(uint256 campaignSeed, uint256 moment, uint256 jitter) external {
        _warpToMoment(campaignSeed, moment, jitter);
    }

    /// @notice Jumps to a boundary second of one campaign (as `warpToMoment`), then does there what that second
    /// decides: a pledge at the cutoff, a withdrawal in full at the start of the last call and at the goal lock, a
    /// crossing around D0 + L and in the last call, a claim then a refund at the deadline and at the end of the claim
    /// window, an objection at the end of the review, a submission at the due date.
    function actAtMoment(uint256 campaignSeed, uint256 moment, uint256 jitter, uint256 actorSeed) external {
        uint256 id = _warpToMoment(campaignSeed, moment, jitter);
        if (id == 0) return;
        uint256 kind = moment % 11;
        address backer = _backerOf(id, actorSeed);
        if (kind == 0 || kind == 5) {
            _pledge(actorAt(actorSeed), id, _pledgeAmount(id, actorSeed));
        } else if (kind >= 1 && kind <= 3) {
            _withdraw(backer, id, model.pledgeOf(id, backer));
        } else if (kind == 4 || kind == 10) {
            uint256 goal = model.termsOf(id).goal;
            uint256 pledged = model.modelOf(id).pledged;
            _pledge(actorAt(actorSeed), id, pledged < goal ? goal - pledged : 1 + (actorSeed % 3));
        } else if (kind == 6 || kind == 7) {
            _claim(id);
            _refund(backer, id);
        } else if (kind == 8) {
            if (hasMilestones[id]) _object(id, _weightedBackerOf(id, actorSeed));
        } else {
            _submit(id);
        }
    }

    // ------------------------------------------------------------------ views for the invariants

    /// @notice How many campaigns the handler opened.
    function campaignCount() external view returns (uint256) {
        return _campaigns.length;
    }

    /// @notice The id of the `index`-th campaign opened.
    function campaignAt(uint256 index) external view returns (uint256) {
        return _campaigns[index];
    }

    /// @notice The actor a seed names: one of four backers.
    function actorAt(uint256 seed) public pure returns (address) {
        return address(uint160(0xB0000 + (seed % ACTORS)));
    }

    /// @notice The depositor an index names: the maintainer, two sponsors, then the four backers.
    function depositorAt(uint256 seed) public view returns (address) {
        uint256 index = seed % DEPOSITORS;
        if (index == 0) return maintainer;
        if (index == 1) return SPONSOR_A;
        if (index == 2) return SPONSOR_B;
        return actorAt(index - 3);
    }

    /// @notice What moved of the refund bonus in a token (index 0: ETH, 1: the ERC-20).
    function bonusByToken(uint256 tokenIndex) external view returns (BonusLedger memory) {
        return _bonusByToken[tokenIndex];
    }

    /// @notice What claims and share withdrawals moved in a token (index 0: ETH, 1: the ERC-20).
    function sharesByToken(uint256 tokenIndex) external view returns (SharesLedger memory) {
        return _sharesByToken[tokenIndex];
    }

    /// @notice What moved of a campaign's refund bonus.
    function bonusOf(uint256 id) external view returns (BonusLedger memory) {
        return _bonusOf[id];
    }

    /// @notice How many accounts deposit bonuses.
    function depositorCount() external pure returns (uint256) {
        return DEPOSITORS;
    }

    /// @notice How many actors pledge.
    function actorCount() external pure returns (uint256) {
        return ACTORS;
    }

    /// @notice The token of an index (zero for ETH).
    function tokenAddress(uint256 tokenIndex) external view returns (address) {
        return _tokenAddress(tokenIndex);
    }

    /// @notice An account's balance of a token index (2: the stray token).
    function balanceOf(uint256 tokenIndex, address account) external view returns (uint256) {
        return _balance(tokenIndex, account);
    }

    // ------------------------------------------------------------------ actions, checked against the model

    /// @notice A pledge in the campaign's token, checked against the model and booked in the ghost ledgers.
    function _pledge(address actor, uint256 id, uint256 amount) internal returns (bool ok) {
        uint256 tokenIndex = tokenIndexOf[id];
        bytes memory expected = model.expectedPledge(id, amount);
        uint256 heldBefore = _balance(tokenIndex, address(escrow));
        bytes memory reason;
        if (tokenIndex == 0) {
            VM.deal(actor, amount);
            VM.prank(actor);
            try escrow.pledge{value: amount}(id) {
                ok = true;
            } catch (bytes memory r) {
                reason = r;
            }
        } else {
            token.mint(actor, amount);
            VM.prank(actor);
            token.approve(address(escrow), amount);
            VM.prank(actor);
            try escrow.pledgeToken(id, amount) {
                ok = true;
            } catch (bytes memory r) {
                reason = r;
            }
        }
        _check(id, ok, reason, expected, "pledge");
        if (!ok) {
            if (bytes4(reason) == IPledgeEscrow.GoalReachedTooLate.selector) ++successes["crossingTooLate"];
            _observe(id);
            return false;
        }
        if (_balance(tokenIndex, address(escrow)) - heldBefore != amount) _violate("pledge: escrow received", id);
        bytes32 path = model.bookPledge(id, actor, amount);
        if (path != "") ++successes[path];
        bonus.bookPledge(id, actor, amount);
        ghostPledged[tokenIndex] += amount;
        paidIn[actor][tokenIndex] += amount;
        ghostCampaignIn[id] += amount;
        paidInto[id][actor] += amount;
        ++successes["pledge"];
        if (amount <= 3) ++successes["tinyPledge"];
        _observeBacker(id, actor);
        _observe(id);
        if (bonus.poolOf(id).start != 0) {
            ++successes["pledgeWithBonus"];
            _observeBonus(id);
        }
    }

    /// @notice A withdrawal, checked against the model (the goal lock) and booked.
    function _withdraw(address actor, uint256 id, uint256 amount) internal {
        uint256 tokenIndex = tokenIndexOf[id];
        bytes memory expected = model.expectedWithdrawal(id, actor, amount);
        EscrowModel.Model memory m = model.modelOf(id);
        bool belowGoalInLastCall =
            m.pledged >= model.termsOf(id).goal && m.pledged - amount < model.termsOf(id).goal && model.inLastCall(id);
        uint256 before = _balance(tokenIndex, actor);
        VM.prank(actor);
        try escrow.withdrawPledge(id, amount) {
            _check(id, true, "", expected, "withdraw");
        } catch (bytes memory reason) {
            _check(id, false, reason, expected, "withdraw");
            if (bytes4(reason) == IPledgeEscrow.GoalLocked.selector) ++successes["goalLocked"];
            _observe(id);
            return;
        }
        uint256 got = _balance(tokenIndex, actor) - before;
        if (got != amount) _violate("withdraw: backer received", id);
        bytes32 path = model.bookWithdrawal(id, actor, amount);
        if (path != "") ++successes[path];
        bonus.bookWithdrawal(id, actor, amount);
        ghostWithdrawn[tokenIndex] += got;
        receivedBack[actor][tokenIndex] += got;
        ghostCampaignOut[id] += got;
        receivedFrom[id][actor] += got;
        ++successes["withdraw"];
        if (belowGoalInLastCall) ++successes["withdrawBelowGoalInLastCall"];
        _observeBacker(id, actor);
        _observe(id);
        if (bonus.poolOf(id).start != 0) {
            ++successes["withdrawWithBonus"];
            _observeBonus(id);
        }
    }

    /// @notice What a claim moves, read before and after it.
    struct ClaimReading {
        uint256 payoutBalance;
        uint256 fees;
        uint256 sharesOwed;
        uint256 claimedBooks;
    }

    /// @notice A claim as the maintainer: without milestones the whole total, within the claim window only. The
    /// payout receives the gross amount less the recorded fee, the builder's share and each dependency's share (each
    /// rounded down, the dust to the project); the shares are credited, not sent.
    function _claim(uint256 id) internal {
        uint256 tokenIndex = tokenIndexOf[id];
        bytes memory expected = model.expectedClaim(id);
        IPledgeEscrow.State state = model.state(id);
        ClaimReading memory before = _readClaim(id, tokenIndex);
        VM.prank(maintainer);
        try escrow.claim(id) {
            _check(id, true, "", expected, "claim");
            _bookClaim(id, tokenIndex, before);
        } catch (bytes memory reason) {
            if (!hasMilestones[id]) _check(id, false, reason, expected, "claim");
            if (state == IPledgeEscrow.State.Lapsed) ++successes["claimRefusedLapsed"];
        }
        _observe(id);
    }

    /// @notice The payout's balance, the accrued fees, what the escrow owes in shares where a claim of `id` credits
    /// them (every builder's and project's credit, the campaign's waiting share) and, with milestones, the claimed
    /// amount the escrow's books record.
    function _readClaim(uint256 id, uint256 tokenIndex) internal view returns (ClaimReading memory reading) {
        address tokenAddress_ = _tokenAddress(tokenIndex);
        reading.payoutBalance = _balance(tokenIndex, payout);
        reading.fees = escrow.accruedFees(tokenAddress_);
        reading.sharesOwed = escrow.getSplit(id).waiting;
        for (uint256 b = 0; b < shares.BUILDERS(); ++b) {
            reading.sharesOwed += escrow.builderSharesOf(shares.builderAt(b), tokenAddress_);
        }
        for (uint256 p = 1; p <= shares.PROJECTS(); ++p) {
            reading.sharesOwed += escrow.projectSharesOf(p, tokenAddress_);
        }
        if (hasMilestones[id]) reading.claimedBooks = escrow.getMilestoneProgress(id).claimed;
    }

    /// @notice Books a claim that went through and checks its split to the wei: the fee, the shares credited and what
    /// the payout received are each the model's, and add up to the gross amount released.
    function _bookClaim(uint256 id, uint256 tokenIndex, ClaimReading memory before) internal {
        ClaimReading memory afterwards = _readClaim(id, tokenIndex);
        uint256 got = afterwards.payoutBalance - before.payoutBalance;
        uint256 fee = afterwards.fees - before.fees;
        uint256 credited = afterwards.sharesOwed - before.sharesOwed;
        uint256 gross = hasMilestones[id]
            ? afterwards.claimedBooks - before.claimedBooks
            : model.modelOf(id).pledged;
        SharesModel.Split memory split = shares.splitOf(id);
        SharesModel.Parts memory parts = shares.bookClaim(id, gross);
        if (got + fee + credited != gross) _violate("claim: payout + fee + builder + dependencies != gross", id);
        if (fee != parts.fee) _violate("claim: fee is not the recorded one", id);
        if (credited != parts.builder + parts.dependencies) {
            _violate("claim: shares credited != the sum of floor(gross x share / 10,000)", id);
        }
        if (got != parts.project) _violate("claim: payout != gross - fee - builder - dependencies", id);
        EscrowModel.Terms memory t = model.termsOf(id);
        if (!t.milestones && block.timestamp == model.modelOf(id).deadline + t.claimWindow) {
            ++successes["claimAtWindowEnd"];
        }
        model.bookClaim(id);
        ghostClaimed[tokenIndex] += got;
        SharesLedger storage ledger = _sharesByToken[tokenIndex];
        ledger.feesAccrued += fee;
        ledger.credited += credited;
        ledger.grossReleased += gross;
        ghostCampaignOut[id] += gross;
        ghostClaimedGross[id] += gross;
        ++claimsOf[id];
        ++successes["claim"];
        if (parts.builder != 0) {
            ++successes[split.builder == address(0) ? bytes32("claimBuilderWaits") : bytes32("claimToBuilder")];
        }
        if (parts.dependencies != 0) ++successes["claimToDependencies"];
        if (split.dependencyShareBps != 0 && parts.dependencies == 0) ++successes["claimDependenciesRoundToZero"];
        _observeSplit(id);
        _observeCredits();
    }

    /// @notice A refund, checked against the models: the whole pledge or its pro-rata part, exactly, plus, when the
    /// bonus goes to backers (failed, cancelled, lapsed), exactly the backer's share, which the view showed before.
    function _refund(address actor, uint256 id) internal {
        uint256 tokenIndex = tokenIndexOf[id];
        (bytes memory expected, uint256 payment, IPledgeEscrow.State state) = model.expectedRefund(id, actor);
        bool toBackers = bonus.outcome(id) == BonusModel.Outcome.ToBackers;
        uint256 share = toBackers && expected.length == 0 ? bonus.shareOf(id, actor) : 0;
        if (toBackers && expected.length == 0 && escrow.getBonus(id, actor, 0).share != share) {
            _violate("refund: the view's share != the rules' share", id);
        }
        uint256 before = _balance(tokenIndex, actor);
        VM.prank(actor);
        try escrow.refund(id) {
            _check(id, true, "", expected, "refund");
            uint256 got = _balance(tokenIndex, actor) - before;
            if (got != payment + share) _violate("refund: not the pledge (or its pro-rata part) plus the share", id);
            uint256 pledgePart = got < payment ? got : payment;
            uint256 bonusPart = got - pledgePart;
            model.bookRefund(id, actor);
            ghostRefunded[tokenIndex] += pledgePart;
            receivedBack[actor][tokenIndex] += pledgePart;
            ghostCampaignOut[id] += pledgePart;
            ghostRefundedFrom[id] += pledgePart;
            receivedFrom[id][actor] += pledgePart;
            _bonusByToken[tokenIndex].paid += bonusPart;
            _bonusOf[id].paid += bonusPart;
            if (toBackers) ++_bonusOf[id].refunds;
            refundedFrom[id] = true;
            ++refundsOf[id][actor];
            ++successes["refund"];
            if (state == IPledgeEscrow.State.Rejected) ++successes["refundAfterRejection"];
            if (state == IPledgeEscrow.State.Lapsed) ++successes["refundLapsed"];
            if (got == 0) ++successes["refundRoundedToZero"];
            if (bonusPart != 0) ++successes["refundWithBonus"];
            if (toBackers && bonusPart == 0) ++successes["refundBonusRoundedToZero"];
            if (bonus.poolOf(id).start != 0 && !toBackers) ++successes["refundBonusToDepositors"];
        } catch (bytes memory reason) {
            _check(id, false, reason, expected, "refund");
        }
        _observe(id);
        _observeBonus(id);
    }

    /// @notice A bonus deposit of a random kind: any amount up to what the cap leaves, exactly that, one more, a few
    /// wei, the least a first deposit may be or one less, zero, in the wrong token, or with the wrong ETH value;
    /// checked against the model (to the exact error) and booked, measured by the escrow's balance change.
    function _deposit(address depositor, uint256 id, uint256 seed) internal {
        (uint256 amount, address tokenArg, uint256 value) = _depositArguments(id, seed);
        if (tokenIndexOf[id] == 1) {
            token.mint(depositor, amount);
            VM.prank(depositor);
            token.approve(address(escrow), amount);
        }
        VM.deal(depositor, depositor.balance + value);
        bytes memory expected = bonus.expectedDeposit(id, tokenArg, amount, value);
        uint256 heldBefore = _balance(tokenIndexOf[id], address(escrow));
        bool first = bonus.poolOf(id).start == 0;
        VM.prank(depositor);
        try escrow.depositBonus{value: value}(id, tokenArg, amount) {
            _check(id, true, "", expected, "depositBonus");
            _bookDeposit(depositor, id, amount, _balance(tokenIndexOf[id], address(escrow)) - heldBefore, first);
        } catch (bytes memory reason) {
            _check(id, false, reason, expected, "depositBonus");
            if (bytes4(reason) == IPledgeEscrow.BonusTooLarge.selector) ++successes["depositOverCap"];
            if (bytes4(reason) == IPledgeEscrow.BonusTooSmall.selector) ++successes["depositFirstTooSmall"];
            if (bytes4(reason) == IPledgeEscrow.UnexpectedState.selector) ++successes["depositNotFunding"];
        }
        _observeBonus(id);
    }

    /// @notice The maintainer's deposit right after opening: an amount the rules accept (from the least first deposit
    /// to the cap) when the goal leaves one, else a refused one.
    function _depositAtOpening(uint256 id, uint256 seed) internal {
        // A seed of kind 7 (`seed % 10`) makes `_deposit` take `1 + (seed >> 8) % room`, here `amount`.
        uint256 min = bonus.minFirstDeposit(id);
        uint256 amount = bound(seed >> 8, min, bonus.cap(id) < min ? min : bonus.cap(id));
        uint256 encoded = (amount - 1) << 8;
        _deposit(maintainer, id, encoded + (17 - (encoded % 10)) % 10);
    }

    /// @notice The arguments of a deposit of a random kind (see `_deposit`).
    function _depositArguments(uint256 id, uint256 seed)
        internal
        view
        returns (uint256 amount, address tokenArg, uint256 value)
    {
        uint256 tokenIndex = tokenIndexOf[id];
        uint256 pot = bonus.poolOf(id).pot;
        uint256 cap = bonus.cap(id);
        uint256 room = cap > pot ? cap - pot : 0;
        uint256 kind = seed % 10;
        if (kind == 0) amount = 0;
        else if (kind == 1) amount = room;
        else if (kind == 2) amount = room + 1;
        else if (kind == 5) amount = bound(seed >> 8, 1, 3);
        else if (kind == 6) amount = bonus.minFirstDeposit(id) - 1 + ((seed >> 8) % 2);
        else amount = bound(seed >> 8, 1, room == 0 ? 1 : room);
        tokenArg = _tokenAddress(tokenIndex);
        if (kind == 3) tokenArg = tokenIndex == 0 ? address(token) : address(0);
        value = tokenArg == address(0) ? amount : 0;
        if (kind == 4) value = tokenIndex == 0 ? (seed & 256 == 0 || amount == 0 ? amount + 1 : amount - 1) : 1;
    }

    /// @notice Books a deposit that went through: the escrow must have received exactly the amount.
    function _bookDeposit(address depositor, uint256 id, uint256 amount, uint256 received, bool first) internal {
        if (received != amount) _violate("depositBonus: escrow received != amount", id);
        bonus.bookDeposit(id, depositor, received);
        _bonusByToken[tokenIndexOf[id]].deposited += received;
        _bonusOf[id].deposited += received;
        ++successes["deposit"];
        if (first) ++successes["depositFirst"];
        if (depositor == maintainer) ++successes["depositByMaintainer"];
        if (model.pledgeOf(id, depositor) != 0) ++successes["depositByBacker"];
        if (amount == bonus.cap(id) && first) ++successes["depositToCapAtOnce"];
        if (bonus.poolOf(id).pot == bonus.cap(id)) ++successes["depositToCap"];
        if (block.timestamp == model.modelOf(id).deadline) ++successes["depositAtDeadline"];
    }

    /// @notice A reclaim, checked against the model: refused with the exact error, or paying exactly the depositor's
    /// part (what the view said), once.
    function _reclaim(address depositor, uint256 id) internal {
        uint256 tokenIndex = tokenIndexOf[id];
        (bytes memory expected, uint256 amount) = bonus.expectedReclaim(id, depositor);
        if (expected.length == 0 && escrow.getBonus(id, depositor, 0).reclaimable != amount) {
            _violate("reclaimBonus: the view's reclaimable != the rules' part", id);
        }
        BonusModel.Outcome decided = bonus.outcome(id);
        uint256 before = _balance(tokenIndex, depositor);
        VM.prank(depositor);
        try escrow.reclaimBonus(id) {
            _check(id, true, "", expected, "reclaimBonus");
            uint256 got = _balance(tokenIndex, depositor) - before;
            if (got != amount) _violate("reclaimBonus: paid != the depositor's part", id);
            bonus.bookReclaim(id, depositor);
            _bonusByToken[tokenIndex].reclaimed += got;
            _bonusOf[id].reclaimed += got;
            ++reclaimsOf[id][depositor];
            ++successes["reclaim"];
            if (decided == BonusModel.Outcome.ToBackers) ++successes["reclaimAfterFailure"];
            else ++successes["reclaimAfterSuccess"];
        } catch (bytes memory reason) {
            _check(id, false, reason, expected, "reclaimBonus");
            if (bytes4(reason) == IPledgeEscrow.NothingToReclaim.selector) ++successes["reclaimNothing"];
            if (bytes4(reason) == IPledgeEscrow.UnexpectedState.selector) ++successes["reclaimUndecided"];
        }
        _observeBonus(id);
    }

    /// @notice Whether a backer still has a pledge in the campaign or a depositor a deposit.
    function _bonusLeft(uint256 id) internal view returns (bool) {
        for (uint256 a = 0; a < ACTORS; ++a) {
            if (model.pledgeOf(id, actorAt(a)) != 0) return true;
        }
        for (uint256 d = 0; d < DEPOSITORS; ++d) {
            if (bonus.depositOf(id, depositorAt(d)) != 0) return true;
        }
        return false;
    }

    /// @notice Refunds every backer with a pledge in the campaign.
    function _refundAll(uint256 id) internal {
        for (uint256 a = 0; a < ACTORS; ++a) {
            if (model.pledgeOf(id, actorAt(a)) != 0) _refund(actorAt(a), id);
        }
    }

    /// @notice Reclaims every deposit left in the campaign.
    function _reclaimAll(uint256 id) internal {
        for (uint256 d = 0; d < DEPOSITORS; ++d) {
            if (bonus.depositOf(id, depositorAt(d)) != 0) _reclaim(depositorAt(d), id);
        }
    }

    /// @notice A submission as the maintainer; refusals are the milestone rules' business, not checked here.
    function _submit(uint256 id) internal returns (bool ok) {
        VM.prank(maintainer);
        try escrow.submitMilestone(id, "delivery") {
            ++successes["submit"];
            ok = true;
        } catch {}
    }

    /// @notice An objection, refused with the exact error or adding exactly the actor's weight.
    function _object(uint256 id, address actor) internal {
        IPledgeEscrow.MilestoneProgressView memory before = escrow.getMilestoneProgress(id);
        uint256 weight = escrow.objectionWeightOf(id, actor);
        bytes memory expected;
        if (before.reviewEnd == 0 || block.timestamp > before.reviewEnd) {
            expected = abi.encodeWithSelector(IPledgeEscrow.NotInReview.selector, id);
        } else if (weight == 0) {
            expected = abi.encodeWithSelector(IPledgeEscrow.NoStake.selector, id, actor);
            if (escrow.pledgeOf(id, actor) != 0) ++successes["lateBackerCannotObject"];
        } else if (escrow.isObjecting(id, actor)) {
            expected = abi.encodeWithSelector(IPledgeEscrow.AlreadyObjected.selector, id, actor);
        }
        VM.prank(actor);
        try escrow.objectMilestone(id) {
            _check(id, true, "", expected, "object");
            uint256 objection = escrow.getMilestoneProgress(id).objectionWeight;
            if (objection != before.objectionWeight + weight) _violate("objection weight != before + weight", id);
            ++successes["object"];
        } catch (bytes memory reason) {
            _check(id, false, reason, expected, "object");
        }
    }

    // ------------------------------------------------------------------ observations

    /// @notice While the goal stands, probes every backer's full withdrawal in every funding campaign, the state left
    /// untouched: it must go through while the goal has stood at most one last call (the honest window [t, t + L]),
    /// and be refused with exactly `GoalLocked` from the second the rules lock the goal on (in the last call, goal
    /// stood more than L).
    function _probeHonestWindows() internal {
        for (uint256 i = 0; i < _campaigns.length; ++i) {
            uint256 id = _campaigns[i];
            bool inWindow = model.inHonestWindow(id);
            if (model.state(id) != IPledgeEscrow.State.Funding) {
                if (inWindow) _violate("goal reached less than L ago but not funding", id);
                continue;
            }
            if (model.modelOf(id).pledged < model.termsOf(id).goal) continue;
            for (uint256 a = 0; a < ACTORS; ++a) {
                address actor = actorAt(a);
                uint256 pledged = model.pledgeOf(id, actor);
                if (pledged != 0) _probe(id, actor, pledged, inWindow);
            }
        }
    }

    /// @notice One probed full withdrawal: through in the honest window, otherwise what the model says.
    function _probe(uint256 id, address actor, uint256 amount, bool inWindow) internal {
        bytes memory expected = model.expectedWithdrawal(id, actor, amount);
        try this.probeWithdraw(id, actor, amount) {
            _violate("probe did not revert", id);
        } catch (bytes memory reason) {
            bool ok = reason.length == 4 && bytes4(reason) == ProbeSucceeded.selector;
            if (inWindow && !ok) _violate("honest window: a full withdrawal was refused", id);
            _check(id, ok, reason, expected, "probed withdrawal");
            if (ok && inWindow) ++successes["probeFullWithdrawalInWindow"];
            if (!ok && bytes4(reason) == IPledgeEscrow.GoalLocked.selector) ++successes["probeGoalLocked"];
        }
    }

    /// @notice Compares a campaign with the model.
    function _observe(uint256 id) internal {
        if (id == 0) return;
        string memory problem = model.observe(id);
        if (bytes(problem).length != 0) _violate(problem, id);
    }

    /// @notice Compares a backer's weight with the model.
    function _observeBacker(uint256 id, address actor) internal {
        string memory problem = model.observeBacker(id, actor);
        if (bytes(problem).length != 0) _violate(problem, id);
    }

    /// @notice Compares a campaign's bonus (pot, start, end, outcome, reserved, each backer's credit start and share,
    /// each depositor's deposit) with the model.
    function _observeBonus(uint256 id) internal {
        address[] memory depositors = new address[](DEPOSITORS);
        for (uint256 d = 0; d < DEPOSITORS; ++d) {
            depositors[d] = depositorAt(d);
        }
        string memory problem = bonus.observe(id, depositors);
        if (bytes(problem).length != 0) _violate(problem, id);
    }

    /// @notice Compares a campaign's split with the model.
    function _observeSplit(uint256 id) internal {
        string memory problem = shares.observeSplit(id);
        if (bytes(problem).length != 0) _violate(problem, id);
    }

    /// @notice Compares every builder's and project's credit with the model.
    function _observeCredits() internal {
        string memory problem = shares.observeCredits();
        if (bytes(problem).length != 0) _violate(problem, 0);
    }

    /// @notice Compares a project's dependency record and one version of its list with the model.
    function _observeDependencies(uint256 projectId, uint256 version) internal {
        string memory problem = shares.observeDependencies(projectId, version);
        if (bytes(problem).length != 0) _violate(problem, 0);
    }

    /// @notice Records a disagreement unless the call did what the rules say: succeeded when `expected` is empty,
    /// reverted with exactly `expected` otherwise.
    function _check(uint256 id, bool ok, bytes memory reason, bytes memory expected, string memory what) internal {
        if (ok && expected.length != 0) _violate(string.concat(what, ": accepted, the rules refuse it"), id);
        if (!ok && expected.length == 0) _violate(string.concat(what, ": refused, the rules accept it"), id);
        if (!ok && expected.length != 0 && !model.sameError(id, reason, expected)) {
            _violate(string.concat(what, ": refused with another error than the rules'"), id);
        }
    }

    /// @notice Records a disagreement (the handler never reverts: the runner would ignore it).
    function _violate(string memory what, uint256 id) internal {
        if (violations == 0) {
            firstViolation = string.concat(what, " (campaign ", _str(id), " at ", _str(block.timestamp), ")");
        }
        ++violations;
    }

    // ------------------------------------------------------------------ internals

    /// @notice Moves the handler's clock forward.
    function _advance(uint256 seconds_) internal {
        currentTime += seconds_;
        VM.warp(currentTime);
    }

    /// @notice Moves the clock to a boundary second of a campaign (see `warpToMoment`); returns the campaign.
    function _warpToMoment(uint256 campaignSeed, uint256 moment, uint256 jitter) internal returns (uint256 id) {
        if (_campaigns.length == 0) return 0;
        id = _pick(campaignSeed);
        EscrowModel.Terms memory t = model.termsOf(id);
        EscrowModel.Model memory m = model.modelOf(id);
        uint256 kind = moment % 11;
        uint256 target;
        if (kind == 0) target = t.planned - 2 * t.lastCall;
        else if (kind == 1) target = m.deadline - t.lastCall;
        else if (kind == 2 || kind == 3) target = _lockMoment(t, m) == 0 ? 0 : _lockMoment(t, m) - (kind - 2);
        else if (kind == 4) target = t.planned + t.lastCall;
        else if (kind == 5) target = t.planned + 2 * t.lastCall;
        else if (kind == 6) target = m.deadline;
        else if (kind == 7) target = m.deadline + t.claimWindow;
        else if (kind == 8) target = _reviewEnd(id);
        else if (kind == 9) target = _currentDue(id);
        else target = m.deadline - t.lastCall + bound(moment >> 8, 1, t.lastCall); // anywhere in the last call
        if (target != 0) {
            // Half of the time the boundary second itself, otherwise one or two seconds before or after it.
            uint256 offset = jitter % 8;
            if (offset == 4 || offset == 6) target -= offset / 2 - 1;
            else if (offset == 5 || offset == 7) target += (offset - 1) / 2 - 1;
            if (target > currentTime) currentTime = target;
        }
        VM.warp(currentTime);
        _probeHonestWindows();
    }

    /// @notice The first second at which a withdrawal below the goal is refused: in the last call, the goal has stood
    /// more than L.
    function _lockMoment(EscrowModel.Terms memory t, EscrowModel.Model memory m) internal pure returns (uint256) {
        if (m.goalReachedAt == 0) return 0;
        uint256 stood = m.goalReachedAt + t.lastCall + 1;
        uint256 lastCall = m.deadline - t.lastCall + 1;
        return stood > lastCall ? stood : lastCall;
    }

    /// @notice Random valid terms: goal (tiny a quarter of the time), last call, claim window, duration.
    function _randomTerms(uint256 tokenSeed, uint256 goal, uint256 duration, uint256 termsSeed, uint256 maxGoal)
        internal
        view
        returns (IPledgeEscrow.CampaignTerms memory terms)
    {
        terms.projectId = 1;
        terms.specURI = "spec";
        terms.token = _tokenAddress(tokenSeed % TOKENS);
        // A quarter of the goals are a few wei, so tiny pledges cross them and pro-rata refunds round to zero.
        terms.goal = goal % 4 == 0 ? bound(goal >> 2, 1, 10) : bound(goal >> 2, 1, maxGoal);
        terms.lastCall = termsSeed % 8 == 0 ? 0 : bound(termsSeed >> 3, 24, 168) * 1 hours;
        uint256 window = (termsSeed >> 16) % 16;
        terms.claimWindow = window == 0 ? 0 : window == 1 ? 180 days : bound(termsSeed >> 20, 7, 21) * 1 days;
        uint256 lastCall = terms.lastCall == 0 ? 2 days : terms.lastCall;
        // Mostly a day or more before the weight cutoff (so pledges carry weight), sometimes none at all.
        uint256 slack = duration % 4 == 0 ? bound(duration >> 2, 0, 2 hours) : bound(duration >> 2, 1 days, 10 days);
        terms.deadline = currentTime + 2 * lastCall + slack;
        terms.builderShareBps = _randomBuilderShare(uint256(keccak256(abi.encode(termsSeed, "builder share"))));
    }

    /// @notice A builder share of a random kind: none (three times in eight), the largest project 1's current
    /// dependency list leaves, one to three above it (refused), one to three basis points (rounding to zero on small
    /// claims), or any allowed one.
    function _randomBuilderShare(uint256 seed) internal view returns (uint256) {
        uint256 most = shares.maxBuilderShare();
        uint256 kind = seed % 16;
        if (kind < 6) return 0;
        if (kind == 6) return most;
        if (kind == 7) return most + 1 + (seed >> 8) % 3;
        if (kind == 8) return 1 + (seed >> 8) % 3;
        return bound(seed >> 8, 1, most);
    }

    /// @notice A refused opening: only `SharesTooLarge` for a builder share above what the dependency list leaves.
    function _checkRefusedOpening(bytes memory reason, bytes memory expected, string memory what) internal {
        _check(0, false, reason, expected, what);
        if (bytes4(reason) == IPledgeEscrow.SharesTooLarge.selector) ++successes["openSharesTooLarge"];
    }

    /// @notice A random valid plan whose first milestone falls due after `latestDeadline` plus a review window.
    function _randomPlan(uint256 latestDeadline, uint256 planSeed)
        internal
        pure
        returns (IPledgeEscrow.MilestonePlan memory plan)
    {
        uint256 count = 1 + (planSeed % 3);
        plan.initialShareBps = uint16(
            (planSeed >> 4) % 4 == 0 ? bound(planSeed >> 8, 9_000, 9_990) : bound(planSeed >> 8, 0, 9_000)
        );
        plan.reviewWindow = uint32(bound(planSeed >> 24, 1 days, 4 days));
        plan.objectionThresholdBps = uint16(bound(planSeed >> 40, 0, 9_999));
        plan.milestones = new IPledgeEscrow.Milestone[](count);
        uint256 left = 10_000 - plan.initialShareBps;
        // A quarter of the plans are first due at latest deadline + review window + 1, the earliest the rules allow.
        uint256 due = latestDeadline + plan.reviewWindow;
        due += (planSeed >> 200) % 4 == 0 ? 1 : bound(planSeed >> 208, 1, 5 days);
        for (uint256 i = 0; i < count; ++i) {
            uint256 share = i + 1 == count ? left : bound(planSeed >> (56 + 16 * i), 1, left - (count - i - 1));
            left -= share;
            if (i != 0) due += plan.reviewWindow + bound(planSeed >> (104 + 16 * i), 1, 10 days);
            plan.milestones[i] = IPledgeEscrow.Milestone({shareBps: uint16(share), due: uint32(due)});
        }
    }

    /// @notice Books an opened campaign and checks its record against its terms.
    function _register(uint256 id, IPledgeEscrow.CampaignTerms memory terms, bool milestones, uint256 fee) internal {
        _campaigns.push(id);
        tokenIndexOf[id] = terms.token == address(0) ? 0 : 1;
        if (terms.token != address(0)) tokenUsed = true;
        hasMilestones[id] = milestones;
        string memory problem = model.register(id, terms, milestones, fee);
        if (bytes(problem).length != 0) _violate(problem, id);
        _observe(id);
        shares.bookOpening(id, terms.builderShareBps, tokenIndexOf[id], fee);
        SharesModel.Split memory split = shares.splitOf(id);
        if (split.builderShareBps != 0) ++successes["openWithBuilderShare"];
        if (split.dependencyShareBps != 0) ++successes["openWithDependencies"];
        if (split.builderShareBps != 0 && split.builderShareBps == shares.maxBuilderShare()) {
            ++successes["openWithLargestBuilderShare"];
        }
        _observeSplit(id);
    }

    /// @notice Pledge amounts: tiny, exactly to the goal, one wei short of it, or anything up to twice the goal.
    function _pledgeAmount(uint256 id, uint256 seed) internal view returns (uint256) {
        uint256 goal = model.termsOf(id).goal;
        uint256 pledged = model.modelOf(id).pledged;
        uint256 kind = seed % 8;
        if (kind == 0) return bound(seed >> 3, 1, 3);
        if (kind == 1 && pledged < goal) return goal - pledged;
        if (kind == 2 && pledged + 1 < goal) return goal - pledged - 1;
        return bound(seed >> 3, 1, 2 * goal + 3);
    }

    /// @notice Withdrawal amounts: all, what the goal lock leaves, part, too much, nothing.
    function _withdrawAmount(uint256 id, address actor, uint256 seed) internal view returns (uint256) {
        uint256 pledged = model.pledgeOf(id, actor);
        uint256 kind = seed % 10;
        if (kind == 0) return 0;
        if (kind == 1) return pledged + 1 + bound(seed >> 4, 0, 5);
        if (pledged == 0) return bound(seed >> 4, 1, 3);
        if (kind <= 4) return pledged;
        if (kind == 5) {
            uint256 total = model.modelOf(id).pledged;
            uint256 goal = model.termsOf(id).goal;
            uint256 above = total > goal ? total - goal : 0;
            return above == 0 ? pledged : (above < pledged ? above : pledged);
        }
        return bound(seed >> 4, 1, pledged);
    }

    /// @notice The end of the current review window (zero when none, or without milestones).
    function _reviewEnd(uint256 id) internal view returns (uint256) {
        if (!hasMilestones[id]) return 0;
        return escrow.getMilestoneProgress(id).reviewEnd;
    }

    /// @notice The due date of the current milestone (zero when none).
    function _currentDue(uint256 id) internal view returns (uint256) {
        if (!hasMilestones[id]) return 0;
        IPledgeEscrow.MilestoneProgressView memory p = escrow.getMilestoneProgress(id);
        if (p.current >= p.count) return 0;
        return escrow.getMilestone(id, p.current).due;
    }

    /// @notice The first actor from `seed` on with a pledge in the campaign (or the seed's actor when none has).
    function _backerOf(uint256 id, uint256 seed) internal view returns (address) {
        for (uint256 i = 0; i < ACTORS; ++i) {
            address actor = actorAt(seed + i);
            if (escrow.pledgeOf(id, actor) != 0) return actor;
        }
        return actorAt(seed);
    }

    /// @notice The first actor from `seed` on with objection weight in the campaign (or a backer when none has).
    function _weightedBackerOf(uint256 id, uint256 seed) internal view returns (address) {
        for (uint256 i = 0; i < ACTORS; ++i) {
            address actor = actorAt(seed + i);
            if (escrow.objectionWeightOf(id, actor) != 0) return actor;
        }
        return _backerOf(id, seed);
    }

    /// @notice From `seed` on, the first succeeded campaign with milestones that has a milestone in review
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

    /// @notice From `seed` on, the first campaign that funds and has a bonus (any campaign when there is no such one,
    /// zero when there is none at all).
    function _pickFundingWithBonus(uint256 seed) internal view returns (uint256) {
        if (_campaigns.length == 0) return 0;
        for (uint256 i = 0; i < _campaigns.length; ++i) {
            uint256 id = _campaigns[(seed + i) % _campaigns.length];
            if (bonus.poolOf(id).start != 0 && model.state(id) == IPledgeEscrow.State.Funding) return id;
        }
        return _pick(seed);
    }

    /// @notice A random dependency list for `projectId`: empty (stops sharing), too long (17 entries), with one
    /// defect (itself, an unknown project or zero, a zero share, a duplicate), over the 50% total, exactly at it, of
    /// tiny shares (one to three basis points: they round to zero on small claims), or any valid one. Valid entries are
    /// distinct projects other than `projectId`, up to six (past the registry's five entries to a word).
    function _randomDependencies(uint256 projectId, uint256 seed)
        internal
        view
        returns (IProjectRegistry.Dependency[] memory list)
    {
        uint256 kind = seed % 16;
        if (kind == 0) return list;
        if (kind == 1) {
            list = new IProjectRegistry.Dependency[](17);
            for (uint256 i = 0; i < 17; ++i) {
                list[i] = IProjectRegistry.Dependency({projectId: uint32(2 + i), shareBps: 1});
            }
            return list;
        }
        uint256 candidates = shares.PROJECTS() - 1;
        uint256 count = (kind == 5 ? 2 : 1) + (seed >> 8) % (kind == 5 ? candidates - 1 : candidates);
        uint256 left = kind == 6 ? bound(seed >> 24, 5_001, 6_000) : bound(seed >> 24, count, 5_000);
        if (kind == 7) left = 5_000;
        list = new IProjectRegistry.Dependency[](count);
        for (uint256 i = 0; i < count; ++i) {
            uint256 share = kind == 8
                ? 1 + (seed >> (40 + 2 * i)) % 3
                : i + 1 == count ? left : bound(seed >> (40 + 12 * i), 1, left - (count - i - 1));
            if (kind != 8) left -= share;
            uint256 candidate = 1 + ((seed >> 16) + i) % candidates;
            if (candidate >= projectId) ++candidate;
            list[i] = IProjectRegistry.Dependency({projectId: uint32(candidate), shareBps: uint16(share)});
        }
        uint256 at = (seed >> 150) % count;
        if (kind == 2) list[at].projectId = uint32(projectId);
        else if (kind == 3) list[at].projectId = (seed >> 160) % 2 == 0 ? 0 : uint32(shares.PROJECTS() + 1);
        else if (kind == 4) list[at].shareBps = 0;
        else if (kind == 5) list[at == 0 ? 1 : at].projectId = list[at == 0 ? 0 : at - 1].projectId;
    }

    /// @notice Where a builder has their shares sent: zero (refused), a protocol contract (refused), an address of
    /// their choice, a backer, or themselves.
    function _shareRecipient(address builder, uint256 seed) internal view returns (address) {
        uint256 kind = seed % 12;
        if (kind == 0) return address(0);
        if (kind == 1) return _protocolContract(seed >> 4);
        if (kind == 2 || kind == 3) return address(uint160(0xEC0001 + (seed >> 4) % 3));
        if (kind == 4) return actorAt(seed >> 4);
        return builder;
    }

    /// @notice One of the protocol's own contracts: the escrow, its registry or one of its modules.
    function _protocolContract(uint256 seed) internal view returns (address) {
        uint256 which = seed % 8;
        if (which == 0) return address(escrow);
        if (which == 1) return address(shares.registry());
        if (which == 2) return escrow.milestoneReview();
        if (which == 3) return escrow.campaignViews();
        if (which == 4) return escrow.protocolAdmin();
        if (which == 5) return escrow.bonusPool();
        if (which == 6) return escrow.shareLedger();
        return escrow.requestBoard();
    }

    /// @notice The owner of a dependency project moves its payout address: to one of its two addresses, or one time
    /// in eight to a protocol contract.
    function _movePayout(uint256 projectId, uint256 seed) internal {
        address newPayout = seed % 8 == 0 ? _protocolContract(seed >> 3) : shares.payoutAt(projectId, seed >> 3);
        IProjectRegistry registry = shares.registry();
        VM.prank(shares.ownerOf(projectId));
        try registry.setPayoutAddress(projectId, newPayout) {
            shares.bookPayout(projectId, newPayout);
            ++successes["payoutMoved"];
        } catch {
            _violate("setPayoutAddress refused by the owner", 0);
        }
    }

    /// @notice From `seed` on, the first campaign with a builder share (any campaign when there is none).
    function _pickWithBuilderShare(uint256 seed) internal view returns (uint256) {
        for (uint256 i = 0; i < _campaigns.length; ++i) {
            uint256 id = _campaigns[(seed + i) % _campaigns.length];
            if (shares.splitOf(id).builderShareBps != 0) return id;
        }
        return _pick(seed);
    }

    /// @notice A campaign from a seed.
    function _pick(uint256 seed) internal view returns (uint256) {
        return _campaigns[seed % _campaigns.length];
    }

    /// @notice The token address of an index (zero for ETH).
    function _tokenAddress(uint256 tokenIndex) internal view returns (address) {
        return tokenIndex == 0 ? address(0) : address(token);
    }

    /// @notice Token index 0: ETH, 1: the campaign ERC-20, 2: the stray token.
    function _balance(uint256 tokenIndex, address account) internal view returns (uint256) {
        if (tokenIndex == 0) return account.balance;
        return (tokenIndex == 1 ? token : stray).balanceOf(account);
    }
}
