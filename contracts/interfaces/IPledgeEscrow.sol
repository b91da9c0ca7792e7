// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IPledgeEscrow
/// @notice All-or-nothing crowdfunding of one concrete piece of open-source work, in ETH or an allowlisted ERC-20.
interface IPledgeEscrow {
    /// @notice The life of a campaign, as seen at the current block.
    /// @dev Funding: open for pledges until and including the deadline second. Succeeded / Failed: the deadline
    /// has passed with the total at or above / below the goal. Cancelled: stopped by a maintainer before the
    /// deadline. Claimed: a Succeeded campaign whose funds were paid out.
    enum State {
        Funding,
        Succeeded,
        Failed,
        Cancelled,
        Claimed
    }

    /// @notice Everything known about a campaign, for tools and user interfaces.
    /// @param projectId The project in the registry the campaign belongs to.
    /// @param token The pledged token; the zero address means native ETH.
    /// @param goal The amount, in the token's base units, that must be reached for success.
    /// @param pledged The current total of pledges; after the deadline, the total that was raised.
    /// @param deadline Last second (unix time) at which pledges are accepted.
    /// @param feeBps Protocol fee in basis points, fixed when the campaign was opened.
    /// @param state The campaign's state at the current block.
    /// @param specURI The issue, pull request or specification the campaign funds.
    struct CampaignView {
        uint256 projectId;
        address token;
        uint256 goal;
        uint256 pledged;
        uint256 deadline;
        uint256 feeBps;
        State state;
        string specURI;
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
    event CampaignOpened(
        uint256 indexed campaignId,
        uint256 indexed projectId,
        address indexed creator,
        address token,
        uint256 goal,
        uint256 deadline,
        uint256 feeBps,
        string specURI
    );

    /// @notice A backer pledged (or added to a pledge).
    /// @param campaignId The campaign.
    /// @param backer The backer.
    /// @param amount The amount added.
    /// @param backerTotal The backer's pledge after this one.
    /// @param campaignTotal The campaign's total after this one.
    event Pledged(
        uint256 indexed campaignId, address indexed backer, uint256 amount, uint256 backerTotal, uint256 campaignTotal
    );

    /// @notice A backer took back part or all of a pledge while the campaign was funding.
    /// @param campaignId The campaign.
    /// @param backer The backer.
    /// @param amount The amount taken back.
    /// @param backerTotal The backer's pledge afterwards.
    /// @param campaignTotal The campaign's total afterwards.
    event PledgeWithdrawn(
        uint256 indexed campaignId, address indexed backer, uint256 amount, uint256 backerTotal, uint256 campaignTotal
    );

    /// @notice A maintainer cancelled a campaign before its deadline; backers may now refund.
    /// @param campaignId The campaign.
    /// @param by The maintainer who cancelled it.
    event CampaignCancelled(uint256 indexed campaignId, address indexed by);

    /// @notice A successful campaign was paid out.
    /// @param campaignId The campaign.
    /// @param payout The project's payout address that received `amount`.
    /// @param by The maintainer who claimed.
    /// @param amount What the payout address received: total minus fee.
    /// @param fee The protocol fee set aside for the fee recipient.
    event CampaignClaimed(
        uint256 indexed campaignId, address indexed payout, address indexed by, uint256 amount, uint256 fee
    );

    /// @notice A backer of a failed or cancelled campaign took back their whole pledge.
    /// @param campaignId The campaign.
    /// @param backer The backer.
    /// @param amount The amount returned.
    event Refunded(uint256 indexed campaignId, address indexed backer, uint256 amount);

    /// @notice Accrued protocol fees of a token were sent to the fee recipient.
    /// @param token The token (zero for ETH).
    /// @param recipient The fee recipient.
    /// @param amount The amount sent.
    event FeesWithdrawn(address indexed token, address indexed recipient, uint256 amount);

    /// @notice The protocol fee for future campaigns changed.
    /// @param previousFeeBps The former fee in basis points.
    /// @param newFeeBps The new fee in basis points.
    event FeeChanged(uint256 previousFeeBps, uint256 newFeeBps);

    /// @notice The fee recipient changed.
    /// @param previousRecipient The former recipient.
    /// @param newRecipient The new recipient.
    event FeeRecipientChanged(address indexed previousRecipient, address indexed newRecipient);

    /// @notice The guardian changed.
    /// @param previousGuardian The former guardian.
    /// @param newGuardian The new guardian (zero: nobody can pause or unpause).
    event GuardianChanged(address indexed previousGuardian, address indexed newGuardian);

    /// @notice A token was added to or removed from the allowlist for new campaigns.
    /// @param token The token.
    /// @param allowed Whether new campaigns may use it.
    event TokenAllowlistChanged(address indexed token, bool allowed);

    /// @notice No campaign has this id.
    /// @param campaignId The id asked for.
    error UnknownCampaign(uint256 campaignId);

    /// @notice The caller is not a maintainer of the campaign's project.
    /// @param projectId The project.
    /// @param caller The caller.
    error NotProjectMaintainer(uint256 projectId, address caller);

    /// @notice The caller is not the guardian.
    /// @param caller The caller.
    error NotGuardian(address caller);

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

    /// @notice The fee exceeds the hard cap.
    /// @param feeBps The fee given.
    /// @param maxFeeBps The cap.
    error FeeTooHigh(uint256 feeBps, uint256 maxFeeBps);

    /// @notice An address that must not be zero was zero.
    error ZeroAddress();

    /// @notice The function is for the other kind of token: ETH sent to an ERC-20 campaign or the reverse.
    /// @param campaignId The campaign.
    /// @param token The campaign's token (zero for ETH).
    error WrongToken(uint256 campaignId, address token);

    /// @notice The campaign is not accepting pledges or withdrawals (or cancellation): it is not funding.
    /// @param campaignId The campaign.
    /// @param state Its current state.
    error NotFunding(uint256 campaignId, State state);

    /// @notice The campaign cannot be claimed: it has not succeeded (or was already claimed).
    /// @param campaignId The campaign.
    /// @param state Its current state.
    error NotSucceeded(uint256 campaignId, State state);

    /// @notice The campaign cannot be refunded: it has neither failed nor been cancelled.
    /// @param campaignId The campaign.
    /// @param state Its current state.
    error NotRefundable(uint256 campaignId, State state);

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

    /// @notice There are no accrued fees of this token.
    /// @param token The token.
    error NoFees(address token);

    /// @notice Opens a campaign for one concrete piece of work of a project; only a maintainer, not while paused.
    /// @param projectId The project in the registry.
    /// @param specURI The issue, pull request or specification being funded; must not be empty.
    /// @param token The token (zero for ETH; an ERC-20 must be on the allowlist).
    /// @param goal The goal in base units; more than zero and at most `type(uint104).max`.
    /// @param deadline Last second for pledges; after the current block and at most `MAX_DURATION` from it.
    /// @return campaignId The new campaign's id.
    function openCampaign(uint256 projectId, string calldata specURI, address token, uint256 goal, uint256 deadline)
        external
        returns (uint256 campaignId);

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

    /// @notice Takes back part or all of the caller's pledge while the campaign is funding; works while paused.
    /// @param campaignId The campaign.
    /// @param amount The amount to take back; more than zero and at most the caller's pledge.
    function withdrawPledge(uint256 campaignId, uint256 amount) external;

    /// @notice Cancels a funding campaign; only a maintainer. Backers may then refund.
    /// @param campaignId The campaign.
    function cancelCampaign(uint256 campaignId) external;

    /// @notice Pays a succeeded campaign's total, minus the fee recorded at opening, to the project's payout
    /// address; only a maintainer, once. Works while paused.
    /// @param campaignId The campaign.
    function claim(uint256 campaignId) external;

    /// @notice Returns the caller's whole pledge of a failed or cancelled campaign; works while paused, never expires.
    /// @param campaignId The campaign.
    function refund(uint256 campaignId) external;

    /// @notice Sends the accrued protocol fees of a token to the fee recipient; anyone may call.
    /// @param token The token (zero for ETH).
    function withdrawFees(address token) external;

    /// @notice Sets the protocol fee for campaigns opened from now on; only the protocol owner.
    /// @param newFeeBps The fee in basis points, at most `MAX_FEE_BPS`.
    function setFee(uint16 newFeeBps) external;

    /// @notice Sets the fee recipient; only the protocol owner.
    /// @param newRecipient The recipient; must not be zero.
    function setFeeRecipient(address newRecipient) external;

    /// @notice Sets the guardian, who may pause new campaigns and pledges; only the protocol owner.
    /// @param newGuardian The guardian; zero leaves nobody able to pause or unpause.
    function setGuardian(address newGuardian) external;

    /// @notice Adds or removes an ERC-20 from the allowlist for new campaigns; only the protocol owner.
    /// @dev Campaigns already opened keep their token whatever the allowlist says later.
    /// @param token The token; must not be zero (ETH is always allowed).
    /// @param allowed Whether new campaigns may use it.
    function setTokenAllowed(address token, bool allowed) external;

    /// @notice Stops new campaigns and new pledges; only the guardian. Nothing else is ever blocked.
    function pause() external;

    /// @notice Lifts a pause; only the guardian.
    function unpause() external;

    /// @notice The state of a campaign at the current block.
    /// @param campaignId The campaign.
    /// @return The state.
    function campaignState(uint256 campaignId) external view returns (State);

    /// @notice The full record of a campaign.
    /// @param campaignId The campaign.
    /// @return The record, with its current state.
    function getCampaign(uint256 campaignId) external view returns (CampaignView memory);

    /// @notice A backer's current pledge to a campaign (zero once refunded).
    /// @param campaignId The campaign.
    /// @param backer The backer.
    /// @return The pledge in base units.
    function pledgeOf(uint256 campaignId, address backer) external view returns (uint256);
}
