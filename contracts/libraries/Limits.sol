// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Limits
/// @notice The bounds every campaign's terms are checked against, in one place for the escrow and its milestone module.
/// The escrow publishes each of them as a public constant of the same name.
library Limits {
    /// @notice Hard cap of the protocol fee, in basis points (5%).
    uint16 internal constant MAX_FEE_BPS = 500;
    /// @notice Time between the announcement of a new protocol fee and the first campaign that records it.
    uint256 internal constant FEE_CHANGE_DELAY = 7 days;
    /// @notice Longest time between opening a campaign and its deadline.
    uint256 internal constant MAX_DURATION = 365 days;
    /// @notice Shortest last call.
    uint256 internal constant MIN_LAST_CALL = 1 days;
    /// @notice Longest last call.
    uint256 internal constant MAX_LAST_CALL = 7 days;
    /// @notice Last call of a campaign whose terms give none.
    uint256 internal constant DEFAULT_LAST_CALL = 2 days;
    /// @notice Shortest claim window.
    uint256 internal constant MIN_CLAIM_WINDOW = 7 days;
    /// @notice Longest claim window.
    uint256 internal constant MAX_CLAIM_WINDOW = 180 days;
    /// @notice Claim window of a campaign whose terms give none.
    uint256 internal constant DEFAULT_CLAIM_WINDOW = 90 days;
    /// @notice Most milestones a campaign may have.
    uint256 internal constant MAX_MILESTONES = 10;
    /// @notice Latest a milestone may be due, counted from the campaign deadline.
    uint256 internal constant MAX_MILESTONE_SPAN = 3 * 365 days;
    /// @notice Shortest review window.
    uint256 internal constant MIN_REVIEW_WINDOW = 1 days;
    /// @notice Longest review window.
    uint256 internal constant MAX_REVIEW_WINDOW = 30 days;
    /// @notice Objection threshold of a plan that gives none: more than half of the weight rejects a milestone.
    uint16 internal constant DEFAULT_OBJECTION_THRESHOLD_BPS = 5_000;
    /// @notice Largest goal, campaign total and pledge: amounts are stored in 104 bits.
    uint256 internal constant MAX_AMOUNT = type(uint104).max;
    /// @notice Largest refund bonus, as a share of the goal in basis points (10%): a backer of a failed campaign earns
    /// at most a tenth of the pledge, so the bonus rewards commitment without turning a campaign into a yield farm.
    uint256 internal constant MAX_BONUS_BPS = 1_000;
    /// @notice Smallest first refund bonus deposit, as a share of the goal in basis points (1%): a bonus changes what
    /// every later pledge and withdrawal costs, so nobody switches it on for a wei. Later deposits may be any amount.
    uint256 internal constant MIN_FIRST_BONUS_BPS = 100;
    /// @notice How long a builder share credited while no builder has accepted waits for one, from its last credit,
    /// before it can be released to the campaign's project (about six months: a release that nobody builds for).
    uint256 internal constant BUILDER_ACCEPT_WINDOW = 180 days;
    /// @notice Shortest life of a feature request: long enough for maintainers to see it before it expires.
    uint256 internal constant MIN_REQUEST_LIFETIME = 7 days;
    /// @notice Longest life of a feature request, like the longest campaign.
    uint256 internal constant MAX_REQUEST_LIFETIME = 365 days;
    /// @notice Least time the backers of an accepted request keep to withdraw before the last call starts: they
    /// pledged to a wish, not to these terms, and may have stopped watching.
    uint256 internal constant ACCEPTANCE_NOTICE = 7 days;
    /// @notice One hundred percent in basis points.
    uint256 internal constant BPS = 10_000;
}
