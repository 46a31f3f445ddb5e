/**
 * Expo rankings from pairwise votes (functions/domain/pairwise-ranking.ts): both methods recover a
 * known order, degenerate inputs give numbers (never NaN), scores stay in 0–100, ranks follow scores.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PairwiseVote } from '../../functions/domain/crowd-bt.ts';
import {
  DEFAULT_PAIRWISE_METHOD,
  PAIRWISE_METHODS,
  UNSEEN_SE,
  pairwiseStrengths,
  rankPairwise,
  type PairwiseMethod,
  type PairwiseStanding,
} from '../../functions/domain/pairwise-ranking.ts';
import { prng } from '../../bench/seeded-random.ts';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${String(i).padStart(2, '0')}`);

/** Votes between random pairs; the truly better one (lower index in `truth`) wins unless flipped. */
function votesFor(truth: readonly string[], count: number, flip: number, seed: number, judges = 3): PairwiseVote[] {
  const random = prng(seed);
  const votes: PairwiseVote[] = [];
  for (let k = 0; k < count; k += 1) {
    const i = Math.floor(random() * truth.length);
    let j = Math.floor(random() * (truth.length - 1));
    if (j >= i) j += 1;
    const better = Math.min(i, j);
    const worse = Math.max(i, j);
    const upset = random() < flip;
    votes.push({ judge: `j${k % judges}`, winner: truth[upset ? worse : better]!, loser: truth[upset ? better : worse]! });
  }
  return votes;
}

function checkShape(standings: PairwiseStanding[], items: readonly string[]) {
  expect(standings.map((s) => s.id).sort()).toEqual([...items].sort());
  standings.forEach((s, k) => {
    expect(Number.isFinite(s.score)).toBe(true);
    expect(s.score).toBeGreaterThanOrEqual(0);
    expect(s.score).toBeLessThanOrEqual(100);
    expect(Number.isFinite(s.se)).toBe(true);
    expect(s.se).toBeGreaterThanOrEqual(0);
    expect(s.rank).toBeGreaterThanOrEqual(1);
    if (k > 0) {
      const prev = standings[k - 1]!;
      expect(prev.score).toBeGreaterThanOrEqual(s.score - 1e-9);
      expect(prev.rank).toBeLessThanOrEqual(s.rank);
      if (prev.rank === s.rank) expect(Math.abs(prev.score - s.score)).toBeLessThanOrEqual(1e-9);
      else expect(s.rank).toBe(k + 1);
    } else expect(s.rank).toBe(1);
  });
}

describe('pairwise methods', () => {
  it('offers Crowd-BT and noisy sorting (the rules page words each: tests/unit/web-ranking-rules.test.ts)', () => {
    expect(PAIRWISE_METHODS).toEqual(['crowd-bt', 'noisy-sorting']);
    expect(DEFAULT_PAIRWISE_METHOD).toBe('noisy-sorting');
  });
});

describe.each(PAIRWISE_METHODS.map((m) => [m]))('rankPairwise(%s)', (method: PairwiseMethod) => {
  it('recovers a known order from noiseless votes', () => {
    const truth = ids(12);
    const votes = votesFor(truth, 400, 0, 11);
    const { standings, judges } = rankPairwise(method, [...truth].reverse(), votes);
    checkShape(standings, truth);
    if (method === 'noisy-sorting') {
      expect(standings.map((s) => s.id)).toEqual(truth);
      expect(standings.map((s) => s.rank)).toEqual(truth.map((_, i) => i + 1));
      for (const j of judges) expect(j.agreement).toBe(1);
    } else {
      // Crowd-BT is an online filter: the best and the worst are right, and at most a few neighbours swap.
      const order = standings.map((s) => s.id);
      expect(order[0]).toBe(truth[0]);
      expect(order.at(-1)).toBe(truth.at(-1));
      let inversions = 0;
      for (let i = 0; i < truth.length; i += 1) for (let j = i + 1; j < truth.length; j += 1) if (order.indexOf(truth[i]!) > order.indexOf(truth[j]!)) inversions += 1;
      expect(inversions).toBeLessThanOrEqual(3);
      for (const j of judges) expect(j.agreement).toBeGreaterThan(0.95);
    }
    // every vote counted twice over the items
    expect(standings.reduce((sum, s) => sum + s.comparisons, 0)).toBe(2 * votes.length);
    if (method === 'crowd-bt') {
      for (const s of standings) {
        expect(Number.isFinite(s.mu)).toBe(true);
        expect(s.sigmaSq).toBeGreaterThan(0);
      }
      for (const j of judges) expect(j.alpha! / (j.alpha! + j.beta!)).toBeGreaterThan(10 / 11);
    } else {
      expect(standings[0]!.mu).toBeUndefined();
      expect(standings[0]!.score).toBeGreaterThan(90);
      expect(standings.at(-1)!.score).toBeLessThan(10);
    }
  });

  it('recovers most of the order from noisy votes', () => {
    const truth = ids(30);
    const votes = votesFor(truth, 1500, 0.1, 5);
    const order = rankPairwise(method, [...truth].sort(() => 0), votes).standings.map((s) => s.id);
    let concordant = 0;
    let pairs = 0;
    for (let i = 0; i < truth.length; i += 1)
      for (let j = i + 1; j < truth.length; j += 1) {
        pairs += 1;
        if (order.indexOf(truth[i]!) < order.indexOf(truth[j]!)) concordant += 1;
      }
    expect(concordant / pairs).toBeGreaterThan(0.9);
  });

  it('no votes: everyone 50, the wide se, one shared rank', () => {
    const items = ids(4);
    const { standings, judges } = rankPairwise(method, items, []);
    checkShape(standings, items);
    for (const s of standings) expect(s).toMatchObject({ score: 50, se: UNSEEN_SE, rank: 1, comparisons: 0 });
    expect(judges).toEqual([]);
    expect(rankPairwise(method, [], []).standings).toEqual([]);
  });

  it('one item, and votes naming unknown items or one item twice, are harmless', () => {
    const one = rankPairwise(method, ['solo'], [
      { judge: 'j', winner: 'solo', loser: 'ghost' },
      { judge: 'j', winner: 'solo', loser: 'solo' },
    ]);
    expect(one.standings).toEqual([expect.objectContaining({ id: 'solo', score: 50, se: UNSEEN_SE, rank: 1, comparisons: 0 })]);
    expect(one.judges).toEqual([]);
  });

  it('unseen submissions rank after the compared ones with the same score', () => {
    // a and b split their two votes: both score 50, like the unseen c and d
    const { standings } = rankPairwise(method, ['d', 'c', 'b', 'a'], [
      { judge: 'j', winner: 'a', loser: 'b' },
      { judge: 'k', winner: 'b', loser: 'a' },
    ]);
    checkShape(standings, ['a', 'b', 'c', 'd']);
    const byId = new Map(standings.map((s) => [s.id, s]));
    expect(byId.get('c')!.score).toBe(50);
    expect(byId.get('c')!.se).toBe(UNSEEN_SE);
    expect(byId.get('c')!.rank).toBe(byId.get('d')!.rank);
    if (method === 'noisy-sorting') {
      // symmetric evidence, symmetric result
      expect(Math.abs(byId.get('a')!.score - byId.get('b')!.score)).toBeLessThanOrEqual(1e-9);
      expect(byId.get('a')!.rank).toBe(1);
      expect(byId.get('b')!.rank).toBe(1);
      expect(byId.get('c')!.rank).toBe(3);
    } else {
      // Crowd-BT's replay is order-dependent (the later vote weighs more); whoever is at or above 50 ranks above c and d
      for (const s of standings) if (s.comparisons > 0 && s.score >= 50) expect(s.rank).toBeLessThan(byId.get('c')!.rank);
    }
  });

  it('a disconnected comparison graph gives finite scores and the order within each part', () => {
    const votes: PairwiseVote[] = [];
    for (let k = 0; k < 6; k += 1) {
      votes.push({ judge: 'j1', winner: 'a', loser: 'b' });
      votes.push({ judge: 'j2', winner: 'c', loser: 'd' });
      votes.push({ judge: 'j2', winner: 'd', loser: 'e' });
    }
    const { standings } = rankPairwise(method, ['a', 'b', 'c', 'd', 'e', 'f'], votes);
    checkShape(standings, ['a', 'b', 'c', 'd', 'e', 'f']);
    const at = (id: string) => standings.findIndex((s) => s.id === id);
    expect(at('a')).toBeLessThan(at('b'));
    expect(at('c')).toBeLessThan(at('d'));
    expect(at('d')).toBeLessThan(at('e'));
    expect(standings.find((s) => s.id === 'f')).toMatchObject({ score: 50, comparisons: 0 });
  });

  it('an entry that won every vote stays finite', () => {
    const votes: PairwiseVote[] = ['b', 'c', 'd', 'b', 'c', 'd'].map((loser) => ({ judge: 'j', winner: 'a', loser }));
    const { standings } = rankPairwise(method, ['a', 'b', 'c', 'd'], votes);
    checkShape(standings, ['a', 'b', 'c', 'd']);
    expect(standings[0]!.id).toBe('a');
  });

  it('property: any votes give scores in 0–100, finite se, ranks that follow the scores', () => {
    const items = ids(9);
    const vote = fc.record({ judge: fc.constantFrom('j1', 'j2', 'j3'), winner: fc.constantFrom(...items, 'ghost'), loser: fc.constantFrom(...items) });
    fc.assert(
      fc.property(fc.array(vote, { maxLength: 80 }), (votes) => {
        const { standings, judges } = rankPairwise(method, items, votes);
        checkShape(standings, items);
        const counted = votes.filter((v) => v.winner !== v.loser && items.includes(v.winner));
        for (const s of standings) expect(s.comparisons).toBe(counted.filter((v) => v.winner === s.id || v.loser === s.id).length);
        for (const s of standings) if (s.comparisons === 0) expect(s).toMatchObject({ score: 50, se: UNSEEN_SE });
        expect(judges.map((j) => j.judge)).toEqual([...new Set(counted.map((v) => v.judge))].sort());
        for (const j of judges) {
          expect(j.agreement).toBeGreaterThanOrEqual(0);
          expect(j.agreement).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 150, seed: 9 },
    );
  });

  it('property: adding a win for an entry never lowers its score much relative to the field', () => {
    const items = ids(8);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 }), (seed, w, l) => {
        fc.pre(w !== l);
        const votes = votesFor(items, 60, 0.15, seed);
        const before = rankPairwise(method, items, votes).standings.find((s) => s.id === items[w])!;
        const extra = [...votes, { judge: 'j0', winner: items[w]!, loser: items[l]! }];
        const after = rankPairwise(method, items, extra).standings.find((s) => s.id === items[w])!;
        expect(after.rank).toBeLessThanOrEqual(before.rank + 1);
      }),
      { numRuns: 60, seed: 10 },
    );
  });
});

describe('noisy sorting', () => {
  it('does not depend on the order of the votes', () => {
    const truth = ids(25);
    const votes = votesFor(truth, 600, 0.1, 21);
    const shuffled = [...votes].sort((a, b) => (a.winner + a.loser + a.judge < b.winner + b.loser + b.judge ? -1 : 1));
    const a = rankPairwise('noisy-sorting', truth, votes).standings;
    const b = rankPairwise('noisy-sorting', truth, shuffled).standings;
    expect(b.map((s) => s.id)).toEqual(a.map((s) => s.id));
    a.forEach((s, i) => expect(Math.abs(s.score - b[i]!.score)).toBeLessThanOrEqual(1e-6));
  });

  it('a contrarian judge counts less, and their agreement shows it', () => {
    const truth = ids(10);
    const honest = votesFor(truth, 240, 0.05, 3, 2); // judges j0, j1
    const contrarian = votesFor(truth, 120, 0, 4, 1).map((v) => ({ judge: 'x', winner: v.loser, loser: v.winner }));
    const { standings, judges } = rankPairwise('noisy-sorting', truth, [...honest, ...contrarian]);
    expect(standings.slice(0, 3).map((s) => s.id)).toEqual(truth.slice(0, 3));
    const agreement = new Map(judges.map((j) => [j.judge, j.agreement]));
    expect(agreement.get('x')!).toBeLessThan(0.2);
    expect(agreement.get('j0')!).toBeGreaterThan(0.8);
  });

  it('the se shrinks as votes accumulate', () => {
    const truth = ids(12);
    const few = rankPairwise('noisy-sorting', truth, votesFor(truth, 40, 0.1, 8)).standings;
    const many = rankPairwise('noisy-sorting', truth, votesFor(truth, 800, 0.1, 8)).standings;
    const mean = (xs: PairwiseStanding[]) => xs.reduce((s, x) => s + x.se, 0) / xs.length;
    expect(mean(many)).toBeLessThan(mean(few));
  });

  it('the benchmark’s alternatives give finite strengths on degenerate input', () => {
    for (const method of ['bradley-terry', 'rank-centrality', 'pagerank', 'win-rate'] as const) {
      for (const votes of [[], [{ judge: 'j', winner: 'a', loser: 'b' }]]) {
        const { theta } = pairwiseStrengths(method, ['a', 'b', 'c'], votes);
        for (const t of theta) expect(Number.isFinite(t)).toBe(true);
      }
    }
  });
});
