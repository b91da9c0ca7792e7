/**
 * OpenPledge's typed client: `import { OpenPledgeClient } from "openpledge/client"`.
 */
export { AmountError, formatAmount, parseAmount } from "./amounts.js";
export { mapLimited } from "./concurrency.js";
export {
  CAMPAIGN_STATES,
  normalizeToken,
  OpenPledgeClient,
  type AllowanceMode,
  type Amount,
  type BackerStanding,
  type CampaignDetails,
  type CampaignEvent,
  type CampaignListing,
  type CampaignRules,
  type CampaignState,
  type EscrowEventName,
  type MilestonePlanInput,
  type MilestoneProgress,
  type OpenCampaignInput,
  type OpenedCampaign,
  type PendingFee,
  type PledgeResult,
  type ProjectDetails,
  type ProjectListing,
  type ProtocolStatus,
  type ScheduledFee,
  type TokenInfo,
  type TxResult,
} from "./client.js";
export {
  defaultDeploymentId,
  MissingDeploymentError,
  readDeployment,
  rememberDeployment,
  resolveDeployment,
  type OpenPledgeAddresses,
} from "./deployment.js";
export {
  decodeRevertData,
  describeError,
  isUserRejection,
  OpenPledgeError,
  toOpenPledgeError,
  withDecodedErrors,
  type ErrorContext,
  type ErrorReport,
} from "./errors.js";
export { DurationError, formatBps, formatDate, formatDuration, parseDuration, percentToBps } from "./format.js";
export { campaignTimeline, isLatePledge, type CampaignTimeline, type CampaignTimes } from "./timeline.js";
export { LOCAL_CHAIN_IDS } from "./states.js";
export { checkSolvency, owedBy, type CampaignLedger, type OwedBreakdown, type SolvencyReport, type TokenSolvency } from "./solvency.js";
export { DEFAULT_PAGE_SIZE, getLogsPaged, type LogRange } from "./logs.js";
export { signPermit, type PermitToken, type SignedPermit } from "./permit.js";
