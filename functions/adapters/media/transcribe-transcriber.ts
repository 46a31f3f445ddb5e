/**
 * Automatic captions with Amazon Transcribe (issue 14 §4), where the deployment has the optional
 * construct (infra/media-processing.ts sets TRANSCRIBE_OUTPUT_PREFIX). One StartTranscriptionJob
 * per pitch: the media is the pitch in the bucket, the output goes to the same bucket under
 * captions-auto/ (OutputKey ends in `/`, so Transcribe writes `<job name>.json` and, for
 * `Subtitles.Formats: ['vtt']`, `<job name>.vtt`). Transcribe reads and writes with the caller's
 * permissions. The "Transcribe Job State Change" event reports the end (app/media-job-events.ts).
 * The SDK client is made on the first call; `endpoint` only for a stand-in (the unit tests).
 */
import { GetTranscriptionJobCommand, StartTranscriptionJobCommand, TranscribeClient, type LanguageCode } from '@aws-sdk/client-transcribe';
import type { AwsCredentials } from '../aws-credentials.ts';
import type { Transcriber } from '../../use-cases/ports.ts';

export interface TranscribeOptions {
  region: string;
  bucket: string;
  credentials: () => AwsCredentials | Promise<AwsCredentials>;
  endpoint?: string;
}

/** Transcribe's language codes name a region; a plain tag is taken as its main one. */
const DEFAULT_REGION_OF: Record<string, LanguageCode> = {
  en: 'en-GB', fr: 'fr-FR', de: 'de-DE', es: 'es-ES', it: 'it-IT', nl: 'nl-NL', pt: 'pt-PT', pl: 'pl-PL', sv: 'sv-SE',
  da: 'da-DK', fi: 'fi-FI', cs: 'cs-CZ', sk: 'sk-SK', ro: 'ro-RO', el: 'el-GR', hu: 'hu-HU', bg: 'bg-BG', hr: 'hr-HR',
  sl: 'sl-SI', lv: 'lv-LV', lt: 'lt-LT', et: 'et-ET', ga: 'ga-IE', mt: 'mt-MT', no: 'no-NO',
} as Record<string, LanguageCode>;

/** Languages Transcribe chooses among when it identifies one (the EU's most spoken, ≤ 5 are recommended). */
export const IDENTIFIED_AMONG: LanguageCode[] = ['en-GB', 'fr-FR', 'de-DE', 'es-ES', 'it-IT'] as LanguageCode[];

export function transcribeLanguageCode(tag: string): LanguageCode {
  if (tag.includes('-')) return tag as LanguageCode;
  return DEFAULT_REGION_OF[tag.toLowerCase()] ?? (tag as LanguageCode);
}

export function transcribeTranscriber(options: TranscribeOptions): Transcriber {
  let client: TranscribeClient | undefined;
  const transcribe = () =>
    (client ??= new TranscribeClient({ region: options.region, credentials: async () => options.credentials(), ...(options.endpoint ? { endpoint: options.endpoint } : {}) }));
  return {
    available: true,
    async start({ jobName, sourceKey, outputFolder, language }) {
      await transcribe().send(
        new StartTranscriptionJobCommand({
          TranscriptionJobName: jobName,
          Media: { MediaFileUri: `s3://${options.bucket}/${sourceKey}` },
          OutputBucketName: options.bucket,
          OutputKey: outputFolder.endsWith('/') ? outputFolder : `${outputFolder}/`,
          Subtitles: { Formats: ['vtt'], OutputStartIndex: 1 },
          ...(language ? { LanguageCode: transcribeLanguageCode(language) } : { IdentifyLanguage: true, LanguageOptions: IDENTIFIED_AMONG }),
        }),
      );
      return jobName;
    },
    async languageOf(jobName) {
      const out = await transcribe().send(new GetTranscriptionJobCommand({ TranscriptionJobName: jobName }));
      return out.TranscriptionJob?.LanguageCode;
    },
  };
}
