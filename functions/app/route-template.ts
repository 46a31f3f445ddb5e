/**
 * How log lines name a request's route: by its template (`/api/invitations/:competitionId/:token`),
 * never by its path, which holds ids and, for invitations, a secret token.
 */
import type { Context } from 'hono';
import { matchedRoutes, routePath } from 'hono/route';

/**
 * The operation's template — the last route matched for the method, even when a middleware
 * answered first (a 401, a 413) — or the catch-all middleware's for a path no operation has.
 */
export function routeTemplate(c: Context): string {
  const operation = matchedRoutes(c).findLast((r) => r.method !== 'ALL');
  return operation?.path ?? routePath(c, -1);
}
