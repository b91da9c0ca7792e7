/**
 * The indexer never mixes two chains. A local chain started again has the same chain id (31337) and, deployed the
 * same way, the same addresses: a database (PGlite folder or Postgres schema) that holds another chain's tables is
 * refused with exit code 2 and a message that says so, and rebuilt with `reset`; a running indexer whose RPC starts
 * serving another chain stops itself with exit code 3, saying why. (And an indexer whose port another program holds
 * stops with exit code 4 rather than serve on another port than the one it printed.)
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { parseEther } from "ethers";

import { startIndexer, type IndexerOptions, type RunningIndexer } from "../scripts/lib/indexer.js";
import { startPostgres, type RunningPostgres } from "../scripts/lib/postgres.js";
import { startChain, syncIndexer, type TestChain } from "./helpers/indexer-chain.js";

describe("indexer on another chain with the same id and addresses", function () {
  this.timeout(300_000);
  let folder = "";
  let postgres: RunningPostgres | undefined;
  const chains: TestChain[] = [];
  const indexers: RunningIndexer[] = [];

  /** Starts a chain with one project and one pledged campaign, deployed under its own deployment id. */
  async function chainWithData(port?: number): Promise<TestChain> {
    const chain = await startChain({ port });
    chains.push(chain);
    const [, maintainer, backer] = chain.signers;
    if (maintainer === undefined || backer === undefined) throw new Error("accounts");
    await (await chain.registry.connect(maintainer).registerProject("ipfs://project", "", maintainer.address)).wait();
    const now = BigInt((await chain.connection.ethers.provider.getBlock("latest"))?.timestamp ?? 0);
    const terms = { projectId: 1n, specURI: "https://example.org/1", specHash: `0x${"00".repeat(32)}`, token: `0x${"00".repeat(20)}`, goal: parseEther("1"), deadline: now + 10n * 86_400n, lastCall: 0n, claimWindow: 0n, builderShareBps: 0n };
    await (await chain.escrow.connect(maintainer).openCampaign(terms)).wait();
    await (await chain.escrow.connect(backer).pledge(1n, { value: parseEther("0.5") })).wait();
    return chain;
  }

  /** Starts an indexer and expects it to exit at once; its exit code and output. */
  async function refused(options: IndexerOptions): Promise<{ code: number | null; output: string }> {
    try {
      const running = await startIndexer(options);
      indexers.push(running);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = /exited with (\d+)/.exec(message)?.[1];
      return { code: code === undefined ? null : Number(code), output: message };
    }
    throw new Error("the indexer started on another chain's database");
  }

  async function status(indexer: RunningIndexer): Promise<{ genesisHash: string; indexed: { number: string } | null }> {
    return (await (await fetch(`${indexer.url}/api/status`)).json()) as { genesisHash: string; indexed: { number: string } | null };
  }

  before(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "openpledge-indexer-chains-"));
    postgres = await startPostgres();
  });

  after(async () => {
    for (const indexer of indexers) await indexer.stop();
    for (const chain of chains) {
      await chain.stop();
      await chain.removeDeployment();
    }
    await postgres?.stop();
    if (folder !== "") await rm(folder, { recursive: true, force: true });
  });

  it("refuses a PGlite folder and a Postgres schema that hold another chain's tables (exit 2, in words); rebuilds them with reset", async () => {
    const first = await chainWithData();
    const directory = path.join(folder, "pglite");
    const env = { OPENPLEDGE_POLLING_MS: "200", OPENPLEDGE_DOCUMENTS: "off" };
    const [pglite, onPostgres] = await Promise.all([
      startIndexer({ rpcUrl: first.node.rpcUrl, deploymentId: first.deploymentId, directory, env }),
      startIndexer({ rpcUrl: first.node.rpcUrl, deploymentId: first.deploymentId, databaseUrl: postgres?.url, schema: "openpledge_chains", env }),
    ]);
    indexers.push(pglite, onPostgres);
    await Promise.all([syncIndexer(pglite, first), syncIndexer(onPostgres, first)]);
    const firstGenesis = (await status(pglite)).genesisHash;
    await Promise.all([pglite.stop(), onPostgres.stop()]);
    await first.stop();

    // Another chain, deployed the same way: same id, same addresses, same deployment block; another block 0.
    const second = await chainWithData();
    expect(second.addresses.escrow).to.equal(first.addresses.escrow);
    expect(second.addresses.deploymentBlock).to.equal(first.addresses.deploymentBlock);
    const words = /holds the tables of chain 31337 whose block 0 is 0x[0-9a-f]{8}… .*but the RPC serves chain 31337 whose block 0 is 0x[0-9a-f]{8}… .*It is another chain .*start with `--reset` to empty it/s;
    const onFolder = await refused({ rpcUrl: second.node.rpcUrl, deploymentId: second.deploymentId, directory, env });
    expect(onFolder.code, onFolder.output).to.equal(2);
    expect(onFolder.output).to.match(/indexer: The indexer's folder .+ holds the tables/);
    expect(onFolder.output).to.match(words);
    const onSchema = await refused({ rpcUrl: second.node.rpcUrl, deploymentId: second.deploymentId, databaseUrl: postgres?.url, schema: "openpledge_chains", env });
    expect(onSchema.code, onSchema.output).to.equal(2);
    expect(onSchema.output).to.match(/indexer: Postgres schema "openpledge_chains" holds the tables/);
    expect(onSchema.output).to.match(words);

    // With reset: emptied and built again from the new chain.
    const [rebuilt, rebuiltPostgres] = await Promise.all([
      startIndexer({ rpcUrl: second.node.rpcUrl, deploymentId: second.deploymentId, directory, reset: true, env }),
      startIndexer({ rpcUrl: second.node.rpcUrl, deploymentId: second.deploymentId, databaseUrl: postgres?.url, schema: "openpledge_chains", reset: true, env }),
    ]);
    indexers.push(rebuilt, rebuiltPostgres);
    for (const indexer of [rebuilt, rebuiltPostgres]) {
      await syncIndexer(indexer, second);
      const now = await status(indexer);
      expect(now.genesisHash).to.not.equal(firstGenesis);
      expect(now.genesisHash).to.equal((await second.connection.ethers.provider.getBlock(0))?.hash);
      const campaign = (await (await fetch(`${indexer.url}/api/campaigns/1`)).json()) as { pledged: string; backerCount: number };
      expect([campaign.pledged, campaign.backerCount]).to.deep.equal([parseEther("0.5").toString(), 1]);
    }
    await Promise.all([rebuilt.stop(), rebuiltPostgres.stop()]);
    await second.stop();
  });

  it("an indexer whose port another program holds stops with exit code 4, saying to take another", async () => {
    const chain = await chainWithData();
    const holder = createServer((_request, response) => response.end("another program"));
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const port = (holder.address() as AddressInfo).port;
    try {
      const { code, output } = await refused({ rpcUrl: chain.node.rpcUrl, deploymentId: chain.deploymentId, directory: path.join(folder, "port"), port, env: { OPENPLEDGE_DOCUMENTS: "off" } });
      expect(code, output).to.equal(4);
      expect(output).to.include(`indexer: port ${port} on 127.0.0.1 is taken by another program: stopping. Start with --port <another port> (or set OPENPLEDGE_INDEXER_PORT).`);
    } finally {
      holder.closeAllConnections();
      await new Promise((resolve) => holder.close(resolve));
      await chain.stop();
    }
  });

  it("a running indexer whose RPC starts serving another chain stops itself with exit code 3, saying why", async () => {
    const first = await chainWithData();
    const port = first.node.port;
    const indexer = await startIndexer({ rpcUrl: first.node.rpcUrl, deploymentId: first.deploymentId, directory: path.join(folder, "replaced"), env: { OPENPLEDGE_POLLING_MS: "200", OPENPLEDGE_DOCUMENTS: "off" } });
    indexers.push(indexer);
    await syncIndexer(indexer, first);
    await first.stop();
    // The same port, a new chain, the same deployment again.
    await chainWithData(port);
    const code = await Promise.race([indexer.exited, new Promise<string>((resolve) => setTimeout(() => resolve("still running after 60 s"), 60_000))]);
    expect(code, indexer.output().slice(-3000)).to.equal(3);
    expect(indexer.output()).to.match(
      /indexer: (the RPC at http:\/\/127\.0\.0\.1:\d+ now serves chain 31337 whose block 0 is .+, not the chain this indexer follows: stopping\. Start the indexer again for the new chain\.|.*(no escrow at|has no block).*; stopping\.)/,
    );
  });
});
