/**
 * Video pitches: what a competition allows, how an upload is split into parts, and whether an
 * uploaded video passes. The browser's claims (size, type) are only used to refuse early; the
 * verdict comes from the stored object itself (see use-cases/process-uploaded-pitch.ts).
 */
import { formatBytes, formatDuration } from '../shared/units.ts';
import type { AudioCodec, Codecs, ContainerFormat, ProbeFailureReason, VideoCodec } from './video-probe.ts';
import { AUDIO_CODEC_NAMES, PITCH_FORMAT_LABELS, VIDEO_CODEC_NAMES, type PitchProblem, type PitchProblemCode } from '../shared/pitch-problems.ts';

export const PITCH_FORMATS = ['mp4', 'quicktime', 'webm'] as const satisfies readonly ContainerFormat[];
export type PitchFormat = (typeof PITCH_FORMATS)[number];

export const CONTENT_TYPES: Record<PitchFormat, string> = {
  mp4: 'video/mp4',
  quicktime: 'video/quicktime',
  webm: 'video/webm',
};

export const FORMAT_LABELS = PITCH_FORMAT_LABELS as Record<PitchFormat, string>;

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

/** A refusal (or, where the organiser accepts such videos, a warning): its code, the facts, the English sentence. */
export interface PitchVerdictProblem {
  code: PitchProblemCode;
  reason: string;
  problem: PitchProblem;
}

export type Verdict = { ok: true; warning?: PitchVerdictProblem; transcode?: true } | ({ ok: false } & PitchVerdictProblem);

/** A problem with its English sentence (stored as `reason`; the web words `problem` itself). */
export function withSentence(problem: PitchProblem): PitchVerdictProblem {
  return { code: problem.code, reason: pitchProblemSentence(problem), problem };
}

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

/** How to make a file that plays everywhere: said with every codec refusal. */
export const EXPORT_ADVICE =
  'Export it as MP4 with H.264 video and AAC sound and upload that: on an iPhone, set Settings → Camera → Formats → Most Compatible before recording (or AirDrop/share it with "Most Compatible" chosen in Options); in QuickTime Player choose File → Export As → 1080p and tick "Greater Compatibility"; in HandBrake use the preset "Fast 1080p30".';

/** The stable codes of a codec refusal (or warning). */
export type CodecProblemCode = 'CODEC_NOT_PLAYABLE' | 'CODEC_UNKNOWN';

/**
 * Whether current browsers can all play a video with these codecs in this container; when not,
 * what is wrong (the sentence also says how to export one that plays).
 */
export function playability(format: ContainerFormat, codecs: Codecs): { ok: true } | ({ ok: false } & PitchVerdictProblem) {
  const playable = PLAYABLE[format === 'webm' ? 'webm' : 'iso'];
  if (!codecs.video) return { ok: false, ...withSentence({ code: 'CODEC_UNKNOWN' }) };
  if (!playable.video.includes(codecs.video.codec)) {
    const { codec, id } = codecs.video;
    return { ok: false, ...withSentence({ code: 'CODEC_NOT_PLAYABLE', track: 'video', codec, ...(codec === 'other' ? { codecId: id } : {}), format }) };
  }
  if (codecs.audioUnread || (codecs.audio && !playable.audio.includes(codecs.audio.codec))) {
    const codec = codecs.audio?.codec ?? 'unread';
    return { ok: false, ...withSentence({ code: 'CODEC_NOT_PLAYABLE', track: 'audio', codec, ...(codec === 'other' ? { codecId: codecs.audio!.id } : {}), format }) };
  }
  return { ok: true };
}

/** The server's verdict on what actually arrived. */
export function judgeVideo(policy: PitchPolicy, facts: VideoFacts, declaredFormat: PitchFormat): Verdict {
  const refuse = (problem: PitchProblem): Verdict => ({ ok: false, ...withSentence(problem) });
  if (!policy.formats.includes(facts.format)) return refuse({ code: 'FORMAT_NOT_ALLOWED', format: facts.format, allowed: [...policy.formats] });
  if (facts.format !== declaredFormat && !(facts.format === 'quicktime' && declaredFormat === 'mp4') && !(facts.format === 'mp4' && declaredFormat === 'quicktime'))
    return refuse({ code: 'FORMAT_MISMATCH', declared: declaredFormat, format: facts.format });
  if (facts.sizeBytes > policy.maxSizeBytes) return refuse({ code: 'TOO_LARGE', sizeBytes: facts.sizeBytes, maxSizeBytes: policy.maxSizeBytes });
  if (facts.durationSeconds > policy.maxDurationSeconds)
    return refuse({ code: 'TOO_LONG', durationSeconds: facts.durationSeconds, maxDurationSeconds: policy.maxDurationSeconds });
  if (!(facts.durationSeconds > 0)) return refuse({ code: 'EMPTY' });
  if (facts.codecs) {
    const play = playability(facts.format, facts.codecs);
    if (!play.ok) {
      const { ok: _, ...problem } = play;
      const unplayable = policy.unplayable ?? 'reject';
      if (unplayable === 'warn') return { ok: true, warning: problem };
      if (unplayable === 'transcode') return { ok: true, warning: problem, transcode: true };
      return play;
    }
  }
  return { ok: true };
}

/** What the probe found wrong with the file, as a problem. */
export function probeProblem(reason: ProbeFailureReason): PitchProblem {
  const codes: Record<ProbeFailureReason, PitchProblemCode> = { 'not-a-video': 'NOT_A_VIDEO', 'unsupported-format': 'UNSUPPORTED_FORMAT', truncated: 'TRUNCATED', 'no-duration': 'NO_DURATION' };
  return { code: codes[reason] };
}

const formatLabel = (f: string | undefined) => PITCH_FORMAT_LABELS[f ?? ''] ?? String(f);
const CONTAINER: Record<string, string> = { webm: 'a WebM/Matroska file', mp4: 'an MP4 file', quicktime: 'a QuickTime (.mov) file' };

function codecName(p: PitchProblem): string {
  if (p.codec === 'other') return `an unusual codec ('${p.codecId}')`;
  if (p.codec === 'unread') return 'a codec we could not read';
  if (p.codec === 'pcm') return 'uncompressed PCM';
  return (p.track === 'audio' ? AUDIO_CODEC_NAMES : VIDEO_CODEC_NAMES)[p.codec ?? ''] ?? String(p.codec);
}

/** A problem in English, as the server stores it (`reason`), logs and audits it. */
export function pitchProblemSentence(p: PitchProblem): string {
  const sentence = ((): string => {
    switch (p.code) {
      case 'NOT_A_VIDEO':
        return 'This file is not a video. Export your pitch as MP4, QuickTime or WebM and upload it again.';
      case 'UNSUPPORTED_FORMAT':
        return 'This video format is not supported. Export your pitch as MP4, QuickTime or WebM.';
      case 'TRUNCATED':
        return 'The video file is incomplete — the upload may have been cut off. Upload it again.';
      case 'NO_DURATION':
        return 'The video does not state its length (common for recordings straight from a browser). Re-export it, e.g. as MP4, and upload it again.';
      case 'EMPTY':
        return 'The video has no length.';
      case 'FORMAT_NOT_ALLOWED':
        return `The file is a ${formatLabel(p.format)} video; this competition accepts ${new Intl.ListFormat('en').format((p.allowed ?? []).map(formatLabel))}.`;
      case 'FORMAT_MISMATCH':
        return `The file was sent as ${formatLabel(p.declared)} but is a ${formatLabel(p.format)} video.`;
      case 'TOO_LARGE':
        return `The video is ${formatBytes(p.sizeBytes!)}; this competition allows at most ${formatBytes(p.maxSizeBytes!)}.`;
      case 'TOO_LONG':
        return `The video is ${formatDuration(p.durationSeconds!)}; this competition allows ${formatDuration(p.maxDurationSeconds!)}.`;
      case 'CODEC_UNKNOWN':
        return `We could not tell how this video is encoded, so reviewers' browsers may not play it. ${EXPORT_ADVICE}`;
      case 'CODEC_NOT_PLAYABLE':
        return p.track === 'audio'
          ? `The sound is encoded with ${codecName(p)} in ${CONTAINER[p.format ?? ''] ?? p.format}, which browsers do not play (reviewers would see the picture in silence). ${EXPORT_ADVICE}`
          : `The picture is encoded with ${codecName(p)} in ${CONTAINER[p.format ?? ''] ?? p.format}, which many reviewers' browsers cannot play. ${EXPORT_ADVICE}`;
      case 'TRANSCODE_FAILED':
        return `The automatic conversion to H.264 did not succeed (${p.detail}). Export the video as MP4 with H.264 video and AAC sound and upload it again.`;
    }
  })();
  return p.notConverted ? `${sentence} (${p.notConverted})` : sentence;
}

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
  /** The refusal's facts, which the web words in the team's language (`reason` is the English). */
  problem?: PitchProblem;
  sizeBytes?: number;
  format?: ContainerFormat;
  durationSeconds?: number;
  width?: number;
  height?: number;
  codecs?: Codecs;
  /** A ready pitch that browsers may not all play (the organiser allowed it): the sentence shown. */
  warning?: string;
  warningProblem?: PitchProblem;
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
  last?: { pitchId: string; state: PitchState; reason?: string; problem?: PitchProblem; fileName: string; at: string };
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
  /** Shown with the pitch when the organiser accepts videos that not every browser plays (in English; `warningProblem` its facts). */
  warning?: string;
  warningProblem?: PitchProblem;
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
