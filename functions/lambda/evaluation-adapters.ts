/**
 * The adapters of the evaluation area's ports (functions/lambda/area-ports.ts), which api-evaluation.ts
 * imports on the first call of one of them: a chunk of its own in the bundle, holding only these.
 */
export { DocumentClient } from '../adapters/dynamodb/client.ts';
export { cursorCodec } from '../adapters/dynamodb/cursor.ts';
export { competitionRepository } from '../adapters/dynamodb/competition-repository.ts';
export { membershipRepository } from '../adapters/dynamodb/membership-repository.ts';
export { submissionRepository } from '../adapters/dynamodb/submission-repository.ts';
export { auditLog } from '../adapters/dynamodb/audit-log.ts';
export { pitchRepository } from '../adapters/dynamodb/pitch-repository.ts';
export { evaluationRepository } from '../adapters/dynamodb/evaluation-repository.ts';
export { expoRepository } from '../adapters/dynamodb/expo-repository.ts';
export { awardsRepository } from '../adapters/dynamodb/awards-repository.ts';
export { resultsRepository } from '../adapters/dynamodb/results-repository.ts';
export { jobRepository } from '../adapters/dynamodb/job-repository.ts';
export { programmeRepository } from '../adapters/dynamodb/programme-repository.ts';
export { dashboardRepository } from '../adapters/dynamodb/dashboard-counters.ts';
export { mailStatusRepository } from '../adapters/dynamodb/reminder-repository.ts';
export { s3VideoStore } from '../adapters/s3/video-store.ts';
export { s3FileStore } from '../adapters/s3/file-store.ts';
export { sqsJobQueue } from '../adapters/queue/sqs-job-queue.ts';
