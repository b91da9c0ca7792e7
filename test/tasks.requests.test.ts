import { expect } from "chai";

import { formatDate, formatSupport } from "../client/node.js";
import { negativeArgumentHint } from "../tasks/argv.js";
import { runTask, runTaskJson, type TaskRun } from "./helpers/capture.js";
import { DAY, eth, ethers, loadWorld, networkHelpers, now, openCampaign, SPEC, type World } from "./helpers/fixture.js";

const { time } = networkHelpers;
const OTHER_SPEC = "https://github.com/openpledge/openpledge/issues/2";

/** The account index of an address, as `--from` takes it. */
async function indexOf(address: string): Promise<string> {
  const index = (await ethers.getSigners()).findIndex((signer) => signer.address === address);
  if (index < 0) throw new Error(`${address} is not one of the accounts`);
  return String(index);
}

/** The value printed next to `label` by a "label  value" listing. */
function field(stdout: string, label: string): string | undefined {
  const line = stdout.split("\n").find((candidate) => candidate.startsWith(`${label}  `));
  return line?.slice(label.length).trim();
}

/** A task run that must fail: one line on stderr, exit code 1, nothing on stdout. */
function refusal(run: TaskRun): string {
  expect([run.failed, run.stdout]).to.deep.equal([true, ""]);
  expect(run.stderr.split("\n")).to.have.length(1);
  return run.stderr;
}

/** Nothing a person reads is in basis points, wei or unix seconds: no bare number of six digits or more, no "bps". */
function inHumanUnits(text: string): void {
  const withoutAddresses = text.replace(/0x[0-9a-fA-F]+/g, "0x");
  expect(withoutAddresses).to.not.match(/\b\d{6,}\b/);
  expect(withoutAddresses).to.not.match(/bps|basis points|wei|seconds/i);
}

/** Support written as the tasks write it: base units × seconds in token·days. */
const ethDays = (support: bigint): string => formatSupport(support, 18, "ETH");

interface Accounts {
  world: World;
  maintainer: string;
  alice: string;
  bob: string;
  carol: string;
  stranger: string;
}

async function accounts(): Promise<Accounts> {
  const world = await loadWorld();
  const [maintainer, alice, bob, carol, stranger] = await Promise.all(
    [world.maintainer, world.alice, world.bob, world.carol, world.stranger].map((signer) => indexOf(signer.address)),
  );
  return { world, maintainer, alice, bob, carol, stranger };
}

/** Opens a request for project 1 through the task; returns its id and expiry. */
async function openRequest(from: string, spec = SPEC, expires = "30d"): Promise<{ id: string; expiry: bigint }> {
  const opened = await runTaskJson<{ requestId: string; request: { expiry: string } }>(["request", "open"], { project: "1", spec, from, expires });
  return { id: opened.requestId, expiry: BigInt(opened.request.expiry) };
}

/** Sends a pledge through the task at exactly `at` (unix seconds). */
async function pledgeAt(at: bigint, id: string, amount: string, from: string): Promise<void> {
  await time.setNextBlockTimestamp(at);
  await runTaskJson(["request", "pledge"], { id, amount, from, allowance: "auto" });
}

describe("tasks: feature requests (in-process)", () => {
  it("runs docs/cli.md's feature requests snippet in order after the walk-through's campaign 1, with the ids it prints", async () => {
    const { world, maintainer, alice, bob, stranger } = await accounts();
    // The walk-through opened campaign 1 (and moved past its deadline): requests take the next ids of the same counter.
    await openCampaign(world);
    await time.increase(8n * DAY);
    const accept = { goal: "2", deadline: "30d", lastCall: "the escrow's", claimDays: "the escrow's", milestones: "", initialShare: "0", reviewDays: "3", threshold: "the escrow's", builderShare: "no builder share" };
    // The snippet's accounts 0 (the maintainer), 1, 2 and 6 are this world's maintainer, alice, bob and stranger.
    const opened = await runTask(["request", "open"], { project: "1", spec: "https://github.com/me/tool/issues/52", expires: "30d", from: stranger });
    expect(opened.stdout).to.match(/^Opened request #2 for project 1 /);
    await runTaskJson(["request", "pledge"], { id: "2", amount: "1", from: alice, allowance: "auto" });
    await runTaskJson(["request", "pledge"], { id: "2", amount: "0.5", from: bob, allowance: "auto" });
    await runTaskJson(["request", "withdraw"], { id: "2", amount: "0.2", from: bob });
    expect((await runTask(["request", "list"], { project: "1", all: false, pageSize: "5000" })).stdout).to.match(/\n1\s+#2\s+.+1\.3 ETH\s+2\s/);
    expect(field((await runTask(["request", "show"], { id: "2", from: alice })).stdout, "your pledge")).to.match(/^1 ETH /);
    expect((await runTask(["request", "accept"], { id: "2", ...accept, from: maintainer })).stdout).to.match(/^Accepted request #2: it is campaign 2 now/);
    expect(field((await runTask(["campaign", "show"], { id: "2" })).stdout, "origin")).to.match(/^from request #2, accepted /);
    const second = await runTask(["request", "open"], { project: "1", spec: "https://github.com/me/tool/issues/55", expires: "30d", from: stranger });
    expect(second.stdout).to.match(/^Opened request #3 for project 1 /);
    await runTaskJson(["request", "pledge"], { id: "3", amount: "0.3", from: alice, allowance: "auto" });
    expect((await runTask(["request", "decline"], { id: "3", reason: "not planned: see https://github.com/me/tool/issues/55", from: maintainer })).stdout).to.match(/^Declined request #3 /);
    expect((await runTask(["request", "refund"], { id: "3", from: alice })).stdout).to.match(/^Refunded 0\.3 ETH from request #3 \(declined\)/);
    expect(field((await runTask(["request", "show"], { id: "3" })).stdout, "pledged")).to.equal("0.3 ETH pledged when declined; all refunded");
  });

  describe("request open", () => {
    it("opens a request for anyone, saying until when it takes pledges and how it ends", async () => {
      const { world, stranger } = await accounts();
      const run = await runTask(["request", "open"], { project: "1", spec: SPEC, from: stranger, expires: "30d" });
      const expiry = (await world.escrow.getCampaign(1n)).deadline;
      const opened = BigInt((await ethers.provider.getBlock("latest"))?.timestamp ?? 0);
      // Counted from when the transaction is mined, with a minute of room: never short of 30 days.
      expect(expiry - opened).to.be.within(30n * DAY, 30n * DAY + 65n);
      expect(run.stdout.split("\n")).to.deep.equal([
        `Opened request #1 for project 1 (tx ${run.stdout.match(/0x[0-9a-f]{64}/)?.[0]}): it takes ETH pledges until ${formatDate(expiry)}.`,
        "Backers pledge with request pledge 1 <amount>; a maintainer of project 1 accepts it as a campaign (request accept 1 --goal <amount> --deadline <date>) or declines it.",
        "If neither happens by then, it expires and every backer takes their whole pledge back (request refund 1).",
      ]);
      inHumanUnits(run.stdout);
      // A local date 60 days ahead: the request takes pledges until its last second.
      const day = new Date(Number(opened + 60n * DAY) * 1000);
      const pad = (value: number) => String(value).padStart(2, "0");
      const date = `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
      const duplicate = await runTask(["request", "open"], { project: "1", spec: SPEC, from: stranger, expires: date });
      expect(duplicate.stdout.split("\n").at(-1)).to.equal("Note: same issue as open request #1 (request list 1 --all lists them).");
      const lastSecond = new Date(day.getFullYear(), day.getMonth(), day.getDate(), 23, 59, 59);
      expect((await world.escrow.getCampaign(2n)).deadline).to.equal(BigInt(Math.floor(lastSecond.getTime() / 1000)));
    });

    it("takes the documented bounds, 7d and 365d, counted from when the transaction is mined", async () => {
      const { world, stranger } = await accounts();
      const shortest = await openRequest(stranger, SPEC, "7d");
      const minedAt = await now();
      expect(shortest.expiry - minedAt).to.be.within(7n * DAY, 7n * DAY + 65n);
      const longest = await openRequest(stranger, SPEC, "365d");
      expect(longest.expiry - (await now())).to.be.within(365n * DAY - 65n, 365n * DAY);
      expect(await world.escrow.campaignCount()).to.equal(2n);
    });

    it("refuses an expiry outside 7 to 365 days with the durations and dates it may take, an unreadable one, and no spec", async () => {
      const { stranger } = await accounts();
      const tooSoon = refusal(await runTask(["request", "open"], { project: "1", spec: SPEC, from: stranger, expires: "3d" }));
      expect(tooSoon).to.match(
        /^Error: --expires 3d is 3 days, but a request stays open from 7 days to 365 days: give a duration from 7 days to 365 days \(e\.g\. 30d\), or a date from .+ UTC to .+ UTC$/,
      );
      inHumanUnits(tooSoon);
      expect(refusal(await runTask(["request", "open"], { project: "1", spec: SPEC, from: stranger, expires: "400d" }))).to.contain("from 7 days to 365 days");
      expect(refusal(await runTask(["request", "open"], { project: "1", spec: SPEC, from: stranger, expires: "2020-01-01" }))).to.match(
        /^Error: --expires gives .+ UTC, but a request stays open from 7 days to 365 days after it is opened: give a duration/,
      );
      expect(refusal(await runTask(["request", "list"], { project: "2", all: false, pageSize: "5000" }))).to.match(/^Error: UnknownProject: there is no project 2: /);
      expect(refusal(await runTask(["request", "open"], { project: "1", spec: SPEC, from: stranger, expires: "next week" }))).to.equal(
        'Error: --expires takes a time from now with its unit, e.g. 30d or 36h, or a local date, e.g. 2026-12-31 (its last second) or 2026-12-31T18:00; not "next week"',
      );
      expect(refusal(await runTask(["request", "open"], { project: "1", spec: "", from: stranger, expires: "30d" }))).to.equal(
        "Error: give the feature asked for with --spec <uri>, e.g. --spec https://github.com/<owner>/<repo>/issues/<n>",
      );
      expect(refusal(await runTask(["request", "open"], { project: "0", spec: SPEC, from: stranger, expires: "30d" }))).to.equal(
        'Error: project id must be a positive whole number, not "0"',
      );
    });

    it("tells a negative amount to request pledge in words, pointing at request withdraw", () => {
      expect(negativeArgumentHint(["request", "pledge", "2", "-1"])).to.match(/^"-1" is negative: amounts and ids are positive; to take part of a pledge back, use request withdraw <id> 1\./);
    });
  });

  describe("pledges, support and the ranked list", () => {
    it("ranks open requests by support (money × time held), marks duplicates, and collapses the unfunded ones", async () => {
      const { alice, bob, carol, stranger } = await accounts();
      const first = await openRequest(stranger);
      const second = await openRequest(stranger);
      const unfunded = await openRequest(stranger, OTHER_SPEC);
      const t0 = (await now()) + 10n;
      // #1: 2 ETH held 2 days (4 ETH·days); #2: more money, later: 3 ETH held 1 day, plus what carol leaves in.
      await pledgeAt(t0, first.id, "2", alice);
      await pledgeAt(t0 + DAY, second.id, "3", bob);
      // carol pledges 1 to #2 and takes 0.5 back half a day later: the 0.5 she leaves in counts from the withdrawal.
      await pledgeAt(t0 + DAY + 100n, second.id, "1", carol);
      await time.setNextBlockTimestamp(t0 + DAY + 100n + DAY / 2n);
      const withdrawn = await runTask(["request", "withdraw"], { id: second.id, amount: "0.5", from: carol });
      expect(withdrawn.stdout).to.match(/^Withdrew 0\.5 ETH from request #2: the support of the 0\.5 ETH you left in counts from now \(tx 0x[0-9a-f]{64}\)$/);
      const at = t0 + 2n * DAY;
      await time.increaseTo(at);

      const supportFirst = eth("2") * (at - t0);
      const supportSecond = eth("3") * (at - t0 - DAY) + eth("0.5") * (at - (t0 + DAY + 100n + DAY / 2n));
      expect(supportFirst > supportSecond).to.equal(true);
      const listed = await runTask(["request", "list"], { project: "1", all: false, pageSize: "5000" });
      const lines = listed.stdout.split("\n");
      expect(lines[0]).to.equal("Open requests for project 1, by support (money × time held), then pledged, then age:");
      expect(lines[1]).to.match(/^rank\s+request\s+support\s+pledged\s+backers\s+expires\s+spec\s+note$/);
      expect(lines[3]).to.match(new RegExp(`^1\\s+#1\\s+${escape(ethDays(supportFirst))}\\s+2 ETH\\s+1\\s+${escape(formatDate(first.expiry))}\\s+${escape(SPEC)}\\s+same issue as open request #2$`));
      expect(lines[4]).to.match(new RegExp(`^2\\s+#2\\s+${escape(ethDays(supportSecond))}\\s+3\\.5 ETH\\s+2\\s+${escape(formatDate(second.expiry))}\\s+${escape(SPEC)}\\s+same issue as open request #1$`));
      expect(lines[5]).to.equal(`1 unfunded request (#${unfunded.id}): request list 1 --all lists them`);
      expect(lines).to.have.length(6);
      inHumanUnits(listed.stdout);

      const all = await runTask(["request", "list"], { project: "1", all: true, pageSize: "5000" });
      expect(all.stdout.split("\n")[5]).to.match(new RegExp(`^3\\s+#3\\s+0 ETH·days\\s+0 ETH\\s+0\\s+.+UTC\\s+${escape(OTHER_SPEC)}$`));
      expect(all.stdout).to.not.contain("unfunded");
    });

    it("ranks requests in different tokens each among their own, in their own units", async () => {
      const { world, alice, bob, stranger } = await accounts();
      const inEth = await openRequest(stranger);
      const inToken = await runTaskJson<{ requestId: string }>(["request", "open"], { project: "1", spec: OTHER_SPEC, token: world.tokenAddress, from: stranger, expires: "30d" });
      const t0 = (await now()) + 10n;
      await pledgeAt(t0, inEth.id, "1", alice);
      await time.setNextBlockTimestamp(t0 + 10n);
      const pledged = await runTask(["request", "pledge"], { id: inToken.requestId, amount: "1500", from: bob, allowance: "auto" });
      expect(pledged.stdout).to.match(/^Pledged 1,500 PUSD to request #2 \(tx 0x[0-9a-f]{64}\): it holds 1,500 PUSD from 1 backer, support 0 PUSD·days\./);
      await time.increaseTo(t0 + 10n + 2n * DAY);
      const listed = await runTask(["request", "list"], { project: "1", all: false, pageSize: "5000" });
      const lines = listed.stdout.split("\n");
      expect(lines[0]).to.equal(
        "Open requests for project 1, by support (money × time held), then pledged, then age; ranked per token, as support in one token does not compare with another's:",
      );
      expect(lines[1]).to.equal("in ETH:");
      expect(lines[4]).to.match(new RegExp(`^1\\s+#1\\s+${escape(ethDays(eth("1") * (2n * DAY + 10n)))}\\s+1 ETH\\s+1\\s`));
      expect(lines[5]).to.equal("in PUSD:");
      expect(lines[8]).to.match(/^1\s+#2\s+3,000 PUSD·days\s+1,500 PUSD\s+1\s/);
      inHumanUnits(listed.stdout);
      expect(await world.token.balanceOf(world.escrowAddress)).to.equal(1_500_000_000n);
    });

    it("shows a request: state with what comes next, pledged, backers, support, fee in percent and your pledge", async () => {
      const { alice, bob, stranger } = await accounts();
      const request = await openRequest(stranger);
      const t0 = (await now()) + 10n;
      await pledgeAt(t0, request.id, "1.5", alice);
      await pledgeAt(t0 + DAY, request.id, "0.5", bob);
      await time.increaseTo(t0 + 3n * DAY);
      const shown = await runTask(["request", "show"], { id: request.id, from: alice });
      expect(field(shown.stdout, "state")).to.equal(
        `open: it takes pledges until ${formatDate(request.expiry)}; a maintainer of project 1 may accept it as a campaign (request accept 1 --goal <amount> --deadline <date>) or decline it; if neither happens by then, every backer takes their whole pledge back (request refund 1)`,
      );
      expect(field(shown.stdout, "pledged")).to.equal("2 ETH from 2 backers");
      const support = eth("1.5") * 3n * DAY + eth("0.5") * 2n * DAY;
      expect(field(shown.stdout, "support")).to.equal(`${ethDays(support)} now: each unit pledged adds one unit·day per day it stays in; a withdrawal restarts the count of what is left`);
      expect(ethDays(support)).to.equal("5.5 ETH·days");
      expect(field(shown.stdout, "fee")).to.equal("2.5% of what is claimed if it is accepted (lower if the protocol's fee is lower then)");
      expect(field(shown.stdout, "your pledge")).to.equal("1.5 ETH (request withdraw 1 <amount> takes some or all of it back while it is open)");
      expect(field(shown.stdout, "spec")).to.equal(`${SPEC} (not pinned: what it shows can change)`);
      inHumanUnits(shown.stdout);
    });

    it("says what a pledge adds per day, and refuses a withdrawal above the pledge with the most it can take", async () => {
      const { alice, bob, stranger } = await accounts();
      const request = await openRequest(stranger);
      const pledged = await runTask(["request", "pledge"], { id: request.id, amount: "2", from: alice, allowance: "auto" });
      expect(pledged.stdout).to.match(/^Pledged 2 ETH to request #1 \(tx 0x[0-9a-f]{64}\): it holds 2 ETH from 1 backer, support 0 ETH·days\.\n/);
      expect(pledged.stdout).to.contain(
        `Your 2 ETH adds 2 ETH·days of support per day it stays in; take it back any time while the request is open (request withdraw 1 <amount>), which restarts the count of what you leave in. If it expires (after ${formatDate(request.expiry)}) or is declined, request refund 1 pays it all back.`,
      );
      inHumanUnits(pledged.stdout);
      expect(refusal(await runTask(["request", "withdraw"], { id: request.id, amount: "3", from: alice }))).to.match(
        /^Error: 0x[0-9a-fA-F]{40} has 2 ETH in request #1: withdraw at most that, e.g\. request withdraw 1 2$/,
      );
      expect(refusal(await runTask(["request", "withdraw"], { id: request.id, amount: "1", from: bob }))).to.match(
        /^Error: 0x[0-9a-fA-F]{40} has no pledge in request #1 to withdraw \(request show 1 --from <account> shows an account's pledge\)$/,
      );
      expect(refusal(await runTask(["request", "refund"], { id: request.id, from: alice }))).to.equal(
        `Error: request #1 is open until ${formatDate(request.expiry)}, so there is no refund yet: take your 2 ETH back with request withdraw 1 2; if nobody accepts it by then, or a maintainer declines it, request refund 1 pays every backer in full`,
      );
    });

    it("refuses a campaign id with the campaign task to use", async () => {
      const { world, alice } = await accounts();
      await openCampaign(world);
      expect(refusal(await runTask(["request", "pledge"], { id: "1", amount: "1", from: alice, allowance: "auto" }))).to.equal(
        "Error: #1 is campaign 1, opened as a campaign, not a feature request: use campaign pledge 1 1",
      );
      expect(refusal(await runTask(["request", "show"], { id: "1" }))).to.equal(
        "Error: #1 is campaign 1, opened as a campaign, not a feature request: campaign show 1 tells it",
      );
      expect(refusal(await runTask(["request", "show"], { id: "2" }))).to.equal("Error: there is no request #2: request list <project id> lists a project's open requests");
      await openRequest(alice);
      expect(refusal(await runTask(["campaign", "show"], { id: "2" }))).to.equal(
        "Error: #2 is an open feature request, not a campaign (yet): it has no goal or deadline until a maintainer accepts it; request show 2 tells it",
      );
    });
  });

  describe("accept, decline, expire, refund", () => {
    it("accepts a request into a campaign that keeps its pledges; campaign show says where it came from", async () => {
      const { world, maintainer, alice, bob, stranger } = await accounts();
      const request = await openRequest(stranger);
      await runTaskJson(["request", "pledge"], { id: request.id, amount: "2", from: alice, allowance: "auto" });
      await runTaskJson(["request", "pledge"], { id: request.id, amount: "1", from: bob, allowance: "auto" });
      const base = { id: request.id, goal: "4", lastCall: "the escrow's", claimDays: "the escrow's", milestones: "", initialShare: "0", reviewDays: "3", threshold: "the escrow's", builderShare: "no builder share" };

      const early = refusal(await runTask(["request", "accept"], { ...base, deadline: "10d", from: maintainer }));
      expect(early).to.match(
        /^Error: --deadline 10d is 10 days, but an accepted request's backers keep 7 days plus two last calls \(4 days\) to withdraw from terms they dislike, and a campaign runs at most 365 days: give a duration from 11 days to 365 days, or a date from .+ UTC to .+ UTC$/,
      );
      inHumanUnits(early);
      expect(refusal(await runTask(["request", "accept"], { ...base, deadline: "30d", from: stranger }))).to.match(/^Error: NotProjectMaintainer: .*project 1/);
      expect(refusal(await runTask(["request", "accept"], { ...base, goal: "", deadline: "30d", from: maintainer }))).to.equal(
        "Error: give the campaign's goal with --goal <amount in ETH>, e.g. --goal 5",
      );

      const run = await runTask(["request", "accept"], { ...base, deadline: "30d", from: maintainer });
      const campaign = await world.escrow.getCampaign(1n);
      const lines = run.stdout.split("\n");
      expect(lines[0]).to.match(/^Accepted request #1: it is campaign 1 now \(tx 0x[0-9a-f]{64}\)\.$/);
      expect(lines[1]).to.equal(
        `Goal 4 ETH, deadline ${formatDate(campaign.deadline)}, last call 2 days (from ${formatDate(campaign.deadline - 2n * DAY + 1n)}); it keeps the 3 ETH its 2 backers pledged (75% of the goal).`,
      );
      const lastCallStart = campaign.deadline - 2n * DAY + 1n;
      expect(lines[2]).to.equal(
        `Backers who dislike the terms take their pledge back in full with campaign withdraw 1 <amount> until ${formatDate(lastCallStart - 1n)}; in the last call (from ${formatDate(lastCallStart)}) too, as long as the goal has not stood for a whole last call (campaign show 1 tells when that starts). campaign show 1 gives every date.`,
      );
      inHumanUnits(run.stdout);
      const acceptedAt = await now();

      const shown = await runTask(["campaign", "show"], { id: "1" });
      expect(field(shown.stdout, "origin")).to.equal(
        `from request #1, accepted ${formatDate(acceptedAt)} by ${world.maintainer.address} (request show 1 tells its backers and support)`,
      );
      expect(field(shown.stdout, "pledged")).to.equal("3 ETH (75%)");

      const late = refusal(await runTask(["request", "pledge"], { id: request.id, amount: "1", from: alice, allowance: "auto" }));
      expect(late).to.equal(
        `Error: request #1 was accepted ${formatDate(acceptedAt)} by ${world.maintainer.address}: it is campaign 1 now (Funding), with a goal and a deadline; read its terms with campaign show 1, then pledge with campaign pledge 1 1`,
      );
      const requestShown = await runTask(["request", "show"], { id: request.id, from: alice });
      expect(field(requestShown.stdout, "state")).to.equal(
        `accepted ${formatDate(acceptedAt)} by ${world.maintainer.address}: it is campaign 1 now (Funding), with a goal and a deadline; campaign show 1 gives them`,
      );
      expect(field(requestShown.stdout, "support")).to.match(/ ETH·days, frozen on .+ UTC when it stopped being open$/);
      const listed = await runTask(["request", "list"], { project: "1", all: true, pageSize: "5000" });
      expect(listed.stdout).to.contain("No open requests for project 1: anyone opens one with request open 1 --spec <issue URL>");
      expect(listed.stdout).to.match(new RegExp(`#1\\s+accepted ${escape(formatDate(acceptedAt))}\\s+3 ETH from 2 backers\\s+.+ETH·days\\s+${escape(SPEC)}\\s+campaign show 1`));

      // The same issue asked again: the new request says it is already a funding campaign, and where to pledge.
      const again = await runTask(["request", "open"], { project: "1", spec: SPEC, from: stranger, expires: "30d" });
      expect(again.stdout.split("\n").slice(3)).to.deep.equal([
        "Warning: the same issue is already a funding campaign, campaign 1 (accepted from request #1): backers should pledge there (campaign pledge 1 <amount>; campaign show 1 gives its terms) rather than to this request.",
      ]);
      // And the request it duplicates says so by its state, in the list's note column and in request show.
      const noted = await runTask(["request", "list"], { project: "1", all: true, pageSize: "5000" });
      expect(noted.stdout).to.match(/^1\s+#2\s.+\s+campaign 1 funds it$/m);
      expect(field((await runTask(["request", "show"], { id: "2" })).stdout, "duplicates")).to.equal(
        "already funded as campaign 1 (accepted from request #1): pledge there (campaign pledge 1 <amount>) (request list 1 --all lists them)",
      );
    });

    it("accepts with a milestone plan and a builder share, as campaign open takes them", async () => {
      const { world, maintainer, alice, stranger } = await accounts();
      const request = await openRequest(stranger);
      await runTaskJson(["request", "pledge"], { id: request.id, amount: "1", from: alice, allowance: "auto" });
      const accepted = await runTask(["request", "accept"], {
        id: request.id,
        goal: "2",
        deadline: "20d",
        lastCall: "1d",
        claimDays: "the escrow's",
        milestones: "50:10,40:20",
        initialShare: "10",
        reviewDays: "3",
        threshold: "the escrow's",
        builderShare: "15%",
        from: maintainer,
      });
      expect(accepted.stdout.split("\n")[1]).to.match(/^Goal 2 ETH, deadline .+ UTC, last call 1 day \(from .+ UTC\); it keeps the 1 ETH its backer pledged \(50% of the goal\)\.$/);
      const shown = await runTask(["campaign", "show"], { id: request.id });
      expect(shown.stdout).to.match(/\n {2}milestone 1: 50% due .+\n {2}milestone 2: 40% due /);
      expect(field(shown.stdout, "shares")).to.match(/^of each claim: the builder 15%, the protocol fee 2\.5%/);
      // Counted from when the transaction is mined, with a minute of room: never short of 20 days.
      expect((await world.escrow.getCampaign(1n)).plannedDeadline - (await now())).to.be.within(20n * DAY, 20n * DAY + 65n);
      expect(refusal(await runTask(["request", "accept"], { ...{ id: "1", goal: "2", deadline: "20d", lastCall: "1d", milestones: "", initialShare: "0", reviewDays: "3", threshold: "the escrow's", builderShare: "no builder share" }, claimDays: "30", from: maintainer }))).to.match(
        /^Error: request #1 was accepted .+ UTC by 0x[0-9a-fA-F]{40}: it is campaign 1 now \(Funding\), with a goal and a deadline; there is nothing left to accept$/,
      );
    });

    it("declines with a reason, then every backer refunds in full; a second refund is refused with where to look", async () => {
      const { world, maintainer, alice, stranger } = await accounts();
      const request = await openRequest(stranger);
      await runTaskJson(["request", "pledge"], { id: request.id, amount: "1.25", from: alice, allowance: "auto" });
      expect(refusal(await runTask(["request", "decline"], { id: request.id, reason: " ", from: maintainer }))).to.equal(
        `Error: give the backers the reason with --reason: a link to a comment or a short reason, e.g. --reason ${SPEC}#issuecomment-<n>`,
      );
      const reason = `${SPEC}#issuecomment-42`;
      const declined = await runTask(["request", "decline"], { id: request.id, reason, from: maintainer });
      expect(declined.stdout).to.match(
        new RegExp(`^Declined request #1 \\(reason: ${escape(reason)}\\): its backer takes their 1\\.25 ETH back in full with request refund 1 \\(tx 0x[0-9a-f]{64}\\)$`),
      );
      const declinedAt = await now();
      const why = `request #1 was declined ${formatDate(declinedAt)} by ${world.maintainer.address} (reason: ${reason})`;
      expect(refusal(await runTask(["request", "pledge"], { id: request.id, amount: "1", from: alice, allowance: "auto" }))).to.equal(
        `Error: ${why}: it takes no more pledges; every backer takes their whole pledge back with request refund 1. To ask again, open a new request (request open 1 --spec ${SPEC})`,
      );
      expect(refusal(await runTask(["request", "withdraw"], { id: request.id, amount: "1", from: alice }))).to.equal(
        `Error: ${why}: every backer takes their whole pledge back with request refund 1 (not a withdrawal)`,
      );
      const before = await ethers.provider.getBalance(world.alice.address);
      const refunded = await runTask(["request", "refund"], { id: request.id, from: alice });
      expect(refunded.stdout).to.match(/^Refunded 1\.25 ETH from request #1 \(declined\): your whole pledge \(tx 0x[0-9a-f]{64}\)$/);
      const receipt = await ethers.provider.getTransactionReceipt(refunded.stdout.match(/0x[0-9a-f]{64}/)?.[0] ?? "");
      expect((await ethers.provider.getBalance(world.alice.address)) - before + (receipt?.fee ?? 0n)).to.equal(eth("1.25"));
      expect(refusal(await runTask(["request", "refund"], { id: request.id, from: alice }))).to.equal(
        `Error: ${world.alice.address} has no pledge in request #1: it never pledged, or took it back already (request show 1 --from <account> shows an account's pledge)`,
      );
    });

    it("expires after its expiry: no pledge, accept or decline then, a refund in full instead", async () => {
      const { world, maintainer, bob, stranger } = await accounts();
      const request = await openRequest(stranger, OTHER_SPEC, "8d");
      await runTaskJson(["request", "pledge"], { id: request.id, amount: "0.7", from: bob, allowance: "auto" });
      await time.increaseTo(request.expiry + 1n);
      const why = `request #1 expired after ${formatDate(request.expiry)}, nobody having accepted it`;
      expect(refusal(await runTask(["request", "pledge"], { id: request.id, amount: "1", from: bob, allowance: "auto" }))).to.equal(
        `Error: ${why}: it takes no more pledges; every backer takes their whole pledge back with request refund 1. To ask again, open a new request (request open 1 --spec ${OTHER_SPEC})`,
      );
      expect(refusal(await runTask(["request", "decline"], { id: request.id, reason: "https://x", from: maintainer }))).to.equal(
        `Error: ${why}: it can no longer be accepted or declined; to take the work on, open a campaign (campaign open --project 1 --spec ${OTHER_SPEC} --goal <amount>)`,
      );
      const shown = await runTask(["request", "show"], { id: request.id, from: bob });
      expect(field(shown.stdout, "state")).to.equal(`expired after ${formatDate(request.expiry)}, nobody having accepted it: every backer takes their whole pledge back with request refund 1`);
      expect(field(shown.stdout, "your pledge")).to.equal("0.7 ETH (request refund 1 pays it back)");
      expect(field(shown.stdout, "pledged")).to.equal("0.7 ETH pledged when it expired; 0.7 ETH of it still to refund by 1 backer");
      expect(refusal(await runTask(["campaign", "show"], { id: request.id }))).to.equal(
        "Error: #1 is a feature request that expired without being accepted, not a campaign: it can never be accepted; request show 1 tells it, and its backers take their whole pledge back with request refund 1",
      );
      const beforeRefund = await runTask(["request", "list"], { project: "1", all: true, pageSize: "5000" });
      expect(beforeRefund.stdout).to.match(/#1\s+expired after .+ UTC\s+0\.7 ETH pledged when it expired; 0\.7 ETH of it still to refund by 1 backer\s+.+ETH·days\s+\S+\s+request refund 1$/m);
      const refunded = await runTask(["request", "refund"], { id: request.id, from: bob });
      expect(refunded.stdout).to.match(/^Refunded 0\.7 ETH from request #1 \(expired\): your whole pledge/);
      const after = await runTask(["request", "show"], { id: request.id });
      expect(field(after.stdout, "pledged")).to.equal("0.7 ETH pledged when it expired; all refunded");
      expect(field(after.stdout, "state")).to.equal(`expired after ${formatDate(request.expiry)}, nobody having accepted it: every backer has taken their pledge back`);
      const afterList = await runTask(["request", "list"], { project: "1", all: true, pageSize: "5000" });
      expect(afterList.stdout).to.not.contain("request refund 1");
      expect(afterList.stdout).to.contain("0.7 ETH pledged when it expired; all refunded");
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
      const listed = await runTask(["request", "list"], { project: "1", all: false, pageSize: "5000" });
      expect(listed.stdout).to.equal("No open requests for project 1: anyone opens one with request open 1 --spec <issue URL>");
    });
  });
});

/** `text` as a literal inside a regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
