import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type DocumentClient } from './client.ts';
import { AlreadyExists, InvalidState, VersionConflict } from '../../domain/errors.ts';
import type { Review, Round } from '../../domain/evaluation.ts';
import type { Invitation, Reviewer } from '../../domain/invitation.ts';
import type { EvaluationRepository, Page, ReviewLoad, ReviewQueueEntry } from '../../use-cases/ports.ts';
import type { CursorCodec, CursorScope } from './cursor.ts';
import { fromItem, getMany, isConditionFailure, queryPartition, queryUserItems, toItem, writeIf } from './items.ts';
import * as keys from './keys.ts';
import { batchWrite } from './batch-write.ts';
import { conflictListStore, noteConflictInputsChanged } from './conflict-list.ts';

/** Load items updated at once (one per reviewer) after a batch of assignments. */
const LOAD_PARALLEL = 8;

export function evaluationRepository(db: DocumentClient, table: string, cursors: CursorCodec): EvaluationRepository {
  /** One page of a competition's items under `prefix`, in key order; the cursor is signed for `listing` (cursor.ts). */
  async function pagePrefix<T>(listing: string, competitionId: string, prefix: string, limit: number, cursor?: string): Promise<Page<T>> {
    const scope: CursorScope = { listing, keyAttributes: ['pk', 'sk'], equals: { pk: keys.competition(competitionId).pk }, prefixes: { sk: prefix } };
    const start = cursors.decode(scope, cursor)?.key;
    const r = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': keys.competition(competitionId).pk, ':s': prefix },
        Limit: limit,
        ExclusiveStartKey: start,
      }),
    );
    const page: Page<T> = { items: (r.Items ?? []).map((i) => fromItem<T>(i)) };
    if (r.LastEvaluatedKey) page.nextCursor = cursors.encode(scope, { key: r.LastEvaluatedKey as Record<string, string> });
    return page;
  }

  /** Every item of a competition whose sort key starts with `prefix`, all pages. */
  function queryPrefix<T>(competitionId: string, prefix: string): Promise<T[]> {
    return queryPartition<T>(db, table, keys.competition(competitionId).pk, prefix);
  }

  async function get<T>(key: Record<string, string>, consistent = true): Promise<T | undefined> {
    const r = await db.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: consistent }));
    return r.Item ? fromItem<T>(r.Item) : undefined;
  }

  async function putVersioned(type: string, entity: { version: number }, key: Record<string, string>, expectedVersion: number) {
    try {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: toItem(type, entity, key),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': expectedVersion },
        }),
      );
    } catch (e) {
      if (isConditionFailure(e)) throw new VersionConflict();
      throw e;
    }
  }

  async function conditionalDelete(key: Record<string, string>, condition: string, values: Record<string, unknown>) {
    return writeIf(db,
      new DeleteCommand({
        TableName: table,
        Key: key,
        ConditionExpression: condition,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
  }

  /**
   * Reviewer loads (keys.reviewerLoad): one item per reviewer and round holding the string sets
   * `assigned` and `submitted` (submission ids), moved on right after each write of an assignment:
   * created → ADD to `assigned` (and `submitted` if it is); submitted → ADD to `submitted`;
   * withdrawn → DELETE from both (first: see withdraw). Sets, not numbers, so every move is idempotent and commutes with
   * the others: a retried write, a re-run job or the one-time count (countReviewerLoads) never
   * counts a review twice. (No transaction: dynalite, the tests' stand-in, has none — see
   * awards-repository.ts. A process dying between the two writes leaves a review uncounted, never
   * one counted that is not there; a count of the round — the `reviewer-loads` job — adds it.) The load guards nothing — maxLoad is the solver's, each assignment
   * its own conditional write — it is what the organiser's reviewer list shows, read a page at a
   * time. A round made before load items existed has no `reviewerLoadsCounted` marker: its readers
   * fall back to counting the reviews until its count (reviewer-loads-job.ts) has run.
   */
  function moveLoad(c: string, roundId: string, reviewerSub: string, change: { add?: { assigned: string[]; submitted: string[] }; remove?: string[] }) {
    const add = change.add;
    const clauses: string[] = ['SET #type = :type, schemaVersion = :sv, competitionId = :c, roundId = :r, reviewerSub = :u'];
    const values: Record<string, unknown> = { ':type': 'ReviewerLoad', ':sv': 1, ':c': c, ':r': roundId, ':u': reviewerSub };
    const adds: string[] = [];
    if (add?.assigned.length) {
      adds.push('assigned :a');
      values[':a'] = new Set(add.assigned);
    }
    if (add?.submitted.length) {
      adds.push('submitted :s');
      values[':s'] = new Set(add.submitted);
    }
    if (adds.length) clauses.push(`ADD ${adds.join(', ')}`);
    if (change.remove?.length) {
      clauses.push('DELETE assigned :d, submitted :d');
      values[':d'] = new Set(change.remove);
    }
    return db.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.reviewerLoad(c, roundId, reviewerSub),
        UpdateExpression: clauses.join(' '),
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: values,
      }),
    );
  }
  const loadOf = (r: Review) => ({ assigned: [r.submissionId], submitted: r.status === 'submitted' ? [r.submissionId] : [] });

  /** Moves many reviews' loads, one update per reviewer, a few at once. */
  async function addLoads(reviews: Review[]) {
    const by = new Map<string, { c: string; roundId: string; sub: string; assigned: string[]; submitted: string[] }>();
    for (const r of reviews) {
      const k = `${r.competitionId}\u0000${r.roundId}\u0000${r.reviewerSub}`;
      const e = by.get(k) ?? { c: r.competitionId, roundId: r.roundId, sub: r.reviewerSub, assigned: [], submitted: [] };
      e.assigned.push(r.submissionId);
      if (r.status === 'submitted') e.submitted.push(r.submissionId);
      by.set(k, e);
    }
    const list = [...by.values()];
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(LOAD_PARALLEL, list.length) }, async () => {
        while (next < list.length) {
          const e = list[next++]!;
          await moveLoad(e.c, e.roundId, e.sub, { add: { assigned: e.assigned, submitted: e.submitted } });
        }
      }),
    );
  }

  /**
   * Withdraws an assignment if `condition` holds. The load moves first, so that a crash between
   * the two writes leaves a review uncounted (which a count adds back: countReviewerLoads) and
   * never a count without its review; if the review stays (it started, or was never there), what
   * was taken off is put back from the review as it stands.
   */
  async function withdraw(c: string, roundId: string, submissionId: string, sub: string, condition: string, values: Record<string, unknown>) {
    await moveLoad(c, roundId, sub, { remove: [submissionId] });
    const removed = await conditionalDelete(keys.review(c, roundId, submissionId, sub), condition, values);
    if (!removed) {
      const still = await get<Review>(keys.review(c, roundId, submissionId, sub));
      if (still) await moveLoad(c, roundId, sub, { add: loadOf(still) });
    }
    return removed;
  }

  const reviewItem = (r: Review) =>
    toItem('Review', r, {
      ...keys.review(r.competitionId, r.roundId, r.submissionId, r.reviewerSub),
      ...keys.reviewByReviewer(r.reviewerSub, r.competitionId, r.roundId, r.submissionId),
    });

  return {
    getRound: (c, r, options) => get<Round>(keys.round(c, r), options?.consistent ?? true),
    listRounds: async (c) => (await queryPrefix<Round>(c, keys.roundPrefix())).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    async createRound(r) {
      await db.send(
        new PutCommand({ TableName: table, Item: toItem('Round', r, keys.round(r.competitionId, r.id)), ConditionExpression: 'attribute_not_exists(pk)' }),
      );
      // A new round has no reviews: its (absent) load items are complete from the start.
      await db.send(new PutCommand({ TableName: table, Item: { ...keys.reviewerLoadsCounted(r.competitionId, r.id), type: 'ReviewerLoadsCounted', schemaVersion: 1, countedAt: r.createdAt } }));
    },
    updateRound: (r, expected) => putVersioned('Round', r, keys.round(r.competitionId, r.id), expected),

    async createInvitation(i) {
      try {
        await db.send(
          new PutCommand({
            TableName: table,
            Item: toItem('Invitation', i, keys.invitation(i.competitionId, i.tokenHash)),
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (e) {
        if (isConditionFailure(e)) throw new AlreadyExists('INVITATION_EXISTS', 'This invitation exists.');
        throw e;
      }
    },
    getInvitation: (c, hash) => get<Invitation>(keys.invitation(c, hash)),
    pageInvitations: (c, limit, cursor) => pagePrefix<Invitation>('invitations', c, keys.invitationPrefix(), limit, cursor),
    listInvitations: async (c) => (await queryPrefix<Invitation>(c, keys.invitationPrefix())).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    async acceptInvitation(c, hash, userSub, at) {
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.invitation(c, hash),
            UpdateExpression: 'SET acceptedBy = :u, acceptedAt = :at',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(acceptedBy) OR acceptedBy = :u) AND expiresAt > :at AND attribute_not_exists(revokedAt)',
            ExpressionAttributeValues: { ':u': userSub, ':at': at },
          }),
        );
      } catch (e) {
        if (isConditionFailure(e)) throw new InvalidState('This invitation has expired or was already used by someone else. Ask the organiser for a new one.');
        throw e;
      }
    },
    // Sending, resend and revoke (issue 13, H5).
    async noteInvitationMailFailed(c, hash, error, state = 'failed') {
      await db
        .send(new UpdateCommand({ TableName: table, Key: keys.invitation(c, hash), UpdateExpression: 'SET mailError = :e, mailState = :s REMOVE sentAt', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':e': error, ':s': state } }))
        .catch((e: unknown) => {
          if (!isConditionFailure(e)) throw e;
        });
    },
    async removeUnacceptedInvitation(c, hash) {
      return writeIf(db, new DeleteCommand({ TableName: table, Key: keys.invitation(c, hash), ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(acceptedBy)' }));
    },
    async revokeInvitation(c, hash, at) {
      return writeIf(db,
        new UpdateCommand({
          TableName: table,
          Key: keys.invitation(c, hash),
          UpdateExpression: 'SET revokedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(acceptedBy) AND attribute_not_exists(revokedAt)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
    },

    async putReviewer(r) {
      await db.send(new PutCommand({ TableName: table, Item: toItem('Reviewer', r, keys.reviewer(r.competitionId, r.roundId, r.sub)) }));
      // A reviewer joined or dropped: the automatic conflicts follow (conflict-list.ts).
      await noteConflictInputsChanged(db, table, r.competitionId);
    },
    listReviewers: (c, roundId) => queryPrefix<Reviewer>(c, keys.reviewerPrefix(roundId)),
    pageReviewers: (c, roundId, limit, cursor) => pagePrefix<Reviewer>(`reviewers:${roundId}`, c, keys.reviewerPrefix(roundId), limit, cursor),
    async getReviewers(c, roundId, subs) {
      return (await getMany(db, table, subs.map((sub) => keys.reviewer(c, roundId, sub)))).map((i) => fromItem<Reviewer>(i));
    },

    async putConflict(c, roundId, conflict) {
      await db.send(
        new PutCommand({
          TableName: table,
          Item: toItem('Conflict', { ...conflict, competitionId: c, roundId }, keys.conflict(c, roundId, conflict.reviewerSub, conflict.submissionId)),
        }),
      );
    },
    listConflicts: (c, roundId) => queryPrefix(c, keys.conflictPrefix(roundId)),
    ...conflictListStore(db, table, cursors),

    getReview: (c, roundId, submissionId, sub) => get<Review>(keys.review(c, roundId, submissionId, sub)),
    async createAssignment(r) {
      try {
        await db.send(new PutCommand({ TableName: table, Item: reviewItem(r), ConditionExpression: 'attribute_not_exists(pk)' }));
      } catch (e) {
        if (isConditionFailure(e)) return false;
        throw e;
      }
      await moveLoad(r.competitionId, r.roundId, r.reviewerSub, { add: loadOf(r) });
      return true;
    },
    async createExtraAssignment(r, maxLoad) {
      // The review first, then its load, conditional on the reviewer being below maxLoad (the
      // load item's `assigned` set, before this one is added): two extra reviews asked for at once
      // cannot both take a reviewer's last place. If the load is full, the review is withdrawn
      // again (only while unstarted), so a crash in between leaves a review uncounted — as for
      // every other assignment, a count adds it — never a count without its review.
      try {
        await db.send(new PutCommand({ TableName: table, Item: reviewItem(r), ConditionExpression: 'attribute_not_exists(pk)' }));
      } catch (e) {
        if (isConditionFailure(e)) return 'exists';
        throw e;
      }
      try {
        await db.send(
          new UpdateCommand({
            TableName: table,
            Key: keys.reviewerLoad(r.competitionId, r.roundId, r.reviewerSub),
            UpdateExpression: 'SET #type = :type, schemaVersion = :sv, competitionId = :c, roundId = :r, reviewerSub = :u ADD assigned :a',
            ConditionExpression: 'attribute_not_exists(assigned) OR size(assigned) < :max OR contains(assigned, :sid)',
            ExpressionAttributeNames: { '#type': 'type' },
            ExpressionAttributeValues: { ':type': 'ReviewerLoad', ':sv': 1, ':c': r.competitionId, ':r': r.roundId, ':u': r.reviewerSub, ':a': new Set([r.submissionId]), ':max': maxLoad, ':sid': r.submissionId },
          }),
        );
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
        await conditionalDelete(keys.review(r.competitionId, r.roundId, r.submissionId, r.reviewerSub), '#status = :assigned', { ':assigned': 'assigned' });
        return 'full';
      }
      return 'created';
    },
    async createAssignments(reviews, onProgress) {
      await batchWrite(db, table, reviews.map((r) => ({ PutRequest: { Item: reviewItem(r) } })), onProgress);
      await addLoads(reviews);
    },
    removeUnstartedAssignment: (c, roundId, submissionId, sub) => withdraw(c, roundId, submissionId, sub, '#status = :assigned', { ':assigned': 'assigned' }),
    removeUnsubmittedAssignment: (c, roundId, submissionId, sub) => withdraw(c, roundId, submissionId, sub, '#status <> :submitted', { ':submitted': 'submitted' }),
    async updateReview(r, expected, after) {
      try {
        await db.send(
          new PutCommand({ TableName: table, Item: reviewItem(r), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expected } }),
        );
      } catch (e) {
        if (isConditionFailure(e)) throw new VersionConflict('This review was changed elsewhere (another tab?) since you opened it. Reload to see the latest, then save again.');
        throw e;
      }
      // Submitting (or revising a submitted review: the same set, unchanged) counts it as done —
      // after the review's write (a crash leaves a review uncounted, never a count without its
      // review), together with the caller's own follow-up work.
      await Promise.all([
        r.status === 'submitted' ? moveLoad(r.competitionId, r.roundId, r.reviewerSub, { add: { assigned: [r.submissionId], submitted: [r.submissionId] } }) : undefined,
        after?.(),
      ]);
    },
    listRoundReviews: (c, roundId) => queryPrefix<Review>(c, keys.reviewPrefix(roundId)),
    // Only what a spread needs, so a round of long comments reads a fraction of its size.
    listRoundScores: (c, roundId) =>
      queryPartition<Pick<Review, 'submissionId' | 'reviewerSub' | 'status' | 'scores' | 'exclusion'>>(db, table, keys.competition(c).pk, keys.reviewPrefix(roundId), {
        projection: 'submissionId, reviewerSub, #status, scores, exclusion',
        names: { '#status': 'status' },
      }),
    pageRoundReviews: (c, roundId, limit, cursor, submissionId) =>
      submissionId === undefined
        ? pagePrefix<Review>(`reviews:${roundId}`, c, keys.reviewPrefix(roundId), limit, cursor)
        : pagePrefix<Review>(`reviews:${roundId}:${submissionId}`, c, keys.reviewsOfSubmissionPrefix(roundId, submissionId), limit, cursor),
    async reviewLoads(c, roundId) {
      // One query of the round's reviews, carrying only who and how far: counted in one pass.
      const loads = new Map<string, ReviewLoad>();
      const rows = await queryPartition<{ reviewerSub: string; status: string }>(db, table, keys.competition(c).pk, keys.reviewPrefix(roundId), {
        projection: 'reviewerSub, #status',
        names: { '#status': 'status' },
      });
      for (const i of rows) {
        const load = loads.get(i.reviewerSub) ?? { assigned: 0, submitted: 0 };
        load.assigned += 1;
        if (i.status === 'submitted') load.submitted += 1;
        loads.set(i.reviewerSub, load);
      }
      return loads;
    },
    async getRounds(refs, options) {
      return (await getMany(db, table, refs.map((r) => keys.round(r.competitionId, r.roundId)), { consistent: options?.consistent ?? true })).map((i) => fromItem<Round>(i));
    },
    async listRoundReviewsAfter(c, roundId, limit, after) {
      const r = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
          ExpressionAttributeValues: { ':p': keys.competition(c).pk, ':s': keys.reviewPrefix(roundId) },
          Limit: limit,
          // Built from our own keys, never from a caller's cursor.
          ExclusiveStartKey: after ? keys.review(c, roundId, after.submissionId, after.reviewerSub) : undefined,
        }),
      );
      const items = (r.Items ?? []).map((i) => fromItem<Review>(i));
      const last = items.at(-1);
      return { items, ...(r.LastEvaluatedKey && last ? { last: { submissionId: last.submissionId, reviewerSub: last.reviewerSub } } : {}) };
    },
    // Issue 10 cost: gsi4 holds a review's queue entry only (table-definition.ts); the whole
    // reviews are read by key, as eventually consistent as the index they were found in was.
    listReviewerQueue: async (sub, c) => (await queryUserItems(db, table, sub, c === undefined ? 'REVIEW#' : keys.reviewerQueuePrefix(c))).map((i) => fromItem<ReviewQueueEntry>(i)),
    async listReviewerReviews(sub, c) {
      const entries = await queryUserItems(db, table, sub, keys.reviewerQueuePrefix(c));
      const items = await getMany(db, table, entries.map((e) => ({ pk: String(e.pk), sk: String(e.sk) })), { consistent: false });
      const order = new Map(entries.map((e, i) => [`${String(e.pk)}\u0000${String(e.sk)}`, i]));
      return items.sort((a, b) => order.get(`${String(a.pk)}\u0000${String(a.sk)}`)! - order.get(`${String(b.pk)}\u0000${String(b.sk)}`)!).map((i) => fromItem<Review>(i));
    },

    async reviewerLoads(c, roundId, subs) {
      const marker = keys.reviewerLoadsCounted(c, roundId);
      const items = await getMany(db, table, [marker, ...[...new Set(subs)].map((sub) => keys.reviewerLoad(c, roundId, sub))]);
      if (!items.some((i) => i.sk === marker.sk)) return undefined;
      const loads = new Map<string, ReviewLoad>();
      for (const i of items) {
        if (i.sk === marker.sk) continue;
        const size = (v: unknown) => (v instanceof Set ? v.size : Array.isArray(v) ? v.length : 0);
        loads.set(String(i.reviewerSub), { assigned: size(i.assigned), submitted: size(i.submitted) });
      }
      return loads;
    },

    async countReviewerLoads(c, roundId) {
      // The round's reviews (who, which, how far), added to the load items: ADD is a union, so a
      // count run twice, or beside assignments being written, adds nothing twice. Then the marker.
      const rows = await queryPartition<Review>(db, table, keys.competition(c).pk, keys.reviewPrefix(roundId), {
        projection: 'competitionId, roundId, submissionId, reviewerSub, #status',
        names: { '#status': 'status' },
        consistent: true,
      });
      await addLoads(rows);
      await db.send(new PutCommand({ TableName: table, Item: { ...keys.reviewerLoadsCounted(c, roundId), type: 'ReviewerLoadsCounted', schemaVersion: 1, countedAt: new Date().toISOString() } }));
    },
  };
}
