/**
 * getMany (adapters/dynamodb/items.ts): BatchGetItem in chunks of 100 keys, a few chunks at once,
 * keys DynamoDB leaves unprocessed asked again. DynamoDB (and dynalite) leave keys unprocessed
 * only under load, so a stand-in client answers here, holding a small table of its own.
 */
import { describe, expect, it } from 'vitest';
import type { BatchGetInput, BatchGetOutput, DocumentClient } from '../../functions/adapters/dynamodb/client.ts';
import { BATCH_GET_KEYS, BATCH_GET_PARALLEL, getMany } from '../../functions/adapters/dynamodb/items.ts';

/** A client over `items` that answers BatchGetItem, leaving the first `unprocessed` keys of each of the first `times` calls unprocessed. */
function standIn(items: Record<string, string>[], o: { unprocessed?: number; times?: number } = {}) {
  const calls: { keys: number; inFlight: number; consistent?: boolean }[] = [];
  let inFlight = 0;
  let left = o.times ?? 0;
  const client = {
    async send(command: { operation: string; input: BatchGetInput }): Promise<BatchGetOutput> {
      expect(command.operation).toBe('BatchGetItem');
      const [[table, request]] = Object.entries(command.input.RequestItems) as [[string, BatchGetInput['RequestItems'][string]]];
      inFlight++;
      calls.push({ keys: request.Keys.length, inFlight, consistent: request.ConsistentRead });
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      const skip = left-- > 0 ? (o.unprocessed ?? 0) : 0;
      const asked = request.Keys.slice(skip);
      const found = asked.flatMap((k) => items.filter((i) => i.pk === k.pk && i.sk === k.sk));
      return {
        Responses: { [table]: found },
        ...(skip > 0 ? { UnprocessedKeys: { [table]: { ...request, Keys: request.Keys.slice(0, skip) } } } : {}),
      };
    },
  };
  return { client: client as unknown as DocumentClient, calls };
}

const item = (i: number) => ({ pk: 'P', sk: `S#${String(i).padStart(4, '0')}`, n: String(i) });
const key = (i: number) => ({ pk: 'P', sk: `S#${String(i).padStart(4, '0')}` });

describe('getMany', () => {
  it('reads 100 keys a call, at most a few calls at once, each key once, strongly consistent', async () => {
    // Prepare
    const items = Array.from({ length: 900 }, (_, i) => item(i));
    const { client, calls } = standIn(items);
    const wanted = [...Array.from({ length: 850 }, (_, i) => key(i)), key(3), key(4), key(99_999)];

    // Act
    const found = await getMany(client, 'T', wanted);

    // Assess
    expect(found.map((f) => f.n).sort()).toEqual(items.slice(0, 850).map((i) => i.n).sort());
    expect(calls.map((c) => c.keys)).toEqual([100, 100, 100, 100, 100, 100, 100, 100, 51]);
    expect(Math.max(...calls.map((c) => c.keys))).toBe(BATCH_GET_KEYS);
    expect(Math.max(...calls.map((c) => c.inFlight))).toBe(BATCH_GET_PARALLEL);
    expect(calls.every((c) => c.consistent === true)).toBe(true);
  });

  it('asks again for the keys left unprocessed', async () => {
    // Prepare: the first two answers leave 30 keys each unprocessed.
    const items = Array.from({ length: 150 }, (_, i) => item(i));
    const { client, calls } = standIn(items, { unprocessed: 30, times: 2 });

    // Act
    const found = await getMany(client, 'T', items.map((_, i) => key(i)));

    // Assess: every item, once.
    expect(found).toHaveLength(150);
    expect(new Set(found.map((f) => f.n)).size).toBe(150);
    expect(calls.length).toBeGreaterThan(2);
    expect(calls.slice(2).every((c) => c.keys <= 30)).toBe(true);
  });

  it('gives up with an error when keys stay unprocessed', async () => {
    const { client } = standIn([item(1)], { unprocessed: 1, times: 1_000 });
    await expect(getMany(client, 'T', [key(1)])).rejects.toThrow(/unprocessed/);
  }, 20_000); // the backoff between attempts is random (full jitter): up to ~6 s in all

  it('makes no call for no keys', async () => {
    const { client, calls } = standIn([]);
    expect(await getMany(client, 'T', [])).toEqual([]);
    expect(calls).toEqual([]);
  });
});
