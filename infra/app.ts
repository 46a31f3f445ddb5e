/**
 * CDK app entry (`cdk.json`: `npx tsx infra/app.ts`), which builds the web app first when
 * web/dist is missing or older than its sources (infra/web-build.ts). `definePodium` is exported
 * so tests build exactly the app that `cdk synth` builds, cdk-nag included.
 *
 * Context:
 * - `podium:webDist`: folder with the built web app (default web/dist, from `npm run build:web`);
 * - `podium:authDomainPrefix`: Cognito hosted UI prefix (default `podium-<account id>`);
 * - `podium:stackName`: default `Podium`;
 * - `podium:mailFrom`: the sender of notification e-mails, an address or domain you can verify in
 *   SES (default `podium@example.org`; verify it, and leave the SES sandbox, before going live);
 * - `podium:alarmEmail`: an address subscribed to the alarms' SNS topic (none by default).
 * - `podium:transcodePitches`, `podium:automaticCaptions`: `true` adds the optional MediaConvert /
 *   Transcribe grants and resources (infra/media-processing.ts; off by default).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PodiumStack } from './podium-stack.ts';
import { ensureWebBuild } from './web-build.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');

export function definePodium(app: App): PodiumStack {
  const context = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const stack = new PodiumStack(app, context('podium:stackName') ?? 'Podium', {
    description: 'Podium: innovation competitions for SME programmes',
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    webDist: path.resolve(REPO_ROOT, context('podium:webDist') ?? 'web/dist'),
    authDomainPrefix: context('podium:authDomainPrefix'),
    mailFrom: context('podium:mailFrom') ?? 'podium@example.org',
    alarmEmail: context('podium:alarmEmail'),
    transcodePitches: context('podium:transcodePitches') === 'true',
    automaticCaptions: context('podium:automaticCaptions') === 'true',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const app = new App();
  // `cdk synth` / `cdk deploy` on a fresh clone: build web/dist first (unless another folder is named).
  if (app.node.tryGetContext('podium:webDist') === undefined) ensureWebBuild(REPO_ROOT);
  definePodium(app);
  app.synth();
}
