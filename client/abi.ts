/**
 * The contracts' ABIs as the compiler wrote them (typechain keeps them `as const`), and the types derived from them:
 * every custom error's name and arguments, every escrow function's name. A contract change that adds, removes or
 * renames an error changes these types, so `tsc` points at every message that no longer fits.
 */
import { IRequestBoard__factory } from "../typechain-types/factories/interfaces/IRequestBoard__factory.js";
import { PledgeEscrow__factory } from "../typechain-types/factories/PledgeEscrow__factory.js";
import { ProjectRegistry__factory } from "../typechain-types/factories/ProjectRegistry__factory.js";

type EscrowOwnFragment = (typeof PledgeEscrow__factory.abi)[number];
type EscrowOwnName = Extract<EscrowOwnFragment, { readonly name: string }>["name"];
/** The feature-request functions the escrow answers through its fallback (the `RequestBoard` module), less those it declares itself (`registry`). */
type RequestBoardFragment = Exclude<(typeof IRequestBoard__factory.abi)[number], { readonly name: EscrowOwnName }>;

const ESCROW_OWN_NAMES: ReadonlySet<string> = new Set(PledgeEscrow__factory.abi.map((fragment) => ("name" in fragment ? fragment.name : "")));

/**
 * Everything callable at the escrow's address: its own ABI (functions, events, errors) and the `IRequestBoard`
 * functions its fallback delegates to the `RequestBoard` module (`openRequest`, `acceptRequest`, `declineRequest`,
 * the request constants), each fragment once.
 */
export const ESCROW_ABI: readonly [...(typeof PledgeEscrow__factory)["abi"], ...RequestBoardFragment[]] = [
  ...PledgeEscrow__factory.abi,
  ...IRequestBoard__factory.abi.filter((fragment): fragment is RequestBoardFragment => !ESCROW_OWN_NAMES.has(fragment.name)),
];
export const REGISTRY_ABI = ProjectRegistry__factory.abi;

/**
 * Errors a call can revert with that no OpenPledge contract declares: a standard ERC-20's (bubbled up through the
 * escrow's token transfers) and Solidity's own `Error(string)` and `Panic(uint256)`.
 */
export const STANDARD_ERRORS_ABI = [
  {
    type: "error",
    name: "ERC20InsufficientAllowance",
    inputs: [
      { name: "spender", type: "address" },
      { name: "allowance", type: "uint256" },
      { name: "needed", type: "uint256" },
    ],
  },
  {
    type: "error",
    name: "ERC20InsufficientBalance",
    inputs: [
      { name: "sender", type: "address" },
      { name: "balance", type: "uint256" },
      { name: "needed", type: "uint256" },
    ],
  },
  { type: "error", name: "Error", inputs: [{ name: "reason", type: "string" }] },
  { type: "error", name: "Panic", inputs: [{ name: "code", type: "uint256" }] },
] as const;

/** The ABIs whose errors the client decodes, in the order it tries them. */
export const ERROR_ABIS = [ESCROW_ABI, REGISTRY_ABI, STANDARD_ERRORS_ABI] as const;

type Fragment = { readonly type: string; readonly name?: string };
type ErrorFragmentOf<A extends readonly Fragment[]> = Extract<A[number], { readonly type: "error" }>;

/** Every error fragment of the ABIs the client decodes. */
export type ContractErrorFragment =
  | ErrorFragmentOf<typeof ESCROW_ABI>
  | ErrorFragmentOf<typeof REGISTRY_ABI>
  | ErrorFragmentOf<typeof STANDARD_ERRORS_ABI>;

/** The name of every custom error a call to the protocol can revert with. */
export type ContractErrorName = ContractErrorFragment["name"];

/** What ethers decodes a Solidity type to. */
type DecodedValue<T extends string> = T extends `${string}]`
  ? readonly unknown[]
  : T extends `uint${string}` | `int${string}`
    ? bigint
    : T extends "bool"
      ? boolean
      : T extends "address" | "string" | `bytes${string}`
        ? string
        : unknown;

/** The decoded arguments of error `N`, by the names the contract gives them. */
export type ContractErrorArgs<N extends ContractErrorName> = {
  readonly [P in Extract<ContractErrorFragment, { readonly name: N }>["inputs"][number] as P["name"]]: DecodedValue<P["type"]>;
};

/** The name of every function of the escrow. */
export type EscrowFunctionName = Extract<(typeof ESCROW_ABI)[number], { readonly type: "function" }>["name"];

/** The name of every event of the escrow. */
export type EscrowEventName = Extract<(typeof ESCROW_ABI)[number], { readonly type: "event" }>["name"];

/** The argument names of every error, by error name: ethers leaves Solidity's built-in errors' arguments unnamed. */
export const ERROR_INPUT_NAMES: ReadonlyMap<string, readonly string[]> = new Map(
  ERROR_ABIS.flatMap((abi) => (abi as readonly Fragment[]).filter(isErrorFragment)).map((fragment) => [
    fragment.name,
    fragment.inputs.map((input) => input.name),
  ]),
);

function isErrorFragment(fragment: Fragment): fragment is { type: "error"; name: string; inputs: ReadonlyArray<{ name: string }> } {
  return fragment.type === "error";
}
