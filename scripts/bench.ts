/**
 * Measures the gas of every hot path on the in-process chain and writes `reports/gas.json`
 * (operation name -> gas used). Each figure is the `gasUsed` of one real transaction's receipt.
 *
 * Run: `npm run bench`.
 */
import { mkdir, writeFile } from "node:fs/promises";

import type { ContractTransactionResponse } from "ethers";
import { network } from "hardhat";

import { deployProtocol, deployTestToken } from "./lib/protocol.js";
import { signPermit } from "./lib/permit.js";

const DAY = 24n * 60n * 60n;
const BACKERS_FOR_SCALE = 1000;
/** Gas ceilings of the hot paths (about 1.15x the least any escrow can spend on the same work). */
const BUDGETS: Record<string, number> = {
  pledge_eth_new_backer: 58_000,
  pledge_erc20_new_backer: 84_000,
  refund_erc20: 48_000,
  refund_eth: 38_000,
};
/** The 1000th backer may pay at most this much more than the second, as a fraction. */
const SCALE_TOLERANCE = 0.01;

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const [deployer, maintainer, payout, feeRecipient, alice, bob, carol, dave] = await ethers.getSigners();

const gas: Record<string, number> = {};
async function measure(name: string, sent: Promise<ContractTransactionResponse>): Promise<void> {
  const receipt = await (await sent).wait();
  if (receipt === null || receipt.status !== 1) throw new Error(`${name}: transaction failed`);
  gas[name] = Number(receipt.gasUsed);
}

const { registry, escrow } = await deployProtocol(connection, deployer, {
  owner: deployer.address,
  guardian: deployer.address,
  feeRecipient: feeRecipient.address,
  feeBps: 250,
});
const token = await deployTestToken(deployer, "Pledge Test USD", "PUSD", 6);
await (await escrow.setTokenAllowed(await token.getAddress(), true)).wait();
const escrowAddress = await escrow.getAddress();
const usd = (amount: string): bigint => ethers.parseUnits(amount, 6);
for (const backer of [alice, bob, carol, dave]) {
  await (await token.mint(backer.address, usd("1000000"))).wait();
}

await measure(
  "register_project",
  registry
    .connect(maintainer)
    .registerProject(
      "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
      "https://github.com/openpledge/openpledge",
      payout.address,
    ),
);
const projectId = await registry.projectCount();
const spec = "https://github.com/openpledge/openpledge/issues/42";

async function openCampaign(tokenAddress: string, goal: bigint): Promise<bigint> {
  const deadline = BigInt(await networkHelpers.time.latest()) + 30n * DAY;
  await measure("open_campaign", escrow.connect(maintainer).openCampaign(projectId, spec, tokenAddress, goal, deadline));
  return escrow.campaignCount();
}

// ETH campaign that succeeds.
const ethWin = await openCampaign(ethers.ZeroAddress, ethers.parseEther("3"));
await (await escrow.connect(alice).pledge(ethWin, { value: ethers.parseEther("1") })).wait();
await measure("pledge_eth_new_backer", escrow.connect(bob).pledge(ethWin, { value: ethers.parseEther("1") }));
await measure("pledge_eth_again", escrow.connect(bob).pledge(ethWin, { value: ethers.parseEther("1") }));
await measure("withdraw_pledge", escrow.connect(bob).withdrawPledge(ethWin, ethers.parseEther("0.5")));
await (await escrow.connect(carol).pledge(ethWin, { value: ethers.parseEther("1") })).wait();

// ERC-20 campaign that succeeds: approve + pledge, and permit + pledge.
const usdWin = await openCampaign(await token.getAddress(), usd("300"));
await (await token.connect(alice).approve(escrowAddress, usd("100"))).wait();
await (await escrow.connect(alice).pledgeToken(usdWin, usd("100"))).wait();
await (await token.connect(bob).approve(escrowAddress, usd("100"))).wait();
await measure("pledge_erc20_new_backer", escrow.connect(bob).pledgeToken(usdWin, usd("100")));
const permit = await signPermit(token, carol, escrowAddress, usd("100"), BigInt(await networkHelpers.time.latest()) + DAY);
await measure(
  "pledge_erc20_permit_new_backer",
  escrow.connect(carol).pledgeWithPermit(usdWin, usd("100"), permit.deadline, permit.v, permit.r, permit.s),
);

// Campaigns that fail.
const ethLose = await openCampaign(ethers.ZeroAddress, ethers.parseEther("100"));
const usdLose = await openCampaign(await token.getAddress(), usd("100000"));
for (const backer of [alice, bob]) {
  await (await escrow.connect(backer).pledge(ethLose, { value: ethers.parseEther("1") })).wait();
  await (await token.connect(backer).approve(escrowAddress, usd("50"))).wait();
  await (await escrow.connect(backer).pledgeToken(usdLose, usd("50"))).wait();
}

// Scale: the 1000th distinct backer of one campaign pays what the second did.
const crowd = await openCampaign(ethers.ZeroAddress, ethers.parseEther("1000000"));
const fundedBalance = ethers.toBeHex(ethers.parseEther("10"));
for (let i = 1; i <= BACKERS_FOR_SCALE; i++) {
  const backer = ethers.Wallet.createRandom(ethers.provider);
  await networkHelpers.setBalance(backer.address, fundedBalance);
  const sent = escrow.connect(backer).pledge(crowd, { value: ethers.parseEther("0.01") });
  if (i === BACKERS_FOR_SCALE) await measure(`pledge_eth_backer_${BACKERS_FOR_SCALE}`, sent);
  else await (await sent).wait();
}

await networkHelpers.time.increase(31n * DAY);
await measure("claim_eth", escrow.connect(maintainer).claim(ethWin));
await measure("claim_erc20", escrow.connect(maintainer).claim(usdWin));
await measure("refund_eth", escrow.connect(alice).refund(ethLose));
await measure("refund_erc20", escrow.connect(alice).refund(usdLose));
await measure("withdraw_fees_eth", escrow.withdrawFees(ethers.ZeroAddress));

await mkdir("reports", { recursive: true });
const ordered = Object.fromEntries(Object.entries(gas).sort(([a], [b]) => a.localeCompare(b)));
await writeFile("reports/gas.json", `${JSON.stringify(ordered, null, 2)}\n`);

const width = Math.max(...Object.keys(ordered).map((name) => name.length));
console.log("| operation | gas |\n| --- | ---: |");
for (const [name, used] of Object.entries(ordered)) console.log(`| ${name.padEnd(width)} | ${used} |`);
console.log("\nwritten: reports/gas.json");

const overBudget = Object.entries(BUDGETS).filter(([name, budget]) => (gas[name] ?? Infinity) > budget);
for (const [name, budget] of overBudget) console.error(`OVER BUDGET: ${name} used ${gas[name]} > ${budget}`);
const newBacker = gas.pledge_eth_new_backer ?? 0;
const scaled = gas[`pledge_eth_backer_${BACKERS_FOR_SCALE}`] ?? Infinity;
const scaleOk = Math.abs(scaled - newBacker) <= newBacker * SCALE_TOLERANCE;
if (!scaleOk) console.error(`SCALE: backer ${BACKERS_FOR_SCALE} used ${scaled}, backer 2 used ${newBacker}`);
if (overBudget.length > 0 || !scaleOk) process.exitCode = 1;
else console.log("all hot paths within budget; backer 1000 pays what backer 2 pays");
