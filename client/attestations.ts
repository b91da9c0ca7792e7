/**
 * Verified repositories on the Ethereum Attestation Service (EAS): where EAS lives on each chain, OpenPledge's
 * repository schema, and attestations encoded and read back. Browser-safe. Who to trust, and what an attestation
 * means for a project today, is in `verification.ts`; how an attester checks a repository is in `attester/`.
 */
import { AbiCoder, Contract, getAddress, Interface, keccak256, solidityPacked, zeroPadValue, ZeroAddress, ZeroHash, type ContractRunner } from "ethers";

import type { OpenPledgeAddresses } from "./addresses.js";
import { mapLimited } from "./concurrency.js";
import type { Connection } from "./connection.js";
import type { LogRange } from "./logs.js";
import { EAS_ABI, SCHEMA_REGISTRY_ABI } from "./eas-abi.js";

/**
 * OpenPledge's attestation schema: one project of one registry on one chain is the repository with this numeric id on
 * this forge host. The numeric id survives renames (and self-hosted forges number repositories per host, hence the
 * host); the path is lower-cased (GitHub, GitLab and Forgejo look paths up case-insensitively); `repository` is the
 * registry's repository string when the attester checked it (an attestation is void once the project changes it);
 * `proofCommit` is the commit whose proof file the attester read.
 */
export const REPOSITORY_SCHEMA =
  "address registry,uint256 chainId,uint256 projectId,string forgeHost,uint256 repositoryId,string repositoryPath,string repository,string proofCommit";

/** Attestations of the schema can be revoked: an attester revokes when the proof file is gone or changed. */
export const REPOSITORY_SCHEMA_REVOCABLE = true;

/** No resolver: EAS keeps the attestations; who is trusted is the reader's choice (`verification.ts`). */
export const REPOSITORY_SCHEMA_RESOLVER = ZeroAddress;

/** The schema's id on every chain: `keccak256(abi.encodePacked(schema, resolver, revocable))`, as `SchemaRegistry` computes it. */
export const REPOSITORY_SCHEMA_UID = keccak256(
  solidityPacked(["string", "address", "bool"], [REPOSITORY_SCHEMA, REPOSITORY_SCHEMA_RESOLVER, REPOSITORY_SCHEMA_REVOCABLE]),
);

/** EAS's two contracts on one chain. */
export interface EasAddresses {
  eas: string;
  schemaRegistry: string;
}

/**
 * EAS's own deployments on the chains `hardhat.config.ts` configures, as the npm package 1.9.0 lists them
 * (`deployments/<network>/EAS.json`). Optimism and Base have EAS as a predeploy.
 */
export const KNOWN_EAS: Readonly<Record<string, EasAddresses>> = {
  "1": { eas: "0xA1207F3BBa224E2c9c3c6D5aF63D0eb1582Ce587", schemaRegistry: "0xA7b39296258348C78294F95B872b282326A97BDF" },
  "11155111": { eas: "0xC2679fBD37d54388Ce493F1DB75320D236e1815e", schemaRegistry: "0x0a7E2Ff54e76B8E6659aedc9103FB21c038050D0" },
  "10": { eas: "0x4200000000000000000000000000000000000021", schemaRegistry: "0x4200000000000000000000000000000000000020" },
  "8453": { eas: "0x4200000000000000000000000000000000000021", schemaRegistry: "0x4200000000000000000000000000000000000020" },
  "42161": { eas: "0xbD75f629A22Dc1ceD33dDA0b68c546A1c035c458", schemaRegistry: "0xA310da9c5B885E7fb3fbA9D66E9Ba6Df512b78eB" },
};

/** A chain without EAS, and no local deployment of it. */
export class NoEasError extends Error {
  constructor(chainId: bigint) {
    super(
      `chain ${chainId} has no Ethereum Attestation Service that OpenPledge knows of: on a local chain deploy it with ` +
        "npx hardhat ignition deploy deploy/modules/LocalEAS.ts (npm run deploy:local does), elsewhere add its addresses to client/attestations.ts",
    );
    this.name = "NoEasError";
  }
}

/** Where EAS is for a deployment: the one deployed beside it on a local chain, else EAS's own on a known chain. */
export function easAddressesOf(chainId: bigint, addresses: OpenPledgeAddresses): EasAddresses {
  if (addresses.eas !== undefined) return addresses.eas;
  const known = KNOWN_EAS[chainId.toString()];
  if (known === undefined) throw new NoEasError(chainId);
  return known;
}

/** What an attester states about one project: the repository it proved to control. */
export interface RepositoryClaim {
  registry: string;
  chainId: bigint;
  projectId: bigint;
  /** The forge's host name, lower case (`github.com`, `gitlab.com`, `codeberg.org`, or a self-hosted forge's). */
  forgeHost: string;
  /** The forge's numeric id of the repository: it stays when the repository is renamed or moved. */
  repositoryId: bigint;
  /** `owner/name` (GitLab: `group/subgroup/name`), lower case. */
  repositoryPath: string;
  /** The project's repository string in the registry when the attester checked it. */
  repository: string;
  /** The commit (hex) of the default branch whose proof file the attester read. */
  proofCommit: string;
}

/** An attestation of the repository schema, as EAS holds it. Times are unix seconds; 0 means never. */
export interface RepositoryAttestation extends RepositoryClaim {
  uid: string;
  attester: string;
  /** EAS's recipient: OpenPledge attesters name the registry, so one filter finds a registry's attestations. */
  recipient: string;
  time: bigint;
  expirationTime: bigint;
  revocationTime: bigint;
  /** The attestation this one renewed or replaced, if any (zero hash otherwise). */
  refUID: string;
}

const CLAIM_TYPES = ["address", "uint256", "uint256", "string", "uint256", "string", "string", "string"] as const;

/** The schema's data for a claim (what `attest` stores). */
export function encodeRepositoryClaim(claim: RepositoryClaim): string {
  return AbiCoder.defaultAbiCoder().encode(CLAIM_TYPES, [
    claim.registry,
    claim.chainId,
    claim.projectId,
    claim.forgeHost,
    claim.repositoryId,
    claim.repositoryPath,
    claim.repository,
    claim.proofCommit,
  ]);
}

/** A claim from the schema's data; throws on data of another shape. */
export function decodeRepositoryClaim(data: string): RepositoryClaim {
  const [registry, chainId, projectId, forgeHost, repositoryId, repositoryPath, repository, proofCommit] = AbiCoder.defaultAbiCoder().decode(
    CLAIM_TYPES,
    data,
  ) as unknown as [string, bigint, bigint, string, bigint, string, string, string];
  return { registry: getAddress(registry), chainId, projectId, forgeHost, repositoryId, repositoryPath, repository, proofCommit };
}

/** What EAS's `attest` takes for a claim: OpenPledge's schema, the registry as recipient, revocable, no value. */
export interface RepositoryAttestationRequest {
  schema: string;
  data: { recipient: string; expirationTime: bigint; revocable: boolean; refUID: string; data: string; value: bigint };
}

/**
 * The argument of `eas.attest(...)` for `claim`, valid until `expirationTime` (unix seconds), renewing or replacing
 * `refUID` (zero hash: none). Every OpenPledge attestation is built here, so each names the registry as recipient.
 */
export function repositoryAttestationRequest(claim: RepositoryClaim, options: { expirationTime: bigint; refUID?: string }): RepositoryAttestationRequest {
  return {
    schema: REPOSITORY_SCHEMA_UID,
    data: {
      recipient: claim.registry,
      expirationTime: options.expirationTime,
      revocable: REPOSITORY_SCHEMA_REVOCABLE,
      refUID: options.refUID ?? ZeroHash,
      data: encodeRepositoryClaim(claim),
      value: 0n,
    },
  };
}

/** The uids EAS's `Attested` events in a transaction's logs name, in log order. */
export function attestedUidsOf(logs: readonly { topics: readonly string[]; data: string }[]): string[] {
  return logs.flatMap((log) => {
    if (log.topics[0] !== ATTESTED_TOPIC) return [];
    const parsed = EAS_INTERFACE.parseLog({ topics: [...log.topics], data: log.data });
    return parsed === null ? [] : [parsed.args.getValue("uid") as string];
  });
}

/** EAS at `address`, for reading or (with a signer) attesting. */
export function easContract(address: string, runner: ContractRunner): Contract {
  return new Contract(address, EAS_ABI, runner);
}

/** EAS's schema registry at `address`. */
export function schemaRegistryContract(address: string, runner: ContractRunner): Contract {
  return new Contract(address, SCHEMA_REGISTRY_ABI, runner);
}

interface EasAttestationStruct {
  uid: string;
  schema: string;
  time: bigint;
  expirationTime: bigint;
  revocationTime: bigint;
  refUID: string;
  recipient: string;
  attester: string;
  revocable: boolean;
  data: string;
}

/**
 * The attestation `uid` if it is one of the repository schema with data of its shape; undefined for an unknown uid,
 * another schema, or data that does not decode (anyone can attest anything under any schema).
 */
export async function readRepositoryAttestation(eas: Contract, uid: string): Promise<RepositoryAttestation | undefined> {
  const found = (await eas.getFunction("getAttestation").staticCall(uid)) as EasAttestationStruct;
  if (found.uid === ZeroHash || found.schema !== REPOSITORY_SCHEMA_UID) return undefined;
  let claim: RepositoryClaim;
  try {
    claim = decodeRepositoryClaim(found.data);
  } catch {
    return undefined;
  }
  return {
    ...claim,
    uid: found.uid,
    attester: getAddress(found.attester),
    recipient: getAddress(found.recipient),
    time: found.time,
    expirationTime: found.expirationTime,
    revocationTime: found.revocationTime,
    refUID: found.refUID,
  };
}

/** Whether an attestation holds at `now` (unix seconds): not revoked, not expired. */
export function isAttestationLive(attestation: Pick<RepositoryAttestation, "revocationTime" | "expirationTime">, now: bigint): boolean {
  return attestation.revocationTime === 0n && (attestation.expirationTime === 0n || attestation.expirationTime > now);
}

/** What to look for among a deployment's repository attestations. */
export interface AttestationQuery {
  /** Only these attesters' (default: anyone's). */
  attesters?: readonly string[];
  /** Only those about this project (default: every project). */
  projectId?: bigint;
  /** Blocks to read `Attested` events over (default: from the deployment's block to the latest). */
  range?: LogRange;
}

const EAS_INTERFACE = new Interface(EAS_ABI);
const ATTESTED_TOPIC = EAS_INTERFACE.getEvent("Attested")!.topicHash;

/**
 * Every attestation of the repository schema about this deployment's registry and chain, oldest first, from EAS's
 * `Attested` events (recipient: the registry; attester and schema filtered by the node) and each attestation's
 * current record (so revocations are seen). Attestations naming another registry or chain in their data are left
 * out: anyone can attest anything, and only a claim about this very deployment counts.
 */
export async function findRepositoryAttestations(connection: Connection, query: AttestationQuery = {}): Promise<RepositoryAttestation[]> {
  const network = await connection.provider.getNetwork();
  const { eas: easAddress } = easAddressesOf(network.chainId, connection.addresses);
  const registry = getAddress(connection.addresses.registry);
  if (query.attesters !== undefined && query.attesters.length === 0) return [];
  const attesterTopics = query.attesters === undefined ? null : query.attesters.map((attester) => zeroPadValue(getAddress(attester), 32));
  const logs = await connection.logs(easAddress, [ATTESTED_TOPIC, zeroPadValue(registry, 32), attesterTopics, REPOSITORY_SCHEMA_UID], query.range ?? {});
  const eas = easContract(easAddress, connection.provider);
  const uids = logs.flatMap((log) => {
    const uid = EAS_INTERFACE.parseLog(log)?.args.getValue("uid") as string | undefined;
    return uid === undefined ? [] : [uid];
  });
  // The event carries only the uid: each record is one `getAttestation`, at most 8 in flight (public RPCs throttle
  // a burst), in log order.
  const read = await mapLimited(uids, 8, (uid) => readRepositoryAttestation(eas, uid));
  return read.filter(
    (attestation): attestation is RepositoryAttestation =>
      attestation !== undefined &&
      attestation.registry === registry &&
      attestation.chainId === network.chainId &&
      (query.projectId === undefined || attestation.projectId === query.projectId),
  );
}
