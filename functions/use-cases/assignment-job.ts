/**
 * The assignment of a round as a job (kind 'assignment', params { roundId }): started by
 * `startAssignment` (use-cases/assignment.ts), which checked the request; checked again here as the
 * organiser who started it, since the competition or the round may have moved on while it waited.
 *
 * Resumable and repeatable: each run plans afresh — the solver is deterministic and unstarted
 * assignments are not among its inputs, so the plan after a crash or a continuation is the same,
 * minus what was written already — and writes in batches. The first run's figures are kept in the
 * checkpoint, so the audit entry and the result describe the whole run, written once.
 */
import type { Job } from '../domain/job.ts';
import { applyAssignment, auditAssignment, checkAssignable, figuresOf, type AppliedPlan, type AssignmentFigures } from './assignment.ts';
import type { JobContext, JobHandler } from './jobs.ts';
import type { Ports } from './ports.ts';

interface AssignmentCheckpoint {
  /** The first plan's figures (later runs only finish writing it). */
  figures: AssignmentFigures;
  audited?: boolean;
}

/** Time kept in hand at the end of a run: a chunk of writes and the checkpoint fit in it. */
const RESERVE_MS = 60_000;

export const assignmentJob: JobHandler<AssignmentCheckpoint> = async (ports: Ports, job: Job, ctx: JobContext<AssignmentCheckpoint>) => {
  const roundId = String(job.params.roundId ?? '');
  const { competition, membership, round } = await checkAssignable(ports, ctx.who, job.competitionId, roundId, { allowExpo: true });
  // A judge dropped from an expo round (dropReviewer starts this job for every round): an expo
  // round assigns nothing, so there is nothing to hand over.
  if (round.kind === 'expo') return { rows: 0, counts: { added: 0, removed: 0, kept: 0, shortfalls: 0 } };
  let saved = ctx.resumeFrom;
  let p: AppliedPlan;
  for (let pass = 1; ; pass++) {
    p = await applyAssignment(ports, job.competitionId, round, {
      batched: true,
      progress: (done, total, step) => ctx.progress(done, total || undefined, step),
      shouldStop: () => ctx.timeLeftMs() < RESERVE_MS,
      // A randomised round: a continuation draws the same run (the same seed) as the first plan.
      run: saved?.figures.randomised?.run,
      // The organiser dashboard's reviews assigned (use-cases/dashboard.ts).
      competition,
      planned: async (plan) => {
        if (saved) return;
        saved = { figures: figuresOf(plan) };
        await ctx.checkpoint(saved);
      },
    });
    if (p.stopped) return ctx.continueLater();
    // A reviewer dropped (or a conflict declared) joined this run after it planned: plan again, so
    // nothing stays with them; the figures are then the last plan's. (Three passes at most: a pool
    // that keeps moving is planned again by the next change's run.)
    if (!p.poolMoved || pass === 3) break;
    saved = undefined;
  }
  saved ??= { figures: figuresOf(p) };
  if (!saved.audited) {
    await auditAssignment(ports, { sub: membership.userSub, email: membership.userEmail }, job.competitionId, round, saved.figures);
    await ctx.checkpoint({ ...saved, audited: true });
  }
  const { added, removed, kept, shortfalls, randomised } = saved.figures;
  // A randomised run's seed is recorded (here, in the audit entry and the plan) so it can be reproduced.
  const drawn = randomised ? { seed: randomised.seed, run: randomised.run } : {};
  return { rows: added, counts: { added, removed, kept, shortfalls: shortfalls.length, ...drawn }, ...(randomised ? { randomised } : {}) };
};
