/**
 * Counting a round's reviewer loads once (kind 'reviewer-loads', params { roundId }): for a round
 * made before load items existed (no `reviewerLoadsCounted` marker, adapters/dynamodb/keys.ts).
 * Started by the first reviewer list of such a round (use-cases/assignment.ts listReviewers), which
 * meanwhile counts the round's reviews itself, as it always did. Idempotent: the count adds to
 * the load items' sets (a union), so a second run or one beside new assignments counts nothing twice.
 */
import type { Job } from '../domain/job.ts';
import type { JobContext, JobHandler } from './jobs.ts';
import type { Ports } from './ports.ts';

export const REVIEWER_LOADS_JOB = 'reviewer-loads';

export const reviewerLoadsJob: JobHandler = async (ports: Ports, job: Job, ctx: JobContext) => {
  const roundId = String(job.params.roundId ?? '');
  await ctx.progress(0, undefined, 'Counting the reviewers’ loads');
  if (await ports.evaluation.getRound(job.competitionId, roundId)) await ports.evaluation.countReviewerLoads(job.competitionId, roundId);
};
