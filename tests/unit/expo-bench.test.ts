/**
 * The benchmark's own pieces (bench/expo-sim.ts, bench/expo-bayes.ts): the ports of the SoME
 * benchmark's code and the Bayes-optimal bound are what issue 12's figures rest on, so they are
 * checked against independent computations here.
 */
import { describe, expect, it } from 'vitest';
import { expectedInformationGain, update } from '../../functions/domain/crowd-bt.ts';
import { bayesTopK } from '../../bench/expo-bayes.ts';
import { neighbourVotes, noisyVote, simRandom, someCrowdBt, someField, somePageRankOrder, someRandomList, type SimField } from '../../bench/expo-sim.ts';
import { prng } from '../../bench/seeded-random.ts';

describe("SoME's random_list (src/utilities.py L9–28)", () => {
  it('is a permutation that never moves item 0, the same for the same seed', () => {
    for (const n of [2, 3, 10, 500]) {
      const list = someRandomList(n, prng(n));
      expect([...list].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect(list[0]).toBe(0);
      expect(someRandomList(n, prng(n))).toEqual(list);
    }
    expect(someRandomList(1, prng(1))).toEqual([]);
    // The field reads it best last: item 0 is always the worst.
    const field = someField(50, prng(7));
    expect(field.truth.at(-1)).toBe('e000');
    expect(field.place.get(field.truth[0]!)).toBe(0);
  });
});

describe("SoME's PageRank ranking (networkx pagerank over winner → loser edges, least PageRank best)", () => {
  it('orders a small graph as networkx 3.6.1 does', () => {
    // networkx: nx.pagerank of the DiGraph 0→1 (weight 2), 1→2, 2→0, 0→2, 3→2 on nodes 0–4 gives
    // {0: 0.3405, 1: 0.2291, 2: 0.3581, 3: 0.0361, 4: 0.0361}; SoME sorts it descending (stable) and
    // reads that as best last: best first is [4, 3, 1, 0, 2].
    const items = ['e000', 'e001', 'e002', 'e003', 'e004'];
    const v = (w: number, l: number) => ({ judge: 'j', winner: items[w]!, loser: items[l]! });
    const votes = [v(0, 1), v(0, 1), v(1, 2), v(2, 0), v(0, 2), v(3, 2)];
    expect(somePageRankOrder(items, votes)).toEqual(['e004', 'e003', 'e001', 'e000', 'e002']);
  });
});

describe("SoME's neighbours schedule (IteratedPageRank, src/pagerank/pagerank.py L69–84)", () => {
  it('votes the edges of a random cycle, then of the cycle through the current ranking, re-ranked every n votes', () => {
    const field = someField(10, prng(3));
    const fixed = [...field.items].reverse();
    const calls: number[] = [];
    const votes = neighbourVotes(field, 25, 0.1, 4, (so) => (calls.push(so.length), fixed), prng(4));
    expect(votes).toHaveLength(25);
    expect(calls).toEqual([10, 20]);
    const pairKey = (a: string, b: string) => [a, b].sort().join('-');
    // The first 10: a cycle through all 10 entries (each in exactly two votes).
    const degree = new Map<string, number>();
    for (const x of votes.slice(0, 10)) for (const id of [x.winner, x.loser]) degree.set(id, (degree.get(id) ?? 0) + 1);
    expect([...degree.values()]).toEqual(Array(10).fill(2));
    // Then neighbours in the ranking, the cycle closed worst–best.
    const ring = fixed.map((id, i) => pairKey(id, fixed[(i + 1) % fixed.length]!));
    expect(votes.slice(10, 20).map((x) => pairKey(x.winner, x.loser))).toEqual(ring);
    expect(votes.slice(20).map((x) => pairKey(x.winner, x.loser))).toEqual(ring.slice(0, 5));
    expect(votes.map((x) => x.judge).slice(0, 5)).toEqual(['j0', 'j1', 'j2', 'j3', 'j0']);
  });
});

describe("SoME's Crowd-BT formulas (crowd_bt.py L26–129, Gavel's), literally", () => {
  it('agree with the domain module (domain/crowd-bt.ts) to 1e-8', () => {
    const random = prng(11);
    for (let k = 0; k < 300; k += 1) {
      const args = [0.5 + 20 * random(), 0.5 + 5 * random(), 4 * random() - 2, 0.05 + random(), 4 * random() - 2, 0.05 + random()] as const;
      const eig = expectedInformationGain(...args);
      expect(Math.abs(someCrowdBt.eig(...args) - eig)).toBeLessThanOrEqual(1e-8 * Math.abs(eig) + 1e-14);
      const a = someCrowdBt.update(...args);
      update(...args).forEach((x, i) => expect(Math.abs(a[i]! - x)).toBeLessThanOrEqual(1e-9 * Math.abs(x) + 1e-14));
    }
  });
});

describe('the Bayes-optimal top k (bench/expo-bayes.ts)', () => {
  it("matches the exact posterior of a 6-entry field, enumerated over its 720 orders", () => {
    const n = 6;
    const flip = 0.2;
    const field: SimField = someField(n, prng(5));
    const random = prng(6);
    const votes = Array.from({ length: 14 }, () => {
      const i = Math.floor(random() * n);
      let j = Math.floor(random() * (n - 1));
      if (j >= i) j += 1;
      return noisyVote(field, 'j', field.items[i]!, field.items[j]!, flip, random);
    });
    // Exact: P(order) ∝ ((1 − ε)/ε)^(−contradicted votes); π_i = P(i among the first k).
    const k = 2;
    const exact = new Array<number>(n).fill(0);
    let z = 0;
    const permute = (order: number[], rest: number[]) => {
      if (rest.length === 0) {
        const at = new Map(order.map((i, p) => [field.items[i]!, p]));
        const contradicted = votes.filter((v) => at.get(v.winner)! > at.get(v.loser)!).length;
        const w = ((1 - flip) / flip) ** -contradicted;
        z += w;
        for (const i of order.slice(0, k)) exact[i]! += w;
        return;
      }
      rest.forEach((r, q) => permute([...order, r], [...rest.slice(0, q), ...rest.slice(q + 1)]));
    };
    permute([], Array.from({ length: n }, (_, i) => i));
    const pi = exact.map((w) => w / z);
    const got = bayesTopK(field.items, votes, { flip, share: k / n, start: field.items, burn: 200, sweeps: 20_000, random: simRandom(1, 9) });
    got.pi.forEach((p, i) => expect(Math.abs(p - pi[i]!)).toBeLessThan(0.02));
    const best = [...pi.keys()].sort((a, b) => pi[b]! - pi[a]!).slice(0, k);
    expect(Math.abs(got.risk - (1 - (pi[best[0]!]! + pi[best[1]!]!) / k))).toBeLessThan(0.02);
    expect(got.chosen).toHaveLength(k);
  });
});
