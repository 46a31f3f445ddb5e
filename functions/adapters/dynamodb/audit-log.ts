import { PutCommand, QueryCommand, type DocumentClient } from './client.ts';
import type { AuditEntry } from '../../domain/audit.ts';
import type { AuditLog, IdGenerator } from '../../use-cases/ports.ts';
import type { CursorCodec, CursorScope } from './cursor.ts';
import { fromItem, toItem } from './items.ts';
import * as keys from './keys.ts';

/** Items a filtered audit page reads per query, and how many queries it may take before it answers. */
const READ_PAGE = 250;
const MAX_READS = 4;

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

    async list(competitionId, limit, cursor, filter = {}) {
      const start = cursors.decode(scope(competitionId), cursor)?.key;
      // The time range is the sort key's (`<at>#<id>`); action and actor are filters on what it reads.
      const range: string[] = [];
      const values: Record<string, unknown> = { ':p': keys.auditPartition(competitionId) };
      if (filter.from) values[':from'] = filter.from;
      // A day or an instant, inclusive: everything recorded up to its end sorts before `~`.
      if (filter.to) values[':to'] = `${filter.to}~`;
      if (filter.from && filter.to) range.push('sk BETWEEN :from AND :to');
      else if (filter.from) range.push('sk >= :from');
      else if (filter.to) range.push('sk <= :to');
      const conditions: string[] = [];
      const names: Record<string, string> = {};
      if (filter.action) {
        conditions.push('#action = :action');
        names['#action'] = 'action';
        values[':action'] = filter.action;
      }
      if (filter.actor) {
        conditions.push('#actor.#email = :actor');
        names['#actor'] = 'actor';
        names['#email'] = 'email';
        values[':actor'] = filter.actor;
      }
      const items: AuditEntry[] = [];
      let from = start;
      let more = false;
      // A filtered page reads at most MAX_READS pages of the partition, then answers what it found.
      for (let read = 0; read < (conditions.length ? MAX_READS : 1); read++) {
        const r = await db.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: ['pk = :p', ...range].join(' AND '),
            ...(conditions.length ? { FilterExpression: conditions.join(' AND '), ExpressionAttributeNames: names } : {}),
            ExpressionAttributeValues: values,
            Limit: conditions.length ? READ_PAGE : limit,
            ExclusiveStartKey: from,
          }),
        );
        for (const i of r.Items ?? []) {
          if (items.length === limit) {
            more = true;
            break;
          }
          items.push(fromItem<AuditEntry>(i));
          from = { pk: String(i.pk), sk: String(i.sk) };
        }
        if (more) break;
        more = r.LastEvaluatedKey !== undefined;
        if (!more) break;
        if (items.length < limit) from = r.LastEvaluatedKey as Record<string, string>;
        if (items.length === limit) break;
      }
      return {
        items,
        nextCursor: more && from ? cursors.encode(scope(competitionId), { key: from }) : undefined,
      };
    },
  };
}
