import { QueryCommand, type DocumentClient } from './client.ts';
import { keys } from './keys.ts';

/** Converting between stored items and domain objects: keys and bookkeeping are stripped on read. */
const BOOKKEEPING = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'type', 'schemaVersion']);

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

/** Every item of one partition whose sort key starts with `prefix` (reads all pages). */
export async function queryPartition<T>(db: DocumentClient, table: string, pk: string, prefix: string): Promise<T[]> {
  const out: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const r = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': pk, ':s': prefix },
        ExclusiveStartKey: startKey,
      }),
    );
    out.push(...(r.Items ?? []).map((i) => fromItem<T>(i)));
    startKey = r.LastEvaluatedKey;
  } while (startKey);
  return out;
}

/** Every item of one user on gsi1 whose sort key starts with `prefix` (reads all pages). */
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
        IndexName: 'gsi1',
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
