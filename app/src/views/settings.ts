/**
 * Settings (`#/settings`): the attesters this browser trusts on the selected chain to have checked that a project
 * controls its repository. Add one (address and a name), remove one, or go back to the default list; kept in this
 * browser (localStorage), never sent anywhere.
 */
import type { TrustedAttester } from "../../../client/index.js";
import type { Page } from "../context.js";
import { addTrustedAttester, defaultTrust, isCustomTrust, removeTrustedAttester, resetTrustedAttesters, trustedAttesters, TrustListError, type TrustStorage } from "../trust.js";
import { chainName, esc, short } from "../ui.js";

function row(attester: TrustedAttester, index: number): string {
  return `<li class="card" data-testid="attester-${index}" data-address="${esc(attester.address)}">
      <strong data-testid="attester-name-${index}">${esc(attester.name)}</strong>
      <span class="break" data-testid="attester-address-${index}" title="${esc(attester.address)}">${esc(attester.address)}</span>
      <button class="secondary" data-testid="remove-attester-${index}" data-remove="${esc(attester.address)}">Remove</button>
    </li>`;
}

/**
 * The settings page for `chainId`, reading and writing `storage`; `changed` runs after each change (the page
 * renders again and says what changed), `refused` before a refusal is shown under the form (an older message goes).
 */
export function settingsPage(chainId: number, storage: TrustStorage, changed: (message: string) => void, refused: () => void): Page {
  const list = trustedAttesters(storage, chainId);
  const defaults = defaultTrust(chainId);
  const custom = isCustomTrust(storage, chainId);
  const defaultWords =
    defaults.length === 0
      ? `On ${esc(chainName(chainId))} there is no default attester yet: add one whose operator you know.`
      : `The default on ${esc(chainName(chainId))}: ${defaults.map((item) => `${esc(item.name)} (${esc(short(item.address))})`).join(", ")}.`;
  const html = `<h1>Settings</h1>
    <section data-testid="trust-settings"><h2>Attesters you trust</h2>
      <p>Anyone can register a project with any repository URL. An <strong>attester</strong> checks that the project controls the repository (its maintainers commit a proof file, <code>.well-known/openpledge.json</code>, naming the project) and says so on chain, on the Ethereum Attestation Service. Anyone can run an attester, so a project's page shows it as verified only when an attester in this list checked it. The list is kept in this browser only.</p>
      <p class="muted" data-testid="trust-default">${defaultWords} ${custom ? "You changed the list: <strong>Reset to default</strong> brings it back." : "Your list is the default."}</p>
      ${
        list.length === 0
          ? `<p class="warning" data-testid="trust-empty">You trust no attester on ${esc(chainName(chainId))}: no project shows as verified. Add one below, or reset to the default.</p>`
          : `<ul class="list" data-testid="trust-list">${list.map(row).join("")}</ul>`
      }
      <form data-testid="add-attester-form" class="stack">
        <h3>Add an attester</h3>
        <label>Address <input data-testid="attester-address" placeholder="0x…" autocomplete="off" spellcheck="false"></label>
        <label>Name <input data-testid="attester-name" placeholder="Alice's attester" autocomplete="off"></label>
        <button type="submit" data-testid="add-attester">Add</button>
        <p class="warning" data-testid="trust-error" role="alert" hidden></p>
      </form>
      <p><button class="secondary" data-testid="reset-attesters"${custom ? "" : " disabled"}>Reset to default</button></p>
    </section>`;
  return {
    html,
    bind(root) {
      const error = root.querySelector<HTMLElement>('[data-testid="trust-error"]');
      const refuse = (caught: unknown) => {
        refused();
        if (error === null) return;
        error.hidden = false;
        error.textContent = caught instanceof TrustListError || caught instanceof Error ? caught.message : String(caught);
      };
      const field = (id: string) => root.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)?.value ?? "";
      root.querySelector('[data-testid="add-attester-form"]')?.addEventListener("submit", (event) => {
        event.preventDefault();
        try {
          const name = field("attester-name").trim();
          const added = addTrustedAttester(storage, chainId, field("attester-address"), name);
          const address = added[added.length - 1]?.address ?? "";
          changed(`You now trust ${name} (${short(address)}) on ${chainName(chainId)}.`);
        } catch (caught) {
          refuse(caught);
        }
      });
      for (const button of root.querySelectorAll<HTMLButtonElement>("[data-remove]")) {
        button.addEventListener("click", () => {
          const address = button.dataset.remove ?? "";
          const name = list.find((item) => item.address === address)?.name ?? short(address);
          try {
            const left = removeTrustedAttester(storage, chainId, address);
            changed(
              `You no longer trust ${name} (${short(address)}).${left.length === 0 ? " You trust no attester now: no project shows as verified until you add one or reset to the default." : ""}`,
            );
          } catch (caught) {
            refuse(caught);
          }
        });
      }
      root.querySelector('[data-testid="reset-attesters"]')?.addEventListener("click", () => {
        resetTrustedAttesters(storage, chainId);
        changed(`Your list of trusted attesters on ${chainName(chainId)} is the default again.`);
      });
    },
  };
}
