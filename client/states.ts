/**
 * The life stages of a campaign, in the order of the escrow's `State` enum. The last three are a feature request's:
 * open for pledges (`Requested`), then refunded in full once `Declined` or `Expired`; an accepted request is `Funding`.
 */
export const CAMPAIGN_STATES = [
  "Funding",
  "Succeeded",
  "Failed",
  "Cancelled",
  "Claimed",
  "Rejected",
  "Lapsed",
  "Requested",
  "Declined",
  "Expired",
] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** Chains whose clock a developer may move and whose RPC the web app may read directly: Hardhat's chains. */
export const LOCAL_CHAIN_IDS: ReadonlySet<number> = new Set([31337, 1337]);

/** The state the escrow returns as a number, by name; throws for a state this client does not know. */
export function stateName(value: bigint | number): CampaignState {
  const name = CAMPAIGN_STATES[Number(value)];
  if (name === undefined) throw new Error(`unknown campaign state ${value}`);
  return name;
}

/**
 * The states an `UnexpectedState` error's `expectedStates` allows: bit `1 << state` is set for each (like
 * OpenZeppelin's `GovernorUnexpectedProposalState`), in the enum's order.
 */
export function statesIn(bitmap: bigint | string): CampaignState[] {
  const bits = BigInt(bitmap);
  return CAMPAIGN_STATES.filter((_, index) => (bits >> BigInt(index)) & 1n);
}
