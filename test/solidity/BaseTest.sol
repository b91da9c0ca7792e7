// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PledgeEscrow} from "../../contracts/PledgeEscrow.sol";
import {BonusPool} from "../../contracts/modules/BonusPool.sol";
import {RequestBoard} from "../../contracts/modules/RequestBoard.sol";
import {ShareLedger} from "../../contracts/modules/ShareLedger.sol";
import {ProjectRegistry} from "../../contracts/ProjectRegistry.sol";
import {IPledgeEscrow} from "../../contracts/interfaces/IPledgeEscrow.sol";
import {IProjectRegistry} from "../../contracts/interfaces/IProjectRegistry.sol";
import {TestToken} from "../../contracts/test/TestToken.sol";
import {TestBase} from "./Vm.sol";

/// @title ExpectedStates
/// @notice The `expectedStates` of `IPledgeEscrow.UnexpectedState`: bit `1 << uint8(state)` is set for each state
/// that would have allowed the call. One constant per set the escrow uses, named after the states it holds.
library ExpectedStates {
    /// @notice pledge, pledgeToken, pledgeWithPermit, withdrawPledge and cancelCampaign.
    bytes32 internal constant FUNDING = bytes32(uint256(1) << uint8(IPledgeEscrow.State.Funding));
    /// @notice claim of a campaign without milestones, and submitMilestone.
    bytes32 internal constant SUCCEEDED = bytes32(uint256(1) << uint8(IPledgeEscrow.State.Succeeded));
    /// @notice claim of a campaign with milestones: what was released stays claimable after a rejection.
    bytes32 internal constant SUCCEEDED_OR_REJECTED =
        SUCCEEDED | bytes32(uint256(1) << uint8(IPledgeEscrow.State.Rejected));
    /// @notice refund: in full when Failed, Cancelled, Lapsed, Declined or Expired, pro rata when Rejected.
    bytes32 internal constant REFUNDABLE = bytes32(
        (uint256(1) << uint8(IPledgeEscrow.State.Failed)) | (uint256(1) << uint8(IPledgeEscrow.State.Cancelled))
            | (uint256(1) << uint8(IPledgeEscrow.State.Lapsed)) | (uint256(1) << uint8(IPledgeEscrow.State.Rejected))
            | (uint256(1) << uint8(IPledgeEscrow.State.Declined)) | (uint256(1) << uint8(IPledgeEscrow.State.Expired))
    );
    /// @notice reclaimBonus: a campaign whose bonus is decided (a request never has one).
    bytes32 internal constant DECIDED = bytes32(
        (uint256(1) << uint8(IPledgeEscrow.State.Failed)) | (uint256(1) << uint8(IPledgeEscrow.State.Cancelled))
            | (uint256(1) << uint8(IPledgeEscrow.State.Lapsed)) | (uint256(1) << uint8(IPledgeEscrow.State.Rejected))
            | (uint256(1) << uint8(IPledgeEscrow.State.Claimed))
    );
    /// @notice acceptRequest and declineRequest; pledges and withdrawals of a request that is no longer open.
    bytes32 internal constant REQUESTED = bytes32(uint256(1) << uint8(IPledgeEscrow.State.Requested));

    /// @notice The revert data of `UnexpectedState(campaignId, current, expected)`.
    function revertData(uint256 campaignId, IPledgeEscrow.State current, bytes32 expected)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(IPledgeEscrow.UnexpectedState.selector, campaignId, current, expected);
    }
}

/// @title BaseTest
/// @notice What every Solidity test of the escrow starts from (like Morpho Blue's `BaseTest`): a registry with one
/// project (its maintainer and payout address), an escrow owned and guarded by the test contract with a fee
/// recipient, an allowed 6-decimals permit token, named backers, the clock at `START`, and the helpers that open
/// campaigns, pledge, withdraw, claim and refund as the right account.
abstract contract BaseTest is TestBase {
    address internal constant MAINTAINER = address(0xA11CE);
    address internal constant PAYOUT = address(0xBEEF);
    address internal constant FEE_RECIPIENT = address(0xFEE);
    address internal constant ALICE = address(0xB1);
    address internal constant BOB = address(0xB2);
    address internal constant CAROL = address(0xB3);
    address internal constant ATTACKER = address(0xBAD);

    /// @notice The tests' clock starts here (2027), far from zero and from the 32-bit limit of 2106.
    uint256 internal constant START = 1_800_000_000;
    uint256 internal constant PROJECT_ID = 1;
    string internal constant SPEC_URI = "https://github.com/openpledge/openpledge/issues/1";
    /// @notice The content hash the tests' campaigns commit to (any 32 bytes: the escrow stores what it is given).
    bytes32 internal constant SPEC_HASH = keccak256("OpenPledge test spec document");
    /// @notice The escrow's defaults, for terms that leave the last call or the claim window at zero.
    uint256 internal constant DEFAULT_LAST_CALL = 2 days;
    uint256 internal constant DEFAULT_CLAIM_WINDOW = 90 days;

    ProjectRegistry internal registry;
    PledgeEscrow internal escrow;
    TestToken internal token;

    /// @notice Deploys the protocol at `START` with the fee `_initialFeeBps()`, and registers project 1.
    function setUp() public virtual {
        VM.warp(START);
        registry = new ProjectRegistry();
        escrow = new PledgeEscrow(
            registry,
            address(this),
            address(this),
            FEE_RECIPIENT,
            _initialFeeBps(),
            address(new BonusPool()),
            new ShareLedger(registry),
            new RequestBoard(registry)
        );
        token = new TestToken("Pledge Test USD", "PUSD", 6);
        escrow.setTokenAllowed(address(token), true);
        VM.prank(MAINTAINER);
        registry.registerProject("ipfs://project", "", PAYOUT);
    }

    /// @notice The protocol fee the escrow is deployed with (none unless a test says otherwise).
    function _initialFeeBps() internal pure virtual returns (uint16) {
        return 0;
    }

    // ------------------------------------------------------------------ campaigns

    /// @notice Terms of a campaign of project 1 with the default claim window.
    function _terms(address tokenAddress, uint256 goal, uint256 deadline, uint256 lastCall)
        internal
        pure
        returns (IPledgeEscrow.CampaignTerms memory)
    {
        return IPledgeEscrow.CampaignTerms({
            projectId: PROJECT_ID,
            specURI: SPEC_URI,
            specHash: SPEC_HASH,
            token: tokenAddress,
            goal: goal,
            deadline: deadline,
            lastCall: lastCall,
            claimWindow: 0,
            builderShareBps: 0
        });
    }

    /// @notice Opens a campaign as the maintainer.
    function _open(IPledgeEscrow.CampaignTerms memory terms) internal returns (uint256 id) {
        VM.prank(MAINTAINER);
        id = escrow.openCampaign(terms);
    }

    /// @notice Opens a campaign with a milestone plan as the maintainer.
    function _openWithMilestones(IPledgeEscrow.CampaignTerms memory terms, IPledgeEscrow.MilestonePlan memory plan)
        internal
        returns (uint256 id)
    {
        VM.prank(MAINTAINER);
        id = escrow.openCampaignWithMilestones(terms, plan);
    }

    // ------------------------------------------------------------------ projects and shares

    /// @notice Registers a project owned by `owner` that pays `payout`; returns its id.
    function _registerProject(address owner, address payout) internal returns (uint256 projectId) {
        VM.prank(owner);
        projectId = registry.registerProject("ipfs://dependency", "", payout);
    }

    /// @notice Declares a new version of project 1's dependency list as its owner; returns the version.
    function _setDependencies(IProjectRegistry.Dependency[] memory list) internal returns (uint256 version) {
        VM.prank(MAINTAINER);
        version = registry.setDependencies(PROJECT_ID, list);
    }

    /// @notice Terms of a campaign of project 1 with the default last call and claim window and a builder share.
    function _termsWithBuilder(address tokenAddress, uint256 goal, uint256 deadline, uint256 builderShareBps)
        internal
        pure
        returns (IPledgeEscrow.CampaignTerms memory terms)
    {
        terms = _terms(tokenAddress, goal, deadline, 0);
        terms.builderShareBps = builderShareBps;
    }

    // ------------------------------------------------------------------ backers and maintainers

    /// @notice Gives `backer` `amount` more ETH and pledges it.
    function _pledgeEth(address backer, uint256 id, uint256 amount) internal {
        VM.deal(backer, backer.balance + amount);
        VM.prank(backer);
        escrow.pledge{value: amount}(id);
    }

    /// @notice Mints `amount` of the test token to `backer`, who approves exactly that and pledges it.
    function _pledgeToken(address backer, uint256 id, uint256 amount) internal {
        token.mint(backer, amount);
        VM.prank(backer);
        token.approve(address(escrow), amount);
        VM.prank(backer);
        escrow.pledgeToken(id, amount);
    }

    /// @notice Takes `amount` of `backer`'s pledge back.
    function _withdraw(address backer, uint256 id, uint256 amount) internal {
        VM.prank(backer);
        escrow.withdrawPledge(id, amount);
    }

    /// @notice Asks for `backer`'s refund.
    function _refund(address backer, uint256 id) internal {
        VM.prank(backer);
        escrow.refund(id);
    }

    /// @notice Claims as the maintainer.
    function _claim(uint256 id) internal {
        VM.prank(MAINTAINER);
        escrow.claim(id);
    }

    /// @notice Submits the current milestone's delivery as the maintainer.
    function _submit(uint256 id, string memory deliveryURI) internal {
        VM.prank(MAINTAINER);
        escrow.submitMilestone(id, deliveryURI);
    }

    /// @notice Objects to the milestone in review as `backer`.
    function _object(address backer, uint256 id) internal {
        VM.prank(backer);
        escrow.objectMilestone(id);
    }

    // ------------------------------------------------------------------ expectations

    /// @notice The revert data of `UnexpectedState(id, current, expected)`.
    function _unexpectedState(uint256 id, IPledgeEscrow.State current, bytes32 expected)
        internal
        pure
        returns (bytes memory)
    {
        return ExpectedStates.revertData(id, current, expected);
    }

    /// @notice Asserts a campaign's state, naming both when they differ.
    function _assertState(uint256 id, IPledgeEscrow.State expected, string memory what) internal view {
        IPledgeEscrow.State actual = escrow.campaignState(id);
        if (actual != expected) {
            revert(string.concat(what, ": state ", _str(uint8(actual)), " != ", _str(uint8(expected))));
        }
    }

    /// @notice The smaller of two numbers.
    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }

    /// @notice The larger of two numbers.
    function _max(uint256 a, uint256 b) internal pure returns (uint256) {
        return a > b ? a : b;
    }
}
