/**
 * Lambda entry for the API's core area: competitions (and their dashboards), registration, submissions, pitches, jobs (starting exports, following jobs) and the caller. It imports only this
 * area's route modules, so the bundle carries only their code (functions/app/api-areas.ts).
 * Configuration is read and clients are created once per container, at module load; of the
 * ports over AWS it composes only those its routes read (area-ports.ts).
 */
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../adapters/config.ts';
import { createApp } from '../app/app.ts';
import { meRoutes } from '../app/routes/me.ts';
import { competitionRoutes } from '../app/routes/competitions.ts';
import { dashboardRoutes } from '../app/routes/dashboard.ts';
import { submissionRoutes } from '../app/routes/submissions.ts';
import { pitchRoutes } from '../app/routes/pitches.ts';
import { answerFileRoutes } from '../app/routes/answer-files.ts';
import { jobRoutes } from '../app/routes/jobs.ts';
import { composeDeps } from '../composition.ts';
import { CORE_PORTS } from './area-ports.ts';
import { instrumented } from './instrumented.ts';
import { declaredTranscriber, unavailableTranscoder } from '../adapters/media/unavailable.ts';

// Only this area's ports, their adapters a chunk loaded on the first call of one (area-ports.ts).
// The core area says whether automatic captions exist (routes/pitches.ts); the jobs function starts them, with the SDK.
const deps = composeDeps(loadConfig(), { ports: CORE_PORTS, load: () => import('./core-adapters.ts') }, { media: (config) => ({ transcoder: unavailableTranscoder(), transcriber: declaredTranscriber(Boolean(config.TRANSCRIBE_OUTPUT_PREFIX)) }) });

export const handler = instrumented(handle(createApp(deps, [meRoutes, competitionRoutes, dashboardRoutes, submissionRoutes, pitchRoutes, answerFileRoutes, jobRoutes])), deps.metrics);
