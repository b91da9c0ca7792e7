/**
 * How the attester writes accounts, commits and strings from the chain for people: addresses and commits shortened
 * where a line names them beside other things, control characters escaped. Dates: the client's `formatDate`.
 */

/**
 * `text` with every control character (C0, DEL, C1: newlines, tabs, ANSI/OSC escapes) written as a visible \u escape,
 * for strings that come from the chain or a forge before they reach a log line or a terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Like `printable`, but keeps line breaks (\n): for multi-line messages whose parts were already made printable. */
export function printableLines(text: string): string {
  return text.split("\n").map(printable).join("\n");
}

/** "0xf39F…2266". */
export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** The first 7 characters of a commit id, as forges show them. */
export function shortCommit(commit: string): string {
  return commit.slice(0, 7);
}

/** Whole days in a number of seconds, for "valid for 90 days". */
export function wholeDays(seconds: bigint): bigint {
  return seconds / 86_400n;
}

/** The command with which project `id`'s owner sets its repository (the registry's setProjectMetadata), for messages. */
export function setRepositoryCommand(id: bigint | string, repository = "<repository URL>"): string {
  return `npx hardhat project set-metadata ${id} --repository ${repository}`;
}
