/**
 * A campaign's backers and history: from the indexer, 50 a page, saying how far its lists lag behind the chain (the
 * campaign's live state above them is read from the chain); without one, from the chain's logs, saying so.
 */
import { formatBps, mapLimited, type CampaignDetails } from "../../../client/index.js";
import type { PageContext } from "../context.js";
import { PAGE_SIZE } from "../indexer.js";
import { big, fallbackNote, lagNote, offsetOf, pager } from "../lists.js";
import { date, esc, link, short } from "../ui.js";

/** A backer's standing, from either source. */
interface BackerRow {
  backer: string;
  pledged: bigint;
  contributed: bigint;
  /** Withdrawn and refunded. */
  takenBack: bigint;
  firstPledgedAt?: bigint;
  objecting?: boolean;
}

/** An event, from either source: arguments as the chain or the indexer gives them. */
interface EventRow {
  name: string;
  args: Record<string, unknown>;
  timestamp: bigint | undefined;
  totals: { backer: bigint; campaign: bigint } | undefined;
}

/** The backers and history sections of a campaign page. */
export async function campaignLists(context: PageContext, campaign: CampaignDetails, amount: (value: bigint) => string): Promise<string> {
  const backersOffset = offsetOf(context.query, "backers");
  const historyOffset = offsetOf(context.query, "history");
  let note = "";
  let backers: { rows: BackerRow[]; total: number } | undefined;
  let history: { rows: EventRow[]; total: number } | undefined;
  if (context.indexer !== undefined) {
    try {
      const [backerPage, historyPage] = await Promise.all([
        context.indexer.backers(campaign.id, { limit: PAGE_SIZE, offset: backersOffset }),
        context.indexer.history(campaign.id, { limit: PAGE_SIZE, offset: historyOffset }),
      ]);
      backers = {
        total: backerPage.total,
        rows: backerPage.items.map((item) => ({
          backer: item.backer,
          pledged: big(item.pledged),
          contributed: big(item.contributed),
          takenBack: big(item.withdrawn) + big(item.refunded),
          firstPledgedAt: big(item.firstPledgedAt),
          objecting: campaign.hasMilestones ? item.objecting : undefined,
        })),
      };
      history = {
        total: historyPage.total,
        rows: historyPage.items.map((item) => ({
          name: item.name,
          args: item.args,
          timestamp: big(item.timestamp),
          totals: item.totals === null ? undefined : { backer: big(item.totals.backer), campaign: big(item.totals.campaign) },
        })),
      };
      const older = [backerPage.indexed, historyPage.indexed].sort((a, b) => Number(a?.number ?? -1) - Number(b?.number ?? -1))[0] ?? null;
      note = lagNote(context, older, "The backers and history below");
    } catch (error) {
      note = fallbackNote(context, error, "the backers and history below are read from the chain instead (the first 50 of each)");
      backers = undefined;
    }
  } else {
    note = fallbackNote(context, undefined, "the backers and history below are read from the chain instead (the first 50 of each)");
  }
  if (backers === undefined || history === undefined) {
    ({ backers, history } = await fromChain(context, campaign));
  }
  const path = `campaign/${campaign.id}`;
  const you = context.account?.toLowerCase();
  const backerRows = backers.rows
    .map(
      (row, index) => `<tr data-testid="backer-${backersOffset + index}">
        <td title="${esc(row.backer)}"><span class="nowrap">${esc(short(row.backer))}</span>${row.backer.toLowerCase() === you ? ` <strong>(you)</strong>` : ""}</td>
        <td data-label="Pledge now">${esc(amount(row.pledged))}</td>
        <td data-label="Put in">${esc(amount(row.contributed))}</td>
        <td data-label="Taken back">${row.takenBack === 0n ? "-" : esc(amount(row.takenBack))}</td>
        <td data-label="First pledge">${row.firstPledgedAt === undefined ? "-" : `<span class="nowrap">${date(row.firstPledgedAt)}</span>`}</td>
        ${campaign.hasMilestones ? `<td>${row.objecting === true ? "objects" : ""}</td>` : ""}
      </tr>`,
    )
    .join("");
  const backersHtml =
    backers.total === 0
      ? `<p class="empty" data-testid="backers-empty">No backer yet.${campaign.state === "Funding" ? " Be the first: pledge below, and take it back at any time while the campaign funds." : ""}</p>`
      : `<div class="table-wrap"><table class="rows" data-testid="backers"><thead><tr><th>Backer</th><th>Pledge now</th><th>Put in</th><th>Taken back</th><th>First pledge</th>${campaign.hasMilestones ? "<th>Review</th>" : ""}</tr></thead><tbody>${backerRows}</tbody></table></div>
        ${pager(path, context.query, backers.total, backersOffset, "backers", "backers-pager")}`;
  const historyRows = history.rows
    .map(
      (row, index) => `<li data-testid="event-${historyOffset + index}"><span class="when nowrap">${row.timestamp === undefined ? "" : date(row.timestamp)}</span> ${describe(row, amount)}</li>`,
    )
    .join("");
  const historyHtml =
    history.total === 0
      ? `<p class="empty">No event yet.</p>`
      : `<ol class="history" data-testid="history">${historyRows}</ol>${pager(path, context.query, history.total, historyOffset, "history", "history-pager")}`;
  return `<section class="lists" data-testid="campaign-lists">
    ${note}
    <h2>Backers <span class="muted" data-testid="backer-count">(${backers.total.toLocaleString("en")})</span></h2>${backersHtml}
    <h2>History</h2>${historyHtml}
  </section>`;
}

/** The first 50 backers and events from the chain's logs, events dated by their blocks. */
async function fromChain(context: PageContext, campaign: CampaignDetails): Promise<{ backers: { rows: BackerRow[]; total: number }; history: { rows: EventRow[]; total: number } }> {
  const [standings, events] = await Promise.all([context.reader.campaignBackers(campaign.id), context.reader.campaignHistory(campaign.id)]);
  const shown = events.slice(0, PAGE_SIZE);
  const blocks = [...new Set(shown.map((event) => event.blockNumber))];
  const times = new Map(
    await mapLimited(blocks, 8, async (block) => [block, BigInt((await context.reader.provider.getBlock(block))?.timestamp ?? 0)] as const),
  );
  return {
    backers: {
      total: standings.length,
      rows: standings.slice(0, PAGE_SIZE).map((standing) => ({
        backer: standing.backer,
        pledged: standing.pledged,
        contributed: standing.contributed,
        takenBack: standing.contributed - standing.pledged,
      })),
    },
    history: {
      total: events.length,
      rows: shown.map((event) => ({ name: event.name, args: event.args, timestamp: times.get(event.blockNumber), totals: event.totals })),
    },
  };
}

const ZERO = "0x0000000000000000000000000000000000000000";

/** An event in words: who, how much in the campaign's token, and dates. */
function describe(row: EventRow, amount: (value: bigint) => string): string {
  const arg = (key: string) => row.args[key];
  const num = (key: string) => big(String(arg(key) ?? "0"));
  const who = (key: string) => {
    const address = String(arg(key) ?? "");
    return `<span title="${esc(address)}">${esc(short(address))}</span>`;
  };
  const address = (key: string) => String(arg(key) ?? "").toLowerCase();
  const milestone = () => `milestone ${num("index") + 1n}`;
  const after =
    row.totals === undefined ? "" : ` <span class="muted">(their pledge ${esc(amount(row.totals.backer))}; total ${esc(amount(row.totals.campaign))})</span>`;
  switch (row.name) {
    case "CampaignOpened":
      return `<strong>Opened</strong> by ${who("creator")}: goal ${esc(amount(num("goal")))}, deadline <span class="nowrap">${date(num("deadline"))}</span>`;
    case "RequestOpened":
      return `<strong>Asked for</strong> as <a href="#/request/${num("requestId")}">request #${num("requestId")}</a> by ${who("opener")}, open until <span class="nowrap">${date(num("expiry"))}</span>`;
    case "RequestAccepted":
      return `<strong>Request accepted</strong> by ${who("maintainer")} with ${esc(amount(num("pledged")))} pledged: from then on a campaign with the terms above`;
    case "RequestDeclined":
      return `<strong>Request declined</strong> by ${who("maintainer")}: ${link(String(arg("reasonURI") ?? ""))}`;
    case "MilestonePlanSet": {
      const milestones = arg("milestones");
      const count = Array.isArray(milestones) ? milestones.length : 0;
      return `<strong>Milestone plan</strong>: ${formatBps(num("initialShareBps"))} released at success, then ${count} milestone${count === 1 ? "" : "s"}`;
    }
    case "Pledged":
      return `${who("backer")} <strong>pledged</strong> ${esc(amount(num("amount")))}${after}`;
    case "PledgeWithdrawn":
      return `${who("backer")} <strong>took back</strong> ${esc(amount(num("amount")))}${after}`;
    case "Refunded":
      return `${who("backer")} <strong>was refunded</strong> ${esc(amount(num("amount")))}${after}`;
    case "RefundedWithBonus":
      return `${who("backer")} <strong>was refunded</strong> ${esc(amount(num("amount")))} plus ${esc(amount(num("bonus")))} of the refund bonus${after}`;
    case "BonusDeposited":
      return `${who("depositor")} <strong>deposited a refund bonus</strong> of ${esc(amount(num("amount")))} <span class="muted">(the bonus now ${esc(amount(num("pot")))})</span>`;
    case "BonusReclaimed":
      return `${who("depositor")} <strong>reclaimed</strong> ${esc(amount(num("amount")))} of their refund bonus deposit`;
    case "GoalReached":
      return `<strong>Goal reached</strong>`;
    case "DeadlineExtended":
      return `<strong>Deadline moved</strong> from <span class="nowrap">${date(num("previousDeadline"))}</span> to <span class="nowrap">${date(num("newDeadline"))}</span> (goal reached in the last call)`;
    case "CampaignCancelled":
      return `<strong>Cancelled</strong> by ${who("by")}`;
    case "CampaignClaimed":
      return `<strong>Claimed</strong> by ${who("by")}: ${esc(amount(num("amount")))} to the payout ${who("payout")}${num("fee") === 0n ? "" : `, fee ${esc(amount(num("fee")))}`}`;
    case "MilestoneSubmitted":
      return `${who("by")} <strong>delivered ${milestone()}</strong> at ${link(String(arg("deliveryURI") ?? ""))}; review until <span class="nowrap">${date(num("reviewEnd"))}</span>`;
    case "MilestoneObjected":
      return `${who("backer")} <strong>objected</strong> to ${milestone()} with ${esc(amount(num("weight")))} of weight (objections now ${esc(amount(num("objectionWeight")))})`;
    case "ObjectionWithdrawn":
      return `${who("backer")} <strong>withdrew their objection</strong> to ${milestone()} (objections now ${esc(amount(num("objectionWeight")))})`;
    case "MilestoneAccepted":
      return `<strong>${milestone().replace(/^m/, "M")} accepted</strong>: ${formatBps(num("releasedBps"))} released in all`;
    case "MilestoneRejected":
      return `<strong>${milestone().replace(/^m/, "M")} rejected</strong>${arg("overdue") === true ? ": not delivered in time" : `: objections reached ${esc(amount(num("objectionWeight")))}`}`;
    case "CampaignSplitSet":
      return `<strong>Shares set</strong>: ${formatBps(num("builderShareBps"))} of every claim to the builder, ${formatBps(num("dependencyShareBps"))} to dependencies (version ${num("dependencyVersion")} of the project's list)`;
    case "BuilderNominated":
      return address("nominee") === ZERO
        ? `${who("by")} <strong>cleared the builder nomination</strong>`
        : `${who("by")} <strong>nominated</strong> ${who("nominee")} as builder`;
    case "BuilderAccepted":
      return `${who("builder")} <strong>accepted the builder role</strong>${address("previous") === ZERO ? "" : ` from ${who("previous")}`}${num("waitingTaken") === 0n ? "" : `, taking the ${esc(amount(num("waitingTaken")))} that waited`}`;
    case "BuilderShareCredited":
      return address("builder") === ZERO
        ? `<strong>Builder share</strong> of ${esc(amount(num("amount")))} waits for a builder to accept`
        : `<strong>Builder share</strong> of ${esc(amount(num("amount")))} credited to ${who("builder")}`;
    case "DependencyShareCredited":
      return `<strong>Dependency share</strong> of ${esc(amount(num("amount")))} credited to <a href="#/project/${num("dependencyId")}">project ${num("dependencyId")}</a>`;
    case "WaitingBuilderShareReleased":
      return `<strong>Waiting builder share released</strong>: ${esc(amount(num("amount")))} credited to project ${num("projectId")}, no builder having accepted`;
    default:
      return esc(row.name);
  }
}
