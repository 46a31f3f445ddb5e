import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, type DocumentClient } from './client.ts';
import { effectiveClose, type Competition } from '../../domain/competition.ts';
import { AlreadyExists, VersionConflict } from '../../domain/errors.ts';
import type { CompetitionRepository, Page } from '../../use-cases/ports.ts';
import type { CursorCodec, CursorScope } from './cursor.ts';
import { fromItem, isConditionFailure, toItem } from './items.ts';
import * as keys from './keys.ts';
import { normalizeQuestions } from '../../domain/questions.ts';

/** A stored competition as it is now: questions from before question types read as long text (issue 14 §3). */
const readCompetition = (i: Record<string, unknown>): Competition => {
  const c = fromItem<Competition>(i);
  return { ...c, questions: normalizeQuestions(c.questions) };
};

/** Published competitions on gsi2: segment 0 still open or upcoming, segment 1 closed. */
const PUBLISHED_SCOPE: CursorScope = {
  listing: 'published',
  index: 'gsi2',
  keyAttributes: ['pk', 'sk', 'gsi2pk', 'gsi2sk'],
  equals: { gsi2pk: 'PUBLISHED', sk: keys.competition('').sk },
  prefixes: { pk: keys.competition('').pk },
  segments: [0, 1],
};

export function competitionRepository(db: DocumentClient, table: string, cursors: CursorCodec): CompetitionRepository {
  const item = (c: Competition) =>
    toItem('Competition', c, {
      ...keys.competition(c.id),
      ...(c.status === 'published' ? keys.publishedListing(effectiveClose(c), c.id) : {}),
    });

  return {
    async get(id, options) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.competition(id), ConsistentRead: options?.consistent ?? true }));
      return r.Item ? readCompetition(r.Item) : undefined;
    },

    async create(c) {
      try {
        await db.send(new PutCommand({ TableName: table, Item: item(c), ConditionExpression: 'attribute_not_exists(pk)' }));
      } catch (e) {
        if (isConditionFailure(e)) throw new AlreadyExists('COMPETITION_EXISTS', 'A competition with this id exists.');
        throw e;
      }
    },

    async update(c, expectedVersion) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: item(c),
            ConditionExpression: 'version = :v',
            ExpressionAttributeValues: { ':v': expectedVersion },
          }),
        );
      } catch (e) {
        if (isConditionFailure(e)) throw new VersionConflict();
        throw e;
      }
    },

    async listPublished(now, limit, cursor) {
      // Segment 0: still open or upcoming, closing soonest first. Segment 1: closed, latest first.
      const state = cursors.decode(PUBLISHED_SCOPE, cursor) ?? { segment: 0 };
      const items: Competition[] = [];
      let segment = state.segment ?? 0;
      let startKey: Record<string, unknown> | undefined = state.key;
      const nowKey = now.toISOString();
      // Time moves between pages: a competition that was open may have closed since. A start key
      // outside its segment's range is refused by DynamoDB, and every item of the range lies past
      // it anyway, so the segment continues from its start.
      if (state.key && (segment === 0 ? state.key.gsi2sk! < nowKey : state.key.gsi2sk! >= nowKey)) startKey = undefined;
      while (items.length < limit && segment < 2) {
        const r = await db.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'gsi2',
            KeyConditionExpression: segment === 0 ? 'gsi2pk = :p AND gsi2sk >= :now' : 'gsi2pk = :p AND gsi2sk < :now',
            ExpressionAttributeValues: { ':p': 'PUBLISHED', ':now': nowKey },
            ScanIndexForward: segment === 0,
            Limit: limit - items.length,
            ExclusiveStartKey: startKey,
          }),
        );
        items.push(...(r.Items ?? []).map((i) => readCompetition(i)));
        if (r.LastEvaluatedKey) {
          startKey = r.LastEvaluatedKey;
          if (items.length >= limit) return { items, nextCursor: cursors.encode(PUBLISHED_SCOPE, { segment, key: startKey as Record<string, string> }) };
        } else {
          segment += 1;
          startKey = undefined;
        }
      }
      const page: Page<Competition> = { items };
      if (segment < 2) page.nextCursor = cursors.encode(PUBLISHED_SCOPE, { segment, ...(startKey ? { key: startKey as Record<string, string> } : {}) });
      return page;
    },

    async getMany(ids) {
      const out: Competition[] = [];
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += 100) {
        let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = {
          [table]: { Keys: unique.slice(i, i + 100).map((id) => keys.competition(id)) },
        };
        while (request && Object.keys(request).length > 0) {
          const r = await db.send(new BatchGetCommand({ RequestItems: request }));
          out.push(...(r.Responses?.[table] ?? []).map((it) => readCompetition(it)));
          request = r.UnprocessedKeys as typeof request;
        }
      }
      return out;
    },
  };
}
