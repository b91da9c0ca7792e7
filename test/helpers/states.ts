import { toBeHex } from "ethers";

import { CAMPAIGN_STATES, type CampaignState } from "../../client/index.js";

/** `IPledgeEscrow.State` by name, as the bigints the contract returns; the names and their order are the client's. */
export const State = Object.fromEntries(CAMPAIGN_STATES.map((name, index) => [name, BigInt(index)])) as Readonly<
  Record<CampaignState, bigint>
>;

/**
 * The `expectedStates` of an `UnexpectedState(campaignId, current, expectedStates)` error: bit `1 << state` set for
 * each state given, as the bytes32 the error carries.
 */
export function expectedStates(...states: CampaignState[]): string {
  return toBeHex(states.reduce((bits, name) => bits | (1n << State[name]), 0n), 32);
}

/** The sets the escrow expects, named after the states they hold. */
export const EXPECTED = {
  /** pledge, pledgeToken, pledgeWithPermit, withdrawPledge, cancelCampaign */
  funding: expectedStates("Funding"),
  /** claim of a campaign without milestones, submitMilestone */
  succeeded: expectedStates("Succeeded"),
  /** claim of a campaign with milestones: what was released stays claimable after a rejection */
  succeededOrRejected: expectedStates("Succeeded", "Rejected"),
  /** refund: in full when Failed, Cancelled, Lapsed, Declined or Expired, pro rata when Rejected */
  refundable: expectedStates("Failed", "Cancelled", "Lapsed", "Rejected", "Declined", "Expired"),
  /** pledges and withdrawals of a request past its expiry or declined; acceptance and decline */
  requested: expectedStates("Requested"),
} as const;
