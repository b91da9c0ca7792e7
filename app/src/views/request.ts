/**
 * One feature request (`#/request/<id>`): what it asks for, its state in words and dates (open until, declined with
 * the maintainer's reason, expired, accepted into a campaign), its support, pledged total, backers and duplicates, and
 * the actions: pledge and withdraw while it is open (the campaign page's own form), a refund once declined or expired,
 * and for a maintainer of its project "Accept with terms" (the open-campaign form's fields) and "Decline". Also the
 * campaign page's "from request #N" line.
 */
import { ZeroHash } from "ethers";

import {
  AmountError,
  formatBps,
  formatDuration,
  OpenPledgeError,
  parseAmount,
  toOpenPledgeError,
  formatSupport,
  specCommitmentOf,
  type AcceptRequestInput,
  type CampaignDetails,
  type FullRequestDetails as RequestDetails,
  type SpecCheck,
  type TokenInfo,
} from "../../../client/index.js";
import type { Page, PageContext } from "../context.js";
import { documentBody, specDocument, titleOf } from "../documents.js";
import { amountWords, dayOf, days, duplicateStatus, earliestAcceptanceDeadline, endOfDay, otherDuplicates, pledgedWords, RANKING_WHY } from "../requests.js";
import { builderShareOf, FormError } from "../shares.js";
import { amountOf, chainName, date, esc, link, short, timeLeft } from "../ui.js";
import { verificationSection } from "../verification.js";
import { builderShareField, milestoneFields, milestonePlanOf, type BuilderShareTerms } from "./maintain.js";
import { pledgeForm, withdrawForm } from "./pledge-form.js";

const DAY = 86_400n;
const HOUR = 3_600n;

/** The escrow's states a request has before it is accepted (after, it is an ordinary campaign). */
export const REQUEST_STATES: ReadonlySet<string> = new Set(["Requested", "Declined", "Expired"]);

/** The badge of a request's state, in words. */
function stateLabel(request: RequestDetails): string {
  if (request.accepted !== null) return "Accepted";
  if (request.state === "Requested") return "Open";
  return request.state;
}

/** The request's spec as the chain committed to it: the opening event's URI and hash, checked against the escrow. */
async function specOf(context: PageContext, request: RequestDetails): Promise<SpecCheck> {
  const stored = await context.reader.escrow.getCampaign(request.requestId);
  const commitment = specCommitmentOf(request.specURI, request.specHash);
  const base = { uri: request.specURI, hash: request.specHash, pinned: request.specHash !== ZeroHash, commitment: stored.specCommitment, openedAtBlock: BigInt(request.openedAtBlock) };
  return commitment === stored.specCommitment ? { status: "verified", ...base } : { status: "mismatch", ...base };
}

/** What backers of a declined or expired request still do: refund, or nothing once every pledge is back. */
function refundNote(request: RequestDetails): string {
  return request.outstanding === 0n
    ? "Every pledge made to it has been refunded: nothing is left in it."
    : "Every backer takes their whole pledge back with <strong>Refund</strong>, at any time.";
}

/**
 * A decline's reason: any text the maintainer gave (the escrow only refuses an empty one). A web or IPFS address is a
 * link; anything else is shown as text (`link` never turns another scheme into a link).
 */
function reasonHtml(reason: string): string {
  return link(reason.trim());
}

/** The state in a paragraph: until when it is open and what happens then, or who declined it and why, or where it went. */
function stateText(request: RequestDetails, now: bigint, amount: (value: bigint) => string): string {
  const when = (seconds: bigint) => `<span class="nowrap">${esc(date(seconds))}</span>`;
  if (request.accepted !== null) {
    const accepted = request.accepted;
    return `<p data-testid="request-state">Accepted ${when(accepted.at)} by <span title="${esc(accepted.maintainer)}">${esc(short(accepted.maintainer))}</span>, with terms: it is now <a href="#/campaign/${request.requestId}" data-testid="request-campaign-link">campaign #${request.requestId}</a>, which keeps the ${esc(amount(accepted.pledgedAtAcceptance))} pledged here. Pledge, take back and follow it on its page: from now on its goal and deadline decide.</p>`;
  }
  if (request.declined !== null) {
    const declined = request.declined;
    return `<p data-testid="request-state">Declined ${when(declined.at)} by <span title="${esc(declined.maintainer)}">${esc(short(declined.maintainer))}</span>. Their reason: <span class="break" data-testid="request-decline-reason">${reasonHtml(declined.reasonURI)}</span>. ${refundNote(request)}</p>`;
  }
  if (request.state === "Expired" || (request.state === "Requested" && now > request.expiry)) {
    return `<p data-testid="request-state">Expired ${when(request.expiry)}: no maintainer accepted or declined it in time. ${refundNote(request)}</p>`;
  }
  return `<p data-testid="request-state">Open until ${when(request.expiry)} (${esc(timeLeft(request.expiry, now))}). A maintainer of project ${request.projectId} can accept it with terms (a goal and a deadline): it then becomes a campaign that keeps every pledge made here, and you still have at least a week and a last call to take yours back once you see the terms. Or they decline it. If neither happens by then, it expires. Either way you take your whole pledge back; while it is open you can take it back at any time.</p>`;
}

/** What the connected account can do with its pledge. */
function backerActions(request: RequestDetails, token: TokenInfo, yourPledge: bigint, connectFirst: string | undefined, amount: (value: bigint) => string): string {
  if (connectFirst !== undefined) {
    return request.state === "Requested" ? `<p data-testid="connect-first">${esc(connectFirst.charAt(0).toUpperCase() + connectFirst.slice(1))} to pledge to this request.</p>` : "";
  }
  const parts: string[] = [];
  if (request.state === "Requested") {
    parts.push(pledgeForm(token.symbol, ` <span class="muted" data-testid="pledge-note">Your pledge ranks this request by the time it stays in: it counts toward the campaign if a maintainer accepts, and comes back in full otherwise.</span>`));
    if (yourPledge > 0n) {
      parts.push(withdrawForm(` <span class="muted" data-testid="withdraw-note">At any time while the request is open, up to your ${esc(amount(yourPledge))}. A withdrawal restarts the support of what you leave in: it counts from then.</span>`));
    }
  }
  if ((request.state === "Declined" || request.state === "Expired") && yourPledge > 0n) {
    parts.push(`<button data-testid="refund-button">Refund my ${esc(amount(yourPledge))}</button>`);
  }
  return parts.map((part) => `<div class="action">${part}</div>`).join("");
}

/** What a maintainer's acceptance needs to know to explain its limits. */
interface AcceptTerms extends BuilderShareTerms {
  acceptanceNotice: bigint;
  defaultLastCall: bigint;
  minLastCall: bigint;
  maxLastCall: bigint;
  defaultClaimWindow: bigint;
}

/** The maintainer's forms: accept with terms (the open-campaign form's fields), and decline with a reason. */
function maintainerForms(request: RequestDetails, token: TokenInfo, terms: AcceptTerms, now: bigint): string {
  const earliest = earliestAcceptanceDeadline(now, terms.acceptanceNotice, undefined, terms.defaultLastCall, terms.maxLastCall);
  const suggested = now + 30n * DAY > earliest ? now + 30n * DAY : earliest + DAY;
  return `<details class="maintain" data-testid="accept-request" data-inline-status><summary>Accept with terms (maintainer)</summary>
    <form class="form">
      <p class="muted">The project, the token (${esc(token.symbol)}) and the spec are the request's. Accepting turns it into a campaign that keeps the pledges made to it; set the terms a campaign has.</p>
      <label>Goal (${esc(token.symbol)}) <input data-testid="accept-goal" inputmode="decimal" placeholder="5"></label>
      <label>Deadline <input type="date" data-testid="accept-deadline" value="${esc(dayOf(suggested))}" min="${esc(dayOf(earliest))}"></label>
      <p class="muted" data-testid="accept-earliest">The deadline can be ${esc(date(earliest))} at the earliest: ${esc(days(terms.acceptanceNotice))} of notice plus two last calls (${esc(formatDuration(terms.defaultLastCall))} each) from now. The backers pledged to a wish, not to these terms: each keeps the notice and a whole last call to take their pledge back once they see them. A longer last call moves it later (counted up to ${esc(formatDuration(terms.maxLastCall))}).</p>
      <label>Last call <input data-testid="accept-last-call" inputmode="decimal" placeholder="${esc(String(Number(terms.defaultLastCall) / 86_400))}" size="4"> days
        <span class="muted">Empty: ${esc(formatDuration(terms.defaultLastCall))}. From ${esc(formatDuration(terms.minLastCall))} to ${esc(formatDuration(terms.maxLastCall))}, in whole hours.</span></label>
      <label>Claim window <input data-testid="accept-claim-window" inputmode="decimal" placeholder="${esc(String(Number(terms.defaultClaimWindow) / 86_400))}" size="4"> days
        <span class="muted">Empty: ${esc(formatDuration(terms.defaultClaimWindow))}; whole days. If it succeeds, the maintainers claim within this time after the deadline; after it, every backer can take their pledge back.</span></label>
      ${milestoneFields("accept")}
      ${builderShareField(terms, "accept")}
      <button data-testid="accept-button">Accept with these terms</button>
    </form></details>
    <details class="maintain" data-testid="decline-request" data-inline-status><summary>Decline (maintainer)</summary>
    <form class="form">
      <label>Reason (a link to a comment, or a short text) <input data-testid="decline-reason" placeholder="https://github.com/…/issues/12#issuecomment-…, or: out of scope for this project"></label>
      <p class="muted">Every backer can then take their whole pledge back, at any time. Declining cannot be undone.</p>
      <button data-testid="decline-button" class="secondary">Decline this request</button>
    </form></details>`;
}

/**
 * Days typed in a field ("2", "1.5") as whole hours of seconds (`whole`: whole days only, as a claim window is);
 * undefined when empty (the escrow's default).
 */
function typedDays(text: string, what: string, whole = false): bigint | undefined {
  const typed = text.trim();
  if (typed === "") return undefined;
  if (whole && !/^\d+$/.test(typed)) throw new FormError(`${what}: give a whole number of days, such as 90, or leave it empty for the default.`);
  if (!/^\d+(\.\d+)?$/.test(typed)) throw new FormError(`${what}: give a number of days, such as 2 or 1.5, or leave it empty for the default.`);
  const hours = BigInt(Math.round(Number(typed) * 24));
  if (hours === 0n) throw new FormError(`${what}: give at least one hour (0.05 days), or leave it empty for the default.`);
  return hours * HOUR;
}

/** The terms the accept form holds, checked before anything is sent. */
function acceptInput(root: HTMLElement, terms: AcceptTerms, token: TokenInfo, now: bigint): AcceptRequestInput {
  const value = (id: string) => (root.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)?.value ?? "").trim();
  const typedGoal = value("accept-goal");
  if (typedGoal === "") throw new FormError("Give the goal: the amount the campaign must reach by its deadline.");
  let goal: bigint;
  try {
    goal = parseAmount(typedGoal, token.decimals);
  } catch (error) {
    if (error instanceof AmountError) throw new FormError(amountWords(error.message, "The goal"));
    throw error;
  }
  const deadline = endOfDay(value("accept-deadline"));
  const lastCall = typedDays(value("accept-last-call"), "Last call");
  const claimWindow = typedDays(value("accept-claim-window"), "Claim window", true);
  const earliest = earliestAcceptanceDeadline(now, terms.acceptanceNotice, lastCall, terms.defaultLastCall, terms.maxLastCall);
  if (deadline < earliest) {
    throw new FormError(`Pick a deadline on or after ${date(earliest)}: backers get ${days(terms.acceptanceNotice)} of notice plus two last calls from now to decide.`);
  }
  const input: AcceptRequestInput = { goal, deadline };
  if (lastCall !== undefined) input.lastCall = lastCall;
  if (claimWindow !== undefined) input.claimWindow = claimWindow;
  const builderShareBps = builderShareOf(value("accept-builder-share"), terms.dependencyShareBps, terms.maxFeeBps);
  if (builderShareBps > 0n) input.builderShareBps = builderShareBps;
  const milestones = milestonePlanOf(root, deadline, "accept");
  if (milestones !== undefined) input.milestones = milestones;
  return input;
}

/** The page for an id that is neither a request nor a campaign: say so, with the way back. */
function missingRequest(requestId: bigint): Page {
  return {
    html: `<h1>No request #${requestId}</h1>
      <p class="empty" data-testid="request-missing">There is no request #${requestId} on this chain: check the number, or find the request on its project's page.</p>
      <p><a href="#/" data-testid="request-missing-home">← All projects</a></p>`,
  };
}

export async function requestPage(context: PageContext, requestId: bigint): Promise<Page> {
  const { reader, account } = context;
  let request: RequestDetails;
  try {
    request = await reader.getRequest(requestId);
  } catch (error) {
    const decoded = error instanceof OpenPledgeError ? error : toOpenPledgeError(error);
    if (decoded instanceof OpenPledgeError && decoded.errorName === "UnknownCampaign") return missingRequest(requestId);
    throw error;
  }
  const [token, spec, yourPledge, project] = await Promise.all([
    reader.token(request.token),
    specOf(context, request),
    account === undefined ? Promise.resolve(0n) : reader.pledgeOf(requestId, account),
    reader.getProject(request.projectId),
  ]);
  const open = request.state === "Requested" && context.now <= request.expiry;
  // Beside the pledge form while it is open: whether the project's repository is checked by someone the backer trusts.
  const [document, verification] = await Promise.all([
    specDocument(spec),
    open ? verificationSection(context, request.projectId, project.repository, { attesters: context.trusted, forges: context.forges, where: "pledge" }) : Promise.resolve(undefined),
  ]);
  const amount = amountOf(token);
  const maintainer =
    account !== undefined && open && (account.toLowerCase() === project.owner.toLowerCase() || (await reader.isMaintainer(request.projectId, account)));
  let terms: AcceptTerms | undefined;
  if (maintainer) {
    const [requestLimits, limits, dependencies] = await Promise.all([reader.requestLimits(), reader.limits(), reader.getDependencies(request.projectId)]);
    terms = {
      acceptanceNotice: requestLimits.acceptanceNotice,
      defaultLastCall: limits.defaultLastCall,
      minLastCall: limits.minLastCall,
      maxLastCall: limits.maxLastCall,
      defaultClaimWindow: limits.defaultClaimWindow,
      dependencyShareBps: dependencies.totalShareBps,
      maxFeeBps: limits.maxFeeBps,
    };
  }
  const walletChain = context.wallet.connection?.chainId;
  const connectFirst =
    account !== undefined
      ? undefined
      : walletChain === undefined || walletChain === context.deployment.chainId
        ? "connect a wallet"
        : `switch your wallet to ${chainName(context.deployment.chainId)}`;
  const duplicates = otherDuplicates(request.duplicates, requestId)
    .map((duplicate) => {
      const status = duplicateStatus(duplicate);
      const campaign = duplicate.campaignId ?? duplicate.requestId;
      const where = status.startsWith("already funded") || status.startsWith("accepted")
        ? `<a href="#/campaign/${campaign}" data-testid="request-duplicate-campaign-${campaign}">${esc(status)}</a>`
        : esc(status);
      return `<li data-testid="request-duplicate-${duplicate.requestId}"><a href="#/request/${duplicate.requestId}">#${duplicate.requestId}</a>: ${where}</li>`;
    })
    .join("");
  const frozen = request.state === "Requested" && context.now <= request.expiry ? "" : ` (frozen ${esc(date(request.asOf))}, when the request phase ended)`;
  const specLine =
    spec.status === "verified"
      ? `${link(spec.uri)}${spec.pinned ? `<span class="muted" data-testid="spec-pinned"> (document pinned by its content hash)</span>` : `<span class="warning" data-testid="spec-unpinned"> (no document pinned: what this link shows can change)</span>`}`
      : `<span class="warning" data-testid="spec-unverified">Unverified: the node returned a spec that does not match the commitment the escrow stores; it is not shown.</span>`;
  const body = document?.status === "ok" ? `<section class="document">${documentBody(document.document, "spec")}</section>` : "";
  const html = `<p><a href="#/project/${request.projectId}" data-testid="request-project-link">← Project ${request.projectId}</a></p>
    <h1><span data-testid="request-title">${esc(titleOf(document, `Request #${requestId}`))}</span> <span class="state state-${esc(stateLabel(request))}" data-testid="state">${esc(stateLabel(request))}</span></h1>
    <p class="muted">A feature request: anyone asks project ${request.projectId}'s maintainers for a piece of work and backers pledge to it; nothing is paid out unless a maintainer accepts it with terms and that campaign succeeds.</p>
    ${body}
    <p class="muted break" data-testid="spec">Asks for ${specLine}</p>
    ${stateText(request, context.now, amount)}
    <dl class="fields">
      <dt>Support</dt><dd data-testid="request-support"><strong>${esc(formatSupport(request.support, token.decimals, token.symbol))}</strong>${frozen} <span class="muted" data-testid="request-support-why">${esc(RANKING_WHY)}</span></dd>
      <dt>Pledged</dt><dd data-testid="request-pledged">${esc(pledgedWords(request, amount))}</dd>
      <dt>Expires</dt><dd data-testid="request-expiry">${esc(date(request.expiry))}</dd>
      <dt>Asked</dt><dd data-testid="request-opened">${esc(date(request.openedAt))} by <span title="${esc(request.opener)}">${esc(short(request.opener))}</span></dd>
      ${duplicates === "" ? "" : `<dt>Duplicates</dt><dd data-testid="request-duplicates">The same spec asked more than once; each is ranked on its own:<ul class="plain">${duplicates}</ul></dd>`}
      <dt>Token</dt><dd>${token.native ? "ETH" : `${esc(token.symbol)} ${esc(token.address)}`}</dd>
      <dt>Protocol fee</dt><dd data-testid="fee">${formatBps(request.feeBps)} of what is claimed if it becomes a campaign (less if the fee is lower when it is accepted)</dd>
      <dt>Your pledge</dt><dd data-testid="your-pledge">${connectFirst === undefined ? esc(amount(yourPledge)) : esc(connectFirst)}</dd>
    </dl>
    ${verification?.html ?? ""}
    <section class="actions">${backerActions(request, token, yourPledge, connectFirst, amount)}</section>
    ${maintainer && terms !== undefined ? maintainerForms(request, token, terms, context.now) : ""}`;

  return {
    html,
    bind(root) {
      verification?.bind(root);
      const value = (id: string) => (root.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)?.value ?? "").trim();
      const on = (id: string, handler: () => Promise<void>) =>
        root.querySelector(`[data-testid="${id}"]`)?.addEventListener("click", (event) => {
          event.preventDefault();
          void handler();
        });
      on("pledge-button", () =>
        context.act("Pledge", (writer) => writer.pledge(requestId, value("pledge-amount")), amount, (result) => `You pledged ${amount(result.amount)} to request #${requestId}.`),
      );
      on("withdraw-button", () =>
        context.act("Withdraw", (writer) => writer.withdrawPledge(requestId, value("withdraw-amount")), amount, (result) => `You took back ${amount(result.amount)}.`),
      );
      on("refund-button", () =>
        context.act("Refund", (writer) => writer.refund(requestId), amount, (result) => `You got ${amount(result.amount)} back${result.bonus > 0n ? ` plus ${amount(result.bonus)} of the refund bonus` : ""}.`),
      );
      on("accept-button", async () => {
        if (terms === undefined) return;
        let input: AcceptRequestInput;
        try {
          input = acceptInput(root, terms, token, context.now);
        } catch (error) {
          context.status.failed("error", error instanceof Error ? error.message : String(error));
          return;
        }
        await context.act(`Accept request #${requestId}`, (writer) => writer.acceptRequest(requestId, input), amount, (result) =>
          `Request #${requestId} is now campaign #${result.campaignId}, keeping its ${amount(request.pledged)} of pledges${result.goalReached ? ", which already reach the goal" : ""}.`,
        );
      });
      on("decline-button", async () => {
        const reason = value("decline-reason");
        if (reason === "") {
          context.status.failed("error", "Give a reason: a link to a comment, or a short text that says why, so that backers know.");
          return;
        }
        await context.act(`Decline request #${requestId}`, (writer) => writer.declineRequest(requestId, reason), amount, () =>
          `Request #${requestId} is declined: every backer can take their whole pledge back with Refund.`,
        );
      });
    },
  };
}

/**
 * "From request #5, accepted <date> by 0x…": the line a campaign page shows when the campaign was a feature request
 * (the client reads its `RequestAccepted` event); empty for a campaign opened as one.
 */
export function requestOrigin(campaign: CampaignDetails): string {
  const origin = campaign.fromRequest;
  if (origin === null) return "";
  return `<p data-testid="from-request">From <a href="#/request/${origin.requestId}">request #${origin.requestId}</a>, accepted <span class="nowrap">${esc(date(origin.acceptedAt))}</span> by <span title="${esc(origin.maintainer)}">${esc(short(origin.maintainer))}</span>: the pledges made to the request count toward this campaign, and its backers had at least a week and a last call to take them back once they saw these terms.</p>`;
}
