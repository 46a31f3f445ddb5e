/**
 * Lambda bundle size and cold start. Bundles each API area's entry (functions/lambda/api-*.ts) exactly as the CDK
 * function does (shared LAMBDA_BUNDLE settings), then times fresh `node` processes that import
 * a bundle and answer one real HTTP API v2 event for GET /api/health, for three bundles built
 * the same way: the API, a one-route Hono handler (`hono/aws-lambda`, the floor for any Hono app
 * on Lambda) and an empty handler. Runs are interleaved (empty, Hono, API, empty, …) so that
 * load from other work on the machine spreads over all three alike; medians are reported.
 * Node start-up is in every figure, so the ratios say what our code adds. Each process also
 * reports the CPU time it used until it answered (`…cold_cpu_ratio_vs_hono`): on a machine busy
 * with other work the wall-clock ratios shrink towards 1, the CPU ratio does not.
 */
import { API_AREAS } from '../functions/app/api-area-of.ts';
import { spawn } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { build, type Metafile } from 'esbuild';
import { LAMBDA_BUNDLE } from '../infra/lambda-function.ts';
import type { BenchResult } from './result.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..');
const OUT_DIR = path.join(REPO_ROOT, 'bench/tmp/lambda');
/** Cold invocations per bundle; the issue asks for medians of at least 15. */
const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 15);

/**
 * What the function sees on Lambda (infra/api.ts sets the first ones, the runtime the AWS_ ones);
 * dummy values, as GET /api/health touches no AWS service.
 */
const LAMBDA_ENV = {
  TABLE_NAME: 'podium-bench',
  BUCKET_NAME: 'podium-bench-pitches',
  MAIL_MODE: 'ses',
  MAIL_FROM: 'programme@bench.example',
  WEB_ORIGIN: 'https://podium.bench.example',
  AWS_LAMBDA_FUNCTION_NAME: 'podium-bench-api',
  AWS_REGION: 'eu-west-1',
  AUTH_ISSUER: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_bench',
  AUTH_AUDIENCE: 'bench-client-id',
  CURSOR_SECRET: 'bench-cursor-secret-0123456789abcdef',
  // infra/jobs.ts gives every API function the job queue (they all start jobs); without it the
  // function would run jobs in its own process, as only the local runtime does.
  JOB_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/podium-bench-jobs',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  // No NODE_OPTIONS: the functions ship their source maps but do not load them (infra/lambda-function.ts).
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
  return (await bundleWithMetafile(entry, outFile)).file;
}

async function bundleWithMetafile(entry: string, outFile: string): Promise<{ file: string; metafile: Metafile }> {
  mkdirSync(path.dirname(outFile), { recursive: true });
  const { metafile } = await build({
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
    metafile: true,
    logLevel: 'warning',
  });
  return { file: outFile, metafile };
}

/** Bytes of the output per npm package (or per folder of our own code), largest first. */
export function contributors(metafile: Metafile, outFile: string): [string, number][] {
  const output = Object.entries(metafile.outputs).find(([name]) => path.resolve(name) === path.resolve(outFile))?.[1];
  if (!output) throw new Error(`no output ${outFile} in the metafile`);
  const bytes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
    const key = pkg ?? input.split('/').slice(0, 2).join('/');
    bytes.set(key, (bytes.get(key) ?? 0) + bytesInOutput);
  }
  return [...bytes].sort((a, b) => b[1] - a[1]);
}

export interface ColdInvocation {
  /** Wall time from spawning `node` to receiving the handler's answer. */
  readonly ms: number;
  /**
   * CPU time (user + system) the process had used when it answered: the same work as `ms` without
   * the waiting for a core, so it holds still when other work loads the machine (wall-clock
   * ratios then shrink towards 1, as every run mostly waits).
   */
  readonly cpuMs: number;
  readonly response: { statusCode?: number; body?: string };
}

/** Marks the handler's answer among whatever else the function prints (its log lines, metrics). */
const ANSWER = '\u0001bench-answer ';

function answerIn(stdout: string): string | undefined {
  const start = stdout.indexOf(ANSWER);
  const end = start < 0 ? -1 : stdout.indexOf('\n', start);
  return end < 0 ? undefined : stdout.slice(start + ANSWER.length, end);
}

/**
 * Starts a fresh `node`, imports the bundle, invokes `handler(event)` once and reports the
 * answer over stdout. The clock runs from just before the spawn until the answer arrives.
 */
export function invokeCold(bundleFile: string, event: unknown, env: Record<string, string> = LAMBDA_ENV): Promise<ColdInvocation> {
  const script = [
    `const { handler } = await import(${JSON.stringify(path.resolve(bundleFile))});`,
    `const response = await handler(${JSON.stringify(event)}, { awsRequestId: 'bench', getRemainingTimeInMillis: () => 10000 });`,
    `const cpu = process.cpuUsage();`,
    `process.stdout.write(${JSON.stringify(ANSWER)} + JSON.stringify({ response, cpuMs: (cpu.user + cpu.system) / 1000 }) + '\\n');`,
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
      if (answeredAt === undefined && answerIn(stdout) !== undefined) {
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
        const { response, cpuMs } = JSON.parse(answerIn(stdout)!) as Pick<ColdInvocation, 'response' | 'cpuMs'>;
        resolve({ ms: answeredAt - started, cpuMs, response });
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

/**
 * Median cold time of each bundle over RUNS rounds; each round invokes every bundle once, in
 * turn, so a noisy moment on the machine costs all of them alike.
 */
async function interleavedMedians(bundles: readonly string[], event: unknown): Promise<{ ms: number; cpuMs: number }[]> {
  const times = bundles.map((): number[] => []);
  const cpu = bundles.map((): number[] => []);
  for (let round = 0; round < RUNS; round++) {
    for (const [i, bundle] of bundles.entries()) {
      const { ms, cpuMs, response } = await invokeCold(bundle, event);
      if (response.statusCode !== 200) throw new Error(`${bundle} answered ${response.statusCode}: ${response.body}`);
      times[i]!.push(ms);
      cpu[i]!.push(cpuMs);
    }
  }
  return bundles.map((_, i) => ({ ms: median(times[i]!), cpuMs: median(cpu[i]!) }));
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/** The smallest Hono app on Lambda: one route, the same adapter as ours. */
const HONO_ONE_ROUTE = `import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
const app = new Hono();
app.get('/api/health', (c) => c.json({ status: 'ok' }));
export const handler = handle(app);
`;

export async function benchLambdas(): Promise<BenchResult[]> {
  // The API is deployed as one function per area (functions/app/api-areas.ts): each is measured,
  // and the headline figures are the largest and slowest of them.
  const areas = await Promise.all(
    API_AREAS.map(async (area) => {
      const out = path.join(OUT_DIR, `api-${area}/index.mjs`);
      const { file, metafile } = await bundleWithMetafile(path.join(REPO_ROOT, `functions/lambda/api-${area}.ts`), out);
      return { area, file, bytes: statSync(file).size, top: contributors(metafile, out).slice(0, 12) };
    }),
  );
  const emptyEntry = path.join(OUT_DIR, 'empty.ts');
  writeFileSync(emptyEntry, "export const handler = async () => ({ statusCode: 200, body: 'ok' });\n");
  const empty = await bundleLambda(emptyEntry, path.join(OUT_DIR, 'empty/index.mjs'));
  const honoEntry = path.join(OUT_DIR, 'hono.ts');
  writeFileSync(honoEntry, HONO_ONE_ROUTE);
  const hono = await bundleLambda(honoEntry, path.join(OUT_DIR, 'hono/index.mjs'));

  for (const a of areas)
    process.stdout.write(`  API ${a.area} bundle ${(a.bytes / 1000).toFixed(0)} KB; largest parts: ${a.top.map(([k, b]) => `${k} ${(b / 1000).toFixed(0)} KB`).join(', ')}\n`);

  const [emptyRun, honoRun, ...areaRuns] = await interleavedMedians([empty, hono, ...areas.map((a) => a.file)], httpApiEvent('GET', '/api/health'));
  const emptyMs = emptyRun!.ms;
  const honoMs = honoRun!.ms;
  const areaMs = areaRuns.map((r) => r.ms);
  const honoCpu = honoRun!.cpuMs;
  const perArea = areas.flatMap((a, i) => [
    { name: `lambda.api.${a.area}.bytes`, value: a.bytes, unit: 'bytes' },
    { name: `lambda.api.${a.area}.cold_ratio_vs_hono`, value: round(areaMs[i]! / honoMs), unit: 'ratio', baseline: round(honoMs, 1), ratio: round(areaMs[i]! / honoMs) },
    { name: `lambda.api.${a.area}.cold_cpu_ratio_vs_hono`, value: round(areaRuns[i]!.cpuMs / honoCpu), unit: 'ratio', baseline: round(honoCpu, 1), ratio: round(areaRuns[i]!.cpuMs / honoCpu) },
  ]);
  const apiMs = Math.max(...areaMs);
  const apiCpu = Math.max(...areaRuns.map((r) => r.cpuMs));
  const bytes = Math.max(...areas.map((a) => a.bytes));

  return [
    { name: 'lambda.api.bytes', value: bytes, unit: 'bytes' },
    { name: 'lambda.hono.bytes', value: statSync(hono).size, unit: 'bytes' },
    { name: 'lambda.api.cold_ms', value: round(apiMs, 1), unit: 'ms' },
    { name: 'lambda.api.cold_ratio', value: round(apiMs / emptyMs), unit: 'ratio', baseline: round(emptyMs, 1), ratio: round(apiMs / emptyMs) },
    { name: 'lambda.api.cold_ratio_vs_hono', value: round(apiMs / honoMs), unit: 'ratio', baseline: round(honoMs, 1), ratio: round(apiMs / honoMs) },
    // The same comparison in CPU time, which a loaded machine does not flatter (see ColdInvocation).
    { name: 'lambda.api.cold_cpu_ratio_vs_hono', value: round(apiCpu / honoCpu), unit: 'ratio', baseline: round(honoCpu, 1), ratio: round(apiCpu / honoCpu) },
    ...perArea,
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  for (const result of await benchLambdas()) console.log(JSON.stringify(result));
}
