/**
 * Typed domain errors. Use cases throw these; the HTTP layer maps each error's `kind` to a status
 * in exactly one place (functions/app/error-handler.ts). Messages are meant for people, in English;
 * the stable `code` (with `params`) and each field's code (shared/field-codes.ts) let the web say
 * them in the reader's language (catalogue keys `error.<CODE>`, `fieldError.<CODE>`). Every code a
 * class here declares has a web message in every language (tests/unit/error-codes-i18n.test.ts).
 */
export type FieldErrors = Record<string, string>;
import type { ErrorParams, FieldCodes } from '../shared/field-codes.ts';

/**
 * What sort of refusal an error is. Declared on every error class as data, because minified
 * bundles rename classes (`AlreadyExists` becomes `e` on Lambda): a class name cannot decide a status.
 */
export type ErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict' | 'rule' | 'rate-limited';

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;
  /** Values the message was made with, for saying `code` in another language (issue 14: `{ max: 300 }`). */
  params?: ErrorParams;
  /** Per field, a stable code (shared/field-codes.ts); fields without one get theirs from their sentence. */
  fieldCodes?: FieldCodes;
  /** Adds translation parameters and field codes (chainable: `throw new RuleViolation(…).with({ params })`). */
  with(extra: { params?: ErrorParams; fieldCodes?: FieldCodes }): this {
    if (extra.params) this.params = { ...this.params, ...extra.params };
    if (extra.fieldCodes) this.fieldCodes = { ...this.fieldCodes, ...extra.fieldCodes };
    return this;
  }
  constructor(
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400: the request itself is malformed (zod failures become this too). */
export class ValidationFailed extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  readonly kind = 'invalid' as const;
}

/** 401: no or invalid credentials. */
export class Unauthenticated extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  readonly kind = 'unauthenticated' as const;
  constructor(message = 'Sign in to do this.') {
    super(message);
  }
}

/** 403: signed in but not allowed. */
export class Forbidden extends DomainError {
  readonly code = 'FORBIDDEN';
  readonly kind = 'forbidden' as const;
}

/** 404: does not exist, or its existence is private to the caller. */
export class NotFound extends DomainError {
  readonly code = 'NOT_FOUND';
  readonly kind = 'not-found' as const;
}

/** 409: a deadline has passed or the phase does not allow the action. */
export class DeadlinePassed extends DomainError {
  readonly code = 'DEADLINE_PASSED';
  readonly kind = 'conflict' as const;
}

/** 409: the action does not fit the current state (wrong phase, wrong status). */
export class InvalidState extends DomainError {
  readonly code = 'INVALID_STATE';
  readonly kind = 'conflict' as const;
}

/** 409: someone else changed the record since the caller read it. */
export class VersionConflict extends DomainError {
  readonly code = 'VERSION_CONFLICT';
  readonly kind = 'conflict' as const;
  constructor(message = 'This was changed by someone else since you opened it. Reload and try again.') {
    super(message, { version: 'stale' });
  }
}

/** 409: a uniqueness rule would be broken. */
export class AlreadyExists extends DomainError {
  readonly code: string;
  readonly kind = 'conflict' as const;
  constructor(code: string, message: string, fields?: FieldErrors) {
    super(message, fields);
    this.code = code;
  }
}

/** 422: well-formed, but the competition's rules say no (eligibility, completeness). */
export class RuleViolation extends DomainError {
  readonly code: string;
  readonly kind = 'rule' as const;
  constructor(code: string, message: string, fields?: FieldErrors) {
    super(message, fields);
    this.code = code;
  }
}

/** 429: too many requests of this kind from this account or network for now (code `rate-limited`). */
export class RateLimited extends DomainError {
  readonly code = 'rate-limited';
  readonly kind = 'rate-limited' as const;
}

/** 403 with a stable code of its own (e.g. `email-unverified`, `own-submission`). */
export class ForbiddenBecause extends DomainError {
  readonly code: string;
  readonly kind = 'forbidden' as const;
  constructor(code: string, message: string, fields?: FieldErrors) {
    super(message, fields);
    this.code = code;
  }
}
