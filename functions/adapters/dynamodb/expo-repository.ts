/**
 * Expo rounds in the competition's partition (keys.ts: EXPOTABLE#, EXPOJUDGE#, EXPOHALL#, EXPONOTE#).
 *
 * A judge's state is one item holding their pair, what they saw, their skips and their votes, so
 * every invariant of judging is one conditional PutItem on its `version` (no transactions: the
 * stand-in the tests run against, dynalite, has no TransactWriteItems, and an invariant only
 * tested against production is not tested — see awards-repository.ts):
 *  - a vote is appended and the pair moves on in the same write, so a replayed vote id is found
 *    in the state (counted once, however often the phone sends it) and a vote about a pair the
 *    judge has left is refused (the version it was checked against moved on);
 *  - an undo marks the vote undone and puts the pair back in the same write.
 * A judge casts a vote per team at most, so the item stays far below DynamoDB's 400 KB for any
 * hall a judge can walk (a vote is ~150 bytes; 500 teams with criteria ≈ 150 KB).
 * The hall (where every judge was sent) is one small item, also written on its version: two judges
 * sent at once are serialised there, so a table that takes one judge is given to one.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DocumentClient } from './client.ts';
import type { ExpoHall, ExpoJudgeState, ExpoTable, ExpoVote } from '../../domain/expo.ts';
import type { ExpoNote, ExpoRepository, Page } from '../../use-cases/ports.ts';
import type { CursorCodec, CursorScope } from './cursor.ts';
import { fromItem, isConditionFailure, queryPartition, toItem, writeIf } from './items.ts';
import * as keys from './keys.ts';
import { batchWrite } from './batch-write.ts';

type StoredTable = ExpoTable & { roundId: string; updatedAt: string };

const tableOf = (t: StoredTable): ExpoTable => ({
  submissionId: t.submissionId,
  table: t.table,
  position: t.position,
  ...(t.zone ? { zone: t.zone } : {}),
  absent: t.absent === true,
  ...(t.ownerSub ? { ownerSub: t.ownerSub } : {}),
  ...(t.owner ? { owner: { registryId: t.owner.registryId ?? '', teamEmails: t.owner.teamEmails ?? [], ...(t.owner.email ? { email: t.owner.email } : {}) } } : {}),
});

export function expoRepository(db: DocumentClient, table: string, cursors: CursorCodec): ExpoRepository {
  const pk = (competitionId: string) => keys.competition(competitionId).pk;

  async function get<T>(key: Record<string, string>): Promise<T | undefined> {
    const r = await db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
    return r.Item ? fromItem<T>(r.Item) : undefined;
  }

  /** Puts `item` if the stored version is `expected` (0: no item yet); false when it is not. */
  async function putVersioned(item: Record<string, unknown>, expected: number): Promise<boolean> {
    return writeIf(db,
      new PutCommand({
        TableName: table,
        Item: item,
        ...(expected === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expected } }),
      }),
    );
  }

  const listJudges = (competitionId: string, roundId: string) =>
    queryPartition<ExpoJudgeState>(db, table, pk(competitionId), keys.expoJudgePrefix(roundId), { consistent: true });

  return {
    async listTables(competitionId, roundId) {
      return (await queryPartition<StoredTable>(db, table, pk(competitionId), keys.expoTablePrefix(roundId), { consistent: true })).map(tableOf);
    },

    async pageTables(competitionId, roundId, limit, cursor) {
      const prefix = keys.expoTablePrefix(roundId);
      const scope: CursorScope = { listing: 'expo-tables', keyAttributes: ['pk', 'sk'], equals: { pk: pk(competitionId) }, prefixes: { sk: prefix } };
      const start = cursors.decode(scope, cursor)?.key;
      const r = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
          ExpressionAttributeValues: { ':p': pk(competitionId), ':s': prefix },
          Limit: limit,
          ExclusiveStartKey: start,
        }),
      );
      const page: Page<ExpoTable> = { items: (r.Items ?? []).map((i) => tableOf(fromItem<StoredTable>(i))) };
      if (r.LastEvaluatedKey) page.nextCursor = cursors.encode(scope, { key: r.LastEvaluatedKey as Record<string, string> });
      return page;
    },

    async getTable(competitionId, roundId, submissionId) {
      const t = await get<StoredTable>(keys.expoTable(competitionId, roundId, submissionId));
      return t ? tableOf(t) : undefined;
    },

    async putTables(competitionId, roundId, tables, at) {
      await batchWrite(
        db,
        table,
        tables.map((t) => ({
          PutRequest: { Item: toItem('ExpoTable', { ...tableOf(t as StoredTable), roundId, updatedAt: at }, keys.expoTable(competitionId, roundId, t.submissionId)) },
        })),
      );
    },

    async setAbsent(competitionId, roundId, submissionId, absent, at) {
      try {
        const r = await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.expoTable(competitionId, roundId, submissionId),
            UpdateExpression: 'SET absent = :a, updatedAt = :at',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':a': absent, ':at': at },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return r.Attributes ? tableOf(fromItem<StoredTable>(r.Attributes)) : undefined;
      } catch (e) {
        if (isConditionFailure(e)) return undefined;
        throw e;
      }
    },

    async listVotes(competitionId, roundId) {
      const judges = await listJudges(competitionId, roundId);
      return judges.flatMap((j) => (j.votes ?? []).map((v): ExpoVote => ({ ...v, competitionId, roundId, judgeSub: j.judgeSub })));
    },

    getJudge: (competitionId, roundId, judgeSub) => get<ExpoJudgeState>(keys.expoJudge(competitionId, roundId, judgeSub)),

    listJudges,

    saveJudge: (state, expectedVersion) => putVersioned(toItem('ExpoJudge', state, keys.expoJudge(state.competitionId, state.roundId, state.judgeSub)), expectedVersion),

    async getHall(competitionId, roundId) {
      const h = await get<ExpoHall>(keys.expoHall(competitionId, roundId));
      return h ? { at: h.at ?? {}, version: h.version } : { at: {}, version: 0 };
    },

    saveHall: (competitionId, roundId, hall, expectedVersion) =>
      putVersioned(toItem('ExpoHall', { at: hall.at, version: hall.version, competitionId, roundId }, keys.expoHall(competitionId, roundId)), expectedVersion),

    async listNotes(competitionId, roundId, judgeSub) {
      return (await queryPartition<ExpoNote>(db, table, pk(competitionId), keys.expoNotePrefix(roundId, judgeSub), { consistent: true })).map((n) => ({
        submissionId: n.submissionId,
        text: n.text,
        updatedAt: n.updatedAt,
      }));
    },

    async putNote(competitionId, roundId, judgeSub, note) {
      await db.send(new PutCommand({ TableName: table, Item: toItem('ExpoNote', { ...note, judgeSub, roundId }, keys.expoNote(competitionId, roundId, judgeSub, note.submissionId)) }));
    },
  };
}
