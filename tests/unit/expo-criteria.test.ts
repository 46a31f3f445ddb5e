/**
 * Per-criterion standings of an expo round (functions/domain/expo-criteria.ts): each criterion is
 * ranked on the votes that name a winner on it — never on the votes' overall winners — with the
 * round's method, for both methods.
 */
import { describe, expect, it } from 'vitest';
import { criterionStandings } from '../../functions/domain/expo-criteria.ts';
import { PAIRWISE_METHODS, rankPairwise } from '../../functions/domain/pairwise-ranking.ts';

const items = ['a', 'b', 'c', 'd'];
const rubric = [
  { id: 'impact', name: 'Impact' },
  { id: 'tech', name: 'Technical depth' },
  { id: 'design', name: 'Design' },
];

/**
 * Every pair compared twice by two judges: overall the alphabetical order wins (a > b > c > d);
 * on "impact" the reverse order wins (d > c > b > a); on "tech" b beats everyone and the rest keep
 * the overall order; nobody answers "design".
 */
function votes() {
  const out: { judgeSub: string; previousId: string; currentId: string; winner: string; criteria?: Record<string, string> }[] = [];
  for (const judgeSub of ['j1', 'j2'])
    for (let i = 0; i < items.length; i++)
      for (let j = i + 1; j < items.length; j++) {
        const [hi, lo] = [items[i]!, items[j]!];
        const techWinner = hi === 'b' || lo === 'b' ? 'b' : hi;
        out.push({ judgeSub, previousId: lo, currentId: hi, winner: hi, criteria: { impact: lo, tech: techWinner } });
      }
  return out;
}

describe('criterionStandings', () => {
  for (const method of PAIRWISE_METHODS)
    it(`ranks each criterion on its own votes, not the overall ones (${method})`, () => {
      const vs = votes();
      const overall = rankPairwise(method, items, vs.map((v) => ({ judge: v.judgeSub, winner: v.winner, loser: v.winner === v.currentId ? v.previousId : v.currentId })));
      expect(overall.standings.map((s) => s.id)).toEqual(['a', 'b', 'c', 'd']);
      const [impact, tech, design] = criterionStandings(method, items, rubric, vs);
      expect(impact).toMatchObject({ criterionId: 'impact', name: 'Impact', votes: 12 });
      expect(impact!.standings.map((s) => s.id)).toEqual(['d', 'c', 'b', 'a']);
      expect(tech!.votes).toBe(12);
      expect(tech!.standings.map((s) => s.id)).toEqual(['b', 'a', 'c', 'd']);
      // No vote named a winner on design: nobody is compared on it, every score is the neutral 50.
      expect(design!.votes).toBe(0);
      expect(design!.standings.map((s) => [s.comparisons, s.score])).toEqual(items.map(() => [0, 50]));
      expect(impact!.standings.every((s) => s.score >= 0 && s.score <= 100 && Number.isFinite(s.se))).toBe(true);
    });

  it('leaves out a criterion winner outside the pair, and votes without criteria', () => {
    const [impact] = criterionStandings('noisy-sorting', items, rubric.slice(0, 1), [
      { judgeSub: 'j1', previousId: 'a', currentId: 'b', criteria: { impact: 'c' } },
      { judgeSub: 'j1', previousId: 'b', currentId: 'c' },
      { judgeSub: 'j1', previousId: 'c', currentId: 'd', criteria: { impact: 'd' } },
    ]);
    expect(impact!.votes).toBe(1);
    expect(impact!.standings[0]).toMatchObject({ id: 'd', comparisons: 1 });
    expect(impact!.standings.find((s) => s.id === 'a')!.comparisons).toBe(0);
  });

  it('gives no standings for a rubric without criteria', () => {
    expect(criterionStandings('crowd-bt', items, [], votes())).toEqual([]);
  });
});
