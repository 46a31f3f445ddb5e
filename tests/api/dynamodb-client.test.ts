/**
 * The app's DynamoDB client (functions/adapters/dynamodb/client.ts) against dynalite, with the
 * SDK's document client (lib-dynamodb, the options Podium gave it) as the reference: each
 * operation is made by both on the same item, from the same starting state, and both must answer
 * alike and leave DynamoDB holding the same attribute values — read back with the SDK's low-level
 * client, so what is compared is what is stored, type for type.
 * (tests/unit/dynamodb-protocol.test.ts compares requests, signatures and retries on loopback.)
 */
import { DeleteItemCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import * as Sdk from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Ours from '../../functions/adapters/dynamodb/client.ts';
import { isConditionFailure } from '../../functions/adapters/dynamodb/items.ts';
import { ensureTable, localDocumentClient, localDynamoClient, startDynalite, type RunningService } from '../../functions/local/stand-ins.ts';

const TABLE = 'podium-client-compare';
let dynamo: RunningService;
let raw: DynamoDBClient;
let sdk: Sdk.DynamoDBDocumentClient;
let ours: Ours.DocumentClient;

beforeAll(async () => {
  dynamo = await startDynalite();
  raw = localDynamoClient(dynamo.endpoint);
  await ensureTable(raw, TABLE);
  sdk = Sdk.DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  ours = localDocumentClient(dynamo.endpoint);
});
afterAll(async () => {
  raw.destroy();
  await dynamo.stop();
});

type Key = Record<string, string>;
/** The item's attribute values as DynamoDB holds them. */
async function stored(key: Key) {
  return (await raw.send(new GetItemCommand({ TableName: TABLE, Key: marshall(key), ConsistentRead: true }))).Item;
}
async function reset(items: Record<string, unknown>[], absent: Key[] = []) {
  for (const key of absent) await raw.send(new DeleteItemCommand({ TableName: TABLE, Key: marshall(key) }));
  for (const Item of items) await sdk.send(new Sdk.PutCommand({ TableName: TABLE, Item }));
}
/** An output without the SDK's `$metadata`. */
function answer<T extends object>(output: T) {
  const { $metadata: _, ...rest } = output as T & { $metadata?: unknown };
  return rest;
}
/** Runs `act` once with each client, from the same state: their answers (or errors) and what is stored after each. */
async function both(
  prepare: () => Promise<void>,
  act: { sdk: () => Promise<object>; ours: () => Promise<object> },
  keys: Key[],
) {
  const run = async (f: () => Promise<object>) => {
    await prepare();
    const result = await f().then(
      (output) => ({ output: answer(output) }),
      (e: Error) => ({ error: { name: e.name, message: e.message }, conditionFailure: isConditionFailure(e) }),
    );
    return { result, stored: await Promise.all(keys.map(stored)) };
  };
  return { theirs: await run(act.sdk), mine: await run(act.ours) };
}

const KEY = { pk: 'COMP#01JCOMP', sk: 'LEDGER' };
/** Every kind of value Podium stores, and some it must drop. */
const ITEM = {
  ...KEY,
  type: 'AwardLedger',
  title: 'Zürich — “cargo” 🚲',
  empty: '',
  nothing: null,
  frozen: false,
  open: true,
  committed: 1_250_000,
  share: 0.825,
  negative: -3,
  tiny: 1e-100,
  largest: Number.MAX_SAFE_INTEGER,
  awards: { 'prize:1': { amount: 500_000, label: '1st prize', note: undefined, tags: ['a', '', 'c'] }, 'voucher:2': { amount: 100_000 } },
  perOrg: {},
  categoryPicks: [],
  history: [{ at: '2026-12-01T10:00:00.000Z', by: { sub: 'u-1', email: undefined } }, 2, 'three', null, [true, [false]]],
  withHoles: [1, undefined, 3],
  roles: new Set(['entrant', 'organiser']),
  scores: new Set([1, 2.5, -4]),
  blob: new Uint8Array([0, 1, 127, 128, 254, 255]),
  blobs: new Set([new Uint8Array([1]), new Uint8Array([2, 3])]),
  gone: undefined,
};

describe('single items', () => {
  it('puts an item as the SDK stores it, undefined members dropped, and gets it back as the SDK reads it', async () => {
    // Act
    const put = await both(() => reset([], [KEY]), { sdk: () => sdk.send(new Sdk.PutCommand({ TableName: TABLE, Item: ITEM })), ours: () => ours.send(new Ours.PutCommand({ TableName: TABLE, Item: ITEM })) }, [KEY]);
    const get = await both(async () => undefined, { sdk: () => sdk.send(new Sdk.GetCommand({ TableName: TABLE, Key: KEY, ConsistentRead: true })), ours: () => ours.send(new Ours.GetCommand({ TableName: TABLE, Key: KEY, ConsistentRead: true })) }, [KEY]);

    // Assess
    expect(put.mine).toStrictEqual(put.theirs);
    expect(put.mine.stored[0]).toMatchObject({ empty: { S: '' }, nothing: { NULL: true }, blob: { B: ITEM.blob }, roles: { SS: ['entrant', 'organiser'] } });
    expect(put.mine.stored[0]).not.toHaveProperty('gone');
    expect(get.mine).toStrictEqual(get.theirs);
    const item = (get.mine.result as { output: { Item: Record<string, unknown> } }).output.Item;
    expect(item).toMatchObject({ roles: new Set(['entrant', 'organiser']), blob: ITEM.blob, withHoles: [1, 3], awards: { 'prize:1': { amount: 500_000, label: '1st prize', tags: ['a', '', 'c'] } } });
    expect(item.awards).not.toHaveProperty(['prize:1', 'note']);
  });

  it.each(['NONE', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW', 'ALL_OLD'] as const)('updates as the SDK does, returning %s', async (ReturnValues) => {
    // Prepare: the awards ledger's kind of update — nested paths, counters, a set, a removal.
    const input: Ours.UpdateInput = {
      TableName: TABLE,
      Key: KEY,
      UpdateExpression: 'SET awards.#k = :award, committed = committed + :amt, perOrg.#o = if_not_exists(perOrg.#o, :zero) + :amt, history = list_append(history, :more) ADD #roles :role REMOVE tiny, #blob',
      ConditionExpression: 'attribute_not_exists(awards.#k) AND committed <= :budgetLeft',
      ExpressionAttributeNames: { '#k': 'lump-sum:3', '#o': 'BE0123456789', '#roles': 'roles', '#blob': 'blob' },
      ExpressionAttributeValues: { ':award': { amount: 250_000, label: undefined, slot: 'lump-sum:1' }, ':amt': 250_000, ':zero': 0, ':more': [{ at: 'later' }], ':role': new Set(['jury']), ':budgetLeft': 10_000_000 },
      ReturnValues,
    };

    // Act
    const outcome = await both(() => reset([ITEM]), { sdk: () => sdk.send(new Sdk.UpdateCommand(input)), ours: () => ours.send(new Ours.UpdateCommand(input)) }, [KEY]);

    // Assess
    expect(outcome.mine).toStrictEqual(outcome.theirs);
    expect(outcome.mine.result).not.toHaveProperty('error');
    expect(outcome.mine.stored[0]).toMatchObject({ committed: { N: '1500000' }, roles: { SS: ['entrant', 'organiser', 'jury'] } });
  });

  it('deletes as the SDK does, returning the old item', async () => {
    const input = { TableName: TABLE, Key: KEY, ConditionExpression: 'attribute_exists(pk) AND #t = :t', ExpressionAttributeNames: { '#t': 'type' }, ExpressionAttributeValues: { ':t': 'AwardLedger' }, ReturnValues: 'ALL_OLD' as const };
    const outcome = await both(() => reset([ITEM]), { sdk: () => sdk.send(new Sdk.DeleteCommand(input)), ours: () => ours.send(new Ours.DeleteCommand(input)) }, [KEY]);
    expect(outcome.mine).toStrictEqual(outcome.theirs);
    expect(outcome.mine.stored[0]).toBeUndefined();
  });

  it('fails a condition as the SDK does — same error type and message — and writes nothing', async () => {
    // Prepare
    const changed = { ...ITEM, committed: 0 };
    const conditional = { TableName: TABLE, Item: changed, ConditionExpression: 'attribute_not_exists(pk)' };
    const update = { TableName: TABLE, Key: KEY, UpdateExpression: 'SET committed = :c', ConditionExpression: 'committed <= :budgetLeft', ExpressionAttributeValues: { ':c': 0, ':budgetLeft': -1 } };

    // Act
    const put = await both(() => reset([ITEM]), { sdk: () => sdk.send(new Sdk.PutCommand(conditional)), ours: () => ours.send(new Ours.PutCommand(conditional)) }, [KEY]);
    const updated = await both(() => reset([ITEM]), { sdk: () => sdk.send(new Sdk.UpdateCommand(update)), ours: () => ours.send(new Ours.UpdateCommand(update)) }, [KEY]);

    // Assess
    for (const outcome of [put, updated]) {
      expect(outcome.mine).toStrictEqual(outcome.theirs);
      expect(outcome.mine.result).toMatchObject({ error: { name: 'ConditionalCheckFailedException' }, conditionFailure: true });
      expect(outcome.mine.stored[0]).toMatchObject({ committed: { N: '1250000' } });
    }
  });

  it.each([
    ['a key without its sort key', { TableName: TABLE, Key: { pk: 'COMP#1' } }],
    ['a table that does not exist', { TableName: 'no-such-table', Key: KEY }],
  ] as [string, Ours.GetInput][])('reports %s as the SDK does, by DynamoDB’s error type', async (_what, input) => {
    const outcome = await both(async () => undefined, { sdk: () => sdk.send(new Sdk.GetCommand(input)), ours: () => ours.send(new Ours.GetCommand(input)) }, []);
    expect(outcome.mine).toStrictEqual(outcome.theirs);
    expect((outcome.mine.result as { error: { name: string } }).error.name).toMatch(/^(ValidationException|ResourceNotFoundException)$/);
  });

  it('refuses a number DynamoDB cannot hold as the SDK does (ValidationException), storing nothing', async () => {
    const input = { TableName: TABLE, Item: { ...KEY, tooSmall: 1e-131 } };
    const outcome = await both(() => reset([], [KEY]), { sdk: () => sdk.send(new Sdk.PutCommand(input)), ours: () => ours.send(new Ours.PutCommand(input)) }, [KEY]);
    expect(outcome.mine).toStrictEqual(outcome.theirs);
    expect(outcome.mine.result).toMatchObject({ error: { name: 'ValidationException' } });
    expect(outcome.mine.stored[0]).toBeUndefined();
  });
});

describe('queries', () => {
  const items = Array.from({ length: 7 }, (_, i) => ({ pk: 'COMP#Q', sk: `SUB#${i}`, gsi1pk: 'USER#u-q', gsi1sk: `SUB#COMP#Q#${i}`, n: i, even: i % 2 === 0, sectors: new Set(i < 4 ? ['logistics'] : ['energy']) }));
  beforeAll(() => reset(items));

  /** Every page of `input`, each asked for with the previous page's LastEvaluatedKey. */
  async function pages(send: (start?: Record<string, unknown>) => Promise<object>) {
    const out: object[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = answer(await send(start)) as { LastEvaluatedKey?: Record<string, unknown> };
      out.push(page);
      start = page.LastEvaluatedKey;
    } while (start && out.length < 20);
    return out;
  }

  it.each([
    ['forward, three at a time', { KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)', ExpressionAttributeValues: { ':p': 'COMP#Q', ':s': 'SUB#' }, Limit: 3 }],
    ['backward with a filter (Limit counts items read)', { KeyConditionExpression: 'pk = :p', FilterExpression: 'even = :t AND contains(sectors, :sector)', ExpressionAttributeValues: { ':p': 'COMP#Q', ':t': true, ':sector': 'logistics' }, ScanIndexForward: false, Limit: 2 }],
    ['on an index', { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :s)', ExpressionAttributeValues: { ':p': 'USER#u-q', ':s': 'SUB#' }, Limit: 4 }],
  ] as [string, Omit<Ours.QueryInput, 'TableName'>][])('pages %s as the SDK does', async (_what, query) => {
    // Act
    const theirs = await pages((start) => sdk.send(new Sdk.QueryCommand({ TableName: TABLE, ...query, ExclusiveStartKey: start })));
    const mine = await pages((start) => ours.send(new Ours.QueryCommand({ TableName: TABLE, ...query, ExclusiveStartKey: start })));

    // Assess
    expect(mine).toStrictEqual(theirs);
    expect(mine.length).toBeGreaterThan(1);
  });
});

describe('batches', () => {
  it('gets a batch as the SDK does, leaving what is over DynamoDB’s size limit as unprocessed keys to ask again', async () => {
    // Prepare: six items of ~350 KB; one answer holds at most ~1.4 MB.
    const big = Array.from({ length: 6 }, (_, i) => ({ pk: 'COMP#B', sk: `RESULT#${i}`, text: String(i).repeat(350_000) }));
    await reset(big);
    const request = { RequestItems: { [TABLE]: { Keys: big.map(({ pk, sk }) => ({ pk, sk })), ConsistentRead: true } } };

    // Act
    const theirs = answer(await sdk.send(new Sdk.BatchGetCommand(request)));
    const mine = await ours.send(new Ours.BatchGetCommand(request));
    const read = [...(mine.Responses?.[TABLE] ?? [])];
    for (let pending = mine.UnprocessedKeys?.[TABLE]; pending && pending.Keys.length > 0; ) {
      const next = await ours.send(new Ours.BatchGetCommand({ RequestItems: { [TABLE]: pending } }));
      read.push(...(next.Responses?.[TABLE] ?? []));
      pending = next.UnprocessedKeys?.[TABLE];
    }

    // Assess: dynalite answers in a random order, so compare as sets.
    const bySk = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.sk).localeCompare(String(b.sk));
    const shape = (o: typeof mine) => ({
      responses: (o.Responses?.[TABLE] ?? []).length,
      unprocessed: { ...o.UnprocessedKeys?.[TABLE], Keys: [...(o.UnprocessedKeys?.[TABLE]?.Keys ?? [])].sort(bySk).map(() => 'key') },
    });
    expect(shape(mine)).toStrictEqual(shape(theirs as typeof mine));
    expect(mine.UnprocessedKeys?.[TABLE]?.Keys.length).toBeGreaterThan(0);
    expect(mine.UnprocessedKeys?.[TABLE]).toMatchObject({ ConsistentRead: true });
    for (const k of mine.UnprocessedKeys?.[TABLE]?.Keys ?? []) expect(request.RequestItems[TABLE].Keys).toContainEqual(k);
    expect(read.sort(bySk)).toStrictEqual(big);
  });

  it('writes and deletes in a batch as the SDK does', async () => {
    const keys = [0, 1, 2, 3].map((i) => ({ pk: 'COMP#W', sk: `ENTRY#${i}` }));
    const request: Ours.BatchWriteInput = {
      RequestItems: {
        [TABLE]: [
          ...keys.slice(0, 3).map((k, i) => ({ PutRequest: { Item: { ...k, ...ITEM, pk: k.pk, sk: k.sk, rank: i + 1, gone: undefined } } })),
          { DeleteRequest: { Key: keys[3]! } },
        ],
      },
    };
    const outcome = await both(() => reset([{ ...keys[3]!, stale: true }], keys.slice(0, 3)), { sdk: () => sdk.send(new Sdk.BatchWriteCommand(request)), ours: () => ours.send(new Ours.BatchWriteCommand(request)) }, keys);
    expect(outcome.mine).toStrictEqual(outcome.theirs);
    expect(outcome.mine.stored.map((s) => s?.rank)).toStrictEqual([{ N: '1' }, { N: '2' }, { N: '3' }, undefined]);
  });
});
