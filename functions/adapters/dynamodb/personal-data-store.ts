/**
 * GDPR records (issue 14 §2; ACCESS-PATTERNS.md #40–#44): consents under the person's partition
 * (`USER#<sub>` / `CONSENT#…`, written once each), their erasure request (`USER#<sub>` / `ERASURE`)
 * and its copy per competition (`COMP#<id>` / `ERASURE#<sub>`), a competition's privacy settings
 * (`COMP#<id>` / `PRIVACY`), and the raw pages and rewrites erasure makes over the partitions a
 * person's values can be in. A rewrite puts the item back with its keys and bookkeeping as read,
 * conditional on its optimistic version where it has one (so a domain write in between wins and
 * the erasure, a job, retries), else on the item still existing.
 */
import { createHmac } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DocumentClient } from './client.ts';
import { fromItem, getMany, isConditionFailure, queryPartition, writeIf } from './items.ts';
import { unpack } from './submission-repository.ts';
import * as keys from './keys.ts';
import { VersionConflict } from '../../domain/errors.ts';
import { pseudonymOf, type CompetitionErasure, type ErasureRequest, type PrivacySettings } from '../../domain/personal-data.ts';
import type { Consent } from '../../domain/privacy.ts';
import type { PersonalDataStore, PersonalPartition, StoredRecord } from '../../use-cases/ports.ts';

/**
 * Items whose `version` is an optimistic lock (their repositories write `version = :expected`): a
 * rewrite moves it on. Elsewhere `version` may mean something else (a results snapshot's number)
 * and is left as it is.
 */
const OPTIMISTIC = new Set(['Competition', 'Submission', 'Review', 'Round', 'Job', 'MessageTemplate', 'ExpoJudge', 'AudienceBallot', 'Programme', 'ErasureRequest']);

const BOOKKEEPING = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'type', 'schemaVersion'];

const consentKey = (c: Consent) =>
  c.scope.kind === 'platform' ? `platform#${c.noticeVersion}` : `competition#${c.scope.competitionId}#${c.noticeVersion}#${c.purposesVersion ?? 0}`;

const partitionKey = (p: PersonalPartition) =>
  p.of === 'inbox' ? keys.inbox(p.sub) : p.of === 'jobs' ? keys.jobsPartition(p.scope) : p.of === 'audit' ? keys.auditPartition(p.competitionId) : p.of === 'outbox' ? keys.outboxPartition(p.competitionId) : keys.competition(p.competitionId).pk;

const settingsOf = (competitionId: string, item: Record<string, unknown> | undefined): PrivacySettings => {
  const s = item ? fromItem<Partial<PrivacySettings>>(item) : {};
  return {
    competitionId,
    purposes: s.purposes ?? [],
    purposesVersion: s.purposesVersion ?? 0,
    ...(s.retention ? { retention: s.retention } : {}),
    ...(s.retentionNoticeAt ? { retentionNoticeAt: s.retentionNoticeAt } : {}),
    ...(s.retentionErasedAt ? { retentionErasedAt: s.retentionErasedAt } : {}),
    version: s.version ?? 0,
  };
};

/**
 * `secret` keys the pseudonyms (the deployment's cursor secret, derived under its own label so the
 * two uses never share a key). Rotating it changes future pseudonyms, not stored ones: an erasure
 * request keeps the pseudonym it used.
 */
export function personalDataStore(db: DocumentClient, table: string, secret: string): PersonalDataStore {
  const pseudonymKey = createHmac('sha256', secret).update('podium-pseudonym-key/1').digest('hex');
  return {
    pseudonymOf: async (sub) => pseudonymOf(pseudonymKey, sub),

    async recordConsent(sub, consent) {
      // Each acceptance once: accepting the same version again keeps the first time.
      try {
        await db.send(new PutCommand({ TableName: table, Item: { ...keys.consent(sub, consentKey(consent)), type: 'Consent', schemaVersion: 1, ...consent }, ConditionExpression: 'attribute_not_exists(pk)' }));
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },

    async listConsents(sub) {
      return queryPartition<Consent>(db, table, keys.userPartition(sub), keys.consentPrefix(), { consistent: true });
    },

    async getSettings(competitionId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.privacySettings(competitionId), ConsistentRead: true }));
      return settingsOf(competitionId, r.Item);
    },

    async getSettingsMany(competitionIds) {
      const items = await getMany(db, table, competitionIds.map((id) => keys.privacySettings(id)));
      const byPk = new Map(items.map((i) => [String(i.pk), i]));
      return new Map(competitionIds.map((id) => [id, settingsOf(id, byPk.get(keys.privacySettings(id).pk))]));
    },

    async saveSettings(s, expectedVersion) {
      // Only what the organiser sets: the retention steps' marks are the scheduler's (claimRetentionStep).
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.privacySettings(s.competitionId),
            UpdateExpression: 'SET #type = :type, schemaVersion = :one, competitionId = :c, purposes = :p, purposesVersion = :pv, #v = :next' + (s.retention ? ', retention = :r' : ' REMOVE retention'),
            ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(#v)' : '#v = :expected',
            ExpressionAttributeNames: { '#v': 'version', '#type': 'type' },
            ExpressionAttributeValues: {
              ':type': 'PrivacySettings',
              ':one': 1,
              ':c': s.competitionId,
              ':p': s.purposes,
              ':pv': s.purposesVersion,
              ':next': expectedVersion + 1,
              ...(s.retention ? { ':r': s.retention } : {}),
              ...(expectedVersion === 0 ? {} : { ':expected': expectedVersion }),
            },
          }),
        );
      } catch (e) {
        if (isConditionFailure(e)) throw new VersionConflict();
        throw e;
      }
    },

    async claimRetentionStep(competitionId, step, at) {
      const field = step === 'notice' ? 'retentionNoticeAt' : 'retentionErasedAt';
      return writeIf(db,
        new UpdateCommand({
          TableName: table,
          Key: keys.privacySettings(competitionId),
          UpdateExpression: 'SET #f = :at, competitionId = :c',
          ConditionExpression: 'attribute_not_exists(#f)',
          ExpressionAttributeNames: { '#f': field },
          ExpressionAttributeValues: { ':at': at, ':c': competitionId },
        }),
      );
    },

    async releaseRetentionStep(competitionId, step) {
      const field = step === 'notice' ? 'retentionNoticeAt' : 'retentionErasedAt';
      await db.send(new UpdateCommand({ TableName: table, Key: keys.privacySettings(competitionId), UpdateExpression: 'REMOVE #f', ExpressionAttributeNames: { '#f': field } }));
    },

    async getErasure(sub) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.erasureRequest(sub), ConsistentRead: true }));
      return r.Item ? fromItem<ErasureRequest>(r.Item) : undefined;
    },

    async putErasure(r, expect) {
      return writeIf(db,
        new PutCommand({
          TableName: table,
          Item: { ...keys.erasureRequest(r.sub), type: 'ErasureRequest', schemaVersion: 1, ...r },
          // A new request only where none is under way (a finished one is replaced).
          ...(expect === 'new' ? { ConditionExpression: 'attribute_not_exists(pk) OR #state = :done', ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':done': 'done' } } : {}),
          ...(expect === 'requested' ? { ConditionExpression: '#state = :requested', ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':requested': 'requested' } } : {}),
        }),
      );
    },

    async putCompetitionErasure(e) {
      await db.send(new PutCommand({ TableName: table, Item: { ...keys.competitionErasure(e.competitionId, e.sub), type: 'CompetitionErasure', schemaVersion: 1, ...e } }));
    },

    async listCompetitionErasures(competitionId) {
      const all = await queryPartition<CompetitionErasure>(db, table, keys.competition(competitionId).pk, keys.competitionErasurePrefix());
      return all.sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
    },

    async awardedSubmissions(competitionId) {
      // Each award item holds the award (`award`, awards-repository.ts): only its submission is read.
      const awards = await queryPartition<{ award?: { submissionId?: string } }>(db, table, keys.competition(competitionId).pk, keys.awardPrefix(), { projection: '#a.submissionId', names: { '#a': 'award' }, consistent: true });
      return new Set(awards.flatMap((a) => (a.award?.submissionId ? [a.award.submissionId] : [])));
    },

    async page(partition, limit, start) {
      const pk = partitionKey(partition);
      const r = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': pk },
          Limit: limit,
          ConsistentRead: true,
          ...(start ? { ExclusiveStartKey: { pk, sk: Buffer.from(start, 'base64url').toString('utf8') } } : {}),
        }),
      );
      const records: StoredRecord[] = (r.Items ?? []).map((item) => {
        const kept = Object.fromEntries(BOOKKEEPING.filter((k) => item[k] !== undefined).map((k) => [k, item[k]]));
        // A submission's long text is stored packed (submission-repository.ts): exported, pseudonymised
        // and erased as the plain attributes it is (a rewrite stores them plain).
        return { ref: JSON.stringify(kept), type: String(item.type ?? ''), attributes: fromItem<Record<string, unknown>>(item.type === 'Submission' ? unpack(item) : item) };
      });
      const last = r.LastEvaluatedKey;
      return { records, ...(last ? { next: Buffer.from(String(last.sk), 'utf8').toString('base64url') } : {}) };
    },

    async rewrite(record, attributes) {
      const kept = JSON.parse(record.ref) as Record<string, unknown>;
      const version = record.attributes.version;
      const versioned = typeof version === 'number' && OPTIMISTIC.has(record.type);
      return writeIf(db,
        new PutCommand({
          TableName: table,
          // The version moves on, so a writer holding the item as it was before cannot put it back.
          Item: { ...attributes, ...(versioned ? { version: version + 1 } : {}), ...kept },
          ConditionExpression: versioned ? '#v = :v' : 'attribute_exists(pk)',
          ...(versioned ? { ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': version } } : {}),
        }),
      );
    },

    async remove(record) {
      const { pk, sk } = JSON.parse(record.ref) as { pk: string; sk: string };
      return writeIf(db, new DeleteCommand({ TableName: table, Key: { pk, sk }, ConditionExpression: 'attribute_exists(pk)' }));
    },
  };
}
