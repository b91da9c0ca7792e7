// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IProjectRegistry
/// @notice The on-chain directory of open-source projects that can raise funds through OpenPledge.
/// @dev The escrow reads `isMaintainer`, `payoutForMaintainer`, `openingTermsFor`, `getDependencies` and `ownerOf`;
/// everything else serves tools and indexers.
interface IProjectRegistry {
    /// @notice The stored record of a project.
    /// @param owner Account that controls the project: maintainers, payout address, dependencies and metadata.
    /// @param dependencyVersion The current version of its dependency list (zero: it never declared one); campaigns
    /// opened now freeze this version.
    /// @param dependencyShareBps The total share of that version, in basis points.
    /// @param pendingOwner Account nominated by `owner` that has not yet accepted ownership (zero if none).
    /// @param payout Address that receives the funds of the project's successful campaigns.
    /// @param metadataURI Where the project's description lives (for example `ipfs://...` or `https://...`).
    /// @param repository The project's source repository URL (may be empty).
    struct Project {
        address owner;
        uint32 dependencyVersion;
        uint16 dependencyShareBps;
        address pendingOwner;
        address payout;
        string metadataURI;
        string repository;
    }

    /// @notice One project a project depends on, and its share of every claim of the depending project's campaigns.
    /// @dev Basis points of the gross amount (10,000 = 100%), like a 0xSplits or Drips receiver with a fixed total: a
    /// bridge to either is a multiplication (parts per million = basis points x 100).
    /// @param projectId The dependency's project id in this registry.
    /// @param shareBps Its share, in basis points.
    struct Dependency {
        uint32 projectId;
        uint16 shareBps;
    }

    /// @notice A project was registered.
    /// @param projectId Sequential id of the new project, starting at 1.
    /// @param owner The registrant, who owns the project and is its first maintainer.
    /// @param payout Address that receives the project's funds.
    /// @param metadataURI The project's metadata URI.
    /// @param repository The project's repository URL.
    event ProjectRegistered(
        uint256 indexed projectId, address indexed owner, address payout, string metadataURI, string repository
    );

    /// @notice The owner nominated a new owner, who must accept (zero cancels a nomination).
    /// @param projectId The project.
    /// @param owner The current owner.
    /// @param pendingOwner The nominated owner.
    event ProjectOwnershipTransferStarted(
        uint256 indexed projectId, address indexed owner, address indexed pendingOwner
    );

    /// @notice Ownership of a project changed hands.
    /// @param projectId The project.
    /// @param previousOwner The former owner.
    /// @param newOwner The new owner.
    event ProjectOwnershipTransferred(
        uint256 indexed projectId, address indexed previousOwner, address indexed newOwner
    );

    /// @notice An account became a maintainer of a project.
    /// @param projectId The project.
    /// @param account The new maintainer.
    event MaintainerAdded(uint256 indexed projectId, address indexed account);

    /// @notice An account stopped being a maintainer of a project.
    /// @param projectId The project.
    /// @param account The former maintainer.
    event MaintainerRemoved(uint256 indexed projectId, address indexed account);

    /// @notice The payout address of a project changed.
    /// @param projectId The project.
    /// @param payout The new payout address.
    event PayoutAddressChanged(uint256 indexed projectId, address indexed payout);

    /// @notice The metadata of a project changed.
    /// @param projectId The project.
    /// @param metadataURI The new metadata URI.
    /// @param repository The new repository URL.
    event ProjectMetadataChanged(uint256 indexed projectId, string metadataURI, string repository);

    /// @notice The owner declared a new version of the project's dependency list. Earlier versions stay readable, and
    /// the campaigns that froze one keep paying it.
    /// @param projectId The project.
    /// @param version The new version: one more than the previous, the first is 1.
    /// @param dependencies The list (may be empty: no dependency shares for campaigns opened from now on).
    /// @param totalShareBps The sum of the shares, in basis points.
    event DependenciesSet(
        uint256 indexed projectId, uint256 indexed version, Dependency[] dependencies, uint256 totalShareBps
    );

    /// @notice The metadata URI given was empty.
    error EmptyMetadataURI();

    /// @notice An address that must not be zero was zero.
    error ZeroAddress();

    /// @notice No project has this id.
    /// @param projectId The id asked for.
    error UnknownProject(uint256 projectId);

    /// @notice The caller is not the project's owner.
    /// @param projectId The project.
    /// @param caller The caller.
    error NotProjectOwner(uint256 projectId, address caller);

    /// @notice The caller is not the project's nominated owner.
    /// @param projectId The project.
    /// @param caller The caller.
    error NotPendingOwner(uint256 projectId, address caller);

    /// @notice The account is already a maintainer of the project.
    /// @param projectId The project.
    /// @param account The account.
    error AlreadyMaintainer(uint256 projectId, address account);

    /// @notice The account is not a maintainer of the project.
    /// @param projectId The project.
    /// @param account The account.
    error NotMaintainer(uint256 projectId, address account);

    /// @notice A project may not list itself as a dependency.
    /// @param projectId The project.
    error SelfDependency(uint256 projectId);

    /// @notice The same project appears twice in a dependency list.
    /// @param dependencyId The repeated project.
    error DuplicateDependency(uint256 dependencyId);

    /// @notice A dependency's share is zero: leave it out instead.
    /// @param dependencyId The dependency.
    error ZeroDependencyShare(uint256 dependencyId);

    /// @notice The list is longer than `MAX_DEPENDENCIES`.
    /// @param count Its length.
    /// @param max The most allowed.
    error TooManyDependencies(uint256 count, uint256 max);

    /// @notice The shares add up to more than `MAX_DEPENDENCY_SHARE_BPS`.
    /// @param totalShareBps Their sum, in basis points.
    /// @param max The most allowed, in basis points.
    error DependencySharesTooLarge(uint256 totalShareBps, uint256 max);

    /// @notice The project has already declared 2^32 - 1 versions of its dependency list.
    /// @param projectId The project.
    error TooManyDependencyVersions(uint256 projectId);

    /// @notice Registers a project owned by the caller, who also becomes its first maintainer.
    /// @param metadataURI Where the project's description lives; must not be empty.
    /// @param repository The project's repository URL; may be empty.
    /// @param payout Address that receives the funds of successful campaigns; must not be zero.
    /// @return projectId The new project's id.
    function registerProject(string calldata metadataURI, string calldata repository, address payout)
        external
        returns (uint256 projectId);

    /// @notice Starts a two-step transfer of ownership; the nominee must call `acceptProjectOwnership`.
    /// @dev Nominating the zero address cancels a pending transfer.
    /// @param projectId The project.
    /// @param newOwner The nominated owner.
    function transferProjectOwnership(uint256 projectId, address newOwner) external;

    /// @notice Completes a transfer of ownership; callable only by the nominated owner.
    /// @param projectId The project.
    function acceptProjectOwnership(uint256 projectId) external;

    /// @notice Adds a maintainer; only the owner.
    /// @param projectId The project.
    /// @param account The account to add; must not be zero or already a maintainer.
    function addMaintainer(uint256 projectId, address account) external;

    /// @notice Removes a maintainer; only the owner.
    /// @param projectId The project.
    /// @param account The account to remove; must be a maintainer.
    function removeMaintainer(uint256 projectId, address account) external;

    /// @notice Sets the address that receives the project's funds; only the owner.
    /// @param projectId The project.
    /// @param payout The new payout address; must not be zero.
    function setPayoutAddress(uint256 projectId, address payout) external;

    /// @notice Replaces the project's metadata URI and repository URL; only the owner.
    /// @param projectId The project.
    /// @param metadataURI The new metadata URI; must not be empty.
    /// @param repository The new repository URL; may be empty.
    function setProjectMetadata(uint256 projectId, string calldata metadataURI, string calldata repository) external;

    /// @notice Declares a new version of the project's dependency list; only the owner (it directs the project's
    /// money, like the payout address). Campaigns opened from now on freeze this version and credit each dependency
    /// its share of every claim; campaigns already open keep the version they froze.
    /// @dev Append-only: the version number grows by one and earlier versions are never changed. At most
    /// `MAX_DEPENDENCIES` entries whose shares add up to at most `MAX_DEPENDENCY_SHARE_BPS`; every id is a registered
    /// project other than this one, listed once, with a share above zero.
    /// @param projectId The project.
    /// @param dependencies The new list; empty to stop sharing with dependencies.
    /// @return version The new version.
    function setDependencies(uint256 projectId, Dependency[] calldata dependencies) external returns (uint256 version);

    /// @notice Most dependencies in one list.
    /// @return The bound (16).
    function MAX_DEPENDENCIES() external view returns (uint256);

    /// @notice Largest total share of a dependency list, in basis points.
    /// @return The bound (5,000: half of every claim).
    function MAX_DEPENDENCY_SHARE_BPS() external view returns (uint256);

    /// @notice One version of a project's dependency list; reverts with `UnknownProject` for an unknown project.
    /// Version zero, and any version not yet declared, is empty.
    /// @param projectId The project.
    /// @param version The version.
    /// @return The dependencies of that version, in the order they were declared.
    function getDependencies(uint256 projectId, uint256 version) external view returns (Dependency[] memory);

    /// @notice What opening a campaign needs of the registry, in one call: whether `account` maintains the project,
    /// and the dependency list a campaign opened now freezes. Reverts with `UnknownProject` for an unknown id.
    /// @param projectId The project.
    /// @param account The account opening the campaign.
    /// @return maintainer Whether it maintains the project.
    /// @return dependencyVersion The current version of the project's dependency list.
    /// @return dependencyShareBps Its total share, in basis points.
    function openingTermsFor(uint256 projectId, address account)
        external
        view
        returns (bool maintainer, uint256 dependencyVersion, uint256 dependencyShareBps);

    /// @notice Number of projects registered so far; ids run from 1 to this number.
    /// @return The number of projects.
    function projectCount() external view returns (uint256);

    /// @notice The full record of a project; reverts with `UnknownProject` for an unknown id.
    /// @param projectId The project.
    /// @return The project's record.
    function getProject(uint256 projectId) external view returns (Project memory);

    /// @notice Whether `account` maintains the project; reverts with `UnknownProject` for an unknown id.
    /// @param projectId The project.
    /// @param account The account.
    /// @return True when the account is a maintainer.
    function isMaintainer(uint256 projectId, address account) external view returns (bool);

    /// @notice The project's owner; reverts with `UnknownProject` for an unknown id.
    /// @param projectId The project.
    /// @return The owner.
    function ownerOf(uint256 projectId) external view returns (address);

    /// @notice The project's payout address; reverts with `UnknownProject` for an unknown id.
    /// @param projectId The project.
    /// @return The payout address.
    function payoutOf(uint256 projectId) external view returns (address);

    /// @notice The project's payout address if `account` maintains it, the zero address otherwise (also for unknown
    /// projects): what a claim needs of the registry, in one call.
    /// @param projectId The project.
    /// @param account The account.
    /// @return The payout address, or zero.
    function payoutForMaintainer(uint256 projectId, address account) external view returns (address);
}
