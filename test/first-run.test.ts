import { readFile } from "node:fs/promises";

import { expect } from "chai";

/**
 * The first run on a machine whose Node is too old must stop at `npm ci`, before anything is installed, and the
 * README must say what to run instead. (npm checks `engines` against the running Node only with `engine-strict`;
 * without it an install under Node 20 "succeeds" and leaves Hardhat without its EDR binding.)
 */
describe("first run", () => {
  it("makes npm refuse an install under a Node older than package.json's engines (engine-strict in .npmrc)", async () => {
    const npmrc = await readFile(".npmrc", "utf8");
    const settings = npmrc.split("\n").filter((line) => !line.trim().startsWith("#")).map((line) => line.replace(/\s/g, ""));
    expect(settings).to.include("engine-strict=true");
  });

  it("asks for the Node that .nvmrc names and Hardhat 3 needs (>= 22.13)", async () => {
    const manifest = JSON.parse(await readFile("package.json", "utf8")) as { engines?: { node?: string } };
    const nvmrc = (await readFile(".nvmrc", "utf8")).trim();
    expect(manifest.engines?.node).to.equal(">=22.13.0");
    expect(nvmrc.startsWith("22")).to.equal(true);
  });

  it("tells a user on an older Node the exact command that works, and how to recover without deleting the lock", async () => {
    const readme = await readFile("README.md", "utf8");
    expect(readme).to.contain('npx -y -p node@22 -c "npm ci && npm ci --prefix indexer && npm run demo"');
    expect(readme).to.contain("rm -rf node_modules");
    expect(readme).to.contain("Never delete `package-lock.json`");
  });
});
