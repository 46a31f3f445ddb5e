/**
 * The competition's ranking, computed from the submitted reviews of every round by the domain's
 * calibration and ranking rules (domain/ranking.ts). Same stored reviews → same ranking. Only
 * organisers see it.
 */
import type { Review, Round } from '../domain/evaluation.ts';
import type { Identity } from '../domain/identity.ts';
import { rankSubmissions, TIE_BREAK_RULES, type RankingInput, type RankingResult } from '../domain/ranking.ts';
import type { Submission } from '../domain/submission.ts';
import { rankingOf } from '../domain/results.ts';
import { loadOrganisedCompetition } from './access.ts';
import { storedResults } from './results-snapshot.ts';
import { submittedSubmissions } from './all-pages.ts';
import type { Ports } from './ports.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'submissions' | 'evaluation' | 'clock'>;

export interface RankingView extends RankingResult {
  rounds: { id: string; name: string; kind: string; weight: number }[];
  submissions: Record<string, { title: string; organisationName: string; country: string }>;
  tieBreakRules: string[];
}

/**
 * The domain's ranking input for `submissions` on `rounds` — the one place that decides which
 * reviews count and which teams failed a peer-review duty (they are left out of the input).
 * `reviewerId` lets the results package pseudonymise reviewers.
 */
export async function rankingInputFor(
  ports: Deps,
  competitionId: string,
  rounds: Round[],
  submissions: Submission[],
  reviewerId: (sub: string) => string = (sub) => sub,
  /** The rounds' reviews, when the caller has read them already. */
  allReviews?: Review[],
): Promise<{ input: RankingInput; failedDuty: { submissionId: string; reason: string }[] }> {
  const now = ports.clock.now();
  const reviewsByRound = allReviews
    ? rounds.map((r) => allReviews.filter((x) => x.roundId === r.id))
    : await Promise.all(rounds.map((r) => ports.evaluation.listRoundReviews(competitionId, r.id)));
  const dutyFailedBy = new Map<string, string>();
  rounds.forEach((round, i) => {
    if (!round.requireReviewDuty || new Date(round.closesAt) > now) return;
    for (const r of reviewsByRound[i]!)
      if (r.status !== 'submitted') dutyFailedBy.set(r.reviewerSub, `Did not complete its peer reviews in "${round.name}".`);
  });
  return {
    input: {
      rounds: rounds.map((r) => ({ id: r.id, name: r.name, weight: r.weight, rubric: r.rubric.map((c) => ({ id: c.id, weight: c.weight, scale: c.scale })) })),
      reviews: reviewsByRound
        .flat()
        .filter((r) => r.status === 'submitted')
        .map((r) => ({ roundId: r.roundId, reviewerId: reviewerId(r.reviewerSub), submissionId: r.submissionId, scores: r.scores })),
      submissions: submissions.filter((s) => !dutyFailedBy.has(s.ownerSub)).map((s) => ({ id: s.id, submittedAt: s.submittedAt ?? s.createdAt })),
    },
    failedDuty: submissions.filter((s) => dutyFailedBy.has(s.ownerSub)).map((s) => ({ submissionId: s.id, reason: dutyFailedBy.get(s.ownerSub)! })),
  };
}

/** Ranks `submissions` on the given rounds; teams that failed a peer-review duty are not ranked. */
export async function rankOn(ports: Deps, competitionId: string, rounds: Round[], submissions: Submission[]): Promise<RankingResult> {
  const { input, failedDuty } = await rankingInputFor(ports, competitionId, rounds, submissions);
  const result = rankSubmissions(input);
  const unranked = [...result.unranked, ...failedDuty].sort((a, b) => a.submissionId.localeCompare(b.submissionId));
  return { ...result, unranked };
}

/**
 * `submitted` may be passed when the caller has already read them, or is reading them (they must
 * be the submitted ones); the rounds are read meanwhile.
 */
export async function computeRanking(ports: Deps, competitionId: string, submitted?: Submission[] | Promise<Submission[]>): Promise<RankingView> {
  const [rounds, submissions] = await Promise.all([
    ports.evaluation.listRounds(competitionId),
    submitted ?? submittedSubmissions(ports, competitionId),
  ]);
  const result = await rankOn(ports, competitionId, rounds, submissions);
  return {
    ...result,
    rounds: rounds.map((r) => ({ id: r.id, name: r.name, kind: r.kind, weight: r.weight })),
    submissions: Object.fromEntries(submissions.map((s) => [s.id, { title: s.title, organisationName: s.organisationName, country: s.country }])),
    tieBreakRules: TIE_BREAK_RULES,
  };
}

/** Organisers' ranking: live until the results are decided, then the frozen snapshot's. */
export async function getRanking(ports: Deps & Pick<Ports, 'results'>, caller: Identity | undefined, competitionId: string): Promise<RankingView & { frozen: boolean }> {
  const { competition } = await loadOrganisedCompetition(ports, caller, competitionId);
  const stored = await storedResults(ports, competition);
  if (!stored) return { ...(await computeRanking(ports, competitionId)), frozen: false };
  const { header, entries } = stored;
  return {
    ...rankingOf(header, entries),
    rounds: header.rounds.map((r) => ({ id: r.id, name: r.name, kind: r.kind, weight: r.weight })),
    submissions: Object.fromEntries(entries.map((e) => [e.submissionId, { title: e.title, organisationName: e.organisationName, country: e.country }])),
    tieBreakRules: header.tieBreakRules,
    frozen: true,
  };
}

/** The top N of an earlier round, for a shortlist round. */
export async function shortlistFor(ports: Deps, competitionId: string, round: Round, submitted: Submission[]): Promise<Submission[]> {
  const from = await ports.evaluation.getRound(competitionId, round.shortlist!.fromRoundId);
  if (!from) return [];
  const ranking = await rankOn(ports, competitionId, [from], submitted);
  const top = new Set(ranking.ranked.slice(0, round.shortlist!.topN).map((r) => r.submissionId));
  return submitted.filter((s) => top.has(s.id));
}
