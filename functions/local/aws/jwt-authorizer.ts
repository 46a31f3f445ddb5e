/**
 * API Gateway's JWT authorizer for HTTP APIs, as documented: the token comes from the identity
 * source (with or without "Bearer "), must name a key (`kid`) of the issuer's key set and be
 * signed with it (RSA), its `iss` must be the configured issuer, its `aud` — or, for access
 * tokens, `client_id` — one of the configured audiences, `exp` after now, `nbf` and `iat` before
 * now; a route with authorization scopes also needs one of them in `scope`. Anything else: 401.
 *
 * What the integration then gets is what API Gateway passes on: every claim as a string — numbers
 * and booleans in their JSON spelling, arrays as `[a b]` (space-separated in brackets, which is why
 * functions/adapters/identity/jwt-verifier.ts parses groups from that shape); objects, which
 * Cognito's ID tokens do not carry, as JSON here (API Gateway's exact spelling of them unverified).
 */
import { decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

export interface JwtAuthorizerConfig {
  /** Resolved issuer URL. */
  issuer: string;
  /** Resolved audiences. */
  audience: string[];
  /** e.g. `$request.header.Authorization` */
  identitySource: string[];
  keys: JWTVerifyGetKey;
}

export type AuthorizerVerdict =
  | { ok: true; claims: Record<string, string>; scopes: string[] | null }
  | { ok: false; wwwAuthenticate?: string };

export interface AuthorizerRequest {
  /** Lower-cased names. */
  headers: Record<string, string>;
  query: URLSearchParams;
}

/** API Gateway accepts only RSA signatures from a JWKS. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512'];

export function jwtAuthorizer(config: JwtAuthorizerConfig) {
  const sources = config.identitySource.map(parseIdentitySource);
  return async (request: AuthorizerRequest, routeScopes: readonly string[] = []): Promise<AuthorizerVerdict> => {
    const raw = sources.map((s) => (s.kind === 'header' ? request.headers[s.name] : (request.query.get(s.name) ?? undefined))).find((v) => v !== undefined);
    if (raw === undefined || raw.trim() === '') return { ok: false };
    const token = raw.replace(/^Bearer\s+/i, '').trim();
    const refuse = (description: string): AuthorizerVerdict => ({ ok: false, wwwAuthenticate: `Bearer scope="${routeScopes.join(' ')}" error="invalid_token" error_description="${description}"` });

    let payload: JWTPayload;
    try {
      if (!decodeProtectedHeader(token).kid) return refuse('the token has no kid');
      ({ payload } = await jwtVerify(token, config.keys, { issuer: config.issuer, algorithms: ALGORITHMS, requiredClaims: ['exp'] }));
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') return refuse('the token has expired');
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') return refuse(`the token's ${(e as { claim?: string }).claim ?? 'claims'} is not valid`);
      return refuse('the token could not be verified');
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.iat === 'number' && payload.iat > now) return refuse('the token was issued in the future');
    const audiences = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
    const clientId = typeof payload.client_id === 'string' ? payload.client_id : undefined;
    if (!audiences.some((a) => config.audience.includes(a)) && !(clientId && config.audience.includes(clientId))) return refuse('the token does not have a valid audience');
    if (routeScopes.length > 0) {
      const granted = String(payload.scope ?? payload.scp ?? '').split(' ');
      if (!routeScopes.some((s) => granted.includes(s))) return { ok: false, wwwAuthenticate: `Bearer scope="${routeScopes.join(' ')}" error="insufficient_scope"` };
    }
    return { ok: true, claims: gatewayClaims(payload), scopes: routeScopes.length > 0 ? [...routeScopes] : null };
  };
}

/** Claims as API Gateway hands them to a Lambda integration (payload 2.0): strings only. */
export function gatewayClaims(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) claims[name] = claimString(value);
  return claims;
}

function claimString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return `[${value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' ')}]`;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function parseIdentitySource(source: string): { kind: 'header' | 'query'; name: string } {
  const header = /^\$request\.header\.(.+)$/.exec(source);
  if (header) return { kind: 'header', name: header[1]!.toLowerCase() };
  const query = /^\$request\.querystring\.(.+)$/.exec(source);
  if (query) return { kind: 'query', name: query[1]! };
  throw new Error(`The local JWT authorizer does not support the identity source ${source}.`);
}
