/**
 * The embedded stand-ins for AWS: dynalite for DynamoDB and s3rver for S3. Used by the local
 * runtime (persisted under the data folder) and by the tests (in memory / temporary folders).
 * The application code talks to them through the clients it uses on AWS (DynamoDB's document
 * client, signed S3 requests), configured with their endpoints; the SDK clients made here create
 * the table and bucket, and serve tests that look behind the app's back.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import S3rver from 's3rver';
import { DocumentClient } from '../adapters/dynamodb/client.ts';
import { TABLE_KEYS } from '../adapters/dynamodb/table-definition.ts';

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
    <AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
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

/** Creates the single table (same keys and indexes as infra/data.ts) unless it exists. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (e) {
    if (!(e instanceof ResourceNotFoundException)) throw e;
  }
  const attr = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
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
      GlobalSecondaryIndexes: TABLE_KEYS.indexes.map((ix) => ({
        IndexName: ix.name,
        KeySchema: [
          { AttributeName: ix.partitionKey, KeyType: 'HASH' },
          { AttributeName: ix.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
}

export async function ensureBucket(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  }
}
