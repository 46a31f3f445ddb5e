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

/** A success answering a JSON body of the named schema (what it means: operation-docs.ts). */
export function ok(schema: ResponseName) {
  return { content: { 'application/json': { schema } } };
}

/** A success without a body (204; what it means: operation-docs.ts). */
export function noBody() {
  return {};
}

/** The error statuses an operation may document (what each means: operation-docs.ts ERROR_DOCS). */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 422 | 429;

/** Error responses, all with the same body shape; their descriptions are added when the document is built. */
export function errors(...statuses: ErrorStatus[]) {
  return Object.fromEntries(statuses.map((s) => [s, { content: { 'application/json': { schema: 'ErrorBody' } } }])) as Record<
    ErrorStatus,
    { content: { 'application/json': { schema: ResponseName } } }
  >;
}
