/**
 * Domain errors → HTTP, in one place. Responses carry a stable code and a human message; never a
 * stack, never an SDK error. Anything unexpected is logged (one JSON line with the request id, the
 * error's name, message and stack) and answered with a plain 500 that carries the same id, so a
 * report can be matched to the log.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { log } from '../adapters/logger.ts';
import { routeTemplate } from './route-template.ts';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError, type ErrorKind, type FieldErrors } from '../domain/errors.ts';
import { fieldCodesOf, type ErrorParams, type FieldCodes } from '../shared/field-codes.ts';
import type { AppEnv } from './env.ts';

/** By the error's declared kind, never by its class name (minified bundles rename classes). */
const STATUS: Record<ErrorKind, ContentfulStatusCode> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  rule: 422, // well-formed but against the competition's rules
  'rate-limited': 429, // too many writes from one account or network (the audience vote)
};

/**
 * The error body: `code` and the English `message`, `fields` (English, per field) and, for the web
 * to translate (issue 14), `params` and `fieldCodes` — each field's code, given or recognised from
 * its sentence (shared/field-codes.ts).
 */
export function errorBody(code: string, message: string, fields?: FieldErrors, requestId?: string, extra: { params?: ErrorParams; fieldCodes?: FieldCodes } = {}) {
  const error: { code: string; message: string; params?: ErrorParams; fields?: FieldErrors; fieldCodes?: FieldCodes; requestId?: string } = { code, message };
  if (extra.params && Object.keys(extra.params).length > 0) error.params = extra.params;
  if (fields && Object.keys(fields).length > 0) {
    error.fields = fields;
    const codes = fieldCodesOf(fields, extra.fieldCodes);
    if (codes) error.fieldCodes = codes;
  }
  if (requestId) error.requestId = requestId;
  return { error };
}

/** zod failures → ValidationFailed, with every problem named by its form label (validation-errors.ts). */
export { zodToValidationFailed } from './validation-errors.ts';

export function handleError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof DomainError) return c.json(errorBody(err.code, err.message, err.fields, undefined, { params: err.params, fieldCodes: err.fieldCodes }), STATUS[err.kind]);
  if (err instanceof HTTPException && err.status < 500) {
    // Hono's own 4xx, e.g. a body that is not JSON.
    const message = err.status === 400 ? 'The request body is not valid JSON.' : err.message || 'Bad request.';
    return c.json(errorBody(err.status === 400 ? 'VALIDATION_FAILED' : 'BAD_REQUEST', message, err.status === 400 ? { body: 'malformed' } : undefined), err.status as ContentfulStatusCode);
  }
  const requestId = c.get('requestId');
  // The route template, not the path (an invitation path holds its token); the request's logger
  // adds the request and correlation ids (edge.ts), the process's serves an app without the edge.
  (c.get('log') ?? log).error('unhandled error', { method: c.req.method, route: routeTemplate(c) }, err);
  return c.json(errorBody('INTERNAL', 'Something went wrong on our side. Please try again.', undefined, requestId), 500);
}
