import { describe, expect, it } from 'vitest';
import { identityFromClaims } from '../../functions/adapters/identity/jwt-verifier.ts';

describe('claims → identity', () => {
  it('reads Cognito groups as an array (verified token) or as API Gateway\'s string form', () => {
    const base = { sub: 's', email: 'A@Example.test' };
    expect(identityFromClaims({ ...base, 'cognito:groups': ['organisers'] }).groups).toEqual(['organisers']);
    expect(identityFromClaims({ ...base, 'cognito:groups': '[organisers jury]' }).groups).toEqual(['organisers', 'jury']);
    expect(identityFromClaims(base)).toEqual({ sub: 's', email: 'a@example.test', name: 'a@example.test', groups: [] });
  });

  it('refuses claims without subject or e-mail', () => {
    expect(() => identityFromClaims({ sub: 's' })).toThrow();
    expect(() => identityFromClaims({ email: 'a@b.test' })).toThrow();
  });
});
