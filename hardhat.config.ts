import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";

import { openPledgeTasks } from "./tasks/index.js";

// Hardhat cannot download compilers here: the solc npm package ships the
// WebAssembly build, pinned exactly in package.json, and its version is read
// from the package itself so the two can never disagree.
const require = createRequire(import.meta.url);
const solcPath = require.resolve("solc/soljson.js");
const solcVersion = (require("solc/package.json") as { version: string }).version;

function testedCompilerProfile() {
  return {
    version: solcVersion,
    path: solcPath,
    isolated: false,
    settings: {
      evmVersion: "cancun",
      optimizer: { enabled: true, runs: 10_000 },
    },
  };
}

// Solidity fuzz and invariant settings. CI and `npm test` run the fast default profile; `npm run fuzz:deep` sets
// OPENPLEDGE_FUZZ=deep for the long run made outside CI (its figures and duration are in docs/development.md). Any other value
// is refused rather than silently running the fast profile.
function solidityTestSettings() {
  const profile = process.env.OPENPLEDGE_FUZZ || "default";
  if (profile === "deep") {
    // 10,000 runs of each invariant at depth 60 (6 million handler calls in all, about half an hour on two cores;
    // depth 100 would take about an hour), and 50,000 runs of each fuzz test.
    return {
      fuzz: { runs: 50_000 },
      invariant: { runs: 10_000, depth: 60, failOnRevert: false },
    };
  }
  if (profile !== "default") {
    throw new Error(`OPENPLEDGE_FUZZ must be "deep" or unset, not "${profile}"`);
  }
  return {
    fuzz: { runs: 256 },
    invariant: { runs: 64, depth: 100, failOnRevert: false },
  };
}

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  tasks: openPledgeTasks,
  // One compiler configuration for every build: `hardhat ignition deploy` builds with the `production` profile and
  // the tests, the bench and the demo with `default`. Left undefined, `production` would fall back to Hardhat's own
  // settings (another EVM target and optimizer setting, and isolated builds with another metadata hash), so what goes
  // on chain would not be what was tested. `npm run smoke:node` checks the deployed runtime code byte for byte.
  solidity: {
    profiles: {
      default: testedCompilerProfile(),
      production: testedCompilerProfile(),
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
    solidity: solidityTestSettings(),
  },
  // Real networks read their RPC URL and deployer key from config variables: environment variables of the same
  // name, or `npx hardhat keystore set NAME` (encrypted on disk). Nothing secret is ever in this file.
  networks: {
    localhost: {
      type: "http",
      chainType: "l1",
      // `npm run smoke:node`, `npm run app` and the end-to-end tests point this at the node they start.
      url: process.env.LOCALHOST_RPC_URL ?? "http://127.0.0.1:8545",
    },
    sepolia: {
      type: "http",
      chainType: "l1",
      chainId: 11155111,
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    mainnet: {
      type: "http",
      chainType: "l1",
      chainId: 1,
      url: configVariable("MAINNET_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    base: {
      type: "http",
      chainType: "op",
      chainId: 8453,
      url: configVariable("BASE_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    optimism: {
      type: "http",
      chainType: "op",
      chainId: 10,
      url: configVariable("OPTIMISM_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
    arbitrum: {
      type: "http",
      chainType: "generic",
      chainId: 42161,
      url: configVariable("ARBITRUM_RPC_URL"),
      accounts: [configVariable("DEPLOYER_PRIVATE_KEY")],
    },
  },
  // Contract verification (`hardhat verify` or `hardhat ignition deploy ... --verify`): one Etherscan API key serves
  // every chain above through Etherscan's multichain API.
  verify: {
    etherscan: {
      apiKey: configVariable("ETHERSCAN_API_KEY"),
    },
  },
});
