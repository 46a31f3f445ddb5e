/**
 * S3 object notifications → the pitch processor. On AWS the bucket notifies a Lambda
 * (functions/lambda/pitch-processor.ts); locally s3rver's events are adapted to the same shape
 * (functions/local/s3-events.ts) and passed to this very handler.
 */
import type { S3Event } from 'aws-lambda';
import { processUploadedPitch, type ProcessOutcome } from '../use-cases/process-uploaded-pitch.ts';
import type { AppDeps } from './deps.ts';

export function createPitchEventHandler(deps: Pick<AppDeps, 'competitions' | 'pitches' | 'videos' | 'audit' | 'clock'>) {
  return async (event: S3Event): Promise<ProcessOutcome[]> => {
    const outcomes: ProcessOutcome[] = [];
    for (const record of event.Records ?? []) {
      if (!record.eventName?.startsWith('ObjectCreated:')) continue;
      // S3 URL-encodes keys in notifications, with '+' for spaces.
      const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
      const outcome = await processUploadedPitch(deps, key);
      console.log(JSON.stringify({ level: 'info', message: 'pitch processed', key, outcome }));
      outcomes.push(outcome);
    }
    return outcomes;
  };
}
