/**
 * Lambda entry for the API's live area: expo rounds (pairwise judging on phones) and the audience
 * vote. It imports only this area's route modules, so the bundle carries only their code
 * (functions/app/api-areas.ts). Configuration is read and clients are created once per container,
 * at module load.
 */
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../adapters/config.ts';
import { createApp } from '../app/app.ts';
import { expoRoutes } from '../app/routes/expo.ts';
import { voteRoutes } from '../app/routes/votes.ts';
import { composeDeps } from '../composition.ts';
import { LIVE_PORTS } from './area-ports.ts';
import { instrumented } from './instrumented.ts';

// Only this area's ports, their adapters a chunk loaded on the first call of one (area-ports.ts).
const deps = composeDeps(loadConfig(), { ports: LIVE_PORTS, load: () => import('./live-adapters.ts') });

export const handler = instrumented(handle(createApp(deps, [expoRoutes, voteRoutes])), deps.metrics);
