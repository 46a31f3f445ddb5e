/**
 * Programmes: a consortium's calls under one budget, its partners and people in programme roles,
 * the cross-call ledger's dashboard. Tagged `programmes`: served by the core area's function.
 * Use cases: use-cases/programmes.ts.
 */
import { route } from '../route.ts';
import { access, organiserAccess } from '../access-policy.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { errors, jsonBody, noBody, ok, signedInOnly } from '../route-helpers.ts';
import {
  AttachCallInput,
  AuditQuery,
  CompetitionIdParam,
  CompetitionInput,
  CompetitionOrganiserParams,
  ListPageQuery,
  OrganiserInvitationIdParams,
  OrganiserInviteInput,
  InvitationParams,
  ProgrammeCallOrganiserParams,
  ProgrammeCallParams,
  ProgrammeIdParam,
  ProgrammeInput,
  ProgrammeInvitationIdParams,
  ProgrammeInvitationParams,
  ProgrammeInviteInput,
  ProgrammePersonParams,
  ProgrammeRoleInput,
  ProgrammeUpdate,
} from '../schemas.ts';
import * as programmes from '../../use-cases/programmes.ts';
import { programmeLedgerRoutes } from './programme-ledger.ts'; // H3

export const tags = ['programmes'];

const p = '/api/programmes/{programmeId}';

export function programmeRoutes(app: PodiumApp, deps: AppDeps) {
  // ——— H1: programmes, people, invitations, calls, co-organisers ———
  route(app, {
      method: 'get', path: '/api/programmes', tags, ...signedInOnly, ...access('signed-in'),
      responses: { 200: ok('ProgrammeList'), ...errors(401) },
    },
    async (c) => c.json({ items: await programmes.listMyProgrammes(deps, c.get('identity')) }, 200),
  );
  route(app, {
      method: 'post', path: '/api/programmes', tags, ...signedInOnly, ...access('organisers-group'),
      request: { body: jsonBody(ProgrammeInput) },
      responses: { 201: ok('Programme'), ...errors(400, 401, 403) },
    },
    async (c) => c.json(await programmes.createProgramme(deps, c.get('identity'), c.req.valid('json')), 201),
  );
  route(app, {
      method: 'get', path: p, tags, ...signedInOnly, ...access('programme-member'),
      request: { params: ProgrammeIdParam },
      responses: { 200: ok('Programme'), ...errors(400, 401, 404) },
    },
    async (c) => c.json(await programmes.getProgramme(deps, c.get('identity'), c.req.valid('param').programmeId), 200),
  );
  route(app, {
      method: 'put', path: p, tags, ...signedInOnly, ...access('programme-coordinator'),
      request: { params: ProgrammeIdParam, body: jsonBody(ProgrammeUpdate) },
      responses: { 200: ok('Programme'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => c.json(await programmes.updateProgramme(deps, c.get('identity'), c.req.valid('param').programmeId, c.req.valid('json')), 200),
  );

  route(app, {
      method: 'get', path: `${p}/people`, tags, ...signedInOnly, ...access('programme-member'),
      request: { params: ProgrammeIdParam, query: ListPageQuery },
      responses: { 200: ok('ProgrammePeople'), ...errors(400, 401, 404) },
    },
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await programmes.listPeople(deps, c.get('identity'), c.req.valid('param').programmeId, q.limit, q.cursor), 200);
    },
  );
  route(app, {
      method: 'put', path: `${p}/people/{userSub}`, tags, ...signedInOnly, ...access('programme-coordinator'),
      request: { params: ProgrammePersonParams, body: jsonBody(ProgrammeRoleInput) },
      responses: { 200: ok('ProgrammePerson'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const q = c.req.valid('param');
      return c.json(await programmes.changeRole(deps, c.get('identity'), q.programmeId, q.userSub, c.req.valid('json')), 200);
    },
  );
  route(app, {
      method: 'delete', path: `${p}/people/{userSub}`, tags, ...signedInOnly, ...access('programme-coordinator'),
      request: { params: ProgrammePersonParams },
      responses: { 204: noBody(), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const q = c.req.valid('param');
      await programmes.removePerson(deps, c.get('identity'), q.programmeId, q.userSub);
      return c.body(null, 204);
    },
  );
  route(app, {
      method: 'post', path: `${p}/leave`, tags, ...signedInOnly, ...access('programme-member'),
      request: { params: ProgrammeIdParam },
      responses: { 204: noBody(), ...errors(400, 401, 404, 409) },
    },
    async (c) => {
      await programmes.leaveProgramme(deps, c.get('identity'), c.req.valid('param').programmeId);
      return c.body(null, 204);
    },
  );

  route(app, {
      method: 'post', path: `${p}/invitations`, tags, ...signedInOnly, ...access('programme-coordinator'),
      request: { params: ProgrammeIdParam, body: jsonBody(ProgrammeInviteInput) },
      responses: { 201: ok('SentProgrammeInvitation'), ...errors(400, 401, 403, 404) },
    },
    async (c) => c.json(await programmes.invitePerson(deps, c.get('identity'), c.req.valid('param').programmeId, c.req.valid('json')), 201),
  );
  route(app, {
      method: 'get', path: `${p}/invitations`, tags, ...signedInOnly, ...access('programme-coordinator'),
      request: { params: ProgrammeIdParam, query: ListPageQuery },
      responses: { 200: ok('ProgrammeInvitationList'), ...errors(400, 401, 403, 404) },
    },
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await programmes.listProgrammeInvitations(deps, c.get('identity'), c.req.valid('param').programmeId, q.limit, q.cursor), 200);
    },
  );
  route(app, {
      method: 'post', path: `${p}/invitations/{invitationId}/resend`, tags, ...signedInOnly, ...access('programme-coordinator'),
      request: { params: ProgrammeInvitationIdParams },
      responses: { 201: ok('SentProgrammeInvitation'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const q = c.req.valid('param');
      return c.json(await programmes.resendProgrammeInvitation(deps, c.get('identity'), q.programmeId, q.invitationId), 201);
    },
  );
  route(app, {
      method: 'delete', path: `${p}/invitations/{invitationId}`, tags, ...signedInOnly, ...access('programme-coordinator'),
      request: { params: ProgrammeInvitationIdParams },
      responses: { 204: noBody(), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const q = c.req.valid('param');
      await programmes.revokeProgrammeInvitation(deps, c.get('identity'), q.programmeId, q.invitationId);
      return c.body(null, 204);
    },
  );
  route(app, {
      method: 'get', path: '/api/programme-invitations/{programmeId}/{token}', tags, ...access('invitation-link'),
      request: { params: ProgrammeInvitationParams },
      responses: { 200: ok('ProgrammeInvitationView'), ...errors(400, 404) },
    },
    async (c) => {
      const q = c.req.valid('param');
      return c.json(await programmes.describeProgrammeInvitation(deps, q.programmeId, q.token), 200);
    },
  );
  route(app, {
      method: 'post', path: '/api/programme-invitations/{programmeId}/{token}/accept', tags, ...signedInOnly, ...access('invitee'),
      request: { params: ProgrammeInvitationParams },
      responses: { 200: ok('JoinedProgramme'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const q = c.req.valid('param');
      return c.json(await programmes.acceptProgrammeInvitation(deps, c.get('identity'), q.programmeId, q.token), 200);
    },
  );
  route(app, {
      method: 'get', path: `${p}/outbox`, tags, ...signedInOnly, ...access('programme-coordinator'),
      request: { params: ProgrammeIdParam },
      responses: { 200: ok('Outbox'), ...errors(400, 401, 403, 404) },
    },
    async (c) => c.json({ items: await programmes.readProgrammeOutbox(deps, c.get('identity'), c.req.valid('param').programmeId) }, 200),
  );
  route(app, {
      method: 'get', path: `${p}/audit`, tags, ...signedInOnly, ...access('programme-coordinator'),
      request: { params: ProgrammeIdParam, query: AuditQuery },
      responses: { 200: ok('AuditPage'), ...errors(400, 401, 403, 404) },
    },
    async (c) => {
      const { limit, cursor, ...filter } = c.req.valid('query');
      return c.json(await programmes.listProgrammeAudit(deps, c.get('identity'), c.req.valid('param').programmeId, limit, cursor, filter), 200);
    },
  );

  route(app, {
      method: 'get', path: `${p}/calls`, tags, ...signedInOnly, ...access('programme-member'),
      request: { params: ProgrammeIdParam },
      responses: { 200: ok('ProgrammeCallList'), ...errors(400, 401, 404) },
    },
    async (c) => c.json({ items: await programmes.listCalls(deps, c.get('identity'), c.req.valid('param').programmeId) }, 200),
  );
  route(app, {
      method: 'post', path: `${p}/calls`, tags, ...signedInOnly, ...access('programme-coordinator', 'programme-partner-organiser'),
      request: { params: ProgrammeIdParam, body: jsonBody(CompetitionInput) },
      responses: { 201: ok('Competition'), ...errors(400, 401, 403, 404) },
    },
    async (c) => c.json(await programmes.createCall(deps, c.get('identity'), c.req.valid('param').programmeId, c.req.valid('json')), 201),
  );
  route(app, {
      method: 'put', path: `${p}/calls/{competitionId}`, tags, ...signedInOnly, ...access('programme-coordinator'),
      request: { params: ProgrammeCallParams, body: jsonBody(AttachCallInput) },
      responses: { 200: ok('ProgrammeCall'), ...errors(400, 401, 403, 404, 409, 422) },
    },
    async (c) => {
      const q = c.req.valid('param');
      return c.json(await programmes.attachCall(deps, c.get('identity'), q.programmeId, q.competitionId, c.req.valid('json')), 200);
    },
  );
  route(app, {
      method: 'put', path: `${p}/calls/{competitionId}/organisers/{userSub}`, tags, ...signedInOnly, ...access('programme-coordinator'),
      request: { params: ProgrammeCallOrganiserParams },
      responses: { 200: ok('Organisers'), ...errors(400, 401, 403, 404) },
    },
    async (c) => {
      const q = c.req.valid('param');
      return c.json(await programmes.assignCallOrganiser(deps, c.get('identity'), q.programmeId, q.competitionId, q.userSub), 200);
    },
  );

  // Co-organisers of one competition (a programme of one).
  const co = '/api/competitions/{competitionId}';
  route(app, {
      method: 'get', path: `${co}/organisers`, tags, ...signedInOnly, ...organiserAccess('read'),
      request: { params: CompetitionIdParam },
      responses: { 200: ok('Organisers'), ...errors(400, 401, 403, 404) },
    },
    async (c) => c.json(await programmes.listOrganisers(deps, c.get('identity'), c.req.valid('param').competitionId), 200),
  );
  route(app, {
      method: 'delete', path: `${co}/organisers/{userSub}`, tags, ...signedInOnly, ...organiserAccess('manage'),
      request: { params: CompetitionOrganiserParams },
      responses: { 200: ok('Organisers'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const q = c.req.valid('param');
      return c.json(await programmes.removeOrganiser(deps, c.get('identity'), q.competitionId, q.userSub), 200);
    },
  );
  route(app, {
      method: 'post', path: `${co}/organiser-invitations`, tags, ...signedInOnly, ...organiserAccess('manage'),
      request: { params: CompetitionIdParam, body: jsonBody(OrganiserInviteInput) },
      responses: { 201: ok('SentOrganiserInvitation'), ...errors(400, 401, 403, 404) },
    },
    async (c) => c.json(await programmes.inviteOrganiser(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json')), 201),
  );
  route(app, {
      method: 'get', path: `${co}/organiser-invitations`, tags, ...signedInOnly, ...organiserAccess('manage'),
      request: { params: CompetitionIdParam, query: ListPageQuery },
      responses: { 200: ok('OrganiserInvitationList'), ...errors(400, 401, 403, 404) },
    },
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await programmes.listOrganiserInvitations(deps, c.get('identity'), c.req.valid('param').competitionId, q.limit, q.cursor), 200);
    },
  );
  route(app, {
      method: 'post', path: `${co}/organiser-invitations/{invitationId}/resend`, tags, ...signedInOnly, ...organiserAccess('manage'),
      request: { params: OrganiserInvitationIdParams },
      responses: { 201: ok('SentOrganiserInvitation'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const q = c.req.valid('param');
      return c.json(await programmes.resendOrganiserInvitation(deps, c.get('identity'), q.competitionId, q.invitationId), 201);
    },
  );
  route(app, {
      method: 'delete', path: `${co}/organiser-invitations/{invitationId}`, tags, ...signedInOnly, ...organiserAccess('manage'),
      request: { params: OrganiserInvitationIdParams },
      responses: { 204: noBody(), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const q = c.req.valid('param');
      await programmes.revokeOrganiserInvitation(deps, c.get('identity'), q.competitionId, q.invitationId);
      return c.body(null, 204);
    },
  );
  route(app, {
      method: 'get', path: '/api/organiser-invitations/{competitionId}/{token}', tags, ...access('invitation-link'),
      request: { params: InvitationParams },
      responses: { 200: ok('OrganiserInvitationView'), ...errors(400, 404) },
    },
    async (c) => {
      const q = c.req.valid('param');
      return c.json(await programmes.describeOrganiserInvitation(deps, q.competitionId, q.token), 200);
    },
  );
  route(app, {
      method: 'post', path: '/api/organiser-invitations/{competitionId}/{token}/accept', tags, ...signedInOnly, ...access('invitee'),
      request: { params: InvitationParams },
      responses: { 200: ok('JoinedAsOrganiser'), ...errors(400, 401, 403, 404, 409) },
    },
    async (c) => {
      const q = c.req.valid('param');
      return c.json(await programmes.acceptOrganiserInvitation(deps, c.get('identity'), q.competitionId, q.token), 200);
    },
  );
  // ——— end of H1's routes ———
  // ——— H3: cross-call ledger (limits, spending, dashboard, exports): routes/programme-ledger.ts ———
  programmeLedgerRoutes(app, deps);
}
