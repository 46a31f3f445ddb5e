/**
 * SQS messages → runJob (functions/app/job-events.ts): what each outcome does to its message.
 * The real runJob runs over small in-memory ports that keep state as the table does (a job item
 * written only at the version its writer last saw, one lock per kind and params), so each test
 * asserts on the stored job as well as on the answer to the event source mapping.
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../functions/adapters/clock.ts';
import { jobMessage } from '../../functions/adapters/queue/sqs-job-queue.ts';
import { createJobEventHandler } from '../../functions/app/job-events.ts';
import { LEASE_MARGIN_MS, MAX_FAILURES, type Job, type JobRef } from '../../functions/domain/job.ts';
import type { JobKind } from '../../functions/use-cases/job-handlers.ts';
import { startJobFor, type JobHandlers } from '../../functions/use-cases/jobs.ts';
import type { JobQueue, JobRepository, Ports } from '../../functions/use-cases/ports.ts';
import { captureOutput } from '../support/output-capture.ts';

/** Jobs and locks in memory, with the repository's conditional writes. */
function memoryJobs(): JobRepository {
  const items = new Map<string, Job>();
  const locks = new Map<string, { holder: JobRef; since: string }>();
  const key = (c: string, j: string) => `${c}/${j}`;
  return {
    async create(job) {
      if (items.has(key(job.competitionId, job.id))) throw new Error('exists');
      items.set(key(job.competitionId, job.id), structuredClone(job));
    },
    async get(c, j) {
      const job = items.get(key(c, j));
      return job && structuredClone(job);
    },
    async list(c) {
      return { items: [...items.values()].filter((j) => j.competitionId === c).map((j) => structuredClone(j)) };
    },
    async update(job, expectedVersion) {
      const current = items.get(key(job.competitionId, job.id));
      if (!current || current.version !== expectedVersion) return false;
      items.set(key(job.competitionId, job.id), structuredClone(job));
      return true;
    },
    async acquireLock(lockKey, ref, at) {
      const held = locks.get(lockKey);
      if (held) return structuredClone(held);
      locks.set(lockKey, { holder: ref, since: at });
      return { holder: ref, since: at };
    },
    async releaseLock(lockKey, jobId) {
      if (locks.get(lockKey)?.holder.jobId === jobId) locks.delete(lockKey);
    },
    async listLocks() {
      return [...locks].map(([lockKey, l]) => ({ lockKey, ...structuredClone(l) }));
    },
  };
}

function world() {
  const clock = fixedClock('2026-12-01T10:00:00Z');
  let n = 0;
  const sent: JobRef[] = [];
  const jobQueue: JobQueue = {
    async enqueue(ref) {
      sent.push(ref);
    },
  };
  const jobs = memoryJobs();
  // runJob and startJobFor use only these ports (and the handlers below use none).
  const ports = { jobs, jobQueue, clock, ids: { next: () => `id-${String(++n).padStart(4, '0')}` } } as unknown as Ports;
  const visibility: [string, number][] = [];
  const changeVisibility = async (receipt: string, seconds: number) => void visibility.push([receipt, seconds]);
  const start = async (kind: string) => (await startJobFor(ports, { sub: 'u-org', email: 'o@x.eu', name: 'O', groups: ['organisers'] }, 'c-1', kind as JobKind, {})).job;
  return { clock, jobs, ports, sent, visibility, changeVisibility, start };
}

const record = (body: string, i = 1): SQSRecord => ({ messageId: `m-${i}`, receiptHandle: `r-${i}`, body }) as SQSRecord;
const eventOf = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const messageFor = (job: Job, i = 1) => record(jobMessage({ competitionId: job.competitionId, jobId: job.id }), i);

describe('the job function', () => {
  it('deletes the message of a job that succeeded', async () => {
    const w = world();
    const job = await w.start('ok');
    const handle = createJobEventHandler(w.ports, { ok: async () => ({ rows: 1 }) }, w.changeVisibility);

    const answer = await handle(eventOf(messageFor(job)));

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(w.visibility).toEqual([]);
    expect(await w.jobs.get('c-1', job.id)).toMatchObject({ state: 'succeeded', result: { rows: 1 } });
  });

  it('keeps the message of a failed attempt, visible again after the backoff runJob asks for (in seconds), and deletes it once the job fails', async () => {
    // Prepare
    const w = world();
    const job = await w.start('flaky');
    const handle = createJobEventHandler(
      w.ports,
      {
        flaky: async () => {
          throw new Error('boom');
        },
      },
      w.changeVisibility,
    );

    // Act
    const answers: SQSBatchResponse[] = [];
    const out = await captureOutput(async () => {
      for (let i = 0; i < MAX_FAILURES; i++) answers.push(await handle(eventOf(messageFor(job))));
    }, 'WARN');

    // Assess
    expect(answers).toEqual([{ batchItemFailures: [{ itemIdentifier: 'm-1' }] }, { batchItemFailures: [{ itemIdentifier: 'm-1' }] }, { batchItemFailures: [] }]);
    expect(w.visibility).toEqual([
      ['r-1', 5],
      ['r-1', 20],
    ]);
    expect(await w.jobs.get('c-1', job.id)).toMatchObject({ state: 'failed', failures: MAX_FAILURES, error: { code: 'JOB_FAILED' } });
    expect(out.logs.filter((l) => l.message === 'job attempt failed; retrying').map((l) => l.delayMs)).toEqual([5_000, 20_000]);
    expect(out.logs.filter((l) => l.level === 'ERROR').map((l) => l.message)).toEqual(['job failed']);
  });

  it("keeps the message of a job another runner has until that runner's lease ends, then takes the job over", async () => {
    // Prepare: a runner took the job 30 s ago with 60 s left, then went silent.
    const w = world();
    const job = await w.start('ok');
    const s = (await w.jobs.get('c-1', job.id))!;
    const leaseUntil = new Date(w.clock.now().getTime() + 60_000 + LEASE_MARGIN_MS - 30_000).toISOString();
    await w.jobs.update({ ...s, state: 'running', attempts: 1, runId: 'other', leaseUntil, version: s.version + 1 }, s.version);
    let runs = 0;
    const handle = createJobEventHandler(w.ports, { ok: async () => ({ rows: ++runs }) }, w.changeVisibility);

    // Act
    const busy = await handle(eventOf(messageFor(job)));

    // Assess: kept, back one second after the lease (90 s from now) ends; the job untouched.
    expect(busy).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(w.visibility).toEqual([['r-1', 91]]);
    expect(runs).toBe(0);
    expect(await w.jobs.get('c-1', job.id)).toMatchObject({ state: 'running', runId: 'other', version: s.version + 1 });

    // When it comes back, the lease has ended: the job is taken over (the crash counted).
    w.clock.advance(91_000);
    expect(await handle(eventOf(messageFor(job)))).toEqual({ batchItemFailures: [] });
    expect(await w.jobs.get('c-1', job.id)).toMatchObject({ state: 'succeeded', attempts: 2, failures: 1 });
    expect(w.visibility).toHaveLength(1);
  });

  it('drops a message that names no job, handling the rest of the batch', async () => {
    // Prepare
    const w = world();
    const job = await w.start('ok');
    let runs = 0;
    const handle = createJobEventHandler(w.ports, { ok: async () => ({ rows: ++runs }) }, w.changeVisibility);

    // Act
    const out = await captureOutput(
      () => handle(eventOf(record('hello', 1), record('{"jobId":"j"}', 2), record('{"competitionId":"","jobId":"j"}', 3), record('[1]', 4), messageFor(job, 5))),
      'WARN',
    );

    // Assess
    expect(out.result).toEqual({ batchItemFailures: [] });
    expect(w.visibility).toEqual([]);
    expect(runs).toBe(1);
    expect(out.logs.filter((l) => l.message === 'dropped a message that names no job').map((l) => l.messageId)).toEqual(['m-1', 'm-2', 'm-3', 'm-4']);
  });

  it('reports a delivery that could not reach the store as failed, leaving its return to the visibility timeout', async () => {
    // Prepare
    const w = world();
    const job = await w.start('ok');
    const down = { ...w.ports, jobs: { ...w.ports.jobs, get: async () => Promise.reject(new Error('DynamoDB could not be reached')) } } as Ports;
    const handle = createJobEventHandler(down, { ok: async () => ({ rows: 1 }) }, w.changeVisibility);

    // Act
    const out = await captureOutput(() => handle(eventOf(messageFor(job, 7))));

    // Assess
    expect(out.result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-7' }] });
    expect(w.visibility).toEqual([]);
    expect(await w.jobs.get('c-1', job.id)).toMatchObject({ state: 'queued', attempts: 0 });
    expect(out.logs.map((l) => l.message)).toContain('job delivery failed');
  });

  it('still keeps the message when its visibility cannot be changed', async () => {
    const w = world();
    const job = await w.start('flaky');
    const handle = createJobEventHandler(
      w.ports,
      {
        flaky: async () => {
          throw new Error('boom');
        },
      },
      async () => {
        throw new Error('SQS refused ChangeMessageVisibility (400 InvalidParameterValue): bad receipt');
      },
    );

    const out = await captureOutput(() => handle(eventOf(messageFor(job))), 'WARN');

    expect(out.result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(out.logs.map((l) => l.message)).toContain('could not schedule the job message');
  });

  it("gives the run the function's remaining time, and deletes a message whose job continues in a new one", async () => {
    // Prepare
    const w = world();
    const job = await w.start('long');
    const seen: number[] = [];
    const handlers: JobHandlers = {
      long: async (_p, _j, ctx) => {
        seen.push(ctx.timeLeftMs());
        await ctx.checkpoint({ half: true });
        return ctx.continueLater();
      },
    };
    const leases: (string | undefined)[] = [];
    const watched = { ...w.ports, jobs: { ...w.ports.jobs, update: async (j: Job, v: number) => (leases.push(j.leaseUntil), w.jobs.update(j, v)) } } as Ports;

    // Act
    const answer = await createJobEventHandler(watched, handlers, w.changeVisibility)(eventOf(messageFor(job)), { getRemainingTimeInMillis: () => 120_000, awsRequestId: 'req-1' });

    // Assess
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual([120_000]);
    expect(leases[0]).toBe(new Date(w.clock.now().getTime() + 120_000 + LEASE_MARGIN_MS).toISOString());
    expect(w.sent).toEqual([
      { competitionId: 'c-1', jobId: job.id },
      { competitionId: 'c-1', jobId: job.id },
    ]);
    expect(await w.jobs.get('c-1', job.id)).toMatchObject({ state: 'queued', checkpoint: { half: true } });
  });
});
