/**
 * The pledge and withdrawal controls a campaign page and a request page share: the same fields and buttons (and test
 * ids), so that a backer pledges to a request exactly as to a campaign.
 */
import { esc } from "../ui.js";

/** "Amount (ETH) [0.5] Pledge", then `after` (a quote line, a note). */
export function pledgeForm(symbol: string, after = ""): string {
  return `<label>Amount (${esc(symbol)}) <input data-testid="pledge-amount" inputmode="decimal" placeholder="0.5"></label>
      <button data-testid="pledge-button">Pledge</button>${after}`;
}

/** "Take back [ ] Withdraw", then `after` (a limit, a note). */
export function withdrawForm(after = ""): string {
  return `<label>Take back <input data-testid="withdraw-amount" inputmode="decimal"></label><button data-testid="withdraw-button">Withdraw</button>${after}`;
}
