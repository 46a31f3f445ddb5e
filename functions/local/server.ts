/**
 * The local embedded runtime: the whole of Podium on one machine and one port. DynamoDB and S3
 * are the embedded stand-ins (persisted in the data folder), Cognito is the local OpenID provider,
 * and the API is the very app that runs on Lambda. One HTTP server routes
 *   /oidc/*  → the local OpenID provider (sign-in pages included),
 *   /api/*   → the Podium API (createFullApp: every area in one app),
 *   /config.json → what the web app needs to find the identity provider,
 *   anything else → the built web app (web/dist), index.html for client-side routes.
 *
 * With `runtime: 'lambda'` the API is instead what a deployment runs: the CDK app is synthesized
 * (cached) and the paths its CloudFront distribution sends to the HTTP API go to a local emulation
 * of that API in front of the bundled, minified Lambda functions (functions/local/aws/); S3 events
 * and the announcement timer invoke the bundled pitch processor and announcer. The stand-ins, the
 * identity provider, the web app and the seed are the same in both runtimes.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { S3Event } from 'aws-lambda';
import { getRequestListener } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { createLocalJWKSet } from 'jose';
import { loadConfig } from '../adapters/config.ts';
import { log as structuredLog, setLogLevel } from '../adapters/logger.ts';
import { createFullApp } from '../app/api-areas.ts';
import { buildDeps } from '../composition-all.ts';
import { createPitchEventHandler } from '../app/pitch-events.ts';
import { toS3Event } from './s3-events.ts';
import { runScheduledWork } from '../use-cases/scheduler.ts';
import { localCursorSecret } from './cursor-secret.ts';
import { DEMO_ACCOUNTS, recordDemoAccounts } from './demo-accounts.ts';
import { drainingServer, inFlight } from './draining.ts';
import { acquireDataDirLock } from './lock.ts';
import { startAwsPlatform, type AwsPlatform } from './aws/platform.ts';
import { synthesizePodium } from './aws/synthesize.ts';
import { startLocalSqs } from './aws/sqs.ts';
import { jobMessage } from '../adapters/queue/sqs-job-queue.ts';
import { resumeUnfinishedJobs } from '../use-cases/jobs.ts';
import { JOB_HANDLERS } from '../use-cases/job-handlers.ts';
import type { JobQueue } from '../use-cases/ports.ts';
import { createLocalOidc, LOCAL_CLIENT_ID, localJwks, OIDC_MOUNT_PATH } from './oidc.ts';
import { seedDemoData } from './seed.ts';
import { ensureTable, LOCAL_CREDENTIALS, LOCAL_REGION, localDocumentClient, localDynamoClient, localS3Client, startDynalite, startS3rver } from './stand-ins.ts';

export const LOCAL_TABLE_NAME = 'podium';
export const LOCAL_BUCKET_NAME = 'podium-pitches';

/** The account id the local AWS emulation reports (as LocalStack does: none of AWS's). */
const LOCAL_ACCOUNT_ID = '000000000000';

/**
 * Where the API runs: `node`, the Hono app in this process (fast to start, best for development);
 * `lambda`, the synthesized HTTP API in front of the bundled functions (what is deployed).
 */
export const PODIUM_RUNTIMES = ['node', 'lambda'] as const;
export type PodiumRuntime = (typeof PODIUM_RUNTIMES)[number];

/** How long a stop waits for requests in flight (and then for background work) before cutting them off. */
const DRAIN_MS = 10_000;

/** web/dist of this repository, wherever the process was started from. */
const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface StartOptions {
  /** 0 picks a free port. Default 3000. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1 (this machine only). */
  host?: string;
  dataDir: string;
  /** Write the demo data (idempotent). Default true. */
  seed?: boolean;
  /** No logging of start/stop progress and of the web shell's errors; API logs only at ERROR. */
  quiet?: boolean;
  /** Threshold of the structured logs (API access lines are INFO). Default: LOG_LEVEL as the process has it, else WARN. */
  logLevel?: string;
  /** Where the API runs (see PodiumRuntime). Default `node`. */
  runtime?: PodiumRuntime;
  /**
   * Aborting it stops a start in progress: whatever has started is stopped again and startPodium
   * rejects with the signal's reason (see main.ts, which listens for signals before starting).
   */
  signal?: AbortSignal;
}

export interface RunningPodium {
  /** `http://localhost:<port>` */
  url: string;
  dataDir: string;
  runtime: PodiumRuntime;
  stop(): Promise<void>;
}

export async function startPodium(o: StartOptions): Promise<RunningPodium> {
  const dataDir = resolve(o.dataDir);
  const log = o.quiet ? () => undefined : (message: string) => console.error(message);
  // A stop requested while starting takes effect between steps: a step that has begun (seeding,
  // say) finishes, then everything started so far is stopped again.
  const checkpoint = () => o.signal?.throwIfAborted();
  checkpoint();
  await mkdir(dataDir, { recursive: true });
  const lock = await acquireDataDirLock(dataDir);

  // Undo in reverse order, on failure or abort during start as on stop.
  const undo: (() => Promise<void>)[] = [() => lock.release()];
  const unwind = async () => {
    for (const step of undo.splice(0).reverse()) await step().catch((err: unknown) => log(`While stopping: ${err instanceof Error ? err.message : String(err)}`));
  };

  const runtime = o.runtime ?? 'node';
  try {
    checkpoint();
    // The deployed artifact: synthesized (or found in the cache) before anything starts.
    const assemblyDirectory = runtime === 'lambda' ? await synthesizePodium({ signal: o.signal, log }) : undefined;
    checkpoint();
    const dynamo = await startDynalite({ path: join(dataDir, 'dynamodb') });
    undo.push(() => dynamo.stop());
    const dynamoClient = localDynamoClient(dynamo.endpoint);
    undo.push(async () => dynamoClient.destroy());
    checkpoint();
    // Pitch processing and announcements run outside any request; stopping waits for them too.
    const background = inFlight();
    // s3rver's object events go to the real pitch processor once the app is built (below).
    let onS3Event: (event: unknown) => void = () => undefined;
    const s3 = await startS3rver({ directory: join(dataDir, 's3'), buckets: [LOCAL_BUCKET_NAME], onEvent: (e) => onS3Event(e) });
    undo.push(async () => {
      await background.settled(DRAIN_MS);
      await s3.stop();
    });
    checkpoint();
    // An older data folder's table gets the indexes added since; the backup file keeps that crash-safe.
    await ensureTable(dynamoClient, LOCAL_TABLE_NAME, { backupFile: join(dataDir, 'table-rebuild.json') });
    checkpoint();

    // Listen first: with port 0 the origin (and so the issuer) is known only afterwards.
    let handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void> = (_req, res) => {
      res.statusCode = 503;
      res.setHeader('Retry-After', '1');
      res.end('Podium is starting…');
    };
    const http = drainingServer((req, res) => handler(req, res), log);
    await listen(http.server, o.port ?? 3000, o.host ?? '127.0.0.1');
    undo.push(() => http.drain(DRAIN_MS));
    const { port } = http.server.address() as AddressInfo;
    const origin = `http://localhost:${port}`;
    await lock.publishOrigin(origin);
    checkpoint();

    const oidc = await createLocalOidc({ origin, dataDir, quiet: o.quiet });
    const config = loadConfig({
      TABLE_NAME: LOCAL_TABLE_NAME,
      BUCKET_NAME: LOCAL_BUCKET_NAME,
      AWS_REGION: LOCAL_REGION,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      S3_ENDPOINT: s3.endpoint,
      AUTH_ISSUER: oidc.issuer,
      AUTH_AUDIENCE: LOCAL_CLIENT_ID,
      CURSOR_SECRET: await localCursorSecret(dataDir),
      // Links in e-mails point at this very platform, whatever port it got.
      WEB_ORIGIN: origin,
      LOG_LEVEL: o.quiet ? 'ERROR' : o.logLevel,
      // Counted in the process (no CloudWatch here).
      METRICS: 'memory',
    });
    if (config.LOG_LEVEL) setLogLevel(config.LOG_LEVEL);
    // Verify tokens against the key in the data folder rather than over HTTP to ourselves.
    const deps = buildDeps(config, {
      dynamo: localDocumentClient(dynamo.endpoint),
      s3: localS3Client(s3.endpoint),
      keys: createLocalJWKSet(await localJwks(dataDir)),
      // With the node runtime, jobs run in this process (an in-process queue, the same runJob).
      ...(assemblyDirectory ? {} : { jobHandlers: JOB_HANDLERS }),
    });
    // Stopped before the stand-ins: a run in progress checkpoints and stays queued for the next start.
    if (deps.inProcessJobs) undo.push(async () => void (await deps.inProcessJobs!.stop(DRAIN_MS)));
    checkpoint();
    let aws: AwsPlatform | undefined;
    /** Where unfinished jobs are queued again at start: the job function's queue with the lambda runtime. */
    let jobQueue: JobQueue = deps.jobQueue;
    if (assemblyDirectory) {
      const sqs = await startLocalSqs(LOCAL_REGION, LOCAL_ACCOUNT_ID);
      undo.push(() => sqs.stop());
      const platform = startAwsPlatform({
        assemblyDirectory,
        local: {
          region: LOCAL_REGION,
          accountId: LOCAL_ACCOUNT_ID,
          tableName: LOCAL_TABLE_NAME,
          bucketName: LOCAL_BUCKET_NAME,
          issuer: oidc.issuer,
          clientId: oidc.clientId,
          webOrigin: origin,
          secretString: config.CURSOR_SECRET,
        },
        standIns: { dynamodbEndpoint: dynamo.endpoint, s3Endpoint: s3.endpoint, sqs, credentials: LOCAL_CREDENTIALS },
        keys: createLocalJWKSet(await localJwks(dataDir)),
        // The one deliberate difference: e-mail goes to the outbox (the dev UI's), not to SES.
        overrides: { MAIL_MODE: 'outbox' },
        // The log threshold asked for locally (npm start: WARN unless LOG_LEVEL says otherwise).
        settings: config.LOG_LEVEL ? { LOG_LEVEL: config.LOG_LEVEL } : {},
        log: o.quiet ? undefined : log,
      });
      aws = platform;
      const jobSource = platform.platform.queueEventSources[0];
      if (jobSource) jobQueue = { enqueue: async (ref) => void sqs.send(jobSource.queueId, jobMessage(ref)) };
      // Undone after the stop step below (requests drained, background work settled).
      undo.push(() => platform.stop());
    }
    const pitchEvents = createPitchEventHandler(deps);
    // With the lambda runtime, the bucket notification's function (the bundled pitch processor).
    const processPitches: (event: S3Event) => Promise<unknown> = aws ? aws.deliverS3Event : pitchEvents;
    onS3Event = (event) => {
      background.track(
        // The handler logs a failure with the pitch's ids; this line also covers a failure to
        // invoke it at all (the lambda runtime). S3 has no retry here.
        processPitches(toS3Event(event)).catch((err: unknown) => structuredLog.error('pitch event not processed', {}, err)),
      );
    };

    // Scheduled result publications are announced, and due reminders handed to jobs, by the same
    // use cases that EventBridge runs on AWS. With the lambda runtime: the function the template's schedule targets.
    const announce = aws ? aws.runSchedules : () => runScheduledWork(deps).then(() => undefined);
    const announcements = setInterval(() => {
      background.track(
        announce().catch((err: unknown) => structuredLog.error('the scheduled run (announcements, reminders) failed', {}, err)),
      );
    }, 60_000);
    announcements.unref();
    // Stopping: no new requests, those in flight answered, then no more timers and no background
    // work left — only then do the steps above close s3rver and dynalite and release the lock.
    undo.push(async () => {
      await http.drain(DRAIN_MS);
      clearInterval(announcements);
      if (!(await background.settled(DRAIN_MS))) log('Background work (pitch processing, announcements) is still running; stopping anyway.');
    });

    const web = webApp({ api: aws ? undefined : createFullApp(deps), issuer: oidc.issuer, clientId: oidc.clientId, s3Origin: s3.endpoint, quiet: o.quiet });
    const webListener = getRequestListener(web.fetch, { overrideGlobalObjects: false });
    const jwksDocument = JSON.stringify(await localJwks(dataDir));
    handler = (req, res) => {
      const path = req.url ?? '/';
      if (aws?.servesPath(path.split('?')[0]!)) return aws.handle(req, res);
      // Where Cognito publishes its keys, `<issuer>/.well-known/jwks.json`: the deployed code's
      // default (adapters/config.ts, AUTH_JWKS_URL) finds the local provider's keys there too.
      if (path === `${OIDC_MOUNT_PATH}/.well-known/jwks.json`) {
        res.writeHead(200, { ...OIDC_HEADERS, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
        return void res.end(jwksDocument);
      }
      if (path === OIDC_MOUNT_PATH || path.startsWith(`${OIDC_MOUNT_PATH}/`) || path.startsWith(`${OIDC_MOUNT_PATH}?`)) {
        for (const [name, value] of Object.entries(OIDC_HEADERS)) res.setHeader(name, value);
        return oidc.handle(req, res);
      }
      return webListener(req, res);
    };

    // The local identity provider's accounts have their records (when they were created), as Cognito's get at sign-up.
    await recordDemoAccounts(deps);
    if (o.seed !== false) await seedDemoData(deps, [...DEMO_ACCOUNTS]);
    // Jobs a stop cut short (or that were waiting) carry on: the queue's messages do not outlive the process.
    await resumeUnfinishedJobs({ ...deps, jobQueue });
    checkpoint();

    let stopping: Promise<void> | undefined;
    return {
      url: origin,
      dataDir,
      runtime,
      stop: () => (stopping ??= unwind()),
    };
  } catch (err) {
    await unwind();
    throw err;
  }
}

/** The non-OIDC part of the local server: API, the web app's config, and the web app itself. */
function webApp(o: { api?: ReturnType<typeof createFullApp>; issuer: string; clientId: string; s3Origin: string; quiet?: boolean }): Hono {
  const app = new Hono();
  // The API gets the request with the caller's address as its only context. (It sets its
  // own security headers; the middleware below, registered after these routes, never runs for it.)
  // With the lambda runtime the API is not served here (see startPodium).
  // The API contract is a static file built with the web app (npm run generate), as CloudFront
  // serves it from the site bucket on AWS; the API itself carries no document generator.
  app.get('/api/openapi.json', serveStatic({ root: WEB_DIST, path: 'api/openapi.json', onFound: (_path, c) => c.header('Cache-Control', 'no-cache') }));
  const api = o.api;
  if (api) {
    // Only the caller's address, where API Gateway puts it (requestContext.http.sourceIp: app/edge.ts).
    const context = (c: { env: unknown }) => {
      const socket = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket;
      return { requestContext: { http: { sourceIp: (socket?.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '') } } };
    };
    app.all('/api', (c) => api.fetch(c.req.raw, context(c)));
    app.all('/api/*', (c) => api.fetch(c.req.raw, context(c)));
  }
  const shellHeaders = Object.entries(webShellHeaders(o.s3Origin));
  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of shellHeaders) if (!c.res.headers.has(name)) c.header(name, value);
  });
  app.get('/config.json', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ issuer: o.issuer, clientId: o.clientId });
  });

  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    app.get('*', (c) => c.html(WEB_NOT_BUILT, 503, { 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'" }));
    return app;
  }

  // Vite's hashed assets never change; everything else is revalidated.
  app.use('/assets/*', async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.use('*', serveStatic({ root: WEB_DIST, index: 'index.html' }));
  // Client-side routes get the app shell; a missing file (the name has an extension) is a 404.
  app.get(
    '*',
    async (c, next) => ((c.req.path.split('/').pop() ?? '').includes('.') ? c.text('Not found', 404) : next()),
    serveStatic({ root: WEB_DIST, path: 'index.html', onFound: (_path, c) => c.header('Cache-Control', 'no-cache') }),
  );
  app.onError((err, c) => {
    if (!o.quiet) console.error(err);
    return c.text('Internal error', 500);
  });
  return app;
}

/**
 * The web app's pages: scripts and styles only from this origin (Vite emits no inline script or
 * style; component styles are set through the DOM, which CSP allows), images also as data: URIs
 * (the favicon, swagger-ui's icons), and the stand-in S3's origin for what the browser sends to and
 * plays from the bucket directly: pitch parts (presigned PUT) and videos (presigned GET). Never
 * framed, no referrer sent anywhere.
 */
function webShellHeaders(s3Origin: string): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${s3Origin}`,
    `media-src 'self' ${s3Origin}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/**
 * The local sign-in pages set their own CSP (oidc.ts: inline styles, and the sign-out page submits
 * its form with an inline script), so only the headers that cannot break a page are added here.
 */
const OIDC_HEADERS: Record<string, string> = { 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer' };

const WEB_NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Podium — web app not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2933}code{background:#eef2f7;padding:.1rem .3rem;border-radius:4px}</style>
</head><body>
<h1>The web app has not been built yet</h1>
<p>The API is running (try <a href="/api/health"><code>/api/health</code></a>), but there is no <code>web/dist</code> to serve.</p>
<p>Run <code>npm run build:web</code> and reload this page — or start with <code>npm start</code>, which builds it first.</p>
</body></html>`;

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
}
