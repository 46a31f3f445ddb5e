/**
 * GDPR (issue 14 §2; use-cases/personal-data.ts): the privacy notice and the records of processing,
 * the caller's consents, "your data" (a download as a job, erasure as a job), and a competition's
 * purposes, retention periods and erasure requests for its organisers. Tagged `privacy`: served by
 * the people area's function. Everything under /api/me acts on the caller only — no path names
 * another person, so nobody can export or erase someone else's data.
 */
import { route } from '../route.ts';
import { access, organiserAccess } from '../access-policy.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { errors, jsonBody, ok, optionalBearer, signedInOnly } from '../route-helpers.ts';
import { CompetitionIdParam, CompetitionPrivacyInput, PersonalDataExportInput, PrivacyAcceptInput, LanguageQuery } from '../schemas.ts';
import { negotiateLocale, type Locale } from '../../shared/i18n/locales.ts';
import {
  acceptPrivacyNotice,
  getCompetitionPrivacy,
  listPersonalDataJobs,
  listCompetitionErasures,
  myPrivacy,
  privacyNotice,
  recordsOfProcessing,
  requestErasure,
  startPersonalDataExport,
  updateCompetitionPrivacy,
} from '../../use-cases/personal-data.ts';

const tags = ['privacy'];

/** The language a privacy text is asked for in: `?language=`, else the best match of Accept-Language. */
const readerLanguage = (asked: Locale | undefined, acceptLanguage: string | undefined) => asked ?? negotiateLocale(acceptLanguage);

export function personalDataRoutes(app: PodiumApp, deps: AppDeps) {
  route(app, {
      method: 'get', path: '/api/privacy', tags,
      security: optionalBearer, ...access('public'),
      request: { query: LanguageQuery },
      responses: { 200: ok('PrivacyNotice'), ...errors(400) },
    },
    async (c) => c.json(await privacyNotice(readerLanguage(c.req.valid('query').language, c.req.header('accept-language'))), 200),
  );

  route(app, {
      method: 'get', path: '/api/records-of-processing', tags,
      security: optionalBearer, ...access('public'),
      request: { query: LanguageQuery },
      responses: { 200: ok('RecordsOfProcessing'), ...errors(400) },
    },
    async (c) => c.json(await recordsOfProcessing(readerLanguage(c.req.valid('query').language, c.req.header('accept-language'))), 200),
  );

  route(app, {
      method: 'get', path: '/api/me/privacy', tags,
      ...signedInOnly, ...access('signed-in'),
      responses: { 200: ok('MyPrivacy'), ...errors(401) },
    },
    async (c) => c.json(await myPrivacy(deps, c.get('identity')), 200),
  );

  route(app, {
      method: 'post', path: '/api/me/privacy/accept', tags,
      ...signedInOnly, ...access('signed-in'),
      request: { body: jsonBody(PrivacyAcceptInput) },
      responses: { 200: ok('MyPrivacy'), ...errors(400, 401, 422) },
    },
    async (c) => c.json(await acceptPrivacyNotice(deps, c.get('identity'), c.req.valid('json').noticeVersion), 200),
  );

  route(app, {
      method: 'post', path: '/api/me/data/exports', tags,
      ...signedInOnly, ...access('signed-in'),
      request: { body: jsonBody(PersonalDataExportInput) },
      responses: { 202: ok('PersonalDataJob'), ...errors(400, 401, 409) },
    },
    async (c) => c.json(await startPersonalDataExport(deps, c.get('identity'), c.req.valid('json').format), 202),
  );

  route(app, {
      method: 'get', path: '/api/me/data/jobs', tags,
      ...signedInOnly, ...access('signed-in'),
      responses: { 200: ok('PersonalDataJobList'), ...errors(401) },
    },
    async (c) => c.json(await listPersonalDataJobs(deps, c.get('identity')), 200),
  );

  route(app, {
      method: 'post', path: '/api/me/erasure', tags,
      ...signedInOnly, ...access('signed-in'),
      responses: { 202: ok('ErasureStarted'), ...errors(401, 409) },
    },
    async (c) => c.json(await requestErasure(deps, c.get('identity')), 202),
  );

  route(app, {
      method: 'get', path: '/api/competitions/{competitionId}/privacy', tags,
      security: optionalBearer, ...access('public'),
      request: { params: CompetitionIdParam },
      responses: { 200: ok('CompetitionPrivacy'), ...errors(400, 404) },
    },
    async (c) => c.json(await getCompetitionPrivacy(deps, c.get('identity'), c.req.valid('param').competitionId), 200),
  );

  route(app, {
      method: 'put', path: '/api/competitions/{competitionId}/privacy', tags,
      ...signedInOnly, ...organiserAccess('manage'),
      request: { params: CompetitionIdParam, body: jsonBody(CompetitionPrivacyInput) },
      responses: { 200: ok('CompetitionPrivacy'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => c.json(await updateCompetitionPrivacy(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json')), 200),
  );

  route(app, {
      method: 'get', path: '/api/competitions/{competitionId}/erasures', tags,
      ...signedInOnly, ...organiserAccess('read'),
      request: { params: CompetitionIdParam },
      responses: { 200: ok('CompetitionErasureList'), ...errors(400, 401, 403, 404) },
    },
    async (c) => c.json(await listCompetitionErasures(deps, c.get('identity'), c.req.valid('param').competitionId), 200),
  );
}
