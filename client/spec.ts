/**
 * A campaign's spec: its URI and the content hash of the document there (given by the maintainer at opening; zero
 * when the URI points at no fixed document, such as an issue page). Both are only in the opening block's
 * `CampaignOpened` event (storing the URI cost about 60,000 gas per opening); the escrow keeps one word committing to
 * both, `keccak256(abi.encode(specURI, specHash))`, and the block. The client reads that one block and believes the
 * event only when it matches the commitment; whoever fetches the document checks it with `checkSpecDocument`, so a
 * document rewritten after people pledged is caught.
 */
import { AbiCoder, getBytes, keccak256, toUtf8Bytes, ZeroHash } from "ethers";

import type { Connection } from "./connection.js";
import { decodeEscrowLog, escrowTopics, idTopic } from "./events.js";

/** What the client found of a campaign's spec in the chain; `hash` is the document's content hash (zero: none). */
export type SpecCheck =
  /** The URI and document hash of the opening event, matching the escrow's commitment; `pinned` when a hash is set. */
  | { status: "verified"; uri: string; hash: string; pinned: boolean; commitment: string; openedAtBlock: bigint }
  /** The node returned an opening event that does not match the escrow's commitment: never shown as the spec. */
  | { status: "mismatch"; uri: string; hash: string; pinned: boolean; commitment: string; openedAtBlock: bigint }
  /** The node returned no opening event for the block (or failed to): the spec cannot be shown. */
  | { status: "unavailable"; uri: null; hash: null; pinned: false; commitment: string; openedAtBlock: bigint; reason: string };

/** The escrow's commitment to a spec: keccak256 of the ABI encoding of its URI and its document's content hash. */
export function specCommitmentOf(uri: string, documentHash: string): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(["string", "bytes32"], [uri, documentHash]));
}

/** What a fetched spec document is, measured against the content hash the campaign committed to. */
export type SpecDocumentCheck = "matches" | "rewritten" | "not pinned";

/** keccak256 of a spec document's bytes (a string is taken as UTF-8): the content hash a campaign commits to. */
export function specHashOf(document: string | Uint8Array): string {
  return keccak256(typeof document === "string" ? toUtf8Bytes(document) : getBytes(document));
}

/** Whether the document fetched from a campaign's spec URI is the one its maintainers committed to. */
export function checkSpecDocument(document: string | Uint8Array, committedHash: string): SpecDocumentCheck {
  if (committedHash === ZeroHash) return "not pinned";
  return specHashOf(document) === committedHash.toLowerCase() ? "matches" : "rewritten";
}

/** The spec in one line for people: the URI and whether its document is pinned, else what is wrong. */
export function describeSpec(spec: SpecCheck): string {
  switch (spec.status) {
    case "verified":
      return spec.pinned
        ? `${spec.uri} (document pinned by its content hash ${spec.hash})`
        : `${spec.uri} (no document pinned: what this link shows can change)`;
    case "mismatch":
      return `not shown: the spec the node returned for block ${spec.openedAtBlock} does not match the commitment ${spec.commitment} the escrow stores`;
    case "unavailable":
      return `not available: ${spec.reason}`;
  }
}

/** Reads specs from opening events; remembers them (a spec never changes) and URIs already seen in listings. */
export class Specs {
  private readonly verified = new Map<bigint, SpecCheck>();
  private readonly seen = new Map<bigint, { uri: string; hash: string; blockNumber: number }>();

  constructor(private readonly connection: Connection) {}

  /** Who accepted each campaign from a feature request in its opening block (null: opened as a campaign), by id. */
  private readonly origins = new Map<bigint, { blockNumber: number; acceptedBy: string | null }>();

  /** Notes whether a campaign opened in `blockNumber` was accepted from a request there, and by whom (a listing read it). */
  rememberOrigin(campaignId: bigint, blockNumber: number, acceptedBy: string | null): void {
    this.origins.set(campaignId, { blockNumber, acceptedBy });
  }

  /**
   * The maintainer who accepted the campaign from a feature request, from the `RequestAccepted` event of its opening
   * block (read with its spec, or by a listing), or null when it was opened as a campaign.
   */
  async acceptedBy(campaignId: bigint, openedAtBlock: bigint): Promise<string | null> {
    const block = Number(openedAtBlock);
    if (this.origins.get(campaignId)?.blockNumber !== block) await this.read(campaignId, block);
    return this.origins.get(campaignId)?.acceptedBy ?? null;
  }

  /** Notes the URI and hash of a `CampaignOpened` event read elsewhere (a listing), so that no new read is needed. */
  remember(campaignId: bigint, uri: string, hash: string, blockNumber: number): void {
    this.seen.set(campaignId, { uri, hash: hash.toLowerCase(), blockNumber });
  }

  /** The spec of a campaign whose view tells its spec `commitment` and `openedAtBlock`. */
  async check(campaignId: bigint, commitment: string, openedAtBlock: bigint): Promise<SpecCheck> {
    const committed = commitment.toLowerCase();
    const known = this.verified.get(campaignId);
    if (known !== undefined && known.commitment === committed && known.openedAtBlock === openedAtBlock) return known;
    const seen = this.seen.get(campaignId);
    let event: { uri: string; hash: string } | undefined;
    if (seen !== undefined && BigInt(seen.blockNumber) === openedAtBlock) event = seen;
    else {
      try {
        event = await this.read(campaignId, Number(openedAtBlock));
      } catch (error) {
        const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
        return { status: "unavailable", uri: null, hash: null, pinned: false, commitment: committed, openedAtBlock, reason: `reading block ${openedAtBlock} failed (${reason})` };
      }
    }
    if (event === undefined) {
      return { status: "unavailable", uri: null, hash: null, pinned: false, commitment: committed, openedAtBlock, reason: `the node returned no opening event in block ${openedAtBlock}` };
    }
    const found = { uri: event.uri, hash: event.hash, pinned: event.hash !== ZeroHash, commitment: committed, openedAtBlock };
    if (specCommitmentOf(event.uri, event.hash) !== committed) return { status: "mismatch", ...found };
    const check: SpecCheck = { status: "verified", ...found };
    this.verified.set(campaignId, check);
    return check;
  }

  /**
   * The URI and content hash of the campaign's `CampaignOpened` event in `block` (a request's `RequestOpened`), if the
   * node returns one; notes the `RequestAccepted` event there, if any, as the campaign's origin.
   */
  private async read(campaignId: bigint, block: number): Promise<{ uri: string; hash: string } | undefined> {
    const logs = await this.connection.provider.getLogs({
      address: this.connection.addresses.escrow,
      topics: [escrowTopics(["CampaignOpened", "RequestOpened", "RequestAccepted"]), idTopic(campaignId)],
      fromBlock: block,
      toBlock: block,
    });
    let spec: { uri: string; hash: string } | undefined;
    let acceptedBy: string | null = null;
    for (const log of logs) {
      const { name, args } = decodeEscrowLog(log);
      if ((args.campaignId ?? args.requestId) !== campaignId) continue;
      if (name === "RequestAccepted" && typeof args.maintainer === "string") acceptedBy = args.maintainer;
      else if (spec === undefined && typeof args.specURI === "string" && typeof args.specHash === "string") {
        spec = { uri: args.specURI, hash: args.specHash.toLowerCase() };
      }
    }
    this.origins.set(campaignId, { blockNumber: block, acceptedBy });
    return spec;
  }
}
