/**
 * The one test that lets CDK run esbuild for real: the api function's asset must be an ESM
 * handler file (index.mjs) with its chunks beside it, of a sane size, that loads in plain Node and
 * answers GET /api/health like the deployed function would.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { httpApiEvent, invokeCold } from '../../bench/lambda.ts';
import { podiumApp, removeTempDirs } from './podium-app.ts';

afterAll(removeTempDirs);

/** One bundled synthesis for the tests below (esbuild runs for every function). */
let synthesized: { stack: ReturnType<typeof podiumApp>['stack']; assembly: ReturnType<ReturnType<typeof podiumApp>['app']['synth']> } | undefined;
function synthesize() {
  if (!synthesized) {
    const { app, stack } = podiumApp({ bundle: true });
    synthesized = { stack, assembly: app.synth() };
  }
  return synthesized;
}

describe('api function bundle', () => {
  it('is a loadable ESM bundle of reasonable size', async () => {
    // Prepare, act
    const { stack, assembly } = synthesize();

    // Assess
    const fn = Template.fromStack(stack).findResources('AWS::Lambda::Function', {
      Properties: { Description: 'Podium HTTP API: core (Hono)' },
    });
    const [code] = Object.values(fn).map((r) => r.Properties.Code as { S3Key: string });
    expect(code?.S3Key).toMatch(/^[0-9a-f]{64}\.zip$/);
    // Each function its own bundle (CDK shares one between assets it cannot tell apart).
    const keys = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))
      .filter((r) => (r.Properties.Handler as string | undefined) === 'index.handler')
      .map((r) => (r.Properties.Code as { S3Key: string }).S3Key);
    expect(keys.length).toBeGreaterThanOrEqual(6); // three API areas, jobs, pitch processor, announcements
    expect(new Set(keys).size).toBe(keys.length);
    const assetDir = path.join(assembly.directory, `asset.${code!.S3Key.replace(/\.zip$/, '')}`);
    const bundle = path.join(assetDir, 'index.mjs');
    expect(existsSync(bundle)).toBe(true);
    expect(existsSync(`${bundle}.map`)).toBe(true);

    const files = readdirSync(assetDir).filter((f) => f.endsWith('.mjs'));
    const source = files.map((f) => readFileSync(path.join(assetDir, f), 'utf8')).join('\n');
    // No AWS SDK: DynamoDB, S3 and SES are spoken to by our own small clients (credentials from
    // the environment Lambda sets), which keeps the bundle and the cold start small.
    expect(source).toContain('AWS_SECRET_ACCESS_KEY');
    expect(source).not.toMatch(/@smithy|sso-oidc|skipping fromEnv provider/);
    expect(readFileSync(bundle, 'utf8')).toMatch(/export\s*\{[^}]*\bas handler\b[^}]*\}/);
    // Split: the area's AWS adapters are a chunk of their own (that a cold start does not load it
    // is tests/unit/lambda-chunks.test.ts's business).
    expect(files.filter((f) => /^core-adapters-\w+\.mjs$/.test(f))).toHaveLength(1);
    const bytes = files.reduce((sum, f) => sum + statSync(path.join(assetDir, f)).size, 0);
    expect(bytes).toBeGreaterThan(20_000); // the Hono app and our AWS clients are in it
    expect(bytes).toBeLessThan(350_000); // issue 9's ceiling: every 150 KB costs ~25 ms of cold start

    const { response } = await invokeCold(bundle, httpApiEvent('GET', '/api/health'));
    expect(response.statusCode).toBe(200);
  });
});

describe('sign-up trigger bundle', () => {
  it('is small (no web framework), loads, and answers Cognito with the event it was given', async () => {
    const { stack, assembly } = synthesize();
    const fn = Object.entries(Template.fromStack(stack).findResources('AWS::Lambda::Function')).filter(([id]) => id.startsWith('AuthAccountCreatedFunction'));
    expect(fn).toHaveLength(1);
    const key = (fn[0]![1].Properties.Code as { S3Key: string }).S3Key;
    const assetDir = path.join(assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
    const files = readdirSync(assetDir).filter((f) => f.endsWith('.mjs'));
    const source = files.map((f) => readFileSync(path.join(assetDir, f), 'utf8')).join('\n');
    expect(source).not.toMatch(/hono|oidc-provider/i);
    expect(files.reduce((sum, f) => sum + statSync(path.join(assetDir, f)).size, 0)).toBeLessThan(150_000);
    // A confirmed password reset is not a new account: nothing to write, the event comes back.
    const event = {
      version: '1',
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_TEST',
      userName: 'u-1',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client' },
      triggerSource: 'PostConfirmation_ConfirmForgotPassword',
      request: { userAttributes: { sub: 'u-1', email: 'u-1@example.test' } },
      response: {},
    };
    const { response } = await invokeCold(path.join(assetDir, 'index.mjs'), event, { TABLE_NAME: 'podium-test', AWS_REGION: 'eu-west-1' });
    expect(response).toEqual(event);
  });
});
