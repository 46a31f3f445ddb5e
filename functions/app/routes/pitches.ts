import { route } from '../route.ts';
import { getPitchStatus } from '../../use-cases/pitch-playback.ts';
import {
  abortPitchUpload,
  completePitchUpload,
  getPitchUpload,
  recordPitchPart,
  startPitchUpload,
} from '../../use-cases/pitch-uploads.ts';
import { completeCaptionUpload, deleteCaption, startCaptionUpload } from '../../use-cases/pitch-captions.ts';
import { automaticCaptionsAvailability, startAutomaticCaptions } from '../../use-cases/media-jobs.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { errors, jsonBody, noBody, ok, signedInOnly } from '../route-helpers.ts';
import { access, organiserAccess } from '../access-policy.ts';
import {
  AutomaticCaptionsInput,
  CaptionLanguageParams,
  CompetitionIdParam,
  CompleteCaptionInput,
  StartCaptionUploadInput,
  PartInput,
  PartParams,
  StartUploadInput,
  SubmissionIdParams,
  UploadParams,
} from '../schemas.ts';

const tags = ['pitches'];
const base = '/api/competitions/{competitionId}/submissions/{submissionId}/pitch';

export function pitchRoutes(app: PodiumApp, deps: AppDeps) {
  route(app, {
      method: 'get',
      path: base,
      tags,
      ...signedInOnly,
      ...organiserAccess('read', 'submission-owner', 'team-member', 'assigned-reviewer'),
      request: { params: SubmissionIdParams },
      responses: { 200: ok('PitchStatus'), ...errors(400, 401, 403, 404) },
    },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await getPitchStatus(deps, c.get('identity'), p.competitionId, p.submissionId), 200);
    },
  );

  route(app, {
      method: 'post',
      path: `${base}/uploads`,
      tags,
      ...signedInOnly,
      ...access('submission-owner'),
      request: { params: SubmissionIdParams, body: jsonBody(StartUploadInput) },
      responses: { 201: ok('Upload'), ...errors(400, 401, 403, 404, 409, 422) },
    },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await startPitchUpload(deps, c.get('identity'), p.competitionId, p.submissionId, c.req.valid('json')), 201);
    },
  );

  route(app, {
      method: 'get',
      path: `${base}/uploads/{uploadId}`,
      tags,
      ...signedInOnly,
      ...access('submission-owner'),
      request: { params: UploadParams },
      responses: { 200: ok('Upload'), ...errors(400, 401, 403, 404) },
    },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await getPitchUpload(deps, c.get('identity'), p.competitionId, p.submissionId, p.uploadId), 200);
    },
  );

  route(app, {
      method: 'put',
      path: `${base}/uploads/{uploadId}/parts/{partNumber}`,
      tags,
      ...signedInOnly,
      ...access('submission-owner'),
      request: { params: PartParams, body: jsonBody(PartInput) },
      responses: { 204: noBody(), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const p = c.req.valid('param');
      await recordPitchPart(deps, c.get('identity'), p.competitionId, p.submissionId, p.uploadId, p.partNumber, c.req.valid('json').etag);
      return c.body(null, 204);
    },
  );

  route(app, {
      method: 'post',
      path: `${base}/uploads/{uploadId}/complete`,
      tags,
      ...signedInOnly,
      ...access('submission-owner'),
      request: { params: UploadParams },
      responses: { 200: ok('Upload'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await completePitchUpload(deps, c.get('identity'), p.competitionId, p.submissionId, p.uploadId), 200);
    },
  );

  route(app, {
      method: 'delete',
      path: `${base}/uploads/{uploadId}`,
      tags,
      ...signedInOnly,
      ...access('submission-owner'),
      request: { params: UploadParams },
      responses: { 200: ok('Upload'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await abortPitchUpload(deps, c.get('identity'), p.competitionId, p.submissionId, p.uploadId), 200);
    },
  );

  // Captions (issue 14 §4): WebVTT or SRT, one file per language, checked and converted on arrival.
  route(app, {
      method: 'post',
      path: `${base}/captions/uploads`,
      tags,
      ...signedInOnly,
      ...access('submission-owner'),
      request: { params: SubmissionIdParams, body: jsonBody(StartCaptionUploadInput) },
      responses: { 201: ok('CaptionUpload'), ...errors(400, 401, 403, 404, 409, 422) },
    },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await startCaptionUpload(deps, c.get('identity'), p.competitionId, p.submissionId, c.req.valid('json')), 201);
    },
  );

  route(app, {
      method: 'post',
      path: `${base}/captions/uploads/{uploadId}/complete`,
      tags,
      ...signedInOnly,
      ...access('submission-owner'),
      request: { params: UploadParams, body: jsonBody(CompleteCaptionInput) },
      responses: { 200: ok('Caption'), ...errors(400, 401, 403, 404, 409, 422) },
    },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await completeCaptionUpload(deps, c.get('identity'), p.competitionId, p.submissionId, p.uploadId, c.req.valid('json')), 200);
    },
  );

  // Issue 14 §4: automatic captions (Amazon Transcribe), where the deployment has them.
  route(app, {
      method: 'get',
      path: '/api/competitions/{competitionId}/pitches/automatic-captions',
      tags,
      ...signedInOnly,
      ...organiserAccess('read'),
      request: { params: CompetitionIdParam },
      responses: { 200: ok('AutomaticCaptionsAvailability'), ...errors(400, 401, 403, 404) },
    },
    async (c) => c.json(await automaticCaptionsAvailability(deps, c.get('identity'), c.req.valid('param').competitionId), 200),
  );

  route(app, {
      method: 'post',
      path: '/api/competitions/{competitionId}/pitches/automatic-captions',
      tags,
      ...signedInOnly,
      ...organiserAccess('manage'),
      request: { params: CompetitionIdParam, body: jsonBody(AutomaticCaptionsInput) },
      responses: { 202: ok('Job'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => c.json(await startAutomaticCaptions(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json')), 202),
  );

  route(app, {
      method: 'delete',
      path: `${base}/captions/{language}`,
      tags,
      ...signedInOnly,
      ...access('submission-owner'),
      request: { params: CaptionLanguageParams },
      responses: { 204: noBody(), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const p = c.req.valid('param');
      await deleteCaption(deps, c.get('identity'), p.competitionId, p.submissionId, p.language);
      return c.body(null, 204);
    },
  );
}
