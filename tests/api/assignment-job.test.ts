/**
 * The assignment as a job: `POST …/assignment` checks the request and answers 202 with the job;
 * the job plans and writes the assignments in batches. Asserted on what is stored: the plan the
 * preview showed is what ends up saved, a re-run adds nothing, a run cut short by a failure is
 * completed by its retry without a pair twice, and a wrong request is refused before any job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';
import { peerRoundWorld, previewPlan } from '../support/assignment-preview.ts';

let h: Harness;
let cid: string;
let roundId: string;
const N = 6;
const smes: Identity[] = Array.from({ length: N }, (_, i) => ({ sub: `u-aj${i}`, email: `aj${i}@demo.test`, name: `Entrant ${i}`, groups: [] }));
const base = () => `/api/competitions/${cid}`;

type Stored = { submissionId: string; reviewerSub: string; status: string; version: number };
const stored = async () =>
  ((await h.call('GET', `${base()}/rounds/${roundId}/reviews`, people.organiser)).json.items as Stored[])
    .map((r) => ({ submissionId: r.submissionId, reviewerSub: r.reviewerSub, status: r.status, version: r.version }))
    .sort((a, b) => a.submissionId.localeCompare(b.submissionId) || a.reviewerSub.localeCompare(b.reviewerSub));
const pairs = (rs: { submissionId: string; reviewerSub: string }[]) => rs.map((r) => `${r.submissionId}/${r.reviewerSub}`).sort();

async function assignmentAudits() {
  const page = await h.call('GET', `${base()}/audit?limit=100`, people.organiser);
  return (page.json.items as { action: string; after: Record<string, unknown> }[]).filter((e) => e.action === 'assignment.run');
}

async function run() {
  const started = await h.call('POST', `${base()}/rounds/${roundId}/assignment`, people.organiser);
  expect(started.status, started.text).toBe(202);
  await h.jobsSettled();
  return (await h.call('GET', `${base()}/jobs/${started.json.id}`, people.organiser)).json;
}

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  ({ cid, roundId } = await peerRoundWorld(h, { title: 'Assignment jobs', smes, registryPrefix: 'BE07000000' }));
});
afterAll(() => h.stop());

describe('starting an assignment', () => {
  it('refuses a wrong request at once, before any job exists', async () => {
    expect((await h.call('POST', `${base()}/rounds/no-such-round/assignment`, people.organiser)).status).toBe(404);
    expect((await h.call('POST', `${base()}/rounds/${roundId}/assignment`, smes[0])).status).toBe(403);
    expect((await h.call('POST', `${base()}/rounds/${roundId}/assignment`)).status).toBe(401);
    h.clock.set('2026-12-21T00:00:00Z'); // the round has closed
    const closed = await h.call('POST', `${base()}/rounds/${roundId}/assignment`, people.organiser);
    expect(closed.status).toBe(409);
    expect(closed.json.error.message).toContain('closed');
    h.clock.set('2026-12-01T10:00:00Z');
    expect((await h.call('GET', `${base()}/jobs`, people.organiser)).json.items.filter((j: { kind: string }) => j.kind === 'assignment')).toEqual([]);
    expect(await stored()).toEqual([]);
  });

  it('answers 202 with the job, which saves exactly the plan the preview showed, audited once', async () => {
    const preview = await previewPlan(h, cid, roundId, people.organiser);
    const job = await run();
    expect(job).toMatchObject({ kind: 'assignment', params: { roundId }, state: 'succeeded', attempts: 1 });
    expect(job.result.counts).toEqual({ added: 2 * N, removed: 0, kept: 0, shortfalls: 0 });
    expect(job.progress).toMatchObject({ done: 2 * N, total: 2 * N });
    const saved = await stored();
    expect(pairs(saved)).toEqual(pairs(preview.added));
    expect(new Set(pairs(saved)).size).toBe(2 * N);
    expect(await assignmentAudits()).toHaveLength(1);
  });

  it('a re-run adds nothing and leaves a started review as it is', async () => {
    const before = await stored();
    const mine = before.find((r) => r.reviewerSub === smes[0]!.sub)!;
    const draft = await h.call('PUT', `${base()}/rounds/${roundId}/reviews/${mine.submissionId}`, smes[0], { scores: {}, overallComment: 'Started', version: 1 });
    expect(draft.status, draft.text).toBe(200);
    const job = await run();
    expect(job.result.counts).toEqual({ added: 0, removed: 0, kept: 2 * N, shortfalls: 0 });
    const after = await stored();
    expect(pairs(after)).toEqual(pairs(before));
    expect(after.find((r) => r.submissionId === mine.submissionId && r.reviewerSub === mine.reviewerSub)).toMatchObject({ status: 'draft', version: 2 });
    expect(await assignmentAudits()).toHaveLength(2);
  });

  it('two starts at once make one job', async () => {
    const [a, b] = await Promise.all([
      h.call('POST', `${base()}/rounds/${roundId}/assignment`, people.organiser),
      h.call('POST', `${base()}/rounds/${roundId}/assignment`, people.organiser),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.json.id).toBe(b.json.id);
    await h.jobsSettled();
  });
});

describe('a run that fails half-way', () => {
  it('is retried, and the retry writes what is missing: every pair once, the audit once', async () => {
    // A fresh plan to write: a seventh entrant joins, and a reviewer leaves (their unstarted reviews go to others).
    const late: Identity = { sub: 'u-aj-late', email: 'late@demo.test', name: 'Late', groups: [] };
    await h.call('POST', `${base()}/registration`, late, registrationInput({ organisationName: 'Org late', registryId: 'BE0799999999', team: [{ name: 'L', email: 'l@late.eu' }] }));
    const s = await h.call('POST', `${base()}/submissions`, late, submissionContent({ title: 'Idea late', sectors: ['energy'] }));
    expect((await h.call('POST', `${base()}/submissions/${s.json.id}/submit`, late, { version: 1 })).status).toBe(200);
    const preview = await previewPlan(h, cid, roundId, people.organiser);
    expect(preview.added.length).toBeGreaterThan(1);
    const audits = (await assignmentAudits()).length;

    // The first attempt writes one assignment, then its process "dies" (an unexpected error).
    const evaluation = h.deps.evaluation;
    const real = evaluation.createAssignments;
    let calls = 0;
    evaluation.createAssignments = async (reviews, onProgress) => {
      if (calls++ === 0) {
        await real(reviews.slice(0, 1), onProgress);
        throw new Error('simulated crash after a partial batch');
      }
      return real(reviews, onProgress);
    };
    try {
      const job = await run();
      expect(job).toMatchObject({ state: 'succeeded', attempts: 2 });
      // The figures are the first plan's, although the retry only had the rest to write.
      expect(job.result.counts.added).toBe(preview.added.length);
    } finally {
      evaluation.createAssignments = real;
    }
    const saved = await stored();
    expect(new Set(pairs(saved)).size).toBe(saved.length);
    expect(pairs(saved)).toEqual(pairs([...preview.added, ...saved.filter((r) => !preview.added.some((a) => a.submissionId === r.submissionId && a.reviewerSub === r.reviewerSub))]));
    for (const a of preview.added) expect(pairs(saved)).toContain(`${a.submissionId}/${a.reviewerSub}`);
    const perSubmission = new Map<string, number>();
    for (const r of saved) perSubmission.set(r.submissionId, (perSubmission.get(r.submissionId) ?? 0) + 1);
    expect([...perSubmission.values()].every((n) => n === 2)).toBe(true);
    expect(perSubmission.size).toBe(N + 1);
    expect(await assignmentAudits()).toHaveLength(audits + 1);
  });
});

describe('a reviewer dropped while a run is under way', () => {
  it('joins the run, which plans again: nothing unsubmitted stays with them, every submission keeps k reviews', async () => {
    const team: Identity[] = Array.from({ length: 6 }, (_, i) => ({ sub: `u-ajd${i}`, email: `ajd${i}@demo.test`, name: `Dropper ${i}`, groups: [] }));
    const w = await peerRoundWorld(h, { title: 'Dropped mid-run', smes: team, registryPrefix: 'BE07100000' });
    const url = `/api/competitions/${w.cid}/rounds/${w.roundId}`;
    const leaver = team[5]!;
    // The drop arrives exactly while the run writes its first plan (the moment a real race would hit).
    const evaluation = h.deps.evaluation;
    const write = evaluation.createAssignments.bind(evaluation);
    let dropAnswer: { status: number; json: any } | undefined;
    evaluation.createAssignments = async (chunk, onWritten) => {
      if (!dropAnswer) dropAnswer = await h.call('POST', `${url}/reviewers/${leaver.sub}/drop`, people.organiser);
      return write(chunk, onWritten);
    };
    try {
      const started = await h.call('POST', `${url}/assignment`, people.organiser);
      expect(started.status, started.text).toBe(202);
      await h.jobsSettled();
      expect(dropAnswer?.status).toBe(202);
      expect(dropAnswer?.json.id).toBe(started.json.id); // it joined the run under way
      const job = (await h.call('GET', `/api/competitions/${w.cid}/jobs/${started.json.id}`, people.organiser)).json;
      expect(job.state).toBe('succeeded');
    } finally {
      evaluation.createAssignments = write;
    }
    const reviews = (await h.call('GET', `${url}/reviews?limit=100`, people.organiser)).json.items as Stored[];
    expect(reviews.filter((r) => r.reviewerSub === leaver.sub)).toEqual([]);
    const perSubmission = new Map<string, number>();
    for (const r of reviews) perSubmission.set(r.submissionId, (perSubmission.get(r.submissionId) ?? 0) + 1);
    expect([...perSubmission.values()]).toEqual(Array(6).fill(2));
  });
});
