// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";

import {ProtocolFees} from "./base/ProtocolFees.sol";
import {IPledgeEscrow} from "./interfaces/IPledgeEscrow.sol";
import {IProjectRegistry} from "./interfaces/IProjectRegistry.sol";
import {Campaigns} from "./libraries/Campaigns.sol";
import {Currency} from "./libraries/Currency.sol";
import {Delegation} from "./libraries/Delegation.sol";
import {EscrowStorage} from "./libraries/EscrowStorage.sol";
import {Limits} from "./libraries/Limits.sol";
import {Milestones} from "./libraries/Milestones.sol";
import {RefundBonus} from "./libraries/RefundBonus.sol";
import {CampaignViews} from "./modules/CampaignViews.sol";
import {MilestoneReview} from "./modules/MilestoneReview.sol";
import {RequestBoard} from "./modules/RequestBoard.sol";
import {ShareLedger} from "./modules/ShareLedger.sol";

/// @title PledgeEscrow
/// @notice Holds the pledges of all-or-nothing campaigns. A campaign that reaches its goal by its deadline pays
/// the project's payout address (minus the protocol fee fixed at opening, and the builder and dependency shares it
/// credits for their recipients to withdraw); one that does not, or that is cancelled, lets every backer take back
/// exactly what they pledged, at any later time.
/// @dev The core: the campaign ledger and the backers' and claims' paths (open, pledge, withdraw, claim, refund).
/// Campaign rules are in `Campaigns`, what claims and refunds need of milestones in `Milestones`, transfers in
/// `Currency`, administration in `ProtocolFees`. Milestone plans, submissions, objections, their views and cancellation
/// (`MilestoneReview`), the campaign views (`CampaignViews`) and the administration setters and fee withdrawal
/// (`ProtocolAdmin`) run in modules this contract deploys and delegates to, on this contract's storage
/// (`EscrowStorage`); the refund bonus (`BonusPool`) and the builder and dependency shares (`ShareLedger`) in modules
/// deployed before it. So its bytes go to what backers call.
contract PledgeEscrow is IPledgeEscrow, ProtocolFees {
    using Campaigns for EscrowStorage.Campaign;

    /// @notice Longest time between opening a campaign and its deadline.
    uint256 public constant MAX_DURATION = Limits.MAX_DURATION;
    /// @notice Token address that stands for native ETH.
    address public constant NATIVE_TOKEN = Currency.NATIVE;
    /// @notice Most milestones a campaign may have.
    uint256 public constant MAX_MILESTONES = Limits.MAX_MILESTONES;
    /// @notice Latest a milestone may be due, counted from the campaign deadline.
    uint256 public constant MAX_MILESTONE_SPAN = Limits.MAX_MILESTONE_SPAN;
    /// @notice Shortest review window.
    uint256 public constant MIN_REVIEW_WINDOW = Limits.MIN_REVIEW_WINDOW;
    /// @notice Longest review window.
    uint256 public constant MAX_REVIEW_WINDOW = Limits.MAX_REVIEW_WINDOW;
    /// @notice Objection threshold of a plan that gives none: more than half of the total rejects a milestone.
    uint16 public constant DEFAULT_OBJECTION_THRESHOLD_BPS = Limits.DEFAULT_OBJECTION_THRESHOLD_BPS;
    /// @notice Shortest last call.
    uint256 public constant MIN_LAST_CALL = Limits.MIN_LAST_CALL;
    /// @notice Longest last call.
    uint256 public constant MAX_LAST_CALL = Limits.MAX_LAST_CALL;
    /// @notice Last call of a campaign whose terms give none.
    uint256 public constant DEFAULT_LAST_CALL = Limits.DEFAULT_LAST_CALL;
    /// @notice Shortest claim window.
    uint256 public constant MIN_CLAIM_WINDOW = Limits.MIN_CLAIM_WINDOW;
    /// @notice Longest claim window.
    uint256 public constant MAX_CLAIM_WINDOW = Limits.MAX_CLAIM_WINDOW;
    /// @notice Claim window of a campaign whose terms give none.
    uint256 public constant DEFAULT_CLAIM_WINDOW = Limits.DEFAULT_CLAIM_WINDOW;
    /// @notice Largest refund bonus, as a share of the goal in basis points.
    uint256 public constant MAX_BONUS_BPS = Limits.MAX_BONUS_BPS;
    /// @notice Smallest first refund bonus deposit of a campaign, as a share of the goal in basis points.
    uint256 public constant MIN_FIRST_BONUS_BPS = Limits.MIN_FIRST_BONUS_BPS;
    /// @notice How long a builder share credited while no builder has accepted waits, from its last credit, before
    /// anyone may release it to the campaign's project.
    uint256 public constant BUILDER_ACCEPT_WINDOW = Limits.BUILDER_ACCEPT_WINDOW;

    /// @notice The registry whose maintainers and payout addresses this escrow trusts.
    IProjectRegistry public immutable registry;

    /// @inheritdoc IPledgeEscrow
    address public immutable milestoneReview;

    /// @inheritdoc IPledgeEscrow
    address public immutable campaignViews;

    /// @inheritdoc IPledgeEscrow
    address public immutable bonusPool;

    /// @inheritdoc IPledgeEscrow
    address public immutable shareLedger;

    /// @inheritdoc IPledgeEscrow
    /// @dev Named by this contract's own code, which a deployment check compares with the build: the module behind the
    /// fallback must be verifiable from the escrow, not from what the module says of itself.
    address public immutable requestBoard;

    /// @notice Deploys the escrow for `registry_` with its roles, initial fee and modules: it deploys the milestone and
    /// view modules itself and takes the refund bonus and share modules, deployed before it.
    /// @param registry_ The project registry.
    /// @param owner_ The protocol owner (fee, fee recipient, allowlist, guardian).
    /// @param guardian_ The guardian (pause); may be zero.
    /// @param feeRecipient_ The fee recipient.
    /// @param feeBps_ The initial fee in basis points, at most `MAX_FEE_BPS`.
    /// @param bonusPool_ The refund bonus module (`BonusPool`), deployed before the escrow (see its notes).
    /// @param shareLedger_ The builder and dependency share module (`ShareLedger`) for `registry_`, deployed before the
    /// escrow.
    /// @param requestBoard_ The feature request module (`RequestBoard`) for `registry_`, deployed before the escrow.
    constructor(
        IProjectRegistry registry_,
        address owner_,
        address guardian_,
        address feeRecipient_,
        uint16 feeBps_,
        address bonusPool_,
        ShareLedger shareLedger_,
        RequestBoard requestBoard_
    ) ProtocolFees(owner_, guardian_, feeRecipient_, feeBps_) {
        if (address(registry_) == address(0)) revert ZeroAddress();
        if (bonusPool_.code.length == 0) revert InvalidModule(bonusPool_);
        // Shares follow the registry's dependency lists, and requests are accepted by its maintainers: a module of
        // another registry would pay other projects or let strangers set the terms.
        _requireModuleOf(
            address(shareLedger_), registry_, abi.encodeCall(shareLedger_.creditShares, (0, 0, address(0), 0))
        );
        _requireModuleOf(address(requestBoard_), registry_, abi.encodeCall(requestBoard_.declineRequest, (0, "")));
        registry = registry_;
        milestoneReview = address(new MilestoneReview(registry_));
        campaignViews = address(new CampaignViews());
        bonusPool = bonusPool_;
        shareLedger = address(shareLedger_);
        requestBoard = address(requestBoard_);
    }

    /// @notice Answers every function of `IRequestBoard` (feature requests) by running it in its module
    /// (`RequestBoard`), on this contract's storage; anything else reverts there. It takes no ETH: no request function
    /// does.
    /// @dev One fallback instead of a forwarder per function keeps the request paths out of the core's bytes.
    fallback() external {
        Delegation.delegate(requestBoard);
    }

    /// @dev A view that runs in `module`, which returns or reverts for it. The function's body is empty and runs
    /// first; then the module's answer ends the call. (The other forwarders call `Delegation.delegate` in their body,
    /// where the compiler sees that it ends the call; through the view cast it cannot, so views take this modifier.)
    modifier delegatesView(address module) {
        _;
        Delegation.delegateView(module);
    }

    // ---------------------------------------------------------------- campaigns

    /// @inheritdoc IPledgeEscrow
    function openCampaign(CampaignTerms calldata terms) external whenNotPaused returns (uint256 campaignId) {
        campaignId = Campaigns.open(registry, terms, 0);
    }

    /// @inheritdoc IPledgeEscrow
    function openCampaignWithMilestones(CampaignTerms calldata, MilestonePlan calldata)
        external
        whenNotPaused
        returns (uint256)
    {
        Delegation.delegate(milestoneReview);
    }

    /// @inheritdoc IPledgeEscrow
    /// @dev Runs in `MilestoneReview`: a maintainer's rare path, whose bytes the core keeps for the backers' paths.
    function cancelCampaign(uint256) external {
        Delegation.delegate(milestoneReview);
    }

    /// @inheritdoc IPledgeEscrow
    function claim(uint256 campaignId) external nonReentrant {
        // Both hot slots read once each: this path needs almost every field of them.
        EscrowStorage.Campaign storage c = EscrowStorage.layout().campaigns[campaignId];
        uint256 word0 = Campaigns.slot0(c);
        if (Campaigns.flagsOf(word0) == Campaigns.STATUS_NONE) revert UnknownCampaign(campaignId);
        uint256 word1 = Campaigns.slot1(c);
        uint256 projectId = Campaigns.projectIdIn(word1);
        // One registry call: the payout address, which is zero unless the caller maintains the project.
        address payout = registry.payoutForMaintainer(projectId, msg.sender);
        if (payout == address(0)) revert NotProjectMaintainer(projectId, msg.sender);
        State state = Campaigns.stateOf(word0, c);
        uint256 total = Campaigns.pledgedOf(word0);
        uint256 gross;
        if (Campaigns.milestoneCountIn(word1) == 0) {
            if (state != State.Succeeded) revert UnexpectedState(campaignId, state, Campaigns.SUCCEEDED);
            // Nothing wrote slot 0 since it was read: the word goes back with the new status, one read fewer.
            Campaigns.setStatusIn(c, word0, Campaigns.STATUS_CLAIMED);
            gross = total;
        } else {
            if (state != State.Succeeded && state != State.Rejected) {
                revert UnexpectedState(campaignId, state, Campaigns.SUCCEEDED | Campaigns.REJECTED);
            }
            EscrowStorage.Progress storage p = EscrowStorage.layout().progress[campaignId];
            Milestones.settle(campaignId, c, p);
            uint256 claimed = p.claimed;
            gross = Milestones.released(c, p, total) - claimed;
            if (gross == 0) revert NothingToClaim(campaignId);
            p.claimed = uint104(claimed + gross);
            if (claimed + gross == total && c.status() == Campaigns.STATUS_ACTIVE) {
                c.setStatus(Campaigns.STATUS_CLAIMED);
            }
        }

        // None of the protocol's own contracts could pass the money on: an ERC-20 claim would be lost in its balance.
        if (_isOwnContract(payout)) revert InvalidPayout(payout);
        uint256 fee = (gross * Campaigns.feeBpsIn(word1)) / Limits.BPS;
        uint256 amount = gross - fee;
        address token = Campaigns.tokenIn(word1);
        // The builder's and the dependencies' shares are credited for them to pull; the project gets the rest.
        if (Campaigns.flagsOf(word0) & Campaigns.FLAG_SPLIT != 0) {
            amount -= _creditShares(campaignId, projectId, token, gross);
        }
        _accrueFee(token, fee);
        emit CampaignClaimed(campaignId, payout, msg.sender, amount, fee);
        // Shares and fee can take all of a release (at most 100% together): a zero transfer must not block the claim.
        if (amount != 0) Currency.send(token, payout, amount);
    }

    // ---------------------------------------------------------------- milestones (run by the module)

    /// @inheritdoc IPledgeEscrow
    function submitMilestone(uint256, string calldata) external {
        Delegation.delegate(milestoneReview);
    }

    /// @inheritdoc IPledgeEscrow
    function objectMilestone(uint256) external {
        Delegation.delegate(milestoneReview);
    }

    /// @inheritdoc IPledgeEscrow
    function withdrawObjection(uint256) external {
        Delegation.delegate(milestoneReview);
    }

    /// @inheritdoc IPledgeEscrow
    function settleMilestone(uint256) external {
        Delegation.delegate(milestoneReview);
    }

    // ---------------------------------------------------------------- refund bonus (run by the module)

    /// @inheritdoc IPledgeEscrow
    function depositBonus(uint256, address, uint256) external payable whenNotPaused {
        Delegation.delegate(bonusPool);
    }

    /// @inheritdoc IPledgeEscrow
    function reclaimBonus(uint256) external {
        Delegation.delegate(bonusPool);
    }

    // ---------------------------------------------------------------- builder and dependency shares (the module)

    /// @inheritdoc IPledgeEscrow
    function nominateBuilder(uint256, address) external {
        Delegation.delegate(shareLedger);
    }

    /// @inheritdoc IPledgeEscrow
    function acceptBuilder(uint256) external {
        Delegation.delegate(shareLedger);
    }

    /// @inheritdoc IPledgeEscrow
    function releaseWaitingBuilderShare(uint256) external {
        Delegation.delegate(shareLedger);
    }

    /// @inheritdoc IPledgeEscrow
    function withdrawBuilderShares(address, address) external {
        Delegation.delegate(shareLedger);
    }

    /// @inheritdoc IPledgeEscrow
    function withdrawProjectShares(uint256, address) external {
        Delegation.delegate(shareLedger);
    }

    // ---------------------------------------------------------------- backers

    /// @inheritdoc IPledgeEscrow
    /// @dev No reentrancy guard: this path makes no external call.
    function pledge(uint256 campaignId) external payable whenNotPaused {
        EscrowStorage.Campaign storage c = EscrowStorage.layout().campaigns[campaignId];
        uint256 slot0 = Campaigns.slot0(c);
        if (Campaigns.flagsOf(slot0) & Campaigns.FLAG_NATIVE == 0) {
            revert WrongToken(campaignId, Campaigns.load(campaignId).token);
        }
        _addPledge(campaignId, c, slot0, msg.value);
    }

    /// @inheritdoc IPledgeEscrow
    function pledgeToken(uint256 campaignId, uint256 amount) external whenNotPaused nonReentrant {
        EscrowStorage.Campaign storage c = EscrowStorage.layout().campaigns[campaignId];
        uint256 slot0 = Campaigns.slot0(c);
        if (Campaigns.flagsOf(slot0) & Campaigns.FLAG_NATIVE != 0) revert WrongToken(campaignId, NATIVE_TOKEN);
        _addPledge(campaignId, c, slot0, amount);
        Currency.pull(c.token, amount);
    }

    /// @inheritdoc IPledgeEscrow
    function pledgeWithPermit(
        uint256 campaignId,
        uint256 amount,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external whenNotPaused nonReentrant {
        EscrowStorage.Campaign storage c = EscrowStorage.layout().campaigns[campaignId];
        uint256 slot0 = Campaigns.slot0(c);
        if (Campaigns.flagsOf(slot0) & Campaigns.FLAG_NATIVE != 0) revert WrongToken(campaignId, NATIVE_TOKEN);
        _addPledge(campaignId, c, slot0, amount);
        address token = c.token;
        // A permit can be front-run (its signature is public once in the mempool); the pledge still goes
        // through when the allowance it created, or any other, covers the amount.
        try IERC20Permit(token).permit(msg.sender, address(this), amount, permitDeadline, v, r, s) {}
        catch {
            uint256 allowance = IERC20(token).allowance(msg.sender, address(this));
            if (allowance < amount) revert PermitFailed(allowance, amount);
        }
        Currency.pull(token, amount);
    }

    /// @inheritdoc IPledgeEscrow
    function withdrawPledge(uint256 campaignId, uint256 amount) external nonReentrant {
        EscrowStorage.Campaign storage c = EscrowStorage.layout().campaigns[campaignId];
        uint256 word0 = Campaigns.slot0(c);
        uint256 flags = Campaigns.flagsOf(word0);
        c.requireFunding(campaignId, word0);
        if (amount == 0) revert ZeroAmount();
        EscrowStorage.Backer storage b = EscrowStorage.layout().backers[campaignId][msg.sender];
        uint256 available = b.amount;
        if (amount > available) revert InsufficientPledge(amount, available);

        uint256 total = Campaigns.pledgedOf(word0);
        uint256 goal = Campaigns.goalOf(word0);
        if (total - amount < goal && total >= goal) c.leaveGoal(campaignId, amount, total - goal);

        // What is taken back comes out of the weightless late part first: weight is never gained by a withdrawal.
        uint256 late = b.late;
        if (late != 0) {
            uint256 lateTaken = amount < late ? amount : late;
            b.late = uint104(late - lateTaken);
            EscrowStorage.layout().progress[campaignId].lateTotal -= uint104(lateTaken);
        }
        b.amount = uint104(available - amount);
        c.pledged = uint104(total - amount);
        if (flags & RefundBonus.FLAG_BONUS != 0) RefundBonus.onWithdraw(c, b, amount);

        emit PledgeWithdrawn(campaignId, msg.sender, amount);
        Currency.send(c.tokenOf(flags), msg.sender, amount);
    }

    /// @inheritdoc IPledgeEscrow
    function refund(uint256 campaignId) external nonReentrant {
        EscrowStorage.Campaign storage c = EscrowStorage.layout().campaigns[campaignId];
        uint256 word0 = Campaigns.slot0(c);
        uint256 flags = Campaigns.flagsOf(word0);
        if (flags == Campaigns.STATUS_NONE) revert UnknownCampaign(campaignId);
        State state = Campaigns.stateOf(word0, c);
        if (uint256(Campaigns.REFUNDED_IN_FULL) & (1 << uint8(state)) == 0) {
            // Only a campaign with milestones whose current milestone was rejected refunds after success.
            if (state == State.Succeeded && c.milestoneCount != 0) {
                Milestones.settle(campaignId, c, EscrowStorage.layout().progress[campaignId]);
                state = c.state();
            }
            if (state != State.Rejected) revert UnexpectedState(campaignId, state, Campaigns.REFUNDABLE);
        }
        EscrowStorage.Backer storage b = EscrowStorage.layout().backers[campaignId][msg.sender];
        uint256 amount = b.amount;
        if (amount == 0) revert NothingToRefund(campaignId, msg.sender);
        uint256 payment = state == State.Rejected
            ? Milestones.refundAfterRejection(
                EscrowStorage.layout().progress[campaignId], Campaigns.pledgedOf(word0), amount
            )
            : amount;
        uint256 bonus;
        if (flags & RefundBonus.FLAG_BONUS != 0 && state != State.Rejected) {
            bonus = RefundBonus.shareOf(c, word0, amount, b.creditSince);
        }

        // The campaign total is left as raised: it is the record of the campaign, and only pledges move money.
        delete EscrowStorage.layout().backers[campaignId][msg.sender];

        if (bonus == 0) {
            emit Refunded(campaignId, msg.sender, payment);
        } else {
            emit RefundedWithBonus(campaignId, msg.sender, payment, bonus);
            payment += bonus;
        }
        // A pro-rata share can round to zero; booking it must not depend on a transfer of nothing.
        if (payment != 0) Currency.send(c.tokenOf(flags), msg.sender, payment);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IPledgeEscrow
    function campaignState(uint256) external view delegatesView(campaignViews) returns (State) {}

    /// @inheritdoc IPledgeEscrow
    function getCampaign(uint256) external view delegatesView(campaignViews) returns (CampaignView memory) {}

    /// @inheritdoc IPledgeEscrow
    function campaignCount() external view returns (uint256) {
        return EscrowStorage.layout().protocol.campaignCount;
    }

    /// @inheritdoc IPledgeEscrow
    function pledgeOf(uint256 campaignId, address backer) external view returns (uint256) {
        return EscrowStorage.layout().backers[campaignId][backer].amount;
    }

    /// @inheritdoc IPledgeEscrow
    function getBonus(uint256, address, uint256) external view delegatesView(bonusPool) returns (BonusView memory) {}

    /// @inheritdoc IPledgeEscrow
    function getSplit(uint256) external view delegatesView(shareLedger) returns (SplitView memory) {}

    /// @inheritdoc IPledgeEscrow
    function builderSharesOf(address, address) external view delegatesView(shareLedger) returns (uint256) {}

    /// @inheritdoc IPledgeEscrow
    function projectSharesOf(uint256, address) external view delegatesView(shareLedger) returns (uint256) {}
    /// @inheritdoc IPledgeEscrow
    function getMilestoneProgress(uint256)
        external
        view
        delegatesView(milestoneReview)
        returns (MilestoneProgressView memory)
    {}

    /// @inheritdoc IPledgeEscrow
    function getMilestone(uint256, uint256) external view delegatesView(milestoneReview) returns (Milestone memory) {}

    /// @inheritdoc IPledgeEscrow
    function isObjecting(uint256, address) external view delegatesView(milestoneReview) returns (bool) {}

    /// @inheritdoc IPledgeEscrow
    function objectionWeightOf(uint256, address) external view delegatesView(milestoneReview) returns (uint256) {}

    // ---------------------------------------------------------------- internals

    /// @dev Refuses anything but a module of `registry_` (deploy time only). Asked with plain static calls, so that any
    /// other contract is refused by name: it must name this registry (as a clean word), and refuse `probe` (one of its
    /// functions) with `NotDelegated`, as only such a module does when called directly (an escrow of this registry,
    /// passed by mistake, also answers `registry()` but not the probe).
    function _requireModuleOf(address module, IProjectRegistry registry_, bytes memory probe) private view {
        (bool answered, bytes memory moduleRegistry) = module.staticcall(abi.encodeWithSignature("registry()"));
        (, bytes memory refusal) = module.staticcall(probe);
        if (
            !answered || moduleRegistry.length != 32
                || bytes32(moduleRegistry) != bytes32(uint256(uint160(address(registry_))))
                || keccak256(refusal) != keccak256(abi.encodeWithSelector(ShareLedger.NotDelegated.selector))
        ) revert InvalidModule(module);
    }

    /// @dev Whether `account` is this escrow, its registry or one of its modules. Every comparison is made (no
    /// short-circuit jumps): on the claim's path that is cheaper than eight conditional branches.
    function _isOwnContract(address account) private view returns (bool own) {
        address registry_ = address(registry);
        address review = milestoneReview;
        address views = campaignViews;
        address admin = protocolAdmin;
        address bonus = bonusPool;
        address shares = shareLedger;
        address requests = requestBoard;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            own := or(
                or(or(eq(account, address()), eq(account, registry_)), or(eq(account, review), eq(account, views))),
                or(or(eq(account, admin), eq(account, bonus)), or(eq(account, shares), eq(account, requests)))
            )
        }
    }

    /// @dev Runs `ShareLedger.creditShares` on this contract's storage, inside the claim and its lock; returns the sum
    /// credited. A revert in it reverts the claim with the module's error.
    function _creditShares(uint256 campaignId, uint256 projectId, address token, uint256 gross)
        private
        returns (uint256 credited)
    {
        address module = shareLedger;
        bytes4 selector = ShareLedger.creditShares.selector;
        // Four static words in, one out: encoded by hand, which keeps this rare branch to a few bytes of the core.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let data := mload(0x40)
            mstore(data, selector)
            mstore(add(data, 0x04), campaignId)
            mstore(add(data, 0x24), projectId)
            // `token` comes from a packed slot: its upper 96 bits may hold the slot's other fields, which the module's
            // ABI decoder would refuse as a dirty address.
            mstore(add(data, 0x44), and(token, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(add(data, 0x64), gross)
            if iszero(delegatecall(gas(), module, data, 0x84, 0, 0x20)) {
                returndatacopy(data, 0, returndatasize())
                revert(data, returndatasize())
            }
            credited := mload(0)
        }
    }

    /// @dev Checks that the campaign funds and records `amount` more from the caller; moves no money. `slot0` is the
    /// campaign's slot 0 as the caller read it (`Campaigns.slot0`): this path reads it once.
    function _addPledge(uint256 campaignId, EscrowStorage.Campaign storage c, uint256 slot0, uint256 amount) private {
        c.requireFunding(campaignId, slot0);
        uint256 flags = Campaigns.flagsOf(slot0);
        uint256 deadline = Campaigns.deadlineOf(slot0);
        if (amount == 0) revert ZeroAmount();
        uint256 total = Campaigns.pledgedOf(slot0);
        uint256 campaignTotal = total + amount;
        if (campaignTotal > Limits.MAX_AMOUNT) revert AmountTooLarge(campaignTotal, Limits.MAX_AMOUNT);
        uint256 goal = Campaigns.goalOf(slot0);
        if (total < goal && campaignTotal >= goal) c.reachGoal(campaignId);

        EscrowStorage.Backer storage b = EscrowStorage.layout().backers[campaignId][msg.sender];
        c.pledged = uint104(campaignTotal);
        // With a bonus, the amount and the credit start go into the backer's slot in one write.
        if (flags & RefundBonus.FLAG_BONUS == 0) b.amount += uint104(amount);
        else RefundBonus.addPledge(c, b, amount);
        // Objection weight is what stood at the cutoff (`plannedDeadline - 2 * lastCall`): a pledge after it buys
        // no say, so nobody can take over or veto the review at the last second. The deadline read above is the
        // planned one unless it already moved, and then every pledge is later than both cutoffs anyway; a pledge that
        // moves it now comes in the last call, after the cutoff too.
        if (flags & Campaigns.FLAG_MILESTONES != 0 && block.timestamp > deadline - 2 * c.lastCallOf()) {
            b.late += uint104(amount);
            EscrowStorage.layout().progress[campaignId].lateTotal += uint104(amount);
        }

        emit Pledged(campaignId, msg.sender, amount);
    }
}
