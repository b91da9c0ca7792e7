/** The refund bonus on the command line: depositing into it, reclaiming it, and what `campaign show` and `campaign pledge` read of it. */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { amountWriter, type CampaignBonus, type CampaignDetails, type OpenPledgeClient } from "../client/node.js";
import { depositNotice, failureQuote, FARMER_DISCLOSURE, selfDealing, shareOfGoal, type BonusShown, type DepositorStanding } from "./bonus-view.js";
import { parseId, runTask, type CommonArgs } from "./context.js";

/** A campaign's bonus as `campaign show` tells it, for `account` (none: the campaign alone); null without a bonus. */
export async function readBonusShown(client: OpenPledgeClient, campaign: CampaignDetails, account: string | undefined): Promise<BonusShown | null> {
  const bonus = await client.getBonus(campaign.id, { account });
  if (bonus.outcome === "none") return null;
  const [depositors, youMaintain] = await Promise.all([
    depositorsOf(client, campaign),
    account === undefined ? null : client.isMaintainer(campaign.projectId, account),
  ]);
  return { bonus, depositors, youMaintain };
}

/** Every depositor of a campaign's bonus in order of first deposit, from its events, with what each can reclaim now. */
async function depositorsOf(client: OpenPledgeClient, campaign: CampaignDetails): Promise<DepositorStanding[]> {
  const events = await client.escrowEvents(["BonusDeposited", "BonusReclaimed"], { fromBlock: Number(campaign.openedAtBlock) }, campaign.id);
  const standings = new Map<string, DepositorStanding>();
  for (const event of events) {
    const depositor = String(event.args.depositor);
    const amount = event.args.amount as bigint;
    const entry = standings.get(depositor) ?? { depositor, deposited: 0n, reclaimed: null, reclaimable: 0n };
    if (event.name === "BonusDeposited") entry.deposited += amount;
    else entry.reclaimed = (entry.reclaimed ?? 0n) + amount;
    standings.set(depositor, entry);
  }
  const all = [...standings.values()];
  await Promise.all(
    all.map(async (entry) => {
      if (entry.reclaimed === null) entry.reclaimable = (await client.getBonus(campaign.id, { account: entry.depositor })).account.reclaimable;
    }),
  );
  return all;
}

/**
 * What a backer reads before pledging `amount` to a campaign with a bonus: the quote for their pledge with it, that a
 * success pays the pledge out like any other, and, for a maintainer, that part of the bonus would be their own.
 * Empty for a campaign without a bonus.
 */
export async function pledgeDisclosure(
  client: OpenPledgeClient,
  campaign: CampaignDetails,
  backer: string,
  amount: bigint,
): Promise<{ bonus: CampaignBonus | null; lines: string[] }> {
  if (campaign.state !== "Funding") return { bonus: null, lines: [] };
  const bonus = await client.getBonus(campaign.id, { account: backer, amount });
  if (bonus.outcome === "none") return { bonus: null, lines: [] };
  const [pledged, maintains] = await Promise.all([client.pledgeOf(campaign.id, backer), client.isMaintainer(campaign.projectId, backer)]);
  const write = amountWriter(campaign.token);
  const yours = pledged === 0n ? "" : ` (your pledge with this one: ${write(pledged)} already in)`;
  const head = `Refund bonus of ${write(bonus.pot)} (${shareOfGoal(bonus.pot, campaign.goal)})`;
  const tail = "at its deadline; less if it is cancelled sooner, and a withdrawal restarts the credit of what is left.";
  const total = campaign.pledged + amount;
  const lines =
    total < campaign.goal
      ? [`${head}: ${failureQuote(pledged + amount, bonus.account.quote, campaign.token)}${yours}, ${tail}`]
      : [
          // At the goal the quote is no plain promise: the campaign fails only if the total falls below the goal again.
          `${head}: ${campaign.pledged >= campaign.goal ? `the total is already at the goal (${write(campaign.pledged)} of ${write(campaign.goal)})` : `this pledge takes the total to the goal (${write(total)} of ${write(campaign.goal)})`}, ` +
            "so the campaign can then fail only if backers withdraw below the goal; a success pays no bonus to backers. " +
            `Only if it fails ${failureQuote(pledged + amount, bonus.account.quote, campaign.token).replace(/^if this campaign fails /, "")} (capped at the whole bonus)${yours}, ${tail}`,
        ];
  lines.push(`Note: ${FARMER_DISCLOSURE}.`);
  if (maintains) lines.push(`Note: ${selfDealing(campaign.token, bonus.account.deposited)}.`);
  return { bonus, lines };
}

export async function deposit(args: CommonArgs & { id: string; amount: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, writer, signer }) => {
      const id = parseId(args.id, "campaign id");
      const campaign = await client.getCampaign(id);
      const from = (await signer()).address;
      const maintains = await client.isMaintainer(campaign.projectId, from);
      // Said before the money moves, and only for a deposit the escrow would take: a refused one gets its refusal alone.
      if (!args.json && campaign.state === "Funding" && (await depositFits(client, campaign, args.amount))) {
        const notes = depositNotice(campaign);
        if (maintains) notes.push(cancelNote(campaign));
        console.log(`Note: ${notes.join("\n  ")}`);
      }
      const deposited = await (await writer()).depositBonus(id, args.amount);
      return { ...deposited, campaign, maxPot: (await client.getBonus(id)).maxPot };
    },
    ({ campaign, amount, pot, maxPot, hash }) => {
      const write = amountWriter(campaign.token);
      return (
        `Deposited ${write(amount)} into the refund bonus of campaign ${campaign.id}: it now holds ${write(pot)} ` +
        `(${shareOfGoal(pot, campaign.goal)}; at most ${write(maxPot)}) (tx ${hash})`
      );
    },
  );
}

/** Whether the escrow's own checks of a deposit's amount pass: more than zero, the first at least its minimum, within the cap. */
async function depositFits(client: OpenPledgeClient, campaign: CampaignDetails, text: string): Promise<boolean> {
  const value = await client.toBaseUnits(text, campaign.token.address);
  if (value <= 0n) return false;
  const [bonus, limits] = await Promise.all([client.getBonus(campaign.id), client.limits()]);
  const bps = (campaign.goal * limits.minFirstBonusBps) / 10_000n;
  const min = bps === 0n ? 1n : bps < bonus.maxPot ? bps : bonus.maxPot;
  if (bonus.pot === 0n && value < min) return false;
  return bonus.pot + value <= bonus.maxPot;
}

/** Said to a maintainer depositing: what cancelling the campaign would do to the bonus now. */
function cancelNote(campaign: CampaignDetails): string {
  const head = `you maintain this project: cancelling campaign ${campaign.id} stops the credit`;
  return campaign.pledged === 0n
    ? `${head}; nobody has pledged yet, so a cancel now would give every depositor all of their deposit back`
    : `${head}: its backers' refunds take the share their pledges earned until then, at the campaign's rate, and the depositors reclaim the rest`;
}

export async function reclaim(args: CommonArgs & { id: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, writer, signer }) => {
      const id = parseId(args.id, "campaign id");
      const [campaign, before] = await Promise.all([client.getCampaign(id), client.getBonus(id, { account: (await signer()).address })]);
      const reclaimed = await (await writer()).reclaimBonus(id);
      return { ...reclaimed, deposited: before.account.deposited, outcome: before.outcome, campaign };
    },
    ({ campaign, amount, deposited, outcome, hash }) => {
      const write = amountWriter(campaign.token);
      const why =
        outcome === "to-depositors"
          ? "all of your deposit: the funding went through"
          : amount === deposited
            ? "all of your deposit: the backers' shares took none of it"
            : `of your ${write(deposited)} deposit: the backers' refunds take the other ${write(deposited - amount)}`;
      return `Reclaimed ${write(amount)} of the refund bonus of campaign ${campaign.id}, ${why} (tx ${hash})`;
    },
  );
}
