/**
 * Configuration: the fast reading of a plainly valid environment (no schema built at a cold
 * start) gives what the schema gives, for every variable; anything else is the schema's to judge.
 */
import { describe, expect, it } from 'vitest';
import { envSchema, loadConfig } from '../../functions/adapters/config.ts';

const required = { TABLE_NAME: 't', BUCKET_NAME: 'b', AUTH_ISSUER: 'https://issuer.test/pool', AUTH_AUDIENCE: 'web', CURSOR_SECRET: 'c'.repeat(32) };
/** A plainly valid value for every variable the schema knows. */
const everything = {
  ...required,
  AWS_REGION: 'eu-central-1',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
  S3_ENDPOINT: 'http://127.0.0.1:4569',
  AUTH_JWKS_URL: 'https://issuer.test/pool/jwks.json',
  MAIL_MODE: 'ses',
  MAIL_FROM: 'podium@programme.test',
  MAIL_CONFIGURATION_SET: 'podium-mail',
  JOB_QUEUE_URL: 'https://sqs.eu-central-1.amazonaws.com/123456789012/jobs',
  WEB_ORIGIN: 'https://podium.test',
  LOG_LEVEL: 'ERROR',
  METRICS: 'memory',
  AWS_LAMBDA_FUNCTION_NAME: 'api',
  MEDIACONVERT_ROLE_ARN: 'arn:aws:iam::123456789012:role/podium-mediaconvert',
  MEDIACONVERT_JOB_TEMPLATE: 'podium-h264',
  TRANSCRIBE_OUTPUT_PREFIX: 'captions-auto/',
};

/** What loadConfig returns, computed through the schema alone. */
function throughSchema(env: Record<string, string | undefined>) {
  const { AWS_LAMBDA_FUNCTION_NAME, METRICS, ...rest } = envSchema().parse(env);
  return { ...rest, METRICS: METRICS ?? (AWS_LAMBDA_FUNCTION_NAME ? 'emf' : 'memory') };
}

describe('loadConfig', () => {
  it('reads every variable of the schema as the schema does', () => {
    expect(Object.keys(everything).sort()).toEqual(Object.keys(envSchema().shape).sort());
    expect(loadConfig({ ...everything, PATH: '/usr/bin' })).toEqual(throughSchema(everything));
  });

  it('applies the defaults as the schema does', () => {
    expect(loadConfig(required)).toEqual(throughSchema(required));
    expect(loadConfig({ ...required, AWS_LAMBDA_FUNCTION_NAME: 'api' }).METRICS).toBe('emf');
  });

  it('leaves a value that needs the schema to the schema: trimmed, or refused with the reason', () => {
    expect(loadConfig({ ...required, WEB_ORIGIN: ' https://podium.test ' }).WEB_ORIGIN).toBe('https://podium.test');
    expect(() => loadConfig({ ...required, CURSOR_SECRET: 'short' })).toThrow(/Invalid configuration: CURSOR_SECRET: must be at least 32 characters/);
    expect(() => loadConfig({ ...required, MAIL_MODE: 'ses' })).toThrow(/MAIL_FROM: MAIL_FROM is required when MAIL_MODE=ses/);
    expect(() => loadConfig({ ...required, DYNAMODB_ENDPOINT: 'not a url' })).toThrow(/DYNAMODB_ENDPOINT/);
    expect(() => loadConfig({ ...required, LOG_LEVEL: 'LOUD' })).toThrow(/LOG_LEVEL/);
  });
});
