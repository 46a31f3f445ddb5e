/**
 * Reviewer assignment (functions/domain/assignment.ts) at competition scale, against HiGHS.
 *
 * Figures (minimums and balance on: `balance-first`, the default tier order):
 * - `assign.1000x1000.seconds`   1,000 submissions × 1,000 reviewers, k=3, maxLoad 5, minLoad 2.
 * - `assign.10000x2000.seconds`  10,000 submissions × 2,000 reviewers, k=3, maxLoad 20, minLoad 12
 *                                (median of 3 runs; so is the affinity-first figure).
 * - `assign.10000x2000.affinity_first.seconds`  the same with `affinity-first` (minLoad 12).
 * - `assign.1000x1000.cost_ratio_vs_highs`  our cost / HiGHS's optimal cost on the same instance (must be 1).
 * - `assign.1000x1000.highs_seconds`        HiGHS's time for that LP (model build + solve).
 * The instances pass affinities as production does (use-cases/assignment.ts): typed arrays by index.
 *
 * Instances (fixed seed): 20 sectors; each reviewer has 1–3 interest tags, each submission 1–3
 * sectors; affinity = size of the overlap (0..3, most pairs 0); ~2 % of pairs are conflicts
 * (uniformly random).
 *
 * The HiGHS oracle is the FULL LP, not a reduced one: one column x_sr ∈ [0,1] for every
 * non-conflict pair (≈ 980,000 columns at 1000×1000), plus per reviewer `maxLoad` slot columns
 * y_rj ∈ [0,1] with cost Wb·j (the convex balance term; minus Wc for j ≤ minLoad, the minimums
 * tier), the first minLoad of them with lower bound 1 (the minimum as a HARD constraint); rows
 * Σ_r x_sr ≤ k per submission and Σ_s x_sr − Σ_j y_rj = 0 per reviewer; objective
 * min Σ (−Wc − Wa·affinity)·x + Σ cost·y with the solver's own weights Wc, Wa, Wb
 * (objectiveWeights), i.e. exactly cost(P) of the assignment. The
 * constraint matrix is totally unimodular, so the LP optimum is integral; we round HiGHS's x to
 * the nearest integer, re-evaluate cost(P) on that pair set exactly, check it is a valid
 * assignment, and divide.
 */
import loadHighs from 'highs';
import { assignReviewers, objectiveWeights, type AssignmentInput } from '../functions/domain/assignment.ts';
import type { BenchResult } from './result.ts';
import { prng } from './seeded-random.ts';

/** A realistic instance: tags out of `sectors`, affinity = overlap, random conflicts. */
export function makeInstance(S: number, R: number, k: number, maxLoad: number, seed: number, conflictRate = 0.02, sectors = 20): AssignmentInput {
  const rand = prng(seed);
  const tags = (): number => {
    const n = 1 + Math.floor(rand() * 3);
    let mask = 0;
    while (popcount(mask) < n) mask |= 1 << Math.floor(rand() * sectors);
    return mask;
  };
  const submissions = Array.from({ length: S }, (_, i) => `sub-${String(i).padStart(5, '0')}`);
  const reviewers = Array.from({ length: R }, (_, i) => `rev-${String(i).padStart(5, '0')}`);
  const subTags = submissions.map(tags);
  const revTags = reviewers.map(tags);
  const affinity: AssignmentInput['affinity'] = [];
  const conflicts: AssignmentInput['conflicts'] = [];
  for (let s = 0; s < S; s++) {
    for (let r = 0; r < R; r++) {
      const v = popcount(subTags[s]! & revTags[r]!);
      if (v > 0) affinity.push({ submission: submissions[s]!, reviewer: reviewers[r]!, value: v });
    }
    // ~conflictRate·R conflicts per submission, sampled without materialising all pairs
    const nc = Math.round(conflictRate * R * (0.5 + rand()));
    const seen = new Set<number>();
    while (seen.size < Math.min(nc, R)) seen.add(Math.floor(rand() * R));
    for (const r of seen) conflicts.push({ submission: submissions[s]!, reviewer: reviewers[r]! });
  }
  return { submissions, reviewers, k, maxLoad, affinity, conflicts };
}

function popcount(x: number): number {
  let n = 0;
  while (x) {
    x &= x - 1;
    n++;
  }
  return n;
}

/** cost(P) evaluated from scratch for a pair set (same definition as the solver's header; one minLoad for all). */
export function evaluate(input: AssignmentInput, pairs: { submission: string; reviewer: string }[]): number {
  const { perReview, perAffinity, perBalance } = objectiveWeights(input);
  const aff = new Map(input.affinity.map((a) => [`${a.submission}\u0000${a.reviewer}`, a.value]));
  const loads = new Map<string, number>();
  let A = 0;
  for (const p of pairs) {
    A += aff.get(`${p.submission}\u0000${p.reviewer}`) ?? 0;
    loads.set(p.reviewer, (loads.get(p.reviewer) ?? 0) + 1);
  }
  let B = 0;
  let M = 0;
  for (const l of loads.values()) {
    B += (l * (l + 1)) / 2;
    M += Math.min(l, input.minLoad ?? 0);
  }
  return -perReview * (pairs.length + M) - perAffinity * A + perBalance * B;
}

/** Solves the full LP with HiGHS (no forced pairs in bench instances); returns the rounded pair set. */
export async function highsAssign(input: AssignmentInput): Promise<{ pairs: { submission: string; reviewer: string }[]; objective: number; seconds: number }> {
  const highs = await loadHighs();
  const t0 = performance.now();
  const { perReview, perAffinity, perBalance } = objectiveWeights(input);
  const minLoad = input.minLoad ?? 0;
  const S = input.submissions.length;
  const R = input.reviewers.length;
  const sIdx = new Map(input.submissions.map((id, i) => [id, i]));
  const rIdx = new Map(input.reviewers.map((id, i) => [id, i]));
  const conflict = new Uint8Array(S * R);
  for (const c of input.conflicts) conflict[sIdx.get(c.submission)! * R + rIdx.get(c.reviewer)!] = 1;
  const aff = new Float64Array(S * R);
  for (const a of input.affinity) aff[sIdx.get(a.submission)! * R + rIdx.get(a.reviewer)!] = a.value;
  let nx = 0;
  for (let p = 0; p < S * R; p++) if (!conflict[p]) nx++;
  const L = input.maxLoad;
  const numCols = nx + R * L;
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(1);
  // CSC: x column has entries in row s (submission) and row S + r (reviewer balance).
  const starts = new Int32Array(numCols + 1);
  const indices = new Int32Array(2 * nx + R * L);
  const values = new Float64Array(2 * nx + R * L);
  const xPair = new Int32Array(nx);
  let c = 0;
  let e = 0;
  for (let s = 0; s < S; s++) {
    for (let r = 0; r < R; r++) {
      const p = s * R + r;
      if (conflict[p]) continue;
      colCost[c] = -perReview - perAffinity * aff[p]!;
      starts[c] = e;
      indices[e] = s;
      values[e++] = 1;
      indices[e] = S + r;
      values[e++] = 1;
      xPair[c] = p;
      c++;
    }
  }
  for (let r = 0; r < R; r++) {
    for (let j = 1; j <= L; j++) {
      // the minimum as a HARD constraint: the first minLoad slots must be used (lower bound 1)
      colCost[c] = perBalance * j - (j <= minLoad ? perReview : 0);
      if (j <= minLoad) colLower[c] = 1;
      starts[c] = e;
      indices[e] = S + r;
      values[e++] = -1;
      c++;
    }
  }
  starts[c] = e;
  const rowLower = new Float64Array(S + R);
  const rowUpper = new Float64Array(S + R);
  for (let s = 0; s < S; s++) {
    rowLower[s] = -Infinity;
    rowUpper[s] = input.k;
  }
  const model = highs.createModel({
    numCols,
    numRows: S + R,
    colCost,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    matrix: { format: 'csc', numRows: S + R, numCols, starts, indices, values },
  });
  try {
    model.options.set({ output_flag: false });
    model.run();
    const status = model.getModelStatus();
    if (status !== highs.constants.modelStatus.optimal) throw new Error(`HiGHS did not find the optimum (status ${status})`);
    const x = model.getSolution().colValue;
    const pairs: { submission: string; reviewer: string }[] = [];
    for (let i = 0; i < nx; i++) {
      const v = x[i]!;
      if (Math.abs(v - Math.round(v)) > 1e-6) throw new Error(`HiGHS returned a fractional x (${v}); the LP should be integral`);
      if (Math.round(v) === 1) {
        const p = xPair[i]!;
        pairs.push({ submission: input.submissions[Math.floor(p / R)]!, reviewer: input.reviewers[p % R]! });
      }
    }
    const objective = model.getObjectiveValue();
    return { pairs, objective, seconds: (performance.now() - t0) / 1000 };
  } finally {
    model.dispose();
  }
}

/** Wall-clock seconds, and this process's CPU seconds (`lastCpu`: steadier than wall clock on a shared machine). */
let lastCpu = 0;
function time<T>(f: () => T): [T, number] {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = f();
  const c = process.cpuUsage(c0);
  lastCpu = (c.user + c.system) / 1e6;
  return [out, (performance.now() - t0) / 1000];
}

/** The same instance with its affinities as typed arrays by index (what use-cases/assignment.ts passes). */
export function byIndex(input: AssignmentInput): AssignmentInput {
  const sIdx = new Map(input.submissions.map((id, i) => [id, i]));
  const rIdx = new Map(input.reviewers.map((id, i) => [id, i]));
  const n = input.affinity.length;
  const a = { submission: new Int32Array(n), reviewer: new Int32Array(n), value: new Int32Array(n) };
  input.affinity.forEach((x, i) => {
    a.submission[i] = sIdx.get(x.submission)!;
    a.reviewer[i] = rIdx.get(x.reviewer)!;
    a.value[i] = x.value;
  });
  return { ...input, affinity: [], affinityByIndex: a };
}

function describe(label: string, seconds: number, out: ReturnType<typeof assignReviewers>): void {
  const loads = Object.values(out.loads);
  console.log(
    `assign ${label}: ${seconds.toFixed(3)} s (CPU ${lastCpu.toFixed(3)} s), ${out.pairs.length} reviews, loads ${Math.min(...loads)}–${Math.max(...loads)}, affinity ${out.totalAffinity}, ` +
      `${out.shortfalls.length} shortfalls, ${out.minimumShortfalls?.length ?? 0} minimum shortfalls, ${out.stats.rounds} rounds, ${out.stats.phases} phases, ${out.stats.candidateArcs} candidate arcs`,
  );
}

export async function benchAssign(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const small: AssignmentInput = { ...makeInstance(1000, 1000, 3, 5, 20270101), minLoad: 2, objective: 'balance-first' };
  assignReviewers(makeInstance(200, 200, 3, 5, 7)); // warm the JIT
  const smallIdx = byIndex(small);
  const [ours, t1] = time(() => assignReviewers(smallIdx));
  describe('1000×1000 k=3 maxLoad=5 minLoad=2 balance-first', t1, ours);
  results.push({ name: 'assign.1000x1000.seconds', value: round(t1), unit: 's' });

  const big = byIndex({ ...makeInstance(10000, 2000, 3, 20, 20270102), minLoad: 12, objective: 'balance-first' });
  // The big instance: median of 3 runs (the first also warms the JIT and the heap at this size).
  const median3 = (label: string, input: AssignmentInput): number => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [out, t] = time(() => assignReviewers(input));
      describe(`${label} (run ${i + 1})`, t, out);
      times.push(t);
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`assign ${label}: median ${sorted[1]!.toFixed(3)} s, min ${sorted[0]!.toFixed(3)} s`);
    return sorted[1]!;
  };
  const t2 = median3('10000×2000 k=3 maxLoad=20 minLoad=12 balance-first', big);
  results.push({ name: 'assign.10000x2000.seconds', value: round(t2), unit: 's' });
  const t3 = median3('10000×2000 k=3 maxLoad=20 minLoad=12 affinity-first', { ...big, objective: 'affinity-first' });
  results.push({ name: 'assign.10000x2000.affinity_first.seconds', value: round(t3), unit: 's' });

  const h = await highsAssign(small);
  const highsCost = evaluate(small, h.pairs);
  const ratio = ours.cost / highsCost;
  console.log(
    `assign 1000×1000 vs HiGHS (full LP, ${small.submissions.length * small.reviewers.length - small.conflicts.length} pair columns): ` +
      `ours ${ours.cost}, HiGHS ${highsCost} (LP objective ${h.objective}), ratio ${ratio}, HiGHS ${h.seconds.toFixed(2)} s`,
  );
  results.push({ name: 'assign.1000x1000.cost_ratio_vs_highs', value: ratio, unit: 'ratio', baseline: highsCost });
  results.push({ name: 'assign.1000x1000.highs_seconds', value: round(h.seconds), unit: 's' });
  return results;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
