// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IProjectRegistry
/// @notice The on-chain directory of open-source projects that can raise funds through OpenPledge.
/// @dev The escrow reads only `isMaintainer` and `payoutOf`; everything else serves tools and indexers.
interface IProjectRegistry {
    /// @notice The stored record of a project.
    /// @param owner Account that controls the project: maintainers, payout address and metadata.
    /// @param pendingOwner Account nominated by `owner` that has not yet accepted ownership (zero if none).
    /// @param payout Address that receives the funds of the project's successful campaigns.
    /// @param metadataURI Where the project's description lives (for example `ipfs://...` or `https://...`).
    /// @param repository The project's source repository URL (may be empty).
    struct Project {
        address owner;
        address pendingOwner;
        address payout;
        string metadataURI;
        string repository;
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
