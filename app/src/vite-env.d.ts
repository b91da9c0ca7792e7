/// <reference types="vite/client" />

declare module "virtual:openpledge-deployments" {
  import type { AppDeployment } from "../deployments.js";
  const deployments: AppDeployment[];
  export default deployments;
  /** Where `ipfs://` documents are fetched (ends in `/ipfs/`). */
  export const ipfsGateway: string;
}
