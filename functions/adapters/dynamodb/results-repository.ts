import { BatchGetCommand, BatchWriteCommand, GetCommand, type DocumentClient } from './client.ts';
import type { ResultEntry, ResultsHeader } from '../../domain/results.ts';
import type { ResultsRepository } from '../../use-cases/ports.ts';
import { fromItem, queryPartition, toItem } from './items.ts';
import { keys } from './keys.ts';

const BATCH_WRITE = 25;
const BATCH_GET = 100;
const PARALLEL = 4;

/**
 * Results snapshots: a header and one entry per submitted entry, under a version of their own,
 * so a snapshot is never rewritten in place — an amendment writes version n+1 and the competition
 * item then points at it (one conditional write), and readers never see a half-written snapshot.
 */
export function resultsRepository(db: DocumentClient, table: string): ResultsRepository {
  async function writeAll(items: Record<string, unknown>[]) {
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += BATCH_WRITE) batches.push(items.slice(i, i + BATCH_WRITE));
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        let pending = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 8) throw new Error('DynamoDB kept some results items unprocessed.');
          if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
          const r = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
          pending = (r.UnprocessedItems?.[table] ?? []) as typeof pending;
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
  }

  return {
    async save(header, entries) {
      // Entries first, the header last: a header's presence means its entries are all there.
      await writeAll(entries.map((e) => toItem('ResultEntry', e, keys.resultEntry(header.competitionId, header.version, e.submissionId))));
      await writeAll([toItem('ResultsHeader', header, keys.resultsHeader(header.competitionId, header.version))]);
    },

    async getHeader(competitionId, version) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.resultsHeader(competitionId, version), ConsistentRead: true }));
      return r.Item ? fromItem<ResultsHeader>(r.Item) : undefined;
    },

    async getEntry(competitionId, version, submissionId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.resultEntry(competitionId, version, submissionId), ConsistentRead: true }));
      return r.Item ? fromItem<ResultEntry>(r.Item) : undefined;
    },

    async getEntries(competitionId, version, submissionIds) {
      const ids = [...new Set(submissionIds)];
      const out = new Map<string, ResultEntry>();
      for (let i = 0; i < ids.length; i += BATCH_GET) {
        let pending: Record<string, unknown>[] = ids.slice(i, i + BATCH_GET).map((id) => keys.resultEntry(competitionId, version, id));
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 8) throw new Error('DynamoDB kept some results keys unprocessed.');
          if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
          const r = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }));
          for (const item of r.Responses?.[table] ?? []) {
            const e = fromItem<ResultEntry>(item);
            out.set(e.submissionId, e);
          }
          pending = (r.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
        }
      }
      return ids.flatMap((id) => (out.has(id) ? [out.get(id)!] : []));
    },

    listEntries(competitionId, version) {
      return queryPartition<ResultEntry>(db, table, keys.competition(competitionId).pk, keys.resultEntryPrefix(version));
    },
  };
}
