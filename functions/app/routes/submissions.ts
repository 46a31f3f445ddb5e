import { route } from '../route.ts';
import { getMyRegistration, registerEntrant } from '../../use-cases/register-entrant.ts';
import { listCompetitionSubmissions } from '../../use-cases/list-submissions.ts';
import {
  createSubmission,
  getSubmission,
  submitSubmission,
  updateSubmission,
  withdrawSubmission,
} from '../../use-cases/submissions.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { errors, jsonBody, ok, signedInOnly } from '../route-helpers.ts';
import { access, organiserAccess } from '../access-policy.ts';
import {
  CompetitionIdParam,
  RegistrationInput,
  SubmissionContentInput,
  SubmissionIdParams,
  SubmissionListQuery,
  SubmissionUpdate,
  SubmitSubmissionInput,
  VersionInput,
} from '../schemas.ts';

const tags = ['submissions'];

export function submissionRoutes(app: PodiumApp, deps: AppDeps) {
  route(app, {
      method: 'post',
      path: '/api/competitions/{competitionId}/registration',
      tags,
      ...signedInOnly,
      ...access('signed-in'),
      request: { params: CompetitionIdParam, body: jsonBody(RegistrationInput) },
      responses: { 201: ok('Registration'), ...errors(400, 401, 404, 409, 422) },
    },
    async (c) =>
      c.json(await registerEntrant(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json')), 201),
  );

  route(app, {
      method: 'get',
      path: '/api/competitions/{competitionId}/registration',
      tags,
      ...signedInOnly,
      ...access('entrant', 'team-member'),
      request: { params: CompetitionIdParam },
      responses: { 200: ok('Registration'), ...errors(400, 401, 403, 404) },
    },
    async (c) => c.json(await getMyRegistration(deps, c.get('identity'), c.req.valid('param').competitionId), 200),
  );

  route(app, {
      method: 'post',
      path: '/api/competitions/{competitionId}/submissions',
      tags,
      ...signedInOnly,
      ...access('entrant', 'team-member'),
      request: { params: CompetitionIdParam, body: jsonBody(SubmissionContentInput) },
      responses: { 201: ok('Submission'), ...errors(400, 401, 403, 404, 409, 422) },
    },
    async (c) =>
      c.json(await createSubmission(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json')), 201),
  );

  route(app, {
      method: 'get',
      path: '/api/competitions/{competitionId}/submissions',
      tags,
      ...signedInOnly,
      ...organiserAccess('read'),
      request: { params: CompetitionIdParam, query: SubmissionListQuery },
      responses: { 200: ok('SubmissionPage'), ...errors(400, 401, 403, 404) },
    },
    async (c) => {
      const { limit, cursor, ...filter } = c.req.valid('query');
      const id = c.req.valid('param').competitionId;
      return c.json(await listCompetitionSubmissions(deps, c.get('identity'), id, filter, limit, cursor), 200);
    },
  );

  route(app, {
      method: 'get',
      path: '/api/competitions/{competitionId}/submissions/{submissionId}',
      tags,
      ...signedInOnly,
      ...organiserAccess('read', 'submission-owner', 'team-member'),
      request: { params: SubmissionIdParams },
      responses: { 200: ok('Submission'), ...errors(400, 401, 403, 404) },
    },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await getSubmission(deps, c.get('identity'), p.competitionId, p.submissionId), 200);
    },
  );

  route(app, {
      method: 'put',
      path: '/api/competitions/{competitionId}/submissions/{submissionId}',
      tags,
      ...signedInOnly,
      ...access('submission-owner'),
      request: { params: SubmissionIdParams, body: jsonBody(SubmissionUpdate) },
      responses: { 200: ok('Submission'), ...errors(400, 401, 403, 404, 409, 422) },
    },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await updateSubmission(deps, c.get('identity'), p.competitionId, p.submissionId, c.req.valid('json')), 200);
    },
  );

  route(app, {
      method: 'post',
      path: '/api/competitions/{competitionId}/submissions/{submissionId}/submit',
      tags,
      ...signedInOnly,
      ...access('submission-owner'),
      request: { params: SubmissionIdParams, body: jsonBody(SubmitSubmissionInput) },
      responses: { 200: ok('Submission'), ...errors(400, 401, 403, 404, 409, 422) },
    },
    async (c) => {
      const p = c.req.valid('param');
      const b = c.req.valid('json');
      return c.json(await submitSubmission(deps, c.get('identity'), p.competitionId, p.submissionId, b.version, b.content), 200);
    },
  );

  route(app, {
      method: 'post',
      path: '/api/competitions/{competitionId}/submissions/{submissionId}/withdraw',
      tags,
      ...signedInOnly,
      ...access('submission-owner'),
      request: { params: SubmissionIdParams, body: jsonBody(VersionInput) },
      responses: { 200: ok('Submission'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(
        await withdrawSubmission(deps, c.get('identity'), p.competitionId, p.submissionId, c.req.valid('json').version),
        200,
      );
    },
  );
}
