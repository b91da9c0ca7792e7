import { Signature, type Signer, type TypedDataDomain } from "ethers";

/** The parts of an EIP-2612 token that a permit signature needs. */
export interface PermitToken {
  getAddress(): Promise<string>;
  nonces(owner: string): Promise<bigint>;
  eip712Domain(): Promise<[string, string, string, bigint, string, string, bigint[]] & {
    name: string;
    version: string;
    chainId: bigint;
    verifyingContract: string;
  }>;
}

/** A permit's signature and deadline, ready for `pledgeWithPermit`. */
export interface SignedPermit {
  deadline: bigint;
  v: number;
  r: string;
  s: string;
}

const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** Signs an EIP-2612 permit letting `spender` take `value` of `token` from `owner` until `deadline`. */
export async function signPermit(
  token: PermitToken,
  owner: Signer,
  spender: string,
  value: bigint,
  deadline: bigint,
): Promise<SignedPermit> {
  const ownerAddress = await owner.getAddress();
  const [eip712, nonce] = await Promise.all([token.eip712Domain(), token.nonces(ownerAddress)]);
  const domain: TypedDataDomain = {
    name: eip712.name,
    version: eip712.version,
    chainId: eip712.chainId,
    verifyingContract: eip712.verifyingContract,
  };
  const signature = Signature.from(
    await owner.signTypedData(domain, PERMIT_TYPES, { owner: ownerAddress, spender, value, nonce, deadline }),
  );
  return { deadline, v: signature.v, r: signature.r, s: signature.s };
}
