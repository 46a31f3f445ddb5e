/**
 * `api.create_submission.rps` vs `dynamodb.put.rps`: "create submission" through the real HTTP
 * server (token verification, validation, two reads, two conditional writes) against the raw
 * conditional PutItem rate on the same dynalite, both at concurrency 16. The ratio is the
 * platform's own overhead made visible.
 */
import { serve } from '@hono/node-server';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApp } from '../functions/app/app.ts';
import { documentClient } from '../functions/composition.ts';
import { ensureTable, localDynamoClient, localS3Client, startDynalite, startS3rver } from '../functions/local/stand-ins.ts';
import { benchPlatform, openBenchCompetition } from './platform.ts';
import type { BenchResult } from './result.ts';

const CONCURRENCY = 16;

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

export async function benchApi(total = 1500): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'podium-bench-'));
  const dynamo = await startDynalite({ path: join(dir, 'db') });
  const s3 = await startS3rver({ directory: join(dir, 's3'), buckets: ['bench'] });
  try {
    const client = localDynamoClient(dynamo.endpoint);
    await ensureTable(client, 'bench');
    const doc = documentClient({ AWS_REGION: 'eu-west-1' }, client);
    const { deps, token } = await benchPlatform(client, localS3Client(s3.endpoint));

    // Raw baseline: conditional PutItem of a submission-sized item.
    const item = { title: 'x'.repeat(60), summary: 'y'.repeat(400), status: 'draft', version: 1 };
    const putRps = await runConcurrently(total, async (i) => {
      await doc.send(
        new PutCommand({
          TableName: 'bench',
          Item: { pk: `RAW#${i}`, sk: 'RAW', ...item },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    });

    // Set-up (not timed): one open competition and `total` registered entrants with tokens.
    const c = await openBenchCompetition(deps, 'idea');
    const tokens: string[] = [];
    await runConcurrently(total, async (i) => {
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

    const server = serve({ fetch: createApp(deps).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    const body = JSON.stringify({ title: 'Bench idea', summary: 's'.repeat(400), problem: 'p', solution: 's', sectors: ['x'] });
    let failures = 0;
    const apiRps = await runConcurrently(total, async (i) => {
      const r = await fetch(`http://127.0.0.1:${port}/api/competitions/${c.id}/submissions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' },
        body,
      });
      if (r.status !== 201) failures++;
      await r.arrayBuffer();
    });
    await new Promise((r) => server.close(r));
    if (failures > 0) throw new Error(`${failures} create-submission requests failed`);

    return [
      { name: 'dynamodb.put.rps', value: round(putRps), unit: 'requests/s' },
      { name: 'api.create_submission.rps', value: round(apiRps), unit: 'requests/s', baseline: round(putRps), ratio: round(apiRps / putRps, 3) },
    ];
  } finally {
    await dynamo.stop();
    await s3.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function round(x: number, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
