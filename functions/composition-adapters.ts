/**
 * The adapters behind the ports that talk to AWS (DynamoDB, S3, SES, SQS), in one module that
 * functions/composition.ts imports on the first call of any of those ports — so that in the Lambda
 * bundles they are one chunk, read and compiled when a request first needs one of them, and never
 * by a cold start that needs none. One chunk rather than one per adapter: each file a cold request
 * loads costs ≈ 1 ms in Node's module loader here (bench/lambda.ts), more than compiling the
 * adapters it would spare.
 */
export { DocumentClient } from './adapters/dynamodb/client.ts';
export { cursorCodec } from './adapters/dynamodb/cursor.ts';
export { accountRepository } from './adapters/dynamodb/account-repository.ts';
export { auditLog } from './adapters/dynamodb/audit-log.ts';
export { audienceVoteRepository } from './adapters/dynamodb/audience-vote-repository.ts';
export { awardsRepository } from './adapters/dynamodb/awards-repository.ts';
export { notificationRepository, outboxMailer } from './adapters/dynamodb/notification-repository.ts';
export { competitionRepository } from './adapters/dynamodb/competition-repository.ts';
export { evaluationRepository } from './adapters/dynamodb/evaluation-repository.ts';
export { expoRepository } from './adapters/dynamodb/expo-repository.ts';
export { jobRepository } from './adapters/dynamodb/job-repository.ts';
export { membershipRepository } from './adapters/dynamodb/membership-repository.ts';
export { programmeRepository } from './adapters/dynamodb/programme-repository.ts';
export { programmeLedgerRepository } from './adapters/dynamodb/programme-ledger.ts';
export { dashboardRepository } from './adapters/dynamodb/dashboard-counters.ts';
export { personalDataStore } from './adapters/dynamodb/personal-data-store.ts';
export { pitchRepository } from './adapters/dynamodb/pitch-repository.ts';
export { resultsRepository } from './adapters/dynamodb/results-repository.ts';
export { submissionRepository } from './adapters/dynamodb/submission-repository.ts';
export { teamRepository } from './adapters/dynamodb/team-repository.ts';
export { templateRepository } from './adapters/dynamodb/template-repository.ts';
export { sesMailer } from './adapters/mail/ses-mailer.ts';
// H6: reminder settings and mail status; the suppression wrapper and the local mailbox simulator.
export { mailStatusRepository, reminderRepository } from './adapters/dynamodb/reminder-repository.ts';
export { withMailboxSimulator } from './adapters/mail/mailbox-simulator.ts';
export { mailEventsOf, recordMailEvents, suppressingMailer } from './use-cases/mail-events.ts';
export { s3FileStore } from './adapters/s3/file-store.ts';
export { s3VideoStore } from './adapters/s3/video-store.ts';
export { sqsJobQueue } from './adapters/queue/sqs-job-queue.ts';
