import { expect } from "chai";

import { spawnSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { formatAmountAbout, formatDate, specHashOf } from "../client/node.js";
import { negativeArgumentHint } from "../tasks/argv.js";
import { openPledgeTasks } from "../tasks/index.js";
import { runTask, runTaskJson } from "./helpers/capture.js";
import { DAY, ETH, ethers, loadWorld, networkHelpers, now, SPEC, type World } from "./helpers/fixture.js";

const { time } = networkHelpers;

/** The account index of an address, as `--from` takes it. */
async function indexOf(address: string): Promise<string> {
  const index = (await ethers.getSigners()).findIndex((signer) => signer.address === address);
  if (index < 0) throw new Error(`${address} is not one of the accounts`);
  return String(index);
}

interface Opened {
  campaignId: string;
  deadline: string;
  lastCall: string;
  claimWindow: string;
}

interface Campaign {
  id: string;
  state: string;
  pledged: string;
  goal: string;
  deadline: string;
  token: { symbol: string };
}

/** Opens a campaign of project 1 through the task, as the maintainer; ETH, goal 1, 5 days and a 1-day last call unless given. */
async function openByTask(world: World, options: Record<string, string> = {}): Promise<{ id: string; deadline: bigint }> {
  const opened = await runTaskJson<Opened>(["campaign", "open"], {
    from: await indexOf(world.maintainer.address),
    project: "1",
    spec: SPEC,
    token: "ETH",
    goal: "1",
    days: "5",
    lastCall: "1d",
    ...options,
  });
  return { id: opened.campaignId, deadline: BigInt(opened.deadline) };
}

/** Pledges through the task and returns what it printed. */
async function pledgeByTask(id: string, backer: { address: string }, amount: string) {
  return runTask(["campaign", "pledge"], { id, amount, from: await indexOf(backer.address), allowance: "auto" });
}

/** The value printed next to `label` by a "label  value" listing. */
function field(stdout: string, label: string): string | undefined {
  const line = stdout.split("\n").find((candidate) => candidate.startsWith(`${label}  `));
  return line?.slice(label.length).trim();
}

describe("tasks (in-process)", () => {
  describe("project", () => {
    it("registers a project owned by --from, paying out to another account", async () => {
      await loadWorld();
      const registered = await runTaskJson<{ projectId: string }>(["project", "register"], { metadata: "ipfs://cli", repository: "https://git.example/cli", payout: "5", from: "6" });
      expect(registered.projectId).to.equal("2");
    });

    it("shows a project as JSON, with whether --from maintains it", async () => {
      await loadWorld();
      await runTaskJson(["project", "register"], { metadata: "ipfs://cli", payout: "5", from: "6" });
      const signers = await ethers.getSigners();
      const shown = await runTaskJson<{ owner: string; payout: string; youMaintain: boolean }>(["project", "show"], { id: "2", from: "6" });
      expect([shown.owner, shown.payout, shown.youMaintain]).to.deep.equal([signers[6]?.address, signers[5]?.address, true]);
    });

    it("shows a project for people", async () => {
      await loadWorld();
      await runTaskJson(["project", "register"], { metadata: "ipfs://cli-project", payout: "5", from: "6" });
      expect((await runTask(["project", "show"], { id: "2" })).stdout).to.match(/metadata\s+ipfs:\/\/cli-project/);
    });

    it("lists every project across pages", async () => {
      await loadWorld();
      await runTaskJson(["project", "register"], { metadata: "ipfs://cli", payout: "5", from: "6" });
      const listed = await runTaskJson<Array<{ id: string }>>(["project", "list"], { pageSize: "3" });
      expect(listed.map((project) => project.id)).to.deep.equal(["1", "2"]);
    });

    it("adds a maintainer", async () => {
      const world = await loadWorld();
      await runTaskJson(["project", "add-maintainer"], { id: "1", account: world.alice.address, from: await indexOf(world.maintainer.address) });
      expect(await world.registry.isMaintainer(1n, world.alice.address)).to.equal(true);
    });

    it("removes a maintainer", async () => {
      const world = await loadWorld();
      const owner = await indexOf(world.maintainer.address);
      await runTaskJson(["project", "add-maintainer"], { id: "1", account: world.alice.address, from: owner });
      await runTaskJson(["project", "remove-maintainer"], { id: "1", account: world.alice.address, from: owner });
      expect(await world.registry.isMaintainer(1n, world.alice.address)).to.equal(false);
    });

    it("sets the payout address", async () => {
      const world = await loadWorld();
      await runTaskJson(["project", "set-payout"], { id: "1", payout: "7", from: await indexOf(world.maintainer.address) });
      expect(await world.registry.payoutOf(1n)).to.equal((await ethers.getSigners())[7]?.address);
    });
  });

  describe("campaign open", () => {
    it("shows the escrow's defaults for the last call and the claim window", async () => {
      const world = await loadWorld();
      const run = await runTask(["campaign", "open"], { from: await indexOf(world.maintainer.address), project: "1", spec: SPEC, goal: "1.5", days: "7" });
      expect(field(run.stdout, "last call")).to.match(/^2 days \(the escrow's default; 1 day to 7 days with --last-call\), from /);
      expect(field(run.stdout, "claim window")).to.match(/^90 days after the deadline \(the escrow's default; 7 days to 180 days with --claim-days\)/);
    });

    it("prints the planned and latest deadlines as dates", async () => {
      const world = await loadWorld();
      const run = await runTask(["campaign", "open"], { from: await indexOf(world.maintainer.address), project: "1", spec: SPEC, goal: "1", days: "7", lastCall: "36h" });
      const deadline = BigInt(await world.escrow.getCampaign(1n).then((campaign) => campaign.plannedDeadline));
      expect([field(run.stdout, "planned deadline"), field(run.stdout, "latest deadline")]).to.deep.equal([formatDate(deadline), formatDate(deadline + 3n * DAY)]);
    });

    it("records --last-call in hours and --claim-days", async () => {
      const world = await loadWorld();
      const opened = await runTaskJson<Opened>(["campaign", "open"], { from: await indexOf(world.maintainer.address), project: "1", spec: SPEC, goal: "1", lastCall: "36h", claimDays: "30" });
      expect([opened.lastCall, opened.claimWindow]).to.deep.equal([String(36n * 3_600n), String(30n * DAY)]);
    });

    it("refuses a campaign shorter than two last calls, in dates", async () => {
      const world = await loadWorld();
      const run = await runTask(["campaign", "open"], { from: await indexOf(world.maintainer.address), project: "1", spec: SPEC, goal: "1", days: "3" });
      expect(run.stderr).to.match(/^Error: InvalidDeadline: the deadline \w{3} .+ is too early: a campaign runs at least two last calls, so its deadline can be \w{3} .+ at the earliest \(a transaction is mined a few seconds after it is sent: with --days, add a day\); choose a later deadline, or a shorter last call if yours is longer than the 1 day minimum$/);
    });

    it("refuses a first milestone due within a review window of the latest deadline, saying how much later it must be", async () => {
      const world = await loadWorld();
      const run = await runTask(["campaign", "open"], { from: await indexOf(world.maintainer.address), project: "1", spec: SPEC, goal: "1", days: "5", milestones: "60:7,40:20" });
      expect(run.stderr).to.match(/^Error: the first milestone falls due .+, but it must fall due more than one review window after .+, the latest the deadline can move to \(two last calls after it\): give it more than 7 days after the deadline$/);
    });

    it("refuses --claim-days on a campaign with milestones, which has no claim window", async () => {
      const world = await loadWorld();
      const run = await runTask(["campaign", "open"], { from: await indexOf(world.maintainer.address), project: "1", spec: SPEC, goal: "1", days: "5", milestones: "100:10", claimDays: "30" });
      expect(run.stderr).to.equal(
        "Error: --claim-days is for campaigns without milestones: with --milestones, the due dates bound every wait and released shares stay claimable; leave --claim-days out",
      );
    });
  });

  describe("campaign pledge", () => {
    it("pledges an amount given in the token's units", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world);
      const pledged = await runTaskJson<{ amount: string }>(["campaign", "pledge"], { id, amount: "2", from: await indexOf(world.alice.address), allowance: "auto" });
      expect(pledged.amount).to.equal(ethers.parseEther("2").toString());
    });

    it("warns on one line that a late pledge to a milestone campaign carries no objection weight", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world, { goal: "10", milestones: "100:10" });
      await time.setNextBlockTimestamp(deadline - 2n * DAY + 1n);
      const run = await pledgeByTask(id, world.alice, "1");
      expect(run.stderr).to.equal(
        `Warning: pledges after ${formatDate(deadline - 2n * DAY)} carry no objection weight: this one counts toward the goal but gives you no say in milestone reviews`,
      );
    });

    it("warns on one line that a pledge reaching the goal in the last call moves the deadline", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      await time.setNextBlockTimestamp(deadline - 60n);
      const run = await pledgeByTask(id, world.alice, "1");
      expect(run.stderr).to.equal(
        `Warning: this pledge reached the goal in the last call: the deadline moves to ${formatDate(deadline - 60n + DAY)}, so every other backer keeps a whole last call to withdraw`,
      );
    });

    it("prints no warning for a pledge before the last call", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world);
      expect((await pledgeByTask(id, world.alice, "1")).stderr).to.equal("");
    });

    it("says when a pledge reached the goal", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world);
      expect((await pledgeByTask(id, world.alice, "1")).stdout).to.match(/^Pledged 1 ETH to campaign 1; the total reached the goal \(tx 0x[0-9a-f]{64}\)$/);
    });

    it("pledges an ERC-20 by permit", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world, { token: world.tokenAddress, goal: "1000" });
      const pledged = await runTaskJson<{ allowance: string; amount: string }>(["campaign", "pledge"], { id, amount: "250.5", from: await indexOf(world.alice.address), allowance: "permit" });
      expect([pledged.allowance, pledged.amount]).to.deep.equal(["permit", "250500000"]);
    });
  });

  describe("campaign withdraw, cancel, claim, refund", () => {
    it("withdraws part of a pledge", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world, { goal: "5" });
      await pledgeByTask(id, world.alice, "2");
      await runTaskJson(["campaign", "withdraw"], { id, amount: "0.5", from: await indexOf(world.alice.address) });
      expect(await world.escrow.pledgeOf(BigInt(id), world.alice.address)).to.equal(ethers.parseEther("1.5"));
    });

    it("says what was withdrawn in the token's units", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world, { goal: "5" });
      await pledgeByTask(id, world.alice, "2");
      const run = await runTask(["campaign", "withdraw"], { id, amount: "0.5", from: await indexOf(world.alice.address) });
      expect(run.stdout).to.match(/^Withdrew 0\.5 ETH from campaign 1 \(tx 0x[0-9a-f]{64}\)$/);
    });

    it("warns on one line that a withdrawal below the goal in the last call moves the deadline", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      await time.setNextBlockTimestamp(deadline - 600n);
      await pledgeByTask(id, world.alice, "1");
      await time.setNextBlockTimestamp(deadline - 500n);
      const run = await runTask(["campaign", "withdraw"], { id, amount: "0.5", from: await indexOf(world.alice.address) });
      expect(run.stderr).to.equal(
        `Warning: this withdrawal took the total below the goal in the last call: the deadline moves to ${formatDate(deadline - 500n + DAY)}, so whoever fills the gap gets a whole last call`,
      );
    });

    it("tells a withdrawal refused by a locked goal in the token's units, with the date of success", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      await pledgeByTask(id, world.alice, "1");
      await pledgeByTask(id, world.bob, "0.25");
      await time.increaseTo(deadline - DAY + 10n);
      const run = await runTask(["campaign", "withdraw"], { id, amount: "1", from: await indexOf(world.alice.address) });
      expect(run.stderr).to.equal(
        `Error: GoalLocked: the goal has stood for more than a whole last call: you can withdraw at most 0.25 ETH now, not 1 ETH; the campaign succeeds at ${formatDate(deadline + 1n)}`,
      );
    });

    it("claims a succeeded campaign, the fee set aside", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world, { goal: "1.5" });
      await pledgeByTask(id, world.alice, "1.5");
      await time.increaseTo(deadline + 1n);
      const claimed = await runTask(["campaign", "claim"], { id, from: await indexOf(world.maintainer.address) });
      expect(claimed.stdout).to.match(/^Claimed 1\.4625 ETH to 0x[0-9a-fA-F]{40} \(fee 0\.0375 ETH\)/);
    });

    it("cancels, after which a backer refunds an ERC-20 pledge", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world, { token: world.tokenAddress, goal: "1000" });
      await pledgeByTask(id, world.alice, "250.5");
      await runTaskJson(["campaign", "cancel"], { id, from: await indexOf(world.maintainer.address) });
      const before = await world.token.balanceOf(world.alice.address);
      await runTaskJson(["campaign", "refund"], { id, from: await indexOf(world.alice.address) });
      expect(await world.token.balanceOf(world.alice.address)).to.equal(before + 250_500_000n);
    });
  });

  describe("campaign show", () => {
    it("shows the campaign as JSON, with your pledge", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world, { goal: "1.5" });
      await pledgeByTask(id, world.alice, "1.5");
      const shown = await runTaskJson<{ campaign: Campaign; yourPledge: string }>(["campaign", "show"], { id, from: await indexOf(world.alice.address) });
      expect([shown.campaign.state, shown.campaign.pledged, shown.yourPledge]).to.deep.equal(["Funding", ethers.parseEther("1.5").toString(), ethers.parseEther("1.5").toString()]);
    });

    it("shows amounts in the token's units and the fee in percent", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world, { goal: "1.5" });
      await pledgeByTask(id, world.alice, "1.5");
      const { stdout } = await runTask(["campaign", "show"], { id });
      expect([field(stdout, "pledged"), field(stdout, "fee")]).to.deep.equal(["1.5 ETH (100%)", "2.5% of what is claimed"]);
    });

    it("shows the planned deadline, the deadline as planned, and the last call's start", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      const { stdout } = await runTask(["campaign", "show"], { id });
      expect([field(stdout, "planned deadline"), field(stdout, "deadline"), field(stdout, "last call")]).to.deep.equal([
        formatDate(deadline),
        `${formatDate(deadline)} (as planned)`,
        `the last 1 day, from ${formatDate(deadline - DAY + 1n)}`,
      ]);
    });

    it("shows a deadline extended by a pledge in the last call, and by how much", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      await time.setNextBlockTimestamp(deadline - 3_600n);
      await pledgeByTask(id, world.alice, "1");
      const { stdout } = await runTask(["campaign", "show"], { id });
      expect(field(stdout, "deadline")).to.equal(`${formatDate(deadline + DAY - 3_600n)} (extended by 23 hours: the total reached or fell below the goal in the last call)`);
    });

    it("shows the weight cutoff of a milestone campaign", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world, { milestones: "100:10" });
      const { stdout } = await runTask(["campaign", "show"], { id });
      expect(field(stdout, "weight cutoff")).to.equal(`pledges after ${formatDate(deadline - 2n * DAY)} carry no objection weight`);
    });

    it("shows since when the goal is locked", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      await pledgeByTask(id, world.alice, "1");
      await time.increaseTo(deadline - 100n);
      const { stdout } = await runTask(["campaign", "show"], { id });
      expect(field(stdout, "goal locked")).to.equal(`withdrawals that take the total below the goal are refused since ${formatDate(deadline - DAY + 1n)}`);
    });

    it("shows the latest possible deadline while funding", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      const { stdout } = await runTask(["campaign", "show"], { id });
      expect(field(stdout, "latest deadline")).to.equal(`${formatDate(deadline + 2n * DAY)} (a pledge may reach the goal until ${formatDate(deadline + DAY)})`);
    });

    it("shows when a succeeded campaign must be claimed by", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world, { claimDays: "10" });
      await pledgeByTask(id, world.alice, "1");
      await time.increaseTo(deadline + 1n);
      const { stdout } = await runTask(["campaign", "show"], { id });
      expect(field(stdout, "claim by")).to.equal(`${formatDate(deadline + 10n * DAY)}, or backers can take their pledges back`);
    });

    it("shows a lapsed campaign and what its backers can do", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world, { claimDays: "7" });
      await pledgeByTask(id, world.alice, "1");
      await time.increaseTo(deadline + 7n * DAY + 1n);
      const { stdout } = await runTask(["campaign", "show"], { id });
      expect([field(stdout, "state"), field(stdout, "lapsed")]).to.deep.equal([
        "Lapsed: it succeeded but was not claimed in time",
        `not claimed by ${formatDate(deadline + 7n * DAY)}: every backer can take their whole pledge back (campaign refund ${id})`,
      ]);
    });

    it("shows the spec URI read from the opening event, checked against the escrow's commitment, and whether a document is pinned", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world);
      expect(field((await runTask(["campaign", "show"], { id })).stdout, "spec")).to.equal(`${SPEC} (no document pinned: what this link shows can change)`);
      const shown = await runTaskJson<{ campaign: { spec: { status: string; uri: string } } }>(["campaign", "show"], { id });
      expect([shown.campaign.spec.status, shown.campaign.spec.uri]).to.deep.equal(["verified", SPEC]);
    });

    it("says in words why a pledge to a campaign past its deadline is refused, and what to do", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      await time.increaseTo(deadline + 1n);
      const run = await pledgeByTask(id, world.alice, "1");
      expect(run.stderr).to.equal(
        `Error: UnexpectedState: campaign ${id} is Failed; pledges are only accepted while it is Funding. It missed its goal at its deadline (${formatDate(deadline)}); backers take their pledges back with a refund.`,
      );
    });

    it("never prints unix seconds, wei or basis points", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world, { milestones: "100:10" });
      await pledgeByTask(id, world.alice, "1");
      const { stdout } = await runTask(["campaign", "show"], { id });
      expect(stdout).to.not.include(String(deadline));
      expect(stdout).to.not.match(/\d{10,}|bps/);
    });
  });

  describe("campaign list, backers, history", () => {
    it("lists campaigns with their goal, deadline date and state", async () => {
      const world = await loadWorld();
      const { deadline } = await openByTask(world, { goal: "1.5" });
      const listed = await runTask(["campaign", "list"], { project: "1", pageSize: "" });
      expect(listed.stdout.split("\n")[2]).to.equal(`1   1        1.5 ETH  ${formatDate(deadline)}  Funding  ${SPEC}`);
    });

    it("lists backers with their standing", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world, { goal: "5" });
      await pledgeByTask(id, world.alice, "2");
      await runTaskJson(["campaign", "withdraw"], { id, amount: "0.5", from: await indexOf(world.alice.address) });
      const backers = await runTaskJson<{ backers: unknown[] }>(["campaign", "backers"], { id, pageSize: "2" });
      expect(backers.backers).to.deep.equal([
        { backer: world.alice.address, pledged: ethers.parseEther("1.5").toString(), contributed: ethers.parseEther("2").toString(), refunded: "0" },
      ]);
    });

    it("shows each backer's objection weight in a milestone campaign", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world, { goal: "10", milestones: "100:10" });
      await pledgeByTask(id, world.alice, "2");
      await time.setNextBlockTimestamp(deadline - 2n * DAY + 1n);
      await pledgeByTask(id, world.bob, "3");
      const { stdout } = await runTask(["campaign", "backers"], { id, pageSize: "" });
      expect(stdout.split("\n").map((line) => line.split(/\s{2,}/).slice(1))).to.deep.equal([
        ["pledged", "contributed", "refunded", "objection weight"],
        ["-------", "-----------", "--------", "----------------"],
        ["2 ETH", "2 ETH", "0 ETH", "2 ETH"],
        ["3 ETH", "3 ETH", "0 ETH", "0 ETH"],
      ]);
    });

    it("lists a campaign's events as JSON", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world, { goal: "5" });
      await pledgeByTask(id, world.alice, "2");
      const history = await runTaskJson<Array<{ name: string }>>(["campaign", "history"], { id, pageSize: "" });
      expect(history.map((event) => event.name)).to.deep.equal(["CampaignOpened", "Pledged"]);
    });

    it("tells each pledge and withdrawal with the backer's pledge and the total after it, summed from the events", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world, { goal: "5" });
      await pledgeByTask(id, world.alice, "2");
      await pledgeByTask(id, world.bob, "1");
      await runTaskJson(["campaign", "withdraw"], { id, amount: "0.5", from: await indexOf(world.alice.address) });
      const { stdout } = await runTask(["campaign", "history"], { id, pageSize: "" });
      expect(stdout).to.include(`Pledged          ${world.alice.address} pledged 2 ETH (their pledge 2 ETH, total 2 ETH)`);
      expect(stdout).to.include(`Pledged          ${world.bob.address} pledged 1 ETH (their pledge 1 ETH, total 3 ETH)`);
      expect(stdout).to.include(`PledgeWithdrawn  ${world.alice.address} withdrew 0.5 ETH (their pledge 1.5 ETH, total 2.5 ETH)`);
    });

    it("tells the goal reached and the deadline extended in words", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      await time.setNextBlockTimestamp(deadline - 3_600n);
      await pledgeByTask(id, world.alice, "1");
      const { stdout } = await runTask(["campaign", "history"], { id, pageSize: "" });
      const moved = deadline - 3_600n + DAY;
      expect(stdout).to.include(
        `DeadlineExtended  the total reached or fell below the goal in the last call, so the deadline moved from ${formatDate(deadline)} to ${formatDate(moved)} (23 hours later): every other backer keeps a whole last call to react`,
      );
      expect(stdout).to.include(`GoalReached       the total reached the goal; the deadline is ${formatDate(moved)}`);
    });
  });

  describe("refund bonus", () => {
    /** Deposits into a campaign's bonus through the task and returns what it printed. */
    async function bonusByTask(id: string, depositor: { address: string }, amount: string) {
      return runTask(["campaign", "bonus"], { id, amount, from: await indexOf(depositor.address) });
    }

    /** The time of the latest block. */
    const latest = () => now();

    it("deposits ETH, saying before that it is final until the campaign is decided, that a cancel stops the credit, and that maintainers may earn a share", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world);
      const run = await bonusByTask(id, world.carol, "0.05");
      const lines = run.stdout.split("\n");
      expect(lines.slice(0, 4)).to.deep.equal([
        `Note: a bonus deposit is final until campaign ${id} is decided: if it succeeds and is claimed, you reclaim all of it (campaign reclaim-bonus ${id});`,
        "  if it fails, or nobody claims it in time, each backer's refund takes their share and you reclaim what is left;",
        "  a cancel stops the credit: each backer's refund takes the share its pledge earned until then, at the campaign's rate, and you reclaim the rest;",
        "  any backer earns a share, the project's maintainers included, at the same rate",
      ]);
      expect(lines).to.have.length(5);
      expect(lines[4]).to.match(/^Deposited 0\.05 ETH into the refund bonus of campaign 1: it now holds 0\.05 ETH \(5% of the goal; at most 0\.1 ETH\) \(tx 0x[0-9a-f]{64}\)$/);
      expect(run.stderr).to.equal("");
    });

    it("tells a maintainer depositing what a cancel would do: all back to the depositors while nobody pledged, else the credit earned to the backers", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world);
      const first = await bonusByTask(id, world.maintainer, "0.05");
      expect(first.stdout).to.include(
        `  you maintain this project: cancelling campaign ${id} stops the credit; nobody has pledged yet, so a cancel now would give every depositor all of their deposit back\nDeposited`,
      );
      expect(first.stdout).to.not.include("pays this bonus to its backers");
      await pledgeByTask(id, world.alice, "0.2");
      const second = await bonusByTask(id, world.maintainer, "0.01");
      expect(second.stdout).to.include(
        `  you maintain this project: cancelling campaign ${id} stops the credit: its backers' refunds take the share their pledges earned until then, at the campaign's rate, and the depositors reclaim the rest\nDeposited`,
      );
    });

    it("validates the amount before any note: a zero, a first deposit below the minimum or one above the cap gets its refusal alone", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world);
      const zero = await bonusByTask(id, world.carol, "0");
      expect([zero.stdout, zero.failed]).to.deep.equal(["", true]);
      expect(zero.stderr).to.match(/^Error: .*more than zero/);
      const small = await bonusByTask(id, world.carol, "0.001");
      expect([small.stdout, small.stderr.startsWith("Error: BonusTooSmall: ")]).to.deep.equal(["", true]);
      await bonusByTask(id, world.carol, "0.05");
      const large = await bonusByTask(id, world.carol, "0.06");
      expect([large.stdout, large.stderr.startsWith("Error: BonusTooLarge: ")]).to.deep.equal(["", true]);
      expect((await bonusByTask(id, world.carol, "0.05")).stdout).to.match(/^Note: a bonus deposit is final/);
    });

    it("deposits an ERC-20 after an approval, as JSON", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world, { token: world.tokenAddress, goal: "1000" });
      const deposited = await runTaskJson<{ allowance: string; amount: string; pot: string }>(["campaign", "bonus"], { id, amount: "25.5", from: await indexOf(world.alice.address) });
      expect([deposited.allowance, deposited.amount, deposited.pot]).to.deep.equal(["approved", "25500000", "25500000"]);
    });

    it("refuses a deposit above the cap in the token's units and percent, saying how much still fits", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world, { token: world.tokenAddress, goal: "1000" });
      await bonusByTask(id, world.alice, "70");
      const run = await bonusByTask(id, world.bob, "40");
      expect(run.stderr).to.equal(
        `Error: BonusTooLarge: campaign ${id}'s refund bonus may hold at most 100 PUSD (10% of its goal), and this deposit would take it to 110 PUSD: deposit at most 30 PUSD`,
      );
      expect(run.failed).to.equal(true);
    });

    it("refuses a deposit after the deadline in words, as dates", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      await time.increaseTo(deadline + 1n);
      const run = await bonusByTask(id, world.carol, "0.01");
      expect(run.stderr).to.equal(
        `Error: UnexpectedState: campaign ${id} is Failed; a refund bonus can only be deposited while it is Funding. Its funding ended at its deadline (${formatDate(deadline)}): a bonus only counts while backers can still pledge; deposit into a campaign that is still funding instead (campaign list shows them).`,
      );
    });

    it("prints the quote for the amount before pledging, and the disclosure of a success", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world);
      await bonusByTask(id, world.carol, "0.1");
      // The quote is read at the deposit's block: held from then to the deadline, 10% of the pledge.
      const run = await pledgeByTask(id, world.alice, "0.5");
      const lines = run.stdout.split("\n");
      expect(lines[0]).to.equal(
        "Refund bonus of 0.1 ETH (10% of the goal): if this campaign fails you get your 0.5 ETH back plus about 0.05 ETH, at its deadline; less if it is cancelled sooner, and a withdrawal restarts the credit of what is left.",
      );
      expect(lines[1]).to.equal(
        "Note: the bonus is paid only if the campaign fails, is cancelled or is not claimed in time: if it succeeds, this pledge is paid out to the project like any other, and in the last call the goal can lock it in (a withdrawal that takes the total below the goal is then refused).",
      );
      expect(lines[2]).to.match(/^Pledged 0\.5 ETH to campaign 1 \(tx 0x[0-9a-f]{64}\)$/);
      expect(lines).to.have.length(3);
    });

    it("quotes a second pledge on the backer's whole pledge, and says its quote in JSON", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world);
      await bonusByTask(id, world.carol, "0.1");
      await pledgeByTask(id, world.alice, "0.2");
      const second = await pledgeByTask(id, world.alice, "0.3");
      expect(second.stdout.split("\n")[0]).to.match(/^Refund bonus of 0\.1 ETH \(10% of the goal\): if this campaign fails you get your 0\.5 ETH back plus about 0\.04999 ETH \(your pledge with this one: 0\.2 ETH already in\), at its deadline/);
      const bonus = await world.escrow.getBonus(BigInt(id), world.bob.address, ethers.parseEther("0.1"));
      const json = await runTaskJson<{ bonusQuote: string }>(["campaign", "pledge"], { id, amount: "0.1", from: await indexOf(world.bob.address), allowance: "auto" });
      expect(json.bonusQuote).to.equal(bonus.quote.toString());
    });

    it("discloses to a maintainer who deposited that part of their refund's bonus is their own deposit, never more of it than they put in", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world);
      await bonusByTask(id, world.maintainer, "0.1");
      const run = await pledgeByTask(id, world.maintainer, "0.5");
      const others = "a share of anyone else's deposit, a sponsor's included, you earn at the same rate as any backer (sponsors are told so when they deposit)";
      expect(run.stdout.split("\n")[2]).to.equal(
        `Note: you maintain this project and deposited 0.1 ETH into its bonus: if you pledge into it and it fails, part of the bonus your refund carries is your own deposit coming back, and with what you reclaim you never get more of your deposit back than you put in; ${others}.`,
      );
      const shown = await runTask(["campaign", "show"], { id, from: await indexOf(world.maintainer.address) });
      expect(field(shown.stdout, "self-dealing")).to.equal(
        `you maintain this project and deposited 0.1 ETH into its bonus: if you pledge into it and it fails, part of the bonus your refund carries is your own deposit coming back, and with what you reclaim you never get more of your deposit back than you put in; ${others}`,
      );
      expect(field((await runTask(["campaign", "show"], { id, from: await indexOf(world.alice.address) })).stdout, "self-dealing")).to.equal(undefined);
    });

    it("tells a maintainer who deposited nothing that their pledge earns a sponsor's bonus like any backer's, never that they get no more than they put in", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world);
      await bonusByTask(id, world.carol, "0.1");
      const run = await pledgeByTask(id, world.maintainer, "0.5");
      const said =
        "you maintain this project: if you pledge into it and it fails, your pledge earns a share of the bonus like any backer's: a share of anyone else's deposit, a sponsor's included, you earn at the same rate as any backer (sponsors are told so when they deposit)";
      expect(run.stdout.split("\n")[2]).to.equal(`Note: ${said}.`);
      expect(run.stdout).to.not.include("more than you put in");
      const shown = await runTask(["campaign", "show"], { id, from: await indexOf(world.maintainer.address) });
      expect(field(shown.stdout, "self-dealing")).to.equal(said);
    });

    it("says of a pledge that takes the total to the goal that the campaign can then fail only if backers withdraw, the figure capped at the whole bonus", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world);
      await bonusByTask(id, world.carol, "0.1");
      const below = await pledgeByTask(id, world.bob, "0.4");
      // Below the goal, the quote stays a plain figure.
      expect(below.stdout.split("\n")[0]).to.match(/^Refund bonus of 0\.1 ETH \(10% of the goal\): if this campaign fails you get your 0\.4 ETH back plus about /);
      const quote = (await world.escrow.getBonus(BigInt(id), world.alice.address, ethers.parseEther("0.6"))).quote;
      const run = await pledgeByTask(id, world.alice, "0.6");
      expect(run.stdout.split("\n")[0]).to.equal(
        "Refund bonus of 0.1 ETH (10% of the goal): this pledge takes the total to the goal (1 ETH of 1 ETH), so the campaign can then fail only if backers withdraw below the goal; a success pays no bonus to backers. " +
          `Only if it fails you get your 0.6 ETH back plus about ${formatAmountAbout(quote, 18)} ETH (capped at the whole bonus), at its deadline; less if it is cancelled sooner, and a withdrawal restarts the credit of what is left.`,
      );
      const more = await pledgeByTask(id, world.carol, "0.1");
      expect(more.stdout.split("\n")[0]).to.match(/^Refund bonus of 0\.1 ETH \(10% of the goal\): the total is already at the goal \(1 ETH of 1 ETH\), so the campaign can then fail only if backers withdraw below the goal/);
    });

    it("shows the bonus plainly: pot and share of the goal, where it goes, the backer's quote, credit since as a date, the depositors", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      await bonusByTask(id, world.carol, "0.1");
      const started = await latest();
      await pledgeByTask(id, world.alice, "0.5");
      const since = await latest();
      const { stdout } = await runTask(["campaign", "show"], { id, from: await indexOf(world.alice.address) });
      expect(field(stdout, "refund bonus")).to.equal("0.1 ETH (10% of the goal; it may hold at most 0.1 ETH, 10% of the goal)");
      expect(field(stdout, "bonus goes")).to.equal(
        "to the backers if the campaign fails, is cancelled, or succeeds but nobody claims it within its claim window (each refund adds the share the backer's pledge earned; the depositors reclaim the rest); back to its depositors if it succeeds and is claimed",
      );
      expect(field(stdout, "bonus credit")).to.equal(
        `runs from the first deposit (${formatDate(started)}) to the deadline (${formatDate(deadline)}): a pledge held all that time earns 10% of itself if the campaign fails, a later one less; a withdrawal restarts the credit of what is left`,
      );
      expect(field(stdout, "your bonus")).to.equal("if this campaign fails you get your 0.5 ETH back plus about 0.04999 ETH (at its deadline; less if it is cancelled sooner)");
      expect(field(stdout, "your credit since")).to.equal(formatDate(since));
      expect(stdout).to.include(`bonus depositors:\n  ${world.carol.address}: deposited 0.1 ETH; final until the campaign is decided`);
      expect(stdout).to.not.match(/\d{10,}|bps/);
      expect(stdout).to.not.include(String(deadline));
    });

    it("says after a withdrawal that the credit of what is left restarted, with the new figure", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      await bonusByTask(id, world.carol, "0.1");
      const started = await latest();
      await pledgeByTask(id, world.alice, "0.5");
      await time.increase(DAY);
      const from = await indexOf(world.alice.address);
      const run = await runTask(["campaign", "withdraw"], { id, amount: "0.2", from });
      const at = await latest();
      // 0.1 ETH on a 1 ETH goal: 10% of the 0.3 ETH left, for the part of the period from now to the deadline.
      const share = (ethers.parseEther("0.1") * ethers.parseEther("0.3") * (deadline - at)) / (ethers.parseEther("1") * (deadline - started));
      const lines = run.stdout.split("\n");
      expect(lines[0]).to.match(/^Withdrew 0\.2 ETH from campaign 1 \(tx 0x/);
      expect(lines[1]).to.equal(`The refund bonus credit of the 0.3 ETH you left in restarted now: if this campaign fails you get your 0.3 ETH back plus about ${formatAmountAbout(share, 18)} ETH.`);
      const all = await runTask(["campaign", "withdraw"], { id, amount: "0.3", from });
      expect(all.stdout.split("\n")[1]).to.equal("You have no pledge left in it, so no share of its refund bonus.");
    });

    it("shows the bonus for a backer given by address, with no key", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world);
      await bonusByTask(id, world.carol, "0.1");
      await pledgeByTask(id, world.alice, "0.5");
      const { stdout } = await runTask(["campaign", "show"], { id, from: world.alice.address });
      expect(field(stdout, "your bonus")).to.match(/^if this campaign fails you get your 0\.5 ETH back plus about 0\.04999 ETH/);
    });

    it("after a failure: the backers' part and the depositors' reclaimable, the refund with its bonus, the reclaim, and the history in words", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      await bonusByTask(id, world.carol, "0.06");
      await bonusByTask(id, world.maintainer, "0.04");
      await pledgeByTask(id, world.alice, "0.5");
      await time.increaseTo(deadline + 1n);
      const bonus = await world.escrow.getBonus(BigInt(id), world.alice.address, 0n);
      const write = (value: bigint) => `${ethers.formatEther(value)} ETH`;
      const shown = await runTask(["campaign", "show"], { id, from: await indexOf(world.alice.address) });
      expect(field(shown.stdout, "bonus goes")).to.equal(
        `to the backers: each refund adds the backer's share (${write(bonus.reservedForBackers)} in all); the depositors reclaim the other ${write(bonus.pot - bonus.reservedForBackers)}`,
      );
      expect(field(shown.stdout, "your bonus")).to.equal(`your refund pays your 0.5 ETH back plus ${write(bonus.share)} of the bonus (campaign refund ${id})`);
      const carolPart = (await world.escrow.getBonus(BigInt(id), world.carol.address, 0n)).reclaimable;
      expect(shown.stdout).to.include(`  ${world.carol.address}: deposited 0.06 ETH; reclaimable now: ${write(carolPart)} (campaign reclaim-bonus ${id} --from ${world.carol.address})`);

      const refunded = await runTask(["campaign", "refund"], { id, from: await indexOf(world.alice.address) });
      expect(refunded.stdout).to.match(new RegExp(`^Refunded 0\\.5 ETH from campaign ${id}, plus ${write(bonus.share).replace(".", "\\.")} of its refund bonus \\(tx 0x[0-9a-f]{64}\\)$`));

      const reclaimed = await runTask(["campaign", "reclaim-bonus"], { id, from: await indexOf(world.carol.address) });
      expect(reclaimed.stdout).to.match(
        new RegExp(`^Reclaimed ${write(carolPart).replace(".", "\\.")} of the refund bonus of campaign ${id}, of your 0\\.06 ETH deposit: the backers' refunds take the other ${write(ethers.parseEther("0.06") - carolPart).replace(".", "\\.")} \\(tx 0x`),
      );
      const after = await runTask(["campaign", "show"], { id });
      expect(after.stdout).to.include(`  ${world.carol.address}: deposited 0.06 ETH; reclaimed ${write(carolPart)}`);

      const history = await runTask(["campaign", "history"], { id, pageSize: "" });
      expect(history.stdout).to.include(`${world.carol.address} deposited 0.06 ETH into the refund bonus (it now holds 0.06 ETH)`);
      expect(history.stdout).to.include(`${world.maintainer.address} deposited 0.04 ETH into the refund bonus (it now holds 0.1 ETH)`);
      expect(history.stdout).to.include(`${world.alice.address} took back 0.5 ETH plus ${write(bonus.share)} of the refund bonus (their pledge now 0, the total stays 0.5 ETH as raised)`);
      expect(history.stdout).to.include(`${world.carol.address} reclaimed ${write(carolPart)} of the refund bonus`);
    });

    it("gives the whole deposit back once the campaign is claimed", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      await bonusByTask(id, world.carol, "0.05");
      await pledgeByTask(id, world.alice, "1");
      await time.increaseTo(deadline + 1n);
      await runTaskJson(["campaign", "claim"], { id, from: await indexOf(world.maintainer.address) });
      const shown = await runTask(["campaign", "show"], { id, from: await indexOf(world.carol.address) });
      expect(field(shown.stdout, "bonus goes")).to.equal("back to its depositors, each their whole deposit: the funding went through");
      expect(field(shown.stdout, "bonus credit")).to.match(/: the funding went through, so no backer earned any of it; it went back to its depositors$/);
      expect(shown.stdout).to.not.include("a pledge held all that time earns");
      expect(field(shown.stdout, "your bonus deposit")).to.equal(`0.05 ETH; you can reclaim 0.05 ETH now (campaign reclaim-bonus ${id})`);
      const run = await runTask(["campaign", "reclaim-bonus"], { id, from: await indexOf(world.carol.address) });
      expect(run.stdout).to.match(/^Reclaimed 0\.05 ETH of the refund bonus of campaign 1, all of your deposit: the funding went through \(tx 0x/);
    });

    it("shows a succeeded campaign's bonus as decided by the claim or the end of its claim window", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world, { claimDays: "7" });
      await bonusByTask(id, world.carol, "0.05");
      await pledgeByTask(id, world.alice, "1");
      await time.increaseTo(deadline + 1n);
      const { stdout } = await runTask(["campaign", "show"], { id });
      expect(field(stdout, "bonus goes")).to.equal(
        `back to its depositors if the campaign is claimed by ${formatDate(deadline + 7n * DAY)}; to its backers, with their refunds, if nobody claims it by then`,
      );
      expect(field(stdout, "bonus credit")).to.match(/: if nobody claims the campaign in time, a pledge held all that time earns 5% of itself, a later one less$/);
    });

    it("refuses a reclaim before the decision in words, with the dates it waits for", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      await bonusByTask(id, world.carol, "0.05");
      const run = await runTask(["campaign", "reclaim-bonus"], { id, from: await indexOf(world.carol.address) });
      expect(run.stderr).to.equal(
        `Error: UnexpectedState: campaign ${id} is Funding; a refund bonus can only be reclaimed while it is Failed, Cancelled, Claimed, Rejected or Lapsed. ` +
          `The bonus is decided when the campaign ends, at its deadline (${formatDate(deadline)}; later if a last-call extension moves it): ` +
          `if it fails, reclaim what the backers' shares leave from ${formatDate(deadline + 1n)}; if it succeeds, reclaim all of your deposit once it is claimed.`,
      );
    });

    it("refuses a reclaim by an account that deposited nothing, saying who can", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      await bonusByTask(id, world.carol, "0.05");
      await time.increaseTo(deadline + 1n);
      const run = await runTask(["campaign", "reclaim-bonus"], { id, from: await indexOf(world.bob.address) });
      expect(run.stderr).to.equal(
        `Error: NothingToReclaim: ${world.bob.address} has no refund bonus deposit left in campaign 1: it never deposited into it from this account, or it already reclaimed its part (each depositor reclaims once, all of what is theirs); account pledges --account ${world.bob.address} lists its deposits and what each reclaim paid: reclaim as the account that deposited (--from), after the campaign is decided`,
      );
    });

    it("refuses a second refund saying why and where the pledge is shown", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      await bonusByTask(id, world.carol, "0.05");
      await pledgeByTask(id, world.alice, "0.3");
      await time.increaseTo(deadline + 1n);
      const from = await indexOf(world.alice.address);
      await runTask(["campaign", "refund"], { id, from });
      const again = await runTask(["campaign", "refund"], { id, from });
      expect(again.stderr).to.equal(
        `Error: NothingToRefund: ${world.alice.address} has nothing to refund in campaign ${id}: it refunded already (a refund pays the whole pledge, with any bonus share, once), or it never pledged from this account or withdrew all of it; campaign show ${id} --from ${world.alice.address} shows its pledge: refund as the account that pledged (--from)`,
      );
    });

    it("says on cancelling that the backers' refunds carry the bonus, and shows the credit that ran until the cancellation", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      await bonusByTask(id, world.maintainer, "0.05");
      const started = await latest();
      await pledgeByTask(id, world.alice, "0.5");
      await time.increase(DAY);
      const run = await runTask(["campaign", "cancel"], { id, from: await indexOf(world.maintainer.address) });
      const bonus = await world.escrow.getBonus(BigInt(id), world.alice.address, 0n);
      const write = (value: bigint) => `${ethers.formatEther(value)} ETH`;
      expect(run.stdout).to.match(/\(tx 0x[0-9a-f]{64}\)$/);
      expect(run.stdout.replace(/ \(tx 0x[0-9a-f]{64}\)$/, "")).to.equal(
        `Cancelled campaign 1; backers can refund (campaign refund 1): credit stopped now, each refund adds the share of its 0.05 ETH refund bonus the backer's pledge earned until now, at the campaign's rate ` +
          `(${write(bonus.reservedForBackers)} in all); the depositors reclaim the other ${write(bonus.pot - bonus.reservedForBackers)} (campaign reclaim-bonus 1)`,
      );
      expect(bonus.reservedForBackers > 0n && bonus.reservedForBackers < bonus.pot).to.equal(true);
      const cancelledAt = await latest();
      const { stdout } = await runTask(["campaign", "show"], { id });
      expect(field(stdout, "bonus credit")).to.equal(
        `ran from the first deposit (${formatDate(started)}) until the cancellation (${formatDate(cancelledAt)}), of a period to the deadline (${formatDate(deadline)}): each backer earns what their pledge held until the cancellation`,
      );
    });

    it("says on cancelling a campaign nobody pledged to that the depositors reclaim the whole bonus", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world);
      await bonusByTask(id, world.carol, "0.05");
      const run = await runTask(["campaign", "cancel"], { id, from: await indexOf(world.maintainer.address) });
      expect(run.stdout).to.match(
        /^Cancelled campaign 1; backers can refund \(campaign refund 1\): credit stopped now, no backer's pledge earned any of its 0\.05 ETH refund bonus, so its depositors reclaim all of it \(campaign reclaim-bonus 1\) \(tx 0x/,
      );
      expect(run.stdout).to.not.include("like a failure");
    });

    it("refuses a first deposit below 1% of the goal in words", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world);
      const run = await bonusByTask(id, world.carol, "0.005");
      expect(run.stderr).to.equal(
        `Error: BonusTooSmall: campaign ${id} has no refund bonus yet, and a first deposit must be at least 0.01 ETH (1% of its goal), not 0.005 ETH: deposit at least 0.01 ETH (later deposits may be any amount), or pledge instead`,
      );
    });

    it("shows the bonus cap among the protocol's limits, in percent", async () => {
      await loadWorld();
      const { stdout } = await runTask(["protocol", "show"], {});
      expect(field(stdout, "refund bonus")).to.equal("at most 10% of a campaign's goal, its first deposit at least 1% (campaign bonus <id> <amount> deposits one)");
    });
  });

  describe("milestones and chain time", () => {
    /** A milestone campaign pledged in full, its deadline passed. */
    async function succeededMilestones(world: World): Promise<string> {
      const { id, deadline } = await openByTask(world, { milestones: "60:10,40:20", reviewDays: "3" });
      await pledgeByTask(id, world.alice, "1");
      await time.increaseTo(deadline + 1n);
      return id;
    }

    it("moves a local chain's clock and says to when", async () => {
      await loadWorld();
      const run = await runTask(["chain", "advance"], { days: "2.5", seconds: "" });
      expect(run.stdout).to.equal(`Chain time is now ${formatDate(await now())} (moved 2 days 12 hours forward)`);
    });

    it("accepts --deployment-id like the other tasks (npm run app suggests it for every command)", async () => {
      await loadWorld();
      const definition = openPledgeTasks.find((candidate) => candidate.id.join(" ") === "chain advance") as { options?: Record<string, unknown> } | undefined;
      expect(Object.keys(definition?.options ?? {})).to.include("deploymentId");
      const run = await runTask(["chain", "advance"], { days: "", seconds: "60", deploymentId: "local-app" });
      expect(run.stdout).to.match(new RegExp(`^Chain time is now ${formatDate(await now())} \\(moved .+ forward\\)$`));
    });

    it("submits a milestone and says until when backers may object", async () => {
      const world = await loadWorld();
      const id = await succeededMilestones(world);
      const run = await runTask(["milestone", "submit"], { id, uri: "ipfs://delivery", from: await indexOf(world.maintainer.address) });
      expect(run.stdout).to.match(new RegExp(`^Submitted; backers may object until ${formatDate((await now()) + 3n * DAY).replace(/[+()]/g, "\\$&")} \\(tx`));
    });

    it("objects and withdraws an objection", async () => {
      const world = await loadWorld();
      const id = await succeededMilestones(world);
      const alice = await indexOf(world.alice.address);
      await runTaskJson(["milestone", "submit"], { id, uri: "ipfs://delivery", from: await indexOf(world.maintainer.address) });
      await runTaskJson(["milestone", "object"], { id, from: alice });
      expect(await world.escrow.isObjecting(BigInt(id), world.alice.address)).to.equal(true);
      await runTaskJson(["milestone", "withdraw-objection"], { id, from: alice });
      expect(await world.escrow.isObjecting(BigInt(id), world.alice.address)).to.equal(false);
    });

    it("settles an accepted milestone and shows it released in percent", async () => {
      const world = await loadWorld();
      const id = await succeededMilestones(world);
      await runTaskJson(["milestone", "submit"], { id, uri: "ipfs://delivery", from: await indexOf(world.maintainer.address) });
      await time.increase(3n * DAY + 1n);
      expect((await runTaskJson<{ state: string }>(["milestone", "settle"], { id, from: "0" })).state).to.equal("Succeeded");
      expect(field((await runTask(["campaign", "show"], { id })).stdout, "milestones")).to.equal("1/2 accepted, 60% released");
    });
  });

  describe("protocol", () => {
    it("shows the fee in percent and that no change is announced", async () => {
      await loadWorld();
      const { stdout } = await runTask(["protocol", "show"], {});
      expect([field(stdout, "fee"), field(stdout, "fee change")]).to.deep.equal(["2.5% of what is claimed, for campaigns opened now (at most 5%)", "none announced"]);
    });

    it("shows the escrow's limits, read from its constants, in days and percent", async () => {
      await loadWorld();
      const { stdout } = await runTask(["protocol", "show"], {});
      expect([field(stdout, "fee delay"), field(stdout, "last call"), field(stdout, "claim window"), field(stdout, "review window")]).to.deep.equal([
        "7 days between announcing a fee and new campaigns recording it",
        "2 days by default; 1 day to 7 days in whole hours",
        "90 days by default; 7 days to 180 days in whole days (campaigns without milestones)",
        "1 day to 30 days",
      ]);
      expect(field(stdout, "objection threshold")).to.match(/^objections above 50% of the objection weight reject a milestone/);
    });

    it("announces a fee and says when it takes effect", async () => {
      const world = await loadWorld();
      const run = await runTask(["protocol", "set-fee"], { percent: "3", from: await indexOf(world.owner.address) });
      const effectiveAt = (await now()) + 7n * DAY;
      expect(run.stdout).to.match(
        new RegExp(
          `^The protocol fee becomes 3% for campaigns opened from ${formatDate(effectiveAt).replace(/[+()]/g, "\\$&")} on \\(in 7 days\\); until then new campaigns record 2\\.5%, and campaigns already open keep their own fee\\. \\(tx 0x[0-9a-f]{64}\\)$`,
        ),
      );
    });

    it("says which announced change a new one replaces", async () => {
      const world = await loadWorld();
      const owner = await indexOf(world.owner.address);
      await runTaskJson(["protocol", "set-fee"], { percent: "3", from: owner });
      const first = (await now()) + 7n * DAY;
      const run = await runTask(["protocol", "set-fee"], { percent: "1.25", from: owner });
      expect(run.stdout).to.include(`It replaces the change to 3% announced for ${formatDate(first)}.`);
    });

    it("shows an announced change with its date", async () => {
      const world = await loadWorld();
      await runTaskJson(["protocol", "set-fee"], { percent: "3", from: await indexOf(world.owner.address) });
      const effectiveAt = (await now()) + 7n * DAY;
      const { stdout } = await runTask(["protocol", "show"], {});
      expect(field(stdout, "fee change")).to.equal(`3% for campaigns opened from ${formatDate(effectiveAt)} on`);
    });

    it("refuses a fee above the cap in percent", async () => {
      const world = await loadWorld();
      const run = await runTask(["protocol", "set-fee"], { percent: "6", from: await indexOf(world.owner.address) });
      expect(run.stderr).to.equal("Error: FeeTooHigh: a fee of 6% is above the cap of 5%: choose 5% or less");
    });
  });

  describe("escrow solvency", () => {
    /** One successful and claimed campaign (fees accrued) and one funding campaign, in ETH: 3.05 ETH owed. */
    async function funded(): Promise<World> {
      const world = await loadWorld();
      const escrow = world.escrow.connect(world.maintainer);
      const start = await now();
      for (const [goal, days] of [["1", 5n], ["10", 30n]] as const) {
        const terms = { projectId: 1n, specURI: SPEC, specHash: ethers.ZeroHash, token: ETH, goal: ethers.parseEther(goal), deadline: start + days * DAY, lastCall: 0n, claimWindow: 0n, builderShareBps: 0n };
        await (await escrow.openCampaign(terms)).wait();
      }
      await (await world.escrow.connect(world.alice).pledge(1n, { value: ethers.parseEther("2") })).wait();
      await (await world.escrow.connect(world.bob).pledge(2n, { value: ethers.parseEther("3") })).wait();
      await time.increaseTo(start + 5n * DAY + 1n);
      await (await escrow.claim(1n)).wait();
      return world;
    }
    const loadFunded = () => networkHelpers.loadFixture(funded);

    it("prints owed, held, surplus and OK per token, in the token's units", async () => {
      const world = await loadFunded();
      await networkHelpers.setBalance(world.escrowAddress, ethers.parseEther("4.05"));
      const run = await runTask(["escrow", "solvency"], { pageSize: "" });
      const rows = run.stdout.split("\n").map((line) => line.replace(/\s+/g, " ").trim());
      expect(rows.slice(1, 5)).to.deep.equal([
        "token owed held surplus status",
        rows[2],
        "ETH 3.05 ETH 4.05 ETH 1 ETH OK",
        `PUSD ${world.tokenAddress} 0 PUSD 0 PUSD 0 PUSD OK`,
      ]);
    });

    it("says who can send back stray tokens of a token no campaign used", async () => {
      const world = await loadFunded();
      await (await world.token.connect(world.stranger).transfer(world.escrowAddress, 7_000_000n)).wait();
      const { stdout } = await runTask(["escrow", "solvency"], { pageSize: "" });
      expect(stdout).to.include("7 PUSD: no campaign ever used PUSD, so the protocol owner can send it back (recoverStrayToken)");
    });

    it("exits with code 0 when every token is covered", async () => {
      await loadFunded();
      expect((await runTask(["escrow", "solvency"], { pageSize: "" })).failed).to.equal(false);
    });

    it("reports what is owed, by whom, in words", async () => {
      await loadFunded();
      const { stdout } = await runTask(["escrow", "solvency"], { pageSize: "" });
      expect(stdout).to.include("ETH owed: 3 ETH pledges of funding campaigns; 0.05 ETH accrued protocol fees");
    });

    it("exits with code 1 and one line on stderr when a token is short", async () => {
      const world = await loadFunded();
      await networkHelpers.setBalance(world.escrowAddress, ethers.parseEther("3"));
      const run = await runTask(["escrow", "solvency"], { pageSize: "" });
      expect([run.failed, run.stderr]).to.deep.equal([true, "Error: the escrow holds less than it owes: 0.05 ETH short (holds 3 ETH, owes 3.05 ETH)"]);
    });

    it("tells a bonus's rounding left after every refund and reclaim as kept by design, not as owed to someone", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world);
      // Pledged before the first deposit, both count from it: shares 10% of each pledge, each rounded down by half a wei.
      await pledgeByTask(id, world.alice, "0.300000000000000005");
      await pledgeByTask(id, world.bob, "0.200000000000000005");
      await runTask(["campaign", "bonus"], { id, amount: "0.1", from: await indexOf(world.carol.address) });
      await time.increaseTo(deadline + 1n);
      await runTask(["campaign", "refund"], { id, from: await indexOf(world.alice.address) });
      const waiting = await runTask(["escrow", "solvency"], { pageSize: "" });
      expect(waiting.stdout).to.match(/ETH owed: 0\.2\d* ETH unrefunded pledges of failed, cancelled and lapsed campaigns; 0\.07\d* ETH refund bonuses not yet paid to backers or reclaimed by depositors \(rounding dust included\)$/m);
      await runTask(["campaign", "refund"], { id, from: await indexOf(world.bob.address) });
      await runTask(["campaign", "reclaim-bonus"], { id, from: await indexOf(world.carol.address) });
      const { stdout } = await runTask(["escrow", "solvency"], { pageSize: "" });
      expect(stdout).to.include(
        "ETH owed: 0.000000000000000001 ETH refund bonus rounding kept by design: every backer has refunded and every depositor has reclaimed, and the shares' rounding (under one base unit per backer) stays in the escrow; nobody has to take it",
      );
      expect(stdout).to.not.include("not yet paid");
    });

    it("prints the report as JSON with --json, short or not", async () => {
      const world = await loadFunded();
      await networkHelpers.setBalance(world.escrowAddress, ethers.parseEther("3"));
      const run = await runTask(["escrow", "solvency"], { pageSize: "", json: true });
      const report = JSON.parse(run.stdout) as { ok: boolean; tokens: Array<{ status: string; shortfall: string }> };
      expect([run.failed, report.ok, report.tokens[0]?.status, report.tokens[0]?.shortfall]).to.deep.equal([true, false, "SHORT", ethers.parseEther("0.05").toString()]);
    });
  });

  describe("the terminal in human units", () => {
    it("refuses a pledge of more ETH than the account holds in plain words, without wei", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world, { goal: "100000000" });
      const run = await pledgeByTask(id, world.alice, "1000000");
      expect(run.stderr).to.match(
        /^Error: The account does not hold enough ETH for this amount and the transaction's gas \(it needs 1,000,000\.\d+ ETH with the gas, and holds [\d,.]+ ETH\): send a smaller amount, or add ETH to the account first\. Nothing was sent\.$/,
      );
    });

    it("refuses a --token address of a contract that is no token (the registry), saying so", async () => {
      const world = await loadWorld();
      const run = await runTask(["campaign", "open"], { from: await indexOf(world.maintainer.address), project: "1", spec: SPEC, goal: "1", token: world.registry.target as string });
      expect(run.stderr).to.match(/^Error: That token address is not an ERC-20 token contract \(it answers no symbol or decimals\): give ETH, or the address of a token the escrow allows/);
    });

    it("refuses a --token address that is not a token contract, saying so", async () => {
      const world = await loadWorld();
      const run = await runTask(["campaign", "open"], { from: await indexOf(world.maintainer.address), project: "1", spec: SPEC, goal: "1", token: world.alice.address });
      expect(run.stderr).to.match(/^Error: That token address is not an ERC-20 token contract \(it answers no symbol or decimals\): give ETH, or the address of a token the escrow allows/);
    });

    it("tells a withdrawal above the pledge in the token's units, and what can be withdrawn", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world, { goal: "10" });
      await pledgeByTask(id, world.alice, "1.5");
      const run = await runTask(["campaign", "withdraw"], { id, amount: "5", from: await indexOf(world.alice.address) });
      expect(run.stderr).to.equal("Error: InsufficientPledge: asked to withdraw 5 ETH but the pledge is 1.5 ETH: withdraw at most 1.5 ETH");
    });

    it("writes thousands separators in every amount", async () => {
      const world = await loadWorld();
      const { id } = await openByTask(world, { token: world.tokenAddress, goal: "10000" });
      await pledgeByTask(id, world.alice, "3000");
      const { stdout } = await runTask(["campaign", "show"], { id });
      expect([field(stdout, "goal"), field(stdout, "pledged"), field(stdout, "your pledge")]).to.deep.equal(["10,000 PUSD", "3,000 PUSD (30%)", "0 PUSD"]);
      expect((await runTask(["campaign", "list"], { project: "1", pageSize: "" })).stdout).to.include("10,000 PUSD");
      expect((await runTask(["campaign", "history"], { id, pageSize: "" })).stdout).to.include("pledged 3,000 PUSD (their pledge 3,000 PUSD, total 3,000 PUSD)");
    });

    it("tells a campaign's history without unix seconds, wei, basis points or raw addresses of ETH, milestones numbered from 1", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world, { milestones: "100:10" });
      await pledgeByTask(id, world.alice, "1");
      await time.increaseTo(deadline + 1n);
      await runTaskJson(["milestone", "submit"], { id, uri: "ipfs://delivery", from: await indexOf(world.maintainer.address) });
      const { stdout } = await runTask(["campaign", "history"], { id, pageSize: "" });
      expect(stdout).to.not.match(/\d{10,}|bps|token=|0x0{40}|#\d/);
      expect(stdout).to.include("milestone 1 100% due");
      expect(stdout).to.include("milestone 1 delivered by");
      expect(stdout).to.not.include("claim window");
    });

    it("opens a campaign pinning its spec document with --spec-file, and says when none is pinned", async () => {
      const world = await loadWorld();
      const dir = await mkdtemp(path.join(tmpdir(), "openpledge-spec-"));
      const file = path.join(dir, "spec.json");
      const document = '{"name":"Offline mode"}';
      await writeFile(file, document);
      const pinned = await runTask(["campaign", "open"], { from: await indexOf(world.maintainer.address), project: "1", spec: "https://example.org/spec.json", goal: "1", specFile: file });
      expect(field(pinned.stdout, "spec")).to.equal(`https://example.org/spec.json, pinned to the document in ${file} (hash ${specHashOf(document)}): backers can tell if it is rewritten`);
      expect(field((await runTask(["campaign", "show"], { id: "1" })).stdout, "spec")).to.match(/^https:\/\/example\.org\/spec\.json \(document pinned/);
      const unpinned = await runTask(["campaign", "open"], { from: await indexOf(world.maintainer.address), project: "1", spec: SPEC, goal: "1" });
      expect(field(unpinned.stdout, "spec")).to.equal(`the spec is not pinned: what ${SPEC} shows can change; pin a document with --spec-file`);
    });

    it("takes --deadline as a local date, its last second", async () => {
      const world = await loadWorld();
      const date = new Date(Number(await now()) * 1000 + 20 * 86_400_000);
      const text = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
      const opened = await runTaskJson<Opened>(["campaign", "open"], { from: await indexOf(world.maintainer.address), project: "1", spec: SPEC, goal: "1", deadline: text });
      const expected = new Date(date.getFullYear(), date.getMonth(), date.getDate(), 23, 59, 59).getTime() / 1000;
      expect(opened.deadline).to.equal(String(expected));
    });

    it("shows the delivery under review, and a rejected milestone as rejected, numbered from 1", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world, { milestones: "60:10,40:20", reviewDays: "3" });
      await pledgeByTask(id, world.alice, "1");
      await time.increaseTo(deadline + 1n);
      await runTaskJson(["milestone", "submit"], { id, uri: "ipfs://delivery-1", from: await indexOf(world.maintainer.address) });
      const inReview = (await runTask(["campaign", "show"], { id })).stdout;
      expect(field(inReview, "delivery")).to.equal("ipfs://delivery-1 (milestone 1)");
      expect(field(inReview, "in review")).to.match(/^milestone 1 until .+, objections 0 ETH of 0\.\d+ ETH to exceed$/);
      expect(inReview).to.match(/\n {2}milestone 1: 60% due .+: in review until .+\n {2}milestone 2: 40% due .+: to come$/);
      await runTaskJson(["milestone", "object"], { id, from: await indexOf(world.alice.address) });
      await time.increase(3n * DAY + 1n);
      const rejected = (await runTask(["campaign", "show"], { id })).stdout;
      expect(field(rejected, "state")).to.equal("Rejected");
      expect(field(rejected, "in review")).to.equal(undefined);
      expect(rejected).to.match(/\n {2}milestone 1: 60% due .+: rejected: objections of 1 ETH exceeded 0\.\d+ ETH\n {2}milestone 2: 40% due .+: never reached: the campaign was rejected$/);
      expect(rejected).to.not.match(/#\d|\n {2}0:/);
      const claim = await runTask(["campaign", "claim"], { id, from: await indexOf(world.maintainer.address) });
      expect(claim.stderr).to.equal(
        `Error: NothingToClaim: nothing more to claim in campaign ${id}: it was rejected, and whatever was released before has been claimed; the rest goes back to the backers as refunds`,
      );
    });

    it("shows a milestone not delivered by its due date as overdue, rejecting the campaign", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openByTask(world, { milestones: "100:10" });
      await pledgeByTask(id, world.alice, "1");
      await time.increaseTo(deadline + 11n * DAY);
      const { stdout } = await runTask(["campaign", "show"], { id });
      expect(stdout).to.match(/\n {2}milestone 1: 100% due .+: rejected: overdue, not delivered by its due date$/);
    });

    it("shows the claim window only where it applies", async () => {
      const world = await loadWorld();
      const funding = await openByTask(world);
      expect(field((await runTask(["campaign", "show"], { id: funding.id })).stdout, "claim window")).to.match(/^90 days after the deadline/);
      await time.increaseTo(funding.deadline + 1n);
      expect(field((await runTask(["campaign", "show"], { id: funding.id })).stdout, "claim window")).to.equal(undefined);
      const milestones = await openByTask(world, { milestones: "100:10" });
      expect(field((await runTask(["campaign", "show"], { id: milestones.id })).stdout, "claim window")).to.equal(undefined);
    });

    it("allows a token for new campaigns (owner only), after checking it is a token", async () => {
      const world = await loadWorld();
      const owner = await indexOf(world.owner.address);
      const removed = await runTask(["protocol", "allow-token"], { token: world.tokenAddress, remove: true, from: owner });
      expect(removed.stdout).to.match(/^New campaigns can no longer take PUSD/);
      const refused = await runTask(["campaign", "open"], { from: await indexOf(world.maintainer.address), project: "1", spec: SPEC, goal: "1", token: world.tokenAddress });
      expect(refused.stderr).to.match(/^Error: TokenNotAllowed: .+ only the protocol owner adds a token to the escrow's allowlist \(protocol allow-token <address>\)$/);
      expect((await runTask(["protocol", "allow-token"], { token: world.tokenAddress, remove: false, from: owner })).stdout).to.match(/^New campaigns may now take PUSD/);
      expect((await runTask(["protocol", "allow-token"], { token: world.alice.address, remove: false, from: owner })).stderr).to.match(/not an ERC-20 token contract/);
    });

    it("help texts state each default once", () => {
      for (const definition of openPledgeTasks) {
        for (const option of Object.values((definition as { options?: Record<string, { description: string; defaultValue?: unknown }> }).options ?? {})) {
          if (option.defaultValue === "" || option.defaultValue === false || option.defaultValue === undefined) continue;
          expect(option.description, option.description).to.not.match(/default/i);
        }
      }
    });

    it("tells a negative positional value in words before Hardhat's parser sees it", () => {
      expect(negativeArgumentHint(["campaign", "pledge", "2", "-1"])).to.equal(
        '"-1" is negative: amounts and ids are positive; to take part of a pledge back, use campaign withdraw <id> 1. (Hardhat reads an argument that starts with a dash as an option; a value that really starts with one goes after --, e.g. campaign pledge -- -1)',
      );
      expect(negativeArgumentHint(["--network", "localhost", "campaign", "withdraw", "2", "-0.5", "--from", "1"])).to.match(/^"-0\.5" is negative/);
      expect(negativeArgumentHint(["campaign", "open", "--goal", "-3"])).to.equal(undefined);
      expect(negativeArgumentHint(["campaign", "pledge", "--", "2", "-1"])).to.equal(undefined);
      expect(negativeArgumentHint(["test", "mocha", "-1"])).to.equal(undefined);
    });

    it("prints that sentence and exits 1 when run from the command line", function () {
      this.timeout(60_000);
      const run = spawnSync(process.execPath, ["node_modules/hardhat/dist/src/cli.js", "campaign", "pledge", "2", "-1"], { encoding: "utf8" });
      expect([run.status, run.stderr.trim()]).to.deep.equal([1, `Error: ${negativeArgumentHint(["campaign", "pledge", "2", "-1"])}`]);
    });
  });

  it("fails with one clear line and a non-zero exit for every kind of bad input", async () => {
    const world = await loadWorld();
    const alice = await indexOf(world.alice.address);
    const maintainer = await indexOf(world.maintainer.address);
    const open = { project: "1", spec: "s", token: "ETH", goal: "1", days: "5", deadline: "", milestones: "", initialShare: "0", reviewDays: "3", threshold: "" };
    const cases: Array<[string[], Record<string, unknown>, RegExp]> = [
      [["project", "show"], { id: "9" }, /^Error: UnknownProject: there is no project 9: check the id against the list of projects \(project list, or the app's home page\)$/],
      [["project", "show"], { id: "abc" }, /^Error: project id must be a positive whole number, not "abc"$/],
      [["campaign", "pledge"], { id: "99", amount: "1", allowance: "auto", from: alice }, /^Error: UnknownCampaign: there is no campaign 99: check the id against the list of campaigns \(campaign list/],
      [["campaign", "pledge"], { id: "1", amount: "1,000", allowance: "auto", from: alice }, /^Error: bad amount "1,000": thousands separators are not accepted: write 1000$/],
      [["campaign", "pledge"], { id: "1", amount: "1,5", allowance: "auto", from: alice }, /^Error: bad amount "1,5": use a dot as the decimal point: write 1\.5/],
      [["campaign", "pledge"], { id: "1", amount: "-1", allowance: "auto", from: alice }, /^Error: bad amount "-1": amounts are positive/],
      [["campaign", "show"], { id: "1", from: "nobody" }, /^Error: "nobody" is neither an address nor the index of one of the \d+ accounts/],
      [["project", "show"], { id: "1", from: "nobody" }, /^Error: "nobody" is neither an address nor the index/],
      [["campaign", "open"], { ...open, milestones: "60:10,30:20", days: "5", from: maintainer }, /^Error: InvalidMilestoneShares: .+ but they make 90%: change the shares/],
      [["campaign", "open"], { ...open, deadline: "31/12/2026" }, /^Error: --deadline takes a local date, e\.g\. 2026-12-31/],
      [["campaign", "open"], { ...open, specFile: "/nonexistent/spec.json", from: maintainer }, /^Error: --spec-file: cannot read "\/nonexistent\/spec\.json" \(ENOENT\)/],
      [["campaign", "pledge"], { id: "1", amount: "1", allowance: "sideways" }, /^Error: --allowance must be auto, permit or approve/],
      [["campaign", "open"], { ...open, goal: "-3" }, /^Error: bad amount "-3"/],
      [["campaign", "open"], { ...open, token: "DOGE" }, /^Error: "DOGE" is neither ETH nor a token address$/],
      [["campaign", "open"], { ...open, milestones: "60" }, /^Error: --milestones takes/],
      [["campaign", "open"], { ...open, lastCall: "2" }, /^Error: --last-call takes days or hours with their unit, e\.g\. 2d or 36h; not "2"$/],
      [["campaign", "open"], { ...open, lastCall: "90m" }, /^Error: --last-call takes days or hours/],
      [["campaign", "open"], { ...open, lastCall: "8d", days: "30", from: maintainer }, /^Error: InvalidLastCall: a last call of 8 days is not allowed: it must be a whole number of hours from 1 day to 7 days/],
      [["campaign", "open"], { ...open, claimDays: "2.5" }, /^Error: --claim-days must be a whole number of days, not "2\.5"$/],
      [["campaign", "open"], { ...open, claimDays: "200", from: maintainer }, /^Error: InvalidClaimWindow: a claim window of 200 days is not allowed/],
      [["campaign", "refund"], { id: "1", from: "77" }, /^Error: "77" is neither an address nor the index of one of the \d+ accounts/],
      [["project", "show"], { id: "1", deploymentId: "nowhere" }, /^Error: no OpenPledge deployment 'nowhere'/],
      [["chain", "advance"], { days: "", seconds: "" }, /^Error: give --days or --seconds$/],
      [["chain", "advance"], { days: "1e3", seconds: "" }, /^Error: --days must be a positive number of days/],
      [["campaign", "open"], { ...open, milestones: "60:10,40:20", threshold: "50.555" }, /^Error: --threshold must be a percentage from 0 to 100 with at most two decimals/],
      [["campaign", "open"], { ...open, days: "0x10" }, /^Error: --days must be a positive number of days/],
      [["protocol", "set-fee"], { percent: "two" }, /^Error: the fee must be a percentage from 0 to 100 with at most two decimals, not "two"$/],
      [["protocol", "set-fee"], { percent: "1", from: alice }, /^Error: OwnableUnauthorizedAccount: 0x[0-9a-fA-F]{40} is not the protocol owner$/],
    ];
    await openByTask(world);
    for (const [id, args, message] of cases) {
      const run = await runTask(id, args);
      expect(run.failed, `${id.join(" ")} should fail`).to.equal(true);
      expect(run.stderr.split("\n")).to.have.length(1);
      expect(run.stderr, id.join(" ")).to.match(message);
    }
  });
});
