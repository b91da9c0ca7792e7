/**
 * Which chain an RPC serves, told apart from any other chain with the same id: a local chain started again keeps
 * chain id 31337 and, with the same deployer, the same contract addresses, but not its blocks' hashes.
 */
import { createHash } from "node:crypto";

/** What identifies the chain and deployment a database was built from. */
export interface ChainIdentity {
  chainId: number;
  /** Hash of block 0: differs each time a local chain starts. */
  genesisHash: string;
  /** The deployment's first block and its hash: a fork of a public chain has the public genesis, not these. */
  deploymentBlock: number;
  deploymentBlockHash: string;
  registry: string;
  escrow: string;
}

/** One JSON-RPC call over HTTP. */
export async function rpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new Error(`no answer from the chain's RPC at ${url} (${error instanceof Error ? error.message : String(error)}): start a node (npm run node) or set OPENPLEDGE_RPC_URL`);
  }
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error !== undefined || body.result === undefined) {
    throw new Error(`the RPC at ${url} refused ${method}: ${body.error?.message ?? "no result"}`);
  }
  return body.result;
}

/** The hash of a block the RPC has. */
export async function blockHash(url: string, blockNumber: number): Promise<string> {
  const block = await rpc<{ hash: string } | null>(url, "eth_getBlockByNumber", [`0x${blockNumber.toString(16)}`, false]);
  if (block === null) throw new Error(`the chain at ${url} has no block ${blockNumber}: it is not the chain the deployment was made on`);
  return block.hash;
}

/** Reads the identity of the chain behind `url` for a deployment. */
export async function identify(url: string, deployment: { registry: string; escrow: string; deploymentBlock: number }): Promise<ChainIdentity> {
  const chainId = Number(await rpc<string>(url, "eth_chainId"));
  const [genesisHash, deploymentBlockHash, code] = await Promise.all([
    blockHash(url, 0),
    blockHash(url, deployment.deploymentBlock),
    rpc<string>(url, "eth_getCode", [deployment.escrow, "latest"]),
  ]);
  if (code === "0x") {
    throw new Error(
      `no escrow at ${deployment.escrow} on the chain at ${url} (chain ${chainId}): the chain was started again since the deployment; deploy again (npm run deploy:local)`,
    );
  }
  return {
    chainId,
    genesisHash,
    deploymentBlock: deployment.deploymentBlock,
    deploymentBlockHash,
    registry: deployment.registry.toLowerCase(),
    escrow: deployment.escrow.toLowerCase(),
  };
}

/** A short key of an identity, for folder and schema names. */
export function keyOf(identity: ChainIdentity): string {
  const text = [identity.chainId, identity.genesisHash, identity.deploymentBlockHash, identity.escrow].join(":");
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

/** Whether two identities name the same chain and deployment. */
export function sameChain(a: ChainIdentity, b: ChainIdentity): boolean {
  return keyOf(a) === keyOf(b);
}

/** The identity in words, for refusals. */
export function describe(identity: ChainIdentity): string {
  return `chain ${identity.chainId} whose block 0 is ${identity.genesisHash.slice(0, 10)}… (escrow ${identity.escrow}, deployed in block ${identity.deploymentBlock} ${identity.deploymentBlockHash.slice(0, 10)}…)`;
}
