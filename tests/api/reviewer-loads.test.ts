/**
 * Reviewer loads from their load items (keys.reviewerLoad), not from the round's reviews: after
 * every way an assignment is made, submitted, revised, withdrawn or handed on, the loads the
 * reviewer list shows equal the stored reviews counted by hand. A round from before load items
 * existed (no marker) still shows the right loads, and is counted once by the `reviewer-loads` job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteCommand, GetCommand } from '../../functions/adapters/dynamodb/client.ts';
import * as keys from '../../functions/adapters/dynamodb/keys.ts';
import type { Review } from '../../functions/domain/evaluation.ts';
import type { Identity } from '../../functions/domain/identity.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';

let h: Harness;
let cid: string;
let roundId: string;
let rubric: string[];
const N = 8;
const smes: Identity[] = Array.from({ length: N }, (_, i) => ({ sub: `u-rl${i}`, email: `rl${i}@demo.test`, name: `Entrant ${i}`, groups: [] }));
const bySub = new Map(smes.map((s) => [s.sub, s]));
const base = () => `/api/competitions/${cid}`;
type Load = { assigned: number; submitted: number };

/** The round's stored reviews, every page. */
async function storedReviews(): Promise<Review[]> {
  const out: Review[] = [];
  let cursor = '';
  do {
    const r = await h.call('GET', `${base()}/rounds/${roundId}/reviews?limit=100${cursor ? `&cursor=${cursor}` : ''}`, people.organiser);
    expect(r.status, r.text).toBe(200);
    out.push(...r.json.items);
    cursor = r.json.nextCursor ?? '';
  } while (cursor);
  return out;
}

/** The loads counted by hand from the stored reviews, for every entrant (peer pool). */
async function countedLoads(): Promise<Record<string, Load>> {
  const out: Record<string, Load> = Object.fromEntries(smes.map((s) => [s.sub, { assigned: 0, submitted: 0 }]));
  for (const r of await storedReviews()) {
    out[r.reviewerSub]!.assigned += 1;
    if (r.status === 'submitted') out[r.reviewerSub]!.submitted += 1;
  }
  return out;
}

/** The loads the organiser's reviewer list shows. */
async function shownLoads(): Promise<Record<string, Load>> {
  const r = await h.call('GET', `${base()}/rounds/${roundId}/reviewers?limit=100`, people.organiser);
  expect(r.status, r.text).toBe(200);
  return Object.fromEntries((r.json.items as { sub: string; assigned: number; submitted: number }[]).map((i) => [i.sub, { assigned: i.assigned, submitted: i.submitted }]));
}

async function assign() {
  const started = await h.call('POST', `${base()}/rounds/${roundId}/assignment`, people.organiser);
  expect(started.status, started.text).toBe(202);
  await h.jobsSettled();
}

async function loadItem(sub: string) {
  return (await h.db.send(new GetCommand({ TableName: h.table, Key: keys.reviewerLoad(cid, roundId, sub), ConsistentRead: true }))).Item;
}

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  cid = (await openCompetition(h, { title: 'Reviewer loads' })).id;
  for (const [i, who] of smes.entries()) {
    await h.call('POST', `${base()}/registration`, who, registrationInput({ organisationName: `Org ${i}`, registryId: `BE08000000${i}0`, team: [{ name: 'T', email: `t${i}@org${i}.eu` }] }));
    const s = await h.call('POST', `${base()}/submissions`, who, submissionContent({ title: `Idea ${i}` }));
    expect((await h.call('POST', `${base()}/submissions/${s.json.id}/submit`, who, { version: 1 })).status).toBe(200);
  }
  const round = await h.call('POST', `${base()}/rounds`, people.organiser, {
    name: 'Peer review', kind: 'peer', k: 2, maxLoad: 3, blind: true, opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00', weight: 100,
  });
  expect(round.status, round.text).toBe(201);
  roundId = round.json.id;
  rubric = round.json.rubric.map((c: { id: string }) => c.id);
});
afterAll(() => h?.stop());

describe('reviewer loads', () => {
  it('are zero before any assignment, and equal the stored reviews after the assignment job', async () => {
    expect(await shownLoads()).toEqual(await countedLoads());
    expect(Object.values(await shownLoads()).every((l) => l.assigned === 0)).toBe(true);
    await assign();
    const shown = await shownLoads();
    expect(shown).toEqual(await countedLoads());
    expect(Object.values(shown).reduce((a, l) => a + l.assigned, 0)).toBe(2 * N);
  });

  it('count a submitted review once, however often it is revised', async () => {
    const review = (await storedReviews())[0]!;
    const who = bySub.get(review.reviewerSub)!;
    const url = `${base()}/rounds/${roundId}/reviews/${review.submissionId}`;
    const scores = Object.fromEntries(rubric.map((c) => [c, 4]));
    const saved = await h.call('PUT', url, who, { scores, overallComment: 'Good.', version: review.version });
    expect(saved.status, saved.text).toBe(200);
    expect((await shownLoads())[who.sub]).toMatchObject({ submitted: 0 }); // a draft is not done
    const submitted = await h.call('POST', `${url}/submit`, who, { version: saved.json.version });
    expect(submitted.status, submitted.text).toBe(200);
    const revised = await h.call('PUT', url, who, { scores, overallComment: 'Good, revised.', version: submitted.json.version });
    expect(revised.status, revised.text).toBe(200);
    const shown = await shownLoads();
    expect(shown[who.sub]!.submitted).toBe(1);
    expect(shown).toEqual(await countedLoads());
  });

  it('follow a declared conflict (withdrawn, handed on), a dropped reviewer and a re-run', async () => {
    const open = (await storedReviews()).find((r) => r.status === 'assigned')!;
    const declared = await h.call('POST', `${base()}/rounds/${roundId}/reviews/${open.submissionId}/conflict`, bySub.get(open.reviewerSub)!, { reason: 'I advise them.' });
    expect(declared.status, declared.text).toBe(204);
    await h.jobsSettled();
    expect(await shownLoads()).toEqual(await countedLoads());
    const dropped = smes.find((s) => s.sub !== open.reviewerSub)!;
    const drop = await h.call('POST', `${base()}/rounds/${roundId}/reviewers/${dropped.sub}/drop`, people.organiser);
    // Dropped at once; the assignment job (the answer) hands the reviews on.
    expect(drop.status, drop.text).toBe(202);
    expect(drop.json).toMatchObject({ kind: 'assignment', params: { roundId } });
    await h.jobsSettled();
    const afterDrop = await countedLoads();
    expect(afterDrop[dropped.sub]!.assigned - afterDrop[dropped.sub]!.submitted).toBe(0);
    expect(await shownLoads()).toEqual(afterDrop);
    await assign();
    expect(await shownLoads()).toEqual(await countedLoads());
  });

  it("are read from the page's load items: the round's reviews are not read at all", async () => {
    const queried: string[] = [];
    const stop = h.db.onCall((e) => {
      if (e.phase === 'start' && e.operation === 'Query') queried.push(String((e.input.ExpressionAttributeValues as Record<string, unknown> | undefined)?.[':s'] ?? ''));
    });
    try {
      expect(Object.keys(await shownLoads())).toHaveLength(N);
    } finally {
      stop();
    }
    expect(queried.filter((prefix) => prefix.startsWith('REVIEW#'))).toEqual([]);
  });

  it('never count a review twice when its assignment is written again (a job resumed after a crash)', async () => {
    const before = await shownLoads();
    const reviews = await storedReviews();
    // The repository's batched write (the job's), repeated for pairs already stored.
    await h.deps.evaluation.createAssignments(reviews.map((r) => ({ ...r, competitionId: cid })));
    expect(await shownLoads()).toEqual(before);
    expect(await shownLoads()).toEqual(await countedLoads());
  });

  it('a refused withdrawal leaves the load as it was; a lost move (a crash between two writes) is repaired by a count', async () => {
    const reviews = await storedReviews();
    const done = reviews.find((r) => r.status === 'submitted')!;
    expect(await h.deps.evaluation.removeUnstartedAssignment(cid, roundId, done.submissionId, done.reviewerSub)).toBe(false);
    expect(await h.deps.evaluation.removeUnsubmittedAssignment(cid, roundId, done.submissionId, done.reviewerSub)).toBe(false);
    const unassigned = smes.find((s) => !reviews.some((r) => r.reviewerSub === s.sub && r.submissionId === done.submissionId))!;
    await h.deps.evaluation.removeUnsubmittedAssignment(cid, roundId, done.submissionId, unassigned.sub); // no such assignment
    const expected = await countedLoads();
    expect(await shownLoads()).toEqual(expected);
    // A move lost: the reviewer's load item is gone, as if every write to it had died half-way.
    await h.db.send(new DeleteCommand({ TableName: h.table, Key: keys.reviewerLoad(cid, roundId, done.reviewerSub) }));
    expect((await shownLoads())[done.reviewerSub]).toEqual({ assigned: 0, submitted: 0 });
    await h.deps.evaluation.countReviewerLoads(cid, roundId);
    expect(await shownLoads()).toEqual(expected);
  });

  it('a round from before load items: right loads at once, counted once by a job, then read from the items', async () => {
    const expected = await countedLoads();
    // Make the round look as it did before load items existed: no marker, no load items.
    await h.db.send(new DeleteCommand({ TableName: h.table, Key: keys.reviewerLoadsCounted(cid, roundId) }));
    for (const s of smes) await h.db.send(new DeleteCommand({ TableName: h.table, Key: keys.reviewerLoad(cid, roundId, s.sub) }));
    const release = h.holdJobs();
    expect(await shownLoads()).toEqual(expected); // counted from the reviews meanwhile
    expect(await loadItem(smes[0]!.sub)).toBeUndefined();
    release();
    await h.jobsSettled();
    const jobs = (await h.call('GET', `${base()}/jobs`, people.organiser)).json.items as { kind: string; state: string; params: { roundId?: string } }[];
    expect(jobs.filter((j) => j.kind === 'reviewer-loads' && j.params.roundId === roundId).map((j) => j.state)).toEqual(['succeeded']);
    const marker = await h.db.send(new GetCommand({ TableName: h.table, Key: keys.reviewerLoadsCounted(cid, roundId), ConsistentRead: true }));
    expect(marker.Item).toBeDefined();
    const busiest = Object.entries(expected).sort((a, b) => b[1].assigned - a[1].assigned)[0]!;
    expect(((await loadItem(busiest[0]))?.assigned as Set<string>).size).toBe(busiest[1].assigned);
    expect(await shownLoads()).toEqual(expected);
    // From now on the list reads the items (a second count adds nothing twice).
    await h.deps.evaluation.countReviewerLoads(cid, roundId);
    expect(await shownLoads()).toEqual(expected);
    await h.db.send(new DeleteCommand({ TableName: h.table, Key: keys.reviewerLoad(cid, roundId, busiest[0]) }));
    expect((await shownLoads())[busiest[0]]).toEqual({ assigned: 0, submitted: 0 });
  });
});
