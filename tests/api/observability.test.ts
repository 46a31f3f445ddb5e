/**
 * Operability through the API: every request's log lines carry its request id and correlation id
 * (the caller's, or the request id), ids never leak between concurrent requests, one access line
 * per request names the route template, no line carries personal data; and the business metrics
 * count what was submitted, reviewed and awarded — once each, not again on a repeat.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../functions/domain/identity.ts';
import { openCompetition, people, registrationInput, startHarness, submissionContent, type Harness } from '../support/api-harness.ts';
import { captureOutput } from '../support/output-capture.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
});
afterAll(() => h.stop());

const jury: Identity = { sub: 'u-jury', email: 'jury@demo.test', name: 'Judy Jury', groups: [] };

describe('request and correlation ids', () => {
  it('puts both on the access line and echoes them; the correlation id defaults to the request id', async () => {
    // Act
    const { result, logs } = await captureOutput(async () => {
      const traced = await h.call('GET', '/api/competitions', undefined, undefined, { 'x-request-id': 'req-1', 'x-correlation-id': 'journey-7' });
      const fresh = await h.call('GET', '/api/competitions', undefined, undefined, { 'x-correlation-id': 'not plain; <b>' });
      return { traced, fresh };
    }, 'INFO');

    // Assess
    expect(result.traced.headers.get('x-request-id')).toBe('req-1');
    expect(result.traced.headers.get('x-correlation-id')).toBe('journey-7');
    const freshId = result.fresh.headers.get('x-request-id')!;
    expect(result.fresh.headers.get('x-correlation-id')).toBe(freshId);
    expect(logs).toEqual([
      expect.objectContaining({ level: 'INFO', message: 'request', service: 'podium', requestId: 'req-1', correlationId: 'journey-7', method: 'GET', route: '/api/competitions', status: 200, durationMs: expect.any(Number) }),
      expect.objectContaining({ message: 'request', requestId: freshId, correlationId: freshId, status: 200 }),
    ]);
  });

  it('keeps each request’s ids on its own lines when many run at once', async () => {
    const { logs } = await captureOutput(
      () => Promise.all(Array.from({ length: 24 }, (_, i) => h.call('GET', '/api/competitions', undefined, undefined, { 'x-request-id': `r-${i}`, 'x-correlation-id': `c-${i}` }))),
      'INFO',
    );
    expect(logs).toHaveLength(24);
    for (const line of logs) expect(line.correlationId).toBe(String(line.requestId).replace('r-', 'c-'));
    expect(new Set(logs.map((l) => l.requestId)).size).toBe(24);
  });

  it('names the route template, not the path (an invitation path holds its token), also for a 401 or a 404', async () => {
    const { logs, result } = await captureOutput(async () => [
      await h.call('GET', '/api/invitations/some-competition/secret-token-123'),
      await h.call('GET', '/api/me'),
      await h.call('GET', '/api/no/such/thing'),
    ], 'INFO');
    expect(logs.map((l) => [l.route, l.status])).toEqual([
      ['/api/invitations/:competitionId/:token', result[0]!.status],
      ['/api/me', 401],
      ['/api/*', 404],
    ]);
    expect(JSON.stringify(logs)).not.toContain('secret-token-123');
  });
});

describe('a whole journey', () => {
  it('counts one submission, one review and one award (repeats count nothing), and logs no personal data', async () => {
    // Prepare: what must never appear in a log line.
    const personal = [people.organiser, people.sme1, jury].flatMap((p) => [p.email, p.name]);
    const registration = registrationInput();
    const content = submissionContent();
    personal.push(registration.organisationName, registration.team[0]!.email, registration.team[0]!.name, content.title, content.summary);
    const before = h.metrics.totals();

    // Act: submit, review, award — and repeat each where a repeat is allowed.
    let token = '';
    const { logs, text } = await captureOutput(async () => {
      const c = await openCompetition(h, { title: 'Observed call' });
      const base = `/api/competitions/${c.id}`;
      expect((await h.call('POST', `${base}/registration`, people.sme1, registration)).status).toBe(201);
      const s = await h.call('POST', `${base}/submissions`, people.sme1, content);
      expect((await h.call('POST', `${base}/submissions/${s.json.id}/submit`, people.sme1, { version: 1 })).status).toBe(200);

      const round = await h.call('POST', `${base}/rounds`, people.organiser, {
        name: 'Jury', kind: 'jury', k: 1, maxLoad: 5, blind: false, opensAt: '2026-12-01T09:00', closesAt: '2026-12-20T18:00', weight: 100,
        rubric: [{ name: 'Overall', weight: 1, scale: { min: 0, max: 100 } }],
      });
      const invite = await h.call('POST', `${base}/rounds/${round.json.id}/invitations`, people.organiser, { emails: [jury.email] });
      token = invite.json.items[0].link.split('/').pop();
      expect((await h.call('POST', `/api/invitations/${c.id}/${token}/accept`, jury, { interests: [] })).status).toBe(200);
      await h.call('POST', `${base}/rounds/${round.json.id}/assignment`, people.organiser);
      await h.jobsSettled(); // the assignment is a job
      const reviewPath = `${base}/rounds/${round.json.id}/reviews/${s.json.id}`;
      const saved = await h.call('PUT', reviewPath, jury, { scores: { [round.json.rubric[0].id]: 90 }, overallComment: 'Judy thinks this is great', version: 1 });
      const submitted = await h.call('POST', `${reviewPath}/submit`, jury, { version: saved.json.version });
      expect(submitted.status).toBe(200);
      // Submitting a submitted review again is idempotent: not a second review.
      expect((await h.call('POST', `${reviewPath}/submit`, jury, { version: submitted.json.version })).status).toBe(200);

      const current = (await h.call('GET', base, people.organiser)).json;
      expect((await h.call('POST', `${base}/close`, people.organiser, { version: current.version })).status).toBe(200);
      h.clock.set('2026-12-21T10:00:00Z');
      const plan = { currency: 'EUR', totalBudget: 1_000_000, perThirdPartyCap: 1_000_000, rankPrizes: [{ rank: 1, amount: 500_000, label: '1st place' }] };
      expect((await h.call('PUT', `${base}/prize-plan`, people.organiser, { plan, version: 0 })).status).toBe(200);
      const award = { awards: [{ submissionId: s.json.id, type: 'prize', rank: 1 }] };
      expect((await h.call('POST', `${base}/awards`, people.organiser, award)).json.results[0].status).toBe('confirmed');
      expect((await h.call('POST', `${base}/awards`, people.organiser, award)).json.results[0].status).toBe('already-confirmed');
    }, 'INFO');
    h.clock.set('2026-12-01T10:00:00Z');

    // Assess: the metrics adapter the harness uses (the local runtime's) counted each once.
    const after = h.metrics.totals();
    const delta = (name: keyof typeof after) => (after[name] ?? 0) - (before[name] ?? 0);
    expect({ submitted: delta('SubmissionsSubmitted'), reviewed: delta('ReviewsSubmitted'), awarded: delta('AwardsConfirmed') }).toEqual({ submitted: 1, reviewed: 1, awarded: 1 });

    // Assess: one access line per request, each with both ids, and nothing personal anywhere.
    expect(logs.length).toBeGreaterThanOrEqual(16);
    for (const line of logs) expect(line).toMatchObject({ service: 'podium', requestId: expect.any(String), correlationId: expect.any(String), route: expect.stringMatching(/^\/api\//) });
    expect(logs.find((l) => l.method === 'POST' && String(l.route).startsWith('/api/invitations/'))?.route).toBe('/api/invitations/:competitionId/:token/accept');
    for (const secret of [...personal, token, 'Judy thinks', 'Bearer', 'eyJ']) expect(text, secret).not.toContain(secret);
  });
});

describe('log threshold', () => {
  /** What a fresh process prints when it logs one INFO and one WARN line with `env` (nothing else set). */
  async function printed(env: Record<string, string>) {
    const script = "const { log } = await import('./functions/adapters/logger.ts'); log.info('info line'); log.warn('warn line');";
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', ...env } });
    return `${stdout}${stderr}`.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l).message);
  }

  it('is INFO inside Lambda (access lines), WARN anywhere else, and LOG_LEVEL decides when set', async () => {
    expect(await printed({ AWS_LAMBDA_FUNCTION_NAME: 'podium-api' })).toEqual(['info line', 'warn line']);
    expect(await printed({})).toEqual(['warn line']);
    expect(await printed({ LOG_LEVEL: 'INFO' })).toEqual(['info line', 'warn line']);
    expect(await printed({ AWS_LAMBDA_FUNCTION_NAME: 'podium-api', LOG_LEVEL: 'ERROR' })).toEqual([]);
  });
});
