/** Errors of the forge modules: a forge that could not answer, a repository URL or a proof file that is not right. */

/** Why a forge request failed. */
export type ForgeErrorReason = "not-found" | "rate-limited" | "unavailable" | "malformed-response" | "too-large" | "unknown-host";

/**
 * A forge request that failed: `reason` says how (a caller retries "rate-limited", "unavailable" and
 * "malformed-response" later), `retryAt` when the forge said when to come back, `status` the HTTP status if any.
 */
export class ForgeError extends Error {
  override name = "ForgeError";
  readonly reason: ForgeErrorReason;
  readonly retryAt?: Date;
  readonly status?: number;

  constructor(reason: ForgeErrorReason, message: string, details: { retryAt?: Date; status?: number } = {}) {
    super(message);
    this.reason = reason;
    if (details.retryAt !== undefined) this.retryAt = details.retryAt;
    if (details.status !== undefined) this.status = details.status;
  }
}

/** A repository URL OpenPledge cannot use; the message says what to give instead. */
export class RepositoryUrlError extends Error {
  override name = "RepositoryUrlError";
  readonly url: string;

  constructor(url: string, message: string) {
    super(message);
    this.url = url;
  }
}

/** Why a proof file was refused: not JSON at all, or JSON that does not say what the proof file must say. */
export type ProofErrorReason = "malformed-json" | "invalid";

/** A proof file that is not right; the message says which field and what to write. */
export class ProofError extends Error {
  override name = "ProofError";
  readonly reason: ProofErrorReason;

  constructor(reason: ProofErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** A forge list (env OPENPLEDGE_FORGES or --forge) that cannot be read; the message shows what to write. */
export class ForgeListError extends Error {
  override name = "ForgeListError";
}
