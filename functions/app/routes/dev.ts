/** Development aids of the local runtime: the outbox of e-mails kept instead of sent. */
import { route } from '../route.ts';
import { readOutbox } from '../../use-cases/outbox.ts';
import { organiserAccess } from '../access-policy.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { errors, ok, signedInOnly } from '../route-helpers.ts';
import { OutboxQuery } from '../schemas.ts';


export function devRoutes(app: PodiumApp, deps: AppDeps): void {
  route(app, {
      method: 'get',
      path: '/api/dev/outbox',
      tags: ['results'],
      ...signedInOnly,
      ...organiserAccess('read', 'organisers-group'),
      request: { query: OutboxQuery },
      responses: { 200: ok('Outbox'), ...errors(400, 401, 403, 404) },
    },
    async (c) => c.json({ items: await readOutbox(deps, c.get('identity'), c.req.valid('query').competitionId) }, 200),
  );
}
