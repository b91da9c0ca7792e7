/**
 * Puts a local chain in a state worth looking at: two projects and six campaigns, one in each interesting state.
 * Campaign ids are fixed (the browser tests rely on them):
 *   1 failed (backer: account 2), 2 succeeded and claimable by account 1, 3 milestones with milestone 1 in review,
 *   4 ETH funding, 5 PUSD funding (pledged by permit), 6 funding in project 2.
 * Account 0 owns the protocol, account 1 owns project 1 (payout: account 9), accounts 2-4 back.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

import { JsonRpcProvider, parseUnits } from "ethers";

import { OpenPledgeClient } from "../../client/client.js";
import { readDeployment } from "../../client/deployment.js";
import { hardhatOnNode } from "../../scripts/lib/local-node.js";
import { PledgeEscrow__factory, TestToken__factory } from "../../typechain-types/index.js";

const DAY = 86_400n;
const DEPLOYMENTS = path.resolve("deploy", "deployments");

/** Deploys OpenPledge and the PUSD test token with Ignition under `deploymentId`, then seeds the demo data. */
export async function deployAndSeed(rpcUrl: string, deploymentId: string): Promise<{ token: string }> {
  for (const module of ["deploy/modules/OpenPledge.ts", "deploy/modules/TestToken.ts"]) {
    const deployed = await hardhatOnNode(rpcUrl, ["ignition", "deploy", module, "--deployment-id", deploymentId]);
    if (deployed.code !== 0) throw new Error(`ignition deploy ${module} failed:\n${deployed.stderr}`);
  }
  const addresses = await readDeployment(DEPLOYMENTS, deploymentId);
  const deployed = JSON.parse(await readFile(path.join(DEPLOYMENTS, deploymentId, "deployed_addresses.json"), "utf8")) as Record<string, string>;
  const token = deployed["TestToken#TestToken"];
  if (token === undefined) throw new Error("the TestToken module did not deploy");

  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const signer = (index: number) => provider.getSigner(index);
    const client = async (index: number) => new OpenPledgeClient(addresses, await signer(index));
    const owner = await signer(0);
    await (await PledgeEscrow__factory.connect(addresses.escrow, owner).setTokenAllowed(token, true)).wait();
    const pusd = TestToken__factory.connect(token, owner);
    for (const index of [2, 3, 4]) await (await pusd.mint(await (await signer(index)).getAddress(), parseUnits("10000", 6))).wait();

    const maintainer = await client(1);
    const payout = await (await signer(9)).getAddress();
    await maintainer.registerProject({
      metadataURI: "ipfs://bafy-openpledge-demo",
      repository: "https://github.com/openpledge/openpledge",
      payout,
    });
    const now = async () => BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
    const soon = (await now()) + DAY;
    const spec = (n: number) => `https://github.com/openpledge/openpledge/issues/${n}`;
    await maintainer.openCampaign({ projectId: 1n, specURI: spec(11), token: "ETH", goal: "10", deadline: soon });
    await maintainer.openCampaign({ projectId: 1n, specURI: spec(12), token: "ETH", goal: "2", deadline: soon });
    await maintainer.openCampaign({
      projectId: 1n,
      specURI: spec(13),
      token: "ETH",
      goal: "3",
      deadline: soon,
      milestones: {
        initialShareBps: 2_000,
        reviewWindowSeconds: 3n * DAY,
        objectionThresholdBps: 0,
        milestones: [
          { shareBps: 5_000, due: soon + 10n * DAY },
          { shareBps: 3_000, due: soon + 20n * DAY },
        ],
      },
    });
    const [two, three, four] = [await client(2), await client(3), await client(4)];
    await two.pledge(1n, "1");
    await two.pledge(2n, "1.5");
    await three.pledge(2n, "1");
    await two.pledge(3n, "2");
    await three.pledge(3n, "1.5");

    await provider.send("evm_increaseTime", [Number(2n * DAY)]);
    await provider.send("evm_mine", []);
    await maintainer.submitMilestone(3n, "https://github.com/openpledge/openpledge/releases/tag/v0.9");
    await three.objectMilestone(3n);

    const later = (await now()) + 30n * DAY;
    await maintainer.openCampaign({ projectId: 1n, specURI: spec(14), token: "ETH", goal: "5", deadline: later });
    await maintainer.openCampaign({ projectId: 1n, specURI: spec(15), token, goal: "10000", deadline: later });
    await three.pledge(4n, "1.25");
    await four.pledge(4n, "0.5");
    await two.pledge(5n, "2500", "permit");

    const other = await client(5);
    await other.registerProject({ metadataURI: "ipfs://bafy-second-project", repository: "https://github.com/example/lib", payout: await (await signer(5)).getAddress() });
    await other.openCampaign({ projectId: 2n, specURI: "https://github.com/example/lib/issues/1", token: "ETH", goal: "1", deadline: later });
    await four.pledge(6n, "0.2");
    return { token };
  } finally {
    provider.destroy();
  }
}
