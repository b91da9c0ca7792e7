/**
 * "Your refund bonus deposits", on the My pledges page: every bonus the connected account deposited, from the
 * indexer, with what happens to it: final while its campaign is undecided, reclaimable (Reclaim) once decided, or
 * what its reclaim paid back.
 */
import type { AccountBonusDeposit } from "../../../client/index.js";
import type { PageContext } from "../context.js";
import { PAGE_SIZE } from "../indexer.js";
import { big, offsetOf, pager, tokenWriters } from "../lists.js";
import { date, esc } from "../ui.js";

/** The section's HTML and the wiring of its Reclaim buttons. */
export interface DepositsSection {
  html: string;
  bind(root: HTMLElement): void;
}

function campaignLink(item: AccountBonusDeposit): string {
  const { campaign } = item;
  return `<a href="#/campaign/${campaign.id}" data-testid="deposit-campaign-${campaign.id}">${esc(campaign.title ?? `Campaign ${campaign.id}`)}</a> <span class="state state-${campaign.state}">${campaign.state}</span>`;
}

/** What became or becomes of one deposit, in words, with a Reclaim button when there is something to reclaim now. */
function depositRow(item: AccountBonusDeposit, amount: (value: bigint) => string): string {
  const { deposit, campaign } = item;
  const id = campaign.id;
  const put = esc(amount(big(deposit.deposited)));
  let what: string;
  let button = "";
  if (deposit.reclaimed) {
    const back = big(deposit.reclaimedAmount);
    what = back === 0n ? "The backers' shares took all of it: nothing came back." : `You reclaimed ${esc(amount(back))}.`;
  } else if (deposit.canReclaim) {
    const now = big(deposit.reclaimableNow);
    if (now === 0n) {
      what = "The backers' shares take all of it: nothing comes back to you.";
    } else {
      const all = now === big(deposit.outstanding);
      what = all
        ? `The funding went through: you can reclaim all of it, ${esc(amount(now))}.`
        : `The funding did not go through: the backers' shares come first, and you can reclaim ${esc(amount(now))}.`;
      button = `<button data-testid="reclaim-${id}" data-campaign="${id}" data-act="reclaim">Reclaim ${esc(amount(now))}</button>`;
    }
  } else {
    const decidedBy =
      campaign.state === "Funding"
        ? ` (its deadline is <span class="nowrap">${date(big(campaign.deadline))}</span>)`
        : campaign.state === "Succeeded" && !campaign.hasMilestones
          ? ` (the maintainers must claim by <span class="nowrap">${date(big(campaign.deadline) + big(campaign.claimWindow))}</span>)`
          : "";
    what = `Final until the campaign is decided${decidedBy}: a success gives it back to you; a failure or a cancellation pays backers' shares first, and you reclaim what they leave.`;
  }
  return `<li class="card" data-testid="deposit-${id}">${campaignLink(item)}
    <div class="action"><span>You deposited ${put}. ${what}</span>
    ${button}</div></li>`;
}

/**
 * The account's refund bonus deposits (nothing when it made none). An indexer that cannot list them (an older one)
 * leaves the section out with one line: each campaign's page shows the deposit read from the chain.
 */
export async function depositsSection(context: PageContext, account: string): Promise<DepositsSection> {
  const none: DepositsSection = { html: "", bind: () => undefined };
  const indexer = context.indexer;
  if (indexer === undefined) return none;
  const offset = offsetOf(context.query, "deposits");
  let answer;
  try {
    answer = await indexer.accountBonusDeposits(account, { limit: PAGE_SIZE, offset });
  } catch (error) {
    return {
      html: `<h2>Your refund bonus deposits</h2><p class="notice" data-testid="deposits-unavailable">Your deposits could not be listed (${esc(error instanceof Error ? error.message : String(error))}): each campaign's page shows yours and what you can reclaim.</p>`,
      bind: () => undefined,
    };
  }
  if (answer.total === 0) return none;
  const items = answer.items;
  const amountIn = await tokenWriters(context, items.map((item) => item.campaign.token));
  const rows = items.map((item) => depositRow(item, amountIn(item.campaign.token))).join("");
  return {
    html: `<h2>Your refund bonus deposits</h2><ul class="list" data-testid="deposits">${rows}</ul>${pager("pledges", context.query, answer.total, offset, "deposits", "deposits-pager")}`,
    bind(root) {
      for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-act="reclaim"]')) {
        const id = BigInt(button.dataset.campaign ?? "0");
        const item = items.find((entry) => entry.campaign.id === id.toString());
        const format = item === undefined ? undefined : amountIn(item.campaign.token);
        button.addEventListener("click", () => {
          void context.act(`Reclaim your bonus deposit in campaign ${id}`, (writer) => writer.reclaimBonus(id), format, (result) =>
            format === undefined ? "" : `You reclaimed ${format(result.amount)}.`,
          );
        });
      }
    },
  };
}
