/**
 * Randomised reviewer assignment with a per-pair probability cap q (Jecmen, Zhang, Liu, Shah,
 * Conitzer and Fang, "Mitigating manipulation in peer review via randomized reviewer assignments",
 * NeurIPS 2020). Pure TypeScript, exact, seeded. The deterministic solver is domain/assignment.ts;
 * this module takes the same input and answers the same result shape, plus what the randomisation did.
 *
 * ## Why
 * In a peer round the reviewers are the entrants' competitors. With a deterministic assignment an
 * entrant can predict (and, by choosing tags or declaring conflicts, steer) whom they review and
 * who reviews them. Here no pair (submission, reviewer) is assigned with probability above q, so
 * nobody can predict or target a pair: each pair is chosen with probability at most q.
 *
 * ## Step 1 — the fractional optimum under the cap (exact)
 * Variables x_sr ∈ [0, q] for every eligible pair (not a conflict, not already forced), x = 1 for
 * the forced pairs (pinned ∪ fixed: they are kept as they are and count toward k and the loads).
 * Constraints: Σ_r x_sr ≤ k − forced_s; Σ_s x_sr ≤ maxLoad − forced_r; Σ_s x_sr ≥ minLoad − forced_r
 * where possible. Objective, LEXICOGRAPHIC: (1) the most reviews Σ x, (2) the most of the reviewers'
 * minimum loads met, (3) the most affinity Σ affinity·x. With q = a/b (b ≤ 100; q = 0.5 is 1/2), every
 * quantity times b is an integer flow: source → s (capacity (k − forced_s)·b) → r (capacity a,
 * cost Amax − affinity) → sink (capacity min-part·b at cost 0, the rest·b at cost M, M larger than
 * any affinity difference). A min-cost maximum flow is (1)+(2)+(3); the flow LP is integral, so the
 * integer flow divided by b IS the fractional optimum. Solved by primal–dual successive shortest
 * paths: Dijkstra on reduced costs with potentials, then a blocking flow (Dinic) along all
 * zero-reduced-cost paths, until the sink is unreachable.
 * Dense (every eligible pair is an arc) while S·R ≤ DENSE_LIMIT; above it each submission starts
 * from a candidate set (its best-affinity reviewers and hashed zero-affinity ones, enough for the
 * cap), and the final potentials price every missing pair: violating pairs are added and the flow
 * solved again until none is left, which proves the candidate optimum is the full one (exact).
 *
 * ## Step 2 — exact sampling (bipartite dependent rounding, Gandhi, Khuller, Parthasarathy and
 * Srinivasan, J. ACM 2006, as Jecmen et al. use it)
 * While some pair is fractional: find, among the fractional pairs, a cycle or a maximal path (the
 * graph is bipartite, so a cycle is even), split it alternately into M1 and M2, and move by +α on
 * M1 / −α on M2 with probability β/(α+β), else by −β on M1 / +β on M2, with α, β the largest steps
 * keeping every value in [0, 1]. Each step makes at least one pair integral and keeps every
 * E[x_sr] unchanged, and every vertex's degree within ⌊·⌋ and ⌈·⌉ of its fractional degree. So:
 *   – P(s, r assigned) = x_sr ≤ q exactly (exact rational arithmetic: every value is an integer
 *     count of 1/b, every coin is an exact integer draw);
 *   – a submission whose fractional degree is an integer (always, unless the pool is short) gets
 *     exactly that many reviews; a reviewer gets ⌊load⌋ or ⌈load⌉ of their fractional load, so
 *     maxLoad and minLoad (integers) hold in every sample.
 *
 * ## Determinism
 * Ids are sorted (UTF-16 code units) and everything is built and walked in that order; the only
 * randomness is the PRNG seeded by `seed`. The same input (in any order) and the same seed always
 * give the same assignment. `seedFor(roundId, run)` derives a round's seed from its id and its run
 * count, so an organiser can reproduce any run from the recorded seed.
 */
import { ValidationFailed, RuleViolation } from './errors.ts';
import { canonicalAssignment, objectiveWeights, residualReach, type AssignmentInput, type AssignmentObjective, type AssignmentResult, type MinimumShortfall, type ShortfallCause } from './assignment.ts';

/** The deterministic solver's input: k or per-submission demands, min/max loads, objective order. */
export type RandomisedInput = AssignmentInput;

export interface RandomisedOptions {
  /** Most probability of any one (submission, reviewer) pair, in (0, 1]; a fraction a/b with b ≤ 100. */
  q: number;
  /** Seed of the sampling (an unsigned 32-bit integer; see seedFor). */
  seed: number;
  /** Also solve the deterministic optimum (q = 1) to report the affinity ratio (default true). */
  compare?: boolean;
  /** Start from candidate arcs (priced until exact) even on a small instance (tests). */
  sparse?: boolean;
  /** Candidate arcs per submission to start from (tests; implies sparse). */
  candidates?: number;
}

export interface RandomisedStats {
  /** q as used, and as the fraction a/b the flow is scaled by. */
  q: number;
  qFraction: { a: number; b: number };
  seed: number;
  /** Largest P(s, r) over the pairs the solver chose (pinned and kept pairs excluded): ≤ q. */
  maxProbability: number;
  /** Pairs with 0 < P < 1 in the fractional optimum. */
  fractionalPairs: number;
  /** Expected number of reviews and expected total affinity of a sample (forced pairs included). */
  expectedReviews: number;
  expectedAffinity: number;
  /** The deterministic optimum's affinity (the same tiers with q = 1), when compared. */
  deterministicAffinity?: number;
  /** expectedAffinity / deterministicAffinity (1 when both are 0). */
  affinityRatio?: number;
  /**
   * The fractional optimum is exact: always true — with candidate arcs it is certified by pricing
   * against every eligible pair (an LP dual for the full network), see fractionalOptimum.
   */
  exact: boolean;
  phases: number;
  roundingSteps: number;
}

export type RandomisedResult = AssignmentResult & { minimumShortfalls: MinimumShortfall[]; randomised: RandomisedStats };

/** Above this many pairs the network starts from candidate arcs per submission (then priced to exactness). */
export const DENSE_LIMIT = 1_000_000;

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** q as a/b with b ≤ 100 (exactly, up to 1e-9), or a validation error. */
export function qFraction(q: number): { a: number; b: number } {
  if (!(typeof q === 'number' && q > 0 && q <= 1)) throw new ValidationFailed('q must be a probability in (0, 1].', { q: 'not in (0, 1]' });
  for (let b = 1; b <= 100; b++) {
    const a = Math.round(q * b);
    if (a >= 1 && Math.abs(a / b - q) < 1e-9) return { a, b };
  }
  throw new ValidationFailed('q must be a fraction with a denominator of at most 100, e.g. 0.5 or 0.25.', { q: 'not a fraction a/b with b ≤ 100' });
}

/** FNV-1a of a string, as an unsigned 32-bit integer. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The seed of a round's n-th randomised run: the same round and run always give the same seed. */
export function seedFor(roundId: string, run: number): number {
  return fnv1a(`${roundId}\u0000${run}`);
}

/** mulberry32 (the same generator as bench/seeded-random.ts), as unsigned 32-bit integers. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Exactly uniform integer in [0, n), n ≤ 2^32 (rejection sampling). */
function below(next: () => number, n: number): number {
  const limit = 4294967296 - (4294967296 % n);
  for (;;) {
    const x = next();
    if (x < limit) return x % n;
  }
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}

// ───────────────────────────── canonical problem ─────────────────────────────

interface Problem {
  subs: string[];
  revs: string[];
  S: number;
  R: number;
  /** Reviews wanted per submission, min and max load per reviewer. */
  kS: Int32Array;
  minR: Int32Array;
  maxR: Int32Array;
  order: AssignmentObjective;
  /** Per submission: sorted reviewer indices and their affinity (conflicts removed, values > 0). */
  affStart: Int32Array;
  affItems: Int32Array;
  affValues: Int32Array;
  /** Per submission: conflict reviewer indices (sorted). */
  confStart: Int32Array;
  confItems: Int32Array;
  /** Per submission: forced reviewer indices (sorted). */
  forcedStart: Int32Array;
  forcedItems: Int32Array;
  forcedLoad: Int32Array;
  amax: number;
}

/** The solver's canonical form of the input (assignment.ts canonicalAssignment: the same checks and errors), as this module reads it. */
function canonical(input: RandomisedInput): Problem {
  const p = canonicalAssignment(input);
  // The scaled flow multiplies affinities by up to 100 × the network's size: keep them small.
  if (p.amax > 1_000_000) throw new ValidationFailed(`Affinity must be a non-negative integer up to 1,000,000 (got ${p.amax}).`, { affinity: 'not a non-negative integer' });
  return {
    subs: p.subs, revs: p.revs, S: p.S, R: p.R, kS: p.kS, minR: p.minR, maxR: p.maxR, order: p.order,
    affStart: p.aff.start, affItems: p.aff.items, affValues: Int32Array.from(p.aff.values),
    confStart: p.conf.start, confItems: p.conf.items,
    forcedStart: p.forced.start, forcedItems: p.forced.items, forcedLoad: p.forcedLoadR,
    amax: p.amax,
  };
}

// ───────────────────────────── min-cost max-flow (primal–dual) ─────────────────────────────

/** Residual network in CSR form; arcs are added as (tail, head, cap, cost), in order. */
class Flow {
  readonly V: number;
  readonly start: Int32Array;
  readonly to: Int32Array;
  readonly cap: Float64Array;
  readonly cost: Float64Array;
  readonly rev: Int32Array;
  /** Forward half of the i-th arc given. */
  readonly fwd: Int32Array;
  phases = 0;
  blocking = 0;
  /** After solve: the final potentials (an LP dual certificate, see pricing). */
  pot: Float64Array = new Float64Array(0);

  constructor(V: number, m: number, tails: Int32Array, heads: Int32Array, caps: Float64Array, costs: Float64Array) {
    this.V = V;
    const start = new Int32Array(V + 1);
    for (let i = 0; i < m; i++) {
      start[tails[i]! + 1]!++;
      start[heads[i]! + 1]!++;
    }
    for (let v = 0; v < V; v++) start[v + 1]! += start[v]!;
    const pos = start.slice(0, V);
    this.to = new Int32Array(2 * m);
    this.cap = new Float64Array(2 * m);
    this.cost = new Float64Array(2 * m);
    this.rev = new Int32Array(2 * m);
    this.fwd = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      const pf = pos[tails[i]!]!++;
      const pb = pos[heads[i]!]!++;
      this.to[pf] = heads[i]!;
      this.to[pb] = tails[i]!;
      this.cap[pf] = caps[i]!;
      this.cost[pf] = costs[i]!;
      this.cost[pb] = -costs[i]!;
      this.rev[pf] = pb;
      this.rev[pb] = pf;
      this.fwd[i] = pf;
    }
    this.start = start;
  }

  /** Min-cost maximum flow from src to sink (all costs ≥ 0 at the start). */
  solve(src: number, sink: number): void {
    const { V, start, to, cap, cost, rev } = this;
    const pot = new Float64Array(V);
    const dist = new Float64Array(V);
    const done = new Uint8Array(V);
    const heapNode = new Int32Array(V);
    const heapPos = new Int32Array(V).fill(-1);
    const level = new Int32Array(V);
    const queue = new Int32Array(V);
    const it = new Int32Array(V + 1);
    const adm = new Int32Array(to.length);
    const admStart = new Int32Array(V + 1);
    const pathArc = new Int32Array(V + 1);
    let heapSize = 0;
    const up = (i: number) => {
      const v = heapNode[i]!;
      const d = dist[v]!;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        const u = heapNode[parent]!;
        if (dist[u]! < d || (dist[u] === d && u < v)) break;
        heapNode[i] = u;
        heapPos[u] = i;
        i = parent;
      }
      heapNode[i] = v;
      heapPos[v] = i;
    };
    const down = (i: number) => {
      const v = heapNode[i]!;
      const d = dist[v]!;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= heapSize) break;
        const c2 = c + 1;
        if (c2 < heapSize && (dist[heapNode[c2]!]! < dist[heapNode[c]!]! || (dist[heapNode[c2]!] === dist[heapNode[c]!] && heapNode[c2]! < heapNode[c]!))) c = c2;
        const u = heapNode[c]!;
        if (d < dist[u]! || (d === dist[u] && v < u)) break;
        heapNode[i] = u;
        heapPos[u] = i;
        i = c;
      }
      heapNode[i] = v;
      heapPos[v] = i;
    };
    for (;;) {
      // Dijkstra on reduced costs, stopped when the sink is settled.
      dist.fill(Infinity);
      done.fill(0);
      heapPos.fill(-1);
      heapSize = 0;
      dist[src] = 0;
      heapNode[0] = src;
      heapPos[src] = 0;
      heapSize = 1;
      while (heapSize > 0) {
        const u: number = heapNode[0]!;
        heapPos[u] = -1;
        heapSize--;
        if (heapSize > 0) {
          heapNode[0] = heapNode[heapSize]!;
          heapPos[heapNode[0]!] = 0;
          down(0);
        }
        done[u] = 1;
        if (u === sink) break;
        const du = dist[u]! + pot[u]!;
        for (let p: number = start[u]!, e = start[u + 1]!; p < e; p++) {
          if (cap[p]! <= 0) continue;
          const v = to[p]!;
          if (done[v]) continue;
          const nd = du + cost[p]! - pot[v]!;
          if (nd < dist[v]!) {
            dist[v] = nd;
            if (heapPos[v]! < 0) {
              heapNode[heapSize] = v;
              heapPos[v] = heapSize;
              heapSize++;
            }
            up(heapPos[v]!);
          }
        }
      }
      if (!done[sink]) {
        this.pot = pot; // valid for the final residual network: every residual arc has reduced cost ≥ 0
        return;
      }
      const dt = dist[sink]!;
      for (let v = 0; v < V; v++) pot[v]! += done[v] ? dist[v]! : dt;
      this.phases++;
      // Blocking flows along zero-reduced-cost arcs until none reaches the sink; those arcs (both
      // halves have reduced cost 0) are listed once per phase, the rounds walk only them.
      let na = 0;
      for (let u = 0; u < V; u++) {
        admStart[u] = na;
        const pu = pot[u]!;
        for (let p = start[u]!, e = start[u + 1]!; p < e; p++) if (cost[p]! + pu - pot[to[p]!]! === 0) adm[na++] = p;
      }
      admStart[V] = na;
      for (;;) {
        level.fill(-1);
        let qh = 0;
        let qt = 0;
        level[src] = 0;
        queue[qt++] = src;
        while (qh < qt) {
          const u = queue[qh++]!;
          if (level[sink]! >= 0 && level[u]! >= level[sink]!) break;
          for (let i = admStart[u]!, e = admStart[u + 1]!; i < e; i++) {
            const p = adm[i]!;
            const v = to[p]!;
            if (cap[p]! > 0 && level[v]! < 0) {
              level[v] = level[u]! + 1;
              queue[qt++] = v;
            }
          }
        }
        if (level[sink]! < 0) break;
        this.blocking++;
        for (let v = 0; v <= V; v++) it[v] = admStart[v]!;
        // Iterative DFS: pathArc[d] is the arc taken at depth d.
        let depth = 0;
        let u = src;
        for (;;) {
          if (u === sink) {
            let f = Infinity;
            for (let d = 0; d < depth; d++) f = Math.min(f, cap[pathArc[d]!]!);
            for (let d = 0; d < depth; d++) {
              const p = pathArc[d]!;
              cap[p]! -= f;
              cap[rev[p]!]! += f;
            }
            depth = 0;
            u = src;
            continue;
          }
          let advanced = false;
          for (let e = admStart[u + 1]!; it[u]! < e; it[u]!++) {
            const p = adm[it[u]!]!;
            const v = to[p]!;
            if (cap[p]! > 0 && level[v] === level[u]! + 1) {
              pathArc[depth++] = p;
              u = v;
              advanced = true;
              break;
            }
          }
          if (advanced) continue;
          if (u === src) break;
          level[u] = -1; // dead end
          depth--;
          u = to[rev[pathArc[depth]!]!]!;
          it[u]!++;
        }
      }
    }
  }
}

interface Fractional {
  /** Per candidate arc: submission, reviewer, affinity, flow (in units of 1/b). */
  arcS: Int32Array;
  arcR: Int32Array;
  arcA: Int32Array;
  flow: Float64Array;
  phases: number;
  /** Solves on candidate arcs (1 when dense), and arcs added by pricing. */
  rounds: number;
  pricedArcs: number;
}

/**
 * The fractional optimum under the cap a/b, as integer flows in units of 1/b.
 *
 * Dense (S·R ≤ DENSE_LIMIT, or not `sparse`): every eligible pair is an arc. Otherwise each
 * submission starts from candidate arcs (its best-affinity reviewers, then hashed zero-affinity
 * ones), and the answer is certified or improved by pricing, so it is exact either way: with the
 * final potentials π (reduced costs ≥ 0 on every residual arc) and A the nodes reachable from the
 * source, π' = π + Δ·[v ∉ A] (Δ large) is a dual of the min-cost circulation with a return arc
 * sink → source of cost −Δ' (the "most reviews first" tier). A missing arc s → r keeps π' valid
 * unless s ∈ A and r ∉ A (it could open an augmenting path) or both are on the same side and
 * cost(s, r) + π(s) − π(r) < 0. Such arcs are added (most negative first, a batch per submission)
 * and the problem solved again; when none is left, π' is dual-feasible for the FULL network, so
 * the candidate optimum is the full optimum.
 */
function fractionalOptimum(P: Problem, a: number, b: number, tuning: Pick<RandomisedOptions, 'sparse' | 'candidates'>): Fractional {
  const { S, R, amax } = P;
  const dense = !tuning.sparse && tuning.candidates === undefined && S * R <= DENSE_LIMIT;
  const demand = new Int32Array(S);
  let kMax = 0;
  for (let s = 0; s < S; s++) {
    demand[s] = Math.max(0, P.kS[s]! - (P.forcedStart[s + 1]! - P.forcedStart[s]!));
    kMax = Math.max(kMax, P.kS[s]!);
  }
  const slots = new Int32Array(R);
  const minPart = new Int32Array(R);
  let lMax = 0;
  for (let r = 0; r < R; r++) {
    slots[r] = Math.max(0, P.maxR[r]! - P.forcedLoad[r]!);
    minPart[r] = Math.min(slots[r]!, Math.max(0, P.minR[r]! - P.forcedLoad[r]!));
    lMax = Math.max(lMax, P.forcedLoad[r]! + slots[r]!);
  }
  let totalDemand = 0;
  for (let s = 0; s < S; s++) totalDemand += demand[s]!;
  // Tiers after "most reviews" (the maximum flow), as integer weights, each larger than the whole
  // range of the tiers below it (all totals are over at most b·Σ demand units of flow):
  //   minimums: the units a reviewer takes beyond its minimum cost M;
  //   balance:  the j-th review of a reviewer costs j per unit (convex: as even as it can);
  //   affinity: a unit on (s, r) costs Amax − affinity(s, r).
  const units = b * totalDemand;
  const balanceFirst = P.order === 'balance-first';
  const wAff = balanceFirst ? 1 : lMax * units + 1;
  const wBal = balanceFirst ? amax * units + 1 : 1;
  const M = minPart.some((x) => x > 0) ? (wAff * amax + wBal * lMax) * units + 1 : 0;
  const worstPath = (wAff * amax + wBal * lMax + M) * (S + R + 2);
  if (!Number.isSafeInteger(worstPath * 4)) throw new ValidationFailed("The instance is too large for exact integer costs (affinity values or q's denominator too big).", { q: 'too fine for this instance' });

  // Per submission: excluded reviewers (conflicts, forced, already candidates) and affinities.
  const excl = new Int32Array(R).fill(-1);
  const affOf = new Int32Array(R);
  const affMark = new Int32Array(R).fill(-1);
  const markSubmission = (s: number) => {
    for (let p = P.confStart[s]!; p < P.confStart[s + 1]!; p++) excl[P.confItems[p]!] = s;
    for (let p = P.forcedStart[s]!; p < P.forcedStart[s + 1]!; p++) excl[P.forcedItems[p]!] = s;
    for (let p = P.affStart[s]!; p < P.affStart[s + 1]!; p++) {
      affMark[P.affItems[p]!] = s;
      affOf[P.affItems[p]!] = P.affValues[p]!;
    }
  };
  const cand: number[][] = Array.from({ length: S }, () => []);
  // enough candidates for the cap: k/q reviewers at the least, with room to spread the load
  const perSub = tuning.candidates ?? Math.max(40, Math.ceil((4 * kMax * b) / a));
  const batch = Math.max(8, Math.ceil((4 * kMax * b) / a));
  for (let s = 0; s < S; s++) {
    if (demand[s] === 0 || R === 0) continue;
    markSubmission(s);
    const list = cand[s]!;
    if (dense) {
      for (let r = 0; r < R; r++) if (excl[r] !== s && slots[r]! > 0) list.push(r);
      continue;
    }
    // best affinity first, ties by a hash of the pair (spreads the load), then by index
    const pos: number[] = [];
    for (let p = P.affStart[s]!; p < P.affStart[s + 1]!; p++) if (excl[P.affItems[p]!] !== s && slots[P.affItems[p]!]! > 0) pos.push(P.affItems[p]!);
    if (pos.length > perSub) {
      const keys = Float64Array.from(pos, (r) => (amax - affOf[r]!) * 4294967296 + mix(s, r));
      const at = Int32Array.from(pos, (_, j) => j).sort((x, y) => keys[x]! - keys[y]! || pos[x]! - pos[y]!);
      const top = Array.from(at.subarray(0, perSub), (j) => pos[j]!);
      pos.length = 0;
      pos.push(...top);
    }
    for (const r of pos) {
      list.push(r);
      excl[r] = s;
    }
    const zeros = Math.max(perSub - list.length, tuning.candidates !== undefined ? 0 : Math.ceil((2 * kMax * b) / a));
    for (let i = 0, r = mix(s, 0x51ed) % R, got = 0; i < R && got < zeros; i++, r = (r + 1) % R) {
      if (excl[r] === s || affMark[r] === s || slots[r]! === 0) continue;
      list.push(r);
      excl[r] = s;
      got++;
    }
  }

  const src = 0;
  const sink = S + R + 1;
  const V = S + R + 2;
  let totalSlots = 0;
  for (let r = 0; r < R; r++) totalSlots += slots[r]!;
  let rounds = 0;
  let phases = 0;
  let pricedArcs = 0;
  for (;;) {
    rounds++;
    // The network on the current candidates, arcs in (submission, reviewer) order.
    const arcS: number[] = [];
    const arcR: number[] = [];
    const arcA: number[] = [];
    for (let s = 0; s < S; s++) {
      const list = cand[s]!;
      if (list.length === 0) continue;
      list.sort((x, y) => x - y);
      markSubmission(s);
      for (const r of list) {
        arcS.push(s);
        arcR.push(r);
        arcA.push(affMark[r] === s ? affOf[r]! : 0);
      }
    }
    const nArcs = arcS.length;
    const m = S + nArcs + totalSlots;
    const tails = new Int32Array(m);
    const heads = new Int32Array(m);
    const caps = new Float64Array(m);
    const costs = new Float64Array(m);
    let i = 0;
    const add = (u: number, v: number, c: number, w: number) => {
      tails[i] = u;
      heads[i] = v;
      caps[i] = c;
      costs[i] = w;
      i++;
    };
    for (let j = 0; j < nArcs; j++) add(1 + arcS[j]!, 1 + S + arcR[j]!, a, wAff * (amax - arcA[j]!));
    for (let s = 0; s < S; s++) add(src, 1 + s, demand[s]! * b, 0);
    for (let r = 0; r < R; r++) {
      for (let j = 1; j <= slots[r]!; j++) add(1 + S + r, sink, b, wBal * (P.forcedLoad[r]! + j) + (j > minPart[r]! ? M : 0));
    }
    const net = new Flow(V, m, tails, heads, caps, costs);
    net.solve(src, sink);
    phases += net.phases;
    const added = dense ? 0 : price(net);
    pricedArcs += added;
    if (added === 0) {
      const flow = new Float64Array(nArcs);
      for (let j = 0; j < nArcs; j++) flow[j] = net.cap[net.rev[net.fwd[j]!]!]!;
      return { arcS: Int32Array.from(arcS), arcR: Int32Array.from(arcR), arcA: Int32Array.from(arcA), flow, phases, rounds, pricedArcs };
    }
  }

  /** Adds the missing arcs that violate the dual certificate (see above) to `cand`; returns how many. */
  function price(net: Flow): number {
    const { pot } = net;
    // A: reachable from the source through residual arcs.
    const inA = residualReach(net, src);
    const live: number[] = [];
    for (let r = 0; r < R; r++) if (slots[r]! > 0) live.push(r);
    const byPot = (x: number, y: number) => pot[1 + S + y]! - pot[1 + S + x]! || x - y; // highest π first
    const revA = live.filter((r) => inA[1 + S + r]).sort(byPot);
    const revB = live.filter((r) => !inA[1 + S + r]).sort(byPot);
    const zeroCost = wAff * amax;
    let added = 0;
    const vr: number[] = [];
    const vc: number[] = [];
    for (let s = 0; s < S; s++) {
      if (demand[s] === 0) continue;
      const sA = inA[1 + s] === 1;
      const ps = pot[1 + s]!;
      // Quick exits: no zero-affinity reviewer on either side can violate, and no positive one.
      const zeroOnSide = (list: number[]) => list.length > 0 && zeroCost + ps - pot[1 + S + list[0]!]! < 0;
      const maybeZero = sA ? revB.length > 0 || zeroOnSide(revA) : zeroOnSide(revB);
      if (!maybeZero && P.affStart[s + 1] === P.affStart[s]) continue;
      markSubmission(s);
      for (const r of cand[s]!) excl[r] = s;
      vr.length = 0;
      vc.length = 0;
      for (let p = P.affStart[s]!; p < P.affStart[s + 1]!; p++) {
        const r = P.affItems[p]!;
        if (excl[r] === s || slots[r]! === 0) continue;
        const rA = inA[1 + S + r] === 1;
        if (sA && !rA) {
          vr.push(r);
          vc.push(-Infinity);
        } else if (sA === rA) {
          const rc = wAff * (amax - P.affValues[p]!) + ps - pot[1 + S + r]!;
          if (rc < 0) {
            vr.push(r);
            vc.push(rc);
          }
        }
      }
      const scan = (list: number[], always: boolean) => {
        let got = 0;
        for (const r of list) {
          if (got >= batch) break;
          const rc = always ? -Infinity : zeroCost + ps - pot[1 + S + r]!;
          if (rc >= 0) break; // sorted by π: no later reviewer violates
          if (excl[r] === s || affMark[r] === s) continue;
          vr.push(r);
          vc.push(rc);
          got++;
        }
      };
      if (sA) {
        scan(revB, true);
        scan(revA, false);
      } else scan(revB, false);
      if (vr.length === 0) continue;
      const order = vr.map((_, j) => j).sort((x, y) => vc[x]! - vc[y]! || vr[x]! - vr[y]!);
      const take = Math.min(batch, order.length);
      for (let j = 0; j < take; j++) cand[s]!.push(vr[order[j]!]!);
      added += take;
    }
    return added;
  }
}

// ───────────────────────────── dependent rounding ─────────────────────────────

/**
 * Rounds y ∈ [0, b] (per edge between submission u[e] and reviewer S + v[e]) to {0, b} in place,
 * keeping every E[y_e] and every vertex's degree within the floor and ceiling. Returns the steps.
 */
function dependentRounding(S: number, R: number, eu: Int32Array, ev: Int32Array, y: Float64Array, b: number, next: () => number): number {
  const E = y.length;
  const V = S + R;
  const frac = (e: number) => y[e]! > 0 && y[e]! < b;
  // adjacency of every edge, per vertex (submissions 0..S−1, reviewers S..S+R−1)
  const deg = new Int32Array(V + 1);
  for (let e = 0; e < E; e++) {
    if (!frac(e)) continue;
    deg[eu[e]! + 1]!++;
    deg[S + ev[e]! + 1]!++;
  }
  for (let v = 0; v < V; v++) deg[v + 1]! += deg[v]!;
  const adjStart = deg;
  const adj = new Int32Array(adjStart[V]!);
  const fill = adjStart.slice(0, V);
  for (let e = 0; e < E; e++) {
    if (!frac(e)) continue;
    adj[fill[eu[e]!]!++] = e;
    adj[fill[S + ev[e]!]!++] = e;
  }
  const ptr = adjStart.slice(0, V); // first possibly-fractional edge of each vertex
  const other = (e: number, v: number) => (v < S ? S + ev[e]! : eu[e]!);
  /** A fractional edge of v other than `not`, or −1. */
  const nextEdge = (v: number, not: number): number => {
    while (ptr[v]! < adjStart[v + 1]! && !frac(adj[ptr[v]!]!)) ptr[v]!++;
    for (let p = ptr[v]!; p < adjStart[v + 1]!; p++) {
      const e = adj[p]!;
      if (e !== not && frac(e)) return e;
    }
    return -1;
  };
  let steps = 0;
  /** One rounding step on the alternating edge list path[from..]. */
  const round = (edges: number[], from: number) => {
    let alpha = Infinity; // +α on even positions, −α on odd
    let beta = Infinity; // −β on even, +β on odd
    for (let i = from; i < edges.length; i++) {
      const v = y[edges[i]!]!;
      if ((i - from) % 2 === 0) {
        alpha = Math.min(alpha, b - v);
        beta = Math.min(beta, v);
      } else {
        alpha = Math.min(alpha, v);
        beta = Math.min(beta, b - v);
      }
    }
    const up = below(next, alpha + beta) < beta; // probability β/(α+β)
    for (let i = from; i < edges.length; i++) {
      const even = (i - from) % 2 === 0;
      y[edges[i]!]! += up === even ? (up ? alpha : beta) : up ? -alpha : -beta;
    }
    steps++;
  };
  const posOf = new Int32Array(V).fill(-1);
  const verts: number[] = [];
  const edges: number[] = [];
  for (let v0 = 0; v0 < V; v0++) {
    while (nextEdge(v0, -1) >= 0) {
      verts.length = 0;
      edges.length = 0;
      verts.push(v0);
      posOf[v0] = 0;
      let reversed = false;
      for (;;) {
        const u = verts[verts.length - 1]!;
        const e = nextEdge(u, edges.length ? edges[edges.length - 1]! : -1);
        if (e < 0) {
          if (!reversed) {
            reversed = true;
            verts.reverse();
            edges.reverse();
            verts.forEach((w, i) => (posOf[w] = i));
            continue;
          }
          // a maximal path
          if (edges.length > 0) round(edges, 0);
          break;
        }
        const w = other(e, u);
        const at = posOf[w]!;
        if (at >= 0) {
          // a cycle: edges[at..] then e
          edges.push(e);
          round(edges, at);
          for (let i = at + 1; i < verts.length; i++) posOf[verts[i]!] = -1;
          verts.length = at + 1;
          edges.length = at;
          continue;
        }
        posOf[w] = verts.length;
        verts.push(w);
        edges.push(e);
      }
      for (const w of verts) posOf[w] = -1;
    }
  }
  return steps;
}

// ───────────────────────────── the public API ─────────────────────────────

/**
 * The fractional optimum itself: P(s, r) of every pair a sample can contain (forced pairs at 1),
 * sorted (submission, reviewer). What randomisedAssignment samples from; for tests and reports.
 */
export function assignmentMarginals(input: RandomisedInput, options: Pick<RandomisedOptions, 'q' | 'sparse' | 'candidates'>): { submission: string; reviewer: string; probability: number }[] {
  const { a, b } = qFraction(options.q);
  const P = canonical(input);
  const frac = fractionalOptimum(P, a, b, options);
  const out: { s: number; r: number; probability: number }[] = [];
  for (let s = 0; s < P.S; s++) for (let p = P.forcedStart[s]!; p < P.forcedStart[s + 1]!; p++) out.push({ s, r: P.forcedItems[p]!, probability: 1 });
  for (let j = 0; j < frac.flow.length; j++) if (frac.flow[j]! > 0) out.push({ s: frac.arcS[j]!, r: frac.arcR[j]!, probability: frac.flow[j]! / b });
  out.sort((x, y) => x.s - y.s || x.r - y.r);
  return out.map((x) => ({ submission: P.subs[x.s]!, reviewer: P.revs[x.r]!, probability: x.probability }));
}

/**
 * A random assignment whose every pair has probability at most q (forced pairs excepted), drawn
 * exactly from the fractional optimum under that cap. Same input and seed → same assignment.
 */
export function randomisedAssignment(input: RandomisedInput, options: RandomisedOptions): RandomisedResult {
  const { a, b } = qFraction(options.q);
  if (!Number.isSafeInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff) {
    throw new ValidationFailed('seed must be an unsigned 32-bit integer.', { seed: 'not an unsigned 32-bit integer' });
  }
  const P = canonical(input);
  const { S, R } = P;
  const frac = fractionalOptimum(P, a, b, options);
  const { arcS, arcR, arcA, flow } = frac;

  // Fractional figures (forced pairs count with probability 1).
  let forcedAffinity = 0;
  let forcedCount = 0;
  const affMark = new Int32Array(R).fill(-1);
  const affOf = new Int32Array(R);
  for (let s = 0; s < S; s++) {
    if (P.forcedStart[s + 1]! === P.forcedStart[s]!) continue;
    for (let p = P.affStart[s]!; p < P.affStart[s + 1]!; p++) {
      affMark[P.affItems[p]!] = s;
      affOf[P.affItems[p]!] = P.affValues[p]!;
    }
    for (let p = P.forcedStart[s]!; p < P.forcedStart[s + 1]!; p++) {
      forcedCount++;
      if (affMark[P.forcedItems[p]!] === s) forcedAffinity += affOf[P.forcedItems[p]!]!;
    }
  }
  let flowUnits = 0;
  let affUnits = 0;
  let maxUnits = 0;
  let fractionalPairs = 0;
  // Only the arcs that carry flow go to the rounding.
  const used: number[] = [];
  for (let j = 0; j < flow.length; j++) {
    const f = flow[j]!;
    if (f <= 0) continue;
    used.push(j);
    flowUnits += f;
    affUnits += f * arcA[j]!;
    if (f > maxUnits) maxUnits = f;
    if (f < b) fractionalPairs++;
  }
  const eu = Int32Array.from(used, (j) => arcS[j]!);
  const ev = Int32Array.from(used, (j) => arcR[j]!);
  const y = Float64Array.from(used, (j) => flow[j]!);
  const roundingSteps = dependentRounding(S, R, eu, ev, y, b, generator(options.seed));

  // The sample.
  const assigned: number[][] = Array.from({ length: S }, () => []);
  const loads = new Int32Array(R);
  let totalAffinity = forcedAffinity;
  for (let s = 0; s < S; s++) for (let p = P.forcedStart[s]!; p < P.forcedStart[s + 1]!; p++) assigned[s]!.push(P.forcedItems[p]!);
  used.forEach((j, i) => {
    if (y[i] === b) {
      assigned[arcS[j]!]!.push(arcR[j]!);
      totalAffinity += arcA[j]!;
    } else if (y[i] !== 0) throw new Error('randomised assignment: rounding left a fractional pair');
  });
  let reviews = 0;
  for (let s = 0; s < S; s++) {
    assigned[s]!.sort((x, z) => x - z);
    for (const r of assigned[s]!) loads[r]!++;
    reviews += assigned[s]!.length;
  }
  let balance = 0;
  for (let r = 0; r < R; r++) balance += (loads[r]! * (loads[r]! + 1)) / 2;

  const pairs: { submission: string; reviewer: string }[] = [];
  for (let s = 0; s < S; s++) for (const r of assigned[s]!) pairs.push({ submission: P.subs[s]!, reviewer: P.revs[r]! });
  const loadRecord: Record<string, number> = {};
  for (let r = 0; r < R; r++) loadRecord[P.revs[r]!] = loads[r]!;

  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const shortfalls: AssignmentResult['shortfalls'] = [];
  for (let s = 0; s < S; s++) {
    const got = assigned[s]!.length;
    const want = P.kS[s]!;
    if (got >= want) continue;
    const missing = want - got;
    const conflicts = P.confStart[s + 1]! - P.confStart[s]!;
    const eligible = R - conflicts;
    let cause: ShortfallCause;
    let reason: string;
    if (R === 0) {
      cause = 'no-reviewers';
      reason = 'there are no reviewers in the pool';
    } else if (eligible * a < want * b) {
      cause = 'conflicts';
      reason = `only ${plural(eligible, 'eligible reviewer')} (${plural(conflicts, 'conflict')} of interest), and with each pair chosen with probability at most ${options.q} they give at most ${Math.floor(((eligible * a) / b) * 100) / 100} reviews on average`;
    } else {
      cause = 'capacity';
      reason = `the eligible reviewers' load caps, with each pair chosen with probability at most ${options.q}, leave too little room`;
    }
    shortfalls.push({ submission: P.subs[s]!, missing, reason, cause });
  }
  // Minimum loads the fractional optimum could not meet (so no sample meets them either).
  const minimumShortfalls: MinimumShortfall[] = [];
  let minimums = 0;
  const open = new Int32Array(R); // submissions still wanting reviews that r may review
  let wanting = 0;
  for (let s = 0; s < S; s++) {
    if (P.kS[s]! <= P.forcedStart[s + 1]! - P.forcedStart[s]!) continue;
    wanting++;
    for (let p = P.confStart[s]!; p < P.confStart[s + 1]!; p++) open[P.confItems[p]!]!--;
  }
  for (let r = 0; r < R; r++) {
    const min = P.minR[r]!;
    minimums += Math.min(loads[r]!, min);
    if (loads[r]! >= min) continue;
    const need = min - P.forcedLoad[r]!;
    const eligible = wanting + open[r]!;
    const byConflicts = eligible * a < need * b;
    const detail = byConflicts
      ? `only ${plural(eligible, 'submission')} they may review still want reviews, and each pair is chosen with probability at most ${options.q}`
      : 'the submissions ask for too few reviews for every minimum';
    minimumShortfalls.push({
      reviewers: [P.revs[r]!],
      minimum: min,
      needed: min,
      missing: min - loads[r]!,
      reason: `reviewer ${P.revs[r]} cannot reach ${min}: ${detail}`,
      detail,
      cause: byConflicts ? 'conflicts' : 'demand',
    });
  }

  const expectedAffinity = forcedAffinity + affUnits / b;
  const stats: RandomisedStats = {
    q: options.q,
    qFraction: { a, b },
    seed: options.seed,
    maxProbability: maxUnits / b,
    fractionalPairs,
    expectedReviews: forcedCount + flowUnits / b,
    expectedAffinity,
    exact: true,
    phases: frac.phases,
    roundingSteps,
  };
  if (options.compare !== false) {
    const det = fractionalOptimum(P, 1, 1, options);
    let detAff = forcedAffinity;
    for (let j = 0; j < det.flow.length; j++) detAff += det.flow[j]! * det.arcA[j]!;
    stats.deterministicAffinity = detAff;
    stats.affinityRatio = detAff === 0 ? 1 : expectedAffinity / detAff;
  }
  // Priced with the deterministic solver's weights (domain/assignment.ts), for comparison.
  const w = objectiveWeights(input);
  return {
    pairs,
    loads: loadRecord,
    totalAffinity,
    cost: -w.perReview * (reviews + minimums) - w.perAffinity * totalAffinity + w.perBalance * balance,
    objective: { reviews, minimums, affinity: totalAffinity, balance, order: P.order },
    shortfalls,
    minimumShortfalls,
    feasible: shortfalls.length === 0 && minimumShortfalls.length === 0,
    stats: { rounds: frac.rounds, phases: frac.phases, candidateArcs: arcS.length, pricedArcs: frac.pricedArcs },
    randomised: stats,
  };
}
