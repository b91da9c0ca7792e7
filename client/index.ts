/**
 * OpenPledge's typed client, browser-safe: `import { OpenPledgeClient } from "openpledge/client"`. Nothing reachable
 * from here imports a `node:` module (a test walks the import graph); reading Ignition's deployment files is in the
 * `node` entry point (`client/node.ts`). Code outside `client/` imports only these two files.
 */
export {
  ERROR_ABIS,
  ESCROW_ABI,
  REGISTRY_ABI,
  STANDARD_ERRORS_ABI,
  type ContractErrorArgs,
  type ContractErrorName,
  type EscrowEventName,
  type EscrowFunctionName,
} from "./abi.js";
export { defaultDeploymentId, MissingDeploymentError, rememberDeployment, type OpenPledgeAddresses } from "./addresses.js";
export {
  decodeRepositoryClaim,
  easAddressesOf,
  easContract,
  encodeRepositoryClaim,
  attestedUidsOf,
  findRepositoryAttestations,
  isAttestationLive,
  KNOWN_EAS,
  NoEasError,
  readRepositoryAttestation,
  REPOSITORY_SCHEMA,
  REPOSITORY_SCHEMA_RESOLVER,
  REPOSITORY_SCHEMA_REVOCABLE,
  REPOSITORY_SCHEMA_UID,
  repositoryAttestationRequest,
  schemaRegistryContract,
  type AttestationQuery,
  type RepositoryAttestationRequest,
  type EasAddresses,
  type RepositoryAttestation,
  type RepositoryClaim,
} from "./attestations.js";
export {
  DEFAULT_ATTESTERS,
  defaultAttesters,
  parseTrustedAttesters,
  shortAddress,
  TrustedAttesterError,
  type TrustedAttester,
} from "./attesters.js";
export {
  attestedRepository,
  checkRepositoryPath,
  Verification,
  verificationOf,
  type PathCheck,
  type PathCheckOptions,
  type ProjectVerification,
  type VerificationInput,
  type VerificationOptions,
  type VerificationState,
} from "./verification.js";
export { EAS_ABI, SCHEMA_REGISTRY_ABI } from "./eas-abi.js";
export {
  DEFAULT_FORGE_TIMEOUT_MS,
  DEFAULT_FORGES,
  fetchProofFile,
  ForgeError,
  forgeFor,
  ForgeListError,
  forgesWith,
  formatForgeList,
  lookupRepository,
  lookupRepositoryById,
  MAX_PROOF_BYTES,
  MAX_REDIRECTS,
  MAX_RESPONSE_BYTES,
  parseForgeList,
  parseProof,
  parseRepositoryUrl,
  PROOF_FILE_PATH,
  ProofError,
  proofFileText,
  proofNames,
  RepositoryUrlError,
  retryAtOf,
  type ForgeEndpoint,
  type ForgeErrorReason,
  type ForgeKind,
  type ForgeRepository,
  type ForgeRequestOptions,
  type ProofEntry,
  type ProofErrorReason,
  type ProofFile,
  type RepositoryRef,
} from "./forge/index.js";
export { AmountError, formatAmount, formatAmountAbout, parseAmount } from "./amounts.js";
export {
  BONUS_OUTCOMES,
  bonusOf,
  Bonuses,
  type BonusDepositResult,
  type BonusOutcome,
  type BonusQuery,
  type BonusReclaimResult,
  type CampaignBonus,
} from "./bonus.js";
export {
  CampaignActions,
  type AllowanceMode,
  type ClaimResult,
  type DeadlineMove,
  type MilestonePlanInput,
  type OpenCampaignInput,
  type OpenedCampaign,
  type PledgeResult,
  type RefundResult,
  type WithdrawalResult,
} from "./campaign-actions.js";
export { Campaigns, type CampaignDetails, type CampaignListing, type CampaignFromRequest } from "./campaigns.js";
export { OpenPledgeClient } from "./client.js";
export { mapLimited } from "./concurrency.js";
export {
  accumulateSupport,
  creditAfterPledge,
  creditAfterWithdrawal,
  formatSupport,
  SECONDS_PER_DAY,
  supportAt,
  type BackerCredit,
  type Credit,
  type PledgeMove,
  type SupportAccumulator,
} from "./credit.js";
export { Connection, type ClientOptions } from "./connection.js";
export { ERROR_MESSAGES, type ErrorMessage, type ErrorMessages, type Words } from "./error-messages.js";
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
export { CAMPAIGN_EVENTS, type CampaignEvent, type PledgeTotals } from "./events.js";
export { DurationError, formatBps, formatDate, formatDateOf, formatDay, formatDuration, parseDuration, percentToBps } from "./format.js";
export { History, IncompleteHistoryError, type BackerStanding } from "./history.js";
export type * from "./indexer-api.js";
export { LIST_SORTS } from "./indexer-api.js";
export {
  DEFAULT_INDEXER_TIMEOUT_MS,
  DEFAULT_INDEXER_URL,
  INDEXER_PAGE_LIMIT,
  indexerBaseUrl,
  IndexerReader,
  IndexerRequestError,
  IndexerUnavailableError,
  type CampaignQuery,
  type IndexerReaderOptions,
  type IndexerUnavailableKind,
  type MaintainerPage,
  type PageQuery,
  type PageReader,
  type ProjectQuery,
} from "./indexer.js";
export {
  backerStandingOf,
  campaignBonusOf,
  campaignEventOf,
  campaignListingOf,
  campaignSplitOf,
  dependencyListOf,
  inFirstPledgeOrder,
  owedOf,
  projectListingOf,
} from "./indexer-convert.js";
export { SchemaError } from "./indexer-schema.js";
export { IndexerSource, NotIndexedError, type FallbackListener, type IndexerFallback } from "./indexer-source.js";
export { readLimits, type ProtocolLimits } from "./limits.js";
export { DEFAULT_PAGE_SIZE, getLogsPaged, type LogRange } from "./logs.js";
export { Milestones, type MilestoneProgress, type SubmittedMilestone } from "./milestones.js";
export { signPermit, type PermitToken, type SignedPermit } from "./permit.js";
export { Projects, type ProjectDetails, type ProjectListing } from "./projects.js";
export {
  campaignOfRequest,
  compareRequests,
  NotARequestError,
  Requests,
  type FullRequestDetails,
  type RequestDuplicate,
  type RequestStanding,
  type AcceptedRequest,
  type AcceptRequestInput,
  type OpenedRequest,
  type OpenRequestInput,
  type RequestAcceptance,
  type RequestDecline,
  type RequestDetails,
  type RequestLimits,
} from "./requests.js";
export { Protocol, type PendingFee, type ProtocolStatus, type ScheduledFee } from "./protocol.js";
export {
  claimSharesIn,
  Shares,
  splitAmount,
  splitBasis,
  splitCreditsIn,
  type SplitCredits,
  type SplitBasis,
  type SplitBasisKind,
  type BuilderAcceptedResult,
  type BuilderNomination,
  type BuilderSharesWithdrawal,
  type CampaignSplit,
  type ClaimShares,
  type DependenciesSetResult,
  type DependencyList,
  type DependencyShare,
  type Owed,
  type OwedShare,
  type ProjectSharesWithdrawal,
  type SplitBreakdown,
  type WaitingReleasedResult,
} from "./shares.js";
export { checkSolvency, owedBy, type CampaignLedger, type OwedBreakdown, type SolvencyReport, type TokenSolvency } from "./solvency.js";
export { checkSpecDocument, describeSpec, specCommitmentOf, specHashOf, Specs, type SpecCheck, type SpecDocumentCheck } from "./spec.js";
export { CAMPAIGN_STATES, LOCAL_CHAIN_IDS, stateName, statesIn, type CampaignState } from "./states.js";
export { campaignTimeline, isLatePledge, weightCutoff, type CampaignTimeline, type CampaignTimes } from "./timeline.js";
export { amountWriter, normalizeToken, Tokens, type Amount, type TokenInfo } from "./tokens.js";
export { Transactions, type CallSubject, type Mined, type TxResult } from "./transactions.js";
export {
  CAMPAIGN_SPEC_FIELDS,
  DEFAULT_IPFS_GATEWAY,
  documentUrl,
  fetchDocument,
  ipfsCidOf,
  PROJECT_METADATA_FIELDS,
  readCampaignSpec,
  readProjectMetadata,
  validateCampaignSpec,
  validateProjectMetadata,
  type CampaignSpecDocument,
  type DocumentFetchOptions,
  type FetchedDocument,
  type MetadataLink,
  type MetadataResult,
  type ProjectMetadata,
  type Validation,
} from "./metadata.js";
