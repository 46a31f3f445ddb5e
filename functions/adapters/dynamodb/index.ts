import type { DocumentClient } from './client.ts';
import type { Ports } from '../../use-cases/ports.ts';
import { ulidGenerator } from '../ids.ts';
import { auditLog } from './audit-log.ts';
import { awardsRepository } from './awards-repository.ts';
import { notificationRepository } from './notification-repository.ts';
import { competitionRepository } from './competition-repository.ts';
import { cursorCodec } from './cursor.ts';
import { evaluationRepository } from './evaluation-repository.ts';
import { jobRepository } from './job-repository.ts';
import { membershipRepository } from './membership-repository.ts';
import { pitchRepository } from './pitch-repository.ts';
import { resultsRepository } from './results-repository.ts';
import { submissionRepository } from './submission-repository.ts';

/** All DynamoDB-backed ports over one table. `cursorSecret` signs pagination cursors (cursor.ts). */
export function dynamoPorts(
  db: DocumentClient,
  table: string,
  options: { cursorSecret: string },
): Pick<Ports, 'competitions' | 'memberships' | 'submissions' | 'audit' | 'pitches' | 'evaluation' | 'awards' | 'notifications' | 'results' | 'jobs'> {
  const cursors = cursorCodec(options.cursorSecret);
  return {
    competitions: competitionRepository(db, table, cursors),
    memberships: membershipRepository(db, table, cursors),
    submissions: submissionRepository(db, table, cursors),
    audit: auditLog(db, table, ulidGenerator, cursors),
    pitches: pitchRepository(db, table),
    evaluation: evaluationRepository(db, table, cursors),
    awards: awardsRepository(db, table),
    notifications: notificationRepository(db, table, cursors),
    results: resultsRepository(db, table, cursors),
    jobs: jobRepository(db, table, cursors),
  };
}
