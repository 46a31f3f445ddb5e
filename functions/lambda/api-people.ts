/**
 * Lambda entry for the API's people area — who takes part and what they are told: entrant teams
 * (members with their own accounts), a competition's messages (templates, reminders) and personal
 * data (consents, exports, erasure). Programmes are an area of their own (api-programmes.ts). It
 * imports only this area's route modules, so the bundle carries only their code (functions/app/api-areas.ts). Configuration is read and clients are created once per
 * container, at module load.
 */
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../adapters/config.ts';
import { createApp } from '../app/app.ts';
import { messageRoutes } from '../app/routes/messages.ts';
import { personalDataRoutes } from '../app/routes/personal-data.ts';
import { reminderRoutes } from '../app/routes/reminders.ts';
import { teamRoutes } from '../app/routes/teams.ts';
import { composeDeps } from '../composition.ts';
import { PEOPLE_PORTS } from './area-ports.ts';
import { instrumented } from './instrumented.ts';

// Only this area's ports, their adapters a chunk loaded on the first call of one (area-ports.ts).
const deps = composeDeps(loadConfig(), { ports: PEOPLE_PORTS, load: () => import('./people-adapters.ts') });

export const handler = instrumented(handle(createApp(deps, [teamRoutes, messageRoutes, reminderRoutes, personalDataRoutes])), deps.metrics);
