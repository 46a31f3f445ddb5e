/**
 * Long work as jobs: started by a request (which answers 202 at once), run by `runJob` outside
 * any request — on AWS by the job Lambda, fed by SQS (functions/lambda/jobs.ts); locally by the
 * in-process queue (adapters/jobs/in-process-queue.ts) — the same code either way.
 *
 * - **Idempotent start**: starting the same kind with the same params while one is unfinished
 *   returns that one. One conditional write decides (the lock item, keyed by competition, kind
 *   and a hash of the params), so two concurrent starts make one job.
 * - **At-least-once delivery is harmless**: runJob skips a finished job, leaves a running one to
 *   its runner while that runner's lease lasts, and takes over one whose runner died (a crash or a
 *   timeout counts as a failed attempt). Every write of a run is conditional on the version the
 *   run last wrote: a runner that lost the job learns it at its next write and stops.
 * - **Resumable**: a handler saves checkpoints (`ctx.checkpoint`) and, when its time is nearly up
 *   (`ctx.timeLeftMs()`), returns `ctx.continueLater()`: the job is queued again and the next run
 *   starts from the checkpoint. A failed attempt is retried from the checkpoint too.
 *
 * Adding a kind: write its handler (a `JobHandler`), add one line to JOB_HANDLERS
 * (use-cases/job-handlers.ts), and start it with `startJob(ports, who, competitionId, kind, params)`.
 * A handler gets every port, the job (its `params`, `requestedBy`) and a context; it returns the
 * job's result (plain JSON; a `file` member `{ key, name, contentType, bytes }` becomes a download
 * link in the job's view), or throws — a DomainError fails the job at once with its message
 * (people read it), anything else is retried up to MAX_FAILURES times.
 */
import {
  afterFailure,
  CRASHED,
  decideRun,
  isFinished,
  jobLockKey,
  LEASE_MARGIN_MS,
  leaseExpired,
  retryDelayMs,
  UNEXPECTED,
  visibleState,
  type Job,
  type JobError,
  type JobProgress,
  type JobRef,
  type JobState,
} from '../domain/job.ts';
import { DomainError, InvalidState, NotFound } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import { loadOrganisedCompetition } from './access.ts';
import { exportNeed } from '../domain/exports.ts';
import type { StaffCapability } from '../domain/programme.ts';
import type { JobKind } from './job-handlers.ts';
import type { Page, Ports } from './ports.ts';

/** Returned by a handler that saved a checkpoint and wants to be run again (its time is nearly up). */
export const CONTINUE_LATER: unique symbol = Symbol('continue later');
export type ContinueLater = typeof CONTINUE_LATER;

export interface JobContext<C = unknown> {
  readonly job: Job;
  /** Who started the job: use cases called from a handler check access as them. */
  readonly who: Identity;
  /** The last checkpoint saved by an earlier run of this job (undefined on the first run). */
  readonly resumeFrom: C | undefined;
  /** Reports progress; written to the job at most about once a second (and at each new step). */
  progress(done: number, total?: number, step?: string): Promise<void>;
  /** Saves where to resume from (small JSON), with the progress so far; written at once. */
  checkpoint(data: C): Promise<void>;
  /** Milliseconds left before this run must stop (the function's timeout, or the process stopping). */
  timeLeftMs(): number;
  /** Return this after a checkpoint to be queued again and resumed from it. */
  continueLater(): ContinueLater;
}

export type JobResult = Record<string, unknown>;
export type JobHandler<C = unknown> = (ports: Ports, job: Job, ctx: JobContext<C>) => Promise<JobResult | void | ContinueLater>;
export type JobHandlers = Readonly<Record<string, JobHandler<any>>>;

/** A file a job produced, as its result names it. */
export interface JobFile {
  key: string;
  /** The name people download it under. */
  name: string;
  contentType: string;
  bytes: number;
}

/** What the API shows of a job. */
export interface JobView {
  id: string;
  competitionId: string;
  kind: string;
  params: Record<string, unknown>;
  state: JobState;
  progress: JobProgress;
  attempts: number;
  error?: JobError;
  result?: { rows?: number; bytes?: number; counts?: Record<string, number> };
  requestedBy: { sub: string; email: string };
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  finishedAt?: string;
  /** For a succeeded job that produced a file: a short-lived link that downloads it. */
  downloadUrl?: string;
  downloadName?: string;
  downloadExpiresAt?: string;
}

/** How long a download link works: long enough to click, short enough not to be worth sharing. */
export const DOWNLOAD_LINK_SECONDS = 300;
/** How long a run may take when the runner gives no deadline (Lambda's limit, so local runs behave alike). */
export const DEFAULT_RUN_BUDGET_MS = 14 * 60_000;
/** Progress is written at most this often (each write is a DynamoDB write). */
export const PROGRESS_WRITE_INTERVAL_MS = 1_000;
/** A lock whose job never appeared (its start crashed between the two writes) is stale after this. */
const STALE_LOCK_MS = 60_000;

type StartPorts = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'jobs' | 'jobQueue' | 'clock' | 'ids'>;

/**
 * Starts a job for the competition's organisers (checked here), or returns the unfinished one
 * with the same kind and params. `created` says which.
 */
export async function startJob(
  ports: StartPorts,
  caller: Identity | undefined,
  competitionId: string,
  kind: JobKind,
  params: Record<string, unknown>,
  need: StaffCapability,
): Promise<{ job: Job; created: boolean }> {
  const { competition } = await loadOrganisedCompetition(ports, caller, competitionId, need);
  return startJobFor(ports, caller!, competition.id, kind, params);
}

/** startJob for a caller whose access the calling use case has already checked (or a system actor). */
export async function startJobFor(
  ports: Pick<Ports, 'jobs' | 'jobQueue' | 'clock' | 'ids'>,
  requestedBy: Identity,
  competitionId: string,
  kind: JobKind,
  params: Record<string, unknown>,
): Promise<{ job: Job; created: boolean }> {
  const lockKey = jobLockKey(competitionId, kind, params);
  for (let round = 0; round < 3; round++) {
    const now = ports.clock.now();
    const ref: JobRef = { competitionId, jobId: ports.ids.next() };
    const { holder, since } = await ports.jobs.acquireLock(lockKey, ref, now.toISOString());
    if (holder.jobId === ref.jobId) {
      const at = now.toISOString();
      const job: Job = {
        id: ref.jobId,
        competitionId,
        kind,
        params,
        lockKey,
        state: 'queued',
        progress: { done: 0 },
        attempts: 0,
        failures: 0,
        requestedBy: { sub: requestedBy.sub, email: requestedBy.email, name: requestedBy.name, groups: requestedBy.groups, ...(requestedBy.emailVerified ? { emailVerified: true } : {}) },
        createdAt: at,
        updatedAt: at,
        version: 1,
      };
      await ports.jobs.create(job);
      // Should this fail, the job waits queued under its lock: the next start of it enqueues it again.
      await ports.jobQueue.enqueue(ref);
      return { job, created: true };
    }
    const existing = await theLockHoldersJob(ports, holder);
    if (!existing) {
      if (now.getTime() - Date.parse(since) < STALE_LOCK_MS)
        throw new InvalidState('The same job is being started right now. Try again in a moment.');
      await ports.jobs.releaseLock(lockKey, holder.jobId);
      continue;
    }
    if (isFinished(existing.state)) {
      // It finished but its lock was not freed (a crash in between): free it and start afresh.
      await ports.jobs.releaseLock(lockKey, existing.id);
      continue;
    }
    if (visibleState(existing, now).state === 'failed') {
      // Its last run crashed with no attempt left: that crash counts, as at a delivery.
      await finishGivenUp(ports, { ...existing, failures: existing.failures + 1 }, CRASHED);
      continue;
    }
    // Unfinished: this is the job. Enqueue it again unless a live runner has it — a start that
    // crashed before enqueueing, or a delivery given up on, is picked up; a duplicate is skipped.
    if (existing.state === 'queued' || leaseExpired(existing, now)) await ports.jobQueue.enqueue(holder);
    return { job: existing, created: false };
  }
  throw new InvalidState('The same job is being started and finished right now. Try again in a moment.');
}

/** The lock's job; the winner of a race writes it right after the lock, so wait a moment for it. */
async function theLockHoldersJob(ports: Pick<Ports, 'jobs'>, holder: JobRef): Promise<Job | undefined> {
  for (let i = 0; i < 5; i++) {
    const job = await ports.jobs.get(holder.competitionId, holder.jobId);
    if (job) return job;
    await new Promise((r) => setTimeout(r, 20 * (i + 1)));
  }
  return undefined;
}

async function finishGivenUp(ports: Pick<Ports, 'jobs' | 'clock'>, job: Job, error: JobError): Promise<boolean> {
  const at = ports.clock.now().toISOString();
  const failed: Job = { ...job, state: 'failed', error, finishedAt: at, updatedAt: at, version: job.version + 1, runId: undefined, leaseUntil: undefined };
  const written = await ports.jobs.update(failed, job.version);
  if (written) await ports.jobs.releaseLock(job.lockKey, job.id);
  return written;
}

/** A job's result (its file, its download link) needs what starting it needed: the payment file is finance's (use-cases/access.ts). */
const needToSee = (job: Job): StaffCapability => (job.kind === 'export' ? exportNeed(job.params.file) : 'read');

type ReadPorts = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'jobs' | 'files' | 'clock'>;

export async function getJob(ports: ReadPorts, caller: Identity | undefined, competitionId: string, jobId: string): Promise<JobView> {
  const { capabilities } = await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  const job = await ports.jobs.get(competitionId, jobId);
  if (!job || !capabilities.includes(needToSee(job))) throw new NotFound('No such job.');
  return viewJob(ports, job);
}

export async function listJobs(ports: ReadPorts, caller: Identity | undefined, competitionId: string, limit: number, cursor?: string): Promise<Page<JobView>> {
  const { capabilities } = await loadOrganisedCompetition(ports, caller, competitionId, 'read');
  const page = await ports.jobs.list(competitionId, limit, cursor);
  const visible = page.items.filter((j) => capabilities.includes(needToSee(j)));
  return { items: await Promise.all(visible.map((j) => viewJob(ports, j))), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

export async function viewJob(ports: Pick<Ports, 'files' | 'clock'>, job: Job): Promise<JobView> {
  const now = ports.clock.now();
  const { state, error } = visibleState(job, now);
  const view: JobView = {
    id: job.id,
    competitionId: job.competitionId,
    kind: job.kind,
    params: job.params,
    state,
    progress: job.progress,
    attempts: job.attempts,
    ...(error ? { error } : {}),
    ...(job.result ? { result: resultSummary(job.result) } : {}),
    requestedBy: { sub: job.requestedBy.sub, email: job.requestedBy.email },
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    ...(job.startedAt ? { startedAt: job.startedAt } : {}),
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
  };
  const file = fileOf(job);
  if (state === 'succeeded' && file) {
    view.downloadUrl = await ports.files.presignDownload(file.key, DOWNLOAD_LINK_SECONDS, file.name);
    view.downloadName = file.name;
    view.downloadExpiresAt = new Date(now.getTime() + DOWNLOAD_LINK_SECONDS * 1000).toISOString();
  }
  return view;
}

/** What people see of a result: counts and sizes, never where the file is stored. */
function resultSummary(result: JobResult): JobView['result'] {
  const file = fileOf({ result });
  return {
    ...(typeof result.rows === 'number' ? { rows: result.rows } : {}),
    ...(file ? { bytes: file.bytes } : {}),
    ...(isCounts(result.counts) ? { counts: result.counts } : {}),
  };
}

/** A result's `counts`: named numbers people may see (no file keys, no ids). */
function isCounts(v: unknown): v is Record<string, number> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((n) => typeof n === 'number');
}

export function fileOf(job: Pick<Job, 'result'>): JobFile | undefined {
  const f = job.result?.file as Partial<JobFile> | undefined;
  return f && typeof f.key === 'string' && typeof f.name === 'string' ? (f as JobFile) : undefined;
}

export type RunOutcome =
  | { outcome: 'succeeded' | 'continued' | 'skipped' }
  | { outcome: 'failed'; error?: unknown }
  /** The attempt failed and is to be tried again after `delayMs` (the queue redelivers). */
  | { outcome: 'retry'; delayMs: number; error: unknown }
  /**
   * Another runner has the job and its lease has `leaseLeftMs` to go. A queue keeps the delivery
   * until then: if that runner has crashed, the next delivery takes the job over.
   */
  | { outcome: 'busy'; leaseLeftMs: number };

/** Thrown inside a run whose job another runner has taken over: the run stops, writing nothing more. */
class JobLost extends Error {
  constructor() {
    super('Another runner has this job now.');
    this.name = 'JobLost';
  }
}

export interface RunOptions {
  /** Time left before the runner must stop (Lambda: context.getRemainingTimeInMillis). */
  timeLeftMs?: () => number;
}

/**
 * Runs the job `ref` once: what a queue calls for each delivery. Never throws for what the job
 * itself does (the outcome says); throws only when the store cannot be reached, and then the
 * queue delivers again.
 */
export async function runJob(ports: Ports, handlers: JobHandlers, ref: JobRef, options: RunOptions = {}): Promise<RunOutcome> {
  const started = performance.now();
  const timeLeftMs = options.timeLeftMs ?? (() => DEFAULT_RUN_BUDGET_MS - (performance.now() - started));
  const job = await ports.jobs.get(ref.competitionId, ref.jobId);
  if (!job) return { outcome: 'skipped' };
  const now = ports.clock.now();
  const decision = decideRun(job, now);
  if (decision.action === 'skip') {
    // A finished job whose lock outlived it (a crash between the two writes): free it now.
    if (decision.reason === 'finished') {
      await ports.jobs.releaseLock(job.lockKey, job.id);
      return { outcome: 'skipped' };
    }
    return { outcome: 'busy', leaseLeftMs: Math.max(0, Date.parse(job.leaseUntil ?? '') - now.getTime()) || 0 };
  }
  // The crash that ran the lease out counts, as a takeover counts it.
  if (decision.action === 'give-up') {
    const crashed = job.state === 'running' ? { ...job, failures: job.failures + 1 } : job;
    return (await finishGivenUp(ports, crashed, CRASHED)) ? { outcome: 'failed' } : { outcome: 'skipped' };
  }

  const lease = () => new Date(ports.clock.now().getTime() + Math.max(0, timeLeftMs()) + LEASE_MARGIN_MS).toISOString();
  let current: Job = {
    ...job,
    state: 'running',
    attempts: job.attempts + 1,
    failures: job.failures + (decision.takeover ? 1 : 0),
    runId: ports.ids.next(),
    leaseUntil: lease(),
    startedAt: job.startedAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
    version: job.version + 1,
  };
  if (!(await ports.jobs.update(current, job.version))) return { outcome: 'skipped' };

  // Writes of this run, one at a time, each conditional on the version the previous one wrote.
  let writing: Promise<unknown> = Promise.resolve();
  const write = (change: (j: Job) => Job): Promise<void> => {
    const next = writing.then(async () => {
      const updated: Job = { ...change(current), updatedAt: ports.clock.now().toISOString(), version: current.version + 1 };
      if (!(await ports.jobs.update(updated, current.version))) throw new JobLost();
      current = updated;
    });
    writing = next.catch(() => undefined);
    return next;
  };

  let lastWrite = performance.now();
  let progress: JobProgress = job.progress;
  const ctx: JobContext = {
    job: current,
    who: job.requestedBy,
    resumeFrom: job.checkpoint,
    async progress(done, total, step) {
      const stepChanged = step !== undefined && step !== progress.step;
      progress = { done, ...(total !== undefined ? { total } : {}), ...((step ?? progress.step) !== undefined ? { step: step ?? progress.step } : {}) };
      if (!stepChanged && performance.now() - lastWrite < PROGRESS_WRITE_INTERVAL_MS) return;
      lastWrite = performance.now();
      const p = progress;
      await write((j) => ({ ...j, progress: p, leaseUntil: lease() }));
    },
    async checkpoint(data) {
      lastWrite = performance.now();
      const p = progress;
      await write((j) => ({ ...j, checkpoint: data, progress: p, leaseUntil: lease() }));
    },
    timeLeftMs: () => Math.max(0, timeLeftMs()),
    continueLater: () => CONTINUE_LATER,
  };

  // Own members only: a kind named like an Object.prototype member ("constructor") is no handler.
  const handler = Object.hasOwn(handlers, job.kind) ? handlers[job.kind] : undefined;
  try {
    if (!handler) throw new UnknownKind(job.kind);
    const result = await handler(ports, current, ctx);
    await writing;
    if (result === CONTINUE_LATER) {
      await write((j) => ({ ...j, state: 'queued', progress, runId: undefined, leaseUntil: undefined }));
      try {
        await ports.jobQueue.enqueue(ref);
      } catch (error) {
        // The job waits queued at its checkpoint: this delivery, redelivered at once, runs it on.
        return { outcome: 'retry', delayMs: 0, error };
      }
      return { outcome: 'continued' };
    }
    const at = ports.clock.now().toISOString();
    const total = progress.total ?? progress.done;
    await write((j) => ({
      ...j,
      state: 'succeeded',
      progress: { ...progress, done: total, total },
      ...(result ? { result } : {}),
      checkpoint: undefined,
      error: undefined,
      finishedAt: at,
      runId: undefined,
      leaseUntil: undefined,
    }));
    await ports.jobs.releaseLock(job.lockKey, job.id);
    return { outcome: 'succeeded' };
  } catch (error) {
    await writing;
    if (error instanceof JobLost) return { outcome: 'skipped' };
    // The job had already succeeded when freeing its lock failed: not a failed attempt (a finished
    // job must never be queued again). The delivery is retried, and frees the lock.
    if (isFinished(current.state)) throw error;
    const permanent = error instanceof DomainError;
    const failed = { ...current, failures: current.failures + 1 };
    const reason: JobError = permanent ? { code: error.code, message: error.message } : UNEXPECTED;
    try {
      if (afterFailure(failed, permanent) === 'retry') {
        // The checkpoint stays: the next attempt resumes from it.
        await write((j) => ({ ...j, state: 'queued', failures: failed.failures, error: reason, progress, runId: undefined, leaseUntil: undefined }));
        return { outcome: 'retry', delayMs: retryDelayMs(failed.failures), error };
      }
      const at = ports.clock.now().toISOString();
      await write((j) => ({ ...j, state: 'failed', failures: failed.failures, error: reason, progress, finishedAt: at, runId: undefined, leaseUntil: undefined }));
    } catch (e) {
      if (e instanceof JobLost) return { outcome: 'skipped' };
      throw e;
    }
    await ports.jobs.releaseLock(job.lockKey, job.id);
    return { outcome: 'failed', error };
  }
}

class UnknownKind extends DomainError {
  readonly code = 'UNKNOWN_JOB_KIND';
  readonly kind = 'invalid' as const;
  constructor(kind: string) {
    super(`This Podium does not know how to run "${kind}" jobs.`);
  }
}

/**
 * After a restart of the only runner there is (the local runtime, which holds its data folder's
 * lock): every unfinished job is queued again. A run the restart cut short counts as a failed
 * attempt and resumes from its last checkpoint. Returns the jobs queued.
 */
export async function resumeUnfinishedJobs(ports: Pick<Ports, 'jobs' | 'jobQueue' | 'clock'>): Promise<JobRef[]> {
  const queued: JobRef[] = [];
  for (const lock of await ports.jobs.listLocks()) {
    const job = await ports.jobs.get(lock.holder.competitionId, lock.holder.jobId);
    if (!job || isFinished(job.state)) {
      await ports.jobs.releaseLock(lock.lockKey, lock.holder.jobId);
      continue;
    }
    if (job.state === 'running') {
      const failures = job.failures + 1;
      if (afterFailure({ failures }, false) === 'fail') {
        await finishGivenUp(ports, { ...job, failures }, CRASHED);
        continue;
      }
      const at = ports.clock.now().toISOString();
      const requeued: Job = { ...job, state: 'queued', failures, runId: undefined, leaseUntil: undefined, updatedAt: at, version: job.version + 1 };
      if (!(await ports.jobs.update(requeued, job.version))) continue;
    }
    await ports.jobQueue.enqueue(lock.holder);
    queued.push(lock.holder);
  }
  return queued;
}
