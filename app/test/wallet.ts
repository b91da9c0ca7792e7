import type { JsonRpcProvider } from "ethers";
import type { Page } from "playwright-core";

/** What the injected wallet does next: which account it shares, and whether it refuses the next signature. */
export interface WalletControl {
  account: string;
  rejectNext: boolean;
}

/**
 * A browser-side EIP-1193 wallet that announces itself by EIP-6963 (or only as `window.ethereum`) and forwards every
 * request to the node through the `__walletRpc` binding. Plain JavaScript, so that it runs in the page as written.
 */
const WALLET_SCRIPT = `(options) => {
  const listeners = {};
  let chainId = options.chainId;
  const emit = (event, arg) => (listeners[event] || []).forEach((listener) => listener(arg));
  const provider = {
    async request({ method, params }) {
      if (method === "eth_chainId") return chainId;
      if (method === "wallet_switchEthereumChain") {
        chainId = params[0].chainId;
        emit("chainChanged", chainId);
        return null;
      }
      const result = await window.__walletRpc(method, params || []);
      if (result !== null && typeof result === "object" && result.__error !== undefined) {
        const error = new Error(result.__error.message);
        error.code = result.__error.code;
        if (result.__error.data !== undefined && result.__error.data !== null) error.data = result.__error.data;
        throw error;
      }
      return result;
    },
    on(event, listener) {
      (listeners[event] = listeners[event] || []).push(listener);
    },
    removeListener(event, listener) {
      listeners[event] = (listeners[event] || []).filter((item) => item !== listener);
    },
  };
  window.__emitWallet = emit;
  if (options.legacyOnly) {
    window.ethereum = provider;
    return;
  }
  const icon = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'%3E%3Ccircle cx='5' cy='5' r='5' fill='%231a56db'/%3E%3C/svg%3E";
  const announce = () => {
    options.wallets.forEach((wallet, i) => {
      const info = { uuid: "00000000-0000-4000-8000-00000000000" + i, name: wallet.name, icon, rdns: wallet.rdns };
      window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
    });
  };
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
}`;

/**
 * Installs the test wallet in `page`: requests go through a Playwright binding to the node (whose accounts are
 * unlocked), as the account `control.account`; `control.rejectNext` makes the next transaction or signature fail with
 * EIP-1193's 4001 "User rejected the request", as a person pressing Reject would.
 */
export async function installWallet(
  page: Page,
  provider: JsonRpcProvider,
  control: WalletControl,
  options: { wallets?: Array<{ name: string; rdns: string }>; legacyOnly?: boolean; chainId?: string } = {},
): Promise<void> {
  await page.exposeFunction("__walletRpc", async (method: string, params: unknown[]) => {
    if (method === "eth_requestAccounts" || method === "eth_accounts") return [control.account];
    const signs = method === "eth_sendTransaction" || method.startsWith("eth_signTypedData") || method === "personal_sign";
    if (signs && control.rejectNext) {
      control.rejectNext = false;
      return { __error: { code: 4001, message: "User rejected the request." } };
    }
    try {
      return (await provider.send(method, params)) as unknown;
    } catch (error) {
      const failure = error as { error?: { code?: number; message?: string; data?: string }; info?: { error?: { code?: number; message?: string; data?: string } } };
      const rpc = failure.error ?? failure.info?.error;
      return { __error: { code: rpc?.code ?? -32603, message: rpc?.message ?? String(error), data: rpc?.data } };
    }
  });
  const settings = {
    wallets: options.wallets ?? [{ name: "Test Wallet", rdns: "org.openpledge.testwallet" }],
    legacyOnly: options.legacyOnly ?? false,
    chainId: options.chainId ?? "0x7a69",
  };
  await page.addInitScript({ content: `(${WALLET_SCRIPT})(${JSON.stringify(settings)});` });
}
