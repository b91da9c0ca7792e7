/**
 * Ponder's configuration: one OpenPledge deployment on one chain, and EAS's repository attestations about it. Every value comes from the environment that
 * `scripts/start.ts` sets after it checked the chain (its genesis and deployment blocks key the database), so this
 * file never guesses an address or a block.
 */
import { createConfig } from "ponder";

import { REPOSITORY_SCHEMA_UID } from "../client/attestations.ts";
import { EAS_ABI } from "../client/eas-abi.ts";
import { PledgeEscrowAbi, ProjectRegistryAbi } from "./generated/abis.ts";

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") {
    throw new Error(`${name} is not set: start the indexer with \`npm run indexer\` (it sets it from the deployment)`);
  }
  return value;
}

const chainId = Number(required("OPENPLEDGE_CHAIN_ID"));
const startBlock = Number(required("OPENPLEDGE_START_BLOCK"));
const databaseUrl = process.env.DATABASE_URL;
const registry = required("OPENPLEDGE_REGISTRY") as `0x${string}`;
// A chain without EAS (none deployed beside OpenPledge, none known): the zero address, which logs nothing, keeps the
// handlers valid and the attestation table empty (the route says `eas: null`).
const eas = (process.env.OPENPLEDGE_EAS || "0x0000000000000000000000000000000000000000") as `0x${string}`;

export default createConfig({
  database:
    databaseUrl === undefined || databaseUrl === ""
      ? { kind: "pglite", directory: required("OPENPLEDGE_PGLITE_DIR") }
      : { kind: "postgres", connectionString: databaseUrl },
  ordering: "multichain",
  chains: {
    openpledge: {
      id: chainId,
      rpc: required("OPENPLEDGE_RPC_URL"),
      // A local chain started again reuses its chain id and addresses: Ponder's RPC cache, keyed by chain id, would
      // serve the old chain's blocks (Ponder's docs: disable caching for local chains).
      disableCache: process.env.OPENPLEDGE_LOCAL_CHAIN === "1",
      pollingInterval: Number(process.env.OPENPLEDGE_POLLING_MS ?? "1000"),
    },
  },
  contracts: {
    ProjectRegistry: {
      abi: ProjectRegistryAbi,
      chain: "openpledge",
      address: registry,
      startBlock,
    },
    PledgeEscrow: {
      abi: PledgeEscrowAbi,
      chain: "openpledge",
      address: required("OPENPLEDGE_ESCROW") as `0x${string}`,
      startBlock,
    },
    // The Ethereum Attestation Service: only OpenPledge's repository attestations about this registry (the recipient of
    // every one), filtered by the node (recipient and schema are indexed topics), not every attestation on the chain.
    EAS: {
      abi: EAS_ABI,
      chain: "openpledge",
      address: eas,
      startBlock,
      filter: [
        { event: "Attested", args: { recipient: registry, schemaUID: REPOSITORY_SCHEMA_UID as `0x${string}` } },
        { event: "Revoked", args: { recipient: registry, schemaUID: REPOSITORY_SCHEMA_UID as `0x${string}` } },
      ],
    },
  },
});
