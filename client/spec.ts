/**
 * A campaign's spec URI. The escrow stores only its hash and the block the campaign opened in (storing the URI cost
 * about 60,000 gas per opening); the URI is in that block's `CampaignOpened` event. The client reads that one block,
 * and shows the URI only when its keccak256 is the hash the escrow stores: a node that answers with another URI is
 * flagged, never believed.
 */
import { keccak256, toUtf8Bytes } from "ethers";

import type { Connection } from "./connection.js";
import { decodeEscrowLog, escrowTopics, idTopic } from "./events.js";

/** What the client found of a campaign's spec, and whether it matches the hash the escrow stores. */
export type SpecCheck =
  /** The URI of the opening event, whose hash is the escrow's: safe to show. */
  | { status: "verified"; uri: string; hash: string; openedAtBlock: bigint }
  /** The node returned an opening event whose URI does not hash to the escrow's: never show it as the spec. */
  | { status: "mismatch"; uri: string; hash: string; openedAtBlock: bigint }
  /** The node returned no opening event for the block (or failed to): the spec cannot be shown. */
  | { status: "unavailable"; uri: null; hash: string; openedAtBlock: bigint; reason: string };

/** keccak256 of a spec URI's UTF-8 bytes, as the escrow stores it. */
export function specHashOf(uri: string): string {
  return keccak256(toUtf8Bytes(uri));
}

/** The spec in one line for people: the URI when verified, else what is wrong (never an unverified URI as the spec). */
export function describeSpec(spec: SpecCheck): string {
  switch (spec.status) {
    case "verified":
      return spec.uri;
    case "mismatch":
      return `not shown: the URI the node returned for block ${spec.openedAtBlock} does not hash to the spec hash ${spec.hash} the escrow stores`;
    case "unavailable":
      return `not available: ${spec.reason} (the escrow stores only its hash ${spec.hash})`;
  }
}

/** Reads and checks specs; remembers the verified ones (a spec never changes) and URIs already seen in events. */
export class Specs {
  private readonly verified = new Map<bigint, SpecCheck>();
  private readonly seen = new Map<bigint, { uri: string; blockNumber: number }>();

  constructor(private readonly connection: Connection) {}

  /** Notes the URI of a `CampaignOpened` event read elsewhere (a listing), so that checking it needs no new read. */
  remember(campaignId: bigint, uri: string, blockNumber: number): void {
    this.seen.set(campaignId, { uri, blockNumber });
  }

  /** The spec of a campaign whose view tells `hash` and `openedAtBlock`, checked against the hash. */
  async check(campaignId: bigint, hash: string, openedAtBlock: bigint): Promise<SpecCheck> {
    const known = this.verified.get(campaignId);
    if (known !== undefined && known.hash === hash && known.openedAtBlock === openedAtBlock) return known;
    const seen = this.seen.get(campaignId);
    let uri: string | undefined;
    if (seen !== undefined && BigInt(seen.blockNumber) === openedAtBlock) uri = seen.uri;
    else {
      try {
        uri = await this.read(campaignId, Number(openedAtBlock));
      } catch (error) {
        const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
        return { status: "unavailable", uri: null, hash, openedAtBlock, reason: `reading block ${openedAtBlock} failed (${reason})` };
      }
    }
    if (uri === undefined) {
      return { status: "unavailable", uri: null, hash, openedAtBlock, reason: `the node returned no opening event in block ${openedAtBlock}` };
    }
    if (specHashOf(uri) !== hash.toLowerCase()) return { status: "mismatch", uri, hash, openedAtBlock };
    const check: SpecCheck = { status: "verified", uri, hash, openedAtBlock };
    this.verified.set(campaignId, check);
    return check;
  }

  /** The URI of the campaign's `CampaignOpened` event in `block`, if the node returns one. */
  private async read(campaignId: bigint, block: number): Promise<string | undefined> {
    const [topic] = escrowTopics(["CampaignOpened"]);
    const logs = await this.connection.provider.getLogs({
      address: this.connection.addresses.escrow,
      topics: [topic ?? null, idTopic(campaignId)],
      fromBlock: block,
      toBlock: block,
    });
    for (const log of logs) {
      const { args } = decodeEscrowLog(log);
      if (args.campaignId === campaignId && typeof args.specURI === "string") return args.specURI;
    }
    return undefined;
  }
}
