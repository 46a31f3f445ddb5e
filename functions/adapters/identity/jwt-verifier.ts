/**
 * Verifies an OpenID Connect ID token (Cognito on AWS, the local provider on one machine) and turns
 * its claims into an Identity. Both providers issue the same claim shape.
 */
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { Unauthenticated } from '../../domain/errors.ts';
import { verifyJwt } from './jws.ts';
import type { Identity } from '../../domain/identity.ts';

export type TokenVerifier = (token: string) => Promise<Identity>;

export interface VerifierOptions {
  issuer: string;
  /** The web client's id: ID tokens carry it as `aud`. */
  audience: string;
  keys: JWTVerifyGetKey;
}

/** Seconds of clock skew allowed between the identity provider and us. */
export const CLOCK_TOLERANCE_SECONDS = 30;
/**
 * The longest lifetime (`exp - iat`) a token may claim. Cognito ID tokens live at most a day
 * (ours one hour); a longer one is not a sign-in but a credential someone minted to keep.
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;

export function jwtVerifier(o: VerifierOptions): TokenVerifier {
  return async (token) => {
    // Checks as jose's jwtVerify did with requiredClaims exp, iat and sub and maxTokenAge: nbf
    // whenever it is present, and an iat in the future is refused (jws.ts).
    const payload = await verifyJwt(token, o.keys, {
      issuer: o.issuer,
      audience: o.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: MAX_TOKEN_LIFETIME_SECONDS,
    });
    if (payload.exp! - payload.iat! > MAX_TOKEN_LIFETIME_SECONDS) throw new Error('token lifetime too long');
    // Cognito marks its tokens; an access token (token_use "access") is not a sign-in.
    if (payload.token_use !== undefined && payload.token_use !== 'id') throw new Error('not an ID token');
    return identityFromClaims(payload);
  };
}

/**
 * Claims → Identity. API Gateway's JWT authorizer hands claims over as strings, so
 * `cognito:groups` may arrive as `"[organisers another]"` rather than an array, and
 * `email_verified` as `"true"`. Claims without a subject or an e-mail address (a Cognito access
 * token's shape) are not a sign-in: Unauthenticated.
 */
export function identityFromClaims(claims: JWTPayload | Record<string, unknown>): Identity {
  const sub = claims.sub;
  const email = claims.email;
  if (typeof sub !== 'string' || sub === '' || typeof email !== 'string' || email === '')
    throw new Unauthenticated('Sign in with an ID token: this token names no e-mail address or subject (an access token is not accepted).');
  const normalised = email.toLowerCase();
  const name = typeof claims.name === 'string' && claims.name !== '' ? claims.name : normalised;
  const verified = claims.email_verified === true || claims.email_verified === 'true';
  return { sub, email: normalised, emailVerified: verified, name, groups: parseGroups(claims['cognito:groups']) };
}

function parseGroups(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.filter((g): g is string => typeof g === 'string');
  if (typeof raw === 'string') {
    const inner = raw.trim().replace(/^\[/, '').replace(/\]$/, '');
    return inner.split(/[\s,]+/).filter((g) => g !== '');
  }
  return [];
}
