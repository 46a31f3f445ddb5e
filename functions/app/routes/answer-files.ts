/** Issue 14 §3: files that answer file questions — presigned upload, then the state and short-lived links. */
import { route } from '../route.ts';
import { listAnswerFiles, startAnswerFileUpload } from '../../use-cases/answer-files.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { errors, jsonBody, ok, signedInOnly } from '../route-helpers.ts';
import { access, organiserAccess } from '../access-policy.ts';
import { AnswerFileParams, StartAnswerFileInput, SubmissionIdParams } from '../schemas.ts';

const tags = ['answer-files'];
const base = '/api/competitions/{competitionId}/submissions/{submissionId}';

export function answerFileRoutes(app: PodiumApp, deps: AppDeps) {
  route(app, {
      method: 'post',
      path: `${base}/answers/{questionId}/file`,
      tags,
      ...signedInOnly,
      ...access('submission-owner'),
      request: { params: AnswerFileParams, body: jsonBody(StartAnswerFileInput) },
      responses: { 201: ok('AnswerFileUpload'), ...errors(400, 401, 403, 404, 409, 422) },
    },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await startAnswerFileUpload(deps, c.get('identity'), p.competitionId, p.submissionId, p.questionId, c.req.valid('json')), 201);
    },
  );

  route(app, {
      method: 'get',
      path: `${base}/files`,
      tags,
      ...signedInOnly,
      ...organiserAccess('read', 'submission-owner', 'team-member'),
      request: { params: SubmissionIdParams },
      responses: { 200: ok('AnswerFileList'), ...errors(400, 401, 403, 404) },
    },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await listAnswerFiles(deps, c.get('identity'), p.competitionId, p.submissionId), 200);
    },
  );
}
