/**
 * Verified repositories on the command line: `project proof` (the file a maintainer commits), `project verify` (ask
 * an attester service, or check and sign here as the attester), `attester serve` (the HTTP service) and
 * `attester recheck` (one pass over every project this attester attested). Outcomes in plain words, with dates.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { formatDate, LOCAL_CHAIN_IDS, PROOF_FILE_PATH, proofFileText, shortAddress, type ForgeEndpoint } from "../client/node.js";
import { Attester, type CheckOutcome, type RecheckOutcome } from "../attester/attester.js";
import { attesterForges } from "../attester/forges.js";
import { startAttesterService, DEFAULT_ATTESTER_PORT, MAX_RECHECK_INTERVAL_MS } from "../attester/service.js";
import { hardhatKeyFetcher, resolveAttesterSigner } from "../attester/signer.js";
import { printable, printableLines } from "../attester/words.js";
import { parseId, runTask, UsageError, type CommonArgs, type TaskContext } from "./context.js";
import { readerForges, repositoryWarning } from "./repository-advice.js";
import { trustedAttestersOf } from "./verification-view.js";

/** Whether an outcome means the verification did not happen (the task then exits with code 1). */
function failed(outcome: Pick<RecheckOutcome, "kind">): boolean {
  return outcome.kind === "refused" || outcome.kind === "retry-later" || outcome.kind === "failed";
}

const HEADINGS: Readonly<Record<RecheckOutcome["kind"], string>> = {
  failed: "Failed",
  attested: "Attested",
  unchanged: "Unchanged",
  revoked: "Revoked",
  refused: "Refused",
  "retry-later": "Retry later",
};

/** An outcome for people: its kind, its message, and the attestation it is about (control characters escaped). */
export function outcomeText(outcome: RecheckOutcome): string {
  const lines = [`${HEADINGS[outcome.kind]}: ${printableLines(outcome.message)}`];
  if (outcome.kind === "attested" || outcome.kind === "unchanged") lines.push(`attestation ${outcome.attestation.uid}`);
  if (outcome.kind === "attested" && outcome.replaced.length > 0) lines.push(`revoked ${outcome.replaced.join(", ")}`);
  if (outcome.kind === "revoked") lines.push(`revoked ${outcome.revoked.join(", ")}`);
  return lines.join("\n");
}

/** The attester of this deployment, signing with ATTESTER_PRIVATE_KEY or (on a local chain) the `--from` account. */
async function openAttester(context: TaskContext, hre: HardhatRuntimeEnvironment, forge: string, dailyGasBudget = "", warn?: (line: string) => void): Promise<Attester> {
  const forges = attesterForges(forge);
  const budget = gasBudgetOf(dailyGasBudget);
  const { signer } = await resolveAttesterSigner({
    chainId: context.chainId,
    networkName: context.connection.networkName,
    provider: context.connection.ethers.provider,
    fetchKey: hardhatKeyFetcher(hre),
    localSigner: () => context.signer(),
  });
  return new Attester({ reader: context.client, signer, forges, dailyGasBudget: budget, warn });
}

/** `--daily-gas-budget`: a positive whole amount of gas (underscores or commas allowed), or empty for no limit. */
export function gasBudgetOf(text: string): bigint | undefined {
  const trimmed = text.trim().replace(/[_,]/g, "");
  if (trimmed === "") return undefined;
  if (!/^\d{1,30}$/.test(trimmed) || BigInt(trimmed) === 0n) {
    throw new UsageError(`--daily-gas-budget must be a positive whole amount of gas, e.g. 10000000 (about 16 attestations a day), not "${printable(text)}"`);
  }
  return BigInt(trimmed);
}

// ------------------------------------------------------------------ project proof

export interface ProofShown {
  projectId: bigint;
  repository: string;
  path: string;
  text: string;
}

/**
 * `project proof <id>`: the file alone on stdout (so `> .well-known/openpledge.json` writes it), where to commit it on
 * stderr; with --json, `{ projectId, repository, path, text }` on stdout.
 */
export async function proof(args: CommonArgs & { id: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  await runTask(
    hre,
    args,
    async ({ client, chainId }): Promise<ProofShown> => {
      const project = await client.getProject(parseId(args.id, "project id"));
      const text = proofFileText([{ chainId, registry: client.addresses.registry, projectId: project.id }]);
      return { projectId: project.id, repository: project.repository, path: PROOF_FILE_PATH, text };
    },
    (shown) => {
      console.error(proofInstructions(shown, readerForges("")));
      return shown.text.trimEnd();
    },
  );
}

/** Where to commit the proof file and how to write it (stderr of `project proof`), with a warning about the repository string. */
export function proofInstructions(shown: ProofShown, forges: readonly ForgeEndpoint[]): string {
  const repository = shown.repository === "" ? "the project's repository" : printable(shown.repository);
  const lines = [
    `Commit the file printed below as ${shown.path} on the default branch of ${repository}, then run npx hardhat project verify ${shown.projectId}. ` +
      `To write it from the repository's root: mkdir -p .well-known && npx hardhat project proof ${shown.projectId} --network <network> > ${shown.path}`,
  ];
  const warning = repositoryWarning(shown.projectId, shown.repository, forges);
  if (warning !== undefined) lines.push(`Warning: ${warning}`);
  return lines.join("\n");
}

// ------------------------------------------------------------------ project verify

/** An outcome as an attester service answers it (JSON: bigints as strings, dates as ISO strings). */
export interface RemoteOutcome {
  kind: CheckOutcome["kind"];
  projectId: string;
  message: string;
  reason?: string;
  attestation?: { uid: string; attester?: string };
  /** Set when the service answered 429: the project was checked less than its cooldown ago; the rest is that earlier outcome. */
  cooldown?: { error: string; checkedAt?: string; retryAt?: string };
  /** The service that answered. */
  attesterUrl: string;
}

/** `--attester-url`, else OPENPLEDGE_ATTESTER_URL; undefined for neither. */
export function attesterUrlOf(option: string): string | undefined {
  const given = option.trim() !== "" ? option.trim() : (process.env.OPENPLEDGE_ATTESTER_URL ?? "").trim();
  if (given === "") return undefined;
  if (!/^https?:\/\//i.test(given)) {
    throw new UsageError(`the attester URL "${printable(given)}" does not start with http:// or https://: write it whole, e.g. http://${printable(given)}`);
  }
  return given.replace(/\/+$/, "");
}

function isOutcome(value: unknown): value is Omit<RemoteOutcome, "attesterUrl"> {
  const record = value as Record<string, unknown> | null;
  return typeof record === "object" && record !== null && typeof record.kind === "string" && record.kind in HEADINGS && typeof record.message === "string";
}

/** Asks the attester service at `url` to check project `id`: its outcome (after a 429, its earlier one, marked as such). */
async function askService(url: string, id: bigint): Promise<RemoteOutcome> {
  let response: Response;
  try {
    response = await fetch(`${url}/projects/${id}/verify`, { method: "POST", signal: AbortSignal.timeout(120_000) });
  } catch (error) {
    throw new UsageError(`the attester at ${url} cannot be reached (${(error as Error).message}): check the URL, or leave --attester-url out to check in this process`);
  }
  let answer: { error?: unknown; outcome?: unknown; checkedAt?: unknown; retryAt?: unknown };
  try {
    answer = (await response.json()) as typeof answer;
  } catch {
    throw new UsageError(`${url} answered ${response.status} without JSON: is it an OpenPledge attester? (npx hardhat attester serve runs one)`);
  }
  if (response.status === 429 && isOutcome(answer.outcome)) {
    const text = (value: unknown) => (typeof value === "string" ? value : undefined);
    return { ...answer.outcome, cooldown: { error: String(answer.error), checkedAt: text(answer.checkedAt), retryAt: text(answer.retryAt) }, attesterUrl: url };
  }
  if (isOutcome(answer)) return { ...answer, attesterUrl: url };
  throw new UsageError(`the attester at ${url} refused: ${typeof answer.error === "string" ? printable(answer.error) : `status ${response.status}`}`);
}

/** An ISO date from a service as the command line writes dates; undefined when it is none. */
function dateText(iso: string | undefined): string | undefined {
  const ms = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isFinite(ms) ? formatDate(Math.floor(ms / 1000)) : undefined;
}

/** A service's outcome for people, as `outcomeText` writes a local one; after a 429, clearly the earlier outcome. */
function remoteText(outcome: RemoteOutcome): string {
  const lines: string[] = [];
  let heading = `${HEADINGS[outcome.kind]}: `;
  if (outcome.cooldown !== undefined) {
    const at = dateText(outcome.cooldown.checkedAt);
    const again = dateText(outcome.cooldown.retryAt);
    lines.push(
      `Not checked now: the attester at ${outcome.attesterUrl} checked project ${outcome.projectId} less than a minute ago${at === undefined ? "" : `, at ${at}`}, ` +
        `and checks a project at most once a minute${again === undefined ? "" : `: ask again after ${again}`}. Its earlier outcome, which may no longer hold:`,
    );
    heading = `Earlier outcome${at === undefined ? "" : ` (${at})`} — ${heading}`;
  }
  lines.push(`${heading}${printableLines(outcome.message)}`);
  if (outcome.attestation !== undefined) lines.push(`attestation ${outcome.attestation.uid}`);
  return lines.join("\n");
}

/**
 * What `project verify` adds below an outcome: that the attestation is by an attester the reader does not trust (so
 * `project show` says NO), and on a local chain how to get past the attester's one-write-a-day limit.
 */
export function verifyNotes(outcome: { kind: string; projectId: bigint | string; reason?: string; attestation?: { attester?: string } }, chainId: bigint): string[] {
  const notes: string[] = [];
  const attester = outcome.attestation?.attester;
  if ((outcome.kind === "attested" || outcome.kind === "unchanged") && attester !== undefined) {
    let trusted: string[] | undefined;
    try {
      trusted = trustedAttestersOf("", chainId).map((entry) => entry.address.toLowerCase());
    } catch {
      trusted = undefined;
    }
    if (trusted !== undefined && !trusted.includes(attester.toLowerCase())) {
      const list = (process.env.OPENPLEDGE_TRUSTED_ATTESTERS ?? "").trim() === "" ? "the default trusted list" : "your trusted list (OPENPLEDGE_TRUSTED_ATTESTERS)";
      notes.push(
        `Note: this attestation is by ${attester} (${shortAddress(attester)}), which is not on ${list}, so project show ${outcome.projectId} says NO unless you add it: ` +
          `--attesters default,${attester} (or OPENPLEDGE_TRUSTED_ATTESTERS)`,
      );
    }
  }
  if (outcome.kind === "retry-later" && outcome.reason === "write-budget" && LOCAL_CHAIN_IDS.has(Number(chainId))) {
    notes.push("On this local chain, npx hardhat chain advance --days 1 moves the clock past that wait; then run project verify again");
  }
  return notes;
}

/** Whether `project verify` exits with code 1: not verified now, or (after a 429) not verified at the earlier check. */
function verifyFailed(outcome: RemoteOutcome | CheckOutcome): boolean {
  if ("cooldown" in outcome && outcome.cooldown !== undefined) return outcome.kind !== "attested" && outcome.kind !== "unchanged";
  return failed(outcome);
}

export async function verify(args: CommonArgs & { id: string; attesterUrl: string; forge: string; dailyGasBudget?: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  const result = await runTask(
    hre,
    args,
    async (context) => {
      const id = parseId(args.id, "project id");
      const url = attesterUrlOf(args.attesterUrl);
      if (url !== undefined) return askService(url, id);
      return (await openAttester(context, hre, args.forge, args.dailyGasBudget)).check(id);
    },
    (outcome, context) => {
      const text = "attesterUrl" in outcome ? remoteText(outcome) : outcomeText(outcome);
      return [text, ...verifyNotes(outcome, context.chainId)].join("\n");
    },
  );
  if (result !== undefined && verifyFailed(result)) process.exitCode = 1;
}

// ------------------------------------------------------------------ attester serve / recheck

export interface ServeArgs extends CommonArgs {
  host: string;
  port: string;
  recheckHours: string;
  forge: string;
  dailyGasBudget?: string;
}

/** The most `--recheck-hours` may be: 576 (24 days; a timer holds at most about 24.8 days). */
export const MAX_RECHECK_HOURS = MAX_RECHECK_INTERVAL_MS / 3_600_000;

/** `--recheck-hours`: a positive number of hours (fractions allowed) up to 576, or 0 for never. */
export function recheckMsOf(text: string): number {
  const hours = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(hours) || hours < 0) {
    throw new UsageError(`--recheck-hours must be a number of hours, e.g. 24 (0: never recheck), not "${printable(text)}"`);
  }
  if (hours > MAX_RECHECK_HOURS) {
    throw new UsageError(`--recheck-hours must be at most ${MAX_RECHECK_HOURS} (24 days), not ${hours}: for rarer rechecks, use 0 and run npx hardhat attester recheck from cron`);
  }
  return Math.round(hours * 3_600_000);
}

function portOf(text: string): number {
  const port = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || port > 65_535) throw new UsageError(`--port must be a port number from 0 to 65535 (0: any free port), not "${text}"`);
  return port;
}

/**
 * Serves the attester until `until(url)` settles (the task waits for Ctrl-C or SIGTERM), then stops it; returns the
 * service's URL, or undefined when it could not start.
 */
export async function serveUntil(args: ServeArgs, hre: HardhatRuntimeEnvironment, until: (url: string) => Promise<void>): Promise<string | undefined> {
  let url: string | undefined;
  let close: (() => Promise<void>) | undefined;
  await runTask(
    hre,
    args,
    async (context) => {
      const recheckIntervalMs = recheckMsOf(args.recheckHours);
      // The service's log: one dated line each (also the attester's warnings, e.g. a refusal by the daily gas budget).
      const log = (line: string) => console.log(`${formatDate(Math.floor(Date.now() / 1000))} ${line}`);
      const attester = await openAttester(context, hre, args.forge, args.dailyGasBudget, log);
      const port = portOf(args.port);
      const service = await startAttesterService({
        attester,
        host: args.host,
        port,
        recheckIntervalMs,
        log,
      }).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
          throw new UsageError(`${args.host}:${port} is already in use (another attester serve?): stop it, or give another --port (0: any free port)`);
        }
        throw error;
      });
      url = service.url;
      close = service.close;
      return { ...(await attester.info()), url: service.url, recheckHours: recheckIntervalMs / 3_600_000 };
    },
    (info) =>
      `Attester ${info.attester} serving ${info.url} for chain ${info.chainId} (registry ${info.registry}, EAS ${info.eas}); ` +
      `forges: ${info.forges.join(", ")}; attestations hold ${info.validityDays} days; ` +
      `${info.recheckHours === 0 ? "no rechecks" : `rechecks every ${info.recheckHours} hours`}. Ctrl-C stops it.`,
  );
  if (close === undefined || url === undefined) return undefined;
  try {
    await until(url);
  } finally {
    await close();
  }
  return url;
}

export async function serve(args: ServeArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  const until = new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
  await serveUntil(args, hre, () => until);
}

export async function recheck(args: CommonArgs & { forge: string; dailyGasBudget?: string }, hre: HardhatRuntimeEnvironment): Promise<void> {
  const result = await runTask(
    hre,
    args,
    async (context) => (await openAttester(context, hre, args.forge, args.dailyGasBudget)).recheckAll(),
    (outcomes) =>
      outcomes.length === 0
        ? "This attester holds no live attestation of any project of this deployment: nothing to recheck (project verify <id> attests one)"
        : outcomes.map((outcome) => `project ${outcome.projectId}: ${outcomeText(outcome)}`).join("\n"),
  );
  if (result !== undefined && result.some(failed)) process.exitCode = 1;
}

