import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DocumentClient } from './client.ts';
import { AlreadyExists, InvalidState, RuleViolation } from '../../domain/errors.ts';
import type { Caption } from '../../domain/captions.ts';
import type { Pitch, PitchSlot } from '../../domain/pitch.ts';
import type { AnswerFile } from '../../domain/answer-file.ts';
import type { PitchRepository } from '../../use-cases/ports.ts';
import { fromItem, isConditionFailure, queryPartition, toItem, writeIf } from './items.ts';
import * as keys from './keys.ts';

/**
 * Pitch uploads, and the per-submission slot that holds the pitch invariants in one item:
 * at most one active upload, and exactly one current (verified) pitch once there is one.
 */
export function pitchRepository(db: DocumentClient, table: string): PitchRepository {
  const listCaptions = (competitionId: string, submissionId: string) =>
    queryPartition<Caption>(db, table, `COMP#${competitionId}`, keys.pitchCaptionPrefix(submissionId), { consistent: true });
  return {
    async get(competitionId, pitchId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.pitch(competitionId, pitchId), ConsistentRead: true }));
      return r.Item ? fromItem<Pitch>(r.Item) : undefined;
    },

    async create(p) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: toItem('Pitch', p, keys.pitch(p.competitionId, p.id)),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    async getSlot(competitionId, submissionId, options) {
      const r = await db.send(
        new GetCommand({ TableName: table, Key: keys.pitchSlot(competitionId, submissionId), ConsistentRead: options?.consistent ?? true }),
      );
      return r.Item ? fromItem<PitchSlot>(r.Item) : {};
    },

    async claimSlot(competitionId, submissionId, pitchId) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.pitchSlot(competitionId, submissionId),
            UpdateExpression: 'SET #type = :type, schemaVersion = :sv, activeUploadId = :p',
            ConditionExpression: 'attribute_not_exists(activeUploadId)',
            ExpressionAttributeNames: { '#type': 'type' },
            ExpressionAttributeValues: { ':type': 'PitchSlot', ':sv': 1, ':p': pitchId },
          }),
        );
      } catch (e) {
        if (isConditionFailure(e))
          throw new AlreadyExists(
            'UPLOAD_IN_PROGRESS',
            'Another upload of a pitch for this submission is in progress. Resume it or cancel it first.',
            { upload: 'in progress' },
          );
        throw e;
      }
    },

    async releaseSlot(competitionId, submissionId, pitchId, last) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.pitchSlot(competitionId, submissionId),
            UpdateExpression: 'SET #last = :last REMOVE activeUploadId',
            ConditionExpression: 'activeUploadId = :p',
            ExpressionAttributeNames: { '#last': 'last' },
            ExpressionAttributeValues: { ':p': pitchId, ':last': last },
          }),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },

    async promote(competitionId, submissionId, pitch) {
      try {
        const r = await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.pitchSlot(competitionId, submissionId),
            UpdateExpression: 'SET #current = :c, #last = :last REMOVE activeUploadId',
            ConditionExpression: 'activeUploadId = :p',
            ExpressionAttributeNames: { '#current': 'current', '#last': 'last' },
            ExpressionAttributeValues: {
              ':p': pitch.pitchId,
              ':c': pitch,
              ':last': { pitchId: pitch.pitchId, state: 'ready', fileName: pitch.fileName, at: pitch.readyAt },
            },
            ReturnValues: 'UPDATED_OLD',
          }),
        );
        return (r.Attributes?.current as PitchSlot['current']) ?? undefined;
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
    },

    async recordPart(competitionId, pitchId, partNumber, etag) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.pitch(competitionId, pitchId),
            UpdateExpression: 'SET parts.#n = :etag',
            ConditionExpression: '#state = :uploading',
            ExpressionAttributeNames: { '#n': String(partNumber), '#state': 'state' },
            ExpressionAttributeValues: { ':etag': etag, ':uploading': 'uploading' },
          }),
        );
      } catch (e) {
        if (isConditionFailure(e)) throw new InvalidState('This upload is no longer accepting parts.');
        throw e;
      }
    },

    async forgetPart(competitionId, pitchId, partNumber) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.pitch(competitionId, pitchId),
          UpdateExpression: 'REMOVE parts.#n',
          ExpressionAttributeNames: { '#n': String(partNumber) },
        }),
      );
    },

    async transition(p, from) {
      const values: Record<string, unknown> = {};
      from.forEach((s, i) => (values[`:from${i}`] = s));
      return writeIf(db,
        new PutCommand({
          TableName: table,
          Item: toItem('Pitch', p, keys.pitch(p.competitionId, p.id)),
          ConditionExpression: `#state IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: values,
        }),
      );
    },

    listCaptions,

    async putCaption(c, maxTracks) {
      const existing = await listCaptions(c.competitionId, c.submissionId);
      const previous = existing.find((x) => x.language === c.language);
      // The track limit is a soft bound (two teams' editors adding a ninth and tenth language at
      // the same instant could both pass): it bounds storage and the player's menu, not a rule.
      if (!previous && existing.length >= maxTracks) {
        throw new RuleViolation('CAPTION_LIMIT', `A pitch can have captions in at most ${maxTracks} languages. Delete one first.`, { language: 'too many languages' });
      }
      const r = await db.send(
        new PutCommand({ TableName: table, Item: toItem('PitchCaption', c, keys.pitchCaption(c.competitionId, c.submissionId, c.language)), ReturnValues: 'ALL_OLD' }),
      );
      return r.Attributes ? fromItem<Caption>(r.Attributes) : undefined;
    },

    async deleteCaption(competitionId, submissionId, language) {
      const r = await db.send(new DeleteCommand({ TableName: table, Key: keys.pitchCaption(competitionId, submissionId, language), ReturnValues: 'ALL_OLD' }));
      return r.Attributes ? fromItem<Caption>(r.Attributes) : undefined;
    },

    async claimCaptionRequest(r, staleBefore) {
      return writeIf(db,
        new PutCommand({
          TableName: table,
          Item: toItem('PitchCaptionRequest', r, keys.pitchCaptionRequest(r.competitionId, r.submissionId)),
          ConditionExpression: 'attribute_not_exists(pk) OR requestedAt < :stale OR pitchId <> :pitch',
          ExpressionAttributeValues: { ':stale': staleBefore, ':pitch': r.pitchId },
        }),
      );
    },

    async releaseCaptionRequest(competitionId, submissionId, jobName) {
      await writeIf(db, new DeleteCommand({ TableName: table, Key: keys.pitchCaptionRequest(competitionId, submissionId), ConditionExpression: 'jobName = :j', ExpressionAttributeValues: { ':j': jobName } }));
    },

    async getAnswerFile(competitionId, submissionId, questionId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.answerFile(competitionId, submissionId, questionId), ConsistentRead: true }));
      return r.Item ? fromItem<AnswerFile>(r.Item) : undefined;
    },

    listAnswerFiles(competitionId, submissionId, options) {
      return queryPartition<AnswerFile>(db, table, `COMP#${competitionId}`, keys.answerFilePrefix(submissionId), { consistent: options?.consistent ?? true });
    },

    async putAnswerFile(f, expectedVersion) {
      return writeIf(db,
        new PutCommand({
          TableName: table,
          Item: toItem('AnswerFile', f, keys.answerFile(f.competitionId, f.submissionId, f.questionId)),
          // The file's invariants (one state, changed by one writer at a time) in this one condition.
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : '#v = :v',
          ...(expectedVersion === 0 ? {} : { ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': expectedVersion } }),
        }),
      );
    },
  };
}
