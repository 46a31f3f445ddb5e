import { BatchGetCommand, QueryCommand, type DocumentClient } from './client.ts';
import type { Command, Operation } from './commands.ts';
import * as keys from './keys.ts';
import { USER_INDEX_ATTRIBUTES } from './table-definition.ts';
import type { Membership } from '../../domain/membership.ts';
import type { ProgrammeMember } from '../../domain/programme.ts';
import type { ReviewQueueEntry } from '../../use-cases/ports.ts';

/** Converting between stored items and domain objects: keys and bookkeeping are stripped on read. */
const BOOKKEEPING = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'type', 'schemaVersion']);

export function toItem<T extends object>(type: string, entity: T, keys: Record<string, string>): Record<string, unknown> {
  return { ...keys, type, schemaVersion: 1, ...entity };
}

export function fromItem<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!BOOKKEEPING.has(k)) out[k] = v;
  return out as T;
}

export function isConditionFailure(e: unknown): boolean {
  return e instanceof Error && e.name === 'ConditionalCheckFailedException';
}

/** Sends a conditional write: true when it was made, false when its condition did not hold (any other failure throws). */
export async function writeIf<O extends Operation>(db: DocumentClient, command: Command<O>): Promise<boolean> {
  try {
    await db.send(command);
    return true;
  } catch (e) {
    if (isConditionFailure(e)) return false;
    throw e;
  }
}

/** What a partition query may add: a filter, a projection (attribute names as given), a strongly consistent read. */
export interface PartitionQueryOptions {
  filter?: string;
  projection?: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
  consistent?: boolean;
}

/** Every item of one partition whose sort key starts with `prefix` (reads all pages). */
export async function queryPartition<T>(db: DocumentClient, table: string, pk: string, prefix: string, o: PartitionQueryOptions = {}): Promise<T[]> {
  const out: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const r = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': pk, ':s': prefix, ...o.values },
        ...(o.filter ? { FilterExpression: o.filter } : {}),
        ...(o.projection ? { ProjectionExpression: o.projection } : {}),
        ...(o.names ? { ExpressionAttributeNames: o.names } : {}),
        ...(o.consistent ? { ConsistentRead: true } : {}),
        ExclusiveStartKey: startKey,
      }),
    );
    out.push(...(r.Items ?? []).map((i) => fromItem<T>(i)));
    startKey = r.LastEvaluatedKey;
  } while (startKey);
  return out;
}

// gsi4 (table-definition.ts) must carry every attribute of the items read from it whole: a field
// added to Membership or ProgrammeMember without adding it to USER_INDEX_ATTRIBUTES fails here.
type UserIndexAttribute = (typeof USER_INDEX_ATTRIBUTES)[number];
type Unprojected = Exclude<keyof Membership | keyof ProgrammeMember | keyof ReviewQueueEntry, UserIndexAttribute>;
const everyUserAttributeProjected: [Unprojected] extends [never] ? true : Unprojected = true;
void everyUserAttributeProjected;

/**
 * Every item of one user on gsi4 whose sort key starts with `prefix` (reads all pages), as the
 * index holds it: USER_INDEX_ATTRIBUTES (table-definition.ts) and the keys — a membership or a
 * programme role whole, a review's queue entry. gsi1 (ALL) is retiring: nothing reads it.
 */
export async function queryUserItems(
  db: DocumentClient,
  table: string,
  userSub: string,
  prefix: string,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const r = await db.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :s)',
        ExpressionAttributeValues: { ':p': keys.userPartition(userSub), ':s': prefix },
        ExclusiveStartKey: startKey,
      }),
    );
    out.push(...(r.Items ?? []));
    startKey = r.LastEvaluatedKey;
  } while (startKey);
  return out;
}

/** BatchGetItem takes at most 100 keys per call. */
export const BATCH_GET_KEYS = 100;
/** How many BatchGetItem calls one getMany has in flight at once. */
export const BATCH_GET_PARALLEL = 8;
const BATCH_GET_ATTEMPTS = 8;

/**
 * The items at `keyList` that exist (raw, in no particular order), by BatchGetItem: 100 keys a
 * call, up to BATCH_GET_PARALLEL calls at once; keys DynamoDB leaves unprocessed (throughput, the
 * 16 MB answer limit) are asked for again after a growing, jittered pause. Duplicate keys are
 * asked once. `consistent` reads strongly consistent (the default), as GetItem does here.
 */
export async function getMany(
  db: DocumentClient,
  table: string,
  keyList: readonly Record<string, string>[],
  options: { consistent?: boolean; projection?: string; names?: Record<string, string> } = {},
): Promise<Record<string, unknown>[]> {
  const seen = new Set<string>();
  const unique = keyList.filter((k) => {
    const id = JSON.stringify(Object.entries(k).sort());
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const chunks: Record<string, string>[][] = [];
  for (let i = 0; i < unique.length; i += BATCH_GET_KEYS) chunks.push(unique.slice(i, i + BATCH_GET_KEYS));
  const out: Record<string, unknown>[] = [];
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      let pending: Record<string, unknown>[] = chunks[next++]!;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= BATCH_GET_ATTEMPTS) throw new Error(`DynamoDB left ${pending.length} keys unprocessed after ${attempt} attempts.`);
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.random() * 25 * 2 ** attempt));
        const r = await db.send(
          new BatchGetCommand({
            RequestItems: {
              [table]: {
                Keys: pending,
                ConsistentRead: options.consistent ?? true,
                ...(options.projection ? { ProjectionExpression: options.projection, ExpressionAttributeNames: options.names } : {}),
              },
            },
          }),
        );
        out.push(...(r.Responses?.[table] ?? []));
        pending = r.UnprocessedKeys?.[table]?.Keys ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_GET_PARALLEL, chunks.length) }, worker));
  return out;
}
