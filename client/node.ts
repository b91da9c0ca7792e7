/**
 * OpenPledge's typed client for Node.js (like viem's `viem/node`): everything the browser-safe entry point has, and
 * what needs `node:fs`: reading the deployments Ignition wrote to disk.
 */
export * from "./index.js";
export { readDeployment, resolveDeployment } from "./deployment.js";
