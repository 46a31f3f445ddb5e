/**
 * Expo rounds (pairwise judging on judges' phones): tables, the judge's next table, votes, skips,
 * undo, notes, and the organiser's live view. Tagged `expo`: served by the live area's function.
 * Use cases: use-cases/expo.ts (domain/expo.ts has the rules).
 */
import { autoNumberTables, castVote, listTables, liveView, nextTable, putTables, saveNote, setAbsent, skipTable, undoVote, viewJudge } from '../../use-cases/expo.ts';
import { access, organiserAccess } from '../access-policy.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { route } from '../route.ts';
import { errors, jsonBody, ok, signedInOnly } from '../route-helpers.ts';
import { ExpoAbsentInput, ExpoNoteInput, ExpoSkipInput, ExpoSubmissionParams, ExpoTablesInput, ExpoVoteInput, ExpoVoteParams, ListPageQuery, RoundIdParams } from '../schemas.ts';

const tags = ['expo'];
const base = '/api/competitions/{competitionId}/rounds/{roundId}/expo';

export function expoRoutes(app: PodiumApp, deps: AppDeps) {
  // ---- judges ----
  route(app, { method: 'get', path: `${base}/judge`, tags, ...signedInOnly, ...access('expo-judge'), request: { params: RoundIdParams }, responses: { 200: ok('ExpoJudgeView'), ...errors(400, 401, 404) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await viewJudge(deps, c.get('identity'), p.competitionId, p.roundId), 200);
    },
  );
  route(app, {
    method: 'post', path: `${base}/judge/next`, tags,
    ...signedInOnly, ...access('expo-judge'), request: { params: RoundIdParams }, responses: { 200: ok('ExpoJudgeView'), ...errors(400, 401, 404, 409) },
  },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await nextTable(deps, c.get('identity'), p.competitionId, p.roundId), 200);
    },
  );
  route(app, {
    method: 'post', path: `${base}/votes`, tags,
    ...signedInOnly, ...access('expo-judge'), request: { params: RoundIdParams, body: jsonBody(ExpoVoteInput) },
    responses: { 201: ok('ExpoJudgeView'), 200: ok('ExpoJudgeView'), ...errors(400, 401, 404, 409) },
  },
    async (c) => {
      const p = c.req.valid('param');
      const { replay, view } = await castVote(deps, c.get('identity'), p.competitionId, p.roundId, c.req.valid('json'));
      return replay ? c.json(view, 200) : c.json(view, 201);
    },
  );
  route(app, { method: 'post', path: `${base}/votes/{voteId}/undo`, tags, ...signedInOnly, ...access('expo-judge'), request: { params: ExpoVoteParams }, responses: { 200: ok('ExpoJudgeView'), ...errors(400, 401, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await undoVote(deps, c.get('identity'), p.competitionId, p.roundId, p.voteId), 200);
    },
  );
  route(app, { method: 'post', path: `${base}/judge/skip`, tags, ...signedInOnly, ...access('expo-judge'), request: { params: RoundIdParams, body: jsonBody(ExpoSkipInput) }, responses: { 200: ok('ExpoJudgeView'), ...errors(400, 401, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await skipTable(deps, c.get('identity'), p.competitionId, p.roundId, c.req.valid('json')), 200);
    },
  );
  route(app, { method: 'put', path: `${base}/notes/{submissionId}`, tags, ...signedInOnly, ...access('expo-judge'), request: { params: ExpoSubmissionParams, body: jsonBody(ExpoNoteInput) }, responses: { 200: ok('ExpoNote'), ...errors(400, 401, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await saveNote(deps, c.get('identity'), p.competitionId, p.roundId, p.submissionId, c.req.valid('json').text), 200);
    },
  );

  // ---- organisers ----
  route(app, { method: 'get', path: `${base}/tables`, tags, ...signedInOnly, ...organiserAccess('read'), request: { params: RoundIdParams, query: ListPageQuery }, responses: { 200: ok('ExpoTablePage'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      const q = c.req.valid('query');
      const page = await listTables(deps, c.get('identity'), p.competitionId, p.roundId, q.limit, q.cursor);
      return c.json({ ...page, ...(page.nextCursor ? { cursor: page.nextCursor } : {}) }, 200);
    },
  );
  route(app, { method: 'put', path: `${base}/tables`, tags, ...signedInOnly, ...organiserAccess('evaluate'), request: { params: RoundIdParams, body: jsonBody(ExpoTablesInput) }, responses: { 200: ok('ExpoTablesUpdated'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await putTables(deps, c.get('identity'), p.competitionId, p.roundId, c.req.valid('json').items), 200);
    },
  );
  route(app, { method: 'post', path: `${base}/tables/auto`, tags, ...signedInOnly, ...organiserAccess('evaluate'), request: { params: RoundIdParams }, responses: { 200: ok('ExpoTablesUpdated'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await autoNumberTables(deps, c.get('identity'), p.competitionId, p.roundId), 200);
    },
  );
  route(app, { method: 'put', path: `${base}/tables/{submissionId}/absent`, tags, ...signedInOnly, ...organiserAccess('evaluate'), request: { params: ExpoSubmissionParams, body: jsonBody(ExpoAbsentInput) }, responses: { 200: ok('ExpoTable'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await setAbsent(deps, c.get('identity'), p.competitionId, p.roundId, p.submissionId, c.req.valid('json').absent), 200);
    },
  );
  route(app, { method: 'get', path: `${base}/live`, tags, ...signedInOnly, ...organiserAccess('read'), request: { params: RoundIdParams }, responses: { 200: ok('ExpoLive'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await liveView(deps, c.get('identity'), p.competitionId, p.roundId), 200);
    },
  );
}
