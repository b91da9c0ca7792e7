/**
 * The attesters this browser trusts to have checked that a project controls its repository: one list per chain, kept
 * in localStorage; until the person changes it, the client's default for the chain (`DEFAULT_ATTESTERS`). No DOM here
 * (the storage is passed in), so that it is tested without a browser.
 */
import { getAddress, isAddress } from "ethers";

import { defaultAttesters, type TrustedAttester } from "../../client/index.js";

/** What the list needs of `window.localStorage`. */
export type TrustStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** A refusal of a change to the list, in words that say what to do instead. */
export class TrustListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrustListError";
  }
}

const keyOf = (chainId: number | bigint) => `openpledge.trusted-attesters.${chainId}`;

/** The chain's default list (a copy). */
export function defaultTrust(chainId: number | bigint): TrustedAttester[] {
  return defaultAttesters(BigInt(chainId)).map((attester) => ({ address: getAddress(attester.address), name: attester.name }));
}

function isAttesterList(value: unknown): value is TrustedAttester[] {
  return (
    Array.isArray(value) &&
    value.every(
      (item: unknown) =>
        typeof item === "object" &&
        item !== null &&
        typeof (item as { address?: unknown }).address === "string" &&
        isAddress((item as { address: string }).address) &&
        typeof (item as { name?: unknown }).name === "string",
    )
  );
}

/** Whether the person changed the chain's list (else it is the default). */
export function isCustomTrust(storage: TrustStorage, chainId: number | bigint): boolean {
  const saved = storage.getItem(keyOf(chainId));
  if (saved === null) return false;
  try {
    return isAttesterList(JSON.parse(saved));
  } catch {
    return false;
  }
}

/** The attesters trusted on the chain: the saved list, else the default (a list that no longer reads is the default). */
export function trustedAttesters(storage: TrustStorage, chainId: number | bigint): TrustedAttester[] {
  const saved = storage.getItem(keyOf(chainId));
  if (saved === null) return defaultTrust(chainId);
  try {
    const parsed: unknown = JSON.parse(saved);
    if (isAttesterList(parsed)) return parsed.map((item) => ({ address: getAddress(item.address.toLowerCase()), name: item.name }));
  } catch {
    // Unreadable (edited by hand): the default, as if nothing were saved.
  }
  return defaultTrust(chainId);
}

function save(storage: TrustStorage, chainId: number | bigint, list: readonly TrustedAttester[]): TrustedAttester[] {
  storage.setItem(keyOf(chainId), JSON.stringify(list));
  return [...list];
}

/** The address as typed, checksummed; refused in words when it is none. */
export function attesterAddress(text: string): string {
  const value = text.trim();
  if (value === "") throw new TrustListError("Paste the attester's address (0x followed by 40 hexadecimal characters).");
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) {
    throw new TrustListError(`"${value}" is not an address: paste the attester's address, 0x followed by 40 hexadecimal characters.`);
  }
  if (!isAddress(value)) {
    throw new TrustListError(`The mixed case of ${value} does not match an address's checksum: copy it again in full, or write it all in lower case.`);
  }
  return getAddress(value.toLowerCase());
}

/** Adds an attester (address and a name to know it by); refused when either is missing or it is in the list already. */
export function addTrustedAttester(storage: TrustStorage, chainId: number | bigint, address: string, name: string): TrustedAttester[] {
  const checked = attesterAddress(address);
  const label = name.trim();
  if (label === "") throw new TrustListError("Give the attester a name you will recognise, e.g. \"Alice's attester\".");
  if (label.length > 80) throw new TrustListError("Give the attester a shorter name: 80 characters at most.");
  const list = trustedAttesters(storage, chainId);
  const existing = list.find((attester) => attester.address === checked);
  if (existing !== undefined) {
    throw new TrustListError(`${checked} is in your list already, as "${existing.name}": remove it first to give it another name.`);
  }
  return save(storage, chainId, [...list, { address: checked, name: label }]);
}

/** Removes an attester from the chain's list (the list may become empty: then no project shows as verified). */
export function removeTrustedAttester(storage: TrustStorage, chainId: number | bigint, address: string): TrustedAttester[] {
  const checked = attesterAddress(address);
  const list = trustedAttesters(storage, chainId);
  if (!list.some((attester) => attester.address === checked)) throw new TrustListError(`${checked} is not in your list: nothing to remove.`);
  return save(storage, chainId, list.filter((attester) => attester.address !== checked));
}

/** Back to the chain's default list. */
export function resetTrustedAttesters(storage: TrustStorage, chainId: number | bigint): TrustedAttester[] {
  storage.removeItem(keyOf(chainId));
  return defaultTrust(chainId);
}

/** The trusted attester's name for an address, if it is trusted. */
export function attesterName(list: readonly TrustedAttester[], address: string): string | undefined {
  const wanted = address.toLowerCase();
  return list.find((attester) => attester.address.toLowerCase() === wanted)?.name;
}
