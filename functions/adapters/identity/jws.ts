/**
 * A compact JWT's signature (node:crypto, keys imported as WebCrypto keys) and claims checked, and a remote JWKS (Cognito's) with
 * a cache — the part of jose that jwt-verifier.ts used, for the algorithms our providers sign
 * with (RS256 Cognito and the local provider; ES256 besides), so that no API bundle carries jose
 * (README, "Lambda bundle size"). The key getter has jose's shape (`JWTVerifyGetKey`), so the
 * local runtime and tests still hand in jose's createLocalJWKSet. Any failure throws; the
 * identity middleware answers 401 for all alike.
 */
import { KeyObject, verify as nodeVerify } from 'node:crypto';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';

/** The algorithms accepted (both SHA-256), and how their keys import into WebCrypto. */
const ALGORITHMS: Record<string, { import: RsaHashedImportParams | EcKeyImportParams; kty: string; crv?: string }> = {
  RS256: { import: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, kty: 'RSA' },
  ES256: { import: { name: 'ECDSA', namedCurve: 'P-256' }, kty: 'EC', crv: 'P-256' },
};

export interface JwtCheck {
  issuer: string;
  audience: string;
  /** Seconds of skew allowed on exp, nbf and iat. */
  clockTolerance: number;
  /** The most seconds since iat. */
  maxTokenAge: number;
  /** Seconds since the epoch (tests pin it). */
  now?: () => number;
}

interface Header {
  alg?: unknown;
  kid?: unknown;
  crit?: unknown;
  b64?: unknown;
}

function base64url(part: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw new Error('not base64url');
  return new Uint8Array(Buffer.from(part, 'base64url'));
}

function jsonObject(bytes: Uint8Array): Record<string, unknown> {
  const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
  return value as Record<string, unknown>;
}

/**
 * The payload of `token` once its signature verifies with the key `keys` gives for its header,
 * and iss, aud, exp, iat and sub are there and hold (nbf too when present), as jose's jwtVerify
 * checked them with `requiredClaims: ['exp', 'iat', 'sub']` and `maxTokenAge`.
 */
export async function verifyJwt(token: string, keys: JWTVerifyGetKey, check: JwtCheck): Promise<JWTPayload> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('not a compact JWS');
  const [protectedPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = jsonObject(base64url(protectedPart)) as Header;
  // No extension is understood: a token that makes one critical is refused (RFC 7515 §4.1.11).
  if (header.crit !== undefined || header.b64 !== undefined) throw new Error('unsupported JWS header');
  const alg = typeof header.alg === 'string' ? ALGORITHMS[header.alg] : undefined;
  if (!alg) throw new Error('unsupported alg');
  const key = await keys(header as Parameters<JWTVerifyGetKey>[0], { protected: protectedPart, payload: payloadPart, signature: signaturePart });
  if (!(key instanceof CryptoKey) || key.type !== 'public' || key.algorithm.name !== alg.import.name) throw new Error('key does not fit the alg');
  if (!verifies(alg, key, `${protectedPart}.${payloadPart}`, base64url(signaturePart))) throw new Error('signature verification failed');
  const payload = jsonObject(base64url(payloadPart)) as JWTPayload;
  checkClaims(payload, check);
  return payload;
}

/**
 * The signature checked by node:crypto's synchronous verify with the key as a KeyObject (one per
 * CryptoKey, kept): WebCrypto's verify of the same key costs about 100 µs more CPU per request
 * here (a thread-pool round trip and copies), on every authenticated request.
 */
const keyObjects = new WeakMap<CryptoKey, KeyObject>();
function verifies(alg: (typeof ALGORITHMS)[string], key: CryptoKey, signed: string, signature: Uint8Array): boolean {
  let keyObject = keyObjects.get(key);
  if (!keyObject) keyObjects.set(key, (keyObject = KeyObject.from(key)));
  // A JWS ES256 signature is r ‖ s (IEEE P1363), not DER.
  return nodeVerify('sha256', Buffer.from(signed), alg.kty === 'EC' ? { key: keyObject, dsaEncoding: 'ieee-p1363' } : keyObject, signature);
}

function checkClaims(payload: JWTPayload, c: JwtCheck): void {
  const now = c.now ? c.now() : Math.floor(Date.now() / 1000);
  if (payload.iss !== c.issuer) throw new Error('unexpected iss');
  const aud = payload.aud;
  if (!(aud === c.audience || (Array.isArray(aud) && aud.includes(c.audience)))) throw new Error('unexpected aud');
  for (const claim of ['exp', 'iat'] as const) if (typeof payload[claim] !== 'number') throw new Error(`${claim} missing`);
  if (typeof payload.sub !== 'string') throw new Error('sub missing');
  if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > now + c.clockTolerance)) throw new Error('not yet valid');
  if (payload.exp! <= now - c.clockTolerance) throw new Error('expired');
  const age = now - payload.iat!;
  if (age - c.clockTolerance > c.maxTokenAge) throw new Error('too old');
  if (age < -c.clockTolerance) throw new Error('iat in the future');
}

export interface RemoteJwksOptions {
  /** How long fetched keys are used before they are fetched again (jose's default, 10 min). */
  cacheMaxAgeMs?: number;
  /** The least time between two fetches for a key not in the set (jose's default, 30 s). */
  cooldownMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

interface Jwk {
  kty?: string;
  kid?: string;
  use?: string;
  alg?: string;
  crv?: string;
  key_ops?: string[];
}

/**
 * The keys at `url` (a JWKS document), fetched on first use and kept `cacheMaxAgeMs`; a token
 * whose kid is not among them refetches the set (key rotation), at most once per `cooldownMs`.
 */
export function remoteJwks(url: URL, o: RemoteJwksOptions = {}): JWTVerifyGetKey {
  const maxAge = o.cacheMaxAgeMs ?? 600_000;
  const cooldown = o.cooldownMs ?? 30_000;
  const now = o.now ?? Date.now;
  let keys: Jwk[] | undefined;
  let fetchedAt = -Infinity;
  let pending: Promise<void> | undefined;
  const imported = new Map<Jwk, Promise<CryptoKey>>();

  const reload = () =>
    (pending ??= (async () => {
      const response = await (o.fetch ?? fetch)(url, { headers: { accept: 'application/json' }, redirect: 'manual', signal: AbortSignal.timeout(o.timeoutMs ?? 5000) });
      if (response.status !== 200) throw new Error(`JWKS answered ${response.status}`);
      const body = (await response.json()) as { keys?: unknown };
      if (!Array.isArray(body?.keys) || !body.keys.every((k) => typeof k === 'object' && k !== null)) throw new Error('not a JWKS');
      keys = body.keys as Jwk[];
      fetchedAt = now();
      imported.clear();
    })().finally(() => (pending = undefined)));

  const candidates = (header: { alg?: string; kid?: string }) => {
    const alg = header.alg ? ALGORITHMS[header.alg] : undefined;
    if (!alg) return [];
    return (keys ?? []).filter(
      (k) =>
        k.kty === alg.kty &&
        (header.kid === undefined || k.kid === header.kid) &&
        (k.use === undefined || k.use === 'sig') &&
        (k.alg === undefined || k.alg === header.alg) &&
        (alg.crv === undefined || k.crv === alg.crv) &&
        (!Array.isArray(k.key_ops) || k.key_ops.includes('verify')),
    );
  };

  return async (header) => {
    if (keys === undefined || now() - fetchedAt >= maxAge) await reload();
    let found = candidates(header);
    if (found.length === 0 && now() - fetchedAt >= cooldown) {
      await reload();
      found = candidates(header);
    }
    if (found.length !== 1) throw new Error(found.length === 0 ? 'no key in the JWKS fits the token' : 'more than one key in the JWKS fits the token');
    const jwk = found[0]!;
    let key = imported.get(jwk);
    if (!key) {
      key = crypto.subtle.importKey('jwk', jwk as JsonWebKey, ALGORITHMS[header.alg!]!.import, false, ['verify']);
      imported.set(jwk, key);
      key.catch(() => imported.delete(jwk));
    }
    return key;
  };
}
