/**
 * The parts of the ranking's rules (ranking.ts) that the views of a ranking need without computing
 * one: the tie-break order as written for people, rounding, percentiles of a cohort, the funding
 * line of a prize plan. A module of its own so that the API areas which show a stored ranking do
 * not load the calibration code (use-cases/ranking-compute.ts is imported only where one is
 * computed); ranking.ts exports these too.
 */

/** The ranking order, applied rule by rule until one decides. Written for people. */
export const TIE_BREAK_RULES: string[] = [
  'more rounds reviewed: a submission reviewed in fewer rounds (e.g. not shortlisted for a later round) ranks after every submission reviewed in more rounds',
  'higher final score, compared after rounding to 6 decimals',
  'higher score in the most heavily weighted round, then in the next most heavily weighted round, and so on (rounds of equal weight in order of round id; no score in a round counts as lowest; compared after rounding to 6 decimals)',
  'more reviews in total over all rounds',
  'earlier submission time (submittedAt)',
  'submission id in character-code order (the earlier id ranks higher)',
];

/**
 * The funding line a prize plan implies, for `options.topK`: the most places it pays for — its
 * lowest prize rank, its lump sums' top N, its vouchers' count — or undefined without any.
 */
export function fundingLine(plan: { rankPrizes: readonly { rank: number }[]; lumpSum?: { topN: number }; vouchers?: { count: number } } | undefined): number | undefined {
  if (!plan) return undefined;
  const k = Math.max(0, ...plan.rankPrizes.map((p) => p.rank), plan.lumpSum?.topN ?? 0, plan.vouchers?.count ?? 0);
  return Number.isInteger(k) && k >= 1 ? k : undefined;
}

/** Rounds to 6 decimals: every figure shown, and every score comparison, uses this. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/**
 * Percentile rank of `value` among `values`, 0–100, for the feedback report ("80th percentile"):
 * 100 × (number of values below + ½ × number of values equal) ÷ number of values. Equal means
 * equal after rounding to 6 decimals, so tied submissions share a percentile. `value` need not be
 * one of `values`. Throws on an empty list.
 */
export function percentileOf(value: number, values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('percentileOf: no values to compare with');
  const v = round6(value);
  let below = 0;
  let equal = 0;
  for (const x of values) {
    const r = round6(x);
    if (r < v) below++;
    else if (r === v) equal++;
  }
  return (100 * (below + equal / 2)) / values.length;
}

/**
 * `percentileOf(value, values)` for many values against one cohort: the cohort is rounded and
 * sorted once, each percentile is then two binary searches (the same counts, so the same figure).
 */
export function percentileRanker(values: readonly number[]): (value: number) => number {
  if (values.length === 0) throw new RangeError('percentileRanker: no values to compare with');
  const sorted = Float64Array.from(values, round6).sort();
  const n = sorted.length;
  /** The first index whose value is not below `v` (strictly: not at or below `v`). */
  const bound = (v: number, strict: boolean) => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v || (strict && sorted[mid] === v)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return (value) => {
    const v = round6(value);
    const below = bound(v, false);
    const equal = bound(v, true) - below;
    return (100 * (below + equal / 2)) / n;
  };
}
