/**
 * Verifies an OpenID Connect ID token (Cognito on AWS, the local provider on one machine) and turns
 * its claims into an Identity. Both providers issue the same claim shape.
 */
import { jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Identity } from '../../domain/identity.ts';

export type TokenVerifier = (token: string) => Promise<Identity>;

export interface VerifierOptions {
  issuer: string;
  /** The web client's id: ID tokens carry it as `aud`. */
  audience: string;
  keys: JWTVerifyGetKey;
}

export function jwtVerifier(o: VerifierOptions): TokenVerifier {
  return async (token) => {
    const { payload } = await jwtVerify(token, o.keys, { issuer: o.issuer, audience: o.audience, clockTolerance: 30 });
    return identityFromClaims(payload);
  };
}

/**
 * Claims → Identity. API Gateway's JWT authorizer hands claims over as strings, so
 * `cognito:groups` may arrive as `"[organisers another]"` rather than an array.
 */
export function identityFromClaims(claims: JWTPayload | Record<string, unknown>): Identity {
  const sub = claims.sub;
  const email = claims.email;
  if (typeof sub !== 'string' || sub === '' || typeof email !== 'string' || email === '')
    throw new Error('token lacks sub or email');
  const normalised = email.toLowerCase();
  const name = typeof claims.name === 'string' && claims.name !== '' ? claims.name : normalised;
  return { sub, email: normalised, name, groups: parseGroups(claims['cognito:groups']) };
}

function parseGroups(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.filter((g): g is string => typeof g === 'string');
  if (typeof raw === 'string') {
    const inner = raw.trim().replace(/^\[/, '').replace(/\]$/, '');
    return inner.split(/[\s,]+/).filter((g) => g !== '');
  }
  return [];
}
