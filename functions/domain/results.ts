/**
 * The results of a competition as they are frozen when they are decided: one header (the plan,
 * the totals, the method, who won) and one entry per submitted entry (its place, its feedback
 * figures, its awards, and the reviews it was ranked on). Once stored, this snapshot is what
 * everyone is shown — public results, outcomes, feedback reports, exports and the results
 * package — so nothing anyone saw changes afterwards, unless an amendment publishes a new one.
 *
 * Pure: the use cases gather the facts and store the result (use-cases/results-snapshot.ts).
 */
import { rankedLabel } from '../shared/award-labels.ts';
import { createHash } from 'node:crypto';
import type { AwardLine, AwardType, Candidate, PlanTotals, PrizePlan } from './awards.ts';
import type { Review, Round } from './evaluation.ts';
import type { ExcludedReview, RankedSubmission, RankingInput, RankingResult, StoredRankingRules } from './ranking.ts';
import { percentileRanker } from './ranking-rules.ts';
import type { Submission } from './submission.ts';
import { rankingReason } from '../shared/ranking-reasons.ts';

export interface ResultAward {
  key: string;
  type: AwardType;
  /** The plan's label, e.g. "2nd prize". */
  label: string;
  /** What people are shown: the label, plus the entry's own rank where the prize is another rank's. */
  displayLabel: string;
  amount: number;
  rank?: number;
  categoryId?: string;
}

export interface FeedbackCriterion {
  roundId: string;
  roundName: string;
  criterionId: string;
  name: string;
  score: number | null;
  percentile: number | null;
}

export interface FeedbackComment {
  roundName: string;
  kind: string;
  overall: string;
  criteria: { name: string; comment: string }[];
}

export interface ResultEntry {
  submissionId: string;
  ownerSub: string;
  title: string;
  organisationName: string;
  country: string;
  submittedAt: string;
  candidate: Candidate;
  /** The ranking row; absent when the entry was not ranked. */
  ranked?: RankedSubmission;
  unrankedReason?: string;
  /** "top 25 % (ranked 3 of 12)". */
  rankBand?: string;
  /** Whether the entry was part of the ranking input (teams that failed a review duty are not). */
  inRankingInput: boolean;
  /** The submitted reviews it was ranked on, reviewers pseudonymised. */
  reviews: RankingInput['reviews'];
  excludedReviews: ExcludedReview[];
  criteria: FeedbackCriterion[];
  comments: FeedbackComment[];
  awards: ResultAward[];
  total: number;
}

export interface ResultsHeader {
  competitionId: string;
  version: number;
  /** When the snapshot was taken. */
  decidedAt: string;
  /** When the results become (or became) visible. */
  visibleFrom: string;
  currency: string;
  plan?: PrizePlan;
  totals: PlanTotals;
  /** `pairwise`: an expo round's scores as ranked from its judges' votes (so the ranking recomputes from the snapshot). */
  rounds: { id: string; name: string; kind: string; weight: number; rubric: RankingInput['rounds'][number]['rubric']; pairwise?: RankingInput['rounds'][number]['pairwise'] }[];
  rankingOptions?: RankingInput['options'];
  rules: StoredRankingRules;
  tieBreakRules: string[];
  entryCount: number;
  rankedCount: number;
  /** Submission ids of the awarded entries, in the order the public page lists them. */
  winners: string[];
  /** Rank rows (`RankRow`) were stored with the entries; absent in snapshots stored before there were any. */
  rankRows?: boolean;
}

/** What the ranking alone gives of a header: the live ranking's header, and a published one's ranking part. */
export type RankingHeader = Pick<ResultsHeader, 'competitionId' | 'rounds' | 'rankingOptions' | 'rules' | 'tieBreakRules' | 'entryCount' | 'rankedCount'>;

export interface ResultsFacts {
  competitionId: string;
  version: number;
  decidedAt: string;
  visibleFrom: string;
  rounds: Round[];
  rankingInput: RankingInput;
  ranking: RankingResult;
  tieBreakRules: string[];
  submissions: Submission[];
  /** Submitted reviews' comments, per submission. */
  comments: Map<string, { roundId: string; overall: string; criteria: Record<string, string> }[]>;
  candidates: Candidate[];
  plan?: PrizePlan;
  awards: (AwardLine & { key: string })[];
  totals: PlanTotals;
}

/** A prize for another rank than the entry's own (after a reserve move) says so: "2nd prize (ranked 3rd)". */
export function displayLabel(a: Pick<AwardLine, 'type' | 'label' | 'rank'>, ownRank: number | undefined): string {
  if (a.type !== 'prize' || a.rank === undefined || ownRank === undefined || ownRank === a.rank) return a.label;
  return rankedLabel(a.label, ownRank);
}

export function rankBand(rank: number, n: number): string {
  const share = rank / n;
  const band = share <= 0.1 ? 'top 10 %' : share <= 0.25 ? 'top 25 %' : share <= 0.5 ? 'top half' : 'bottom half';
  return `${band} (ranked ${rank} of ${n})`;
}

const TYPE_ORDER: Record<AwardType, number> = { prize: 0, category: 1, 'lump-sum': 2, voucher: 3 };

/** The comments of the submitted reviews, per submission (what `buildResults` takes as `comments`). */
export function commentsBySubmission(reviews: readonly Review[]): ResultsFacts['comments'] {
  const comments: ResultsFacts['comments'] = new Map();
  for (const r of reviews) {
    // A review the organisers excluded is not fed back to the team either (domain/moderation.ts).
    if (r.status !== 'submitted' || r.exclusion) continue;
    const list = comments.get(r.submissionId) ?? [];
    list.push({ roundId: r.roundId, overall: r.overallComment, criteria: r.comments });
    comments.set(r.submissionId, list);
  }
  return comments;
}

export function buildResults(f: ResultsFacts): { header: ResultsHeader; entries: ResultEntry[] } {
  const ranked = new Map(f.ranking.ranked.map((r) => [r.submissionId, r]));
  const unranked = new Map(f.ranking.unranked.map((u) => [u.submissionId, u.reason]));
  const candidates = new Map(f.candidates.map((c) => [c.submissionId, c]));
  const inInput = new Set(f.rankingInput.submissions.map((s) => s.id));
  const reviewsBySubmission = group(f.rankingInput.reviews, (r) => r.submissionId);
  const excludedBySubmission = group(f.ranking.excludedReviews, (r) => r.submissionId);
  const awardsBySubmission = group(f.awards, (a) => a.submissionId);
  // Each criterion's cohort, sorted once, for every entry's percentile (O(log n) each, not O(n):
  // at 20,000 entries a scan per entry and criterion was billions of comparisons).
  const cohorts = new Map<string, ((value: number) => number) | undefined>();
  for (const round of f.rounds)
    for (const c of round.rubric) {
      const cohort = f.ranking.ranked.map((r) => r.criteria[round.id]?.[c.id]).filter((x): x is number => x !== undefined);
      cohorts.set(`${round.id}/${c.id}`, cohort.length > 0 ? percentileRanker(cohort) : undefined);
    }
  const n = f.ranking.ranked.length;
  const rounds = new Map(f.rounds.map((r) => [r.id, r]));
  // Expo rounds compare projects as a whole: no per-criterion feedback from them.
  const pairwise = new Set(f.rankingInput.rounds.filter((r) => r.pairwise).map((r) => r.id));

  const entries: ResultEntry[] = f.submissions.map((s) => {
    const row = ranked.get(s.id);
    const criteria = f.rounds.flatMap((round) =>
      (pairwise.has(round.id) ? [] : round.rubric).map((c) => {
        const mine = row?.criteria[round.id]?.[c.id];
        const percentile = cohorts.get(`${round.id}/${c.id}`);
        return { roundId: round.id, roundName: round.name, criterionId: c.id, name: c.name, score: mine ?? null, percentile: mine !== undefined && percentile ? percentile(mine) : null };
      }),
    );
    // Reviewer order is shuffled by sorting on content, so the order says nothing about who wrote what.
    const comments = (f.comments.get(s.id) ?? [])
      .flatMap((c) => {
        const round = rounds.get(c.roundId);
        if (!round) return [];
        return [{ roundName: round.name, kind: round.kind, overall: c.overall, criteria: round.rubric.filter((x) => c.criteria[x.id]).map((x) => ({ name: x.name, comment: c.criteria[x.id]! })) }];
      })
      .filter((x) => x.overall !== '' || x.criteria.length > 0)
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const awards = resultAwards(awardsBySubmission.get(s.id) ?? [], row?.rank);
    const unrankedReason = row ? undefined : (unranked.get(s.id) ?? rankingReason('notRanked'));
    return {
      submissionId: s.id,
      ownerSub: s.ownerSub,
      title: s.title,
      organisationName: s.organisationName,
      country: s.country,
      submittedAt: s.submittedAt ?? s.createdAt,
      candidate: candidates.get(s.id) ?? { submissionId: s.id, organisationKey: s.id, isSme: false, eligible: false, ineligibleReason: rankingReason('noFacts') },
      ...(row ? { ranked: row, rankBand: rankBand(row.rank, n) } : { unrankedReason }),
      inRankingInput: inInput.has(s.id),
      reviews: (reviewsBySubmission.get(s.id) ?? []).slice().sort(byReview),
      excludedReviews: excludedBySubmission.get(s.id) ?? [],
      criteria,
      comments,
      awards,
      total: awards.reduce((t, a) => t + a.amount, 0),
    };
  });

  const winners = winnersOf(entries);

  const header: ResultsHeader = {
    competitionId: f.competitionId,
    version: f.version,
    decidedAt: f.decidedAt,
    visibleFrom: f.visibleFrom,
    currency: f.plan?.currency ?? 'EUR',
    ...(f.plan ? { plan: f.plan } : {}),
    totals: f.totals,
    rounds: f.rankingInput.rounds.map((r) => {
      const round = f.rounds.find((x) => x.id === r.id);
      return { id: r.id, name: r.name, kind: round?.kind ?? '', weight: r.weight, rubric: r.rubric, ...(r.pairwise ? { pairwise: r.pairwise } : {}) };
    }),
    ...(f.rankingInput.options ? { rankingOptions: f.rankingInput.options } : {}),
    rules: f.ranking.rules,
    tieBreakRules: f.tieBreakRules,
    entryCount: entries.length,
    rankedCount: n,
    winners,
  };
  return { header, entries };
}

/**
 * One line of the ranking as the ranking pages show it, stored beside the entries by position —
 * the ranked entries by rank, then the unranked ones by submission id — so the ranking reads page
 * by page in rank order without the entries' reviews and comments. It carries the organisation
 * and its SME declaration too: all an award proposal needs to walk down the ranking.
 */
export interface RankRow {
  /** 1, 2, …: the ranked entries first (position = rank), then the unranked ones. */
  position: number;
  submissionId: string;
  title: string;
  organisationName: string;
  country: string;
  organisationKey: string;
  isSme: boolean;
  ranked?: RankedSubmission;
  unrankedReason?: string;
  excludedReviews: ExcludedReview[];
}

/** The rank rows of a snapshot's entries, in position order (the order of `rankingOf`). */
export function rankRowsOf(entries: readonly ResultEntry[]): RankRow[] {
  const ranked = entries.filter((e) => e.ranked).sort((a, b) => a.ranked!.rank - b.ranked!.rank);
  const unranked = entries.filter((e) => !e.ranked).sort((a, b) => a.submissionId.localeCompare(b.submissionId));
  return [...ranked, ...unranked].map((e, i) => ({
    position: i + 1,
    submissionId: e.submissionId,
    title: e.title,
    organisationName: e.organisationName,
    country: e.country,
    organisationKey: e.candidate.organisationKey,
    isSme: e.candidate.isSme,
    ...(e.ranked ? { ranked: e.ranked } : { unrankedReason: e.unrankedReason ?? rankingReason('notRanked') }),
    excludedReviews: e.excludedReviews,
  }));
}

/**
 * Whether an entry may receive awards under `plan`: a ranked entry may, unless the plan funds SMEs
 * only and it is not one; an unranked one may not, for the reason it is not ranked (which covers a
 * team that failed its peer-review duty). The plan's part is applied when awards are decided, not
 * stored with the ranking, so a changed plan never needs the ranking recomputed.
 */
export function candidateUnder(
  plan: Pick<PrizePlan, 'smeOnly'> | undefined,
  e: { submissionId: string; organisationKey: string; isSme: boolean; ranked?: unknown; unrankedReason?: string },
): Candidate {
  const reason = e.ranked ? (plan?.smeOnly && !e.isSme ? rankingReason('notSme') : undefined) : (e.unrankedReason ?? rankingReason('notRanked'));
  return { submissionId: e.submissionId, organisationKey: e.organisationKey, isSme: e.isSme, eligible: reason === undefined, ...(reason ? { ineligibleReason: reason } : {}) };
}

/**
 * An entry of a snapshot taken without awards (the live ranking), as the results would show it
 * with `plan` and these confirmed awards: what `buildResults` gives when it is given them.
 */
export function withAwards(e: ResultEntry, plan: Pick<PrizePlan, 'smeOnly'> | undefined, awards: readonly (AwardLine & { key: string })[]): ResultEntry {
  const shown = resultAwards(awards, e.ranked?.rank);
  const candidate = candidateUnder(plan, { ...e.candidate, ranked: e.ranked, ...(e.unrankedReason !== undefined ? { unrankedReason: e.unrankedReason } : {}) });
  return { ...e, candidate, awards: shown, total: shown.reduce((t, a) => t + a.amount, 0) };
}

/** The ranking input again, from a stored snapshot (for the results package and its recomputation). */
export function rankingInputOf(header: ResultsHeader, entries: ResultEntry[]): RankingInput {
  const inInput = entries.filter((e) => e.inRankingInput).sort((a, b) => a.submissionId.localeCompare(b.submissionId));
  return {
    rounds: header.rounds.map((r) => ({ id: r.id, name: r.name, weight: r.weight, rubric: r.rubric, ...(r.pairwise ? { pairwise: r.pairwise } : {}) })),
    reviews: inInput.flatMap((e) => e.reviews).sort(byReview),
    submissions: inInput.map((e) => ({ id: e.submissionId, submittedAt: e.submittedAt })),
    ...(header.rankingOptions ? { options: header.rankingOptions } : {}),
  };
}

/** The ranking again, from a stored snapshot: ranked rows by rank, unranked by id. */
export function rankingOf(header: ResultsHeader, entries: ResultEntry[]): Omit<RankingResult, 'rules'> {
  return {
    ranked: entries.flatMap((e) => (e.ranked ? [e.ranked] : [])).sort((a, b) => a.rank - b.rank),
    unranked: entries.flatMap((e) => (e.ranked ? [] : [{ submissionId: e.submissionId, reason: e.unrankedReason ?? rankingReason('notRanked') }])).sort((a, b) => a.submissionId.localeCompare(b.submissionId)),
    excludedReviews: entries.flatMap((e) => e.excludedReviews),
  };
}

/** One entry's awards as the results show them, in the order they are listed. */
export function resultAwards(lines: readonly (AwardLine & { key: string })[], ownRank: number | undefined): ResultAward[] {
  return lines
    .map((a) => ({
      key: a.key,
      type: a.type,
      label: a.label,
      displayLabel: displayLabel(a, ownRank),
      amount: a.amount,
      ...(a.rank !== undefined ? { rank: a.rank } : {}),
      ...(a.categoryId !== undefined ? { categoryId: a.categoryId } : {}),
    }))
    .sort((a, b) => TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || (a.rank ?? 0) - (b.rank ?? 0) || a.key.localeCompare(b.key));
}

/** The awarded entries' ids in the order the public page lists them (prizes, categories, the rest; then by total). */
export function winnersOf(entries: readonly ResultEntry[]): string[] {
  return entries
    .filter((e) => e.awards.length > 0)
    .sort((a, b) => winnerOrder(a) - winnerOrder(b) || b.total - a.total || (a.ranked?.rank ?? Infinity) - (b.ranked?.rank ?? Infinity) || a.title.localeCompare(b.title))
    .map((e) => e.submissionId);
}

function winnerOrder(e: ResultEntry): number {
  return e.awards.some((a) => a.type === 'prize') ? 0 : e.awards.some((a) => a.type === 'category') ? 1 : 2;
}

function byReview(a: { roundId: string; submissionId: string; reviewerId: string }, b: { roundId: string; submissionId: string; reviewerId: string }) {
  return a.roundId.localeCompare(b.roundId) || a.submissionId.localeCompare(b.submissionId) || a.reviewerId.localeCompare(b.reviewerId);
}

function group<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Reviewer ids are pseudonymised: stable within a competition, meaningless outside it. */
export const pseudonym = (competitionId: string, sub: string) => createHash('sha256').update(`${competitionId}\n${sub}`).digest('base64url').slice(0, 12);
