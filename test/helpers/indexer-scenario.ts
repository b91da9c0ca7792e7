/**
 * The indexer's correctness suite, run against PGlite (test/indexer.pglite.test.ts) and a real Postgres
 * (test/indexer.postgres.test.ts): every registry and escrow action on a `hardhat node`, and at several chain times
 * (before deadlines, in last calls, after deadlines, in and after review windows, after due dates and claim windows)
 * every indexed row compared with the chain's views field by field. The indexer is stopped mid-way and started again
 * on the same database: it resumes, and ends with the very tables of an indexer built from scratch.
 *
 * Accounts: 0 protocol owner and guardian, 1 maintainer A (owns projects 1 and 3), 2 maintainer B, 3 payout,
 * 4 alice, 5 bob, 6 carol, 7 dave, 8 new owner of project 2, 9 fee recipient.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { keccak256, parseEther, parseUnits, toUtf8Bytes, ZeroAddress, ZeroHash, type ContractTransactionResponse } from "ethers";

import { IndexerReader, OpenPledgeClient } from "../../client/node.js";
import { startIndexer, type IndexerOptions, type RunningIndexer } from "../../scripts/lib/indexer.js";
import { startPostgres, type RunningPostgres } from "../../scripts/lib/postgres.js";
import { DAY, mineAt, nextAt, startChain, syncIndexer, type TestChain } from "./indexer-chain.js";
import { compareWithChain, dumpTables } from "./indexer-compare.js";

const eth = (amount: string): bigint => parseEther(amount);
const usd = (amount: string): bigint => parseUnits(amount, 6);
const LAST_CALL = DAY;
const CLAIM_WINDOW = 7n * DAY;
const SPEC_DOCUMENT = '{"name":"Offline mode","summary":"Work without a network"}';

export type Database = "pglite" | "postgres";

/** Defines the suite for one database. */
export function correctnessSuite(database: Database): void {
  describe(`indexer on ${database === "pglite" ? "PGlite" : "Postgres"}: every indexed row equals the chain's views`, function () {
    this.timeout(240_000);
    let chain: TestChain;
    let postgres: RunningPostgres | undefined;
    let folder = "";
    let indexer: RunningIndexer | undefined;
    const others: RunningIndexer[] = [];
    let s: HardhatEthersSigner[] = [];
    let T = 0n;
    const started = Date.now();
    const ids = { c1: 1n, c2: 2n, c3: 3n, c4: 4n, c5: 5n, c6: 6n, c7: 7n, c8: 8n };

    /** Where the resumed indexer keeps its tables (`fresh`: another database, built from scratch). */
    function placeOf(fresh: boolean): Pick<IndexerOptions, "directory" | "databaseUrl" | "schema"> {
      if (database === "postgres") return { databaseUrl: postgres?.url, schema: fresh ? "openpledge_fresh" : "openpledge_main" };
      return { directory: path.join(folder, fresh ? "fresh" : "main") };
    }

    async function start(fresh = false): Promise<RunningIndexer> {
      const running = await startIndexer({
        rpcUrl: chain.node.rpcUrl,
        deploymentId: chain.deploymentId,
        ...placeOf(fresh),
        env: { OPENPLEDGE_POLLING_MS: "200", OPENPLEDGE_DOCUMENTS: "off" },
      });
      others.push(running);
      return running;
    }

    async function send(call: Promise<ContractTransactionResponse>) {
      const receipt = await (await call).wait();
      if (receipt === null) throw new Error("no receipt");
      return receipt;
    }

    /** Compares everything at the chain's latest block; every difference is listed in the failure. */
    async function compare(): Promise<void> {
      if (indexer === undefined) throw new Error("no indexer");
      const head = await syncIndexer(indexer, chain);
      const { problems, checked } = await compareWithChain(indexer.url, chain, head.number);
      expect(problems, `${problems.length} of ${checked} values differ at block ${head.number} (T+${Number(head.timestamp - T) / 86_400} days):\n${problems.join("\n")}`).to.deep.equal([]);
      expect(checked).to.be.greaterThan(100);
    }

    /** A backer refunds; what their "my pledges" page said was refundable just before is what the escrow pays. */
    async function refundChecked(backer: HardhatEthersSigner, id: bigint): Promise<bigint> {
      if (indexer === undefined) throw new Error("no indexer");
      await syncIndexer(indexer, chain);
      const reader = new IndexerReader(indexer.url);
      const page = await reader.readAll((p) => reader.accountPledges(backer.address, p));
      const item = page.items.find((entry) => entry.pledge.campaignId === id.toString());
      const receipt = await send(chain.escrow.connect(backer).refund(id));
      const refunded = receipt.logs.map((log) => chain.escrow.interface.parseLog(log)).find((log) => log?.name === "Refunded");
      expect(item?.refundableNow, `refundableNow of ${backer.address} in campaign ${id}`).to.equal(String(refunded?.args.amount));
      return BigInt(String(refunded?.args.amount));
    }

    /** A maintainer claims; what their maintainer page said was claimable just before is what the escrow pays out. */
    async function claimChecked(maintainer: HardhatEthersSigner, id: bigint): Promise<void> {
      if (indexer === undefined) throw new Error("no indexer");
      await syncIndexer(indexer, chain);
      const page = await new IndexerReader(indexer.url).maintainer(maintainer.address);
      const item = page.claimsAvailable.find((entry) => entry.campaign.id === id.toString());
      const receipt = await send(chain.escrow.connect(maintainer).claim(id));
      const claimed = receipt.logs.map((log) => chain.escrow.interface.parseLog(log)).find((log) => log?.name === "CampaignClaimed");
      expect(item?.claimable, `claimable of campaign ${id}`).to.equal(String(BigInt(String(claimed?.args.amount)) + BigInt(String(claimed?.args.fee))));
    }

    before(async () => {
      if (database === "postgres") postgres = await startPostgres();
      folder = await mkdtemp(path.join(tmpdir(), "openpledge-indexer-"));
      chain = await startChain();
      s = chain.signers;
      const block = await chain.connection.ethers.provider.getBlock("latest");
      T = BigInt(block?.timestamp ?? 0) + 3_600n;
    });

    after(async () => {
      for (const running of others) await running.stop();
      await chain?.stop();
      await chain?.removeDeployment();
      await postgres?.stop();
      if (folder !== "") await rm(folder, { recursive: true, force: true });
      console.log(`      (${database}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    });

    it("registers projects, changes them, opens every kind of campaign and pledges; an indexer started afterwards catches up and agrees", async () => {
      const { registry, escrow, token, tokenAddress } = chain;
      const [owner, maintainerA, maintainerB, payout, alice, bob, carol, dave, newOwner] = s;
      if (!owner || !maintainerA || !maintainerB || !payout || !alice || !bob || !carol || !dave || !newOwner) throw new Error("accounts");
      await nextAt(chain, T);
      // Projects: registered, maintainers added and removed, payout and metadata changed, ownership handed over.
      await send(registry.connect(maintainerA).registerProject("ipfs://project-1", "https://github.com/openpledge/one", maintainerA.address));
      await send(registry.connect(maintainerA).addMaintainer(1n, maintainerB.address));
      await send(registry.connect(maintainerA).addMaintainer(1n, dave.address));
      await send(registry.connect(maintainerA).removeMaintainer(1n, dave.address));
      await send(registry.connect(maintainerA).setPayoutAddress(1n, payout.address));
      await send(registry.connect(maintainerA).setProjectMetadata(1n, "ipfs://project-1-v2", "https://github.com/openpledge/one-v2"));
      await send(registry.connect(maintainerB).registerProject("ipfs://project-2", "", maintainerB.address));
      await send(registry.connect(maintainerB).transferProjectOwnership(2n, newOwner.address));
      await send(registry.connect(newOwner).acceptProjectOwnership(2n));
      await send(registry.connect(maintainerA).registerProject("ipfs://project-3", "https://github.com/openpledge/three", payout.address));
      await send(registry.connect(maintainerA).transferProjectOwnership(3n, carol.address));
      // Protocol: pause and unpause, the token off and on the allowlist, a fee change scheduled (in force after 7 days).
      await send(escrow.connect(owner).pause());
      await send(escrow.connect(owner).unpause());
      await send(escrow.connect(owner).setTokenAllowed(tokenAddress, false));
      await send(escrow.connect(owner).setTokenAllowed(tokenAddress, true));
      await send(escrow.connect(owner).setFee(300));

      const D1 = T + 5n * DAY;
      const D2 = T + 6n * DAY;
      const plain = (projectId: bigint, goal: bigint, deadline: bigint, tokenOf = ZeroAddress, specHash = ZeroHash) => ({
        projectId,
        specURI: `https://github.com/openpledge/one/issues/${goal}`,
        specHash,
        token: tokenOf,
        goal,
        deadline,
        lastCall: LAST_CALL,
        claimWindow: CLAIM_WINDOW,
      });
      await send(escrow.connect(maintainerA).openCampaign(plain(1n, eth("2"), D1))); // 1: succeeds, claimed
      await send(escrow.connect(maintainerA).openCampaign({ ...plain(1n, usd("100"), D1, tokenAddress, keccak256(toUtf8Bytes(SPEC_DOCUMENT))), specURI: "https://example.org/spec.json" })); // 2: fails
      await send(escrow.connect(maintainerA).openCampaign(plain(1n, eth("5"), D1))); // 3: cancelled
      // Project 2's new owner is no maintainer (the registry does not make it one): its old owner, still one, opens.
      await send(escrow.connect(maintainerB).openCampaign(plain(2n, eth("1"), D1))); // 4: lapses
      await send(escrow.connect(maintainerB).openCampaign(plain(1n, eth("2.000001"), D1))); // 5: goal reached and left in its last call
      await send(
        escrow.connect(maintainerA).openCampaignWithMilestones(plain(1n, eth("3"), D2), {
          initialShareBps: 2_000,
          reviewWindow: DAY,
          objectionThresholdBps: 0,
          milestones: [
            { shareBps: 5_000, due: T + 12n * DAY },
            { shareBps: 3_000, due: T + 16n * DAY },
          ],
        }),
      ); // 6: milestone 0 accepted, milestone 1 rejected by objection
      await send(
        escrow.connect(maintainerB).openCampaignWithMilestones(plain(2n, usd("50"), D2, tokenAddress), {
          initialShareBps: 3_000,
          reviewWindow: 2n * DAY,
          objectionThresholdBps: 4_000,
          milestones: [{ shareBps: 7_000, due: T + 11n * DAY }],
        }),
      ); // 7: milestone 0 overdue

      // Pledges: ETH, approve + pledgeToken, permit (the client signs it), a partial withdrawal; a cancellation.
      await send(escrow.connect(alice).pledge(ids.c1, { value: eth("1.5") }));
      await send(escrow.connect(bob).pledge(ids.c1, { value: eth("1") }));
      await send(token.connect(alice).approve(await escrow.getAddress(), usd("30")));
      await send(escrow.connect(alice).pledgeToken(ids.c2, usd("30")));
      const permitted = await new OpenPledgeClient(chain.addresses, bob).pledge(ids.c2, usd("20"));
      expect(permitted.allowance).to.equal("permit");
      await send(escrow.connect(carol).pledge(ids.c3, { value: eth("1") }));
      await send(escrow.connect(dave).pledge(ids.c4, { value: eth("1.2") }));
      await send(escrow.connect(alice).pledge(ids.c5, { value: eth("1.2") }));
      await send(escrow.connect(alice).pledge(ids.c6, { value: eth("2") }));
      await send(escrow.connect(bob).pledge(ids.c6, { value: eth("1") }));
      expect((await new OpenPledgeClient(chain.addresses, alice).pledge(ids.c7, usd("60"))).allowance).to.equal("permit");
      await send(escrow.connect(bob).withdrawPledge(ids.c1, eth("0.2")));
      await send(escrow.connect(maintainerB).cancelCampaign(ids.c3));
      await mineAt(chain, T + DAY);

      indexer = await start();
      await compare();
    });

    it("in the last calls: a goal reached and left extends the deadline, late pledges carry no weight, a cancelled campaign refunds", async () => {
      const [, , , , alice, bob, carol, dave] = s;
      if (!alice || !bob || !carol || !dave) throw new Error("accounts");
      // Campaign 5: the goal reached in its last call (deadline moves a last call on), then left in it (moves again).
      await nextAt(chain, T + 4n * DAY + DAY / 2n);
      await send(chain.escrow.connect(bob).pledge(ids.c5, { value: eth("1") }));
      // Campaign 6: after its weight cutoff (planned deadline - 2 last calls = T+4d).
      await send(chain.escrow.connect(carol).pledge(ids.c6, { value: eth("0.5") }));
      await send(chain.escrow.connect(dave).pledge(ids.c6, { value: eth("0.25") }));
      await send(chain.escrow.connect(dave).withdrawPledge(ids.c6, eth("0.05")));
      await nextAt(chain, T + 4n * DAY + (6n * DAY) / 10n);
      await send(chain.escrow.connect(bob).withdrawPledge(ids.c5, eth("0.5")));
      const extended = (await chain.escrow.queryFilter(chain.escrow.filters.DeadlineExtended(ids.c5))).length;
      expect(extended).to.equal(2);
      await refundChecked(carol, ids.c3);
      await mineAt(chain, T + 4n * DAY + (7n * DAY) / 10n);
      await compare();
    });

    it("an indexer stopped mid-way and started again on the same database resumes, and agrees after the deadlines", async () => {
      await indexer?.stop();
      // While it is down: every deadline passes (campaign 5's moved one too).
      await mineAt(chain, T + 6n * DAY + DAY / 2n);
      indexer = await start();
      await compare();
    });

    it("claims (plain and milestone), refunds a failed campaign, and reviews a milestone: object, withdraw, object again", async () => {
      const [, maintainerA, maintainerB, , alice, bob, carol] = s;
      if (!maintainerA || !maintainerB || !alice || !bob || !carol) throw new Error("accounts");
      await claimChecked(maintainerA, ids.c1);
      await refundChecked(alice, ids.c2);
      await claimChecked(maintainerB, ids.c6);
      await claimChecked(maintainerB, ids.c7);
      await nextAt(chain, T + 7n * DAY);
      await send(chain.escrow.connect(maintainerA).submitMilestone(ids.c6, "https://github.com/openpledge/one/releases/1"));
      await send(chain.escrow.connect(bob).objectMilestone(ids.c6));
      await send(chain.escrow.connect(bob).withdrawObjection(ids.c6));
      await send(chain.escrow.connect(bob).objectMilestone(ids.c6));
      await mineAt(chain, T + 7n * DAY + DAY / 2n);
      await compare();
    });

    it("after the review window, before anyone settles: accepted by time alone", async () => {
      await mineAt(chain, T + 8n * DAY + DAY / 4n);
      await compare();
    });

    it("settles the acceptance, claims it, opens a campaign at the new fee, reschedules the fee; a second review rejected by objection", async () => {
      const [owner, maintainerA, , , alice, , , dave] = s;
      if (!owner || !maintainerA || !alice || !dave) throw new Error("accounts");
      await send(chain.escrow.settleMilestone(ids.c6));
      await claimChecked(maintainerA, ids.c6);
      await send(
        chain.escrow.connect(maintainerA).openCampaign({
          projectId: 1n,
          specURI: "https://github.com/openpledge/one/issues/8",
          specHash: ZeroHash,
          token: ZeroAddress,
          goal: eth("1"),
          deadline: T + 30n * DAY,
          lastCall: 0n,
          claimWindow: 0n,
        }),
      );
      await send(chain.escrow.connect(dave).pledge(ids.c8, { value: eth("0.4") }));
      // The fee of 300 is in force since T+7d without an event; a new change now records it as the current fee.
      await send(chain.escrow.connect(owner).setFee(400));
      await nextAt(chain, T + 9n * DAY);
      await send(chain.escrow.connect(maintainerA).submitMilestone(ids.c6, "https://github.com/openpledge/one/releases/2"));
      await send(chain.escrow.connect(alice).objectMilestone(ids.c6));
      await mineAt(chain, T + 9n * DAY + DAY / 2n);
      await compare();
    });

    it("after the second review window: rejected by time alone, refundable pro rata", async () => {
      await mineAt(chain, T + 10n * DAY + DAY / 2n);
      await compare();
    });

    it("settles the rejection; pro-rata refunds pay what the backers' pages said", async () => {
      const [, , , , alice, , carol] = s;
      if (!alice || !carol) throw new Error("accounts");
      await send(chain.escrow.settleMilestone(ids.c6));
      await refundChecked(alice, ids.c6);
      await refundChecked(carol, ids.c6);
      await mineAt(chain, T + 11n * DAY + DAY / 2n);
      // Campaign 7's milestone is now overdue (due T+11d), nobody settled it.
      await compare();
    });

    it("an overdue milestone settled, a lapsed campaign, the last refunds, fees withdrawn, protocol ownership handed over", async () => {
      const [owner, , , , alice, bob, , dave, newOwner, feeRecipient] = s;
      if (!owner || !alice || !bob || !dave || !newOwner || !feeRecipient) throw new Error("accounts");
      await mineAt(chain, T + 12n * DAY + DAY / 2n);
      await compare();
      await send(chain.escrow.settleMilestone(ids.c7));
      await refundChecked(alice, ids.c7);
      await refundChecked(dave, ids.c4);
      await refundChecked(bob, ids.c2);
      await refundChecked(bob, ids.c5);
      await refundChecked(alice, ids.c5);
      await refundChecked(bob, ids.c6);
      await send(chain.escrow.connect(feeRecipient).withdrawFees(ZeroAddress));
      await send(chain.escrow.connect(owner).transferOwnership(newOwner.address));
      await send(chain.escrow.connect(newOwner).acceptOwnership());
      await mineAt(chain, T + 13n * DAY);
      await compare();
    });

    it("ends with the very tables of an indexer built from scratch", async () => {
      if (indexer === undefined) throw new Error("no indexer");
      const head = await syncIndexer(indexer, chain);
      const fresh = await start(true);
      await syncIndexer(fresh, chain);
      const [resumed, rebuilt] = await Promise.all([dumpTables(indexer.url), dumpTables(fresh.url)]);
      expect(Object.keys(rebuilt)).to.include.members(["projects", "campaigns", "pledges", "milestones", "objections", "campaignEvents", "protocols", "tokens", "maintainers", "protocolEvents"]);
      expect((rebuilt.campaignEvents ?? []).length).to.be.greaterThan(40);
      expect(resumed).to.deep.equal(rebuilt);
      expect(await chain.connection.ethers.provider.getBlockNumber()).to.equal(head.number);
    });
  });
}
