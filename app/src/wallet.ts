import { BrowserProvider, type Eip1193Provider, type JsonRpcSigner } from "ethers";

/**
 * No request cache: ethers otherwise answers a repeated request (the block number) from the last 250 ms, and a page
 * rendered right after a confirmed transaction would read its logs up to a block before it.
 */
const FRESH = { cacheTimeout: -1 };

/** What an EIP-6963 wallet announces about itself. */
export interface WalletInfo {
  uuid: string;
  name: string;
  icon: string;
  rdns: string;
}

/** A wallet the page found: announced by EIP-6963, or the legacy `window.ethereum`. */
export interface DiscoveredWallet {
  info: WalletInfo;
  provider: Eip1193Provider & EventSource;
}

interface EventSource {
  on?(event: string, listener: (...args: unknown[]) => void): void;
  removeListener?(event: string, listener: (...args: unknown[]) => void): void;
}

interface AnnounceEvent extends Event {
  detail: { info: WalletInfo; provider: Eip1193Provider & EventSource };
}

declare global {
  interface Window {
    ethereum?: Eip1193Provider & EventSource;
  }
}

/** The connected wallet: its provider, account and chain. */
export interface Connection {
  wallet: DiscoveredWallet;
  provider: BrowserProvider;
  account: string;
  chainId: number;
}

/**
 * Finds wallets (EIP-6963 announcements, then `window.ethereum` as a fallback), connects one, follows its account and
 * chain changes, and asks it to switch chains.
 */
export class WalletManager {
  private readonly wallets = new Map<string, DiscoveredWallet>();
  private current: Connection | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly onAccounts = (...args: unknown[]) => void this.accountsChanged(args[0]);
  private readonly onChain = (...args: unknown[]) => void this.chainChanged(args[0]);

  constructor() {
    window.addEventListener("eip6963:announceProvider", (event) => {
      const { info, provider } = (event as AnnounceEvent).detail;
      this.wallets.set(info.uuid, { info, provider });
      this.notify();
    });
    window.dispatchEvent(new Event("eip6963:requestProvider"));
  }

  /** Every wallet found so far; `window.ethereum` only when no wallet announced itself. */
  discovered(): DiscoveredWallet[] {
    const announced = [...this.wallets.values()];
    if (announced.length > 0 || window.ethereum === undefined) return announced;
    return [{ info: { uuid: "window.ethereum", name: "Browser wallet", icon: "", rdns: "" }, provider: window.ethereum }];
  }

  get connection(): Connection | undefined {
    return this.current;
  }

  /** Calls `listener` whenever wallets, the account or the chain change. */
  subscribe(listener: () => void): void {
    this.listeners.add(listener);
  }

  /** Asks the wallet for an account and follows it from then on. */
  async connect(uuid: string): Promise<Connection> {
    const wallet = this.discovered().find((candidate) => candidate.info.uuid === uuid);
    if (wallet === undefined) throw new Error("That wallet is no longer available.");
    const accounts = (await wallet.provider.request({ method: "eth_requestAccounts" })) as string[];
    const chainId = Number(await wallet.provider.request({ method: "eth_chainId" }));
    const account = accounts[0];
    if (account === undefined) throw new Error("The wallet shared no account.");
    this.detach();
    wallet.provider.on?.("accountsChanged", this.onAccounts);
    wallet.provider.on?.("chainChanged", this.onChain);
    this.current = { wallet, provider: new BrowserProvider(wallet.provider, undefined, FRESH), account, chainId };
    this.notify();
    return this.current;
  }

  disconnect(): void {
    this.detach();
    this.current = undefined;
    this.notify();
  }

  /**
   * Asks the wallet to move to `chainId`; a wallet that does not know the chain (EIP-1193 code 4902) is asked to add it
   * when `rpcUrl` is known (local chains).
   */
  async switchChain(chainId: number, rpcUrl?: string): Promise<void> {
    const current = this.current;
    if (current === undefined) throw new Error("Connect a wallet first.");
    const hexId = `0x${chainId.toString(16)}`;
    try {
      await current.wallet.provider.request({ method: "wallet_switchEthereumChain", params: [{ chainId: hexId }] });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 4902 || rpcUrl === undefined) throw error;
      await current.wallet.provider.request({
        method: "wallet_addEthereumChain",
        params: [{ chainId: hexId, chainName: `Local chain ${chainId}`, rpcUrls: [rpcUrl], nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 } }],
      });
    }
    await this.chainChanged(await current.wallet.provider.request({ method: "eth_chainId" }));
  }

  /** A signer for the connected account. */
  async signer(): Promise<JsonRpcSigner> {
    const current = this.current;
    if (current === undefined) throw new Error("Connect a wallet first.");
    return current.provider.getSigner(current.account);
  }

  private async accountsChanged(value: unknown): Promise<void> {
    const accounts = Array.isArray(value) ? (value as string[]) : [];
    if (this.current === undefined) return;
    const account = accounts[0];
    if (account === undefined) {
      this.disconnect();
      return;
    }
    this.current = { ...this.current, account };
    this.notify();
  }

  private async chainChanged(value: unknown): Promise<void> {
    if (this.current === undefined) return;
    const chainId = Number(value);
    // A new BrowserProvider: ethers' provider is bound to the network it first saw.
    this.current = { ...this.current, chainId, provider: new BrowserProvider(this.current.wallet.provider, undefined, FRESH) };
    this.notify();
  }

  private detach(): void {
    this.current?.wallet.provider.removeListener?.("accountsChanged", this.onAccounts);
    this.current?.wallet.provider.removeListener?.("chainChanged", this.onChain);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
