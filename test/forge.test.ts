import { expect } from "chai";

import {
  DEFAULT_FORGES,
  fetchProofFile,
  ForgeError,
  forgeFor,
  ForgeListError,
  forgesWith,
  formatDate,
  formatForgeList,
  lookupRepository,
  lookupRepositoryById,
  MAX_PROOF_BYTES,
  parseForgeList,
  parseProof,
  parseRepositoryUrl,
  PROOF_FILE_PATH,
  ProofError,
  proofFileText,
  proofNames,
  RepositoryUrlError,
  retryAtOf,
  type ForgeEndpoint,
  type ForgeErrorReason,
  type ForgeRepository,
  type ProofEntry,
} from "../client/index.js";
import { startLocalForge, type LocalForge } from "../scripts/lib/local-forge.js";

const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const PROJECT: ProofEntry = { chainId: 31337n, registry: REGISTRY, projectId: 1n };
const OTHER_PROJECT: ProofEntry = { chainId: 31337n, registry: REGISTRY, projectId: 2n };
const HOSTS = ["github.com", "gitlab.com", "codeberg.org"] as const;

/** The error `run` throws (the test fails when it does not throw). */
async function caught(run: () => Promise<unknown> | unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  expect.fail("expected an error, got none");
}

async function forgeError(run: () => Promise<unknown>, reason: ForgeErrorReason): Promise<ForgeError> {
  const error = await caught(run);
  expect(error).to.be.instanceOf(ForgeError);
  expect((error as ForgeError).reason, (error as Error).message).to.equal(reason);
  return error as ForgeError;
}

/** The project the proof is checked for, whose entry the messages show as the example (null: none given). */
const CHECKED = { chainId: 31337n, registry: REGISTRY, projectId: 1n };

async function proofError(text: string, reason: "malformed-json" | "invalid", expected: ProofEntry | null = CHECKED): Promise<ProofError> {
  const error = await caught(() => parseProof(text, expected ?? undefined));
  expect(error).to.be.instanceOf(ProofError);
  expect((error as ProofError).reason, (error as Error).message).to.equal(reason);
  return error as ProofError;
}

function urlError(url: string, forges?: readonly ForgeEndpoint[]): RepositoryUrlError {
  let error: unknown;
  try {
    parseRepositoryUrl(url, forges);
  } catch (thrown) {
    error = thrown;
  }
  expect(error, url).to.be.instanceOf(RepositoryUrlError);
  return error as RepositoryUrlError;
}

/** A fetch answering `respond` for every request, recording the URLs asked for. */
function fakeFetch(respond: (url: string, init: RequestInit | undefined) => Response): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  const stub = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.toString() : input.url;
    urls.push(url);
    return respond(url, init);
  };
  return { fetch: stub as typeof fetch, urls };
}

function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), { status: 200, ...init, headers: { "content-type": "application/json", ...(init.headers as Record<string, string> | undefined) } });
}

const FAKE: ForgeEndpoint = { host: "github.com", kind: "github", apiBase: "https://api.github.com" };
const FAKE_REPOSITORY: ForgeRepository = { host: "github.com", kind: "github", id: 7n, path: "a/b", normalizedPath: "a/b", defaultBranch: "main", webUrl: "https://github.com/a/b" };
const SHA = "9fceb02d0ae598e95dc970b74767f19372d61af8";
const base64 = (text: string): string => Buffer.from(text).toString("base64");

describe("forges", function () {
  this.timeout(20_000);
  let forge: LocalForge;
  let serial = 0;
  const fresh = (host: string, owner = "Alice"): { path: string; id: bigint } => {
    serial += 1;
    const path = `${owner}/Widget-${serial}`;
    return { path, id: forge.createRepository(host, path) };
  };
  const endpointOf = (host: string): ForgeEndpoint => forgeFor(host, forge.forges);

  before(async () => {
    forge = await startLocalForge();
  });
  after(async () => {
    await forge.close();
  });

  for (const host of HOSTS) {
    describe(`${host} (local forge in the real API shape)`, () => {
      afterEach(() => {
        forge.misbehave(host, null);
        forge.breakResponses(host, false);
        forge.rateLimit(host, 0);
      });

      it("finds a repository by URL and by id and reads a valid proof file naming the project", async () => {
        const { path, id } = fresh(host);
        const sha = forge.putFile(host, path, PROOF_FILE_PATH, proofFileText([PROJECT]));
        const ref = parseRepositoryUrl(`https://${host}/${path}`);
        const endpoint = forgeFor(ref.host, forge.forges);
        const repository = await lookupRepository(endpoint, ref.path);
        expect(repository).to.deep.equal({
          host,
          kind: endpoint.kind,
          id,
          path,
          normalizedPath: path.toLowerCase(),
          defaultBranch: "main",
          webUrl: `https://${host}/${path}`,
        });
        expect(await lookupRepositoryById(endpoint, id)).to.deep.equal(repository);
        const proof = await fetchProofFile(endpoint, repository);
        expect(proof).to.deep.equal({ commit: sha, text: proofFileText([PROJECT]), size: Buffer.byteLength(proofFileText([PROJECT])) });
        expect(proofNames(parseProof(proof.text), PROJECT)).to.equal(true);
      });

      it("reads the file at the head commit of the default branch: a later commit changes it", async () => {
        const { path } = fresh(host);
        forge.putFile(host, path, PROOF_FILE_PATH, proofFileText([OTHER_PROJECT]));
        const endpoint = endpointOf(host);
        const repository = await lookupRepository(endpoint, path);
        expect(proofNames(parseProof((await fetchProofFile(endpoint, repository)).text), PROJECT)).to.equal(false);
        const sha = forge.putFile(host, path, PROOF_FILE_PATH, proofFileText([OTHER_PROJECT, PROJECT]));
        const proof = await fetchProofFile(endpoint, repository);
        expect(proof.commit).to.equal(sha);
        expect(proofNames(parseProof(proof.text), PROJECT)).to.equal(true);
      });

      it("a proof file naming another project is read, and does not name this one", async () => {
        const { path } = fresh(host);
        forge.putFile(host, path, PROOF_FILE_PATH, proofFileText([OTHER_PROJECT, { ...PROJECT, chainId: 1n }]));
        const endpoint = endpointOf(host);
        const entries = parseProof((await fetchProofFile(endpoint, await lookupRepository(endpoint, path))).text);
        expect(entries).to.have.length(2);
        expect(proofNames(entries, PROJECT)).to.equal(false);
      });

      it("a missing proof file is not-found, naming the file and the branch to commit it to", async () => {
        const { path } = fresh(host);
        const endpoint = endpointOf(host);
        const repository = await lookupRepository(endpoint, path);
        const error = await forgeError(() => fetchProofFile(endpoint, repository), "not-found");
        expect(error.message).to.equal(`${host}/${path} has no file ${PROOF_FILE_PATH} on its default branch "main"; commit it there.`);
        expect(error.status).to.equal(404);
        forge.putFile(host, path, PROOF_FILE_PATH, proofFileText([PROJECT]));
        forge.deleteFile(host, path, PROOF_FILE_PATH);
        await forgeError(() => fetchProofFile(endpoint, repository), "not-found");
      });

      it("looks paths up case-insensitively and reports the forge's own spelling", async () => {
        const { path, id } = fresh(host);
        forge.putFile(host, path, ".Well-Known/OpenPledge.JSON", proofFileText([PROJECT]));
        const endpoint = endpointOf(host);
        const repository = await lookupRepository(endpoint, path.toUpperCase());
        expect(repository.id).to.equal(id);
        expect(repository.path).to.equal(path);
        expect(repository.normalizedPath).to.equal(path.toLowerCase());
        expect(parseProof((await fetchProofFile(endpoint, repository)).text)).to.have.length(1);
      });

      it("follows a renamed repository to its new path (same id), and a new repository at the old path is another id", async () => {
        const { path, id } = fresh(host);
        const newPath = `Bob/Renamed-${serial}`;
        forge.renameRepository(host, path, newPath);
        forge.putFile(host, newPath, PROOF_FILE_PATH, proofFileText([PROJECT]));
        const endpoint = endpointOf(host);
        const before = forge.requests.length;
        const moved = await lookupRepository(endpoint, path);
        expect(moved).to.include({ id, path: newPath, normalizedPath: newPath.toLowerCase(), webUrl: `https://${host}/${newPath}` });
        const statuses = forge.requests.slice(before).map((request) => request.path);
        // GitHub and Forgejo redirect (301) within the API; GitLab answers the old path directly.
        expect(statuses).to.have.length(host === "gitlab.com" ? 1 : 2);
        if (host === "github.com") expect(statuses[1]).to.equal(`/github/repositories/${id}`);
        if (host === "codeberg.org") expect(statuses[1]).to.equal(`/codeberg/api/v1/repos/${newPath}`);
        expect((await lookupRepositoryById(endpoint, id)).path).to.equal(newPath);
        expect(parseProof((await fetchProofFile(endpoint, moved)).text)).to.have.length(1);
        const squatter = forge.createRepository(host, path);
        expect((await lookupRepository(endpoint, path)).id).to.equal(squatter);
        expect(squatter).to.not.equal(id);
      });

      it("a deleted repository is not-found by path and by id, with words saying what to check", async () => {
        const { path, id } = fresh(host);
        const endpoint = endpointOf(host);
        const repository = await lookupRepository(endpoint, path);
        forge.deleteRepository(host, path);
        const byPath = await forgeError(() => lookupRepository(endpoint, path), "not-found");
        expect(byPath.message).to.equal(`${host}/${path} does not exist, or is private (OpenPledge reads public repositories only); check the repository URL, or make the repository public.`);
        const byId = await forgeError(() => lookupRepositoryById(endpoint, id), "not-found");
        expect(byId.message).to.equal(`${host} has no public repository #${id} any more: it was deleted or made private.`);
        await forgeError(() => fetchProofFile(endpoint, repository), "not-found");
      });

      it("a rate limit is rate-limited with retryAt from the forge's headers, and passes", async () => {
        const { path } = fresh(host);
        const endpoint = endpointOf(host);
        const until = Math.floor(Date.now() / 1000) + 600;
        forge.rateLimit(host, until);
        const error = await forgeError(() => lookupRepository(endpoint, path), "rate-limited");
        expect(error.status).to.equal(host === "github.com" ? 403 : 429);
        // GitHub: x-ratelimit-reset (exact); GitLab and Forgejo: Retry-After seconds from now.
        expect(error.retryAt).to.be.instanceOf(Date);
        expect(Math.abs(error.retryAt!.getTime() - until * 1000)).to.be.at.most(host === "github.com" ? 0 : 2000);
        // The time as the rest of the client writes dates (formatDate), to the second the forge gave.
        expect(error.message).to.equal(`${host} is limiting requests for now; try again after ${formatDate(Math.floor(error.retryAt!.getTime() / 1000))} (an API token for this forge raises the limit).`);
        forge.rateLimit(host, 0);
        expect((await lookupRepository(endpoint, path)).path).to.equal(path);
      });

      it("a truncated JSON answer is malformed-response; a proof file that is not JSON is a ProofError", async () => {
        const { path } = fresh(host);
        forge.putFile(host, path, PROOF_FILE_PATH, '{ "openpledge": [ { "chainId": 31337, ');
        const endpoint = endpointOf(host);
        const repository = await lookupRepository(endpoint, path);
        const proof = await fetchProofFile(endpoint, repository);
        const error = await proofError(proof.text, "malformed-json");
        expect(error.message).to.match(/^\.well-known\/openpledge\.json is not valid JSON \(.+\); write it like this: \{ "openpledge": \[/);
        forge.breakResponses(host, true);
        const broken = await forgeError(() => lookupRepository(endpoint, path), "malformed-response");
        expect(broken.message).to.equal(`${host} answered with something that is not JSON; its API may be down or the forge list may point at the wrong address. Try again later.`);
        await forgeError(() => fetchProofFile(endpoint, repository), "malformed-response");
      });

      it("JSON in the wrong shape, an HTML page and a 502 are malformed-response, malformed-response and unavailable", async () => {
        const { path } = fresh(host);
        const endpoint = endpointOf(host);
        forge.misbehave(host, "wrong-shape");
        const shape = await forgeError(() => lookupRepository(endpoint, path), "malformed-response");
        expect(shape.message).to.include("in a shape its API does not use");
        forge.misbehave(host, "not-json");
        await forgeError(() => lookupRepository(endpoint, path), "malformed-response");
        forge.misbehave(host, "server-error");
        const down = await forgeError(() => lookupRepository(endpoint, path), "unavailable");
        expect(down.status).to.equal(502);
        expect(down.message).to.equal(`${host} failed to answer (status 502); try again later.`);
      });

      it("a proof file over 8,192 bytes is too-large by its declared size, before decoding", async () => {
        const { path } = fresh(host);
        const padded = `${proofFileText([PROJECT]).trimEnd()}${" ".repeat(MAX_PROOF_BYTES)}\n`;
        forge.putFile(host, path, PROOF_FILE_PATH, padded);
        const endpoint = endpointOf(host);
        const error = await forgeError(async () => fetchProofFile(endpoint, await lookupRepository(endpoint, path)), "too-large");
        expect(error.message).to.equal(
          `${PROOF_FILE_PATH} in ${host}/${path} is ${Buffer.byteLength(padded).toLocaleString("en-US")} bytes; it may be at most 8,192 bytes. Keep only the "openpledge" entries in it.`,
        );
        // Exactly 8,192 bytes is still read.
        const exact = `${proofFileText([PROJECT]).trimEnd()}${" ".repeat(MAX_PROOF_BYTES - Buffer.byteLength(proofFileText([PROJECT])))}\n`;
        expect(Buffer.byteLength(exact)).to.equal(MAX_PROOF_BYTES);
        forge.putFile(host, path, PROOF_FILE_PATH, exact);
        expect((await fetchProofFile(endpoint, await lookupRepository(endpoint, path))).size).to.equal(MAX_PROOF_BYTES);
      });

      it("a forge lying about the file's size (100 bytes declared, 20,000 sent) is too-large by the decoded length", async () => {
        const { path } = fresh(host);
        forge.putFile(host, path, PROOF_FILE_PATH, proofFileText([PROJECT]));
        const endpoint = endpointOf(host);
        const repository = await lookupRepository(endpoint, path);
        forge.misbehave(host, "lie-about-size");
        const error = await forgeError(() => fetchProofFile(endpoint, repository), "too-large");
        expect(error.message).to.include(`is ${(Buffer.byteLength(proofFileText([PROJECT])) + 20_000).toLocaleString("en-US")} bytes`);
      });

      it("an answer over 1 MiB, streamed without a length, is too-large by the reader's byte cap", async () => {
        const { path } = fresh(host);
        const endpoint = endpointOf(host);
        forge.misbehave(host, "huge-body");
        const error = await forgeError(() => lookupRepository(endpoint, path), "too-large");
        expect(error.message).to.equal(`${host} answered with more than 1,048,576 bytes, far more than this request needs; OpenPledge stopped reading. Check the forge list, or try again later.`);
        forge.misbehave(host, "huge-declared");
        await forgeError(() => lookupRepository(endpoint, path), "too-large");
      });

      it("a gzip answer inflating to 8 MiB is too-large: the cap counts the inflated bytes", async () => {
        const { path } = fresh(host);
        const endpoint = endpointOf(host);
        forge.misbehave(host, "gzip-bomb");
        const error = await forgeError(() => lookupRepository(endpoint, path), "too-large");
        expect(error.message).to.include("answered with more than 1,048,576 bytes");
      });

      it("an answer that trickles in without end is unavailable after the time limit (the limit covers reading the body)", async () => {
        const { path } = fresh(host);
        const endpoint = endpointOf(host);
        forge.misbehave(host, "trickle");
        const started = Date.now();
        const error = await forgeError(() => lookupRepository(endpoint, path, { timeoutMs: 400 }), "unavailable");
        expect(Date.now() - started).to.be.within(350, 5000);
        expect(error.message).to.equal(`${host} did not answer within 0.4 s; try again later.`);
      });

      it("endless redirects within the API stop after 3 hops (malformed-response)", async () => {
        const { path } = fresh(host);
        const endpoint = endpointOf(host);
        forge.misbehave(host, "endless-redirect");
        const before = forge.requests.length;
        const error = await forgeError(() => lookupRepository(endpoint, path), "malformed-response");
        expect(error.message).to.equal(`${host} redirected more than 3 times; OpenPledge stopped following. Try again later, or check the repository URL.`);
        expect(forge.requests.length - before).to.equal(4);
      });

      it("a redirect to another origin is refused and not followed (the URLs come from on-chain strings)", async () => {
        const { path } = fresh(host);
        const endpoint = endpointOf(host);
        forge.misbehave(host, "foreign-redirect");
        const recorder = fakeFetch(() => new Response(null, { status: 500 }));
        const error = await forgeError(
          () => lookupRepository(endpoint, path, { fetch: (async (input: string | URL | Request, init?: RequestInit) => { recorder.urls.push(String(input)); return fetch(input, init); }) as typeof fetch }),
          "malformed-response",
        );
        expect(error.message).to.equal(`${host} redirected to http://169.254.169.254, outside its API at ${endpoint.apiBase}; OpenPledge only reads ${forge.url}, so it did not follow. Check the forge list.`);
        expect(recorder.urls).to.have.length(1);
        expect(recorder.urls[0]!.startsWith(forge.url)).to.equal(true);
      });

      it("a lookup by id answering another id is malformed-response", async () => {
        const { id } = fresh(host);
        const endpoint = endpointOf(host);
        forge.misbehave(host, "wrong-id");
        const error = await forgeError(() => lookupRepositoryById(endpoint, id), "malformed-response");
        expect(error.message).to.equal(`${host} answered repository #${id + 1n} when asked for #${id}; try again later, or check the forge list.`);
      });

      it("a forge that never answers is unavailable after the time limit", async () => {
        const { path } = fresh(host);
        const endpoint = endpointOf(host);
        forge.misbehave(host, "silent");
        const started = Date.now();
        const error = await forgeError(() => lookupRepository(endpoint, path, { timeoutMs: 300 }), "unavailable");
        expect(Date.now() - started).to.be.within(250, 5000);
        expect(error.message).to.equal(`${host} did not answer within 0.3 s; try again later.`);
      });

      it("sends the token in the header the forge documents", async () => {
        const { path } = fresh(host);
        const endpoint = { ...endpointOf(host), token: "secret-token" };
        const before = forge.requests.length;
        await lookupRepository(endpoint, path);
        const headers = forge.requests[before]!.headers;
        if (host === "github.com") expect(headers["authorization"]).to.equal("Bearer secret-token");
        if (host === "gitlab.com") expect(headers["private-token"]).to.equal("secret-token");
        if (host === "codeberg.org") expect(headers["authorization"]).to.equal("token secret-token");
        await lookupRepository(endpointOf(host), path);
        expect(forge.requests[forge.requests.length - 1]!.headers["authorization"]).to.equal(undefined);
        expect(forge.requests[forge.requests.length - 1]!.headers["private-token"]).to.equal(undefined);
      });
    });
  }

  describe("forge-specific shapes", () => {
    it("GitHub: a file over 1 MB (content \"\", encoding \"none\") is too-large by its size", async () => {
      const { path } = fresh("github.com");
      forge.putFile("github.com", path, PROOF_FILE_PATH, `{"openpledge":[]}${" ".repeat(1_100_000)}`);
      const endpoint = endpointOf("github.com");
      const error = await forgeError(async () => fetchProofFile(endpoint, await lookupRepository(endpoint, path)), "too-large");
      expect(error.message).to.include("is 1,100,017 bytes; it may be at most 8,192 bytes");
    });

    it("GitHub: encoding \"none\" on a small declared size is malformed-response (no content to read)", async () => {
      const stub = fakeFetch((url) =>
        url.includes("/branches/")
          ? json({ name: "main", commit: { sha: SHA } })
          : json({ type: "file", encoding: "none", size: 10, content: "", name: "openpledge.json", path: PROOF_FILE_PATH, sha: SHA }),
      );
      const error = await forgeError(() => fetchProofFile(FAKE, FAKE_REPOSITORY, { fetch: stub.fetch }), "malformed-response");
      expect(error.message).to.equal(`github.com answered ${PROOF_FILE_PATH} without its content (encoding "none"); try again later.`);
      expect(stub.urls).to.deep.equal([`https://api.github.com/repos/a/b/branches/main`, `https://api.github.com/repos/a/b/contents/.well-known/openpledge.json?ref=${SHA}`]);
    });

    it("GitHub: a directory at the proof path is not-found", async () => {
      const { path } = fresh("github.com");
      forge.putFile("github.com", path, `${PROOF_FILE_PATH}/inner.json`, "{}");
      const endpoint = endpointOf("github.com");
      const error = await forgeError(async () => fetchProofFile(endpoint, await lookupRepository(endpoint, path)), "not-found");
      expect(error.message).to.include(`(${PROOF_FILE_PATH} is a directory there)`);
    });

    it("GitLab: a project in subgroups is found by its full path", async () => {
      const path = "Group/Sub/Deeper/Tool";
      const id = forge.createRepository("gitlab.com", path);
      forge.putFile("gitlab.com", path, PROOF_FILE_PATH, proofFileText([PROJECT]));
      const ref = parseRepositoryUrl("https://gitlab.com/group/sub/deeper/tool.git");
      expect(ref).to.deep.equal({ url: "https://gitlab.com/group/sub/deeper/tool", host: "gitlab.com", path: "group/sub/deeper/tool", normalizedPath: "group/sub/deeper/tool" });
      const endpoint = endpointOf("gitlab.com");
      const repository = await lookupRepository(endpoint, ref.path);
      expect(repository).to.include({ id, path, normalizedPath: "group/sub/deeper/tool" });
      expect(forge.requests[forge.requests.length - 1]!.path).to.equal("/gitlab/api/v4/projects/group%2Fsub%2Fdeeper%2Ftool");
      expect(parseProof((await fetchProofFile(endpoint, repository)).text)).to.have.length(1);
    });

    it("a content that is not base64, a bad commit id and a non-object answer are malformed-response", async () => {
      const badContent = fakeFetch((url) => (url.includes("/branches/") ? json({ name: "main", commit: { sha: SHA } }) : json({ type: "file", encoding: "base64", size: 10, content: "!!!not base64!!!" })));
      await forgeError(() => fetchProofFile(FAKE, FAKE_REPOSITORY, { fetch: badContent.fetch }), "malformed-response");
      const badCommit = fakeFetch(() => json({ name: "main", commit: { sha: "../../etc" } }));
      await forgeError(() => fetchProofFile(FAKE, FAKE_REPOSITORY, { fetch: badCommit.fetch }), "malformed-response");
      expect(badCommit.urls).to.have.length(1);
      const array = fakeFetch(() => json([1, 2, 3]));
      await forgeError(() => lookupRepository(FAKE, "a/b", { fetch: array.fetch }), "malformed-response");
      const badPath = fakeFetch(() => json({ id: 7, full_name: "../../x", default_branch: "main" }));
      await forgeError(() => lookupRepository(FAKE, "a/b", { fetch: badPath.fetch }), "malformed-response");
      const badBranch = fakeFetch(() => json({ id: 7, full_name: "a/b", default_branch: "../x" }));
      await forgeError(() => lookupRepository(FAKE, "a/b", { fetch: badBranch.fetch }), "malformed-response");
      const floatId = fakeFetch(() => json({ id: 7.5, full_name: "a/b", default_branch: "main" }));
      await forgeError(() => lookupRepository(FAKE, "a/b", { fetch: floatId.fetch }), "malformed-response");
    });

    it("decodes base64 with GitHub's line breaks, keeps a byte-order mark out of the proof, and refuses non-UTF-8 content in words", async () => {
      const text = `\uFEFF${proofFileText([PROJECT])}`;
      const wrapped = base64(text).replace(/(.{60})/g, "$1\n");
      const stub = fakeFetch((url) => (url.includes("/branches/") ? json({ name: "main", commit: { sha: SHA } }) : json({ type: "file", encoding: "base64", size: Buffer.byteLength(text), content: wrapped })));
      const proof = await fetchProofFile(FAKE, FAKE_REPOSITORY, { fetch: stub.fetch });
      expect(proof.text).to.equal(proofFileText([PROJECT]));
      expect(proof.size).to.equal(Buffer.byteLength(text));
      expect(parseProof(`\uFEFF${proof.text}`)).to.have.length(1);
      expect(proofNames(parseProof(proof.text), PROJECT)).to.equal(true);
      const latin1 = Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]).toString("base64"); // {"é":1} in Latin-1
      const bad = fakeFetch((url) => (url.includes("/branches/") ? json({ name: "main", commit: { sha: SHA } }) : json({ type: "file", encoding: "base64", size: 7, content: latin1 })));
      const error = await proofError((await fetchProofFile(FAKE, FAKE_REPOSITORY, { fetch: bad.fetch })).text, "malformed-json");
      expect(error.message).to.match(/^\.well-known\/openpledge\.json is not plain UTF-8 text; save it as UTF-8/);
    });
  });

  describe("redirects and requests stay inside the API", () => {
    it("refuses a protocol-relative, a path-escaping and a scheme-changing redirect", async () => {
      for (const location of ["//evil.example/repos/a/b", "/../../evil", "http://api.github.com/repos/a/b", "https://api.github.com.evil.example/repos/a/b"]) {
        const stub = fakeFetch(() => new Response(null, { status: 301, headers: { location } }));
        const github = { ...FAKE, apiBase: "https://api.github.com/v3" };
        const error = await forgeError(() => lookupRepository(github, "a/b", { fetch: stub.fetch }), "malformed-response");
        expect(error.message, location).to.match(/^github\.com redirected to .+, outside its API at https:\/\/api\.github\.com\/v3; OpenPledge only reads https:\/\/api\.github\.com, so it did not follow\. Check the forge list\.$/);
        expect(stub.urls, location).to.have.length(1);
      }
    });

    it("follows a same-origin 301 to /repositories/{id} (GitHub's rename)", async () => {
      const stub = fakeFetch((url) =>
        url.endsWith("/repos/old/name")
          ? new Response(JSON.stringify({ message: "Moved Permanently" }), { status: 301, headers: { location: "https://api.github.com/repositories/42" } })
          : json({ id: 42, full_name: "new/name", default_branch: "trunk", html_url: "https://github.com/new/name" }),
      );
      const repository = await lookupRepository(FAKE, "old/name", { fetch: stub.fetch });
      expect(repository).to.deep.equal({ host: "github.com", kind: "github", id: 42n, path: "new/name", normalizedPath: "new/name", defaultBranch: "trunk", webUrl: "https://github.com/new/name" });
      expect(stub.urls).to.deep.equal(["https://api.github.com/repos/old/name", "https://api.github.com/repositories/42"]);
    });

    it("a redirect without a Location is malformed-response", async () => {
      const stub = fakeFetch(() => new Response(null, { status: 302 }));
      const error = await forgeError(() => lookupRepository(FAKE, "a/b", { fetch: stub.fetch }), "malformed-response");
      expect(error.status).to.equal(302);
    });

    it("in a browser (an opaque redirect), follows and checks the answer's final address", async () => {
      const opaque = (): Response => {
        const response = new Response(null, { status: 200 });
        Object.defineProperty(response, "type", { value: "opaqueredirect" });
        Object.defineProperty(response, "status", { value: 0 });
        return response;
      };
      const landed = (url: string, body: unknown): Response => {
        const response = json(body);
        Object.defineProperty(response, "url", { value: url });
        return response;
      };
      const inside = fakeFetch((_url, init) => (init?.redirect === "manual" ? opaque() : landed("https://api.github.com/repositories/42", { id: 42, full_name: "new/name", default_branch: "main" })));
      expect((await lookupRepository(FAKE, "old/name", { fetch: inside.fetch })).path).to.equal("new/name");
      const outside = fakeFetch((_url, init) => (init?.redirect === "manual" ? opaque() : landed("https://evil.example/x", { id: 42, full_name: "new/name", default_branch: "main" })));
      const error = await forgeError(() => lookupRepository(FAKE, "old/name", { fetch: outside.fetch }), "malformed-response");
      expect(error.message).to.include("redirected to https://evil.example, outside its API");
    });

    it("refuses a path that is not owner/name before sending anything", async () => {
      const stub = fakeFetch(() => json({}));
      for (const path of ["a/b/c", "a", "../x", "a/..", "a/b%2Fc"]) {
        const error = await forgeError(() => lookupRepository(FAKE, path, { fetch: stub.fetch }), "not-found");
        expect(error.message).to.equal(`"${path}" is not a repository path on github.com; give it as owner/name.`);
      }
      const gitlab: ForgeEndpoint = { host: "gitlab.com", kind: "gitlab", apiBase: "https://gitlab.com/api/v4" };
      await forgeError(() => lookupRepository(gitlab, "group/../x", { fetch: stub.fetch }), "not-found");
      await forgeError(() => lookupRepositoryById(FAKE, 0n, { fetch: stub.fetch }), "not-found");
      await forgeError(() => fetchProofFile(FAKE, { ...FAKE_REPOSITORY, path: "a/../../b" }, { fetch: stub.fetch }), "not-found");
      await forgeError(() => fetchProofFile(FAKE, { ...FAKE_REPOSITORY, defaultBranch: "../main" }, { fetch: stub.fetch }), "not-found");
      expect(stub.urls).to.deep.equal([]);
    });

    it("an unreachable forge is unavailable; 401/403 without a rate limit are unavailable and say to check the token", async () => {
      const closed = await startLocalForge();
      const endpoint = forgeFor("github.com", closed.forges);
      await closed.close();
      const error = await forgeError(() => lookupRepository(endpoint, "a/b"), "unavailable");
      expect(error.message).to.match(/^github\.com could not be reached at http:\/\/127\.0\.0\.1:\d+ \(.+\); try again later, or check the forge list\.$/);
      for (const status of [401, 403]) {
        const stub = fakeFetch(() => json({ message: "Bad credentials" }, { status }));
        const refused = await forgeError(() => lookupRepository(FAKE, "a/b", { fetch: stub.fetch }), "unavailable");
        expect(refused.message).to.equal(`github.com refused the request (status ${status}); check the API token for this forge, or try again later.`);
      }
      const gone = fakeFetch(() => json({ message: "Repository access blocked" }, { status: 451 }));
      await forgeError(() => lookupRepository(FAKE, "a/b", { fetch: gone.fetch }), "not-found");
    });

    it("retryAtOf reads Retry-After in seconds or as a date, else an epoch reset header", () => {
      const now = new Date("2026-11-27T16:00:00Z");
      expect(retryAtOf(new Headers({ "retry-after": "90" }), now)).to.deep.equal(new Date("2026-11-27T16:01:30Z"));
      expect(retryAtOf(new Headers({ "retry-after": "Fri, 27 Nov 2026 16:05:00 GMT" }), now)).to.deep.equal(new Date("2026-11-27T16:05:00Z"));
      expect(retryAtOf(new Headers({ "x-ratelimit-reset": "1795795500" }), now)).to.deep.equal(new Date(1795795500 * 1000));
      expect(retryAtOf(new Headers({ "ratelimit-reset": "1795795500" }), now)).to.deep.equal(new Date(1795795500 * 1000));
      expect(retryAtOf(new Headers({ "ratelimit-reset": "30" }), now)).to.deep.equal(new Date("2026-11-27T16:00:30Z"));
      expect(retryAtOf(new Headers({}), now)).to.equal(undefined);
    });

    it("GitHub's secondary rate limit (403 with Retry-After) and a 429 without headers are rate-limited", async () => {
      const secondary = fakeFetch(() => json({ message: "You have exceeded a secondary rate limit" }, { status: 403, headers: { "retry-after": "60" } }));
      const error = await forgeError(() => lookupRepository(FAKE, "a/b", { fetch: secondary.fetch }), "rate-limited");
      expect(error.retryAt!.getTime()).to.be.closeTo(Date.now() + 60_000, 2000);
      const bare = fakeFetch(() => new Response("Too Many Requests", { status: 429 }));
      const later = await forgeError(() => lookupRepository({ ...FAKE, token: "t" }, "a/b", { fetch: bare.fetch }), "rate-limited");
      expect(later.retryAt).to.equal(undefined);
      expect(later.message).to.equal("github.com is limiting requests for now; try again later.");
    });
  });

  describe("repository URLs", () => {
    it("accepts https URLs, dropping one .git or trailing slash, keeping the path's case and a lower-case normalized path", () => {
      expect(parseRepositoryUrl("https://github.com/Foo/Bar")).to.deep.equal({ url: "https://github.com/Foo/Bar", host: "github.com", path: "Foo/Bar", normalizedPath: "foo/bar" });
      expect(parseRepositoryUrl("https://github.com/Foo/Bar.git")).to.deep.equal({ url: "https://github.com/Foo/Bar", host: "github.com", path: "Foo/Bar", normalizedPath: "foo/bar" });
      expect(parseRepositoryUrl("https://github.com/Foo/Bar/")).to.deep.equal({ url: "https://github.com/Foo/Bar", host: "github.com", path: "Foo/Bar", normalizedPath: "foo/bar" });
      expect(parseRepositoryUrl("https://codeberg.org/forgejo/forgejo.git").path).to.equal("forgejo/forgejo");
      expect(parseRepositoryUrl("https://github.com/foo/.github").path).to.equal("foo/.github");
      expect(parseRepositoryUrl("https://git.example.org/team/tool").host).to.equal("git.example.org");
      const own: ForgeEndpoint[] = forgesWith([{ host: "git.example.org", kind: "gitlab", apiBase: "https://git.example.org/api/v4" }]);
      expect(parseRepositoryUrl("https://git.example.org/a/b/c", own).path).to.equal("a/b/c");
    });

    it("refuses what is not a repository's https address, saying what to give instead", () => {
      expect(urlError("http://github.com/foo/bar").message).to.equal('"http://github.com/foo/bar" does not start with https://; give the repository\'s https address, e.g. https://github.com/owner/name');
      expect(urlError("git@github.com:foo/bar.git").message).to.equal('"git@github.com:foo/bar.git" is not a URL; give the repository\'s web address, e.g. https://github.com/owner/name');
      expect(urlError("github.com/foo/bar").message).to.include("is not a URL");
      expect(urlError("ssh://git@github.com/foo/bar").message).to.include("does not start with https://");
      expect(urlError("https://github.com/foo/bar/tree/main").message).to.equal(
        '"https://github.com/foo/bar/tree/main" names a page inside a repository; give the repository\'s own address, e.g. https://github.com/foo/bar',
      );
      expect(urlError("https://codeberg.org/foo/bar/issues").message).to.include("e.g. https://codeberg.org/foo/bar");
      expect(urlError("https://github.com/foo").message).to.equal('"https://github.com/foo" names no repository; give it as https://github.com/owner/name');
      expect(urlError("https://github.com/").message).to.include("names no repository");
      expect(urlError("https://gitlab.com/group/proj/-/tree/main").message).to.equal(
        '"https://gitlab.com/group/proj/-/tree/main" is not a repository\'s address (the part "-" cannot be in a repository path); give it as https://gitlab.com/group/name (or group/subgroup/name)',
      );
      expect(urlError("https://github.com/foo/bar?tab=readme").message).to.include("has a ?query or #fragment");
      expect(urlError("https://github.com/foo/bar#readme").message).to.include("has a ?query or #fragment");
      expect(urlError("https://user:pw@github.com/foo/bar").message).to.include("contains a user name or password");
      expect(urlError("https://github.com/foo/b%2Fr").message).to.equal(
        '"https://github.com/foo/b%2Fr" contains a %-escape, which browsers decode; write the repository\'s plain address, e.g. https://github.com/owner/name',
      );
      expect(urlError("https://github.com/foo//bar").message).to.equal('"https://github.com/foo//bar" has an empty part (//); use https://github.com/foo/bar');
      expect(urlError(`https://gitlab.com/${"g/".repeat(22)}x`).message).to.include("nests deeper than GitLab allows");
      const long = `https://github.com/${"a".repeat(2100)}/b`;
      expect(urlError(long).message).to.equal(
        `"${long.slice(0, 80)}…" (2121 characters) is longer than 200 characters; write the repository's plain address, e.g. https://github.com/owner/name`,
      );
      expect(urlError(" http://github.com/foo/bar").url).to.equal(" http://github.com/foo/bar");
    });

    it("refuses a repository string that is not written the plain way, naming the plain address to use (review M1)", () => {
      // Each of these leads a browser to attacker/tool while its text starts with someone else's repository or hides the path.
      const leads = "use https://github.com/attacker/tool";
      expect(urlError("https://github.com/famous/tool/../../attacker/tool").message).to.equal(
        `"https://github.com/famous/tool/../../attacker/tool" contains "." or ".." parts, which browsers resolve; ${leads}`,
      );
      expect(urlError("https://github.com/famous/tool/%2e%2e/%2e%2e/attacker/tool").message).to.equal(
        `"https://github.com/famous/tool/%2e%2e/%2e%2e/attacker/tool" contains a %-escape, which browsers decode; ${leads}`,
      );
      expect(urlError("https://github.com/famous\\tool\\..\\..\\attacker\\tool").message).to.equal(
        `"https://github.com/famous\\\\tool\\\\..\\\\..\\\\attacker\\\\tool" contains a backslash, which browsers read as /; ${leads}`,
      );
      expect(urlError("https://github.com:443/attacker/tool").message).to.equal(`"https://github.com:443/attacker/tool" names a port (:443); ${leads}`);
      expect(urlError("https://github.com:8443/attacker/tool").message).to.equal(`"https://github.com:8443/attacker/tool" names a port (:8443); write the repository's plain address, e.g. https://github.com/owner/name`);
      expect(urlError("https://github.com:/attacker/tool").message).to.equal(`"https://github.com:/attacker/tool" names a port (:); ${leads}`);
      // A port is taken only where the operator lists that very host:port as a forge (review N7), with its kind's depth rule.
      const onPort = [...DEFAULT_FORGES, { host: "git.example.org:8443", kind: "forgejo" as const, apiBase: "https://git.example.org:8443/api/v1" }];
      expect(parseRepositoryUrl("https://git.example.org:8443/team/tool", onPort)).to.deep.equal({
        url: "https://git.example.org:8443/team/tool",
        host: "git.example.org:8443",
        path: "team/tool",
        normalizedPath: "team/tool",
      });
      expect(() => parseRepositoryUrl("https://git.example.org:8443/team/tool/sub", onPort)).to.throw(
        '"https://git.example.org:8443/team/tool/sub" names a page inside a repository; give the repository\'s own address, e.g. https://git.example.org:8443/team/tool',
      );
      expect(() => parseRepositoryUrl("https://git.example.org:9000/team/tool", onPort)).to.throw('"https://git.example.org:9000/team/tool" names a port (:9000)');
      expect(() => parseRepositoryUrl("https://git.example.org:8443/team/tool")).to.throw('names a port (:8443)');
      const padded = `https://github.com/attacker/tool${"/.".repeat(900)}`;
      expect(urlError(padded).message).to.equal(`"${padded.slice(0, 80)}…" (1832 characters) is longer than 200 characters; ${leads}`);
      expect(urlError("https://github.com/attacker/tool/./.").message).to.equal(`"https://github.com/attacker/tool/./." contains "." or ".." parts, which browsers resolve; ${leads}`);
      expect(urlError("https://github.com/attacker/tool//").message).to.equal(`"https://github.com/attacker/tool//" has an empty part (//); ${leads}`);
      expect(urlError("https://github.com/attacker/tool.git/").message).to.equal(`"https://github.com/attacker/tool.git/" is not written as the repository's plain address; ${leads}`);
      expect(urlError("https://github.com/attacker/tool.GIT").message).to.equal(`"https://github.com/attacker/tool.GIT" is not written as the repository's plain address; ${leads}`);
      expect(urlError("https://GitHub.com/attacker/tool").message).to.equal(`"https://GitHub.com/attacker/tool" is not written as the repository's plain address; ${leads}`);
      expect(urlError("HTTPS://github.com/attacker/tool").message).to.equal(`"HTTPS://github.com/attacker/tool" is not written as the repository's plain address; ${leads}`);
      expect(urlError("https://github.com/attacker/tool\n").message).to.equal(
        `"https://github.com/attacker/tool\\n" contains a space, tab, line break or other character that cannot be in a repository address; ${leads}`,
      );
      expect(urlError(" https://github.com/attacker/tool").message).to.equal(
        `" https://github.com/attacker/tool" contains a space, tab, line break or other character that cannot be in a repository address; ${leads}`,
      );
      expect(urlError("https://github.com/att\tacker/tool").message).to.equal(
        `"https://github.com/att\\tacker/tool" contains a space, tab, line break or other character that cannot be in a repository address; ${leads}`,
      );
      // Control and escape characters are shown escaped, never raw (they would forge log lines or terminal output).
      const ansi = urlError("https://github.com/attacker/tool\u001b[2J\r\u0085\u202e");
      expect(ansi.message).to.equal(
        `"https://github.com/attacker/tool\\u001b[2J\\r\\u0085\\u202e" contains a space, tab, line break or other character that cannot be in a repository address; write the repository's plain address, e.g. https://github.com/owner/name`,
      );
      expect(urlError("https://github.com/attacker/tøøl").message).to.equal(
        '"https://github.com/attacker/tøøl" contains a space, tab, line break or other character that cannot be in a repository address; write the repository\'s plain address, e.g. https://github.com/owner/name',
      );
      // The plain address itself parses.
      expect(parseRepositoryUrl("https://github.com/attacker/tool").url).to.equal("https://github.com/attacker/tool");
      expect(parseRepositoryUrl(`https://github.com/${"o".repeat(39)}/${"n".repeat(100)}.git`).path).to.have.length(140);
    });

    it("an alias of a known forge's host is refused with the forge's own address, not the operator's forge list (review I3)", () => {
      expect(urlError("https://www.github.com/foo/bar").message).to.equal(
        '"https://www.github.com/foo/bar" names www.github.com, another name of github.com; use https://github.com/foo/bar',
      );
      expect(urlError("https://api.github.com/repos/foo/bar").message).to.equal(
        '"https://api.github.com/repos/foo/bar" names api.github.com, another name of github.com; use https://github.com/foo/bar',
      );
      expect(urlError("https://www.gitlab.com/group/sub/tool").message).to.equal(
        '"https://www.gitlab.com/group/sub/tool" names www.gitlab.com, another name of gitlab.com; use https://gitlab.com/group/sub/tool',
      );
      expect(urlError("https://www.codeberg.org/foo/bar.git").message).to.equal(
        '"https://www.codeberg.org/foo/bar.git" names www.codeberg.org, another name of codeberg.org; use https://codeberg.org/foo/bar',
      );
      expect(urlError("https://www.github.com/foo/bar/tree/main").message).to.equal(
        '"https://www.github.com/foo/bar/tree/main" names www.github.com, another name of github.com; give it as https://github.com/owner/name',
      );
      const error = (() => {
        try {
          forgeFor("www.github.com", DEFAULT_FORGES);
        } catch (thrown) {
          return thrown as ForgeError;
        }
        return expect.fail("forgeFor accepted www.github.com");
      })();
      expect(error.reason).to.equal("unknown-host");
      expect(error.message).to.equal("www.github.com is another name of github.com: use the repository's address on github.com, e.g. https://github.com/owner/name");
      // An operator who lists the alias host as a forge of its own gets it.
      const own = forgesWith([{ host: "www.github.com", kind: "github", apiBase: "https://www.github.com/api/v3" }]);
      expect(parseRepositoryUrl("https://www.github.com/foo/bar", own).host).to.equal("www.github.com");
      expect(forgeFor("www.github.com", own).apiBase).to.equal("https://www.github.com/api/v3");
    });

    it("an unknown host is refused by forgeFor with the supported forges and how to add a self-hosted one", async () => {
      const ref = parseRepositoryUrl("https://git.example.org/team/tool");
      const error = await forgeError(async () => forgeFor(ref.host, DEFAULT_FORGES), "unknown-host");
      expect(error.message).to.equal(
        "OpenPledge reads repositories on github.com, gitlab.com and codeberg.org only, not on git.example.org. Use a repository on one of those, or add a self-hosted GitHub, GitLab or Forgejo/Gitea forge to OPENPLEDGE_FORGES (or --forge), e.g. OPENPLEDGE_FORGES=\"git.example.org=forgejo:https://git.example.org/api/v1\"",
      );
      expect(forgeFor("GitHub.com", DEFAULT_FORGES).apiBase).to.equal("https://api.github.com");
    });
  });

  describe("forge lists", () => {
    it("DEFAULT_FORGES are the three public forges", () => {
      expect(DEFAULT_FORGES).to.deep.equal([
        { host: "github.com", kind: "github", apiBase: "https://api.github.com" },
        { host: "gitlab.com", kind: "gitlab", apiBase: "https://gitlab.com/api/v4" },
        { host: "codeberg.org", kind: "forgejo", apiBase: "https://codeberg.org/api/v1" },
      ]);
      expect(Object.isFrozen(DEFAULT_FORGES)).to.equal(true);
    });

    it("parses OPENPLEDGE_FORGES text and forgesWith replaces the same host", () => {
      const list = parseForgeList(" github.com=github:http://127.0.0.1:9/github/ , Git.Example.org=FORGEJO:https://git.example.org/api/v1,, ");
      expect(list).to.deep.equal([
        { host: "github.com", kind: "github", apiBase: "http://127.0.0.1:9/github" },
        { host: "git.example.org", kind: "forgejo", apiBase: "https://git.example.org/api/v1" },
      ]);
      expect(forgesWith(list)).to.deep.equal([
        { host: "gitlab.com", kind: "gitlab", apiBase: "https://gitlab.com/api/v4" },
        { host: "codeberg.org", kind: "forgejo", apiBase: "https://codeberg.org/api/v1" },
        ...list,
      ]);
      expect(forgesWith([], [])).to.deep.equal([]);
      expect(parseForgeList("")).to.deep.equal([]);
      expect(parseForgeList(forge.forgeList)).to.deep.equal(forge.forges);
      expect(formatForgeList(forge.forges)).to.equal(forge.forgeList);
    });

    it("refuses a forge list entry that is not host=kind:apiBase, saying what to write", async () => {
      const refusal = async (text: string): Promise<string> => {
        const error = await caught(() => parseForgeList(text));
        expect(error, text).to.be.instanceOf(ForgeListError);
        return (error as Error).message;
      };
      expect(await refusal("github.com")).to.equal('In the forge list, "github.com" is not host=kind:apiBase; write e.g. git.example.org=forgejo:https://git.example.org/api/v1');
      expect(await refusal("git.example.org=bitbucket:https://x.example/api")).to.include('the kind "bitbucket" is unknown; write github, gitlab or forgejo');
      expect(await refusal("git.example.org=forgejo:http://git.example.org/api/v1")).to.include("must start with https:// (http:// only for 127.0.0.1 or localhost)");
      expect(await refusal("git.example.org=forgejo:https://git.example.org/api/v1?x=1")).to.include("without a user name, password, query or #fragment");
      expect(await refusal("git.example.org=forgejo:nothing")).to.include('"nothing" is not a URL');
      expect(await refusal("bad host=forgejo:https://x.example")).to.include('"bad host" is not a host name');
      expect(await refusal("a.example=github:https://a.example,a.example=gitlab:https://a.example")).to.include("a.example is listed twice");
    });
  });

  describe("proof files", () => {
    it("parses numbers, decimal strings and any-case addresses, ignoring unknown keys", () => {
      const entries = parseProof(
        JSON.stringify({
          $comment: "OpenPledge",
          openpledge: [
            { chainId: 31337, registry: REGISTRY.toLowerCase(), projectId: 1, note: "local" },
            { chainId: "8453", registry: REGISTRY.toUpperCase().replace("0X", "0x"), projectId: "115792089237316195423570985008687907853269984665640564039457584007913129639935" },
          ],
        }),
      );
      expect(entries).to.deep.equal([
        { chainId: 31337n, registry: REGISTRY, projectId: 1n },
        { chainId: 8453n, registry: REGISTRY, projectId: (1n << 256n) - 1n },
      ]);
      expect(proofNames(entries, { ...PROJECT, registry: REGISTRY.toLowerCase() })).to.equal(true);
      expect(proofNames(entries, { ...PROJECT, chainId: 1n })).to.equal(false);
      expect(proofNames(entries, { ...PROJECT, registry: "0x0000000000000000000000000000000000000001" })).to.equal(false);
      expect(proofNames([], PROJECT)).to.equal(false);
    });

    it("proofFileText is the pretty JSON a maintainer commits, and parses back", () => {
      const text = proofFileText([{ chainId: 31337n, registry: REGISTRY.toLowerCase(), projectId: 1n }, { chainId: 1n, registry: REGISTRY, projectId: 1n << 60n }]);
      expect(text).to.equal(
        `{\n  "openpledge": [\n    {\n      "chainId": 31337,\n      "registry": "${REGISTRY}",\n      "projectId": 1\n    },\n    {\n      "chainId": 1,\n      "registry": "${REGISTRY}",\n      "projectId": "1152921504606846976"\n    }\n  ]\n}\n`,
      );
      expect(parseProof(text)).to.deep.equal([
        { chainId: 31337n, registry: REGISTRY, projectId: 1n },
        { chainId: 1n, registry: REGISTRY, projectId: 1n << 60n },
      ]);
    });

    it("refuses what is not JSON as malformed-json", async () => {
      for (const text of ["", "{", "openpledge: 1", "{ 'openpledge': [] }"]) await proofError(text, "malformed-json");
    });

    it("refuses ill-shaped proofs as invalid, naming the field and what to write", async () => {
      const entry = (fields: Record<string, unknown>): string => JSON.stringify({ openpledge: [{ chainId: 31337, registry: REGISTRY, projectId: 1, ...fields }] });
      const where = '.well-known/openpledge.json, entry 1 of "openpledge"';
      expect((await proofError("[]", "invalid")).message).to.match(/must be a JSON object with an "openpledge" list; write it like this: /);
      expect((await proofError('{"openpledge": []}', "invalid")).message).to.match(/has no "openpledge" list with at least one entry/);
      expect((await proofError('{"openPledge": [{}]}', "invalid")).message).to.match(/has no "openpledge" list/);
      expect((await proofError('{"openpledge": [7]}', "invalid")).message).to.equal(`${where} must be an object like { "chainId": 31337, "registry": "${REGISTRY}", "projectId": 1 }`);
      expect((await proofError(entry({ chainId: undefined }), "invalid")).message).to.equal(`${where}: "chainId" is missing; add e.g. "chainId": 31337`);
      expect((await proofError(entry({ chainId: 0 }), "invalid")).message).to.equal(`${where}: "chainId" must be a positive whole number, e.g. "chainId": 31337`);
      expect((await proofError(entry({ projectId: -1 }), "invalid")).message).to.include('"projectId" must be a positive whole number, e.g. "projectId": 1');
      expect((await proofError(entry({ projectId: 1.5 }), "invalid")).message).to.include('"projectId" must be a positive whole number');
      expect((await proofError(entry({ projectId: 1e21 }), "invalid")).message).to.include('write a number this large as a decimal string, e.g. "projectId": "1000000000000000000000"');
      expect((await proofError(entry({ projectId: "01" }), "invalid")).message).to.include('or a decimal string such as "1"');
      expect((await proofError(entry({ projectId: "0x1" }), "invalid")).message).to.include('"projectId" must be a positive whole number');
      expect((await proofError(entry({ projectId: (1n << 256n).toString() }), "invalid")).message).to.include('"projectId" must be a positive whole number');
      expect((await proofError(entry({ chainId: true }), "invalid")).message).to.include('"chainId" must be a positive whole number');
      expect((await proofError(entry({ registry: undefined }), "invalid")).message).to.equal(`${where}: "registry" is missing; add the registry's address, e.g. "registry": "${REGISTRY}"`);
      expect((await proofError(entry({ registry: "0x1234" }), "invalid")).message).to.equal(`${where}: "registry" must be the registry's address, e.g. "registry": "${REGISTRY}"`);
      const typo = REGISTRY.replace("F", "f");
      expect((await proofError(entry({ registry: typo }), "invalid")).message).to.equal(
        `${where}: "registry" ${typo} has a wrong upper/lower-case checksum (a typo?); copy the address again, e.g. "${REGISTRY}" if that is the one you mean, or write it all in lower case`,
      );
      const second = JSON.stringify({ openpledge: [{ chainId: 1, registry: REGISTRY, projectId: 1 }, { chainId: 1, registry: REGISTRY }] });
      expect((await proofError(second, "invalid")).message).to.include('entry 2 of "openpledge": "projectId" is missing');
    });

    it("writes the example with the checked project's own entry, or with placeholders when none is given (never another contract's address)", async () => {
      const other = { chainId: 10n, registry: "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512", projectId: 7n };
      const checksummed = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
      expect((await proofError("Commit this file", "malformed-json", other)).message).to.match(
        new RegExp(`; write it like this: \\{ "openpledge": \\[ \\{ "chainId": 10, "registry": "${checksummed}", "projectId": 7 \\} \\] \\}$`),
      );
      const where = '.well-known/openpledge.json, entry 1 of "openpledge"';
      expect((await proofError('{"openpledge": [7]}', "invalid", other)).message).to.equal(`${where} must be an object like { "chainId": 10, "registry": "${checksummed}", "projectId": 7 }`);
      expect((await proofError('{"openpledge": [{"chainId": 10, "projectId": 7}]}', "invalid", other)).message).to.equal(
        `${where}: "registry" is missing; add the registry's address, e.g. "registry": "${checksummed}"`,
      );
      const big = { ...other, projectId: 2n ** 60n };
      expect((await proofError('{"openpledge": [7]}', "invalid", big)).message).to.equal(`${where} must be an object like { "chainId": 10, "registry": "${checksummed}", "projectId": "${2n ** 60n}" }`);
      expect((await proofError("[]", "invalid", null)).message).to.equal(
        '.well-known/openpledge.json must be a JSON object with an "openpledge" list; write it like this: { "openpledge": [ { "chainId": <chain id>, "registry": "<registry address>", "projectId": <project id> } ] }',
      );
      expect((await proofError('{"openpledge": [{"chainId": 0}]}', "invalid", null)).message).to.equal(`${where}: "chainId" must be a positive whole number, e.g. "chainId": <chain id>`);
      expect((await proofError('\uFFFD', "malformed-json", null)).message).to.not.match(/0x[0-9a-fA-F]{40}/);
    });
  });

  describe("the local forge", () => {
    it("answers CORS preflights and puts Access-Control-Allow-Origin on every answer", async () => {
      const preflight = await fetch(`${forge.url}/github/repos/a/b`, { method: "OPTIONS" });
      expect(preflight.status).to.equal(204);
      expect(preflight.headers.get("access-control-allow-origin")).to.equal("*");
      expect(preflight.headers.get("access-control-allow-headers")).to.include("PRIVATE-TOKEN");
      const missing = await fetch(`${forge.url}/gitlab/api/v4/projects/nobody%2Fnothing`);
      expect(missing.status).to.equal(404);
      expect(missing.headers.get("access-control-allow-origin")).to.equal("*");
      expect(await missing.json()).to.deep.equal({ message: "404 Project Not Found" });
    });

    it("answers GitHub's shapes: 404 body, base64 in 60-character lines", async () => {
      const { path } = fresh("github.com");
      const text = `${proofFileText([PROJECT])}${" ".repeat(100)}\n`;
      forge.putFile("github.com", path, PROOF_FILE_PATH, text);
      const answer = (await (await fetch(`${forge.url}/github/repos/${path}/contents/${PROOF_FILE_PATH}`)).json()) as { content: string; encoding: string; size: number };
      expect(answer.encoding).to.equal("base64");
      expect(answer.size).to.equal(Buffer.byteLength(text));
      expect(answer.content.split("\n").slice(0, -2).every((line) => line.length === 60)).to.equal(true);
      const missing = await fetch(`${forge.url}/github/repos/nobody/nothing`);
      expect(await missing.json()).to.deep.equal({ message: "Not Found", documentation_url: "https://docs.github.com/rest", status: "404" });
    });

    it("refuses to manage repositories on a host it does not serve", () => {
      expect(() => forge.createRepository("bitbucket.org", "a/b")).to.throw("The local forge serves github.com, gitlab.com and codeberg.org, not bitbucket.org");
      expect(() => forge.putFile("github.com", "nobody/nothing", "x", "y")).to.throw("The local forge has no repository github.com/nobody/nothing");
    });
  });
});
