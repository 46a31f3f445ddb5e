/**
 * Moderation of a round's reviews by its organisers (pure rules; use-cases/moderation.ts applies
 * them): leaving a review out of the ranking with a written reason, the disagreement (spread) of
 * the reviews of each submission, and the one reviewer an extra review of a submission goes to.
 */
import type { Criterion } from './competition.ts';
import type { Review, Round } from './evaluation.ts';

/** Longest reason an organiser may give for excluding a review. */
export const EXCLUSION_REASON_MAX = 1000;

/** Whether the review counts as the reviewer's done duty: as the organiser decided when excluded, else submitted. */
export function dutyDone(r: Pick<Review, 'status' | 'exclusion'>): boolean {
  return r.exclusion ? r.exclusion.dutyDone : r.status === 'submitted';
}

/** Whether the review counts towards the ranking: submitted and not excluded. */
export function countsTowardsRanking(r: Pick<Review, 'status' | 'exclusion'>): boolean {
  return r.status === 'submitted' && !r.exclusion;
}

/**
 * A review's score on 0–100, as the ranking's step 1 puts it (each criterion's score on 0–100,
 * their mean weighted by the rubric's weights); undefined unless every criterion is scored on its scale.
 */
export function reviewScore(rubric: readonly Pick<Criterion, 'id' | 'weight' | 'scale'>[], scores: Record<string, number>): number | undefined {
  let sum = 0;
  let weights = 0;
  for (const c of rubric) {
    const v = scores[c.id];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < c.scale.min || v > c.scale.max) return undefined;
    const span = c.scale.max - c.scale.min;
    sum += c.weight * (span > 0 ? ((v - c.scale.min) * 100) / span : 100);
    weights += c.weight;
  }
  return weights > 0 ? sum / weights : undefined;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export interface Spread {
  submissionId: string;
  /** Reviews that count (submitted, not excluded, every criterion scored). */
  reviews: number;
  /** Submitted reviews the organisers left out. */
  excluded: number;
  /** Reviews assigned and not submitted yet. */
  pending: number;
  /** Over the counted reviews' 0–100 scores; null without any. */
  mean: number | null;
  /** Standard deviation (n − 1); null with fewer than 2 counted reviews. */
  sd: number | null;
  min: number | null;
  max: number | null;
  /** max − min; null without any counted review. */
  range: number | null;
}

/** The spread of each submission's reviews in `round`, in submission-id order (only submissions with a review item). */
export function spreads(round: Pick<Round, 'rubric'>, reviews: readonly Pick<Review, 'submissionId' | 'status' | 'scores' | 'exclusion'>[]): Spread[] {
  const by = new Map<string, { values: number[]; excluded: number; pending: number }>();
  for (const r of reviews) {
    const e = by.get(r.submissionId) ?? { values: [], excluded: 0, pending: 0 };
    by.set(r.submissionId, e);
    if (r.status !== 'submitted') e.pending += 1;
    else if (r.exclusion) e.excluded += 1;
    else {
      const v = reviewScore(round.rubric, r.scores);
      if (v !== undefined) e.values.push(v);
    }
  }
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([submissionId, e]) => {
      const n = e.values.length;
      const mean = n > 0 ? e.values.reduce((s, v) => s + v, 0) / n : null;
      const sd = n >= 2 && mean !== null ? Math.sqrt(e.values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : null;
      const min = n > 0 ? Math.min(...e.values) : null;
      const max = n > 0 ? Math.max(...e.values) : null;
      return {
        submissionId,
        reviews: n,
        excluded: e.excluded,
        pending: e.pending,
        mean: mean === null ? null : round6(mean),
        sd: sd === null ? null : round6(sd),
        min: min === null ? null : round6(min),
        max: max === null ? null : round6(max),
        range: min === null || max === null ? null : round6(max - min),
      };
    });
}

export const SPREAD_SORTS = ['sd', 'range', 'reviews', 'submission'] as const;
export type SpreadSort = (typeof SPREAD_SORTS)[number];

/**
 * A key that orders spreads as `sort` says, unique per submission (for paging): most contested
 * first for `sd` and `range` (no figure last), fewest counted reviews first for `reviews`; ties by id.
 */
export function spreadSortKey(s: Spread, sort: SpreadSort): string {
  // Figures are 0–100 with 6 decimals: as whole millionths, 9 digits, descending by complement.
  const desc = (v: number | null) => (v === null ? '1'.padEnd(10, '0') : `0${String(999_999_999 - Math.round(v * 1e6)).padStart(9, '0')}`);
  const head = sort === 'sd' ? desc(s.sd) : sort === 'range' ? desc(s.range) : sort === 'reviews' ? String(s.reviews).padStart(6, '0') : '';
  return `${head}\u0000${s.submissionId}`;
}

export interface ExtraReviewCandidate {
  sub: string;
  /** Shared tags between the reviewer's interests and the submission (as the assignment counts it). */
  affinity: number;
  /** Reviews the reviewer has in the round. */
  load: number;
}

export interface ExtraReviewChoice {
  /** Eligible reviewers, best first: highest affinity, then lowest load, then reviewer id. */
  ranked: ExtraReviewCandidate[];
  /** Why the others are not eligible, counted (for the sentence when nobody is). */
  ineligible: { conflicted: number; assigned: number; full: number };
}

/**
 * Who could review `submissionId` as well, best first. Eligible: not conflicted with it, not
 * already assigned to it, and below `maxLoad`. Deterministic: the order depends only on the inputs.
 */
export function extraReviewCandidates(input: {
  candidates: readonly ExtraReviewCandidate[];
  conflicted: ReadonlySet<string>;
  assigned: ReadonlySet<string>;
  maxLoad: number;
}): ExtraReviewChoice {
  const ineligible = { conflicted: 0, assigned: 0, full: 0 };
  const ranked: ExtraReviewCandidate[] = [];
  const seen = new Set<string>();
  for (const c of input.candidates) {
    if (seen.has(c.sub)) continue;
    seen.add(c.sub);
    if (input.assigned.has(c.sub)) ineligible.assigned += 1;
    else if (input.conflicted.has(c.sub)) ineligible.conflicted += 1;
    else if (c.load >= input.maxLoad) ineligible.full += 1;
    else ranked.push(c);
  }
  ranked.sort((a, b) => b.affinity - a.affinity || a.load - b.load || (a.sub < b.sub ? -1 : a.sub > b.sub ? 1 : 0));
  return { ranked, ineligible };
}

/** The sentence a 409 says when nobody can give the extra review. */
export function nobodyEligibleMessage(pool: number, ineligible: ExtraReviewChoice['ineligible'], maxLoad: number): string {
  if (pool === 0) return 'Nobody can review this submission as well: the round has no reviewers yet. Invite reviewers first.';
  const parts = [
    ineligible.assigned > 0 ? `${ineligible.assigned} already ${ineligible.assigned === 1 ? 'reviews' : 'review'} it` : '',
    ineligible.conflicted > 0 ? `${ineligible.conflicted} ${ineligible.conflicted === 1 ? 'has a conflict' : 'have conflicts'} of interest with it` : '',
    ineligible.full > 0 ? `${ineligible.full} already ${ineligible.full === 1 ? 'has' : 'have'} the most reviews allowed (${maxLoad})` : '',
  ].filter(Boolean);
  return `Nobody can review this submission as well: of the round's ${pool} ${pool === 1 ? 'reviewer' : 'reviewers'}, ${parts.join(', ')}. Raise the round's maximum load or invite more reviewers.`;
}
