/**
 * Automatic captions with Amazon Transcribe where the deployment has them (issue 14 §4:
 * TRANSCRIBE_OUTPUT_PREFIX, set by infra/media-processing.ts), else the "not available" port; the
 * SDK is imported on the first job. Its own module so that the core API area, which starts
 * transcriptions but never transcodes, carries no MediaConvert code (api-core.ts).
 */
import type { Config } from '../config.ts';
import { credentialsFromEnv } from '../aws-credentials.ts';
import type { Transcriber } from '../../use-cases/ports.ts';
import { unavailableTranscriber } from './unavailable.ts';

export function transcriberFromConfig(config: Config): Transcriber {
  return config.TRANSCRIBE_OUTPUT_PREFIX
    ? lazyTranscriber({ region: config.AWS_REGION, bucket: config.BUCKET_NAME, credentials: () => credentialsFromEnv() })
    : unavailableTranscriber();
}

function lazyTranscriber(options: import('./transcribe-transcriber.ts').TranscribeOptions): Transcriber {
  const made = onceAsync(async () => (await import('./transcribe-transcriber.ts')).transcribeTranscriber(options));
  return { available: true, start: async (input) => (await made()).start(input), languageOf: async (jobName) => (await made()).languageOf(jobName) };
}

/** The adapter made once (a failed import is tried again on the next job). */
export function onceAsync<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () =>
    (made ??= make().catch((error: unknown) => {
      made = undefined;
      throw error;
    }));
}
