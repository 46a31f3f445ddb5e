/**
 * Lambda entry for the API's evaluation area (organisers): rounds, conflicts, assignment, moderation and the ranking; invitations and reviewers' own routes are the reviewing area's (api-reviewing.ts). It imports only this
 * area's route modules, so the bundle carries only their code (functions/app/api-areas.ts).
 * Configuration is read and clients are created once per container, at module load; of the
 * ports over AWS it composes only those its routes read (area-ports.ts).
 */
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../adapters/config.ts';
import { createApp } from '../app/app.ts';
import { reviewRoutes } from '../app/routes/reviews.ts';
import { composeDeps } from '../composition.ts';
import { EVALUATION_PORTS } from './area-ports.ts';
import { instrumented } from './instrumented.ts';
import { provideRankingCompute } from '../use-cases/ranking.ts';

// Its routes compute a small competition's ranking when the stored one is behind: that code is a
// chunk of its own, loaded then (use-cases/ranking.ts provideRankingCompute).
provideRankingCompute(() => import('../use-cases/ranking-compute.ts'));

// Only this area's ports, their adapters a chunk loaded on the first call of one (area-ports.ts).
const deps = composeDeps(loadConfig(), { ports: EVALUATION_PORTS, load: () => import('./evaluation-adapters.ts') });

export const handler = instrumented(handle(createApp(deps, [reviewRoutes])), deps.metrics);
