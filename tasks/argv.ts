/** The raw command line, read before Hardhat parses it (no imports: it runs each time the config loads). */

/** The task ids whose positional arguments a leading dash would turn into an unknown option for Hardhat's parser. */
const POSITIONAL_TASKS = new Set(["campaign", "project", "milestone", "protocol", "request"]);

/**
 * Hardhat reads any argument that starts with a dash as an option, so `campaign pledge 2 -1` fails in its parser
 * ("Invalid option -1") before any task runs. The command line is read here first, when the config loads: a
 * negative number given where an OpenPledge task takes a positional value gets a plain sentence instead. Undefined
 * when there is nothing to say (an option's value such as `--goal -3` reaches the task, which refuses it itself).
 */
export function negativeArgumentHint(argv: readonly string[]): string | undefined {
  const start = argv.findIndex((arg) => POSITIONAL_TASKS.has(arg));
  if (start < 0) return undefined;
  const subtask = argv[start + 1] ?? "";
  for (let i = start + 2; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") return undefined;
    if (!/^-\d/.test(arg)) continue;
    const previous = argv[i - 1] ?? "";
    if (previous.startsWith("--") && previous !== "--json" && !previous.includes("=")) continue;
    const value = arg.slice(1);
    const pledgeTask = argv[start] === "campaign" || argv[start] === "request";
    const instead =
      pledgeTask && subtask === "pledge"
        ? `; to take part of a pledge back, use ${argv[start]} withdraw <id> ${value}`
        : pledgeTask && subtask === "withdraw"
          ? `; write the amount to take back, e.g. ${value}`
          : "";
    return (
      `"${arg}" is negative: amounts and ids are positive${instead}. (Hardhat reads an argument that starts with a ` +
      `dash as an option; a value that really starts with one goes after --, e.g. ${argv[start]} ${subtask} -- ${arg})`
    );
  }
  return undefined;
}

/**
 * What an option left out stands for, as its help shows it ("(default: the escrow's)"): Hardhat prints every
 * option's default value, so an option whose default is decided elsewhere carries these words rather than "".
 */
export const UNSET = {
  deployment: "chain-<chain id>",
  payout: "the --from account",
  escrow: "the escrow's",
  account: "the --from account",
  indexer: "$OPENPLEDGE_INDEXER_URL, else none: the chain's events",
  none: "no builder share",
  current: "the current version",
  every: "every token owed",
} as const;

/** An option whose value, left out, stays as it is on chain (`project set-metadata`); not one of UNSET (an empty value clears). */
export const UNSET_KEEP = "unchanged";

/** Whether an option was left out: empty, or its default's words. */
export function isUnset(value: string): boolean {
  return value === "" || (Object.values(UNSET) as string[]).includes(value);
}
