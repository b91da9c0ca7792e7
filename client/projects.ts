/** Projects in the registry: registering, maintainers, payout, metadata, ownership, and every project from events. */
import type { Connection } from "./connection.js";
import { withDecodedErrors } from "./errors.js";
import { decodeLog, eventArg, REGISTRY_INTERFACE } from "./events.js";
import type { LogRange } from "./logs.js";
import type { Transactions, TxResult } from "./transactions.js";

/** A project as stored in the registry. */
export interface ProjectDetails {
  id: bigint;
  owner: string;
  pendingOwner: string;
  payout: string;
  metadataURI: string;
  repository: string;
  /** The current version of its dependency list (0: it never declared one); campaigns opened now freeze it. */
  dependencyVersion: bigint;
  /** That version's total share of every claim, in basis points. */
  dependencyShareBps: bigint;
}

/** A project as its registry events describe it: registered, then changed. */
export interface ProjectListing {
  id: bigint;
  owner: string;
  payout: string;
  metadataURI: string;
  repository: string;
  blockNumber: number;
}

const PROJECT_EVENTS = ["ProjectRegistered", "ProjectOwnershipTransferred", "PayoutAddressChanged", "ProjectMetadataChanged"] as const;

export class Projects {
  constructor(
    private readonly connection: Connection,
    private readonly transactions: Transactions,
  ) {}

  /** Registers a project owned by the signer; returns its id. */
  async registerProject(input: { metadataURI: string; repository?: string; payout: string }): Promise<TxResult & { projectId: bigint }> {
    const registry = this.connection.registryAsSigner;
    const result = await this.transactions.send(() => registry.registerProject(input.metadataURI, input.repository ?? "", input.payout));
    return { projectId: eventArg(result.logs, REGISTRY_INTERFACE, "ProjectRegistered", "projectId"), ...result.tx };
  }

  /** Adds a maintainer (owner only). */
  async addMaintainer(projectId: bigint, account: string): Promise<TxResult> {
    const registry = this.connection.registryAsSigner;
    return (await this.transactions.send(() => registry.addMaintainer(projectId, account))).tx;
  }

  /** Removes a maintainer (owner only). */
  async removeMaintainer(projectId: bigint, account: string): Promise<TxResult> {
    const registry = this.connection.registryAsSigner;
    return (await this.transactions.send(() => registry.removeMaintainer(projectId, account))).tx;
  }

  /** Sets the payout address (owner only). */
  async setPayoutAddress(projectId: bigint, payout: string): Promise<TxResult> {
    const registry = this.connection.registryAsSigner;
    return (await this.transactions.send(() => registry.setPayoutAddress(projectId, payout))).tx;
  }

  /** Replaces metadata URI and repository (owner only). */
  async setProjectMetadata(projectId: bigint, metadataURI: string, repository: string): Promise<TxResult> {
    const registry = this.connection.registryAsSigner;
    return (await this.transactions.send(() => registry.setProjectMetadata(projectId, metadataURI, repository))).tx;
  }

  /** Nominates a new owner (owner only); the nominee then calls `acceptProjectOwnership`. */
  async transferProjectOwnership(projectId: bigint, newOwner: string): Promise<TxResult> {
    const registry = this.connection.registryAsSigner;
    return (await this.transactions.send(() => registry.transferProjectOwnership(projectId, newOwner))).tx;
  }

  /** Accepts a nomination as owner. */
  async acceptProjectOwnership(projectId: bigint): Promise<TxResult> {
    const registry = this.connection.registryAsSigner;
    return (await this.transactions.send(() => registry.acceptProjectOwnership(projectId))).tx;
  }

  /** A project's record. */
  async getProject(projectId: bigint): Promise<ProjectDetails> {
    const project = await withDecodedErrors(() => this.connection.registry.getProject(projectId));
    return {
      id: projectId,
      owner: project.owner,
      pendingOwner: project.pendingOwner,
      payout: project.payout,
      metadataURI: project.metadataURI,
      repository: project.repository,
      dependencyVersion: project.dependencyVersion,
      dependencyShareBps: project.dependencyShareBps,
    };
  }

  /** Whether an account maintains a project. */
  isMaintainer(projectId: bigint, account: string): Promise<boolean> {
    return withDecodedErrors(() => this.connection.registry.isMaintainer(projectId, account));
  }

  /** Every registered project as it stands now: `ProjectRegistered` events with every later change applied. */
  async listProjects(range: LogRange = {}): Promise<ProjectListing[]> {
    const topics = PROJECT_EVENTS.map((name) => REGISTRY_INTERFACE.getEvent(name).topicHash);
    const projects = new Map<bigint, ProjectListing>();
    for (const log of await this.connection.logs(this.connection.addresses.registry, [topics], range)) {
      const parsed = decodeLog(REGISTRY_INTERFACE, log);
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
}
