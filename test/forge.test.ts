import { expect } from "chai";

import {
  DEFAULT_FORGES,
  fetchProofFile,
  ForgeError,
  forgeFor,
  lookupRepository,
  lookupRepositoryById,
  parseProof,
  parseRepositoryUrl,
  PROOF_FILE_PATH,
  proofFileText,
  proofNames,
  type ProofEntry,
} from "../client/index.js";
import { startLocalForge, type LocalForge } from "../scripts/lib/local-forge.js";

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const PROJECT: ProofEntry = { chainId: 31337n, registry: REGISTRY, projectId: 1n };
const HOSTS = ["github.com", "gitlab.com", "codeberg.org"] as const;

describe("forges", () => {
  let forge: LocalForge;
  before(async () => {
    forge = await startLocalForge();
  });
  after(async () => {
    await forge.close();
  });

  for (const host of HOSTS) {
    describe(host, () => {
      it("finds a repository by URL and by id and reads a valid proof file naming the project", async () => {
        const id = forge.createRepository(host, "Alice/Widget");
        const sha = forge.putFile(host, "Alice/Widget", PROOF_FILE_PATH, proofFileText([PROJECT]));
        const ref = parseRepositoryUrl(`https://${host}/Alice/Widget`);
        const endpoint = forgeFor(ref.host, forge.forges);
        const repository = await lookupRepository(endpoint, ref.path);
        expect(repository).to.deep.equal({
          host,
          kind: endpoint.kind,
          id,
          path: "Alice/Widget",
          normalizedPath: "alice/widget",
          defaultBranch: "main",
          webUrl: `https://${host}/Alice/Widget`,
        });
        expect(await lookupRepositoryById(endpoint, id)).to.deep.equal(repository);
        const proof = await fetchProofFile(endpoint, repository);
        expect(proof.commit).to.equal(sha);
        expect(proof.text).to.equal(proofFileText([PROJECT]));
        expect(proof.size).to.equal(new TextEncoder().encode(proof.text).length);
        expect(proofNames(parseProof(proof.text), PROJECT)).to.equal(true);
        expect(proofNames(parseProof(proof.text), { ...PROJECT, projectId: 2n })).to.equal(false);
      });
    });
  }

  it("refuses an unknown host with the supported forges and how to add one", () => {
    let error: unknown;
    try {
      forgeFor("git.example.org", DEFAULT_FORGES);
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(ForgeError);
    expect((error as ForgeError).reason).to.equal("unknown-host");
    expect((error as ForgeError).message).to.include("github.com, gitlab.com and codeberg.org").and.include("OPENPLEDGE_FORGES");
  });
});
