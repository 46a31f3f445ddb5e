/**
 * The DynamoDB client (functions/adapters/dynamodb/client.ts) speaks DynamoDB's JSON protocol
 * itself instead of through the SDK. The SDK is the reference throughout: a fake DynamoDB on
 * loopback records what arrives and answers as scripted, and the SDK's document client
 * (lib-dynamodb over client-dynamodb, with the options Podium gave it) is sent the same commands
 * and the same answers. Our requests must carry the SDK's operation and body and the signature the
 * SDK's SigV4 signer computes; our outputs must equal the SDK's for the same answer; and under
 * errors, throttling and dropped connections we must try as often, wait as long and fail the same
 * way. (tests/api/dynamodb-client.test.ts compares the two against dynalite.)
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as Sdk from '@aws-sdk/lib-dynamodb';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Ours from '../../functions/adapters/dynamodb/client.ts';
import { DocumentClient, type CallEvent } from '../../functions/adapters/dynamodb/client.ts';
import { isConditionFailure } from '../../functions/adapters/dynamodb/items.ts';
import { backoffMs } from '../../functions/adapters/dynamodb/retry-policy.ts';
import { referenceSignature, signatureIn, type ReceivedRequest } from '../support/sigv4-reference.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'FQoGZXIvYXdzE+token/with=chars' };
const REGION = 'eu-west-1';

type Answer = { status: number; body?: string; headers?: Record<string, string> } | 'drop';
let server: Server;
let endpoint: string;
const received: ReceivedRequest[] = [];
/** The next answers, in order; then `fallback`. */
let script: Answer[] = [];
let fallback: Answer = { status: 200, body: '{}' };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const answer = script.shift() ?? fallback;
      if (answer === 'drop') {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `req-${received.length}`, ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
afterEach(() => {
  vi.restoreAllMocks();
  script = [];
  fallback = { status: 200, body: '{}' };
});

const ours = () => new DocumentClient({ region: REGION, endpoint, credentials: () => credentials });
const sdk = () => Sdk.DynamoDBDocumentClient.from(new DynamoDBClient({ region: REGION, endpoint, credentials }), { marshallOptions: { removeUndefinedValues: true } });

type CommandName = 'GetCommand' | 'PutCommand' | 'UpdateCommand' | 'DeleteCommand' | 'QueryCommand' | 'BatchGetCommand' | 'BatchWriteCommand';
const sendOurs = (db: DocumentClient, name: CommandName, input: object) => db.send(new (Ours[name] as new (i: object) => Ours.Command<Ours.Operation>)(input));
async function sendSdk(db: Sdk.DynamoDBDocumentClient, name: CommandName, input: object) {
  const { $metadata: _, ...output } = await db.send(new (Sdk[name] as new (i: object) => Sdk.GetCommand)(input as Sdk.GetCommandInput));
  return output;
}

/** An item with every kind of value the marshaller knows, and undefined members to drop. */
const ITEM = {
  pk: 'COMP#01JCOMP',
  sk: 'SUB#5f3a9c',
  title: 'Zürich — “cargo” 🚲',
  empty: '',
  nothing: null,
  yes: true,
  no: false,
  int: 42,
  negative: -7,
  float: 3.14159,
  tiny: 1e-100,
  largest: Number.MAX_SAFE_INTEGER,
  nested: { a: { b: [1, 'two', { c: true, gone: undefined }] }, empty: {}, list: [] },
  withHoles: [1, undefined, 3],
  roles: new Set(['entrant', 'organiser']),
  scores: new Set([1, 2.5]),
  blob: new Uint8Array([0, 1, 254, 255]),
  blobs: new Set([new Uint8Array([1]), new Uint8Array([2, 3])]),
  gone: undefined,
};
const KEY = { pk: 'COMP#01JCOMP', sk: 'SUB#5f3a9c' };

/** One command of each operation the repositories make, with documents wherever the operation takes them. */
const COMMANDS: [CommandName, object][] = [
  ['GetCommand', { TableName: 'podium', Key: KEY, ConsistentRead: true, ProjectionExpression: '#t', ExpressionAttributeNames: { '#t': 'title' } }],
  ['PutCommand', { TableName: 'podium', Item: ITEM, ConditionExpression: 'attribute_not_exists(pk) OR version = :v', ExpressionAttributeValues: { ':v': 3, ':unused': undefined } }],
  [
    'UpdateCommand',
    {
      TableName: 'podium',
      Key: KEY,
      UpdateExpression: 'SET awards.#k = :award, committed = committed + :amt ADD #roles :role REMOVE activeUploadId',
      ConditionExpression: undefined,
      ExpressionAttributeNames: { '#k': 'prize:1', '#roles': 'roles' },
      ExpressionAttributeValues: { ':award': { amount: 500_000, label: '1st prize', note: undefined }, ':amt': 500_000, ':role': new Set(['jury']) },
      ReturnValues: 'UPDATED_OLD',
    },
  ],
  ['DeleteCommand', { TableName: 'podium', Key: KEY, ConditionExpression: '#status <> :submitted', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':submitted': 'submitted' } }],
  [
    'QueryCommand',
    {
      TableName: 'podium',
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :s)',
      FilterExpression: 'contains(sectors, :sector)',
      ExpressionAttributeValues: { ':p': 'USER#u-1', ':s': 'MEMBER#', ':sector': 'logistics' },
      Limit: 25,
      ScanIndexForward: false,
      ExclusiveStartKey: { pk: 'COMP#1', sk: 'MEMBER#u-1', gsi1pk: 'USER#u-1', gsi1sk: 'MEMBER#COMP#1' },
    },
  ],
  ['BatchGetCommand', { RequestItems: { podium: { Keys: [KEY, { pk: 'COMP#2', sk: 'COMP' }], ConsistentRead: true }, other: { Keys: [{ pk: 'X', sk: 'Y' }] } } }],
  ['BatchWriteCommand', { RequestItems: { podium: [{ PutRequest: { Item: ITEM } }, { DeleteRequest: { Key: { pk: 'COMP#2', sk: 'COMP' } } }] } }],
];

describe('requests', () => {
  it.each(COMMANDS)('%s is the request the SDK sends, signed as the SDK signs it', async (name, input) => {
    // Prepare: what the SDK sends for the same command.
    await sendSdk(sdk(), name, input);
    const reference = received.at(-1)!;
    const at = new Date('2026-12-01T10:00:00Z');

    // Act
    vi.useFakeTimers({ now: at, toFake: ['Date'] });
    try {
      await sendOurs(ours(), name, input);
    } finally {
      vi.useRealTimers();
    }

    // Assess
    const r = received.at(-1)!;
    expect(r.method).toBe(reference.method);
    expect(r.url).toBe(reference.url);
    expect(r.headers['x-amz-target']).toBe(reference.headers['x-amz-target']);
    expect(r.headers['content-type']).toBe(reference.headers['content-type']);
    expect(JSON.parse(r.body)).toStrictEqual(JSON.parse(reference.body));
    expect(r.headers['x-amz-security-token']).toBe(credentials.sessionToken);
    expect(String(r.headers.authorization)).toContain(`/20261201/${REGION}/dynamodb/aws4_request`);
    expect(signatureIn(r.headers)).toBe(await referenceSignature(r, { origin: endpoint, service: 'dynamodb', region: REGION, credentials, at }));
  });

  it('refuses what the SDK refuses to marshal, before sending anything', async () => {
    for (const bad of [{ ...KEY, n: 2 ** 60 }, { ...KEY, n: Number.NaN }, { ...KEY, s: new Set() }, { ...KEY, d: new Date(0) }]) {
      const sent = received.length;
      const sdkError = await sdk().send(new Sdk.PutCommand({ TableName: 'podium', Item: bad })).catch((e: Error) => e);
      const ourError = await ours().send(new Ours.PutCommand({ TableName: 'podium', Item: bad })).catch((e: Error) => e);
      expect(ourError).toBeInstanceOf(Error);
      expect((ourError as Error).message).toBe((sdkError as Error).message);
      expect(received.length).toBe(sent);
    }
  });
});

/** An item as DynamoDB sends it: every attribute type, binary in base64, a number beyond 2⁵³. */
const WIRE_ITEM = {
  pk: { S: 'COMP#01JCOMP' },
  sk: { S: 'SUB#5f3a9c' },
  empty: { S: '' },
  amount: { N: '12.50' },
  huge: { N: '12345678901234567890' },
  yes: { BOOL: true },
  nothing: { NULL: true },
  blob: { B: 'AAH+/w==' },
  blobs: { BS: ['AQ==', 'AgM='] },
  roles: { SS: ['entrant', 'jury'] },
  scores: { NS: ['1', '2.5'] },
  nested: { M: { list: { L: [{ N: '1' }, { M: { B: { S: 'not binary' } } }, { L: [] }] }, empty: { M: {} } } },
};
const WIRE_KEY = { pk: { S: 'COMP#2' }, sk: { S: 'COMP' } };

const ANSWERS: [CommandName, string, object, object][] = [
  ['GetCommand', 'an item', COMMANDS[0]![1], { Item: WIRE_ITEM, ConsumedCapacity: { TableName: 'podium', CapacityUnits: 0.5 } }],
  ['GetCommand', 'no item', COMMANDS[0]![1], {}],
  ['PutCommand', 'the old item', COMMANDS[1]![1], { Attributes: WIRE_ITEM }],
  ['UpdateCommand', 'the updated attributes', COMMANDS[2]![1], { Attributes: { nested: WIRE_ITEM.nested, amount: WIRE_ITEM.amount } }],
  ['DeleteCommand', 'nothing', COMMANDS[3]![1], {}],
  ['QueryCommand', 'a page', COMMANDS[4]![1], { Items: [WIRE_ITEM, WIRE_KEY], Count: 2, ScannedCount: 5, LastEvaluatedKey: WIRE_KEY }],
  ['QueryCommand', 'an empty last page', COMMANDS[4]![1], { Items: [], Count: 0, ScannedCount: 0 }],
  [
    'BatchGetCommand',
    'responses and unprocessed keys',
    COMMANDS[5]![1],
    { Responses: { podium: [WIRE_ITEM], other: [] }, UnprocessedKeys: { podium: { Keys: [WIRE_KEY], ConsistentRead: true, ProjectionExpression: '#a', ExpressionAttributeNames: { '#a': 'amount' } } } },
  ],
  ['BatchWriteCommand', 'unprocessed items', COMMANDS[6]![1], { UnprocessedItems: { podium: [{ PutRequest: { Item: WIRE_ITEM } }, { DeleteRequest: { Key: WIRE_KEY } }] } }],
  ['BatchWriteCommand', 'everything processed', COMMANDS[6]![1], { UnprocessedItems: {} }],
];

describe('answers', () => {
  it.each(ANSWERS)('%s reads %s as the SDK does', async (name, _what, input, answer) => {
    // Prepare
    fallback = { status: 200, body: JSON.stringify(answer) };

    // Act
    const [theirs, mine] = [await sendSdk(sdk(), name, input), await sendOurs(ours(), name, input)];

    // Assess: same values, same types (Sets, Uint8Array, BigInt).
    expect(mine).toStrictEqual(theirs);
  });
});

const error = (status: number, type: string, message: string): Answer => ({ status, body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }) });
const ok: Answer = { status: 200, body: JSON.stringify({ Item: { pk: { S: 'P' }, sk: { S: 'S' } } }) };

/** What happens to one GetItem under `answers`: how many requests went out, and how it ended. */
async function outcome(send: () => Promise<unknown>, answers: Answer[]) {
  script = [...answers];
  const before = received.length;
  const result = await send().then(
    (output) => ({ output: { ...(output as object), $metadata: undefined } }),
    (e: Error) => ({ name: e.name, message: e.message, conditionFailure: isConditionFailure(e) }),
  );
  script = [];
  return { requests: received.length - before, ...result };
}
const GET = { TableName: 'podium', Key: KEY };

describe('errors and retries, as the SDK has them', () => {
  const throttled = error(400, 'ProvisionedThroughputExceededException', 'The level of configured provisioned throughput for the table was exceeded.');
  const serverError = error(500, 'InternalServerError', 'Internal server error');
  const SCENARIOS: [string, Answer[]][] = [
    ['a failed condition: final, with its type and message', [error(400, 'ConditionalCheckFailedException', 'The conditional request failed')]],
    ['a validation error: final', [error(400, 'ValidationException', 'One or more parameter values were invalid: Missing the key sk in the item')]],
    ['an unknown table: final', [error(400, 'ResourceNotFoundException', 'Requested resource not found')]],
    ['throttling, then an answer', [throttled, error(400, 'ThrottlingException', 'Rate of requests exceeds the allowed throughput.'), ok]],
    ['throttling without end: four attempts', [throttled, throttled, throttled, throttled, throttled]],
    ['server errors without end: four attempts', [serverError, serverError, serverError, serverError, serverError]],
    ['a 503 page that is not JSON, then an answer', [{ status: 503, body: '<html>Service Unavailable</html>', headers: { 'content-type': 'text/html' } }, ok]],
    ['HTTP 429 without a body, then an answer', [{ status: 429 }, ok]],
    ['HTTP 501: final', [error(501, 'NotImplemented', 'Not implemented')]],
    ['an error type in the header only', [{ status: 400, body: '{"message":"1 validation error detected"}', headers: { 'x-amzn-errortype': 'ValidationException:http://internal.amazon.com/coral/com.amazon.coral.validate/' } }]],
  ];

  it.each(SCENARIOS)('%s', async (_what, answers) => {
    // Prepare: no waiting between attempts (the SDK draws its waits with Math.random too).
    vi.spyOn(Math, 'random').mockReturnValue(0);

    // Act
    const theirs = await outcome(() => sdk().send(new Sdk.GetCommand(GET)), answers);
    const mine = await outcome(() => ours().send(new Ours.GetCommand(GET)), answers);

    // Assess
    expect(mine.requests).toBeGreaterThan(0);
    expect(mine).toStrictEqual(theirs);
  });

  it('tries an answer that names no error type as often as the SDK, and names it by its status', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const page = { status: 503, body: '<html>Service Unavailable</html>', headers: { 'content-type': 'text/html' } };
    for (const [answers, name] of [[Array.from({ length: 5 }, () => page), 'HTTP503'], [[{ status: 400 }], 'HTTP400']] as [Answer[], string][]) {
      const theirs = await outcome(() => sdk().send(new Sdk.GetCommand(GET)), answers);
      const mine = await outcome(() => ours().send(new Ours.GetCommand(GET)), answers);
      // (The SDK calls them SyntaxError and Unknown.)
      expect(mine).toMatchObject({ requests: theirs.requests, name, message: expect.stringMatching(/^DynamoDB answered \d{3} /) });
    }
  });

  it('retries dropped connections as the SDK does', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    for (const answers of [['drop', ok], ['drop', 'drop', 'drop', 'drop', ok]] as Answer[][]) {
      const theirs = await outcome(() => sdk().send(new Sdk.GetCommand(GET)), answers);
      const mine = await outcome(() => ours().send(new Ours.GetCommand(GET)), answers);
      expect(mine.requests).toBe(theirs.requests);
      expect('output' in mine).toBe('output' in theirs);
      if (!('output' in mine)) expect(mine.name).toBe('NetworkError');
    }
  });

  it('waits as long as the SDK between attempts (full jitter: 25 ms base, 1 s when throttled)', async () => {
    // Prepare: a fixed draw instead of a random one.
    vi.spyOn(Math, 'random').mockReturnValue(0.1);
    for (const [answers, expected] of [
      [[serverError, serverError, ok], backoffMs(0, 'transient') + backoffMs(1, 'transient')],
      [[throttled, throttled, ok], backoffMs(0, 'throttling') + backoffMs(1, 'throttling')],
    ] as [Answer[], number][]) {
      // Act
      script = [...answers];
      const { $metadata } = await sdk().send(new Sdk.GetCommand(GET));
      script = [...answers];
      const started = performance.now();
      await ours().send(new Ours.GetCommand(GET));
      const waited = performance.now() - started;

      // Assess
      expect($metadata.totalRetryDelay).toBe(expected);
      expect(waited).toBeGreaterThanOrEqual(expected - 1);
    }
    expect(backoffMs(0, 'transient', () => 0.999)).toBe(24);
    expect(backoffMs(30, 'throttling', () => 0.999)).toBe(19_980);
  });

  it('stops retrying, as the SDK does, once the client has spent its retry quota', async () => {
    // Prepare: DynamoDB down; one client each, thirteen calls in a row.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    fallback = serverError;
    const [theirClient, ourClient] = [sdk(), ours()];
    const requestsPerCall = async (send: () => Promise<unknown>) => {
      const counts: number[] = [];
      for (let i = 0; i < 13; i++) counts.push((await outcome(send, [])).requests);
      return counts;
    };

    // Act
    const theirs = await requestsPerCall(() => theirClient.send(new Sdk.GetCommand(GET)));
    const mine = await requestsPerCall(() => ourClient.send(new Ours.GetCommand(GET)));

    // Assess: four attempts while the quota lasts, then fewer, then one.
    expect(mine).toStrictEqual(theirs);
    expect(mine.at(-1)).toBe(1);
  });
});

describe('endpoint', () => {
  it('is DynamoDB’s regional endpoint, as the SDK resolves it', () => {
    for (const region of ['eu-west-1', 'us-gov-west-1', 'cn-north-1']) {
      const sdkEndpoint = new DynamoDBClient({ region, credentials }).config.endpointProvider({ Region: region }).url.href;
      expect(`${Ours.defaultEndpoint(region)}/`).toBe(sdkEndpoint);
    }
  });
});

describe('onCall', () => {
  it('reports each call once at its start and its end, retries included, failures with their error', async () => {
    // Prepare
    const db = ours();
    const events: CallEvent[] = [];
    const stop = db.onCall((e) => void events.push(e));
    vi.spyOn(Math, 'random').mockReturnValue(0);

    // Act
    script = [error(500, 'InternalServerError', 'x'), ok];
    await db.send(new Ours.GetCommand(GET));
    script = [error(400, 'ConditionalCheckFailedException', 'The conditional request failed')];
    await db.send(new Ours.PutCommand({ TableName: 'podium', Item: KEY, ConditionExpression: 'attribute_not_exists(pk)' })).catch(() => undefined);
    stop();
    await db.send(new Ours.GetCommand(GET));

    // Assess
    expect(events.map((e) => [e.phase, e.id, e.operation, e.phase === 'end' ? e.attempts : undefined])).toStrictEqual([
      ['start', 1, 'GetItem', undefined],
      ['end', 1, 'GetItem', 2],
      ['start', 2, 'PutItem', undefined],
      ['end', 2, 'PutItem', 1],
    ]);
    expect(events[0]!.input).toBe(GET);
    const failed = events[3]!;
    expect(failed.phase === 'end' && isConditionFailure(failed.error)).toBe(true);
  });

  it('holds a call back while a listener’s promise is pending', async () => {
    // Prepare
    const db = ours();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    db.onCall((e) => (e.phase === 'start' && e.operation === 'PutItem' ? held : undefined));
    const before = received.length;

    // Act
    const put = db.send(new Ours.PutCommand({ TableName: 'podium', Item: KEY }));
    await db.send(new Ours.GetCommand(GET));
    const whileHeld = received.length - before;
    release();
    await put;

    // Assess: the get went out, the put only once released.
    expect(whileHeld).toBe(1);
    expect(received.length - before).toBe(2);
    expect(received.at(-1)!.headers['x-amz-target']).toBe('DynamoDB_20120810.PutItem');
  });
});
