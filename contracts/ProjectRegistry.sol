// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProjectRegistry} from "./interfaces/IProjectRegistry.sol";

/// @title ProjectRegistry
/// @notice Anyone registers an open-source project; its owner manages maintainers, payout address, dependency list and
/// metadata.
/// @dev There is no protocol-level admin here: a project is controlled by its owner alone.
contract ProjectRegistry is IProjectRegistry {
    /// @inheritdoc IProjectRegistry
    uint256 public constant MAX_DEPENDENCIES = 16;
    /// @inheritdoc IProjectRegistry
    uint256 public constant MAX_DEPENDENCY_SHARE_BPS = 5_000;

    uint256 private constant _PER_WORD = 5;
    uint256 private constant _DEPENDENCY_WORDS = 4; // ceil(MAX_DEPENDENCIES / _PER_WORD)
    uint256 private constant _ENTRY_BITS = 48;

    /// @inheritdoc IProjectRegistry
    uint256 public projectCount;

    mapping(uint256 projectId => Project) private _projects;
    mapping(uint256 projectId => mapping(address account => bool)) private _maintainers;
    // Each version of a dependency list, packed five entries to a word (48 bits each: project id 32 | share 16), so a
    // claim reads one word for up to five dependencies; an entry with project id zero ends the list.
    mapping(uint256 projectId => mapping(uint256 version => uint256[_DEPENDENCY_WORDS])) private _dependencies;

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
    function setDependencies(uint256 projectId, Dependency[] calldata dependencies)
        external
        onlyProjectOwner(projectId)
        returns (uint256 version)
    {
        uint256 count = dependencies.length;
        if (count > MAX_DEPENDENCIES) revert TooManyDependencies(count, MAX_DEPENDENCIES);
        Project storage project = _projects[projectId];
        version = uint256(project.dependencyVersion) + 1;
        if (version > type(uint32).max) revert TooManyDependencyVersions(projectId);
        uint256 total;
        uint256[_DEPENDENCY_WORDS] memory words;
        for (uint256 i; i < count; ++i) {
            Dependency calldata dependency = dependencies[i];
            uint256 dependencyId = dependency.projectId;
            uint256 share = dependency.shareBps;
            if (dependencyId == projectId) revert SelfDependency(projectId);
            if (_projects[dependencyId].owner == address(0)) revert UnknownProject(dependencyId);
            if (share == 0) revert ZeroDependencyShare(dependencyId);
            // At most 16 entries: the quadratic duplicate check is bounded (120 comparisons) and needs no storage.
            for (uint256 j; j < i; ++j) {
                if (dependencies[j].projectId == dependencyId) revert DuplicateDependency(dependencyId);
            }
            total += share;
            words[i / _PER_WORD] |= ((dependencyId << 16) | share) << (_ENTRY_BITS * (i % _PER_WORD));
        }
        if (total > MAX_DEPENDENCY_SHARE_BPS) revert DependencySharesTooLarge(total, MAX_DEPENDENCY_SHARE_BPS);
        uint256[_DEPENDENCY_WORDS] storage stored = _dependencies[projectId][version];
        for (uint256 w; w * _PER_WORD < count; ++w) {
            stored[w] = words[w];
        }
        // `total` <= 5,000 and `version` < 2^32 were checked above.
        project.dependencyVersion = uint32(version);
        project.dependencyShareBps = uint16(total);
        emit DependenciesSet(projectId, version, dependencies, total);
    }

    /// @inheritdoc IProjectRegistry
    function getDependencies(uint256 projectId, uint256 version) external view returns (Dependency[] memory list) {
        _existing(projectId);
        uint256[_DEPENDENCY_WORDS] storage stored = _dependencies[projectId][version];
        uint256[_DEPENDENCY_WORDS] memory words;
        uint256 count;
        for (uint256 w; w < _DEPENDENCY_WORDS; ++w) {
            uint256 word = stored[w];
            words[w] = word;
            uint256 inWord;
            while (inWord < _PER_WORD && (word >> (_ENTRY_BITS * inWord + 16)) & type(uint32).max != 0) ++inWord;
            count += inWord;
            if (inWord < _PER_WORD) break;
        }
        list = new Dependency[](count);
        for (uint256 i; i < count; ++i) {
            uint256 entry = words[i / _PER_WORD] >> (_ENTRY_BITS * (i % _PER_WORD));
            list[i] = Dependency({projectId: uint32(entry >> 16), shareBps: uint16(entry)});
        }
    }

    /// @inheritdoc IProjectRegistry
    function openingTermsFor(uint256 projectId, address account)
        external
        view
        returns (bool maintainer, uint256 dependencyVersion, uint256 dependencyShareBps)
    {
        // The dependency head shares the owner's slot, which the existence check reads anyway.
        Project storage project = _existing(projectId);
        return (_maintainers[projectId][account], project.dependencyVersion, project.dependencyShareBps);
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
    function ownerOf(uint256 projectId) external view returns (address) {
        return _existing(projectId).owner;
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
