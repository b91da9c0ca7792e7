/**
 * `project show`'s `verified` line: whether an attester the reader trusts verified that the project controls the
 * repository it names (from `client.verification`), in one line with dates, and the warnings after it.
 */
import {
  attestedRepository,
  formatUtcDay,
  formatUtcMinute,
  NoEasError,
  parseTrustedAttesters,
  shortAddress,
  type OpenPledgeClient,
  type ProjectVerification,
  type TrustedAttester,
} from "../client/node.js";
import { printable } from "../attester/words.js";

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
 * "yes, by OpenPledge local attester (0xf39F…2266) on 2026-11-27 16:05 UTC, until 2027-02-25: github.com/foo/bar
 * (repository #123456), proof commit 9fceb02", or "NO — " and why, with what to beware of. One line: the strings it
 * quotes come from the chain (anyone's attestation, the project's repository string), so control characters are escaped.
 */
export function verifiedLine(shown: VerificationShown): string {
  return printable(verifiedText(shown));
}

function verifiedText(shown: VerificationShown): string {
  if (!shown.known) return `unknown — ${shown.reason}`;
  const { verification } = shown;
  const { attestation } = verification;
  if (verification.state === "verified" && attestation !== undefined) {
    const until = attestation.expirationTime === 0n ? "with no end date" : `until ${formatUtcDay(attestation.expirationTime)}`;
    const line =
      `yes, by ${verification.attesterName ?? "an attester you trust"} (${shortAddress(attestation.attester)}) on ${formatUtcMinute(attestation.time)}, ${until}: ` +
      `${attestedRepository(attestation)}, proof commit ${attestation.proofCommit.slice(0, 7)}`;
    return verification.warnings.length === 0 ? line : `${line}; but ${verification.warnings.join("; ")}`;
  }
  const why = verification.warnings.length > 0 ? verification.warnings.join("; ") : verification.summary.replace(/^Not verified: /, "");
  return `NO — ${why}`;
}
