import { route } from '../route.ts';
import { dropReviewer, forbidPair, listReviewers, pinPair, startAssignment } from '../../use-cases/assignment.ts';
import { listConflicts } from '../../use-cases/conflict-list.ts';
import { readAssignmentPreview, startAssignmentPreview } from '../../use-cases/assignment-preview-job.ts';
import { viewJob } from '../../use-cases/jobs.ts';
import { getRanking } from '../../use-cases/ranking.ts';
import { listRoundReviews } from '../../use-cases/reviews.ts';
import { createRound, listRounds, updateRound } from '../../use-cases/rounds.ts';
import { excludeReview, requestExtraReview, restoreReview, roundSpreads } from '../../use-cases/moderation.ts';
import { getImpartialShortlist, getReviewerConsensus } from '../../use-cases/peer-selection.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { errors, jsonBody, noBody, ok, signedInOnly } from '../route-helpers.ts';
import { organiserAccess } from '../access-policy.ts';
import {
  CompetitionIdParam,
  ExclusionInput,
  ForbidInput,
  ListPageQuery,
  PairInput,
  RankingQuery,
  RoundIdParams,
  RoundJobParams,
  RoundInput,
  RoundReviewerParams,
  RoundReviewParams,
  RoundReviewsQuery,
  RoundSubmissionParams,
  RoundUpdate,
  SpreadQuery,
} from '../schemas.ts';

// Reviewers' own routes and the invitations are the reviewing area's (reviewing.ts).
const tags = ['reviews'];
const rounds = '/api/competitions/{competitionId}/rounds';

export function reviewRoutes(app: PodiumApp, deps: AppDeps) {
  route(app, { method: 'get', path: rounds, tags, ...signedInOnly, ...organiserAccess('read'), request: { params: CompetitionIdParam }, responses: { 200: ok('RoundList'), ...errors(401, 403, 404) } },
    async (c) => c.json({ items: await listRounds(deps, c.get('identity'), c.req.valid('param').competitionId) }, 200),
  );
  route(app, { method: 'post', path: rounds, tags, ...signedInOnly, ...organiserAccess('evaluate'), request: { params: CompetitionIdParam, body: jsonBody(RoundInput) }, responses: { 201: ok('Round'), ...errors(400, 401, 403, 404) } },
    async (c) => c.json(await createRound(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json')), 201),
  );
  route(app, { method: 'put', path: `${rounds}/{roundId}`, tags, ...signedInOnly, ...organiserAccess('evaluate'), request: { params: RoundIdParams, body: jsonBody(RoundUpdate) }, responses: { 200: ok('Round'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await updateRound(deps, c.get('identity'), p.competitionId, p.roundId, c.req.valid('json')), 200);
    },
  );
  route(app, { method: 'get', path: `${rounds}/{roundId}/conflicts`, tags, ...signedInOnly, ...organiserAccess('read'), request: { params: RoundIdParams, query: ListPageQuery }, responses: { 200: ok('ConflictList'), ...errors(400, 401, 403, 404) } },
    async (c) => {
      const p = c.req.valid('param');
      const q = c.req.valid('query');
      return c.json(await listConflicts(deps, c.get('identity'), p.competitionId, p.roundId, q.limit, q.cursor), 200);
    },
  );
  route(app, { method: 'get', path: `${rounds}/{roundId}/impartial-shortlist`, tags, ...signedInOnly, ...organiserAccess('read'), request: { params: RoundIdParams, query: ListPageQuery }, responses: { 200: ok('ImpartialShortlist'), ...errors(400, 401, 403, 404, 409, 422) } },
    async (c) => {
      const p = c.req.valid('param');
      const q = c.req.valid('query');
      return c.json(await getImpartialShortlist(deps, c.get('identity'), p.competitionId, p.roundId, q.limit, q.cursor), 200);
    },
  );
  route(app, { method: 'get', path: `${rounds}/{roundId}/reviewer-consensus`, tags, ...signedInOnly, ...organiserAccess('read'), request: { params: RoundIdParams, query: ListPageQuery }, responses: { 200: ok('ReviewerConsensusList'), ...errors(400, 401, 403, 404) } },
    async (c) => {
      const p = c.req.valid('param');
      const q = c.req.valid('query');
      return c.json(await getReviewerConsensus(deps, c.get('identity'), p.competitionId, p.roundId, q.limit, q.cursor), 200);
    },
  );
  route(app, { method: 'post', path: `${rounds}/{roundId}/conflicts`, tags, ...signedInOnly, ...organiserAccess('evaluate'), request: { params: RoundIdParams, body: jsonBody(ForbidInput) }, responses: { 204: noBody(), ...errors(400, 401, 403, 404) } },
    async (c) => {
      const p = c.req.valid('param');
      const b = c.req.valid('json');
      await forbidPair(deps, c.get('identity'), p.competitionId, p.roundId, b.submissionId, b.reviewerSub, b.reason);
      return c.body(null, 204);
    },
  );
  route(app, { method: 'post', path: `${rounds}/{roundId}/pins`, tags, ...signedInOnly, ...organiserAccess('evaluate'), request: { params: RoundIdParams, body: jsonBody(PairInput) }, responses: { 204: noBody(), ...errors(400, 401, 403, 404, 409, 422) } },
    async (c) => {
      const p = c.req.valid('param');
      const b = c.req.valid('json');
      await pinPair(deps, c.get('identity'), p.competitionId, p.roundId, b.submissionId, b.reviewerSub);
      return c.body(null, 204);
    },
  );
  route(app, { method: 'post', path: `${rounds}/{roundId}/assignment/preview`, tags, ...signedInOnly, ...organiserAccess('evaluate'), request: { params: RoundIdParams }, responses: { 202: ok('Job'), ...errors(401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      const { job } = await startAssignmentPreview(deps, c.get('identity'), p.competitionId, p.roundId);
      return c.json(await viewJob(deps, job), 202);
    },
  );
  route(app, { method: 'get', path: `${rounds}/{roundId}/assignment/preview/{jobId}`, tags, ...signedInOnly, ...organiserAccess('read'), request: { params: RoundJobParams, query: ListPageQuery }, responses: { 200: ok('AssignmentPreviewPage'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      const q = c.req.valid('query');
      return c.json(await readAssignmentPreview(deps, c.get('identity'), p.competitionId, p.roundId, p.jobId, q.limit, q.cursor), 200);
    },
  );
  route(app, { method: 'post', path: `${rounds}/{roundId}/assignment`, tags, ...signedInOnly, ...organiserAccess('evaluate'), request: { params: RoundIdParams }, responses: { 202: ok('Job'), ...errors(401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      const { job } = await startAssignment(deps, c.get('identity'), p.competitionId, p.roundId);
      return c.json(await viewJob(deps, job), 202);
    },
  );
  route(app, { method: 'get', path: `${rounds}/{roundId}/reviewers`, tags, ...signedInOnly, ...organiserAccess('read'), request: { params: RoundIdParams, query: ListPageQuery }, responses: { 200: ok('ReviewerList'), ...errors(400, 401, 403, 404) } },
    async (c) => {
      const p = c.req.valid('param');
      const q = c.req.valid('query');
      return c.json(await listReviewers(deps, c.get('identity'), p.competitionId, p.roundId, q.limit, q.cursor), 200);
    },
  );
  route(app, { method: 'post', path: `${rounds}/{roundId}/reviewers/{reviewerSub}/drop`, tags, ...signedInOnly, ...organiserAccess('evaluate'), request: { params: RoundReviewerParams }, responses: { 202: ok('Job'), ...errors(401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      const { job } = await dropReviewer(deps, c.get('identity'), p.competitionId, p.roundId, p.reviewerSub);
      return c.json(await viewJob(deps, job), 202);
    },
  );
  route(app, { method: 'get', path: `${rounds}/{roundId}/reviews`, tags, ...signedInOnly, ...organiserAccess('read'), request: { params: RoundIdParams, query: RoundReviewsQuery }, responses: { 200: ok('RoundReviewList'), ...errors(400, 401, 403, 404) } },
    async (c) => {
      const p = c.req.valid('param');
      const q = c.req.valid('query');
      return c.json(await listRoundReviews(deps, c.get('identity'), p.competitionId, p.roundId, q.limit, q.cursor, q.submissionId), 200);
    },
  );

  // Moderation (use-cases/moderation.ts): exclude and restore a review, the spread, an extra review.
  const oneReview = `${rounds}/{roundId}/reviews/{submissionId}/reviewers/{reviewerSub}/exclusion`;
  route(app, { method: 'put', path: oneReview, tags, ...signedInOnly, ...organiserAccess('evaluate'), request: { params: RoundReviewParams, body: jsonBody(ExclusionInput) }, responses: { 200: ok('ModeratedReview'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await excludeReview(deps, c.get('identity'), p.competitionId, p.roundId, p.submissionId, p.reviewerSub, c.req.valid('json')), 200);
    },
  );
  route(app, { method: 'delete', path: oneReview, tags, ...signedInOnly, ...organiserAccess('evaluate'), request: { params: RoundReviewParams }, responses: { 200: ok('ModeratedReview'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await restoreReview(deps, c.get('identity'), p.competitionId, p.roundId, p.submissionId, p.reviewerSub), 200);
    },
  );
  route(app, { method: 'get', path: `${rounds}/{roundId}/spread`, tags, ...signedInOnly, ...organiserAccess('read'), request: { params: RoundIdParams, query: SpreadQuery }, responses: { 200: ok('SpreadList'), ...errors(400, 401, 403, 404) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await roundSpreads(deps, c.get('identity'), p.competitionId, p.roundId, c.req.valid('query')), 200);
    },
  );
  route(app, { method: 'post', path: `${rounds}/{roundId}/submissions/{submissionId}/extra-review`, tags, ...signedInOnly, ...organiserAccess('evaluate'), request: { params: RoundSubmissionParams }, responses: { 201: ok('ExtraReview'), ...errors(401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await requestExtraReview(deps, c.get('identity'), p.competitionId, p.roundId, p.submissionId), 201);
    },
  );
  route(app, { method: 'get', path: '/api/competitions/{competitionId}/ranking', tags, ...signedInOnly, ...organiserAccess('read'), request: { params: CompetitionIdParam, query: RankingQuery }, responses: { 200: ok('Ranking'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => c.json(await getRanking(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('query')), 200),
  );
}
