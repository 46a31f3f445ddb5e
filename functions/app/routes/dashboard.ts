/**
 * The organiser's dashboard of a competition (use-cases/dashboard.ts): the figures now and day by
 * day, per round the reviews done and pending, and the recount of its counters (a job). Tagged
 * `competitions`: served by the core area's function.
 */
import { route } from '../route.ts';
import { getDashboard, startDashboardRecount } from '../../use-cases/dashboard.ts';
import { viewJob } from '../../use-cases/jobs.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { errors, ok, signedInOnly } from '../route-helpers.ts';
import { access } from '../access-policy.ts';
import { CompetitionIdParam } from '../schemas.ts';

const tags = ['competitions'];

export function dashboardRoutes(app: PodiumApp, deps: AppDeps) {
  route(app, {
      method: 'get',
      path: '/api/competitions/{competitionId}/dashboard',
      tags,
      ...signedInOnly,
      ...access('organiser', 'programme-staff'),
      request: { params: CompetitionIdParam },
      responses: { 200: ok('Dashboard'), ...errors(400, 401, 403, 404) },
    },
    async (c) => c.json(await getDashboard(deps, c.get('identity'), c.req.valid('param').competitionId), 200),
  );

  route(app, {
      method: 'post',
      path: '/api/competitions/{competitionId}/dashboard/recount',
      tags,
      ...signedInOnly,
      ...access('organiser', 'programme-staff'),
      request: { params: CompetitionIdParam },
      responses: { 202: ok('Job'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const { job } = await startDashboardRecount(deps, c.get('identity'), c.req.valid('param').competitionId);
      return c.json(await viewJob(deps, job), 202);
    },
  );
}
