/**
 * Computing the ranking from the stored reviews (domain/ranking.ts, its calibration and the
 * pairwise ranking of expo rounds): the 'ranking' job's work, and a small competition's read that
 * finds the stored ranking behind (use-cases/ranking.ts `currentRanking`). A module of its own,
 * imported where it is needed (`await import('./ranking-compute.ts')`), never statically from
 * code an API area's routes load: in an API Lambda's bundle it is a chunk that a cold start does
 * not read or compile, loaded by the first request that computes a ranking (bench/lambda.ts
 * counts it in `lambda.api.<area>.bytes`, not in `…startup_bytes`).
 */
import type { Review, Round } from '../domain/evaluation.ts';
import { fundingLine, rankSubmissions, TIE_BREAK_RULES, type ExcludedReview, type PairwiseRound, type RankingInput, type RankingResult } from '../domain/ranking.ts';
import { countedVotes, expoSettingsOf } from '../domain/expo.ts';
import { DEFAULT_PAIRWISE_METHOD, rankPairwise, UNSEEN_SE } from '../domain/pairwise-ranking.ts';
import { countsTowardsRanking, dutyDone } from '../domain/moderation.ts';
import type { Submission } from '../domain/submission.ts';
import { normaliseRegistryId } from '../domain/entrant.ts';
import { checklistFigures, expoComparedOf } from '../domain/publication-checklist.ts';
import { buildResults, commentsBySubmission, candidateUnder, pseudonym, rankRowsOf } from '../domain/results.ts';
import { EMPTY_PLAN, planTotals, type PrizePlan } from '../domain/awards.ts';
import { allMembers, submittedSubmissions } from './all-pages.ts';
import type { JobHandler } from './jobs.ts';
import type { ExpoRepository, LiveRanking, LiveSlot, Ports } from './ports.ts';
import type { RankingView } from './ranking.ts';
import { isCurrent, type LiveSnapshot } from './ranking-job.ts';
import { rankingReason } from '../shared/ranking-reasons.ts';

/**
 * What the ranking reads of an expo round (`Ports.expo`). Optional in the type so that callers
 * typed with fewer ports still type-check; every runtime's ports have it, and ranking a
 * competition with an expo round without it is a programming error (it throws).
 */
type ExpoReads = { expo?: Pick<ExpoRepository, 'listTables' | 'listVotes'> };
type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'evaluation' | 'awards' | 'clock'> & ExpoReads;

/**
 * An expo round's scores for the ranking: its counted votes (undone ones dropped) ranked with the
 * round's method (domain/pairwise-ranking.ts), each project's 0–100 score and standard error. A
 * project no judge compared — absent, or never visited — gets no score in the round. A team
 * marked absent after it was judged keeps its comparisons: they inform the others' scores too.
 */
export async function pairwiseRoundOf(ports: ExpoReads, competitionId: string, round: Round): Promise<PairwiseRound> {
  if (!ports.expo) throw new Error('rankingInputFor: an expo round needs ports.expo');
  const [tables, votes] = await Promise.all([ports.expo.listTables(competitionId, round.id), ports.expo.listVotes(competitionId, round.id)]);
  const method = expoSettingsOf(round.expo, DEFAULT_PAIRWISE_METHOD).method;
  const counted = countedVotes(votes).map((v) => ({ judge: v.judgeSub, winner: v.winner, loser: v.winner === v.currentId ? v.previousId : v.currentId }));
  // The hall's teams in table order, as the live view ranks them (so both show the same scores).
  const items = [...new Set([...tables.map((t) => t.submissionId), ...counted.flatMap((v) => [v.winner, v.loser])])];
  const { standings } = rankPairwise(method, items, counted);
  return {
    method,
    scores: standings
      .filter((s) => s.comparisons > 0 && Number.isFinite(s.score))
      .map((s) => ({ submissionId: s.id, score: Math.min(100, Math.max(0, s.score)), se: Number.isFinite(s.se) && s.se >= 0 ? s.se : UNSEEN_SE, comparisons: s.comparisons }))
      .sort((a, b) => (a.submissionId < b.submissionId ? -1 : a.submissionId > b.submissionId ? 1 : 0)),
  };
}


/**
 * The domain's ranking input for `submissions` on `rounds` — the one place that decides which
 * reviews count and which teams failed a peer-review duty (they are left out of the input).
 * Views read the ranking computed from it once per change (the 'ranking' job, ranking-job.ts).
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
  /** The prize plan, when the caller has read it already (null: there is none). */
  knownPlan?: PrizePlan | null,
): Promise<{ input: RankingInput; failedDuty: { submissionId: string; reason: string }[]; moderated: ExcludedReview[] }> {
  const now = ports.clock.now();
  // P(in the top k) is for the organiser's funding line: the most places the prize plan pays for.
  const [reviewsByRound, plan, pairwise] = await Promise.all([
    allReviews
      ? rounds.map((r) => allReviews.filter((x) => x.roundId === r.id))
      : Promise.all(rounds.map((r) => ports.evaluation.listRoundReviews(competitionId, r.id))),
    knownPlan !== undefined ? knownPlan : ports.awards.getTotals(competitionId).then((t) => t.plan ?? null),
    // Expo rounds are scored by their judges' comparisons, not by reviews.
    Promise.all(rounds.map((r) => (r.kind === 'expo' ? pairwiseRoundOf(ports, competitionId, r) : undefined))),
  ]);
  const topK = fundingLine(plan ?? undefined);
  const dutyFailedBy = new Map<string, string>();
  rounds.forEach((round, i) => {
    if (!round.requireReviewDuty || new Date(round.closesAt) > now) return;
    // An excluded review's duty counts as the organiser decided when excluding it (domain/moderation.ts).
    for (const r of reviewsByRound[i]!)
      if (!dutyDone(r)) dutyFailedBy.set(r.reviewerSub, rankingReason('peerDutyFailed', { round: round.name }));
  });
  const listed = new Set(submissions.map((s) => s.id));
  return {
    moderated: reviewsByRound
      .flat()
      .filter((r) => r.status === 'submitted' && r.exclusion && listed.has(r.submissionId))
      .map((r) => ({ roundId: r.roundId, reviewerId: reviewerId(r.reviewerSub), submissionId: r.submissionId, reason: rankingReason('excludedByOrganisers', { reason: r.exclusion!.reason }) })),
    input: {
      rounds: rounds.map((r, i) => ({
        id: r.id,
        name: r.name,
        weight: r.weight,
        rubric: r.rubric.map((c) => ({ id: c.id, weight: c.weight, scale: c.scale })),
        ...(pairwise[i] ? { pairwise: pairwise[i] } : {}),
      })),
      reviews: reviewsByRound
        .flat()
        .filter(countsTowardsRanking)
        .map((r) => ({ roundId: r.roundId, reviewerId: reviewerId(r.reviewerSub), submissionId: r.submissionId, scores: r.scores })),
      submissions: submissions.filter((s) => !dutyFailedBy.has(s.ownerSub)).map((s) => ({ id: s.id, submittedAt: s.submittedAt ?? s.createdAt })),
      ...(topK !== undefined ? { options: { topK } } : {}),
    },
    failedDuty: submissions.filter((s) => dutyFailedBy.has(s.ownerSub)).map((s) => ({ submissionId: s.id, reason: dutyFailedBy.get(s.ownerSub)! })),
  };
}

/**
 * Ranks `submissions` on the given rounds, with the input it ranked; teams that failed a
 * peer-review duty are among the unranked, with why. `reviewerId`, `reviews` and `plan` as for rankingInputFor.
 */
export async function rankWithInput(
  ports: Deps,
  competitionId: string,
  rounds: Round[],
  submissions: Submission[],
  reviewerId?: (sub: string) => string,
  reviews?: Review[],
  plan?: PrizePlan | null,
): Promise<{ input: RankingInput; ranking: RankingResult }> {
  const { input, failedDuty, moderated } = await rankingInputFor(ports, competitionId, rounds, submissions, reviewerId, reviews, plan);
  const result = rankSubmissions(input);
  const unranked = [...result.unranked, ...failedDuty].sort((a, b) => a.submissionId.localeCompare(b.submissionId));
  // Reviews the organisers excluded are listed with the others left out, with the organisers' reason.
  const excludedReviews = moderated.length > 0 ? [...result.excludedReviews, ...moderated] : result.excludedReviews;
  return { input, ranking: { ...result, unranked, excludedReviews } };
}

/** Ranks `submissions` on the given rounds; teams that failed a peer-review duty are not ranked. */
export async function rankOn(ports: Deps, competitionId: string, rounds: Round[], submissions: Submission[]): Promise<RankingResult> {
  return (await rankWithInput(ports, competitionId, rounds, submissions)).ranking;
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

/** Reads every input once (paged queries) and computes the live ranking's entries, rows and header. */
export async function computeLiveSnapshot(ports: Deps, competitionId: string): Promise<LiveSnapshot> {
  const now = ports.clock.now();
  const [rounds, submissions, members, totals] = await Promise.all([
    ports.evaluation.listRounds(competitionId),
    submittedSubmissions(ports, competitionId),
    allMembers(ports, competitionId),
    ports.awards.getTotals(competitionId),
  ]);
  const reviews = (await Promise.all(rounds.map((r) => ports.evaluation.listRoundReviews(competitionId, r.id)))).flat();
  const { input, ranking } = await rankWithInput(ports, competitionId, rounds, submissions, (sub) => pseudonym(competitionId, sub), reviews, totals.plan ?? null);
  const registrations = new Map(members.map((m) => [m.userSub, m.registration]));
  const ranked = new Set(ranking.ranked.map((r) => r.submissionId));
  const unranked = new Map(ranking.unranked.map((u) => [u.submissionId, u.reason]));
  // Eligibility without a plan: the plan's part (SMEs only) is applied when awards are decided.
  const candidates = submissions.map((s) => {
    const reg = registrations.get(s.ownerSub);
    return candidateUnder(undefined, {
      submissionId: s.id,
      organisationKey: normaliseRegistryId(reg?.registryId ?? s.id),
      isSme: reg?.smeDeclaration ?? false,
      ...(ranked.has(s.id) ? { ranked: true } : { unrankedReason: unranked.get(s.id) ?? rankingReason('notRanked') }),
    });
  });
  const comments = commentsBySubmission(reviews);
  const at = now.toISOString();
  const { header, entries } = buildResults({
    competitionId,
    version: 0,
    decidedAt: at,
    visibleFrom: at,
    rounds,
    rankingInput: input,
    ranking,
    tieBreakRules: TIE_BREAK_RULES,
    submissions,
    comments,
    candidates,
    awards: [],
    totals: planTotals(EMPTY_PLAN, [], () => false),
  });
  // The ranking changes with the clock alone when a peer round with a review duty closes.
  const validUntil = rounds
    .filter((r) => r.requireReviewDuty && new Date(r.closesAt) > now)
    .map((r) => new Date(r.closesAt).toISOString())
    .sort()[0];
  return {
    header: {
      competitionId,
      rounds: header.rounds,
      ...(header.rankingOptions ? { rankingOptions: header.rankingOptions } : {}),
      rules: header.rules,
      tieBreakRules: header.tieBreakRules,
      entryCount: header.entryCount,
      rankedCount: header.rankedCount,
    },
    entries,
    rows: rankRowsOf(entries),
    figures: checklistFigures(rounds, reviews, submissions, members, expoComparedOf(input.rounds)),
    ...(validUntil ? { validUntil } : {}),
  };
}

// ---- the 'ranking' job (ranking-job.ts: what starts it) -----------------------------------------

/**
 * One recomputation: the counter is read before the inputs (so the version recorded is never newer
 * than what was read), the slot not in use is written, then the pointer flipped. Returns the live
 * ranking it wrote and whether it became live (false when one from newer inputs already was).
 */
export async function recomputeLive(
  ports: Deps & Pick<Ports, 'results' | 'ids'>,
  competitionId: string,
  onProgress?: (done: number, total: number, step: string) => Promise<void>,
): Promise<{ live: LiveRanking; published: boolean }> {
  const [inputs, before] = await Promise.all([ports.results.getInputs(competitionId), ports.results.getLive(competitionId)]);
  await onProgress?.(0, 1, 'Reading the reviews');
  const snapshot = await computeLiveSnapshot(ports, competitionId);
  const slot: LiveSlot = before?.slot === 'A' ? 'B' : 'A';
  const computationId = ports.ids.next();
  const items = snapshot.entries.length + snapshot.rows.length;
  await onProgress?.(0, items, 'Writing the ranking');
  await ports.results.saveLiveSlot({ competitionId, slot, computationId }, snapshot.entries, snapshot.rows, (written, total) => onProgress?.(written, total, 'Writing the ranking'));
  const live: LiveRanking = {
    slot,
    computationId,
    inputsVersion: inputs.version,
    computedAt: ports.clock.now().toISOString(),
    ...(snapshot.validUntil ? { validUntil: snapshot.validUntil } : {}),
    header: snapshot.header,
    figures: snapshot.figures,
  };
  return { live, published: await ports.results.publishLive(competitionId, live) };
}

/** Recomputations in one run before it hands over to a fresh delivery (inputs kept moving meanwhile). */
const ROUNDS_PER_RUN = 3;

/**
 * The 'ranking' job: recomputes until the live ranking is that of the current inputs. Nothing to
 * do once results are decided (the frozen snapshot is the ranking then).
 */
export const rankingJob: JobHandler = async (ports, job, ctx) => {
  const competitionId = job.competitionId;
  for (let round = 0; round < ROUNDS_PER_RUN; round++) {
    const [competition, inputs, live] = await Promise.all([ports.competitions.get(competitionId), ports.results.getInputs(competitionId), ports.results.getLive(competitionId)]);
    if (!competition || competition.resultsVersion) return { upToDate: true, reason: 'results decided' };
    if (live && isCurrent(live, inputs.version, ports.clock.now())) return { upToDate: true, inputsVersion: live.inputsVersion, rows: live.header.entryCount };
    await recomputeLive(ports, competitionId, (done, total, step) => ctx.progress(done, total, step));
    if (ctx.timeLeftMs() < 60_000) break;
  }
  // The inputs moved on while it ran: queued again, the next run starts from the new inputs.
  const [inputs, live] = await Promise.all([ports.results.getInputs(competitionId), ports.results.getLive(competitionId)]);
  if (live && isCurrent(live, inputs.version, ports.clock.now())) return { upToDate: true, inputsVersion: live.inputsVersion, rows: live.header.entryCount };
  return ctx.continueLater();
};
