/**
 * The live ranking (use-cases/ranking-job.ts, ranking.ts): computed by the 'ranking' job, once
 * per change that someone then looks at, into the slot not in use, the pointer flipped in one conditional write; views read
 * the pointer, the counter and a page of rank rows — never the reviews — and a feedback report
 * reads single items only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallEvent } from '../../functions/adapters/dynamodb/client.ts';
import type { Identity } from '../../functions/domain/identity.ts';
import { RANKING_JOB } from '../../functions/use-cases/ranking-job.ts';
import { recomputeLive } from '../../functions/use-cases/ranking-compute.ts';
import { startJobFor } from '../../functions/use-cases/jobs.ts';
import { computeResults, liveResults } from '../../functions/use-cases/results-snapshot.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';

const N = 12;
let h: Harness;
let cid: string;
let roundId: string;
let criterion: string;
const subs: string[] = [];
const entrants: Identity[] = Array.from({ length: N }, (_, i) => ({ sub: `u-lr${i}`, email: `lr${i}@demo.test`, name: `Entrant ${i}`, groups: [] }));
const jury: Identity = { sub: 'u-lr-jury', email: 'lrjury@demo.test', name: 'Jo Jury', groups: [] };
const base = () => `/api/competitions/${cid}`;
const reviewVersions = new Map<string, number>();

/** The DynamoDB calls `work` makes: operation and the sort key (prefix) it reads. */
async function dbCalls<T>(work: () => Promise<T>): Promise<{ result: T; calls: { operation: string; sk: string }[] }> {
  const calls: { operation: string; sk: string }[] = [];
  const stop = h.db.onCall((e: CallEvent) => {
    if (e.phase !== 'start') return;
    const input = e.input as { Key?: { sk?: string }; ExpressionAttributeValues?: Record<string, unknown> };
    const values = input.ExpressionAttributeValues ?? {};
    const sk = input.Key?.sk ?? String(values[':s'] ?? values[':from'] ?? values[':prefix'] ?? Object.values(values).find((v) => typeof v === 'string' && v.includes('#')) ?? '');
    calls.push({ operation: e.operation, sk });
  });
  try {
    return { result: await work(), calls };
  } finally {
    stop();
  }
}

async function revise(i: number, score: number) {
  const sid = subs[i]!;
  const r = await h.call('PUT', `${base()}/rounds/${roundId}/reviews/${sid}`, jury, { scores: { [criterion]: score }, overallComment: `Comment on idea ${i}`, version: reviewVersions.get(sid) });
  expect(r.status, r.text).toBe(200);
  reviewVersions.set(sid, r.json.version);
}

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  cid = (await openCompetition(h, { title: 'Live ranking' })).id;
  for (const [i, who] of entrants.entries()) {
    await h.call('POST', `${base()}/registration`, who, registrationInput({ organisationName: `Org ${i}`, registryId: `BE04000000${String(i).padStart(2, '0')}`, team: [{ name: who.name, email: `ceo@lr${i}.eu` }] }));
    const s = await h.call('POST', `${base()}/submissions`, who, submissionContent({ title: `Idea ${i}` }));
    await h.call('POST', `${base()}/submissions/${s.json.id}/submit`, who, { version: 1 });
    subs.push(s.json.id);
  }
  const round = await h.call('POST', `${base()}/rounds`, people.organiser, {
    name: 'Jury', kind: 'jury', k: 1, maxLoad: N, blind: false, opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00', weight: 100,
    rubric: [{ name: 'Overall', weight: 1, scale: { min: 0, max: 100 } }],
  });
  roundId = round.json.id;
  criterion = round.json.rubric[0].id;
  const invite = await h.call('POST', `${base()}/rounds/${roundId}/invitations`, people.organiser, { emails: [jury.email] });
  await h.call('POST', `/api/invitations/${cid}/${invite.json.items[0].link.split('/').pop()}/accept`, jury, { interests: [] });
  expect((await h.call('POST', `${base()}/rounds/${roundId}/assignment`, people.organiser)).status).toBe(202);
  await h.jobsSettled();
  for (const [i, sid] of subs.entries()) {
    const saved = await h.call('PUT', `${base()}/rounds/${roundId}/reviews/${sid}`, jury, { scores: { [criterion]: 90 - 5 * i }, overallComment: `Comment on idea ${i}`, version: 1 });
    const submitted = await h.call('POST', `${base()}/rounds/${roundId}/reviews/${sid}/submit`, jury, { version: saved.json.version });
    expect(submitted.status, submitted.text).toBe(200);
    reviewVersions.set(sid, submitted.json.version);
  }
  await h.jobsSettled();
  // Reviews only move the counter on (no recomputation per review): store the ranking of them all.
  const inputs = await h.deps.results.getInputs(cid);
  expect((await h.deps.results.getLive(cid))?.inputsVersion).toBeLessThan(inputs.version);
  await recomputeLive(h.deps, cid);
});
afterAll(() => h.stop());

describe('the live ranking', () => {
  it('is stored once per change and read without the reviews: pointer, counter and one page of rows', async () => {
    const inputs = await h.deps.results.getInputs(cid);
    const live = await h.deps.results.getLive(cid);
    expect(inputs.version).toBeGreaterThan(N); // every submission and review moved it on
    expect(live).toMatchObject({ inputsVersion: inputs.version, header: { entryCount: N, rankedCount: N } });
    const { result: r, calls } = await dbCalls(() => h.call('GET', `${base()}/ranking`, people.organiser));
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ stale: false, inputsVersion: inputs.version, computedFromVersion: inputs.version, entryCount: N, rankedCount: N, frozen: false });
    expect(r.json.ranked.map((x: { submissionId: string }) => x.submissionId)).toEqual(subs); // best score first
    expect(calls.filter((c) => c.operation === 'Query').map((c) => c.sk)).toEqual([expect.stringMatching(/^LIVE#[AB]#RANK#/)]);
    expect(calls.some((c) => c.sk.startsWith('REVIEW#') || c.sk.startsWith('SUB#'))).toBe(false);
    expect(calls.length).toBeLessThanOrEqual(6);
  });

  it('gives an organiser the feedback report from single-item reads', async () => {
    const { result: r, calls } = await dbCalls(() => h.call('GET', `${base()}/submissions/${subs[3]}/feedback`, people.organiser));
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ frozen: false, rank: 4, rankBand: expect.stringContaining('ranked 4 of 12') });
    expect(calls.filter((c) => c.operation === 'Query' || c.operation === 'Scan')).toEqual([]);
    expect(calls.some((c) => /^LIVE#[AB]#SUB#/.test(c.sk))).toBe(true);
  });

  it("gives the publication checklist's figures from the live ranking, without reading a review or an entry", async () => {
    const { result: r, calls } = await dbCalls(() => h.call('GET', `${base()}/results/checklist`, people.organiser));
    expect(r.status, r.text).toBe(200);
    expect(r.json.rounds).toEqual([expect.objectContaining({ id: roundId, reviews: N, submitted: N })]);
    expect(r.json).toMatchObject({ underReviewedCount: 0, underReviewed: [], recipients: { told: N, notTold: 0 }, ranking: { stale: false, computedFromVersion: r.json.ranking.inputsVersion } });
    expect(r.json.problems.map((p: { code: string }) => p.code)).not.toContain('REVIEWS_OUTSTANDING');
    expect(calls.some((c) => c.sk.startsWith('REVIEW#') || c.sk.startsWith('SUB#'))).toBe(false);
  });

  it('moves the counter by one per change; the job recomputes into the other slot, and reads agree with it', async () => {
    const before = await h.deps.results.getLive(cid);
    const v = (await h.deps.results.getInputs(cid)).version;
    await revise(N - 1, 99); // the last entry now scores best
    expect((await h.deps.results.getInputs(cid)).version).toBe(v + 1);
    // A review alone starts no recomputation (reviews come by the thousand)…
    await h.jobsSettled();
    expect(await h.deps.results.getLive(cid)).toEqual(before);
    // …a small competition's read computes it for itself (storing nothing) and sees the change at once…
    const first = await h.call('GET', `${base()}/ranking`, people.organiser);
    expect(first.json.ranked[0].submissionId).toBe(subs[N - 1]);
    expect(first.json).toMatchObject({ stale: false, computedFromVersion: v + 1 });
    await h.jobsSettled();
    expect(await h.deps.results.getLive(cid)).toEqual(before);
    // …and the job, when a change that starts it comes, stores it in the other slot.
    await startJobFor(h.deps, people.organiser, cid, RANKING_JOB, {});
    await h.jobsSettled();
    const after = await h.deps.results.getLive(cid);
    expect(after).toMatchObject({ inputsVersion: v + 1 });
    expect(after!.slot).not.toBe(before!.slot);
    expect(after!.computationId).not.toBe(before!.computationId);
    const stored = await h.call('GET', `${base()}/ranking`, people.organiser);
    expect(stored.text).toBe(first.text);
  });

  it('pages the rows in rank order; a cursor from before a recomputation is refused', async () => {
    const all = (await h.call('GET', `${base()}/ranking?limit=100`, people.organiser)).json;
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await h.call('GET', `${base()}/ranking?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, people.organiser);
      expect(page.status, page.text).toBe(200);
      expect(page.json.ranked.length).toBeLessThanOrEqual(5);
      seen.push(...page.json.ranked.map((x: { submissionId: string }) => x.submissionId));
      cursor = page.json.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(all.ranked.map((x: { submissionId: string }) => x.submissionId));
    const old = (await h.call('GET', `${base()}/ranking?limit=5`, people.organiser)).json.nextCursor;
    await revise(0, 10);
    await h.jobsSettled();
    const refused = await h.call('GET', `${base()}/ranking?limit=5&cursor=${encodeURIComponent(old)}`, people.organiser);
    expect(refused.status).toBe(409);
    expect((await h.call('GET', `${base()}/ranking?limit=0`, people.organiser)).status).toBe(400);
    await recomputeLive(h.deps, cid);
  });

  it('in a large competition, answers the stored ranking marked stale while the job recomputes it', async () => {
    // Large as far as the reader can tell: the live ranking's header says 600 entries.
    const live = (await h.deps.results.getLive(cid))!;
    expect(await h.deps.results.publishLive(cid, { ...live, header: { ...live.header, entryCount: 600 } })).toBe(true);
    await h.deps.results.noteInputsChanged(cid, new Date().toISOString());
    const v = (await h.deps.results.getInputs(cid)).version;
    const stale = await h.call('GET', `${base()}/ranking?limit=20`, people.organiser);
    expect(stale.status, stale.text).toBe(200);
    expect(stale.json).toMatchObject({ stale: true, inputsVersion: v, computedFromVersion: live.inputsVersion, recomputation: { jobId: expect.any(String) } });
    expect(stale.json.ranked).toHaveLength(N); // the previous ranking, as stored
    await h.jobsSettled();
    const job = await h.call('GET', `${base()}/jobs/${stale.json.recomputation.jobId}`, people.organiser);
    expect(job.json).toMatchObject({ kind: 'ranking', state: 'succeeded' });
    const fresh = await h.call('GET', `${base()}/ranking?limit=20`, people.organiser);
    expect(fresh.json).toMatchObject({ stale: false, inputsVersion: v, computedFromVersion: v, entryCount: N });
    expect(fresh.json.recomputation).toBeUndefined();
  });

  it('never points back at a ranking computed from older inputs', async () => {
    const live = (await h.deps.results.getLive(cid))!;
    const older = { ...live, slot: live.slot === 'A' ? ('B' as const) : ('A' as const), computationId: 'older', inputsVersion: live.inputsVersion - 1 };
    expect(await h.deps.results.publishLive(cid, older)).toBe(false);
    expect(await h.deps.results.getLive(cid)).toEqual(live);
    // A recomputation from the same inputs may replace it (the clock moved, say).
    const again = await recomputeLive(h.deps, cid);
    expect(again.published).toBe(true);
    expect((await h.deps.results.getLive(cid))!.computationId).toBe(again.live.computationId);
  });

  it('publishes from the live ranking exactly what computing from the reviews gives', async () => {
    const competition = (await h.deps.competitions.get(cid))!;
    const at = { version: 1, decidedAt: '2026-12-21T10:00:00.000Z', visibleFrom: '2026-12-21T10:00:00.000Z' };
    const fromLive = await liveResults(h.deps, competition, at);
    expect(fromLive?.entries).toHaveLength(N);
    // Behind the counter (a change the job has not seen): computed from the reviews, as before.
    await h.deps.results.noteInputsChanged(cid, new Date().toISOString());
    expect(await liveResults(h.deps, competition, at)).toBeUndefined();
    const computed = await computeResults(h.deps, competition, at);
    expect(fromLive).toEqual(computed);
  });

  it("gives P(in the top k) for the prize plan's funding line, and a plan change moves the ranking on", async () => {
    const before = await h.call('GET', `${base()}/ranking?limit=20`, people.organiser);
    expect(before.json.ranked[0].topK.k).toBe(Math.ceil(N / 10)); // no plan: the top 10 %
    const v = (await h.deps.results.getInputs(cid)).version;
    const plan = {
      currency: 'EUR', totalBudget: 10_000_000, perThirdPartyCap: 6_000_000, categories: [], reserveListLength: 1,
      rankPrizes: [1, 2, 3].map((rank) => ({ rank, amount: 1_000_000, label: `Prize ${rank}` })),
    };
    const saved = await h.call('PUT', `${base()}/prize-plan`, people.organiser, { plan, version: (await h.call('GET', `${base()}/prize-plan`, people.organiser)).json.version });
    expect(saved.status, saved.text).toBe(200);
    expect((await h.deps.results.getInputs(cid)).version).toBe(v + 1);
    await h.jobsSettled();
    const after = await h.call('GET', `${base()}/ranking?limit=20`, people.organiser);
    expect(after.json).toMatchObject({ stale: false, computedFromVersion: v + 1 });
    const topK = after.json.ranked.map((e: { topK: { k: number; probability: number } }) => e.topK);
    expect(new Set(topK.map((t: { k: number }) => t.k))).toEqual(new Set([3]));
    expect(topK.reduce((a: number, t: { probability: number }) => a + t.probability, 0)).toBeCloseTo(3, 4);
  });
});
