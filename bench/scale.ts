/**
 * `npm run bench:scale [-- --submissions 2000] [--rounds-of-samples 20] [--route-budget-s 120]
 * [--heap-mb 1536] [--only '<name part>[|<name part>…]']`: a competition at programme scale, measured route by route.
 *
 * 1. dynalite in a process of its own (bench/dynalite-process.ts, on disk under bench/tmp/), the
 *    table made by ensureTable; the world (bench/scale/world.ts: N submitted entrants, N/5
 *    investors, 5N reviews, the audit trail, a prize plan, and "the copy" without reviews) seeded
 *    through the real repositories and batch-written.
 * 2. The app in a child process (bench/scale/app-process.ts: buildDeps + createFullApp, s3rver,
 *    the in-process job queue, a metered DynamoDB client), over HTTP.
 * 3. Every case of bench/scale/routes.ts — the routes the web's pages call, as it calls them, and
 *    the jobs — phase by phase: an interactive route `--rounds-of-samples` times (default 20, one
 *    unmeasured warm-up for reads; fewer, at least 3, once its samples took `--route-budget-s`:
 *    a write whose queued work recomputes the ranking each time), a job once, followed to its end when it answers 202
 *    (bench/scale/measure.ts). Each sample is sent alone, so every DynamoDB call between its start
 *    and its end (background work it left included) is its own.
 * 4. bench/scale.json, keyed by size ({ "2000": {...}, "20000": {...} }, other sizes kept), and a
 *    table (and the same as Markdown, for the README).
 *
 * Per route or job: p50/p95 latency (ms, as the client sees it; a job's from the request to its
 * end), DynamoDB calls (median and max per sample) and the longest sequential chain, read and
 * write request units (mean per sample; index writes included), response bytes (median, max), and
 * for a job what it produced. Then the cost model below.
 *
 * Figures are from one machine shared with other work: latencies are noisy (compare p50s within a
 * run, not across machines); calls and units are exact for the code measured.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { fixedClock } from '../functions/adapters/clock.ts';
import { loadConfig } from '../functions/adapters/config.ts';
import { buildOpenApiDocument } from '../functions/app/openapi-document.ts';
import { buildDeps } from '../functions/composition-all.ts';
import type { Identity } from '../functions/domain/identity.ts';
import { ensureTable, localDocumentClient, localDynamoClient, localS3Client } from '../functions/local/stand-ins.ts';
import { startDynaliteProcess } from './dynalite-process.ts';
import { AppProcess } from './scale/app-client.ts';
import { measure, measureWork, send, type Sample } from './scale/measure.ts';
import { catalogue, declaredOnly, discoveredRankingJobs, loadExportFiles, PHASE_ORDER, phaseInstant, routeExists, type OpenApiLike, type RouteCase } from './scale/routes.ts';
import { PHASES, seedWorld, shapeOf } from './scale/world.ts';

const { values: args } = parseArgs({
  options: {
    submissions: { type: 'string', default: '2000' },
    'rounds-of-samples': { type: 'string', default: '20' },
    'heap-mb': { type: 'string', default: '1536' },
    'route-budget-s': { type: 'string', default: '120' },
    only: { type: 'string' },
  },
});
const N = Number(args.submissions);
/** `--only 'a|b'`: the cases whose name contains any of the parts (all without `--only`; names hold commas). */
const chosen = (name: string) => !args.only || args.only.split('|').some((part) => part && name.includes(part.trim()));
const SAMPLES = Number(args['rounds-of-samples']);
const HEAP_MB = Number(args['heap-mb']);
/** A route is sampled `--rounds-of-samples` times, or fewer (at least MIN_SAMPLES) once its samples have taken CASE_BUDGET_MS. */
const CASE_BUDGET_MS = Number(args['route-budget-s']) * 1000;
const MIN_SAMPLES = 3;
if (!Number.isInteger(N) || N < 10) throw new Error('--submissions must be a whole number ≥ 10');
if (!Number.isInteger(SAMPLES) || SAMPLES < 1) throw new Error('--rounds-of-samples must be a whole number ≥ 1');

// ---------------------------------------------------------------------------------------------------
// Prices: AWS list prices, eu-west-1 (Ireland), as of 2026-12 — on-demand, no free tier.
//
// DynamoDB on-demand (Standard table class), https://aws.amazon.com/dynamodb/pricing/on-demand/:
// $0.7068 per million write request units and $0.1413 per million read request units. These are
// the figures since 2024-11-01, when AWS halved on-demand throughput prices in every region
// ("Amazon DynamoDB reduces prices for on-demand throughput by 50%", AWS What's New, 2024-11-14);
// before that eu-west-1 listed $1.4135 and $0.283 (the figures the issue quotes). `--old-prices`
// is not offered: both are in scale.json (`cost.atPre2024Prices`) so earlier figures compare.
//
// Lambda, https://aws.amazon.com/lambda/pricing/: $0.20 per million requests; duration on Arm
// (infra/lambda-function.ts: ARM_64) $0.0000133334 per GB-second ($0.0000166667 on x86), billed
// per 1 ms. The API function has 1024 MB (infra/lambda-function.ts default), the job function
// 1769 MB (infra/jobs.ts). Duration is taken as the measured request time, and for work a request
// queues (the ranking's recomputation) the time from its answer until that work had finished, on
// the job function — both local, on a loaded machine, so estimates (DynamoDB units are exact).
//
// S3 Standard, https://aws.amazon.com/s3/pricing/: $0.005 per 1,000 PUT/COPY/POST/LIST, $0.0004
// per 1,000 GET. The two journeys below make no S3 request (links are presigned locally; pitch
// uploads are left out: their cost is the video's storage and transfer, not the platform's), so
// S3 counts 0 there; it is listed so that a journey that gains an S3 call is costed.
//
// Not included: API Gateway (HTTP API, per request), CloudFront, SES (mail goes to the outbox here,
// which writes to DynamoDB and is counted), storage, data transfer, CloudWatch.
// ---------------------------------------------------------------------------------------------------
const PRICES = {
  dynamoWritePerMillion: 0.7068,
  dynamoReadPerMillion: 0.1413,
  lambdaRequestPerMillion: 0.2,
  lambdaGbSecondArm: 0.0000133334,
  apiMemoryGb: 1024 / 1024,
  jobMemoryGb: 1769 / 1024,
  s3PutPer1000: 0.005,
  s3GetPer1000: 0.0004,
};
const PRE_2024 = { ...PRICES, dynamoWritePerMillion: 1.4135, dynamoReadPerMillion: 0.283 };

/**
 * The two journeys costed, as counts of measured routes.
 *
 * Per 1,000 submissions — the work one entrant's submission causes, times 1,000: register once,
 * start the draft once, save it 3 times, submit once (the web's "Submit" sends the form with it:
 * saved and submitted in one request — before, it saved first, a save this journey did not count); along the way the competition page 3 times,
 * "my submissions" 3 times and the registration once (the submission page takes the entrant's
 * submission from "my submissions", which answers it whole: no GET of it besides); and the
 * organiser's side of one more submission: 1/25 of a page of the submissions list (25 a page, as
 * the web asks) and opening it once.
 *
 * Per 10,000 review scores — a review score is one reviewer's submitted scores for one submission
 * (all its criteria), times 10,000: the review queue twice, the review sheet twice, saving a draft
 * once, submitting once (the web's "Submit review" sends the form with it: saved and submitted in
 * one request, no save before it).
 */
const JOURNEYS: Record<string, Record<string, number>> = {
  per1000Submissions: {
    register: 1,
    'start draft': 1,
    'save submission': 3,
    'submit submission': 1,
    'competition page': 3,
    'my submissions': 3,
    'my registration': 1,
    'submissions list': 1 / 25,
    'a submission': 1,
  },
  per10000ReviewScores: {
    'my reviews (investor)': 2,
    'review sheet': 2,
    'save review': 1,
    'submit review': 1,
  },
};
const JOURNEY_SCALE: Record<string, number> = { per1000Submissions: 1000, per10000ReviewScores: 10_000 };
const TARGETS = { per1000Submissions: 0.02, per10000ReviewScores: 0.06, interactiveP50Ms: N >= 20_000 ? 1000 : 300, maxBodyBytes: 1024 * 1024, jobMs: 5 * 60_000 };

// ---------------------------------------------------------------------------------------------------

const ISSUER = 'https://scale.bench';
const AUDIENCE = 'podium-web';
const TABLE = 'podium-scale';
const BUCKET = 'podium-scale';
const CURSOR_SECRET = 'scale-bench-cursor-secret-0123456789';
const HERE = fileURLToPath(new URL('.', import.meta.url));
const OUT = `${HERE}scale.json`;

const log = (line: string) => process.stdout.write(`${line}\n`);
const started = Date.now();
const since = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

async function main() {
  const work = `${HERE}tmp/scale-${N}-${process.pid}`;
  await rm(work, { recursive: true, force: true });
  await mkdir(`${work}/s3`, { recursive: true });
  log(`▸ scale bench: ${N} submissions, ${SAMPLES} samples a route (${JSON.stringify(shapeOf(N))})`);

  const dynamo = await startDynaliteProcess(`${work}/dynamo`);
  let app: AppProcess | undefined;
  try {
    await ensureTable(localDynamoClient(dynamo.endpoint), TABLE);
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'scale', alg: 'RS256' };
    const token = (who: Identity) =>
      new SignJWT({ email: who.email, email_verified: true, name: who.name, 'cognito:groups': who.groups, token_use: 'id' })
        .setProtectedHeader({ alg: 'RS256', kid: 'scale' })
        .setSubject(who.sub)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('2h')
        .sign(privateKey);

    // ---- seed -----------------------------------------------------------------------------------
    const db = localDocumentClient(dynamo.endpoint);
    const clock = fixedClock(PHASES.seeding);
    const deps = buildDeps(loadConfig({ TABLE_NAME: TABLE, BUCKET_NAME: BUCKET, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, CURSOR_SECRET }), {
      dynamo: db,
      s3: localS3Client('http://127.0.0.1:9'),
      keys: createLocalJWKSet({ keys: [jwk] }),
      clock,
      // Use cases the seeding calls may start jobs (a ranking recomputation): run, not refused.
      ...((await jobHandlers()) ? { jobHandlers: await jobHandlers() } : {}),
    } as Parameters<typeof buildDeps>[1]);
    log(`▸ seeding (${since()})`);
    const seedStarted = Date.now();
    const world = await seedWorld(Object.assign(deps, { clock }), db, TABLE, N, { log });
    await (deps as { inProcessJobs?: { settled(): Promise<void> } }).inProcessJobs?.settled();
    const seedSeconds = Math.round((Date.now() - seedStarted) / 1000);
    log(`  seeded in ${seedSeconds} s`);

    // ---- the app ----------------------------------------------------------------------------------
    app = new AppProcess({ dynamoEndpoint: dynamo.endpoint, table: TABLE, bucket: BUCKET, s3Directory: `${work}/s3`, issuer: ISSUER, audience: AUDIENCE, cursorSecret: CURSOR_SECRET, jwk, clock: PHASES.open }, HEAP_MB);
    await app.start();
    log(`▸ app process at ${app.origin} (${since()})`);

    const doc = buildOpenApiDocument() as unknown as OpenApiLike;
    await loadExportFiles();
    const known = catalogue(world);
    const cases = [...known, ...discoveredRankingJobs(world, doc, known)].filter((c) => chosen(c.name));
    const jobKinds = await registeredJobKinds();
    const results: Record<string, RouteResult> = {};
    const absent: string[] = [];
    const tokens = new Map<string, string>();
    const tokenOf = async (who?: Identity) => {
      if (!who) return undefined;
      if (!tokens.has(who.sub)) tokens.set(who.sub, await token(who));
      return tokens.get(who.sub);
    };

    for (const phase of PHASE_ORDER) {
      await app.ensureRunning();
      await app.setClock(phaseInstant(phase));
      log(`▸ phase ${phase} (${phaseInstant(phase)}) (${since()})`);
      if (phase === 'open' && chosen('ranking recompute')) {
        // The seeded reviews were written behind the use cases' back: the live ranking (where there
        // is one) is computed from them once, as a change of its inputs starts it, before anything reads it.
        const s = await measureWork(app, () => app!.recomputeRanking(world.competitionId));
        if (s.error?.includes('no live ranking')) absent.push('ranking recompute (this code has no live ranking)');
        else {
          results['ranking recompute (live ranking)'] = summariseCase(RANKING_RECOMPUTE, [s]);
          log(`  ${'ranking recompute (live ranking)'.padEnd(40)} ${describe(results['ranking recompute (live ranking)']!)}`);
        }
      }
      for (const c of cases.filter((x) => x.phase === phase)) {
        if (!routeExists(doc, c)) {
          absent.push(`${c.name} (${c.method} ${c.template})`);
          continue;
        }
        const unmeasured = async (r: { method: string; path: string; who?: Identity; body?: unknown }) => {
          const a = await send(app!.origin, { method: r.method, path: r.path, token: await tokenOf(r.who), body: r.body }, 'setup');
          await app!.settle();
          return { status: a.status, json: a.json };
        };
        await c.prepare?.(unmeasured);
        const count = c.kind === 'job' ? 1 : Math.min(SAMPLES, c.maxSamples ?? Infinity);
        if (c.kind === 'route' && !c.writes) await unmeasured(declaredOnly(doc, c, c.request(count)));
        const samples: Sample[] = [];
        const caseStarted = performance.now();
        for (let i = 0; i < count; i++) {
          // A write whose queued work takes long (a recomputation per sample) is sampled fewer times.
          if (i >= MIN_SAMPLES && performance.now() - caseStarted > CASE_BUDGET_MS) {
            log(`  (${c.name}: ${i} samples, the ${CASE_BUDGET_MS / 1000} s budget of a route is spent)`);
            break;
          }
          if (await app.ensureRunning()) {
            await app.setClock(phaseInstant(phase));
            log(`  ! the app process had ended (${app.lastExit}); started again`);
          }
          const r = declaredOnly(doc, c, c.request(i));
          const s = await measure(app, { method: r.method, path: r.path, token: await tokenOf(r.who), body: r.body });
          c.onAnswer?.(i, { status: s.status, json: s.json });
          delete s.json;
          samples.push(s);
          if (s.status >= 400 || s.status === 0) log(`  ! ${c.name} #${i}: ${s.status} ${s.error ?? s.text ?? ''}`.slice(0, 400));
        }
        if (!app.alive) log(`  ! the app process ${app.lastExit} during ${c.name}`);
        results[c.name] = summariseCase(c, samples);
        log(`  ${c.name.padEnd(40)} ${describe(results[c.name]!)}`);
      }
    }

    const cost = costs(results);
    const report = {
      size: N,
      shape: shapeOf(N),
      measuredAt: new Date().toISOString(),
      samplesPerRoute: SAMPLES,
      seedSeconds,
      appRestarts: app.restarts,
      note: 'One shared machine (2 cores, other work running): latencies are noisy; calls and units are exact for the code measured.',
      targets: TARGETS,
      routes: results,
      absent,
      jobKindsRegistered: jobKinds,
      cost,
      checks: checks(results, cost),
    };
    await writeReport(report);
    printTable(results, cost, absent);
  } finally {
    await app?.stop();
    await dynamo.stop();
    await rm(work, { recursive: true, force: true });
  }
}

/** Not a route: the app process starts it (app-process.ts, op 'ranking'). */
const RANKING_RECOMPUTE: RouteCase = { name: 'ranking recompute (live ranking)', kind: 'job', method: 'POST', template: '(no route: started by a change of the ranking inputs)', phase: 'open', request: () => ({ method: 'POST', path: '' }) };

interface RouteResult {
  kind: 'route' | 'job';
  method: string;
  route: string;
  samples: number;
  statuses: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  /** Mean request time (what Lambda would bill, roughly), ms. */
  meanRequestMs: number;
  /** Mean time the work the request queued ran after the answer (billed by the job function), ms. */
  meanQueuedMs?: number;
  dynamo: {
    calls: number;
    callsMax: number;
    sequential: number;
    sequentialMax: number;
    itemsRead: number;
    readUnits: number;
    writeUnits: number;
    indexWriteUnits: number;
    /** Of the write units, those of indexes kept only until a later deploy drops them (table-definition.ts RETIRING_INDEXES). */
    retiringIndexWriteUnits: number;
    failedCalls: number;
    byOperation: Record<string, number>;
    /** Of the above (means), the calls that started after the answer: work the request queued (a job), run by the queue. */
    afterAnswer?: { calls: number; readUnits: number; writeUnits: number };
  };
  bytes: { p50: number; max: number };
  peakMb: number;
  job?: { state: string; durationMs: number; polls: number; resultBytes?: number; error?: string; answeredAtOnce: boolean };
  errors?: string[];
}

const quantile = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
};
const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, x) => a + x, 0) / xs.length);
const r1 = (x: number) => Math.round(x * 10) / 10;

function summariseCase(c: RouteCase, samples: Sample[]): RouteResult {
  // A job answered at once may still queue work (the notifications): its time runs to that work's end.
  for (const s of samples) if (c.kind === 'job' && !s.job && s.queuedMs !== undefined) s.ms = s.requestMs + s.queuedMs;
  const statuses: Record<string, number> = {};
  for (const s of samples) statuses[String(s.status)] = (statuses[String(s.status)] ?? 0) + 1;
  const byOperation: Record<string, number> = {};
  for (const s of samples) for (const [op, k] of Object.entries(s.db.byOperation)) byOperation[op] = r1((byOperation[op] ?? 0) + k / samples.length);
  const errors = samples.filter((s) => s.status >= 400 || s.status === 0 || s.job?.error).map((s) => `${s.status} ${s.error ?? s.job?.error ?? s.text ?? ''}`.slice(0, 300));
  const job = samples[0]?.job;
  return {
    kind: c.kind,
    method: c.method,
    route: c.template,
    samples: samples.length,
    statuses,
    p50Ms: r1(quantile(samples.map((s) => s.ms), 0.5)),
    p95Ms: r1(quantile(samples.map((s) => s.ms), 0.95)),
    meanRequestMs: r1(mean(samples.map((s) => s.requestMs))),
    ...(samples.some((s) => s.queuedMs !== undefined) ? { meanQueuedMs: r1(mean(samples.map((s) => s.queuedMs ?? 0))) } : {}),
    dynamo: {
      calls: quantile(samples.map((s) => s.db.calls), 0.5),
      callsMax: Math.max(0, ...samples.map((s) => s.db.calls)),
      sequential: quantile(samples.map((s) => s.db.sequential), 0.5),
      sequentialMax: Math.max(0, ...samples.map((s) => s.db.sequential)),
      itemsRead: r1(mean(samples.map((s) => s.db.itemsRead))),
      readUnits: r1(mean(samples.map((s) => s.db.readUnits))),
      writeUnits: r1(mean(samples.map((s) => s.db.writeUnits))),
      indexWriteUnits: r1(mean(samples.map((s) => s.db.indexWriteUnits))),
      retiringIndexWriteUnits: r1(mean(samples.map((s) => s.db.retiringIndexWriteUnits ?? 0))),
      failedCalls: samples.reduce((a, s) => a + s.db.failedCalls, 0),
      byOperation,
      ...(c.kind === 'route' && samples.some((s) => s.afterAnswer)
        ? { afterAnswer: { calls: r1(mean(samples.map((s) => s.afterAnswer?.calls ?? 0))), readUnits: r1(mean(samples.map((s) => s.afterAnswer?.readUnits ?? 0))), writeUnits: r1(mean(samples.map((s) => s.afterAnswer?.writeUnits ?? 0))) } }
        : {}),
    },
    bytes: { p50: quantile(samples.map((s) => s.bytes), 0.5), max: Math.max(0, ...samples.map((s) => s.bytes)) },
    peakMb: Math.max(0, ...samples.map((s) => s.peakMb)),
    ...(c.kind === 'job' && samples[0]
      ? { job: job ? { state: job.state, durationMs: Math.round(job.durationMs), polls: job.polls, ...(job.resultBytes !== undefined ? { resultBytes: job.resultBytes } : {}), ...(job.error ? { error: job.error } : {}), answeredAtOnce: false } : { state: samples[0].error ? `error: ${samples[0].error.slice(0, 120)}` : c === RANKING_RECOMPUTE ? (samples[0].status === 200 ? 'ran to its end' : 'failed') : samples[0].status >= 400 ? 'refused' : samples[0].queuedMs !== undefined ? 'answered at once, then queued work to its end' : 'answered at once', durationMs: Math.round(samples[0].ms), polls: 0, answeredAtOnce: true } }
      : {}),
    ...(errors.length ? { errors: errors.slice(0, 5) } : {}),
  };
}

function describe(r: RouteResult) {
  const status = Object.entries(r.statuses).map(([s, k]) => (k > 1 ? `${s}×${k}` : s)).join(',');
  return `${status.padEnd(8)} p50 ${String(r.p50Ms).padStart(8)} ms  calls ${r.dynamo.calls} (seq ${r.dynamo.sequential})  RRU ${r.dynamo.readUnits}  WRU ${r.dynamo.writeUnits}  ${r.bytes.max} B${r.job ? `  job ${r.job.state}` : ''}`;
}

/** Cost of one request of a route, $: its units and its Lambda invocation. */
function requestCost(r: RouteResult, p: typeof PRICES, withoutQueued = false, withoutRetiring = false) {
  const reads = r.dynamo.readUnits - (withoutQueued ? (r.dynamo.afterAnswer?.readUnits ?? 0) : 0);
  const writes = r.dynamo.writeUnits - (withoutQueued ? (r.dynamo.afterAnswer?.writeUnits ?? 0) : 0) - (withoutRetiring ? r.dynamo.retiringIndexWriteUnits : 0);
  const dynamo = (reads * p.dynamoReadPerMillion + writes * p.dynamoWritePerMillion) / 1e6;
  const queued = withoutQueued || !r.meanQueuedMs ? 0 : p.lambdaRequestPerMillion / 1e6 + (Math.ceil(r.meanQueuedMs) / 1000) * p.jobMemoryGb * p.lambdaGbSecondArm;
  const lambda = p.lambdaRequestPerMillion / 1e6 + (Math.ceil(r.meanRequestMs) / 1000) * p.apiMemoryGb * p.lambdaGbSecondArm + queued;
  const s3 = 0; // no S3 request in the journeys costed (see the header)
  return { dynamo, lambda, s3 };
}

function costs(results: Record<string, RouteResult>) {
  const out: Record<string, unknown> = { prices: PRICES, definitions: 'bench/scale.ts, JOURNEYS' };
  const at = (p: typeof PRICES, withoutQueued = false, withoutRetiring = false) => {
    const o: Record<string, { total: number; dynamo: number; lambda: number; s3: number; missing: string[] }> = {};
    for (const [journey, counts] of Object.entries(JOURNEYS)) {
      let dynamo = 0;
      let lambda = 0;
      const missing: string[] = [];
      for (const [name, times] of Object.entries(counts)) {
        const r = results[name];
        if (!r || r.samples === 0) {
          missing.push(name);
          continue;
        }
        const c = requestCost(r, p, withoutQueued, withoutRetiring);
        dynamo += c.dynamo * times;
        lambda += c.lambda * times;
      }
      const k = JOURNEY_SCALE[journey]!;
      const round6 = (x: number) => Math.round(x * k * 1e6) / 1e6;
      o[journey] = { total: round6(dynamo + lambda), dynamo: round6(dynamo), lambda: round6(lambda), s3: 0, missing };
    }
    return o;
  };
  Object.assign(out, at(PRICES));
  out.atPre2024Prices = at(PRE_2024);
  // What the requests cost without the work they queue after answering (the ranking's
  // recomputation, once per sample here, where on a busy day many changes share one run).
  out.withoutQueuedWork = at(PRICES, true);
  // Once the indexes nothing reads any more are dropped (the second step of table-definition.ts
  // RETIRING_INDEXES: gsi1, replaced by gsi4): the same requests without their index writes.
  out.afterRetiringIndexesDropped = at(PRICES, false, true);
  return out as { per1000Submissions: { total: number }; per10000ReviewScores: { total: number } } & Record<string, unknown>;
}

function checks(results: Record<string, RouteResult>, cost: ReturnType<typeof costs>) {
  const interactive = Object.entries(results).filter(([, r]) => r.kind === 'route');
  return {
    interactiveOverP50Target: interactive.filter(([, r]) => r.p50Ms > TARGETS.interactiveP50Ms).map(([n, r]) => `${n}: ${r.p50Ms} ms`),
    bodiesOver1MB: Object.entries(results).filter(([, r]) => r.bytes.max > TARGETS.maxBodyBytes).map(([n, r]) => `${n}: ${r.bytes.max} B`),
    jobsOver5Min: Object.entries(results).filter(([, r]) => r.kind === 'job' && r.p50Ms > TARGETS.jobMs).map(([n, r]) => `${n}: ${Math.round(r.p50Ms / 1000)} s`),
    failing: Object.entries(results).filter(([, r]) => r.errors?.length).map(([n, r]) => `${n}: ${r.errors![0]}`),
    per1000SubmissionsWithinTarget: cost.per1000Submissions.total <= TARGETS.per1000Submissions,
    per10000ReviewScoresWithinTarget: cost.per10000ReviewScores.total <= TARGETS.per10000ReviewScores,
  };
}

/** The job handlers, where this code base has them (a computed path, as in scale/app-process.ts). */
async function jobHandlers(): Promise<object | undefined> {
  const path = '../functions/use-cases/job-handlers.ts';
  try {
    return ((await import(path)) as { JOB_HANDLERS?: object }).JOB_HANDLERS;
  } catch {
    return undefined;
  }
}

async function registeredJobKinds(): Promise<string[]> {
  return Object.keys((await jobHandlers()) ?? {});
}

async function writeReport(report: { size: number }) {
  if (args.only) {
    // A partial run (`--only`) never replaces a full one's figures: it goes to bench/tmp/.
    const partial = fileURLToPath(new URL(`./tmp/scale-only-${report.size}.json`, import.meta.url));
    await mkdir(fileURLToPath(new URL('./tmp/', import.meta.url)), { recursive: true });
    await writeFile(partial, `${JSON.stringify(report, null, 2)}\n`);
    log(`Wrote bench/tmp/scale-only-${report.size}.json (partial run, --only ${args.only}) (${since()})`);
    return;
  }
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(await readFile(OUT, 'utf8')) as Record<string, unknown>;
  } catch {
    all = {};
  }
  all[String(report.size)] = report;
  const sorted = Object.fromEntries(Object.entries(all).sort(([a], [b]) => Number(a) - Number(b)));
  await writeFile(OUT, `${JSON.stringify(sorted, null, 2)}\n`);
  log(`Wrote bench/scale.json ("${report.size}") (${since()})`);
}

function printTable(results: Record<string, RouteResult>, cost: ReturnType<typeof costs>, absent: string[]) {
  const rows = Object.entries(results).map(([name, r]) => ({
    name,
    kind: r.kind,
    status: Object.entries(r.statuses).map(([s, k]) => `${s}×${k}`).join(' '),
    'p50 ms': r.p50Ms,
    'p95 ms': r.p95Ms,
    calls: r.dynamo.calls,
    seq: r.dynamo.sequential,
    RRU: r.dynamo.readUnits,
    WRU: r.dynamo.writeUnits,
    'bytes max': r.bytes.max,
    job: r.job ? r.job.state : '',
    'after the answer (calls/RRU/WRU)': r.dynamo.afterAnswer ? `${r.dynamo.afterAnswer.calls}/${r.dynamo.afterAnswer.readUnits}/${r.dynamo.afterAnswer.writeUnits}` : '',
  }));
  console.table(rows);
  log(`Cost per 1,000 submissions: $${cost.per1000Submissions.total} (target ≤ $${TARGETS.per1000Submissions}); per 10,000 review scores: $${cost.per10000ReviewScores.total} (target ≤ $${TARGETS.per10000ReviewScores})`);
  const without = cost.withoutQueuedWork as typeof cost;
  log(`  without the work queued after the answer: $${without.per1000Submissions.total} and $${without.per10000ReviewScores.total}`);
  const dropped = cost.afterRetiringIndexesDropped as typeof cost;
  log(`  once the retiring indexes are dropped (RETIRING_INDEXES, the next deploy): $${dropped.per1000Submissions.total} and $${dropped.per10000ReviewScores.total}`);
  if (absent.length) log(`Not in this code (left out): ${absent.join('; ')}`);
  log('');
  log(`| ${N.toLocaleString('en')} submissions | p50 ms | p95 ms | DynamoDB calls (seq) | RRU | WRU | bytes |`);
  log('|---|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) log(`| ${row.name}${row.job ? ` (${row.job})` : ''} | ${row['p50 ms']} | ${row['p95 ms']} | ${row.calls} (${row.seq}) | ${row.RRU} | ${row.WRU} | ${row['bytes max']} |`);
}

await main();
