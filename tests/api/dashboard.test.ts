/**
 * The organiser dashboard against dynalite (use-cases/dashboard.ts): the counters move at the
 * transitions and only there, once each (retries and draft saves move nothing), on the day of
 * the competition's time zone; the per-round figures follow the assignment job and the reviews;
 * the recount job finds what the counters say, puts lost counts back and fills in a competition
 * that has none; who may read it; and the DynamoDB calls per view do not grow with the entries.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { recordRoundTrips } from '../support/db-round-trips.ts';
import { competitionInput, openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';
import { decidedWorld, jury } from '../support/results-world.ts';
import { DEMO_ACCOUNTS } from '../../functions/local/demo-accounts.ts';
import { DEMO_COMPETITION_TITLE, seedDemoData } from '../../functions/local/seed.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
});
afterAll(() => h.stop());

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/video/${name}`, import.meta.url)));

async function ok(r: Promise<{ status: number; text: string; json: any }>, what: string, status?: number) {
  const res = await r;
  if (status ? res.status !== status : res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text}`);
  return res.json;
}

const dashboard = (cid: string, who: Identity = people.organiser) => ok(h.call('GET', `/api/competitions/${cid}/dashboard`, who), 'dashboard');

/** The competition's day items as stored (to prove what a request wrote, or did not). */
async function dayItems(cid: string) {
  return (await h.allItems()).filter((i) => i.pk === `COMP#${cid}` && String(i.sk).startsWith('DASHDAY#')).sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
}

async function uploadPitch(who: Identity, base: string, sid: string, file: string) {
  const clip = fixture(file);
  const up = await ok(h.call('POST', `${base}/submissions/${sid}/pitch/uploads`, who, { fileName: file, sizeBytes: clip.length, contentType: 'video/mp4' }), 'upload');
  const put = await fetch(up.pendingParts[0].url, { method: 'PUT', body: clip });
  expect(put.ok).toBe(true);
  await ok(h.call('PUT', `${base}/submissions/${sid}/pitch/uploads/${up.id}/parts/1`, who, { etag: put.headers.get('etag') }), 'part', 204);
  await ok(h.call('POST', `${base}/submissions/${sid}/pitch/uploads/${up.id}/complete`, who), 'complete');
  await h.settle();
}

async function recount(cid: string) {
  const started = await ok(h.call('POST', `/api/competitions/${cid}/dashboard/recount`, people.organiser), 'recount', 202);
  await h.jobsSettled();
  const job = await ok(h.call('GET', `/api/competitions/${cid}/jobs/${started.id}`, people.organiser), 'job');
  expect(job.state, JSON.stringify(job.error)).toBe('succeeded');
  return job;
}

describe('counters move at the transitions, once each', () => {
  let cid: string;
  let base: string;
  let sid1: string;
  let sid2: string;

  it('starts at zero, with a series over the call from its opening day to today', async () => {
    h.clock.set('2026-12-01T10:00:00Z');
    const c = await openCompetition(h, { title: 'Dashboard call' });
    cid = c.id;
    base = `/api/competitions/${cid}`;
    const d = await dashboard(cid);
    expect(d.totals).toEqual({ registered: 0, drafts: 0, submitted: 0, withdrawn: 0, pitchesReady: 0, pitchesRejected: 0 });
    expect(d.timeZone).toBe('Europe/Brussels');
    // Opens 2026-11-30 09:00 Brussels; today is 1 December there.
    expect(d.series.days).toEqual(['2026-11-30', '2026-12-01']);
    expect(d.rounds).toEqual([]);
    expect(d.recount).toBeUndefined();
  });

  it('counts a registration once; a second attempt is refused and counts nothing', async () => {
    await ok(h.call('POST', `${base}/registration`, people.sme1, registrationInput()), 'register');
    const again = await h.call('POST', `${base}/registration`, people.sme1, registrationInput());
    expect(again.status).toBe(409);
    expect((await dashboard(cid)).totals.registered).toBe(1);
  });

  it('counts a new draft, then nothing for its saves (no write at all)', async () => {
    const s = await ok(h.call('POST', `${base}/submissions`, people.sme1, submissionContent()), 'create');
    sid1 = s.id;
    expect((await dashboard(cid)).totals).toMatchObject({ drafts: 1, submitted: 0 });
    const before = await dayItems(cid);
    let version = s.version;
    for (const title of ['Second title', 'Third title']) version = (await ok(h.call('PUT', `${base}/submissions/${sid1}`, people.sme1, { ...submissionContent({ title }), version }), 'save')).version;
    expect(await dayItems(cid)).toEqual(before);
    // Submitting moves the entry from drafts to submitted; the same request again (a retry with the old version) moves nothing.
    await ok(h.call('POST', `${base}/submissions/${sid1}/submit`, people.sme1, { version }), 'submit');
    const retry = await h.call('POST', `${base}/submissions/${sid1}/submit`, people.sme1, { version });
    expect(retry.status).toBe(409);
    expect((await dashboard(cid)).totals).toMatchObject({ drafts: 0, submitted: 1, withdrawn: 0 });
  });

  it('counts on the day of the competition’s time zone, not UTC', async () => {
    // 23:30 UTC on 2 December is 00:30 on 3 December in Brussels.
    h.clock.set('2026-12-02T23:30:00Z');
    await ok(h.call('POST', `${base}/registration`, people.sme2, registrationInput({ organisationName: 'Second BV', registryId: 'BE 0999.111.222' })), 'register 2');
    const s = await ok(h.call('POST', `${base}/submissions`, people.sme2, submissionContent({ title: 'Second idea' })), 'create 2');
    sid2 = s.id;
    const d = await dashboard(cid);
    expect(d.today).toBe('2026-12-03');
    expect(d.series.days).toEqual(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03']);
    expect(d.series.counts.registered).toEqual([0, 1, 1, 2]);
    expect(d.series.counts.drafts).toEqual([0, 0, 0, 1]);
    expect(d.series.counts.submitted).toEqual([0, 1, 1, 1]);
    expect((await dayItems(cid)).map((i) => i.sk)).toEqual(['DASHDAY#2026-12-01', 'DASHDAY#2026-12-03']);
  });

  it('counts a withdrawal once', async () => {
    const mine = await ok(h.call('GET', `${base}/submissions/${sid1}`, people.sme1), 'read');
    await ok(h.call('POST', `${base}/submissions/${sid1}/withdraw`, people.sme1, { version: mine.version }), 'withdraw');
    expect((await h.call('POST', `${base}/submissions/${sid1}/withdraw`, people.sme1, { version: mine.version })).status).toBe(409);
    expect((await dashboard(cid)).totals).toMatchObject({ submitted: 0, withdrawn: 1, drafts: 1 });
  });

  it('counts an entry with a ready pitch once (a replacement adds none) and every rejected upload', async () => {
    await uploadPitch(people.sme2, base, sid2, 'faststart.mp4');
    expect((await dashboard(cid)).totals).toMatchObject({ pitchesReady: 1, pitchesRejected: 0 });
    await uploadPitch(people.sme2, base, sid2, 'faststart.mp4'); // replaces the first
    await uploadPitch(people.sme2, base, sid2, 'not-a-video.mp4'); // rejected; the current pitch stays
    expect((await dashboard(cid)).totals).toMatchObject({ pitchesReady: 1, pitchesRejected: 1 });
  });

  it('counts once when the same transition is asked for twice at once', async () => {
    const before = (await dashboard(cid)).totals;
    const register = await Promise.all([0, 1].map(() => h.call('POST', `${base}/registration`, people.sme3, registrationInput({ organisationName: 'Third BV', registryId: 'BE 0777.111.333' }))));
    expect(register.map((r) => r.status).sort()).toEqual([201, 409]);
    const s = await ok(h.call('POST', `${base}/submissions`, people.sme3, submissionContent({ title: 'Third idea' })), 'create 3');
    const submits = await Promise.all([0, 1].map(() => h.call('POST', `${base}/submissions/${s.id}/submit`, people.sme3, { version: s.version })));
    expect(submits.map((r) => r.status).sort()).toEqual([200, 409]);
    const after = (await dashboard(cid)).totals;
    expect(after).toEqual({ ...before, registered: before.registered + 1, submitted: before.submitted + 1 });
  });

  it('the recount finds what the counters say', async () => {
    const before = await dashboard(cid);
    const job = await recount(cid);
    expect(job.result.counts.corrected).toBe(0);
    const after = await dashboard(cid);
    expect(after.totals).toEqual(before.totals);
    expect(after.series).toEqual(before.series);
    expect(after.recount).toMatchObject({ jobId: job.id });
  });

  it('puts a lost count back, and fills in a competition that has no counters', async () => {
    const truth = await dashboard(cid);
    // A crash between a registration and its count: the 3 December item lost its registration.
    const [, third] = await dayItems(cid);
    await h.putRaw({ ...third, c_registered: 0 });
    expect((await dashboard(cid)).totals.registered).toBe(1);
    const job = await recount(cid);
    expect(job.result.counts.corrected).toBe(1);
    expect((await dashboard(cid)).totals).toEqual(truth.totals);

    // A competition from before the counters: every day item empty.
    for (const item of await dayItems(cid)) await h.putRaw({ pk: item.pk, sk: item.sk, type: 'DashboardDay', schemaVersion: 1, day: item.day });
    expect((await dashboard(cid)).totals).toEqual({ registered: 0, drafts: 0, submitted: 0, withdrawn: 0, pitchesReady: 0, pitchesRejected: 0 });
    await recount(cid);
    const restored = await dashboard(cid);
    expect(restored.totals).toEqual(truth.totals);
    // Its history is the items': the withdrawn entry shows submitted on its day, withdrawn on its own.
    expect(restored.series.counts.registered).toEqual(truth.series.counts.registered);
    expect(restored.series.counts.withdrawn).toEqual(truth.series.counts.withdrawn);
  });
});

describe('per round: reviews done and pending, reviewers with none done', () => {
  it('follows the assignment job and the submitted reviews, and the recount agrees', async () => {
    const w = await decidedWorld(h, { n: 6, title: 'Reviewed call', prefix: 'rv', reviewed: 4, keepRoundOpen: true });
    await h.jobsSettled();
    const d = await dashboard(w.cid);
    expect(d.totals).toMatchObject({ registered: 6, submitted: 6, drafts: 0 });
    expect(d.rounds).toEqual([
      expect.objectContaining({ roundId: w.roundId, name: 'Jury', kind: 'jury', assigned: 6, done: 4, pending: 2, reviewers: 1, reviewersWithNoneDone: 0 }),
    ]);
    // The series: assigned and reviewed on 1 December (the world's day), seen on the 10th.
    const series = d.series.rounds.find((r: { roundId: string }) => r.roundId === w.roundId);
    const first = d.series.days.indexOf('2026-12-01');
    expect(series.done[first]).toBe(4);
    expect(series.pending[first]).toBe(2);
    expect(series.done.at(-1)).toBe(4);
    expect(d.series.days.at(-1)).toBe('2026-12-10');

    const job = await recount(w.cid);
    expect(job.result.counts.corrected).toBe(0);
    expect((await dashboard(w.cid)).series).toEqual(d.series);

    // The jury member declares a conflict on an entry not yet reviewed: that assignment is withdrawn
    // (nobody else can take it), on the 10th — counted once, and the recount agrees.
    const conflict = await h.call('POST', `${w.base}/rounds/${w.roundId}/reviews/${w.subs[5]}/conflict`, jury, { reason: 'I advise this company.' });
    expect(conflict.status, conflict.text).toBe(204);
    await h.jobsSettled();
    const after = await dashboard(w.cid);
    expect(after.rounds[0]).toMatchObject({ assigned: 5, done: 4, pending: 1 });
    const moved = after.series.rounds[0];
    expect(moved.pending.at(-1)).toBe(1);
    expect(moved.pending[first]).toBe(2);
    // The recount agrees on the figures now; its history is the items': a withdrawn assignment
    // leaves no item, so it never was (the 1st loses one assigned, the 10th its withdrawal).
    expect((await recount(w.cid)).result.counts.corrected).toBe(2);
    const recounted = await dashboard(w.cid);
    expect(recounted.rounds).toEqual(after.rounds);
    expect(recounted.series.rounds[0].pending[first]).toBe(1);
    expect(recounted.series.rounds[0].pending.at(-1)).toBe(1);
  });

  it('counts a reviewer who has done none', async () => {
    const w = await decidedWorld(h, { n: 3, title: 'Unreviewed call', prefix: 'un', reviewed: 0, keepRoundOpen: true });
    await h.jobsSettled();
    const [round] = (await dashboard(w.cid)).rounds;
    expect(round).toMatchObject({ assigned: 3, done: 0, pending: 3, reviewers: 1, reviewersWithNoneDone: 1 });
  });
});

describe('who may read it', () => {
  it('organisers only (401 signed out, 403 others, 404 for a draft they cannot see); a recount likewise', async () => {
    h.clock.set('2026-12-01T10:00:00Z');
    const c = await openCompetition(h, { title: 'Access call' });
    await ok(h.call('POST', `/api/competitions/${c.id}/registration`, people.sme1, registrationInput()), 'register');
    const path = `/api/competitions/${c.id}/dashboard`;
    expect((await h.call('GET', path)).status).toBe(401);
    expect((await h.call('GET', path, people.sme1)).status).toBe(403);
    expect((await h.call('GET', path, people.otherOrganiser)).status).toBe(403);
    expect((await h.call('POST', `${path}/recount`, people.sme1)).status).toBe(403);
    const draft = await ok(h.call('POST', '/api/competitions', people.organiser, competitionInput({ title: 'Draft call' })), 'draft');
    expect((await h.call('GET', `/api/competitions/${draft.id}/dashboard`, people.otherOrganiser)).status).toBe(404);
    expect((await h.call('GET', `/api/competitions/${draft.id}/dashboard`, people.organiser)).status).toBe(200);
    expect((await h.call('GET', '/api/competitions/no-such-one/dashboard', people.organiser)).status).toBe(404);
  });
});

describe('the cost of a view does not grow with the competition', () => {
  it('the same DynamoDB calls and round trips with 4 entries as with 16', async () => {
    const recorder = recordRoundTrips(h.db);
    const small = await decidedWorld(h, { n: 4, title: 'Small', prefix: 'sm', reviewed: 2, keepRoundOpen: true });
    const large = await decidedWorld(h, { n: 16, title: 'Large', prefix: 'lg', reviewed: 9, keepRoundOpen: true });
    await h.jobsSettled();
    const cost = async (cid: string) => {
      const { result, calls, sequential } = await recorder.measure(() => h.call('GET', `/api/competitions/${cid}/dashboard`, people.organiser));
      expect(result.status).toBe(200);
      return { operations: calls.map((c) => c.operation).sort(), sequential, json: result.json };
    };
    const a = await cost(small.cid);
    const b = await cost(large.cid);
    expect(b.json.totals.submitted).toBe(16);
    expect(b.json.rounds[0]).toMatchObject({ assigned: 16, done: 9 });
    expect(b.operations).toEqual(a.operations);
    expect(b.sequential).toBe(a.sequential);
    // Access and the counters together, then the rounds' load items: two round trips.
    expect(a.sequential).toBeLessThanOrEqual(2);
  });
});

describe('the demo', () => {
  it('has a week of history: entrants registered, drafted and submitted on different days', async () => {
    const demoHarness = await startHarness('2026-12-01T10:30:00Z');
    try {
      await seedDemoData(demoHarness.deps, [...DEMO_ACCOUNTS]);
      const organiser = DEMO_ACCOUNTS.find((a) => a.email === 'organiser@demo.test')!;
      const demo = (await demoHarness.call('GET', '/api/competitions')).json.items.find((c: { title: string }) => c.title === DEMO_COMPETITION_TITLE);
      const d = (await demoHarness.call('GET', `/api/competitions/${demo.id}/dashboard`, organiser)).json;
      expect(d.totals).toMatchObject({ registered: 4, drafts: 1, submitted: 3 });
      // Opened a week ago (24 November), seen on 1 December.
      expect(d.series.days).toEqual(['2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01']);
      expect(d.series.counts.registered).toEqual([0, 1, 2, 3, 3, 4, 4, 4]);
      expect(d.series.counts.submitted).toEqual([0, 0, 0, 0, 1, 2, 3, 3]);
      expect(d.series.counts.drafts).toEqual([0, 1, 1, 2, 2, 1, 1, 1]);
      expect(d.rounds.map((r: { kind: string }) => r.kind)).toEqual(['peer', 'investor']);
    } finally {
      await demoHarness.stop();
    }
  });
});
