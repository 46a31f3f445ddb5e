/**
 * The pure rules of jobs (functions/domain/job.ts): which moves a job may make, what a delivery
 * does with the job it names (run, take over, skip, give up), when a failure is retried and after
 * how long, what makes two starts "the same job", and what state people are shown.
 */
import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  canMove,
  canonicalJson,
  CRASHED,
  decideRun,
  isFinished,
  JOB_STATES,
  jobLockKey,
  leaseExpired,
  MAX_FAILURES,
  retryDelayMs,
  visibleState,
  type Job,
  type JobState,
} from '../../functions/domain/job.ts';

const NOW = new Date('2026-12-01T10:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();

function job(overrides: Partial<Job> = {}): Job {
  return {
    id: 'j-1',
    competitionId: 'c-1',
    kind: 'export',
    params: { file: 'submissions.csv' },
    lockKey: jobLockKey('c-1', 'export', { file: 'submissions.csv' }),
    state: 'queued',
    progress: { done: 0 },
    attempts: 0,
    failures: 0,
    requestedBy: { sub: 'u-org', email: 'organiser@demo.test', name: 'Olivia', groups: ['organisers'] },
    createdAt: at(-60_000),
    updatedAt: at(-60_000),
    version: 1,
    ...overrides,
  };
}

describe('canMove', () => {
  const allowed: [JobState, JobState][] = [
    ['queued', 'running'],
    ['queued', 'failed'],
    ['running', 'running'],
    ['running', 'queued'],
    ['running', 'succeeded'],
    ['running', 'failed'],
  ];
  const all = JOB_STATES.flatMap((from) => JOB_STATES.map((to) => [from, to] as [JobState, JobState]));

  it.each(all)('%s → %s is allowed exactly when the state machine says so', (from, to) => {
    const expected = allowed.some(([f, t]) => f === from && t === to);
    expect(canMove(from, to)).toBe(expected);
  });

  it('never moves a finished job, not even to itself', () => {
    for (const from of JOB_STATES.filter(isFinished)) for (const to of JOB_STATES) expect(canMove(from, to)).toBe(false);
    expect(JOB_STATES.filter(isFinished)).toEqual(['succeeded', 'failed']);
  });

  it('never succeeds a job that is not running (a queued job must be run first)', () => {
    expect(canMove('queued', 'succeeded')).toBe(false);
    expect(canMove('queued', 'queued')).toBe(false);
  });
});

describe('decideRun', () => {
  it('runs a queued job (not a takeover)', () => {
    expect(decideRun(job(), NOW)).toEqual({ action: 'run', takeover: false });
    expect(decideRun(job({ failures: MAX_FAILURES - 1, error: { code: 'JOB_FAILED', message: 'x' } }), NOW)).toEqual({ action: 'run', takeover: false });
  });

  it('skips a finished job, whatever its lease or failures say', () => {
    for (const state of ['succeeded', 'failed'] as const) {
      expect(decideRun(job({ state }), NOW)).toEqual({ action: 'skip', reason: 'finished' });
      expect(decideRun(job({ state, leaseUntil: at(-1), failures: MAX_FAILURES }), NOW)).toEqual({ action: 'skip', reason: 'finished' });
    }
  });

  it('leaves a running job to its runner while the lease lasts, to the millisecond', () => {
    expect(decideRun(job({ state: 'running', leaseUntil: at(60_000) }), NOW)).toEqual({ action: 'skip', reason: 'busy' });
    expect(decideRun(job({ state: 'running', leaseUntil: at(1) }), NOW)).toEqual({ action: 'skip', reason: 'busy' });
    // The lease ends at its instant: from then on the runner is presumed dead.
    expect(decideRun(job({ state: 'running', leaseUntil: at(0) }), NOW)).toEqual({ action: 'run', takeover: true });
  });

  it('takes over a running job whose lease ran out (or that has none) while attempts are left', () => {
    expect(decideRun(job({ state: 'running', leaseUntil: at(-1) }), NOW)).toEqual({ action: 'run', takeover: true });
    expect(decideRun(job({ state: 'running' }), NOW)).toEqual({ action: 'run', takeover: true });
    expect(decideRun(job({ state: 'running', leaseUntil: at(-1), failures: MAX_FAILURES - 2 }), NOW)).toEqual({ action: 'run', takeover: true });
  });

  it('gives up a crashed run when its crash would be the last failure allowed', () => {
    expect(decideRun(job({ state: 'running', leaseUntil: at(-1), failures: MAX_FAILURES - 1 }), NOW)).toEqual({ action: 'give-up' });
    expect(decideRun(job({ state: 'running', leaseUntil: at(-1), failures: MAX_FAILURES }), NOW)).toEqual({ action: 'give-up' });
    // …but not while its runner may still be alive.
    expect(decideRun(job({ state: 'running', leaseUntil: at(1), failures: MAX_FAILURES - 1 }), NOW)).toEqual({ action: 'skip', reason: 'busy' });
  });

  it('gives up a queued job that has no attempt left', () => {
    expect(decideRun(job({ failures: MAX_FAILURES }), NOW)).toEqual({ action: 'give-up' });
  });

  it('reads a lease written in another ISO form (no milliseconds, an offset) by its instant, not its text', () => {
    // '…10:00:00Z' sorts after '…10:00:00.500Z' as text, though it is half a second earlier.
    const later = new Date(NOW.getTime() + 500);
    expect(leaseExpired({ leaseUntil: '2026-12-01T10:00:00Z' }, later)).toBe(true);
    expect(leaseExpired({ leaseUntil: '2026-12-01T11:00:00+01:00' }, later)).toBe(true);
    expect(leaseExpired({ leaseUntil: '2026-12-01T10:00:01Z' }, later)).toBe(false);
    // A lease that cannot be read cannot keep a job busy for ever.
    expect(leaseExpired({ leaseUntil: 'not a date' }, later)).toBe(true);
  });
});

describe('afterFailure', () => {
  it('retries an unexpected failure until MAX_FAILURES, then fails', () => {
    const outcomes = Array.from({ length: MAX_FAILURES + 1 }, (_, i) => afterFailure({ failures: i + 1 }, false));
    expect(outcomes).toEqual([...Array<string>(MAX_FAILURES - 1).fill('retry'), 'fail', 'fail']);
  });

  it('fails a permanent failure (a DomainError) at once', () => {
    expect(afterFailure({ failures: 1 }, true)).toBe('fail');
  });
});

describe('retryDelayMs', () => {
  it('backs off 5 s, 20 s, 80 s… and never beyond SQS’s longest delay', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([5_000, 20_000, 80_000, 320_000]);
    expect(retryDelayMs(5)).toBe(900_000);
    expect(retryDelayMs(50)).toBe(900_000);
    expect(retryDelayMs(0)).toBe(5_000);
  });

  it('grows with every failure', () => {
    for (let n = 1; n < 10; n++) expect(retryDelayMs(n + 1)).toBeGreaterThanOrEqual(retryDelayMs(n));
  });
});

describe('canonicalJson and jobLockKey', () => {
  const a = { file: 'submissions.csv', filter: { status: 'submitted', sector: 'energy', q: 'bike' } };
  const b = { filter: { q: 'bike', sector: 'energy', status: 'submitted' }, file: 'submissions.csv' };

  it('writes equal params as equal text, whatever the key order, at every depth', () => {
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"file":"submissions.csv","filter":{"q":"bike","sector":"energy","status":"submitted"}}');
    expect(canonicalJson([{ y: 1, x: 2 }])).toBe('[{"x":2,"y":1}]');
  });

  it('is JSON, and leaves out undefined members as JSON.stringify does', () => {
    const value = { z: [1, 'two', null, true, { b: undefined, a: 'é"\\' }], a: undefined, n: -0.5 };
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
    expect(canonicalJson({ file: 'x', filter: undefined })).toBe(canonicalJson({ file: 'x' }));
  });

  it('gives the same lock to the same competition, kind and params, and another to anything else', () => {
    expect(jobLockKey('c-1', 'export', a)).toBe(jobLockKey('c-1', 'export', b));
    const others = [
      jobLockKey('c-2', 'export', a),
      jobLockKey('c-1', 'other', a),
      jobLockKey('c-1', 'export', { ...a, filter: { ...a.filter, q: 'bikes' } }),
      jobLockKey('c-1', 'export', { file: 'submissions.csv' }),
      // Arrays keep their order: it means something.
      jobLockKey('c-1', 'export', { ids: [1, 2] }),
      jobLockKey('c-1', 'export', { ids: [2, 1] }),
    ];
    expect(new Set([jobLockKey('c-1', 'export', a), ...others]).size).toBe(others.length + 1);
    expect(jobLockKey('c-1', 'export', a)).toMatch(/^c-1#export#[0-9a-f]{32}$/);
  });
});

describe('visibleState', () => {
  it('shows the stored state and error of a job that is not stranded', () => {
    const error = { code: 'JOB_FAILED', message: 'The job failed unexpectedly.' };
    expect(visibleState(job(), NOW)).toEqual({ state: 'queued' });
    expect(visibleState(job({ state: 'queued', failures: 1, error }), NOW)).toEqual({ state: 'queued', error });
    expect(visibleState(job({ state: 'running', leaseUntil: at(1), failures: MAX_FAILURES - 1 }), NOW)).toEqual({ state: 'running' });
    expect(visibleState(job({ state: 'failed', error }), NOW)).toEqual({ state: 'failed', error });
    expect(visibleState(job({ state: 'succeeded' }), NOW)).toEqual({ state: 'succeeded' });
  });

  it('shows a run whose lease ran out with no attempt left as failed (crashed), before anyone touches it', () => {
    expect(visibleState(job({ state: 'running', leaseUntil: at(-1), failures: MAX_FAILURES - 1 }), NOW)).toEqual({ state: 'failed', error: CRASHED });
    expect(CRASHED.code).toBe('JOB_CRASHED');
  });

  it('keeps showing a crashed run as running while a takeover can still save it', () => {
    expect(visibleState(job({ state: 'running', leaseUntil: at(-1), failures: MAX_FAILURES - 2 }), NOW)).toEqual({ state: 'running' });
  });

  it('agrees with decideRun: shown as failed exactly when the next delivery gives it up', () => {
    for (let failures = 0; failures <= MAX_FAILURES; failures++)
      for (const leaseUntil of [at(-1), at(1), undefined])
        for (const state of JOB_STATES) {
          const j = job({ state, failures, leaseUntil });
          const shownFailed = visibleState(j, NOW).state === 'failed' && j.state !== 'failed';
          expect(shownFailed).toBe(state === 'running' && decideRun(j, NOW).action === 'give-up');
        }
  });
});
