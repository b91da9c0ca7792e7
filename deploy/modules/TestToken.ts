import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys a mintable ERC-20 with EIP-2612 permit for local chains and testnets.
 * Parameters (module `TestToken`): `name`, `symbol`, `decimals`.
 * Allowing it in the escrow is the protocol owner's call (`setTokenAllowed`).
 */
export default buildModule("TestToken", (m) => {
  const name = m.getParameter("name", "Pledge Test USD");
  const symbol = m.getParameter("symbol", "PUSD");
  const decimals = m.getParameter("decimals", 6);
  const token = m.contract("TestToken", [name, symbol, decimals]);
  return { token };
});
