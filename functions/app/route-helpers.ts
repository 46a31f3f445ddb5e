/** Small builders so route definitions read as a table of what each operation takes and returns. */
import type * as core from 'zod/v4/core';
import { createMiddleware } from 'hono/factory';
import { Unauthenticated } from '../domain/errors.ts';
import type { AppEnv } from './env.ts';
import type * as Responses from './response-schemas.ts';

export const bearer: Record<string, string[]>[] = [{ bearerAuth: [] }];

/**
 * Runs before input validation on every route that needs a signed-in caller, so an anonymous
 * request gets 401 rather than a 400 about its body. Use cases still check who may act.
 */
export const signedIn = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get('identity')) throw new Unauthenticated();
  await next();
});
/** Spread into a route that needs a signed-in caller: documents it and enforces it (401 first). */
export const signedInOnly = { security: bearer, middleware: signedIn } as const;

/** Public routes accept a token too: a signed-in caller may see more (e.g. their drafts). */
export const optionalBearer: Record<string, string[]>[] = [{}, { bearerAuth: [] }];

export function jsonBody<T extends core.$ZodType>(schema: T) {
  return { required: true, content: { 'application/json': { schema } } };
}

/** A response schema by its name in response-schemas.ts (a type-only import: no schema is built at run time). */
export type ResponseName = Exclude<keyof typeof Responses, 'pageOf'>;

export function ok(schema: ResponseName, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

const ERROR_TEXT = {
  400: 'Invalid input; `error.fields` names what is wrong',
  401: 'Not signed in, or the token is invalid',
  403: 'Signed in but not allowed',
  404: 'Not found, or not visible to the caller',
  409: 'Deadline passed, wrong state, or stale version',
  422: "Against the competition's rules (eligibility, completeness)",
  429: 'Too many requests from this account or network for now; try again in a few minutes',
} as const;

/** Error responses, all with the same body shape. */
export function errors(...statuses: (keyof typeof ERROR_TEXT)[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { content: { 'application/json': { schema: 'ErrorBody' } }, description: ERROR_TEXT[s] }]),
  ) as Record<keyof typeof ERROR_TEXT, { content: { 'application/json': { schema: ResponseName } }; description: string }>;
}
