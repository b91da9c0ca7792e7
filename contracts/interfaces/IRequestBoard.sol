// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPledgeEscrow} from "./IPledgeEscrow.sol";
import {IProjectRegistry} from "./IProjectRegistry.sol";

/// @title IRequestBoard
/// @notice Feature requests: anyone asks a project for a piece of work and anyone puts money behind it; a maintainer
/// takes it on by giving it campaign terms, or declines it. The escrow answers these functions at its own address
/// (they run in its `RequestBoard` module, on its storage), so call them on the escrow with this ABI.
/// @dev A request is a campaign in state `Requested`, with the campaign id space and pledge ledger: pledges,
/// withdrawals and refunds are the escrow's own `pledge`, `pledgeToken`, `pledgeWithPermit`, `withdrawPledge` and
/// `refund`, at the cost they have for a campaign. Its events and errors are declared in `IPledgeEscrow`.
interface IRequestBoard {
    /// @notice Opens a request for a registered project; anyone may. Its project, token, spec and the protocol fee in
    /// force now are fixed from here; it takes pledges until `expiry`, and refunds them in full if it expires or is
    /// declined. Refused while the protocol is paused (`EnforcedPause`).
    /// @dev Reverts with `UnknownProject` (registry), `ProjectIdOutOfRange`, `EmptySpecURI`, `TokenNotAllowed` or
    /// `InvalidExpiry` (sooner than `MIN_REQUEST_LIFETIME` or later than `MAX_REQUEST_LIFETIME` from now).
    /// @param projectId The project asked.
    /// @param token The token pledged: zero for ETH, else an allowlisted ERC-20.
    /// @param expiry Last second at which it may be pledged to or accepted.
    /// @param specURI The feature asked for (an issue); must not be empty.
    /// @param specHash `keccak256` of the document at `specURI` (zero: none).
    /// @return requestId The request's id, a campaign id.
    function openRequest(uint256 projectId, address token, uint256 expiry, string calldata specURI, bytes32 specHash)
        external
        returns (uint256 requestId);

    /// @notice Accepts an open request as a maintainer of its project: it becomes a funding campaign with `terms`
    /// (and the milestone plan, if `plan` has milestones), keeping every pledge and its history. Refused while paused.
    /// @dev The terms are validated exactly as a new campaign's (`openCampaign`, `openCampaignWithMilestones`), and
    /// must repeat the request's project, token, spec URI and hash (`RequestTermsMismatch`). The deadline leaves every
    /// backer at least `ACCEPTANCE_NOTICE` plus a last call to withdraw before the last call starts: at least now +
    /// `ACCEPTANCE_NOTICE` + twice the last call (`InvalidDeadline`). The fee is the request's, or the one in force
    /// now if lower. If the pledges already reach the goal, the goal is reached now (`GoalReached`). Emits
    /// `CampaignOpened` with the terms, then `RequestAccepted`. A request past its expiry, declined or accepted is
    /// refused with `UnexpectedState`.
    /// @param requestId The request.
    /// @param terms The campaign terms.
    /// @param plan The milestone plan; none if it has no milestones (its other fields are then ignored).
    function acceptRequest(
        uint256 requestId,
        IPledgeEscrow.CampaignTerms calldata terms,
        IPledgeEscrow.MilestonePlan calldata plan
    ) external;

    /// @notice Declines an open request as a maintainer of its project: every backer may take their pledge back with
    /// `refund`, at any later time. Works while paused (it only frees money).
    /// @dev Reverts with `NotProjectMaintainer`, `EmptyReasonURI`, or `UnexpectedState` unless the request is open.
    /// @param requestId The request.
    /// @param reasonURI Why (a comment, a document); must not be empty.
    function declineRequest(uint256 requestId, string calldata reasonURI) external;

    /// @notice Shortest time between opening a request and its expiry.
    /// @return The time in seconds.
    function MIN_REQUEST_LIFETIME() external view returns (uint256);

    /// @notice Longest time between opening a request and its expiry.
    /// @return The time in seconds.
    function MAX_REQUEST_LIFETIME() external view returns (uint256);

    /// @notice Least time a backer of an accepted request keeps, after acceptance and before the last call, to
    /// withdraw from terms they dislike.
    /// @return The time in seconds.
    function ACCEPTANCE_NOTICE() external view returns (uint256);

    /// @notice The registry whose maintainers accept and decline requests: the escrow's.
    /// @return The registry.
    function registry() external view returns (IProjectRegistry);
}
