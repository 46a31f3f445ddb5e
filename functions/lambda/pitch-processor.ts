/**
 * Lambda entry for S3 ObjectCreated notifications on the pitch bucket, and (issue 14 §4) for
 * EventBridge's MediaConvert / Transcribe job state changes (infra/media-processing.ts), told
 * apart by their `source`. Configuration and clients are set up once per container. A failure is
 * thrown: Lambda retries the event, then hands it to the on-failure queue (infra/media.ts).
 */
import type { S3Event } from 'aws-lambda';
import { loadConfig } from '../adapters/config.ts';
import { createMediaJobEventHandler } from '../app/media-job-events.ts';
import { createPitchEventHandler } from '../app/pitch-events.ts';
import { buildDeps } from '../composition-all.ts';
import { isMediaJobEvent, type MediaJobEvent } from '../domain/media-jobs.ts';
import { instrumented } from './instrumented.ts';

const deps = buildDeps(loadConfig());
const s3Events = createPitchEventHandler(deps);
const mediaJobs = createMediaJobEventHandler(deps);

export const handler = instrumented(
  async (event: S3Event | MediaJobEvent, context: { awsRequestId?: string }) => (isMediaJobEvent(event) ? mediaJobs(event) : s3Events(event, context)),
  deps.metrics,
);
