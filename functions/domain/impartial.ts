/**
 * Impartial peer selection: Exact Dollar Partition (Aziz, Lev, Mattei, Rosenschein, Walsh, AAAI
 * 2016; the exact version in Artificial Intelligence 275, 2019), and, for organisers, each
 * reviewer's distance from the consensus on the submissions they reviewed. Pure TypeScript.
 *
 * The mechanism, in the order it runs:
 * 1. Clusters. The entrants are dealt into ℓ clusters: sorted by a hash of (seed, submission id)
 *    and dealt round-robin, so cluster sizes differ by at most one and the partition depends only
 *    on who entered and the seed — never on any score. ℓ is the organiser's (default 2: the only choice under which even the drawn selection cannot move — see below), lowered
 *    when needed so that no cluster can be owed more places than it has members (see 3).
 * 2. Dollars. Each entrant's team has one "dollar" to hand out, over the competitors it reviewed
 *    in other clusters, in proportion to its review scores (0–100): score ÷ the sum of its scores.
 *    A team that scored every one of them 0 splits the dollar equally; a team with no usable review
 *    splits it equally over every entrant outside its cluster. Reviews of one's own cluster (an
 *    assignment made before the clusters changed) and of one's own submission count for nothing.
 *    A reviewer who is not an entrant (e.g. a team not in this round's scope) hands out a dollar
 *    too, when it has reviews. The total handed out, S, is therefore fixed by who takes part.
 * 3. Quotas. Cluster C's quota is t_C = k × (dollars C received) ÷ S. Nobody in C gives C
 *    anything, so nothing a member of C writes changes t_C. ℓ is chosen so that t_C ≤ |C| is
 *    guaranteed whatever the scores: k × (n − |C| + o) ≤ |C| × (n + o) for the smallest cluster
 *    (o = reviewers who are not entrants).
 * 4. Exact allocation. The quotas sum to k; they are rounded by systematic sampling: one seeded
 *    draw u in [0, 1), the points u, u + 1, …, u + k − 1 on the line where the clusters' quotas
 *    lie end to end, and each cluster gets the points that fall in its stretch — ⌊t_C⌋ or ⌈t_C⌉
 *    places, ⌈t_C⌉ with probability exactly frac(t_C), k in all.
 * 5. Within a cluster, the places go to the members with the best merit: the mean, over the
 *    reviews they received from other clusters, of (score − that reviewer's mean score), points
 *    of 100 — a reviewer's relative opinion, 0 = as good as the reviewer's average, so a reviewer
 *    who gives everyone the same score (the minimum, say) moves nobody. (Measured in
 *    bench/strategic.ts: recovers more of the true top k than score ÷ the reviewer's mean, with
 *    or without strategic reviewers.) Ties: more dollars, then a hash of (seed, id), then id.
 *    Members without a review from another cluster come last.
 *
 * What it guarantees (tests/unit/impartial.test.ts checks it exhaustively on small rounds and by
 * property tests on large ones): whatever one entrant's team scores, its own cluster's quota and
 * its own place in the cluster stay exactly the same, so its chance of being selected stays
 * exactly the same; exactly min(k, n) entrants are selected. With the draw fixed, the only
 * entrant of a cluster whose selection can move at all is the one just past ⌊t_C⌋ (the marginal
 * place of a cluster whose quota is fractional), and only through which cluster the draw's point
 * falls in — never its chance. That is inherent to rounding quotas that others move to an exact
 * total with three or more clusters: for the draw itself never to matter, each cluster's count
 * would have to depend on its own quota alone, and such counts cannot always sum to k. With two
 * clusters the quotas are fixed by the clusters' sizes and even the drawn selection cannot move
 * (tested). The draw's seed is the round's, so the shortlist is reproducible.
 */

/** Clusters when the organiser names none. */
export const DEFAULT_CLUSTERS = 2;

export interface ImpartialEntrant {
  submissionId: string;
  /** The team's reviewer account (peer rounds: the account that submitted). */
  reviewerId: string;
}

export interface ImpartialReview {
  reviewerId: string;
  submissionId: string;
  /** The review's score, 0–100 (any non-negative number). */
  score: number;
}

export interface ImpartialInput {
  entrants: ImpartialEntrant[];
  reviews: ImpartialReview[];
  /** Places to fill. */
  k: number;
  /** Clusters wanted (default DEFAULT_CLUSTERS); lowered when the round needs fewer. */
  clusters?: number;
  seed: string;
}

export interface ClusterOutcome {
  index: number;
  size: number;
  /** k × dollars received ÷ dollars handed out. */
  quota: number;
  /** Places it got: ⌊quota⌋ or ⌈quota⌉. */
  places: number;
}

export interface EntrantOutcome {
  submissionId: string;
  cluster: number;
  /** 1 = first in its cluster. */
  position: number;
  /** Mean of (score − the reviewer's mean) from other clusters' reviewers, points of 100; null when none reviewed it. */
  merit: number | null;
  /** Dollars received from other clusters. */
  dollars: number;
  /** Reviews from other clusters that counted. */
  reviews: number;
  selected: boolean;
  /** Chance of selection over the draw (0, 1, or the quota's fraction for the marginal place). */
  chance: number;
}

export interface ImpartialResult {
  /** Clusters used (may be fewer than asked). */
  clusters: number;
  k: number;
  draw: number;
  clusterOutcomes: ClusterOutcome[];
  /** Every entrant, by cluster then position. */
  entrants: EntrantOutcome[];
  /** The selected submission ids, sorted. */
  selected: string[];
  /** Reviews that counted for nothing (own submission, own cluster, unknown submission). */
  ignoredReviews: number;
}

// ---- hashing and the seeded draw -----------------------------------------------------------------

/** cyrb53: a 53-bit string hash, as a number in [0, 2^53). */
export function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The seeded draw u in [0, 1). */
export const drawOf = (seed: string): number => hash53(`draw\n${seed}`) / 2 ** 53;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// ---- 1. clusters -----------------------------------------------------------------------------------

/**
 * Clusters for `entrants` (submission ids): balanced (sizes differ by ≤ 1), deterministic, seeded.
 * Depends only on the set of ids and the seed.
 */
export function clustersOf(submissionIds: readonly string[], clusters: number, seed: string): Map<string, number> {
  const ids = [...new Set(submissionIds)].map((id) => ({ id, h: hash53(`cluster\n${seed}\n${id}`) }));
  ids.sort((a, b) => a.h - b.h || cmp(a.id, b.id));
  const l = Math.max(1, Math.min(clusters, ids.length));
  return new Map(ids.map((x, i) => [x.id, i % l]));
}

/**
 * The clusters to use for n entrants, k places and o reviewers who are not entrants: the largest
 * ℓ ≤ `wanted` (≥ 2) for which no cluster can be owed more places than it has members. Undefined
 * when even two clusters cannot guarantee it (k close to n): then the round cannot run impartially.
 */
export function usableClusters(n: number, k: number, wanted: number = DEFAULT_CLUSTERS, outsiders = 0): number | undefined {
  for (let l = Math.min(Math.floor(wanted), n); l >= 2; l--) {
    const c = Math.floor(n / l);
    if (k * (n - c + outsiders) <= c * (n + outsiders)) return l;
  }
  return undefined;
}

/** Why a round cannot select impartially, or undefined when it can (k ≥ n selects everyone). */
export function impartialProblem(n: number, k: number, wanted?: number, outsiders = 0): string | undefined {
  if (k >= n || n === 0) return undefined;
  if (usableClusters(n, k, wanted, outsiders) === undefined)
    return `${k} places among ${n} entrants is too many to choose impartially (at most about half as many places as entrants, or all of them).`;
  return undefined;
}

/** The clusters a round's assignment and its selection use: undefined when no clustering is needed or possible. */
export function roundClusters(submissionIds: readonly string[], k: number, wanted: number | undefined, seed: string, outsiders = 0): Map<string, number> | undefined {
  const n = new Set(submissionIds).size;
  if (k >= n) return undefined;
  const l = usableClusters(n, k, wanted, outsiders);
  return l === undefined ? undefined : clustersOf(submissionIds, l, seed);
}

export class ImpartialError extends Error {}

// ---- 2–5. the selection -------------------------------------------------------------------------------

export function impartialSelection(input: ImpartialInput): ImpartialResult {
  const k = input.k;
  if (!Number.isSafeInteger(k) || k < 1) throw new ImpartialError('k must be a positive integer.');
  const subs = [...new Set(input.entrants.map((e) => e.submissionId))].sort(cmp);
  const n = subs.length;
  const draw = drawOf(input.seed);
  const ownerOf = new Map<string, string>(); // reviewerId → own submission
  for (const e of input.entrants) ownerOf.set(e.reviewerId, e.submissionId);
  const isEntrant = new Set(subs);

  // One score per (reviewer, submission): duplicates are averaged (order-free).
  const pairs = new Map<string, Map<string, { sum: number; n: number }>>();
  let ignored = 0;
  for (const r of input.reviews) {
    if (!isEntrant.has(r.submissionId) || !(r.score >= 0) || !Number.isFinite(r.score)) {
      ignored++;
      continue;
    }
    let m = pairs.get(r.reviewerId);
    if (!m) pairs.set(r.reviewerId, (m = new Map()));
    const p = m.get(r.submissionId) ?? { sum: 0, n: 0 };
    p.sum += r.score;
    p.n++;
    m.set(r.submissionId, p);
  }
  const outsiders = [...pairs.keys()].filter((id) => !ownerOf.has(id) || !isEntrant.has(ownerOf.get(id)!)).sort(cmp);

  const cluster = roundClusters(subs, k, input.clusters, input.seed, outsiders.length) ?? new Map(subs.map((s) => [s, 0] as const));
  const everyone = k >= n;
  if (!everyone && usableClusters(n, k, input.clusters, outsiders.length) === undefined) throw new ImpartialError(impartialProblem(n, k, input.clusters, outsiders.length)!);
  const L = everyone ? 1 : usableClusters(n, k, input.clusters, outsiders.length)!;
  const members: string[][] = Array.from({ length: L }, () => []);
  for (const s of subs) members[cluster.get(s)!]!.push(s);

  // Dollars and relative scores, reviewer by reviewer in id order (so sums never depend on scores' order).
  const dollars = new Map<string, number>(subs.map((s) => [s, 0]));
  const rel = new Map<string, number[]>(subs.map((s) => [s, []]));
  const received = new Float64Array(L);
  const reviewerIds = [...new Set([...pairs.keys(), ...input.entrants.filter((e) => isEntrant.has(e.submissionId)).map((e) => e.reviewerId)])].sort(cmp);
  let handedOut = 0;
  for (const reviewer of reviewerIds) {
    const own = ownerOf.get(reviewer);
    const ownCluster = own !== undefined && isEntrant.has(own) ? cluster.get(own)! : -1;
    const usable: [string, number][] = [];
    for (const [s, p] of [...(pairs.get(reviewer) ?? new Map<string, { sum: number; n: number }>())].sort((a, b) => cmp(a[0], b[0]))) {
      if (s === own || cluster.get(s) === ownCluster) ignored++;
      else usable.push([s, p.sum / p.n]);
    }
    if (usable.length === 0) {
      if (ownCluster < 0) continue; // an outsider without reviews hands out nothing
      // An entrant without a usable review: its dollar, equally over everyone outside its cluster.
      handedOut += 1;
      const outside = n - members[ownCluster]!.length;
      if (outside === 0) continue;
      for (let c = 0; c < L; c++) if (c !== ownCluster) received[c]! += members[c]!.length / outside;
      for (const s of subs) if (cluster.get(s) !== ownCluster) dollars.set(s, dollars.get(s)! + 1 / outside);
      continue;
    }
    handedOut += 1;
    const total = usable.reduce((a, [, v]) => a + v, 0);
    const mean = total / usable.length;
    for (const [s, v] of usable) {
      const share = total > 0 ? v / total : 1 / usable.length;
      dollars.set(s, dollars.get(s)! + share);
      received[cluster.get(s)!]! += share;
      rel.get(s)!.push(v - mean);
    }
  }

  // 3. quotas; 4. systematic sampling.
  const quotas = Array.from({ length: L }, (_, c) => (everyone ? members[c]!.length : Math.min(members[c]!.length, handedOut > 0 ? (k * received[c]!) / handedOut : (k * members[c]!.length) / n)));
  const places = new Array<number>(L).fill(0);
  if (everyone) places[0] = n;
  else {
    let start = 0;
    for (let c = 0; c < L; c++) {
      const end = c === L - 1 ? k : Math.min(k, start + quotas[c]!);
      places[c] = Math.ceil(end - draw) - Math.ceil(start - draw);
      start = end;
    }
  }

  // 5. within clusters.
  const tie = (s: string) => hash53(`tie\n${input.seed}\n${s}`);
  const entrants: EntrantOutcome[] = [];
  members.forEach((list, c) => {
    const facts = list.map((s) => {
      const r = rel.get(s)!;
      return { s, merit: r.length > 0 ? r.reduce((a, b) => a + b, 0) / r.length : null, dollars: dollars.get(s)!, reviews: r.length };
    });
    facts.sort((a, b) => {
      if ((a.merit === null) !== (b.merit === null)) return a.merit === null ? 1 : -1;
      if (a.merit !== null && b.merit !== null && a.merit !== b.merit) return b.merit - a.merit;
      return b.dollars - a.dollars || tie(a.s) - tie(b.s) || cmp(a.s, b.s);
    });
    const q = quotas[c]!;
    const floor = Math.floor(q);
    facts.forEach((f, i) => {
      const position = i + 1;
      const chance = everyone ? 1 : position <= floor ? 1 : position === floor + 1 ? q - floor : 0;
      entrants.push({ submissionId: f.s, cluster: c, position, merit: f.merit, dollars: f.dollars, reviews: f.reviews, selected: position <= places[c]!, chance });
    });
  });
  return {
    clusters: L,
    k,
    draw,
    clusterOutcomes: members.map((list, c) => ({ index: c, size: list.length, quota: quotas[c]!, places: places[c]! })),
    entrants,
    selected: entrants.filter((e) => e.selected).map((e) => e.submissionId).sort(cmp),
    ignoredReviews: ignored,
  };
}

// ---- consensus distance ---------------------------------------------------------------------------------

export interface ConsensusReview extends ImpartialReview {
  /** Every criterion at its scale's minimum / maximum. */
  allMinimum?: boolean;
  allMaximum?: boolean;
}

export interface ReviewerConsensus {
  reviewerId: string;
  /** Reviews the reviewer submitted (that count). */
  reviews: number;
  /** Of those, reviews of submissions someone else also reviewed: the ones compared. */
  n: number;
  /** Mean of (their score − the other reviewers' mean on the same submission), 0–100 points; null when n = 0. */
  meanSigned: number | null;
  meanAbsolute: number | null;
  flags: string[];
  /** The same flags as stable codes, in the same order (the web words them in the reader's language). */
  flagCodes: ConsensusFlag[];
}

/** What a flag says: the minimum / maximum everywhere, always far below / above, the same score to all. */
export const CONSENSUS_FLAGS = ['all-minimum', 'all-maximum', 'far-below', 'far-above', 'same-score'] as const;
export type ConsensusFlag = (typeof CONSENSUS_FLAGS)[number];

/** Points (of 100) that count as far from the consensus. */
export const FAR_FROM_CONSENSUS = 15;

/**
 * Per reviewer, how far their scores sit from the other reviewers' mean on the same submissions,
 * and flags in words. Nothing here changes a ranking: it is shown to organisers, who decide.
 */
export function reviewerConsensus(reviews: readonly ConsensusReview[]): ReviewerConsensus[] {
  const bySubmission = new Map<string, { sum: number; n: number }>();
  for (const r of reviews) {
    const t = bySubmission.get(r.submissionId) ?? { sum: 0, n: 0 };
    t.sum += r.score;
    t.n++;
    bySubmission.set(r.submissionId, t);
  }
  const byReviewer = new Map<string, ConsensusReview[]>();
  for (const r of reviews) {
    const list = byReviewer.get(r.reviewerId);
    if (list) list.push(r);
    else byReviewer.set(r.reviewerId, [r]);
  }
  const out: ReviewerConsensus[] = [];
  for (const [reviewerId, list] of byReviewer) {
    const d: number[] = [];
    for (const r of list) {
      const t = bySubmission.get(r.submissionId)!;
      if (t.n > 1) d.push(r.score - (t.sum - r.score) / (t.n - 1));
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const meanSigned = d.length ? round3(mean(d)) : null;
    const meanAbsolute = d.length ? round3(mean(d.map(Math.abs))) : null;
    const flags: string[] = [];
    const flagCodes: ConsensusFlag[] = [];
    const flag = (code: ConsensusFlag, words: string) => (flagCodes.push(code), flags.push(words));
    if (list.length >= 2 && list.every((r) => r.allMinimum)) flag('all-minimum', `Gave the minimum on every criterion to every one of the ${list.length} submissions reviewed.`);
    if (list.length >= 2 && list.every((r) => r.allMaximum)) flag('all-maximum', `Gave the maximum on every criterion to every one of the ${list.length} submissions reviewed.`);
    if (d.length >= 2 && d.every((x) => x <= -FAR_FROM_CONSENSUS)) flag('far-below', `Always far below the consensus: at least ${FAR_FROM_CONSENSUS} points of 100 under the other reviewers on each of ${d.length} submissions.`);
    if (d.length >= 2 && d.every((x) => x >= FAR_FROM_CONSENSUS)) flag('far-above', `Always far above the consensus: at least ${FAR_FROM_CONSENSUS} points of 100 over the other reviewers on each of ${d.length} submissions.`);
    if (list.length >= 3 && list.every((r) => r.score === list[0]!.score) && !list[0]!.allMinimum && !list[0]!.allMaximum) flag('same-score', `Gave the same score to all ${list.length} submissions reviewed.`);
    out.push({ reviewerId, reviews: list.length, n: d.length, meanSigned, meanAbsolute, flags, flagCodes });
  }
  // Furthest from the consensus first; then by id.
  return out.sort((a, b) => (b.meanAbsolute ?? -1) - (a.meanAbsolute ?? -1) || cmp(a.reviewerId, b.reviewerId));
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** A review's score 0–100: the weighted mean of its criteria scores put on 0–100 (as the ranking's step 1); undefined when incomplete. */
export function reviewScore(rubric: readonly { id: string; weight: number; scale: { min: number; max: number } }[], scores: Record<string, number>): { score: number; allMinimum: boolean; allMaximum: boolean } | undefined {
  let w = 0;
  let sum = 0;
  let allMin = true;
  let allMax = true;
  for (const c of rubric) {
    const v = scores[c.id];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < c.scale.min || v > c.scale.max) return undefined;
    const span = c.scale.max - c.scale.min;
    const x = span > 0 ? ((v - c.scale.min) * 100) / span : 0;
    sum += c.weight * x;
    w += c.weight;
    if (v !== c.scale.min) allMin = false;
    if (v !== c.scale.max) allMax = false;
  }
  if (rubric.length === 0) return undefined;
  return { score: w > 0 ? sum / w : 0, allMinimum: allMin, allMaximum: allMax };
}
