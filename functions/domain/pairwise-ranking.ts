/**
 * Rankings from pairwise votes ("A was better than B") for expo rounds. Pure TypeScript.
 *
 * Methods (the organiser picks one in the round's settings; the rules page states it):
 * - `crowd-bt`: Gavel's Crowd-BT posterior (domain/crowd-bt.ts), the votes replayed in the order
 *   they were cast; strength μ ± σ per submission, reliability Beta(α, β) per judge.
 * - `noisy-sorting` (the default): the model the benchmark's votes — and a hall's — follow: there is
 *   one true order, and each vote agrees with it except with a probability ε_k (the judge's error
 *   rate; Braverman & Mossel's "noisy sorting"). Each submission's place T_i in the order gets a
 *   posterior given its votes and the other submissions' current places (a vote "i beat j" has
 *   likelihood 1 − ε_k if i is placed above j, ε_k if below), on the grid of the m compared
 *   submissions' places 0 … m−1, with a uniform prior; every place is then moved to its posterior
 *   mean, and the error rates re-estimated, until the places settle (at most NOISY_SORT_ITERATIONS
 *   rounds; a mean-field fixed point, started from the Bradley–Terry order below). Each judge's ε_k
 *   is the share of their votes that disagree with the current order, shrunk toward the share over
 *   all votes with the weight of NOISY_SORT_JUDGE_PRIOR votes — so a judge who often disagrees with
 *   the consensus counts less. Unlike Bradley–Terry, a loss to a much weaker project costs no more
 *   than any other upset (it is one of the ε), which is what recovers the top of the order
 *   (bench/expo-some.ts, the SoME benchmark rebuilt from its source: 500 entries, 15,000 random-pair
 *   votes, 10 % flipped, 20 seeds: it misses 0.104 of the true top 10 % against Crowd-BT's 0.197,
 *   Kendall τ 0.939 against 0.879. The Bayes-optimal choice — the 50 largest posterior probabilities
 *   of being in the top 10 %, by Gibbs sampling the exact posterior over orders — misses 0.100, and
 *   its posterior expected miss, the least any estimator can expect on these votes, is 0.103 ± 0.003:
 *   with random pairs the 0.08 is out of reach of every method, and this one is at the bound.
 *   The SoME write-up's 0.08 is iterated PageRank with adaptive pairs, each 500 votes pairing the
 *   neighbours of the current ranking; on that schedule this method misses 0.004.)
 *   Its score is 100 × (1 − E[T_i]/(m − 1)), the expected share of the field placed below, and its
 *   se 100 × sd(T_i)/(m − 1).
 *
 * Also exported for the benchmark (and used as noisy-sorting's start): a regularised Bradley–Terry
 * fit, `bradleyTerryStrengths`: the strengths θ maximise Σ_votes ln σ(θ_winner − θ_loser) − (λ/2) Σ θ²,
 * a weak Gaussian prior (λ = BT_PRIOR_PRECISION) that keeps every strength finite — an entry that won
 * every vote, or a part of the hall compared only within itself, included; fitted by Newton's method
 * (each step a conjugate-gradient solve of the Hessian, a weighted graph Laplacian plus λI; the
 * log-posterior is strictly concave, so it converges to the one maximum). Also `rankCentrality` and
 * `iteratedPageRank` (a PageRank on loser → winner links; SoME's own variant is in the bench),
 * measured side by side and beaten.
 *
 * Score (Crowd-BT and the Bradley–Terry fit). A submission's `score` is 100 × its mean probability
 * of beating the other compared submissions, P(i ≻ j) = σ(θ_i − θ_j) (θ = μ for Crowd-BT): monotone
 * in the strength, 0–100. `se` by the delta method: ∂score_i/∂θ_i = (100/(m−1)) Σ_j p_ij(1 − p_ij),
 * times the standard deviation of θ_i — σ_i for Crowd-BT, 1/√H_ii for Bradley–Terry (H the negative
 * Hessian of the log-posterior at the maximum; the diagonal approximation of the posterior variance).
 * Submissions without a vote get score 50 and se 100/√12 ≈ 28.9 (a score anywhere in 0–100) and
 * rank after every compared submission with the same score. Ties (scores within 1e-9) share a rank.
 *
 * Judges: `agreement` = share of the judge's votes whose winner has the higher score in the result
 * (a vote between two equal scores counts one half); Crowd-BT also reports the judge's α and β.
 */
import { crowdBtPosterior, type PairwiseVote } from './crowd-bt.ts';
import { DEFAULT_PAIRWISE_METHOD, PAIRWISE_METHODS, UNSEEN_SE, type PairwiseMethod } from './pairwise-methods.ts';

// The methods' names (pairwise-methods.ts: what schemas and views need without this code), exported here as before.
export { DEFAULT_PAIRWISE_METHOD, PAIRWISE_METHODS, UNSEEN_SE, type PairwiseMethod };


/** Rounds of noisy-sorting's fixed point, at most (more change the benchmark's figures by less than their noise). */
export const NOISY_SORT_ITERATIONS = 6;
/** A judge's error rate is shrunk toward the overall one with the weight of this many votes. */
export const NOISY_SORT_JUDGE_PRIOR = 20;

/** λ of the Bradley–Terry prior θ ~ N(0, 1/λ): weak — 0.1 is worth a tenth of a vote at θ = 0 per unit of θ². */
export const BT_PRIOR_PRECISION = 0.1;

export interface PairwiseStanding {
  id: string;
  /** 0–100: what the round contributes to the final score (monotone in the method's strength). */
  score: number;
  /** Standard error of `score` on the same 0–100 scale (for the ranking's uncertainty band). */
  se: number;
  rank: number;
  comparisons: number;
  mu?: number;
  sigmaSq?: number;
}

export interface PairwiseJudge {
  judge: string;
  alpha?: number;
  beta?: number;
  agreement: number;
}

export type { PairwiseVote } from './crowd-bt.ts';

/** Votes reduced to indices into `items` (votes naming an unknown item, or one item twice, dropped). */
export interface IndexedVotes {
  n: number;
  winners: Int32Array;
  losers: Int32Array;
  judges: string[];
  comparisons: Int32Array;
}

function indexVotes(items: readonly string[], votes: readonly PairwiseVote[]): IndexedVotes {
  const index = new Map<string, number>();
  items.forEach((id, i) => {
    if (!index.has(id)) index.set(id, i);
  });
  const winners: number[] = [];
  const losers: number[] = [];
  const judges: string[] = [];
  const comparisons = new Int32Array(items.length);
  for (const v of votes) {
    const w = index.get(v.winner);
    const l = index.get(v.loser);
    if (w === undefined || l === undefined || w === l) continue;
    winners.push(w);
    losers.push(l);
    judges.push(v.judge);
    comparisons[w]! += 1;
    comparisons[l]! += 1;
  }
  return { n: items.length, winners: Int32Array.from(winners), losers: Int32Array.from(losers), judges, comparisons };
}

/** Distinct compared pairs (i < j) with the wins each way. */
export interface PairTable {
  a: Int32Array;
  b: Int32Array;
  /** wins of a over b, and of b over a */
  ab: Float64Array;
  ba: Float64Array;
}

function pairTable(v: IndexedVotes): PairTable {
  const key = new Map<number, number>();
  const a: number[] = [];
  const b: number[] = [];
  const ab: number[] = [];
  const ba: number[] = [];
  for (let k = 0; k < v.winners.length; k += 1) {
    const w = v.winners[k]!;
    const l = v.losers[k]!;
    const lo = Math.min(w, l);
    const hi = Math.max(w, l);
    const id = lo * v.n + hi;
    let slot = key.get(id);
    if (slot === undefined) {
      slot = a.length;
      key.set(id, slot);
      a.push(lo);
      b.push(hi);
      ab.push(0);
      ba.push(0);
    }
    if (w === lo) ab[slot]! += 1;
    else ba[slot]! += 1;
  }
  return { a: Int32Array.from(a), b: Int32Array.from(b), ab: Float64Array.from(ab), ba: Float64Array.from(ba) };
}

function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * MAP strengths of the Bradley–Terry model with the prior θ ~ N(0, 1/λ), by Newton–CG. Returns θ
 * and the diagonal of the negative Hessian at θ (for the standard errors).
 */
export function bradleyTerryStrengths(
  n: number,
  pairs: PairTable,
  lambda = BT_PRIOR_PRECISION,
): { theta: Float64Array; hessianDiagonal: Float64Array } {
  const theta = new Float64Array(n);
  const m = pairs.a.length;
  const weight = new Float64Array(m);
  const grad = new Float64Array(n);
  const diag = new Float64Array(n);
  const objective = (t: Float64Array) => {
    let f = 0;
    for (let k = 0; k < m; k += 1) {
      const d = t[pairs.a[k]!]! - t[pairs.b[k]!]!;
      // ln σ(x) = −softplus(−x)
      f -= pairs.ab[k]! * softplus(-d) + pairs.ba[k]! * softplus(d);
    }
    for (let i = 0; i < n; i += 1) f -= 0.5 * lambda * t[i]! * t[i]!;
    return f;
  };
  const prepare = () => {
    grad.fill(0);
    diag.fill(lambda);
    for (let i = 0; i < n; i += 1) grad[i] = -lambda * theta[i]!;
    for (let k = 0; k < m; k += 1) {
      const i = pairs.a[k]!;
      const j = pairs.b[k]!;
      const p = sigmoid(theta[i]! - theta[j]!);
      const total = pairs.ab[k]! + pairs.ba[k]!;
      const g = pairs.ab[k]! - total * p;
      grad[i]! += g;
      grad[j]! -= g;
      const w = total * p * (1 - p);
      weight[k] = w;
      diag[i]! += w;
      diag[j]! += w;
    }
  };
  // (H x)_i = λ x_i + Σ_pairs w (x_i − x_j)
  const multiply = (x: Float64Array, out: Float64Array) => {
    for (let i = 0; i < n; i += 1) out[i] = lambda * x[i]!;
    for (let k = 0; k < m; k += 1) {
      const i = pairs.a[k]!;
      const j = pairs.b[k]!;
      const d = weight[k]! * (x[i]! - x[j]!);
      out[i]! += d;
      out[j]! -= d;
    }
  };
  const step = new Float64Array(n);
  const r = new Float64Array(n);
  const z = new Float64Array(n);
  const p = new Float64Array(n);
  const hp = new Float64Array(n);
  const trial = new Float64Array(n);
  let current = objective(theta);
  for (let iteration = 0; iteration < 50; iteration += 1) {
    prepare();
    let gradNorm = 0;
    for (let i = 0; i < n; i += 1) gradNorm = Math.max(gradNorm, Math.abs(grad[i]!));
    if (gradNorm < 1e-7) break;
    // Solve H step = grad by preconditioned conjugate gradients (Jacobi preconditioner).
    step.fill(0);
    let rz = 0;
    for (let i = 0; i < n; i += 1) {
      r[i] = grad[i]!;
      z[i] = r[i]! / diag[i]!;
      p[i] = z[i]!;
      rz += r[i]! * z[i]!;
    }
    const tolerance = Math.max(1e-24, 1e-8 * rz); // inexact Newton: the next step corrects the rest
    for (let cg = 0; cg < 200 && rz > tolerance; cg += 1) {
      multiply(p, hp);
      let php = 0;
      for (let i = 0; i < n; i += 1) php += p[i]! * hp[i]!;
      if (!(php > 0)) break;
      const a = rz / php;
      let rzNext = 0;
      for (let i = 0; i < n; i += 1) {
        step[i]! += a * p[i]!;
        r[i]! -= a * hp[i]!;
        z[i] = r[i]! / diag[i]!;
        rzNext += r[i]! * z[i]!;
      }
      const b = rzNext / rz;
      rz = rzNext;
      for (let i = 0; i < n; i += 1) p[i] = z[i]! + b * p[i]!;
    }
    // Backtracking: take the full Newton step unless it lowers the log-posterior.
    let t = 1;
    let next = current;
    for (let halvings = 0; halvings < 30; halvings += 1) {
      for (let i = 0; i < n; i += 1) trial[i] = theta[i]! + t * step[i]!;
      next = objective(trial);
      if (next >= current - 1e-12 * Math.abs(current)) break;
      t /= 2;
    }
    let moved = 0;
    for (let i = 0; i < n; i += 1) {
      moved = Math.max(moved, Math.abs(trial[i]! - theta[i]!));
      theta[i] = trial[i]!;
    }
    current = next;
    if (moved < 1e-8) break;
  }
  prepare();
  return { theta, hessianDiagonal: Float64Array.from(diag) };
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * Rank Centrality (Negahban, Oh, Shah 2017): the stationary distribution of the walk that moves
 * from i to j with probability (share of i–j votes that j won) / d_max; a pseudo-vote each way per
 * compared pair keeps it irreducible on each connected part. Returns ln of the stationary mass.
 */
export function rankCentrality(n: number, pairs: PairTable): Float64Array {
  const degree = new Float64Array(n);
  for (let k = 0; k < pairs.a.length; k += 1) {
    degree[pairs.a[k]!]! += 1;
    degree[pairs.b[k]!]! += 1;
  }
  let dMax = 1;
  for (let i = 0; i < n; i += 1) dMax = Math.max(dMax, degree[i]!);
  let pi = new Float64Array(n).fill(1 / Math.max(1, n));
  let next = new Float64Array(n);
  for (let iteration = 0; iteration < 2000; iteration += 1) {
    next.set(pi);
    for (let k = 0; k < pairs.a.length; k += 1) {
      const i = pairs.a[k]!;
      const j = pairs.b[k]!;
      const total = pairs.ab[k]! + pairs.ba[k]! + 2;
      const iToJ = (pairs.ba[k]! + 1) / total / dMax; // j beat i
      const jToI = (pairs.ab[k]! + 1) / total / dMax;
      const flow = pi[i]! * iToJ - pi[j]! * jToI;
      next[i]! -= flow;
      next[j]! += flow;
    }
    let change = 0;
    for (let i = 0; i < n; i += 1) change += Math.abs(next[i]! - pi[i]!);
    [pi, next] = [next, pi];
    if (change < 1e-13) break;
  }
  return pi.map((x) => Math.log(Math.max(x, 1e-300)));
}

/**
 * PageRank on the votes: every vote is a link from the loser to the winner; damping 0.85 (a
 * dangling entry links to everyone). Returns ln of the rank. (Not the SoME write-up's variant,
 * which links winner → loser and ranks the least PageRank best — bench/expo-sim.ts
 * somePageRankOrder; with random pairs it misses 0.6 of the true top 10 %, this one 0.25.)
 */
export function iteratedPageRank(n: number, pairs: PairTable, damping = 0.85): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < pairs.a.length; k += 1) {
    out[pairs.a[k]!]! += pairs.ba[k]!; // a lost to b: a links to b
    out[pairs.b[k]!]! += pairs.ab[k]!;
  }
  let rank = new Float64Array(n).fill(1 / Math.max(1, n));
  let next = new Float64Array(n);
  for (let iteration = 0; iteration < 500; iteration += 1) {
    let dangling = 0;
    for (let i = 0; i < n; i += 1) if (out[i] === 0) dangling += rank[i]!;
    next.fill((1 - damping) / n + (damping * dangling) / n);
    for (let k = 0; k < pairs.a.length; k += 1) {
      const a = pairs.a[k]!;
      const b = pairs.b[k]!;
      if (pairs.ba[k]! > 0) next[b]! += (damping * rank[a]! * pairs.ba[k]!) / out[a]!;
      if (pairs.ab[k]! > 0) next[a]! += (damping * rank[b]! * pairs.ab[k]!) / out[b]!;
    }
    let change = 0;
    for (let i = 0; i < n; i += 1) change += Math.abs(next[i]! - rank[i]!);
    [rank, next] = [next, rank];
    if (change < 1e-13) break;
  }
  return rank.map((x) => Math.log(Math.max(x, 1e-300)));
}

/**
 * Noisy sorting (see the header): each compared submission's posterior mean place and its sd,
 * places 0 (best) … m − 1 over the m compared submissions; NaN for those without a vote.
 */
export function noisySorting(v: IndexedVotes, start: Float64Array, maxIterations = NOISY_SORT_ITERATIONS): { place: Float64Array; sd: Float64Array; m: number; iterations: number } {
  const n = v.n;
  const seen: number[] = [];
  const slot = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i += 1) if (v.comparisons[i]! > 0) slot[i] = seen.push(i) - 1;
  const m = seen.length;
  const place = new Float64Array(m);
  const sd = new Float64Array(m);
  const outPlace = new Float64Array(n).fill(Number.NaN);
  const outSd = new Float64Array(n).fill(Number.NaN);
  if (m === 0) return { place: outPlace, sd: outSd, m, iterations: 0 };
  // Start from the order of `start` (higher first); equal strengths share their mean place, so that
  // symmetric evidence stays symmetric.
  const byStart = [...seen.keys()].sort((a, b) => start[seen[b]!]! - start[seen[a]!]! || a - b);
  for (let lo = 0; lo < m; ) {
    let hi = lo + 1;
    const top = start[seen[byStart[lo]!]!]!;
    while (hi < m && Math.abs(start[seen[byStart[hi]!]!]! - top) <= 1e-9 * Math.max(1, Math.abs(top))) hi += 1;
    for (let k = lo; k < hi; k += 1) place[byStart[k]!] = (lo + hi - 1) / 2;
    lo = hi;
  }
  // Votes by compared submission: opponent slot, won?, judge.
  const judgeIndex = new Map<string, number>();
  const voteJudge = new Int32Array(v.winners.length);
  const offsets = new Int32Array(m + 1);
  for (let k = 0; k < v.winners.length; k += 1) {
    offsets[slot[v.winners[k]!]! + 1]! += 1;
    offsets[slot[v.losers[k]!]! + 1]! += 1;
    const judge = v.judges[k]!;
    let j = judgeIndex.get(judge);
    if (j === undefined) {
      j = judgeIndex.size;
      judgeIndex.set(judge, j);
    }
    voteJudge[k] = j;
  }
  for (let i = 0; i < m; i += 1) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, m);
  const opponent = new Int32Array(2 * v.winners.length);
  const won = new Uint8Array(2 * v.winners.length);
  const byJudge = new Int32Array(2 * v.winners.length);
  for (let k = 0; k < v.winners.length; k += 1) {
    const w = slot[v.winners[k]!]!;
    const l = slot[v.losers[k]!]!;
    let at = fill[w]!++;
    opponent[at] = l;
    won[at] = 1;
    byJudge[at] = voteJudge[k]!;
    at = fill[l]!++;
    opponent[at] = w;
    won[at] = 0;
    byJudge[at] = voteJudge[k]!;
  }
  const judges = judgeIndex.size;
  const disagreements = new Float64Array(judges);
  const cast = new Float64Array(judges);
  const logAgree = new Float64Array(judges);
  const logDisagree = new Float64Array(judges);
  const diff = new Float64Array(m + 1);
  const ll = new Float64Array(m);
  const next = new Float64Array(m);
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations += 1;
    disagreements.fill(0);
    cast.fill(0);
    let total = 0;
    for (let k = 0; k < v.winners.length; k += 1) {
      const d = place[slot[v.winners[k]!]!]! - place[slot[v.losers[k]!]!]!;
      const miss = d > 0 ? 1 : d === 0 ? 0.5 : 0;
      disagreements[voteJudge[k]!]! += miss;
      cast[voteJudge[k]!]! += 1;
      total += miss;
    }
    const overall = clamp(total / Math.max(1, v.winners.length), 0.005, 0.45);
    for (let j = 0; j < judges; j += 1) {
      const e = clamp((disagreements[j]! + NOISY_SORT_JUDGE_PRIOR * overall) / (cast[j]! + NOISY_SORT_JUDGE_PRIOR), 0.005, 0.45);
      logAgree[j] = Math.log1p(-e);
      logDisagree[j] = Math.log(e);
    }
    let moved = 0;
    for (let i = 0; i < m; i += 1) {
      // ll(t), t = 0 … m − 1: a vote against j at place q agrees with "i at t" iff (won and t < q) or (lost and t ≥ q).
      diff.fill(0);
      let base = 0;
      for (let at = offsets[i]!; at < offsets[i + 1]!; at += 1) {
        const cut = Math.min(m, Math.max(0, Math.ceil(place[opponent[at]!]!)));
        const agree = logAgree[byJudge[at]!]!;
        const disagree = logDisagree[byJudge[at]!]!;
        if (won[at]) {
          base += disagree;
          diff[0]! += agree - disagree;
          diff[cut]! -= agree - disagree;
        } else {
          base += agree;
          diff[0]! += disagree - agree;
          diff[cut]! -= disagree - agree;
        }
      }
      let run = 0;
      let max = -Infinity;
      for (let t = 0; t < m; t += 1) {
        run += diff[t]!;
        ll[t] = base + run;
        if (ll[t]! > max) max = ll[t]!;
      }
      let z = 0;
      let mean = 0;
      let square = 0;
      for (let t = 0; t < m; t += 1) {
        const p = Math.exp(ll[t]! - max);
        z += p;
        mean += p * t;
        square += p * t * t;
      }
      mean /= z;
      next[i] = mean;
      sd[i] = Math.sqrt(Math.max(0, square / z - mean * mean));
      moved = Math.max(moved, Math.abs(mean - place[i]!));
    }
    place.set(next);
    if (moved < 0.01) break;
  }
  seen.forEach((i, k) => {
    outPlace[i] = place[k]!;
    outSd[i] = sd[k]!;
  });
  return { place: outPlace, sd: outSd, m, iterations };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

export type StrengthMethod = PairwiseMethod | 'bradley-terry' | 'rank-centrality' | 'pagerank' | 'win-rate';

/**
 * The fitted strengths of a method over `items` (higher = better; for the benchmark and
 * `rankPairwise`), with `sd` the strength's standard deviation where the method has one, and
 * `scores` when the method defines its 0–100 score directly (noisy-sorting).
 */
export function pairwiseStrengths(
  method: StrengthMethod,
  items: readonly string[],
  votes: readonly PairwiseVote[],
): {
  theta: Float64Array;
  sd: Float64Array;
  indexed: IndexedVotes;
  judges?: Map<string, { alpha: number; beta: number }>;
  scores?: { score: Float64Array; se: Float64Array };
} {
  const indexed = indexVotes(items, votes);
  const n = items.length;
  if (method === 'crowd-bt') {
    const posterior = crowdBtPosterior(items, votes);
    const theta = new Float64Array(n);
    const sd = new Float64Array(n);
    items.forEach((id, i) => {
      const p = posterior.items.get(id)!;
      theta[i] = p.mu;
      sd[i] = Math.sqrt(p.sigmaSq);
    });
    return { theta, sd, indexed, judges: posterior.judges };
  }
  const pairs = pairTable(indexed);
  if (method === 'bradley-terry' || method === 'noisy-sorting') {
    const fit = bradleyTerryStrengths(n, pairs);
    const btSd = fit.hessianDiagonal.map((h) => 1 / Math.sqrt(h));
    if (method === 'bradley-terry') return { theta: fit.theta, sd: btSd, indexed };
    const sorted = noisySorting(indexed, fit.theta);
    const spread = Math.max(1, sorted.m - 1);
    const score = new Float64Array(n).fill(50);
    const se = new Float64Array(n).fill(UNSEEN_SE);
    for (let i = 0; i < n; i += 1) {
      if (!(indexed.comparisons[i]! > 0)) continue;
      score[i] = clamp(100 * (1 - sorted.place[i]! / spread), 0, 100);
      se[i] = Math.min(UNSEEN_SE, (100 * sorted.sd[i]!) / spread);
    }
    return { theta: score, sd: sorted.sd, indexed, scores: { score, se } };
  }
  const sd = new Float64Array(n).fill(Number.NaN);
  if (method === 'rank-centrality') return { theta: rankCentrality(n, pairs), sd, indexed };
  if (method === 'pagerank') return { theta: iteratedPageRank(n, pairs), sd, indexed };
  const wins = new Float64Array(n);
  for (const w of indexed.winners) wins[w]! += 1;
  return { theta: wins.map((w, i) => (indexed.comparisons[i]! > 0 ? (w + 1) / (indexed.comparisons[i]! + 2) : 0.5)), sd, indexed };
}

export function rankPairwise(
  method: PairwiseMethod,
  items: readonly string[],
  votes: readonly PairwiseVote[],
): { standings: PairwiseStanding[]; judges: PairwiseJudge[] } {
  const { theta, sd, indexed, judges: reliabilities, scores } = pairwiseStrengths(method, items, votes);
  const n = items.length;
  const seen: number[] = [];
  for (let i = 0; i < n; i += 1) if (indexed.comparisons[i]! > 0) seen.push(i);
  const m = seen.length;
  const score = scores?.score ?? new Float64Array(n).fill(50);
  const se = scores?.se ?? new Float64Array(n).fill(UNSEEN_SE);
  for (const i of scores ? [] : seen) {
    if (m === 1) {
      score[i] = 50;
      se[i] = UNSEEN_SE;
      continue;
    }
    let sum = 0;
    let slope = 0;
    for (const j of seen) {
      if (j === i) continue;
      const p = sigmoid(theta[i]! - theta[j]!);
      sum += p;
      slope += p * (1 - p);
    }
    score[i] = Math.min(100, Math.max(0, (100 * sum) / (m - 1)));
    const s = (100 * slope * sd[i]!) / (m - 1);
    se[i] = Number.isFinite(s) ? Math.min(UNSEEN_SE, s) : UNSEEN_SE;
  }
  const order = items.map((_, i) => i);
  const isSeen = (i: number) => indexed.comparisons[i]! > 0;
  order.sort((a, b) => {
    const d = score[b]! - score[a]!;
    if (Math.abs(d) > 1e-9) return d;
    if (isSeen(a) !== isSeen(b)) return isSeen(a) ? -1 : 1;
    return items[a]! < items[b]! ? -1 : items[a]! > items[b]! ? 1 : 0;
  });
  const rank = new Int32Array(n);
  order.forEach((i, k) => {
    const prev = k > 0 ? order[k - 1]! : -1;
    rank[i] = prev >= 0 && Math.abs(score[prev]! - score[i]!) <= 1e-9 && isSeen(prev) === isSeen(i) ? rank[prev]! : k + 1;
  });
  const standings: PairwiseStanding[] = order.map((i) => {
    const standing: PairwiseStanding = { id: items[i]!, score: score[i]!, se: se[i]!, rank: rank[i]!, comparisons: indexed.comparisons[i]! };
    if (method === 'crowd-bt') {
      standing.mu = theta[i]!;
      standing.sigmaSq = sd[i]! * sd[i]!;
    }
    return standing;
  });

  const agreement = new Map<string, { agree: number; votes: number }>();
  for (let k = 0; k < indexed.winners.length; k += 1) {
    const judge = indexed.judges[k]!;
    let a = agreement.get(judge);
    if (!a) {
      a = { agree: 0, votes: 0 };
      agreement.set(judge, a);
    }
    const d = score[indexed.winners[k]!]! - score[indexed.losers[k]!]!;
    a.agree += Math.abs(d) <= 1e-9 ? 0.5 : d > 0 ? 1 : 0;
    a.votes += 1;
  }
  const judges: PairwiseJudge[] = [...agreement.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([judge, a]) => {
      const r = reliabilities?.get(judge);
      return r ? { judge, alpha: r.alpha, beta: r.beta, agreement: a.agree / a.votes } : { judge, agreement: a.agree / a.votes };
    });
  return { standings, judges };
}
