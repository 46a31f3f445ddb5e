/**
 * The job queue when no SQS queue is configured (the local runtime, the tests): jobs run in this
 * process, through the same `runJob` the job Lambda calls, soon after they are enqueued, at most
 * `concurrency` at a time. What SQS and the event source mapping do on AWS, it does here: a
 * delivery whose attempt failed is delivered again after a backoff; a run cut short by a stop is
 * told its time is up (`timeLeftMs` 0), so a handler checkpoints and the job waits, queued, for
 * the next start — which queues every unfinished job again (resumeUnfinishedJobs).
 */
import type { JobRef } from '../../domain/job.ts';
import { DEFAULT_RUN_BUDGET_MS, type RunOptions, type RunOutcome } from '../../use-cases/jobs.ts';
import type { JobQueue } from '../../use-cases/ports.ts';
import { log } from '../logger.ts';

export type JobRunner = (ref: JobRef, options: RunOptions) => Promise<RunOutcome>;

export interface InProcessJobQueue extends JobQueue {
  /** Starts delivering to `run`; what was enqueued before waits until then. */
  start(run: JobRunner): void;
  /** Resolves once nothing is waiting, running or due for a retry (tests: `await h.jobsSettled()`). */
  settled(): Promise<void>;
  /**
   * Stops delivering: runs in progress are told their time is up and awaited up to `graceMs`;
   * anything still waiting stays queued in the table for the next start. True if all finished.
   */
  stop(graceMs: number): Promise<boolean>;
}

export interface InProcessOptions {
  /** Runs at a time. @default 2 (the job Lambda runs many; one machine runs a few) */
  concurrency?: number;
  /** The wait before a retry, given the one runJob asks for. @default as asked */
  backoff?: (delayMs: number) => number;
  /** Time a run may take before it is asked to checkpoint and continue. @default runJob's (14 min, like Lambda) */
  runBudgetMs?: number;
}

/** A delivery that keeps throwing (the store unreachable) is given up after this many tries; the job stays queued. */
const MAX_DELIVERIES = 5;

export function inProcessJobQueue(options: InProcessOptions = {}): InProcessJobQueue {
  const concurrency = options.concurrency ?? 2;
  const backoff = options.backoff ?? ((ms: number) => ms);
  const budget = options.runBudgetMs ?? DEFAULT_RUN_BUDGET_MS;
  const waiting: { ref: JobRef; deliveries: number }[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let idleWaiters: (() => void)[] = [];
  let run: JobRunner | undefined;
  let stopping = false;

  const idle = () => waiting.length === 0 && running.size === 0 && timers.size === 0;
  const checkIdle = () => {
    if (!idle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  };

  const later = (ms: number, fn: () => void) => {
    // Stopped: a retry or redelivery waits in the table for the next start (no timer outlives stop).
    if (stopping) return;
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
      checkIdle();
    }, ms);
    timers.add(t);
  };

  const add = (ref: JobRef, deliveries: number) => {
    if (stopping) return;
    // A second delivery of a job not yet started would only be skipped: keep one.
    if (!waiting.some((w) => w.ref.jobId === ref.jobId && w.ref.competitionId === ref.competitionId)) waiting.push({ ref, deliveries });
    pump();
  };

  function pump() {
    while (run && !stopping && running.size < concurrency && waiting.length > 0) {
      const next = waiting.shift()!;
      const started = performance.now();
      const timeLeftMs = () => (stopping ? 0 : budget - (performance.now() - started));
      const work: Promise<void> = run(next.ref, { timeLeftMs })
        .then((result) => {
          if (result.outcome === 'retry') {
            log.warn('job attempt failed; retrying', { jobId: next.ref.jobId, competitionId: next.ref.competitionId, delayMs: result.delayMs });
            later(backoff(result.delayMs), () => add(next.ref, 1));
          } else if (result.outcome === 'failed' && result.error) {
            log.error('job failed', { jobId: next.ref.jobId, competitionId: next.ref.competitionId }, result.error);
          }
        })
        .catch((err: unknown) => {
          // runJob could not read or write the job (the store is down): deliver again, like SQS.
          const deliveries = next.deliveries + 1;
          if (deliveries > MAX_DELIVERIES) return log.error('job delivery given up; the job stays queued until the next start', { jobId: next.ref.jobId }, err);
          log.warn('job delivery failed; delivering again', { jobId: next.ref.jobId, deliveries });
          later(backoff(1_000 * 4 ** (deliveries - 1)), () => add(next.ref, deliveries));
        })
        .finally(() => {
          running.delete(work);
          pump();
          checkIdle();
        });
      running.add(work);
    }
  }

  return {
    async enqueue(ref, o) {
      const delayMs = (o?.delaySeconds ?? 0) * 1000;
      if (delayMs > 0) later(backoff(delayMs), () => add(ref, 1));
      // Soon, not now: the request that started the job answers first.
      else later(0, () => add(ref, 1));
    },
    start(runner) {
      run = runner;
      pump();
    },
    settled() {
      return idle() ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    async stop(graceMs) {
      stopping = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      waiting.length = 0;
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        Promise.allSettled([...running]).then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
      ]);
      clearTimeout(timer);
      checkIdle();
      return finished;
    },
  };
}
