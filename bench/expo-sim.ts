/**
 * Simulation pieces for the expo benchmarks (bench/expo-some.ts, and the adaptive-selection bench):
 * a field with a known true order, a noisy judge, and the two figures the issue asks for.
 * Everything is seeded (bench/seeded-random.ts) so each run builds the same instances.
 */
import type { PairwiseVote } from '../functions/domain/crowd-bt.ts';
import { prng } from './seeded-random.ts';

export interface SimField {
  /** Entry ids, in id order ('e000', 'e001', …): the order that a ranking method sees. */
  items: string[];
  /** The true order, best first (a seeded shuffle of `items`, so id order says nothing). */
  truth: string[];
  /** Id → true place (0 = best). */
  place: Map<string, number>;
}

/** `n` entries with a known true order. */
export function simField(n: number, random: () => number): SimField {
  const width = String(Math.max(0, n - 1)).length;
  const items = Array.from({ length: n }, (_, i) => `e${String(i).padStart(Math.max(3, width), '0')}`);
  const truth = [...items];
  for (let i = truth.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [truth[i], truth[j]] = [truth[j]!, truth[i]!];
  }
  return { items, truth, place: new Map(truth.map((id, i) => [id, i])) };
}

/** The judge compares a and b: the truly better one wins, except with probability `flip`. */
export function noisyVote(field: SimField, judge: string, a: string, b: string, flip: number, random: () => number): PairwiseVote {
  const aBetter = field.place.get(a)! < field.place.get(b)!;
  const aWins = random() < flip ? !aBetter : aBetter;
  return aWins ? { judge, winner: a, loser: b } : { judge, winner: b, loser: a };
}

/**
 * The SoME set-up: `count` votes between uniformly random pairs (two different entries), in the
 * order they are cast, each flipped with probability `flip`; vote k is cast by judge k mod `judges`
 * (all judges equally reliable).
 */
export function randomPairVotes(field: SimField, count: number, flip: number, judges: number, random: () => number): PairwiseVote[] {
  const n = field.items.length;
  const votes: PairwiseVote[] = [];
  for (let k = 0; k < count; k += 1) {
    const i = Math.floor(random() * n);
    let j = Math.floor(random() * (n - 1));
    if (j >= i) j += 1;
    votes.push(noisyVote(field, `j${k % judges}`, field.items[i]!, field.items[j]!, flip, random));
  }
  return votes;
}

/** Share of the true top `share` (10 %) not in the estimated top `share` (`estimated`: best first). */
export function topMissed(field: SimField, estimated: readonly string[], share = 0.1): number {
  const k = Math.max(1, Math.round(field.truth.length * share));
  const top = new Set(estimated.slice(0, k));
  let missed = 0;
  for (const id of field.truth.slice(0, k)) if (!top.has(id)) missed += 1;
  return missed / k;
}

/** Kendall's τ between the true order and `estimated` (best first; a permutation of the items). */
export function kendallTau(field: SimField, estimated: readonly string[]): number {
  const places = estimated.map((id) => field.place.get(id)!);
  const n = places.length;
  // Inversions by merge sort: O(n log n).
  let inversions = 0;
  const buffer = new Array<number>(n);
  const sort = (lo: number, hi: number) => {
    if (hi - lo < 2) return;
    const mid = (lo + hi) >> 1;
    sort(lo, mid);
    sort(mid, hi);
    let i = lo;
    let j = mid;
    let k = lo;
    while (i < mid && j < hi) {
      if (places[i]! <= places[j]!) buffer[k++] = places[i++]!;
      else {
        inversions += mid - i;
        buffer[k++] = places[j++]!;
      }
    }
    while (i < mid) buffer[k++] = places[i++]!;
    while (j < hi) buffer[k++] = places[j++]!;
    for (let t = lo; t < hi; t += 1) places[t] = buffer[t]!;
  };
  sort(0, n);
  const pairs = (n * (n - 1)) / 2;
  return pairs === 0 ? 1 : 1 - (2 * inversions) / pairs;
}

/** A seeded generator per (seed, stream), so the field and the votes of one seed never share draws. */
export function simRandom(seed: number, stream: number): () => number {
  return prng(seed * 7919 + stream * 104729 + 1);
}

// ── The SoME benchmark's own pieces (fcrozatier/voting-systems-benchmark at 709c0bd), ported ──────
// Cited by file and line; bench/expo-some.ts says which figure uses which.

/**
 * `random_list` (src/utilities.py L9–28), which SoME uses for the true ranking (src/votes.py L14)
 * and for random cycles: Sattolo-like swaps with k = randint(1, i + 1) ∈ [1, i] while i > 1, so
 * item 0 never moves. Returned as SoME's lists are: increasing order, best LAST.
 */
export function someRandomList(n: number, random: () => number): number[] {
  if (n === 0 || n === 1) return [];
  const items = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 1; i -= 1) {
    const k = 1 + Math.floor(random() * i);
    [items[k], items[i]] = [items[i]!, items[k]!];
  }
  return items;
}

/** SoME's field: the true ranking is `random_list(N)` (src/votes.py L14), best last; here best first. */
export function someField(n: number, random: () => number): SimField {
  const width = String(Math.max(0, n - 1)).length;
  const items = Array.from({ length: n }, (_, i) => `e${String(i).padStart(Math.max(3, width), '0')}`);
  const truth = someRandomList(n, random).reverse().map((i) => items[i]!);
  return { items, truth, place: new Map(truth.map((id, i) => [id, i])) };
}

/**
 * SoME's PageRank ranking (src/pagerank/pagerank.py L7–17 over the graph of src/pairings.py
 * L20–27): a DiGraph with an edge winner → loser weighted by the number of such votes, networkx
 * 3.1's `pagerank` (requirements.txt; `_pagerank_scipy`: α = 0.85, uniform start and teleport,
 * dangling nodes — entries that never won — spread uniformly, stop when Σ|x − x_last| < N·1e-6,
 * at most 100 iterations), entries sorted by PageRank DESCENDING with Python's stable sort, which
 * SoME reads as increasing order (best last): the mass flows to losers, so the best entry is the
 * one with the LEAST PageRank. Returns `field.items` best first.
 */
export function somePageRankOrder(items: readonly string[], votes: readonly PairwiseVote[]): string[] {
  const n = items.length;
  const index = new Map(items.map((id, i) => [id, i]));
  const weight = new Map<number, number>();
  for (const v of votes) {
    const key = index.get(v.winner)! * n + index.get(v.loser)!;
    weight.set(key, (weight.get(key) ?? 0) + 1);
  }
  const from = new Int32Array(weight.size);
  const to = new Int32Array(weight.size);
  const w = new Float64Array(weight.size);
  const out = new Float64Array(n);
  let e = 0;
  for (const [key, count] of weight) {
    from[e] = Math.floor(key / n);
    to[e] = key % n;
    w[e] = count;
    out[from[e]!]! += count;
    e += 1;
  }
  const alpha = 0.85;
  let x = new Float64Array(n).fill(1 / n);
  let next = new Float64Array(n);
  for (let iteration = 0; iteration < 100; iteration += 1) {
    let dangling = 0;
    for (let i = 0; i < n; i += 1) if (out[i] === 0) dangling += x[i]!;
    next.fill(alpha * (dangling / n) + (1 - alpha) / n);
    for (let k = 0; k < e; k += 1) next[to[k]!]! += (alpha * x[from[k]!]! * w[k]!) / out[from[k]!]!;
    let err = 0;
    for (let i = 0; i < n; i += 1) err += Math.abs(next[i]! - x[i]!);
    [x, next] = [next, x];
    if (err < n * 1e-6) break;
  }
  const increasing = items.map((_, i) => i).sort((a, b) => x[b]! - x[a]! || a - b); // reverse=True, stable
  return increasing.reverse().map((i) => items[i]!);
}

/**
 * SoME's "Iterated" pairing (src/pagerank/pagerank.py L69–84, with src/utilities.py `cycle_edges`
 * L41–45): the first 500 votes are the edges of a random cycle (`random_list`), then every
 * further 500 are the edges of the cycle through the CURRENT ranking — neighbours in the ranking,
 * plus the worst–best edge that closes the cycle. `rank` (best first) is recomputed from all the
 * votes so far at the start of each cycle, as SoME does. One vote per pair (rematch = 1), each
 * flipped with probability `flip` (`vote`, src/utilities.py L161–178); vote k is cast by judge k
 * mod `judges` (for the estimators that model judges; SoME has none).
 */
export function neighbourVotes(
  field: SimField,
  count: number,
  flip: number,
  judges: number,
  rank: (votes: readonly PairwiseVote[]) => readonly string[],
  random: () => number,
): PairwiseVote[] {
  const votes: PairwiseVote[] = [];
  let cycle = someRandomList(field.items.length, random).map((i) => field.items[i]!);
  while (votes.length < count) {
    for (let k = 0; k < cycle.length && votes.length < count; k += 1) {
      const a = cycle[k]!;
      const b = cycle[(k + 1) % cycle.length]!;
      votes.push(noisyVote(field, `j${votes.length % judges}`, a, b, flip, random));
    }
    if (votes.length < count) cycle = [...rank(votes)];
  }
  return votes;
}

/**
 * SoME's Crowd-BT run (src/crowd_bt/crowd_bt.py L132–164, judge.py, models.py; notebook
 * crowd_bt.ipynb cell 3: `CrowdBT(500, 15000, CrowdBTPairings, rematch=1, p=0.9)`, 20 runs):
 * N = 500 annotators at Beta(10, 1), items at N(0, 1); each vote a uniformly random annotator;
 * a fresh one starts with two items drawn WITH replacement; its next item is a uniformly random
 * item with probability ε = 0.25, else the item of largest expected information gain against the
 * annotator's PREVIOUS item (ties to a random one: the list is shuffled first); the pair voted on
 * is (old next, new next) — so the gain is computed against the item before the one compared,
 * and an item may meet itself (those votes update it as Python does, the loser's values last).
 * The update and the gain are SoME's literal formulas (crowd_bt.py L26–129 = Gavel's), ported by
 * `someCrowdBt`. Returns the ranking by μ, best first.
 */
export function someCrowdBtRun(field: SimField, count: number, flip: number, random: () => number): string[] {
  const n = field.items.length;
  const mu = new Float64Array(n);
  const sigmaSq = new Float64Array(n).fill(1);
  const annotators = Array.from({ length: n }, () => ({ alpha: 10, beta: 1, prev: -1, next: -1 }));
  const place = field.items.map((id) => field.place.get(id)!);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let k = 0; k < count; k += 1) {
    const a = annotators[Math.floor(random() * n)]!;
    if (a.prev < 0 && a.next < 0) {
      a.prev = Math.floor(random() * n);
      a.next = Math.floor(random() * n);
    }
    for (let i = n - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let chosen = order[0]!;
    if (!(random() < 0.25)) {
      let best = -Infinity;
      const gain = someCrowdBt.eigAgainst(a.alpha, a.beta, mu[a.prev]!, sigmaSq[a.prev]!);
      for (const i of order) {
        const g = gain(mu[i]!, sigmaSq[i]!);
        if (g > best) [best, chosen] = [g, i];
      }
    }
    a.prev = a.next;
    a.next = chosen;
    // vote(pair=(prev, next)): the truly better one wins with probability 1 − flip.
    const prevBetter = place[a.prev]! < place[a.next]!;
    const agree = random() >= flip;
    const nextWins = a.prev === a.next ? agree : agree ? !prevBetter : prevBetter;
    const w = nextWins ? a.next : a.prev;
    const l = nextWins ? a.prev : a.next;
    const [alpha, beta, muW, sW, muL, sL] = someCrowdBt.update(a.alpha, a.beta, mu[w]!, sigmaSq[w]!, mu[l]!, sigmaSq[l]!);
    a.alpha = alpha;
    a.beta = beta;
    mu[w] = muW;
    sigmaSq[w] = sW;
    mu[l] = muL;
    sigmaSq[l] = sL;
  }
  return field.items
    .map((id, i) => [id, mu[i]!] as const)
    .sort((x, y) => y[1] - x[1])
    .map(([id]) => id);
}

/** SoME's crowd_bt.py L26–129 (Gavel's formulas), literally, in double precision. */
export const someCrowdBt = (() => {
  const GAMMA = 0.1;
  const KAPPA = 0.0001;
  const lgamma = (x: number): number => {
    // Lanczos (g = 7, n = 9): ~1e-15 relative for x > 0.5; the recurrence below it.
    if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
    const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
    x -= 1;
    let a = c[0]!;
    const t = x + 7.5;
    for (let i = 1; i < 9; i += 1) a += c[i]! / (x + i);
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  };
  const psi = (x: number): number => {
    let r = 0;
    while (x < 6) {
      r -= 1 / x;
      x += 1;
    }
    const f = 1 / (x * x);
    return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
  };
  const betaln = (a: number, b: number) => lgamma(a) + lgamma(b) - lgamma(a + b);
  const divergenceGaussian = (mu1: number, s1: number, mu2: number, s2: number) => {
    const ratio = s1 / s2;
    return (mu1 - mu2) ** 2 / (2 * s2) + (ratio - 1 - Math.log(ratio)) / 2;
  };
  const divergenceBeta = (a1: number, b1: number, a2: number, b2: number) =>
    betaln(a2, b2) - betaln(a1, b1) + (a1 - a2) * psi(a1) + (b1 - b2) * psi(b1) + (a2 - a1 + b2 - b1) * psi(a1 + b1);
  const updateMus = (alpha: number, beta: number, muW: number, sW: number, muL: number, sL: number): [number, number] => {
    const ew = Math.exp(muW);
    const el = Math.exp(muL);
    const mult = (alpha * ew) / (alpha * ew + beta * el) - ew / (ew + el);
    return [muW + sW * mult, muL - sL * mult];
  };
  const updateSigmaSqs = (alpha: number, beta: number, muW: number, sW: number, muL: number, sL: number): [number, number] => {
    const ew = Math.exp(muW);
    const el = Math.exp(muL);
    const mult = (alpha * ew * beta * el) / (alpha * ew + beta * el) ** 2 - (ew * el) / (ew + el) ** 2;
    return [sW * Math.max(1 + sW * mult, KAPPA), sL * Math.max(1 + sL * mult, KAPPA)];
  };
  const updateAnnotator = (alpha: number, beta: number, muW: number, sW: number, muL: number, sL: number): [number, number, number] => {
    const ew = Math.exp(muW);
    const el = Math.exp(muL);
    const c1 = ew / (ew + el) + (0.5 * (sW + sL) * (ew * el * (el - ew))) / (ew + el) ** 3;
    const c2 = 1 - c1;
    const c = (c1 * alpha + c2 * beta) / (alpha + beta);
    const eta = (c1 * (alpha + 1) * alpha + c2 * alpha * beta) / (c * (alpha + beta + 1) * (alpha + beta));
    const etaSq = (c1 * (alpha + 2) * (alpha + 1) * alpha + c2 * (alpha + 1) * alpha * beta) / (c * (alpha + beta + 2) * (alpha + beta + 1) * (alpha + beta));
    const variance = etaSq - eta ** 2;
    return [((eta - etaSq) * eta) / variance, ((eta - etaSq) * (1 - eta)) / variance, c];
  };
  const update = (alpha: number, beta: number, muW: number, sW: number, muL: number, sL: number): [number, number, number, number, number, number] => {
    const [a, b] = updateAnnotator(alpha, beta, muW, sW, muL, sL);
    const [mw, ml] = updateMus(alpha, beta, muW, sW, muL, sL);
    const [sw, sl] = updateSigmaSqs(alpha, beta, muW, sW, muL, sL);
    return [a, b, mw, sw, ml, sl];
  };
  const eig = (alpha: number, beta: number, muA: number, sA: number, muB: number, sB: number) => {
    const [a1, b1, c] = updateAnnotator(alpha, beta, muA, sA, muB, sB);
    const [muA1, muB1] = updateMus(alpha, beta, muA, sA, muB, sB);
    const [sA1, sB1] = updateSigmaSqs(alpha, beta, muA, sA, muB, sB);
    const [a2, b2] = updateAnnotator(alpha, beta, muB, sB, muA, sA);
    const [muB2, muA2] = updateMus(alpha, beta, muB, sB, muA, sA);
    const [sB2, sA2] = updateSigmaSqs(alpha, beta, muB, sB, muA, sA);
    return (
      c * (divergenceGaussian(muA1, sA1, muA, sA) + divergenceGaussian(muB1, sB1, muB, sB) + GAMMA * divergenceBeta(a1, b1, alpha, beta)) +
      (1 - c) * (divergenceGaussian(muA2, sA2, muA, sA) + divergenceGaussian(muB2, sB2, muB, sB) + GAMMA * divergenceBeta(a2, b2, alpha, beta))
    );
  };
  /** eig(α, β, μ_prev, σ²_prev, ·, ·) as a function of the candidate. */
  const eigAgainst = (alpha: number, beta: number, muA: number, sA: number) => (muB: number, sB: number) => eig(alpha, beta, muA, sA, muB, sB);
  return { update, eig, eigAgainst, lgamma, psi };
})();
