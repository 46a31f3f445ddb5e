/**
 * Evaluation through the API against dynalite: rounds, invitations, conflicts, assignment,
 * reviewing with versions and windows, the ranking, the exports, and who may see what.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';
import { previewPlan } from '../support/assignment-preview.ts';

let h: Harness;
let cid: string;
const subs: Record<string, string> = {};
let peerRound: { id: string; rubric: { id: string; name: string }[]; version: number };
let investorRound: { id: string; rubric: { id: string }[] };

const investor: Identity = { sub: 'u-inv1', email: 'investor1@demo.test', name: 'Ivy Investor', groups: [] };
const impostor: Identity = { sub: 'u-inv2', email: 'investor2@demo.test', name: 'Ian Other', groups: [] };
const sme4: Identity = { sub: 'u-sme4', email: 'sme4@demo.test', name: 'Sol Four', groups: [] };
const smes = [people.sme1, people.sme2, people.sme3, sme4];

const base = () => `/api/competitions/${cid}`;
const scoresFor = (rubric: { id: string }[], value: number) => Object.fromEntries(rubric.map((c) => [c.id, value]));

/** Runs a round's assignment as the organiser: a job (202 at once), waited for; returns the finished job. */
async function assign(roundId: string) {
  const run = await h.call('POST', `${base()}/rounds/${roundId}/assignment`, people.organiser);
  expect(run.status, run.text).toBe(202);
  expect(run.json).toMatchObject({ kind: 'assignment', params: { roundId } });
  await h.jobsSettled();
  const job = (await h.call('GET', `${base()}/jobs/${run.json.id}`, people.organiser)).json;
  expect(job.state, JSON.stringify(job)).toBe('succeeded');
  return job as { id: string; attempts: number; result: { rows: number; counts: { added: number; removed: number; kept: number; shortfalls: number } } };
}

const roundReviews = async (roundId: string) =>
  (await h.call('GET', `${base()}/rounds/${roundId}/reviews`, people.organiser)).json.items as { submissionId: string; reviewerSub: string; status: string; version: number }[];

async function myQueue(who: Identity) {
  return (await h.call('GET', '/api/me/reviews', who)).json.items as { roundId: string; done: number; total: number; items: { submissionId: string; status: string }[] }[];
}

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
  const c = await openCompetition(h, { title: 'Evaluation' });
  cid = c.id;
  const orgs = [
    { registryId: 'BE0100000001', team: [{ name: 'A', email: 'a@alpha-energy.eu' }], sectors: ['energy'] },
    { registryId: 'BE0100000002', team: [{ name: 'B', email: 'b@beta-mobility.eu' }, { name: 'Spy', email: 'spy@alpha-energy.eu' }], sectors: ['energy', 'mobility'] },
    { registryId: 'BE0100000003', team: [{ name: 'C', email: 'c@gamma-foods.eu' }], sectors: ['food'] },
    { registryId: 'BE0100000004', team: [{ name: 'D', email: 'd@gmail.com' }], sectors: ['mobility'] },
  ];
  for (const [i, who] of smes.entries()) {
    const o = orgs[i]!;
    expect((await h.call('POST', `${base()}/registration`, who, registrationInput({ organisationName: `Org ${i + 1}`, registryId: o.registryId, team: o.team }))).status).toBe(201);
    const s = await h.call('POST', `${base()}/submissions`, who, submissionContent({ title: `Idea ${i + 1}`, sectors: o.sectors }));
    subs[who.sub] = s.json.id;
    expect((await h.call('POST', `${base()}/submissions/${s.json.id}/submit`, who, { version: 1 })).status).toBe(200);
  }
});
afterAll(() => h.stop());

describe('rounds', () => {
  it('lets the organiser add a blind peer round using the competition rubric, and an investor round', async () => {
    const peer = await h.call('POST', `${base()}/rounds`, people.organiser, {
      name: 'Peer review',
      kind: 'peer',
      k: 2,
      maxLoad: 3,
      blind: true,
      opensAt: '2026-12-01T09:00',
      closesAt: '2026-12-20T18:00',
      weight: 40,
      requireReviewDuty: true,
    });
    expect(peer.status).toBe(201);
    expect(peer.json).toMatchObject({ kind: 'peer', phase: 'open', blind: true, weight: 40 });
    expect(peer.json.rubric.map((c: { name: string }) => c.name)).toEqual(['Innovation', 'Impact']);
    peerRound = peer.json;

    const inv = await h.call('POST', `${base()}/rounds`, people.organiser, {
      name: 'Investors',
      kind: 'investor',
      rubric: [{ name: 'Investability', weight: 1, scale: { min: 1, max: 10 } }],
      k: 1,
      maxLoad: 4,
      blind: false,
      opensAt: '2026-12-01T09:00',
      closesAt: '2026-12-20T18:00',
      weight: 60,
    });
    expect(inv.status).toBe(201);
    investorRound = inv.json;
  });

  it.each([
    ['a window that closes before it opens', { closesAt: '2026-11-01T00:00' }, 'closesAt'],
    ['k of zero', { k: 0 }, 'k'],
    ['an unknown kind', { kind: 'lottery' }, 'kind'],
    ['a shortlist from an unknown round', { shortlist: { fromRoundId: 'NOPE', topN: 2 } }, 'shortlist.fromRoundId'],
  ])('refuses %s, storing nothing', async (_name, change, field) => {
    await h.jobsSettled(); // the ranking's recomputation after the rounds above
    const before = await h.allItems();
    const r = await h.call('POST', `${base()}/rounds`, people.organiser, {
      name: 'Bad', kind: 'jury', k: 1, maxLoad: 2, opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00', weight: 10, ...change,
    });
    expect(r.status).toBe(400);
    expect(Object.keys(r.json.error.fields)).toContain(field);
    expect(await h.allItems()).toEqual(before);
  });
});

describe('peer assignment', () => {
  it('previews, then assigns every submission exactly k reviewers, never a conflicted one', async () => {
    const preview = await previewPlan(h, cid, peerRound.id, people.organiser);
    expect(preview.result, JSON.stringify(preview.summary)).toMatchObject({ feasible: true });
    expect(await myQueue(people.sme1)).toEqual([]); // a preview saves nothing

    const job = await assign(peerRound.id);
    expect(job.result.counts).toEqual({ added: 8, removed: 0, kept: 0, shortfalls: 0 });

    const all = (await h.call('GET', `${base()}/rounds/${peerRound.id}/reviews`, people.organiser)).json.items as { submissionId: string; reviewerSub: string }[];
    const conflicts = (await h.call('GET', `${base()}/rounds/${peerRound.id}/conflicts`, people.organiser)).json.items as { submissionId: string; reviewerSub: string; source: string }[];
    expect(conflicts.filter((c) => c.source === 'own-submission')).toHaveLength(4);
    // sme2's team has someone at alpha-energy.eu, sme1's company domain: a conflict both ways? Only sme1 → sme2, naming the domain.
    expect(conflicts).toContainEqual(expect.objectContaining({ source: 'same-email-domain', reviewerSub: people.sme1.sub, submissionId: subs[people.sme2.sub], detail: 'alpha-energy.eu', reason: 'Same e-mail domain (alpha-energy.eu).' }));
    const conflicted = new Set(conflicts.map((c) => `${c.submissionId}/${c.reviewerSub}`));
    for (const a of all) expect(conflicted.has(`${a.submissionId}/${a.reviewerSub}`)).toBe(false);
    for (const id of Object.values(subs)) expect(all.filter((a) => a.submissionId === id)).toHaveLength(2);
    const loads = new Map<string, number>();
    for (const a of all) loads.set(a.reviewerSub, (loads.get(a.reviewerSub) ?? 0) + 1);
    expect(Math.max(...loads.values())).toBeLessThanOrEqual(3);
  });

  it('shows each reviewer their queue with progress, and only their own assignments', async () => {
    const queue = await myQueue(people.sme1);
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ roundId: peerRound.id, done: 0 });
    expect(queue[0]!.items.map((i) => i.submissionId)).not.toContain(subs[people.sme1.sub]);
  });
});

describe('reviewing', () => {
  let target: string;

  it('opens an assigned submission blind: no organisation, no team', async () => {
    target = (await myQueue(people.sme3))[0]!.items[0]!.submissionId;
    const ws = await h.call('GET', `${base()}/rounds/${peerRound.id}/reviews/${target}`, people.sme3);
    expect(ws.status).toBe(200);
    expect(ws.json.submission.title).toMatch(/^Idea /);
    expect(ws.json.submission).not.toHaveProperty('organisationName');
    expect(JSON.stringify(ws.json)).not.toMatch(/Org \d|@alpha|@beta|@gamma/);
    expect(ws.json.round.rubric).toHaveLength(2);
  });

  it('refuses an unassigned submission with 404', async () => {
    const own = subs[people.sme3.sub]!;
    const r = await h.call('GET', `${base()}/rounds/${peerRound.id}/reviews/${own}`, people.sme3);
    expect(r.status).toBe(404);
    const save = await h.call('PUT', `${base()}/rounds/${peerRound.id}/reviews/${own}`, people.sme3, { scores: {}, version: 1 });
    expect(save.status).toBe(404);
  });

  it.each([
    ['a score off the scale', () => ({ scores: { [peerRound.rubric[0]!.id]: 9 } }), 'scores.'],
    ['an unknown criterion', () => ({ scores: { nope: 3 } }), 'scores.nope'],
    ['a fractional score', () => ({ scores: { [peerRound.rubric[0]!.id]: 2.5 } }), 'scores.'],
    ['an investor flag in a peer round', () => ({ meet: true }), 'meet'],
  ])('rejects %s with 422, storing nothing', async (_n, body, field) => {
    const before = await h.allItems();
    const r = await h.call('PUT', `${base()}/rounds/${peerRound.id}/reviews/${target}`, people.sme3, { ...body(), version: 1 });
    expect(r.status).toBe(422);
    expect(Object.keys(r.json.error.fields).some((f) => f.startsWith(field))).toBe(true);
    expect(await h.allItems()).toEqual(before);
  });

  it('saves drafts with versions, refuses stale tabs, submits only when complete, and allows revision', async () => {
    const [c1, c2] = peerRound.rubric.map((c) => c.id) as [string, string];
    const draft = await h.call('PUT', `${base()}/rounds/${peerRound.id}/reviews/${target}`, people.sme3, { scores: { [c1]: 4 }, comments: { [c1]: 'Novel' }, overallComment: 'Promising', version: 1 });
    expect(draft.status).toBe(200);
    expect(draft.json).toMatchObject({ status: 'draft', version: 2 });
    const stale = await h.call('PUT', `${base()}/rounds/${peerRound.id}/reviews/${target}`, people.sme3, { scores: { [c1]: 1 }, version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('VERSION_CONFLICT');
    const incomplete = await h.call('POST', `${base()}/rounds/${peerRound.id}/reviews/${target}/submit`, people.sme3, { version: 2 });
    expect(incomplete.status).toBe(422);
    expect(incomplete.json.error.fields).toHaveProperty(`scores.${c2}`);
    await h.call('PUT', `${base()}/rounds/${peerRound.id}/reviews/${target}`, people.sme3, { scores: { [c1]: 4, [c2]: 3 }, overallComment: 'Promising', version: 2 });
    const submitted = await h.call('POST', `${base()}/rounds/${peerRound.id}/reviews/${target}/submit`, people.sme3, { version: 3 });
    expect(submitted.json).toMatchObject({ status: 'submitted', version: 4 });
    const revised = await h.call('PUT', `${base()}/rounds/${peerRound.id}/reviews/${target}`, people.sme3, { scores: { [c1]: 5, [c2]: 3 }, overallComment: 'Even better', version: 4 });
    expect(revised.json).toMatchObject({ status: 'submitted', version: 5, scores: { [c1]: 5 } });
    expect((await myQueue(people.sme3))[0]).toMatchObject({ done: 1 });
  });

  it('hands a review to someone else when its reviewer declares a conflict', async () => {
    const queue = await myQueue(people.sme2);
    const item = queue[0]!.items.find((i) => i.status === 'assigned')!;
    const r = await h.call('POST', `${base()}/rounds/${peerRound.id}/reviews/${item.submissionId}/conflict`, people.sme2, { reason: 'I advise this company.' });
    expect(r.status).toBe(204);
    expect((await myQueue(people.sme2))[0]!.items.map((i) => i.submissionId)).not.toContain(item.submissionId);
    await h.jobsSettled(); // the assignment job hands it to someone else
    const all = (await h.call('GET', `${base()}/rounds/${peerRound.id}/reviews`, people.organiser)).json.items as { submissionId: string; reviewerSub: string }[];
    expect(all.filter((a) => a.submissionId === item.submissionId)).toHaveLength(2);
    const conflicts = (await h.call('GET', `${base()}/rounds/${peerRound.id}/conflicts`, people.organiser)).json.items;
    expect(conflicts).toContainEqual(expect.objectContaining({ source: 'declared', reason: 'I advise this company.', reviewerSub: people.sme2.sub }));
  });
});

describe('investors', () => {
  let link: string;

  it('invites by e-mail; only the invited address can accept, once', async () => {
    const peerInvite = await h.call('POST', `${base()}/rounds/${peerRound.id}/invitations`, people.organiser, { emails: ['x@y.test'] });
    expect(peerInvite.status).toBe(422);
    const r = await h.call('POST', `${base()}/rounds/${investorRound.id}/invitations`, people.organiser, { emails: ['Investor1@demo.test'] });
    expect(r.status).toBe(201);
    link = r.json.items[0].link;
    const [, , competitionId, token] = link.split('/');
    expect(competitionId).toBe(cid);
    const info = await h.call('GET', `/api/invitations/${cid}/${token}`);
    expect(info.json).toMatchObject({ email: 'investor1@demo.test', roundName: 'Investors', status: 'pending' });
    expect((await h.call('POST', `/api/invitations/${cid}/${token}/accept`, impostor, { interests: [] })).status).toBe(403);
    expect((await h.call('POST', `/api/invitations/${cid}/not-a-real-token-but-long-enough/accept`, investor, { interests: [] })).status).toBe(404);
    const ok = await h.call('POST', `/api/invitations/${cid}/${token}/accept`, investor, { interests: ['energy', 'mobility'] });
    expect(ok.status).toBe(200);
    expect((await h.call('GET', base(), investor)).json.myRoles).toContain('investor');
  });

  it('assigns the investor, who scores, flags "meet", and does not see peer comments', async () => {
    const job = await assign(investorRound.id);
    expect(job.result.counts.added + job.result.counts.kept).toBe(4);
    expect(await roundReviews(investorRound.id)).toHaveLength(4);
    for (const item of (await myQueue(investor))[0]!.items) {
      const ws = await h.call('GET', `${base()}/rounds/${investorRound.id}/reviews/${item.submissionId}`, investor);
      expect(ws.json.submission.organisationName).toMatch(/^Org /); // not blind
      expect(ws.json).not.toHaveProperty('peerComments');
      const score = item.submissionId === subs[people.sme1.sub] ? 9 : 5;
      const saved = await h.call('PUT', `${base()}/rounds/${investorRound.id}/reviews/${item.submissionId}`, investor, {
        scores: scoresFor(investorRound.rubric, score),
        meet: score === 9,
        privateNote: 'call them',
        version: ws.json.review.version,
      });
      expect(saved.status).toBe(200);
      expect((await h.call('POST', `${base()}/rounds/${investorRound.id}/reviews/${item.submissionId}/submit`, investor, { version: saved.json.version })).status).toBe(200);
    }
  });
});

describe('ranking and exports', () => {
  it('ranks reproducibly, with bands, and exports ranking, reviews and deal flow', async () => {
    const a = await h.call('GET', `${base()}/ranking`, people.organiser);
    expect(a.status).toBe(200);
    const b = await h.call('GET', `${base()}/ranking`, people.organiser);
    expect(b.text).toBe(a.text);
    expect(a.json.ranked.length).toBeGreaterThan(0);
    const top = a.json.ranked[0];
    // Ordered by rounds reviewed, then final score (the documented ranking rules).
    const keys = a.json.ranked.map((r: { finalScore: number; rounds: unknown[] }) => [r.rounds.length, r.finalScore]);
    expect(keys).toEqual([...keys].sort((x: number[], y: number[]) => y[0]! - x[0]! || y[1]! - x[1]!));
    // The investor liked sme1's idea best: its calibrated investor-round score is the highest.
    const investorScore = (id: string) =>
      a.json.ranked.find((r: { submissionId: string }) => r.submissionId === id).rounds.find((x: { roundId: string }) => x.roundId === investorRound.id).calibratedMean;
    for (const id of Object.values(subs)) if (id !== subs[people.sme1.sub]) expect(investorScore(subs[people.sme1.sub]!)).toBeGreaterThan(investorScore(id));
    expect(top.band.low).toBeLessThanOrEqual(top.finalScore);
    expect(top.band.high).toBeGreaterThanOrEqual(top.finalScore);
    expect(a.json.tieBreakRules.length).toBeGreaterThan(0);

    const exported = async (file: 'ranking.csv' | 'reviews.csv' | 'deal-flow.csv') => {
      const r = await h.exportFile(people.organiser, cid, file);
      expect(r.status, `${file}: ${JSON.stringify(r.job?.error)}`).toBe(200);
      return r.text;
    };
    const ranking = parse(await exported('ranking.csv'), { columns: true, bom: true }) as Record<string, string>[];
    expect(ranking[0]).toMatchObject({ Rank: '1', 'Submission id': top.submissionId });
    const reviewsText = await exported('reviews.csv');
    const reviews = parse(reviewsText, { columns: true, bom: true }) as Record<string, string>[];
    expect(reviews.some((r) => r['Overall comment'] === 'Even better')).toBe(true);
    const dealsText = await exported('deal-flow.csv');
    const deals = parse(dealsText, { columns: true, bom: true }) as Record<string, string>[];
    expect(deals).toEqual([expect.objectContaining({ Investor: 'investor1@demo.test', Title: 'Idea 1', Organisation: 'Org 1' })]);
    // Investors' private notes stay private: not in the organiser's view, not in any export.
    const roundReviews = await h.call('GET', `${base()}/rounds/${investorRound.id}/reviews`, people.organiser);
    expect(roundReviews.text).not.toContain('call them');
    expect(reviewsText).not.toContain('call them');
    expect(dealsText).not.toContain('call them');
    const pool = await h.call('GET', `${base()}/rounds/${investorRound.id}/reviewers`, people.organiser);
    expect(pool.json.items).toEqual([expect.objectContaining({ email: 'investor1@demo.test', assigned: 4, submitted: 4, active: true })]);
  });
});

describe('who sees what', () => {
  const paths = () => ({
    rounds: `${base()}/rounds`,
    ranking: `${base()}/ranking`,
    roundReviews: `${base()}/rounds/${peerRound.id}/reviews`,
    conflicts: `${base()}/rounds/${peerRound.id}/conflicts`,
  });
  const cases: [string, Identity | undefined, number][] = [
    ['anonymous', undefined, 401],
    ['an entrant', people.sme1, 403],
    ['an investor', investor, 403],
    ['the organiser of another competition', people.otherOrganiser, 403],
  ];
  for (const [label, who, status] of cases)
    it(`${label} gets ${status} from every organiser-only evaluation route`, async () => {
      for (const [name, path] of Object.entries(paths())) {
        const r = await h.call('GET', path, who);
        expect({ name, status: r.status }).toEqual({ name, status });
      }
      // The preview is a job: refused before any is started.
      expect({ name: 'preview', status: (await h.call('POST', `${base()}/rounds/${peerRound.id}/assignment/preview`, who)).status }).toEqual({ name: 'preview', status });
      for (const file of ['ranking.csv', 'reviews.csv', 'deal-flow.csv'] as const) {
        const r = await h.exportFile(who, cid, file);
        expect({ file, status: r.status }).toEqual({ file, status });
      }
    });

  it('a reviewer sees only their assignments: never others\' reviews', async () => {
    const mine = await myQueue(people.sme1);
    const assigned = new Set(mine.flatMap((g) => g.items.map((i) => i.submissionId)));
    for (const id of Object.values(subs)) {
      const r = await h.call('GET', `${base()}/rounds/${peerRound.id}/reviews/${id}`, people.sme1);
      expect(r.status).toBe(assigned.has(id) ? 200 : 404);
      if (r.status === 200) expect(r.json.review).not.toHaveProperty('reviewerSub');
    }
  });

  it('an assigned reviewer may watch the pitch; an unassigned one may not', async () => {
    const mine = new Set((await myQueue(people.sme1)).flatMap((g) => g.items.map((i) => i.submissionId)));
    const other = Object.values(subs).find((id) => !mine.has(id) && id !== subs[people.sme1.sub])!;
    const assigned = [...mine][0]!;
    expect((await h.call('GET', `${base()}/submissions/${assigned}/pitch`, people.sme1)).status).toBe(200);
    expect((await h.call('GET', `${base()}/submissions/${other}/pitch`, people.sme1)).status).toBe(404);
  });
});

describe('windows', () => {
  it('refuses reviewing outside the window, and assignment after it closed', async () => {
    const item = (await myQueue(people.sme1))[0]!.items.find((i) => i.status !== 'submitted')!;
    h.clock.set('2026-12-21T00:00:00Z');
    const r = await h.call('PUT', `${base()}/rounds/${peerRound.id}/reviews/${item.submissionId}`, people.sme1, { scores: {}, version: 1 });
    expect(r.status).toBe(409);
    expect(r.json.error.message).toContain('closed');
    expect((await h.call('POST', `${base()}/rounds/${peerRound.id}/assignment`, people.organiser)).status).toBe(409);
    // Peer-review duty: teams that left reviews unfinished are not ranked once the round has closed.
    const ranking = (await h.call('GET', `${base()}/ranking`, people.organiser)).json;
    expect(ranking.unranked).toContainEqual(expect.objectContaining({ submissionId: subs[people.sme1.sub], reason: expect.stringContaining('peer reviews') }));
    h.clock.set('2026-12-01T10:00:00Z');
  });
});
