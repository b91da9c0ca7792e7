// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IProtocolFees} from "../interfaces/IProtocolFees.sol";
import {Campaigns} from "../libraries/Campaigns.sol";
import {Currency} from "../libraries/Currency.sol";
import {Delegation} from "../libraries/Delegation.sol";
import {EscrowStorage} from "../libraries/EscrowStorage.sol";
import {Limits} from "../libraries/Limits.sol";
import {ProtocolAdmin} from "../modules/ProtocolAdmin.sol";

/// @title ProtocolFees
/// @notice The protocol's administration, like Uniswap v4-core's `ProtocolFees`: the fee, its recipient, the token
/// allowlist, the guardian's pause, and the fee ledger the escrow accrues into on claims.
/// The setters and the fee withdrawal run in the `ProtocolAdmin` module this contract deploys and delegates to; what
/// the hot paths read (pause, fee, allowlist) stays here.
/// @dev Privileged roles tune future campaigns only (fee, allowlist) or pause new campaigns and pledges. None of them
/// can move, freeze or redirect escrowed funds: withdrawals, refunds and claims ignore the pause, terms are frozen per
/// campaign, and fees go only to the fee recipient.
abstract contract ProtocolFees is IProtocolFees, Ownable2Step, ReentrancyGuardTransient {
    /// @notice Hard cap of the protocol fee, in basis points (5%).
    uint16 public constant MAX_FEE_BPS = Limits.MAX_FEE_BPS;

    /// @notice Time between the announcement of a new protocol fee and the first campaign that records it.
    uint256 public constant FEE_CHANGE_DELAY = Limits.FEE_CHANGE_DELAY;

    /// @inheritdoc IProtocolFees
    address public immutable protocolAdmin;

    /// @notice Sets the roles and the initial fee, and opens the ETH fee ledger.
    /// @param owner_ The protocol owner (fee, fee recipient, allowlist, guardian).
    /// @param guardian_ The guardian (pause); may be zero.
    /// @param feeRecipient_ The fee recipient.
    /// @param feeBps_ The initial fee in basis points, at most `MAX_FEE_BPS`.
    constructor(address owner_, address guardian_, address feeRecipient_, uint16 feeBps_) Ownable(owner_) {
        if (feeRecipient_ == address(0)) revert ZeroAddress();
        if (feeBps_ > MAX_FEE_BPS) revert FeeTooHigh(feeBps_, MAX_FEE_BPS);
        EscrowStorage.Layout storage store = EscrowStorage.layout();
        store.guardian = guardian_;
        store.feeRecipient = feeRecipient_;
        store.protocol.feeBps = feeBps_;
        store.feeLedger[Currency.NATIVE] = 1;
        emit GuardianChanged(address(0), guardian_);
        emit FeeRecipientChanged(address(0), feeRecipient_);
        emit FeeChanged(0, feeBps_);
        protocolAdmin = address(new ProtocolAdmin());
    }

    modifier whenNotPaused() {
        if (EscrowStorage.layout().protocol.paused) revert EnforcedPause();
        _;
    }

    /// @inheritdoc IProtocolFees
    /// @dev Runs in `ProtocolAdmin`, which holds the reentrancy guard: the fee recipient's path is rare, so its bytes
    /// go to the module and the core keeps its own for the backers' paths.
    function withdrawFees(address) external {
        Delegation.delegate(protocolAdmin);
    }

    /// @inheritdoc IProtocolFees
    function setFee(uint16) external {
        Delegation.delegate(protocolAdmin);
    }

    /// @inheritdoc IProtocolFees
    function feeBps() external view returns (uint16) {
        return Campaigns.feeInForce(EscrowStorage.layout().protocol);
    }

    /// @inheritdoc IProtocolFees
    function pendingFee() external view returns (uint16 newFeeBps, uint256 effectiveAt) {
        EscrowStorage.Protocol storage protocol = EscrowStorage.layout().protocol;
        uint256 from = protocol.pendingFeeFrom;
        if (from > block.timestamp) return (protocol.pendingFeeBps, from);
    }

    /// @inheritdoc IProtocolFees
    function accruedFees(address token) external view returns (uint256) {
        uint256 ledger = EscrowStorage.layout().feeLedger[token];
        return ledger == 0 ? 0 : ledger - 1;
    }

    /// @inheritdoc IProtocolFees
    function setFeeRecipient(address) external {
        Delegation.delegate(protocolAdmin);
    }

    /// @inheritdoc IProtocolFees
    function feeRecipient() external view returns (address) {
        return EscrowStorage.layout().feeRecipient;
    }

    /// @inheritdoc IProtocolFees
    function setGuardian(address) external {
        Delegation.delegate(protocolAdmin);
    }

    /// @inheritdoc IProtocolFees
    function guardian() external view returns (address) {
        return EscrowStorage.layout().guardian;
    }

    /// @inheritdoc IProtocolFees
    function setTokenAllowed(address, bool) external {
        Delegation.delegate(protocolAdmin);
    }

    /// @inheritdoc IProtocolFees
    function isTokenAllowed(address token) external view returns (bool) {
        return EscrowStorage.layout().tokenFlags[token] & Campaigns.TOKEN_ALLOWED != 0;
    }

    /// @inheritdoc IProtocolFees
    function recoverStrayToken(address, address) external {
        Delegation.delegate(protocolAdmin);
    }

    /// @inheritdoc IProtocolFees
    function pause() external {
        Delegation.delegate(protocolAdmin);
    }

    /// @inheritdoc IProtocolFees
    function unpause() external {
        Delegation.delegate(protocolAdmin);
    }

    /// @inheritdoc IProtocolFees
    function paused() external view returns (bool) {
        return EscrowStorage.layout().protocol.paused;
    }

    /// @notice Refused: ownership is only handed over, in two steps (`transferOwnership`, `acceptOwnership`).
    function renounceOwnership() public view override onlyOwner {
        revert OwnershipCannotBeRenounced();
    }

    /// @notice Books a claim's protocol fee for the fee recipient.
    /// @param token The campaign's token.
    /// @param fee The fee.
    function _accrueFee(address token, uint256 fee) internal {
        if (fee != 0) EscrowStorage.layout().feeLedger[token] += fee;
    }
}
