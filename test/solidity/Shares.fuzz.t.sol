// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPledgeEscrow} from "../../contracts/interfaces/IPledgeEscrow.sol";
import {IProjectRegistry} from "../../contracts/interfaces/IProjectRegistry.sol";
import {BaseTest} from "./BaseTest.sol";

/// @title SharesFuzzTest
/// @notice Builder and dependency shares (issue 13) against their rules, for random amounts, fees and lists: a claim's
/// split to the wei (each share floor(gross x bps / 10,000), the project the rest, the parts never above the gross
/// amount), the `SharesTooLarge` bound at opening, and the registry's packing of dependency lists (five entries to a
/// word) read back exactly, for every length from 0 to 16.
contract SharesFuzzTest is BaseTest {
    uint256 internal constant BPS = 10_000;
    uint256 internal constant MAX_FEE_BPS = 500;
    uint256 internal constant MAX_DEPENDENCIES = 16;
    uint256 internal constant MAX_DEPENDENCY_SHARE_BPS = 5_000;
    address internal constant BUILDER = address(0xB111D);

    /// @notice The base deployment plus 16 dependency candidates: projects 2 to 17, each its own owner and payout.
    function setUp() public override {
        super.setUp();
        for (uint256 i = 0; i < MAX_DEPENDENCIES; ++i) {
            _registerProject(address(uint160(0xDE0000 + i)), address(uint160(0xDE2000 + i)));
        }
    }

    /// @notice A random list of `count` distinct dependencies among projects 2 to 17 (a random order of them), with
    /// positive shares adding up to at most 5,000 (to at most three per entry when `tiny`, so that they round to zero
    /// on small claims); returns it and its total.
    function _randomList(uint256 count, uint256 seed, bool tiny)
        internal
        pure
        returns (IProjectRegistry.Dependency[] memory list, uint256 total)
    {
        list = new IProjectRegistry.Dependency[](count);
        if (count == 0) return (list, 0);
        uint256[MAX_DEPENDENCIES] memory ids;
        for (uint256 i = 0; i < MAX_DEPENDENCIES; ++i) {
            ids[i] = 2 + i;
        }
        uint256 left = tiny ? bound(seed, count, 3 * count) : bound(seed, count, MAX_DEPENDENCY_SHARE_BPS);
        for (uint256 i = 0; i < count; ++i) {
            uint256 word = uint256(keccak256(abi.encode(seed, i)));
            uint256 j = i + word % (MAX_DEPENDENCIES - i);
            (ids[i], ids[j]) = (ids[j], ids[i]);
            uint256 most = _min(left - (count - i - 1), tiny ? 3 : left);
            uint256 share = i + 1 == count ? _min(left, tiny ? 3 : left) : bound(word >> 8, 1, most);
            left -= share;
            total += share;
            list[i] = IProjectRegistry.Dependency({projectId: uint32(ids[i]), shareBps: uint16(share)});
        }
    }

    /// @notice Whether two lists are the same, entry by entry.
    function _sameList(IProjectRegistry.Dependency[] memory a, IProjectRegistry.Dependency[] memory b)
        internal
        pure
        returns (bool)
    {
        if (a.length != b.length) return false;
        for (uint256 i = 0; i < a.length; ++i) {
            if (a[i].projectId != b[i].projectId || a[i].shareBps != b[i].shareBps) return false;
        }
        return true;
    }

    /// @notice One claim of the split test: its amount, fee, builder share, token, whether a builder accepted, and the
    /// project's dependency list.
    struct SplitCase {
        uint256 gross;
        uint256 feeBps;
        uint256 builderShare;
        address tokenAddress;
        bool accepted;
        IProjectRegistry.Dependency[] list;
    }

    /// @notice A claim splits its gross amount exactly, for any gross amount, fee, builder share and list of up to 16
    /// dependencies, in ETH or the ERC-20, with the builder accepted or not yet: the fee, the builder's share and each
    /// dependency's share are floor(gross x bps / 10,000) (the builder's credited to them or waiting in the campaign,
    /// each dependency's to that project), the payout receives the rest (gross - fee - builder - the shares), the parts
    /// never add up to more than the gross amount, and the escrow keeps exactly the fee and the shares.
    function testFuzzClaimSplitRoundsEachShareDown(
        uint256 gross,
        uint256 feeBps,
        uint256 builderSeed,
        uint256 count,
        uint256 listSeed,
        uint256 mode
    ) public {
        SplitCase memory c;
        uint256 dependencyTotal;
        (c.list, dependencyTotal) = _randomList(bound(count, 0, MAX_DEPENDENCIES), listSeed, mode % 4 == 0);
        c.feeBps = bound(feeBps, 0, MAX_FEE_BPS);
        uint256 maxBuilder = BPS - MAX_FEE_BPS - dependencyTotal;
        c.builderShare = builderSeed % 4 == 0 ? maxBuilder : bound(builderSeed >> 2, 0, maxBuilder);
        // Small amounts half of the time, where the rounding shows; otherwise up to the largest total there is.
        c.gross = (mode >> 2) % 2 == 0 ? bound(gross, 1, 100_000) : bound(gross, 1, type(uint104).max);
        c.tokenAddress = (mode >> 3) % 2 == 0 ? address(0) : address(token);
        c.accepted = c.builderShare != 0 && (mode >> 4) % 2 == 0;
        uint256 id = _claimCase(c);

        uint256 fee = (c.gross * c.feeBps) / BPS;
        uint256 builder = (c.gross * c.builderShare) / BPS;
        uint256 dependencies = _checkDependencyCredits(c);
        assertLe(fee + builder + dependencies, c.gross, "fee + builder + dependencies > gross");
        assertEq(
            _balanceOf(c.tokenAddress, PAYOUT), c.gross - fee - builder - dependencies, "payout != gross - fee - shares"
        );
        assertEq(escrow.accruedFees(c.tokenAddress), fee, "fee");
        assertEq(escrow.builderSharesOf(BUILDER, c.tokenAddress), c.accepted ? builder : 0, "builder credit");
        assertEq(escrow.getSplit(id).waiting, c.accepted ? 0 : builder, "waiting builder share");
        assertEq(_balanceOf(c.tokenAddress, address(escrow)), fee + builder + dependencies, "escrow != fee + shares");
    }

    /// @notice Declares the case's list and fee, opens its campaign (the builder nominated and accepted when the case
    /// says so), pledges the gross amount and claims it after the deadline; returns the campaign.
    function _claimCase(SplitCase memory c) internal returns (uint256 id) {
        if (c.list.length != 0) _setDependencies(c.list);
        escrow.setFee(uint16(c.feeBps));
        VM.warp(block.timestamp + escrow.FEE_CHANGE_DELAY());
        id = _open(_termsWithBuilder(c.tokenAddress, c.gross, block.timestamp + 4 days, c.builderShare));
        if (c.accepted) {
            VM.prank(MAINTAINER);
            escrow.nominateBuilder(id, BUILDER);
            VM.prank(BUILDER);
            escrow.acceptBuilder(id);
        }
        if (c.tokenAddress == address(0)) _pledgeEth(ALICE, id, c.gross);
        else _pledgeToken(ALICE, id, c.gross);
        VM.warp(block.timestamp + 4 days + 1);
        _claim(id);
    }

    /// @notice Checks that each dependency was credited exactly floor(gross x share / 10,000) (never rounded up, never
    /// less than the floor); returns their sum.
    function _checkDependencyCredits(SplitCase memory c) internal view returns (uint256 sum) {
        for (uint256 i = 0; i < c.list.length; ++i) {
            uint256 exact = c.gross * c.list[i].shareBps;
            uint256 share = exact / BPS;
            assertTrue(share * BPS <= exact && (share + 1) * BPS > exact, "a dependency's share is not the floor");
            assertEq(escrow.projectSharesOf(c.list[i].projectId, c.tokenAddress), share, "dependency credit");
            sum += share;
        }
    }

    /// @notice Opening accepts a builder share exactly when builder + the current dependency total + the largest fee
    /// (500) is at most 10,000, whatever fee is in force; otherwise it refuses with exactly
    /// `SharesTooLarge(builder, dependencies, 9,500 - dependencies)`. An accepted campaign freezes the share and the
    /// current version of the list (a campaign without any share records none).
    function testFuzzSharesTooLargeBoundAtOpening(uint256 builderShare, uint256 count, uint256 listSeed, uint256 mode)
        public
    {
        count = bound(count, 0, MAX_DEPENDENCIES);
        (IProjectRegistry.Dependency[] memory list, uint256 dependencyTotal) = _randomList(count, listSeed, false);
        uint256 version = count != 0 ? _setDependencies(list) : 0;
        uint256 maxBuilder = BPS - MAX_FEE_BPS - dependencyTotal;
        uint256 kind = mode % 5;
        if (kind == 0) builderShare = maxBuilder;
        else if (kind == 1) builderShare = maxBuilder + 1;
        else if (kind == 2) builderShare = bound(builderShare, 0, 2 * BPS);
        else if (kind == 3) builderShare = bound(builderShare, 0, maxBuilder);
        bool allowed = builderShare <= BPS && builderShare + dependencyTotal + MAX_FEE_BPS <= BPS;

        IPledgeEscrow.CampaignTerms memory terms =
            _termsWithBuilder(address(0), 1 ether, block.timestamp + 4 days, builderShare);
        if (!allowed) {
            VM.expectRevert(
                abi.encodeWithSelector(IPledgeEscrow.SharesTooLarge.selector, builderShare, dependencyTotal, maxBuilder)
            );
            VM.prank(MAINTAINER);
            escrow.openCampaign(terms);
            return;
        }
        uint256 id = _open(terms);
        IPledgeEscrow.SplitView memory split = escrow.getSplit(id);
        bool recorded = builderShare != 0 || dependencyTotal != 0;
        assertEq(split.builderShareBps, builderShare, "builder share");
        assertEq(split.dependencyShareBps, dependencyTotal, "dependency share");
        assertEq(split.dependencyVersion, recorded ? version : 0, "dependency version");
    }

    /// @notice Any list of 0 to 16 dependencies reads back exactly as it was declared (the registry packs five
    /// entries to a word, an entry of project zero ending the list), with its version and total in the project's
    /// record; a later version leaves it as it was, version 0 and versions not declared yet read empty.
    function testFuzzDependencyPackingRoundTrip(uint256 count, uint256 seed, uint256 laterCount, uint256 laterSeed)
        public
    {
        count = bound(count, 0, MAX_DEPENDENCIES);
        laterCount = bound(laterCount, 0, MAX_DEPENDENCIES);
        (IProjectRegistry.Dependency[] memory list, uint256 total) = _randomList(count, seed, seed % 8 == 0);
        (IProjectRegistry.Dependency[] memory later, uint256 laterTotal) =
            _randomList(laterCount, laterSeed, laterSeed % 8 == 0);

        assertEq(_setDependencies(list), 1, "first version");
        assertTrue(_sameList(registry.getDependencies(PROJECT_ID, 1), list), "version 1 read back");
        IProjectRegistry.Project memory project = registry.getProject(PROJECT_ID);
        assertEq(project.dependencyVersion, 1, "current version");
        assertEq(project.dependencyShareBps, total, "current total");

        assertEq(_setDependencies(later), 2, "second version");
        assertTrue(_sameList(registry.getDependencies(PROJECT_ID, 2), later), "version 2 read back");
        assertTrue(_sameList(registry.getDependencies(PROJECT_ID, 1), list), "version 1 changed by version 2");
        assertEq(registry.getDependencies(PROJECT_ID, 0).length, 0, "version 0 is empty");
        assertEq(registry.getDependencies(PROJECT_ID, 3).length, 0, "a version not declared yet is empty");
        project = registry.getProject(PROJECT_ID);
        assertEq(project.dependencyVersion, 2, "current version after the second");
        assertEq(project.dependencyShareBps, laterTotal, "current total after the second");
        (, uint256 openingVersion, uint256 openingShare) = registry.openingTermsFor(PROJECT_ID, MAINTAINER);
        assertEq(openingVersion, 2, "opening reads the current version");
        assertEq(openingShare, laterTotal, "opening reads the current total");
    }

    /// @notice An account's balance of a token (zero: ETH).
    function _balanceOf(address tokenAddress, address account) internal view returns (uint256) {
        return tokenAddress == address(0) ? account.balance : token.balanceOf(account);
    }
}
