import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
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

/** The new constraints on top of an instance: per-submission demands, minimum loads, per-reviewer caps, the tier order. */
function withFairness(input: AssignmentInput, seed: number): AssignmentInput {
  const rand = prng(seed * 104729 + 17);
  const out: AssignmentInput = { ...input, objective: rand() < 0.5 ? 'balance-first' : 'affinity-first' };
  if (rand() < 0.7) out.minLoad = int(rand, 0, Math.min(2, input.maxLoad));
  if (rand() < 0.5) out.demands = input.submissions.filter(() => rand() < 0.5).map((s) => ({ submission: s, k: int(rand, 0, 3) }));
  if (rand() < 0.5) {
    out.reviewerLoads = input.reviewers
      .filter(() => rand() < 0.4)
      .map((r) => {
        const max = int(rand, 0, 4);
        return rand() < 0.5 ? { reviewer: r, max, min: int(rand, 0, max) } : { reviewer: r, min: Math.min(int(rand, 0, 3), input.maxLoad) };
      });
  }
  return out;
}

/** The bounds of an input, per submission and per reviewer (defaults filled in). */
function boundsOf(input: AssignmentInput) {
  const kOf = new Map(input.submissions.map((s) => [s, input.k]));
  for (const d of input.demands ?? []) kOf.set(d.submission, d.k);
  const minOf = new Map(input.reviewers.map((r) => [r, input.minLoad ?? 0]));
  const maxOf = new Map(input.reviewers.map((r) => [r, input.maxLoad]));
  for (const o of input.reviewerLoads ?? []) {
    if (o.min !== undefined) minOf.set(o.reviewer, o.min);
    if (o.max !== undefined) maxOf.set(o.reviewer, o.max);
  }
  return { kOf, minOf, maxOf };
}

/** `a` better than `b` in the solver's lexicographic order (no weights). */
function better(a: Tiers, b: Tiers, order: AssignmentInput['objective']): boolean {
  if (a.minimums !== b.minimums) return a.minimums > b.minimums;
  if (a.reviews !== b.reviews) return a.reviews > b.reviews;
  if (order === 'affinity-first') return a.affinity !== b.affinity ? a.affinity > b.affinity : a.balance < b.balance;
  return a.balance !== b.balance ? a.balance < b.balance : a.affinity > b.affinity;
}
type Tiers = { minimums: number; reviews: number; affinity: number; balance: number };

/**
 * Brute force: every assignment satisfying the bounds, by exhaustive search over the submissions
 * (each picks any subset of its eligible reviewers of size ≤ k_s − forced), with the reviewers'
 * loads as the search state so equal states are explored once. Compares (minimums met, reviews,
 * then affinity and balance in the input's order) lexicographically — no weights — then prices
 * the winner with the solver's weights.
 */
function bruteForce(input: AssignmentInput): Tiers & { cost: number } {
  const subs = input.submissions;
  const revs = input.reviewers;
  const { kOf, minOf, maxOf } = boundsOf(input);
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
    const room = Math.max(0, kOf.get(s)! - have);
    const next = new Map<string, { loads: number[]; affinity: number }>();
    for (const { loads, affinity } of states.values()) {
      for (let mask = 0; mask < 1 << eligible.length; mask++) {
        const pick = eligible.filter((_, b) => mask & (1 << b));
        if (pick.length > room) continue;
        if (pick.some((i) => loads[i]! >= maxOf.get(revs[i]!)!)) continue;
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
  let best: Tiers | undefined;
  for (const { loads, affinity } of states.values()) {
    const reviews = loads.reduce((x, y) => x + y, 0);
    const balance = loads.reduce((x, l) => x + (l * (l + 1)) / 2, 0);
    const minimums = loads.reduce((x, l, i) => x + Math.min(l, minOf.get(revs[i]!)!), 0);
    const t = { minimums, reviews, affinity, balance };
    if (!best || better(t, best, input.objective)) best = t;
  }
  return { ...best!, cost: priced(input, best!) };
}

/** cost of an assignment from its tiers, with the solver's weights. */
function priced(input: AssignmentInput, t: Tiers): number {
  const { perReview, perAffinity, perBalance } = objectiveWeights(input);
  return -perReview * (t.reviews + t.minimums) - perAffinity * t.affinity + perBalance * t.balance;
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
  const { kOf, minOf, maxOf } = boundsOf(input);
  let below = 0;
  for (const r of input.reviewers) {
    const forcedLoad = forcedList.filter((f) => f.reviewer === r).length;
    expect(perRev.get(r) ?? 0).toBeLessThanOrEqual(Math.max(maxOf.get(r)!, forcedLoad));
    expect(out.loads[r]).toBe(perRev.get(r) ?? 0);
    below += Math.max(0, minOf.get(r)! - (perRev.get(r) ?? 0));
  }
  // every reviewer below their minimum is named in a minimum shortfall, and the counts agree
  const named = new Set(out.minimumShortfalls!.flatMap((m) => m.reviewers));
  for (const r of input.reviewers) if ((perRev.get(r) ?? 0) < minOf.get(r)!) expect(named.has(r), `${r} below minimum, unexplained`).toBe(true);
  expect(out.minimumShortfalls!.reduce((n, m) => n + m.missing, 0)).toBe(below);
  for (const m of out.minimumShortfalls!) expect(m.missing).toBeGreaterThan(0);
  const short = new Map(out.shortfalls.map((x) => [x.submission, x.missing]));
  for (const s of input.submissions) {
    const forcedCount = forcedList.filter((f) => f.submission === s).length;
    const got = perSub.get(s) ?? 0;
    if (forcedCount >= kOf.get(s)!) expect(got).toBe(forcedCount);
    else expect(got + (short.get(s) ?? 0)).toBe(kOf.get(s));
  }
  expect(out.feasible).toBe(out.shortfalls.length === 0 && below === 0);
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
      expect({ seed, ...out.objective }).toEqual({ seed, reviews: best.reviews, minimums: 0, affinity: best.affinity, balance: best.balance, order: 'balance-first' });
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
      {
        submission: 'a',
        missing: 1,
        cause: 'conflicts',
        reason: 'only 2 eligible reviewers: 3 conflicts of interest among 5 reviewers, and all 2 are assigned',
        facts: { cause: 'conflicts', reviewers: 5, eligible: 2, conflicts: 3, others: 0, k: 3, maxLoad: 5 },
      },
    ]);
    expect(out.pairs.filter((p) => p.submission === 'b')).toHaveLength(3);
  });

  it('capacity: every eligible reviewer is at the load cap', () => {
    const out = assignReviewers({ submissions: ['a', 'b', 'c'], reviewers: ['x', 'y'], k: 2, maxLoad: 2, affinity: [], conflicts: [] });
    expect(out.pairs).toHaveLength(4); // 6 reviews wanted, 4 slots (max flow: no fewer than 4)
    expect(out.shortfalls.reduce((n, s) => n + s.missing, 0)).toBe(2);
    // the stable tie-break fills a and b; c is short of both reviewers
    expect(out.shortfalls).toEqual([
      expect.objectContaining({ submission: 'c', missing: 2, cause: 'capacity', reason: 'all 2 other eligible reviewers are at their load cap of 2', facts: expect.objectContaining({ cause: 'capacity', others: 2, maxLoad: 2 }) }),
    ]);
  });

  it('says one reviewer in the singular', () => {
    const out = assignReviewers({ submissions: ['a', 'b'], reviewers: ['x'], k: 1, maxLoad: 1, affinity: [], conflicts: [] });
    expect(out.shortfalls).toEqual([expect.objectContaining({ submission: 'b', missing: 1, cause: 'capacity', reason: 'the 1 other eligible reviewer is at their load cap of 1', facts: expect.objectContaining({ others: 1, maxLoad: 1 }) })]);
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
    expect(none.shortfalls).toEqual([expect.objectContaining({ submission: 'a', missing: 2, cause: 'no-reviewers', reason: 'there are no reviewers in the pool', facts: expect.objectContaining({ cause: 'no-reviewers', reviewers: 0 }) })]);
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

/**
 * The same objective as an LP, written as CPLEX LP text, solved by HiGHS. Minimum loads are HARD
 * rows here (Σ_s x_sr ≥ min_r − …, forced pairs counted), not the solver's tier: the LP is
 * infeasible exactly when no assignment meets them (then null), and otherwise its optimum must be
 * the solver's. Forced pairs are fixed to 1.
 */
async function highsCost(input: AssignmentInput): Promise<number | null> {
  const highs = await loadHighs();
  const { perReview, perAffinity, perBalance } = objectiveWeights(input);
  const { kOf, minOf, maxOf } = boundsOf(input);
  const conflict = new Set(input.conflicts.map((c) => key(c.submission, c.reviewer)));
  const forced = new Set([...(input.pinned ?? []), ...(input.fixed ?? [])].map((c) => key(c.submission, c.reviewer)));
  const aff = new Map(input.affinity.map((a) => [key(a.submission, a.reviewer), a.value]));
  const x = (s: number, r: number): string => `x_${s}_${r}`;
  const obj: string[] = [];
  const bounds: string[] = [];
  const rows: string[] = [];
  const perRev: string[][] = input.reviewers.map(() => []);
  const forcedLoad = input.reviewers.map((r) => input.submissions.filter((s) => forced.has(key(s, r))).length);
  input.submissions.forEach((s, si) => {
    const terms: string[] = [];
    input.reviewers.forEach((r, ri) => {
      if (conflict.has(key(s, r))) return;
      obj.push(`${-perReview - perAffinity * (aff.get(key(s, r)) ?? 0)} ${x(si, ri)}`);
      bounds.push(forced.has(key(s, r)) ? `${x(si, ri)} = 1` : `0 <= ${x(si, ri)} <= 1`);
      terms.push(x(si, ri));
      perRev[ri]!.push(x(si, ri));
    });
    const forcedCount = input.reviewers.filter((r) => forced.has(key(s, r))).length;
    if (terms.length) rows.push(`k_${si}: ${terms.join(' + ')} <= ${Math.max(kOf.get(s)!, forcedCount)}`);
  });
  input.reviewers.forEach((r, ri) => {
    const slots: string[] = [];
    const cap = Math.max(maxOf.get(r)!, forcedLoad[ri]!);
    for (let j = 1; j <= cap; j++) {
      // the j-th review costs perBalance·j; each of the first min_r also earns perReview (the minimums tier)
      obj.push(`${perBalance * j - (j <= minOf.get(r)! ? perReview : 0)} y_${ri}_${j}`);
      bounds.push(`0 <= y_${ri}_${j} <= 1`);
      slots.push(`y_${ri}_${j}`);
    }
    if (perRev[ri]!.length) rows.push(`load_${ri}: ${perRev[ri]!.join(' + ')}${slots.length ? ` - ${slots.join(' - ')}` : ''} = 0`);
    if (minOf.get(r)! > 0) rows.push(`min_${ri}: ${perRev[ri]!.length ? perRev[ri]!.join(' + ') : '0 x_dummy'} >= ${minOf.get(r)}`);
  });
  const lp = `Minimize\n obj: ${obj.join(' + ').replaceAll('+ -', '- ')}\nSubject To\n ${rows.join('\n ')}\nBounds\n ${bounds.join('\n ')}\nEnd\n`;
  const sol = highs.solve(lp, { output_flag: false });
  if (sol.Status === 'Infeasible') return null;
  expect(sol.Status).toBe('Optimal');
  // The LP is integral (totally unimodular); re-price the rounded solution exactly.
  const loads = new Map<number, number>();
  let n = 0;
  let A = 0;
  for (const [name, col] of Object.entries(sol.Columns)) {
    if (!name.startsWith('x_') || name === 'x_dummy') continue;
    const v = Math.round(col.Primal);
    expect(Math.abs(v - col.Primal)).toBeLessThan(1e-6);
    if (v !== 1) continue;
    const [, si, ri] = name.split('_').map(Number) as [number, number, number];
    n++;
    A += aff.get(key(input.submissions[si]!, input.reviewers[ri]!)) ?? 0;
    loads.set(ri, (loads.get(ri) ?? 0) + 1);
  }
  let B = 0;
  let M = 0;
  input.reviewers.forEach((r, ri) => {
    const l = loads.get(ri) ?? 0;
    B += (l * (l + 1)) / 2;
    M += Math.min(l, minOf.get(r)!);
  });
  const cost = priced(input, { reviews: n, minimums: M, affinity: A, balance: B });
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

describe('fair assignment: minimum loads, per-submission demands, per-reviewer caps, tier order (brute force)', () => {
  it('400 random instances, both orders, against exhaustive search', () => {
    let infeasibleMinimums = 0;
    let withMinimums = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const input = withFairness(randomInstance(seed + 5000, { S: [2, 6], R: [2, 5], forced: seed % 3 !== 0 }), seed);
      const out = assignReviewers(input);
      const best = bruteForce(input);
      expect({ seed, ...out.objective }).toEqual({ seed, ...best, cost: undefined, order: input.objective ?? 'balance-first' });
      expect(out.cost).toBe(best.cost);
      checkBounds(input, out);
      if ((input.minLoad ?? 0) > 0 || input.reviewerLoads?.some((o) => (o.min ?? 0) > 0)) withMinimums++;
      if (out.minimumShortfalls!.length > 0) infeasibleMinimums++;
      // sparse start (pricing does the work) and dense agree
      expect(assignReviewers(input, { affinityCandidates: 0, zeroCandidates: 0, pricingBatch: 1 }).cost).toBe(out.cost);
      expect(assignReviewers(input, { dense: true }).cost).toBe(out.cost);
    }
    expect(withMinimums).toBeGreaterThan(150);
    expect(infeasibleMinimums).toBeGreaterThan(20); // the generator does exercise impossible minimums
    expect(infeasibleMinimums).toBeLessThan(withMinimums - 50); // … and feasible ones
  });

  it('shuffled input order (demands and per-reviewer loads too) gives an identical output', () => {
    for (let seed = 2000; seed < 2030; seed++) {
      const input = withFairness(randomInstance(seed, { S: [5, 25], R: [5, 20], forced: true, maxAff: 2 }), seed);
      const rand = prng(seed);
      const again: AssignmentInput = {
        ...input,
        submissions: shuffled(input.submissions, rand)!,
        reviewers: shuffled(input.reviewers, rand)!,
        affinity: shuffled(input.affinity, rand)!,
        conflicts: shuffled(input.conflicts, rand)!,
        demands: shuffled(input.demands, rand),
        reviewerLoads: shuffled(input.reviewerLoads, rand),
      };
      const a = assignReviewers(input);
      expect(assignReviewers(again)).toEqual(a);
      checkBounds(input, a);
    }
  });

  it('bad loads and demands are refused', () => {
    const base = { submissions: ['a'], reviewers: ['x'], k: 1, maxLoad: 2, affinity: [], conflicts: [] };
    expect(() => assignReviewers({ ...base, minLoad: 3 })).toThrow(/cannot exceed the maximum load/);
    expect(() => assignReviewers({ ...base, minLoad: -1 })).toThrow(/minLoad/);
    expect(() => assignReviewers({ ...base, reviewerLoads: [{ reviewer: 'x', min: 2, max: 1 }] })).toThrow(/cannot exceed the maximum/);
    expect(() => assignReviewers({ ...base, reviewerLoads: [{ reviewer: 'nobody', min: 1 }] })).toThrow(/unknown reviewer/);
    expect(() => assignReviewers({ ...base, demands: [{ submission: 'a', k: 1.5 }] })).toThrow(/demand/);
    expect(() => assignReviewers({ ...base, demands: [{ submission: 'a', k: 1 }, { submission: 'a', k: 2 }] })).toThrow(/twice/);
    expect(() => assignReviewers({ ...base, objective: 'fastest' as never })).toThrow(/objective/);
  });
});

describe('infeasible minimums are detected and explained', () => {
  it('names the reviewers and the conflicts that keep them from their minimum', () => {
    // x and y are conflicted with a, b, c: only d is left for them, and d wants 1 review
    const out = assignReviewers({
      submissions: ['a', 'b', 'c', 'd'],
      reviewers: ['w', 'x', 'y', 'z'],
      k: 1,
      maxLoad: 4,
      minLoad: 1,
      affinity: [],
      conflicts: ['a', 'b', 'c'].flatMap((s) => ['x', 'y'].map((r) => ({ submission: s, reviewer: r }))),
    });
    expect(out.feasible).toBe(false);
    expect(out.shortfalls).toEqual([]);
    expect(out.minimumShortfalls).toEqual([
      {
        reviewers: ['x', 'y'],
        minimum: 1,
        needed: 2,
        missing: 1,
        cause: 'conflicts',
        reason: 'reviewers "x" and "y" cannot all reach their minimum of 1: they need 2 reviews between them, but the 1 submission they are not conflicted with can take only 1 of them',
        detail: 'they need 2 reviews between them, but the 1 submission they are not conflicted with can take only 1 of them',
      },
    ]);
    // the closest assignment: every other minimum met, one of x, y on d
    expect(out.loads.w! + out.loads.z!).toBe(3);
    expect(out.loads.x! + out.loads.y!).toBe(1);
  });

  it('a single reviewer, and reviewers conflicted with everything', () => {
    const one = assignReviewers({
      submissions: ['a', 'b', 'c'],
      reviewers: ['x', 'y'],
      k: 2,
      maxLoad: 3,
      minLoad: 2,
      affinity: [],
      conflicts: [{ submission: 'a', reviewer: 'x' }, { submission: 'b', reviewer: 'x' }],
    });
    expect(one.minimumShortfalls!.map((m) => m.reason)).toEqual(['reviewer "x" cannot reach their minimum of 2: only 1 submission they are not conflicted with']);
    const none = assignReviewers({
      submissions: ['a'],
      reviewers: ['x', 'y', 'z'],
      k: 1,
      maxLoad: 1,
      reviewerLoads: [{ reviewer: 'x', min: 1 }, { reviewer: 'y', min: 1 }],
      affinity: [],
      conflicts: ['x', 'y'].map((r) => ({ submission: 'a', reviewer: r })),
    });
    expect(none.minimumShortfalls).toEqual([
      {
        reviewers: ['x', 'y'],
        minimum: 1,
        needed: 2,
        missing: 2,
        cause: 'conflicts',
        reason: 'reviewers "x" and "y" cannot reach their minimum of 1: each has a conflict of interest with every submission that still wants a review',
        detail: 'each has a conflict of interest with every submission that still wants a review',
      },
    ]);
  });

  it('a pool too small for the minimums: the submissions ask for fewer reviews than the minimums add up to', () => {
    const out = assignReviewers({ submissions: ['a', 'b', 'c'], reviewers: ['p', 'q', 'r', 's'], k: 2, maxLoad: 3, minLoad: 2, affinity: [], conflicts: [] });
    expect(out.feasible).toBe(false);
    expect(out.pairs).toHaveLength(6); // every review the submissions want is still given
    expect(out.minimumShortfalls).toEqual([
      {
        reviewers: ['p', 'q', 'r', 's'],
        minimum: 2,
        needed: 8,
        missing: 2,
        cause: 'demand',
        reason: 'reviewers "p", "q", "r" and "s" cannot all reach their minimum of 2: they need 8 reviews between them, but the 3 submissions ask for only 6 reviews in all',
        detail: 'they need 8 reviews between them, but the 3 submissions ask for only 6 reviews in all',
      },
    ]);
  });
});

/**
 * openreview-matcher's MinMaxSolver cases (tests/test_solvers_minmax.py, github.com/openreview/openreview-matcher):
 * their matrices are papers × reviewers of COSTS (lower is better) and constraints (-1 = forbidden);
 * here affinity = (largest cost) − cost, a -1 constraint is a conflict, and their per-paper
 * "demands", per-reviewer minimums and maximums map one to one.
 */
function fromOpenreview(costByReviewer: number[][], constraintByReviewer: number[][] | null, minimums: number[], maximums: number[], demands: number[], allowZero = true): AssignmentInput {
  const R = costByReviewer.length;
  const S = costByReviewer[0]!.length;
  const reviewers = Array.from({ length: R }, (_, i) => `reviewer${i}`);
  const submissions = Array.from({ length: S }, (_, i) => `paper${i}`);
  const top = Math.max(...costByReviewer.flat());
  const affinity: AssignmentInput['affinity'] = [];
  const conflicts: AssignmentInput['conflicts'] = [];
  for (let r = 0; r < R; r++) {
    for (let s = 0; s < S; s++) {
      const c = costByReviewer[r]![s]!;
      if (constraintByReviewer?.[r]![s] === -1) conflicts.push({ submission: submissions[s]!, reviewer: reviewers[r]! });
      else if (!allowZero && c === 0) conflicts.push({ submission: submissions[s]!, reviewer: reviewers[r]! });
      if (top - c > 0) affinity.push({ submission: submissions[s]!, reviewer: reviewers[r]!, value: top - c });
    }
  }
  return {
    submissions,
    reviewers,
    k: 0,
    maxLoad: Math.max(...maximums),
    demands: demands.map((k, s) => ({ submission: submissions[s]!, k })),
    reviewerLoads: reviewers.map((r, i) => ({ reviewer: r, min: minimums[i]!, max: maximums[i]! })),
    affinity,
    conflicts,
  };
}

/** Their check: every paper gets its demand, every reviewer within [min, max], no forbidden pair. */
function meetsOpenreview(input: AssignmentInput, out: AssignmentResult): void {
  checkBounds(input, out);
  expect(out.feasible).toBe(true);
  expect(out.shortfalls).toEqual([]);
  const { minOf, maxOf, kOf } = boundsOf(input);
  for (const r of input.reviewers) {
    expect(out.loads[r]).toBeGreaterThanOrEqual(minOf.get(r)!);
    expect(out.loads[r]).toBeLessThanOrEqual(maxOf.get(r)!);
  }
  for (const s of input.submissions) expect(out.pairs.filter((p) => p.submission === s)).toHaveLength(kOf.get(s)!);
}

describe("openreview-matcher's minimum-load (MinMaxSolver) cases", () => {
  const costs4x3 = [
    [0.2, 0.1, 0.4],
    [0.5, 0.2, 0.3],
    [0.2, 0.0, 0.6],
    [0.7, 0.9, 0.3],
  ].map((row) => row.map((v) => Math.round(v * 10)));
  const orders = ['balance-first', 'affinity-first'] as const;

  it.each(orders)('custom demands, supplies, both, and a paper with demand 0 (%s)', (objective) => {
    for (const [mins, maxs, demands] of [
      [[1, 1, 1, 1], [2, 2, 2, 2], [2, 1, 3]],
      [[1, 1, 1, 1], [2, 1, 3, 1], [2, 2, 2]],
      [[0, 0, 0, 0], [2, 1, 3, 1], [2, 1, 3]],
      [[0, 0, 0, 0], [2, 2, 2, 2], [2, 1, 0]],
      [[1, 1, 1, 1], [2, 2, 2, 2], [1, 1, 2]], // all-zero costs ("random")
    ] as const) {
      const input = { ...fromOpenreview(costs4x3, null, [...mins], [...maxs], [...demands]), objective };
      const out = assignReviewers(input);
      meetsOpenreview(input, out);
      expect(out.cost).toBe(bruteForce(input).cost);
    }
    const zero = assignReviewers(fromOpenreview(costs4x3, null, [0, 0, 0, 0], [2, 2, 2, 2], [2, 1, 0]));
    expect(zero.pairs.filter((p) => p.submission === 'paper2')).toEqual([]);
  });

  it.each(orders)('finds the lowest-cost solution (%s)', (objective) => {
    const input = { ...fromOpenreview([[0, 1, 1], [1, 0, 1], [1, 1, 0], [2, 2, 0]], null, [1, 1, 1, 1], [2, 2, 2, 2], [1, 1, 2]), objective };
    const out = assignReviewers(input);
    meetsOpenreview(input, out);
    // their expected cost 0: reviewer i on paper i, reviewer 3 on paper 2
    expect(out.pairs).toEqual([
      { submission: 'paper0', reviewer: 'reviewer0' },
      { submission: 'paper1', reviewer: 'reviewer1' },
      { submission: 'paper2', reviewer: 'reviewer2' },
      { submission: 'paper2', reviewer: 'reviewer3' },
    ]);
  });

  it.each(orders)('respects constraints, and finds the lowest cost among them (%s)', (objective) => {
    const ones = Array.from({ length: 4 }, () => [1, 1, 1, 1, 1]);
    const constraints = [
      [0, 0, 0, 0, 0],
      [0, 0, -1, -1, 0],
      [0, 0, -1, -1, 0],
      [-1, -1, 0, 0, 0],
    ];
    const a = { ...fromOpenreview(ones, constraints, [1, 1, 1, 1], [3, 3, 3, 3], [2, 2, 2, 2, 2]), objective };
    meetsOpenreview(a, assignReviewers(a));
    const cost = [
      [-10, 1, 1, -10, -10],
      [-100, -10, -10, -100, 1],
      [1, -10, -10, -100, -100],
      [-10, -100, -100, -10, -10],
    ];
    const constraints2 = [
      [0, 0, 0, 0, 0],
      [-1, 0, 0, -1, 0],
      [0, 0, 0, -1, -1],
      [0, -1, -1, 0, 0],
    ];
    const b = { ...fromOpenreview(cost, constraints2, [1, 1, 1, 1], [3, 3, 3, 3], [2, 2, 2, 2, 2]), objective };
    const out = assignReviewers(b);
    meetsOpenreview(b, out);
    // only the cost −10 arcs are used (their check), i.e. affinity 1 − (−10) = 11 on every pair
    const aff = new Map(b.affinity.map((x) => [key(x.submission, x.reviewer), x.value]));
    for (const p of out.pairs) expect(aff.get(key(p.submission, p.reviewer))).toBe(11);
  });

  it.each(orders)('honours minimums of 2 for all (6×6), and of 1 or 2 with an expensive reviewer (%s)', (objective) => {
    const six = Array.from({ length: 6 }, () => [1, 1, 1, 1, 1, 1]);
    const a = { ...fromOpenreview(six, null, [2, 2, 2, 2, 2, 2], [3, 3, 3, 3, 3, 3], [2, 2, 2, 2, 2, 2]), objective };
    const outA = assignReviewers(a);
    meetsOpenreview(a, outA);
    expect(Object.values(outA.loads)).toEqual([2, 2, 2, 2, 2, 2]);
    const expensive = [[0, 0, 0], [0, 0, 0], [0, 0, 0], [2000, 2000, 2000]];
    for (const min of [1, 2]) {
      // without minimums the cheapest solution is loads [3, 3, 3, 0] (what the issue measured)
      const input = { ...fromOpenreview(expensive, null, [min, min, min, min], [3, 3, 3, 3], [3, 3, 3]), objective };
      const out = assignReviewers(input);
      meetsOpenreview(input, out);
      expect(out.loads.reviewer3).toBeGreaterThanOrEqual(min);
      expect(out.cost).toBe(bruteForce(input).cost);
    }
  });

  it('impossible constraints: every pair forbidden, minimums of 5 — not feasible, and says why', () => {
    const cost = Array.from({ length: 5 }, () => Array.from({ length: 20 }, () => 0));
    const forbidden = cost.map((row) => row.map(() => -1));
    const out = assignReviewers(fromOpenreview(cost, forbidden, [5, 5, 5, 5, 5], [20, 20, 20, 20, 20], Array.from({ length: 20 }, () => 3)));
    expect(out.feasible).toBe(false);
    expect(out.pairs).toEqual([]);
    expect(out.minimumShortfalls).toHaveLength(1);
    expect(out.minimumShortfalls![0]).toMatchObject({ reviewers: ['reviewer0', 'reviewer1', 'reviewer2', 'reviewer3', 'reviewer4'], minimum: 5, needed: 25, missing: 25, cause: 'conflicts' });
    expect(out.minimumShortfalls![0]!.reason).toBe(
      'reviewers "reviewer0", "reviewer1", "reviewer2", "reviewer3" and "reviewer4" cannot reach their minimum of 5: each has a conflict of interest with every submission that still wants a review',
    );
  });

  it('zero-score pairs not allowed, minimums of 2: no solution (the case reported feasible before)', () => {
    const input = fromOpenreview([[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 1, 0]], null, [2, 2, 2, 2], [3, 3, 3, 3], [3, 3, 3], false);
    // their "cost" 1 is the only allowed pair; as affinity it is 0, every cost-0 pair is forbidden
    const out = assignReviewers(input);
    expect(out.feasible).toBe(false);
    expect(out.minimumShortfalls!.map((m) => m.reviewers)).toEqual([['reviewer0', 'reviewer1', 'reviewer2'], ['reviewer3']]);
    expect(out.minimumShortfalls![1]!.reason).toBe('reviewer "reviewer3" cannot reach their minimum of 2: only 1 submission they are not conflicted with');
  });
});

describe('HiGHS oracle with minimums, demands and both orders (minimums as hard rows)', () => {
  it.each([1, 2, 3, 4, 5, 6])('30×25 instance %i', async (seed) => {
    const rand = prng(seed * 31337);
    const input = randomInstance(seed * 53 + 1, { S: [30, 30], R: [25, 25], forced: seed % 2 === 0, conflictRate: seed === 6 ? 0.5 : 0.08 });
    input.k = 2 + (seed % 2);
    input.maxLoad = 6;
    input.minLoad = seed === 5 ? 4 : 1 + (seed % 3); // instance 5: minimums beyond what the submissions want
    input.objective = seed % 2 ? 'balance-first' : 'affinity-first';
    input.demands = input.submissions.filter(() => rand() < 0.3).map((s) => ({ submission: s, k: int(rand, 0, 4) }));
    input.reviewerLoads = input.reviewers.filter(() => rand() < 0.2).map((r) => ({ reviewer: r, max: int(rand, 3, 6), min: int(rand, 0, 3) }));
    const out = assignReviewers(input);
    checkBounds(input, out);
    const oracle = await highsCost(input);
    if (oracle === null) {
      expect(out.minimumShortfalls!.length).toBeGreaterThan(0);
    } else {
      expect(out.minimumShortfalls).toEqual([]);
      expect(out.cost).toBe(oracle);
    }
    if (seed === 5) expect(oracle).toBeNull();
    if (seed === 1) expect(oracle).not.toBeNull();
  });
});

describe('balance-first (property)', () => {
  /** Instances where nothing prevents even loads: no conflict, no forced pair, caps high enough. */
  const arbitrary = fc
    .record({ S: fc.integer({ min: 1, max: 12 }), R: fc.integer({ min: 1, max: 9 }), k: fc.integer({ min: 1, max: 4 }), seed: fc.integer({ min: 1, max: 1e9 }), demands: fc.boolean() })
    .map(({ S, R, k, seed, demands }) => {
      const rand = prng(seed);
      const submissions = Array.from({ length: S }, (_, i) => `s${i}`);
      const reviewers = Array.from({ length: R }, (_, i) => `r${i}`);
      const kk = Math.min(k, R);
      const ds = demands ? submissions.map((s) => ({ submission: s, k: int(rand, 0, kk) })) : undefined;
      const total = ds ? ds.reduce((n, d) => n + d.k, 0) : S * kk;
      const affinity = submissions.flatMap((s) => reviewers.filter(() => rand() < 0.5).map((r) => ({ submission: s, reviewer: r, value: int(rand, 1, 5) })));
      return { submissions, reviewers, k: kk, maxLoad: Math.ceil(total / R) + int(rand, 0, 2), affinity, conflicts: [], demands: ds } as AssignmentInput;
    });

  it('every reviewer is within one review of every other when no constraint prevents it', () => {
    fc.assert(
      fc.property(arbitrary, (input) => {
        const out = assignReviewers(input);
        const loads = Object.values(out.loads);
        expect(out.feasible).toBe(true);
        expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300, seed: 20261201 },
    );
  });

  it('… which affinity-first does not promise (so the property above can fail)', () => {
    let spread = 0;
    fc.assert(
      fc.property(arbitrary, (input) => {
        const loads = Object.values(assignReviewers({ ...input, objective: 'affinity-first' }).loads);
        if (Math.max(...loads) - Math.min(...loads) > 1) spread++;
      }),
      { numRuns: 300, seed: 20261201 },
    );
    expect(spread).toBeGreaterThan(10);
  });
});
