/**
 * A small HTTP server on 127.0.0.1 for metadata and spec documents: `npm run app` serves the demo's documents with
 * it (as its IPFS gateway, `/ipfs/<cid>`, and as an https-like host), and the browser tests serve theirs, including a
 * rewritten and a malformed one. Any origin may read (CORS), as from a public gateway.
 */
import { createServer } from "node:http";

import { ipfsCidOf } from "../../client/index.js";

export interface DocumentHost {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The IPFS gateway prefix this host answers: `<url>/ipfs/`. */
  gateway: string;
  /** Serves `body` at `path` (from now on, replacing what was there). */
  put(path: string, body: string): string;
  /** Serves `body` by its CIDv1 under `/ipfs/` and returns its `ipfs://` URI. */
  pin(body: string): string;
  stop(): Promise<void>;
}

export async function startDocumentHost(): Promise<DocumentHost> {
  const documents = new Map<string, string>();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://127.0.0.1").pathname;
    const body = documents.get(path);
    response.setHeader("Access-Control-Allow-Origin", "*");
    if (body === undefined) {
      response.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
      return;
    }
    response.writeHead(200, { "Content-Type": "application/json; charset=utf-8" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("the document host has no port");
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    gateway: `${url}/ipfs/`,
    put(path, body) {
      documents.set(path, body);
      return `${url}${path}`;
    },
    pin(body) {
      const cid = ipfsCidOf(body);
      documents.set(`/ipfs/${cid}`, body);
      return `ipfs://${cid}`;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
