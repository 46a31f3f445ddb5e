/**
 * The calibration model of one round's scores on one field (the overall review score, or one
 * criterion), all on 0–100. Pure TypeScript, deterministic.
 *
 * Model. Review p by reviewer r of submission s:  y = q_s + b_r + e,  e ~ N(0, 1/w_r), where
 *   q_s  is the submission's quality (no prior: the data alone decide it),
 *   b_r  is the reviewer's leniency, b_r ~ N(0, τ²) — the *amount* of calibration is τ²,
 *   w_r  is the reviewer's reliability (precision); 1/w_r ~ scaled inverse χ²(ν, s²).
 * Given (w, τ²), the estimate is the posterior mode = the regularised least-squares fit
 *   minimise Σ_p w_r (y_p − q_s − b_r)² + Σ_r b_r² ÷ τ²,
 * so q_s = Σ w_r (y − b_r) ÷ Σ w_r over the submission's reviews: a reliability-weighted mean of
 * the leniency-corrected scores. With τ² = 0 every b_r is 0 and with ν = ∞ every w_r is equal:
 * then q_s is exactly the plain mean of the submission's scores.
 *
 * The amounts are chosen from the data, by marginal likelihood, alternating with the fit:
 * - τ²: each reviewer's leniency is measured against the other reviewers of the same
 *   submissions (their leniency-corrected, reliability-weighted mean without this reviewer):
 *   an estimate β_r with variance v_r. τ² maximises Σ_r log N(β_r; 0, τ² + v_r), over τ² ≥ 0 —
 *   0 whenever the reviewers' differences are no larger than chance alone makes them.
 * - ν and s²: each reviewer's residual sum of squares SS_r, with d_r = Σ(1 − leverage)
 *   degrees of freedom, is s²χ²(d_r)-distributed for equal reliability (ν = ∞), or scaled-F
 *   for finite ν; ν (a grid from 1 to 1024, refined continuously, or ∞) and s² maximise the
 *   marginal likelihood. Then
 *   w_r = (ν + d_r) ÷ (ν s² + SS_r), the posterior mean precision.
 * The fit alternates: solve (q, b) for the current (w, τ²) (conjugate gradients on the
 * reviewers' system, q profiled out), then re-estimate τ², then (ν, s², w), until nothing moves.
 * Finally, with unequal reliabilities (ν < ∞), each review is weighted by its reviewer's precision
 * computed without that review's own residual, (ν + d_r − (1 − h)) ÷ (ν s² + SS_r − e²): raising
 * a score cannot lower the weight that very score gets (which made a raise lower the submission's
 * score in the bench before). With equal reliabilities nothing changes.
 *
 * Uncertainty (approximate, Gaussian): Var(q_s) ≈ 1 ÷ Σ w_r + Σ π_r² V_r, π_r = w_r ÷ Σ w_r the
 * weights of the submission's reviewers and V_r ≈ 1 ÷ (reviewer r's information + 1/τ²) the
 * posterior variance of their leniency.
 *
 * Speed without a change in the figures: every sum adds the same terms in the same order as the
 * plain loop over the reviews would (so results are bit-for-bit those of the straightforward
 * code); the fields of one round (review score, criteria) share one index layout (reviewer runs,
 * item-major order), built once and checked against the arrays it was built from.
 */

export interface FieldData {
  /** Submission index of each review, in [0, nItems). */
  item: Int32Array;
  /** Reviewer index of each review, in [0, nRaters); reviews come grouped by reviewer. */
  rater: Int32Array;
  /** The scores, 0–100. */
  y: Float64Array;
  nItems: number;
  nRaters: number;
}

export interface FieldFit {
  /** Per item: the estimated quality (NaN where the item has no review). */
  quality: Float64Array;
  /** Per item: its approximate posterior variance (NaN where no review, and for a field fitted `like` another). */
  variance: Float64Array;
  /** Per reviewer: estimated leniency (points on 0–100) and reliability (precision). */
  leniency: Float64Array;
  precision: Float64Array;
  /** The amounts chosen: leniency SD τ, typical noise SD s, reliability prior ν (Infinity = equal). */
  leniencySd: number;
  noiseSd: number;
  reliabilityDof: number;
  /** Outer iterations used, and conjugate-gradient steps over all of them. */
  iterations: number;
  solverSteps: number;
}

export interface FitOptions {
  /** false: no calibration at all (τ² = 0, equal reliability): the plain mean. Default true. */
  calibrate?: boolean;
  /** Upper bound on outer iterations. Default 25. */
  maxIterations?: number;
  /**
   * Take the amounts (leniency variance, reliabilities) from another field's fit of the same
   * reviews, rescaled to this field's own noise level, instead of choosing them again — for
   * per-criterion figures, at the cost of a few solver steps (LIKE_STEPS) from its leniencies.
   */
  like?: FieldFit;
}

/**
 * Conjugate-gradient steps for a field fitted `like` another (per-criterion figures), warm-started
 * from that field's leniencies: enough to move them most of the way, not to the last decimal.
 */
const LIKE_STEPS = 3;
/** ν's coarse grid (then refined between neighbours); beyond its end, ν = ∞ (equal reliability). */
const NU_GRID = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

// ---- small numerics ----------------------------------------------------------------------------

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];
/** log Γ(x) for x > 0 (Lanczos, g = 7; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** τ² ≥ 0 maximising Σ log N(β_r; 0, τ² + v_r) (safeguarded Newton, then a boundary check). */
export function leniencyVariance(beta: ArrayLike<number>, v: ArrayLike<number>, count: number): number {
  if (count < 2) return 0;
  const ll = (t: number) => {
    let s = 0;
    for (let i = 0; i < count; i++) {
      const u = t + v[i]!;
      s -= 0.5 * (Math.log(u) + (beta[i]! * beta[i]!) / u);
    }
    return s;
  };
  // Gradient at 0: Σ (β² − v) / v²; not positive → the maximum is at 0.
  let g0 = 0;
  for (let i = 0; i < count; i++) g0 += (beta[i]! * beta[i]! - v[i]!) / (v[i]! * v[i]!);
  if (!(g0 > 0)) return 0;
  // The derivative ½Σ(β² − u)/u², u = τ² + v, is positive at 0; find its root by Newton steps
  // kept inside a bracket [lo, hi] that bisection shrinks.
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < count; i++) hi = Math.max(hi, 2 * beta[i]! * beta[i]!);
  let t = 0;
  for (let i = 0; i < count; i++) t += Math.max(0, beta[i]! * beta[i]! - v[i]!);
  t /= count;
  for (let it = 0; it < 100; it++) {
    let g = 0;
    let h = 0;
    for (let i = 0; i < count; i++) {
      const u = t + v[i]!;
      const b2 = beta[i]! * beta[i]!;
      g += (b2 - u) / (u * u);
      h += (u - 2 * b2) / (u * u * u);
    }
    if (g > 0) lo = t;
    else hi = t;
    let next = h < 0 ? t - g / h : (lo + hi) / 2;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 1e-12 * (1 + t)) {
      t = next;
      break;
    }
    t = next;
  }
  return ll(t) > ll(0) ? t : 0;
}

/**
 * ν and s² by marginal likelihood from residual sums of squares `ss` with `df` degrees of
 * freedom (reviewers with df < 1 carry too little information and are left out of the choice).
 */
export function reliabilityPrior(ss: ArrayLike<number>, df: ArrayLike<number>, count: number): { nu: number; s2: number } {
  let S = 0;
  let D = 0;
  let m = 0;
  for (let i = 0; i < count; i++) {
    S += ss[i]!;
    D += df[i]!;
  }
  const pooled = D > 0 ? S / D : 0;
  if (!(pooled > 0)) return { nu: Number.POSITIVE_INFINITY, s2: pooled };
  const floor = pooled * 1e-6;
  let m0 = 0;
  for (let i = 0; i < count; i++) if (df[i]! >= 1) m0++;
  // The reviewers used, compacted: their sums of squares (floored) and degrees of freedom.
  const sU = new Float64Array(m0);
  const dU = new Float64Array(m0);
  let SU = 0;
  let DU = 0;
  for (let i = 0, j = 0; i < count; i++) {
    if (!(df[i]! >= 1)) continue;
    sU[j] = Math.max(ss[i]!, floor);
    dU[j] = df[i]!;
    SU += ss[i]!;
    DU += df[i]!;
    j++;
  }
  m = m0;
  if (m < 3) return { nu: Number.POSITIVE_INFINITY, s2: pooled };
  // Log-likelihoods, without the terms common to every model: −log Γ(d/2) + (d/2 − 1)·log SS.
  const llInf = (s2: number) => {
    let l = 0;
    const l2s = Math.log(2 * s2);
    for (let j = 0; j < m; j++) l += -(dU[j]! / 2) * l2s - sU[j]! / (2 * s2);
    return l;
  };
  const llNu = (nu: number, c: number, s2: number) => {
    let l = c;
    const ns = nu * s2;
    const lns = Math.log(ns);
    for (let j = 0; j < m; j++) l += (nu / 2) * lns - ((nu + dU[j]!) / 2) * Math.log(sU[j]! + ns);
    return l;
  };
  const s2Inf = SU / DU;
  let best = { nu: Number.POSITIVE_INFINITY, s2: s2Inf, ll: llInf(s2Inf) };
  let lastX = Math.log(s2Inf);
  /** The profile log-likelihood of ν: s² at its best for this ν. */
  const profile = (nu: number) => {
    // s² maximising llNu: the root of its derivative in x = log s², which decreases in x
    // (Newton steps, kept inside a bracket that bisection shrinks).
    let lo = Math.log(s2Inf) - 12;
    let hi = Math.log(s2Inf) + 2;
    // Start where the last ν's search ended (neighbouring ν have similar s²).
    let x = lastX;
    for (let it = 0; it < 60; it++) {
      const ns = nu * Math.exp(x);
      let g = 0;
      let h = 0;
      for (let j = 0; j < m; j++) {
        const sum = sU[j]! + ns;
        const half = (nu + dU[j]!) / 2;
        g += nu / 2 - half * (ns / sum);
        h -= half * ((ns * sU[j]!) / (sum * sum));
      }
      if (g > 0) lo = x;
      else hi = x;
      let next = h < 0 ? x - g / h : (lo + hi) / 2;
      if (!(next > lo && next < hi)) next = (lo + hi) / 2;
      if (Math.abs(next - x) < 1e-7) {
        x = next;
        break;
      }
      x = next;
    }
    lastX = x;
    let c = -m * logGamma(nu / 2);
    for (let j = 0; j < m; j++) c += logGamma((nu + dU[j]!) / 2);
    const s2 = Math.exp(x);
    return { nu, s2, ll: llNu(nu, c, s2) };
  };
  // ν on a coarse grid, then refined continuously (golden section on log ν between the best
  // point's neighbours), so that a small change in the data moves ν a little, never by a jump.
  const grid = NU_GRID.map(profile);
  let at = 0;
  for (let j = 1; j < grid.length; j++) if (grid[j]!.ll > grid[at]!.ll) at = j;
  let lo = Math.log(NU_GRID[Math.max(0, at - 1)]!);
  let hi = Math.log(NU_GRID[Math.min(NU_GRID.length - 1, at + 1)]!);
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = profile(Math.exp(hi - phi * (hi - lo)));
  let b = profile(Math.exp(lo + phi * (hi - lo)));
  for (let it = 0; it < 10; it++) {
    if (a.ll > b.ll) {
      hi = Math.log(b.nu);
      b = a;
      a = profile(Math.exp(hi - phi * (hi - lo)));
    } else {
      lo = Math.log(a.nu);
      a = b;
      b = profile(Math.exp(lo + phi * (hi - lo)));
    }
  }
  for (const c of [grid[at]!, a, b]) if (c.ll > best.ll) best = c;
  return { nu: best.nu, s2: best.s2 };
}

// ---- the fit -----------------------------------------------------------------------------------

/** Fits the model to one field of one round; see the header. */
export function fitField(data: FieldData, options: FitOptions = {}): FieldFit {
  const { item, rater, y, nItems, nRaters } = data;
  const N = y.length;
  const calibrateOn = options.calibrate ?? true;
  const maxOuter = options.maxIterations ?? 25;

  const quality = new Float64Array(nItems).fill(Number.NaN);
  const variance = new Float64Array(nItems).fill(Number.NaN);
  const b = new Float64Array(nRaters);
  const w = new Float64Array(nRaters).fill(1);
  const Wi = new Float64Array(nItems); // Σ w over the item's reviews
  const Si = new Float64Array(nItems); // Σ w (y − b)
  const { runStart, byItem } = layout(data);
  const nRuns = runStart.length - 1;
  const { itemStart, itemRater, itemY } = byItem;
  const cnt = new Int32Array(nItems);
  for (let i = 0; i < nItems; i++) cnt[i] = itemStart[i + 1]! - itemStart[i]!;
  const itemSums = () => {
    for (let i = 0; i < nItems; i++) {
      let wi = 0;
      let si = 0;
      for (let j = itemStart[i]!, e = itemStart[i + 1]!; j < e; j++) {
        const r = itemRater[j]!;
        wi = wi + w[r]!;
        si = si + w[r]! * (itemY[j]! - b[r]!);
      }
      Wi[i] = wi;
      Si[i] = si;
    }
  };
  const q = (i: number) => Si[i]! / Wi[i]!;

  // Residual sums of squares and degrees of freedom per reviewer, at the current fit.
  const ss = new Float64Array(nRaters);
  const df = new Float64Array(nRaters);
  const Qi = new Float64Array(nItems); // q, once per item
  const residuals = () => {
    ss.fill(0);
    df.fill(0);
    for (let i = 0; i < nItems; i++) Qi[i] = q(i);
    for (let u = 0; u < nRuns; u++) {
      const r = rater[runStart[u]!]!;
      const wr = w[r]!;
      const br = b[r]!;
      let sr = ss[r]!;
      let dr = df[r]!;
      for (let p = runStart[u]!, end = runStart[u + 1]!; p < end; p++) {
        const i = item[p]!;
        const e = y[p]! - Qi[i]! - br;
        sr = sr + e * e;
        dr = dr + (1 - wr / Wi[i]!);
      }
      ss[r] = sr;
      df[r] = dr;
    }
  };

  let tau2 = 0;
  let nu = Number.POSITIVE_INFINITY;
  let s2 = 0;
  // Start: the plain mean, with the pooled residual variance.
  itemSums();
  residuals();
  {
    let S = 0;
    let D = 0;
    for (let r = 0; r < nRaters; r++) {
      S += ss[r]!;
      D += df[r]!;
    }
    s2 = D > 1e-9 ? S / D : 0;
    if (!(s2 > 0)) {
      // No replication at all (every submission has one review), or every score equal: the
      // spread of all scores in the field stands in for the noise.
      let m = 0;
      for (let p = 0; p < N; p++) m += y[p]!;
      m = N > 0 ? m / N : 0;
      let v = 0;
      for (let p = 0; p < N; p++) v += (y[p]! - m) * (y[p]! - m);
      s2 = N > 1 ? v / (N - 1) : 0;
    }
  }
  const wEqual = s2 > 0 ? 1 / s2 : 1;
  const like = options.like;
  const likeUsed = calibrateOn && s2 > 0 && like !== undefined && like.noiseSd > 0;
  w.fill(wEqual);
  if (!likeUsed) itemSums();

  let iterations = 0;
  let solverSteps = () => 0;
  if (likeUsed) {
    const scale = s2 / (like.noiseSd * like.noiseSd);
    for (let r = 0; r < nRaters; r++) w[r] = like.precision[r]! / scale;
    tau2 = like.leniencySd * like.leniencySd * scale;
    nu = like.reliabilityDof;
    if (tau2 > 0) {
      // Warm start: the other field's leniencies, rescaled.
      const f = Math.sqrt(scale);
      for (let r = 0; r < nRaters; r++) b[r] = like.leniency[r]! * f;
      const cg = makeSolver(data, w, b, runStart, byItem);
      cg.solve(1 / tau2, LIKE_STEPS, 1e-6);
      solverSteps = () => cg.steps;
    }
    itemSums();
  } else if (calibrateOn && s2 > 0) {
    const beta = new Float64Array(nRaters);
    const vb = new Float64Array(nRaters);
    const A = new Float64Array(nRaters);
    const B = new Float64Array(nRaters);
    const cg = makeSolver(data, w, b, runStart, byItem);
    solverSteps = () => cg.steps;
    for (let it = 0; it < maxOuter; it++) {
      iterations = it + 1;
      const prevTau2 = tau2;
      const prevW = Float64Array.from(w);
      // τ²: each reviewer against the others on the same submissions.
      A.fill(0);
      B.fill(0);
      for (let run = 0; run < nRuns; run++) {
        const r = rater[runStart[run]!]!;
        const wr = w[r]!;
        const br = b[r]!;
        let ar = A[r]!;
        let bsum = B[r]!;
        for (let p = runStart[run]!, e = runStart[run + 1]!; p < e; p++) {
          const i = item[p]!;
          const Wo = Wi[i]! - wr;
          if (!(Wo > wEqual * 1e-9)) continue;
          const qo = (Si[i]! - wr * (y[p]! - br)) / Wo;
          const u = 1 / (1 / wr + 1 / Wo);
          ar = ar + u;
          bsum = bsum + u * (y[p]! - qo);
        }
        A[r] = ar;
        B[r] = bsum;
      }
      let m = 0;
      for (let r = 0; r < nRaters; r++) {
        if (!(A[r]! > 0)) continue;
        beta[m] = B[r]! / A[r]!;
        vb[m] = 1 / A[r]!;
        m++;
      }
      tau2 = leniencyVariance(beta, vb, m);
      // (q, b) for the current amounts.
      // Inexact (a few warm-started steps) while the amounts still move; exact at the end.
      if (tau2 > 0) cg.solve(1 / tau2, 3);
      else b.fill(0);
      itemSums();
      // Reliability.
      residuals();
      const prior = reliabilityPrior(ss, df, nRaters);
      nu = prior.nu;
      s2 = prior.s2 > 0 ? prior.s2 : s2;
      for (let r = 0; r < nRaters; r++) w[r] = nu === Number.POSITIVE_INFINITY ? 1 / s2 : (nu + df[r]!) / (nu * s2 + ss[r]!);
      itemSums();
      let moved = Math.abs(tau2 - prevTau2) / (tau2 + prevTau2 + 1e-12 * s2 + 1e-300);
      for (let r = 0; r < nRaters; r++) moved = Math.max(moved, Math.abs(w[r]! - prevW[r]!) / w[r]!);
      if (moved < 1e-4) break;
    }
    // b for the final weights.
    if (tau2 > 0) cg.solve(1 / tau2, 500, 1e-8);
    itemSums();
  }

  if (likeUsed) {
    // Quality only: a field fitted like another explains, it does not rank (no variances).
    for (let i = 0; i < nItems; i++) if (cnt[i] !== 0) quality[i] = q(i);
    return { quality, variance, leniency: b, precision: w, leniencySd: Math.sqrt(tau2), noiseSd: Math.sqrt(s2), reliabilityDof: nu, iterations, solverSteps: solverSteps() };
  }
  // Leniency posterior variance (diagonal approximation) and the items' variances.
  const V = new Float64Array(nRaters);
  if (tau2 > 0) {
    const info = new Float64Array(nRaters);
    for (let p = 0; p < N; p++) {
      const r = rater[p]!;
      info[r] = info[r]! + w[r]! * (1 - w[r]! / Wi[item[p]!]!);
    }
    for (let r = 0; r < nRaters; r++) V[r] = 1 / (info[r]! + 1 / tau2);
  }
  // A review's weight leaves out its own residual: the reviewer's reliability as judged on
  // their other reviews, so that moving a score never changes the weight it gets itself.
  const ownWeight = new Float64Array(N);
  const loo = calibrateOn && s2 > 0 && !like && nu !== Number.POSITIVE_INFINITY;
  if (loo) residuals();
  const Wl = new Float64Array(nItems);
  const Sl = new Float64Array(nItems);
  for (let p = 0; p < N; p++) {
    const i = item[p]!;
    const r = rater[p]!;
    let wp = w[r]!;
    if (loo) {
      const e = y[p]! - q(i) - b[r]!;
      wp = (nu + df[r]! - (1 - w[r]! / Wi[i]!)) / (nu * s2 + Math.max(0, ss[r]! - e * e));
    }
    ownWeight[p] = wp;
    Wl[i] = Wl[i]! + wp;
    Sl[i] = Sl[i]! + wp * (y[p]! - b[r]!);
  }
  const extra = new Float64Array(nItems);
  for (let p = 0; p < N; p++) {
    const i = item[p]!;
    const pi = ownWeight[p]! / Wl[i]!;
    extra[i] = extra[i]! + pi * pi * V[rater[p]!]!;
  }
  for (let i = 0; i < nItems; i++) {
    if (cnt[i] === 0) continue;
    quality[i] = Sl[i]! / Wl[i]!;
    variance[i] = s2 > 0 ? 1 / Wl[i]! + extra[i]! : 0;
  }
  return { quality, variance, leniency: b, precision: w, leniencySd: Math.sqrt(tau2), noiseSd: Math.sqrt(s2), reliabilityDof: nu, iterations, solverSteps: solverSteps() };
}

/**
 * Where each run of consecutive reviews by the same reviewer starts, and N at the end (reviews
 * come grouped by reviewer, so a run is usually all of a reviewer's reviews). Per-reviewer sums
 * are kept in a register along a run: the same additions, in the same order, as review by review.
 */
function reviewerRuns(rater: Int32Array): Int32Array {
  const N = rater.length;
  let nRuns = 0;
  for (let p = 0; p < N; p++) if (p === 0 || rater[p] !== rater[p - 1]) nRuns++;
  const runStart = new Int32Array(nRuns + 1);
  for (let p = 0, u = 0; p < N; p++) if (p === 0 || rater[p] !== rater[p - 1]) runStart[u++] = p;
  runStart[nRuns] = N;
  return runStart;
}

/**
 * The reviewer runs and the item-major order of a field's reviews. The fields of one round share
 * their item and rater arrays (only the scores differ): the index part is built once for them.
 */
const layouts = new WeakMap<Int32Array, { rater: Int32Array; nItems: number; items: Int32Array; raters: Int32Array; runStart: Int32Array; order: Int32Array; itemStart: Int32Array; itemRater: Int32Array }>();
function layout(data: FieldData): { runStart: Int32Array; byItem: ItemMajor } {
  const { item, rater, y, nItems } = data;
  const N = y.length;
  let L = layouts.get(item);
  // Reused only for the very same, unchanged index arrays (checked against copies: a pass, not a sort).
  let same = L !== undefined && L.rater === rater && L.nItems === nItems && L.items.length === N && item.length === N && rater.length === N;
  for (let p = 0; same && p < N; p++) same = L!.items[p] === item[p] && L!.raters[p] === rater[p];
  if (!L || !same) {
    const itemStart = new Int32Array(nItems + 1);
    for (let p = 0; p < N; p++) itemStart[item[p]! + 1] = itemStart[item[p]! + 1]! + 1;
    for (let i = 0; i < nItems; i++) itemStart[i + 1] = itemStart[i + 1]! + itemStart[i]!;
    const fill = itemStart.slice(0, nItems);
    const order = new Int32Array(N);
    const itemRater = new Int32Array(N);
    for (let p = 0; p < N; p++) {
      const j = fill[item[p]!]!;
      fill[item[p]!] = j + 1;
      order[j] = p;
      itemRater[j] = rater[p]!;
    }
    L = { rater, nItems, items: item.slice(), raters: rater.slice(), runStart: reviewerRuns(rater), order, itemStart, itemRater };
    layouts.set(item, L);
  }
  const itemY = new Float64Array(N);
  for (let j = 0; j < N; j++) itemY[j] = y[L.order[j]!]!;
  return { runStart: L.runStart, byItem: { itemStart: L.itemStart, itemRater: L.itemRater, itemY } };
}

/**
 * The reviews item by item: item i's reviews are itemStart[i] … itemStart[i+1] − 1 of itemRater
 * (their reviewers) and itemY (their scores), in review order — so a per-item sum taken along
 * them adds the same terms in the same order as a pass over the reviews, with sequential writes.
 */
interface ItemMajor {
  itemStart: Int32Array;
  itemRater: Int32Array;
  itemY: Float64Array;
}

/**
 * Preconditioned conjugate gradients for the reviewers' leniencies with q profiled out:
 * (L + λI) b = c, L the reviewers' weighted Laplacian (reviewers linked through the submissions
 * they share), c_r = Σ w_r (y − ȳ_s), ȳ_s the submission's weighted mean. Warm-started from b.
 */
function makeSolver(data: FieldData, w: Float64Array, b: Float64Array, runStart: Int32Array, byItem: ItemMajor) {
  const { itemStart, itemRater, itemY } = byItem;
  const { item, rater, y, nItems, nRaters } = data;
  const N = y.length;
  const Wi = new Float64Array(nItems);
  const Yi = new Float64Array(nItems);
  const T = new Float64Array(nItems);
  const c = new Float64Array(nRaters);
  const diag = new Float64Array(nRaters);
  const r_ = new Float64Array(nRaters);
  const z = new Float64Array(nRaters);
  const d = new Float64Array(nRaters);
  const Kd = new Float64Array(nRaters);
  const Kx = new Float64Array(nRaters);
  const wx = new Float64Array(nRaters);
  const nRuns = runStart.length - 1;
  /** out = (L + λI) x */
  const apply = (x: Float64Array, out: Float64Array, lambda: number) => {
    // The items' weighted means of x (items without reviews are never read); w·x once per reviewer.
    for (let r = 0; r < nRaters; r++) wx[r] = w[r]! * x[r]!;
    for (let i = 0; i < nItems; i++) {
      let t = 0;
      for (let j = itemStart[i]!, e = itemStart[i + 1]!; j < e; j++) t = t + wx[itemRater[j]!]!;
      T[i] = t / Wi[i]!;
    }
    for (let r = 0; r < nRaters; r++) out[r] = lambda * x[r]!;
    for (let u = 0; u < nRuns; u++) {
      const r = rater[runStart[u]!]!;
      const wr = w[r]!;
      const xr = x[r]!;
      let acc = out[r]!;
      for (let p = runStart[u]!, e = runStart[u + 1]!; p < e; p++) acc = acc + wr * (xr - T[item[p]!]!);
      out[r] = acc;
    }
  };
  const dot = (a: Float64Array, bb: Float64Array) => {
    let s = 0;
    for (let r = 0; r < nRaters; r++) s += a[r]! * bb[r]!;
    return s;
  };
  return {
    steps: 0,
    solve(lambda: number, maxSteps: number, tolerance = 1e-9) {
      for (let i = 0; i < nItems; i++) {
        let wi = 0;
        let yi = 0;
        for (let j = itemStart[i]!, e = itemStart[i + 1]!; j < e; j++) {
          const r = itemRater[j]!;
          wi = wi + w[r]!;
          yi = yi + w[r]! * itemY[j]!;
        }
        Wi[i] = wi;
        Yi[i] = yi / wi; // ȳ_s (items without reviews are never read)
      }
      c.fill(0);
      diag.fill(lambda);
      for (let u = 0; u < nRuns; u++) {
        const r = rater[runStart[u]!]!;
        const wr = w[r]!;
        let cr = c[r]!;
        let dr = diag[r]!;
        for (let p = runStart[u]!, e = runStart[u + 1]!; p < e; p++) {
          const i = item[p]!;
          cr = cr + wr * (y[p]! - Yi[i]!);
          dr = dr + wr * (1 - wr / Wi[i]!);
        }
        c[r] = cr;
        diag[r] = dr;
      }
      const cNorm = Math.sqrt(dot(c, c));
      if (!(cNorm > 0)) {
        b.fill(0);
        return;
      }
      apply(b, Kx, lambda);
      for (let r = 0; r < nRaters; r++) {
        r_[r] = c[r]! - Kx[r]!;
        z[r] = r_[r]! / diag[r]!;
        d[r] = z[r]!;
      }
      let rz = dot(r_, z);
      for (let it = 0; it < maxSteps; it++) {
        if (Math.sqrt(dot(r_, r_)) <= tolerance * cNorm) break;
        this.steps++;
        apply(d, Kd, lambda);
        const alpha = rz / dot(d, Kd);
        for (let r = 0; r < nRaters; r++) {
          b[r] = b[r]! + alpha * d[r]!;
          r_[r] = r_[r]! - alpha * Kd[r]!;
          z[r] = r_[r]! / diag[r]!;
        }
        const rz2 = dot(r_, z);
        const beta = rz2 / rz;
        rz = rz2;
        for (let r = 0; r < nRaters; r++) d[r] = z[r]! + beta * d[r]!;
      }
    },
  };
}
