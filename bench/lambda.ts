/**
 * Lambda bundle size and cold start. Bundles each API area's entry (functions/lambda/api-*.ts) exactly as the CDK
 * function does (infra/lambda-function.ts' lambdaBuildOptions: index.mjs and the chunks that only
 * dynamic imports reach), then times fresh `node` processes that import
 * a bundle and answer one real HTTP API v2 event for GET /api/health, for three bundles built
 * the same way: the API, a one-route Hono handler (`hono/aws-lambda`, the floor for any Hono app
 * on Lambda) and an empty handler. Runs are interleaved (empty, Hono, API, empty, …) so that
 * load from other work on the machine spreads over all three alike; medians are reported.
 * Node start-up is in every figure, so the ratios say what our code adds. Each process also
 * reports the CPU time it used until it answered (`…cold_cpu_ratio_vs_hono`): on a machine busy
 * with other work the wall-clock ratios shrink towards 1, the CPU ratio does not. The health check
 * reads nothing, so it never loads the chunk of AWS adapters: each area's bundle also answers a
 * cold request that reads the table (dynalite), `…cold_read_cpu_ratio_vs_hono`, in the same rounds.
 */
import { API_AREAS, type ApiArea } from '../functions/app/api-area-of.ts';
import { ensureTable, localDynamoClient } from '../functions/local/stand-ins.ts';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Metafile } from 'esbuild';
import { buildLambda, LAMBDA_ENTRY_FILE } from '../infra/lambda-function.ts';
import { startDynaliteProcess } from './dynalite-process.ts';
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

/**
 * Per area, an anonymous request that reads the (empty) table, and its answer: the published
 * competitions, or 404 once the read finds no such competition. The health check reads nothing,
 * so it never loads the adapters' chunk (functions/composition.ts); this is what a cold start
 * costs a request that does.
 */
const READ_REQUEST: Record<ApiArea, { path: string; status: number }> = {
  core: { path: '/api/competitions', status: 200 },
  evaluation: { path: '/api/competitions/c-bench/rounds', status: 401 },
  reviewing: { path: '/api/invitations/c-bench/bench-invitation-token-0123456789', status: 404 },
  results: { path: '/api/competitions/c-bench/results', status: 404 },
  live: { path: '/api/competitions/c-bench/audience-vote', status: 404 },
  people: { path: '/api/competitions/c-bench/privacy', status: 404 },
  programmes: { path: '/api/programme-invitations/p-bench/bench-invitation-token-0123456789', status: 404 },
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

/** Bundles `entry` with the deployed function's esbuild settings into `outDir`; returns its index.mjs. */
export async function bundleLambda(entry: string, outDir: string): Promise<string> {
  return (await bundleWithMetafile(entry, outDir)).file;
}

/** What one function's asset holds: the handler file and its chunks. */
export interface LambdaBundle {
  /** The handler file (index.mjs). */
  file: string;
  metafile: Metafile;
  /** All of the code: index.mjs and every chunk (source maps aside). */
  bytes: number;
  /** What a cold start reads and compiles: index.mjs and the chunks it imports statically. */
  startupBytes: number;
  /** The output files a cold start loads. */
  startupFiles: string[];
}

/** Builds `entry` as the CDK function is built (infra/lambda-function.ts) into a fresh `outDir`, and sizes it. */
export async function bundleWithMetafile(entry: string, outDir: string): Promise<LambdaBundle> {
  rmSync(outDir, { recursive: true, force: true });
  const { metafile } = await buildLambda(entry, outDir);
  const file = path.resolve(outDir, LAMBDA_ENTRY_FILE);
  const code = Object.keys(metafile.outputs).filter((name) => name.endsWith('.mjs')).map((name) => path.resolve(name));
  // Sizes as written (writeLambdaOutputs drops the banner where no code needs it).
  const size = new Map(code.map((name) => [name, statSync(name).size]));
  const imports = new Map(Object.entries(metafile.outputs).map(([name, o]) => [path.resolve(name), o.imports]));
  const startup = new Set<string>();
  const visit = (name: string) => {
    if (startup.has(name)) return;
    startup.add(name);
    for (const i of imports.get(name) ?? []) if (i.kind === 'import-statement' && size.has(path.resolve(i.path))) visit(path.resolve(i.path));
  };
  visit(file);
  const sum = (names: Iterable<string>) => [...names].reduce((total, name) => total + size.get(name)!, 0);
  return { file, metafile, bytes: sum(code), startupBytes: sum(startup), startupFiles: [...startup] };
}

/** Bytes of the given outputs (all of them by default) per npm package (or per folder of our own code), largest first. */
export function contributors(metafile: Metafile, outFiles?: readonly string[]): [string, number][] {
  const wanted = outFiles && new Set(outFiles.map((f) => path.resolve(f)));
  const outputs = Object.entries(metafile.outputs).filter(([name]) => name.endsWith('.mjs') && (!wanted || wanted.has(path.resolve(name))));
  if (outputs.length === 0) throw new Error(`none of ${outFiles?.join(', ')} in the metafile`);
  const bytes = new Map<string, number>();
  for (const [, output] of outputs)
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

/** One cold invocation to measure: a bundle, the event it answers and its environment. */
interface ColdRun {
  bundle: string;
  event: unknown;
  env?: Record<string, string>;
  /** The status it must answer with. @default 200 */
  status?: number;
}

/**
 * Median cold time of each run over RUNS rounds; each round invokes every one once, in turn, so
 * a noisy moment on the machine costs all of them alike.
 */
async function interleavedMedians(runs: readonly ColdRun[]): Promise<{ ms: number; cpuMs: number }[]> {
  const times = runs.map((): number[] => []);
  const cpu = runs.map((): number[] => []);
  for (let round = 0; round < RUNS; round++) {
    for (const [i, run] of runs.entries()) {
      const { ms, cpuMs, response } = await invokeCold(run.bundle, run.event, run.env);
      if (response.statusCode !== (run.status ?? 200)) throw new Error(`${run.bundle} answered ${response.statusCode}: ${response.body}`);
      times[i]!.push(ms);
      cpu[i]!.push(cpuMs);
    }
  }
  return runs.map((_, i) => ({ ms: median(times[i]!), cpuMs: median(cpu[i]!) }));
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
      const bundle = await bundleWithMetafile(path.join(REPO_ROOT, `functions/lambda/api-${area}.ts`), path.join(OUT_DIR, `api-${area}`));
      return { area, ...bundle, top: contributors(bundle.metafile, bundle.startupFiles).slice(0, 12) };
    }),
  );
  mkdirSync(OUT_DIR, { recursive: true });
  const emptyEntry = path.join(OUT_DIR, 'empty.ts');
  writeFileSync(emptyEntry, "export const handler = async () => ({ statusCode: 200, body: 'ok' });\n");
  const empty = await bundleLambda(emptyEntry, path.join(OUT_DIR, 'empty'));
  const honoEntry = path.join(OUT_DIR, 'hono.ts');
  writeFileSync(honoEntry, HONO_ONE_ROUTE);
  const hono = await bundleLambda(honoEntry, path.join(OUT_DIR, 'hono'));

  for (const a of areas)
    process.stdout.write(
      `  API ${a.area} bundle ${(a.bytes / 1000).toFixed(0)} KB, ${(a.startupBytes / 1000).toFixed(0)} KB of it in the ${a.startupFiles.length} files loaded at start; ` +
        `largest parts of those: ${a.top.map(([k, b]) => `${k} ${(b / 1000).toFixed(0)} KB`).join(', ')}\n`,
    );

  // The table the read requests read: dynalite in a process of its own.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'podium-bench-lambda-'));
  const db = await startDynaliteProcess(dataDir);
  let measured: { ms: number; cpuMs: number }[];
  try {
    await ensureTable(localDynamoClient(db.endpoint), LAMBDA_ENV.TABLE_NAME);
    const health = httpApiEvent('GET', '/api/health');
    const withTable = { ...LAMBDA_ENV, DYNAMODB_ENDPOINT: db.endpoint };
    measured = await interleavedMedians([
      { bundle: empty, event: health },
      { bundle: hono, event: health },
      ...areas.map((a) => ({ bundle: a.file, event: health })),
      ...areas.map((a) => ({ bundle: a.file, event: httpApiEvent('GET', READ_REQUEST[a.area].path), env: withTable, status: READ_REQUEST[a.area].status })),
    ]);
  } finally {
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const [emptyRun, honoRun, ...rest] = measured;
  const areaRuns = rest.slice(0, areas.length);
  const readRuns = rest.slice(areas.length);
  const emptyMs = emptyRun!.ms;
  const honoMs = honoRun!.ms;
  const areaMs = areaRuns.map((r) => r.ms);
  const honoCpu = honoRun!.cpuMs;
  const perArea = areas.flatMap((a, i) => [
    { name: `lambda.api.${a.area}.bytes`, value: a.bytes, unit: 'bytes' },
    // The part of it a cold start reads and compiles (index.mjs and its static imports).
    { name: `lambda.api.${a.area}.startup_bytes`, value: a.startupBytes, unit: 'bytes' },
    { name: `lambda.api.${a.area}.cold_ratio_vs_hono`, value: round(areaMs[i]! / honoMs), unit: 'ratio', baseline: round(honoMs, 1), ratio: round(areaMs[i]! / honoMs) },
    { name: `lambda.api.${a.area}.cold_cpu_ratio_vs_hono`, value: round(areaRuns[i]!.cpuMs / honoCpu), unit: 'ratio', baseline: round(honoCpu, 1), ratio: round(areaRuns[i]!.cpuMs / honoCpu) },
    // A cold start whose request reads the table (READ_REQUEST), in CPU time, against the same
    // Hono handler answering its health check: what our code costs a first real request.
    { name: `lambda.api.${a.area}.cold_read_cpu_ratio_vs_hono`, value: round(readRuns[i]!.cpuMs / honoCpu), unit: 'ratio', baseline: round(honoCpu, 1), ratio: round(readRuns[i]!.cpuMs / honoCpu) },
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
