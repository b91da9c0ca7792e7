/** The life stages of a campaign, in the order of the escrow's `State` enum. */
export const CAMPAIGN_STATES = ["Funding", "Succeeded", "Failed", "Cancelled", "Claimed", "Rejected", "Lapsed"] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** Chains whose clock a developer may move and whose RPC the web app may read directly: Hardhat's chains. */
export const LOCAL_CHAIN_IDS: ReadonlySet<number> = new Set([31337, 1337]);
