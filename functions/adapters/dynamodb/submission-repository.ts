import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { GetCommand, PutCommand, QueryCommand, type DocumentClient } from './client.ts';
import { AlreadyExists, DeadlinePassed, VersionConflict } from '../../domain/errors.ts';
import type { Submission } from '../../domain/submission.ts';
import { submissionIdFor } from '../../domain/submission-id.ts';
import type { Page, SubmissionFilter, SubmissionRepository } from '../../use-cases/ports.ts';
import type { CursorCodec, CursorScope } from './cursor.ts';
import { fromItem, getMany, isConditionFailure, queryPartition, queryUserItems, toItem } from './items.ts';
import * as keys from './keys.ts';
import { noteConflictInputsChanged } from './conflict-list.ts';

/**
 * A sector or text filter is a FilterExpression: DynamoDB reads the items, then drops those that
 * do not match. So a filtered page reads FILTER_CHUNK items a Query, at most FILTER_READS Queries,
 * and answers what matched so far with a cursor to read on from — a page may hold fewer than
 * `limit` items (even none) and still have a next one. What a page costs is bounded whatever the
 * size of the competition; a rare match takes more pages, never a longer request.
 */
export const FILTER_CHUNK = 250;
export const FILTER_READS = 4;

/**
 * Issue 10 cost: write units are per 1 KB of the item, and a submission is mostly its free text
 * (summary, problem, solution, answers: ~1.7 KB of the 2.3 KB of a typical entry, 3 units a
 * write). Those four are stored deflated in one binary attribute, `packedText` (English prose
 * deflates to about half: such an entry is 2 units a write), when that is at least PACK_SAVES
 * bytes smaller. Nothing queries or filters on them (search is on `searchText`, sectors on
 * `sectors`, the dashboard projects status and dates): every read goes through `strip`, which
 * unpacks; items written before, or too short to gain, keep the plain attributes and read as ever.
 * Code reading raw items (the personal-data export and erasure) unpacks them with `unpack` first.
 */
export const PACKED_FIELDS = ['summary', 'problem', 'solution', 'answers'] as const;
const PACK_SAVES = 64;

function pack(s: Submission): object {
  const { summary, problem, solution, answers, ...rest } = s;
  const json = Buffer.from(JSON.stringify({ summary, problem, solution, answers }), 'utf8');
  const packed = deflateRawSync(json, { level: 9 });
  // The plain attributes' names count too (`summary` … `answers`: ~30 bytes) against `packedText`'s.
  return packed.byteLength + PACK_SAVES <= json.byteLength ? { ...rest, packedText: new Uint8Array(packed) } : s;
}

/** A stored submission item with its packed text as the plain attributes again (readers of raw items: personal-data-store.ts). */
export function unpack(item: Record<string, unknown>): Record<string, unknown> {
  const { packedText, ...rest } = item;
  if (!(packedText instanceof Uint8Array)) return item;
  return { ...rest, ...(JSON.parse(inflateRawSync(packedText).toString('utf8')) as Pick<Submission, (typeof PACKED_FIELDS)[number]>) };
}

export function submissionRepository(db: DocumentClient, table: string, cursors: CursorCodec): SubmissionRepository {
  const listScope = (competitionId: string): CursorScope => ({
    listing: 'submissions',
    keyAttributes: ['pk', 'sk'],
    equals: { pk: keys.competition(competitionId).pk },
    prefixes: { sk: keys.submissionPrefix() },
  });
  /** gsi3 (table-definition.ts): the competition's submissions in one status; its keys move with every status change. */
  const statusScope = (competitionId: string, status: string): CursorScope => ({
    listing: 'submissions-by-status',
    index: 'gsi3',
    keyAttributes: ['pk', 'sk', 'gsi3pk', 'gsi3sk'],
    equals: { pk: keys.competition(competitionId).pk, gsi3pk: keys.submissionStatusPartition(competitionId, status) },
    prefixes: { sk: keys.submissionPrefix(), gsi3sk: keys.submissionPrefix() },
  });
  const item = (s: Submission) =>
    toItem('Submission', pack(s), {
      ...keys.submission(s.competitionId, s.id),
      // Not on gsi1: an owner's submissions are found from their memberships (listForOwner), so a
      // save writes no gsi1 entry (gsi1 projects ALL: it cost as much as the item itself).
      ...keys.submissionByStatus(s.competitionId, s.status, s.id),
      // Lower-cased copy for case-insensitive search by the organiser.
      searchText: `${s.title}\n${s.organisationName}`.toLowerCase(),
    });

  /**
   * One status: only that status's gsi3 partition is read (sector and text filtered on the index's
   * projected copies), then the page's submissions by BatchGetItem — strongly consistent, and kept
   * only if still in that status (the index follows the table by a moment).
   */
  async function listByStatus(competitionId: string, status: string, filter: SubmissionFilter, limit: number, cursor?: string): Promise<Page<Submission>> {
    const scope = statusScope(competitionId, status);
    const { conditions, values } = filterConditions(filter, { ':p': keys.submissionStatusPartition(competitionId, status) });
    const filtered = conditions.length > 0;
    const found: { pk: string; sk: string }[] = [];
    let startKey: Record<string, unknown> | undefined = cursors.decode(scope, cursor)?.key;
    for (let reads = 0; ; ) {
      const r = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi3',
          KeyConditionExpression: 'gsi3pk = :p',
          FilterExpression: filtered ? conditions.join(' AND ') : undefined,
          ExpressionAttributeValues: values,
          ProjectionExpression: 'pk, sk, gsi3pk, gsi3sk',
          Limit: filtered ? FILTER_CHUNK : limit - found.length,
          ExclusiveStartKey: startKey,
        }),
      );
      const rows = r.Items ?? [];
      startKey = r.LastEvaluatedKey;
      const room = limit - found.length;
      // More matched than the page holds: it ends at its last item, and the next reads on from it.
      if (rows.length > room) startKey = { pk: rows[room - 1]!.pk, sk: rows[room - 1]!.sk, gsi3pk: rows[room - 1]!.gsi3pk, gsi3sk: rows[room - 1]!.gsi3sk };
      found.push(...rows.slice(0, room).map((i) => ({ pk: String(i.pk), sk: String(i.sk) })));
      if (!startKey || found.length >= limit || (filtered && ++reads >= FILTER_READS)) break;
    }
    const byKey = new Map((await getMany(db, table, found)).map((i) => [String(i.sk), strip(i)]));
    const items = found.flatMap((k) => {
      const s = byKey.get(k.sk);
      return s && s.status === status ? [s] : [];
    });
    const page: Page<Submission> = { items };
    if (startKey) page.nextCursor = cursors.encode(scope, { key: startKey as Record<string, string> });
    return page;
  }

  return {
    async get(competitionId, id, options) {
      const r = await db.send(
        new GetCommand({ TableName: table, Key: keys.submission(competitionId, id), ConsistentRead: options?.consistent ?? true }),
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
      // A submitted entry is an input of the automatic conflicts (conflict-list.ts).
      if (s.status === 'submitted') await noteConflictInputsChanged(db, table, s.competitionId);
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
        // Entering or leaving `submitted` changes the automatic conflicts: the use case moves conflictInputs on (conflict-list.ts).
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        if (guard && guard.now >= guard.deadline)
          throw new DeadlinePassed(`The submission deadline passed at ${guard.deadline}.`);
        throw new VersionConflict();
      }
    },

    async listForCompetition(competitionId, filter, limit, cursor) {
      if (filter.status) return listByStatus(competitionId, filter.status, filter, limit, cursor);
      const { conditions, values } = filterConditions(filter, { ':p': keys.competition(competitionId).pk, ':s': keys.submissionPrefix() });
      const filtered = conditions.length > 0;
      const items: Submission[] = [];
      let startKey: Record<string, unknown> | undefined = cursors.decode(listScope(competitionId), cursor)?.key;
      // A filter drops items after they are read: read FILTER_CHUNK at a time, FILTER_READS times at most (see above).
      for (let reads = 0; ; ) {
        const r = await db.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
            FilterExpression: filtered ? conditions.join(' AND ') : undefined,
            ExpressionAttributeValues: values,
            Limit: filtered ? FILTER_CHUNK : limit - items.length,
            ExclusiveStartKey: startKey,
          }),
        );
        const rows = r.Items ?? [];
        startKey = r.LastEvaluatedKey;
        const room = limit - items.length;
        if (rows.length > room) startKey = { pk: rows[room - 1]!.pk, sk: rows[room - 1]!.sk };
        items.push(...rows.slice(0, room).map(strip));
        if (!startKey || items.length >= limit || (filtered && ++reads >= FILTER_READS)) break;
      }
      const page: Page<Submission> = { items };
      if (startKey) page.nextCursor = cursors.encode(listScope(competitionId), { key: startKey as Record<string, string> });
      return page;
    },

    async listForOwner(ownerSub) {
      // An entrant's submission in a competition has an id derived from the two, and creating one
      // needs a registration (a membership): the competitions come from the owner's memberships on
      // gsi1, their submissions by BatchGet — missing keys are competitions without one.
      const memberships = await queryUserItems(db, table, ownerSub, keys.membershipPrefix());
      const competitionIds = [...new Set(memberships.map((m) => String(m.gsi1sk).slice(keys.membershipPrefix().length)))];
      const found = await getMany(db, table, competitionIds.map((c) => keys.submission(c, submissionIdFor(c, ownerSub))));
      return found
        .filter((i) => i.ownerSub === ownerSub)
        .map(strip)
        .sort((a, b) => (a.competitionId < b.competitionId ? -1 : a.competitionId > b.competitionId ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },

    async listAllInStatus(competitionId, status) {
      const items = await queryPartition<Record<string, unknown>>(db, table, keys.competition(competitionId).pk, keys.submissionPrefix(), {
        filter: '#status = :status',
        names: { '#status': 'status' },
        values: { ':status': status },
      });
      return items.map(strip);
    },

    async listOwners(competitionId, status) {
      const out: { id: string; ownerSub: string }[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const r = await db.send(
          new QueryCommand({
            TableName: table,
            IndexName: 'gsi3',
            KeyConditionExpression: 'gsi3pk = :p',
            ExpressionAttributeValues: { ':p': keys.submissionStatusPartition(competitionId, status) },
            ProjectionExpression: 'sk, ownerSub',
            ExclusiveStartKey: startKey,
          }),
        );
        for (const i of r.Items ?? []) out.push({ id: String(i.sk).slice(keys.submissionPrefix().length), ownerSub: String(i.ownerSub) });
        startKey = r.LastEvaluatedKey;
      } while (startKey);
      return out;
    },

    async getMany(refs, options) {
      return (await getMany(db, table, refs.map((r) => keys.submission(r.competitionId, r.id)), { consistent: options?.consistent ?? true })).map(strip);
    },

    async countInStatus(competitionId, status, upTo) {
      const r = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi3',
          KeyConditionExpression: 'gsi3pk = :p',
          ExpressionAttributeValues: { ':p': keys.submissionStatusPartition(competitionId, status) },
          ProjectionExpression: 'sk',
          Limit: upTo,
        }),
      );
      return r.Items?.length ?? 0;
    },
  };
}

/** The sector and text filters as FilterExpression conditions, with `values` (the key's) extended by theirs. */
function filterConditions(filter: SubmissionFilter, values: Record<string, unknown>): { conditions: string[]; values: Record<string, unknown> } {
  const conditions: string[] = [];
  if (filter.sector) {
    conditions.push('contains(sectors, :sector)');
    values[':sector'] = filter.sector;
  }
  if (filter.q) {
    conditions.push('contains(searchText, :q)');
    values[':q'] = filter.q.toLowerCase();
  }
  return { conditions, values };
}

function strip(item: Record<string, unknown>): Submission {
  const { searchText: _, ...rest } = fromItem<Submission & { searchText?: string }>(unpack(item));
  return rest;
}
