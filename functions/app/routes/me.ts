import { route } from '../route.ts';
import { canCreateCompetitions } from '../../domain/identity.ts';
import { requireIdentity } from '../../use-cases/access.ts';
import { listMySubmissions } from '../../use-cases/list-submissions.ts';
import { listMyCompetitions } from '../../use-cases/read-competitions.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { errors, jsonBody, ok, signedInOnly } from '../route-helpers.ts';
import { access } from '../access-policy.ts';
import { ListPageQuery, MySettingsInput } from '../schemas.ts';
import { languageOf, saveLanguage } from '../../use-cases/accounts.ts';


export function meRoutes(app: PodiumApp, deps: AppDeps) {
  route(app, {
      method: 'get',
      path: '/api/me',
      tags: ['competitions'],
      ...signedInOnly,
      ...access('signed-in'),
      responses: { 200: ok('Me'), ...errors(401) },
    },
    async (c) => {
      const who = requireIdentity(c.get('identity'));
      const language = await languageOf(deps, who, c.req.header('accept-language'));
      return c.json({ ...who, canCreateCompetitions: canCreateCompetitions(who), language }, 200);
    },
  );

  route(app, {
      method: 'put',
      path: '/api/me/settings',
      tags: ['competitions'],
      ...signedInOnly,
      ...access('signed-in'),
      request: { body: jsonBody(MySettingsInput) },
      responses: { 200: ok('MySettings'), ...errors(400, 401) },
    },
    async (c) => c.json(await saveLanguage(deps, c.get('identity'), c.req.valid('json').language), 200),
  );

  route(app, {
      method: 'get',
      path: '/api/me/competitions',
      tags: ['competitions'],
      ...signedInOnly,
      ...access('signed-in'),
      request: { query: ListPageQuery },
      responses: { 200: ok('MyCompetitionPage'), ...errors(400, 401) },
    },
    async (c) => {
      const { limit, cursor } = c.req.valid('query');
      return c.json(await listMyCompetitions(deps, c.get('identity'), limit, cursor), 200);
    },
  );

  route(app, {
      method: 'get',
      path: '/api/me/submissions',
      tags: ['submissions'],
      ...signedInOnly,
      ...access('signed-in'),
      responses: { 200: ok('MySubmissionList'), ...errors(401) },
    },
    async (c) => c.json({ items: await listMySubmissions(deps, c.get('identity')) }, 200),
  );
}
