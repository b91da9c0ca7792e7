/**
 * An attester over HTTP (127.0.0.1 by default): anyone asks it to check a project, it answers the outcome; it
 * rechecks the projects it attested every `recheckIntervalMs`. Routes, JSON both ways:
 * `GET /` (who it is), `POST /projects/:id/verify` (check now: 200 attested/unchanged/revoked, 422 refused,
 * 503 retry later with Retry-After, 404 unknown project, 400 bad id, 429 the same project within the cooldown),
 * `GET /projects/:id` (the last outcome). Rechecks run at start and every interval. Request bodies over 1 KiB are refused; errors are `{ error }` in plain words.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import { formatDate, OpenPledgeError } from "../client/index.js";
import { errorLine, type Attester, type CheckOutcome, type RecheckOutcome } from "./attester.js";
import { jsonText } from "./json.js";

export const DEFAULT_ATTESTER_PORT = 8547;
/** The most a request body may hold. */
export const MAX_BODY_BYTES = 1024;
/** Checks waiting or running at once, at most; more answer 503 (a flood of ids cannot queue without end). */
export const DEFAULT_MAX_PENDING_CHECKS = 32;
/** A project asked about again within this answers 429 with its last outcome. */
export const DEFAULT_COOLDOWN_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The most a recheck interval may be: 24 days (setInterval holds at most 2^31 - 1 ms, about 24.8 days). */
export const MAX_RECHECK_INTERVAL_MS = 24 * DAY_MS;
/** A client has this long to send a request's headers, and its whole request (the routes take no body). */
export const REQUEST_TIMEOUT_MS = 10_000;
const ROUTES = "GET /, POST /projects/<id>/verify and GET /projects/<id>";

export interface AttesterServiceOptions {
  attester: Attester;
  host?: string;
  port?: number;
  /** Every project this attester holds a live attestation of is checked again this often (default 24 hours; 0: never). */
  recheckIntervalMs?: number;
  /** How long a project's check answers every further request with 429 (default 60 s). */
  cooldownMs?: number;
  /** Checks asked for and not answered yet, at most (default 32); more answer 503 busy. */
  maxPendingChecks?: number;
  /** How long a client has to send its request's headers and whole request (default 10 s); then its socket is closed. */
  requestTimeoutMs?: number;
  /** Told each outcome of a recheck pass and each failure (default: nothing). */
  log?: (line: string) => void;
}

export interface AttesterService {
  url: string;
  close(): Promise<void>;
}

/** HTTP status of an outcome. */
export function statusOf(outcome: RecheckOutcome): number {
  if (outcome.kind === "refused") return 422;
  if (outcome.kind === "retry-later") return 503;
  if (outcome.kind === "failed") return 500;
  return 200;
}

/** Seconds to wait before asking again, for Retry-After (at least 1). */
function retryAfterSeconds(until: Date | undefined, fallbackSeconds: number): number {
  const seconds = until === undefined ? Number.NaN : Math.ceil((until.getTime() - Date.now()) / 1000);
  return Number.isFinite(seconds) ? Math.max(1, seconds) : fallbackSeconds;
}

interface Entry {
  startedAt: number;
  outcome: Promise<CheckOutcome>;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = jsonText(body);
  response.writeHead(status, { "content-type": "application/json; charset=utf-8", "access-control-allow-origin": "*", "cache-control": "no-store", ...headers });
  response.end(`${text}\n`);
}

/** Reads the request body, stopping once it holds more than MAX_BODY_BYTES; whether it stayed within. */
function readCapped(request: IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    let size = 0;
    let settled = false;
    const settle = (within: boolean) => {
      if (settled) return;
      settled = true;
      resolve(within);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return;
      request.off("data", onData);
      request.pause();
      settle(false);
    };
    request.on("data", onData);
    request.on("end", () => settle(true));
    request.on("error", () => settle(false));
  });
}

/** Reads at most MAX_BODY_BYTES of the request; false (and the 413 sent, the connection then closed) when it holds more. */
async function bodyWithinCap(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const declared = Number(request.headers["content-length"] ?? "0");
  const within = Number.isFinite(declared) && declared > MAX_BODY_BYTES ? false : await readCapped(request);
  if (within) return true;
  response.on("finish", () => request.socket.destroy());
  send(response, 413, { error: `request bodies are limited to ${MAX_BODY_BYTES} bytes (1 KiB); the attester's routes take no body: send none` }, { connection: "close" });
  return false;
}

/** A project id in a path: a positive whole number of at most 78 digits, else undefined. */
function idOf(text: string): bigint | undefined {
  if (!/^\d{1,78}$/.test(text)) return undefined;
  const id = BigInt(text);
  return id === 0n || id >= 2n ** 256n ? undefined : id;
}

export async function startAttesterService(options: AttesterServiceOptions): Promise<AttesterService> {
  const { attester } = options;
  const host = options.host ?? "127.0.0.1";
  const cooldownMs = options.cooldownMs ?? DEFAULT_COOLDOWN_MS;
  const recheckMs = options.recheckIntervalMs ?? DAY_MS;
  if (!Number.isFinite(recheckMs) || recheckMs < 0 || recheckMs > MAX_RECHECK_INTERVAL_MS) {
    throw new RangeError(`the recheck interval must be from 0 (never) to ${MAX_RECHECK_INTERVAL_MS} ms (24 days), not ${recheckMs}`);
  }
  const log = options.log ?? (() => undefined);
  const info = await attester.info();
  const maxPending = options.maxPendingChecks ?? DEFAULT_MAX_PENDING_CHECKS;
  let pending = 0;
  const checks = new Map<string, Entry>();
  const last = new Map<string, RecheckOutcome>();

  // Ids past the registry's count answer 404 at once, without taking a place among the pending checks: a flood of
  // unknown ids cannot crowd out real ones. An id within the last count read is known (projects are never removed);
  // any other is checked against the count read again (one read at a time, shared by the requests waiting for it).
  let known = 0n;
  let reading: Promise<bigint | undefined> | undefined;
  const isUnknown = async (id: bigint): Promise<boolean> => {
    if (id <= known) return false;
    reading ??= attester
      .projectCount()
      .then((value) => {
        if (value > known) known = value;
        return value;
      })
      .catch(() => undefined)
      .finally(() => {
        reading = undefined;
      });
    const value = await reading;
    return value !== undefined && id > value;
  };

  const verify = async (id: bigint, response: ServerResponse): Promise<void> => {
    const key = id.toString();
    if (await isUnknown(id)) {
      send(response, 404, { error: `there is no project ${id}: check the id against the list of projects (project list, or the app's home page)` });
      return;
    }
    const previous = checks.get(key);
    if (previous !== undefined && Date.now() - previous.startedAt < cooldownMs) {
      const again = new Date(previous.startedAt + cooldownMs);
      const wait = retryAfterSeconds(again, 1);
      let outcome: CheckOutcome | undefined;
      try {
        outcome = await previous.outcome;
      } catch {
        outcome = undefined;
      }
      send(
        response,
        429,
        {
          error:
            `project ${id} was checked less than ${Math.round(cooldownMs / 1000)} seconds ago, at ${formatDate(Math.floor(previous.startedAt / 1000))}: nothing was checked now; ` +
            `"outcome" is that earlier check's, which may no longer hold; ask again in ${wait} seconds`,
          checkedAt: new Date(previous.startedAt).toISOString(),
          retryAt: again.toISOString(),
          outcome,
        },
        { "retry-after": String(wait) },
      );
      return;
    }
    if (pending >= maxPending) {
      send(response, 503, { error: `the attester has ${pending} checks waiting: nothing was done; ask again in a minute` }, { "retry-after": "60" });
      return;
    }
    const entry: Entry = { startedAt: Date.now(), outcome: attester.check(id) };
    checks.set(key, entry);
    pending += 1;
    let outcome: CheckOutcome;
    try {
      outcome = await entry.outcome;
    } catch (error) {
      checks.delete(key);
      if (error instanceof OpenPledgeError && error.errorName === "UnknownProject") {
        send(response, 404, { error: error.message.replace(/^UnknownProject: /, "") });
        return;
      }
      // The details stay in the operator's log (an RPC error can name the RPC URL and its key); the caller is told what to do.
      log(`checking project ${id} failed: ${errorLine(error)}`);
      send(response, 500, { error: `the attester could not check project ${id} now: nothing was changed; try again later, or tell the attester's operator if it keeps failing` });
      return;
    } finally {
      pending -= 1;
    }
    last.set(key, outcome);
    log(`verify: project ${id}: ${outcome.kind}: ${outcome.message}`);
    const headers: Record<string, string> = outcome.kind === "retry-later" ? { "retry-after": String(retryAfterSeconds(outcome.retryAt, 60)) } : {};
    send(response, statusOf(outcome), outcome, headers);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!(await bodyWithinCap(request, response))) return;
    const path = new URL(request.url ?? "/", "http://attester.invalid").pathname;
    const method = request.method ?? "GET";
    const verifyMatch = /^\/projects\/([^/]+)\/verify$/.exec(path);
    const showMatch = /^\/projects\/([^/]+)$/.exec(path);
    const allowed = path === "/" ? "GET" : verifyMatch !== null ? "POST" : showMatch !== null ? "GET" : undefined;
    if (allowed === undefined) {
      send(response, 404, { error: `no such route ${path}: this attester serves ${ROUTES}` });
      return;
    }
    if (method !== allowed) {
      send(response, 405, { error: `${path} takes ${allowed}, not ${method}: this attester serves ${ROUTES}` }, { allow: allowed });
      return;
    }
    if (path === "/") {
      send(response, 200, info);
      return;
    }
    const rawId = (verifyMatch ?? showMatch)![1]!;
    let idText: string;
    try {
      idText = decodeURIComponent(rawId);
    } catch {
      send(response, 400, { error: `"${rawId}" is not a project id (it holds a broken %-escape): give a positive whole number, e.g. /projects/1` });
      return;
    }
    const id = idOf(idText);
    if (id === undefined) {
      send(response, 400, { error: `"${idText}" is not a project id: give a positive whole number, e.g. /projects/1` });
      return;
    }
    if (verifyMatch !== null) {
      await verify(id, response);
      return;
    }
    const outcome = last.get(id.toString());
    if (outcome === undefined && (await isUnknown(id))) {
      send(response, 404, { error: `there is no project ${id}: check the id against the list of projects (project list, or the app's home page)` });
      return;
    }
    if (outcome === undefined) {
      send(response, 404, { error: `this attester has not checked project ${id} since it started: POST /projects/${id}/verify asks it to` });
      return;
    }
    send(response, 200, outcome);
  };

  // A slow client cannot hold a socket for Node's default 300 s: headers and the whole request within the timeout,
  // checked every second (Node's default check runs every 30 s).
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const server = createServer({ requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(1000, requestTimeout) }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`request failed: ${errorLine(error)}`);
      if (!response.headersSent) send(response, 500, { error: "the attester failed to answer: nothing was changed; try again later, or tell the attester's operator if it keeps failing" });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? DEFAULT_ATTESTER_PORT, host, () => resolve());
  });

  let pass: Promise<void> | undefined;
  const recheck = () => {
    if (pass !== undefined) return;
    pass = attester
      .recheckAll()
      .then((outcomes) => {
        for (const outcome of outcomes) {
          last.set(outcome.projectId.toString(), outcome);
          log(`recheck: project ${outcome.projectId}: ${outcome.kind}: ${outcome.message}`);
        }
      })
      .catch((error: unknown) => log(`recheck failed: ${errorLine(error)}; the next pass tries again`))
      .finally(() => {
        pass = undefined;
      });
  };
  // A first pass at start (a service restarted more often than its interval still rechecks), then one per interval.
  const timer = recheckMs > 0 ? setInterval(recheck, recheckMs) : undefined;
  timer?.unref();
  if (recheckMs > 0) recheck();

  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: async () => {
      if (timer !== undefined) clearInterval(timer);
      await pass;
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error === undefined ? resolve() : reject(error))));
    },
  };
}
