/**
 * Which key signs as the attester: the configuration variable ATTESTER_PRIVATE_KEY (an environment variable, or
 * `npx hardhat keystore set ATTESTER_PRIVATE_KEY`), else on a local chain the `--from` account; on any other chain
 * without the variable, a refusal that says how to set it.
 */
import { Wallet, type Provider, type Signer } from "ethers";
import { configVariable } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { LOCAL_CHAIN_IDS } from "../client/index.js";

export const ATTESTER_KEY_VARIABLE = "ATTESTER_PRIVATE_KEY";

/** A refusal to pick a key. */
export class AttesterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AttesterKeyError";
  }
}

/** Where the attester's key comes from. */
export interface KeySources {
  chainId: bigint;
  networkName: string;
  provider: Provider;
  /** ATTESTER_PRIVATE_KEY's value, or undefined (or empty) when it is set nowhere. */
  fetchKey: () => Promise<string | undefined>;
  /** The `--from` account, used on local chains only. */
  localSigner: () => Promise<Signer>;
}

export interface ResolvedSigner {
  signer: Signer;
  /** "ATTESTER_PRIVATE_KEY" or "--from". */
  source: string;
}

/** The attester's signer from `sources`, or an AttesterKeyError saying what to set. */
export async function resolveAttesterSigner(sources: KeySources): Promise<ResolvedSigner> {
  const key = (await sources.fetchKey())?.trim() ?? "";
  if (key !== "") {
    let wallet: Wallet;
    try {
      wallet = new Wallet(/^[0-9a-fA-F]{64}$/.test(key) ? `0x${key}` : key);
    } catch {
      throw new AttesterKeyError(
        `${ATTESTER_KEY_VARIABLE} is not a private key: set it to the attester account's key, 64 hex digits (0x…), with npx hardhat keystore set ${ATTESTER_KEY_VARIABLE} or the environment variable`,
      );
    }
    return { signer: wallet.connect(sources.provider), source: ATTESTER_KEY_VARIABLE };
  }
  if (LOCAL_CHAIN_IDS.has(Number(sources.chainId))) return { signer: await sources.localSigner(), source: "--from" };
  throw new AttesterKeyError(
    `network '${sources.networkName}' (chain ${sources.chainId}) is not a local chain and ${ATTESTER_KEY_VARIABLE} is not set, so there is no attester key: ` +
      `store the attester account's key with npx hardhat keystore set ${ATTESTER_KEY_VARIABLE} (or set the environment variable), ` +
      "or ask a running attester with --attester-url <url> (or OPENPLEDGE_ATTESTER_URL)",
  );
}

/**
 * ATTESTER_PRIVATE_KEY through Hardhat's configuration variables: the environment variable first, then the keystore
 * (which may ask for its password); undefined when it is set nowhere.
 */
export function hardhatKeyFetcher(hre: HardhatRuntimeEnvironment): () => Promise<string | undefined> {
  return async () => {
    const value = await hre.hooks.runHandlerChain(
      "configurationVariables",
      "fetchValue",
      [configVariable(ATTESTER_KEY_VARIABLE, { default: "" })],
      async (_context, variable) => process.env[variable.name] ?? variable.default ?? "",
    );
    return value === "" ? undefined : value;
  };
}
