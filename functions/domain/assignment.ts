/**
 * Reviewer assignment: the heart of Podium. Pure TypeScript, exact, deterministic.
 *
 * ## The problem
 * Every submission s should get exactly k_s reviews (`demands`, default the round's `k`; fewer
 * only when the pool truly cannot give them); every reviewer r gets at most max_r (`maxLoad`,
 * per-reviewer overrides in `reviewerLoads`) and — a HARD constraint — at least min_r (`minLoad`,
 * default 0; min_r ≤ max_r); a conflict-of-interest pair is never assigned; pinned pairs
 * (organiser's choice) and fixed pairs (reviews already started) are kept and count toward k_s
 * and toward the reviewer's load (so toward min_r too).
 *
 * ## The objective (exactly what is optimised)
 * For a set P of (submission, reviewer) pairs — forced pairs (pinned ∪ fixed) included — let
 *   n(P)   = |P|                                   (number of reviews),
 *   m(P)   = Σ_r min(L_r, min_r)                   (reviews counted toward the minimums),
 *   A(P)   = Σ_{(s,r)∈P} affinity(s,r)            (total affinity; missing affinity = 0),
 *   B(P)   = Σ_r L_r(L_r+1)/2, L_r = load of r    (the j-th review of a reviewer costs j: convex,
 *                                                  so it spreads reviews as evenly as it can).
 * The feasible sets are: P ⊇ forced, no conflict pair, no duplicate pair, every submission has at
 * most max(k_s, its forced count) pairs and at most k_s once the non-forced pairs are counted (the
 * solver adds at most k_s − forced_s), every reviewer gets non-forced pairs only while its load is
 * below max_r. Among them we minimise, LEXICOGRAPHICALLY,
 *   balance-first (default):  (−n, −m, B, −A)        affinity-first:  (−n, −m, −A, B)
 * The first two tiers are reached TOGETHER: an augmenting path never lowers a reviewer's load, so
 * a flow with the most minimum reviews can be augmented to a maximum flow without losing any; so
 * (−n, −m) ≡ (−m, −n), the minimums come before everything else, and every minimum is met exactly
 * when some assignment meets them all (m = Σ_r min_r). When none does, the result says so
 * (`feasible: false`, `minimumShortfalls`, from the min cut of the minimums' own network — see
 * explainMinimums) and P is the closest assignment, not a solution. One integer:
 *
 *   cost(P) = −Wc·(n(P) + m(P)) − Wa·A(P) + Wb·B(P)
 *   N    = Σ_s max(k_s, forced_s)    (upper bound on n)
 *   Lmax = max(maxLoad, max_r, largest forced load);  Bmax = ⌊N·(Lmax+1)/2⌋ ≥ any B
 *   affinity-first:  Wb = 1,            Wa = Bmax + 1,  Wc = Wa·(N·Amax + 1)
 *   balance-first:   Wa = 1,            Wb = N·Amax + 1, Wc = Wb·(Bmax + 1)
 * (Amax = largest affinity) so each weight exceeds any possible difference in the tiers below it
 * and the single number is lexicographic. `objectiveWeights()` returns Wc, Wa and Wb;
 * `result.objective` gives n, m, A and B exactly. `cost` is exact while |cost| ≤ 2^53 (e.g.
 * 10,000 submissions × k=3, maxLoad 20, affinity ≤ 3 gives ~1.7e15); larger instances are refused.
 *
 * Ties (several optimal P with the same cost) are broken by a stable order: ids are sorted (by
 * UTF-16 code units), the network is built and searched in that order, and nothing depends on the
 * order of the input arrays or on a clock or a random source. Tie-breaking never touches the
 * costs, so it cannot change which objective value is optimal; the same input (in any order)
 * always gives the same output.
 *
 * ## The algorithm
 * Min-cost flow: source → submission (capacity k_s − forced_s, cost 0) → reviewer (capacity 1,
 * cost Wa·(Amax − affinity) ≥ 0) → sink through max_r − forced_r parallel unit arcs, the j-th
 * costing Wb·(forced_r + j), plus Wc when j > min_r − forced_r (the minimums tier as a checked
 * big-cost tier: the slots up to the minimum are the only ones without the surcharge; still convex
 * in j). Minimum cost among maximum flows = the objective above (the Wa·Amax shift and the Wc
 * surcharge per unit of flow cost Wc·n − Wc·m + constant·n, the same n for every maximum flow).
 * Solved by primal–dual successive shortest paths: Dijkstra on reduced costs (binary heap, stops
 * at the sink) updates the potentials, then a Dinic max flow pushes along ALL zero-reduced-cost
 * paths at once; repeat until the sink is unreachable. All loops are iterative; typed arrays.
 * (Lists already in canonical order — affinities by index as a set-up walks submissions, then
 * reviewers — skip the sorts they would not change; candidate selection and pricing look a
 * pair's affinity up in the submission's sorted list instead of marking them all, and pricing
 * marks a submission's exclusions only once one of its pairs may violate. None of this changes
 * a single step of the search: the result is the same, pair for pair.)
 *
 * ## Sparse but exact (column generation)
 * The dense graph (S·R arcs) is too big, so each submission starts with a candidate set: its
 * highest-affinity eligible reviewers (5k+1 by default, ties by a hash of the pair) plus k
 * zero-affinity ones chosen by a hash of the indices. After solving on the candidates, the final potentials π (tightened: reviewers lowered,
 * submissions raised as far as the residual arcs allow) are an LP dual certificate. A missing arc
 * s→r (eligible, not conflicted, not forced, reviewer with free slots) is "priced":
 *   – if s is reachable from the source in the residual graph and r is not, the arc would open an
 *     augmenting path (more reviews), so it is added;
 *   – otherwise, if both are on the same side, its reduced cost cost(s,r) + π(s) − π(r) must be
 *     ≥ 0 (with the unreachable side shifted by one large constant Δ, which is a valid dual for
 *     the circulation with a very negative sink→source arc).
 * Violating arcs are added (most negative first, a batch per submission) and the problem is solved
 * again, warm: the previous flow and potentials are kept; a new arc with negative reduced cost
 * starts saturated, and the resulting excesses are routed back to the deficits along shortest
 * paths (auxiliary source/sink) before the source→sink phases resume. When no arc violates, the potentials are dual-feasible for the FULL graph, so the sparse
 * optimum is the full optimum (the min-cost-flow LP is integral).
 */
import { RuleViolation, ValidationFailed } from './errors.ts';

export interface AssignmentInput {
  submissions: string[];
  reviewers: string[];
  /** Reviews wanted per submission (the default of `demands`). */
  k: number;
  /** Most reviews per reviewer (the default of `reviewerLoads[].max`). */
  maxLoad: number;
  /** Fewest reviews per reviewer, a hard constraint (forced pairs count); default 0. At most `maxLoad`. */
  minLoad?: number;
  /** Per-reviewer overrides of `minLoad` / `maxLoad` (min ≤ max). */
  reviewerLoads?: { reviewer: string; min?: number; max?: number }[];
  /** Per-submission demand k_s overriding `k` (0 = no review wanted). */
  demands?: { submission: string; k: number }[];
  /**
   * The tiers after "most reviews, every minimum met": 'balance-first' (default: the most even
   * loads, then the most affinity) or 'affinity-first' (the most affinity, then the most even loads).
   */
  objective?: AssignmentObjective;
  /** Non-negative integer affinity for a pair (missing = 0). Sparse: only pairs with affinity > 0. */
  affinity: { submission: string; reviewer: string; value: number }[];
  /**
   * More affinities, by position in `submissions` and `reviewers` (parallel arrays): what a large
   * set-up passes instead of an object per pair (domain/conflicts.ts `affinities`). A pair must
   * not be given both here and in `affinity`.
   */
  affinityByIndex?: { submission: Int32Array; reviewer: Int32Array; value: Int32Array };
  /** Pairs that must never be assigned (own submission, same organisation, declared, forbidden by organiser …). */
  conflicts: { submission: string; reviewer: string }[];
  /** Pairs the organiser pinned: must be in the result (error if a pinned pair is also a conflict). */
  pinned?: { submission: string; reviewer: string }[];
  /** Reviews already started: kept as they are; they count toward k and toward the reviewer's load. */
  fixed?: { submission: string; reviewer: string }[];
}

export type ShortfallCause = 'no-reviewers' | 'conflicts' | 'capacity';

/**
 * Why a submission could not get its k reviews, as numbers: the pool's reviewers, those eligible
 * for it (no conflict), its conflicts, the eligible ones not on it (all at their cap), its k and
 * the load cap (absent where reviewers' own caps differ). The web words them (round.shortfall.*).
 */
export interface ShortfallFacts {
  cause: ShortfallCause;
  reviewers: number;
  eligible: number;
  conflicts: number;
  others: number;
  k: number;
  maxLoad?: number;
}

/** A shortfall's English sentence, made from its facts. */
export function shortfallReason(f: ShortfallFacts): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (f.cause === 'no-reviewers') return 'there are no reviewers in the pool';
  if (f.cause === 'conflicts')
    return f.eligible === 0
      ? `no eligible reviewer: ${f.reviewers === 1 ? 'the 1 reviewer has' : `all ${f.reviewers} reviewers have`} a conflict of interest`
      : `only ${plural(f.eligible, 'eligible reviewer')}: ${plural(f.conflicts, 'conflict')} of interest among ${plural(f.reviewers, 'reviewer')}, and ${f.eligible === 1 ? 'that one is' : `all ${f.eligible} are`} assigned`;
  const head =
    f.eligible < f.k
      ? `only ${plural(f.eligible, 'eligible reviewer')} (${plural(f.conflicts, 'conflict')} of interest), and `
      : f.conflicts > 0
        ? `${plural(f.conflicts, 'conflict')} of interest; `
        : '';
  const cap = f.maxLoad === undefined ? '' : ` of ${f.maxLoad}`;
  return `${head}${f.others === 1 ? 'the 1 other eligible reviewer is at their load cap' : `all ${plural(f.others, 'other eligible reviewer')} are at their load cap`}${cap}`;
}

export const ASSIGNMENT_OBJECTIVES = ['balance-first', 'affinity-first'] as const;
export type AssignmentObjective = (typeof ASSIGNMENT_OBJECTIVES)[number];

/**
 * A group of reviewers whose minimum loads cannot all be met, whatever the assignment: the
 * submissions they may review (not conflicted, still wanting reviews) cannot give them `needed`
 * reviews; `missing` is how many they fall short by in the best case (this assignment).
 * cause 'conflicts': conflicts of interest (or a submission's demand) shut them out of submissions;
 * 'demand': the submissions simply ask for fewer reviews than the minimums add up to.
 */
export interface MinimumShortfall {
  reviewers: string[];
  minimum: number | null; // null when the group's minimums differ
  needed: number;
  missing: number;
  /** The whole sentence, naming the reviewers by id: `${who} cannot … : ${detail}`. */
  reason: string;
  /** Why, without the names (for a page that shows the reviewers its own way). */
  detail: string;
  cause: 'conflicts' | 'demand';
}

export interface AssignmentResult {
  /** ALL pairs incl. fixed and pinned, sorted (submission, reviewer). */
  pairs: { submission: string; reviewer: string }[];
  loads: Record<string, number>;
  totalAffinity: number;
  /** The integer objective minimised: −Wc·reviews − Wa·affinity + balance (see the header). */
  cost: number;
  /**
   * The lexicographic parts of `cost`, always exact: reviews, minimums (Σ_r min(L_r, min_r)),
   * affinity, balance, and the order of the last two (assignReviewers always sets every part).
   */
  objective: { reviews: number; minimums?: number; affinity: number; balance: number; order?: AssignmentObjective };
  /** Submissions that could not get k reviews, with how many are missing and why. */
  shortfalls: { submission: string; missing: number; reason: string; cause: ShortfallCause; facts?: ShortfallFacts }[];
  /**
   * Minimum loads that cannot all be met (no assignment meets them), with the reviewers and the
   * reason. When non-empty, `pairs` is the closest assignment (as many minimum reviews as possible),
   * NOT a solution: `feasible` is false. (Always set by assignReviewers; optional for other producers of this shape.)
   */
  minimumShortfalls?: MinimumShortfall[];
  /** No shortfall of either kind. */
  feasible: boolean;
  /** How the solve went (deterministic too). */
  stats: { rounds: number; phases: number; candidateArcs: number; pricedArcs: number };
}

/** Tuning knobs; the defaults are what production uses. Tests use them to force sparsity or density. */
export interface AssignmentOptions {
  /** Positive-affinity reviewers per submission in the first candidate set (best first). */
  affinityCandidates?: number;
  /** Zero-affinity reviewers per submission in the first candidate set (hashed). */
  zeroCandidates?: number;
  /** Most arcs added per submission per pricing round. */
  pricingBatch?: number;
  /** Start from every eligible pair (no pricing needed). */
  dense?: boolean;
}

type Pair = { submission: string; reviewer: string };

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Integer hash of two indices (deterministic, well mixed). */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return h >>> 0;
}

/** Per-submission compressed lists (CSR) of reviewer indices, sorted and de-duplicated. */
export interface Csr {
  start: Int32Array;
  items: Int32Array;
  values: Float64Array;
}

function buildCsr(
  S: number,
  R: number,
  sIdx: Int32Array,
  rIdx: Int32Array,
  vals: ArrayLike<number> | null,
  what: string,
  subs: string[],
  revs: string[],
): Csr {
  const n = sIdx.length;
  const start = new Int32Array(S + 1);
  for (let i = 0; i < n; i++) start[sIdx[i]! + 1]!++;
  for (let s = 0; s < S; s++) start[s + 1]! += start[s]!;
  // Already ordered by (submission, reviewer) — as a set-up that walks submissions, then
  // reviewers, passes them — the sorts below would leave the order as it is: skip them.
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = sIdx[i - 1]! < sIdx[i]! || (sIdx[i - 1] === sIdx[i] && rIdx[i - 1]! <= rIdx[i]!);
  let order: Int32Array | null = null;
  if (!sorted) {
    // Two stable counting sorts: by reviewer, then by submission → ordered by (submission, reviewer, input position).
    const byR = new Int32Array(n);
    const cntR = new Int32Array(R + 1);
    for (let i = 0; i < n; i++) cntR[rIdx[i]! + 1]!++;
    for (let r = 0; r < R; r++) cntR[r + 1]! += cntR[r]!;
    for (let i = 0; i < n; i++) byR[cntR[rIdx[i]!]!++] = i;
    const pos = start.slice(0, S);
    order = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      const i = byR[j]!;
      order[pos[sIdx[i]!]!++] = i;
    }
  }
  const items = new Int32Array(n);
  const values = new Float64Array(vals ? n : 0);
  const outStart = new Int32Array(S + 1);
  let w = 0;
  for (let s = 0; s < S; s++) {
    outStart[s] = w;
    let last = -1;
    for (let p = start[s]!; p < start[s + 1]!; p++) {
      const i = order ? order[p]! : p;
      const r = rIdx[i]!;
      if (r === last) {
        if (vals) {
          throw new ValidationFailed(`${what} is given twice for submission "${subs[s]}" and reviewer "${revs[r]}".`, {
            [what]: 'duplicate pair',
          });
        }
        continue;
      }
      last = r;
      items[w] = r;
      if (vals) values[w] = vals[i]!;
      w++;
    }
  }
  outStart[S] = w;
  return { start: outStart, items: w === n ? items : items.slice(0, w), values: !vals || w === n ? values : values.slice(0, w) };
}

/** The canonical (sorted, indexed) problem. */
export interface CanonicalAssignment {
  subs: string[];
  revs: string[];
  S: number;
  R: number;
  k: number;
  maxLoad: number;
  conf: Csr;
  aff: Csr; // conflict pairs removed
  forced: Csr;
  forcedCountS: Int32Array;
  forcedLoadR: Int32Array;
  kS: Int32Array; // reviews wanted per submission
  minR: Int32Array; // minimum load per reviewer
  maxR: Int32Array; // maximum load per reviewer
  maxOverridden: boolean;
  demand: Int32Array; // k_s − forced_s, ≥ 0
  slots: Int32Array; // max_r − forced_r, ≥ 0
  need: Int32Array; // min_r − forced_r, ≥ 0 (≤ slots)
  needTotal: number;
  order: AssignmentObjective;
  amax: number;
  wa: number;
  wb: number;
  wc: number;
  /** Network surcharge of a reviewer's slots beyond its minimum (0 when no minimum is set). */
  wm: number;
}

/**
 * The input checked and put in canonical form (ids sorted; conflicts, forced pairs and affinities
 * as per-submission lists; demands and loads per index; the tier weights). Shared with the
 * randomised assignment (randomised-assignment.ts), which solves the same problem fractionally.
 */
export function canonicalAssignment(input: AssignmentInput): CanonicalAssignment {
  const { k, maxLoad } = input;
  const minLoad = input.minLoad ?? 0;
  const order = input.objective ?? 'balance-first';
  const whole = (v: number): boolean => Number.isSafeInteger(v) && v >= 0;
  if (!whole(k)) throw new ValidationFailed('k must be a non-negative integer.', { k: 'not a non-negative integer' });
  if (!whole(maxLoad)) {
    throw new ValidationFailed('maxLoad must be a non-negative integer.', { maxLoad: 'not a non-negative integer' });
  }
  if (!whole(minLoad)) throw new ValidationFailed('minLoad must be a non-negative integer.', { minLoad: 'not a non-negative integer' });
  if (minLoad > maxLoad) throw new ValidationFailed(`The minimum load (${minLoad}) cannot exceed the maximum load (${maxLoad}).`, { minLoad: 'above maxLoad' });
  if (!ASSIGNMENT_OBJECTIVES.includes(order)) throw new ValidationFailed(`Unknown objective order "${String(order)}".`, { objective: 'unknown' });
  const ids = (list: string[], field: string): [string[], Map<string, number>] => {
    const sorted = [...list].sort(cmp);
    const map = new Map<string, number>();
    sorted.forEach((id, i) => {
      if (map.has(id)) throw new ValidationFailed(`"${id}" appears twice in ${field}.`, { [field]: 'duplicate id' });
      map.set(id, i);
    });
    return [sorted, map];
  };
  const [subs, subIdx] = ids(input.submissions, 'submissions');
  const [revs, revIdx] = ids(input.reviewers, 'reviewers');
  const S = subs.length;
  const R = revs.length;
  const index = (list: Pair[], field: string): [Int32Array, Int32Array] => {
    const si = new Int32Array(list.length);
    const ri = new Int32Array(list.length);
    let lastSub: string | undefined;
    let lastS = -1;
    for (let i = 0; i < list.length; i++) {
      const p = list[i]!;
      // lists usually come grouped by submission: skip the map lookup when it repeats
      const s = p.submission === lastSub ? lastS : subIdx.get(p.submission);
      const r = revIdx.get(p.reviewer);
      if (s === undefined) throw new ValidationFailed(`${field} names an unknown submission "${p.submission}".`, { [field]: 'unknown submission' });
      if (r === undefined) throw new ValidationFailed(`${field} names an unknown reviewer "${p.reviewer}".`, { [field]: 'unknown reviewer' });
      lastSub = p.submission;
      lastS = s;
      si[i] = s;
      ri[i] = r;
    }
    return [si, ri];
  };

  const [cs, cr] = index(input.conflicts, 'conflicts');
  const conf = buildCsr(S, R, cs, cr, null, 'conflicts', subs, revs);

  const forcedList = [...(input.pinned ?? []), ...(input.fixed ?? [])];
  const pinnedCount = input.pinned?.length ?? 0;
  const [fs, fr] = index(forcedList, 'pinned/fixed');
  // A forced pair that is also a conflict is an error, never silently dropped.
  const mark = new Int32Array(R).fill(-1);
  const forced = buildCsr(S, R, fs, fr, null, 'forced', subs, revs);
  for (let s = 0; s < S; s++) {
    for (let p = conf.start[s]!; p < conf.start[s + 1]!; p++) mark[conf.items[p]!] = s;
    for (let p = forced.start[s]!; p < forced.start[s + 1]!; p++) {
      const r = forced.items[p]!;
      if (mark[r] === s) {
        const isPinned = forcedList.some((q, i) => i < pinnedCount && q.submission === subs[s] && q.reviewer === revs[r]);
        throw new RuleViolation(
          isPinned ? 'PINNED_CONFLICT' : 'FIXED_CONFLICT',
          `Reviewer "${revs[r]}" has a conflict of interest with submission "${subs[s]}" and cannot be ${isPinned ? 'pinned to' : 'kept on'} it.`,
          { [isPinned ? 'pinned' : 'fixed']: `${subs[s]}/${revs[r]}` },
        );
      }
    }
  }

  const [as0, ar0] = index(input.affinity, 'affinity');
  const byIndex = input.affinityByIndex;
  const nObj = input.affinity.length;
  const nIdx = byIndex?.submission.length ?? 0;
  // Positions given in sorted id order, and no object affinities: the arrays are used as they are.
  let asIs = byIndex !== undefined && nIdx > 0 && nObj === 0;
  for (let i = 0; asIs && i < S; i++) asIs = subIdx.get(input.submissions[i]!) === i;
  for (let i = 0; asIs && i < R; i++) asIs = revIdx.get(input.reviewers[i]!) === i;
  const as = nIdx === 0 ? as0 : asIs ? byIndex!.submission : new Int32Array(nObj + nIdx);
  const ar = nIdx === 0 ? ar0 : asIs ? byIndex!.reviewer : new Int32Array(nObj + nIdx);
  const av: Float64Array | Int32Array = asIs ? byIndex!.value : new Float64Array(nObj + nIdx);
  input.affinity.forEach((a, i) => {
    const v = a.value;
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new ValidationFailed(`Affinity must be a non-negative integer (got ${v} for "${a.submission}"/"${a.reviewer}").`, {
        affinity: 'not a non-negative integer',
      });
    }
    av[i] = v;
  });
  if (byIndex && nIdx > 0) {
    if (byIndex.reviewer.length !== nIdx || byIndex.value.length !== nIdx) {
      throw new ValidationFailed('affinityByIndex: its three arrays must have the same length.', { affinityByIndex: 'arrays of different lengths' });
    }
    if (!asIs) {
      as.set(as0);
      ar.set(ar0);
    }
    // input position → canonical (sorted) index
    const subAt = Int32Array.from(input.submissions, (id) => subIdx.get(id)!);
    const revAt = Int32Array.from(input.reviewers, (id) => revIdx.get(id)!);
    for (let i = 0; i < nIdx; i++) {
      const si = byIndex.submission[i]!;
      const ri = byIndex.reviewer[i]!;
      const v = byIndex.value[i]!;
      if (si < 0 || si >= S || ri < 0 || ri >= R) {
        throw new ValidationFailed(`affinityByIndex names a position out of range (${si}, ${ri}).`, { affinityByIndex: 'position out of range' });
      }
      if (v < 0) throw new ValidationFailed(`Affinity must be a non-negative integer (got ${v}).`, { affinity: 'not a non-negative integer' });
      if (asIs) continue;
      as[nObj + i] = subAt[si]!;
      ar[nObj + i] = revAt[ri]!;
      av[nObj + i] = v;
    }
  }
  const affAll = buildCsr(S, R, as, ar, av, 'affinity', subs, revs);
  // Drop conflict pairs and zero values from the affinity lists.
  const affStart = new Int32Array(S + 1);
  const affItems = new Int32Array(affAll.items.length);
  const affValues = new Float64Array(affAll.items.length);
  let na = 0;
  mark.fill(-1);
  let amax = 0;
  for (let s = 0; s < S; s++) {
    affStart[s] = na;
    for (let p = conf.start[s]!; p < conf.start[s + 1]!; p++) mark[conf.items[p]!] = s;
    for (let p = affAll.start[s]!; p < affAll.start[s + 1]!; p++) {
      const r = affAll.items[p]!;
      const v = affAll.values[p]!;
      if (v > 0 && mark[r] !== s) {
        affItems[na] = r;
        affValues[na++] = v;
        if (v > amax) amax = v;
      }
    }
  }
  affStart[S] = na;
  const aff: Csr = { start: affStart, items: affItems.subarray(0, na), values: affValues.subarray(0, na) };

  const forcedCountS = new Int32Array(S);
  const forcedLoadR = new Int32Array(R);
  for (let s = 0; s < S; s++) {
    forcedCountS[s] = forced.start[s + 1]! - forced.start[s]!;
    for (let p = forced.start[s]!; p < forced.start[s + 1]!; p++) forcedLoadR[forced.items[p]!]!++;
  }
  // Per-submission demands and per-reviewer loads (defaults: k, minLoad, maxLoad).
  const kS = new Int32Array(S).fill(k);
  const seenS = new Uint8Array(S);
  for (const d of input.demands ?? []) {
    const s = subIdx.get(d.submission);
    if (s === undefined) throw new ValidationFailed(`demands names an unknown submission "${d.submission}".`, { demands: 'unknown submission' });
    if (seenS[s]) throw new ValidationFailed(`demands gives submission "${d.submission}" twice.`, { demands: 'duplicate submission' });
    if (!whole(d.k)) throw new ValidationFailed(`A demand must be a non-negative integer (got ${d.k} for "${d.submission}").`, { demands: 'not a non-negative integer' });
    seenS[s] = 1;
    kS[s] = d.k;
  }
  const minR = new Int32Array(R).fill(minLoad);
  const maxR = new Int32Array(R).fill(maxLoad);
  const seenR = new Uint8Array(R);
  let maxOverridden = false;
  for (const o of input.reviewerLoads ?? []) {
    const r = revIdx.get(o.reviewer);
    if (r === undefined) throw new ValidationFailed(`reviewerLoads names an unknown reviewer "${o.reviewer}".`, { reviewerLoads: 'unknown reviewer' });
    if (seenR[r]) throw new ValidationFailed(`reviewerLoads gives reviewer "${o.reviewer}" twice.`, { reviewerLoads: 'duplicate reviewer' });
    seenR[r] = 1;
    for (const v of [o.min, o.max]) {
      if (v !== undefined && !whole(v)) throw new ValidationFailed(`A load must be a non-negative integer (got ${v} for "${o.reviewer}").`, { reviewerLoads: 'not a non-negative integer' });
    }
    if (o.min !== undefined) minR[r] = o.min;
    if (o.max !== undefined && o.max !== maxLoad) {
      maxR[r] = o.max;
      maxOverridden = true;
    }
    if (minR[r]! > maxR[r]!) {
      throw new ValidationFailed(`Reviewer "${o.reviewer}": the minimum load (${minR[r]}) cannot exceed the maximum (${maxR[r]}).`, { reviewerLoads: 'minimum above maximum' });
    }
  }
  const demand = new Int32Array(S);
  let nMax = 0;
  for (let s = 0; s < S; s++) {
    demand[s] = Math.max(0, kS[s]! - forcedCountS[s]!);
    nMax += Math.max(kS[s]!, forcedCountS[s]!);
  }
  const slots = new Int32Array(R);
  const need = new Int32Array(R);
  let needTotal = 0;
  let lMax = maxLoad;
  for (let r = 0; r < R; r++) {
    slots[r] = Math.max(0, maxR[r]! - forcedLoadR[r]!);
    need[r] = Math.max(0, minR[r]! - forcedLoadR[r]!);
    needTotal += need[r]!;
    lMax = Math.max(lMax, maxR[r]!, forcedLoadR[r]!);
  }
  // Tier weights (see the header): bMax bounds B, nMax·amax bounds A.
  const bMax = Math.floor((nMax * (lMax + 1)) / 2);
  let wa: number;
  let wb: number;
  let wc: number;
  if (order === 'affinity-first') {
    wb = 1;
    wa = bMax + 1;
    wc = wa * (nMax * amax + 1);
  } else {
    wa = 1;
    wb = nMax * amax + 1;
    wc = wb * (bMax + 1);
  }
  const wm = needTotal > 0 ? wc : 0;
  const maxArc = Math.max(wa * amax, wb * lMax + wm);
  if (!Number.isSafeInteger(maxArc * (S + R + 4) * 2) || !Number.isSafeInteger(wc * 2 * (nMax + 1) + wa * nMax * amax + wb * bMax)) {
    throw new ValidationFailed('The instance is too large for exact integer costs (affinity values too big).', { affinity: 'values too large' });
  }
  return {
    subs, revs, S, R, k, maxLoad, conf, aff, forced, forcedCountS, forcedLoadR, kS, minR, maxR, maxOverridden,
    demand, slots, need, needTotal, order, amax, wa, wb, wc, wm,
  };
}

/**
 * The weights of `cost` for this input:
 * cost = −perReview·(reviews + minimums) − perAffinity·affinity + perBalance·balance.
 */
export function objectiveWeights(input: AssignmentInput): { perReview: number; perAffinity: number; perBalance: number } {
  const p = canonicalAssignment(input);
  return { perReview: p.wc, perAffinity: p.wa, perBalance: p.wb };
}

// ───────────────────────────── min-cost flow (primal–dual) ─────────────────────────────

/**
 * A residual network in compressed form: the half-arcs leaving node u are positions
 * start[u] … start[u+1]−1 (so a node's arcs are contiguous in memory); rev[p] is the opposite half.
 */
class Network {
  readonly V: number;
  readonly to: Int32Array;
  readonly cap: Int32Array;
  readonly cost: Float64Array;
  readonly rev: Int32Array;
  readonly start: Int32Array;
  /** Position of the forward half of arc i (in the order given to the constructor). */
  readonly fwd: Int32Array;
  readonly pot: Float64Array;
  phases = 0;

  constructor(V: number, m: number, tails: Int32Array, heads: Int32Array, caps: Int32Array, costs: Float64Array, flows: Int32Array, pot: Float64Array) {
    this.V = V;
    const start = new Int32Array(V + 1);
    for (let i = 0; i < m; i++) {
      start[tails[i]! + 1]!++;
      start[heads[i]! + 1]!++;
    }
    for (let v = 0; v < V; v++) start[v + 1]! += start[v]!;
    const pos = start.slice(0, V);
    const to = new Int32Array(2 * m);
    const cap = new Int32Array(2 * m);
    const cost = new Float64Array(2 * m);
    const rev = new Int32Array(2 * m);
    const fwd = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      const u = tails[i]!;
      const v = heads[i]!;
      const pf = pos[u]!++;
      const pb = pos[v]!++;
      to[pf] = v;
      to[pb] = u;
      cap[pf] = caps[i]! - flows[i]!;
      cap[pb] = flows[i]!;
      cost[pf] = costs[i]!;
      cost[pb] = -costs[i]!;
      rev[pf] = pb;
      rev[pb] = pf;
      fwd[i] = pf;
    }
    this.to = to;
    this.cap = cap;
    this.cost = cost;
    this.rev = rev;
    this.start = start;
    this.fwd = fwd;
    this.pot = pot;
  }

  /** Min-cost max-flow from src to sink, starting from the current potentials (valid: all residual reduced costs ≥ 0). */
  solve(src: number, sink: number): void {
    const V = this.V;
    const ws = {
      dist: new Float64Array(V),
      done: new Uint8Array(V),
      level: new Int32Array(V),
      it: new Int32Array(V),
      queue: new Int32Array(V),
      path: new Int32Array(V + 1),
      hk: new Float64Array(Math.max(1024, V)),
      hv: new Int32Array(Math.max(1024, V)),
    };
    while (this.dijkstra(src, sink, ws)) {
      this.phases++;
      // Max flow on the admissible graph (residual arcs of zero reduced cost): Dinic.
      while (this.levels(src, sink, ws.level, ws.queue)) this.blockingFlow(src, sink, ws.level, ws.it, ws.path);
    }
  }

  /** Dijkstra on reduced costs (lazy binary heap), stopping when the sink is settled; then updates the potentials. */
  private dijkstra(
    src: number,
    sink: number,
    ws: { dist: Float64Array; done: Uint8Array; hk: Float64Array; hv: Int32Array },
  ): boolean {
    const { V, to, cap, cost, start, pot } = this;
    const { dist, done } = ws;
    let hk = ws.hk;
    let hv = ws.hv;
    dist.fill(Infinity);
    done.fill(0);
    dist[src] = 0;
    hk[0] = 0;
    hv[0] = src;
    let hn = 1;
    while (hn > 0) {
      const d = hk[0]!;
      const u = hv[0]!;
      hn--;
      if (hn > 0) {
        const lk = hk[hn]!;
        const lv = hv[hn]!;
        let i = 0;
        for (;;) {
          let c = 2 * i + 1;
          if (c >= hn) break;
          if (c + 1 < hn && hk[c + 1]! < hk[c]!) c++;
          if (hk[c]! >= lk) break;
          hk[i] = hk[c]!;
          hv[i] = hv[c]!;
          i = c;
        }
        hk[i] = lk;
        hv[i] = lv;
      }
      if (done[u] === 1 || d > dist[u]!) continue;
      done[u] = 1;
      if (u === sink) break;
      const pu = pot[u]! + d;
      const e = start[u + 1]!;
      for (let p: number = start[u]!; p < e; p++) {
        if (cap[p]! <= 0) continue;
        const v = to[p]!;
        if (done[v] === 1) continue;
        const nd = pu + cost[p]! - pot[v]!;
        if (nd < dist[v]!) {
          dist[v] = nd;
          if (hn === hk.length) {
            const nk = new Float64Array(hn * 2);
            nk.set(hk);
            hk = ws.hk = nk;
            const nv = new Int32Array(hn * 2);
            nv.set(hv);
            hv = ws.hv = nv;
          }
          let i = hn++;
          while (i > 0) {
            const par = (i - 1) >> 1;
            if (hk[par]! <= nd) break;
            hk[i] = hk[par]!;
            hv[i] = hv[par]!;
            i = par;
          }
          hk[i] = nd;
          hv[i] = v;
        }
      }
    }
    if (done[sink] !== 1) return false;
    const dt = dist[sink]!;
    for (let v = 0; v < V; v++) {
      const d = dist[v]!;
      pot[v] = pot[v]! + (d < dt ? d : dt);
    }
    return true;
  }

  /** BFS levels over admissible arcs; false when the sink is not reached. */
  private levels(src: number, sink: number, level: Int32Array, queue: Int32Array): boolean {
    const { to, cap, cost, start, pot } = this;
    level.fill(-1);
    level[src] = 0;
    let qh = 0;
    let qt = 0;
    queue[qt++] = src;
    while (qh < qt) {
      const u = queue[qh++]!;
      const pu = pot[u]!;
      const lu = level[u]! + 1;
      const e = start[u + 1]!;
      for (let p = start[u]!; p < e; p++) {
        if (cap[p]! <= 0) continue;
        const v = to[p]!;
        if (level[v] !== -1 || cost[p]! + pu - pot[v]! !== 0) continue;
        level[v] = lu;
        if (v === sink) return true; // nothing beyond the sink matters
        queue[qt++] = v;
      }
    }
    return false;
  }

  /** Blocking flow in the level graph, iterative DFS with current-arc pointers. */
  private blockingFlow(src: number, sink: number, level: Int32Array, it: Int32Array, path: Int32Array): void {
    const { V, to, cap, cost, start, rev, pot } = this;
    it.set(start.subarray(0, V));
    const lt = level[sink]!;
    let depth = 0;
    let u = src;
    for (;;) {
      if (u === sink) {
        let f = 0x7fffffff;
        for (let i = 0; i < depth; i++) if (cap[path[i]!]! < f) f = cap[path[i]!]!;
        let first = -1;
        for (let i = 0; i < depth; i++) {
          const a = path[i]!;
          cap[a] = cap[a]! - f;
          cap[rev[a]!] = cap[rev[a]!]! + f;
          if (first < 0 && cap[a] === 0) first = i;
        }
        depth = first;
        u = to[rev[path[first]!]!]!;
        continue;
      }
      let advanced = false;
      const lu = level[u]! + 1;
      const pu = pot[u]!;
      const e = start[u + 1]!;
      let p = it[u]!;
      for (; p < e; p++) {
        const v = to[p]!;
        if (cap[p]! > 0 && level[v] === lu && (lu < lt || v === sink) && cost[p]! + pu - pot[v]! === 0) {
          path[depth++] = p;
          advanced = true;
          break;
        }
      }
      it[u] = p;
      if (advanced) {
        u = to[path[depth - 1]!]!;
      } else {
        level[u] = -2; // dead end in this level graph
        if (depth === 0) break;
        depth--;
        u = to[rev[path[depth]!]!]!;
        it[u] = it[u]! + 1;
      }
    }
  }

  /** Nodes reachable from src through residual arcs. */
  reachable(src: number): Uint8Array {
    return residualReach(this, src);
  }
}

/**
 * Nodes reachable from `src` through arcs with residual capacity, in a network in CSR form (arcs of
 * node u at start[u] … start[u+1]−1). Also used by the randomised assignment's network.
 */
export function residualReach(net: { V: number; start: ArrayLike<number>; to: ArrayLike<number>; cap: ArrayLike<number> }, src: number): Uint8Array {
  const { V, to, cap, start } = net;
  const seen = new Uint8Array(V);
  const queue = new Int32Array(V);
  let qh = 0;
  let qt = 0;
  seen[src] = 1;
  queue[qt++] = src;
  while (qh < qt) {
    const u = queue[qh++]!;
    for (let p = start[u]!, e = start[u + 1]!; p < e; p++) {
      if (cap[p]! > 0 && !seen[to[p]!]) {
        seen[to[p]!] = 1;
        queue[qt++] = to[p]!;
      }
    }
  }
  return seen;
}

// ───────────────────────────── the solver ─────────────────────────────

export function assignReviewers(input: AssignmentInput, options: AssignmentOptions = {}): AssignmentResult {
  const P = canonicalAssignment(input);
  const { S, R, k, maxLoad, conf, aff, forced, demand, slots, need, amax, wa, wb, wm, kS } = P;
  const affinityCandidates = options.affinityCandidates ?? 5 * k + 1;
  const zeroCandidates = options.zeroCandidates ?? k;
  const batch = Math.max(1, options.pricingBatch ?? 2 * k + 2);

  // Scratch marks per submission: excluded (conflict / forced / already a candidate) and affinity.
  const excl = new Int32Array(R).fill(-1);
  const affMark = new Int32Array(R).fill(-1);
  const affVal = new Float64Array(R);
  const markSubmission = (s: number): void => {
    for (let p = conf.start[s]!; p < conf.start[s + 1]!; p++) excl[conf.items[p]!] = s;
    for (let p = forced.start[s]!; p < forced.start[s + 1]!; p++) excl[forced.items[p]!] = s;
    for (let p = aff.start[s]!; p < aff.start[s + 1]!; p++) {
      affMark[aff.items[p]!] = s;
      affVal[aff.items[p]!] = aff.values[p]!;
    }
  };
  /** Only the exclusions of s: its conflicts and forced pairs. */
  const markExcluded = (s: number): void => {
    for (let p = conf.start[s]!; p < conf.start[s + 1]!; p++) excl[conf.items[p]!] = s;
    for (let p = forced.start[s]!; p < forced.start[s + 1]!; p++) excl[forced.items[p]!] = s;
  };
  /** affinity(s, r) (0 when none), by binary search in s's list (sorted by reviewer). */
  const affinityOf = (s: number, r: number): number => {
    let lo = aff.start[s]!;
    const end = aff.start[s + 1]!;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (aff.items[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return lo < end && aff.items[lo] === r ? aff.values[lo]! : 0;
  };

  const maxAffOf = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    let mx = 0;
    for (let p = aff.start[s]!, e = aff.start[s + 1]!; p < e; p++) if (aff.values[p]! > mx) mx = aff.values[p]!;
    maxAffOf[s] = mx;
  }

  // Initial candidate sets.
  const topKey = new Float64Array(Math.max(1, affinityCandidates));
  const topR = new Int32Array(Math.max(1, affinityCandidates));
  const topV = new Float64Array(Math.max(1, affinityCandidates));
  const posBuf = new Int32Array(R);
  const posVal = new Float64Array(R);
  const cand: number[][] = new Array(S);
  const candA: number[][] = new Array(S); // affinity of each candidate
  let stride = Math.max(1, Math.floor(R * 0.6180339887)) | 0;
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  while (R > 1 && gcd(stride, R) !== 1) stride++;
  for (let s = 0; s < S; s++) {
    const list: number[] = [];
    const listA: number[] = [];
    cand[s] = list;
    candA[s] = listA;
    if (demand[s] === 0 || R === 0) continue;
    if (options.dense) {
      markSubmission(s);
      for (let r = 0; r < R; r++) {
        if (excl[r] !== s && slots[r]! > 0) {
          list.push(r);
          listA.push(affMark[r] === s ? affVal[r]! : 0);
        }
      }
      continue;
    }
    // Only the exclusions are marked here (the affinities are read from s's own sorted list).
    markExcluded(s);
    const a0 = aff.start[s]!;
    const a1 = aff.start[s + 1]!;
    let nPos = 0;
    for (let p = a0; p < a1; p++) {
      const r = aff.items[p]!;
      if (excl[r] !== s && slots[r]! > 0) {
        posBuf[nPos] = r;
        posVal[nPos++] = aff.values[p]!;
      }
    }
    if (nPos > affinityCandidates) {
      // best affinity first, ties by a hash of the pair (spreads the load), then by index: the
      // `affinityCandidates` smallest (key, r), kept sorted by insertion (no full sort)
      let kept = 0;
      for (let i = 0; i < nPos; i++) {
        const r = posBuf[i]!;
        const v = posVal[i]!;
        const major = (amax - v) * 4294967296;
        // the hash is below 2^32: a lower affinity than the worst kept one cannot get in
        if (kept === affinityCandidates && major > topKey[kept - 1]!) continue;
        const key = major + mix(s, r);
        if (kept === affinityCandidates && !(key < topKey[kept - 1]! || (key === topKey[kept - 1]! && r < topR[kept - 1]!))) continue;
        let j = kept < affinityCandidates ? kept++ : kept - 1;
        while (j > 0 && (topKey[j - 1]! > key || (topKey[j - 1]! === key && topR[j - 1]! > r))) {
          topKey[j] = topKey[j - 1]!;
          topR[j] = topR[j - 1]!;
          topV[j] = topV[j - 1]!;
          j--;
        }
        topKey[j] = key;
        topR[j] = r;
        topV[j] = v;
      }
      nPos = kept;
      for (let i = 0; i < kept; i++) {
        posBuf[i] = topR[i]!;
        posVal[i] = topV[i]!;
      }
    }
    for (let i = 0; i < nPos; i++) {
      const r = posBuf[i]!;
      list.push(r);
      listA.push(posVal[i]!);
      excl[r] = s;
    }
    let got = 0;
    let r = mix(s, 0x51ed) % R;
    for (let i = 0; i < R && got < zeroCandidates; i++, r = (r + stride) % R) {
      if (excl[r] === s || slots[r]! <= 0) continue;
      // r has a positive affinity with s? (binary search in s's sorted list)
      let lo = a0;
      let hi = a1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (aff.items[mid]! < r) lo = mid + 1;
        else hi = mid;
      }
      if (lo < a1 && aff.items[lo] === r) continue;
      list.push(r);
      listA.push(0);
      excl[r] = s;
      got++;
    }
  }

  const src = 0;
  const sink = S + R + 1;
  const auxSrc = S + R + 2; // only used to re-balance after pricing (warm start)
  const auxSink = S + R + 3;
  const V = S + R + 4;
  const revNode = 1 + S;
  let totalSlots = 0;
  for (let r = 0; r < R; r++) totalSlots += slots[r]!;

  let rounds = 0;
  let phases = 0;
  let pricedArcs = 0;
  let pot: Float64Array = new Float64Array(V);
  let candFlow: Uint8Array = new Uint8Array(0); // flow of each candidate arc, flattened in (s, list order)
  let candStart = new Int32Array(S + 1);
  let net: Network | undefined;
  let known = new Int32Array(S); // how many of cand[s] existed in the previous round (their flow is in candFlow)
  for (;;) {
    rounds++;
    const oldStart = candStart;
    const oldFlow = candFlow;
    candStart = new Int32Array(S + 1);
    let nc = 0;
    for (let s = 0; s < S; s++) {
      candStart[s] = nc;
      nc += cand[s]!.length;
    }
    candStart[S] = nc;
    candFlow = new Uint8Array(nc);
    const mMax = S + nc + totalSlots + R + S;
    const tails = new Int32Array(mMax);
    const heads = new Int32Array(mMax);
    const caps = new Int32Array(mMax);
    const costs = new Float64Array(mMax);
    const flows = new Int32Array(mMax);
    let m = 0;
    const arc = (u: number, v: number, c: number, w: number, f: number): number => {
      tails[m] = u;
      heads[m] = v;
      caps[m] = c;
      costs[m] = w;
      flows[m] = f;
      return m++;
    };
    // Carry the previous flow over; a new arc with negative reduced cost starts saturated,
    // leaving an excess at its reviewer and a deficit at its submission (re-balanced below).
    const excess = new Int32Array(V);
    const subFlow = new Int32Array(S);
    const revFlow = new Int32Array(R);
    const candArc = new Int32Array(nc);
    for (let s = 0; s < S; s++) {
      const list = cand[s]!;
      const listA = candA[s]!;
      if (list.length === 0) continue;
      for (let i = 0; i < list.length; i++) {
        const r = list[i]!;
        const w = wa * (amax - listA[i]!);
        let f = 0;
        if (i < known[s]!) f = oldFlow[oldStart[s]! + i]!;
        else if (w + pot[1 + s]! - pot[revNode + r]! < 0) {
          f = 1;
          excess[revNode + r]!++;
          excess[1 + s]!--;
        }
        if (i < known[s]!) subFlow[s]! += f;
        revFlow[r]! += f;
        candArc[candStart[s]! + i] = arc(1 + s, revNode + r, 1, w, f);
      }
      known[s] = list.length;
    }
    for (let s = 0; s < S; s++) if (demand[s]! > 0) arc(src, 1 + s, demand[s]!, 0, subFlow[s]!);
    for (let r = 0; r < R; r++) {
      const base = P.forcedLoadR[r]!;
      // the j-th slot costs wb·(forced_r + j), plus wm beyond the minimum: convex in j
      for (let j = 1; j <= slots[r]!; j++) {
        arc(revNode + r, sink, 1, wb * (base + j) + (j > need[r]! ? wm : 0), j <= revFlow[r]! - Math.max(0, excess[revNode + r]!) ? 1 : 0);
      }
    }
    const auxFrom = m;
    let moved = 0;
    let hiPot = -Infinity;
    let loPot = Infinity;
    for (let v = 0; v < V; v++) {
      if (excess[v]! > 0) {
        arc(auxSrc, v, excess[v]!, 0, 0);
        moved += excess[v]!;
        hiPot = Math.max(hiPot, pot[v]!);
      } else if (excess[v]! < 0) {
        arc(v, auxSink, -excess[v]!, 0, 0);
        loPot = Math.min(loPot, pot[v]!);
      }
    }
    const auxTo = m;
    net = new Network(V, m, tails, heads, caps, costs, flows, pot);
    if (moved > 0) {
      // Re-balance: route every excess to a deficit along shortest paths (keeps the potentials valid).
      pot[auxSrc] = hiPot;
      pot[auxSink] = loPot;
      net.solve(auxSrc, auxSink);
      let routed = 0;
      for (let i = auxFrom; i < auxTo; i++) {
        const pf = net.fwd[i]!;
        if (tails[i] === auxSrc) routed += net.cap[net.rev[pf]!]!;
        net.cap[pf] = 0;
        net.cap[net.rev[pf]!] = 0;
      }
      if (routed !== moved) throw new Error(`assignment: re-balancing failed (${routed}/${moved})`);
    }
    net.solve(src, sink);
    phases += net.phases;
    for (let i = 0; i < nc; i++) candFlow[i] = net.cap[net.fwd[candArc[i]!]!] === 0 ? 1 : 0;
    pot = net.pot;
    if (options.dense) break;
    const added = price(net);
    pricedArcs += added;
    if (added === 0) break;
  }

  /** Pricing: adds violating missing arcs to `cand`; returns how many. */
  function price(n: Network): number {
    const { pot, cap, cost, to, start, rev } = n;
    // Tighten the dual: reviewers as low, submissions as high, as the residual arcs allow.
    for (let r = 0; r < R; r++) {
      const v = 1 + S + r;
      let lo = -Infinity;
      for (let p = start[v]!; p < start[v + 1]!; p++) {
        if (cap[p]! > 0) lo = Math.max(lo, pot[to[p]!]! - cost[p]!);
      }
      if (lo > -Infinity && lo < pot[v]!) pot[v] = lo;
    }
    for (let s = 0; s < S; s++) {
      const v = 1 + s;
      let hi = Infinity;
      for (let p = start[v]!; p < start[v + 1]!; p++) {
        const a = rev[p]!; // the arc into v
        if (cap[a]! > 0) hi = Math.min(hi, pot[to[p]!]! + cost[a]!);
      }
      if (hi < Infinity && hi > pot[v]!) pot[v] = hi;
    }
    const reach = n.reachable(src);
    const live: number[] = [];
    for (let r = 0; r < R; r++) if (slots[r]! > 0) live.push(r);
    const byPot = (x: number, y: number): number => pot[1 + S + y]! - pot[1 + S + x]! || x - y;
    const inReach = live.filter((r) => reach[1 + S + r]).sort(byPot);
    const outReach = live.filter((r) => !reach[1 + S + r]).sort(byPot);
    /** 1 for a reviewer with free slots that the source cannot reach. */
    const outR = new Uint8Array(R);
    for (const r of outReach) outR[r] = 1;
    const c0 = wa * amax;
    const maxPotIn = inReach.length ? pot[1 + S + inReach[0]!]! : -Infinity;
    const maxPotOut = outReach.length ? pot[1 + S + outReach[0]!]! : -Infinity;
    let added = 0;
    const vr: number[] = [];
    const vc: number[] = [];
    const idx: number[] = [];
    for (let s = 0; s < S; s++) {
      if (demand[s] === 0) continue;
      const list = cand[s]!;
      const sReach = reach[1 + s] === 1;
      const ps = pot[1 + s]!;
      const zeroPossible = sReach ? outReach.length > 0 || maxPotIn > ps + c0 : maxPotOut > ps + c0;
      const bestPositive = wa * (amax - maxAffOf[s]!) + ps - (sReach ? Math.max(maxPotIn, maxPotOut) : maxPotOut);
      if (!zeroPossible && !(aff.start[s + 1]! > aff.start[s]! && (sReach || bestPositive < 0))) continue;
      // s's exclusions are marked only once a pair needs them (affinities: binary search).
      let marked = false;
      vr.length = 0;
      vc.length = 0;
      // no positive-affinity pair of s can violate when even the best one cannot
      const bestRc = wa * (amax - maxAffOf[s]!) + ps - (sReach ? Math.max(maxPotIn, maxPotOut) : maxPotOut);
      const scanPositive = sReach || bestRc < 0;
      if (scanPositive && !sReach) {
        // s unreachable: only unreachable reviewers with a negative reduced cost qualify (the
        // loop below, with its tests reordered: cheapest first).
        for (let p = aff.start[s]!, e = aff.start[s + 1]!; p < e; p++) {
          const r = aff.items[p]!;
          const rc = wa * (amax - aff.values[p]!) + ps - pot[1 + S + r]!;
          if (!(rc < 0) || outR[r] === 0) continue;
          if (!marked) {
            markExcluded(s);
            for (const x of list) excl[x] = s;
            marked = true;
          }
          if (excl[r] === s) continue;
          vr.push(r);
          vc.push(rc);
        }
      } else if (scanPositive) {
        markExcluded(s);
        for (const x of list) excl[x] = s;
        marked = true;
      }
      for (let p = scanPositive && sReach ? aff.start[s]! : aff.start[s + 1]!; p < aff.start[s + 1]!; p++) {
        const r = aff.items[p]!;
        if (excl[r] === s || slots[r]! <= 0) continue;
        const rReach = reach[1 + S + r] === 1;
        if (sReach && !rReach) {
          vr.push(r);
          vc.push(-Infinity);
        } else if (sReach === rReach) {
          const rc = wa * (amax - aff.values[p]!) + ps - pot[1 + S + r]!;
          if (rc < 0) {
            vr.push(r);
            vc.push(rc);
          }
        }
      }
      const scan = (rs: number[], always: boolean): void => {
        let got = 0;
        for (const r of rs) {
          if (got >= batch) break;
          const rc = always ? -Infinity : c0 + ps - pot[1 + S + r]!;
          if (rc >= 0) break;
          if (!marked) {
            markExcluded(s);
            for (const x of list) excl[x] = s;
            marked = true;
          }
          if (excl[r] === s || affinityOf(s, r) > 0) continue;
          vr.push(r);
          vc.push(rc);
          got++;
        }
      };
      if (sReach) {
        scan(outReach, true);
        scan(inReach, false);
      } else {
        scan(outReach, false);
      }
      if (vr.length === 0) continue;
      idx.length = 0;
      for (let i = 0; i < vr.length; i++) idx.push(i);
      idx.sort((x, y) => vc[x]! - vc[y]! || vr[x]! - vr[y]! || 0);
      const take = Math.min(batch, idx.length);
      for (let i = 0; i < take; i++) {
        const r = vr[idx[i]!]!;
        list.push(r);
        candA[s]!.push(affinityOf(s, r));
      }
      added += take;
    }
    return added;
  }

  // ── Read the answer ──
  const assigned: number[][] = new Array(S);
  const loads = new Int32Array(R);
  let totalAffinity = 0;
  let reviews = 0;
  for (let s = 0; s < S; s++) {
    const rs: number[] = [];
    if (forced.start[s + 1]! > forced.start[s]!) {
      markSubmission(s);
      for (let p = forced.start[s]!; p < forced.start[s + 1]!; p++) {
        const r = forced.items[p]!;
        rs.push(r);
        if (affMark[r] === s) totalAffinity += affVal[r]!;
      }
    }
    const list = cand[s]!;
    const listA = candA[s]!;
    for (let i = 0; i < list.length; i++) {
      if (candFlow[candStart[s]! + i] === 1) {
        rs.push(list[i]!);
        totalAffinity += listA[i]!;
      }
    }
    rs.sort((x, y) => x - y);
    for (const r of rs) loads[r]!++;
    reviews += rs.length;
    assigned[s] = rs;
  }
  let balance = 0;
  let minimums = 0;
  for (let r = 0; r < R; r++) {
    balance += (loads[r]! * (loads[r]! + 1)) / 2;
    minimums += Math.min(loads[r]!, P.minR[r]!);
  }

  const pairs: Pair[] = [];
  for (let s = 0; s < S; s++) for (const r of assigned[s]!) pairs.push({ submission: P.subs[s]!, reviewer: P.revs[r]! });
  const loadRecord: Record<string, number> = {};
  for (let r = 0; r < R; r++) loadRecord[P.revs[r]!] = loads[r]!;

  // ── Explain shortfalls ──
  const shortfalls: AssignmentResult['shortfalls'] = [];
  for (let s = 0; s < S; s++) {
    const got = assigned[s]!.length;
    if (got >= kS[s]!) continue;
    const missing = kS[s]! - got;
    const conflicts = conf.start[s + 1]! - conf.start[s]!;
    const eligible = R - conflicts;
    const others = eligible - got; // eligible reviewers not on this submission: all at their cap (max flow)
    const facts: ShortfallFacts = {
      cause: R === 0 ? 'no-reviewers' : others === 0 ? 'conflicts' : 'capacity',
      reviewers: R,
      eligible,
      conflicts,
      others,
      k: kS[s]!,
      ...(P.maxOverridden ? {} : { maxLoad }),
    };
    shortfalls.push({ submission: P.subs[s]!, missing, reason: shortfallReason(facts), cause: facts.cause, facts });
  }

  const minimumShortfalls = minimums < sumMin(P) ? explainMinimums(P, loads) : [];
  const cost = -P.wc * (reviews + minimums) - wa * totalAffinity + wb * balance;
  return {
    pairs,
    loads: loadRecord,
    totalAffinity,
    cost,
    objective: { reviews, minimums, affinity: totalAffinity, balance, order: P.order },
    shortfalls,
    minimumShortfalls,
    feasible: shortfalls.length === 0 && minimumShortfalls.length === 0,
    stats: { rounds, phases, candidateArcs: candStart[S]!, pricedArcs },
  };
}

const sumMin = (P: CanonicalAssignment): number => {
  let n = 0;
  for (let r = 0; r < P.R; r++) n += P.minR[r]!;
  return n;
};

/** Pairs in the explanation network beyond which only the simple, per-reviewer explanation is given. */
const EXPLAIN_MAX_ARCS = 4_000_000;

/**
 * Why the minimum loads cannot all be met. A max flow on the minimums alone (source → submission:
 * its free demand; submission → reviewer: each eligible pair; reviewer → sink: min_r − forced_r)
 * falls short of Σ(min_r − forced_r) exactly when no assignment meets them (the solver's optimum
 * has the same shortfall). Its smallest min cut names the culprits: the reviewers X that can still
 * reach the sink in the residual graph satisfy
 *   Σ_{r∈X} (min_r − forced_r)  −  Σ_s min(free demand_s, |eligible(s) ∩ X|)  =  the shortfall
 * (Hall's condition, violated). X is split into its connected groups, one reason per group.
 */
function explainMinimums(P: CanonicalAssignment, loads: Int32Array): MinimumShortfall[] {
  const { S, R, conf, forced, demand, need, minR, revs } = P;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const names = (ids: string[]): string => {
    const shown = ids.length > 6 ? ids.slice(0, 5) : ids;
    const rest = ids.length - shown.length;
    if (rest > 0) return `${shown.map((x) => `"${x}"`).join(', ')} and ${rest} others`;
    return shown.length === 1 ? `"${shown[0]}"` : `${shown.slice(0, -1).map((x) => `"${x}"`).join(', ')} and "${shown[shown.length - 1]}"`;
  };
  const confR = new Int32Array(R); // conflicts per reviewer
  for (let p = 0; p < conf.items.length; p++) confR[conf.items[p]!]!++;
  const missingOf = (rs: number[]): number => rs.reduce((n, r) => n + Math.max(0, minR[r]! - loads[r]!), 0);
  const minimumOf = (rs: number[]): number | null => (rs.every((r) => minR[r] === minR[rs[0]!]) ? minR[rs[0]!]! : null);
  const theirMin = (m: number | null): string => (m === null ? 'their minimums' : `their minimum of ${m}`);
  const said = (head: string, detail: string): { reason: string; detail: string } => ({ reason: `${head}: ${detail}`, detail });

  const needy: number[] = [];
  for (let r = 0; r < R; r++) if (need[r]! > 0) needy.push(r);
  let arcs = 0;
  for (let s = 0; s < S; s++) if (demand[s]! > 0) arcs += needy.length;
  const excl = new Int32Array(R).fill(-1);
  const markExcluded = (s: number): void => {
    for (let p = conf.start[s]!; p < conf.start[s + 1]!; p++) excl[conf.items[p]!] = s;
    for (let p = forced.start[s]!; p < forced.start[s + 1]!; p++) excl[forced.items[p]!] = s;
  };

  if (arcs > EXPLAIN_MAX_ARCS) {
    // Too big for the exact explanation: the pool-wide count when it already fails, else the
    // reviewers short of their minimum with a general reason.
    const short = needy.filter((r) => loads[r]! < minR[r]!);
    let wanted = 0;
    for (let s = 0; s < S; s++) wanted += demand[s]!;
    const needed = needy.reduce((n, r) => n + need[r]!, 0);
    if (needed > wanted) {
      const minimum = minimumOf(needy);
      return [
        {
          reviewers: needy.map((r) => revs[r]!),
          minimum,
          needed,
          missing: missingOf(needy),
          ...said(
            `reviewers ${names(needy.map((r) => revs[r]!))} cannot all reach ${theirMin(minimum)}`,
            `they need ${plural(needed, 'review')} between them, but the submissions ask for only ${plural(wanted, 'review')} in all`,
          ),
          cause: 'demand',
        },
      ];
    }
    return [
      {
        reviewers: short.map((r) => revs[r]!),
        minimum: minimumOf(short),
        needed: short.reduce((n, r) => n + need[r]!, 0),
        missing: missingOf(short),
        ...said(
          `${short.length === 1 ? 'reviewer' : 'reviewers'} ${names(short.map((r) => revs[r]!))} cannot ${short.length === 1 ? '' : 'all '}reach ${theirMin(minimumOf(short))}`,
          "their conflicts of interest and the submissions' demands leave too few reviews for them",
        ),
        cause: 'conflicts',
      },
    ];
  }

  // The network of the minimums alone.
  const src = 0;
  const sink = S + R + 1;
  const V = S + R + 2;
  const m = S + arcs + R;
  const tails = new Int32Array(m);
  const heads = new Int32Array(m);
  const caps = new Int32Array(m);
  let e = 0;
  const isNeedy = new Uint8Array(R);
  for (const r of needy) isNeedy[r] = 1;
  let totalDemand = 0;
  for (let s = 0; s < S; s++) {
    if (demand[s]! === 0) continue;
    totalDemand += demand[s]!;
    tails[e] = src;
    heads[e] = 1 + s;
    caps[e++] = demand[s]!;
    markExcluded(s);
    for (const r of needy) {
      if (excl[r] === s) continue;
      tails[e] = 1 + s;
      heads[e] = 1 + S + r;
      caps[e++] = 1;
    }
  }
  for (const r of needy) {
    tails[e] = 1 + S + r;
    heads[e] = sink;
    caps[e++] = need[r]!;
  }
  const net = new Network(V, e, tails, heads, caps, new Float64Array(e), new Int32Array(e), new Float64Array(V));
  net.solve(src, sink);
  // T: nodes that still reach the sink through residual arcs (the smallest sink side of a min cut).
  const { to, cap, start, rev } = net;
  const inT = new Uint8Array(V);
  const queue = new Int32Array(V);
  let qh = 0;
  let qt = 0;
  inT[sink] = 1;
  queue[qt++] = sink;
  while (qh < qt) {
    const v = queue[qh++]!;
    for (let p = start[v]!; p < start[v + 1]!; p++) {
      const u = to[p]!;
      if (!inT[u] && cap[rev[p]!]! > 0) {
        inT[u] = 1;
        queue[qt++] = u;
      }
    }
  }
  // Connected groups of X (union–find over the eligible pairs into X).
  const parent = Int32Array.from({ length: V }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const inX = (v: number): boolean => v > S && v <= S + R && inT[v] === 1;
  const intoX = new Int32Array(S); // |eligible(s) ∩ X|
  for (let s = 0; s < S; s++) {
    for (let p = start[1 + s]!; p < start[2 + s]!; p++) {
      const v = to[p]!;
      if (!inX(v)) continue;
      intoX[s]!++;
      parent[find(1 + s)] = find(v);
    }
  }
  const groups = new Map<number, { rs: number[]; ss: number[] }>();
  for (let r = 0; r < R; r++) {
    if (!inX(1 + S + r)) continue;
    const g = find(1 + S + r);
    if (!groups.has(g)) groups.set(g, { rs: [], ss: [] });
    groups.get(g)!.rs.push(r);
  }
  for (let s = 0; s < S; s++) if (intoX[s]! > 0) groups.get(find(1 + s))!.ss.push(s);

  const out: MinimumShortfall[] = [];
  const shutOut: number[] = []; // reviewers who may review no submission at all
  for (const { rs, ss } of groups.values()) {
    const needed = rs.reduce((n, r) => n + need[r]!, 0);
    const capacity = ss.reduce((n, s) => n + Math.min(demand[s]!, intoX[s]!), 0);
    if (needed <= capacity) continue;
    if (ss.length === 0) {
      shutOut.push(...rs);
      continue;
    }
    const minimum = minimumOf(rs);
    const kept = rs.some((r) => P.forcedLoadR[r]! > 0);
    const cause: MinimumShortfall['cause'] = capacity === totalDemand ? 'demand' : 'conflicts';
    let text: { reason: string; detail: string };
    if (rs.length === 1) {
      const r = rs[0]!;
      const notConflicted = S - confR[r]!;
      text = said(
        `reviewer "${revs[r]}" cannot reach ${theirMin(minimum)}`,
        cause === 'demand'
          ? `the submissions ask for only ${plural(capacity, 'review')}${kept ? ' more' : ''} in all`
          : capacity === notConflicted
            ? `only ${plural(capacity, 'submission')} they are not conflicted with`
            : `only ${capacity} of the ${plural(notConflicted, 'submission')} they are not conflicted with still ${capacity === 1 ? 'wants' : 'want'} a review`,
      );
    } else {
      text = said(
        `reviewers ${names(rs.map((r) => revs[r]!))} cannot all reach ${theirMin(minimum)}`,
        `they need ${plural(needed, 'review')}${kept ? ' more' : ''} between them, but ` +
          (cause === 'demand'
            ? `the ${plural(ss.length, 'submission')} ask for only ${plural(capacity, 'review')} in all`
            : `the ${plural(ss.length, 'submission')} they are not conflicted with can take only ${capacity} of them`),
      );
    }
    out.push({ reviewers: rs.map((r) => revs[r]!), minimum, needed, missing: missingOf(rs), ...text, cause });
  }
  if (shutOut.length > 0) {
    shutOut.sort((a, b) => a - b);
    const minimum = minimumOf(shutOut);
    const one = shutOut.length === 1;
    const why = totalDemand === 0 ? 'no submission wants a review' : `${one ? 'they have' : 'each has'} a conflict of interest with every submission that still wants a review`;
    out.push({
      reviewers: shutOut.map((r) => revs[r]!),
      minimum,
      needed: shutOut.reduce((n, r) => n + need[r]!, 0),
      missing: missingOf(shutOut),
      ...said(`${one ? 'reviewer' : 'reviewers'} ${names(shutOut.map((r) => revs[r]!))} cannot reach ${theirMin(minimum)}`, why),
      cause: totalDemand === 0 ? 'demand' : 'conflicts',
    });
  }
  out.sort((a, b) => cmp(a.reviewers[0]!, b.reviewers[0]!));
  return out;
}
