/**
 * Lambda bundle size and cold start. Bundles functions/lambda/api.ts exactly as the CDK
 * function does (shared LAMBDA_BUNDLE settings), then times fresh `node` processes that import
 * the bundle and answer one real HTTP API v2 event for GET /api/health, against the same
 * measurement for an empty handler. Node start-up on this machine is in both, so the ratio says
 * what our code adds.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { build } from 'esbuild';
import { LAMBDA_BUNDLE } from '../infra/lambda-function.ts';
import type { BenchResult } from './result.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const OUT_DIR = path.join(REPO_ROOT, 'bench/tmp/lambda');
const RUNS = 7;

/** What the function sees on Lambda; dummy values, as GET /api/health touches no AWS service. */
const LAMBDA_ENV = {
  TABLE_NAME: 'podium-bench',
  BUCKET_NAME: 'podium-bench-pitches',
  AWS_REGION: 'eu-west-1',
  AUTH_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_bench',
  AUTH_AUDIENCE: 'bench-client-id',
  CURSOR_SECRET: 'bench-cursor-secret-0123456789abcdef',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  NODE_OPTIONS: '--enable-source-maps',
};

/** An HTTP API (payload 2.0) event as API Gateway sends it for an anonymous GET. */
export function httpApiEvent(method: string, rawPath: string): APIGatewayProxyEventV2 {
  const domainName = 'abc123.execute-api.eu-west-1.amazonaws.com';
  return {
    version: '2.0',
    routeKey: `${method} ${rawPath}`,
    rawPath,
    rawQueryString: '',
    headers: { accept: 'application/json', host: domainName, 'user-agent': 'podium-bench', 'x-forwarded-proto': 'https' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName,
      domainPrefix: 'abc123',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'podium-bench' },
      requestId: 'bench-request',
      routeKey: `${method} ${rawPath}`,
      stage: '$default',
      time: '01/Jan/2030:00:00:00 +0000',
      timeEpoch: 1_893_456_000_000,
    },
    isBase64Encoded: false,
  };
}

/** Bundles `entry` with the deployed function's esbuild settings; returns the output file. */
export async function bundleLambda(entry: string, outFile: string): Promise<string> {
  mkdirSync(path.dirname(outFile), { recursive: true });
  await build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    platform: LAMBDA_BUNDLE.platform,
    target: LAMBDA_BUNDLE.target,
    format: LAMBDA_BUNDLE.format,
    minify: LAMBDA_BUNDLE.minify,
    sourcemap: LAMBDA_BUNDLE.sourcemap,
    banner: { js: LAMBDA_BUNDLE.banner },
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    logLevel: 'warning',
  });
  return outFile;
}

export interface ColdInvocation {
  /** Wall time from spawning `node` to receiving the handler's answer. */
  readonly ms: number;
  readonly response: { statusCode?: number; body?: string };
}

/**
 * Starts a fresh `node`, imports the bundle, invokes `handler(event)` once and reports the
 * answer over stdout. The clock runs from just before the spawn until the answer arrives.
 */
export function invokeCold(bundleFile: string, event: unknown, env: Record<string, string> = LAMBDA_ENV): Promise<ColdInvocation> {
  const script = [
    `const { handler } = await import(${JSON.stringify(path.resolve(bundleFile))});`,
    `const response = await handler(${JSON.stringify(event)}, { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10000 });`,
    `process.stdout.write(JSON.stringify(response) + '\\n');`,
  ].join('\n');
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let answeredAt: number | undefined;
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (answeredAt === undefined && stdout.includes('\n')) {
        answeredAt = performance.now();
        // The answer is all we wait for; open sockets or timers must not hold the next run back.
        child.kill();
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (answeredAt === undefined) {
        reject(new Error(`cold invocation exited with ${code} before answering: ${stderr.trim()}`));
        return;
      }
      try {
        const response = JSON.parse(stdout.slice(0, stdout.indexOf('\n'))) as ColdInvocation['response'];
        resolve({ ms: answeredAt - started, response });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function medianColdMs(bundleFile: string, event: unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { ms, response } = await invokeCold(bundleFile, event);
    if (response.statusCode !== 200) throw new Error(`${bundleFile} answered ${response.statusCode}: ${response.body}`);
    times.push(ms);
  }
  return median(times);
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

export async function benchLambdas(): Promise<BenchResult[]> {
  const api = await bundleLambda(path.join(REPO_ROOT, 'functions/lambda/api.ts'), path.join(OUT_DIR, 'api/index.mjs'));
  const emptyEntry = path.join(OUT_DIR, 'empty.ts');
  writeFileSync(emptyEntry, "export const handler = async () => ({ statusCode: 200, body: 'ok' });\n");
  const empty = await bundleLambda(emptyEntry, path.join(OUT_DIR, 'empty/index.mjs'));

  const event = httpApiEvent('GET', '/api/health');
  const emptyMs = await medianColdMs(empty, event);
  const apiMs = await medianColdMs(api, event);

  return [
    { name: 'lambda.api.bytes', value: statSync(api).size, unit: 'bytes' },
    { name: 'lambda.api.cold_ms', value: round(apiMs, 1), unit: 'ms' },
    { name: 'lambda.api.cold_ratio', value: round(apiMs / emptyMs), unit: 'ratio', baseline: round(emptyMs, 1), ratio: round(apiMs / emptyMs) },
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  for (const result of await benchLambdas()) console.log(JSON.stringify(result));
}
