/**
 * A throwaway Postgres server on 127.0.0.1 for the indexer's tests and benchmark: Debian's `postgresql` binaries
 * (`/usr/lib/postgresql/<version>/bin`), a new cluster in a temporary folder, trust authentication on loopback only,
 * removed on stop. `initdb` refuses to run as root, so as root the cluster belongs to Debian's `postgres` user
 * (run through `runuser`); anyone else owns it themselves.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { freePort } from "./local-node.js";

/** A running Postgres and how to stop it. */
export interface RunningPostgres {
  /** `postgres://openpledge@127.0.0.1:<port>/openpledge` */
  url: string;
  port: number;
  /** Stops the server and removes its folder; safe to call twice. */
  stop(): Promise<void>;
}

/** The folder of Debian's newest installed Postgres binaries, or undefined when none is installed. */
export function postgresBinaries(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => existsSync(path.join(root, name, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : path.join(root, versions[0], "bin");
}

const asRoot = typeof process.getuid === "function" && process.getuid() === 0;

function command(bin: string, args: string[]): [string, string[]] {
  return asRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
}

/** Starts a new cluster; throws with what to install when Postgres is missing. */
export async function startPostgres(): Promise<RunningPostgres> {
  const bin = postgresBinaries();
  if (bin === undefined) throw new Error("Postgres is not installed: apt-get install postgresql (Debian's package)");
  const folder = mkdtempSync(path.join(tmpdir(), "openpledge-pg-"));
  const data = path.join(folder, "data");
  if (asRoot) {
    const ids = execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim();
    const group = execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim();
    chownSync(folder, Number(ids), Number(group));
  }
  const [initdb, initArgs] = command(path.join(bin, "initdb"), ["-D", data, "-U", "openpledge", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  execFileSync(initdb, initArgs, { stdio: "pipe" });
  const port = await freePort();
  const [postgres, serverArgs] = command(path.join(bin, "postgres"), [
    "-D", data,
    "-p", String(port),
    "-k", folder,
    "-c", "listen_addresses=127.0.0.1",
    "-c", "fsync=off",
    "-c", "max_connections=200",
  ]);
  const child: ChildProcess = spawn(postgres, serverArgs, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async (): Promise<void> => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, "SIGINT"); // Postgres's "fast shutdown"
      } catch {
        // Already gone.
      }
      await exited;
    }
    rmSync(folder, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (output.includes("database system is ready to accept connections")) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`Postgres did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const [createdb, createArgs] = command(path.join(bin, "createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", "openpledge", "openpledge"]);
  execFileSync(createdb, createArgs, { stdio: "pipe" });
  return { url: `postgres://openpledge@127.0.0.1:${port}/openpledge`, port, stop };
}
