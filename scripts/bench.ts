/**
 * Measures the gas of every hot path on the in-process chain and writes `reports/gas.json`
 * (operation name -> gas used). Each figure is the `gasUsed` of one real transaction's receipt.
 *
 * Run: `npm run bench`.
 */
import { mkdir, writeFile } from "node:fs/promises";

import type { ContractTransactionResponse, HDNodeWallet } from "ethers";
import { network } from "hardhat";

import { deployProtocol, deployTestToken } from "./lib/protocol.js";
import { signPermit } from "../client/permit.js";

const DAY = 24n * 60n * 60n;
const BACKERS_FOR_SCALE = 1000;
/** Gas ceilings of the hot paths (about 1.15x the least any escrow can spend on the same work). */
const BUDGETS: Record<string, number> = {
  pledge_eth_new_backer: 58_000,
  pledge_erc20_new_backer: 84_000,
  refund_erc20: 48_000,
  refund_eth: 38_000,
};
const REVIEW_WINDOW = 3n * DAY;
/** The 1000th backer (or objector) may pay at most this much more than the second, as a fraction. */
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

/** An ETH campaign released as 20% on success, then two milestones of 40%. */
async function openMilestoneCampaign(goal: bigint): Promise<bigint> {
  const deadline = BigInt(await networkHelpers.time.latest()) + 30n * DAY;
  const plan = {
    initialShareBps: 2_000,
    reviewWindow: REVIEW_WINDOW,
    objectionThresholdBps: 0,
    milestones: [
      { shareBps: 4_000, due: deadline + 10n * DAY },
      { shareBps: 4_000, due: deadline + 20n * DAY },
    ],
  };
  await measure(
    "open_campaign_with_milestones",
    escrow.connect(maintainer).openCampaignWithMilestones(projectId, spec, ethers.ZeroAddress, goal, deadline, plan),
  );
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

// A milestone campaign whose first milestone is accepted.
const accepted = await openMilestoneCampaign(ethers.parseEther("2"));
await (await escrow.connect(alice).pledge(accepted, { value: ethers.parseEther("1") })).wait();
await (await escrow.connect(bob).pledge(accepted, { value: ethers.parseEther("1") })).wait();

// Scale: a milestone campaign with 1000 distinct backers. The 1000th pledge pays what the second did; later the
// 1000th objection pays what the second did.
const crowd = await openMilestoneCampaign(ethers.parseEther("10"));
const fundedBalance = ethers.toBeHex(ethers.parseEther("10"));
const crowdBackers: HDNodeWallet[] = [];
for (let i = 1; i <= BACKERS_FOR_SCALE; i++) {
  const backer = ethers.Wallet.createRandom(ethers.provider);
  crowdBackers.push(backer);
  await networkHelpers.setBalance(backer.address, fundedBalance);
  const sent = escrow.connect(backer).pledge(crowd, { value: ethers.parseEther("0.01") });
  if (i === BACKERS_FOR_SCALE) await measure(`pledge_eth_backer_${BACKERS_FOR_SCALE}`, sent);
  else await (await sent).wait();
}

await networkHelpers.time.increase(31n * DAY);
await measure("claim_eth", escrow.connect(maintainer).claim(ethWin));
await measure("claim_erc20", escrow.connect(maintainer).claim(usdWin));

// Milestones: submission, objections by every crowd backer, rejection, refunds; and an accepted milestone's claim.
await measure("submit_milestone", escrow.connect(maintainer).submitMilestone(crowd, "https://github.com/openpledge/openpledge/releases/v1"));
await (await escrow.connect(maintainer).claim(accepted)).wait(); // the 20% released on success
await (await escrow.connect(maintainer).submitMilestone(accepted, "https://github.com/openpledge/openpledge/releases/v1")).wait();
for (const [i, backer] of crowdBackers.entries()) {
  const sent = escrow.connect(backer).objectMilestone(crowd);
  if (i === 1) await measure("object_milestone", sent);
  else if (i === BACKERS_FOR_SCALE - 1) await measure(`object_milestone_backer_${BACKERS_FOR_SCALE}`, sent);
  else await (await sent).wait();
}
await networkHelpers.time.increase(REVIEW_WINDOW + 1n);
await (await escrow.settleMilestone(crowd)).wait();
const [firstRefunder, secondRefunder] = crowdBackers;
if (firstRefunder === undefined || secondRefunder === undefined) throw new Error("crowd too small");
await (await escrow.connect(firstRefunder).refund(crowd)).wait();
await measure("refund_after_rejection", escrow.connect(secondRefunder).refund(crowd));
// The accepted milestone's share, claimed after its window (the claim records the acceptance).
await measure("claim_milestone", escrow.connect(maintainer).claim(accepted));

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
const scaleChecks: Array<[string, string]> = [
  ["pledge_eth_new_backer", `pledge_eth_backer_${BACKERS_FOR_SCALE}`],
  ["object_milestone", `object_milestone_backer_${BACKERS_FOR_SCALE}`],
];
let scaleOk = true;
for (const [second, scaled] of scaleChecks) {
  const base = gas[second] ?? 0;
  const at = gas[scaled] ?? Infinity;
  if (Math.abs(at - base) > base * SCALE_TOLERANCE) {
    scaleOk = false;
    console.error(`SCALE: ${scaled} used ${at}, ${second} used ${base}`);
  }
}
if (overBudget.length > 0 || !scaleOk) process.exitCode = 1;
else console.log(`all hot paths within budget; backer ${BACKERS_FOR_SCALE} pays what backer 2 pays to pledge and object`);
