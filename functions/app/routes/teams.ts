/**
 * Entrant teams with their own logins (issue 13 §3; use-cases/teams.ts). Every route acts on the
 * caller's own team in the competition — there is no team id in the path, so nobody can name
 * another team's — except the invitation link's, where the token names it and only the person it
 * was sent to (signed in with that verified address) may read or accept it.
 */
import { route } from '../route.ts';
import {
  acceptTeamInvitation,
  describeTeamInvitation,
  getMyTeam,
  inviteTeamMember,
  leaveTeam,
  removeTeamMember,
  resendTeamInvitation,
  revokeTeamInvitation,
  transferTeamOwnership,
} from '../../use-cases/teams.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { errors, jsonBody, noBody, ok, signedInOnly } from '../route-helpers.ts';
import { access } from '../access-policy.ts';
import { CompetitionIdParam, TeamInvitationIdParams, TeamInvitationParams, TeamInviteInput, TeamMemberParams, TeamTransferInput } from '../schemas.ts';

const tags = ['teams'];
const team = '/api/competitions/{competitionId}/team';

export function teamRoutes(app: PodiumApp, deps: AppDeps) {
  route(app, {
      method: 'get',
      path: team,
      tags,
      ...signedInOnly,
      ...access('entrant', 'team-member'),
      request: { params: CompetitionIdParam },
      responses: { 200: ok('TeamView'), ...errors(400, 401, 404) },
    },
    async (c) => c.json(await getMyTeam(deps, c.get('identity'), c.req.valid('param').competitionId), 200),
  );

  route(app, {
      method: 'post',
      path: `${team}/invitations`,
      tags,
      ...signedInOnly,
      ...access('entrant'),
      request: { params: CompetitionIdParam, body: jsonBody(TeamInviteInput) },
      responses: { 201: ok('TeamInvitationSent'), ...errors(400, 401, 403, 404, 409, 422) },
    },
    async (c) => c.json(await inviteTeamMember(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json')), 201),
  );

  route(app, {
      method: 'post',
      path: `${team}/invitations/{invitationId}/resend`,
      tags,
      ...signedInOnly,
      ...access('entrant'),
      request: { params: TeamInvitationIdParams },
      responses: { 200: ok('TeamInvitationSent'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await resendTeamInvitation(deps, c.get('identity'), p.competitionId, p.invitationId), 200);
    },
  );

  route(app, {
      method: 'delete',
      path: `${team}/invitations/{invitationId}`,
      tags,
      ...signedInOnly,
      ...access('entrant'),
      request: { params: TeamInvitationIdParams },
      responses: { 204: noBody(), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const p = c.req.valid('param');
      await revokeTeamInvitation(deps, c.get('identity'), p.competitionId, p.invitationId);
      return c.body(null, 204);
    },
  );

  route(app, {
      method: 'post',
      path: `${team}/transfer`,
      tags,
      ...signedInOnly,
      ...access('entrant'),
      request: { params: CompetitionIdParam, body: jsonBody(TeamTransferInput) },
      responses: { 200: ok('TeamView'), ...errors(400, 401, 403, 404, 409, 422) },
    },
    async (c) => c.json(await transferTeamOwnership(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json').memberSub), 200),
  );

  route(app, {
      method: 'post',
      path: `${team}/leave`,
      tags,
      ...signedInOnly,
      ...access('entrant', 'team-member'),
      request: { params: CompetitionIdParam },
      responses: { 204: noBody(), ...errors(400, 401, 404, 409) },
    },
    async (c) => {
      await leaveTeam(deps, c.get('identity'), c.req.valid('param').competitionId);
      return c.body(null, 204);
    },
  );

  route(app, {
      method: 'delete',
      path: `${team}/members/{memberSub}`,
      tags,
      ...signedInOnly,
      ...access('entrant'),
      request: { params: TeamMemberParams },
      responses: { 204: noBody(), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const p = c.req.valid('param');
      await removeTeamMember(deps, c.get('identity'), p.competitionId, p.memberSub);
      return c.body(null, 204);
    },
  );

  route(app, {
      method: 'get',
      path: '/api/team-invitations/{competitionId}/{token}',
      tags,
      ...signedInOnly,
      ...access('invitee'),
      request: { params: TeamInvitationParams },
      responses: { 200: ok('TeamInvitationDescription'), ...errors(400, 401, 403, 404) },
    },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await describeTeamInvitation(deps, c.get('identity'), p.competitionId, p.token), 200);
    },
  );

  route(app, {
      method: 'post',
      path: '/api/team-invitations/{competitionId}/{token}/accept',
      tags,
      ...signedInOnly,
      ...access('invitee'),
      request: { params: TeamInvitationParams },
      responses: { 200: ok('TeamJoined'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await acceptTeamInvitation(deps, c.get('identity'), p.competitionId, p.token), 200);
    },
  );
}
