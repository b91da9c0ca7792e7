/// <reference types="vite/client" />

declare module "virtual:openpledge-deployments" {
  import type { AppDeployment } from "../deployments.js";
  const deployments: AppDeployment[];
  export default deployments;
  /** Where `ipfs://` documents are fetched (ends in `/ipfs/`). */
  export const ipfsGateway: string;
  /** The OpenPledge indexer the lists read (`OPENPLEDGE_INDEXER_URL` at build time); null: read from the chain. */
  export const indexerUrl: string | null;
  /** The forges' API bases the browser asks (`OPENPLEDGE_FORGES` at build time, as the command line's); null: the defaults. */
  export const forgeList: string | null;
}
