import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { defineConfig } from "hardhat/config";

// Hardhat cannot download compilers here: the solc npm package ships the
// WebAssembly build, pinned exactly in package.json, and its version is read
// from the package itself so the two can never disagree.
const require = createRequire(import.meta.url);
const solcPath = require.resolve("solc/soljson.js");
const solcVersion = (require("solc/package.json") as { version: string }).version;

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    profiles: {
      default: {
        version: solcVersion,
        path: solcPath,
        settings: {
          evmVersion: "cancun",
          optimizer: { enabled: true, runs: 10_000 },
        },
      },
    },
  },
  paths: {
    ignition: "deploy",
  },
  typechain: {
    outDir: "typechain-types",
  },
  coverage: {
    skipFiles: ["contracts/test/**", "test/**"],
  },
  test: {
    solidity: {
      fuzz: { runs: 256 },
      invariant: { runs: 64, depth: 100, failOnRevert: false },
    },
  },
  networks: {
    localhost: {
      type: "http",
      chainType: "l1",
      // `scripts/smoke-node.sh` points this at the node it starts.
      url: process.env.LOCALHOST_RPC_URL ?? "http://127.0.0.1:8545",
    },
  },
});
