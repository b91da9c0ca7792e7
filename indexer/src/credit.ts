/**
 * The refund bonus's time credit as the escrow keeps it (`contracts/libraries/RefundBonus.sol`, `addPledge` and
 * `onWithdraw`), replayed from `Pledged` and `PledgeWithdrawn` with their blocks' times: each backer's `creditSince`
 * and the campaign's `creditDelay`, to the same second and the same rounding. The same pure functions serve the
 * client (a feature request's support, read from the logs) and the indexer (the bonus and the support it stores), so
 * they are written once, in the client.
 */
export { creditAfterPledge, creditAfterWithdrawal, type Credit } from "../../client/credit.ts";
