/**
 * One GET to a forge's API, defensively: only the endpoint's own origin (and path) is contacted, redirects are
 * followed by hand within that origin (at most MAX_REDIRECTS), the answer is read with a byte cap and a time limit,
 * and every failure becomes a ForgeError with a reason a caller can act on. The URLs come from on-chain strings.
 */
import { readCapped } from "../capped-body.js";
import { formatDateOf } from "../format.js";
import { ForgeError } from "./errors.js";
import { DEFAULT_FORGE_TIMEOUT_MS, MAX_REDIRECTS, MAX_RESPONSE_BYTES, type ForgeEndpoint, type ForgeRequestOptions } from "./types.js";

/** A successful (2xx) answer: its JSON body and headers. */
export interface ForgeAnswer {
  status: number;
  headers: Headers;
  json: unknown;
}

/** What the caller says when the forge answers 404 (the words depend on what was asked for). */
export interface ForgeGetContext {
  /** The message of the "not-found" ForgeError. */
  missing: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const GONE = new Set([404, 410, 451]);

/** The request headers: JSON, and the token in the header each forge documents. */
function headersFor(endpoint: ForgeEndpoint): Record<string, string> {
  const headers: Record<string, string> = { Accept: endpoint.kind === "github" ? "application/vnd.github+json" : "application/json" };
  if (endpoint.token !== undefined && endpoint.token !== "") {
    if (endpoint.kind === "github") headers["Authorization"] = `Bearer ${endpoint.token}`;
    else if (endpoint.kind === "gitlab") headers["PRIVATE-TOKEN"] = endpoint.token;
    else headers["Authorization"] = `token ${endpoint.token}`;
  }
  return headers;
}

/** True when `url` is inside the endpoint's API (same origin, under its base path). */
export function isInsideApi(endpoint: ForgeEndpoint, url: URL): boolean {
  const base = new URL(endpoint.apiBase);
  const prefix = base.pathname.replace(/\/+$/, "");
  return url.origin === base.origin && (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`) || prefix === "");
}

/** When the forge says to come back: Retry-After (seconds or a date), else the reset time of its rate limit headers. */
export function retryAtOf(headers: Headers, now: Date = new Date()): Date | undefined {
  const after = headers.get("retry-after");
  if (after !== null && after.trim() !== "") {
    const text = after.trim();
    if (/^[0-9]+$/.test(text)) return new Date(now.getTime() + Number(text) * 1000);
    const date = new Date(text);
    if (!Number.isNaN(date.getTime())) return date;
  }
  for (const name of ["x-ratelimit-reset", "ratelimit-reset"]) {
    const value = headers.get(name)?.trim();
    if (value === undefined || !/^[0-9]+$/.test(value)) continue;
    const seconds = Number(value);
    // An epoch time (GitHub, GitLab), or seconds from now (the IETF draft's RateLimit-Reset).
    return seconds > 1_000_000_000 ? new Date(seconds * 1000) : new Date(now.getTime() + seconds * 1000);
  }
  return undefined;
}

/** True when the answer is a rate limit: 429, or GitHub's 403 with no requests left or a Retry-After. */
function isRateLimited(response: Response): boolean {
  if (response.status === 429) return true;
  return response.status === 403 && (response.headers.get("x-ratelimit-remaining")?.trim() === "0" || response.headers.get("retry-after") !== null);
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}

/**
 * GETs `apiPath` (starting with "/", already URL-encoded) from the endpoint's API and returns the JSON of a 2xx
 * answer. Throws ForgeError: "not-found" (404, 410, 451), "rate-limited" (with retryAt when the forge says),
 * "unavailable" (5xx, other refusals, no answer in time, unreachable), "too-large" (over MAX_RESPONSE_BYTES),
 * "malformed-response" (not JSON, or a redirect leaving the API, or too many redirects).
 */
export async function forgeGet(endpoint: ForgeEndpoint, apiPath: string, context: ForgeGetContext, options: ForgeRequestOptions = {}): Promise<ForgeAnswer> {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_FORGE_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const host = endpoint.host;
  const origin = new URL(endpoint.apiBase).origin;
  let url = new URL(`${endpoint.apiBase.replace(/\/+$/, "")}${apiPath}`);
  try {
    if (!isInsideApi(endpoint, url)) throw new ForgeError("malformed-response", `The request for ${host} would leave its API at ${endpoint.apiBase}; nothing was sent.`);
    let response: Response | undefined;
    for (let hop = 0; ; hop += 1) {
      const init: RequestInit = { method: "GET", headers: headersFor(endpoint), redirect: "manual", signal: controller.signal, credentials: "omit" };
      response = await doFetch(url.toString(), init);
      if (response.type === "opaqueredirect") {
        // A browser hides redirects from "manual": follow there, then check where the answer came from.
        response = await doFetch(url.toString(), { ...init, redirect: "follow" });
        if (response.url !== "" && !isInsideApi(endpoint, new URL(response.url))) {
          await discard(response);
          throw new ForgeError("malformed-response", `${host} redirected to ${new URL(response.url).origin}, outside its API at ${endpoint.apiBase}; OpenPledge only reads ${origin}. Check the forge list.`);
        }
      }
      if (!REDIRECTS.has(response.status)) break;
      await discard(response);
      const location = response.headers.get("location");
      if (location === null) throw new ForgeError("malformed-response", `${host} answered a redirect without saying where to (status ${response.status}); try again later.`, { status: response.status });
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new ForgeError("malformed-response", `${host} redirected to "${location.slice(0, 200)}", which is not an address; try again later.`, { status: response.status });
      }
      if (!isInsideApi(endpoint, next)) {
        throw new ForgeError(
          "malformed-response",
          `${host} redirected to ${next.origin}${next.origin === origin ? next.pathname : ""}, outside its API at ${endpoint.apiBase}; OpenPledge only reads ${origin}, so it did not follow. Check the forge list.`,
          { status: response.status },
        );
      }
      if (hop + 1 > MAX_REDIRECTS) {
        throw new ForgeError("malformed-response", `${host} redirected more than ${MAX_REDIRECTS} times; OpenPledge stopped following. Try again later, or check the repository URL.`, { status: response.status });
      }
      url = next;
    }
    const status = response.status;
    if (isRateLimited(response)) {
      await discard(response);
      const retryAt = retryAtOf(response.headers);
      const when = retryAt === undefined ? "later" : `after ${formatDateOf(retryAt)}`;
      const token = endpoint.token === undefined ? " (an API token for this forge raises the limit)" : "";
      throw new ForgeError("rate-limited", `${host} is limiting requests for now; try again ${when}${token}.`, retryAt === undefined ? { status } : { retryAt, status });
    }
    if (GONE.has(status)) {
      await discard(response);
      throw new ForgeError("not-found", context.missing, { status });
    }
    if (status >= 500) {
      await discard(response);
      throw new ForgeError("unavailable", `${host} failed to answer (status ${status}); try again later.`, { status });
    }
    if (status === 401 || status === 403) {
      await discard(response);
      throw new ForgeError("unavailable", `${host} refused the request (status ${status}); check the API token for this forge, or try again later.`, { status });
    }
    if (status < 200 || status > 299) {
      await discard(response);
      throw new ForgeError("malformed-response", `${host} answered with status ${status}, which its API does not use here; try again later.`, { status });
    }
    const declared = Number(response.headers.get("content-length") ?? "0");
    const tooLarge = `${host} answered with more than ${MAX_RESPONSE_BYTES.toLocaleString("en-US")} bytes, far more than this request needs; OpenPledge stopped reading. Check the forge list, or try again later.`;
    if (declared > MAX_RESPONSE_BYTES) {
      await discard(response);
      throw new ForgeError("too-large", tooLarge, { status });
    }
    const bytes = await readCapped(response, MAX_RESPONSE_BYTES);
    if (bytes === null) throw new ForgeError("too-large", tooLarge, { status });
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch {
      throw new ForgeError("malformed-response", `${host} answered with something that is not JSON; its API may be down or the forge list may point at the wrong address. Try again later.`, { status });
    }
    return { status, headers: response.headers, json };
  } catch (error) {
    if (error instanceof ForgeError) throw error;
    if (controller.signal.aborted) {
      throw new ForgeError("unavailable", `${host} did not answer within ${timeoutMs / 1000} s; try again later.`);
    }
    const detail = error instanceof Error ? error.message : String(error);
    throw new ForgeError("unavailable", `${host} could not be reached at ${origin} (${detail}); try again later, or check the forge list.`);
  } finally {
    clearTimeout(timer);
  }
}
