/**
 * The indexer's feature requests, on PGlite (test/indexer.requests.test.ts) and Postgres (test/indexer.postgres.test.ts):
 * five requests of one project on a `hardhat node`, at chosen block times. Request 1 (ETH) is backed by three backers at
 * different times, one of whom takes part back, and is accepted into campaign 1 with its pledges, which then succeeds
 * and is claimed; 2 (ETH) expires and is refunded; 3 asks for the same issue as 1 (a duplicate); 4 (PUSD) is declined and
 * refunded; 5 stays unfunded; campaign 6 is opened as a campaign. At each step the indexer's requests, ranked, equal
 * the client's reading of the chain's logs (`OpenPledgeClient.listRequests` / `getRequest`) and a support worked out
 * here, backer by backer; the escrow's balance in each token equals, to the wei, what the indexer's rows say it holds.
 * A second indexer built from scratch ends with the very same tables.
 *
 * Accounts: 1 maintainer, 4 alice, 5 bob, 6 carol, 7 dave.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { parseEther, parseUnits, ZeroAddress, ZeroHash, type ContractTransactionResponse } from "ethers";

import { IndexerReader, IndexerRequestError, OpenPledgeClient, type IndexedRequest, type RequestDetails } from "../../client/node.js";
import { startIndexer, type RunningIndexer } from "../../scripts/lib/indexer.js";
import { startPostgres, type RunningPostgres } from "../../scripts/lib/postgres.js";
import { IRequestBoard__factory } from "../../typechain-types/factories/interfaces/IRequestBoard__factory.js";
import { DAY, HOUR, mineAt, nextAt, startChain, syncIndexer, type TestChain } from "./indexer-chain.js";
import { chainLogs, compareWithChain, dumpTables, graphql, plain } from "./indexer-compare.js";
import type { Database } from "./indexer-scenario.js";

const eth = (amount: string): bigint => parseEther(amount);
const usd = (amount: string): bigint => parseUnits(amount, 6);
const NO_PLAN = { initialShareBps: 0, reviewWindow: 0n, objectionThresholdBps: 0, milestones: [] };

/** One backer's pledge in a request, as this test keeps it: the amount in and when its credit runs from. */
interface Lot {
  amount: bigint;
  since: bigint;
}

/**
 * Support worked out here, backer by backer, from what the test sent (not from the indexer's or the client's
 * accumulator): each backer's credit start is the pledge-weighted mean time of what is in, rounded up; a withdrawal
 * restarts it; support at `asOf` is Σ amount × (asOf − since).
 */
class Ledger {
  private readonly lots = new Map<string, Lot>();

  constructor(readonly start: bigint) {}

  pledge(backer: string, amount: bigint, at: bigint): void {
    const lot = this.lots.get(backer) ?? { amount: 0n, since: this.start };
    const total = lot.amount + amount;
    // ceil((old × (since − start) + added × (at − start)) / total), as seconds after the start.
    const weighted = lot.amount * (lot.since - this.start) + amount * (at - this.start);
    const delay = (weighted + total - 1n) / total;
    this.lots.set(backer, { amount: total, since: this.start + delay });
  }

  withdraw(backer: string, amount: bigint, at: bigint): void {
    const lot = this.lots.get(backer);
    if (lot === undefined) throw new Error(`no pledge of ${backer}`);
    this.lots.set(backer, { amount: lot.amount - amount, since: at });
  }

  supportAt(asOf: bigint): bigint {
    let support = 0n;
    for (const lot of this.lots.values()) support += lot.amount * (asOf - lot.since);
    return support;
  }
}

/** Defines the suite for one database. */
export function requestsSuite(database: Database): void {
  describe(`indexer on ${database === "pglite" ? "PGlite" : "Postgres"}: feature requests`, function () {
    this.timeout(240_000);
    let chain: TestChain;
    let postgres: RunningPostgres | undefined;
    let folder = "";
    let indexer: RunningIndexer | undefined;
    const running: RunningIndexer[] = [];
    let s: HardhatEthersSigner[] = [];
    let T = 0n;
    const ledgers = new Map<bigint, Ledger>();
    /** When each request stopped counting support (acceptance, decline); else its expiry. */
    const frozen = new Map<bigint, bigint>();
    const expiries = new Map<bigint, bigint>();

    async function start(fresh = false): Promise<RunningIndexer> {
      const place =
        database === "postgres"
          ? { databaseUrl: postgres?.url, schema: fresh ? "requests_fresh" : "requests_main" }
          : { directory: path.join(folder, fresh ? "fresh" : "main") };
      const started = await startIndexer({
        rpcUrl: chain.node.rpcUrl,
        deploymentId: chain.deploymentId,
        ...place,
        env: { OPENPLEDGE_POLLING_MS: "200", OPENPLEDGE_DOCUMENTS: "off" },
      });
      running.push(started);
      return started;
    }

    async function send(call: Promise<ContractTransactionResponse>) {
      const receipt = await (await call).wait();
      if (receipt === null) throw new Error("no receipt");
      return receipt;
    }

    function board(signer: HardhatEthersSigner) {
      return IRequestBoard__factory.connect(chain.addresses.escrow, signer);
    }

    /** Opens a request at `at`; its support is tracked by a ledger from that block's time. */
    async function open(opener: HardhatEthersSigner, at: bigint, token: string, expiry: bigint, specURI: string): Promise<bigint> {
      await nextAt(chain, at);
      const receipt = await send(board(opener).openRequest(1n, token, expiry, specURI, ZeroHash));
      const log = receipt.logs.map((entry) => chain.escrow.interface.parseLog(entry)).find((entry) => entry?.name === "RequestOpened");
      const id = BigInt(String(log?.args.requestId));
      ledgers.set(id, new Ledger(at));
      expiries.set(id, expiry);
      return id;
    }

    async function pledge(backer: HardhatEthersSigner, id: bigint, amount: bigint, at: bigint, inToken = false): Promise<void> {
      if (inToken) await send(chain.token.connect(backer).approve(chain.addresses.escrow, amount));
      await nextAt(chain, at);
      if (inToken) await send(chain.escrow.connect(backer).pledgeToken(id, amount));
      else await send(chain.escrow.connect(backer).pledge(id, { value: amount }));
      ledgers.get(id)?.pledge(backer.address, amount, at);
    }

    async function withdraw(backer: HardhatEthersSigner, id: bigint, amount: bigint, at: bigint): Promise<void> {
      await nextAt(chain, at);
      await send(chain.escrow.connect(backer).withdrawPledge(id, amount));
      ledgers.get(id)?.withdraw(backer.address, amount, at);
    }

    /**
     * At the chain's latest block: the indexer's lists (open, and all) and each request equal the client's reading of
     * the chain's logs, as the client's types and as the wire's; each support equals the ledger's at its `asOf`.
     */
    async function compareRequests(): Promise<IndexedRequest[]> {
      if (indexer === undefined) throw new Error("no indexer");
      const head = await syncIndexer(indexer, chain);
      const reader = new IndexerReader(indexer.url);
      const viaChain = new OpenPledgeClient(chain.addresses, chain.connection.ethers.provider, { onFallback: () => undefined });
      const viaIndexer = new OpenPledgeClient(chain.addresses, chain.connection.ethers.provider, { indexerUrl: indexer.url, onFallback: (fallback) => expect.fail(fallback.message) });
      const fromChain = await viaChain.listRequests(1n, { includeClosed: true });
      // The reader's rows in the indexer's order, with what the client adds from them (each duplicate's state).
      const read = await reader.listRequests(1n, { includeClosed: true });
      const bare = (items: readonly RequestDetails[]) => items.map(({ duplicates: _duplicates, ...rest }) => rest);
      expect(plain(bare(read)), "all requests: indexer = client from the chain's logs").to.deep.equal(plain(bare(fromChain)));
      expect(plain(bare(await reader.listRequests(1n))), "open requests: indexer = client from the chain's logs").to.deep.equal(plain(bare(await viaChain.listRequests(1n))));
      expect(plain(await viaIndexer.listRequests(1n, { includeClosed: true })), "all requests: the client through the indexer = through the logs").to.deep.equal(plain(fromChain));
      const all = await reader.readAll((page) => reader.requests(1n, { ...page, includeClosed: true }));
      expect(all.now, "worked out at the latest block's time").to.equal(head.timestamp.toString());
      for (const details of fromChain) {
        const id = details.requestId;
        const single = await viaChain.getRequest(id);
        expect(plain(await viaIndexer.getRequest(id)), `request ${id}: the client through the indexer = through the logs`).to.deep.equal(plain(single));
        expect(plain(bare([await reader.getRequest(id)])), `request ${id}: indexer = client from the chain`).to.deep.equal(plain(bare([single])));
        const expiry = expiries.get(id) ?? 0n;
        const stop = frozen.get(id) ?? expiry;
        const asOf = head.timestamp < stop ? head.timestamp : stop;
        const row = all.items.find((item) => item.id === id.toString());
        expect([row?.asOf, row?.support], `request ${id}: support at asOf, backer by backer`).to.deep.equal([asOf.toString(), ledgers.get(id)?.supportAt(asOf).toString()]);
        expect(row?.unfunded, `request ${id}: unfunded iff no backer now`).to.equal(details.backers === 0);
        // The escrow's record of the request (or of the campaign it became).
        const view = await chain.escrow.getCampaign(id);
        expect([row?.pledged, row?.feeBps, row?.expiry], `request ${id}: pledged, fee, expiry (getCampaign)`).to.deep.equal([
          view.pledged.toString(),
          Number(view.feeBps),
          details.accepted === null ? view.deadline.toString() : row?.expiry,
        ]);
      }
      return all.items;
    }

    /**
     * Every wei the escrow holds, per token, is accounted for by the indexer's rows: what requests not accepted still
     * hold (pledged − refunded), what campaigns still hold (pledged − claimed − refunded), and the fees not withdrawn.
     */
    async function reconcile(): Promise<void> {
      if (indexer === undefined) throw new Error("no indexer");
      await syncIndexer(indexer, chain);
      const rows = await graphql<{
        requests: { items: Array<{ token: string; status: string; pledged: string; refunded: string }> };
        campaigns: { items: Array<{ token: string; pledged: string; claimed: string; refunded: string }> };
        tokens: { items: Array<{ address: string; feesAccrued: string; feesWithdrawn: string }> };
      }>(
        indexer.url,
        "{ requests(limit: 100) { items { token status pledged refunded } } campaigns(limit: 100) { items { token pledged claimed refunded } } tokens(limit: 100) { items { address feesAccrued feesWithdrawn } } }",
      );
      for (const token of [ZeroAddress.toLowerCase(), chain.tokenAddress.toLowerCase()]) {
        const inRequests = rows.requests.items
          .filter((row) => row.token === token && row.status !== "accepted")
          .reduce((total, row) => total + BigInt(row.pledged) - BigInt(row.refunded), 0n);
        const inCampaigns = rows.campaigns.items
          .filter((row) => row.token === token)
          .reduce((total, row) => total + BigInt(row.pledged) - BigInt(row.claimed) - BigInt(row.refunded), 0n);
        const fees = rows.tokens.items.filter((row) => row.address === token).reduce((total, row) => total + BigInt(row.feesAccrued) - BigInt(row.feesWithdrawn), 0n);
        const held = token === ZeroAddress ? await chain.connection.ethers.provider.getBalance(chain.addresses.escrow) : await chain.token.balanceOf(chain.addresses.escrow);
        expect(inRequests + inCampaigns + fees, `escrow's ${token} balance = requests + campaigns + fees, as indexed`).to.equal(held);
      }
    }

    /** The whole comparison of every campaign (the accepted request's among them), project, account and token. */
    async function compareCampaigns(): Promise<void> {
      if (indexer === undefined) throw new Error("no indexer");
      const head = await syncIndexer(indexer, chain);
      const { problems, checked } = await compareWithChain(indexer.url, chain, head.number);
      expect(problems, `${problems.length} of ${checked} values differ at block ${head.number}:\n${problems.join("\n")}`).to.deep.equal([]);
    }

    /** The indexer's pledge rows of a request or campaign = the escrow's `pledgeOf` of each backer. */
    async function comparePledges(id: bigint, backers: HardhatEthersSigner[]): Promise<void> {
      if (indexer === undefined) throw new Error("no indexer");
      const rows = await graphql<{ pledges: { items: Array<{ backer: string; amount: string }> } }>(indexer.url, `{ pledges(where: { campaignId: "${id}" }, limit: 100) { items { backer amount } } }`);
      for (const backer of backers) {
        const row = rows.pledges.items.find((item) => item.backer === backer.address.toLowerCase());
        expect(row?.amount ?? "0", `pledge of ${backer.address} in ${id} (pledgeOf)`).to.equal((await chain.escrow.pledgeOf(id, backer.address)).toString());
      }
    }

    before(async () => {
      if (database === "postgres") postgres = await startPostgres();
      folder = await mkdtemp(path.join(tmpdir(), "openpledge-requests-"));
      chain = await startChain();
      s = chain.signers;
      const block = await chain.connection.ethers.provider.getBlock("latest");
      T = BigInt(block?.timestamp ?? 0) + HOUR;
    });

    after(async () => {
      for (const started of running) await started.stop();
      await chain?.stop();
      await chain?.removeDeployment();
      await postgres?.stop();
      if (folder !== "") await rm(folder, { recursive: true, force: true });
    });

    it("opened, backed at different times, one backer takes part back: ranked as the client ranks them from the logs, support backer by backer", async () => {
      const [, maintainer, , , alice, bob, carol, dave] = s;
      if (!maintainer || !alice || !bob || !carol || !dave) throw new Error("accounts");
      await nextAt(chain, T - HOUR / 2n);
      await send(chain.registry.connect(maintainer).registerProject("ipfs://project-1", "https://github.com/openpledge/one", maintainer.address));
      expect(await open(alice, T, ZeroAddress, T + 30n * DAY, "https://github.com/openpledge/one/issues/1")).to.equal(1n);
      expect(await open(bob, T + 10n, ZeroAddress, T + 8n * DAY, "https://github.com/openpledge/one/issues/2")).to.equal(2n);
      expect(await open(carol, T + 20n, ZeroAddress, T + 30n * DAY, "https://github.com/openpledge/one/issues/1")).to.equal(3n);
      expect(await open(bob, T + 30n, chain.tokenAddress, T + 30n * DAY, "https://github.com/openpledge/one/issues/4")).to.equal(4n);
      expect(await open(dave, T + 40n, ZeroAddress, T + 30n * DAY, "https://github.com/openpledge/one/issues/5")).to.equal(5n);
      // A campaign opened as one: no request.
      await nextAt(chain, T + 50n);
      await send(
        chain.escrow.connect(maintainer).openCampaign({
          projectId: 1n,
          specURI: "https://github.com/openpledge/one/issues/6",
          specHash: ZeroHash,
          token: ZeroAddress,
          goal: eth("1"),
          deadline: T + 40n * DAY,
          lastCall: 0n,
          claimWindow: 0n,
          builderShareBps: 0n,
        }),
      );
      // Request 1: three backers at different times; bob takes part back (his credit restarts), then adds again.
      await pledge(alice, 1n, eth("1"), T + HOUR);
      await pledge(dave, 2n, eth("0.3"), T + 2n * HOUR + 7n);
      await pledge(bob, 1n, eth("0.5"), T + DAY + 13n);
      await pledge(alice, 3n, 100_000_000_000_000_007n, T + 2n * DAY);
      await pledge(bob, 4n, usd("50"), T + 2n * DAY + HOUR, true);
      await pledge(carol, 4n, usd("25"), T + 2n * DAY + 2n * HOUR, true);
      await pledge(carol, 1n, eth("2"), T + 3n * DAY);
      await withdraw(bob, 1n, eth("0.2"), T + 3n * DAY + 6n * HOUR);
      await pledge(alice, 1n, 333_333_333_333_333_333n, T + 3n * DAY + 9n * HOUR + 1n);
      await mineAt(chain, T + 3n * DAY + 12n * HOUR);
      indexer = await start();
      const ranked = await compareRequests();
      expect(ranked.map((item) => item.id), "ranked: ETH before PUSD, then support, pledged, id; the unfunded one last of ETH").to.deep.equal(["1", "2", "3", "5", "4"]);
      expect(ranked.map((item) => item.unfunded)).to.deep.equal([false, false, false, true, false]);
      expect([ranked[0]?.duplicateOf, ranked[2]?.duplicateOf, ranked[1]?.duplicateOf], "requests 1 and 3 ask for the same issue").to.deep.equal([["3"], ["1"], []]);
      expect(ranked[0]?.backers).to.equal(3);
      // A campaign opened as one, and an id never used, are no requests.
      const reader = new IndexerReader(indexer.url);
      for (const id of [6n, 99n]) {
        const refusal = await reader.request(id).then(() => undefined, (error: unknown) => error);
        expect(refusal instanceof IndexerRequestError && refusal.notFound, `request ${id}: not found`).to.equal(true);
      }
      expect((await reader.campaign(6n)).fromRequest).to.equal(null);
      await comparePledges(1n, [alice, bob, carol]);
      await reconcile();
    });

    it("declined, and accepted with the pledges carried over to the campaign's row (fromRequest); support frozen at each", async () => {
      const [, maintainer, , , alice, bob, carol, dave] = s;
      if (!maintainer || !alice || !bob || !carol || !dave || indexer === undefined) throw new Error("accounts");
      await nextAt(chain, T + 4n * DAY);
      await send(board(maintainer).declineRequest(4n, "https://github.com/openpledge/one/issues/4#not-planned"));
      frozen.set(4n, T + 4n * DAY);
      const acceptedAt = T + 5n * DAY;
      await nextAt(chain, acceptedAt);
      const terms = {
        projectId: 1n,
        specURI: "https://github.com/openpledge/one/issues/1",
        specHash: ZeroHash,
        token: ZeroAddress,
        goal: eth("3"),
        deadline: T + 20n * DAY,
        lastCall: 0n,
        claimWindow: 0n,
        builderShareBps: 0n,
      };
      const receipt = await send(board(maintainer).acceptRequest(1n, terms, NO_PLAN));
      frozen.set(1n, acceptedAt);
      const names = receipt.logs.map((entry) => chain.escrow.interface.parseLog(entry)?.name);
      expect(names).to.include.members(["CampaignOpened", "RequestAccepted", "GoalReached"]);
      await mineAt(chain, acceptedAt + HOUR);
      const items = await compareRequests();
      const pledgedAtAcceptance = eth("1") + 333_333_333_333_333_333n + eth("0.3") + eth("2");
      const one = items.find((item) => item.id === "1");
      expect([one?.state, one?.accepted?.pledgedAtAcceptance, one?.accepted?.maintainer, one?.accepted?.at]).to.deep.equal([
        "Funding",
        pledgedAtAcceptance.toString(),
        maintainer.address.toLowerCase(),
        acceptedAt.toString(),
      ]);
      const four = items.find((item) => item.id === "4");
      expect([four?.state, four?.declined?.reasonURI, four?.declined?.at]).to.deep.equal(["Declined", "https://github.com/openpledge/one/issues/4#not-planned", (T + 4n * DAY).toString()]);
      expect((await new IndexerReader(indexer.url).listRequests(1n)).map((item) => item.requestId), "open: 2, 3, 5").to.deep.equal([2n, 3n, 5n]);

      // The campaign's row: the request's pledges, backers and history carried over, its terms from CampaignOpened.
      await nextAt(chain, acceptedAt + 2n * HOUR);
      await send(chain.escrow.connect(dave).pledge(1n, { value: eth("0.2") }));
      const head = await syncIndexer(indexer, chain);
      const reader = new IndexerReader(indexer.url);
      const campaign = await reader.campaign(1n);
      const view = await chain.escrow.getCampaign(1n);
      expect(
        [campaign.pledged, campaign.goal, campaign.deadline, campaign.openedAtBlock, campaign.feeBps, campaign.state, campaign.backerCount, campaign.goalReachedAt, campaign.creator],
        "campaign 1 = getCampaign",
      ).to.deep.equal([
        view.pledged.toString(),
        view.goal.toString(),
        view.deadline.toString(),
        view.openedAtBlock.toString(),
        Number(view.feeBps),
        "Funding",
        4,
        view.goalReachedAt.toString(),
        maintainer.address.toLowerCase(),
      ]);
      expect(campaign.fromRequest).to.deep.equal({
        requestId: "1",
        opener: alice.address.toLowerCase(),
        openedAt: T.toString(),
        openedAtBlock: items.find((item) => item.id === "1")?.openedAtBlock,
        acceptedBy: maintainer.address.toLowerCase(),
        acceptedAt: acceptedAt.toString(),
        acceptedAtBlock: view.openedAtBlock.toString(),
        pledgedAtAcceptance: pledgedAtAcceptance.toString(),
      });
      // The request's own numbers now follow the campaign; its support stays frozen at the acceptance.
      const request = await reader.request(1n);
      expect([request.pledged, request.backers, request.asOf, request.support]).to.deep.equal([
        view.pledged.toString(),
        4,
        acceptedAt.toString(),
        ledgers.get(1n)?.supportAt(acceptedAt).toString(),
      ]);
      // The client's indexer-backed reads of the campaign = its reads of the chain.
      const provider = chain.connection.ethers.provider;
      const viaIndexer = new OpenPledgeClient(chain.addresses, provider, { indexerUrl: indexer.url, onFallback: (fallback) => expect.fail(fallback.message) });
      const viaChain = new OpenPledgeClient(chain.addresses, provider, { onFallback: () => undefined });
      expect(plain(await viaIndexer.listCampaigns()), "listCampaigns: the accepted request and the campaign").to.deep.equal(plain(await viaChain.listCampaigns()));
      expect(plain(await viaIndexer.campaignBackers(1n)), "campaignBackers(1)").to.deep.equal(plain(await viaChain.campaignBackers(1n)));
      const history = await reader.readAll((page) => reader.history(1n, page));
      const logs = (await chainLogs(chain, head.number)).escrow.filter((event) => event.args.campaignId === "1" || event.args.requestId === "1");
      expect(history.items.map((item) => [item.name, item.blockNumber, item.logIndex]), "campaign 1's history: the request's opening and pledges, its acceptance, then the campaign's").to.deep.equal(
        logs.map((event) => [event.name, String(event.blockNumber), event.logIndex]),
      );
      await comparePledges(1n, [alice, bob, carol, dave]);
      await reconcile();
      await compareCampaigns();
    });

    it("expired and declined requests refund in full; their support stays frozen; everything reconciles to the wei", async () => {
      const [, maintainer, , , alice, bob, carol, dave] = s;
      if (!maintainer || !alice || !bob || !carol || !dave) throw new Error("accounts");
      // Request 2 expires at T+8d (no event): its support stops there.
      await mineAt(chain, T + 8n * DAY + HOUR);
      let items = await compareRequests();
      expect(items.find((item) => item.id === "2")?.state).to.equal("Expired");
      await nextAt(chain, T + 9n * DAY);
      await send(chain.escrow.connect(dave).refund(2n));
      await send(chain.escrow.connect(bob).refund(4n));
      await mineAt(chain, T + 9n * DAY + HOUR);
      items = await compareRequests();
      expect([items.find((item) => item.id === "2")?.backers, items.find((item) => item.id === "4")?.backers]).to.deep.equal([0, 1]);
      await comparePledges(2n, [dave]);
      await comparePledges(4n, [bob, carol]);
      await reconcile();
      // Campaign 1 succeeds and is claimed; carol's declined PUSD is refunded last.
      await mineAt(chain, T + 20n * DAY + HOUR);
      await send(chain.escrow.connect(maintainer).claim(1n));
      await send(chain.escrow.connect(carol).refund(4n));
      await mineAt(chain, T + 20n * DAY + 2n * HOUR);
      items = await compareRequests();
      expect(items.find((item) => item.id === "1")?.state).to.equal("Claimed");
      await reconcile();
      await compareCampaigns();
    });

    it("ends with the very tables of an indexer built from scratch", async () => {
      if (indexer === undefined) throw new Error("no indexer");
      await syncIndexer(indexer, chain);
      const fresh = await start(true);
      await syncIndexer(fresh, chain);
      const [resumed, rebuilt] = await Promise.all([dumpTables(indexer.url), dumpTables(fresh.url)]);
      expect((rebuilt.requests ?? []).length, "request rows").to.equal(5);
      expect(resumed).to.deep.equal(rebuilt);
    });
  });
}

