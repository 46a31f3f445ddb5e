/**
 * The DynamoDB calls that touch mail status items (MAILSTATUS#…) while `work` runs, by operation:
 * a GetItem/UpdateItem on one (Key) or a BatchGetItem that asks for one (RequestItems). For tests
 * that hold the suppression check to one batch read per chunk of recipients (issue 13).
 */
import type { DocumentClient } from '../../functions/adapters/dynamodb/client.ts';

export async function mailStatusReads<T>(db: DocumentClient, work: () => Promise<T>): Promise<{ result: T; reads: string[] }> {
  const reads: string[] = [];
  const stop = db.onCall((e) => {
    if (e.phase !== 'start') return;
    const input = e.input as { Key?: { pk?: string }; RequestItems?: Record<string, { Keys: { pk?: string }[] }> };
    if (input.Key?.pk?.startsWith('MAILSTATUS#')) reads.push(e.operation);
    if (Object.values(input.RequestItems ?? {}).some((r) => r.Keys?.some((k) => k.pk?.startsWith('MAILSTATUS#')))) reads.push(e.operation);
  });
  try {
    return { result: await work(), reads };
  } finally {
    stop();
  }
}
