/**
 * DynamoDB calls per interactive read, counted on the harness's DynamoDB client
 * (tests/support/db-round-trips.ts): the review queue, the public results page, a round's
 * reviewers with their loads, a round's reviews and a status-filtered submissions page must cost
 * the same number of calls — and of sequential round trips — with 20 submissions as with 80.
 * Before: the queue read each submission and round one by one, reviewer loads read the whole
 * round context, and a filtered page read the competition until the page filled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRoundTrips, type RoundTripRecorder } from '../support/db-round-trips.ts';
import { people, startHarness, type Harness } from '../support/api-harness.ts';
import { decidedWorld, entrant, jury, publish, type World } from '../support/results-world.ts';

let h: Harness;
let recorder: RoundTripRecorder;
let small: World;
let large: World;
/** The queue is the jury member's in every competition: measured with the small one alone, then with both. */
let queueSmall: Cost;

interface Cost {
  calls: number;
  sequential: number;
  operations: string[];
}

async function cost(method: string, path: string, who = people.organiser): Promise<Cost & { json: any }> {
  const { result, calls, sequential } = await recorder.measure(() => h.call(method, path, who));
  expect(result.status, `${path}: ${result.text}`).toBe(200);
  return { calls: calls.length, sequential, operations: calls.map((c) => c.operation), json: result.json };
}

async function ok(r: Promise<{ status: number; text: string; json: any }>, what: string) {
  const res = await r;
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text}`);
  return res.json;
}

/**
 * `n` entrants who submitted, a jury round assigned to the jury member (who submitted 5 reviews),
 * a prize plan, submissions closed; the clock left inside the round's window.
 */
async function world(n: number, prefix: string): Promise<World> {
  const w = await decidedWorld(h, { n, title: `World ${prefix}`, prefix, reviewed: 5, keepRoundOpen: true });
  await h.jobsSettled();
  return w;
}

beforeAll(async () => {
  h = await startHarness();
  recorder = recordRoundTrips(h.db);
  // Prepare: a small and a large competition, each with one jury round the jury member reviewed in part.
  small = await world(20, 's');
  queueSmall = await cost('GET', '/api/me/reviews', jury);
  large = await world(80, 'l');
}, 600_000);
afterAll(() => h.stop());

describe('DynamoDB calls per read do not grow with the competition', () => {
  it('the review queue: two queries, then the competitions, rounds and submissions in one batch each (and the rounds of each jury competition)', async () => {
    // Act
    const both = await cost('GET', '/api/me/reviews', jury);

    // Assess: 20 → 100 queued reviews, the same calls (BatchGetItem takes 100 keys).
    const queued = both.json.items.reduce((n: number, g: { total: number }) => n + g.total, 0);
    expect(queued).toBe(100);
    expect(both.json.items.flatMap((g: { items: { title: string }[] }) => g.items).every((i: { title: string }) => i.title.startsWith('Idea '))).toBe(true);
    // One call more, and only because the jury member sits on one more jury: the queue also finds
    // the expo rounds they judge (no reviews), with one query of the rounds per competition whose
    // jury they are on — never per review or per submission (80 entries cost what 20 do).
    expect(both.calls, both.operations.join(', ')).toBe(queueSmall.calls + 1);
    expect(both.operations.filter((o) => o === 'Query')).toHaveLength(4);
    expect(both.sequential).toBe(queueSmall.sequential);
    expect(both.sequential).toBeLessThanOrEqual(2);
    expect(both.operations.filter((o) => o === 'GetItem')).toEqual([]);
  });

  it("a round's reviewers with their loads: one query of the pool, one of the loads", async () => {
    // Act
    const a = await cost('GET', `${small.base}/rounds/${small.roundId}/reviewers`);
    const b = await cost('GET', `${large.base}/rounds/${large.roundId}/reviewers`);

    // Assess: the loads are right, and the cost is the same.
    expect(a.json.items).toMatchObject([{ sub: jury.sub, assigned: 20, submitted: 5 }]);
    expect(b.json.items).toMatchObject([{ sub: jury.sub, assigned: 80, submitted: 5 }]);
    expect(b.calls, b.operations.join(', ')).toBe(a.calls);
    expect(b.sequential).toBe(a.sequential);
  });

  it("a round's reviews: a page of them, with a link to the next", async () => {
    // Act
    const a = await cost('GET', `${small.base}/rounds/${small.roundId}/reviews?limit=10`);
    const b = await cost('GET', `${large.base}/rounds/${large.roundId}/reviews?limit=10`);
    const next = await cost('GET', `${large.base}/rounds/${large.roundId}/reviews?limit=10&cursor=${encodeURIComponent(b.json.nextCursor)}`);

    // Assess
    expect(a.json.items).toHaveLength(10);
    expect(b.json.items).toHaveLength(10);
    expect(next.json.items).toHaveLength(10);
    expect(new Set([...b.json.items, ...next.json.items].map((r: { submissionId: string }) => r.submissionId)).size).toBe(20);
    expect(b.calls).toBe(a.calls);
    // One submission's reviews: a key prefix, one query.
    const one = await cost('GET', `${large.base}/rounds/${large.roundId}/reviews?submissionId=${large.subs[42]}`);
    expect(one.json.items.map((r: { submissionId: string }) => r.submissionId)).toEqual([large.subs[42]]);
    expect(one.operations.filter((o) => o === 'Query')).toHaveLength(1);
  });

  it('a status-filtered submissions page reads only that status', async () => {
    // Act
    const a = await cost('GET', `${small.base}/submissions?status=submitted&limit=10`);
    const b = await cost('GET', `${large.base}/submissions?status=submitted&limit=10`);
    const none = await cost('GET', `${large.base}/submissions?status=withdrawn&limit=10`);
    const text = await cost('GET', `${large.base}/submissions?status=submitted&q=${encodeURIComponent('Idea 7')}&limit=50`);

    // Assess: one index query and one batch read however large; none to match is one query.
    expect(b.json.items).toHaveLength(10);
    expect(b.json.items.every((s: { status: string }) => s.status === 'submitted')).toBe(true);
    expect(b.calls, b.operations.join(', ')).toBe(a.calls);
    expect(b.sequential).toBe(a.sequential);
    expect(none.json.items).toEqual([]);
    expect(none.operations.filter((o) => o === 'Query')).toHaveLength(1);
    // The text filter works inside the status partition: Idea 7, 70…79.
    expect(text.json.items.map((s: { title: string }) => s.title).sort()).toEqual(['Idea 7', ...Array.from({ length: 10 }, (_, i) => `Idea 7${i}`)].sort());
  });

  it("pages a peer round's reviewers and conflicts, and the invitations, with signed cursors", async () => {
    // Prepare: a peer round in the large competition (its pool: the 80 entrants), more invitations.
    const peer = await ok(
      h.call('POST', `${large.base}/rounds`, people.organiser, { name: 'Peers', kind: 'peer', k: 2, maxLoad: 3, blind: true, opensAt: '2026-12-05T09:00', closesAt: '2026-12-20T18:00', weight: 50 }),
      'peer round',
    );
    await ok(h.call('POST', `${large.base}/rounds/${large.roundId}/invitations`, people.organiser, { emails: ['a@inv.test', 'b@inv.test', 'c@inv.test', 'd@inv.test', 'e@inv.test'] }), 'invite');
    await h.jobsSettled(); // work the new round queued (the live ranking) is not the lists' cost
    const pages = async (path: string, limit: number) => {
      const all: any[] = [];
      const costs: Cost[] = [];
      let cursor: string | undefined;
      do {
        const page = await cost('GET', `${path}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(page.json.items.length).toBeLessThanOrEqual(limit);
        all.push(...page.json.items);
        costs.push(page);
        cursor = page.json.nextCursor;
      } while (cursor);
      return { all, costs };
    };

    // Act
    const reviewers = await pages(`${large.base}/rounds/${peer.id}/reviewers`, 30);
    const conflicts = await pages(`${large.base}/rounds/${peer.id}/conflicts`, 50);
    const invitations = await pages(`${large.base}/invitations`, 4);

    // Assess: every reviewer once (the entrants who submitted), loads counted, pages of bounded cost.
    expect(reviewers.all.map((r) => r.sub).sort()).toEqual(large.entrants.map((e) => e.sub).sort());
    expect(reviewers.all.every((r) => r.source === 'entrant' && r.assigned === 0 && r.email.endsWith('@demo.test'))).toBe(true);
    expect(reviewers.costs).toHaveLength(3);
    // Each page: the access reads, the page from the status index, its items, e-mails and records, the loads.
    const shown = JSON.stringify(reviewers.costs.map((c) => [c.sequential, c.operations]));
    expect(new Set(reviewers.costs.map((c) => c.calls)).size, shown).toBe(1);
    expect(Math.max(...reviewers.costs.map((c) => c.sequential)), shown).toBeLessThanOrEqual(5);
    // Each entrant conflicts with their own submission: all there, once each, across pages.
    const own = conflicts.all.filter((c) => c.source === 'own-submission');
    expect(own).toHaveLength(80);
    expect(new Set(conflicts.all.map((c) => `${c.submissionId}/${c.reviewerSub}/${c.source}`)).size).toBe(conflicts.all.length);
    expect(conflicts.costs.length).toBeGreaterThan(1);
    expect(invitations.all.map((i) => i.email).sort()).toEqual(['a@inv.test', 'b@inv.test', 'c@inv.test', 'd@inv.test', 'e@inv.test', jury.email].sort());
    expect(invitations.costs).toHaveLength(2);

    // A cursor of one list is refused by another, and a made-up one everywhere: 400, never 500.
    const reviewCursor = (await h.call('GET', `${large.base}/rounds/${large.roundId}/reviews?limit=1`, people.organiser)).json.nextCursor;
    for (const path of [`${large.base}/rounds/${peer.id}/reviewers`, `${large.base}/rounds/${peer.id}/reviews`, `${large.base}/invitations`, '/api/me/notifications'])
      for (const cursor of [reviewCursor, 'garbage', 'eyJrZXkiOnt9fQ.AAAA']) {
        const who = path === '/api/me/notifications' ? jury : people.organiser;
        const r = await h.call('GET', `${path}?cursor=${encodeURIComponent(cursor)}`, who);
        if (path.endsWith(`${peer.id}/reviews`) && cursor === reviewCursor) continue; // another round's reviews: a different listing, checked below
        expect(r.status, `${path} ${cursor}`).toBe(400);
        expect(r.json.error.fields).toHaveProperty('cursor');
      }
    expect((await h.call('GET', `${large.base}/rounds/${peer.id}/reviews?cursor=${encodeURIComponent(reviewCursor)}`, people.organiser)).status).toBe(400);
    expect((await h.call('GET', `${large.base}/rounds/${peer.id}/conflicts?cursor=%%%`, people.organiser)).status).toBe(400);
    expect((await h.call('GET', `${large.base}/rounds/${peer.id}/reviewers?limit=201`, people.organiser)).status).toBe(400);
  });

  it('pages the inbox, newest first', async () => {
    // Prepare: seven messages for one user, stored by the notification repository.
    const reader = entrant(7, 'inbox');
    for (let i = 0; i < 7; i++)
      await h.deps.notifications.add({ userSub: reader.sub, id: `n${i}`, at: `2026-12-0${i + 1}T10:00:00.000Z`, competitionId: small.cid, subject: `Message ${i}`, body: 'Hello.', link: '/' });

    // Act
    const seen: string[] = [];
    const costs: number[] = [];
    let cursor: string | undefined;
    do {
      const { result, calls } = await recorder.measure(() => h.call('GET', `/api/me/notifications?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, reader));
      expect(result.status, result.text).toBe(200);
      seen.push(...result.json.items.map((n: { subject: string }) => n.subject));
      costs.push(calls.length);
      cursor = result.json.nextCursor;
    } while (cursor);

    // Assess: newest first, each once, one query a page; another user's cursor is refused.
    expect(seen).toEqual(['Message 6', 'Message 5', 'Message 4', 'Message 3', 'Message 2', 'Message 1', 'Message 0']);
    expect(costs.every((c) => c === 1)).toBe(true);
    const first = (await h.call('GET', '/api/me/notifications?limit=3', reader)).json.nextCursor;
    expect((await h.call('GET', `/api/me/notifications?cursor=${encodeURIComponent(first)}`, jury)).status).toBe(400);
  });

  it('the public results page', async () => {
    // Prepare
    h.clock.set('2027-03-02T10:00:00Z');
    for (const w of [small, large]) {
      const awards = await h.call('POST', `${w.base}/awards`, people.organiser, { awards: [{ submissionId: w.subs[0], type: 'prize', rank: 1 }, { submissionId: w.subs[1], type: 'prize', rank: 2 }, { submissionId: w.subs[2], type: 'voucher' }] });
      expect(awards.status, awards.text).toBeLessThan(300);
      const r = await publish(h, w, { override: { reason: 'Test: publish with reviews outstanding.' } });
      expect(r.status, r.text).toBe(202);
    }
    await h.jobsSettled();

    // Act
    const a = await cost('GET', `${small.base}/results`, undefined);
    const b = await cost('GET', `${large.base}/results`, undefined);

    // Assess
    expect(a.json.winners.map((x: { title: string }) => x.title)).toEqual(['Idea 0', 'Idea 1', 'Idea 2']);
    expect(b.json.winners.length).toBe(a.json.winners.length);
    expect(b.calls, b.operations.join(', ')).toBe(a.calls);
    expect(b.sequential).toBe(a.sequential);
  });
});
