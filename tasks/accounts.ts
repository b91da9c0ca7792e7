/**
 * What waits for an account, from the indexer (the chain's logs would need a scan of every campaign): its pledges
 * and what it can do about each now (with what a refund bonus adds), its refund bonus deposits, and as a maintainer the claims, milestones and reviews waiting, and ownership
 * offered to it.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import {
  amountWriter,
  formatAmountAbout,
  formatDate,
  type AccountBonusDeposit,
  type AccountPledge,
  type IndexedBlock,
  type IndexedCampaign,
  type IndexedProject,
  type IndexerStatus,
  type MaintainerPage,
  type OpenPledgeClient,
} from "../client/node.js";
import { isUnset } from "./argv.js";
import { runTask, UsageError, viewer, type CommonArgs } from "./context.js";
import { indexerLine, requireIndexer } from "./indexed.js";
import { formatTable } from "./output.js";

export type AccountArgs = CommonArgs & { account: string; indexer: string };

interface PledgesResult {
  account: string;
  status: IndexerStatus;
  now: string;
  indexed: IndexedBlock | null;
  pledges: AccountPledge[];
  /** The account's refund bonus deposits, reclaimed or not. */
  bonusDeposits: AccountBonusDeposit[];
}

interface MaintainerResult extends MaintainerPage {
  status: IndexerStatus;
}

/** `--account`, else `--from`, as an address. */
async function accountOf(args: AccountArgs, account: (ref: string) => Promise<string>): Promise<string> {
  const who = isUnset(args.account) ? await viewer(args, account) : await account(args.account);
  if (who === undefined) throw new UsageError("this network has no accounts: give the account to look at with --account <address>");
  return who;
}

export async function pledges(args: AccountArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, account }): Promise<PledgesResult> => {
      const { reader, status } = await requireIndexer(client, "account pledges");
      const who = await accountOf(args, account);
      const page = await reader.readAll((query) => reader.accountPledges(who, query));
      const deposits = await reader.readAll((query) => reader.accountBonusDeposits(who, query));
      return { account: who, status, now: page.now, indexed: page.indexed, pledges: page.items, bonusDeposits: deposits.items };
    },
    async (result, { client }) => {
      const rows = await Promise.all(
        result.pledges.map(async ({ pledge, campaign, ...can }) => {
          const amount = await writerOf(client, campaign);
          const about = await aboutWriterOf(client, campaign);
          const milestone = campaign.milestones === null ? "" : `milestone ${campaign.milestones.current + 1}`;
          const reviewEnd = campaign.milestones === null ? "" : formatDate(BigInt(campaign.milestones.reviewEnd));
          const actions = [
            can.canWithdraw ? `add or take back until ${formatDate(BigInt(campaign.deadline))} (campaign withdraw ${campaign.id} <amount>)` : "",
            BigInt(can.refundableNow) > 0n
              ? BigInt(can.refundableBonusNow) > 0n
                ? `refund ${amount(can.refundableNow)} plus ${amount(can.refundableBonusNow)} of refund bonus now (campaign refund ${campaign.id})`
                : `refund ${amount(can.refundableNow)} now (campaign refund ${campaign.id})`
              : "",
            can.canObject ? `object to ${milestone} until ${reviewEnd} (milestone object ${campaign.id})` : "",
            can.canWithdrawObjection ? `withdraw your objection to ${milestone} until ${reviewEnd} (milestone withdraw-objection ${campaign.id})` : "",
          ].filter((action) => action !== "");
          return {
            campaign: campaign.id,
            project: campaign.projectId,
            title: campaign.title,
            state: campaign.state,
            "your pledge": amount(pledge.pledged),
            contributed: amount(pledge.contributed),
            refunded: amount(pledge.refunded),
            "refund bonus": bonusLine(can, pledge.bonusPaid, amount, about),
            "you can": actions.length === 0 ? "nothing now" : actions.join("; "),
          };
        }),
      );
      const deposits = await Promise.all(
        result.bonusDeposits.map(async ({ deposit, campaign }) => {
          const amount = await writerOf(client, campaign);
          return {
            campaign: campaign.id,
            title: campaign.title,
            state: campaign.state,
            deposited: amount(deposit.deposited),
            now: depositLine(deposit, campaign, amount),
          };
        }),
      );
      const lines = [
        `Pledges of ${result.account} (${indexerLine(result.status)}, chain time ${formatDate(BigInt(result.now))})`,
        formatTable(rows, ["campaign", "project", "title", "state", "your pledge", "contributed", "refunded", "refund bonus", "you can"]),
      ];
      if (deposits.length > 0) {
        lines.push(
          "",
          "Refund bonus deposits (final until the campaign is decided: a success gives them back, a failure or a cancel pays the backers' shares first)",
          formatTable(deposits, ["campaign", "title", "state", "deposited", "now"]),
        );
      }
      return lines.join("\n");
    },
  );
}

export async function maintainer(args: AccountArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, account }): Promise<MaintainerResult> => {
      const { reader, status } = await requireIndexer(client, "account maintainer");
      const who = await accountOf(args, account);
      return { ...(await reader.maintainer(who)), account: who, status };
    },
    async (result, { client }) => {
      const amountIn = (campaign: IndexedCampaign) => writerOf(client, campaign);
      const role = (project: IndexedProject) => (project.owner === result.account.toLowerCase() ? "owner" : "maintainer");
      const claims = await Promise.all(
        result.claimsAvailable.map(async ({ campaign, claimable, claimBy }) => ({
          campaign: campaign.id,
          project: campaign.projectId,
          claimable: (await amountIn(campaign))(claimable),
          "claim by": claimBy === null ? "no limit" : formatDate(BigInt(claimBy)),
          how: `campaign claim ${campaign.id}`,
        })),
      );
      return [
        `Maintainer view of ${result.account} (${indexerLine(result.status)}, chain time ${formatDate(BigInt(result.now))})`,
        "",
        "Projects you own or maintain",
        formatTable(
          result.projects.map((project) => ({ project: project.id, role: role(project), title: project.title ?? project.metadataURI, campaigns: project.campaignCount, funding: project.fundingCount })),
          ["project", "role", "title", "campaigns", "funding"],
        ),
        "",
        "Claims available (fee included)",
        formatTable(claims, ["campaign", "project", "claimable", "claim by", "how"]),
        "",
        "Milestones to deliver",
        formatTable(
          result.milestonesDue.map(({ campaign, index, due, overdue }) => ({
            campaign: campaign.id,
            milestone: index + 1,
            due: `${formatDate(BigInt(due))}${overdue ? " (overdue: not submitted in time, the campaign is rejected)" : ""}`,
            how: overdue ? `milestone settle ${campaign.id} records it` : `milestone submit ${campaign.id} <delivery URI>`,
          })),
          ["campaign", "milestone", "due", "how"],
        ),
        "",
        "Reviews to settle (anyone may)",
        formatTable(
          result.reviewsToSettle.map(({ campaign, index, reviewEnd }) => ({
            campaign: campaign.id,
            milestone: index + 1,
            "review closed": formatDate(BigInt(reviewEnd)),
            how: `milestone settle ${campaign.id}`,
          })),
          ["campaign", "milestone", "review closed", "how"],
        ),
        "",
        "Ownership offered to you (accept it in the web app, or with the client's acceptProjectOwnership)",
        formatTable(
          result.ownershipOffers.map((project) => ({ project: project.id, "offered by": project.owner, title: project.title ?? project.metadataURI })),
          ["project", "offered by", "title"],
        ),
      ].join("\n");
    },
  );
}

/** What a refund bonus means for a pledge now: what a refund adds, what a failure would add, or what was paid. */
function bonusLine(
  can: Pick<AccountPledge, "refundableBonusNow" | "bonusQuote" | "canWithdraw">,
  paid: string,
  amount: (value: string) => string,
  about: (value: string) => string,
): string {
  if (BigInt(can.refundableBonusNow) > 0n) return `${amount(can.refundableBonusNow)} with your refund`;
  if (BigInt(paid) > 0n) return `${amount(paid)} received`;
  if (BigInt(can.bonusQuote) > 0n) return `plus about ${about(can.bonusQuote)} if it fails at its deadline`;
  return "none";
}

/** What a bonus deposit can do now, in words. */
function depositLine(deposit: AccountBonusDeposit["deposit"], campaign: IndexedCampaign, amount: (value: string) => string): string {
  if (deposit.reclaimed) return `reclaimed ${amount(deposit.reclaimedAmount)}`;
  if (deposit.canReclaim) return `reclaim ${amount(deposit.reclaimableNow)} now (campaign reclaim-bonus ${campaign.id})`;
  return "held until the campaign is decided";
}

/** Writes an estimate in a campaign's token, rounded down (a minimum stays one). */
async function aboutWriterOf(client: OpenPledgeClient, campaign: IndexedCampaign): Promise<(value: string) => string> {
  const token = await client.token(campaign.token);
  return (value) => `${formatAmountAbout(BigInt(value), token.decimals)} ${token.symbol}`;
}

/** Writes a campaign's amounts (decimal strings of base units) in its token, with its symbol. */
async function writerOf(client: OpenPledgeClient, campaign: IndexedCampaign): Promise<(value: string) => string> {
  const write = amountWriter(await client.token(campaign.token));
  return (value) => write(BigInt(value));
}
