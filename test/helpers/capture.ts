import hre from "hardhat";

/** What one task run printed, and whether it failed. */
export interface TaskRun {
  stdout: string;
  stderr: string;
  failed: boolean;
}

/**
 * Runs a Hardhat task in this process, as `hardhat <id...> <args>` would, capturing what it prints and the exit code
 * it sets (which is then reset, so that a task expected to fail does not fail the test run).
 */
export async function runTask(id: string[], args: Record<string, unknown>): Promise<TaskRun> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  const exitCodeBefore = process.exitCode;
  console.log = (...parts: unknown[]) => out.push(parts.map(String).join(" "));
  console.error = (...parts: unknown[]) => err.push(parts.map(String).join(" "));
  let failed = false;
  try {
    await hre.tasks.getTask(id).run(args);
    failed = process.exitCode === 1;
  } finally {
    console.log = log;
    console.error = error;
    process.exitCode = exitCodeBefore;
  }
  return { stdout: out.join("\n"), stderr: err.join("\n"), failed };
}

/** Runs a task with `--json` and parses its output. */
export async function runTaskJson<T>(id: string[], args: Record<string, unknown>): Promise<T> {
  const run = await runTask(id, { ...args, json: true });
  if (run.failed) throw new Error(`task ${id.join(" ")} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
