/**
 * Jobs: long work (exports, assignment runs, publication, notifications, ranking recomputation)
 * that runs outside any request — on its own Lambda fed by a queue on AWS, in the local process
 * from an in-process queue — and that people follow as a record with a state and a progress bar.
 *
 *   queued ─► running ─► succeeded
 *     ▲          │  └──► failed
 *     └──────────┘  (a retry after a failure, or a continuation after a checkpoint)
 *
 * A job runs at least once (queues deliver at least once), so every rule here keeps a repeated
 * or late delivery harmless: a finished job is never run again, a running one is left to its
 * runner while that runner's lease lasts, and a runner whose lease ran out (its process crashed
 * or timed out) is taken over — the crash counts as a failed attempt. Pure rules only; the use
 * case (use-cases/jobs.ts) stores and runs.
 */
import { createHash } from 'node:crypto';
import type { Identity } from './identity.ts';

export const JOB_STATES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** Moves a job may make; anything else is a bug or a stale writer, and is refused. */
const TRANSITIONS: Record<JobState, readonly JobState[]> = {
  queued: ['running', 'failed'],
  // running → running: a takeover after the previous runner's lease ran out.
  // running → queued: a retry after a failure, or a continuation from a checkpoint.
  running: ['running', 'queued', 'succeeded', 'failed'],
  succeeded: [],
  failed: [],
};

export function canMove(from: JobState, to: JobState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isFinished(state: JobState): boolean {
  return state === 'succeeded' || state === 'failed';
}

/** How far a job is: `done` of `total` items (total unknown at first), in the step named. */
export interface JobProgress {
  done: number;
  total?: number;
  /** What it is doing, for people: "Reading submissions". */
  step?: string;
}

export interface JobError {
  /** A domain error's code (`INVALID_STATE`, …), or `JOB_FAILED` for an unexpected one. */
  code: string;
  /** For people; never a stack or an SDK message. */
  message: string;
}

/** A job as stored. `params` and `result` are plain JSON, their shape the kind's business. */
export interface Job {
  id: string;
  competitionId: string;
  kind: string;
  params: Record<string, unknown>;
  /** The kind and params this job stands for (jobLockKey): at most one unfinished job per key. */
  lockKey: string;
  state: JobState;
  progress: JobProgress;
  /** What a handler saved to resume from (plain JSON, small: it lives in the job's item). */
  checkpoint?: unknown;
  result?: Record<string, unknown>;
  /** Why it failed (state failed), or why the last attempt failed (a retry is queued). */
  error?: JobError;
  /** Runs started (first run, retries, continuations, takeovers). */
  attempts: number;
  /** Attempts that failed or crashed; at MAX_FAILURES the job fails. */
  failures: number;
  /** The current run's id: every write of a run is conditional on the version it last wrote. */
  runId?: string;
  /** Until when the current run may be presumed alive (its function's deadline, plus a margin). */
  leaseUntil?: string;
  /** Who started it: the handler acts on their behalf (access is checked again as them). */
  requestedBy: Identity;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** Moves on with every write (optimistic concurrency: one writer at a time). */
  version: number;
}

/** A job's address (what a queue message carries). */
export interface JobRef {
  competitionId: string;
  jobId: string;
}

/** Attempts that may fail (a thrown error, a crash, a timeout) before the job is given up. */
export const MAX_FAILURES = 3;

/** Margin on a run's lease beyond its function's deadline (clocks differ; a crash is only presumed after it). */
export const LEASE_MARGIN_MS = 60_000;

/** JSON with object keys sorted, so equal params always give the same text (and hash). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** What makes two starts "the same job": competition, kind and params (hashed: params may be long). */
export function jobLockKey(competitionId: string, kind: string, params: Record<string, unknown>): string {
  const hash = createHash('sha256').update(canonicalJson(params)).digest('hex').slice(0, 32);
  return `${competitionId}#${kind}#${hash}`;
}

export function leaseExpired(job: Pick<Job, 'leaseUntil'>, now: Date): boolean {
  // By instant, not by text: ISO strings of other forms ('…:00Z', offsets) do not sort as time, and
  // a lease that cannot be read must not keep a job busy for ever.
  return job.leaseUntil === undefined || !(Date.parse(job.leaseUntil) > now.getTime());
}

export type RunDecision =
  /** `takeover`: the previous run's lease ran out; its crash counts as a failure. */
  | { action: 'run'; takeover: boolean }
  | { action: 'skip'; reason: 'finished' | 'busy' }
  /** Crashed once too often: fail it without running it again. */
  | { action: 'give-up' };

/** What to do when a queue delivers the job (possibly again, possibly late). */
export function decideRun(job: Job, now: Date): RunDecision {
  if (isFinished(job.state)) return { action: 'skip', reason: 'finished' };
  if (job.state === 'running') {
    if (!leaseExpired(job, now)) return { action: 'skip', reason: 'busy' };
    return job.failures + 1 >= MAX_FAILURES ? { action: 'give-up' } : { action: 'run', takeover: true };
  }
  return job.failures >= MAX_FAILURES ? { action: 'give-up' } : { action: 'run', takeover: false };
}

/** After an attempt failed (`failures` already counts it): try again, or fail for good. */
export function afterFailure(job: Pick<Job, 'failures'>, permanent: boolean): 'retry' | 'fail' {
  return permanent || job.failures >= MAX_FAILURES ? 'fail' : 'retry';
}

/** How long to wait before attempt n+1 after n failures: 5 s, 20 s, 80 s… (capped at 15 min, SQS's longest delay). */
export function retryDelayMs(failures: number): number {
  return Math.min(5_000 * 4 ** Math.max(0, failures - 1), 900_000);
}

export const CRASHED: JobError = {
  code: 'JOB_CRASHED',
  message: `The job stopped unexpectedly (a crash or a timeout) ${MAX_FAILURES} times and was given up. Start it again; if it fails again, the operators' logs say why.`,
};

export const UNEXPECTED: JobError = {
  code: 'JOB_FAILED',
  message: 'The job failed unexpectedly. Start it again; if it fails again, the operators\' logs say why.',
};

/**
 * The state people should see: a run whose lease ran out with no attempt left will never finish
 * (its last delivery went to the dead-letter queue), so it reads as failed even before anyone
 * touches the record again.
 */
export function visibleState(job: Job, now: Date): { state: JobState; error?: JobError } {
  if (job.state === 'running' && leaseExpired(job, now) && job.failures + 1 >= MAX_FAILURES) return { state: 'failed', error: CRASHED };
  return { state: job.state, ...(job.error ? { error: job.error } : {}) };
}
