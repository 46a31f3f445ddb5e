/**
 * Caption files for a pitch (issue 14 §4). The team asks for a presigned PUT URL, sends the file
 * (WebVTT or SRT, at most CAPTION_LIMITS.maxBytes) straight to the bucket, then tells the API,
 * which reads what arrived, checks that it really parses as WebVTT or SRT, converts it to WebVTT
 * (caption-convert.ts, imported here on first use so no other route's bundle carries it), stores
 * the WebVTT under captions/ and records it for its language, replacing the previous one. The
 * raw upload is deleted either way. Who may see the captions is who may see the pitch
 * (pitch-playback.ts); reviewers get the language and a neutral file name only.
 */
import { NotFound, RuleViolation, ValidationFailed } from '../domain/errors.ts';
import type { Identity } from '../domain/identity.ts';
import {
  CAPTION_LIMITS,
  captionObjectKey,
  captionUploadKey,
  LANGUAGE_TAG,
  languageLabel,
  type Caption,
} from '../domain/captions.ts';
import { assertCanEdit } from '../domain/submission.ts';
import { storeCaptionTrack } from './caption-store.ts';
import type { Ports } from './ports.ts';
import { loadOwnSubmission } from './submissions.ts';

type Deps = Pick<Ports, 'competitions' | 'memberships' | 'programmes' | 'submissions' | 'evaluation' | 'pitches' | 'videos' | 'audit' | 'clock' | 'ids'>;

export interface CaptionUploadView {
  uploadId: string;
  url: string;
  expiresAt: string;
  maxBytes: number;
}

export interface CaptionView {
  language: string;
  label: string;
  fileName: string;
  source: Caption['source'];
  origin: Caption['origin'];
  cues: number;
  sizeBytes: number;
  updatedAt: string;
}

export function captionView(c: Caption): CaptionView {
  return { language: c.language, label: c.label, fileName: c.fileName, source: c.source, origin: c.origin, cues: c.cues, sizeBytes: c.sizeBytes, updatedAt: c.updatedAt };
}

function checkLanguage(language: string): void {
  if (!LANGUAGE_TAG.test(language)) {
    throw new ValidationFailed('Give the captions\' language as a language code such as "en", "fr" or "de-CH".', { language: 'Not a language code.' });
  }
}

function assertCaptionSize(sizeBytes: number): void {
  if (sizeBytes <= CAPTION_LIMITS.maxBytes) return;
  const message = `A caption file may be at most ${CAPTION_LIMITS.maxBytes / 1024} KB; this one is ${Math.ceil(sizeBytes / 1024)} KB.`;
  throw new RuleViolation('CAPTION_TOO_LARGE', message, { size: message });
}

async function loadEditable(ports: Deps, caller: Identity | undefined, competitionId: string, submissionId: string) {
  const loaded = await loadOwnSubmission(ports, caller, competitionId, submissionId);
  assertCanEdit(loaded.competition, loaded.submission, ports.clock.now());
  return loaded;
}

export async function startCaptionUpload(
  ports: Deps,
  caller: Identity | undefined,
  competitionId: string,
  submissionId: string,
  input: { sizeBytes: number },
): Promise<CaptionUploadView> {
  await loadEditable(ports, caller, competitionId, submissionId);
  assertCaptionSize(input.sizeBytes);
  const uploadId = ports.ids.next();
  const url = await ports.videos.presignPut(captionUploadKey(competitionId, submissionId, uploadId), CAPTION_LIMITS.uploadUrlSeconds);
  return {
    uploadId,
    url,
    expiresAt: new Date(ports.clock.now().getTime() + CAPTION_LIMITS.uploadUrlSeconds * 1000).toISOString(),
    maxBytes: CAPTION_LIMITS.maxBytes,
  };
}

export interface CompleteCaptionInput {
  language: string;
  label?: string;
  fileName: string;
}

export async function completeCaptionUpload(
  ports: Deps,
  caller: Identity | undefined,
  competitionId: string,
  submissionId: string,
  uploadId: string,
  input: CompleteCaptionInput,
): Promise<CaptionView> {
  const { who } = await loadEditable(ports, caller, competitionId, submissionId);
  checkLanguage(input.language);
  const uploadKey = captionUploadKey(competitionId, submissionId, uploadId);
  const head = await ports.videos.head(uploadKey);
  if (!head) throw new NotFound('No caption file arrived for this upload; send it to the upload URL first.');
  try {
    // The size the browser declared was only a hint: the object itself is measured.
    assertCaptionSize(head.sizeBytes);
    const bytes = head.sizeBytes === 0 ? new Uint8Array(0) : await ports.videos.read(uploadKey, 0, head.sizeBytes);
    const { convertCaptions, decodeCaptionBytes } = await import('../domain/caption-convert.ts');
    const text = decodeCaptionBytes(bytes);
    const parsed = text === undefined ? { ok: false as const, reason: 'The file is not text; a caption file is WebVTT or SRT text.' } : convertCaptions(text);
    if (!parsed.ok) throw new RuleViolation('CAPTIONS_INVALID', parsed.reason, { file: parsed.reason });

    const at = ports.clock.now().toISOString();
    const caption: Omit<Caption, 'sizeBytes'> = {
      competitionId,
      submissionId,
      language: input.language,
      label: (input.label?.trim() || languageLabel(input.language)).slice(0, CAPTION_LIMITS.maxLabelChars),
      fileName: input.fileName,
      source: parsed.source,
      origin: 'uploaded',
      objectKey: captionObjectKey(competitionId, submissionId, input.language, uploadId),
      cues: parsed.cues,
      updatedAt: at,
      updatedBy: who.sub,
    };
    const stored = await storeCaptionTrack(ports, caption, parsed.vtt, (previous) => ({
      competitionId,
      at,
      actor: { sub: who.sub, email: who.email },
      action: previous ? 'pitch.captions-replaced' : 'pitch.captions-added',
      target: `submission:${submissionId}`,
      after: { language: caption.language, cues: caption.cues, source: caption.source },
    }));
    return captionView(stored);
  } finally {
    await ports.videos.delete(uploadKey);
  }
}

export async function deleteCaption(
  ports: Deps,
  caller: Identity | undefined,
  competitionId: string,
  submissionId: string,
  language: string,
): Promise<void> {
  const { who } = await loadEditable(ports, caller, competitionId, submissionId);
  checkLanguage(language);
  const removed = await ports.pitches.deleteCaption(competitionId, submissionId, language);
  if (!removed) throw new NotFound('This pitch has no captions in that language.');
  await Promise.all([
    ports.videos.delete(removed.objectKey),
    ports.audit.append({
      competitionId,
      at: ports.clock.now().toISOString(),
      actor: { sub: who.sub, email: who.email },
      action: 'pitch.captions-deleted',
      target: `submission:${submissionId}`,
      after: { language },
    }),
  ]);
}
