import { PutCommand, QueryCommand, type DocumentClient } from './client.ts';
import type { AuditEntry } from '../../domain/audit.ts';
import type { AuditLog, IdGenerator } from '../../use-cases/ports.ts';
import type { CursorCodec, CursorScope } from './cursor.ts';
import { fromItem, toItem } from './items.ts';
import { keys } from './keys.ts';

/** Append-only: entries are only ever put with attribute_not_exists; nothing updates or deletes them. */
export function auditLog(db: DocumentClient, table: string, ids: IdGenerator, cursors: CursorCodec): AuditLog {
  const scope = (competitionId: string): CursorScope => ({ listing: 'audit', keyAttributes: ['pk', 'sk'], equals: { pk: keys.auditPartition(competitionId) } });
  return {
    async append(e) {
      const entry: AuditEntry = { ...e, id: ids.next() };
      await db.send(
        new PutCommand({
          TableName: table,
          Item: toItem('AuditEntry', entry, keys.audit(e.competitionId, e.at, entry.id)),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    async list(competitionId, limit, cursor) {
      const start = cursors.decode(scope(competitionId), cursor);
      const r = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': keys.auditPartition(competitionId) },
          Limit: limit,
          ExclusiveStartKey: start?.key,
        }),
      );
      return {
        items: (r.Items ?? []).map((i) => fromItem<AuditEntry>(i)),
        nextCursor: r.LastEvaluatedKey ? cursors.encode(scope(competitionId), { key: r.LastEvaluatedKey as Record<string, string> }) : undefined,
      };
    },
  };
}
