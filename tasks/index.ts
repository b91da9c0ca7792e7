/**
 * OpenPledge's command line: Hardhat tasks for every user action and view, the protocol's fee and the escrow's
 * solvency. Each task takes
 * `--from <account index | address>` (default 0), `--json` and `--deployment-id <Ignition deployment>`.
 */
import { emptyTask, task } from "hardhat/config";
import type { NewTaskDefinitionBuilder, TaskArguments, TaskDefinition } from "hardhat/types/tasks";

import { negativeArgumentHint, UNSET, UNSET_KEEP } from "./argv.js";

// Hardhat would refuse `campaign pledge 2 -1` as an unknown option "-1" before any task runs; the config loads first,
// so a negative number in a task's positional arguments is told in words here (see negativeArgumentHint).
const negative = negativeArgumentHint(process.argv.slice(2));
if (negative !== undefined) {
  console.error(`Error: ${negative}`);
  process.exit(1);
}

/** Adds `--from`, `--deployment-id` and `--json`, keeping the builder's argument types for the action. */
function common<A extends TaskArguments>(builder: NewTaskDefinitionBuilder<A>) {
  return builder
    .addOption({ name: "from", description: "Account to act as: an index of the network's accounts or an address", defaultValue: "0" })
    .addOption({ name: "deploymentId", description: "Ignition deployment to use", defaultValue: UNSET.deployment })
    .addFlag({ name: "json", description: "Print the result as JSON" });
}

/** Adds `--page-size`, keeping the builder's argument types. */
function paged<A extends TaskArguments>(builder: NewTaskDefinitionBuilder<A>) {
  return builder.addOption({ name: "pageSize", description: "Blocks per eth_getLogs request", defaultValue: "5000" });
}

/** Adds `--indexer`, keeping the builder's argument types. */
function indexed<A extends TaskArguments>(builder: NewTaskDefinitionBuilder<A>) {
  return builder.addOption({
    name: "indexer",
    description: "URL of the OpenPledge indexer to read from (npm run indexer serves http://127.0.0.1:42069), or none",
    defaultValue: UNSET.indexer,
  });
}

/** Adds `--forge`, keeping the builder's argument types. */
function forged<A extends TaskArguments>(builder: NewTaskDefinitionBuilder<A>) {
  return builder.addOption({
    name: "forge",
    description: 'Forges to read, e.g. "git.example.org=forgejo:https://git.example.org/api/v1" (else $OPENPLEDGE_FORGES; github.com, gitlab.com and codeberg.org always)',
    defaultValue: "",
  });
}

/** Adds `--daily-gas-budget` (the attester's gas limit per 24 hours), keeping the builder's argument types. */
function budgeted<A extends TaskArguments>(builder: NewTaskDefinitionBuilder<A>) {
  return builder.addOption({
    name: "dailyGasBudget",
    description: "At most this much gas on attestations per 24 hours, e.g. 10000000 (revocations are never refused; counted in this process; default: no limit)",
    defaultValue: "",
  });
}

const projects = () => import("./projects.js");
const campaigns = () => import("./campaigns.js");
const bonus = () => import("./bonus.js");
const milestones = () => import("./milestones.js");
const protocol = () => import("./protocol.js");
const escrow = () => import("./escrow.js");
const accounts = () => import("./accounts.js");
const shares = () => import("./shares.js");
const requests = () => import("./requests.js");
const attester = () => import("./attester.js");

export const openPledgeTasks: TaskDefinition[] = [
  emptyTask("project", "Register, show and manage OpenPledge projects").build(),
  forged(common(task(["project", "register"], "Register a project owned by --from")))
    .addOption({ name: "metadata", description: "Metadata URI (ipfs:// or https://)", defaultValue: "" })
    .addOption({ name: "repository", description: "Repository URL, e.g. https://github.com/owner/name (warns when an attester could not verify it)", defaultValue: "" })
    .addOption({ name: "payout", description: "Payout address or account index", defaultValue: UNSET.payout })
    .setInlineAction(async (args, hre) => (await projects()).register(args, hre))
    .build(),
  forged(common(task(["project", "show"], "Show a project, and whether an attester you trust verified its repository (and, by asking its forge, whether it is still at that path)")))
    .addPositionalArgument({ name: "id", description: "Project id" })
    .addFlag({ name: "skipPathCheck", description: "Do not ask the forge whether a verified repository is still at its attested path" })
    .addOption({
      name: "attesters",
      description: 'Attesters you trust: "default,0xabc…=Name,0xdef…" or "none" (else $OPENPLEDGE_TRUSTED_ATTESTERS, else the chain\'s defaults)',
      defaultValue: "",
    })
    .setInlineAction(async (args, hre) => (await projects()).show(args, hre))
    .build(),
  forged(common(task(["project", "set-metadata"], "Change a project's metadata URI and/or repository URL (owner only); what is not given stays as it is")))
    .addPositionalArgument({ name: "id", description: "Project id" })
    .addOption({ name: "metadata", description: "New metadata URI (ipfs:// or https://)", defaultValue: UNSET_KEEP })
    .addOption({ name: "repository", description: 'New repository URL, e.g. https://github.com/owner/name ("" clears it; after an attester refused a path another repository now answers, clearing it and setting it back confirms it)', defaultValue: UNSET_KEEP })
    .setInlineAction(async (args, hre) => (await projects()).setMetadata(args, hre))
    .build(),
  common(task(["project", "proof"], "Print the proof file a project's maintainers commit to its repository so that an attester can verify it"))
    .addPositionalArgument({ name: "id", description: "Project id" })
    .setInlineAction(async (args, hre) => (await attester()).proof(args, hre))
    .build(),
  forged(common(task(["project", "verify"], "Have the project's repository verified: ask an attester service (--attester-url), or check and attest here as the attester")))
    .addPositionalArgument({ name: "id", description: "Project id" })
    .addOption({ name: "attesterUrl", description: "URL of an attester service (npx hardhat attester serve); else $OPENPLEDGE_ATTESTER_URL, else check here, signing with ATTESTER_PRIVATE_KEY (local chains: --from)", defaultValue: "" })
    .setInlineAction(async (args, hre) => (await attester()).verify(args, hre))
    .build(),
  indexed(paged(common(task(["project", "list"], "List every project, from the indexer or the events"))))
    .setInlineAction(async (args, hre) => (await projects()).list(args, hre))
    .build(),
  common(task(["project", "add-maintainer"], "Add a maintainer (owner only)"))
    .addPositionalArgument({ name: "id", description: "Project id" })
    .addPositionalArgument({ name: "account", description: "Address or account index" })
    .setInlineAction(async (args, hre) => (await projects()).addMaintainer(args, hre))
    .build(),
  common(task(["project", "remove-maintainer"], "Remove a maintainer (owner only)"))
    .addPositionalArgument({ name: "id", description: "Project id" })
    .addPositionalArgument({ name: "account", description: "Address or account index" })
    .setInlineAction(async (args, hre) => (await projects()).removeMaintainer(args, hre))
    .build(),
  common(task(["project", "set-payout"], "Set the payout address (owner only)"))
    .addPositionalArgument({ name: "id", description: "Project id" })
    .addPositionalArgument({ name: "payout", description: "Address or account index" })
    .setInlineAction(async (args, hre) => (await projects()).setPayout(args, hre))
    .build(),
  common(task(["project", "set-dependencies"], "Declare a new version of the project's dependency list (owner only): each gets its percent of every claim of campaigns opened from now on; none clears it"))
    .addPositionalArgument({ name: "id", description: "Project id" })
    .addVariadicArgument({ name: "dependencies", description: "Dependencies as <project id>:<percent>, e.g. 12:2.5% 7:1% (at most 16, 50% in all), or none alone to clear the list", defaultValue: [] })
    .setInlineAction(async (args, hre) => (await shares()).setDependencies(args, hre))
    .build(),
  common(task(["project", "dependencies"], "Show a project's dependency list in percent: the current version, or --list-version N"))
    .addPositionalArgument({ name: "id", description: "Project id" })
    .addOption({ name: "listVersion", description: "Version of the list to show (1 is the first); Hardhat keeps --version for its own", defaultValue: UNSET.current })
    .setInlineAction(async (args, hre) => (await shares()).dependencies(args, hre))
    .build(),

  emptyTask("campaign", "Open, list, show, pledge to, claim and refund campaigns, and their refund bonus").build(),
  common(task(["campaign", "open"], "Open a campaign (maintainer)"))
    .addOption({ name: "project", description: "Project id", defaultValue: "" })
    .addOption({ name: "spec", description: "URI of the issue or specification funded", defaultValue: "" })
    .addOption({ name: "token", description: "ETH or an allowlisted ERC-20 address", defaultValue: "ETH" })
    .addOption({ name: "goal", description: "Goal in the token's units, e.g. 1.5", defaultValue: "" })
    .addOption({ name: "days", description: "Funding period in days (at least two last calls)", defaultValue: "30" })
    .addOption({ name: "deadline", description: "Deadline as a local date, e.g. 2026-12-31 (its last second) or 2026-12-31T18:00, instead of --days", defaultValue: "" })
    .addOption({ name: "specFile", description: "A local copy of the spec document at --spec: its hash is pinned, so backers can tell if the document is rewritten", defaultValue: "" })
    .addOption({ name: "lastCall", description: "Last call, e.g. 2d or 36h, in whole hours within the escrow's bounds (protocol show lists them)", defaultValue: UNSET.escrow })
    .addOption({ name: "claimDays", description: "Days after the deadline to claim a campaign without milestones, within the escrow's bounds (protocol show lists them)", defaultValue: UNSET.escrow })
    .addOption({ name: "milestones", description: 'Milestones as "share%:days-after-deadline,...", e.g. "60:10,40:20" (the first after two last calls)', defaultValue: "" })
    .addOption({ name: "initialShare", description: "Percent released on success (with --milestones)", defaultValue: "0" })
    .addOption({ name: "reviewDays", description: "Review window in days (with --milestones)", defaultValue: "3" })
    .addOption({ name: "threshold", description: "Objections above this percent of the objection weight reject a milestone (protocol show lists the escrow's)", defaultValue: UNSET.escrow })
    .addOption({ name: "builderShare", description: "Percent of each claim for the builder the project's owner nominates and who accepts, e.g. 15%", defaultValue: UNSET.none })
    .setInlineAction(async (args, hre) => (await campaigns()).open(args, hre))
    .build(),
  indexed(paged(common(task(["campaign", "list"], "List campaigns, from the indexer or the events"))))
    .addOption({ name: "project", description: "Only this project's campaigns", defaultValue: "" })
    .setInlineAction(async (args, hre) => (await campaigns()).list(args, hre))
    .build(),
  common(task(["campaign", "show"], "Show a campaign, its milestones and your pledge"))
    .addPositionalArgument({ name: "id", description: "Campaign id" })
    .setInlineAction(async (args, hre) => (await campaigns()).show(args, hre))
    .build(),
  indexed(paged(common(task(["campaign", "backers"], "List a campaign's backers, from the indexer or the events"))))
    .addPositionalArgument({ name: "id", description: "Campaign id" })
    .setInlineAction(async (args, hre) => (await campaigns()).backers(args, hre))
    .build(),
  indexed(paged(common(task(["campaign", "history"], "A campaign's events, oldest first, from the indexer or the events"))))
    .addPositionalArgument({ name: "id", description: "Campaign id" })
    .setInlineAction(async (args, hre) => (await campaigns()).history(args, hre))
    .build(),
  common(task(["campaign", "pledge"], "Pledge to a campaign"))
    .addPositionalArgument({ name: "id", description: "Campaign id" })
    .addPositionalArgument({ name: "amount", description: "Amount in the token's units, e.g. 0.5" })
    .addOption({ name: "allowance", description: "ERC-20 allowance by auto, permit or approve", defaultValue: "auto" })
    .setInlineAction(async (args, hre) => (await campaigns()).pledge(args, hre))
    .build(),
  common(task(["campaign", "bonus"], "Deposit into a funding campaign's refund bonus (backers get a share of it if it fails); final until the campaign is decided"))
    .addPositionalArgument({ name: "id", description: "Campaign id" })
    .addPositionalArgument({ name: "amount", description: "Amount in the campaign token's units, e.g. 0.05" })
    .setInlineAction(async (args, hre) => (await bonus()).deposit(args, hre))
    .build(),
  common(task(["campaign", "reclaim-bonus"], "Take back your part of a decided campaign's refund bonus (depositors)"))
    .addPositionalArgument({ name: "id", description: "Campaign id" })
    .setInlineAction(async (args, hre) => (await bonus()).reclaim(args, hre))
    .build(),
  common(task(["campaign", "withdraw"], "Take back part of your pledge while funding"))
    .addPositionalArgument({ name: "id", description: "Campaign id" })
    .addPositionalArgument({ name: "amount", description: "Amount in the token's units" })
    .setInlineAction(async (args, hre) => (await campaigns()).withdraw(args, hre))
    .build(),
  common(task(["campaign", "cancel"], "Cancel a funding campaign (maintainer)"))
    .addPositionalArgument({ name: "id", description: "Campaign id" })
    .setInlineAction(async (args, hre) => (await campaigns()).cancel(args, hre))
    .build(),
  common(task(["campaign", "claim"], "Claim a succeeded campaign or released milestones (maintainer)"))
    .addPositionalArgument({ name: "id", description: "Campaign id" })
    .setInlineAction(async (args, hre) => (await campaigns()).claim(args, hre))
    .build(),
  common(task(["campaign", "refund"], "Refund your pledge of a failed, cancelled, lapsed or rejected campaign"))
    .addPositionalArgument({ name: "id", description: "Campaign id" })
    .setInlineAction(async (args, hre) => (await campaigns()).refund(args, hre))
    .build(),
  common(task(["campaign", "assign-builder"], "Nominate the builder of a campaign with a builder share (the project's owner; once one accepted, only the builder, to hand the role on)"))
    .addPositionalArgument({ name: "id", description: "Campaign id" })
    .addPositionalArgument({ name: "account", description: "The nominee's address or account index, or none to clear the nomination" })
    .setInlineAction(async (args, hre) => (await shares()).assignBuilder(args, hre))
    .build(),
  common(task(["campaign", "accept-builder"], "Accept the builder role you were nominated for: its share of each claim, and what waited, become yours"))
    .addPositionalArgument({ name: "id", description: "Campaign id" })
    .setInlineAction(async (args, hre) => (await shares()).acceptBuilder(args, hre))
    .build(),
  common(task(["campaign", "release-builder-share"], "Credit a builder share nobody accepted within its window (180 days after the last share that waited) to the campaign's project (anyone)"))
    .addPositionalArgument({ name: "id", description: "Campaign id" })
    .setInlineAction(async (args, hre) => (await shares()).releaseBuilderShare(args, hre))
    .build(),

  emptyTask("request", "Feature requests: open one for a project, pledge to it, and (maintainers) accept it as a campaign or decline it").build(),
  common(task(["request", "open"], "Open a feature request for a project (anyone): backers pledge to it until it expires; a maintainer accepts it as a campaign or declines it"))
    .addPositionalArgument({ name: "project", description: "Project id" })
    .addOption({ name: "spec", description: "URI of the issue or feature asked for", defaultValue: "" })
    .addOption({ name: "token", description: "ETH or an allowlisted ERC-20 address", defaultValue: "ETH" })
    .addOption({ name: "expires", description: "Until when it takes pledges: a duration from 7d to 365d (counted from when the transaction is mined) or a local date like 2026-12-31", defaultValue: "30d" })
    .setInlineAction(async (args, hre) => (await requests()).open(args, hre))
    .build(),
  paged(common(task(["request", "list"], "A project's open requests, ranked by support (money × time held), from the events")))
    .addPositionalArgument({ name: "project", description: "Project id" })
    .addFlag({ name: "all", description: "Also list the unfunded requests one by one, and the closed ones (accepted, declined, expired)" })
    .setInlineAction(async (args, hre) => (await requests()).list(args, hre))
    .build(),
  common(task(["request", "show"], "Show a request: its state, pledges, support, duplicates and your pledge"))
    .addPositionalArgument({ name: "id", description: "Request id" })
    .setInlineAction(async (args, hre) => (await requests()).show(args, hre))
    .build(),
  common(task(["request", "pledge"], "Pledge to an open request; take it back any time while it is open"))
    .addPositionalArgument({ name: "id", description: "Request id" })
    .addPositionalArgument({ name: "amount", description: "Amount in the token's units, e.g. 0.5" })
    .addOption({ name: "allowance", description: "ERC-20 allowance by auto, permit or approve", defaultValue: "auto" })
    .setInlineAction(async (args, hre) => (await requests()).pledge(args, hre))
    .build(),
  common(task(["request", "withdraw"], "Take back part or all of your pledge to an open request"))
    .addPositionalArgument({ name: "id", description: "Request id" })
    .addPositionalArgument({ name: "amount", description: "Amount in the token's units" })
    .setInlineAction(async (args, hre) => (await requests()).withdraw(args, hre))
    .build(),
  common(task(["request", "accept"], "Accept an open request as a campaign of your project (maintainer): give it a goal and a deadline; its pledges stay in"))
    .addPositionalArgument({ name: "id", description: "Request id" })
    .addOption({ name: "goal", description: "Goal in the request token's units, e.g. 1.5", defaultValue: "" })
    .addOption({ name: "deadline", description: "Deadline: a duration like 30d (counted from when the transaction is mined) or a local date like 2026-12-31; at least 7 days plus two last calls away, at most 365 days", defaultValue: "" })
    .addOption({ name: "lastCall", description: "Last call, e.g. 2d or 36h, in whole hours within the escrow's bounds (protocol show lists them)", defaultValue: UNSET.escrow })
    .addOption({ name: "claimDays", description: "Days after the deadline to claim a campaign without milestones, within the escrow's bounds", defaultValue: UNSET.escrow })
    .addOption({ name: "milestones", description: 'Milestones as "share%:days-after-deadline,...", e.g. "60:10,40:20" (the first after two last calls)', defaultValue: "" })
    .addOption({ name: "initialShare", description: "Percent released on success (with --milestones)", defaultValue: "0" })
    .addOption({ name: "reviewDays", description: "Review window in days (with --milestones)", defaultValue: "3" })
    .addOption({ name: "threshold", description: "Objections above this percent of the objection weight reject a milestone", defaultValue: UNSET.escrow })
    .addOption({ name: "builderShare", description: "Percent of each claim for the builder the project's owner nominates and who accepts, e.g. 15%", defaultValue: UNSET.none })
    .setInlineAction(async (args, hre) => (await requests()).accept(args, hre))
    .build(),
  common(task(["request", "decline"], "Decline an open request (maintainer): every backer takes their whole pledge back"))
    .addPositionalArgument({ name: "id", description: "Request id" })
    .addOption({ name: "reason", description: "Why, for the backers: a link to a comment (e.g. on the issue) or a short reason", defaultValue: "" })
    .setInlineAction(async (args, hre) => (await requests()).decline(args, hre))
    .build(),
  common(task(["request", "refund"], "Take your whole pledge back from a declined or expired request"))
    .addPositionalArgument({ name: "id", description: "Request id" })
    .setInlineAction(async (args, hre) => (await requests()).refund(args, hre))
    .build(),

  emptyTask("funds", "Builder and dependency shares owed to an account, and their withdrawal").build(),
  indexed(common(task(["funds", "show"], "What is owed to an account as a builder and to the projects it maintains, and the builder roles offered to it, from the indexer or the chain")))
    .addOption({ name: "account", description: "Address or account index", defaultValue: UNSET.account })
    .setInlineAction(async (args, hre) => (await shares()).fundsShow(args, hre))
    .build(),
  common(task(["funds", "withdraw"], "Withdraw your builder shares (to --to), or with --project a project's credits to its payout address (a maintainer)"))
    .addOption({ name: "token", description: "ETH or a token address; every token owed when left out", defaultValue: UNSET.every })
    .addOption({ name: "to", description: "Where builder shares go: an address or account index", defaultValue: UNSET.account })
    .addOption({ name: "project", description: "Withdraw this project's credits instead of your builder shares", defaultValue: "" })
    .setInlineAction(async (args, hre) => (await shares()).fundsWithdraw(args, hre))
    .build(),

  emptyTask("milestone", "Submit, object to and settle milestones").build(),
  common(task(["milestone", "submit"], "Submit the current milestone's delivery (maintainer)"))
    .addPositionalArgument({ name: "id", description: "Campaign id" })
    .addPositionalArgument({ name: "uri", description: "Release, pull request or report URI" })
    .setInlineAction(async (args, hre) => (await milestones()).submit(args, hre))
    .build(),
  common(task(["milestone", "object"], "Object to the milestone in review"))
    .addPositionalArgument({ name: "id", description: "Campaign id" })
    .setInlineAction(async (args, hre) => (await milestones()).object(args, hre))
    .build(),
  common(task(["milestone", "withdraw-objection"], "Withdraw your objection"))
    .addPositionalArgument({ name: "id", description: "Campaign id" })
    .setInlineAction(async (args, hre) => (await milestones()).withdrawObjection(args, hre))
    .build(),
  common(task(["milestone", "settle"], "Record a closed review window or a missed due date"))
    .addPositionalArgument({ name: "id", description: "Campaign id" })
    .setInlineAction(async (args, hre) => (await milestones()).settle(args, hre))
    .build(),

  emptyTask("account", "What waits for an account, from the indexer").build(),
  indexed(common(task(["account", "pledges"], "An account's pledges: what it can take back or refund now, what it can object to (needs the indexer)")))
    .addOption({ name: "account", description: "Address or account index", defaultValue: UNSET.account })
    .setInlineAction(async (args, hre) => (await accounts()).pledges(args, hre))
    .build(),
  indexed(common(task(["account", "maintainer"], "What waits for a maintainer: claims, milestones due, reviews to settle, ownership offers (needs the indexer)")))
    .addOption({ name: "account", description: "Address or account index", defaultValue: UNSET.account })
    .setInlineAction(async (args, hre) => (await accounts()).maintainer(args, hre))
    .build(),

  emptyTask("protocol", "The protocol's roles and fee").build(),
  common(task(["protocol", "show"], "Show the protocol's roles, its fee, any announced fee change and the escrow's limits"))
    .setInlineAction(async (args, hre) => (await protocol()).show(args, hre))
    .build(),
  common(task(["protocol", "allow-token"], "Allow an ERC-20 for new campaigns, or disallow it with --remove (owner only)"))
    .addPositionalArgument({ name: "token", description: "The ERC-20's address" })
    .addFlag({ name: "remove", description: "Take the token off the allowlist (campaigns already open keep it)" })
    .setInlineAction(async (args, hre) => (await protocol()).allowToken(args, hre))
    .build(),
  common(task(["protocol", "set-fee"], "Announce a new protocol fee (owner only); campaigns opened after the escrow's fee delay record it"))
    .addPositionalArgument({ name: "percent", description: "The fee in percent, e.g. 2.5 (at most the escrow's cap; protocol show lists it)" })
    .setInlineAction(async (args, hre) => (await protocol()).setFee(args, hre))
    .build(),

  emptyTask("escrow", "Checks of the escrow as a whole").build(),
  paged(common(task(["escrow", "solvency"], "Check per token that the escrow holds what it owes (exit code 1 when short)")))
    .setInlineAction(async (args, hre) => (await escrow()).solvency(args, hre))
    .build(),

  emptyTask("attester", "Verify projects' repositories on EAS as an attester (key: ATTESTER_PRIVATE_KEY; local chains: --from)").build(),
  budgeted(forged(common(task(["attester", "serve"], "Serve the attester over HTTP: POST /projects/<id>/verify checks a project; every project it attested is rechecked periodically"))))
    .addOption({ name: "host", description: "Address to listen on", defaultValue: "127.0.0.1" })
    .addOption({ name: "port", description: "Port to listen on (0: any free port)", defaultValue: "8547" })
    .addOption({ name: "recheckHours", description: "Hours between rechecks of every project this attester attested, at most 576 (0: never)", defaultValue: "24" })
    .setInlineAction(async (args, hre) => (await attester()).serve(args, hre))
    .build(),
  budgeted(forged(common(task(["attester", "recheck"], "Check once every project this attester holds a live attestation of: renew, keep or revoke each"))))
    .setInlineAction(async (args, hre) => (await attester()).recheck(args, hre))
    .build(),

  emptyTask("chain", "Local chain helpers").build(),
  task(["chain", "advance"], "Move a local chain's clock forward (hardhat node or in-process only)")
    .addOption({ name: "days", description: "Days to move", defaultValue: "" })
    .addOption({ name: "seconds", description: "Seconds to move", defaultValue: "" })
    .addOption({ name: "deploymentId", description: "Ignored: the chain's clock is the same for every deployment (accepted so that commands can share it)", defaultValue: UNSET.deployment })
    .addFlag({ name: "json", description: "Print the result as JSON" })
    .setInlineAction(async (args, hre) => (await import("./chain.js")).advance(args, hre))
    .build(),
];
