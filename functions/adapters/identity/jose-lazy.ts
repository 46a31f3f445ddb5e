/**
 * The part of jose that verifies tokens, imported dynamically (jwt-verifier.ts, composition.ts) so
 * that a cold start does not evaluate it. A module of its own because a bundler cannot drop the
 * unused exports of a package imported with `import('jose')`: importing this one keeps the bundle
 * to these two functions and what they use.
 */
export { createRemoteJWKSet, jwtVerify } from 'jose';
