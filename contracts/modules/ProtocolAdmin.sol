// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IProtocolFees} from "../interfaces/IProtocolFees.sol";
import {Campaigns} from "../libraries/Campaigns.sol";
import {Currency} from "../libraries/Currency.sol";
import {EscrowStorage} from "../libraries/EscrowStorage.sol";
import {Limits} from "../libraries/Limits.sol";
import {EscrowModule} from "./EscrowModule.sol";

/// @title ProtocolAdmin
/// @notice The escrow's administration module: the owner's and the guardian's setters (fee, fee recipient, guardian,
/// allowlist, pause, stray tokens). The escrow (`ProtocolFees`) delegates these calls here; what the hot paths read
/// (pause, fee, allowlist, fee ledger) stays in the escrow's storage and code.
/// @dev The owner is asked of the escrow itself (`owner()`, which its `Ownable2Step` answers), not read from a slot:
/// nothing here depends on where the escrow's ownership is stored, and ownership is handed over only by the escrow.
contract ProtocolAdmin is EscrowModule, ReentrancyGuardTransient {
    modifier onlyOwner() {
        // Under delegation `address(this)` is the escrow: a call to itself, for its current owner.
        if (msg.sender != Ownable(address(this)).owner()) revert Ownable.OwnableUnauthorizedAccount(msg.sender);
        _;
    }

    modifier onlyGuardian() {
        if (msg.sender != EscrowStorage.layout().guardian) revert IProtocolFees.NotGuardian(msg.sender);
        _;
    }

    /// @notice Announces a protocol fee (see `IProtocolFees.setFee`).
    /// @param newFeeBps The fee in basis points.
    function setFee(uint16 newFeeBps) external onlyDelegated onlyOwner {
        if (newFeeBps > Limits.MAX_FEE_BPS) revert IProtocolFees.FeeTooHigh(newFeeBps, Limits.MAX_FEE_BPS);
        EscrowStorage.Protocol storage protocol = EscrowStorage.layout().protocol;
        // A change that took effect becomes the fee before the next one is announced; one that has not is replaced.
        uint16 current = Campaigns.feeInForce(protocol);
        uint256 effectiveAt = block.timestamp + Limits.FEE_CHANGE_DELAY;
        protocol.feeBps = current;
        protocol.pendingFeeBps = newFeeBps;
        protocol.pendingFeeFrom = Campaigns.toTime(effectiveAt);
        emit IProtocolFees.FeeChangeScheduled(current, newFeeBps, effectiveAt);
    }

    /// @notice Sets the fee recipient (see `IProtocolFees.setFeeRecipient`).
    /// @param newRecipient The recipient.
    function setFeeRecipient(address newRecipient) external onlyDelegated onlyOwner {
        if (newRecipient == address(0)) revert IProtocolFees.ZeroAddress();
        EscrowStorage.Layout storage store = EscrowStorage.layout();
        emit IProtocolFees.FeeRecipientChanged(store.feeRecipient, newRecipient);
        store.feeRecipient = newRecipient;
    }

    /// @notice Sets the guardian (see `IProtocolFees.setGuardian`).
    /// @param newGuardian The guardian.
    function setGuardian(address newGuardian) external onlyDelegated onlyOwner {
        EscrowStorage.Layout storage store = EscrowStorage.layout();
        emit IProtocolFees.GuardianChanged(store.guardian, newGuardian);
        store.guardian = newGuardian;
    }

    /// @notice Adds or removes an ERC-20 from the allowlist (see `IProtocolFees.setTokenAllowed`).
    /// @param token The token.
    /// @param allowed Whether new campaigns may use it.
    function setTokenAllowed(address token, bool allowed) external onlyDelegated onlyOwner {
        if (token == Currency.NATIVE) revert IProtocolFees.ZeroAddress();
        EscrowStorage.Layout storage store = EscrowStorage.layout();
        uint8 flags = store.tokenFlags[token];
        store.tokenFlags[token] = allowed ? flags | Campaigns.TOKEN_ALLOWED : flags & ~Campaigns.TOKEN_ALLOWED;
        // Opens the token's fee ledger at its offset of one, so that no claim ever pays for a new slot.
        if (allowed && store.feeLedger[token] == 0) store.feeLedger[token] = 1;
        emit IProtocolFees.TokenAllowlistChanged(token, allowed);
    }

    /// @notice Pays the accrued fees in one token to the fee recipient (see `IProtocolFees.withdrawFees`); anyone may
    /// call, the recipient is the one set by the owner.
    /// @param token The token (zero for ETH).
    function withdrawFees(address token) external onlyDelegated nonReentrant {
        EscrowStorage.Layout storage store = EscrowStorage.layout();
        uint256 ledger = store.feeLedger[token];
        if (ledger <= 1) revert IProtocolFees.NoFees(token);
        uint256 amount = ledger - 1;
        // The ledger keeps its one unit of offset, so the next claim in this token updates a slot instead of
        // creating one (17,100 gas less for that claim).
        store.feeLedger[token] = 1;
        address recipient = store.feeRecipient;
        emit IProtocolFees.FeesWithdrawn(token, recipient, amount);
        Currency.send(token, recipient, amount);
    }

    /// @notice Returns tokens of a never-used ERC-20 sent by mistake (see `IProtocolFees.recoverStrayToken`).
    /// @param token The token.
    /// @param to The recipient.
    function recoverStrayToken(address token, address to) external onlyDelegated onlyOwner nonReentrant {
        if (to == address(0)) revert IProtocolFees.ZeroAddress();
        // The escrow owes nothing in a token no campaign ever used: all of its balance was sent here by mistake.
        if (token == Currency.NATIVE || EscrowStorage.layout().tokenFlags[token] & Campaigns.TOKEN_USED != 0) {
            revert IProtocolFees.TokenInUse(token);
        }
        uint256 amount = IERC20(token).balanceOf(address(this));
        if (amount == 0) revert IProtocolFees.NothingToRecover(token);
        emit IProtocolFees.StrayTokensRecovered(token, to, amount);
        SafeERC20.safeTransfer(IERC20(token), to, amount);
    }

    /// @notice Pauses new campaigns and pledges (see `IProtocolFees.pause`).
    function pause() external onlyDelegated onlyGuardian {
        EscrowStorage.Protocol storage protocol = EscrowStorage.layout().protocol;
        if (protocol.paused) revert IProtocolFees.EnforcedPause();
        protocol.paused = true;
        emit IProtocolFees.Paused(msg.sender);
    }

    /// @notice Lifts the pause (see `IProtocolFees.unpause`).
    function unpause() external onlyDelegated onlyGuardian {
        EscrowStorage.Protocol storage protocol = EscrowStorage.layout().protocol;
        if (!protocol.paused) revert IProtocolFees.ExpectedPause();
        protocol.paused = false;
        emit IProtocolFees.Unpaused(msg.sender);
    }
}
