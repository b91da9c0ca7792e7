import { expect } from "chai";

import { OpenPledgeClient } from "../client/client.js";
import { DAY, ETH, ethers, loadWorld, networkHelpers, now, SPEC } from "./helpers/fixture.js";

const CAMPAIGNS = 1000;
const BACKERS = 1000;

describe("client at scale", () => {
  it(`reads ${CAMPAIGNS} campaigns and ${BACKERS} backers of one campaign from events, page by page`, async function () {
    this.timeout(300_000);
    const world = await loadWorld();
    const deadline = (await now()) + 30n * DAY;
    const escrow = world.escrow.connect(world.maintainer);
    const setupStart = performance.now();
    for (let i = 0; i < CAMPAIGNS; i++) {
      await (await escrow.openCampaign(1n, `${SPEC}#${i}`, ETH, ethers.parseEther("100"), deadline)).wait();
    }
    const crowdCampaign = 1n;
    const amount = ethers.parseEther("0.01");
    const funded = ethers.toBeHex(ethers.parseEther("1"));
    const backers: string[] = [];
    for (let i = 0; i < BACKERS; i++) {
      const backer = ethers.Wallet.createRandom(ethers.provider);
      await networkHelpers.setBalance(backer.address, funded);
      await (await world.escrow.connect(backer).pledge(crowdCampaign, { value: amount })).wait();
      backers.push(backer.address);
    }
    const setupSeconds = (performance.now() - setupStart) / 1000;

    // A read-only client over a JSON-RPC style range limit of 250 blocks per request.
    const reader = new OpenPledgeClient({ registry: world.registry.target as string, escrow: world.escrowAddress }, ethers.provider, {
      pageSize: 250,
    });
    const readStart = performance.now();
    const campaigns = await reader.listCampaigns({ projectId: 1n });
    const standings = await reader.campaignBackers(crowdCampaign);
    const readSeconds = (performance.now() - readStart) / 1000;

    expect(campaigns).to.have.length(CAMPAIGNS);
    expect(campaigns.map((campaign) => campaign.id)).to.deep.equal(Array.from({ length: CAMPAIGNS }, (_, i) => BigInt(i + 1)));
    expect(standings.map((standing) => standing.backer)).to.deep.equal(backers);
    const total = standings.reduce((sum, standing) => sum + standing.pledged, 0n);
    expect(total).to.equal((await world.escrow.getCampaign(crowdCampaign)).pledged);
    console.log(
      `      setup: ${CAMPAIGNS} campaigns + ${BACKERS} pledges in ${setupSeconds.toFixed(1)} s; ` +
        `read: listCampaigns + campaignBackers in ${readSeconds.toFixed(2)} s (${Math.ceil((await ethers.provider.getBlockNumber()) / 250)} pages of 250 blocks each)`,
    );
  });
});
