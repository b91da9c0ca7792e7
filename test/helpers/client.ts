import { expect } from "chai";

import { OpenPledgeClient, OpenPledgeError } from "../../client/node.js";
import { ethers, type World } from "./fixture.js";

/** A client of the world's deployment that signs as `signer`. */
export function clientFor(world: World, signer: World["alice"]): OpenPledgeClient {
  return new OpenPledgeClient({ registry: world.registry.target as string, escrow: world.escrowAddress }, signer);
}

/** A read-only client of the world's deployment (`pageSize`: blocks per log query). */
export function readerFor(world: World, pageSize?: number): OpenPledgeClient {
  return new OpenPledgeClient({ registry: world.registry.target as string, escrow: world.escrowAddress }, ethers.provider, { pageSize });
}

/** The error a call fails with, which must be an `OpenPledgeError` named `name`. */
export async function failureOf(call: Promise<unknown>, name: string): Promise<OpenPledgeError> {
  try {
    await call;
  } catch (error) {
    expect(error).to.be.instanceOf(OpenPledgeError);
    const decoded = error as OpenPledgeError;
    expect(decoded.errorName).to.equal(name);
    return decoded;
  }
  throw new Error(`expected ${name}, but the call succeeded`);
}
