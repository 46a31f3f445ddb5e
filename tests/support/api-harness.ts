/**
 * API test harness: the real Hono app over the real DynamoDB adapters, against an in-memory
 * dynalite, with a frozen clock and an RS256 key pair standing in for the identity provider.
 * Requests go through app.request() — no server, no mocks.
 */
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { generateKeyPair, SignJWT, createLocalJWKSet, exportJWK, type CryptoKey } from 'jose';
import { fixedClock } from '../../functions/adapters/clock.ts';
import { createFullApp } from '../../functions/app/api-areas.ts';
import { buildDeps } from '../../functions/composition-all.ts';
import { loadConfig } from '../../functions/adapters/config.ts';
import { memoryMetrics } from '../../functions/adapters/metrics.ts';
import type { Identity } from '../../functions/domain/identity.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPitchEventHandler } from '../../functions/app/pitch-events.ts';
import { JOB_HANDLERS } from '../../functions/use-cases/job-handlers.ts';
import type { JobHandler, JobHandlers } from '../../functions/use-cases/jobs.ts';
import type { ExportFile } from '../../functions/domain/exports.ts';
import { checkAgainstContract } from './contract.ts';
import { toS3Event } from '../../functions/local/s3-events.ts';
import { ensureTable, localDocumentClient, localDynamoClient, localS3Client, startDynalite, startS3rver } from '../../functions/local/stand-ins.ts';
import { PRIVACY_NOTICE } from '../../functions/domain/privacy.ts';

export const ISSUER = 'https://issuer.test/pool';
export const AUDIENCE = 'podium-web';
export const BUCKET = 'podium-pitches';
/** Signs the harness's pagination cursors (a fixed test value; see adapters/dynamodb/cursor.ts). */
export const CURSOR_SECRET = 'test-cursor-secret-0123456789abcdef';

export const people = {
  organiser: { sub: 'u-org', email: 'organiser@demo.test', name: 'Olivia Organiser', groups: ['organisers'] },
  otherOrganiser: { sub: 'u-org2', email: 'other@organiser.test', name: 'Oscar Other', groups: ['organisers'] },
  sme1: { sub: 'u-sme1', email: 'sme1@demo.test', name: 'Sam One', groups: [] },
  sme2: { sub: 'u-sme2', email: 'sme2@demo.test', name: 'Sue Two', groups: [] },
  sme3: { sub: 'u-sme3', email: 'sme3@demo.test', name: 'Sid Three', groups: [] },
} satisfies Record<string, Identity>;

export async function startHarness(start = '2026-12-01T10:00:00Z') {
  const dynamo = await startDynalite();
  const s3Dir = await mkdtemp(join(tmpdir(), 'podium-s3-'));
  // S3 notifications go to the real pitch processor, as on AWS; tests await them with settle().
  const pending: Promise<unknown>[] = [];
  let onS3Event: (e: unknown) => void = () => undefined;
  const s3 = await startS3rver({ directory: s3Dir, buckets: [BUCKET], onEvent: (e) => onS3Event(e) });
  const s3client = localS3Client(s3.endpoint);
  const client = localDynamoClient(dynamo.endpoint);
  const table = `podium-test-${Math.random().toString(36).slice(2, 8)}`;
  await ensureTable(client, table);
  // The app's own client; the SDK's serves only the test-only Scan and raw writes below.
  const db = localDocumentClient(dynamo.endpoint);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test', alg: 'RS256' };
  const clock = fixedClock(start);
  // The in-process metrics adapter, as the local runtime uses it: tests read what was counted.
  const metrics = memoryMetrics();
  // Test-only: while held (holdJobs), a delivered job is marked running and waits before its handler.
  let heldJobs: Promise<void> | undefined;
  const jobHandlers: JobHandlers = Object.fromEntries(
    Object.entries(JOB_HANDLERS).map(([kind, handler]): [string, JobHandler<any>] => [
      kind,
      async (ports, job, ctx) => {
        await heldJobs;
        return handler(ports, job, ctx);
      },
    ]),
  );
  // Wired exactly as Lambda and the local runtime wire it; only the configuration differs. Without
  // JOB_QUEUE_URL, jobs run in this process (the in-process queue), retried without the waits.
  const deps = buildDeps(
    loadConfig({ TABLE_NAME: table, BUCKET_NAME: BUCKET, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, CURSOR_SECRET }),
    { dynamo: db, s3: s3client, keys: createLocalJWKSet({ keys: [jwk] }), clock, metrics, jobHandlers, jobBackoff: () => 0 },
  );
  const jobs = deps.inProcessJobs!;
  const app = createFullApp(deps);
  const pitchEvents = createPitchEventHandler(deps);
  let deliverEvents = true;
  onS3Event = (e) => {
    if (deliverEvents) pending.push(pitchEvents(toS3Event(e)));
  };
  /** Waits for every S3 notification delivered so far to be processed. */
  async function settle() {
    while (pending.length > 0) await Promise.all(pending.splice(0));
  }

  const token = (who: Identity, overrides: Record<string, unknown> = {}, key: CryptoKey = privateKey) => {
    const iat = Math.floor(Date.now() / 1000);
    const claims = {
      sub: who.sub,
      email: who.email,
      email_verified: true,
      name: who.name,
      'cognito:groups': who.groups,
      token_use: 'id',
      iss: ISSUER,
      aud: AUDIENCE,
      iat,
      exp: iat + 3600,
      ...overrides,
    };
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test' }).sign(key);
  };

  /** JSON request as `who` (anonymous when undefined). */
  async function call(method: string, path: string, who?: Identity, body?: unknown, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { ...headers };
    if (who) h.authorization = `Bearer ${await token(who)}`;
    if (body !== undefined) h['content-type'] ??= 'application/json';
    const res = await app.request(path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    // Every answer is checked against the documented contract (tests/support/contract.ts).
    checkAgainstContract(method, path, { status: res.status, headers: res.headers, json, text });
    return { status: res.status, json, text, headers: res.headers };
  }

  /** Waits until every job started so far (retries and continuations included) has finished. */
  const jobsSettled = () => jobs.settled();

  /** Test-only: jobs delivered from now on stay running (before their handler) until the returned release is called. */
  function holdJobs(): () => void {
    let release!: () => void;
    heldJobs = new Promise<void>((r) => (release = r));
    return () => {
      heldJobs = undefined;
      release();
    };
  }

  /**
   * An export as an organiser gets it: starts the job, waits for it, and downloads the file from
   * the job's presigned link, as the browser does. `status` is the start's when it was refused,
   * else the download's (a failed job: 0, with the job saying why).
   */
  async function exportFile(who: Identity | undefined, competitionId: string, file: ExportFile, filter?: Record<string, string>) {
    const started = await call('POST', `/api/competitions/${competitionId}/exports`, who, { file, ...(filter ? { filter } : {}) });
    if (started.status !== 202) return { ...started, job: undefined };
    await jobsSettled();
    const job = (await call('GET', `/api/competitions/${competitionId}/jobs/${started.json.id}`, who)).json;
    if (job.state !== 'succeeded') return { status: 0, json: undefined, text: '', headers: new Headers(), job };
    const res = await fetch(job.downloadUrl);
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers, job };
  }

  /** Every item in the table — to prove a rejected request stored nothing. Test-only Scan. */
  async function allItems() {
    const r = await doc.send(new ScanCommand({ TableName: table }));
    return r.Items ?? [];
  }

  /** Writes an item behind the API's back — to prove what is shown does not depend on it. Test-only. */
  async function putRaw(item: Record<string, unknown>) {
    await doc.send(new PutCommand({ TableName: table, Item: item }));
  }

  async function stop() {
    await settle().catch(() => undefined);
    await jobs.stop(5_000);
    await Promise.all([dynamo.stop(), s3.stop()]);
    await rm(s3Dir, { recursive: true, force: true });
  }

  return {
    app,
    deps,
    clock,
    metrics,
    call,
    token,
    allItems,
    putRaw,
    table,
    /** The DynamoDB client under the app's adapters (e.g. to count its calls: db-round-trips.ts). */
    db,
    s3client,
    s3Endpoint: s3.endpoint,
    bucket: BUCKET,
    settle,
    jobsSettled,
    holdJobs,
    exportFile,
    pitchEvents,
    /** Stop or resume delivering S3 notifications (to test re-delivery and races by hand). */
    setEventDelivery: (on: boolean) => (deliverEvents = on),
    stop,
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/** A valid competition input open from 2026-12-01 to 2027-01-15 (Brussels time). */
export function competitionInput(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Smart Logistics Challenge',
    description: 'Ideas for greener last-mile logistics.',
    kind: 'idea',
    sectors: ['logistics', 'mobility'],
    eligibility: { countries: ['BE', 'NL', 'DE'], smeOnly: true },
    schedule: {
      timeZone: 'Europe/Brussels',
      submissionsOpen: '2026-11-30T09:00',
      submissionsClose: '2027-01-15T17:00',
      evaluationStart: '2027-01-16T09:00',
      evaluationEnd: '2027-02-15T17:00',
      resultsDate: '2027-03-01T12:00',
    },
    rubric: [
      { name: 'Innovation', description: 'Novelty', weight: 2, scale: { min: 1, max: 5 } },
      { name: 'Impact', description: 'Emissions saved', weight: 1, scale: { min: 1, max: 5 } },
    ],
    questions: [{ id: 'budget', label: 'What is your budget?', required: true, maxLength: 200 }],
    ...overrides,
  };
}

export function registrationInput(overrides: Record<string, unknown> = {}) {
  return {
    organisationName: 'Cargo Bikes BV',
    country: 'BE',
    registryId: 'BE 0123.456.789',
    smeDeclaration: true,
    team: [{ name: 'Sam One', email: 'sam@cargobikes.test', role: 'CEO' }],
    // The privacy notice and the competition's purposes (none) accepted, as the register page sends them (issue 14).
    privacy: { noticeVersion: PRIVACY_NOTICE.version, purposesVersion: 0 },
    ...overrides,
  };
}

export function submissionContent(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Electric cargo-bike hubs',
    summary: 'Micro-hubs for e-cargo bikes.',
    problem: 'Vans clog city centres.',
    solution: 'Containers as hubs at the city edge.',
    valueChain: ['last mile'],
    sectors: ['logistics'],
    answers: { budget: '€50k' },
    ...overrides,
  };
}

/** Creates and publishes the standard competition; returns it. */
export async function openCompetition(h: Harness, overrides: Record<string, unknown> = {}) {
  const created = await h.call('POST', '/api/competitions', people.organiser, competitionInput(overrides));
  if (created.status !== 201) throw new Error(`create failed: ${created.text}`);
  const published = await h.call('POST', `/api/competitions/${created.json.id}/publish`, people.organiser, {
    version: created.json.version,
  });
  if (published.status !== 200) throw new Error(`publish failed: ${published.text}`);
  return published.json;
}

/** A valid programme (POST /api/programmes): three partners, the first coordinating; amounts in cents. */
export function programmeInput(overrides: Record<string, unknown> = {}) {
  return {
    name: 'GreenChain — INNOSUP-1 cluster project',
    description: 'Cluster project funding SMEs in green manufacturing value chains.',
    partners: [
      { id: 'coord', name: 'GreenChain Coordination', country: 'BE', contactName: 'Olivia Organiser', contactEmail: 'organiser@demo.test' },
      { id: 'nord', name: 'Cluster Nord', country: 'DE', contactName: 'Nils Nord', contactEmail: 'nils@cluster-nord.test' },
      { id: 'sud', name: 'Pôle Sud', country: 'FR', contactName: 'Solène Sud', contactEmail: 'solene@pole-sud.test' },
    ],
    coordinatorPartnerId: 'coord',
    period: { start: '2026-01-01', end: '2028-12-31' },
    currency: 'EUR',
    totalBudget: 120_000_000,
    ...overrides,
  };
}
