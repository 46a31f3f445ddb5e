import { route } from '../route.ts';
import { listAuditTrail, getCompetition, listPublishedCompetitions } from '../../use-cases/read-competitions.ts';
import { createCompetition } from '../../use-cases/create-competition.ts';
import { saveContentTranslations } from '../../use-cases/content-translations.ts';
import { updateCompetition } from '../../use-cases/update-competition.ts';
import { archiveCompetition, closeCompetitionEarly, publishCompetition } from '../../use-cases/publish-competition.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { errors, jsonBody, ok, optionalBearer, signedInOnly } from '../route-helpers.ts';
import { access, organiserAccess } from '../access-policy.ts';
import {
  CompetitionIdParam,
  CompetitionInput,
  CompetitionUpdate,
  ContentTranslationsInput,
  AuditQuery,
  PageQuery,
  VersionInput,
} from '../schemas.ts';

const tags = ['competitions'];

export function competitionRoutes(app: PodiumApp, deps: AppDeps) {
  route(app, {
      method: 'get',
      path: '/api/competitions',
      tags,
      security: optionalBearer,
      ...access('public'),
      request: { query: PageQuery },
      responses: { 200: ok('CompetitionPage'), ...errors(400) },
    },
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      return c.json(await listPublishedCompetitions(deps, limit, cursor), 200);
    },
  );

  route(app, {
      method: 'post',
      path: '/api/competitions',
      tags,
      ...signedInOnly,
      ...access('organisers-group'),
      request: { body: jsonBody(CompetitionInput) },
      responses: { 201: ok('Competition'), ...errors(400, 401, 403) },
    },
    async (c) => c.json(await createCompetition(deps, c.get('identity'), c.req.valid('json')), 201),
  );

  route(app, {
      method: 'get',
      path: '/api/competitions/{competitionId}',
      tags,
      security: optionalBearer,
      ...access('public'),
      request: { params: CompetitionIdParam },
      responses: { 200: ok('Competition'), ...errors(400, 401, 404) },
    },
    async (c) => c.json(await getCompetition(deps, c.get('identity'), c.req.valid('param').competitionId), 200),
  );

  route(app, {
      method: 'put',
      path: '/api/competitions/{competitionId}',
      tags,
      ...signedInOnly,
      ...organiserAccess('manage'),
      request: { params: CompetitionIdParam, body: jsonBody(CompetitionUpdate) },
      responses: { 200: ok('Competition'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) =>
      c.json(await updateCompetition(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json')), 200),
  );

  route(app, {
      method: 'put',
      path: '/api/competitions/{competitionId}/translations',
      tags,
      ...signedInOnly,
      ...organiserAccess('manage'),
      request: { params: CompetitionIdParam, body: jsonBody(ContentTranslationsInput) },
      responses: { 200: ok('Competition'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => c.json(await saveContentTranslations(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json')), 200),
  );

  route(app, {
      method: 'post',
      path: '/api/competitions/{competitionId}/publish',
      tags,
      ...signedInOnly,
      ...organiserAccess('manage'),
      request: { params: CompetitionIdParam, body: jsonBody(VersionInput) },
      responses: { 200: ok('Competition'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) =>
      c.json(
        await publishCompetition(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json').version),
        200,
      ),
  );

  route(app, {
      method: 'post',
      path: '/api/competitions/{competitionId}/close',
      tags,
      ...signedInOnly,
      ...organiserAccess('manage'),
      request: { params: CompetitionIdParam, body: jsonBody(VersionInput) },
      responses: { 200: ok('Competition'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) =>
      c.json(
        await closeCompetitionEarly(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json').version),
        200,
      ),
  );

  route(app, {
      method: 'post',
      path: '/api/competitions/{competitionId}/archive',
      tags,
      ...signedInOnly,
      ...organiserAccess('manage'),
      request: { params: CompetitionIdParam, body: jsonBody(VersionInput) },
      responses: { 200: ok('Competition'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) =>
      c.json(
        await archiveCompetition(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json').version),
        200,
      ),
  );

  route(app, {
      method: 'get',
      path: '/api/competitions/{competitionId}/audit',
      tags,
      ...signedInOnly,
      ...organiserAccess('read'),
      request: { params: CompetitionIdParam, query: AuditQuery },
      responses: { 200: ok('AuditPage'), ...errors(400, 401, 403, 404) },
    },
    async (c) => {
      const { limit, cursor, ...filter } = c.req.valid('query');
      return c.json(await listAuditTrail(deps, c.get('identity'), c.req.valid('param').competitionId, limit, cursor, filter), 200);
    },
  );
}
