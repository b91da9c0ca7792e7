import { expect } from "chai";

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { formatDate } from "../client/node.js";
import { runTask, runTaskJson, type TaskRun } from "./helpers/capture.js";
import { DAY, ethers, loadWorld, networkHelpers, now, SPEC, type World } from "./helpers/fixture.js";

const { time } = networkHelpers;
const BUILDER_ACCEPT_WINDOW = 180n * DAY;

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
  return run.stderr;
}

/** Nothing a person reads is in basis points, wei or unix seconds: no bare number of six digits or more, no "bps". */
function inHumanUnits(text: string): void {
  const withoutAddresses = text.replace(/0x[0-9a-fA-F]+/g, "0x");
  expect(withoutAddresses).to.not.match(/\b\d{6,}\b/);
  expect(withoutAddresses).to.not.match(/bps|basis points|wei/i);
}

describe("tasks: builder and dependency shares (in-process)", () => {
  /** Serves the dependency projects' metadata documents on this machine, so that their names can be shown. */
  let server: Server;
  let metadataBase = "";

  before(async () => {
    server = createServer((request, response) => {
      const name = /^\/(\w+)\.json$/.exec(request.url ?? "")?.[1];
      if (name === undefined) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ name }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    metadataBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** The world, with projects 2 (ethers, owned by carol) and 3 (viem, owned by the stranger), each paying out to its owner. */
  async function withProjects(): Promise<{ world: World; owner: string; carol: string; stranger: string; bob: string; alice: string }> {
    const world = await loadWorld();
    const [owner, carol, stranger, bob, alice] = await Promise.all(
      [world.maintainer, world.carol, world.stranger, world.bob, world.alice].map((signer) => indexOf(signer.address)),
    );
    await runTaskJson(["project", "register"], { metadata: `${metadataBase}/ethers.json`, payout: carol, from: carol });
    await runTaskJson(["project", "register"], { metadata: `${metadataBase}/viem.json`, payout: stranger, from: stranger });
    return { world, owner, carol, stranger, bob, alice };
  }

  /** Project 1 depends on project 2 for 5% and project 3 for 2.5%. */
  async function withDependencies() {
    const accounts = await withProjects();
    await runTaskJson(["project", "set-dependencies"], { id: "1", dependencies: ["2:5%", "3:2.5"], from: accounts.owner });
    return accounts;
  }

  /** Opens an ETH campaign of project 1 (goal 10, 5 days, a one-day last call) with a builder share, through the task. */
  async function openWithShare(owner: string, builderShare: string, options: Record<string, string> = {}): Promise<{ id: string; deadline: bigint }> {
    const opened = await runTaskJson<{ campaignId: string; deadline: string }>(["campaign", "open"], {
      from: owner,
      project: "1",
      spec: SPEC,
      goal: "10",
      days: "5",
      lastCall: "1d",
      builderShare,
      ...options,
    });
    return { id: opened.campaignId, deadline: BigInt(opened.deadline) };
  }

  /** Alice pledges 10 ETH and the deadline passes: the campaign succeeded. */
  async function fund(campaign: { id: string; deadline: bigint }, alice: string): Promise<void> {
    await runTaskJson(["campaign", "pledge"], { id: campaign.id, amount: "10", from: alice, allowance: "auto" });
    await time.increaseTo(campaign.deadline + 1n);
  }

  describe("project dependencies", () => {
    it("declares a list in percent, saying its version, the projects' names and that open campaigns keep theirs", async () => {
      const { world, owner } = await withProjects();
      const run = await runTask(["project", "set-dependencies"], { id: "1", dependencies: ["2:5%", "3:2.5"], from: owner });
      expect(run.stdout).to.match(
        /^Project 1's dependency list is now version 1: 5% to project 2 \(ethers\), 2\.5% to project 3 \(viem\); 7\.5% in all of every claim of the campaigns opened from now on; campaigns already open keep the version they froze \(tx 0x[0-9a-f]{64}\)$/,
      );
      expect(await world.registry.getDependencies(1n, 1n)).to.deep.equal([
        [2n, 500n],
        [3n, 250n],
      ]);
      const cleared = await runTaskJson<{ version: string }>(["project", "set-dependencies"], { id: "1", dependencies: ["none"], from: owner });
      expect(cleared.version).to.equal("2");
      expect((await runTask(["project", "set-dependencies"], { id: "1", dependencies: ["NONE"], from: owner })).stdout).to.match(/^Project 1's dependency list is now version 3, empty: campaigns opened from now on share nothing with dependencies/);
      expect(refusal(await runTask(["project", "set-dependencies"], { id: "1", from: owner }))).to.equal(
        "Error: give the dependencies after the project id as <project>:<percent> ..., e.g. 2:5% 3:2.5%; or none to clear the list",
      );
      expect(refusal(await runTask(["project", "set-dependencies"], { id: "1", dependencies: ["none", "2:5%"], from: owner }))).to.equal(
        "Error: none clears the list, so it stands alone: give either none or the dependencies as <project>:<percent> ...",
      );
      expect(refusal(await runTask(["project", "set-dependencies"], { id: "1", dependencies: ["2:2,5"], from: owner }))).to.equal(
        'Error: the share of project 2 takes a dot as the decimal point, e.g. 2:2.5; commas are not accepted: not "2:2,5"',
      );
      expect((await runTask(["project", "set-dependencies"], { id: "1", dependencies: ["2:0.05", "3:2%"], from: owner })).stdout).to.match(
        /^Project 1's dependency list is now version 4: 0\.05% to project 2 \(ethers\) \(below 1%: write 5% for five percent\), 2% to project 3 \(viem\); 2\.05% in all of every claim/,
      );
      expect(await world.registry.getDependencies(1n, 3n)).to.deep.equal([]);
    });

    it("refuses a dependency that is not <project>:<percent>, a share with three decimals, and a list above 50%, in words and percent", async () => {
      const { owner, carol } = await withProjects();
      expect(refusal(await runTask(["project", "set-dependencies"], { id: "1", dependencies: ["2"], from: owner }))).to.equal(
        'Error: a dependency is written <project id>:<percent>, e.g. 12:2.5%; not "2"',
      );
      expect(refusal(await runTask(["project", "set-dependencies"], { id: "1", dependencies: ["2:2.555%"], from: owner }))).to.equal(
        'Error: the share of project 2 must be a percentage from 0 to 100 with at most two decimals, not "2.555%"',
      );
      expect(refusal(await runTask(["project", "set-dependencies"], { id: "1", dependencies: ["2:30%", "3:20.01%"], from: owner }))).to.equal(
        "Error: DependencySharesTooLarge: the dependency shares add up to 50.01%, above the most a list may give (50%): lower the shares so they add up to 50% or less",
      );
      expect(refusal(await runTask(["project", "set-dependencies"], { id: "1", dependencies: ["2:1%"], from: carol }))).to.match(
        /^Error: NotProjectOwner: 0x[0-9a-fA-F]{40} is not the owner of project 1: only its owner changes .+; act as the owner \(--from; project show 1 names it\)$/,
      );
    });

    it("shows the current list, an earlier version, a list never declared, and refuses a version not yet declared", async () => {
      const { owner } = await withDependencies();
      await runTaskJson(["project", "set-dependencies"], { id: "1", dependencies: ["3:1%"], from: owner });
      const current = await runTask(["project", "dependencies"], { id: "1" });
      expect(current.stdout.split("\n")).to.deep.equal([
        "Project 1's dependency list, version 2 (the current version): 1% of every claim of the campaigns that froze it",
        "project           share",
        "----------------  -----",
        "project 3 (viem)  1%",
      ]);
      const first = await runTask(["project", "dependencies"], { id: "1", listVersion: "1" });
      expect(first.stdout.split("\n")[0]).to.equal("Project 1's dependency list, version 1 (not the current one, which is version 2): 7.5% of every claim of the campaigns that froze it");
      expect(first.stdout).to.match(/project 2 \(ethers\)\s+5%\nproject 3 \(viem\)\s+2\.5%$/);
      expect((await runTask(["project", "dependencies"], { id: "2" })).stdout).to.match(/^Project 2 has never declared a dependency list: its campaigns share nothing with dependencies \(project set-dependencies 2 <project>:<percent> \.\.\. declares one\)$/);
      expect(refusal(await runTask(["project", "dependencies"], { id: "1", listVersion: "3" }))).to.equal(
        "Error: project 1 has declared 2 version(s) of its dependency list, so there is no version 3: give 1 to 2, or leave --list-version out for the current one",
      );
      const json = await runTaskJson<{ version: string; dependencies: Array<{ projectId: string; shareBps: string }> }>(["project", "dependencies"], { id: "1", listVersion: "1" });
      expect([json.version, json.dependencies]).to.deep.equal(["1", [{ projectId: "2", shareBps: "500" }, { projectId: "3", shareBps: "250" }]]);
    });

    it("shows the current list in project show, in percent", async () => {
      await withDependencies();
      const shown = await runTask(["project", "show"], { id: "1" });
      expect(field(shown.stdout, "dependencies")).to.equal("5% to project 2 (ethers), 2.5% to project 3 (viem); 7.5% in all (version 1; campaigns opened from now on freeze it)");
      expect(field((await runTask(["project", "show"], { id: "2" })).stdout, "dependencies")).to.equal("none declared");
    });
  });

  describe("campaign open and show", () => {
    it("opens with --builder-share, saying the share and the dependency list it froze, in percent", async () => {
      const { owner } = await withDependencies();
      const run = await runTask(["campaign", "open"], { from: owner, project: "1", spec: SPEC, goal: "10", days: "5", lastCall: "1d", builderShare: "15%" });
      expect(field(run.stdout, "builder share")).to.equal(
        "15% of each claim, for the builder the project's owner nominates (campaign assign-builder 1 <address>) and who accepts; until one does it waits in the campaign",
      );
      expect(field(run.stdout, "dependencies")).to.equal("7.5% of each claim: 5% to project 2 (ethers), 2.5% to project 3 (viem) (version 1 of project 1's list, frozen for this campaign)");
      inHumanUnits(run.stdout);
    });

    it("refuses a builder share that does not fit, in percent, with the largest that does", async () => {
      const { owner } = await withDependencies();
      expect(refusal(await runTask(["campaign", "open"], { from: owner, project: "1", spec: SPEC, goal: "10", days: "5", builderShare: "90%" }))).to.equal(
        "Error: SharesTooLarge: a builder share of 90% is too large: with the project's dependency shares (7.5%) and the largest protocol fee (5%), the builder may get at most 87.5%; choose that or less (--builder-share 87.5%)",
      );
      expect(refusal(await runTask(["campaign", "open"], { from: owner, project: "1", spec: SPEC, goal: "10", days: "5", builderShare: "a lot" }))).to.equal(
        'Error: --builder-share must be a percentage from 0 to 100 with at most two decimals, not "a lot"',
      );
    });

    it("shows the split of the goal while funding, each share in percent, and who the builder is not yet", async () => {
      const { owner } = await withDependencies();
      const campaign = await openWithShare(owner, "15%");
      const shown = await runTask(["campaign", "show"], { id: campaign.id });
      expect(field(shown.stdout, "shares")).to.equal(
        "of each claim: the builder 15%, dependencies 7.5% (5% to project 2 (ethers), 2.5% to project 3 (viem); version 1 of the project's list, frozen at opening), the protocol fee 2.5%, the project the rest, 75% (with the rounding)",
      );
      expect(field(shown.stdout, "split")).to.equal(
        "of 10 ETH (its goal, if it ends there): 7.5 to the project, 1.5 to the builder (waiting in the campaign until one accepts), 0.5 to project 2 (ethers), 0.25 to project 3 (viem), 0.25 to the protocol fee",
      );
      expect(field(shown.stdout, "builder")).to.equal("nobody has accepted yet: the project's owner nominates one (campaign assign-builder 1 <address>)");
      inHumanUnits(shown.stdout);
    });

    it("shows a campaign without shares as before: no split rows", async () => {
      const { owner } = await withProjects();
      const campaign = await openWithShare(owner, "0");
      const shown = await runTask(["campaign", "show"], { id: campaign.id });
      expect([field(shown.stdout, "shares"), field(shown.stdout, "split"), field(shown.stdout, "builder")]).to.deep.equal([undefined, undefined, undefined]);
    });

    it("tells a milestone campaign's split for what the next claim pays, then for what the next milestone releases", async () => {
      const { owner, alice } = await withDependencies();
      const campaign = await openWithShare(owner, "10%", { milestones: "80:20", initialShare: "20" });
      await fund(campaign, alice);
      expect(field((await runTask(["campaign", "show"], { id: campaign.id })).stdout, "split")).to.equal(
        "of 2 ETH (what the next claim pays out): 1.6 to the project, 0.2 to the builder (waiting in the campaign until one accepts), 0.1 to project 2 (ethers), 0.05 to project 3 (viem), 0.05 to the protocol fee",
      );
      await runTaskJson(["campaign", "claim"], { id: campaign.id, from: owner });
      expect(field((await runTask(["campaign", "show"], { id: campaign.id })).stdout, "split")).to.equal(
        "of 8 ETH (what milestone 1 releases once accepted): 6.4 to the project, 0.8 to the builder (waiting in the campaign until one accepts), 0.4 to project 2 (ethers), 0.2 to project 3 (viem), 0.2 to the protocol fee",
      );
    });
  });

  describe("the builder", () => {
    it("is nominated by the owner and accepts; a co-maintainer cannot nominate and a stranger cannot accept; none clears a nomination", async () => {
      const { world, owner, bob, carol, alice } = await withDependencies();
      const campaign = await openWithShare(owner, "15%");
      await runTaskJson(["project", "add-maintainer"], { id: "1", account: alice, from: owner });
      expect(refusal(await runTask(["campaign", "assign-builder"], { id: campaign.id, account: alice, from: alice }))).to.match(/^Error: NotProjectOwner: /);
      const nominated = await runTask(["campaign", "assign-builder"], { id: campaign.id, account: bob, from: owner });
      expect(nominated.stdout).to.match(
        new RegExp(`^Nominated ${world.bob.address} as the builder of campaign 1 \\(15% of each claim\\): they take the role with campaign accept-builder 1 --from ${world.bob.address} \\(tx 0x`),
      );
      const shown = await runTask(["campaign", "show"], { id: campaign.id });
      expect([field(shown.stdout, "builder"), field(shown.stdout, "nominee")]).to.deep.equal([
        "nobody has accepted yet",
        `${world.bob.address}, not accepted yet: they accept with campaign accept-builder 1 (--from the nominee)`,
      ]);
      expect(refusal(await runTask(["campaign", "accept-builder"], { id: campaign.id, from: carol }))).to.equal(
        `Error: NotNominee: ${world.carol.address} is not nominated as the builder of campaign 1: the project's owner (or the current builder) must nominate this account first (campaign assign-builder), then it accepts`,
      );
      expect((await runTask(["campaign", "assign-builder"], { id: campaign.id, account: "none", from: owner })).stdout).to.match(
        /^Cleared the builder nomination of campaign 1: nobody can accept the role until someone is nominated again \(tx 0x/,
      );
      await runTaskJson(["campaign", "assign-builder"], { id: campaign.id, account: bob, from: owner });
      const accepted = await runTask(["campaign", "accept-builder"], { id: campaign.id, from: bob });
      expect(accepted.stdout).to.match(new RegExp(`^${world.bob.address} is now the builder of campaign 1: 15% of each claim is credited to you from now on \\(tx 0x`));
      expect(field((await runTask(["campaign", "show"], { id: campaign.id })).stdout, "builder")).to.equal(
        `${world.bob.address}; only they can hand the role on (campaign assign-builder 1 <address> --from the builder)`,
      );
    });

    it("claims with the shares said, and shows the split of what was paid out", async () => {
      const { world, owner, bob, alice } = await withDependencies();
      const campaign = await openWithShare(owner, "15%");
      await runTaskJson(["campaign", "assign-builder"], { id: campaign.id, account: bob, from: owner });
      await runTaskJson(["campaign", "accept-builder"], { id: campaign.id, from: bob });
      await fund(campaign, alice);
      expect(field((await runTask(["campaign", "show"], { id: campaign.id })).stdout, "split")).to.equal(
        `of 10 ETH (what the next claim pays out): 7.5 to the project, 1.5 to the builder ${world.bob.address}, 0.5 to project 2 (ethers), 0.25 to project 3 (viem), 0.25 to the protocol fee`,
      );
      const claimed = await runTask(["campaign", "claim"], { id: campaign.id, from: owner });
      expect(claimed.stdout).to.match(
        new RegExp(
          `^Claimed 7\\.5 ETH to ${world.payout.address} \\(fee 0\\.25 ETH\\); 1\\.5 ETH credited to the builder ${world.bob.address}, 0\\.5 ETH credited to project 2 \\(ethers\\), 0\\.25 ETH credited to project 3 \\(viem\\), for them to withdraw \\(funds show\\) \\(tx 0x`,
        ),
      );
      expect(field((await runTask(["campaign", "show"], { id: campaign.id })).stdout, "split")).to.match(/^of 10 ETH \(all it paid out\): 7\.5 to the project, 1\.5 to the builder /);
    });

    it("names who a claim paid, not the current builder: after a hand-on, and after a release to the project", async () => {
      const { world, owner, bob, carol, alice, stranger } = await withDependencies();
      const campaign = await openWithShare(owner, "15%");
      await runTaskJson(["campaign", "assign-builder"], { id: campaign.id, account: bob, from: owner });
      await runTaskJson(["campaign", "accept-builder"], { id: campaign.id, from: bob });
      await fund(campaign, alice);
      await runTaskJson(["campaign", "claim"], { id: campaign.id, from: owner });
      await runTaskJson(["campaign", "assign-builder"], { id: campaign.id, account: carol, from: bob });
      await runTaskJson(["campaign", "accept-builder"], { id: campaign.id, from: carol });
      expect(field((await runTask(["campaign", "show"], { id: campaign.id })).stdout, "split")).to.equal(
        `of 10 ETH (all it paid out): 7.5 to the project, 1.5 to the builder ${world.bob.address}, 0.5 to project 2 (ethers), 0.25 to project 3 (viem), 0.25 to the protocol fee`,
      );
      const waited = await openWithShare(owner, "15%");
      await fund(waited, alice);
      await runTaskJson(["campaign", "claim"], { id: waited.id, from: owner });
      expect(field((await runTask(["campaign", "show"], { id: waited.id })).stdout, "split")).to.equal(
        "of 10 ETH (all it paid out): 7.5 to the project, 1.5 waiting for a builder to accept, 0.5 to project 2 (ethers), 0.25 to project 3 (viem), 0.25 to the protocol fee",
      );
      await time.increase(BUILDER_ACCEPT_WINDOW);
      await runTaskJson(["campaign", "release-builder-share"], { id: waited.id, from: stranger });
      await runTaskJson(["campaign", "assign-builder"], { id: waited.id, account: carol, from: owner });
      await runTaskJson(["campaign", "accept-builder"], { id: waited.id, from: carol });
      expect(field((await runTask(["campaign", "show"], { id: waited.id })).stdout, "split")).to.equal(
        "of 10 ETH (all it paid out): 7.5 to the project, 1.5 released to the project, 0.5 to project 2 (ethers), 0.25 to project 3 (viem), 0.25 to the protocol fee",
      );
    });

    it("tells a claimed share waiting for a builder with the date it may go to the project, refuses its release before in words, releases it after", async () => {
      const { world, owner, alice, stranger } = await withDependencies();
      const campaign = await openWithShare(owner, "15%");
      await fund(campaign, alice);
      const claimed = await runTask(["campaign", "claim"], { id: campaign.id, from: owner });
      expect(claimed.stdout).to.match(/; 1\.5 ETH of builder share waits in the campaign for a builder to accept, 0\.5 ETH credited to project 2 \(ethers\)/);
      const releasableAt = (await now()) + BUILDER_ACCEPT_WINDOW;
      const shown = await runTask(["campaign", "show"], { id: campaign.id });
      expect(field(shown.stdout, "waiting")).to.equal(
        `1.5 ETH of builder share credited while nobody had accepted: whoever accepts first takes it; from ${formatDate(releasableAt)} anyone may release it to the project instead (campaign release-builder-share 1)`,
      );
      expect(refusal(await runTask(["campaign", "release-builder-share"], { id: campaign.id, from: stranger }))).to.equal(
        `Error: BuilderShareStillWaiting: the builder share of campaign 1 waits for a builder to accept until ${formatDate(releasableAt)}: nominate one (campaign assign-builder), or release it to the project after that date`,
      );
      await time.increaseTo(releasableAt);
      expect(field((await runTask(["campaign", "show"], { id: campaign.id })).stdout, "waiting")).to.match(new RegExp(`since ${formatDate(releasableAt)} anyone may release it`));
      const released = await runTask(["campaign", "release-builder-share"], { id: campaign.id, from: stranger });
      expect(released.stdout).to.match(
        /^Released 1\.5 ETH of builder share nobody accepted in campaign 1 to project 1's credit: a maintainer of the project withdraws it to its payout address \(funds withdraw --project 1\) \(tx 0x/,
      );
      expect(refusal(await runTask(["campaign", "release-builder-share"], { id: campaign.id, from: stranger }))).to.match(/^Error: NoWaitingBuilderShare: no builder share waits in campaign 1, so there is nothing to release/);
      expect((await runTask(["funds", "show"], { account: world.payout.address })).stdout).to.equal(
        `Nothing is owed to ${world.payout.address}: no builder share, and no credit for a project it maintains; project 1's credits (1.5 ETH) are paid to this address when one of its maintainers withdraws them (funds withdraw --project 1 --from <maintainer>)`,
      );
      expect(refusal(await runTask(["funds", "withdraw"], { project: "7", from: owner }))).to.equal("Error: there is no project 7 (project list shows the ids)");
    });

    it("tells the builder who accepts what waited, and how to withdraw it", async () => {
      const { world, owner, bob, alice } = await withDependencies();
      const campaign = await openWithShare(owner, "15%");
      await fund(campaign, alice);
      await runTaskJson(["campaign", "claim"], { id: campaign.id, from: owner });
      await runTaskJson(["campaign", "assign-builder"], { id: campaign.id, account: bob, from: owner });
      const owed = await runTask(["funds", "show"], { from: bob });
      expect(owed.stdout.split("\n")).to.deep.equal([
        `Owed to ${world.bob.address}:`,
        `  nominated as the builder of campaign 1 (15% of each claim), not accepted: 1.5 ETH waits for the builder (campaign accept-builder 1 --from ${world.bob.address})`,
      ]);
      expect((await runTask(["campaign", "accept-builder"], { id: campaign.id, from: bob })).stdout).to.match(
        new RegExp(`^${world.bob.address} is now the builder of campaign 1: 15% of each claim is credited to you from now on; the 1\\.5 ETH of builder share that waited is now yours \\(funds withdraw --token ETH --from ${world.bob.address}\\) \\(tx 0x`),
      );
      expect(refusal(await runTask(["campaign", "accept-builder"], { id: campaign.id, from: bob }))).to.equal(
        `Error: ${world.bob.address} is already the builder of campaign 1: there is nothing to accept (funds show --from ${world.bob.address} lists what it is owed)`,
      );
    });
  });

  describe("funds", () => {
    it("shows what is owed to a builder and to the projects an account maintains, then withdraws each, with nothing left", async () => {
      const { world, owner, bob, carol, alice } = await withDependencies();
      const campaign = await openWithShare(owner, "15%");
      await runTaskJson(["campaign", "assign-builder"], { id: campaign.id, account: bob, from: owner });
      await runTaskJson(["campaign", "accept-builder"], { id: campaign.id, from: bob });
      await fund(campaign, alice);
      await runTaskJson(["campaign", "claim"], { id: campaign.id, from: owner });

      expect((await runTask(["funds", "show"], { from: bob })).stdout.split("\n")).to.deep.equal([
        `Owed to ${world.bob.address}:`,
        `  as a builder: 1.5 ETH (funds withdraw --from ${world.bob.address}; --to sends it elsewhere)`,
      ]);
      expect((await runTask(["funds", "show"], { account: carol })).stdout.split("\n")).to.deep.equal([
        `Owed to ${world.carol.address}:`,
        `  to project 2 (ethers), which it maintains: 0.5 ETH, paid to its payout address ${world.carol.address} (funds withdraw --project 2 --from ${world.carol.address})`,
      ]);
      const json = await runTaskJson<{ asBuilder: Array<{ token: string; amount: string }> }>(["funds", "show"], { account: bob });
      expect(json.asBuilder).to.deep.equal([{ token: ethers.ZeroAddress, amount: ethers.parseEther("1.5").toString() }]);

      const to = world.stranger.address;
      const before = await ethers.provider.getBalance(to);
      expect((await runTask(["funds", "withdraw"], { from: bob, to })).stdout).to.match(new RegExp(`^Sent 1\\.5 ETH of builder shares to ${to} \\(tx 0x[0-9a-f]{64}\\)$`));
      expect(await ethers.provider.getBalance(to)).to.equal(before + ethers.parseEther("1.5"));
      expect((await runTask(["funds", "withdraw"], { from: carol, project: "2" })).stdout).to.match(
        new RegExp(`^Sent 0\\.5 ETH of project 2's credits to its payout address ${world.carol.address} \\(tx 0x`),
      );
      expect((await runTask(["funds", "show"], { from: bob })).stdout).to.equal(`Nothing is owed to ${world.bob.address}: no builder share, and no credit for a project it maintains`);
      expect(refusal(await runTask(["funds", "withdraw"], { from: bob }))).to.equal(
        `Error: nothing is owed to ${world.bob.address} as a builder in any token: funds show --account ${world.bob.address} lists what is owed to it, and to the projects it maintains (withdraw those with --project)`,
      );
      expect(refusal(await runTask(["funds", "withdraw"], { from: carol, project: "2", token: "ETH" }))).to.equal(
        "Error: NothingToWithdraw: nothing is owed in ETH to this project: it was withdrawn already, or it is owed in another token; funds show lists what is owed to an account and to the projects it maintains, token by token (withdraw with --token)",
      );
    });

    it("withdraws an ERC-20 builder share with --token, and refuses --to for a project's credits or a non-maintainer's withdrawal", async () => {
      const { world, owner, bob, alice, stranger } = await withDependencies();
      const campaign = await openWithShare(owner, "10%", { token: world.tokenAddress, goal: "100" });
      await runTaskJson(["campaign", "assign-builder"], { id: campaign.id, account: bob, from: owner });
      await runTaskJson(["campaign", "accept-builder"], { id: campaign.id, from: bob });
      await runTaskJson(["campaign", "pledge"], { id: campaign.id, amount: "100", from: alice, allowance: "auto" });
      await time.increaseTo(campaign.deadline + 1n);
      await runTaskJson(["campaign", "claim"], { id: campaign.id, from: owner });
      const withdrawn = await runTaskJson<{ withdrawals: Array<{ amount: string; token: string; to: string }> }>(["funds", "withdraw"], { from: bob, token: world.tokenAddress });
      expect(withdrawn.withdrawals.map((entry) => [entry.amount, entry.token, entry.to])).to.deep.equal([["10000000", world.tokenAddress, world.bob.address]]);
      expect(refusal(await runTask(["funds", "withdraw"], { from: stranger, project: "3", to: bob }))).to.equal(
        "Error: a project's credits always go to its payout address: leave --to out (the project's owner changes the payout address with project set-payout)",
      );
      expect(refusal(await runTask(["funds", "withdraw"], { from: bob, project: "3", token: world.tokenAddress }))).to.match(
        /^Error: NotProjectMaintainer: 0x[0-9a-fA-F]{40} is not a maintainer of project 3: act as one of its maintainers \(--from\)/,
      );
      expect((await runTask(["funds", "withdraw"], { from: stranger, project: "3" })).stdout).to.match(/^Sent 2\.5 PUSD of project 3's credits to its payout address 0x/);
    });
  });

  describe("history and solvency", () => {
    it("tells the split's events in a campaign's history in words, in the token's units and percent", async () => {
      const { world, owner, bob, alice } = await withDependencies();
      const campaign = await openWithShare(owner, "15%");
      await runTaskJson(["campaign", "assign-builder"], { id: campaign.id, account: bob, from: owner });
      await fund(campaign, alice);
      await runTaskJson(["campaign", "claim"], { id: campaign.id, from: owner });
      await runTaskJson(["campaign", "accept-builder"], { id: campaign.id, from: bob });
      const history = await runTask(["campaign", "history"], { id: campaign.id, pageSize: "5000" });
      const details = history.stdout
        .split("\n")
        .slice(2)
        .map((line) => line.split(/\s{2,}/).slice(1));
      expect(details.filter(([event]) => !["CampaignOpened", "GoalReached", "Pledged", "CampaignClaimed"].includes(event ?? ""))).to.deep.equal([
        ["CampaignSplitSet", "split set at opening: 15% of each claim to its builder, 7.5% to the project's dependencies (version 1 of its list, frozen)"],
        ["BuilderNominated", `${world.maintainer.address} nominated ${world.bob.address} as the builder; they accept to take the role`],
        ["BuilderShareCredited", "1.5 ETH of builder share waits for a builder to accept (nobody has yet)"],
        ["DependencyShareCredited", "0.5 ETH credited to dependency project 2 (ethers), for its maintainers to withdraw"],
        ["DependencyShareCredited", "0.25 ETH credited to dependency project 3 (viem), for its maintainers to withdraw"],
        ["BuilderAccepted", `${world.bob.address} became the builder, taking the 1.5 ETH of builder share that waited`],
      ]);
      inHumanUnits(history.stdout);
    });

    it("counts the shares owed in the escrow's solvency, in words, and holds them", async () => {
      const { owner, alice } = await withDependencies();
      const campaign = await openWithShare(owner, "15%");
      await fund(campaign, alice);
      await runTaskJson(["campaign", "claim"], { id: campaign.id, from: owner });
      const run = await runTask(["escrow", "solvency"], { pageSize: "5000" });
      expect(run.failed).to.equal(false);
      expect(run.stdout.split("\n")[3]?.replace(/\s+/g, " ")).to.equal("ETH 2.5 ETH 2.5 ETH 0 ETH OK");
      expect(run.stdout).to.include(
        "ETH owed: 0.25 ETH accrued protocol fees; 0.75 ETH projects' credits (dependency shares, released builder shares), not yet withdrawn; 1.5 ETH builder shares waiting in campaigns for a builder to accept (or their release to the project)",
      );
    });
  });
});
