import { readFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

import {
  CAMPAIGN_SPEC_FIELDS,
  documentUrl,
  fetchDocument,
  ipfsCidOf,
  PROJECT_METADATA_FIELDS,
  readCampaignSpec,
  readProjectMetadata,
  specHashOf,
  validateCampaignSpec,
  validateProjectMetadata,
} from "../client/index.js";
import { renderMarkdown } from "../app/src/markdown.js";

const GATEWAY = "https://gateway.example/ipfs/";

interface Schema {
  required: string[];
  additionalProperties: boolean;
  properties: Record<string, unknown>;
}
const schema = (name: string) => JSON.parse(readFileSync(path.resolve("schemas", name), "utf8")) as Schema;

/** A `fetch` that answers from a map, counting calls; an unknown URL never answers until aborted. */
function fakeFetch(documents: Record<string, string>): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const body = documents[url];
    if (body !== undefined) return new Response(body, { status: 200 });
    if (url.endsWith("/missing")) return new Response("no", { status: 404 });
    return new Promise<Response>((_, reject) => init?.signal?.addEventListener("abort", () => reject(new Error("aborted"))));
  }) as typeof fetch;
}

describe("metadata documents (client/metadata.ts, schemas/)", () => {
  it("the validators know exactly the schemas' fields, strictly", () => {
    const project = schema("project-metadata.schema.json");
    const spec = schema("campaign-spec.schema.json");
    expect(Object.keys(PROJECT_METADATA_FIELDS).sort()).to.deep.equal(Object.keys(project.properties).sort());
    expect(Object.keys(CAMPAIGN_SPEC_FIELDS).sort()).to.deep.equal(Object.keys(spec.properties).sort());
    expect(project.required).to.deep.equal(["name"]);
    expect(spec.required).to.deep.equal(["name"]);
    expect(project.additionalProperties).to.equal(false);
    expect(spec.additionalProperties).to.equal(false);
  });

  it("accepts a full document and refuses malformed ones with every reason", () => {
    const full = {
      $schema: "https://openpledge.org/schemas/campaign-spec.schema.json",
      name: "Audit",
      summary: "A review.",
      description: "# Scope\n\n- the escrow",
      links: [{ label: "Report", url: "ipfs://bafkrei" }],
      image: "https://example.org/logo.png",
      deliverables: ["The report"],
    };
    expect(validateCampaignSpec(full)).to.deep.equal({ ok: true, value: full });
    expect(validateProjectMetadata({ name: "x", deliverables: [] })).to.deep.equal({ ok: false, errors: ["deliverables: unknown field"] });
    expect(validateProjectMetadata([])).to.deep.equal({ ok: false, errors: ["document: must be a JSON object"] });
    expect(validateProjectMetadata(null)).to.deep.equal({ ok: false, errors: ["document: must be a JSON object"] });
    expect(validateCampaignSpec({ summary: 3, links: [{ label: "x", url: "javascript:alert(1)" }, { url: "https://a" }], image: "data:x", name: "a".repeat(101) })).to.deep.equal({
      ok: false,
      errors: [
        "summary: must be a string",
        "links[0].url: must start with https:// or ipfs://",
        "links[1].label: missing",
        "image: must start with https:// or ipfs://",
        "name: must be 1 to 100 characters long (it is 101)",
      ],
    });
  });

  it("resolves ipfs:// through the gateway, https as it is, http only on this machine", () => {
    expect(documentUrl("ipfs://bafyabc/meta.json", GATEWAY)).to.equal("https://gateway.example/ipfs/bafyabc/meta.json");
    expect(documentUrl("ipfs://ipfs/bafyabc", "http://127.0.0.1:8080/ipfs")).to.equal("http://127.0.0.1:8080/ipfs/bafyabc");
    expect(documentUrl("https://example.org/spec.json")).to.equal("https://example.org/spec.json");
    expect(documentUrl("http://127.0.0.1:9000/a.json")).to.equal("http://127.0.0.1:9000/a.json");
    expect(documentUrl("http://example.org/a.json")).to.equal(undefined);
    expect(documentUrl("javascript:alert(1)")).to.equal(undefined);
    expect(documentUrl("data:application/json,{}")).to.equal(undefined);
  });

  it("reads, pins and times out: rewritten, malformed, missing and slow documents are never shown", async () => {
    const good = JSON.stringify({ name: "Audit" });
    const fetch = fakeFetch({
      "https://docs.example/good.json": good,
      "https://docs.example/bad.json": "{ nope",
      [`${GATEWAY}bafkgood`]: good,
    });
    const options = { fetch, gateway: GATEWAY, timeoutMs: 50 };
    expect(await readCampaignSpec("https://docs.example/good.json", specHashOf(good), options)).to.deep.equal({
      status: "ok",
      url: "https://docs.example/good.json",
      document: { name: "Audit" },
      check: "matches",
    });
    const unpinned = await readCampaignSpec("ipfs://bafkgood", `0x${"0".repeat(64)}`, options);
    expect(unpinned.status === "ok" && unpinned.check).to.equal("not pinned");
    expect(await readCampaignSpec("https://docs.example/good.json", specHashOf("other"), options)).to.deep.equal({
      status: "rewritten",
      url: "https://docs.example/good.json",
      check: "rewritten",
    });
    expect(await readProjectMetadata("https://docs.example/bad.json", options)).to.deep.include({ status: "unavailable", reason: "the document is malformed: the document is not JSON" });
    expect(await readProjectMetadata("https://docs.example/missing", options)).to.deep.include({ status: "unavailable", reason: "the server answered 404" });
    expect(await readProjectMetadata("https://docs.example/slow.json", options)).to.deep.include({ status: "unavailable", reason: "no answer within 0.05 s" });
    expect(await readProjectMetadata("javascript:alert(1)", options)).to.deep.include({ status: "unavailable", reason: "the link is not an ipfs:// or https:// address" });
    const big = await fetchDocument("https://docs.example/good.json", { ...options, maxBytes: 4 });
    expect(big).to.deep.include({ status: "unavailable", reason: "the document is larger than 4 bytes" });
  });

  it("stops reading a body without a length as soon as it passes the size limit (an endless stream never fills memory)", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const fetchEndless = (async () => new Response(endless, { status: 200 })) as typeof globalThis.fetch;
    const fetched = await fetchDocument("https://docs.example/endless", { fetch: fetchEndless, maxBytes: 4096, timeoutMs: 1_000 });
    expect(fetched).to.deep.include({ status: "unavailable", reason: "the document is larger than 4096 bytes" });
    expect(pulled).to.be.at.most(8);
  });

  it("refuses a document a redirect brought from an address a link may not point at (http on another host)", async () => {
    const fetchRedirected = (async () => {
      const response = new Response(JSON.stringify({ name: "Audit" }), { status: 200 });
      Object.defineProperty(response, "url", { value: "http://evil.example/doc.json" });
      return response;
    }) as typeof globalThis.fetch;
    expect(await fetchDocument("https://docs.example/doc.json", { fetch: fetchRedirected })).to.deep.include({
      status: "unavailable",
      reason: "the server redirected to an address that is not https://",
    });
  });

  it("names a document by its IPFS CIDv1 (raw, sha2-256, base32)", () => {
    // `ipfs add --cid-version 1 --raw-leaves` of the bytes "hello world" (no newline).
    expect(ipfsCidOf("hello world")).to.equal("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
  });

  it("renders Markdown safely: no raw HTML, no script, no javascript: links", () => {
    const html = renderMarkdown(
      [
        "# Title",
        "",
        "Some **bold** and *soft* text with `code <b>`.",
        "<script>alert(1)</script>",
        "",
        "- [ok](https://example.org/a_b_c) and [ipfs](ipfs://bafyabc)",
        "- [bad](javascript:alert(1)) [worse](JaVaScRiPt:alert(1)) [data](data:text/html,<b>)",
        "",
        '<img src=x onerror="alert(1)">',
        "```",
        "<b>not bold</b>",
        "```",
      ].join("\n"),
      GATEWAY,
    );
    expect(html).to.equal(
      [
        "<h3>Title</h3>",
        "<p>Some <strong>bold</strong> and <em>soft</em> text with <code>code &#60;b&#62;</code>. &#60;script&#62;alert(1)&#60;/script&#62;</p>",
        '<ul><li><a href="https://example.org/a_b_c" rel="noreferrer noopener nofollow" target="_blank">ok</a> and <a href="https://gateway.example/ipfs/bafyabc" rel="noreferrer noopener nofollow" target="_blank">ipfs</a></li>' +
          "<li>bad (javascript:alert(1)) worse (JaVaScRiPt:alert(1)) data (data:text/html,&#60;b&#62;)</li></ul>",
        "<p>&#60;img src=x onerror=&#34;alert(1)&#34;&#62;</p>",
        "<pre><code>&#60;b&#62;not bold&#60;/b&#62;</code></pre>",
      ].join("\n"),
    );
    expect(html).not.to.match(/<(script|img)|href="javascript/i);
  });
});
