/**
 * What is wrong with a pitch video, as facts: the server stores them beside its English sentence
 * (domain/pitch.ts `pitchProblemSentence`), and the web app says them in the team's language
 * (web/src/pitch-problems.ts, catalogue keys `pitchProblem.*`). The names of formats and codecs
 * are the same in every language. Pure code with no imports: the web imports this file.
 */
export const PITCH_PROBLEM_CODES = [
  'NOT_A_VIDEO',
  'UNSUPPORTED_FORMAT',
  'TRUNCATED',
  'NO_DURATION',
  'EMPTY',
  'FORMAT_NOT_ALLOWED',
  'FORMAT_MISMATCH',
  'TOO_LARGE',
  'TOO_LONG',
  'CODEC_UNKNOWN',
  'CODEC_NOT_PLAYABLE',
  'TRANSCODE_FAILED',
] as const;
export type PitchProblemCode = (typeof PITCH_PROBLEM_CODES)[number];

/** One problem; which facts are set depends on `code` (the comments say which). */
export interface PitchProblem {
  code: PitchProblemCode;
  /** FORMAT_NOT_ALLOWED, FORMAT_MISMATCH: the container the file is; CODEC_NOT_PLAYABLE: the container the codec is in. */
  format?: string;
  /** FORMAT_NOT_ALLOWED: the formats the competition accepts. */
  allowed?: string[];
  /** FORMAT_MISMATCH: the format the file was sent as. */
  declared?: string;
  /** TOO_LARGE. */
  sizeBytes?: number;
  maxSizeBytes?: number;
  /** TOO_LONG. */
  durationSeconds?: number;
  maxDurationSeconds?: number;
  /** CODEC_NOT_PLAYABLE: which track, its codec (`unread`: an audio track whose codec could not be read) and the file's identifier for an unusual one. */
  track?: 'video' | 'audio';
  codec?: string;
  codecId?: string;
  /** TRANSCODE_FAILED: what the converter reported (technical, as it said it). */
  detail?: string;
  /** Set when the organiser asked for conversion but this deployment cannot convert: why (a sentence of the deployment's). */
  notConverted?: string;
}

export const PITCH_FORMAT_LABELS: Record<string, string> = { mp4: 'MP4', quicktime: 'QuickTime (.mov)', webm: 'WebM' };

/** Codec names; those that are words, not names (`other`, `pcm`, `unread`), each page and sentence says in its own language. */
export const VIDEO_CODEC_NAMES: Record<string, string> = {
  h264: 'H.264',
  hevc: 'HEVC (H.265)',
  av1: 'AV1',
  vp8: 'VP8',
  vp9: 'VP9',
  mpeg4: 'MPEG-4 Part 2',
  prores: 'Apple ProRes',
  mjpeg: 'Motion JPEG',
  theora: 'Theora',
};
export const AUDIO_CODEC_NAMES: Record<string, string> = {
  aac: 'AAC',
  mp3: 'MP3',
  opus: 'Opus',
  vorbis: 'Vorbis',
  flac: 'FLAC',
  ac3: 'Dolby Digital (AC-3)',
  eac3: 'Dolby Digital Plus (E-AC-3)',
  alac: 'Apple Lossless',
};
