/**
 * The Podium HTTP API as one Hono app. The same app serves Lambda (functions/lambda/api.ts) and
 * the local runtime (functions/local/server.ts); only the dependencies passed in differ.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from './deps.ts';
import type { AppEnv, PodiumApp } from './env.ts';
import { handleError, zodToValidationFailed, errorBody } from './error-handler.ts';
import { identityMiddleware } from './identity-middleware.ts';
import { apiSecurityHeaders, bodyLimit, requestId } from './edge.ts';
import { competitionRoutes } from './routes/competitions.ts';
import { meRoutes } from './routes/me.ts';
import { pitchRoutes } from './routes/pitches.ts';
import { reviewRoutes } from './routes/reviews.ts';
import { awardRoutes } from './routes/awards.ts';
import { devRoutes } from './routes/dev.ts';
import { submissionRoutes } from './routes/submissions.ts';

export function createApp(deps: AppDeps): PodiumApp {
  const app = new OpenAPIHono<AppEnv>({
    // Every zod failure becomes one 400 shape naming the fields.
    defaultHook: (result) => {
      if (!result.success) throw zodToValidationFailed(result.error, result.target);
    },
  });

  app.onError(handleError);
  app.notFound((c) => c.json(errorBody('NOT_FOUND', `No route for ${c.req.method} ${c.req.path}.`), 404));

  // The edge, in this order: an id for the logs, headers on every answer (errors included), and
  // the body limit before any token is verified or any body parsed.
  app.use('*', requestId, apiSecurityHeaders);
  app.use('/api/*', bodyLimit());
  app.get('/api/health', (c) => c.json({ status: 'ok' }));
  app.use('/api/*', identityMiddleware(deps.verifyToken));

  meRoutes(app, deps);
  competitionRoutes(app, deps);
  submissionRoutes(app, deps);
  pitchRoutes(app, deps);
  reviewRoutes(app, deps);
  awardRoutes(app, deps);
  devRoutes(app, deps);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An OpenID Connect ID token (Cognito on AWS; `npm run token -- <email>` locally).',
  });
  app.doc('/api/openapi.json', {
    openapi: '3.0.3',
    info: {
      title: 'Podium API',
      version: '0.1.0',
      description: 'Idea competitions, hackathons and video-pitch competitions for SME innovation programmes.',
    },
    tags: [
      { name: 'competitions', description: 'Open, edit, publish and read competitions' },
      { name: 'submissions', description: 'Register as an entrant, write and submit; organisers list and export' },
      { name: 'reviews', description: 'Evaluation: rounds, invitations, conflicts, assignment, reviewing and the ranking' },
      { name: 'awards', description: 'Prize plan, proposal from the ranking, confirmed awards within budget and caps' },
      { name: 'results', description: 'Publication, outcomes, feedback reports, notifications and investor matches' },
      { name: 'pitches', description: 'Video pitches: direct resumable uploads to S3, verified on arrival, short-lived playback' },
    ],
  });
  return app;
}
