// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IPledgeEscrow} from "../interfaces/IPledgeEscrow.sol";
import {IProjectRegistry} from "../interfaces/IProjectRegistry.sol";
import {IProtocolFees} from "../interfaces/IProtocolFees.sol";
import {Campaigns} from "../libraries/Campaigns.sol";
import {Currency} from "../libraries/Currency.sol";
import {EscrowStorage} from "../libraries/EscrowStorage.sol";
import {Limits} from "../libraries/Limits.sol";

/// @title ShareLedger
/// @notice The escrow's module for builder and dependency shares: what a claim credits to the campaign's builder and
/// to the projects its project depends on, the builder's nomination and acceptance, and each recipient's withdrawal.
/// Every recipient pulls: one that rejects ETH, is blacklisted by the token or is a broken contract blocks nobody else.
/// @dev Deployed on its own before the escrow and given to its constructor, like `BonusPool` (nested, it would take the
/// escrow's creation code past EIP-3860's limit), so it refuses to run outside a delegated call by its own address.
/// The claim stays in the escrow; the escrow delegates `creditShares` to this module only for a campaign flagged
/// `FLAG_SPLIT`, so a claim without shares pays nothing for them. The reentrancy guard is transient storage at
/// OpenZeppelin's fixed slot: delegated, it is the escrow's own lock.
contract ShareLedger is ReentrancyGuardTransient {
    using Campaigns for EscrowStorage.Campaign;

    /// @notice The module was called directly: its functions only run as part of an escrow.
    error NotDelegated();

    /// @notice The registry whose dependency lists, maintainers and payout addresses the shares follow: the escrow's
    /// constructor checks that it is its own.
    IProjectRegistry public immutable registry;

    address private immutable _SELF = address(this);

    modifier onlyDelegated() {
        if (address(this) == _SELF) revert NotDelegated();
        _;
    }

    /// @notice Deploys the module for `registry_`.
    /// @param registry_ The project registry of the escrow that will use it.
    constructor(IProjectRegistry registry_) {
        registry = registry_;
    }

    /// @notice Credits the builder and dependency shares of one claim; runs inside the escrow's `claim`, under its
    /// reentrancy lock, which has no forwarder to it (so nobody else can reach it through the escrow).
    /// @dev Each share rounds down, so their sum never exceeds `gross` times their basis points: the dust goes to the
    /// project with the rest of the claim. A dependency whose share of this claim rounds to zero is skipped.
    /// @param campaignId The campaign.
    /// @param projectId Its project.
    /// @param token Its token (zero for ETH).
    /// @param gross The amount the claim pays out, fee included.
    /// @return credited The sum of the shares credited, to be taken from what the project receives.
    function creditShares(uint256 campaignId, uint256 projectId, address token, uint256 gross)
        external
        onlyDelegated
        returns (uint256 credited)
    {
        EscrowStorage.Layout storage store = EscrowStorage.layout();
        EscrowStorage.Split storage split = store.splits[campaignId];
        address builder = split.builder;
        uint256 builderShare = (gross * split.builderShareBps) / Limits.BPS;
        if (builderShare != 0) {
            if (builder == address(0)) {
                // Nobody has accepted yet: it waits in the campaign for whoever does (`acceptBuilder`), and falls to
                // the project if nobody does within `BUILDER_ACCEPT_WINDOW` of this credit.
                split.waiting += uint104(builderShare);
                // Saturated rather than refused: a claim past 2106 (a rejected milestone campaign's has no time limit)
                // must not revert; its window then only opens later.
                split.waitingSince = uint32(block.timestamp < type(uint32).max ? block.timestamp : type(uint32).max);
            } else {
                store.builderShares[builder][token] += builderShare;
            }
            credited = builderShare;
            emit IPledgeEscrow.BuilderShareCredited(campaignId, builder, token, builderShare);
        }
        if (split.dependencyShareBps == 0) return credited;
        // Frozen at opening: later versions of the list do not change what this campaign pays.
        IProjectRegistry.Dependency[] memory dependencies =
            registry.getDependencies(projectId, split.dependencyVersion);
        // At most `MAX_DEPENDENCIES` (16) entries: the registry bounds the list, so this loop has a fixed bound.
        for (uint256 i; i < dependencies.length; ++i) {
            uint256 share = (gross * dependencies[i].shareBps) / Limits.BPS;
            if (share == 0) continue;
            uint256 dependencyId = dependencies[i].projectId;
            store.projectShares[dependencyId][token] += share;
            credited += share;
            emit IPledgeEscrow.DependencyShareCredited(campaignId, dependencyId, token, share);
        }
    }

    /// @notice Nominates a builder (see `IPledgeEscrow.nominateBuilder`).
    /// @param campaignId The campaign.
    /// @param nominee The nominee, or zero to clear the nomination.
    function nominateBuilder(uint256 campaignId, address nominee) external onlyDelegated {
        EscrowStorage.Campaign storage c = Campaigns.load(campaignId);
        EscrowStorage.Split storage split = EscrowStorage.layout().splits[campaignId];
        if (split.builderShareBps == 0) revert IPledgeEscrow.NoBuilderShare(campaignId);
        address builder = split.builder;
        // Before anyone accepts, the project's owner chooses (not any maintainer: one could name themselves, or
        // front-run the real builder's acceptance with a nomination of their own); afterwards only the builder hands
        // the role on, so nobody can replace a builder who accepted, least of all just before a claim.
        if (builder == address(0)) {
            uint256 projectId = c.projectId;
            if (registry.ownerOf(projectId) != msg.sender) revert IPledgeEscrow.NotProjectOwner(projectId, msg.sender);
        } else if (msg.sender != builder) {
            revert IPledgeEscrow.NotBuilder(campaignId, msg.sender);
        }
        split.nominee = nominee;
        emit IPledgeEscrow.BuilderNominated(campaignId, nominee, msg.sender);
    }

    /// @notice The nominee becomes the builder (see `IPledgeEscrow.acceptBuilder`).
    /// @param campaignId The campaign.
    function acceptBuilder(uint256 campaignId) external onlyDelegated {
        EscrowStorage.Campaign storage c = Campaigns.load(campaignId);
        EscrowStorage.Layout storage store = EscrowStorage.layout();
        EscrowStorage.Split storage split = store.splits[campaignId];
        // A zero nominee is nobody: the zero address cannot call.
        if (msg.sender != split.nominee) revert IPledgeEscrow.NotNominee(campaignId, msg.sender);
        address previous = split.builder;
        split.builder = msg.sender;
        delete split.nominee;
        // Shares wait only while nobody has accepted, so only a first builder finds any.
        uint256 waiting = split.waiting;
        if (waiting != 0) {
            delete split.waiting;
            delete split.waitingSince;
            store.builderShares[msg.sender][c.tokenOf(c.flags)] += waiting;
        }
        emit IPledgeEscrow.BuilderAccepted(campaignId, msg.sender, previous, waiting);
    }

    /// @notice Credits a builder share nobody accepted to the campaign's project (see
    /// `IPledgeEscrow.releaseWaitingBuilderShare`).
    /// @param campaignId The campaign.
    function releaseWaitingBuilderShare(uint256 campaignId) external onlyDelegated {
        EscrowStorage.Campaign storage c = Campaigns.load(campaignId);
        EscrowStorage.Layout storage store = EscrowStorage.layout();
        EscrowStorage.Split storage split = store.splits[campaignId];
        uint256 waiting = split.waiting;
        if (waiting == 0) revert IPledgeEscrow.NoWaitingBuilderShare(campaignId);
        uint256 releasableAt = split.waitingSince + Limits.BUILDER_ACCEPT_WINDOW;
        if (block.timestamp < releasableAt) revert IPledgeEscrow.BuilderShareStillWaiting(campaignId, releasableAt);
        delete split.waiting;
        delete split.waitingSince;
        uint256 projectId = c.projectId;
        store.projectShares[projectId][c.tokenOf(c.flags)] += waiting;
        emit IPledgeEscrow.WaitingBuilderShareReleased(campaignId, projectId, waiting);
    }

    /// @notice Pays the caller's builder credits in one token to an address of their choice (see
    /// `IPledgeEscrow.withdrawBuilderShares`).
    /// @param token The token (zero for ETH).
    /// @param to The recipient.
    function withdrawBuilderShares(address token, address to) external onlyDelegated nonReentrant {
        if (to == address(0)) revert IProtocolFees.ZeroAddress();
        _refuseProtocolContract(to);
        mapping(address => uint256) storage credits = EscrowStorage.layout().builderShares[msg.sender];
        uint256 amount = credits[token];
        if (amount == 0) revert IPledgeEscrow.NothingToWithdraw(token);
        delete credits[token];
        emit IPledgeEscrow.BuilderSharesWithdrawn(msg.sender, token, to, amount);
        Currency.send(token, to, amount);
    }

    /// @notice Pays a project's credits in one token to its payout address (see
    /// `IPledgeEscrow.withdrawProjectShares`).
    /// @param projectId The project.
    /// @param token The token (zero for ETH).
    function withdrawProjectShares(uint256 projectId, address token) external onlyDelegated nonReentrant {
        // One registry call, like a claim: the payout address, which is zero unless the caller maintains the project.
        address payout = registry.payoutForMaintainer(projectId, msg.sender);
        if (payout == address(0)) revert IPledgeEscrow.NotProjectMaintainer(projectId, msg.sender);
        _refuseProtocolContract(payout);
        mapping(address => uint256) storage credits = EscrowStorage.layout().projectShares[projectId];
        uint256 amount = credits[token];
        if (amount == 0) revert IPledgeEscrow.NothingToWithdraw(token);
        delete credits[token];
        emit IPledgeEscrow.ProjectSharesWithdrawn(projectId, token, payout, msg.sender, amount);
        Currency.send(token, payout, amount);
    }

    /// @notice Who else a campaign's claims pay (see `IPledgeEscrow.getSplit`).
    /// @param campaignId The campaign.
    /// @return view_ The split.
    function getSplit(uint256 campaignId) external view onlyDelegated returns (IPledgeEscrow.SplitView memory view_) {
        Campaigns.load(campaignId);
        EscrowStorage.Split storage split = EscrowStorage.layout().splits[campaignId];
        view_.builder = split.builder;
        view_.nominee = split.nominee;
        view_.builderShareBps = split.builderShareBps;
        view_.dependencyVersion = split.dependencyVersion;
        view_.dependencyShareBps = split.dependencyShareBps;
        view_.waiting = split.waiting;
        if (view_.waiting != 0) view_.releasableAt = split.waitingSince + Limits.BUILDER_ACCEPT_WINDOW;
    }

    /// @notice A builder's credits in one token (see `IPledgeEscrow.builderSharesOf`).
    /// @param builder The builder.
    /// @param token The token.
    /// @return The amount.
    function builderSharesOf(address builder, address token) external view onlyDelegated returns (uint256) {
        return EscrowStorage.layout().builderShares[builder][token];
    }

    /// @notice A project's credits in one token (see `IPledgeEscrow.projectSharesOf`).
    /// @param projectId The project.
    /// @param token The token.
    /// @return The amount.
    function projectSharesOf(uint256 projectId, address token) external view onlyDelegated returns (uint256) {
        return EscrowStorage.layout().projectShares[projectId][token];
    }

    /// @dev None of the protocol's own contracts could pass the money on (an ERC-20 sent to one would be lost in its
    /// balance): the same list a claim refuses as a payout. The escrow is `address(this)`; its module addresses are
    /// read from it (a call to itself, on a path that runs once per withdrawal).
    function _refuseProtocolContract(address recipient) private view {
        IPledgeEscrow escrow = IPledgeEscrow(address(this));
        if (
            recipient == address(this) || recipient == address(registry) || recipient == _SELF
                || recipient == escrow.milestoneReview() || recipient == escrow.campaignViews()
                || recipient == escrow.protocolAdmin() || recipient == escrow.bonusPool()
                || recipient == escrow.requestBoard()
        ) revert IPledgeEscrow.InvalidPayout(recipient);
    }
}
