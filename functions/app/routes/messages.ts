/**
 * A competition's message templates (issue 13): the subject and body of every message kind it
 * sends, edited by its organisers, reset to the default, previewed with the competition's own data.
 * Tagged `competitions`: served by the core area's function. Use cases: use-cases/messages.ts.
 */
import { route } from '../route.ts';
import { listTemplates, previewTemplate, resetTemplate, saveTemplate } from '../../use-cases/messages.ts';
import { organiserAccess } from '../access-policy.ts';
import { clearSuppression } from '../../use-cases/mail-suppression.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { errors, jsonBody, ok, signedInOnly } from '../route-helpers.ts';
import { ClearSuppressionInput, CompetitionIdParam, MessageKindParams, MessagePreviewInput, MessageTemplateInput, ResetTemplateInput, TemplateLanguageQuery } from '../schemas.ts';

const tags = ['messages'];
const messages = '/api/competitions/{competitionId}/messages';

export function messageRoutes(app: PodiumApp, deps: AppDeps) {
  route(app, { method: 'get', path: messages, tags, ...signedInOnly, ...organiserAccess('read'), request: { params: CompetitionIdParam, query: TemplateLanguageQuery }, responses: { 200: ok('MessageTemplateList'), ...errors(401, 403, 404) } },
    async (c) => c.json({ items: await listTemplates(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('query').language) }, 200),
  );
  route(app, { method: 'put', path: `${messages}/{kind}`, tags, ...signedInOnly, ...organiserAccess('manage'), request: { params: MessageKindParams, body: jsonBody(MessageTemplateInput) }, responses: { 200: ok('MessageTemplate'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await saveTemplate(deps, c.get('identity'), p.competitionId, p.kind, c.req.valid('json')), 200);
    },
  );
  route(app, { method: 'post', path: `${messages}/{kind}/reset`, tags, ...signedInOnly, ...organiserAccess('manage'), request: { params: MessageKindParams, body: jsonBody(ResetTemplateInput) }, responses: { 200: ok('MessageTemplate'), ...errors(400, 401, 403, 404, 409) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await resetTemplate(deps, c.get('identity'), p.competitionId, p.kind, c.req.valid('json').version, c.req.valid('json').language), 200);
    },
  );
  // Issue 13: a permanent bounce or a complaint holds mail back until an organiser clears it (audited).
  route(app, { method: 'post', path: '/api/competitions/{competitionId}/mail-suppressions/clear', tags, ...signedInOnly, ...organiserAccess('manage'), request: { params: CompetitionIdParam, body: jsonBody(ClearSuppressionInput) }, responses: { 200: ok('MailStatusView'), ...errors(400, 401, 403, 404) } },
    async (c) => c.json(await clearSuppression(deps, c.get('identity'), c.req.valid('param').competitionId, c.req.valid('json').address), 200),
  );
  route(app, { method: 'post', path: `${messages}/{kind}/preview`, tags, ...signedInOnly, ...organiserAccess('read'), request: { params: MessageKindParams, body: jsonBody(MessagePreviewInput) }, responses: { 200: ok('MessagePreview'), ...errors(400, 401, 403, 404) } },
    async (c) => {
      const p = c.req.valid('param');
      return c.json(await previewTemplate(deps, c.get('identity'), p.competitionId, p.kind, c.req.valid('json'), c.req.valid('json').language), 200);
    },
  );
}
