/**
 * Account records (ACCESS-PATTERNS.md: accounts): one item per account, `USER#<sub>` / `ACCOUNT`,
 * written once by a conditional put (`attribute_not_exists`): a replayed Cognito trigger, a second
 * start of the local runtime or two ballots at once leave the first record as it was. Read one at
 * a time or many by BatchGetItem (100 keys a call, items.ts `getMany`).
 */
import { GetCommand, PutCommand, type DocumentClient } from './client.ts';
import type { Account } from '../../domain/account.ts';
import type { AccountRepository } from '../../use-cases/ports.ts';
import { fromItem, getMany, isConditionFailure, toItem } from './items.ts';
import { keys } from './keys.ts';

export function accountRepository(db: DocumentClient, table: string): AccountRepository {
  return {
    async create(a) {
      try {
        await db.send(new PutCommand({ TableName: table, Item: toItem('Account', a, keys.account(a.sub)), ConditionExpression: 'attribute_not_exists(pk)' }));
        return 'written';
      } catch (e) {
        if (isConditionFailure(e)) return 'exists';
        throw e;
      }
    },

    async get(sub) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.account(sub), ConsistentRead: true }));
      return r.Item ? fromItem<Account>(r.Item) : undefined;
    },

    async getMany(subs) {
      const items = await getMany(db, table, subs.map((s) => keys.account(s)));
      return items.map((i) => fromItem<Account>(i));
    },
  };
}
