/**
 * Our JWT verifier (functions/adapters/identity/jws.ts, which replaced jose in the API bundles):
 * tokens signed by jose, checked against the same rules jose's jwtVerify applied (signature,
 * alg, iss, aud, exp, nbf, iat, max age) and the remote JWKS's cache and rotation by kid.
 */
import { describe, expect, it } from 'vitest';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { verifyJwt, remoteJwks } from '../../functions/adapters/identity/jws.ts';
import { jwtVerifier } from '../../functions/adapters/identity/jwt-verifier.ts';

const ISS = 'https://issuer.example';
const AUD = 'client-1';
const NOW = 1_900_000_000;
const check = { issuer: ISS, audience: AUD, clockTolerance: 30, maxTokenAge: 24 * 3600, now: () => NOW };

async function signer(alg: 'RS256' | 'ES256', kid: string) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const sign = (claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) =>
    new SignJWT({ sub: 'u1', email: 'a@b.example', iss: ISS, aud: AUD, iat: NOW - 60, exp: NOW + 3600, ...claims }).setProtectedHeader({ alg, kid, ...header }).sign(privateKey);
  return { jwk, sign, privateKey };
}

describe('verifyJwt', async () => {
  const rs = await signer('RS256', 'k-rs');
  const es = await signer('ES256', 'k-es');
  const other = await signer('RS256', 'k-rs');
  const keys = createLocalJWKSet({ keys: [rs.jwk, es.jwk] });

  it('accepts RS256 and ES256 tokens signed by a key in the set', async () => {
    expect((await verifyJwt(await rs.sign(), keys, check)).sub).toBe('u1');
    expect((await verifyJwt(await es.sign({ aud: ['x', AUD] }), keys, check)).sub).toBe('u1');
  });

  it('refuses a bad signature, a tampered payload, a foreign key and an unknown alg', async () => {
    const good = await rs.sign();
    const [h, p, s] = good.split('.');
    await expect(verifyJwt(await other.sign(), keys, check)).rejects.toThrow();
    const tampered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), sub: 'admin' })).toString('base64url');
    await expect(verifyJwt(`${h}.${tampered}.${s}`, keys, check)).rejects.toThrow();
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid: 'k-rs' })).toString('base64url');
    await expect(verifyJwt(`${none}.${p}.`, keys, check)).rejects.toThrow();
    const hs = Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'k-rs' })).toString('base64url');
    await expect(verifyJwt(`${hs}.${p}.${s}`, keys, check)).rejects.toThrow();
    await expect(verifyJwt(await rs.sign({}, { crit: ['b64'], b64: true }), keys, check)).rejects.toThrow();
    await expect(verifyJwt('a.b', keys, check)).rejects.toThrow();
  });

  it('checks iss, aud, exp, nbf, iat and the age, with the clock tolerance', async () => {
    await expect(verifyJwt(await rs.sign({ iss: 'https://other.example' }), keys, check)).rejects.toThrow('iss');
    await expect(verifyJwt(await rs.sign({ aud: 'client-2' }), keys, check)).rejects.toThrow('aud');
    await expect(verifyJwt(await rs.sign({ exp: NOW - 31 }), keys, check)).rejects.toThrow('expired');
    expect((await verifyJwt(await rs.sign({ exp: NOW - 29 }), keys, check)).sub).toBe('u1');
    await expect(verifyJwt(await rs.sign({ nbf: NOW + 31 }), keys, check)).rejects.toThrow('not yet');
    expect((await verifyJwt(await rs.sign({ nbf: NOW + 29 }), keys, check)).sub).toBe('u1');
    await expect(verifyJwt(await rs.sign({ iat: NOW + 31 }), keys, check)).rejects.toThrow('future');
    await expect(verifyJwt(await rs.sign({ iat: NOW - 24 * 3600 - 31 }), keys, check)).rejects.toThrow('old');
    await expect(verifyJwt(await rs.sign({ exp: undefined }), keys, check)).rejects.toThrow('exp');
    await expect(verifyJwt(await rs.sign({ sub: undefined }), keys, check)).rejects.toThrow('sub');
  });

  it('jwtVerifier turns a token into an identity and refuses access tokens', async () => {
    const verify = jwtVerifier({ issuer: ISS, audience: AUD, keys });
    const token = await new SignJWT({ sub: 'u1', email: 'A@B.example' }).setProtectedHeader({ alg: 'RS256', kid: 'k-rs' }).setIssuer(ISS).setAudience(AUD).setIssuedAt().setExpirationTime('1h').sign(rs.privateKey);
    expect(await verify(token)).toMatchObject({ sub: 'u1', email: 'a@b.example' });
    const access = await new SignJWT({ sub: 'u1', email: 'a@b.example', token_use: 'access' }).setProtectedHeader({ alg: 'RS256', kid: 'k-rs' }).setIssuer(ISS).setAudience(AUD).setIssuedAt().setExpirationTime('1h').sign(rs.privateKey);
    await expect(verify(access)).rejects.toThrow('ID token');
  });
});

describe('remoteJwks', async () => {
  const a = await signer('RS256', 'k-a');
  const b = await signer('RS256', 'k-b');
  const setup = (sets: JWK[][]) => {
    let clock = 0;
    const fetched: number[] = [];
    const fetch = (async () => {
      fetched.push(clock);
      return new Response(JSON.stringify({ keys: sets[Math.min(fetched.length - 1, sets.length - 1)] }), { status: 200 });
    }) as typeof globalThis.fetch;
    const keys = remoteJwks(new URL('https://issuer.example/jwks.json'), { fetch, now: () => clock });
    return { keys, fetched, tick: (ms: number) => (clock += ms) };
  };

  it('fetches once, caches, and refetches for an unknown kid (rotation) at most once per cooldown', async () => {
    const { keys, fetched, tick } = setup([[a.jwk], [a.jwk, b.jwk]]);
    expect((await verifyJwt(await a.sign(), keys, check)).sub).toBe('u1');
    expect((await verifyJwt(await a.sign(), keys, check)).sub).toBe('u1');
    expect(fetched).toHaveLength(1);
    // b's kid arrives within the cooldown: no refetch, refused.
    await expect(verifyJwt(await b.sign(), keys, check)).rejects.toThrow('no key');
    expect(fetched).toHaveLength(1);
    tick(30_000);
    expect((await verifyJwt(await b.sign(), keys, check)).sub).toBe('u1');
    expect(fetched).toHaveLength(2);
    tick(600_000);
    await verifyJwt(await a.sign(), keys, check);
    expect(fetched).toHaveLength(3);
  });

  it('refuses when the JWKS cannot be read', async () => {
    const keys = remoteJwks(new URL('https://issuer.example/jwks.json'), { fetch: (async () => new Response('nope', { status: 500 })) as typeof fetch });
    await expect(verifyJwt(await a.sign(), keys, check)).rejects.toThrow('500');
  });
});
