/**
 * The inbox (a user's notifications, newest first) and, locally, the outbox: e-mail kept in the
 * table instead of sent (MAIL_MODE=outbox, shown by the dev UI).
 */
import { PutCommand, QueryCommand, UpdateCommand, type DocumentClient } from './client.ts';
import type { Email, Notification } from '../../domain/notification.ts';
import type { Mailer, NotificationRepository, Outbox } from '../../use-cases/ports.ts';
import type { CursorCodec } from './cursor.ts';
import { fromItem } from './items.ts';
import * as keys from './keys.ts';
import { notificationWrites } from './notification-writes.ts';

export function notificationRepository(db: DocumentClient, table: string, cursors: CursorCodec): NotificationRepository {
  const inboxScope = (userSub: string) => ({ listing: 'inbox', keyAttributes: ['pk', 'sk'], equals: { pk: keys.inbox(userSub) } });
  return {
    async add(n) {
      await db.send(new PutCommand({ TableName: table, Item: { ...keys.notification(n.userSub, n.at, n.id), type: 'Notification', schemaVersion: 1, ...n } }));
    },
    // addMany, claimEmail, releaseEmail: the notifications job's (notification-writes.ts).
    ...notificationWrites(db, table),
    async list(userSub, limit, cursor) {
      // Newest first, a page at a time (signed cursor, cursor.ts).
      const r = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': keys.inbox(userSub) },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: cursors.decode(inboxScope(userSub), cursor)?.key,
        }),
      );
      const items = (r.Items ?? []).map((i) => fromItem<Notification>(i));
      return r.LastEvaluatedKey ? { items, nextCursor: cursors.encode(inboxScope(userSub), { key: r.LastEvaluatedKey as Record<string, string> }) } : { items };
    },
    async markRead(userSub, id, at) {
      const all = (await this.list(userSub, 200)).items;
      const n = all.find((x) => x.id === id);
      if (!n) return;
      await db.send(
        new UpdateCommand({ TableName: table, Key: keys.notification(userSub, n.at, n.id), UpdateExpression: 'SET readAt = :at', ExpressionAttributeValues: { ':at': at } }),
      );
    },
  };
}

/** Locally, e-mail goes to an outbox in the table (shown by the dev UI) instead of being sent. */
export function outboxMailer(db: DocumentClient, table: string, ids: { next(): string }, clock: { now(): Date }): Mailer & Outbox {
  return {
    async send(email: Email) {
      const at = clock.now().toISOString();
      const id = ids.next();
      await db.send(new PutCommand({ TableName: table, Item: { ...keys.outbox(email.competitionId, at, id), type: 'OutboxEmail', schemaVersion: 2, ...email, at, id } }));
    },
    async list(competitionId, limit) {
      const r = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': keys.outboxPartition(competitionId) },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (r.Items ?? []).map((i) => fromItem<Email & { at: string; id: string }>(i));
    },
  };
}
