/**
 * Lambda entry for the API's results area: prize plan, awards, publication, outcomes, feedback and notifications. It imports only this
 * area's route modules, so the bundle carries only their code (functions/app/api-areas.ts).
 * Configuration is read and clients are created once per container, at module load.
 */
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../adapters/config.ts';
import { createApp } from '../app/app.ts';
import { awardRoutes } from '../app/routes/awards.ts';
import { devRoutes } from '../app/routes/dev.ts';
import { buildDeps } from '../composition.ts';
import { instrumented } from './instrumented.ts';

const deps = buildDeps(loadConfig());

export const handler = instrumented(handle(createApp(deps, [awardRoutes, devRoutes])), deps.metrics);
