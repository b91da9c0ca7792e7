/**
 * The indexer's correctness suite, run against PGlite (test/indexer.pglite.test.ts) and a real Postgres
 * (test/indexer.postgres.test.ts): every registry and escrow action on a `hardhat node`, and at several chain times
 * (before deadlines, in last calls, after deadlines, in and after review windows, after due dates and claim windows)
 * every indexed row compared with the chain's views field by field. The indexer is stopped mid-way and started again
 * on the same database: it resumes, and ends with the very tables of an indexer built from scratch.
 *
 * Refund bonus: campaigns 8-11 carry one from the start (8 fails, 9 is cancelled above its goal, 10 is claimed, 11
 * lapses), 5 (deadline moved in its last call, fails) and 7 (milestones, rejected) get one later; deposits by two
 * depositors and a top-up, pledges before and after the first deposit, withdrawals (one to zero) and new pledges; every
 * refund's bonus share and every reclaim is what the pages said just before.
 *
 * Shares: project 1 declares dependency lists (2; 2 and 3; 2 only, after campaigns 12 and 13 froze the second; empty,
 * before 16 opens). 12 (builder 10%) is claimed while its nominee has not accepted: the share waits, carol accepts and
 * takes it, hands the role on to bob, and has her credits sent to alice. 13 (PUSD, milestones, builder 5%) credits its
 * builder dave and projects 2 and 3 at each release. 14 (project 2, builder 20%, no dependencies) waits 180 days with
 * nobody nominated and is released to project 2, whose maintainer withdraws. 15 pays project 2 only. Every claim,
 * withdrawal and release is what the pages said just before.
 *
 * Accounts: 0 protocol owner and guardian, 1 maintainer A (owns projects 1 and 3), 2 maintainer B, 3 payout (also a
 * sponsor depositing bonuses), 4 alice, 5 bob, 6 carol, 7 dave, 8 new owner of project 2, 9 fee recipient.
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
    // 8-11: bonus campaigns (8 fails, 9 cancelled above its goal, 10 claimed, 11 lapses); 12-15 with shares (12: a
    // builder share waits for a builder who accepts late and hands on; 13: milestones in PUSD, a builder from the start;
    // 14: project 2's builder share nobody accepts, released after 180 days; 15: dependencies only); 16 opened later.
    const ids = { c1: 1n, c2: 2n, c3: 3n, c4: 4n, c5: 5n, c6: 6n, c7: 7n, b8: 8n, b9: 9n, b10: 10n, b11: 11n, s12: 12n, s13: 13n, s14: 14n, s15: 15n, c16: 16n };

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

    /**
     * A backer refunds; what their "my pledges" page said was refundable just before is what the escrow pays: the
     * pledge part, the bonus share (`bonusShare` too once the bonus goes to backers) and their sum. Returns the share.
     */
    async function refundChecked(backer: HardhatEthersSigner, id: bigint): Promise<bigint> {
      if (indexer === undefined) throw new Error("no indexer");
      await syncIndexer(indexer, chain);
      const reader = new IndexerReader(indexer.url);
      const page = await reader.readAll((p) => reader.accountPledges(backer.address, p));
      const item = page.items.find((entry) => entry.pledge.campaignId === id.toString());
      const receipt = await send(chain.escrow.connect(backer).refund(id));
      // `Refunded`, or `RefundedWithBonus` when a bonus share comes with the pledge.
      const log = receipt.logs.map((entry) => chain.escrow.interface.parseLog(entry)).find((entry) => entry?.name === "Refunded" || entry?.name === "RefundedWithBonus");
      if (log === undefined || log === null) throw new Error(`no refund event for ${backer.address} in campaign ${id}`);
      const refunded = BigInt(String(log.args.amount));
      const bonus = log.name === "RefundedWithBonus" ? BigInt(String(log.args.bonus)) : 0n;
      const what = `of ${backer.address} in campaign ${id}`;
      expect(item?.refundableNow, `refundableNow ${what}`).to.equal(String(refunded));
      expect(item?.refundableBonusNow, `refundableBonusNow ${what}`).to.equal(String(bonus));
      expect(item?.refundableTotalNow, `refundableTotalNow ${what}`).to.equal(String(refunded + bonus));
      if (item?.campaign.bonus.outcome === "to-backers") expect(item.bonusShare, `bonusShare ${what}`).to.equal(String(bonus));
      return bonus;
    }

    /** A depositor reclaims; what their deposits page said was reclaimable just before is what the escrow pays. */
    async function reclaimChecked(depositor: HardhatEthersSigner, id: bigint): Promise<bigint> {
      if (indexer === undefined) throw new Error("no indexer");
      await syncIndexer(indexer, chain);
      const reader = new IndexerReader(indexer.url);
      const page = await reader.readAll((p) => reader.accountBonusDeposits(depositor.address, p));
      const item = page.items.find((entry) => entry.deposit.campaignId === id.toString());
      const receipt = await send(chain.escrow.connect(depositor).reclaimBonus(id));
      const reclaimed = receipt.logs.map((log) => chain.escrow.interface.parseLog(log)).find((log) => log?.name === "BonusReclaimed");
      const amount = BigInt(String(reclaimed?.args.amount));
      expect([item?.deposit.canReclaim, item?.deposit.reclaimableNow], `reclaim of ${depositor.address} in campaign ${id}`).to.deep.equal([true, String(amount)]);
      return amount;
    }

    /** Deposits a refund bonus: ETH as value, PUSD approved first. */
    async function depositBonus(depositor: HardhatEthersSigner, id: bigint, amount: bigint, inToken = false): Promise<void> {
      if (inToken) {
        await send(chain.token.connect(depositor).approve(await chain.escrow.getAddress(), amount));
        await send(chain.escrow.connect(depositor).depositBonus(id, chain.tokenAddress, amount));
      } else {
        await send(chain.escrow.connect(depositor).depositBonus(id, ZeroAddress, amount, { value: amount }));
      }
    }

    /**
     * A maintainer claims; what their maintainer page said was claimable just before is what the escrow pays out, gross:
     * the project's part and the fee (`CampaignClaimed`), and the builder and dependency shares credited with it.
     */
    async function claimChecked(maintainer: HardhatEthersSigner, id: bigint): Promise<void> {
      if (indexer === undefined) throw new Error("no indexer");
      await syncIndexer(indexer, chain);
      const page = await new IndexerReader(indexer.url).maintainer(maintainer.address);
      const item = page.claimsAvailable.find((entry) => entry.campaign.id === id.toString());
      const receipt = await send(chain.escrow.connect(maintainer).claim(id));
      const logs = receipt.logs.map((log) => chain.escrow.interface.parseLog(log));
      const claimed = logs.find((log) => log?.name === "CampaignClaimed");
      const shares = logs.filter((log) => log?.name === "BuilderShareCredited" || log?.name === "DependencyShareCredited").map((log) => BigInt(String(log?.args.amount)));
      const gross = BigInt(String(claimed?.args.amount)) + BigInt(String(claimed?.args.fee)) + shares.reduce((total, amount) => total + amount, 0n);
      expect(item?.claimable, `claimable of campaign ${id}`).to.equal(String(gross));
    }

    /** A builder withdraws its credits in `token`; what its owed page said just before is what the escrow sends `to`. */
    async function withdrawBuilderChecked(builder: HardhatEthersSigner, token: string, to: string): Promise<bigint> {
      if (indexer === undefined) throw new Error("no indexer");
      await syncIndexer(indexer, chain);
      const owed = await new IndexerReader(indexer.url).owed(builder.address);
      const row = owed.asBuilder.find((entry) => entry.token === token.toLowerCase());
      const receipt = await send(chain.escrow.connect(builder).withdrawBuilderShares(token, to));
      const log = receipt.logs.map((entry) => chain.escrow.interface.parseLog(entry)).find((entry) => entry?.name === "BuilderSharesWithdrawn");
      const amount = BigInt(String(log?.args.amount));
      expect([row?.owed, String(log?.args.to).toLowerCase()], `builder shares of ${builder.address} in ${token}`).to.deep.equal([String(amount), to.toLowerCase()]);
      return amount;
    }

    /**
     * A maintainer withdraws a project's credits in `token`; what the maintainer's owed page said just before is what
     * the escrow sends to the project's payout address.
     */
    async function withdrawProjectChecked(maintainer: HardhatEthersSigner, projectId: bigint, token: string): Promise<bigint> {
      if (indexer === undefined) throw new Error("no indexer");
      await syncIndexer(indexer, chain);
      const owed = await new IndexerReader(indexer.url).owed(maintainer.address);
      const entry = owed.asMaintainer.find((item) => item.projectId === projectId.toString());
      const row = entry?.shares.find((share) => share.token === token.toLowerCase());
      const receipt = await send(chain.escrow.connect(maintainer).withdrawProjectShares(projectId, token));
      const log = receipt.logs.map((item) => chain.escrow.interface.parseLog(item)).find((item) => item?.name === "ProjectSharesWithdrawn");
      const amount = BigInt(String(log?.args.amount));
      expect([row?.owed, entry?.payout], `project ${projectId} shares in ${token}`).to.deep.equal([String(amount), String(log?.args.payout).toLowerCase()]);
      return amount;
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
        builderShareBps: 0n,
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
      await send(escrow.connect(maintainerA).openCampaign(plain(1n, eth("10"), D1))); // 8: bonus, fails
      await send(escrow.connect(maintainerA).openCampaign(plain(1n, usd("50"), D1, tokenAddress))); // 9: bonus, cancelled above its goal
      await send(escrow.connect(maintainerA).openCampaign(plain(1n, eth("1"), D1))); // 10: bonus, claimed
      await send(escrow.connect(maintainerA).openCampaign(plain(1n, eth("1.5"), D1))); // 11: bonus, lapses

      // Shares. Project 1 (owner A) declares its dependencies twice (2; then 2 and 3), campaigns 12-14 open (12 and 13
      // freeze version 2, 14 is project 2's, which has none), then version 3 drops project 3 (12 and 13 keep paying it)
      // and 15 freezes that. Campaigns 1-11 opened before any list: no shares.
      await send(registry.connect(maintainerA).setDependencies(1n, [{ projectId: 2n, shareBps: 200n }]));
      await send(registry.connect(maintainerA).setDependencies(1n, [{ projectId: 2n, shareBps: 250n }, { projectId: 3n, shareBps: 100n }]));
      await send(escrow.connect(maintainerA).openCampaign({ ...plain(1n, eth("1"), D1), builderShareBps: 1_000n })); // 12
      await send(
        escrow.connect(maintainerA).openCampaignWithMilestones({ ...plain(1n, usd("100"), D2, tokenAddress), builderShareBps: 500n }, {
          initialShareBps: 4_000,
          reviewWindow: DAY,
          objectionThresholdBps: 0,
          milestones: [{ shareBps: 6_000, due: T + 12n * DAY }],
        }),
      ); // 13
      await send(escrow.connect(maintainerB).openCampaign({ ...plain(2n, eth("0.5"), D1), builderShareBps: 2_000n })); // 14
      await send(registry.connect(maintainerA).setDependencies(1n, [{ projectId: 2n, shareBps: 250n }]));
      await send(escrow.connect(maintainerA).openCampaign(plain(1n, eth("0.3"), D1))); // 15
      // Nominations by project 1's owner: replaced (12), cleared and made again (13); dave accepts 13 before any claim.
      await send(escrow.connect(maintainerA).nominateBuilder(ids.s12, dave.address));
      await send(escrow.connect(maintainerA).nominateBuilder(ids.s12, carol.address));
      await send(escrow.connect(maintainerA).nominateBuilder(ids.s13, bob.address));
      await send(escrow.connect(maintainerA).nominateBuilder(ids.s13, ZeroAddress));
      await send(escrow.connect(maintainerA).nominateBuilder(ids.s13, dave.address));
      await send(escrow.connect(dave).acceptBuilder(ids.s13));
      await send(escrow.connect(alice).pledge(ids.s12, { value: eth("1.2") }));
      await send(token.connect(bob).approve(await escrow.getAddress(), usd("60")));
      await send(escrow.connect(bob).pledgeToken(ids.s13, usd("60")));
      await send(token.connect(carol).approve(await escrow.getAddress(), usd("50.000007")));
      await send(escrow.connect(carol).pledgeToken(ids.s13, usd("50.000007")));
      await send(escrow.connect(bob).pledge(ids.s14, { value: eth("0.5") }));
      await send(escrow.connect(dave).pledge(ids.s15, { value: 300_000_000_000_000_011n }));

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

      // Refund bonus. Campaign 8: two pledges before the first deposit (they count from it), more after, a second
      // depositor; withdrawals restart credit (carol's to zero), new pledges average it in (rounded up).
      await send(escrow.connect(alice).pledge(ids.b8, { value: eth("1") }));
      await send(escrow.connect(carol).pledge(ids.b8, { value: eth("0.5") }));
      await nextAt(chain, T + 2n * 3_600n);
      await depositBonus(maintainerA, ids.b8, eth("0.3"));
      await nextAt(chain, T + 6n * 3_600n + 7n);
      await send(escrow.connect(bob).pledge(ids.b8, { value: eth("2") }));
      await depositBonus(payout, ids.b8, eth("0.2"));
      await nextAt(chain, T + 12n * 3_600n + 13n);
      await send(escrow.connect(bob).withdrawPledge(ids.b8, eth("0.5")));
      await send(escrow.connect(carol).withdrawPledge(ids.b8, eth("0.5")));
      await nextAt(chain, T + 18n * 3_600n + 29n);
      await send(escrow.connect(bob).pledge(ids.b8, { value: 250_000_000_000_000_007n }));
      await send(escrow.connect(carol).pledge(ids.b8, { value: eth("0.4") }));
      await send(escrow.connect(alice).pledge(ids.b8, { value: 300_000_000_000_000_003n }));
      // Campaign 9 (PUSD): a pledge before the bonus, one after that passes the goal, both depositors up to the cap.
      await send(chain.token.connect(dave).approve(await escrow.getAddress(), usd("30")));
      await send(escrow.connect(dave).pledgeToken(ids.b9, usd("30")));
      await depositBonus(maintainerA, ids.b9, usd("4"), true);
      await nextAt(chain, T + 19n * 3_600n);
      await send(chain.token.connect(alice).approve(await escrow.getAddress(), usd("30")));
      await send(escrow.connect(alice).pledgeToken(ids.b9, usd("30")));
      await depositBonus(payout, ids.b9, usd("1"), true);
      // Campaign 10: the bonus first, then the pledge that succeeds; 11: the pledge first.
      await depositBonus(payout, ids.b10, eth("0.1"));
      await send(escrow.connect(bob).pledge(ids.b10, { value: eth("1.2") }));
      await send(escrow.connect(dave).pledge(ids.b11, { value: eth("1.6") }));
      await depositBonus(maintainerB, ids.b11, eth("0.05"));
      // Campaign 5 (its deadline moves later) and campaign 7 (milestones, PUSD) get a bonus after their pledges.
      await depositBonus(newOwner, ids.c5, eth("0.2"));
      await depositBonus(maintainerB, ids.c7, usd("2"), true);
      // Campaign 9 cancelled while above its goal: credit stops now, the shares scale by goal / total.
      await nextAt(chain, T + 20n * 3_600n);
      await send(escrow.connect(maintainerA).cancelCampaign(ids.b9));
      await mineAt(chain, T + DAY);

      indexer = await start();
      await compare();
    });

    it("in the last calls: a goal reached and left extends the deadline, late pledges carry no weight, a cancelled campaign refunds", async () => {
      const [, maintainerA, , payout, alice, bob, carol, dave] = s;
      if (!maintainerA || !payout || !alice || !bob || !carol || !dave) throw new Error("accounts");
      // Campaign 5: the goal reached in its last call (deadline moves a last call on), then left in it (moves again).
      await nextAt(chain, T + 4n * DAY + DAY / 2n);
      await send(chain.escrow.connect(bob).pledge(ids.c5, { value: eth("1") }));
      // Campaign 6: after its weight cutoff (planned deadline - 2 last calls = T+4d).
      await send(chain.escrow.connect(carol).pledge(ids.c6, { value: eth("0.5") }));
      await send(chain.escrow.connect(dave).pledge(ids.c6, { value: eth("0.25") }));
      await send(chain.escrow.connect(dave).withdrawPledge(ids.c6, eth("0.05")));
      await depositBonus(payout, ids.b8, eth("0.1")); // a top-up by a depositor
      await nextAt(chain, T + 4n * DAY + (6n * DAY) / 10n);
      await send(chain.escrow.connect(bob).withdrawPledge(ids.c5, eth("0.5")));
      const extended = (await chain.escrow.queryFilter(chain.escrow.filters.DeadlineExtended(ids.c5))).length;
      expect(extended).to.equal(2);
      await refundChecked(carol, ids.c3);
      await send(chain.escrow.connect(carol).withdrawPledge(ids.b8, eth("0.1")));
      // The cancelled bonus campaign: a refund with its share, a depositor's part of what the shares leave.
      expect(await refundChecked(dave, ids.b9)).to.be.greaterThan(0n);
      await reclaimChecked(maintainerA, ids.b9);
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
      const [, maintainerA, maintainerB, payout, alice, bob, carol] = s;
      if (!maintainerA || !maintainerB || !payout || !alice || !bob || !carol) throw new Error("accounts");
      await claimChecked(maintainerA, ids.c1);
      await refundChecked(alice, ids.c2);
      await claimChecked(maintainerB, ids.c6);
      await claimChecked(maintainerB, ids.c7);
      // Bonus: the claimed campaign gives its depositor everything back; a failed one pays its backer's share.
      await claimChecked(maintainerA, ids.b10);
      await reclaimChecked(payout, ids.b10);
      expect(await refundChecked(alice, ids.b8)).to.be.greaterThan(0n);
      // Shares: 12's builder share waits (carol is nominated, has not accepted), 14's waits (nobody nominated), 13's
      // first release credits dave and projects 2 and 3 in PUSD, 15 credits project 2 only (version 3).
      await claimChecked(maintainerA, ids.s12);
      await claimChecked(maintainerB, ids.s14);
      await claimChecked(maintainerA, ids.s15);
      await claimChecked(maintainerA, ids.s13);
      await nextAt(chain, T + 7n * DAY);
      await send(chain.escrow.connect(maintainerA).submitMilestone(ids.s13, "https://github.com/openpledge/one/releases/s13"));
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
      const [owner, maintainerA, , , alice, bob, carol, dave] = s;
      if (!owner || !maintainerA || !alice || !bob || !carol || !dave) throw new Error("accounts");
      await send(chain.escrow.settleMilestone(ids.c6));
      await claimChecked(maintainerA, ids.c6);
      // Shares: 13's milestone settled and its release claimed (shares again); carol accepts 12 and takes what waited,
      // then hands the role on to bob; project 1 stops sharing (an empty version 4) before 16 opens (no split).
      await send(chain.escrow.settleMilestone(ids.s13));
      await claimChecked(maintainerA, ids.s13);
      await send(chain.escrow.connect(carol).acceptBuilder(ids.s12));
      await send(chain.escrow.connect(carol).nominateBuilder(ids.s12, bob.address));
      await send(chain.registry.connect(maintainerA).setDependencies(1n, []));
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
          builderShareBps: 0n,
        }),
      );
      await send(chain.escrow.connect(dave).pledge(ids.c16, { value: eth("0.4") }));
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

    it("settles the rejection; pro-rata refunds pay what the backers' pages said; a builder hands on, builders and a maintainer withdraw what their pages said", async () => {
      const [, maintainerA, , , alice, bob, carol, dave] = s;
      if (!maintainerA || !alice || !bob || !carol || !dave) throw new Error("accounts");
      await send(chain.escrow.settleMilestone(ids.c6));
      await refundChecked(alice, ids.c6);
      await refundChecked(carol, ids.c6);
      // Bob takes 12 over from carol, who keeps her credits and has them sent to alice; dave takes his PUSD; project 3's
      // maintainer takes its ETH to its payout address (project 3's PUSD and everything of project 2 stay owed).
      await send(chain.escrow.connect(bob).acceptBuilder(ids.s12));
      expect(await withdrawBuilderChecked(carol, ZeroAddress, alice.address)).to.be.greaterThan(0n);
      expect(await withdrawBuilderChecked(dave, chain.tokenAddress, dave.address)).to.be.greaterThan(0n);
      expect(await withdrawProjectChecked(maintainerA, 3n, ZeroAddress)).to.be.greaterThan(0n);
      await mineAt(chain, T + 11n * DAY + DAY / 2n);
      // Campaign 7's milestone is now overdue (due T+11d), nobody settled it.
      await compare();
    });

    it("an overdue milestone settled, a lapsed campaign, the last refunds, fees withdrawn, protocol ownership handed over", async () => {
      const [owner, maintainerA, maintainerB, payout, alice, bob, carol, dave, newOwner, feeRecipient] = s;
      if (!owner || !maintainerA || !maintainerB || !payout || !alice || !bob || !carol || !dave || !newOwner || !feeRecipient) throw new Error("accounts");
      await mineAt(chain, T + 12n * DAY + DAY / 2n);
      await compare();
      await send(chain.escrow.settleMilestone(ids.c7));
      await refundChecked(alice, ids.c7);
      await refundChecked(dave, ids.c4);
      await refundChecked(bob, ids.c2);
      await refundChecked(bob, ids.c5);
      await refundChecked(alice, ids.c5);
      await refundChecked(bob, ids.c6);
      // Bonus: the lapsed campaign pays its backer (total above the goal: scaled); every depositor reclaims, the
      // rejected campaign's in full; the last shares of the failed and the cancelled campaigns.
      expect(await refundChecked(dave, ids.b11)).to.be.greaterThan(0n);
      await reclaimChecked(maintainerB, ids.b11);
      await reclaimChecked(maintainerB, ids.c7);
      await reclaimChecked(newOwner, ids.c5);
      await refundChecked(bob, ids.b8);
      await reclaimChecked(maintainerA, ids.b8);
      await refundChecked(carol, ids.b8);
      await reclaimChecked(payout, ids.b8);
      await refundChecked(alice, ids.b9);
      await reclaimChecked(payout, ids.b9);
      await send(chain.escrow.connect(feeRecipient).withdrawFees(ZeroAddress));
      await send(chain.escrow.connect(owner).transferOwnership(newOwner.address));
      await send(chain.escrow.connect(newOwner).acceptOwnership());
      await mineAt(chain, T + 13n * DAY);
      await compare();
      // Every bonus is settled: what backers got and depositors took back is the pot less the dust (under a wei per
      // backer), as the indexer tells it.
      const reader = new IndexerReader(indexer?.url ?? "");
      for (const id of [ids.c5, ids.c7, ids.b8, ids.b9, ids.b10, ids.b11]) {
        const { bonus } = await reader.campaign(id);
        const dust = BigInt(bonus.pot) - BigInt(bonus.paidToBackers) - BigInt(bonus.returnedToDepositors);
        const backers = (await reader.backers(id)).total;
        expect([bonus.reclaimed, dust >= 0n && dust < BigInt(backers)], `campaign ${id}: pot ${bonus.pot}, dust ${dust}`).to.deep.equal([bonus.pot, true]);
      }
    });

    it("a builder share nobody accepted: still waiting until 180 days after its credit, then released to the project, whose maintainer withdraws it", async () => {
      const [, , maintainerB, , alice] = s;
      if (!maintainerB || !alice || indexer === undefined) throw new Error("accounts");
      await syncIndexer(indexer, chain);
      const reader = new IndexerReader(indexer.url);
      const before = await reader.split(ids.s14);
      expect([before.builder, before.nominee, before.canRelease], "campaign 14 before its window ends").to.deep.equal([null, null, false]);
      const releasableAt = BigInt(before.releasableAt ?? "0");
      await expect(chain.escrow.releaseWaitingBuilderShare.staticCall(ids.s14)).to.be.revertedWithCustomError(chain.escrow, "BuilderShareStillWaiting").withArgs(ids.s14, releasableAt);
      await mineAt(chain, releasableAt);
      await syncIndexer(indexer, chain);
      expect((await reader.split(ids.s14)).canRelease, "campaign 14 at its releasableAt").to.equal(true);
      await compare();
      const receipt = await send(chain.escrow.connect(alice).releaseWaitingBuilderShare(ids.s14));
      const released = receipt.logs.map((log) => chain.escrow.interface.parseLog(log)).find((log) => log?.name === "WaitingBuilderShareReleased");
      expect([String(released?.args.amount), String(released?.args.projectId)]).to.deep.equal([before.waiting, "2"]);
      expect(await withdrawProjectChecked(maintainerB, 2n, ZeroAddress)).to.be.greaterThan(BigInt(before.waiting));
      await mineAt(chain, releasableAt + DAY);
      await compare();
    });

    it("ends with the very tables of an indexer built from scratch", async () => {
      if (indexer === undefined) throw new Error("no indexer");
      const head = await syncIndexer(indexer, chain);
      const fresh = await start(true);
      await syncIndexer(fresh, chain);
      const [resumed, rebuilt] = await Promise.all([dumpTables(indexer.url), dumpTables(fresh.url)]);
      expect(Object.keys(rebuilt)).to.include.members(["projects", "campaigns", "pledges", "milestones", "objections", "campaignEvents", "protocols", "tokens", "maintainers", "protocolEvents", "bonusDeposits", "dependencyLists", "campaignSplits", "builderCredits", "projectCredits", "builderShares", "projectShares", "shareWithdrawals"]);
      for (const table of ["dependencyLists", "campaignSplits", "builderCredits", "projectCredits", "builderShares", "projectShares", "shareWithdrawals"]) {
        expect((rebuilt[table] ?? []).length, `rows of ${table}`).to.be.greaterThan(0);
      }
      expect((rebuilt.campaignEvents ?? []).length).to.be.greaterThan(40);
      expect(resumed).to.deep.equal(rebuilt);
      expect(await chain.connection.ethers.provider.getBlockNumber()).to.equal(head.number);
    });
  });
}
