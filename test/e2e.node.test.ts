import { spawn, execFile, type ChildProcess } from "node:child_process";
import { rm } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";
import { JsonRpcProvider, parseEther } from "ethers";

import { PledgeEscrow__factory } from "../typechain-types/index.js";

const run = promisify(execFile);
const HARDHAT = path.resolve("node_modules/.bin/hardhat");

/** A port on 127.0.0.1 that nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Waits until the node prints that its JSON-RPC server is up. */
function started(node: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`hardhat node did not start:\n${output}`)), 60_000);
    node.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Started HTTP and WebSocket JSON-RPC server")) {
        clearTimeout(timer);
        resolve();
      }
    });
    node.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`hardhat node exited with ${code}:\n${output}`));
    });
  });
}

describe("end to end: hardhat node, Ignition, tasks typed as a user types them", function () {
  this.timeout(300_000);
  let node: ChildProcess | undefined;
  let rpcUrl = "";
  let deploymentId = "";
  let provider: JsonRpcProvider;

  /** Runs `hardhat <args> --network localhost`; returns its exit code and output instead of throwing. */
  async function hardhat(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(HARDHAT, [...args, "--network", "localhost"], {
        env: { ...process.env, LOCALHOST_RPC_URL: rpcUrl },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
    }
  }

  /** Runs an OpenPledge task on the test deployment with --json and parses its output. */
  async function task<T>(...args: string[]): Promise<T> {
    const result = await hardhat(...args, "--deployment-id", deploymentId, "--json");
    if (result.code !== 0) throw new Error(`hardhat ${args.join(" ")} failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as T;
  }

  before(async () => {
    const port = await freePort();
    rpcUrl = `http://127.0.0.1:${port}`;
    deploymentId = `e2e-${port}`;
    // Its own process group, so that stopping it stops everything it started.
    node = spawn(HARDHAT, ["node", "--hostname", "127.0.0.1", "--port", String(port)], {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    await started(node);
    provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
    const deployed = await hardhat("ignition", "deploy", "deploy/modules/OpenPledge.ts", "--deployment-id", deploymentId);
    expect(deployed.code, deployed.stderr).to.equal(0);
  });

  after(async () => {
    provider?.destroy();
    if (node?.pid !== undefined && node.exitCode === null) {
      const exited = new Promise((resolve) => node?.once("exit", resolve));
      process.kill(-node.pid, "SIGTERM");
      await exited;
    }
    if (deploymentId !== "") await rm(path.join("deploy", "deployments", deploymentId), { recursive: true, force: true });
  });

  it("registers, opens, pledges from other accounts, moves time, claims and refunds, checked on chain", async () => {
    const accounts = (await provider.send("eth_accounts", [])) as string[];
    const payout = accounts[5] ?? "";
    const refunder = accounts[2] ?? "";

    const project = await task<{ projectId: string }>("project", "register", "--metadata", "ipfs://e2e-project", "--payout", "5");
    expect(project.projectId).to.equal("1");
    const win = await task<{ campaignId: string }>("campaign", "open", "--project", "1", "--spec", "https://git.example/issues/1", "--goal", "2", "--days", "1");
    const lose = await task<{ campaignId: string }>("campaign", "open", "--project", "1", "--spec", "https://git.example/issues/2", "--goal", "100", "--days", "1");
    expect([win.campaignId, lose.campaignId]).to.deep.equal(["1", "2"]);

    await task("campaign", "pledge", "1", "2.5", "--from", "1");
    await task("campaign", "pledge", "2", "1", "--from", "2");
    const shown = await task<{ campaign: { state: string; pledged: string } }>("campaign", "show", "1");
    expect([shown.campaign.state, shown.campaign.pledged]).to.deep.equal(["Funding", parseEther("2.5").toString()]);

    const human = await hardhat("campaign", "show", "1", "--deployment-id", deploymentId);
    expect(human.stdout).to.match(/goal\s+2 ETH/);

    const advanced = await hardhat("chain", "advance", "--days", "2");
    expect(advanced.stdout).to.match(/^Chain time is now \S+ \(\+172800 s\)/);
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

  it("fails with a one-line error and a non-zero exit code", async () => {
    const unknown = await hardhat("campaign", "pledge", "99", "1", "--from", "1", "--deployment-id", deploymentId);
    expect(unknown.code).to.not.equal(0);
    expect(unknown.stderr.trim()).to.equal("Error: UnknownCampaign: there is no campaign 99");
    const badAmount = await hardhat("campaign", "pledge", "1", "lots", "--deployment-id", deploymentId);
    expect(badAmount.code).to.not.equal(0);
    expect(badAmount.stderr.trim()).to.match(/^Error: bad amount "lots"/);
    const missing = await hardhat("project", "show", "1", "--deployment-id", "never-deployed");
    expect(missing.code).to.not.equal(0);
    expect(missing.stderr.trim()).to.match(/^Error: no OpenPledge deployment 'never-deployed'/);
  });
});
