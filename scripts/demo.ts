/**
 * The life of three OpenPledge campaigns on the in-process chain, told as a report:
 * one ETH campaign that succeeds and is claimed, one ERC-20 campaign (a permit token) that fails and is
 * refunded, and one ETH campaign with two milestones: the first is accepted and claimed, the second is rejected
 * by its backers and its share refunded pro rata. Every balance change is checked against what the script meant to move, to the wei; the script
 * exits non-zero on any difference.
 *
 * Run: `npm run demo`.
 */
import { formatUnits, type Signer } from "ethers";
import { network } from "hardhat";

import { Ledger, type TrackedToken } from "./lib/ledger.js";
import { signPermit } from "../client/permit.js";
import { deployProtocol, deployTestToken } from "./lib/protocol.js";

const DAY = 24n * 60n * 60n;
const FEE_BPS = 250n;
const STATES = ["Funding", "Succeeded", "Failed", "Cancelled", "Claimed", "Rejected"] as const;
const REVIEW_WINDOW = 3n * DAY;

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const [deployer, feeRecipient, maintainer, payout, alice, bob, carol, dave, erin] = await ethers.getSigners();

console.log("OpenPledge demo — in-process Hardhat chain\n");
const { registry, escrow } = await deployProtocol(connection, deployer, {
  owner: deployer.address,
  guardian: deployer.address,
  feeRecipient: feeRecipient.address,
  feeBps: Number(FEE_BPS),
});
const token = await deployTestToken(deployer, "Pledge Test USD", "PUSD", 6);
const escrowAddress = await escrow.getAddress();
const tokenAddress = await token.getAddress();
await (await escrow.setTokenAllowed(tokenAddress, true)).wait();
for (const backer of [dave, erin]) await (await token.mint(backer.address, ethers.parseUnits("5000", 6))).wait();
console.log(`Deployed with Ignition: registry ${await registry.getAddress()}, escrow ${escrowAddress}`);
console.log(`Protocol fee ${FEE_BPS} bps to ${feeRecipient.address}; test token PUSD (6 decimals, EIP-2612) ${tokenAddress}\n`);

const ETH: TrackedToken = {
  symbol: "ETH",
  decimals: 18,
  address: null,
  balanceOf: (account) => ethers.provider.getBalance(account),
};
const PUSD: TrackedToken = {
  symbol: "PUSD",
  decimals: 6,
  address: tokenAddress,
  balanceOf: (account) => token.balanceOf(account),
};
const names = new Map<string, string>([
  [maintainer.address, "maintainer"],
  [payout.address, "payout"],
  [feeRecipient.address, "fee recipient"],
  [alice.address, "alice"],
  [bob.address, "bob"],
  [carol.address, "carol"],
  [dave.address, "dave"],
  [erin.address, "erin"],
  [escrowAddress, "escrow"],
]);
const ledger = new Ledger(ETH, [ETH, PUSD], names);
await ledger.open();

const eth = (amount: string): bigint => ethers.parseEther(amount);
const usd = (amount: string): bigint => ethers.parseUnits(amount, 6);
const as = (signer: Signer) => escrow.connect(signer);
const actor = (signer: { address: string }) => signer.address;

// 1. A maintainer registers the project and opens two campaigns.
await ledger.record(
  "maintainer registers the project",
  actor(maintainer),
  registry.connect(maintainer).registerProject("ipfs://bafy-openpledge-demo", "https://github.com/openpledge/openpledge", payout.address),
);
const projectId = await registry.projectCount();
const deadline = BigInt(await networkHelpers.time.latest()) + 14n * DAY;
await ledger.record(
  "opens ETH campaign #1: offline mode, goal 5 ETH",
  actor(maintainer),
  as(maintainer).openCampaign(projectId, "https://github.com/openpledge/openpledge/issues/7", ethers.ZeroAddress, eth("5"), deadline),
);
const ethCampaign = await escrow.campaignCount();
await ledger.record(
  "opens PUSD campaign #2: release 2.0, goal 10,000 PUSD",
  actor(maintainer),
  as(maintainer).openCampaign(projectId, "https://github.com/openpledge/openpledge/issues/9", tokenAddress, usd("10000"), deadline),
);
const usdCampaign = await escrow.campaignCount();
const milestonePlan = {
  initialShareBps: 0,
  reviewWindow: REVIEW_WINDOW,
  objectionThresholdBps: 0, // default: objections above 50% of the total reject a milestone
  milestones: [
    { shareBps: 6_000, due: deadline + 10n * DAY },
    { shareBps: 4_000, due: deadline + 20n * DAY },
  ],
};
await ledger.record(
  "opens ETH campaign #3: sync engine, goal 3 ETH, milestones 60% + 40%",
  actor(maintainer),
  as(maintainer).openCampaignWithMilestones(
    projectId,
    "https://github.com/openpledge/openpledge/issues/12",
    ethers.ZeroAddress,
    eth("3"),
    deadline,
    milestonePlan,
  ),
);
const milestoneCampaign = await escrow.campaignCount();

// 2. Backers pledge; bob changes his mind about half a coin.
const pledgeEth = (who: typeof alice, name: string, amount: string) =>
  ledger.record(`${name} pledges ${amount} ETH to #1`, actor(who), as(who).pledge(ethCampaign, { value: eth(amount) }), [
    { token: ETH, from: who.address, to: escrowAddress, amount: eth(amount) },
  ]);
await pledgeEth(alice, "alice", "2");
await pledgeEth(bob, "bob", "1.5");
await pledgeEth(carol, "carol", "2");
await ledger.record("bob withdraws 0.5 ETH from #1", actor(bob), as(bob).withdrawPledge(ethCampaign, eth("0.5")), [
  { token: ETH, from: escrowAddress, to: bob.address, amount: eth("0.5") },
]);

await ledger.record("dave approves 3,000 PUSD", actor(dave), token.connect(dave).approve(escrowAddress, usd("3000")));
await ledger.record("dave pledges 3,000 PUSD to #2", actor(dave), as(dave).pledgeToken(usdCampaign, usd("3000")), [
  { token: PUSD, from: dave.address, to: escrowAddress, amount: usd("3000") },
]);
const permit = await signPermit(token, erin, escrowAddress, usd("2500"), deadline);
await ledger.record(
  "erin pledges 2,500 PUSD to #2 with a permit (one transaction)",
  actor(erin),
  as(erin).pledgeWithPermit(usdCampaign, usd("2500"), permit.deadline, permit.v, permit.r, permit.s),
  [{ token: PUSD, from: erin.address, to: escrowAddress, amount: usd("2500") }],
);

const milestonePledges = new Map([
  [alice, eth("1.5")],
  [bob, eth("1")],
  [carol, eth("0.5")],
]);
for (const [who, amount] of milestonePledges) {
  await ledger.record(`${names.get(who.address)} pledges ${formatUnits(amount, 18)} ETH to #3`, actor(who), as(who).pledge(milestoneCampaign, { value: amount }), [
    { token: ETH, from: who.address, to: escrowAddress, amount },
  ]);
}

// 3. The deadline passes.
await networkHelpers.time.increaseTo(deadline + 1n);
const stateOf = async (id: bigint) => STATES[Number(await escrow.campaignState(id))];
console.log(
  `Deadline passed: #1 is ${await stateOf(ethCampaign)}, #2 is ${await stateOf(usdCampaign)}, #3 is ${await stateOf(milestoneCampaign)}\n`,
);

// 4. #1 succeeded: the maintainer claims, the fee goes to the fee recipient.
const raised = (await escrow.getCampaign(ethCampaign)).pledged;
const fee = (raised * FEE_BPS) / 10_000n;
await ledger.record("maintainer claims #1 (paid to the payout address)", actor(maintainer), as(maintainer).claim(ethCampaign), [
  { token: ETH, from: escrowAddress, to: payout.address, amount: raised - fee },
]);

// 4b. #3: the first milestone is delivered, nobody objects, its 60% is claimed after the review window.
const milestoneTotal = (await escrow.getCampaign(milestoneCampaign)).pledged;
await ledger.record(
  "maintainer submits #3 milestone 1 (review window: 3 days)",
  actor(maintainer),
  as(maintainer).submitMilestone(milestoneCampaign, "https://github.com/openpledge/openpledge/releases/tag/v0.9"),
);
await networkHelpers.time.increase(REVIEW_WINDOW + 1n);
const firstShare = (milestoneTotal * 6_000n) / 10_000n;
const firstFee = (firstShare * FEE_BPS) / 10_000n;
await ledger.record("maintainer claims #3 milestone 1 (60%)", actor(maintainer), as(maintainer).claim(milestoneCampaign), [
  { token: ETH, from: escrowAddress, to: payout.address, amount: firstShare - firstFee },
]);

// 4c. #3: the second milestone is not what was promised; alice and bob (2.5 of 3 ETH) object.
await ledger.record(
  "maintainer submits #3 milestone 2",
  actor(maintainer),
  as(maintainer).submitMilestone(milestoneCampaign, "https://github.com/openpledge/openpledge/releases/tag/v1.0-rc"),
);
await ledger.record("alice objects to #3 milestone 2 (weight 1.5 ETH)", actor(alice), as(alice).objectMilestone(milestoneCampaign));
await ledger.record("bob objects to #3 milestone 2 (weight 1 ETH)", actor(bob), as(bob).objectMilestone(milestoneCampaign));
await networkHelpers.time.increase(REVIEW_WINDOW + 1n);
console.log(`\nReview of #3 milestone 2 closed: #3 is ${await stateOf(milestoneCampaign)}\n`);
const unreleased = milestoneTotal - firstShare;
for (const [who, pledged] of milestonePledges) {
  const share = (pledged * unreleased) / milestoneTotal;
  await ledger.record(`${names.get(who.address)} refunds #3: ${formatUnits(share, 18)} ETH`, actor(who), as(who).refund(milestoneCampaign), [
    { token: ETH, from: escrowAddress, to: who.address, amount: share },
  ]);
}

const ethFees = await escrow.accruedFees(ethers.ZeroAddress);
if (ethFees !== fee + firstFee) throw new Error(`fee ledger holds ${ethFees}, expected ${fee + firstFee}`);
await ledger.record("fee recipient collects the ETH fees", actor(feeRecipient), as(feeRecipient).withdrawFees(ethers.ZeroAddress), [
  { token: ETH, from: escrowAddress, to: feeRecipient.address, amount: fee + firstFee },
]);

// 5. #2 failed: every backer takes back exactly their pledge.
await ledger.record("dave refunds #2", actor(dave), as(dave).refund(usdCampaign), [
  { token: PUSD, from: escrowAddress, to: dave.address, amount: usd("3000") },
]);
await ledger.record("erin refunds #2", actor(erin), as(erin).refund(usdCampaign), [
  { token: PUSD, from: escrowAddress, to: erin.address, amount: usd("2500") },
]);

// Report.
const pad = (text: string, width: number) => text.padEnd(width);
const padLeft = (text: string, width: number) => text.padStart(width);
console.log("Steps");
console.log(`${pad("what", 70)} ${pad("by", 14)} ${padLeft("gas", 9)}`);
for (const step of ledger.steps) {
  console.log(`${pad(step.label, 70)} ${pad(names.get(step.actor) ?? step.actor, 14)} ${padLeft(step.gasUsed.toString(), 9)}`);
}

const { rows, mismatches } = await ledger.reconcile();
console.log("\nBalances (change = what the script intended, gas included; checked to the wei)");
console.log(`${pad("account", 14)} ${pad("token", 5)} ${padLeft("before", 24)} ${padLeft("after", 24)} ${padLeft("change", 24)}  check`);
for (const row of rows) {
  const token = row.symbol === "ETH" ? ETH : PUSD;
  const before = ledger.balanceBefore(row.account, token);
  if (before === 0n && row.after === 0n && row.expected === 0n && row.actual === 0n) continue;
  const show = (value: bigint) => formatUnits(value, token.decimals);
  console.log(
    `${pad(row.name, 14)} ${pad(row.symbol, 5)} ${padLeft(show(before), 24)} ${padLeft(show(row.after), 24)} ${padLeft(show(row.actual), 24)}  ${row.expected === row.actual ? "ok" : `EXPECTED ${show(row.expected)}`}`,
  );
}

const escrowEth = await ethers.provider.getBalance(escrowAddress);
const escrowUsd = await token.balanceOf(escrowAddress);
console.log(
  `\n#1 raised ${formatUnits(raised, 18)} ETH: ${formatUnits(raised - fee, 18)} to the payout address, ${formatUnits(fee, 18)} protocol fee.`,
);
console.log(
  `#3 raised ${formatUnits(milestoneTotal, 18)} ETH: milestone 1 released ${formatUnits(firstShare, 18)} (${formatUnits(firstFee, 18)} fee), milestone 2 rejected, ${formatUnits(unreleased, 18)} refunded pro rata.`,
);
console.log(`#2 raised 5,500 of 10,000 PUSD and refunded all of it. Escrow now holds ${formatUnits(escrowEth, 18)} ETH and ${formatUnits(escrowUsd, 6)} PUSD.`);

if (mismatches.length > 0 || escrowEth !== 0n || escrowUsd !== 0n) {
  console.error(`\nRECONCILIATION FAILED: ${mismatches.length} balance(s) differ from what was intended.`);
  process.exitCode = 1;
} else {
  console.log("\nEvery balance reconciles to the wei.");
}
