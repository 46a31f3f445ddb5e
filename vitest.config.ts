import { defineConfig } from 'vitest/config';

// The SDK warns on every client that Node 20 support ends in 2027; tests need not say so 200 times.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Structured logs (functions/adapters/logger.ts) only for errors: no access line per request.
process.env.LOG_LEVEL ??= 'ERROR';

// Test tiers (see README "Tests"): unit → api (app.request() against dynalite + s3rver) and
// Lambda entry → infra (CDK synth + cdk-nag) → aws (the bundled functions behind the synthesized
// HTTP API; `npm run test:aws`) → browser (real Chromium; `npm run test:browser`, and one journey
// through the aws runtime in `browser-aws`).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { test: { name: 'api', include: ['tests/api/**/*.test.ts', 'tests/lambda/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      { test: { name: 'infra', include: ['tests/infra/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000 } },
      {
        test: {
          name: 'aws',
          include: ['tests/aws/**/*.test.ts'],
          // One synthesis per run (cached by the sources' hash), before any file starts the platform.
          globalSetup: ['tests/aws/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser-aws',
          // A wrapper that runs tests/browser/journey.test.ts with PODIUM_RUNTIME=lambda.
          include: ['tests/aws/*.browser.ts'],
          globalSetup: ['tests/aws/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
