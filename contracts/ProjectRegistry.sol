// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProjectRegistry} from "./interfaces/IProjectRegistry.sol";

/// @title ProjectRegistry
/// @notice Anyone registers an open-source project; its owner manages maintainers, payout address and metadata.
/// @dev There is no protocol-level admin here: a project is controlled by its owner alone.
contract ProjectRegistry is IProjectRegistry {
    /// @inheritdoc IProjectRegistry
    uint256 public projectCount;

    mapping(uint256 projectId => Project) private _projects;
    mapping(uint256 projectId => mapping(address account => bool)) private _maintainers;

    modifier onlyProjectOwner(uint256 projectId) {
        _checkProjectOwner(projectId);
        _;
    }

    /// @inheritdoc IProjectRegistry
    function registerProject(string calldata metadataURI, string calldata repository, address payout)
        external
        returns (uint256 projectId)
    {
        if (bytes(metadataURI).length == 0) revert EmptyMetadataURI();
        if (payout == address(0)) revert ZeroAddress();

        projectId = ++projectCount;
        Project storage project = _projects[projectId];
        project.owner = msg.sender;
        project.payout = payout;
        project.metadataURI = metadataURI;
        if (bytes(repository).length != 0) project.repository = repository;
        _maintainers[projectId][msg.sender] = true;

        emit ProjectRegistered(projectId, msg.sender, payout, metadataURI, repository);
        emit MaintainerAdded(projectId, msg.sender);
    }

    /// @inheritdoc IProjectRegistry
    function transferProjectOwnership(uint256 projectId, address newOwner) external onlyProjectOwner(projectId) {
        _projects[projectId].pendingOwner = newOwner;
        emit ProjectOwnershipTransferStarted(projectId, msg.sender, newOwner);
    }

    /// @inheritdoc IProjectRegistry
    function acceptProjectOwnership(uint256 projectId) external {
        Project storage project = _existing(projectId);
        if (project.pendingOwner != msg.sender) revert NotPendingOwner(projectId, msg.sender);
        address previousOwner = project.owner;
        project.owner = msg.sender;
        delete project.pendingOwner;
        emit ProjectOwnershipTransferred(projectId, previousOwner, msg.sender);
    }

    /// @inheritdoc IProjectRegistry
    function addMaintainer(uint256 projectId, address account) external onlyProjectOwner(projectId) {
        if (account == address(0)) revert ZeroAddress();
        if (_maintainers[projectId][account]) revert AlreadyMaintainer(projectId, account);
        _maintainers[projectId][account] = true;
        emit MaintainerAdded(projectId, account);
    }

    /// @inheritdoc IProjectRegistry
    function removeMaintainer(uint256 projectId, address account) external onlyProjectOwner(projectId) {
        if (!_maintainers[projectId][account]) revert NotMaintainer(projectId, account);
        delete _maintainers[projectId][account];
        emit MaintainerRemoved(projectId, account);
    }

    /// @inheritdoc IProjectRegistry
    function setPayoutAddress(uint256 projectId, address payout) external onlyProjectOwner(projectId) {
        if (payout == address(0)) revert ZeroAddress();
        _projects[projectId].payout = payout;
        emit PayoutAddressChanged(projectId, payout);
    }

    /// @inheritdoc IProjectRegistry
    function setProjectMetadata(uint256 projectId, string calldata metadataURI, string calldata repository)
        external
        onlyProjectOwner(projectId)
    {
        if (bytes(metadataURI).length == 0) revert EmptyMetadataURI();
        Project storage project = _projects[projectId];
        project.metadataURI = metadataURI;
        project.repository = repository;
        emit ProjectMetadataChanged(projectId, metadataURI, repository);
    }

    /// @inheritdoc IProjectRegistry
    function getProject(uint256 projectId) external view returns (Project memory) {
        return _existing(projectId);
    }

    /// @inheritdoc IProjectRegistry
    function isMaintainer(uint256 projectId, address account) external view returns (bool) {
        _existing(projectId);
        return _maintainers[projectId][account];
    }

    /// @inheritdoc IProjectRegistry
    function payoutOf(uint256 projectId) external view returns (address) {
        return _existing(projectId).payout;
    }

    /// @inheritdoc IProjectRegistry
    function payoutForMaintainer(uint256 projectId, address account) external view returns (address) {
        // Only registered projects have maintainers, so no existence check is needed: one slot fewer per claim.
        return _maintainers[projectId][account] ? _projects[projectId].payout : address(0);
    }

    /// @notice Reverts unless the caller owns the project.
    /// @param projectId The project.
    function _checkProjectOwner(uint256 projectId) private view {
        if (_existing(projectId).owner != msg.sender) revert NotProjectOwner(projectId, msg.sender);
    }

    /// @notice The storage of an existing project; reverts for unknown ids.
    /// @param projectId The project.
    /// @return project Its storage.
    function _existing(uint256 projectId) private view returns (Project storage project) {
        project = _projects[projectId];
        if (project.owner == address(0)) revert UnknownProject(projectId);
    }
}
