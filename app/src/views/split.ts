/**
 * A campaign page's "Where the money goes": what a claim pays the project, the builder, each dependency and the
 * protocol fee, in the campaign's token (for its total, or a milestone campaign's next release) and in percent; the
 * builder's state with its dates; the dependency list version the campaign froze. With the actions that apply to the
 * connected account: the project's owner nominates a builder while none has accepted (not any maintainer: the escrow
 * refuses them), the nominee accepts, the builder hands the role on, anyone releases a builder share that waited past
 * its date.
 */
import { isAddress, ZeroAddress } from "ethers";

import {
  formatBps,
  splitAmount,
  splitBasis,
  type CampaignDetails,
  type CampaignSplit,
  type DependencyList,
  type MilestoneProgress,
  type ClaimShares,
  type SplitBasis,
} from "../../../client/index.js";
import type { PageContext } from "../context.js";
import { projectNames } from "../project-names.js";
import { builderState, claimedAmounts, dependencyWords, FormError, projectLabel, splitAmounts, splitPercents, type ProjectNames } from "../shares.js";
import { date, esc, short } from "../ui.js";

/** The section's HTML and the wiring of its buttons. */
export interface SplitSection {
  html: string;
  bind(root: HTMLElement): void;
}

/** What the section needs about the viewer: the connected account, if any. */
export interface SplitViewer {
  account: string | undefined;
}

/** What the actions need: the viewer, and whether they own the project (only its owner nominates a first builder). */
interface Actor extends SplitViewer {
  owner: boolean;
}

/**
 * How the page introduces the amount whose split it shows (the client's `splitBasis`: the goal or total while it
 * funds, what a claim pays now, a milestone campaign's next release, what was claimed); undefined when nothing is paid
 * out any more.
 */
function leadOf(basis: SplitBasis, progress: MilestoneProgress | undefined, amount: (value: bigint) => string): string | undefined {
  const of = esc(amount(basis.gross));
  const releases = progress === undefined ? "" : " (each release split the same way)";
  switch (basis.kind) {
    case "goal":
      return `Of the ${of} goal, if it is reached and claimed${releases}`;
    case "total":
      return `Of the ${of} pledged, if the campaign succeeds and is claimed${releases}`;
    case "claimable":
      return progress === undefined ? `Of the ${of} to claim` : `Of the ${of} released and not yet claimed`;
    case "next release":
      return `Of the next release, ${of} (milestone ${(basis.milestone ?? 0n) + 1n}, when it is accepted)`;
    case "claimed":
      return `Of the ${of} claimed${progress === undefined ? "" : " in all (each release split the same way)"}`;
    case "none":
      return undefined;
  }
}

/** Why nothing is paid out any more, in the words of the campaign's state. */
function nothingPaid(campaign: CampaignDetails): string {
  switch (campaign.state) {
    case "Failed":
      return "Nothing is paid out: the campaign did not reach its goal, and backers take their pledges back.";
    case "Cancelled":
      return "Nothing is paid out: the campaign was cancelled, and backers take their pledges back.";
    case "Lapsed":
      return "Nothing is paid out: nobody claimed the campaign in time, and backers take their pledges back.";
    default:
      return "Nothing more is paid out: backers take back what was not released.";
  }
}

/** The dependency list the campaign froze, and the project's list now when it has changed since. */
function dependencyLine(split: CampaignSplit, current: DependencyList | undefined, names: ProjectNames): string {
  const now =
    current !== undefined && current.version !== split.dependencyVersion
      ? ` The project's list is now version ${current.version}${current.dependencies.length === 0 ? " (empty)" : ""}: it applies to campaigns opened since, not to this one.`
      : "";
  if (split.dependencyVersion === 0n || split.dependencies.length === 0) {
    const never = split.dependencyVersion === 0n ? "had declared no dependency list" : `had an empty dependency list (version ${split.dependencyVersion})`;
    return `<p data-testid="split-dependencies">No dependency shares: ${esc(projectLabel(split.projectId, names))} ${never} when this campaign opened.${esc(now)}</p>`;
  }
  return `<p data-testid="split-dependencies">Dependencies: version ${split.dependencyVersion} of ${esc(projectLabel(split.projectId, names))}'s list, frozen when this campaign opened: ${esc(dependencyWords(split.dependencies, names))}, ${formatBps(split.dependencyShareBps)} in all, to each project's payout address when its maintainers withdraw it.${esc(now)}</p>`;
}

/** What the connected account can do about the builder role and a waiting share. */
function actions(split: CampaignSplit, viewer: Actor, now: bigint, amount: (value: bigint) => string): string {
  const account = viewer.account?.toLowerCase();
  if (account === undefined) return "";
  const parts: string[] = [];
  if (split.builderShareBps > 0n && split.builder === null && viewer.owner) {
    const label = split.nominee === null ? "Nominate a builder" : `Nominate another builder (replaces ${esc(short(split.nominee))}; leave it empty to clear the nomination)`;
    parts.push(`<label>${label} <input data-testid="nominate-address" placeholder="0x… the builder's address" size="44"></label>
      <button data-testid="nominate-button">Nominate</button>
      <span class="muted">As the project's owner you choose the builder; they accept on this page, connected with that address. Until someone accepts, you can change the nomination.</span>`);
  }
  if (split.nominee !== null && split.nominee.toLowerCase() === account) {
    const takes = split.waiting > 0n ? ` You take the ${esc(amount(split.waiting))} that waits for the builder.` : "";
    parts.push(`<button data-testid="accept-builder-button">Accept the builder role</button>
      <span data-testid="accept-builder-note">You are nominated as this campaign's builder: accepting gives you ${formatBps(split.builderShareBps)} of every claim from then on, to withdraw from <a href="#/owed">Owed to you</a>.${takes}</span>`);
  }
  if (split.builder !== null && split.builder.toLowerCase() === account) {
    const replacing = split.nominee === null ? "" : ` (replaces ${esc(short(split.nominee))}, not yet accepted; leave it empty to take the offer back)`;
    parts.push(`<label>Hand the builder role on to${replacing} <input data-testid="handon-address" placeholder="0x… the next builder's address" size="44"></label>
      <button data-testid="handon-button" class="secondary">Hand on</button>
      <span class="muted">You keep what was credited to you so far (<a href="#/owed" data-testid="owed-link">Owed to you</a>); once the next builder accepts, later claims pay them.</span>`);
  }
  if (split.waiting > 0n && split.releasableAt !== null && split.builder === null) {
    parts.push(
      split.releasableAt <= now
        ? `<button data-testid="release-builder-share-button" class="secondary">Release ${esc(amount(split.waiting))} to the project</button>
          <span class="muted">No builder accepted within the window: anyone can credit the waiting share to the project, whose maintainers then withdraw it.</span>`
        : `<span class="muted" data-testid="release-later">From <span class="nowrap">${esc(date(split.releasableAt))}</span>, if no builder has accepted, anyone can release the ${esc(amount(split.waiting))} that waits to the project.</span>`,
    );
  }
  return parts.map((part) => `<div class="action">${part}</div>`).join("");
}

/**
 * What a claim credited besides the payout, for its confirmation: "; 0.3 ETH credited to the builder 0x12ab…cdEF,
 * 0.1 ETH to project 10 (they withdraw it from Owed to you)"; nothing for a campaign without shares.
 */
export function claimedShares(shares: ClaimShares, amount: (value: bigint) => string): string {
  const parts: string[] = [];
  if (shares.builder !== null) {
    parts.push(
      shares.builder.to === null
        ? `${amount(shares.builder.amount)} waits for a builder to accept`
        : `${amount(shares.builder.amount)} credited to the builder ${short(shares.builder.to)}`,
    );
  }
  for (const dependency of shares.dependencies) parts.push(`${amount(dependency.amount)} to project ${dependency.projectId}`);
  return parts.length === 0 ? "" : `; ${parts.join(", ")} (recipients withdraw it from Owed to you)`;
}

/** An address typed in a field: checked before anything is sent. */
function typedAddress(text: string, empty: string): string {
  const typed = text.trim();
  if (typed === "") throw new FormError(empty);
  if (!isAddress(typed)) throw new FormError(`"${typed}" is not an address: paste the whole 0x… address (42 characters).`);
  return typed;
}

export async function splitSection(
  context: PageContext,
  campaign: CampaignDetails,
  progress: MilestoneProgress | undefined,
  viewer: SplitViewer,
  amount: (value: bigint) => string,
): Promise<SplitSection> {
  const split = await context.reader.getSplit(campaign.id);
  const [current, names, owner, limits] = await Promise.all([
    context.reader.getDependencies(campaign.projectId).catch(() => undefined),
    projectNames(context, [campaign.projectId, ...split.dependencies.map((dependency) => dependency.projectId)]),
    viewer.account === undefined || split.builderShareBps === 0n || split.builder !== null
      ? Promise.resolve(false)
      : context.reader.registry.ownerOf(campaign.projectId).then((address) => address.toLowerCase() === viewer.account?.toLowerCase()),
    context.reader.limits(),
  ]);
  const basis = splitBasis(campaign, progress);
  const lead = leadOf(basis, progress, amount);
  // What was claimed already is worded from the campaign's events (who was credited), not from today's builder; the
  // credited dependencies are the frozen list's, already named.
  const credits = basis.kind === "claimed" ? await context.reader.getSplitCredits(campaign.id) : undefined;
  const amounts =
    lead === undefined
      ? `<p data-testid="split-amounts">${nothingPaid(campaign)}</p>`
      : credits === undefined
        ? `<p data-testid="split-amounts">${lead}: ${splitAmounts(split, splitAmount(split, basis.gross), amount, names)}.</p>`
        : `<p data-testid="split-amounts">${lead}: ${claimedAmounts(split, credits, amount, names)}.</p>`;
  const builder =
    split.builderShareBps === 0n
      ? `<p data-testid="split-builder">No builder share: this campaign opened without one.</p>`
      : `<p data-testid="split-builder">The builder gets ${formatBps(split.builderShareBps)} of every claim: ${builderState(split, amount, limits.builderAcceptWindow)}. The project's owner nominates the builder, who accepts on this page; once one has accepted, only they can hand the role on. Recipients withdraw what is owed to them from <a href="#/owed">Owed to you</a>.</p>`;
  const html = `<section class="promises" data-testid="split"><h2>Where the money goes</h2>
    ${amounts}
    <p data-testid="split-percents">Of every claim${progress === undefined ? "" : " (each release)"}: ${esc(splitPercents(split, names))}.</p>
    ${builder}
    ${dependencyLine(split, current, names)}
    ${actions(split, { ...viewer, owner }, context.now, amount)}
  </section>`;

  return {
    html,
    bind(root) {
      const value = (id: string) => root.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)?.value ?? "";
      const on = (id: string, handler: () => Promise<void>) => root.querySelector(`[data-testid="${id}"]`)?.addEventListener("click", () => void handler());
      const refuse = (error: unknown) => context.status.failed("error", error instanceof Error ? error.message : String(error));
      const id = campaign.id;
      on("nominate-button", async () => {
        let nominee: string;
        try {
          nominee =
            value("nominate-address").trim() === "" && split.nominee !== null
              ? ZeroAddress
              : typedAddress(value("nominate-address"), "Type the builder's address (0x…), then nominate.");
        } catch (error) {
          refuse(error);
          return;
        }
        const clearing = nominee === ZeroAddress;
        await context.act(
          clearing ? `Clear the builder nomination of campaign ${id}` : `Nominate a builder for campaign ${id}`,
          (writer) => writer.nominateBuilder(id, nominee),
          amount,
          () => (clearing ? "Nobody is nominated now." : `${short(nominee)} is nominated: they accept on this page, connected with that address.`),
        );
      });
      on("handon-button", async () => {
        let next: string;
        try {
          next =
            value("handon-address").trim() === "" && split.nominee !== null
              ? ZeroAddress
              : typedAddress(value("handon-address"), "Type the next builder's address (0x…), then hand the role on.");
          if (next.toLowerCase() === viewer.account?.toLowerCase()) throw new FormError("That is your own address: you are the builder already. Type the next builder's address.");
        } catch (error) {
          refuse(error);
          return;
        }
        if (next === ZeroAddress) {
          await context.act(`Take back the builder role offer of campaign ${id}`, (writer) => writer.nominateBuilder(id, ZeroAddress), amount, () => "Nobody is nominated now: you stay the builder.");
          return;
        }
        await context.act(`Hand on the builder role of campaign ${id}`, (writer) => writer.nominateBuilder(id, next), amount, () =>
          `${short(next)} is nominated: once they accept on this page, later claims pay them; what was credited to you stays yours.`,
        );
      });
      on("accept-builder-button", () =>
        context.act(`Accept the builder role of campaign ${id}`, (writer) => writer.acceptBuilder(id), amount, (result) =>
          `You are the builder of campaign ${id}${result.waitingTaken > 0n ? `; the ${amount(result.waitingTaken)} that waited is yours: withdraw it from Owed to you` : ""}.`,
        ),
      );
      on("release-builder-share-button", () =>
        context.act(`Release campaign ${id}'s waiting builder share`, (writer) => writer.releaseWaitingBuilderShare(id), amount, (result) =>
          `${amount(result.amount)} went to the project's credit: its maintainers withdraw it to its payout address from Owed to you.`,
        ),
      );
    },
  };
}
