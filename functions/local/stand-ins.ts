/**
 * The embedded stand-ins for AWS: dynalite for DynamoDB and s3rver for S3. Used by the local
 * runtime (persisted under the data folder) and by the tests (in memory / temporary folders).
 * The application code talks to them through the clients it uses on AWS (DynamoDB's document
 * client, signed S3 requests), configured with their endpoints; the SDK clients made here create
 * the table and bucket, and serve tests that look behind the app's back.
 */
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  ScanCommand,
  UpdateTableCommand,
  type AttributeValue,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { DocumentClient } from '../adapters/dynamodb/client.ts';
import * as keys from '../adapters/dynamodb/keys.ts';
import { projectionOf, TABLE_KEYS, type IndexDefinition } from '../adapters/dynamodb/table-definition.ts';

// The stand-ins accept any credentials; the SDK still wants some.
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
export const LOCAL_REGION = 'eu-west-1';

// SDK v3 otherwise adds CRC checksums that the stand-ins store as chunk framing.
process.env.AWS_REQUEST_CHECKSUM_CALCULATION ??= 'WHEN_REQUIRED';
process.env.AWS_RESPONSE_CHECKSUM_VALIDATION ??= 'WHEN_REQUIRED';

export interface RunningService {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts dynalite; `path` persists data in LevelDB, omit it for an in-memory store. */
export async function startDynalite(o: { path?: string; port?: number; host?: string } = {}): Promise<RunningService> {
  const server = dynalite({ path: o.path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface S3rverOptions {
  directory: string;
  port?: number;
  host?: string;
  /** Bucket names to create with a CORS rule allowing the browser to PUT parts and read ETag. */
  buckets?: string[];
  onEvent?: (event: unknown) => void;
}

const CORS_XML = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedMethod>POST</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

export async function startS3rver(o: S3rverOptions): Promise<RunningService> {
  const host = o.host ?? '127.0.0.1';
  const server = new S3rver({
    address: host,
    port: o.port ?? 0,
    directory: o.directory,
    silent: true,
    configureBuckets: (o.buckets ?? []).map((name) => ({ name, configs: [CORS_XML] })),
  });
  const address = (await server.run()) as AddressInfo;
  if (o.onEvent) server.on('event', o.onEvent);
  return { endpoint: `http://${host}:${address.port}`, stop: () => server.close() };
}

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

/** The app's DynamoDB client (adapters/dynamodb/client.ts) for dynalite at `endpoint`. */
export function localDocumentClient(endpoint: string): DocumentClient {
  return new DocumentClient({ endpoint, region: LOCAL_REGION, credentials: () => LOCAL_CREDENTIALS });
}

export function localS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** An index as CreateTable / UpdateTable take it, with its projection from table-definition.ts. */
function indexSpec(ix: IndexDefinition): GlobalSecondaryIndex {
  const p = projectionOf(ix);
  return {
    IndexName: ix.name,
    KeySchema: [
      { AttributeName: ix.partitionKey, KeyType: 'HASH' },
      { AttributeName: ix.sortKey, KeyType: 'RANGE' },
    ],
    Projection: p.type === 'INCLUDE' ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...p.nonKeyAttributes] } : { ProjectionType: p.type },
  };
}

const attr = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });

async function createTable(client: DynamoDBClient, tableName: string) {
  const names = new Set<string>([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey]);
  for (const ix of TABLE_KEYS.indexes) names.add(ix.partitionKey).add(ix.sortKey);
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...names].map(attr),
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE_KEYS.indexes.map(indexSpec),
    }),
  );
}

async function missingIndexes(client: DynamoDBClient, tableName: string): Promise<IndexDefinition[]> {
  const d = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const have = new Set((d.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  return TABLE_KEYS.indexes.filter((ix) => !have.has(ix.name));
}

async function scanAll(client: DynamoDBClient, tableName: string): Promise<Record<string, AttributeValue>[]> {
  const out: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const r = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    out.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

async function writeAll(client: DynamoDBClient, tableName: string, items: Record<string, AttributeValue>[]) {
  for (let i = 0; i < items.length; i += 25) {
    let pending: Record<string, { PutRequest: { Item: Record<string, AttributeValue> } }[]> | undefined = {
      [tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
    };
    while (pending && (pending[tableName]?.length ?? 0) > 0) {
      const r = await client.send(new BatchWriteItemCommand({ RequestItems: pending }));
      pending = r.UnprocessedItems as typeof pending;
    }
  }
}

/**
 * Index attributes an item written before its index existed lacks: gsi3 (a submission's status
 * entry, keys.submissionByStatus). Returns the item with them, or undefined when it needs none.
 */
export function withMissingIndexKeys(item: Record<string, AttributeValue>): Record<string, AttributeValue> | undefined {
  if (item.type?.S !== 'Submission' || item.gsi3pk || !item.competitionId?.S || !item.status?.S || !item.id?.S) return undefined;
  const k = keys.submissionByStatus(item.competitionId.S, item.status.S, item.id.S);
  return { ...item, gsi3pk: { S: k.gsi3pk }, gsi3sk: { S: k.gsi3sk } };
}

async function waitFor(done: () => Promise<boolean>) {
  for (let i = 0; i < 600; i++) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('The local table did not settle within 30 s.');
}

/**
 * Creates the single table (same keys and indexes as infra/data.ts) unless it exists. A table made
 * by an older Podium (a data folder from before an index was added) gets the missing indexes, and
 * its items the index keys they lack, so `npm start` on an old folder keeps working.
 *
 * DynamoDB (and DynamoDB Local) add an index with UpdateTable; dynalite accepts that call but
 * ignores it (its UpdateTable handles throughput only), so when the index is still missing
 * afterwards the table is rebuilt: every item read, the table dropped and created anew, the items
 * written back. With `backupFile` (the local runtime gives one in the data folder) the items are
 * first written there (atomically), and removed only once they are back in the table: a start
 * interrupted half-way finds the file at the next start and finishes the rebuild from it, so no
 * stop ever loses the folder's data.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string, options: { backupFile?: string } = {}): Promise<void> {
  const backup = options.backupFile;
  if (backup && existsSync(backup)) {
    // A rebuild was cut short: the table may be gone, empty or half-written; the file has everything.
    const saved = JSON.parse(readFileSync(backup, 'utf8')) as Record<string, AttributeValue>[];
    await rebuild(client, tableName, saved);
    rmSync(backup);
    return;
  }
  let missing: IndexDefinition[];
  try {
    missing = await missingIndexes(client, tableName);
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
    await createTable(client, tableName);
    return;
  }
  if (missing.length === 0) return;
  for (const ix of missing) {
    try {
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: [attr(ix.partitionKey), attr(ix.sortKey)],
          GlobalSecondaryIndexUpdates: [{ Create: indexSpec(ix) }],
        }),
      );
    } catch {
      // Not supported here: rebuilt below.
    }
  }
  const items = await scanAll(client, tableName);
  if ((await missingIndexes(client, tableName)).length > 0) {
    if (backup) {
      writeFileSync(`${backup}.tmp`, JSON.stringify(items));
      renameSync(`${backup}.tmp`, backup);
    }
    await rebuild(client, tableName, items);
    if (backup) rmSync(backup);
  } else {
    await writeAll(client, tableName, items.flatMap((i) => { const w = withMissingIndexKeys(i); return w ? [w] : []; }));
  }
}

/** Drops the table if it is there, creates it with every index, and writes `items` back (with the index keys they lack). */
async function rebuild(client: DynamoDBClient, tableName: string, items: Record<string, AttributeValue>[]): Promise<void> {
  try {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
  }
  await waitFor(async () => {
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
      return false;
    } catch (e) {
      if (e instanceof ResourceNotFoundException) return true;
      throw e;
    }
  });
  await createTable(client, tableName);
  await waitFor(async () => (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.TableStatus === 'ACTIVE');
  await writeAll(client, tableName, items.map((i) => withMissingIndexKeys(i) ?? i));
}

export async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}
