import { expect } from "chai";

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

import type { Filter, Log, Provider } from "ethers";
import ts from "typescript";

import {
  AmountError,
  amountWriter,
  campaignTimeline,
  checkSolvency,
  decodeRevertData,
  describeError,
  describeSpec,
  DurationError,
  ERROR_MESSAGES,
  formatAmount,
  formatAmountAbout,
  formatBps,
  formatDate,
  formatDuration,
  getLogsPaged,
  IncompleteHistoryError,
  isLatePledge,
  mapLimited,
  MissingDeploymentError,
  OpenPledgeClient,
  OpenPledgeError,
  owedBy,
  parseAmount,
  parseDuration,
  percentToBps,
  readDeployment,
  checkSpecDocument,
  specCommitmentOf,
  specHashOf,
  statesIn,
  withDecodedErrors,
  type CampaignTimes,
  type ErrorMessages,
  type MilestonePlanInput,
  type ProtocolLimits,
} from "../client/node.js";
import { PledgeEscrow__factory, ProjectRegistry__factory } from "../typechain-types/index.js";
import { DAY, ETH, ethers, loadWorld, networkHelpers, now, SPEC, type World } from "./helpers/fixture.js";
import { clientFor, failureOf, readerFor } from "./helpers/client.js";

const { time } = networkHelpers;
const HOUR = 3_600n;
const ESCROW = PledgeEscrow__factory.createInterface();

/** A node that answers `getLogs` through `getLogs` (given the real answer), and everything else as the test chain. */
function nodeWith(getLogs: (filter: Filter, logs: (filter: Filter) => Promise<Log[]>) => Promise<Log[]>): Provider {
  const target = ethers.provider;
  const node: Provider = new Proxy(target, {
    get(object, property) {
      if (property === "getLogs") return (filter: Filter) => getLogs(filter, (inner) => object.getLogs(inner));
      if (property === "provider") return node;
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === "function" ? value.bind(object) : value;
    },
  }) as unknown as Provider;
  return node;
}

/** The module specifiers a TypeScript file imports or re-exports (static and dynamic), and whether only types. */
function importsOf(file: string): Array<{ specifier: string; typeOnly: boolean }> {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: Array<{ specifier: string; typeOnly: boolean }> = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      // Only a whole `import type` / `export type` is erased for sure; `import { type A }` may stay as an import.
      const typeOnly = ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly === true : node.isTypeOnly;
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument !== undefined && ts.isStringLiteral(argument)) found.push({ specifier: argument.text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The TypeScript file a relative specifier names ("./x.js" is ./x.ts), if it is one. */
function resolveSource(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  return [base.replace(/\.js$/, ".ts"), `${base}.ts`, path.join(base, "index.ts")].find((candidate) => candidate.endsWith(".ts") && existsSync(candidate));
}

/** Every file reachable from `entry` by imports that survive compilation, and every Node built-in among them. */
function walkImports(entry: string): { files: string[]; nodeImports: Array<{ file: string; specifier: string }> } {
  const files = new Set<string>();
  const nodeImports: Array<{ file: string; specifier: string }> = [];
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    for (const { specifier, typeOnly } of importsOf(file)) {
      if (typeOnly) continue;
      if (specifier.startsWith("node:") || builtinModules.includes(specifier.split("/")[0] ?? "")) nodeImports.push({ file, specifier });
      const next = resolveSource(file, specifier);
      if (next !== undefined) queue.push(next);
    }
  }
  return { files: [...files], nodeImports };
}

/** Files whose owners were asked to switch to the entry points (their import lines are in the client's report). */
/** Imports from outside client/ of a client module other than its two entry points. */
function deepClientImports(): Array<{ file: string; specifier: string }> {
  const clientDir = path.resolve("client");
  const entryPoints = ["index", "node"].map((name) => path.join(clientDir, name));
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return ["node_modules", "dist", "dist-e2e"].includes(entry.name) ? [] : sources(full);
      return entry.name.endsWith(".ts") ? [full] : [];
    });
  const files = [...["app", "tasks", "scripts", "test", "deploy"].flatMap(sources), path.resolve("hardhat.config.ts")];
  return files.flatMap((file) =>
    importsOf(file)
      .filter(({ specifier }) => {
        if (!specifier.startsWith(".")) return false;
        const target = path.resolve(path.dirname(file), specifier).replace(/\.(js|ts)$/, "");
        return target.startsWith(`${clientDir}${path.sep}`) && !entryPoints.includes(target);
      })
      .map(({ specifier }) => ({ file: path.relative(".", file), specifier })),
  );
}

/** An escrow error built from its arguments, as a node would return it. */
function escrowError(name: string, args: unknown[]): OpenPledgeError {
  const decoded = decodeRevertData(ESCROW.encodeErrorResult(name, args));
  if (decoded === undefined) throw new Error(`${name} did not decode`);
  return decoded;
}

async function expectRejects(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  try {
    await promise;
  } catch (error) {
    expect(String(error)).to.match(pattern);
    return;
  }
  throw new Error("expected a rejection");
}

/** Opens an ETH campaign of project 1 through the client; a last call of one day unless given. */
async function openEth(
  world: World,
  options: { goal?: string; days?: bigint; lastCall?: bigint; claimWindow?: bigint; milestones?: MilestonePlanInput; deadline?: bigint } = {},
): Promise<{ id: bigint; deadline: bigint }> {
  const deadline = options.deadline ?? (await now()) + (options.days ?? 5n) * DAY;
  const { campaignId } = await clientFor(world, world.maintainer).openCampaign({
    projectId: 1n,
    specURI: SPEC,
    token: "ETH",
    goal: options.goal ?? "1",
    deadline,
    lastCallSeconds: options.lastCall ?? DAY,
    claimWindowSeconds: options.claimWindow,
    milestones: options.milestones,
  });
  return { id: campaignId, deadline };
}

/** One milestone taking everything, due well after the latest deadline. */
function singleMilestone(deadline: bigint): MilestonePlanInput {
  return { initialShareBps: 0, reviewWindowSeconds: DAY, objectionThresholdBps: 0, milestones: [{ shareBps: 10_000, due: deadline + 20n * DAY }] };
}

/** Campaign facts for the pure timeline and message tests: planned deadline 10,000,000 and a one-day last call. */
function times(overrides: Partial<CampaignTimes> = {}): CampaignTimes {
  const plannedDeadline = 10_000_000n;
  return {
    deadline: plannedDeadline,
    plannedDeadline,
    lastCall: DAY,
    claimWindow: 90n * DAY,
    goalReachedAt: 0n,
    goal: 100n,
    pledged: 0n,
    hasMilestones: false,
    state: "Funding",
    ...overrides,
  };
}

describe("client", () => {
  describe("amounts", () => {
    it("reads and writes human amounts in a token's units", () => {
      expect(parseAmount("0.5", 18)).to.equal(5n * 10n ** 17n);
      expect(parseAmount("1000.25", 6)).to.equal(1_000_250_000n);
      expect(parseAmount(" 100 ", 6)).to.equal(100_000_000n);
      expect(formatAmount(1_500_000n, 6)).to.equal("1.5");
      expect(formatAmount(2n * 10n ** 18n, 18)).to.equal("2");
    });

    it("writes thousands separators in amounts people read, and none in a form field's value", () => {
      expect(formatAmount(10_000_000_000n, 6)).to.equal("10,000");
      expect(formatAmount(1_234_567_890_123n, 6)).to.equal("1,234,567.890123");
      expect(formatAmount(999_500_000n, 6)).to.equal("999.5");
      expect(formatAmount(10_000_000_000n, 6, { grouped: false })).to.equal("10000");
      expect(parseAmount(formatAmount(12_345_678_500_000n, 6, { grouped: false }), 6)).to.equal(12_345_678_500_000n);
    });

    it("writes an estimate rounded down to four significant digits, never up", () => {
      expect(formatAmountAbout(63_999_999_814_814_814n, 18)).to.equal("0.06399");
      expect(formatAmountAbout(64_000_000_000_000_000n, 18)).to.equal("0.064");
      expect(formatAmountAbout(12_345_678_900n, 6)).to.equal("12,340");
      expect(formatAmountAbout(999n, 6)).to.equal("0.000999");
      expect(formatAmountAbout(0n, 18)).to.equal("0");
      expect(formatAmountAbout(123_456n, 0, 2)).to.equal("120,000");
    });

    it("refuses thousands separators and says why, and a negative amount with what to do instead", () => {
      expect(() => parseAmount("1,000", 18)).to.throw(AmountError, 'bad amount "1,000": thousands separators are not accepted: write 1000');
      expect(() => parseAmount("12,345,678.5", 6)).to.throw(/thousands separators are not accepted: write 12345678\.5$/);
      expect(() => parseAmount("1,5", 18)).to.throw('bad amount "1,5": use a dot as the decimal point: write 1.5; commas are not accepted');
      expect(() => parseAmount("-1", 18)).to.throw(/^bad amount "-1": amounts are positive \(to take back part of a pledge, withdraw that amount instead\)$/);
    });

    it("refuses what is not a positive amount the token can hold", () => {
      for (const bad of ["-1", "0", "0.0", "1e5", "abc", "", "1.2345678", "0,5", "1,5", "1,0,0", "1,00"]) {
        expect(() => parseAmount(bad, 6), bad).to.throw(AmountError, /bad amount/);
      }
      expect(() => parseAmount("1.2345678", 6)).to.throw(/6 decimals, the amount has 7/);
      expect(() => parseAmount("0,5", 18)).to.throw(/use a dot as the decimal point/);
    });
  });

  describe("times, durations and shares", () => {
    it("writes a unix time as a local date to the second, with its zone", () => {
      const date = new Date(1_700_000_000 * 1000);
      const pad = (n: number) => String(n).padStart(2, "0");
      const clock = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
      expect(formatDate(1_700_000_000n)).to.match(new RegExp(`^\\w{3} ${date.getDate()} \\w{3} ${date.getFullYear()}, ${clock} UTC([+-]\\d+(:\\d\\d)?)?$`));
    });

    it("writes a time too far for a date as seconds since 1970", () => {
      expect(formatDate(10n ** 20n)).to.equal(`${10n ** 20n} seconds after 1 January 1970`);
    });

    it("writes durations exactly, in days, hours, minutes and seconds", () => {
      expect([formatDuration(2n * DAY), formatDuration(36n * HOUR), formatDuration(5_400n), formatDuration(1n), formatDuration(0n)]).to.deep.equal([
        "2 days",
        "1 day 12 hours",
        "1 hour 30 minutes",
        "1 second",
        "0 seconds",
      ]);
    });

    it("writes basis points as percentages", () => {
      expect([formatBps(250n), formatBps(5_000n), formatBps(1n), formatBps(10n), formatBps(0n)]).to.deep.equal(["2.5%", "50%", "0.01%", "0.1%", "0%"]);
    });

    it("reads durations in days or hours with their unit", () => {
      expect([parseDuration("2d"), parseDuration("36h"), parseDuration("1.5d"), parseDuration(" 3 days "), parseDuration("1 hour")]).to.deep.equal([
        2n * DAY,
        36n * HOUR,
        36n * HOUR,
        3n * DAY,
        HOUR,
      ]);
    });

    it("refuses a duration without a unit, zero or a fraction of a second", () => {
      for (const bad of ["2", "0d", "1.0000001h", "2w", "-1d", ""]) expect(() => parseDuration(bad), bad).to.throw(DurationError);
    });

    it("reads percentages with at most two decimals as basis points", () => {
      expect([percentToBps("2.5"), percentToBps("50%"), percentToBps("100"), percentToBps("0.01")]).to.deep.equal([250, 5_000, 10_000, 1]);
      expect([percentToBps("100.01"), percentToBps("1.234"), percentToBps("x")]).to.deep.equal([undefined, undefined, undefined]);
    });
  });

  describe("the end of a campaign (timeline)", () => {
    it("starts the last call one last call before the deadline and knows when it is in it", () => {
      const timeline = campaignTimeline(times(), 10_000_000n - DAY + 1n);
      expect([timeline.lastCallStart, timeline.inLastCall]).to.deep.equal([10_000_000n - DAY + 1n, true]);
      expect(campaignTimeline(times(), 10_000_000n - DAY).inLastCall).to.equal(false);
    });

    it("tells how far the deadline was extended", () => {
      expect(campaignTimeline(times({ deadline: 10_000_000n + 5n * HOUR }), 0n).extendedBy).to.equal(5n * HOUR);
    });

    it("locks the goal once it has stood a whole last call and the last call has begun", () => {
      const early = campaignTimeline(times({ pledged: 100n, goalReachedAt: 1_000n }), 10_000_000n);
      expect([early.goalLockedFrom, early.goalLocked]).to.deep.equal([10_000_000n - DAY + 1n, true]);
      const late = campaignTimeline(times({ pledged: 100n, goalReachedAt: 10_000_000n - 2n * HOUR }), 10_000_000n - HOUR);
      expect([late.goalLockedFrom, late.goalLocked]).to.deep.equal([null, false]);
    });

    it("never locks a goal that is not met", () => {
      expect(campaignTimeline(times({ pledged: 99n, goalReachedAt: 1_000n }), 10_000_000n).goalLockedFrom).to.equal(null);
    });

    it("gives a claim window only to campaigns without milestones", () => {
      expect(campaignTimeline(times(), 0n).claimBy).to.equal(10_000_000n + 90n * DAY);
      expect(campaignTimeline(times({ hasMilestones: true }), 0n).claimBy).to.equal(null);
    });

    it("lets a pledge reach the goal until one last call after the planned deadline", () => {
      expect(campaignTimeline(times(), 0n).lastGoalCrossing).to.equal(10_000_000n + DAY);
    });

    it("calls a pledge late only after the weight cutoff of a campaign with milestones", () => {
      const cutoff = 10_000_000n - 2n * DAY;
      expect([isLatePledge(times({ hasMilestones: true }), cutoff), isLatePledge(times({ hasMilestones: true }), cutoff + 1n)]).to.deep.equal([false, true]);
      expect(isLatePledge(times(), cutoff + 1n)).to.equal(false);
    });
  });

  describe("mapLimited", () => {
    it("keeps the order and never runs more than the limit at once", async () => {
      let running = 0;
      let peak = 0;
      const results = await mapLimited([5, 1, 4, 2, 3], 2, async (value) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, value));
        running--;
        return value * 10;
      });
      expect(results).to.deep.equal([50, 10, 40, 20, 30]);
      expect(peak).to.equal(2);
      expect(await mapLimited([], 3, async (value: number) => value)).to.deep.equal([]);
    });
  });

  describe("deployments", () => {
    let dir = "";
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "openpledge-deployments-"));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("reads addresses, chain id and first block from Ignition's files", async () => {
      await mkdir(path.join(dir, "chain-31337"));
      await writeFile(
        path.join(dir, "chain-31337", "deployed_addresses.json"),
        JSON.stringify({ "OpenPledge#ProjectRegistry": "0x5FbDB2315678afecb367f032d93F642f64180aa3", "OpenPledge#PledgeEscrow": "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" }),
      );
      const journal = [
        { chainId: 31337, type: "DEPLOYMENT_INITIALIZE" },
        { futureId: "OpenPledge#PledgeEscrow", receipt: { blockNumber: 2, status: "SUCCESS" }, type: "TRANSACTION_CONFIRM" },
        { futureId: "OpenPledge#ProjectRegistry", receipt: { blockNumber: 1, status: "SUCCESS" }, type: "TRANSACTION_CONFIRM" },
      ];
      await writeFile(path.join(dir, "chain-31337", "journal.jsonl"), journal.map((line) => JSON.stringify(line)).join("\n"));
      expect(await readDeployment(dir, "chain-31337")).to.deep.equal({
        registry: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        escrow: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
        deploymentBlock: 1,
        chainId: 31337,
      });
    });

    it("says when a deployment has no OpenPledge module", async () => {
      await mkdir(path.join(dir, "other"));
      await writeFile(path.join(dir, "other", "deployed_addresses.json"), JSON.stringify({ "TestToken#TestToken": "0x01" }));
      await expectRejects(readDeployment(dir, "other"), /has no OpenPledge module/);
    });

    it("says when there is no deployment at all, with a typed error", async () => {
      await expectRejects(readDeployment(dir, "chain-1"), /no OpenPledge deployment 'chain-1'/);
      await readDeployment(dir, "chain-1").catch((error: unknown) => expect(error).to.be.instanceOf(MissingDeploymentError));
    });
  });

  describe("projects", () => {
    it("registers a project and reads it back", async () => {
      const world = await loadWorld();
      const maintainer = clientFor(world, world.maintainer);
      const { projectId } = await maintainer.registerProject({ metadataURI: "ipfs://p2", payout: world.payout.address });
      expect([projectId, (await maintainer.getProject(projectId)).payout]).to.deep.equal([2n, world.payout.address]);
    });

    it("adds and removes maintainers", async () => {
      const world = await loadWorld();
      const owner = clientFor(world, world.maintainer);
      await owner.addMaintainer(1n, world.alice.address);
      expect(await owner.isMaintainer(1n, world.alice.address)).to.equal(true);
      await owner.removeMaintainer(1n, world.alice.address);
      expect(await owner.isMaintainer(1n, world.alice.address)).to.equal(false);
    });

    it("lists every project when one was registered with a metadata URI that is not valid UTF-8 (read with U+FFFD)", async () => {
      const world = await loadWorld();
      // The registry takes any bytes as a string: what a hostile registrant sends, the client must still list.
      const selector = world.registry.interface.getFunction("registerProject").selector;
      const args = ethers.AbiCoder.defaultAbiCoder().encode(["bytes", "bytes", "address"], ["0xc328", "0x", world.carol.address]);
      await (await world.alice.sendTransaction({ to: world.registry.target as string, data: ethers.concat([selector, args]) })).wait();
      const listed = await readerFor(world).listProjects();
      expect(listed.map((project) => [project.id, project.metadataURI])).to.deep.equal([
        [1n, (await world.registry.getProject(1n)).metadataURI],
        [2n, "\uFFFD("],
      ]);
    });

    it("changes payout, metadata and owner, and lists the project as it now stands", async () => {
      const world = await loadWorld();
      const owner = clientFor(world, world.maintainer);
      await owner.setPayoutAddress(1n, world.carol.address);
      await owner.setProjectMetadata(1n, "ipfs://new", "https://git.example/x");
      await owner.transferProjectOwnership(1n, world.bob.address);
      await clientFor(world, world.bob).acceptProjectOwnership(1n);
      const [listed] = await owner.listProjects();
      expect([listed?.owner, listed?.payout, listed?.metadataURI, listed?.repository]).to.deep.equal([
        world.bob.address,
        world.carol.address,
        "ipfs://new",
        "https://git.example/x",
      ]);
    });
  });

  describe("opening", () => {
    it("opens with a human goal and returns the terms the escrow recorded, its defaults applied", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 10n * DAY;
      const opened = await clientFor(world, world.maintainer).openCampaign({ projectId: 1n, specURI: "spec", specHash: ethers.ZeroHash, token: "ETH", goal: "2.5", deadline });
      expect([opened.deadline, opened.lastCall, opened.claimWindow, opened.feeBps]).to.deep.equal([deadline, 2n * DAY, 90n * DAY, 250n]);
    });

    it("opens with the last call and claim window given", async () => {
      const world = await loadWorld();
      const opened = await clientFor(world, world.maintainer).openCampaign({
        projectId: 1n,
        specURI: "spec",
        token: "ETH",
        goal: "1",
        deadline: (await now()) + 10n * DAY,
        lastCallSeconds: 36n * HOUR,
        claimWindowSeconds: 30n * DAY,
      });
      expect([opened.lastCall, opened.claimWindow]).to.deep.equal([36n * HOUR, 30n * DAY]);
    });

    it("reads a campaign's end: planned deadline, last call, claim window, weight cutoff, latest deadline", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world, { claimWindow: 7n * DAY });
      const campaign = await readerFor(world).getCampaign(id);
      expect([campaign.plannedDeadline, campaign.lastCall, campaign.claimWindow, campaign.weightCutoff, campaign.latestDeadline]).to.deep.equal([
        deadline,
        DAY,
        7n * DAY,
        deadline - 2n * DAY,
        deadline + 2n * DAY,
      ]);
    });

    it("reads the escrow's limits from its constants", async () => {
      const world = await loadWorld();
      const escrow = world.escrow;
      const expected: ProtocolLimits = {
        maxFeeBps: await escrow.MAX_FEE_BPS(),
        feeChangeDelay: await escrow.FEE_CHANGE_DELAY(),
        maxDuration: await escrow.MAX_DURATION(),
        defaultLastCall: await escrow.DEFAULT_LAST_CALL(),
        minLastCall: await escrow.MIN_LAST_CALL(),
        maxLastCall: await escrow.MAX_LAST_CALL(),
        defaultClaimWindow: await escrow.DEFAULT_CLAIM_WINDOW(),
        minClaimWindow: await escrow.MIN_CLAIM_WINDOW(),
        maxClaimWindow: await escrow.MAX_CLAIM_WINDOW(),
        maxMilestones: await escrow.MAX_MILESTONES(),
        maxMilestoneSpan: await escrow.MAX_MILESTONE_SPAN(),
        minReviewWindow: await escrow.MIN_REVIEW_WINDOW(),
        maxReviewWindow: await escrow.MAX_REVIEW_WINDOW(),
        defaultObjectionThresholdBps: await escrow.DEFAULT_OBJECTION_THRESHOLD_BPS(),
        maxBonusBps: await escrow.MAX_BONUS_BPS(),
        minFirstBonusBps: await escrow.MIN_FIRST_BONUS_BPS(),
        builderAcceptWindow: await escrow.BUILDER_ACCEPT_WINDOW(),
      };
      expect(expected.builderAcceptWindow).to.equal(180n * DAY);
      expect(await readerFor(world).limits()).to.deep.equal(expected);
    });

    it("reads the limits once per client", async () => {
      const world = await loadWorld();
      const reader = readerFor(world);
      const first = reader.limits();
      await first;
      expect(reader.limits()).to.equal(first);
      expect(readerFor(world).limits()).to.not.equal(first);
    });
  });

  describe("pledging and the rest of a campaign's life", () => {
    it("pledges ETH given in the token's units", async () => {
      const world = await loadWorld();
      const { id } = await openEth(world, { goal: "2.5" });
      const pledged = await clientFor(world, world.alice).pledge(id, "1.5");
      expect([pledged.amount, pledged.allowance, await world.escrow.pledgeOf(id, world.alice.address)]).to.deep.equal([
        ethers.parseEther("1.5"),
        "none",
        ethers.parseEther("1.5"),
      ]);
    });

    it("pledges an ERC-20 by permit when the token supports it", async () => {
      const world = await loadWorld();
      const { campaignId } = await clientFor(world, world.maintainer).openCampaign({ projectId: 1n, specURI: "s", specHash: ethers.ZeroHash, token: world.tokenAddress, goal: "1000", deadline: (await now()) + 10n * DAY });
      const pledged = await clientFor(world, world.alice).pledge(campaignId, "100");
      expect([pledged.allowance, pledged.amount]).to.deep.equal(["permit", 100_000_000n]);
    });

    it("pledges an ERC-20 by approval when asked", async () => {
      const world = await loadWorld();
      const { campaignId } = await clientFor(world, world.maintainer).openCampaign({ projectId: 1n, specURI: "s", specHash: ethers.ZeroHash, token: world.tokenAddress, goal: "1000", deadline: (await now()) + 10n * DAY });
      expect((await clientFor(world, world.alice).pledge(campaignId, "50", "approve")).allowance).to.equal("approved");
    });

    it("pledges an ERC-20 on the allowance in place without asking for another", async () => {
      const world = await loadWorld();
      const { campaignId } = await clientFor(world, world.maintainer).openCampaign({ projectId: 1n, specURI: "s", specHash: ethers.ZeroHash, token: world.tokenAddress, goal: "1000", deadline: (await now()) + 10n * DAY });
      await (await world.token.connect(world.alice).approve(world.escrowAddress, 10_000_000n)).wait();
      expect((await clientFor(world, world.alice).pledge(campaignId, 10_000_000n)).allowance).to.equal("existing");
    });

    it("formats base units in the token's units with its symbol", async () => {
      const world = await loadWorld();
      expect(await readerFor(world).format(160_000_000n, world.tokenAddress)).to.equal("160 PUSD");
    });

    it("withdraws part of a pledge", async () => {
      const world = await loadWorld();
      const { id } = await openEth(world);
      const alice = clientFor(world, world.alice);
      await alice.pledge(id, "1.5");
      await alice.withdrawPledge(id, "0.5");
      expect(await alice.pledgeOf(id, world.alice.address)).to.equal(ethers.parseEther("1"));
    });

    it("claims a succeeded campaign to the payout address, the fee set aside", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world, { goal: "2.5" });
      await clientFor(world, world.alice).pledge(id, "2.5");
      await time.increaseTo(deadline + 1n);
      const claim = await clientFor(world, world.maintainer).claim(id);
      expect([claim.payout, claim.amount, claim.fee]).to.deep.equal([world.payout.address, ethers.parseEther("2.4375"), ethers.parseEther("0.0625")]);
    });

    it("cancels a campaign, after which backers refund in full", async () => {
      const world = await loadWorld();
      const { id } = await openEth(world);
      await clientFor(world, world.alice).pledge(id, "0.4");
      await clientFor(world, world.maintainer).cancelCampaign(id);
      expect((await clientFor(world, world.alice).refund(id)).amount).to.equal(ethers.parseEther("0.4"));
    });

    it("refunds a lapsed campaign in full", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world, { claimWindow: 7n * DAY });
      await clientFor(world, world.alice).pledge(id, "1");
      await time.increaseTo(deadline + 7n * DAY + 1n);
      expect((await readerFor(world).getCampaign(id)).state).to.equal("Lapsed");
      expect((await clientFor(world, world.alice).refund(id)).amount).to.equal(ethers.parseEther("1"));
    });
  });

  describe("what a pledge changed", () => {
    it("calls a pledge after the weight cutoff of a campaign with milestones late", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 5n * DAY;
      const { id } = await openEth(world, { deadline, milestones: singleMilestone(deadline) });
      await time.setNextBlockTimestamp(deadline - 2n * DAY + 1n);
      expect((await clientFor(world, world.alice).pledge(id, "0.5")).late).to.equal(true);
    });

    it("does not call a pledge at the weight cutoff late", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 5n * DAY;
      const { id } = await openEth(world, { deadline, milestones: singleMilestone(deadline) });
      await time.setNextBlockTimestamp(deadline - 2n * DAY);
      expect((await clientFor(world, world.alice).pledge(id, "0.5")).late).to.equal(false);
    });

    it("tells that a pledge reaching the goal in the last call moved the deadline, and where to", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world);
      await time.setNextBlockTimestamp(deadline - 100n);
      const pledged = await clientFor(world, world.alice).pledge(id, "1");
      expect([pledged.goalReached, pledged.deadlineExtended]).to.deep.equal([true, { from: deadline, to: deadline - 100n + DAY }]);
    });

    it("tells that a pledge reached the goal before the last call without moving the deadline", async () => {
      const world = await loadWorld();
      const { id } = await openEth(world);
      const pledged = await clientFor(world, world.alice).pledge(id, "1");
      expect([pledged.goalReached, pledged.deadlineExtended]).to.deep.equal([true, null]);
    });

    it("reads objection weights that leave out what was pledged after the cutoff", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 5n * DAY;
      const { id } = await openEth(world, { deadline, milestones: singleMilestone(deadline) });
      await clientFor(world, world.alice).pledge(id, "1");
      await time.setNextBlockTimestamp(deadline - 2n * DAY + 1n);
      await clientFor(world, world.alice).pledge(id, "0.5");
      await clientFor(world, world.bob).pledge(id, "1");
      const weights = await readerFor(world).objectionWeights(id, [world.alice.address, world.bob.address]);
      expect([...weights.values()]).to.deep.equal([ethers.parseEther("1"), 0n]);
    });
  });

  describe("refund bonus", () => {
    /** The time of the block a transaction was mined in. */
    async function minedAt(blockNumber: number): Promise<bigint> {
      const block = await ethers.provider.getBlock(blockNumber);
      if (block === null) throw new Error(`no block ${blockNumber}`);
      return BigInt(block.timestamp);
    }

    /** Opens a PUSD campaign of project 1 (goal 1,000 PUSD, 10 days). */
    async function openUsd(world: World): Promise<{ id: bigint; deadline: bigint }> {
      const deadline = (await now()) + 10n * DAY;
      const { campaignId } = await clientFor(world, world.maintainer).openCampaign({ projectId: 1n, specURI: SPEC, token: world.tokenAddress, goal: "1000", deadline, lastCallSeconds: DAY });
      return { id: campaignId, deadline };
    }

    it("reads no bonus on a campaign without one: nothing pending, no dates", async () => {
      const world = await loadWorld();
      const { id } = await openEth(world);
      const bonus = await readerFor(world).getBonus(id, { account: world.alice.address, amount: "0.5" });
      expect(bonus).to.deep.equal({
        pot: 0n,
        maxPot: ethers.parseEther("0.1"),
        startedAt: null,
        creditEnd: null,
        outcome: "none",
        reservedForBackers: 0n,
        reclaimed: 0n,
        account: { share: 0n, creditSince: null, quote: 0n, deposited: 0n, reclaimable: 0n },
      });
    });

    it("deposits ETH, quotes a pledge before it is made, pays pledge plus share on failure, and gives the depositor the rest to the wei", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world, { goal: "1" });
      const deposit = await clientFor(world, world.maintainer).depositBonus(id, "0.05");
      const start = await minedAt(deposit.blockNumber);
      expect([deposit.amount, deposit.pot, deposit.allowance]).to.deep.equal([ethers.parseEther("0.05"), ethers.parseEther("0.05"), "none"]);
      const pot = ethers.parseEther("0.05");
      const goal = ethers.parseEther("1");
      const pledge = ethers.parseEther("0.5");
      const period = deadline - start;

      // The quote: held from the view's time to the deadline, at the rate pot / goal.
      const quoted = await readerFor(world).getBonus(id, { account: world.alice.address, amount: "0.5" });
      const viewTime = await now();
      expect(quoted.account.quote).to.equal((pot * pledge * (deadline - viewTime)) / (goal * period));
      expect([quoted.outcome, quoted.startedAt, quoted.creditEnd, quoted.account.deposited]).to.deep.equal(["pending", start, deadline, 0n]);
      expect((await readerFor(world).getBonus(id, { account: world.maintainer.address })).account.deposited).to.equal(pot);

      const pledged = await clientFor(world, world.alice).pledge(id, "0.5");
      const since = await minedAt(pledged.blockNumber);
      const share = (pot * pledge * (deadline - since)) / (goal * period);
      const during = await readerFor(world).getBonus(id, { account: world.alice.address });
      expect([during.account.share, during.account.creditSince, during.reservedForBackers]).to.deep.equal([share, since, share]);

      await time.increaseTo(deadline + 1n);
      const failed = await readerFor(world).getBonus(id, { account: world.maintainer.address });
      expect([failed.outcome, failed.account.reclaimable]).to.deep.equal(["to-backers", pot - share]);

      const aliceBefore = await ethers.provider.getBalance(world.alice.address);
      const refund = await clientFor(world, world.alice).refund(id);
      expect([refund.amount, refund.bonus]).to.deep.equal([pledge, share]);
      const gas = (await ethers.provider.getTransactionReceipt(refund.hash))?.fee ?? 0n;
      expect((await ethers.provider.getBalance(world.alice.address)) - aliceBefore + gas).to.equal(pledge + share);

      const reclaimed = await clientFor(world, world.maintainer).reclaimBonus(id);
      expect(reclaimed.amount).to.equal(pot - share);
      const after = await readerFor(world).getBonus(id, { account: world.maintainer.address });
      expect([after.reclaimed, after.account.deposited, after.account.reclaimable]).to.deep.equal([pot, 0n, 0n]);
      // Paid to the backer plus given back: the whole pot, nothing left in the escrow for this campaign.
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
    });

    it("deposits an ERC-20 after an approval, and on the allowance in place without asking for another", async () => {
      const world = await loadWorld();
      const { id } = await openUsd(world);
      const first = await clientFor(world, world.alice).depositBonus(id, "50");
      expect([first.allowance, first.amount, first.pot]).to.deep.equal(["approved", 50_000_000n, 50_000_000n]);
      await (await world.token.connect(world.bob).approve(world.escrowAddress, 10_000_000n)).wait();
      const second = await clientFor(world, world.bob).depositBonus(id, 10_000_000n);
      expect([second.allowance, second.pot]).to.deep.equal(["existing", 60_000_000n]);
      expect(await world.token.balanceOf(world.escrowAddress)).to.equal(60_000_000n);
    });

    it("quotes an amount in the token's units or in base units alike", async () => {
      const world = await loadWorld();
      const { id } = await openUsd(world);
      await clientFor(world, world.alice).depositBonus(id, "100");
      const reader = readerFor(world);
      const [text, units] = await Promise.all([reader.getBonus(id, { amount: "200" }), reader.getBonus(id, { amount: 200_000_000n })]);
      expect(text.account.quote).to.equal(units.account.quote);
      // 100 PUSD on a 1,000 PUSD goal: 10% of a pledge held to the deadline, a little less for the second gone by.
      expect(text.account.quote > 19_990_000n && text.account.quote <= 20_000_000n).to.equal(true);
    });

    it("gives every depositor their whole deposit back once the campaign is claimed, and pays no share with a refund", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world, { goal: "1" });
      await clientFor(world, world.maintainer).depositBonus(id, "0.06");
      await clientFor(world, world.carol).depositBonus(id, "0.04");
      await clientFor(world, world.alice).pledge(id, "1");
      await time.increaseTo(deadline + 1n);
      expect((await readerFor(world).getBonus(id)).outcome).to.equal("pending");
      await clientFor(world, world.maintainer).claim(id);
      const decided = await readerFor(world).getBonus(id, { account: world.carol.address });
      expect([decided.outcome, decided.account.reclaimable, decided.reservedForBackers, decided.account.share]).to.deep.equal(["to-depositors", ethers.parseEther("0.04"), 0n, 0n]);
      expect((await clientFor(world, world.carol).reclaimBonus(id)).amount).to.equal(ethers.parseEther("0.04"));
      expect((await clientFor(world, world.maintainer).reclaimBonus(id)).amount).to.equal(ethers.parseEther("0.06"));
    });

    it("pays the bonus to backers of a cancelled campaign, credit stopping at the cancellation, the period running to the deadline", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world, { goal: "1", days: 10n });
      const deposit = await clientFor(world, world.maintainer).depositBonus(id, "0.1");
      const start = await minedAt(deposit.blockNumber);
      await time.setNextBlockTimestamp(start + 10n);
      await clientFor(world, world.alice).pledge(id, "0.4");
      await time.setNextBlockTimestamp(start + DAY);
      const cancelled = await clientFor(world, world.maintainer).cancelCampaign(id);
      const end = await minedAt(cancelled.blockNumber);
      const bonus = await readerFor(world).getBonus(id, { account: world.alice.address });
      const share = (ethers.parseEther("0.1") * ethers.parseEther("0.4") * (end - start - 10n)) / (ethers.parseEther("1") * (deadline - start));
      expect([bonus.outcome, bonus.creditEnd, bonus.account.share]).to.deep.equal(["to-backers", end, share]);
      expect((await clientFor(world, world.alice).refund(id)).bonus).to.equal(share);
    });

    it("a maintainer pledging into their own failing campaign gets back exactly what they put in, never more", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world, { goal: "1" });
      const maintainer = clientFor(world, world.maintainer);
      const before = await ethers.provider.getBalance(world.maintainer.address);
      let gas = 0n;
      const fee = async (hash: string) => (gas += (await ethers.provider.getTransactionReceipt(hash))?.fee ?? 0n);
      await fee((await maintainer.depositBonus(id, "0.1")).hash);
      await fee((await maintainer.pledge(id, "0.9")).hash);
      await time.increaseTo(deadline + 1n);
      const refund = await maintainer.refund(id);
      await fee(refund.hash);
      await fee((await maintainer.reclaimBonus(id)).hash);
      // Pledge plus share plus the rest of the bonus: exactly what was put in, never more.
      expect(refund.bonus > 0n).to.equal(true);
      expect((await ethers.provider.getBalance(world.maintainer.address)) + gas).to.equal(before);
    });

    it("lists the bonus events in the campaign's history, the totals still adding up", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world, { goal: "1" });
      await clientFor(world, world.maintainer).depositBonus(id, "0.05");
      await clientFor(world, world.alice).pledge(id, "0.5");
      await time.increaseTo(deadline + 1n);
      const refund = await clientFor(world, world.alice).refund(id);
      const reclaimed = await clientFor(world, world.maintainer).reclaimBonus(id);
      const history = await readerFor(world).campaignHistory(id);
      expect(history.map((event) => event.name)).to.deep.equal(["CampaignOpened", "BonusDeposited", "Pledged", "RefundedWithBonus", "BonusReclaimed"]);
      const args = (name: string) => history.find((event) => event.name === name)?.args;
      expect([args("BonusDeposited")?.depositor, args("BonusDeposited")?.pot, args("RefundedWithBonus")?.amount, args("RefundedWithBonus")?.bonus, args("BonusReclaimed")?.amount]).to.deep.equal([
        world.maintainer.address,
        ethers.parseEther("0.05"),
        ethers.parseEther("0.5"),
        refund.bonus,
        reclaimed.amount,
      ]);
      const refunded = history.find((event) => event.name === "RefundedWithBonus");
      expect(refunded?.totals).to.deep.equal({ backer: 0n, campaign: ethers.parseEther("0.5") });
      const backers = await readerFor(world).campaignBackers(id);
      expect(backers.map((backer) => [backer.backer, backer.pledged, backer.refunded])).to.deep.equal([[world.alice.address, 0n, ethers.parseEther("0.5")]]);
    });

    describe("refusals in words", () => {
      it("BonusTooLarge: the cap in the token and in percent, and how much still fits", async () => {
        const world = await loadWorld();
        const { id } = await openUsd(world);
        const over = await failureOf(clientFor(world, world.alice).depositBonus(id, "101"), "BonusTooLarge");
        expect(over.message).to.equal(
          `BonusTooLarge: campaign ${id}'s refund bonus may hold at most 100 PUSD (10% of its goal), and this deposit would take it to 101 PUSD: deposit at most 100 PUSD`,
        );
        await clientFor(world, world.alice).depositBonus(id, "60");
        const room = await failureOf(clientFor(world, world.bob).depositBonus(id, "50"), "BonusTooLarge");
        expect(room.message).to.match(/would take it to 110 PUSD: deposit at most 40 PUSD$/);
        await clientFor(world, world.bob).depositBonus(id, "40");
        const full = await failureOf(clientFor(world, world.carol).depositBonus(id, "1"), "BonusTooLarge");
        expect(full.message).to.match(/: it is full, so deposit nothing more; back the campaign with a pledge instead$/);
      });

      it("BonusTooSmall: a first deposit below 1% of the goal, told in the token and percent, with what to deposit", async () => {
        const world = await loadWorld();
        const { id } = await openUsd(world);
        const error = await failureOf(clientFor(world, world.alice).depositBonus(id, "9.99"), "BonusTooSmall");
        expect(error.message).to.equal(
          `BonusTooSmall: campaign ${id} has no refund bonus yet, and a first deposit must be at least 10 PUSD (1% of its goal), not 9.99 PUSD: deposit at least 10 PUSD (later deposits may be any amount), or pledge instead`,
        );
        await clientFor(world, world.alice).depositBonus(id, "10");
        expect((await clientFor(world, world.bob).depositBonus(id, "0.01")).pot).to.equal(10_010_000n);
      });

      it("a reclaim while funding: when the bonus is decided, as dates", async () => {
        const world = await loadWorld();
        const { id, deadline } = await openEth(world);
        await clientFor(world, world.maintainer).depositBonus(id, "0.01");
        const error = await failureOf(clientFor(world, world.maintainer).reclaimBonus(id), "UnexpectedState");
        expect(error.message).to.equal(
          `UnexpectedState: campaign ${id} is Funding; a refund bonus can only be reclaimed while it is Failed, Cancelled, Claimed, Rejected or Lapsed. ` +
            `The bonus is decided when the campaign ends, at its deadline (${formatDate(deadline)}; later if a last-call extension moves it): ` +
            `if it fails, reclaim what the backers' shares leave from ${formatDate(deadline + 1n)}; if it succeeds, reclaim all of your deposit once it is claimed.`,
        );
      });

      it("a reclaim of a succeeded campaign not yet claimed: decided when it is claimed or its claim window ends", async () => {
        const world = await loadWorld();
        const { id, deadline } = await openEth(world, { claimWindow: 7n * DAY });
        await clientFor(world, world.maintainer).depositBonus(id, "0.01");
        await clientFor(world, world.alice).pledge(id, "1");
        await time.increaseTo(deadline + 1n);
        const error = await failureOf(clientFor(world, world.maintainer).reclaimBonus(id), "UnexpectedState");
        expect(error.message).to.equal(
          `UnexpectedState: campaign ${id} is Succeeded; a refund bonus can only be reclaimed while it is Failed, Cancelled, Claimed, Rejected or Lapsed. ` +
            `It reached its goal: the bonus is decided when the campaign is claimed or its claim window ends on ${formatDate(deadline + 7n * DAY)}; ` +
            `reclaim all of your deposit once it is claimed, or what the backers' shares leave from ${formatDate(deadline + 7n * DAY + 1n)} if nobody claims it.`,
        );
      });

      it("a deposit after the deadline or into a cancelled campaign: deposit into one still funding", async () => {
        const world = await loadWorld();
        const { id, deadline } = await openEth(world);
        const { id: cancelled } = await openEth(world);
        await clientFor(world, world.maintainer).cancelCampaign(cancelled);
        const refused = await failureOf(clientFor(world, world.carol).depositBonus(cancelled, "0.01"), "UnexpectedState");
        expect(refused.message).to.equal(
          `UnexpectedState: campaign ${cancelled} is Cancelled; a refund bonus can only be deposited while it is Funding. A maintainer cancelled it, which stopped the credit: its backers' refunds carry the bonus their pledges earned until then, and its depositors reclaim the rest; deposit into a campaign that is still funding instead (campaign list shows them).`,
        );
        await time.increaseTo(deadline + 1n);
        const late = await failureOf(clientFor(world, world.carol).depositBonus(id, "0.01"), "UnexpectedState");
        expect(late.message).to.equal(
          `UnexpectedState: campaign ${id} is Failed; a refund bonus can only be deposited while it is Funding. Its funding ended at its deadline (${formatDate(deadline)}): a bonus only counts while backers can still pledge; deposit into a campaign that is still funding instead (campaign list shows them).`,
        );
      });

      it("NothingToReclaim: not a depositor, or reclaimed already, pointing at the account's deposits and reclaims", async () => {
        const world = await loadWorld();
        const { id, deadline } = await openEth(world);
        await clientFor(world, world.maintainer).depositBonus(id, "0.01");
        await time.increaseTo(deadline + 1n);
        const error = await failureOf(clientFor(world, world.alice).reclaimBonus(id), "NothingToReclaim");
        expect(error.message).to.equal(
          `NothingToReclaim: ${world.alice.address} has no refund bonus deposit left in campaign ${id}: it never deposited into it from this account, or it already reclaimed its part (each depositor reclaims once, all of what is theirs); account pledges --account ${world.alice.address} lists its deposits and what each reclaim paid: reclaim as the account that deposited (--from), after the campaign is decided`,
        );
        await clientFor(world, world.maintainer).reclaimBonus(id);
        const again = await failureOf(clientFor(world, world.maintainer).reclaimBonus(id), "NothingToReclaim");
        expect(again.message).to.include(`or it already reclaimed its part (each depositor reclaims once, all of what is theirs); account pledges --account ${world.maintainer.address} lists`);
      });

      it("NothingToRefund: refunded already or never pledged, pointing at the pledge shown by campaign show", async () => {
        const world = await loadWorld();
        const { id, deadline } = await openEth(world);
        await clientFor(world, world.maintainer).depositBonus(id, "0.01");
        await clientFor(world, world.alice).pledge(id, "0.2");
        await time.increaseTo(deadline + 1n);
        await clientFor(world, world.alice).refund(id);
        const error = await failureOf(clientFor(world, world.alice).refund(id), "NothingToRefund");
        expect(error.message).to.equal(
          `NothingToRefund: ${world.alice.address} has nothing to refund in campaign ${id}: it refunded already (a refund pays the whole pledge, with any bonus share, once), or it never pledged from this account or withdrew all of it; campaign show ${id} --from ${world.alice.address} shows its pledge: refund as the account that pledged (--from)`,
        );
        expect((await failureOf(clientFor(world, world.bob).refund(id), "NothingToRefund")).message).to.include(`campaign show ${id} --from ${world.bob.address} shows its pledge`);
      });

      it("the errors no client call can cause still say what to do", () => {
        const says = (name: string, args: unknown[], pattern: RegExp) => expect(escrowError(name, args).message, name).to.match(pattern);
        says("BonusValueMismatch", [10n ** 17n, 0n], /^BonusValueMismatch: a bonus in a token takes no ETH, but 0.1 ETH was sent: send none/);
        says("BonusValueMismatch", [1n, 10n ** 17n], /must send exactly that much ETH, not 0.000000000000000001 ETH: send 0.1 ETH with it/);
        says("InvalidModule", [ETH], /is not a module for this escrow \(no code, not a share ledger, or the share ledger of another registry\): deploy the refund bonus module \(BonusPool\) and the share module \(ShareLedger, for this registry\) first and give their addresses to the escrow$/);
        // Without the call, a reclaim's bitmap (decided states, Claimed among them) is still told as a reclaim.
        const decided = ethers.toBeHex([2, 3, 4, 5, 6].reduce((bits, state) => bits | (1n << BigInt(state)), 0n), 32);
        says("UnexpectedState", [1n, 0n, decided], /^UnexpectedState: campaign 1 is Funding; a refund bonus can only be reclaimed while it is Failed, Cancelled, Claimed, Rejected or Lapsed\. The bonus is decided when the campaign ends, at its deadline: /);
      });
    });
  });

  describe("milestones", () => {
    it("reports the objection weight of a milestone in review", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 5n * DAY;
      const { id } = await openEth(world, { deadline, milestones: singleMilestone(deadline) });
      const alice = clientFor(world, world.alice);
      await alice.pledge(id, "1");
      await time.increaseTo(deadline + 1n);
      const { reviewEnd } = await clientFor(world, world.maintainer).submitMilestone(id, "ipfs://delivery");
      await alice.objectMilestone(id);
      const progress = await readerFor(world).getMilestoneProgress(id);
      expect([progress.objectionWeight, progress.reviewEnd, progress.milestones.length]).to.deep.equal([ethers.parseEther("1"), reviewEnd, 1]);
    });

    it("settles a milestone whose window closed without objections: its share is released", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 5n * DAY;
      const { id } = await openEth(world, { deadline, milestones: singleMilestone(deadline) });
      const alice = clientFor(world, world.alice);
      await alice.pledge(id, "1");
      await time.increaseTo(deadline + 1n);
      const { reviewEnd } = await clientFor(world, world.maintainer).submitMilestone(id, "ipfs://delivery");
      await alice.objectMilestone(id);
      await alice.withdrawObjection(id);
      await time.increaseTo(reviewEnd + 1n);
      await alice.settleMilestone(id);
      const progress = await readerFor(world).getMilestoneProgress(id);
      expect([progress.current, progress.releasedBps]).to.deep.equal([1n, 10_000n]);
    });
  });

  describe("protocol fee", () => {
    it("announces a fee that takes effect after the delay", async () => {
      const world = await loadWorld();
      const scheduled = await clientFor(world, world.owner).setFee(300);
      const block = await ethers.provider.getBlock(scheduled.blockNumber);
      expect([scheduled.currentFeeBps, scheduled.newFeeBps, scheduled.effectiveAt]).to.deep.equal([250n, 300n, BigInt(block?.timestamp ?? 0) + 7n * DAY]);
    });

    it("shows the announced fee as pending until it takes effect", async () => {
      const world = await loadWorld();
      const { effectiveAt } = await clientFor(world, world.owner).setFee(300);
      const status = await readerFor(world).protocolStatus();
      expect([status.feeBps, status.pendingFee, status.limits.feeChangeDelay]).to.deep.equal([250n, { feeBps: 300n, effectiveAt }, 7n * DAY]);
    });

    it("shows the new fee, and nothing pending, once it took effect", async () => {
      const world = await loadWorld();
      const { effectiveAt } = await clientFor(world, world.owner).setFee(300);
      await time.increaseTo(effectiveAt);
      const status = await readerFor(world).protocolStatus();
      expect([status.feeBps, status.pendingFee]).to.deep.equal([300n, null]);
    });

    it("shows the protocol's roles", async () => {
      const world = await loadWorld();
      const status = await readerFor(world).protocolStatus();
      expect([status.owner, status.guardian, status.feeRecipient, status.paused, status.limits.maxFeeBps]).to.deep.equal([
        world.owner.address,
        world.guardian.address,
        world.feeRecipient.address,
        false,
        500n,
      ]);
    });
  });

  describe("errors in plain words", () => {
    it("come back typed, naming the custom error and its arguments", async () => {
      const world = await loadWorld();
      const unknown = await failureOf(clientFor(world, world.alice).pledge(99n, "1"), "UnknownCampaign");
      expect([unknown.args.campaignId, unknown.message]).to.deep.equal([
        99n,
        "UnknownCampaign: there is no campaign 99: check the id against the list of campaigns (campaign list, or the app's home page)",
      ]);
    });

    it("write amounts of a campaign's call in its token's units", async () => {
      const world = await loadWorld();
      const { id } = await openEth(world);
      const error = await failureOf(clientFor(world, world.alice).withdrawPledge(id, "5"), "InsufficientPledge");
      expect(error.message).to.equal("InsufficientPledge: asked to withdraw 5 ETH but there is no pledge to withdraw from: nothing can be taken back");
    });

    it("keep the app's amount writer working", () => {
      const error = escrowError("InsufficientPledge", [5n, 2n]);
      expect(describeError(error, (value) => `${value} units`).text).to.equal(
        "InsufficientPledge: asked to withdraw 5 units but the pledge is 2 units: withdraw at most 2 units",
      );
    });

    it("never write a bare base-unit number: without the token, the unit is named", () => {
      expect(escrowError("InsufficientPledge", [5n * 10n ** 18n, 15n * 10n ** 17n]).message).to.equal(
        "InsufficientPledge: asked to withdraw 5000000000000000000 base units of the token (wei for ETH) but the pledge is 1500000000000000000 base units of the token (wei for ETH): withdraw at most 1500000000000000000 base units of the token (wei for ETH)",
      );
      expect(escrowError("InsufficientPledge", [5n * 10n ** 18n, 15n * 10n ** 17n]).describe(amountWriter({ decimals: 18, symbol: "ETH" }))).to.equal(
        "InsufficientPledge: asked to withdraw 5 ETH but the pledge is 1.5 ETH: withdraw at most 1.5 ETH",
      );
    });

    it("tell a node's own failures plainly, with a next step: too little ETH (also wrapped by a wallet) and a non-token address", () => {
      const node = { code: -32000, message: "Sender doesn't have enough funds to send tx. The max upfront cost is: 100000000078040817156472 and the sender's balance is: 10000000000000000000000." };
      const wrapped = { code: "UNKNOWN_ERROR", shortMessage: "could not coalesce error", error: node };
      for (const error of [node, wrapped]) {
        expect(describeError(error)).to.deep.equal({
          kind: "error",
          text: "The account does not hold enough ETH for this amount and the transaction's gas (it needs 100,000.000078 ETH with the gas, and holds 10,000 ETH): send a smaller amount, or add ETH to the account first. Nothing was sent.",
        });
      }
      expect(describeError({ code: "INSUFFICIENT_FUNDS", shortMessage: "insufficient funds for intrinsic transaction cost" }).text).to.match(/^The account does not hold enough ETH for this amount and the transaction's gas: send a smaller amount/);
      const badData = { code: "BAD_DATA", shortMessage: "could not decode result data", value: "0x", info: { method: "symbol", signature: "symbol()" } };
      expect(describeError(badData).text).to.match(/^That token address is not an ERC-20 token contract \(it answers no symbol or decimals\): give ETH, or the address of a token the escrow allows/);
    });

    it("every refusal says what to do instead", () => {
      const backer = "0x000000000000000000000000000000000000bEEF";
      const token = "0x000000000000000000000000000000000000dEaD";
      const says = (name: string, args: unknown[], pattern: RegExp, context = {}) =>
        expect(escrowError(name, args).describe(context), name).to.match(pattern);
      says("UnknownCampaign", [99n], /^UnknownCampaign: there is no campaign 99: check the id against the list of campaigns \(campaign list/);
      says("NotInReview", [1n], /^NotInReview: no milestone of campaign 1 is in review: objections are taken only while a delivery is in review/);
      says("NoStake", [1n, backer], /: only backers who pledged before the weight cutoff can object/);
      says("NotProjectMaintainer", [1n, backer], /: act as one of its maintainers \(--from\), or ask the project's owner to add this account \(project add-maintainer\)$/);
      says("TokenNotAllowed", [token], /: use ETH or an allowed token; only the protocol owner adds a token to the escrow's allowlist \(protocol allow-token <address>\)$/);
      says("EnforcedPause", [], /^EnforcedPause: the protocol is paused by its guardian: no new campaigns or feature requests, acceptances of requests, pledges or bonus deposits until it is unpaused; withdrawals, claims, refunds, bonus reclaims and declining a request still work/);
      says("WrongToken", [1n, ETH], /^WrongToken: campaign 1 takes ETH, not a token: pledge ETH \(campaign pledge 1 <amount in ETH> sends it\)$/);
      says("WrongToken", [1n, token], /^WrongToken: campaign 1 takes token 0x0+dEaD, not ETH: pledge that token \(campaign pledge 1 /);
      says("NothingToClaim", [1n], /^NothingToClaim: nothing more to claim in campaign 1: it was rejected, and whatever was released before has been claimed; the rest goes back to the backers as refunds$/, {
        campaign: times({ state: "Rejected", hasMilestones: true }),
      });
      says("NothingToClaim", [1n], /yet: everything released has been claimed; the next share is released when the next milestone is accepted/, {
        campaign: times({ state: "Succeeded", hasMilestones: true }),
      });
      says("NoMilestones", [1n], /^NoMilestones: campaign 1 has no milestone plan: it pays out all at once when claimed/, { campaign: times() });
      says("NoMilestones", [1n], /^NoMilestones: campaign 1 has no milestone with that number: its milestones are numbered from 1/, { campaign: times({ hasMilestones: true }) });
      says("NoMilestones", [1n], /^NoMilestones: campaign 1 has no milestone plan, or no milestone with that number: campaign show lists its milestones/);
      says("InvalidMilestoneShares", [9000n], /but they make 90%: change the shares so the initial share and every milestone's add up to 100%$/);
    });

    it("are read-only errors for a client without a signer", async () => {
      const world = await loadWorld();
      expect(() => readerFor(world).signer).to.throw(/read-only/);
    });

    it("GoalLocked: how much can still be withdrawn, and when the campaign succeeds", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world);
      await clientFor(world, world.alice).pledge(id, "1");
      await clientFor(world, world.bob).pledge(id, "0.5");
      await time.increaseTo(deadline - DAY + 10n);
      const error = await failureOf(clientFor(world, world.alice).withdrawPledge(id, "1"), "GoalLocked");
      expect(error.message).to.equal(
        `GoalLocked: the goal has stood for more than a whole last call: you can withdraw at most 0.5 ETH now, not 1 ETH; the campaign succeeds at ${formatDate(deadline + 1n)}`,
      );
    });

    it("GoalLocked: says so when nothing can be withdrawn", () => {
      const error = escrowError("GoalLocked", [1n, 10n, 0n]).withContext({ campaign: times({ pledged: 100n }) });
      expect(error.message).to.equal(
        `GoalLocked: the goal has stood for more than a whole last call: you cannot withdraw anything now (the total would fall below the goal); the campaign succeeds at ${formatDate(10_000_001n)}`,
      );
    });

    it("GoalReachedTooLate: until when the goal could be reached, and how much may still be pledged", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world);
      const step = async (at: bigint, signer: World["alice"], action: "pledge" | "withdraw") => {
        await time.setNextBlockTimestamp(at);
        const client = clientFor(world, signer);
        await (action === "pledge" ? client.pledge(id, signer === world.alice ? "1" : "0.5") : client.withdrawPledge(id, "0.5"));
      };
      // Reach the goal at the deadline, leave, reach it again: each time the deadline moves a last call on.
      await step(deadline, world.alice, "pledge");
      await step(deadline + 1n, world.alice, "withdraw");
      await step(deadline + 10n, world.bob, "pledge");
      await step(deadline + 11n, world.bob, "withdraw");
      await time.setNextBlockTimestamp(deadline + DAY + 1n);
      const error = await failureOf(clientFor(world, world.carol).pledge(id, "0.5"), "GoalReachedTooLate");
      expect(error.message).to.equal(
        `GoalReachedTooLate: a pledge may reach the goal only until ${formatDate(deadline + DAY)}, so that the other backers keep a whole last call before the latest deadline (${formatDate(deadline + 2n * DAY)}): pledge at most 0.499999999999999999 ETH, so the total stays below the goal, or nothing; the campaign then fails and every backer gets their pledge back`,
      );
    });

    it("InvalidLastCall: the length in hours and the bounds in days", async () => {
      const world = await loadWorld();
      const error = await failureOf(openEth(world, { lastCall: 5_400n }), "InvalidLastCall");
      expect(error.message).to.equal(
        "InvalidLastCall: a last call of 1 hour 30 minutes is not allowed: it must be a whole number of hours from 1 day to 7 days, or left out for the default",
      );
    });

    it("InvalidClaimWindow: the length and the bounds in days", async () => {
      const world = await loadWorld();
      const error = await failureOf(openEth(world, { claimWindow: 200n * DAY }), "InvalidClaimWindow");
      expect(error.message).to.equal(
        "InvalidClaimWindow: a claim window of 200 days is not allowed: it must be a whole number of days from 7 days to 180 days, or left out for the default",
      );
    });

    it("InvalidDeadline: a campaign runs at least two last calls, told as dates, with the escrow's minimum last call", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + DAY;
      const error = await failureOf(openEth(world, { deadline, lastCall: 2n * DAY }), "InvalidDeadline");
      const earliest = error.args.earliest as bigint;
      expect(error.message).to.equal(
        `InvalidDeadline: the deadline ${formatDate(deadline)} is too early: a campaign runs at least two last calls, so its deadline can be ${formatDate(earliest)} at the earliest (a transaction is mined a few seconds after it is sent: with --days, add a day); choose a later deadline, or a shorter last call if yours is longer than the 1 day minimum`,
      );
    });

    it("InvalidDeadline: without the escrow's limits, no number is made up", () => {
      expect(escrowError("InvalidDeadline", [1_000n, 2_000n, 3_000n]).message).to.match(/if yours is longer than the escrow's minimum$/);
    });

    it("InvalidDeadline: a deadline too far ahead", () => {
      expect(escrowError("InvalidDeadline", [4_000n, 2_000n, 3_000n]).message).to.equal(
        `InvalidDeadline: the deadline ${formatDate(4_000n)} is too far ahead: it can be ${formatDate(3_000n)} at the latest`,
      );
    });

    it("InvalidReviewWindow: the bounds read from the escrow", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 5n * DAY;
      const plan = { ...singleMilestone(deadline), reviewWindowSeconds: 12n * HOUR };
      const error = await failureOf(openEth(world, { deadline, milestones: plan }), "InvalidReviewWindow");
      expect(error.message).to.equal("InvalidReviewWindow: a review window of 12 hours is outside 1 day to 30 days: choose one within them");
    });

    it("InvalidMilestoneDue: the longest span read from the escrow", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 5n * DAY;
      const plan = { ...singleMilestone(deadline), milestones: [{ shareBps: 10_000, due: deadline + 4n * 365n * DAY }] };
      const error = await failureOf(openEth(world, { deadline, milestones: plan }), "InvalidMilestoneDue");
      expect(error.message).to.match(/, none more than 1095 days after the deadline$/);
    });

    it("TimeOutOfRange: the date, and the last one the escrow can store", () => {
      expect(escrowError("TimeOutOfRange", [4_300_000_000n]).message).to.equal(
        `TimeOutOfRange: ${formatDate(4_300_000_000n)} is after ${formatDate(4_294_967_295n)}, the last second the escrow can store (it keeps times in 32 bits): choose an earlier date`,
      );
    });

    it("BlockNumberOutOfRange: the chain is too far along for this escrow", () => {
      expect(escrowError("BlockNumberOutOfRange", [4_294_967_296n]).message).to.equal(
        "BlockNumberOutOfRange: block 4294967296 does not fit the 32 bits the escrow records a campaign's opening block in: campaigns on this chain need an escrow that stores wider block numbers",
      );
    });

    it("InvalidPayout: names the escrow and says what the project owner must do", async () => {
      const world = await loadWorld();
      await clientFor(world, world.maintainer).setPayoutAddress(1n, world.escrowAddress);
      const { id, deadline } = await openEth(world);
      await clientFor(world, world.alice).pledge(id, "1");
      await time.increaseTo(deadline + 1n);
      const error = await failureOf(clientFor(world, world.maintainer).claim(id), "InvalidPayout");
      expect(error.message).to.equal(
        `InvalidPayout: the project's payout address ${world.escrowAddress} is the escrow itself, which could never pass the money on: the project owner must set another payout address before anyone claims`,
      );
    });

    it("OwnershipCannotBeRenounced: hand ownership over in two steps instead", async () => {
      const world = await loadWorld();
      const error = await failureOf(withDecodedErrors(() => world.escrow.renounceOwnership()), "OwnershipCannotBeRenounced");
      expect(error.message).to.match(/cannot be renounced, since without an owner the fee recipient could never change again: hand it over in two steps/);
    });

    it("ProjectIdOutOfRange: a new escrow is needed", () => {
      expect(escrowError("ProjectIdOutOfRange", [4_294_967_296n]).message).to.equal(
        "ProjectIdOutOfRange: project 4294967296 is beyond the project ids this escrow can record (it keeps them in 32 bits): its campaigns need a new escrow deployment",
      );
    });

    it("FeeTooHigh: in percent", () => {
      expect(escrowError("FeeTooHigh", [600n, 500n]).message).to.equal("FeeTooHigh: a fee of 6% is above the cap of 5%: choose 5% or less");
    });

    it("Error(string) and Panic(uint256): named arguments, in words", () => {
      const reason = decodeRevertData(`0x08c379a0${ethers.AbiCoder.defaultAbiCoder().encode(["string"], ["boom"]).slice(2)}`);
      const panic = decodeRevertData(`0x4e487b71${ethers.AbiCoder.defaultAbiCoder().encode(["uint256"], [17n]).slice(2)}`);
      expect([reason?.message, panic?.message]).to.deep.equal([
        "Error: reverted: boom",
        "Panic: the contract stopped with an arithmetic overflow or underflow (a bug: please report it)",
      ]);
    });
  });

  describe("a campaign in the wrong state (UnexpectedState)", () => {
    const bitmap = (...states: number[]) => ethers.toBeHex(states.reduce((bits, state) => bits | (1n << BigInt(state)), 0n), 32);

    it("reads the allowed states from the bitmap", () => {
      expect(statesIn(bitmap(2, 3, 5, 6))).to.deep.equal(["Failed", "Cancelled", "Rejected", "Lapsed"]);
    });

    it("names the state and what would allow the call even without any context", () => {
      expect(escrowError("UnexpectedState", [3n, 1n, bitmap(0)]).message).to.equal(
        "UnexpectedState: campaign 3 is Succeeded; this call is only allowed while it is Funding. It reached its goal by its deadline, so pledges and withdrawals are closed.",
      );
    });

    it("pledge to a succeeded campaign: closed, and when the project claims or backers refund", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world, { claimWindow: 7n * DAY });
      await clientFor(world, world.alice).pledge(id, "1");
      await time.increaseTo(deadline + 1n);
      const error = await failureOf(clientFor(world, world.bob).pledge(id, "1"), "UnexpectedState");
      expect(error.message).to.equal(
        `UnexpectedState: campaign ${id} is Succeeded; pledges are only accepted while it is Funding. It reached its goal by its deadline (${formatDate(deadline)}), so pledges and withdrawals are closed: the project may claim it until ${formatDate(deadline + 7n * DAY)}; if it does not, every backer can take their pledge back with a refund from ${formatDate(deadline + 7n * DAY + 1n)}.`,
      );
    });

    it("claim when Lapsed: the end of the claim window, and that backers take their pledges back", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world, { claimWindow: 7n * DAY });
      await clientFor(world, world.alice).pledge(id, "1");
      await time.increaseTo(deadline + 7n * DAY + 1n);
      const error = await failureOf(clientFor(world, world.maintainer).claim(id), "UnexpectedState");
      expect(error.message).to.equal(
        `UnexpectedState: campaign ${id} is Lapsed; it can only be claimed while it is Succeeded. It succeeded but nobody claimed it by ${formatDate(deadline + 7n * DAY)}, so it lapsed; it can no longer be claimed, and every backer can take their pledge back.`,
      );
    });

    it("pledge when Lapsed: refund instead", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world, { claimWindow: 7n * DAY });
      await clientFor(world, world.alice).pledge(id, "1");
      await time.increaseTo(deadline + 7n * DAY + 1n);
      const error = await failureOf(clientFor(world, world.bob).pledge(id, "1"), "UnexpectedState");
      expect(error.message).to.equal(
        `UnexpectedState: campaign ${id} is Lapsed; pledges are only accepted while it is Funding. It succeeded but nobody claimed it by ${formatDate(deadline + 7n * DAY)}, so it lapsed; every backer can take their whole pledge back with a refund.`,
      );
    });

    it("refund while funding: withdraw instead, before the deadline", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world);
      const error = await failureOf(clientFor(world, world.alice).refund(id), "UnexpectedState");
      expect(error.message).to.equal(
        `UnexpectedState: campaign ${id} is Funding; refunds are only paid while it is Failed, Cancelled, Rejected, Lapsed, Declined or Expired. It is still funding until ${formatDate(deadline)}; take your pledge back with a withdrawal instead.`,
      );
    });

    it("refund after success: refunds open only if the claim window passes", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world, { claimWindow: 7n * DAY });
      await clientFor(world, world.alice).pledge(id, "1");
      await time.increaseTo(deadline + 1n);
      const error = await failureOf(clientFor(world, world.alice).refund(id), "UnexpectedState");
      expect(error.message).to.equal(
        `UnexpectedState: campaign ${id} is Succeeded; refunds are only paid while it is Failed, Cancelled, Rejected, Lapsed, Declined or Expired. It reached its goal: the project may claim it until ${formatDate(deadline + 7n * DAY)}; only if it does not can backers refund, from ${formatDate(deadline + 7n * DAY + 1n)}.`,
      );
    });

    it("claim of a rejected milestone campaign is allowed, submitting a milestone is not", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 5n * DAY;
      const { id } = await openEth(world, { deadline, milestones: singleMilestone(deadline) });
      await clientFor(world, world.alice).pledge(id, "1");
      await time.increaseTo(deadline + 21n * DAY);
      await clientFor(world, world.alice).settleMilestone(id);
      const error = await failureOf(clientFor(world, world.maintainer).submitMilestone(id, "ipfs://late"), "UnexpectedState");
      expect(error.message).to.equal(
        `UnexpectedState: campaign ${id} is Rejected; milestones can only be submitted while it is Succeeded. A milestone was rejected: no more can be submitted, but what was released can still be claimed.`,
      );
    });

    it("cancel after the deadline: names the call", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world);
      await time.increaseTo(deadline + 1n);
      const error = await failureOf(clientFor(world, world.maintainer).cancelCampaign(id), "UnexpectedState");
      expect(error.message).to.equal(
        `UnexpectedState: campaign ${id} is Failed; it can only be cancelled while it is Funding. It missed its goal at its deadline (${formatDate(deadline)}); backers take their pledges back with a refund.`,
      );
    });

    it("is typed by the ABI once narrowed", () => {
      const error = escrowError("UnexpectedState", [3n, 1n, bitmap(0)]);
      if (!error.is("UnexpectedState")) throw new Error("not UnexpectedState");
      expect([error.args.campaignId, error.args.current, statesIn(error.args.expectedStates)]).to.deep.equal([3n, 1n, ["Funding"]]);
    });
  });

  describe("messages keyed by the ABI's error names", () => {
    it("has a message for every error of the escrow's, the registry's and the standard ABIs, and no other", () => {
      const names = new Set<string>(["ERC20InsufficientAllowance", "ERC20InsufficientBalance", "Error", "Panic"]);
      for (const contract of [ESCROW, ProjectRegistry__factory.createInterface()]) contract.forEachError((fragment) => names.add(fragment.name));
      expect(Object.keys(ERROR_MESSAGES).sort()).to.deep.equal([...names].sort());
    });

    it("does not compile with a message missing or one too many (checked by tsc)", () => {
      const { UnexpectedState: _dropped, ...missing } = ERROR_MESSAGES;
      // @ts-expect-error: a table without the message of a contract error is not an ErrorMessages.
      const incomplete: ErrorMessages = missing;
      // @ts-expect-error: a message for an error no contract declares is refused too.
      const extra: ErrorMessages = { ...ERROR_MESSAGES, NotFunding: () => "gone" };
      expect([Object.keys(incomplete).length, Object.keys(extra).length]).to.deep.equal([
        Object.keys(ERROR_MESSAGES).length - 1,
        Object.keys(ERROR_MESSAGES).length + 1,
      ]);
    });
  });

  describe("reading events", () => {
    /** Four campaigns; three backers of the first, one of whom takes part back. */
    async function pledgedWorld() {
      const world = await loadWorld();
      const ids: bigint[] = [];
      for (let i = 0; i < 4; i++) ids.push((await openEth(world, { goal: "3", days: 10n })).id);
      const first = ids[0] ?? 0n;
      for (const backer of [world.alice, world.bob, world.carol]) await clientFor(world, backer).pledge(first, "1");
      await clientFor(world, world.bob).withdrawPledge(first, "0.25");
      return { world, ids, first };
    }

    it("lists projects across pages", async () => {
      const { world } = await pledgedWorld();
      expect((await readerFor(world, 2).listProjects()).map((project) => project.id)).to.deep.equal([1n]);
    });

    it("lists campaigns across pages, with their last call and claim window", async () => {
      const { world, ids } = await pledgedWorld();
      const listed = await readerFor(world, 2).listCampaigns();
      expect(listed.map((campaign) => [campaign.id, campaign.lastCall, campaign.claimWindow])).to.deep.equal(ids.map((id) => [id, DAY, 90n * DAY]));
      expect(await readerFor(world, 2).listCampaigns({ projectId: 2n })).to.deep.equal([]);
    });

    it("reads a campaign's history, the goal and a deadline extension included", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world);
      await time.setNextBlockTimestamp(deadline - 10n);
      await clientFor(world, world.alice).pledge(id, "1");
      const history = await readerFor(world, 2).campaignHistory(id);
      expect(history.map((event) => event.name)).to.deep.equal(["CampaignOpened", "DeadlineExtended", "GoalReached", "Pledged"]);
    });

    it("reads backers with their standing", async () => {
      const { world, first } = await pledgedWorld();
      const backers = await readerFor(world, 2).campaignBackers(first);
      expect(backers.map((standing) => [standing.backer, standing.pledged, standing.contributed])).to.deep.equal([
        [world.alice.address, ethers.parseEther("1"), ethers.parseEther("1")],
        [world.bob.address, ethers.parseEther("0.75"), ethers.parseEther("1")],
        [world.carol.address, ethers.parseEther("1"), ethers.parseEther("1")],
      ]);
    });

    it("sums each pledge and withdrawal into the backer's pledge and the campaign's total, as the events no longer carry them", async () => {
      const { world, first } = await pledgedWorld();
      const history = await readerFor(world, 2).campaignHistory(first);
      const totals = history.filter((event) => event.totals !== undefined).map((event) => [event.name, event.totals?.backer, event.totals?.campaign]);
      const eth = ethers.parseEther;
      expect(totals).to.deep.equal([
        ["Pledged", eth("1"), eth("1")],
        ["Pledged", eth("1"), eth("2")],
        ["Pledged", eth("1"), eth("3")],
        ["PledgeWithdrawn", eth("0.75"), eth("2.75")],
      ]);
    });

    it("reads a campaign's history from its opening block, not from the deployment", async () => {
      const { world, ids } = await pledgedWorld();
      const last = ids[3] ?? 0n;
      const opened = (await world.escrow.getCampaign(last)).openedAtBlock;
      const seen: number[] = [];
      const history = await readerFor(world).campaignHistory(last);
      for (const event of history) seen.push(event.blockNumber);
      expect([history[0]?.name, BigInt(Math.min(...seen))]).to.deep.equal(["CampaignOpened", opened]);
    });

    it("keeps the total as raised after a refund, the backer's pledge at zero", async () => {
      const { world, first } = await pledgedWorld();
      await clientFor(world, world.maintainer).cancelCampaign(first);
      await clientFor(world, world.alice).refund(first);
      const refund = (await readerFor(world).campaignHistory(first)).find((event) => event.name === "Refunded");
      expect(refund?.totals).to.deep.equal({ backer: 0n, campaign: ethers.parseEther("2.75") });
      const backers = await readerFor(world).campaignBackers(first);
      expect(backers[0]).to.deep.equal({ backer: world.alice.address, pledged: 0n, contributed: ethers.parseEther("1"), refunded: ethers.parseEther("1") });
    });

    it("leaves the totals out of a history read from after the opening, and refuses backers summed from there", async () => {
      const { world, first } = await pledgedWorld();
      const fromBlock = Number((await world.escrow.getCampaign(first)).openedAtBlock) + 1;
      const history = await readerFor(world).campaignHistory(first, { fromBlock });
      expect(history.every((event) => event.totals === undefined)).to.equal(true);
      await expectRejects(readerFor(world).campaignBackers(first, { fromBlock }), /summed from its opening \(block \d+\): a later fromBlock would miss pledges/);
    });

    it("catches a node that drops a pledge from the history: the sum must be the escrow's total", async () => {
      const { world, first } = await pledgedWorld();
      const pledged = ESCROW.getEvent("Pledged").topicHash;
      const dropping = nodeWith(async (filter, logs) => {
        const all = await logs(filter);
        const index = all.findIndex((log) => log.topics[0] === pledged);
        return index < 0 ? all : all.filter((_, i) => i !== index);
      });
      const reader = new OpenPledgeClient({ registry: world.registry.target as string, escrow: world.escrowAddress }, dropping);
      try {
        await reader.campaignBackers(first);
        throw new Error("expected an IncompleteHistoryError");
      } catch (error) {
        expect(error).to.be.instanceOf(IncompleteHistoryError);
        expect((error as Error).message).to.match(/add up to 1\.75 ETH, but the escrow records 2\.75 ETH at block \d+/);
      }
    });

    it("survives an RPC's range limit by halving its pages", async () => {
      const { world } = await pledgedWorld();
      let refused = 0;
      const limited = {
        getLogs: async (filter: { fromBlock?: unknown; toBlock?: unknown }) => {
          if (Number(filter.toBlock) - Number(filter.fromBlock) + 1 > 3) {
            refused++;
            throw new Error("query exceeds max block range 3");
          }
          return ethers.provider.getLogs(filter as never);
        },
      };
      const latest = await ethers.provider.getBlockNumber();
      const logs = await getLogsPaged(limited as never, { address: world.escrowAddress }, 0, latest, 1000);
      expect(refused).to.be.greaterThan(0);
      expect(logs.length).to.equal((await ethers.provider.getLogs({ address: world.escrowAddress, fromBlock: 0, toBlock: latest })).length);
    });

    it("refuses a page size that is not a positive integer", async () => {
      const world = await loadWorld();
      await expectRejects(getLogsPaged(ethers.provider, { address: world.escrowAddress }, 0, 1, 0), /positive integer/);
    });
  });

  describe("the spec URI, from the opening event and checked against the escrow's hash", () => {
    const EVIL = "https://evil.example/phish";

    /** A node that answers the opening block's logs with another spec URI in the same event. */
    function lyingNode(): Provider {
      const opened = ESCROW.getEvent("CampaignOpened");
      return nodeWith(async (filter, logs) =>
        (await logs(filter)).map((log) => {
          if (log.topics[0] !== opened.topicHash || filter.fromBlock !== filter.toBlock) return log;
          const parsed = ESCROW.parseLog(log);
          const values = opened.inputs.map((input, i) => (input.name === "specURI" ? EVIL : parsed?.args[i]));
          return { ...log, ...ESCROW.encodeEventLog(opened, values) } as unknown as Log;
        }),
      );
    }

    it("shows the URI of the opening event when it matches the escrow's commitment, unpinned without a document hash", async () => {
      const world = await loadWorld();
      const { id } = await openEth(world);
      const campaign = await readerFor(world).getCampaign(id);
      expect([campaign.spec.status, campaign.spec.uri, campaign.spec.hash, campaign.spec.pinned]).to.deep.equal(["verified", SPEC, ethers.ZeroHash, false]);
      expect(campaign.spec.commitment).to.equal(specCommitmentOf(SPEC, ethers.ZeroHash));
      expect(campaign.spec.openedAtBlock).to.equal((await world.escrow.getCampaign(id)).openedAtBlock);
      expect(describeSpec(campaign.spec)).to.equal(`${SPEC} (no document pinned: what this link shows can change)`);
    });

    it("opens a campaign pinned to its spec document's content hash, and tells a rewritten document from the original", async () => {
      const world = await loadWorld();
      const document = '{"name":"Offline mode","summary":"Work without a network"}';
      const client = clientFor(world, world.maintainer);
      const { campaignId } = await client.openCampaign({ projectId: 1n, specURI: SPEC, specHash: specHashOf(document), token: "ETH", goal: "1", deadline: (await now()) + 30n * DAY });
      const { spec } = await readerFor(world).getCampaign(campaignId);
      expect([spec.status, spec.pinned, spec.hash]).to.deep.equal(["verified", true, specHashOf(document)]);
      expect(checkSpecDocument(document, spec.hash ?? "")).to.equal("matches");
      expect(checkSpecDocument(`${document} `, spec.hash ?? "")).to.equal("rewritten");
      expect(checkSpecDocument(document, ethers.ZeroHash)).to.equal("not pinned");
    });

    it("flags an opening event that does not match the escrow's commitment, and never writes its URI as the spec", async () => {
      const world = await loadWorld();
      const { id } = await openEth(world);
      const reader = new OpenPledgeClient({ registry: world.registry.target as string, escrow: world.escrowAddress }, lyingNode());
      const { spec } = await reader.getCampaign(id);
      expect([spec.status, spec.uri]).to.deep.equal(["mismatch", EVIL]);
      expect(describeSpec(spec)).to.match(/^not shown: the spec the node returned for block \d+ does not match the commitment 0x[0-9a-f]{64} the escrow stores$/);
    });

    it("says the spec is unavailable when the node returns no opening event", async () => {
      const world = await loadWorld();
      const { id } = await openEth(world);
      const silent = nodeWith(async (filter, logs) => (filter.fromBlock === filter.toBlock ? [] : logs(filter)));
      const reader = new OpenPledgeClient({ registry: world.registry.target as string, escrow: world.escrowAddress }, silent);
      const { spec } = await reader.getCampaign(id);
      expect([spec.status, spec.uri]).to.deep.equal(["unavailable", null]);
      expect(describeSpec(spec)).to.match(/^not available: the node returned no opening event in block \d+$/);
    });

    it("checks a listed campaign's spec without reading its block again", async () => {
      const world = await loadWorld();
      const { id } = await openEth(world);
      let blockReads = 0;
      const counting = nodeWith(async (filter, logs) => {
        if (filter.fromBlock === filter.toBlock) blockReads++;
        return logs(filter);
      });
      const reader = new OpenPledgeClient({ registry: world.registry.target as string, escrow: world.escrowAddress }, counting);
      await reader.listCampaigns();
      expect([(await reader.getCampaign(id)).spec.status, blockReads]).to.deep.equal(["verified", 0]);
    });
  });

  describe("entry points", () => {
    it("client/index.ts reaches no node: module (browser-safe), walking its whole import graph", () => {
      const walk = walkImports(path.resolve("client", "index.ts"));
      expect(walk.files).to.include(path.resolve("client", "client.ts"));
      expect(walk.nodeImports).to.deep.equal([]);
    });

    it("the web app's page script reaches no node: module either", () => {
      expect(walkImports(path.resolve("app", "src", "main.ts")).nodeImports).to.deep.equal([]);
    });

    it("finds node: imports where they are: client/node.ts reads Ignition's files", () => {
      const found = walkImports(path.resolve("client", "node.ts")).nodeImports.map((entry) => `${path.relative(".", entry.file)}: ${entry.specifier}`);
      expect(found).to.include.members(["client/deployment.ts: node:fs/promises", "client/deployment.ts: node:path"]);
    });

    it("code outside client/ imports the client only through client/index.ts or client/node.ts", function () {
      const deep = deepClientImports();
      expect(deep.map((entry) => `${entry.file}: ${entry.specifier}`)).to.deep.equal([]);
    });
  });

  describe("solvency", () => {
    const PUSD = 10n ** 6n;
    const OWED_ETH = {
      funding: ethers.parseEther("1"),
      refundable: ethers.parseEther("3.5"),
      unclaimedSuccess: ethers.parseEther("1"),
      unreleased: 0n,
      releasedUnclaimed: 0n,
      rejectedUnrefunded: ethers.parseEther("1.6"),
      bonus: 0n,
      bonusRounding: 0n,
      fees: ethers.parseEther("0.065"),
      builderShares: 0n,
      projectShares: 0n,
      waitingBuilderShares: 0n,
    };
    const OWED_PUSD = {
      funding: 50n * PUSD,
      refundable: 20n * PUSD,
      unclaimedSuccess: 0n,
      unreleased: 40n * PUSD,
      releasedUnclaimed: 60n * PUSD,
      rejectedUnrefunded: 0n,
      bonus: 0n,
      bonusRounding: 0n,
      fees: 5n * PUSD,
      builderShares: 0n,
      projectShares: 0n,
      waitingBuilderShares: 0n,
    };

    /**
     * Campaigns in every state, in ETH and PUSD: funding (A, I), lapsed with one refund (B), claimed (C, J),
     * succeeded and unclaimed (D), failed with one refund (E, K), cancelled with one refund (F), rejected after its
     * initial share was claimed, with one pro-rata refund (G), succeeded with a milestone accepted but unclaimed (H).
     */
    async function everyState(): Promise<World> {
      const world = await loadWorld();
      const escrow = world.escrow.connect(world.maintainer);
      const start = await now();
      const short = start + 3n * DAY;
      const long = start + 30n * DAY;
      let count = await world.escrow.campaignCount();
      const open = async (token: string, goal: bigint, deadline: bigint, claimWindow = 0n, plan?: [number, number, number]) => {
        const terms = { projectId: 1n, specURI: SPEC, specHash: ethers.ZeroHash, token, goal, deadline, lastCall: DAY, claimWindow, builderShareBps: 0n };
        if (plan === undefined) await (await escrow.openCampaign(terms)).wait();
        else {
          const [initial, first, second] = plan;
          const milestones = [{ shareBps: first, due: deadline + 5n * DAY }, { shareBps: second, due: deadline + 20n * DAY }];
          await (await escrow.openCampaignWithMilestones(terms, { initialShareBps: initial, reviewWindow: DAY, objectionThresholdBps: 0, milestones })).wait();
        }
        return ++count;
      };
      const pledgeEth = async (id: bigint, backer: World["alice"], amount: string) =>
        (await world.escrow.connect(backer).pledge(id, { value: ethers.parseEther(amount) })).wait();
      const pledgeUsd = async (id: bigint, backer: World["alice"], amount: bigint) => (await world.escrow.connect(backer).pledgeToken(id, amount * PUSD)).wait();
      for (const backer of [world.alice, world.bob, world.carol]) await (await world.token.connect(backer).approve(world.escrowAddress, ethers.MaxUint256)).wait();

      const a = await open(ETH, ethers.parseEther("10"), long);
      const b = await open(ETH, ethers.parseEther("1"), short, 7n * DAY);
      const c = await open(ETH, ethers.parseEther("1"), short);
      const d = await open(ETH, ethers.parseEther("1"), short);
      const e = await open(ETH, ethers.parseEther("10"), short);
      const f = await open(ETH, ethers.parseEther("10"), long);
      const g = await open(ETH, ethers.parseEther("1"), short, 0n, [2_000, 5_000, 3_000]);
      const h = await open(world.tokenAddress, 100n * PUSD, short, 0n, [0, 6_000, 4_000]);
      const i = await open(world.tokenAddress, 1_000n * PUSD, long);
      const j = await open(world.tokenAddress, 100n * PUSD, short);
      const k = await open(world.tokenAddress, 1_000n * PUSD, short);
      await pledgeEth(a, world.alice, "1");
      await pledgeEth(b, world.alice, "0.6");
      await pledgeEth(b, world.bob, "0.5");
      await pledgeEth(c, world.carol, "2");
      await pledgeEth(d, world.bob, "1");
      await pledgeEth(e, world.alice, "1");
      await pledgeEth(e, world.bob, "2");
      await pledgeEth(f, world.carol, "1");
      await pledgeEth(f, world.alice, "0.3");
      await pledgeEth(g, world.alice, "1");
      await pledgeEth(g, world.bob, "2");
      await pledgeUsd(h, world.alice, 100n);
      await pledgeUsd(i, world.bob, 50n);
      await pledgeUsd(j, world.carol, 200n);
      await pledgeUsd(k, world.alice, 10n);
      await pledgeUsd(k, world.bob, 20n);

      await (await escrow.cancelCampaign(f)).wait();
      await (await world.escrow.connect(world.alice).refund(f)).wait();
      await time.increaseTo(short + 1n);
      for (const id of [c, j, g]) await (await escrow.claim(id)).wait();
      await (await world.escrow.connect(world.alice).refund(e)).wait();
      await (await world.escrow.connect(world.alice).refund(k)).wait();
      await (await escrow.submitMilestone(g, "ipfs://g")).wait();
      await (await escrow.submitMilestone(h, "ipfs://h")).wait();
      await (await world.escrow.connect(world.alice).objectMilestone(g)).wait();
      await (await world.escrow.connect(world.bob).objectMilestone(g)).wait();
      await time.increase(DAY + 1n);
      await (await world.escrow.connect(world.alice).refund(g)).wait();
      await time.increaseTo(short + 7n * DAY + 1n);
      await (await world.escrow.connect(world.alice).refund(b)).wait();
      return world;
    }

    const loadEveryState = () => networkHelpers.loadFixture(everyState);

    it("puts campaigns in every state in the world it checks", async () => {
      const world = await loadEveryState();
      const states = await Promise.all(Array.from({ length: 11 }, async (_, i) => (await readerFor(world).getCampaign(BigInt(i + 1))).state));
      expect(states).to.deep.equal(["Funding", "Lapsed", "Claimed", "Succeeded", "Failed", "Cancelled", "Rejected", "Succeeded", "Funding", "Claimed", "Failed"]);
    });

    it("owes, per ETH pot, exactly what every campaign and the fees are owed", async () => {
      const world = await loadEveryState();
      const report = await checkSolvency(readerFor(world, 3));
      expect(report.tokens[0]?.breakdown).to.deep.equal(OWED_ETH);
    });

    it("owes, per ERC-20 pot, exactly what every campaign and the fees are owed", async () => {
      const world = await loadEveryState();
      const report = await checkSolvency(readerFor(world, 3));
      expect([report.tokens[1]?.token.symbol, report.tokens[1]?.breakdown]).to.deep.equal(["PUSD", OWED_PUSD]);
    });

    it("holds exactly what it owes: OK, no surplus", async () => {
      const world = await loadEveryState();
      const report = await checkSolvency(readerFor(world));
      expect(report.tokens.map((entry) => [entry.owed, entry.held, entry.surplus, entry.status])).to.deep.equal([
        [ethers.parseEther("7.165"), ethers.parseEther("7.165"), 0n, "OK"],
        [175n * PUSD, 175n * PUSD, 0n, "OK"],
      ]);
      expect(report.ok).to.equal(true);
    });

    it("reports ETH forced into the escrow as surplus, still OK", async () => {
      const world = await loadEveryState();
      await networkHelpers.setBalance(world.escrowAddress, ethers.parseEther("8.165"));
      const [ethEntry] = (await checkSolvency(readerFor(world))).tokens;
      expect([ethEntry?.surplus, ethEntry?.status]).to.deep.equal([ethers.parseEther("1"), "OK"]);
    });

    it("reports stray ERC-20 tokens as surplus, still OK", async () => {
      const world = await loadEveryState();
      await (await world.token.connect(world.stranger).transfer(world.escrowAddress, 7n * PUSD)).wait();
      const [, usdEntry] = (await checkSolvency(readerFor(world))).tokens;
      expect([usdEntry?.surplus, usdEntry?.status]).to.deep.equal([7n * PUSD, "OK"]);
    });

    it("reports SHORT, with the shortfall, when the escrow holds less than it owes", async () => {
      const world = await loadEveryState();
      await networkHelpers.setBalance(world.escrowAddress, ethers.parseEther("7.165") - 1n);
      const report = await checkSolvency(readerFor(world));
      expect([report.tokens[0]?.status, report.tokens[0]?.shortfall, report.ok]).to.deep.equal(["SHORT", 1n, false]);
    });

    it("keeps the surplus of a token some campaign used out of reach: nothing recoverable", async () => {
      const world = await loadEveryState();
      await (await world.token.connect(world.stranger).transfer(world.escrowAddress, 7n * PUSD)).wait();
      const [, usdEntry] = (await checkSolvency(readerFor(world))).tokens;
      expect(usdEntry?.recoverable).to.equal(0n);
    });

    it("marks the surplus of an allowlisted token no campaign used as recoverable by the owner", async () => {
      const world = await loadWorld();
      await (await world.token.connect(world.stranger).transfer(world.escrowAddress, 7n * PUSD)).wait();
      const [, usdEntry] = (await checkSolvency(readerFor(world))).tokens;
      expect([usdEntry?.owed, usdEntry?.surplus, usdEntry?.recoverable, usdEntry?.campaigns]).to.deep.equal([0n, 7n * PUSD, 7n * PUSD, 0]);
    });

    it("owes a refund bonus until it is paid: backers' shares with their refunds, the rest by the depositors' reclaims; then only rounding, kept by design", async () => {
      const world = await loadWorld();
      const { id, deadline } = await openEth(world, { goal: "1" });
      const owedBonus = async () => {
        const [entry] = (await checkSolvency(readerFor(world))).tokens;
        return [entry?.breakdown.bonus, entry?.breakdown.bonusRounding, entry?.surplus, entry?.status];
      };
      // Pledged before the first deposit, both count from it: shares of 10% of each pledge, each rounded down by half a wei.
      await clientFor(world, world.alice).pledge(id, "0.300000000000000005");
      await clientFor(world, world.bob).pledge(id, "0.200000000000000005");
      await clientFor(world, world.maintainer).depositBonus(id, "0.07");
      await clientFor(world, world.carol).depositBonus(id, "0.03");
      expect(await owedBonus()).to.deep.equal([ethers.parseEther("0.1"), 0n, 0n, "OK"]);
      await time.increaseTo(deadline + 1n);
      const alice = await clientFor(world, world.alice).refund(id);
      expect(await owedBonus()).to.deep.equal([ethers.parseEther("0.1") - alice.bonus, 0n, 0n, "OK"]);
      const maintainer = await clientFor(world, world.maintainer).reclaimBonus(id);
      const carol = await clientFor(world, world.carol).reclaimBonus(id);
      // Every depositor reclaimed, but bob has not refunded: his share is still owed, with the rounding.
      const left = ethers.parseEther("0.1") - alice.bonus - maintainer.amount - carol.amount;
      expect(await owedBonus()).to.deep.equal([left, 0n, 0n, "OK"]);
      const bob = await clientFor(world, world.bob).refund(id);
      const dust = left - bob.bonus;
      expect(dust).to.equal(1n);
      expect(await owedBonus()).to.deep.equal([0n, dust, 0n, "OK"]);
      expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(dust);
    });

    it("keeps a bonus owed while a depositor has not reclaimed, though every backer refunded", () => {
      const ledger = { id: 1n, token: ETH, milestones: false, pledged: 10n, refunded: 10n, claimed: 0n, cancelled: false, bonusDeposited: 5n, bonusPaid: 3n };
      expect([owedBy({ ...ledger, bonusUnreclaimed: 1 }, "Failed", 0n).bonus, owedBy(ledger, "Failed", 0n).bonus]).to.deep.equal([2n, 2n]);
      expect(owedBy({ ...ledger, bonusUnreclaimed: 0 }, "Failed", 0n).bonusRounding).to.equal(2n);
      expect(owedBy({ ...ledger, bonusUnreclaimed: 0, refunded: 9n }, "Failed", 0n).bonus).to.equal(2n);
    });

    it("counts the rounding dust of a rejection as owed until every backer has refunded", () => {
      const ledger = { id: 1n, token: ETH, milestones: true, pledged: 10n, refunded: 2n, claimed: 3n, cancelled: false };
      const owed = owedBy(ledger, "Rejected", 3n);
      expect([owed.releasedUnclaimed, owed.rejectedUnrefunded]).to.deep.equal([0n, 5n]);
    });
  });
});
