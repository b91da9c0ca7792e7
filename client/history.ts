/**
 * History from events: any escrow events, one campaign's history with the running totals that the events no longer
 * carry (summed here, and checked against the escrow's own total), and each backer's standing.
 */
import type { Connection } from "./connection.js";
import { withDecodedErrors } from "./errors.js";
import { CAMPAIGN_EVENTS, escrowTopics, idTopic, toCampaignEvent, type CampaignEvent, type EscrowEventName } from "./events.js";
import type { LogRange } from "./logs.js";
import { amountWriter, type Tokens } from "./tokens.js";

/** A backer's standing in a campaign, from the events. */
export interface BackerStanding {
  backer: string;
  /** Their pledge now (zero after a refund or a full withdrawal). */
  pledged: bigint;
  /** Everything they ever pledged. */
  contributed: bigint;
  refunded: bigint;
}

/** The history read from a campaign's events does not add up to what the escrow holds: logs are missing. */
export class IncompleteHistoryError extends Error {
  constructor(
    readonly campaignId: bigint,
    readonly summed: bigint,
    readonly recorded: bigint,
    readonly blockNumber: number,
    amount: (value: bigint) => string,
  ) {
    super(
      `the node returned an incomplete history of campaign ${campaignId}: its pledges less its withdrawals add up to ` +
        `${amount(summed)}, but the escrow records ${amount(recorded)} at block ${blockNumber}; try a smaller page size or another RPC`,
    );
    this.name = "IncompleteHistoryError";
  }
}

export class History {
  constructor(
    private readonly connection: Connection,
    private readonly tokens: Tokens,
  ) {}

  /**
   * The escrow's events of the given names, decoded, oldest first, read page by page from the deployment block (or
   * `range`); only one campaign's when `campaignId` is given (events whose first indexed argument is the campaign).
   */
  async escrowEvents(names: readonly EscrowEventName[], range: LogRange = {}, campaignId?: bigint): Promise<CampaignEvent[]> {
    const campaignTopic = campaignId === undefined ? [] : [idTopic(campaignId)];
    const logs = await this.connection.logs(this.connection.addresses.escrow, [escrowTopics(names), ...campaignTopic], range);
    return logs.map(toCampaignEvent);
  }

  /**
   * Every event of one campaign, oldest first: opening, pledges, withdrawals, the goal, milestones, claims, refunds.
   * Read from the block the campaign opened in (unless `range` starts elsewhere). Pledges, withdrawals and refunds
   * carry the backer's pledge and the campaign's total just after them, summed from the opening on; the sum is
   * checked against the escrow's total at the last block read, so a node that drops logs is caught, not believed.
   */
  async campaignHistory(campaignId: bigint, range: LogRange = {}): Promise<CampaignEvent[]> {
    return (await this.readCampaign(campaignId, range)).events;
  }

  /** Every backer of a campaign with their standing, summed from its events since its opening, in order of first pledge. */
  async campaignBackers(campaignId: bigint, range: LogRange = {}): Promise<BackerStanding[]> {
    const { events, openedAtBlock, fromOpening } = await this.readCampaign(campaignId, range);
    if (!fromOpening) {
      throw new Error(`a campaign's backers are summed from its opening (block ${openedAtBlock}): a later fromBlock would miss pledges`);
    }
    const backers = new Map<string, BackerStanding>();
    for (const event of events) {
      const backer = event.args.backer;
      if (typeof backer !== "string" || event.totals === undefined) continue;
      let entry = backers.get(backer);
      if (entry === undefined) {
        entry = { backer, pledged: 0n, contributed: 0n, refunded: 0n };
        backers.set(backer, entry);
      }
      entry.pledged = event.totals.backer;
      if (event.name === "Pledged") entry.contributed += event.args.amount as bigint;
      // The pledge part: a refund with a bonus share says the share apart.
      if (event.name === "Refunded" || event.name === "RefundedWithBonus") entry.refunded += event.args.amount as bigint;
    }
    return [...backers.values()];
  }

  /** A campaign's events, with running totals when read from its opening (and then checked against the escrow). */
  private async readCampaign(
    campaignId: bigint,
    range: LogRange,
  ): Promise<{ events: CampaignEvent[]; openedAtBlock: number; fromOpening: boolean }> {
    const toBlock = await this.connection.lastBlock(range);
    const view = await withDecodedErrors(() => this.connection.escrow.getCampaign(campaignId, { blockTag: toBlock }));
    const openedAtBlock = await this.firstBlock(campaignId, view.openedAtBlock, toBlock);
    const fromBlock = range.fromBlock ?? openedAtBlock;
    const events = await this.escrowEvents(CAMPAIGN_EVENTS, { ...range, fromBlock, toBlock }, campaignId);
    const fromOpening = fromBlock <= openedAtBlock;
    if (fromOpening) {
      const total = withTotals(events);
      if (total !== view.pledged) {
        const amount = amountWriter(await this.tokens.token(view.token));
        throw new IncompleteHistoryError(campaignId, total, view.pledged, toBlock, amount);
      }
    }
    return { events, openedAtBlock, fromOpening };
  }

  /**
   * The block a campaign's history starts in: its opening block, or for a campaign accepted from a feature request
   * (a `RequestAccepted` there) the block the request was opened in, since its pledges from then on still count.
   */
  private async firstBlock(campaignId: bigint, openedAtBlock: bigint, toBlock: number): Promise<number> {
    const opened = Number(openedAtBlock);
    const escrow = this.connection.addresses.escrow;
    const [accepted] = escrowTopics(["RequestAccepted"]);
    const acceptance = await this.connection.provider.getLogs({ address: escrow, topics: [accepted ?? null, idTopic(campaignId)], fromBlock: opened, toBlock: opened });
    if (acceptance.length === 0) return opened;
    const requests = await this.connection.logs(escrow, [escrowTopics(["RequestOpened"]), idTopic(campaignId)], { toBlock: Math.min(opened, toBlock) });
    const first = requests[0];
    if (first === undefined) throw new Error(`campaign ${campaignId} was accepted from a request whose opening the node does not return`);
    return first.blockNumber;
  }
}

/**
 * Adds the running totals to pledges, withdrawals and refunds (a refund pays a backer out, zeroing their pledge but
 * leaving the campaign's total as the record of what was raised); returns the campaign's total after the last one.
 */
function withTotals(events: CampaignEvent[]): bigint {
  const backers = new Map<string, bigint>();
  let campaign = 0n;
  for (const event of events) {
    const backer = event.args.backer;
    if (typeof backer !== "string") continue;
    const amount = typeof event.args.amount === "bigint" ? event.args.amount : 0n;
    const before = backers.get(backer) ?? 0n;
    let after: bigint;
    if (event.name === "Pledged") {
      after = before + amount;
      campaign += amount;
    } else if (event.name === "PledgeWithdrawn") {
      after = before - amount;
      campaign -= amount;
    } else if (event.name === "Refunded" || event.name === "RefundedWithBonus") {
      after = 0n;
    } else continue;
    backers.set(backer, after);
    event.totals = { backer: after, campaign };
  }
  return campaign;
}
