/**
 * The Podium HTTP API as one Hono app. The same app serves Lambda (functions/lambda/api.ts) and
 * the local runtime (functions/local/server.ts); only the dependencies passed in differ. Its
 * OpenAPI document is built from the same route definitions at build time (openapi-document.ts).
 */
import { HonoBase as Hono } from 'hono/hono-base'; // not 'hono', whose Hono brings routers this app does not use
import { TrieRouter } from 'hono/router/trie-router';
import { access } from './access-policy.ts';
import { route } from './route.ts';
import { ok } from './route-helpers.ts';
import type { AppDeps } from './deps.ts';
import type { AppEnv, PodiumApp } from './env.ts';
import { handleError, errorBody } from './error-handler.ts';
import { identityMiddleware } from './identity-middleware.ts';
import { apiSecurityHeaders, bodyLimit, requestId } from './edge.ts';

/** Mounts one group of operations (a `routes/*.ts` module). */
export type RouteGroup = (app: PodiumApp, deps: AppDeps) => void;

/**
 * The app with the given route groups: all of them locally and in tests (api-areas.ts), one
 * area's on each Lambda (functions/lambda/api-*.ts), so a bundle carries only its area's code.
 */
export function createApp(deps: AppDeps, groups: readonly RouteGroup[]): PodiumApp {
  // TrieRouter rather than Hono's default (RegExpRouter first): that one compiles every route into
  // one expression on the first request, ≈ 2 ms of each Lambda cold start here (bench/lambda.ts),
  // to match in ≈ 4 µs instead of ≈ 10–20 µs. (LinearRouter, hono/quick's, starts cheaper still
  // but takes ≈ 0.5 ms per match over the whole API's routes.)
  const app = Object.assign(new Hono<AppEnv>({ router: new TrieRouter() }), { operations: [] }) as PodiumApp;

  app.onError(handleError);
  app.notFound((c) => c.json(errorBody('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}.`), 404));

  // The edge, in this order: an id for the logs, headers on every answer (errors included), and
  // the body limit before any token is verified or any body parsed.
  app.use('*', requestId, apiSecurityHeaders);
  app.use('/api/*', bodyLimit());
  app.use('/api/*', identityMiddleware(deps.verifyToken));
  route(app, { method: 'get', path: '/api/health', tags: ['competitions'], ...access('public'), responses: { 200: ok('Health') } }, (c) => c.json({ status: 'ok' as const }, 200));

  for (const group of groups) group(app, deps);
  return app;
}
