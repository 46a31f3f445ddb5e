/**
 * Programmes (ACCESS-PATTERNS.md: programmes): one partition per programme, `PROG#<id>`, holding
 * the programme item (`PROG`, versioned), its people (`MEMBER#<sub>`, also on gsi1 under the
 * person: `USER#<sub>` / `PROGMEMBER#<id>`) and its calls (`CALL#<competition>`). The cross-call
 * ledger's items (`LEDGER`, `RECIPIENT#…`) share the partition; the awards repository writes them.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DocumentClient } from './client.ts';
import { AlreadyExists, VersionConflict } from '../../domain/errors.ts';
import type { Programme, ProgrammeMember } from '../../domain/programme.ts';
import type { ProgrammeCall, ProgrammeRepository } from '../../use-cases/ports.ts';
import type { CursorCodec, CursorScope } from './cursor.ts';
import { fromItem, isConditionFailure, queryPartition, queryUserItems, toItem } from './items.ts';
import { keys } from './keys.ts';

export function programmeRepository(db: DocumentClient, table: string, cursors: CursorCodec): ProgrammeRepository {
  const memberScope = (programmeId: string): CursorScope => ({
    listing: 'programme-members',
    keyAttributes: ['pk', 'sk'],
    equals: { pk: keys.programmePartition(programmeId) },
    prefixes: { sk: keys.programmeMemberPrefix() },
  });

  return {
    async get(programmeId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.programme(programmeId), ConsistentRead: true }));
      return r.Item ? fromItem<Programme>(r.Item) : undefined;
    },

    async create(p) {
      try {
        await db.send(new PutCommand({ TableName: table, Item: toItem('Programme', p, keys.programme(p.id)), ConditionExpression: 'attribute_not_exists(pk)' }));
      } catch (e) {
        if (isConditionFailure(e)) throw new AlreadyExists('PROGRAMME_EXISTS', 'A programme with this id exists already.');
        throw e;
      }
    },

    async update(p, expectedVersion) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: toItem('Programme', p, keys.programme(p.id)),
            ConditionExpression: 'attribute_exists(pk) AND version = :v',
            ExpressionAttributeValues: { ':v': expectedVersion },
          }),
        );
      } catch (e) {
        if (isConditionFailure(e)) throw new VersionConflict();
        throw e;
      }
    },

    async getMember(programmeId, userSub) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.programmeMember(programmeId, userSub), ConsistentRead: true }));
      return r.Item ? fromItem<ProgrammeMember>(r.Item) : undefined;
    },

    async putMember(m) {
      const item = { ...toItem('ProgrammeMember', m, keys.programmeMember(m.programmeId, m.userSub)), ...keys.programmeMemberByUser(m.userSub, m.programmeId) };
      await db.send(new PutCommand({ TableName: table, Item: item }));
    },

    async removeMember(programmeId, userSub) {
      await db.send(new DeleteCommand({ TableName: table, Key: keys.programmeMember(programmeId, userSub) }));
    },

    async listMembers(programmeId, limit, cursor) {
      const scope = memberScope(programmeId);
      const state = cursors.decode(scope, cursor);
      const r = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :m)',
          ExpressionAttributeValues: { ':p': keys.programmePartition(programmeId), ':m': keys.programmeMemberPrefix() },
          Limit: limit,
          ExclusiveStartKey: state?.key,
          ConsistentRead: true,
        }),
      );
      return {
        items: (r.Items ?? []).map((i) => fromItem<ProgrammeMember>(i)),
        ...(r.LastEvaluatedKey ? { nextCursor: cursors.encode(scope, { key: r.LastEvaluatedKey as Record<string, string> }) } : {}),
      };
    },

    async listForUser(userSub) {
      return (await queryUserItems(db, table, userSub, keys.programmeMemberByUserPrefix())).map((i) => fromItem<ProgrammeMember>(i));
    },

    async addCall(programmeId, call) {
      await db.send(new PutCommand({ TableName: table, Item: toItem('ProgrammeCall', call, keys.programmeCall(programmeId, call.competitionId)) }));
    },

    async listCalls(programmeId) {
      return queryPartition<ProgrammeCall>(db, table, keys.programmePartition(programmeId), keys.programmeCallPrefix(), { consistent: true });
    },
  };
}
