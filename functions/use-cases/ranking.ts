/**
 * The competition's ranking, computed from the submitted reviews of every round by the domain's
 * calibration and ranking rules (domain/ranking.ts). Same stored reviews → same ranking. Only
 * organisers see it.
 */
import type { Round } from '../domain/evaluation.ts';
import type { Identity } from '../domain/identity.ts';
import type { RankingResult, StoredRankingRules } from '../domain/ranking.ts';
import { TIE_BREAK_RULES } from '../domain/ranking-rules.ts';
import type { Submission } from '../domain/submission.ts';
import { rankRowsOf, type RankingHeader, type RankRow, type ResultEntry } from '../domain/results.ts';
import { DomainError, VersionConflict } from '../domain/errors.ts';
import type { Job } from '../domain/job.ts';
import { loadOrganisedCompetition } from './access.ts';
import { storedResults } from './results-stored.ts';
import { allPages } from './all-pages.ts';
import { startJobFor } from './jobs.ts';
import type { ExpoRepository, LiveRanking, LiveSlot, Page, Ports } from './ports.ts';
import { isCurrent, RANKING_JOB, SMALL_COMPETITION, SYSTEM, type LiveSnapshot } from './ranking-job.ts';
import { rankingReason } from '../shared/ranking-reasons.ts';

type RankingCompute = typeof import('./ranking-compute.ts');
let loadRankingCompute: (() => Promise<RankingCompute>) | undefined;

/**
 * Where the code that computes a ranking comes from (ranking-compute.ts: `rankingInputFor`,
 * `rankWithInput`, `rankOn`, `computeRanking`, `pairwiseRoundOf`, `computeLiveSnapshot`, the job).
 * The entries that compute rankings provide it — composition-all.ts (the local runtime, the tests,
 * the jobs function) and the API areas whose routes rank (functions/lambda/api-evaluation.ts,
 * api-results.ts), each as `() => import(…)`: in their bundles it is a chunk that a cold start does
 * not compile, loaded by the first request that computes a ranking. The import is there and not
 * here because esbuild emits a chunk for every `import()` in a bundled file, used or not, and the
 * other areas bundle this module for what they read of a stored ranking.
 */
export function provideRankingCompute(load: () => Promise<RankingCompute>): void {
  loadRankingCompute = load;
}

/** The ranking computation (see provideRankingCompute); throws where this function provides none. */
export function rankingCompute(): Promise<RankingCompute> {
  if (!loadRankingCompute) throw new Error('This function does not compute rankings: its entry does not provide ranking-compute.ts (provideRankingCompute).');
  return loadRankingCompute();
}

/**
 * What the ranking reads of an expo round (`Ports.expo`). Optional in the type so that callers
 * typed with fewer ports still type-check; every runtime's ports have it, and ranking a
 * competition with an expo round without it is a programming error (it throws).
 */
type ExpoReads = { expo?: Pick<ExpoRepository, 'listTables' | 'listVotes'> };
type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'evaluation' | 'awards' | 'clock'> & ExpoReads;

export interface RankingView extends Omit<RankingResult, 'rules'> {
  /** As stored with the ranking (none yet: an empty list). */
  rules: StoredRankingRules;
  rounds: { id: string; name: string; kind: string; weight: number }[];
  submissions: Record<string, { title: string; organisationName: string; country: string }>;
  tieBreakRules: string[];
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
  if (small) return { kind: 'computed', snapshot: await (await rankingCompute()).computeLiveSnapshot(ports, competitionId), inputsVersion: inputs.version };
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
  if (source.kind === 'none') return (await (await rankingCompute()).computeLiveSnapshot(ports, competitionId)).rows.filter((r) => submissionIds.includes(r.submissionId));
  if (source.kind === 'computed') return source.snapshot.rows.filter((r) => submissionIds.includes(r.submissionId));
  const entries = await ports.results.entriesIn(source.ref, submissionIds);
  return rankRowsOf([...entries.values()]).filter((r) => submissionIds.includes(r.submissionId));
}

/** Every rank row of the live ranking (computed for this read when there is none yet). */
export async function liveRankRows(ports: ReadPorts, competitionId: string): Promise<RankRow[]> {
  const source = await currentRanking(ports, undefined, competitionId);
  if (source.kind === 'none') return (await (await rankingCompute()).computeLiveSnapshot(ports, competitionId)).rows;
  return allRankRows(ports, source);
}

function rankingOfRows(rows: RankRow[]): Pick<RankingResult, 'ranked' | 'unranked' | 'excludedReviews'> {
  return {
    ranked: rows.flatMap((r) => (r.ranked ? [r.ranked] : [])),
    unranked: rows.flatMap((r) => (r.ranked ? [] : [{ submissionId: r.submissionId, reason: r.unrankedReason ?? rankingReason('notRanked') }])),
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
  const ranking = await (await rankingCompute()).rankOn(ports, competitionId, [from], submitted);
  const top = new Set(ranking.ranked.slice(0, round.shortlist!.topN).map((r) => r.submissionId));
  return submitted.filter((s) => top.has(s.id));
}
