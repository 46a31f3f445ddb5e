/**
 * What the benchmarks share: the app's dependencies wired as Lambda wires them (over the given
 * stand-in clients, with a bench signing key), tokens for bench users, and an open competition.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { loadConfig } from '../functions/adapters/config.ts';
import type { DocumentClient } from '../functions/adapters/dynamodb/client.ts';
import type { AppDeps } from '../functions/app/deps.ts';
import { buildDeps } from '../functions/composition-all.ts';
import type { CompetitionKind } from '../functions/domain/competition.ts';
import type { Identity } from '../functions/domain/identity.ts';
import { DEFAULT_PITCH_POLICY } from '../functions/domain/pitch.ts';
import { createCompetition } from '../functions/use-cases/create-competition.ts';
import { publishCompetition } from '../functions/use-cases/publish-competition.ts';

const ISSUER = 'https://bench';
const AUDIENCE = 'podium-web';

export async function benchPlatform(dynamo: DocumentClient, s3: S3Client, table = 'bench', bucket = 'bench') {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256' };
  const deps: AppDeps = buildDeps(loadConfig({ TABLE_NAME: table, BUCKET_NAME: bucket, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, CURSOR_SECRET: 'bench-cursor-secret-0123456789abcdef' }), {
    dynamo,
    s3,
    keys: createLocalJWKSet({ keys: [jwk] }),
  });
  const token = (who: { sub: string; email: string; name?: string }) =>
    new SignJWT({ email: who.email, email_verified: true, name: who.name ?? who.email, 'cognito:groups': [] })
      .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
      .setSubject(who.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
  return { deps, token };
}

export const benchOrganiser: Identity = { sub: 'org', email: 'org@bench.test', name: 'Org', groups: ['organisers'] };

/** A published competition open for submissions now, closing in ten days. */
export async function openBenchCompetition(deps: AppDeps, kind: CompetitionKind) {
  const now = Date.now();
  const iso = (days: number) => new Date(now + days * 86_400_000).toISOString();
  const draft = await createCompetition(deps, benchOrganiser, {
    title: 'Bench',
    description: '',
    kind,
    sectors: [],
    eligibility: { countries: [], smeOnly: false },
    schedule: { timeZone: 'UTC', submissionsOpen: iso(-1), submissionsClose: iso(10), evaluationStart: iso(11), evaluationEnd: iso(12), resultsDate: iso(13) },
    rubric: [{ name: 'A', description: '', weight: 1, scale: { min: 1, max: 5 } }],
    questions: [],
    pitch: DEFAULT_PITCH_POLICY,
  });
  return publishCompetition(deps, benchOrganiser, draft.id, draft.version);
}
