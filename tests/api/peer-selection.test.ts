/**
 * The impartial shortlist and reviewer consensus (use-cases/peer-selection.ts) against stored
 * state: an impartial peer round's assignment never pairs a team with its own cluster; the
 * shortlist selects exactly k and matches the domain's selection on the stored reviews; a team's
 * strategic reviews change nothing about its own chance; the consensus table flags the team that
 * gave every competitor the minimum, a page at a time; a round without the setting answers 409,
 * and dropping the setting drops it from the stored round.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { impartialSelection, reviewScore } from '../../functions/domain/impartial.ts';
import type { Round } from '../../functions/domain/evaluation.ts';
import { impartialClusters } from '../../functions/use-cases/peer-selection.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';

let h: Harness;
const org = people.organiser;
const who = (name: string): Identity => ({ sub: `u-imp-${name}`, email: `${name}@imp.test`, name, groups: [] });

beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
}, 60_000);
afterAll(() => h?.stop());

describe('an impartial peer round', () => {
  const entrants = Array.from({ length: 12 }, (_, i) => who(`t${i}`));
  let cid: string;
  let roundId: string;
  let round: Round;
  let subs: string[];
  const ownerOf = new Map<string, Identity>();
  const base = () => `/api/competitions/${cid}/rounds/${roundId}`;

  beforeAll(async () => {
    cid = (await openCompetition(h, { title: 'Impartial' })).id;
    subs = [];
    for (const [i, e] of entrants.entries()) {
      const reg = await h.call('POST', `/api/competitions/${cid}/registration`, e, registrationInput({ organisationName: `Imp Org ${i}`, registryId: `BE0711000${String(i).padStart(3, '0')}`, team: [{ name: e.name, email: `ceo@imp${i}.eu`, role: 'CEO' }] }));
      expect(reg.status, reg.text).toBe(201);
      const s = await h.call('POST', `/api/competitions/${cid}/submissions`, e, submissionContent({ title: `Imp idea ${i}` }));
      expect((await h.call('POST', `/api/competitions/${cid}/submissions/${s.json.id}/submit`, e, { version: 1 })).status).toBe(200);
      subs.push(s.json.id);
      ownerOf.set(s.json.id, e);
    }
    const created = await h.call('POST', `/api/competitions/${cid}/rounds`, org, {
      name: 'Peers', kind: 'peer', k: 3, maxLoad: 3, blind: true, opensAt: '2026-12-01T09:00', closesAt: '2026-12-10T18:00', weight: 100,
      rubric: [{ name: 'Overall', weight: 1, scale: { min: 1, max: 10 } }], impartial: { k: 3, clusters: 3 },
    });
    expect(created.status, created.text).toBe(201);
    roundId = created.json.id;
    expect(created.json.impartial).toEqual({ k: 3, clusters: 3 });
    expect((await h.call('POST', `${base()}/assignment`, org)).status).toBe(202);
    await h.jobsSettled();
    round = (await h.deps.evaluation.getRound(cid, roundId))!;
  }, 180_000);

  it('assigns no team a submission of its own cluster, and still gives every submission its k reviews', async () => {
    const cluster = impartialClusters(round, subs)!;
    expect(new Set(cluster.values()).size).toBe(3);
    const stored = await h.deps.evaluation.listRoundReviews(cid, roundId);
    expect(stored).toHaveLength(36);
    for (const r of stored) {
      const own = subs.find((s) => ownerOf.get(s)!.sub === r.reviewerSub)!;
      expect(cluster.get(r.submissionId), `${r.reviewerSub} reviews ${r.submissionId}`).not.toBe(cluster.get(own));
    }
    for (const s of subs) expect(stored.filter((r) => r.submissionId === s)).toHaveLength(3);
  });

  it('selects exactly k, as the mechanism does on the stored reviews, and flags the team that gave the minimum to everyone', async () => {
    const criterion = round.rubric[0]!.id;
    const strategic = entrants[0]!;
    const stored = await h.deps.evaluation.listRoundReviews(cid, roundId);
    for (const r of stored) {
      const reviewer = entrants.find((e) => e.sub === r.reviewerSub)!;
      // Sincere teams agree within a point (quality 5–9, plus 0 or 1); the strategic one gives 1 to all.
      const score = reviewer === strategic ? 1 : 5 + (subs.indexOf(r.submissionId) % 5) + (entrants.indexOf(reviewer) % 2);
      const saved = await h.call('PUT', `/api/competitions/${cid}/rounds/${roundId}/reviews/${r.submissionId}`, reviewer, { scores: { [criterion]: Math.min(10, score) }, overallComment: 'Peer review', version: r.version });
      expect(saved.status, saved.text).toBe(200);
      expect((await h.call('POST', `/api/competitions/${cid}/rounds/${roundId}/reviews/${r.submissionId}/submit`, reviewer, { version: saved.json.version })).status).toBe(200);
    }
    const res = await h.call('GET', `${base()}/impartial-shortlist?limit=200`, org);
    expect(res.status, res.text).toBe(200);
    expect(res.json.selectedCount).toBe(3);
    expect(res.json.items).toHaveLength(12);
    const selected = (res.json.items as { submissionId: string; selected: boolean; chance: number }[]).filter((e) => e.selected).map((e) => e.submissionId).sort();
    expect(selected).toHaveLength(3);

    // The same as the domain's selection on what is stored.
    const submitted = (await h.deps.evaluation.listRoundReviews(cid, roundId)).filter((r) => r.status === 'submitted');
    expect(submitted).toHaveLength(36);
    const domain = impartialSelection({
      entrants: subs.map((s) => ({ submissionId: s, reviewerId: ownerOf.get(s)!.sub })),
      reviews: submitted.map((r) => ({ reviewerId: r.reviewerSub, submissionId: r.submissionId, score: reviewScore(round.rubric, r.scores)!.score })),
      k: 3,
      clusters: 3,
      seed: `impartial\n${cid}\n${roundId}`,
    });
    expect(selected).toEqual(domain.selected);

    // The strategic team's own chance is what it would be had it reviewed sincerely (here: all 10s).
    const ownSub = subs[0]!;
    const sincere = impartialSelection({
      entrants: subs.map((s) => ({ submissionId: s, reviewerId: ownerOf.get(s)!.sub })),
      reviews: submitted.map((r) => ({ reviewerId: r.reviewerSub, submissionId: r.submissionId, score: r.reviewerSub === strategic.sub ? 100 : reviewScore(round.rubric, r.scores)!.score })),
      k: 3,
      clusters: 3,
      seed: `impartial\n${cid}\n${roundId}`,
    });
    const chance = (x: { submissionId: string; chance: number }[]) => x.find((e) => e.submissionId === ownSub)!.chance;
    expect(Math.abs(chance(res.json.items) - chance(sincere.entrants))).toBeLessThan(1e-6);

    // Consensus: furthest first, flagged in words, a page at a time.
    const first = await h.call('GET', `${base()}/reviewer-consensus?limit=5`, org);
    expect(first.status, first.text).toBe(200);
    expect(first.json.items).toHaveLength(5);
    expect(first.json.items[0].reviewerSub).toBe(strategic.sub);
    expect(first.json.items[0].meanSigned).toBeLessThan(0);
    expect(first.json.items[0].flags.join(' ')).toMatch(/Gave the minimum on every criterion to every one of the 3 submissions/);
    const rest = [];
    for (let cursor = first.json.nextCursor as string | undefined; cursor; ) {
      const page = await h.call('GET', `${base()}/reviewer-consensus?limit=5&cursor=${cursor}`, org);
      expect(page.status, page.text).toBe(200);
      rest.push(...page.json.items);
      cursor = page.json.nextCursor;
    }
    const all = [...first.json.items, ...rest];
    expect(new Set(all.map((r: { reviewerSub: string }) => r.reviewerSub)).size).toBe(12);
    const distances = all.map((r: { meanAbsolute: number }) => r.meanAbsolute);
    expect(distances).toEqual([...distances].sort((a, b) => b - a));
    // Entrants see neither.
    expect((await h.call('GET', `${base()}/impartial-shortlist`, entrants[1]!)).status).toBe(403);
    expect((await h.call('GET', `${base()}/reviewer-consensus`, entrants[1]!)).status).toBe(403);
  }, 180_000);

  it('answers 409 for a round without the setting, and a round saved without it no longer has it', async () => {
    const body = { name: 'Peers', kind: 'peer', k: 3, maxLoad: 3, blind: true, opensAt: '2026-12-01T09:00', closesAt: '2026-12-10T18:00', weight: 100, rubric: round.rubric };
    const updated = await h.call('PUT', base(), org, { ...body, version: round.version });
    expect(updated.status, updated.text).toBe(200);
    expect((await h.deps.evaluation.getRound(cid, roundId))!.impartial).toBeUndefined();
    const res = await h.call('GET', `${base()}/impartial-shortlist`, org);
    expect(res.status, res.text).toBe(409);
    const jury = await h.call('POST', `/api/competitions/${cid}/rounds`, org, { ...body, name: 'Jury', kind: 'jury', impartial: { k: 2 } });
    expect(jury.status).toBe(400);
    expect(jury.json.error.fields).toHaveProperty('impartial');
  });
});
