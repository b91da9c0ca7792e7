/**
 * Measures the gas of every hot path on the in-process chain and writes `reports/gas.json`
 * (operation name -> gas used). Each figure is the `gasUsed` of one real transaction's receipt.
 * The rules of the end of a campaign (last call, goal lock, weightless late pledges, claim window) are measured on
 * their own, each next to the plain path it adds to, so that what each rule costs per call is printed as a delta.
 *
 * Run: `npm run bench`.
 */
import { mkdir, writeFile } from "node:fs/promises";

import type { ContractTransactionResponse, HDNodeWallet } from "ethers";
import { network } from "hardhat";

import { deployProtocolWithTestToken } from "./lib/protocol.js";
import { ReferenceEscrow__factory } from "../typechain-types/index.js";
import { signPermit } from "../client/index.js";
import { gasSnapshotDrift, readGasSnapshot, writeGasSnapshot } from "./lib/gas-snapshot.js";
import { documentHasGasTables, renderGasTables, writeGasTablesToDocument, type GasComparison, type GasRow } from "./lib/gas-table.js";

const HOUR = 60n * 60n;
const DAY = 24n * HOUR;
const BACKERS_FOR_SCALE = 1000;
/**
 * Gas ceilings. The hot paths' targets of issue 9 where the guarantees allow them; where they do not, the ceiling is
 * the measured figure rounded up and the docs/gas.md says what the rest pays for.
 */
const BUDGETS: Record<string, number> = {
  pledge_eth_new_backer: 54_300,
  pledge_eth_again: 36_800,
  pledge_erc20_new_backer: 76_000, // target 73,200: the reference escrow's own pull costs 74,161
  refund_eth: 34_400,
  refund_erc20: 46_000, // target 43,500: the reference escrow's own refund costs 44,035
  claim_eth: 57_000,
  claim_erc20: 83_000,
  open_campaign: 117_000, // target 100,000: three new slots, a registry call and the event cost 107,000 at least
  claim_milestone: 76_000, // target 60,000: see docs/gas.md
  refund_after_rejection: 43_000,
  // The rules of the end of a campaign: about 5% above what they measured when they were introduced.
  pledge_eth_backer_2: 59_000,
  // Reaching the goal writes the campaign's slot 3 (when, and the planned deadline) for the first time: opening no
  // longer pays for it (opening is 49,000 cheaper; this pledge 15,000 dearer, once per successful campaign).
  pledge_eth_reach_goal: 80_000,
  pledge_eth_reach_goal_last_call: 92_000,
  pledge_eth_late_first: 65_200,
  pledge_eth_late: 65_200,
  withdraw_late_part: 51_700,
  withdraw_pledge_last_call_above_goal: 45_700,
  withdraw_pledge_last_call: 53_800,
  refund_lapsed_eth: 38_900,
  claim_eth_last_second: 57_000,
};
/** The hot paths measured against the reference escrow: at most this multiple of its same call. */
const TARGET_RATIO = 1.03;
/**
 * Where the ratio target is not met, the ceiling it is held to instead, and why. Opening emits every term for the
 * indexer and checks the last call and claim window the reference has none of.
 */
const RATIO_CEILINGS: Record<string, number> = { open_campaign: 1.05 };
const HOT_PATHS = [
  "pledge_eth_new_backer",
  "pledge_eth_again",
  "pledge_erc20_new_backer",
  "refund_eth",
  "refund_erc20",
  "claim_eth",
  "claim_erc20",
  "open_campaign",
] as const;
/** Issue 9's absolute targets of the hot paths, printed next to each ratio. */
const ABSOLUTE_TARGETS: Record<(typeof HOT_PATHS)[number], number> = {
  pledge_eth_new_backer: 54_300,
  pledge_eth_again: 36_800,
  pledge_erc20_new_backer: 73_200,
  refund_eth: 34_400,
  refund_erc20: 43_500,
  claim_eth: 57_000,
  claim_erc20: 83_000,
  open_campaign: 100_000,
};
const COMPARISONS: GasComparison[] = HOT_PATHS.map((name) => ({
  name,
  ratio: RATIO_CEILINGS[name] ?? TARGET_RATIO,
  target: ABSOLUTE_TARGETS[name],
}));
/** What each rule of the end of a campaign adds to a call: the measurement, the plain path it is compared with. */
const RULES: Array<{ name: string; plain: string; rule: string }> = [
  { name: "pledge_eth_backer_2", plain: "pledge_eth_new_backer", rule: "pledge to a milestone campaign before the weight cutoff: cutoff checked" },
  { name: "pledge_eth_reach_goal", plain: "pledge_eth_new_backer", rule: "pledge that reaches the goal: records when (GoalReached)" },
  { name: "pledge_eth_reach_goal_last_call", plain: "pledge_eth_new_backer", rule: "pledge that reaches the goal in the last call: deadline extended, planned deadline kept in a new slot (first extension only)" },
  { name: "pledge_eth_late_first", plain: "pledge_eth_backer_2", rule: "first late pledge to a milestone campaign: the weightless total shares a slot written at opening, so no new slot" },
  { name: "pledge_eth_late", plain: "pledge_eth_backer_2", rule: "late pledge to a milestone campaign: weightless part tracked" },
  { name: "withdraw_late_part", plain: "withdraw_pledge", rule: "withdrawal of a late pledge: weightless part taken out first" },
  { name: "withdraw_pledge_last_call_above_goal", plain: "withdraw_pledge", rule: "withdrawal in the last call that keeps the goal" },
  { name: "withdraw_pledge_last_call", plain: "withdraw_pledge", rule: "withdrawal in the last call below the goal: goal-lock check, and the deadline moves one last call on (DeadlineExtended)" },
  { name: "refund_lapsed_eth", plain: "refund_eth", rule: "refund of a lapsed campaign (claim window over)" },
  { name: "claim_eth_last_second", plain: "claim_eth", rule: "claim at the last second of the claim window" },
];
/** The main gas table of docs/gas.md, in this order. */
const GAS_TABLE_ROW_LIST: readonly GasRow[] = [
  { name: "register_project" },
  { name: "open_campaign" },
  { name: "open_campaign_with_milestones", remark: "(2 milestones)" },
  { name: "pledge_eth_new_backer" },
  { name: "pledge_eth_again" },
  { name: "pledge_eth_backer_2", remark: "(milestone campaign, before the weight cutoff)" },
  { name: "pledge_eth_backer_1000", remark: "(same campaign as backer 2)", budget: "within 1% of backer 2" },
  { name: "pledge_erc20_new_backer" },
  { name: "pledge_erc20_permit_new_backer", remark: "(± a few dozen: calldata cost follows the signature's bytes)" },
  { name: "withdraw_pledge" },
  { name: "claim_eth" },
  { name: "claim_erc20", remark: "(the payout's first balance of the token)" },
  { name: "refund_eth" },
  { name: "refund_erc20" },
  { name: "withdraw_fees_eth", remark: "(the ledger keeps its offset of one)" },
  { name: "submit_milestone" },
  { name: "object_milestone" },
  { name: "object_milestone_backer_1000", budget: "= `object_milestone`" },
  { name: "claim_milestone", remark: "(records the acceptance too)" },
  { name: "refund_after_rejection" },
];
/** The gas table rows, each with its ceiling from BUDGETS unless it states another. */
const GAS_TABLE_ROWS: readonly GasRow[] = GAS_TABLE_ROW_LIST.map((row) => {
  const budget = BUDGETS[row.name];
  return row.budget === undefined && budget !== undefined ? { ...row, budget: budget.toLocaleString("en-US") } : row;
});
/** Where the generated gas tables stand. */
const GAS_DOC = "docs/gas.md";
/** `UPDATE_GAS_SNAPSHOT=1` (`npm run bench:update`): record this run as the snapshot and regenerate the gas tables of docs/gas.md. */
const UPDATE_SNAPSHOT = process.env.UPDATE_GAS_SNAPSHOT === "1";
const REVIEW_WINDOW = 3n * DAY;
/** The 1000th backer (or objector) may pay at most this much more than the second, as a fraction. */
const SCALE_TOLERANCE = 0.01;

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const [deployer, maintainer, payout, feeRecipient, alice, bob, carol, dave] = await ethers.getSigners();
const ZERO = ethers.ZeroAddress;
const eth = (amount: string): bigint => ethers.parseEther(amount);

const gas: Record<string, number> = {};
async function measure(name: string, sent: Promise<ContractTransactionResponse>): Promise<void> {
  const receipt = await (await sent).wait();
  if (receipt === null || receipt.status !== 1) throw new Error(`${name}: transaction failed`);
  gas[name] = Number(receipt.gasUsed);
}

const usd = (amount: string): bigint => ethers.parseUnits(amount, 6);
const { registry, escrow, token } = await deployProtocolWithTestToken(connection, deployer, {
  roles: { owner: deployer.address, guardian: deployer.address, feeRecipient: feeRecipient.address, feeBps: 250 },
  mintTo: { accounts: [alice, bob, carol, dave].map((backer) => backer.address), amount: usd("1000000") },
});
const escrowAddress = await escrow.getAddress();

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
/** The content hash of the spec document the bench's campaigns pin (a real hash: its calldata bytes are not zero). */
const specDocumentHash = ethers.keccak256(ethers.toUtf8Bytes('{"name":"Offline mode","summary":"Work without a network"}'));

/** Campaign terms of the bench's project; last call and claim window default (2 and 90 days) unless given. */
function terms(tokenAddress: string, goal: bigint, deadline: bigint, lastCall = 0n, claimWindow = 0n) {
  return { projectId, specURI: spec, specHash: specDocumentHash, token: tokenAddress, goal, deadline, lastCall, claimWindow };
}

async function openCampaign(tokenAddress: string, goal: bigint): Promise<bigint> {
  const deadline = BigInt(await networkHelpers.time.latest()) + 30n * DAY;
  await measure("open_campaign", escrow.connect(maintainer).openCampaign(terms(tokenAddress, goal, deadline)));
  return escrow.campaignCount();
}

/** An ETH campaign released as 20% on success, then two milestones of 40%. */
async function openMilestoneCampaign(goal: bigint, measured = true): Promise<bigint> {
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
  const sent = escrow.connect(maintainer).openCampaignWithMilestones(terms(ZERO, goal, deadline), plan);
  if (measured) await measure("open_campaign_with_milestones", sent);
  else await (await sent).wait();
  return escrow.campaignCount();
}

// ETH campaign that succeeds. Only carol's pledge reaches the goal (measured on its own: it records when).
const ethWin = await openCampaign(ethers.ZeroAddress, ethers.parseEther("3"));
await (await escrow.connect(alice).pledge(ethWin, { value: ethers.parseEther("1") })).wait();
await measure("pledge_eth_new_backer", escrow.connect(bob).pledge(ethWin, { value: ethers.parseEther("1") }));
await measure("pledge_eth_again", escrow.connect(bob).pledge(ethWin, { value: ethers.parseEther("0.5") }));
await measure("withdraw_pledge", escrow.connect(bob).withdrawPledge(ethWin, ethers.parseEther("0.5")));
await measure("pledge_eth_reach_goal", escrow.connect(carol).pledge(ethWin, { value: ethers.parseEther("1") }));

// ERC-20 campaign that succeeds: approve + pledge, and permit + pledge; dave's pledge reaches the goal.
const usdWin = await openCampaign(await token.getAddress(), usd("400"));
await (await token.connect(alice).approve(escrowAddress, usd("100"))).wait();
await (await escrow.connect(alice).pledgeToken(usdWin, usd("100"))).wait();
await (await token.connect(bob).approve(escrowAddress, usd("100"))).wait();
await measure("pledge_erc20_new_backer", escrow.connect(bob).pledgeToken(usdWin, usd("100")));
const permit = await signPermit(token, carol, escrowAddress, usd("100"), BigInt(await networkHelpers.time.latest()) + DAY);
await measure(
  "pledge_erc20_permit_new_backer",
  escrow.connect(carol).pledgeWithPermit(usdWin, usd("100"), permit.deadline, permit.v, permit.r, permit.s),
);
await (await token.connect(dave).approve(escrowAddress, usd("100"))).wait();
await (await escrow.connect(dave).pledgeToken(usdWin, usd("100"))).wait();

// Campaigns that fail.
const ethLose = await openCampaign(ethers.ZeroAddress, ethers.parseEther("100"));
const usdLose = await openCampaign(await token.getAddress(), usd("100000"));
for (const backer of [alice, bob]) {
  await (await escrow.connect(backer).pledge(ethLose, { value: ethers.parseEther("1") })).wait();
  await (await token.connect(backer).approve(escrowAddress, usd("50"))).wait();
  await (await escrow.connect(backer).pledgeToken(usdLose, usd("50"))).wait();
}

// The reference escrow (contracts/test/ReferenceEscrow.sol): the same calls under the same definitions, on a project
// of its own whose payout has never held the token, as the main project's had not at its first claim.
const reference = await new ReferenceEscrow__factory(deployer).deploy(await registry.getAddress(), 250, await token.getAddress());
await reference.waitForDeployment();
const referenceAddress = await reference.getAddress();
const referencePayout = ethers.Wallet.createRandom(ethers.provider);
await networkHelpers.setBalance(referencePayout.address, ethers.toBeHex(eth("1")));
await (await registry.connect(maintainer).registerProject("ipfs://reference", "", referencePayout.address)).wait();
const referenceProject = await registry.projectCount();
let referenceCampaigns = 0n; // its ids run from 1
async function openReference(tokenAddress: string, goal: bigint): Promise<bigint> {
  const deadline = BigInt(await networkHelpers.time.latest()) + 30n * DAY;
  await measure("ref_open_campaign", reference.connect(maintainer).open(referenceProject, tokenAddress, goal, deadline, spec, specDocumentHash));
  return ++referenceCampaigns;
}
const refEthWin = await openReference(ZERO, eth("3"));
await (await reference.connect(alice).pledge(refEthWin, { value: eth("1") })).wait();
await measure("ref_pledge_eth_new_backer", reference.connect(bob).pledge(refEthWin, { value: eth("1") }));
await measure("ref_pledge_eth_again", reference.connect(bob).pledge(refEthWin, { value: eth("0.5") }));
await (await reference.connect(carol).pledge(refEthWin, { value: eth("1") })).wait();
const refUsdWin = await openReference(await token.getAddress(), usd("400"));
for (const [i, backer] of [alice, bob, carol, dave].entries()) {
  await (await token.connect(backer).approve(referenceAddress, usd("100"))).wait();
  const sent = reference.connect(backer).pledgeToken(refUsdWin, usd("100"));
  if (i === 1) await measure("ref_pledge_erc20_new_backer", sent);
  else await (await sent).wait();
}
const refEthLose = await openReference(ZERO, eth("100"));
const refUsdLose = await openReference(await token.getAddress(), usd("100000"));
for (const backer of [alice, bob]) {
  await (await reference.connect(backer).pledge(refEthLose, { value: eth("1") })).wait();
  await (await token.connect(backer).approve(referenceAddress, usd("50"))).wait();
  await (await reference.connect(backer).pledgeToken(refUsdLose, usd("50"))).wait();
}

// A milestone campaign whose first milestone is accepted.
const accepted = await openMilestoneCampaign(ethers.parseEther("2"));
await (await escrow.connect(alice).pledge(accepted, { value: ethers.parseEther("1") })).wait();
await (await escrow.connect(bob).pledge(accepted, { value: ethers.parseEther("1") })).wait();

// Scale: a milestone campaign with 1000 distinct backers. The 1000th pledge pays what the second did; later the
// 1000th objection pays what the second did. The 999th pledge reaches the goal, so the 1000th is a plain one.
const crowd = await openMilestoneCampaign(ethers.parseEther("9.99"));
const fundedBalance = ethers.toBeHex(ethers.parseEther("10"));
const crowdBackers: HDNodeWallet[] = [];
for (let i = 1; i <= BACKERS_FOR_SCALE; i++) {
  const backer = ethers.Wallet.createRandom(ethers.provider);
  crowdBackers.push(backer);
  await networkHelpers.setBalance(backer.address, fundedBalance);
  const sent = escrow.connect(backer).pledge(crowd, { value: ethers.parseEther("0.01") });
  if (i === BACKERS_FOR_SCALE) await measure(`pledge_eth_backer_${BACKERS_FOR_SCALE}`, sent);
  else if (i === 2) await measure("pledge_eth_backer_2", sent);
  else await (await sent).wait();
}

await networkHelpers.time.increase(31n * DAY);
await measure("claim_eth", escrow.connect(maintainer).claim(ethWin));
await measure("claim_erc20", escrow.connect(maintainer).claim(usdWin));

await measure("ref_claim_eth", reference.connect(maintainer).claim(refEthWin));
await measure("ref_claim_erc20", reference.connect(maintainer).claim(refUsdWin));
await measure("ref_refund_eth", reference.connect(alice).refund(refEthLose));
await measure("ref_refund_erc20", reference.connect(alice).refund(refUsdLose));

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

// ---------------------------------------------------------------- the rules of the end of a campaign, one by one
// Fresh campaigns, so that each rule's call touches what the plain path it is compared with touches, plus the rule.
const LAST_CALL = 2n * DAY; // the default
const CLAIM_WINDOW = 7n * DAY;
const start = BigInt(await networkHelpers.time.latest());
const openPlain = async (goal: bigint, deadline: bigint, claimWindow = 0n): Promise<bigint> => {
  await (await escrow.connect(maintainer).openCampaign(terms(ZERO, goal, deadline, 0n, claimWindow))).wait();
  return escrow.campaignCount();
};
const pledgeEth = async (id: bigint, who: typeof alice, amount: string) =>
  (await escrow.connect(who).pledge(id, { value: eth(amount) })).wait();
const at = (time: bigint) => networkHelpers.time.setNextBlockTimestamp(time);

const extension = await openPlain(eth("2"), start + 30n * DAY); // reaches its goal in the last call
const late = await openMilestoneCampaign(eth("100"), false); // takes pledges after the weight cutoff
const lapses = await openPlain(eth("1"), start + 10n * DAY, CLAIM_WINDOW); // nobody claims it in time
const claimedLate = await openPlain(eth("1"), start + 10n * DAY, CLAIM_WINDOW); // claimed at the window's last second
await pledgeEth(extension, alice, "1");
await pledgeEth(late, alice, "1");
await pledgeEth(lapses, bob, "0.5");
await pledgeEth(lapses, alice, "1");
await pledgeEth(claimedLate, alice, "1");

// Claim window: the last second it can be claimed, then a refund once it lapsed.
const claimable = await escrow.getCampaign(claimedLate);
await at(claimable.deadline + claimable.claimWindow);
await measure("claim_eth_last_second", escrow.connect(maintainer).claim(claimedLate));
const lapsing = await escrow.getCampaign(lapses);
await networkHelpers.time.increaseTo(lapsing.deadline + lapsing.claimWindow + 1n);
await measure("refund_lapsed_eth", escrow.connect(alice).refund(lapses));

// Weight cutoff: new backers pledge to a milestone campaign after it (outside the last call), one takes part back.
const weighted = await escrow.getCampaign(late);
await at(weighted.plannedDeadline - 2n * weighted.lastCall + HOUR);
await measure("pledge_eth_late_first", escrow.connect(bob).pledge(late, { value: eth("1") }));
await measure("pledge_eth_late", escrow.connect(carol).pledge(late, { value: eth("1") }));
await measure("withdraw_late_part", escrow.connect(bob).withdrawPledge(late, eth("0.5")));

// Last call: a new backer's pledge reaches the goal in it (the deadline moves), then withdrawals in it, one that keeps
// the goal and one that takes the total below it (allowed: the goal has not stood for a whole last call yet).
const planned = (await escrow.getCampaign(extension)).deadline;
await at(planned - LAST_CALL + HOUR);
await measure("pledge_eth_reach_goal_last_call", escrow.connect(bob).pledge(extension, { value: eth("1") }));
if ((await escrow.getCampaign(extension)).deadline === planned) throw new Error("the last-call pledge did not extend the deadline");
await pledgeEth(extension, carol, "1");
await measure("withdraw_pledge_last_call_above_goal", escrow.connect(alice).withdrawPledge(extension, eth("0.25")));
await (await escrow.connect(alice).withdrawPledge(extension, eth("0.25"))).wait();
await measure("withdraw_pledge_last_call", escrow.connect(carol).withdrawPledge(extension, eth("0.75")));
if ((await escrow.getCampaign(extension)).pledged >= eth("2")) throw new Error("the last-call withdrawal did not go below the goal");

await mkdir("reports", { recursive: true });
const ordered = Object.fromEntries(Object.entries(gas).sort(([a], [b]) => a.localeCompare(b)));
await writeFile("reports/gas.json", `${JSON.stringify(ordered, null, 2)}\n`);

const width = Math.max(...Object.keys(ordered).map((name) => name.length));
const comparedWith = new Map(RULES.map((rule) => [rule.name, rule.plain]));
const signed = (value: number) => (value >= 0 ? `+${value}` : String(value));
console.log("| operation | gas | budget | vs plain path |\n| --- | ---: | ---: | --- |");
for (const [name, used] of Object.entries(ordered)) {
  const plain = comparedWith.get(name);
  const delta = plain === undefined ? "" : `${signed(used - (gas[plain] ?? 0))} vs ${plain}`;
  console.log(`| ${name.padEnd(width)} | ${used} | ${BUDGETS[name] ?? ""} | ${delta} |`);
}
console.log("\nWhat each rule of the end of a campaign costs per call (gas, against the plain path):");
for (const { name, plain, rule } of RULES) {
  const used = gas[name] ?? 0;
  const base = gas[plain] ?? 0;
  console.log(`  ${signed(used - base).padStart(7)}  ${rule}: ${name} ${used} vs ${plain} ${base}`);
}
console.log("\nwritten: reports/gas.json");

// Every hot path against the reference escrow's same call, measured in this run.
console.log("\nHot paths against the reference escrow (the least an escrow can do plus OpenPledge's guarantees):");
console.log("| operation | OpenPledge | reference | ratio | ceiling | issue 9 target |\n| --- | ---: | ---: | ---: | ---: | ---: |");
const overRatio: string[] = [];
for (const { name, ratio: ceiling, target } of COMPARISONS) {
  const used = gas[name] ?? Infinity;
  const floor = gas[`ref_${name}`] ?? 0;
  const ratio = used / floor;
  console.log(`| ${name} | ${used} | ${floor} | ${ratio.toFixed(3)}x | ${ceiling}x | ${target} |`);
  if (!(ratio <= ceiling)) overRatio.push(`${name}: ${ratio.toFixed(3)}x the reference escrow's ${floor}, ceiling ${ceiling}x`);
}
for (const problem of overRatio) console.error(`OVER RATIO: ${problem}`);

const overBudget = Object.entries(BUDGETS).filter(([name, budget]) => (gas[name] ?? Infinity) > budget);
for (const [name, budget] of overBudget) console.error(`OVER BUDGET: ${name} used ${gas[name]} > ${budget}`);
// Backers 2 and 1000 of the same milestone campaign (a milestone campaign checks the weight cutoff on every pledge,
// so it is compared with itself, not with the plain campaign's second backer).
const scaleChecks: Array<[string, string]> = [
  ["pledge_eth_backer_2", `pledge_eth_backer_${BACKERS_FOR_SCALE}`],
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
const readmeRules = RULES.map((rule) => ({ ...rule, budget: BUDGETS[rule.name] }));
let snapshotOk = true;
if (UPDATE_SNAPSHOT) {
  await mkdir("snapshots", { recursive: true });
  await writeGasSnapshot(ordered);
  await writeGasTablesToDocument(renderGasTables(ordered, GAS_TABLE_ROWS, readmeRules, COMPARISONS), GAS_DOC);
  console.log(`recorded this run in snapshots/gas.json and regenerated the gas tables of ${GAS_DOC} from it`);
} else {
  const snapshot = await readGasSnapshot();
  if (snapshot === null) {
    snapshotOk = false;
    console.error("GAS SNAPSHOT: snapshots/gas.json is missing: run npm run bench:update and commit it");
  } else {
    const drift = gasSnapshotDrift(ordered, snapshot);
    for (const problem of drift) console.error(`GAS DRIFT: ${problem}`);
    if (drift.length > 0) console.error("a figure moved by more than 0.5%: if on purpose, run npm run bench:update and commit the snapshot with the change");
    const readmeOk = await documentHasGasTables(renderGasTables(snapshot, GAS_TABLE_ROWS, readmeRules, COMPARISONS), GAS_DOC);
    if (!readmeOk) console.error(`${GAS_DOC}: the gas tables are not what snapshots/gas.json renders to: run npm run bench:update`);
    snapshotOk = drift.length === 0 && readmeOk;
  }
}
if (overBudget.length > 0 || overRatio.length > 0 || !scaleOk || !snapshotOk) process.exitCode = 1;
else console.log(`all ${Object.keys(BUDGETS).length} budgets and ${COMPARISONS.length} ratios to the reference escrow hold; backer ${BACKERS_FOR_SCALE} pays what backer 2 pays to pledge and object; every figure is within 0.5% of snapshots/gas.json`);
