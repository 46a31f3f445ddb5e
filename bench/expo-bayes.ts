/**
 * The Bayes-optimal top 10 % for the SoME benchmark's noise model, by Gibbs sampling — the bound of
 * bench/expo-some.ts (`expo.some.bayes.*`). Bench-only: about 1–3 s per instance, far above the
 * live view's budget.
 *
 * Model (exactly the benchmark's, src/utilities.py `vote` L161–178 and src/votes.py L14): the true
 * order is uniform over the n! orders (SoME's `random_list` is not uniform over labels, but no
 * estimator here looks at labels, so the posterior over who is where is the same), and each vote
 * agrees with it independently with probability 1 − ε, ε = 0.1 known. So
 *     P(order | votes) ∝ ((1 − ε)/ε)^(−D(order)),   D = the votes the order contradicts.
 * Sampler: give every entry a latent x_i ∈ (0, 1), i.i.d. uniform a priori; the order of the x is
 * then uniform, so sampling x from prior × likelihood samples orders from the posterior. Each x_i is
 * drawn from its exact full conditional: D as a function of x_i is a step function with a break at
 * each opponent's x, so the conditional is piecewise uniform — sort the opponents, weigh each gap
 * by length × ((1 − ε)/ε)^(−D), draw a gap, then a point in it (single-site Gibbs; every draw exact).
 * From the samples, π_i = P(i in the top k | votes) is the share of sweeps with i among the k
 * largest x. The expected number of the true top k that a chosen set S catches is Σ_{i∈S} π_i, so
 * the k largest π are the Bayes-optimal choice — no estimator does better on average — and
 *     risk = 1 − (1/k) Σ_{i ∈ S} π_i
 * is its posterior expected share missed: averaged over instances, the Bayes risk, the least
 * expected `top10_missed` ANY method can have on these votes (up to Monte Carlo error).
 */
import type { PairwiseVote } from '../functions/domain/crowd-bt.ts';

export interface BayesTopK {
  /** P(in the top k | votes), per item (in `items` order). */
  pi: Float64Array;
  /** The k items of largest π, best first. */
  chosen: string[];
  /** 1 − mean π over `chosen`: the posterior expected share of the true top k missed. */
  risk: number;
}

export function bayesTopK(
  items: readonly string[],
  votes: readonly PairwiseVote[],
  opts: { flip: number; share?: number; start: readonly string[]; burn: number; sweeps: number; random: () => number },
): BayesTopK {
  const n = items.length;
  const k = Math.max(1, Math.round(n * (opts.share ?? 0.1)));
  const index = new Map(items.map((id, i) => [id, i]));
  // Per item: the opponents it beat (wins) and lost to (losses), as CSR lists.
  const winCount = new Int32Array(n);
  const lossCount = new Int32Array(n);
  for (const v of votes) {
    winCount[index.get(v.winner)!]! += 1;
    lossCount[index.get(v.loser)!]! += 1;
  }
  const winOff = new Int32Array(n + 1);
  const lossOff = new Int32Array(n + 1);
  for (let i = 0; i < n; i += 1) {
    winOff[i + 1] = winOff[i]! + winCount[i]!;
    lossOff[i + 1] = lossOff[i]! + lossCount[i]!;
  }
  const beat = new Int32Array(votes.length);
  const lostTo = new Int32Array(votes.length);
  const wf = winOff.slice(0, n);
  const lf = lossOff.slice(0, n);
  for (const v of votes) {
    const w = index.get(v.winner)!;
    const l = index.get(v.loser)!;
    beat[wf[w]!++] = l;
    lostTo[lf[l]!++] = w;
  }
  const x = new Float64Array(n);
  opts.start.forEach((id, r) => {
    x[index.get(id)!] = 1 - (r + 0.5) / n;
  });
  const logOdds = Math.log((1 - opts.flip) / opts.flip);
  let maxDeg = 1;
  for (let i = 0; i < n; i += 1) maxDeg = Math.max(maxDeg, winCount[i]!, lossCount[i]!);
  const wx = new Float64Array(maxDeg);
  const lx = new Float64Array(maxDeg);
  const gapLo = new Float64Array(2 * maxDeg + 1);
  const gapHi = new Float64Array(2 * maxDeg + 1);
  const gapD = new Float64Array(2 * maxDeg + 1);
  const gapW = new Float64Array(2 * maxDeg + 1);
  const inTop = new Float64Array(n);
  const byX = new Int32Array(n);
  const random = opts.random;
  for (let sweep = 0; sweep < opts.burn + opts.sweeps; sweep += 1) {
    for (let i = 0; i < n; i += 1) {
      const nw = winCount[i]!;
      const nl = lossCount[i]!;
      if (nw + nl === 0) {
        x[i] = random();
        continue;
      }
      for (let a = 0; a < nw; a += 1) wx[a] = x[beat[winOff[i]! + a]!]!;
      for (let a = 0; a < nl; a += 1) lx[a] = x[lostTo[lossOff[i]! + a]!]!;
      const ws = wx.subarray(0, nw).sort();
      const ls = lx.subarray(0, nl).sort();
      // D(x) = #beaten opponents above x + #winners over i below x; walk the breaks upward from 0.
      let d = nw;
      let lo = 0;
      let gaps = 0;
      let minD = d;
      let a = 0;
      let b = 0;
      while (a < nw || b < nl) {
        const takeWin = b >= nl || (a < nw && ws[a]! <= ls[b]!);
        const at = takeWin ? ws[a++]! : ls[b++]!;
        gapLo[gaps] = lo;
        gapHi[gaps] = at;
        gapD[gaps] = d;
        gaps += 1;
        d += takeWin ? -1 : 1;
        if (d < minD) minD = d;
        lo = at;
      }
      gapLo[gaps] = lo;
      gapHi[gaps] = 1;
      gapD[gaps] = d;
      gaps += 1;
      let total = 0;
      for (let g = 0; g < gaps; g += 1) {
        const weight = (gapHi[g]! - gapLo[g]!) * Math.exp(-logOdds * (gapD[g]! - minD));
        gapW[g] = weight;
        total += weight;
      }
      let u = random() * total;
      let g = 0;
      for (; g < gaps - 1; g += 1) {
        if (u < gapW[g]!) break;
        u -= gapW[g]!;
      }
      x[i] = gapLo[g]! + (gapHi[g]! - gapLo[g]!) * random();
    }
    if (sweep >= opts.burn) {
      for (let i = 0; i < n; i += 1) byX[i] = i;
      byX.sort((p, q) => x[q]! - x[p]!);
      for (let r = 0; r < k; r += 1) inTop[byX[r]!]! += 1;
    }
  }
  const pi = inTop.map((c) => c / opts.sweeps);
  const ranked = items.map((_, i) => i).sort((p, q) => pi[q]! - pi[p]! || x[q]! - x[p]!);
  const chosenIdx = ranked.slice(0, k);
  let caught = 0;
  for (const i of chosenIdx) caught += pi[i]!;
  return { pi, chosen: chosenIdx.map((i) => items[i]!), risk: 1 - caught / k };
}
