import { expect } from "chai";
import { artifacts } from "hardhat";

/**
 * Every deployed contract keeps room under EIP-170's 24,576 bytes for the coming features: at most 22,000 bytes of
 * runtime code each (README, "Layout": the byte budget per feature). The artifacts are the production build: the
 * deploy profile is the tested profile, and `npm run smoke:node` checks that the deployed code is these bytes.
 */
const LIMIT = 22_000;
const DEPLOYED_CONTRACTS = ["PledgeEscrow", "MilestoneReview", "CampaignViews", "ProtocolAdmin", "ProjectRegistry"] as const;
/** EIP-3860: the escrow's creation code carries its modules' creation code, and must stay under 49,152 bytes. */
const INITCODE_LIMIT = 49_152;

describe("contract sizes", () => {
  for (const name of DEPLOYED_CONTRACTS) {
    it(`${name} has at most ${LIMIT.toLocaleString("en-US")} bytes of runtime code`, async () => {
      const artifact = await artifacts.readArtifact(name);
      const size = (artifact.deployedBytecode.length - 2) / 2;
      expect(size, `${name}: ${size} bytes`).to.be.at.most(LIMIT);
    });
  }

  it(`PledgeEscrow's creation code, with its modules', is at most ${INITCODE_LIMIT.toLocaleString("en-US")} bytes`, async () => {
    const artifact = await artifacts.readArtifact("PledgeEscrow");
    const size = (artifact.bytecode.length - 2) / 2;
    expect(size, `PledgeEscrow creation code: ${size} bytes`).to.be.at.most(INITCODE_LIMIT);
  });
});
