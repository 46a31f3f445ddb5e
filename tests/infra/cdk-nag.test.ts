/**
 * cdk-nag (AwsSolutions) must be clean: no finding left unacknowledged, errors or warnings, in
 * an environment-agnostic synth and in one pinned to an account and region (acknowledgment ids
 * that embed ARNs differ between the two).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Stack, Validations } from 'aws-cdk-lib';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { podiumApp, removeTempDirs } from './podium-app.ts';

type Report = { pluginReports: Array<{ pluginName: string; violations: unknown[]; suppressedViolations?: Array<{ ruleName: string; reason: string }> }> };

afterAll(removeTempDirs);

afterEach(() => {
  vi.unstubAllEnvs();
});

// CloudFormation's own validation (as `cdk synth` runs it) costs ~10 s to load; once is enough.
describe.each([
  { name: 'environment-agnostic', env: {}, cfnValidation: true },
  { name: 'pinned to an account and region', env: { CDK_DEFAULT_ACCOUNT: '123456789012', CDK_DEFAULT_REGION: 'eu-west-1' }, cfnValidation: false },
])('AwsSolutions checks, $name', ({ env, cfnValidation }) => {
  it('leave no unacknowledged finding, and every acknowledgment has a reason', () => {
    // Prepare
    vi.stubEnv('CDK_DEFAULT_ACCOUNT', undefined);
    vi.stubEnv('CDK_DEFAULT_REGION', undefined);
    for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
    const { app } = podiumApp({ cfnValidation });

    // Act: synthesis throws with the full report if any plugin reports an error.
    const assembly = app.synth();

    // Assess: warnings do not fail synthesis, so check the written report and the pack itself.
    const report = JSON.parse(readFileSync(path.join(assembly.directory, VALIDATION_REPORT_FILE), 'utf8')) as Report;
    for (const plugin of report.pluginReports) {
      expect(plugin.violations, plugin.pluginName).toEqual([]);
      for (const suppressed of plugin.suppressedViolations ?? []) {
        expect(suppressed.reason.length, suppressed.ruleName).toBeGreaterThan(30);
      }
    }
    expect(new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(app).violations).toEqual([]);
  });
});

describe('the nag pack registered by definePodium', () => {
  it('fails synthesis on an unacknowledged finding', () => {
    // Prepare: a bucket with none of the protections the pack asks for.
    const { app } = podiumApp();
    new Bucket(new Stack(app, 'Careless'), 'Careless');

    // Act + Assess
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });

  it('accepts an acknowledgment placed on the construct', () => {
    const { app } = podiumApp();
    const stack = new Stack(app, 'Acknowledged');
    const bucket = new Bucket(stack, 'Bucket', { enforceSSL: true });
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'test bucket, never deployed' });

    expect(() => app.synth()).not.toThrow();
  });
});
