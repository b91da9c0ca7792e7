import path from "node:path";
import { fileURLToPath } from "node:url";

import { defineConfig, type Plugin } from "vite";

import { collectDeployments } from "./deployments.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const VIRTUAL_ID = "virtual:openpledge-deployments";

/**
 * Serves `virtual:openpledge-deployments`: the Ignition deployments found in `deploy/deployments` when the app is
 * built or served (limited to `OPENPLEDGE_DEPLOYMENT_IDS`, comma-separated, when set). Addresses are never pasted.
 * Its `ipfsGateway` is where `ipfs://` documents are fetched: `OPENPLEDGE_IPFS_GATEWAY`, else https://ipfs.io/ipfs/.
 * Its `indexerUrl` is the OpenPledge indexer the lists, search, "my pledges" and the maintainer's page read
 * (`OPENPLEDGE_INDEXER_URL`, e.g. https://indexer.example.org); without one the app reads everything from the chain.
 * Its `forgeList` is where the browser asks GitHub, GitLab and Forgejo whether a verified repository is still at its
 * path (`OPENPLEDGE_FORGES`, as the command line's: "github.com=github:https://api.github.com,…"; unset: the defaults).
 */
function deploymentsPlugin(): Plugin {
  return {
    name: "openpledge-deployments",
    resolveId: (id) => (id === VIRTUAL_ID ? `\0${VIRTUAL_ID}` : undefined),
    async load(id) {
      if (id !== `\0${VIRTUAL_ID}`) return undefined;
      const onlyIds = process.env.OPENPLEDGE_DEPLOYMENT_IDS?.split(",").filter((item) => item !== "");
      const deployments = await collectDeployments(path.join(here, "..", "deploy", "deployments"), {
        onlyIds,
        localRpcUrl: process.env.OPENPLEDGE_RPC_URL,
      });
      const gateway = process.env.OPENPLEDGE_IPFS_GATEWAY ?? "https://ipfs.io/ipfs/";
      const indexer = process.env.OPENPLEDGE_INDEXER_URL?.trim();
      const indexerUrl = indexer === undefined || indexer === "" ? null : indexer;
      const forges = process.env.OPENPLEDGE_FORGES?.trim();
      const forgeList = forges === undefined || forges === "" ? null : forges;
      return `export default ${JSON.stringify(deployments)};\nexport const ipfsGateway = ${JSON.stringify(gateway)};\nexport const indexerUrl = ${JSON.stringify(indexerUrl)};\nexport const forgeList = ${JSON.stringify(forgeList)};`;
    },
  };
}

export default defineConfig({
  root: here,
  base: "./",
  plugins: [deploymentsPlugin()],
  build: { outDir: path.join(here, "dist"), emptyOutDir: true, target: "es2022" },
  server: { host: "127.0.0.1", strictPort: false },
  preview: { host: "127.0.0.1" },
});
