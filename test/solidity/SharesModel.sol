// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PledgeEscrow} from "../../contracts/PledgeEscrow.sol";
import {IPledgeEscrow} from "../../contracts/interfaces/IPledgeEscrow.sol";
import {IProjectRegistry} from "../../contracts/interfaces/IProjectRegistry.sol";
import {IProtocolFees} from "../../contracts/interfaces/IProtocolFees.sol";

/// @title SharesModel
/// @notice The builder and dependency shares of issue 13, written again from the design (shares-design.md), not from
/// the contracts, as a model the invariant handler checks every share call against: each project's versioned
/// dependency lists (append-only; version 0 is the empty list), what a campaign freezes at opening (its builder share
/// and the project's current version), the builder's nomination, acceptance and hand-on, what waits for a builder and
/// when it falls to the project, each claim's split (fee, builder, each dependency: floor(gross x bps / 10,000); the
/// project gets the rest), every recipient's credit per token and what each may withdraw, and the exact error of
/// every refusal.
/// @dev The campaigns are all of project 1, whose owner is the handler's maintainer; projects 2 to `PROJECTS` are
/// dependency candidates. Each project has its owner and a second maintainer, and each dependency project a payout
/// address, from the helpers below (the invariant test registers them with these). Every builder is one of
/// `BUILDERS` accounts. Only the bound handler may book calls.
contract SharesModel {
    uint256 internal constant BPS = 10_000;
    /// @notice The largest protocol fee: builder + dependencies + this never exceed 10,000.
    uint256 internal constant MAX_FEE_BPS = 500;
    uint256 internal constant MAX_DEPENDENCIES = 16;
    uint256 internal constant MAX_DEPENDENCY_SHARE_BPS = 5_000;
    uint256 internal constant ACCEPT_WINDOW = 180 days;
    /// @notice Projects 1 (the campaigns') to 7: six dependency candidates, so a list crosses the registry's packing of
    /// five entries to a word.
    uint256 public constant PROJECTS = 7;
    /// @notice Accounts that may become builders: three of their own and the maintainer of project 1.
    uint256 public constant BUILDERS = 4;
    /// @notice Token index 0 is ETH, 1 is the ERC-20.
    uint256 internal constant TOKENS = 2;

    /// @notice A campaign's split as the rules make it.
    struct Split {
        uint256 builderShareBps;
        uint256 dependencyVersion;
        uint256 dependencyShareBps;
        address builder;
        address nominee;
        uint256 waiting;
        uint256 waitingSince;
        uint256 tokenIndex;
        uint256 feeBps;
    }

    /// @notice One claim's split.
    struct Parts {
        uint256 fee;
        uint256 builder;
        uint256 dependencies;
        uint256 project;
    }

    /// @notice `bind` was called a second time.
    error AlreadyBound();

    /// @notice Someone other than the bound handler tried to book a call.
    error OnlyHandler();

    /// @notice The escrow whose shares are modelled.
    PledgeEscrow public immutable escrow;
    /// @notice Its registry.
    IProjectRegistry public immutable registry;
    /// @notice The ERC-20 campaigns may use (token index 1).
    address public immutable token;
    /// @notice The maintainer (and owner) of project 1, who opens the campaigns.
    address public immutable maintainer;
    /// @notice Project 1's payout address.
    address public immutable payout;
    /// @notice The one handler allowed to book calls.
    address public handler;

    /// @notice Each project's current dependency version (zero: never declared).
    mapping(uint256 projectId => uint256) public versionOf;
    mapping(uint256 projectId => mapping(uint256 version => IProjectRegistry.Dependency[])) internal _lists;
    /// @notice The total share of each version.
    mapping(uint256 projectId => mapping(uint256 version => uint256)) public totalOf;
    /// @notice Each project's payout address now (the handler changes the dependency projects').
    mapping(uint256 projectId => address) public payoutOf;

    mapping(uint256 campaignId => Split) internal _splits;
    /// @notice What each builder may withdraw now, per token index.
    mapping(address builder => mapping(uint256 tokenIndex => uint256)) public builderCredit;
    /// @notice What each project may withdraw now, per token index.
    mapping(uint256 projectId => mapping(uint256 tokenIndex => uint256)) public projectCredit;
    /// @notice All that was ever credited to each builder (claims with a builder, and waiting shares taken).
    mapping(address builder => mapping(uint256 tokenIndex => uint256)) public creditedToBuilder;
    /// @notice All that was ever credited to each project (dependency shares, and waiting shares released).
    mapping(uint256 projectId => mapping(uint256 tokenIndex => uint256)) public creditedToProject;
    /// @notice What each builder's withdrawals paid, as the recipients' balances measured it.
    mapping(address builder => mapping(uint256 tokenIndex => uint256)) public withdrawnByBuilder;
    /// @notice What each project's withdrawals paid to its payout address, as measured.
    mapping(uint256 projectId => mapping(uint256 tokenIndex => uint256)) public withdrawnByProject;
    /// @notice All that claims credited, per token: builder shares (to a builder or waiting) and dependency shares.
    mapping(uint256 tokenIndex => uint256) public creditedTotal;
    /// @notice All that the claims released, per token (gross, fee included).
    mapping(uint256 tokenIndex => uint256) public grossTotal;

    /// @notice Models the shares of `escrow_`'s campaigns; project 1 is `maintainer_`'s, paying `payout_`.
    constructor(PledgeEscrow escrow_, address token_, address maintainer_, address payout_) {
        escrow = escrow_;
        registry = escrow_.registry();
        token = token_;
        maintainer = maintainer_;
        payout = payout_;
        payoutOf[1] = payout_;
        for (uint256 p = 2; p <= PROJECTS; ++p) {
            payoutOf[p] = payoutAt(p, 0);
        }
    }

    /// @notice Binds the handler, once.
    function bind(address handler_) external {
        if (handler != address(0)) revert AlreadyBound();
        handler = handler_;
    }

    modifier onlyHandler() {
        if (msg.sender != handler) revert OnlyHandler();
        _;
    }

    // ------------------------------------------------------------------ the accounts

    /// @notice The owner of dependency project `projectId` (2 to `PROJECTS`); project 1's is the maintainer.
    function ownerOf(uint256 projectId) public view returns (address) {
        if (projectId == 1) return maintainer;
        return address(uint160(0xDE0000 + projectId));
    }

    /// @notice A second maintainer of project `projectId`, who is not its owner.
    function secondMaintainerOf(uint256 projectId) public pure returns (address) {
        return address(uint160(0xDE1000 + projectId));
    }

    /// @notice The payout addresses a dependency project switches between (`which` 0 is the one it registers with).
    function payoutAt(uint256 projectId, uint256 which) public pure returns (address) {
        return address(uint160(0xDE2000 + 0x100 * (which % 2) + projectId));
    }

    /// @notice Whether `account` maintains `projectId`: its owner and its second maintainer; nobody for unknown
    /// projects.
    function isMaintainer(uint256 projectId, address account) public view returns (bool) {
        if (projectId == 0 || projectId > PROJECTS) return false;
        return account == ownerOf(projectId) || account == secondMaintainerOf(projectId);
    }

    /// @notice The builder an index names: three accounts of their own, then the maintainer of project 1.
    function builderAt(uint256 seed) public view returns (address) {
        uint256 index = seed % BUILDERS;
        if (index == BUILDERS - 1) return maintainer;
        return address(uint160(0xBD0001 + index));
    }

    /// @notice The address of a token index (zero for ETH).
    function tokenAt(uint256 tokenIndex) public view returns (address) {
        return tokenIndex == 0 ? address(0) : token;
    }

    /// @notice Whether `account` is one of the protocol's own contracts, which can pass no money on.
    function isProtocolContract(address account) public view returns (bool) {
        return account == address(escrow) || account == address(registry) || account == escrow.milestoneReview()
            || account == escrow.campaignViews() || account == escrow.protocolAdmin() || account == escrow.bonusPool()
            || account == escrow.shareLedger() || account == escrow.requestBoard();
    }

    // ------------------------------------------------------------------ views

    /// @notice A campaign's split.
    function splitOf(uint256 id) external view returns (Split memory) {
        return _splits[id];
    }

    /// @notice A version of a project's dependency list (version 0 and versions not declared yet are empty).
    function listOf(uint256 projectId, uint256 version) public view returns (IProjectRegistry.Dependency[] memory) {
        return _lists[projectId][version];
    }

    /// @notice The first second a campaign's waiting builder share may be released (zero when nothing waits).
    function releasableAt(uint256 id) public view returns (uint256) {
        Split storage s = _splits[id];
        return s.waiting == 0 ? 0 : s.waitingSince + ACCEPT_WINDOW;
    }

    /// @notice The split of `gross` released by a claim of campaign `id`: each share rounds down, the project gets
    /// the rest, dust included.
    function partsOf(uint256 id, uint256 gross) public view returns (Parts memory parts) {
        Split storage s = _splits[id];
        parts.fee = (gross * s.feeBps) / BPS;
        parts.builder = (gross * s.builderShareBps) / BPS;
        IProjectRegistry.Dependency[] storage list = _lists[1][s.dependencyVersion];
        for (uint256 i = 0; i < list.length; ++i) {
            parts.dependencies += (gross * list[i].shareBps) / BPS;
        }
        parts.project = gross - parts.fee - parts.builder - parts.dependencies;
    }

    // ------------------------------------------------------------------ what each call must do

    /// @notice What `setDependencies(projectId, list)` by `caller` must do: revert with this error, or (empty) succeed.
    function expectedSetDependencies(uint256 projectId, address caller, IProjectRegistry.Dependency[] calldata list)
        external
        view
        returns (bytes memory)
    {
        if (projectId == 0 || projectId > PROJECTS) {
            return abi.encodeWithSelector(IProjectRegistry.UnknownProject.selector, projectId);
        }
        if (caller != ownerOf(projectId)) {
            return abi.encodeWithSelector(IProjectRegistry.NotProjectOwner.selector, projectId, caller);
        }
        if (list.length > MAX_DEPENDENCIES) {
            return abi.encodeWithSelector(IProjectRegistry.TooManyDependencies.selector, list.length, MAX_DEPENDENCIES);
        }
        uint256 total;
        for (uint256 i = 0; i < list.length; ++i) {
            uint256 dependencyId = list[i].projectId;
            if (dependencyId == projectId) {
                return abi.encodeWithSelector(IProjectRegistry.SelfDependency.selector, projectId);
            }
            if (dependencyId == 0 || dependencyId > PROJECTS) {
                return abi.encodeWithSelector(IProjectRegistry.UnknownProject.selector, dependencyId);
            }
            if (list[i].shareBps == 0) {
                return abi.encodeWithSelector(IProjectRegistry.ZeroDependencyShare.selector, dependencyId);
            }
            for (uint256 j = 0; j < i; ++j) {
                if (list[j].projectId == dependencyId) {
                    return abi.encodeWithSelector(IProjectRegistry.DuplicateDependency.selector, dependencyId);
                }
            }
            total += list[i].shareBps;
        }
        if (total > MAX_DEPENDENCY_SHARE_BPS) {
            return abi.encodeWithSelector(
                IProjectRegistry.DependencySharesTooLarge.selector, total, MAX_DEPENDENCY_SHARE_BPS
            );
        }
        return "";
    }

    /// @notice What opening a campaign of project 1 with `builderShareBps` must do: `SharesTooLarge` when the builder
    /// share, the current dependency shares and the largest fee pass 10,000; otherwise succeed.
    function expectedOpening(uint256 builderShareBps) external view returns (bytes memory) {
        uint256 dependencyShare = totalOf[1][versionOf[1]];
        if (builderShareBps + dependencyShare + MAX_FEE_BPS <= BPS) return "";
        return abi.encodeWithSelector(
            IPledgeEscrow.SharesTooLarge.selector, builderShareBps, dependencyShare, BPS - MAX_FEE_BPS - dependencyShare
        );
    }

    /// @notice The largest builder share project 1's current dependency list leaves.
    function maxBuilderShare() external view returns (uint256) {
        return BPS - MAX_FEE_BPS - totalOf[1][versionOf[1]];
    }

    /// @notice What a nomination by `caller` must do: no builder share, no builder; before anyone accepted only the
    /// project's owner nominates (not any maintainer), afterwards only the builder (neither the owner nor any
    /// maintainer may replace a builder who accepted).
    function expectedNominate(uint256 id, address caller) external view returns (bytes memory) {
        Split storage s = _splits[id];
        if (s.builderShareBps == 0) return abi.encodeWithSelector(IPledgeEscrow.NoBuilderShare.selector, id);
        if (s.builder == address(0)) {
            if (caller != ownerOf(1)) return abi.encodeWithSelector(IPledgeEscrow.NotProjectOwner.selector, 1, caller);
        } else if (caller != s.builder) {
            return abi.encodeWithSelector(IPledgeEscrow.NotBuilder.selector, id, caller);
        }
        return "";
    }

    /// @notice What an acceptance by `caller` must do: only the nominee (nobody while none is nominated).
    function expectedAccept(uint256 id, address caller) external view returns (bytes memory) {
        address nominee = _splits[id].nominee;
        if (nominee == address(0) || caller != nominee) {
            return abi.encodeWithSelector(IPledgeEscrow.NotNominee.selector, id, caller);
        }
        return "";
    }

    /// @notice What releasing a campaign's waiting builder share must do now: refused while nothing waits or until
    /// 180 days after the last waiting credit.
    function expectedRelease(uint256 id) external view returns (bytes memory) {
        Split storage s = _splits[id];
        if (s.waiting == 0) return abi.encodeWithSelector(IPledgeEscrow.NoWaitingBuilderShare.selector, id);
        uint256 at = s.waitingSince + ACCEPT_WINDOW;
        if (block.timestamp < at) {
            return abi.encodeWithSelector(IPledgeEscrow.BuilderShareStillWaiting.selector, id, at);
        }
        return "";
    }

    /// @notice What `withdrawBuilderShares(token, to)` by `caller` must do and pay.
    function expectedBuilderWithdrawal(address caller, uint256 tokenIndex, address to)
        external
        view
        returns (bytes memory expected, uint256 amount)
    {
        if (to == address(0)) return (abi.encodeWithSelector(IProtocolFees.ZeroAddress.selector), 0);
        if (isProtocolContract(to)) return (abi.encodeWithSelector(IPledgeEscrow.InvalidPayout.selector, to), 0);
        amount = builderCredit[caller][tokenIndex];
        if (amount == 0) {
            expected = abi.encodeWithSelector(IPledgeEscrow.NothingToWithdraw.selector, tokenAt(tokenIndex));
        }
    }

    /// @notice What `withdrawProjectShares(projectId, token)` by `caller` must do and pay, and to whom: the project's
    /// payout address at this time.
    function expectedProjectWithdrawal(uint256 projectId, address caller, uint256 tokenIndex)
        external
        view
        returns (bytes memory expected, uint256 amount, address to)
    {
        if (!isMaintainer(projectId, caller)) {
            expected = abi.encodeWithSelector(IPledgeEscrow.NotProjectMaintainer.selector, projectId, caller);
            return (expected, 0, address(0));
        }
        to = payoutOf[projectId];
        if (isProtocolContract(to)) return (abi.encodeWithSelector(IPledgeEscrow.InvalidPayout.selector, to), 0, to);
        amount = projectCredit[projectId][tokenIndex];
        if (amount == 0) {
            expected = abi.encodeWithSelector(IPledgeEscrow.NothingToWithdraw.selector, tokenAt(tokenIndex));
        }
    }

    // ------------------------------------------------------------------ booking what succeeded

    /// @notice Books a new version of a project's list; returns its number.
    function bookDependencies(uint256 projectId, IProjectRegistry.Dependency[] calldata list)
        external
        onlyHandler
        returns (uint256 version)
    {
        version = ++versionOf[projectId];
        uint256 total;
        for (uint256 i = 0; i < list.length; ++i) {
            _lists[projectId][version].push(list[i]);
            total += list[i].shareBps;
        }
        totalOf[projectId][version] = total;
    }

    /// @notice Books a new payout address of a project.
    function bookPayout(uint256 projectId, address newPayout) external onlyHandler {
        payoutOf[projectId] = newPayout;
    }

    /// @notice Books an opened campaign of project 1: it freezes its builder share, the fee it records and the
    /// project's current dependency version.
    function bookOpening(uint256 id, uint256 builderShareBps, uint256 tokenIndex, uint256 feeBps) external onlyHandler {
        uint256 version = versionOf[1];
        _splits[id] = Split({
            builderShareBps: builderShareBps,
            dependencyVersion: version,
            dependencyShareBps: totalOf[1][version],
            builder: address(0),
            nominee: address(0),
            waiting: 0,
            waitingSince: 0,
            tokenIndex: tokenIndex,
            feeBps: feeBps
        });
    }

    /// @notice Books a nomination (zero clears it).
    function bookNominate(uint256 id, address nominee) external onlyHandler {
        _splits[id].nominee = nominee;
    }

    /// @notice Books an acceptance: the nominee becomes the builder and takes what waits; returns that.
    function bookAccept(uint256 id, address builder) external onlyHandler returns (uint256 taken) {
        Split storage s = _splits[id];
        s.builder = builder;
        s.nominee = address(0);
        taken = s.waiting;
        s.waiting = 0;
        s.waitingSince = 0;
        builderCredit[builder][s.tokenIndex] += taken;
        creditedToBuilder[builder][s.tokenIndex] += taken;
    }

    /// @notice Books a release: what waited is project 1's credit now; returns it.
    function bookRelease(uint256 id) external onlyHandler returns (uint256 released) {
        Split storage s = _splits[id];
        released = s.waiting;
        s.waiting = 0;
        s.waitingSince = 0;
        projectCredit[1][s.tokenIndex] += released;
        creditedToProject[1][s.tokenIndex] += released;
    }

    /// @notice Books a claim that released `gross`: the builder's share to the builder, or waiting (from now) while
    /// none accepted; each dependency's share of the frozen version to that project. Returns the split.
    function bookClaim(uint256 id, uint256 gross) external onlyHandler returns (Parts memory parts) {
        parts = partsOf(id, gross);
        Split storage s = _splits[id];
        uint256 t = s.tokenIndex;
        if (parts.builder != 0) {
            if (s.builder == address(0)) {
                s.waiting += parts.builder;
                s.waitingSince = block.timestamp;
            } else {
                builderCredit[s.builder][t] += parts.builder;
                creditedToBuilder[s.builder][t] += parts.builder;
            }
        }
        IProjectRegistry.Dependency[] storage list = _lists[1][s.dependencyVersion];
        for (uint256 i = 0; i < list.length; ++i) {
            uint256 share = (gross * list[i].shareBps) / BPS;
            projectCredit[list[i].projectId][t] += share;
            creditedToProject[list[i].projectId][t] += share;
        }
        creditedTotal[t] += parts.builder + parts.dependencies;
        grossTotal[t] += gross;
    }

    /// @notice Books a builder's withdrawal of their whole credit in the token, and what it paid (measured by the
    /// handler).
    function bookBuilderWithdrawal(address builder, uint256 tokenIndex, uint256 paid) external onlyHandler {
        builderCredit[builder][tokenIndex] = 0;
        withdrawnByBuilder[builder][tokenIndex] += paid;
    }

    /// @notice Books a project's withdrawal of its whole credit in the token, and what it paid (measured by the
    /// handler).
    function bookProjectWithdrawal(uint256 projectId, uint256 tokenIndex, uint256 paid) external onlyHandler {
        projectCredit[projectId][tokenIndex] = 0;
        withdrawnByProject[projectId][tokenIndex] += paid;
    }

    // ------------------------------------------------------------------ observations

    /// @notice Compares a campaign's split (`getSplit`) with the model; returns the first difference ("" when none).
    /// A campaign opened without any share records no split: the view then shows zeros.
    function observeSplit(uint256 id) external view returns (string memory) {
        Split storage s = _splits[id];
        IPledgeEscrow.SplitView memory v = escrow.getSplit(id);
        bool recorded = s.builderShareBps != 0 || s.dependencyShareBps != 0;
        if (v.builder != s.builder) return "split: builder != model";
        if (v.nominee != s.nominee) return "split: nominee != model";
        if (v.builderShareBps != s.builderShareBps) return "split: builder share changed";
        if (v.dependencyShareBps != s.dependencyShareBps) return "split: dependency share changed";
        if (v.dependencyVersion != (recorded ? s.dependencyVersion : 0)) return "split: dependency version changed";
        if (v.waiting != s.waiting) return "split: waiting != model";
        if (v.releasableAt != releasableAt(id)) return "split: releasableAt != last waiting credit + 180 days";
        return "";
    }

    /// @notice Compares every builder's and every project's credit in both tokens with the model.
    function observeCredits() external view returns (string memory) {
        for (uint256 t = 0; t < TOKENS; ++t) {
            for (uint256 b = 0; b < BUILDERS; ++b) {
                address builder = builderAt(b);
                if (escrow.builderSharesOf(builder, tokenAt(t)) != builderCredit[builder][t]) {
                    return "builderSharesOf != model";
                }
            }
            for (uint256 p = 1; p <= PROJECTS; ++p) {
                if (escrow.projectSharesOf(p, tokenAt(t)) != projectCredit[p][t]) return "projectSharesOf != model";
            }
        }
        return "";
    }

    /// @notice Compares a project's current version, its total and the stored list of `version` with the model.
    function observeDependencies(uint256 projectId, uint256 version) external view returns (string memory) {
        IProjectRegistry.Project memory p = registry.getProject(projectId);
        uint256 current = versionOf[projectId];
        if (p.dependencyVersion != current) return "registry: dependency version != model";
        if (p.dependencyShareBps != totalOf[projectId][current]) return "registry: dependency share != model";
        if (version > current) return "";
        IProjectRegistry.Dependency[] memory stored = registry.getDependencies(projectId, version);
        IProjectRegistry.Dependency[] storage list = _lists[projectId][version];
        if (stored.length != list.length) return "registry: list length != model (packing)";
        for (uint256 i = 0; i < list.length; ++i) {
            if (stored[i].projectId != list[i].projectId || stored[i].shareBps != list[i].shareBps) {
                return "registry: list entry != model (packing)";
            }
        }
        return "";
    }
}
