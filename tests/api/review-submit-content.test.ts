/**
 * Issue 10 cost: "Submit review" sends the form with the submission (`content`), saved and
 * submitted in one write and one request. Refused (incomplete, off the scale, a stale tab), it
 * stores nothing; on a submitted review it revises, as a save does. The reviewer's queue comes
 * from gsi4 (the entry: status, when saved), the whole review from its item.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';

let h: Harness;
let cid = '';
let roundId = '';
let rubric: string[] = [];
const smes = [people.sme1, people.sme2, people.sme3];
const base = () => `/api/competitions/${cid}`;

type QueueGroup = { roundId: string; done: number; items: { submissionId: string; status: string; updatedAt: string }[] };
const queueOf = async (who: typeof people.sme1) => (await h.call('GET', '/api/me/reviews', who)).json.items as QueueGroup[];
const storedReview = async (submissionId: string, reviewerSub: string) =>
  ((await h.call('GET', `${base()}/rounds/${roundId}/reviews`, people.organiser)).json.items as { submissionId: string; reviewerSub: string; status: string; version: number; scores: Record<string, number>; overallComment: string }[]).find(
    (r) => r.submissionId === submissionId && r.reviewerSub === reviewerSub,
  );

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  cid = (await openCompetition(h, { title: 'Submit with content' })).id;
  for (const [i, who] of smes.entries()) {
    expect((await h.call('POST', `${base()}/registration`, who, registrationInput({ organisationName: `Org ${i + 1}`, registryId: `BE020000000${i + 1}`, team: [{ name: 'T', email: `t${i}@org${i}.eu` }] }))).status).toBe(201);
    const s = await h.call('POST', `${base()}/submissions`, who, submissionContent({ title: `Idea ${i + 1}` }));
    expect((await h.call('POST', `${base()}/submissions/${s.json.id}/submit`, who, { version: 1 })).status).toBe(200);
  }
  const round = await h.call('POST', `${base()}/rounds`, people.organiser, { name: 'Peer', kind: 'peer', k: 2, maxLoad: 2, blind: true, opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00', weight: 100 });
  expect(round.status, round.text).toBe(201);
  roundId = round.json.id;
  rubric = (round.json.rubric as { id: string }[]).map((c) => c.id);
  expect((await h.call('POST', `${base()}/rounds/${roundId}/assignment`, people.organiser)).status).toBe(202);
  await h.jobsSettled();
});
afterAll(() => h.stop());

const complete = (value: number) => ({ scores: Object.fromEntries(rubric.map((c) => [c, value])), comments: { [rubric[0]!]: 'Clear problem.' }, overallComment: 'Solid', meet: false, privateNote: '' });

describe('submitting a review with its content', () => {
  it('refuses an incomplete or off-scale form, or a stale tab, storing nothing', async () => {
    const target = (await queueOf(people.sme1))[0]!.items[0]!.submissionId;
    await h.jobsSettled();
    const before = await h.allItems();
    const incomplete = await h.call('POST', `${base()}/rounds/${roundId}/reviews/${target}/submit`, people.sme1, { version: 1, content: { scores: { [rubric[0]!]: 4 } } });
    expect(incomplete.status).toBe(422);
    expect(incomplete.json.error.fields).toHaveProperty(`scores.${rubric[1]!}`);
    const offScale = await h.call('POST', `${base()}/rounds/${roundId}/reviews/${target}/submit`, people.sme1, { version: 1, content: complete(99) });
    expect(offScale.status).toBe(422);
    const stale = await h.call('POST', `${base()}/rounds/${roundId}/reviews/${target}/submit`, people.sme1, { version: 7, content: complete(4) });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('VERSION_CONFLICT');
    expect(await h.allItems()).toEqual(before);
  });

  it('saves and submits a review never saved before, in one request; the queue shows it done', async () => {
    const target = (await queueOf(people.sme1))[0]!.items[0]!.submissionId;
    const r = await h.call('POST', `${base()}/rounds/${roundId}/reviews/${target}/submit`, people.sme1, { version: 1, content: complete(4) });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ status: 'submitted', version: 2, overallComment: 'Solid', scores: complete(4).scores });
    expect(await storedReview(target, people.sme1.sub)).toMatchObject({ status: 'submitted', version: 2, scores: complete(4).scores, overallComment: 'Solid' });
    const group = (await queueOf(people.sme1)).find((g) => g.roundId === roundId)!;
    expect(group.done).toBe(1);
    expect(group.items.find((i) => i.submissionId === target)).toMatchObject({ status: 'submitted', updatedAt: r.json.updatedAt });
  });

  it('revises a submitted review given content, as a save does; without content it stays as it was', async () => {
    const target = (await queueOf(people.sme1))[0]!.items.find((i) => i.status === 'submitted')!.submissionId;
    const again = await h.call('POST', `${base()}/rounds/${roundId}/reviews/${target}/submit`, people.sme1, { version: 2 });
    expect(again.json).toMatchObject({ status: 'submitted', version: 2 });
    const revised = await h.call('POST', `${base()}/rounds/${roundId}/reviews/${target}/submit`, people.sme1, { version: 2, content: { ...complete(5), overallComment: 'Even better' } });
    expect(revised.status, revised.text).toBe(200);
    expect(revised.json).toMatchObject({ status: 'submitted', version: 3, overallComment: 'Even better' });
    expect(await storedReview(target, people.sme1.sub)).toMatchObject({ status: 'submitted', version: 3, scores: complete(5).scores });
  });

  it('still submits a saved draft by its version alone', async () => {
    const item = (await queueOf(people.sme2))[0]!.items[0]!;
    const saved = await h.call('PUT', `${base()}/rounds/${roundId}/reviews/${item.submissionId}`, people.sme2, { ...complete(3), version: 1 });
    expect(saved.json).toMatchObject({ status: 'draft', version: 2 });
    expect((await queueOf(people.sme2))[0]!.items.find((i) => i.submissionId === item.submissionId)).toMatchObject({ status: 'draft', updatedAt: saved.json.updatedAt });
    const submitted = await h.call('POST', `${base()}/rounds/${roundId}/reviews/${item.submissionId}/submit`, people.sme2, { version: 2 });
    expect(submitted.json).toMatchObject({ status: 'submitted', version: 3, scores: complete(3).scores });
  });
});
