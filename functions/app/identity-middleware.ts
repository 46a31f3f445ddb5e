/**
 * The one place a request becomes an identity. On Lambda, routes behind API Gateway's JWT
 * authorizer arrive with verified claims in the request context; public routes (and the local
 * runtime) carry the bearer token itself, which is verified here. Either way the same Identity
 * comes out; with neither, the caller is anonymous and use cases decide what that may do.
 */
import { createMiddleware } from 'hono/factory';
import { identityFromClaims, type TokenVerifier } from '../adapters/identity/jwt-verifier.ts';
import { Unauthenticated } from '../domain/errors.ts';
import type { AppEnv } from './env.ts';

export function identityMiddleware(verifyToken: TokenVerifier) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const claims = c.env?.requestContext?.authorizer?.jwt?.claims;
    if (claims) {
      // The authorizer checked signature, issuer, audience and expiry; what it lets through may
      // still be no sign-in (a Cognito access token has no e-mail): identityFromClaims says 401.
      c.set('identity', identityFromClaims(claims));
      return next();
    }
    const header = c.req.header('authorization');
    if (header === undefined) {
      c.set('identity', undefined);
      return next();
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new Unauthenticated('Send the token as "Authorization: Bearer <token>".');
    try {
      c.set('identity', await verifyToken(match[1]!));
    } catch (e) {
      throw e instanceof Unauthenticated ? e : new Unauthenticated('Your sign-in is invalid or has expired. Sign in again.');
    }
    return next();
  });
}
