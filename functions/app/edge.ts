/**
 * What every API request passes before any route or identity work: a request id and a
 * correlation id (for logs and 500 bodies), one access log line, security headers on every
 * answer, and a body-size limit that refuses an oversize body while it is still arriving —
 * before the token is checked or the body is parsed.
 */
import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import type { Context } from 'hono';
import { log } from '../adapters/logger.ts';
import type { AppEnv } from './env.ts';
import { errorBody } from './error-handler.ts';
import { routeTemplate } from './route-template.ts';

/** Every request body the API takes is a small JSON document; pitch videos go straight to S3. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A caller-supplied id is echoed only when it is short and plain (it ends up in log lines). */
const SAFE_REQUEST_ID = /^[\w.:-]{1,128}$/;

function plain(offered: string | undefined): string | undefined {
  return offered && SAFE_REQUEST_ID.test(offered) ? offered : undefined;
}

/**
 * The request id: on Lambda, API Gateway's (it is in the access log and in the `apigw-requestid`
 * header the caller sees); locally, the caller's `x-request-id` if plain, else a fresh one. The
 * correlation id ties together what one user action caused across requests and services: the
 * caller's `x-correlation-id` if plain, else the request id. Both are on every log line of the
 * request and echoed in response headers.
 *
 * Then, once answered, one access line: method, route template (never the path itself, which may
 * hold an invitation token), status and duration.
 */
export const requestId = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now();
  const id = c.env?.requestContext?.requestId || plain(c.req.header('x-request-id')) || crypto.randomUUID();
  const correlationId = plain(c.req.header('x-correlation-id')) ?? id;
  const requestLog = log.child({ requestId: id, correlationId });
  c.set('requestId', id);
  c.set('log', requestLog);
  await next();
  answerHeader(c, 'X-Request-Id', id);
  answerHeader(c, 'X-Correlation-Id', correlationId);
  requestLog.info('request', {
    method: c.req.method,
    route: routeTemplate(c),
    status: c.res.status,
    durationMs: Math.round(performance.now() - started),
  });
});

/**
 * The caller's network address, from the request context: API Gateway's `requestContext.http.sourceIp`
 * on Lambda (payload 2.0), the same field set by the local HTTP API emulation and by the local
 * server (functions/local/server.ts) — one code path; `unknown` when nothing says (app.request in tests
 * without an env). Never a header: X-Forwarded-For is the caller's to write.
 */
export function sourceAddress(c: Context<AppEnv>): string {
  return c.env?.requestContext?.http?.sourceIp || 'unknown';
}

/**
 * Sets a header on the answer itself, as secureHeaders does: `c.header()` once the answer exists
 * copies the whole Response for every header it sets (and loses @hono/node-server's fast path
 * for plain bodies). Headers that cannot change (a Response passed through) take the copy.
 */
function answerHeader(c: Context<AppEnv>, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.header(name, value);
  }
}

/**
 * The API answers JSON and CSV, never pages: nothing in a response may run, load, or be framed.
 * (The API docs are a page of the web app that fetches /api/openapi.json, so this does not touch them.)
 */
export const apiSecurityHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  xContentTypeOptions: 'nosniff',
});

function tooLarge(c: Context<AppEnv>, maxBytes: number): Response {
  const mb = maxBytes / (1024 * 1024);
  return c.json(errorBody('PAYLOAD_TOO_LARGE', `The request body is larger than ${mb} MB; send less at a time.`, { body: 'too large' }), 413);
}

/**
 * Refuses bodies over `maxBytes` with 413. A declared Content-Length over the limit is refused
 * without reading anything; otherwise the bytes are counted as they arrive (the length may be
 * missing or wrong) and reading stops at the limit.
 */
export function bodyLimit(maxBytes = MAX_BODY_BYTES) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const body = c.req.raw.body;
    if (!body) return next();
    const declared = Number(c.req.header('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) return tooLarge(c, maxBytes);
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return tooLarge(c, maxBytes);
      }
      chunks.push(value);
    }
    const whole = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      whole.set(chunk, offset);
      offset += chunk.byteLength;
    }
    // The bytes read become the body Hono's readers (`c.req.json()`, `text()`, `arrayBuffer()`)
    // answer from, instead of a new Request built around them (≈ 0.2 ms of every write request).
    // (Hono keeps promises there; its type says methods.)
    const cache = c.req.bodyCache as Record<string, Promise<unknown>>;
    cache.text = Promise.resolve(new TextDecoder().decode(whole));
    cache.arrayBuffer = Promise.resolve(whole.buffer);
    return next();
  });
}
