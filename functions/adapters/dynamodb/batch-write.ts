/**
 * Batched writes: items in BatchWriteItem requests of 25, a few requests in flight at once, and
 * what DynamoDB left unprocessed (throughput) sent again with exponential backoff. BatchWriteItem
 * has no conditions: callers write only items whose rewrite is harmless (deterministic keys for
 * items nobody else writes) — a batch cut short by a crash is simply written again.
 */
import { BatchGetCommand, BatchWriteCommand, type DocumentClient } from './client.ts';
import type { WriteRequest } from './commands.ts';

export const BATCH_WRITE = 25;
export const BATCH_GET = 100;
/** BatchWrites in flight at once (each up to 25 items). */
export const BATCH_PARALLEL = 8;
/** Tries of one batch's unprocessed rest before giving up (backoff 40 ms, 80 ms, … about 10 s in all). */
const MAX_TRIES = 9;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function batchWrite(
  db: DocumentClient,
  table: string,
  writes: WriteRequest[],
  onProgress?: (written: number, total: number) => void | Promise<void>,
): Promise<void> {
  let next = 0;
  let written = 0;
  const worker = async () => {
    while (next < writes.length) {
      const batch = writes.slice(next, next + BATCH_WRITE);
      next += BATCH_WRITE;
      let pending = batch;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= MAX_TRIES) throw new Error(`DynamoDB kept ${pending.length} items unprocessed.`);
        if (attempt > 0) await pause(20 * 2 ** attempt);
        const r = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = r.UnprocessedItems?.[table] ?? [];
      }
      written += batch.length;
      await onProgress?.(written, writes.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_PARALLEL, Math.ceil(writes.length / BATCH_WRITE)) }, worker));
}

/** The items of those keys that exist (any order), read consistently in batches of 100. */
export async function batchGet(db: DocumentClient, table: string, keyList: Record<string, string>[], projection?: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const chunks: Record<string, string>[][] = [];
  for (let i = 0; i < keyList.length; i += BATCH_GET) chunks.push(keyList.slice(i, i + BATCH_GET));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      let pending: Record<string, unknown>[] = chunks[next++]!;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= MAX_TRIES) throw new Error(`DynamoDB kept ${pending.length} keys unprocessed.`);
        if (attempt > 0) await pause(20 * 2 ** attempt);
        const r = await db.send(
          new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true, ...(projection ? { ProjectionExpression: projection } : {}) } } }),
        );
        out.push(...(r.Responses?.[table] ?? []));
        pending = r.UnprocessedKeys?.[table]?.Keys ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_PARALLEL, chunks.length) }, worker));
  return out;
}
