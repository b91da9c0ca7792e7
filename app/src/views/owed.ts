/**
 * "Owed to you": what the escrow holds for the connected account as a builder (per token, withdrawn to the account or
 * to another address it names, for a wallet the token blacklists or a contract that cannot take ETH) and for the
 * projects it maintains (per token, always paid to the project's payout address), with a Withdraw button for each;
 * and the builder roles offered to it, to accept.
 */
import { isAddress, ZeroAddress } from "ethers";

import { formatBps, mapLimited, type Owed } from "../../../client/index.js";
import type { Page, PageContext } from "../context.js";
import { specDocument, titleOf } from "../documents.js";
import { tokenWriters } from "../lists.js";
import { projectNames } from "../project-names.js";
import { FormError, projectLabel } from "../shares.js";
import { esc, short } from "../ui.js";

/** The escrow, the registry and the escrow's modules: addresses that could never pass a withdrawal on. */
async function protocolContracts(context: PageContext): Promise<Set<string>> {
  const escrow = context.reader.escrow;
  const modules = await Promise.all([escrow.bonusPool(), escrow.shareLedger(), escrow.milestoneReview(), escrow.protocolAdmin()]);
  return new Set([context.deployment.escrow, context.deployment.registry, ...modules].map((address) => address.toLowerCase()));
}

/** Where a builder's withdrawal goes: the typed address, checked, or the account itself when the field is empty. */
function recipientOf(typed: string, account: string, protocol: ReadonlySet<string>): string {
  const text = typed.trim();
  if (text === "") return account;
  if (!isAddress(text)) throw new FormError(`"${text}" is not an address: paste the whole 0x… address (42 characters), or leave the field empty to receive it yourself.`);
  if (text.toLowerCase() === ZeroAddress) throw new FormError("The zero address would burn it: leave the field empty to receive it yourself, or give another address.");
  if (protocol.has(text.toLowerCase())) {
    throw new FormError(`${short(text)} is one of OpenPledge's own contracts, which could never pass the money on: leave the field empty to receive it yourself, or give another address.`);
  }
  return text;
}

export async function owedPage(context: PageContext): Promise<Page> {
  const account = context.account;
  if (account === undefined) {
    return {
      html: `<h1>Owed to you</h1><p class="empty" data-testid="owed-connect">Connect a wallet on this chain (the buttons above) to see what is owed to you as a campaign's builder and to the projects you maintain as other projects' dependencies, and to withdraw it.</p>`,
    };
  }
  const owed: Owed = await context.reader.getOwed(account);
  const tokens = [...owed.asBuilder.map((share) => share.token), ...owed.asMaintainer.flatMap((project) => project.shares.map((share) => share.token)), ...owed.nominations.map((nomination) => nomination.token)];
  const [amountIn, names, protocol, titles] = await Promise.all([
    tokenWriters(context, tokens),
    projectNames(context, owed.asMaintainer.map((project) => project.projectId)),
    owed.asBuilder.length > 0 ? protocolContracts(context) : Promise.resolve(new Set<string>()),
    mapLimited(owed.nominations, 8, async (nomination) => titleOf(await specDocument((await context.reader.getCampaign(nomination.campaignId)).spec), `Campaign ${nomination.campaignId}`)),
  ]);

  const builderRows = owed.asBuilder
    .map((share) => {
      const key = share.token.toLowerCase();
      const amount = esc(amountIn(share.token)(share.amount));
      return `<li class="card" data-testid="owed-builder-${key}"><div><strong>${amount}</strong> from the campaigns you build.</div>
        <div class="action"><label>Send to <input data-testid="withdraw-to-${key}" placeholder="empty: your own address" size="44"></label>
        <button data-testid="withdraw-builder-${key}" data-act="builder" data-token="${esc(share.token)}">Withdraw ${amount}</button></div>
        <div class="muted">Leave “Send to” empty to receive it at ${esc(short(account))}; give another address when yours cannot receive it (a wallet the token blocks, a contract that refuses ETH).</div></li>`;
    })
    .join("");
  const projectRows = owed.asMaintainer
    .flatMap((project) =>
      project.shares.map((share) => {
        const key = `${project.projectId}-${share.token.toLowerCase()}`;
        const amount = esc(amountIn(share.token)(share.amount));
        return `<li class="card" data-testid="owed-project-${key}"><div><a href="#/project/${project.projectId}">${esc(projectLabel(project.projectId, names))}</a>: <strong>${amount}</strong>, paid to its payout address <span title="${esc(project.payout)}">${esc(short(project.payout))}</span>.</div>
          <div class="action"><button data-testid="withdraw-project-${key}" data-act="project" data-project="${project.projectId}" data-token="${esc(share.token)}">Withdraw ${amount} to the payout address</button></div></li>`;
      }),
    )
    .join("");
  const nominationRows = owed.nominations
    .map((nomination, index) => {
      const id = nomination.campaignId;
      const waits = nomination.waiting > 0n ? ` ${esc(amountIn(nomination.token)(nomination.waiting))} waits for whoever accepts.` : "";
      return `<li class="card" data-testid="nomination-${id}"><a href="#/campaign/${id}">${esc(titles[index] ?? `Campaign ${id}`)}</a>: you are nominated as its builder, for ${formatBps(nomination.builderShareBps)} of every claim.${waits}
        <div class="action"><button data-testid="accept-nomination-${id}" data-act="accept" data-campaign="${id}">Accept the builder role</button></div></li>`;
    })
    .join("");

  const html = `<h1>Owed to you</h1>
    <p class="muted">A claim credits the builder's share and the dependencies' shares of a campaign to their recipients; they wait in the escrow, without end, until withdrawn.</p>
    <h2>As a builder</h2>
    ${builderRows === "" ? `<p class="empty" data-testid="owed-builder-empty">Nothing is owed to you as a builder. When a project's owner nominates you for a campaign with a builder share, you accept on its page; each claim of that campaign then credits your share here.</p>` : `<ul class="list" data-testid="owed-builder">${builderRows}</ul>`}
    ${nominationRows === "" ? "" : `<h2>Builder roles offered to you</h2><ul class="list" data-testid="nominations">${nominationRows}</ul>`}
    <h2>To the projects you maintain</h2>
    ${projectRows === "" ? `<p class="empty" data-testid="owed-projects-empty">Nothing is owed to a project you maintain. When another project lists yours as a dependency, each claim of its campaigns credits your project's share here, and any of its maintainers withdraws it to your project's payout address.</p>` : `<ul class="list" data-testid="owed-projects">${projectRows}</ul>`}`;

  return {
    html,
    bind(root) {
      for (const button of root.querySelectorAll<HTMLButtonElement>("button[data-act]")) {
        button.addEventListener("click", () => {
          const token = button.dataset.token ?? ZeroAddress;
          const format = button.dataset.act === "accept" ? undefined : amountIn(token);
          if (button.dataset.act === "builder") {
            let to: string;
            try {
              to = recipientOf(root.querySelector<HTMLInputElement>(`[data-testid="withdraw-to-${token.toLowerCase()}"]`)?.value ?? "", account, protocol);
            } catch (error) {
              context.status.failed("error", error instanceof Error ? error.message : String(error));
              return;
            }
            void context.act("Withdraw your builder shares", (writer) => writer.withdrawBuilderShares(token, to), format, (result) =>
              result.to.toLowerCase() === account.toLowerCase() ? `You received ${format?.(result.amount) ?? ""}.` : `${format?.(result.amount) ?? ""} went to ${short(result.to)}.`,
            );
          } else if (button.dataset.act === "project") {
            const projectId = BigInt(button.dataset.project ?? "0");
            void context.act(`Withdraw project ${projectId}'s shares`, (writer) => writer.withdrawProjectShares(projectId, token), format, (result) =>
              `${format?.(result.amount) ?? ""} went to project ${projectId}'s payout address ${short(result.payout)}.`,
            );
          } else {
            const campaignId = BigInt(button.dataset.campaign ?? "0");
            const nomination = owed.nominations.find((item) => item.campaignId === campaignId);
            const write = nomination === undefined ? undefined : amountIn(nomination.token);
            void context.act(`Accept the builder role of campaign ${campaignId}`, (writer) => writer.acceptBuilder(campaignId), write, (result) =>
              `You are the builder of campaign ${campaignId}${result.waitingTaken > 0n && write !== undefined ? `; the ${write(result.waitingTaken)} that waited is yours, listed above` : ""}.`,
            );
          }
        });
      }
    },
  };
}
