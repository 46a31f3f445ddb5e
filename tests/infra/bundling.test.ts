/**
 * The one test that lets CDK run esbuild for real: the api function's asset must be a single
 * ESM file with the createRequire banner, of a sane size, that loads in plain Node and answers
 * GET /api/health like the deployed function would.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { httpApiEvent, invokeCold } from '../../bench/lambda.ts';
import { podiumApp, removeTempDirs } from './podium-app.ts';

afterAll(removeTempDirs);

describe('api function bundle', () => {
  it('is a loadable ESM bundle of reasonable size', async () => {
    // Prepare
    const { app, stack } = podiumApp({ bundle: true });

    // Act
    const assembly = app.synth();

    // Assess
    const fn = Template.fromStack(stack).findResources('AWS::Lambda::Function', {
      Properties: { Description: 'Podium HTTP API: core (Hono)' },
    });
    const [code] = Object.values(fn).map((r) => r.Properties.Code as { S3Key: string });
    expect(code?.S3Key).toMatch(/^[0-9a-f]{64}\.zip$/);
    const assetDir = path.join(assembly.directory, `asset.${code!.S3Key.replace(/\.zip$/, '')}`);
    const bundle = path.join(assetDir, 'index.mjs');
    expect(existsSync(bundle)).toBe(true);
    expect(existsSync(`${bundle}.map`)).toBe(true);

    const source = readFileSync(bundle, 'utf8');
    expect(source.startsWith('import { createRequire')).toBe(true);
    // No AWS SDK: DynamoDB, S3 and SES are spoken to by our own small clients (credentials from
    // the environment Lambda sets), which keeps the bundle and the cold start small.
    expect(source).toContain('AWS_SECRET_ACCESS_KEY');
    expect(source).not.toMatch(/@smithy|sso-oidc|skipping fromEnv provider/);
    expect(source).toMatch(/export\s*\{[^}]*\bas handler\b[^}]*\}/);
    const bytes = statSync(bundle).size;
    expect(bytes).toBeGreaterThan(20_000); // the Hono app and SDK clients are in it
    expect(bytes).toBeLessThan(350_000); // issue 9's ceiling: every 150 KB costs ~25 ms of cold start

    const { response } = await invokeCold(bundle, httpApiEvent('GET', '/api/health'));
    expect(response.statusCode).toBe(200);
  });
});
