// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IProtocolFees
/// @notice The protocol's administration: the fee new campaigns record (capped, changed only after a delay), where
/// fees go, which ERC-20s new campaigns may use, and the guardian's pause of new campaigns and pledges. None of it
/// reaches money already pledged: terms are frozen per campaign and withdrawals, refunds and claims ignore the pause.
interface IProtocolFees {
    /// @notice Accrued protocol fees of a token were sent to the fee recipient.
    /// @param token The token (zero for ETH).
    /// @param recipient The fee recipient.
    /// @param amount The amount sent.
    event FeesWithdrawn(address indexed token, address indexed recipient, uint256 amount);

    /// @notice The protocol fee was set at deployment.
    /// @param previousFeeBps Zero.
    /// @param newFeeBps The fee in basis points.
    event FeeChanged(uint256 previousFeeBps, uint256 newFeeBps);

    /// @notice A new protocol fee was announced: campaigns opened from `effectiveAt` on record it; campaigns opened
    /// before keep the fee they recorded. Replaces any change announced before that has not taken effect.
    /// @param currentFeeBps The fee new campaigns record until then, in basis points.
    /// @param newFeeBps The announced fee, in basis points.
    /// @param effectiveAt First second at which new campaigns record the announced fee.
    event FeeChangeScheduled(uint256 currentFeeBps, uint256 newFeeBps, uint256 effectiveAt);

    /// @notice The fee recipient changed.
    /// @param previousRecipient The former recipient.
    /// @param newRecipient The new recipient.
    event FeeRecipientChanged(address indexed previousRecipient, address indexed newRecipient);

    /// @notice The guardian changed.
    /// @param previousGuardian The former guardian.
    /// @param newGuardian The new guardian (zero: nobody can pause or unpause).
    event GuardianChanged(address indexed previousGuardian, address indexed newGuardian);

    /// @notice Tokens sent to the escrow by mistake, in a token no campaign ever used, were returned.
    /// @param token The token.
    /// @param to Where the owner sent them (normally the sender of the mistaken transfer).
    /// @param amount The amount.
    event StrayTokensRecovered(address indexed token, address indexed to, uint256 amount);

    /// @notice A token was added to or removed from the allowlist for new campaigns.
    /// @param token The token.
    /// @param allowed Whether new campaigns may use it.
    event TokenAllowlistChanged(address indexed token, bool allowed);

    /// @notice The guardian paused new campaigns and pledges.
    /// @param account The guardian.
    event Paused(address account);

    /// @notice The guardian lifted the pause.
    /// @param account The guardian.
    event Unpaused(address account);

    /// @notice The caller is not the guardian.
    /// @param caller The caller.
    error NotGuardian(address caller);

    /// @notice The fee exceeds the hard cap.
    /// @param feeBps The fee given.
    /// @param maxFeeBps The cap.
    error FeeTooHigh(uint256 feeBps, uint256 maxFeeBps);

    /// @notice An address that must not be zero was zero.
    error ZeroAddress();

    /// @notice There are no accrued fees of this token.
    /// @param token The token.
    error NoFees(address token);

    /// @notice A campaign has used this token (or it is ETH), so the escrow may owe some of its balance: nothing of it
    /// can be recovered. Only tokens no campaign ever used can be returned to whoever sent them by mistake.
    /// @param token The token.
    error TokenInUse(address token);

    /// @notice The escrow holds none of this token.
    /// @param token The token.
    error NothingToRecover(address token);

    /// @notice Ownership of the escrow can only be handed over (in two steps), never renounced: without an owner the
    /// fee recipient could never change again.
    error OwnershipCannotBeRenounced();

    /// @notice New campaigns and pledges are paused; withdrawals, refunds and claims are not. Try again once the
    /// guardian lifts the pause.
    error EnforcedPause();

    /// @notice The escrow is not paused, so there is no pause to lift.
    error ExpectedPause();

    /// @notice Sends the accrued protocol fees of a token to the fee recipient; anyone may call.
    /// @param token The token (zero for ETH).
    function withdrawFees(address token) external;

    /// @notice Announces a protocol fee for campaigns opened `FEE_CHANGE_DELAY` from now on; only the protocol
    /// owner. Campaigns opened before keep the fee they recorded.
    /// @param newFeeBps The fee in basis points, at most `MAX_FEE_BPS`.
    function setFee(uint16 newFeeBps) external;

    /// @notice The protocol fee a campaign opened now records, in basis points.
    /// @return The fee.
    function feeBps() external view returns (uint16);

    /// @notice The announced fee change that has not taken effect yet, if any.
    /// @return newFeeBps The announced fee in basis points.
    /// @return effectiveAt When it takes effect (zero when none is pending).
    function pendingFee() external view returns (uint16 newFeeBps, uint256 effectiveAt);

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

    /// @notice Whether new campaigns may use an ERC-20.
    /// @param token The token.
    /// @return True when it is on the allowlist.
    function isTokenAllowed(address token) external view returns (bool);

    /// @notice Sends the whole balance of an ERC-20 that no campaign ever used (tokens transferred to the escrow by
    /// mistake) to `to`; only the protocol owner. Tokens a campaign used, and ETH, can never be taken this way.
    /// @param token The token.
    /// @param to The recipient; must not be zero.
    function recoverStrayToken(address token, address to) external;

    /// @notice Stops new campaigns and new pledges; only the guardian. Nothing else is ever blocked.
    function pause() external;

    /// @notice Lifts a pause; only the guardian.
    function unpause() external;

    /// @notice The module the escrow delegates the owner's and the guardian's setters to; it runs on the escrow's
    /// storage and refuses direct calls.
    /// @return The module's address.
    function protocolAdmin() external view returns (address);

    /// @notice Whether new campaigns and pledges are paused.
    /// @return True while paused.
    function paused() external view returns (bool);

    /// @notice Protocol fees of claims, per token, not yet sent to the fee recipient.
    /// @param token The token (zero for ETH).
    /// @return The amount.
    function accruedFees(address token) external view returns (uint256);

    /// @notice The account allowed to pause and unpause new campaigns and pledges.
    /// @return The guardian (zero: nobody).
    function guardian() external view returns (address);

    /// @notice The account that receives withdrawn protocol fees.
    /// @return The fee recipient.
    function feeRecipient() external view returns (address);
}
