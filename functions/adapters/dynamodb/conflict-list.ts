/**
 * A round's conflict list without deriving it per request (issue 10). The automatic conflicts
 * (domain/conflicts.ts: own submission, same organisation, team member, e-mail domain) follow from
 * every membership, submitted entry and reviewer record of the competition; working them out per
 * request read the whole competition (2.2 s at 20,000 entries). So:
 *
 * - `CONFLICTINPUTS` (keys.conflictInputs) is a counter that every write of those inputs moves on
 *   with one unconditional ADD, right after the write — in the repositories (membership-repository.ts
 *   grant, submission-repository.ts create of an entry already submitted, putReviewer here), or,
 *   where a write request's round trips count (registering, submitting, withdrawing: ≤ 3 sequential),
 *   in its use case alongside the audit entry (`noteConflictInputsChanged`, or — where the change
 *   moves the ranking's inputs too: registering, submitting, withdrawing — as `conflictVersion` on
 *   the ranking's inputs item in the ranking's own ADD, one write unit instead of two; the version
 *   is the sum of both counters, `conflictInputs`). After, not before: a derivation reads the
 *   counter before its inputs, so the version it records is never newer than what it read. (No
 *   transaction — dynalite has none: a process dying between the write and the ADD leaves the
 *   list current until the next input write moves the counter; the own-item writes stay right.)
 * - The `conflicts` job (use-cases/assignment.ts CONFLICTS_JOB) derives a round's automatic
 *   conflicts, writes them as items of a new computation (`AUTOCONFLICT#<round>#<computation>#
 *   <reviewer>#<submission>`, batched), then points `CONFLICTLIST#<round>` at it in one
 *   conditional write naming the inputs' version — unless a computation of newer inputs is there
 *   already — and removes the computation it replaced.
 * - Recorded conflicts (declared by a reviewer, entered by the organiser) are their own items
 *   (`CONFLICT#<round>#<reviewer>#<submission>`), read straight, so they show the moment they are
 *   written. Both kinds of key end in `<reviewer>#<submission>`: a page is the two queries from
 *   the cursor's positions (one per kind), merged in that order. The cursor holds the last key
 *   suffix shown of each kind — not the computation — so a list recomputed between two pages
 *   reads on where it was.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DocumentClient } from './client.ts';
import type { Conflict } from '../../domain/conflicts.ts';
import type { ConflictListHeader, EvaluationRepository, Page } from '../../use-cases/ports.ts';
import { batchWrite } from './batch-write.ts';
import type { CursorCodec, CursorScope } from './cursor.ts';
import { fromItem, isConditionFailure } from './items.ts';
import * as keys from './keys.ts';

/** One ADD to the competition's conflict-inputs counter: no read, no condition. */
export function noteConflictInputsChanged(db: DocumentClient, table: string, competitionId: string): Promise<unknown> {
  return db.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.conflictInputs(competitionId),
      // When, by this machine's clock (not the app's, which tests hold still): a derivation waits
      // for the indexes to follow a write this recent (use-cases/conflict-list.ts INDEX_SETTLE_MS).
      UpdateExpression: 'SET #type = :type, schemaVersion = :sv, changedAtMs = :at ADD version :one',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':type': 'ConflictInputs', ':sv': 1, ':at': Date.now(), ':one': 1 },
    }),
  );
}

/** A cursor position meaning "nothing of this kind shown yet" (a key suffix always holds a '#'). */
const FROM_START = '-';

type ConflictRow = Conflict & { recordedAt?: string };

export function conflictListStore(
  db: DocumentClient,
  table: string,
  cursors: CursorCodec,
): Pick<EvaluationRepository, 'conflictInputs' | 'noteConflictInputsChanged' | 'getConflictList' | 'saveConflictList' | 'pageConflicts'> {
  const pkOf = (c: string) => keys.competition(c).pk;

  /** Removes every item of a computation (keys only read, then batched deletes). */
  async function removeComputation(c: string, roundId: string, computationId: string) {
    const prefix = keys.derivedConflictPrefix(roundId, computationId);
    let startKey: Record<string, unknown> | undefined;
    do {
      const r = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
          ExpressionAttributeValues: { ':p': pkOf(c), ':s': prefix },
          ProjectionExpression: 'pk, sk',
          ExclusiveStartKey: startKey,
        }),
      );
      const rows = r.Items ?? [];
      if (rows.length) await batchWrite(db, table, rows.map((i) => ({ DeleteRequest: { Key: { pk: i.pk, sk: i.sk } } })));
      startKey = r.LastEvaluatedKey;
    } while (startKey);
  }

  /** Up to `limit` items under `prefix` after the key suffix `after`, with their suffixes; `more` when the query stopped early. */
  async function readAfter(c: string, prefix: string, after: string, limit: number) {
    const r = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': pkOf(c), ':s': prefix },
        Limit: limit,
        // Built from our own prefix and a suffix from a signed cursor of this list.
        ExclusiveStartKey: after === FROM_START ? undefined : { pk: pkOf(c), sk: `${prefix}${after}` },
      }),
    );
    return { rows: (r.Items ?? []).map((i) => ({ suffix: String(i.sk).slice(prefix.length), item: i })), more: r.LastEvaluatedKey !== undefined };
  }

  return {
    async noteConflictInputsChanged(c) {
      await noteConflictInputsChanged(db, table, c);
    },
    async conflictInputs(c) {
      // Two counters, one version: CONFLICTINPUTS' own and the share the ranking's inputs item
      // carries (`conflictVersion`, moved with the ranking's counter where a change is an input of
      // both: results-repository.ts noteInputsChanged). Each only grows, so their sum does, and it
      // went on from the one counter there was before (items written then read as ever).
      const [own, shared] = await Promise.all(
        [keys.conflictInputs(c), keys.rankingInputs(c)].map((Key) => db.send(new GetCommand({ TableName: table, Key, ConsistentRead: true })).then((r) => r.Item)),
      );
      const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
      const changed = [num(own?.changedAtMs), num(shared?.conflictChangedAtMs)].filter((v): v is number => v !== undefined);
      return {
        version: (num(own?.version) ?? 0) + (num(shared?.conflictVersion) ?? 0),
        ...(changed.length > 0 ? { changedAtMs: Math.max(...changed) } : {}),
      };
    },

    async getConflictList(c, roundId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.conflictList(c, roundId), ConsistentRead: true }));
      return r.Item ? fromItem<ConflictListHeader>(r.Item) : undefined;
    },

    async saveConflictList(header, conflicts, onProgress) {
      const { competitionId: c, roundId, computationId } = header;
      await batchWrite(
        db,
        table,
        conflicts.map((x) => ({
          PutRequest: {
            Item: {
              ...keys.derivedConflict(c, roundId, computationId, x.reviewerSub, x.submissionId),
              type: 'DerivedConflict',
              schemaVersion: 1,
              submissionId: x.submissionId,
              reviewerSub: x.reviewerSub,
              source: x.source,
              reason: x.reason,
              ...(x.detail ? { detail: x.detail } : {}),
            },
          },
        })),
        onProgress,
      );
      let replaced: string | undefined;
      try {
        const r = await db.send(
          new PutCommand({
            TableName: table,
            Item: { ...keys.conflictList(c, roundId), type: 'ConflictList', schemaVersion: 1, ...header },
            ConditionExpression: 'attribute_not_exists(pk) OR inputsVersion <= :v',
            ExpressionAttributeValues: { ':v': header.inputsVersion },
            ReturnValues: 'ALL_OLD',
          }),
        );
        const old = r.Attributes?.computationId;
        if (typeof old === 'string' && old !== computationId) replaced = old;
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        await removeComputation(c, roundId, computationId);
        return false;
      }
      if (replaced) await removeComputation(c, roundId, replaced);
      return true;
    },

    async pageConflicts(c, roundId, automatic, limit, cursor) {
      const scope: CursorScope = { listing: `conflicts:${roundId}`, keyAttributes: ['pk', 'd', 'r'], equals: { pk: pkOf(c) } };
      const at = cursors.decode(scope, cursor)?.key ?? { pk: pkOf(c), d: FROM_START, r: FROM_START };
      const recordedPrefix = keys.conflictPrefix(roundId);
      const recorded = readAfter(c, recordedPrefix, at.r!, limit);
      let derived: { rows: { suffix: string; item: Record<string, unknown> }[]; more: boolean };
      if (automatic === undefined) derived = { rows: [], more: false };
      else if ('computationId' in automatic) derived = await readAfter(c, keys.derivedConflictPrefix(roundId, automatic.computationId), at.d!, limit);
      else {
        // Worked out by the caller (a small competition): the same order and positions, from memory.
        const all = automatic.items
          .map((x) => ({ suffix: `${x.reviewerSub}#${x.submissionId}`, item: x as unknown as Record<string, unknown> }))
          .sort((a, b) => (a.suffix < b.suffix ? -1 : a.suffix > b.suffix ? 1 : 0));
        const from = at.d === FROM_START ? 0 : all.findIndex((x) => x.suffix > at.d!);
        const start = from < 0 ? all.length : from;
        derived = { rows: all.slice(start, start + limit), more: start + limit < all.length };
      }
      const rec = await recorded;
      // A kind whose read stopped early bounds what may be shown: past its last row, rows of it may be missing.
      const bounds = [derived, rec].filter((s) => s.more && s.rows.length > 0).map((s) => s.rows.at(-1)!.suffix);
      const bound = bounds.length ? bounds.reduce((a, b) => (a < b ? a : b)) : undefined;
      const merged = [
        ...derived.rows.map((x) => ({ ...x, kind: 'd' as const })),
        ...rec.rows.map((x) => ({ ...x, kind: 'r' as const })),
      ]
        .filter((x) => bound === undefined || x.suffix <= bound)
        .sort((a, b) => (a.suffix < b.suffix ? -1 : a.suffix > b.suffix ? 1 : a.kind === b.kind ? 0 : a.kind === 'd' ? -1 : 1));
      const shown = merged.slice(0, limit);
      const items: ConflictRow[] = shown.map(({ kind, item }) =>
        kind === 'd'
          ? { submissionId: String(item.submissionId), reviewerSub: String(item.reviewerSub), source: item.source as Conflict['source'], reason: String(item.reason), ...(item.detail ? { detail: String(item.detail) } : {}) }
          : { submissionId: String(item.submissionId), reviewerSub: String(item.reviewerSub), source: item.source as Conflict['source'], reason: String(item.reason), recordedAt: String(item.createdAt) },
      );
      const lastOf = (kind: 'd' | 'r', before: string) => shown.filter((x) => x.kind === kind).at(-1)?.suffix ?? before;
      const page: Page<ConflictRow> = { items };
      if (shown.length < merged.length || derived.more || rec.more)
        page.nextCursor = cursors.encode(scope, { key: { pk: pkOf(c), d: lastOf('d', at.d!), r: lastOf('r', at.r!) } });
      return page;
    },
  };
}
