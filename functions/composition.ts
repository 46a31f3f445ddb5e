/**
 * The composition root: builds the app's dependencies from configuration. Lambda and the local
 * runtime both call this; only the configuration they pass differs.
 *
 * Every Lambda cold start pays for what is made here — and for compiling what is imported — so
 * what a request may not need costs nothing until used. Every port is made on first read
 * (`buildDeps`), and the adapters that talk to AWS (the DynamoDB repositories and client, S3,
 * SES, SQS: composition-adapters.ts) are imported on the first call of a port behind which one of
 * them is: the Lambda bundles are split (infra/lambda-function.ts), so those adapters are a chunk
 * that a cold start whose request reads no data (a health check, a refused or invalid request)
 * never reads or compiles, and that the first request which does loads once. The same
 * composition serves every function, whichever API area it mounts, the local runtime and the
 * tests: there is no list per area to keep in step. The remote JWKS is made on first use too (on
 * Lambda, API Gateway's authorizer has already verified the token on protected routes; the JWKS
 * is needed only when a public route carries a bearer token).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { JWTVerifyGetKey } from 'jose';
import type { Config } from './adapters/config.ts';
import { systemClock } from './adapters/clock.ts';
import { ulidGenerator } from './adapters/ids.ts';
import { jwtVerifier } from './adapters/identity/jwt-verifier.ts';
import { credentialsFromEnv, type AwsCredentials } from './adapters/aws-credentials.ts';
import type { DocumentClient } from './adapters/dynamodb/client.ts';
import type { CursorCodec } from './adapters/dynamodb/cursor.ts';
import type { S3Target } from './adapters/s3/s3-bucket.ts';
import { inProcessJobQueue, type InProcessJobQueue } from './adapters/queue/in-process-job-queue.ts';
import { runJob, type JobHandlers } from './use-cases/jobs.ts';
import type { AppDeps } from './app/deps.ts';
import type { Clock } from './use-cases/ports.ts';
import { emfMetrics, memoryMetrics, type MetricsSink } from './adapters/metrics.ts';

/** The AWS adapters' module, imported on the first call of a port behind which one of them is. */
const adapters = () => import('./composition-adapters.ts');

/**
 * The table's client: DynamoDB in the region (or the stand-in DYNAMODB_ENDPOINT names), signed
 * with the function's credentials — or, for a stand-in, whatever it accepts.
 */
async function documentClient(
  config: Pick<Config, 'AWS_REGION' | 'DYNAMODB_ENDPOINT'>,
  credentials: () => AwsCredentials | Promise<AwsCredentials> = () => credentialsFromEnv(),
): Promise<DocumentClient> {
  const { DocumentClient } = await adapters();
  return new DocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT, credentials });
}

/** `make()` on first call, once; later calls share what it made. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** `once` for what is made asynchronously; a failed make (a chunk that did not load) is tried again. */
function onceAsync<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () =>
    (made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    }));
}

/** A port whose every member is a method answering a promise, so it can stand in before it is made. */
type AsyncPort<T> = { [K in keyof T]: (...args: never[]) => Promise<unknown> };

/**
 * A stand-in for the port `make` makes: its first call makes the port (importing the adapter's
 * chunk) and every call is passed on to it. `made` hears of the port once it exists, so that
 * `buildDeps` can put it in the stand-in's place and warm requests call the adapter directly.
 * (Only for ports whose methods are all asynchronous — the type says so — since a call cannot
 * wait for a module synchronously.)
 */
function portOnFirstCall<T extends AsyncPort<T>>(make: () => Promise<T>, made: (port: T) => void): T {
  const port = onceAsync(async () => {
    const p = await make();
    made(p);
    return p;
  });
  let ready: T | undefined;
  const method = (p: T, key: string) => (p as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[key]!;
  const call = (key: string) => async (...args: unknown[]) => {
    const p = (ready ??= await port());
    return method(p, key).apply(p, args);
  };
  return new Proxy({} as T, {
    // Not thenable (`await port` is the port), no symbols (inspection): only method names.
    get: (_, key) => (typeof key === 'string' && key !== 'then' ? (ready ? method(ready, key)?.bind(ready) : call(key)) : undefined),
    // Once made, it spreads and lists like the port ({ ...deps.files, put }).
    ownKeys: () => (ready ? Reflect.ownKeys(ready) : []),
    getOwnPropertyDescriptor: (_, key) => {
      const d = ready && Reflect.getOwnPropertyDescriptor(ready, key);
      return d && { ...d, configurable: true };
    },
  });
}

/** The bucket the configuration names: S3 in the region with the function's credentials, or a stand-in. */
function s3Target(config: Pick<Config, 'AWS_REGION' | 'S3_ENDPOINT'>): S3Target {
  return { region: config.AWS_REGION, endpoint: config.S3_ENDPOINT, credentials: () => credentialsFromEnv() };
}

/** The same bucket as an SDK client reaches (the local runtime and tests hand theirs in). */
export async function s3TargetOf(client: S3Client): Promise<S3Target> {
  const [region, endpoint] = await Promise.all([client.config.region(), client.config.endpoint?.()]);
  return {
    region,
    endpoint: endpoint ? `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}${endpoint.path.replace(/\/+$/, '')}` : undefined,
    credentials: async () => {
      const c = await client.config.credentials();
      return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) };
    },
  };
}

/** The remote JWKS only when a token is first verified here (see the header). */
function remoteKeysOnFirstUse(url: URL): JWTVerifyGetKey {
  const jwks = once(() => import('./adapters/identity/jose-lazy.ts').then(({ createRemoteJWKSet }) => createRemoteJWKSet(url)));
  return async (header, token) => (await jwks())(header, token);
}

export interface DepsOverrides {
  dynamo?: DocumentClient;
  s3?: S3Client;
  keys?: JWTVerifyGetKey;
  clock?: Clock;
  metrics?: MetricsSink;
  /**
   * The job handlers (use-cases/job-handlers.ts' JOB_HANDLERS) for jobs run in this process, when
   * no JOB_QUEUE_URL is configured. Passed in rather than imported so that the API functions'
   * bundles, which only start jobs, do not carry every job's code.
   */
  jobHandlers?: JobHandlers;
  /** How long the in-process queue waits before a retry, given runJob's wish (tests shorten it). */
  jobBackoff?: (delayMs: number) => number;
}

/**
 * `target` with a property per entry of `makers`, each made on first read and then a plain data
 * property (so a warm request reads a field, not a getter); assigning one replaces it (tests do).
 */
function defineOnFirstRead<T extends object>(target: T, makers: { [K in keyof T]?: () => T[K] }): T {
  const settle = (key: PropertyKey, value: unknown) =>
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  for (const [key, make] of Object.entries(makers) as [PropertyKey, () => unknown][]) {
    Object.defineProperty(target, key, {
      enumerable: true,
      configurable: true,
      get: () => {
        const value = make();
        settle(key, value);
        return value;
      },
      set: (value: unknown) => settle(key, value),
    });
  }
  return target;
}

/**
 * The app's dependencies. Each port is made when first read, not here, and the adapters behind
 * the AWS-backed ones are imported on such a port's first call (see the header). Which ports get
 * made follows from what the requests call, with no list per area to keep in step.
 */
export function buildDeps(config: Config, overrides: DepsOverrides = {}): AppDeps & { metrics: MetricsSink; inProcessJobs?: InProcessJobQueue } {
  const table = config.TABLE_NAME;
  const doc = onceAsync(async () => overrides.dynamo ?? (await documentClient(config)));
  const cursors = onceAsync(async () => (await adapters()).cursorCodec(config.CURSOR_SECRET));
  /** A repository over the table, made with the client and the cursor codec. */
  type Adapters = Awaited<ReturnType<typeof adapters>>;
  const overTable = <T>(make: (m: Adapters, db: DocumentClient, cursors: CursorCodec) => T) => async () => make(await adapters(), await doc(), await cursors());
  const keys = overrides.keys ?? remoteKeysOnFirstUse(new URL(config.AUTH_JWKS_URL ?? `${config.AUTH_ISSUER}/.well-known/jwks.json`));
  const clock = overrides.clock ?? systemClock;
  const outbox = onceAsync(overTable((m, db) => m.outboxMailer(db, table, ulidGenerator, clock)));
  const bucket = once(() => (overrides.s3 ? s3TargetOf(overrides.s3) : s3Target(config)));
  // The queue by configuration: SQS where CDK configured one, else this process (which starts
  // running queued jobs at once, so it is made here, not on first read).
  const inProcessJobs = config.JOB_QUEUE_URL ? undefined : inProcessJobQueue({ backoff: overrides.jobBackoff });
  type Deps = AppDeps & { metrics: MetricsSink };
  const deps = {} as Deps;
  /** The port `key`, its adapter loaded on first call; once made, it takes the stand-in's place in `deps`. */
  const onFirstCall = <K extends keyof Deps>(key: K, make: () => Promise<Deps[K]>) => () => {
    const standIn: Deps[K] = portOnFirstCall(make as () => Promise<Deps[K] & AsyncPort<Deps[K]>>, (port) => {
      if (deps[key] === standIn) deps[key] = port;
    });
    return standIn;
  };
  defineOnFirstRead(deps, {
    competitions: onFirstCall('competitions', overTable((m, db, c) => m.competitionRepository(db, table, c))),
    memberships: onFirstCall('memberships', overTable((m, db, c) => m.membershipRepository(db, table, c))),
    submissions: onFirstCall('submissions', overTable((m, db, c) => m.submissionRepository(db, table, c))),
    audit: onFirstCall('audit', overTable((m, db, c) => m.auditLog(db, table, ulidGenerator, c))),
    pitches: onFirstCall('pitches', overTable((m, db) => m.pitchRepository(db, table))),
    evaluation: onFirstCall('evaluation', overTable((m, db, c) => m.evaluationRepository(db, table, c))),
    expo: onFirstCall('expo', overTable((m, db, c) => m.expoRepository(db, table, c))),
    awards: onFirstCall('awards', overTable((m, db) => m.awardsRepository(db, table))),
    notifications: onFirstCall('notifications', overTable((m, db, c) => m.notificationRepository(db, table, c))),
    results: onFirstCall('results', overTable((m, db, c) => m.resultsRepository(db, table, c))),
    jobs: onFirstCall('jobs', overTable((m, db, c) => m.jobRepository(db, table, c))),
    audienceVotes: onFirstCall('audienceVotes', overTable((m, db) => m.audienceVoteRepository(db, table, config.CURSOR_SECRET))),
    accounts: onFirstCall('accounts', overTable((m, db) => m.accountRepository(db, table))),
    programmes: onFirstCall('programmes', overTable((m, db, c) => m.programmeRepository(db, table, c))),
    // H3: the cross-call ledger (its orphaned sagas are settled by the award saga's own code).
    programmeLedger: onFirstCall('programmeLedger', overTable((m, db, c) => m.programmeLedgerRepository(db, table, c, m.awardsRepository(db, table).settleProgrammeEntry))),
    // Organiser dashboard counters (H7).
    dashboard: onFirstCall('dashboard', overTable((m, db) => m.dashboardRepository(db, table))),
    // Entrant teams (H4).
    teams: onFirstCall('teams', overTable((m, db) => m.teamRepository(db, table))),
    messageTemplates: onFirstCall('messageTemplates', overTable((m, db) => m.templateRepository(db, table))),
    // H6: nothing is sent to an address SES reported as suppressed (use-cases/mail-events.ts); SES
    // sends through the configuration set that publishes bounces and complaints; the outbox answers
    // for SES's mailbox simulator addresses as SES does (adapters/mail/mailbox-simulator.ts).
    mailer: onFirstCall('mailer', async () => {
      const m = await adapters();
      const statusDeps = { mailStatus: deps.mailStatus, clock };
      const inner = config.MAIL_MODE === 'ses'
        ? m.sesMailer({ region: config.AWS_REGION, credentials: () => credentialsFromEnv() }, config.MAIL_FROM!, config.MAIL_CONFIGURATION_SET)
        : m.withMailboxSimulator(await outbox(), (record) => m.recordMailEvents(statusDeps, m.mailEventsOf(record)), { clock, ids: ulidGenerator, from: config.MAIL_FROM });
      return m.suppressingMailer(inner, statusDeps);
    }),
    reminders: onFirstCall('reminders', overTable((m, db) => m.reminderRepository(db, table))),
    mailStatus: onFirstCall('mailStatus', overTable((m, db) => m.mailStatusRepository(db, table))),
    outbox: onFirstCall('outbox', outbox),
    webOrigin: () => config.WEB_ORIGIN,
    videos: onFirstCall('videos', async () => (await adapters()).s3VideoStore(bucket(), config.BUCKET_NAME)),
    files: onFirstCall('files', async () => (await adapters()).s3FileStore(bucket(), config.BUCKET_NAME)),
    jobQueue: inProcessJobs
      ? () => inProcessJobs
      : onFirstCall('jobQueue', async () => (await adapters()).sqsJobQueue({ region: config.AWS_REGION, credentials: () => credentialsFromEnv() }, config.JOB_QUEUE_URL!)),
    clock: () => clock,
    ids: () => ulidGenerator,
    // The Lambda entries flush it once per invocation.
    metrics: () => overrides.metrics ?? (config.METRICS === 'emf' ? emfMetrics() : memoryMetrics()),
    verifyToken: () => jwtVerifier({ issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, keys }),
  });
  inProcessJobs?.start((ref, options) => runJob(deps, overrides.jobHandlers ?? {}, ref, options));
  return inProcessJobs ? Object.assign(deps, { inProcessJobs }) : deps;
}
