/**
 * Randomised assignment (functions/domain/randomised-assignment.ts) with a per-pair cap q = 0.5.
 *
 * Figures, for 1000 submissions × 300 reviewers (k=3, maxLoad 12) and 2000 × 400 (k=3, maxLoad 18),
 * on bench/assign.ts's instances (tags out of 20 sectors, affinity = overlap, ~2 % conflicts):
 * - `assign.random.<size>.ms`   one randomisedAssignment (fractional optimum + sampling), median of 3, wall time.
 * - `assign.random.<size>.affinity_ratio`  expected affinity of a sample / the deterministic optimum's
 *   affinity under the same objective (the same tiers with q = 1): the price of unpredictability.
 * - `assign.random.<size>.affinity_ratio_vs_solver`  the same expected affinity / assignReviewers'
 *   total affinity on the same instance (the solver in production; equal denominators unless its tiers differ).
 * - `assign.random.<size>.max_probability`  the largest P(s, r) over the chosen pairs (must be ≤ 0.5).
 */
import { assignReviewers } from '../functions/domain/assignment.ts';
import { randomisedAssignment } from '../functions/domain/randomised-assignment.ts';
import { makeInstance } from './assign.ts';
import type { BenchResult } from './result.ts';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchAssignRandom(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const [S, R, k, maxLoad] of [
    [1000, 300, 3, 12],
    [2000, 400, 3, 18],
  ] as const) {
    const size = `${S}x${R}`;
    const input = makeInstance(S, R, k, maxLoad, 20261201);
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      randomisedAssignment(input, { q: 0.5, seed: i + 1, compare: false });
      times.push(performance.now() - t0);
    }
    const out = randomisedAssignment(input, { q: 0.5, seed: 1 });
    const solver = assignReviewers(input);
    const st = out.randomised;
    process.stdout.write(
      `  ${size}: ${median(times).toFixed(0)} ms; expected affinity ${st.expectedAffinity} vs ${st.deterministicAffinity} (q = 1) and ${solver.totalAffinity} (assignReviewers); ${st.fractionalPairs} fractional pairs, ${st.phases} phases, feasible ${out.feasible}\n`,
    );
    results.push(
      { name: `assign.random.${size}.ms`, value: Math.round(median(times)), unit: 'ms' },
      { name: `assign.random.${size}.affinity_ratio`, value: Number(st.affinityRatio!.toFixed(4)), unit: 'ratio', baseline: st.deterministicAffinity, ratio: Number(st.affinityRatio!.toFixed(4)) },
      {
        name: `assign.random.${size}.affinity_ratio_vs_solver`,
        value: Number((st.expectedAffinity / solver.totalAffinity).toFixed(4)),
        unit: 'ratio',
        baseline: solver.totalAffinity,
        ratio: Number((st.expectedAffinity / solver.totalAffinity).toFixed(4)),
      },
      { name: `assign.random.${size}.max_probability`, value: st.maxProbability, unit: 'probability' },
    );
  }
  return results;
}
