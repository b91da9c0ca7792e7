/** The app's feature request helpers (`app/src/requests.ts`): ranking and its split, the words, the dates of the forms. */
import { expect } from "chai";

import {
  backerWords,
  dayOf,
  days,
  duplicateWords,
  earliestAcceptanceDeadline,
  endOfDay,
  requestSections,
  unfundedSummary,
  type RankedRequestFields,
} from "../src/requests.js";

const DAY = 86_400n;
const NOW = 1_800_000_000n;

function request(requestId: bigint, pledged: bigint, support: bigint, state = "Requested", expiry = NOW + 30n * DAY): RankedRequestFields {
  return { requestId, pledged, support, state, expiry };
}

describe("app: feature requests in words and dates", () => {
  it("ranks open requests by support, then pledged, then the oldest; unfunded ones apart; closed ones left out", () => {
    const list = [
      request(1n, 5n, 100n),
      request(2n, 0n, 0n),
      request(3n, 9n, 300n), // most support
      request(4n, 7n, 100n), // same support as 1, more pledged
      request(5n, 5n, 100n), // ties 1 in everything: the older (1) first
      request(6n, 50n, 900n, "Declined"),
      request(7n, 50n, 900n, "Funding"),
      request(8n, 50n, 900n, "Requested", NOW - 1n), // past its expiry: expired by time
      request(9n, 0n, 0n),
      request(10n, 1_000n, 10n), // money alone does not rank it first
    ];
    const { ranked, unfunded } = requestSections(list, NOW);
    expect(ranked.map((item) => item.requestId)).to.deep.equal([3n, 4n, 1n, 5n, 10n]);
    expect(unfunded.map((item) => item.requestId)).to.deep.equal([2n, 9n]);
    // The input is not reordered.
    expect(list.map((item) => item.requestId)).to.deep.equal([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n]);
  });

  it("an open request is listed up to its expiry's last second", () => {
    expect(requestSections([request(1n, 1n, 1n, "Requested", NOW)], NOW).ranked).to.have.length(1);
    expect(requestSections([request(1n, 1n, 1n, "Requested", NOW)], NOW + 1n).ranked).to.have.length(0);
  });

  it("words duplicates, backers and the collapsed list", () => {
    expect(duplicateWords([], 3n)).to.equal("");
    expect(duplicateWords([3n], 3n)).to.equal("");
    expect(duplicateWords([7n, 3n, 7n], 5n)).to.equal("same issue as #3, #7");
    expect(backerWords(1)).to.equal("1 backer");
    expect(backerWords(1200)).to.equal("1,200 backers");
    expect(unfundedSummary(1)).to.equal("1 unfunded request — show");
    expect(unfundedSummary(3)).to.equal("3 unfunded requests — show");
  });

  it("the earliest acceptance deadline: the notice plus two last calls, the default when none is given, counted up to the longest", () => {
    const notice = 7n * DAY;
    const standard = 2n * DAY;
    const longest = 7n * DAY;
    expect(earliestAcceptanceDeadline(NOW, notice, undefined, standard, longest)).to.equal(NOW + 11n * DAY);
    expect(earliestAcceptanceDeadline(NOW, notice, 0n, standard, longest)).to.equal(NOW + 11n * DAY);
    expect(earliestAcceptanceDeadline(NOW, notice, 3n * DAY, standard, longest)).to.equal(NOW + 13n * DAY);
    expect(earliestAcceptanceDeadline(NOW, notice, 30n * DAY, standard, longest)).to.equal(NOW + 21n * DAY);
  });

  it("a day picked in a date field is its last second, in the browser's time zone; a text that is no day is refused in words", () => {
    const end = endOfDay(dayOf(NOW));
    expect(end >= NOW && end < NOW + DAY).to.equal(true);
    expect(dayOf(end)).to.equal(dayOf(NOW));
    expect(dayOf(end + 1n)).to.not.equal(dayOf(NOW));
    const local = new Date(Number(endOfDay("2026-12-27")) * 1000);
    expect([local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes(), local.getSeconds()]).to.deep.equal([2026, 11, 27, 23, 59, 59]);
    expect(() => endOfDay("2026-02-30")).to.throw('"2026-02-30" is not a date: pick one in the calendar (year, month, day).');
    expect(() => endOfDay("next week")).to.throw('"next week" is not a date');
  });

  it("durations the escrow fixes in days, or hours when not whole days", () => {
    expect(days(7n * DAY)).to.equal("7 days");
    expect(days(DAY)).to.equal("1 day");
    expect(days(36n * 3_600n)).to.equal("36 hours");
  });
});
