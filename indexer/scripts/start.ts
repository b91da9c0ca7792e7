/**
 * `npm run indexer`: indexes one OpenPledge deployment and serves it on 127.0.0.1 (default port 42069).
 *
 * Reads the deployment Ignition recorded (`--deployment <id>`, default `chain-<chain id>`; its EAS, else EAS's own on a
 * chain `KNOWN_EAS` lists, for the repository attestations), asks the RPC
 * (`--rpc <url>` or OPENPLEDGE_RPC_URL, default http://127.0.0.1:8545) which chain it serves, keys the database by
 * that chain's genesis and deployment blocks, generates the ABIs from the compiled contracts, and runs `ponder start`.
 * Embedded PGlite under `indexer/.ponder/` by default; Postgres when DATABASE_URL is set. While it runs it keeps
 * checking the chain: a local chain started again under it stops it with a clear message instead of mixing chains.
 * Exit codes: 2 another chain's tables, 3 the chain replaced under it, 4 the port taken.
 *
 * Options: --deployment <id>, --rpc <url>, --port <n> (or OPENPLEDGE_INDEXER_PORT), --dir <folder> (PGlite; or
 * OPENPLEDGE_INDEXER_DIR), --schema <name> (Postgres; or DATABASE_SCHEMA), --reset (empty the database first).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { KNOWN_EAS } from "../../client/attestations.ts";
import { readDeployment } from "../../client/deployment.ts";
import { writeAbis } from "./abis.ts";
import { describe, identify, rpc, sameChain, type ChainIdentity } from "./chain.ts";
import { preparePglite, preparePostgres, type DatabasePlace } from "./database.ts";

const INDEXER = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ROOT = path.dirname(INDEXER);
const LOCAL_CHAIN_IDS = new Set([31337, 1337]);
/** How often the chain is checked for having been replaced under the indexer. */
const WATCH_MS = 2_000;
/** Exit code when the port is taken by another program (2: another chain's tables; 3: the chain replaced under it). */
const PORT_TAKEN = 4;

function fail(message: string, code = 1): never {
  console.error(`indexer: ${message}`);
  process.exit(code);
}

const { values: options } = parseArgs({
  options: {
    deployment: { type: "string" },
    rpc: { type: "string" },
    port: { type: "string" },
    dir: { type: "string" },
    schema: { type: "string" },
    reset: { type: "boolean", default: false },
  },
});

const rpcUrl = options.rpc ?? process.env.OPENPLEDGE_RPC_URL ?? "http://127.0.0.1:8545";
const port = Number(options.port ?? process.env.OPENPLEDGE_INDEXER_PORT ?? "42069");
if (!Number.isInteger(port) || port <= 0 || port > 65_535) fail(`--port must be a port number, not ${options.port ?? process.env.OPENPLEDGE_INDEXER_PORT}`);

let identity: ChainIdentity;
let place: DatabasePlace;
/** EAS, for the repository attestations: the one deployed beside OpenPledge (a local chain), else EAS's own. */
let eas: string | undefined;
try {
  const chainId = Number(await rpc<string>(rpcUrl, "eth_chainId"));
  const deploymentId = options.deployment ?? process.env.OPENPLEDGE_DEPLOYMENT ?? `chain-${chainId}`;
  const deployment = await readDeployment(path.join(ROOT, "deploy", "deployments"), deploymentId);
  if (deployment.chainId !== undefined && deployment.chainId !== chainId) {
    fail(`deployment '${deploymentId}' was made on chain ${deployment.chainId}, but the RPC at ${rpcUrl} serves chain ${chainId}: pass the matching --rpc or --deployment`);
  }
  eas = (deployment.eas?.eas ?? KNOWN_EAS[String(chainId)]?.eas)?.toLowerCase();
  identity = await identify(rpcUrl, { registry: deployment.registry, escrow: deployment.escrow, deploymentBlock: deployment.deploymentBlock ?? 0 });
  const databaseUrl = process.env.DATABASE_URL;
  place =
    databaseUrl === undefined || databaseUrl === ""
      ? await preparePglite(identity, { directory: options.dir ?? process.env.OPENPLEDGE_INDEXER_DIR, baseDir: path.join(INDEXER, ".ponder"), reset: options.reset })
      : await preparePostgres(identity, { url: databaseUrl, schema: options.schema ?? process.env.DATABASE_SCHEMA, reset: options.reset });
  await writeAbis(ROOT);
  console.log(`indexer: ${describe(identity)}`);
  console.log(`indexer: tables in ${place.kind === "pglite" ? `PGlite at ${path.relative(process.cwd(), place.directory) || "."}` : `Postgres schema "${place.schema}"`}`);
  console.log(`indexer: serving http://127.0.0.1:${port} (/api/status says how far it got; /api/..., /graphql, /sql)`);
  console.log(
    eas === undefined
      ? `indexer: no repository attestations: chain ${identity.chainId} has no EAS OpenPledge knows of, and the deployment has none beside it`
      : `indexer: repository attestations from EAS at ${eas}`,
  );
  console.log(`indexer: documents (titles for search) from https:// links and ipfs:// through ${process.env.OPENPLEDGE_IPFS_GATEWAY ?? "https://ipfs.io/ipfs/ (set OPENPLEDGE_IPFS_GATEWAY for another gateway)"}`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 2);
}

const ponderBin = path.join(INDEXER, "node_modules", ".bin", "ponder");
const child = spawn(
  ponderBin,
  ["start", "--root", INDEXER, "--schema", place.schema, "--port", String(port), "--hostname", "127.0.0.1", "--log-format", process.env.OPENPLEDGE_INDEXER_LOG_FORMAT ?? "pretty"],
  {
    // Ponder writes generated/ and .ponder/ under its working directory.
    cwd: INDEXER,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      OPENPLEDGE_CHAIN_ID: String(identity.chainId),
      OPENPLEDGE_RPC_URL: rpcUrl,
      OPENPLEDGE_REGISTRY: identity.registry,
      OPENPLEDGE_ESCROW: identity.escrow,
      OPENPLEDGE_EAS: eas ?? "",
      OPENPLEDGE_START_BLOCK: String(identity.deploymentBlock),
      OPENPLEDGE_GENESIS_HASH: identity.genesisHash,
      OPENPLEDGE_SCHEMA: place.schema,
      OPENPLEDGE_LOCAL_CHAIN: LOCAL_CHAIN_IDS.has(identity.chainId) ? "1" : "0",
      ...(place.kind === "pglite" ? { OPENPLEDGE_PGLITE_DIR: place.directory } : { DATABASE_URL: place.url }),
      // Ponder prints its own banner of the URL; ours says 127.0.0.1.
      PONDER_TELEMETRY_DISABLED: "true",
    },
  },
);
child.on("error", (error) => fail(`could not start Ponder (${error.message}): install the indexer's packages with \`npm ci --prefix indexer\``));

let lockExplained = false;
/** Passes Ponder's output on, adding what it does not say. */
function relay(chunk: Buffer, to: NodeJS.WriteStream): void {
  const text = chunk.toString();
  to.write(text);
  if (text.includes("Schema is locked by a different Ponder app") && !lockExplained) {
    lockExplained = true;
    console.error("indexer: Ponder keeps its tables locked for up to 25 s after it stops; it resumes once the lock expires (nothing is lost).");
  }
  if (text.includes("was previously used by a different Ponder app")) {
    console.error("indexer: this database was built by another version of the indexer's code: start with `--reset` to build it again from the chain.");
  }
  // Ponder moves to the next free port on its own: the URL printed above would then lead nowhere (or to another program).
  if (text.includes("Port in use") && !stopping) {
    console.error(`indexer: port ${port} on 127.0.0.1 is taken by another program: stopping. Start with --port <another port> (or set OPENPLEDGE_INDEXER_PORT).`);
    stop("SIGTERM", PORT_TAKEN);
  }
}
child.stdout?.on("data", (chunk: Buffer) => relay(chunk, process.stdout));
child.stderr?.on("data", (chunk: Buffer) => relay(chunk, process.stderr));

let stopping = false;
function stop(signal: NodeJS.Signals, code: number): void {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}
process.on("SIGINT", () => stop("SIGINT", 0));
process.on("SIGTERM", () => stop("SIGTERM", 0));
child.on("exit", (code, signal) => {
  clearInterval(watcher);
  process.exit(process.exitCode ?? code ?? (signal === null ? 1 : 0));
});

// The chain replaced under a running indexer: its tables would mix two chains.
let unreachable = false;
const watcher = setInterval(() => {
  identify(rpcUrl, identity).then(
    (now) => {
      unreachable = false;
      if (sameChain(now, identity)) return;
      console.error(`indexer: the RPC at ${rpcUrl} now serves ${describe(now)}, not the chain this indexer follows: stopping. Start the indexer again for the new chain.`);
      stop("SIGTERM", 3);
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (message.includes("no escrow") || message.includes("has no block")) {
        console.error(`indexer: ${message}; stopping. The chain was started again: deploy on it (npm run deploy:local), then start the indexer again (its tables of the old chain stay in their own folder or schema; delete them when you like).`);
        stop("SIGTERM", 3);
      } else if (!unreachable) {
        unreachable = true;
        console.error(`indexer: ${message} (still trying)`);
      }
    },
  );
}, WATCH_MS);
