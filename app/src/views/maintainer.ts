/**
 * The maintainer's page: what waits for the connected account as a project's owner or maintainer, from the indexer:
 * feature requests waiting for an answer (open requests of its projects, ranked by support per token, each linking to
 * its page where Accept and Decline are), claims available now (Claim), milestones to deliver (submitted from the
 * campaign's page), reviews whose window has closed (Settle, which anyone may do), and ownership offers (Accept).
 * Without an indexer, its projects and their waiting requests are read from the chain. Dependencies and builders are
 * set on each project's page; what is owed to the maintainer's projects is on "Owed to you", which this page links to.
 */
import { formatSupport, mapLimited, type FullRequestDetails, type IndexedCampaign, type IndexedProject, type TokenInfo } from "../../../client/index.js";
import type { Page, PageContext } from "../context.js";
import { big, fallbackNote, lagNote, tokenWriters } from "../lists.js";
import { backerWords, groupByToken, requestSections } from "../requests.js";
import { amountOf, date, esc, explain, link, short, timeLeft } from "../ui.js";

function campaignLink(campaign: IndexedCampaign): string {
  return `<a href="#/campaign/${campaign.id}" data-testid="maintainer-campaign-${campaign.id}">${esc(campaign.title ?? `Campaign ${campaign.id}`)}</a> <span class="muted">(project ${campaign.projectId})</span>`;
}

function projectName(project: IndexedProject): string {
  return esc(project.title ?? `Project ${project.id}`);
}

/**
 * "Requests waiting for your answer": the open requests of `projectIds` (one `listRequests` each), per project, ranked
 * by support within each token (token·days of different tokens do not compare), the unfunded ones last; each links to
 * its page, where a maintainer accepts it with terms or declines it.
 */
async function waitingRequests(context: PageContext, projectIds: readonly bigint[]): Promise<string> {
  const heading = `<h2>Requests waiting for your answer</h2>`;
  let lists: FullRequestDetails[][];
  try {
    lists = await mapLimited([...projectIds], 4, (projectId) => context.reader.listRequests(projectId));
  } catch (error) {
    return `${heading}<p class="warning" data-testid="waiting-requests-error">The requests could not be read: ${esc(explain(error).text)} Reload the page to try again.</p>`;
  }
  const sections = lists.map((requests) => requestSections(requests, context.now));
  const all = sections.flatMap((section) => [...section.ranked, ...section.unfunded]);
  if (all.length === 0) {
    return `${heading}<p class="empty" data-testid="waiting-requests-empty">No open feature request waits for an answer in your projects. Anyone asks for one on a project's page; it shows here until it is accepted, declined or expires.</p>`;
  }
  const infos = new Map<string, TokenInfo>();
  for (const token of new Set(all.map((request) => request.token.toLowerCase()))) infos.set(token, await context.reader.token(token));
  const row = (request: FullRequestDetails) => {
    const token = infos.get(request.token.toLowerCase());
    if (token === undefined) throw new Error(`no token information for ${request.token}`);
    const amount = amountOf(token);
    return `<li class="card" data-testid="waiting-request-${request.requestId}"><a href="#/request/${request.requestId}" data-testid="waiting-request-link-${request.requestId}"><strong>Request #${request.requestId}</strong></a>
      <span class="muted break">${link(request.specURI)}</span>
      <div>${esc(formatSupport(request.support, token.decimals, token.symbol))} of support · ${esc(amount(request.pledged))} pledged by ${esc(backerWords(request.backers))} · open until <span class="nowrap">${esc(date(request.expiry))}</span> (${esc(timeLeft(request.expiry, context.now))}). Accept it with terms or decline it on its page.</div></li>`;
  };
  const projects = projectIds
    .map((projectId, index) => {
      const section = sections[index];
      if (section === undefined || section.ranked.length + section.unfunded.length === 0) return "";
      const groups = groupByToken(section.ranked);
      const ranked = groups
        .map((group) => {
          const symbol = infos.get(group.token)?.symbol ?? group.token;
          return `${groups.length > 1 ? `<h4>In ${esc(symbol)}</h4>` : ""}<ol class="list">${group.requests.map(row).join("")}</ol>`;
        })
        .join("");
      const unfunded = section.unfunded.length === 0 ? "" : `<p class="muted">Nothing pledged yet:</p><ul class="list">${section.unfunded.map(row).join("")}</ul>`;
      return `<section data-testid="waiting-requests-${projectId}"><h3><a href="#/project/${projectId}">Project ${projectId}</a></h3>${ranked}${unfunded}</section>`;
    })
    .join("");
  return `${heading}<p class="muted">Ranked by support within each token: each pledge's amount times how long it has been held. A request you leave unanswered expires, and its backers take their pledges back.</p>${projects}`;
}

/** Where a maintainer handles shares: the project's page, and "Owed to you". */
const SHARES_NOTE = `<p class="muted" data-testid="maintainer-shares">A project's page is where its owner sets its dependency list (the projects it builds on, and their share of every claim) where its maintainers open campaigns with a builder share, and where its owner nominates their builders. What is owed to your projects as other projects' dependencies, and to you as a builder, is on <a href="#/owed" data-testid="maintainer-owed-link">Owed to you</a>.</p>`;

export async function maintainerPage(context: PageContext): Promise<Page> {
  const account = context.account;
  if (account === undefined) {
    return {
      html: `<h1>Maintainer</h1><p class="empty" data-testid="maintainer-connect">Connect a wallet on this chain (the buttons above) to see what waits for you as a project's owner or maintainer: feature requests waiting for your answer, claims, milestones to deliver, reviews to settle, ownership offers.</p>`,
    };
  }
  if (context.indexer === undefined) return withoutIndexer(context, undefined, account);
  let dashboard;
  try {
    dashboard = await context.indexer.maintainer(account);
  } catch (error) {
    return withoutIndexer(context, error, account);
  }
  const [amountIn, waiting] = await Promise.all([
    tokenWriters(context, dashboard.claimsAvailable.map((claim) => claim.campaign.token)),
    waitingRequests(
      context,
      dashboard.projects.map((project) => BigInt(project.id)),
    ),
  ]);

  const projects = dashboard.projects
    .map(
      (project) => `<li data-testid="maintained-${project.id}"><a href="#/project/${project.id}">${projectName(project)}</a>
        <span class="muted">${project.owner.toLowerCase() === account.toLowerCase() ? "owner" : "maintainer"} · ${project.campaignCount} campaign${project.campaignCount === 1 ? "" : "s"}${project.fundingCount > 0 ? `, ${project.fundingCount} funding` : ""}</span></li>`,
    )
    .join("");
  const claims = dashboard.claimsAvailable
    .map(
      ({ campaign, claimable, claimBy }) => `<li class="card" data-testid="claimable-${campaign.id}">${campaignLink(campaign)}
        <div class="action"><span>${esc(amountIn(campaign.token)(big(claimable)))} to claim to the project's payout address${campaign.feeBps === 0 ? "" : " (the protocol fee comes out of it)"}${claimBy === null ? "" : `, by <span class="nowrap">${date(big(claimBy))}</span>: after that every backer takes their pledge back`}.</span>
        <button data-testid="claim-${campaign.id}" data-act="claim" data-campaign="${campaign.id}">Claim</button></div></li>`,
    )
    .join("");
  const due = dashboard.milestonesDue
    .map(
      ({ campaign, index, due: dueAt, overdue }) => `<li class="card" data-testid="due-${campaign.id}">${campaignLink(campaign)}
        <div>Milestone ${index + 1} is due <span class="nowrap">${date(big(dueAt))}</span>${overdue ? ` <span class="warning">overdue: anyone may now settle it as rejected, and backers take back what was not released</span>` : ""}.
        <a href="#/campaign/${campaign.id}" data-testid="submit-link-${campaign.id}">Submit the delivery on the campaign's page</a>.</div></li>`,
    )
    .join("");
  const settle = dashboard.reviewsToSettle
    .map(
      ({ campaign, index, reviewEnd }) => `<li class="card" data-testid="settle-row-${campaign.id}">${campaignLink(campaign)}
        <div class="action"><span>The review of milestone ${index + 1} ended <span class="nowrap">${date(big(reviewEnd))}</span> without enough objections: settle it to release its share.</span>
        <button data-testid="settle-${campaign.id}" data-act="settle" data-campaign="${campaign.id}">Settle</button></div></li>`,
    )
    .join("");
  const offers = dashboard.ownershipOffers
    .map(
      (project) => `<li class="card" data-testid="offer-${project.id}"><a href="#/project/${project.id}">${projectName(project)}</a>
        <div class="action"><span>Its owner ${esc(short(project.owner))} offers you the ownership of this project${project.repository === "" ? "" : ` (${link(project.repository)})`}.</span>
        <button data-testid="accept-${project.id}" data-act="accept" data-project="${project.id}">Accept</button></div></li>`,
    )
    .join("");
  const html = `<h1>Maintainer</h1>${lagNote(context, dashboard.indexed)}
    <h2>Your projects</h2>
    ${projects === "" ? `<p class="empty" data-testid="maintained-empty">You own or maintain no project on this chain. Register one on <a href="#/">the projects page</a>, or ask a project's owner to add you as a maintainer.</p>` : `<ul data-testid="maintained">${projects}</ul>`}
    ${SHARES_NOTE}
    ${waiting}
    <h2>Claims available</h2>
    ${claims === "" ? `<p class="empty" data-testid="claims-empty">Nothing to claim now. A campaign's funds can be claimed once it succeeds, and a milestone campaign's next share once its milestone is accepted.</p>` : `<ul class="list">${claims}</ul>`}
    <h2>Milestones due</h2>
    ${due === "" ? `<p class="empty" data-testid="due-empty">No milestone waits for a delivery. Once a milestone campaign succeeds, its next milestone shows here with its due date.</p>` : `<ul class="list">${due}</ul>`}
    <h2>Reviews to settle</h2>
    ${settle === "" ? `<p class="empty" data-testid="settle-empty">No review has ended unsettled. When a milestone's review window closes, settle it here to release its share.</p>` : `<ul class="list">${settle}</ul>`}
    <h2>Ownership offers</h2>
    ${offers === "" ? `<p class="empty" data-testid="offers-empty">No ownership offer waits for you. A project's owner offers it from their side; you accept here.</p>` : `<ul class="list">${offers}</ul>`}`;
  return {
    html,
    bind(root) {
      for (const button of root.querySelectorAll<HTMLButtonElement>("button[data-act]")) {
        button.addEventListener("click", () => {
          const act = button.dataset.act;
          if (act === "accept") {
            const id = BigInt(button.dataset.project ?? "0");
            void context.act(`Accept ownership of project ${id}`, (writer) => writer.acceptProjectOwnership(id));
            return;
          }
          const id = BigInt(button.dataset.campaign ?? "0");
          const claim = dashboard.claimsAvailable.find((item) => item.campaign.id === id.toString());
          const format = claim === undefined ? undefined : amountIn(claim.campaign.token);
          if (act === "claim") void context.act(`Claim campaign ${id}`, (writer) => writer.claim(id), format);
          else void context.act(`Settle campaign ${id}'s milestone`, (writer) => writer.settleMilestone(id));
        });
      }
    },
  };
}

/** Without an indexer: one line saying so, and the account's projects read from the chain. */
async function withoutIndexer(context: PageContext, error: unknown, account: string): Promise<Page> {
  const projects = await context.reader.listProjects();
  const own = [];
  for (const project of projects) {
    if (project.owner.toLowerCase() === account.toLowerCase() || (await context.reader.isMaintainer(project.id, account))) own.push(project);
  }
  const waiting = await waitingRequests(
    context,
    own.map((project) => project.id),
  );
  return {
    html: `<h1>Maintainer</h1>${fallbackNote(context, error, "this page needs it; your projects and their waiting requests are read from the chain, and each one's page shows what to claim, deliver or settle")}
      ${own.length === 0 ? `<p class="empty" data-testid="maintained-empty">You own or maintain no project on this chain. Register one on <a href="#/">the projects page</a>.</p>` : `<ul data-testid="maintained">${own.map((project) => `<li data-testid="maintained-${project.id}"><a href="#/project/${project.id}">Project ${project.id}</a> ${project.repository === "" ? "" : link(project.repository)}</li>`).join("")}</ul>`}
      ${SHARES_NOTE}
      ${waiting}`,
  };
}
