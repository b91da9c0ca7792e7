import { expect } from "chai";
import { ZeroAddress, ZeroHash } from "ethers";

import { checkSolvency, formatDate, formatSupport, NotARequestError, OpenPledgeError, SECONDS_PER_DAY, supportAt, accumulateSupport, toOpenPledgeError, type RequestDetails } from "../client/node.js";
import { IRequestBoard__factory } from "../typechain-types/index.js";
import { DAY, ETH, eth, ethers, loadWorld, networkHelpers, now, SPEC, SPEC_HASH, usd, type World } from "./helpers/fixture.js";
import { clientFor, failureOf, readerFor } from "./helpers/client.js";

const { time } = networkHelpers;
const OTHER_SPEC = "https://github.com/openpledge/openpledge/issues/2";
const THIRD_SPEC = "https://github.com/openpledge/openpledge/issues/3";

/** A number that could only be unix seconds, wei or basis points: a message for people never holds one. */
const RAW_NUMBER = /\b\d{5,}\b/;

/** Opens a request of project 1 as `opener` (the stranger by default), expiring in `lifetime` (30 days). */
async function openRequest(
  world: World,
  options: { spec?: string; token?: string; lifetime?: bigint; opener?: World["alice"]; specHash?: string } = {},
): Promise<{ id: bigint; expiry: bigint }> {
  const expiry = (await now()) + (options.lifetime ?? 30n * DAY);
  const { requestId } = await clientFor(world, options.opener ?? world.stranger).openRequest({
    projectId: 1n,
    token: options.token ?? "ETH",
    expiry,
    specURI: options.spec ?? SPEC,
    specHash: options.specHash,
  });
  return { id: requestId, expiry };
}

/** The next transaction is mined at `at` (unix seconds). */
async function at(seconds: bigint): Promise<void> {
  await time.setNextBlockTimestamp(seconds);
}

/** A request's outstanding, pledged and backers, as getRequest reads them. */
async function outstandingAndPledged(world: World, id: bigint): Promise<[bigint, bigint, number]> {
  const request = await readerFor(world).getRequest(id);
  return [request.outstanding, request.pledged, request.backers];
}

function ids(requests: readonly RequestDetails[]): bigint[] {
  return requests.map((request) => request.requestId);
}

describe("client: feature requests", () => {
  it("reads the escrow's request limits from its constants", async () => {
    const world = await loadWorld();
    expect(await readerFor(world).requestLimits()).to.deep.equal({ minLifetime: 7n * DAY, maxLifetime: 365n * DAY, acceptanceNotice: 7n * DAY });
  });

  it("opens a request anyone may, and reads it back from its event and the escrow", async () => {
    const world = await loadWorld();
    const { id, expiry } = await openRequest(world, { specHash: SPEC_HASH });
    const opened = await world.escrow.campaignCount();
    expect(id).to.equal(opened);
    const request = await readerFor(world).getRequest(id);
    const block = await ethers.provider.getBlock(request.openedAtBlock);
    expect(request).to.deep.equal({
      requestId: id,
      projectId: 1n,
      opener: world.stranger.address,
      token: ZeroAddress,
      expiry,
      feeBps: 250n,
      specURI: SPEC,
      specHash: SPEC_HASH,
      openedAt: BigInt(block?.timestamp ?? 0),
      openedAtBlock: request.openedAtBlock,
      state: "Requested",
      pledged: 0n,
      backers: 0,
      support: 0n,
      asOf: await now(),
      accepted: null,
      declined: null,
      duplicateOf: [],
      duplicates: [],
      outstanding: 0n,
    });
    // The escrow's view of the same record, with its spec from the `RequestOpened` event.
    const campaign = await readerFor(world).getCampaign(id);
    expect([campaign.state, campaign.goal, campaign.deadline, campaign.spec.status, campaign.spec.uri, campaign.fromRequest]).to.deep.equal([
      "Requested",
      0n,
      expiry,
      "verified",
      SPEC,
      null,
    ]);
  });

  it("takes pledges from three backers with the campaign actions, and counts money × time held exactly", async () => {
    const world = await loadWorld();
    const { id } = await openRequest(world);
    const request0 = await readerFor(world).getRequest(id);
    const t0 = request0.openedAt;
    await at(t0 + DAY);
    await clientFor(world, world.alice).pledge(id, "1");
    await at(t0 + 2n * DAY);
    await clientFor(world, world.bob).pledge(id, "2");
    await at(t0 + 3n * DAY);
    await clientFor(world, world.carol).pledge(id, "0.5");
    await time.increaseTo(t0 + 5n * DAY);
    const request = await readerFor(world).getRequest(id);
    const expected = eth("1") * 4n * DAY + eth("2") * 3n * DAY + eth("0.5") * 2n * DAY;
    expect([request.pledged, request.backers, request.support, request.asOf]).to.deep.equal([eth("3.5"), 3, expected, t0 + 5n * DAY]);
    // 4 + 6 + 1 = 11 ETH·days.
    expect(formatSupport(request.support, 18, "ETH")).to.equal("11 ETH·days");
    // A second pledge moves the backer's credit start to the pledge-weighted mean, as the refund bonus does.
    await at(t0 + 6n * DAY);
    await clientFor(world, world.alice).pledge(id, "1");
    await time.increaseTo(t0 + 7n * DAY);
    const later = await readerFor(world).getRequest(id);
    expect(later.support).to.equal(expected + eth("3.5") * 2n * DAY + eth("1") * DAY);
    expect(later.backers).to.equal(3);
  });

  it("ranks open requests by support: an early steady pledge above a late big one of the same money, pledge-rise-withdraw loses its credit, unfunded last", async () => {
    const world = await loadWorld();
    const steady = await openRequest(world, { spec: SPEC });
    const late = await openRequest(world, { spec: OTHER_SPEC });
    const riser = await openRequest(world, { spec: THIRD_SPEC });
    const unfunded = await openRequest(world, { spec: "https://github.com/openpledge/openpledge/issues/4" });
    const t0 = await now();
    await at(t0 + DAY);
    await clientFor(world, world.alice).pledge(steady.id, "2");
    await at(t0 + DAY + 1n);
    await clientFor(world, world.carol).pledge(riser.id, "2");
    await at(t0 + 4n * DAY);
    await clientFor(world, world.carol).pledge(riser.id, "8");
    await at(t0 + 5n * DAY);
    await clientFor(world, world.bob).pledge(late.id, "2");
    await at(t0 + 5n * DAY + 1n);
    await clientFor(world, world.carol).withdrawPledge(riser.id, "8");
    await time.increaseTo(t0 + 6n * DAY);

    const ranked = await readerFor(world).listRequests(1n);
    expect(ids(ranked)).to.deep.equal([steady.id, late.id, riser.id, unfunded.id]);
    const [first, second, third, last] = ranked;
    // The same money in each, 2 ETH; only how long it stayed differs.
    expect(ranked.map((request) => request.pledged)).to.deep.equal([eth("2"), eth("2"), eth("2"), 0n]);
    expect(first?.support).to.equal(eth("2") * 5n * DAY);
    expect(second?.support).to.equal(eth("2") * DAY);
    // The withdrawal restarted the credit of what stayed: all that the 5 days of the first 2 ETH had earned is gone.
    expect(third?.support).to.equal(eth("2") * (DAY - 1n));
    expect([last?.support, last?.backers]).to.deep.equal([0n, 0]);
    expect(formatSupport(first?.support ?? 0n, 18, "ETH")).to.equal("10 ETH·days");
  });

  it("splitting the same money across wallets adds no support", async () => {
    const world = await loadWorld();
    const one = await openRequest(world, { spec: SPEC });
    const split = await openRequest(world, { spec: OTHER_SPEC });
    const t0 = await now();
    await at(t0 + DAY);
    await clientFor(world, world.alice).pledge(one.id, "2");
    await at(t0 + DAY + 1n);
    await clientFor(world, world.bob).pledge(split.id, "1");
    await at(t0 + DAY + 2n);
    await clientFor(world, world.carol).pledge(split.id, "1");
    await time.increaseTo(t0 + 3n * DAY);
    const [first, second] = await readerFor(world).listRequests(1n);
    expect([first?.requestId, second?.requestId]).to.deep.equal([one.id, split.id]);
    // 2 ETH held 2 days against 1 ETH for 2 days less a second and 1 ETH for 2 days less two: only those 3 ETH·seconds apart.
    expect((first?.support ?? 0n) - (second?.support ?? 0n)).to.equal(eth("1") * 1n + eth("1") * 2n);
    expect(second?.backers).to.equal(2);
  });

  it("marks requests of the same project and spec URI as duplicates of each other, and lists closed ones only when asked", async () => {
    const world = await loadWorld();
    const a = await openRequest(world, { spec: SPEC });
    const other = await openRequest(world, { spec: OTHER_SPEC });
    const b = await openRequest(world, { spec: SPEC, opener: world.alice });
    await clientFor(world, world.maintainer).declineRequest(other.id, "https://example.org/why");
    const reader = readerFor(world);
    const open = await reader.listRequests(1n);
    expect(ids(open)).to.deep.equal([a.id, b.id]);
    expect(open.map((request) => request.duplicateOf)).to.deep.equal([[b.id], [a.id]]);
    const all = await reader.listRequests(1n, { includeClosed: true });
    expect(ids(all)).to.deep.equal([a.id, b.id, other.id]);
    expect(all[2]?.state).to.equal("Declined");
    expect(await reader.listRequests(2n)).to.deep.equal([]);
  });

  it("accepts a request into a campaign: fills project, token and spec from the request, keeps the pledges and their support frozen", async () => {
    const world = await loadWorld();
    const { id } = await openRequest(world, { specHash: SPEC_HASH });
    const t0 = (await readerFor(world).getRequest(id)).openedAt;
    await at(t0 + DAY);
    await clientFor(world, world.alice).pledge(id, "1");
    await at(t0 + 2n * DAY);
    await clientFor(world, world.bob).pledge(id, "1");
    await at(t0 + 3n * DAY);
    await clientFor(world, world.carol).pledge(id, "1");
    await at(t0 + 4n * DAY);
    const deadline = t0 + 4n * DAY + 10n * DAY;
    const accepted = await clientFor(world, world.maintainer).acceptRequest(id, { goal: "2.5", deadline, lastCall: DAY });
    expect([accepted.campaignId, accepted.goalReached]).to.deep.equal([id, true]);

    await time.increase(3n * DAY);
    const request = await readerFor(world).getRequest(id);
    expect(request.state).to.equal("Funding");
    expect(request.accepted).to.deep.equal({ maintainer: world.maintainer.address, at: t0 + 4n * DAY, blockNumber: accepted.blockNumber, pledgedAtAcceptance: eth("3") });
    expect(request.declined).to.equal(null);
    expect(request.asOf).to.equal(t0 + 4n * DAY);
    expect(request.support).to.equal(eth("1") * 3n * DAY + eth("1") * 2n * DAY + eth("1") * DAY);
    // No longer open: out of the ranked list.
    expect(await readerFor(world).listRequests(1n)).to.deep.equal([]);

    const campaign = await readerFor(world).getCampaign(id);
    expect([campaign.projectId, campaign.token.address, campaign.goal, campaign.pledged, campaign.deadline, campaign.lastCall, campaign.spec.uri, campaign.spec.hash]).to.deep.equal([
      1n,
      ZeroAddress,
      eth("2.5"),
      eth("3"),
      deadline,
      DAY,
      SPEC,
      SPEC_HASH,
    ]);
    expect(campaign.fromRequest).to.deep.equal({ requestId: id, acceptedAt: t0 + 4n * DAY, maintainer: world.maintainer.address });
    // The listing knows it too, so the campaign is read without its block.
    const reader = readerFor(world);
    await reader.listCampaigns();
    expect((await reader.getCampaign(id)).fromRequest?.maintainer).to.equal(world.maintainer.address);

    // Its history and backers start at the request's opening: the pledges it took then count.
    const history = await readerFor(world).campaignHistory(id);
    expect(history.map((event) => event.name)).to.deep.equal(["RequestOpened", "Pledged", "Pledged", "Pledged", "CampaignOpened", "RequestAccepted", "GoalReached"]);
    expect(history[3]?.totals).to.deep.equal({ backer: eth("1"), campaign: eth("3") });
    const backers = await readerFor(world).campaignBackers(id);
    expect(backers.map((standing) => [standing.backer, standing.pledged])).to.deep.equal([
      [world.alice.address, eth("1")],
      [world.bob.address, eth("1")],
      [world.carol.address, eth("1")],
    ]);

    // An ordinary campaign from here: it succeeds and is claimed.
    await time.increaseTo(deadline + 1n);
    const claim = await clientFor(world, world.maintainer).claim(id);
    expect(claim.amount + claim.fee).to.equal(eth("3"));
  });

  it("accepts a token request below its goal, with milestones: goalReached false", async () => {
    const world = await loadWorld();
    const { id } = await openRequest(world, { token: world.tokenAddress });
    await clientFor(world, world.alice).pledge(id, "100");
    const start = await now();
    const deadline = start + 20n * DAY;
    const accepted = await clientFor(world, world.maintainer).acceptRequest(id, {
      goal: "1000",
      deadline,
      builderShareBps: 1_000n,
      milestones: { initialShareBps: 5_000, reviewWindowSeconds: 3n * DAY, objectionThresholdBps: 0, milestones: [{ shareBps: 5_000, due: deadline + 30n * DAY }] },
    });
    expect(accepted.goalReached).to.equal(false);
    const campaign = await readerFor(world).getCampaign(id);
    expect([campaign.goal, campaign.token.symbol, campaign.hasMilestones, campaign.state]).to.deep.equal([usd("1000"), "PUSD", true, "Funding"]);
    expect((await readerFor(world).getSplit(id)).builderShareBps).to.equal(1_000n);
  });

  it("tells each duplicate's state and campaign: accepted (a campaign now), declined, expired, open", async () => {
    const world = await loadWorld();
    const accepted = await openRequest(world, { spec: SPEC });
    const declined = await openRequest(world, { spec: SPEC });
    const expired = await openRequest(world, { spec: SPEC, lifetime: 8n * DAY });
    await clientFor(world, world.alice).pledge(accepted.id, "1");
    await clientFor(world, world.maintainer).acceptRequest(accepted.id, { goal: "5", deadline: (await now()) + 30n * DAY });
    await clientFor(world, world.maintainer).declineRequest(declined.id, "duplicate of an accepted request");
    await time.increaseTo(expired.expiry + 1n);
    const open = await openRequest(world, { spec: SPEC });
    const request = await readerFor(world).getRequest(open.id);
    expect(request.duplicateOf).to.deep.equal([accepted.id, declined.id, expired.id]);
    expect(request.duplicates).to.deep.equal([
      { requestId: accepted.id, state: "Funding", campaignId: accepted.id },
      { requestId: declined.id, state: "Declined", campaignId: null },
      { requestId: expired.id, state: "Expired", campaignId: null },
    ]);
    const all = await readerFor(world).listRequests(1n, { includeClosed: true });
    expect(all.find((other) => other.requestId === accepted.id)?.duplicates).to.deep.equal([
      { requestId: declined.id, state: "Declined", campaignId: null },
      { requestId: expired.id, state: "Expired", campaignId: null },
      { requestId: open.id, state: "Requested", campaignId: null },
    ]);
  });

  it("keeps pledged as the record and tells what is still to refund: outstanding drops with withdrawals and refunds", async () => {
    const world = await loadWorld();
    const { id } = await openRequest(world);
    await clientFor(world, world.alice).pledge(id, "1");
    await clientFor(world, world.bob).pledge(id, "0.5");
    await clientFor(world, world.bob).withdrawPledge(id, "0.2");
    expect(await outstandingAndPledged(world, id)).to.deep.equal([eth("1.3"), eth("1.3"), 2]);
    await clientFor(world, world.maintainer).declineRequest(id, "not in scope");
    await clientFor(world, world.alice).refund(id);
    expect(await outstandingAndPledged(world, id)).to.deep.equal([eth("0.3"), eth("1.3"), 1]);
    await clientFor(world, world.bob).refund(id);
    expect(await outstandingAndPledged(world, id)).to.deep.equal([0n, eth("1.3"), 0]);
    expect(await ethers.provider.getBalance(world.escrowAddress)).to.equal(0n);
  });

  it("ranks by token first (ETH, then tokens by address), then support: support in different tokens does not compare", async () => {
    const world = await loadWorld();
    const inToken = await openRequest(world, { spec: OTHER_SPEC, token: world.tokenAddress });
    const small = await openRequest(world, { spec: SPEC });
    const big = await openRequest(world, { spec: THIRD_SPEC });
    // 5,000 PUSD (5e9 base units) against 2 and 1 gwei: raw support would put the token request first; ETH comes first.
    await clientFor(world, world.alice).pledge(inToken.id, "5000");
    await clientFor(world, world.bob).pledge(big.id, "0.000000002");
    await clientFor(world, world.carol).pledge(small.id, "0.000000001");
    await time.increase(DAY);
    const ranked = await readerFor(world).listRequests(1n);
    expect(ids(ranked)).to.deep.equal([big.id, small.id, inToken.id]);
    expect(ranked[2]!.support > ranked[0]!.support).to.equal(true);
  });

  it("declines a request with a reason; its backers refund in full, and pledging to it says to refund", async () => {
    const world = await loadWorld();
    const { id } = await openRequest(world);
    await clientFor(world, world.alice).pledge(id, "1.5");
    const declined = await clientFor(world, world.maintainer).declineRequest(id, "https://example.org/not-now");
    const request = await readerFor(world).getRequest(id);
    const block = await ethers.provider.getBlock(declined.blockNumber);
    expect(request.state).to.equal("Declined");
    expect(request.declined).to.deep.equal({
      maintainer: world.maintainer.address,
      at: BigInt(block?.timestamp ?? 0),
      blockNumber: declined.blockNumber,
      reasonURI: "https://example.org/not-now",
    });
    expect(request.asOf).to.equal(BigInt(block?.timestamp ?? 0));

    const pledge = await failureOf(clientFor(world, world.bob).pledge(id, "1"), "UnexpectedState");
    expect(pledge.message).to.equal(
      `UnexpectedState: request ${id} was declined by a maintainer of its project (request show ${id} gives the reason): it takes no more pledges; if you pledged to it, take your pledge back with refund (request refund ${id})`,
    );
    const withdraw = await failureOf(clientFor(world, world.alice).withdrawPledge(id, "1"), "UnexpectedState");
    expect(withdraw.message).to.include(`pledges are no longer withdrawn but refunded in full: take your pledge back with refund (request refund ${id})`);
    const again = await failureOf(clientFor(world, world.maintainer).declineRequest(id, "x"), "UnexpectedState");
    expect(again.message).to.include("it can no longer be accepted or declined");

    const refund = await clientFor(world, world.alice).refund(id);
    expect([refund.amount, refund.bonus]).to.deep.equal([eth("1.5"), 0n]);
    const history = await readerFor(world).campaignHistory(id);
    expect(history.map((event) => event.name)).to.deep.equal(["RequestOpened", "Pledged", "RequestDeclined", "Refunded"]);
    expect(history[3]?.totals).to.deep.equal({ backer: 0n, campaign: eth("1.5") });
    expect((await readerFor(world).getRequest(id)).backers).to.equal(0);
  });

  it("expires: pledging, withdrawing and accepting are refused with the expiry's date, refund pays all of it", async () => {
    const world = await loadWorld();
    const { id, expiry } = await openRequest(world, { lifetime: 8n * DAY });
    await clientFor(world, world.alice).pledge(id, "1");
    const early = await failureOf(clientFor(world, world.alice).refund(id), "UnexpectedState");
    expect(early.message).to.equal(
      `UnexpectedState: request ${id} is still open: refunds are paid only once it is declined or has expired; withdraw instead while it is open (request withdraw ${id} <amount>), or wait for its expiry on ${formatDate(expiry)} and refund then`,
    );
    await time.increaseTo(expiry + 1n);
    const request = await readerFor(world).getRequest(id);
    expect([request.state, request.asOf]).to.deep.equal(["Expired", expiry]);
    expect(await readerFor(world).listRequests(1n)).to.deep.equal([]);

    const pledge = await failureOf(clientFor(world, world.bob).pledge(id, "1"), "UnexpectedState");
    expect(pledge.message).to.equal(
      `UnexpectedState: request ${id} expired on ${formatDate(expiry)} without being accepted: it takes no more pledges; if you pledged to it, take your pledge back with refund (request refund ${id}); open a new request to ask again (request open)`,
    );
    const accept = await failureOf(clientFor(world, world.maintainer).acceptRequest(id, { goal: "1", deadline: expiry + 30n * DAY }), "UnexpectedState");
    expect(accept.message).to.include(`request ${id} expired on ${formatDate(expiry)} without being accepted: it can no longer be accepted or declined`);
    const claim = await failureOf(clientFor(world, world.maintainer).claim(id), "UnexpectedState");
    expect(claim.message).to.equal(
      `UnexpectedState: request ${id} expired on ${formatDate(expiry)} without being accepted: there is nothing to claim, cancel or deposit into; if you pledged to it, take your pledge back with refund (request refund ${id})`,
    );
    const refund = await clientFor(world, world.alice).refund(id);
    expect(refund.amount).to.equal(eth("1"));
  });

  it("reconciles to the wei: accepted and claimed, expired and partly refunded, declined, open (the solvency check)", async () => {
    const world = await loadWorld();
    const accepted = await openRequest(world, { spec: SPEC });
    const expiring = await openRequest(world, { spec: OTHER_SPEC, lifetime: 8n * DAY });
    const declined = await openRequest(world, { spec: THIRD_SPEC });
    const open = await openRequest(world, { spec: SPEC, lifetime: 60n * DAY });
    for (const [backer, amount] of [[world.alice, "1"], [world.bob, "2"], [world.carol, "3"]] as const) {
      await clientFor(world, backer).pledge(accepted.id, amount);
    }
    await clientFor(world, world.alice).pledge(expiring.id, "0.25");
    await clientFor(world, world.bob).pledge(expiring.id, "0.5");
    await clientFor(world, world.carol).pledge(declined.id, "0.125");
    await clientFor(world, world.alice).pledge(open.id, "0.0625");
    await clientFor(world, world.maintainer).declineRequest(declined.id, "https://example.org/no");
    const deadline = (await now()) + 12n * DAY;
    await clientFor(world, world.maintainer).acceptRequest(accepted.id, { goal: "5", deadline, lastCall: DAY });
    await clientFor(world, world.alice).pledge(accepted.id, "0.5");
    await time.increaseTo(deadline + 1n);
    await clientFor(world, world.maintainer).claim(accepted.id);
    await clientFor(world, world.alice).refund(expiring.id);

    const report = await checkSolvency(readerFor(world, 7));
    const [ethEntry] = report.tokens;
    expect(report.ok).to.equal(true);
    expect([ethEntry?.surplus, ethEntry?.shortfall, ethEntry?.held]).to.deep.equal([0n, 0n, ethEntry?.owed]);
    // The open request's pledge; the expired one's unrefunded half and the declined one's pledge; the accepted one's fee.
    expect([ethEntry?.breakdown.funding, ethEntry?.breakdown.refundable, ethEntry?.breakdown.fees]).to.deep.equal([
      eth("0.0625"),
      eth("0.5") + eth("0.125"),
      (eth("6.5") * 250n) / 10_000n,
    ]);
  });

  describe("refusals in plain words", () => {
    it("an expiry too soon or too far: the dates it must fall between", async () => {
      const world = await loadWorld();
      const error = await failureOf(openRequest(world, { lifetime: DAY }), "InvalidExpiry");
      const { earliest, latest, expiry } = error.args as { earliest: bigint; latest: bigint; expiry: bigint };
      expect(latest - earliest).to.equal(358n * DAY);
      expect(error.message).to.equal(
        `InvalidExpiry: a request expiring ${formatDate(expiry)} expires too soon: the expiry must be between ${formatDate(earliest)} and ${formatDate(latest)}; choose an expiry in that range (a transaction is mined a few seconds after it is sent: give the shortest lifetime a day to spare)`,
      );
      const far = await failureOf(openRequest(world, { lifetime: 400n * DAY }), "InvalidExpiry");
      expect(far.message).to.include("expires too far ahead: the expiry must be between");
      expect(far.message).not.to.match(RAW_NUMBER);
    });

    it("terms that do not repeat the request's: accept with the request's own, which the client fills", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      const board = IRequestBoard__factory.connect(world.escrowAddress, world.maintainer);
      const deadline = (await now()) + 20n * DAY;
      const wrong = { projectId: 1n, specURI: OTHER_SPEC, specHash: ZeroHash, token: ETH, goal: eth("1"), deadline, lastCall: 0n, claimWindow: 0n, builderShareBps: 0n };
      const plan = { initialShareBps: 0, reviewWindow: 0n, objectionThresholdBps: 0, milestones: [] };
      let caught: unknown;
      try {
        await board.acceptRequest(id, wrong, plan);
      } catch (error) {
        caught = error;
      }
      const error = toOpenPledgeError(caught);
      expect(error).to.be.instanceOf(OpenPledgeError);
      expect((error as OpenPledgeError).message).to.equal(
        `RequestTermsMismatch: the terms do not repeat request ${id}'s project, token and spec: accept with the request's own project, token and spec: the client fills them (request accept ${id} --goal <amount> --deadline <date>)`,
      );
      // Through the client the same acceptance goes through: it fills them.
      expect((await clientFor(world, world.maintainer).acceptRequest(id, { goal: "1", deadline })).campaignId).to.equal(id);
    });

    it("a deadline without the acceptance notice, a stranger accepting or declining, an empty reason", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world);
      await clientFor(world, world.alice).pledge(id, "1");
      const soon = await failureOf(clientFor(world, world.maintainer).acceptRequest(id, { goal: "1", deadline: (await now()) + 8n * DAY }), "InvalidDeadline");
      expect(soon.message).to.match(/^InvalidDeadline: the deadline .+ is too early: .+ can be .+ at the earliest/);
      expect(soon.message).not.to.match(RAW_NUMBER);
      const stranger = await failureOf(clientFor(world, world.stranger).acceptRequest(id, { goal: "1", deadline: (await now()) + 20n * DAY }), "NotProjectMaintainer");
      expect(stranger.message).to.include(`is not a maintainer of project 1`);
      await failureOf(clientFor(world, world.stranger).declineRequest(id, "https://example.org"), "NotProjectMaintainer");
      const empty = await failureOf(clientFor(world, world.maintainer).declineRequest(id, ""), "EmptyReasonURI");
      expect(empty.message).to.equal("EmptyReasonURI: declining a request needs a reason for its backers: give a link to a comment or a short reason (--reason <link or text>)");
      const cancel = await failureOf(clientFor(world, world.maintainer).cancelCampaign(id), "UnexpectedState");
      expect(cancel.message).to.include(`request ${id} is an open feature request, not a campaign: it cannot be cancelled; a maintainer declines it instead`);
      const bonus = await failureOf(clientFor(world, world.alice).depositBonus(id, "1"), "UnexpectedState");
      expect(bonus.message).to.include("a refund bonus can be deposited only once a maintainer accepts it as a campaign");
      for (const message of [cancel.message, bonus.message, stranger.message]) expect(message).not.to.match(RAW_NUMBER);
    });

    it("a token taken off the allowlist while a request is open: decline it so its backers refund; paused: no new requests", async () => {
      const world = await loadWorld();
      const { id } = await openRequest(world, { token: world.tokenAddress });
      await clientFor(world, world.alice).pledge(id, "10");
      await (await world.escrow.connect(world.owner).setTokenAllowed(world.tokenAddress, false)).wait();
      const refused = await failureOf(clientFor(world, world.maintainer).acceptRequest(id, { goal: "5", deadline: (await now()) + 20n * DAY }), "TokenNotAllowed");
      expect(refused.message).to.equal(
        `TokenNotAllowed: the request's token ${world.tokenAddress} was taken off the escrow's allowlist after it was opened, so it cannot become a campaign: decline it (request decline <id> --reason <link or text>) so its backers refund in full, and open a campaign in an allowed token instead`,
      );
      const other = await failureOf(openRequest(world, { token: world.tokenAddress }), "TokenNotAllowed");
      expect(other.message).to.include("is not allowed for new requests: use ETH or an allowed token");
      await clientFor(world, world.maintainer).declineRequest(id, "https://example.org/token-gone");
      expect((await clientFor(world, world.alice).refund(id)).amount).to.equal(usd("10"));

      await (await world.escrow.connect(world.guardian).pause()).wait();
      const paused = await failureOf(openRequest(world), "EnforcedPause");
      expect(paused.message).to.include("no new campaigns or feature requests");
    });

    it("an empty spec URI: the request needs one", async () => {
      const world = await loadWorld();
      const error = await failureOf(clientFor(world, world.alice).openRequest({ projectId: 1n, token: "ETH", expiry: (await now()) + 30n * DAY, specURI: "" }), "EmptySpecURI");
      expect(error.message).to.equal("EmptySpecURI: the request needs a spec URI (the issue that says what is asked for)");
    });

    it("a campaign is no request: getRequest says so", async () => {
      const world = await loadWorld();
      const deadline = (await now()) + 10n * DAY;
      const { campaignId } = await clientFor(world, world.maintainer).openCampaign({ projectId: 1n, specURI: SPEC, token: "ETH", goal: "1", deadline });
      const error = await readerFor(world)
        .getRequest(campaignId)
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(error).to.be.instanceOf(NotARequestError);
      expect((error as Error).message).to.equal(`campaign ${campaignId} is not a feature request (it was opened as a campaign): campaign show ${campaignId} tells it`);
      await failureOf(readerFor(world).getRequest(99n), "UnknownCampaign");
      expect((await readerFor(world).getCampaign(campaignId)).fromRequest).to.equal(null);
    });
  });

  describe("the support accumulator", () => {
    it("is money × seconds held, rounds a backer's credit start up, restarts on withdrawal, and never goes below zero", () => {
      const start = 1_000n;
      const after = accumulateSupport(start, [
        { backer: "0xA", kind: "pledge", amount: 3n, at: 1_010n },
        { backer: "0xa", kind: "pledge", amount: 2n, at: 1_011n },
      ]);
      // alice's start: (3·10 + 2·11) / 5 = 10.4, rounded up to 11.
      expect([after.pledged, after.creditDelay, after.backers.get("0xa")]).to.deep.equal([5n, 55n, { amount: 5n, creditSince: 1_011n }]);
      expect(supportAt(after, 1_021n)).to.equal(50n);
      const withdrawn = accumulateSupport(start, [
        { backer: "0xb", kind: "pledge", amount: 4n, at: 1_000n },
        { backer: "0xb", kind: "withdrawal", amount: 1n, at: 1_100n },
      ]);
      expect(supportAt(withdrawn, 1_100n)).to.equal(0n);
      expect(supportAt(withdrawn, 1_110n)).to.equal(30n);
      expect(formatSupport(12n * SECONDS_PER_DAY * 10n ** 18n + SECONDS_PER_DAY * 5n * 10n ** 17n, 18, "ETH")).to.equal("12.5 ETH·days");
      expect(formatSupport(SECONDS_PER_DAY * 1_234_567n, 6, "PUSD")).to.equal("1.234 PUSD·days");
    });
  });
});
