/**
 * The indexer's repository attestations (EAS) on embedded PGlite: attestations and revocations on a `hardhat node`
 * with EAS deployed beside OpenPledge, before the indexer starts (its backfill) and while it runs (live blocks). At each
 * step `GET /api/projects/:id/attestations`, read by `IndexerReader.projectAttestations`, equals exactly what the client
 * reads from the chain's logs (`findRepositoryAttestations(connection, { projectId })`), and the attestations that must
 * not count are absent from both: another registry as recipient, data naming another registry or chain, data of
 * another shape, another schema with the very same fields.
 *
 * Accounts: 1 maintainer, 2 attester A, 3 attester B, 4 a stranger.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { keccak256, solidityPacked, ZeroAddress, ZeroHash, type Contract, type ContractTransactionReceipt } from "ethers";

import {
  easContract,
  encodeRepositoryClaim,
  findRepositoryAttestations,
  IndexerReader,
  IndexerRequestError,
  OpenPledgeClient,
  REPOSITORY_SCHEMA,
  REPOSITORY_SCHEMA_UID,
  schemaRegistryContract,
  type EasAddresses,
  type RepositoryAttestation,
  type RepositoryClaim,
} from "../client/node.js";
import { startIndexer, type RunningIndexer } from "../scripts/lib/indexer.js";
import { DAY, startChain, syncIndexer, type TestChain } from "./helpers/indexer-chain.js";

/** Another registry's address (any address will do: EAS's recipient is only an address). */
const OTHER_REGISTRY = "0x00000000000000000000000000000000DeaDBeef";
/** The repository schema's types, its last field named otherwise. */
const OTHER_SCHEMA = REPOSITORY_SCHEMA.replace("string proofCommit", "string proofCommitment");

describe("indexer on PGlite: repository attestations (EAS)", function () {
  this.timeout(240_000);
  let chain: TestChain;
  let eas: EasAddresses;
  let registryAddress = "";
  let folder = "";
  const running: RunningIndexer[] = [];
  let indexer: RunningIndexer;
  let reader: IndexerReader;
  let client: OpenPledgeClient;
  let s: HardhatEthersSigner[] = [];
  /** Uids by name, as the test made them. */
  const uid = new Map<string, string>();
  /** Where each one's `Attested` was logged. */
  const where = new Map<string, { blockNumber: number; transactionHash: string }>();
  /** A schema of the repository schema's types (one field named otherwise): another uid, data of the same shape. */
  let otherSchemaUid = "";

  function claim(projectId: bigint, overrides: Partial<RepositoryClaim> = {}): RepositoryClaim {
    return {
      registry: registryAddress,
      chainId: 31337n,
      projectId,
      forgeHost: "github.com",
      repositoryId: 1_000n + projectId,
      repositoryPath: `openpledge/project-${projectId}`,
      repository: `https://github.com/openpledge/project-${projectId}`,
      proofCommit: "9fceb02d0ae598e95dc970b74767f19372d61af8",
      ...overrides,
    };
  }

  async function attestedUids(receipt: ContractTransactionReceipt | null, contract: Contract): Promise<string[]> {
    if (receipt === null) throw new Error("no receipt");
    return receipt.logs.map((log) => contract.interface.parseLog(log)).flatMap((parsed) => (parsed?.name === "Attested" ? [parsed.args.getValue("uid") as string] : []));
  }

  /** Attests `data` under `schema` to `recipient` as `signer`; remembers the uid under `name`. */
  async function attest(
    name: string,
    signer: HardhatEthersSigner,
    data: string,
    options: { recipient?: string; schema?: string; expirationTime?: bigint; refUID?: string } = {},
  ): Promise<string> {
    const contract = easContract(eas.eas, signer);
    const head = await chain.connection.ethers.provider.getBlock("latest");
    const tx = await contract.getFunction("attest")({
      schema: options.schema ?? REPOSITORY_SCHEMA_UID,
      data: {
        recipient: options.recipient ?? registryAddress,
        expirationTime: options.expirationTime ?? BigInt(head?.timestamp ?? 0) + 90n * DAY,
        revocable: true,
        refUID: options.refUID ?? ZeroHash,
        data,
        value: 0n,
      },
    });
    const receipt = (await tx.wait()) as ContractTransactionReceipt;
    const [made] = await attestedUids(receipt, contract);
    if (made === undefined) throw new Error(`no Attested log for ${name}`);
    uid.set(name, made);
    where.set(name, { blockNumber: receipt.blockNumber, transactionHash: receipt.hash });
    return made;
  }

  async function revoke(name: string, signer: HardhatEthersSigner, schema = REPOSITORY_SCHEMA_UID): Promise<ContractTransactionReceipt> {
    const tx = await easContract(eas.eas, signer).getFunction("revoke")({ schema, data: { uid: uid.get(name), value: 0n } });
    return (await tx.wait()) as ContractTransactionReceipt;
  }

  function uidsOf(list: readonly RepositoryAttestation[]): string[] {
    return list.map((attestation) => attestation.uid);
  }

  function named(...names: string[]): string[] {
    return names.map((name) => {
      const found = uid.get(name);
      if (found === undefined) throw new Error(`no attestation ${name}`);
      return found;
    });
  }

  /** The indexer's list of each project equals the chain's, exactly. */
  async function compareProjects(projectIds: readonly bigint[]): Promise<void> {
    await syncIndexer(indexer, chain);
    for (const projectId of projectIds) {
      const fromChain = await findRepositoryAttestations(client.connection, { projectId });
      const fromIndexer = await reader.projectAttestations(projectId);
      expect(fromIndexer, `project ${projectId}: the indexer's attestations are the chain's`).to.deep.equal(fromChain);
    }
  }

  before(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "openpledge-attestations-"));
    chain = await startChain();
    s = chain.signers;
    if (chain.addresses.eas === undefined) throw new Error("the deployment has no EAS beside it");
    eas = chain.addresses.eas;
    registryAddress = chain.addresses.registry;
    client = new OpenPledgeClient(chain.addresses, chain.connection.ethers.provider, { onFallback: () => undefined });
  });

  after(async () => {
    for (const started of running) await started.stop();
    await chain?.stop();
    await chain?.removeDeployment();
    if (folder !== "") await rm(folder, { recursive: true, force: true });
  });

  it("backfill: the attestations naming a project, oldest first, and none of those that do not count", async () => {
    const [, maintainer, attesterA, attesterB, stranger] = s;
    if (!maintainer || !attesterA || !attesterB || !stranger) throw new Error("accounts");
    await (await chain.registry.connect(maintainer).registerProject("ipfs://project-1", claim(1n).repository, maintainer.address)).wait();
    await (await chain.registry.connect(maintainer).registerProject("ipfs://project-2", claim(2n).repository, maintainer.address)).wait();

    await attest("a1", attesterA, encodeRepositoryClaim(claim(1n)));
    await attest("b1", attesterB, encodeRepositoryClaim(claim(1n, { repositoryPath: "openpledge/Project-1-old", proofCommit: "abc" })));
    await attest("a2", attesterA, encodeRepositoryClaim(claim(2n, { forgeHost: "codeberg.org", repositoryId: 2n ** 200n })));
    // What must not count: another registry as recipient; our registry as recipient, but data naming another registry
    // or another chain; data that does not decode; the same fields under another schema.
    await attest("other-recipient", stranger, encodeRepositoryClaim(claim(1n, { registry: OTHER_REGISTRY })), { recipient: OTHER_REGISTRY });
    await attest("other-registry", stranger, encodeRepositoryClaim(claim(1n, { registry: OTHER_REGISTRY })));
    await attest("other-chain", stranger, encodeRepositoryClaim(claim(1n, { chainId: 1n })));
    await attest("malformed", stranger, "0x1234");
    const schemas = schemaRegistryContract(eas.schemaRegistry, stranger);
    await (await schemas.getFunction("register")(OTHER_SCHEMA, ZeroAddress, true)).wait();
    otherSchemaUid = keccak256(solidityPacked(["string", "address", "bool"], [OTHER_SCHEMA, ZeroAddress, true]));
    const registered = (await schemas.getFunction("getSchema").staticCall(otherSchemaUid)) as { uid: string };
    expect(registered.uid, "the other schema is registered").to.equal(otherSchemaUid);
    expect(otherSchemaUid).to.not.equal(REPOSITORY_SCHEMA_UID);
    await attest("other-schema", stranger, encodeRepositoryClaim(claim(1n)), { schema: otherSchemaUid });
    // B revokes its attestation before the indexer ever runs.
    const revoked = await revoke("b1", attesterB);

    indexer = await startIndexer({ rpcUrl: chain.node.rpcUrl, deploymentId: chain.deploymentId, directory: path.join(folder, "main"), env: { OPENPLEDGE_POLLING_MS: "200", OPENPLEDGE_DOCUMENTS: "off" } });
    running.push(indexer);
    reader = new IndexerReader(indexer.url);
    await compareProjects([1n, 2n, 3n]);

    const one = await reader.projectAttestations(1n);
    expect(uidsOf(one), "project 1: A's, then B's (revoked); nothing else").to.deep.equal(named("a1", "b1"));
    const revokedAt = BigInt((await chain.connection.ethers.provider.getBlock(revoked.blockNumber))?.timestamp ?? 0);
    expect(one[1]?.revocationTime, "B's revocation at its block's time").to.equal(revokedAt);
    expect(one[0]?.revocationTime).to.equal(0n);
    expect(one[1]?.repositoryPath, "strings as attested").to.equal("openpledge/Project-1-old");
    expect(uidsOf(await reader.projectAttestations(2n))).to.deep.equal(named("a2"));
    expect((await reader.projectAttestations(2n))[0]?.repositoryId, "a uint256 repository id past 64 bits").to.equal(2n ** 200n);
    expect(await reader.projectAttestations(3n), "a project nobody attested").to.deep.equal([]);

    // The route: EAS's address, the schema, where each was logged and revoked.
    const answer = await reader.attestations(1n);
    expect(answer.eas).to.equal(eas.eas.toLowerCase());
    expect(answer.schemaUID).to.equal(REPOSITORY_SCHEMA_UID);
    expect(answer.total).to.equal(2);
    const [a1, b1] = answer.items;
    expect(a1).to.include({ blockNumber: String(where.get("a1")?.blockNumber), transactionHash: where.get("a1")?.transactionHash, revokedAtBlock: null, revokedTransactionHash: null });
    expect(b1).to.include({ revokedAtBlock: String(revoked.blockNumber), revokedTransactionHash: revoked.hash, registry: registryAddress.toLowerCase(), chainId: "31337" });
  });

  it("live: a renewal that never expires, two at once (multiAttest), a revocation, and one under the other schema revoked", async () => {
    const [, , attesterA, attesterB, stranger] = s;
    if (!attesterA || !attesterB || !stranger) throw new Error("accounts");
    // A renews its attestation of project 1 (refUID: the old one; no expiration), then revokes the old one.
    await attest("a1-renewed", attesterA, encodeRepositoryClaim(claim(1n, { proofCommit: "0123456789abcdef0123456789abcdef01234567" })), {
      refUID: uid.get("a1"),
      expirationTime: 0n,
    });
    const revoked = await revoke("a1", attesterA);
    // Two attestations in one transaction: their order is the logs'.
    const contract = easContract(eas.eas, attesterB);
    const requests = [claim(2n, { repositoryPath: "openpledge/two-b" }), claim(1n, { repositoryPath: "openpledge/one-b" })].map((item) => ({
      recipient: registryAddress,
      expirationTime: 0n,
      revocable: true,
      refUID: ZeroHash,
      data: encodeRepositoryClaim(item),
      value: 0n,
    }));
    const receipt = (await (await contract.getFunction("multiAttest")([{ schema: REPOSITORY_SCHEMA_UID, data: requests }])).wait()) as ContractTransactionReceipt;
    const [b2, b1again] = await attestedUids(receipt, contract);
    if (b2 === undefined || b1again === undefined) throw new Error("multiAttest made fewer than two");
    uid.set("b2", b2).set("b1-again", b1again);
    // A revocation under the other schema is no revocation of anything the indexer keeps.
    await revoke("other-schema", stranger, otherSchemaUid);
    await attest("malformed-2", stranger, encodeRepositoryClaim(claim(2n)).slice(0, 130));

    await compareProjects([1n, 2n, 3n]);
    const one = await reader.projectAttestations(1n);
    expect(uidsOf(one)).to.deep.equal(named("a1", "b1", "a1-renewed", "b1-again"));
    const revokedAt = BigInt((await chain.connection.ethers.provider.getBlock(revoked.blockNumber))?.timestamp ?? 0);
    expect(one[0]?.revocationTime, "A's first one, revoked while the indexer ran").to.equal(revokedAt);
    expect(one[2]).to.include({ refUID: uid.get("a1"), expirationTime: 0n, revocationTime: 0n });
    expect(uidsOf(await reader.projectAttestations(2n))).to.deep.equal(named("a2", "b2"));

    // Pages: what readAll puts together.
    const second = await reader.attestations(1n, { limit: 1, offset: 2 });
    expect(second.total).to.equal(4);
    expect(second.items.map((item) => item.uid)).to.deep.equal(named("a1-renewed"));
  });

  it("refuses an id that is no whole number, saying so", async () => {
    const response = await fetch(`${indexer.url}/api/projects/one/attestations`);
    expect(response.status).to.equal(400);
    expect(((await response.json()) as { error: string }).error).to.equal("the project id must be a whole number");
    try {
      await reader.attestations(1n, { limit: 501 });
      expect.fail("a limit past 500 was accepted");
    } catch (error) {
      expect(error).to.be.instanceOf(IndexerRequestError);
      expect((error as IndexerRequestError).status).to.equal(400);
    }
  });
});
