/**
 * Where a deployment of OpenPledge lives: its addresses, and the deployments remembered in memory. Browser-safe:
 * reading Ignition's files is in `deployment.ts`, behind the `node` entry point.
 */

/** Addresses of one deployment of the OpenPledge module, and the block it started at (for reading events). */
export interface OpenPledgeAddresses {
  registry: string;
  escrow: string;
  deploymentBlock?: number;
  /** The chain Ignition deployed to, from its journal. */
  chainId?: number;
  /**
   * The Ethereum Attestation Service deployed beside OpenPledge on a local chain (`deploy/modules/LocalEAS.ts`); on
   * a chain EAS runs on itself, left out (`attestations.ts` knows its addresses).
   */
  eas?: { eas: string; schemaRegistry: string };
}

/** A deployment that could not be found, with the one-line reason. */
export class MissingDeploymentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingDeploymentError";
  }
}

/** Ignition's default deployment id for a chain. */
export function defaultDeploymentId(chainId: bigint): string {
  return `chain-${chainId}`;
}

const inMemory = new WeakMap<object, OpenPledgeAddresses>();

/**
 * Remembers a deployment made on an in-process chain, which Ignition does not write to disk: the chain and its
 * deployment both live only as long as the process and its connection (`connection.provider`).
 */
export function rememberDeployment(provider: object, addresses: OpenPledgeAddresses): void {
  inMemory.set(provider, addresses);
}

/** The deployment remembered for a connection's provider, if any. */
export function rememberedDeployment(provider: object): OpenPledgeAddresses | undefined {
  return inMemory.get(provider);
}
