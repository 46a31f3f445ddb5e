/**
 * The audience vote: a competition's public ballot, its window, the count and the organiser's
 * review of flagged ballots. Tagged `votes`: served by the live area's function.
 * Use cases: use-cases/audience-vote.ts.
 */
import {
  audienceResults,
  castBallot,
  configureAudienceVote,
  listCandidates,
  restoreBallot,
  reviewBallots,
  viewAudienceVote,
  voidBallot,
} from '../../use-cases/audience-vote.ts';
import { access, organiserAccess } from '../access-policy.ts';
import type { AppDeps } from '../deps.ts';
import { sourceAddress } from '../edge.ts';
import type { PodiumApp } from '../env.ts';
import { route } from '../route.ts';
import { errors, jsonBody, ok, optionalBearer, signedInOnly } from '../route-helpers.ts';
import { AudienceVoteInput, BallotInput, BallotParams, BallotReviewQuery, CompetitionIdParam, ListPageQuery, VoidBallotInput } from '../schemas.ts';

const tags = ['votes'];
const base = '/api/competitions/{competitionId}/audience-vote';

export function voteRoutes(app: PodiumApp, deps: AppDeps) {
  route(app, { method: 'put', path: base, tags, ...signedInOnly, ...organiserAccess('manage'), request: { params: CompetitionIdParam, body: jsonBody(AudienceVoteInput) }, responses: { 200: ok('AudienceVoteSettings'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => c.json(await configureAudienceVote(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json')), 200),
  );
  route(app, { method: 'get', path: base, tags, security: optionalBearer, ...access('public'), request: { params: CompetitionIdParam }, responses: { 200: ok('AudienceVote'), ...errors(400, 401, 404) } },
    async (c) => c.json(await viewAudienceVote(deps, c.get('identity'), c.req.valid('param').competitionId), 200),
  );
  route(app, { method: 'get', path: `${base}/candidates`, tags, security: optionalBearer, ...access('public'), request: { params: CompetitionIdParam, query: ListPageQuery }, responses: { 200: ok('AudienceCandidates'), ...errors(400, 401, 404) } },
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await listCandidates(deps, c.get('identity'), c.req.valid('param').competitionId, q.limit, q.cursor), 200);
    },
  );
  route(app, { method: 'put', path: `${base}/ballot`, tags, ...signedInOnly, ...access('signed-in'), request: { params: CompetitionIdParam, body: jsonBody(BallotInput) }, responses: { 200: ok('MyBallot'), ...errors(400, 401, 403, 404, 409, 429) } },
    async (c) => c.json(await castBallot(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json'), sourceAddress(c)), 200),
  );
  route(app, { method: 'get', path: `${base}/results`, tags, security: optionalBearer, ...access('public'), request: { params: CompetitionIdParam }, responses: { 200: ok('AudienceResults'), ...errors(400, 401, 404) } },
    async (c) => c.json(await audienceResults(deps, c.get('identity'), c.req.valid('param').competitionId), 200),
  );
  route(app, { method: 'get', path: `${base}/ballots`, tags, ...signedInOnly, ...organiserAccess('read'), request: { params: CompetitionIdParam, query: BallotReviewQuery }, responses: { 200: ok('BallotReviewPage'), ...errors(400, 401, 403, 404) } },
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await reviewBallots(deps, c.get('identity'), c.req.valid('param').competitionId, { flagged: q.flagged === 'true' || q.flagged === '1', limit: q.limit, cursor: q.cursor }), 200);
    },
  );
  route(app, { method: 'post', path: `${base}/ballots/{ballotId}/void`, tags, ...signedInOnly, ...organiserAccess('evaluate'), request: { params: BallotParams, body: jsonBody(VoidBallotInput) }, responses: { 200: ok('ReviewedBallot'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await voidBallot(deps, c.get('identity'), p.competitionId, p.ballotId, c.req.valid('json').reason), 200);
    },
  );
  route(app, { method: 'post', path: `${base}/ballots/{ballotId}/restore`, tags, ...signedInOnly, ...organiserAccess('evaluate'), request: { params: BallotParams }, responses: { 200: ok('ReviewedBallot'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await restoreBallot(deps, c.get('identity'), p.competitionId, p.ballotId), 200);
    },
  );
}
