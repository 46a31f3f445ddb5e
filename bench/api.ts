/**
 * The platform's overhead on its busiest write, and the DynamoDB round trips of every write.
 *
 * `api.create_submission.rps` vs `dynamodb.create_submission_ops.rps`: "create submission"
 * through the real HTTP server (token verification, validation, use case) against the same
 * DynamoDB operations issued raw through the same document client — the competition and
 * membership reads together, then the conditional submission put, then the conditional audit
 * put and the dashboard's day counter (adapters/dynamodb/dashboard-counters.ts) together, with
 * items of the same shape — both at concurrency 16 on the same dynalite. Both run warm
 * (one untimed round each first), then in interleaved timed rounds (API, raw, API, raw, …), each
 * with entrants of its own; medians of the rounds. The ratio is the platform's own overhead: the
 * median of each round pair's ratio, so that load from other work on the machine, which drifts
 * over the rounds, weighs on both sides of each ratio alike.
 *
 * `api.<route>.sequential_db_calls`: the longest chain of DynamoDB calls that waited for one
 * another in one request, for each write request of tests/support/write-round-trips.ts.
 */
import { serve } from '@hono/node-server';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createFullApp } from '../functions/app/api-areas.ts';
import { GetCommand, PutCommand, UpdateCommand } from '../functions/adapters/dynamodb/client.ts';
import { dayIn } from '../functions/domain/dashboard.ts';
import { toItem } from '../functions/adapters/dynamodb/items.ts';
import * as keys from '../functions/adapters/dynamodb/keys.ts';
import { ulidGenerator } from '../functions/adapters/ids.ts';
import { ensureTable, localDocumentClient, localDynamoClient, localS3Client, startS3rver } from '../functions/local/stand-ins.ts';
import { submissionIdFor } from '../functions/use-cases/submissions.ts';
import { startHarness } from '../tests/support/api-harness.ts';
import { recordRoundTrips } from '../tests/support/db-round-trips.ts';
import { measureWriteRoundTrips, WRITE_ROUTES } from '../tests/support/write-round-trips.ts';
import { startDynaliteProcess } from './dynalite-process.ts';
import { startHttpLoad, type HttpRequestSpec } from './http-load.ts';
import { benchPlatform, openBenchCompetition } from './platform.ts';
import type { BenchResult } from './result.ts';

const CONCURRENCY = 16;
const TABLE = 'bench';

async function runConcurrently(total: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) await task(next++);
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function benchApi(perRound = 250, rounds = 5): Promise<BenchResult[]> {
  return withoutPrintedLogs(async () => [...(await benchCreateSubmission(perRound, rounds)), ...(await benchRoundTrips())]);
}

/**
 * The server under test logs a JSON line per request, as it does on Lambda: the lines are still
 * produced (that cost is the platform's) but not printed, so the bench's own output stays legible.
 */
async function withoutPrintedLogs<T>(work: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
    typeof chunk === 'string' && chunk.startsWith('{"level":') ? true : write.call(process.stdout, chunk as string, ...(rest as []))) as typeof write;
  try {
    return await work();
  } finally {
    process.stdout.write = write;
  }
}

async function benchCreateSubmission(perRound: number, rounds: number): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'podium-bench-'));
  const dynamo = await startDynaliteProcess(join(dir, 'db'));
  const s3 = await startS3rver({ directory: join(dir, 's3'), buckets: ['bench'] });
  try {
    await ensureTable(localDynamoClient(dynamo.endpoint), TABLE);
    const doc = localDocumentClient(dynamo.endpoint);
    const { deps, token } = await benchPlatform(doc, localS3Client(s3.endpoint));

    // Set-up (not timed): one open competition and, for every round of either kind, entrants of
    // its own, registered, with tokens (a submission can be created once per entrant).
    const c = await openBenchCompetition(deps, 'idea');
    const batches = 2 * (rounds + 1);
    const probe = batches * perRound; // two more entrants, for the shape check below
    const tokens: string[] = [];
    await runConcurrently(probe + 2, async (i) => {
      const who = { sub: `sme-${i}`, email: `sme${i}@bench.test` };
      await deps.memberships.register(c.id, who, {
        organisationName: `SME ${i}`,
        country: 'BE',
        registryId: `BE${String(i).padStart(10, '0')}`,
        smeDeclaration: true,
        team: [{ name: 'A', email: who.email, role: '' }],
      }, new Date().toISOString());
      tokens[i] = await token(who);
    });

    const server = serve({ fetch: createFullApp(deps).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    const load = startHttpLoad();
    const content = { title: 'Bench idea', summary: 's'.repeat(400), problem: 'p', solution: 's', sectors: ['x'] };
    const body = JSON.stringify(content);
    const request = (i: number): HttpRequestSpec => ({
      url: `http://127.0.0.1:${port}/api/competitions/${c.id}/submissions`,
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' },
      body,
    });
    // CPU this process spends per request (the server) and per raw operation set (the client):
    // printed beside the rates, as it does not depend on what else loads the machine.
    const apiCpu: number[] = [];
    const rawCpu: number[] = [];
    const cpuPer = (since: NodeJS.CpuUsage, count: number) => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1000 / count;
    };
    const apiRound = async (offset: number, count: number) => {
      const since = process.cpuUsage();
      const { rps, unexpected } = await load.round(Array.from({ length: count }, (_, i) => request(offset + i)), CONCURRENCY, 201);
      if (unexpected.length > 0) throw new Error(`${unexpected.length} create-submission requests failed (${unexpected.slice(0, 5).join(', ')})`);
      apiCpu.push(cpuPer(since, count));
      return rps;
    };

    /** What the request does in DynamoDB (adapters/dynamodb: competition, membership, submission, audit and dashboard repositories). */
    const raw = async (i: number) => {
      const sub = `sme-${i}`;
      const [competition, membership] = await Promise.all([
        doc.send(new GetCommand({ TableName: TABLE, Key: keys.competition(c.id), ConsistentRead: true })),
        doc.send(new GetCommand({ TableName: TABLE, Key: keys.membership(c.id, sub), ConsistentRead: true })),
      ]);
      if (!competition.Item || !membership.Item) throw new Error('raw reads found nothing');
      const at = new Date().toISOString();
      const id = submissionIdFor(c.id, sub);
      const submission = {
        ...content, valueChain: [], answers: {}, id, competitionId: c.id, ownerSub: sub,
        organisationName: `SME ${i}`, country: 'BE', status: 'draft', createdAt: at, updatedAt: at, version: 1,
      };
      await doc.send(new PutCommand({
        TableName: TABLE,
        Item: toItem('Submission', submission, { ...keys.submission(c.id, id), ...keys.submissionByOwner(sub, c.id, id), ...keys.submissionByStatus(c.id, submission.status, id), searchText: `${content.title}\nSME ${i}`.toLowerCase() }),
        ConditionExpression: 'attribute_not_exists(pk)',
      }));
      const entryId = ulidGenerator.next();
      const day = dayIn(at, 'UTC');
      await Promise.all([
        doc.send(new PutCommand({
          TableName: TABLE,
          Item: toItem('AuditEntry', { competitionId: c.id, at, actor: { sub, email: `sme${i}@bench.test` }, action: 'submission.created', target: `submission:${id}`, after: { title: content.title }, id: entryId }, keys.audit(c.id, at, entryId)),
          ConditionExpression: 'attribute_not_exists(pk)',
        })),
        doc.send(new UpdateCommand({
          TableName: TABLE,
          Key: keys.dashboardDay(c.id, day),
          UpdateExpression: 'SET #type = :type, schemaVersion = :sv, #day = :day ADD #n0 :v0',
          ExpressionAttributeNames: { '#type': 'type', '#day': 'day', '#n0': 'c_drafts' },
          ExpressionAttributeValues: { ':type': 'DashboardDay', ':sv': 1, ':day': day, ':v0': 1 },
        })),
      ]);
    };

    // The raw path must stay the request's path: same operations, same chain.
    const recorder = recordRoundTrips(doc);
    const apiShape = await recorder.measure(() => apiRound(probe, 1));
    const rawShape = await recorder.measure(() => raw(probe + 1));
    const shape = (m: { calls: { operation: string }[]; sequential: number }) => `${m.calls.map((x) => x.operation).sort().join(',')} in ${m.sequential}`;
    if (shape(apiShape) !== shape(rawShape)) throw new Error(`raw operations (${shape(rawShape)}) differ from the request's (${shape(apiShape)})`);

    // Warm-up (untimed), then the timed rounds, interleaved; every round has entrants of its own.
    let batch = 0;
    const nextOffset = () => batch++ * perRound;
    const rawRound = async (offset: number) => {
      const since = process.cpuUsage();
      const rps = await runConcurrently(perRound, (i) => raw(offset + i));
      rawCpu.push(cpuPer(since, perRound));
      return rps;
    };
    await apiRound(nextOffset(), perRound);
    await rawRound(nextOffset());
    const apiRps: number[] = [];
    const rawRps: number[] = [];
    for (let r = 0; r < rounds; r++) {
      apiRps.push(await apiRound(nextOffset(), perRound));
      rawRps.push(await rawRound(nextOffset()));
    }
    await load.stop();
    await new Promise((r) => server.close(r));

    const api = median(apiRps);
    const base = median(rawRps);
    const ratio = median(apiRps.map((a, r) => a / rawRps[r]!));
    process.stdout.write(`  create submission, requests/s per round: API ${apiRps.map((x) => x.toFixed(0)).join(' ')}; raw ${rawRps.map((x) => x.toFixed(0)).join(' ')}\n`);
    process.stdout.write(`  CPU ms per request in this process (timed rounds, median): API server ${median(apiCpu.slice(2)).toFixed(2)}; raw client ${median(rawCpu.slice(1)).toFixed(2)}\n`);
    return [
      { name: 'dynamodb.create_submission_ops.rps', value: round1(base), unit: 'requests/s' },
      { name: 'api.create_submission.rps', value: round1(api), unit: 'requests/s', baseline: round1(base), ratio: round1(ratio, 3) },
    ];
  } finally {
    await dynamo.stop();
    await s3.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchRoundTrips(): Promise<BenchResult[]> {
  const h = await startHarness();
  try {
    const counted = await measureWriteRoundTrips(h);
    return WRITE_ROUTES.map((route) => ({ name: `api.${route}.sequential_db_calls`, value: counted[route].sequential, unit: 'round trips' }));
  } finally {
    await h.stop();
  }
}

function round1(x: number, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
