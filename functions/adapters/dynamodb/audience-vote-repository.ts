/**
 * The audience vote's items (ACCESS-PATTERNS.md: audience vote), in the competition's partition:
 *  - settings (keys.audienceVote), versioned;
 *  - one ballot per (competition, voter) (keys.audienceBallot): its id is a keyed hash of the two,
 *    so "one ballot per person" is the ballot's own conditional put (attribute_not_exists for the
 *    first, `version = :v` for a change) — of two concurrent casts only one writes, the other
 *    re-reads and applies its change on top;
 *  - a count item per entry (keys.audienceCount) and a totals item, moved with ADD ±1 after each
 *    ballot write, so the results read is one query of one item per entry, whatever the number of
 *    ballots. No transactions (the stand-in, dynalite, has none): a process that dies between the
 *    ballot and its counts leaves the live counts off by that ballot until the vote closes, when
 *    the close job recomputes every count from the ballots (replaceCounts) — the final result is
 *    always the ballots' own;
 *  - rate-limit counters (keys.audienceRate) in a partition of their own: one item per account or
 *    network and window, `count` raised only while below the limit (one conditional update) and a
 *    `ttl` attribute; deleted by the close job.
 * Addresses are stored only as HMAC-SHA256 hashes keyed with a secret derived from the cursor
 * secret (CURSOR_SECRET, adapters/config.ts); ballot ids likewise.
 */
import { createHmac } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DocumentClient } from './client.ts';
import { VersionConflict } from '../../domain/errors.ts';
import type { AudienceVoteSettings, Ballot } from '../../domain/audience-vote.ts';
import type { AudienceVoteRepository } from '../../use-cases/ports.ts';
import { batchWrite } from './batch-write.ts';
import { fromItem, isConditionFailure, queryPartition, toItem, writeIf } from './items.ts';
import * as keys from './keys.ts';

export function audienceVoteRepository(db: DocumentClient, table: string, secret: string): AudienceVoteRepository {
  // Separate keys for separate purposes, both derived from the one configured secret.
  const networkKey = createHmac('sha256', secret).update('podium:audience-vote:network').digest();
  const ballotKey = createHmac('sha256', secret).update('podium:audience-vote:ballot').digest();
  const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest('base64url');

  return {
    async getSettings(competitionId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.audienceVote(competitionId), ConsistentRead: true }));
      return r.Item ? fromItem<AudienceVoteSettings>(r.Item) : undefined;
    },

    async saveSettings(s, expectedVersion) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: toItem('AudienceVote', s, keys.audienceVote(s.competitionId)),
            ...(expectedVersion === 0
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
          }),
        );
      } catch (e) {
        if (isConditionFailure(e)) throw new VersionConflict();
        throw e;
      }
    },

    async ballotIdFor(competitionId, voterSub) {
      return hmac(ballotKey, `${competitionId}\n${voterSub}`).slice(0, 24);
    },

    async networkOf(address) {
      return hmac(networkKey, address.trim().toLowerCase());
    },

    async getBallot(competitionId, ballotId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.audienceBallot(competitionId, ballotId), ConsistentRead: true }));
      return r.Item ? fromItem<Ballot>(r.Item) : undefined;
    },

    async putBallot(b, expectedVersion) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: toItem('AudienceBallot', b, keys.audienceBallot(b.competitionId, b.ballotId)),
            ...(expectedVersion === 0
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }),
          }),
        );
        return 'written';
      } catch (e) {
        if (isConditionFailure(e)) return 'conflict';
        throw e;
      }
    },

    async moveCounts(competitionId, deltas, totals) {
      const writes: Promise<unknown>[] = [...deltas].map(([submissionId, n]) =>
        db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.audienceCount(competitionId, submissionId),
            UpdateExpression: 'ADD votes :n SET submissionId = :s, #t = :type',
            ExpressionAttributeNames: { '#t': 'type' },
            ExpressionAttributeValues: { ':n': n, ':s': submissionId, ':type': 'AudienceCount' },
          }),
        ),
      );
      const adds = Object.entries(totals).filter(([, n]) => n !== undefined && n !== 0);
      if (adds.length > 0)
        writes.push(
          db.send(
            new UpdateCommand({
              TableName: table,
              Key: keys.audienceTotals(competitionId),
              UpdateExpression: `ADD ${adds.map(([k]) => `${k} :${k}`).join(', ')}`,
              ExpressionAttributeValues: Object.fromEntries(adds.map(([k, n]) => [`:${k}`, n])),
            }),
          ),
        );
      await Promise.all(writes);
    },

    async counts(competitionId) {
      const pk = keys.competition(competitionId).pk;
      const [items, totals] = await Promise.all([
        queryPartition<{ submissionId: string; votes?: number }>(db, table, pk, keys.audienceCountPrefix(), { consistent: true }),
        db.send(new GetCommand({ TableName: table, Key: keys.audienceTotals(competitionId), ConsistentRead: true })),
      ]);
      return {
        items: items.map((i) => ({ submissionId: i.submissionId, votes: Math.max(0, Number(i.votes ?? 0)) })),
        ballots: Math.max(0, Number(totals.Item?.ballots ?? 0)),
        voided: Math.max(0, Number(totals.Item?.voided ?? 0)),
      };
    },

    async listBallots(competitionId) {
      return queryPartition<Ballot>(db, table, keys.competition(competitionId).pk, keys.audienceBallotPrefix(), { consistent: true });
    },

    async takeRate(competitionId, scope, id, limit, window) {
      return writeIf(db,
        new UpdateCommand({
          TableName: table,
          Key: keys.audienceRate(competitionId, scope, id, window.start),
          UpdateExpression: 'SET #c = if_not_exists(#c, :zero) + :one, #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(#c) OR #c < :limit',
          ExpressionAttributeNames: { '#c': 'count', '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':limit': limit, ':ttl': Math.ceil(window.expiresAt / 1000) },
        }),
      );
    },

    async returnRate(competitionId, scope, id, window) {
      const Key = keys.audienceRate(competitionId, scope, id, window.start);
      // The last write of the window: the counter goes (as if never taken); else one less.
      try {
        await db.send(new DeleteCommand({ TableName: table, Key, ConditionExpression: '#c = :one', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':one': 1 } }));
        return;
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key,
            UpdateExpression: 'SET #c = #c - :one',
            ConditionExpression: '#c > :one',
            ExpressionAttributeNames: { '#c': 'count' },
            ExpressionAttributeValues: { ':one': 1 },
          }),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    },

    async replaceCounts(competitionId, counts, totals) {
      const pk = keys.competition(competitionId).pk;
      const existing = await queryPartition<{ submissionId: string }>(db, table, pk, keys.audienceCountPrefix(), { consistent: true });
      const ids = new Set([...existing.map((e) => e.submissionId), ...counts.keys()]);
      await batchWrite(db, table, [
        ...[...ids].map((submissionId) => ({
          PutRequest: { Item: { ...keys.audienceCount(competitionId, submissionId), type: 'AudienceCount', submissionId, votes: counts.get(submissionId) ?? 0 } },
        })),
        { PutRequest: { Item: { ...keys.audienceTotals(competitionId), ballots: totals.ballots, voided: totals.voided } } },
      ]);
    },

    async freezeBallot(competitionId, ballotId, flags) {
      await db.send(
        new UpdateCommand({
          TableName: table,
          Key: keys.audienceBallot(competitionId, ballotId),
          // The version moves on, so a void or restore that read the ballot before cannot put the hash back.
          UpdateExpression: 'SET frozenFlags = :f, version = version + :one REMOVE networkHash',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':f': flags, ':one': 1 },
        }),
      );
    },

    async deleteRateItems(competitionId) {
      const items = await rateKeys(competitionId);
      await batchWrite(db, table, items.map((Key) => ({ DeleteRequest: { Key } })));
      return items.length;
    },

    async countRateItems(competitionId) {
      return (await rateKeys(competitionId)).length;
    },
  };

  async function rateKeys(competitionId: string): Promise<{ pk: string; sk: string }[]> {
    const out: { pk: string; sk: string }[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': keys.audienceRatePartition(competitionId) },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      out.push(...((r.Items ?? []) as { pk: string; sk: string }[]));
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
