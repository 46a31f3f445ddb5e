/**
 * Domain errors → HTTP, in one place. Responses carry a stable code and a human message; never a
 * stack, never an SDK error. Anything unexpected is logged and answered with a plain 500.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { DomainError, ValidationFailed, type FieldErrors } from '../domain/errors.ts';

const STATUS: Record<string, ContentfulStatusCode> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  DEADLINE_PASSED: 409,
  INVALID_STATE: 409,
  VERSION_CONFLICT: 409,
};

function statusOf(e: DomainError): ContentfulStatusCode {
  const known = STATUS[e.code];
  if (known) return known;
  if (e.constructor.name === 'AlreadyExists') return 409;
  return 422; // RuleViolation: well-formed but against the competition's rules
}

export function errorBody(code: string, message: string, fields?: FieldErrors) {
  return { error: fields && Object.keys(fields).length > 0 ? { code, message, fields } : { code, message } };
}

export function zodToValidationFailed(error: ZodError, where: string): ValidationFailed {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.length > 0 ? issue.path.join('.') : where;
    fields[path] ??= issue.message;
  }
  const first = Object.entries(fields)[0];
  const message = first ? `Check ${first[0]}: ${first[1]}` : 'The request is not valid.';
  return new ValidationFailed(message, fields);
}

export function handleError(err: Error, c: Context): Response {
  if (err instanceof DomainError) return c.json(errorBody(err.code, err.message, err.fields), statusOf(err));
  if (err instanceof HTTPException && err.status < 500) {
    // Hono's own 4xx, e.g. a body that is not JSON.
    const message = err.status === 400 ? 'The request body is not valid JSON.' : err.message || 'Bad request.';
    return c.json(errorBody(err.status === 400 ? 'VALIDATION_FAILED' : 'BAD_REQUEST', message, err.status === 400 ? { body: 'malformed' } : undefined), err.status as ContentfulStatusCode);
  }
  console.error(JSON.stringify({ level: 'error', message: 'unhandled', name: err.name, error: err.message, stack: err.stack }));
  return c.json(errorBody('INTERNAL', 'Something went wrong on our side. Please try again.'), 500);
}
