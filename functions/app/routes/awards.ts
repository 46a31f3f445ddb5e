import { route } from '../route.ts';
import { confirmAwards, getPrizePlan, proposeFromRanking, savePrizePlan, withdrawAward } from '../../use-cases/awards.ts';
import {
  feedbackReport,
  getMeetingOptIn,
  markNotificationRead,
  openAmendment,
  publicationChecklist,
  publishAmendment,
  myNotifications,
  myOutcome,
  publicResults,
  publishResults,
  releaseFeedback,
  setMeetingOptIn,
} from '../../use-cases/results.ts';
import { meetingMatches } from '../../use-cases/matches.ts';
import { AlreadyExists } from '../../domain/errors.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { errors, jsonBody, noBody, ok, optionalBearer, signedInOnly } from '../route-helpers.ts';
import { access, organiserAccess } from '../access-policy.ts';
import {
  AwardKeyParams,
  CompetitionIdParam,
  ConfirmAwardsInput,
  ListPageQuery,
  MeetingOptInInput,
  NotificationParams,
  PrizePlanUpdate,
  AmendmentInput,
  PublishInput,
  SubmissionIdParams,
  VersionInput,
} from '../schemas.ts';

const awardsTag = ['awards'];
const resultsTag = ['results'];
const base = '/api/competitions/{competitionId}';

export function awardRoutes(app: PodiumApp, deps: AppDeps) {
  route(app, { method: 'get', path: `${base}/prize-plan`, tags: awardsTag, ...signedInOnly, ...organiserAccess('read'), request: { params: CompetitionIdParam }, responses: { 200: ok('PrizePlanView'), ...errors(401, 403, 404) } },
    async (c) => c.json(await getPrizePlan(deps, c.get('identity'), c.req.valid('param').competitionId), 200),
  );
  route(app, { method: 'put', path: `${base}/prize-plan`, tags: awardsTag, ...signedInOnly, ...organiserAccess('finance'), request: { params: CompetitionIdParam, body: jsonBody(PrizePlanUpdate) }, responses: { 200: ok('PrizePlanView'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const body = c.req.valid('json');
      const plan = { ...body.plan, programmeBudget: body.plan.programmeBudget ?? body.plan.totalBudget };
      return c.json(await savePrizePlan(deps, c.get('identity'), c.req.valid('param').competitionId, { ...body, plan }), 200);
    },
  );
  route(app, { method: 'get', path: `${base}/awards/proposal`, tags: awardsTag, ...signedInOnly, ...organiserAccess('read'), request: { params: CompetitionIdParam }, responses: { 200: ok('Proposal'), ...errors(401, 403, 404, 422) } },
    async (c) => c.json(await proposeFromRanking(deps, c.get('identity'), c.req.valid('param').competitionId), 200),
  );
  route(app, { method: 'post', path: `${base}/awards`, tags: awardsTag, ...signedInOnly, ...organiserAccess('finance'), request: { params: CompetitionIdParam, body: jsonBody(ConfirmAwardsInput) }, responses: { 200: ok('ConfirmOutcomes'), ...errors(400, 401, 403, 404, 409, 422) } },
    async (c) => {
      const requested = c.req.valid('json').awards;
      const results = await confirmAwards(deps, c.get('identity'), c.req.valid('param').competitionId, requested);
      // A single refused confirmation is a plain 409 with the reason; batches report per award.
      const [only] = results;
      if (requested.length === 1 && only?.status === 'refused') throw new AlreadyExists(only.code, only.reason, { [only.key]: only.code }).with({ params: only.params });
      return c.json({ results }, 200);
    },
  );
  route(app, { method: 'delete', path: `${base}/awards/{awardKey}`, tags: awardsTag, ...signedInOnly, ...organiserAccess('finance'), request: { params: AwardKeyParams }, responses: { 200: ok('Withdrawal'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await withdrawAward(deps, c.get('identity'), p.competitionId, p.awardKey), 200);
    },
  );

  route(app, { method: 'post', path: `${base}/results/publish`, tags: resultsTag, ...signedInOnly, ...organiserAccess('manage'), request: { params: CompetitionIdParam, body: jsonBody(PublishInput) }, responses: { 202: ok('PublicationStarted'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const body = c.req.valid('json');
      return c.json(await publishResults(deps, c.get('identity'), c.req.valid('param').competitionId, body), 202);
    },
  );
  route(app, { method: 'get', path: `${base}/results/checklist`, tags: resultsTag, ...signedInOnly, ...organiserAccess('read'), request: { params: CompetitionIdParam }, responses: { 200: ok('PublicationChecklist'), ...errors(401, 403, 404) } },
    async (c) => c.json(await publicationChecklist(deps, c.get('identity'), c.req.valid('param').competitionId), 200),
  );
  route(app, { method: 'post', path: `${base}/results/amendment`, tags: resultsTag, ...signedInOnly, ...organiserAccess('manage'), request: { params: CompetitionIdParam, body: jsonBody(AmendmentInput) }, responses: { 200: ok('Competition'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => c.json(await openAmendment(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json')), 200),
  );
  route(app, { method: 'post', path: `${base}/results/amendment/publish`, tags: resultsTag, ...signedInOnly, ...organiserAccess('manage'), request: { params: CompetitionIdParam, body: jsonBody(VersionInput) }, responses: { 202: ok('PublicationStarted'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => c.json(await publishAmendment(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json')), 202),
  );
  route(app, { method: 'post', path: `${base}/feedback/release`, tags: resultsTag, ...signedInOnly, ...organiserAccess('manage'), request: { params: CompetitionIdParam, body: jsonBody(VersionInput) }, responses: { 200: ok('Competition'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => c.json(await releaseFeedback(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json').version), 200),
  );
  route(app, { method: 'get', path: `${base}/results`, tags: resultsTag, security: optionalBearer, ...access('public'), request: { params: CompetitionIdParam }, responses: { 200: ok('PublicResults'), ...errors(401, 404) } },
    async (c) => c.json(await publicResults(deps, c.get('identity'), c.req.valid('param').competitionId), 200),
  );
  route(app, { method: 'get', path: `${base}/results/mine`, tags: resultsTag, ...signedInOnly, ...access('entrant', 'team-member'), request: { params: CompetitionIdParam }, responses: { 200: ok('MyOutcome'), ...errors(401, 403, 404) } },
    async (c) => c.json(await myOutcome(deps, c.get('identity'), c.req.valid('param').competitionId), 200),
  );
  route(app, { method: 'get', path: `${base}/submissions/{submissionId}/feedback`, tags: resultsTag, ...signedInOnly, ...organiserAccess('read', 'submission-owner', 'team-member'), request: { params: SubmissionIdParams }, responses: { 200: ok('FeedbackReport'), ...errors(401, 403, 404) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await feedbackReport(deps, c.get('identity'), p.competitionId, p.submissionId), 200);
    },
  );
  route(app, { method: 'get', path: `${base}/submissions/{submissionId}/meeting-opt-in`, tags: resultsTag, ...signedInOnly, ...access('submission-owner', 'team-member'), request: { params: SubmissionIdParams }, responses: { 200: ok('MeetingOptIn'), ...errors(401, 403, 404) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await getMeetingOptIn(deps, c.get('identity'), p.competitionId, p.submissionId), 200);
    },
  );
  route(app, { method: 'put', path: `${base}/submissions/{submissionId}/meeting-opt-in`, tags: resultsTag, ...signedInOnly, ...access('submission-owner'), request: { params: SubmissionIdParams, body: jsonBody(MeetingOptInInput) }, responses: { 200: ok('MeetingOptIn'), ...errors(400, 401, 403, 404) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await setMeetingOptIn(deps, c.get('identity'), p.competitionId, p.submissionId, c.req.valid('json').open), 200);
    },
  );
  route(app, { method: 'get', path: `${base}/matches`, tags: resultsTag, ...signedInOnly, ...access('signed-in'), request: { params: CompetitionIdParam }, responses: { 200: ok('Matches'), ...errors(401, 404) } },
    async (c) => c.json(await meetingMatches(deps, c.get('identity'), c.req.valid('param').competitionId), 200),
  );

  route(app, { method: 'get', path: '/api/me/notifications', tags: resultsTag, ...signedInOnly, ...access('signed-in'), request: { query: ListPageQuery }, responses: { 200: ok('Notifications'), ...errors(400, 401) } },
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await myNotifications(deps, c.get('identity'), q.limit, q.cursor), 200);
    },
  );
  route(app, { method: 'post', path: '/api/me/notifications/{notificationId}/read', tags: resultsTag, ...signedInOnly, ...access('signed-in'), request: { params: NotificationParams }, responses: { 204: noBody(), ...errors(401) } },
    async (c) => {
      await markNotificationRead(deps, c.get('identity'), c.req.valid('param').notificationId);
      return c.body(null, 204);
    },
  );
}
