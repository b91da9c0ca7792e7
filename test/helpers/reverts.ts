import { expect } from "chai";
import type { BaseContract } from "ethers";

import { balancesOf, ethers, type World } from "./fixture.js";

/**
 * Asserts that `sent` reverts with the custom error `error` (and `args` when given), and that it moved
 * nothing: the escrow's ETH and token holdings, the token balances of every named account and the escrow's
 * fee ledger are all as they were.
 */
export async function expectRevert(
  world: World,
  sent: () => Promise<unknown>,
  contract: BaseContract,
  error: string,
  args?: unknown[],
): Promise<void> {
  const watched = [world.payout, world.feeRecipient, world.alice, world.bob, world.carol, world.stranger, world.maintainer];
  const addresses = watched.map((signer) => signer.address);
  const before = await snapshot(world, addresses);
  const assertion = expect(sent()).to.be.revertedWithCustomError(contract, error);
  if (args === undefined) await assertion;
  else await assertion.withArgs(...args);
  const after = await snapshot(world, addresses);
  expect(after.tokens).to.deep.equal(before.tokens, "token balances changed");
  expect(after.escrowEth).to.equal(before.escrowEth, "escrow ETH changed");
  expect(after.fees).to.deep.equal(before.fees, "fee ledger changed");
}

async function snapshot(world: World, addresses: string[]) {
  const [all, fees] = await Promise.all([
    balancesOf(world, addresses),
    Promise.all([world.escrow.accruedFees(ethers.ZeroAddress), world.escrow.accruedFees(world.tokenAddress)]),
  ]);
  const count = addresses.length + 1;
  return { escrowEth: all[0], tokens: all.slice(count), fees };
}
