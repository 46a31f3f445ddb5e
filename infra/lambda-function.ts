/**
 * The one way Podium defines a Lambda function: Node.js on ARM64, an ESM bundle built by the
 * local esbuild (AWS SDK included, since a bundled SDK starts faster than the runtime's copy),
 * its source map shipped beside it, its own log group with a retention, and a role that may write
 * only to that log group. Callers add grants for what the function touches.
 *
 * Source maps are shipped but not loaded: `--enable-source-maps` makes Node read and parse the
 * map (megabytes of JSON) at every cold start, ≈ 20–40 ms here, to improve only the stack traces
 * of unexpected errors. Those traces name `index.mjs:line:column`; map them with the `.map` from
 * the asset (`cdk.out/asset.<hash>/index.mjs.map`, or the function's code download) — or, while
 * investigating, set `NODE_OPTIONS=--enable-source-maps` on the function (an environment change,
 * no redeploy of the code).
 */
import { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * esbuild settings shared by the CDK bundling and bench/lambda.ts, so the benchmark measures
 * the bundle that is deployed.
 */
export const LAMBDA_BUNDLE = {
  target: 'node20',
  platform: 'node',
  format: 'esm',
  minify: true,
  sourcemap: true,
  /** Bundled CommonJS dependencies call `require`, which ESM does not define. */
  banner: "import { createRequire as __podiumCreateRequire } from 'node:module'; const require = __podiumCreateRequire(import.meta.url);",
  mainFields: ['module', 'main'],
} as const;

/**
 * The newest Lambda Node.js runtime (nodejs20.x is deprecated on Lambda). The bundle targets
 * node20 — the oldest Node that runs Podium locally and in CI — so the same code runs on both.
 */
export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;

export interface NodeLambdaProps {
  /** Absolute path of the TypeScript entry file. */
  readonly entry: string;
  /** Exported handler name. @default 'handler' */
  readonly handler?: string;
  readonly description?: string;
  readonly environment?: Record<string, string>;
  /** @default 1024 (more memory also means more CPU, which shortens cold starts) */
  readonly memorySize?: number;
  /** @default 10 seconds (an HTTP API integration times out at 30) */
  readonly timeout?: Duration;
  /** @default one month */
  readonly logRetention?: RetentionDays;
}

export class NodeLambda extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: NodeLambdaProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention ?? RetentionDays.ONE_MONTH });
    // A role of our own instead of AWSLambdaBasicExecutionRole, whose logs:* grants cover every
    // log group in the account.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(role);
    this.role = role;

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: props.handler ?? 'handler',
      description: props.description,
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup: this.logGroup,
      environment: props.environment,
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: LAMBDA_BUNDLE.target,
        minify: LAMBDA_BUNDLE.minify,
        sourceMap: LAMBDA_BUNDLE.sourcemap,
        banner: LAMBDA_BUNDLE.banner,
        mainFields: [...LAMBDA_BUNDLE.mainFields],
        // Bundle the AWS SDK v3 too: one file to load beats resolving the runtime's copy.
        externalModules: [],
      },
    });
  }
}
