import { spawn, execFile, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The project's Hardhat binary. */
export const HARDHAT = path.resolve("node_modules/.bin/hardhat");

/** A port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Whether something already listens on 127.0.0.1:`port`. */
export function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(true));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(false)));
  });
}

/** A running `hardhat node`, and how to stop it. */
export interface LocalNode {
  port: number;
  rpcUrl: string;
  /** Stops the node and every process it started; safe to call twice. */
  stop(): Promise<void>;
}

/** Starts `hardhat node` on 127.0.0.1 (on `port`, or a free one) in its own process group, and waits until it serves. */
export async function startLocalNode(port?: number): Promise<LocalNode> {
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(HARDHAT, ["node", "--hostname", "127.0.0.1", "--port", String(chosen)], {
    detached: true,
    stdio: ["ignore", "pipe", "ignore"],
  });
  const stop = async (): Promise<void> => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    signalGroup(child.pid, "SIGTERM");
    const timer = setTimeout(() => signalGroup(child.pid ?? 0, "SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await new Promise<void>((resolve, reject) => {
      let output = "";
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Started HTTP and WebSocket JSON-RPC server")) {
          clearTimeout(timer);
          // From here on the node's log is not needed: keep draining it without holding it in memory.
          child.stdout?.off("data", onData);
          child.stdout?.resume();
          resolve();
        }
      };
      const timer = setTimeout(() => reject(new Error(`hardhat node did not start within 60 s:\n${output}`)), 60_000);
      child.stdout?.on("data", onData);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`hardhat node exited with ${code}:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { port: chosen, rpcUrl: `http://127.0.0.1:${chosen}`, stop };
}

/** Signals a whole process group; a group that is already gone is fine. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** Runs `hardhat <args> --network localhost` against `rpcUrl`; returns exit code and output instead of throwing. */
export async function hardhatOnNode(rpcUrl: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(HARDHAT, [...args, "--network", "localhost"], {
      env: { ...process.env, LOCALHOST_RPC_URL: rpcUrl },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}
