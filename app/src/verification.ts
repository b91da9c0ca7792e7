/**
 * A project's verified repository in words: the badge "Verified by <attester> on <date>" with the repository and its
 * numeric id, or a warning for a repository nobody the reader trusts has checked, an attestation revoked, expired or
 * void because the project changed its repository, and a repository that moved on its forge since it was checked.
 * The words are pure functions of the client's `ProjectVerification` and `PathCheck` (tested without a browser);
 * `verificationSection` reads them for a page, the path check after the page is shown (the forge may be slow).
 */
import {
  attestedRepository,
  DEFAULT_FORGES,
  defaultAttesters,
  formatDate,
  forgesWith,
  parseForgeList,
  type ForgeEndpoint,
  type PathCheck,
  type ProjectVerification,
  type RepositoryAttestation,
  type TrustedAttester,
  verificationOf,
} from "../../client/index.js";
import { verifiedTwinHtml, verifiedTwins, type TwinReaders } from "./twins.js";
import { esc, link, short } from "./ui.js";

/** A day in the browser's time zone: "Fri 27 Nov 2026" (no-break spaces: it never breaks across lines). */
export function day(seconds: bigint): string {
  return formatDate(seconds).split(",")[0].replace(/ /g, "\u00a0");
}

function attesterLabel(verification: ProjectVerification): string {
  const attestation = verification.attestation;
  if (verification.attesterName !== undefined && verification.attesterName !== "") return verification.attesterName;
  return attestation === undefined ? "an attester you trust" : short(attestation.attester);
}

const SETTINGS = `<a href="#/settings" data-testid="verification-settings-link">Settings</a>`;

/** The forges the browser asks: the build's list (`OPENPLEDGE_FORGES`, as the command line's) over the defaults. */
export function forgesOf(list: string | null): ForgeEndpoint[] {
  if (list === null || list.trim() === "") return [...DEFAULT_FORGES];
  return forgesWith(parseForgeList(list), DEFAULT_FORGES);
}

/** What "verified" covers, said once beside the badge (a backer reads it above the Pledge button). */
export const VERIFIED_SCOPE =
  "Verified means an attester you trust checked that this project's maintainers control this repository; it does not vouch for the campaign, the payout address or delivery.";

/** What the words say beside the verification itself: verified projects naming the same repository, the chain's default attesters. */
export interface VerificationExtras {
  /** Other projects verified (by a trusted attester) for this project's repository. */
  twins?: readonly bigint[];
  /** The chain's default attesters (an untrusted one among them is named: the reader removed it). */
  defaults?: readonly TrustedAttester[];
  /** The chain the project is on: what a proof file naming it says ("names project 4 on chain 31337"). */
  chainId?: bigint;
}

/**
 * The verification in words, as HTML: `where` is "project" (the project page: everything) or "pledge" (beside a
 * pledge form: the same badge or warning, said for a backer).
 */
export function verificationHtml(verification: ProjectVerification, repository: string, where: "project" | "pledge", extras: VerificationExtras = {}): string {
  const attestation = verification.attestation;
  const name = esc(attesterLabel(verification));
  const url = repository === "" ? "" : link(repository);
  const before = where === "pledge" ? " before you pledge" : "";
  let body: string;
  if (verification.state === "verified" && attestation !== undefined) {
    const until = attestation.expirationTime === 0n ? "" : `, until ${day(attestation.expirationTime)}`;
    body = `<p class="verified" data-testid="verified-badge"><span class="check" aria-hidden="true">✓</span> <strong>Verified by ${name} on ${day(attestation.time)}</strong>${esc(until)}</p>
      <p class="muted break" data-testid="verified-repository">This project controls ${esc(attestedRepository(attestation))}: ${name} read its proof file at commit ${esc(attestation.proofCommit.slice(0, 7))}. You choose whom you trust in ${SETTINGS}.</p>
      <p class="muted" data-testid="verification-scope">${esc(VERIFIED_SCOPE)}</p>
      <p class="muted" data-testid="verification-path" aria-live="polite">Asking ${esc(attestation.forgeHost)} whether repository #${esc(attestation.repositoryId)} is still at ${esc(attestation.repositoryPath)}…</p>
      ${verification.warnings.map((warning, index) => `<p class="warning" data-testid="verification-note-${index}">${esc(sentence(warning))} Ask the maintainers why before you rely on the badge.</p>`).join("")}`;
  } else if (repository === "" && verification.state === "unverified") {
    body = `<p class="warning" data-testid="verification-warning">This project names no repository: nothing says which code it is${before === "" ? "" : ", so check who runs it" + before}. Its maintainers can set one and have it verified.</p>`;
  } else {
    body = `<p class="warning" data-testid="verification-warning"><strong>${esc(stateTitle(verification))}</strong> ${warningText(verification, repository, url, name, before, extras.chainId)}</p>`;
  }
  if (verification.state !== "verified") body = `${verifiedTwinHtml(extras.twins ?? [])}${body}`;
  const defaults = extras.defaults ?? [];
  const defaultName = (address: string) => defaults.find((attester) => attester.address.toLowerCase() === address.toLowerCase())?.name;
  const untrusted =
    verification.untrusted.length === 0
      ? ""
      : `<p class="muted" data-testid="verification-untrusted">Also attested by ${verification.untrusted
          .map((item, index) => {
            const known = defaultName(item.attester);
            return `<code class="break" data-testid="verification-untrusted-address-${index}">${esc(item.attester)}</code>${known === undefined ? "" : ` (the app's default “${esc(known)}”, which you removed)`}`;
          })
          .join(", ")}, whom you do not trust: if you know who runs ${verification.untrusted.length === 1 ? "it" : "them"} and trust ${verification.untrusted.length === 1 ? "it" : "them"}, add ${verification.untrusted.length === 1 ? "it" : "them"} in ${SETTINGS}.</p>`;
  return `<section class="verification" data-testid="verification" data-state="${esc(verification.state)}">${heading(where)}${body}${untrusted}</section>`;
}

/** The section's heading: the project page's, or "Repository" beside a pledge form (the badge is about the repository, not the campaign). */
function heading(where: "project" | "pledge"): string {
  return where === "project" ? "<h2>Repository verification</h2>" : `<h2 data-testid="verification-heading">Repository</h2>`;
}

/** The client's warning as a sentence: a capital first, a full stop last. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? "" : "."}`;
}

function stateTitle(verification: ProjectVerification): string {
  switch (verification.state) {
    case "revoked":
      return "Verification revoked.";
    case "expired":
      return "Verification expired.";
    case "repository-changed":
      return "Repository changed since it was verified.";
    default:
      return "Not verified.";
  }
}

function warningText(verification: ProjectVerification, repository: string, url: string, name: string, before: string, chainId?: bigint): string {
  const attestation = verification.attestation;
  const unchecked = `Anyone can register any repository URL: nobody you trust has checked that this project controls ${url}`;
  const ask = `Ask the maintainers to have it verified (they commit <span class="nowrap">.well-known/openpledge.json</span> to the repository and ask an attester to check it)`;
  const trust = `or, if someone you trust has verified it, add them in ${SETTINGS}`;
  if (attestation === undefined || verification.state === "unverified") {
    const names = `project ${esc(verification.projectId)}${chainId === undefined ? "" : ` on chain ${esc(chainId)}`}`;
    return `${unchecked}. Check on the repository itself that its <span class="nowrap">.well-known/openpledge.json</span> names ${names}${before}. ${ask}, ${trust}.`;
  }
  const checked = esc(attestedRepository(attestation));
  if (verification.state === "revoked") {
    return `${name} verified ${checked} on ${day(attestation.time)} and revoked it on ${day(attestation.revocationTime)} (an attester revokes when the proof file is gone, names another project, or the repository moved). ${unchecked}. ${ask} again${before === "" ? "" : before}.`;
  }
  if (verification.state === "expired") {
    return `${name} verified ${checked} on ${day(attestation.time)}; that ended on ${day(attestation.expirationTime)} and nobody you trust has checked it since. ${unchecked} today. ${ask} again${before}.`;
  }
  // repository-changed: the attestation names another repository string than the registry's now.
  return `${name} verified ${esc(attestation.repository)} on ${day(attestation.time)}, but the project changed its repository since to ${url || "none"}: the project changed its repository after the attestation, and nobody you trust has checked the new one${before === "" ? "" : before}. ${ask}.`;
}

/** What the forge answered about an attested repository's numeric id, in words (a move is a warning). */
export function pathCheckHtml(check: PathCheck, attestation: Pick<RepositoryAttestation, "forgeHost" | "repositoryPath" | "repositoryId">): { warning: boolean; html: string } {
  const host = esc(attestation.forgeHost);
  switch (check.state) {
    case "same":
      return { warning: false, html: `${host} confirms that repository #${esc(attestation.repositoryId)} is still at ${esc(attestation.repositoryPath)}.` };
    case "moved":
      return {
        warning: true,
        html: `<strong>Repository moved.</strong> ${esc(check.message)}. Pledge only once the maintainers set the project's repository to the new address and have it verified again.`,
      };
    case "gone":
      return { warning: true, html: `<strong>Repository gone.</strong> ${esc(check.message)}. Ask the maintainers where the code is now before you pledge.` };
    default:
      return {
        warning: false,
        html: `${host} could not be asked just now whether the repository is still at ${esc(attestation.repositoryPath)}; the verification above stands as the attester checked it, and you can reload the page later to check again.`,
      };
  }
}

/** The badge once the forge says the verified repository moved or is gone: what was verified no longer stands as it reads. */
export function movedBadge(verification: ProjectVerification, how: "moved" | "gone"): string {
  const attestation = verification.attestation;
  const on = attestation === undefined ? "" : ` on ${day(attestation.time)}`;
  return `<strong>Verified by ${esc(attesterLabel(verification))}${on}, but the repository ${how === "moved" ? "has moved" : "is gone"} since:</strong> see below.`;
}

/** The repository line once the forge says the repository moved or is gone: what held when it was verified, in the past tense. */
export function movedRepositoryLine(verification: ProjectVerification): string {
  const attestation = verification.attestation;
  if (attestation === undefined) return "";
  return `When it was verified, this project controlled ${esc(attestedRepository(attestation))}: ${esc(attesterLabel(verification))} read its proof file at commit ${esc(attestation.proofCommit.slice(0, 7))}. You choose whom you trust in ${SETTINGS}.`;
}

/** The section and the wiring of its path check, or a line saying why the verification cannot be read. */
export interface VerificationSection {
  html: string;
  bind(root: HTMLElement): void;
}

/**
 * What the section reads with: the page's client, and its indexer when the build has one (a page's `PageContext`):
 * every attester's attestations of a project (the chain is asked only for the trusted attesters'), and the other
 * projects naming the same repository (`twins.ts`).
 */
export type VerificationReaders = TwinReaders;

/**
 * The project's verification for the trusted attesters: from the indexer's attestations when it answers (every
 * attester's, so that attestations by attesters the reader does not trust are named too), judged by the client's
 * rules at the chain's time; else from the chain through the client (only the trusted attesters' are asked for).
 */
async function readVerification(context: VerificationReaders, projectId: bigint, repository: string, attesters: readonly TrustedAttester[]): Promise<ProjectVerification> {
  if (context.indexer !== undefined) {
    try {
      const attestations = await context.indexer.projectAttestations(projectId);
      const { registry, chainId } = context.deployment;
      return verificationOf({ projectId, registry, chainId: BigInt(chainId), repository, attestations, trusted: attesters, now: context.now });
    } catch {
      // An indexer without the route, behind, or down: the chain answers.
    }
  }
  return context.reader.verification.getVerification(projectId, { attesters });
}

/**
 * Reads the project's verification for the reader's trusted attesters; once the page is shown, asks the forge
 * (`forges`) whether a verified repository is still at its path. A chain without EAS, or a node that does not answer,
 * gets a line saying so instead of a badge.
 */
export async function verificationSection(
  context: VerificationReaders,
  projectId: bigint,
  repository: string,
  options: { attesters: readonly TrustedAttester[]; forges: () => ForgeEndpoint[]; where: "project" | "pledge" },
): Promise<VerificationSection> {
  let verification: ProjectVerification;
  try {
    verification = await readVerification(context, projectId, repository, options.attesters);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      html: `<section class="verification" data-testid="verification" data-state="unreadable">${heading(options.where)}<p class="warning" data-testid="verification-warning"><strong>Verification could not be read.</strong> ${esc(why)}. Until it can, treat the repository URL as unchecked: anyone can register any repository URL.</p></section>`,
      bind: () => undefined,
    };
  }
  const attestation = verification.attestation;
  // An unverified project whose repository another project is verified for: say so (an impostor's page).
  const twins = verification.state === "verified" || repository === "" ? [] : await verifiedTwins(context, projectId, repository, options.attesters).catch(() => []);
  return {
    html: verificationHtml(verification, repository, options.where, { twins, defaults: defaultAttesters(BigInt(context.deployment.chainId)), chainId: BigInt(context.deployment.chainId) }),
    bind(root) {
      if (verification.state !== "verified" || attestation === undefined) return;
      const line = root.querySelector<HTMLElement>('[data-testid="verification-path"]');
      if (line === null) return;
      let forges: ForgeEndpoint[];
      try {
        forges = options.forges();
      } catch (error) {
        line.textContent = `The forge list of this build does not read (${error instanceof Error ? error.message : String(error)}): the repository's path was not checked.`;
        return;
      }
      context.reader.verification
        .checkRepositoryPath(attestation, { forges })
        .catch((error: unknown): PathCheck => ({ state: "unknown", message: error instanceof Error ? error.message : String(error) }))
        .then((check) => {
          if (!line.isConnected) return;
          const { warning, html } = pathCheckHtml(check, attestation);
          line.className = warning ? "warning" : "muted";
          line.dataset.state = check.state;
          line.innerHTML = html;
          if (!warning) return;
          // The badge no longer holds as it reads: it turns into a warning too.
          const badge = root.querySelector<HTMLElement>('[data-testid="verified-badge"]');
          if (badge !== null) {
            badge.className = "warning";
            badge.innerHTML = movedBadge(verification, check.state === "gone" ? "gone" : "moved");
          }
          const repositoryLine = root.querySelector<HTMLElement>('[data-testid="verified-repository"]');
          if (repositoryLine !== null) repositoryLine.innerHTML = movedRepositoryLine(verification);
          line.closest<HTMLElement>('[data-testid="verification"]')?.setAttribute("data-state", check.state);
        });
    },
  };
}
