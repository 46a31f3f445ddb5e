/**
 * S3 object notifications → the pitch processor. On AWS the bucket notifies a Lambda
 * (functions/lambda/pitch-processor.ts); locally s3rver's events are adapted to the same shape
 * (functions/local/s3-events.ts) and passed to this very handler.
 */
import type { S3Event } from 'aws-lambda';
import { log } from '../adapters/logger.ts';
import { parsePitchObjectKey } from '../domain/pitch.ts';
import { processUploadedPitch, type ProcessOutcome } from '../use-cases/process-uploaded-pitch.ts';
import type { AppDeps } from './deps.ts';
import { ANSWER_FILE_PREFIX } from '../domain/answer-file.ts';
import { processUploadedAnswerFile } from '../use-cases/answer-files.ts';

export function createPitchEventHandler(deps: Pick<AppDeps, 'competitions' | 'pitches' | 'videos' | 'audit' | 'clock' | 'metrics' | 'dashboard'>) {
  /** `context` is Lambda's (its request id names the invocation); locally there is none. */
  return async (event: S3Event, context?: { awsRequestId?: string }): Promise<ProcessOutcome[]> => {
    const requestId = context?.awsRequestId || crypto.randomUUID();
    const outcomes: ProcessOutcome[] = [];
    for (const record of event.Records ?? []) {
      if (!record.eventName?.startsWith('ObjectCreated:')) continue;
      // S3 URL-encodes keys in notifications, with '+' for spaces.
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      // S3's id of the request that stored the object (the upload's completion) correlates the two.
      const recordLog = log.child({ requestId, correlationId: record.responseElements?.['x-amz-request-id'] || requestId, ...parsePitchObjectKey(key) });
      try {
        if (key.startsWith(ANSWER_FILE_PREFIX)) {
          // Issue 14 §3: answer files share the bucket and its notification. The malware scan is
          // GuardDuty's where the deployment has it (MALWARE_SCAN=guardduty), else the local stand-in's.
          const outcome = await processUploadedAnswerFile(deps, key, process.env.MALWARE_SCAN === 'guardduty' ? 'guardduty' : 'local-stand-in');
          recordLog.info('answer file processed', { outcome });
          outcomes.push(outcome === 'ignored' ? 'ignored' : outcome === 'rejected' || outcome === 'infected' ? 'rejected' : 'ready');
          continue;
        }
        const outcome = await processUploadedPitch(deps, key);
        recordLog.info('pitch processed', { outcome });
        outcomes.push(outcome);
      } catch (err) {
        // Thrown on: Lambda retries the event, then sends it to the on-failure queue (infra/media.ts).
        recordLog.error('pitch processing failed', {}, err);
        throw err;
      }
    }
    return outcomes;
  };
}
