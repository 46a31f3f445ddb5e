/**
 * Account records (ACCESS-PATTERNS.md: accounts): one item per account, `USER#<sub>` / `ACCOUNT`,
 * its creation written once by a conditional update (`attribute_not_exists(createdAt)`): a replayed
 * Cognito trigger, a second start of the local runtime or two ballots at once leave the first
 * record as it was. The account's language (issue 14) is an attribute of the same item, set by its own update. Read one at
 * a time or many by BatchGetItem (100 keys a call, items.ts `getMany`).
 */
import { GetCommand, UpdateCommand, type DocumentClient } from './client.ts';
import type { Account } from '../../domain/account.ts';
import type { AccountRepository } from '../../use-cases/ports.ts';
import { fromItem, getMany, isConditionFailure } from './items.ts';
import * as keys from './keys.ts';

export function accountRepository(db: DocumentClient, table: string): AccountRepository {
  return {
    async create(a) {
      // An update, not a put: a language saved before the record (an account that chose one before
      // its creation was recorded) stays; the creation is written only where none is.
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.account(a.sub),
            UpdateExpression: 'SET #type = :type, schemaVersion = :sv, #sub = :sub, createdAt = :at, #source = :source',
            ConditionExpression: 'attribute_not_exists(createdAt)',
            ExpressionAttributeNames: { '#type': 'type', '#sub': 'sub', '#source': 'source' },
            ExpressionAttributeValues: { ':type': 'Account', ':sv': 1, ':sub': a.sub, ':at': a.createdAt, ':source': a.source },
          }),
        );
        return 'written';
      } catch (e) {
        if (isConditionFailure(e)) return 'exists';
        throw e;
      }
    },

    async setLanguage(sub, language, opts = {}) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.account(sub),
            UpdateExpression: 'SET #type = if_not_exists(#type, :type), schemaVersion = if_not_exists(schemaVersion, :sv), #sub = if_not_exists(#sub, :sub), #language = :language',
            ...(opts.ifUnset ? { ConditionExpression: 'attribute_not_exists(#language)' } : {}),
            ExpressionAttributeNames: { '#type': 'type', '#sub': 'sub', '#language': 'language' },
            ExpressionAttributeValues: { ':type': 'Account', ':sv': 1, ':sub': sub, ':language': language },
          }),
        );
        return true;
      } catch (e) {
        if (opts.ifUnset && isConditionFailure(e)) return false;
        throw e;
      }
    },

    async get(sub) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.account(sub), ConsistentRead: true }));
      return r.Item ? fromItem<Account>(r.Item) : undefined;
    },

    async getMany(subs, options) {
      const items = await getMany(db, table, subs.map((s) => keys.account(s)), { consistent: options?.consistent ?? true });
      return items.map((i) => fromItem<Account>(i));
    },
  };
}
