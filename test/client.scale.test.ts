import { expect } from "chai";

import { checkSolvency, OpenPledgeClient } from "../client/node.js";
import { DAY, ETH, ethers, loadWorld, networkHelpers, now, SPEC, type World } from "./helpers/fixture.js";

const CAMPAIGNS = 1000;
const BACKERS = 1000;
const AMOUNT = ethers.parseEther("0.01");

interface Crowd {
  world: World;
  /** The backers of campaign 1, in the order they pledged. */
  backers: string[];
  setupSeconds: number;
}

/** 1,000 campaigns of project 1, and 1,000 backers of the first one. */
async function crowd(): Promise<Crowd> {
  const world = await loadWorld();
  const deadline = (await now()) + 30n * DAY;
  const escrow = world.escrow.connect(world.maintainer);
  const setupStart = performance.now();
  for (let i = 0; i < CAMPAIGNS; i++) {
    const terms = { projectId: 1n, specURI: `${SPEC}#${i}`, specHash: ethers.ZeroHash, token: ETH, goal: ethers.parseEther("100"), deadline, lastCall: 0n, claimWindow: 0n, builderShareBps: 0n };
    await (await escrow.openCampaign(terms)).wait();
  }
  const funded = ethers.toBeHex(ethers.parseEther("1"));
  const backers: string[] = [];
  for (let i = 0; i < BACKERS; i++) {
    const backer = ethers.Wallet.createRandom(ethers.provider);
    await networkHelpers.setBalance(backer.address, funded);
    await (await world.escrow.connect(backer).pledge(1n, { value: AMOUNT })).wait();
    backers.push(backer.address);
  }
  return { world, backers, setupSeconds: (performance.now() - setupStart) / 1000 };
}

/** A read-only client over a JSON-RPC style range limit of 250 blocks per request. */
function reader(world: World): OpenPledgeClient {
  return new OpenPledgeClient({ registry: world.registry.target as string, escrow: world.escrowAddress }, ethers.provider, { pageSize: 250 });
}

describe("client at scale", function () {
  this.timeout(300_000);

  it(`reads ${CAMPAIGNS} campaigns and ${BACKERS} backers of one campaign from events, page by page`, async () => {
    const { world, backers, setupSeconds } = await networkHelpers.loadFixture(crowd);
    const readStart = performance.now();
    const campaigns = await reader(world).listCampaigns({ projectId: 1n });
    const standings = await reader(world).campaignBackers(1n);
    const readSeconds = (performance.now() - readStart) / 1000;

    expect(campaigns.map((campaign) => campaign.id)).to.deep.equal(Array.from({ length: CAMPAIGNS }, (_, i) => BigInt(i + 1)));
    expect(standings.map((standing) => standing.backer)).to.deep.equal(backers);
    expect(standings.every((standing) => standing.pledged === AMOUNT && standing.contributed === AMOUNT)).to.equal(true);
    console.log(
      `      setup: ${CAMPAIGNS} campaigns + ${BACKERS} pledges in ${setupSeconds.toFixed(1)} s; ` +
        `read: listCampaigns + campaignBackers in ${readSeconds.toFixed(2)} s (${Math.ceil((await ethers.provider.getBlockNumber()) / 250)} pages of 250 blocks each)`,
    );
  });

  it(`checks the solvency of an escrow with ${CAMPAIGNS} campaigns`, async () => {
    const { world } = await networkHelpers.loadFixture(crowd);
    const start = performance.now();
    const report = await checkSolvency(reader(world));
    const seconds = (performance.now() - start) / 1000;

    const total = AMOUNT * BigInt(BACKERS);
    expect(report.tokens.map((entry) => [entry.owed, entry.held, entry.status, entry.campaigns])).to.deep.equal([
      [total, total, "OK", CAMPAIGNS],
      [0n, 0n, "OK", 0],
    ]);
    console.log(`      solvency of ${CAMPAIGNS} campaigns in ${seconds.toFixed(2)} s`);
  });
});
