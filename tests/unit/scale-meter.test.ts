/**
 * The scale bench's cost meter (bench/scale/metered-client.ts) charges index writes as DynamoDB
 * does: a new entry and a changed projected attribute cost the index, a moved key costs it twice,
 * and rewriting an item whose index key and projected attributes are unchanged costs it nothing.
 */
import { describe, expect, it } from 'vitest';
import { meterClient, type TableShape } from '../../bench/scale/metered-client.ts';
import { PutCommand, UpdateCommand, type DocumentClient } from '../../functions/adapters/dynamodb/client.ts';

const SHAPE: TableShape = {
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    { name: 'all', partitionKey: 'apk', sortKey: 'ask', projection: 'ALL', nonKeyAttributes: [] },
    { name: 'some', partitionKey: 'ipk', sortKey: 'isk', projection: 'INCLUDE', nonKeyAttributes: ['title'] },
  ],
};

/** A stand-in table of one item: Put answers the item before (ALL_OLD), Update the item after (ALL_NEW). */
function fakeTable(before: Record<string, unknown> | undefined) {
  let stored = before;
  const db = {
    async send(command: { operation: string; input: Record<string, unknown> }) {
      if (command.operation === 'PutItem') {
        const old = stored;
        stored = command.input.Item as Record<string, unknown>;
        return { ConsumedCapacity: { CapacityUnits: 1 }, ...(old ? { Attributes: old } : {}) };
      }
      return { ConsumedCapacity: { CapacityUnits: 1 }, Attributes: stored };
    },
  };
  return db as unknown as DocumentClient;
}

async function indexUnitsOf(before: Record<string, unknown> | undefined, write: (db: DocumentClient) => Promise<unknown>) {
  const db = fakeTable(before);
  const meter = meterClient(db, SHAPE);
  meter.begin();
  await write(db);
  return Object.values(meter.take()).flat().reduce((a, c) => a + c.indexWriteUnits, 0);
}

const base = { pk: 'P', sk: 'S', ipk: 'I', isk: 'J', title: 'Heat', body: 'x' };
const put = (item: Record<string, unknown>) => (db: DocumentClient) => db.send(new PutCommand({ TableName: 't', Item: item }));

describe('index write units in the scale meter', () => {
  it('a new item costs each index it has the keys of', async () => {
    expect(await indexUnitsOf(undefined, put(base))).toBe(1);
    expect(await indexUnitsOf(undefined, put({ ...base, apk: 'A', ask: 'B' }))).toBe(2);
  });

  it('a rewrite that changes no key or projected attribute costs the index nothing', async () => {
    expect(await indexUnitsOf(base, put({ ...base, body: 'changed, but not projected' }))).toBe(0);
  });

  it('a changed projected attribute costs one write, a moved key two', async () => {
    expect(await indexUnitsOf(base, put({ ...base, title: 'Cold' }))).toBe(1);
    expect(await indexUnitsOf(base, put({ ...base, isk: 'K' }))).toBe(2);
  });

  it('an ALL index is rewritten when any attribute changes, and not when none does', async () => {
    const all = { ...base, apk: 'A', ask: 'B' };
    expect(await indexUnitsOf(all, put({ ...all, body: 'changed' }))).toBe(1);
    expect(await indexUnitsOf(all, put({ ...all }))).toBe(0);
  });

  it('an Update (only the item after is known) is charged for every index the item is in', async () => {
    const units = await indexUnitsOf(base, (db) => db.send(new UpdateCommand({ TableName: 't', Key: { pk: 'P', sk: 'S' }, UpdateExpression: 'SET body = :b', ExpressionAttributeValues: { ':b': 'y' } })));
    expect(units).toBe(1);
  });

  it("counts a retiring index's units apart: the same write with and without the index it replaces", async () => {
    // gsi1 (ALL) beside its replacement gsi4 (INCLUDE, same keys) until a later deploy drops gsi1.
    const shape: TableShape = { ...SHAPE, indexes: [{ ...SHAPE.indexes[0]!, retiring: true }, SHAPE.indexes[1]!] };
    const all = { ...base, apk: 'A', ask: 'B', body: 'y'.repeat(1500) };
    const db = fakeTable(all);
    const meter = meterClient(db, shape);
    meter.begin();
    await put({ ...all, body: 'z'.repeat(1500) })(db);
    const [call] = Object.values(meter.take()).flat();
    // The ALL copy (2 KB: 2 units) changes, the INCLUDE entry (keys and title) does not.
    expect(call).toMatchObject({ indexWriteUnits: 2, retiringIndexWriteUnits: 2 });
    meter.begin();
    await put({ ...all, title: 'Cold', body: 'z'.repeat(1500) })(db);
    expect(Object.values(meter.take()).flat()[0]).toMatchObject({ indexWriteUnits: 3, retiringIndexWriteUnits: 2 });
  });
});
