// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IProtocolFees} from "./IProtocolFees.sol";

/// @title IPledgeEscrow
/// @notice All-or-nothing crowdfunding of one concrete piece of open-source work, in ETH or an allowlisted ERC-20.
interface IPledgeEscrow is IProtocolFees {
    /// @notice The life of a campaign, as seen at the current block.
    /// @dev Funding: open for pledges until and including the deadline second (a pledge that reaches the goal in
    /// the last call extends the deadline). Succeeded / Failed: the deadline has passed with the total at or above /
    /// below the goal. Cancelled: stopped by a maintainer before the deadline. Claimed: a Succeeded campaign whose
    /// funds were all paid out. Rejected: a campaign with milestones whose current milestone was rejected by its
    /// backers or not submitted by its due date; the unreleased part of the funds is refundable pro rata. Lapsed: a
    /// Succeeded campaign without milestones that no maintainer claimed within its claim window; every backer takes
    /// back their whole pledge.
    enum State {
        Funding,
        Succeeded,
        Failed,
        Cancelled,
        Claimed,
        Rejected,
        Lapsed,
        // Feature requests (`IRequestBoard`): a request is a campaign before its terms. Open for pledges until its
        // expiry; refunded in full once declined or expired.
        Requested,
        Declined,
        Expired
    }

    /// @notice The terms of a new campaign; frozen once it is opened.
    /// @param projectId The project in the registry.
    /// @param specURI The issue, pull request or specification being funded; must not be empty.
    /// @param specHash `keccak256` of the document at `specURI` as the backers are to read it (a spec document: see
    /// `schemas/campaign-spec.schema.json`), so that a reader can tell when the document at that URI was rewritten
    /// after people pledged; zero when the URI points at no fixed document (an issue page), which readers are told.
    /// @param token The token (zero for ETH; an ERC-20 must be on the allowlist).
    /// @param goal The goal in base units; more than zero and at most `type(uint104).max`.
    /// @param deadline The planned last second for pledges: at least two last calls after the current block and at
    /// most `MAX_DURATION` from it. A pledge that reaches the goal in the last call moves it to that pledge's time
    /// plus one last call, at most two last calls past the planned deadline; a withdrawal that leaves the goal in the
    /// last call moves it to its time plus one last call, at most one last call past the planned deadline.
    /// @param lastCall Length of the last call, in seconds: a whole number of hours from `MIN_LAST_CALL` to
    /// `MAX_LAST_CALL` (zero means `DEFAULT_LAST_CALL`). Pledges made in the two last calls before the planned
    /// deadline carry no objection weight; in the last call, a goal that has stood for this long can no longer be
    /// withdrawn from.
    /// @param claimWindow Time after success in which a maintainer must claim a campaign without milestones, in
    /// seconds: a whole number of days from `MIN_CLAIM_WINDOW` to `MAX_CLAIM_WINDOW` (zero means
    /// `DEFAULT_CLAIM_WINDOW`). Unclaimed after it, every backer refunds in full.
    /// @param builderShareBps Share of every claim (each release of a milestone campaign) reserved for the builder of
    /// the work, in basis points of the gross amount; zero for none. The project's owner nominates the builder later
    /// and the builder accepts (`nominateBuilder`, `acceptBuilder`). With the dependency shares the campaign freezes
    /// and the largest protocol fee (`MAX_FEE_BPS`), at most 10,000 (`SharesTooLarge`).
    struct CampaignTerms {
        uint256 projectId;
        string specURI;
        bytes32 specHash;
        address token;
        uint256 goal;
        uint256 deadline;
        uint256 lastCall;
        uint256 claimWindow;
        uint256 builderShareBps;
    }

    /// @notice One milestone of a campaign's plan.
    /// @param shareBps Share of the campaign total released when the milestone is accepted, in basis points.
    /// @param due Last second at which the maintainers may submit the milestone's delivery.
    struct Milestone {
        uint16 shareBps;
        uint32 due;
    }

    /// @notice How a campaign's funds are released after success.
    /// @param initialShareBps Share released as soon as the campaign succeeds (may be zero).
    /// @param reviewWindow Seconds during which backers may object to a submitted milestone.
    /// @param objectionThresholdBps The milestone is rejected when objections exceed this share of the total
    /// (zero means the default, `DEFAULT_OBJECTION_THRESHOLD_BPS`).
    /// @param milestones The milestones in order; their shares plus the initial share make 10,000.
    struct MilestonePlan {
        uint16 initialShareBps;
        uint32 reviewWindow;
        uint16 objectionThresholdBps;
        Milestone[] milestones;
    }

    /// @notice Where a campaign with milestones stands, at the current block.
    /// @param count Number of milestones.
    /// @param current Index of the milestone now due (equal to `count` once all are accepted).
    /// @param releasedBps Share of the total released to the project so far.
    /// @param released Amount released to the project so far (claimed or not).
    /// @param claimed Amount paid out so far, fees included.
    /// @param reviewEnd Last second of the current milestone's review window (zero when none is in review).
    /// @param objectionWeight Sum of the pledges of backers objecting to the milestone in review.
    /// @param thresholdWeight Objection weight that must be exceeded to reject a milestone.
    /// @param reviewWindow Length of a review window, in seconds.
    /// @param objectionThresholdBps The threshold as a share of the total.
    /// @param refunded Amount refunded to backers after a rejection.
    struct MilestoneProgressView {
        uint256 count;
        uint256 current;
        uint256 releasedBps;
        uint256 released;
        uint256 claimed;
        uint256 reviewEnd;
        uint256 objectionWeight;
        uint256 thresholdWeight;
        uint256 reviewWindow;
        uint256 objectionThresholdBps;
        uint256 refunded;
    }

    /// @notice Everything known about a campaign, for tools and user interfaces.
    /// @param projectId The project in the registry the campaign belongs to.
    /// @param token The pledged token; the zero address means native ETH.
    /// @param goal The amount, in the token's base units, that must be reached for success.
    /// @param pledged The current total of pledges; after the deadline, the total that was raised.
    /// @param deadline Last second (unix time) at which pledges are accepted: the planned deadline, or later once
    /// a pledge reached the goal in the last call.
    /// @param feeBps Protocol fee in basis points, fixed when the campaign was opened.
    /// @param state The campaign's state at the current block.
    /// @param specCommitment `keccak256(abi.encode(specURI, specHash))` of the terms: the URI and the document's
    /// content hash are in `CampaignOpened`, in block `openedAtBlock`; a reader checks both against this.
    /// @param openedAtBlock The block in which the campaign was opened: read its `CampaignOpened` event for the spec.
    /// @param plannedDeadline The deadline the campaign was opened with.
    /// @param lastCall Length of the last call, in seconds.
    /// @param claimWindow Time after success in which a campaign without milestones must be claimed, in seconds.
    /// @param goalReachedAt When the total last reached the goal (zero if it never did; stale while below it).
    /// @dev Derived: pledges made after `plannedDeadline - 2 * lastCall` (the weight cutoff) carry no objection
    /// weight, and the deadline never moves past `plannedDeadline + 2 * lastCall` (the latest deadline).
    struct CampaignView {
        uint256 projectId;
        address token;
        uint256 goal;
        uint256 pledged;
        uint256 deadline;
        uint256 feeBps;
        State state;
        bytes32 specCommitment;
        uint256 openedAtBlock;
        uint256 plannedDeadline;
        uint256 lastCall;
        uint256 claimWindow;
        uint256 goalReachedAt;
    }

    /// @notice A maintainer opened a campaign; its terms never change afterwards.
    /// @param campaignId Sequential id of the campaign, starting at 1.
    /// @param projectId The project.
    /// @param creator The maintainer who opened it.
    /// @param token The pledged token (zero for ETH).
    /// @param goal The goal in base units.
    /// @param deadline Last second at which pledges are accepted.
    /// @param feeBps The protocol fee in basis points recorded for this campaign.
    /// @param specURI The funded issue or specification.
    /// @param specHash The content hash of the document at `specURI` (zero: none was given).
    /// @param lastCall Length of the last call, in seconds.
    /// @param claimWindow Time after success in which a campaign without milestones must be claimed, in seconds.
    event CampaignOpened(
        uint256 indexed campaignId,
        uint256 indexed projectId,
        address indexed creator,
        address token,
        uint256 goal,
        uint256 deadline,
        uint256 feeBps,
        string specURI,
        bytes32 specHash,
        uint256 lastCall,
        uint256 claimWindow
    );

    /// @notice The campaign's total reached its goal. From now on, once in the last call, backers may withdraw
    /// below the goal only until it has stood for one last call.
    /// @param campaignId The campaign.
    /// @param deadline The campaign's deadline afterwards (later than before when the goal was reached in the last
    /// call; see `DeadlineExtended`).
    event GoalReached(uint256 indexed campaignId, uint256 deadline);

    /// @notice The total reached the goal in the last call (every other backer gets a whole last call to withdraw),
    /// or a withdrawal took it below the goal there (whoever fills the gap gets a whole last call), so the deadline
    /// moved.
    /// @param campaignId The campaign.
    /// @param previousDeadline The deadline before.
    /// @param newDeadline The deadline now.
    event DeadlineExtended(uint256 indexed campaignId, uint256 previousDeadline, uint256 newDeadline);

    /// @notice A campaign was opened with a milestone plan (follows `CampaignOpened`).
    /// @param campaignId The campaign.
    /// @param initialShareBps Share released on success.
    /// @param reviewWindow Seconds of each review window.
    /// @param objectionThresholdBps Objections must exceed this share of the total to reject a milestone.
    /// @param milestones Shares and due dates.
    event MilestonePlanSet(
        uint256 indexed campaignId,
        uint256 initialShareBps,
        uint256 reviewWindow,
        uint256 objectionThresholdBps,
        Milestone[] milestones
    );

    /// @notice A maintainer submitted the delivery of a milestone; its review window is open.
    /// @param campaignId The campaign.
    /// @param index The milestone.
    /// @param by The maintainer.
    /// @param deliveryURI The release, pull request or report delivered.
    /// @param reviewEnd Last second of the review window.
    event MilestoneSubmitted(
        uint256 indexed campaignId, uint256 indexed index, address indexed by, string deliveryURI, uint256 reviewEnd
    );

    /// @notice A backer objected to the milestone in review.
    /// @param campaignId The campaign.
    /// @param index The milestone.
    /// @param backer The backer.
    /// @param weight The backer's weight (their pledge).
    /// @param objectionWeight The milestone's objection weight afterwards.
    event MilestoneObjected(
        uint256 indexed campaignId,
        uint256 indexed index,
        address indexed backer,
        uint256 weight,
        uint256 objectionWeight
    );

    /// @notice A backer withdrew an objection to the milestone in review.
    /// @param campaignId The campaign.
    /// @param index The milestone.
    /// @param backer The backer.
    /// @param weight The backer's weight.
    /// @param objectionWeight The milestone's objection weight afterwards.
    event ObjectionWithdrawn(
        uint256 indexed campaignId,
        uint256 indexed index,
        address indexed backer,
        uint256 weight,
        uint256 objectionWeight
    );

    /// @notice A milestone's review window closed without enough objections: its share is released.
    /// @param campaignId The campaign.
    /// @param index The milestone.
    /// @param releasedBps The share released to the project so far, this milestone included.
    event MilestoneAccepted(uint256 indexed campaignId, uint256 indexed index, uint256 releasedBps);

    /// @notice A milestone was rejected by objections or missed its due date; the unreleased funds are refundable.
    /// @param campaignId The campaign.
    /// @param index The milestone.
    /// @param overdue True when it was not submitted by its due date, false when backers rejected it.
    /// @param objectionWeight The objection weight at the end of the review (zero when overdue).
    event MilestoneRejected(uint256 indexed campaignId, uint256 indexed index, bool overdue, uint256 objectionWeight);

    /// @notice Where a campaign's refund bonus goes.
    /// @dev None: no bonus. Pending: not decided yet (funding, or a success without milestones not yet claimed).
    /// ToBackers: the campaign failed, was cancelled or lapsed: refunds carry the shares, depositors reclaim the rest.
    /// ToDepositors: the funding went through (claimed; with milestones, succeeded): depositors reclaim it all.
    enum BonusOutcome {
        None,
        Pending,
        ToBackers,
        ToDepositors
    }

    /// @notice A campaign's refund bonus, and what it means for one account.
    /// @param pot All bonus deposited.
    /// @param maxPot The most it may hold: `MAX_BONUS_BPS` of the goal.
    /// @param startedAt The first deposit: time credit runs from here.
    /// @param creditEnd When credit stops: the cancellation, else the current deadline (later if it moves).
    /// @param outcome Where the bonus goes.
    /// @param reservedForBackers What the backers' shares add up to at most if funding ended at `creditEnd` without
    /// going through, with the pledges as they stand (final once the bonus goes to backers).
    /// @param reclaimed Deposits already reclaimed.
    /// @param share The account's share if funding ended at `creditEnd` without going through (what its refund adds,
    /// once the bonus goes to backers); zero once it goes to depositors.
    /// @param creditSince When the credit of the account's pledge runs from (zero without a pledge or a bonus).
    /// @param quote The account's share with the amount asked about added now, if the campaign failed at its current
    /// deadline: the figure to show before a pledge. A guaranteed minimum for a failure (more bonus and a later
    /// deadline only raise it); a cancellation ends credit earlier, and a total above the goal scales it down. Zero
    /// unless funding.
    /// @param deposited The account's bonus deposit not yet reclaimed.
    /// @param reclaimable What `reclaimBonus` would pay the account now (zero until decided).
    struct BonusView {
        uint256 pot;
        uint256 maxPot;
        uint256 startedAt;
        uint256 creditEnd;
        BonusOutcome outcome;
        uint256 reservedForBackers;
        uint256 reclaimed;
        uint256 share;
        uint256 creditSince;
        uint256 quote;
        uint256 deposited;
        uint256 reclaimable;
    }

    /// @notice A refund bonus was deposited: backers of the campaign get a share of it if funding does not go through.
    /// @param campaignId The campaign.
    /// @param depositor Who deposited (a maintainer or any sponsor); it is theirs again only if the funding goes
    /// through, or for what the backers' shares leave.
    /// @param amount The amount deposited.
    /// @param pot The campaign's bonus after it.
    event BonusDeposited(uint256 indexed campaignId, address indexed depositor, uint256 amount, uint256 pot);

    /// @notice A backer took back their pledge of a failed, cancelled or lapsed campaign with a refund bonus, plus
    /// their share of the bonus: emitted instead of `Refunded` when the share is not zero (one event, not two, keeps a
    /// refund with a bonus within 6,000 gas of one without).
    /// @param campaignId The campaign.
    /// @param backer The backer.
    /// @param amount The pledge returned (what `Refunded` would say).
    /// @param bonus The bonus share paid with it.
    event RefundedWithBonus(uint256 indexed campaignId, address indexed backer, uint256 amount, uint256 bonus);

    /// @notice A depositor took back their part of the bonus: all of it once the funding went through, else their
    /// part of what the backers' shares leave.
    /// @param campaignId The campaign.
    /// @param depositor The depositor.
    /// @param amount The amount paid back.
    event BonusReclaimed(uint256 indexed campaignId, address indexed depositor, uint256 amount);

    /// @notice Who else a campaign's claims pay, and what waits for its builder.
    /// @param builder The builder who accepted (zero: none yet).
    /// @param nominee Nominated by the project's owner (or by the builder, to hand the role on), not yet accepted.
    /// @param builderShareBps The builder's share of each claim, in basis points (frozen at opening).
    /// @param dependencyVersion The version of the project's dependency list the campaign froze at opening (the list
    /// is `registry.getDependencies(projectId, dependencyVersion)`); zero for a campaign that opened with no share at
    /// all (no builder share, and a list that was empty or never declared), which records no split.
    /// @param dependencyShareBps The total share of that list, in basis points.
    /// @param waiting Builder shares credited while no builder had accepted: the builder who accepts takes them.
    /// @param releasableAt From when nobody having accepted, `releaseWaitingBuilderShare` may credit `waiting` to the
    /// project (zero when nothing waits).
    struct SplitView {
        address builder;
        address nominee;
        uint256 builderShareBps;
        uint256 dependencyVersion;
        uint256 dependencyShareBps;
        uint256 waiting;
        uint256 releasableAt;
    }

    /// @notice A campaign opened with shares for others than its project: emitted after `CampaignOpened` when the
    /// builder share or the frozen dependency list's share is not zero.
    /// @param campaignId The campaign.
    /// @param builderShareBps The builder's share, in basis points.
    /// @param dependencyVersion The version of the project's dependency list it froze.
    /// @param dependencyShareBps That list's total share, in basis points.
    event CampaignSplitSet(
        uint256 indexed campaignId, uint256 builderShareBps, uint256 dependencyVersion, uint256 dependencyShareBps
    );

    /// @notice A builder was nominated (or the nomination cleared, with zero): by the project's owner while no builder
    /// has accepted, by the builder afterwards.
    /// @param campaignId The campaign.
    /// @param nominee The nominee.
    /// @param by Who nominated.
    event BuilderNominated(uint256 indexed campaignId, address indexed nominee, address indexed by);

    /// @notice The nominee accepted and is now the campaign's builder; builder shares that waited are theirs.
    /// @param campaignId The campaign.
    /// @param builder The new builder.
    /// @param previous The builder who handed the role on (zero: the first).
    /// @param waitingTaken The waiting builder shares credited to the new builder.
    event BuilderAccepted(
        uint256 indexed campaignId, address indexed builder, address indexed previous, uint256 waitingTaken
    );

    /// @notice A claim credited the builder's share (to the builder, or waiting in the campaign when none has
    /// accepted: `builder` is zero).
    /// @param campaignId The campaign.
    /// @param builder The builder credited, or zero.
    /// @param token The token (zero for ETH).
    /// @param amount The share.
    event BuilderShareCredited(
        uint256 indexed campaignId, address indexed builder, address indexed token, uint256 amount
    );

    /// @notice A claim credited a dependency's share to that project, for one of its maintainers to withdraw.
    /// @param campaignId The campaign.
    /// @param dependencyId The dependency's project id.
    /// @param token The token (zero for ETH).
    /// @param amount The share.
    event DependencyShareCredited(
        uint256 indexed campaignId, uint256 indexed dependencyId, address indexed token, uint256 amount
    );

    /// @notice No builder accepted within `BUILDER_ACCEPT_WINDOW` of the last share that waited: the waiting shares
    /// were credited to the campaign's own project.
    /// @param campaignId The campaign.
    /// @param projectId The campaign's project.
    /// @param amount The amount credited.
    event WaitingBuilderShareReleased(uint256 indexed campaignId, uint256 indexed projectId, uint256 amount);

    /// @notice A builder withdrew their credits in one token.
    /// @param builder The builder.
    /// @param token The token (zero for ETH).
    /// @param to Where the builder had them sent.
    /// @param amount The amount.
    event BuilderSharesWithdrawn(address indexed builder, address indexed token, address to, uint256 amount);

    /// @notice A maintainer withdrew a project's credits in one token to its payout address.
    /// @param projectId The project.
    /// @param token The token (zero for ETH).
    /// @param payout The project's payout address, which received them.
    /// @param by The maintainer.
    /// @param amount The amount.
    event ProjectSharesWithdrawn(
        uint256 indexed projectId, address indexed token, address indexed payout, address by, uint256 amount
    );

    /// @notice A backer pledged (or added to a pledge).
    /// @param campaignId The campaign.
    /// @param backer The backer.
    /// @param amount The amount added (totals are the sums of these events, or `pledgeOf` and `getCampaign`).
    event Pledged(uint256 indexed campaignId, address indexed backer, uint256 amount);

    /// @notice A backer took back part or all of a pledge while the campaign was funding.
    /// @param campaignId The campaign.
    /// @param backer The backer.
    /// @param amount The amount taken back.
    event PledgeWithdrawn(uint256 indexed campaignId, address indexed backer, uint256 amount);

    /// @notice A maintainer cancelled a campaign before its deadline; backers may now refund.
    /// @param campaignId The campaign.
    /// @param by The maintainer who cancelled it.
    event CampaignCancelled(uint256 indexed campaignId, address indexed by);

    /// @notice A successful campaign, or a released part of it, was paid out.
    /// @param campaignId The campaign.
    /// @param payout The project's payout address that received `amount`.
    /// @param by The maintainer who claimed.
    /// @param amount What the payout address received: the gross amount minus the fee, the builder share and the
    /// dependency shares (credited just before, in `BuilderShareCredited` and `DependencyShareCredited`); the
    /// rounding dust of the shares stays in it.
    /// @param fee The protocol fee set aside for the fee recipient.
    event CampaignClaimed(
        uint256 indexed campaignId, address indexed payout, address indexed by, uint256 amount, uint256 fee
    );

    /// @notice A backer took back their pledge of a failed or cancelled campaign, or their pro-rata part of the
    /// unreleased funds of a rejected one (with a bonus share, `RefundedWithBonus` is emitted instead).
    /// @param campaignId The campaign.
    /// @param backer The backer.
    /// @param amount The amount returned.
    event Refunded(uint256 indexed campaignId, address indexed backer, uint256 amount);

    /// @notice Somebody opened a feature request (`IRequestBoard.openRequest`): a campaign without terms yet, open for
    /// pledges until `expiry`, in this id space.
    /// @param requestId The request's id (a campaign id).
    /// @param projectId The project asked.
    /// @param opener Who opened it.
    /// @param token The token pledged (zero for ETH), fixed.
    /// @param expiry Last second at which it may be pledged to or accepted; after it, it is refunded.
    /// @param feeBps The protocol fee recorded now: acceptance keeps it, or the fee in force then if lower.
    /// @param specURI The feature asked for (an issue).
    /// @param specHash The content hash of the document at `specURI` (zero: none was given).
    event RequestOpened(
        uint256 indexed requestId,
        uint256 indexed projectId,
        address indexed opener,
        address token,
        uint256 expiry,
        uint256 feeBps,
        string specURI,
        bytes32 specHash
    );

    /// @notice A maintainer accepted a request: it is now a funding campaign (its terms are in the `CampaignOpened`
    /// emitted with this), and every pledge in it carried over.
    /// @param requestId The request, now a campaign of the same id.
    /// @param maintainer Who accepted it.
    /// @param pledged What stood pledged at acceptance.
    event RequestAccepted(uint256 indexed requestId, address indexed maintainer, uint256 pledged);

    /// @notice A maintainer declined a request: every backer may take back their pledge, at any later time.
    /// @param requestId The request.
    /// @param maintainer Who declined it.
    /// @param reasonURI Why (a comment, a document).
    event RequestDeclined(uint256 indexed requestId, address indexed maintainer, string reasonURI);

    /// @notice A request's expiry is too soon or too far.
    /// @param expiry The expiry given.
    /// @param earliest The earliest accepted expiry.
    /// @param latest The latest accepted expiry.
    error InvalidExpiry(uint256 expiry, uint256 earliest, uint256 latest);

    /// @notice Acceptance terms name another project, token or spec than the request: those were fixed when it
    /// opened, so pass the request's own.
    /// @param requestId The request.
    error RequestTermsMismatch(uint256 requestId);

    /// @notice A decline without a reason: backers are owed one.
    error EmptyReasonURI();

    /// @notice No campaign has this id.
    /// @param campaignId The id asked for.
    error UnknownCampaign(uint256 campaignId);

    /// @notice The caller is not a maintainer of the campaign's project.
    /// @param projectId The project.
    /// @param caller The caller.
    error NotProjectMaintainer(uint256 projectId, address caller);

    /// @notice The token is not on the allowlist for new campaigns.
    /// @param token The token.
    error TokenNotAllowed(address token);

    /// @notice The spec URI given was empty.
    error EmptySpecURI();

    /// @notice A goal or amount of zero was given.
    error ZeroAmount();

    /// @notice An amount or total exceeds what a campaign can hold.
    /// @param amount The amount.
    /// @param max The largest accepted value.
    error AmountTooLarge(uint256 amount, uint256 max);

    /// @notice The deadline is not in the future or too far in it.
    /// @param deadline The deadline given.
    /// @param earliest The earliest accepted deadline.
    /// @param latest The latest accepted deadline.
    error InvalidDeadline(uint256 deadline, uint256 earliest, uint256 latest);

    /// @notice The function is for the other kind of token: ETH sent to an ERC-20 campaign or the reverse.
    /// @param campaignId The campaign.
    /// @param token The campaign's token (zero for ETH).
    error WrongToken(uint256 campaignId, address token);

    /// @notice The campaign is not in a state that allows the call (one error for every "wrong state", like
    /// OpenZeppelin's `GovernorUnexpectedProposalState`).
    /// @param campaignId The campaign.
    /// @param current Its current state.
    /// @param expectedStates The states that would have allowed the call: bit `1 << uint8(state)` set for each.
    error UnexpectedState(uint256 campaignId, State current, bytes32 expectedStates);

    /// @notice The backer has less pledged than the amount asked for.
    /// @param requested The amount asked for.
    /// @param available The backer's pledge.
    error InsufficientPledge(uint256 requested, uint256 available);

    /// @notice The caller has nothing pledged to refund in this campaign (never pledged or already refunded).
    /// @param campaignId The campaign.
    /// @param backer The caller.
    error NothingToRefund(uint256 campaignId, address backer);

    /// @notice The token delivered a different amount than asked (fee-on-transfer or rebasing tokens).
    /// @param expected The amount asked for.
    /// @param received The amount that arrived.
    error TransferAmountMismatch(uint256 expected, uint256 received);

    /// @notice The permit failed and the existing allowance does not cover the pledge.
    /// @param allowance The allowance in place.
    /// @param amount The pledge.
    error PermitFailed(uint256 allowance, uint256 amount);

    /// @notice An ETH transfer was rejected by its recipient.
    /// @param to The recipient.
    /// @param amount The amount.
    error EthTransferFailed(address to, uint256 amount);

    /// @notice The milestone plan has no milestones or more than the maximum.
    /// @param count The number given.
    /// @param max The maximum.
    error InvalidMilestoneCount(uint256 count, uint256 max);

    /// @notice A milestone's share is zero, or the shares and the initial share do not add up to 10,000.
    /// @param totalBps The sum of the initial share and the milestones' shares.
    error InvalidMilestoneShares(uint256 totalBps);

    /// @notice A milestone's due date is too early or too late: the first must fall more than one review window after
    /// the latest deadline (planned deadline plus two last calls), each next one more than one review window after
    /// the previous one, and none later than `MAX_MILESTONE_SPAN` after the deadline. Choose later (or earlier) dates.
    /// @param index The milestone.
    /// @param due Its due date.
    error InvalidMilestoneDue(uint256 index, uint256 due);

    /// @notice The delivery URI given was empty.
    error EmptyDeliveryURI();

    /// @notice The review window is outside [`MIN_REVIEW_WINDOW`, `MAX_REVIEW_WINDOW`].
    /// @param reviewWindow The window given.
    error InvalidReviewWindow(uint256 reviewWindow);

    /// @notice The objection threshold is 10,000 basis points or more.
    /// @param thresholdBps The threshold given.
    error InvalidObjectionThreshold(uint256 thresholdBps);

    /// @notice The campaign has no milestone plan.
    /// @param campaignId The campaign.
    error NoMilestones(uint256 campaignId);

    /// @notice Every milestone of the campaign has already been accepted.
    /// @param campaignId The campaign.
    error AllMilestonesAccepted(uint256 campaignId);

    /// @notice The current milestone is already in review.
    /// @param campaignId The campaign.
    /// @param reviewEnd Last second of its review window.
    error MilestoneInReview(uint256 campaignId, uint256 reviewEnd);

    /// @notice No milestone of the campaign is in its review window.
    /// @param campaignId The campaign.
    error NotInReview(uint256 campaignId);

    /// @notice The caller has no objection weight in the campaign: no pledge, or only pledges made after the weight
    /// cutoff (which count in refunds but carry no say).
    /// @param campaignId The campaign.
    /// @param backer The caller.
    error NoStake(uint256 campaignId, address backer);

    /// @notice The caller already objects to the milestone in review.
    /// @param campaignId The campaign.
    /// @param backer The caller.
    error AlreadyObjected(uint256 campaignId, address backer);

    /// @notice The caller does not object to the milestone in review.
    /// @param campaignId The campaign.
    /// @param backer The caller.
    error NotObjecting(uint256 campaignId, address backer);

    /// @notice There is no review outcome or missed due date to record now.
    /// @param campaignId The campaign.
    error NothingToSettle(uint256 campaignId);

    /// @notice Everything released to the project has already been paid out.
    /// @param campaignId The campaign.
    error NothingToClaim(uint256 campaignId);

    /// @notice The last call is not a whole number of hours within the bounds.
    /// @param lastCall The length given, in seconds.
    /// @param min The shortest allowed, in seconds.
    /// @param max The longest allowed, in seconds.
    error InvalidLastCall(uint256 lastCall, uint256 min, uint256 max);

    /// @notice The claim window is not a whole number of days within the bounds.
    /// @param claimWindow The length given, in seconds.
    /// @param min The shortest allowed, in seconds.
    /// @param max The longest allowed, in seconds.
    error InvalidClaimWindow(uint256 claimWindow, uint256 min, uint256 max);

    /// @notice Campaigns record project ids in 32 bits; this registry's ids have outgrown them. Deploy a new escrow.
    /// @param projectId The project id.
    error ProjectIdOutOfRange(uint256 projectId);

    /// @notice A time does not fit the 32-bit seconds it is stored in (it is after 7 February 2106).
    /// @param time The time, in unix seconds.
    error TimeOutOfRange(uint256 time);

    /// @notice A block number does not fit the 32 bits it is stored in (a chain more than four billion blocks in).
    /// @param blockNumber The block number.
    error BlockNumberOutOfRange(uint256 blockNumber);

    /// @notice This pledge would reach the goal too late to leave the other backers a whole last call before the
    /// latest deadline; pledge less (so the total stays below the goal), or nothing: the campaign then fails and
    /// refunds in full.
    /// @param campaignId The campaign.
    /// @param latest The last second at which a pledge may still reach the goal.
    error GoalReachedTooLate(uint256 campaignId, uint256 latest);

    /// @notice In the last call, the goal has stood for a whole last call: the total may no longer fall below it.
    /// Withdraw at most `available`, or wait for the outcome (a success pays the project; otherwise refunds).
    /// @param campaignId The campaign.
    /// @param requested The amount asked for.
    /// @param available The most that can be withdrawn now: the total minus the goal (less than the pledge).
    error GoalLocked(uint256 campaignId, uint256 requested, uint256 available);

    /// @notice The project's payout address is the escrow, its milestone module or the registry, which could never pass
    /// the money on;
    /// the project owner must set another payout address first.
    /// @param payout The payout address.
    error InvalidPayout(address payout);

    /// @notice The bonus would pass its cap (`MAX_BONUS_BPS` of the goal): deposit at most `max - pot`.
    /// @param campaignId The campaign.
    /// @param pot The bonus it would hold.
    /// @param max The most it may hold.
    error BonusTooLarge(uint256 campaignId, uint256 pot, uint256 max);

    /// @notice A campaign's first bonus deposit must be at least `min` (`MIN_FIRST_BONUS_BPS` of the goal): deposit at
    /// least that much; later deposits may be any amount.
    /// @param campaignId The campaign.
    /// @param amount The amount offered.
    /// @param min The least a first deposit may be.
    error BonusTooSmall(uint256 campaignId, uint256 amount, uint256 min);

    /// @notice ETH sent with a bonus deposit differs from what it takes (ERC-20 deposits take none): send `amount`.
    /// @param sent The ETH sent.
    /// @param amount The amount of the deposit.
    error BonusValueMismatch(uint256 sent, uint256 amount);

    /// @notice A module given to the constructor has no code, or serves another registry: deploy `BonusPool` and
    /// `ShareLedger` first and pass their addresses.
    /// @param module The address given.
    error InvalidModule(address module);

    /// @notice The caller has no bonus deposit in this campaign, or reclaimed it already.
    /// @param campaignId The campaign.
    /// @param depositor The caller.
    error NothingToReclaim(uint256 campaignId, address depositor);

    /// @notice The builder share plus the dependency shares plus the largest protocol fee exceed 100%.
    /// @param builderShareBps The builder share asked for, in basis points.
    /// @param dependencyShareBps The total share of the project's current dependency list, in basis points.
    /// @param maxBuilderShareBps The largest builder share possible with that list, in basis points.
    error SharesTooLarge(uint256 builderShareBps, uint256 dependencyShareBps, uint256 maxBuilderShareBps);

    /// @notice Only the project's owner nominates the first builder of its campaigns (the role that sets its payout
    /// address and dependency list: all three direct the project's money).
    /// @param projectId The project.
    /// @param caller The caller.
    error NotProjectOwner(uint256 projectId, address caller);

    /// @notice The campaign has no builder share, so it has no builder.
    /// @param campaignId The campaign.
    error NoBuilderShare(uint256 campaignId);

    /// @notice Only the builder who accepted may hand the role on.
    /// @param campaignId The campaign.
    /// @param caller The caller.
    error NotBuilder(uint256 campaignId, address caller);

    /// @notice Only the nominee may accept the builder role.
    /// @param campaignId The campaign.
    /// @param caller The caller.
    error NotNominee(uint256 campaignId, address caller);

    /// @notice No builder share waits in this campaign.
    /// @param campaignId The campaign.
    error NoWaitingBuilderShare(uint256 campaignId);

    /// @notice The waiting builder share is the builder's to accept until `releasableAt`.
    /// @param campaignId The campaign.
    /// @param releasableAt From when it can be released to the project.
    error BuilderShareStillWaiting(uint256 campaignId, uint256 releasableAt);

    /// @notice Nothing is credited to this recipient in this token.
    /// @param token The token (zero for ETH).
    error NothingToWithdraw(address token);

    /// @notice Opens a campaign for one concrete piece of work of a project; only a maintainer, not while paused.
    /// @param terms The campaign's terms (see `CampaignTerms`).
    /// @return campaignId The new campaign's id.
    function openCampaign(CampaignTerms calldata terms) external returns (uint256 campaignId);

    /// @notice Opens a campaign whose funds are released milestone by milestone under the backers' review; only a
    /// maintainer, not while paused. Same rules as `openCampaign` for the terms.
    /// @param terms The campaign's terms (see `CampaignTerms`).
    /// @param plan The milestone plan: 1 to `MAX_MILESTONES` milestones, the first due more than one review window
    /// after the latest deadline (planned deadline plus two last calls), each next more than one review window after
    /// the previous one, the last due plus a review window before 2106 (`TimeOutOfRange`), shares
    /// adding up to 10,000 with the initial share, a review window and an objection threshold.
    /// @return campaignId The new campaign's id.
    function openCampaignWithMilestones(CampaignTerms calldata terms, MilestonePlan calldata plan)
        external
        returns (uint256 campaignId);

    /// @notice Submits the delivery of the current milestone of a succeeded campaign and opens its review window;
    /// only a maintainer, at the latest at the milestone's due date.
    /// @param campaignId The campaign.
    /// @param deliveryURI The release, pull request or report that delivers the milestone; must not be empty.
    function submitMilestone(uint256 campaignId, string calldata deliveryURI) external;

    /// @notice Objects to the milestone in review, with the caller's objection weight: their pledge, not counting
    /// what they pledged after the weight cutoff.
    /// @param campaignId The campaign.
    function objectMilestone(uint256 campaignId) external;

    /// @notice Withdraws the caller's objection to the milestone in review.
    /// @param campaignId The campaign.
    function withdrawObjection(uint256 campaignId) external;

    /// @notice Records what time has decided: a closed review window (milestone accepted, or rejected when the
    /// objections exceed the threshold) or a missed due date (rejected). Anyone may call; claims, refunds and
    /// submissions do the same by themselves.
    /// @param campaignId The campaign.
    function settleMilestone(uint256 campaignId) external;

    /// @notice Pledges the ETH sent to an ETH campaign that is funding; not while paused.
    /// @param campaignId The campaign.
    function pledge(uint256 campaignId) external payable;

    /// @notice Pledges an approved amount of the campaign's ERC-20; not while paused.
    /// @param campaignId The campaign.
    /// @param amount The amount in base units.
    function pledgeToken(uint256 campaignId, uint256 amount) external;

    /// @notice Pledges an ERC-20 amount authorised by an EIP-2612 permit, in one transaction; not while paused.
    /// @dev A permit that fails (for example one already used by a front-runner) is ignored as long as the
    /// allowance in place covers the amount.
    /// @param campaignId The campaign.
    /// @param amount The amount in base units.
    /// @param permitDeadline The permit's deadline.
    /// @param v The permit signature's v.
    /// @param r The permit signature's r.
    /// @param s The permit signature's s.
    function pledgeWithPermit(
        uint256 campaignId,
        uint256 amount,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Takes back part or all of the caller's pledge while the campaign is funding; works while paused. In
    /// the last call, once the goal has stood for more than a whole last call, the total may not fall below the goal;
    /// before that, a withdrawal that takes it below the goal moves the deadline to one last call from now (at most
    /// to the planned deadline plus one last call), so others can fill the gap.
    /// @param campaignId The campaign.
    /// @param amount The amount to take back; more than zero and at most the caller's pledge.
    function withdrawPledge(uint256 campaignId, uint256 amount) external;

    /// @notice Nominates the builder of a campaign with a builder share, who must accept (`acceptBuilder`): the
    /// project's owner while no builder has accepted (nominating again replaces the nominee; `NotProjectOwner`), then
    /// only the builder, to hand the role on (`NotBuilder`). Zero clears the nomination. Not a maintainer: any one of
    /// them could otherwise name themselves, or front-run the real builder's acceptance, and take the share.
    /// @param campaignId The campaign.
    /// @param nominee The nominee.
    function nominateBuilder(uint256 campaignId, address nominee) external;

    /// @notice The nominee becomes the campaign's builder: later claims credit the builder share to them, and builder
    /// shares that waited for a builder are credited to them now. Credits already made stay with whoever had them.
    /// @param campaignId The campaign.
    function acceptBuilder(uint256 campaignId) external;

    /// @notice Credits a builder share that has waited `BUILDER_ACCEPT_WINDOW` (180 days) since its last credit with
    /// no builder accepting to the campaign's own project: nothing waits forever without an owner. Anyone may call.
    /// @param campaignId The campaign.
    function releaseWaitingBuilderShare(uint256 campaignId) external;

    /// @notice Pays the caller's builder credits in `token` to `to` (any address, so a builder that cannot receive,
    /// or is blacklisted by the token, is still paid). Works while paused.
    /// @param token The token (zero for ETH).
    /// @param to The recipient.
    function withdrawBuilderShares(address token, address to) external;

    /// @notice Pays a project's dependency credits (and released builder shares) in `token` to its payout address at
    /// this time; only a maintainer of that project, like a claim. Works while paused.
    /// @param projectId The project.
    /// @param token The token (zero for ETH).
    function withdrawProjectShares(uint256 projectId, address token) external;

    /// @notice Cancels a funding campaign; only a maintainer. Backers may then refund.
    /// @param campaignId The campaign.
    function cancelCampaign(uint256 campaignId) external;

    /// @notice Pays a succeeded campaign's total, minus the fee recorded at opening and the builder and dependency
    /// shares it credits for their recipients to withdraw, to the project's payout address; only a maintainer, once,
    /// within the claim window. For a campaign with milestones, pays what has been released and not yet paid (also
    /// after a rejection), with no time limit. Works while paused.
    /// @param campaignId The campaign.
    function claim(uint256 campaignId) external;

    /// @notice Returns the caller's whole pledge of a failed, cancelled or lapsed campaign, or, after a milestone was
    /// rejected, pledge x unreleased / total (rounded down); once, works while paused, never expires.
    /// @param campaignId The campaign.
    function refund(uint256 campaignId) external;

    /// @notice The module this escrow delegates milestone plans, submissions, objections and their views to; it
    /// runs on the escrow's storage and refuses direct calls.
    /// @return The module's address.
    function milestoneReview() external view returns (address);

    /// @notice The module that runs feature requests (`RequestBoard`), deployed before the escrow: the escrow's
    /// fallback delegates every function of `IRequestBoard` to it.
    /// @return The module's address.
    function requestBoard() external view returns (address);

    /// @notice The module that keeps builder and dependency shares (`ShareLedger`), deployed before the escrow.
    /// @return The module's address.
    function shareLedger() external view returns (address);

    /// @notice Who else a campaign's claims pay (see `SplitView`); reverts with `UnknownCampaign` for an unknown id.
    /// @param campaignId The campaign.
    /// @return The split.
    function getSplit(uint256 campaignId) external view returns (SplitView memory);

    /// @notice A builder's credits in one token, not yet withdrawn.
    /// @param builder The builder.
    /// @param token The token (zero for ETH).
    /// @return The amount.
    function builderSharesOf(address builder, address token) external view returns (uint256);

    /// @notice A project's credits in one token (dependency shares, released builder shares), not yet withdrawn.
    /// @param projectId The project.
    /// @param token The token (zero for ETH).
    /// @return The amount.
    function projectSharesOf(uint256 projectId, address token) external view returns (uint256);

    /// @notice The module this escrow delegates its campaign views (`getCampaign`, `campaignState`) to.
    /// @return The module's address.
    function campaignViews() external view returns (address);

    /// @notice Number of campaigns opened; ids run from 1 to this number.
    /// @return The count.
    function campaignCount() external view returns (uint256);

    /// @notice The state of a campaign at the current block.
    /// @param campaignId The campaign.
    /// @return The state.
    function campaignState(uint256 campaignId) external view returns (State);

    /// @notice The full record of a campaign.
    /// @param campaignId The campaign.
    /// @return The record, with its current state.
    function getCampaign(uint256 campaignId) external view returns (CampaignView memory);

    /// @notice Where a campaign with milestones stands at the current block.
    /// @param campaignId The campaign.
    /// @return The progress, with decisions that time has made but nobody has recorded yet applied.
    function getMilestoneProgress(uint256 campaignId) external view returns (MilestoneProgressView memory);

    /// @notice One milestone of a campaign's plan.
    /// @param campaignId The campaign.
    /// @param index The milestone.
    /// @return The milestone's share and due date.
    function getMilestone(uint256 campaignId, uint256 index) external view returns (Milestone memory);

    /// @notice Whether a backer's objection counts toward the milestone last submitted: while it is in review, and
    /// after its window closed for as long as its outcome stands (pending, or recorded as a rejection).
    /// @param campaignId The campaign.
    /// @param backer The backer.
    /// @return True when the backer's objection counts.
    function isObjecting(uint256 campaignId, address backer) external view returns (bool);

    /// @notice Adds to a campaign's refund bonus, in the campaign's token; anyone may, while it funds and the protocol
    /// is not paused. Final until the campaign is decided: then the depositor reclaims it if the funding went through,
    /// or their part of what the backers' shares leave (`reclaimBonus`). Cancelling does not give it back: backers are
    /// paid the credit earned until the cancellation.
    /// @param campaignId The campaign.
    /// @param token The campaign's token (zero for ETH); any other is refused with `WrongToken`.
    /// @param amount The amount; for ETH, send exactly this much.
    function depositBonus(uint256 campaignId, address token, uint256 amount) external payable;

    /// @notice Pays a depositor back their part of a decided campaign's bonus: the whole deposit once the funding went
    /// through, else their share of the bonus less what backers' shares take (split exactly among depositors).
    /// @param campaignId The campaign.
    function reclaimBonus(uint256 campaignId) external;

    /// @notice The escrow's refund bonus module.
    /// @return The module's address.
    function bonusPool() external view returns (address);

    /// @notice A campaign's refund bonus and what it means for `account`: their share, what pledging `amount` more
    /// now would give them if it failed, and their deposit.
    /// @param campaignId The campaign.
    /// @param account The backer or depositor (zero for the campaign alone).
    /// @param amount An amount the account might pledge now (zero for none).
    /// @return The bonus (see `BonusView`).
    function getBonus(uint256 campaignId, address account, uint256 amount) external view returns (BonusView memory);

    /// @notice A backer's current pledge to a campaign (zero once refunded).
    /// @param campaignId The campaign.
    /// @param backer The backer.
    /// @return The pledge in base units.
    function pledgeOf(uint256 campaignId, address backer) external view returns (uint256);

    /// @notice A backer's objection weight in a campaign: their pledge, less what they pledged after the weight
    /// cutoff and still have in it.
    /// @param campaignId The campaign.
    /// @param backer The backer.
    /// @return The weight in base units.
    function objectionWeightOf(uint256 campaignId, address backer) external view returns (uint256);
}
