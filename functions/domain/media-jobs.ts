/**
 * Jobs that AWS media services run for a pitch (issue 14 §4) and the names that tie their events
 * back to it. MediaConvert carries our ids in the job's `userMetadata`; Transcribe's event names
 * the job only, so the job's name carries them: `podium-<competition>.<submission>.<pitch>.<language|auto>.<nonce>`
 * (ids are `[A-Za-z0-9_-]`, so `.` separates them; Transcribe allows `[0-9a-zA-Z._-]`, ≤ 200).
 */

/** Where Transcribe writes its output (JSON and WebVTT), per submission. */
export const AUTO_CAPTIONS_PREFIX = 'captions-auto/';

export interface TranscriptionJobRef {
  competitionId: string;
  submissionId: string;
  pitchId: string;
  /** A BCP 47 tag the organiser gave, or `auto` (Transcribe identifies it). */
  language: string;
  nonce: string;
}

const ID = /^[A-Za-z0-9_-]{1,40}$/;
const LANGUAGE = /^(?:auto|[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2})$/;

export function transcriptionJobName(ref: TranscriptionJobRef): string {
  return `podium-${ref.competitionId}.${ref.submissionId}.${ref.pitchId}.${ref.language}.${ref.nonce}`;
}

export function parseTranscriptionJobName(name: string): TranscriptionJobRef | undefined {
  if (!name.startsWith('podium-') || name.length > 200) return undefined;
  const parts = name.slice('podium-'.length).split('.');
  if (parts.length !== 5) return undefined;
  const [competitionId, submissionId, pitchId, language, nonce] = parts as [string, string, string, string, string];
  if (![competitionId, submissionId, pitchId, nonce].every((p) => ID.test(p)) || !LANGUAGE.test(language)) return undefined;
  return { competitionId, submissionId, pitchId, language, nonce };
}

/** The folder Transcribe writes a submission's output to (OutputKey ends in `/`: it adds `<job name>.json` / `.vtt`). */
export function autoCaptionsFolder(competitionId: string, submissionId: string): string {
  return `${AUTO_CAPTIONS_PREFIX}${competitionId}/${submissionId}/`;
}

/** Transcribe's WebVTT for a job, as it names it. */
export function autoCaptionsVttKey(ref: TranscriptionJobRef): string {
  return `${autoCaptionsFolder(ref.competitionId, ref.submissionId)}${transcriptionJobName(ref)}.vtt`;
}

/** Transcribe's transcript JSON for a job (deleted once the WebVTT is stored). */
export function autoCaptionsJsonKey(ref: TranscriptionJobRef): string {
  return `${autoCaptionsFolder(ref.competitionId, ref.submissionId)}${transcriptionJobName(ref)}.json`;
}

/** The `userMetadata` a MediaConvert job carries (strings, as MediaConvert requires). */
export interface TranscodeJobMetadata {
  podiumCompetitionId: string;
  podiumPitchId: string;
}

/** What EventBridge delivers for MediaConvert (the documented "MediaConvert Job State Change" shape, the fields read). */
export interface MediaConvertJobStateChange {
  source: 'aws.mediaconvert';
  'detail-type': 'MediaConvert Job State Change';
  detail: {
    status: string;
    jobId: string;
    queue?: string;
    userMetadata?: Partial<Record<string, string>>;
    errorCode?: number;
    errorMessage?: string;
    outputGroupDetails?: { outputDetails?: { outputFilePaths?: string[]; durationInMs?: number }[] }[];
  };
}

/** What EventBridge delivers for Transcribe ("Transcribe Job State Change"). */
export interface TranscribeJobStateChange {
  source: 'aws.transcribe';
  'detail-type': 'Transcribe Job State Change';
  detail: { TranscriptionJobName: string; TranscriptionJobStatus: string; FailureReason?: string };
}

export type MediaJobEvent = MediaConvertJobStateChange | TranscribeJobStateChange;

export function isMediaJobEvent(event: unknown): event is MediaJobEvent {
  const source = (event as { source?: unknown } | null)?.source;
  return source === 'aws.mediaconvert' || source === 'aws.transcribe';
}
