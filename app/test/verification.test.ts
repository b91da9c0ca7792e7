/**
 * The app's verified repositories without a browser: the trusted attester list kept in (a stand-in for) localStorage,
 * and the words of each verification state and path check (`app/src/trust.ts`, `app/src/verification.ts`).
 */
import { expect } from "chai";
import { ZeroHash } from "ethers";

import { formatDate, verificationOf, type RepositoryAttestation, type TrustedAttester } from "../../client/index.js";
import {
  addTrustedAttester,
  attesterAddress,
  isCustomTrust,
  removeTrustedAttester,
  resetTrustedAttesters,
  trustedAttesters,
  TrustListError,
  type TrustStorage,
} from "../src/trust.js";
import { repositoryKey, twinsCardHtml, verifiedTwinHtml } from "../src/twins.js";
import { plainFetchError } from "../src/ui.js";
import { forgesOf, movedRepositoryLine, pathCheckHtml, verificationHtml } from "../src/verification.js";

const LOCAL = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const OTHER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const DAY = 86_400n;
const T = 1_800_000_000n;
const day = (seconds: bigint) => formatDate(seconds).split(",")[0];

class MemoryStorage implements TrustStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

function attestation(fields: Partial<RepositoryAttestation> = {}): RepositoryAttestation {
  return {
    registry: REGISTRY,
    chainId: 31337n,
    projectId: 1n,
    forgeHost: "github.com",
    repositoryId: 123456n,
    repositoryPath: "foo/bar",
    repository: "https://github.com/foo/bar",
    proofCommit: "9fceb02d0ae598e95dc970b74767f19372d61af8",
    uid: `0x${"11".repeat(32)}`,
    attester: LOCAL,
    recipient: REGISTRY,
    time: T,
    expirationTime: T + 90n * DAY,
    revocationTime: 0n,
    refUID: ZeroHash,
    ...fields,
  };
}

const TRUSTED: TrustedAttester[] = [{ address: LOCAL, name: "OpenPledge local attester" }];
/** The section's text as a reader sees it: tags dropped, white space collapsed. */
const words = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#39;/g, "'").replace(/&#34;/g, '"').replace(/[\s\u00a0]+/g, " ").trim();

describe("app: trusted attesters (Settings) and verification words", () => {
  it("the list is the chain's default until changed; add, remove (to empty), reset; one list per chain", () => {
    const storage = new MemoryStorage();
    expect(trustedAttesters(storage, 31337)).to.deep.equal(TRUSTED);
    expect(isCustomTrust(storage, 31337)).to.equal(false);
    expect(trustedAttesters(storage, 11155111)).to.deep.equal([]);
    expect(removeTrustedAttester(storage, 31337, LOCAL.toLowerCase())).to.deep.equal([]);
    expect(isCustomTrust(storage, 31337)).to.equal(true);
    expect(trustedAttesters(storage, 31337)).to.deep.equal([]);
    expect(addTrustedAttester(storage, 31337, ` ${OTHER.toLowerCase()} `, " Alice's attester ")).to.deep.equal([{ address: OTHER, name: "Alice's attester" }]);
    expect(addTrustedAttester(storage, 11155111, LOCAL, "Mine")).to.deep.equal([{ address: LOCAL, name: "Mine" }]);
    expect(trustedAttesters(storage, 31337)).to.deep.equal([{ address: OTHER, name: "Alice's attester" }]);
    expect(resetTrustedAttesters(storage, 31337)).to.deep.equal(TRUSTED);
    expect(trustedAttesters(storage, 31337)).to.deep.equal(TRUSTED);
    expect(trustedAttesters(storage, 11155111)).to.deep.equal([{ address: LOCAL, name: "Mine" }]);
    // A list edited by hand into something else reads as the default.
    storage.setItem("openpledge.trusted-attesters.31337", '[{"address":"nope"}]');
    expect(trustedAttesters(storage, 31337)).to.deep.equal(TRUSTED);
  });

  it("refuses in words what it cannot keep: no address, a malformed one, a bad checksum, no name, a duplicate, removing a stranger", () => {
    const storage = new MemoryStorage();
    const refusal = (action: () => unknown) => {
      try {
        action();
      } catch (error) {
        expect(error).to.be.instanceOf(TrustListError);
        return (error as Error).message;
      }
      throw new Error("not refused");
    };
    expect(refusal(() => attesterAddress(""))).to.equal("Paste the attester's address (0x followed by 40 hexadecimal characters).");
    expect(refusal(() => attesterAddress("alice.eth"))).to.equal('"alice.eth" is not an address: paste the attester\'s address, 0x followed by 40 hexadecimal characters.');
    expect(refusal(() => attesterAddress("0xF39Fd6e51aad88F6F4ce6aB8827279cffFb92266".replace("F39", "f39").replace("aad", "AAd")))).to.match(
      /^The mixed case of 0x.* does not match an address's checksum: copy it again in full, or write it all in lower case\.$/,
    );
    expect(refusal(() => addTrustedAttester(storage, 31337, OTHER, "  "))).to.equal("Give the attester a name you will recognise, e.g. \"Alice's attester\".");
    expect(refusal(() => addTrustedAttester(storage, 31337, LOCAL.toLowerCase(), "Again"))).to.equal(
      `${LOCAL} is in your list already, as "OpenPledge local attester": remove it first to give it another name.`,
    );
    expect(refusal(() => removeTrustedAttester(storage, 31337, OTHER))).to.equal(`${OTHER} is not in your list: nothing to remove.`);
    expect(storage.items.size).to.equal(0);
  });

  it("each state in words, with dates and what to do; attesters not trusted are named apart", () => {
    const verify = (attestations: RepositoryAttestation[], repository = "https://github.com/foo/bar", trusted = TRUSTED, now = T + DAY) =>
      verificationOf({ projectId: 1n, registry: REGISTRY, chainId: 31337n, repository, attestations, trusted, now });
    const verified = words(verificationHtml(verify([attestation()]), "https://github.com/foo/bar", "project"));
    expect(verified).to.equal(
      `Repository verification ✓ Verified by OpenPledge local attester on ${day(T)} , until ${day(T + 90n * DAY)} This project controls github.com/foo/bar (repository #123456): OpenPledge local attester read its proof file at commit 9fceb02. You choose whom you trust in Settings . Verified means an attester you trust checked that this project's maintainers control this repository; it does not vouch for the campaign, the payout address or delivery. Asking github.com whether repository #123456 is still at foo/bar…`,
    );
    const unverified = words(verificationHtml(verify([]), "https://github.com/foo/bar", "pledge"));
    expect(unverified).to.equal(
      "Repository Not verified. Anyone can register any repository URL: nobody you trust has checked that this project controls https://github.com/foo/bar . Check on the repository itself that its .well-known/openpledge.json names project 1 before you pledge. Ask the maintainers to have it verified (they commit .well-known/openpledge.json to the repository and ask an attester to check it), or, if someone you trust has verified it, add them in Settings .",
    );
    expect(words(verificationHtml(verify([]), "https://github.com/foo/bar", "project", { chainId: 31337n }))).to.contain(
      "Check on the repository itself that its .well-known/openpledge.json names project 1 on chain 31337. Ask the maintainers",
    );
    expect(words(verificationHtml(verify([]), "", "project"))).to.equal("Repository verification This project names no repository: nothing says which code it is. Its maintainers can set one and have it verified.");
    const revoked = words(verificationHtml(verify([attestation({ revocationTime: T + 2n * DAY })], undefined, undefined, T + 3n * DAY), "https://github.com/foo/bar", "project"));
    expect(revoked).to.contain(`Verification revoked. OpenPledge local attester verified github.com/foo/bar (repository #123456) on ${day(T)} and revoked it on ${day(T + 2n * DAY)}`);
    const expired = words(verificationHtml(verify([attestation()], undefined, undefined, T + 91n * DAY), "https://github.com/foo/bar", "project"));
    expect(expired).to.contain(`Verification expired. OpenPledge local attester verified github.com/foo/bar (repository #123456) on ${day(T)}; that ended on ${day(T + 90n * DAY)}`);
    const changed = words(verificationHtml(verify([attestation()], "https://github.com/foo/other"), "https://github.com/foo/other", "project"));
    expect(changed).to.contain("Repository changed since it was verified. OpenPledge local attester verified https://github.com/foo/bar on");
    expect(changed).to.contain("the project changed its repository after the attestation");
    // A sock puppet's live attestation is no verification; the reader is told it exists and whose it is.
    const puppet = words(verificationHtml(verify([attestation({ attester: OTHER })]), "https://github.com/foo/bar", "project"));
    expect(puppet).to.match(/^Repository verification Not verified\. Anyone can register any repository URL/);
    expect(puppet).to.contain(`Also attested by ${OTHER} , whom you do not trust: if you know who runs it and trust it, add it in Settings .`);
    // The app's own default, removed by the reader, is named as such (its full address, to copy).
    const removed = words(verificationHtml(verify([attestation()], undefined, []), "https://github.com/foo/bar", "project", { defaults: TRUSTED }));
    expect(removed).to.contain(`Also attested by ${LOCAL} (the app's default “OpenPledge local attester”, which you removed), whom you do not trust: if you know who runs it and trust it, add it in Settings .`);
    // Verified by one trusted attester while another trusted one revoked its own later check: both are said.
    const both = [...TRUSTED, { address: OTHER, name: "Alice's attester" }];
    const disputed = verify([attestation(), attestation({ attester: OTHER, time: T + 10n, uid: `0x${"22".repeat(32)}`, revocationTime: T + 20n })], undefined, both);
    expect(disputed.state).to.equal("verified");
    const disputedWords = words(verificationHtml(disputed, "https://github.com/foo/bar", "project"));
    expect(disputedWords).to.contain("✓ Verified by OpenPledge local attester on");
    expect(disputedWords).to.match(/Alice's attester revoked its own verification of github\.com\/foo\/bar \(repository #123456\) on .+: its latest check failed\. Ask the maintainers why before you rely on the badge\.$/);
    expect(verified).not.to.contain("rely on the badge");
    // No unix seconds anywhere.
    for (const text of [verified, unverified, revoked, expired, changed, puppet]) expect(text).not.to.match(/\b1[6-9]\d{8}\b/);
    // Markup from the chain is text, never HTML.
    const hostile = verificationHtml(verify([attestation({ repository: '<img src=x onerror="alert(1)">' })], '<img src=x onerror="alert(1)">'), '<img src=x onerror="alert(1)">', "project");
    expect(hostile).not.to.contain("<img");
  });

  it("the path check: same, moved and gone (warnings that say what to do), unknown (the verification stands); the build's forge list", () => {
    const attested = attestation();
    expect(pathCheckHtml({ state: "same" }, attested)).to.deep.equal({ warning: false, html: "github.com confirms that repository #123456 is still at foo/bar." });
    const moved = pathCheckHtml({ state: "moved", currentPath: "foo/baz", message: "github.com repository #123456 is now at foo/baz, not foo/bar: the old path may now belong to someone else" }, attested);
    expect(moved.warning).to.equal(true);
    expect(words(moved.html)).to.equal(
      "Repository moved. github.com repository #123456 is now at foo/baz, not foo/bar: the old path may now belong to someone else. Pledge only once the maintainers set the project's repository to the new address and have it verified again.",
    );
    expect(pathCheckHtml({ state: "gone", message: "github.com has no repository #123456 any more" }, attested).warning).to.equal(true);
    const unknown = pathCheckHtml({ state: "unknown", message: "github.com did not answer" }, attested);
    expect(unknown.warning).to.equal(false);
    expect(unknown.html).to.equal("github.com could not be asked just now whether the repository is still at foo/bar; the verification above stands as the attester checked it, and you can reload the page later to check again.");
    // Once moved, the repository line speaks of the past: nothing on the page says it controls it now.
    const verified = verificationOf({ projectId: 1n, registry: REGISTRY, chainId: 31337n, repository: "https://github.com/foo/bar", attestations: [attested], trusted: TRUSTED, now: T + DAY });
    expect(words(movedRepositoryLine(verified))).to.equal(
      "When it was verified, this project controlled github.com/foo/bar (repository #123456): OpenPledge local attester read its proof file at commit 9fceb02. You choose whom you trust in Settings .",
    );
    expect(forgesOf(null).map((forge) => forge.host)).to.deep.equal(["github.com", "gitlab.com", "codeberg.org"]);
    const local = forgesOf("github.com=github:http://127.0.0.1:9/github");
    expect(local.find((forge) => forge.host === "github.com")?.apiBase).to.equal("http://127.0.0.1:9/github");
    expect(local.find((forge) => forge.host === "gitlab.com")?.apiBase).to.equal("https://gitlab.com/api/v4");
  });

  it("an impostor: another project verified for the same repository is named with a link; list cards name the projects sharing a repository", () => {
    expect(repositoryKey("https://github.com/OpenPledge/openpledge.git/")).to.equal("github.com/openpledge/openpledge");
    expect(repositoryKey("https://github.com/openpledge/openpledge")).to.equal(repositoryKey("https://GitHub.com/openpledge/OpenPledge"));
    expect(repositoryKey("https://example.org/some/thing/")).to.equal("example.org/some/thing");
    const unverified = verificationOf({ projectId: 4n, registry: REGISTRY, chainId: 31337n, repository: "https://github.com/foo/bar", attestations: [], trusted: TRUSTED, now: T + DAY });
    const impostor = verificationHtml(unverified, "https://github.com/foo/bar", "project", { twins: [1n] });
    expect(words(impostor)).to.match(/^Repository verification Project #1 is verified for this repository; this one is not\. Make sure you are funding the project you mean\. Not verified\./);
    expect(impostor).to.contain('<a href="#/project/1" data-testid="verification-twin-link-1">#1</a>');
    expect(words(verifiedTwinHtml([1n, 3n, 7n]))).to.equal("Projects #1 , #3 and #7 are verified for this repository; this one is not. Make sure you are funding the project you mean.");
    expect(verifiedTwinHtml([])).to.equal("");
    // A verified project is never told it is an impostor, whatever is passed.
    const verified = verificationOf({ projectId: 1n, registry: REGISTRY, chainId: 31337n, repository: "https://github.com/foo/bar", attestations: [attestation()], trusted: TRUSTED, now: T + DAY });
    expect(verificationHtml(verified, "https://github.com/foo/bar", "project", { twins: [4n] })).not.to.contain("verification-twin");
    expect(words(twinsCardHtml("4", [1n]))).to.equal("Project #1 names the same repository: check which one you mean.");
    expect(words(twinsCardHtml(1n, [4n, 5n]))).to.equal("Projects #4 and #5 name the same repository: check which one you mean.");
    expect(twinsCardHtml("2", [])).to.equal("");
  });

  it("a browser's fetch failure reads in plain words", () => {
    expect(plainFetchError("it could not be fetched (Failed to fetch)")).to.equal("it could not be fetched (no answer)");
    expect(plainFetchError("The indexer at http://127.0.0.1:9 could not be reached (TypeError: Failed to fetch)")).to.equal("The indexer at http://127.0.0.1:9 could not be reached (no answer)");
    expect(plainFetchError("no answer within 8 s")).to.equal("no answer within 8 s");
  });
});
