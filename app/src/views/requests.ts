/**
 * A project page's "Requests — what users want": its open requests ranked by support (money × time held, in
 * token·days, with why), a list per token when they are in more than one (ETH·days and PUSD·days do not compare),
 * each with its pledged total, backers, expiry and "same issue as #N (where it stands)"; the unfunded ones collapsed
 * below; and the form anyone with a wallet uses to ask for a feature, which warns when the spec URL is already a
 * funding campaign or an open request of the project.
 */
import { isAddress } from "ethers";

import { fetchDocument, formatSupport, specHashOf, type OpenRequestInput, type FullRequestDetails as RequestDetails, type TokenInfo } from "../../../client/index.js";
import type { PageContext } from "../context.js";
import { GATEWAY } from "../documents.js";
import { backerWords, dayOf, days, duplicateStatus, endOfDay, groupByToken, otherDuplicates, RANKING_WHY, requestSections, sameSpec, unfundedSummary } from "../requests.js";
import { amountOf, date, esc, explain, link, timeLeft } from "../ui.js";

/** The section's HTML and the wiring of its form. */
export interface RequestsSection {
  html: string;
  bind(root: HTMLElement): void;
}

/** One request in the list. */
function card(request: RequestDetails, token: TokenInfo, now: bigint): string {
  const id = request.requestId;
  const amount = amountOf(token);
  const duplicates = otherDuplicates(request.duplicates, id);
  const duplicate =
    duplicates.length === 0
      ? ""
      : `same issue as ${duplicates
          .map((other) => {
            const status = duplicateStatus(other);
            const campaign = other.campaignId ?? other.requestId;
            const where = other.campaignId !== null || !["Requested", "Declined", "Expired"].includes(other.state) ? `<a href="#/campaign/${campaign}">${esc(status)}</a>` : esc(status);
            return `<a href="#/request/${other.requestId}">#${other.requestId}</a> (${where})`;
          })
          .join(", ")}`;
  return `<li class="card" data-testid="request-${id}">
    <a href="#/request/${id}" data-testid="request-link-${id}"><strong>Request #${id}</strong></a>
    <span class="muted break">${link(request.specURI)}</span>
    <div data-testid="request-line-${id}"><strong>${esc(formatSupport(request.support, token.decimals, token.symbol))}</strong> of support · ${esc(amount(request.pledged))} pledged by ${esc(backerWords(request.backers))} · open until <span class="nowrap">${esc(date(request.expiry))}</span> (${esc(timeLeft(request.expiry, now))})</div>
    ${duplicate === "" ? "" : `<div class="muted" data-testid="request-duplicate-${id}">${duplicate}</div>`}
  </li>`;
}

/** The "Ask for a feature" form: spec URL, token, expiry date (between the escrow's shortest and longest lifetime). */
function askForm(context: PageContext, limits: { minLifetime: bigint; maxLifetime: bigint }): string {
  if (context.account === undefined) {
    return `<p class="muted" data-testid="ask-connect">Connect a wallet to ask for a feature: anyone with one can.</p>`;
  }
  const earliest = context.now + limits.minLifetime;
  const latest = context.now + limits.maxLifetime;
  const suggested = context.now + 30n * 86_400n > earliest ? context.now + 30n * 86_400n : earliest + 86_400n;
  return `<details class="maintain" data-testid="ask-feature" data-inline-status><summary>Ask for a feature</summary>
    <form class="form">
      <p class="muted">Anyone can ask this project for a piece of work, and anyone can pledge to the request: the longer money stays in, the higher it ranks. A maintainer may accept it with terms (it becomes a campaign keeping the pledges) or decline it; otherwise it expires, and every backer takes their pledge back in full.</p>
      <label>Spec URL <input data-testid="ask-spec" placeholder="https://github.com/…/issues/12, or ipfs://… a spec document"></label>
      <p class="warning" data-testid="ask-same" hidden></p>
      <label class="inline"><input type="checkbox" data-testid="ask-pin"> Pin the document at this URL by its content hash (for a spec document; leave unticked for an issue page)</label>
      <label>Token <input data-testid="ask-token" value="ETH"></label>
      <label>Expires on <input type="date" data-testid="ask-expiry" value="${esc(dayOf(suggested))}" min="${esc(dayOf(earliest))}" max="${esc(dayOf(latest))}"></label>
      <p class="muted" data-testid="ask-expiry-range">Between ${esc(date(earliest))} and ${esc(date(latest))}: at least ${esc(days(limits.minLifetime))}, so that the maintainers have time to answer, and at most ${esc(days(limits.maxLifetime))}. It expires at the end of the day you pick.</p>
      <button data-testid="ask-button">Ask</button>
    </form></details>`;
}

/** A campaign of the project as the ask form compares it: its id, verified spec URI ("" when unverified) and state. */
export interface CampaignSpec {
  id: bigint;
  specURI: string;
  state: string;
}

/** The ask form's warning for a spec URL already covered: links to the funding campaigns and open requests; "" when none. */
function sameSpecWarning(specURI: string, campaigns: readonly CampaignSpec[], requests: readonly RequestDetails[]): string {
  const same = sameSpec(specURI, campaigns, requests);
  const parts = [
    ...same.campaigns.map((id) => `<a href="#/campaign/${id}">campaign ${id}</a>, funding now`),
    ...same.requests.map((id) => `<a href="#/request/${id}">request #${id}</a>, open`),
  ];
  if (parts.length === 0) return "";
  return `This issue is already ${parts.join("; ")}. Pledging there adds to it; a new request would be ranked on its own. You can still ask.`;
}

/** One ranked list (`testid` names it), a sub-heading per token when the requests are in more than one. */
function rankedLists(requests: readonly RequestDetails[], tokenOf: (request: RequestDetails) => TokenInfo, now: bigint, testid: string, tag: "ol" | "ul"): string {
  const groups = groupByToken(requests);
  if (groups.length <= 1) return `<${tag} class="list" data-testid="${testid}">${requests.map((request) => card(request, tokenOf(request), now)).join("")}</${tag}>`;
  return groups
    .map((group) => {
      const first = group.requests[0];
      const symbol = first === undefined ? group.token : tokenOf(first).symbol;
      return `<h3 data-testid="${testid}-token-${esc(symbol)}">In ${esc(symbol)}</h3>
        <${tag} class="list" data-testid="${testid}" data-token="${esc(group.token)}">${group.requests.map((request) => card(request, tokenOf(request), now)).join("")}</${tag}>`;
    })
    .join("");
}

export async function requestsSection(context: PageContext, projectId: bigint, campaigns: readonly CampaignSpec[] = []): Promise<RequestsSection> {
  let requests: RequestDetails[];
  let limits: { minLifetime: bigint; maxLifetime: bigint };
  try {
    [requests, limits] = await Promise.all([context.reader.listRequests(projectId), context.reader.requestLimits()]);
  } catch (error) {
    return {
      html: `<h2>Requests — what users want</h2><p class="warning" data-testid="requests-error">The requests could not be read: ${esc(explain(error).text)} Reload the page to try again.</p>`,
      bind() {},
    };
  }
  const { ranked, unfunded } = requestSections(requests, context.now);
  const tokens = [...new Set([...ranked, ...unfunded].map((request) => request.token.toLowerCase()))];
  const infos = new Map(await Promise.all(tokens.map(async (token) => [token, await context.reader.token(token)] as const)));
  const tokenOf = (request: RequestDetails): TokenInfo => {
    const info = infos.get(request.token.toLowerCase());
    if (info === undefined) throw new Error(`no token information for ${request.token}`);
    return info;
  };
  const list =
    ranked.length === 0
      ? `<p class="empty" data-testid="requests-empty">No request with money in yet. ${unfunded.length === 0 ? "Ask for a feature below: the first pledge to a request puts it on this list." : "Ask for a feature below, or pledge to one of the unfunded requests: the first pledge puts it on this list."}</p>`
      : rankedLists(ranked, tokenOf, context.now, "requests-ranked", "ol");
  const collapsed =
    unfunded.length === 0
      ? ""
      : `<details data-testid="requests-unfunded"><summary data-testid="requests-unfunded-summary">${esc(unfundedSummary(unfunded.length))}</summary>
          ${rankedLists(unfunded, tokenOf, context.now, "requests-unfunded-list", "ul")}</details>`;
  const html = `<section data-testid="requests"><h2>Requests — what users want</h2>
    <p class="muted" data-testid="requests-why">${esc(RANKING_WHY)}${groupByToken(ranked).length > 1 ? " Requests in different tokens are ranked apart: token·days of one token do not compare with another's." : ""}</p>
    ${list}
    ${collapsed}
    ${askForm(context, limits)}
  </section>`;

  return {
    html,
    bind(root) {
      const field = (id: string) => (root.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)?.value ?? "").trim();
      const checked = (id: string) => root.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)?.checked ?? false;
      const warning = root.querySelector<HTMLElement>('[data-testid="ask-same"]');
      const warn = () => {
        if (warning === null) return;
        const words = sameSpecWarning(field("ask-spec"), campaigns, requests);
        warning.innerHTML = words;
        warning.hidden = words === "";
      };
      root.querySelector('[data-testid="ask-spec"]')?.addEventListener("input", warn);
      root.querySelector('[data-testid="ask-button"]')?.addEventListener("click", (event) => {
        event.preventDefault();
        void (async () => {
          let input: OpenRequestInput;
          context.status.pending("Ask for a feature");
          try {
            const specURI = field("ask-spec");
            if (specURI === "") throw new Error("Give the spec URL: the issue or the document that says what you ask for.");
            const expiry = endOfDay(field("ask-expiry"));
            const earliest = context.now + limits.minLifetime;
            const latest = context.now + limits.maxLifetime;
            if (expiry < earliest) throw new Error(`Pick an expiry on or after ${date(earliest)}: a request stays open at least ${days(limits.minLifetime)}, so that the maintainers have time to answer.`);
            if (expiry > latest) throw new Error(`Pick an expiry on or before ${date(latest)}: a request stays open at most ${days(limits.maxLifetime)}.`);
            const token = field("ask-token") || "ETH";
            if (token.toUpperCase() !== "ETH" && !isAddress(token)) {
              throw new Error(`"${token}" is not a token this form takes: give ETH, or the address (0x…) of a token the escrow allows.`);
            }
            input = { projectId, token, expiry, specURI };
            if (checked("ask-pin")) {
              const fetched = await fetchDocument(specURI, { gateway: GATEWAY });
              if (fetched.status === "unavailable") throw new Error(`The spec document could not be fetched to pin it (${fetched.reason}). Untick “Pin” for an issue page.`);
              input.specHash = specHashOf(fetched.bytes);
            }
          } catch (error) {
            context.status.failed("error", error instanceof Error ? error.message : String(error));
            return;
          }
          const asked = input;
          await context.act("Ask for a feature", (writer) => writer.openRequest(asked), undefined, (result) =>
            `Request #${result.requestId} is open until ${date(asked.expiry)}: pledge to it on its page to rank it.`,
          );
        })();
      });
    },
  };
}
