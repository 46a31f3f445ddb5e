import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Ports } from '../../use-cases/ports.ts';
import { ulidGenerator } from '../ids.ts';
import { auditLog } from './audit-log.ts';
import { awardsRepository, notificationRepository } from './awards-repository.ts';
import { competitionRepository } from './competition-repository.ts';
import { evaluationRepository } from './evaluation-repository.ts';
import { membershipRepository } from './membership-repository.ts';
import { pitchRepository } from './pitch-repository.ts';
import { submissionRepository } from './submission-repository.ts';

/** All DynamoDB-backed ports over one table. */
export function dynamoPorts(
  db: DynamoDBDocumentClient,
  table: string,
): Pick<Ports, 'competitions' | 'memberships' | 'submissions' | 'audit' | 'pitches' | 'evaluation' | 'awards' | 'notifications'> {
  return {
    competitions: competitionRepository(db, table),
    memberships: membershipRepository(db, table),
    submissions: submissionRepository(db, table),
    audit: auditLog(db, table, ulidGenerator),
    pitches: pitchRepository(db, table),
    evaluation: evaluationRepository(db, table),
    awards: awardsRepository(db, table),
    notifications: notificationRepository(db, table),
  };
}
