import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

import { expect } from "chai";
import hre from "hardhat";

/**
 * Every deployed contract keeps room under EIP-170's 24,576 bytes for the coming features: at most 22,000 bytes of
 * runtime code each (docs/development.md, "Layout": the byte budget per feature), and the escrow's creation code, which carries its
 * modules', stays under EIP-3860's 49,152 bytes. The refund bonus module (`BonusPool`), the share module
 * (`ShareLedger`) and the feature request module (`RequestBoard`) are not nested in it: each is deployed on its own
 * before the escrow and given to its constructor, so its own creation code is held to the limit. Sizes come from compiling `contracts/` with the `production` build
 * profile's own settings (the artifacts of a coverage run are instrumented, so they are not what is deployed); `npm
 * run smoke:node` checks that what is deployed is the tested build.
 */
const RUNTIME_LIMIT = 22_000;
const INITCODE_LIMIT = 49_152;
const DEPLOYED_CONTRACTS = ["PledgeEscrow", "MilestoneReview", "CampaignViews", "ProtocolAdmin", "BonusPool", "ShareLedger", "RequestBoard", "ProjectRegistry"] as const;
/** Modules the escrow deploys from its own creation code; `BonusPool`, `ShareLedger` and `RequestBoard` are deployed on their own. */
const NESTED_MODULES = ["MilestoneReview", "CampaignViews", "ProtocolAdmin"] as const;
/** Modules deployed before the escrow and given to its constructor. */
const SEPARATE_MODULES = ["BonusPool", "ShareLedger", "RequestBoard"] as const;

interface CompiledContract {
  evm: { bytecode: { object: string }; deployedBytecode: { object: string } };
}
interface CompilerOutput {
  errors?: Array<{ severity: string; formattedMessage: string }>;
  contracts: Record<string, Record<string, CompiledContract>>;
}
interface Solc {
  version(): string;
  compile(input: string, callbacks: { import: (importPath: string) => { contents: string } | { error: string } }): string;
}

async function solidityFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((entry) => entry.name !== "test") // test-only tokens and attackers are never deployed
      .map((entry) => {
        const full = path.join(directory, entry.name);
        if (entry.isDirectory()) return solidityFiles(full);
        return Promise.resolve(entry.name.endsWith(".sol") ? [full] : []);
      }),
  );
  return nested.flat();
}

/** A compiled contract: its sizes in bytes and its creation code (hex, no prefix). */
interface Compiled {
  runtime: number;
  creation: number;
  creationCode: string;
}

/** Compiles the deployed contracts with the production profile's settings; name -> sizes in bytes and creation code. */
async function productionSizes(): Promise<Map<string, Compiled>> {
  const [compiler] = hre.config.solidity.profiles.production?.compilers ?? [];
  if (compiler === undefined) throw new Error("hardhat.config.ts has no production build profile");
  const require = createRequire(import.meta.url);
  const solc = require("solc") as Solc;
  expect(solc.version(), "the solc package is the profile's compiler").to.contain(compiler.version);
  const root = hre.config.paths.root;
  const sources: Record<string, { content: string }> = {};
  for (const file of await solidityFiles(path.join(root, "contracts"))) {
    sources[path.relative(root, file)] = { content: await readFile(file, "utf8") };
  }
  const settings = compiler.settings as { optimizer: unknown; evmVersion: string };
  const input = {
    language: "Solidity",
    sources,
    settings: {
      optimizer: settings.optimizer,
      evmVersion: settings.evmVersion,
      outputSelection: { "*": { "*": ["evm.bytecode.object", "evm.deployedBytecode.object"] } },
    },
  };
  const readImport = (importPath: string) => {
    try {
      return { contents: readFileSync(require.resolve(importPath), "utf8") };
    } catch {
      return { error: `not found: ${importPath}` };
    }
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: readImport })) as CompilerOutput;
  const errors = (output.errors ?? []).filter((error) => error.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((error) => error.formattedMessage).join("\n"));
  const sizes = new Map<string, Compiled>();
  for (const contracts of Object.values(output.contracts)) {
    for (const [name, contract] of Object.entries(contracts)) {
      sizes.set(name, {
        runtime: contract.evm.deployedBytecode.object.length / 2,
        creation: contract.evm.bytecode.object.length / 2,
        creationCode: contract.evm.bytecode.object,
      });
    }
  }
  return sizes;
}

describe("contract sizes (production profile)", function () {
  this.timeout(120_000);
  let sizes: Map<string, Compiled>;
  before(async () => {
    sizes = await productionSizes();
  });

  for (const name of DEPLOYED_CONTRACTS) {
    it(`${name} has at most ${RUNTIME_LIMIT.toLocaleString("en-US")} bytes of runtime code`, () => {
      const size = sizes.get(name)?.runtime;
      expect(size, `${name} was not compiled`).to.be.a("number");
      expect(size, `${name}: ${size} bytes`).to.be.at.most(RUNTIME_LIMIT);
    });
  }

  it(`PledgeEscrow's creation code, with its modules', is at most ${INITCODE_LIMIT.toLocaleString("en-US")} bytes`, () => {
    const size = sizes.get("PledgeEscrow")?.creation;
    expect(size, `PledgeEscrow creation code: ${size} bytes`).to.be.at.most(INITCODE_LIMIT);
  });

  it("PledgeEscrow's creation code carries its nested modules' creation code and not BonusPool's, ShareLedger's or RequestBoard's", () => {
    const escrow = sizes.get("PledgeEscrow")?.creationCode ?? "";
    expect(escrow, "PledgeEscrow was not compiled").not.to.equal("");
    for (const name of NESTED_MODULES) {
      const nested = sizes.get(name)?.creationCode;
      expect(nested, `${name} was not compiled`).to.be.a("string");
      expect(escrow.includes(nested ?? "-"), `${name} is deployed by the escrow's constructor`).to.equal(true);
    }
    for (const name of SEPARATE_MODULES) {
      const separate = sizes.get(name)?.creationCode;
      expect(separate, `${name} was not compiled`).to.be.a("string");
      expect(escrow.includes(separate ?? ""), `${name} is deployed on its own, not by the escrow`).to.equal(false);
    }
  });

  for (const name of SEPARATE_MODULES) {
    it(`${name}'s own creation code, deployed before the escrow, is at most ${INITCODE_LIMIT.toLocaleString("en-US")} bytes`, () => {
      const size = sizes.get(name)?.creation;
      expect(size, `${name} creation code: ${size} bytes`).to.be.at.most(INITCODE_LIMIT);
    });
  }
});
