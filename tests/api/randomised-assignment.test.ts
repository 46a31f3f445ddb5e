/**
 * A round with `randomise: { q }`: its assignment is drawn by domain/randomised-assignment.ts with
 * the seed of the round's run (seedFor(round id, run)), counted on the round and recorded on the
 * plan, the job and the audit entry. Asserted on what is stored: the preview shows the draw the
 * next run saves, the recorded seed reproduces the saved pairs, a re-run is a new draw, and a bad
 * q is a 400 naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { seedFor } from '../../functions/domain/randomised-assignment.ts';
import { loadRoundContext, solve } from '../../functions/use-cases/assignment.ts';
import { people, startHarness, type Harness } from '../support/api-harness.ts';
import { peerRoundWorld, previewPlan } from '../support/assignment-preview.ts';

let h: Harness;
let cid: string;
let roundId: string;
const N = 8;
const smes: Identity[] = Array.from({ length: N }, (_, i) => ({ sub: `u-ra${i}`, email: `ra${i}@demo.test`, name: `Entrant ${i}`, groups: [] }));
const base = () => `/api/competitions/${cid}`;
const roundBody = { name: 'Random peers', kind: 'peer', k: 2, maxLoad: 3, blind: true, opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00', weight: 50 };

const storedPairs = async () =>
  ((await h.call('GET', `${base()}/rounds/${roundId}/reviews`, people.organiser)).json.items as { submissionId: string; reviewerSub: string }[])
    .map((r) => `${r.submissionId}/${r.reviewerSub}`)
    .sort();
const round = async () => ((await h.call('GET', `${base()}/rounds`, people.organiser)).json.items as Record<string, any>[]).find((r) => r.id === roundId)!;
const audits = async () =>
  ((await h.call('GET', `${base()}/audit?limit=100`, people.organiser)).json.items as { action: string; target: string; after: Record<string, unknown> }[]).filter(
    (e) => e.action === 'assignment.run' && e.target === `round:${roundId}`,
  );

async function run() {
  const started = await h.call('POST', `${base()}/rounds/${roundId}/assignment`, people.organiser);
  expect(started.status, started.text).toBe(202);
  await h.jobsSettled();
  const job = (await h.call('GET', `${base()}/jobs/${started.json.id}`, people.organiser)).json;
  expect(job.state, JSON.stringify(job)).toBe('succeeded');
  return job;
}

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  ({ cid } = await peerRoundWorld(h, { title: 'Randomised assignment', smes, registryPrefix: 'BE07200000' }));
  const created = await h.call('POST', `${base()}/rounds`, people.organiser, { ...roundBody, randomise: { q: 0.5 } });
  expect(created.status, created.text).toBe(201);
  roundId = created.json.id;
  expect(created.json.randomise).toEqual({ q: 0.5 });
});
afterAll(() => h.stop());

describe('a randomised round', () => {
  it('refuses a q that is not a probability in hundredths, naming the field', async () => {
    for (const q of [0, -0.5, 1.5, 0.123, 'half']) {
      const r = await h.call('POST', `${base()}/rounds`, people.organiser, { ...roundBody, randomise: { q } });
      expect({ q, status: r.status }).toEqual({ q, status: 400 });
      expect(Object.keys(r.json.error.fields)).toContain('randomise.q');
    }
  });

  it('previews the draw the next run saves; the run records its seed on the round, the job and the audit entry', async () => {
    const preview = await previewPlan(h, cid, roundId, people.organiser);
    const seed1 = seedFor(roundId, 1);
    expect(preview.summary.result.randomised).toMatchObject({ q: 0.5, seed: seed1, run: 1, exact: true });
    expect(preview.summary.result.randomised.maxProbability).toBeLessThanOrEqual(0.5);
    expect(preview.result.pairs).toHaveLength(N * 2);

    const job = await run();
    expect(job.result.counts).toMatchObject({ added: N * 2, seed: seed1, run: 1 });
    const saved = await storedPairs();
    expect(saved).toEqual(preview.result.pairs.map((p: { submission: string; reviewer: string }) => `${p.submission}/${p.reviewer}`).sort());
    expect((await round()).assignmentRuns).toBe(1);
    const [entry] = await audits();
    expect(entry?.after.randomised).toEqual({ q: 0.5, seed: seed1, run: 1 });

    // The recorded run reproduces exactly what was saved (the unstarted reviews are not inputs).
    const again = solve(await loadRoundContext(h.deps, cid, await round() as never), 1);
    expect(again.pairs.map((p) => `${p.submission}/${p.reviewer}`).sort()).toEqual(saved);
    expect(again.randomised?.seed).toBe(seed1);
  });

  it('a re-run is a new draw with the next seed, saved as drawn', async () => {
    const before = await storedPairs();
    const job = await run();
    const seed2 = seedFor(roundId, 2);
    expect(job.result.counts).toMatchObject({ seed: seed2, run: 2 });
    expect((await round()).assignmentRuns).toBe(2);
    const saved = await storedPairs();
    const drawn = solve(await loadRoundContext(h.deps, cid, await round() as never), 2);
    expect(saved).toEqual(drawn.pairs.map((p) => `${p.submission}/${p.reviewer}`).sort());
    expect(saved).toHaveLength(N * 2);
    expect(drawn.randomised!.maxProbability).toBeLessThanOrEqual(0.5);
    // Runs are different draws: over 20 runs of the same inputs at least two assignments differ
    // (fails with probability < 2^-19 even if the draw had only two outcomes).
    const ctx = await loadRoundContext(h.deps, cid, (await round()) as never);
    const draws = new Set(Array.from({ length: 20 }, (_, n) => JSON.stringify(solve(ctx, n + 1).pairs)));
    expect(draws.size).toBeGreaterThan(1);
    expect(before).toHaveLength(N * 2);
    expect((await audits()).map((e) => (e.after.randomised as { run: number }).run).sort()).toEqual([1, 2]);
  });

  it('an edit without `randomise` turns it off and keeps the run count', async () => {
    const r = await round();
    const updated = await h.call('PUT', `${base()}/rounds/${roundId}`, people.organiser, { ...roundBody, version: r.version });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.json.randomise).toBeUndefined();
    expect(updated.json.assignmentRuns).toBe(2);
    const job = await run();
    expect(job.result.counts.seed).toBeUndefined();
  });
});
