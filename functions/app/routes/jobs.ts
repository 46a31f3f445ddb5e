import { route } from '../route.ts';
import { getJob, listJobs, viewJob } from '../../use-cases/jobs.ts';
import { startExport } from '../../use-cases/start-export.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { errors, jsonBody, ok, signedInOnly } from '../route-helpers.ts';
import { organiserAccess } from '../access-policy.ts';
import { CompetitionIdParam, ExportInput, JobIdParams, PageQuery } from '../schemas.ts';

const tags = ['jobs'];
const base = '/api/competitions/{competitionId}';

/** Long work as jobs (use-cases/jobs.ts): start an export, follow a job, download what it made. */
export function jobRoutes(app: PodiumApp, deps: AppDeps) {
  route(app, {
      method: 'post',
      path: `${base}/exports`,
      tags,
      ...signedInOnly,
      ...organiserAccess('read'),
      request: { params: CompetitionIdParam, body: jsonBody(ExportInput) },
      responses: { 202: ok('Job'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const { job } = await startExport(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json'));
      return c.json(await viewJob(deps, job), 202);
    },
  );

  route(app, {
      method: 'get',
      path: `${base}/jobs/{jobId}`,
      tags,
      ...signedInOnly,
      ...organiserAccess('read'),
      request: { params: JobIdParams },
      responses: { 200: ok('Job'), ...errors(400, 401, 403, 404) },
    },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await getJob(deps, c.get('identity'), p.competitionId, p.jobId), 200);
    },
  );

  route(app, {
      method: 'get',
      path: `${base}/jobs`,
      tags,
      ...signedInOnly,
      ...organiserAccess('read'),
      request: { params: CompetitionIdParam, query: PageQuery },
      responses: { 200: ok('JobPage'), ...errors(400, 401, 403, 404) },
    },
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      return c.json(await listJobs(deps, c.get('identity'), c.req.valid('param').competitionId, limit, cursor), 200);
    },
  );
}
