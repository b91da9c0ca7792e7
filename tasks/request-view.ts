/**
 * Feature requests written for people: amounts in the token's units, times as dates, the fee in percent, support as
 * "token·days"; each state says what a backer or a maintainer can do next, with the command.
 */
import { amountWriter, formatBps, formatDate, formatSupport, type FullRequestDetails, type RequestDetails, type RequestDuplicate, type TokenInfo } from "../client/node.js";
import { formatFields, formatTable } from "./output.js";

/** A request with its token, as `request show` tells it. */
export interface RequestShown {
  request: FullRequestDetails;
  token: TokenInfo;
  /** The latest block's time. */
  now: bigint;
  /** The viewer's pledge; null when the network has no account to show. */
  yourPledge: bigint | null;
}

/** The requests of a project, as `request list` tells them. */
export interface RequestListShown {
  projectId: bigint;
  requests: FullRequestDetails[];
  /** Token address to its symbol and decimals. */
  tokens: Record<string, TokenInfo>;
  /** `--all`: the unfunded ones in the table, and the closed ones (declined, expired, accepted) below. */
  all: boolean;
}

/** Whether a request still takes pledges (not accepted, declined or past its expiry). */
export function isOpen(request: Pick<RequestDetails, "state">): boolean {
  return request.state === "Requested";
}

/** "12.5 ETH·days" */
export function supportText(support: bigint, token: Pick<TokenInfo, "decimals" | "symbol">): string {
  return formatSupport(support, token.decimals, token.symbol);
}

/** "#3", "#3 and #7", "#3, #5 and #7". */
function idsText(ids: readonly bigint[]): string {
  const written = ids.map((id) => `#${id}`);
  return written.length === 1 ? written[0]! : `${written.slice(0, -1).join(", ")} and ${written.at(-1)}`;
}

/** The duplicates of a request that became a campaign still taking pledges. */
export function fundingDuplicates(duplicates: readonly RequestDuplicate[]): RequestDuplicate[] {
  return duplicates.filter((duplicate) => duplicate.campaignId !== null && duplicate.state === "Funding");
}

/**
 * The other requests for the same spec, by what they are now: open ones ("same issue as #3 and #7, open"), one already
 * funded as a campaign ("already funded as campaign 1: pledge there (campaign pledge 1 <amount>)"), closed ones ("#4
 * (expired)", "#2 (declined)", "#6 (accepted: campaign 6, Succeeded)"). Undefined without duplicates. `short`: for a table cell.
 */
export function duplicatesText(duplicates: readonly RequestDuplicate[], short = false): string | undefined {
  if (duplicates.length === 0) return undefined;
  const parts: string[] = [];
  const open = duplicates.filter((duplicate) => duplicate.state === "Requested").map((duplicate) => duplicate.requestId);
  if (open.length > 0) parts.push(`same issue as ${open.length === 1 ? "open request" : "open requests"} ${idsText(open)}`);
  for (const funding of fundingDuplicates(duplicates)) {
    parts.push(
      short
        ? `campaign ${funding.campaignId} funds it`
        : `already funded as campaign ${funding.campaignId} (accepted from request #${funding.requestId}): pledge there (campaign pledge ${funding.campaignId} <amount>)`,
    );
  }
  const closed = duplicates.filter((duplicate) => duplicate.state !== "Requested" && !(duplicate.campaignId !== null && duplicate.state === "Funding"));
  if (closed.length > 0) {
    const words = closed.map((duplicate) =>
      duplicate.campaignId === null ? `#${duplicate.requestId} (${duplicate.state.toLowerCase()})` : `#${duplicate.requestId} (accepted: campaign ${duplicate.campaignId}, ${duplicate.state})`,
    );
    parts.push(`${open.length > 0 || parts.length > 0 ? "also asked in" : "same issue as"} ${words.length === 1 ? words[0] : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`}`);
  }
  return parts.join("; ");
}

/**
 * What a request's money is now: while open or accepted, the total and its backers; once declined or expired, the total
 * pledged then (`pledged` stays the record) and what is still to refund (`outstanding`) by how many backers.
 */
export function moneyText(request: FullRequestDetails, amount: (value: bigint) => string): string {
  if (request.state === "Declined" || request.state === "Expired") {
    const when = request.state === "Declined" ? "when declined" : "when it expired";
    if (request.pledged === 0n) return `nothing was pledged ${when}`;
    const left = request.outstanding === 0n ? "all refunded" : `${amount(request.outstanding)} of it still to refund by ${backersText(request.backers)}`;
    return `${amount(request.pledged)} pledged ${when}; ${left}`;
  }
  return `${amount(request.pledged)} from ${backersText(request.backers)}`;
}

function backersText(count: number): string {
  return `${count} backer${count === 1 ? "" : "s"}`;
}

/**
 * Where a request stands, in words, with what to do next: open (until when, how it ends), declined or expired (refund
 * in full), or accepted (it is a campaign now).
 */
export function stateText(request: FullRequestDetails): string {
  const id = request.requestId;
  const refunds =
    request.outstanding > 0n
      ? `every backer takes their whole pledge back with request refund ${id}`
      : request.pledged === 0n
        ? "nobody had pledged to it"
        : "every backer has taken their pledge back";
  if (request.accepted !== null) {
    const { accepted } = request;
    return `accepted ${formatDate(accepted.at)} by ${accepted.maintainer}: it is campaign ${id} now (${request.state}), with a goal and a deadline; campaign show ${id} gives them`;
  }
  if (request.declined !== null) {
    const { declined } = request;
    return `declined ${formatDate(declined.at)} by ${declined.maintainer} (reason: ${declined.reasonURI}): ${refunds}`;
  }
  if (request.state === "Expired") {
    return `expired after ${formatDate(request.expiry)}, nobody having accepted it: ${refunds}`;
  }
  return (
    `open: it takes pledges until ${formatDate(request.expiry)}; a maintainer of project ${request.projectId} may accept it as a campaign ` +
    `(request accept ${id} --goal <amount> --deadline <date>) or decline it; if neither happens by then, every backer takes their whole pledge back (request refund ${id})`
  );
}

/** What the support figure means at the request's `asOf`: growing while open, frozen once it closed. */
function supportLine(request: RequestDetails, token: TokenInfo): string {
  const support = supportText(request.support, token);
  if (isOpen(request)) return `${support} now: each unit pledged adds one unit·day per day it stays in; a withdrawal restarts the count of what is left`;
  return `${support}, frozen on ${formatDate(request.asOf)} when it stopped being open`;
}

/** The whole `request show` text. */
export function formatRequest(view: RequestShown): string {
  const { request, token } = view;
  const amount = amountWriter(token);
  const pinned = BigInt(request.specHash) === 0n ? "not pinned: what it shows can change" : `pinned to the document of hash ${request.specHash}`;
  const you = view.yourPledge;
  return formatFields({
    request: `#${request.requestId}`,
    project: request.projectId,
    state: stateText(request),
    spec: `${request.specURI} (${pinned})`,
    duplicates: request.duplicates.length === 0 ? undefined : `${duplicatesText(request.duplicates)} (request list ${request.projectId} --all lists them)`,
    opened: `${formatDate(request.openedAt)} by ${request.opener}`,
    token: token.native ? "ETH" : `${token.symbol} ${token.address}`,
    pledged: moneyText(request, amount),
    "pledged when accepted": request.accepted === null ? undefined : amount(request.accepted.pledgedAtAcceptance),
    support: supportLine(request, token),
    fee: isOpen(request)
      ? `${formatBps(request.feeBps)} of what is claimed if it is accepted (lower if the protocol's fee is lower then)`
      : `${formatBps(request.feeBps)} of what is claimed`,
    "your pledge": you === null ? null : yourPledgeText(request, you, amount),
  });
}

function yourPledgeText(request: RequestDetails, pledge: bigint, amount: (value: bigint) => string): string {
  const id = request.requestId;
  if (pledge === 0n) return isOpen(request) ? `none (request pledge ${id} <amount>)` : "none";
  if (isOpen(request)) return `${amount(pledge)} (request withdraw ${id} <amount> takes some or all of it back while it is open)`;
  if (request.accepted !== null) return `${amount(pledge)} (in campaign ${id} now: campaign show ${id})`;
  return `${amount(pledge)} (request refund ${id} pays it back)`;
}

/** The `request list` text: the ranked table, the unfunded ones in one line (or listed with `--all`), the closed ones with `--all`. */
export function formatRequestList(view: RequestListShown): string {
  const open = view.requests.filter(isOpen);
  const funded = view.all ? open : open.filter((request) => request.pledged > 0n);
  const unfunded = open.filter((request) => request.pledged === 0n);
  const closed = view.all ? view.requests.filter((request) => !isOpen(request)) : [];
  const lines: string[] = [];
  // Support is money × time in a token: requests in different tokens are ranked each among their own.
  const tokens = [...new Set(open.map((request) => request.token))];
  if (open.length === 0) {
    lines.push(`No open requests for project ${view.projectId}: anyone opens one with request open ${view.projectId} --spec <issue URL>`);
  } else if (tokens.length === 1) {
    lines.push(`Open requests for project ${view.projectId}, by support (money × time held), then pledged, then age:`);
    lines.push(rankedTable(funded, view.tokens));
  } else {
    lines.push(`Open requests for project ${view.projectId}, by support (money × time held), then pledged, then age; ranked per token, as support in one token does not compare with another's:`);
    for (const address of tokens) {
      lines.push(`in ${view.tokens[address]?.symbol ?? address}:`);
      lines.push(rankedTable(funded.filter((request) => request.token === address), view.tokens));
    }
  }
  if (!view.all && unfunded.length > 0) {
    const ids = unfunded.map((request) => `#${request.requestId}`).join(", ");
    lines.push(`${unfunded.length} unfunded request${unfunded.length === 1 ? "" : "s"} (${ids}): request list ${view.projectId} --all lists them`);
  }
  if (closed.length > 0) {
    lines.push("Closed requests (no longer taking pledges):");
    lines.push(formatTable(closed.map((request) => closedRow(request, view.tokens)), ["request", "state", "pledged", "support", "spec", "next"]));
  }
  return lines.join("\n");
}

function rankedTable(requests: readonly FullRequestDetails[], tokens: Record<string, TokenInfo>): string {
  if (requests.length === 0) return "(none with money in)";
  return formatTable(
    requests.map((request, i) => listRow(request, tokens, i + 1)),
    ["rank", "request", "support", "pledged", "backers", "expires", "spec", "note"],
  );
}

function tokenOf(request: RequestDetails, tokens: Record<string, TokenInfo>): TokenInfo {
  const token = tokens[request.token];
  if (token === undefined) throw new Error(`token ${request.token} of request ${request.requestId} was not read`);
  return token;
}

function listRow(request: FullRequestDetails, tokens: Record<string, TokenInfo>, rank: number) {
  const token = tokenOf(request, tokens);
  return {
    rank,
    request: `#${request.requestId}`,
    support: supportText(request.support, token),
    pledged: amountWriter(token)(request.pledged),
    backers: request.backers,
    expires: formatDate(request.expiry),
    spec: request.specURI,
    note: duplicatesText(request.duplicates, true) ?? "",
  };
}

function closedRow(request: FullRequestDetails, tokens: Record<string, TokenInfo>) {
  const token = tokenOf(request, tokens);
  const id = request.requestId;
  const state =
    request.accepted !== null
      ? `accepted ${formatDate(request.accepted.at)}`
      : request.declined !== null
        ? `declined ${formatDate(request.declined.at)}`
        : `expired after ${formatDate(request.expiry)}`;
  return {
    request: `#${id}`,
    state,
    pledged: moneyText(request, amountWriter(token)),
    support: supportText(request.support, token),
    spec: request.specURI,
    next: request.accepted !== null ? `campaign show ${id}` : request.outstanding > 0n ? `request refund ${id}` : "",
  };
}
