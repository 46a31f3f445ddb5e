/**
 * Lambda entry for the API's programmes area: a consortium's programme — its calls, partners and
 * people in programme roles, co-organisers of a competition, the cross-call ledger's limits,
 * spending and dashboard. It imports only this area's route modules, so the bundle carries only
 * their code (functions/app/api-areas.ts). Configuration is read and clients are created once per
 * container, at module load.
 */
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../adapters/config.ts';
import { createApp } from '../app/app.ts';
import { programmeRoutes } from '../app/routes/programmes.ts';
import { composeDeps } from '../composition.ts';
import { PROGRAMMES_PORTS } from './area-ports.ts';
import { instrumented } from './instrumented.ts';

// Only this area's ports, their adapters a chunk loaded on the first call of one (area-ports.ts).
const deps = composeDeps(loadConfig(), { ports: PROGRAMMES_PORTS, load: () => import('./programmes-adapters.ts') });

export const handler = instrumented(handle(createApp(deps, [programmeRoutes])), deps.metrics);
