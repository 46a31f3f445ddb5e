/**
 * Reviewing: investors and jury members invited by e-mail (the invitations, their links, accepting
 * one), and each reviewer's own queue and reviews (open, save, submit, declare a conflict). Its own
 * API area (`reviewing`: functions/app/api-area-of.ts), apart from the organisers' evaluation
 * (rounds, assignment, moderation, the ranking: reviews.ts), so the reviewers' many requests and
 * the invitations' e-mail run on a function that carries neither the ranking nor the solver.
 */
import { route } from '../route.ts';
import { declareConflict } from '../../use-cases/assignment.ts';
import { acceptInvitation, describeInvitation, inviteReviewers, listInvitations, resendInvitation, revokeInvitation } from '../../use-cases/invitations.ts';
import { myReviewQueue, openReview, saveReview, submitReview } from '../../use-cases/reviews.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { errors, jsonBody, noBody, ok, signedInOnly } from '../route-helpers.ts';
import { access, organiserAccess } from '../access-policy.ts';
import {
  AcceptInvitationInput,
  CompetitionIdParam,
  DeclareConflictInput,
  InvitationIdParams,
  InvitationParams,
  InviteInput,
  ListPageQuery,
  ReviewContentInput,
  RoundIdParams,
  RoundSubmissionParams,
  SubmitReviewInput,
} from '../schemas.ts';

const tags = ['reviewing'];
const rounds = '/api/competitions/{competitionId}/rounds';

export function reviewingRoutes(app: PodiumApp, deps: AppDeps) {
  route(app, { method: 'post', path: `${rounds}/{roundId}/invitations`, tags, ...signedInOnly, ...organiserAccess('evaluate'), request: { params: RoundIdParams, body: jsonBody(InviteInput) }, responses: { 201: ok('SentInvitations'), ...errors(400, 401, 403, 404, 422) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json({ items: await inviteReviewers(deps, c.get('identity'), p.competitionId, p.roundId, c.req.valid('json').emails, c.req.valid('json').language) }, 201);
    },
  );
  route(app, { method: 'get', path: '/api/competitions/{competitionId}/invitations', tags, ...signedInOnly, ...organiserAccess('read'), request: { params: CompetitionIdParam, query: ListPageQuery }, responses: { 200: ok('InvitationList'), ...errors(400, 401, 403, 404) } },
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await listInvitations(deps, c.get('identity'), c.req.valid('param').competitionId, q.limit, q.cursor), 200);
    },
  );
  // Resend and revoke (issue 13, H5).
  route(app, { method: 'post', path: '/api/competitions/{competitionId}/invitations/{invitationId}/resend', tags, ...signedInOnly, ...organiserAccess('evaluate'), request: { params: InvitationIdParams }, responses: { 200: ok('SentInvitation'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await resendInvitation(deps, c.get('identity'), p.competitionId, p.invitationId), 200);
    },
  );
  route(app, { method: 'delete', path: '/api/competitions/{competitionId}/invitations/{invitationId}', tags, ...signedInOnly, ...organiserAccess('evaluate'), request: { params: InvitationIdParams }, responses: { 200: ok('Invitation'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await revokeInvitation(deps, c.get('identity'), p.competitionId, p.invitationId), 200);
    },
  );
  route(app, { method: 'get', path: '/api/invitations/{competitionId}/{token}', tags, ...access('invitation-link'), request: { params: InvitationParams }, responses: { 200: ok('InvitationView'), ...errors(400, 404) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await describeInvitation(deps, p.competitionId, p.token), 200);
    },
  );
  route(app, { method: 'post', path: '/api/invitations/{competitionId}/{token}/accept', tags, ...signedInOnly, ...access('invitee'), request: { params: InvitationParams, body: jsonBody(AcceptInvitationInput) }, responses: { 200: ok('JoinedRound'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await acceptInvitation(deps, c.get('identity'), p.competitionId, p.token, c.req.valid('json').interests), 200);
    },
  );
  route(app, { method: 'get', path: '/api/me/reviews', tags, ...signedInOnly, ...access('signed-in'), responses: { 200: ok('ReviewQueue'), ...errors(401) } },
    async (c) => c.json({ items: await myReviewQueue(deps, c.get('identity')) }, 200),
  );
  route(app, { method: 'get', path: `${rounds}/{roundId}/reviews/{submissionId}`, tags, ...signedInOnly, ...access('assigned-reviewer'), request: { params: RoundSubmissionParams }, responses: { 200: ok('ReviewWorkspace'), ...errors(401, 404) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await openReview(deps, c.get('identity'), p.competitionId, p.roundId, p.submissionId), 200);
    },
  );
  route(app, { method: 'put', path: `${rounds}/{roundId}/reviews/{submissionId}`, tags, ...signedInOnly, ...access('assigned-reviewer'), request: { params: RoundSubmissionParams, body: jsonBody(ReviewContentInput) }, responses: { 200: ok('MyReview'), ...errors(400, 401, 404, 409, 422) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await saveReview(deps, c.get('identity'), p.competitionId, p.roundId, p.submissionId, c.req.valid('json')), 200);
    },
  );
  route(app, { method: 'post', path: `${rounds}/{roundId}/reviews/{submissionId}/submit`, tags, ...signedInOnly, ...access('assigned-reviewer'), request: { params: RoundSubmissionParams, body: jsonBody(SubmitReviewInput) }, responses: { 200: ok('MyReview'), ...errors(400, 401, 404, 409, 422) } },
    async (c) => {
      const p = c.req.valid('param');
      const b = c.req.valid('json');
      return c.json(await submitReview(deps, c.get('identity'), p.competitionId, p.roundId, p.submissionId, b.version, b.content), 200);
    },
  );
  route(app, { method: 'post', path: `${rounds}/{roundId}/reviews/{submissionId}/conflict`, tags, ...signedInOnly, ...access('assigned-reviewer'), request: { params: RoundSubmissionParams, body: jsonBody(DeclareConflictInput) }, responses: { 204: noBody(), ...errors(400, 401, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      await declareConflict(deps, c.get('identity'), p.competitionId, p.roundId, p.submissionId, c.req.valid('json').reason);
      return c.body(null, 204);
    },
  );
}
