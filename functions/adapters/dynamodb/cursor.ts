/**
 * Opaque pagination cursors: DynamoDB's LastEvaluatedKey (plus a segment, for listings that span
 * two queries), base64url JSON, signed.
 *
 * A cursor arrives from anyone, anonymous callers included, and its key goes straight into a
 * Query's ExclusiveStartKey — where a key of the wrong shape or from another partition is a
 * ValidationException (a 500) or worse, a peek into someone else's items. So a cursor is
 * HMAC-SHA256-signed over its payload *and the listing it belongs to* (listing name, index and
 * partition): a cursor of one listing cannot be replayed against another, and a crafted one is
 * refused before it reaches DynamoDB. The decoded key is checked for shape as well (exactly the
 * attributes that listing's LastEvaluatedKey has, string values, the listing's partition and
 * prefixes), so even a leaked secret could not make a Query misbehave.
 *
 * Format: `<payload>.<signature>`, both base64url. Changing the secret invalidates every cursor
 * handed out before: people are asked to start from the first page again, nothing breaks.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationFailed } from '../../domain/errors.ts';

export interface CursorState {
  /** For listings that span two queries. */
  segment?: number;
  key?: Record<string, string>;
}

/** Which listing a cursor belongs to: signed into every cursor, and what its key must look like. */
export interface CursorScope {
  /** The listing, e.g. "submissions". */
  listing: string;
  /** The GSI the listing queries, if any. */
  index?: string;
  /** Exactly the attributes of the query's LastEvaluatedKey (the table's keys, plus the index's). */
  keyAttributes: readonly string[];
  /** Attributes with one value in this listing, e.g. the query's partition key. */
  equals: Readonly<Record<string, string>>;
  /** Attributes whose values start with the listing's prefix, e.g. sk "SUB#". */
  prefixes?: Readonly<Record<string, string>>;
  /** Listings of several queries: the segments a cursor may name. Without, a cursor has a key. */
  segments?: readonly number[];
}

export interface CursorCodec {
  encode(scope: CursorScope, state: CursorState): string;
  /** undefined for no cursor (the first page); ValidationFailed (field `cursor`) for a bad one. */
  decode(scope: CursorScope, cursor: string | undefined): CursorState | undefined;
}

/** DynamoDB keys are at most 2048 (partition) and 1024 (sort) bytes. */
const MAX_KEY_VALUE = 2048;
const B64URL = /^[A-Za-z0-9_-]+$/;

const invalid = () =>
  new ValidationFailed('Page link — not a page of this list (it may be old or altered); start again from the first page.', {
    cursor: 'Not a page link of this list; start from the first page.',
  });

function scopeId(scope: CursorScope): string {
  const equals = Object.keys(scope.equals)
    .sort()
    .map((k) => [k, scope.equals[k]]);
  return JSON.stringify(['podium-cursor-v1', scope.listing, scope.index ?? '', equals]);
}

function wellFormed(scope: CursorScope, value: unknown): CursorState | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { segment, key, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return undefined;
  const state: CursorState = {};
  if (scope.segments) {
    if (typeof segment !== 'number' || !scope.segments.includes(segment)) return undefined;
    state.segment = segment;
  } else if (segment !== undefined || key === undefined) return undefined;
  if (key !== undefined) {
    if (typeof key !== 'object' || key === null || Array.isArray(key)) return undefined;
    const k = key as Record<string, unknown>;
    const names = Object.keys(k);
    if (names.length !== scope.keyAttributes.length || !scope.keyAttributes.every((a) => Object.hasOwn(k, a))) return undefined;
    for (const a of names) {
      const v = k[a];
      if (typeof v !== 'string' || v.length === 0 || v.length > MAX_KEY_VALUE) return undefined;
    }
    for (const [a, v] of Object.entries(scope.equals)) if (k[a] !== v) return undefined;
    for (const [a, p] of Object.entries(scope.prefixes ?? {})) if (!(k[a] as string).startsWith(p)) return undefined;
    state.key = k as Record<string, string>;
  }
  return state;
}

export function cursorCodec(secret: string): CursorCodec {
  if (secret.length < 32) throw new RangeError('The cursor secret must be at least 32 characters.');
  const sign = (scope: CursorScope, payload: string) =>
    createHmac('sha256', secret).update(scopeId(scope)).update('\n').update(payload).digest();

  return {
    encode(scope, state) {
      const payload = Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
      return `${payload}.${sign(scope, payload).toString('base64url')}`;
    },

    decode(scope, cursor) {
      if (cursor === undefined || cursor === '') return undefined;
      const [payload, signature, ...more] = cursor.split('.');
      if (more.length > 0 || !payload || !signature || !B64URL.test(payload) || !B64URL.test(signature)) throw invalid();
      const given = Buffer.from(signature, 'base64url');
      const expected = sign(scope, payload);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        throw invalid();
      }
      const state = wellFormed(scope, parsed);
      if (!state) throw invalid();
      return state;
    },
  };
}
