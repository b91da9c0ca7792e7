import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys the project registry, the refund bonus, share and request modules and the pledge escrow wired to them.
 *
 * Parameters (module `OpenPledge`):
 * - `owner`: protocol owner (fee, fee recipient, token allowlist, guardian). Defaults to the deployer.
 * - `guardian`: may pause new campaigns and pledges. Defaults to the deployer.
 * - `feeRecipient`: receives protocol fees. Defaults to the deployer.
 * - `feeBps`: protocol fee in basis points, at most 500. Defaults to 0.
 */
export default buildModule("OpenPledge", (m) => {
  const deployer = m.getAccount(0);
  const owner = m.getParameter("owner", deployer);
  const guardian = m.getParameter("guardian", deployer);
  const feeRecipient = m.getParameter("feeRecipient", deployer);
  const feeBps = m.getParameter("feeBps", 0);

  const registry = m.contract("ProjectRegistry");
  // The refund bonus module is deployed first and given to the escrow (contracts/modules/BonusPool.sol says why).
  const bonusPool = m.contract("BonusPool");
  // So is the builder and dependency share module, for this registry (contracts/modules/ShareLedger.sol).
  const shareLedger = m.contract("ShareLedger", [registry]);
  // And the feature request module, for this registry (contracts/modules/RequestBoard.sol).
  const requestBoard = m.contract("RequestBoard", [registry]);
  const escrow = m.contract("PledgeEscrow", [
    registry,
    owner,
    guardian,
    feeRecipient,
    feeBps,
    bonusPool,
    shareLedger,
    requestBoard,
  ]);

  return { registry, escrow, bonusPool, shareLedger, requestBoard };
});
