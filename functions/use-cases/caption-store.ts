/**
 * Storing a caption track, whoever wrote it (a team's file, pitch-captions.ts; Amazon Transcribe's,
 * media-jobs.ts): the WebVTT object first, then the conditional record write that keeps a pitch at
 * most CAPTION_LIMITS.maxTracks tracks (its object deleted again when that write refuses), then —
 * together, one round trip — the previous track's object for that language deleted and the audit
 * entry appended.
 */
import { CAPTION_LIMITS, type Caption } from '../domain/captions.ts';
import type { AuditEntry } from '../domain/audit.ts';
import type { Ports } from './ports.ts';

type Deps = Pick<Ports, 'pitches' | 'videos' | 'audit'>;

/** Stores `caption` (its `vtt` text); `audit` is given the track it replaced, if any. Returns the track as stored. */
export async function storeCaptionTrack(
  ports: Deps,
  caption: Omit<Caption, 'sizeBytes'>,
  vtt: string,
  audit: (previous: Caption | undefined) => Omit<AuditEntry, 'id'>,
): Promise<Caption> {
  const body = new TextEncoder().encode(vtt);
  const track: Caption = { ...caption, sizeBytes: body.length };
  await ports.videos.put(track.objectKey, body, 'text/vtt; charset=utf-8');
  let previous: Caption | undefined;
  try {
    previous = await ports.pitches.putCaption(track, CAPTION_LIMITS.maxTracks);
  } catch (e) {
    await ports.videos.delete(track.objectKey);
    throw e;
  }
  await Promise.all([
    previous && previous.objectKey !== track.objectKey ? ports.videos.delete(previous.objectKey) : undefined,
    ports.audit.append(audit(previous)),
  ]);
  return track;
}
