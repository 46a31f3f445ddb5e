import { route } from '../route.ts';
import { canCreateCompetitions } from '../../domain/identity.ts';
import { requireIdentity } from '../../use-cases/access.ts';
import { listMySubmissions } from '../../use-cases/list-submissions.ts';
import { listMyCompetitions } from '../../use-cases/read-competitions.ts';
import type { AppDeps } from '../deps.ts';
import type { PodiumApp } from '../env.ts';
import { errors, ok, signedInOnly } from '../route-helpers.ts';
import { access } from '../access-policy.ts';


export function meRoutes(app: PodiumApp, deps: AppDeps) {
  route(app, {
      method: 'get',
      path: '/api/me',
      tags: ['competitions'],
      summary: 'Who am I',
      ...signedInOnly,
      ...access('signed-in'),
      responses: { 200: ok('Me', 'The signed-in user'), ...errors(401) },
    },
    (c) => {
      const who = requireIdentity(c.get('identity'));
      return c.json({ ...who, canCreateCompetitions: canCreateCompetitions(who) }, 200);
    },
  );

  route(app, {
      method: 'get',
      path: '/api/me/competitions',
      tags: ['competitions'],
      summary: 'Competitions in which I have a role (drafts I organise included)',
      ...signedInOnly,
      ...access('signed-in'),
      responses: { 200: ok('CompetitionList', 'My competitions'), ...errors(401) },
    },
    async (c) => c.json({ items: await listMyCompetitions(deps, c.get('identity')) }, 200),
  );

  route(app, {
      method: 'get',
      path: '/api/me/submissions',
      tags: ['submissions'],
      summary: 'My submissions in all competitions',
      ...signedInOnly,
      ...access('signed-in'),
      responses: { 200: ok('MySubmissionList', 'My submissions'), ...errors(401) },
    },
    async (c) => c.json({ items: await listMySubmissions(deps, c.get('identity')) }, 200),
  );
}
