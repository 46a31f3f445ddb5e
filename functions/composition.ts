/**
 * The composition root: builds the app's dependencies from configuration. Lambda and the local
 * runtime both call this; only the configuration they pass differs.
 *
 * Every Lambda cold start pays for what is made here, so what most requests never need costs
 * nothing until used: the remote JWKS is made on first use (on Lambda, API Gateway's authorizer
 * has already verified the token on protected routes; the JWKS is needed only when a public route
 * carries a bearer token), and DynamoDB, S3 and SES are plain signed requests (aws4fetch), with
 * no SDK client to build or load. Every port, and the client behind it, is made on first read
 * (`buildDeps`), so a cold start builds what its first request uses.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { JWTVerifyGetKey } from 'jose';
import type { Config } from './adapters/config.ts';
import { systemClock } from './adapters/clock.ts';
import { dynamoPorts } from './adapters/dynamodb/index.ts';
import { ulidGenerator } from './adapters/ids.ts';
import { jwtVerifier } from './adapters/identity/jwt-verifier.ts';
import { credentialsFromEnv, type AwsCredentials } from './adapters/aws-credentials.ts';
import { DocumentClient } from './adapters/dynamodb/client.ts';
import { sesMailer } from './adapters/mail/ses-mailer.ts';
import { s3VideoStore, type S3Target } from './adapters/s3/video-store.ts';
import { s3FileStore } from './adapters/s3/file-store.ts';
import { sqsJobQueue } from './adapters/queue/sqs-job-queue.ts';
import { inProcessJobQueue, type InProcessJobQueue } from './adapters/queue/in-process-job-queue.ts';
import { runJob, type JobHandlers } from './use-cases/jobs.ts';
import { outboxMailer } from './adapters/dynamodb/awards-repository.ts';
import type { AppDeps } from './app/deps.ts';
import type { Clock } from './use-cases/ports.ts';
import { emfMetrics, memoryMetrics, type MetricsSink } from './adapters/metrics.ts';

/**
 * The table's client: DynamoDB in the region (or the stand-in DYNAMODB_ENDPOINT names), signed
 * with the function's credentials — or, for a stand-in, whatever it accepts.
 */
export function documentClient(
  config: Pick<Config, 'AWS_REGION' | 'DYNAMODB_ENDPOINT'>,
  credentials: () => AwsCredentials | Promise<AwsCredentials> = () => credentialsFromEnv(),
): DocumentClient {
  return new DocumentClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT, credentials });
}

/** `make()` on first call, once; later calls share what it made. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
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
 * The app's dependencies. Each port is made when first read, not here: one function serves one API
 * area (functions/lambda/api-*.ts), whose requests touch a few of the ports, and a cold start
 * should not build the others (or the clients behind them) for nothing. The same composition
 * serves every function, the local runtime and the tests; which ports get made follows from what
 * the requests read, with no list per area to keep in step.
 */
export function buildDeps(config: Config, overrides: DepsOverrides = {}): AppDeps & { metrics: MetricsSink; inProcessJobs?: InProcessJobQueue } {
  const doc = once(() => overrides.dynamo ?? documentClient(config));
  const keys = overrides.keys ?? remoteKeysOnFirstUse(new URL(config.AUTH_JWKS_URL ?? `${config.AUTH_ISSUER}/.well-known/jwks.json`));
  const clock = overrides.clock ?? systemClock;
  const outbox = once(() => outboxMailer(doc(), config.TABLE_NAME, ulidGenerator, clock));
  const bucket = once(() => (overrides.s3 ? s3TargetOf(overrides.s3) : s3Target(config)));
  const table = once(() => dynamoPorts(doc(), config.TABLE_NAME, { cursorSecret: config.CURSOR_SECRET }));
  // The queue by configuration: SQS where CDK configured one, else this process (which starts
  // running queued jobs at once, so it is made here, not on first read).
  const inProcessJobs = config.JOB_QUEUE_URL ? undefined : inProcessJobQueue({ backoff: overrides.jobBackoff });
  const deps = defineOnFirstRead({} as AppDeps & { metrics: MetricsSink }, {
    competitions: () => table().competitions,
    memberships: () => table().memberships,
    submissions: () => table().submissions,
    audit: () => table().audit,
    pitches: () => table().pitches,
    evaluation: () => table().evaluation,
    awards: () => table().awards,
    notifications: () => table().notifications,
    results: () => table().results,
    jobs: () => table().jobs,
    mailer: () => (config.MAIL_MODE === 'ses' ? sesMailer({ region: config.AWS_REGION, credentials: () => credentialsFromEnv() }, config.MAIL_FROM!) : outbox()),
    outbox,
    webOrigin: () => config.WEB_ORIGIN,
    videos: () => s3VideoStore(bucket(), config.BUCKET_NAME),
    files: () => s3FileStore(bucket(), config.BUCKET_NAME),
    jobQueue: () => inProcessJobs ?? sqsJobQueue({ region: config.AWS_REGION, credentials: () => credentialsFromEnv() }, config.JOB_QUEUE_URL!),
    clock: () => clock,
    ids: () => ulidGenerator,
    // The Lambda entries flush it once per invocation.
    metrics: () => overrides.metrics ?? (config.METRICS === 'emf' ? emfMetrics() : memoryMetrics()),
    verifyToken: () => jwtVerifier({ issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, keys }),
  });
  inProcessJobs?.start((ref, options) => runJob(deps, overrides.jobHandlers ?? {}, ref, options));
  return inProcessJobs ? Object.assign(deps, { inProcessJobs }) : deps;
}
