import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Round } from '../../functions/domain/evaluation.ts';
import { rankSubmissions, TIE_BREAK_RULES, type RankingInput } from '../../functions/domain/ranking.ts';
import { ordinal } from '../../functions/shared/award-labels.ts';
import { buildResults, displayLabel, rankingInputOf, rankingOf, type ResultsFacts } from '../../functions/domain/results.ts';
import type { Submission } from '../../functions/domain/submission.ts';

const T0 = '2027-01-10T12:00:00.000Z';

function round(id: string, weight: number, criteria: string[]): Round {
  return {
    id, competitionId: 'c', name: `Round ${id}`, kind: 'jury', k: 1, maxLoad: 9, blind: false, opensAt: T0, closesAt: T0, weight,
    rubric: criteria.map((c) => ({ id: c, name: `Criterion ${c}`, description: '', weight: 1, scale: { min: 0, max: 10 } })),
    requireReviewDuty: false, showPeerComments: false, pins: [], createdAt: T0, updatedAt: T0, version: 1,
  };
}

function submission(id: string): Submission {
  return { id, competitionId: 'c', ownerSub: `owner-${id}`, organisationName: `Org ${id}`, country: 'BE', title: `Idea ${id}`, summary: '', problem: '', solution: '', valueChain: [], sectors: [], answers: {}, status: 'submitted', createdAt: T0, updatedAt: T0, submittedAt: T0, version: 2 };
}

/** Random competitions: rounds, submissions (some never reviewed), reviews and a few awards. */
const facts = fc
  .record({
    rounds: fc.array(fc.record({ weight: fc.integer({ min: 1, max: 5 }), criteria: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 3 }),
    n: fc.integer({ min: 1, max: 9 }),
    reviews: fc.array(fc.record({ round: fc.nat(), reviewer: fc.integer({ min: 0, max: 4 }), sub: fc.nat(), score: fc.integer({ min: 0, max: 10 }) }), { maxLength: 40 }),
    awarded: fc.array(fc.nat(), { maxLength: 4 }),
  })
  .map(({ rounds: rs, n, reviews, awarded }): ResultsFacts => {
    const rounds = rs.map((r, i) => round(`r${i}`, r.weight, Array.from({ length: r.criteria }, (_, j) => `k${j}`)));
    const submissions = Array.from({ length: n }, (_, i) => submission(`s${i}`));
    const seen = new Set<string>();
    const input: RankingInput = {
      rounds: rounds.map((r) => ({ id: r.id, name: r.name, weight: r.weight, rubric: r.rubric.map((c) => ({ id: c.id, weight: c.weight, scale: c.scale })) })),
      reviews: reviews.flatMap((x) => {
        const r = rounds[x.round % rounds.length]!;
        const sub = submissions[x.sub % n]!;
        const key = `${r.id}/${sub.id}/${x.reviewer}`;
        if (seen.has(key)) return [];
        seen.add(key);
        return [{ roundId: r.id, reviewerId: `p${x.reviewer}`, submissionId: sub.id, scores: Object.fromEntries(r.rubric.map((c) => [c.id, x.score])) }];
      }),
      submissions: submissions.map((s) => ({ id: s.id, submittedAt: T0 })),
    };
    const ranking = rankSubmissions(input);
    const awards = [...new Set(awarded.map((a) => a % n))].map((i, j) => ({ key: `prize:s${i}`, submissionId: `s${i}`, organisationKey: `o${i}`, type: 'prize' as const, amount: 1000 * (j + 1), label: `${ordinal(j + 1)} prize`, rank: j + 1 }));
    return {
      competitionId: 'c', version: 1, decidedAt: T0, visibleFrom: T0, rounds, rankingInput: input, ranking, tieBreakRules: TIE_BREAK_RULES, submissions,
      comments: new Map(), candidates: submissions.map((s) => ({ submissionId: s.id, organisationKey: `o${s.id}`, isSme: true, eligible: true })),
      awards, totals: { committed: 0, left: 0, toSmes: 0, smeShare: 0, smeShareHolds: true, perOrganisation: {} },
    };
  });

describe('results snapshot', () => {
  it('keeps everything needed to show and recompute the ranking exactly', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const { header, entries } = buildResults(f);
        expect(entries.map((e) => e.submissionId)).toEqual(f.submissions.map((s) => s.id));
        // The stored ranking is the ranking, and recomputing from the stored input gives it again.
        const again = rankingOf(header, entries);
        expect(again.ranked).toEqual(f.ranking.ranked);
        expect(again.unranked).toEqual([...f.ranking.unranked].sort((a, b) => a.submissionId.localeCompare(b.submissionId)));
        const input = rankingInputOf(header, entries);
        expect(input.reviews).toHaveLength(f.rankingInput.reviews.length);
        expect(rankSubmissions(input).ranked).toEqual(f.ranking.ranked);
        for (const e of entries) {
          for (const c of e.criteria) if (c.percentile !== null) expect(c.percentile).toBeGreaterThanOrEqual(0);
          expect(e.total).toBe(e.awards.reduce((t, a) => t + a.amount, 0));
          expect(Boolean(e.ranked) !== Boolean(e.unrankedReason)).toBe(true);
        }
        expect(header.winners.sort()).toEqual(entries.filter((e) => e.awards.length > 0).map((e) => e.submissionId).sort());
      }),
      { seed: 8, numRuns: 200 },
    );
  });
});

describe('prize labels', () => {
  it('say when a prize went to an entry of another rank', () => {
    expect(displayLabel({ type: 'prize', label: '2nd prize', rank: 2 }, 3)).toBe('2nd prize (ranked 3rd)');
    expect(displayLabel({ type: 'prize', label: '2nd prize', rank: 2 }, 2)).toBe('2nd prize');
    expect(displayLabel({ type: 'lump-sum', label: 'Lump sum' }, 7)).toBe('Lump sum');
    expect(displayLabel({ type: 'prize', label: '1st prize', rank: 1 }, undefined)).toBe('1st prize');
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st']);
  });
});
