/**
 * The attester's three writes to EAS: register OpenPledge's repository schema when the chain lacks it, attest a
 * claim, revoke an attestation. Each waits for its transaction to be mined.
 */
import { ZeroHash, type Contract, type Signer, type TransactionReceipt, type TransactionResponse } from "ethers";

import {
  easContract,
  encodeRepositoryClaim,
  REPOSITORY_SCHEMA,
  REPOSITORY_SCHEMA_RESOLVER,
  REPOSITORY_SCHEMA_REVOCABLE,
  REPOSITORY_SCHEMA_UID,
  schemaRegistryContract,
  type EasAddresses,
  type RepositoryClaim,
} from "../client/index.js";

/** Gas each write used, for the attester's log and docs/attester.md. */
export interface WriteReceipt {
  hash: string;
  gasUsed: bigint;
}

async function mined(response: TransactionResponse): Promise<TransactionReceipt> {
  const receipt = await response.wait();
  if (receipt === null || receipt.status !== 1) throw new Error(`transaction ${response.hash} failed`);
  return receipt;
}

export class EasWriter {
  private readonly eas: Contract;
  private readonly schemas: Contract;
  private schemaKnown = false;

  constructor(addresses: EasAddresses, signer: Signer) {
    this.eas = easContract(addresses.eas, signer);
    this.schemas = schemaRegistryContract(addresses.schemaRegistry, signer);
  }

  /** Registers the repository schema unless the schema registry has it (once per writer). */
  async ensureSchema(): Promise<WriteReceipt | undefined> {
    if (this.schemaKnown) return undefined;
    const found = (await this.schemas.getFunction("getSchema").staticCall(REPOSITORY_SCHEMA_UID)) as { uid: string };
    if (found.uid !== ZeroHash) {
      this.schemaKnown = true;
      return undefined;
    }
    const receipt = await mined(
      (await this.schemas.getFunction("register")(REPOSITORY_SCHEMA, REPOSITORY_SCHEMA_RESOLVER, REPOSITORY_SCHEMA_REVOCABLE)) as TransactionResponse,
    );
    this.schemaKnown = true;
    return { hash: receipt.hash, gasUsed: receipt.gasUsed };
  }

  /** The gas attesting `claim` would take now (for the daily gas budget). */
  async estimateAttest(claim: RepositoryClaim, expirationTime: bigint, refUID: string): Promise<bigint> {
    return this.eas.getFunction("attest").estimateGas({
      schema: REPOSITORY_SCHEMA_UID,
      data: { recipient: claim.registry, expirationTime, revocable: true, refUID, data: encodeRepositoryClaim(claim), value: 0n },
    });
  }

  /** Attests `claim` about `recipient` (the registry) until `expirationTime`, referring to `refUID`; returns the new uid. */
  async attest(claim: RepositoryClaim, expirationTime: bigint, refUID: string): Promise<WriteReceipt & { uid: string }> {
    const response = (await this.eas.getFunction("attest")({
      schema: REPOSITORY_SCHEMA_UID,
      data: { recipient: claim.registry, expirationTime, revocable: true, refUID, data: encodeRepositoryClaim(claim), value: 0n },
    })) as TransactionResponse;
    const receipt = await mined(response);
    const attested = receipt.logs.map((log) => this.eas.interface.parseLog(log)).find((parsed) => parsed?.name === "Attested");
    if (attested === undefined || attested === null) throw new Error(`transaction ${receipt.hash} attested nothing`);
    return { uid: attested.args.getValue("uid") as string, hash: receipt.hash, gasUsed: receipt.gasUsed };
  }

  /** Revokes the attestation `uid` (one of this attester's). */
  async revoke(uid: string): Promise<WriteReceipt> {
    const receipt = await mined((await this.eas.getFunction("revoke")({ schema: REPOSITORY_SCHEMA_UID, data: { uid, value: 0n } })) as TransactionResponse);
    return { hash: receipt.hash, gasUsed: receipt.gasUsed };
  }
}
