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
import type { Identity } from '../domain/identity.ts';
import type { RankingHeader, RankRow, ResultEntry } from '../domain/results.ts';
import { startJobFor } from './jobs.ts';
import type { LiveRanking, Ports } from './ports.ts';

export const RANKING_JOB = 'ranking';

/** Up to this many submitted entries, a read that finds the ranking out of date computes it at once. */
export const SMALL_COMPETITION = 500;

/** Who starts a recomputation nobody in particular asked for (a read of data from before live rankings). */
export const SYSTEM: Identity = { sub: 'podium', email: 'podium@system', name: 'Podium', groups: [] };

export type InputsChangedPorts = Pick<Ports, 'results' | 'jobs' | 'jobQueue' | 'clock' | 'ids'>;

/**
 * Call after every change to what the ranking is computed from: one ADD to the counter, then the
 * recomputation is started (or joins the unfinished one). Starting may fail without harm: the next
 * read sees the ranking is behind the counter and starts it. `start: false` only moves the counter
 * on — for the changes of the submission period (entries, registrations), which nobody ranks while
 * they stream in: the next read, or the next review, starts the one recomputation they all need.
 */
export async function rankingInputsChanged(ports: InputsChangedPorts, who: Identity | undefined, competitionId: string, options: { start?: boolean; conflicts?: boolean } = {}): Promise<void> {
  // `conflicts`: an input of the automatic conflicts as well, counted in the same write (ResultsRepository.noteInputsChanged).
  await ports.results.noteInputsChanged(competitionId, ports.clock.now().toISOString(), options.conflicts ? { conflicts: true } : undefined);
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

/** Whether the live ranking is that of the current inputs (and the clock has not moved past it). */
export function isCurrent(live: LiveRanking, inputsVersion: number, now: Date): boolean {
  return live.inputsVersion >= inputsVersion && !(live.validUntil && now.toISOString() >= live.validUntil);
}
