/**
 * The composition root: builds the app's dependencies from configuration. Lambda and the local
 * runtime both call this; only the configuration they pass differs.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { Config } from './adapters/config.ts';
import { systemClock } from './adapters/clock.ts';
import { dynamoPorts } from './adapters/dynamodb/index.ts';
import { ulidGenerator } from './adapters/ids.ts';
import { jwtVerifier } from './adapters/identity/jwt-verifier.ts';
import { s3VideoStore } from './adapters/s3/video-store.ts';
import { outboxMailer } from './adapters/dynamodb/awards-repository.ts';
import { sesMailer } from './adapters/mail/ses-mailer.ts';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { AppDeps } from './app/deps.ts';
import type { Clock } from './use-cases/ports.ts';

export function documentClient(config: Pick<Config, 'AWS_REGION' | 'DYNAMODB_ENDPOINT'>, base?: DynamoDBClient) {
  const client = base ?? new DynamoDBClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/**
 * Checksums only where S3 requires them: otherwise presigned UploadPart URLs carry the checksum
 * of an empty body and every browser upload fails (on AWS and on the stand-in alike).
 */
export function s3Client(config: Pick<Config, 'AWS_REGION' | 'S3_ENDPOINT'>, credentials?: { accessKeyId: string; secretAccessKey: string }) {
  return new S3Client({
    region: config.AWS_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_ENDPOINT !== undefined,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export function buildDeps(
  config: Config,
  overrides: { dynamo?: DynamoDBClient; s3?: S3Client; keys?: JWTVerifyGetKey; clock?: Clock } = {},
): AppDeps {
  const doc = documentClient(config, overrides.dynamo);
  const keys =
    overrides.keys ?? createRemoteJWKSet(new URL(config.AUTH_JWKS_URL ?? `${config.AUTH_ISSUER}/.well-known/jwks.json`));
  const clock = overrides.clock ?? systemClock;
  const outbox = outboxMailer(doc, config.TABLE_NAME, ulidGenerator, clock);
  return {
    ...dynamoPorts(doc, config.TABLE_NAME, { cursorSecret: config.CURSOR_SECRET }),
    mailer: config.MAIL_MODE === 'ses' ? sesMailer(new SESv2Client({ region: config.AWS_REGION }), config.MAIL_FROM!) : outbox,
    outbox,
    webOrigin: config.WEB_ORIGIN,
    videos: s3VideoStore(overrides.s3 ?? s3Client(config), config.BUCKET_NAME),
    clock,
    ids: ulidGenerator,
    verifyToken: jwtVerifier({ issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, keys }),
  };
}
