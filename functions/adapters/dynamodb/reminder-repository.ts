/**
 * Reminder settings and claims, and mail status (ACCESS-PATTERNS.md: reminders, mail status).
 * - `COMP#<id>` / `REMINDERS`: kinds switched off (`off:<kind>` = true) and counts (`sent:<kind>`),
 *   each changed by one UpdateItem that touches only its own attribute (no read, no race).
 * - `COMP#<id>` / `REMINDED#<kind>#<occasion>`: the scheduler's claim of an occasion (conditional put).
 * - `MAILSTATUS#<address>` / `MAILSTATUS`: one item per normalised address, written with a version
 *   condition (the bounce rules read what is there), and an ADD for each suppressed send.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DocumentClient } from './client.ts';
import { defaultReminderSettings, REMINDER_KINDS, type ReminderKind, type ReminderSettings } from '../../domain/reminders.ts';
import { normaliseAddress, type MailStatus } from '../../domain/mail-status.ts';
import type { MailStatusRepository, ReminderRepository } from '../../use-cases/ports.ts';
import { fromItem, getMany, isConditionFailure, toItem, writeIf } from './items.ts';
import * as keys from './keys.ts';

function settingsOf(competitionId: string, item: Record<string, unknown> | undefined): ReminderSettings {
  const s = defaultReminderSettings(competitionId);
  if (!item) return s;
  for (const kind of REMINDER_KINDS) {
    if (item[`off:${kind}`] === true) s.disabled.push(kind);
    const n = item[`sent:${kind}`];
    if (typeof n === 'number') s.sent[kind] = n;
  }
  return s;
}

export function reminderRepository(db: DocumentClient, table: string): ReminderRepository {
  return {
    async getSettings(competitionId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.reminderSettings(competitionId), ConsistentRead: true }));
      return settingsOf(competitionId, r.Item);
    },
    async getSettingsMany(competitionIds) {
      const items = await getMany(db, table, competitionIds.map((id) => keys.reminderSettings(id)));
      const byPk = new Map(items.map((i) => [String(i.pk), i]));
      return new Map(competitionIds.map((id) => [id, settingsOf(id, byPk.get(keys.reminderSettings(id).pk))]));
    },
    async setEnabled(competitionId, kind, enabled) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.reminderSettings(competitionId),
          UpdateExpression: 'SET #off = :off, #type = :type, schemaVersion = :v',
          ExpressionAttributeNames: { '#off': `off:${kind}`, '#type': 'type' },
          ExpressionAttributeValues: { ':off': !enabled, ':type': 'ReminderSettings', ':v': 1 },
        }),
      );
    },
    async countSent(competitionId, kind, n) {
      if (n <= 0) return;
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.reminderSettings(competitionId),
          UpdateExpression: 'ADD #sent :n SET #type = :type, schemaVersion = :v',
          ExpressionAttributeNames: { '#sent': `sent:${kind}`, '#type': 'type' },
          ExpressionAttributeValues: { ':n': n, ':type': 'ReminderSettings', ':v': 1 },
        }),
      );
    },
    async claimOccasion(competitionId, kind, occasion, at) {
      return writeIf(db,
        new PutCommand({
          TableName: table,
          Item: { ...keys.reminderOccasion(competitionId, kind, occasion), type: 'ReminderOccasion', schemaVersion: 1, competitionId, kind, occasion, at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async releaseOccasion(competitionId, kind: ReminderKind, occasion) {
      await db.send(new DeleteCommand({ TableName: table, Key: keys.reminderOccasion(competitionId, kind, occasion) }));
    },
  };
}

export function mailStatusRepository(db: DocumentClient, table: string): MailStatusRepository {
  return {
    async get(address) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.mailStatus(normaliseAddress(address)), ConsistentRead: true }));
      return r.Item ? withDefaults(fromItem<MailStatus>(r.Item)) : undefined;
    },
    async getMany(addresses, options) {
      const normalised = [...new Set(addresses.map(normaliseAddress))];
      const items = normalised.length === 0 ? [] : await getMany(db, table, normalised.map((a) => keys.mailStatus(a)), { consistent: options?.consistent ?? false });
      return new Map(items.map((i) => withDefaults(fromItem<MailStatus>(i))).map((s) => [s.address, s]));
    },
    async save(s, expectedVersion) {
      return writeIf(db,
        new PutCommand({
          TableName: table,
          Item: toItem('MailStatus', { ...s, address: normaliseAddress(s.address) }, keys.mailStatus(normaliseAddress(s.address))),
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
        }),
      );
    },
    async noteSuppressed(address, at) {
      // Only on an address that is suppressed (it has its item); no new item for a race with nothing.
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.mailStatus(normaliseAddress(address)),
            // The version moves too, so a concurrent save of the status (read before this) is retried, not lost.
            UpdateExpression: 'ADD suppressedSends :one, version :one SET lastSuppressedAt = :at',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':one': 1, ':at': at },
          }),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },

    async forget(address) {
      await db.send(new DeleteCommand({ TableName: table, Key: keys.mailStatus(normaliseAddress(address)) }));
    },
  };
}

/** Items are written whole, but a missing list or count reads as empty (robust to older shapes). */
function withDefaults(s: MailStatus): MailStatus {
  return { ...s, transientAts: s.transientAts ?? [], seenFeedback: s.seenFeedback ?? [], suppressedSends: s.suppressedSends ?? 0, bounces: s.bounces ?? 0, complaints: s.complaints ?? 0, deliveries: s.deliveries ?? 0 };
}
