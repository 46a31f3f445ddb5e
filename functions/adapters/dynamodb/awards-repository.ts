import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DocumentClient } from './client.ts';
import { InvalidState, VersionConflict } from '../../domain/errors.ts';
import type { Email, Notification } from '../../domain/notification.ts';
import type { AwardRecord, AwardsRepository, Ledger, Mailer, NotificationRepository, Outbox } from '../../use-cases/ports.ts';
import { fromItem, isConditionFailure } from './items.ts';
import { keys } from './keys.ts';

interface StoredLedger {
  plan?: Ledger['plan'];
  categoryPicks?: Ledger['categoryPicks'];
  committed?: number;
  perOrg?: Record<string, number>;
  awards?: Record<string, AwardRecord>;
  version?: number;
  planVersion?: number;
  frozenAt?: string;
}

/**
 * The award ledger is one item per competition, so confirming an award is a single conditional
 * update: the budget, the organisation's cap and "not awarded twice" are checked and changed
 * together — with no transactions, under any number of concurrent confirmations.
 */
export function awardsRepository(db: DocumentClient, table: string): AwardsRepository {
  return {
    async getLedger(competitionId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.ledger(competitionId), ConsistentRead: true }));
      const l = (r.Item ? fromItem<StoredLedger>(r.Item) : {}) as StoredLedger;
      return {
        plan: l.plan,
        categoryPicks: l.categoryPicks ?? [],
        committed: l.committed ?? 0,
        perOrganisation: l.perOrg ?? {},
        awards: Object.values(l.awards ?? {}).sort((a, b) => a.key.localeCompare(b.key)),
        version: l.version ?? 0,
        planVersion: l.planVersion ?? 0,
        ...(l.frozenAt ? { frozenAt: l.frozenAt } : {}),
      };
    },

    async savePlan(competitionId, plan, picks, expectedVersion) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.ledger(competitionId),
            UpdateExpression:
              'SET #type = :type, schemaVersion = :sv, #plan = :plan, categoryPicks = :picks, #version = :next, planVersion = if_not_exists(planVersion, :zero) + :one, committed = if_not_exists(committed, :zero), perOrg = if_not_exists(perOrg, :empty), awards = if_not_exists(awards, :empty), slots = if_not_exists(slots, :empty), counts = if_not_exists(counts, :empty)',
            // The whole ledger's version: no confirmation or withdrawal happened since the caller
            // checked the new plan against it (caps and counts), and results are not frozen.
            ConditionExpression:
              '((attribute_not_exists(#version) AND :expected = :zero) OR (#version = :expected AND committed <= :budget)) AND attribute_not_exists(frozenAt)',
            ExpressionAttributeNames: { '#type': 'type', '#plan': 'plan', '#version': 'version' },
            ExpressionAttributeValues: {
              ':type': 'AwardLedger',
              ':sv': 1,
              ':plan': plan,
              ':picks': picks,
              ':next': expectedVersion + 1,
              ':expected': expectedVersion,
              ':zero': 0,
              ':one': 1,
              ':empty': {},
              ':budget': plan.totalBudget,
            },
          }),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        const current = await this.getLedger(competitionId);
        if (current.frozenAt) throw new InvalidState('The results are published, so the prize plan is fixed.');
        if (current.version === expectedVersion && current.committed > plan.totalBudget)
          throw new InvalidState('The budget cannot be lower than what is already committed to confirmed awards.', { totalBudget: 'below committed' });
        throw new VersionConflict();
      }
    },

    async confirm(competitionId, award, limits) {
      // Lump sums and vouchers are limited in number too: a counter per type, in the same item.
      const counted = limits.maxCount !== undefined;
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.ledger(competitionId),
            UpdateExpression:
              'SET awards.#k = :award, slots.#s = :sid, committed = committed + :amt, perOrg.#o = if_not_exists(perOrg.#o, :zero) + :amt, #version = #version + :one' +
              (counted ? ', counts.#t = if_not_exists(counts.#t, :zero) + :one' : ''),
            // The plan the caller checked against (its version) is still the plan, results are not
            // frozen, and the award keeps the budget, the organisation's cap and its slot.
            ConditionExpression:
              'attribute_exists(#plan) AND attribute_not_exists(frozenAt) AND ((attribute_not_exists(planVersion) AND :pv = :zero) OR planVersion = :pv) AND attribute_not_exists(awards.#k) AND attribute_not_exists(slots.#s) AND committed <= :budgetLeft AND (attribute_not_exists(perOrg.#o) OR perOrg.#o <= :capLeft)' +
              (counted ? ' AND (attribute_not_exists(counts.#t) OR counts.#t < :maxCount)' : ''),
            ExpressionAttributeNames: {
              '#k': award.key,
              '#s': award.slot,
              '#o': award.organisationKey,
              '#plan': 'plan',
              '#version': 'version',
              ...(counted ? { '#t': award.type } : {}),
            },
            ExpressionAttributeValues: {
              ':award': award,
              ':sid': award.submissionId,
              ':amt': award.amount,
              ':zero': 0,
              ':one': 1,
              // No arithmetic in conditions: "committed + amount <= budget" becomes "committed <= budget - amount".
              ':budgetLeft': limits.budget - award.amount,
              ':capLeft': limits.cap - award.amount,
              ':pv': limits.planVersion,
              ...(counted ? { ':maxCount': limits.maxCount } : {}),
            },
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },

    async withdraw(competitionId, award) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.ledger(competitionId),
            UpdateExpression:
              'REMOVE awards.#k, slots.#s SET committed = committed - :amt, perOrg.#o = perOrg.#o - :amt, #version = #version + :one' +
              (award.type === 'lump-sum' || award.type === 'voucher' ? ', counts.#t = counts.#t - :one' : ''),
            ConditionExpression: 'awards.#k.amount = :amt AND awards.#k.submissionId = :sid AND attribute_not_exists(frozenAt)',
            ExpressionAttributeNames: {
              '#k': award.key,
              '#s': award.slot,
              '#o': award.organisationKey,
              '#version': 'version',
              ...(award.type === 'lump-sum' || award.type === 'voucher' ? { '#t': award.type } : {}),
            },
            ExpressionAttributeValues: { ':amt': award.amount, ':sid': award.submissionId, ':one': 1 },
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },

    async freeze(competitionId, at) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.ledger(competitionId),
            UpdateExpression:
              'SET #type = :type, schemaVersion = :sv, frozenAt = :at, #version = if_not_exists(#version, :zero) + :one, categoryPicks = if_not_exists(categoryPicks, :list), committed = if_not_exists(committed, :zero), perOrg = if_not_exists(perOrg, :empty), awards = if_not_exists(awards, :empty), slots = if_not_exists(slots, :empty), counts = if_not_exists(counts, :empty)',
            ConditionExpression: 'attribute_not_exists(frozenAt)',
            ExpressionAttributeNames: { '#type': 'type', '#version': 'version' },
            ExpressionAttributeValues: { ':type': 'AwardLedger', ':sv': 1, ':at': at, ':zero': 0, ':one': 1, ':empty': {}, ':list': [] },
          }),
        );
        return true;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },

    async unfreeze(competitionId) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.ledger(competitionId),
          UpdateExpression: 'REMOVE frozenAt SET #version = #version + :one',
          ConditionExpression: 'attribute_exists(frozenAt)',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':one': 1 },
        }),
      ).catch((e: unknown) => {
        if (!isConditionFailure(e)) throw e;
      });
    },

    async getMeetingOptIn(competitionId, submissionId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.meetingOptIn(competitionId, submissionId), ConsistentRead: true }));
      return r.Item?.open === true;
    },

    async setMeetingOptIn(competitionId, submissionId, open) {
      await db.send(
        new PutCommand({ TableName: table, Item: { ...keys.meetingOptIn(competitionId, submissionId), type: 'MeetingOptIn', schemaVersion: 1, open } }),
      );
    },
  };
}

export function notificationRepository(db: DocumentClient, table: string): NotificationRepository {
  return {
    async add(n) {
      await db.send(new PutCommand({ TableName: table, Item: { ...keys.notification(n.userSub, n.at, n.id), type: 'Notification', schemaVersion: 1, ...n } }));
    },
    async list(userSub, limit) {
      const r = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': keys.inbox(userSub) },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (r.Items ?? []).map((i) => fromItem<Notification>(i));
    },
    async markRead(userSub, id, at) {
      const all = await this.list(userSub, 200);
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
