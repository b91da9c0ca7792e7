import {
  campaignTimeline,
  formatBps,
  formatDuration,
  parseAmount,
  type CampaignBonus,
  type CampaignDetails,
  type CampaignTimeline,
  type MilestoneProgress,
} from "../../../client/index.js";
import { bonusSection, bonusTerms, quotePlaceholder, quoteText, type AccountPaid } from "../bonus.js";
import type { Page, PageContext } from "../context.js";
import { documentBody, specDocument, titleOf } from "../documents.js";
import { amountOf, chainName, date, esc, explain, link, percent, short, specLink, timeLeft } from "../ui.js";
import { campaignLists } from "./campaign-lists.js";
import { pledgeForm, withdrawForm } from "./pledge-form.js";
import { REQUEST_STATES, requestOrigin, requestPage } from "./request.js";
import { claimedShares, splitSection } from "./split.js";
import { verificationSection } from "../verification.js";

/**
 * One campaign: goal, progress, state, how it ends (deadline and its extensions, last call, weight cutoff, claim
 * window), milestones, the connected backer's pledge and objection weight, and the actions.
 */
export async function campaignPage(context: PageContext, campaignId: bigint): Promise<Page> {
  const { reader, account } = context;
  const campaign = await reader.getCampaign(campaignId);
  // A request not accepted (open, declined, expired) has no campaign terms yet: its own page shows it.
  if (REQUEST_STATES.has(campaign.state)) return requestPage(context, campaignId);
  const progress = campaign.hasMilestones ? await reader.getMilestoneProgress(campaignId) : undefined;
  const yourPledge = account === undefined ? 0n : await reader.pledgeOf(campaignId, account);
  const yourWeight = account === undefined || !campaign.hasMilestones ? undefined : await reader.objectionWeightOf(campaignId, account);
  const maintainer = account === undefined ? false : await reader.isMaintainer(campaign.projectId, account);
  const objecting = account !== undefined && progress !== undefined && (await reader.isObjecting(campaignId, account));
  const bonus = await reader.getBonus(campaignId, account === undefined ? {} : { account });
  const firstDepositMin = bonus.pot === 0n && campaign.state === "Funding" && account !== undefined ? await firstBonusMin(context, campaign) : undefined;
  // Refunds and reclaims happen only once funding is over: no log read while it funds.
  const paid = account === undefined || bonus.outcome === "none" || campaign.state === "Funding" ? undefined : await accountPaid(context, campaignId, account);
  const amount = amountOf(campaign.token);
  const share = percent(campaign.pledged, campaign.goal);
  const timeline = campaignTimeline(campaign, context.now);
  // Beside the pledge form, while it funds: whether the project's repository is checked by someone the backer trusts.
  const verification =
    campaign.state === "Funding"
      ? reader.getProject(campaign.projectId).then((project) =>
          verificationSection(context, campaign.projectId, project.repository, { attesters: context.trusted, forges: context.forges, where: "pledge" }),
        )
      : Promise.resolve(undefined);
  const [document, delivery, backers, lists, split, repository] = await Promise.all([
    specDocument(campaign.spec),
    progress !== undefined && progress.reviewEnd !== 0n ? deliveryUnderReview(context, campaignId) : Promise.resolve(undefined),
    progress !== undefined ? weightConcentration(context, campaign, progress) : Promise.resolve(undefined),
    campaignLists(context, campaign, amount),
    splitSection(context, campaign, progress, { account }, amount),
    verification,
  ]);

  const walletChain = context.wallet.connection?.chainId;
  const connectFirst =
    walletChain === undefined || walletChain === context.deployment.chainId
      ? "connect a wallet"
      : `switch your wallet to ${chainName(context.deployment.chainId)}`;
  const html = `<p><a href="#/project/${campaign.projectId}">← Project ${campaign.projectId}</a></p>
    <h1><span data-testid="campaign-title">${esc(titleOf(document, `Campaign ${campaign.id}`))}</span> <span class="state state-${campaign.state}" data-testid="state">${campaign.state}</span></h1>
    ${requestOrigin(campaign)}
    ${specSection(document)}
    <p class="muted break" data-testid="spec">Funds ${specLink(campaign.spec)}</p>
    <div class="progress" data-testid="progress"><div class="bar" data-testid="bar" style="width:${Math.min(share, 100)}%"></div></div>
    <p data-testid="progress-text">${esc(amount(campaign.pledged))} pledged of ${esc(amount(campaign.goal))} (${share}%)</p>
    <section class="promises" data-testid="promises"><h2>What is promised to you</h2>
      ${promises(campaign, progress, timeline, amount, yourPledge, account !== undefined, bonus)}
    </section>
    <p data-testid="all-or-nothing"><strong>All or nothing:</strong> if the total is below ${esc(amount(campaign.goal))} at the deadline, every backer takes back their whole pledge.
      <span data-testid="shill">The project's own addresses can pledge too, and nothing on chain tells their pledges apart, but a pledge that reaches the goal in the last call moves the deadline, so you always see the goal reached with at least ${esc(formatDuration(campaign.lastCall))} left to take your pledge back.</span></p>
    <dl class="fields">
      <dt>Deadline</dt><dd data-testid="deadline">${esc(deadlineText(campaign, timeline, context.now))}</dd>
      <dt>Last call</dt><dd data-testid="last-call">${esc(lastCallText(campaign, timeline, amount))}</dd>
      ${campaign.hasMilestones ? `<dt>Objection weight</dt><dd data-testid="weight-cutoff">Pledges after ${esc(date(campaign.weightCutoff))} carry no objection weight: they count toward the goal, but give no say in the review of milestones.</dd>` : ""}
      ${claimWindowRow(campaign)}
      <dt>Token</dt><dd>${campaign.token.native ? "ETH" : `${esc(campaign.token.symbol)} ${esc(campaign.token.address)}`}</dd>
      <dt>Protocol fee</dt><dd data-testid="fee">${formatBps(campaign.feeBps)} of what is claimed</dd>
      <dt>Your pledge</dt><dd data-testid="your-pledge">${account === undefined ? esc(connectFirst) : esc(amount(yourPledge))}</dd>
      ${yourWeight === undefined ? "" : `<dt>Your objection weight</dt><dd data-testid="your-weight">${esc(weightText(yourWeight, yourPledge, campaign, amount))}</dd>`}
    </dl>
    ${split.html}
    ${bonusSection(campaign, bonus, { account, pledge: yourPledge, maintainer, firstDepositMin, paid }, amount)}
    ${progress === undefined ? "" : milestonesSection(progress, campaign, context.now, amount, delivery, yourWeight)}
    ${backers === undefined ? "" : backers}
    ${repository?.html ?? ""}
    <section class="actions">${actions(campaign, progress, timeline, amount, { connected: account !== undefined, connectFirst, yourPledge, maintainer, objecting }, bonus)}</section>
    ${bonusTerms(campaign, bonus)}
    ${lists}`;

  return {
    html,
    bind(root) {
      const value = (id: string) => (root.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)?.value ?? "").trim();
      const on = (id: string, handler: () => Promise<void>) =>
        root.querySelector(`[data-testid="${id}"]`)?.addEventListener("click", () => void handler());
      const act = (label: string, action: Parameters<PageContext["act"]>[1]) => context.act(label, action, amount);
      on("pledge-button", () => act("Pledge", (writer) => writer.pledge(campaignId, value("pledge-amount"))));
      on("withdraw-button", () => act("Withdraw", (writer) => writer.withdrawPledge(campaignId, value("withdraw-amount"))));
      on("refund-button", () =>
        context.act("Refund", (writer) => writer.refund(campaignId), amount, (result) =>
          `You got ${amount(result.amount)} back${result.bonus > 0n ? ` plus ${amount(result.bonus)} of the refund bonus` : ""}.`,
        ),
      );
      on("deposit-button", () =>
        context.act("Deposit a refund bonus", (writer) => writer.depositBonus(campaignId, value("deposit-amount")), amount, (result) =>
          `You deposited ${amount(result.amount)}${result.allowance === "approved" ? " (after approving the escrow to take it)" : ""}; the bonus is now ${amount(result.pot)}.`,
        ),
      );
      on("reclaim-button", () =>
        context.act("Reclaim your bonus deposit", (writer) => writer.reclaimBonus(campaignId), amount, (result) => `You reclaimed ${amount(result.amount)}.`),
      );
      if (account !== undefined && bonus.outcome === "pending" && campaign.state === "Funding") bindQuote(root, context, campaign, yourPledge, account, amount);
      split.bind(root);
      repository?.bind(root);
      on("claim-button", () =>
        context.act("Claim", (writer) => writer.claim(campaignId), amount, (result) =>
          `${amount(result.amount)} went to the payout address ${short(result.payout)}${result.fee > 0n ? `, ${amount(result.fee)} to the protocol fee` : ""}${claimedShares(result.shares, amount)}.`,
        ),
      );
      on("cancel-button", () => act("Cancel", (writer) => writer.cancelCampaign(campaignId)));
      on("submit-button", () => act("Submit milestone", (writer) => writer.submitMilestone(campaignId, value("submit-uri"))));
      on("object-button", () => act("Object", (writer) => writer.objectMilestone(campaignId)));
      on("withdraw-objection-button", () => act("Withdraw objection", (writer) => writer.withdrawObjection(campaignId)));
    },
  };
}

/** The least a campaign's first bonus deposit may be: the escrow's `MIN_FIRST_BONUS_BPS` of the goal, at least one unit. */
async function firstBonusMin(context: PageContext, campaign: CampaignDetails): Promise<bigint> {
  const min = (campaign.goal * (await context.reader.limits()).minFirstBonusBps) / 10_000n;
  return min === 0n ? 1n : min;
}

/**
 * What the account was refunded and reclaimed on this campaign, from the campaign's own events on the chain (its
 * `Refunded`, `RefundedWithBonus`, `BonusDeposited` and `BonusReclaimed`), dated by their blocks. Undefined when the
 * logs cannot be read: the page then says nothing about them rather than something wrong.
 */
async function accountPaid(context: PageContext, campaignId: bigint, account: string): Promise<AccountPaid | undefined> {
  let events;
  try {
    events = await context.reader.escrowEvents(["Refunded", "RefundedWithBonus", "BonusDeposited", "BonusReclaimed"], {}, campaignId);
  } catch {
    return undefined;
  }
  const me = account.toLowerCase();
  const mine = events.filter((event) => String(event.args.backer ?? event.args.depositor ?? "").toLowerCase() === me);
  const big = (value: unknown) => (typeof value === "bigint" ? value : 0n);
  const paid: AccountPaid = { refunded: 0n, bonusReceived: 0n, refundedAt: undefined, deposited: 0n, reclaimed: 0n, hasReclaimed: false, reclaimedAt: undefined };
  let refundBlock: number | undefined;
  let reclaimBlock: number | undefined;
  for (const event of mine) {
    if (event.name === "Refunded" || event.name === "RefundedWithBonus") {
      paid.refunded += big(event.args.amount);
      paid.bonusReceived += big(event.args.bonus);
      refundBlock = event.blockNumber;
    } else if (event.name === "BonusDeposited") {
      paid.deposited += big(event.args.amount);
    } else if (event.name === "BonusReclaimed") {
      paid.reclaimed += big(event.args.amount);
      paid.hasReclaimed = true;
      reclaimBlock = event.blockNumber;
    }
  }
  const timeOf = async (block: number | undefined) => {
    if (block === undefined) return undefined;
    const found = await context.reader.provider.getBlock(block).catch(() => null);
    return found === null ? undefined : BigInt(found.timestamp);
  };
  [paid.refundedAt, paid.reclaimedAt] = await Promise.all([timeOf(refundBlock), timeOf(reclaimBlock)]);
  return paid;
}

/**
 * As the backer types an amount, the chain's quote for it: "If this campaign fails you get your 1 ETH back plus about
 * 0.0499 ETH". Asked a quarter of a second after the last key, and only the answer for the latest text is shown;
 * `data-for` on the line holds the text it answers (the tests wait on it).
 */
function bindQuote(root: HTMLElement, context: PageContext, campaign: CampaignDetails, pledge: bigint, account: string, amount: (value: bigint) => string): void {
  const input = root.querySelector<HTMLInputElement>('[data-testid="pledge-amount"]');
  const line = root.querySelector<HTMLElement>('[data-testid="pledge-quote"]');
  if (input === null || line === null) return;
  let latest = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const show = (text: string, typed: string, muted: boolean) => {
    line.textContent = text;
    line.classList.toggle("muted", muted);
    line.dataset.for = typed;
  };
  input.addEventListener("input", () => {
    const ticket = ++latest;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const typed = input.value.trim();
      if (typed === "") {
        show("Type an amount to see what a failure would pay you back.", typed, true);
        return;
      }
      let value: bigint;
      try {
        value = parseAmount(typed, campaign.token.decimals);
      } catch (error) {
        show(`${error instanceof Error ? error.message : String(error)}.`, typed, true);
        return;
      }
      context.reader
        .getBonus(campaign.id, { account, amount: value })
        .then((bonus) => {
          if (ticket === latest) show(quoteText(campaign, bonus, pledge, value, amount), typed, false);
        })
        .catch((error: unknown) => {
          if (ticket === latest) show(`No figure for this amount: ${explain(error, amount).text}`, typed, true);
        });
    }, 250);
  });
}

/** "Thu 3 Dec 2026, 14:05:07 UTC · 2 d 4 h left · extended from …". */
function deadlineText(campaign: CampaignDetails, timeline: CampaignTimeline, now: bigint): string {
  const parts = [date(campaign.deadline), timeLeft(campaign.deadline, now)];
  if (timeline.extendedBy > 0n) {
    parts.push(`extended from ${date(campaign.plannedDeadline)}, because the total reached or fell below the goal in the last call`);
  }
  return parts.join(" · ");
}

/** When the last call runs, and what it means for this campaign now. */
function lastCallText(campaign: CampaignDetails, timeline: CampaignTimeline, amount: (value: bigint) => string): string {
  const length = formatDuration(campaign.lastCall);
  if (campaign.state !== "Funding") return `The last ${length} before the deadline, from ${date(timeline.lastCallStart)}.`;
  const rule = `From ${date(timeline.lastCallStart)}, once the goal has stood for more than ${length}, the total can no longer fall below the goal.`;
  const now: string[] = [];
  if (timeline.goalReachedAt !== null) {
    now.push(`The goal was reached ${date(timeline.goalReachedAt)}.`);
    if (timeline.goalLocked) now.push(`It has stood long enough: withdrawals can only take out what stands above ${amount(campaign.goal)}.`);
    else {
      const freeUntil = timeline.goalLockedFrom === null ? campaign.deadline : timeline.goalLockedFrom - 1n;
      now.push(`Until ${date(freeUntil)} every backer can still take their whole pledge back.`);
    }
  } else {
    now.push(`A pledge that reaches the goal in the last call moves the deadline to one last call after it, never past ${date(campaign.latestDeadline)}.`);
    if (campaign.deadline > timeline.lastGoalCrossing) {
      now.push(`From ${date(timeline.lastGoalCrossing + 1n)} the goal can no longer be reached, so that every backer keeps a whole last call.`);
    }
  }
  return [rule, ...now].join(" ");
}

/** The claim window of a campaign without milestones, in the words that fit its state. */
function claimWindowRow(campaign: CampaignDetails): string {
  if (campaign.hasMilestones) return "";
  const claimBy = campaign.deadline + campaign.claimWindow;
  let text: string;
  if (campaign.state === "Funding") {
    text = `If it succeeds, the maintainers must claim within ${formatDuration(campaign.claimWindow)} of the deadline; after that every backer can take their pledge back.`;
  } else if (campaign.state === "Succeeded") {
    text = `The maintainers must claim by ${date(claimBy)}; after that every backer can take their pledge back.`;
  } else if (campaign.state === "Lapsed") {
    text = `Nobody claimed it by ${date(claimBy)}: it lapsed, and every backer can take their whole pledge back.`;
  } else {
    return "";
  }
  return `<dt>Claim window</dt><dd data-testid="claim-window">${esc(text)}</dd>`;
}

/** The connected backer's objection weight, and why it is less than their pledge when it is. */
function weightText(weight: bigint, pledge: bigint, campaign: CampaignDetails, amount: (value: bigint) => string): string {
  if (weight === pledge) return amount(weight);
  return `${amount(weight)}: the other ${amount(pledge - weight)} of your pledge came after ${date(campaign.weightCutoff)} and carries none.`;
}

function milestonesSection(
  progress: MilestoneProgress,
  campaign: CampaignDetails,
  now: bigint,
  amount: (value: bigint) => string,
  delivery: string | undefined,
  yourWeight: bigint | undefined,
): string {
  const rows = progress.milestones
    .map((milestone, index) => {
      const i = BigInt(index);
      let status = "upcoming";
      if (i < progress.current) status = "accepted";
      else if (i === progress.current && campaign.state === "Rejected") status = "rejected";
      else if (campaign.state === "Rejected") status = "not reached (campaign rejected)";
      else if (i === progress.current && progress.reviewEnd !== 0n) {
        status = now <= progress.reviewEnd ? `in review until ${date(progress.reviewEnd)}` : "review closed";
      } else if (i === progress.current) status = now > milestone.due ? "overdue" : "awaiting delivery";
      return `<tr data-testid="milestone-${index}" class="${status === "rejected" ? "rejected" : ""}"><td>${index + 1}</td><td>${formatBps(milestone.shareBps)}</td><td>${date(milestone.due)}</td><td>${esc(status)}</td></tr>`;
    })
    .join("");
  const inReview = progress.reviewEnd !== 0n && campaign.state === "Succeeded";
  const objections = !inReview
    ? ""
    : `<p data-testid="objections">Objections: ${esc(amount(progress.objectionWeight))} — the milestone is rejected above ${esc(amount(progress.thresholdWeight))} (${formatBps(progress.objectionThresholdBps)} of the pledges that carry objection weight).</p>
      <p data-testid="review">Under review: milestone ${progress.current + 1n}, delivered at ${delivery === undefined ? "(the delivery link could not be read)" : link(delivery)}.
        ${yourWeight === undefined ? "" : `Your objection weight: ${esc(amount(yourWeight))}.`}
        ${
          progress.objectionWeight > progress.thresholdWeight
            ? `<strong data-testid="objections-above">Objections are above the threshold now:</strong> unless enough are withdrawn by <span class="nowrap">${esc(date(progress.reviewEnd))}</span>, the campaign is rejected`
            : `If objections pass the threshold by <span class="nowrap">${esc(date(progress.reviewEnd))}</span>, the campaign is rejected`
        }: no more is released, and every backer takes back their share of what was not released.</p>`;
  return `<h2>Milestones</h2>
    <p>Plan: ${formatBps(initialShare(progress))} is released when the campaign succeeds, then each milestone below when it is accepted.</p>
    <p>${formatBps(progress.releasedBps)} released (${esc(amount(progress.released))}), ${esc(amount(progress.claimed))} claimed, ${esc(amount(progress.refunded))} refunded. Review window ${formatDuration(progress.reviewWindow)}.</p>
    <div class="milestones-wrap"><table class="milestones"><thead><tr><th>#</th><th>Share</th><th>Due</th><th>Status</th></tr></thead><tbody>${rows}</tbody></table></div>
    ${objections}`;
}

interface Viewer {
  connected: boolean;
  /** What to do before acting: "connect a wallet" or "switch your wallet to <chain>". */
  connectFirst: string;
  yourPledge: bigint;
  maintainer: boolean;
  objecting: boolean;
}

function actions(
  campaign: CampaignDetails,
  progress: MilestoneProgress | undefined,
  timeline: CampaignTimeline,
  amount: (value: bigint) => string,
  viewer: Viewer,
  bonus: CampaignBonus,
): string {
  if (!viewer.connected) {
    const first = viewer.connectFirst.charAt(0).toUpperCase() + viewer.connectFirst.slice(1);
    return `<p data-testid="connect-first">${esc(first)} to pledge or manage this campaign.</p>`;
  }
  const parts: string[] = [];
  const state = campaign.state;
  if (state === "Funding") {
    parts.push(pledgeForm(campaign.token.symbol, quotePlaceholder(bonus)));
    if (viewer.yourPledge > 0n) {
      const above = campaign.pledged - campaign.goal;
      const most = above < viewer.yourPledge ? above : viewer.yourPledge;
      const limit = timeline.goalLocked ? ` <span class="muted" data-testid="withdraw-limit">at most ${esc(amount(most))} now (the goal is locked)</span>` : "";
      const restart =
        bonus.outcome === "pending"
          ? ` <span class="muted" data-testid="withdraw-bonus-note">A withdrawal restarts the bonus credit of what you leave in: it counts from then.</span>`
          : "";
      parts.push(withdrawForm(`${limit}${restart}`));
    }
    if (viewer.maintainer) {
      const note =
        bonus.outcome === "pending"
          ? ` <span class="muted" data-testid="cancel-bonus-note">With a refund bonus, cancelling pays every backer their pledge plus what it earned of the bonus until now; the depositors take back the rest.</span>`
          : "";
      parts.push(`<button data-testid="cancel-button" class="secondary">Cancel campaign</button>${note}`);
    }
  }
  if ((state === "Failed" || state === "Cancelled" || state === "Rejected" || state === "Lapsed") && viewer.yourPledge > 0n) {
    const share = bonus.outcome === "to-backers" ? bonus.account.share : 0n;
    parts.push(
      share === 0n
        ? `<button data-testid="refund-button">Refund my pledge</button>`
        : `<button data-testid="refund-button">Refund ${esc(amount(viewer.yourPledge + share))}</button> <span data-testid="refund-parts">your ${esc(amount(viewer.yourPledge))} pledge plus ${esc(amount(share))} of the refund bonus</span>`,
    );
  }
  if (viewer.maintainer && (state === "Succeeded" || state === "Rejected")) {
    parts.push(`<button data-testid="claim-button">Claim to the payout address</button>`);
  }
  if (progress !== undefined && state === "Succeeded") {
    const inReview = progress.reviewEnd !== 0n;
    if (viewer.maintainer && !inReview && progress.current < progress.count) {
      parts.push(`<label>Delivery URI <input data-testid="submit-uri" placeholder="https://…/releases/v1"></label><button data-testid="submit-button">Submit milestone ${progress.current + 1n}</button>`);
    }
    if (inReview && viewer.yourPledge > 0n) {
      parts.push(
        viewer.objecting
          ? `<button data-testid="withdraw-objection-button" class="secondary">Withdraw my objection</button>`
          : `<button data-testid="object-button" class="secondary">Object to this milestone</button>`,
      );
    }
  }
  return parts.length === 0 ? `<p class="muted">Nothing to do here for this account.</p>` : parts.map((part) => `<div class="action">${part}</div>`).join("");
}

/** The share released at success: what the milestones' shares leave of the whole. */
function initialShare(progress: MilestoneProgress): bigint {
  return 10_000n - progress.milestones.reduce((sum, milestone) => sum + milestone.shareBps, 0n);
}

/** The delivery link of the milestone under review, from its `MilestoneSubmitted` event. */
async function deliveryUnderReview(context: PageContext, campaignId: bigint): Promise<string | undefined> {
  try {
    const events = await context.reader.escrowEvents(["MilestoneSubmitted"], {}, campaignId);
    const uri = events.at(-1)?.args.deliveryURI;
    return typeof uri === "string" ? uri : undefined;
  } catch {
    return undefined;
  }
}

/** The spec document: rendered when it is valid (and matches its pin), else a loud warning or "unavailable". */
function specSection(document: Awaited<ReturnType<typeof specDocument>>): string {
  if (document === undefined) return "";
  if (document.status === "rewritten") {
    return `<div class="alert" data-testid="spec-rewritten" role="alert"><strong>Warning: this campaign's spec document was rewritten.</strong>
      The document now at ${link(document.url)} is not the one its maintainers pinned by content hash when they opened the campaign, so it is not shown.
      What you would be funding is the pinned document: ask the maintainers for it before you pledge.</div>`;
  }
  if (document.status === "unavailable") {
    return `<p class="warning" data-testid="spec-document-unavailable">Spec document unavailable: ${esc(document.reason)}. Shown: what the chain knows.</p>`;
  }
  const note =
    document.check === "matches"
      ? `<p class="ok" data-testid="spec-verified">This document is the one pinned by its content hash when the campaign opened.</p>`
      : `<p class="warning" data-testid="spec-can-change">This document is not pinned: whoever controls the page can change what it says after you pledge.</p>`;
  return `<section class="document">${documentBody(document.document, "spec")}${note}</section>`;
}

/** For a milestone campaign: how much of the objection weight the largest pledges and the maintainers' addresses hold. */
async function weightConcentration(context: PageContext, campaign: CampaignDetails, progress: MilestoneProgress): Promise<string | undefined> {
  const { reader } = context;
  let standings;
  try {
    standings = (await reader.campaignBackers(campaign.id)).filter((standing) => standing.pledged > 0n);
  } catch {
    return undefined;
  }
  if (standings.length === 0) return undefined;
  const addresses = standings.map((standing) => standing.backer);
  const [weights, maintainers] = await Promise.all([
    reader.objectionWeights(campaign.id, addresses),
    Promise.all(addresses.map((address) => reader.isMaintainer(campaign.projectId, address))),
  ]);
  const weightOf = (address: string) => weights.get(address) ?? weights.get(address.toLowerCase()) ?? 0n;
  const all = addresses.map(weightOf);
  const total = all.reduce((sum, weight) => sum + weight, 0n);
  if (total === 0n) return undefined;
  const sorted = [...all].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
  const top = sorted.slice(0, 3).reduce((sum, weight) => sum + weight, 0n);
  const largest = sorted[0] ?? 0n;
  const own = all.reduce((sum, weight, index) => (maintainers[index] === true ? sum + weight : sum), 0n);
  const pct = (part: bigint) => formatBps((part * 10_000n) / total);
  const topCount = Math.min(3, sorted.length);
  return `<section class="checks" data-testid="backer-checks"><h2>What to check before backing</h2><ul>
    <li data-testid="check-largest">The largest pledge holds ${pct(largest)} of the objection weight; the ${topCount} largest hold ${pct(top)} (${standings.length} backer${standings.length === 1 ? "" : "s"} in all).</li>
    <li data-testid="check-maintainers">The project's maintainers' own addresses hold ${pct(own)} of the objection weight${own === 0n ? "" : ": their objections count like anyone's, and they have no reason to object to their own work"}.</li>
    <li data-testid="check-threshold">A milestone is rejected when objections pass ${formatBps(progress.objectionThresholdBps)} of the weight (${esc(amountOf(campaign.token)(progress.thresholdWeight === 0n ? (total * progress.objectionThresholdBps) / 10_000n : progress.thresholdWeight))}).${(own * 10_000n) / total > 10_000n - progress.objectionThresholdBps ? " The maintainers alone hold enough weight that objections from everyone else can never pass it." : ""}</li>
  </ul></section>`;
}

/** What the campaign promises the connected backer, in plain words, local dates and the token's units. */
function promises(
  campaign: CampaignDetails,
  progress: MilestoneProgress | undefined,
  timeline: CampaignTimeline,
  amount: (value: bigint) => string,
  yourPledge: bigint,
  connected: boolean,
  bonus: CampaignBonus,
): string {
  const lines: string[] = [];
  const goal = amount(campaign.goal);
  const deadline = `<span class="nowrap">${esc(date(campaign.deadline))}</span>`;
  const lastCall = formatDuration(campaign.lastCall);
  const yours = connected && yourPledge > 0n ? `your ${esc(amount(yourPledge))}` : "your full pledge";
  switch (campaign.state) {
    case "Funding":
      lines.push(`<p data-testid="promise-main"><strong>All or nothing:</strong> if ${esc(goal)} is not pledged by ${deadline}, you take back ${yours} at any time.</p>`);
      lines.push(
        `<p data-testid="promise-last-call"><strong>Last call:</strong> if the goal is reached in the last ${esc(lastCall)} before the deadline, the deadline moves so that every backer still has ${esc(lastCall)} to take their pledge back after seeing it.</p>`,
      );
      if (progress !== undefined) {
        lines.push(
          `<p data-testid="promise-milestones"><strong>Milestones:</strong> if it succeeds, ${formatBps(initialShare(progress))} is released at once and the rest milestone by milestone; you can object to each delivery, and if a milestone is rejected you take back your share of what was not released.</p>`,
        );
      }
      break;
    case "Failed":
    case "Cancelled":
    case "Lapsed":
      {
        const share = bonus.outcome === "to-backers" ? bonus.account.share : 0n;
        const yoursBack = share > 0n ? `you get your ${esc(amount(yourPledge))} back in full plus ${esc(amount(share))} of the refund bonus` : `you get your ${esc(amount(yourPledge))} back in full`;
        const everyone = bonus.outcome === "to-backers" ? "every backer takes their full pledge back plus their share of the refund bonus" : "every backer takes their full pledge back";
        lines.push(`<p data-testid="promise-main">The campaign ${campaign.state === "Lapsed" ? "lapsed: nobody claimed it in time" : campaign.state === "Cancelled" ? "was cancelled" : `did not reach ${esc(goal)}`}: ${connected && yourPledge > 0n ? yoursBack : everyone}, at any time.</p>`);
      }
      break;
    case "Rejected": {
      const released = progress?.releasedBps ?? 0n;
      if (connected && yourPledge > 0n && campaign.pledged > 0n) {
        const unreleased = campaign.pledged - (campaign.pledged * released) / 10_000n;
        const back = (yourPledge * unreleased) / campaign.pledged;
        lines.push(`<p data-testid="promise-main"><strong>A milestone was rejected:</strong> you get ${esc(amount(back))} back: ${formatBps(released)} was already released.</p>`);
      } else {
        lines.push(`<p data-testid="promise-main"><strong>A milestone was rejected:</strong> every backer gets back their share of what was not released (${formatBps(10_000n - released)} of their pledge).</p>`);
      }
      break;
    }
    case "Succeeded":
      if (progress === undefined) {
        lines.push(`<p data-testid="promise-main"><strong>The goal was reached.</strong> Pledges can no longer be taken back; the maintainers must claim by <span class="nowrap">${esc(date(campaign.deadline + campaign.claimWindow))}</span>, and if they do not, ${connected && yourPledge > 0n ? `you take back your ${esc(amount(yourPledge))}` : "every backer takes their pledge back"} in full.</p>`);
      } else {
        const left = campaign.pledged - (campaign.pledged * progress.releasedBps) / 10_000n;
        lines.push(`<p data-testid="promise-main"><strong>The goal was reached.</strong> ${formatBps(progress.releasedBps)} is released; the other ${esc(amount(left))} is released milestone by milestone. You can still object to each delivery while it is in review; if a milestone is rejected${connected && yourPledge > 0n ? `, you get back ${esc(amount((yourPledge * left) / campaign.pledged))}` : ", every backer takes back their share of what was not released"}.</p>`);
      }
      break;
    case "Claimed":
      lines.push(`<p data-testid="promise-main">The maintainers claimed the funds: the campaign is settled.</p>`);
      break;
  }
  return lines.join("\n");
}
