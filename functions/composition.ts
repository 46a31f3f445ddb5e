/**
 * The composition root: builds the app's dependencies from configuration. Lambda and the local
 * runtime both call this; only the configuration they pass differs.
 *
 * Every Lambda cold start pays for what is made here — and for compiling what is imported — so
 * what a request may not need costs nothing until used. Every port is made on first read
 * (`composeDeps`), and the adapters that talk to AWS (the DynamoDB repositories and client, S3,
 * SES, SQS) are imported on the first call of a port behind which one of them is: the Lambda
 * bundles are split (infra/lambda-function.ts), so those adapters are a chunk that a cold start
 * whose request reads no data (a health check, a refused or invalid request) never reads or
 * compiles, and that the first request which does loads once. The remote JWKS is made on first
 * use too (on Lambda, API Gateway's authorizer has already verified the token on protected
 * routes; the JWKS is needed only when a public route carries a bearer token).
 *
 * Which adapters: every port over AWS is made here, the same way for every function, from an
 * `AdapterSet` — the ports a function composes and the module of their adapters. The local
 * runtime, the tests and the non-API functions take all of them (composition-all.ts'
 * `buildDeps`, over composition-adapters.ts); each API area's Lambda takes only its routes' ports
 * (functions/lambda/area-ports.ts, with the adapters in functions/lambda/<area>-adapters.ts), so
 * its bundle carries no repository its routes never call. The types tie each set's module to its
 * ports (`AdaptersOfPort`); tests/unit/area-ports.test.ts derives from each area's code which
 * ports it reads and checks the list against it, and makes every listed port from its module.
 * Reading a port a function does not compose throws, naming it.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { JWTVerifyGetKey } from 'jose';
import type { Config } from './adapters/config.ts';
import { systemClock } from './adapters/clock.ts';
import { ulidGenerator } from './adapters/ids.ts';
import { jwtVerifier } from './adapters/identity/jwt-verifier.ts';
import { remoteJwks } from './adapters/identity/jws.ts';
import { credentialsFromEnv, type AwsCredentials } from './adapters/aws-credentials.ts';
import type { DocumentClient } from './adapters/dynamodb/client.ts';
import type { CursorCodec } from './adapters/dynamodb/cursor.ts';
import type { S3Target } from './adapters/s3/s3-bucket.ts';
import type { inProcessJobQueue, InProcessJobQueue } from './adapters/queue/in-process-job-queue.ts';
import type { runJob, JobHandlers } from './use-cases/jobs.ts';
import type { AppDeps } from './app/deps.ts';
import type { Clock, Transcoder, Transcriber } from './use-cases/ports.ts';
import { emfMetrics, memoryMetrics, type MetricsSink } from './adapters/metrics.ts';
import { unavailableTranscoder, unavailableTranscriber } from './adapters/media/unavailable.ts';

/** Every AWS adapter the ports below are made with (composition-adapters.ts). */
export type Adapters = typeof import('./composition-adapters.ts');

/**
 * The ports made over AWS adapters, each with the adapters its maker in `composeDeps` takes
 * (besides `DocumentClient` and `cursorCodec`, which every port over the table takes). Keep it in
 * step with the makers: tests/unit/area-ports.test.ts makes every port from only these.
 */
export interface AdaptersOfPort {
  competitions: 'competitionRepository';
  memberships: 'membershipRepository';
  submissions: 'submissionRepository';
  audit: 'auditLog';
  pitches: 'pitchRepository';
  evaluation: 'evaluationRepository';
  expo: 'expoRepository';
  awards: 'awardsRepository';
  notifications: 'notificationRepository';
  results: 'resultsRepository';
  jobs: 'jobRepository';
  audienceVotes: 'audienceVoteRepository';
  accounts: 'accountRepository';
  programmes: 'programmeRepository';
  programmeLedger: 'programmeLedgerRepository' | 'awardsRepository';
  dashboard: 'dashboardRepository';
  teams: 'teamRepository';
  messageTemplates: 'templateRepository';
  /** Also reads the mailStatus port. */
  mailer: 'sesMailer' | 'withMailboxSimulator' | 'outboxMailer' | 'recordMailEvents' | 'mailEventsOf' | 'suppressingMailer';
  reminders: 'reminderRepository';
  mailStatus: 'mailStatusRepository';
  outbox: 'outboxMailer';
  videos: 's3VideoStore';
  files: 's3FileStore';
  /** Where a queue is configured (JOB_QUEUE_URL); else the in-process queue, in every set. */
  jobQueue: 'sqsJobQueue';
  personalData: 'personalDataStore';
}
export type AwsPort = keyof AdaptersOfPort;

/** The adapters the ports `P` are made with. */
export type AdaptersFor<P extends AwsPort> = Pick<Adapters, 'DocumentClient' | 'cursorCodec' | AdaptersOfPort[P]>;

/** The ports over AWS a function composes, and the module of their adapters. */
export interface AdapterSet<P extends AwsPort = AwsPort> {
  readonly ports: readonly P[];
  /** Imported on the first call of one of those ports (a chunk of its own in a Lambda bundle). */
  readonly load: () => Promise<AdaptersFor<P>>;
}

/**
 * The table's client: DynamoDB in the region (or the stand-in DYNAMODB_ENDPOINT names), signed
 * with the function's credentials — or, for a stand-in, whatever it accepts.
 */
function documentClient(
  { DocumentClient }: Pick<Adapters, 'DocumentClient'>,
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

/** `once` for what is made asynchronously; a failed make (a chunk that did not load) is tried again. */
function onceAsync<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () =>
    (made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    }));
}

/**
 * A port whose every method — its own or a part's, as `programmes.invitations.get` — answers a
 * promise, so that it can stand in before it is made.
 */
type AsyncPort<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? (...args: never[]) => Promise<unknown> : AsyncPort<T[K]> };

type Member = { owner: unknown; value: unknown };
/** What `path` names in `port`, and the object it is a member of (the method's `this`). */
function memberAt(port: unknown, path: readonly string[]): Member {
  let member: Member = { owner: undefined, value: port };
  for (const key of path) member = { owner: member.value, value: (member.value as Record<string, unknown> | undefined)?.[key] };
  return member;
}

/**
 * A stand-in for the port `make` makes: its first call makes the port (importing the adapter's
 * chunk) and every call is passed on to it. `made` hears of the port once it exists, so that
 * `composeDeps` can put it in the stand-in's place and warm requests call the adapter directly.
 * A member read before then stands in for what it names, to any depth (a part of the port, or a
 * method: only methods answering promises, which the type checks, since a call cannot wait for a
 * module synchronously).
 */
function portOnFirstCall<T extends object>(make: () => Promise<T & AsyncPort<T>>, made: (port: T) => void): T {
  const port = onceAsync(async () => {
    const p = await make();
    made(p);
    return p;
  });
  let ready: T | undefined;
  const readyMember = (path: readonly string[]) => {
    const { owner, value } = memberAt(ready, path);
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(owner) : value;
  };
  /** Not thenable (`await port` is the port), no symbols (inspection): only names. */
  const named = (key: string | symbol) => typeof key === 'string' && key !== 'then';
  const standInAt = (path: readonly string[]): unknown =>
    new Proxy(async (...args: unknown[]) => {
      const { owner, value } = memberAt((ready ??= await port()), path);
      return (value as (...a: unknown[]) => Promise<unknown>).apply(owner, args);
    }, { get: (_, key) => (named(key) ? member([...path, key as string]) : undefined) });
  const member = (path: readonly string[]) => (ready ? readyMember(path) : standInAt(path));
  return new Proxy({} as T, {
    get: (_, key) => (named(key) ? member([key as string]) : undefined),
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
  const jwks = once(() => remoteJwks(url));
  return async (header, token) => jwks()(header, token);
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
  /**
   * The queue and the runner of jobs run in this process (adapters/queue/in-process-job-queue.ts,
   * use-cases/jobs.ts' runJob), when no JOB_QUEUE_URL is configured; passed in for the same reason
   * (composition-all.ts' buildDeps passes them; the API areas' Lambdas always have a queue).
   * Without them and without a queue, reading the jobQueue port throws.
   */
  inProcess?: { queue: typeof inProcessJobQueue; runJob: typeof runJob };
  /** How long the in-process queue waits before a retry, given runJob's wish (tests shorten it). */
  jobBackoff?: (delayMs: number) => number;
  /**
   * Transcoding and automatic captions (adapters/media/media-from-config.ts), for the functions
   * that start or finish media jobs; passed in so that the other bundles carry no media SDK.
   */
  media?: (config: Config) => { transcoder: Transcoder; transcriber: Transcriber };
}

/** The maker of a port this function does not compose: reading it throws, naming it. */
const NOT_COMPOSED = Symbol('not composed');
function notComposed(key: string): (() => never) & { [NOT_COMPOSED]: true } {
  return Object.assign(
    () => {
      throw new Error(`The ${key} port is not composed in this function: its adapter set does not name it (functions/lambda/area-ports.ts for an API area).`);
    },
    { [NOT_COMPOSED]: true as const },
  );
}

/**
 * `target` with a property per entry of `makers`, each made on first read and then a plain data
 * property (so a warm request reads a field, not a getter); assigning one replaces it (tests do).
 * A port not composed is not enumerable (spreading the dependencies leaves it out).
 */
function defineOnFirstRead<T extends object>(target: T, makers: { [K in keyof T]?: () => T[K] }): T {
  const settle = (key: PropertyKey, value: unknown) =>
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  for (const [key, make] of Object.entries(makers) as [PropertyKey, () => unknown][]) {
    Object.defineProperty(target, key, {
      enumerable: !(NOT_COMPOSED in make),
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

/** The app's dependencies as `composeDeps` makes them. */
export type ComposedDeps = AppDeps & { metrics: MetricsSink; inProcessJobs?: InProcessJobQueue };

/** Each composition's makers of its ports over AWS (`makeEveryPort`). */
const MAKERS = new WeakMap<object, Map<string, () => Promise<unknown>>>();

/**
 * Makes every port over AWS that `deps` composes, each from its set's module alone, and answers
 * their names; throws if one cannot be made so (tests/unit/area-ports.test.ts). The ports in
 * `deps` are not replaced: these are made beside them.
 */
export async function makeEveryPort(deps: ComposedDeps): Promise<string[]> {
  const makers = MAKERS.get(deps);
  if (!makers) throw new Error('Not made by composeDeps.');
  for (const make of makers.values()) await make();
  return [...makers.keys()];
}

/**
 * The app's dependencies, with the ports over AWS that `adapterSet` names (see the header). Each
 * port is made when first read, not here, and the adapters behind the AWS-backed ones are
 * imported on such a port's first call.
 */
export function composeDeps<P extends AwsPort>(config: Config, adapterSet: AdapterSet<P>, overrides: DepsOverrides = {}): ComposedDeps {
  const table = config.TABLE_NAME;
  // What the makers below take from it is what `AdaptersOfPort` says; reading a port the set does
  // not name throws before its maker runs.
  const adapters = onceAsync(adapterSet.load as () => Promise<Adapters>);
  const doc = onceAsync(async () => overrides.dynamo ?? documentClient(await adapters(), config));
  const cursors = onceAsync(async () => (await adapters()).cursorCodec(config.CURSOR_SECRET));
  /** A repository over the table, made with the client and the cursor codec. */
  const overTable = <T>(make: (m: Adapters, db: DocumentClient, cursors: CursorCodec) => T) => async () => make(await adapters(), await doc(), await cursors());
  const keys = overrides.keys ?? remoteKeysOnFirstUse(new URL(config.AUTH_JWKS_URL ?? `${config.AUTH_ISSUER}/.well-known/jwks.json`));
  const clock = overrides.clock ?? systemClock;
  const outbox = onceAsync(overTable((m, db) => m.outboxMailer(db, table, ulidGenerator, clock)));
  const bucket = once(() => (overrides.s3 ? s3TargetOf(overrides.s3) : s3Target(config)));
  // The queue by configuration: SQS where CDK configured one, else this process (which starts
  // running queued jobs at once, so it is made here, not on first read).
  const inProcessJobs = config.JOB_QUEUE_URL ? undefined : overrides.inProcess?.queue({ backoff: overrides.jobBackoff });
  type Deps = AppDeps & { metrics: MetricsSink };
  const deps = {} as Deps;
  const composed = new Set<string>(adapterSet.ports);
  const makers = new Map<string, () => Promise<unknown>>();
  /** The port `key`, its adapter loaded on first call; once made, it takes the stand-in's place in `deps`. */
  const onFirstCall = <K extends keyof Deps & AwsPort>(key: K, make: () => Promise<Deps[K] & AsyncPort<Deps[K]>>) => {
    if (!composed.has(key)) return notComposed(key);
    makers.set(key, make);
    return () => {
      const standIn: Deps[K] = portOnFirstCall<Deps[K]>(make, (port) => {
        if (deps[key] === standIn) deps[key] = port;
      });
      return standIn;
    };
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
    // Issue 14 §2 (GDPR): consents, erasure requests, privacy settings; pseudonyms keyed from the cursor secret.
    personalData: onFirstCall('personalData', overTable((m, db) => m.personalDataStore(db, table, config.CURSOR_SECRET))),
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
    // Issue 14 §4: MediaConvert and Transcribe where the functions that use them pass them in
    // (adapters/media/media-from-config.ts: where the deployment has them); elsewhere the ports
    // say "not available" rather than pretending.
    transcoder: once(() => overrides.media?.(config).transcoder ?? unavailableTranscoder()),
    transcriber: once(() => overrides.media?.(config).transcriber ?? unavailableTranscriber()),
    jobQueue: inProcessJobs
      ? () => inProcessJobs
      : !config.JOB_QUEUE_URL
        ? () => {
            throw new Error('No JOB_QUEUE_URL, and no in-process queue passed in (composition-all.ts passes one): this function cannot start jobs.');
          }
        : onFirstCall('jobQueue', async () => (await adapters()).sqsJobQueue({ region: config.AWS_REGION, credentials: () => credentialsFromEnv() }, config.JOB_QUEUE_URL!)),
    clock: () => clock,
    ids: () => ulidGenerator,
    // The Lambda entries flush it once per invocation.
    metrics: () => overrides.metrics ?? (config.METRICS === 'emf' ? emfMetrics() : memoryMetrics()),
    verifyToken: () => jwtVerifier({ issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, keys }),
  });
  MAKERS.set(deps, makers);
  const run = overrides.inProcess?.runJob;
  if (inProcessJobs && run) inProcessJobs.start((ref, options) => run(deps, overrides.jobHandlers ?? {}, ref, options));
  return inProcessJobs ? Object.assign(deps, { inProcessJobs }) : deps;
}
