/**
 * "My pledges": every pledge of the connected account, from the indexer, with what it can do about each now: take a
 * refund (the pledge and its refund bonus share), object to a milestone in review (or withdraw its objection), take a
 * pledge back while the campaign funds; each pledge's bonus share; then the account's refund bonus deposits.
 */
import type { AccountPledge, RefundResult } from "../../../client/index.js";
import type { Page, PageContext } from "../context.js";
import { PAGE_SIZE } from "../indexer.js";
import { big, fallbackNote, lagNote, offsetOf, pager, tokenWriters } from "../lists.js";
import { aboutOf, date, esc } from "../ui.js";
import { depositsSection } from "./deposits.js";

function campaignLink(item: AccountPledge): string {
  const { campaign } = item;
  return `<a href="#/campaign/${campaign.id}" data-testid="pledge-campaign-${campaign.id}">${esc(campaign.title ?? `Campaign ${campaign.id}`)}</a> <span class="state state-${campaign.state}">${campaign.state}</span>`;
}

export async function pledgesPage(context: PageContext): Promise<Page> {
  const account = context.account;
  if (account === undefined) {
    return {
      html: `<h1>My pledges</h1><p class="empty" data-testid="pledges-connect">Connect a wallet on this chain (the buttons above) to see what you pledged, what you can take back and what you can object to.</p>`,
    };
  }
  if (context.indexer === undefined) return withoutIndexer(context, undefined);
  const offset = offsetOf(context.query);
  let answer;
  try {
    answer = await context.indexer.accountPledges(account, { limit: PAGE_SIZE, offset });
  } catch (error) {
    return withoutIndexer(context, error);
  }
  const items = answer.items;
  const deposits = await depositsSection(context, account);
  const amountIn = await tokenWriters(context, items.map((item) => item.campaign.token));
  const amount = (item: AccountPledge, value: string) => esc(amountIn(item.campaign.token)(big(value)));
  const aboutIn = await tokenWriters(context, items.map((item) => item.campaign.token), aboutOf);
  /** "about 0.0499 ETH": a minimum, rounded down. */
  const about = (item: AccountPledge, value: string) => esc(aboutIn(item.campaign.token)(big(value)));

  const refundable = items.filter((item) => big(item.refundableNow) > 0n);
  const review = items.filter((item) => item.canObject || item.canWithdrawObjection);
  const funding = items.filter((item) => item.canWithdraw);

  const refundRows = refundable
    .map(
      (item) => `<li class="card" data-testid="refundable-${item.campaign.id}">${campaignLink(item)}
        <div class="action"><span>${amount(item, item.refundableNow)}${big(item.refundableBonusNow) > 0n ? ` plus ${amount(item, item.refundableBonusNow)} of the refund bonus` : ""} to take back${item.campaign.state === "Rejected" ? " (your share of what was not released)" : ""}</span>
        <button data-testid="refund-${item.campaign.id}" data-campaign="${item.campaign.id}" data-act="refund">Refund</button></div></li>`,
    )
    .join("");
  const reviewRows = review
    .map((item) => {
      const milestones = item.campaign.milestones;
      const until = milestones === null || milestones.reviewEnd === "0" ? "" : ` until <span class="nowrap">${date(big(milestones.reviewEnd))}</span>`;
      const which = milestones === null ? "A milestone" : `Milestone ${milestones.current + 1}`;
      const button = item.canObject
        ? `<button class="secondary" data-testid="object-${item.campaign.id}" data-campaign="${item.campaign.id}" data-act="object">Object</button>`
        : `<button class="secondary" data-testid="withdraw-objection-${item.campaign.id}" data-campaign="${item.campaign.id}" data-act="withdraw-objection">Withdraw objection</button>`;
      const standing = item.canObject
        ? `You can object with ${amount(item, item.pledge.weight)} of weight.`
        : `You object with ${amount(item, item.pledge.weight)} of weight.`;
      return `<li class="card" data-testid="review-${item.campaign.id}">${campaignLink(item)}
        <div>${which} is in review${until}: <a href="#/campaign/${item.campaign.id}">read the delivery on the campaign's page</a>. ${standing}</div>
        <div class="action">${button}</div></li>`;
    })
    .join("");
  const fundingRows = funding
    .map(
      (item) => `<li class="card" data-testid="withdrawable-${item.campaign.id}">${campaignLink(item)}
        <div>Your pledge: ${amount(item, item.pledge.pledged)}.${big(item.bonusQuote) > 0n ? ` <span data-testid="funding-bonus-${item.campaign.id}">If this campaign fails you get it back plus about ${about(item, item.bonusQuote)} of its refund bonus.</span>` : ""} While it funds you can take it back (all of it until the goal has stood through the last call), on <a href="#/campaign/${item.campaign.id}" data-testid="withdraw-link-${item.campaign.id}">the campaign's page</a>; deadline <span class="nowrap">${date(big(item.campaign.deadline))}</span>.</div></li>`,
    )
    .join("");
  const allRows = items
    .map(
      (item) => `<tr data-testid="pledge-${item.campaign.id}">
        <td>${campaignLink(item)}</td>
        <td data-label="Pledge now">${amount(item, item.pledge.pledged)}</td>
        <td data-label="Put in">${amount(item, item.pledge.contributed)}</td>
        <td data-label="Taken back">${big(item.pledge.withdrawn) + big(item.pledge.refunded) === 0n ? "-" : esc(amountIn(item.campaign.token)(big(item.pledge.withdrawn) + big(item.pledge.refunded)))}</td>
        <td data-label="Refund bonus" data-testid="pledge-bonus-${item.campaign.id}">${bonusCell(item, amount, about)}</td></tr>`,
    )
    .join("");
  const onPage = answer.total > PAGE_SIZE ? " on this page" : "";
  const html =
    answer.total === 0
      ? `<h1>My pledges</h1>${lagNote(context, answer.indexed)}<div class="empty" data-testid="pledges-empty"><p><strong>You have not pledged to any campaign on this chain yet.</strong></p>
        <p>Find a piece of work you want done on <a href="#/">the projects page</a>, open a campaign that is funding, and pledge: if the goal is not reached by the deadline, you take everything back.</p></div>
      ${deposits.html}`
      : `<h1>My pledges</h1>${lagNote(context, answer.indexed)}
      <p data-testid="pledges-summary">${answer.total.toLocaleString("en")} campaign${answer.total === 1 ? "" : "s"} you pledged to${refundable.length === 0 ? "" : `; ${refundable.length} to take a refund from${onPage}`}${review.length === 0 ? "" : `; ${review.length} with a milestone in review${onPage}`}.</p>
      <h2>Refundable now</h2>
      ${refundRows === "" ? `<p class="empty" data-testid="refundable-empty">Nothing to refund now${onPage}: a pledge comes back when its campaign fails, is cancelled, lapses unclaimed or has a milestone rejected.</p>` : `<ul class="list">${refundRows}</ul>`}
      <h2>Milestones in review</h2>
      ${reviewRows === "" ? `<p class="empty" data-testid="review-empty">No milestone of a campaign you back is in review now${onPage}. When one is delivered, it shows here and you can object to it until its review ends.</p>` : `<ul class="list">${reviewRows}</ul>`}
      <h2>Funding: you can take back</h2>
      ${fundingRows === "" ? `<p class="empty" data-testid="withdrawable-empty">None of the campaigns you back is funding now${onPage}; <a href="#/">find one to back</a>.</p>` : `<ul class="list">${fundingRows}</ul>`}
      <h2>Everything you pledged</h2>
      <div class="table-wrap"><table class="rows" data-testid="pledges"><thead><tr><th>Campaign</th><th>Pledge now</th><th>Put in</th><th>Taken back</th><th>Refund bonus</th></tr></thead><tbody>${allRows}</tbody></table></div>
      ${pager("pledges", context.query, answer.total, offset)}
      ${deposits.html}`;
  return {
    html,
    bind(root) {
      deposits.bind(root);
      for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-act="refund"], button[data-act="object"], button[data-act="withdraw-objection"]')) {
        const id = BigInt(button.dataset.campaign ?? "0");
        const item = items.find((entry) => entry.campaign.id === id.toString());
        const format = item === undefined ? undefined : amountIn(item.campaign.token);
        button.addEventListener("click", () => {
          if (button.dataset.act === "refund") {
            const said = (result: RefundResult) =>
              format === undefined ? "" : `You got ${format(result.amount)} back${result.bonus > 0n ? ` plus ${format(result.bonus)} of the refund bonus` : ""}.`;
            void context.act(`Refund from campaign ${id}`, (writer) => writer.refund(id), format, said);
          } else if (button.dataset.act === "object") void context.act(`Object to campaign ${id}'s milestone`, (writer) => writer.objectMilestone(id), format);
          else void context.act(`Withdraw objection to campaign ${id}'s milestone`, (writer) => writer.withdrawObjection(id), format);
        });
      }
    },
  };
}

/**
 * The refund bonus of one pledge, in the words of where the bonus goes: "about 0.0499 ETH if it fails" while it funds,
 * the share a refund carries once it goes to backers (or what a refund paid), "none: the funding went through".
 */
function bonusCell(item: AccountPledge, amount: (item: AccountPledge, value: string) => string, about: (item: AccountPledge, value: string) => string): string {
  const paid = big(item.pledge.bonusPaid);
  switch (item.campaign.bonus.outcome) {
    case "none":
      return "-";
    case "pending":
      if (item.campaign.state === "Funding") return big(item.bonusQuote) > 0n ? `about ${about(item, item.bonusQuote)} if it fails` : "-";
      return big(item.bonusShare) > 0n ? `${amount(item, item.bonusShare)} if it lapses unclaimed` : "-";
    case "to-backers":
      if (big(item.bonusShare) > 0n && big(item.pledge.pledged) > 0n) return `${amount(item, item.bonusShare)} with your refund`;
      return paid > 0n ? `${amount(item, item.pledge.bonusPaid)} received` : "-";
    case "to-depositors":
      return paid > 0n ? `${amount(item, item.pledge.bonusPaid)} received` : "none: the funding went through";
  }
}

/** Without an indexer: one line saying so, and where the same facts are. */
function withoutIndexer(context: PageContext, error: unknown): Page {
  return {
    html: `<h1>My pledges</h1>${fallbackNote(context, error, "this list needs it (reading it from the chain would scan every campaign)")}
      <p class="empty" data-testid="pledges-unavailable">Each campaign's page shows your pledge and what you can do with it (refund, take back, object), and any refund bonus you deposited (reclaim): find them from <a href="#/">the projects page</a>.</p>`,
  };
}
