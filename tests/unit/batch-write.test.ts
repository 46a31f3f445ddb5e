/**
 * Batched writes (adapters/dynamodb/batch-write.ts) against a table that, like DynamoDB under
 * load, leaves part of each batch unprocessed: everything is written in the end, each batch at
 * most 25 items, a bounded number in flight, and a table that never takes the rest is an error.
 */
import { describe, expect, it } from 'vitest';
import { batchGet, batchWrite, BATCH_PARALLEL } from '../../functions/adapters/dynamodb/batch-write.ts';
import type { DocumentClient } from '../../functions/adapters/dynamodb/client.ts';

type Doc = Record<string, unknown>;

/** A table in memory that processes only `takes(batch)` items of each BatchWriteItem. */
function throttledTable(takes: (n: number) => number) {
  const items = new Map<string, Doc>();
  let inFlight = 0;
  let maxInFlight = 0;
  let largest = 0;
  let calls = 0;
  const client = {
    async send(command: { operation: string; input: any }) {
      calls++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      const [table] = Object.keys(command.input.RequestItems);
      if (command.operation === 'BatchWriteItem') {
        const writes = command.input.RequestItems[table!] as { PutRequest: { Item: Doc } }[];
        largest = Math.max(largest, writes.length);
        const n = takes(writes.length);
        for (const w of writes.slice(0, n)) items.set(`${w.PutRequest.Item.pk}|${w.PutRequest.Item.sk}`, w.PutRequest.Item);
        const rest = writes.slice(n);
        return rest.length ? { UnprocessedItems: { [table!]: rest } } : {};
      }
      const keys = command.input.RequestItems[table!].Keys as Doc[];
      const n = takes(keys.length);
      return {
        Responses: { [table!]: keys.slice(0, n).flatMap((k) => items.get(`${k.pk}|${k.sk}`) ?? []) },
        ...(n < keys.length ? { UnprocessedKeys: { [table!]: { Keys: keys.slice(n) } } } : {}),
      };
    },
  };
  return { client: client as unknown as DocumentClient, items, stats: () => ({ maxInFlight, largest, calls }) };
}

const put = (i: number) => ({ PutRequest: { Item: { pk: `P${i % 7}`, sk: `S${i}`, n: i } } });

describe('batchWrite', () => {
  it('writes every item, 25 a request, a bounded number at once, retrying what was left unprocessed', async () => {
    const t = throttledTable((n) => Math.ceil(n / 2)); // half of every batch comes back unprocessed
    const progress: number[] = [];
    await batchWrite(t.client, 'tbl', Array.from({ length: 1000 }, (_, i) => put(i)), (done) => void progress.push(done));
    expect(t.items.size).toBe(1000);
    expect([...t.items.values()].map((d) => d.n).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(t.stats().largest).toBe(25);
    expect(t.stats().maxInFlight).toBeLessThanOrEqual(BATCH_PARALLEL);
    expect(t.stats().calls).toBeGreaterThan(40); // 40 batches, and their retries
    expect(progress.at(-1)).toBe(1000);
  });

  it('fails when the table keeps refusing part of a batch, rather than dropping it', async () => {
    const t = throttledTable((n) => n - 1);
    await expect(batchWrite(t.client, 'tbl', [put(1), put(2)])).rejects.toThrow(/unprocessed/);
  }, 20_000);

  it('writing the same items again leaves one of each', async () => {
    const t = throttledTable((n) => n);
    const writes = Array.from({ length: 60 }, (_, i) => put(i));
    await batchWrite(t.client, 'tbl', writes);
    await batchWrite(t.client, 'tbl', writes);
    expect(t.items.size).toBe(60);
  });
});

describe('batchGet', () => {
  it('reads every key that exists, in batches of 100, retrying unprocessed keys', async () => {
    const t = throttledTable((n) => n);
    await batchWrite(t.client, 'tbl', Array.from({ length: 250 }, (_, i) => put(i)));
    const slow = throttledTable((n) => Math.min(n, 60)); // at most 60 keys a call: the rest come back unprocessed
    for (const [k, v] of t.items) slow.items.set(k, v);
    const keys = Array.from({ length: 300 }, (_, i) => ({ pk: `P${i % 7}`, sk: `S${i}` }));
    const got = await batchGet(slow.client, 'tbl', keys);
    expect(got.map((d) => d.n).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 250 }, (_, i) => i));
  });
});
