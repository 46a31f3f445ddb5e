/**
 * The API under test, in a process of its own — as a Lambda function is: the app wired by the
 * composition root exactly as Lambda and the local runtime wire it (buildDeps, createFullApp, the
 * in-process job queue where there is one, s3rver's events to the real pitch processor), over
 * dynalite (its own process) and s3rver (this one). Its DynamoDB client is metered
 * (metered-client.ts); the parent (app-client.ts) asks over IPC for what a request or a job cost.
 * A process of its own also means a request that exhausts memory ends this process, not the
 * bench: the parent records it and starts another.
 *
 * Messages: {op:'clock', at} sets the app's clock; {op:'begin'} starts a measurement (calls and
 * memory); {op:'take'} answers the calls since `begin` by tag and the peak memory;
 * {op:'settle'} waits for background work (pitch processing, queued jobs) to finish;
 * {op:'mark'} answers the meter's counter (calls after it started after the mark);
 * {op:'ranking', competitionId} starts the live ranking's recomputation as a change of its inputs does.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, type JWK } from 'jose';
import { fixedClock } from '../../functions/adapters/clock.ts';
import { loadConfig } from '../../functions/adapters/config.ts';
import { createFullApp } from '../../functions/app/api-areas.ts';
import { createPitchEventHandler } from '../../functions/app/pitch-events.ts';
import { buildDeps } from '../../functions/composition-all.ts';
import { toS3Event } from '../../functions/local/s3-events.ts';
import { localDocumentClient, localDynamoClient, localS3Client, startS3rver } from '../../functions/local/stand-ins.ts';
import { meterClient, runTagged, type TableShape } from './metered-client.ts';
import { RETIRING_INDEXES } from '../../functions/adapters/dynamodb/table-definition.ts';

export interface AppProcessConfig {
  dynamoEndpoint: string;
  table: string;
  bucket: string;
  s3Directory: string;
  issuer: string;
  audience: string;
  cursorSecret: string;
  jwk: JWK;
  clock: string;
}

export type AppMessage = { id: number } & ({ op: 'clock'; at: string } | { op: 'begin' } | { op: 'take' } | { op: 'settle' } | { op: 'mark' } | { op: 'ranking'; competitionId: string });

/**
 * The live ranking's recomputation, as a change to its inputs starts it (use-cases/ranking-job.ts),
 * where this code base has one: no route starts it, so the bench asks the app process to.
 */
async function rankingTrigger(): Promise<((ports: unknown, who: undefined, competitionId: string) => Promise<void>) | undefined> {
  const path = '../../functions/use-cases/ranking-job.ts';
  try {
    return ((await import(path)) as { rankingInputsChanged?: (ports: unknown, who: undefined, competitionId: string) => Promise<void> }).rankingInputsChanged;
  } catch {
    return undefined;
  }
}

/** The table's keys and indexes as DynamoDB describes them (what ensureTable made from table-definition.ts). */
export async function describeTable(endpoint: string, table: string): Promise<TableShape> {
  const { Table } = await localDynamoClient(endpoint).send(new DescribeTableCommand({ TableName: table }));
  const keyOf = (schema: { AttributeName?: string; KeyType?: string }[] | undefined, type: string) => schema?.find((k) => k.KeyType === type)?.AttributeName;
  return {
    partitionKey: keyOf(Table?.KeySchema, 'HASH')!,
    sortKey: keyOf(Table?.KeySchema, 'RANGE'),
    indexes: (Table?.GlobalSecondaryIndexes ?? []).map((ix) => ({
      name: ix.IndexName!,
      partitionKey: keyOf(ix.KeySchema, 'HASH')!,
      sortKey: keyOf(ix.KeySchema, 'RANGE'),
      projection: (ix.Projection?.ProjectionType ?? 'ALL') as 'ALL' | 'KEYS_ONLY' | 'INCLUDE',
      nonKeyAttributes: ix.Projection?.NonKeyAttributes ?? [],
      ...(RETIRING_INDEXES.includes(ix.IndexName!) ? { retiring: true } : {}),
    })),
  };
}

/**
 * The job handlers, where this code base has them (the in-process queue runs what they name).
 * Looked up by a computed path so that the bench also runs on code without jobs.
 */
async function jobHandlers(): Promise<unknown> {
  const path = '../../functions/use-cases/job-handlers.ts';
  try {
    const m = (await import(path)) as { JOB_HANDLERS?: unknown };
    return m.JOB_HANDLERS;
  } catch {
    return undefined;
  }
}

async function main(config: AppProcessConfig) {
  const clock = fixedClock(config.clock);
  const doc = localDocumentClient(config.dynamoEndpoint);
  const meter = meterClient(doc, await describeTable(config.dynamoEndpoint, config.table));
  const background = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    background.add(p);
    void p.catch(() => undefined).finally(() => background.delete(p));
  };
  let onS3Event: (e: unknown) => void = () => undefined;
  const s3 = await startS3rver({ directory: config.s3Directory, buckets: [config.bucket], onEvent: (e) => onS3Event(e) });
  const env = loadConfig({
    TABLE_NAME: config.table,
    BUCKET_NAME: config.bucket,
    AUTH_ISSUER: config.issuer,
    AUTH_AUDIENCE: config.audience,
    CURSOR_SECRET: config.cursorSecret,
    MAIL_MODE: 'outbox',
    METRICS: 'memory',
  });
  // A variable, not a literal: code without jobs has no `jobHandlers` override to name.
  const overrides = { dynamo: doc, s3: localS3Client(s3.endpoint), keys: createLocalJWKSet({ keys: [config.jwk] }), clock, jobHandlers: await jobHandlers() };
  const deps = buildDeps(env, overrides as Parameters<typeof buildDeps>[1]);
  const app = createFullApp(deps);
  const pitchEvents = createPitchEventHandler(deps);
  onS3Event = (e) => track(runTagged('pitch-processor', () => pitchEvents(toS3Event(e))));

  const server = serve({
    fetch: (req: Request) => runTagged(req.headers.get('x-bench-tag') ?? 'request', () => app.fetch(req)),
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise((r) => server.once('listening', r));

  let peakMb = 0;
  let sampler: NodeJS.Timeout | undefined;
  const sample = () => {
    const m = process.memoryUsage();
    peakMb = Math.max(peakMb, (m.heapUsed + m.arrayBuffers) / 2 ** 20);
  };
  const inProcessJobs = (deps as { inProcessJobs?: { settled(): Promise<void> } }).inProcessJobs;

  process.on('message', (raw) => {
    const m = raw as AppMessage;
    const reply = (body: object = {}) => process.send!({ id: m.id, ...body });
    void (async () => {
      switch (m.op) {
        case 'clock':
          clock.set(m.at);
          return reply();
        case 'begin':
          meter.begin();
          peakMb = 0;
          sample();
          clearInterval(sampler);
          sampler = setInterval(sample, 20);
          return reply();
        case 'take':
          sample();
          clearInterval(sampler);
          return reply({ calls: meter.take(), peakMb: Math.round(peakMb) });
        case 'mark':
          return reply({ tick: meter.tick() });
        case 'ranking': {
          const trigger = await rankingTrigger();
          if (!trigger) return reply({ error: 'this code has no live ranking to recompute' });
          await runTagged('request', () => trigger(deps, undefined, m.competitionId));
          return reply();
        }
        case 'settle':
          while (background.size > 0) await Promise.allSettled([...background]);
          await inProcessJobs?.settled();
          return reply();
      }
    })().catch((e: unknown) => reply({ error: e instanceof Error ? e.message : String(e) }));
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ op: 'ready', port: (server.address() as AddressInfo).port, s3Endpoint: s3.endpoint });
}

if (process.send) await main(JSON.parse(process.argv[2]!) as AppProcessConfig);
