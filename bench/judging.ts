/**
 * `judging.*`: how well the ranking recovers the truth, on simulated competitions (issue 11 §2).
 *
 * Generator (seeded, `judgingInstance`): 200 submissions; each gets 3, 4 or 5 reviews (uniformly)
 * from a pool of 50 reviewers, always from the least-loaded reviewers not yet on it (ties by a
 * seeded shuffle), so loads are balanced (16 ± 1) and the design is connected — as the
 * assignment makes it. One criterion on the integer scale 1–10. A submission's true quality is
 * T = 5.5 + 1.5·z (z standard normal: quality σ = 1.5 points). Reviewer r scores
 *   round(T + b_r + e), clipped to 1–10,   e ~ N(0, σ_r²),
 * with leniency b_r ~ N(0, 0.75²) (σ = 0.5 × quality's σ) when "leniency" is present, else 0;
 * noise σ_r = 0.75 (0.5 × quality's σ, as the leniency's) for every reviewer when reliability is
 * "equal", or σ_r = 0.75·2^u, u uniform on [−1, 1] (so 0.375–1.5 points), when it is "varied"; with
 * the rounding to integers, reviewers of one submission agree with an intraclass correlation of
 * about 0.65 (0.8 without leniency). Settings:
 *   `leniency-equal`, `leniency-varied`, `none-equal`, `none-varied`;
 * and, without targets, `leniency-equal-noisy` and `none-equal-noisy` with σ_r = 1.5 (see NOISY_SETTINGS).
 *
 * Methods: `model` (rankSubmissions, the default calibration model), `mean` (the plain mean of
 * each submission's raw scores), `zscore` (rankSubmissions with method 'z-score': the
 * calibration used before, κ = 3, trimmed mean from 4 reviews). Estimates go back to the 1–10
 * scale (1 + 9·score/100) before comparing with T.
 * Figures per setting, averaged over SEEDS seeds: RMSE to T, Kendall τ(estimate, T), recall of
 * the true top 10 % (20 submissions) among the estimated top 10 %:
 *   judging.<setting>.rmse_ratio_vs_mean  = mean RMSE(model) ÷ mean RMSE(mean)   (target ≤ 1.01; with leniency ≤ 0.85)
 *   judging.<setting>.top10_recall        = model's mean recall (baseline: the plain mean's)
 *   judging.<setting>.zscore_rmse_ratio_vs_mean, .kendall_tau, .mean_rmse, …
 * And `judging.monotonicity_violation_rate`: over MONO_SEEDS instances of every setting, raise
 * one review (of a random submission, not at the scale's top) by one point and rank again; the
 * share of such raises after which that submission's rank is worse (target 0). The same for
 * today's method as `judging.zscore.monotonicity_violation_rate`.
 *
 * Alone: npx tsx -e "import('./bench/judging.ts').then(m => m.benchJudging()).then(r => console.table(r))"
 */
import { rankSubmissions, type RankingInput, type RankingResult, type ReviewInput } from '../functions/domain/ranking.ts';
import type { BenchResult } from './result.ts';
import { prng } from './seeded-random.ts';

export const SEEDS = 50;
export const MONO_SEEDS = 25;
const MONO_RAISES = 40;
const SUBMISSIONS = 200;
const REVIEWERS = 50;
const Q_SD = 1.5;
/** Review noise σ (points) for "equal" reliability; "varied" scales it by 2^u, u uniform on [−1, 1]. */
const NOISE_SD = 0.75;

export type Setting = { name: string; leniency: boolean; varied: boolean; noise?: number };
export const SETTINGS: Setting[] = [
  { name: 'leniency-equal', leniency: true, varied: false },
  { name: 'leniency-varied', leniency: true, varied: true },
  { name: 'none-equal', leniency: false, varied: false },
  { name: 'none-varied', leniency: false, varied: true },
];
/**
 * The same with noise σ = quality's σ (1.5 points: reviewers agree much less). No target: even
 * knowing every leniency exactly would only reach ≈ 0.91 × the plain mean's RMSE here, because
 * noise, not leniency, dominates the error. Reported so that the targets' dependence on noise shows.
 */
export const NOISY_SETTINGS: Setting[] = [
  { name: 'leniency-equal-noisy', leniency: true, varied: false, noise: 1.5 },
  { name: 'none-equal-noisy', leniency: false, varied: false, noise: 1.5 },
];

export interface Instance {
  input: RankingInput;
  /** True quality on the 1–10 scale, by submission index. */
  truth: number[];
}

export function judgingInstance(setting: Setting, seed: number): Instance {
  const rnd = prng(seed * 7919 + (setting.leniency ? 1 : 0) * 2 + (setting.varied ? 1 : 0) + (setting.noise ? 4 : 0));
  const noise = setting.noise ?? NOISE_SD;
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const reviewers = Array.from({ length: REVIEWERS }, (_, i) => ({
    id: `r${String(i).padStart(2, '0')}`,
    bias: setting.leniency ? gauss() * 0.5 * Q_SD : 0,
    noise: setting.varied ? noise * 2 ** (2 * rnd() - 1) : noise,
    load: 0,
    tie: 0,
  }));
  const truth: number[] = [];
  const reviews: ReviewInput[] = [];
  const submissions: RankingInput['submissions'] = [];
  for (let s = 0; s < SUBMISSIONS; s++) {
    const id = `s${String(s).padStart(3, '0')}`;
    submissions.push({ id, submittedAt: new Date(Date.UTC(2027, 0, 1) + s * 60_000).toISOString() });
    const T = 5.5 + Q_SD * gauss();
    truth.push(T);
    const k = 3 + Math.floor(rnd() * 3);
    for (const r of reviewers) r.tie = rnd();
    const chosen = [...reviewers].sort((a, b) => a.load - b.load || a.tie - b.tie).slice(0, k);
    for (const r of chosen) {
      r.load++;
      const v = Math.min(10, Math.max(1, Math.round(T + r.bias + r.noise * gauss())));
      reviews.push({ roundId: 'jury', reviewerId: r.id, submissionId: id, scores: { c: v } });
    }
  }
  return {
    input: { rounds: [{ id: 'jury', name: 'Jury', weight: 1, rubric: [{ id: 'c', weight: 1, scale: { min: 1, max: 10 } }] }], reviews, submissions },
    truth,
  };
}

const toScale = (score: number) => 1 + (9 * score) / 100;

/** Estimates on the 1–10 scale by submission index. */
function estimates(inst: Instance, result: RankingResult): number[] {
  const byId = new Map(result.ranked.map((e) => [e.submissionId, e.finalScore]));
  return inst.input.submissions.map((s) => toScale(byId.get(s.id)!));
}
function plainMean(inst: Instance): number[] {
  const sum = new Map<string, [number, number]>();
  for (const r of inst.input.reviews) {
    const a = sum.get(r.submissionId) ?? [0, 0];
    sum.set(r.submissionId, [a[0] + r.scores.c!, a[1] + 1]);
  }
  return inst.input.submissions.map((s) => sum.get(s.id)![0] / sum.get(s.id)![1]);
}

export function rmse(est: readonly number[], truth: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < est.length; i++) s += (est[i]! - truth[i]!) ** 2;
  return Math.sqrt(s / est.length);
}
/** Kendall τ-b. */
export function kendall(a: readonly number[], b: readonly number[]): number {
  let c = 0;
  let d = 0;
  let ta = 0;
  let tb = 0;
  for (let i = 0; i < a.length; i++)
    for (let j = i + 1; j < a.length; j++) {
      const x = Math.sign(a[i]! - a[j]!);
      const y = Math.sign(b[i]! - b[j]!);
      if (x === 0 && y === 0) continue;
      if (x === 0) ta++;
      else if (y === 0) tb++;
      else if (x === y) c++;
      else d++;
    }
  return (c - d) / Math.sqrt((c + d + ta) * (c + d + tb));
}
/** Share of the true top 10 % among the estimated top 10 % (ties in the estimate by index). */
export function top10Recall(est: readonly number[], truth: readonly number[]): number {
  const n = Math.ceil(est.length / 10);
  const top = (v: readonly number[]) => new Set(v.map((x, i) => [x, i] as const).sort((p, q) => q[0] - p[0] || p[1] - q[1]).slice(0, n).map((p) => p[1]));
  const t = top(truth);
  let hit = 0;
  for (const i of top(est)) if (t.has(i)) hit++;
  return hit / n;
}

type Scores = { rmse: number; tau: number; recall: number };
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function evaluate(setting: Setting, seeds = SEEDS) {
  const acc: Record<'model' | 'mean' | 'zscore', Scores[]> = { model: [], mean: [], zscore: [] };
  for (let seed = 1; seed <= seeds; seed++) {
    const inst = judgingInstance(setting, seed);
    const runs: [keyof typeof acc, number[]][] = [
      ['model', estimates(inst, rankSubmissions({ ...inst.input, options: { topK: SUBMISSIONS } }))],
      ['mean', plainMean(inst)],
      ['zscore', estimates(inst, rankSubmissions({ ...inst.input, options: { method: 'z-score', topK: SUBMISSIONS } }))],
    ];
    for (const [m, est] of runs) acc[m].push({ rmse: rmse(est, inst.truth), tau: kendall(est, inst.truth), recall: top10Recall(est, inst.truth) });
  }
  const summary = (xs: Scores[]) => ({ rmse: mean(xs.map((x) => x.rmse)), tau: mean(xs.map((x) => x.tau)), recall: mean(xs.map((x) => x.recall)) });
  return { model: summary(acc.model), mean: summary(acc.mean), zscore: summary(acc.zscore), worstRatio: Math.max(...acc.model.map((x, i) => x.rmse / acc.mean[i]!.rmse)) };
}

/** Raises random reviews by one point; the share after which the submission's rank got worse. */
export function monotonicity(method: 'model' | 'z-score', seeds = MONO_SEEDS, raises = MONO_RAISES): { trials: number; violations: number } {
  let trials = 0;
  let violations = 0;
  for (const setting of SETTINGS)
    for (let seed = 1; seed <= seeds; seed++) {
      const inst = judgingInstance(setting, 1000 + seed);
      const options = method === 'model' ? { topK: SUBMISSIONS } : { method, topK: SUBMISSIONS };
      const base = rankSubmissions({ ...inst.input, options });
      const rankOf = (r: RankingResult, id: string) => r.ranked.find((e) => e.submissionId === id)!.rank;
      const rnd = prng(seed * 31 + 17);
      for (let t = 0; t < raises; t++) {
        const i = Math.floor(rnd() * inst.input.reviews.length);
        const rv = inst.input.reviews[i]!;
        if (rv.scores.c! >= 10) continue;
        const reviews = inst.input.reviews.map((x, j) => (j === i ? { ...x, scores: { c: x.scores.c! + 1 } } : x));
        const after = rankSubmissions({ ...inst.input, reviews, options });
        trials++;
        if (rankOf(after, rv.submissionId) > rankOf(base, rv.submissionId)) violations++;
      }
    }
  return { trials, violations };
}

const r4 = (x: number) => Number(x.toFixed(4));

export async function benchJudging(): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const setting of SETTINGS) {
    const e = evaluate(setting);
    const p = `judging.${setting.name}`;
    out.push(
      { name: `${p}.rmse_ratio_vs_mean`, value: r4(e.model.rmse / e.mean.rmse), unit: 'ratio', baseline: 1 },
      { name: `${p}.top10_recall`, value: r4(e.model.recall), unit: 'share', baseline: r4(e.mean.recall), ratio: r4(e.model.recall / e.mean.recall) },
      { name: `${p}.kendall_tau`, value: r4(e.model.tau), unit: 'tau', baseline: r4(e.mean.tau) },
      { name: `${p}.rmse`, value: r4(e.model.rmse), unit: 'points (1–10)', baseline: r4(e.mean.rmse), ratio: r4(e.model.rmse / e.mean.rmse) },
      { name: `${p}.worst_seed_rmse_ratio_vs_mean`, value: r4(e.worstRatio), unit: 'ratio' },
      { name: `${p}.zscore_rmse_ratio_vs_mean`, value: r4(e.zscore.rmse / e.mean.rmse), unit: 'ratio', baseline: 1 },
      { name: `${p}.zscore_top10_recall`, value: r4(e.zscore.recall), unit: 'share', baseline: r4(e.mean.recall) },
      { name: `${p}.zscore_kendall_tau`, value: r4(e.zscore.tau), unit: 'tau', baseline: r4(e.mean.tau) },
    );
  }
  for (const setting of NOISY_SETTINGS) {
    const e = evaluate(setting);
    const p = `judging.${setting.name}`;
    out.push(
      { name: `${p}.rmse_ratio_vs_mean`, value: r4(e.model.rmse / e.mean.rmse), unit: 'ratio', baseline: 1 },
      { name: `${p}.top10_recall`, value: r4(e.model.recall), unit: 'share', baseline: r4(e.mean.recall), ratio: r4(e.model.recall / e.mean.recall) },
      { name: `${p}.zscore_rmse_ratio_vs_mean`, value: r4(e.zscore.rmse / e.mean.rmse), unit: 'ratio', baseline: 1 },
    );
  }
  for (const method of ['model', 'z-score'] as const) {
    const m = monotonicity(method);
    out.push({
      name: method === 'model' ? 'judging.monotonicity_violation_rate' : 'judging.zscore.monotonicity_violation_rate',
      value: m.trials ? Number((m.violations / m.trials).toFixed(6)) : 0,
      unit: `share of ${m.trials} one-point raises`,
    });
  }
  return out;
}
