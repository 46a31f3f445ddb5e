/**
 * MediaConvert and Transcribe where the deployment has them (issue 14 §4; the variables
 * infra/media-processing.ts sets), else the "not available" ports. Each SDK is imported on the
 * first job started. Passed into composeDeps (DepsOverrides.media) only by the functions that
 * finish media jobs — the pitch processor, the jobs function and the local platform
 * (composition-all.ts); the core API area takes only the transcriber (api-core.ts), and the other
 * API bundles carry none of it.
 */
import type { Config } from '../config.ts';
import { credentialsFromEnv } from '../aws-credentials.ts';
import type { Transcoder, Transcriber } from '../../use-cases/ports.ts';
import { onceAsync, transcriberFromConfig } from './transcriber-from-config.ts';
import { unavailableTranscoder } from './unavailable.ts';

export function mediaFromConfig(config: Config): { transcoder: Transcoder; transcriber: Transcriber } {
  const transcoder: Transcoder =
    config.MEDIACONVERT_ROLE_ARN && config.MEDIACONVERT_JOB_TEMPLATE
      ? lazyTranscoder({ region: config.AWS_REGION, bucket: config.BUCKET_NAME, roleArn: config.MEDIACONVERT_ROLE_ARN, jobTemplate: config.MEDIACONVERT_JOB_TEMPLATE, credentials: () => credentialsFromEnv() })
      : unavailableTranscoder();
  return { transcoder, transcriber: transcriberFromConfig(config) };
}

function lazyTranscoder(options: import('./mediaconvert-transcoder.ts').MediaConvertOptions): Transcoder {
  const made = onceAsync(async () => (await import('./mediaconvert-transcoder.ts')).mediaConvertTranscoder(options));
  return { available: true, start: async (input) => (await made()).start(input) };
}

