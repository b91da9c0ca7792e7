/**
 * The life of seven OpenPledge campaigns on the in-process chain, told as a report:
 * #1 an ETH campaign that succeeds and is claimed; #2 an ERC-20 campaign (a permit token) that fails and is
 * refunded; #3 an ETH campaign with two milestones (the first is accepted and claimed, the second is rejected
 * by its backers and its share refunded pro rata); #4 an ETH campaign whose goal stands through its last call (a
 * withdrawal below the goal is refused, it succeeds and is claimed); #5 an ERC-20 campaign that succeeds but is never
 * claimed: after its claim window it lapses and every backer refunds in full; #6 a campaign topped up by the
 * project's other address at its deadline second (the deadline moves a last call on, the honest backer leaves, it
 * fails and refunds in full); #7 a campaign with a refund bonus: the maintainer and a sponsor deposit it, each
 * backer reads "if this campaign fails you get your pledge back plus about X" before pledging, one withdraws (his
 * credit restarts) and pledges again, the campaign fails, each refund pays the pledge plus its share and the
 * depositors reclaim the rest; #8 a campaign whose claim pays the project, a builder and two dependencies: two projects it
 * depends on are registered, the project declares its dependency list, the campaign opens with a builder share, the
 * owner nominates the builder, who accepts; after the claim every recipient withdraws what it was credited, and the
 * split is reconciled to the wei (gross = project + builder + both dependencies + fee, each withdrawal = its credit);
 * #9 a feature request: erin (not a maintainer) asks the project for a feature, alice, bob and carol pledge to it (bob
 * takes part back, restarting the support of what he leaves in), the project's open requests are ranked by support
 * (money × time held, the script's model checked against the client's), the maintainer accepts it as a campaign that
 * keeps the pledges, it succeeds and is claimed (its dependencies' shares withdrawn); #10 a PUSD feature request nobody
 * accepts: it expires, a late pledge is refused, and both backers refund in full. Then verified repositories: project 1
 * proves its repository with a proof file (GitHub's API served by the local forge), the default attester attests it on
 * EAS, frank's impostor project under the same URL is refused and reads as unverified, a rename is seen by a reader's
 * path check and revoked by the attester's recheck, the new URL is verified again, and a deleted proof is revoked.
 * Every balance change is checked against what the script meant to move, to the wei; the script exits non-zero on
 * any difference, and whenever the chain does not do what the report says it does.
 *
 * Run: `npm run demo`.
 */
import { ZeroHash, type ContractTransactionResponse, type Signer } from "ethers";
import { network } from "hardhat";

import {
  CAMPAIGN_STATES,
  describeError,
  formatAmount,
  formatBps,
  formatDate,
  formatDuration,
  formatAmountAbout,
  formatSupport,
  OpenPledgeClient,
  OpenPledgeError,
  PROOF_FILE_PATH,
  proofFileText,
  signPermit,
  splitAmount,
  toOpenPledgeError,
  type CampaignTimes,
  type ForgeEndpoint,
  type ProjectVerification,
} from "../client/index.js";
import { Attester, type CheckOutcome } from "../attester/attester.js";
import { IRequestBoard__factory } from "../typechain-types/index.js";
import { Ledger, type TrackedToken } from "./lib/ledger.js";
import { startLocalForge } from "./lib/local-forge.js";
import { deployProtocolWithTestToken } from "./lib/protocol.js";

const HOUR = 60n * 60n;
const DAY = 24n * HOUR;
const FEE_BPS = 250n;
const REVIEW_WINDOW = 3n * DAY;

/** Dates and durations as the client, the tasks and the web app write them ("Thu 10 Dec 2026, 23:06:05 UTC"). */
const when = formatDate;
const span = formatDuration;
/** `part` of `whole` in percent, to one decimal place. */
const pct = (part: bigint, whole: bigint): string => `${formatAmount((part * 1000n) / whole, 1)}%`;
/** The times and totals of `getCampaign` that the client's plain-words messages use. */
function campaignTimes(c: Omit<CampaignTimes, "hasMilestones" | "state">): Omit<CampaignTimes, "hasMilestones" | "state"> {
  const { deadline, plannedDeadline, lastCall, claimWindow, goalReachedAt, goal, pledged } = c;
  return { deadline, plannedDeadline, lastCall, claimWindow, goalReachedAt, goal, pledged };
}
/** A refusal's plain words as one sentence, however the client ends them. */
const sentence = (text: string): string => (text.endsWith(".") ? text : `${text}.`);
/** Stops the demo (non-zero exit) when the chain does not do what the report is about to say. */
function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`the chain did not do what the demo expected: ${what}`);
}

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const [deployer, feeRecipient, maintainer, payout, alice, bob, carol, dave, erin, frank, grace, heidi, ivan] = await ethers.getSigners();

console.log("OpenPledge demo — in-process Hardhat chain\n");
const { registry, escrow, token, tokenAddress, eas } = await deployProtocolWithTestToken(connection, deployer, {
  roles: { owner: deployer.address, guardian: deployer.address, feeRecipient: feeRecipient.address, feeBps: Number(FEE_BPS) },
  mintTo: { accounts: [dave.address, erin.address], amount: ethers.parseUnits("5000", 6) },
});
const escrowAddress = await escrow.getAddress();
console.log(`Deployed with Ignition: registry ${await registry.getAddress()}, escrow ${escrowAddress}`);
console.log(`Protocol fee ${formatBps(FEE_BPS)} to ${feeRecipient.address}; test token PUSD (6 decimals, EIP-2612) ${tokenAddress}\n`);

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
  [frank.address, "frank"],
  [grace.address, "grace"],
  [heidi.address, "heidi"],
  [ivan.address, "ivan"],
  [escrowAddress, "escrow"],
]);
const ledger = new Ledger(ETH, [ETH, PUSD], names);
await ledger.open();

const eth = (amount: string): bigint => ethers.parseEther(amount);
const usd = (amount: string): bigint => ethers.parseUnits(amount, 6);
const as = (signer: Signer) => escrow.connect(signer);
const actor = (signer: { address: string }) => signer.address;
const ethText = (amount: bigint): string => `${formatAmount(amount, 18)} ETH`;
const usdText = (amount: bigint): string => `${formatAmount(amount, 6)} PUSD`;
const stateOf = async (id: bigint) => CAMPAIGN_STATES[Number(await escrow.campaignState(id))];
/** The terms of a campaign of the demo's project; last call and claim window default unless given. */
// The demo's specs are issue pages, which are no fixed document: the campaigns pin no content hash.
const terms = (specURI: string, pledgeToken: string, goal: bigint, deadline: bigint, lastCall = 0n, claimWindow = 0n) => ({
  projectId,
  specURI,
  specHash: ZeroHash,
  token: pledgeToken,
  goal,
  deadline,
  lastCall,
  claimWindow,
  builderShareBps: 0n,
});
/** Sends a transaction the escrow must refuse; returns the decoded refusal (nothing is mined, no gas is spent). */
async function refusal(what: string, sent: () => Promise<ContractTransactionResponse>): Promise<OpenPledgeError> {
  let error: unknown;
  try {
    await (await sent()).wait();
  } catch (caught) {
    error = toOpenPledgeError(caught);
  }
  if (!(error instanceof OpenPledgeError)) throw new Error(`${what} should have been refused by the escrow: ${String(error)}`);
  return error;
}

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
  as(maintainer).openCampaign(terms("https://github.com/openpledge/openpledge/issues/7", ethers.ZeroAddress, eth("5"), deadline)),
);
const ethCampaign = await escrow.campaignCount();
await ledger.record(
  "opens PUSD campaign #2: release 2.0, goal 10,000 PUSD",
  actor(maintainer),
  as(maintainer).openCampaign(terms("https://github.com/openpledge/openpledge/issues/9", tokenAddress, usd("10000"), deadline)),
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
    terms("https://github.com/openpledge/openpledge/issues/12", ethers.ZeroAddress, eth("3"), deadline),
    milestonePlan,
  ),
);
const milestoneCampaign = await escrow.campaignCount();
const opened = await escrow.getCampaign(ethCampaign);
console.log(
  `#1-#3 end on ${when(deadline)}; last call ${span(opened.lastCall)} (from ${when(deadline - opened.lastCall + 1n)}), claim window ${span(opened.claimWindow)} (the defaults).`,
);

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
  await ledger.record(`${names.get(who.address)} pledges ${ethText(amount)} to #3`, actor(who), as(who).pledge(milestoneCampaign, { value: amount }), [
    { token: ETH, from: who.address, to: escrowAddress, amount },
  ]);
}

// 3. The deadline passes.
await networkHelpers.time.increaseTo(deadline + 1n);
console.log(
  `\nDeadline passed: #1 is ${await stateOf(ethCampaign)}, #2 is ${await stateOf(usdCampaign)}, #3 is ${await stateOf(milestoneCampaign)}`,
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
console.log(`\nReview of #3 milestone 2 closed: #3 is ${await stateOf(milestoneCampaign)}`);
const unreleased = milestoneTotal - firstShare;
for (const [who, pledged] of milestonePledges) {
  const share = (pledged * unreleased) / milestoneTotal;
  await ledger.record(`${names.get(who.address)} refunds #3: ${ethText(share)}`, actor(who), as(who).refund(milestoneCampaign), [
    { token: ETH, from: escrowAddress, to: who.address, amount: share },
  ]);
}


// 5. #2 failed: every backer takes back exactly their pledge.
await ledger.record("dave refunds #2", actor(dave), as(dave).refund(usdCampaign), [
  { token: PUSD, from: escrowAddress, to: dave.address, amount: usd("3000") },
]);
await ledger.record("erin refunds #2", actor(erin), as(erin).refund(usdCampaign), [
  { token: PUSD, from: escrowAddress, to: erin.address, amount: usd("2500") },
]);

// 6. #4: the goal is reached early; in the last call the pledge that made the campaign look funded can no longer sink
// it (withdrawal griefing): only what stands above the goal may leave.
const lastCall = DAY;
const plannedDeadline = BigInt(await networkHelpers.time.latest()) + 10n * DAY;
await ledger.record(
  "opens ETH campaign #4: docs site, goal 4 ETH, last call 1 day",
  actor(maintainer),
  as(maintainer).openCampaign(terms("https://github.com/openpledge/openpledge/issues/21", ethers.ZeroAddress, eth("4"), plannedDeadline, lastCall)),
);
const lastCallCampaign = await escrow.campaignCount();
const lastCallPledges: Array<[typeof alice, bigint]> = [
  [frank, eth("3")],
  [alice, eth("1.5")],
];
for (const [who, amount] of lastCallPledges) {
  await ledger.record(`${names.get(who.address)} pledges ${ethText(amount)} to #4`, actor(who), as(who).pledge(lastCallCampaign, { value: amount }), [
    { token: ETH, from: who.address, to: escrowAddress, amount },
  ]);
}
const funded = await escrow.getCampaign(lastCallCampaign);
check(funded.goalReachedAt !== 0n && funded.deadline === plannedDeadline, "#4 reaches its goal before the last call, with no extension");
const lastCallStory = [
  `\n#4 (goal ${ethText(funded.goal)}, last call ${span(lastCall)}): its goal was reached ${when(funded.goalReachedAt)}, days before the deadline`,
  `  ${when(plannedDeadline)}; its last call began ${when(plannedDeadline - lastCall + 1n)}.`,
];
// In the last call the goal has stood for more than a whole last call: frank tries to pull out everything.
const lockedAt = plannedDeadline - 6n * HOUR;
await networkHelpers.time.setNextBlockTimestamp(lockedAt);
const locked = await refusal("frank's withdrawal in the last call", () => as(frank).withdrawPledge(lastCallCampaign, eth("3")));
check(locked.errorName === "GoalLocked" && locked.args.available === eth("0.5"), "GoalLocked, with 0.5 ETH available");
const lockedContext = {
  amount: ethText,
  campaign: { ...campaignTimes(funded), hasMilestones: false, state: "Funding" as const },
};
lastCallStory.push(
  `  ${when(lockedAt)}, in the last call: frank, whose pledge made #4 look funded for days, asks for all ${ethText(eth("3"))} back,`,
  `  which would leave ${ethText(funded.pledged - eth("3"))} of ${ethText(funded.goal)} with too little time for anyone to fill the gap. Refused:`,
  `  ${sentence(describeError(locked, lockedContext).text)}`,
);
await ledger.record("frank takes back the 0.5 ETH above #4's goal", actor(frank), as(frank).withdrawPledge(lastCallCampaign, eth("0.5")), [
  { token: ETH, from: escrowAddress, to: frank.address, amount: eth("0.5") },
]);
await networkHelpers.time.increaseTo(plannedDeadline + 1n);
const lastCallRaised = (await escrow.getCampaign(lastCallCampaign)).pledged;
const lastCallState = await stateOf(lastCallCampaign);
check(lastCallState === "Succeeded" && lastCallRaised === eth("4"), "#4 succeeds with 4 ETH");
const lastCallFee = (lastCallRaised * FEE_BPS) / 10_000n;
await ledger.record("maintainer claims #4 (paid to the payout address)", actor(maintainer), as(maintainer).claim(lastCallCampaign), [
  { token: ETH, from: escrowAddress, to: payout.address, amount: lastCallRaised - lastCallFee },
]);
lastCallStory.push(
  `  ${when(plannedDeadline + 1n)}: #4 ${lastCallState} with ${ethText(lastCallRaised)} of ${ethText(funded.goal)} (${pct(lastCallRaised, funded.goal)}); claimed: ${ethText(lastCallRaised - lastCallFee)} to the payout address, ${ethText(lastCallFee)} fee.`,
);
console.log(lastCallStory.join("\n"));

// 7. #5 succeeds and nobody claims it within its claim window: it lapses, and every backer takes back their pledge.
const claimWindow = 7n * DAY;
const lapsingDeadline = BigInt(await networkHelpers.time.latest()) + 3n * DAY;
await ledger.record(
  "opens PUSD campaign #5: translations, goal 2,000 PUSD, claim window 7 days",
  actor(maintainer),
  as(maintainer).openCampaign(terms("https://github.com/openpledge/openpledge/issues/30", tokenAddress, usd("2000"), lapsingDeadline, DAY, claimWindow)),
);
const lapsedCampaign = await escrow.campaignCount();
const lapsedPledges: Array<[typeof dave, bigint]> = [
  [dave, usd("1200")],
  [erin, usd("800")],
];
for (const [who, amount] of lapsedPledges) {
  const name = names.get(who.address) ?? who.address;
  await ledger.record(`${name} approves ${usdText(amount)}`, actor(who), token.connect(who).approve(escrowAddress, amount));
  await ledger.record(`${name} pledges ${usdText(amount)} to #5`, actor(who), as(who).pledgeToken(lapsedCampaign, amount), [
    { token: PUSD, from: who.address, to: escrowAddress, amount },
  ]);
}
await networkHelpers.time.increaseTo(lapsingDeadline + 1n);
const lapsing = await escrow.getCampaign(lapsedCampaign);
const claimBy = lapsing.deadline + lapsing.claimWindow;
check((await stateOf(lapsedCampaign)) === "Succeeded", "#5 succeeds");
const lapseStory = [
  `\n#5 (goal ${usdText(lapsing.goal)}, claim window ${span(lapsing.claimWindow)}): its deadline ${when(lapsing.deadline)} passed; it Succeeded with ${usdText(lapsing.pledged)} (${pct(lapsing.pledged, lapsing.goal)}).`,
  `  The maintainers must claim by ${when(claimBy)}; after that every backer can take their pledge back.`,
];
await networkHelpers.time.increaseTo(claimBy);
const lastSecondState = await stateOf(lapsedCampaign);
await networkHelpers.time.increaseTo(claimBy + 1n);
const lapsedState = await stateOf(lapsedCampaign);
check(lastSecondState === "Succeeded" && lapsedState === "Lapsed", "#5 claimable until the window's last second, Lapsed after it");
const lateClaim = await refusal("a claim after the claim window", () => as(maintainer).claim(lapsedCampaign));
lapseStory.push(
  `  Nobody claimed. ${when(claimBy)}: still ${lastSecondState}; ${when(claimBy + 1n)}: ${lapsedState}.`,
  `  The maintainer's late claim is refused: ${sentence(describeError(lateClaim, { amount: usdText, campaign: { ...campaignTimes(lapsing), hasMilestones: false, state: "Lapsed" } }).text)}`,
);
for (const [who, amount] of lapsedPledges) {
  await ledger.record(`${names.get(who.address)} refunds #5 in full: ${usdText(amount)}`, actor(who), as(who).refund(lapsedCampaign), [
    { token: PUSD, from: escrowAddress, to: who.address, amount },
  ]);
}
lapseStory.push(`  Every backer refunded in full: ${lapsedPledges.map(([who, amount]) => `${names.get(who.address)} ${usdText(amount)}`).join(", ")}.`);
console.log(lapseStory.join("\n"));

// 8. #6: the project's other address tops the campaign up at the deadline second (shill success). The goal is reached
// in the last call, so the deadline moves one whole last call on, and the honest backer leaves in full.
const shillDeadline = BigInt(await networkHelpers.time.latest()) + 5n * DAY;
await ledger.record(
  "opens ETH campaign #6: plugin API, goal 3 ETH, last call 1 day",
  actor(maintainer),
  as(maintainer).openCampaign(terms("https://github.com/openpledge/openpledge/issues/34", ethers.ZeroAddress, eth("3"), shillDeadline, DAY)),
);
const shillCampaign = await escrow.campaignCount();
await ledger.record("bob pledges 1 ETH to #6", actor(bob), as(bob).pledge(shillCampaign, { value: eth("1") }), [
  { token: ETH, from: bob.address, to: escrowAddress, amount: eth("1") },
]);
await networkHelpers.time.setNextBlockTimestamp(shillDeadline);
await ledger.record("carol (the project's other address) pledges 2 ETH to #6 at its deadline second", actor(carol), as(carol).pledge(shillCampaign, { value: eth("2") }), [
  { token: ETH, from: carol.address, to: escrowAddress, amount: eth("2") },
]);
const shilled = await escrow.getCampaign(shillCampaign);
check(shilled.deadline === shillDeadline + DAY && shilled.plannedDeadline === shillDeadline, "#6's deadline moves one last call past the pledge");
const shillStory = [
  `\n#6 (goal ${ethText(shilled.goal)}, last call ${span(DAY)}): ${when(shillDeadline)}, its deadline second, carol's pledge takes it to`,
  `  ${ethText(shilled.pledged)} (${pct(shilled.pledged, shilled.goal)}). The goal was reached in the last call, so the deadline moves to ${when(shilled.deadline)}:`,
  `  every other backer has a whole last call (${span(DAY)}) to take their pledge back in full.`,
];
const leftAt = shillDeadline + 6n * HOUR;
await networkHelpers.time.setNextBlockTimestamp(leftAt);
await ledger.record("bob takes back his whole 1 ETH from #6", actor(bob), as(bob).withdrawPledge(shillCampaign, eth("1")), [
  { token: ETH, from: escrowAddress, to: bob.address, amount: eth("1") },
]);
await networkHelpers.time.increaseTo(shilled.deadline + 1n);
const shillState = await stateOf(shillCampaign);
check(shillState === "Failed", "#6 fails once the honest backer left");
await ledger.record("carol refunds #6 in full: 2 ETH", actor(carol), as(carol).refund(shillCampaign), [
  { token: ETH, from: escrowAddress, to: carol.address, amount: eth("2") },
]);
shillStory.push(
  `  ${when(leftAt)}: bob, who had not asked to pay for someone else's top-up, takes back his whole ${ethText(eth("1"))}.`,
  `  ${when(shilled.deadline + 1n)}: #6 ${shillState} (${ethText(eth("2"))} of ${ethText(shilled.goal)}); carol's 2 ETH are refunded in full. Nobody paid for work they did not back.`,
);
console.log(shillStory.join("\n"));

// 9. #7: a refund bonus (a dominant assurance contract). The maintainer and a sponsor put up a bonus; backers are told
// before pledging what a failure would pay them on top of their pledge; a withdrawal restarts the credit of what is
// left; the campaign fails, every refund pays the pledge plus its share, and the depositors reclaim the rest.
const bonusDeadline = BigInt(await networkHelpers.time.latest()) + 12n * DAY;
const bonusGoal = eth("2");
await ledger.record(
  "opens ETH campaign #7: plugin registry, goal 2 ETH, last call 1 day",
  actor(maintainer),
  as(maintainer).openCampaign(terms("https://github.com/openpledge/openpledge/issues/41", ethers.ZeroAddress, bonusGoal, bonusDeadline, DAY)),
);
const bonusCampaign = await escrow.campaignCount();
const reader = new OpenPledgeClient({ registry: await registry.getAddress(), escrow: escrowAddress, eas }, ethers.provider);
// The script's own model of the escrow's credit (RefundBonus): the expected payouts come from it, never from the chain.
const bonusStart = bonusDeadline - 10n * DAY;
const bonusPeriod = bonusDeadline - bonusStart;
const credit = new Map<string, { amount: bigint; since: bigint }>();
const creditPledge = (who: string, at: bigint, added: bigint) => {
  const { amount: before, since } = credit.get(who) ?? { amount: 0n, since: bonusStart };
  const total = before + added;
  // The pledge-weighted mean of the credit starts, rounded up to a whole second (against the backer).
  const delay = (before * (since - bonusStart) + added * (at - bonusStart) + total - 1n) / total;
  credit.set(who, { amount: total, since: bonusStart + delay });
};
const creditWithdraw = (who: string, at: bigint, taken: bigint) => {
  const standing = credit.get(who);
  if (standing === undefined) throw new Error(`${who} has no pledge to withdraw from`);
  credit.set(who, { amount: standing.amount - taken, since: at });
};
const bonusDeposits: Array<[typeof alice, string, bigint, bigint]> = [
  [maintainer, "maintainer", eth("0.12"), bonusStart],
  [frank, "frank (a sponsor)", eth("0.08"), bonusStart + DAY],
];
let bonusPot = 0n;
for (const [who, name, amount, at] of bonusDeposits) {
  await networkHelpers.time.setNextBlockTimestamp(at);
  await ledger.record(`${name} deposits ${ethText(amount)} into #7's refund bonus`, actor(who), as(who).depositBonus(bonusCampaign, ethers.ZeroAddress, amount, { value: amount }), [
    { token: ETH, from: who.address, to: escrowAddress, amount },
  ]);
  bonusPot += amount;
}
const bonusView = await reader.getBonus(bonusCampaign);
check(bonusView.pot === bonusPot && bonusView.maxPot === (bonusGoal * 1_000n) / 10_000n && bonusView.startedAt === bonusStart, "#7's bonus holds both deposits, capped at 10% of the goal, from the first");
const bonusStory = [
  `\n#7 (goal ${ethText(bonusGoal)}, deadline ${when(bonusDeadline)}): the maintainer and frank, a sponsor who wants the work done, deposit a refund`,
  `  bonus of ${ethText(bonusPot)} (${pct(bonusPot, bonusGoal)} of the goal, the most it may hold). Credit runs from the first deposit, ${when(bonusStart)};`,
  `  a pledge held from then to the deadline earns ${pct(bonusPot, bonusGoal)} of itself if the campaign fails. The deposits are final until it is decided.`,
];
/** What a backer reads before pledging (the client's quote, read just before the pledge), then the pledge. */
const bonusPledge = async (who: typeof alice, name: string, amount: bigint, at: bigint) => {
  await networkHelpers.time.increaseTo(at - 1n);
  const { account } = await reader.getBonus(bonusCampaign, { account: who.address, amount });
  const already = credit.get(who.address)?.amount ?? 0n;
  bonusStory.push(`  ${when(at)}, before pledging ${ethText(amount)}, ${name} reads: "if this campaign fails you get your ${ethText(already + amount)} back plus about ${formatAmountAbout(account.quote, 18)} ETH".`);
  await networkHelpers.time.setNextBlockTimestamp(at);
  await ledger.record(`${name} pledges ${ethText(amount)} to #7`, actor(who), as(who).pledge(bonusCampaign, { value: amount }), [
    { token: ETH, from: who.address, to: escrowAddress, amount },
  ]);
  creditPledge(who.address, at, amount);
  return account.quote;
};
/** Every backer's credit at the deadline (pledge x time held), summed. */
const totalCredit = () => [...credit.values()].reduce((sum, { amount, since }) => sum + amount * (bonusDeadline - since), 0n);
/** The shares' denominator: the goal's credit over the whole period, or the backers' total credit when it is more. */
const denominator = () => {
  const goalCredit = bonusGoal * bonusPeriod;
  return totalCredit() > goalCredit ? totalCredit() : goalCredit;
};
/** A backer's share if the campaign fails at its deadline, by the script's model. */
const modelShare = (who: string) => {
  const standing = credit.get(who);
  if (standing === undefined) return 0n;
  return (bonusPot * standing.amount * (bonusDeadline - standing.since)) / denominator();
};
const aliceQuote = await bonusPledge(alice, "alice", eth("0.8"), bonusStart + 2n * DAY);
await bonusPledge(bob, "bob", eth("0.6"), bonusStart + 4n * DAY);
const bobBefore = (await reader.getBonus(bonusCampaign, { account: bob.address })).account.share;
const withdrawnAt = bonusStart + 6n * DAY;
await networkHelpers.time.setNextBlockTimestamp(withdrawnAt);
await ledger.record("bob withdraws 0.2 ETH from #7", actor(bob), as(bob).withdrawPledge(bonusCampaign, eth("0.2")), [
  { token: ETH, from: escrowAddress, to: bob.address, amount: eth("0.2") },
]);
creditWithdraw(bob.address, withdrawnAt, eth("0.2"));
const bobAfter = await reader.getBonus(bonusCampaign, { account: bob.address });
check(bobAfter.account.creditSince === withdrawnAt && bobAfter.account.share === modelShare(bob.address), "bob's withdrawal restarts the credit of what he left in");
bonusStory.push(
  `  ${when(withdrawnAt)}: bob takes 0.2 ETH back. The credit of the ${ethText(eth("0.4"))} he leaves in restarts now: his bonus if it fails drops from`,
  `  about ${formatAmountAbout(bobBefore, 18)} ETH to about ${formatAmountAbout(bobAfter.account.share, 18)} ETH (pledging early and withdrawing a sliver to sink the campaign earns nothing extra).`,
);
await bonusPledge(bob, "bob", eth("0.2"), bonusStart + 7n * DAY);
await networkHelpers.time.increaseTo(bonusDeadline + 1n);
const bonusState = await stateOf(bonusCampaign);
const bonusRaised = (await escrow.getCampaign(bonusCampaign)).pledged;
check(bonusState === "Failed" && bonusRaised === eth("1.4"), "#7 fails with 1.4 ETH");
const bonusRefunds: Array<[typeof alice, string]> = [
  [alice, "alice"],
  [bob, "bob"],
];
let sharesPaid = 0n;
const refundLines: string[] = [];
for (const [who, name] of bonusRefunds) {
  const pledged = credit.get(who.address)?.amount ?? 0n;
  const share = modelShare(who.address);
  await ledger.record(`${name} refunds #7: ${ethText(pledged)} + ${ethText(share)} bonus`, actor(who), as(who).refund(bonusCampaign), [
    { token: ETH, from: escrowAddress, to: who.address, amount: pledged + share },
  ]);
  sharesPaid += share;
  refundLines.push(`${name} ${ethText(pledged)} + ${ethText(share)}`);
}
check(aliceQuote >= modelShare(alice.address), "the quote alice read is at most what her refund then paid (a minimum for a failure at the deadline)");
// What the depositors share: the pot less what the backers' credit reserves, split by deposit, cumulatively (exact).
const reserved = (bonusPot * totalCredit()) / denominator();
const leftToDepositors = bonusPot - reserved;
let reclaimedSoFar = 0n;
const reclaimLines: string[] = [];
for (const [who, name, deposited] of bonusDeposits) {
  const amount = (leftToDepositors * (reclaimedSoFar + deposited)) / bonusPot - (leftToDepositors * reclaimedSoFar) / bonusPot;
  await ledger.record(`${name} reclaims ${ethText(amount)} of #7's bonus`, actor(who), as(who).reclaimBonus(bonusCampaign), [
    { token: ETH, from: escrowAddress, to: who.address, amount },
  ]);
  reclaimedSoFar += deposited;
  reclaimLines.push(`${name.split(" ")[0]} ${ethText(amount)} of ${ethText(deposited)}`);
}
const bonusDust = reserved - sharesPaid;
bonusStory.push(
  `  ${when(bonusDeadline + 1n)}: #7 ${bonusState} with ${ethText(bonusRaised)} of ${ethText(bonusGoal)} (${pct(bonusRaised, bonusGoal)}). Each refund pays the pledge plus its share: ${refundLines.join(", ")}.`,
  `  The depositors reclaim what the shares leave, in proportion to their deposits: ${reclaimLines.join(", ")}; rounding dust kept by the escrow: ${ethText(bonusDust)}.`,
);
console.log(bonusStory.join("\n"));

// 10. #8: a claim that pays the project, its builder and two projects it depends on. heidi and ivan maintain two
// libraries the demo project builds on; the project's owner lists them as dependencies (5% and 2.5% of every claim of
// the campaigns opened from then on), opens #8 with a 15% builder share and nominates grace, who accepts. After the
// claim the project's part goes to its payout address at once; every other share is credited, and each recipient
// withdraws its own. The expected figures are the script's: its own terms, split with the escrow's rounding.
await ledger.record("heidi registers project ethers", actor(heidi), registry.connect(heidi).registerProject("ipfs://bafy-ethers-demo", "https://github.com/ethers-io/ethers.js", heidi.address));
const ethersProject = await registry.projectCount();
await ledger.record("ivan registers project viem", actor(ivan), registry.connect(ivan).registerProject("ipfs://bafy-viem-demo", "https://github.com/wevm/viem", ivan.address));
const viemProject = await registry.projectCount();
const dependencies = [
  { projectId: ethersProject, shareBps: 500n },
  { projectId: viemProject, shareBps: 250n },
];
await ledger.record(
  `maintainer lists projects ${ethersProject} (5%) and ${viemProject} (2.5%) as dependencies`,
  actor(maintainer),
  registry.connect(maintainer).setDependencies(projectId, dependencies),
);
const builderShareBps = 1_500n;
const splitDeadline = BigInt(await networkHelpers.time.latest()) + 7n * DAY;
await ledger.record(
  "opens ETH campaign #8: HTTP/3 transport, goal 6 ETH, builder share 15%",
  actor(maintainer),
  as(maintainer).openCampaign({ ...terms("https://github.com/openpledge/openpledge/issues/47", ethers.ZeroAddress, eth("6"), splitDeadline), builderShareBps }),
);
const splitCampaign = await escrow.campaignCount();
await ledger.record("maintainer (the project's owner) nominates grace as #8's builder", actor(maintainer), as(maintainer).nominateBuilder(splitCampaign, grace.address));
await ledger.record("grace accepts the builder role of #8", actor(grace), as(grace).acceptBuilder(splitCampaign));
const splitPledges: Array<[typeof alice, bigint]> = [
  [alice, eth("3.5")],
  [bob, eth("2.5") + 7n],
];
for (const [who, amount] of splitPledges) {
  await ledger.record(`${names.get(who.address)} pledges ${ethText(amount)} to #8`, actor(who), as(who).pledge(splitCampaign, { value: amount }), [
    { token: ETH, from: who.address, to: escrowAddress, amount },
  ]);
}
const split = await reader.getSplit(splitCampaign);
check(
  split.builder === grace.address && split.builderShareBps === builderShareBps && split.feeBps === FEE_BPS &&
    split.dependencies.length === 2 && split.dependencies.every((entry, i) => entry.projectId === dependencies[i]?.projectId && entry.shareBps === dependencies[i]?.shareBps),
  "#8 froze the dependency list, the 15% builder share with grace as its builder, and the fee",
);
await networkHelpers.time.increaseTo(splitDeadline + 1n);
const splitGross = splitPledges.reduce((sum, [, amount]) => sum + amount, 0n);
// The script's own terms, split as the escrow rounds: each share down on its own, the dust to the project.
const parts = splitAmount({ feeBps: FEE_BPS, builderShareBps, dependencies }, splitGross);
const [ethersPart, viemPart] = parts.dependencies.map((entry) => entry.amount);
if (ethersPart === undefined || viemPart === undefined) throw new Error("both dependencies' shares of #8 must be above zero");
await ledger.record("maintainer claims #8 (the project's part to the payout address)", actor(maintainer), as(maintainer).claim(splitCampaign), [
  { token: ETH, from: escrowAddress, to: payout.address, amount: parts.project },
]);
// What the chain credited, read back from #8's history (the claim's events), against the script's figures.
const credited = new Map<string, bigint>();
let claimedAmount = -1n;
let claimedFee = -1n;
for (const { name, args } of await reader.campaignHistory(splitCampaign)) {
  if (name === "BuilderShareCredited") credited.set(`builder ${String(args.builder)}`, args.amount as bigint);
  if (name === "DependencyShareCredited") credited.set(`project ${String(args.dependencyId)}`, args.amount as bigint);
  if (name === "CampaignClaimed") [claimedAmount, claimedFee] = [args.amount as bigint, args.fee as bigint];
}
check(
  claimedAmount === parts.project && claimedFee === parts.fee && credited.get(`builder ${grace.address}`) === parts.builder &&
    credited.get(`project ${ethersProject}`) === ethersPart && credited.get(`project ${viemProject}`) === viemPart,
  "#8's claim pays the project and credits the builder, both dependencies and the fee exactly the script's split",
);
const owedToGrace = await reader.getOwed(grace.address);
check(owedToGrace.asBuilder.length === 1 && owedToGrace.asBuilder[0]?.amount === parts.builder, "grace is owed her builder share");
const withdrawals: Array<{ who: typeof alice; what: string; credit: bigint; send: () => Promise<ContractTransactionResponse> }> = [
  { who: grace, what: "grace withdraws her builder share of #8", credit: parts.builder, send: () => as(grace).withdrawBuilderShares(ethers.ZeroAddress, grace.address) },
  { who: heidi, what: `heidi withdraws project ${ethersProject}'s (ethers) share of #8`, credit: ethersPart, send: () => as(heidi).withdrawProjectShares(ethersProject, ethers.ZeroAddress) },
  { who: ivan, what: `ivan withdraws project ${viemProject}'s (viem) share of #8`, credit: viemPart, send: () => as(ivan).withdrawProjectShares(viemProject, ethers.ZeroAddress) },
];
const recipientRows: Array<[string, bigint, bigint]> = [];
for (const { who, what, credit, send } of withdrawals) {
  const before = await ethers.provider.getBalance(who.address);
  const step = await ledger.record(what, actor(who), send(), [{ token: ETH, from: escrowAddress, to: who.address, amount: credit }]);
  const change = (await ethers.provider.getBalance(who.address)) - before + step.gasCostWei;
  check(change === credit, `${names.get(who.address)} receives exactly the credit (${ethText(credit)}), not ${ethText(change)}`);
  recipientRows.push([names.get(who.address) ?? who.address, credit, change]);
}
const afterWithdrawals = await Promise.all([
  escrow.builderSharesOf(grace.address, ethers.ZeroAddress),
  escrow.projectSharesOf(ethersProject, ethers.ZeroAddress),
  escrow.projectSharesOf(viemProject, ethers.ZeroAddress),
]);
check(afterWithdrawals.every((left) => left === 0n), "nothing is left credited to #8's recipients once each withdrew");
const splitSum = parts.project + parts.builder + ethersPart + viemPart + parts.fee;
check(splitSum === splitGross, "#8's parts add up to its gross amount to the wei");
const parts8: Array<[string, bigint]> = [
  ["the project (its payout address, at the claim)", parts.project],
  ["the builder, grace", parts.builder],
  [`project ${ethersProject} (ethers; heidi withdraws)`, ethersPart],
  [`project ${viemProject} (viem; ivan withdraws)`, viemPart],
  ["the protocol fee", parts.fee],
];
const partWidth = Math.max(...parts8.map(([what]) => what.length));
const splitStory = [
  `\n#8 (goal ${ethText(eth("6"))}, builder share ${formatBps(builderShareBps)}, dependencies project ${ethersProject} (ethers) ${formatBps(500n)} and project ${viemProject} (viem) ${formatBps(250n)}, fee ${formatBps(FEE_BPS)}):`,
  `  the project's owner nominated grace and she accepted before the claim; #8 raised ${ethText(splitGross)} and was claimed after its deadline.`,
  "  Its claim, to the wei (each share rounded down on its own, the dust to the project):",
  ...parts8.map(([what, amount]) => `    ${what.padEnd(partWidth)}  ${ethText(amount)}`),
  `    ${"sum".padEnd(partWidth)}  ${ethText(splitSum)} = the gross ${ethText(splitGross)}: ${splitSum === splitGross ? "ok" : "MISMATCH"}`,
  "  Each recipient's balance change (its withdrawal's gas added back) against its credit:",
  ...recipientRows.map(([name, credit, change]) => `    ${name.padEnd(6)} credited ${ethText(credit)}, received ${ethText(change)}: ${credit === change ? "ok" : "MISMATCH"}`),
];
console.log(splitStory.join("\n"));

// 10b. Feature requests. #9: erin asks the project for a feature and three backers put money behind it; the maintainer
// accepts it as a campaign with a goal and a deadline, it keeps their pledges, succeeds and is claimed (its split frozen
// at acceptance: the project's dependencies take their shares). #10: dave asks for another in PUSD; erin joins him;
// nobody accepts it, it expires and both refund in full. The ranking's support (money × time held, a withdrawal
// restarting the count of what is left) is the script's own model, checked against the client's to the base unit.
const board = (signer: Signer) => IRequestBoard__factory.connect(escrowAddress, signer);
const requestsAt = BigInt(await networkHelpers.time.latest()) + HOUR;
const requestSpec = "https://github.com/openpledge/openpledge/issues/52";
const expiringSpec = "https://github.com/openpledge/openpledge/issues/55";
await networkHelpers.time.setNextBlockTimestamp(requestsAt);
await ledger.record(
  "erin opens request #9: offline sync for mobile, in ETH, for 30 days",
  actor(erin),
  board(erin).openRequest(projectId, ethers.ZeroAddress, requestsAt + 30n * DAY, requestSpec, ZeroHash),
);
const featureRequest = await escrow.campaignCount();
await networkHelpers.time.setNextBlockTimestamp(requestsAt + 60n);
await ledger.record(
  "dave opens request #10: a Japanese translation, in PUSD, for 8 days",
  actor(dave),
  board(dave).openRequest(projectId, tokenAddress, requestsAt + 60n + 8n * DAY, expiringSpec, ZeroHash),
);
const expiringRequest = await escrow.campaignCount();
const expiringOpened = requestsAt + 60n;
check(featureRequest === 9n && expiringRequest === 10n, "the requests take the next campaign ids, #9 and #10");
// The script's model of support: per request, what each backer has in and since when it counts.
const held = new Map<bigint, Map<string, { amount: bigint; since: bigint }>>([
  [featureRequest, new Map()],
  [expiringRequest, new Map()],
]);
const holdPledge = (id: bigint, who: string, at: bigint, added: bigint) => {
  const backers = held.get(id) ?? new Map<string, { amount: bigint; since: bigint }>();
  const { amount: before, since } = backers.get(who) ?? { amount: 0n, since: at };
  const total = before + added;
  // The pledge-weighted mean of the start times, rounded up (against the backer).
  backers.set(who, { amount: total, since: (before * since + added * at + total - 1n) / total });
  held.set(id, backers);
};
const holdWithdraw = (id: bigint, who: string, at: bigint, taken: bigint) => {
  const standing = held.get(id)?.get(who);
  if (standing === undefined) throw new Error(`${who} has no pledge in #${id}`);
  held.get(id)?.set(who, { amount: standing.amount - taken, since: at });
};
const modelSupport = (id: bigint, at: bigint) => [...(held.get(id)?.values() ?? [])].reduce((sum, { amount, since }) => sum + amount * (at - since), 0n);
const requestPledges: Array<[typeof alice, bigint, bigint]> = [
  [alice, eth("1"), requestsAt + HOUR],
  [bob, eth("0.5"), requestsAt + DAY],
  [carol, eth("1.5"), requestsAt + 2n * DAY],
];
const requestStory = [
  `\n#9 (a feature request, ${requestSpec}): erin, who does not maintain the project, asks for it on ${when(requestsAt)}; it takes pledges until ${when(requestsAt + 30n * DAY)}.`,
];
for (const [who, amount, at] of requestPledges) {
  await networkHelpers.time.setNextBlockTimestamp(at);
  await ledger.record(`${names.get(who.address)} pledges ${ethText(amount)} to request #9`, actor(who), as(who).pledge(featureRequest, { value: amount }), [
    { token: ETH, from: who.address, to: escrowAddress, amount },
  ]);
  holdPledge(featureRequest, who.address, at, amount);
}
const bobLeaves = requestsAt + 3n * DAY;
await networkHelpers.time.setNextBlockTimestamp(bobLeaves);
await ledger.record("bob withdraws 0.2 ETH from request #9", actor(bob), as(bob).withdrawPledge(featureRequest, eth("0.2")), [
  { token: ETH, from: escrowAddress, to: bob.address, amount: eth("0.2") },
]);
holdWithdraw(featureRequest, bob.address, bobLeaves, eth("0.2"));
requestStory.push(
  `  alice pledges 1 ETH (${when(requestsAt + HOUR)}), bob 0.5 ETH (${when(requestsAt + DAY)}), carol 1.5 ETH (${when(requestsAt + 2n * DAY)});`,
  `  bob takes 0.2 ETH back on ${when(bobLeaves)}: the support of the 0.3 ETH he leaves in counts from then.`,
);
const expiringPledges: Array<[typeof dave, bigint, bigint]> = [
  [dave, usd("400"), bobLeaves + HOUR],
  [erin, usd("250"), bobLeaves + DAY / 2n],
];
for (const [who, amount, at] of expiringPledges) {
  const name = names.get(who.address) ?? who.address;
  await ledger.record(`${name} approves ${usdText(amount)}`, actor(who), token.connect(who).approve(escrowAddress, amount));
  await networkHelpers.time.setNextBlockTimestamp(at);
  await ledger.record(`${name} pledges ${usdText(amount)} to request #10`, actor(who), as(who).pledgeToken(expiringRequest, amount), [
    { token: PUSD, from: who.address, to: escrowAddress, amount },
  ]);
  holdPledge(expiringRequest, who.address, at, amount);
}
// The project's open requests, ranked by support, as the client lists them, against the script's model.
const rankedAt = requestsAt + 4n * DAY;
await networkHelpers.time.increaseTo(rankedAt);
const ranked = await reader.listRequests(projectId);
const modelRanked = [featureRequest, expiringRequest].map((id) => ({ id, support: modelSupport(id, rankedAt) }));
check(
  ranked.length === 2 && ranked.every((request, i) => request.requestId === modelRanked[i]?.id && request.support === modelRanked[i]?.support && request.asOf === rankedAt),
  "the client ranks #9 then #10, each with the support of the script's model to the base unit",
);
check(ranked[0]?.backers === 3 && ranked[0]?.pledged === eth("2.8") && ranked[1]?.backers === 2 && ranked[1]?.pledged === usd("650"), "#9 holds 2.8 ETH from 3 backers, #10 650 PUSD from 2");
requestStory.push(
  `#10 (a PUSD request, ${expiringSpec}): dave asks for it on ${when(expiringOpened)}, until ${when(expiringOpened + 8n * DAY)};`,
  `  dave pledges 400 PUSD (${when(bobLeaves + HOUR)}), erin 250 PUSD (${when(bobLeaves + DAY / 2n)}).`,
  `  ${when(rankedAt)}: the project's open requests, ranked by support (money × time held), the script's model and the client's equal to the base unit:`,
  ...ranked.map((request, i) => {
    const [decimals, symbol] = request.token === ethers.ZeroAddress ? [18, "ETH"] : [6, "PUSD"];
    const write = (value: bigint) => `${formatAmount(value, decimals)} ${symbol}`;
    return `    ${i + 1}. #${request.requestId}  ${formatSupport(request.support, decimals, symbol)}  ${write(request.pledged)} from ${request.backers} backers`;
  }),
);
// The maintainer takes #9 on: a goal, a deadline at least 7 days plus two last calls away, its pledges kept.
const acceptedAt = rankedAt + HOUR;
const requestDeadline = acceptedAt + 12n * DAY;
const requestGoal = eth("2.5");
await networkHelpers.time.setNextBlockTimestamp(acceptedAt);
await ledger.record(
  "maintainer accepts request #9 as a campaign: goal 2.5 ETH, last call 1 day",
  actor(maintainer),
  board(maintainer).acceptRequest(featureRequest, terms(requestSpec, ethers.ZeroAddress, requestGoal, requestDeadline, DAY), {
    initialShareBps: 0,
    reviewWindow: 0n,
    objectionThresholdBps: 0,
    milestones: [],
  }),
);
const acceptedRequest = await reader.getRequest(featureRequest);
const acceptedCampaign = await reader.getCampaign(featureRequest);
check(
  acceptedRequest.accepted?.maintainer === maintainer.address && acceptedRequest.accepted.pledgedAtAcceptance === eth("2.8") &&
    acceptedRequest.support === modelSupport(featureRequest, acceptedAt) && acceptedRequest.asOf === acceptedAt,
  "#9 is accepted by the maintainer with its 2.8 ETH, its support frozen at the acceptance",
);
check(
  acceptedCampaign.state === "Funding" && acceptedCampaign.pledged === eth("2.8") && acceptedCampaign.goalReachedAt === acceptedAt &&
    acceptedCampaign.fromRequest?.requestId === featureRequest && acceptedCampaign.fromRequest.acceptedAt === acceptedAt,
  "#9 funds as a campaign that came from the request, its goal already reached by the pledges it kept",
);
requestStory.push(
  `  ${when(acceptedAt)}: the maintainer accepts #9 as a campaign: goal ${ethText(requestGoal)}, deadline ${when(requestDeadline)}, last call ${span(DAY)}; it keeps the`,
  `  ${ethText(acceptedCampaign.pledged)} of its 3 backers, which already reach the goal; its support froze at ${formatSupport(acceptedRequest.support, 18, "ETH")}.`,
);
// #10 expires: no pledge after it; dave and erin refund in full.
const expiry = expiringOpened + 8n * DAY;
await networkHelpers.time.increaseTo(expiry + 1n);
check((await stateOf(expiringRequest)) === "Expired", "#10 expires after its expiry second");
const latePledge = await refusal("a pledge to an expired request", () => as(frank).pledgeToken(expiringRequest, usd("100")));
check(latePledge.errorName === "UnexpectedState", "a pledge to an expired request is refused with UnexpectedState");
for (const [who, amount] of expiringPledges) {
  await ledger.record(`${names.get(who.address)} refunds request #10 in full: ${usdText(amount)}`, actor(who), as(who).refund(expiringRequest), [
    { token: PUSD, from: escrowAddress, to: who.address, amount },
  ]);
}
const expired = await reader.getRequest(expiringRequest);
check(expired.state === "Expired" && expired.pledged === usd("650") && expired.support === modelSupport(expiringRequest, expiry), "#10's support froze at its expiry");
requestStory.push(
  `  ${when(expiry + 1n)}: #10 expired, nobody having accepted it (its support froze at ${formatSupport(expired.support, 6, "PUSD")}). frank's late pledge is refused:`,
  `  ${sentence(describeError(latePledge, { amount: usdText, action: "pledgeToken" }).text)}`,
  `  dave and erin refund in full: ${expiringPledges.map(([who, amount]) => `${names.get(who.address)} ${usdText(amount)}`).join(", ")}.`,
);
// #9 succeeds and is claimed; the dependency list it froze at acceptance takes its shares, each withdrawn.
await networkHelpers.time.increaseTo(requestDeadline + 1n);
check((await stateOf(featureRequest)) === "Succeeded", "#9 succeeds at its deadline");
const requestGross = eth("2.8");
const requestParts = splitAmount({ feeBps: FEE_BPS, builderShareBps: 0n, dependencies }, requestGross);
const [requestEthersPart, requestViemPart] = requestParts.dependencies.map((entry) => entry.amount);
if (requestEthersPart === undefined || requestViemPart === undefined) throw new Error("both dependencies' shares of #9 must be above zero");
await ledger.record("maintainer claims #9 (the project's part to the payout address)", actor(maintainer), as(maintainer).claim(featureRequest), [
  { token: ETH, from: escrowAddress, to: payout.address, amount: requestParts.project },
]);
await ledger.record(`heidi withdraws project ${ethersProject}'s share of #9`, actor(heidi), as(heidi).withdrawProjectShares(ethersProject, ethers.ZeroAddress), [
  { token: ETH, from: escrowAddress, to: heidi.address, amount: requestEthersPart },
]);
await ledger.record(`ivan withdraws project ${viemProject}'s share of #9`, actor(ivan), as(ivan).withdrawProjectShares(viemProject, ethers.ZeroAddress), [
  { token: ETH, from: escrowAddress, to: ivan.address, amount: requestViemPart },
]);
check(
  requestParts.project + requestEthersPart + requestViemPart + requestParts.fee === requestGross,
  "#9's parts add up to its 2.8 ETH to the wei",
);
requestStory.push(
  `  ${when(requestDeadline + 1n)}: #9 Succeeded with ${ethText(requestGross)} of ${ethText(requestGoal)}; claimed: ${ethText(requestParts.project)} to the payout address,`,
  `  ${ethText(requestEthersPart)} and ${ethText(requestViemPart)} to projects ${ethersProject} and ${viemProject} (the dependency list #9 froze when accepted, each withdrawn), ${ethText(requestParts.fee)} fee.`,
);
console.log(requestStory.join("\n"));

// 11. The fee recipient collects the fees of #1, #3 (milestone 1), #4, #8 and #9.
const ethFees = await escrow.accruedFees(ethers.ZeroAddress);
const feesDue = fee + firstFee + lastCallFee + parts.fee + requestParts.fee;
if (ethFees !== feesDue) throw new Error(`fee ledger holds ${ethText(ethFees)}, expected ${ethText(feesDue)}`);
await ledger.record("fee recipient collects the ETH fees", actor(feeRecipient), as(feeRecipient).withdrawFees(ethers.ZeroAddress), [
  { token: ETH, from: escrowAddress, to: feeRecipient.address, amount: feesDue },
]);
console.log("");

// 12. Verified repositories. Project 1 names https://github.com/openpledge/openpledge; frank registers a project under
// the same URL. GitHub's API is served by the local forge on 127.0.0.1 (no internet here; the same answers in the same
// shapes), EAS runs for real on this chain, and the attester is this chain's default one (account #0, the deployer).
const forge = await startLocalForge();
const verifyStory = ["#1's project proves its repository; an impostor cannot (EAS attestations, checked through GitHub's API):"];
try {
  const registryAddress = await registry.getAddress();
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const repositoryPath = "openpledge/openpledge";
  const repositoryId = forge.createRepository("github.com", repositoryPath);
  const attester = new Attester({ reader, signer: deployer, forges: forge.forges });
  const outcome = async (id: bigint, expected: CheckOutcome["kind"], what: string): Promise<CheckOutcome> => {
    const result = await attester.check(id);
    check(result.kind === expected, `${what}: expected ${expected}, the attester answered ${result.kind} (${result.message})`);
    return result;
  };
  const verdict = async (id: bigint) => reader.getVerification(id);
  const beforeProof = await outcome(projectId, "refused", "no proof file yet");
  verifyStory.push(`  Before the proof file: ${sentence(beforeProof.message)}`);
  await ledger.record("frank registers an impostor project under the same repository URL", actor(frank),
    registry.connect(frank).registerProject("ipfs://bafy-impostor", "https://github.com/openpledge/openpledge", frank.address));
  const impostor = await registry.projectCount();
  const proof = proofFileText([{ chainId, registry: registryAddress, projectId }]);
  const proofCommit = forge.putFile("github.com", repositoryPath, PROOF_FILE_PATH, proof);
  verifyStory.push(`  The maintainer commits ${PROOF_FILE_PATH} (commit ${proofCommit.slice(0, 7)}): ${proof.trim().replace(/\s+/g, " ")}`);
  const attested = await outcome(projectId, "attested", "the proof names project 1");
  const foreign = await outcome(impostor, "refused", "the proof names project 1, not the impostor");
  const verified = await verdict(projectId);
  const unverified = await verdict(impostor);
  check(verified.state === "verified" && verified.attestation?.repositoryId === repositoryId && verified.attestation.proofCommit === proofCommit, "project 1 reads as verified, repository id and commit as attested");
  check(unverified.state === "unverified" && unverified.warnings.length > 0, "the impostor reads as unverified, with a warning");
  verifyStory.push(
    `  The attester checks project ${projectId}: ${sentence(attested.message)}`,
    `  It checks frank's project ${impostor}: ${sentence(foreign.message)}`,
    `  A backer reads project ${projectId}: ${sentence(verified.summary)}`,
    `  A backer reads project ${impostor}: ${sentence(unverified.warnings.join(" ") || unverified.summary)}`,
  );
  const again = await outcome(projectId, "unchanged", "a second check with nothing changed sends no transaction");
  verifyStory.push(`  Checked again, nothing changed: ${sentence(again.message)}`);
  // The repository is renamed: the old path could now be taken by anyone, so the attester revokes on its recheck.
  forge.renameRepository("github.com", repositoryPath, "openpledge/pledge");
  const moved = await verifyProject1Path(reader, verified, forge.forges);
  const rechecked = await attester.recheckAll();
  check(rechecked.length === 1 && rechecked[0]?.kind === "revoked", "the recheck revokes the renamed repository's attestation");
  const revoked = await verdict(projectId);
  check(revoked.state === "revoked", "project 1 reads as revoked after the rename");
  verifyStory.push(
    `  The repository is renamed to openpledge/pledge. Before any recheck, a reader's path check warns: ${sentence(moved)}`,
    `  The attester's recheck: ${sentence(rechecked[0]!.message)}`,
    `  A backer reads project ${projectId}: ${sentence(revoked.summary)}`,
  );
  await ledger.record("the maintainer points project 1 at the renamed repository", actor(maintainer),
    registry.connect(maintainer).setProjectMetadata(projectId, "ipfs://bafy-openpledge-demo", "https://github.com/openpledge/pledge"));
  const waiting = await outcome(projectId, "retry-later", "the attester attests a project at most once a day after revoking it");
  verifyStory.push(`  The maintainer sets the new URL at once; the attester waits: ${sentence(waiting.message)}`);
  await networkHelpers.time.increase(DAY);
  const reattested = await outcome(projectId, "attested", "the renamed repository still holds the proof");
  check((await verdict(projectId)).state === "verified", "project 1 reads as verified again");
  verifyStory.push(`  A day later, verified again: ${sentence(reattested.message)}`);
  // The proof file is deleted: the next check revokes.
  forge.deleteFile("github.com", "openpledge/pledge", PROOF_FILE_PATH);
  const gone = await outcome(projectId, "revoked", "the proof file is gone");
  check((await verdict(projectId)).state === "revoked", "project 1 reads as revoked once the proof is gone");
  verifyStory.push(`  The proof file is deleted; the next check: ${sentence(gone.message)}`);
} finally {
  await forge.close();
}
console.log(`${verifyStory.join("\n")}\n`);

/** What a reader's path check says of project 1's attestation once its repository moved (before the attester knows). */
async function verifyProject1Path(client: OpenPledgeClient, verification: ProjectVerification, forges: readonly ForgeEndpoint[]): Promise<string> {
  if (verification.attestation === undefined) throw new Error("project 1 should have an attestation");
  const result = await client.verification.checkRepositoryPath(verification.attestation, { forges });
  check(result.state === "moved", "a reader's path check sees the repository moved");
  return result.state === "moved" ? result.message : "";
}

// Report.
const pad = (text: string, width: number) => text.padEnd(width);
const padLeft = (text: string, width: number) => text.padStart(width);
const labelWidth = Math.max(...ledger.steps.map((step) => step.label.length));
console.log("Steps");
console.log(`${pad("what", labelWidth)} ${pad("by", 14)} ${padLeft("gas", 9)}`);
for (const step of ledger.steps) {
  console.log(`${pad(step.label, labelWidth)} ${pad(names.get(step.actor) ?? step.actor, 14)} ${padLeft(step.gasUsed.toString(), 9)}`);
}

const { rows, mismatches } = await ledger.reconcile();
console.log("\nBalances (change = what the script intended, gas included; checked to the wei)");
console.log(`${pad("account", 14)} ${pad("token", 5)} ${padLeft("before", 26)} ${padLeft("after", 26)} ${padLeft("change", 26)}  check`);
for (const row of rows) {
  const token = row.symbol === "ETH" ? ETH : PUSD;
  const before = ledger.balanceBefore(row.account, token);
  if (before === 0n && row.after === 0n && row.expected === 0n && row.actual === 0n) continue;
  const show = (value: bigint) => formatAmount(value, token.decimals);
  console.log(
    `${pad(row.name, 14)} ${pad(row.symbol, 5)} ${padLeft(show(before), 26)} ${padLeft(show(row.after), 26)} ${padLeft(show(row.actual), 26)}  ${row.expected === row.actual ? "ok" : `EXPECTED ${show(row.expected)}`}`,
  );
}

const escrowEth = await ethers.provider.getBalance(escrowAddress);
const escrowUsd = await token.balanceOf(escrowAddress);
console.log(`\n#1 raised ${ethText(raised)}: ${ethText(raised - fee)} to the payout address, ${ethText(fee)} protocol fee.`);
console.log(`#2 raised 5,500 of 10,000 PUSD (55%) and refunded all of it.`);
console.log(
  `#3 raised ${ethText(milestoneTotal)}: milestone 1 released ${ethText(firstShare)} (${ethText(firstFee)} fee), milestone 2 rejected, ${ethText(unreleased)} refunded pro rata.`,
);
console.log(`#4 reached its goal early, refused a withdrawal below the goal in its last call, and paid ${ethText(lastCallRaised - lastCallFee)} out (${ethText(lastCallFee)} fee).`);
console.log(`#5 succeeded with ${usdText(lapsing.pledged)}, lapsed unclaimed and refunded all of it.`);
console.log(`#6 was topped up at its deadline second; its deadline moved a last call on, the honest backer left, and it refunded in full.`);
console.log(
  `#7 failed with a ${ethText(bonusPot)} refund bonus: its backers got their pledges back plus ${ethText(sharesPaid)}, its depositors reclaimed ${ethText(leftToDepositors)}${bonusDust === 0n ? "" : `, ${ethText(bonusDust)} rounding dust stays in the escrow`}.`,
);
console.log(
  `#8 paid ${ethText(splitGross)}: ${ethText(parts.project)} to the project, ${ethText(parts.builder)} to its builder grace, ${ethText(ethersPart)} and ${ethText(viemPart)} to its dependencies (ethers, viem), ${ethText(parts.fee)} fee; each recipient withdrew exactly its credit.`,
);
console.log(
  `#9 was a feature request erin opened: alice, bob and carol pledged ${ethText(requestGross)} (bob took 0.2 ETH back), the maintainer accepted it as a campaign, it succeeded and paid ${ethText(requestParts.project)} to the project, ${ethText(requestEthersPart + requestViemPart)} to its dependencies, ${ethText(requestParts.fee)} fee.`,
);
console.log(`#10 was a feature request nobody accepted: it expired and dave and erin refunded all of its ${usdText(usd("650"))}.`);
console.log(`Project 1 proved its repository on EAS; frank's impostor under the same URL could not; the rename and the deleted proof were each revoked.`);
console.log(`Escrow now holds ${ethText(escrowEth)} and ${usdText(escrowUsd)}${bonusDust === 0n ? "" : ` (the bonus's rounding dust)`}.`);

if (mismatches.length > 0 || escrowEth !== bonusDust || escrowUsd !== 0n) {
  console.error(`\nRECONCILIATION FAILED: ${mismatches.length} balance(s) differ from what was intended.`);
  process.exitCode = 1;
} else {
  console.log("\nEvery balance reconciles to the wei.");
}
