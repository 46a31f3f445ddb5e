/**
 * Caption tracks of a pitch (issue 14 §4): at most one WebVTT file per language per submission,
 * uploaded by the team (WebVTT, or SRT converted on the server: caption-convert.ts) or made by
 * automatic captioning where the organiser enables it. They belong to the submission, so a new
 * take of the video keeps them (the team replaces them if the words changed).
 */

export const CAPTION_LIMITS = {
  /** Largest caption file accepted (an hour of dense subtitles is ~100 KB). */
  maxBytes: 512 * 1024,
  /** Languages per submission. */
  maxTracks: 8,
  maxLabelChars: 60,
  /** Presigned PUT lifetime. */
  uploadUrlSeconds: 900,
} as const;

/** A BCP 47 language tag, simply checked: `en`, `fr`, `de-CH`, `pt-BR`, `zh-Hant`. */
export const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$/;

export type CaptionOrigin = 'uploaded' | 'automatic';

export interface Caption {
  competitionId: string;
  submissionId: string;
  /** BCP 47 tag; one track per language. */
  language: string;
  /** What the player's menu shows, e.g. "English". */
  label: string;
  /** The team's file name (never shown to reviewers: it may name the team). */
  fileName: string;
  source: 'vtt' | 'srt';
  origin: CaptionOrigin;
  /** The converted WebVTT object in the pitch bucket. */
  objectKey: string;
  cues: number;
  sizeBytes: number;
  updatedAt: string;
  updatedBy: string;
}

/** Where the browser PUTs the raw file; the server reads it, checks it and writes the WebVTT. */
export function captionUploadKey(competitionId: string, submissionId: string, uploadId: string): string {
  return `caption-uploads/${competitionId}/${submissionId}/${uploadId}`;
}

export function captionObjectKey(competitionId: string, submissionId: string, language: string, uploadId: string): string {
  return `captions/${competitionId}/${submissionId}/${language}-${uploadId}.vtt`;
}

/** The name a reviewer sees: the language only (a blind round must not learn the team's file name or label). */
export function neutralCaptionName(language: string): string {
  return `captions-${language}.vtt`;
}

/** A default label from the language tag, in English ("fr" → "French"). */
export function languageLabel(language: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}

/**
 * Automatic captions asked for one submission's pitch and not finished yet: while one is in flight
 * (younger than AUTO_CAPTIONS_STALE_HOURS), pressing "caption automatically" again starts no second
 * Transcribe job for it.
 */
export interface CaptionRequest {
  competitionId: string;
  submissionId: string;
  pitchId: string;
  jobName: string;
  language: string;
  requestedAt: string;
}

/** After this long a request whose end was never heard of (a lost event) no longer holds a new one back. */
export const AUTO_CAPTIONS_STALE_HOURS = 6;
