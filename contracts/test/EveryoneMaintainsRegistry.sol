// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title EveryoneMaintainsRegistry
/// @notice The registry reads the escrow makes, answered for any project id however large: every account
/// maintains every project, and every project pays out to one address. Lets a test reach project ids past 2^32-1
/// without registering four billion projects. Test helper.
contract EveryoneMaintainsRegistry {
    /// @notice The payout address of every project.
    address public immutable payout;

    /// @notice A registry in which every project pays out to `payout_`.
    /// @param payout_ The payout address of every project.
    constructor(address payout_) {
        payout = payout_;
    }

    /// @notice Always true.
    /// @return True.
    function isMaintainer(uint256, address) external pure returns (bool) {
        return true;
    }

    /// @notice Everyone maintains every project, and no project has dependencies.
    /// @return maintainer True.
    /// @return dependencyVersion Zero.
    /// @return dependencyShareBps Zero.
    function openingTermsFor(uint256, address)
        external
        pure
        returns (bool maintainer, uint256 dependencyVersion, uint256 dependencyShareBps)
    {
        return (true, 0, 0);
    }

    /// @notice Every project exists, owned by the payout address.
    /// @return The owner.
    function ownerOf(uint256) external view returns (address) {
        return payout;
    }

    /// @notice The one payout address.
    /// @return The payout address.
    function payoutOf(uint256) external view returns (address) {
        return payout;
    }

    /// @notice The one payout address, whoever asks: everyone maintains every project.
    /// @return The payout address.
    function payoutForMaintainer(uint256, address) external view returns (address) {
        return payout;
    }
}
