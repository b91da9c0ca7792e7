/** The app's feature request helpers (`app/src/requests.ts`): ranking and its split, the words, the dates of the forms. */
import { expect } from "chai";

import {
  amountWords,
  backerWords,
  dayOf,
  days,
  duplicateStatus,
  duplicateWords,
  earliestAcceptanceDeadline,
  endOfDay,
  groupByToken,
  otherDuplicates,
  pledgedWords,
  requestSections,
  sameSpec,
  unfundedSummary,
  type DuplicateFields,
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
    const open = (requestId: bigint): DuplicateFields => ({ requestId, state: "Requested", campaignId: null });
    expect(duplicateWords([], 3n)).to.equal("");
    expect(duplicateWords([open(3n)], 3n)).to.equal("");
    expect(duplicateWords([open(7n), open(3n), open(7n)], 5n)).to.equal("same issue as #3 (open), #7 (open)");
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

  it("each duplicate says where it stands: open, declined, expired, or already funded as its campaign", () => {
    const list: DuplicateFields[] = [
      { requestId: 7n, state: "Requested", campaignId: null },
      { requestId: 4n, state: "Expired", campaignId: null },
      { requestId: 1n, state: "Funding", campaignId: 1n },
      { requestId: 5n, state: "Declined", campaignId: null },
      { requestId: 9n, state: "Failed", campaignId: 9n },
      { requestId: 4n, state: "Expired", campaignId: null }, // twice: listed once
    ];
    expect(duplicateWords(list, 5n)).to.equal("same issue as #1 (already funded as campaign 1), #4 (expired), #7 (open), #9 (accepted as campaign 9, now failed)");
    expect(otherDuplicates(list, 5n).map((duplicate) => duplicate.requestId)).to.deep.equal([1n, 4n, 7n, 9n]);
    expect(duplicateStatus({ requestId: 2n, state: "Succeeded", campaignId: 2n })).to.equal("already funded as campaign 2");
    expect(duplicateStatus({ requestId: 2n, state: "Claimed", campaignId: null })).to.equal("already funded as campaign 2");
    expect(duplicateStatus({ requestId: 3n, state: "Declined", campaignId: null })).to.equal("declined");
  });

  it("a closed request's money: what was pledged then, and what is still to refund or all refunded", () => {
    const eth = (value: bigint) => `${value} ETH`;
    const base = { pledged: 7n, outstanding: 7n, backers: 2, accepted: null };
    expect(pledgedWords({ ...base, state: "Requested" }, eth)).to.equal("7 ETH pledged by 2 backers");
    expect(pledgedWords({ ...base, state: "Declined" }, eth)).to.equal("7 ETH pledged when declined; 7 ETH still to refund by 2 backers");
    expect(pledgedWords({ ...base, state: "Expired", outstanding: 3n, backers: 1 }, eth)).to.equal("7 ETH pledged when it expired; 3 ETH still to refund by 1 backer");
    expect(pledgedWords({ ...base, state: "Declined", outstanding: 0n, backers: 0 }, eth)).to.equal("7 ETH pledged when declined; all refunded");
    expect(pledgedWords({ ...base, state: "Expired", pledged: 0n, outstanding: 0n, backers: 0 }, eth)).to.equal("nothing was pledged when it expired");
    // Accepted: a campaign's money, told on its page.
    expect(pledgedWords({ ...base, state: "Funding", accepted: {} }, eth)).to.equal("7 ETH pledged by 2 backers");
  });

  it("groups requests by token, ETH first, each group keeping its rank order; one token is one group", () => {
    const ETH = "0x0000000000000000000000000000000000000000";
    const PUSD = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    const OTHER = "0x0165878A594ca255338adfa4d48449f69242Eb8F";
    const ranked = [
      { requestId: 3n, token: PUSD },
      { requestId: 1n, token: ETH },
      { requestId: 5n, token: OTHER },
      { requestId: 2n, token: PUSD.toLowerCase() },
      { requestId: 4n, token: ETH },
    ];
    const groups = groupByToken(ranked);
    expect(groups.map((group) => group.token)).to.deep.equal([ETH, OTHER.toLowerCase(), PUSD.toLowerCase()]);
    expect(groups.map((group) => group.requests.map((request) => request.requestId))).to.deep.equal([[1n, 4n], [5n], [3n, 2n]]);
    expect(groupByToken(ranked.filter((request) => request.token === ETH))).to.have.length(1);
    expect(groupByToken([])).to.deep.equal([]);
  });

  it("the ask form's warning: funding campaigns and open requests for the same spec URL, not closed ones", () => {
    const issue = "https://github.com/example/wishlist/issues/1";
    const campaigns = [
      { id: 1n, specURI: issue, state: "Funding" },
      { id: 2n, specURI: issue, state: "Failed" },
      { id: 3n, specURI: "https://github.com/example/wishlist/issues/2", state: "Funding" },
    ];
    const requests = [
      { requestId: 4n, specURI: `${issue}/`, state: "Requested" },
      { requestId: 5n, specURI: issue, state: "Declined" },
    ];
    expect(sameSpec(` ${issue} `, campaigns, requests)).to.deep.equal({ campaigns: [1n], requests: [4n] });
    expect(sameSpec("https://github.com/example/wishlist/issues/9", campaigns, requests)).to.deep.equal({ campaigns: [], requests: [] });
    expect(sameSpec("", campaigns, requests)).to.deep.equal({ campaigns: [], requests: [] });
  });

  it("an amount the client cannot read, in the words of the form's field", () => {
    expect(amountWords('bad amount "0": must be more than zero', "The goal")).to.equal("The goal must be more than zero.");
    expect(amountWords('bad amount "1,000": thousands separators are not accepted: write 1000', "The goal")).to.equal("The goal: write it without thousands separators, as 1000.");
    expect(amountWords('bad amount "0,5": use a dot as the decimal point: write 0.5; commas are not accepted', "The amount")).to.equal("The amount: use a dot as the decimal point, as 0.5.");
    expect(amountWords('bad amount "-1": amounts are positive (to take back part of a pledge, withdraw that amount instead)', "The amount")).to.equal(
      "The amount must be a positive number; to take back part of a pledge, withdraw that amount instead.",
    );
    expect(amountWords('bad amount "0.0000001": the token has 6 decimals, the amount has 7', "The goal")).to.equal("The goal has more decimals than the token: at most 6 digits after the dot.");
    expect(amountWords('bad amount "five": expected a positive decimal number such as 0.5 or 100', "The goal")).to.equal("The goal must be a number such as 0.5 or 100.");
  });
});
