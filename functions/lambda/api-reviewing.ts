/**
 * Lambda entry for the API's reviewing area: investors' and jury members' invitations (sent by
 * e-mail, their links, accepting one) and each reviewer's queue and reviews. It imports only this
 * area's route modules, so the bundle carries only their code (functions/app/api-areas.ts): no
 * ranking, no assignment solver. Configuration is read and clients are created once per
 * container, at module load; of the ports over AWS it composes only those its routes read (area-ports.ts).
 */
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../adapters/config.ts';
import { createApp } from '../app/app.ts';
import { reviewingRoutes } from '../app/routes/reviewing.ts';
import { composeDeps } from '../composition.ts';
import { REVIEWING_PORTS } from './area-ports.ts';
import { instrumented } from './instrumented.ts';

// Only this area's ports, their adapters a chunk loaded on the first call of one (area-ports.ts).
const deps = composeDeps(loadConfig(), { ports: REVIEWING_PORTS, load: () => import('./reviewing-adapters.ts') });

export const handler = instrumented(handle(createApp(deps, [reviewingRoutes])), deps.metrics);
