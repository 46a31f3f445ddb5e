import { describe, expect, it } from 'vitest';
import loadHighs from 'highs';
import {
  assignReviewers,
  objectiveWeights,
  type AssignmentInput,
  type AssignmentOptions,
  type AssignmentResult,
} from '../../functions/domain/assignment.ts';
import { prng } from '../../bench/seeded-random.ts';

const int = (rand: () => number, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const key = (s: string, r: string): string => `${s}|${r}`;

function randomInstance(seed: number, opts: { S: [number, number]; R: [number, number]; forced: boolean; maxAff?: number; conflictRate?: number }): AssignmentInput {
  const rand = prng(seed);
  const S = int(rand, ...opts.S);
  const R = int(rand, ...opts.R);
  const submissions = Array.from({ length: S }, (_, i) => `s${i}`);
  const reviewers = Array.from({ length: R }, (_, i) => `r${i}`);
  const k = int(rand, 1, 3);
  const maxLoad = int(rand, 1, 4);
  const affinity: AssignmentInput['affinity'] = [];
  const conflicts: AssignmentInput['conflicts'] = [];
  const free: { submission: string; reviewer: string }[] = [];
  const conflictRate = opts.conflictRate ?? rand() * 0.4;
  for (const s of submissions) {
    for (const r of reviewers) {
      if (rand() < conflictRate) conflicts.push({ submission: s, reviewer: r });
      else free.push({ submission: s, reviewer: r });
      const v = rand() < 0.5 ? 0 : int(rand, 1, opts.maxAff ?? 3);
      if (v > 0) affinity.push({ submission: s, reviewer: r, value: v });
    }
  }
  const pinned: AssignmentInput['conflicts'] = [];
  const fixed: AssignmentInput['conflicts'] = [];
  if (opts.forced) {
    const rate = Math.min(0.12, 1.2 / R); // about one forced pair per submission at most
    for (const p of free) {
      const x = rand();
      if (x < rate / 2) pinned.push(p);
      else if (x < rate) fixed.push(p);
    }
  }
  return { submissions, reviewers, k, maxLoad, affinity, conflicts, pinned, fixed };
}

/**
 * Brute force: every assignment satisfying the bounds, by exhaustive search over the submissions
 * (each picks any subset of its eligible reviewers of size ≤ k − forced), with the reviewers'
 * loads as the search state so equal states are explored once. Compares (reviews, affinity,
 * balance) lexicographically — no weights — then prices the winner with the solver's weights.
 */
function bruteForce(input: AssignmentInput): { reviews: number; affinity: number; balance: number; cost: number } {
  const subs = input.submissions;
  const revs = input.reviewers;
  const conflict = new Set(input.conflicts.map((c) => key(c.submission, c.reviewer)));
  const forced = new Set([...(input.pinned ?? []), ...(input.fixed ?? [])].map((c) => key(c.submission, c.reviewer)));
  const aff = new Map(input.affinity.map((a) => [key(a.submission, a.reviewer), a.value]));
  const load0 = revs.map((r) => subs.filter((s) => forced.has(key(s, r))).length);
  let baseAff = 0;
  for (const f of forced) baseAff += aff.get(f) ?? 0;
  // state: loads → best (reviews, affinity) reaching it (reviews is the sum of loads, so best affinity)
  let states = new Map<string, { loads: number[]; affinity: number }>([[load0.join(','), { loads: load0, affinity: baseAff }]]);
  for (const s of subs) {
    const eligible = revs.map((_, i) => i).filter((i) => !conflict.has(key(s, revs[i]!)) && !forced.has(key(s, revs[i]!)));
    const have = revs.filter((r) => forced.has(key(s, r))).length;
    const room = Math.max(0, input.k - have);
    const next = new Map<string, { loads: number[]; affinity: number }>();
    for (const { loads, affinity } of states.values()) {
      for (let mask = 0; mask < 1 << eligible.length; mask++) {
        const pick = eligible.filter((_, b) => mask & (1 << b));
        if (pick.length > room) continue;
        if (pick.some((i) => loads[i]! >= input.maxLoad)) continue;
        const l2 = [...loads];
        let a2 = affinity;
        for (const i of pick) {
          l2[i]!++;
          a2 += aff.get(key(s, revs[i]!)) ?? 0;
        }
        const id = l2.join(',');
        const old = next.get(id);
        if (!old || a2 > old.affinity) next.set(id, { loads: l2, affinity: a2 });
      }
    }
    states = next;
  }
  let best: { reviews: number; affinity: number; balance: number } | undefined;
  for (const { loads, affinity } of states.values()) {
    const reviews = loads.reduce((x, y) => x + y, 0);
    const balance = loads.reduce((x, l) => x + (l * (l + 1)) / 2, 0);
    if (
      !best ||
      reviews > best.reviews ||
      (reviews === best.reviews && (affinity > best.affinity || (affinity === best.affinity && balance < best.balance)))
    ) {
      best = { reviews, affinity, balance };
    }
  }
  const { perReview, perAffinity } = objectiveWeights(input);
  return { ...best!, cost: -perReview * best!.reviews - perAffinity * best!.affinity + best!.balance };
}

/** Every hard rule of an assignment, checked from the input alone. */
function checkBounds(input: AssignmentInput, out: AssignmentResult): void {
  const conflict = new Set(input.conflicts.map((c) => key(c.submission, c.reviewer)));
  const forcedList = [...(input.pinned ?? []), ...(input.fixed ?? [])];
  const seen = new Set<string>();
  const perSub = new Map<string, number>();
  const perRev = new Map<string, number>();
  for (const p of out.pairs) {
    const kk = key(p.submission, p.reviewer);
    expect(seen.has(kk), `duplicate ${kk}`).toBe(false);
    seen.add(kk);
    expect(conflict.has(kk), `conflict ${kk} assigned`).toBe(false);
    expect(input.submissions).toContain(p.submission);
    expect(input.reviewers).toContain(p.reviewer);
    perSub.set(p.submission, (perSub.get(p.submission) ?? 0) + 1);
    perRev.set(p.reviewer, (perRev.get(p.reviewer) ?? 0) + 1);
  }
  for (const f of forcedList) expect(seen.has(key(f.submission, f.reviewer)), `forced ${key(f.submission, f.reviewer)} kept`).toBe(true);
  for (const r of input.reviewers) {
    const forcedLoad = forcedList.filter((f) => f.reviewer === r).length;
    expect(perRev.get(r) ?? 0).toBeLessThanOrEqual(Math.max(input.maxLoad, forcedLoad));
    expect(out.loads[r]).toBe(perRev.get(r) ?? 0);
  }
  const short = new Map(out.shortfalls.map((x) => [x.submission, x.missing]));
  for (const s of input.submissions) {
    const forcedCount = forcedList.filter((f) => f.submission === s).length;
    const got = perSub.get(s) ?? 0;
    if (forcedCount >= input.k) expect(got).toBe(forcedCount);
    else expect(got + (short.get(s) ?? 0)).toBe(input.k);
  }
  expect(out.feasible).toBe(out.shortfalls.length === 0);
  const sorted = [...out.pairs].sort((a, b) => (a.submission < b.submission ? -1 : a.submission > b.submission ? 1 : a.reviewer < b.reviewer ? -1 : a.reviewer > b.reviewer ? 1 : 0));
  expect(out.pairs).toEqual(sorted);
}

function shuffled<T>(list: T[] | undefined, rand: () => number): T[] | undefined {
  if (!list) return list;
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

describe('assignReviewers: exact optimum on small instances (brute force)', () => {
  it('300 random instances (2–6 × 2–6, k 1–3, maxLoad 1–4, conflicts, affinities, pinned, fixed)', () => {
    let withShortfall = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const input = randomInstance(seed, { S: [2, 6], R: [2, 6], forced: seed % 3 !== 0 });
      const out = assignReviewers(input);
      const best = bruteForce(input);
      expect({ seed, ...out.objective }).toEqual({ seed, reviews: best.reviews, affinity: best.affinity, balance: best.balance });
      expect(out.cost).toBe(best.cost);
      checkBounds(input, out);
      if (!out.feasible) withShortfall++;
    }
    expect(withShortfall).toBeGreaterThan(20); // the generator does exercise shortfalls
  });

  it('the same 300 instances solved from an empty candidate set (pricing does all the work) and densely', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const input = randomInstance(seed, { S: [2, 6], R: [2, 6], forced: seed % 3 !== 0 });
      const sparse = assignReviewers(input, { affinityCandidates: 0, zeroCandidates: 0, pricingBatch: 1 });
      const dense = assignReviewers(input, { dense: true });
      expect(sparse.cost).toBe(dense.cost);
      expect(sparse.cost).toBe(assignReviewers(input).cost);
      checkBounds(input, sparse);
    }
  });
});

describe('shortfalls are explained', () => {
  it('conflicts: only 2 eligible reviewers', () => {
    const out = assignReviewers({
      submissions: ['a', 'b'],
      reviewers: ['x', 'y', 'z', 'w', 'v'],
      k: 3,
      maxLoad: 5,
      affinity: [],
      conflicts: ['x', 'y', 'z'].map((r) => ({ submission: 'a', reviewer: r })),
    });
    expect(out.feasible).toBe(false);
    expect(out.shortfalls).toEqual([
      { submission: 'a', missing: 1, cause: 'conflicts', reason: 'only 2 eligible reviewers: 3 conflicts of interest among 5 reviewers, and all 2 are assigned' },
    ]);
    expect(out.pairs.filter((p) => p.submission === 'b')).toHaveLength(3);
  });

  it('capacity: every eligible reviewer is at the load cap', () => {
    const out = assignReviewers({ submissions: ['a', 'b', 'c'], reviewers: ['x', 'y'], k: 2, maxLoad: 2, affinity: [], conflicts: [] });
    expect(out.pairs).toHaveLength(4); // 6 reviews wanted, 4 slots (max flow: no fewer than 4)
    expect(out.shortfalls.reduce((n, s) => n + s.missing, 0)).toBe(2);
    // the stable tie-break fills a and b; c is short of both reviewers
    expect(out.shortfalls).toEqual([
      { submission: 'c', missing: 2, cause: 'capacity', reason: 'all 2 other eligible reviewers are at their load cap of 2' },
    ]);
  });

  it('says one reviewer in the singular', () => {
    const out = assignReviewers({ submissions: ['a', 'b'], reviewers: ['x'], k: 1, maxLoad: 1, affinity: [], conflicts: [] });
    expect(out.shortfalls).toEqual([{ submission: 'b', missing: 1, cause: 'capacity', reason: 'the 1 other eligible reviewer is at their load cap of 1' }]);
    const conflicted = assignReviewers({ submissions: ['a'], reviewers: ['x'], k: 1, maxLoad: 1, affinity: [], conflicts: [{ submission: 'a', reviewer: 'x' }] });
    expect(conflicted.shortfalls[0]!.reason).toBe('no eligible reviewer: the 1 reviewer has a conflict of interest');
  });

  it('everyone conflicted, and an empty pool', () => {
    const all = assignReviewers({
      submissions: ['a'],
      reviewers: ['x', 'y'],
      k: 1,
      maxLoad: 1,
      affinity: [],
      conflicts: [
        { submission: 'a', reviewer: 'x' },
        { submission: 'a', reviewer: 'y' },
      ],
    });
    expect(all.shortfalls[0]).toMatchObject({ missing: 1, cause: 'conflicts', reason: 'no eligible reviewer: all 2 reviewers have a conflict of interest' });
    const none = assignReviewers({ submissions: ['a'], reviewers: [], k: 2, maxLoad: 1, affinity: [], conflicts: [] });
    expect(none.shortfalls).toEqual([{ submission: 'a', missing: 2, cause: 'no-reviewers', reason: 'there are no reviewers in the pool' }]);
  });

  it('a pinned pair that is a conflict is an error; fixed pairs count toward k and load', () => {
    expect(() =>
      assignReviewers({
        submissions: ['a'],
        reviewers: ['x'],
        k: 1,
        maxLoad: 1,
        affinity: [],
        conflicts: [{ submission: 'a', reviewer: 'x' }],
        pinned: [{ submission: 'a', reviewer: 'x' }],
      }),
    ).toThrow(/conflict of interest/);
    const out = assignReviewers({
      submissions: ['a', 'b'],
      reviewers: ['x', 'y'],
      k: 1,
      maxLoad: 1,
      affinity: [{ submission: 'b', reviewer: 'x', value: 3 }],
      conflicts: [],
      fixed: [{ submission: 'a', reviewer: 'x' }],
    });
    // x is full with the fixed review, so b gets y despite its affinity with x
    expect(out.pairs).toEqual([
      { submission: 'a', reviewer: 'x' },
      { submission: 'b', reviewer: 'y' },
    ]);
  });

  it('rejects unknown ids and bad numbers', () => {
    const base = { submissions: ['a'], reviewers: ['x'], k: 1, maxLoad: 1, affinity: [], conflicts: [] };
    expect(() => assignReviewers({ ...base, conflicts: [{ submission: 'a', reviewer: 'nobody' }] })).toThrow(/unknown reviewer/);
    expect(() => assignReviewers({ ...base, k: -1 })).toThrow(/k must/);
    expect(() => assignReviewers({ ...base, affinity: [{ submission: 'a', reviewer: 'x', value: 0.5 }] })).toThrow(/Affinity/);
    expect(() => assignReviewers({ ...base, submissions: ['a', 'a'] })).toThrow(/twice/);
  });
});

describe('determinism', () => {
  it('shuffled input order gives an identical output', () => {
    for (let seed = 1000; seed < 1040; seed++) {
      const input = randomInstance(seed, { S: [5, 30], R: [5, 30], forced: true, maxAff: 2 });
      const rand = prng(seed);
      const again: AssignmentInput = {
        ...input,
        submissions: shuffled(input.submissions, rand)!,
        reviewers: shuffled(input.reviewers, rand)!,
        affinity: shuffled(input.affinity, rand)!,
        conflicts: shuffled(input.conflicts, rand)!,
        pinned: shuffled(input.pinned, rand),
        fixed: shuffled(input.fixed, rand),
      };
      const a = assignReviewers(input);
      expect(assignReviewers(again)).toEqual(a);
      checkBounds(input, a);
    }
  });
});

describe('balance', () => {
  it('with equal affinities, loads differ by at most 1 where capacity allows', () => {
    for (const [S, R, k] of [
      [10, 7, 3],
      [25, 10, 2],
      [7, 9, 3],
      [40, 13, 3],
    ] as const) {
      const submissions = Array.from({ length: S }, (_, i) => `s${i}`);
      const reviewers = Array.from({ length: R }, (_, i) => `r${i}`);
      const affinity = submissions.flatMap((s) => reviewers.map((r) => ({ submission: s, reviewer: r, value: 2 })));
      const out = assignReviewers({ submissions, reviewers, k, maxLoad: 100, affinity, conflicts: [] });
      expect(out.feasible).toBe(true);
      const loads = Object.values(out.loads);
      expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    }
  });

  it('balances the zero-affinity remainder too', () => {
    const out = assignReviewers({
      submissions: ['a', 'b', 'c', 'd'],
      reviewers: ['x', 'y', 'z', 'w'],
      k: 2,
      maxLoad: 4,
      affinity: [],
      conflicts: [],
    });
    expect(Object.values(out.loads)).toEqual([2, 2, 2, 2]);
  });
});

/** The same objective as an LP, written as CPLEX LP text, solved by HiGHS. */
async function highsCost(input: AssignmentInput): Promise<number> {
  const highs = await loadHighs();
  const { perReview, perAffinity } = objectiveWeights(input);
  const conflict = new Set(input.conflicts.map((c) => key(c.submission, c.reviewer)));
  const aff = new Map(input.affinity.map((a) => [key(a.submission, a.reviewer), a.value]));
  const x = (s: number, r: number): string => `x_${s}_${r}`;
  const obj: string[] = [];
  const bounds: string[] = [];
  const rows: string[] = [];
  const perRev: string[][] = input.reviewers.map(() => []);
  input.submissions.forEach((s, si) => {
    const terms: string[] = [];
    input.reviewers.forEach((r, ri) => {
      if (conflict.has(key(s, r))) return;
      obj.push(`${-perReview - perAffinity * (aff.get(key(s, r)) ?? 0)} ${x(si, ri)}`);
      bounds.push(`0 <= ${x(si, ri)} <= 1`);
      terms.push(x(si, ri));
      perRev[ri]!.push(x(si, ri));
    });
    if (terms.length) rows.push(`k_${si}: ${terms.join(' + ')} <= ${input.k}`);
  });
  input.reviewers.forEach((_, ri) => {
    const slots: string[] = [];
    for (let j = 1; j <= input.maxLoad; j++) {
      obj.push(`${j} y_${ri}_${j}`);
      bounds.push(`0 <= y_${ri}_${j} <= 1`);
      slots.push(`y_${ri}_${j}`);
    }
    if (perRev[ri]!.length) rows.push(`load_${ri}: ${perRev[ri]!.join(' + ')} - ${slots.join(' - ')} = 0`);
  });
  const lp = `Minimize\n obj: ${obj.join(' + ').replaceAll('+ -', '- ')}\nSubject To\n ${rows.join('\n ')}\nBounds\n ${bounds.join('\n ')}\nEnd\n`;
  const sol = highs.solve(lp, { output_flag: false });
  expect(sol.Status).toBe('Optimal');
  // The LP is integral (totally unimodular); re-price the rounded solution exactly.
  const loads = new Map<number, number>();
  let n = 0;
  let A = 0;
  for (const [name, col] of Object.entries(sol.Columns)) {
    if (!name.startsWith('x_')) continue;
    const v = Math.round(col.Primal);
    expect(Math.abs(v - col.Primal)).toBeLessThan(1e-6);
    if (v !== 1) continue;
    const [, si, ri] = name.split('_').map(Number) as [number, number, number];
    n++;
    A += aff.get(key(input.submissions[si]!, input.reviewers[ri]!)) ?? 0;
    loads.set(ri, (loads.get(ri) ?? 0) + 1);
  }
  let B = 0;
  for (const l of loads.values()) B += (l * (l + 1)) / 2;
  const cost = -perReview * n - perAffinity * A + B;
  expect(Math.abs(sol.ObjectiveValue - cost)).toBeLessThan(1e-6 * Math.abs(cost) + 1);
  return cost;
}

describe('HiGHS oracle (LP of the same objective)', () => {
  it.each([1, 2, 3, 4])('40×40, k=3, instance %i', async (seed) => {
    const rand = prng(seed * 7919);
    const input = randomInstance(seed * 31, { S: [40, 40], R: [40, 40], forced: false, conflictRate: 0.05 });
    input.k = 3;
    input.maxLoad = seed === 4 ? 2 : 3 + Math.floor(rand() * 3); // instance 4 is short of capacity
    const out = assignReviewers(input);
    checkBounds(input, out);
    expect(out.cost).toBe(await highsCost(input));
    if (seed === 4) expect(out.feasible).toBe(false);
  });
});

describe('sparse candidates + pricing = dense solve', () => {
  const cases: [string, AssignmentOptions][] = [
    ['empty start', { affinityCandidates: 0, zeroCandidates: 0 }],
    ['one candidate each, batch 1', { affinityCandidates: 1, zeroCandidates: 0, pricingBatch: 1 }],
    ['defaults', {}],
  ];
  it.each(cases)('%s', (_, options) => {
    for (let seed = 50; seed < 58; seed++) {
      const input = randomInstance(seed, { S: [30, 60], R: [20, 50], forced: true, conflictRate: 0.1 });
      const dense = assignReviewers(input, { dense: true });
      const sparse = assignReviewers(input, options);
      expect(sparse.cost).toBe(dense.cost);
      expect(sparse.objective).toEqual(dense.objective);
      checkBounds(input, sparse);
      if (options.affinityCandidates === 0) expect(sparse.stats.rounds).toBeGreaterThan(1);
    }
  });
});
