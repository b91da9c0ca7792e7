import { esc } from "./ui.js";

/** The banner that shows an action as pending, confirmed or failed. */
export class StatusBanner {
  constructor(private readonly element: HTMLElement) {}

  pending(label: string): void {
    this.show("pending", `${label}: waiting for your wallet and the chain…`);
  }

  /** "Refund: confirmed (transaction 0x12ab…). You got 1 ETH back." */
  confirmed(label: string, hash: string, outcome?: string): void {
    this.show("confirmed", `${label}: confirmed (transaction ${hash.slice(0, 10)}…).${outcome === undefined || outcome === "" ? "" : ` ${outcome}`}`);
  }

  failed(kind: "info" | "error", text: string): void {
    this.show(kind === "info" ? "info" : "failed", text);
  }

  clear(): void {
    this.element.hidden = true;
  }

  private show(state: string, text: string): void {
    this.element.hidden = false;
    this.element.dataset.state = state;
    this.element.innerHTML = esc(text);
  }
}
