import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DocumentClient } from './client.ts';
import { VersionConflict } from '../../domain/errors.ts';
import { rankRowsOf, type RankRow, type ResultEntry, type ResultsHeader } from '../../domain/results.ts';
import type { LiveRanking, RankingInputs, ResultsRepository, SnapshotRef } from '../../use-cases/ports.ts';
import type { CursorCodec, CursorScope } from './cursor.ts';
import { fromItem, queryPartition, toItem, writeIf } from './items.ts';
import * as keys from './keys.ts';

const BATCH_WRITE = 25;
const BATCH_GET = 100;
/** BatchWrites in flight at once while a snapshot is written (each of up to 25 items). */
const PARALLEL = 8;
/** The attribute that says which computation wrote an item of a live slot. */
const STAMP = 'computationId';

const baseOf = (ref: SnapshotRef) => keys.snapshotBase('version' in ref ? { version: ref.version } : { slot: ref.slot });
/** What a rank-row cursor names: the snapshot it belongs to (a version, or a live computation). */
const snapshotId = (ref: SnapshotRef) => ('version' in ref ? `v${ref.version}` : `${ref.slot}:${ref.computationId}`);
const rowsScope = (competitionId: string): CursorScope => ({ listing: 'rank-rows', keyAttributes: ['c', 'of', 'at'], equals: { c: competitionId } });

/**
 * Results snapshots: a header and one entry per submitted entry, under a version of their own,
 * so a snapshot is never rewritten in place — an amendment writes version n+1 and the competition
 * item then points at it (one conditional write), and readers never see a half-written snapshot.
 * Each entry also has a slim rank row keyed by its position, so the ranking pages in rank order.
 *
 * The live ranking (before results are decided) has the same items in one of two slots, written
 * alternately by its recomputation; one pointer item names the complete slot, the computation that
 * wrote it (every item of the slot carries it, so what an older, larger computation left there is
 * not read as part of it) and its header. A recomputation writes the slot not in use, then flips
 * the pointer in one conditional write: readers see the old ranking or the new one, never half of
 * one, and nothing is ever deleted.
 */
export function resultsRepository(db: DocumentClient, table: string, cursors: CursorCodec): ResultsRepository {
  async function writeAll(items: Record<string, unknown>[], onProgress?: (written: number, total: number) => void | Promise<void>) {
    const batches: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += BATCH_WRITE) batches.push(items.slice(i, i + BATCH_WRITE));
    let next = 0;
    let written = 0;
    const worker = async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        let pending = batch.map((Item) => ({ PutRequest: { Item } }));
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 8) throw new Error('DynamoDB kept some results items unprocessed.');
          if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
          const r = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
          pending = (r.UnprocessedItems?.[table] ?? []) as typeof pending;
        }
        written += batch.length;
        await onProgress?.(written, items.length);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
  }

  async function getMany(keyList: Record<string, string>[]): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    const chunks: Record<string, string>[][] = [];
    for (let i = 0; i < keyList.length; i += BATCH_GET) chunks.push(keyList.slice(i, i + BATCH_GET));
    await Promise.all(
      chunks.map(async (chunk) => {
        let pending: Record<string, unknown>[] = chunk;
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 8) throw new Error('DynamoDB kept some results keys unprocessed.');
          if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
          const r = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }));
          out.push(...(r.Responses?.[table] ?? []));
          pending = (r.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
        }
      }),
    );
    return out;
  }

  /** A live slot's item belongs to the ref's computation; a published snapshot's always do. */
  const belongs = (ref: SnapshotRef, item: Record<string, unknown>) => 'version' in ref || item[STAMP] === ref.computationId;
  const strip = <T>(item: Record<string, unknown>): T => {
    const { [STAMP]: _, ...rest } = fromItem<Record<string, unknown>>(item);
    return rest as T;
  };

  function snapshotItems(ref: SnapshotRef, entries: ResultEntry[], rows: RankRow[]) {
    const base = baseOf(ref);
    const stamp = 'version' in ref ? {} : { [STAMP]: ref.computationId };
    return [
      ...entries.map((e) => toItem('ResultEntry', { ...e, ...stamp }, keys.snapshotEntry(ref.competitionId, base, e.submissionId))),
      ...rows.map((r) => toItem('RankRow', { ...r, ...stamp }, keys.snapshotRankRow(ref.competitionId, base, r.position))),
    ];
  }

  const repo: ResultsRepository = {
    async save(header, entries, onProgress) {
      // Entries and rank rows first, the header last: a header's presence means its items are all there.
      const ref = { competitionId: header.competitionId, version: header.version };
      await writeAll(snapshotItems(ref, entries, rankRowsOf(entries)), onProgress);
      await writeAll([toItem('ResultsHeader', { ...header, rankRows: true }, keys.resultsHeader(header.competitionId, header.version))]);
    },

    async getHeader(competitionId, version) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.resultsHeader(competitionId, version), ConsistentRead: true }));
      return r.Item ? fromItem<ResultsHeader>(r.Item) : undefined;
    },

    getEntry: (competitionId, version, submissionId) => repo.entryIn({ competitionId, version }, submissionId),

    async getEntries(competitionId, version, submissionIds) {
      const found = await repo.entriesIn({ competitionId, version }, submissionIds);
      return [...new Set(submissionIds)].flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
    },

    listEntries(competitionId, version) {
      return queryPartition<ResultEntry>(db, table, keys.competition(competitionId).pk, keys.resultEntryPrefix(version));
    },

    async entryIn(ref, submissionId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.snapshotEntry(ref.competitionId, baseOf(ref), submissionId), ConsistentRead: true }));
      return r.Item && belongs(ref, r.Item) ? strip<ResultEntry>(r.Item) : undefined;
    },

    async entriesIn(ref, submissionIds) {
      const base = baseOf(ref);
      const items = await getMany([...new Set(submissionIds)].map((id) => keys.snapshotEntry(ref.competitionId, base, id)));
      const out = new Map<string, ResultEntry>();
      for (const item of items)
        if (belongs(ref, item)) {
          const e = strip<ResultEntry>(item);
          out.set(e.submissionId, e);
        }
      return out;
    },

    async listEntriesIn(ref) {
      const items = await queryPartition<Record<string, unknown>>(db, table, keys.competition(ref.competitionId).pk, `${baseOf(ref)}#SUB#`);
      return items.filter((i) => belongs(ref, i)).map((i) => strip<ResultEntry>(i));
    },

    async listRankRows(ref, rows, limit, cursor) {
      const scope = rowsScope(ref.competitionId);
      const at = cursors.decode(scope, cursor)?.key;
      if (at && at.of !== snapshotId(ref)) throw new VersionConflict('The ranking was recomputed while you were reading it; start again from the first page.');
      const from = at ? Number(at.at) : 1;
      if (!Number.isSafeInteger(from) || from < 1) throw new VersionConflict('The ranking was recomputed while you were reading it; start again from the first page.');
      const to = Math.min(rows, from + limit - 1);
      if (from > to) return { items: [] };
      const base = baseOf(ref);
      const r = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':p': keys.competition(ref.competitionId).pk, ':from': keys.snapshotRankRow(ref.competitionId, base, from).sk, ':to': keys.snapshotRankRow(ref.competitionId, base, to).sk },
          Limit: to - from + 1,
          ConsistentRead: true,
        }),
      );
      const items = r.Items ?? [];
      // Every row of a complete slot is its computation's; another's means a second writer is
      // rewriting the slot (a recomputation whose runner was presumed dead): read again later.
      if (!items.every((i) => belongs(ref, i))) throw new VersionConflict('The ranking is being rewritten right now; reload it in a moment.');
      const page = items.map((i) => strip<RankRow>(i));
      const last = page.at(-1)?.position ?? from - 1;
      return { items: page, ...(last < rows ? { nextCursor: cursors.encode(scope, { key: { c: ref.competitionId, of: snapshotId(ref), at: String(last + 1) } }) } : {}) };
    },

    async getLive(competitionId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.liveRanking(competitionId), ConsistentRead: true }));
      return r.Item ? fromItem<LiveRanking>(r.Item) : undefined;
    },

    async getInputs(competitionId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.rankingInputs(competitionId), ConsistentRead: true }));
      const item = r.Item ? fromItem<{ inputsVersion?: number; changedAt?: string }>(r.Item) : undefined;
      const inputs: RankingInputs = { version: item?.inputsVersion ?? 0 };
      if (item?.changedAt) inputs.changedAt = item.changedAt;
      return inputs;
    },

    async noteInputsChanged(competitionId, at, options) {
      // With `conflicts`, the automatic conflicts' share of the counter moves too (conflict-list.ts
      // `conflictInputs` adds it to CONFLICTINPUTS' version): one write for both.
      const conflicts = options?.conflicts === true;
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.rankingInputs(competitionId),
          UpdateExpression:
            'ADD inputsVersion :one' + (conflicts ? ', conflictVersion :one' : '') + ' SET changedAt = :at, #type = :type, schemaVersion = :sv' + (conflicts ? ', conflictChangedAtMs = :ms' : ''),
          ExpressionAttributeNames: { '#type': 'type' },
          // By this machine's clock, as CONFLICTINPUTS' changedAtMs (a derivation waits for the indexes after a recent write).
          ExpressionAttributeValues: { ':one': 1, ':at': at, ':type': 'RankingInputs', ':sv': 1, ...(conflicts ? { ':ms': Date.now() } : {}) },
        }),
      );
    },

    async saveLiveSlot(ref, entries, rows, onProgress) {
      await writeAll(snapshotItems(ref, entries, rows), onProgress);
    },

    async publishLive(competitionId, live) {
      return writeIf(db,
        new PutCommand({
          TableName: table,
          Item: toItem('LiveRanking', live, keys.liveRanking(competitionId)),
          // Never back to a ranking computed from older inputs than the live one.
          ConditionExpression: 'attribute_not_exists(pk) OR inputsVersion <= :v',
          ExpressionAttributeValues: { ':v': live.inputsVersion },
        }),
      );
    },
  };
  return repo;
}
