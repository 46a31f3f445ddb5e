/**
 * Final ranking of a competition from the scores of several evaluation rounds. Pure TypeScript.
 *
 * The method, as published on a competition's rules page (`rankSubmissions(...).rules` returns
 * its facts — method, amounts, what the model found — and web/src/ranking-rules.ts words them):
 *
 * 1. Review score. Every criterion score is put on a 0–100 scale:
 *    (score − scale minimum) × 100 ÷ (scale maximum − scale minimum). A review's raw score is the
 *    weighted mean of these, with the rubric's criterion weights. A review must score every
 *    criterion of its round with a number inside the criterion's scale (other entries are
 *    ignored); a review that does not is left out of the ranking and listed with the reason. A
 *    reviewer's second review of the same submission in the same round is a data error: all of
 *    that reviewer's reviews of that submission in that round are left out and listed.
 * 2. Reviewer calibration, round by round, by the model of calibration.ts: review score =
 *    quality + reviewer leniency + noise with a per-reviewer reliability, fitted jointly; the
 *    amount of leniency correction (the leniency variance) and of reliability weighting (the
 *    prior's ν) are chosen by marginal likelihood, so that when reviewers show no leniency or
 *    reliability differences beyond chance the round score is exactly the plain mean. A
 *    review's weight is its reviewer's reliability judged on their other reviews (leave one out).
 * 3. Round score = the model's quality estimate, capped to 0–100. No trimming: in the bench
 *    (bench/judging.ts) trimming only ever made the estimate worse.
 * 4. Final score (0–100) = the weighted mean of the submission's round scores, with the round
 *    weights, over the rounds in which it has at least one review. A submission reviewed in fewer
 *    rounds (for example, not shortlisted for a later round) is ranked after every submission
 *    reviewed in more rounds; its final score is still shown. A round of weight 0 counts for
 *    nothing: its reviews are left out and listed with the reason.
 * 5. Uncertainty band = final score ± 1.96 × SE, capped to 0–100, SE = √Σ(w × SEᵣ)² over the same
 *    rounds (w the normalised round weights), SEᵣ the model's standard error of the round score
 *    (noise of the submission's reviews, weighted, plus the uncertainty of their reviewers'
 *    leniency). P(in the top k), k the funding line (`options.topK`, default 10 % of the ranked
 *    submissions): the share of seeded draws, each final score drawn from N(final, SE²), in which
 *    the submission is among the first k in the ranking's order.
 * 6. Order (`TIE_BREAK_RULES`): more rounds reviewed; then higher final score; then, when equal,
 *    higher score in the most heavily weighted round, then the next, …; then more reviews; then
 *    earlier submission time; then submission id. Scores are compared after rounding to 6
 *    decimals, so that arithmetic noise never decides.
 * 7. Per-criterion feedback: each criterion's 0–100 score is calibrated with the same model, with
 *    the amounts found for the review score (rescaled to the criterion's noise). These figures
 *    explain the result in the feedback report; they are not used for the ranking.
 * 8. The result depends only on the inputs, never on the order in which they are supplied. All
 *    figures shown are rounded to 6 decimals. Submissions without any valid review are not
 *    ranked; they are listed with the reason (also when there are no rounds at all).
 *
 * Guarantees (tested in tests/unit/ranking.test.ts and tests/unit/calibration.test.ts):
 * - Reduces to the plain mean: with calibration off (`shrinkage: Infinity`) always; with it on,
 *   whenever the fitted leniency variance is 0 and ν = ∞ (no differences beyond chance).
 * - Unanimity: if two submissions were reviewed by the same reviewers in the same rounds and each
 *   of those reviewers scored one at least as high as the other on every criterion, its final
 *   score is at least the other's — exactly when reliability weights are equal (the leniencies
 *   are common to both and cancel); with unequal weights each review's weight leaves out its own
 *   residual, so the two can weigh a reviewer slightly differently: tested, not proven.
 * - Monotonicity (raising a score never lowers that submission's rank) is NOT proven: the
 *   amounts are re-estimated from the data. The bench measures it (`judging.monotonicity_violation_rate`).
 *
 * The 'z-score' method (`options.method`), used before and kept so that stored rankings
 * recompute and the bench can compare: step 2 calibrates each reviewer by z-scores, M and S the
 * round's raw mean and SD, m̂ = (Σx + κ·M) ÷ (n + κ), ŝ = √((Q + κ·S²) ÷ (n − 1 + κ)), κ = 3,
 * calibrated = M + S × (x − m̂) ÷ ŝ capped to 0–100 (ŝ = 0 → S; S = 0 → raw); step 3 drops the
 * single highest and lowest of 4 or more reviews (trimmed mean); step 5 uses SEᵣ = SD ÷ √n of
 * the calibrated scores (a single review: the round's SD). With κ = 0 it is reviewer-shift
 * invariant; monotonicity is not guaranteed (a concrete case is in the tests).
 *
 * Pairwise (expo) rounds (`RoundSpec.pairwise`): the round scores come precomputed (0–100, with
 * a standard error) by the round's method (domain/pairwise-ranking.ts) from the judges' votes;
 * they enter steps 4–6 like any round's (comparisons count as reviews); the rules gain a last step
 * (`RankingRules.pairwise`). A submission without a pairwise score has no score in that round.
 *
 * Options beyond the rules page: `shrinkage: Infinity` switches calibration off (calibrated =
 * raw, the plain mean); 'z-score' only: `shrinkage` (κ) and `trimWhenAtLeast` (Infinity never trims).
 */
import { fitField, type FieldFit } from './calibration.ts';
import { fundingLine, percentileOf, percentileRanker, round6, TIE_BREAK_RULES } from './ranking-rules.ts';
import { rankingReason } from '../shared/ranking-reasons.ts';

// What the API's views show of the ranking without computing one (ranking-rules.ts), exported here as before.
export { fundingLine, percentileOf, percentileRanker, round6, TIE_BREAK_RULES };

export interface RubricCriterion {
  id: string;
  weight: number;
  scale: { min: number; max: number };
}
export interface RoundSpec {
  id: string;
  name: string;
  weight: number;
  rubric: RubricCriterion[];
  /**
   * A round scored by pairwise comparisons (an expo round, domain/pairwise-ranking.ts): its round
   * scores come precomputed, not from reviews (its reviews, if any, are left out and listed). A
   * submission without an entry here has no score in the round, like one without reviews.
   */
  pairwise?: PairwiseRound;
}
/** A pairwise round's scores, as its ranking method computed them from the judges' votes. */
export interface PairwiseRound {
  /** The method's name (e.g. 'crowd-bt'), for the rules page. */
  method: string;
  /** Rankings stored before 2026-12-03: one English sentence on how the method ranks (no longer written). */
  description?: string;
  scores: PairwiseScore[];
}
export interface PairwiseScore {
  submissionId: string;
  /** The round score, 0–100. */
  score: number;
  /** Standard error of `score`, same scale, ≥ 0. */
  se: number;
  /** Comparisons the submission took part in (counted as its reviews in the round), ≥ 1. */
  comparisons: number;
}
export interface ReviewInput {
  roundId: string;
  reviewerId: string;
  submissionId: string;
  /** criterionId → score on that criterion's scale */
  scores: Record<string, number>;
}
export interface RankingOptions {
  /**
   * 'model' (the default): the calibration model of calibration.ts. 'z-score': the per-reviewer
   * z-score calibration with shrinkage and trimmed mean used before (rankings stored with it
   * recompute with it; the bench compares the two).
   */
  method?: RankingMethod;
  /**
   * Infinity switches calibration off (calibrated = raw; with the model: the plain mean). With
   * 'z-score': κ of the empirical-Bayes shrinkage, ≥ 0, default 3; the model chooses its own amount.
   */
  shrinkage?: number;
  /** 'z-score' only: trim the single highest and lowest review once a round has this many (≥ 3). Default 4. */
  trimWhenAtLeast?: number;
  /**
   * k of P(in the top k), the funding line: an integer ≥ 1 (more than the ranked submissions
   * means all of them). Default: 10 % of the ranked submissions, rounded up.
   */
  topK?: number;
  /** Seed of the sampling behind P(in the top k) (an integer). Default 1. */
  seed?: number;
}
export type RankingMethod = 'model' | 'z-score';
export interface RankingInput {
  rounds: RoundSpec[];
  /** Submitted reviews only. Reviews of submissions not listed in `submissions` are ignored. */
  reviews: ReviewInput[];
  /** The submissions to rank. */
  submissions: { id: string; submittedAt: string }[];
  options?: RankingOptions;
}
export interface RoundOutcome {
  roundId: string;
  reviews: number;
  /** The plain mean of the raw scores, 0–100 ('z-score' method: the same averaging rule as the round score). */
  rawMean: number;
  /** The round score, 0–100. */
  calibratedMean: number;
  trimmed: boolean;
}
export interface RankedSubmission {
  submissionId: string;
  /** 1 = best; ties are broken, so ranks are 1..n without gaps. */
  rank: number;
  finalScore: number;
  band: { low: number; high: number };
  /** Rounds in which the submission has reviews, in round-id order. */
  rounds: RoundOutcome[];
  /** roundId → criterionId → calibrated mean 0–100. */
  criteria: Record<string, Record<string, number>>;
  /**
   * P(in the top k): the share of draws from the ranking's uncertainty (each submission's final
   * score drawn from a normal distribution with the band's spread, seeded) in which the
   * submission is among the first k, ordered as the ranking orders (more rounds reviewed first).
   * Absent in rankings stored before it was computed.
   */
  topK?: { k: number; probability: number };
  /**
   * Set when the submission has the same (rounded) final score as the one ranked directly above
   * it — then it names the rule of `TIE_BREAK_RULES` that put that one first — or, failing that,
   * as the one directly below it — then it names the rule that put this one first.
   */
  tieBreak?: string;
}
export interface ExcludedReview {
  roundId: string;
  reviewerId: string;
  submissionId: string;
  reason: string;
}
export interface RankingResult {
  ranked: RankedSubmission[];
  unranked: { submissionId: string; reason: string }[];
  /** Reviews of listed submissions left out of the ranking, with the reason. */
  excludedReviews: ExcludedReview[];
  /** How it was computed, for the competition's rules page (the web words it). */
  rules: RankingRules;
  /** The model's fitted amounts, per counted round (method 'model' only). */
  calibration?: RoundCalibration[];
}
/** The facts of a ranking's rules page (`rulesOf`). */
export interface RankingRules {
  method: RankingMethod;
  /** False when calibration is switched off (`shrinkage: Infinity`). */
  calibration: boolean;
  /** 'z-score' with calibration: κ of the shrinkage. */
  shrinkage?: number;
  /** 'z-score': the trimmed mean's threshold (null: no review is dropped). */
  trimWhenAtLeast?: number | null;
  /** 'model' with calibration: what it found in each round with reviews. */
  fitted?: { name: string; leniencySd: number; noiseSd: number; weighted: boolean }[];
  /** The counted pairwise (expo) rounds, by name, with their method. */
  pairwise: { name: string; method: string }[];
}
/** The rules as a stored ranking holds them: their facts, or, stored before 2026-12-03, English sentences. */
export type StoredRankingRules = RankingRules | string[];
/** What the calibration model found in one round (its review-score field). */
export interface RoundCalibration {
  roundId: string;
  name: string;
  /** Valid reviews in the round. */
  reviews: number;
  /** The SD of the reviewers' leniency (points on 0–100); 0 = no leniency calibration. */
  leniencySd: number;
  /** The typical review's noise SD (points on 0–100). */
  noiseSd: number;
  /** ν of the reliability prior: Infinity (null in JSON) = every reviewer weighted equally. */
  reliabilityDof: number;
}

export const DEFAULT_SHRINKAGE = 3;
/**
 * Draws behind P(in the top k): TOP_K_DRAWS, fewer (down to TOP_K_MIN_DRAWS) when more than
 * TOP_K_BUDGET ÷ TOP_K_DRAWS submissions are close enough to the line to need drawing.
 */
export const TOP_K_DRAWS = 2000;
export const TOP_K_MIN_DRAWS = 50;
const TOP_K_BUDGET = 600_000;
export const DEFAULT_TRIM_WHEN_AT_LEAST = 4;
const Z95 = 1.96;

const RULE = { rounds: 0, score: 1, roundScores: 2, reviews: 3, submittedAt: 4, id: 5 } as const;

// ---------------------------------------------------------------------------------------------
// Calibration core

interface PoolStats {
  mean: number;
  sd: number;
}

/**
 * Calibrates one round's scores. Scores are records of `stride` numbers; the score calibrated is
 * field `col` of record p, i.e. x[p·stride + col], written to out[p·stride + col]. Reviewer g
 * owns records starts[g] … starts[g+1] − 1, for g in [g0, g1); the pool is all of them. The
 * caller fixes the record order (reviewer id, then submission id), so every float sum runs in a
 * canonical order.
 */
function calibrateCore(
  x: Float64Array,
  out: Float64Array,
  stride: number,
  col: number,
  starts: Int32Array,
  g0: number,
  g1: number,
  kappa: number,
  cap: boolean,
): PoolStats {
  const from = starts[g0]!;
  const to = starts[g1]!;
  const N = to - from;
  let sum = 0;
  for (let p = from; p < to; p++) sum += x[p * stride + col]!;
  const M = N > 0 ? sum / N : 0;
  let ss = 0;
  for (let p = from; p < to; p++) {
    const d = x[p * stride + col]! - M;
    ss += d * d;
  }
  const V = N > 1 ? ss / (N - 1) : 0;
  const S = Math.sqrt(V);
  if (!(S > 0) || kappa === Number.POSITIVE_INFINITY) {
    for (let p = from; p < to; p++) out[p * stride + col] = x[p * stride + col]!;
    return { mean: M, sd: S };
  }
  const kM = kappa * M;
  const kV = kappa * V;
  for (let g = g0; g < g1; g++) {
    const a = starts[g]!;
    const b = starts[g + 1]!;
    const n = b - a;
    let s = 0;
    for (let p = a; p < b; p++) s += x[p * stride + col]!;
    const m = s / n;
    let q = 0;
    for (let p = a; p < b; p++) {
      const d = x[p * stride + col]! - m;
      q += d * d;
    }
    const level = (s + kM) / (n + kappa);
    const dof = n - 1 + kappa;
    let spread = dof > 0 ? Math.sqrt((q + kV) / dof) : 0;
    if (!(spread > 0)) spread = S;
    for (let p = a; p < b; p++) {
      const v = M + (S * (x[p * stride + col]! - level)) / spread;
      out[p * stride + col] = cap ? (v < 0 ? 0 : v > 100 ? 100 : v) : v;
    }
  }
  return { mean: M, sd: S };
}

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Step 2 on its own, for transparency and tests: calibrates one round's scores (0–100) without
 * the 0–100 cap. Entries are processed in (reviewerId, itemId) order whatever the input order, as
 * rankSubmissions does; results come back in input order.
 */
export function calibrate(
  entries: readonly { reviewerId: string; itemId: string; score: number }[],
  shrinkage: number = DEFAULT_SHRINKAGE,
): { poolMean: number; poolSd: number; calibrated: number[] } {
  checkShrinkage(shrinkage);
  const order = entries.map((_, i) => i);
  order.sort((i, j) => cmpStr(entries[i]!.reviewerId, entries[j]!.reviewerId) || cmpStr(entries[i]!.itemId, entries[j]!.itemId));
  const x = new Float64Array(order.length);
  const startList: number[] = [];
  order.forEach((e, p) => {
    x[p] = entries[e]!.score;
    if (p === 0 || entries[e]!.reviewerId !== entries[order[p - 1]!]!.reviewerId) startList.push(p);
  });
  startList.push(order.length);
  const out = new Float64Array(order.length);
  const stats = calibrateCore(x, out, 1, 0, Int32Array.from(startList), 0, startList.length - 1, shrinkage, false);
  const calibrated = new Array<number>(entries.length);
  order.forEach((e, p) => (calibrated[e] = out[p]!));
  return { poolMean: stats.mean, poolSd: stats.sd, calibrated };
}

// ---------------------------------------------------------------------------------------------
// Validation

function checkShrinkage(k: number): void {
  if (typeof k !== 'number' || Number.isNaN(k) || k < 0) throw new RangeError(`options.shrinkage must be a number ≥ 0 (or Infinity), got ${k}`);
}

interface PreparedCriterion {
  id: string;
  weight: number;
  min: number;
  max: number;
  range: number;
}
interface PreparedRound {
  id: string;
  weight: number;
  criteria: PreparedCriterion[];
  weightSum: number;
  /** Pairwise rounds: submission id → its precomputed score. */
  pairwise?: Map<string, PairwiseScore>;
}

/**
 * The rounds that count, in id order, and those that do not (weight 0: stored before the API
 * refused such rounds; they count for nothing, so their reviews are listed as left out).
 */
function prepareRounds(rounds: readonly RoundSpec[]): { counted: PreparedRound[]; uncounted: Map<string, string> } {
  const seen = new Set<string>();
  const out: PreparedRound[] = [];
  const uncounted = new Map<string, string>();
  for (const r of rounds) {
    if (typeof r.id !== 'string' || r.id === '') throw new RangeError('rounds: every round needs an id');
    if (seen.has(r.id)) throw new RangeError(`rounds: duplicate round id "${r.id}"`);
    seen.add(r.id);
    if (!(Number.isFinite(r.weight) && r.weight >= 0)) throw new RangeError(`round "${r.id}": weight must be a finite number ≥ 0`);
    if (r.weight === 0) {
      uncounted.set(r.id, r.name);
      continue;
    }
    const pairwise = r.pairwise ? preparePairwise(r.id, r.pairwise) : undefined;
    if (r.rubric.length === 0 && !pairwise) throw new RangeError(`round "${r.id}": the rubric has no criteria`);
    const cseen = new Set<string>();
    const criteria: PreparedCriterion[] = [];
    for (const c of r.rubric) {
      if (cseen.has(c.id)) throw new RangeError(`round "${r.id}": duplicate criterion id "${c.id}"`);
      cseen.add(c.id);
      if (!(Number.isFinite(c.weight) && c.weight > 0)) throw new RangeError(`round "${r.id}", criterion "${c.id}": weight must be a finite number > 0`);
      const { min, max } = c.scale;
      if (!(Number.isFinite(min) && Number.isFinite(max) && max > min)) throw new RangeError(`round "${r.id}", criterion "${c.id}": scale needs finite min < max`);
      criteria.push({ id: c.id, weight: c.weight, min, max, range: max - min });
    }
    criteria.sort((a, b) => cmpStr(a.id, b.id));
    let weightSum = 0;
    for (const c of criteria) weightSum += c.weight;
    out.push({ id: r.id, weight: r.weight, criteria, weightSum, ...(pairwise ? { pairwise } : {}) });
  }
  return { counted: out.sort((a, b) => cmpStr(a.id, b.id)), uncounted };
}

function preparePairwise(roundId: string, p: PairwiseRound): Map<string, PairwiseScore> {
  if (!p || !Array.isArray(p.scores)) throw new RangeError(`round "${roundId}": pairwise.scores must be a list`);
  const out = new Map<string, PairwiseScore>();
  for (const e of p.scores) {
    if (out.has(e.submissionId)) throw new RangeError(`round "${roundId}": duplicate pairwise score for "${e.submissionId}"`);
    if (!(Number.isFinite(e.score) && e.score >= 0 && e.score <= 100)) throw new RangeError(`round "${roundId}", "${e.submissionId}": pairwise score must be from 0 to 100, got ${e.score}`);
    if (!(Number.isFinite(e.se) && e.se >= 0)) throw new RangeError(`round "${roundId}", "${e.submissionId}": pairwise se must be a finite number ≥ 0, got ${e.se}`);
    if (!(Number.isInteger(e.comparisons) && e.comparisons >= 1)) throw new RangeError(`round "${roundId}", "${e.submissionId}": comparisons must be an integer ≥ 1, got ${e.comparisons}`);
    out.set(e.submissionId, e);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rules

/**
 * How a ranking was computed: the facts its rules page states (steps 1–8 above, and a last step
 * for the pairwise rounds). The web words them in the reader's language (web/src/ranking-rules.ts);
 * what is stored with a ranking is these figures, not sentences.
 */
function rulesOf(method: RankingMethod, kappa: number, trimAt: number, fitted: readonly RoundCalibration[], pairwise: RankingRules['pairwise']): RankingRules {
  const calibration = kappa !== Number.POSITIVE_INFINITY;
  if (method === 'z-score') {
    return { method, calibration, ...(calibration ? { shrinkage: kappa } : {}), trimWhenAtLeast: trimAt === Number.POSITIVE_INFINITY ? null : trimAt, pairwise };
  }
  return {
    method,
    calibration,
    ...(calibration
      ? { fitted: fitted.map((f) => ({ name: f.name, leniencySd: f.leniencySd, noiseSd: f.noiseSd, weighted: !(f.reliabilityDof === Number.POSITIVE_INFINITY || f.reliabilityDof === null) })) }
      : {}),
    pairwise,
  };
}

// ---------------------------------------------------------------------------------------------
// Ranking

const clamp100 = (x: number) => (x < 0 ? 0 : x > 100 ? 100 : x);

/**
 * P(in the top k) per position of `order` (the ranked submissions, best first): the share of
 * seeded draws in which the submission is among the first k, each final score drawn as
 * N(final, sd²) (by a tabulated inverse distribution function, so within ±4.01 sd), ordered by (rounds reviewed, drawn score, rank). Submissions
 * that cannot cross the line within ±4.01 sd get 0 or 1 without drawing. The probabilities sum to k.
 */
function topKProbabilities(order: readonly number[], final: Float64Array, coverage: Int32Array, sd: Float64Array, k: number, seed: number): Float64Array {
  const n = order.length;
  const out = new Float64Array(n);
  const key = (i: number) => coverage[order[i]!]! * 1e4 + final[order[i]!]!;
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = Z_MAX * sd[order[i]!]!;
    lo[i] = key(i) - d;
    hi[i] = key(i) + d;
  }
  const loSorted = Float64Array.from(lo).sort();
  const hiSorted = Float64Array.from(hi).sort();
  const Lk = loSorted[n - k]!; // the k-th largest lower end
  /** How many positions have hi > x. */
  const above = (x: number) => {
    let a = 0;
    let b = n;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (hiSorted[m]! <= x) a = m + 1;
      else b = m;
    }
    return n - a;
  };
  const open: number[] = [];
  let always = 0;
  for (let i = 0; i < n; i++) {
    if (hi[i]! < Lk) continue; // at least k others are always above it
    const others = above(lo[i]!) - (hi[i]! > lo[i]! ? 1 : 0);
    if (others < k && i < k) {
      out[i] = 1;
      always++;
    } else open.push(i);
  }
  const slots = k - always;
  if (slots <= 0 || open.length === 0) return out;
  if (open.length <= slots) {
    for (const i of open) out[i] = 1;
    return out;
  }
  const draws = Math.max(TOP_K_MIN_DRAWS, Math.min(TOP_K_DRAWS, Math.floor(TOP_K_BUDGET / open.length)));
  let state = seed >>> 0; // mulberry32, a small seeded PRNG (numbers in [0, 1)), inlined in the hot loop below
  const normal = normalTable();
  const m = open.length;
  const v = new Float64Array(m);
  const scratch = new Float64Array(m);
  const hits = new Int32Array(m);
  const atCut: number[] = [];
  const base = Float64Array.from(open, (i) => key(i));
  const spread = Float64Array.from(open, (i) => sd[order[i]!]!);
  for (let t = 0; t < draws; t++) {
    for (let j = 0; j < m; j++) {
      // A standard normal draw by its inverse distribution function, tabulated: the top bits
      // of a 32-bit draw pick the quantile, the rest interpolate to the next.
      state = (state + 0x6d2b79f5) >>> 0;
      let r = Math.imul(state ^ (state >>> 15), state | 1);
      r ^= r + Math.imul(r ^ (r >>> 7), r | 61);
      const u = (((r ^ (r >>> 14)) >>> 0) / 4294967296) * NORMAL_CELLS;
      const c = Math.floor(u);
      const z = normal[c]! + (u - c) * (normal[c + 1]! - normal[c]!);
      const x = base[j]! + z * spread[j]!;
      v[j] = x;
      scratch[j] = x;
    }
    // The slots-th largest draw; above it in; at it, the better-ranked first (open is in rank order).
    const cut = nthLargest(scratch, slots);
    let left = slots;
    atCut.length = 0;
    for (let j = 0; j < m; j++) {
      const x = v[j]!;
      if (x > cut) {
        left--;
        hits[j] = hits[j]! + 1;
      } else if (x === cut) atCut.push(j);
    }
    for (let e = 0; e < atCut.length && e < left; e++) hits[atCut[e]!] = hits[atCut[e]!]! + 1;
  }
  for (let j = 0; j < m; j++) out[open[j]!] = hits[j]! / draws;
  return out;
}

const NORMAL_CELLS = 1 << 14;
let normalCache: Float64Array | undefined;
/** Φ⁻¹ at the cell edges (i + ½)/(cells + 1), i = 0 … cells: |z| ≤ Z_MAX. */
function normalTable(): Float64Array {
  if (normalCache) return normalCache;
  const t = new Float64Array(NORMAL_CELLS + 1);
  for (let i = 0; i <= NORMAL_CELLS; i++) t[i] = inverseNormal((i + 0.5) / (NORMAL_CELLS + 1));
  normalCache = t;
  return t;
}
/** Φ⁻¹(p), Acklam's rational approximation (relative error < 1.2e-9). */
export function inverseNormal(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - pl) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
/** The largest |z| a draw can take (the table's ends), so ±Z_MAX·sd bounds every draw. */
const Z_MAX = 4.01;

/** The n-th largest value of `a` (1-based), by quickselect; reorders `a`. */
function nthLargest(a: Float64Array, n: number): number {
  let lo = 0;
  let hi = a.length - 1;
  const target = a.length - n; // index in ascending order
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // median of three as the pivot
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return a[target]!;
  }
  return a[target]!;
}

/** Mean of `v[0..k)` in the given order, or, when trimming, of the sorted values without the ends. */
function average(v: Float64Array, k: number, trim: boolean): number {
  if (trim) {
    const s = v.subarray(0, k).sort();
    let sum = 0;
    for (let i = 1; i < k - 1; i++) sum += s[i]!;
    return sum / (k - 2);
  }
  let sum = 0;
  for (let i = 0; i < k; i++) sum += v[i]!;
  return sum / k;
}

/** Stable counting sort of `src` into `dst` by key[src[i]] ∈ [0, buckets). */
function countingSort(src: Int32Array, dst: Int32Array, key: Int32Array, buckets: number): void {
  const count = new Int32Array(buckets + 1);
  for (let i = 0; i < src.length; i++) count[key[src[i]!]! + 1] = count[key[src[i]!]! + 1]! + 1;
  for (let b = 0; b < buckets; b++) count[b + 1] = count[b + 1]! + count[b]!;
  for (let i = 0; i < src.length; i++) {
    const k = key[src[i]!]!;
    dst[count[k]!] = src[i]!;
    count[k] = count[k]! + 1;
  }
}

export function rankSubmissions(input: RankingInput): RankingResult {
  const method: RankingMethod = input.options?.method ?? 'model';
  if (method !== 'model' && method !== 'z-score') throw new RangeError(`options.method must be "model" or "z-score", got ${String(method)}`);
  const model = method === 'model';
  const kappa = input.options?.shrinkage ?? DEFAULT_SHRINKAGE;
  const trimAt = model ? Number.POSITIVE_INFINITY : (input.options?.trimWhenAtLeast ?? DEFAULT_TRIM_WHEN_AT_LEAST);
  checkShrinkage(kappa);
  const calibrationOn = kappa !== Number.POSITIVE_INFINITY;
  const trimOpt = input.options?.trimWhenAtLeast ?? DEFAULT_TRIM_WHEN_AT_LEAST;
  if (!(trimOpt === Number.POSITIVE_INFINITY || (Number.isInteger(trimOpt) && trimOpt >= 3))) {
    throw new RangeError(`options.trimWhenAtLeast must be an integer ≥ 3 (or Infinity), got ${trimOpt}`);
  }
  const topKOpt = input.options?.topK;
  if (topKOpt !== undefined && !(Number.isInteger(topKOpt) && topKOpt >= 1)) throw new RangeError(`options.topK must be an integer ≥ 1, got ${topKOpt}`);
  const seed = input.options?.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`options.seed must be an integer, got ${seed}`);
  const { counted: rounds, uncounted } = prepareRounds(input.rounds);
  const R = rounds.length;
  const roundIdx = new Map<string, number>();
  for (let k = 0; k < R; k++) roundIdx.set(rounds[k]!.id, k);
  /** Why a submission without a valid review in a counted round is not ranked, in words. */
  function unrankedReason(leftOut: number): string {
    if (input.rounds.length === 0) return rankingReason('noRounds');
    if (R === 0) return rankingReason('noCountedRound');
    if (leftOut > 0) return leftOut === 1 ? rankingReason('oneReviewLeftOut') : rankingReason('reviewsLeftOut', { count: leftOut });
    if (rounds.some((r) => r.pairwise)) return rankingReason('noReviewsOrComparisons');
    return rankingReason('noReviews');
  }

  // Submissions, in id order; a submission's index is its position in that order.
  const subs = input.submissions.map((s) => {
    const t = Date.parse(s.submittedAt);
    if (Number.isNaN(t)) throw new RangeError(`submission "${s.id}": submittedAt is not a date: "${s.submittedAt}"`);
    return { id: s.id, t };
  });
  subs.sort((a, b) => cmpStr(a.id, b.id));
  const nS = subs.length;
  const subIdx = new Map<string, number>();
  for (let i = 0; i < nS; i++) {
    if (i > 0 && subs[i]!.id === subs[i - 1]!.id) throw new RangeError(`submissions: duplicate id "${subs[i]!.id}"`);
    subIdx.set(subs[i]!.id, i);
  }

  // Pass 1: validate and score every review of a listed submission. Review i's scores go to the
  // record tVals[i·W …]: its raw score, then its criteria's 0–100 scores in criterion-id order.
  const excluded: ExcludedReview[] = [];
  const excludedPerSub = new Int32Array(nS);
  const nIn = input.reviews.length;
  let maxCrit = 0;
  for (const r of rounds) maxCrit = Math.max(maxCrit, r.criteria.length);
  const W = 1 + maxCrit;
  const tVals = new Float64Array(nIn * W);
  const tSub = new Int32Array(nIn);
  const tRound = new Int32Array(nIn);
  const tRev = new Int32Array(nIn);
  const accepted = new Int32Array(nIn);
  let nA = 0;
  const reviewerIdx = new Map<string, number>();
  const reviewerIds: string[] = [];
  // Reviews usually come grouped by submission: the last look-up is kept.
  let lastSubId: string | undefined;
  let lastSub: number | undefined;
  for (let i = 0; i < nIn; i++) {
    const rv = input.reviews[i]!;
    if (rv.submissionId !== lastSubId || i === 0) {
      lastSubId = rv.submissionId;
      lastSub = subIdx.get(rv.submissionId);
    }
    const s = lastSub;
    if (s === undefined) continue; // not a submission being ranked
    const k = roundIdx.get(rv.roundId);
    if (k === undefined) {
      const name = uncounted.get(rv.roundId);
      const reason = name !== undefined ? rankingReason('roundWeightZero', { round: name }) : rankingReason('unknownRound', { roundId: rv.roundId });
      excluded.push({ roundId: rv.roundId, reviewerId: rv.reviewerId, submissionId: rv.submissionId, reason });
      excludedPerSub[s] = excludedPerSub[s]! + 1;
      continue;
    }
    const round = rounds[k]!;
    if (round.pairwise) {
      const name = input.rounds.find((x) => x.id === round.id)!.name;
      excluded.push({ roundId: rv.roundId, reviewerId: rv.reviewerId, submissionId: rv.submissionId, reason: rankingReason('pairwiseRound', { round: name }) });
      excludedPerSub[s] = excludedPerSub[s]! + 1;
      continue;
    }
    let bad: string | undefined;
    let acc = 0;
    for (let c = 0; c < round.criteria.length; c++) {
      const cr = round.criteria[c]!;
      const v = rv.scores?.[cr.id];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        bad = rankingReason('noScore', { criterion: cr.id });
        break;
      }
      if (v < cr.min || v > cr.max) {
        bad = rankingReason('scoreOutsideScale', { score: v, criterion: cr.id, min: cr.min, max: cr.max });
        break;
      }
      const norm = ((v - cr.min) * 100) / cr.range;
      tVals[i * W + 1 + c] = norm;
      acc += cr.weight * norm;
    }
    if (bad !== undefined) {
      excluded.push({ roundId: rv.roundId, reviewerId: rv.reviewerId, submissionId: rv.submissionId, reason: bad });
      excludedPerSub[s] = excludedPerSub[s]! + 1;
      continue;
    }
    tVals[i * W] = acc / round.weightSum;
    tSub[i] = s;
    tRound[i] = k;
    let r = reviewerIdx.get(rv.reviewerId);
    if (r === undefined) {
      r = reviewerIds.length;
      reviewerIds.push(rv.reviewerId);
      reviewerIdx.set(rv.reviewerId, r);
    }
    tRev[i] = r;
    accepted[nA++] = i;
  }

  // Pass 2: canonical order — round id, reviewer id, submission id — by two stable counting
  // sorts (submission, then round × reviewer); the input order can no longer matter.
  // From here tRev[i] holds the group key round · (number of reviewers) + reviewer rank.
  const revOrder = reviewerIds.map((_, r) => r).sort((a, b) => cmpStr(reviewerIds[a]!, reviewerIds[b]!));
  const revRank = new Int32Array(reviewerIds.length);
  for (let j = 0; j < revOrder.length; j++) revRank[revOrder[j]!] = j;
  const nRev = reviewerIds.length;
  for (let j = 0; j < nA; j++) {
    const i = accepted[j]!;
    tRev[i] = tRound[i]! * nRev + revRank[tRev[i]!]!;
  }
  const sortA = accepted.slice(0, nA);
  const sortB = new Int32Array(nA);
  countingSort(sortA, sortB, tSub, nS);
  countingSort(sortB, sortA, tRev, R * nRev);
  // Leave out duplicates (same round, reviewer and submission); mark reviewer groups and rounds.
  const canon = new Int32Array(nA);
  let N = 0;
  let lastKey = -1;
  const groupStarts: number[] = [];
  for (let j = 0; j < nA; ) {
    const i = sortA[j]!;
    const key = tRev[i]!;
    let e = j + 1;
    while (e < nA && tRev[sortA[e]!] === key && tSub[sortA[e]!] === tSub[i]) e++;
    if (e - j === 1) {
      if (key !== lastKey) groupStarts.push(N);
      lastKey = key;
      canon[N++] = i;
    } else {
      for (let d = j; d < e; d++) {
        const x = sortA[d]!;
        excluded.push({
          roundId: rounds[tRound[x]!]!.id,
          reviewerId: reviewerIds[revOrder[tRev[x]! % nRev]!]!,
          submissionId: subs[tSub[x]!]!.id,
          reason: rankingReason('duplicateReviews', { count: e - j }),
        });
        excludedPerSub[tSub[x]!] = excludedPerSub[tSub[x]!]! + 1;
      }
    }
    j = e;
  }
  groupStarts.push(N);
  const G = groupStarts.length - 1;
  // Groups come in round order: round k owns groups roundGroup[k] … roundGroup[k+1] − 1.
  const roundGroup = new Int32Array(R + 1);
  for (let k = 0, g = 0; k <= R; k++) {
    while (g < G && tRound[canon[groupStarts[g]!]!]! < k) g++;
    roundGroup[k] = g;
  }
  const starts = Int32Array.from(groupStarts);

  // Records in canonical order, calibrated field by field, round by round.
  const vals = new Float64Array(N * W);
  const pSub = new Int32Array(N);
  for (let p = 0; p < N; p++) {
    const i = canon[p]!;
    pSub[p] = tSub[i]!;
    for (let f = 0; f < W; f++) vals[p * W + f] = tVals[i * W + f]!;
  }
  const cal = new Float64Array(model ? 0 : N * W); // 'z-score' only: the calibrated records
  const calSd = new Float64Array(R);
  const off: Int32Array[] = [];
  const byS: Int32Array[] = [];
  /** Model only: fits[k][f] for round k, field f (0: the review score; 1 + c: criterion c). */
  const fits: FieldFit[][] = [];
  for (let k = 0; k < R; k++) {
    const g0 = roundGroup[k]!;
    const g1 = roundGroup[k + 1]!;
    const from = starts[g0]!;
    const to = starts[g1]!;
    if (rounds[k]!.pairwise) fits.push([]); // scored by comparisons: nothing to fit
    else if (model) {
      const item = pSub.slice(from, to);
      const rater = new Int32Array(to - from);
      for (let g = g0; g < g1; g++) rater.fill(g - g0, starts[g]! - from, starts[g + 1]! - from);
      const roundFits: FieldFit[] = [];
      for (let f = 0; f <= rounds[k]!.criteria.length; f++) {
        const y = new Float64Array(to - from);
        for (let p = from; p < to; p++) y[p - from] = vals[p * W + f]!;
        // Criteria take the review score's amounts (rescaled): their figures explain, they do not rank.
        roundFits.push(fitField({ item, rater, y, nItems: nS, nRaters: g1 - g0 }, { calibrate: calibrationOn, ...(f > 0 ? { like: roundFits[0]! } : {}) }));
      }
      fits.push(roundFits);
    } else if (!model) {
      for (let f = 0; f <= rounds[k]!.criteria.length; f++) calibrateCore(vals, cal, W, f, starts, g0, g1, kappa, true);
      // SD of the calibrated scores in the round (the band's fallback for a single review).
      let sum = 0;
      for (let p = from; p < to; p++) sum += cal[p * W]!;
      const mean = to > from ? sum / (to - from) : 0;
      let ss = 0;
      for (let p = from; p < to; p++) {
        const d = cal[p * W]! - mean;
        ss += d * d;
      }
      calSd[k] = to - from > 1 ? Math.sqrt(ss / (to - from - 1)) : 0;
    }
    // Reviews of submission s in round k: byS[k][off[k][s] … off[k][s+1]), in reviewer-id order.
    const o = new Int32Array(nS + 1);
    for (let p = from; p < to; p++) o[pSub[p]! + 1] = o[pSub[p]! + 1]! + 1;
    for (let s = 0; s < nS; s++) o[s + 1] = o[s + 1]! + o[s]!;
    const fill = o.slice(0, nS);
    const b = new Int32Array(to - from);
    for (let p = from; p < to; p++) {
      const s = pSub[p]!;
      b[fill[s]!] = p;
      fill[s] = fill[s]! + 1;
    }
    off.push(o);
    byS.push(b);
  }

  // Rounds in tie-break order: heaviest first, equal weights by id.
  const tieRounds = rounds.map((_, k) => k).sort((a, b) => rounds[b]!.weight - rounds[a]!.weight || cmpStr(rounds[a]!.id, rounds[b]!.id));
  const tiePos = new Int32Array(R);
  for (let j = 0; j < R; j++) tiePos[tieRounds[j]!] = j;

  // Pass 3, per submission: round scores, final score, band.
  const coverage = new Int32Array(nS);
  const final6 = new Float64Array(nS);
  const roundKey = new Float64Array(nS * R).fill(Number.NEGATIVE_INFINITY);
  const reviewCount = new Int32Array(nS);
  // The output objects are made once the order (and P(top k)) is known.
  const outcomesOf: RoundOutcome[][] = new Array(nS);
  const criteriaOf: Record<string, Record<string, number>>[] = new Array(nS);
  const bandLow = new Float64Array(nS);
  const bandHigh = new Float64Array(nS);
  let maxK = 1;
  for (let k = 0; k < R; k++) for (let s = 0; s < nS; s++) maxK = Math.max(maxK, off[k]![s + 1]! - off[k]![s]!);
  const scratch = new Float64Array(maxK);
  const unranked: { submissionId: string; reason: string }[] = [];
  const roundScores = new Float64Array(R);
  const roundSe = new Float64Array(R);
  const roundW = new Float64Array(R);
  /** The final score's standard error, per submission. */
  const sdOf = new Float64Array(nS);

  for (let s = 0; s < nS; s++) {
    const outcomes: RoundOutcome[] = [];
    const criteria: Record<string, Record<string, number>> = {};
    let m = 0;
    let total = 0;
    for (let k = 0; k < R; k++) {
      const pw = rounds[k]!.pairwise;
      if (pw) {
        const e = pw.get(subs[s]!.id);
        if (!e) continue;
        const score = clamp100(e.score);
        outcomes.push({ roundId: rounds[k]!.id, reviews: e.comparisons, rawMean: round6(score), calibratedMean: round6(score), trimmed: false });
        roundScores[m] = score;
        roundSe[m] = e.se;
        roundW[m] = rounds[k]!.weight;
        m++;
        roundKey[s * R + tiePos[k]!] = round6(score);
        total += e.comparisons;
        continue;
      }
      const o = off[k]!;
      const a = o[s]!;
      const n = o[s + 1]! - a;
      if (n === 0) continue;
      const round = rounds[k]!;
      const b = byS[k]!;
      if (model) {
        let rawSum = 0;
        for (let j = 0; j < n; j++) rawSum += vals[b[a + j]! * W]!;
        const fit = fits[k]!;
        const score = clamp100(fit[0]!.quality[s]!);
        const crit: Record<string, number> = {};
        for (let c = 0; c < round.criteria.length; c++) crit[round.criteria[c]!.id] = round6(clamp100(fit[1 + c]!.quality[s]!));
        criteria[round.id] = crit;
        outcomes.push({ roundId: round.id, reviews: n, rawMean: round6(rawSum / n), calibratedMean: round6(score), trimmed: false });
        roundScores[m] = score;
        roundSe[m] = Math.sqrt(fit[0]!.variance[s]!);
        roundW[m] = round.weight;
        m++;
        roundKey[s * R + tiePos[k]!] = round6(score);
        total += n;
        continue;
      }
      const trim = n >= trimAt;
      for (let j = 0; j < n; j++) scratch[j] = vals[b[a + j]! * W]!;
      const rawMean = average(scratch, n, trim);
      for (let j = 0; j < n; j++) scratch[j] = cal[b[a + j]! * W]!;
      let sd: number;
      if (n > 1) {
        let sum = 0;
        for (let j = 0; j < n; j++) sum += scratch[j]!;
        const mean = sum / n;
        let ss = 0;
        for (let j = 0; j < n; j++) {
          const dv = scratch[j]! - mean;
          ss += dv * dv;
        }
        sd = Math.sqrt(ss / (n - 1));
      } else sd = calSd[k]!;
      const score = average(scratch, n, trim);
      const crit: Record<string, number> = {};
      for (let c = 0; c < round.criteria.length; c++) {
        for (let j = 0; j < n; j++) scratch[j] = cal[b[a + j]! * W + 1 + c]!;
        crit[round.criteria[c]!.id] = round6(average(scratch, n, trim));
      }
      criteria[round.id] = crit;
      outcomes.push({ roundId: round.id, reviews: n, rawMean: round6(rawMean), calibratedMean: round6(score), trimmed: trim });
      roundScores[m] = score;
      roundSe[m] = sd / Math.sqrt(n);
      roundW[m] = round.weight;
      m++;
      roundKey[s * R + tiePos[k]!] = round6(score);
      total += n;
    }
    if (outcomes.length === 0) {
      unranked.push({ submissionId: subs[s]!.id, reason: unrankedReason(excludedPerSub[s]!) });
      continue;
    }
    let wSum = 0;
    for (let j = 0; j < m; j++) wSum += roundW[j]!;
    let acc = 0;
    let varAcc = 0;
    for (let j = 0; j < m; j++) {
      acc += roundW[j]! * roundScores[j]!;
      const wse = (roundW[j]! / wSum) * roundSe[j]!;
      varAcc += wse * wse;
    }
    const f = Math.min(100, Math.max(0, acc / wSum));
    sdOf[s] = Math.sqrt(varAcc);
    const half = Z95 * sdOf[s]!;
    coverage[s] = outcomes.length;
    final6[s] = round6(f);
    reviewCount[s] = total;
    bandLow[s] = round6(Math.max(0, f - half));
    bandHigh[s] = round6(Math.min(100, f + half));
    outcomesOf[s] = outcomes;
    criteriaOf[s] = criteria;
  }

  // Order. `decide` returns ±(rule index + 1): negative when a ranks first.
  const decide = (a: number, b: number): number => {
    if (coverage[a] !== coverage[b]) return coverage[a]! > coverage[b]! ? -(RULE.rounds + 1) : RULE.rounds + 1;
    if (final6[a] !== final6[b]) return final6[a]! > final6[b]! ? -(RULE.score + 1) : RULE.score + 1;
    for (let j = 0; j < R; j++) {
      const x = roundKey[a * R + j]!;
      const y = roundKey[b * R + j]!;
      if (x !== y) return x > y ? -(RULE.roundScores + 1) : RULE.roundScores + 1;
    }
    if (reviewCount[a] !== reviewCount[b]) return reviewCount[a]! > reviewCount[b]! ? -(RULE.reviews + 1) : RULE.reviews + 1;
    if (subs[a]!.t !== subs[b]!.t) return subs[a]!.t < subs[b]!.t ? -(RULE.submittedAt + 1) : RULE.submittedAt + 1;
    return a < b ? -(RULE.id + 1) : a > b ? RULE.id + 1 : 0;
  };
  const order: number[] = [];
  for (let s = 0; s < nS; s++) if (coverage[s]! > 0) order.push(s);
  order.sort(decide);
  const k = Math.min(topKOpt ?? Math.ceil(order.length / 10), order.length);
  // 'z-score' rankings stay exactly as they were computed (and stored) before the model.
  const p = k > 0 && model ? topKProbabilities(order, final6, coverage, sdOf, k, seed) : undefined;
  const ranked: RankedSubmission[] = new Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const s = order[i]!;
    const prev = i > 0 ? order[i - 1]! : -1;
    const next = i + 1 < order.length ? order[i + 1]! : -1;
    let tieBreak: string | undefined;
    if (prev >= 0 && final6[prev] === final6[s]) tieBreak = TIE_BREAK_RULES[Math.abs(decide(prev, s)) - 1];
    else if (next >= 0 && final6[next] === final6[s]) tieBreak = TIE_BREAK_RULES[Math.abs(decide(s, next)) - 1];
    const e: RankedSubmission = {
      submissionId: subs[s]!.id,
      rank: i + 1,
      finalScore: final6[s]!,
      band: { low: bandLow[s]!, high: bandHigh[s]! },
      rounds: outcomesOf[s]!,
      criteria: criteriaOf[s]!,
    };
    if (tieBreak !== undefined) e.tieBreak = tieBreak;
    if (p) e.topK = { k, probability: round6(p[i]!) };
    ranked[i] = e;
  }

  excluded.sort(
    (a, b) => cmpStr(a.submissionId, b.submissionId) || cmpStr(a.roundId, b.roundId) || cmpStr(a.reviewerId, b.reviewerId) || cmpStr(a.reason, b.reason),
  );
  // Pairwise rounds fit no calibration: they are described by their method instead.
  const summary: RoundCalibration[] = model
    ? rounds.flatMap((r, j) =>
        r.pairwise
          ? []
          : [
              {
                roundId: r.id,
                name: input.rounds.find((x) => x.id === r.id)!.name,
                reviews: starts[roundGroup[j + 1]!]! - starts[roundGroup[j]!]!,
                leniencySd: round6(fits[j]![0]!.leniencySd),
                noiseSd: round6(fits[j]![0]!.noiseSd),
                reliabilityDof: fits[j]![0]!.reliabilityDof,
              },
            ],
      )
    : [];
  const pairwiseRules = input.rounds.filter((r) => r.pairwise && r.weight > 0).map((r) => ({ name: r.name, method: r.pairwise!.method }));
  return {
    ranked,
    unranked,
    excludedReviews: excluded,
    rules: rulesOf(method, kappa, trimAt, summary.filter((x) => x.reviews > 0), pairwiseRules),
    ...(model ? { calibration: summary } : {}),
  };
}
