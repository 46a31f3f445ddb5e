/**
 * Reminder settings of a competition (issue 13 §4): what each scheduled reminder sends, when, to
 * whom and how many went out, and switching each off or on (audited). Tagged `competitions`:
 * served by the core area's function. Use cases: use-cases/reminders.ts.
 */
import { route } from '../route.ts';
import { organiserAccess } from '../access-policy.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { errors, jsonBody, ok, signedInOnly } from '../route-helpers.ts';
import { CompetitionIdParam, ReminderParams, ReminderSwitchInput } from '../schemas.ts';
import { reminderSettings, setReminderEnabled } from '../../use-cases/reminders.ts';

const tags = ['messages'];

export function reminderRoutes(app: PodiumApp, deps: AppDeps) {
  route(app, {
      method: 'get', path: '/api/competitions/{competitionId}/reminders', tags,
      ...signedInOnly, ...organiserAccess('read'),
      request: { params: CompetitionIdParam },
      responses: { 200: ok('ReminderList'), ...errors(400, 401, 403, 404) },
    },
    async (c) => c.json({ items: await reminderSettings(deps, c.get('identity'), c.req.valid('param').competitionId) }, 200),
  );
  route(app, {
      method: 'put', path: '/api/competitions/{competitionId}/reminders/{kind}', tags,
      ...signedInOnly, ...organiserAccess('manage'),
      request: { params: ReminderParams, body: jsonBody(ReminderSwitchInput) },
      responses: { 200: ok('ReminderList'), ...errors(400, 401, 403, 404) },
    },
    async (c) => {
      const q = c.req.valid('param');
      return c.json({ items: await setReminderEnabled(deps, c.get('identity'), q.competitionId, q.kind, c.req.valid('json').enabled) }, 200);
    },
  );
}
