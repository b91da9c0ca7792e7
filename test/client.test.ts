import { expect } from "chai";

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { AmountError, formatAmount, parseAmount } from "../client/amounts.js";
import { mapLimited } from "../client/concurrency.js";
import { MissingDeploymentError, readDeployment } from "../client/deployment.js";
import { OpenPledgeClient } from "../client/client.js";
import { OpenPledgeError } from "../client/errors.js";
import { getLogsPaged } from "../client/logs.js";
import { DAY, ethers, loadWorld, networkHelpers, now, type World } from "./helpers/fixture.js";

const { time } = networkHelpers;

function clientFor(world: World, signer: World["alice"]): OpenPledgeClient {
  return new OpenPledgeClient({ registry: world.registry.target as string, escrow: world.escrowAddress }, signer);
}

async function expectOpenPledgeError(call: Promise<unknown>, name: string, args: Record<string, unknown>): Promise<OpenPledgeError> {
  try {
    await call;
  } catch (error) {
    expect(error).to.be.instanceOf(OpenPledgeError);
    const decoded = error as OpenPledgeError;
    expect(decoded.errorName).to.equal(name);
    for (const [key, value] of Object.entries(args)) expect(decoded.args[key]).to.equal(value);
    return decoded;
  }
  throw new Error(`expected ${name}, but the call succeeded`);
}

describe("client", () => {
  describe("amounts", () => {
    it("reads and writes human amounts in a token's units", () => {
      expect(parseAmount("0.5", 18)).to.equal(5n * 10n ** 17n);
      expect(parseAmount("1,000.25", 6)).to.equal(1_000_250_000n);
      expect(parseAmount(" 100 ", 6)).to.equal(100_000_000n);
      expect(formatAmount(1_500_000n, 6)).to.equal("1.5");
      expect(formatAmount(2n * 10n ** 18n, 18)).to.equal("2");
    });

    it("refuses what is not a positive amount the token can hold", () => {
      for (const bad of ["-1", "0", "0.0", "1e5", "abc", "", "1.2345678", "0,5", "1,5", "1,0,0", "1,00"]) {
        expect(() => parseAmount(bad, 6), bad).to.throw(AmountError, /bad amount/);
      }
      expect(() => parseAmount("1.2345678", 6)).to.throw(/6 decimals, the amount has 7/);
      expect(() => parseAmount("0,5", 18)).to.throw(/use a dot as the decimal point/);
      expect(parseAmount("12,345,678.5", 6)).to.equal(12_345_678_500_000n);
    });
  });

  describe("mapLimited", () => {
    it("keeps the order and never runs more than the limit at once", async () => {
      let running = 0;
      let peak = 0;
      const results = await mapLimited([5, 1, 4, 2, 3], 2, async (value) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, value));
        running--;
        return value * 10;
      });
      expect(results).to.deep.equal([50, 10, 40, 20, 30]);
      expect(peak).to.equal(2);
      expect(await mapLimited([], 3, async (value: number) => value)).to.deep.equal([]);
    });
  });

  describe("deployments", () => {
    it("reads addresses, chain id and first block from Ignition's files, and says clearly what is missing", async () => {
      const dir = await mkdtemp(path.join(tmpdir(), "openpledge-deployments-"));
      try {
        await mkdir(path.join(dir, "chain-31337"));
        await writeFile(
          path.join(dir, "chain-31337", "deployed_addresses.json"),
          JSON.stringify({ "OpenPledge#ProjectRegistry": "0x5FbDB2315678afecb367f032d93F642f64180aa3", "OpenPledge#PledgeEscrow": "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" }),
        );
        const journal = [
          { chainId: 31337, type: "DEPLOYMENT_INITIALIZE" },
          { futureId: "OpenPledge#PledgeEscrow", receipt: { blockNumber: 2, status: "SUCCESS" }, type: "TRANSACTION_CONFIRM" },
          { futureId: "OpenPledge#ProjectRegistry", receipt: { blockNumber: 1, status: "SUCCESS" }, type: "TRANSACTION_CONFIRM" },
        ];
        await writeFile(path.join(dir, "chain-31337", "journal.jsonl"), journal.map((line) => JSON.stringify(line)).join("\n"));
        expect(await readDeployment(dir, "chain-31337")).to.deep.equal({
          registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
          escrow: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
          deploymentBlock: 1,
          chainId: 31337,
        });
        await mkdir(path.join(dir, "other"));
        await writeFile(path.join(dir, "other", "deployed_addresses.json"), JSON.stringify({ "TestToken#TestToken": "0x01" }));
        await expectRejects(readDeployment(dir, "other"), /has no OpenPledge module/);
        await expectRejects(readDeployment(dir, "chain-1"), /no OpenPledge deployment 'chain-1'/);
        await readDeployment(dir, "chain-1").catch((error: unknown) => expect(error).to.be.instanceOf(MissingDeploymentError));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe("actions", () => {
    it("registers, opens and pledges with human amounts; ERC-20 by permit, approval or existing allowance", async () => {
      const world = await loadWorld();
      const maintainer = clientFor(world, world.maintainer);
      const { projectId } = await maintainer.registerProject({ metadataURI: "ipfs://p2", payout: world.payout.address });
      expect(projectId).to.equal(2n);
      expect((await maintainer.getProject(projectId)).payout).to.equal(world.payout.address);
      const deadline = (await now()) + 10n * DAY;
      const { campaignId: ethId } = await maintainer.openCampaign({ projectId, specURI: "spec", token: "ETH", goal: "2.5", deadline });
      const { campaignId: usdId } = await maintainer.openCampaign({
        projectId,
        specURI: "spec",
        token: world.tokenAddress,
        goal: "1000",
        deadline,
      });
      const ethCampaign = await maintainer.getCampaign(ethId);
      expect([ethCampaign.goal, ethCampaign.goalText, ethCampaign.state, ethCampaign.token.symbol]).to.deep.equal([
        ethers.parseEther("2.5"),
        "2.5",
        "Funding",
        "ETH",
      ]);

      const alice = clientFor(world, world.alice);
      const ethPledge = await alice.pledge(ethId, "1.5");
      expect([ethPledge.amount, ethPledge.allowance]).to.deep.equal([ethers.parseEther("1.5"), "none"]);
      const byPermit = await alice.pledge(usdId, "100");
      expect(byPermit.allowance).to.equal("permit");
      const byApproval = await alice.pledge(usdId, "50", "approve");
      expect(byApproval.allowance).to.equal("approved");
      await (await world.token.connect(world.alice).approve(world.escrowAddress, 10_000_000n)).wait();
      const existing = await alice.pledge(usdId, 10_000_000n);
      expect(existing.allowance).to.equal("existing");
      expect(await alice.pledgeOf(usdId, world.alice.address)).to.equal(160_000_000n);
      expect(await alice.format(160_000_000n, world.tokenAddress)).to.equal("160 PUSD");

      await alice.withdrawPledge(ethId, "0.5");
      expect(await alice.pledgeOf(ethId, world.alice.address)).to.equal(ethers.parseEther("1"));
      await clientFor(world, world.bob).pledge(ethId, "1.5");
      await time.increaseTo(deadline + 1n);
      const claim = await maintainer.claim(ethId);
      expect(claim.payout).to.equal(world.payout.address);
      expect(claim.amount + claim.fee).to.equal(ethers.parseEther("2.5"));
      const refund = await alice.refund(usdId);
      expect(refund.amount).to.equal(160_000_000n);
    });

    it("drives milestones and reports progress", async () => {
      const world = await loadWorld();
      const maintainer = clientFor(world, world.maintainer);
      const deadline = (await now()) + 5n * DAY;
      const { campaignId } = await maintainer.openCampaign({
        projectId: 1n,
        specURI: "spec",
        token: "ETH",
        goal: "1",
        deadline,
        milestones: {
          initialShareBps: 0,
          reviewWindowSeconds: 2n * DAY,
          objectionThresholdBps: 0,
          milestones: [{ shareBps: 10_000, due: deadline + 10n * DAY }],
        },
      });
      const alice = clientFor(world, world.alice);
      await alice.pledge(campaignId, "1");
      await time.increaseTo(deadline + 1n);
      const { reviewEnd } = await maintainer.submitMilestone(campaignId, "ipfs://delivery");
      await alice.objectMilestone(campaignId);
      let progress = await maintainer.getMilestoneProgress(campaignId);
      expect([progress.objectionWeight, progress.reviewEnd, progress.milestones.length]).to.deep.equal([
        ethers.parseEther("1"),
        reviewEnd,
        1,
      ]);
      await alice.withdrawObjection(campaignId);
      await time.increaseTo(reviewEnd + 1n);
      await maintainer.settleMilestone(campaignId);
      progress = await maintainer.getMilestoneProgress(campaignId);
      expect([progress.current, progress.releasedBps]).to.deep.equal([1n, 10_000n]);
      expect((await maintainer.getCampaign(campaignId)).hasMilestones).to.equal(true);
    });

    it("manages maintainers and payout, and cancels", async () => {
      const world = await loadWorld();
      const owner = clientFor(world, world.maintainer);
      await owner.addMaintainer(1n, world.alice.address);
      expect(await owner.isMaintainer(1n, world.alice.address)).to.equal(true);
      await owner.removeMaintainer(1n, world.alice.address);
      expect(await owner.isMaintainer(1n, world.alice.address)).to.equal(false);
      await owner.setPayoutAddress(1n, world.carol.address);
      await owner.setProjectMetadata(1n, "ipfs://new", "https://git.example/x");
      await owner.transferProjectOwnership(1n, world.bob.address);
      await clientFor(world, world.bob).acceptProjectOwnership(1n);
      const project = await owner.getProject(1n);
      expect([project.owner, project.payout, project.metadataURI]).to.deep.equal([world.bob.address, world.carol.address, "ipfs://new"]);
      // The event listing tells the same story as the registry: every change applied.
      const [listed] = await owner.listProjects();
      expect([listed?.owner, listed?.payout, listed?.metadataURI, listed?.repository]).to.deep.equal([
        world.bob.address,
        world.carol.address,
        "ipfs://new",
        "https://git.example/x",
      ]);
      const { campaignId } = await owner.openCampaign({ projectId: 1n, specURI: "s", token: "ETH", goal: "1", deadline: (await now()) + DAY });
      await owner.cancelCampaign(campaignId);
      expect((await owner.getCampaign(campaignId)).state).to.equal("Cancelled");
    });
  });

  describe("errors", () => {
    it("come back as typed errors naming the custom error and its arguments", async () => {
      const world = await loadWorld();
      const alice = clientFor(world, world.alice);
      const unknown = await expectOpenPledgeError(alice.pledge(99n, "1"), "UnknownCampaign", { campaignId: 99n });
      expect(unknown.message).to.equal("UnknownCampaign: there is no campaign 99");
      const { campaignId } = await clientFor(world, world.maintainer).openCampaign({
        projectId: 1n,
        specURI: "s",
        token: "ETH",
        goal: "1",
        deadline: (await now()) + DAY,
      });
      const notRefundable = await expectOpenPledgeError(alice.refund(campaignId), "NotRefundable", { campaignId, state: 0n });
      expect(notRefundable.message).to.equal(`NotRefundable: campaign ${campaignId} cannot be refunded (it is Funding)`);
      await expectOpenPledgeError(alice.openCampaign({ projectId: 1n, specURI: "s", token: "ETH", goal: "1", deadline: (await now()) + DAY }), "NotProjectMaintainer", {
        projectId: 1n,
        caller: world.alice.address,
      });
      await expectOpenPledgeError(alice.getProject(7n), "UnknownProject", { projectId: 7n });
      await expectOpenPledgeError(alice.withdrawPledge(campaignId, "5"), "InsufficientPledge", { requested: ethers.parseEther("5"), available: 0n });
      expect(() => new OpenPledgeClient({ registry: world.escrowAddress, escrow: world.escrowAddress }, ethers.provider).signer).to.throw(
        /read-only/,
      );
    });
  });

  describe("reading events", () => {
    it("lists projects, campaigns, history and backers across pages, and survives an RPC's range limit", async () => {
      const world = await loadWorld();
      const maintainer = clientFor(world, world.maintainer);
      const deadline = (await now()) + 10n * DAY;
      const ids: bigint[] = [];
      for (let i = 0; i < 4; i++) {
        ids.push((await maintainer.openCampaign({ projectId: 1n, specURI: `spec-${i}`, token: "ETH", goal: "3", deadline })).campaignId);
      }
      const first = ids[0] ?? 0n;
      for (const backer of [world.alice, world.bob, world.carol]) await clientFor(world, backer).pledge(first, "1");
      await clientFor(world, world.bob).withdrawPledge(first, "0.25");
      const reader = new OpenPledgeClient({ registry: world.registry.target as string, escrow: world.escrowAddress }, ethers.provider, {
        pageSize: 2,
      });
      expect((await reader.listProjects()).map((project) => project.id)).to.deep.equal([1n]);
      expect((await reader.listCampaigns()).map((campaign) => campaign.id)).to.deep.equal(ids);
      expect(await reader.listCampaigns({ projectId: 2n })).to.deep.equal([]);
      const history = await reader.campaignHistory(first);
      expect(history.map((event) => event.name)).to.deep.equal(["CampaignOpened", "Pledged", "Pledged", "Pledged", "PledgeWithdrawn"]);
      const backers = await reader.campaignBackers(first);
      expect(backers.map((standing) => [standing.backer, standing.pledged, standing.contributed])).to.deep.equal([
        [world.alice.address, ethers.parseEther("1"), ethers.parseEther("1")],
        [world.bob.address, ethers.parseEther("0.75"), ethers.parseEther("1")],
        [world.carol.address, ethers.parseEther("1"), ethers.parseEther("1")],
      ]);

      // A node that refuses more than 3 blocks per request: pages shrink until they pass.
      let refused = 0;
      const limited = {
        getLogs: async (filter: { fromBlock?: unknown; toBlock?: unknown }) => {
          if (Number(filter.toBlock) - Number(filter.fromBlock) + 1 > 3) {
            refused++;
            throw new Error("query exceeds max block range 3");
          }
          return ethers.provider.getLogs(filter as never);
        },
      };
      const latest = await ethers.provider.getBlockNumber();
      const logs = await getLogsPaged(limited as never, { address: world.escrowAddress }, 0, latest, 1000);
      expect(refused).to.be.greaterThan(0);
      expect(logs.length).to.equal((await ethers.provider.getLogs({ address: world.escrowAddress, fromBlock: 0, toBlock: latest })).length);
      await expectRejects(getLogsPaged(limited as never, { address: world.escrowAddress }, 0, latest, 0), /positive integer/);
    });
  });
});

async function expectRejects(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(String(error)).to.match(pattern);
    return;
  }
  throw new Error("expected a rejection");
}
