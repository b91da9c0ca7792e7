import { rm } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";
import { getAddress, JsonRpcProvider, parseEther } from "ethers";

import { splitAmount } from "../client/node.js";
import { hardhatOnNode, startLocalNode, type LocalNode } from "../scripts/lib/local-node.js";
import { PledgeEscrow__factory } from "../typechain-types/index.js";

describe("end to end: hardhat node, Ignition, tasks typed as a user types them", function () {
  this.timeout(300_000);
  let node: LocalNode | undefined;
  let rpcUrl = "";
  let deploymentId = "";
  let provider: JsonRpcProvider;

  /** Runs `hardhat <args> --network localhost` on the test node; returns its exit code and output. */
  const hardhat = (...args: string[]) => hardhatOnNode(rpcUrl, args);

  /** Runs an OpenPledge task on the test deployment with --json and parses its output. */
  async function task<T>(...args: string[]): Promise<T> {
    const result = await hardhat(...args, "--deployment-id", deploymentId, "--json");
    if (result.code !== 0) throw new Error(`hardhat ${args.join(" ")} failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as T;
  }

  before(async () => {
    node = await startLocalNode();
    rpcUrl = node.rpcUrl;
    deploymentId = `e2e-${node.port}`;
    provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
    const deployed = await hardhat("ignition", "deploy", "deploy/modules/OpenPledge.ts", "--deployment-id", deploymentId);
    expect(deployed.code, deployed.stderr).to.equal(0);
  });

  after(async () => {
    provider?.destroy();
    await node?.stop();
    if (deploymentId !== "") await rm(path.join("deploy", "deployments", deploymentId), { recursive: true, force: true });
  });

  it("registers, opens, pledges from other accounts, moves time, claims and refunds, checked on chain", async () => {
    // The node lists its accounts in lower case; the tasks print them checksummed.
    const accounts = ((await provider.send("eth_accounts", [])) as string[]).map((account) => getAddress(account));
    const payout = accounts[5] ?? "";
    const refunder = accounts[2] ?? "";

    const project = await task<{ projectId: string }>("project", "register", "--metadata", "ipfs://e2e-project", "--payout", "5");
    expect(project.projectId).to.equal("1");
    const win = await task<{ campaignId: string }>("campaign", "open", "--project", "1", "--spec", "https://git.example/issues/1", "--goal", "2", "--days", "5", "--last-call", "1d");
    const lose = await task<{ campaignId: string }>("campaign", "open", "--project", "1", "--spec", "https://git.example/issues/2", "--goal", "100", "--days", "5", "--claim-days", "30");
    expect([win.campaignId, lose.campaignId]).to.deep.equal(["1", "2"]);

    await task("campaign", "pledge", "1", "2.5", "--from", "1");
    await task("campaign", "pledge", "2", "1", "--from", "2");
    const shown = await task<{ campaign: { state: string; pledged: string } }>("campaign", "show", "1");
    expect([shown.campaign.state, shown.campaign.pledged]).to.deep.equal(["Funding", parseEther("2.5").toString()]);

    const human = await hardhat("campaign", "show", "1", "--deployment-id", deploymentId);
    expect(human.stdout).to.match(/goal\s+2 ETH/);

    const advanced = await hardhat("chain", "advance", "--days", "6");
    expect(advanced.stdout).to.match(/^Chain time is now \w{3} .+ \(moved 6 days forward\)/);
    const payoutBefore = await provider.getBalance(payout);
    await task("campaign", "claim", "1");
    expect(await provider.getBalance(payout)).to.equal(payoutBefore + parseEther("2.5"));

    const refunderBefore = await provider.getBalance(refunder);
    const refunded = await task<{ amount: string; gasUsed: string; hash: string }>("campaign", "refund", "2", "--from", "2");
    const receipt = await provider.getTransactionReceipt(refunded.hash);
    const gasCost = (receipt?.gasUsed ?? 0n) * (receipt?.gasPrice ?? 0n);
    expect(await provider.getBalance(refunder)).to.equal(refunderBefore + parseEther("1") - gasCost);
    const addresses = (await import(path.resolve("deploy", "deployments", deploymentId, "deployed_addresses.json"), { with: { type: "json" } })) as {
      default: Record<string, string>;
    };
    const escrowAddress = addresses.default["OpenPledge#PledgeEscrow"] ?? "";
    expect(await provider.getBalance(escrowAddress)).to.equal(0n);
    expect(await PledgeEscrow__factory.connect(escrowAddress, provider).campaignState(2n)).to.equal(2n);

    const backers = await task<{ backers: Array<{ backer: string; refunded: string }> }>("campaign", "backers", "2", "--page-size", "2");
    expect(backers.backers).to.deep.equal([{ backer: refunder, pledged: "0", contributed: parseEther("1").toString(), refunded: parseEther("1").toString() }]);
  });

  it("checks the escrow's solvency: exit code 0 when it holds what it owes, 1 when it is short", async () => {
    const opened = await task<{ campaignId: string }>("campaign", "open", "--project", "1", "--spec", "https://git.example/issues/3", "--goal", "5", "--days", "5");
    await task("campaign", "pledge", opened.campaignId, "1", "--from", "3");
    const covered = await hardhat("escrow", "solvency", "--deployment-id", deploymentId);
    expect([covered.code, covered.stdout.split("\n")[3]?.replace(/\s+/g, " ")]).to.deep.equal([0, "ETH 1 ETH 1 ETH 0 ETH OK"]);
    const escrow = await task<{ escrow: string }>("escrow", "solvency");
    await provider.send("hardhat_setBalance", [escrow.escrow, "0x0"]);
    const short = await hardhat("escrow", "solvency", "--deployment-id", deploymentId);
    expect([short.code, short.stderr.trim()]).to.deep.equal([1, "Error: the escrow holds less than it owes: 1 ETH short (holds 0 ETH, owes 1 ETH)"]);
  });

  it("fails with a one-line error and a non-zero exit code", async () => {
    const unknown = await hardhat("campaign", "pledge", "99", "1", "--from", "1", "--deployment-id", deploymentId);
    expect(unknown.code).to.not.equal(0);
    expect(unknown.stderr.trim()).to.equal(
      "Error: UnknownCampaign: there is no campaign 99: check the id against the list of campaigns (campaign list, or the app's home page)",
    );
    const badAmount = await hardhat("campaign", "pledge", "1", "lots", "--deployment-id", deploymentId);
    expect(badAmount.code).to.not.equal(0);
    expect(badAmount.stderr.trim()).to.match(/^Error: bad amount "lots"/);
    const missing = await hardhat("project", "show", "1", "--deployment-id", "never-deployed");
    expect(missing.code).to.not.equal(0);
    expect(missing.stderr.trim()).to.match(/^Error: no OpenPledge deployment 'never-deployed'/);
  });

  it("a refund bonus as a user types it: deposit, the quote before a pledge, a reclaim refused in words, pledge plus share, the rest reclaimed", async () => {
    const sponsor = 4;
    const backer = 6;
    const opened = await task<{ campaignId: string }>("campaign", "open", "--project", "1", "--spec", "https://git.example/issues/4", "--goal", "1", "--days", "5", "--last-call", "1d");
    const id = opened.campaignId;
    const addresses = (await import(path.resolve("deploy", "deployments", deploymentId, "deployed_addresses.json"), { with: { type: "json" } })) as {
      default: Record<string, string>;
    };
    const escrow = addresses.default["OpenPledge#PledgeEscrow"] ?? "";
    const escrowBefore = await provider.getBalance(escrow);

    const deposited = await hardhat("campaign", "bonus", id, "0.1", "--from", String(sponsor), "--deployment-id", deploymentId);
    expect(deposited.stdout).to.match(new RegExp(`^Note: a bonus deposit is final until campaign ${id} is decided`));
    expect(deposited.stdout).to.match(/Deposited 0\.1 ETH into the refund bonus of campaign \d+: it now holds 0\.1 ETH \(10% of the goal; at most 0\.1 ETH\)/);
    const pledged = await hardhat("campaign", "pledge", id, "0.5", "--from", String(backer), "--deployment-id", deploymentId);
    const [quote, disclosure, done] = pledged.stdout.trim().split("\n");
    expect(quote).to.match(/^Refund bonus of 0\.1 ETH \(10% of the goal\): if this campaign fails you get your 0\.5 ETH back plus about 0\.0\d+ ETH, at its deadline/);
    expect(disclosure).to.match(/^Note: the bonus is paid only if the campaign fails, is cancelled or is not claimed in time: if it succeeds, this pledge is paid out to the project like any other/);
    expect(done).to.match(new RegExp(`^Pledged 0\\.5 ETH to campaign ${id} \\(tx 0x`));

    const early = await hardhat("campaign", "reclaim-bonus", id, "--from", String(sponsor), "--deployment-id", deploymentId);
    expect(early.code).to.not.equal(0);
    expect(early.stderr.trim()).to.match(/^Error: UnexpectedState: campaign \d+ is Funding; a refund bonus can only be reclaimed while it is Failed, Cancelled, Claimed, Rejected or Lapsed\. The bonus is decided when the campaign ends, at its deadline \(\w{3} /);

    const advanced = await hardhat("chain", "advance", "--days", "6", "--deployment-id", deploymentId);
    expect(advanced.code, advanced.stderr).to.equal(0);
    const refunded = await task<{ amount: string; bonus: string }>("campaign", "refund", id, "--from", String(backer));
    expect(refunded.amount).to.equal(parseEther("0.5").toString());
    // Held for all but the few seconds between the deposit and the pledge: a little under 10% of the pledge.
    expect(BigInt(refunded.bonus) > parseEther("0.0499") && BigInt(refunded.bonus) < parseEther("0.05")).to.equal(true);
    const reclaimed = await task<{ amount: string }>("campaign", "reclaim-bonus", id, "--from", String(sponsor));
    const dust = parseEther("0.6") - BigInt(refunded.amount) - BigInt(refunded.bonus) - BigInt(reclaimed.amount);
    expect(dust >= 0n && dust <= 1n).to.equal(true);
    expect(await provider.getBalance(escrow)).to.equal(escrowBefore + dust);
  });

  it("a builder and dependency split as a user types it: the list, the builder share, nomination and acceptance, the claim, each recipient's withdrawal to the wei", async () => {
    const accounts = ((await provider.send("eth_accounts", [])) as string[]).map((account) => getAddress(account));
    const [dependencyOwner, builder, backer] = [10, 11, 12];
    const address = (index: number) => accounts[index] ?? "";
    /** What a mined transaction cost its sender, from its receipt. */
    const gasOf = async (hash: string) => {
      const receipt = await provider.getTransactionReceipt(hash);
      return (receipt?.gasUsed ?? 0n) * (receipt?.gasPrice ?? 0n);
    };

    const dependency = await task<{ projectId: string }>("project", "register", "--metadata", "ipfs://e2e-dependency", "--payout", String(dependencyOwner), "--from", String(dependencyOwner));
    const declared = await hardhat("project", "set-dependencies", "1", `${dependency.projectId}:5%`, "--deployment-id", deploymentId);
    expect(declared.code, declared.stderr).to.equal(0);
    expect(declared.stdout).to.match(new RegExp(`^Project 1's dependency list is now version \\d+: 5% to project ${dependency.projectId}; 5% in all of every claim of the campaigns opened from now on`));
    const opened = await task<{ campaignId: string }>("campaign", "open", "--project", "1", "--spec", "https://git.example/issues/5", "--goal", "2", "--days", "5", "--last-call", "1d", "--builder-share", "10%");
    const id = opened.campaignId;
    await task("campaign", "assign-builder", id, String(builder));
    const accepted = await hardhat("campaign", "accept-builder", id, "--from", String(builder), "--deployment-id", deploymentId);
    expect(accepted.stdout).to.match(new RegExp(`^${address(builder)} is now the builder of campaign ${id}: 10% of each claim is credited to you from now on`));
    const gross = parseEther("2") + 9n;
    await task("campaign", "pledge", id, "2.000000000000000009", "--from", String(backer));
    const shown = await hardhat("campaign", "show", id, "--deployment-id", deploymentId);
    expect(shown.stdout).to.match(new RegExp(`split +of 2\\.000000000000000009 ETH \\(its total so far\\): 1\\.700000000000000009 to the project, 0\\.2 to the builder ${address(builder)}, 0\\.1 to project ${dependency.projectId}, 0 to the protocol fee`));

    expect((await hardhat("chain", "advance", "--days", "6")).code).to.equal(0);
    const campaign = await task<{ campaign: { feeBps: string } }>("campaign", "show", id);
    const expected = splitAmount({ feeBps: BigInt(campaign.campaign.feeBps), builderShareBps: 1_000n, dependencies: [{ projectId: BigInt(dependency.projectId), shareBps: 500n }] }, gross);
    const [dependencyPart] = expected.dependencies.map((entry) => entry.amount);
    const payoutBefore = await provider.getBalance(address(5));
    const claimed = await task<{ amount: string; fee: string; shares: { builder: { amount: string; to: string }; dependencies: Array<{ projectId: string; amount: string }> } }>("campaign", "claim", id);
    expect([BigInt(claimed.amount), BigInt(claimed.fee), BigInt(claimed.shares.builder.amount), claimed.shares.builder.to, BigInt(claimed.shares.dependencies[0]?.amount ?? -1)]).to.deep.equal([
      expected.project,
      expected.fee,
      expected.builder,
      address(builder),
      dependencyPart,
    ]);
    expect(await provider.getBalance(address(5))).to.equal(payoutBefore + expected.project);
    expect(expected.project + expected.builder + (dependencyPart ?? 0n) + expected.fee).to.equal(gross);

    const owed = await task<{ asBuilder: Array<{ amount: string }> }>("funds", "show", "--account", String(builder));
    expect(owed.asBuilder.map((share) => BigInt(share.amount))).to.deep.equal([expected.builder]);
    const builderBefore = await provider.getBalance(address(builder));
    const builderPaid = await task<{ withdrawals: Array<{ amount: string; hash: string }> }>("funds", "withdraw", "--from", String(builder));
    expect(await provider.getBalance(address(builder))).to.equal(builderBefore + expected.builder - (await gasOf(builderPaid.withdrawals[0]?.hash ?? "")));
    const dependencyBefore = await provider.getBalance(address(dependencyOwner));
    const dependencyPaid = await task<{ withdrawals: Array<{ amount: string; payout: string; hash: string }> }>("funds", "withdraw", "--project", dependency.projectId, "--from", String(dependencyOwner));
    expect(dependencyPaid.withdrawals[0]?.payout).to.equal(address(dependencyOwner));
    expect(await provider.getBalance(address(dependencyOwner))).to.equal(dependencyBefore + (dependencyPart ?? 0n) - (await gasOf(dependencyPaid.withdrawals[0]?.hash ?? "")));
    const again = await hardhat("funds", "withdraw", "--from", String(builder), "--deployment-id", deploymentId);
    expect([again.code, again.stderr.trim()]).to.deep.equal([1, `Error: nothing is owed to ${address(builder)} as a builder in any token: funds show --account ${address(builder)} lists what is owed to it, and to the projects it maintains (withdraw those with --project)`]);
  });
});
