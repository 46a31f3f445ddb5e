/**
 * Builds the Podium CDK app the way `cdk synth` does (cdk.json context, cdk-nag included), for
 * tests: bundling off unless asked, a stub web build, CloudFormation validation off for speed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { definePodium } from '../../infra/app.ts';
import type { PodiumStack } from '../../infra/podium-stack.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

const tempDirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Removes the stub web builds and cloud assemblies made so far; call from afterAll. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** `new App()` does not read cdk.json; tests load its context themselves. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

/** A folder standing in for web/dist, so infra tests do not need a web build. */
export function stubWebDist(): string {
  const dir = tempDir('podium-webdist-');
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Podium</title>');
  return dir;
}

export interface TestAppOptions {
  /** Run esbuild for the Lambda (slow); otherwise bundling is skipped. */
  readonly bundle?: boolean;
  /** Run CloudFormation's own template validation (W/E rules). */
  readonly cfnValidation?: boolean;
  readonly context?: Record<string, unknown>;
}

export function podiumApp(options: TestAppOptions = {}): { app: App; stack: PodiumStack } {
  const app = new App({
    context: {
      ...cdkJsonContext(),
      'podium:webDist': stubWebDist(),
      'podium:authDomainPrefix': 'podium-test',
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...options.context,
    },
    builtinCloudFormationValidation: options.cfnValidation ?? false,
    outdir: tempDir('podium-cdk-out-'),
  });
  const stack = definePodium(app);
  return { app, stack };
}
