/**
 * The competition's ranking, computed from the submitted reviews of every round by the domain's
 * calibration and ranking rules (domain/ranking.ts). Same stored reviews → same ranking. Only
 * organisers see it.
 */
import type { Round } from '../domain/evaluation.ts';
import type { Identity } from '../domain/identity.ts';
import { rankSubmissions, TIE_BREAK_RULES, type RankingResult } from '../domain/ranking.ts';
import type { Submission } from '../domain/submission.ts';
import { loadOrganisedCompetition } from './access.ts';
import { submittedSubmissions } from './assignment.ts';
import type { Ports } from './ports.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'submissions' | 'evaluation' | 'clock'>;

export interface RankingView extends RankingResult {
  rounds: { id: string; name: string; kind: string; weight: number }[];
  submissions: Record<string, { title: string; organisationName: string; country: string }>;
  tieBreakRules: string[];
}

/** Ranks `submissions` on the given rounds; teams that failed a peer-review duty are not ranked. */
export async function rankOn(ports: Deps, competitionId: string, rounds: Round[], submissions: Submission[]): Promise<RankingResult> {
  const now = ports.clock.now();
  const reviewsByRound = await Promise.all(rounds.map((r) => ports.evaluation.listRoundReviews(competitionId, r.id)));
  const failedDuty = new Map<string, string>();
  rounds.forEach((round, i) => {
    if (!round.requireReviewDuty || new Date(round.closesAt) > now) return;
    for (const r of reviewsByRound[i]!)
      if (r.status !== 'submitted') failedDuty.set(r.reviewerSub, `Did not complete its peer reviews in "${round.name}".`);
  });
  const eligible = submissions.filter((s) => !failedDuty.has(s.ownerSub));
  const result = rankSubmissions({
    rounds: rounds.map((r) => ({ id: r.id, name: r.name, weight: r.weight, rubric: r.rubric.map((c) => ({ id: c.id, weight: c.weight, scale: c.scale })) })),
    reviews: reviewsByRound
      .flat()
      .filter((r) => r.status === 'submitted')
      .map((r) => ({ roundId: r.roundId, reviewerId: r.reviewerSub, submissionId: r.submissionId, scores: r.scores })),
    submissions: eligible.map((s) => ({ id: s.id, submittedAt: s.submittedAt ?? s.createdAt })),
  });
  const unranked = [
    ...result.unranked,
    ...submissions.filter((s) => failedDuty.has(s.ownerSub)).map((s) => ({ submissionId: s.id, reason: failedDuty.get(s.ownerSub)! })),
  ].sort((a, b) => a.submissionId.localeCompare(b.submissionId));
  return { ...result, unranked };
}

export async function computeRanking(ports: Deps, competitionId: string): Promise<RankingView> {
  const [rounds, submissions] = await Promise.all([ports.evaluation.listRounds(competitionId), submittedSubmissions(ports, competitionId)]);
  const result = await rankOn(ports, competitionId, rounds, submissions);
  return {
    ...result,
    rounds: rounds.map((r) => ({ id: r.id, name: r.name, kind: r.kind, weight: r.weight })),
    submissions: Object.fromEntries(submissions.map((s) => [s.id, { title: s.title, organisationName: s.organisationName, country: s.country }])),
    tieBreakRules: TIE_BREAK_RULES,
  };
}

export async function getRanking(ports: Deps, caller: Identity | undefined, competitionId: string): Promise<RankingView> {
  await loadOrganisedCompetition(ports, caller, competitionId);
  return computeRanking(ports, competitionId);
}

/** The top N of an earlier round, for a shortlist round. */
export async function shortlistFor(ports: Deps, competitionId: string, round: Round, submitted: Submission[]): Promise<Submission[]> {
  const from = await ports.evaluation.getRound(competitionId, round.shortlist!.fromRoundId);
  if (!from) return [];
  const ranking = await rankOn(ports, competitionId, [from], submitted);
  const top = new Set(ranking.ranked.slice(0, round.shortlist!.topN).map((r) => r.submissionId));
  return submitted.filter((s) => top.has(s.id));
}
