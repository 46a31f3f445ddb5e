/**
 * The Podium HTTP API as one Hono app. The same app serves Lambda (functions/lambda/api.ts) and
 * the local runtime (functions/local/server.ts); only the dependencies passed in differ. Its
 * OpenAPI document is built from the same route definitions at build time (openapi-document.ts).
 */
import { Hono } from 'hono';
import * as z from 'zod';
import { access } from './access-policy.ts';
import { route } from './route.ts';
import { ok } from './route-helpers.ts';
import type { AppDeps } from './deps.ts';
import type { AppEnv, PodiumApp } from './env.ts';
import { handleError, errorBody } from './error-handler.ts';
import { identityMiddleware } from './identity-middleware.ts';
import { apiSecurityHeaders, bodyLimit, requestId } from './edge.ts';
import { competitionRoutes } from './routes/competitions.ts';
import { meRoutes } from './routes/me.ts';
import { pitchRoutes } from './routes/pitches.ts';
import { reviewRoutes } from './routes/reviews.ts';
import { awardRoutes } from './routes/awards.ts';
import { devRoutes } from './routes/dev.ts';
import { submissionRoutes } from './routes/submissions.ts';

const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export function createApp(deps: AppDeps): PodiumApp {
  const app = Object.assign(new Hono<AppEnv>(), { operations: [] }) as PodiumApp;

  app.onError(handleError);
  app.notFound((c) => c.json(errorBody('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}.`), 404));

  // The edge, in this order: an id for the logs, headers on every answer (errors included), and
  // the body limit before any token is verified or any body parsed.
  app.use('*', requestId, apiSecurityHeaders);
  app.use('/api/*', bodyLimit());
  app.use('/api/*', identityMiddleware(deps.verifyToken));
  route(app, { method: 'get', path: '/api/health', tags: ['competitions'], summary: 'Liveness', ...access('public'), responses: { 200: ok(Health, 'Up') } }, (c) => c.json({ status: 'ok' as const }, 200));

  meRoutes(app, deps);
  competitionRoutes(app, deps);
  submissionRoutes(app, deps);
  pitchRoutes(app, deps);
  reviewRoutes(app, deps);
  awardRoutes(app, deps);
  devRoutes(app, deps);
  return app;
}
