/**
 * Jobs and their locks (ACCESS-PATTERNS.md, 30–33). A job is one item in its competition's jobs
 * partition, replaced whole by each write, conditional on the version its writer last saw — so
 * of two runners (a late duplicate delivery, a takeover) only one can write. A lock item per
 * unfinished kind+params makes starting idempotent with one conditional put; all locks share one
 * partition so a restarted local runtime can find every unfinished job without a Scan (there are
 * only ever a few at a time, each deleted when its job finishes).
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DocumentClient } from './client.ts';
import { AlreadyExists } from '../../domain/errors.ts';
import type { Job, JobRef } from '../../domain/job.ts';
import type { JobRepository } from '../../use-cases/ports.ts';
import type { CursorCodec, CursorScope } from './cursor.ts';
import { fromItem, isConditionFailure, toItem, writeIf } from './items.ts';
import * as keys from './keys.ts';

interface LockItem {
  lockKey: string;
  competitionId: string;
  jobId: string;
  since: string;
}

export function jobRepository(db: DocumentClient, table: string, cursors: CursorCodec): JobRepository {
  const listScope = (competitionId: string): CursorScope => ({
    listing: 'jobs',
    keyAttributes: ['pk', 'sk'],
    equals: { pk: keys.jobsPartition(competitionId) },
    prefixes: { sk: keys.jobPrefix() },
  });
  const item = (job: Job) => toItem('Job', job, keys.job(job.competitionId, job.id));

  async function readLock(lockKey: string): Promise<LockItem | undefined> {
    const r = await db.send(new GetCommand({ TableName: table, Key: keys.jobLock(lockKey), ConsistentRead: true }));
    return r.Item ? fromItem<LockItem>(r.Item) : undefined;
  }

  return {
    async create(job) {
      try {
        await db.send(new PutCommand({ TableName: table, Item: item(job), ConditionExpression: 'attribute_not_exists(pk)' }));
      } catch (e) {
        if (isConditionFailure(e)) throw new AlreadyExists('JOB_EXISTS', 'A job with this id already exists.');
        throw e;
      }
    },

    async get(competitionId, jobId) {
      const r = await db.send(new GetCommand({ TableName: table, Key: keys.job(competitionId, jobId), ConsistentRead: true }));
      return r.Item ? fromItem<Job>(r.Item) : undefined;
    },

    async list(competitionId, limit, cursor) {
      const start = cursors.decode(listScope(competitionId), cursor);
      const r = await db.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
          ExpressionAttributeValues: { ':p': keys.jobsPartition(competitionId), ':s': keys.jobPrefix() },
          // Job ids are ULIDs: newest first.
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: start?.key,
        }),
      );
      return {
        items: (r.Items ?? []).map((i) => fromItem<Job>(i)),
        nextCursor: r.LastEvaluatedKey ? cursors.encode(listScope(competitionId), { key: r.LastEvaluatedKey as Record<string, string> }) : undefined,
      };
    },

    async update(job, expectedVersion) {
      return writeIf(db, new PutCommand({ TableName: table, Item: item(job), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': expectedVersion } }));
    },

    async acquireLock(lockKey, ref, at) {
      // A lock can vanish between a failed put and the read that names its holder (its job just
      // finished): then try to take it again. Three rounds settle any real race.
      for (let round = 0; ; round++) {
        try {
          const lock: LockItem = { lockKey, competitionId: ref.competitionId, jobId: ref.jobId, since: at };
          await db.send(new PutCommand({ TableName: table, Item: toItem('JobLock', lock, keys.jobLock(lockKey)), ConditionExpression: 'attribute_not_exists(pk)' }));
          return { holder: ref, since: at };
        } catch (e) {
          if (!isConditionFailure(e)) throw e;
        }
        const held = await readLock(lockKey);
        if (held) return { holder: { competitionId: held.competitionId, jobId: held.jobId }, since: held.since };
        if (round >= 2) throw new Error(`The job lock ${lockKey} keeps changing hands.`);
      }
    },

    async releaseLock(lockKey, jobId) {
      try {
        await db.send(new DeleteCommand({ TableName: table, Key: keys.jobLock(lockKey), ConditionExpression: 'jobId = :j', ExpressionAttributeValues: { ':j': jobId } }));
      } catch (e) {
        // Someone else's lock now (or none): not ours to free.
        if (!isConditionFailure(e)) throw e;
      }
    },

    async listLocks() {
      const out: { lockKey: string; holder: JobRef; since: string }[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const r = await db.send(
          new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': keys.jobLocksPartition() }, ExclusiveStartKey: startKey }),
        );
        for (const i of r.Items ?? []) {
          const l = fromItem<LockItem>(i);
          out.push({ lockKey: l.lockKey, holder: { competitionId: l.competitionId, jobId: l.jobId }, since: l.since });
        }
        startKey = r.LastEvaluatedKey;
      } while (startKey);
      return out;
    },
  };
}
