import {
  getAddress,
  isAddress,
  toBeHex,
  zeroPadValue,
  ZeroAddress,
  type ContractTransactionResponse,
  type Log,
  type Provider,
  type Signer,
} from "ethers";

import {
  IPledgeToken__factory,
  PledgeEscrow__factory,
  ProjectRegistry__factory,
  type IPledgeEscrow,
  type PledgeEscrow,
  type ProjectRegistry,
} from "../typechain-types/index.js";
import { formatAmount, parseAmount } from "./amounts.js";
import type { OpenPledgeAddresses } from "./deployment.js";
import { OpenPledgeError, toOpenPledgeError, withDecodedErrors } from "./errors.js";
import { CAMPAIGN_STATES, type CampaignState } from "./states.js";
import { DEFAULT_PAGE_SIZE, getLogsPaged, type LogRange } from "./logs.js";
import { signPermit } from "./permit.js";

export { CAMPAIGN_STATES, type CampaignState } from "./states.js";

/** An amount either in base units or as a human decimal string in the token's units ("0.5"). */
export type Amount = bigint | string;

/** A pledged token: ETH or an ERC-20, with what is needed to show amounts. */
export interface TokenInfo {
  address: string;
  symbol: string;
  decimals: number;
  native: boolean;
}

/** A mined transaction. */
export interface TxResult {
  hash: string;
  blockNumber: number;
  gasUsed: bigint;
}

/** A project as stored in the registry. */
export interface ProjectDetails {
  id: bigint;
  owner: string;
  pendingOwner: string;
  payout: string;
  metadataURI: string;
  repository: string;
}

/** A campaign as stored in the escrow, with amounts also written in the token's units. */
export interface CampaignDetails {
  id: bigint;
  projectId: bigint;
  token: TokenInfo;
  goal: bigint;
  pledged: bigint;
  goalText: string;
  pledgedText: string;
  deadline: bigint;
  feeBps: bigint;
  state: CampaignState;
  specURI: string;
  hasMilestones: boolean;
}

/** Where a campaign with milestones stands. */
export interface MilestoneProgress {
  count: bigint;
  current: bigint;
  releasedBps: bigint;
  released: bigint;
  claimed: bigint;
  reviewEnd: bigint;
  objectionWeight: bigint;
  thresholdWeight: bigint;
  reviewWindow: bigint;
  objectionThresholdBps: bigint;
  refunded: bigint;
  milestones: Array<{ shareBps: bigint; due: bigint }>;
}

/** A milestone plan, as `openCampaign` takes it. */
export interface MilestonePlanInput {
  initialShareBps: number;
  reviewWindowSeconds: bigint;
  /** Zero for the default (more than half of the total rejects). */
  objectionThresholdBps: number;
  milestones: Array<{ shareBps: number; due: bigint }>;
}

/** What `openCampaign` takes. */
export interface OpenCampaignInput {
  projectId: bigint;
  specURI: string;
  /** "ETH" or an ERC-20 address. */
  token: string;
  goal: Amount;
  /** Unix time of the last second for pledges. */
  deadline: bigint;
  milestones?: MilestonePlanInput;
}

/** How an ERC-20 pledge gets its allowance: a permit, an approval, or whichever fits ("auto"). */
export type AllowanceMode = "auto" | "permit" | "approve";

/** A project as its registry events describe it: registered, then changed. */
export interface ProjectListing {
  id: bigint;
  owner: string;
  payout: string;
  metadataURI: string;
  repository: string;
  blockNumber: number;
}

/** A campaign as announced by its `CampaignOpened` event. */
export interface CampaignListing {
  id: bigint;
  projectId: bigint;
  creator: string;
  token: string;
  goal: bigint;
  deadline: bigint;
  feeBps: bigint;
  specURI: string;
  blockNumber: number;
}

/** One event of a campaign's history, decoded. */
export interface CampaignEvent {
  name: string;
  args: Record<string, unknown>;
  blockNumber: number;
  transactionHash: string;
  logIndex: number;
}

/** A backer's standing in a campaign, from the events. */
export interface BackerStanding {
  backer: string;
  /** Their pledge now (zero after a refund or a full withdrawal). */
  pledged: bigint;
  /** Everything they ever pledged. */
  contributed: bigint;
  refunded: bigint;
}

const ESCROW_INTERFACE = PledgeEscrow__factory.createInterface();
const REGISTRY_INTERFACE = ProjectRegistry__factory.createInterface();
const CAMPAIGN_EVENTS = [
  "CampaignOpened",
  "MilestonePlanSet",
  "Pledged",
  "PledgeWithdrawn",
  "CampaignCancelled",
  "CampaignClaimed",
  "Refunded",
  "MilestoneSubmitted",
  "MilestoneObjected",
  "ObjectionWithdrawn",
  "MilestoneAccepted",
  "MilestoneRejected",
] as const;

/**
 * A typed client of one OpenPledge deployment: every user action and view, amounts in base units or in the token's
 * units, reverts rethrown as `OpenPledgeError`, and history read from events page by page.
 */
export class OpenPledgeClient {
  readonly registry: ProjectRegistry;
  readonly escrow: PledgeEscrow;
  private readonly tokens = new Map<string, Promise<TokenInfo>>();

  constructor(
    readonly addresses: OpenPledgeAddresses,
    private readonly runner: Signer | Provider,
    private readonly paging: { pageSize?: number } = {},
  ) {
    this.registry = ProjectRegistry__factory.connect(addresses.registry, runner);
    this.escrow = PledgeEscrow__factory.connect(addresses.escrow, runner);
  }

  /** The provider behind the runner. */
  get provider(): Provider {
    const provider = "provider" in this.runner && this.runner.provider !== null ? this.runner.provider : this.runner;
    if (!("getBlockNumber" in provider)) throw new Error("the client's runner has no provider");
    return provider as Provider;
  }

  /** The signer that sends transactions; throws for a read-only client. */
  get signer(): Signer {
    if (!("signTransaction" in this.runner)) throw new Error("this client is read-only: connect it with a signer");
    return this.runner as Signer;
  }

  /** The signing account's address. */
  account(): Promise<string> {
    return this.signer.getAddress();
  }

  // ------------------------------------------------------------------ tokens and amounts

  /** ETH ("ETH" or the zero address) or an ERC-20's symbol and decimals, cached. */
  token(ref: string): Promise<TokenInfo> {
    const address = normalizeToken(ref);
    let info = this.tokens.get(address);
    if (info === undefined) {
      info = this.readToken(address);
      this.tokens.set(address, info);
    }
    return info;
  }

  /** An amount in base units: a bigint as it is, a string read in the token's units. */
  async toBaseUnits(amount: Amount, tokenRef: string): Promise<bigint> {
    if (typeof amount === "bigint") return amount;
    return parseAmount(amount, (await this.token(tokenRef)).decimals);
  }

  /** Base units written in the token's units, with its symbol ("1.5 ETH"). */
  async format(value: bigint, tokenRef: string): Promise<string> {
    const info = await this.token(tokenRef);
    return `${formatAmount(value, info.decimals)} ${info.symbol}`;
  }

  // ------------------------------------------------------------------ projects

  /** Registers a project owned by the signer; returns its id. */
  async registerProject(input: { metadataURI: string; repository?: string; payout: string }) {
    const result = await this.send(() =>
      this.registry.connect(this.signer).registerProject(input.metadataURI, input.repository ?? "", input.payout),
    );
    const projectId = eventArg(result.logs, REGISTRY_INTERFACE, "ProjectRegistered", "projectId");
    return { projectId, ...result.tx };
  }

  /** Adds a maintainer (owner only). */
  async addMaintainer(projectId: bigint, account: string): Promise<TxResult> {
    return (await this.send(() => this.registry.connect(this.signer).addMaintainer(projectId, account))).tx;
  }

  /** Removes a maintainer (owner only). */
  async removeMaintainer(projectId: bigint, account: string): Promise<TxResult> {
    return (await this.send(() => this.registry.connect(this.signer).removeMaintainer(projectId, account))).tx;
  }

  /** Sets the payout address (owner only). */
  async setPayoutAddress(projectId: bigint, payout: string): Promise<TxResult> {
    return (await this.send(() => this.registry.connect(this.signer).setPayoutAddress(projectId, payout))).tx;
  }

  /** Replaces metadata URI and repository (owner only). */
  async setProjectMetadata(projectId: bigint, metadataURI: string, repository: string): Promise<TxResult> {
    return (await this.send(() => this.registry.connect(this.signer).setProjectMetadata(projectId, metadataURI, repository)))
      .tx;
  }

  /** Nominates a new owner (owner only); the nominee then calls `acceptProjectOwnership`. */
  async transferProjectOwnership(projectId: bigint, newOwner: string): Promise<TxResult> {
    return (await this.send(() => this.registry.connect(this.signer).transferProjectOwnership(projectId, newOwner))).tx;
  }

  /** Accepts a nomination as owner. */
  async acceptProjectOwnership(projectId: bigint): Promise<TxResult> {
    return (await this.send(() => this.registry.connect(this.signer).acceptProjectOwnership(projectId))).tx;
  }

  /** A project's record. */
  async getProject(projectId: bigint): Promise<ProjectDetails> {
    const project = await withDecodedErrors(() => this.registry.getProject(projectId));
    return {
      id: projectId,
      owner: project.owner,
      pendingOwner: project.pendingOwner,
      payout: project.payout,
      metadataURI: project.metadataURI,
      repository: project.repository,
    };
  }

  /** Whether an account maintains a project. */
  isMaintainer(projectId: bigint, account: string): Promise<boolean> {
    return withDecodedErrors(() => this.registry.isMaintainer(projectId, account));
  }

  // ------------------------------------------------------------------ campaigns

  /** Opens a campaign, with a milestone plan when `milestones` is given; returns its id. */
  async openCampaign(input: OpenCampaignInput) {
    const token = normalizeToken(input.token);
    const goal = await this.toBaseUnits(input.goal, token);
    const escrow = this.escrow.connect(this.signer);
    const plan = input.milestones;
    const result = await this.send(() =>
      plan === undefined
        ? escrow.openCampaign(input.projectId, input.specURI, token, goal, input.deadline)
        : escrow.openCampaignWithMilestones(input.projectId, input.specURI, token, goal, input.deadline, toPlan(plan)),
    );
    const campaignId = eventArg(result.logs, ESCROW_INTERFACE, "CampaignOpened", "campaignId");
    return { campaignId, ...result.tx };
  }

  /**
   * Pledges to a campaign from the signer. ETH is sent with the call; an ERC-20 is pulled after a permit or an
   * approval, only when the allowance in place does not already cover the amount ("auto" prefers a permit when the
   * token supports EIP-2612 with an EIP-5267 domain).
   */
  async pledge(campaignId: bigint, amount: Amount, mode: AllowanceMode = "auto") {
    const campaign = await this.getCampaign(campaignId);
    const value = await this.toBaseUnits(amount, campaign.token.address);
    const escrow = this.escrow.connect(this.signer);
    if (campaign.token.native) {
      const result = await this.send(() => escrow.pledge(campaignId, { value }));
      return { amount: value, allowance: "none" as const, ...result.tx };
    }
    const owner = await this.account();
    const token = IPledgeToken__factory.connect(campaign.token.address, this.signer);
    const allowance = await token.allowance(owner, this.addresses.escrow);
    const usePermit = mode === "permit" || (mode === "auto" && allowance < value && (await this.supportsPermit(token.target as string)));
    if (usePermit) {
      const latest = await this.provider.getBlock("latest");
      const deadline = BigInt(latest?.timestamp ?? Math.floor(Date.now() / 1000)) + 3600n;
      const permit = await signPermit(token, this.signer, this.addresses.escrow, value, deadline);
      const result = await this.send(() =>
        escrow.pledgeWithPermit(campaignId, value, permit.deadline, permit.v, permit.r, permit.s),
      );
      return { amount: value, allowance: "permit" as const, ...result.tx };
    }
    const approved = allowance < value;
    if (approved) await this.send(() => token.approve(this.addresses.escrow, value));
    const result = await this.send(() => escrow.pledgeToken(campaignId, value));
    return { amount: value, allowance: approved ? ("approved" as const) : ("existing" as const), ...result.tx };
  }

  /** Takes back part or all of the signer's pledge while the campaign is funding. */
  async withdrawPledge(campaignId: bigint, amount: Amount): Promise<TxResult> {
    const campaign = await this.getCampaign(campaignId);
    const value = await this.toBaseUnits(amount, campaign.token.address);
    return (await this.send(() => this.escrow.connect(this.signer).withdrawPledge(campaignId, value))).tx;
  }

  /** Cancels a funding campaign (maintainer). */
  async cancelCampaign(campaignId: bigint): Promise<TxResult> {
    return (await this.send(() => this.escrow.connect(this.signer).cancelCampaign(campaignId))).tx;
  }

  /** Claims what a succeeded campaign releases to the payout address (maintainer); returns amount and fee. */
  async claim(campaignId: bigint) {
    const result = await this.send(() => this.escrow.connect(this.signer).claim(campaignId));
    const amount = eventArg(result.logs, ESCROW_INTERFACE, "CampaignClaimed", "amount");
    const fee = eventArg(result.logs, ESCROW_INTERFACE, "CampaignClaimed", "fee");
    const payout = eventValue(result.logs, ESCROW_INTERFACE, "CampaignClaimed", "payout");
    return { amount, fee, payout: String(payout), ...result.tx };
  }

  /** Refunds the signer's pledge of a failed, cancelled or rejected campaign; returns the amount paid. */
  async refund(campaignId: bigint) {
    const result = await this.send(() => this.escrow.connect(this.signer).refund(campaignId));
    const amount = eventArg(result.logs, ESCROW_INTERFACE, "Refunded", "amount");
    return { amount, ...result.tx };
  }

  /** Submits the current milestone's delivery (maintainer). */
  async submitMilestone(campaignId: bigint, deliveryURI: string) {
    const result = await this.send(() => this.escrow.connect(this.signer).submitMilestone(campaignId, deliveryURI));
    const reviewEnd = eventArg(result.logs, ESCROW_INTERFACE, "MilestoneSubmitted", "reviewEnd");
    return { reviewEnd, ...result.tx };
  }

  /** Objects to the milestone in review with the signer's pledge as weight. */
  async objectMilestone(campaignId: bigint): Promise<TxResult> {
    return (await this.send(() => this.escrow.connect(this.signer).objectMilestone(campaignId))).tx;
  }

  /** Withdraws the signer's objection. */
  async withdrawObjection(campaignId: bigint): Promise<TxResult> {
    return (await this.send(() => this.escrow.connect(this.signer).withdrawObjection(campaignId))).tx;
  }

  /** Records a closed review window or a missed due date (anyone). */
  async settleMilestone(campaignId: bigint): Promise<TxResult> {
    return (await this.send(() => this.escrow.connect(this.signer).settleMilestone(campaignId))).tx;
  }

  /** A campaign's terms, totals and state. */
  async getCampaign(campaignId: bigint): Promise<CampaignDetails> {
    const campaign = await withDecodedErrors(() => this.escrow.getCampaign(campaignId));
    const token = await this.token(campaign.token);
    const hasMilestones = await this.escrow.getMilestoneProgress(campaignId).then(
      () => true,
      (error: unknown) => {
        // Only the escrow's own answer means "no plan"; a network failure must not hide a campaign's milestones.
        const decoded = toOpenPledgeError(error);
        if (decoded instanceof OpenPledgeError && decoded.errorName === "NoMilestones") return false;
        throw decoded;
      },
    );
    return {
      id: campaignId,
      projectId: campaign.projectId,
      token,
      goal: campaign.goal,
      pledged: campaign.pledged,
      goalText: formatAmount(campaign.goal, token.decimals),
      pledgedText: formatAmount(campaign.pledged, token.decimals),
      deadline: campaign.deadline,
      feeBps: campaign.feeBps,
      state: stateName(campaign.state),
      specURI: campaign.specURI,
      hasMilestones,
    };
  }

  /** Milestone progress and plan of a campaign with milestones. */
  async getMilestoneProgress(campaignId: bigint): Promise<MilestoneProgress> {
    const progress = await withDecodedErrors(() => this.escrow.getMilestoneProgress(campaignId));
    const milestones = await Promise.all(
      Array.from({ length: Number(progress.count) }, (_, index) => this.escrow.getMilestone(campaignId, index)),
    );
    return {
      count: progress.count,
      current: progress.current,
      releasedBps: progress.releasedBps,
      released: progress.released,
      claimed: progress.claimed,
      reviewEnd: progress.reviewEnd,
      objectionWeight: progress.objectionWeight,
      thresholdWeight: progress.thresholdWeight,
      reviewWindow: progress.reviewWindow,
      objectionThresholdBps: progress.objectionThresholdBps,
      refunded: progress.refunded,
      milestones: milestones.map((milestone) => ({ shareBps: milestone.shareBps, due: milestone.due })),
    };
  }

  /** A backer's current pledge. */
  pledgeOf(campaignId: bigint, backer: string): Promise<bigint> {
    return this.escrow.pledgeOf(campaignId, backer);
  }

  // ------------------------------------------------------------------ history from events

  /** Every registered project as it stands now: `ProjectRegistered` events with every later change applied. */
  async listProjects(range: LogRange = {}): Promise<ProjectListing[]> {
    const names = ["ProjectRegistered", "ProjectOwnershipTransferred", "PayoutAddressChanged", "ProjectMetadataChanged"] as const;
    const topics = names.map((name) => REGISTRY_INTERFACE.getEvent(name).topicHash);
    const projects = new Map<bigint, ProjectListing>();
    for (const log of await this.logs(this.addresses.registry, [topics], range)) {
      const parsed = REGISTRY_INTERFACE.parseLog(log);
      if (parsed === null) throw new Error(`undecodable registry log in ${log.transactionHash}`);
      const id = parsed.args.projectId as bigint;
      if (parsed.name === "ProjectRegistered") {
        projects.set(id, {
          id,
          owner: parsed.args.owner as string,
          payout: parsed.args.payout as string,
          metadataURI: parsed.args.metadataURI as string,
          repository: parsed.args.repository as string,
          blockNumber: log.blockNumber,
        });
        continue;
      }
      const project = projects.get(id);
      if (project === undefined) continue;
      if (parsed.name === "ProjectOwnershipTransferred") project.owner = parsed.args.newOwner as string;
      else if (parsed.name === "PayoutAddressChanged") project.payout = parsed.args.payout as string;
      else {
        project.metadataURI = parsed.args.metadataURI as string;
        project.repository = parsed.args.repository as string;
      }
    }
    return [...projects.values()];
  }

  /** Every campaign, or a project's, from `CampaignOpened` events. */
  async listCampaigns(filter: { projectId?: bigint } = {}, range: LogRange = {}): Promise<CampaignListing[]> {
    const topic = ESCROW_INTERFACE.getEvent("CampaignOpened").topicHash;
    const projectTopic = filter.projectId === undefined ? null : zeroPadValue(toBeHex(filter.projectId), 32);
    const logs = await this.logs(this.addresses.escrow, [topic, null, projectTopic], range);
    return logs.map((log) => {
      const args = decodeEscrowLog(log).args;
      return {
        id: args.campaignId as bigint,
        projectId: args.projectId as bigint,
        creator: args.creator as string,
        token: args.token as string,
        goal: args.goal as bigint,
        deadline: args.deadline as bigint,
        feeBps: args.feeBps as bigint,
        specURI: args.specURI as string,
        blockNumber: log.blockNumber,
      };
    });
  }

  /** Every event of one campaign, oldest first: opening, pledges, withdrawals, milestones, claims, refunds. */
  async campaignHistory(campaignId: bigint, range: LogRange = {}): Promise<CampaignEvent[]> {
    const topics = CAMPAIGN_EVENTS.map((name) => ESCROW_INTERFACE.getEvent(name).topicHash);
    const logs = await this.logs(this.addresses.escrow, [topics, zeroPadValue(toBeHex(campaignId), 32)], range);
    return logs.map((log) => {
      const parsed = decodeEscrowLog(log);
      return {
        name: parsed.name,
        args: parsed.args,
        blockNumber: log.blockNumber,
        transactionHash: log.transactionHash,
        logIndex: log.index,
      };
    });
  }

  /** Every backer of a campaign with their standing, from its events, in order of first pledge. */
  async campaignBackers(campaignId: bigint, range: LogRange = {}): Promise<BackerStanding[]> {
    const backers = new Map<string, BackerStanding>();
    const standing = (backer: string): BackerStanding => {
      let entry = backers.get(backer);
      if (entry === undefined) {
        entry = { backer, pledged: 0n, contributed: 0n, refunded: 0n };
        backers.set(backer, entry);
      }
      return entry;
    };
    for (const event of await this.campaignHistory(campaignId, range)) {
      const backer = event.args.backer;
      if (typeof backer !== "string") continue;
      if (event.name === "Pledged") {
        const entry = standing(backer);
        entry.pledged = event.args.backerTotal as bigint;
        entry.contributed += event.args.amount as bigint;
      } else if (event.name === "PledgeWithdrawn") {
        standing(backer).pledged = event.args.backerTotal as bigint;
      } else if (event.name === "Refunded") {
        const entry = standing(backer);
        entry.pledged = 0n;
        entry.refunded += event.args.amount as bigint;
      }
    }
    return [...backers.values()];
  }

  // ------------------------------------------------------------------ internals

  private async readToken(address: string): Promise<TokenInfo> {
    if (address === ZeroAddress) return { address, symbol: "ETH", decimals: 18, native: true };
    const token = IPledgeToken__factory.connect(address, this.runner);
    const [symbol, decimals] = await Promise.all([token.symbol(), token.decimals()]);
    return { address, symbol, decimals: Number(decimals), native: false };
  }

  private async supportsPermit(address: string): Promise<boolean> {
    const token = IPledgeToken__factory.connect(address, this.runner);
    try {
      await Promise.all([token.eip712Domain(), token.nonces(ZeroAddress)]);
      return true;
    } catch {
      return false;
    }
  }

  /** Sends, waits for the receipt, and keeps only the escrow's logs (a token's logs may share an event's shape). */
  private async send(sent: () => Promise<ContractTransactionResponse>): Promise<{ tx: TxResult; logs: readonly Log[] }> {
    return withDecodedErrors(async () => {
      const receipt = await (await sent()).wait();
      if (receipt === null) throw new Error("transaction was dropped");
      const ours = new Set([this.addresses.escrow.toLowerCase(), this.addresses.registry.toLowerCase()]);
      return {
        tx: { hash: receipt.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed },
        logs: receipt.logs.filter((log) => ours.has(log.address.toLowerCase())),
      };
    });
  }

  private async logs(address: string, topics: Array<string | string[] | null>, range: LogRange): Promise<Log[]> {
    const fromBlock = range.fromBlock ?? this.addresses.deploymentBlock ?? 0;
    const toBlock = range.toBlock ?? (await this.provider.getBlockNumber());
    const pageSize = range.pageSize ?? this.paging.pageSize ?? DEFAULT_PAGE_SIZE;
    return getLogsPaged(this.provider, { address, topics }, fromBlock, toBlock, pageSize);
  }
}

/** "ETH", the zero address or an ERC-20 address, as a checksummed address (zero for ETH). */
export function normalizeToken(ref: string): string {
  if (ref.toUpperCase() === "ETH") return ZeroAddress;
  if (!isAddress(ref)) throw new Error(`"${ref}" is neither ETH nor a token address`);
  return getAddress(ref);
}

function stateName(value: bigint): CampaignState {
  const name = CAMPAIGN_STATES[Number(value)];
  if (name === undefined) throw new Error(`unknown campaign state ${value}`);
  return name;
}

function toPlan(plan: MilestonePlanInput): IPledgeEscrow.MilestonePlanStruct {
  return {
    initialShareBps: plan.initialShareBps,
    reviewWindow: plan.reviewWindowSeconds,
    objectionThresholdBps: plan.objectionThresholdBps,
    milestones: plan.milestones.map((milestone) => ({ shareBps: milestone.shareBps, due: milestone.due })),
  };
}

function decodeEscrowLog(log: Log): { name: string; args: Record<string, unknown> } {
  const parsed = ESCROW_INTERFACE.parseLog(log);
  if (parsed === null) throw new Error(`undecodable escrow log in ${log.transactionHash}`);
  const args: Record<string, unknown> = {};
  parsed.fragment.inputs.forEach((input, i) => {
    args[input.name] = parsed.args[i];
  });
  return { name: parsed.name, args };
}

type ContractInterface = typeof ESCROW_INTERFACE | typeof REGISTRY_INTERFACE;

function eventValue(logs: readonly Log[], contractInterface: ContractInterface, event: string, arg: string): unknown {
  for (const log of logs) {
    let parsed;
    try {
      parsed = contractInterface.parseLog(log);
    } catch {
      parsed = null;
    }
    if (parsed?.name === event) return parsed.args.getValue(arg);
  }
  throw new Error(`no ${event} event in the receipt`);
}

function eventArg(logs: readonly Log[], contractInterface: ContractInterface, event: string, arg: string): bigint {
  const value = eventValue(logs, contractInterface, event, arg);
  if (typeof value !== "bigint") throw new Error(`${event}.${arg} is not a number`);
  return value;
}
