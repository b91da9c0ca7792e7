/**
 * `project show`'s `verified` line: whether an attester the reader trusts verified that the project controls the
 * repository it names (from `client.verification`), in one line with dates, and the warnings after it.
 */
import {
  attestedRepository,
  formatDate,
  formatDay,
  NoEasError,
  parseTrustedAttesters,
  shortAddress,
  type OpenPledgeClient,
  type PathCheck,
  type ProjectVerification,
  type TrustedAttester,
} from "../client/node.js";
import { printable } from "../attester/words.js";
import { attesterForges } from "../attester/forges.js";

/** The last second JavaScript dates can hold (year 275760): an attester may set any 64-bit expiration time. */
const MAX_DATE_SECONDS = 8_640_000_000_000n;

/** Milliseconds `project show` waits for a forge's answer to its path check. */
export const PATH_CHECK_TIMEOUT_MS = 5_000;

/**
 * Whether a verified repository is still at its attested path (README trust model, point 5): the forge's answer by
 * the attested numeric id; "not-checked" (with why) when the forge could not be asked; "skipped" with
 * --skip-path-check; undefined when the project does not read as verified (there is nothing to check).
 */
export type PathShown = PathCheck | { state: "not-checked"; message: string } | { state: "skipped" };

export async function pathCheckOf(
  client: OpenPledgeClient,
  shown: VerificationShown,
  options: { forge: string; skip: boolean; fetch?: typeof fetch; timeoutMs?: number },
): Promise<PathShown | undefined> {
  if (!shown.known || shown.verification.state !== "verified" || shown.verification.attestation === undefined) return undefined;
  if (options.skip) return { state: "skipped" };
  const attestation = shown.verification.attestation;
  const what = `${attestation.forgeHost} repository #${attestation.repositoryId}`;
  try {
    const check = await client.verification.checkRepositoryPath(attestation, {
      forges: attesterForges(options.forge),
      fetch: options.fetch,
      timeoutMs: options.timeoutMs ?? PATH_CHECK_TIMEOUT_MS,
    });
    return check.state === "unknown" ? { state: "not-checked", message: check.message } : check;
  } catch (error) {
    return { state: "not-checked", message: `could not ask where ${what} is now: ${(error as Error).message}` };
  }
}

/** The `path check` row of `project show`: undefined (no row) when the project does not read as verified. */
export function pathLine(path: PathShown | undefined): string | undefined {
  if (path === undefined) return undefined;
  switch (path.state) {
    case "same":
      return "the attested path still leads to the attested repository (asked its forge just now)";
    case "moved":
    case "gone":
      return printable(`WARNING — ${path.message}: follow the repository link only after checking it is the project's`);
    case "not-checked":
      return printable(`not checked — ${path.message.replace(/\.$/, "")} (the line above is what the attestation says)`);
    case "skipped":
      return "not checked (--skip-path-check)";
    default:
      return printable(`not checked — ${path.message}`);
  }
}

/** The attesters a reader trusts: `--attesters`, else OPENPLEDGE_TRUSTED_ATTESTERS, else the chain's defaults. */
export function trustedAttestersOf(option: string, chainId: bigint): TrustedAttester[] {
  const text = option.trim() !== "" ? option : (process.env.OPENPLEDGE_TRUSTED_ATTESTERS ?? "");
  return parseTrustedAttesters(text, chainId);
}

/** The verification, or why it cannot be told on this chain (no EAS). */
export type VerificationShown = { known: true; verification: ProjectVerification } | { known: false; reason: string };

export async function readVerification(client: OpenPledgeClient, projectId: bigint, attesters: TrustedAttester[]): Promise<VerificationShown> {
  try {
    return { known: true, verification: await client.verification.getVerification(projectId, { attesters }) };
  } catch (error) {
    if (error instanceof NoEasError) return { known: false, reason: error.message };
    throw error;
  }
}

/**
 * "yes, by OpenPledge local attester (0xf39F…2266) on Fri 27 Nov 2026, 16:05:00 UTC, until Thu 25 Feb 2027: github.com/foo/bar
 * (repository #123456), proof commit 9fceb02", or "NO — " and why, with what to beware of. One line: the strings it
 * quotes come from the chain (anyone's attestation, the project's repository string), so control characters are escaped.
 */
export function verifiedLine(shown: VerificationShown, path?: PathShown): string {
  return printable(verifiedText(shown, path));
}

function verifiedText(shown: VerificationShown, path?: PathShown): string {
  if (!shown.known) return `unknown — ${shown.reason}`;
  const { verification } = shown;
  const { attestation } = verification;
  if (verification.state === "verified" && attestation !== undefined) {
    const until =
      attestation.expirationTime === 0n
        ? "with no end date"
        : attestation.expirationTime > MAX_DATE_SECONDS
          ? "with no end date in practice"
          : `until ${formatDay(attestation.expirationTime)}`;
    const line =
      `yes, by ${verification.attesterName ?? "an attester you trust"} (${shortAddress(attestation.attester)}) on ${formatDate(attestation.time)}, ${until}: ` +
      `${attestedRepository(attestation)}, proof commit ${attestation.proofCommit.slice(0, 7)}`;
    const warnings = path !== undefined && (path.state === "moved" || path.state === "gone") ? [...verification.warnings, path.message] : verification.warnings;
    return warnings.length === 0 ? line : `${line}; but ${warnings.join("; ")}`;
  }
  const why = verification.warnings.length > 0 ? verification.warnings.join("; ") : verification.summary.replace(/^Not verified: /, "");
  return `NO — ${why}`;
}
