/**
 * The jobs framework over the real adapters (dynalite, s3rver): idempotent starts and their lock,
 * retries and give-ups, takeovers of a dead runner's job, checkpoints and continuations, resuming
 * after a restart, harmless repeated deliveries, what the job view shows, and exports written to
 * S3 in parts.
 *
 * Where a test needs control over deliveries it starts the job with a queue that only records
 * (`held`), and delivers by calling runJob itself — with the real ports, and test-only handlers
 * where the behaviour of a handler is the point.
 */
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRASHED, LEASE_MARGIN_MS, MAX_FAILURES, UNEXPECTED, type Job, type JobRef } from '../../functions/domain/job.ts';
import { InvalidState } from '../../functions/domain/errors.ts';
import { inProcessJobQueue } from '../../functions/adapters/queue/in-process-job-queue.ts';
import { JOB_HANDLERS, type JobKind } from '../../functions/use-cases/job-handlers.ts';
import { PART_BYTES } from '../../functions/use-cases/export-writer.ts';
import { resumeUnfinishedJobs, runJob, startJobFor, type JobHandler, type JobHandlers, type RunOptions } from '../../functions/use-cases/jobs.ts';
import type { FileStore, JobQueue, Ports } from '../../functions/use-cases/ports.ts';
import { openCompetition, people, startHarness, type Harness } from '../support/api-harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
});
afterAll(() => h.stop());

/** A queue that delivers nothing: it records what was enqueued (the test delivers by hand). */
function heldQueue(): JobQueue & { refs: JobRef[]; delays: (number | undefined)[] } {
  const refs: JobRef[] = [];
  const delays: (number | undefined)[] = [];
  return {
    refs,
    delays,
    async enqueue(ref, o) {
      refs.push(ref);
      delays.push(o?.delaySeconds);
    },
  };
}

/** A competition of its own for each test: locks and job lists do not mix. */
async function freshCompetition(title: string): Promise<string> {
  return (await openCompetition(h, { title })).id;
}

const stored = async (ref: JobRef) => (await h.deps.jobs.get(ref.competitionId, ref.jobId))!;
const lockOf = async (job: Job) => (await h.deps.jobs.listLocks()).find((l) => l.lockKey === job.lockKey);
const view = (ref: JobRef) => h.call('GET', `/api/competitions/${ref.competitionId}/jobs/${ref.jobId}`, people.organiser);
const refOf = (job: Job): JobRef => ({ competitionId: job.competitionId, jobId: job.id });

/** Starts a job of a test-only kind under a held queue; the ports to run it with. */
async function startHeld(competitionId: string, kind: string, params: Record<string, unknown> = {}) {
  const queue = heldQueue();
  const ports: Ports = { ...h.deps, jobQueue: queue };
  const { job, created } = await startJobFor(ports, people.organiser, competitionId, kind as JobKind, params);
  expect(created).toBe(true);
  expect(queue.refs).toEqual([refOf(job)]);
  const ref = refOf(job);
  return { job, ref, queue, ports, run: (handlers: JobHandlers, options?: RunOptions) => runJob(ports, handlers, ref, options) };
}

/** Marks a job as taken by a runner (as runJob does) whose lease ends at `leaseUntil`. */
async function markRunning(ref: JobRef, leaseUntil: string, extra: Partial<Job> = {}): Promise<Job> {
  const job = await stored(ref);
  const running: Job = { ...job, state: 'running', attempts: job.attempts + 1, runId: 'a-runner-that-died', leaseUntil, startedAt: h.clock.now().toISOString(), version: job.version + 1, ...extra };
  expect(await h.deps.jobs.update(running, job.version)).toBe(true);
  return running;
}

describe('starting a job', () => {
  it('answers the same job for the same export (same file and filter, any key order) while it is unfinished', async () => {
    const cid = await freshCompetition('Same export twice');
    const release = h.holdJobs();
    try {
      // Prepare / Act: two starts one after the other, the second in another key order, a third
      // with an empty filter member (stored params leave it out), and a concurrent pair.
      const first = await h.call('POST', `/api/competitions/${cid}/exports`, people.organiser, { file: 'submissions.csv', filter: { status: 'submitted', sector: 'logistics' } });
      const again = await h.call('POST', `/api/competitions/${cid}/exports`, people.organiser, { filter: { sector: 'logistics', status: 'submitted', q: '' }, file: 'submissions.csv' });
      const [p, q] = await Promise.all([
        h.call('POST', `/api/competitions/${cid}/exports`, people.organiser, { file: 'audit.csv' }),
        h.call('POST', `/api/competitions/${cid}/exports`, people.organiser, { file: 'audit.csv' }),
      ]);
      const other = await h.call('POST', `/api/competitions/${cid}/exports`, people.organiser, { file: 'submissions.csv', filter: { status: 'draft', sector: 'logistics' } });

      // Assess
      expect([first.status, again.status, p.status, q.status, other.status]).toEqual([202, 202, 202, 202, 202]);
      expect(first.json.state).toBe('queued');
      expect(again.json.id).toBe(first.json.id);
      expect(['queued', 'running']).toContain(again.json.state);
      expect(q.json.id).toBe(p.json.id);
      expect(other.json.id).not.toBe(first.json.id);
      expect(new Set([first.json.id, p.json.id, other.json.id]).size).toBe(3);
      const jobs = (await h.deps.jobs.list(cid, 50)).items;
      expect(jobs.map((j) => j.id).sort()).toEqual([first.json.id, p.json.id, other.json.id].sort());
      expect(jobs.every((j) => !['succeeded', 'failed'].includes(j.state))).toBe(true);
    } finally {
      release();
    }
    await h.jobsSettled();
    const jobs = (await h.deps.jobs.list(cid, 50)).items;
    expect(jobs.map((j) => j.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    // One run each: the duplicate starts did not run anything twice.
    expect(jobs.map((j) => j.attempts)).toEqual([1, 1, 1]);
  });

  it("releases a finished job's lock, so starting it again makes a new job", async () => {
    // Prepare
    const cid = await freshCompetition('Export again');
    const first = await h.exportFile(people.organiser, cid, 'audit.csv');
    expect(first.job.state).toBe('succeeded');
    const firstJob = await stored({ competitionId: cid, jobId: first.job.id });
    expect(await lockOf(firstJob)).toBeUndefined();

    // Act
    const second = await h.call('POST', `/api/competitions/${cid}/exports`, people.organiser, { file: 'audit.csv' });
    await h.jobsSettled();

    // Assess
    expect(second.status).toBe(202);
    expect(second.json.id).not.toBe(first.job.id);
    expect(second.json.state).toBe('queued');
    expect((await stored({ competitionId: cid, jobId: second.json.id })).state).toBe('succeeded');
    expect((await stored(refOf(firstJob))).state).toBe('succeeded');
    expect((await view(refOf(firstJob))).json.state).toBe('succeeded');
  });

  it("frees a lock its finished job left behind (a crash between the two writes) and starts afresh", async () => {
    // Prepare: a job that succeeded without its lock being freed.
    const cid = await freshCompetition('Lock left behind');
    const { job, ref } = await startHeld(cid, 'test-noop');
    const s = await stored(ref);
    await h.deps.jobs.update({ ...s, state: 'succeeded', finishedAt: h.clock.now().toISOString(), version: s.version + 1 }, s.version);
    expect((await lockOf(job))?.holder).toEqual(ref);

    // Act
    const queue = heldQueue();
    const again = await startJobFor({ ...h.deps, jobQueue: queue }, people.organiser, cid, 'test-noop' as JobKind, {});

    // Assess
    expect(again.created).toBe(true);
    expect(again.job.id).not.toBe(job.id);
    expect((await lockOf(job))?.holder).toEqual(refOf(again.job));
    expect(queue.refs).toEqual([refOf(again.job)]);
  });
});

describe('failures', () => {
  it('retries a handler that throws an unexpected error, with growing delays, then fails it with JOB_FAILED and a readable message', async () => {
    // Prepare
    const cid = await freshCompetition('Flaky job');
    let calls = 0;
    const handlers: JobHandlers = {
      'test-flaky': async () => {
        calls++;
        throw new Error('connect ECONNREFUSED 10.0.3.7:443 (internal detail)');
      },
    };
    const { job, ref, run } = await startHeld(cid, 'test-flaky');

    // Act / Assess: each attempt but the last is a retry, the job queued again with its failure.
    for (let n = 1; n < MAX_FAILURES; n++) {
      const outcome = await run(handlers);
      expect(outcome.outcome).toBe('retry');
      expect(outcome.outcome === 'retry' && outcome.delayMs).toBe([5_000, 20_000, 80_000][n - 1]);
      const s = await stored(ref);
      expect(s).toMatchObject({ state: 'queued', failures: n, attempts: n, error: UNEXPECTED });
      expect(s.runId).toBeUndefined();
      expect(s.leaseUntil).toBeUndefined();
      // Still its kind's one unfinished job.
      expect((await lockOf(job))?.holder).toEqual(ref);
    }
    const last = await run(handlers);

    expect(last.outcome).toBe('failed');
    expect(calls).toBe(MAX_FAILURES);
    const failed = await stored(ref);
    expect(failed).toMatchObject({ state: 'failed', failures: MAX_FAILURES, attempts: MAX_FAILURES, error: { code: 'JOB_FAILED' } });
    expect(failed.finishedAt).toBe(h.clock.now().toISOString());
    expect(await lockOf(job)).toBeUndefined();
    const shown = await view(ref);
    expect(shown.status).toBe(200);
    expect(shown.json.state).toBe('failed');
    expect(shown.json.error.code).toBe('JOB_FAILED');
    expect(shown.json.error.message).toMatch(/^The job failed unexpectedly\. Start it again/);
    expect(shown.text).not.toContain('ECONNREFUSED');
    expect(shown.text).not.toContain('10.0.3.7');

    // A late delivery of the failed job runs nothing.
    expect((await run(handlers)).outcome).toBe('skipped');
    expect(calls).toBe(MAX_FAILURES);
  });

  it('fails a job at once, with its code and message, when the handler throws a DomainError', async () => {
    // Prepare
    const cid = await freshCompetition('Refused job');
    let calls = 0;
    const handlers: JobHandlers = {
      'test-refused': async () => {
        calls++;
        throw new InvalidState('There is nothing to export before the first round.');
      },
    };
    const { job, ref, run } = await startHeld(cid, 'test-refused');

    // Act
    const outcome = await run(handlers);

    // Assess
    expect(outcome.outcome).toBe('failed');
    expect(calls).toBe(1);
    expect(await stored(ref)).toMatchObject({ state: 'failed', failures: 1, attempts: 1, error: { code: 'INVALID_STATE', message: 'There is nothing to export before the first round.' } });
    expect(await lockOf(job)).toBeUndefined();
    expect((await view(ref)).json.error).toEqual({ code: 'INVALID_STATE', message: 'There is nothing to export before the first round.' });
  });

  it('fails a real export with bad params at once (VALIDATION_FAILED), and a kind nobody registered (UNKNOWN_JOB_KIND)', async () => {
    const cid = await freshCompetition('Bad params');
    const bad = await startHeld(cid, 'export', { file: 'passwords.csv' });
    expect((await bad.run(JOB_HANDLERS)).outcome).toBe('failed');
    expect((await stored(bad.ref)).error?.code).toBe('VALIDATION_FAILED');

    const unknown = await startHeld(cid, 'test-nobody-runs-this');
    expect((await unknown.run(JOB_HANDLERS)).outcome).toBe('failed');
    expect(await stored(unknown.ref)).toMatchObject({ state: 'failed', failures: 1, error: { code: 'UNKNOWN_JOB_KIND' } });

    // A kind that is a property of every object is no handler either.
    const inherited = await startHeld(cid, 'constructor');
    expect((await inherited.run(JOB_HANDLERS)).outcome).toBe('failed');
    expect((await stored(inherited.ref)).error?.code).toBe('UNKNOWN_JOB_KIND');
  });
});

describe('failures after the job was handed on', () => {
  it('never queues a succeeded job again when freeing its lock fails: the delivery fails, and the next one frees the lock', async () => {
    // Prepare: the store refuses the lock's delete once (a throttle, a network error).
    const cid = await freshCompetition('Lock release fails');
    let calls = 0;
    const handlers: JobHandlers = { 'test-done': async () => ({ rows: ++calls }) };
    const { job, ref, ports } = await startHeld(cid, 'test-done');
    let refuse = true;
    const flaky: Ports = {
      ...ports,
      jobs: {
        ...ports.jobs,
        releaseLock: async (lockKey, jobId) => {
          if (refuse) {
            refuse = false;
            throw new Error('DynamoDB could not be reached');
          }
          return ports.jobs.releaseLock(lockKey, jobId);
        },
      },
    };

    // Act
    const first = runJob(flaky, handlers, ref);

    // Assess: the delivery fails (the queue delivers again); the job stays succeeded.
    await expect(first).rejects.toThrow('DynamoDB could not be reached');
    const done = await stored(ref);
    expect(done).toMatchObject({ state: 'succeeded', failures: 0, attempts: 1, result: { rows: 1 } });
    expect(done.error).toBeUndefined();
    expect((await lockOf(job))?.holder).toEqual(ref);

    const again = await runJob(flaky, handlers, ref);
    expect(again.outcome).toBe('skipped');
    expect(calls).toBe(1);
    expect(await stored(ref)).toEqual(done);
    expect(await lockOf(job)).toBeUndefined();
  });

  it('keeps a continuation whose enqueue failed at its checkpoint, asks for the delivery again at once, and counts no failure', async () => {
    // Prepare: a queue that takes the start but refuses the continuation once.
    const cid = await freshCompetition('Continuation enqueue fails');
    const { ref, ports } = await startHeld(cid, 'test-twice');
    let refuse = true;
    const queue: JobQueue = {
      enqueue: async (r, o) => {
        if (refuse) {
          refuse = false;
          throw new Error('SQS refused SendMessage (500 InternalError)');
        }
        return ports.jobQueue.enqueue(r, o);
      },
    };
    const handlers: JobHandlers = {
      'test-twice': async (_p, _j, ctx) => {
        if (ctx.resumeFrom === undefined) {
          await ctx.checkpoint('half');
          return ctx.continueLater();
        }
        return { rows: 2 };
      },
    };

    // Act
    const first = await runJob({ ...ports, jobQueue: queue }, handlers, ref);

    // Assess
    expect(first).toMatchObject({ outcome: 'retry', delayMs: 0 });
    expect(await stored(ref)).toMatchObject({ state: 'queued', checkpoint: 'half', failures: 0, attempts: 1 });
    expect((await stored(ref)).error).toBeUndefined();
    expect((await runJob({ ...ports, jobQueue: queue }, handlers, ref)).outcome).toBe('succeeded');
    expect(await stored(ref)).toMatchObject({ state: 'succeeded', failures: 0, attempts: 2, result: { rows: 2 } });
  });
});

describe('a dead runner', () => {
  it("leaves a running job to its runner while the lease lasts, then takes it over, counting the crash; the old runner's late write is refused", async () => {
    // Prepare: a runner that takes the job and never finishes (stuck, as a crashed process is).
    const cid = await freshCompetition('Takeover');
    let calls = 0;
    let unstick!: () => void;
    const stuck = new Promise<void>((r) => (unstick = r));
    const handlers: JobHandlers = {
      'test-takeover': async (_ports, _job, ctx) => {
        const call = ++calls;
        if (call === 1) await stuck;
        await ctx.progress(call, 2, `Run ${call}`);
        return { rows: call };
      },
    };
    const { ref, run } = await startHeld(cid, 'test-takeover');
    const first = run(handlers, { timeLeftMs: () => 10_000 });
    while (calls === 0) await new Promise((r) => setTimeout(r, 5));
    const taken = await stored(ref);
    expect(taken).toMatchObject({ state: 'running', attempts: 1, failures: 0 });
    const leaseMs = Date.parse(taken.leaseUntil!) - h.clock.now().getTime();
    expect(leaseMs).toBeGreaterThan(LEASE_MARGIN_MS);
    expect(leaseMs).toBeLessThanOrEqual(10_000 + LEASE_MARGIN_MS);

    // Act / Assess: a second delivery while the lease lasts is told to come back when it ends.
    const busy = await run(handlers);
    expect(busy).toEqual({ outcome: 'busy', leaseLeftMs: leaseMs });
    expect((await stored(ref)).version).toBe(taken.version);
    expect((await view(ref)).json.state).toBe('running');

    // …and one after it ended takes the job over.
    h.clock.advance(leaseMs);
    const takeover = await run(handlers);
    expect(takeover.outcome).toBe('succeeded');
    const done = await stored(ref);
    expect(done).toMatchObject({ state: 'succeeded', attempts: 2, failures: 1, result: { rows: 2 } });

    // The old runner wakes up: its next write is refused, and it stops without changing anything.
    unstick();
    expect((await first).outcome).toBe('skipped');
    expect(await stored(ref)).toEqual(done);
  });

  it('takes over a job written as running with a lease long gone', async () => {
    const cid = await freshCompetition('Old lease');
    const { ref, run } = await startHeld(cid, 'test-ok');
    await markRunning(ref, new Date(h.clock.now().getTime() - 3_600_000).toISOString());

    const outcome = await run({ 'test-ok': async () => ({ rows: 7 }) });

    expect(outcome.outcome).toBe('succeeded');
    expect(await stored(ref)).toMatchObject({ state: 'succeeded', attempts: 2, failures: 1, result: { rows: 7 } });
  });

  it('gives up a crashed run that had no attempt left: shown failed (JOB_CRASHED) at once, stored failed at the next delivery', async () => {
    // Prepare
    const cid = await freshCompetition('Crashed too often');
    let calls = 0;
    const { job, ref, run } = await startHeld(cid, 'test-crashy');
    await markRunning(ref, new Date(h.clock.now().getTime() - 1).toISOString(), { failures: MAX_FAILURES - 1, attempts: MAX_FAILURES });
    expect((await view(ref)).json).toMatchObject({ state: 'failed', error: { code: 'JOB_CRASHED' } });

    // Act
    const outcome = await run({ 'test-crashy': async () => void calls++ });

    // Assess
    expect(outcome.outcome).toBe('failed');
    expect(calls).toBe(0);
    expect(await stored(ref)).toMatchObject({ state: 'failed', error: CRASHED, failures: MAX_FAILURES, attempts: MAX_FAILURES });
    expect(await lockOf(job)).toBeUndefined();
  });

  it('starts afresh when the unfinished job it would answer has crashed out, recording that one as failed', async () => {
    // Prepare: an export whose last run crashed with no attempt left (its message went to the DLQ).
    const cid = await freshCompetition('Crashed export');
    const { job, ref } = await startHeld(cid, 'export', { file: 'audit.csv' });
    await markRunning(ref, new Date(h.clock.now().getTime() - 1).toISOString(), { failures: MAX_FAILURES - 1, attempts: MAX_FAILURES });

    // Act
    const again = await h.call('POST', `/api/competitions/${cid}/exports`, people.organiser, { file: 'audit.csv' });
    await h.jobsSettled();

    // Assess
    expect(again.status).toBe(202);
    expect(again.json.id).not.toBe(job.id);
    expect(await stored(ref)).toMatchObject({ state: 'failed', error: CRASHED, failures: MAX_FAILURES });
    expect((await stored({ competitionId: cid, jobId: again.json.id })).state).toBe('succeeded');
  });
});

describe('checkpoints', () => {
  /** Adds 0..9, one item at a time, checkpointing after each; asks to continue when time is short. */
  const processed: number[] = [];
  let failOnceAt: number | undefined;
  const handlers: JobHandlers = {
    'test-steps': (async (_ports, _job, ctx) => {
      let { next, sum } = ctx.resumeFrom ?? { next: 0, sum: 0 };
      while (next < 10) {
        if (next === failOnceAt) {
          failOnceAt = undefined;
          throw new Error('lost the connection');
        }
        processed.push(next);
        sum += next;
        next++;
        await ctx.progress(next, 10, 'Adding');
        await ctx.checkpoint({ next, sum });
        if (next < 10 && ctx.timeLeftMs() < 1_000) return ctx.continueLater();
      }
      return { rows: next, sum };
    }) as JobHandler<{ next: number; sum: number }>,
  };
  /** A run's time: plenty until `items` items in all are done, then none. */
  const timeUntil = (items: number): RunOptions => ({ timeLeftMs: () => (processed.length >= items ? 0 : 60_000) });

  it('continues later from the checkpoint, each item done once; a failed attempt resumes from it too', async () => {
    // Prepare
    const cid = await freshCompetition('Resumable');
    const { ref, run, queue } = await startHeld(cid, 'test-steps');

    // Act / Assess: a first run of three items, then a continuation queued.
    expect((await run(handlers, timeUntil(3))).outcome).toBe('continued');
    let s = await stored(ref);
    expect(s).toMatchObject({ state: 'queued', checkpoint: { next: 3, sum: 3 }, progress: { done: 3, total: 10, step: 'Adding' }, attempts: 1, failures: 0 });
    expect(s.leaseUntil).toBeUndefined();
    expect(queue.refs).toEqual([ref, ref]);
    expect((await view(ref)).json).toMatchObject({ state: 'queued', progress: { done: 3, total: 10 } });

    // The second run picks up at 3, and fails at 5 after two more checkpoints.
    failOnceAt = 5;
    expect((await run(handlers)).outcome).toBe('retry');
    s = await stored(ref);
    expect(s).toMatchObject({ state: 'queued', checkpoint: { next: 5, sum: 10 }, attempts: 2, failures: 1 });

    // The retry resumes at 5 and finishes.
    expect((await run(handlers)).outcome).toBe('succeeded');
    s = await stored(ref);
    expect(processed).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(s).toMatchObject({ state: 'succeeded', result: { rows: 10, sum: 45 }, progress: { done: 10, total: 10 }, attempts: 3, failures: 1 });
    expect(s.checkpoint).toBeUndefined();
    expect(s.error).toBeUndefined();
    expect(queue.refs).toEqual([ref, ref]);
  });
});

describe('after a restart', () => {
  it('re-queues queued and running jobs (a cut-short run counts a failure), gives up those out of attempts, frees stale locks', async () => {
    // Prepare: one job of each kind of leftover, in a competition of their own.
    const cid = await freshCompetition('Restarted');
    const handlers: JobHandlers = { 'test-left': async (_p, job, ctx) => ({ rows: (ctx.resumeFrom as number | undefined) ?? 0, which: job.params.which }) };
    const queued = await startHeld(cid, 'test-left', { which: 'queued' });
    const running = await startHeld(cid, 'test-left', { which: 'running' });
    const inFuture = new Date(h.clock.now().getTime() + 600_000).toISOString();
    await markRunning(running.ref, inFuture, { checkpoint: 41, failures: 1 });
    const exhausted = await startHeld(cid, 'test-left', { which: 'exhausted' });
    await markRunning(exhausted.ref, inFuture, { failures: MAX_FAILURES - 1 });
    const finished = await startHeld(cid, 'test-left', { which: 'finished' });
    const f = await stored(finished.ref);
    await h.deps.jobs.update({ ...f, state: 'succeeded', version: f.version + 1 }, f.version);
    const before = { queued: await stored(queued.ref), finished: await stored(finished.ref) };

    // Act
    const queue = heldQueue();
    const resumed = (await resumeUnfinishedJobs({ ...h.deps, jobQueue: queue })).filter((r) => r.competitionId === cid);

    // Assess
    expect(resumed.map((r) => r.jobId).sort()).toEqual([queued.ref.jobId, running.ref.jobId].sort());
    expect(queue.refs.filter((r) => r.competitionId === cid)).toEqual(resumed);
    expect(await stored(queued.ref)).toEqual(before.queued);
    const r = await stored(running.ref);
    expect(r).toMatchObject({ state: 'queued', failures: 2, checkpoint: 41 });
    expect(r.runId).toBeUndefined();
    expect(r.leaseUntil).toBeUndefined();
    expect(await stored(exhausted.ref)).toMatchObject({ state: 'failed', error: CRASHED, failures: MAX_FAILURES });
    expect(await lockOf(exhausted.job)).toBeUndefined();
    expect(await lockOf(finished.job)).toBeUndefined();
    expect(await stored(finished.ref)).toEqual(before.finished);

    // The re-queued jobs run to the end, the cut-short one from its checkpoint.
    expect((await runJob({ ...h.deps, jobQueue: queue }, handlers, queued.ref)).outcome).toBe('succeeded');
    expect((await runJob({ ...h.deps, jobQueue: queue }, handlers, running.ref)).outcome).toBe('succeeded');
    expect((await stored(running.ref)).result).toEqual({ rows: 41, which: 'running' });
    expect((await stored(queued.ref)).result).toEqual({ rows: 0, which: 'queued' });
    expect((await h.deps.jobs.listLocks()).filter((l) => l.holder.competitionId === cid)).toEqual([]);
  });
});

describe('repeated deliveries', () => {
  it('does nothing with a second delivery of a finished job', async () => {
    // Prepare
    const cid = await freshCompetition('Delivered twice');
    let calls = 0;
    const handlers: JobHandlers = { 'test-once': async () => ({ rows: ++calls }) };
    const { ref, run } = await startHeld(cid, 'test-once');
    expect((await run(handlers)).outcome).toBe('succeeded');
    const done = await stored(ref);

    // Act
    const again = await run(handlers);

    // Assess
    expect(again).toEqual({ outcome: 'skipped' });
    expect(calls).toBe(1);
    expect(await stored(ref)).toEqual(done);
  });

  it('does nothing with a delivery of a job that does not exist', async () => {
    expect(await runJob(h.deps, {}, { competitionId: 'nope', jobId: 'nope' })).toEqual({ outcome: 'skipped' });
  });
});

describe('the in-process queue', () => {
  it('tells a run cut short by a stop that its time is up, and schedules nothing after the stop', async () => {
    // Prepare: a run in progress whose attempt will fail (its retry would wait a minute).
    const queue = inProcessJobQueue({ backoff: () => 60_000 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const timeLeft: number[] = [];
    let runs = 0;
    queue.start(async (_ref, options) => {
      runs++;
      await gate;
      timeLeft.push(options.timeLeftMs!());
      return { outcome: 'retry', delayMs: 5_000, error: new Error('boom') };
    });
    await queue.enqueue({ competitionId: 'c', jobId: 'j' });
    while (runs === 0) await new Promise((r) => setTimeout(r, 5));

    // Act
    const stopped = queue.stop(2_000);
    release();

    // Assess: the run finished within the grace; its retry stays in the table, not in a timer.
    expect(await stopped).toBe(true);
    expect(timeLeft).toEqual([0]);
    const settled = await Promise.race([queue.settled().then(() => 'settled'), new Promise((r) => setTimeout(() => r('still waiting'), 500))]);
    expect(settled).toBe('settled');
    await queue.enqueue({ competitionId: 'c', jobId: 'k' });
    await queue.settled();
    expect(runs).toBe(1);
  });
});

describe('the job view', () => {
  it('never shows where the file is stored: counts and a presigned link, no key', async () => {
    // Prepare
    const cid = await freshCompetition('Where is it');
    const exported = await h.exportFile(people.organiser, cid, 'audit.csv');
    expect(exported.status).toBe(200);
    const job = await stored({ competitionId: cid, jobId: exported.job.id });
    const key = (job.result as { file: { key: string } }).file.key;
    expect(key).toMatch(/^exports\//);

    // Act
    const one = await view(refOf(job));
    const list = await h.call('GET', `/api/competitions/${cid}/jobs`, people.organiser);

    // Assess
    for (const shown of [one.json, list.json.items[0]]) {
      expect(shown.id).toBe(job.id);
      expect(shown.result).toEqual({ rows: job.result!.rows, bytes: (job.result as { file: { bytes: number } }).file.bytes });
      const { downloadUrl, ...rest } = shown;
      expect(JSON.stringify(rest)).not.toContain(key);
      expect(JSON.stringify(rest)).not.toContain('exports/');
      expect(JSON.stringify(rest)).not.toMatch(/"(key|checkpoint|lockKey|runId|leaseUntil|uploadId|parts)"/);
      // The link is signed, short-lived and names the file; it is the only way to the object.
      const url = new URL(downloadUrl);
      expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
      expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
      expect(shown.downloadName).toBe('audit-trail.csv');
    }
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="audit-trail.csv"');
    const bytes = Buffer.from(await (await fetch(one.json.downloadUrl)).arrayBuffer());
    expect(one.json.result.bytes).toBe(bytes.byteLength);
  });
});

describe('large exports', () => {
  it('writes an export larger than a part in several parts, resumable between them, and the file is the expected CSV', { timeout: 20_000 }, async () => {
    // Prepare: an audit trail of ~10.5 MB: a full part and ~2 MB more (large entries: few writes).
    const cid = await freshCompetition('A long audit trail');
    const blob = (i: number) => `${i}:`.padEnd(290_000, 'abcdefghij');
    const at = h.clock.now().toISOString();
    const entries = 36;
    for (let i = 0; i < entries; i += 9)
      await Promise.all(
        Array.from({ length: 9 }, (_, k) =>
          h.deps.audit.append({ competitionId: cid, at, actor: { sub: 'u-org', email: 'organiser@demo.test' }, action: 'note.added', target: `note:${i + k}`, after: { text: blob(i + k) } }),
        ),
      );
    // Parts as they go up (the real store below them).
    const parts: { partNumber: number; bytes: number }[] = [];
    const files: FileStore = { ...h.deps.files, uploadPart: (key, id, n, body) => (parts.push({ partNumber: n, bytes: body.byteLength }), h.deps.files.uploadPart(key, id, n, body)) };
    const { ref, queue } = await startHeld(cid, 'export', { file: 'audit.csv' });
    const ports: Ports = { ...h.deps, jobQueue: queue, files };

    // Act: a first run out of time after its first part, then the continuation.
    const first = await runJob(ports, JOB_HANDLERS, ref, { timeLeftMs: () => 0 });
    const paused = await stored(ref);
    const second = await runJob(ports, JOB_HANDLERS, ref);

    // Assess
    expect(first.outcome).toBe('continued');
    expect(paused.state).toBe('queued');
    expect(paused.checkpoint).toMatchObject({ upload: { parts: [{ partNumber: 1 }] } });
    expect(second.outcome).toBe('succeeded');
    expect(parts.map((p) => p.partNumber)).toEqual([1, 2]);
    expect(parts[0]!.bytes).toBeGreaterThanOrEqual(PART_BYTES);
    expect(parts[0]!.bytes).toBeGreaterThanOrEqual(5 * 1024 * 1024);

    const shown = (await view(ref)).json;
    expect(shown.state).toBe('succeeded');
    const download = await fetch(shown.downloadUrl);
    expect(download.status).toBe(200);
    // The bytes as stored (a Response's text() would drop the byte-order mark).
    const text = Buffer.from(await download.arrayBuffer()).toString('utf8');

    // The expected file, from the stored trail (every page), by csv-stringify in one go.
    const all = [];
    let cursor: string | undefined;
    do {
      const page = await h.deps.audit.list(cid, 100, cursor);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(all.filter((e) => e.action === 'note.added')).toHaveLength(entries);
    const rows = all.map((e) => [e.at, e.actor.email, e.actor.sub, e.action, e.target, e.before === undefined ? '' : JSON.stringify(e.before), e.after === undefined ? '' : JSON.stringify(e.after), e.id]);
    // No cell that the spreadsheet guard would change, so the plain CSV is the expected one.
    expect(rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    const expected = stringify([['At (UTC)', 'Actor', 'Actor id', 'Action', 'Target', 'Before', 'After', 'Entry id'], ...rows], { bom: true });
    expect(Buffer.byteLength(expected)).toBeGreaterThan(PART_BYTES);
    expect(text.length).toBe(expected.length);
    expect(text === expected).toBe(true);
    expect(shown.result).toEqual({ rows: all.length, bytes: Buffer.byteLength(expected) });
    expect(parts.reduce((n, p) => n + p.bytes, 0)).toBe(Buffer.byteLength(expected));
  });
});
