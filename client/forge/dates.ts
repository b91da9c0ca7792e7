/** "2026-11-27 16:05 UTC": how a forge's retry time is shown to a user. */
export function utcMinute(date: Date): string {
  if (Number.isNaN(date.getTime())) return "an unknown time";
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
