import { expect } from "chai";

import { runTask, runTaskJson } from "./helpers/capture.js";
import { DAY, ethers, loadWorld, networkHelpers, now } from "./helpers/fixture.js";

const { time } = networkHelpers;

/** The account index of an address, as `--from` takes it. */
function indexOf(signers: Array<{ address: string }>, address: string): string {
  const index = signers.findIndex((signer) => signer.address === address);
  if (index < 0) throw new Error(`${address} is not one of the accounts`);
  return String(index);
}

interface Campaign {
  id: string;
  state: string;
  pledged: string;
  goal: string;
  token: { symbol: string };
}

describe("tasks (in-process)", () => {
  it("project register / show / list / add-maintainer / remove-maintainer / set-payout", async () => {
    const world = await loadWorld();
    const registered = await runTaskJson<{ projectId: string }>(["project", "register"], {
      metadata: "ipfs://cli-project",
      repository: "https://git.example/cli",
      payout: "5",
      from: "6",
    });
    expect(registered.projectId).to.equal("2");
    const signers = await ethers.getSigners();
    const shown = await runTaskJson<{ owner: string; payout: string; youMaintain: boolean }>(["project", "show"], { id: "2", from: "6" });
    expect([shown.owner, shown.payout, shown.youMaintain]).to.deep.equal([signers[6]?.address, signers[5]?.address, true]);
    const human = await runTask(["project", "show"], { id: "2" });
    expect(human.stdout).to.match(/metadata\s+ipfs:\/\/cli-project/);
    const listed = await runTaskJson<Array<{ id: string }>>(["project", "list"], { pageSize: "3" });
    expect(listed.map((project) => project.id)).to.deep.equal(["1", "2"]);
    await runTaskJson(["project", "add-maintainer"], { id: "2", account: world.alice.address, from: "6" });
    expect(await world.registry.isMaintainer(2n, world.alice.address)).to.equal(true);
    await runTaskJson(["project", "remove-maintainer"], { id: "2", account: world.alice.address, from: "6" });
    expect(await world.registry.isMaintainer(2n, world.alice.address)).to.equal(false);
    await runTaskJson(["project", "set-payout"], { id: "2", payout: "7", from: "6" });
    expect(await world.registry.payoutOf(2n)).to.equal(signers[7]?.address);
  });

  it("campaign open / pledge / withdraw / show / list / backers / history / claim, with human amounts", async () => {
    const world = await loadWorld();
    const maintainer = indexOf(await ethers.getSigners(), world.maintainer.address);
    const alice = indexOf(await ethers.getSigners(), world.alice.address);
    const opened = await runTaskJson<{ campaignId: string; deadline: string }>(["campaign", "open"], {
      from: maintainer,
      project: "1",
      spec: "https://git.example/issues/1",
      token: "ETH",
      goal: "1.5",
      days: "7",
    });
    const id = opened.campaignId;
    const pledged = await runTaskJson<{ amount: string }>(["campaign", "pledge"], { id, amount: "2", from: alice, allowance: "auto" });
    expect(pledged.amount).to.equal(ethers.parseEther("2").toString());
    await runTaskJson(["campaign", "withdraw"], { id, amount: "0.5", from: alice });
    const shown = await runTaskJson<{ campaign: Campaign; yourPledge: string }>(["campaign", "show"], { id, from: alice });
    expect([shown.campaign.state, shown.campaign.pledged, shown.yourPledge]).to.deep.equal([
      "Funding",
      ethers.parseEther("1.5").toString(),
      ethers.parseEther("1.5").toString(),
    ]);
    const human = await runTask(["campaign", "show"], { id, from: alice });
    expect(human.stdout).to.match(/pledged\s+1\.5 ETH \(100%\)/);
    const listed = await runTask(["campaign", "list"], { project: "1", pageSize: "" });
    expect(listed.stdout).to.match(/1\s+1\s+1\.5 ETH\s+\S+\s+Funding/);
    const backers = await runTaskJson<{ backers: Array<{ backer: string; pledged: string }> }>(["campaign", "backers"], { id, pageSize: "2" });
    expect(backers.backers).to.deep.equal([
      { backer: world.alice.address, pledged: ethers.parseEther("1.5").toString(), contributed: ethers.parseEther("2").toString(), refunded: "0" },
    ]);
    const history = await runTaskJson<Array<{ name: string }>>(["campaign", "history"], { id, pageSize: "" });
    expect(history.map((event) => event.name)).to.deep.equal(["CampaignOpened", "Pledged", "PledgeWithdrawn"]);
    await time.increaseTo(BigInt(opened.deadline) + 1n);
    const payoutBefore = await ethers.provider.getBalance(world.payout.address);
    const claimed = await runTask(["campaign", "claim"], { id, from: maintainer });
    expect(claimed.stdout).to.match(/^Claimed 1\.4625 ETH to 0x[0-9a-fA-F]{40} \(fee 0\.0375 ETH\)/);
    expect(await ethers.provider.getBalance(world.payout.address)).to.equal(payoutBefore + ethers.parseEther("1.4625"));
  });

  it("ERC-20 pledge by permit, cancel and refund; milestone submit / object / withdraw-objection / settle; chain advance", async () => {
    const world = await loadWorld();
    const signers = await ethers.getSigners();
    const maintainer = indexOf(signers, world.maintainer.address);
    const alice = indexOf(signers, world.alice.address);
    const usd = await runTaskJson<{ campaignId: string }>(["campaign", "open"], {
      from: maintainer,
      project: "1",
      spec: "s",
      token: world.tokenAddress,
      goal: "1000",
      days: "3",
    });
    const permitPledge = await runTaskJson<{ allowance: string; amount: string }>(["campaign", "pledge"], {
      id: usd.campaignId,
      amount: "250.5",
      from: alice,
      allowance: "permit",
    });
    expect([permitPledge.allowance, permitPledge.amount]).to.deep.equal(["permit", "250500000"]);
    await runTaskJson(["campaign", "cancel"], { id: usd.campaignId, from: maintainer });
    const balanceBefore = await world.token.balanceOf(world.alice.address);
    await runTaskJson(["campaign", "refund"], { id: usd.campaignId, from: alice });
    expect(await world.token.balanceOf(world.alice.address)).to.equal(balanceBefore + 250_500_000n);

    const milestone = await runTaskJson<{ campaignId: string; deadline: string }>(["campaign", "open"], {
      from: maintainer,
      project: "1",
      spec: "s",
      token: "ETH",
      goal: "1",
      days: "2",
      milestones: "60:10,40:20",
      initialShare: "0",
      reviewDays: "3",
      threshold: "",
    });
    const id = milestone.campaignId;
    await runTaskJson(["campaign", "pledge"], { id, amount: "1", from: alice, allowance: "auto" });
    const advanced = await runTaskJson<{ advancedSeconds: number }>(["chain", "advance"], { days: "2.5", seconds: "" });
    expect(advanced.advancedSeconds).to.equal(216_000);
    await runTaskJson(["milestone", "submit"], { id, uri: "ipfs://delivery", from: maintainer });
    await runTaskJson(["milestone", "object"], { id, from: alice });
    expect(await world.escrow.isObjecting(BigInt(id), world.alice.address)).to.equal(true);
    await runTaskJson(["milestone", "withdraw-objection"], { id, from: alice });
    expect(await world.escrow.isObjecting(BigInt(id), world.alice.address)).to.equal(false);
    await runTaskJson(["chain", "advance"], { days: "", seconds: String(3n * DAY + 1n) });
    const settled = await runTaskJson<{ state: string }>(["milestone", "settle"], { id, from: "0" });
    expect(settled.state).to.equal("Succeeded");
    const shown = await runTask(["campaign", "show"], { id });
    expect(shown.stdout).to.match(/milestones\s+1\/2 accepted, 60% released/);
  });

  it("fails with one clear line and a non-zero exit for every kind of bad input", async () => {
    const world = await loadWorld();
    const alice = indexOf(await ethers.getSigners(), world.alice.address);
    const cases: Array<[string[], Record<string, unknown>, RegExp]> = [
      [["project", "show"], { id: "9" }, /^Error: UnknownProject: there is no project 9$/],
      [["project", "show"], { id: "abc" }, /^Error: project id must be a positive whole number, not "abc"$/],
      [["campaign", "pledge"], { id: "99", amount: "1", allowance: "auto", from: alice }, /^Error: UnknownCampaign: there is no campaign 99$/],
      [["campaign", "pledge"], { id: "1", amount: "1", allowance: "sideways" }, /^Error: --allowance must be auto, permit or approve/],
      [["campaign", "open"], { project: "1", spec: "s", token: "ETH", goal: "-3", days: "3", deadline: "", milestones: "", initialShare: "0", reviewDays: "3", threshold: "" }, /^Error: bad amount "-3"/],
      [["campaign", "open"], { project: "1", spec: "s", token: "DOGE", goal: "1", days: "3", deadline: "", milestones: "", initialShare: "0", reviewDays: "3", threshold: "" }, /^Error: "DOGE" is neither ETH nor a token address$/],
      [["campaign", "open"], { project: "1", spec: "s", token: "ETH", goal: "1", days: "3", deadline: "", milestones: "60", initialShare: "0", reviewDays: "3", threshold: "" }, /^Error: --milestones takes/],
      [["campaign", "refund"], { id: "1", from: "77" }, /^Error: "77" is neither an address nor the index of one of the \d+ accounts/],
      [["project", "show"], { id: "1", deploymentId: "nowhere" }, /^Error: no OpenPledge deployment 'nowhere'/],
      [["chain", "advance"], { days: "", seconds: "" }, /^Error: give --days or --seconds$/],
      [["chain", "advance"], { days: "1e3", seconds: "" }, /^Error: --days must be a positive number of days/],
      [["campaign", "open"], { project: "1", spec: "s", token: "ETH", goal: "1", days: "3", deadline: "", milestones: "60:10,40:20", initialShare: "0", reviewDays: "3", threshold: "50.555" }, /^Error: --threshold must be a percentage from 0 to 100 with at most two decimals/],
      [["campaign", "open"], { project: "1", spec: "s", token: "ETH", goal: "1", days: "0x10", deadline: "", milestones: "", initialShare: "0", reviewDays: "3", threshold: "" }, /^Error: --days must be a positive number of days/],
    ];
    await (await world.escrow.connect(world.maintainer).openCampaign(1n, "s", ethers.ZeroAddress, 1n, (await now()) + DAY)).wait();
    for (const [id, args, message] of cases) {
      const run = await runTask(id, args);
      expect(run.failed, `${id.join(" ")} should fail`).to.equal(true);
      expect(run.stderr.split("\n")).to.have.length(1);
      expect(run.stderr, id.join(" ")).to.match(message);
    }
  });
});
