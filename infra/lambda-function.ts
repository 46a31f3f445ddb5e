/**
 * The one way Podium defines a Lambda function: Node.js on ARM64, an ESM bundle built by the
 * local esbuild (AWS SDK included, since a bundled SDK starts faster than the runtime's copy),
 * its source map shipped beside it, its own log group with a retention, and a role that may write
 * only to that log group. Callers add grants for what the function touches.
 *
 * The bundle is split (esbuild's code splitting): `index.mjs` and the chunks it imports hold what
 * the function loads at start, and what the code reaches only through a dynamic `import()` (the
 * AWS adapters functions/composition.ts loads on a port's first call, jose) is a chunk beside
 * them, which Node reads and compiles only when that import runs — a cold start does not compile
 * code its request does not call. Every file loaded costs too (≈ 1 ms each in Node's module
 * loader here), so such imports are few and coarse. CDK's NodejsFunction bundling cannot split
 * (it builds one `--outfile`), so the asset is built here, by esbuild's API, with
 * `lambdaBuildOptions`: the same build bench/lambda.ts measures.
 *
 * Source maps are shipped but not loaded: `--enable-source-maps` makes Node read and parse the
 * map (megabytes of JSON) at every cold start, ≈ 20–40 ms here, to improve only the stack traces
 * of unexpected errors. Those traces name `index.mjs:line:column` (or a chunk's name); map them
 * with the `.map` from the asset (`cdk.out/asset.<hash>/`, or the function's code download) — or,
 * while investigating, set `NODE_OPTIONS=--enable-source-maps` on the function (an environment
 * change, no redeploy of the code).
 */
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { build, buildSync, type BuildOptions, type Metafile, type OutputFile } from 'esbuild';
import { AssetHashType, DockerImage, Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
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
  /** What a dynamic `import()` reaches becomes a chunk of its own, loaded when that import runs. */
  splitting: true,
  /**
   * The server formats only messages compiled at build time (functions/shared/i18n/server-catalogues.generated.ts),
   * so the ICU parser (≈ 27 KB with its skeleton parser) is swapped for its no-parser build, which
   * throws if asked to parse.
   */
  alias: { '@formatjs/icu-messageformat-parser': '@formatjs/icu-messageformat-parser/no-parser.js' },
} as const;

/** The handler file Lambda loads (`index.handler`); chunks sit beside it. */
export const LAMBDA_ENTRY_FILE = 'index.mjs';

/**
 * The esbuild build of one function: `entry` (TypeScript) into `outdir` as index.mjs plus its
 * chunks, in memory — `writeLambdaOutputs` writes them (buildLambda, buildLambdaSync).
 */
export function lambdaBuildOptions(entry: string, outdir: string): BuildOptions & { outdir: string; write: false } {
  return {
    entryPoints: { [path.basename(LAMBDA_ENTRY_FILE, '.mjs')]: entry },
    outdir,
    write: false,
    // ESM everywhere: .mjs needs no package.json beside it to be loaded as a module.
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: LAMBDA_BUNDLE.splitting,
    platform: LAMBDA_BUNDLE.platform,
    target: LAMBDA_BUNDLE.target,
    format: LAMBDA_BUNDLE.format,
    minify: LAMBDA_BUNDLE.minify,
    sourcemap: LAMBDA_BUNDLE.sourcemap,
    banner: { js: LAMBDA_BUNDLE.banner },
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    alias: { ...LAMBDA_BUNDLE.alias },
    logLevel: 'warning',
  };
}

/**
 * Writes a build's files. esbuild puts the banner on every chunk, but only code that calls
 * `require` (esbuild's shim for bundled CommonJS) needs it, and each copy costs a `createRequire`
 * at load: the others get an empty first line instead, so their source maps still line up.
 */
export function writeLambdaOutputs(files: readonly OutputFile[]): void {
  // esbuild's shim for require (`typeof require<"u"?require:…`), or a call or property of it.
  const CALLS_REQUIRE = /\btypeof require\b|(?<![\w$.'"-])require\s*[(.]/;
  for (const file of files) {
    let contents: string | Uint8Array = file.contents;
    if (file.path.endsWith('.mjs')) {
      const text = file.text;
      if (!text.startsWith(`${LAMBDA_BUNDLE.banner}\n`)) throw new Error(`${file.path} does not start with the banner`);
      const code = text.slice(LAMBDA_BUNDLE.banner.length);
      if (!CALLS_REQUIRE.test(code)) contents = code;
    }
    mkdirSync(path.dirname(file.path), { recursive: true });
    writeFileSync(file.path, contents);
  }
}

/** Builds and writes one function's bundle (what a synthesis runs, synchronously). */
export function buildLambdaSync(entry: string, outdir: string): void {
  writeLambdaOutputs(buildSync(lambdaBuildOptions(entry, outdir)).outputFiles);
}

/** The same build, asynchronously and with its metafile (bench/lambda.ts, tests). */
export async function buildLambda(entry: string, outdir: string): Promise<{ metafile: Metafile }> {
  const result = await build({ ...lambdaBuildOptions(entry, outdir), metafile: true });
  writeLambdaOutputs(result.outputFiles);
  return { metafile: result.metafile };
}

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
      // Built here rather than by NodejsFunction's bundling, which cannot split (see the header).
      // Hashed by its output, as NodejsFunction hashes its bundles; a synthesis that skips
      // bundling (`aws:cdk:bundling-stacks`) skips this too.
      code: Code.fromAsset(path.dirname(props.entry), {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Never pulled: the local build below always succeeds or throws.
          image: DockerImage.fromRegistry('podium-bundles-locally'),
          // CDK reuses a bundle within a synthesis for assets of equal options, and the build
          // function below is not part of them: the entry is (so every function gets its own).
          environment: { PODIUM_LAMBDA_ENTRY: path.basename(props.entry) },
          local: {
            tryBundle: (outputDir) => {
              buildLambdaSync(props.entry, outputDir);
              return true;
            },
          },
        },
      }),
      handler: `${path.basename(LAMBDA_ENTRY_FILE, '.mjs')}.${props.handler ?? 'handler'}`,
      description: props.description,
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup: this.logGroup,
      environment: props.environment,
    });
  }
}
