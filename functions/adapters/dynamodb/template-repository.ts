/**
 * A competition's own message templates (issue 13): one item per kind in the competition's
 * partition, `TEMPLATE#<kind>`, versioned — each save and each reset is one conditional write on
 * the version the organiser read (0: the default, nothing stored). One template per kind and
 * language (issue 14): an English one keeps its old key, `TEMPLATE#<kind>`; others `TEMPLATE#<kind>#<language>`.
 */
import { DeleteCommand, GetCommand, PutCommand, type DocumentClient } from './client.ts';
import { VersionConflict } from '../../domain/errors.ts';
import type { StoredTemplate } from '../../domain/messages.ts';
import type { MessageTemplateRepository } from '../../use-cases/ports.ts';
import { fromItem, isConditionFailure, queryPartition, toItem } from './items.ts';
import * as keys from './keys.ts';

/** Templates saved before languages were English. */
const withLanguage = (t: StoredTemplate): StoredTemplate => ({ ...t, language: t.language ?? 'en' });

export function templateRepository(db: DocumentClient, table: string): MessageTemplateRepository {
  const conflictAsVersion = (e: unknown) => {
    if (isConditionFailure(e)) throw new VersionConflict();
    throw e;
  };
  return {
    async get(competitionId, kind, language = 'en') {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.messageTemplate(competitionId, kind, language), ConsistentRead: true }));
      return r.Item ? withLanguage(fromItem<StoredTemplate>(r.Item)) : undefined;
    },
    list: async (competitionId) => (await queryPartition<StoredTemplate>(db, table, keys.competition(competitionId).pk, keys.messageTemplatePrefix())).map(withLanguage),
    async put(t, expectedVersion) {
      await db
        .send(
          new PutCommand({
            TableName: table,
            Item: toItem('MessageTemplate', t, keys.messageTemplate(t.competitionId, t.kind, t.language)),
            ...(expectedVersion === 0
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
          }),
        )
        .catch(conflictAsVersion);
    },
    async remove(competitionId, kind, expectedVersion, language = 'en') {
      await db
        .send(
          new DeleteCommand({
            TableName: table,
            Key: keys.messageTemplate(competitionId, kind, language),
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': expectedVersion },
          }),
        )
        .catch(conflictAsVersion);
    },
  };
}
