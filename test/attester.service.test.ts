import { createServer, request as httpRequest } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";

import { expect } from "chai";
import { JsonRpcProvider } from "ethers";

import { Attester } from "../attester/attester.js";
import { MAX_RECHECK_INTERVAL_MS, startAttesterService, type AttesterService, type AttesterServiceOptions } from "../attester/service.js";
import { formatDate, OpenPledgeClient, PROOF_FILE_PATH, proofFileText, REPOSITORY_SCHEMA_UID } from "../client/index.js";
import { startLocalForge, type LocalForge } from "../scripts/lib/local-forge.js";
import { ethers, loadWorld, METADATA, type World } from "./helpers/fixture.js";

const PATH = "openpledge/openpledge";

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function call(url: string, method = "GET", body?: string): Promise<Answer> {
  const response = await fetch(url, { method, body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

/** A POST whose body is streamed without a Content-Length (chunked), so only the reader's cap can stop it. */
function postChunked(url: string, size: number): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: "POST", headers: { "transfer-encoding": "chunked" } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) as Record<string, unknown> }));
    });
    request.on("error", (error) => (/EPIPE|ECONNRESET/.test(String(error)) ? undefined : reject(error)));
    for (let sent = 0; sent < size; sent += 256) request.write("x".repeat(256));
    request.end();
  });
}

describe("attester service: its routes and status codes", () => {
  let forge: LocalForge;
  let service: AttesterService | undefined;
  let world: World;
  let registry: string;

  beforeEach(async () => {
    forge = await startLocalForge();
    world = await loadWorld();
    registry = await world.registry.getAddress();
    forge.createRepository("github.com", PATH);
    forge.putFile("github.com", PATH, PROOF_FILE_PATH, proofFileText([{ chainId: 31337n, registry, projectId: 1n }]));
  });
  afterEach(async () => {
    await service?.close();
    service = undefined;
    await forge.close();
  });

  async function serve(options: Partial<AttesterServiceOptions> = {}, fetcher?: typeof fetch): Promise<string> {
    const reader = new OpenPledgeClient({ registry, escrow: world.escrowAddress, eas: world.eas }, ethers.provider);
    const attester = new Attester({ reader, signer: world.owner, forges: forge.forges, fetch: fetcher });
    service = await startAttesterService({ attester, port: 0, recheckIntervalMs: 0, ...options });
    return service.url;
  }

  it("GET / tells who the attester is; POST verifies (200), GET tells the last outcome, the same project again within a minute is 429 with it", async () => {
    const url = await serve();
    expect(url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const front = await call(`${url}/`);
    expect([front.status, front.headers.get("content-type")]).to.deep.equal([200, "application/json; charset=utf-8"]);
    expect(front.body).to.deep.equal({
      attester: world.owner.address,
      chainId: "31337",
      registry,
      eas: world.eas.eas,
      schemaUID: REPOSITORY_SCHEMA_UID,
      forges: ["github.com", "gitlab.com", "codeberg.org"],
      validityDays: "90",
    });
    expect((await call(`${url}/projects/1`)).status).to.equal(404);
    const verified = await call(`${url}/projects/1/verify`, "POST");
    expect([verified.status, verified.body.kind, verified.body.projectId]).to.deep.equal([200, "attested", "1"]);
    expect(verified.body.message).to.match(/^project 1 is verified: github\.com\/openpledge\/openpledge \(repository #\d+\)/);
    expect((verified.body.attestation as Record<string, unknown>).attester).to.equal(world.owner.address);
    const last = await call(`${url}/projects/1`);
    expect([last.status, last.body]).to.deep.equal([200, verified.body]);
    const block = await ethers.provider.getBlockNumber();
    const again = await call(`${url}/projects/1/verify`, "POST");
    expect(again.status).to.equal(429);
    const retryAfter = Number(again.headers.get("retry-after"));
    expect(retryAfter).to.be.within(55, 60);
    expect(again.body.outcome).to.deep.equal(verified.body);
    // When the earlier check started, as an ISO time for scripts and in words in the error.
    const checkedAt = Date.parse(String(again.body.checkedAt));
    expect(checkedAt).to.be.within(Date.parse(String(again.body.retryAt)) - 60_000 - 1, Date.parse(String(again.body.retryAt)) - 60_000 + 1);
    expect(again.body.error).to.equal(
      `project 1 was checked less than 60 seconds ago, at ${formatDate(Math.floor(checkedAt / 1000))}: nothing was checked now; ` +
        `"outcome" is that earlier check's, which may no longer hold; ask again in ${retryAfter} seconds`,
    );
    expect(await ethers.provider.getBlockNumber()).to.equal(block);
  });

  it("answers refused with 422, retry later with 503 and Retry-After, unknown projects 404, bad ids 400, other routes 404/405", async () => {
    const url = await serve({ cooldownMs: 0 });
    await (await world.registry.connect(world.stranger).registerProject(METADATA, "https://github.com/stranger/fame", world.stranger.address)).wait();
    forge.createRepository("github.com", "stranger/fame");
    const refused = await call(`${url}/projects/2/verify`, "POST");
    expect([refused.status, refused.body.kind, refused.body.reason]).to.deep.equal([422, "refused", "proof-missing"]);
    const until = Math.floor(Date.now() / 1000) + 600;
    forge.rateLimit("github.com", until);
    const limited = await call(`${url}/projects/1/verify`, "POST");
    expect([limited.status, limited.body.kind, limited.body.reason, limited.body.retryAt]).to.deep.equal([503, "retry-later", "rate-limited", new Date(until * 1000).toISOString()]);
    expect(limited.body.message).to.equal(`github.com is rate limiting this attester: nothing was changed; try again after ${formatDate(BigInt(until))}; an API token raises the limit: its operator sets GITHUB_TOKEN`);
    expect(Number(limited.headers.get("retry-after"))).to.be.within(595, 600);
    forge.rateLimit("github.com", 0);
    const unknown = await call(`${url}/projects/42/verify`, "POST");
    expect(unknown).to.deep.include({ status: 404, body: { error: "there is no project 42: check the id against the list of projects (project list, or the app's home page)" } });
    for (const bad of ["abc", "0", "-1", "1.5"]) {
      const answer = await call(`${url}/projects/${bad}/verify`, "POST");
      expect([answer.status, answer.body.error]).to.deep.equal([400, `"${bad}" is not a project id: give a positive whole number, e.g. /projects/1`]);
    }
    const routes = "this attester serves GET /, POST /projects/<id>/verify and GET /projects/<id>";
    expect(await call(`${url}/projects`)).to.deep.include({ status: 404, body: { error: `no such route /projects: ${routes}` } });
    expect(await call(`${url}/projects/1/verify`)).to.deep.include({ status: 405, body: { error: `/projects/1/verify takes POST, not GET: ${routes}` } });
    expect((await call(`${url}/`, "DELETE")).status).to.equal(405);
    const missing = await call(`${url}/projects/7`);
    expect([missing.status, missing.body.error]).to.deep.equal([404, "there is no project 7: check the id against the list of projects (project list, or the app's home page)"]);
    await (await world.registry.connect(world.stranger).registerProject(METADATA, "https://github.com/stranger/later", world.stranger.address)).wait();
    const never = await call(`${url}/projects/3`);
    expect([never.status, never.body.error]).to.deep.equal([404, "this attester has not checked project 3 since it started: POST /projects/3/verify asks it to"]);
  });

  it("refuses request bodies over 1 KiB, declared or streamed, and takes one of 1 KiB", async () => {
    const url = await serve({ cooldownMs: 0 });
    const error = "request bodies are limited to 1024 bytes (1 KiB); the attester's routes take no body: send none";
    expect(await call(`${url}/projects/1/verify`, "POST", "x".repeat(1025))).to.deep.include({ status: 413, body: { error } });
    expect(await postChunked(`${url}/projects/1/verify`, 64 * 1024)).to.deep.equal({ status: 413, body: { error } });
    expect((await call(`${url}/projects/1/verify`, "POST", "x".repeat(1024))).status).to.equal(200);
  });

  it("answers 503 busy past its pending checks, and checks again once they are answered", async () => {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const url = await serve({ cooldownMs: 0, maxPendingChecks: 2 }, async (input, init) => {
      await gate;
      return fetch(input, init);
    });
    await (await world.registry.connect(world.stranger).registerProject(METADATA, "https://github.com/stranger/fame", world.stranger.address)).wait();
    const first = call(`${url}/projects/1/verify`, "POST");
    const second = call(`${url}/projects/2/verify`, "POST");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const busy = await call(`${url}/projects/1/verify`, "POST");
    expect([busy.status, busy.headers.get("retry-after"), busy.body]).to.deep.equal([503, "60", { error: "the attester has 2 checks waiting: nothing was done; ask again in a minute" }]);
    open();
    expect([(await first).status, (await second).status]).to.deep.equal([200, 422]);
    expect((await call(`${url}/projects/1/verify`, "POST")).body.kind).to.equal("unchanged");
  });

  it("rechecks every project it attested on its interval, and tells the outcome on GET", async () => {
    const lines: string[] = [];
    const url = await serve({ recheckIntervalMs: 100, log: (line) => lines.push(line) });
    expect((await call(`${url}/projects/1/verify`, "POST")).body.kind).to.equal("attested");
    forge.deleteFile("github.com", PATH, PROOF_FILE_PATH);
    const deadline = Date.now() + 10_000;
    let last = await call(`${url}/projects/1`);
    while (last.body.kind !== "revoked" && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      last = await call(`${url}/projects/1`);
    }
    expect([last.body.kind, last.body.reason]).to.deep.equal(["revoked", "proof-missing"]);
    expect(lines.some((line) => line.startsWith("recheck: project 1: revoked: revoked this attester's 1 attestation of project 1: "))).to.equal(true);
  });

  it("a failed check answers 500 without the internal error (an RPC URL and its key stay in the operator's log; review L2)", async () => {
    const rpc = createServer((_request, response) => {
      response.writeHead(401, { "content-type": "application/json" });
      response.end('{"error":"unauthorized"}');
    });
    await new Promise<void>((resolve) => rpc.listen(0, "127.0.0.1", resolve));
    const rpcUrl = `http://127.0.0.1:${(rpc.address() as AddressInfo).port}/v2/SECRET_API_KEY_abc123?token=SECRET_QUERY`;
    const provider = new JsonRpcProvider(rpcUrl, 31337, { staticNetwork: true });
    const lines: string[] = [];
    try {
      const reader = new OpenPledgeClient({ registry, escrow: world.escrowAddress, eas: world.eas }, provider);
      const attester = new Attester({ reader, signer: world.owner, forges: forge.forges });
      service = await startAttesterService({ attester, port: 0, recheckIntervalMs: 0, log: (line) => lines.push(line) });
      const failed = await call(`${service.url}/projects/1/verify`, "POST");
      expect([failed.status, failed.body]).to.deep.equal([
        500,
        { error: "the attester could not check project 1 now: nothing was changed; try again later, or tell the attester's operator if it keeps failing" },
      ]);
      expect(lines).to.have.length(1);
      expect(lines[0]).to.match(/^checking project 1 failed: .*401/);
      expect(lines[0]).to.not.include("SECRET");
    } finally {
      provider.destroy();
      await new Promise<void>((resolve) => rpc.close(() => resolve()));
    }
  });

  it("a broken %-escape in a project id answers 400 with what to write (review L3)", async () => {
    const url = await serve({ cooldownMs: 0 });
    for (const path of ["/projects/%E0%A4%A/verify", "/projects/%/verify", "/projects/%ZZ"]) {
      const method = path.endsWith("/verify") ? "POST" : "GET";
      const raw = path.split("/")[2];
      expect(await call(`${url}${path}`, method)).to.deep.include({
        status: 400,
        body: { error: `"${raw}" is not a project id (it holds a broken %-escape): give a positive whole number, e.g. /projects/1` },
      });
    }
  });

  it("a client that sends its headers too slowly is cut off (review L1); recheck intervals past a timer's reach are refused (review L4)", async () => {
    const url = await serve({ requestTimeoutMs: 300 });
    const { port } = new URL(url);
    const started = Date.now();
    const closed = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), "127.0.0.1", () => socket.write("GET / HTTP/1.1\r\nHost: x\r\n"));
      let answer = "";
      socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
      socket.on("close", () => resolve(answer));
    });
    const waited = Date.now() - started;
    expect(closed).to.match(/^HTTP\/1\.1 408 /);
    expect(waited).to.be.within(250, 2500);
    await service!.close();
    service = undefined;
    const reader = new OpenPledgeClient({ registry, escrow: world.escrowAddress, eas: world.eas }, ethers.provider);
    const attester = new Attester({ reader, signer: world.owner, forges: forge.forges });
    let refused: unknown;
    try {
      service = await startAttesterService({ attester, port: 0, recheckIntervalMs: 1000 * 3_600_000 });
    } catch (error) {
      refused = error;
    }
    expect(refused).to.be.instanceOf(RangeError);
    expect((refused as Error).message).to.equal(`the recheck interval must be from 0 (never) to ${MAX_RECHECK_INTERVAL_MS} ms (24 days), not 3600000000`);
  });

  it("a forge's absurd Retry-After answers 503 with a sane Retry-After, not a crash (review M2)", async () => {
    const url = await serve({ cooldownMs: 0 });
    forge.rateLimit("github.com", 1e20);
    const limited = await call(`${url}/projects/1/verify`, "POST");
    expect([limited.status, limited.headers.get("retry-after"), limited.body.reason, limited.body.retryAt]).to.deep.equal([503, "60", "rate-limited", undefined]);
    expect(limited.body.message).to.equal("github.com is rate limiting this attester: nothing was changed; try again in a few minutes; an API token raises the limit: its operator sets GITHUB_TOKEN");
  });

  it("unknown ids answer 404 at once without taking a pending check's place, so a flood of them cannot crowd out a real one (review L1)", async () => {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const url = await serve({ cooldownMs: 0, maxPendingChecks: 1 }, async (input, init) => {
      await gate;
      return fetch(input, init);
    });
    const held = call(`${url}/projects/1/verify`, "POST");
    await new Promise((resolve) => setTimeout(resolve, 100));
    const flood = await Promise.all(Array.from({ length: 50 }, (_, index) => call(`${url}/projects/${1000 + index}/verify`, "POST")));
    expect(new Set(flood.map((answer) => answer.status))).to.deep.equal(new Set([404]));
    expect(flood[0]!.body).to.deep.equal({ error: "there is no project 1000: check the id against the list of projects (project list, or the app's home page)" });
    // A project registered after the count was read is known at once (the count is read again), and waits its turn.
    await (await world.registry.connect(world.stranger).registerProject(METADATA, "https://github.com/stranger/fame", world.stranger.address)).wait();
    const busy = await call(`${url}/projects/2/verify`, "POST");
    expect([busy.status, busy.body.error]).to.deep.equal([503, "the attester has 1 checks waiting: nothing was done; ask again in a minute"]);
    open();
    expect((await held).status).to.equal(200);
  });
});
