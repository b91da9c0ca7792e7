import { expect } from "chai";
import type { Addressable, ContractTransactionResponse } from "ethers";

import { ETH, ethers, eth, networkHelpers, usd, type World } from "./fixture.js";

/** A backer, maintainer or any account of the fixture. */
type Account = World["alice"];

/**
 * What a campaign is pledged in, as the shared behaviours need it: ETH, or the fixture's ERC-20 (PUSD). Each test of
 * `shouldBehaveLikeAnEscrowOf` runs once per currency through this interface.
 */
export interface Currency {
  /** How test titles name it. */
  readonly name: string;
  /** The campaign token: zero for ETH. */
  tokenOf(world: World): string;
  /** A decimal amount in base units. */
  amount(text: string): bigint;
  /** Makes sure `account` holds at least `amount` (ETH: plus gas money; PUSD: minted). */
  fund(world: World, account: Account, amount: bigint): Promise<void>;
  /** What must precede the pledge call itself (the ERC-20 approval of exactly `amount`; nothing for ETH). */
  prepare(world: World, backer: Account, amount: bigint): Promise<void>;
  /** The pledge call itself: `pledge` with the value, or `pledgeToken`. */
  send(world: World, backer: Account, id: bigint, amount: bigint): Promise<ContractTransactionResponse>;
  /** The other currency's pledge entry point, called on a campaign of this one (the escrow refuses it). */
  sendWrong(world: World, backer: Account, id: bigint, amount: bigint): Promise<ContractTransactionResponse>;
  /** An account's balance. */
  balanceOf(world: World, account: string): Promise<bigint>;
  /** Asserts that `sent` moved exactly `deltas` into (or, negative, out of) `accounts`, gas aside. */
  expectMoves(world: World, sent: Promise<unknown>, accounts: Array<Addressable | string>, deltas: bigint[]): Promise<void>;
}

export const ETHER: Currency = {
  name: "ETH",
  tokenOf: () => ETH,
  amount: eth,
  fund: async (_world, account, amount) => {
    const balance = await ethers.provider.getBalance(account.address);
    if (balance < amount + eth("1")) await networkHelpers.setBalance(account.address, amount + eth("1"));
  },
  prepare: async () => {},
  send: (world, backer, id, amount) => world.escrow.connect(backer).pledge(id, { value: amount }),
  sendWrong: (world, backer, id, amount) => world.escrow.connect(backer).pledgeToken(id, amount),
  balanceOf: (_world, account) => ethers.provider.getBalance(account),
  expectMoves: async (_world, sent, accounts, deltas) => {
    await expect(sent).to.changeEtherBalances(ethers, accounts, deltas);
  },
};

export const ERC20: Currency = {
  name: "an ERC-20",
  tokenOf: (world) => world.tokenAddress,
  amount: usd,
  fund: async (world, account, amount) => {
    const balance = await world.token.balanceOf(account.address);
    if (balance < amount) await (await world.token.mint(account.address, amount - balance)).wait();
  },
  prepare: async (world, backer, amount) => {
    await (await world.token.connect(backer).approve(world.escrowAddress, amount)).wait();
  },
  send: (world, backer, id, amount) => world.escrow.connect(backer).pledgeToken(id, amount),
  sendWrong: (world, backer, id, amount) => world.escrow.connect(backer).pledge(id, { value: amount }),
  balanceOf: (world, account) => world.token.balanceOf(account),
  expectMoves: async (world, sent, accounts, deltas) => {
    await expect(sent).to.changeTokenBalances(ethers, world.token, accounts, deltas);
  },
};

/** Pledges `amount` as `backer` the ordinary way, and waits for it. */
export async function pledgeIn(currency: Currency, world: World, backer: Account, id: bigint, amount: bigint): Promise<void> {
  await currency.prepare(world, backer, amount);
  await (await currency.send(world, backer, id, amount)).wait();
}
