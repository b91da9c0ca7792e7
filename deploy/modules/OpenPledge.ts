import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys the project registry and the pledge escrow wired to it.
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
  const escrow = m.contract("PledgeEscrow", [registry, owner, guardian, feeRecipient, feeBps]);

  return { registry, escrow };
});
