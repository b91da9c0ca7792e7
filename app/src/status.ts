import { esc } from "./ui.js";

/**
 * Where a message also shows next to the control that caused it: the button clicked inside an element marked
 * `data-inline-status` (a form far down a page), remembered by its test id so that it is found again after the page
 * re-renders for a confirmed action.
 */
interface Anchor {
  button: HTMLElement;
  testid: string | undefined;
}

/**
 * The banner that shows an action as pending, confirmed or failed. For buttons inside a `data-inline-status` element
 * the same message also shows next to the form (role="alert" when it is a refusal), since the banner at the top of the
 * page is out of sight there; when the form is gone after the page re-rendered, the banner is scrolled into view.
 */
export class StatusBanner {
  private anchor: Anchor | undefined;

  constructor(
    private readonly element: HTMLElement,
    private readonly content: HTMLElement,
  ) {
    // Capture: the anchor is known before the button's own handler shows its first message.
    content.addEventListener(
      "click",
      (event) => {
        const button = event.target instanceof Element ? event.target.closest("button") : null;
        if (button === null) return;
        this.anchor = button.closest("[data-inline-status]") === null ? undefined : { button, testid: button.dataset.testid };
      },
      true,
    );
  }

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
    this.anchor = undefined;
    this.removeInline();
  }

  private show(state: string, text: string): void {
    this.element.hidden = false;
    this.element.dataset.state = state;
    this.element.innerHTML = esc(text);
    this.showInline(state, text);
    // A pending action keeps its anchor for its outcome; any other message is the last one about that click.
    if (state !== "pending") this.anchor = undefined;
  }

  private removeInline(): void {
    for (const old of this.content.querySelectorAll(".inline-status")) old.remove();
  }

  /** The message next to the form its button belongs to; the banner scrolled into view when that form is gone. */
  private showInline(state: string, text: string): void {
    this.removeInline();
    const anchor = this.anchor;
    if (anchor === undefined) return;
    const button = anchor.button.isConnected
      ? anchor.button
      : anchor.testid === undefined
        ? null
        : this.content.querySelector<HTMLElement>(`[data-inline-status] [data-testid="${CSS.escape(anchor.testid)}"]`);
    if (button === null) {
      this.element.scrollIntoView({ block: "nearest" });
      return;
    }
    const message = document.createElement("p");
    message.className = "inline-status";
    message.dataset.state = state;
    message.setAttribute("role", state === "failed" ? "alert" : "status");
    message.setAttribute("aria-live", state === "failed" ? "assertive" : "polite");
    message.textContent = text;
    const closed = button.closest("details:not([open])");
    if (closed !== null) closed.after(message);
    else (button.closest("form, .action, li") ?? button.parentElement ?? this.content).append(message);
    message.scrollIntoView({ block: "nearest" });
  }
}
