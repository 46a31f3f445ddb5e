/**
 * The inbox's writes at scale (the notifications job, use-cases/notifications-job.ts): many
 * notifications at once in batches, without rewriting any already there (read or not), and a
 * claim per e-mail so that a notification is never mailed twice, whatever is run again.
 */
import { DeleteCommand, PutCommand, type DocumentClient } from './client.ts';
import type { NotificationRepository } from '../../use-cases/ports.ts';
import { batchGet, batchWrite } from './batch-write.ts';
import { writeIf } from './items.ts';
import * as keys from './keys.ts';

export function notificationWrites(db: DocumentClient, table: string): Pick<NotificationRepository, 'addMany' | 'claimEmail' | 'releaseEmail'> {
  return {
    async addMany(ns) {
      // Only what is missing: BatchWriteItem has no conditions, and a rewrite would mark a read one unread.
      const present = new Set(
        (await batchGet(db, table, ns.map((n) => keys.notification(n.userSub, n.at, n.id)), 'pk, sk')).map((i) => `${i.pk}\n${i.sk}`),
      );
      const missing = ns.filter((n) => {
        const k = keys.notification(n.userSub, n.at, n.id);
        return !present.has(`${k.pk}\n${k.sk}`);
      });
      await batchWrite(
        db,
        table,
        missing.map((n) => ({ PutRequest: { Item: { ...keys.notification(n.userSub, n.at, n.id), type: 'Notification', schemaVersion: 1, ...n } } })),
      );
    },
    async claimEmail(n) {
      return writeIf(db,
        new PutCommand({
          TableName: table,
          Item: { ...keys.notificationMailed(n.userSub, n.at, n.id), type: 'NotificationMailed', schemaVersion: 1 },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async releaseEmail(n) {
      await db.send(new DeleteCommand({ TableName: table, Key: keys.notificationMailed(n.userSub, n.at, n.id) }));
    },
  };
}
