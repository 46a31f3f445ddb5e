/**
 * The conflict list at any size (issue 10): the automatic conflicts are worked out by the
 * 'conflicts' job and stored with the version of their inputs; a page reads the pointer, the
 * counter and one page of items, merged with the recorded (declared, entered) conflicts read
 * straight. Two worlds seeded by the scale bench's own seeding (bench/scale/world.ts) share one
 * table: one below SMALL_CONFLICT_LIST (a stale list is worked out on read), one above it (a
 * stale list is answered as stored, marked stale, and refreshed by the job).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHASES, organiser, seedWorld, type World } from '../../bench/scale/world.ts';
import { loadRoundContext } from '../../functions/use-cases/assignment.ts';
import { CONFLICTS_JOB, SMALL_CONFLICT_LIST } from '../../functions/use-cases/conflict-list.ts';
import { startJobFor } from '../../functions/use-cases/jobs.ts';
import { recordRoundTrips } from '../support/db-round-trips.ts';
import { startHarness, submissionContent, type Harness } from '../support/api-harness.ts';

const SMALL = 120;
const LARGE = SMALL_CONFLICT_LIST + 20;

let h: Harness;
let small: World;
let large: World;

beforeAll(async () => {
  h = await startHarness(PHASES.seeding);
  const deps = Object.assign(h.deps, { clock: h.clock });
  small = await seedWorld(deps, h.db, h.table, SMALL, { prefix: 'cs', copy: false, audit: false });
  large = await seedWorld(deps, h.db, h.table, LARGE, { prefix: 'cl', copy: false, audit: false });
  await h.jobsSettled();
  h.clock.set(PHASES.open);
}, 180_000);

afterAll(async () => {
  await h?.stop();
});

type Row = { submissionId: string; reviewerSub: string; source: string; reason: string; recordedAt?: string; submissionTitle: string; reviewerEmail: string };
const path = (w: World, roundId: string) => `/api/competitions/${w.competitionId}/rounds/${roundId}/conflicts`;
const key = (c: Pick<Row, 'submissionId' | 'reviewerSub' | 'source' | 'reason'>) => `${c.submissionId}|${c.reviewerSub}|${c.source}|${c.reason}`;

/** Every page of the list, as the organiser reads it. */
async function allPages(w: World, roundId: string, limit: number) {
  const rows: Row[] = [];
  const answers: any[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const r = await h.call('GET', `${path(w, roundId)}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, organiser);
    expect(r.status, r.text).toBe(200);
    answers.push(r.json);
    rows.push(...r.json.items);
    cursor = r.json.nextCursor;
    if (!cursor) break;
  }
  return { rows, answers };
}

/** What the solver's own context finds from the stored inputs: automatic and recorded, each once. */
async function derived(w: World, roundId: string) {
  const round = (await h.deps.evaluation.getRound(w.competitionId, roundId))!;
  const ctx = await loadRoundContext(h.deps, w.competitionId, round, { withReviews: false });
  return ctx.conflicts.map(key).sort();
}

/** Runs the round's conflicts job to its end (as the refresh a stale page starts). */
async function refresh(w: World, roundId: string) {
  await startJobFor(h.deps, organiser, w.competitionId, CONFLICTS_JOB, { roundId });
  await h.jobsSettled();
}

describe('conflict list', () => {
  it('above the small size: the first look answers the recorded conflicts, stale, with the refresh job; then the stored list, equal to the derivation', async () => {
    const first = await h.call('GET', `${path(large, large.peerRoundId)}?limit=200`, organiser);
    expect(first.status, first.text).toBe(200);
    expect(first.json.stale).toBe(true);
    expect(first.json.refresh).toMatchObject({ kind: CONFLICTS_JOB, params: { roundId: large.peerRoundId } });
    // Nothing derived is stored yet: only the recorded ones, which are always there.
    expect(first.json.items.length).toBeGreaterThan(0);
    expect(first.json.items.every((c: Row) => c.source === 'declared' || c.source === 'organiser')).toBe(true);
    await h.jobsSettled();
    const job = (await h.call('GET', `/api/competitions/${large.competitionId}/jobs/${first.json.refresh.id}`, organiser)).json;
    expect(job.state).toBe('succeeded');

    const { rows, answers } = await allPages(large, large.peerRoundId, 37);
    expect(answers.every((a) => a.stale === false && a.refresh === undefined)).toBe(true);
    expect(answers.length).toBeGreaterThan(5);
    // Each once, by reviewer then submission, and exactly what the solver's context finds.
    expect(new Set(rows.map(key)).size).toBe(rows.length);
    const order = rows.map((c) => `${c.reviewerSub}#${c.submissionId}`);
    expect(order).toEqual([...order].sort());
    expect(rows.map(key).sort()).toEqual(await derived(large, large.peerRoundId));
    // Every entrant's own submission is among them, with titles and addresses.
    expect(rows.filter((c) => c.source === 'own-submission')).toHaveLength(LARGE);
    expect(rows.every((c) => c.submissionTitle !== '' && c.reviewerEmail !== '')).toBe(true);
  });

  it('the stored list is paged with the same DynamoDB calls at both sizes', async () => {
    await refresh(small, small.peerRoundId);
    await refresh(large, large.peerRoundId);
    const recorder = recordRoundTrips(h.db);
    const calls = async (w: World) => {
      const { result, calls } = await recorder.measure(() => h.call('GET', `${path(w, w.peerRoundId)}?limit=100`, organiser));
      expect(result.status).toBe(200);
      expect(result.json.stale).toBe(false);
      expect(result.json.items).toHaveLength(100);
      return calls;
    };
    const atSmall = await calls(small);
    const atLarge = await calls(large);
    expect(atLarge.length, `${atSmall.length} calls at ${SMALL}, ${atLarge.length} at ${LARGE}`).toBeLessThanOrEqual(atSmall.length);
    // The pointer, the counter, one query of each kind, the page's titles and addresses — and no more.
    expect(atLarge.length).toBeLessThanOrEqual(10);
    expect(atLarge.filter((c) => c.operation === 'Query')).toHaveLength(2);
  });

  it('a declared conflict shows at once, without a refresh', async () => {
    await refresh(large, large.investorRoundId);
    const queue = await h.deps.evaluation.listReviewerReviews(large.investors[1]!.sub, large.competitionId);
    const open = queue.find((r) => r.roundId === large.investorRoundId && r.status !== 'submitted');
    expect(open).toBeDefined();
    const investor = { ...large.investors[1]!, groups: [] };
    const declared = await h.call('POST', `/api/competitions/${large.competitionId}/rounds/${large.investorRoundId}/reviews/${open!.submissionId}/conflict`, investor, { reason: 'I sit on their board.' });
    expect(declared.status, declared.text).toBe(204);
    const { rows, answers } = await allPages(large, large.investorRoundId, 100);
    expect(answers[0].stale).toBe(false);
    expect(rows).toContainEqual(expect.objectContaining({ submissionId: open!.submissionId, reviewerSub: investor.sub, source: 'declared', reason: 'I sit on their board.', reviewerEmail: investor.email }));
    await h.jobsSettled();
  });

  it('a changed input makes the stored list stale: it is answered as it was, refreshed by the job, then current with the change', async () => {
    await refresh(large, large.investorRoundId);
    const before = await allPages(large, large.investorRoundId, 100);
    expect(before.answers[0].stale).toBe(false);
    // A new investor whose address is on an entrant's team: a written reviewer record (the repository moves the counter).
    const entrant = large.entrants[3]!;
    const member = (await h.deps.memberships.get(large.competitionId, entrant.sub))!;
    const teamEmail = member.registration!.team[1]!.email;
    await h.deps.evaluation.putReviewer({
      competitionId: large.competitionId,
      roundId: large.investorRoundId,
      sub: 'cl-late-investor',
      email: teamEmail,
      name: 'Late Investor',
      interests: [],
      source: 'invitation',
      active: true,
      joinedAt: PHASES.open,
    });
    const stale = await h.call('GET', `${path(large, large.investorRoundId)}?limit=100`, organiser);
    expect(stale.json.stale).toBe(true);
    expect(stale.json.refresh).toMatchObject({ kind: CONFLICTS_JOB });
    expect(stale.json.items.map(key)).toEqual(before.answers[0].items.map(key));
    await h.jobsSettled();
    const after = await allPages(large, large.investorRoundId, 100);
    expect(after.answers[0].stale).toBe(false);
    expect(after.rows).toContainEqual(expect.objectContaining({ submissionId: entrant.submissionId, reviewerSub: 'cl-late-investor', source: 'same-team-member' }));
    expect(after.rows.map(key).sort()).toEqual(await derived(large, large.investorRoundId));
  });

  it('below the small size a stale list is worked out on read: current at once, nothing started', async () => {
    const entrant = small.entrants[5]!;
    const member = (await h.deps.memberships.get(small.competitionId, entrant.sub))!;
    await h.deps.evaluation.putReviewer({
      competitionId: small.competitionId,
      roundId: small.investorRoundId,
      sub: 'cs-late-investor',
      email: member.registration!.team[1]!.email,
      name: 'Late Investor',
      interests: [],
      source: 'invitation',
      active: true,
      joinedAt: PHASES.open,
    });
    const { rows, answers } = await allPages(small, small.investorRoundId, 50);
    expect(answers.every((a) => a.stale === false && a.refresh === undefined)).toBe(true);
    expect(rows).toContainEqual(expect.objectContaining({ submissionId: entrant.submissionId, reviewerSub: 'cs-late-investor', source: 'same-team-member' }));
    expect(rows.map(key).sort()).toEqual(await derived(small, small.investorRoundId));
  });

  it('the inputs counter moves when an entry enters or leaves `submitted`, not on a draft save', async () => {
    const c = small.competitionId;
    const owner = { ...small.drafts[0]!, groups: [] };
    const url = `/api/competitions/${c}/submissions/${owner.submissionId}`;
    const version = async () => (await h.deps.evaluation.conflictInputs(c)).version;
    const stored = (await h.deps.submissions.get(c, owner.submissionId))!;
    let v = stored.version;
    const content = (title: string) => submissionContent({ title, answers: stored.answers });
    const step = async (method: 'PUT' | 'POST', path: string, body: Record<string, unknown>) => {
      const r = await h.call(method, path, owner, { ...body, version: v });
      expect(r.status, r.text).toBe(200);
      v = r.json.version;
    };
    const v0 = await version();
    await step('PUT', url, content('A draft, saved'));
    expect(await version()).toBe(v0);
    await step('POST', `${url}/submit`, {});
    expect(await version()).toBe(v0 + 1);
    await step('PUT', url, content('A submitted entry, edited'));
    expect(await version()).toBe(v0 + 1);
    await step('POST', `${url}/withdraw`, {});
    expect(await version()).toBe(v0 + 2);
  });

  it('one version from two counters: a counter written before goes on, and only a change of the conflicts moves it', async () => {
    // Prepare: a competition whose CONFLICTINPUTS counter was written before the ranking's item carried a share of it.
    const c = `legacy-counter-${Date.now()}`;
    await h.putRaw({ pk: `COMP#${c}`, sk: 'CONFLICTINPUTS', type: 'ConflictInputs', schemaVersion: 1, version: 41, changedAtMs: 1 });
    const read = () => h.deps.evaluation.conflictInputs(c);
    expect((await read()).version).toBe(41);
    // Act / Assess: the shared write (registering, submitting) moves both counters; a review's moves the ranking's only.
    const at = new Date().toISOString();
    await h.deps.results.noteInputsChanged(c, at, { conflicts: true });
    expect(await read()).toMatchObject({ version: 42, changedAtMs: expect.any(Number) });
    expect((await read()).changedAtMs).toBeGreaterThan(1);
    await h.deps.results.noteInputsChanged(c, at);
    expect((await read()).version).toBe(42);
    expect((await h.deps.results.getInputs(c)).version).toBe(2);
    await h.deps.evaluation.noteConflictInputsChanged(c);
    expect((await read()).version).toBe(43);
  });

  it('refuses a cursor of another round or an altered one with 400', async () => {
    const page = await h.call('GET', `${path(large, large.peerRoundId)}?limit=5`, organiser);
    expect(page.json.nextCursor).toBeDefined();
    expect((await h.call('GET', `${path(large, large.investorRoundId)}?limit=5&cursor=${encodeURIComponent(page.json.nextCursor)}`, organiser)).status).toBe(400);
    expect((await h.call('GET', `${path(large, large.peerRoundId)}?limit=5&cursor=${encodeURIComponent(`x${page.json.nextCursor}`)}`, organiser)).status).toBe(400);
  });
});
