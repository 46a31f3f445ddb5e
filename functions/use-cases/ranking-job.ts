/**
 * The live ranking, computed once per change rather than once per view. Every change to what the
 * ranking is computed from (a review submitted or revised, a review withdrawn by a conflict, a
 * round added or changed, an entry submitted, edited or withdrawn, an assignment) moves one
 * counter on (`rankingInputsChanged`: one UpdateItem ADD). Organisers' changes (rounds,
 * assignments, withdrawals) also start the 'ranking' job — or join the one not finished yet
 * (startJob keeps one per kind and params). The changes that stream in by the thousand — reviews,
 * entries, registrations — only move the counter: in a large competition the first read that
 * finds the ranking behind starts the one recomputation they all need, a small one's reads compute
 * it for themselves (use-cases/ranking.ts `currentRanking`). A
 * recomputation rewrites the whole ranking (every score moves when calibration sees one more
 * review), so one per review would cost what 10,000 reviews cost a thousand times over.
 *
 * The job reads the inputs once, ranks them with the domain's rules (the same input and code as
 * the published results: reviewers pseudonymised, no awards — those are applied when read, see
 * domain/results.ts `withAwards`), writes the entries and rank rows into the live slot not in use
 * (batched), then points the live ranking at it in one conditional write that names the inputs'
 * version it was computed from. Readers (use-cases/ranking.ts) compare that with the counter.
 */
import { normaliseRegistryId } from '../domain/entrant.ts';
import type { Identity } from '../domain/identity.ts';
import { checklistFigures, expoComparedOf } from '../domain/publication-checklist.ts';
import { TIE_BREAK_RULES } from '../domain/ranking.ts';
import { buildResults, commentsBySubmission, candidateUnder, rankRowsOf, type RankingHeader, type RankRow, type ResultEntry } from '../domain/results.ts';
import { planTotals } from '../domain/awards.ts';
import { allMembers, submittedSubmissions } from './all-pages.ts';
import { startJobFor, type JobHandler } from './jobs.ts';
import type { LiveRanking, LiveSlot, Ports } from './ports.ts';
import { rankWithInput } from './ranking.ts';
import { EMPTY_PLAN, pseudonym } from './results-snapshot.ts';

export const RANKING_JOB = 'ranking';

/** Up to this many submitted entries, a read that finds the ranking out of date computes it at once. */
export const SMALL_COMPETITION = 500;

/** Who starts a recomputation nobody in particular asked for (a read of data from before live rankings). */
export const SYSTEM: Identity = { sub: 'podium', email: 'podium@system', name: 'Podium', groups: [] };

type ComputePorts = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'evaluation' | 'awards' | 'clock'>;
export type InputsChangedPorts = Pick<Ports, 'results' | 'jobs' | 'jobQueue' | 'clock' | 'ids'>;

/**
 * Call after every change to what the ranking is computed from: one ADD to the counter, then the
 * recomputation is started (or joins the unfinished one). Starting may fail without harm: the next
 * read sees the ranking is behind the counter and starts it. `start: false` only moves the counter
 * on — for the changes of the submission period (entries, registrations), which nobody ranks while
 * they stream in: the next read, or the next review, starts the one recomputation they all need.
 */
export async function rankingInputsChanged(ports: InputsChangedPorts, who: Identity | undefined, competitionId: string, options: { start?: boolean } = {}): Promise<void> {
  await ports.results.noteInputsChanged(competitionId, ports.clock.now().toISOString());
  if (options.start === false) return;
  try {
    await startJobFor(ports, who ?? SYSTEM, competitionId, RANKING_JOB, {});
  } catch {
    // The change is recorded by the counter; whoever reads the ranking next starts the job.
  }
}

export interface LiveSnapshot {
  header: RankingHeader;
  entries: ResultEntry[];
  rows: RankRow[];
  figures: LiveRanking['figures'];
  validUntil?: string;
}

/** Reads every input once (paged queries) and computes the live ranking's entries, rows and header. */
export async function computeLiveSnapshot(ports: ComputePorts, competitionId: string): Promise<LiveSnapshot> {
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
      ...(ranked.has(s.id) ? { ranked: true } : { unrankedReason: unranked.get(s.id) ?? 'Not ranked.' }),
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

/** Whether the live ranking is that of the current inputs (and the clock has not moved past it). */
export function isCurrent(live: LiveRanking, inputsVersion: number, now: Date): boolean {
  return live.inputsVersion >= inputsVersion && !(live.validUntil && now.toISOString() >= live.validUntil);
}

/**
 * One recomputation: the counter is read before the inputs (so the version recorded is never newer
 * than what was read), the slot not in use is written, then the pointer flipped. Returns the live
 * ranking it wrote and whether it became live (false when one from newer inputs already was).
 */
export async function recomputeLive(
  ports: ComputePorts & Pick<Ports, 'results' | 'ids'>,
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
