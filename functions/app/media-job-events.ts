/**
 * Issue 14 §4: EventBridge's "MediaConvert Job State Change" and "Transcribe Job State Change"
 * events → the pitch they belong to (use-cases/media-jobs.ts). On AWS the rules of
 * infra/media-processing.ts deliver them to the pitch processor (functions/lambda/pitch-processor.ts,
 * which tells them from S3 notifications by their `source`); the API tests feed this handler the
 * events AWS documents. A failure is thrown, so Lambda retries the event.
 */
import { log } from '../adapters/logger.ts';
import type { MediaJobEvent } from '../domain/media-jobs.ts';
import { finishTranscode, finishTranscription, type CaptionOutcome, type TranscodeOutcome } from '../use-cases/media-jobs.ts';
import type { AppDeps } from './deps.ts';

export function createMediaJobEventHandler(deps: Pick<AppDeps, 'competitions' | 'pitches' | 'videos' | 'audit' | 'clock' | 'metrics' | 'dashboard' | 'transcriber'>) {
  return async (event: MediaJobEvent): Promise<TranscodeOutcome | CaptionOutcome> => {
    try {
      if (event.source === 'aws.mediaconvert') {
        const outcome = await finishTranscode(deps, event);
        log.info('conversion finished', { jobId: event.detail.jobId, status: event.detail.status, outcome, ...event.detail.userMetadata });
        return outcome;
      }
      const outcome = await finishTranscription(deps, event);
      const level = outcome === 'failed' ? 'warn' : 'info';
      log[level]('transcription finished', { job: event.detail.TranscriptionJobName, status: event.detail.TranscriptionJobStatus, failure: event.detail.FailureReason, outcome });
      return outcome;
    } catch (err) {
      log.error('media job event failed', { source: event.source }, err);
      throw err;
    }
  };
}
