import { createRequire } from "node:module";

import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { Artifact } from "@nomicfoundation/ignition-core";

import { REPOSITORY_SCHEMA, REPOSITORY_SCHEMA_RESOLVER, REPOSITORY_SCHEMA_REVOCABLE } from "../../client/index.js";

// The bytecode EAS itself ships (vendor/eas-contracts/README.md says why it is vendored, not installed).
const require = createRequire(import.meta.url);
const schemaRegistryArtifact = require("../../vendor/eas-contracts/SchemaRegistry.json") as Artifact;
const easArtifact = require("../../vendor/eas-contracts/EAS.json") as Artifact;

/**
 * Deploys the Ethereum Attestation Service (its `SchemaRegistry` and `EAS`) on a chain that has none, a local one,
 * and registers OpenPledge's repository schema there. On chains where EAS runs (mainnet, Sepolia, Optimism, Base,
 * Arbitrum One) the client uses EAS's own addresses instead (`client/attestations.ts`), and an attester registers the
 * schema the first time it attests, if nobody has yet.
 *
 * `npm run deploy:local` deploys it after `OpenPledge.ts`, into the same deployment, where the client finds it.
 */
export default buildModule("LocalEAS", (m) => {
  const schemaRegistry = m.contract("SchemaRegistry", schemaRegistryArtifact, []);
  const eas = m.contract("EAS", easArtifact, [schemaRegistry]);
  m.call(schemaRegistry, "register", [REPOSITORY_SCHEMA, REPOSITORY_SCHEMA_RESOLVER, REPOSITORY_SCHEMA_REVOCABLE], {
    id: "RegisterRepositorySchema",
  });
  return { eas, schemaRegistry };
});
