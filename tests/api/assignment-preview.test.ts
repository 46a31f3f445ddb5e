/**
 * The assignment preview as a job: `POST …/assignment/preview` answers 202 with the job, the job
 * computes the plan and stores it (S3, under exports/), and `GET …/assignment/preview/{jobId}`
 * answers its summary with one page of its pairs. Asserted on what the API serves against the
 * plan the solver gives for the same round: the pages join to exactly that plan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { previewAssignment } from '../../functions/use-cases/assignment.ts';
import { SHORTFALLS_SHOWN } from '../../functions/use-cases/assignment-preview-job.ts';
import { peerRoundWorld, previewPlan } from '../support/assignment-preview.ts';
import { people, startHarness, type Harness } from '../support/api-harness.ts';

let h: Harness;
let cid: string;
let roundId: string;
const N = 7;
const smes: Identity[] = Array.from({ length: N }, (_, i) => ({ sub: `u-ap${i}`, email: `ap${i}@demo.test`, name: `Entrant ${i}`, groups: [] }));
const base = () => `/api/competitions/${cid}`;
const preview = () => `${base()}/rounds/${roundId}/assignment/preview`;
const key = (x: { submissionId: string; reviewerSub: string }) => `${x.submissionId}/${x.reviewerSub}`;

async function start(who: Identity = people.organiser) {
  const started = await h.call('POST', preview(), who);
  expect(started.status, started.text).toBe(202);
  return started.json;
}

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  ({ cid, roundId } = await peerRoundWorld(h, { title: 'Assignment previews', smes, registryPrefix: 'BE07100000' }));
});
afterAll(() => h.stop());

describe('the assignment preview as a job', () => {
  it('answers 202 with the job; its pages join to exactly the plan the solver gives, and nothing is assigned', async () => {
    const got = await previewPlan(h, cid, roundId, people.organiser, 3);
    expect(got.job).toMatchObject({ kind: 'assignment-preview', params: { roundId }, state: 'succeeded' });
    const direct = await previewAssignment(h.deps, people.organiser, cid, roundId);
    expect(direct.result.pairs.length).toBe(N * 2);
    // Every page: the same summary; all pages: every pair once, in the plan's order.
    expect(got.pages.length).toBe(Math.ceil(N * 2 / 3));
    for (const p of got.pages) expect((p as { summary: unknown }).summary).toEqual(got.summary);
    expect(got.result.pairs).toEqual(direct.result.pairs);
    expect(got.added.map(key).sort()).toEqual(direct.added.map(key).sort());
    expect(got.removed).toEqual([]);
    const { pairs: _p, shortfalls, ...rest } = direct.result;
    expect(got.summary.result).toEqual({ ...rest, shortfalls: shortfalls.slice(0, SHORTFALLS_SHOWN), shortfallCount: shortfalls.length });
    expect(got.summary).toMatchObject({ roundId, submissions: N, reviewers: direct.reviewers, conflicts: direct.conflicts, counts: { pairs: N * 2, added: N * 2, removed: 0, kept: 0, items: N * 2 } });
    expect(got.job.result.counts).toEqual({ pairs: N * 2, added: N * 2, removed: 0, kept: 0, shortfalls: 0 });
    // A preview saves nothing.
    expect((await h.call('GET', `${base()}/rounds/${roundId}/reviews`, people.organiser)).json.items).toEqual([]);
  });

  it('pages with a cursor: the second page starts where the first ended; a foreign or altered cursor is a 400', async () => {
    const job = await start();
    await h.jobsSettled();
    const first = await h.call('GET', `${preview()}/${job.id}?limit=5`, people.organiser);
    expect(first.status, first.text).toBe(200);
    expect(first.json.items).toHaveLength(5);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await h.call('GET', `${preview()}/${job.id}?limit=5&cursor=${first.json.nextCursor}`, people.organiser);
    expect(second.status, second.text).toBe(200);
    const all = await h.call('GET', `${preview()}/${job.id}?limit=200`, people.organiser);
    expect(all.json.nextCursor).toBeUndefined();
    expect([...first.json.items, ...second.json.items]).toEqual(all.json.items.slice(0, 10));
    const third = await h.call('GET', `${preview()}/${job.id}?limit=5&cursor=${second.json.nextCursor}`, people.organiser);
    expect(third.json.items).toEqual(all.json.items.slice(10));
    expect(third.json.nextCursor).toBeUndefined();

    // A cursor of another preview, a forged position, or noise: 400 on the cursor, never a 500.
    const other = await start();
    await h.jobsSettled();
    const forged = Buffer.from(JSON.stringify({ preview: job.id, at: 10_000 })).toString('base64url');
    for (const [id, cursor] of [[other.id, first.json.nextCursor], [job.id, forged], [job.id, 'not-a-cursor'], [job.id, '%00']]) {
      const r = await h.call('GET', `${preview()}/${id}?limit=5&cursor=${cursor}`, people.organiser);
      expect({ cursor, status: r.status }).toEqual({ cursor, status: 400 });
      expect(r.json.error.fields).toHaveProperty('cursor');
    }
  });

  it('answers 409 while the job runs; starting again meanwhile answers the same job', async () => {
    const release = h.holdJobs();
    let job;
    try {
      job = await start();
      expect((await start()).id).toBe(job.id);
      const early = await h.call('GET', `${preview()}/${job.id}`, people.organiser);
      expect(early.status).toBe(409);
      expect(early.json.error.code).toBe('INVALID_STATE');
    } finally {
      release();
    }
    await h.jobsSettled();
    expect((await h.call('GET', `${preview()}/${job.id}`, people.organiser)).status).toBe(200);
  });

  it('is for the organisers of the competition only, and for preview jobs of this round only', async () => {
    const job = await start();
    await h.jobsSettled();
    // Entrants in the peer round are its reviewers: refused too.
    for (const [who, status] of [[people.otherOrganiser, 403], [smes[0], 403], [undefined, 401]] as const) {
      expect((await h.call('POST', preview(), who)).status).toBe(status);
      const read = await h.call('GET', `${preview()}/${job.id}`, who);
      expect(read.status).toBe(status);
      expect(read.text).not.toContain(smes[1]!.sub);
    }
    expect((await h.call('POST', `${base()}/rounds/no-such-round/assignment/preview`, people.organiser)).status).toBe(404);
    // Another round's path, or a job of another kind: not found.
    expect((await h.call('GET', `${base()}/rounds/no-such-round/assignment/preview/${job.id}`, people.organiser)).status).toBe(404);
    const exported = await h.call('POST', `${base()}/exports`, people.organiser, { file: 'submissions.csv' });
    await h.jobsSettled();
    expect((await h.call('GET', `${preview()}/${exported.json.id}`, people.organiser)).status).toBe(404);
    expect((await h.call('GET', `${preview()}/no-such-job`, people.organiser)).status).toBe(404);
    // The organiser of another competition cannot read it through their own competition either.
    expect((await h.call('GET', `/api/competitions/no-such-competition/rounds/${roundId}/assignment/preview/${job.id}`, people.otherOrganiser)).status).toBe(404);
  });

  it('after a run, shows every pair kept', async () => {
    const run = await h.call('POST', `${base()}/rounds/${roundId}/assignment`, people.organiser);
    expect(run.status).toBe(202);
    await h.jobsSettled();
    const got = await previewPlan(h, cid, roundId, people.organiser);
    const saved = (await h.call('GET', `${base()}/rounds/${roundId}/reviews`, people.organiser)).json.items as { submissionId: string; reviewerSub: string }[];
    expect(got.items.map(key).sort()).toEqual(saved.map(key).sort());
    expect(got.items.every((x) => x.change === 'kept')).toBe(true);
    expect(got.summary.counts).toEqual({ pairs: N * 2, added: 0, removed: 0, kept: N * 2, items: N * 2 });
  });
});
