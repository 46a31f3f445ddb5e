/**
 * The competition's ranking, computed from the submitted reviews of every round by the domain's
 * calibration and ranking rules (domain/ranking.ts). Same stored reviews → same ranking. Only
 * organisers see it.
 */
import type { Review, Round } from '../domain/evaluation.ts';
import type { Identity } from '../domain/identity.ts';
import { fundingLine, rankSubmissions, TIE_BREAK_RULES, type ExcludedReview, type PairwiseRound, type RankingInput, type RankingResult } from '../domain/ranking.ts';
import { countedVotes, expoSettingsOf } from '../domain/expo.ts';
import { DEFAULT_PAIRWISE_METHOD, PAIRWISE_METHOD_RULES, rankPairwise, UNSEEN_SE } from '../domain/pairwise-ranking.ts';
import { countsTowardsRanking, dutyDone } from '../domain/moderation.ts';
import type { Submission } from '../domain/submission.ts';
import { rankRowsOf, type RankingHeader, type RankRow, type ResultEntry } from '../domain/results.ts';
import { DomainError, VersionConflict } from '../domain/errors.ts';
import type { Job } from '../domain/job.ts';
import type { PrizePlan } from '../domain/awards.ts';
import { loadOrganisedCompetition } from './access.ts';
import { storedResults } from './results-snapshot.ts';
import { allPages, submittedSubmissions } from './all-pages.ts';
import { startJobFor } from './jobs.ts';
import type { ExpoRepository, LiveRanking, LiveSlot, Page, Ports } from './ports.ts';
import { computeLiveSnapshot, isCurrent, RANKING_JOB, SMALL_COMPETITION, SYSTEM, type LiveSnapshot } from './ranking-job.ts';

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
    description: PAIRWISE_METHOD_RULES[method],
    scores: standings
      .filter((s) => s.comparisons > 0 && Number.isFinite(s.score))
      .map((s) => ({ submissionId: s.id, score: Math.min(100, Math.max(0, s.score)), se: Number.isFinite(s.se) && s.se >= 0 ? s.se : UNSEEN_SE, comparisons: s.comparisons }))
      .sort((a, b) => (a.submissionId < b.submissionId ? -1 : a.submissionId > b.submissionId ? 1 : 0)),
  };
}

export interface RankingView extends RankingResult {
  rounds: { id: string; name: string; kind: string; weight: number }[];
  submissions: Record<string, { title: string; organisationName: string; country: string }>;
  tieBreakRules: string[];
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
      if (!dutyDone(r)) dutyFailedBy.set(r.reviewerSub, `Did not complete its peer reviews in "${round.name}".`);
  });
  const listed = new Set(submissions.map((s) => s.id));
  return {
    moderated: reviewsByRound
      .flat()
      .filter((r) => r.status === 'submitted' && r.exclusion && listed.has(r.submissionId))
      .map((r) => ({ roundId: r.roundId, reviewerId: reviewerId(r.reviewerSub), submissionId: r.submissionId, reason: `Excluded by the organisers: ${r.exclusion!.reason}` })),
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

// ---- the live ranking, as views read it ---------------------------------------------------------

type ReadPorts = Deps & Pick<Ports, 'results'>;

/** Where a view reads the ranking from. */
export type RankingSource =
  /** The live ranking as stored (current, or `stale` while a recomputation is due or running). */
  | { kind: 'stored'; live: LiveRanking; ref: LiveRef; inputsVersion: number; stale: boolean; job?: Job }
  /** Computed for this read: a small competition whose stored ranking is behind (or not there yet). */
  | { kind: 'computed'; snapshot: LiveSnapshot; inputsVersion: number; job?: Job }
  /** No ranking yet: a large competition whose first computation is under way. */
  | { kind: 'none'; inputsVersion: number; job?: Job };

type LiveRef = { competitionId: string; slot: LiveSlot; computationId: string };

const refOf = (live: LiveRanking): LiveRef => ({ competitionId: live.header.competitionId, slot: live.slot, computationId: live.computationId });

/** The ports that start jobs, when the caller has them (every runtime's do). */
function jobPorts(ports: object): Pick<Ports, 'jobs' | 'jobQueue' | 'clock' | 'ids'> | undefined {
  const p = ports as Partial<Ports>;
  return p.jobs && p.jobQueue && p.ids && p.clock ? (p as Ports) : undefined;
}

async function atMostSubmitted(ports: Pick<Ports, 'submissions'>, competitionId: string, n: number): Promise<boolean> {
  let seen = 0;
  let cursor: string | undefined;
  do {
    const page = await ports.submissions.listForCompetition(competitionId, { status: 'submitted' }, 100, cursor);
    seen += page.items.length;
    if (seen > n) return false;
    cursor = page.nextCursor;
  } while (cursor);
  return true;
}

/**
 * The live ranking for a view: two small reads when it is current (the pointer and the counter).
 * When it is behind (the recomputation the change started has not finished, or there is none
 * yet), a small competition's read computes it for itself — so a reader sees their own change at
 * once — and stores nothing (a read never writes; the job stores it when an organiser's change
 * starts one); a large one's starts the job (or joins it) and answers what is stored, marked
 * stale: reviews only move the counter, so the first look after them starts the recomputation. `current: true` (jobs, which may take their time) computes
 * it whatever the size rather than answer a stale one.
 */
export async function currentRanking(ports: ReadPorts, who: Identity | undefined, competitionId: string, options: { current?: boolean } = {}): Promise<RankingSource> {
  const [live, inputs] = await Promise.all([ports.results.getLive(competitionId), ports.results.getInputs(competitionId)]);
  if (live && isCurrent(live, inputs.version, ports.clock.now())) return { kind: 'stored', live, ref: refOf(live), inputsVersion: inputs.version, stale: false };
  const small = options.current || (live ? live.header.entryCount <= SMALL_COMPETITION : await atMostSubmitted(ports, competitionId, SMALL_COMPETITION));
  if (small) return { kind: 'computed', snapshot: await computeLiveSnapshot(ports, competitionId), inputsVersion: inputs.version };
  const job = await startRecomputation(ports, who, competitionId);
  return live ? { kind: 'stored', live, ref: refOf(live), inputsVersion: inputs.version, stale: true, ...(job ? { job } : {}) } : { kind: 'none', inputsVersion: inputs.version, ...(job ? { job } : {}) };
}

/** Starts the 'ranking' job (or joins the unfinished one); undefined where this runtime starts no jobs. */
async function startRecomputation(ports: ReadPorts, who: Identity | undefined, competitionId: string): Promise<Job | undefined> {
  const full = jobPorts(ports);
  if (!full) return undefined;
  try {
    return (await startJobFor(full, who ?? SYSTEM, competitionId, RANKING_JOB, {})).job;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return undefined;
  }
}

/** A computed ranking's pages: its cursor names the inputs it was computed from and the next position. */
const COMPUTED_CURSOR = /^computed:(\d+):(\d+)$/;

/** A page of the source's rank rows. */
export async function rankRowsPage(ports: Pick<Ports, 'results'>, source: RankingSource, limit: number, cursor?: string): Promise<Page<RankRow>> {
  const computed = cursor ? COMPUTED_CURSOR.exec(cursor) : null;
  if (source.kind === 'none') return { items: [] };
  if (source.kind === 'computed') {
    if (cursor && (!computed || Number(computed[1]) !== source.inputsVersion))
      throw new VersionConflict('The ranking was recomputed while you were reading it; start again from the first page.');
    const from = computed ? Number(computed[2]) : 0;
    const rows = source.snapshot.rows;
    const to = Math.min(rows.length, from + limit);
    return { items: rows.slice(from, to), ...(to < rows.length ? { nextCursor: `computed:${source.inputsVersion}:${to}` } : {}) };
  }
  if (computed) throw new VersionConflict('The ranking was recomputed while you were reading it; start again from the first page.');
  return ports.results.listRankRows(source.ref, source.live.header.entryCount, limit, cursor);
}

/** Every rank row of the source, in position order (paged queries). */
export async function allRankRows(ports: Pick<Ports, 'results'>, source: RankingSource): Promise<RankRow[]> {
  if (source.kind !== 'stored') return source.kind === 'computed' ? source.snapshot.rows : [];
  return allPages((cursor) => ports.results.listRankRows(source.ref, source.live.header.entryCount, 1000, cursor));
}

/** One submission's entry of the source: one read. */
export async function rankingEntry(ports: Pick<Ports, 'results'>, source: RankingSource, submissionId: string): Promise<ResultEntry | undefined> {
  if (source.kind === 'computed') return source.snapshot.entries.find((e) => e.submissionId === submissionId);
  return source.kind === 'stored' ? ports.results.entryIn(source.ref, submissionId) : undefined;
}

export const rankingHeaderOf = (source: RankingSource): RankingHeader | undefined =>
  source.kind === 'stored' ? source.live.header : source.kind === 'computed' ? source.snapshot.header : undefined;

/** What views say about how current the ranking is. */
export function freshnessOf(source: RankingSource) {
  const computedFromVersion = source.kind === 'stored' ? source.live.inputsVersion : source.kind === 'computed' ? source.inputsVersion : null;
  const stale = source.kind === 'none' || (source.kind === 'stored' && source.stale);
  return {
    inputsVersion: source.inputsVersion,
    computedFromVersion,
    stale,
    ...(stale && source.job ? { recomputation: { jobId: source.job.id, state: source.job.state, progress: source.job.progress } } : {}),
  };
}

/**
 * The live ranking's entries for these submissions only (by key, one batch read while it is
 * current), as rank-row facts; the whole ranking only where it must be computed for this read.
 */
export async function liveRowsOf(ports: ReadPorts, competitionId: string, submissionIds: string[]): Promise<RankRow[]> {
  const source = await currentRanking(ports, undefined, competitionId);
  if (source.kind === 'none') return (await computeLiveSnapshot(ports, competitionId)).rows.filter((r) => submissionIds.includes(r.submissionId));
  if (source.kind === 'computed') return source.snapshot.rows.filter((r) => submissionIds.includes(r.submissionId));
  const entries = await ports.results.entriesIn(source.ref, submissionIds);
  return rankRowsOf([...entries.values()]).filter((r) => submissionIds.includes(r.submissionId));
}

/** Every rank row of the live ranking (computed for this read when there is none yet). */
export async function liveRankRows(ports: ReadPorts, competitionId: string): Promise<RankRow[]> {
  const source = await currentRanking(ports, undefined, competitionId);
  if (source.kind === 'none') return (await computeLiveSnapshot(ports, competitionId)).rows;
  return allRankRows(ports, source);
}

function rankingOfRows(rows: RankRow[]): Pick<RankingResult, 'ranked' | 'unranked' | 'excludedReviews'> {
  return {
    ranked: rows.flatMap((r) => (r.ranked ? [r.ranked] : [])),
    unranked: rows.flatMap((r) => (r.ranked ? [] : [{ submissionId: r.submissionId, reason: r.unrankedReason ?? 'Not ranked.' }])),
    excludedReviews: rows.flatMap((r) => r.excludedReviews),
  };
}

export interface RankingPage extends RankingView {
  frozen: boolean;
  /** Rows in the whole ranking (ranked and not), and how many of them are ranked. */
  entryCount: number;
  rankedCount: number;
  nextCursor?: string;
  /** The counter of changes to the ranking's inputs, and the value the rows shown were computed from. */
  inputsVersion: number;
  computedFromVersion: number | null;
  /** True while the rows shown are behind the inputs (a recomputation is due or under way). */
  stale: boolean;
  recomputation?: { jobId: string; state: string; progress: { done: number; total?: number; step?: string } };
}

function pageView(header: Pick<RankingHeader, 'rounds' | 'rules' | 'tieBreakRules' | 'entryCount' | 'rankedCount'> | undefined, rows: RankRow[], extra: Omit<RankingPage, keyof RankingView | 'entryCount' | 'rankedCount'>): RankingPage {
  return {
    ...rankingOfRows(rows),
    rules: header?.rules ?? [],
    rounds: (header?.rounds ?? []).map((r) => ({ id: r.id, name: r.name, kind: r.kind, weight: r.weight })),
    submissions: Object.fromEntries(rows.map((r) => [r.submissionId, { title: r.title, organisationName: r.organisationName, country: r.country }])),
    tieBreakRules: header?.tieBreakRules ?? TIE_BREAK_RULES,
    entryCount: header?.entryCount ?? 0,
    rankedCount: header?.rankedCount ?? 0,
    ...extra,
  };
}

/**
 * Organisers' ranking, a page of rows at a time: the live ranking until the results are decided,
 * then the frozen snapshot's. A few reads per page whatever the size of the competition.
 */
export async function getRanking(ports: ReadPorts, caller: Identity | undefined, competitionId: string, page: { limit?: number; cursor?: string } = {}): Promise<RankingPage> {
  const { competition } = await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  const limit = page.limit ?? 100;
  if (competition.resultsVersion) {
    const version = competition.resultsVersion;
    const header = await ports.results.getHeader(competitionId, version);
    if (!header) throw new Error(`Results snapshot ${version} of ${competitionId} is missing.`);
    const frozen = { frozen: true, inputsVersion: 0, computedFromVersion: 0, stale: false };
    if (!header.rankRows) {
      // Snapshots stored before rank rows: all of it, from the entries.
      const stored = await storedResults(ports, competition);
      return pageView(header, rankRowsOf(stored!.entries), frozen);
    }
    const rows = await ports.results.listRankRows({ competitionId, version }, header.entryCount, limit, page.cursor);
    return pageView(header, rows.items, { ...frozen, ...(rows.nextCursor ? { nextCursor: rows.nextCursor } : {}) });
  }
  const source = await currentRanking(ports, caller, competitionId);
  const rows = await rankRowsPage(ports, source, limit, page.cursor);
  return pageView(rankingHeaderOf(source), rows.items, { frozen: false, ...freshnessOf(source), ...(rows.nextCursor ? { nextCursor: rows.nextCursor } : {}) });
}

/** The whole ranking in one, current (for exports, which run as jobs and may take their time). */
export async function getFullRanking(ports: ReadPorts, caller: Identity | undefined, competitionId: string): Promise<RankingPage> {
  const { competition } = await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  if (!competition.resultsVersion) {
    // One source for every page: a ranking computed for this read is computed once.
    const source = await currentRanking(ports, caller, competitionId, { current: true });
    return pageView(rankingHeaderOf(source), await allRankRows(ports, source), { frozen: false, ...freshnessOf(source) });
  }
  let all = await getRanking(ports, caller, competitionId, { limit: 1000 });
  for (let cursor = all.nextCursor; cursor; ) {
    const next = await getRanking(ports, caller, competitionId, { limit: 1000, cursor });
    all = { ...next, ranked: [...all.ranked, ...next.ranked], unranked: [...all.unranked, ...next.unranked], excludedReviews: [...all.excludedReviews, ...next.excludedReviews], submissions: { ...all.submissions, ...next.submissions } };
    cursor = next.nextCursor;
  }
  const { nextCursor: _, ...rest } = all;
  return rest;
}

/** The top N of an earlier round, for a shortlist round. */
export async function shortlistFor(ports: Deps, competitionId: string, round: Round, submitted: Submission[]): Promise<Submission[]> {
  const from = await ports.evaluation.getRound(competitionId, round.shortlist!.fromRoundId);
  if (!from) return [];
  const ranking = await rankOn(ports, competitionId, [from], submitted);
  const top = new Set(ranking.ranked.slice(0, round.shortlist!.topN).map((r) => r.submissionId));
  return submitted.filter((s) => top.has(s.id));
}
