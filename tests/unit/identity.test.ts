import { describe, expect, it } from 'vitest';
import { identityFromClaims } from '../../functions/adapters/identity/jwt-verifier.ts';
import { Unauthenticated } from '../../functions/domain/errors.ts';

describe('claims → identity', () => {
  it('reads Cognito groups as an array (verified token) or as API Gateway\'s string form', () => {
    const base = { sub: 's', email: 'A@Example.test' };
    expect(identityFromClaims({ ...base, 'cognito:groups': ['organisers'] }).groups).toEqual(['organisers']);
    expect(identityFromClaims({ ...base, 'cognito:groups': '[organisers jury]' }).groups).toEqual(['organisers', 'jury']);
    expect(identityFromClaims(base)).toEqual({ sub: 's', email: 'a@example.test', emailVerified: false, name: 'a@example.test', groups: [] });
  });

  it('trusts the address only when email_verified is true, as a boolean or as API Gateway\'s string', () => {
    const base = { sub: 's', email: 'a@example.test' };
    expect(identityFromClaims({ ...base, email_verified: true }).emailVerified).toBe(true);
    expect(identityFromClaims({ ...base, email_verified: 'true' }).emailVerified).toBe(true);
    for (const claim of [false, 'false', 'True', 1, undefined]) expect(identityFromClaims({ ...base, email_verified: claim }).emailVerified).toBe(false);
  });

  it('refuses claims without subject or e-mail as unauthenticated (an access token is not a sign-in)', () => {
    expect(() => identityFromClaims({ sub: 's' })).toThrow(Unauthenticated);
    expect(() => identityFromClaims({ email: 'a@b.test' })).toThrow(Unauthenticated);
    expect(() => identityFromClaims({ sub: 's', client_id: 'web', token_use: 'access', scope: 'openid' })).toThrow(/ID token/);
  });
});
