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
import { CompetitionIdParam, CompetitionPrivacyInput, PersonalDataExportInput, PrivacyAcceptInput } from '../schemas.ts';
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

export function personalDataRoutes(app: PodiumApp, deps: AppDeps) {
  route(app, {
      method: 'get', path: '/api/privacy', tags,
      summary: 'The platform’s privacy notice (versioned)',
      security: optionalBearer, ...access('public'),
      responses: { 200: ok('PrivacyNotice', 'The current notice'), ...errors(400) },
    },
    (c) => c.json(privacyNotice(), 200),
  );

  route(app, {
      method: 'get', path: '/api/records-of-processing', tags,
      summary: 'The records of processing: what the platform stores, why, how long, who sees it',
      security: optionalBearer, ...access('public'),
      responses: { 200: ok('RecordsOfProcessing', 'The records (versioned)'), ...errors(400) },
    },
    (c) => c.json(recordsOfProcessing(), 200),
  );

  route(app, {
      method: 'get', path: '/api/me/privacy', tags,
      summary: 'The notices I accepted (what, which version, when) and my erasure request',
      ...signedInOnly, ...access('signed-in'),
      responses: { 200: ok('MyPrivacy', 'My consents'), ...errors(401) },
    },
    async (c) => c.json(await myPrivacy(deps, c.get('identity')), 200),
  );

  route(app, {
      method: 'post', path: '/api/me/privacy/accept', tags,
      summary: 'Accept the platform’s privacy notice (at sign-up or first sign-in)',
      description: 'Names the version read; another than the current gets 422 CONSENT_VERSION. Accepting again keeps the first time.',
      ...signedInOnly, ...access('signed-in'),
      request: { body: jsonBody(PrivacyAcceptInput) },
      responses: { 200: ok('MyPrivacy', 'Recorded'), ...errors(400, 401, 422) },
    },
    async (c) => c.json(await acceptPrivacyNotice(deps, c.get('identity'), c.req.valid('json').noticeVersion), 200),
  );

  route(app, {
      method: 'post', path: '/api/me/data/exports', tags,
      summary: 'Prepare a download of everything Podium holds about me (JSON, or a zip of CSV files)',
      description: 'Answers a job at once (202); follow it at GET /api/me/data/jobs, whose `downloadUrl` works for 5 minutes once it succeeded. The same request while one is being prepared returns that one.',
      ...signedInOnly, ...access('signed-in'),
      request: { body: jsonBody(PersonalDataExportInput) },
      responses: { 202: ok('PersonalDataJob', 'Being prepared'), ...errors(400, 401, 409) },
    },
    async (c) => c.json(await startPersonalDataExport(deps, c.get('identity'), c.req.valid('json').format), 202),
  );

  route(app, {
      method: 'get', path: '/api/me/data/jobs', tags,
      summary: 'My personal-data jobs (downloads and erasures), newest first: progress, and the download link once done',
      ...signedInOnly, ...access('signed-in'),
      responses: { 200: ok('PersonalDataJobList', 'My jobs'), ...errors(401) },
    },
    async (c) => c.json(await listPersonalDataJobs(deps, c.get('identity')), 200),
  );

  route(app, {
      method: 'post', path: '/api/me/erasure', tags,
      summary: 'Erase my personal data (pseudonymised; what a funder obliges the organiser to keep is kept until its retention ends)',
      description:
        'Records the request (each competition’s organisers see it) and starts the erasure job (202). Names, addresses, the registry id and the texts I wrote are replaced by a stable pseudonym everywhere — registrations, submissions, reviews, team membership, e-mails, the audit trail — so scores, awards and the published results package still verify. In a competition where my organisation was awarded, its data is kept until the awarded retention period ends, and the outcome says so. Asking again while one is under way returns it.',
      ...signedInOnly, ...access('signed-in'),
      responses: { 202: ok('ErasureStarted', 'Erasure under way'), ...errors(401, 409) },
    },
    async (c) => c.json(await requestErasure(deps, c.get('identity')), 202),
  );

  route(app, {
      method: 'get', path: '/api/competitions/{competitionId}/privacy', tags,
      summary: 'A competition’s privacy purposes (added to the notice) and its retention periods',
      security: optionalBearer, ...access('public'),
      request: { params: CompetitionIdParam },
      responses: { 200: ok('CompetitionPrivacy', 'Purposes and retention'), ...errors(400, 404) },
    },
    async (c) => c.json(await getCompetitionPrivacy(deps, c.get('identity'), c.req.valid('param').competitionId), 200),
  );

  route(app, {
      method: 'put', path: '/api/competitions/{competitionId}/privacy', tags,
      summary: 'Set a competition’s privacy purposes and retention periods (audited)',
      description: 'Changed purposes get a new version: registrations must accept it. Retention: years after the results (awarded organisations; the others) and days of notice before the scheduler erases the others’ data.',
      ...signedInOnly, ...organiserAccess('manage'),
      request: { params: CompetitionIdParam, body: jsonBody(CompetitionPrivacyInput) },
      responses: { 200: ok('CompetitionPrivacy', 'Saved'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => c.json(await updateCompetitionPrivacy(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json')), 200),
  );

  route(app, {
      method: 'get', path: '/api/competitions/{competitionId}/erasures', tags,
      summary: 'Erasure requests concerning a competition: whose (by pseudonym), what was erased, what is kept and why',
      ...signedInOnly, ...organiserAccess('read'),
      request: { params: CompetitionIdParam },
      responses: { 200: ok('CompetitionErasureList', 'The requests, newest first'), ...errors(400, 401, 403, 404) },
    },
    async (c) => c.json(await listCompetitionErasures(deps, c.get('identity'), c.req.valid('param').competitionId), 200),
  );
}
