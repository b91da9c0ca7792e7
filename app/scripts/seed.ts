/**
 * Puts a local chain in a state worth looking at: three projects and ten campaigns, one in each interesting state.
 * Campaign ids are fixed (the browser tests rely on them):
 *   1 failed (backer: account 2), 2 succeeded and claimable by account 1, 3 milestones with milestone 1 in review,
 *   4 ETH funding with a refund bonus of 0.25 ETH (5% of its goal, deposited by account 1 before its pledges),
 *   5 PUSD funding (pledged by permit), 6 funding in project 2, 7 succeeded but never claimed: its claim
 *   window of 7 days is over, so it is Lapsed (backers: accounts 2 and 3), 8 funding, its goal reached in its last
 *   call (1 day) by account 2, so its deadline moved (first backer: account 4), 9 claimed with shares: project 1
 *   depends on projects 2 (5%) and 3 (2.5%) from before it opened, and its builder (account 6, accepted) has 15%, so
 *   its claim credited 0.3 ETH to account 6, 0.1 ETH to project 2 and 0.05 ETH to project 3 (backers: accounts 2 and
 *   4), 10 funding with a builder share of 10%, account 7 nominated and not yet accepted.
 * Every campaign runs at least two last calls (the escrow refuses shorter ones), and every seeded pledge to campaign 3
 * comes before its weight cutoff, so each carries its full objection weight.
 * Account 0 owns the protocol, account 1 owns project 1 (payout: account 9), accounts 2-4 back, account 5 owns
 * projects 2 and 3 (its own payout).
 * Documents (served by `documents`): every project has a metadata document on IPFS; campaign 3's spec is on IPFS and
 * pinned by its content hash, campaigns 4's and 9's are http documents pinned by their hash, campaign 5's an http
 * document not pinned; the others point at issue pages (no document).
 * Verified repositories: project 1's repository (github.com/openpledge/openpledge) is attested on EAS by account 0, the
 * local default attester, for 90 days from the end of the seed; projects 2 and 3 are not attested (unverified). With a
 * local forge (`forge`), the repository is created there with its proof file, and the attestation names its numeric
 * id and the proof's commit, so the app's path check finds it where it was checked.
 */
import path from "node:path";

import { JsonRpcProvider, parseUnits } from "ethers";
import { network } from "hardhat";

import { easContract, repositoryAttestationRequest, specHashOf } from "../../client/index.js";
import { OpenPledgeClient, readDeployment } from "../../client/node.js";
import { deployProtocolWithTestToken } from "../../scripts/lib/protocol.js";
import type { DocumentHost } from "./documents.js";

const DAY = 86_400n;
const DEPLOYMENTS = path.resolve("deploy", "deployments");

/**
 * Deploys OpenPledge and the PUSD test token on the node at `rpcUrl` with the helper the demo, the bench and the tests
 * use (Ignition records both modules under `deploy/deployments/<deploymentId>/`, where the app reads them; account 0
 * holds every role, the fee is zero; accounts 2-4 get 10,000 PUSD each), then seeds the demo data.
 */
/** What the seed needs of a local forge (`scripts/lib/local-forge.ts`): a repository and a file in it. */
export interface SeedForge {
  createRepository(host: string, path: string): bigint;
  putFile(host: string, path: string, filePath: string, text: string): string;
}

/** Project 1's repository as the seed registers and attests it. */
export const SEEDED_REPOSITORY = { url: "https://github.com/openpledge/openpledge", host: "github.com", path: "openpledge/openpledge" } as const;
/** Its numeric id without a local forge (with one, the forge's). */
const SEEDED_REPOSITORY_ID = 771_406_512n;

export async function deployAndSeed(rpcUrl: string, deploymentId: string, documents: DocumentHost, options: { forge?: SeedForge } = {}): Promise<{ token: string }> {
  const connection = await network.create({ network: "localhost", override: { url: rpcUrl } });
  let token: string;
  try {
    const [deployer, , two, three, four] = await connection.ethers.getSigners();
    const roles = { owner: deployer.address, guardian: deployer.address, feeRecipient: deployer.address, feeBps: 0 };
    const mintTo = { accounts: [two, three, four].map((backer) => backer.address), amount: parseUnits("10000", 6) };
    ({ tokenAddress: token } = await deployProtocolWithTestToken(connection, deployer, { roles, mintTo, deploymentId }));
  } finally {
    await connection.close();
  }
  const addresses = await readDeployment(DEPLOYMENTS, deploymentId);

  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  try {
    const signer = (index: number) => provider.getSigner(index);
    const client = async (index: number) => new OpenPledgeClient(addresses, await signer(index));

    const maintainer = await client(1);
    const payout = await (await signer(9)).getAddress();
    await maintainer.registerProject({
      metadataURI: documents.pin(PROJECT_1),
      repository: SEEDED_REPOSITORY.url,
      payout,
    });
    const now = async () => BigInt((await provider.getBlock("latest"))?.timestamp ?? 0);
    const setTime = async (time: bigint) => provider.send("evm_setNextBlockTimestamp", [Number(time)]);
    const start = await now();
    // Default last call (2 days): the weight cutoff of campaigns 1-3 is a day after they open, after every pledge.
    const soon = start + 5n * DAY;
    const later = start + 40n * DAY;
    const spec = (n: number) => `https://github.com/openpledge/openpledge/issues/${n}`;
    await maintainer.openCampaign({ projectId: 1n, specURI: spec(11), token: "ETH", goal: "10", deadline: soon });
    await maintainer.openCampaign({ projectId: 1n, specURI: spec(12), token: "ETH", goal: "2", deadline: soon });
    await maintainer.openCampaign({
      projectId: 1n,
      specURI: documents.pin(SPEC_3),
      specHash: specHashOf(SPEC_3),
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

    await maintainer.openCampaign({ projectId: 1n, specURI: documents.put("/specs/campaign-4.json", SPEC_4), specHash: specHashOf(SPEC_4), token: "ETH", goal: "5", deadline: later });
    await maintainer.openCampaign({ projectId: 1n, specURI: documents.put("/specs/campaign-5.json", SPEC_5), token, goal: "10000", deadline: later });
    await maintainer.depositBonus(4n, "0.25");
    await three.pledge(4n, "1.25");
    await four.pledge(4n, "0.5");
    await two.pledge(5n, "2500", "permit");

    const other = await client(5);
    await other.registerProject({ metadataURI: documents.pin(PROJECT_2), repository: "https://github.com/example/lib", payout: await (await signer(5)).getAddress() });
    await other.openCampaign({ projectId: 2n, specURI: "https://github.com/example/lib/issues/1", token: "ETH", goal: "1", deadline: later });
    await four.pledge(6n, "0.2");

    // 7: succeeds with the others, but its claim window is the shortest (7 days) and nobody claims it.
    await maintainer.openCampaign({ projectId: 1n, specURI: spec(16), token: "ETH", goal: "1", deadline: soon, claimWindowSeconds: 7n * DAY });
    await two.pledge(7n, "0.6");
    await three.pledge(7n, "0.4");
    // 8: a last call of 1 day; account 2 reaches the goal half a day before the planned deadline.
    const planned = start + 13n * DAY;
    await maintainer.openCampaign({ projectId: 1n, specURI: spec(17), token: "ETH", goal: "3", deadline: planned, lastCallSeconds: DAY });
    await four.pledge(8n, "1");

    // Project 3, which project 1 builds on with project 2: project 1's dependency list (version 1) gives them 5% and
    // 2.5% of every claim of its campaigns opened from now on (campaigns 1-8 opened before it: they share nothing).
    await other.registerProject({ metadataURI: documents.pin(PROJECT_3), repository: "https://github.com/example/hashkit", payout: await (await signer(5)).getAddress() });
    await maintainer.setDependencies(1n, [
      { projectId: 2n, shareBps: 500n },
      { projectId: 3n, shareBps: 250n },
    ]);
    // 9: a builder share of 15%; account 6 is nominated and accepts, accounts 2 and 4 fund it; claimed below.
    await maintainer.openCampaign({ projectId: 1n, specURI: documents.put("/specs/campaign-9.json", SPEC_9), specHash: specHashOf(SPEC_9), token: "ETH", goal: "2", deadline: soon, builderShareBps: 1_500n });
    const builder = await client(6);
    await maintainer.nominateBuilder(9n, await (await signer(6)).getAddress());
    await builder.acceptBuilder(9n);
    await two.pledge(9n, "1.2");
    await four.pledge(9n, "0.8");
    // 10: a builder share of 10%, account 7 nominated but not accepted yet; funding.
    await maintainer.openCampaign({ projectId: 1n, specURI: spec(18), token: "ETH", goal: "4", deadline: later, builderShareBps: 1_000n });
    await maintainer.nominateBuilder(10n, await (await signer(7)).getAddress());

    // Past campaign 7's claim window (it ends 12 days after the opening), into campaign 8's last call.
    await setTime(planned - DAY / 2n);
    await two.pledge(8n, "2");
    // Campaign 9 succeeded: its claim pays 1.55 ETH to the payout and credits 0.3 ETH to the builder, 0.1 ETH to
    // project 2 and 0.05 ETH to project 3, each to withdraw from "Owed to you".
    await maintainer.claim(9n);
    // Milestone 1 of campaign 3 (due 15 days after the opening) is delivered and in review; account 3 objects.
    await maintainer.submitMilestone(3n, "https://github.com/openpledge/openpledge/releases/tag/v0.9");
    await three.objectMilestone(3n);

    // Project 1's repository verified by account 0 (the local default attester) for 90 days: its proof file names
    // project 1 of this registry on this chain, and the claim names the repository's numeric id.
    const proof = `${JSON.stringify({ openpledge: [{ chainId: 31337, registry: addresses.registry, projectId: 1 }] }, null, 2)}\n`;
    const repositoryId = options.forge?.createRepository(SEEDED_REPOSITORY.host, SEEDED_REPOSITORY.path) ?? SEEDED_REPOSITORY_ID;
    const proofCommit = options.forge?.putFile(SEEDED_REPOSITORY.host, SEEDED_REPOSITORY.path, ".well-known/openpledge.json", proof) ?? "9fceb02d0ae598e95dc970b74767f19372d61af8";
    if (addresses.eas === undefined) throw new Error(`deployment ${deploymentId} has no EAS beside it: deploy deploy/modules/LocalEAS.ts with it`);
    const eas = easContract(addresses.eas.eas, await signer(0));
    const claim = {
      registry: addresses.registry,
      chainId: 31337n,
      projectId: 1n,
      forgeHost: SEEDED_REPOSITORY.host,
      repositoryId,
      repositoryPath: SEEDED_REPOSITORY.path,
      repository: SEEDED_REPOSITORY.url,
      proofCommit,
    };
    const attestedAt = (await now()) + 1n;
    await setTime(attestedAt);
    const attested = (await eas.getFunction("attest")(repositoryAttestationRequest(claim, { expirationTime: attestedAt + 90n * DAY }))) as {
      wait(): Promise<unknown>;
    };
    await attested.wait();
    return { token };
  } finally {
    provider.destroy();
  }
}

const document = (value: object) => `${JSON.stringify(value, null, 2)}\n`;

const PROJECT_1 = document({
  name: "OpenPledge",
  summary: "All-or-nothing crowdfunding for open-source work, settled by a contract instead of a platform.",
  description:
    "OpenPledge lets users of an open-source project fund the **specific work** they want.\n\n" +
    "- Backers pledge towards a goal by a deadline; if it is not reached, everyone takes their pledge back.\n" +
    "- Milestone campaigns release funds step by step, and backers can object to a delivery.\n\n" +
    "Read the [source](https://github.com/openpledge/openpledge).",
  links: [{ label: "Source", url: "https://github.com/openpledge/openpledge" }],
});

const PROJECT_2 = document({
  name: "example-lib",
  summary: "A small parsing library, funded one issue at a time.",
  links: [{ label: "Repository", url: "https://github.com/example/lib" }],
});

const SPEC_3 = document({
  name: "Web app for backers",
  summary: "A web app where backers see what they fund and what happens to their money, in three steps.",
  description: "The first 20% pays for the design. Each milestone is a release backers can try before it is accepted.",
  deliverables: ["Release 0.9: campaign pages in plain words", "Release 1.0: maintainers act from the app"],
});

const SPEC_4 = document({
  name: "Audit of the escrow contract",
  summary: "An independent review of PledgeEscrow and its milestone module, published in full.",
  description: "## Scope\n\n- `PledgeEscrow.sol`\n- the milestone module\n\nThe report is published whatever it finds.",
});

const PROJECT_3 = document({
  name: "hashkit",
  summary: "Hash functions for JavaScript, which OpenPledge builds on.",
  links: [{ label: "Repository", url: "https://github.com/example/hashkit" }],
});

const SPEC_9 = document({
  name: "Campaign pages in plain words",
  summary: "Every campaign page says where each unit of a claim goes: the project, its builder, its dependencies.",
  description: "The builder who writes it gets 15% of the claim; project 1's dependencies get theirs.",
});

const SPEC_5 = document({
  name: "Stablecoin pledges",
  summary: "Pledging in ERC-20 tokens with permits, so backers can fund in a stablecoin.",
});
