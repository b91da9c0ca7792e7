/**
 * The app's own words for refusals whose client message names a command-line step (`campaign assign-builder`,
 * `--from`, `funds show`): in the browser the next step is a page, a field or the account the wallet connects. Every
 * other refusal keeps the client's words.
 */
import { formatDate, OpenPledgeError, stateName, statesIn, toOpenPledgeError, type ContractErrorArgs, type ContractErrorName } from "../../client/index.js";
import { getAddress, isAddress, ZeroAddress } from "ethers";

/** The app's words for an error, or undefined to keep the client's (for the cases the app has nothing to add to). */
type AppWords = { [N in ContractErrorName]?: (args: ContractErrorArgs<N>, amount: ((value: bigint) => string) | undefined) => string | undefined };

/** 0x12ab…cdEF. */
function shortAddress(address: string): string {
  const shown = isAddress(address) ? getAddress(address) : address;
  return `${shown.slice(0, 6)}…${shown.slice(-4)}`;
}

function tokenWord(token: string): string {
  return token === ZeroAddress ? "ETH" : `token ${shortAddress(token)}`;
}

/**
 * A refused call on a feature request (or on a request accepted since) in the words of its page: what happened to the
 * request and what to do instead; undefined for an ordinary campaign (the client's words apply).
 */
function requestState(a: ContractErrorArgs<"UnexpectedState">): string | undefined {
  const id = a.campaignId;
  const current = stateName(a.current);
  const expected = statesIn(a.expectedStates);
  if (current === "Expired") {
    return `request #${id} has expired: nothing can be pledged to it, taken back, accepted or declined any more; every backer takes their whole pledge back with Refund on its page`;
  }
  if (current === "Declined") {
    return `request #${id} was declined: nothing can be pledged to it, taken back or accepted any more; every backer takes their whole pledge back with Refund on its page`;
  }
  if (current === "Requested") {
    if (expected.includes("Failed") || expected.includes("Cancelled")) {
      return `request #${id} is still open, so there is nothing to refund: take your pledge back with Withdraw on its page, at any time while it is open`;
    }
    return `#${id} is still a request, not a campaign: a maintainer accepts it with terms on its page first`;
  }
  if (expected.includes("Requested")) {
    return `request #${id} was accepted already: it is campaign #${id} now; pledge, take back or follow it on that campaign's page`;
  }
  return undefined;
}

const APP_WORDS: AppWords = {
  UnexpectedState: requestState,
  InvalidExpiry: (a) =>
    `a request must expire between ${formatDate(a.earliest)} and ${formatDate(a.latest)} (at least a week from now, so that the maintainers have time to answer, at most a year), not ${formatDate(a.expiry)}: pick a day in that range`,
  TokenNotAllowed: (a) =>
    `${tokenWord(a.token)} is not on the escrow's list of allowed tokens (only the protocol's owner adds one): use ETH or an allowed token. A request asked in a token removed from the list since can no longer be accepted: decline it, and its backers take their whole pledges back`,
  EmptySpecURI: () => "give the spec URL: the issue or the document that says what the work is",
  EmptyReasonURI: () => "give a reason: a link to a comment, or a short text that says why the request is declined, so that its backers know",
  RequestTermsMismatch: (a) =>
    `these terms name another project, token or spec than request #${a.requestId}, whose were fixed when it was asked: reload the request's page and accept it from its form`,
  NotProjectOwner: (a) =>
    `${shortAddress(a.caller)} is not the owner of project ${a.projectId}: only its owner changes its payout address, its metadata and its dependency list, and nominates its campaigns' builders; connect the owner's account`,
  NotProjectMaintainer: (a) =>
    `${shortAddress(a.caller)} is not a maintainer of project ${a.projectId}: connect one of its maintainers' accounts, or ask the project's owner to add this one`,
  NoBuilderShare: (a) =>
    `campaign ${a.campaignId} has no builder share, so it has no builder to nominate: a builder share is set when a campaign opens; open a new campaign with one on the project's page`,
  NotBuilder: (a) =>
    `${shortAddress(a.caller)} is not the builder of campaign ${a.campaignId}: once a builder has accepted, only they can hand the role on; connect the builder's account`,
  NotNominee: (a) =>
    `${shortAddress(a.caller)} is not nominated as the builder of campaign ${a.campaignId}: the project's owner (or the builder, handing the role on) nominates an address on the campaign's page first; then connect that account to accept`,
  NoWaitingBuilderShare: (a) => `no builder share waits in campaign ${a.campaignId} any more: nothing to release; reload the page to see where it went`,
  BuilderShareStillWaiting: (a) =>
    `the builder share of campaign ${a.campaignId} waits for a builder until ${formatDate(a.releasableAt)}: the project's owner can nominate one meanwhile; come back after that date to release it to the project`,
  NothingToWithdraw: (a) => `nothing is owed in ${tokenWord(a.token)} here any more (it was withdrawn already): reload "Owed to you" to see what is left`,
};

/** The app's words for a contract's refusal, when it has its own; undefined otherwise (the client's words apply). */
export function appRefusal(error: unknown, amount?: (value: bigint) => string): string | undefined {
  const decoded = error instanceof OpenPledgeError ? error : toOpenPledgeError(error);
  if (!(decoded instanceof OpenPledgeError)) return undefined;
  const words = APP_WORDS[decoded.errorName] as ((args: unknown, amount: ((value: bigint) => string) | undefined) => string) | undefined;
  return words?.(decoded.args, amount);
}
