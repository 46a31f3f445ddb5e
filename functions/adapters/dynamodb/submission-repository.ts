import { GetCommand, PutCommand, QueryCommand, type DocumentClient } from './client.ts';
import { AlreadyExists, DeadlinePassed, VersionConflict } from '../../domain/errors.ts';
import type { Submission } from '../../domain/submission.ts';
import type { Page, SubmissionRepository } from '../../use-cases/ports.ts';
import type { CursorCodec, CursorScope } from './cursor.ts';
import { fromItem, isConditionFailure, queryUserItems, toItem } from './items.ts';
import { keys } from './keys.ts';

export function submissionRepository(db: DocumentClient, table: string, cursors: CursorCodec): SubmissionRepository {
  const listScope = (competitionId: string): CursorScope => ({
    listing: 'submissions',
    keyAttributes: ['pk', 'sk'],
    equals: { pk: keys.competition(competitionId).pk },
    prefixes: { sk: keys.submissionPrefix() },
  });
  const item = (s: Submission) =>
    toItem('Submission', s, {
      ...keys.submission(s.competitionId, s.id),
      ...keys.submissionByOwner(s.ownerSub, s.competitionId, s.id),
      // Lower-cased copy for case-insensitive search by the organiser.
      searchText: `${s.title}\n${s.organisationName}`.toLowerCase(),
    });

  return {
    async get(competitionId, id) {
      const r = await db.send(
        new GetCommand({ TableName: table, Key: keys.submission(competitionId, id), ConsistentRead: true }),
      );
      return r.Item ? strip(r.Item) : undefined;
    },

    async create(s) {
      try {
        await db.send(new PutCommand({ TableName: table, Item: item(s), ConditionExpression: 'attribute_not_exists(pk)' }));
      } catch (e) {
        if (isConditionFailure(e))
          throw new AlreadyExists('SUBMISSION_EXISTS', 'You already have a submission in this competition; edit that one.');
        throw e;
      }
    },

    async update(s, expectedVersion, guard) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: item(s),
            ConditionExpression: guard ? 'version = :v AND :now < :deadline' : 'version = :v',
            ExpressionAttributeValues: {
              ':v': expectedVersion,
              ...(guard ? { ':now': guard.now, ':deadline': guard.deadline } : {}),
            },
          }),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        if (guard && guard.now >= guard.deadline)
          throw new DeadlinePassed(`The submission deadline passed at ${guard.deadline}.`);
        throw new VersionConflict();
      }
    },

    async listForCompetition(competitionId, filter, limit, cursor) {
      const conditions: string[] = [];
      const values: Record<string, unknown> = { ':p': keys.competition(competitionId).pk, ':s': keys.submissionPrefix() };
      if (filter.status) {
        conditions.push('#status = :status');
        values[':status'] = filter.status;
      }
      if (filter.sector) {
        conditions.push('contains(sectors, :sector)');
        values[':sector'] = filter.sector;
      }
      if (filter.q) {
        conditions.push('contains(searchText, :q)');
        values[':q'] = filter.q.toLowerCase();
      }
      const items: Submission[] = [];
      let startKey: Record<string, unknown> | undefined = cursors.decode(listScope(competitionId), cursor)?.key;
      // A filter may drop items from a page: keep reading until the page is full or the data ends.
      do {
        const r = await db.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
            FilterExpression: conditions.length > 0 ? conditions.join(' AND ') : undefined,
            ExpressionAttributeNames: filter.status ? { '#status': 'status' } : undefined,
            ExpressionAttributeValues: values,
            Limit: limit - items.length,
            ExclusiveStartKey: startKey,
          }),
        );
        items.push(...(r.Items ?? []).map(strip));
        startKey = r.LastEvaluatedKey;
      } while (startKey && items.length < limit);
      const page: Page<Submission> = { items };
      if (startKey) page.nextCursor = cursors.encode(listScope(competitionId), { key: startKey as Record<string, string> });
      return page;
    },

    async listForOwner(ownerSub) {
      return (await queryUserItems(db, table, ownerSub, keys.submissionPrefix())).map(strip);
    },
  };
}

function strip(item: Record<string, unknown>): Submission {
  const { searchText: _, ...rest } = fromItem<Submission & { searchText?: string }>(item);
  return rest;
}
