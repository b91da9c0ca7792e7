/**
 * Whom a reader trusts to verify repositories. Anyone can attest anything under OpenPledge's schema on EAS, so an
 * attestation only means something when its attester is one the reader chose to trust: a list of addresses with the
 * names shown for them. Browser-safe.
 */
import { getAddress, isAddress } from "ethers";

/** An attester a reader trusts, and the name its verifications are shown under. */
export interface TrustedAttester {
  /** Checksummed address of the attester's key. */
  address: string;
  name: string;
}

/**
 * The attesters trusted when the reader chose none, by chain id. On the local chain (31337) it is Hardhat's account
 * #0, which `npx hardhat project verify` signs with there; no real chain has an OpenPledge attester yet, so none is
 * trusted by default there: give your own list (`OPENPLEDGE_TRUSTED_ATTESTERS`, `--attesters`, the app's settings).
 */
export const DEFAULT_ATTESTERS: Readonly<Record<string, readonly TrustedAttester[]>> = {
  "31337": [{ address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", name: "OpenPledge local attester" }],
};

/** The attesters trusted by default on a chain (a copy; empty where OpenPledge runs no attester). */
export function defaultAttesters(chainId: bigint): TrustedAttester[] {
  return (DEFAULT_ATTESTERS[chainId.toString()] ?? []).map((attester) => ({ ...attester }));
}

/** "0xf39F…2266": an address short enough for a sentence. */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** A trusted-attester list that cannot be read; the message says what to write instead. */
export class TrustedAttesterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrustedAttesterError";
  }
}

const HOW_TO_WRITE =
  'write the list as comma-separated entries, each an attester address (0x and 40 hex digits, optionally followed by "=its name"), ' +
  '"default" for the chain\'s default attesters, or "none" alone to trust no attester: for example ' +
  "\"default,0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266=Alice's attester\"";

/**
 * A trusted-attester list as people write it (`OPENPLEDGE_TRUSTED_ATTESTERS`, `--attesters`):
 * `"default,0xabc…=Alice's attester,0xdef…"`. `default` stands for `defaultAttesters(chainId)`; `none` (alone) trusts
 * nobody; blank text means the default. An address without a name keeps its default name if it has one, else is
 * named "attester 0xabcd…1234". An address listed twice keeps its first name. Throws `TrustedAttesterError` saying what
 * to write for an entry that is not an address (or a mixed-case address whose checksum is wrong).
 */
export function parseTrustedAttesters(text: string, chainId: bigint): TrustedAttester[] {
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (entries.length === 0) return defaultAttesters(chainId);
  const defaults = defaultAttesters(chainId);
  if (entries.some((entry) => entry.toLowerCase() === "none")) {
    if (entries.length === 1) return [];
    throw new TrustedAttesterError(`"none" trusts no attester and cannot be combined with other entries (${text.trim()}): ${HOW_TO_WRITE}`);
  }
  const trusted: TrustedAttester[] = [];
  const add = (attester: TrustedAttester) => {
    if (!trusted.some((known) => known.address === attester.address)) trusted.push(attester);
  };
  for (const entry of entries) {
    if (entry.toLowerCase() === "default") {
      defaults.forEach(add);
      continue;
    }
    const equals = entry.indexOf("=");
    const written = (equals === -1 ? entry : entry.slice(0, equals)).trim();
    const name = equals === -1 ? "" : entry.slice(equals + 1).trim();
    if (!/^0x[0-9a-fA-F]{40}$/.test(written)) {
      throw new TrustedAttesterError(`"${written}" is not an attester address: ${HOW_TO_WRITE}`);
    }
    if (!isAddress(written)) {
      throw new TrustedAttesterError(
        `the address ${written} has a wrong checksum (its mix of upper and lower case letters): copy it again, or write it all in lower case`,
      );
    }
    const address = getAddress(written);
    add({ address, name: name !== "" ? name : (defaults.find((known) => known.address === address)?.name ?? `attester ${shortAddress(address)}`) });
  }
  return trusted;
}
