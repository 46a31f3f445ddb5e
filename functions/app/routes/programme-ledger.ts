/**
 * The programme's cross-call ledger (H3, issue 13 §2): limits, non-SME spending, the dashboard, its
 * recipients a page at a time, and the CSV exports for the funder. Mounted by programmeRoutes
 * (routes/programmes.ts), tag `programmes`. Use cases: use-cases/programme-ledger.ts and
 * programme-dashboard.ts.
 */
import { route } from '../route.ts';
import { access } from '../access-policy.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { errors, jsonBody, noBody, ok, signedInOnly } from '../route-helpers.ts';
import { ListPageQuery, ProgrammeExportInput, ProgrammeIdParam, ProgrammeJobParams, ProgrammeLimitsInput, ProgrammeSpendingParams, SpendingInput, SpendingUpdate, VersionQuery } from '../schemas.ts';
import { addSpending, getProgrammeLimits, listSpending, removeSpending, saveProgrammeLimits, updateSpending } from '../../use-cases/programme-ledger.ts';
import { getProgrammeJob, programmeDashboard, programmeRecipients, startProgrammeExport } from '../../use-cases/programme-dashboard.ts';

const tags = ['programmes'];
const p = '/api/programmes/{programmeId}';

export function programmeLedgerRoutes(app: PodiumApp, deps: AppDeps) {
  route(app, {
      method: 'get', path: `${p}/dashboard`, tags, ...signedInOnly, ...access('programme-member'),
      request: { params: ProgrammeIdParam },
      responses: { 200: ok('ProgrammeDashboard'), ...errors(400, 401, 404) },
    },
    async (c) => c.json(await programmeDashboard(deps, c.get('identity'), c.req.valid('param').programmeId), 200),
  );
  route(app, {
      method: 'get', path: `${p}/recipients`, tags, ...signedInOnly, ...access('programme-member'),
      request: { params: ProgrammeIdParam, query: ListPageQuery },
      responses: { 200: ok('ProgrammeRecipientPage'), ...errors(400, 401, 404) },
    },
    async (c) => {
      const { programmeId } = c.req.valid('param');
      const q = c.req.valid('query');
      return c.json(await programmeRecipients(deps, c.get('identity'), programmeId, q.limit, q.cursor), 200);
    },
  );
  route(app, {
      method: 'get', path: `${p}/limits`, tags, ...signedInOnly, ...access('programme-member'),
      request: { params: ProgrammeIdParam },
      responses: { 200: ok('ProgrammeLimits'), ...errors(400, 401, 404) },
    },
    async (c) => c.json(await getProgrammeLimits(deps, c.get('identity'), c.req.valid('param').programmeId), 200),
  );
  route(app, {
      method: 'put', path: `${p}/limits`, tags, ...signedInOnly, ...access('programme-coordinator'),
      request: { params: ProgrammeIdParam, body: jsonBody(ProgrammeLimitsInput) },
      responses: { 200: ok('ProgrammeLimits'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => c.json(await saveProgrammeLimits(deps, c.get('identity'), c.req.valid('param').programmeId, c.req.valid('json')), 200),
  );
  route(app, {
      method: 'get', path: `${p}/spending`, tags, ...signedInOnly, ...access('programme-member'),
      request: { params: ProgrammeIdParam },
      responses: { 200: ok('SpendingList'), ...errors(400, 401, 404) },
    },
    async (c) => c.json(await listSpending(deps, c.get('identity'), c.req.valid('param').programmeId), 200),
  );
  route(app, {
      method: 'post', path: `${p}/spending`, tags, ...signedInOnly, ...access('programme-coordinator'),
      request: { params: ProgrammeIdParam, body: jsonBody(SpendingInput) },
      responses: { 201: ok('SpendingLine'), ...errors(400, 401, 403, 404) },
    },
    async (c) => c.json(await addSpending(deps, c.get('identity'), c.req.valid('param').programmeId, c.req.valid('json')), 201),
  );
  route(app, {
      method: 'put', path: `${p}/spending/{spendingId}`, tags, ...signedInOnly, ...access('programme-coordinator'),
      request: { params: ProgrammeSpendingParams, body: jsonBody(SpendingUpdate) },
      responses: { 200: ok('SpendingLine'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const q = c.req.valid('param');
      return c.json(await updateSpending(deps, c.get('identity'), q.programmeId, q.spendingId, c.req.valid('json')), 200);
    },
  );
  route(app, {
      method: 'delete', path: `${p}/spending/{spendingId}`, tags, ...signedInOnly, ...access('programme-coordinator'),
      request: { params: ProgrammeSpendingParams, query: VersionQuery },
      responses: { 204: noBody(), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const q = c.req.valid('param');
      await removeSpending(deps, c.get('identity'), q.programmeId, q.spendingId, c.req.valid('query').version);
      return c.body(null, 204);
    },
  );
  route(app, {
      method: 'post', path: `${p}/exports`, tags, ...signedInOnly, ...access('programme-member'),
      request: { params: ProgrammeIdParam, body: jsonBody(ProgrammeExportInput) },
      responses: { 202: ok('ProgrammeJob'), ...errors(400, 401, 404, 409) },
    },
    async (c) => c.json((await startProgrammeExport(deps, c.get('identity'), c.req.valid('param').programmeId, c.req.valid('json').file)).job, 202),
  );
  route(app, {
      method: 'get', path: `${p}/jobs/{jobId}`, tags, ...signedInOnly, ...access('programme-member'),
      request: { params: ProgrammeJobParams },
      responses: { 200: ok('ProgrammeJob'), ...errors(400, 401, 404) },
    },
    async (c) => {
      const q = c.req.valid('param');
      return c.json(await getProgrammeJob(deps, c.get('identity'), q.programmeId, q.jobId), 200);
    },
  );
}
