import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import loadHighs from 'highs';
import type { AssignmentInput, AssignmentObjective } from '../../functions/domain/assignment.ts';
import { RuleViolation, ValidationFailed } from '../../functions/domain/errors.ts';
import {
  assignmentMarginals,
  qFraction,
  randomisedAssignment,
  seedFor,
  type RandomisedResult,
} from '../../functions/domain/randomised-assignment.ts';
import { prng } from '../../bench/seeded-random.ts';

const key = (s: string, r: string): string => `${s}|${r}`;
const int = (rand: () => number, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
const EPS = 1e-9;

function randomInstance(seed: number, size: { S: [number, number]; R: [number, number] } = { S: [1, 6], R: [1, 6] }): AssignmentInput {
  const rand = prng(seed);
  const S = int(rand, ...size.S);
  const R = int(rand, ...size.R);
  const submissions = Array.from({ length: S }, (_, i) => `s${i}`);
  const reviewers = Array.from({ length: R }, (_, i) => `r${i}`);
  const k = int(rand, 1, 3);
  const maxLoad = int(rand, 1, 4);
  const minLoad = rand() < 0.4 ? int(rand, 0, maxLoad) : undefined;
  const objective: AssignmentObjective = rand() < 0.5 ? 'balance-first' : 'affinity-first';
  const affinity: AssignmentInput['affinity'] = [];
  const conflicts: AssignmentInput['conflicts'] = [];
  const pinned: AssignmentInput['conflicts'] = [];
  const fixed: AssignmentInput['conflicts'] = [];
  const conflictRate = rand() * 0.3;
  for (const s of submissions) {
    for (const r of reviewers) {
      const v = rand() < 0.5 ? 0 : int(rand, 1, 3);
      if (v > 0) affinity.push({ submission: s, reviewer: r, value: v });
      const x = rand();
      if (x < conflictRate) conflicts.push({ submission: s, reviewer: r });
      else if (x < conflictRate + 0.03) pinned.push({ submission: s, reviewer: r });
      else if (x < conflictRate + 0.06) fixed.push({ submission: s, reviewer: r });
    }
  }
  const demands = rand() < 0.3 ? submissions.filter(() => rand() < 0.5).map((s) => ({ submission: s, k: int(rand, 0, 3) })) : undefined;
  return { submissions, reviewers, k, maxLoad, ...(minLoad !== undefined ? { minLoad } : {}), objective, affinity, conflicts, pinned, fixed, ...(demands ? { demands } : {}) };
}

const Q_VALUES = [1, 0.5, 1 / 3, 2 / 3, 0.25, 0.75, 0.3];

/** Fractional degrees of the marginals (forced pairs at 1). */
function degrees(input: AssignmentInput, marg: { submission: string; reviewer: string; probability: number }[]) {
  const sub = new Map(input.submissions.map((s) => [s, 0]));
  const rev = new Map(input.reviewers.map((r) => [r, 0]));
  for (const m of marg) {
    sub.set(m.submission, sub.get(m.submission)! + m.probability);
    rev.set(m.reviewer, rev.get(m.reviewer)! + m.probability);
  }
  return { sub, rev };
}

/** Everything that must hold for EVERY sample. */
function checkSample(input: AssignmentInput, q: number, out: RandomisedResult, marg: ReturnType<typeof assignmentMarginals>) {
  const conflict = new Set(input.conflicts.map((c) => key(c.submission, c.reviewer)));
  const forced = new Set([...(input.pinned ?? []), ...(input.fixed ?? [])].map((c) => key(c.submission, c.reviewer)));
  const p = new Map(marg.map((m) => [key(m.submission, m.reviewer), m.probability]));
  const seen = new Set<string>();
  const gotS = new Map<string, number>();
  const gotR = new Map<string, number>();
  for (const pair of out.pairs) {
    const kk = key(pair.submission, pair.reviewer);
    expect(seen.has(kk), `duplicate ${kk}`).toBe(false);
    seen.add(kk);
    expect(conflict.has(kk), `conflict ${kk} assigned`).toBe(false);
    expect(p.get(kk) ?? 0, `${kk} outside the support`).toBeGreaterThan(0);
    gotS.set(pair.submission, (gotS.get(pair.submission) ?? 0) + 1);
    gotR.set(pair.reviewer, (gotR.get(pair.reviewer) ?? 0) + 1);
  }
  for (const f of forced) expect(seen.has(f), `forced ${f} missing`).toBe(true);
  // marginals: the cap on every chosen pair, 1 on forced ones
  for (const m of marg) {
    const kk = key(m.submission, m.reviewer);
    if (forced.has(kk)) expect(m.probability).toBe(1);
    else expect(m.probability).toBeLessThanOrEqual(q + EPS);
    expect(conflict.has(kk)).toBe(false);
  }
  expect(out.randomised.maxProbability).toBeLessThanOrEqual(q + EPS);
  // degrees: ⌊fractional⌋ ≤ sampled ≤ ⌈fractional⌉ (exact when the fractional degree is whole)
  const { sub, rev } = degrees(input, marg);
  for (const [s, d] of sub) {
    const g = gotS.get(s) ?? 0;
    expect(g, `submission ${s}: ${g} vs ${d}`).toBeGreaterThanOrEqual(Math.floor(d + EPS));
    expect(g, `submission ${s}: ${g} vs ${d}`).toBeLessThanOrEqual(Math.ceil(d - EPS));
  }
  const maxOf = new Map((input.reviewerLoads ?? []).map((o) => [o.reviewer, o.max]));
  for (const [r, d] of rev) {
    const g = gotR.get(r) ?? 0;
    expect(out.loads[r]).toBe(g);
    expect(g, `reviewer ${r}: ${g} vs ${d}`).toBeGreaterThanOrEqual(Math.floor(d + EPS));
    expect(g, `reviewer ${r}: ${g} vs ${d}`).toBeLessThanOrEqual(Math.ceil(d - EPS));
    const forcedLoad = [...forced].filter((f) => f.endsWith(`|${r}`)).length;
    expect(g).toBeLessThanOrEqual(Math.max(maxOf.get(r) ?? input.maxLoad, forcedLoad));
  }
  const kOf = new Map((input.demands ?? []).map((d) => [d.submission, d.k]));
  for (const s of input.submissions) {
    const forcedHere = [...forced].filter((f) => f.startsWith(`${s}|`)).length;
    expect(gotS.get(s) ?? 0).toBeLessThanOrEqual(Math.max(kOf.get(s) ?? input.k, forcedHere));
  }
  expect(out.objective.reviews).toBe(out.pairs.length);
  expect(out.feasible).toBe(out.shortfalls.length === 0 && out.minimumShortfalls.length === 0);
}

/**
 * The fractional optimum by HiGHS, tier by tier (each LP keeps the tiers above at their optimum):
 * reviews, then minimums met, then balance and affinity in the instance's order.
 */
async function highsTiers(input: AssignmentInput, q: number) {
  const highs = await loadHighs();
  const conflict = new Set(input.conflicts.map((c) => key(c.submission, c.reviewer)));
  const forcedPairs = [...(input.pinned ?? []), ...(input.fixed ?? [])];
  const forced = new Set(forcedPairs.map((c) => key(c.submission, c.reviewer)));
  const aff = new Map(input.affinity.map((a) => [key(a.submission, a.reviewer), a.value]));
  const kOf = new Map((input.demands ?? []).map((d) => [d.submission, d.k]));
  const cols: string[] = [];
  const bounds: string[] = [];
  const rows: string[] = [];
  const reviews: string[] = [];
  const affTerms: string[] = [];
  let forcedAff = 0;
  for (const f of forcedPairs) forcedAff += aff.get(key(f.submission, f.reviewer)) ?? 0;
  const perRev: string[][] = input.reviewers.map(() => []);
  input.submissions.forEach((s, si) => {
    const fs = forcedPairs.filter((f) => f.submission === s).length;
    const want = Math.max(0, (kOf.get(s) ?? input.k) - fs);
    const terms: string[] = [];
    input.reviewers.forEach((r, ri) => {
      const kk = key(s, r);
      if (conflict.has(kk) || forced.has(kk)) return;
      const x = `x_${si}_${ri}`;
      cols.push(x);
      bounds.push(`0 <= ${x} <= ${q}`);
      terms.push(x);
      perRev[ri]!.push(x);
      reviews.push(x);
      const a = aff.get(kk) ?? 0;
      if (a > 0) affTerms.push(`${a} ${x}`);
    });
    if (terms.length) rows.push(`d_${si}: ${terms.join(' + ')} <= ${want}`);
  });
  const minTerms: string[] = [];
  const balTerms: string[] = [];
  input.reviewers.forEach((r, ri) => {
    const fr = forcedPairs.filter((f) => f.reviewer === r).length;
    const max = input.maxLoad;
    const min = input.minLoad ?? 0;
    const slots: string[] = [];
    for (let j = fr + 1; j <= max; j++) {
      const y = `y_${ri}_${j}`;
      bounds.push(`0 <= ${y} <= 1`);
      slots.push(y);
      balTerms.push(`${j} ${y}`);
    }
    if (perRev[ri]!.length) rows.push(`l_${ri}: ${perRev[ri]!.join(' + ')}${slots.length ? ` - ${slots.join(' - ')}` : ''} = 0`);
    else if (slots.length) rows.push(`l_${ri}: ${slots.join(' + ')} = 0`);
    const need = Math.max(0, min - fr);
    if (need > 0) {
      const m = `m_${ri}`;
      bounds.push(`0 <= ${m} <= ${need}`);
      rows.push(`mm_${ri}: ${m}${perRev[ri]!.length ? ` - ${perRev[ri]!.join(' - ')}` : ''} <= 0`);
      minTerms.push(m);
    }
  });
  const sum = (t: string[]) => (t.length ? t.join(' + ') : '0 x_dummy');
  const extra: string[] = [];
  const solve = (sense: 'Maximize' | 'Minimize', obj: string[]): number => {
    const lp = `${sense}\n obj: ${sum(obj)}\nSubject To\n ${[...rows, ...extra].join('\n ') || 'dummy: x_dummy >= 0'}\nBounds\n ${[...bounds, '0 <= x_dummy <= 0'].join('\n ')}\nEnd\n`;
    const sol = highs.solve(lp, { output_flag: false });
    expect(sol.Status).toBe('Optimal');
    return sol.ObjectiveValue;
  };
  const out: { reviews: number; minimums: number; balance: number; affinity: number } = { reviews: 0, minimums: 0, balance: 0, affinity: 0 };
  out.reviews = solve('Maximize', reviews);
  if (reviews.length) extra.push(`t1: ${sum(reviews)} >= ${out.reviews - 1e-7}`);
  out.minimums = solve('Maximize', minTerms);
  if (minTerms.length) extra.push(`t2: ${sum(minTerms)} >= ${out.minimums - 1e-7}`);
  if ((input.objective ?? 'balance-first') === 'balance-first') {
    out.balance = solve('Minimize', balTerms);
    if (balTerms.length) extra.push(`t3: ${sum(balTerms)} <= ${out.balance + 1e-7}`);
    out.affinity = solve('Maximize', affTerms);
  } else {
    out.affinity = solve('Maximize', affTerms);
    if (affTerms.length) extra.push(`t3: ${sum(affTerms)} >= ${out.affinity - 1e-7}`);
    out.balance = solve('Minimize', balTerms);
  }
  // add what the forced pairs contribute (constants in the LP)
  out.reviews += forcedPairs.length;
  out.affinity += forcedAff;
  return out;
}

/** The same tiers measured on our marginals. */
function ourTiers(input: AssignmentInput, marg: ReturnType<typeof assignmentMarginals>) {
  const aff = new Map(input.affinity.map((a) => [key(a.submission, a.reviewer), a.value]));
  const { rev } = degrees(input, marg);
  const forcedPairs = [...(input.pinned ?? []), ...(input.fixed ?? [])];
  let reviews = 0;
  let affinity = 0;
  for (const m of marg) {
    reviews += m.probability;
    affinity += m.probability * (aff.get(key(m.submission, m.reviewer)) ?? 0);
  }
  let minimums = 0;
  let balance = 0;
  for (const [r, L] of rev) {
    const fr = forcedPairs.filter((f) => f.reviewer === r).length;
    minimums += Math.max(0, Math.min(L, input.minLoad ?? 0) - fr);
    // the reviews after the forced ones: the j-th costs j (fractionally interpolated)
    const whole = Math.floor(L + EPS);
    for (let j = fr + 1; j <= whole; j++) balance += j;
    if (L - whole > EPS) balance += (L - whole) * (whole + 1);
  }
  return { reviews, minimums, balance, affinity };
}

describe('randomised assignment: the fractional optimum under the cap', () => {
  it('one submission, k = 1, q = 0.5: half on each of the two best reviewers', () => {
    const input: AssignmentInput = {
      submissions: ['s'],
      reviewers: ['x', 'y', 'z'],
      k: 1,
      maxLoad: 1,
      affinity: [
        { submission: 's', reviewer: 'x', value: 3 },
        { submission: 's', reviewer: 'y', value: 1 },
      ],
      conflicts: [],
    };
    expect(assignmentMarginals(input, { q: 0.5 })).toEqual([
      { submission: 's', reviewer: 'x', probability: 0.5 },
      { submission: 's', reviewer: 'y', probability: 0.5 },
    ]);
    const out = randomisedAssignment(input, { q: 0.5, seed: 7 });
    expect(out.randomised.expectedAffinity).toBe(2);
    expect(out.randomised.deterministicAffinity).toBe(3);
    expect(out.randomised.affinityRatio).toBeCloseTo(2 / 3, 12);
    expect(out.pairs).toHaveLength(1);
    expect(out.feasible).toBe(true);
  });

  it('q below k / eligible reviewers: a shortfall, explained, never more than q per pair', () => {
    const input: AssignmentInput = { submissions: ['s'], reviewers: ['x', 'y', 'z'], k: 2, maxLoad: 2, affinity: [], conflicts: [{ submission: 's', reviewer: 'z' }] };
    const out = randomisedAssignment(input, { q: 0.5, seed: 1 });
    expect(out.randomised.expectedReviews).toBe(1);
    expect(out.pairs).toHaveLength(1);
    expect(out.feasible).toBe(false);
    expect(out.shortfalls).toEqual([expect.objectContaining({ submission: 's', missing: 1, cause: 'conflicts' })]);
  });

  it.each(Array.from({ length: 24 }, (_, i) => i + 1))('matches HiGHS tier by tier on random instance %i', async (seed) => {
    const input = randomInstance(seed * 101, { S: [2, 7], R: [2, 7] });
    const q = Q_VALUES[seed % Q_VALUES.length]!;
    let marg: ReturnType<typeof assignmentMarginals>;
    try {
      marg = assignmentMarginals(input, { q });
    } catch (e) {
      expect(e).toBeInstanceOf(RuleViolation); // a pinned/fixed pair on a conflict is refused
      return;
    }
    const ours = ourTiers(input, marg);
    const lp = await highsTiers(input, q);
    expect(ours.reviews).toBeCloseTo(lp.reviews, 6);
    expect(ours.minimums).toBeCloseTo(lp.minimums, 6);
    expect(ours.balance).toBeCloseTo(lp.balance, 6);
    expect(ours.affinity).toBeCloseTo(lp.affinity, 6);
  });

  it('minimum loads: met in every sample when the pool allows, listed when it cannot', () => {
    // Affinity all on r0 and r1; affinity-first would leave r2, r3 idle without the minimum.
    const subs = ['a', 'b', 'c', 'd', 'e', 'f'];
    const input: AssignmentInput = {
      submissions: subs,
      reviewers: ['r0', 'r1', 'r2', 'r3'],
      k: 2,
      maxLoad: 6,
      minLoad: 2,
      objective: 'affinity-first',
      affinity: subs.flatMap((s) => [{ submission: s, reviewer: 'r0', value: 3 }, { submission: s, reviewer: 'r1', value: 3 }]),
      conflicts: [],
    };
    const marg = assignmentMarginals(input, { q: 0.75 });
    for (let seed = 0; seed < 50; seed++) {
      const out = randomisedAssignment(input, { q: 0.75, seed });
      checkSample(input, 0.75, out, marg);
      for (const r of input.reviewers) expect(out.loads[r]).toBeGreaterThanOrEqual(2);
      expect(out.feasible).toBe(true);
    }
    // 2 submissions × k=1 cannot give 4 reviewers a review each
    const short: AssignmentInput = { submissions: ['a', 'b'], reviewers: ['r0', 'r1', 'r2', 'r3'], k: 1, maxLoad: 2, minLoad: 1, affinity: [], conflicts: [] };
    const out = randomisedAssignment(short, { q: 0.5, seed: 3 });
    expect(out.feasible).toBe(false);
    expect(out.minimumShortfalls.length).toBe(2);
    expect(out.minimumShortfalls.every((m) => m.cause === 'demand' && out.loads[m.reviewers[0]!] === 0)).toBe(true);
  });

  it('balance first: fractional loads within one review of each other, so samples are too', () => {
    const input = randomInstance(4242, { S: [30, 30], R: [10, 10] });
    input.conflicts = [];
    input.pinned = [];
    input.fixed = [];
    delete input.demands;
    delete input.minLoad;
    input.objective = 'balance-first';
    input.k = 2;
    input.maxLoad = 10;
    for (let seed = 0; seed < 20; seed++) {
      const loads = Object.values(randomisedAssignment(input, { q: 0.5, seed }).loads);
      expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    }
  });
});

describe('randomised assignment: exact sampling', () => {
  it('empirical marginals over 4000 seeds match P(s, r) (5 standard errors)', () => {
    const input = randomInstance(77, { S: [5, 5], R: [6, 6] });
    input.k = 2;
    input.maxLoad = 3;
    input.pinned = [];
    input.fixed = [];
    delete input.demands;
    const q = 2 / 3;
    const marg = assignmentMarginals(input, { q });
    const fractional = marg.filter((m) => m.probability > 0 && m.probability < 1);
    expect(fractional.length).toBeGreaterThan(5); // the test means something
    const N = 4000;
    const count = new Map<string, number>();
    for (let seed = 0; seed < N; seed++) {
      const out = randomisedAssignment(input, { q, seed, compare: false });
      if (seed < 200) checkSample(input, q, out, marg);
      for (const p of out.pairs) count.set(key(p.submission, p.reviewer), (count.get(key(p.submission, p.reviewer)) ?? 0) + 1);
    }
    for (const m of marg) {
      const f = (count.get(key(m.submission, m.reviewer)) ?? 0) / N;
      const se = Math.sqrt((m.probability * (1 - m.probability)) / N);
      expect(Math.abs(f - m.probability), `${m.submission}/${m.reviewer}: ${f} vs ${m.probability}`).toBeLessThanOrEqual(5 * se + 1e-12);
    }
    // and nothing outside the support is ever drawn
    for (const k of count.keys()) expect(marg.some((m) => key(m.submission, m.reviewer) === k)).toBe(true);
  });

  it('same seed → same assignment, whatever the input order; other seeds differ', () => {
    const input = randomInstance(9, { S: [12, 12], R: [8, 8] });
    input.k = 2;
    input.maxLoad = 5;
    delete input.demands;
    input.conflicts = input.conflicts.filter((c) => !(input.pinned ?? []).concat(input.fixed ?? []).some((p) => p.submission === c.submission && p.reviewer === c.reviewer));
    const a = randomisedAssignment(input, { q: 0.5, seed: 12345 });
    const rand = prng(5);
    const shuffle = <T,>(xs: T[]): T[] => {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    };
    const shuffled: AssignmentInput = {
      ...input,
      submissions: shuffle(input.submissions),
      reviewers: shuffle(input.reviewers),
      affinity: shuffle(input.affinity),
      conflicts: shuffle(input.conflicts),
      pinned: shuffle(input.pinned ?? []),
      fixed: shuffle(input.fixed ?? []),
    };
    const b = randomisedAssignment(shuffled, { q: 0.5, seed: 12345 });
    expect(b.pairs).toEqual(a.pairs);
    expect(b.loads).toEqual(a.loads);
    expect(randomisedAssignment(input, { q: 0.5, seed: 12345 }).pairs).toEqual(a.pairs);
    const distinct = new Set(Array.from({ length: 20 }, (_, seed) => JSON.stringify(randomisedAssignment(input, { q: 0.5, seed }).pairs)));
    expect(distinct.size).toBeGreaterThan(10);
  });

  it('a seed per round and run: stable, and different across runs and rounds', () => {
    expect(seedFor('round-1', 1)).toBe(seedFor('round-1', 1));
    expect(seedFor('round-1', 1)).not.toBe(seedFor('round-1', 2));
    expect(seedFor('round-1', 1)).not.toBe(seedFor('round-2', 1));
    expect(Number.isSafeInteger(seedFor('x', 0)) && seedFor('x', 0) >= 0 && seedFor('x', 0) <= 0xffffffff).toBe(true);
  });

  it.each([1, 2, 3, 4, 5, 6])('candidate arcs priced to exactness give the dense optimum (instance %i)', (seed) => {
    const input = randomInstance(seed * 7, { S: [40, 70], R: [60, 90] });
    input.pinned = [];
    input.fixed = [];
    input.maxLoad = 2 + (seed % 3); // tight: the first candidates are not enough
    const q = [0.5, 1 / 3, 1][seed % 3]!;
    const dense = assignmentMarginals(input, { q });
    const sparse = assignmentMarginals(input, { q, candidates: 2 });
    const d = ourTiers(input, dense);
    const sp = ourTiers(input, sparse);
    expect(sp.reviews).toBeCloseTo(d.reviews, 9);
    expect(sp.minimums).toBeCloseTo(d.minimums, 9);
    expect(sp.balance).toBeCloseTo(d.balance, 9);
    expect(sp.affinity).toBeCloseTo(d.affinity, 9);
    const out = randomisedAssignment(input, { q, seed, candidates: 2 });
    expect(out.stats.pricedArcs).toBeGreaterThan(0);
    expect(out.stats.rounds).toBeGreaterThan(1);
    checkSample(input, q, out, sparse);
  });

  it('refuses a q that is not a probability or not a fraction a/b with b ≤ 100, and a bad seed', () => {
    const input: AssignmentInput = { submissions: ['s'], reviewers: ['r'], k: 1, maxLoad: 1, affinity: [], conflicts: [] };
    for (const q of [0, -0.5, 1.5, Number.NaN, 0.123456]) expect(() => randomisedAssignment(input, { q, seed: 1 })).toThrow(ValidationFailed);
    for (const seed of [-1, 1.5, 2 ** 32]) expect(() => randomisedAssignment(input, { q: 0.5, seed })).toThrow(ValidationFailed);
    expect(qFraction(0.5)).toEqual({ a: 1, b: 2 });
    expect(qFraction(0.37)).toEqual({ a: 37, b: 100 });
    expect(() => randomisedAssignment({ ...input, conflicts: [{ submission: 's', reviewer: 'r' }], pinned: [{ submission: 's', reviewer: 'r' }] }, { q: 0.5, seed: 1 })).toThrow(RuleViolation);
  });

  it('property: every sample of any small instance keeps the cap, the support and the degrees', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(...Q_VALUES), fc.integer({ min: 0, max: 0xffffffff }), (instanceSeed, q, seed) => {
        const input = randomInstance(instanceSeed);
        let marg: ReturnType<typeof assignmentMarginals>;
        try {
          marg = assignmentMarginals(input, { q });
        } catch (e) {
          if (e instanceof RuleViolation) return; // a forced pair on a conflict
          throw e;
        }
        const out = randomisedAssignment(input, { q, seed });
        checkSample(input, q, out, marg);
        const expected = marg.reduce((t, m) => t + m.probability * (input.affinity.find((a) => a.submission === m.submission && a.reviewer === m.reviewer)?.value ?? 0), 0);
        expect(out.randomised.expectedAffinity).toBeCloseTo(expected, 9);
      }),
      { numRuns: 300, seed: 20261201 },
    );
  });
});
