import { createRequire } from "node:module";

import { expect } from "chai";
import { ZeroHash } from "ethers";

import {
  decodeRepositoryClaim,
  EAS_ABI,
  easContract,
  attestedUidsOf,
  encodeRepositoryClaim,
  findRepositoryAttestations,
  OpenPledgeClient,
  readRepositoryAttestation,
  REPOSITORY_SCHEMA,
  REPOSITORY_SCHEMA_UID,
  repositoryAttestationRequest,
  SCHEMA_REGISTRY_ABI,
  schemaRegistryContract,
  type RepositoryClaim,
} from "../client/index.js";
import { ethers, loadWorld, now, REPOSITORY } from "./helpers/fixture.js";

const require = createRequire(import.meta.url);

describe("EAS on the local chain", () => {
  it("the client's ABIs are the vendored artifacts' ABIs, unchanged", () => {
    expect(JSON.parse(JSON.stringify(EAS_ABI))).to.deep.equal(require("../vendor/eas-contracts/EAS.json").abi);
    expect(JSON.parse(JSON.stringify(SCHEMA_REGISTRY_ABI))).to.deep.equal(require("../vendor/eas-contracts/SchemaRegistry.json").abi);
  });

  it("deploys the package's bytecode and registers the repository schema under the uid the client computes", async () => {
    const { eas } = await loadWorld();
    const runtime = await ethers.provider.getCode(eas.eas);
    const shipped = (require("../vendor/eas-contracts/EAS.json") as { deployedBytecode: string }).deployedBytecode;
    // EAS keeps immutables (its schema registry, EIP-712 hashes) in its runtime code, which the shipped artifact
    // leaves as zero bytes: every other byte must be the package's.
    expect(runtime.length).to.equal(shipped.length);
    const shippedBytes = ethers.getBytes(shipped);
    const differing = [...ethers.getBytes(runtime)].filter((byte, i) => byte !== shippedBytes[i] && shippedBytes[i] !== 0);
    expect(differing).to.deep.equal([]);
    const registry = schemaRegistryContract(eas.schemaRegistry, ethers.provider);
    const schema = (await registry.getFunction("getSchema").staticCall(REPOSITORY_SCHEMA_UID)) as { uid: string; schema: string; revocable: boolean };
    expect(schema.uid).to.equal(REPOSITORY_SCHEMA_UID);
    expect(schema.schema).to.equal(REPOSITORY_SCHEMA);
    expect(schema.revocable).to.equal(true);
    expect(await easContract(eas.eas, ethers.provider).getFunction("version").staticCall()).to.equal("1.4.0");
  });

  it("an attestation of the schema round-trips, and revocation is recorded", async () => {
    const { eas, registry, escrow, owner, stranger } = await loadWorld();
    const claim: RepositoryClaim = {
      registry: await registry.getAddress(),
      chainId: 31337n,
      projectId: 1n,
      forgeHost: "github.com",
      repositoryId: 123456789n,
      repositoryPath: "openpledge/openpledge",
      repository: REPOSITORY,
      proofCommit: "9fceb02d0ae598e95dc970b74767f19372d61af8",
    };
    expect(decodeRepositoryClaim(encodeRepositoryClaim(claim))).to.deep.equal(claim);
    const contract = easContract(eas.eas, stranger);
    const expiration = (await now()) + 90n * 86_400n;
    const tx = await contract.getFunction("attest")(repositoryAttestationRequest(claim, { expirationTime: expiration }));
    const receipt = (await tx.wait()) as { logs: Array<{ topics: string[]; data: string }> };
    const [uid, ...others] = attestedUidsOf(receipt.logs);
    expect(others).to.deep.equal([]);
    const read = await readRepositoryAttestation(contract, uid);
    expect(read).to.include({ uid, attester: stranger.address, recipient: claim.registry, expirationTime: expiration, revocationTime: 0n });
    expect(read).to.deep.include(claim);
    await (await contract.getFunction("revoke")({ schema: REPOSITORY_SCHEMA_UID, data: { uid, value: 0n } })).wait();
    expect((await readRepositoryAttestation(contract, uid))!.revocationTime).to.equal(await now());
    expect(await readRepositoryAttestation(contract, ethers.keccak256("0x01"))).to.equal(undefined);
    const client = new OpenPledgeClient({ registry: claim.registry, escrow: await escrow.getAddress(), eas }, ethers.provider);
    const found = await findRepositoryAttestations(client.connection, { attesters: [stranger.address], projectId: 1n });
    expect(found.map((attestation) => attestation.uid)).to.deep.equal([uid]);
    expect(await findRepositoryAttestations(client.connection, { attesters: [owner.address] })).to.deep.equal([]);
    expect(await findRepositoryAttestations(client.connection, { projectId: 2n })).to.deep.equal([]);
  });
});
