/**
 * Video pitches: what a competition allows, how an upload is split into parts, and whether an
 * uploaded video passes. The browser's claims (size, type) are only used to refuse early; the
 * verdict comes from the stored object itself (see use-cases/process-uploaded-pitch.ts).
 */
import { formatBytes, formatDuration } from '../shared/units.ts';
import type { AudioCodec, Codecs, ContainerFormat, VideoCodec } from './video-probe.ts';

export const PITCH_FORMATS = ['mp4', 'quicktime', 'webm'] as const satisfies readonly ContainerFormat[];
export type PitchFormat = (typeof PITCH_FORMATS)[number];

export const CONTENT_TYPES: Record<PitchFormat, string> = {
  mp4: 'video/mp4',
  quicktime: 'video/quicktime',
  webm: 'video/webm',
};

export const FORMAT_LABELS: Record<PitchFormat, string> = { mp4: 'MP4', quicktime: 'QuickTime (.mov)', webm: 'WebM' };

/**
 * What happens to a video that current browsers cannot all play (e.g. HEVC from an iPhone):
 * `reject` it with a sentence saying how to export one that plays (the default); accept it with
 * a `warn`ing; or `transcode` it to H.264/AAC where the deployment can (MediaConvert on AWS,
 * infra/transcoding.ts) — where it cannot, the video is rejected as with `reject`.
 */
export const UNPLAYABLE_POLICIES = ['reject', 'warn', 'transcode'] as const;
export type UnplayablePolicy = (typeof UNPLAYABLE_POLICIES)[number];

export interface PitchPolicy {
  required: boolean;
  maxDurationSeconds: number;
  maxSizeBytes: number;
  formats: PitchFormat[];
  /** Absent: `reject`. */
  unplayable?: UnplayablePolicy;
}

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;

export const DEFAULT_PITCH_POLICY: PitchPolicy = {
  required: false,
  maxDurationSeconds: 180,
  maxSizeBytes: GiB,
  formats: ['mp4', 'quicktime', 'webm'],
};

export const PITCH_LIMITS = {
  /** S3 allows 5 MiB–5 GiB parts and 10,000 parts; 8–16 MiB parts upload well in parallel. */
  minPartBytes: 8 * MiB,
  maxPartBytes: 16 * MiB,
  maxParts: 10_000,
  /** The largest pitch an organiser may allow. */
  maxSizeBytes: 5 * GiB,
  maxDurationSeconds: 3600,
} as const;

export function formatOfContentType(contentType: string): PitchFormat | undefined {
  const base = contentType.split(';')[0]!.trim().toLowerCase();
  return PITCH_FORMATS.find((f) => CONTENT_TYPES[f] === base);
}

/**
 * Part size and count for a file. 8 MiB parts below 128 MiB (several parts to send in parallel
 * even for short clips); 16 MiB above (half the requests for the same parallelism — measured
 * faster for large pitches); larger only if 10,000 parts would not be enough.
 */
export function planParts(sizeBytes: number): { partSize: number; partCount: number } {
  const preferred = sizeBytes < 128 * MiB ? PITCH_LIMITS.minPartBytes : PITCH_LIMITS.maxPartBytes;
  const needed = Math.ceil(Math.ceil(sizeBytes / PITCH_LIMITS.maxParts) / MiB) * MiB;
  const partSize = Math.max(preferred, needed);
  return { partSize, partCount: Math.max(1, Math.ceil(sizeBytes / partSize)) };
}

export type UploadRefusal = { field: 'size' | 'contentType'; message: string };

/** What the browser declares, checked before any upload starts. */
export function checkDeclaredUpload(policy: PitchPolicy, sizeBytes: number, contentType: string): UploadRefusal | undefined {
  const format = formatOfContentType(contentType);
  const allowed = policy.formats.map((f) => FORMAT_LABELS[f]).join(', ');
  if (!format || !policy.formats.includes(format))
    return { field: 'contentType', message: `This competition accepts ${allowed} videos, not ${contentType || 'this file type'}.` };
  if (sizeBytes > policy.maxSizeBytes)
    return {
      field: 'size',
      message: `The video is ${formatBytes(sizeBytes)}; this competition allows at most ${formatBytes(policy.maxSizeBytes)}.`,
    };
  return undefined;
}

export interface VideoFacts {
  sizeBytes: number;
  format: ContainerFormat;
  durationSeconds: number;
  /** What the probe read; absent only for callers that judge without codecs (nothing in production). */
  codecs?: Codecs;
}

export type Verdict =
  | { ok: true; warning?: { code: string; reason: string }; transcode?: true }
  | { ok: false; code: string; reason: string };

/**
 * Codecs that current Chrome, Edge, Firefox and Safari all play (caniuse, 2026): in MP4/QuickTime
 * H.264, VP9 and AV1 video with AAC, MP3 or Opus sound; in WebM VP8, VP9 and AV1 with Opus or
 * Vorbis. HEVC plays only where the system has a decoder (not in Firefox on most machines, nor
 * Chrome on many Linux and older Windows ones), so it is not on the list.
 */
const PLAYABLE: Record<'iso' | 'webm', { video: readonly VideoCodec[]; audio: readonly AudioCodec[] }> = {
  iso: { video: ['h264', 'vp9', 'av1'], audio: ['aac', 'mp3', 'opus'] },
  webm: { video: ['vp8', 'vp9', 'av1'], audio: ['opus', 'vorbis'] },
};

export const VIDEO_CODEC_LABELS: Record<VideoCodec, string> = {
  h264: 'H.264',
  hevc: 'HEVC (H.265)',
  av1: 'AV1',
  vp8: 'VP8',
  vp9: 'VP9',
  mpeg4: 'MPEG-4 Part 2',
  prores: 'Apple ProRes',
  mjpeg: 'Motion JPEG',
  theora: 'Theora',
  other: 'an unusual codec',
};

export const AUDIO_CODEC_LABELS: Record<AudioCodec, string> = {
  aac: 'AAC',
  mp3: 'MP3',
  opus: 'Opus',
  vorbis: 'Vorbis',
  flac: 'FLAC',
  ac3: 'Dolby Digital (AC-3)',
  eac3: 'Dolby Digital Plus (E-AC-3)',
  alac: 'Apple Lossless',
  pcm: 'uncompressed PCM',
  other: 'an unusual codec',
};

/** How to make a file that plays everywhere: said with every codec refusal. */
export const EXPORT_ADVICE =
  'Export it as MP4 with H.264 video and AAC sound and upload that: on an iPhone, set Settings → Camera → Formats → Most Compatible before recording (or AirDrop/share it with "Most Compatible" chosen in Options); in QuickTime Player choose File → Export As → 1080p and tick "Greater Compatibility"; in HandBrake use the preset "Fast 1080p30".';

/** The stable codes of a codec refusal (or warning). */
export type CodecProblemCode = 'CODEC_NOT_PLAYABLE' | 'CODEC_UNKNOWN';

/**
 * Whether current browsers can all play a video with these codecs in this container; when not,
 * a sentence for the team: what is wrong, and how to export one that plays.
 */
export function playability(format: ContainerFormat, codecs: Codecs): { ok: true } | { ok: false; code: CodecProblemCode; reason: string } {
  const playable = PLAYABLE[format === 'webm' ? 'webm' : 'iso'];
  const container = format === 'webm' ? 'a WebM/Matroska file' : format === 'mp4' ? 'an MP4 file' : 'a QuickTime (.mov) file';
  if (!codecs.video) {
    return { ok: false, code: 'CODEC_UNKNOWN', reason: `We could not tell how this video is encoded, so reviewers' browsers may not play it. ${EXPORT_ADVICE}` };
  }
  if (!playable.video.includes(codecs.video.codec)) {
    const label = codecs.video.codec === 'other' ? `an unusual codec ('${codecs.video.id}')` : VIDEO_CODEC_LABELS[codecs.video.codec];
    return {
      ok: false,
      code: 'CODEC_NOT_PLAYABLE',
      reason: `The picture is encoded with ${label} in ${container}, which many reviewers' browsers cannot play. ${EXPORT_ADVICE}`,
    };
  }
  if (codecs.audioUnread || (codecs.audio && !playable.audio.includes(codecs.audio.codec))) {
    const label = !codecs.audio ? 'a codec we could not read' : codecs.audio.codec === 'other' ? `an unusual codec ('${codecs.audio.id}')` : AUDIO_CODEC_LABELS[codecs.audio.codec];
    return {
      ok: false,
      code: 'CODEC_NOT_PLAYABLE',
      reason: `The sound is encoded with ${label} in ${container}, which browsers do not play (reviewers would see the picture in silence). ${EXPORT_ADVICE}`,
    };
  }
  return { ok: true };
}

/** The server's verdict on what actually arrived. */
export function judgeVideo(policy: PitchPolicy, facts: VideoFacts, declaredFormat: PitchFormat): Verdict {
  if (!policy.formats.includes(facts.format))
    return {
      ok: false,
      code: 'FORMAT_NOT_ALLOWED',
      reason: `The file is a ${FORMAT_LABELS[facts.format]} video; this competition accepts ${policy.formats.map((f) => FORMAT_LABELS[f]).join(', ')}.`,
    };
  if (facts.format !== declaredFormat && !(facts.format === 'quicktime' && declaredFormat === 'mp4') && !(facts.format === 'mp4' && declaredFormat === 'quicktime'))
    return {
      ok: false,
      code: 'FORMAT_MISMATCH',
      reason: `The file was sent as ${FORMAT_LABELS[declaredFormat]} but is a ${FORMAT_LABELS[facts.format]} video.`,
    };
  if (facts.sizeBytes > policy.maxSizeBytes)
    return {
      ok: false,
      code: 'TOO_LARGE',
      reason: `The video is ${formatBytes(facts.sizeBytes)}; this competition allows at most ${formatBytes(policy.maxSizeBytes)}.`,
    };
  if (facts.durationSeconds > policy.maxDurationSeconds)
    return {
      ok: false,
      code: 'TOO_LONG',
      reason: `The video is ${formatDuration(facts.durationSeconds)}; this competition allows ${formatDuration(policy.maxDurationSeconds)}.`,
    };
  if (!(facts.durationSeconds > 0)) return { ok: false, code: 'EMPTY', reason: 'The video has no length.' };
  if (facts.codecs) {
    const play = playability(facts.format, facts.codecs);
    if (!play.ok) {
      const unplayable = policy.unplayable ?? 'reject';
      if (unplayable === 'warn') return { ok: true, warning: { code: play.code, reason: play.reason } };
      if (unplayable === 'transcode') return { ok: true, warning: { code: play.code, reason: play.reason }, transcode: true };
      return play;
    }
  }
  return { ok: true };
}

/** Reasons a person understands for what the probe found. */
export const PROBE_REASONS: Record<string, string> = {
  'not-a-video': 'This file is not a video. Export your pitch as MP4, QuickTime or WebM and upload it again.',
  'unsupported-format': 'This video format is not supported. Export your pitch as MP4, QuickTime or WebM.',
  truncated: 'The video file is incomplete — the upload may have been cut off. Upload it again.',
  'no-duration':
    'The video does not state its length (common for recordings straight from a browser). Re-export it, e.g. as MP4, and upload it again.',
};

/** `transcoding`: verified, but being converted to H.264/AAC before it becomes the pitch (use-cases/media-jobs.ts). */
export type PitchState = 'uploading' | 'verifying' | 'transcoding' | 'ready' | 'rejected' | 'aborted';

/** One upload of a pitch video, from the first part to its verdict. */
export interface Pitch {
  id: string;
  competitionId: string;
  submissionId: string;
  ownerSub: string;
  objectKey: string;
  uploadId: string;
  fileName: string;
  contentType: string;
  declaredFormat: PitchFormat;
  declaredSize: number;
  partSize: number;
  partCount: number;
  /** ETags the browser reported, by part number (S3's ListParts is not relied on). */
  parts: Record<string, string>;
  state: PitchState;
  rejectionCode?: string;
  reason?: string;
  sizeBytes?: number;
  format?: ContainerFormat;
  durationSeconds?: number;
  width?: number;
  height?: number;
  codecs?: Codecs;
  /** A ready pitch that browsers may not all play (the organiser allowed it): the sentence shown. */
  warning?: string;
  /** The MediaConvert job converting it (state `transcoding`). */
  transcodeJobId?: string;
  createdAt: string;
  updatedAt: string;
}

/** The per-submission record that holds the invariants: one active upload, one current pitch. */
export interface PitchSlot {
  activeUploadId?: string;
  current?: ReadyPitch;
  /** The most recent upload that ended (ready, rejected or aborted), to show its outcome. */
  last?: { pitchId: string; state: PitchState; reason?: string; fileName: string; at: string };
}

export interface ReadyPitch {
  pitchId: string;
  objectKey: string;
  fileName: string;
  sizeBytes: number;
  format: ContainerFormat;
  durationSeconds: number;
  width?: number;
  height?: number;
  codecs?: Codecs;
  /** Shown with the pitch when the organiser accepts videos that not every browser plays. */
  warning?: string;
  /** Set when the video shown is the H.264/AAC conversion of what the team uploaded. */
  transcoded?: true;
  readyAt: string;
}

export function missingParts(p: Pick<Pitch, 'partCount' | 'parts'>): number[] {
  const missing: number[] = [];
  for (let n = 1; n <= p.partCount; n++) if (!p.parts[String(n)]) missing.push(n);
  return missing;
}

/** Where a pitch video lives in the bucket; the processor reads the ids back from the key. */
export function pitchObjectKey(competitionId: string, submissionId: string, pitchId: string): string {
  return `pitches/${competitionId}/${submissionId}/${pitchId}`;
}

export function parsePitchObjectKey(key: string): { competitionId: string; submissionId: string; pitchId: string } | undefined {
  const m = /^pitches\/([A-Za-z0-9_-]+)\/([A-Za-z0-9_-]+)\/([A-Za-z0-9_-]+)$/.exec(key);
  return m ? { competitionId: m[1]!, submissionId: m[2]!, pitchId: m[3]! } : undefined;
}
